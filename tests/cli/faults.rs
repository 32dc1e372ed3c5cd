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
    // Every page full of new sources, forever.
    let server = list_server(|offset, limit| (Value::Null, sources(offset, limit)));
    let started = Instant::now();
    sms_at(&server)
        .args(["sources", "--json"])
        .assert()
        .code(6)
        .stdout("")
        .stderr(predicate::str::contains("rather than page without end"));
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(server.hits() <= 501, "{} requests", server.hits());
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
