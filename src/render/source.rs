//! The report a person reads about one source server, as `kubectl describe` and `gh pr view`
//! read: the verdict first (state, progress, agent, the gate's verdict with every ERROR and
//! WARN check; `verdict.rs`), then the details: `Key: value` lines for the summary and the
//! task, light tables for disks, volume groups, Btrfs, NICs, checks and the recommended target
//! (`devices.rs`). Sections that hold nothing share one line at the end.

mod devices;
mod verdict;

use std::io::{self, Write};

use crate::gate::{Policy, Verdict};
use crate::hints::Hint;
use crate::model::task::MigrationTask;
use crate::model::{Field, Source, Task};
use crate::render::table::{Cell, heading, key_values};
use crate::render::{Style, units, value};

pub use verdict::counts_text;

/// Writes the whole report of one source server: its `verdict` under `policy`, its readiness
/// `hints`, then the details.
pub fn write_source(
    source: &Source,
    verdict: &Verdict,
    hints: &[Hint],
    policy: Policy,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    write_source_with_task(source, verdict, hints, policy, None, style, out)
}

/// [`write_source`], with the migration task fetched from GET /v3/tasks/{id} (when there is
/// one) adding to the task section.
pub fn write_source_with_task(
    source: &Source,
    verdict: &Verdict,
    hints: &[Hint],
    policy: Policy,
    fetched: Option<&MigrationTask>,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut s = Report {
        style,
        out,
        empty: Vec::new(),
    };
    s.verdict(source, verdict, hints, policy)?;
    s.hints(hints)?;
    s.summary(source)?;
    s.task(source.current_task.as_ref(), fetched)?;
    let marks = devices::free_space_marks(source);
    s.disks("Disks", "disks", source.disks.as_deref(), &marks)?;
    s.volume_groups(
        "Volume groups",
        "volume groups",
        source.volume_groups.as_deref(),
        &marks,
    )?;
    s.btrfs(source.btrfs_list.as_deref())?;
    s.nics(source.networks.as_deref())?;
    s.checks(source.checks.as_deref())?;
    s.target(source.init_target_server.as_ref())?;
    s.nothing()
}

struct Report<'a> {
    style: &'a Style,
    out: &'a mut dyn Write,
    /// The sections that hold nothing, named for the one line that lists them at the end.
    empty: Vec<&'static str>,
}

/// A field as a cell; empty strings count as missing.
fn cell(f: &Field) -> Cell {
    Cell::new(value(f))
}

/// `name (id)`, or whichever of the two is there; empty when neither is.
fn named(name: &Field, id: &Field) -> String {
    match (value(name), value(id)) {
        (n, i) if n.is_empty() => i,
        (n, i) if i.is_empty() => n,
        (n, i) => format!("{n} ({i})"),
    }
}

fn joined(parts: &[String], separator: &str) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(separator)
}

/// A speed limit: 0 means none.
fn speed_limit(f: &Field) -> String {
    match f.as_ref().and_then(crate::model::Scalar::as_f64) {
        Some(0.0) => "unlimited".to_owned(),
        _ if f.is_some() => units::with_unit(f, "Mbit/s"),
        _ => String::new(),
    }
}

impl Report<'_> {
    fn summary(&mut self, s: &Source) -> io::Result<()> {
        let os = joined(&[value(&s.os_type), value(&s.os_version)], " / ");
        writeln!(self.out)?;
        heading(self.out, self.style, "Summary")?;
        let raw = self.style.raw_bytes;
        let memory = match s.memory {
            Some(_) => units::memory(&s.memory, raw),
            None => String::new(),
        };
        let time = |f: &Field| match f {
            Some(_) => units::time(f),
            None => String::new(),
        };
        key_values(
            self.out,
            self.style,
            &[
                ("ID", cell(&s.id)),
                ("Hostname", cell(&s.hostname)),
                ("IP", cell(&s.ip)),
                ("OS", Cell::new(os)),
                ("Firmware", cell(&s.firmware)),
                ("Start type", cell(&s.start_type)),
                ("CPUs", cell(&s.cpu_quantity)),
                ("Memory", Cell::new(memory)),
                ("OEM system", cell(&s.oem_system)),
                ("TC installed", cell(&s.has_tc)),
                ("Enterprise project", cell(&s.enterprise_project_id)),
                ("Registered", Cell::new(time(&s.add_date))),
                ("State changed", Cell::new(time(&s.state_action_time))),
                ("Stage changed", Cell::new(time(&s.stage_action_time))),
            ],
            self.style.wide,
        )
    }

    fn task(&mut self, task: Option<&Task>, fetched: Option<&MigrationTask>) -> io::Result<()> {
        let Some(t) = task else {
            self.empty.push("migration task");
            return Ok(());
        };
        writeln!(self.out)?;
        heading(self.out, self.style, "Migration task")?;
        let target = t
            .target_server
            .as_ref()
            .map(|ts| named(&ts.name, &ts.vm_id))
            .unwrap_or_default();
        let clone = t
            .clone_server
            .as_ref()
            .map(|c| {
                joined(
                    &[
                        named(&c.name, &c.vm_id),
                        value(&c.clone_state),
                        value(&c.clone_error),
                        value(&c.error_msg),
                    ],
                    ", ",
                )
            })
            .unwrap_or_default();
        let with_unit = |f: &Field, unit: &str| match f {
            Some(_) => units::with_unit(f, unit),
            None => String::new(),
        };
        let mut pairs = vec![
            ("Task", Cell::new(named(&t.name, &t.id))),
            ("Type", cell(&t.kind)),
            ("State", cell(&t.state)),
            ("Subtask", cell(&t.subtask_info)),
            (
                "Started",
                Cell::new(match t.start_date {
                    Some(_) => units::time(&t.start_date),
                    None => String::new(),
                }),
            ),
            ("Speed", Cell::new(with_unit(&t.migrate_speed, "Mbit/s"))),
            ("Speed limit", Cell::new(speed_limit(&t.speed_limit))),
            ("Target server", Cell::new(target)),
            ("Existing server", cell(&t.exist_server)),
            ("Start target", cell(&t.start_target_server)),
            ("Public IP", cell(&t.use_public_ip)),
            ("Clone server", Cell::new(clone)),
            ("Template", cell(&t.vm_template_id)),
            ("Region", cell(&t.region_id)),
            ("Project", Cell::new(named(&t.project_name, &t.project_id))),
            ("Log collection", cell(&t.log_collect_status)),
        ];
        // What GET /v3/tasks/{id} adds (SMS's reason, estimate, the source's load).
        if let Some(f) = fetched {
            crate::render::task::add_pairs(&mut pairs, f);
        }
        key_values(self.out, self.style, &pairs, self.style.wide)?;
        match fetched {
            Some(f) => crate::render::task::write_subtasks(self.out, self.style, f),
            None => Ok(()),
        }
    }

    /// The one line naming every section that holds nothing: `None: volume groups, hints`.
    fn nothing(&mut self) -> io::Result<()> {
        if self.empty.is_empty() {
            return Ok(());
        }
        writeln!(self.out)?;
        let line = format!("None: {}", self.empty.join(", "));
        for line in
            crate::render::table::wrap(&line, self.style.width.map_or(usize::MAX, usize::from))
        {
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}

/// A size, empty when missing.
fn size(f: &Field, raw: bool) -> String {
    match f {
        Some(_) => units::size(f, raw),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Scalar;

    #[test]
    fn a_speed_limit_of_zero_is_unlimited() {
        assert_eq!(speed_limit(&Some(Scalar::UInt(0))), "unlimited");
        assert_eq!(speed_limit(&Some(Scalar::UInt(100))), "100 Mbit/s");
        assert_eq!(speed_limit(&None), "");
    }
}
