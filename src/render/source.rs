//! The report a person reads about one source server: one titled section per part of it.

use std::io::{self, Write};

use comfy_table::{Cell, Color, Table};

use crate::gate::Level;
use crate::model::{
    BtrfsFileSystem, Check, Disk, Field, InitTargetServer, Nic, Scalar, Source, Task, VolumeGroup,
};
use crate::render::table::{self, Rows, WIDE, cells, colored, level_color, new_table, state_color};
use crate::render::{MISSING, Style, text, units};
use crate::sanitize::sanitize;

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
        table::heading(&mut *self.out, self.style, title)
    }

    fn section(&mut self, title: &str, table: Option<Table>) -> io::Result<()> {
        table::section(self.out, self.style, title, table)
    }

    fn rows_section(
        &mut self,
        title: &str,
        header: &[&str],
        right: &[usize],
        rows: &Rows,
    ) -> io::Result<()> {
        table::rows_section(self.out, self.style, title, header, right, rows)
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
