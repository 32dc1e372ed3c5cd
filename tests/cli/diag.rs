//! Diagnosis (issue 21): `errors` (GET /v3/errors), the task behind a source in `source`
//! (GET /v3/tasks/{id}) and in `check` (GET /v3/tasks), with the pointers to `explain`.

use serde_json::{Value, json};

use crate::support::fleet::{self, Fleet};
use crate::support::has_raw_control;
use crate::support::inproc::{run, run_at};
use crate::support::server::{Recorded, Reply, Server};

/// Control characters, a bidi override, a workflow command, Markdown and XML markup.
const HOSTILE: &str = "\u{1b}[31mred\u{7}\u{202e}::error::pwned|<b>`x`</b>&\r\nnext";

fn query(r: &Recorded, key: &str) -> Option<u64> {
    r.query()
        .into_iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.parse().ok())
}

fn failed(i: usize) -> Value {
    let error_json = match i % 3 {
        0 => json!({"error_code": "SMS.0805", "error_param": ["/dev/vdb1"]}).to_string(),
        1 => "the agent lost its connection".to_owned(),
        _ => "{\"error_code\": \"SMS.9".to_owned(),
    };
    json!({
        "source_id": fleet::id(i),
        "name": format!("srv-{i:04}"),
        "host_name": format!("srv-{i:04}.internal"),
        "source_ip": format!("10.0.0.{}", i % 250),
        "target_ip": format!("192.168.0.{}", i % 250),
        "error_json": error_json,
        "extra_field": i,
    })
}

/// GET /v3/errors over `items`, paged by offset/limit (at most `page_max` an answer), with
/// `count` (None: no count).
fn errors_server(items: Vec<Value>, count: Option<usize>, page_max: usize) -> Server {
    Server::start(move |r, _| {
        assert_eq!(r.path(), "/v3/errors", "only the errors endpoint is asked");
        let offset = query(r, "offset").unwrap_or(0) as usize;
        let limit = query(r, "limit").unwrap_or(50) as usize;
        let page: Vec<&Value> = items
            .iter()
            .skip(offset)
            .take(limit.min(page_max))
            .collect();
        let mut body = json!({"migration_errors": page});
        if let Some(count) = count {
            body["count"] = json!(count);
        }
        Reply::json(200, body.to_string())
    })
}

#[test]
fn errors_pages_200_at_a_time_and_decodes_every_kind_of_error_json() {
    let items: Vec<Value> = (0..450).map(failed).collect();
    let server = errors_server(items.clone(), Some(450), 200);
    let ran = run_at(&server, &["errors", "--enterprise-project-id", "ep-1"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(lines.len(), 450);
    assert_eq!(
        lines[0],
        format!(
            "{}\tsrv-0000\t10.0.0.0\t192.168.0.0\tSMS.0805\t/dev/vdb1",
            fleet::id(0)
        )
    );
    assert!(
        lines[1].ends_with("\t-\tthe agent lost its connection"),
        "{}",
        lines[1]
    );
    // Malformed JSON is shown as the text it is.
    assert!(
        lines[2].ends_with("\t-\t{\"error_code\": \"SMS.9"),
        "{}",
        lines[2]
    );
    let mut asked: Vec<(u64, u64)> = server
        .requests()
        .iter()
        .map(|r| (query(r, "offset").unwrap(), query(r, "limit").unwrap()))
        .collect();
    asked.sort();
    assert_eq!(asked, [(0, 200), (200, 200), (400, 200)]);
    assert!(server.requests().iter().all(|r| {
        r.query()
            .contains(&("enterprise_project_id".to_owned(), "ep-1".to_owned()))
    }));

    // --json: the API's items exactly, unknown fields kept.
    let ran = run_at(&server, &["errors", "--json"]).go();
    let shown: Vec<Value> = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(shown, items);
    let ran = run_at(&server, &["errors", "--jq", ".[1].extra_field"]).go();
    assert_eq!(ran.stdout, "1\n");
    let ran = run_at(&server, &["errors", "--yaml"]).go();
    assert!(
        ran.stdout.contains("host_name: srv-0000.internal"),
        "{}",
        ran.stdout
    );
}

#[test]
fn errors_on_a_terminal_wraps_the_message_and_points_to_explain() {
    let mut long = failed(0);
    long["error_json"] = json!(
        json!({"error_code": "SMS.0805", "error_param": ["/dev/vdb1", "a parameter long enough to need more than one line at eighty columns"]})
            .to_string()
    );
    let server = errors_server(vec![long, failed(1)], Some(2), 200);
    let ran = run_at(&server, &["errors"])
        .terminal(80, 40)
        .env("NO_COLOR", "1")
        .go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(
        ran.stdout.starts_with("Failed migrations\n"),
        "{}",
        ran.stdout
    );
    for line in ran.stdout.lines() {
        assert!(unicode_width::UnicodeWidthStr::width(line) <= 80, "{line}");
    }
    let joined = ran.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        joined.contains("more than one line at eighty columns (see: sms-inspect explain SMS.0805)"),
        "never cut: {}",
        ran.stdout
    );
    assert!(ran.stdout.contains("2 failed migrations"), "{}", ran.stdout);

    let md = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("errors.md");
    let ran = run_at(&server, &["errors", "--markdown", md.to_str().unwrap()]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("| ` srv-0000 ` |"), "{md}");
    assert!(md.contains("(see: sms-inspect explain SMS.0805)"), "{md}");
}

#[test]
fn errors_keeps_the_source_lists_bounds() {
    let items: Vec<Value> = (0..5).map(failed).collect();
    // Short of its count.
    let ran = run_at(
        &errors_server(items[..3].to_vec(), Some(5), 200),
        &["errors"],
    )
    .go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("ended short: 3 of the 5"),
        "{}",
        ran.stderr
    );
    // More than its count.
    let ran = run_at(&errors_server(items.clone(), Some(4), 200), &["errors"]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("sent 5 items where its count promises 4"),
        "{}",
        ran.stderr
    );
    // One source twice.
    let twice = vec![failed(1), failed(2), failed(1)];
    let ran = run_at(&errors_server(twice, Some(3), 200), &["errors", "--json"]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    assert!(ran.stdout.is_empty(), "nothing is shown: {}", ran.stdout);
    assert!(ran.stderr.contains("twice"), "{}", ran.stderr);
    // A server that repeats its first page whatever the offset.
    let page = json!({"count": 4, "migration_errors": [failed(1), failed(2)]}).to_string();
    let ran = run_at(&Server::always(Reply::json(200, page)), &["errors"]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    // Endless: one item a page against a count that would need more than 2,000 pages.
    let ran = run_at(
        &errors_server((0..3).map(failed).collect(), Some(5000), 1),
        &["errors"],
    )
    .go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("more than 2000 pages"),
        "{}",
        ran.stderr
    );
    // No count: full pages until a short one.
    let items: Vec<Value> = (0..250).map(failed).collect();
    let server = errors_server(items, None, 200);
    let ran = run_at(&server, &["errors"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert_eq!(ran.stdout.lines().count(), 250);
    // Not a list.
    let ran = run_at(&Server::always(Reply::json(200, "[1]")), &["errors"]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    let body = json!({"count": 1, "migration_errors": ["text"]}).to_string();
    let ran = run_at(&Server::always(Reply::json(200, body)), &["errors"]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
}

#[test]
fn errors_from_a_server_without_the_endpoint_is_a_clear_api_error() {
    let server = Server::always(Reply::json(
        404,
        json!({"error_code": "APIGW.0101", "error_msg": "The API does not exist"}).to_string(),
    ));
    let ran = run_at(&server, &["errors"]).go();
    assert_eq!(ran.code, 3, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("failed-migration list"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("404"), "{}", ran.stderr);
    assert!(ran.stdout.is_empty());
}

#[test]
fn hostile_strings_in_every_errors_field_are_escaped() {
    let mut item = json!({
        "source_id": HOSTILE, "name": HOSTILE, "host_name": HOSTILE,
        "source_ip": HOSTILE, "target_ip": HOSTILE,
        "error_json": json!({"error_code": HOSTILE, "error_param": [HOSTILE]}).to_string(),
    });
    let plain = {
        let mut p = item.clone();
        p["source_id"] = json!("other");
        p["error_json"] = json!(HOSTILE);
        p
    };
    item["name"] = json!(format!("a{HOSTILE}"));
    let server = errors_server(vec![item, plain], Some(2), 200);
    let md = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-errors.md");
    for ran in [
        run_at(&server, &["errors"]).go(),
        run_at(&server, &["errors"])
            .terminal(100, 40)
            .env("NO_COLOR", "1")
            .go(),
        run_at(&server, &["errors", "--wide"]).go(),
        run_at(&server, &["errors", "--markdown", md.to_str().unwrap()]).go(),
    ] {
        assert_eq!(ran.code, 0, "{}", ran.stderr);
        // Piped, the fields are tab-separated: those tabs are the tool's own.
        let stdout = ran.stdout.replace('\t', " ");
        assert_eq!(has_raw_control(&stdout), None, "{:?}", ran.stdout);
        assert_eq!(has_raw_control(&ran.stderr), None, "{:?}", ran.stderr);
        assert!(!ran.stdout.contains('\u{202e}'));
    }
    let md = std::fs::read_to_string(md).unwrap();
    assert_eq!(has_raw_control(&md), None, "{md:?}");
    for line in md.lines().filter(|l| l.starts_with("| `")) {
        // Every row keeps its six cells: no unescaped `|` from the server.
        let cells = line.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 7, "{line}");
    }
}

/// A task of source `i` for GET /v3/tasks and /v3/tasks/{id}.
fn task(i: usize, state: &str, error_json: &str) -> Value {
    json!({
        "id": format!("task-{i}"),
        "name": format!("MigrationTask-{i}"),
        "type": "MIGRATE_FILE",
        "state": state,
        "create_date": 1732924000000u64 + i as u64,
        "start_date": 1732924000000u64,
        "estimate_complete_time": 1732931200000u64,
        "remain_seconds": 3725,
        "migrate_speed": 93.5,
        "error_json": error_json,
        "total_cpu_usage": 41.5,
        "total_mem_usage": 2048,
        "total_disk_io": 120,
        "source_server": {"id": fleet::id(i), "name": format!("srv-{i:04}")},
        "sub_tasks": [
            {"id": 1, "name": "CREATE_CLOUD_SERVER", "progress": 100, "start_date": 1732924000000u64, "end_date": 1732924060000u64},
            {"id": 2, "name": "MIGRATE_LINUX_FILE", "progress": 45, "start_date": 1732924060000u64},
            {"id": 3, "name": "CLONE_VM", "progress": 0},
        ],
    })
}

/// A fleet of `n` sources (each with a current task), and GET /v3/tasks over `tasks`, paged
/// (None: the endpoint is missing, 404).
fn fleet_with_tasks(n: usize, tasks: Option<Vec<Value>>) -> Server {
    let mut fleet = Fleet::new(n);
    for (i, s) in fleet.sources.iter_mut().enumerate() {
        s["current_task"] =
            json!({"id": format!("task-{i}"), "name": format!("MigrationTask-{i}")});
    }
    Server::start(move |r, _| {
        if r.path() == "/v3/tasks" {
            let Some(tasks) = &tasks else {
                return Reply::json(404, json!({"error_code": "APIGW.0101"}).to_string());
            };
            let offset = query(r, "offset").unwrap_or(0) as usize;
            let limit = query(r, "limit").unwrap_or(50) as usize;
            let page: Vec<&Value> = tasks.iter().skip(offset).take(limit).collect();
            return Reply::json(
                200,
                json!({"count": tasks.len(), "tasks": page}).to_string(),
            );
        }
        assert!(
            !r.path().starts_with("/v3/tasks/"),
            "never one request per source"
        );
        fleet.reply(r)
    })
}

#[test]
fn check_carries_each_sources_last_task_failure_without_failing_the_gate() {
    // 450 tasks: three pages; source 1's failed with a known code, source 2's with text.
    let mut tasks: Vec<Value> = (0..450)
        .map(|i| {
            task(
                i,
                if i == 1 || i == 2 {
                    "MIGRATE_FAIL"
                } else {
                    "RUNNING"
                },
                "",
            )
        })
        .collect();
    tasks[1]["error_json"] =
        json!(json!({"error_code": "SMS.0805", "error_param": ["/dev/vdb1"]}).to_string());
    tasks[2]["error_json"] = json!(HOSTILE);
    let server = fleet_with_tasks(3, Some(tasks));
    let ran = run_at(&server, &["check", "--all", "--json"]).go();
    // Source 0 fails for its ERROR check; sources 1 and 2 pass, their task failures inform.
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    let task_requests = server
        .requests()
        .iter()
        .filter(|r| r.path() == "/v3/tasks")
        .count();
    assert_eq!(task_requests, 3, "⌈450 / 200⌉ requests");
    let shown: Vec<Value> = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(shown[0]["task_error"], Value::Null);
    assert_eq!(shown[1]["passed"], true);
    assert_eq!(shown[2]["passed"], true);
    assert_eq!(
        shown[1]["task_error"],
        json!({"code": "SMS.0805", "message": "/dev/vdb1"})
    );
    assert_eq!(shown[2]["task_error"]["code"], Value::Null);
    assert!(ran.stderr.contains(
        "note: srv-0001 (00000001-0000-4000-8000-000000000001): last task failed: SMS.0805 /dev/vdb1 (see: sms-inspect explain SMS.0805)"
    ), "{}", ran.stderr);
    assert_eq!(has_raw_control(&ran.stderr), None, "{:?}", ran.stderr);

    // The REASON column, when the source has no other reason.
    let ran = run_at(&server, &["check", "--all", "--wide"]).go();
    let row = ran
        .stdout
        .lines()
        .find(|l| l.starts_with("srv-0001"))
        .unwrap();
    assert!(
        row.ends_with("last task failed: SMS.0805 /dev/vdb1 (see: sms-inspect explain SMS.0805)"),
        "{row}"
    );
    // Source 0 fails its gate (an ERROR check): that reason stays first.
    let row = ran
        .stdout
        .lines()
        .find(|l| l.starts_with("srv-0000"))
        .unwrap();
    assert!(row.contains("SOFTWARE"), "{row}");
    assert!(row.contains("(see: sms-inspect explain SMS.6517)"), "{row}");

    // Annotations (a warning), Markdown, JUnit's <system-out>.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let (md, junit) = (dir.join("task-errors.md"), dir.join("task-errors.xml"));
    let ran = run_at(
        &server,
        &[
            "check",
            "--all",
            "--annotations",
            "github",
            "--markdown",
            md.to_str().unwrap(),
            "--junit",
            junit.to_str().unwrap(),
        ],
    )
    .go();
    assert_eq!(
        ran.code, 1,
        "source 0's ERROR check fails the gate: {}",
        ran.stderr
    );
    assert!(ran.stderr.contains(
        "::warning title=srv-0001 (00000001-0000-4000-8000-000000000001)%3A last migration task::last task failed: SMS.0805 /dev/vdb1 (see: sms-inspect explain SMS.0805)"
    ), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("rsync is not installed [rsync] (see: sms-inspect explain SMS.6517)"),
        "{}",
        ran.stderr
    );
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("### Last migration task failed"), "{md}");
    assert!(
        md.contains("` SMS.0805 /dev/vdb1 ` (see: sms-inspect explain SMS.0805)"),
        "{md}"
    );
    let xml = std::fs::read_to_string(junit).unwrap();
    assert!(xml.contains("<testcase classname=\"srv-0001 (00000001-0000-4000-8000-000000000001)\" name=\"last migration task\">\n      <system-out>last task failed: SMS.0805 /dev/vdb1 (see: sms-inspect explain SMS.0805)</system-out>"), "{xml}");
    assert_eq!(has_raw_control(&xml.replace('\n', "")), None);
}

#[test]
fn check_without_a_task_endpoint_says_so_once_and_shows_the_rest() {
    let server = fleet_with_tasks(3, None);
    let ran = run_at(&server, &["check", "--all"]).go();
    assert_eq!(ran.code, 1, "source 0's ERROR check: {}", ran.stderr);
    assert_eq!(ran.stdout.lines().count(), 3, "{}", ran.stdout);
    let notes: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("note:"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", ran.stderr);
    assert!(notes[0].contains("no task list"), "{}", notes[0]);
    assert!(notes[0].contains("404"), "{}", notes[0]);

    // --file makes no request at all.
    let body = crate::support::temp_body("diag-file.json", &fleet::source(1).to_string());
    let ran = run(&[
        "check",
        "--file",
        body.to_str().unwrap(),
        "--endpoint",
        "http://127.0.0.1:9",
    ])
    .go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(!ran.stderr.contains("note:"), "{}", ran.stderr);
}

/// `errors -o csv`: one row per failed source, the decoded code and message in their own
/// cells, formulas kept as text, read back by Python's csv module.
#[test]
fn errors_export_as_csv() {
    if !crate::support::tool("python3", crate::support::python_module("csv")) {
        return;
    }
    let mut items: Vec<Value> = (0..3).map(failed).collect();
    items[1]["name"] = json!("=HYPERLINK(\"http://x\")");
    items[2]["error_json"] = json!("plain, \"quoted\"\r\ntext");
    let server = errors_server(items, Some(3), 200);
    let ran = run_at(&server, &["errors", "-o", "csv"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let path = crate::support::temp_body("errors.csv", &ran.stdout);
    let script = "import csv, json, sys\nprint(json.dumps(list(csv.reader(open(sys.argv[1], newline=''), strict=True))))";
    let rows: Vec<Vec<String>> =
        serde_json::from_str(&crate::support::python(script, &path)).unwrap();
    assert_eq!(
        rows[0],
        [
            "name",
            "id",
            "ip",
            "host_name",
            "target_ip",
            "error_code",
            "error_message"
        ]
    );
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][0], "srv-0000");
    assert_eq!(rows[1][5], "SMS.0805");
    assert_eq!(
        rows[2][0], "'=HYPERLINK(\"http://x\")",
        "a formula stays text"
    );
    assert_eq!(rows[3][5], "", "no code: an empty cell");
    assert!(rows[3][6].contains("plain, \"quoted\""), "{:?}", rows[3]);
}
