//! The task behind a source (issue 21.2): `source` fetches GET /v3/tasks/{current_task.id}
//! (one request, only when it has a task) and shows it under "Migration task"; `--json`
//! stays the body, `--with-task` adds the task under its own key.

use serde_json::{Value, json};

use crate::golden::assert_golden;
use crate::support::has_raw_control;
use crate::support::inproc::{run, run_at};
use crate::support::server::{Reply, Server};
use crate::support::{fleet, temp_body};

const HOSTILE: &str = "\u{1b}[31mred\u{7}\u{202e}::error::pwned|<b>`x`</b>&\r\nnext";

fn body() -> Value {
    let mut s = fleet::source(1);
    s["current_task"] = json!({
        "id": "task-1", "name": "MigrationTask-1", "type": "MIGRATE_FILE",
        "state": "MIGRATE_FAIL", "start_date": 1732924000000u64, "migrate_speed": 0,
    });
    s
}

fn task() -> Value {
    json!({
        "id": "task-1",
        "name": "MigrationTask-1",
        "type": "MIGRATE_FILE",
        "state": "MIGRATE_FAIL",
        "start_date": 1732924000000u64,
        "estimate_complete_time": 1732931200000u64,
        "remain_seconds": 3725,
        "migrate_speed": 93.5,
        "error_json": json!({"error_code": "SMS.0805", "error_param": ["/dev/vdb1", "the copy of this partition stopped part of the way, long enough to wrap at eighty"]}).to_string(),
        "total_cpu_usage": 41.5,
        "total_mem_usage": 2048,
        "total_disk_io": 120,
        "source_server": {"id": fleet::id(1)},
        "sub_tasks": [
            {"id": 1, "name": "CREATE_CLOUD_SERVER", "progress": 100, "start_date": 1732924000000u64, "end_date": 1732924060000u64},
            {"id": 2, "name": "MIGRATE_LINUX_FILE", "progress": 45, "start_date": 1732924060000u64},
            {"id": 3, "name": "CLONE_VM", "progress": 0},
        ],
    })
}

/// The source and (when `task` is Some) its task; anything else is 404.
fn server(source: Value, task: Option<Value>) -> Server {
    Server::start(move |r, _| {
        let path = r.path();
        if path == format!("/v3/sources/{}", fleet::id(1)) {
            return Reply::json(200, source.to_string());
        }
        match (&task, path) {
            (Some(t), "/v3/tasks/task-1") => Reply::json(200, t.to_string()),
            _ => Reply::json(
                404,
                json!({"error_code": "SMS.2252", "error_msg": "no such task"}).to_string(),
            ),
        }
    })
}

/// The task section of a report: from "Migration task" to the next section.
fn task_section(report: &str) -> String {
    let start = report.find("Migration task\n").expect("a task section");
    let end = report[start..]
        .find("\nDisks\n")
        .map_or(report.len(), |e| start + e + 1);
    report[start..end].to_owned()
}

#[test]
fn the_task_section_at_80_120_and_200_columns() {
    let server = server(body(), Some(task()));
    for cols in [80u16, 120, 200] {
        let ran = run_at(&server, &["source", &fleet::id(1)])
            .terminal(cols, 50)
            .env("NO_COLOR", "1")
            .go();
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        for line in ran.stdout.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= usize::from(cols),
                "{cols}: {line}"
            );
        }
        assert_golden(
            &format!("source-task-{cols}.txt"),
            &task_section(&ran.stdout),
        );
    }
    let asked: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    assert_eq!(
        asked
            .iter()
            .filter(|p| p.as_str() == "/v3/tasks/task-1")
            .count(),
        3,
        "one task request a run: {asked:?}"
    );
}

#[test]
fn the_task_section_names_sms_reason_estimate_and_load() {
    let server = server(body(), Some(task()));
    let ran = run_at(&server, &["source", &fleet::id(1), "--wide"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let section = task_section(&ran.stdout);
    for expected in [
        "Error:           SMS.0805 /dev/vdb1, the copy of this partition",
        "(see: sms-inspect explain SMS.0805)",
        "SMS estimate:    1h 02m to go, done at 2024-11-30T01:46:40Z",
        "Source CPU:      41.5%",
        "Source memory:   2048 MB",
        "Source disk I/O: 120 Mbit/s",
        "Speed:           93.5 Mbit/s",
        "MIGRATE_LINUX_FILE        45%  2024-11-29T23:47:40Z  -",
    ] {
        assert!(section.contains(expected), "{expected}\n{section}");
    }
}

#[test]
fn json_stays_the_body_unless_with_task_asks() {
    let server = server(body(), Some(task()));
    let ran = run_at(&server, &["source", &fleet::id(1), "--json"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(serde_json::from_str::<Value>(&ran.stdout).unwrap(), body());
    assert_eq!(server.requests().len(), 1, "no task request for --json");

    let ran = run_at(&server, &["source", &fleet::id(1), "--json", "--with-task"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&ran.stdout).unwrap(),
        json!({"source": body(), "task": task()})
    );
    let ran = run_at(
        &server,
        &[
            "source",
            &fleet::id(1),
            "--with-task",
            "--jq",
            ".task.remain_seconds",
        ],
    )
    .go();
    assert_eq!(ran.stdout, "3725\n");

    // A source without a task: no request, `"task": null`.
    let mut bare = body();
    bare.as_object_mut().unwrap().remove("current_task");
    let server = self::server(bare.clone(), Some(task()));
    let ran = run_at(&server, &["source", &fleet::id(1), "--json", "--with-task"]).go();
    assert_eq!(
        serde_json::from_str::<Value>(&ran.stdout).unwrap(),
        json!({"source": bare, "task": null})
    );
    let ran = run_at(&server, &["source", &fleet::id(1)]).go();
    assert_eq!(ran.code, 0);
    assert!(ran.stdout.contains("migration task"), "{}", ran.stdout);
    assert_eq!(
        server.requests().len(),
        2,
        "never a task request without a task"
    );
}

#[test]
fn a_missing_task_leaves_the_report_whole_with_one_note() {
    let server = server(body(), None);
    let ran = run_at(&server, &["source", &fleet::id(1), "--wide"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let notes: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", ran.stderr);
    assert!(notes[0].contains("'task-1' was not found"), "{}", notes[0]);
    assert!(
        ran.stdout
            .contains("Task:            MigrationTask-1 (task-1)"),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("Sub-tasks"), "{}", ran.stdout);
    assert!(ran.stdout.contains("\nDisks\n"), "{}", ran.stdout);

    // Another failure (a body that is not a task) is one note too.
    let server = self::server(body(), Some(json!([1])));
    let ran = run_at(&server, &["source", &fleet::id(1)]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stderr.contains("could not be read"), "{}", ran.stderr);
    let ran = run_at(&server, &["source", &fleet::id(1), "--json", "--with-task"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(
        serde_json::from_str::<Value>(&ran.stdout).unwrap()["task"],
        Value::Null
    );
}

#[test]
fn source_file_makes_no_request() {
    let path = temp_body("diag-source.json", &body().to_string());
    let ran = run(&[
        "source",
        "--file",
        path.to_str().unwrap(),
        "--endpoint",
        "http://127.0.0.1:9",
    ])
    .go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stderr.is_empty(), "{}", ran.stderr);
    assert!(!ran.stdout.contains("Sub-tasks"));
    let ran = run(&["source", "--file", path.to_str().unwrap(), "--with-task"]).go();
    assert_eq!(ran.code, 2, "--with-task asks the API: {}", ran.stderr);
}

#[test]
fn hostile_strings_in_every_task_field_are_escaped() {
    let mut t = task();
    crate::support::replace_strings(&mut t, HOSTILE);
    t["id"] = json!("task-1");
    t["error_json"] = json!(json!({"error_code": HOSTILE, "error_param": [HOSTILE]}).to_string());
    for key in [
        "migrate_speed",
        "total_cpu_usage",
        "total_mem_usage",
        "total_disk_io",
        "remain_seconds",
        "estimate_complete_time",
    ] {
        t[key] = json!(HOSTILE);
    }
    t["sub_tasks"][0]["progress"] = json!(HOSTILE);
    t["sub_tasks"][0]["start_date"] = json!(HOSTILE);
    let server = server(body(), Some(t));
    for ran in [
        run_at(&server, &["source", &fleet::id(1)]).go(),
        run_at(&server, &["source", &fleet::id(1)])
            .terminal(80, 50)
            .env("NO_COLOR", "1")
            .go(),
        run_at(&server, &["source", &fleet::id(1), "--wide"]).go(),
    ] {
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        assert_eq!(has_raw_control(&ran.stdout), None, "{:?}", ran.stdout);
        assert!(ran.stdout.contains("\\x1b[31mred"), "{}", ran.stdout);
    }
}
