//! `diff OLD NEW`: what changed between two saved snapshots; exit 0 when nothing did, 1 when
//! something did, as diff(1).

use std::path::Path;

use crate::cli::DiffArgs;
use crate::diff::{self, Node, ParseError, Refusal, Snapshot};
use crate::error::{Error, Exit, Result};
use crate::render::{self, output};
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &DiffArgs) -> super::Result<Exit> {
    Ok(compare(settings, args)?)
}

fn compare(settings: &Settings, args: &DiffArgs) -> Result<Exit> {
    if args.old == Path::new("-") && args.new == Path::new("-") {
        return Err(Error::usage(
            "only one of OLD and NEW can be standard input (-)",
        ));
    }
    if same_stream(&args.old, &args.new) {
        return Err(Error::usage(format!(
            "OLD and NEW are one pipe or device ({}): it can be read only once; save each \
             snapshot to a file",
            super::source::describe_path(&args.old)
        )));
    }
    let (old_kind, old) = snapshot(&args.old)?;
    let (new_kind, new) = snapshot(&args.new)?;
    if !old_kind.comparable(new_kind) {
        return Err(Error::usage(format!(
            "{} holds {} and {} holds {}: only snapshots of one kind can be compared",
            super::source::describe_path(&args.old),
            old_kind.describe(),
            super::source::describe_path(&args.new),
            new_kind.describe()
        )));
    }
    let changes = diff::diff(&old, &new)
        .map_err(|_| Error::response("the two files are not snapshots to compare"))?;
    let json = if settings.output.writes_json() {
        render::diff::json(&changes)
    } else {
        Vec::new()
    };
    // With `--markdown -` the Markdown is the whole of stdout.
    if !args.markdown_only() {
        render::pager::emit(
            &settings.output,
            &settings.streams,
            settings.pager.as_deref(),
            &json,
            |out| render::diff::write(&changes, &settings.style, out),
        )?;
    }
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

/// Whether two paths name one thing that can be read only once (a FIFO, a pipe, a device):
/// reading it for OLD would leave nothing for NEW, or wait for ever. One regular file given
/// twice is fine (nothing changed).
fn same_stream(a: &Path, b: &Path) -> bool {
    let meta = |p: &Path| {
        if p == Path::new("-") {
            std::fs::metadata("/dev/stdin")
        } else {
            std::fs::metadata(p)
        }
    };
    match (meta(a), meta(b)) {
        (Ok(ma), Ok(mb)) => !ma.is_file() && same_file(&ma, &mb),
        _ => a == b && a != Path::new("-") && !a.is_file(),
    }
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// A snapshot: a `source --json` body, a `sources --json`/`check --file` array, or a
/// `check --json` report. Unreadable, one key twice in an object or one source twice is
/// exit 2; not JSON, or not a snapshot, exit 6.
fn snapshot(path: &Path) -> Result<(Snapshot, Node)> {
    let shown = super::source::describe_path(path);
    // At most `FILE_LIMIT` each (1,000,000 checks are about 40 MiB).
    let body = super::source::read_file(path)?;
    let value = diff::parse(&body).map_err(|e| match e {
        ParseError::NotJson(why) => Error::response(format!(
            "{shown} is not a snapshot: it is not valid JSON ({why})"
        )),
        ParseError::DuplicateKey { at, key } => Error::usage(format!(
            "{shown} holds the key \"{}\" twice in one object ({}): one of the two would go \
             uncompared",
            crate::sanitize::sanitize_short(&key, 100),
            if at.is_empty() {
                "at the top level".to_owned()
            } else {
                format!("at {}", crate::sanitize::sanitize_short(&at, 200))
            }
        )),
    })?;
    let kind = match diff::sources(&value) {
        Ok((kind, _)) => kind,
        Err(Refusal::NotASnapshot(why)) => {
            return Err(Error::response(format!("{shown} is not a snapshot: {why}")));
        }
        Err(Refusal::DuplicateId { id, first, second }) => {
            return Err(Error::usage(format!(
                "{shown} holds the source {} twice (items {first} and {second}): one of the \
                 two would go uncompared",
                crate::sanitize::sanitize_short(&id, 100)
            )));
        }
    };
    Ok((kind, value))
}
