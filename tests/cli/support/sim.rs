//! The `sms-sim` example's scenario (the same file the example serves) behind the loopback
//! stand-in, on a clock the test sets: `Sim::at(seconds)` moves the wave there and holds it,
//! so a run of the binary sees one fixed moment; `Sim::run(from, speed)` lets it move on with
//! the wall clock, `speed` times faster, for the runs that follow a wave (`watch`).

use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::Value;

use super::server::{Reply, Server};

#[path = "../../../examples/sms-sim/scenario.rs"]
pub mod scenario;

pub use scenario::fleet;

/// The scenario, with the tests' token and "now" (`support::TOKEN`, `support::NOW_MS`).
pub fn scenario() -> scenario::Scenario {
    scenario::Scenario {
        token: super::TOKEN.to_owned(),
        epoch_ms: super::NOW_MS.parse().unwrap(),
        speed: 1.0,
    }
}

/// Where the stand-in's clock is: seconds since the start, held or moving from an instant.
#[derive(Clone, Copy)]
struct Timeline {
    seconds: f64,
    moving: Option<(Instant, f64)>,
}

impl Timeline {
    fn now(&self) -> f64 {
        match self.moving {
            Some((since, speed)) => self.seconds + since.elapsed().as_secs_f64() * speed,
            None => self.seconds,
        }
    }
}

pub struct Sim {
    pub server: Server,
    timeline: Arc<Mutex<Timeline>>,
}

impl Sim {
    /// The stand-in, held at t = 0.
    pub fn start() -> Sim {
        let timeline = Arc::new(Mutex::new(Timeline {
            seconds: 0.0,
            moving: None,
        }));
        let clock = timeline.clone();
        let scenario = scenario();
        let server = Server::start(move |r, _| {
            let elapsed = clock.lock().unwrap().now();
            let (status, body) = scenario.respond(&r.method, &r.target, &r.headers, elapsed);
            Reply::json(status, body)
        });
        Sim { server, timeline }
    }

    /// Moves the scenario to `seconds` after the start and holds it there.
    pub fn at(&self, seconds: f64) {
        *self.timeline.lock().unwrap() = Timeline {
            seconds,
            moving: None,
        };
    }

    /// Moves the scenario to `from` seconds after the start, then lets it run `speed` times
    /// faster than the wall clock.
    pub fn run(&self, from: f64, speed: f64) {
        *self.timeline.lock().unwrap() = Timeline {
            seconds: from,
            moving: Some((Instant::now(), speed)),
        };
    }
}

/// GET `target` of the scenario at `seconds`, with the right token, without HTTP: the status
/// and the body as JSON.
pub fn get(target: &str, seconds: f64) -> (u16, Value) {
    let headers = vec![("X-Auth-Token".to_owned(), super::TOKEN.to_owned())];
    let (status, body) = scenario().respond("GET", target, &headers, seconds);
    (status, serde_json::from_str(&body).unwrap())
}

/// The source ID of the source named `name`.
pub fn id_of(name: &str) -> String {
    let i = fleet::FLEET.iter().position(|d| d.name == name).unwrap();
    fleet::source_id(i)
}

/// The task ID of the source named `name`.
pub fn task_of(name: &str) -> String {
    let i = fleet::FLEET.iter().position(|d| d.name == name).unwrap();
    fleet::task_id(i)
}

/// Field names of the SDK's models (huaweicloudsdksms v3, `openapi_types`), to hold the
/// stand-in's bodies to.
#[rustfmt::skip]
pub mod sdk {
    pub const SOURCE_LIST_ITEM: &[&str] = &[
        "id",
        "ip",
        "name",
        "enterprise_project_id",
        "add_date",
        "os_type",
        "os_version",
        "oem_system",
        "state",
        "connected",
        "cpu_quantity",
        "memory",
        "current_task",
        "checks",
        "init_target_server",
        "replicatesize",
        "stage_action_time",
        "totalsize",
        "last_visit_time",
        "migration_cycle",
        "state_action_time",
        "is_consistency_result_exist",
        "has_tc",
        "start_type",
    ];
    pub const TASK_BY_SERVER_SOURCES: &[&str] = &[
        "id",
        "name",
        "type",
        "state",
        "estimate_complete_time",
        "start_date",
        "speed_limit",
        "migrate_speed",
        "compress_rate",
        "start_target_server",
        "vm_template_id",
        "region_id",
        "project_name",
        "project_id",
        "target_server",
        "log_collect_status",
        "exist_server",
        "use_public_ip",
        "clone_server",
        "remain_seconds",
        "log_bucket",
        "log_expire",
        "log_upload_time",
        "log_share_url",
        "subtask_info",
    ];
    pub const SHOW_SERVER: &[&str] = &[
        "id",
        "ip",
        "name",
        "hostname",
        "enterprise_project_id",
        "add_date",
        "os_type",
        "os_version",
        "oem_system",
        "state",
        "connected",
        "firmware",
        "init_target_server",
        "cpu_quantity",
        "memory",
        "current_task",
        "disks",
        "volume_groups",
        "btrfs_list",
        "networks",
        "checks",
        "migration_cycle",
        "state_action_time",
        "replicatesize",
        "totalsize",
        "last_visit_time",
        "stage_action_time",
        "agent_version",
        "has_tc",
        "start_type",
    ];
    pub const TASKS_RESPONSE_BODY: &[&str] = &[
        "id",
        "name",
        "type",
        "os_type",
        "state",
        "estimate_complete_time",
        "create_date",
        "priority",
        "speed_limit",
        "migrate_speed",
        "compress_rate",
        "start_target_server",
        "error_json",
        "total_time",
        "migration_ip",
        "sub_tasks",
        "source_server",
        "enterprise_project_id",
        "target_server",
        "log_collect_status",
        "clone_server",
        "syncing",
        "network_check_info",
        "special_config",
        "total_cpu_usage",
        "agent_cpu_usage",
        "total_mem_usage",
        "agent_mem_usage",
        "total_disk_io",
        "agent_disk_io",
        "need_migration_test",
        "subtask_info",
    ];
    pub const SUB_TASK_ASSOCIATED: &[&str] = &[
        "id",
        "name",
        "progress",
        "start_date",
        "end_date",
        "process_trace",
    ];
    pub const SOURCE_ASSOCIATED: &[&str] = &[
        "id",
        "ip",
        "name",
        "os_type",
        "os_version",
        "oem_system",
        "state",
    ];
    pub const SHOW_TASK: &[&str] = &[
        "name",
        "type",
        "os_type",
        "id",
        "priority",
        "speed_limit",
        "region_id",
        "start_target_server",
        "enterprise_project_id",
        "migration_ip",
        "region_name",
        "project_name",
        "project_id",
        "vm_template_id",
        "source_server",
        "target_server",
        "state",
        "estimate_complete_time",
        "connected",
        "create_date",
        "start_date",
        "finish_date",
        "migrate_speed",
        "compress_rate",
        "error_json",
        "total_time",
        "float_ip",
        "remain_seconds",
        "target_snapshot_id",
        "clone_server",
        "sub_tasks",
        "network_check_info",
        "total_cpu_usage",
        "agent_cpu_usage",
        "total_mem_usage",
        "agent_mem_usage",
        "total_disk_io",
        "agent_disk_io",
        "need_migration_test",
        "subtask_info",
    ];
    pub const SUB_TASK: &[&str] = &[
        "id",
        "name",
        "progress",
        "start_date",
        "end_date",
        "migrate_speed",
        "user_op",
        "process_trace",
    ];
    pub const MIGRATION_ERRORS: &[&str] = &[
        "error_json",
        "host_name",
        "name",
        "source_id",
        "source_ip",
        "target_ip",
    ];
    pub const CONSISTENCY_RESULT: &[&str] = &[
        "dir_check",
        "num_total_files",
        "num_different_files",
        "num_target_miss_files",
        "num_target_more_files",
    ];
}
