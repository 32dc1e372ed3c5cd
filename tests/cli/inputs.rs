//! What `--file`, `--token-file`, `SSL_CERT_FILE` and the other inputs may be: regular files,
//! pipes, `/dev/stdin` and FIFOs are read; `/dev/zero`, directories and endless inputs fail at
//! once.

use std::time::{Duration, Instant};

use predicates::prelude::*;

use crate::support::server::{Reply, Server};
use crate::support::*;

#[test]
fn file_reads_pipes_dev_stdin_and_fifos() {
    let body = read(&linux());
    let expected = sms()
        .args(["source", "-f"])
        .arg(linux())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    sms()
        .args(["source", "--file", "/dev/stdin"])
        .write_stdin(body.clone())
        .assert()
        .success()
        .stdout(expected.clone());
    // Process substitution, as a shell user writes it.
    if std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_ok()
    {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!("{BIN} source --file <(cat \"$0\")"))
            .arg(linux())
            .env("HOME", empty_home())
            .env("SMS_INSPECT_TEST_NOW_MS", NOW_MS)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stdout == expected, "<(...) reads as a file does");
    }
    // A named FIFO, written by another thread.
    let fifo = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("body.fifo");
    let _ = std::fs::remove_file(&fifo);
    if std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let writer = {
            let (fifo, body) = (fifo.clone(), body.clone());
            std::thread::spawn(move || std::fs::write(fifo, body).unwrap())
        };
        sms()
            .args(["source", "--file"])
            .arg(&fifo)
            .timeout(Duration::from_secs(20))
            .assert()
            .success()
            .stdout(expected);
        writer.join().unwrap();
    }
}

/// `SSL_CERT_FILE` naming a FIFO (which would block the run until a writer came) or a
/// directory, or a device that never ends, is refused at once (exit 2).
#[test]
fn an_ssl_cert_file_that_is_not_a_regular_file_is_refused_at_once() {
    let fifo = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cert-fifo");
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo is needed");
    let server = Server::always(Reply::json(200, read(&linux())));
    for path in [
        fifo.as_path(),
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")),
        std::path::Path::new("/dev/zero"),
    ] {
        let started = Instant::now();
        sms_at(&server)
            .args(["source", "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60"])
            .env("SSL_CERT_FILE", path)
            .timeout(Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("which is not a regular file"));
        assert!(started.elapsed() < Duration::from_secs(10), "{path:?}");
    }
    assert_eq!(server.hits(), 0);
}

/// `/dev/zero` as any input fails at once with a clear error, never after reading (and
/// holding) a gigabyte of zeros.
#[test]
fn dev_zero_as_any_input_fails_at_once() {
    let server = Server::always(Reply::json(200, read(&linux())));
    let runs: Vec<(Vec<&str>, i32, &str)> = vec![
        (
            vec!["source", "--file", "/dev/zero"],
            6,
            "is not JSON: it starts with the byte 0x00",
        ),
        (
            vec!["source", "--file", "/dev/zero", "--json"],
            6,
            "is not JSON",
        ),
        (vec!["check", "--file", "/dev/zero"], 6, "is not JSON"),
        (vec!["diff", "/dev/zero", "-"], 6, "is not JSON"),
    ];
    for (args, code, needle) in runs {
        let started = Instant::now();
        sms()
            .args(&args)
            .write_stdin("{}")
            .timeout(Duration::from_secs(20))
            .assert()
            .code(code)
            .stderr(predicate::str::contains(needle));
        assert!(started.elapsed() < Duration::from_secs(5), "{args:?}");
    }
    let started = Instant::now();
    sms()
        .args([
            "source",
            "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60",
            "--endpoint",
        ])
        .arg(server.url())
        .args(["--token-file", "/dev/zero"])
        .timeout(Duration::from_secs(20))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("larger than 1 MiB"));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(server.hits(), 0);
}
