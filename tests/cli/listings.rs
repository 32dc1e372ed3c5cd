//! Listing the account: a loopback server per misbehaviour of a paged list (short, repeated,
//! endless, absurd counts, IDs that are no IDs), and the cap on requests in flight.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::fleet::{self, Fleet};
use crate::support::inproc::cmd_at;
use crate::support::server::{Recorded, Reply, Server};

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
        cmd_at(server)
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
    cmd_at(&server)
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
    let out = cmd_at(&server)
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
    cmd_at(&server)
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
        cmd_at(&server)
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
        let out = cmd_at(&server).args(["sources", "--json"]).output().unwrap();
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
