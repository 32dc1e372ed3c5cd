//! `source <ID>` against a loopback stand-in for the SMS API when the network misbehaves: the
//! fault matrix, retries, timeouts, refused and unknown hosts, redirects, proxies, TLS, and no
//! secret anywhere in the output.

use std::time::{Duration, Instant};

use crate::live::{AK, ID, SECURITY_TOKEN, SK, aside, asked, assert_no_secret, live, ok_server};
use crate::support::inproc::cmd;
use crate::support::server::{Reply, Server};
use crate::support::*;
use predicates::prelude::*;

fn error_body(code: &str, msg: &str) -> String {
    serde_json::json!({"error_code": code, "error_msg": msg}).to_string()
}

/// The fault matrix: each row a server behaviour, the exit code, and what stderr must say.
#[test]
fn fault_matrix() {
    let forbidden = read(
        &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cli/data/error-403.json"),
    );
    let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1><script>x</script></body></html>";
    /// (name, replies, extra arguments, exit code, what stderr must say)
    type Row<'a> = (&'a str, Vec<Reply>, &'a [&'a str], i32, &'a [&'a str]);
    let rows: Vec<Row> = vec![
        (
            "401",
            vec![Reply::json(
                401,
                error_body("APIGW.0301", "Incorrect IAM authentication information"),
            )],
            &[],
            4,
            &["HTTP 401", "APIGW.0301", "SMS_AUTH_TOKEN"],
        ),
        (
            "403",
            vec![Reply::json(403, forbidden.clone()).with_header("X-Request-Id", "req-403-abc")],
            &[],
            4,
            &[
                "SMS.9004",
                "does not have the permission",
                "req-403-abc",
                "SMS_AUTH_TOKEN",
            ],
        ),
        (
            "404",
            vec![
                Reply::json(404, error_body("SMS.0205", "source not found"))
                    .with_header("X-Request-Id", "req-404"),
            ],
            &[],
            3,
            &["HTTP 404", "SMS.0205", "source not found", "req-404"],
        ),
        (
            "400",
            vec![Reply::json(
                400,
                error_body("SMS.0201", "bad \u{1b}[31m request"),
            )],
            &[],
            3,
            &["SMS.0201", "bad \\x1b[31m request"],
        ),
        (
            "html-502",
            vec![Reply::Full {
                status: 502,
                headers: vec![("Content-Type".into(), "text/html".into())],
                body: html.into(),
            }],
            &["--retries", "0"],
            3,
            &["HTTP 502", "HTML page titled '502 Bad Gateway'"],
        ),
        (
            "503-forever",
            vec![Reply::json(503, error_body("SMS.0000", "busy"))],
            &["--retries", "1"],
            3,
            &["HTTP 503", "busy"],
        ),
        (
            "retry-after-3600",
            vec![Reply::json(429, "").with_header("Retry-After", "3600")],
            &[],
            3,
            &["3600 s", "try again"],
        ),
        (
            "302",
            vec![Reply::Full {
                status: 302,
                headers: vec![("Location".into(), "http://127.0.0.1:9/steal".into())],
                body: vec![],
            }],
            &[],
            3,
            &["HTTP 302", "127.0.0.1:9/steal", "not followed"],
        ),
        (
            "not-json",
            vec![Reply::json(200, "this is not json")],
            &[],
            6,
            &["not valid JSON"],
        ),
        (
            "wrong-shape",
            vec![Reply::json(200, r#"{"count":1,"source_servers":[]}"#)],
            &[],
            6,
            &["not the shape of a source server"],
        ),
        ("array", vec![Reply::json(200, "[1]")], &[], 6, &["shape"]),
        (
            "nesting-bomb",
            vec![Reply::json(
                200,
                format!("{{\"id\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000)),
            )],
            &[],
            6,
            &["deeper than 128"],
        ),
        (
            "huge-length",
            vec![Reply::Huge {
                size: 200 * 1024 * 1024,
                chunked: false,
            }],
            &[],
            6,
            &["64 MiB"],
        ),
        (
            "huge-chunked",
            vec![Reply::Huge {
                size: 200 * 1024 * 1024,
                chunked: true,
            }],
            &[],
            6,
            &["64 MiB"],
        ),
        (
            "reset",
            vec![Reply::Reset],
            &["--retries", "0"],
            5,
            &["connection"],
        ),
        (
            "truncated",
            vec![Reply::Truncated {
                body: read(&linux()).into_bytes(),
                sent: 500,
            }],
            &["--retries", "0"],
            5,
            &["connection"],
        ),
        (
            "success",
            vec![Reply::json(200, read(&linux()))],
            &[],
            0,
            &[],
        ),
        (
            "gate-fails",
            vec![Reply::json(200, read(&linux()))],
            &["--json", "--fail-on", "error"],
            1,
            &["SMS.6517"],
        ),
        (
            "cut-body",
            vec![Reply::CutBody {
                body: read(&linux()).into_bytes(),
                sent: 100,
            }],
            &["--retries", "0"],
            5,
            &["connection"],
        ),
    ];
    for (name, replies, args, code, needles) in rows {
        let server = aside(replies);
        let started = Instant::now();
        let assert = live(&server).args(args).assert().code(code);
        let out = assert.get_output();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        if code == 0 {
            assert_eq!(err, "", "{name}");
            continue;
        }
        if code == 1 {
            assert!(!out.stdout.is_empty(), "{name}: the JSON still goes out");
            assert!(err.starts_with("gate failed"), "{name}: {err}");
            assert!(err.contains("SMS.6517"), "{name}: {err}");
            continue;
        }
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        assert!(err.starts_with("error: "), "{name}: {err}");
        for needle in needles {
            assert!(err.contains(needle), "{name}: {needle:?} not in {err}");
        }
        assert_eq!(has_raw_control(err.trim_end()), None, "{name}: {err:?}");
        assert!(
            !err.contains("<html") && !err.contains("panicked"),
            "{name}: {err}"
        );
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{name}: one paragraph: {err}"
        );
        assert_no_secret(&out.stdout, &out.stderr);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{name} took {:?}",
            started.elapsed()
        );
        if name == "302" || name.starts_with("4") || name == "retry-after-3600" {
            assert_eq!(asked(&server).len(), 1, "{name}: not retried");
        }
        if name == "503-forever" {
            assert_eq!(asked(&server).len(), 2, "1 + --retries requests");
        }
    }
}

#[test]
fn retries_503_then_succeeds() {
    let busy = Reply::json(503, error_body("SMS.0000", "busy"));
    let server = aside(vec![busy.clone(), busy, Reply::json(200, read(&linux()))]);
    live(&server)
        .args(["--fail-on", "never"])
        .assert()
        .success();
    assert_eq!(asked(&server).len(), 3);
}

#[test]
fn honours_retry_after_then_succeeds() {
    let server = aside(vec![
        Reply::json(429, error_body("SMS.0001", "slow down")).with_header("Retry-After", "1"),
        Reply::json(200, read(&linux())),
    ]);
    let started = Instant::now();
    live(&server)
        .args(["--fail-on", "never", "-v"])
        .assert()
        .success();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "waited for Retry-After"
    );
    assert_eq!(asked(&server).len(), 2);
}

#[test]
fn retries_run_out_after_exactly_1_plus_retries_requests() {
    for retries in [0u32, 2, 3] {
        let server = Server::always(Reply::json(503, error_body("SMS.0000", "busy")));
        live(&server)
            .args(["--retries", &retries.to_string()])
            .assert()
            .code(3);
        assert_eq!(asked(&server).len() as u32, 1 + retries);
    }
}

#[test]
fn a_server_that_never_answers_times_out_in_seconds() {
    let server = Server::always(Reply::Stall(Duration::from_secs(60)));
    let started = Instant::now();
    live(&server)
        .args(["--timeout", "2"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("--timeout 2 s"));
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_trickling_body_times_out_in_seconds() {
    let server = Server::always(Reply::Trickle {
        body: read(&linux()).into_bytes(),
        every: Duration::from_secs(1),
    });
    let started = Instant::now();
    live(&server).args(["--timeout", "2"]).assert().code(5);
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_refused_connection_is_a_network_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    cmd()
        .args([
            "--endpoint",
            &format!("http://127.0.0.1:{port}"),
            "source",
            ID,
            "--retries",
            "1",
        ])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("--endpoint"));
}

#[test]
fn an_unknown_host_is_a_network_error_with_a_hint() {
    cmd()
        .args([
            "--endpoint",
            "https://sms.nowhere.invalid",
            "source",
            ID,
            "--retries",
            "0",
        ])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .assert()
        .code(5)
        .stderr(predicate::str::contains("--region"));
}

#[test]
fn redirects_carry_no_credentials_to_another_host() {
    let other = ok_server();
    let location = format!("{}/v3/sources/{ID}", other.url());
    let server = Server::always(Reply::Full {
        status: 302,
        headers: vec![("Location".into(), location)],
        body: vec![],
    });
    live(&server).assert().code(3);
    cmd()
        .args(["--endpoint", &server.url(), "source", ID])
        .env("HUAWEICLOUD_SDK_AK", AK)
        .env("HUAWEICLOUD_SDK_SK", SK)
        .assert()
        .code(3);
    assert_eq!(other.hits(), 0, "the redirect was not followed");
}

#[test]
fn verbose_logs_requests_without_secrets() {
    let server = ok_server();
    let assert = live(&server)
        .args(["-v", "--fail-on", "never", "--json"])
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        err.contains(&format!("> GET {}/v3/sources/{ID}", server.url())),
        "{err}"
    );
    assert!(err.contains("> X-Auth-Token: <redacted>"), "{err}");
    assert!(err.contains("< HTTP 200"), "{err}");
    assert_no_secret(&assert.get_output().stdout, &assert.get_output().stderr);

    let assert = cmd()
        .args([
            "--endpoint",
            &server.url(),
            "-v",
            "source",
            ID,
            "--fail-on",
            "never",
        ])
        .env("HUAWEICLOUD_SDK_AK", AK)
        .env("HUAWEICLOUD_SDK_SK", SK)
        .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(err.contains("Signature=<redacted>"), "{err}");
    assert!(err.contains("X-Security-Token: <redacted>"), "{err}");
    assert_no_secret(&assert.get_output().stdout, &assert.get_output().stderr);
}

#[test]
fn gate_and_formats_work_on_live_bodies() {
    let server = ok_server();
    live(&server)
        .args(["--yaml", "--fail-on", "error"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("name: db-prod-07"))
        .stderr(predicate::str::contains("SMS.6517"));
    // Without --fail-on, `source` shows and exits 0: x=$(sms-inspect source ID --json) under
    // `set -e` survives an ERROR check.
    live(&server)
        .arg("--json")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"db-prod-07\""))
        .stderr("");
}

// A process: ureq reads the proxy variables from the process's environment.
#[test]
fn proxies_from_the_environment_are_honoured() {
    let proxy = ok_server();
    sms()
        .args([
            "--endpoint",
            "http://sms.example.invalid",
            "source",
            ID,
            "--fail-on",
            "never",
            "--retries",
            "0",
        ])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .env("HTTP_PROXY", proxy.url())
        .assert()
        .success();
    let requests = asked(&proxy);
    assert_eq!(requests[0].method, "CONNECT");
    assert_eq!(
        requests[0].target, "sms.example.invalid:80",
        "the proxy was asked for the endpoint"
    );
    assert_eq!(requests[1].path(), format!("/v3/sources/{ID}"));
    // NO_PROXY sends it direct, where the name does not resolve.
    let before = proxy.hits();
    sms()
        .args([
            "--endpoint",
            "http://sms.example.invalid",
            "source",
            ID,
            "--retries",
            "0",
        ])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .env("HTTP_PROXY", proxy.url())
        .env("NO_PROXY", "sms.example.invalid")
        .assert()
        .code(5);
    assert_eq!(proxy.hits(), before, "the proxy was not asked again");
}

#[test]
fn tls_is_verified() {
    // A server that does not speak TLS (or a certificate that does not verify) is a network
    // error, never a fallback to plain text.
    let server = ok_server();
    let https = server.url().replace("http://", "https://");
    cmd()
        .args(["--endpoint", &https, "source", ID, "--retries", "0"])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .assert()
        .code(5)
        .stdout("");
}

// A process: ureq reads the proxy variables from the process's environment.
#[test]
fn empty_endpoint_and_region_variables_count_as_unset() {
    let server = ok_server();
    sms()
        .args([
            "--endpoint",
            &server.url(),
            "source",
            ID,
            "--fail-on",
            "never",
        ])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .env("SMS_REGION", "")
        .assert()
        .success();
    sms()
        .args(["source", ID, "--retries", "0", "--timeout", "2"])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .env("SMS_ENDPOINT", "")
        .env("SMS_REGION", "")
        .assert()
        .code(5)
        .stderr(predicate::str::contains(
            "sms.ap-southeast-3.myhuaweicloud.com",
        ));
}
