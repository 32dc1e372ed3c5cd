//! A typed view of GET /v3/errors: one failed migration per source (the SDK's
//! `MigrationErrors`), its `error_json` decoded as a task's is.

use serde::Deserialize;
use serde_json::value::RawValue;

use super::Field;
use super::task::{TaskError, decode_error_json};

/// One item of `migration_errors`. Field names are the SDK's.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct MigrationError {
    pub source_id: Field,
    pub name: Field,
    pub host_name: Field,
    pub source_ip: Field,
    pub target_ip: Field,
    /// A string that may hold JSON or plain text, as a task's.
    pub error_json: Field,
}

impl MigrationError {
    /// SMS's reason, decoded from `error_json`.
    pub fn error(&self) -> Option<TaskError> {
        decode_error_json(&self.error_json.as_ref()?.to_string())
    }
}

/// One listed item, kept as the API sent it (for `--json`), with its typed view.
pub struct ListedError {
    pub raw: Box<RawValue>,
    pub item: MigrationError,
}

/// One item of the list; anything but an object is an error.
pub fn parse_error_item(body: &[u8]) -> Result<MigrationError, String> {
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err("it is not a JSON object".to_owned());
    }
    serde_json::from_slice(body).map_err(|e| crate::sanitize::sanitize_short(&e.to_string(), 200))
}
