//! The migration-task endpoints: GET /v3/tasks (every page, 200 at a time) and
//! GET /v3/tasks/{id}. The listing keeps the source list's bounds (`sources::list`): one that
//! ends short of its `count`, holds more tasks than it, repeats a page or would never end is a
//! bad response (exit 6), never a pass over what arrived.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::Client;
use crate::api::paging::{self, Refusals, every_page};
use crate::api::sources::{MAX_PAGES, PAGE_MAX};
use crate::error::{Error, Kind, Result};
use crate::model::task::{MigrationTask, parse_task};
use crate::model::{Field, Scalar};
use crate::sanitize::sanitize_short;

#[derive(Deserialize)]
struct Page {
    count: Field,
    tasks: Option<Vec<Box<RawValue>>>,
}

impl paging::Body for Page {
    const KEY: &'static str = "tasks";
    const NOUN: &'static str = "tasks";
    const LIST_OF: &'static str = "a list of tasks";
    fn parts(self) -> (Field, Option<Vec<Box<RawValue>>>) {
        (self.count, self.tasks)
    }
}

type PageItems = paging::Page<MigrationTask>;

/// GET /v3/tasks, every page (the first alone, then the rest `jobs` at a time). `Ok(None)`
/// when the server has no tasks endpoint (HTTP 404), so a caller can fall back to what the
/// source list says; every other failure is an error.
pub fn list(client: &Client, jobs: usize) -> Result<Option<Vec<MigrationTask>>> {
    let first = match page(client, 0, PAGE_MAX) {
        Err(e) if is_not_found(&e) => return Ok(None),
        other => other?,
    };
    let refuse = Refusals { short, endless };
    let (pages, promised) = every_page(
        first,
        jobs,
        |offset, limit| page(client, offset, limit),
        &refuse,
    )?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut tasks = Vec::new();
    let mut offset = 0u64;
    for p in pages {
        let size = p.items.len() as u64;
        for task in p.items {
            // A repeated page is a task listed twice: refused, never deduplicated away.
            if let Some(id) = task.id.as_ref().map(Scalar::to_string)
                && !seen.insert(id.clone())
            {
                return Err(Error::response(format!(
                    "the task list holds task '{}' twice (again at offset {offset}), so it \
                     cannot be trusted",
                    sanitize_short(&id, 80)
                )));
            }
            tasks.push(task);
        }
        offset += size;
    }
    if let Some(count) = promised {
        let arrived = tasks.len() as u64;
        if arrived < count {
            return Err(short(arrived, count));
        }
        if arrived > count {
            return Err(Error::response(format!(
                "the task list sent {arrived} tasks where its count promises {count}, so it \
                 cannot be trusted"
            )));
        }
    }
    Ok(Some(tasks))
}

/// GET /v3/tasks/{id}. The ID is one path segment of letters, digits, `-` and `_`; a body
/// whose own `id` is another task's is a bad response (exit 6).
pub fn get(client: &Client, id: &str) -> Result<MigrationTask> {
    get_raw(client, id).map(|(_, task)| task)
}

/// [`get`], with the body as the API sent it (for `source --with-task`).
pub fn get_raw(client: &Client, id: &str) -> Result<(Vec<u8>, MigrationTask)> {
    let valid = !id.is_empty()
        && id.len() <= 255
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(Error::response(format!(
            "'{}' is not an SMS task ID (letters, digits, '-', '_'); it is not fetched",
            sanitize_short(id, 100)
        )));
    }
    let body = client.get(&format!("/v3/tasks/{id}"), &[], &format!("task '{id}'"))?;
    let task = parse_task(&body).map_err(|e| {
        Error::response(format!(
            "the body for task '{id}' is not a migration task: {e}"
        ))
    })?;
    match task.id.as_ref().map(Scalar::to_string) {
        Some(other) if other != id => Err(Error::response(format!(
            "the API answered task '{id}' with the body of task '{}'",
            sanitize_short(&other, 80)
        ))),
        _ => Ok((body, task)),
    }
}

/// The API answered 404: the endpoint (or the task) is not there.
pub fn is_not_found(e: &Error) -> bool {
    // The status is only in the message that api::failure writes ("... with HTTP 404 ...").
    e.kind == Kind::Api && e.to_string().contains(" with HTTP 404")
}

fn page(client: &Client, offset: u64, limit: u64) -> Result<PageItems> {
    let (count, raw, what) = paging::raw_page::<Page>(
        client,
        "/v3/tasks",
        "the task list",
        &[],
        (offset, limit, limit),
    )?;
    let items = raw
        .iter()
        .map(|r| {
            parse_task(r.get().as_bytes()).map_err(|e| {
                Error::response(format!("an item of {what} is not a migration task: {e}"))
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PageItems { count, items })
}

fn short(arrived: u64, count: u64) -> Error {
    Error::response(format!(
        "the task list ended short: {arrived} of the {count} tasks its count promises arrived"
    ))
}

fn endless(count: u64, step: u64) -> Error {
    Error::response(format!(
        "the task list would take more than {MAX_PAGES} pages (count {count}, {step} per page); \
         sms-inspect stops rather than page without end"
    ))
}
