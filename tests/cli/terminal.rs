//! What a person at a terminal sees: run under a pseudo-terminal with util-linux `script`.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::fleet;
use crate::support::server::{Reply, Server};
use crate::support::*;

fn quoted(path: &std::path::Path) -> String {
    format!("'{}'", path.display())
}

#[test]
fn tables_fit_the_terminal_and_are_coloured() {
    let command = format!("{BIN} source --fail-on never -f {}", quoted(&linux()));
    let Some(out) = on_tty(80, &command, &[]) else {
        return;
    };
    assert!(out.contains('\u{1b}'), "colour on a terminal");
    let plain = on_tty(80, &command, &[("NO_COLOR", "1")]).unwrap();
    assert!(!plain.contains('\u{1b}'), "NO_COLOR");
    for line in plain.lines() {
        let width = line.trim_end_matches('\r').chars().count();
        assert!(width <= 80, "{width} columns: {line}");
    }
    assert!(
        plain.contains("├─ /dev/vda1") && plain.contains("pgsql"),
        "{plain}"
    );
    let wide = on_tty(200, &command, &[("NO_COLOR", "1")]).unwrap();
    assert!(
        wide.lines().any(|l| l.chars().count() > 80),
        "uses the width it has"
    );
}

#[test]
fn watch_draws_a_bar_on_a_terminal() {
    let server = Server::sequence(vec![
        Reply::json(
            200,
            r#"{"id":"x","state":"replicate","migration_cycle":"replicating","replicatesize":250,"totalsize":1000}"#,
        ),
        Reply::json(
            200,
            r#"{"id":"x","state":"finished","migration_cycle":"cutovered","replicatesize":1000,"totalsize":1000}"#,
        ),
    ]);
    let command = format!(
        "{BIN} --endpoint {} source {} --watch --interval 1",
        server.url(),
        fleet::id(1)
    );
    let Some(out) = on_tty(100, &command, &[("SMS_AUTH_TOKEN", "test-token")]) else {
        return;
    };
    assert!(out.contains("[#####---------------]"), "{out:?}");
    assert!(out.contains("[####################]"), "{out:?}");
    assert!(out.contains('\r'), "redrawn in place: {out:?}");
    assert!(
        !out.contains('\u{1b}'),
        "one line needs no escape sequence: {out:?}"
    );
    assert!(
        !out.contains('\u{1b}'),
        "no escape sequences to undo: {out:?}"
    );
}

/// Runs the tool against `server`, sends SIGINT once the server has seen a request, and
/// returns what the tool left.
fn interrupted(server: &Server, args: &[&str]) -> std::process::Output {
    let child = Command::new(BIN)
        .args(["--endpoint", &server.url()])
        .args(args)
        .env_clear()
        .env("SMS_AUTH_TOKEN", "test-token")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while server.hits() < 1 && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(300));
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    out
}

#[test]
fn ctrl_c_during_a_watch_exits_130() {
    let server = Server::always(Reply::json(
        200,
        r#"{"id":"x","state":"replicate","migration_cycle":"replicating","replicatesize":1,"totalsize":10}"#,
    ));
    let id = fleet::id(1);
    let out = interrupted(&server, &["source", &id, "--watch", "--interval", "1"]);
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted"));
}

#[test]
fn ctrl_c_during_any_call_exits_130() {
    let server = Server::always(Reply::Stall(Duration::from_secs(30)));
    let out = interrupted(&server, &["check", "--all"]);
    assert_eq!(out.status.code(), Some(130));
}

/// Ctrl-C rewrites the run's reports: an earlier passing report never looks current.
#[test]
fn ctrl_c_rewrites_the_reports_with_the_interruption() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ctrl-c-reports");
    std::fs::create_dir_all(&dir).unwrap();
    let (junit, markdown) = (dir.join("checks.xml"), dir.join("summary.md"));
    std::fs::write(&junit, "<testsuites tests=\"1\" failures=\"0\"/>").unwrap();
    std::fs::write(&markdown, "**PASS**").unwrap();
    let server = Server::always(Reply::Stall(Duration::from_secs(30)));
    let out = interrupted(
        &server,
        &[
            "check",
            "--all",
            "--junit",
            junit.to_str().unwrap(),
            "--markdown",
            markdown.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(130));
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("errors=\"1\"") && xml.contains("interrupted"),
        "{xml}"
    );
    let md = std::fs::read_to_string(&markdown).unwrap();
    assert!(
        md.contains("**ERROR**") && md.contains("interrupted"),
        "{md}"
    );
}
