//! `watch`: a wave of sources followed through the list endpoint, against a loopback server
//! whose answers evolve poll by poll; and `--max-age`, the gate's freshness rule.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::fleet;
use crate::support::server::{Reply, Server};
use crate::support::*;

/// One source at one poll: (state, cycle, replicated of 1000, connected).
type Step = (&'static str, &'static str, u64, bool);

/// A list endpoint where source `i` follows `plans[i]` (its last step repeats), a 503 at
/// the polls in `fail_at`, and source `i` absent from poll `vanish[i]` on.
fn wave_server(plans: Vec<Vec<Step>>, fail_at: Vec<usize>, vanish: Vec<Option<usize>>) -> Server {
    let polls = Arc::new(AtomicUsize::new(0));
    Server::start(move |r, _| {
        if r.path() != "/v3/sources" {
            return Reply::json(404, "{}");
        }
        let poll = polls.fetch_add(1, Ordering::SeqCst);
        if fail_at.contains(&poll) {
            return Reply::json(503, r#"{"error_code":"SMS.9999","error_msg":"busy"}"#);
        }
        let items: Vec<Value> = plans
            .iter()
            .enumerate()
            .filter(|(i, _)| vanish.get(*i).copied().flatten().is_none_or(|v| poll < v))
            .map(|(i, plan)| {
                let (state, cycle, done, connected) = plan[poll.min(plan.len() - 1)];
                let mut s = fleet::source(i);
                s["state"] = json!(state);
                s["migration_cycle"] = json!(cycle);
                s["replicatesize"] = json!(done);
                s["totalsize"] = json!(1000);
                s["connected"] = json!(connected);
                s["current_task"] = json!({"state": if state == "replicate" { "RUNNING" } else { "SUCCESS" }, "subtask_info": "SYNC"});
                s
            })
            .collect();
        Reply::json(
            200,
            json!({"count": items.len(), "source_servers": items}).to_string(),
        )
    })
}

fn run(server: &Server, args: &[&str]) -> std::process::Output {
    sms_at(server)
        .args(["watch", "--all", "--interval", "1"])
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap()
}

const RUNNING: Step = ("replicate", "replicating", 100, true);
const HALF: Step = ("replicate", "replicating", 500, true);
const DONE: Step = ("finished", "cutovered", 1000, true);

#[test]
fn a_wave_that_finishes_exits_0_polling_only_the_list() {
    let server = wave_server(
        vec![
            vec![RUNNING, HALF, DONE],
            vec![HALF, DONE],
            vec![RUNNING, RUNNING, HALF, DONE],
        ],
        vec![2],
        vec![],
    );
    // The 503 is not retried within the poll (--retries 0): the next poll tries again.
    let out = run(&server, &["--retries", "0"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.trim_end().ends_with("all 3 sources finished"),
        "{stdout}"
    );
    assert!(
        stdout.contains("retrying in 1 s"),
        "the 503 is shown: {stdout}"
    );
    for r in server.requests() {
        assert_eq!(r.path(), "/v3/sources", "only list requests");
    }
}

#[test]
fn one_error_fails_the_wave_and_fail_fast_ends_at_it() {
    let plans = || {
        vec![
            vec![RUNNING, HALF, HALF, DONE],
            vec![RUNNING, ("error", "replicating", 300, true)],
            vec![RUNNING, HALF, HALF, DONE],
        ]
    };
    let server = wave_server(plans(), vec![], vec![]);
    let out = run(&server, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("srv-0001 ended badly: state error"),
        "{stderr}"
    );
    let all_polls = server.hits();
    assert!(all_polls >= 4, "waited for the others: {all_polls}");

    let server = wave_server(plans(), vec![], vec![]);
    let out = run(&server, &["--fail-fast"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("srv-0001 ended badly") && stderr.contains("--fail-fast"),
        "{stderr}"
    );
    assert_eq!(server.hits(), 2, "ended at the first failure");
}

#[test]
fn a_stall_or_a_disconnected_agent_ends_the_watch_with_fail_on_stall() {
    // Bytes that stop growing while the task runs.
    let server = wave_server(
        vec![vec![RUNNING, HALF], vec![HALF, HALF, DONE]],
        vec![],
        vec![],
    );
    let out = run(&server, &["--stall", "1s", "--fail-on-stall"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stalled (no byte replicated") && stderr.contains("--fail-on-stall"),
        "{stderr}"
    );
    // An agent that disconnects.
    let server = wave_server(
        vec![
            vec![RUNNING, ("replicate", "replicating", 100, false)],
            vec![HALF, DONE],
        ],
        vec![],
        vec![],
    );
    let out = run(&server, &["--fail-on-stall"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stalled (agent disconnected)"));
    // Without --fail-on-stall a stall is shown, not fatal.
    let server = wave_server(vec![vec![HALF, HALF, HALF, DONE]], vec![], vec![]);
    let out = run(&server, &["--stall", "1s"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("STALLED"));
}

#[test]
fn a_source_that_vanishes_is_reported_and_fails_the_wave() {
    let server = wave_server(
        vec![vec![RUNNING, HALF, DONE], vec![RUNNING, HALF]],
        vec![],
        vec![None, Some(1)],
    );
    let out = run(&server, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("vanished from the list"));
}

#[test]
fn json_lines_name_each_change() {
    let server = wave_server(
        vec![vec![RUNNING, HALF, DONE], vec![HALF, DONE]],
        vec![],
        vec![],
    );
    let out = run(&server, &["--json"]);
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    // The selection's listing is poll 0; then both are new (srv-0001 already finished), and
    // srv-0000 changes once, to finished.
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|l| l["id"].is_string() && l["changed"].is_array())
    );
    assert_eq!(lines[0]["changed"], json!(["new"]));
    assert_eq!(lines[1]["final"], "finished");
    assert_eq!(lines[2]["name"], "srv-0000");
    assert_eq!(
        lines[2]["changed"],
        json!([
            "state",
            "migration_cycle",
            "task_state",
            "replicated",
            "final"
        ])
    );
}

#[test]
fn watch_frames_fit_the_terminal() {
    let server = wave_server(vec![vec![RUNNING, HALF, DONE]; 4], vec![], vec![]);
    for cols in [80u16, 200] {
        let command = format!("{BIN} --endpoint {} watch --all --interval 1", server.url());
        let Some(out) = on_tty(cols, &command, &[("SMS_AUTH_TOKEN", "tokWAVE")]) else {
            return;
        };
        let plain = strip_cursor(&out);
        for line in plain.lines() {
            let width = unicode_width::UnicodeWidthStr::width(line);
            assert!(width <= usize::from(cols), "{width} > {cols}: {line:?}");
        }
        assert!(
            plain.contains("4 sources: 4 finished, 0 running, 0 failed"),
            "{plain}"
        );
    }
}

/// The frame's own escape sequences (cursor up, clear line, clear below) and CRs removed.
fn strip_cursor(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else if c != '\r' {
            out.push(c);
        }
    }
    out
}

#[test]
fn watch_needs_a_selection_and_no_yaml() {
    sms()
        .args(["watch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("say which sources"));
    sms().args(["watch", "--all", "--yaml"]).assert().code(2);
    sms()
        .args(["watch", "--all", "--stall", "soon"])
        .assert()
        .code(2);
}

/// `--max-age` on both sides of the boundary; a source never seen fails it.
#[test]
fn max_age_fails_checks_that_may_be_stale() {
    // The pinned now is 2024-11-30T00:00:00Z; the Linux example was last seen
    // 2024-11-27T11:00:00.123Z: 2 d 12 h 59 min 59.877 s before.
    let seen_ms: u64 = 1_732_705_200_123;
    let now_ms: u64 = NOW_MS.parse().unwrap();
    let age = Duration::from_millis(now_ms - seen_ms);
    let body = |last_visit: Option<u64>| {
        let mut v: Value = serde_json::from_str(&read(&linux())).unwrap();
        // Only the freshness decides here.
        v["checks"] = json!([{"name": "A", "result": "OK"}]);
        match last_visit {
            Some(ms) => v["last_visit_time"] = json!(ms),
            None => {
                v.as_object_mut().unwrap().remove("last_visit_time");
            }
        }
        temp_body(&format!("max-age-{last_visit:?}.json"), &v.to_string())
    };
    let fresh_enough = format!("{}ms", age.as_millis());
    let just_too_old = format!("{}ms", age.as_millis() - 1);
    sms()
        .args([
            "source",
            "--fail-on",
            "error",
            "--max-age",
            &fresh_enough,
            "-f",
        ])
        .arg(body(Some(seen_ms)))
        .assert()
        .success();
    sms()
        .args([
            "source",
            "--fail-on",
            "error",
            "--max-age",
            &just_too_old,
            "-f",
        ])
        .arg(body(Some(seen_ms)))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "checks may be stale: agent last seen 2 d ago",
        ));
    sms()
        .args(["source", "--fail-on", "error", "--max-age", "30d", "-f"])
        .arg(body(None))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the agent was never seen"));
    // --fail-on never turns it off; check applies it too and says so in its JSON.
    sms()
        .args(["source", "--fail-on", "never", "--max-age", "1s", "-f"])
        .arg(body(None))
        .assert()
        .success();
    let server = crate::support::fleet::Fleet::new(3).start();
    let out = sms_at(&server)
        .args(["check", "--all", "--max-age", "90m", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let stale: Vec<bool> = items
        .iter()
        .map(|i| i["stale"].as_bool().unwrap())
        .collect();
    // srv-0000 seen now, srv-0001 an hour ago, srv-0002 two hours ago.
    assert_eq!(stale, [false, false, true]);
    assert_eq!(items[2]["agent_seen_seconds_ago"], json!(7200));
}
