//! The piped lines (one timestamped line per change), the JSON Lines of `--json`, the line of
//! `source --watch`, and the line that says how a source ended.

use std::collections::HashMap;

use serde_json::json;
use unicode_width::UnicodeWidthStr;

use super::Totals;
use crate::model::Source;
use crate::render::progress::{
    Change, Progress, Status, agent_text, bar_text, done_total, duration, speed_text,
};
use crate::render::{table, units};

/// Print-on-change for the piped lines and `--json`: the last row printed per source.
#[derive(Debug, Default)]
pub struct Changes {
    last: HashMap<String, Progress>,
}

impl Changes {
    /// What changed in `p` since it was last printed (`[New]` the first time); empty when
    /// nothing did. Remembers `p`.
    pub fn of(&mut self, p: &Progress) -> Vec<Change> {
        let changed = match self.last.get(&p.id) {
            None => vec![Change::New],
            Some(old) => p.changes(old),
        };
        if !changed.is_empty() {
            self.last.insert(p.id.clone(), p.clone());
        }
        changed
    }
}

/// The piped line of a row: `TIME  the row's line`.
pub fn piped_line(stamp: &str, p: &Progress, now_ms: u64, raw: bool) -> String {
    format!("{stamp}  {}", line(p, now_ms, None, false, raw))
}

/// One JSON Lines object for a changed source.
pub fn change_json(stamp: &str, p: &Progress, changed: &[Change], now_ms: u64) -> String {
    let value = json!({
        "time": stamp,
        "id": p.id,
        "name": p.name,
        "changed": changed.iter().map(|c| c.name()).collect::<Vec<_>>(),
        "status": p.status.word(),
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
        "stalled": p.status == Status::Stalled,
        "stalled_seconds": p.stalled_for,
        "missing": p.missing,
        "error": p.error.as_ref().map(|e| json!({"code": e.code, "message": e.message})),
        "busy": p.busy,
        "final": p.status.is_final().then(|| p.status.word()),
    });
    crate::render::json::line(&value)
}

/// The JSON Lines object that closes each poll: the totals.
pub fn poll_json(stamp: &str, poll: u64, totals: &Totals) -> String {
    crate::render::json::line(&json!({
        "time": stamp,
        "poll": poll,
        "totals": totals.json(),
    }))
}

/// What a source's end (or stall) says, once: `app-04 stalled at 20.0 %: no bytes for 2m
/// 10s`, `db-1 failed: SMS.6509 DISK_IO …`. `why`: the reason when SMS gave none.
pub fn outcome_line(p: &Progress, why: &str) -> String {
    let label = p.label();
    match p.status {
        Status::Finished => format!("{label} finished"),
        Status::Failed => {
            let reason = p
                .error
                .as_ref()
                .map_or_else(|| why.to_owned(), ToString::to_string);
            // A code Huawei documents points to its explanation.
            match crate::codes::find_in(&reason) {
                Some(code) => format!(
                    "{label} failed: {reason} ({})",
                    crate::codes::see_also(code)
                ),
                None => format!("{label} failed: {reason}"),
            }
        }
        Status::Vanished => format!("{label} vanished: SMS no longer lists it"),
        Status::Stalled => format!("{label} {}", p.stall_text()),
        _ => format!("{label} {}", p.status.word()),
    }
}

/// RFC 3339 at whole seconds, from milliseconds since the epoch.
pub fn stamp(now_ms: u64) -> String {
    units::time(&Some(crate::model::Scalar::UInt(now_ms - now_ms % 1000))).replace(".000", "")
}

/// `12:03:04 UTC`, for the header.
pub fn clock(now_ms: u64) -> String {
    let s = stamp(now_ms);
    match s.split_once('T') {
        Some((_, t)) => format!("{} UTC", t.trim_end_matches('Z').trim_end_matches("+00:00")),
        None => s,
    }
}

/// The line of a row for `source --watch` and the piped lines, fitted to `width` display
/// columns when given: the parts that matter least go first, whole.
pub fn line(p: &Progress, now_ms: u64, width: Option<usize>, bar: bool, raw: bool) -> String {
    // (keep rank, text): lower ranks are kept longer.
    let mut parts: Vec<(u8, String)> = vec![(0, p.label().to_owned())];
    let state = [p.state.as_str(), p.cycle.as_str()]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" / ");
    parts.push((1, state));
    if p.status == Status::Stalled {
        parts.push((1, "STALLED".to_owned()));
    }
    if let Some(p) = p.percent() {
        if bar {
            parts.push((7, bar_text(p, 20)));
        }
        parts.push((2, format!("{p:.1}%")));
    }
    if p.replicated.is_some() || p.total.is_some() {
        parts.push((8, done_total(p.replicated, p.total, raw)));
    }
    if let Some(speed) = p.speed {
        parts.push((5, speed_text(speed, raw)));
    }
    if let Some(eta) = p.eta {
        parts.push((3, format!("ETA {}", duration(eta))));
    }
    if let Some(e) = &p.error {
        parts.push((1, e.to_string()));
    } else if !p.has_task && !p.status.is_final() {
        parts.push((4, "no migration task yet".to_owned()));
    } else if !p.stage.is_empty() {
        parts.push((6, p.stage.clone()));
    }
    if let Some(agent) = agent_text(p, now_ms) {
        parts.push((if p.agent_lost() { 2 } else { 9 }, agent));
    }
    if let Some(width) = width {
        while parts.len() > 1 && joined_width(&parts) > width {
            let drop = parts
                .iter()
                .enumerate()
                .max_by_key(|(at, (rank, _))| (*rank, *at))
                .map(|(at, _)| at)
                .unwrap_or(0);
            if parts[drop].0 == 0 {
                break;
            }
            parts.remove(drop);
        }
    }
    let line = parts
        .into_iter()
        .map(|(_, t)| t)
        .collect::<Vec<_>>()
        .join("  ");
    match width {
        Some(w) => table::shorten(&line, w).into_owned(),
        None => line,
    }
}

fn joined_width(parts: &[(u8, String)]) -> usize {
    parts.iter().map(|(_, t)| t.width()).sum::<usize>() + 2 * parts.len().saturating_sub(1)
}

/// Why a source that ended badly ended so, when SMS's task gave no reason: its state, its
/// task's, the failing checks.
pub fn reason(source: Option<&Source>, p: &Progress) -> String {
    let mut reasons = vec![format!("state {}", p.state)];
    if !p.task_state.is_empty() {
        reasons.push(format!("task {}", p.task_state));
    }
    if let Some(source) = source {
        let failing: Vec<String> = crate::gate::checks(source)
            .filter(|c| crate::gate::Level::of(c) == crate::gate::Level::Error)
            .map(crate::render::verdict::describe)
            .collect();
        if !failing.is_empty() {
            reasons.push(format!("ERROR checks: {}", failing.join("; ")));
        }
    }
    reasons.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_source;
    use std::time::Duration;

    const NOW: u64 = 1_000_000_000_000;

    fn progress(body: &str) -> Progress {
        Progress::of(&parse_source(body.as_bytes()).unwrap(), None, NOW)
    }

    #[test]
    fn the_line_fits_by_dropping_what_matters_least() {
        let mut p = progress(
            r#"{"id":"i","name":"db-7","state":"replicate","migration_cycle":"replicating","replicatesize":512,"totalsize":1024,"last_visit_time":999999990000,"current_task":{"state":"RUNNING","migrate_speed":0.001,"subtask_info":"SYNC","remain_seconds":3725}}"#,
        );
        p.settle(None, Duration::ZERO, Duration::from_secs(60));
        let full = line(&p, NOW, None, true, true);
        assert_eq!(
            full,
            "db-7  replicate / replicating  [##########----------]  50.0%  512 / 1024  125/s  ETA 1h 02m  SYNC  seen just now"
        );
        assert_eq!(
            line(&p, NOW, Some(60), true, true),
            "db-7  replicate / replicating  50.0%  125/s  ETA 1h 02m"
        );
        assert_eq!(
            line(&p, NOW, Some(40), true, true),
            "db-7  replicate / replicating  50.0%"
        );
    }

    #[test]
    fn no_task_says_so() {
        let p = progress(r#"{"id":"i","name":"n","state":"waiting"}"#);
        assert_eq!(p.status, Status::Waiting);
        assert!(line(&p, 0, None, false, false).ends_with("no migration task yet"));
    }
}
