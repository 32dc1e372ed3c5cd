//! A typed view of a migration task: an item of GET /v3/tasks (the SDK's `TasksResponseBody`)
//! or the body of GET /v3/tasks/{id} (`ShowTaskResponse`), which share the fields read here.
//! Every field is optional and every scalar a [`Scalar`], as for a source: a value of an
//! unexpected type is kept as it came. `watch` joins tasks to sources by `source_server.id`;
//! `source` and `check` may read the same view (the task section, `task_error`).

use serde::Deserialize;

use super::{Field, Scalar};
use crate::sanitize::sanitize_short;

/// One migration task. Field names are the SDK's.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct MigrationTask {
    pub id: Field,
    pub name: Field,
    #[serde(rename = "type")]
    pub kind: Field,
    /// READY, RUNNING, SYNCING, MIGRATE_SUCCESS, SYNC_SUCCESS, MIGRATE_FAIL, SYNC_FAIL,
    /// ABORTING, ABORT, SKIPPING, DELETING, RESETING (and whatever SMS adds).
    pub state: Field,
    /// Milliseconds since the epoch.
    pub estimate_complete_time: Field,
    /// Seconds to go (ShowTaskResponse only).
    pub remain_seconds: Field,
    pub create_date: Field,
    pub start_date: Field,
    pub finish_date: Field,
    /// Mbit/s.
    pub migrate_speed: Field,
    /// A string that may hold JSON (`{"error_code": "SMS.6509", "error_param": [...]}`) or
    /// plain text: read it with [`MigrationTask::error`].
    pub error_json: Field,
    pub total_time: Field,
    pub sub_tasks: Option<Vec<Option<SubTask>>>,
    pub source_server: Option<TaskSource>,
    /// Percent.
    pub total_cpu_usage: Field,
    /// MB in use (the SDK's unit), not a percentage.
    pub total_mem_usage: Field,
    /// Mbit/s.
    pub total_disk_io: Field,
    pub agent_cpu_usage: Field,
    pub agent_mem_usage: Field,
    pub agent_disk_io: Field,
    pub subtask_info: Field,
}

/// A step of a task (`SubTask`, `SubTaskAssociatedWithTask`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct SubTask {
    pub id: Field,
    pub name: Field,
    /// Percent.
    pub progress: Field,
    /// Milliseconds since the epoch.
    pub start_date: Field,
    pub end_date: Field,
    pub migrate_speed: Field,
    pub user_op: Field,
    pub process_trace: Field,
}

/// The source a task migrates (`SourceServerAssociatedWithTask`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct TaskSource {
    pub id: Field,
    pub ip: Field,
    pub name: Field,
    pub state: Field,
}

/// Why a task failed, from its `error_json`: the code when there is one, and a message; both
/// sanitised and bounded, safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskError {
    pub code: Option<String>,
    pub message: String,
}

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.code, self.message.is_empty()) {
            (Some(code), true) => f.write_str(code),
            (Some(code), false) => write!(f, "{code} {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

/// The longest message kept from `error_json`.
const MESSAGE_MAX: usize = 300;

/// Decodes an `error_json` string: JSON with `error_code` and `error_param` (a list or a
/// string), or `error_msg`/`message`; anything else is kept as plain text. None when empty.
pub fn decode_error_json(text: &str) -> Option<TaskError> {
    let text = text.trim();
    if text.is_empty() || text == "{}" || text == "null" {
        return None;
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Some(TaskError {
            code: None,
            message: sanitize_short(text, MESSAGE_MAX),
        });
    };
    let plain = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    };
    let code = map
        .get("error_code")
        .map(plain)
        .filter(|c| !c.trim().is_empty())
        .map(|c| sanitize_short(c.trim(), 40));
    let mut parts: Vec<String> = Vec::new();
    for key in ["error_msg", "message", "error_message"] {
        if let Some(m) = map.get(key).map(plain).filter(|m| !m.is_empty()) {
            parts.push(m);
        }
    }
    match map.get("error_param") {
        Some(serde_json::Value::Array(params)) => {
            let params: Vec<String> = params.iter().map(plain).filter(|p| !p.is_empty()).collect();
            if !params.is_empty() {
                parts.push(params.join(", "));
            }
        }
        Some(other) => {
            let p = plain(other);
            if !p.is_empty() {
                parts.push(p);
            }
        }
        None => {}
    }
    if code.is_none() && parts.is_empty() {
        return Some(TaskError {
            code: None,
            message: sanitize_short(text, MESSAGE_MAX),
        });
    }
    Some(TaskError {
        code,
        message: sanitize_short(&parts.join(": "), MESSAGE_MAX),
    })
}

impl MigrationTask {
    /// The ID of the source it migrates, as text.
    pub fn source_id(&self) -> Option<String> {
        self.source_server
            .as_ref()
            .and_then(|s| s.id.as_ref())
            .map(Scalar::to_string)
    }

    /// The state, upper-cased; empty when missing.
    pub fn state_word(&self) -> String {
        self.state
            .as_ref()
            .map(|s| s.to_string().to_ascii_uppercase())
            .unwrap_or_default()
    }

    /// The task failed or was aborted (MIGRATE_FAIL, SYNC_FAIL, ABORT).
    pub fn failed(&self) -> bool {
        matches!(
            self.state_word().as_str(),
            "MIGRATE_FAIL" | "SYNC_FAIL" | "ABORT"
        )
    }

    /// The task has not started (READY).
    pub fn not_started(&self) -> bool {
        self.state_word() == "READY"
    }

    /// SMS's reason, decoded from `error_json`.
    pub fn error(&self) -> Option<TaskError> {
        match self.error_json.as_ref()? {
            Scalar::Str(s) => decode_error_json(s),
            other => decode_error_json(&other.to_string()),
        }
    }

    /// The sub-task under way: started and not ended (the last such), else None.
    pub fn running_subtask(&self) -> Option<&SubTask> {
        self.sub_tasks
            .iter()
            .flatten()
            .flatten()
            .rfind(|s| s.start_date.is_some() && s.end_date.is_none())
    }

    /// SMS's speed in bytes per second, when it reports a positive one.
    pub fn speed_bytes(&self) -> Option<f64> {
        self.migrate_speed
            .as_ref()
            .and_then(Scalar::as_f64)
            .filter(|s| *s > 0.0 && s.is_finite())
            .map(|mbit| mbit * 1_000_000.0 / 8.0)
    }
}

/// Tasks by the source they migrate, for joining GET /v3/tasks to the source list.
pub struct TaskIndex<'a> {
    by_source: std::collections::HashMap<String, Vec<&'a MigrationTask>>,
}

impl<'a> TaskIndex<'a> {
    pub fn new(tasks: &'a [MigrationTask]) -> TaskIndex<'a> {
        let mut by_source: std::collections::HashMap<String, Vec<&'a MigrationTask>> =
            std::collections::HashMap::new();
        for t in tasks {
            if let Some(id) = t.source_id() {
                by_source.entry(id).or_default().push(t);
            }
        }
        TaskIndex { by_source }
    }

    /// The task of source `source_id`: the one named `current` (the listing's
    /// `current_task.id`) when it is there, else its newest by `create_date`.
    pub fn of(&self, source_id: &str, current: Option<&str>) -> Option<&'a MigrationTask> {
        let tasks = self.by_source.get(source_id)?;
        tasks
            .iter()
            .find(|t| {
                current.is_some() && t.id.as_ref().map(Scalar::to_string).as_deref() == current
            })
            .or_else(|| {
                tasks
                    .iter()
                    .max_by_key(|t| t.create_date.as_ref().and_then(Scalar::as_u64).unwrap_or(0))
            })
            .copied()
    }
}

/// Parses one task body (GET /v3/tasks/{id}); a body that is not an object is an error.
pub fn parse_task(body: &[u8]) -> Result<MigrationTask, String> {
    // serde would read an array positionally into the struct's fields.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err("it is not a JSON object".to_owned());
    }
    serde_json::from_slice(body).map_err(|e| sanitize_short(&e.to_string(), 200))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_json_holds_json_or_text() {
        let e =
            decode_error_json(r#"{"error_code":"SMS.6509","error_param":["DISK_IO","/dev/vdb"]}"#)
                .unwrap();
        assert_eq!(e.code.as_deref(), Some("SMS.6509"));
        assert_eq!(e.message, "DISK_IO, /dev/vdb");
        assert_eq!(e.to_string(), "SMS.6509 DISK_IO, /dev/vdb");
        let plain = decode_error_json("agent lost \u{1b}[31m").unwrap();
        assert_eq!(plain.code, None);
        assert!(!plain.message.contains('\u{1b}'), "{}", plain.message);
        assert_eq!(decode_error_json(" "), None);
        assert_eq!(decode_error_json("{}"), None);
        let only = decode_error_json(r#"{"error_code":"SMS.1"}"#).unwrap();
        assert_eq!(only.to_string(), "SMS.1");
    }

    #[test]
    fn tasks_parse_with_any_scalar_and_name_their_running_step() {
        let t = parse_task(
            br#"{"id":"t","state":"MIGRATE_FAIL","migrate_speed":"fast","source_server":{"id":7},
                "sub_tasks":[{"name":"CREATE_CLOUD_SERVER","start_date":1,"end_date":2},
                             {"name":"SYNC","progress":40,"start_date":3}],
                "error_json":"{\"error_code\":\"SMS.6509\",\"error_param\":[\"x\"]}"}"#,
        )
        .unwrap();
        assert!(t.failed());
        assert_eq!(t.source_id().as_deref(), Some("7"));
        assert_eq!(t.speed_bytes(), None);
        assert_eq!(
            t.running_subtask().and_then(|s| s.name.clone()),
            Some(Scalar::Str("SYNC".into()))
        );
        assert_eq!(t.error().unwrap().code.as_deref(), Some("SMS.6509"));
        assert!(parse_task(b"[1]").is_err());
        let older =
            parse_task(br#"{"id":"a","create_date":1,"source_server":{"id":"s"}}"#).unwrap();
        let newer =
            parse_task(br#"{"id":"b","create_date":2,"source_server":{"id":"s"}}"#).unwrap();
        let tasks = [older, newer];
        let index = TaskIndex::new(&tasks);
        assert_eq!(
            index.of("s", None).unwrap().id,
            Some(Scalar::Str("b".into()))
        );
        assert_eq!(
            index.of("s", Some("a")).unwrap().id,
            Some(Scalar::Str("a".into()))
        );
        assert!(index.of("t", None).is_none());
    }
}
