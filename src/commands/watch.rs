//! Following migrations: `source ID --watch` (one source, its details polled) and `watch`
//! (a wave). A wave's selection is fixed at the start; each poll then lists the account
//! (unfiltered, 200 a page) and its tasks (GET /v3/tasks, 200 a page), joins them by
//! `source_server.id` and follows exactly the selected IDs: never one request per source.
//! The rows, the screen and the JSON Lines are drawn in `render::watch`; this file is the
//! loop. Transient failures are shown and retried at the next poll; a write that fails ends
//! the watch.

mod selection;
mod tracker;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::api::Client;
use crate::api::sources;
use crate::api::tasks;
use crate::cli::{SourceArgs, WatchArgs};
use crate::error::{Error, Exit, Result};
use crate::model::task::TaskIndex;
use crate::model::{self, Listed, Source};
use crate::render::output::{self, Output};
use crate::render::progress::{Progress, Status};
use crate::render::watch::{self as draw, Changes, Screen, Totals, View};
use crate::sanitize::sanitize_short;
use crate::settings::Settings;
use selection::{current_task_id, select};
use tracker::Tracker;

/// How the rows are shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Redrawn in place on a terminal.
    Live,
    /// One timestamped line per change.
    Lines,
    /// JSON Lines.
    Json,
}

fn mode(settings: &Settings) -> Mode {
    match settings.output {
        Output::Json => Mode::Json,
        _ if settings.streams.out_is_terminal => Mode::Live,
        _ => Mode::Lines,
    }
}

/// The interval between polls: `--interval`, unless the test suite shortens it.
fn interval(secs: u64, settings: &Settings) -> Duration {
    settings.poll_every.unwrap_or(Duration::from_secs(secs))
}

/// Writes `text` to stdout. Ok(false) when the reader went away (`| head -1`): the watch
/// ends quietly rather than polling for nobody; another failure is exit 7.
fn emit(settings: &Settings, text: &str) -> Result<bool> {
    if text.is_empty() {
        return Ok(true);
    }
    let mut gone = false;
    output::to_stdout(&settings.streams, |out| {
        let written = out.write_all(text.as_bytes()).and_then(|()| out.flush());
        gone = written
            .as_ref()
            .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
        Ok(written?)
    })?;
    Ok(!gone)
}

/// The terminal's size now (re-measured at every frame, so a resize is followed).
fn terminal(settings: &Settings) -> (usize, usize) {
    match settings.streams.size() {
        Some((w, h)) if w >= 20 => (usize::from(w), usize::from(h).max(4)),
        _ => (settings.style.width.map_or(100, usize::from), 50),
    }
}

fn retry_note(e: &Error, every: Duration) -> String {
    format!(
        "retrying in {}: {}",
        draw_secs(every),
        sanitize_short(&e.to_string(), 160)
    )
}

fn draw_secs(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// `source ID --watch`: the details of one source, polled until it reaches a final state.
pub fn source(client: &Client, id: &str, args: &SourceArgs, settings: &Settings) -> Result<Exit> {
    let mode = mode(settings);
    let raw = settings.style.raw_bytes;
    let mut screen = Screen::default();
    let mut changes = Changes::default();
    let mut tracker = Tracker::new(Instant::now());
    let every = interval(args.interval, settings);
    loop {
        let polled = sources::get(client, id).and_then(|body| {
            model::parse_source(&body).map_err(|e| {
                Error::response(format!(
                    "the body for source '{id}' is not a source server: {e}"
                ))
            })
        });
        let (now, now_ms) = (Instant::now(), settings.now_ms());
        let stamp = draw::stamp(now_ms);
        let text = match &polled {
            Ok(source) => {
                let mut p = Progress::of(source, None, now_ms);
                tracker.sample(p.replicated, p.status == Status::Running, now);
                p.settle(tracker.speed(), tracker.quiet(now), args.stall);
                let mut text = match mode {
                    Mode::Live => {
                        let (width, _) = terminal(settings);
                        let line = draw::line(&p, now_ms, Some(width - 1), true, raw);
                        screen.redraw(&[line], &[], width)
                    }
                    _ if changes.of(&p).is_empty() => String::new(),
                    _ => format!("{}\n", draw::piped_line(&stamp, &p, now_ms, raw)),
                };
                if p.status.is_final() {
                    let line = draw::outcome_line(&p, &draw::reason(Some(source), &p));
                    text.push_str(screen.close());
                    text.push_str(&match mode {
                        Mode::Live => format!("{line}\n"),
                        _ => format!("{stamp}  {line}\n"),
                    });
                    if !emit(settings, &text)? {
                        return Ok(Exit::Ok);
                    }
                    if p.status == Status::Finished {
                        return Ok(Exit::Ok);
                    }
                    settings.say(&[format!("error: {line}")]);
                    return Ok(Exit::GateFailed);
                }
                text
            }
            Err(e) if e.transient => {
                let note = retry_note(e, every);
                match mode {
                    Mode::Live => {
                        let width = terminal(settings).0;
                        let note = crate::render::table::shorten(&note, width - 1).into_owned();
                        screen.redraw(&[note], &[], width)
                    }
                    _ => format!("{stamp}  {note}\n"),
                }
            }
            Err(_) => {
                let _ = emit(settings, screen.close());
                return polled.map(|_| Exit::Ok);
            }
        };
        if !emit(settings, &text)? {
            return Ok(Exit::Ok);
        }
        std::thread::sleep(every);
    }
}

/// `watch`: a wave of sources, polled until every one reached a final state (or
/// `--fail-fast`, `--fail-on-stall` end it sooner).
pub fn wave(settings: &Settings, args: &WatchArgs) -> super::Result<Exit> {
    Ok(follow_wave(settings, args)?)
}

fn follow_wave(settings: &Settings, args: &WatchArgs) -> Result<Exit> {
    let client = settings.client()?;
    let jobs = usize::from(args.jobs);
    let (mut followed, what) = select(client, args, jobs)?;
    if followed.is_empty() {
        settings.say(&["no source servers matched; nothing to watch".to_owned()]);
        return Ok(if args.allow_empty {
            Exit::Ok
        } else {
            Exit::GateFailed
        });
    }
    let mode = mode(settings);
    let every = interval(args.interval, settings);
    let mut screen = Screen::default();
    let mut changes = Changes::default();
    let mut trackers: HashMap<String, Tracker> = HashMap::new();
    let mut last: HashMap<String, Progress> = HashMap::new();
    let mut told: HashSet<(String, Status)> = HashSet::new();
    let mut tasks_endpoint = true;
    let mut noted_scale = false;
    let mut poll = 0u64;
    loop {
        poll += 1;
        let polled = sources::list(client, &[], None, jobs).and_then(|listed| {
            let tasks = if tasks_endpoint {
                tasks::list(client, jobs)?
            } else {
                Some(Vec::new())
            };
            Ok((listed, tasks))
        });
        let (now, now_ms) = (Instant::now(), settings.now_ms());
        let stamp = draw::stamp(now_ms);
        let (listed, tasks) = match polled {
            Ok(found) => found,
            Err(e) if e.transient => {
                let note = retry_note(&e, every);
                let text = match mode {
                    Mode::Live => {
                        let rows: Vec<Progress> = last.values().cloned().collect();
                        frame(
                            settings,
                            &mut screen,
                            &what,
                            every,
                            &rows,
                            Some(&note),
                            &[],
                            now_ms,
                        )
                    }
                    _ => {
                        settings.say(&[format!("{stamp}  {note}")]);
                        String::new()
                    }
                };
                if !emit(settings, &text)? {
                    return Ok(Exit::Ok);
                }
                std::thread::sleep(every);
                continue;
            }
            Err(e) => {
                let _ = emit(settings, screen.close());
                return Err(e);
            }
        };
        if tasks.is_none() && tasks_endpoint {
            tasks_endpoint = false;
            settings.say(&[
                "note: this endpoint has no GET /v3/tasks (HTTP 404): rows show the source \
                 list's fields, without SMS's error reasons, stages or load"
                    .to_owned(),
            ]);
        }
        if !noted_scale {
            noted_scale = true;
            super::scale_notes(settings, &listed);
        }
        let by_id: HashMap<String, &Listed> = listed
            .iter()
            .filter_map(|l| l.source.id.as_ref().map(|i| (i.to_string(), l)))
            .collect();
        let task_of = TaskIndex::new(tasks.as_deref().unwrap_or_default());
        let mut rows: Vec<Progress> = Vec::with_capacity(followed.len());
        let mut sources_of: HashMap<&str, &Source> = HashMap::new();
        for f in &mut followed {
            let p = match by_id.get(&f.id) {
                Some(l) => {
                    let task = task_of.of(&f.id, current_task_id(&l.source).as_deref());
                    let mut p = Progress::of(&l.source, task, now_ms);
                    let tracker = trackers
                        .entry(f.id.clone())
                        .or_insert_with(|| Tracker::new(now));
                    tracker.sample(p.replicated, p.status == Status::Running, now);
                    p.settle(tracker.speed(), tracker.quiet(now), args.stall);
                    if !p.name.is_empty() {
                        f.name.clone_from(&p.name);
                    }
                    sources_of.insert(&f.id, &l.source);
                    p
                }
                None => {
                    let mut p = last.get(&f.id).cloned().unwrap_or_else(|| Progress {
                        id: f.id.clone(),
                        name: f.name.clone(),
                        ..Progress::default()
                    });
                    if !p.status.is_final() {
                        p.missing = true;
                        p.settle(None, Duration::ZERO, Duration::MAX);
                    }
                    p
                }
            };
            rows.push(p);
        }
        // Missing is vanished only once every other source is final.
        if rows.iter().all(|p| p.missing || p.status.is_final()) {
            for p in rows.iter_mut().filter(|p| p.missing) {
                p.missing = false;
                p.status = Status::Vanished;
            }
        }
        // Each outcome (and each stall) said once, at the poll that sees it.
        let mut events = Vec::new();
        for p in &rows {
            if p.status != Status::Stalled {
                told.remove(&(p.id.clone(), Status::Stalled));
            }
            let news = p.status.is_final() || p.status == Status::Stalled;
            if news && told.insert((p.id.clone(), p.status)) {
                events.push(draw::outcome_line(
                    p,
                    &draw::reason(sources_of.get(p.id.as_str()).copied(), p),
                ));
            }
        }
        let text = match mode {
            Mode::Live => frame(
                settings,
                &mut screen,
                &what,
                every,
                &rows,
                None,
                &events,
                now_ms,
            ),
            Mode::Lines | Mode::Json => {
                settings.say(&events);
                let mut text = String::new();
                for p in &rows {
                    let changed = changes.of(p);
                    if changed.is_empty() {
                        continue;
                    }
                    let line = match mode {
                        Mode::Json => draw::change_json(&stamp, p, &changed, now_ms),
                        _ => draw::piped_line(&stamp, p, now_ms, settings.style.raw_bytes),
                    };
                    text.push_str(&line);
                    text.push('\n');
                }
                if mode == Mode::Json {
                    text.push_str(&draw::poll_json(&stamp, poll, &Totals::of(&rows)));
                    text.push('\n');
                }
                text
            }
        };
        if !emit(settings, &text)? {
            return Ok(Exit::Ok);
        }
        for p in &rows {
            last.insert(p.id.clone(), p.clone());
        }
        let early = if args.fail_fast {
            rows.iter()
                .find(|p| p.status.is_bad())
                .map(|p| (p, "--fail-fast"))
        } else {
            None
        }
        .or_else(|| {
            args.fail_on_stall
                .then(|| rows.iter().find(|p| p.status == Status::Stalled))
                .flatten()
                .map(|p| (p, "--fail-on-stall"))
        });
        if let Some((p, flag)) = early {
            let _ = emit(settings, screen.close());
            let line =
                draw::outcome_line(p, &draw::reason(sources_of.get(p.id.as_str()).copied(), p));
            settings.say(&[format!("error: {line} ({flag})")]);
            return Ok(Exit::GateFailed);
        }
        if rows.iter().all(|p| p.status.is_final()) {
            return finish(settings, mode, &mut screen, &Totals::of(&rows), &stamp);
        }
        std::thread::sleep(every);
    }
}

/// The bytes of one frame on the terminal, with `events` written above it.
#[allow(clippy::too_many_arguments)]
fn frame(
    settings: &Settings,
    screen: &mut Screen,
    what: &str,
    every: Duration,
    rows: &[Progress],
    note: Option<&str>,
    events: &[String],
    now_ms: u64,
) -> String {
    let (width, height) = terminal(settings);
    let header = format!(
        "watching {what}, every {}, last poll {}",
        draw_secs(every),
        draw::clock(now_ms)
    );
    let totals = Totals::of(rows);
    let view = View {
        header: &header,
        rows,
        totals: &totals,
        note,
        now_ms,
        raw: settings.style.raw_bytes,
        color: settings.style.color,
    };
    let lines = draw::frame(&view, width, height);
    let events: Vec<String> = events
        .iter()
        .map(|e| crate::render::table::shorten(e, width - 1).into_owned())
        .collect();
    screen.redraw(&lines, &events, width)
}

/// The end of a wave: the counts (each source's outcome was said at its poll); exit 0 when
/// every source finished, 1 when any failed or vanished.
fn finish(
    settings: &Settings,
    mode: Mode,
    screen: &mut Screen,
    totals: &Totals,
    stamp: &str,
) -> Result<Exit> {
    let all_finished = totals.count(Status::Finished) == totals.sources;
    let summary = if all_finished {
        format!(
            "all {} source{} finished",
            totals.sources,
            if totals.sources == 1 { "" } else { "s" }
        )
    } else {
        format!("the wave ended: {}", totals.counts_text())
    };
    let text = match mode {
        Mode::Live => format!("{}{summary}\n", screen.close()),
        Mode::Lines => format!("{stamp}  {summary}\n"),
        Mode::Json => String::new(),
    };
    if !emit(settings, &text)? {
        return Ok(Exit::Ok);
    }
    if all_finished {
        return Ok(Exit::Ok);
    }
    settings.say(&[format!(
        "error: not every source finished: {} of {}",
        totals.counts_text(),
        totals.sources
    )]);
    Ok(Exit::GateFailed)
}
