//! Issue 9's fault matrix: a loopback server per misbehaviour, and what the tool must do
//! instead of passing a gate over what it never saw.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::fleet::{self, Fleet};
use crate::support::inproc::{cmd, cmd_at};
use crate::support::server::{Recorded, Reply, Server};
use crate::support::*;

/// Every place a server can echo a credential back: the error body, a header, an HTML title,
/// a redirect's Location. None of it may show the credential, raw or percent-encoded.
#[test]
fn credentials_a_server_echoes_back_are_never_shown() {
    const SK: &str = "skECHOsecret/key+0123";
    const SECURITY_TOKEN: &str = "stECHOsecurity+token==";
    let echo = |r: &Recorded, _| {
        let token = r.header("x-auth-token").unwrap_or("").to_owned();
        let sent = format!(
            "{token} {} {}",
            r.header("x-security-token").unwrap_or(""),
            r.header("authorization").unwrap_or("")
        );
        let quoted: String = sent
            .replace('/', "%2F")
            .replace('+', "%2B")
            .replace('=', "%3D");
        match r.path() {
            "/v3/sources/00000001-0000-4000-8000-000000000001" => Reply::json(
                401,
                json!({"error_code": "APIGW.0301", "error_msg": format!("bad credentials {sent} {quoted}")})
                    .to_string(),
            )
            .with_header("X-Request-Id", &format!("req-{token}")),
            "/v3/sources/00000002-0000-4000-8000-000000000002" => Reply::Full {
                status: 403,
                headers: vec![("Content-Type".into(), "text/html".into())],
                body: format!("<html><title>denied {sent}</title></html>").into_bytes(),
            },
            _ => Reply::Full {
                status: 302,
                headers: vec![("Location".into(), format!("http://127.0.0.1:9/?t={quoted}"))],
                body: vec![],
            },
        }
    };
    let server = Server::start(echo);
    for id in [fleet::id(1), fleet::id(2), fleet::id(3)] {
        for verbose in [false, true] {
            for aksk in [false, true] {
                let mut cmd = cmd();
                cmd.args(["--endpoint", &server.url(), "source", &id]);
                if verbose {
                    cmd.arg("-v");
                }
                if aksk {
                    cmd.env("HUAWEICLOUD_SDK_AK", "AKECHOAK")
                        .env("HUAWEICLOUD_SDK_SK", SK)
                        .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN);
                } else {
                    cmd.env("SMS_AUTH_TOKEN", TOKEN);
                }
                let out = cmd.output().unwrap();
                assert!(matches!(out.status.code(), Some(3 | 4)), "{id}");
                let text = String::from_utf8_lossy(&out.stderr).into_owned();
                for secret in [TOKEN, SK, SECURITY_TOKEN] {
                    for form in secret_forms(secret) {
                        assert!(
                            !text.contains(&form),
                            "{id} -v={verbose}: {form:?} in\n{text}"
                        );
                    }
                }
                assert!(text.contains("<redacted>"), "{id}: {text}");
                if aksk {
                    // The signature the server echoed is not shown either.
                    let signature = server
                        .requests()
                        .last()
                        .and_then(|r| r.header("authorization").map(str::to_owned))
                        .and_then(|a| a.split_once("Signature=").map(|(_, s)| s.to_owned()))
                        .unwrap();
                    assert!(!text.contains(&signature), "{text}");
                }
            }
        }
    }
}

#[test]
fn an_endpoint_with_a_password_or_query_is_refused_without_echoing_it() {
    for endpoint in [
        "https://admin:PASSWORD1@sms.example.com",
        "https://sms.example.com/?token=PASSWORD1",
    ] {
        cmd()
            .args(["--endpoint", endpoint, "source", &fleet::id(1)])
            .env("SMS_AUTH_TOKEN", TOKEN)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("PASSWORD1").not())
            .stderr(predicate::str::contains("hidden"));
    }
}

#[test]
fn a_credential_with_a_control_character_is_exit_4_before_any_request() {
    let server = Server::always(Reply::json(200, "{}"));
    for (name, value) in [
        ("SMS_AUTH_TOKEN", "tok\nx"),
        ("SMS_AUTH_TOKEN", "tok\u{1b}[2Jx"),
        ("HUAWEICLOUD_SDK_AK", "AK\nx"),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "st\nx"),
        ("HUAWEICLOUD_SDK_PROJECT_ID", "p\rx"),
    ] {
        let mut cmd = cmd();
        cmd.args(["--endpoint", &server.url(), "source", &fleet::id(1)]);
        if name != "SMS_AUTH_TOKEN" {
            cmd.env("HUAWEICLOUD_SDK_AK", "AKOK")
                .env("HUAWEICLOUD_SDK_SK", "SKOK");
        }
        let started = Instant::now();
        cmd.env(name, value)
            .assert()
            .code(4)
            .stderr(predicate::str::starts_with(format!(
                "error: {name} holds a control character"
            )));
        assert!(started.elapsed() < Duration::from_secs(2));
    }
    assert_eq!(server.hits(), 0);
}

// A process: ureq reads the proxy variables from the process's environment.
#[test]
fn a_proxy_that_cannot_be_used_is_exit_2_never_a_direct_connection() {
    let server = Fleet::new(3).start();
    for (name, value) in [
        ("HTTPS_PROXY", "ftp://proxy.example:21"),
        ("HTTP_PROXY", "http://user:PASSWORD1@[bad"),
        ("ALL_PROXY", "gopher://x"),
    ] {
        sms_at(&server)
            .args(["source", &fleet::id(1)])
            .env(name, value)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "{name} is set but is not a proxy URL"
            )))
            .stderr(predicate::str::contains("PASSWORD1").not());
    }
    // SOCKS is supported: a SOCKS proxy that is down is a network error, not a bypass.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    sms_at(&server)
        .args(["--retries", "0", "source", &fleet::id(1)])
        .env("HTTPS_PROXY", format!("socks5://127.0.0.1:{port}"))
        .env("HTTP_PROXY", format!("socks5://127.0.0.1:{port}"))
        .assert()
        .code(5);
    assert_eq!(server.hits(), 0, "nothing went around the proxy");
}

/// Whole or nothing: JSON that no output can write exactly is exit 6 in every format, with
/// nothing on stdout, from a file, a pipe or the API.
#[test]
fn a_body_no_output_can_write_exactly_is_exit_6_in_every_format() {
    let linux = read(&linux());
    let bodies = [
        (
            "1e400",
            linux.replacen('{', r#"{"zz_added":1e400,"#, 1).into_bytes(),
        ),
        (
            "lone surrogate",
            linux
                .replacen('{', r#"{"zz_added":"\udc00","#, 1)
                .into_bytes(),
        ),
        ("invalid UTF-8", {
            let mut b = br#"{"zz_added":""#.to_vec();
            b.extend_from_slice(b"\xff\xfe\",");
            b.extend_from_slice(&linux.as_bytes()[1..]);
            b
        }),
    ];
    for (name, body) in bodies {
        let path = temp_body(&format!("inexact-{}.json", name.replace(' ', "-")), "");
        std::fs::write(&path, &body).unwrap();
        let server = Server::always(Reply::json(200, body.clone()));
        for format in [
            &["--output=table"][..],
            &["--json"],
            &["--yaml"],
            &["--jq", ".name"],
        ] {
            for gate in [&[][..], &["--fail-on", "error"]] {
                cmd()
                    .args(["source", "-f"])
                    .arg(&path)
                    .args(format)
                    .args(gate)
                    .assert()
                    .code(6)
                    .stdout("");
                sms()
                    .args(["source", "-f", "-"])
                    .args(format)
                    .args(gate)
                    .write_stdin(body.clone())
                    .assert()
                    .code(6)
                    .stdout("");
            }
            cmd_at(&server)
                .args(["source", &fleet::id(1)])
                .args(format)
                .assert()
                .code(6)
                .stdout("");
        }
    }
}

#[test]
fn a_jq_filter_that_fails_half_way_prints_nothing() {
    cmd()
        .args(["source", "--jq", ".disks[] | .name, (.size + \"x\")", "-f"])
        .arg(linux())
        .assert()
        .code(6)
        .stdout("");
}

#[test]
fn an_unwritable_stdout_is_exit_7() {
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(full) = full else { return };
    for format in ["--output=table", "--json", "--yaml"] {
        let out = sms_std()
            .args(["source", format, "-f"])
            .arg(linux())
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(7), "{format}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("error: cannot write to standard output"),
            "{err}"
        );
    }
}

#[test]
fn junit_reports_are_atomic_carry_a_failed_run_and_exit_7_when_unwritable() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("junit-atomic");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("checks.xml");
    let fleet_server = Fleet::new(30).start();
    cmd_at(&fleet_server)
        .args(["check", "--all", "--junit"])
        .arg(&report)
        .assert()
        .code(1);
    let good = std::fs::read_to_string(&report).unwrap();
    assert!(good.contains("srv-0025"), "{good}");
    // The next run fails before any source is judged: the report says so, not the old news.
    let down = Server::always(Reply::json(
        500,
        r#"{"error_code":"SMS.9999","error_msg":"down"}"#,
    ));
    cmd_at(&down)
        .args(["--retries", "0", "check", "--all", "--junit"])
        .arg(&report)
        .assert()
        .code(3);
    let failed = std::fs::read_to_string(&report).unwrap();
    assert!(failed.contains("<error type=\"exit 3\""), "{failed}");
    assert!(failed.contains("SMS.9999"), "{failed}");
    assert!(!failed.contains("srv-0025"), "{failed}");
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["checks.xml"]);
    // A report that cannot be written: exit 7, after the table and the failing checks.
    for path in [dir.join("missing-dir/checks.xml"), "/dev/full".into()] {
        let assert = cmd_at(&fleet_server)
            .args(["check", "--all", "--junit"])
            .arg(&path)
            .assert()
            .code(7);
        let out = assert.get_output();
        assert!(String::from_utf8_lossy(&out.stdout).contains("srv-0025"));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("SMS.6517"), "{err}");
        assert!(
            err.trim_end()
                .lines()
                .last()
                .unwrap()
                .starts_with("error: cannot write the JUnit report"),
            "{err}"
        );
    }
}

/// `source ID --watch | head -1` must not poll for nobody.
#[test]
fn watch_ends_when_its_reader_goes_away() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let body = read(&linux());
    let server = Server::start(move |_, i| {
        counter.fetch_add(1, Ordering::SeqCst);
        // Progress grows on every poll, so every poll prints a line.
        let mut value: Value = serde_json::from_str(&body).unwrap();
        value["state"] = json!("replicate");
        value["replicatesize"] = json!(1_000_000 * (i as u64 + 1));
        Reply::json(200, value.to_string())
    });
    let mut child = sms_std_at(&server)
        .args(["source", &fleet::id(1), "--watch", "--interval", "1"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut first = [0u8; 1];
    use std::io::Read;
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("--watch kept polling after its reader left");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    // And into a full disk: exit 7.
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return;
    };
    let out = sms_std_at(&server)
        .args(["source", &fleet::id(1), "--watch", "--interval", "1"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(7));
}

/// Issue 18, "Also": an endpoint whose port is over 65535 would be sent (with its token) to
/// port 80; it is a usage error before any request.
#[test]
fn an_endpoint_port_over_65535_is_a_usage_error() {
    cmd()
        .args(["source", "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60"])
        .args(["--endpoint", "http://127.0.0.1:65616"])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "port '65616' is not a number from 1 to 65535",
        ))
        .stderr(predicate::str::contains(TOKEN).not());
}

/// A credential shorter than 4 characters cannot be told from ordinary text when it is
/// removed from what a server echoes: refused (exit 4) before any request, never shown.
#[test]
fn a_credential_under_four_characters_is_refused_before_any_request() {
    let server = Server::always(Reply::json(200, read(&linux())));
    for (var, value) in [
        ("SMS_AUTH_TOKEN", "ab7"),
        ("HUAWEICLOUD_SDK_SK", "q9"),
        ("HUAWEICLOUD_SDK_AK", "A1"),
        ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "s"),
    ] {
        let mut cmd = cmd();
        cmd.args([
            "source",
            "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60",
            "--endpoint",
        ])
        .arg(server.url());
        if var != "SMS_AUTH_TOKEN" {
            cmd.env("HUAWEICLOUD_SDK_AK", "AKAKAKAK")
                .env("HUAWEICLOUD_SDK_SK", "SKSKSKSK")
                .env("HUAWEICLOUD_SDK_PROJECT_ID", "p");
        }
        cmd.env(var, value)
            .assert()
            .code(4)
            .stderr(predicate::str::contains(format!(
                "{var} is shorter than 4 characters"
            )));
    }
    let file = temp_body("short-token.txt", "xyz\n");
    cmd()
        .args([
            "source",
            "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60",
            "--endpoint",
        ])
        .arg(server.url())
        .arg("--token-file")
        .arg(&file)
        .assert()
        .code(4)
        .stderr(predicate::str::contains("shorter than 4 characters"));
    assert_eq!(server.hits(), 0, "a request went out");
}

/// A `Retry-After` too large for 64 bits is the longest wait there is, not no wait: exit 3 at
/// once, after one request, saying when to retry.
#[test]
fn a_retry_after_beyond_64_bits_ends_the_run_at_once() {
    let server = Server::always(
        Reply::json(
            429,
            r#"{"error_code": "SMS.9999", "error_msg": "slow down"}"#,
        )
        .with_header("Retry-After", "99999999999999999999"),
    );
    let started = Instant::now();
    cmd_at(&server)
        .args(["source", "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("the server asks to retry after"))
        .stderr(predicate::str::contains("try again then"));
    assert_eq!(server.hits(), 1, "it retried");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// JUnit cannot carry U+FFFE or U+FFFF (XML 1.0): each is written as a visible escape naming
/// itself, not U+FFFF as `\u{fffe}`.
#[test]
fn junit_names_u_ffff_as_itself() {
    let mut body: Value = serde_json::from_str(&read(&linux())).unwrap();
    body["checks"][0]["result"] = json!("ERROR");
    body["checks"][0]["error_or_warn"] = json!("bad\u{ffff}and\u{fffe}end");
    let file = temp_body("junit-ffff.json", &body.to_string());
    let report = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ffff.xml");
    cmd()
        .args(["check", "--file"])
        .arg(&file)
        .arg("--junit")
        .arg(&report)
        .assert()
        .code(1);
    let xml = std::fs::read_to_string(&report).unwrap();
    assert!(xml.contains(r"bad\u{ffff}and\u{fffe}end"), "{xml}");
    assert!(!xml.contains('\u{ffff}') && !xml.contains('\u{fffe}'));
}
