//! Commands run in-process with their streams captured (support::inproc): the CI guard over
//! every stream, annotations per failing source, the gate's typed reasons as people read
//! them, and colour decided from the environment.

use serde_json::{Value, json};

use crate::support::fleet::{self, Fleet};
use crate::support::inproc::{Ran, run, run_at};
use crate::support::{NOW_MS, linux, temp_body};

/// Text after which the GitHub runner starts a new line.
fn runner_lines(text: &str) -> Vec<&str> {
    text.split(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
        .collect()
}

/// The workflow commands the runner would read in a run's output.
fn workflow_commands(ran: &Ran) -> Vec<String> {
    let mut found = Vec::new();
    for text in [&ran.stdout, &ran.stderr] {
        for line in runner_lines(text) {
            if line.trim_start().starts_with("::") {
                found.push(line.trim_start().to_owned());
            }
        }
    }
    found
}

/// A hostile string in every form that starts a workflow command after a line end.
const HOSTILE: &str = "db\r::error title=X::cr\n::warning title=X::lf\u{85}::notice title=X::nel\u{2028}::error title=X::ls\u{2029}  ::error title=X::ps ##[group]x";

fn hostile_fleet() -> Fleet {
    let mut f = Fleet::new(3);
    for s in &mut f.sources {
        s["name"] = json!(format!("{}{HOSTILE}", s["name"].as_str().unwrap()));
        s["os_version"] = json!(HOSTILE);
        s["checks"][0]["error_or_warn"] = json!(HOSTILE);
        s["checks"][0]["result"] = json!("ERROR");
    }
    f
}

#[test]
fn a_hostile_server_through_every_command_and_format_yields_only_our_workflow_commands() {
    let server = hostile_fleet().start();
    let id = fleet::id(1);
    let runs: Vec<Vec<&str>> = vec![
        vec!["sources"],
        vec!["sources", "--json"],
        vec!["sources", "--yaml"],
        vec!["sources", "--jq", ".[].name"],
        vec!["-v", "sources"],
        vec!["check", "--all"],
        vec!["check", "--all", "--json"],
        vec![
            "-v",
            "check",
            "--all",
            "--jq",
            ".[].failures[].error_or_warn",
        ],
        vec!["source", &id],
        vec!["source", &id, "--json"],
        vec!["source", &id, "--jq", ".os_version"],
        vec!["-v", "source", &id, "--yaml"],
    ];
    for args in runs {
        let ran = run_at(&server, &args).env("GITHUB_ACTIONS", "true").go();
        for command in workflow_commands(&ran) {
            // Ours carry a title naming the source and what failed, its `:` escaped as %3A,
            // so the first `::` after `title=` ends it.
            let title = command
                .split_once("title=")
                .and_then(|(_, rest)| rest.split_once("::"))
                .map(|(title, _)| title);
            assert!(
                title.is_some_and(|t| t != "X" && t.contains("%3A")),
                "{args:?}: a workflow command of the server's making: {command}"
            );
        }
        for text in [&ran.stdout, &ran.stderr] {
            assert!(
                !text.contains("##["),
                "{args:?}: ##[ reached the log: {text}"
            );
        }
    }
    // `check` gates: one ::error per failing check (3 sources with an ERROR check each, and
    // srv-0000's own SOFTWARE error).
    let ran = run_at(&server, &["check", "--all"])
        .env("GITHUB_ACTIONS", "true")
        .go();
    assert_eq!(ran.code, 1);
    let errors = workflow_commands(&ran)
        .iter()
        .filter(|c| c.starts_with("::error"))
        .count();
    assert_eq!(errors, 4, "{}", ran.stderr);
}

/// Every source that fails the gate gets exactly one `::error` per reason that is not a
/// check or a hint; WARN checks that do not fail it are warnings.
#[test]
fn one_error_annotation_per_failing_source_for_each_reason() {
    let mut f = Fleet::new(12);
    // srv-0001: no checks; srv-0002: seen 2 h ago (stale under --max-age 1h, as are all from
    // 2 on); srv-0010: a WARN check.
    f.sources[1]["checks"] = json!([]);
    f.sources[1]["last_visit_time"] = json!(NOW_MS.parse::<u64>().unwrap());
    let server = f.start();
    let ids = [
        fleet::id(1),
        fleet::id(2),
        fleet::id(10),
        "srv-missing".to_owned(),
    ];
    let mut args = vec!["check", "--max-age", "1h"];
    args.extend(ids.iter().map(String::as_str));
    let ran = run_at(&server, &args).env("GITHUB_ACTIONS", "true").go();
    let commands = workflow_commands(&ran);
    let errors: Vec<&String> = commands
        .iter()
        .filter(|c| c.starts_with("::error"))
        .collect();
    // Four sources fail: no checks, stale, stale, not found.
    assert_eq!(errors.len(), 4, "{commands:#?}");
    assert!(
        errors
            .iter()
            .any(|e| e.contains("srv-0001") && e.contains("nothing was checked"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("srv-0002") && e.contains("may be stale"))
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("srv-missing") && e.contains("could not be checked"))
    );
    // The WARN check of srv-0010 informs: a warning, not an error.
    assert!(
        commands
            .iter()
            .any(|c| c.starts_with("::warning") && c.contains("FREE_SPACE")),
        "{commands:#?}"
    );
    assert_eq!(
        ran.code, 3,
        "the not-found source's API error wins: {}",
        ran.stderr
    );
    // Under --fail-on warn the same WARN check fails the gate, so it is an ::error.
    let ran = run_at(&server, &["check", &fleet::id(10), "--fail-on", "warn"])
        .env("GITHUB_ACTIONS", "true")
        .go();
    assert!(
        workflow_commands(&ran)
            .iter()
            .any(|c| c.starts_with("::error") && c.contains("FREE_SPACE")),
        "{}",
        ran.stderr
    );
}

fn body_with(edit: impl Fn(&mut Value)) -> std::path::PathBuf {
    let mut body: Value = serde_json::from_str(&crate::support::read(&linux())).unwrap();
    edit(&mut body);
    let name = format!("streams-{:x}.json", fxhash(&body.to_string()));
    temp_body(&name, &body.to_string())
}

fn fxhash(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[test]
fn max_age_treats_a_future_visit_as_unknown_freshness() {
    let now: u64 = NOW_MS.parse().unwrap();
    for (seen, code, says) in [
        (json!(now - 60_000), 0, None),
        (json!(now + 4 * 60_000), 0, None),
        (json!(now * 1000), 1, Some("clock skew or a wrong unit")),
        (json!(u64::MAX), 1, Some("clock skew or a wrong unit")),
        (
            json!(now + 366 * 86_400_000),
            1,
            Some("1 y ahead of this clock"),
        ),
        (json!((now - 60_000) as f64 + 0.5), 0, None),
        (json!(null), 1, Some("never seen")),
    ] {
        let file = body_with(|b| {
            b["last_visit_time"] = seen.clone();
            b["checks"] = json!([{"name": "A", "result": "OK"}]);
        });
        let ran = run(&["check", "--max-age", "1h", "-f", file.to_str().unwrap()]).go();
        assert_eq!(ran.code, code, "{seen}: {}", ran.stderr);
        if let Some(says) = says {
            assert!(ran.stderr.contains(says), "{seen}: {}", ran.stderr);
        }
    }
}

#[test]
fn unknown_results_are_named_once_on_stderr() {
    let file = body_with(|b| {
        b["checks"] = json!([
            {"name": "A", "result": "OK"},
            {"name": "B", "result": "FAIL"},
            {"name": "C", "result": "CRITICAL"},
            {"name": "D", "result": "FAIL"},
            {"name": "E", "result": "SKIPPED"}
        ]);
    });
    let ran = run(&["check", "-f", file.to_str().unwrap()]).go();
    assert_eq!(ran.code, 0, "{}", ran.stderr);
    let notes: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.contains("does not know"))
        .collect();
    assert_eq!(notes.len(), 1, "{}", ran.stderr);
    assert!(notes[0].starts_with("note: ") && notes[0].contains("(FAIL, CRITICAL)"));
}

#[test]
fn the_report_names_no_flag_that_was_not_given() {
    let file = linux();
    let path = file.to_str().unwrap();
    let plain = run(&["source", "-f", path]).go();
    assert_eq!(plain.code, 0);
    assert!(
        plain
            .stdout
            .contains("Verdict:   FAIL: 1 problem, as check would conclude"),
        "{}",
        plain.stdout
    );
    assert!(!plain.stdout.contains("--fail-on"), "{}", plain.stdout);
    let given = run(&["source", "--fail-on", "error", "-f", path]).go();
    assert_eq!(given.code, 1);
    assert!(
        given
            .stdout
            .contains("FAIL: 1 problem, as check would conclude"),
        "{}",
        given.stdout
    );
    assert!(
        given
            .stderr
            .contains("gate failed (--fail-on error): 1 problem")
    );
    // check's default is not named either, until it is given.
    let check = run(&["check", "-f", path]).go();
    assert!(
        check.stderr.starts_with("gate failed: 1 of 1 sources"),
        "{}",
        check.stderr
    );
}

#[test]
fn colour_follows_the_environment_and_the_terminal() {
    let path = linux();
    let path = path.to_str().unwrap();
    let esc = |ran: &Ran| ran.stdout.contains('\u{1b}');
    assert!(esc(&run(&["source", "-f", path]).terminal(120, 50).go()));
    assert!(!esc(&run(&["source", "-f", path]).go()));
    assert!(esc(&run(&["source", "-f", path])
        .env("CLICOLOR_FORCE", "1")
        .go()));
    assert!(!esc(&run(&["source", "-f", path])
        .env("CLICOLOR_FORCE", "0")
        .go()));
    assert!(!esc(&run(&["source", "-f", path])
        .terminal(120, 50)
        .env("NO_COLOR", "1")
        .go()));
}

#[test]
fn usage_errors_and_help_in_process() {
    let ran = run(&["sources", "--state", "waitng"]).go();
    assert_eq!(ran.code, 2);
    assert!(ran.stderr.contains("a similar value exists: 'waiting'"));
    assert!(
        !ran.stderr.contains('\u{1b}'),
        "no colour when stderr is not a terminal"
    );
    let help = run(&["--help"]).go();
    assert_eq!(help.code, 0);
    for exit in sms_inspect::error::Exit::ALL {
        assert!(
            help.stdout
                .contains(exit.meaning().split(' ').next().unwrap()),
            "{exit:?}"
        );
        assert!(
            help.stdout.contains(&format!("{:>3}  ", exit.code())),
            "{exit:?}"
        );
    }
}

/// A run that fails before any source is judged (no credentials, a bad region, a bad --jq,
/// an unreadable SSL_CERT_FILE) still rewrites its report files with the error.
#[test]
fn every_early_failure_rewrites_the_reports() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("early-failures");
    std::fs::create_dir_all(&dir).unwrap();
    let (junit, markdown) = (dir.join("checks.xml"), dir.join("summary.md"));
    let (j, m) = (junit.to_str().unwrap(), markdown.to_str().unwrap());
    type Case<'a> = (Vec<&'a str>, Vec<(&'a str, &'a str)>, u8);
    let cases: Vec<Case> = vec![
        (vec!["check", "--all"], vec![], 4),
        (
            vec!["--region", "Bad_Region", "check", "--all"],
            vec![("SMS_AUTH_TOKEN", "tok-early")],
            2,
        ),
        (
            vec!["--jq", ".a | | .b", "check", "--all"],
            vec![("SMS_AUTH_TOKEN", "tok-early")],
            2,
        ),
        (
            vec!["check", "--all"],
            vec![
                ("SMS_AUTH_TOKEN", "tok-early"),
                ("SSL_CERT_FILE", "/nonexistent/ca.pem"),
            ],
            2,
        ),
    ];
    for (args, vars, code) in cases {
        std::fs::write(&junit, "<testsuites tests=\"1\" failures=\"0\"/>").unwrap();
        std::fs::write(&markdown, "**PASS**").unwrap();
        let mut all = args.clone();
        all.extend(["--junit", j, "--markdown", m]);
        let mut r = run(&all);
        for (k, v) in &vars {
            r = r.env(k, v);
        }
        let ran = r.go();
        assert_eq!(ran.code, code, "{args:?}: {}", ran.stderr);
        let xml = std::fs::read_to_string(&junit).unwrap();
        assert!(
            xml.contains(&format!("type=\"exit {code}\"")),
            "{args:?}: {xml}"
        );
        let md = std::fs::read_to_string(&markdown).unwrap();
        assert!(
            md.contains(&format!("the run failed (exit {code})")),
            "{args:?}: {md}"
        );
    }
}

/// The Markdown report lists each source's readiness hints with what to do about each.
#[test]
fn the_markdown_report_carries_each_hint_and_its_remedy() {
    let path = linux();
    let ran = run(&["check", "-f", path.to_str().unwrap(), "--markdown", "-"]).go();
    assert_eq!(ran.code, 1, "{}", ran.stderr);
    let md = &ran.stdout;
    assert!(md.contains("### Readiness hints"), "{md}");
    assert!(md.contains("WARN `btrfs`"), "{md}");
    assert!(
        md.contains("fix: Confirm Btrfs support for this OS with Huawei Cloud first"),
        "{md}"
    );
}
