//! The migration task behind a source (GET /v3/tasks/{id}), in the report's "Migration
//! task" section: SMS's reason for a failure (with the pointer to `explain`), its speed and
//! estimate, the source's load during the migration, and the sub-tasks.

use std::io::{self, Write};

use crate::model::Field;
use crate::model::task::MigrationTask;
use crate::render::table::{self, Cell, Column, Row, row};
use crate::render::{MISSING, Style, errors, progress, text, units};

/// Adds the fetched task's lines to the section's `Key: value` lines: its state and speed
/// replace the source body's (they are newer), the rest follow the state.
pub fn add_pairs(pairs: &mut Vec<(&'static str, Cell)>, t: &MigrationTask) {
    let mut replace = |key: &str, value: String| {
        if !value.is_empty()
            && let Some((_, cell)) = pairs.iter_mut().find(|(k, _)| *k == key)
        {
            *cell = Cell::new(value);
        }
    };
    replace("State", crate::render::value(&t.state));
    replace("Speed", unit(&t.migrate_speed, " Mbit/s"));
    let error = t.error().map(|e| match errors::pointer(&e) {
        Some(see) => format!("{e} ({see})"),
        None => e.to_string(),
    });
    let remain = t
        .remain_seconds
        .as_ref()
        .map(|s| match s.as_u64() {
            Some(secs) => format!("{} to go", progress::duration(secs)),
            None => text(&t.remain_seconds),
        })
        .unwrap_or_default();
    let done_at = match t.estimate_complete_time {
        Some(_) => format!("done at {}", units::time(&t.estimate_complete_time)),
        None => String::new(),
    };
    let estimate = [remain, done_at]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let after = |pairs: &Vec<(&'static str, Cell)>, key: &str| {
        pairs
            .iter()
            .position(|(k, _)| *k == key)
            .map_or(pairs.len(), |i| i + 1)
    };
    let at = after(pairs, "State");
    pairs.insert(at, ("Error", Cell::new(error.unwrap_or_default())));
    let at = after(pairs, "Speed limit");
    let added = [
        ("SMS estimate", Cell::new(estimate)),
        ("Source CPU", Cell::new(unit(&t.total_cpu_usage, "%"))),
        ("Source memory", Cell::new(unit(&t.total_mem_usage, " MB"))),
        (
            "Source disk I/O",
            Cell::new(unit(&t.total_disk_io, " Mbit/s")),
        ),
    ];
    for (n, pair) in added.into_iter().enumerate() {
        pairs.insert(at + n, pair);
    }
}

row! {
    /// A sub-task.
    struct SubtaskRow {
        name: Column::key("SUB-TASK"),
        progress: Column::number("PROGRESS", 0),
        started: Column::whole("STARTED", 1),
        ended: Column::whole("ENDED", 2),
    }
}

/// The sub-tasks: each one's progress, start and end.
pub fn write_subtasks(out: &mut dyn Write, style: &Style, t: &MigrationTask) -> io::Result<()> {
    let subtasks: Vec<_> = t.sub_tasks.iter().flatten().flatten().collect();
    let time = |f: &Field| match f {
        Some(_) => units::time(f),
        None => MISSING.to_owned(),
    };
    let fitted = style.fitted();
    table::titled(
        out,
        &fitted,
        true,
        "Sub-tasks",
        &SubtaskRow::COLUMNS,
        &|emit| {
            for s in &subtasks {
                emit(SubtaskRow {
                    name: Cell::new(text(&s.name)),
                    progress: Cell::new(match unit(&s.progress, "%") {
                        p if p.is_empty() => MISSING.to_owned(),
                        p => p,
                    }),
                    started: Cell::new(time(&s.start_date)),
                    ended: Cell::new(time(&s.end_date)),
                });
            }
        },
    )?;
    Ok(())
}

/// `41.5%`, `2048 MB`: a number and its unit (`unit` starts with its space, if any); the
/// value as it came when it is not a number; empty when missing.
fn unit(f: &Field, unit: &str) -> String {
    match f {
        None => String::new(),
        Some(s) => match s.as_f64() {
            Some(n) => format!("{n}{unit}"),
            None => text(f),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scalar;

    #[test]
    fn units_follow_numbers_only() {
        assert_eq!(unit(&Some(Scalar::Float(41.5)), "%"), "41.5%");
        assert_eq!(unit(&Some(Scalar::UInt(2048)), " MB"), "2048 MB");
        assert_eq!(unit(&Some(Scalar::Str("n/a".into())), "%"), "n/a");
        assert_eq!(unit(&None, "%"), "");
    }
}
