//! The `sms-sim` stand-in (examples/sms-sim): its scenario driven at fixed times, read by the
//! real binary and checked field by field against the official SDK's models.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::inproc::cmd_at;
use crate::support::sim::sdk::*;
use crate::support::sim::{self, Sim, fleet, get, id_of, task_of};
use crate::support::sms_std;

/// Fails naming the keys of `value` that `model` does not have, and those of `required` missing.
fn shaped(value: &Value, model: &[&str], required: &[&str], what: &str) {
    let keys: BTreeSet<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("{what} is not an object: {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    let unknown: Vec<&&str> = keys.iter().filter(|k| !model.contains(k)).collect();
    assert!(
        unknown.is_empty(),
        "{what}: not in the SDK's model: {unknown:?}"
    );
    let missing: Vec<&&str> = required.iter().filter(|k| !keys.contains(*k)).collect();
    assert!(missing.is_empty(), "{what}: missing {missing:?}");
}

fn by_name<'a>(items: &'a Value, key: &str, name: &str) -> &'a Value {
    items[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name || s["source_server"]["name"] == name)
        .unwrap_or_else(|| panic!("{name} is not in {key}"))
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn sources_lists_the_28_and_json_matches_the_count() {
    let sim = Sim::start();
    let table = cmd_at(&sim.server).args(["sources"]).assert().success();
    let rows: Vec<String> = stdout(&table).lines().map(str::to_owned).collect();
    assert_eq!(rows.len(), 28, "{rows:#?}");
    for def in fleet::FLEET {
        assert!(
            rows.iter().any(|r| r.split('\t').any(|f| f == def.name)),
            "{} is not listed",
            def.name
        );
    }
    let json = cmd_at(&sim.server)
        .args(["sources", "--json"])
        .assert()
        .success();
    let items: Value = serde_json::from_str(&stdout(&json)).unwrap();
    let (_, page) = get("/v3/sources", 0.0);
    assert_eq!(items.as_array().unwrap().len(), 28);
    assert_eq!(page["count"], 28);
    let replicating = cmd_at(&sim.server)
        .args(["sources", "--state", "replicate", "--json"])
        .assert()
        .success();
    let wave: Value = serde_json::from_str(&stdout(&replicating)).unwrap();
    assert_eq!(wave.as_array().unwrap().len(), 8, "the wave at t=0");
}

#[test]
fn check_all_fails_and_names_the_error_sources() {
    let sim = Sim::start();
    let assert = cmd_at(&sim.server)
        .args(["check", "--all"])
        .assert()
        .code(1);
    let err = stderr(&assert);
    for (name, code) in [("db-02", "SMS.6517"), ("db-03", "SMS.6537")] {
        assert!(
            err.contains(name) && err.contains(code),
            "{name} {code}: {err}"
        );
    }
    assert!(
        !err.contains("app-01"),
        "a source with only OK checks is named: {err}"
    );
}

#[test]
fn source_by_name_shows_the_running_task() {
    let sim = Sim::start();
    sim.at(30.0);
    let assert = cmd_at(&sim.server)
        .args(["source", "app-02"])
        .assert()
        .success();
    let out = stdout(&assert);
    assert!(
        out.contains("app-02") && out.contains(&id_of("app-02")),
        "{out}"
    );
    assert!(
        out.contains("MIGRATE_LINUX_FILE"),
        "the running sub-task: {out}"
    );
    let json = cmd_at(&sim.server)
        .args(["source", "app-02", "--json"])
        .assert()
        .success();
    let body: Value = serde_json::from_str(&stdout(&json)).unwrap();
    shaped(
        &body,
        SHOW_SERVER,
        &["id", "disks", "checks", "current_task"],
        "source app-02",
    );
    assert_eq!(body["name"], "app-02");
    assert_eq!(body["networks"][0]["ip"], "10.20.0.12");
}

#[test]
fn a_wrong_token_is_401_and_exit_4() {
    let sim = Sim::start();
    let assert = sms_std()
        .args(["--endpoint", &sim.server.url(), "sources"])
        .env("SMS_AUTH_TOKEN", "not-the-token")
        .output()
        .unwrap();
    assert_eq!(assert.status.code(), Some(4));
    let err = String::from_utf8_lossy(&assert.stderr);
    assert!(
        err.starts_with("error:") && err.contains("SMS.9004"),
        "{err}"
    );
    let (status, body) = sim::scenario().respond("GET", "/v3/sources", &[], 0.0);
    assert_eq!(status, 401);
    let body: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(body["error_code"], "SMS.9004");
    assert!(body["error_msg"].is_string());
}

#[test]
fn list_items_and_details_carry_the_sdk_fields() {
    for t in [0.0, 45.0, 200.0] {
        let (status, page) = get("/v3/sources", t);
        assert_eq!(status, 200);
        for item in page["source_servers"].as_array().unwrap() {
            let name = item["name"].as_str().unwrap();
            shaped(
                item,
                SOURCE_LIST_ITEM,
                &[
                    "id",
                    "name",
                    "ip",
                    "state",
                    "connected",
                    "migration_cycle",
                    "last_visit_time",
                    "replicatesize",
                    "totalsize",
                ],
                name,
            );
            if !item["current_task"].is_null() {
                shaped(
                    &item["current_task"],
                    TASK_BY_SERVER_SOURCES,
                    &["id", "name", "state", "migrate_speed"],
                    name,
                );
            }
            let (status, details) =
                get(&format!("/v3/sources/{}", item["id"].as_str().unwrap()), t);
            assert_eq!(status, 200);
            shaped(
                &details,
                SHOW_SERVER,
                &["id", "name", "disks", "networks", "checks"],
                name,
            );
            assert_eq!(
                details["replicatesize"], item["replicatesize"],
                "{name} at {t}"
            );
            assert_eq!(details["state"], item["state"], "{name} at {t}");
        }
    }
    let (status, body) = get("/v3/sources/00000000-0000-4000-8000-000000000000", 0.0);
    assert_eq!(status, 404);
    assert!(body["error_code"].as_str().unwrap().starts_with("SMS."));
}

#[test]
fn the_list_pages_and_filters_as_the_api_does() {
    let (_, page) = get("/v3/sources?limit=5&offset=25", 0.0);
    assert_eq!(page["count"], 28);
    assert_eq!(page["source_servers"].as_array().unwrap().len(), 3);
    let (_, capped) = get("/v3/sources?limit=500", 0.0);
    assert_eq!(capped["source_servers"].as_array().unwrap().len(), 28);
    let (_, named) = get("/v3/sources?name=app-0", 0.0);
    assert_eq!(named["count"], 8);
    let (_, off) = get("/v3/sources?connected=false", 0.0);
    let names: Vec<&str> = off["source_servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"web-05") && !names.contains(&"app-07"),
        "{names:?}"
    );
    let (_, later) = get("/v3/sources?connected=false", 60.0);
    assert!(
        later.to_string().contains("app-07"),
        "the lost agent at 60 s"
    );
    let (_, tasks) = get("/v3/tasks?limit=4&offset=8", 0.0);
    assert_eq!(tasks["count"], 13);
    assert_eq!(tasks["tasks"].as_array().unwrap().len(), 4);
}

#[test]
fn tasks_are_shaped_as_tasks_response_body() {
    let (status, page) = get("/v3/tasks", 30.0);
    assert_eq!(status, 200);
    let tasks = page["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 13, "the wave's 8 and 5 finished before");
    for task in tasks {
        let what = task["name"].as_str().unwrap();
        shaped(
            task,
            TASKS_RESPONSE_BODY,
            &[
                "id",
                "name",
                "type",
                "state",
                "migrate_speed",
                "sub_tasks",
                "source_server",
                "total_cpu_usage",
                "total_mem_usage",
                "total_disk_io",
            ],
            what,
        );
        shaped(
            &task["source_server"],
            SOURCE_ASSOCIATED,
            &["id", "name", "ip"],
            what,
        );
        for sub in task["sub_tasks"].as_array().unwrap() {
            shaped(
                sub,
                SUB_TASK_ASSOCIATED,
                &["name", "progress", "start_date", "end_date"],
                what,
            );
            let p = sub["progress"].as_u64().unwrap();
            assert!(p <= 100, "{what}: {sub}");
        }
        let (status, one) = get(&format!("/v3/tasks/{}", task["id"].as_str().unwrap()), 30.0);
        assert_eq!(status, 200);
        shaped(
            &one,
            SHOW_TASK,
            &["id", "state", "sub_tasks", "source_server", "start_date"],
            what,
        );
        for sub in one["sub_tasks"].as_array().unwrap() {
            shaped(sub, SUB_TASK, &["name", "progress"], what);
        }
        assert_eq!(one["state"], task["state"]);
    }
    let app02 = by_name(&page, "tasks", "app-02");
    assert!(
        app02["total_cpu_usage"].as_f64().unwrap() > 80.0,
        "over SMS's 80 % limit"
    );
    let (_, one) = get(&format!("/v3/tasks/{}", task_of("app-02")), 30.0);
    assert!(one["remain_seconds"].as_u64().unwrap() > 0, "{one}");
    assert_eq!(get("/v3/tasks/nope", 0.0).0, 404);
}

#[test]
fn the_wave_moves_stalls_fails_and_loses_an_agent() {
    let item =
        |t: f64, name: &str| by_name(&get("/v3/sources", t).1, "source_servers", name).clone();
    let task = |t: f64, name: &str| by_name(&get("/v3/tasks", t).1, "tasks", name).clone();
    let bytes = |v: &Value| v["replicatesize"].as_u64().unwrap();

    // Progress: bytes grow, the running sub-task advances, then the source finishes.
    assert!(bytes(&item(0.0, "app-01")) < bytes(&item(20.0, "app-01")));
    let stage = |t: f64, name: &str| item(t, name)["current_task"]["subtask_info"].clone();
    assert_eq!(stage(0.0, "app-08"), "CREATE_CLOUD_SERVER");
    assert_eq!(stage(30.0, "app-08"), "MIGRATE_LINUX_FILE");
    let done = item(fleet::wave_end() + 1.0, "app-08");
    assert_eq!(done["state"], "finished");
    assert_eq!(bytes(&done), done["totalsize"].as_u64().unwrap());
    assert_eq!(
        task(fleet::wave_end() + 1.0, "app-08")["state"],
        "MIGRATE_SUCCESS"
    );
    assert!(
        (90.0..=150.0).contains(&fleet::wave_end()),
        "about 2 minutes"
    );

    // The stall: 20 % and still running, however long.
    for t in [60.0, 300.0] {
        let s = item(t, "app-04");
        assert_eq!(
            bytes(&s) * 5,
            s["totalsize"].as_u64().unwrap(),
            "20 % at {t}"
        );
        assert_eq!(s["state"], "replicate");
        assert_eq!(s["connected"], true);
        assert_eq!(task(t, "app-04")["state"], "RUNNING");
        assert_eq!(task(t, "app-04")["migrate_speed"], 0.0);
    }

    // The failure: SMS's reason in error_json, a string that holds JSON.
    assert_eq!(item(30.0, "app-06")["state"], "replicate");
    assert!(task(30.0, "app-06").get("error_json").is_none());
    let failed = task(60.0, "app-06");
    assert_eq!(failed["state"], "MIGRATE_FAIL");
    assert_eq!(item(60.0, "app-06")["state"], "error");
    let reason: Value = serde_json::from_str(failed["error_json"].as_str().unwrap()).unwrap();
    assert_eq!(reason["error_code"], "SMS.0805");
    assert_eq!(reason["error_param"][0], "/dev/vdb1");

    // The lost agent: disconnected, its last visit frozen, its bytes too.
    let (a, b) = (item(50.0, "app-07"), item(100.0, "app-07"));
    assert_eq!(a["connected"], false);
    assert_eq!(a["last_visit_time"], b["last_visit_time"]);
    assert_eq!(bytes(&a), bytes(&b));
    assert!(
        item(100.0, "app-01")["last_visit_time"].as_u64()
            > item(50.0, "app-01")["last_visit_time"].as_u64()
    );

    // Pure: the same moment twice is the same body.
    assert_eq!(get("/v3/tasks", 42.5), get("/v3/tasks", 42.5));
}

#[test]
fn errors_list_the_failed_migration_once_it_failed() {
    let (status, before) = get("/v3/errors", 0.0);
    assert_eq!(status, 200);
    assert_eq!(before["count"], 0);
    let (_, after) = get("/v3/errors", 60.0);
    assert_eq!(after["count"], 1);
    let e = &after["migration_errors"][0];
    shaped(e, MIGRATION_ERRORS, MIGRATION_ERRORS, "migration error");
    assert_eq!(e["name"], "app-06");
    assert_eq!(e["source_id"], Value::String(id_of("app-06")));
    let reason: Value = serde_json::from_str(e["error_json"].as_str().unwrap()).unwrap();
    assert_eq!(reason["error_code"], "SMS.0805");
}

#[test]
fn consistency_results_come_once_a_migration_finished() {
    let result = |name: &str, t: f64| {
        let (status, body) = get(
            &format!("/v3/tasks/{}/consistency-result", task_of(name)),
            t,
        );
        assert_eq!(status, 200, "{name}: {body}");
        assert_eq!(body["task_id"], Value::String(task_of(name)));
        body["result_list"].as_array().unwrap().clone()
    };
    assert!(result("app-01", 0.0).is_empty(), "not finished yet");
    let clean = result("app-01", fleet::wave_end());
    assert_eq!(clean.len(), 1);
    shaped(&clean[0], CONSISTENCY_RESULT, CONSISTENCY_RESULT, "app-01");
    assert_eq!(clean[0]["num_different_files"], 0);
    let differs = result(fleet::DIFFERS, 0.0);
    assert_eq!(differs[0]["dir_check"], "/var/lib/mysql");
    assert!(differs[0]["num_different_files"].as_u64().unwrap() > 0);
    assert!(
        result("app-04", 600.0).is_empty(),
        "stalled, never finished"
    );
    let (status, _) = get(
        &format!("/v3/tasks/{}/consistency-result", fleet::task_id(99)),
        0.0,
    );
    assert_eq!(status, 404);
}

#[test]
fn snapshots_a_minute_apart_differ_in_progress() {
    let sim = Sim::start();
    let snapshot = |name: &str| {
        let out = cmd_at(&sim.server)
            .args(["source", "app-08", "--json"])
            .assert()
            .success();
        crate::support::temp_body(name, &stdout(&out))
    };
    let old = snapshot("sim-app-08-t0.json");
    sim.at(60.0);
    let new = snapshot("sim-app-08-t60.json");
    let assert = cmd_at(&sim.server)
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .assert()
        .code(1);
    let out = stdout(&assert);
    assert!(
        out.contains("app-08") && out.contains("replicatesize"),
        "{out}"
    );
    assert!(
        out.contains("setting") && out.contains("replicating"),
        "the cycle moved: {out}"
    );
}

#[test]
fn a_running_clock_moves_the_wave_between_two_runs() {
    let sim = Sim::start();
    sim.run(0.0, 2.0);
    let bytes = || {
        let out = cmd_at(&sim.server)
            .args(["sources", "--name", "app-05", "--json"])
            .assert()
            .success();
        let items: Value = serde_json::from_str(&stdout(&out)).unwrap();
        items[0]["replicatesize"].as_u64().unwrap()
    };
    let first = bytes();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(bytes() > first, "3 scenario seconds later");
}
