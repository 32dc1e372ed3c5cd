//! `watch`: a wave followed through the list and task endpoints, against a loopback stand-in
//! whose sources and tasks evolve poll by poll (`support::fleet::Wave`); and `--max-age`, the
//! gate's freshness rule. The screen on a terminal is in `wave_screen.rs`.

use std::time::Duration;

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::fleet::{self, Wave, wave_source};
use crate::support::inproc::{cmd, cmd_at};
use crate::support::server::Server;
use crate::support::*;

/// The test seam that shortens the interval between polls (milliseconds).
pub const INTERVAL: &str = "SMS_INSPECT_TEST_INTERVAL_MS";

/// `watch ARGS` against `server`, polling every 100 ms.
pub fn watch(server: &Server, args: &[&str]) -> std::process::Output {
    cmd_at(server)
        .env(INTERVAL, "100")
        .arg("watch")
        .args(args)
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The JSON Lines of a `--json` run; every line must be JSON.
pub fn json_lines(out: &std::process::Output) -> Vec<Value> {
    text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}")))
        .collect()
}

/// A source that replicates 10 % a poll from `start`, finishing at 100 %.
pub fn replicating(i: usize, poll: usize, start: usize) -> Value {
    if poll < start {
        return wave_source(i, "waiting", 0, None);
    }
    let done = ((poll - start) as u64 * 10).min(100) * fleet::WAVE_TOTAL / 100;
    if done >= fleet::WAVE_TOTAL {
        wave_source(i, "finished", done, Some("MIGRATE_SUCCESS"))
    } else {
        wave_source(i, "replicate", done, Some("RUNNING"))
    }
}

#[test]
fn a_filtered_wave_that_finishes_exits_0_and_names_each_source_once() {
    // Sources 0-2 replicate (the selection: --state replicate); 3 and 4 wait and are not
    // followed. Finished sources leave the filter's state: they are followed all the same.
    let server = Wave::new(5, |poll, i| match i {
        0..=2 => Some(replicating(i, poll + 3 * i, 0)),
        _ => Some(wave_source(i, "waiting", 0, None)),
    })
    .start();
    let out = watch(&server, &["--state", "replicate"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    for i in 0..3 {
        let line = format!("srv-{i:04} finished");
        assert_eq!(stderr.matches(&line).count(), 1, "{stderr}");
    }
    assert!(
        !stderr.contains("vanished") && !stderr.contains("srv-0003"),
        "{stderr}"
    );
    assert!(
        stdout.trim_end().ends_with("all 3 sources finished"),
        "{stdout}"
    );
    // The filter chose once: every later poll lists the account unfiltered, one page of
    // sources and one of tasks, never a source's own details.
    let requests = server.requests();
    let lists: Vec<_> = requests
        .iter()
        .filter(|r| r.path() == "/v3/sources")
        .collect();
    let tasks = requests.iter().filter(|r| r.path() == "/v3/tasks").count();
    assert!(lists[0].target.contains("state=replicate"));
    assert!(lists[1..].iter().all(|r| !r.target.contains("state=")));
    assert_eq!(lists.len() - 1, tasks, "one task page per poll");
    assert_eq!(requests.len(), lists.len() + tasks);
}

#[test]
fn a_poll_is_one_request_per_200_sources_and_per_200_tasks() {
    let server = Wave::new(450, |poll, i| Some(replicating(i, poll * 10, 0))).start();
    let out = watch(&server, &["--all", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let requests = server.requests();
    let lists = requests
        .iter()
        .filter(|r| r.path() == "/v3/sources")
        .count();
    let tasks = requests.iter().filter(|r| r.path() == "/v3/tasks").count();
    // The selection (3 pages), then one poll: 3 pages of sources, 3 of tasks.
    assert_eq!((lists, tasks, requests.len()), (6, 3, 9));
}

#[test]
fn a_deleted_source_is_vanished_by_name_and_a_missing_one_is_not() {
    // srv-0001 is deleted at poll 2; srv-0002 is missing from poll 2 only.
    let server = Wave::new(3, |poll, i| match (i, poll) {
        (1, 2..) => None,
        (2, 2) => None,
        _ => Some(replicating(i, poll, 0)),
    })
    .start();
    let out = watch(&server, &["--all", "--json"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(
        stderr
            .matches("srv-0001 vanished: SMS no longer lists it")
            .count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("srv-0002 vanished"), "{stderr}");
    let lines = json_lines(&out);
    let of = |name: &str| -> Vec<&Value> { lines.iter().filter(|l| l["name"] == name).collect() };
    let missing = of("srv-0002");
    assert!(missing.iter().any(|l| l["missing"] == true), "{missing:?}");
    let finals: Vec<&Value> = missing
        .iter()
        .filter(|l| !l["final"].is_null())
        .copied()
        .collect();
    assert_eq!(finals.len(), 1, "one final, when it finished: {missing:?}");
    assert_eq!(finals[0]["final"], "finished");
    assert!(
        stderr.contains("error: not every source finished"),
        "{stderr}"
    );
}

#[test]
fn the_reason_from_error_json_is_on_the_row_at_the_poll_that_sees_it() {
    let server = Wave::new(2, |poll, i| {
        if i == 1 && poll >= 2 {
            let mut s = wave_source(1, "error", 300, Some("MIGRATE_FAIL"));
            s["_task"]["error_json"] = json!(
                "{\"error_code\":\"SMS.6509\",\"error_param\":[\"DISK_IO\",\"/dev/vdb\\u001b[31m\"]}"
            );
            return Some(s);
        }
        Some(replicating(i, poll, 0))
    })
    .start();
    let out = watch(&server, &["--all", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let lines = json_lines(&out);
    let polls: Vec<&Value> = lines.iter().filter(|l| l["poll"].is_number()).collect();
    let failed = lines
        .iter()
        .position(|l| l["name"] == "srv-0001" && l["final"] == "failed")
        .expect("a failed line");
    // The failure is at poll 2 (the selection's listing was poll 0), reported with it.
    let polls_before = lines[..failed]
        .iter()
        .filter(|l| l["poll"].is_number())
        .count();
    assert_eq!(polls_before, 1, "{lines:#?}");
    assert_eq!(lines[failed]["error"]["code"], "SMS.6509");
    let message = lines[failed]["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("DISK_IO, /dev/vdb") && !message.contains('\u{1b}'),
        "{message}"
    );
    assert!(lines[failed]["speed_bytes_per_second"].is_null());
    assert_eq!(polls.last().unwrap()["totals"]["health"], "ERROR");
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.matches("srv-0001 failed: SMS.6509 DISK_IO").count(),
        1,
        "{stderr}"
    );
    // A documented code points to its explanation.
    assert!(
        stderr.contains("(see: sms-inspect explain SMS.6509)"),
        "{stderr}"
    );
}

#[test]
fn counts_add_up_and_stalled_or_failed_rows_show_no_speed() {
    // 0 finishes; 1 fails; 2 stalls at 20 %; 3 waits, then starts; its SMS speed is shown.
    let server = Wave::new(4, |poll, i| match i {
        1 if poll >= 3 => Some(wave_source(1, "error", 500, Some("MIGRATE_FAIL"))),
        2 => {
            let mut s = wave_source(2, "replicate", fleet::WAVE_TOTAL / 5, Some("RUNNING"));
            s["_task"]["migrate_speed"] = json!(80.0);
            Some(s)
        }
        3 => Some(replicating(3, poll, 2)),
        _ => Some(replicating(i, poll, 0)),
    })
    .start();
    let out = watch(
        &server,
        &["--all", "--json", "--stall", "300ms", "--fail-on-stall"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("srv-0002 stalled at 20.0 %: no bytes for")
            && stderr.contains("(--fail-on-stall)"),
        "{stderr}"
    );
    let lines = json_lines(&out);
    for l in &lines {
        if let Some(totals) = l.get("totals") {
            let sum: u64 = [
                "waiting", "running", "stalled", "finished", "failed", "vanished",
            ]
            .iter()
            .map(|k| totals[k].as_u64().unwrap())
            .sum();
            assert_eq!(sum, 4, "{l}");
        } else if ["stalled", "failed", "finished", "waiting"]
            .contains(&l["status"].as_str().unwrap())
        {
            assert!(l["speed_bytes_per_second"].is_null(), "{l}");
        }
    }
    // SMS's own speed while srv-0002 still ran: 80 Mbit/s.
    assert!(
        lines
            .iter()
            .any(|l| l["name"] == "srv-0002" && l["speed_bytes_per_second"] == 10_000_000)
    );
    assert!(
        lines
            .iter()
            .any(|l| l["name"] == "srv-0002" && l["status"] == "stalled")
    );
}

#[test]
fn progress_that_goes_back_and_forth_stalls() {
    let server = Wave::new(1, |poll, i| {
        let done = if poll % 2 == 0 { 100 } else { 50 };
        Some(wave_source(i, "replicate", done, Some("RUNNING")))
    })
    .start();
    let out = watch(&server, &["--all", "--stall", "400ms", "--fail-on-stall"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("srv-0000 stalled at"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_bar_in_a_stage_is_a_stage_change_only() {
    let server = Wave::new(1, |poll, i| {
        let mut s = wave_source(i, "replicate", 100, Some("RUNNING"));
        let stage = ["copy | verify", "copy | verify | x"][usize::from(poll >= 2)];
        s["_task"]["sub_tasks"] = json!([{"name": stage, "start_date": 1}]);
        if poll >= 3 {
            s = wave_source(i, "finished", 100, Some("MIGRATE_SUCCESS"));
        }
        Some(s)
    })
    .start();
    let out = watch(&server, &["--all", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let lines = json_lines(&out);
    let changes: Vec<&Value> = lines
        .iter()
        .filter(|l| l["id"].is_string())
        .map(|l| &l["changed"])
        .collect();
    assert_eq!(changes[0], &json!(["new"]));
    assert_eq!(changes[1], &json!(["stage"]), "{changes:?}");
}

#[test]
fn without_a_tasks_endpoint_the_rows_fall_back_with_one_note() {
    let mut wave = Wave::new(2, |poll, i| Some(replicating(i, poll * 5, 0)));
    wave.tasks = false;
    let server = wave.start();
    let out = watch(&server, &["--all"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("no GET /v3/tasks").count(), 1, "{stderr}");
    let tasks = server
        .requests()
        .iter()
        .filter(|r| r.path() == "/v3/tasks")
        .count();
    assert_eq!(tasks, 1, "asked once");
}

#[test]
fn a_source_without_an_id_cannot_be_followed() {
    let server = Wave::new(2, |_, i| {
        let mut s = wave_source(i, "replicate", 0, None);
        if i == 1 {
            s.as_object_mut().unwrap().remove("id");
        }
        Some(s)
    })
    .start();
    let out = watch(&server, &["--all"]);
    assert_eq!(out.status.code(), Some(6));
    assert!(
        text(&out.stderr).contains("cannot be followed"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn fail_fast_ends_at_the_first_failure_naming_it() {
    let server = Wave::new(2, |poll, i| match (i, poll) {
        (1, 1..) => Some(wave_source(1, "error", 5, Some("MIGRATE_FAIL"))),
        _ => Some(replicating(i, poll, 0)),
    })
    .start();
    let out = watch(&server, &["--all", "--fail-fast"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error: srv-0001 failed: state error, task MIGRATE_FAIL (--fail-fast)"),
        "{stderr}"
    );
    let lists = server
        .requests()
        .iter()
        .filter(|r| r.path() == "/v3/sources")
        .count();
    assert_eq!(lists, 2, "the selection and the poll that saw it");
}

#[test]
fn a_transient_failure_is_shown_and_retried() {
    use crate::support::server::Reply;
    let course = Wave::new(1, |poll, i| Some(replicating(i, poll * 5, 0))).course;
    let polls = std::sync::atomic::AtomicUsize::new(0);
    let server = Server::start(move |r, _| {
        if r.path() == "/v3/sources" && polls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 1
        {
            return Reply::json(503, r#"{"error_code":"SMS.9999","error_msg":"busy"}"#);
        }
        let poll = polls
            .load(std::sync::atomic::Ordering::SeqCst)
            .saturating_sub(1);
        let s = course(poll, 0).unwrap();
        match r.path() {
            "/v3/sources" => {
                Reply::json(200, json!({"count": 1, "source_servers": [s]}).to_string())
            }
            _ => Reply::json(
                200,
                json!({"count": 1, "tasks": [s["_task"].clone()]}).to_string(),
            ),
        }
    });
    let out = cmd_at(&server)
        .env(INTERVAL, "100")
        .args(["--retries", "0", "watch", "--all"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("retrying in 0.1 s") && text(&out.stderr).contains("busy"));
}

#[test]
fn watch_needs_a_selection_and_no_yaml() {
    cmd()
        .args(["watch"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("say which sources"));
    cmd().args(["watch", "--all", "--yaml"]).assert().code(2);
    cmd()
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
    cmd()
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
    cmd()
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
    cmd()
        .args(["source", "--fail-on", "error", "--max-age", "30d", "-f"])
        .arg(body(None))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("the agent was never seen"));
    // --fail-on never turns it off; check applies it too and says so in its JSON.
    cmd()
        .args(["source", "--fail-on", "never", "--max-age", "1s", "-f"])
        .arg(body(None))
        .assert()
        .success();
    let server = crate::support::fleet::Fleet::new(3).start();
    let out = cmd_at(&server)
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

/// The task list keeps the source list's bounds: one that ends short of its count, or holds a
/// task twice, is exit 6, never rows built on part of it.
#[test]
fn a_task_list_that_contradicts_itself_is_refused() {
    use crate::support::server::Reply;
    let source = wave_source(0, "replicate", 5, Some("RUNNING"));
    let task = source["_task"].clone();
    for (count, tasks, says) in [
        (3, vec![task.clone()], "ended short: 1 of the 3"),
        (2, vec![task.clone(), task.clone()], "twice"),
    ] {
        let source = source.clone();
        let server = Server::start(move |r, _| match r.path() {
            "/v3/sources" => Reply::json(
                200,
                json!({"count": 1, "source_servers": [source]}).to_string(),
            ),
            // Every page after the first is empty.
            _ if r.target.contains("offset=0") => {
                Reply::json(200, json!({"count": count, "tasks": tasks}).to_string())
            }
            _ => Reply::json(200, json!({"count": count, "tasks": []}).to_string()),
        });
        let out = watch(&server, &["--all"]);
        assert_eq!(out.status.code(), Some(6), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains(says), "{}", text(&out.stderr));
    }
}
