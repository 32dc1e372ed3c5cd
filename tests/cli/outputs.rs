//! Where the outputs go: `--markdown -` is the whole of stdout; two outputs on one path are a
//! usage error; a report path that is a symbolic link is written through the link.

use std::path::PathBuf;

use predicates::prelude::*;

use crate::support::inproc::cmd;
use crate::support::*;

fn workdir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("outputs")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn markdown_to_stdout_is_the_whole_of_stdout() {
    let linux = linux();
    for args in [
        vec!["check", "--file"],
        vec!["source", "--fail-on", "error", "-f"],
        vec!["source", "-f"],
    ] {
        let assert = cmd()
            .args(&args)
            .arg(&linux)
            .args(["--markdown", "-"])
            .assert();
        let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
        assert!(
            out.starts_with('#') || out.starts_with("**"),
            "{args:?}: {out}"
        );
        assert!(out.contains('|'), "a Markdown table: {out}");
        assert!(
            !out.contains("Disks"),
            "{args:?}: no table before it: {out}"
        );
        assert!(!out.contains("\nNAME"), "{args:?}: {out}");
    }
    let old = temp_body("md-old.json", &read(&linux));
    let new = temp_body(
        "md-new.json",
        &read(&linux).replace("\"replicate\"", "\"finished\""),
    );
    let assert = cmd()
        .arg("diff")
        .arg(&old)
        .arg(&new)
        .args(["--markdown", "-"])
        .assert()
        .code(1);
    let out = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(out.contains("finished"), "{out}");
    assert!(
        !out.contains("SOURCE  WHAT") && !out.contains("WHAT\tOLD"),
        "{out}"
    );
}

#[test]
fn markdown_to_stdout_with_another_stdout_format_is_a_usage_error() {
    let linux = linux();
    for extra in [
        &["--json"][..],
        &["--yaml"],
        &["--jq", ".id"],
        &["-o", "json"],
        &["-o", "wide"],
        &["--wide"],
    ] {
        for command in [&["check", "--file"][..], &["source", "-f"]] {
            cmd()
                .args(command)
                .arg(&linux)
                .args(["--markdown", "-"])
                .args(extra)
                .assert()
                .code(2)
                .stdout("")
                .stderr(predicate::str::starts_with("error: "))
                .stderr(predicate::str::contains("--markdown -"));
        }
    }
    cmd()
        .arg("diff")
        .arg(&linux)
        .arg(&linux)
        .args(["--markdown", "-", "--json"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--markdown -"));
    // `-o table` is the table `--markdown -` replaces: allowed.
    cmd()
        .args(["check", "--file"])
        .arg(&linux)
        .args(["--markdown", "-", "-o", "table"])
        .assert()
        .code(1);
}

#[test]
fn junit_and_markdown_on_one_path_is_a_usage_error() {
    let dir = workdir("one-path");
    let linux = linux();
    let report = dir.join("report");
    std::fs::write(&report, "old").unwrap();
    let same = [
        (report.clone(), report.clone()),
        (report.clone(), dir.join(".").join("report")),
        (dir.join("new"), dir.join("new")),
        (PathBuf::from("-"), PathBuf::from("-")),
    ];
    for (junit, markdown) in same {
        cmd()
            .args(["check", "--file"])
            .arg(&linux)
            .arg("--junit")
            .arg(&junit)
            .arg("--markdown")
            .arg(&markdown)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "--junit and --markdown name one file",
            ));
    }
    assert_eq!(read(&report), "old", "nothing written");
    assert!(!dir.join("new").exists());
    // Two paths: both written.
    cmd()
        .args(["check", "--file"])
        .arg(&linux)
        .arg("--junit")
        .arg(dir.join("a.xml"))
        .arg("--markdown")
        .arg(dir.join("a.md"))
        .assert()
        .code(1);
    assert!(read(&dir.join("a.xml")).contains("<testsuites"));
    assert!(read(&dir.join("a.md")).contains('|'));
}

#[test]
fn a_symlinked_report_path_is_written_through_the_link() {
    let dir = workdir("link");
    let target = dir.join("real.md");
    std::fs::write(&target, "old").unwrap();
    let link = dir.join("summary.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    cmd()
        .args(["check", "--file"])
        .arg(linux())
        .arg("--markdown")
        .arg(&link)
        .assert()
        .code(1);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let written = read(&target);
    assert!(written.contains('|') && written != "old", "{written}");
    assert_eq!(read(&link), written);
}
