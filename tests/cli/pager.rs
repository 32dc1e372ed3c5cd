//! The pager: a report taller than the terminal goes through `SMS_INSPECT_PAGER`, `PAGER` or
//! `less -FRX`; never piped, with `--no-pager`, or under CI. On a pseudo-terminal with a
//! `PAGER` that records what it got; in-process, the pager that would have run.

use std::path::PathBuf;

use crate::support::inproc::run;
use crate::support::*;

fn workdir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("pager")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A pager that saves its stdin to `got` and says `paged`.
fn recording_pager(dir: &std::path::Path) -> String {
    format!("cat > '{}'; echo paged", dir.join("got").display())
}

#[test]
fn a_report_taller_than_the_terminal_goes_through_the_pager() {
    let dir = workdir("tall");
    let pager = recording_pager(&dir);
    let command = format!("{BIN} source -f '{}'", linux().display());
    let Some(out) = on_tty(80, &command, &[("PAGER", &pager), ("NO_COLOR", "1")]) else {
        return;
    };
    assert!(out.contains("paged"), "{out}");
    let got = read(&dir.join("got"));
    assert!(got.lines().count() > 50, "the whole report: {got}");
    assert!(got.starts_with("db-prod-07"), "{got}");
    assert!(got.contains("Disks"), "{got}");
    assert!(!out.contains("Disks"), "written to the pager only: {out}");

    // SMS_INSPECT_PAGER wins over PAGER.
    let dir2 = workdir("tall-ours");
    let ours = recording_pager(&dir2);
    let out = on_tty(
        80,
        &command,
        &[("PAGER", &pager), ("SMS_INSPECT_PAGER", &ours)],
    )
    .unwrap();
    assert!(out.contains("paged"), "{out}");
    assert!(read(&dir2.join("got")).contains("Disks"));
}

#[test]
fn the_pager_does_not_start_piped_with_no_pager_under_ci_or_for_a_short_report() {
    let linux = linux();
    for (name, command, env) in [
        (
            "piped",
            format!("{BIN} source -f '{}' | cat", linux.display()),
            None,
        ),
        (
            "flag",
            format!("{BIN} source -f '{}' --no-pager", linux.display()),
            None,
        ),
        (
            "ci",
            format!("{BIN} source -f '{}'", linux.display()),
            Some(("CI", "true")),
        ),
        ("short", format!("{BIN} explain SMS.6517"), None),
        (
            "fleet",
            format!("{BIN} check --file '{}'", linux.display()),
            None,
        ),
    ] {
        let dir = workdir(name);
        let pager = recording_pager(&dir);
        let mut vars = vec![("PAGER", pager.as_str()), ("NO_COLOR", "1")];
        vars.extend(env);
        let Some(out) = on_tty(80, &command, &vars) else {
            return;
        };
        assert!(!dir.join("got").exists(), "{name}: paged");
        assert!(!out.contains("paged"), "{name}: {out}");
        let needle = if name == "short" {
            "SMS.6517"
        } else {
            "db-prod-07"
        };
        assert!(out.contains(needle), "{name}: written directly: {out}");
    }
}

#[test]
fn a_pager_that_cannot_run_is_passed_over_with_a_note() {
    let command = format!("{BIN} source -f '{}'", linux().display());
    let Some(out) = on_tty(
        80,
        &command,
        &[("PAGER", "no-such-pager-here -x"), ("NO_COLOR", "1")],
    ) else {
        return;
    };
    assert!(
        out.contains("note: the pager 'no-such-pager-here -x' could not run"),
        "{out}"
    );
    assert!(out.contains("Disks"), "written directly: {out}");
}

#[test]
fn the_pager_is_chosen_once_and_only_for_reports() {
    let linux = linux();
    let linux = linux.to_str().unwrap();
    let tall = |args: &[&str]| run(args).terminal(80, 20);
    assert_eq!(
        tall(&["source", "-f", linux]).go().paged.as_deref(),
        Some("less -FRX")
    );
    let ran = tall(&["source", "-f", linux]).env("PAGER", "more").go();
    assert_eq!(ran.paged.as_deref(), Some("more"));
    assert!(ran.stdout.contains("Disks"), "the report: {}", ran.stdout);
    for ran in [
        tall(&["source", "-f", linux, "--no-pager"]).go(),
        tall(&["source", "-f", linux]).env("CI", "1").go(),
        tall(&["source", "-f", linux]).env("PAGER", "cat").go(),
        tall(&["source", "-f", linux])
            .env("SMS_INSPECT_PAGER", "")
            .env("PAGER", "more")
            .go(),
        tall(&["source", "-f", linux, "--json"]).go(),
        tall(&["check", "--file", linux]).go(),
        run(&["source", "-f", linux]).go(),
    ] {
        assert_eq!(ran.paged, None, "{}", ran.stdout);
        assert!(ran.stdout.contains("db-prod-07"), "{}", ran.stdout);
    }
    // `explain` and `diff` page too, when taller than the screen.
    assert_eq!(tall(&["explain"]).go().paged.as_deref(), Some("less -FRX"));
    assert_eq!(
        run(&["explain", "SMS.6517"]).terminal(80, 50).go().paged,
        None
    );
    let windows = windows();
    let ran = run(&["diff", linux, windows.to_str().unwrap()])
        .terminal(80, 5)
        .go();
    assert_eq!(
        ran.paged.as_deref(),
        Some("less -FRX"),
        "{}{}",
        ran.stdout,
        ran.stderr
    );
}
