//! Many sources at once: the `sources` list and the `check` fleet gate, as tables and JSON.

use std::io::{self, Write};

use owo_colors::AnsiColors;
use serde_json::{Map, Value, json};

use crate::gate::{self, Counts, Level, Outcome, Reason};
use crate::model::{Listed, Scalar, Source};
use crate::render::table::{self, Cell, Column, Row, agent_color, level_color, row, state_color};
use crate::render::{MISSING, Style, progress, text, units, verdict};
use crate::sanitize::sanitize_short;

row! {
    /// A source in the `sources` list; its ID goes first when every name is unique.
    struct SourceRow {
        name: Column::key("NAME"),
        id: Column::whole("ID", 0),
        state: Column::whole("STATE", 0),
        cycle: Column::whole("CYCLE", 5),
        progress: Column::number("PROGRESS", 4),
        counts: Column::whole("OK/WARN/ERR", 3),
        agent: Column::whole("AGENT", 6),
        ip: Column::whole("IP", 7),
        os: Column::whole("OS", 8),
    }
}

row! {
    /// A source in the `check` fleet table; its ID goes first when every name is unique.
    struct CheckedRow {
        name: Column::key("NAME"),
        id: Column::whole("ID", 0),
        state: Column::whole("STATE", 6),
        ok: Column::number("OK", 7),
        warn: Column::number("WARN", 4),
        error: Column::number("ERROR", 3),
        gate: Column::whole("GATE", 0),
        readiness: Column::whole("READINESS", 2),
        seen: Column::whole("AGENT SEEN", 8),
        hints: Column::whole("HINTS", 9),
        reason: Column::wrap("REASON"),
    }
}

/// `sources`: on a terminal one row per source and a count; piped, one tab-separated line
/// per source (ID, name, IP, OS, state, connected, migration cycle, progress, OK/WARN/ERROR),
/// as `gh` prints lists for scripts.
pub fn write_sources(listed: &[Listed], style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if style.tab_separated() {
        for l in listed {
            let s = &l.source;
            tsv(
                out,
                &[
                    text(&s.id),
                    text(&s.name),
                    text(&s.ip),
                    os(s),
                    text(&s.state),
                    text(&s.connected),
                    text(&s.migration_cycle),
                    progress(s),
                    counts(s),
                ],
            )?;
        }
        return Ok(());
    }
    if listed.is_empty() {
        return writeln!(out, "No source servers matched.");
    }
    let columns = table::ranked(
        SourceRow::COLUMNS,
        "ID",
        id_rank(listed.iter().map(|l| crate::render::value(&l.source.name))),
    );
    table::titled(
        out,
        &style.fitted(),
        false,
        "Source servers",
        &columns,
        &|emit| {
            for l in listed {
                let s = &l.source;
                let age = s
                    .last_visit_time
                    .as_ref()
                    .and_then(Scalar::as_u64)
                    .and_then(|seen| style.now_ms.checked_sub(seen));
                let connected = s.connected.as_ref().and_then(Scalar::as_bool);
                let agent = match connected {
                    Some(true) => Cell::colored("connected", agent_color(connected, age)),
                    Some(false) => Cell::colored("not connected", agent_color(connected, age)),
                    None => Cell::new(text(&s.connected)),
                };
                emit(SourceRow {
                    name: Cell::new(text(&s.name)),
                    id: Cell::new(text(&s.id)),
                    state: Cell::colored(text(&s.state), state_color(&s.state)),
                    cycle: Cell::new(text(&s.migration_cycle)),
                    progress: Cell::new(progress(s)),
                    counts: counts_cell(s),
                    agent,
                    ip: Cell::new(text(&s.ip)),
                    os: Cell::new(os(s)),
                });
            }
        },
    )?;
    writeln!(out, "{}", by_state(listed))
}

/// `28 sources: 14 waiting, 8 replicate, 3 finished`, the most common state first.
fn by_state(listed: &[Listed]) -> String {
    let mut states: Vec<(String, usize)> = Vec::new();
    for l in listed {
        let state = text(&l.source.state);
        match states.iter_mut().find(|(s, _)| *s == state) {
            Some((_, n)) => *n += 1,
            None => states.push((state, 1)),
        }
    }
    states.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let parts: Vec<String> = states.iter().map(|(s, n)| format!("{n} {s}")).collect();
    format!(
        "{} {}: {}",
        listed.len(),
        if listed.len() == 1 {
            "source"
        } else {
            "sources"
        },
        parts.join(", ")
    )
}

/// The drop rank of a fleet table's ID column: when every name is there and unique the ID is
/// the first column to go (as `kubectl get` shows names); otherwise it is what tells two rows
/// apart and never goes.
fn id_rank(names: impl Iterator<Item = String>) -> u8 {
    let mut seen = std::collections::HashSet::new();
    for name in names {
        if name.is_empty() || !seen.insert(name) {
            return 0;
        }
    }
    table::FIRST
}

fn tsv(out: &mut dyn Write, fields: &[String]) -> io::Result<()> {
    writeln!(out, "{}", fields.join("\t"))
}

fn os(s: &Source) -> String {
    match (&s.os_type, &s.os_version) {
        (_, Some(v)) => text(&Some(v.clone())),
        (t, None) => text(t),
    }
}

fn progress(s: &Source) -> String {
    match (
        s.replicatesize.as_ref().and_then(Scalar::as_u64),
        s.totalsize.as_ref().and_then(Scalar::as_u64),
    ) {
        (Some(r), Some(t)) if t > 0 => format!("{:.1}%", units::percent(r, t)),
        _ => MISSING.to_owned(),
    }
}

fn counts(s: &Source) -> String {
    if s.checks.is_none() {
        return MISSING.to_owned();
    }
    let c = Counts::of(gate::checks(s));
    format!("{}/{}/{}", c.ok, c.warn, c.error)
}

fn counts_cell(s: &Source) -> Cell {
    if s.checks.is_none() {
        return Cell::new(MISSING);
    }
    let c = Counts::of(gate::checks(s));
    // Nothing checked (0/0/0) is never green.
    let color = if c.error > 0 {
        level_color(Level::Error)
    } else if c.warn > 0 {
        level_color(Level::Warn)
    } else if c.ok > 0 {
        level_color(Level::Ok)
    } else {
        None
    };
    Cell::colored(counts(s), color)
}

/// `1 error, 2 warn`, `none`, or empty when hints were not computed.
fn hints_cell(o: &Outcome) -> Cell {
    let Some(hints) = &o.hints else {
        return Cell::default();
    };
    let (errors, warns) = crate::hints::counts(hints);
    let text = match (errors, warns) {
        (0, 0) => "none".to_owned(),
        (e, 0) => format!("{e} error"),
        (0, w) => format!("{w} warn"),
        (e, w) => format!("{e} error, {w} warn"),
    };
    let level = if errors > 0 {
        Level::Error
    } else if warns > 0 {
        Level::Warn
    } else {
        Level::Ok
    };
    Cell::colored(text, level_color(level))
}

/// How long ago the agent was last seen: `3 d ago`, or empty when unknown.
fn seen(o: &Outcome, now_ms: u64) -> String {
    o.source
        .as_ref()
        .and_then(|s| s.last_visit_time.as_ref())
        .and_then(Scalar::as_u64)
        .map(|seen| progress::age(now_ms, seen))
        .unwrap_or_default()
}

/// What `check` says of one source: its verdict word and colour, and the first reason.
fn gate_of(o: &Outcome) -> (&'static str, Option<AnsiColors>, String) {
    match (o.error(), o.passed()) {
        (Some(e), _) => (
            "NOT CHECKED",
            Some(AnsiColors::Magenta),
            sanitize_short(&e.to_string(), 200),
        ),
        (None, true) => ("PASS", Some(AnsiColors::Green), task_reason(o)),
        (None, false) => match first_reason(o) {
            r if r.is_empty() => ("FAIL", Some(AnsiColors::Red), task_reason(o)),
            r => ("FAIL", Some(AnsiColors::Red), r),
        },
    }
}

/// The last task failure, for a source with no other reason (it informs, never fails).
fn task_reason(o: &Outcome) -> String {
    o.task_error
        .as_ref()
        .map(crate::render::errors::task_reason)
        .unwrap_or_default()
}

/// The first reason a source fails, as words. The one place the fleet tables read the gate's
/// reasons.
fn first_reason(o: &Outcome) -> String {
    o.verdict
        .reasons
        .first()
        .map(verdict::reason)
        .unwrap_or_default()
}

/// `check`: failing sources first (could not be checked, then failed, then passed), one row
/// each, then the totals; piped, one tab-separated line per source (ID, name, state, OK,
/// WARN, ERROR, verdict, first failing check, readiness).
pub fn write_check(outcomes: &[Outcome], style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let mut order: Vec<&Outcome> = outcomes.iter().collect();
    order.sort_by_key(|o| match (o.error(), o.passed()) {
        (Some(_), _) => 0,
        (None, false) => 1,
        (None, true) => 2,
    });
    let identity = |o: &Outcome| match &o.source {
        Some(s) => (text(&s.id), text(&s.name), s.state.clone()),
        None => (sanitize_short(&o.label, 100), MISSING.to_owned(), None),
    };
    if style.tab_separated() {
        for o in order {
            let (id, name, state) = identity(o);
            let (word, _, first) = gate_of(o);
            tsv(
                out,
                &[
                    id,
                    name,
                    text(&state),
                    o.counts.ok.to_string(),
                    o.counts.warn.to_string(),
                    o.counts.error.to_string(),
                    word.to_owned(),
                    if first.is_empty() {
                        MISSING.to_owned()
                    } else {
                        first
                    },
                    o.readiness.name().to_owned(),
                ],
            )?;
        }
        return Ok(());
    }
    if outcomes.is_empty() {
        return writeln!(out, "No source servers matched; nothing was checked.");
    }
    let columns = table::ranked(
        CheckedRow::COLUMNS,
        "ID",
        id_rank(order.iter().map(|o| {
            o.source
                .as_ref()
                .map(|s| crate::render::value(&s.name))
                .unwrap_or_default()
        })),
    );
    let (mut passed, mut failed, mut unchecked) = (0, 0, 0);
    for o in outcomes {
        match (o.error(), o.passed()) {
            (Some(_), _) => unchecked += 1,
            (None, true) => passed += 1,
            (None, false) => failed += 1,
        }
    }
    table::titled(out, &style.fitted(), false, "Checks", &columns, &|emit| {
        for o in &order {
            let (id, name, state) = identity(o);
            let (word, color, first) = gate_of(o);
            let count = |n: usize, level: Level| {
                Cell::colored(n.to_string(), if n > 0 { level_color(level) } else { None })
            };
            emit(CheckedRow {
                name: Cell::new(name),
                id: Cell::new(id),
                state: Cell::colored(text(&state), state_color(&state)),
                ok: count(o.counts.ok, Level::Ok),
                warn: count(o.counts.warn, Level::Warn),
                error: count(o.counts.error, Level::Error),
                gate: Cell::colored(word, color),
                readiness: Cell::colored(
                    o.readiness.name(),
                    crate::render::readiness_color(o.readiness),
                ),
                seen: Cell::new(seen(o, style.now_ms)),
                hints: hints_cell(o),
                reason: Cell::new(first),
            });
        }
    })?;
    writeln!(
        out,
        "{} sources: {passed} passed, {failed} failed, {unchecked} could not be checked",
        outcomes.len()
    )
}

/// `check --json`: one object per source, as a JSON array (bytes for the safe JSON writer).
pub fn check_json(outcomes: &[Outcome], now_ms: u64) -> Vec<u8> {
    let items: Vec<Value> = outcomes.iter().map(|o| outcome_json(o, now_ms)).collect();
    serde_json::to_vec(&items).expect("a Value always serialises")
}

fn outcome_json(o: &Outcome, now_ms: u64) -> Value {
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
    let seen = s
        .and_then(|s| s.last_visit_time.as_ref())
        .and_then(Scalar::as_u64);
    m.insert(
        "agent_last_seen".into(),
        seen.map_or(Value::Null, |v| json!(v)),
    );
    m.insert(
        "agent_seen_seconds_ago".into(),
        seen.and_then(|v| now_ms.checked_sub(v))
            .map_or(Value::Null, |ms| json!(ms / 1000)),
    );
    m.insert("passed".into(), Value::Bool(o.passed()));
    m.insert("readiness".into(), json!(o.readiness.name()));
    m.insert(
        "checks".into(),
        json!({"ok": o.counts.ok, "warn": o.counts.warn, "error": o.counts.error, "other": o.counts.other, "total": o.counts.total()}),
    );
    let failures: Vec<Value> = match s {
        Some(source) => gate::checks(source)
            .enumerate()
            .filter(|(i, _)| o.verdict.fails_check(*i))
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
        Value::Bool(o.verdict.missing_checks()),
    );
    m.insert("stale".into(), Value::Bool(o.verdict.stale().is_some()));
    m.insert(
        "reasons".into(),
        o.verdict
            .reasons
            .iter()
            .map(|r| {
                let kind = match r {
                    Reason::Check { .. } => "check",
                    Reason::NoChecks => "no_checks",
                    Reason::Stale { .. } => "stale",
                    Reason::Hint(_) => "hint",
                    Reason::Unfetched(_) => "unfetched",
                };
                json!({"kind": kind, "message": verdict::reason(r)})
            })
            .collect(),
    );
    m.insert(
        "hints".into(),
        match &o.hints {
            None => Value::Null,
            Some(hints) => Value::Array(
                hints
                    .iter()
                    .map(|h| {
                        json!({
                            "rule": h.rule,
                            "level": h.level.name(),
                            "subject": h.subject,
                            "message": h.message,
                            "doc": h.doc(),
                            "remedy": h.remedy(),
                        })
                    })
                    .collect(),
            ),
        },
    );
    m.insert(
        "task_error".into(),
        match &o.task_error {
            Some(e) => json!({"code": e.code, "message": e.message}),
            None => Value::Null,
        },
    );
    m.insert(
        "error".into(),
        match o.error() {
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
