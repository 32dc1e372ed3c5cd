//! The 28 sources of the scenario and where each one is at a given moment: pure data and
//! arithmetic, no I/O. A wave of 8 replicates (one fails, one stalls at 20 %, one loses its
//! agent); 20 others wait or finished long ago.
//!
//! Every error code here is one that Huawei's SMS documentation gives with the same meaning
//! (the FAQs' error-code chapter, Issue 70 of 2025-11-05); the messages are our own words.

/// What one source is doing in the scenario.
pub enum Kind {
    /// In the wave: its task runs from `start` (scenario seconds, negative = before t=0).
    Wave(Wave),
    /// Waiting for a migration; the agent was last seen `seen_minutes` ago when not connected.
    Waiting { connected: bool, seen_minutes: u64 },
    /// Migrated and cut over `days` days before t=0.
    Finished { days: u64 },
}

pub struct Wave {
    pub start: f64,
    /// Seconds of data replication (the MIGRATE_* sub-task).
    pub replicate: f64,
    pub fate: Fate,
    /// The host's CPU use (%) and memory use (MB) while migrating, as TasksResponseBody has them.
    pub cpu: f64,
    pub mem_mb: f64,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Fate {
    Finishes,
    /// The task fails when this fraction of the data is replicated.
    Fails(f64),
    /// Replication freezes at this fraction; the task keeps running, the agent stays connected.
    Stalls(f64),
    /// The agent disconnects at this scenario second; replication freezes with it.
    AgentLost(f64),
}

/// One environment check: name, result, error code, message, parameters.
pub type Check = (
    &'static str,
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static [&'static str],
);

pub struct Def {
    pub name: &'static str,
    pub linux: bool,
    pub os_version: &'static str,
    pub ip: &'static str,
    pub cpus: u64,
    pub memory_mb: u64,
    pub total_gib: u64,
    pub kind: Kind,
    /// None: the agent has reported no checks yet.
    pub checks: Option<&'static [Check]>,
}

const OK_LINUX: &[Check] = &[
    ("OS_VERSION", "OK", None, "", &[]),
    ("CPU", "OK", None, "", &[]),
    ("MEMORY", "OK", None, "", &[]),
    ("FREE_SPACE", "OK", None, "", &[]),
    ("SOFTWARE", "OK", None, "", &[]),
];
const OK_WINDOWS: &[Check] = &[
    ("OS_VERSION", "OK", None, "", &[]),
    ("FIRMWARE", "OK", None, "", &[]),
    ("CPU", "OK", None, "", &[]),
    ("MEMORY", "OK", None, "", &[]),
    ("SERVICE", "OK", None, "", &[]),
];
/// SMS.1351: a mount point with no free space (SMS needs at least 1 MB on each).
const WARN_FULL: &[Check] = &[
    ("OS_VERSION", "OK", None, "", &[]),
    ("CPU", "OK", None, "", &[]),
    (
        "FREE_SPACE",
        "WARN",
        Some("SMS.1351"),
        "mount point /data is full; keep at least 1 MB free there",
        &["/data"],
    ),
    ("SOFTWARE", "OK", None, "", &[]),
];
/// SMS.6517: rsync missing on a Linux source (file-level migration needs it).
const ERROR_RSYNC: &[Check] = &[
    ("OS_VERSION", "OK", None, "", &[]),
    ("CPU", "OK", None, "", &[]),
    ("FREE_SPACE", "OK", None, "", &[]),
    (
        "SOFTWARE",
        "ERROR",
        Some("SMS.6517"),
        "rsync is missing on the source server; install it and restart the agent",
        &["rsync"],
    ),
];
/// SMS.6537: a system disk over 1 TB, which SMS cannot migrate.
const ERROR_BIG_DISK: &[Check] = &[
    ("OS_VERSION", "OK", None, "", &[]),
    (
        "SYSTEM_DISK",
        "ERROR",
        Some("SMS.6537"),
        "the system disk is over 1 TB, more than SMS migrates",
        &["/dev/vda"],
    ),
    (
        "FREE_SPACE",
        "WARN",
        Some("SMS.1351"),
        "mount point /var/log is full; keep at least 1 MB free there",
        &["/var/log"],
    ),
];

const fn wave(start: f64, replicate: f64, fate: Fate, cpu: f64, mem_mb: f64) -> Kind {
    Kind::Wave(Wave {
        start,
        replicate,
        fate,
        cpu,
        mem_mb,
    })
}

const fn def(
    name: &'static str,
    linux: bool,
    os_version: &'static str,
    ip: &'static str,
    sizes: (u64, u64, u64),
    kind: Kind,
    checks: Option<&'static [Check]>,
) -> Def {
    Def {
        name,
        linux,
        os_version,
        ip,
        cpus: sizes.0,
        memory_mb: sizes.1,
        total_gib: sizes.2,
        kind,
        checks,
    }
}

const C7: &str = "CENTOS7_64BIT";
const U22: &str = "UBUNTU22_64BIT";
const W19: &str = "WINDOWS2019_64BIT";

/// The sources, in the order the list endpoint gives them.
#[rustfmt::skip]
pub const FLEET: &[Def] = &[
    def("app-01", true, C7, "10.20.0.11", (4, 8192, 20), wave(-40.0, 70.0, Fate::Finishes, 35.0, 2100.0), Some(OK_LINUX)),
    def("app-02", true, C7, "10.20.0.12", (4, 8192, 32), wave(-30.0, 90.0, Fate::Finishes, 91.5, 2600.0), Some(OK_LINUX)),
    def("app-03", true, U22, "10.20.0.13", (2, 8192, 24), wave(-25.0, 80.0, Fate::Finishes, 42.0, 7000.0), Some(OK_LINUX)),
    def("app-04", true, C7, "10.20.0.14", (4, 16384, 40), wave(-20.0, 150.0, Fate::Stalls(0.2), 12.0, 3100.0), Some(OK_LINUX)),
    def("app-05", false, W19, "10.20.0.15", (4, 16384, 28), wave(-18.0, 100.0, Fate::Finishes, 48.0, 5200.0), Some(OK_WINDOWS)),
    def("app-06", true, C7, "10.20.0.16", (8, 16384, 36), wave(-10.0, 110.0, Fate::Fails(0.45), 55.0, 4100.0), Some(OK_LINUX)),
    def("app-07", true, U22, "10.20.0.17", (2, 4096, 16), wave(-5.0, 60.0, Fate::AgentLost(40.0), 30.0, 1500.0), Some(OK_LINUX)),
    def("app-08", true, U22, "10.20.0.18", (4, 8192, 24), wave(0.0, 85.0, Fate::Finishes, 38.0, 2400.0), Some(OK_LINUX)),
    def("web-01", true, U22, "10.20.1.21", (2, 4096, 40), waiting(true, 0), Some(OK_LINUX)),
    def("web-02", true, U22, "10.20.1.22", (2, 4096, 40), waiting(true, 0), Some(OK_LINUX)),
    def("web-03", true, U22, "10.20.1.23", (2, 4096, 40), waiting(true, 0), Some(WARN_FULL)),
    def("web-04", true, U22, "10.20.1.24", (2, 4096, 40), waiting(true, 0), Some(OK_LINUX)),
    def("web-05", true, C7, "10.20.1.25", (2, 4096, 60), waiting(false, 2 * 24 * 60), Some(OK_LINUX)),
    def("web-06", true, C7, "10.20.1.26", (2, 4096, 60), waiting(true, 0), None),
    def("db-01", true, C7, "10.20.2.31", (8, 32768, 200), waiting(true, 0), Some(OK_LINUX)),
    def("db-02", true, C7, "10.20.2.32", (8, 32768, 200), waiting(true, 0), Some(ERROR_RSYNC)),
    def("db-03", true, C7, "10.20.2.33", (16, 65536, 1600), waiting(true, 0), Some(ERROR_BIG_DISK)),
    def("db-04", true, U22, "10.20.2.34", (8, 32768, 200), waiting(true, 0), Some(WARN_FULL)),
    def("win-01", false, W19, "10.20.3.41", (4, 16384, 80), waiting(true, 0), Some(OK_WINDOWS)),
    def("win-02", false, W19, "10.20.3.42", (4, 16384, 80), waiting(false, 45), Some(OK_WINDOWS)),
    def("win-03", false, W19, "10.20.3.43", (4, 16384, 80), waiting(true, 0), None),
    def("batch-01", true, C7, "10.20.4.51", (4, 8192, 100), waiting(true, 0), Some(OK_LINUX)),
    def("batch-02", true, C7, "10.20.4.52", (4, 8192, 100), waiting(true, 0), None),
    def("old-01", true, C7, "10.20.9.61", (2, 4096, 30), Kind::Finished { days: 12 }, Some(OK_LINUX)),
    def("old-02", true, C7, "10.20.9.62", (4, 8192, 50), Kind::Finished { days: 9 }, Some(OK_LINUX)),
    def("old-03", true, U22, "10.20.9.63", (8, 16384, 120), Kind::Finished { days: 6 }, Some(OK_LINUX)),
    def("old-04", false, W19, "10.20.9.64", (4, 8192, 60), Kind::Finished { days: 3 }, Some(OK_WINDOWS)),
    def("old-05", true, U22, "10.20.9.65", (2, 4096, 20), Kind::Finished { days: 2 }, Some(OK_LINUX)),
];

const fn waiting(connected: bool, seen_minutes: u64) -> Kind {
    Kind::Waiting {
        connected,
        seen_minutes,
    }
}

/// The finished source whose consistency check found differences.
pub const DIFFERS: &str = "old-03";

/// The source ID of source `i`: UUID-shaped, stable.
pub fn source_id(i: usize) -> String {
    format!("5a11ce00-0000-4000-8000-{:012x}", 0x5100 + i)
}

/// The task ID of source `i` (sources that never had a task have none).
pub fn task_id(i: usize) -> String {
    format!("7a5c0000-0000-4000-8000-{:012x}", 0x7100 + i)
}

pub const GIB: u64 = 1 << 30;

/// Sub-tasks before the data, the data itself, and after (name, seconds).
pub fn stages(linux: bool) -> [(&'static str, f64); 7] {
    if linux {
        [
            ("CREATE_CLOUD_SERVER", 6.0),
            ("SSL_CONFIG", 3.0),
            ("ATTACH_AGENT_IMAGE", 4.0),
            ("FORMAT_DISK_LINUX_FILE", 3.0),
            ("MIGRATE_LINUX_FILE", 0.0),
            ("CONFIGURE_LINUX_FILE", 5.0),
            ("DETTACH_AGENT_IMAGE", 3.0),
        ]
    } else {
        [
            ("CREATE_CLOUD_SERVER", 6.0),
            ("SSL_CONFIG", 3.0),
            ("ATTACH_AGENT_IMAGE", 4.0),
            ("FORMAT_DISK_WINDOWS", 3.0),
            ("MIGRATE_WINDOWS_BLOCK", 0.0),
            ("CONFIGURE_WINDOWS", 5.0),
            ("DETTACH_AGENT_IMAGE", 3.0),
        ]
    }
}

/// Index of the data sub-task in `stages`.
pub const DATA_STAGE: usize = 4;

/// One sub-task as it stands: name, progress 0–100, start and end (scenario seconds).
pub struct SubTask {
    pub name: &'static str,
    pub progress: u64,
    pub start: f64,
    pub end: Option<f64>,
}

/// Where a wave source's migration stands at scenario second `t`.
pub struct Moment {
    pub state: &'static str,
    pub cycle: &'static str,
    pub task_state: &'static str,
    pub replicated: u64,
    /// Bytes per scenario second now (0 when nothing moves).
    pub rate: f64,
    /// Scenario seconds until the data sub-task ends, while it runs and moves.
    pub remain: Option<f64>,
    pub sub_tasks: Vec<SubTask>,
    pub connected: bool,
    /// The scenario second of the agent's last visit, when it stopped visiting.
    pub lost_at: Option<f64>,
    pub failed_at: Option<f64>,
    pub finished_at: Option<f64>,
    /// The scenario second the current state began.
    pub since: f64,
}

impl Moment {
    pub fn current_stage(&self) -> Option<&SubTask> {
        self.sub_tasks.iter().rev().find(|s| s.end.is_none())
    }
}

/// The state of a wave source at scenario second `t`.
pub fn moment(def: &Def, w: &Wave, t: f64) -> Moment {
    let total = def.total_gib * GIB;
    let stages = stages(def.linux);
    let setup: f64 = stages[..DATA_STAGE].iter().map(|s| s.1).sum();
    let data_start = w.start + setup;
    // Where replication would be at `t` if nothing went wrong.
    let fraction_at = |t: f64| ((t - data_start) / w.replicate).clamp(0.0, 1.0);
    // When (if ever) the data stops moving, and at which fraction.
    let (freeze, frozen_fraction) = match w.fate {
        Fate::Finishes => (None, 1.0),
        Fate::Fails(f) | Fate::Stalls(f) => (Some(data_start + f * w.replicate), f),
        Fate::AgentLost(at) => (Some(at), fraction_at(at)),
    };
    let frozen = freeze.is_some_and(|at| t >= at);
    let fraction = if frozen {
        frozen_fraction
    } else {
        fraction_at(t)
    };
    let data_end = data_start + w.replicate;
    let failed_at = match w.fate {
        Fate::Fails(_) => freeze.filter(|at| t >= *at),
        _ => None,
    };
    let lost_at = match w.fate {
        Fate::AgentLost(at) if t >= at => Some(at),
        _ => None,
    };
    let finish = data_end + stages[DATA_STAGE + 1..].iter().map(|s| s.1).sum::<f64>();
    let finished_at = (w.fate == Fate::Finishes && t >= finish).then_some(finish);

    // The sub-tasks that have begun, with their progress.
    let mut sub_tasks = Vec::new();
    let mut begin = w.start;
    for (k, (name, secs)) in stages.iter().enumerate() {
        let secs = if k == DATA_STAGE { w.replicate } else { *secs };
        if t < begin {
            break;
        }
        if k == DATA_STAGE {
            let done = fraction >= 1.0;
            sub_tasks.push(SubTask {
                name,
                progress: (fraction * 100.0).floor() as u64,
                start: begin,
                end: done.then_some(data_end),
            });
            if !done {
                break;
            }
        } else {
            let end = begin + secs;
            sub_tasks.push(SubTask {
                name,
                progress: (((t - begin) / secs).clamp(0.0, 1.0) * 100.0).floor() as u64,
                start: begin,
                end: (t >= end).then_some(end),
            });
            if t < end {
                break;
            }
        }
        begin += secs;
    }

    let moving = !frozen && t >= data_start && t < data_end;
    let (state, cycle, task_state, since) = if let Some(at) = failed_at {
        ("error", "replicating", "MIGRATE_FAIL", at)
    } else if let Some(at) = finished_at {
        ("finished", "cutovered", "MIGRATE_SUCCESS", at)
    } else if t < data_start {
        ("replicate", "setting", "RUNNING", w.start)
    } else if t < data_end || frozen {
        ("replicate", "replicating", "RUNNING", data_start)
    } else {
        ("replicate", "cutovering", "RUNNING", data_end)
    };
    Moment {
        state,
        cycle,
        task_state,
        replicated: (total as f64 * fraction).round() as u64,
        rate: if moving {
            total as f64 / w.replicate
        } else {
            0.0
        },
        remain: moving.then_some(data_end - t),
        sub_tasks,
        connected: lost_at.is_none(),
        lost_at,
        failed_at,
        finished_at,
        since,
    }
}

/// The wave's sources (index, definition, plan).
pub fn wave_sources() -> impl Iterator<Item = (usize, &'static Def, &'static Wave)> {
    FLEET.iter().enumerate().filter_map(|(i, d)| match &d.kind {
        Kind::Wave(w) => Some((i, d, w)),
        _ => None,
    })
}

/// The scenario second at which the last source of the wave that can finish has finished.
pub fn wave_end() -> f64 {
    wave_sources()
        .filter(|(_, _, w)| w.fate == Fate::Finishes)
        .map(|(_, d, w)| {
            let st = stages(d.linux);
            w.start + w.replicate + st.iter().map(|s| s.1).sum::<f64>()
        })
        .fold(0.0, f64::max)
}
