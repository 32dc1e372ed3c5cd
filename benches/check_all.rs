//! `check --all` over 1,000 sources behind a loopback stand-in that adds 50 ms to every
//! response (issue: under 1 s). Run with `cargo bench --bench check_all`; prints the figures.

#[path = "../tests/cli/support/mod.rs"]
#[allow(dead_code)] // the benchmark uses only the fleet stand-in
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use support::fleet::Fleet;

fn main() {
    let runs: usize = std::env::var("RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    watch_wave(runs);
    for (label, list_checks) in [
        ("list carries checks", true),
        ("details fetched (--jobs 8)", false),
    ] {
        let server = Fleet {
            latency: Duration::from_millis(50),
            list_checks,
            ..Fleet::new(1000)
        }
        .start();
        let mut times = Vec::new();
        for _ in 0..runs {
            let started = Instant::now();
            let out = Command::new(support::BIN)
                .args([
                    "--endpoint",
                    &server.url(),
                    "check",
                    "--all",
                    "--json",
                    "--fail-on",
                    "never",
                ])
                .env_clear()
                .env("SMS_AUTH_TOKEN", "bench")
                .output()
                .unwrap();
            times.push(started.elapsed());
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(results.as_array().unwrap().len(), 1000);
        }
        times.sort();
        println!(
            "check --all, 1000 sources, 50 ms per response, {label}: median {:.0} ms, min {:.0} ms, max {:.0} ms ({runs} runs, {} requests in the last)",
            ms(times[runs / 2]),
            ms(times[0]),
            ms(times[runs - 1]),
            server.hits() / runs
        );
    }
}

/// `watch --all` over a wave of 1,000 finished sources behind the same 50 ms server: the
/// selection's listing and one poll (5 pages each), then it ends.
fn watch_wave(runs: usize) {
    let mut fleet = Fleet {
        latency: Duration::from_millis(50),
        ..Fleet::new(1000)
    };
    for s in &mut fleet.sources {
        s["state"] = serde_json::json!("finished");
    }
    let server = fleet.start();
    let mut times = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let out = Command::new(support::BIN)
            .args([
                "--endpoint",
                &server.url(),
                "watch",
                "--all",
                "--interval",
                "1",
            ])
            .env_clear()
            .env("SMS_AUTH_TOKEN", "bench")
            .output()
            .unwrap();
        times.push(started.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    times.sort();
    println!(
        "watch --all, 1000 sources, 50 ms per response: median {:.0} ms, min {:.0} ms, max {:.0} ms ({runs} runs, {} requests each: the selection and one poll)",
        ms(times[runs / 2]),
        ms(times[0]),
        ms(times[runs - 1]),
        server.hits() / runs
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
