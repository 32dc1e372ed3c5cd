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
        let times = timed(
            runs,
            &server,
            &["check", "--all", "--json", "--fail-on", "never"],
            |out| {
                let results: serde_json::Value = serde_json::from_slice(out).unwrap();
                assert_eq!(results.as_array().unwrap().len(), 1000);
            },
        );
        println!(
            "check --all, 1000 sources, 50 ms per response, {label}: {} ({runs} runs, {} requests in the last)",
            summary(&times),
            server.hits() / runs
        );
    }
}

/// One poll of `watch` over a wave of 1,000 finished sources and their 1,000 tasks behind the
/// same 50 ms server. The sources are named by ID, so the selection costs no request and the
/// run is one poll: 5 pages of sources and 5 of tasks (issue: at most 10 requests, 0.5 s).
fn watch_wave(runs: usize) {
    let mut wave = support::fleet::Wave::new(1000, |_, i| {
        Some(support::fleet::wave_source(
            i,
            "finished",
            support::fleet::WAVE_TOTAL,
            Some("MIGRATE_SUCCESS"),
        ))
    });
    wave.latency = Duration::from_millis(50);
    let server = wave.start();
    let ids: Vec<String> = (0..1000).map(support::fleet::id).collect();
    let mut args = vec!["watch"];
    args.extend(ids.iter().map(String::as_str));
    let times = timed(runs, &server, &args, |_| {});
    let requests = server.hits() / runs;
    println!(
        "watch, one poll of 1000 sources and 1000 tasks, 50 ms per response: {} ({runs} runs, {requests} requests each)",
        summary(&times)
    );
    assert!(requests <= 10, "{requests} requests for one poll");
}

/// Runs `sms-inspect --endpoint URL ARGS` `runs` times; each must succeed and pass `check`
/// on its stdout. The times, sorted.
fn timed(
    runs: usize,
    server: &support::server::Server,
    args: &[&str],
    check: impl Fn(&[u8]),
) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let out = Command::new(support::BIN)
                .args(["--endpoint", &server.url()])
                .args(args)
                .env_clear()
                .env("SMS_AUTH_TOKEN", "bench")
                .output()
                .unwrap();
            let took = started.elapsed();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            check(&out.stdout);
            took
        })
        .collect();
    times.sort();
    times
}

fn summary(times: &[Duration]) -> String {
    format!(
        "median {:.0} ms, min {:.0} ms, max {:.0} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
