//! One source's migration progress, for `source --watch` and each row of `watch`: what the
//! source list and its task say ([`Progress::of`]), then what the watcher observed over time
//! ([`Progress::settle`]: the windowed speed, a stall). Two rows are compared field by field
//! ([`Progress::changes`]) for the piped lines and `--json`.

use std::time::Duration;

use crate::model::task::{MigrationTask, TaskError};
use crate::model::{Final, Scalar, Source};
use crate::render::units::MEMORY_BYTES_FROM;
use crate::render::{units, value};

/// Where a source is, in disjoint classes that add up to the selection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// No task, or a task that has not started.
    #[default]
    Waiting,
    Running,
    /// Running, but no byte replicated for `--stall`.
    Stalled,
    /// Ended well: finished, or cutovered.
    Finished,
    /// Ended badly: error or stopped, or a task that failed or was aborted.
    Failed,
    /// SMS no longer lists it.
    Vanished,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Waiting,
        Status::Running,
        Status::Stalled,
        Status::Finished,
        Status::Failed,
        Status::Vanished,
    ];

    pub fn word(self) -> &'static str {
        match self {
            Status::Waiting => "waiting",
            Status::Running => "running",
            Status::Stalled => "stalled",
            Status::Finished => "finished",
            Status::Failed => "failed",
            Status::Vanished => "vanished",
        }
    }

    /// It will not change again.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Finished | Status::Failed | Status::Vanished)
    }

    /// It ended badly.
    pub fn is_bad(self) -> bool {
        matches!(self, Status::Failed | Status::Vanished)
    }
}

/// CPU or memory use above this share is flagged (SMS's documented limit for a source
/// during migration).
pub const BUSY_PERCENT: f64 = 80.0;

/// What is known of one source at one poll, with what the watcher worked out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub id: String,
    pub name: String,
    /// The source's `state` and `migration_cycle`, sanitised.
    pub state: String,
    pub cycle: String,
    /// The task's state, sanitised; empty without a task.
    pub task_state: String,
    pub has_task: bool,
    pub replicated: Option<u64>,
    pub total: Option<u64>,
    /// Bytes per second: SMS's `migrate_speed`, else observed over the window; only while
    /// running.
    pub speed: Option<f64>,
    /// SMS's own speed, when it reports one (kept apart so that settling can prefer it).
    pub reported_speed: Option<f64>,
    /// Seconds to go: SMS's `remain_seconds` or `estimate_complete_time`, else from the
    /// speed; only while running.
    pub eta: Option<u64>,
    pub reported_eta: Option<u64>,
    /// The running sub-task and its progress (`SYNC 40%`), else the task's `subtask_info`.
    pub stage: String,
    pub connected: Option<bool>,
    /// Milliseconds since the epoch.
    pub last_seen: Option<u64>,
    pub status: Status,
    /// Seconds without a new byte, once stalled.
    pub stalled_for: Option<u64>,
    /// Not in the latest listing (vanished only once every other source is final).
    pub missing: bool,
    /// SMS's reason, from the task's `error_json`.
    pub error: Option<TaskError>,
    /// CPU or memory over [`BUSY_PERCENT`]: `CPU 93%`, `mem 85%`.
    pub busy: Option<String>,
}

/// A field of [`Progress`] that changed between two polls (the clock-driven ones, speed,
/// ETA and ages, never count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// First seen.
    New,
    Status,
    State,
    MigrationCycle,
    TaskState,
    Replicated,
    Stage,
    Connected,
    Stalled,
    Missing,
    Error,
    Busy,
    Final,
}

impl Change {
    /// The name in `--json`'s `changed` list.
    pub fn name(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Status => "status",
            Change::State => "state",
            Change::MigrationCycle => "migration_cycle",
            Change::TaskState => "task_state",
            Change::Replicated => "replicated",
            Change::Stage => "stage",
            Change::Connected => "connected",
            Change::Stalled => "stalled",
            Change::Missing => "missing",
            Change::Error => "error",
            Change::Busy => "busy",
            Change::Final => "final",
        }
    }
}

impl Progress {
    /// The row of `source` now (`now_ms`) from the listing and, when known, its task.
    pub fn of(source: &Source, task: Option<&MigrationTask>, now_ms: u64) -> Progress {
        let listed = source.current_task.as_ref();
        let replicated = source.replicatesize.as_ref().and_then(Scalar::as_u64);
        let total = source.totalsize.as_ref().and_then(Scalar::as_u64);
        let reported_speed = task.and_then(MigrationTask::speed_bytes).or_else(|| {
            listed
                .and_then(|t| t.migrate_speed.as_ref())
                .and_then(Scalar::as_f64)
                .filter(|s| *s > 0.0 && s.is_finite())
                .map(|mbit| mbit * 1_000_000.0 / 8.0)
        });
        let field = |t: Option<&crate::model::Field>, l: Option<&crate::model::Field>| {
            t.and_then(|f| f.as_ref())
                .or_else(|| l.and_then(|f| f.as_ref()))
                .and_then(Scalar::as_u64)
        };
        let remain = field(
            task.map(|t| &t.remain_seconds),
            listed.map(|t| &t.remain_seconds),
        );
        let until = field(
            task.map(|t| &t.estimate_complete_time),
            listed.map(|t| &t.estimate_complete_time),
        )
        .filter(|ms| *ms > now_ms)
        .map(|ms| (ms - now_ms) / 1000);
        let task_state = match (task, listed) {
            (Some(t), _) => value(&t.state),
            (None, Some(l)) => value(&l.state),
            (None, None) => String::new(),
        };
        let stage = match task.and_then(MigrationTask::running_subtask) {
            Some(sub) => {
                let mut s = value(&sub.name);
                if let Some(p) = sub.progress.as_ref().and_then(Scalar::as_f64) {
                    s.push_str(&format!(" {}%", p.clamp(0.0, 100.0).round()));
                }
                s
            }
            None => task
                .map(|t| value(&t.subtask_info))
                .filter(|s| !s.is_empty())
                .or_else(|| listed.map(|t| value(&t.subtask_info)))
                .unwrap_or_default(),
        };
        let failed_task = task.is_some_and(MigrationTask::failed);
        let status = match source.final_state() {
            Some(Final::Finished) => Status::Finished,
            Some(Final::Failed) => Status::Failed,
            None if failed_task => Status::Failed,
            None if task.is_none() && listed.is_none() => Status::Waiting,
            None if task.is_some_and(MigrationTask::not_started) => Status::Waiting,
            None if task_state.eq_ignore_ascii_case("READY") => Status::Waiting,
            None => Status::Running,
        };
        Progress {
            id: value(&source.id),
            name: value(&source.name),
            state: value(&source.state),
            cycle: value(&source.migration_cycle),
            task_state,
            has_task: task.is_some() || listed.is_some(),
            replicated,
            total,
            speed: None,
            reported_speed,
            eta: None,
            reported_eta: remain.or(until),
            stage,
            connected: source.connected.as_ref().and_then(Scalar::as_bool),
            last_seen: source.last_visit_time.as_ref().and_then(Scalar::as_u64),
            status,
            stalled_for: None,
            missing: false,
            error: if status == Status::Failed {
                task.and_then(MigrationTask::error)
            } else {
                None
            },
            busy: task.and_then(|t| busy(source, t)),
        }
    }

    /// Applies what the watcher observed: `windowed` bytes per second over the last minute
    /// of polls, and how long no byte was added (`quiet`) against the `--stall` limit. Speed and ETA are shown only while running; never on a stalled, failed or
    /// finished row.
    pub fn settle(&mut self, windowed: Option<f64>, quiet: Duration, stall: Duration) {
        if self.status == Status::Running && quiet >= stall {
            self.status = Status::Stalled;
            self.stalled_for = Some(quiet.as_secs());
        }
        if self.status != Status::Running {
            self.speed = None;
            self.eta = None;
            return;
        }
        self.speed = self
            .reported_speed
            .or(windowed.filter(|s| *s > 0.0 && s.is_finite()));
        let computed = match (self.replicated, self.total, self.speed) {
            (Some(r), Some(t), Some(s)) if t > r => Some(((t - r) as f64 / s) as u64),
            _ => None,
        };
        self.eta = self.reported_eta.or(computed);
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

    /// Its agent lost the connection.
    pub fn agent_lost(&self) -> bool {
        self.connected == Some(false) && !self.status.is_final()
    }

    /// Wants a look first: failed, vanished, stalled, missing, agent lost, or busy.
    pub fn needs_attention(&self) -> bool {
        self.status.is_bad()
            || self.status == Status::Stalled
            || self.missing
            || self.agent_lost()
            || (self.busy.is_some() && !self.status.is_final())
    }

    /// Which fields differ from `old`, field by field.
    pub fn changes(&self, old: &Progress) -> Vec<Change> {
        let mut changed = Vec::new();
        let mut check = |differs: bool, change: Change| {
            if differs {
                changed.push(change);
            }
        };
        check(self.status != old.status, Change::Status);
        check(self.state != old.state, Change::State);
        check(self.cycle != old.cycle, Change::MigrationCycle);
        check(self.task_state != old.task_state, Change::TaskState);
        check(self.replicated != old.replicated, Change::Replicated);
        check(self.stage != old.stage, Change::Stage);
        check(self.connected != old.connected, Change::Connected);
        check(
            (self.status == Status::Stalled) != (old.status == Status::Stalled),
            Change::Stalled,
        );
        check(self.missing != old.missing, Change::Missing);
        check(self.error != old.error, Change::Error);
        check(self.busy != old.busy, Change::Busy);
        check(
            self.status.is_final() != old.status.is_final(),
            Change::Final,
        );
        changed
    }

    /// The state as shown: the status, with the source's state where it says more.
    pub fn state_text(&self) -> String {
        match self.status {
            Status::Running | Status::Waiting if !self.state.is_empty() => self.state.clone(),
            s => s.word().to_owned(),
        }
    }

    /// `20.0 %: no bytes for 2m 10s`, for a stalled source.
    pub fn stall_text(&self) -> String {
        let at = self
            .percent()
            .map_or_else(String::new, |p| format!(" at {p:.1} %"));
        format!(
            "stalled{at}: no bytes for {}",
            duration(self.stalled_for.unwrap_or(0))
        )
    }
}

/// CPU (percent) or memory (MB used, against the source's memory) over [`BUSY_PERCENT`].
fn busy(source: &Source, task: &MigrationTask) -> Option<String> {
    let mut flags = Vec::new();
    if let Some(cpu) = task.total_cpu_usage.as_ref().and_then(Scalar::as_f64)
        && cpu > BUSY_PERCENT
        && cpu.is_finite()
    {
        flags.push(format!("CPU {}%", cpu.min(100.0).round()));
    }
    let memory = source
        .memory
        .as_ref()
        .and_then(Scalar::as_u64)
        .map(|m| {
            if m >= MEMORY_BYTES_FROM {
                m
            } else {
                m.saturating_mul(1 << 20)
            }
        })
        .filter(|m| *m > 0);
    if let (Some(used_mb), Some(memory)) = (
        task.total_mem_usage.as_ref().and_then(Scalar::as_f64),
        memory,
    ) {
        let pct = used_mb * 1_048_576.0 / memory as f64 * 100.0;
        if pct > BUSY_PERCENT && pct.is_finite() {
            flags.push(format!("mem {}%", pct.min(100.0).round()));
        }
    }
    (!flags.is_empty()).then(|| flags.join(" "))
}

/// What the agent column says, most urgent first: missing, lost, busy, when last seen.
pub fn agent_text(p: &Progress, now_ms: u64) -> Option<String> {
    let mut parts = Vec::new();
    if p.missing {
        parts.push("missing from the list".to_owned());
    }
    if p.connected == Some(false) {
        parts.push("lost".to_owned());
    }
    if let Some(b) = &p.busy {
        parts.push(b.clone());
    }
    if let Some(seen) = p.last_seen {
        parts.push(format!("seen {}", age(now_ms, seen)));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `[#####-----]` of `width` cells inside the brackets.
pub fn bar_text(percent: f64, width: usize) -> String {
    let filled = ((percent / 100.0) * width as f64).round() as usize;
    format!(
        "[{}{}]",
        "#".repeat(filled.min(width)),
        "-".repeat(width - filled.min(width))
    )
}

/// `512.0 MiB / 1.0 GiB`.
pub fn done_total(done: Option<u64>, total: Option<u64>, raw: bool) -> String {
    let size = |n: Option<u64>| match n {
        Some(n) => units::size(&Some(Scalar::UInt(n)), raw),
        None => "-".to_owned(),
    };
    format!("{} / {}", size(done), size(total))
}

/// `35.8 MiB/s`.
pub fn speed_text(bytes_per_second: f64, raw: bool) -> String {
    format!(
        "{}/s",
        units::size(&Some(Scalar::UInt(bytes_per_second as u64)), raw)
    )
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
    use crate::model::task::parse_task;

    const NOW: u64 = 1_000_000_000_000;
    const MINUTE: Duration = Duration::from_secs(60);

    fn progress(body: &str) -> Progress {
        Progress::of(&parse_source(body.as_bytes()).unwrap(), None, NOW)
    }

    #[test]
    fn no_speed_or_eta_unless_running() {
        let mut p = progress(
            r#"{"id":"i","state":"replicate","replicatesize":5,"totalsize":10,"current_task":{"state":"RUNNING","migrate_speed":100,"remain_seconds":9}}"#,
        );
        p.settle(Some(50.0), 2 * MINUTE, MINUTE);
        assert_eq!(p.status, Status::Stalled);
        assert_eq!((p.speed, p.eta), (None, None));
        assert_eq!(p.stall_text(), "stalled at 50.0 %: no bytes for 2m 00s");
        let mut failed = progress(
            r#"{"id":"i","state":"error","current_task":{"state":"RUNNING","migrate_speed":100}}"#,
        );
        failed.settle(Some(50.0), Duration::ZERO, MINUTE);
        assert_eq!((failed.status, failed.speed), (Status::Failed, None));
        let mut running = progress(
            r#"{"id":"i","state":"replicate","replicatesize":0,"totalsize":1000,"current_task":{"state":"RUNNING"}}"#,
        );
        running.settle(Some(10.0), Duration::ZERO, MINUTE);
        assert_eq!((running.speed, running.eta), (Some(10.0), Some(100)));
        running.settle(Some(0.0), Duration::ZERO, MINUTE);
        assert_eq!(running.speed, None, "nothing moved in the window");
    }

    #[test]
    fn the_task_brings_the_reason_the_stage_and_the_load() {
        let source = parse_source(
            br#"{"id":"s","name":"app-3","state":"replicate","memory":1073741824}"#.as_slice(),
        )
        .unwrap();
        let task = parse_task(
            br#"{"state":"MIGRATE_FAIL","error_json":"{\"error_code\":\"SMS.6509\",\"error_param\":[\"DISK_IO\"]}",
                "total_cpu_usage":93.2,"total_mem_usage":900,
                "sub_tasks":[{"name":"SYNC","progress":40,"start_date":1}]}"#,
        )
        .unwrap();
        let p = Progress::of(&source, Some(&task), NOW);
        assert_eq!(p.status, Status::Failed);
        assert_eq!(p.error.as_ref().unwrap().to_string(), "SMS.6509 DISK_IO");
        assert_eq!(p.stage, "SYNC 40%");
        assert_eq!(p.busy.as_deref(), Some("CPU 93% mem 88%"));
    }

    #[test]
    fn changes_are_compared_field_by_field() {
        let a = Progress {
            stage: "copy | verify".into(),
            replicated: Some(10),
            ..Progress::default()
        };
        let b = Progress {
            stage: "copy | verify | done".into(),
            ..a.clone()
        };
        assert_eq!(b.changes(&a), [Change::Stage]);
        let c = Progress {
            replicated: Some(20),
            status: Status::Finished,
            ..a.clone()
        };
        assert_eq!(
            c.changes(&a),
            [Change::Status, Change::Replicated, Change::Final]
        );
        assert!(a.changes(&a).is_empty());
    }

    #[test]
    fn ages_and_durations() {
        assert_eq!(age(NOW, NOW - 5_000), "just now");
        assert_eq!(age(NOW, NOW - 3 * 86_400_000), "3 d ago");
        assert_eq!(age(NOW, NOW + 1), "in the future");
        assert_eq!(duration(3725), "1h 02m");
        assert_eq!(duration(90_000), "1d 01h");
        assert_eq!(bar_text(50.0, 10), "[#####-----]");
    }
}
