//! `diff OLD NEW`: what changed between two saved snapshots; exit 0 when nothing did, 1 when
//! something did, as diff(1).

use serde_json::Value;

use crate::cli::DiffArgs;
use crate::diff;
use crate::error::{Error, Exit, Result};
use crate::render::{self, output};
use crate::sanitize::sanitize_short;
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &DiffArgs) -> super::Result<Exit> {
    if args.old == std::path::Path::new("-") && args.new == std::path::Path::new("-") {
        return Err(Error::usage("only one of OLD and NEW can be standard input (-)").into());
    }
    let old = snapshot(&args.old)?;
    let new = snapshot(&args.new)?;
    let changes = diff::diff(&old, &new).map_err(|e| {
        Error::response(format!(
            "the two files are not snapshots to compare: {}",
            e.0
        ))
    })?;
    let json = if settings.output.is_table() {
        Vec::new()
    } else {
        render::diff::json(&changes)
    };
    output::emit(&settings.output, &settings.streams, &json, |out| {
        render::diff::write(&changes, &settings.style, out)
    })?;
    if let Some(path) = &args.markdown {
        output::write_report(
            &settings.streams,
            "Markdown report",
            path,
            render::diff::markdown(&changes).as_bytes(),
        )?;
    }
    Ok(if changes.is_empty() {
        Exit::Ok
    } else {
        Exit::GateFailed
    })
}

/// A snapshot: a `source --json` body or a `sources --json`/`check --file` array.
/// Unreadable is exit 2; not JSON, or JSON no output could write exactly, exit 6.
fn snapshot(path: &std::path::Path) -> Result<Value> {
    let shown = super::source::describe_path(path);
    let body = super::source::read_file(path)?;
    let value: Value = serde_json::from_slice(&body).map_err(|e| {
        Error::response(format!(
            "{shown} is not a snapshot: it is not valid JSON ({})",
            sanitize_short(&e.to_string(), 200)
        ))
    })?;
    diff::sources(&value)
        .map_err(|e| Error::response(format!("{shown} is not a snapshot: {}", e.0)))?;
    Ok(value)
}
