//! The migration task behind a source (GET /v3/tasks/{id}), under the report's "Migration
//! task" section: SMS's reason for a failure (with the pointer to `explain`), its estimate,
//! the source's load during the migration, and the sub-tasks.

use std::io::{self, Write};

use crate::model::task::MigrationTask;
use crate::model::{Field, Scalar};
use crate::render::table::{self, Cell, Column, key_values};
use crate::render::{MISSING, Style, errors, progress, text, units};

/// The lines and the sub-task table the fetched task adds.
pub fn write_details(out: &mut dyn Write, style: &Style, t: &MigrationTask) -> io::Result<()> {
    let error = t.error().map(|e| match errors::pointer(&e) {
        Some(see) => format!("{e} ({see})"),
        None => e.to_string(),
    });
    let remain = t
        .remain_seconds
        .as_ref()
        .and_then(Scalar::as_u64)
        .map(|s| format!("{} to go", progress::duration(s)));
    let done_at = match t.estimate_complete_time {
        Some(_) => format!("done at {}", units::time(&t.estimate_complete_time)),
        None => String::new(),
    };
    let estimate = [remain.unwrap_or_default(), done_at]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let unit = |f: &Field, unit: &str| match f {
        Some(_) => units::with_unit(f, unit),
        None => String::new(),
    };
    key_values(
        out,
        style,
        &[
            ("SMS state", cell(&t.state)),
            ("Error", Cell::new(error.unwrap_or_default())),
            ("Task speed", Cell::new(unit(&t.migrate_speed, "Mbit/s"))),
            ("SMS estimate", Cell::new(estimate)),
            ("Source CPU", Cell::new(unit(&t.total_cpu_usage, "%"))),
            ("Source memory", Cell::new(unit(&t.total_mem_usage, "MB"))),
            ("Source disk I/O", Cell::new(unit(&t.total_disk_io, "Mbit/s"))),
        ],
        style.wide,
    )?;
    let subtasks: Vec<_> = t.sub_tasks.iter().flatten().flatten().collect();
    const COLUMNS: [Column; 4] = [
        Column::key("SUB-TASK"),
        Column::number("PROGRESS", 0),
        Column::whole("STARTED", 1),
        Column::whole("ENDED", 2),
    ];
    let time = |f: &Field| match f {
        Some(_) => units::time(f),
        None => MISSING.to_owned(),
    };
    let fitted = Style {
        width: if style.wide { None } else { style.width },
        ..*style
    };
    table::titled(out, &fitted, true, "Sub-tasks", &COLUMNS, &|emit| {
        for s in &subtasks {
            emit(vec![
                Cell::new(text(&s.name)),
                Cell::new(unit(&s.progress, "%").replace(" %", "%")),
                Cell::new(time(&s.start_date)),
                Cell::new(time(&s.end_date)),
            ]);
        }
    })?;
    Ok(())
}

fn cell(f: &Field) -> Cell {
    Cell::new(crate::render::value(f))
}
