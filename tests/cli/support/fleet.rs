//! A fleet of generated source servers behind the loopback stand-in: the list endpoint with
//! offset/limit paging and the API's filters, and the details endpoint.

use std::time::Duration;

use serde_json::{Value, json};

use super::server::{Recorded, Reply, Server};

/// Source `i` of a generated fleet: every 10th has a WARN check, every 25th an ERROR one.
pub fn source(i: usize) -> Value {
    let mut checks = vec![
        json!({"id": i * 10, "params": [""], "name": "OS_VERSION", "result": "OK", "error_code": null, "error_or_warn": null, "error_params": ""}),
        json!({"id": i * 10 + 1, "params": [""], "name": "CPU", "result": "OK", "error_code": null, "error_or_warn": null, "error_params": ""}),
    ];
    if i.is_multiple_of(10) {
        checks.push(json!({"id": i * 10 + 2, "params": ["/var"], "name": "FREE_SPACE", "result": "WARN", "error_code": null, "error_or_warn": "little free space", "error_params": "/var"}));
    }
    if i.is_multiple_of(25) {
        checks.push(json!({"id": i * 10 + 3, "params": ["rsync"], "name": "SOFTWARE", "result": "ERROR", "error_code": "SMS.6517", "error_or_warn": "rsync is not installed", "error_params": "rsync"}));
    }
    json!({
        "id": id(i),
        "ip": format!("10.0.{}.{}", i / 250, i % 250),
        "name": format!("srv-{i:04}"),
        "enterprise_project_id": "0",
        "add_date": 1732694400000u64 + i as u64,
        "os_type": "LINUX",
        "os_version": "CENTOS7_64BIT",
        "state": "waiting",
        "connected": !i.is_multiple_of(7),
        "cpu_quantity": 4,
        "memory": 8589934592u64,
        "migration_cycle": "checking",
        // Seen i hours before the tests' pinned now (support::NOW_MS).
        "last_visit_time": 1732924800000u64 - 3_600_000 * i as u64,
        "replicatesize": 0,
        "totalsize": 107374182400u64,
        "checks": checks,
        "disks": [{"name": "/dev/vda", "size": 107374182400u64, "physical_volumes": []}],
    })
}

pub fn id(i: usize) -> String {
    format!("{i:08x}-0000-4000-8000-{i:012x}")
}

/// How the stand-in behaves.
#[derive(Clone)]
pub struct Fleet {
    pub sources: Vec<Value>,
    /// The list items carry `checks` (the details endpoint always does).
    pub list_checks: bool,
    /// The server's own page maximum.
    pub page_max: usize,
    /// Added to every response.
    pub latency: Duration,
}

impl Fleet {
    pub fn new(n: usize) -> Fleet {
        Fleet {
            sources: (0..n).map(source).collect(),
            list_checks: true,
            page_max: 200,
            latency: Duration::ZERO,
        }
    }

    pub fn start(self) -> Server {
        Server::start(move |r, _| {
            if !self.latency.is_zero() {
                std::thread::sleep(self.latency);
            }
            self.reply(r)
        })
    }

    pub fn reply(&self, r: &Recorded) -> Reply {
        let path = r.path();
        if path == "/v3/sources" {
            return self.list(r);
        }
        if let Some(id) = path.strip_prefix("/v3/sources/") {
            return match self.sources.iter().find(|s| s["id"] == id) {
                Some(s) => Reply::json(200, s.to_string()),
                None => Reply::json(
                    404,
                    json!({"error_code": "SMS.0205", "error_msg": "source not found"}).to_string(),
                ),
            };
        }
        Reply::json(404, "{}")
    }

    fn list(&self, r: &Recorded) -> Reply {
        let q = r.query();
        let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let matches = |s: &Value| {
            get("name").is_none_or(|n| s["name"].as_str().unwrap_or("").contains(&n))
                && get("state").is_none_or(|v| s["state"] == v.as_str())
                && get("ip").is_none_or(|v| s["ip"] == v.as_str())
                && get("connected").is_none_or(|v| s["connected"] == (v == "true"))
        };
        let filtered: Vec<&Value> = self.sources.iter().filter(|s| matches(s)).collect();
        let offset: usize = get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
        let limit: usize = get("limit").and_then(|v| v.parse().ok()).unwrap_or(200);
        let items: Vec<Value> = filtered
            .iter()
            .skip(offset)
            .take(limit.min(self.page_max))
            .map(|s| {
                let mut s = (*s).clone();
                let m = s.as_object_mut().unwrap();
                m.remove("disks");
                if !self.list_checks {
                    m.remove("checks");
                }
                s
            })
            .collect();
        Reply::json(
            200,
            json!({"count": filtered.len(), "source_servers": items}).to_string(),
        )
    }
}

/// What a wave's source `i` is at list poll `poll` (the selection's listing is poll 0): its
/// list item, with its task (if any) under `"_task"`; None when SMS does not list it.
pub type Course = dyn Fn(usize, usize) -> Option<Value> + Send + Sync;

/// A wave behind the stand-in: the list endpoint (paged, filtered by `state` and `name`) and
/// GET /v3/tasks (paged), both answering from `course` at the latest poll. A poll starts at
/// each request for the list's first page.
pub struct Wave {
    pub sources: usize,
    /// Serve GET /v3/tasks (else 404).
    pub tasks: bool,
    pub latency: Duration,
    pub course: std::sync::Arc<Course>,
}

impl Wave {
    pub fn new(
        sources: usize,
        course: impl Fn(usize, usize) -> Option<Value> + Send + Sync + 'static,
    ) -> Wave {
        Wave {
            sources,
            tasks: true,
            latency: Duration::ZERO,
            course: std::sync::Arc::new(course),
        }
    }

    pub fn start(self) -> Server {
        let polls = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        // The listing of the latest poll, made once per poll rather than once per page.
        type Listing = Option<(usize, std::sync::Arc<Vec<Value>>)>;
        let cache: std::sync::Mutex<Listing> = std::sync::Mutex::new(None);
        Server::start(move |r, _| {
            if !self.latency.is_zero() {
                std::thread::sleep(self.latency);
            }
            let q = r.query();
            let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
            let offset: usize = get("offset").and_then(|v| v.parse().ok()).unwrap_or(0);
            let limit: usize = get("limit")
                .and_then(|v| v.parse().ok())
                .unwrap_or(200)
                .min(200);
            let poll = if r.path() == "/v3/sources" && offset == 0 {
                polls.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            } else {
                polls
                    .load(std::sync::atomic::Ordering::SeqCst)
                    .saturating_sub(1)
            };
            let listed = {
                let mut cached = cache.lock().unwrap();
                match &*cached {
                    Some((p, listed)) if *p == poll => listed.clone(),
                    _ => {
                        let listed: std::sync::Arc<Vec<Value>> = std::sync::Arc::new(
                            (0..self.sources)
                                .filter_map(|i| (self.course)(poll, i))
                                .collect(),
                        );
                        *cached = Some((poll, listed.clone()));
                        listed
                    }
                }
            };
            match r.path() {
                "/v3/sources" => {
                    let items: Vec<&Value> = listed
                        .iter()
                        .filter(|s| get("state").is_none_or(|v| s["state"] == v.as_str()))
                        .filter(|s| {
                            get("name")
                                .is_none_or(|n| s["name"].as_str().unwrap_or("").contains(&n))
                        })
                        .collect();
                    page(&items, "source_servers", offset, limit, |s| {
                        let mut s = s.clone();
                        s.as_object_mut().unwrap().remove("_task");
                        s
                    })
                }
                "/v3/tasks" if self.tasks => {
                    let items: Vec<&Value> =
                        listed.iter().filter(|s| s.get("_task").is_some()).collect();
                    page(&items, "tasks", offset, limit, |s| {
                        let mut t = s["_task"].clone();
                        t["source_server"] = json!({"id": s["id"], "name": s["name"]});
                        t
                    })
                }
                _ => Reply::json(
                    404,
                    json!({"error_code": "APIGW.0101", "error_msg": "not found"}).to_string(),
                ),
            }
        })
    }
}

/// One page of `items` under `key`, each made by `make`, with the count of them all.
fn page(
    items: &[&Value],
    key: &str,
    offset: usize,
    limit: usize,
    make: impl Fn(&Value) -> Value,
) -> Reply {
    let count = items.len();
    let page: Vec<Value> = items
        .iter()
        .skip(offset)
        .take(limit)
        .map(|v| make(v))
        .collect();
    Reply::json(200, json!({"count": count, key: page}).to_string())
}

/// Source `i` of a wave at one step: `state` (a source state: `waiting`, `replicate`,
/// `finished`, `error`...), `done` bytes of 1,000 GiB-ish `total`, and its task's `task_state`
/// (None: no task yet).
pub fn wave_source(i: usize, state: &str, done: u64, task_state: Option<&str>) -> Value {
    let mut s = source(i);
    s["state"] = json!(state);
    s["migration_cycle"] = json!(match state {
        "finished" => "cutovered",
        "waiting" => "checking",
        _ => "replicating",
    });
    s["replicatesize"] = json!(done);
    s["totalsize"] = json!(WAVE_TOTAL);
    s["connected"] = json!(true);
    s["last_visit_time"] = json!(1732924800000u64);
    s.as_object_mut().unwrap().remove("checks");
    if let Some(task) = task_state {
        let id = format!("task-{i:04}");
        s["current_task"] = json!({"id": id, "state": task, "subtask_info": "SYNC"});
        s["_task"] = json!({
            "id": id, "name": format!("mig-{i:04}"), "state": task, "create_date": 1,
            "sub_tasks": [
                {"id": 1, "name": "CREATE_CLOUD_SERVER", "progress": 100, "start_date": 1, "end_date": 2},
                {"id": 2, "name": "SYNC_FILE", "progress": done * 100 / WAVE_TOTAL, "start_date": 3}
            ],
            "total_cpu_usage": 12.5, "total_mem_usage": 512,
        });
    }
    s
}

/// The size of each wave source.
pub const WAVE_TOTAL: u64 = 100 * 1024 * 1024 * 1024;
