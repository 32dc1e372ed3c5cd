//! The readiness grade: one test per grade, in the order it is decided, and everywhere it is
//! shown (the report, the `check` table and piped line, `check --json`, JUnit, Markdown, diff).

use serde_json::{Value, json};

use crate::support::fleet::{Fleet, id};
use crate::support::inproc::{run, run_at};
use crate::support::{NOW_MS, strip_sgr, temp_body};

fn now() -> u64 {
    NOW_MS.parse().unwrap()
}

/// A Linux source with these check results, its agent seen `ago_ms` before the tests' now.
fn body(name: &str, results: &[&str], ago_ms: u64) -> String {
    let checks: Vec<Value> = results
        .iter()
        .enumerate()
        .map(|(i, r)| json!({"name": format!("CHECK_{i}"), "result": r}))
        .collect();
    json!({
        "id": format!("id-{name}"),
        "name": name,
        "os_type": "LINUX",
        "has_tc": true,
        "cpu_quantity": 2,
        "memory": 4294967296u64,
        "last_visit_time": now() - ago_ms,
        "checks": checks,
    })
    .to_string()
}

/// `check --json -f` of one body (extra arguments after): the grade, and the exit code.
fn grade(name: &str, body: &str, extra: &[&str]) -> (String, u8) {
    let path = temp_body(&format!("readiness-{name}.json"), body);
    let mut args = vec!["check", "--json", "-f", path.to_str().unwrap()];
    args.extend_from_slice(extra);
    let ran = run(&args).go();
    let rows: Value = serde_json::from_str(&ran.stdout).expect(&ran.stderr);
    (rows[0]["readiness"].as_str().unwrap().to_owned(), ran.code)
}

const HOUR: u64 = 3_600_000;

#[test]
fn ok_checks_beside_skipped_ones_are_ready() {
    let (g, code) = grade("ready", &body("r", &["OK", "SKIPPED", "OK"], HOUR), &[]);
    assert_eq!((g.as_str(), code), ("ready", 0));
}

#[test]
fn a_warn_check_is_conditional_and_the_gate_still_passes() {
    let (g, code) = grade("cond", &body("c", &["OK", "WARN"], HOUR), &[]);
    // It informs: `--fail-on error` passes a WARN.
    assert_eq!((g.as_str(), code), ("conditional", 0));
}

#[test]
fn a_warn_hint_is_conditional() {
    let mut source: Value = serde_json::from_str(&body("tc", &["OK"], HOUR)).unwrap();
    source["has_tc"] = json!(false);
    let path = temp_body("readiness-hint.json", &source.to_string());
    let ran = run(&["check", "--json", "-f", path.to_str().unwrap()]).go();
    let rows: Value = serde_json::from_str(&ran.stdout).unwrap();
    let rules: Vec<&str> = rows[0]["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["tc-missing"]);
    assert_eq!(rows[0]["readiness"], "conditional");
    assert_eq!(ran.code, 0);
}

#[test]
fn an_error_check_is_not_ready() {
    let (g, code) = grade("err", &body("e", &["OK", "WARN", "ERROR"], HOUR), &[]);
    assert_eq!((g.as_str(), code), ("not-ready", 1));
    // Readiness is no gate rule: `--fail-on never` passes and the grade stays.
    let (g, code) = grade(
        "err-never",
        &body("e", &["ERROR"], HOUR),
        &["--fail-on", "never"],
    );
    assert_eq!((g.as_str(), code), ("not-ready", 0));
}

#[test]
fn an_error_check_is_not_ready_even_when_the_agent_is_stale() {
    let (g, _) = grade(
        "err-stale",
        &body("es", &["OK", "ERROR"], 48 * HOUR),
        &["--max-age", "1h"],
    );
    assert_eq!(g, "not-ready");
}

#[test]
fn a_stale_agent_is_unknown_under_max_age_only() {
    let stale = body("s", &["OK", "OK"], 48 * HOUR);
    assert_eq!(grade("stale", &stale, &["--max-age", "1h"]).0, "unknown");
    // Also with every gate rule off: the grade reads --max-age, not --fail-on.
    assert_eq!(
        grade(
            "stale-never",
            &stale,
            &["--max-age", "1h", "--fail-on", "never"]
        )
        .0,
        "unknown"
    );
    assert_eq!(grade("stale-no-max", &stale, &[]).0, "ready");
    // A time ahead of the clock is unknown freshness.
    let mut ahead: Value = serde_json::from_str(&stale).unwrap();
    ahead["last_visit_time"] = json!(now() * 1000);
    assert_eq!(
        grade("ahead", &ahead.to_string(), &["--max-age", "1h"]).0,
        "unknown"
    );
}

#[test]
fn only_skipped_checks_are_unknown() {
    let (g, code) = grade("skipped", &body("k", &["SKIPPED", "SKIPPED"], HOUR), &[]);
    assert_eq!(g, "unknown");
    assert_eq!(code, 1, "no result fails the gate, as before");
}

#[test]
fn a_source_that_could_not_be_fetched_is_unknown() {
    let server = Fleet::new(2).start();
    let ran = run_at(&server, &["check", "--json", &id(1), "no-such-id"]).go();
    let rows: Value = serde_json::from_str(&ran.stdout).expect(&ran.stderr);
    assert_eq!(rows[0]["readiness"], "ready");
    assert_eq!(rows[1]["id"], "no-such-id");
    assert_eq!(rows[1]["readiness"], "unknown");
}

#[test]
fn the_grade_is_in_the_report_table_piped_line_junit_and_markdown() {
    let path = temp_body(
        "readiness-shown.json",
        &body("shown", &["OK", "WARN"], HOUR),
    );
    let path = path.to_str().unwrap();
    let report = run(&["source", "-f", path]).go();
    assert!(
        report.stdout.contains("\nReadiness: conditional\nVerdict:"),
        "{}",
        report.stdout
    );
    let coloured = run(&["source", "--color", "always", "-f", path]).go();
    assert!(
        coloured.stdout.contains("Readiness: \u{1b}[33mconditional"),
        "{}",
        coloured.stdout
    );
    let table = run(&["check", "-f", path]).terminal(200, 50).go();
    let table = strip_sgr(&table.stdout);
    let header = table.lines().nth(1).unwrap();
    assert!(header.contains("GATE  READINESS"), "{table}");
    assert!(
        table.lines().nth(2).unwrap().contains("PASS  conditional"),
        "{table}"
    );
    // Piped: the grade is the last field, after the existing ones.
    let piped = run(&["check", "-f", path]).go();
    let fields: Vec<&str> = piped.stdout.trim_end().split('\t').collect();
    assert_eq!(fields.len(), 9, "{}", piped.stdout);
    assert_eq!(fields[..3], ["id-shown", "shown", "-"]);
    assert_eq!(fields[8], "conditional");

    let junit = run(&["check", "--junit", "-", "-f", path]).go();
    let suite_out = "    <system-out>readiness: conditional</system-out>\n  </testsuite>";
    assert!(junit.stdout.contains(suite_out), "{}", junit.stdout);
    let md = run(&["check", "--markdown", "-", "-f", path]).go();
    assert!(
        md.stdout.contains("| Verdict | Readiness |")
            && md.stdout.contains("| PASS | conditional |"),
        "{}",
        md.stdout
    );
}

#[test]
fn diff_of_two_check_reports_puts_a_worse_grade_first() {
    let snapshot = |tag: &str, a: &[&str], b: &[&str]| {
        let paths = [
            temp_body(&format!("readiness-diff-{tag}-a.json"), &body("a", a, HOUR)),
            temp_body(&format!("readiness-diff-{tag}-b.json"), &body("b", b, HOUR)),
        ];
        let ran = run(&[
            "check",
            "--json",
            "-f",
            paths[0].to_str().unwrap(),
            "-f",
            paths[1].to_str().unwrap(),
        ])
        .go();
        temp_body(&format!("readiness-diff-{tag}.json"), &ran.stdout)
    };
    // a gets better (conditional -> ready), b gets worse (ready -> not-ready).
    let old = snapshot("old", &["OK", "WARN"], &["OK"]);
    let new = snapshot("new", &["OK"], &["OK", "ERROR"]);
    let ran = run(&[
        "diff",
        "--json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ])
    .go();
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    let report: Value = serde_json::from_str(&ran.stdout).unwrap();
    let changes = &report["changes"];
    let readiness: Vec<(String, String, String)> = changes
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["path"] == "readiness")
        .map(|c| {
            (
                c["source_name"].as_str().unwrap_or_default().to_owned(),
                c["old"].as_str().unwrap_or_default().to_owned(),
                c["new"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        readiness,
        [
            ("b".into(), "ready".into(), "not-ready".into()),
            ("a".into(), "conditional".into(), "ready".into())
        ],
        "{changes:#}"
    );
    // A check report's rows carry counts, not checks: the worse grade is the first change;
    // the better one comes after it, with the checks that got better.
    assert_eq!(changes[0]["path"], "readiness", "{changes:#}");
    assert_eq!(changes[0]["group"], "readiness worse", "{changes:#}");
    let table = run(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]).go();
    assert!(table.stdout.contains("readiness worse"), "{}", table.stdout);
}
