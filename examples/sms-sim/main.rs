//! sms-sim: a stand-in for Huawei Cloud's SMS API on 127.0.0.1, serving a migration wave that
//! moves as you watch (28 sources; 8 replicate, one fails, one stalls, one loses its agent),
//! so that sms-inspect can be tried without an account:
//!
//! ```sh
//! cargo run --example sms-sim            # prints the two lines to export, then serves
//! ```
//!
//! Options: `--port N` (default 0: any free port), `--speed X` (the wave runs X times faster;
//! 1 finishes it in about 2 minutes), `-v` (each request on stderr). Stdout carries only the
//! two `export` lines. What it serves is `scenario.rs`, a pure function of the time since the
//! start, which the test suite drives at fixed times.

mod scenario;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use scenario::Scenario;

const USAGE: &str = "usage: sms-sim [--port N] [--speed X] [-v]

A stand-in for the SMS API on 127.0.0.1, serving a migration wave that moves.
  --port N    listen on port N (default 0: any free port)
  --speed X   run the wave X times faster (default 1: it finishes in about 2 minutes)
  -v          log each request on stderr
Prints the two lines to export (SMS_ENDPOINT, SMS_AUTH_TOKEN) on stdout, then serves until
interrupted.";

struct Options {
    port: u16,
    speed: f64,
    verbose: bool,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        port: 0,
        speed: 1.0,
        verbose: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs a value"))
        };
        match name.as_str() {
            "--port" => {
                let v = value()?;
                o.port = v
                    .parse()
                    .map_err(|_| format!("--port: '{v}' is not a port (0 to 65535)"))?;
            }
            "--speed" => {
                let v = value()?;
                o.speed = v
                    .parse::<f64>()
                    .ok()
                    .filter(|s| s.is_finite() && *s > 0.0 && *s <= 10_000.0)
                    .ok_or(format!(
                        "--speed: '{v}' is not a number above 0 (at most 10000)"
                    ))?;
            }
            "-v" | "--verbose" => o.verbose = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument '{other}'")),
        }
    }
    Ok(o)
}

/// A token nobody can guess from outside: std's per-process random hash keys, mixed with
/// the time and the process ID.
fn token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let mut parts = String::new();
    for salt in 0..2u64 {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u32(std::process::id());
        h.write_u128(
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_nanos(),
        );
        parts.push_str(&format!("{:016x}", h.finish()));
    }
    format!("sim-token-{parts}")
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(("127.0.0.1", o.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", o.port);
            return ExitCode::from(1);
        }
    };
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(o.port);
    let scenario = Arc::new(Scenario {
        token: token(),
        epoch_ms: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64),
        speed: o.speed,
    });
    let start = Instant::now();
    println!("export SMS_ENDPOINT=http://127.0.0.1:{port}");
    println!("export SMS_AUTH_TOKEN={}", scenario.token);
    let _ = std::io::stdout().flush();
    if o.verbose {
        eprintln!(
            "sms-sim: {} sources on 127.0.0.1:{port}; the wave ends in about {:.0} s; Ctrl-C stops",
            scenario::fleet::FLEET.len(),
            scenario::fleet::wave_end() / o.speed
        );
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let scenario = scenario.clone();
        let verbose = o.verbose;
        std::thread::spawn(move || serve(stream, &scenario, start, verbose));
    }
    ExitCode::SUCCESS
}

/// Serves the requests of one connection (keep-alive) until the client closes it.
fn serve(stream: TcpStream, scenario: &Scenario, start: Instant, verbose: bool) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut out = stream;
    loop {
        let Some((method, target, headers)) = read_head(&mut reader) else {
            return;
        };
        // A body (none is expected) is read and dropped, at most 1 MiB.
        let length: u64 = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        if length > 1 << 20
            || std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink()).is_err()
        {
            return;
        }
        let elapsed = start.elapsed().as_secs_f64();
        let (status, body) = scenario.respond(&method, &target, &headers, elapsed);
        if verbose {
            let shown: String = target
                .chars()
                .filter(|c| !c.is_control())
                .take(200)
                .collect();
            eprintln!("sms-sim: {elapsed:7.1}s {method} {shown} -> {status}");
        }
        let close = headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close"));
        let head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n{}\r\n",
            reason(status),
            body.len(),
            if close { "Connection: close\r\n" } else { "" }
        );
        if out.write_all(head.as_bytes()).is_err()
            || out.write_all(body.as_bytes()).is_err()
            || close
        {
            return;
        }
    }
}

type Head = (String, String, Vec<(String, String)>);

/// The request line and headers; None when the connection ends or sends something else.
fn read_head(reader: &mut impl BufRead) -> Option<Head> {
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let mut line = String::new();
        let n = reader.read_line(&mut line).ok()?;
        total += n;
        if n == 0 || total > 64 * 1024 {
            return None;
        }
        let line = line.trim_end_matches(['\r', '\n']).to_owned();
        if line.is_empty() {
            if lines.is_empty() {
                continue;
            }
            break;
        }
        lines.push(line);
    }
    let mut request = lines[0].split(' ');
    let method = request.next()?.to_owned();
    let target = request.next()?.to_owned();
    let headers = lines[1..]
        .iter()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some((method, target, headers))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        401 => "Unauthorized",
        404 => "Not Found",
        _ => "Status",
    }
}
