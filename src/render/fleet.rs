//! Many sources at once: the `sources` list and the `check` fleet gate, as tables and JSON.

use std::io::{self, Write};

use comfy_table::{Cell, CellAlignment, Color};
use serde_json::{Map, Value, json};

use crate::gate::{self, Counts, Level, Outcome};
use crate::model::{Listed, Scalar, Source};
use crate::render::table::{colored, level_color, new_table, state_color};
use crate::render::{MISSING, Style, text, units};
use crate::sanitize::sanitize_short;

/// `sources` as a table: one row per source, then a count.
pub fn write_sources(listed: &[Listed], style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if listed.is_empty() {
        return writeln!(out, "No source servers matched.");
    }
    let mut table = new_table(
        style,
        &[
            "ID",
            "Name",
            "IP",
            "OS",
            "State",
            "Connected",
            "Cycle",
            "Progress",
            "Checks OK/WARN/ERROR",
        ],
    );
    for l in listed {
        let s = &l.source;
        let progress = match (
            s.replicatesize.as_ref().and_then(Scalar::as_u64),
            s.totalsize.as_ref().and_then(Scalar::as_u64),
        ) {
            (Some(r), Some(t)) if t > 0 => format!("{:.1}%", units::percent(r, t)),
            _ => MISSING.to_owned(),
        };
        let os = match (&s.os_type, &s.os_version) {
            (_, Some(v)) => text(&Some(v.clone())),
            (t, None) => text(t),
        };
        let connected = match s.connected.as_ref().and_then(Scalar::as_bool) {
            Some(true) => Some(Color::Green),
            Some(false) => Some(Color::Red),
            None => None,
        };
        table.add_row(vec![
            Cell::new_owned(text(&s.id)),
            Cell::new_owned(text(&s.name)),
            Cell::new_owned(text(&s.ip)),
            Cell::new_owned(os),
            colored(style, text(&s.state), state_color(&s.state)),
            colored(style, text(&s.connected), connected),
            Cell::new_owned(text(&s.migration_cycle)),
            Cell::new_owned(progress),
            counts_cell(style, s),
        ]);
    }
    if let Some(c) = table.column_mut(7) {
        c.set_cell_alignment(CellAlignment::Right);
    }
    writeln!(out, "{table}")?;
    writeln!(out, "{} source servers", listed.len())
}

fn counts_cell(style: &Style, s: &Source) -> Cell {
    if s.checks.is_none() {
        return Cell::new(MISSING);
    }
    let c = Counts::of(gate::checks(s));
    let color = if c.error > 0 {
        level_color(Level::Error)
    } else if c.warn > 0 {
        level_color(Level::Warn)
    } else {
        level_color(Level::Ok)
    };
    colored(style, format!("{}/{}/{}", c.ok, c.warn, c.error), color)
}

/// `check` as a table: one row per source, then the totals.
pub fn write_check(outcomes: &[Outcome], style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if outcomes.is_empty() {
        return writeln!(out, "No source servers matched; nothing was checked.");
    }
    let mut table = new_table(
        style,
        &[
            "ID",
            "Name",
            "State",
            "OK",
            "WARN",
            "ERROR",
            "Gate",
            "First failing check",
        ],
    );
    let (mut passed, mut failed, mut unchecked) = (0, 0, 0);
    for o in outcomes {
        let (gate_text, gate_color) = match (&o.error, o.passed()) {
            (Some(_), _) => {
                unchecked += 1;
                ("NOT CHECKED", Some(Color::Magenta))
            }
            (None, true) => {
                passed += 1;
                ("PASS", Some(Color::Green))
            }
            (None, false) => {
                failed += 1;
                ("FAIL", Some(Color::Red))
            }
        };
        let first = match &o.error {
            Some(e) => sanitize_short(&e.to_string(), 200),
            None => o
                .verdict
                .failures
                .first()
                .cloned()
                .unwrap_or_else(|| MISSING.to_owned()),
        };
        let (id, name, state) = match &o.source {
            Some(s) => (text(&s.id), text(&s.name), s.state.clone()),
            None => (sanitize_short(&o.label, 100), MISSING.to_owned(), None),
        };
        let count = |n: usize, level: Level| {
            let color = if n > 0 { level_color(level) } else { None };
            colored(style, n.to_string(), color)
        };
        table.add_row(vec![
            Cell::new_owned(id),
            Cell::new_owned(name),
            colored(style, text(&state), state_color(&state)),
            count(o.counts.ok, Level::Ok),
            count(o.counts.warn, Level::Warn),
            count(o.counts.error, Level::Error),
            colored(style, gate_text.to_owned(), gate_color),
            Cell::new_owned(first),
        ]);
    }
    for i in 3..6 {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}")?;
    writeln!(
        out,
        "{} sources: {passed} passed, {failed} failed, {unchecked} could not be checked",
        outcomes.len()
    )
}

/// `check --json`: one object per source, as a JSON array (bytes for the safe JSON writer).
pub fn check_json(outcomes: &[Outcome]) -> Vec<u8> {
    let items: Vec<Value> = outcomes.iter().map(outcome_json).collect();
    serde_json::to_vec(&items).expect("a Value always serialises")
}

fn outcome_json(o: &Outcome) -> Value {
    let mut m = Map::new();
    let s = o.source.as_ref();
    m.insert(
        "id".into(),
        field(s.and_then(|s| s.id.as_ref()), Some(&o.label)),
    );
    m.insert("name".into(), field(s.and_then(|s| s.name.as_ref()), None));
    m.insert("ip".into(), field(s.and_then(|s| s.ip.as_ref()), None));
    m.insert(
        "state".into(),
        field(s.and_then(|s| s.state.as_ref()), None),
    );
    m.insert("passed".into(), Value::Bool(o.passed()));
    m.insert(
        "checks".into(),
        json!({"ok": o.counts.ok, "warn": o.counts.warn, "error": o.counts.error, "other": o.counts.other, "total": o.counts.total()}),
    );
    let failures: Vec<Value> = match s {
        Some(source) => gate::checks(source)
            .enumerate()
            .filter(|(i, _)| o.verdict.failing.contains(i))
            .map(|(_, c)| {
                json!({
                    "name": field(c.name.as_ref(), None),
                    "result": field(c.result.as_ref(), None),
                    "error_code": field(c.error_code.as_ref(), None),
                    "error_or_warn": field(c.error_or_warn.as_ref(), None),
                    "error_params": field(c.error_params.as_ref(), None),
                })
            })
            .collect(),
        None => Vec::new(),
    };
    m.insert("failures".into(), Value::Array(failures));
    m.insert(
        "missing_checks".into(),
        Value::Bool(o.verdict.missing_checks),
    );
    m.insert(
        "error".into(),
        match &o.error {
            Some(e) => json!({"exit_code": e.exit_code(), "message": e.to_string()}),
            None => Value::Null,
        },
    );
    Value::Object(m)
}

/// A scalar as JSON, as it came (the safe writer escapes it on output).
fn field(f: Option<&Scalar>, fallback: Option<&str>) -> Value {
    match f {
        Some(Scalar::Str(s)) => Value::String(s.to_string()),
        Some(Scalar::UInt(n)) => json!(n),
        Some(Scalar::Int(n)) => json!(n),
        Some(Scalar::Float(n)) => json!(n),
        Some(Scalar::Bool(b)) => json!(b),
        None => fallback.map_or(Value::Null, |s| Value::String(s.to_owned())),
    }
}
