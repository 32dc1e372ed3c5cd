//! GET /v3/tasks/{id}/consistency-result: SMS's check that the data arrived.

use crate::api::Client;
use crate::api::tasks::is_not_found;
use crate::error::{Error, Result};
use crate::model::consistency::{Consistency, parse_consistency};
use crate::sanitize::sanitize_short;

/// A task ID is one path segment of letters, digits, `-` and `_`.
pub fn is_task_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 255
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The result of task `id`; `Ok(None)` when there is none yet (HTTP 404). A body for another
/// task, or one that is not a consistency result, is a bad response (exit 6); so is an ID
/// that is not one (the caller refuses a user's before asking).
pub fn get(client: &Client, id: &str) -> Result<Option<Consistency>> {
    if !is_task_id(id) {
        return Err(Error::response(format!(
            "the task ID '{}' is not an SMS task ID (letters, digits, '-', '_'); it is not fetched",
            sanitize_short(id, 100)
        )));
    }
    let what = format!("the consistency result of task '{id}'");
    let body = match client.get(&format!("/v3/tasks/{id}/consistency-result"), &[], &what) {
        Err(e) if is_not_found(&e) => return Ok(None),
        other => other?,
    };
    let result = parse_consistency(&body)
        .map_err(|e| Error::response(format!("{what} is not a consistency result: {e}")))?;
    if let Some(other) = &result.task_id
        && !other.is_empty()
        && other != id
    {
        return Err(Error::response(format!(
            "the API answered {what} with the result of task '{}'",
            sanitize_short(other, 80)
        )));
    }
    Ok(Some(result))
}
