//! `verify` (issue 21.3): the post-cutover gate on GET /v3/tasks/{id}/consistency-result.

use serde_json::{Value, json};

use crate::support::fleet;
use crate::support::has_raw_control;
use crate::support::inproc::run_at;
use crate::support::server::{Reply, Server};

const HOSTILE: &str = "\u{1b}[31mred\u{7}\u{202e}::error::pwned|<b>`x`</b>&\r\nnext";

fn dir(path: &str, different: u64, missing: u64, extra: u64) -> Value {
    json!({
        "dir_check": path,
        "num_total_files": 48211,
        "num_different_files": different,
        "num_target_miss_files": missing,
        "num_target_more_files": extra,
    })
}

/// Sources 0..3 (source `i`'s current task is `task-i`; source 2 has none) and the results:
/// task-0 one clean directory (as a string, as the SDK types it) and one with 3 different
/// files; task-1 an empty list; anything else 404.
fn server() -> Server {
    let mut sources: Vec<Value> = (0..3).map(fleet::source).collect();
    for (i, s) in sources.iter_mut().enumerate().take(2) {
        s["current_task"] = json!({"id": format!("task-{i}")});
    }
    Server::start(move |r, _| {
        let path = r.path();
        if path == "/v3/sources" {
            let name = r
                .query()
                .into_iter()
                .find(|(k, _)| k == "name")
                .map(|(_, v)| v);
            let items: Vec<&Value> = sources
                .iter()
                .filter(|s| name.as_deref().is_none_or(|n| s["name"] == n))
                .collect();
            return Reply::json(
                200,
                json!({"count": items.len(), "source_servers": items}).to_string(),
            );
        }
        if let Some(id) = path.strip_prefix("/v3/sources/")
            && let Some(s) = sources.iter().find(|s| s["id"] == id)
        {
            return Reply::json(200, s.to_string());
        }
        match path {
            "/v3/tasks/task-0/consistency-result" => Reply::json(
                200,
                json!({"task_id": "task-0", "result_list": [
                    dir("/", 0, 0, 0).to_string(),
                    dir("/var/lib/mysql", 3, 1, 0),
                ]})
                .to_string(),
            ),
            "/v3/tasks/task-1/consistency-result" => Reply::json(
                200,
                json!({"task_id": "task-1", "result_list": []}).to_string(),
            ),
            "/v3/tasks/bad/consistency-result" => {
                Reply::json(200, json!({"result_list": [7]}).to_string())
            }
            "/v3/tasks/hostile/consistency-result" => Reply::json(
                200,
                json!({"result_list": [dir(HOSTILE, 1, 0, 0)]}).to_string(),
            ),
            _ => Reply::json(
                404,
                json!({"error_code": "SMS.2252", "error_msg": "no result"}).to_string(),
            ),
        }
    })
}

#[test]
fn verify_passes_or_fails_on_either_side_of_max_different() {
    let server = server();
    // By name: srv-0000's task-0 has 3 different and 1 missing file in /var/lib/mysql.
    let ran = run_at(&server, &["verify", "srv-0000"]).go();
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert_eq!(
        ran.stdout,
        "srv-0000\ttask-0\t/\t48211\t0\t0\t0\tok\nsrv-0000\ttask-0\t/var/lib/mysql\t48211\t3\t1\t0\tdiffers\n"
    );
    assert!(ran.stderr.contains(
        "verify: srv-0000 (task task-0): /var/lib/mysql: 3 different, 1 missing, 0 extra of 48211 files"
    ), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("verify: FAIL: 1 of 1 not verified (--max-different 0)"),
        "{}",
        ran.stderr
    );
    let ran = run_at(&server, &["verify", "srv-0000", "--max-different", "2"]).go();
    assert_eq!(ran.code, 1, "3 > 2: {}", ran.stderr);
    let ran = run_at(&server, &["verify", "srv-0000", "--max-different", "3"]).go();
    assert_eq!(ran.code, 0, "3 <= 3: {}", ran.stderr);
    assert!(
        ran.stderr
            .contains("verify: PASS: 1 verified, 2 directories checked (--max-different 3)"),
        "{}",
        ran.stderr
    );

    // By ID, and by task ID.
    let ran = run_at(&server, &["verify", &fleet::id(0), "--max-different", "3"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let ran = run_at(&server, &["verify", "--task", "task-0", "--json"]).go();
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    let shown: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(shown[0]["source"], Value::Null);
    assert_eq!(shown[0]["task_id"], "task-0");
    assert_eq!(shown[0]["result"], "fail");
    assert_eq!(
        shown[0]["directories"][1],
        json!({"directory": "/var/lib/mysql", "total": 48211, "different": 3, "missing": 1, "extra": 0, "passed": false})
    );
    assert_eq!(shown[0]["directories"][0]["passed"], true);

    // The table.
    let ran = run_at(&server, &["verify", "srv-0000"])
        .terminal(120, 40)
        .env("NO_COLOR", "1")
        .go();
    assert!(
        ran.stdout.starts_with("Consistency\nSOURCE/TASK"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("0 of 1 verified (--max-different 0)"),
        "{}",
        ran.stdout
    );
}

#[test]
fn no_result_fails_unless_allowed() {
    let server = server();
    // task-1: an empty result_list; task-9: 404; srv-0002: no task at all.
    for args in [
        vec!["verify", "srv-0001"],
        vec!["verify", "--task", "task-9"],
        vec!["verify", "srv-0002"],
    ] {
        let ran = run_at(&server, &args).go();
        assert_eq!(ran.code, 1, "{args:?}: {}", ran.stderr);
        assert!(
            ran.stderr.contains("--allow-no-result passes it"),
            "{}",
            ran.stderr
        );
        let mut allowed = args.clone();
        allowed.push("--allow-no-result");
        let ran = run_at(&server, &allowed).go();
        assert_eq!(ran.code, 0, "{allowed:?}: {}", ran.stderr);
        assert!(ran.stdout.contains("no result (allowed)"), "{}", ran.stdout);
    }
    let ran = run_at(&server, &["verify", "srv-0001"]).go();
    assert!(
        ran.stderr
            .contains("srv-0001 (task task-1): no consistency result yet"),
        "{}",
        ran.stderr
    );
    let ran = run_at(&server, &["verify", "srv-0002"]).go();
    assert!(
        ran.stderr
            .contains("srv-0002: the source has no migration task"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_result_item_that_is_not_a_directory_check_is_exit_6() {
    let ran = run_at(&server(), &["verify", "--task", "bad"]).go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("item 0 of result_list is neither an object nor a string"),
        "{}",
        ran.stderr
    );
    let ran = run_at(&server(), &["verify", "no-such-source"]).go();
    assert_eq!(ran.code, 3, "{}", ran.stderr);
    let ran = run_at(&server(), &["verify"]).go();
    assert_eq!(ran.code, 2, "a source or --task is needed: {}", ran.stderr);
    let ran = run_at(&server(), &["verify", "--task", "../x\u{1b}"]).go();
    assert_eq!(ran.code, 2, "{}", ran.stderr);
    assert!(
        ran.stderr.contains("'../x\\x1b' is not an SMS task ID"),
        "{}",
        ran.stderr
    );
    // A task ID the API sent that is not one: the API's fault.
    let mut source = fleet::source(5);
    source["current_task"] = json!({"id": "../../v3/sources"});
    let ran = run_at(
        &Server::always(Reply::json(200, source.to_string())),
        &["verify", &fleet::id(5)],
    )
    .go();
    assert_eq!(ran.code, 6, "{}", ran.stderr);
}

#[test]
fn verify_reports_junit_markdown_and_annotations() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let (junit, md) = (dir.join("verify.xml"), dir.join("verify.md"));
    let server = server();
    let ran = run_at(
        &server,
        &[
            "verify",
            "srv-0000",
            "srv-0001",
            "--task",
            "hostile",
            "--junit",
            junit.to_str().unwrap(),
            "--markdown",
            md.to_str().unwrap(),
        ],
    )
    .env("GITHUB_ACTIONS", "true")
    .go();
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert!(ran.stderr.contains(
        "::error title=sms-inspect verify%3A srv-0000 (task task-0)::/var/lib/mysql: 3 different, 1 missing, 0 extra of 48211 files"
    ), "{}", ran.stderr);
    assert!(
        ran.stderr.contains(
            "::error title=sms-inspect verify%3A srv-0001 (task task-1)::no consistency result yet"
        ),
        "{}",
        ran.stderr
    );
    for text in [&ran.stdout, &ran.stderr] {
        assert_eq!(has_raw_control(&text.replace('\t', " ")), None, "{text:?}");
        assert!(
            !text.lines().any(|l| l.starts_with("::error::pwned")),
            "{text}"
        );
    }
    let md = std::fs::read_to_string(md).unwrap();
    assert!(md.contains("**FAIL**: 0 of 3 verified"), "{md}");
    assert!(
        md.contains(
            "| ` srv-0000 ` | ` task-0 ` | ` /var/lib/mysql ` | 48211 | 3 | 1 | 0 | differs |"
        ),
        "{md}"
    );
    for line in md.lines().filter(|l| l.starts_with("| `")) {
        // Server text sits in code spans (markup literal), every row keeps its eight cells.
        assert_eq!(line.replace("\\|", "").matches('|').count(), 9, "{line}");
    }
    assert_eq!(has_raw_control(&md), None, "{md:?}");
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert_eq!(has_raw_control(&xml.replace('\n', "")), None, "{xml:?}");
    assert!(!xml.contains("<b>"), "{xml}");

    if !crate::support::tool(
        "python3 with junitparser",
        crate::support::python_module("junitparser"),
    ) {
        return;
    }
    let script = r#"
import sys
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    for case in suite:
        failed = any(isinstance(r, Failure) for r in case.result)
        print(suite.name[:30], "|", case.name[:30], "|", failed)
"#;
    let lines = crate::support::python(script, &junit);
    let lines: Vec<&str> = lines.lines().collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(lines[0], "srv-0000 (task task-0) | / | False");
    assert_eq!(lines[1], "srv-0000 (task task-0) | /var/lib/mysql | True");
    assert_eq!(
        lines[2],
        "srv-0001 (task task-1) | consistency result | True"
    );
    assert!(
        lines[3].starts_with("task hostile | \\x1b[31mred"),
        "{}",
        lines[3]
    );
    assert!(lines[3].ends_with("| True"), "{}", lines[3]);
}

/// The README's samples, against the stand-in (`cargo run --example sms-sim`).
#[test]
fn the_readme_samples_hold_against_the_stand_in() {
    let sim = crate::support::sim::Sim::start();
    sim.at(600.0);
    let ran = run_at(&sim.server, &["verify", "old-01", "old-03"])
        .terminal(100, 40)
        .env("NO_COLOR", "1")
        .go();
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    assert!(
        ran.stdout
            .contains("old-03       /var/lib/mysql  48211          3        1      0  differs"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stderr
            .contains("verify: FAIL: 1 of 2 not verified (--max-different 0)"),
        "{}",
        ran.stderr
    );
    let ran = run_at(&sim.server, &["verify", "old-03", "--max-different", "3"]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let ran = run_at(&sim.server, &["errors"])
        .terminal(100, 40)
        .env("NO_COLOR", "1")
        .go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(ran.stdout.contains(
        "app-06  10.20.0.16  192.168.10.15  SMS.0805  /dev/vdb1 (see: sms-inspect explain SMS.0805)"
    ), "{}", ran.stdout);
    let ran = run_at(&sim.server, &["source", "app-06"])
        .terminal(100, 60)
        .env("NO_COLOR", "1")
        .go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    assert!(
        ran.stdout
            .contains("Error:           SMS.0805 /dev/vdb1 (see: sms-inspect explain SMS.0805)"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("\nSub-tasks\nSUB-TASK "),
        "{}",
        ran.stdout
    );
}
