//! `watch` as a person sees it: run on a pseudo-terminal (util-linux `script`), its bytes fed
//! through a terminal emulator (the `vt100` crate), and the final screen judged as a grid;
//! and Ctrl-C, which must end a watch promptly whatever stdout is doing.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::fleet::{self, Wave, wave_source};
use crate::support::*;
use crate::wave::{INTERVAL, json_lines, replicating};

/// Runs `command` (a shell line) on a pty of `cols` × `rows`; its bytes as a terminal of that
/// size shows them at the end. None (a skip line) when `script` is missing and
/// `SMS_INSPECT_SKIP_MISSING=1`; a failure naming it otherwise.
fn screen(cols: u16, rows: u16, command: &str) -> Option<vt100::Parser> {
    if Command::new("script").arg("--version").output().is_err() {
        assert!(
            std::env::var("SMS_INSPECT_SKIP_MISSING").as_deref() == Ok("1"),
            "util-linux `script` is needed (or set SMS_INSPECT_SKIP_MISSING=1)"
        );
        println!("skipped: util-linux `script` is missing");
        return None;
    }
    let out = Command::new("script")
        .args([
            "-qec",
            &format!("stty cols {cols} rows {rows}; {command}"),
            "/dev/null",
        ])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", empty_home())
        .env("TERM", "xterm")
        .env("SMS_INSPECT_TEST_NOW_MS", NOW_MS)
        .env(INTERVAL, "100")
        .env("SMS_AUTH_TOKEN", TOKEN)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let mut parser = vt100::Parser::new(rows, cols, 0);
    parser.process(&out.stdout);
    Some(parser)
}

/// A wave of 28: 8 replicate and finish, one fails (SMS.6509), one stalls at 20 %, one loses
/// its agent, the rest wait.
fn wave_of_28() -> Wave {
    Wave::new(28, |poll, i| match i {
        3 if poll >= 3 => {
            let mut s = wave_source(3, "error", fleet::WAVE_TOTAL / 3, Some("MIGRATE_FAIL"));
            s["_task"]["error_json"] =
                json!(r#"{"error_code":"SMS.6509","error_param":["DISK_IO","/dev/vdb"]}"#);
            Some(s)
        }
        4 => Some(wave_source(
            4,
            "replicate",
            fleet::WAVE_TOTAL / 5,
            Some("RUNNING"),
        )),
        5 => {
            let mut s = replicating(5, poll / 4, 0);
            s["connected"] = json!(false);
            Some(s)
        }
        0..=10 => Some(replicating(i, poll, i / 2)),
        _ => Some(wave_source(i, "waiting", 0, None)),
    })
}

#[test]
fn the_final_screen_is_whole_at_three_sizes() {
    for (cols, rows) in [(80u16, 15u16), (80, 30), (200, 50)] {
        let server = wave_of_28().start();
        // Followed for two seconds, then Ctrl-C (timeout sends SIGINT), as a person would.
        let command = format!(
            "timeout -s INT 2 {BIN} --endpoint {} watch --all --stall 300ms",
            server.url()
        );
        let Some(parser) = screen(cols, rows, &command) else {
            return;
        };
        let grid = parser.screen();
        let lines: Vec<String> = grid.rows(0, cols).collect();
        let all = lines.join("\n");
        for row in 0..rows {
            assert!(
                !grid.row_wrapped(row),
                "{cols}x{rows}: row {row} wrapped:\n{all}"
            );
        }
        for i in 0..28 {
            let name = format!("srv-{i:04} ");
            let rows_of = lines
                .iter()
                .filter(|l| l.starts_with(&name) && l.contains('['))
                .count();
            assert!(
                rows_of <= 1,
                "{cols}x{rows}: {name} drawn {rows_of} times:\n{all}"
            );
        }
        let row_of = |name: &str| {
            lines
                .iter()
                .find(|l| l.starts_with(name) && l.contains('['))
                .unwrap_or_else(|| panic!("{cols}x{rows}: no row for {name}:\n{all}"))
        };
        assert!(row_of("srv-0003").contains("failed"), "{all}");
        assert!(row_of("srv-0004").contains("stalled"), "{all}");
        assert!(all.contains("last poll 00:00:00 UTC"), "{all}");
        let totals = lines
            .iter()
            .find(|l| l.starts_with("ERROR  28 sources: "))
            .unwrap_or_else(|| panic!("{cols}x{rows}: no totals line:\n{all}"));
        assert!(!totals.contains('…'), "whole: {totals}");
        if cols >= 200 {
            assert!(
                row_of("srv-0003").contains("SMS.6509 DISK_IO, /dev/vdb"),
                "{all}"
            );
        }
        if rows == 15 {
            assert!(all.contains("more: "), "{all}");
        }
    }
}

#[test]
fn a_wave_that_ends_leaves_its_last_frame_and_the_summary() {
    let server = Wave::new(3, |poll, i| Some(replicating(i, poll * 2, 0))).start();
    let command = format!("{BIN} --endpoint {} watch --all", server.url());
    let Some(parser) = screen(80, 24, &command) else {
        return;
    };
    let all = parser.screen().contents();
    for i in 0..3 {
        let name = format!("srv-{i:04} finished");
        assert_eq!(all.matches(&name).count(), 1, "{all}");
    }
    assert!(all.contains("HEALTHY  3 sources: 3 finished"), "{all}");
    assert!(all.trim_end().ends_with("all 3 sources finished"), "{all}");
}

/// Ctrl-C while stdout is blocked (a reader that never reads, as `watch … | sleep 40`) ends
/// the watch with 130 at once; during `--json`, stdout holds only whole JSON lines.
#[test]
fn ctrl_c_ends_a_watch_promptly_even_with_stdout_blocked() {
    let server = Wave::new(1000, |poll, i| Some(replicating(i, poll, 0))).start();
    let mut child = sms_std_at(&server)
        .env(INTERVAL, "100")
        .args(["watch", "--all", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // 1,000 JSON lines are far more than a pipe holds: the first poll blocks on stdout.
    let started = Instant::now();
    while server.hits() < 12 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    let sent = Instant::now();
    assert!(
        Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            sent.elapsed() < Duration::from_secs(5),
            "Ctrl-C did not end the watch"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    assert!(
        sent.elapsed() < Duration::from_secs(2),
        "{:?}",
        sent.elapsed()
    );

    // Small enough not to block: what stdout holds is JSON Lines, no blank line appended.
    let server = Wave::new(2, |_, i| {
        Some(wave_source(i, "replicate", 5, Some("RUNNING")))
    })
    .start();
    let child = sms_std_at(&server)
        .env(INTERVAL, "100")
        .args(["watch", "--all", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while server.hits() < 6 {
        std::thread::sleep(Duration::from_millis(20));
    }
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(130));
    assert!(!out.stdout.is_empty());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\n\n"));
    assert!(!json_lines(&out).is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim(),
        "interrupted",
        "no newline on stderr: stdout is not a terminal"
    );
}
