//! The stand-in's behaviour as a pure function: a request and the time since the start in,
//! a status and a JSON body out. No I/O, no clock of its own, so the tests drive it at fixed
//! times (`tests/cli/support/sim.rs` includes this file) and the binary (`main.rs`) feeds it
//! the wall clock.
//!
//! Endpoints: GET /v3/sources, /v3/sources/{id}, /v3/tasks, /v3/tasks/{id},
//! /v3/tasks/{id}/consistency-result, /v3/errors. Every request needs `X-Auth-Token`.

#[path = "bodies.rs"]
pub mod bodies;
#[path = "fleet.rs"]
pub mod fleet;

use serde_json::{Value, json};

pub use bodies::Clock;

/// One running stand-in: the token it accepts, when it started, how fast the wave runs.
pub struct Scenario {
    pub token: String,
    /// Wall-clock time of the start, ms since the epoch.
    pub epoch_ms: u64,
    /// Scenario seconds per wall second; 1.0 finishes the wave in about 2 minutes.
    pub speed: f64,
}

/// The list endpoints' page maximum.
pub const PAGE_MAX: usize = 200;

impl Scenario {
    /// The reply to `method target` (path and query, as sent) with `headers` (any case),
    /// `elapsed` wall seconds after the start.
    pub fn respond(
        &self,
        method: &str,
        target: &str,
        headers: &[(String, String)],
        elapsed: f64,
    ) -> (u16, String) {
        let clock = Clock {
            epoch_ms: self.epoch_ms,
            speed: self.speed,
            elapsed: elapsed.max(0.0),
        };
        let token = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-auth-token"))
            .map(|(_, v)| v.as_str());
        if token != Some(self.token.as_str()) {
            return error(
                401,
                "SMS.9004",
                "the request carries no X-Auth-Token, or not the one sms-sim printed at its start",
            );
        }
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let query = Query::parse(query);
        let segments: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
        match (method, segments.as_slice()) {
            ("GET", ["v3", "sources"]) => sources(&query, &clock),
            ("GET", ["v3", "sources", id]) => match index_of(id, fleet::source_id) {
                Some(i) => ok(&bodies::details(i, &clock)),
                None => error(
                    404,
                    "SMS.2216",
                    &format!("no source server has the ID {}", quoted(id)),
                ),
            },
            ("GET", ["v3", "tasks"]) => tasks(&query, &clock),
            ("GET", ["v3", "tasks", id]) => {
                task(id, &clock, |i, m| bodies::task_details(i, m, &clock))
            }
            ("GET", ["v3", "tasks", id, "consistency-result"]) => {
                task(id, &clock, bodies::consistency)
            }
            ("GET", ["v3", "errors"]) => errors(&query, &clock),
            _ => error(
                404,
                "APIGW.0101",
                "The API does not exist or has not been published in the environment",
            ),
        }
    }
}

fn ok(body: &Value) -> (u16, String) {
    (200, body.to_string())
}

/// An error body shaped as SMS sends them: `error_code`, `error_msg`.
fn error(status: u16, code: &str, message: &str) -> (u16, String) {
    (
        status,
        json!({"error_code": code, "error_msg": message}).to_string(),
    )
}

/// A value from the request, quoted for an error message (never more than 80 characters).
fn quoted(value: &str) -> String {
    format!("{:?}", value.chars().take(80).collect::<String>())
}

fn index_of(id: &str, id_of: fn(usize) -> String) -> Option<usize> {
    (0..fleet::FLEET.len()).find(|&i| id_of(i) == id)
}

/// The query pairs, percent-decoded (`+` is a space).
pub struct Query(Vec<(String, String)>);

impl Query {
    pub fn parse(query: &str) -> Query {
        Query(
            query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (decode(k), decode(v))
                })
                .collect(),
        )
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// `offset` and `limit`: a missing or 0 limit is `default`, more than 200 is 200.
    fn page(&self, default: usize) -> (usize, usize) {
        let number = |k: &str| self.get(k).and_then(|v| v.parse::<usize>().ok());
        let limit = match number("limit") {
            None | Some(0) => default,
            Some(n) => n.min(PAGE_MAX),
        };
        (number("offset").unwrap_or(0), limit)
    }
}

fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(if b[i] == b'+' { b' ' } else { b[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn paged(items: Vec<Value>, key: &str, (offset, limit): (usize, usize)) -> (u16, String) {
    let count = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    ok(&json!({"count": count, key: page}))
}

/// GET /v3/sources: filters `state`, `name` (part of the name), `id`, `ip`,
/// `migration_cycle`, `connected`; `offset`, `limit` (0 or missing: 200, as the SDK says).
fn sources(query: &Query, clock: &Clock) -> (u16, String) {
    let items: Vec<Value> = (0..fleet::FLEET.len())
        .map(|i| bodies::list_item(i, clock))
        .filter(|item| {
            let text = |k: &str| item[k].as_str().unwrap_or_default().to_owned();
            query.get("state").is_none_or(|v| text("state") == v)
                && query.get("name").is_none_or(|v| text("name").contains(v))
                && query.get("id").is_none_or(|v| text("id") == v)
                && query.get("ip").is_none_or(|v| text("ip") == v)
                && query
                    .get("migration_cycle")
                    .is_none_or(|v| text("migration_cycle") == v)
                && query.get("connected").is_none_or(|v| {
                    item["connected"]
                        .as_bool()
                        .map(|b| b.to_string())
                        .as_deref()
                        == Some(v)
                })
        })
        .collect();
    paged(items, "source_servers", query.page(PAGE_MAX))
}

/// GET /v3/tasks: filters `state`, `name`, `id`, `source_server_id`; `offset`, `limit`
/// (default 50).
fn tasks(query: &Query, clock: &Clock) -> (u16, String) {
    let items: Vec<Value> = bodies::with_task(clock)
        .iter()
        .map(|(i, m)| bodies::task_item(*i, m, clock))
        .filter(|t| {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
            query.get("state").is_none_or(|v| text(&t["state"]) == v)
                && query
                    .get("name")
                    .is_none_or(|v| text(&t["name"]).contains(v))
                && query.get("id").is_none_or(|v| text(&t["id"]) == v)
                && query
                    .get("source_server_id")
                    .is_none_or(|v| text(&t["source_server"]["id"]) == v)
        })
        .collect();
    paged(items, "tasks", query.page(50))
}

/// GET /v3/tasks/{id} and what hangs under it.
fn task(id: &str, clock: &Clock, body: impl Fn(usize, &fleet::Moment) -> Value) -> (u16, String) {
    let found = index_of(id, fleet::task_id).and_then(|i| bodies::moment(i, clock).map(|m| (i, m)));
    match found {
        Some((i, m)) => ok(&body(i, &m)),
        None => error(
            404,
            "SMS.2252",
            &format!("no migration task has the ID {}", quoted(id)),
        ),
    }
}

/// GET /v3/errors: the sources whose migration failed; `offset`, `limit` (default 50).
fn errors(query: &Query, clock: &Clock) -> (u16, String) {
    let items: Vec<Value> = bodies::with_task(clock)
        .iter()
        .filter_map(|(i, m)| bodies::migration_error(*i, m))
        .collect();
    paged(items, "migration_errors", query.page(50))
}
