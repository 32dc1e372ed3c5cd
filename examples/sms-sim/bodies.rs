//! The response bodies, field for field as the official SDK's models name them
//! (huaweicloudsdksms v3: SourceServersResponseBody, ShowServerResponse, TasksResponseBody,
//! ShowTaskResponse, MigrationErrors, ConsistencyResult). Pure: built from the fleet and a
//! clock, no I/O.

use serde_json::{Map, Value, json};

use super::fleet::{self, DATA_STAGE, Def, FLEET, Fate, GIB, Kind, Moment, Wave};

/// The bundled examples the details bodies start from (their disks, volume groups, NICs);
/// names, IDs, IPs, checks and progress are the scenario's.
const LINUX: &str = include_str!("../../docs/examples/source-linux.json");
const WINDOWS: &str = include_str!("../../docs/examples/source-windows.json");

/// Scenario time and wall time: `elapsed` wall seconds since `epoch_ms`, the scenario running
/// `speed` times faster than the wall clock. Timestamps in the bodies are wall time, so an
/// agent's age reads true whatever the speed.
#[derive(Clone, Copy)]
pub struct Clock {
    pub epoch_ms: u64,
    pub speed: f64,
    pub elapsed: f64,
}

impl Clock {
    /// The scenario second now.
    pub fn t(&self) -> f64 {
        self.elapsed * self.speed
    }

    /// The wall-clock timestamp (ms since the epoch) of scenario second `tau`.
    pub fn ms(&self, tau: f64) -> u64 {
        (self.epoch_ms as f64 + tau / self.speed * 1000.0).max(0.0) as u64
    }

    pub fn now_ms(&self) -> u64 {
        self.ms(self.t())
    }
}

/// Where source `i` stands now: a wave source's moment, a finished source's history, or
/// nothing (waiting, no task).
pub fn moment(i: usize, clock: &Clock) -> Option<Moment> {
    let def = &FLEET[i];
    match &def.kind {
        Kind::Wave(w) => Some(fleet::moment(def, w, clock.t())),
        Kind::Finished { days } => {
            // Replayed in scenario seconds so that its timestamps land `days` ago.
            let past = Wave {
                start: -(*days as f64) * 86_400.0 * clock.speed,
                replicate: def.total_gib as f64 * 20.0 * clock.speed,
                fate: Fate::Finishes,
                cpu: 20.0,
                mem_mb: 1000.0,
            };
            Some(fleet::moment(def, &past, clock.t()))
        }
        Kind::Waiting { .. } => None,
    }
}

fn plan(def: &Def) -> Option<&Wave> {
    match &def.kind {
        Kind::Wave(w) => Some(w),
        _ => None,
    }
}

/// The agent's last visit: a heartbeat every 20 s while connected.
fn last_visit(i: usize, m: Option<&Moment>, clock: &Clock) -> u64 {
    let now = clock.now_ms();
    match (&FLEET[i].kind, m) {
        (
            _,
            Some(Moment {
                lost_at: Some(at), ..
            }),
        ) => clock.ms(*at),
        (
            Kind::Waiting {
                connected: false,
                seen_minutes,
            },
            _,
        ) => now - seen_minutes * 60_000,
        (Kind::Finished { .. }, Some(m)) => clock.ms(m.finished_at.unwrap_or(0.0)) + 60_000,
        // At least a second old, so that it never reads as later than the reader's now.
        _ => now - 1000 - ((now / 1000 + i as u64 * 7) % 20) * 1000,
    }
}

fn connected(i: usize, m: Option<&Moment>) -> bool {
    match (&FLEET[i].kind, m) {
        (Kind::Waiting { connected, .. }, _) => *connected,
        (Kind::Finished { .. }, _) => false,
        (_, Some(m)) => m.connected,
        _ => true,
    }
}

fn os_type(def: &Def) -> &'static str {
    if def.linux { "LINUX" } else { "WINDOWS" }
}

fn task_type(def: &Def) -> &'static str {
    if def.linux {
        "MIGRATE_FILE"
    } else {
        "MIGRATE_BLOCK"
    }
}

/// Megabits per second, as SMS reports `migrate_speed`, rounded to 0.1.
fn mbit(m: &Moment, clock: &Clock) -> f64 {
    (m.rate * clock.speed * 8.0 / 1_000_000.0 * 10.0).round() / 10.0
}

/// Wall seconds left, while data moves.
fn remain_seconds(m: &Moment, clock: &Clock) -> Option<u64> {
    m.remain.map(|r| (r / clock.speed).ceil() as u64)
}

fn error_json(m: &Moment) -> Option<String> {
    // SMS.0805: a partition could not be migrated to the target server.
    m.failed_at
        .map(|_| r#"{"error_code":"SMS.0805","error_param":["/dev/vdb1"]}"#.to_owned())
}

fn target_ip(i: usize) -> String {
    format!("192.168.10.{}", 10 + i)
}

fn checks(i: usize) -> Value {
    let Some(list) = FLEET[i].checks else {
        return Value::Array(Vec::new());
    };
    list.iter()
        .enumerate()
        .map(|(k, (name, result, code, message, params))| {
            let ok = code.is_none();
            json!({
                "id": 8_800_000 + i * 100 + k,
                "params": params,
                "name": name,
                "result": result,
                "error_code": code,
                "error_or_warn": if ok { Value::Null } else { json!(message) },
                "error_params": params.join(","),
            })
        })
        .collect()
}

/// `current_task` of a source: TaskByServerSources in the list, TaskByServerSource in the
/// details (`listed` adds what only the list's type has).
fn current_task(i: usize, m: &Moment, clock: &Clock, listed: bool) -> Value {
    let def = &FLEET[i];
    let mut task = json!({
        "id": fleet::task_id(i),
        "name": format!("MigrationTask-{}", def.name),
        "type": task_type(def),
        "state": m.task_state,
        "start_date": clock.ms(m.sub_tasks.first().map_or(0.0, |s| s.start)),
        "speed_limit": 0,
        "migrate_speed": mbit(m, clock),
        "start_target_server": true,
        "region_id": "ap-southeast-3",
        "project_name": "ap-southeast-3",
        "project_id": "0a1b2c3d4e5f60718293a4b5c6d7e8f9",
        "target_server": {"vm_id": target_vm(i), "name": format!("{}-target", def.name)},
        "log_collect_status": "INIT",
        "exist_server": false,
        "use_public_ip": false,
        "clone_server": null,
    });
    let map = task.as_object_mut().expect("an object");
    if listed && let Some(remain) = remain_seconds(m, clock) {
        map.insert(
            "estimate_complete_time".into(),
            json!(clock.now_ms() + remain * 1000),
        );
        map.insert("remain_seconds".into(), json!(remain));
    }
    if let Some(stage) = m.current_stage() {
        map.insert("subtask_info".into(), json!(stage.name));
    }
    task
}

fn target_vm(i: usize) -> String {
    format!("9d8c7b6a-0000-4000-8000-{:012x}", 0x9100 + i)
}

/// Source `i` as the list endpoint gives it (SourceServersResponseBody).
pub fn list_item(i: usize, clock: &Clock) -> Value {
    let def = &FLEET[i];
    let m = moment(i, clock);
    let (state, cycle) = m
        .as_ref()
        .map_or(("waiting", "checking"), |m| (m.state, m.cycle));
    let total = def.total_gib * GIB;
    let since = clock.ms(m.as_ref().map_or(-86_400.0 * clock.speed, |m| m.since));
    let mut item = json!({
        "id": fleet::source_id(i),
        "ip": def.ip,
        "name": def.name,
        "enterprise_project_id": "0",
        "add_date": clock.ms(-30.0 * 86_400.0 * clock.speed) + i as u64 * 60_000,
        "os_type": os_type(def),
        "os_version": def.os_version,
        "oem_system": false,
        "state": state,
        "connected": connected(i, m.as_ref()),
        "cpu_quantity": def.cpus,
        "memory": def.memory_mb,
        "current_task": m.as_ref().map(|m| current_task(i, m, clock, true)),
        "checks": checks(i),
        "replicatesize": m.as_ref().map_or(0, |m| m.replicated),
        "stage_action_time": since,
        "totalsize": total,
        "last_visit_time": last_visit(i, m.as_ref(), clock),
        "migration_cycle": cycle,
        "state_action_time": since,
        "is_consistency_result_exist": m.as_ref().is_some_and(|m| m.finished_at.is_some()),
        "has_tc": def.linux,
        "start_type": "MANUAL",
    });
    if FLEET[i].checks.is_none() {
        item.as_object_mut().expect("an object").remove("checks");
    }
    item
}

/// Source `i` in full (ShowServerResponse), built on the bundled example of its OS.
pub fn details(i: usize, clock: &Clock) -> Value {
    let def = &FLEET[i];
    let mut body: Map<String, Value> =
        serde_json::from_str(if def.linux { LINUX } else { WINDOWS }).expect("a bundled example");
    let item = list_item(i, clock);
    let m = moment(i, clock);
    for key in [
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
        "checks",
        "migration_cycle",
        "state_action_time",
        "replicatesize",
        "totalsize",
        "last_visit_time",
        "stage_action_time",
        "has_tc",
        "start_type",
    ] {
        match item.get(key) {
            Some(v) => body.insert(key.to_owned(), v.clone()),
            None => body.insert(key.to_owned(), Value::Array(Vec::new())),
        };
    }
    body.insert("hostname".into(), json!(format!("{}.internal", def.name)));
    body.insert(
        "current_task".into(),
        m.as_ref()
            .map_or(Value::Null, |m| current_task(i, m, clock, false)),
    );
    if let Some(Value::Array(nics)) = body.get_mut("networks")
        && let Some(Value::Object(nic)) = nics.first_mut()
    {
        nic.insert("ip".into(), json!(def.ip));
    }
    Value::Object(body)
}

/// The sources that have a task, in list order.
pub fn with_task(clock: &Clock) -> Vec<(usize, Moment)> {
    (0..FLEET.len())
        .filter_map(|i| moment(i, clock).map(|m| (i, m)))
        .collect()
}

fn usage(i: usize, m: &Moment, clock: &Clock) -> (f64, f64, f64) {
    let def = &FLEET[i];
    let (cpu, mem) = plan(def).map_or((5.0, 800.0), |w| (w.cpu, w.mem_mb));
    if m.task_state != "RUNNING" {
        return (3.0, (mem * 0.3).round(), 0.0);
    }
    // A little movement, the same at the same second.
    let wobble = ((clock.t() / 7.0) + i as f64).sin() * 3.0;
    let cpu = ((cpu + wobble) * 10.0).round() / 10.0;
    (
        cpu.clamp(0.0, 100.0),
        (mem + wobble * 20.0).round(),
        mbit(m, clock),
    )
}

fn sub_tasks(m: &Moment, clock: &Clock, with_speed: bool) -> Value {
    m.sub_tasks
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let mut v = json!({
                "id": k + 1,
                "name": s.name,
                "progress": s.progress,
                "start_date": clock.ms(s.start),
                "end_date": s.end.map(|e| clock.ms(e)),
            });
            if with_speed && k == DATA_STAGE {
                v["migrate_speed"] = json!(mbit(m, clock));
            }
            v
        })
        .collect()
}

/// Source `i`'s task as GET /v3/tasks lists it (TasksResponseBody).
pub fn task_item(i: usize, m: &Moment, clock: &Clock) -> Value {
    let def = &FLEET[i];
    let (cpu, mem, disk) = usage(i, m, clock);
    let mut task = json!({
        "id": fleet::task_id(i),
        "name": format!("MigrationTask-{}", def.name),
        "type": task_type(def),
        "os_type": os_type(def),
        "state": m.task_state,
        "create_date": clock.ms(m.sub_tasks.first().map_or(0.0, |s| s.start)) - 120_000,
        "priority": 1,
        "speed_limit": 0,
        "migrate_speed": mbit(m, clock),
        "start_target_server": true,
        "migration_ip": target_ip(i),
        "sub_tasks": sub_tasks(m, clock, false),
        "source_server": {
            "id": fleet::source_id(i),
            "ip": def.ip,
            "name": def.name,
            "os_type": os_type(def),
            "os_version": def.os_version,
            "oem_system": false,
            "state": m.state,
        },
        "enterprise_project_id": "0",
        "target_server": target(i),
        "log_collect_status": "INIT",
        "clone_server": null,
        "syncing": false,
        "special_config": [],
        "total_cpu_usage": cpu,
        "agent_cpu_usage": (cpu * 0.2 * 10.0).round() / 10.0,
        "total_mem_usage": mem,
        "agent_mem_usage": (mem * 0.05).round(),
        "total_disk_io": disk,
        "agent_disk_io": disk,
        "need_migration_test": false,
    });
    let map = task.as_object_mut().expect("an object");
    if let Some(remain) = remain_seconds(m, clock) {
        map.insert(
            "estimate_complete_time".into(),
            json!(clock.now_ms() + remain * 1000),
        );
    }
    if let Some(e) = error_json(m) {
        map.insert("error_json".into(), json!(e));
    }
    if let Some(stage) = m.current_stage() {
        map.insert("subtask_info".into(), json!(stage.name));
    }
    task
}

fn target(i: usize) -> Value {
    let def = &FLEET[i];
    json!({
        "id": target_vm(i),
        "vm_id": target_vm(i),
        "name": format!("{}-target", def.name),
        "ip": target_ip(i),
        "os_type": os_type(def),
        "os_version": def.os_version,
    })
}

/// Source `i`'s task as GET /v3/tasks/{id} gives it (ShowTaskResponse).
pub fn task_details(i: usize, m: &Moment, clock: &Clock) -> Value {
    let listed = task_item(i, m, clock);
    let mut task = Map::new();
    for key in [
        "name",
        "type",
        "os_type",
        "id",
        "priority",
        "speed_limit",
        "start_target_server",
        "enterprise_project_id",
        "migration_ip",
    ] {
        task.insert(key.into(), listed[key].clone());
    }
    task.insert("region_id".into(), json!("ap-southeast-3"));
    task.insert("region_name".into(), json!("AP-Singapore"));
    task.insert("project_name".into(), json!("ap-southeast-3"));
    task.insert(
        "project_id".into(),
        json!("0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
    );
    let mut source = listed["source_server"].clone();
    source["migration_cycle"] = json!(m.cycle);
    task.insert("source_server".into(), source);
    task.insert("target_server".into(), target(i));
    task.insert("state".into(), json!(m.task_state));
    if let Some(remain) = remain_seconds(m, clock) {
        task.insert(
            "estimate_complete_time".into(),
            json!(clock.now_ms() + remain * 1000),
        );
    }
    task.insert("connected".into(), json!(connected(i, Some(m))));
    task.insert("create_date".into(), listed["create_date"].clone());
    task.insert(
        "start_date".into(),
        json!(clock.ms(m.sub_tasks.first().map_or(0.0, |s| s.start))),
    );
    if let Some(end) = m.finished_at {
        task.insert("finish_date".into(), json!(clock.ms(end)));
    }
    task.insert("migrate_speed".into(), json!(mbit(m, clock)));
    if let Some(e) = error_json(m) {
        task.insert("error_json".into(), json!(e));
    }
    if let Some(remain) = remain_seconds(m, clock) {
        task.insert("remain_seconds".into(), json!(remain));
    }
    task.insert("clone_server".into(), Value::Null);
    task.insert("sub_tasks".into(), sub_tasks(m, clock, true));
    for key in [
        "total_cpu_usage",
        "agent_cpu_usage",
        "total_mem_usage",
        "agent_mem_usage",
        "total_disk_io",
        "agent_disk_io",
        "need_migration_test",
    ] {
        task.insert(key.into(), listed[key].clone());
    }
    if let Some(stage) = m.current_stage() {
        task.insert("subtask_info".into(), json!(stage.name));
    }
    Value::Object(task)
}

/// Source `i` as GET /v3/errors lists it (MigrationErrors), when its migration failed.
pub fn migration_error(i: usize, m: &Moment) -> Option<Value> {
    let def = &FLEET[i];
    error_json(m).map(|e| {
        json!({
            "error_json": e,
            "host_name": format!("{}.internal", def.name),
            "name": def.name,
            "source_id": fleet::source_id(i),
            "source_ip": def.ip,
            "target_ip": target_ip(i),
        })
    })
}

/// GET /v3/tasks/{id}/consistency-result: one directory checked once the migration finished
/// (with differences for one chosen source), nothing before.
pub fn consistency(i: usize, m: &Moment) -> Value {
    let def = &FLEET[i];
    let results = if m.finished_at.is_none() {
        Vec::new()
    } else if def.name == fleet::DIFFERS {
        vec![json!({
            "dir_check": "/var/lib/mysql",
            "num_total_files": 48_211,
            "num_different_files": 3,
            "num_target_miss_files": 1,
            "num_target_more_files": 0,
        })]
    } else {
        vec![json!({
            "dir_check": if def.linux { "/" } else { "C:\\" },
            "num_total_files": 61_000 + i as u64 * 1_237,
            "num_different_files": 0,
            "num_target_miss_files": 0,
            "num_target_more_files": 0,
        })]
    };
    json!({"task_id": fleet::task_id(i), "result_list": results})
}
