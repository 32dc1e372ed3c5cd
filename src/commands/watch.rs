//! `source <ID> --watch`: poll until the source reaches a final state. On a terminal one line
//! is redrawn in place (a progress bar with speed, ETA, stage and subtask); otherwise one
//! plain line is printed per change. Transient failures are shown and retried.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::api::Client;
use crate::api::sources;
use crate::cli::SourceArgs;
use crate::error::{Error, Exit, Kind, Result};
use crate::model::{self, Scalar, Source};
use crate::render::{text, units};
use crate::sanitize::sanitize_short;
use crate::settings::Settings;

/// A progress line is on the terminal without its newline (Ctrl-C must end it).
pub static LINE_OPEN: AtomicBool = AtomicBool::new(false);

/// How a watch ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Final {
    Finished,
    Failed,
}

/// finished or cutovered end well; error or stopped end badly; anything else goes on.
pub fn final_state(source: &Source) -> Option<Final> {
    let word = |f: &Option<Scalar>| {
        f.as_ref()
            .and_then(Scalar::as_str)
            .map(str::to_ascii_lowercase)
    };
    match (
        word(&source.state).as_deref(),
        word(&source.migration_cycle).as_deref(),
    ) {
        (Some("finished"), _) | (_, Some("cutovered")) => Some(Final::Finished),
        (Some("error" | "stopped"), _) => Some(Final::Failed),
        _ => None,
    }
}

pub fn run(client: &Client, id: &str, args: &SourceArgs, settings: &Settings) -> Result<Exit> {
    let style = &settings.style;
    let live = settings.stdout_is_terminal;
    let mut screen = Screen {
        live,
        last: String::new(),
        drawn: 0,
        width: style.width.map(usize::from).unwrap_or(100),
    };
    let mut rate = Rate::default();
    let interval = Duration::from_secs(args.interval);
    loop {
        let polled = sources::get(client, id).and_then(|body| {
            model::parse_source(&body).map_err(|e| {
                Error::response(format!(
                    "the body for source '{id}' is not a source server: {e}"
                ))
            })
        });
        match polled {
            Ok(source) => {
                let replicated = source.replicatesize.as_ref().and_then(Scalar::as_u64);
                rate.sample(replicated);
                let (text, key) = line(&source, &rate, live, style.raw_bytes);
                if let Err(e) = screen.show(&text, &key) {
                    return reader_gone(e);
                }
                if let Some(end) = final_state(&source) {
                    if let Err(e) = screen.done() {
                        return reader_gone(e);
                    }
                    return Ok(Exit::gate(end == Final::Finished));
                }
            }
            Err(e) if e.transient => {
                let text = format!(
                    "retrying in {} s: {}",
                    interval.as_secs(),
                    sanitize_short(&e.to_string(), 160)
                );
                if let Err(e) = screen.show(&text, &text) {
                    return reader_gone(e);
                }
            }
            Err(e) => {
                let _ = screen.done();
                return Err(e);
            }
        }
        std::thread::sleep(interval);
    }
}

/// A write that failed ends the watch: quietly when the reader went away (`| head -1`),
/// exit 7 otherwise (a full disk), rather than polling for nobody.
fn reader_gone(e: std::io::Error) -> Result<Exit> {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        return Ok(Exit::Ok);
    }
    Err(Error::new(
        Kind::Output,
        format!(
            "cannot write to standard output: {}",
            sanitize_short(&e.to_string(), 200)
        ),
    ))
}

/// Where the lines go: redrawn in place on a terminal, appended when they change otherwise.
struct Screen {
    live: bool,
    /// What the last line said, less what changes on its own (the ETA).
    last: String,
    drawn: usize,
    width: usize,
}

impl Screen {
    fn show(&mut self, line: &str, key: &str) -> std::io::Result<()> {
        let mut out = std::io::stdout().lock();
        if self.live {
            let line: String = line.chars().take(self.width.saturating_sub(1)).collect();
            let len = line.chars().count();
            // Carriage return and spaces, no escape sequences: nothing to undo on exit.
            let pad = self.drawn.saturating_sub(len);
            write!(out, "\r{line}{}", " ".repeat(pad))?;
            self.drawn = len;
            LINE_OPEN.store(true, Ordering::Relaxed);
        } else if key != self.last {
            let now = time::OffsetDateTime::now_utc();
            let now = now
                .replace_nanosecond(0)
                .unwrap_or(now)
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            writeln!(out, "{now}  {line}")?;
        }
        out.flush()?;
        self.last = key.to_owned();
        Ok(())
    }

    fn done(&mut self) -> std::io::Result<()> {
        if self.live && self.drawn > 0 {
            self.drawn = 0;
            LINE_OPEN.store(false, Ordering::Relaxed);
            let mut out = std::io::stdout().lock();
            writeln!(out)?;
            out.flush()?;
        }
        Ok(())
    }
}

/// Replication speed observed between polls.
#[derive(Default)]
struct Rate {
    first: Option<(Instant, u64)>,
    bytes_per_sec: Option<f64>,
}

impl Rate {
    fn sample(&mut self, replicated: Option<u64>) {
        let Some(now_bytes) = replicated else { return };
        match self.first {
            None => self.first = Some((Instant::now(), now_bytes)),
            Some((t0, b0)) => {
                let secs = t0.elapsed().as_secs_f64();
                if secs > 0.5 && now_bytes > b0 {
                    self.bytes_per_sec = Some((now_bytes - b0) as f64 / secs);
                }
            }
        }
    }
}

/// `state / cycle  [#####-----]  120.0 GiB / 320.0 GiB (37.5%)  87.5 Mbit/s  ETA 1h 02m  subtask`,
/// and the same without the ETA (what counts as a change).
fn line(source: &Source, rate: &Rate, bar: bool, raw: bool) -> (String, String) {
    let mut parts = vec![format!(
        "{} / {}",
        text(&source.state),
        text(&source.migration_cycle)
    )];
    let replicated = source.replicatesize.as_ref().and_then(Scalar::as_u64);
    let total = source.totalsize.as_ref().and_then(Scalar::as_u64);
    let task = source.current_task.as_ref();
    if let (Some(r), Some(t), true) = (replicated, total, bar)
        && t > 0
    {
        let filled = ((units::percent(r, t) / 100.0) * 24.0).round() as usize;
        parts.push(format!(
            "[{}{}]",
            "#".repeat(filled),
            "-".repeat(24 - filled.min(24))
        ));
    }
    parts.push(units::progress(
        &source.replicatesize,
        &source.totalsize,
        raw,
    ));
    if let Some(speed) = task.and_then(|t| t.migrate_speed.as_ref()) {
        parts.push(units::with_unit(&Some(speed.clone()), "Mbit/s"));
    }
    let reported = task
        .and_then(|t| t.migrate_speed.as_ref())
        .and_then(Scalar::as_f64)
        .filter(|s| *s > 0.0)
        .map(|mbit| mbit * 1_000_000.0 / 8.0);
    if let Some(sub) = task.and_then(|t| t.subtask_info.as_ref()) {
        parts.push(text(&Some(sub.clone())));
    }
    let key = parts.join("  ");
    if let (Some(r), Some(t), Some(speed)) = (replicated, total, rate.bytes_per_sec.or(reported))
        && t > r
    {
        let at = parts.len() - usize::from(task.is_some_and(|t| t.subtask_info.is_some()));
        parts.insert(at, format!("ETA {}", eta(((t - r) as f64 / speed) as u64)));
    }
    (parts.join("  "), key)
}

fn eta(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m {:02}s", secs / 60, secs % 60),
        _ => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(body: &str) -> Source {
        model::parse_source(body.as_bytes()).unwrap()
    }

    #[test]
    fn final_states() {
        assert_eq!(
            final_state(&source(r#"{"state":"finished"}"#)),
            Some(Final::Finished)
        );
        assert_eq!(
            final_state(&source(
                r#"{"state":"cloning","migration_cycle":"cutovered"}"#
            )),
            Some(Final::Finished)
        );
        assert_eq!(
            final_state(&source(r#"{"state":"error"}"#)),
            Some(Final::Failed)
        );
        assert_eq!(
            final_state(&source(r#"{"state":"STOPPED"}"#)),
            Some(Final::Failed)
        );
        assert_eq!(final_state(&source(r#"{"state":"replicate"}"#)), None);
    }

    #[test]
    fn the_line_has_progress_speed_eta_and_subtask() {
        let s = source(
            r#"{"state":"replicate","migration_cycle":"replicating","replicatesize":512,"totalsize":1024,"current_task":{"migrate_speed":0.001,"subtask_info":"SYNC\u001b"}}"#,
        );
        let (l, key) = line(&s, &Rate::default(), true, true);
        assert_eq!(
            l,
            "replicate / replicating  [############------------]  512 / 1024 (50.0%)  0.001 Mbit/s  ETA 4s  SYNC\\x1b"
        );
        assert_eq!(key, l.replace("  ETA 4s", ""));
        assert_eq!(eta(3725), "1h 02m");
    }
}
