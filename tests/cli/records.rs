//! One record per source, or a refusal (issue 18.1): duplicate IDs in a listing, across
//! `check --file` snapshots, a fetched body that answers for another source, and a page with
//! more items than its count.

use serde_json::{Value, json};

use crate::support::fleet::{self, Fleet};
use crate::support::inproc::{run, run_at};
use crate::support::server::{Reply, Server};
use crate::support::temp_body;

fn listing(items: Vec<Value>, count: usize) -> Server {
    let body = json!({"count": count, "source_servers": items}).to_string();
    Server::always(Reply::json(200, body))
}

#[test]
fn a_listing_with_one_id_twice_is_refused() {
    let mut ok = fleet::source(1);
    ok["checks"] = json!([{"name": "A", "result": "OK"}]);
    let mut bad = ok.clone();
    bad["checks"] = json!([{"name": "A", "result": "ERROR"}]);
    let server = listing(vec![ok.clone(), bad], 2);
    for args in [
        vec!["check", "--all"],
        vec!["sources", "--json"],
        vec!["sources"],
    ] {
        let ran = run_at(&server, &args).go();
        assert_eq!(ran.code, 6, "{args:?}: {}", ran.stderr);
        assert!(
            ran.stderr.contains("twice (items 0 and 1)"),
            "{}",
            ran.stderr
        );
        assert!(ran.stderr.contains(&fleet::id(1)), "{}", ran.stderr);
        assert!(
            ran.stdout.is_empty(),
            "{args:?}: nothing shown: {}",
            ran.stdout
        );
    }
    // "1" and 1 are one ID: refused too, not silently merged.
    let (mut a, mut b) = (ok.clone(), ok);
    a["id"] = json!("1");
    b["id"] = json!(1);
    let ran = run_at(&listing(vec![a, b], 2), &["sources", "--json"]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
}

#[test]
fn a_page_with_more_items_than_its_count_is_refused() {
    let server = listing(vec![fleet::source(1), fleet::source(2)], 1);
    let ran = run_at(&server, &["sources", "--json"]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("holds 2 sources where its count promises 1")
    );
    // Exactly the count: fine.
    let server = listing(vec![fleet::source(1), fleet::source(2)], 2);
    let ran = run_at(&server, &["sources", "--json"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let items: Vec<Value> = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(items.len(), 2, "every item the API sent");
}

#[test]
fn a_body_that_answers_for_another_source_is_refused() {
    let (a, b) = (fleet::id(1), fleet::id(2));
    let body = fleet::source(1).to_string();
    let server = Server::always(Reply::json(200, body));
    // Asked for A: A answers.
    let ran = run_at(&server, &["check", &a]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    // Asked for A and B, and B's answer is A's body.
    let ran = run_at(&server, &["check", &a, &b]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("answered with source"),
        "{}",
        ran.stderr
    );
    for args in [
        vec!["source", b.as_str()],
        vec!["source", b.as_str(), "--json"],
    ] {
        let ran = run_at(&server, &args).go();
        assert_eq!(ran.code, 6, "{args:?}: {}", ran.stderr);
        assert!(ran.stdout.is_empty());
    }
}

#[test]
fn two_snapshots_of_one_source_are_refused_or_judged_by_latest() {
    let mut old = fleet::source(3);
    old["checks"] = json!([{"name": "A", "result": "OK"}]);
    old["last_visit_time"] = json!(1_700_000_000_000u64);
    let mut new = old.clone();
    new["checks"] = json!([{"name": "A", "result": "ERROR"}]);
    new["last_visit_time"] = json!(1_700_000_100_000u64);
    let old_path = temp_body("records-old.json", &old.to_string());
    let new_path = temp_body("records-new.json", &new.to_string());
    let (o, n) = (old_path.to_str().unwrap(), new_path.to_str().unwrap());
    // Either order: a usage error naming both files, never a pass decided by file order.
    for (x, y) in [(o, n), (n, o)] {
        let ran = run(&["check", "-f", x, y]).go();
        assert_eq!(ran.code, 2, "{}", ran.stderr);
        assert!(ran.stderr.contains("records-old.json") && ran.stderr.contains("records-new.json"));
        // --latest judges the newer (the ERROR), whatever the order, and says so.
        let ran = run(&["check", "--latest", "-f", x, y]).go();
        assert_eq!(ran.code, 1, "{}", ran.stderr);
        assert!(
            ran.stderr.contains("--latest judges '")
                && ran
                    .stderr
                    .contains("records-new.json', whose agent was seen last"),
            "{}",
            ran.stderr
        );
    }
    // Within one array, too.
    let both = temp_body("records-both.json", &json!([old, new]).to_string());
    let ran = run(&["check", "-f", both.to_str().unwrap()]).go();
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(ran.stderr.contains("item 0 of") && ran.stderr.contains("item 1 of"));
    // --latest needs --file.
    let ran = run(&["check", "--all", "--latest"]).go();
    assert_eq!(ran.code, 2);
}

#[test]
fn a_fleet_listing_stays_whole() {
    let server = Fleet::new(450).start();
    let ran = run_at(&server, &["sources", "--json"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let items: Vec<Value> = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(items.len(), 450);
}

/// A name that does not resolve is blamed on what was looked up: the proxy when requests go
/// through one, else the endpoint (issue 18: a proxy's DNS failure was blamed on the endpoint).
/// A process: ureq reads the proxy variables from the process's environment.
#[test]
fn a_dns_failure_names_the_proxy_or_the_endpoint() {
    let through_proxy = crate::support::sms()
        .args([
            "--endpoint",
            "http://sms.example.com",
            "--retries",
            "0",
            "sources",
        ])
        .env("SMS_AUTH_TOKEN", "tok-dns-test")
        .env("HTTP_PROXY", "http://no-such-proxy.invalid:3128")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&through_proxy.stderr);
    assert_eq!(through_proxy.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("cannot resolve the proxy no-such-proxy.invalid"),
        "{stderr}"
    );
    assert!(!stderr.contains("--endpoint"), "{stderr}");
    let direct = crate::support::inproc::cmd()
        .args([
            "--endpoint",
            "http://sms.example.invalid",
            "--retries",
            "0",
            "sources",
        ])
        .env("SMS_AUTH_TOKEN", "tok-dns-test")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&direct.stderr);
    assert_eq!(direct.status.code(), Some(5), "{stderr}");
    assert!(
        stderr.contains("cannot resolve sms.example.invalid"),
        "{stderr}"
    );
}
