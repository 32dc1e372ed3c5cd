//! Following migrations: `source ID --watch` (one source, its details polled) and `watch`
//! (a wave, the list endpoint polled: one request per page per interval, never one per
//! source). Both share the row ([`Progress`]), the stall logic ([`Tracker`]) and the screen:
//! on a terminal the frame is redrawn in place; piped, one timestamped line per change;
//! with `--json` (watch), one JSON object per change. Transient failures are shown and
//! retried at the next poll. A write that fails ends the watch.

use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::api::Client;
use crate::api::sources::{self, Reference};
use crate::cli::{SourceArgs, WatchArgs};
use crate::error::{Error, Exit, Kind, Result};
use crate::model::{self, Final, Listed, Source};
use crate::render::output::{self, Output};
use crate::render::progress::{Progress, duration};
use crate::render::table::shorten;
use crate::sanitize::sanitize_short;
use crate::settings::Settings;

/// Replication observed over time for one source: its speed, and whether it stalled.
struct Tracker {
    first: Option<(Instant, u64)>,
    last_bytes: Option<u64>,
    last_growth: Instant,
    speed: Option<f64>,
}

impl Tracker {
    fn new(now: Instant) -> Tracker {
        Tracker {
            first: None,
            last_bytes: None,
            last_growth: now,
            speed: None,
        }
    }

    fn sample(&mut self, replicated: Option<u64>, now: Instant) {
        let Some(bytes) = replicated else { return };
        if self.last_bytes.is_none_or(|last| bytes > last) {
            self.last_growth = now;
        }
        self.last_bytes = Some(bytes);
        match self.first {
            None => self.first = Some((now, bytes)),
            Some((t0, b0)) => {
                let secs = now.duration_since(t0).as_secs_f64();
                if secs > 0.5 && bytes > b0 {
                    self.speed = Some((bytes - b0) as f64 / secs);
                }
            }
        }
    }

    /// Stalled: while it migrates, no byte replicated for `stall`, or its agent is
    /// disconnected.
    fn stalled(&self, p: &Progress, stall: Duration, now: Instant) -> bool {
        if p.outcome.is_some() {
            return false;
        }
        let migrating = p.has_task && p.task_state.eq_ignore_ascii_case("RUNNING");
        p.connected == Some(false) || (migrating && now.duration_since(self.last_growth) >= stall)
    }
}

/// Where the rows go.
struct Screen {
    mode: Mode,
    width: usize,
    /// Lines of the frame on the terminal.
    drawn: usize,
    /// What each source's last printed line said (piped and JSON: print on change).
    last: HashMap<String, String>,
    raw: bool,
    /// The single line on the terminal has no newline yet.
    open: bool,
    /// Its width, to pad over a longer one before it.
    last_width: usize,
    streams: std::sync::Arc<crate::streams::Streams>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Redrawn in place.
    Live,
    /// One timestamped line per change.
    Lines,
    /// One JSON object per change.
    Json,
}

impl Screen {
    fn new(settings: &Settings) -> Screen {
        let mode = match settings.output {
            Output::Json => Mode::Json,
            _ if settings.streams.out_is_terminal => Mode::Live,
            _ => Mode::Lines,
        };
        Screen {
            mode,
            width: settings.style.width.map_or(100, usize::from),
            drawn: 0,
            last: HashMap::new(),
            raw: settings.style.raw_bytes,
            open: false,
            last_width: 0,
            streams: std::sync::Arc::clone(&settings.streams),
        }
    }

    /// Shows the rows (and a totals line); a note (a transient failure) goes beside them.
    fn show(
        &mut self,
        rows: &[Progress],
        totals: Option<String>,
        note: Option<&str>,
        now_ms: u64,
    ) -> std::io::Result<()> {
        let mut out = self.streams.out();
        match self.mode {
            Mode::Live => {
                let mut frame: Vec<String> = rows
                    .iter()
                    .map(|p| p.line(now_ms, Some(self.width.saturating_sub(1)), true, self.raw))
                    .collect();
                frame.extend(totals);
                if let Some(note) = note {
                    frame.push(shorten(note, self.width.saturating_sub(1)).into_owned());
                }
                if frame.len() == 1 && self.drawn <= 1 {
                    // One line: a carriage return and padding, no escape sequence at all.
                    let line = &frame[0];
                    let width = unicode_width::UnicodeWidthStr::width(line.as_str());
                    let pad = self.last_width.saturating_sub(width);
                    write!(out, "\r{line}{}", " ".repeat(pad))?;
                    self.last_width = width;
                    self.drawn = 1;
                    self.open = true;
                } else {
                    // Up to the frame's first line, each line rewritten and cleared to its
                    // end, then everything below cleared: no full-screen clear, no flicker.
                    if self.open {
                        writeln!(out)?;
                        self.open = false;
                    }
                    if self.drawn > 0 {
                        write!(out, "\x1b[{}F", self.drawn)?;
                    }
                    for line in &frame {
                        writeln!(out, "{}\x1b[K", line)?;
                    }
                    write!(out, "\x1b[J")?;
                    self.drawn = frame.len();
                }
            }
            Mode::Lines => {
                let now = timestamp();
                for p in rows {
                    let key = p.key();
                    if self.last.get(&p.id) != Some(&key) {
                        writeln!(out, "{now}  {}", p.line(now_ms, None, false, self.raw))?;
                        self.last.insert(p.id.clone(), key);
                    }
                }
                if let Some(note) = note
                    && self.last.get("").map(String::as_str) != Some(note)
                {
                    writeln!(out, "{now}  {note}")?;
                    self.last.insert(String::new(), note.to_owned());
                }
            }
            Mode::Json => {
                for p in rows {
                    let key = p.key();
                    let before = self.last.insert(p.id.clone(), key.clone());
                    if before.as_ref() != Some(&key) {
                        let changed = changed_fields(before.as_deref(), &key);
                        writeln!(out, "{}", change_json(p, &changed, now_ms))?;
                    }
                }
            }
        }
        out.flush()
    }

    /// Ends the frame; `closing` lines say how it ended.
    fn close(&mut self, closing: &[String]) -> std::io::Result<()> {
        let mut out = self.streams.out();
        if self.open {
            writeln!(out)?;
            self.open = false;
        }
        if self.mode != Mode::Json {
            let now = timestamp();
            for line in closing {
                match self.mode {
                    Mode::Lines => writeln!(out, "{now}  {line}")?,
                    _ => writeln!(out, "{}", line)?,
                }
            }
        }
        out.flush()
    }
}

const KEY_FIELDS: [&str; 8] = [
    "state",
    "migration_cycle",
    "task_state",
    "replicated",
    "stage",
    "connected",
    "stalled",
    "final",
];

/// Which of [`KEY_FIELDS`] differ between two [`Progress::key`]s (all when there was none).
fn changed_fields(before: Option<&str>, after: &str) -> Vec<&'static str> {
    let after: Vec<&str> = after.split('|').collect();
    match before {
        None => vec!["new"],
        Some(before) => before
            .split('|')
            .zip(&after)
            .zip(KEY_FIELDS)
            .filter(|((b, a), _)| b != *a)
            .map(|(_, name)| name)
            .collect(),
    }
}

/// One JSON Lines object: the source, what changed, and the new values.
fn change_json(p: &Progress, changed: &[&str], now_ms: u64) -> String {
    let value = json!({
        "time": timestamp(),
        "id": p.id,
        "name": p.name,
        "changed": changed,
        "state": p.state,
        "migration_cycle": p.cycle,
        "task_state": p.task_state,
        "replicated": p.replicated,
        "total": p.total,
        "percent": p.percent().map(|x| (x * 10.0).round() / 10.0),
        "speed_bytes_per_second": p.speed.map(|s| s.round() as u64),
        "eta_seconds": p.eta,
        "stage": p.stage,
        "connected": p.connected,
        "last_seen": p.last_seen,
        "last_seen_seconds_ago": p.last_seen.and_then(|s| now_ms.checked_sub(s)).map(|ms| ms / 1000),
        "stalled": p.stalled,
        "final": match p.outcome {
            Some(Final::Finished) => Some("finished"),
            Some(Final::Failed) => Some("failed"),
            None => None,
        },
    });
    crate::render::json::line(&value)
}

fn timestamp() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.replace_nanosecond(0)
        .unwrap_or(now)
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
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

/// Why a source that ended badly ended so: its state, its task's, the failing checks.
fn why(source: &Source, p: &Progress) -> String {
    let mut reasons = vec![format!("state {}", p.state)];
    if !p.task_state.is_empty() {
        reasons.push(format!("task {}", p.task_state));
    }
    let failing: Vec<String> = crate::gate::checks(source)
        .filter(|c| crate::gate::Level::of(c) == crate::gate::Level::Error)
        .map(crate::render::verdict::describe)
        .collect();
    if !failing.is_empty() {
        reasons.push(format!("ERROR checks: {}", failing.join("; ")));
    }
    reasons.join(", ")
}

/// `source ID --watch`: the details of one source, polled until it reaches a final state.
pub fn source(client: &Client, id: &str, args: &SourceArgs, settings: &Settings) -> Result<Exit> {
    let mut screen = Screen::new(settings);
    let mut tracker = Tracker::new(Instant::now());
    let interval = Duration::from_secs(args.interval);
    loop {
        let polled = sources::get(client, id).and_then(|body| {
            model::parse_source(&body).map_err(|e| {
                Error::response(format!(
                    "the body for source '{id}' is not a source server: {e}"
                ))
            })
        });
        let now = Instant::now();
        let now_ms = settings.now_ms();
        let shown = match &polled {
            Ok(source) => {
                tracker.sample(
                    source
                        .replicatesize
                        .as_ref()
                        .and_then(model::Scalar::as_u64),
                    now,
                );
                let mut p = Progress::of(source, tracker.speed, now_ms);
                p.stalled = tracker.stalled(&p, args.stall, now);
                let written = screen.show(std::slice::from_ref(&p), None, None, now_ms);
                if let Err(e) = written {
                    return reader_gone(e);
                }
                if p.outcome.is_some() {
                    return finish(&mut screen, &[(source, &p)]);
                }
                Ok(())
            }
            Err(e) if e.transient => {
                let note = format!(
                    "retrying in {} s: {}",
                    interval.as_secs(),
                    sanitize_short(&e.to_string(), 160)
                );
                screen.show(&[], None, Some(&note), now_ms)
            }
            Err(_) => {
                let _ = screen.close(&[]);
                return polled.map(|_| Exit::Ok);
            }
        };
        if let Err(e) = shown {
            return reader_gone(e);
        }
        std::thread::sleep(interval);
    }
}

/// The closing lines and the exit: 0 when everything finished, 1 (stderr naming them) when
/// any ended in error or stopped.
fn finish(screen: &mut Screen, ended: &[(&Source, &Progress)]) -> Result<Exit> {
    let failed: Vec<String> = ended
        .iter()
        .filter(|(_, p)| p.outcome == Some(Final::Failed))
        .map(|(s, p)| format!("{} ended badly: {}", p.label(), why(s, p)))
        .collect();
    let closing = if failed.is_empty() {
        vec![format!(
            "{} finished",
            if ended.len() == 1 {
                ended[0].1.label().to_owned()
            } else {
                format!("all {} sources", ended.len())
            }
        )]
    } else {
        failed.clone()
    };
    if let Err(e) = screen.close(&closing) {
        return reader_gone(e);
    }
    if failed.is_empty() {
        Ok(Exit::Ok)
    } else {
        output::to_stderr(
            &screen.streams,
            &failed
                .iter()
                .map(|f| format!("sms-inspect: {f}"))
                .collect::<Vec<_>>(),
        );
        Ok(Exit::GateFailed)
    }
}

/// What `watch` follows: sources asked for by ID or name, or those the filters select.
struct Wave {
    /// The IDs followed, in the order first seen.
    ids: Vec<String>,
    /// Poll with these filters (the selection's); empty: the whole list.
    filters: Vec<(String, String)>,
}

/// `watch`: a wave of sources, the list endpoint polled until every one reached a final
/// state (or `--fail-fast`, `--fail-on-stall` end it sooner).
pub fn wave(settings: &Settings, args: &WatchArgs) -> super::Result<Exit> {
    Ok(follow_wave(settings, args)?)
}

fn follow_wave(settings: &Settings, args: &WatchArgs) -> Result<Exit> {
    let client = settings.client()?;
    let jobs = usize::from(args.jobs);
    let wave = select(client, args, jobs)?;
    if wave.ids.is_empty() {
        settings.say(&["no source servers matched; nothing to watch".to_owned()]);
        return Ok(if args.allow_empty {
            Exit::Ok
        } else {
            Exit::GateFailed
        });
    }
    let mut screen = Screen::new(settings);
    let mut trackers: HashMap<String, Tracker> = HashMap::new();
    let mut gone: Vec<String> = Vec::new();
    let interval = Duration::from_secs(args.interval);
    let mut warned_scale = false;
    loop {
        let polled = sources::list(client, &wave.filters, None, jobs);
        let now = Instant::now();
        let now_ms = settings.now_ms();
        match polled {
            Ok(listed) => {
                let by_id: HashMap<String, &Listed> = listed
                    .iter()
                    .filter_map(|l| l.source.id.as_ref().map(|i| (i.to_string(), l)))
                    .collect();
                if !warned_scale {
                    warned_scale = true;
                    super::scale_notes(settings, &listed);
                }
                let mut rows: Vec<(Option<&Source>, Progress)> = Vec::new();
                for id in &wave.ids {
                    match by_id.get(id) {
                        Some(l) => {
                            let tracker = trackers
                                .entry(id.clone())
                                .or_insert_with(|| Tracker::new(now));
                            tracker.sample(
                                l.source
                                    .replicatesize
                                    .as_ref()
                                    .and_then(model::Scalar::as_u64),
                                now,
                            );
                            let mut p = Progress::of(&l.source, tracker.speed, now_ms);
                            p.stalled = tracker.stalled(&p, args.stall, now);
                            rows.push((Some(&l.source), p));
                        }
                        None => {
                            if !gone.contains(id) {
                                gone.push(id.clone());
                            }
                            rows.push((
                                None,
                                Progress {
                                    id: id.clone(),
                                    state: "vanished from the list".to_owned(),
                                    outcome: Some(Final::Failed),
                                    has_task: true,
                                    ..Progress::default()
                                },
                            ));
                        }
                    }
                }
                // Attention first, then the running by progress, then the finished.
                rows.sort_by(|(_, a), (_, b)| {
                    let rank = |p: &Progress| match (p.needs_attention(), p.outcome) {
                        (true, _) => 0,
                        (false, None) => 1,
                        (false, Some(_)) => 2,
                    };
                    rank(a).cmp(&rank(b))
                });
                let progresses: Vec<Progress> = rows.iter().map(|(_, p)| p.clone()).collect();
                let totals = totals(&progresses);
                if let Err(e) = screen.show(&progresses, Some(totals), None, now_ms) {
                    return reader_gone(e);
                }
                let failed = rows.iter().find(|(_, p)| p.outcome == Some(Final::Failed));
                let stalled = rows.iter().find(|(_, p)| p.stalled);
                if args.fail_fast
                    && let Some((source, p)) = failed
                {
                    return end_early(&mut screen, *source, p, "--fail-fast");
                }
                if args.fail_on_stall
                    && let Some((source, p)) = stalled
                {
                    return end_early(&mut screen, *source, p, "--fail-on-stall");
                }
                if rows.iter().all(|(_, p)| p.outcome.is_some()) {
                    let vanished = Source::default();
                    let ended: Vec<(&Source, &Progress)> = rows
                        .iter()
                        .map(|(s, p)| (s.unwrap_or(&vanished), p))
                        .collect();
                    return finish(&mut screen, &ended);
                }
            }
            Err(e) if e.transient => {
                let note = format!(
                    "retrying in {} s: {}",
                    interval.as_secs(),
                    sanitize_short(&e.to_string(), 160)
                );
                if let Err(e) = screen.show(&[], None, Some(&note), now_ms) {
                    return reader_gone(e);
                }
            }
            Err(e) => {
                let _ = screen.close(&[]);
                return Err(e);
            }
        }
        std::thread::sleep(interval);
    }
}

/// `--fail-fast` or `--fail-on-stall` ends the watch at its first source, naming it.
fn end_early(
    screen: &mut Screen,
    source: Option<&Source>,
    p: &Progress,
    why_flag: &str,
) -> Result<Exit> {
    let reason = if p.stalled {
        format!(
            "{} stalled ({})",
            p.label(),
            if p.connected == Some(false) {
                "agent disconnected".to_owned()
            } else {
                "no byte replicated for the --stall time".to_owned()
            }
        )
    } else {
        format!(
            "{} ended badly: {}",
            p.label(),
            why(source.unwrap_or(&Source::default()), p)
        )
    };
    if let Err(e) = screen.close(std::slice::from_ref(&reason)) {
        return reader_gone(e);
    }
    output::to_stderr(
        &screen.streams,
        &[format!("sms-inspect: {reason} ({why_flag})")],
    );
    Ok(Exit::GateFailed)
}

/// `12 sources: 3 finished, 8 running, 1 failed; 41.2% of 2.4 TiB at 310.0 MiB/s`.
fn totals(rows: &[Progress]) -> String {
    let finished = rows
        .iter()
        .filter(|p| p.outcome == Some(Final::Finished))
        .count();
    let failed = rows
        .iter()
        .filter(|p| p.outcome == Some(Final::Failed))
        .count();
    let running = rows.len() - finished - failed;
    let stalled = rows.iter().filter(|p| p.stalled).count();
    let replicated: u64 = rows.iter().filter_map(|p| p.replicated).sum();
    let total: u64 = rows.iter().filter_map(|p| p.total).sum();
    let speed: f64 = rows
        .iter()
        .filter(|p| p.outcome.is_none())
        .filter_map(|p| p.speed)
        .sum();
    let mut line = format!(
        "{} sources: {finished} finished, {running} running, {failed} failed",
        rows.len()
    );
    if stalled > 0 {
        line.push_str(&format!(", {stalled} stalled"));
    }
    if total > 0 {
        let size = |n: u64| crate::render::units::size(&Some(model::Scalar::UInt(n)), false);
        line.push_str(&format!(
            "; {:.1}% of {}",
            crate::render::units::percent(replicated, total),
            size(total)
        ));
        if speed > 0.0 {
            line.push_str(&format!(" at {}/s", size(speed as u64)));
            if total > replicated {
                line.push_str(&format!(
                    ", ETA {}",
                    duration(((total - replicated) as f64 / speed) as u64)
                ));
            }
        }
    }
    line
}

/// The IDs the arguments select, and the filters to poll with.
fn select(client: &Client, args: &WatchArgs, jobs: usize) -> Result<Wave> {
    let mut ids = Vec::new();
    for value in &args.sources {
        match sources::reference(value)? {
            Reference::Id(id) => ids.push(id.to_owned()),
            Reference::Name(name) => {
                let found = sources::find_by_name(client, name, jobs)?;
                ids.push(sources::listed_id(&found)?);
            }
        }
    }
    let filters = args.filters.query();
    if args.all || !filters.is_empty() {
        for l in sources::list(client, &filters, None, jobs)? {
            if let Some(id) = l.source.id.as_ref().map(|i| i.to_string())
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
    }
    // Sources asked for by ID or name may sit outside the filters: poll the whole list then.
    let filters = if args.sources.is_empty() {
        filters
    } else {
        Vec::new()
    };
    Ok(Wave { ids, filters })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_stalls_when_its_bytes_stop_growing_while_running() {
        let t0 = Instant::now();
        let mut tracker = Tracker::new(t0);
        let running = Progress {
            has_task: true,
            task_state: "RUNNING".into(),
            connected: Some(true),
            ..Progress::default()
        };
        tracker.sample(Some(100), t0);
        let stall = Duration::from_secs(60);
        assert!(!tracker.stalled(&running, stall, t0 + Duration::from_secs(59)));
        assert!(tracker.stalled(&running, stall, t0 + Duration::from_secs(60)));
        tracker.sample(Some(200), t0 + Duration::from_secs(61));
        assert!(!tracker.stalled(&running, stall, t0 + Duration::from_secs(100)));
        let gone = Progress {
            connected: Some(false),
            ..running.clone()
        };
        assert!(tracker.stalled(&gone, stall, t0 + Duration::from_secs(62)));
        let done = Progress {
            outcome: Some(Final::Finished),
            ..gone
        };
        assert!(!tracker.stalled(&done, stall, t0 + Duration::from_secs(1000)));
    }

    #[test]
    fn changes_are_named() {
        let a = "replicate|replicating|RUNNING|Some(10)|SYNC|Some(true)|false|None";
        let b = "replicate|replicating|RUNNING|Some(20)|SYNC|Some(true)|false|None";
        assert_eq!(changed_fields(Some(a), b), ["replicated"]);
        assert_eq!(changed_fields(None, b), ["new"]);
    }
}
