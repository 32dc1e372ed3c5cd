//! The report a person reads about one source server, as `kubectl describe` and `gh pr view`
//! read: the verdict first (state, progress, agent, the gate's verdict with every ERROR and
//! WARN check), then the details: `Key: value` lines for the summary and the task, light
//! tables for disks, volume groups, Btrfs, NICs, checks and the recommended target.

use std::io::{self, Write};

use owo_colors::AnsiColors;

use crate::gate::{self, Counts, FailOn, Level, Policy, Reason, Verdict};
use crate::hints::{Hint, HintLevel};
use crate::model::{
    BtrfsFileSystem, Check, Disk, Field, InitTargetServer, Nic, Scalar, Source, Task, VolumeGroup,
};
use crate::render::table::{
    self, Cell, Column, Rows, branch, heading, key_values, level_color, shorten, state_color,
};
use crate::render::{Style, progress, units, value, verdict};

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
    let mut s = Report { style, out };
    s.verdict(source, verdict, policy)?;
    s.hints(hints)?;
    s.summary(source)?;
    s.task(source.current_task.as_ref())?;
    s.disks("Disks", source.disks.as_deref())?;
    s.volume_groups("Volume groups", source.volume_groups.as_deref())?;
    s.btrfs(source.btrfs_list.as_deref())?;
    s.nics(source.networks.as_deref())?;
    s.checks(source.checks.as_deref())?;
    s.target(source.init_target_server.as_ref())
}

struct Report<'a> {
    style: &'a Style,
    out: &'a mut dyn Write,
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

impl Report<'_> {
    /// Name and ID, state, progress, agent, and the gate's verdict with every ERROR and WARN
    /// check: what a migration engineer reads first.
    fn verdict(&mut self, s: &Source, verdict: &Verdict, policy: Policy) -> io::Result<()> {
        let title = named(&s.name, &s.id);
        heading(
            self.out,
            self.style,
            if title.is_empty() {
                "Source server"
            } else {
                &title
            },
        )?;
        let raw = self.style.raw_bytes;
        let state = joined(&[value(&s.state), value(&s.migration_cycle)], " / ");
        let progress = match (&s.replicatesize, &s.totalsize) {
            (None, None) => String::new(),
            (r, t) => units::progress(r, t, raw),
        };
        let task = s.current_task.as_ref();
        let progress = joined(
            &[
                progress,
                task.map(|t| t.migrate_speed.clone())
                    .and_then(|speed| speed.map(|v| units::with_unit(&Some(v), "Mbit/s")))
                    .unwrap_or_default(),
                task.map(|t| value(&t.subtask_info)).unwrap_or_default(),
            ],
            ", ",
        );
        let connected = s.connected.as_ref().and_then(Scalar::as_bool);
        let agent = joined(
            &[
                match connected {
                    Some(true) => "connected".to_owned(),
                    Some(false) => "not connected".to_owned(),
                    None => value(&s.connected),
                },
                value(&s.agent_version),
                match s.last_visit_time.as_ref().and_then(Scalar::as_u64) {
                    Some(seen) => format!(
                        "last seen {} ({})",
                        units::time(&s.last_visit_time),
                        progress::age(self.style.now_ms, seen)
                    ),
                    None if s.last_visit_time.is_some() => {
                        format!("last seen {}", units::time(&s.last_visit_time))
                    }
                    None => String::new(),
                },
            ],
            ", ",
        );
        let agent_color = match connected {
            Some(true) => Some(AnsiColors::Green),
            Some(false) => Some(AnsiColors::Red),
            None => None,
        };
        let counts = Counts::of(gate::checks(s));
        let (word, color) = if policy.fail_on == FailOn::Never {
            ("not judged (--fail-on never)".to_owned(), None)
        } else if verdict.passed() {
            ("PASS".to_owned(), Some(AnsiColors::Green))
        } else {
            let n = verdict.reasons.len();
            (
                format!(
                    "FAIL{}: {n} {}",
                    verdict::fail_on_flag(policy),
                    if n == 1 { "problem" } else { "problems" }
                ),
                Some(AnsiColors::Red),
            )
        };
        key_values(
            self.out,
            self.style,
            &[
                ("State", Cell::colored(state, state_color(&s.state))),
                ("Progress", Cell::new(progress)),
                ("Agent", Cell::colored(agent, agent_color)),
                ("Checks", Cell::new(counts_text(&counts))),
                ("Verdict", Cell::colored(word, color)),
            ],
            false,
        )?;
        let width = self.style.width.map(usize::from);
        // The reasons that are not a check (those follow, each with its level) nor a hint
        // (the Hints section shows them).
        for reason in &verdict.reasons {
            if matches!(reason, Reason::Check { .. } | Reason::Hint(_)) {
                continue;
            }
            let line = format!("  {}", verdict::reason(reason));
            writeln!(self.out, "{}", shorten(&line, width.unwrap_or(usize::MAX)))?;
        }
        for check in gate::checks(s) {
            let level = Level::of(check);
            let label = match level {
                Level::Error => "ERROR",
                Level::Warn => "WARN ",
                _ => continue,
            };
            let line = joined(
                &[
                    value(&check.name),
                    value(&check.error_code),
                    value(&check.error_or_warn),
                    match value(&check.error_params) {
                        p if p.is_empty() => p,
                        p => format!("[{p}]"),
                    },
                ],
                "  ",
            );
            let line = match width {
                Some(w) => shorten(&line, w.saturating_sub(9)).into_owned(),
                None => line,
            };
            let label = match (self.style.color, level_color(level)) {
                (true, Some(c)) => {
                    use owo_colors::OwoColorize;
                    label.color(c).to_string()
                }
                _ => label.to_owned(),
            };
            writeln!(self.out, "  {label}  {line}")?;
        }
        Ok(())
    }

    /// The readiness hints: sms-inspect's reading of SMS's documented constraints, never
    /// shown as SMS checks.
    fn hints(&mut self, hints: &[Hint]) -> io::Result<()> {
        writeln!(self.out)?;
        if hints.is_empty() {
            return writeln!(self.out, "Hints: none");
        }
        heading(
            self.out,
            self.style,
            "Hints (sms-inspect's reading of SMS's documented constraints, not SMS checks)",
        )?;
        let width = self.style.width.map_or(usize::MAX, usize::from);
        for h in hints {
            let (label, color) = match h.level {
                HintLevel::Error => ("ERROR", level_color(Level::Error)),
                HintLevel::Warn => ("WARN ", level_color(Level::Warn)),
            };
            let label = match (self.style.color, color) {
                (true, Some(c)) => {
                    use owo_colors::OwoColorize;
                    label.color(c).to_string()
                }
                _ => label.to_owned(),
            };
            let line = format!("{}  {}: {}", h.rule, h.subject, h.message);
            writeln!(
                self.out,
                "  {label}  {}",
                shorten(&line, width.saturating_sub(9))
            )?;
            for more in [format!("fix: {}", h.remedy()), format!("see {}", h.doc())] {
                let more = shorten(&more, width.saturating_sub(9));
                writeln!(self.out, "         {more}")?;
            }
        }
        Ok(())
    }

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

    fn task(&mut self, task: Option<&Task>) -> io::Result<()> {
        writeln!(self.out)?;
        let Some(t) = task else {
            return writeln!(self.out, "Migration task: none");
        };
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
        key_values(
            self.out,
            self.style,
            &[
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
                (
                    "Speed limit",
                    Cell::new(with_unit(&t.speed_limit, "Mbit/s")),
                ),
                ("Target server", Cell::new(target)),
                ("Existing server", cell(&t.exist_server)),
                ("Start target", cell(&t.start_target_server)),
                ("Public IP", cell(&t.use_public_ip)),
                ("Clone server", Cell::new(clone)),
                ("Template", cell(&t.vm_template_id)),
                ("Region", cell(&t.region_id)),
                ("Project", Cell::new(named(&t.project_name, &t.project_id))),
                ("Log collection", cell(&t.log_collect_status)),
            ],
            self.style.wide,
        )
    }

    fn section(&mut self, title: &str, columns: &[Column], rows: &Rows) -> io::Result<()> {
        let style = Style {
            width: if self.style.wide {
                None
            } else {
                self.style.width
            },
            ..*self.style
        };
        table::section(self.out, &style, title, columns, rows)
    }

    fn disks(&mut self, title: &str, disks: Option<&[Option<Disk>]>) -> io::Result<()> {
        const COLUMNS: [Column; 10] = [
            Column::key("NAME"),
            Column::whole("TYPE", 6),
            Column::whole("USE", 5),
            Column::whole("FSTYPE", 4),
            Column::whole("MOUNT", 3),
            Column::number("SIZE", 2),
            Column::number("USED", 2),
            Column::whole("UUID", 8),
            Column::whole("TARGET", 7),
            Column::number("INODES", 9),
        ];
        let raw = self.style.raw_bytes;
        self.section(title, &COLUMNS, &|emit| {
            for disk in disks.into_iter().flatten().flatten() {
                let mut use_ = value(&disk.device_use);
                if disk.os_disk.as_ref().and_then(Scalar::as_bool) == Some(true) {
                    use_ = joined(&[use_, "OS disk".to_owned()], ", ");
                }
                emit(vec![
                    cell(&disk.name),
                    Cell::new(joined(
                        &["disk".to_owned(), value(&disk.partition_style)],
                        " ",
                    )),
                    Cell::new(use_),
                    Cell::default(),
                    Cell::default(),
                    Cell::new(size(&disk.size, raw)),
                    Cell::new(size(&disk.used_size, raw)),
                    Cell::default(),
                    cell(&disk.relation_name),
                    Cell::default(),
                ]);
                let parts: Vec<_> = disk.physical_volumes.iter().flatten().flatten().collect();
                for (i, part) in parts.iter().enumerate() {
                    emit(vec![
                        Cell::new(format!("{}{}", branch(i, parts.len()), value(&part.name))),
                        Cell::new(joined(&["part".to_owned(), value(&part.index)], " ")),
                        cell(&part.device_use),
                        cell(&part.file_system),
                        cell(&part.mount_point),
                        Cell::new(size(&part.size, raw)),
                        Cell::new(size(&part.used_size, raw)),
                        cell(&part.uuid),
                        Cell::default(),
                        cell(&part.inode_nums),
                    ]);
                }
            }
        })
    }

    fn volume_groups(
        &mut self,
        title: &str,
        groups: Option<&[Option<VolumeGroup>]>,
    ) -> io::Result<()> {
        const COLUMNS: [Column; 10] = [
            Column::key("NAME"),
            Column::whole("PVS", 6),
            Column::whole("FSTYPE", 4),
            Column::whole("MOUNT", 3),
            Column::whole("USE", 5),
            Column::number("SIZE", 2),
            Column::number("USED", 2),
            Column::number("FREE", 2),
            Column::number("BLOCKS", 8),
            Column::number("BLOCK SIZE", 9),
        ];
        let raw = self.style.raw_bytes;
        self.section(title, &COLUMNS, &|emit| {
            for vg in groups.into_iter().flatten().flatten() {
                emit(vec![
                    cell(&vg.name),
                    cell(&vg.components),
                    Cell::default(),
                    Cell::default(),
                    Cell::default(),
                    Cell::new(size(&vg.size, raw)),
                    Cell::default(),
                    Cell::new(size(&vg.free_size, raw)),
                    Cell::default(),
                    Cell::default(),
                ]);
                let lvs: Vec<_> = vg.logical_volumes.iter().flatten().flatten().collect();
                for (i, lv) in lvs.iter().enumerate() {
                    emit(vec![
                        Cell::new(format!("{}{}", branch(i, lvs.len()), value(&lv.name))),
                        Cell::default(),
                        cell(&lv.file_system),
                        cell(&lv.mount_point),
                        cell(&lv.device_use),
                        Cell::new(size(&lv.size, raw)),
                        Cell::new(size(&lv.used_size, raw)),
                        Cell::new(size(&lv.free_size, raw)),
                        cell(&lv.block_count),
                        cell(&lv.block_size),
                    ]);
                }
            }
        })
    }

    fn btrfs(&mut self, list: Option<&[Option<BtrfsFileSystem>]>) -> io::Result<()> {
        const COLUMNS: [Column; 11] = [
            Column::key("NAME"),
            Column::whole("LABEL", 6),
            Column::whole("DEVICE", 4),
            Column::whole("MOUNT", 3),
            Column::number("SIZE", 2),
            Column::number("USED", 2),
            Column::whole("PROFILES", 7),
            Column::number("SUBVOL ID", 8),
            Column::number("PARENT", 9),
            Column::whole("SNAPSHOT", 5),
            Column::whole("UUID", 10),
        ];
        let raw = self.style.raw_bytes;
        self.section("Btrfs file systems", &COLUMNS, &|emit| {
            for fs in list.into_iter().flatten().flatten() {
                let profiles = joined(
                    &[
                        value(&fs.data_profile),
                        value(&fs.metadata_profile),
                        value(&fs.system_profile),
                    ],
                    "/",
                );
                emit(vec![
                    cell(&fs.name),
                    cell(&fs.label),
                    cell(&fs.device),
                    cell(&fs.default_subvol_mountpath),
                    Cell::new(size(&fs.size, raw)),
                    Cell::new(size(&fs.g_vol_used_size, raw)),
                    Cell::new(profiles),
                    cell(&fs.default_subvolid),
                    Cell::default(),
                    Cell::default(),
                    cell(&fs.uuid),
                ]);
                let subs: Vec<_> = fs.subvolumes().collect();
                for (i, sub) in subs.iter().enumerate() {
                    emit(vec![
                        Cell::new(format!(
                            "{}{}",
                            branch(i, subs.len()),
                            value(&sub.subvol_name)
                        )),
                        Cell::default(),
                        Cell::default(),
                        cell(&sub.subvol_mount_path),
                        Cell::default(),
                        Cell::default(),
                        Cell::default(),
                        cell(&sub.subvol_id),
                        cell(&sub.parent_id),
                        cell(&sub.is_snapshot),
                        cell(&sub.uuid),
                    ]);
                }
            }
        })
    }

    fn nics(&mut self, nics: Option<&[Option<Nic>]>) -> io::Result<()> {
        const COLUMNS: [Column; 8] = [
            Column::key("NAME"),
            Column::whole("IP", 0),
            Column::whole("NETMASK", 4),
            Column::whole("GATEWAY", 3),
            Column::whole("MAC", 2),
            Column::number("MTU", 5),
            Column::whole("IPV6", 6),
            Column::whole("ID", 7),
        ];
        self.section("NICs", &COLUMNS, &|emit| {
            for nic in nics.into_iter().flatten().flatten() {
                emit(vec![
                    cell(&nic.name),
                    cell(&nic.ip),
                    cell(&nic.netmask),
                    cell(&nic.gateway),
                    cell(&nic.mac),
                    cell(&nic.mtu),
                    cell(&nic.ipv6),
                    cell(&nic.id),
                ]);
            }
        })
    }

    fn checks(&mut self, checks: Option<&[Option<Check>]>) -> io::Result<()> {
        const COLUMNS: [Column; 6] = [
            Column::key("CHECK"),
            Column::whole("RESULT", 0),
            Column::whole("CODE", 3),
            Column::text("MESSAGE", 2),
            Column::text("PARAMS", 4),
            Column::number("ID", 5),
        ];
        self.section("Environment checks", &COLUMNS, &|emit| {
            for check in checks.into_iter().flatten().flatten() {
                let mut params: Vec<String> = check
                    .params
                    .iter()
                    .flatten()
                    .map(value)
                    .filter(|p| !p.is_empty())
                    .collect();
                let extra = value(&check.error_params);
                if !extra.is_empty() && !params.contains(&extra) {
                    params.push(extra);
                }
                emit(vec![
                    cell(&check.name),
                    Cell::colored(value(&check.result), level_color(Level::of(check))),
                    cell(&check.error_code),
                    cell(&check.error_or_warn),
                    Cell::new(params.join(", ")),
                    cell(&check.id),
                ]);
            }
        })
    }

    fn target(&mut self, target: Option<&InitTargetServer>) -> io::Result<()> {
        match target {
            None => {
                writeln!(self.out)?;
                writeln!(self.out, "Recommended target: none")
            }
            Some(t) => {
                self.disks("Recommended target disks", t.disks.as_deref())?;
                self.volume_groups(
                    "Recommended target volume groups",
                    t.volume_groups.as_deref(),
                )
            }
        }
    }
}

/// A size, empty when missing.
fn size(f: &Field, raw: bool) -> String {
    match f {
        Some(_) => units::size(f, raw),
        None => String::new(),
    }
}

/// `14: 12 OK, 1 WARN, 1 ERROR, 1 other`, the parts that are not zero.
pub fn counts_text(c: &Counts) -> String {
    if c.total() == 0 {
        return "none reported".to_owned();
    }
    let parts: Vec<String> = [
        (c.ok, "OK"),
        (c.warn, "WARN"),
        (c.error, "ERROR"),
        (c.other, "other"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, label)| format!("{n} {label}"))
    .collect();
    format!("{}: {}", c.total(), parts.join(", "))
}
