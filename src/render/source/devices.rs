//! The tables of the report: disks and partitions (lsblk's look, with USE%), volume groups
//! and their logical volumes, Btrfs, NICs, the environment checks, the recommended target.

use std::io;

use crate::gate::{self, Level};
use crate::model::{
    BtrfsFileSystem, Check, Disk, Field, InitTargetServer, Nic, Scalar, Source, VolumeGroup,
};
use crate::render::table::{self, Cell, Column, Rows, branch, level_color};
use crate::render::{Style, units, value};

use super::{Report, cell, joined, size};

/// A partition or logical volume named by a FREE_SPACE check, by mount point or name, and
/// the check's level: marked in its row so that the warning can be found in the table.
pub struct Mark {
    subject: String,
    level: Level,
}

/// The subjects of the FREE_SPACE checks that warn or fail.
pub fn free_space_marks(source: &Source) -> Vec<Mark> {
    gate::checks(source)
        .filter(|c| value(&c.name) == "FREE_SPACE")
        .filter(|c| matches!(Level::of(c), Level::Warn | Level::Error))
        .flat_map(|c| {
            let level = Level::of(c);
            c.params
                .iter()
                .flatten()
                .chain(std::iter::once(&c.error_params))
                .map(value)
                .filter(|p| !p.is_empty())
                .map(move |subject| Mark { subject, level })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// `used` of `size` as `78%`, and the mark of a FREE_SPACE check naming `name` or `mount`
/// (`78% WARN`), coloured by its level.
fn use_percent(used: &Field, total: &Field, name: &Field, mount: &Field, marks: &[Mark]) -> Cell {
    let percent = match (
        used.as_ref().and_then(Scalar::as_u64),
        total.as_ref().and_then(Scalar::as_u64),
    ) {
        (Some(u), Some(t)) if t > 0 => units::whole_percent(u, t),
        _ => String::new(),
    };
    if marks.is_empty() {
        return Cell::new(percent);
    }
    let (name, mount) = (value(name), value(mount));
    let mark = marks
        .iter()
        .filter(|m| m.subject == name || (!mount.is_empty() && m.subject == mount))
        .map(|m| m.level)
        .max_by_key(|l| matches!(l, Level::Error));
    match mark {
        Some(level) => Cell::colored(
            joined(
                &[
                    percent,
                    if level == Level::Error {
                        "ERROR"
                    } else {
                        "WARN"
                    }
                    .to_owned(),
                ],
                " ",
            ),
            level_color(level),
        ),
        None => Cell::new(percent),
    }
}

impl Report<'_> {
    /// A table fitted to the terminal (not in wide mode); an empty one is named in the line
    /// of empty sections as `empty`.
    fn section(
        &mut self,
        title: &str,
        empty: &'static str,
        columns: &[Column],
        rows: &Rows,
    ) -> io::Result<()> {
        let style = Style {
            width: if self.style.wide {
                None
            } else {
                self.style.width
            },
            ..*self.style
        };
        if !table::titled(self.out, &style, true, title, columns, rows)? {
            self.empty.push(empty);
        }
        Ok(())
    }

    pub(super) fn disks(
        &mut self,
        title: &str,
        empty: &'static str,
        disks: Option<&[Option<Disk>]>,
        marks: &[Mark],
    ) -> io::Result<()> {
        const COLUMNS: [Column; 11] = [
            Column::key("NAME"),
            Column::whole("TYPE", 6),
            Column::whole("USE", 5),
            Column::whole("FSTYPE", 4),
            Column::whole("MOUNT", 3),
            Column::number("SIZE", 2),
            Column::number("USED", 2),
            Column::whole("USE%", 2),
            Column::whole("UUID", 8),
            Column::whole("TARGET", 7),
            Column::number("INODES", 9),
        ];
        let raw = self.style.raw_bytes;
        self.section(title, empty, &COLUMNS, &|emit| {
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
                    use_percent(&disk.used_size, &disk.size, &disk.name, &None, marks),
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
                        use_percent(
                            &part.used_size,
                            &part.size,
                            &part.name,
                            &part.mount_point,
                            marks,
                        ),
                        cell(&part.uuid),
                        Cell::default(),
                        cell(&part.inode_nums),
                    ]);
                }
            }
        })
    }

    pub(super) fn volume_groups(
        &mut self,
        title: &str,
        empty: &'static str,
        groups: Option<&[Option<VolumeGroup>]>,
        marks: &[Mark],
    ) -> io::Result<()> {
        const COLUMNS: [Column; 11] = [
            Column::key("NAME"),
            Column::whole("PVS", 6),
            Column::whole("FSTYPE", 4),
            // The mount point is how a FREE_SPACE check names a logical volume: kept longest.
            Column::whole("MOUNT", 1),
            Column::whole("USE", 5),
            Column::number("SIZE", 2),
            Column::number("USED", 2),
            Column::whole("USE%", 2),
            Column::number("FREE", 2),
            Column::number("BLOCKS", 8),
            Column::number("BLOCK SIZE", 9),
        ];
        let raw = self.style.raw_bytes;
        self.section(title, empty, &COLUMNS, &|emit| {
            for vg in groups.into_iter().flatten().flatten() {
                emit(vec![
                    cell(&vg.name),
                    cell(&vg.components),
                    Cell::default(),
                    Cell::default(),
                    Cell::default(),
                    Cell::new(size(&vg.size, raw)),
                    Cell::default(),
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
                        use_percent(&lv.used_size, &lv.size, &lv.name, &lv.mount_point, marks),
                        Cell::new(size(&lv.free_size, raw)),
                        cell(&lv.block_count),
                        cell(&lv.block_size),
                    ]);
                }
            }
        })
    }

    pub(super) fn btrfs(&mut self, list: Option<&[Option<BtrfsFileSystem>]>) -> io::Result<()> {
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
        self.section("Btrfs file systems", "Btrfs", &COLUMNS, &|emit| {
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

    pub(super) fn nics(&mut self, nics: Option<&[Option<Nic>]>) -> io::Result<()> {
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
        self.section("NICs", "NICs", &COLUMNS, &|emit| {
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

    /// The environment checks: the message and parameters wrap, never cut; the numeric ID
    /// goes first.
    pub(super) fn checks(&mut self, checks: Option<&[Option<Check>]>) -> io::Result<()> {
        const COLUMNS: [Column; 6] = [
            Column::key("CHECK"),
            Column::whole("RESULT", 0),
            Column::whole("CODE", 3),
            Column::wrap("MESSAGE"),
            Column::wrap("PARAMS"),
            Column::number("ID", 5),
        ];
        self.section(
            "Environment checks",
            "environment checks",
            &COLUMNS,
            &|emit| {
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
            },
        )
    }

    pub(super) fn target(&mut self, target: Option<&InitTargetServer>) -> io::Result<()> {
        match target {
            None => {
                self.empty.push("recommended target");
                Ok(())
            }
            Some(t) => {
                self.disks(
                    "Recommended target disks",
                    "recommended target disks",
                    t.disks.as_deref(),
                    &[],
                )?;
                self.volume_groups(
                    "Recommended target volume groups",
                    "recommended target volume groups",
                    t.volume_groups.as_deref(),
                    &[],
                )
            }
        }
    }
}
