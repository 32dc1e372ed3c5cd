//! The tables a person reads: one titled section per part of the source server.

use std::io::{self, Write};

use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};

use crate::gate::Level;
use crate::model::{
    BtrfsFileSystem, Check, Disk, Field, InitTargetServer, Nic, Scalar, Source, Task, VolumeGroup,
};
use crate::render::Style;
use crate::render::units;
use crate::sanitize::sanitize;
use unicode_width::UnicodeWidthStr;

/// Shown for a missing or null field.
pub const MISSING: &str = "-";

/// Writes every section of one source server.
pub fn write_source(source: &Source, style: &Style, out: &mut dyn Write) -> io::Result<()> {
    let s = Sections { style, out };
    s.run(source)
}

struct Sections<'a> {
    style: &'a Style,
    out: &'a mut dyn Write,
}

impl Sections<'_> {
    fn run(mut self, source: &Source) -> io::Result<()> {
        let title = format!(
            "Source server {} ({})",
            text(&source.name),
            text(&source.id)
        );
        self.heading(&title)?;
        self.summary(source)?;
        self.migration(source)?;
        self.disks("Disks", source.disks.as_deref())?;
        self.volume_groups("Volume groups", source.volume_groups.as_deref())?;
        self.btrfs(source.btrfs_list.as_deref())?;
        self.nics(source.networks.as_deref())?;
        self.checks(source.checks.as_deref())?;
        self.target(source.init_target_server.as_ref())
    }

    fn heading(&mut self, title: &str) -> io::Result<()> {
        if self.style.color {
            writeln!(self.out, "\x1b[1m{title}\x1b[0m")
        } else {
            writeln!(self.out, "{title}")
        }
    }

    fn section(&mut self, title: &str, table: Option<Table>) -> io::Result<()> {
        writeln!(self.out)?;
        match table {
            Some(table) => {
                self.heading(title)?;
                writeln!(self.out, "{table}")
            }
            None => writeln!(self.out, "{title}: none reported"),
        }
    }

    fn table(&self, header: &[&str]) -> Table {
        new_table(self.style, header)
    }

    fn colored(&self, text: String, color: Option<Color>) -> Cell {
        colored(self.style, text, color)
    }

    fn key_values(&self, rows: Vec<(&str, Cell)>) -> Table {
        let mut table = self.table(&["Field", "Value"]);
        for (key, value) in rows {
            table.add_row(vec![Cell::new(key), value]);
        }
        table
    }

    fn summary(&mut self, s: &Source) -> io::Result<()> {
        let os = match (&s.os_type, &s.os_version) {
            (None, None) => MISSING.to_owned(),
            (t, v) => format!("{} / {}", text(t), text(v)),
        };
        let connected = match s.connected.as_ref().and_then(Scalar::as_bool) {
            Some(true) => Some(Color::Green),
            Some(false) => Some(Color::Red),
            None => None,
        };
        let rows = vec![
            ("Name", Cell::new_owned(text(&s.name))),
            ("ID", Cell::new_owned(text(&s.id))),
            ("Hostname", Cell::new_owned(text(&s.hostname))),
            ("IP", Cell::new_owned(text(&s.ip))),
            ("OS", Cell::new_owned(os)),
            ("OEM system", Cell::new_owned(text(&s.oem_system))),
            ("Firmware", Cell::new_owned(text(&s.firmware))),
            ("Start type", Cell::new_owned(text(&s.start_type))),
            ("CPUs", Cell::new_owned(text(&s.cpu_quantity))),
            (
                "Memory",
                Cell::new_owned(units::memory(&s.memory, self.style.raw_bytes)),
            ),
            ("State", self.colored(text(&s.state), state_color(&s.state))),
            ("Migration cycle", Cell::new_owned(text(&s.migration_cycle))),
            ("Agent version", Cell::new_owned(text(&s.agent_version))),
            (
                "Agent connected",
                self.colored(text(&s.connected), connected),
            ),
            ("TC installed", Cell::new_owned(text(&s.has_tc))),
            (
                "Enterprise project",
                Cell::new_owned(text(&s.enterprise_project_id)),
            ),
            ("Registered", Cell::new_owned(units::time(&s.add_date))),
            (
                "State changed",
                Cell::new_owned(units::time(&s.state_action_time)),
            ),
            (
                "Stage changed",
                Cell::new_owned(units::time(&s.stage_action_time)),
            ),
            (
                "Agent last seen",
                Cell::new_owned(units::time(&s.last_visit_time)),
            ),
        ];
        let table = self.key_values(rows);
        self.section("Summary", Some(table))
    }

    fn migration(&mut self, s: &Source) -> io::Result<()> {
        let mut rows = vec![(
            "Progress",
            Cell::new_owned(units::progress(
                &s.replicatesize,
                &s.totalsize,
                self.style.raw_bytes,
            )),
        )];
        match &s.current_task {
            Some(task) => rows.extend(self.task_rows(task)),
            None => rows.push(("Task", Cell::new("none"))),
        }
        let table = self.key_values(rows);
        self.section("Migration task and progress", Some(table))
    }

    fn task_rows(&self, t: &Task) -> Vec<(&'static str, Cell)> {
        let named = |name: &Field, id: &Field| match (name, id) {
            (None, None) => MISSING.to_owned(),
            (n, i) => format!("{} ({})", text(n), text(i)),
        };
        let target = t
            .target_server
            .as_ref()
            .map(|ts| named(&ts.name, &ts.vm_id))
            .unwrap_or_else(|| MISSING.to_owned());
        let clone = t
            .clone_server
            .as_ref()
            .map(|c| {
                let mut line = named(&c.name, &c.vm_id);
                for extra in [&c.clone_state, &c.clone_error, &c.error_msg]
                    .into_iter()
                    .flatten()
                {
                    line.push_str(", ");
                    line.push_str(&sanitize(&extra.to_string()));
                }
                line
            })
            .unwrap_or_else(|| MISSING.to_owned());
        vec![
            ("Task", Cell::new_owned(named(&t.name, &t.id))),
            ("Type", Cell::new_owned(text(&t.kind))),
            ("Task state", Cell::new_owned(text(&t.state))),
            ("Subtask", Cell::new_owned(text(&t.subtask_info))),
            ("Started", Cell::new_owned(units::time(&t.start_date))),
            (
                "Speed",
                Cell::new_owned(units::with_unit(&t.migrate_speed, "Mbit/s")),
            ),
            (
                "Speed limit",
                Cell::new_owned(units::with_unit(&t.speed_limit, "Mbit/s")),
            ),
            ("Target server", Cell::new_owned(target)),
            ("Existing server", Cell::new_owned(text(&t.exist_server))),
            (
                "Start target server",
                Cell::new_owned(text(&t.start_target_server)),
            ),
            ("Public IP", Cell::new_owned(text(&t.use_public_ip))),
            ("Clone server", Cell::new_owned(clone)),
            ("Template", Cell::new_owned(text(&t.vm_template_id))),
            ("Region", Cell::new_owned(text(&t.region_id))),
            (
                "Project",
                Cell::new_owned(named(&t.project_name, &t.project_id)),
            ),
            (
                "Log collection",
                Cell::new_owned(text(&t.log_collect_status)),
            ),
        ]
    }

    fn disks(&mut self, title: &str, disks: Option<&[Option<Disk>]>) -> io::Result<()> {
        let raw = self.style.raw_bytes;
        let header = [
            "Disk / partition",
            "Style / #",
            "Use",
            "File system",
            "Mount point",
            "Size",
            "Used",
            "UUID / target disk",
            "Inodes",
        ];
        let header = self.fitting(&header, 7);
        self.rows_section(title, header, &[5, 6], &|emit| {
            for disk in disks.into_iter().flatten().flatten() {
                let mut use_ = text(&disk.device_use);
                if disk.os_disk.as_ref().and_then(Scalar::as_bool) == Some(true) {
                    use_.push_str(" (OS disk)");
                }
                emit(cells([
                    text(&disk.name),
                    text(&disk.partition_style),
                    use_,
                    MISSING.to_owned(),
                    MISSING.to_owned(),
                    units::size(&disk.size, raw),
                    units::size(&disk.used_size, raw),
                    text(&disk.relation_name),
                    text(&disk.inode_size),
                ]));
                for part in disk.physical_volumes.iter().flatten().flatten() {
                    let inodes = match (&part.inode_nums, &part.inode_size) {
                        (None, None) => MISSING.to_owned(),
                        (n, s) => format!("{} × {}", text(n), text(s)),
                    };
                    emit(cells([
                        format!("└ {}", text(&part.name)),
                        text(&part.index),
                        text(&part.device_use),
                        text(&part.file_system),
                        text(&part.mount_point),
                        units::size(&part.size, raw),
                        units::size(&part.used_size, raw),
                        text(&part.uuid),
                        inodes,
                    ]));
                }
            }
        })
    }

    fn volume_groups(
        &mut self,
        title: &str,
        groups: Option<&[Option<VolumeGroup>]>,
    ) -> io::Result<()> {
        let raw = self.style.raw_bytes;
        let header = [
            "Volume group / logical volume",
            "Components / file system",
            "Mount point",
            "Use",
            "Size",
            "Used",
            "Free",
            "Blocks",
        ];
        let header = self.fitting(&header, 7);
        self.rows_section(title, header, &[4, 5, 6], &|emit| {
            for vg in groups.into_iter().flatten().flatten() {
                emit(cells([
                    text(&vg.name),
                    text(&vg.components),
                    MISSING.to_owned(),
                    MISSING.to_owned(),
                    units::size(&vg.size, raw),
                    MISSING.to_owned(),
                    units::size(&vg.free_size, raw),
                    MISSING.to_owned(),
                ]));
                for lv in vg.logical_volumes.iter().flatten().flatten() {
                    let blocks = match (&lv.block_count, &lv.block_size) {
                        (None, None) => MISSING.to_owned(),
                        (n, s) => format!("{} × {}", text(n), text(s)),
                    };
                    emit(cells([
                        format!("└ {}", text(&lv.name)),
                        text(&lv.file_system),
                        text(&lv.mount_point),
                        text(&lv.device_use),
                        units::size(&lv.size, raw),
                        units::size(&lv.used_size, raw),
                        units::size(&lv.free_size, raw),
                        blocks,
                    ]));
                }
            }
        })
    }

    fn btrfs(&mut self, list: Option<&[Option<BtrfsFileSystem>]>) -> io::Result<()> {
        let raw = self.style.raw_bytes;
        let header = [
            "File system / subvolume",
            "Label / ID",
            "Device / parent ID",
            "Profiles (data, metadata, system) / snapshot",
            "Mount path",
            "Size",
            "Used",
            "UUID",
        ];
        let header = self.fitting(&header, 7);
        self.rows_section("Btrfs file systems", header, &[5, 6], &|emit| {
            for fs in list.into_iter().flatten().flatten() {
                let profiles = format!(
                    "{}, {}, {}",
                    text(&fs.data_profile),
                    text(&fs.metadata_profile),
                    text(&fs.system_profile)
                );
                let default = format!(
                    "{} (default subvolume {} {})",
                    text(&fs.default_subvol_mountpath),
                    text(&fs.default_subvolid),
                    text(&fs.default_subvol_name)
                );
                emit(cells([
                    text(&fs.name),
                    text(&fs.label),
                    text(&fs.device),
                    profiles,
                    default,
                    units::size(&fs.size, raw),
                    units::size(&fs.g_vol_used_size, raw),
                    text(&fs.uuid),
                ]));
                for sub in fs.subvolumes() {
                    emit(cells([
                        format!("└ {}", text(&sub.subvol_name)),
                        text(&sub.subvol_id),
                        text(&sub.parent_id),
                        text(&sub.is_snapshot),
                        text(&sub.subvol_mount_path),
                        MISSING.to_owned(),
                        MISSING.to_owned(),
                        text(&sub.uuid),
                    ]));
                }
            }
        })
    }

    fn nics(&mut self, nics: Option<&[Option<Nic>]>) -> io::Result<()> {
        let header = [
            "Name", "IP", "IPv6", "Netmask", "Gateway", "MTU", "MAC", "ID",
        ];
        self.rows_section("NICs", &header, &[], &|emit| {
            for nic in nics.into_iter().flatten().flatten() {
                emit(cells([
                    text(&nic.name),
                    text(&nic.ip),
                    text(&nic.ipv6),
                    text(&nic.netmask),
                    text(&nic.gateway),
                    text(&nic.mtu),
                    text(&nic.mac),
                    text(&nic.id),
                ]));
            }
        })
    }

    fn checks(&mut self, checks: Option<&[Option<Check>]>) -> io::Result<()> {
        let style = *self.style;
        let header = ["ID", "Check", "Result", "Error code", "Message", "Params"];
        self.rows_section("Environment checks", &header, &[], &|emit| {
            for check in checks.into_iter().flatten().flatten() {
                let color = level_color(Level::of(check));
                let mut params: Vec<String> = check
                    .params
                    .iter()
                    .flatten()
                    .map(text)
                    .filter(|p| !p.is_empty())
                    .collect();
                if let Some(extra) = check
                    .error_params
                    .as_ref()
                    .map(|p| sanitize(&p.to_string()).into_owned())
                    && !extra.is_empty()
                    && !params.contains(&extra)
                {
                    params.push(extra);
                }
                let params = if params.is_empty() {
                    MISSING.to_owned()
                } else {
                    params.join(", ")
                };
                emit(vec![
                    Cell::new_owned(text(&check.id)),
                    Cell::new_owned(text(&check.name)),
                    colored(&style, text(&check.result), color),
                    Cell::new_owned(text(&check.error_code)),
                    Cell::new_owned(text(&check.error_or_warn)),
                    Cell::new_owned(params),
                ]);
            }
        })
    }

    /// On a terminal narrower than [`WIDE`] columns, only the first `keep` columns of a wide
    /// table (the identifiers that are long and rarely read go: UUIDs, inode and block counts,
    /// all still in `--json`). Piped output always has every column.
    fn fitting<'h>(&self, header: &'h [&'h str], keep: usize) -> &'h [&'h str] {
        match self.style.width {
            Some(w) if usize::from(w) < WIDE => &header[..keep.min(header.len())],
            _ => header,
        }
    }

    /// A section whose rows come from `rows`, which is called twice: once to measure, once
    /// to write. Up to [`CHUNK`] rows go through comfy-table whole (fitted to the terminal);
    /// more are written [`CHUNK`] at a time with the widths of the whole table, so memory
    /// stays flat however many disks a server has (such tables are not wrapped).
    fn rows_section(
        &mut self,
        title: &str,
        header: &[&str],
        right: &[usize],
        rows: &Rows,
    ) -> io::Result<()> {
        let mut count = 0usize;
        let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
        let columns = header.len();
        rows(&mut |row| {
            count += 1;
            for (w, cell) in widths.iter_mut().zip(&row) {
                *w = (*w).max(cell.content().width());
            }
        });
        if count == 0 {
            return self.section(title, None);
        }
        if count <= CHUNK {
            let mut table = self.table(header);
            rows(&mut |mut row| {
                row.truncate(columns);
                table.add_row(row);
            });
            right_align(&mut table, right);
            return self.section(title, Some(table));
        }
        writeln!(self.out)?;
        self.heading(title)?;
        let style = *self.style;
        let out = &mut *self.out;
        let mut chunk = Vec::with_capacity(CHUNK);
        let mut done = 0usize;
        let mut result = Ok(());
        rows(&mut |mut row| {
            row.truncate(columns);
            chunk.push(row);
            if chunk.len() == CHUNK || done + chunk.len() == count {
                let first = done == 0;
                done += chunk.len();
                let last = done == count;
                let table = fixed_table(
                    &style,
                    first.then_some(header),
                    &widths,
                    right,
                    chunk.drain(..),
                );
                if result.is_ok() {
                    result = write_chunk(out, &table.to_string(), first, last);
                }
            }
        });
        result
    }

    fn target(&mut self, target: Option<&InitTargetServer>) -> io::Result<()> {
        match target {
            None => self.section("Recommended target", None),
            Some(t) => {
                writeln!(self.out)?;
                self.heading("Recommended target")?;
                self.disks("Recommended target: disks", t.disks.as_deref())?;
                self.volume_groups(
                    "Recommended target: volume groups",
                    t.volume_groups.as_deref(),
                )
            }
        }
    }
}

/// Calls its argument once per row of a table.
type Rows<'a> = dyn Fn(&mut dyn FnMut(Vec<Cell>)) + 'a;

/// Terminals narrower than this get the wide tables without their last columns.
pub const WIDE: usize = 120;

/// Rows per comfy-table; larger tables are written in chunks of this many.
pub const CHUNK: usize = 512;

fn cells<const N: usize>(texts: [String; N]) -> Vec<Cell> {
    texts.into_iter().map(Cell::new_owned).collect()
}

/// One chunk of a large table, with fixed column widths.
fn fixed_table(
    style: &Style,
    header: Option<&[&str]>,
    widths: &[usize],
    right: &[usize],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Table {
    let unwrapped = Style {
        width: None,
        ..*style
    };
    let mut table = new_table(&unwrapped, header.unwrap_or(&[]));
    table.add_rows(rows);
    for (i, w) in widths.iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
            if right.contains(&i) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    table
}

/// Writes a chunk's lines, less the top border after the first chunk and the bottom border
/// before the last, so the chunks read as one table.
fn write_chunk(out: &mut dyn Write, rendered: &str, first: bool, last: bool) -> io::Result<()> {
    let lines: Vec<&str> = rendered.lines().collect();
    let start = usize::from(!first);
    let end = lines.len() - usize::from(!last);
    for line in &lines[start..end.max(start)] {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A table in the house style: fitted to the terminal width, or unwrapped when piped;
/// styled only when colour is on.
pub fn new_table(style: &Style, header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    match style.width {
        Some(width) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    // comfy-table must not decide on its own: styling is on exactly when colour is.
    table.force_no_tty();
    if style.color {
        table.enforce_styling();
    }
    let header: Vec<Cell> = header
        .iter()
        .map(|h| {
            let cell = Cell::new(h);
            if style.color {
                cell.add_attribute(comfy_table::Attribute::Bold)
            } else {
                cell
            }
        })
        .collect();
    if !header.is_empty() {
        table.set_header(header);
    }
    // On a narrow terminal the first column (the names) wraps last.
    if style.width.is_some()
        && let Some(first) = table.column_mut(0)
    {
        first.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(16)));
    }
    table
}

/// A cell coloured when colour is on.
pub fn colored(style: &Style, text: String, color: Option<Color>) -> Cell {
    match (style.color, color) {
        (true, Some(c)) => Cell::new_owned(text).fg(c),
        _ => Cell::new_owned(text),
    }
}

/// The colour of a check result.
pub fn level_color(level: Level) -> Option<Color> {
    match level {
        Level::Ok => Some(Color::Green),
        Level::Warn => Some(Color::Yellow),
        Level::Error => Some(Color::Red),
        Level::Other => None,
    }
}

/// A field as sanitised text, `-` when missing or null.
pub fn text(f: &Field) -> String {
    match f {
        None => MISSING.to_owned(),
        Some(s) => sanitize(&s.to_string()).into_owned(),
    }
}

pub fn state_color(state: &Field) -> Option<Color> {
    match state.as_ref().and_then(Scalar::as_str)? {
        "finished" => Some(Color::Green),
        "error" | "unavailable" => Some(Color::Red),
        "stopped" | "stopping" => Some(Color::Yellow),
        _ => None,
    }
}

/// Size columns: right-aligned, and never so narrow that `1023.9 GiB` wraps.
pub fn right_align(table: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(11)));
        }
    }
}
