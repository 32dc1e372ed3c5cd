//! Issue 9's fault matrix: a loopback server per misbehaviour, and what the tool must do
//! instead of passing a gate over what it never saw.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::fleet::{self, Fleet};
use crate::support::server::{Recorded, Reply, Server};
use crate::support::*;

fn query(r: &Recorded, key: &str) -> Option<u64> {
    r.query()
        .into_iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}

/// A list endpoint whose pages come from `page(offset, limit)` as (count, items).
fn list_server(page: impl Fn(u64, u64) -> (Value, Vec<Value>) + Send + Sync + 'static) -> Server {
    Server::start(move |r, _| {
        let offset = query(r, "offset").unwrap_or(0);
        let limit = query(r, "limit").unwrap_or(200);
        let (count, items) = page(offset, limit);
        let mut body = json!({ "source_servers": items });
        if !count.is_null() {
            body["count"] = count;
        }
        Reply::json(200, body.to_string())
    })
}

fn sources(from: u64, n: u64) -> Vec<Value> {
    (from..from + n)
        .map(|i| fleet::source(i as usize))
        .collect()
}

/// Every listing command fails with exit 6 and `needle` on stderr, and prints nothing.
fn every_listing_fails(server: &Server, needle: &str) {
    for args in [
        &["check", "--all"][..],
        &["check", "--all", "--json"],
        &["sources", "--json"],
        &["sources"],
    ] {
        let started = Instant::now();
        sms_at(server)
            .args(args)
            .timeout(Duration::from_secs(30))
            .assert()
            .code(6)
            .stdout("")
            .stderr(predicate::str::contains(needle));
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "{args:?} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn a_listing_that_ends_short_of_its_count_is_exit_6() {
    let server = list_server(|offset, limit| {
        let items = if offset == 0 {
            sources(0, limit)
        } else {
            vec![]
        };
        (json!(1000), items)
    });
    every_listing_fails(&server, "ended short: 200 of the 1000 sources");
}

#[test]
fn a_listing_that_repeats_a_page_is_exit_6() {
    let server = list_server(|_, limit| (json!(400), sources(0, limit)));
    every_listing_fails(&server, "repeats itself");
    // Without a count the repeat is seen on the second page, not after thousands.
    let server = list_server(|_, limit| (Value::Null, sources(0, limit)));
    every_listing_fails(&server, "repeats itself");
    assert!(server.hits() <= 4 * 2, "{} requests", server.hits());
}

#[test]
fn absurd_or_negative_counts_are_exit_6_at_once() {
    for count in [json!(i64::MAX), json!(-1), json!("many"), json!(1.5)] {
        let server = list_server(move |offset, _| (count.clone(), sources(offset, 1)));
        every_listing_fails(&server, "is not a number of sources");
        assert_eq!(server.hits(), 4, "one request per command");
    }
}

#[test]
fn endless_full_pages_without_a_count_stop_in_bounded_work() {
    // Every page full of new (small) sources, forever.
    let server = list_server(|offset, limit| {
        let items = (offset..offset + limit)
            .map(|i| json!({"id": fleet::id(i as usize), "name": "x"}))
            .collect();
        (Value::Null, items)
    });
    let started = Instant::now();
    sms_at(&server)
        .args(["sources", "--json"])
        .assert()
        .code(6)
        .stdout("")
        .stderr(predicate::str::contains("rather than page without end"));
    // The bound is the work (at most 100,000 sources, 500 pages), not the clock.
    assert!(server.hits() <= 501, "{} requests", server.hits());
    assert!(started.elapsed() < Duration::from_secs(60));
}

#[test]
fn a_count_that_changes_while_listing_is_tolerated_when_the_items_agree() {
    // 450 at first; one source removed before the later pages: 449 arrive, 449 promised.
    let server = list_server(|offset, limit| {
        if offset == 0 {
            (json!(450), sources(0, limit))
        } else {
            let end = 449u64.min(offset + limit);
            (json!(449), sources(offset, end.saturating_sub(offset)))
        }
    });
    let out = sms_at(&server)
        .args(["sources", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let listed: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 449);
}

#[test]
fn jobs_caps_the_requests_in_flight_for_the_whole_run() {
    let fleet = Fleet::new(64);
    let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (n, m) = (now.clone(), most.clone());
    let server = Server::start(move |r, _| {
        let in_flight = n.fetch_add(1, Ordering::SeqCst) + 1;
        m.fetch_max(in_flight, Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(20));
        let reply = fleet.reply(r);
        n.fetch_sub(1, Ordering::SeqCst);
        reply
    });
    let names: Vec<String> = (0..64).map(|i| format!("srv-{i:04}")).collect();
    sms_at(&server)
        .args(["check", "--jobs", "4", "--fail-on", "never"])
        .args(&names)
        .assert()
        .success();
    assert!(server.hits() >= 64);
    assert!(
        most.load(Ordering::SeqCst) <= 4,
        "{} requests at once",
        most.load(Ordering::SeqCst)
    );
}

#[test]
fn an_id_the_server_sent_that_is_no_id_is_a_bad_response() {
    let mut bad = fleet::source(1);
    bad["id"] = json!("../x");
    bad["name"] = json!("db1");
    bad.as_object_mut().unwrap().remove("checks");
    let server = Server::always(Reply::json(
        200,
        json!({"count": 1, "source_servers": [bad]}).to_string(),
    ));
    for args in [
        &["source", "db1"][..],
        &["check", "--all"],
        &["check", "db1"],
    ] {
        sms_at(&server)
            .args(args)
            .assert()
            .code(6)
            .stderr(predicate::str::contains("is not an SMS ID"));
    }
    assert!(
        server.requests().iter().all(|r| r.path() == "/v3/sources"),
        "nothing but the list was asked for"
    );
}

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
                let mut cmd = sms();
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
        sms()
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
        let mut cmd = sms();
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
                sms()
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
            sms_at(&server)
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
    sms()
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
fn file_reads_pipes_dev_stdin_and_fifos() {
    let body = read(&linux());
    let expected = sms()
        .args(["source", "-f"])
        .arg(linux())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    sms()
        .args(["source", "--file", "/dev/stdin"])
        .write_stdin(body.clone())
        .assert()
        .success()
        .stdout(expected.clone());
    // Process substitution, as a shell user writes it.
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_ok()
    {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("{BIN} source --file <(cat \"$0\")"))
            .arg(linux())
            .env("HOME", empty_home())
            .env("SMS_INSPECT_TEST_NOW_MS", NOW_MS)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout == expected, "<(...) reads as a file does");
    }
    // A named FIFO, written by another thread.
    let fifo = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("body.fifo");
    let _ = std::fs::remove_file(&fifo);
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let writer = {
            let (fifo, body) = (fifo.clone(), body.clone());
            std::thread::spawn(move || std::fs::write(fifo, body).unwrap())
        };
        sms()
            .args(["source", "--file"])
            .arg(&fifo)
            .timeout(Duration::from_secs(20))
            .assert()
            .success()
            .stdout(expected);
        writer.join().unwrap();
    }
}

#[test]
fn junit_reports_are_atomic_carry_a_failed_run_and_exit_7_when_unwritable() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("junit-atomic");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("checks.xml");
    let fleet_server = Fleet::new(30).start();
    sms_at(&fleet_server)
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
    sms_at(&down)
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
        let assert = sms_at(&fleet_server)
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

/// How a generated list server states its count.
#[derive(Debug, Clone)]
enum Claim {
    Honest,
    Missing,
    More(u64),
    Absurd,
    Negative,
}

fn claims() -> impl proptest::strategy::Strategy<Value = Claim> {
    use proptest::prelude::*;
    prop_oneof![
        4 => Just(Claim::Honest),
        2 => Just(Claim::Missing),
        2 => (1u64..300).prop_map(Claim::More),
        1 => Just(Claim::Absurd),
        1 => Just(Claim::Negative),
    ]
}

proptest::proptest! {
    // Each case is a process and up to hundreds of requests: 24 cases (~2 s); 500 passed
    // once by hand (PROPTEST_CASES does not scale this one).
    #![proptest_config(proptest::test_runner::Config {
        cases: 24,
        ..Default::default()
    })]

    /// Over generated list servers (short, repeated, absurd, honest pages of any size), a
    /// listing succeeds exactly when it is whole, and then holds every source once.
    #[test]
    fn listings_pass_only_when_whole(
        n in 0u64..450,
        page_max in 1u64..=200,
        claim in claims(),
        repeat in proptest::bool::weighted(0.2),
        drop_after in proptest::option::weighted(0.2, 1u64..4),
    ) {
        // With no count, a server that stops early cannot be told from one that ended.
        let drop_after = if matches!(claim, Claim::Missing) { None } else { drop_after };
        let count = match &claim {
            Claim::Honest => json!(n),
            Claim::Missing => Value::Null,
            Claim::More(k) => json!(n + k),
            Claim::Absurd => json!(u64::MAX),
            Claim::Negative => json!(-1),
        };
        let server = list_server(move |offset, limit| {
            let size = limit.min(page_max);
            let offset = if repeat { 0 } else { offset };
            let dropped = drop_after.is_some_and(|d| offset >= d * page_max);
            let items = if dropped { vec![] } else { sources(offset, size.min(n.saturating_sub(offset))) };
            (count.clone(), items)
        });
        // Without a count the listing pages on while pages come back as large as the first:
        // a repeated page is then seen at once, whatever its size.
        let repeats = match claim {
            Claim::Missing => repeat && n > 0,
            _ => repeat && n > page_max.min(200),
        };
        let whole = match claim {
            Claim::Honest | Claim::Missing => {
                !repeats && drop_after.is_none_or(|d| n <= d * page_max)
            }
            Claim::More(_) | Claim::Absurd | Claim::Negative => false,
        };
        let out = sms_at(&server).args(["sources", "--json"]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        if whole {
            proptest::prop_assert_eq!(out.status.code(), Some(0), "{}", stderr);
            let listed: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
            proptest::prop_assert_eq!(listed.len() as u64, n);
        } else {
            proptest::prop_assert_eq!(out.status.code(), Some(6), "{}", stderr);
            proptest::prop_assert!(out.stdout.is_empty());
        }
    }
}

/// Issue 18, "Also": an endpoint whose port is over 65535 would be sent (with its token) to
/// port 80; it is a usage error before any request.
#[test]
fn an_endpoint_port_over_65535_is_a_usage_error() {
    sms()
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
        let mut cmd = sms();
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
    sms()
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
    sms_at(&server)
        .args(["source", "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60"])
        .timeout(Duration::from_secs(30))
        .assert()
        .code(3)
        .stderr(predicate::str::contains("the server asks to retry after"))
        .stderr(predicate::str::contains("try again then"));
    assert_eq!(server.hits(), 1, "it retried");
    assert!(started.elapsed() < Duration::from_secs(10));
}

/// `SSL_CERT_FILE` naming a FIFO (which would block the run until a writer came) or a
/// directory, or a device that never ends, is refused at once (exit 2).
#[test]
fn an_ssl_cert_file_that_is_not_a_regular_file_is_refused_at_once() {
    let fifo = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cert-fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo is needed");
    let server = Server::always(Reply::json(200, read(&linux())));
    for path in [
        fifo.as_path(),
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")),
        std::path::Path::new("/dev/zero"),
    ] {
        let started = Instant::now();
        sms_at(&server)
            .args(["source", "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60"])
            .env("SSL_CERT_FILE", path)
            .timeout(Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("which is not a regular file"));
        assert!(started.elapsed() < Duration::from_secs(10), "{path:?}");
    }
    assert_eq!(server.hits(), 0);
}

/// `/dev/zero` as any input fails at once with a clear error, never after reading (and
/// holding) a gigabyte of zeros.
#[test]
fn dev_zero_as_any_input_fails_at_once() {
    let server = Server::always(Reply::json(200, read(&linux())));
    let runs: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["source", "--file", "/dev/zero"],
            6,
            "is not JSON: it starts with the byte 0x00",
        ),
        (
            vec!["source", "--file", "/dev/zero", "--json"],
            6,
            "is not JSON",
        ),
        (vec!["check", "--file", "/dev/zero"], 6, "is not JSON"),
        (vec!["diff", "/dev/zero", "-"], 6, "is not JSON"),
    ];
    for (args, code, needle) in runs {
        let started = Instant::now();
        sms()
            .args(&args)
            .write_stdin("{}")
            .timeout(Duration::from_secs(20))
            .assert()
            .code(code)
            .stderr(predicate::str::contains(needle));
        assert!(started.elapsed() < Duration::from_secs(5), "{args:?}");
    }
    let started = Instant::now();
    sms()
        .args([
            "source",
            "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60",
            "--endpoint",
        ])
        .arg(server.url())
        .args(["--token-file", "/dev/zero"])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("larger than 1 MiB"));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.hits(), 0);
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
    sms()
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
