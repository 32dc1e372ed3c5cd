//! `sources`, name lookup, `check` and `source --watch` against a loopback fleet.

use std::collections::HashSet;
use std::time::Duration;

use crate::support::fleet::{self, Fleet};
use crate::support::inproc::cmd_at;
use crate::support::server::{Reply, Server};
use crate::support::*;
use predicates::prelude::*;
use serde_json::{Value, json};

fn json_out(assert: &assert_cmd::assert::Assert) -> Value {
    serde_json::from_slice(&assert.get_output().stdout).unwrap()
}

#[test]
fn sources_lists_every_page_exactly_once() {
    let server = Fleet::new(450).start();
    let assert = cmd_at(&server)
        .args(["sources", "--json"])
        .assert()
        .success();
    let items = json_out(&assert);
    let ids: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 450);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 450);
    assert_eq!(ids[0], fleet::id(0));
    assert_eq!(ids[449], fleet::id(449));
    let requests = server.requests();
    assert_eq!(requests.len(), 3, "pages of 200");
    for r in &requests {
        let limit: u64 = r
            .query()
            .iter()
            .find(|(k, _)| k == "limit")
            .unwrap()
            .1
            .parse()
            .unwrap();
        assert!(limit <= 200);
    }
    // The items exactly as sent: the list carries checks, the details' disks are not there.
    assert_eq!(items[25]["checks"][2]["error_code"], "SMS.6517");
    assert!(items[0].get("disks").is_none());
}

#[test]
fn sources_follows_a_smaller_server_page() {
    let server = Fleet {
        page_max: 70,
        ..Fleet::new(300)
    }
    .start();
    let assert = cmd_at(&server)
        .args(["sources", "--json"])
        .assert()
        .success();
    let items = json_out(&assert);
    let ids: HashSet<String> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids.len(), 300);
}

#[test]
fn sources_limit_caps_the_total() {
    let server = Fleet::new(450).start();
    let assert = cmd_at(&server)
        .args(["sources", "--json", "--limit", "250"])
        .assert()
        .success();
    assert_eq!(json_out(&assert).as_array().unwrap().len(), 250);
    let limits: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            r.query()
                .iter()
                .find(|(k, _)| k == "limit")
                .unwrap()
                .1
                .clone()
        })
        .collect();
    assert_eq!(
        limits.iter().map(String::as_str).collect::<HashSet<_>>(),
        HashSet::from(["200", "50"])
    );
}

#[test]
fn sources_passes_every_filter_encoded() {
    let server = Fleet::new(5).start();
    cmd_at(&server)
        .args([
            "sources",
            "--state",
            "waiting",
            "--name",
            "db prod/07&x=1#?",
            "--ip",
            "10.0.0.1",
            "--migproject",
            "mp-1",
            "--migration-cycle",
            "replicating",
            "--connected",
            "false",
            "--enterprise-project-id",
            "ep 1",
        ])
        .assert()
        .success();
    let r = &server.requests()[0];
    assert_eq!(r.path(), "/v3/sources");
    let q = r.query();
    for (k, v) in [
        ("state", "waiting"),
        ("name", "db prod/07&x=1#?"),
        ("ip", "10.0.0.1"),
        ("migproject", "mp-1"),
        ("migration_cycle", "replicating"),
        ("connected", "false"),
        ("enterprise_project_id", "ep 1"),
        ("offset", "0"),
    ] {
        assert!(
            q.contains(&(k.to_owned(), v.to_owned())),
            "{k}={v} in {q:?}"
        );
    }
    assert!(
        !r.target.contains(' ') && !r.target.contains('#'),
        "{}",
        r.target
    );
}

#[test]
fn sources_table_shows_one_row_per_source() {
    let server = Fleet::new(30).start();
    let assert = cmd_at(&server).args(["sources"]).assert().success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    // Piped: one tab-separated line per source, in the API's order, nothing else.
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 30, "{out}");
    for (i, line) in lines.iter().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 9, "{line}");
        assert_eq!(fields[1], format!("srv-{i:04}"));
    }
    assert!(
        lines[0].ends_with("\t2/1/1"),
        "checks summary of srv-0000: {}",
        lines[0]
    );
    let yaml = cmd_at(&server)
        .args(["sources", "--yaml"])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&yaml.get_output().stdout).contains("- id: "));
}

#[test]
fn name_lookup_with_one_none_and_several_matches() {
    let mut fleet = Fleet::new(30);
    fleet.sources[12]["name"] = json!("twin");
    fleet.sources[13]["name"] = json!("twin");
    let server = fleet.start();
    cmd_at(&server)
        .args(["source", "srv-0007", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains(fleet::id(7)));
    let paths: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(
        paths,
        [
            "/v3/sources".to_owned(),
            format!("/v3/sources/{}", fleet::id(7))
        ]
    );

    cmd_at(&server)
        .args(["source", "srv-00"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "no source server is named exactly 'srv-00'",
        ))
        .stderr(predicate::str::contains(fleet::id(1)));
    cmd_at(&server)
        .args(["source", "twin"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "2 source servers are named 'twin'",
        ))
        .stderr(predicate::str::contains(fleet::id(12)))
        .stderr(predicate::str::contains(fleet::id(13)))
        .stderr(predicate::str::contains("10.0.0.13"))
        // One candidate a line, under a header: NAME, ID, IP, STATE.
        .stderr(predicate::str::is_match(r"(?m)^  NAME +ID +IP +STATE$").unwrap())
        .stderr(
            predicate::str::is_match(format!(
                r"(?m)^  twin +{} +10\.0\.0\.13 +\w+$",
                fleet::id(13)
            ))
            .unwrap(),
        );
    cmd_at(&server)
        .args(["source", "nothing-like-it"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "no source server is named 'nothing-like-it'",
        ));
}

#[test]
fn odd_values_go_only_into_the_encoded_name_query() {
    let server = Fleet::new(3).start();
    for value in ["../x", "a/b", "a?b=1", "a#b", "a b", "..", "."] {
        cmd_at(&server).args(["source", value]).assert().code(3);
    }
    for value in ["\u{1b}[2J", "", "  ", "a\nb", "\u{9b}31m"] {
        let assert = cmd_at(&server).args(["source", value]).assert().code(2);
        let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(err.starts_with("error: "), "{err}");
        assert_eq!(has_raw_control(err.trim_end()), None, "{err:?}");
    }
    for r in server.requests() {
        assert_eq!(r.path(), "/v3/sources", "{}", r.target);
    }
}

#[test]
fn check_all_gates_the_fleet_and_writes_junit() {
    let server = Fleet::new(100).start();
    let junit = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("check-all.xml");
    let assert = cmd_at(&server)
        .args(["check", "--all", "--junit"])
        .arg(&junit)
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    // Piped: one tab-separated line per source, failing ones first.
    let verdicts: Vec<&str> = out.lines().map(|l| l.split('\t').nth(6).unwrap()).collect();
    assert_eq!(verdicts.len(), 100);
    assert_eq!(verdicts.iter().filter(|v| **v == "FAIL").count(), 4);
    assert!(verdicts[..4].iter().all(|v| *v == "FAIL"), "{out}");
    assert!(err.contains("4 of 100 sources"), "{err}");
    assert!(
        err.contains("srv-0025") && err.contains("SMS.6517"),
        "{err}"
    );
    // The list carried the checks: no detail was fetched (the task list is one request).
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.path() == "/v3/sources" || r.path() == "/v3/tasks")
    );

    let xml = std::fs::read_to_string(&junit).unwrap();
    let script = "import sys, xml.etree.ElementTree as ET\n\
        root = ET.parse(sys.argv[1]).getroot()\n\
        suites = root.findall('testsuite')\n\
        cases = root.iter('testcase')\n\
        print(len(suites), sum(1 for _ in root.iter('testcase')), len(list(root.iter('failure'))), root.get('failures'))\n";
    let parsed = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&junit)
        .output()
        .unwrap();
    assert!(parsed.status.success(), "{xml}");
    // 100 suites; 200 OK + 10 WARN + 4 ERROR checks; one failure per ERROR check.
    assert_eq!(
        String::from_utf8_lossy(&parsed.stdout).trim(),
        "100 214 4 4"
    );
}

#[test]
fn check_fetches_details_only_where_the_list_has_no_checks() {
    let server = Fleet {
        list_checks: false,
        ..Fleet::new(60)
    }
    .start();
    let assert = cmd_at(&server)
        .args(["check", "--all", "--json", "--jobs", "4"])
        .assert()
        .code(1);
    let results = json_out(&assert);
    assert_eq!(results.as_array().unwrap().len(), 60);
    let failed: Vec<&Value> = results
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["passed"] == false)
        .collect();
    assert_eq!(failed.len(), 3);
    assert_eq!(failed[0]["failures"][0]["error_code"], "SMS.6517");
    let details = server
        .requests()
        .iter()
        .filter(|r| r.path() != "/v3/sources" && r.path() != "/v3/tasks")
        .count();
    assert_eq!(details, 60);
}

#[test]
fn check_by_id_and_name_and_the_could_not_check_rule() {
    let server = Fleet::new(30).start();
    cmd_at(&server)
        .args(["check", &fleet::id(1), "srv-0002", "--json"])
        .assert()
        .success();
    cmd_at(&server)
        .args(["check", &fleet::id(1), &fleet::id(25)])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("SMS.6517"));
    // A source that could not be checked never passes: the exit code is its error's.
    let assert = cmd_at(&server)
        .args([
            "check",
            &fleet::id(1),
            "ffffffff-0000-4000-8000-ffffffffffff",
        ])
        .assert()
        .code(3);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(out.contains("NOT CHECKED"), "{out}");
    cmd_at(&server)
        .args(["check", "--state", "waiting", "--fail-on", "never"])
        .assert()
        .success();
    cmd_at(&server).args(["check"]).assert().code(2);
    // A filter that matches nothing: nothing was checked, so the gate fails unless an empty
    // selection is allowed (or every rule is off).
    cmd_at(&server)
        .args(["check", "--state", "finished"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "gate failed: no source servers matched, so nothing was checked",
        ));
    for allowed in [["--allow-empty"], ["--fail-on=never"]] {
        cmd_at(&server)
            .args(["check", "--state", "finished"])
            .args(allowed)
            .assert()
            .success()
            .stderr(predicate::str::contains("nothing was checked"));
    }
    // A typo in a filter is a usage error that suggests the documented value, found before
    // any request.
    let before = server.hits();
    cmd_at(&server)
        .args(["check", "--state", "waitng"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "a similar value exists: 'waiting'",
        ));
    assert_eq!(server.hits(), before, "no request for a usage error");
    // Values match in any case, and the API gets its own spelling; `premiging` is documented.
    for (given, sent) in [
        ("Waiting", "state=waiting"),
        ("PREMIGING", "state=premiging"),
    ] {
        cmd_at(&server)
            .args(["sources", "--state", given])
            .assert()
            .success();
        let last = server.requests().last().cloned().expect("a request");
        assert!(last.target.contains(sent), "{given}: {}", last.target);
    }
}

#[test]
fn check_warn_level_and_junit_failures_follow_fail_on() {
    let server = Fleet::new(30).start();
    let junit = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("check-warn.xml");
    cmd_at(&server)
        .args(["check", "--all", "--fail-on", "warn", "--junit"])
        .arg(&junit)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("4 of 30 sources"));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(xml.matches("<failure ").count(), 5, "3 WARN + 2 ERROR");
}

fn watch_body(state: &str, cycle: &str, replicated: u64) -> Reply {
    Reply::json(
        200,
        json!({
            "id": fleet::id(1), "name": "srv-0001", "state": state, "migration_cycle": cycle,
            "replicatesize": replicated, "totalsize": 1000u64,
            "current_task": {"migrate_speed": 80.0, "subtask_info": "SYNC_FILE"}
        })
        .to_string(),
    )
}

#[test]
fn watch_follows_until_finished() {
    let server = Server::sequence(vec![
        watch_body("replicate", "replicating", 100),
        watch_body("replicate", "replicating", 500),
        watch_body("replicate", "replicating", 500),
        watch_body("finished", "cutovered", 1000),
    ]);
    let assert = cmd_at(&server)
        .args(["source", &fleet::id(1), "--watch", "--interval", "1"])
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.len(),
        4,
        "one line per change and a closing line: {out}"
    );
    assert!(
        lines[0].contains("10.0%") && lines[1].contains("50.0%") && lines[2].contains("finished"),
        "{out}"
    );
    // Each line names the source; the reported 80 Mbit/s is 9.5 MiB/s.
    assert!(lines.iter().all(|l| l.contains("srv-0001")), "{out}");
    assert!(
        out.contains("SYNC_FILE") && out.contains("9.5 MiB/s"),
        "{out}"
    );
    assert!(lines[3].ends_with("srv-0001 finished"), "{out}");
    assert!(!out.contains('\u{1b}'));
    assert_eq!(server.hits(), 4);
}

#[test]
fn watch_ends_on_each_final_state() {
    for (state, cycle, code) in [
        ("error", "replicating", 1),
        ("stopped", "syncing", 1),
        ("cloning", "cutovered", 0),
        ("finished", "syncing", 0),
    ] {
        let server = Server::always(watch_body(state, cycle, 10));
        cmd_at(&server)
            .args(["source", &fleet::id(1), "--watch", "--interval", "1"])
            .timeout(Duration::from_secs(20))
            .assert()
            .code(code);
    }
}

#[test]
fn watch_survives_transient_failures() {
    let server = Server::sequence(vec![
        watch_body("replicate", "replicating", 100),
        Reply::json(
            503,
            json!({"error_code": "SMS.0000", "error_msg": "busy"}).to_string(),
        ),
        watch_body("finished", "cutovered", 1000),
    ]);
    let assert = cmd_at(&server)
        .args([
            "--retries",
            "0",
            "source",
            &fleet::id(1),
            "--watch",
            "--interval",
            "1",
        ])
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(
        out.contains("retrying in 1 s") && out.contains("busy"),
        "{out}"
    );
    // A lasting failure (404) ends the watch with its exit code.
    let gone = Server::always(Reply::json(
        404,
        json!({"error_code": "SMS.0205", "error_msg": "gone"}).to_string(),
    ));
    cmd_at(&gone)
        .args(["source", &fleet::id(1), "--watch", "--interval", "1"])
        .assert()
        .code(3);
    cmd_at(&gone)
        .args(["source", &fleet::id(1), "--watch", "--json"])
        .assert()
        .code(2);
}
