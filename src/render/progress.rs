//! One line of migration progress, for `source --watch` and each row of `watch`: name,
//! state / cycle, a bar with %, replicated / total, speed, ETA, stage, agent. On a terminal the
//! line fits its width by display width: the parts that matter least go first, whole.

use unicode_width::UnicodeWidthStr;

use crate::model::{Final, Scalar, Source};
use crate::render::{table, units, value};

/// What is known of one source at one poll, with what the watcher worked out (speed, stall).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub id: String,
    pub name: String,
    pub state: String,
    pub cycle: String,
    pub task_state: String,
    pub has_task: bool,
    pub replicated: Option<u64>,
    pub total: Option<u64>,
    /// Bytes per second: observed between polls, else the task's reported speed.
    pub speed: Option<f64>,
    /// Seconds to go: the API's `remain_seconds` or `estimate_complete_time`, else computed.
    pub eta: Option<u64>,
    pub stage: String,
    pub connected: Option<bool>,
    /// Milliseconds since the epoch.
    pub last_seen: Option<u64>,
    pub stalled: bool,
    pub outcome: Option<Final>,
}

impl Progress {
    /// The row of `source` now (`now_ms`), given the speed observed between polls.
    pub fn of(source: &Source, observed: Option<f64>, now_ms: u64) -> Progress {
        let task = source.current_task.as_ref();
        let replicated = source.replicatesize.as_ref().and_then(Scalar::as_u64);
        let total = source.totalsize.as_ref().and_then(Scalar::as_u64);
        let reported = task
            .and_then(|t| t.migrate_speed.as_ref())
            .and_then(Scalar::as_f64)
            .filter(|s| *s > 0.0)
            .map(|mbit| mbit * 1_000_000.0 / 8.0);
        let speed = observed.or(reported);
        let remain = task
            .and_then(|t| t.remain_seconds.as_ref())
            .and_then(Scalar::as_u64);
        let until = task
            .and_then(|t| t.estimate_complete_time.as_ref())
            .and_then(Scalar::as_u64)
            .filter(|ms| *ms > now_ms)
            .map(|ms| (ms - now_ms) / 1000);
        let computed = match (replicated, total, speed) {
            (Some(r), Some(t), Some(s)) if t > r && s > 0.0 => Some(((t - r) as f64 / s) as u64),
            _ => None,
        };
        let outcome = source.final_state();
        Progress {
            id: value(&source.id),
            name: value(&source.name),
            state: value(&source.state),
            cycle: value(&source.migration_cycle),
            task_state: task.map(|t| value(&t.state)).unwrap_or_default(),
            has_task: task.is_some(),
            replicated,
            total,
            speed,
            eta: if outcome.is_some() {
                None
            } else {
                remain.or(until).or(computed)
            },
            stage: task.map(|t| value(&t.subtask_info)).unwrap_or_default(),
            connected: source.connected.as_ref().and_then(Scalar::as_bool),
            last_seen: source.last_visit_time.as_ref().and_then(Scalar::as_u64),
            stalled: false,
            outcome,
        }
    }

    /// The name to show: the name, else the ID.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }

    pub fn percent(&self) -> Option<f64> {
        match (self.replicated, self.total) {
            (Some(r), Some(t)) if t > 0 => Some(units::percent(r, t)),
            _ => None,
        }
    }

    /// Wants a look first: ended badly, stalled, or its agent is gone.
    pub fn needs_attention(&self) -> bool {
        self.outcome == Some(Final::Failed) || self.stalled || self.connected == Some(false)
    }

    /// What counts as a change (for the lines printed when piped): everything but the
    /// clock-driven parts (speed, ETA, age).
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{:?}|{}|{:?}|{}|{:?}",
            self.state,
            self.cycle,
            self.task_state,
            self.replicated,
            self.stage,
            self.connected,
            self.stalled,
            self.outcome
        )
    }

    /// The line, fitted to `width` display columns when given. `bar`: draw the bar.
    pub fn line(&self, now_ms: u64, width: Option<usize>, bar: bool, raw: bool) -> String {
        // (keep rank, text): lower ranks are kept longer.
        let mut parts: Vec<(u8, String)> = vec![(0, self.label().to_owned())];
        let state = [self.state.as_str(), self.cycle.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" / ");
        parts.push((1, state));
        if self.stalled {
            parts.push((1, "STALLED".to_owned()));
        }
        if let Some(p) = self.percent() {
            if bar {
                let filled = ((p / 100.0) * 20.0).round() as usize;
                parts.push((
                    7,
                    format!(
                        "[{}{}]",
                        "#".repeat(filled),
                        "-".repeat(20 - filled.min(20))
                    ),
                ));
            }
            parts.push((2, format!("{p:.1}%")));
        }
        if self.replicated.is_some() || self.total.is_some() {
            let size = |n: Option<u64>| match n {
                Some(n) => units::size(&Some(Scalar::UInt(n)), raw),
                None => "-".to_owned(),
            };
            parts.push((
                8,
                format!("{} / {}", size(self.replicated), size(self.total)),
            ));
        }
        if let Some(speed) = self.speed {
            parts.push((
                5,
                format!("{}/s", units::size(&Some(Scalar::UInt(speed as u64)), raw)),
            ));
        }
        if let Some(eta) = self.eta {
            parts.push((3, format!("ETA {}", duration(eta))));
        }
        if !self.has_task && self.outcome.is_none() {
            parts.push((4, "no migration task yet".to_owned()));
        } else if !self.stage.is_empty() {
            parts.push((6, self.stage.clone()));
        }
        let agent = match (self.connected, self.last_seen) {
            (Some(false), seen) => Some(format!(
                "agent disconnected{}",
                seen.map(|s| format!(", seen {}", age(now_ms, s)))
                    .unwrap_or_default()
            )),
            (_, Some(seen)) => Some(format!("agent seen {}", age(now_ms, seen))),
            _ => None,
        };
        if let Some(agent) = agent {
            parts.push((if self.connected == Some(false) { 2 } else { 9 }, agent));
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
}

fn joined_width(parts: &[(u8, String)]) -> usize {
    parts.iter().map(|(_, t)| t.width()).sum::<usize>() + 2 * parts.len().saturating_sub(1)
}

/// `1h 02m`, `4m 05s`, `9s`; days past a day.
pub fn duration(secs: u64) -> String {
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m {:02}s", secs / 60, secs % 60),
        3600..86400 => format!("{}h {:02}m", secs / 3600, secs % 3600 / 60),
        _ => format!("{}d {:02}h", secs / 86400, secs % 86400 / 3600),
    }
}

/// How long ago `then_ms` was: `just now`, `5 min ago`, `3 d ago`; `in the future` for a
/// clock that is ahead.
pub fn age(now_ms: u64, then_ms: u64) -> String {
    match now_ms.checked_sub(then_ms) {
        Some(ms) => crate::render::verdict::age_text(ms),
        None => "in the future".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_source;

    fn progress(body: &str) -> Progress {
        Progress::of(
            &parse_source(body.as_bytes()).unwrap(),
            None,
            1_000_000_000_000,
        )
    }

    #[test]
    fn the_line_fits_by_dropping_what_matters_least() {
        let p = progress(
            r#"{"id":"i","name":"db-7","state":"replicate","migration_cycle":"replicating","replicatesize":512,"totalsize":1024,"last_visit_time":999999990000,"current_task":{"migrate_speed":0.001,"subtask_info":"SYNC","remain_seconds":3725}}"#,
        );
        let full = p.line(1_000_000_000_000, None, true, true);
        assert_eq!(
            full,
            "db-7  replicate / replicating  [##########----------]  50.0%  512 / 1024  125/s  ETA 1h 02m  SYNC  agent seen just now"
        );
        let narrow = p.line(1_000_000_000_000, Some(60), true, true);
        assert_eq!(
            narrow,
            "db-7  replicate / replicating  50.0%  125/s  ETA 1h 02m"
        );
        assert_eq!(
            p.line(1_000_000_000_000, Some(40), true, true),
            "db-7  replicate / replicating  50.0%"
        );
    }

    #[test]
    fn ages_and_durations() {
        let now = 1_000_000_000_000;
        assert_eq!(age(now, now - 5_000), "just now");
        assert_eq!(age(now, now - 3 * 86_400_000), "3 d ago");
        assert_eq!(age(now, now + 1), "in the future");
        assert_eq!(duration(3725), "1h 02m");
        assert_eq!(duration(90_000), "1d 01h");
    }

    #[test]
    fn no_task_says_so() {
        let p = progress(r#"{"id":"i","name":"n","state":"waiting"}"#);
        assert!(
            p.line(0, None, false, false)
                .ends_with("no migration task yet")
        );
    }
}
