//! `diff` for people (a table), programs (`--json`, a documented change list) and CI
//! (`--markdown`).

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diff::{Change, Group, Node, layout_changed};
use crate::gate::Level;
use crate::model::Scalar;
use crate::render::table::{self, Cell, Column, FIRST, Row, level_color, row};
use crate::render::{Style, units};
use crate::sanitize::sanitize;

/// Fields whose numbers are byte counts, shown in IEC units.
const SIZES: &[&str] = &[
    "size",
    "used_size",
    "free_size",
    "totalsize",
    "replicatesize",
    "g_vol_used_size",
];

/// A value as a person reads it: strings as they are, sizes in IEC units, the rest as JSON
/// (numbers exactly as the snapshot wrote them).
pub fn shown(path: &str, v: Option<&Node>, raw: bool) -> String {
    let field = path.rsplit('.').next().unwrap_or(path);
    let text = match v {
        None => return String::new(),
        Some(Node::String(s)) => s.clone(),
        Some(n @ Node::Number(text)) if SIZES.contains(&field) && !raw => match n.as_u64() {
            Some(b) => units::size(&Some(Scalar::UInt(b)), false),
            None => text.to_string(),
        },
        // An item added or removed: what names it and its size, not all of it.
        Some(object @ Node::Object(_)) => {
            let name = ["name", "subvol_name", "uuid", "id"]
                .iter()
                .find_map(|k| object.get(k).and_then(Node::as_str));
            match (name, object.get("size").and_then(Node::as_u64)) {
                (Some(name), Some(size)) if !raw => {
                    format!("{name}, {}", units::size(&Some(Scalar::UInt(size)), false))
                }
                (Some(name), Some(size)) => format!("{name}, {size}"),
                (Some(name), None) => name.to_owned(),
                (None, _) => object.to_json(),
            }
        }
        Some(other) => other.to_json(),
    };
    sanitize(&text).into_owned()
}

fn who(c: &Change) -> String {
    let name = if c.source_name.is_empty() {
        &c.source_id
    } else {
        &c.source_name
    };
    sanitize(name).into_owned()
}

row! {
    /// A change. OLD and NEW are what a diff is for: never left out for width, only when no
    /// change has one.
    struct ChangeRow {
        source: Column::key("SOURCE"),
        group: Column::whole("GROUP", 2),
        change: Column::whole("CHANGE", 1),
        what: Column::text("WHAT", 0),
        old: Column::text("OLD", 0),
        new: Column::text("NEW", 0),
    }
}

/// The table: a count, a warning per source whose disk layout changed, one row per change.
pub fn write(changes: &[Change], style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if changes.is_empty() {
        return writeln!(out, "No changes.");
    }
    let mut sources: Vec<&str> = changes.iter().map(|c| c.source_id.as_str()).collect();
    sources.sort_unstable();
    sources.dedup();
    writeln!(
        out,
        "{} {} in {} {}",
        changes.len(),
        if changes.len() == 1 {
            "change"
        } else {
            "changes"
        },
        sources.len(),
        if sources.len() == 1 {
            "source"
        } else {
            "sources"
        }
    )?;
    for id in layout_changed(changes) {
        let name = changes
            .iter()
            .find(|c| c.source_id == id)
            .map(who)
            .unwrap_or_default();
        let line = format!(
            "! the disk layout of {name} changed since the first snapshot: a migration on the old layout fails with \"source disk information changed\"; check it again"
        );
        // Never cut: wrapped at spaces, under the `!`.
        for part in wrap(&line, style.width.map_or(usize::MAX, usize::from)) {
            writeln!(out, "{part}")?;
        }
    }
    // OLD and NEW are what a diff is for: never left out. The path gives way first (it is
    // the widest), then GROUP and CHANGE go.
    // (A fleet diff of only added and removed sources has neither, and shows neither.)
    let olds = changes.iter().any(|c| c.old.is_some());
    let news = changes.iter().any(|c| c.new.is_some());
    let rank = |any: bool| if any { 0 } else { FIRST };
    let columns = table::ranked(ChangeRow::COLUMNS, "OLD", rank(olds));
    let columns = table::ranked(columns, "NEW", rank(news));
    let raw = style.raw_bytes;
    table::section(out, style, "Changes", &columns, &|emit| {
        for c in changes {
            let color = match c.group {
                Group::CheckWorse | Group::ReadinessWorse => level_color(Level::Error),
                Group::Layout => level_color(Level::Warn),
                _ => None,
            };
            emit(ChangeRow {
                source: Cell::new(who(c)),
                group: Cell::colored(c.group.name(), color),
                change: Cell::new(c.kind.name()),
                what: Cell::new(sanitize(&c.path).into_owned()),
                old: Cell::new(if olds {
                    shown(&c.path, c.old.as_ref(), raw)
                } else {
                    String::new()
                }),
                new: Cell::new(if news {
                    shown(&c.path, c.new.as_ref(), raw)
                } else {
                    String::new()
                }),
            });
        }
    })
}

/// Word-wraps a line to `width` columns, continuation lines indented by two spaces; a word
/// wider than the line stays whole.
fn wrap(line: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthStr;
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in line.split(' ') {
        let candidate = if current.is_empty() {
            word.to_owned()
        } else {
            format!("{current} {word}")
        };
        if candidate.width() > width && !current.trim().is_empty() {
            lines.push(std::mem::replace(&mut current, format!("  {word}")));
        } else {
            current = candidate;
        }
    }
    lines.push(current);
    lines
}

/// `--json`: `{changed, layout_changed, changes: [{source_id, source_name, group, change,
/// path, old, new, worse_by}]}`, values as the snapshots had them.
pub fn json(changes: &[Change]) -> Vec<u8> {
    let items: Vec<Value> = changes
        .iter()
        .map(|c| {
            json!({
                "source_id": c.source_id,
                "source_name": c.source_name,
                "group": c.group.name(),
                "change": c.kind.name(),
                "path": c.path,
                "old": c.old,
                "new": c.new,
                "worse_by": c.worse_by,
            })
        })
        .collect();
    serde_json::to_vec(&json!({
        "changed": !changes.is_empty(),
        "layout_changed": layout_changed(changes),
        "changes": items,
    }))
    .expect("a Value always serialises")
}

/// `--markdown`: the count, the layout warnings, a table of the changes.
pub fn markdown(changes: &[Change]) -> String {
    let mut md = String::from("## sms-inspect diff\n\n");
    if changes.is_empty() {
        md.push_str("**No changes.**\n");
        return md;
    }
    md.push_str(&format!("**{} changes.**\n\n", changes.len()));
    for id in layout_changed(changes) {
        md.push_str(&format!(
            "- **The disk layout of {} changed**: a migration on the old layout fails with \"source disk information changed\".\n",
            super::ci::cell(id)
        ));
    }
    md.push_str("\n| Source | Group | Change | What | Old | New |\n|---|---|---|---|---|---|\n");
    for c in changes {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            super::ci::cell(&who(c)),
            c.group.name(),
            c.kind.name(),
            super::ci::cell(&c.path),
            super::ci::cell(&shown(&c.path, c.old.as_ref(), false)),
            super::ci::cell(&shown(&c.path, c.new.as_ref(), false)),
        ));
    }
    md
}
