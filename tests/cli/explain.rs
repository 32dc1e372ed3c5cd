//! `explain`: the SMS error-code table, offline, as a user meets it.

use predicates::prelude::*;
use serde_json::Value;

use crate::support::inproc::cmd;
use crate::support::{BIN, on_tty};

/// Every code `explain` lists, read from its piped output.
fn listed_codes() -> Vec<String> {
    let out = cmd().arg("explain").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect()
}

#[test]
fn alone_it_lists_every_code_one_tsv_line_each() {
    let out = cmd().arg("explain").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(out.stderr.is_empty());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 59, "{} codes", lines.len());
    for line in &lines {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 4, "{line}");
        assert!(
            fields[0].starts_with("SMS.") && fields[0].len() == 8,
            "{line}"
        );
        assert!(!fields[1].is_empty() && !fields[2].is_empty(), "{line}");
        assert!(
            fields[3].starts_with("https://support.huaweicloud.com/"),
            "{line}"
        );
    }
    // The FAQs' error-code chapter, first and last, and the codes the issue names.
    for code in [
        "SMS.0202", "SMS.3802", "SMS.3805", "SMS.6509", "SMS.6537", "SMS.9007",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(&format!("{code}\t"))),
            "{code}"
        );
    }
    assert!(!text.contains('\u{1b}'), "piped output holds no ESC byte");
}

#[test]
fn one_code_is_its_entry() {
    let out = cmd().args(["explain", "SMS.3805"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    let fields: Vec<&str> = text.trim_end().split('\t').collect();
    assert_eq!(fields[0], "SMS.3805");
    assert_eq!(fields[1], "network");
    assert!(
        fields[2].contains("port 22") && fields[2].contains("timed out"),
        "{text}"
    );
}

#[test]
fn several_codes_in_the_order_given_each_once() {
    let out = cmd()
        .args(["explain", "SMS.6537", "SMS.0202", "SMS.6537"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let codes: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert_eq!(codes, ["SMS.6537", "SMS.0202"]);
    assert!(
        text.contains("\tdisk\t") && text.contains("\tauthentication\t"),
        "{text}"
    );
}

#[test]
fn codes_are_case_insensitive() {
    let lower = cmd().args(["explain", "sms.6509"]).output().unwrap();
    let upper = cmd().args(["explain", "SMS.6509"]).output().unwrap();
    assert!(lower.status.success());
    assert_eq!(lower.stdout, upper.stdout);
    assert!(
        String::from_utf8(lower.stdout)
            .unwrap()
            .starts_with("SMS.6509\tfile system\t")
    );
}

#[test]
fn an_unknown_code_is_exit_2_with_the_nearest() {
    cmd()
        .args(["explain", "SMS.6508"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "error: 'SMS.6508' is not an SMS error code this tool knows",
        ))
        .stderr(predicate::str::contains("the nearest known: SMS.6509"));
    cmd()
        .args(["explain", "SMS.9999"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("SMS.9007"));
}

#[test]
fn one_bad_code_among_good_ones_prints_nothing() {
    cmd()
        .args(["explain", "SMS.6509", "SMS.1234"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("'SMS.1234'"));
}

#[test]
fn malformed_codes_are_exit_2_and_shown_escaped() {
    for bad in [
        "foo",
        "",
        "SMS-6509",
        "SMS.65091",
        "SMS.\u{1b}[31m6509",
        "\u{202e}SMS.6509",
    ] {
        let out = cmd().args(["explain", bad]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(out.stdout.is_empty(), "{bad:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.starts_with("error: "), "{bad:?}: {err}");
        assert!(err.contains("is not an SMS error code"), "{bad:?}: {err}");
        assert!(
            !err.contains('\u{1b}') && !err.contains('\u{202e}'),
            "{bad:?}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    // Close enough to suggest: a code with one digit too many.
    cmd()
        .args(["explain", "SMS.65091"])
        .assert()
        .stderr(predicate::str::contains("SMS.6509"));
}

#[test]
fn json_has_every_code_with_its_fields() {
    let out = cmd().args(["explain", "--json"]).output().unwrap();
    assert!(out.status.success());
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<String> = items
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, listed_codes());
    for item in &items {
        let object = item.as_object().unwrap();
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(keys, ["code", "category", "summary", "link"]);
        assert!(
            object
                .values()
                .all(|v| v.as_str().is_some_and(|s| !s.is_empty()))
        );
    }
    let one: Vec<Value> = serde_json::from_slice(
        &cmd()
            .args(["explain", "sms.0205", "--json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["code"], "SMS.0205");
    assert_eq!(one[0]["category"], "authentication");
}

#[test]
fn yaml_and_jq_work_on_the_same_data() {
    cmd()
        .args(["explain", "SMS.6537", "--yaml"])
        .assert()
        .success()
        .stdout(predicate::str::contains("code: SMS.6537"))
        .stdout(predicate::str::contains("category: disk"));
    cmd()
        .args([
            "explain",
            "--jq",
            r#".[] | select(.category == "quota") | .code"#,
        ])
        .assert()
        .success()
        .stdout("SMS.6526\n");
}

#[test]
fn needs_no_credentials_or_network() {
    // Pointed at an endpoint that does not answer, with no credentials: still offline.
    cmd()
        .args(["--endpoint", "http://127.0.0.1:9", "explain", "SMS.3802"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("SMS.3802\tnetwork\t"));
}

#[test]
fn at_a_terminal_a_table_and_entries_that_fit() {
    let Some(screen) = on_tty(80, &format!("{BIN} explain --color never"), &[]) else {
        return;
    };
    assert!(screen.contains("SMS error codes"), "{screen}");
    assert!(
        screen.contains("CODE") && screen.contains("SUMMARY"),
        "{screen}"
    );
    assert!(screen.contains("SMS.6509"), "{screen}");
    assert!(screen.contains("not shown at this width: LINK"), "{screen}");
    assert!(screen.lines().all(|l| unicode_width(l) <= 80), "{screen}");
    assert!(!screen.contains('\u{1b}'), "{screen}");
    let Some(entry) = on_tty(
        80,
        &format!("{BIN} explain SMS.3805 SMS.0202 --color never"),
        &[],
    ) else {
        return;
    };
    assert!(entry.contains("SMS.3805  network"), "{entry}");
    assert!(entry.contains("SMS.0202  authentication"), "{entry}");
    assert!(
        entry.contains("  https://support.huaweicloud.com/"),
        "{entry}"
    );
    assert!(entry.lines().all(|l| unicode_width(l) <= 80), "{entry}");
}

fn unicode_width(line: &str) -> usize {
    line.trim_end_matches('\r').chars().count()
}

#[test]
fn docs_error_codes_lists_the_same_table() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/error-codes.md"),
    )
    .unwrap();
    let documented: Vec<(String, String, String)> = doc
        .lines()
        .filter(|l| l.starts_with("| SMS."))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            (
                cells[0].to_owned(),
                cells[1].to_owned(),
                cells[2].to_owned(),
            )
        })
        .collect();
    let out = cmd().arg("explain").output().unwrap();
    let listed: Vec<(String, String, String)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[0].to_owned(), f[1].to_owned(), f[2].to_owned())
        })
        .collect();
    assert_eq!(
        documented, listed,
        "docs/error-codes.md and `explain` disagree"
    );
}
