//! What CI systems read: GitHub Actions annotations, the guard that keeps server text from
//! forming workflow commands, the Markdown report (rendered by a CommonMark renderer), and
//! JUnit (read by a JUnit parser).

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::{Value, json};

use crate::support::fleet::Fleet;
use crate::support::inproc::{cmd, cmd_at};
use crate::support::*;

#[test]
fn annotations_of_the_bundled_examples() {
    let out = cmd()
        .args(["source", "--annotations", "github", "-f"])
        .arg(linux())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "::warning title=db-prod-07 (6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60)%3A FREE_SPACE::The free space of a partition is less than 10%25. [/var/lib/pgsql]
\
         ::error title=db-prod-07 (6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60)%3A SOFTWARE::SMS.6517 rsync is not installed on the source server. [rsync] (see: sms-inspect explain SMS.6517)
\
         ::notice title=db-prod-07 (6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60)%3A hint target-disk-count::source: the recommended target has 1 disk for the source's 2: the FAQs ask for one per source disk, unmounted ones included, while the Notes say unused disks are not migrated (see https://support.huaweicloud.com/intl/en-us/sms_faq/index.html)
\
         ::notice title=db-prod-07 (6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60)%3A hint btrfs::source: Btrfs on data, scratch: the 2025-09-03 Notes list no Btrfs for Linux and SMS.6509 calls it unsupported, but the FAQs' OS table limits it only on SLES 12 SP0; the documents disagree (see https://support.huaweicloud.com/intl/en-us/productdesc-sms/sms_01_0012.html)
"
    );
    // auto: only under GitHub Actions; never: never.
    let windows_err = cmd()
        .args(["source", "-f"])
        .arg(windows())
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap()
        .stderr;
    assert_eq!(
        String::from_utf8(windows_err).unwrap(),
        "",
        "no ERROR or WARN"
    );
    for (env, flag, expected) in [
        ("true", "--annotations=auto", 4),
        ("false", "--annotations=auto", 0),
        ("true", "--annotations=never", 0),
    ] {
        let err = cmd()
            .args(["source", flag, "--json", "-f"])
            .arg(linux())
            .env("GITHUB_ACTIONS", env)
            .output()
            .unwrap()
            .stderr;
        let err = String::from_utf8(err).unwrap();
        assert_eq!(
            err.lines().filter(|l| l.starts_with("::")).count(),
            expected,
            "{env} {flag}"
        );
    }
}

/// A hostile source: its name tries to start workflow commands, its check carries every
/// character the escaping rules name.
fn hostile() -> Value {
    json!({
        "id": "a",
        "name": "::add-mask::x",
        "hostname": "##[error]old-style",
        "checks": [{
            "name": "N,1:x",
            "result": "ERROR",
            "error_code": "E%1",
            "error_or_warn": "line1\nline2\r::error::injected <script>alert(1)</script> [x](javascript:alert(1)) <img src=x> http://evil.example",
            "error_params": "p|q`r"
        }]
    })
}

#[test]
fn annotations_escape_data_and_properties_and_server_text_starts_no_command() {
    let path = temp_body("ci-hostile.json", &hostile().to_string());
    for format in [
        &["--output=table"][..],
        &["--json"],
        &["--yaml"],
        &["--jq", ".name"],
    ] {
        let out = cmd()
            .args(["source", "--fail-on", "error", "-f"])
            .arg(&path)
            .args(format)
            .env("GITHUB_ACTIONS", "true")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        // Only the tool's own annotation starts a workflow command, on any line of either
        // stream, and the old `##[` prefix appears nowhere.
        let commands: Vec<&str> = stdout
            .lines()
            .chain(stderr.lines())
            .filter(|l| l.trim_start().starts_with("::"))
            .collect();
        assert_eq!(
            commands,
            [
                "::error title=%3A%3Aadd-mask%3A%3Ax (a)%3A N%2C1%3Ax::E%251 line1\\nline2\\r::error::injected <script>alert(1)</script> [x](javascript:alert(1)) <img src=x> http://evil.example [p|q`r]"
            ],
            "{format:?}\n{stdout}\n{stderr}"
        );
        assert!(
            !stdout.contains("##[") && !stderr.contains("##["),
            "{format:?}"
        );
    }
    // The JSON stays exact: the guard's `\u005b` reads back as `[`.
    let out = cmd()
        .args(["source", "--json", "-f"])
        .arg(&path)
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    let back: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(back, hostile());
    // Outside GitHub Actions nothing is rewritten.
    let out = cmd()
        .args(["source", "--jq", ".name", "-f"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "::add-mask::x\n");
}

/// What a CommonMark (GFM) renderer makes of a Markdown report: table rows, and every HTML
/// or link node.
fn rendered(md: &str) -> (usize, Vec<String>) {
    let mut rows = 0;
    let mut in_body = false;
    let mut dangerous = Vec::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableHead) => in_body = false,
            Event::End(pulldown_cmark::TagEnd::TableHead) => in_body = true,
            Event::Start(Tag::TableRow) if in_body => rows += 1,
            Event::Html(h) | Event::InlineHtml(h) => dangerous.push(h.to_string()),
            Event::Start(Tag::Link { dest_url, .. }) => dangerous.push(dest_url.to_string()),
            Event::Start(Tag::Image { dest_url, .. }) => dangerous.push(dest_url.to_string()),
            _ => {}
        }
    }
    (rows, dangerous)
}

#[test]
fn the_markdown_report_has_a_row_per_source_and_no_html_or_link_from_server_text() {
    let mut fleet = Fleet::new(6);
    fleet.sources[2] = {
        let mut h = hostile();
        h["id"] = json!(crate::support::fleet::id(2));
        h["name"] = json!("a|b<script>alert(1)</script>`tick``s`");
        h
    };
    let server = fleet.start();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("markdown");
    std::fs::create_dir_all(&dir).unwrap();
    let report = dir.join("summary.md");
    let out = cmd_at(&server)
        .args(["check", "--all", "--markdown"])
        .arg(&report)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let md = std::fs::read_to_string(&report).unwrap();
    let (rows, dangerous) = rendered(&md);
    assert_eq!(rows, 6, "{md}");
    assert_eq!(dangerous, Vec::<String>::new(), "{md}");
    assert!(
        md.contains("**FAIL**: 2 of 6 sources failed the gate"),
        "{md}"
    );
    assert!(md.contains("### Failing"), "{md}");
    // `-` writes it to stdout; a run that fails writes it with the error.
    let down = crate::support::server::Server::always(crate::support::server::Reply::json(
        500,
        r#"{"error_code":"SMS.9999","error_msg":"down"}"#,
    ));
    cmd_at(&down)
        .args(["--retries", "0", "check", "--all", "--markdown"])
        .arg(&report)
        .assert()
        .code(3);
    let failed = std::fs::read_to_string(&report).unwrap();
    assert!(
        failed.contains("**ERROR**: the run failed (exit 3)"),
        "{failed}"
    );
    let out = cmd()
        .args(["source", "--markdown", "-", "-f"])
        .arg(windows())
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.ends_with("**PASS**: 1 sources passed the gate (`--fail-on error`).\n\n| Source | ID | State | OK | WARN | ERROR | Verdict | Readiness |\n|---|---|---|---:|---:|---:|---|---|\n| ` sms-win16 ` | ` xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxx0001 ` | ` initialize ` | 12 | 0 | 0 | PASS | ready |\n"), "{md}");
}

#[test]
fn junit_with_warn_reads_in_a_junit_parser() {
    if !crate::support::tool(
        "python3 with junitparser",
        crate::support::python_module("junitparser"),
    ) {
        return;
    }
    let server = Fleet::new(30).start();
    let junit = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("warn.xml");
    for (fail_on, warn_fails) in [("error", false), ("warn", true)] {
        cmd_at(&server)
            .args(["check", "--all", "--fail-on", fail_on, "--junit"])
            .arg(&junit)
            .assert()
            .code(1);
        let script = r#"
import sys
from junitparser import JUnitXml, Failure, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    for case in suite:
        if suite.name.startswith("srv-0010") and case.name == "FREE_SPACE":
            failed = any(isinstance(r, Failure) for r in case.result)
            print(failed, case.system_out.replace("\n", "|"))
"#;
        let line = crate::support::python(script, &junit);
        let expected = format!(
            "{} id: 102|result: WARN|message: little free space|params: /var\n",
            if warn_fails { "True" } else { "False" }
        );
        assert_eq!(line, expected);
    }
}
