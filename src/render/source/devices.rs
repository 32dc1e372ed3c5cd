//! The tables of the report: disks and partitions (lsblk's look, with USE%), volume groups
//! and their logical volumes, Btrfs, NICs, the environment checks, the recommended target.

use std::io;

use crate::gate::{self, Level};
use crate::model::{
    BtrfsFileSystem, Check, Disk, Field, InitTargetServer, Nic, Scalar, Source, VolumeGroup,
};
use crate::render::table::{self, Cell, Column, Row, Rows, branch, level_color, row};
use crate::render::{units, value};

use super::{Report, cell, joined, size};

row! {
    /// A disk, or one of its partitions under it (lsblk's tree).
    struct DiskRow {
        name: Column::key("NAME"),
        kind: Column::whole("TYPE", 6),
        use_: Column::whole("USE", 5),
        fs: Column::whole("FSTYPE", 4),
        mount: Column::whole("MOUNT", 3),
        size: Column::number("SIZE", 2),
        used: Column::number("USED", 2),
        percent: Column::whole("USE%", 2),
        uuid: Column::whole("UUID", 8),
        target: Column::whole("TARGET", 7),
        inodes: Column::number("INODES", 9),
    }
}

row! {
    /// A volume group, or one of its logical volumes under it.
    struct VolumeRow {
        name: Column::key("NAME"),
        pvs: Column::whole("PVS", 6),
        fs: Column::whole("FSTYPE", 4),
        // The mount point is how a FREE_SPACE check names a logical volume: kept longest.
        mount: Column::whole("MOUNT", 1),
        use_: Column::whole("USE", 5),
        size: Column::number("SIZE", 2),
        used: Column::number("USED", 2),
        percent: Column::whole("USE%", 2),
        free: Column::number("FREE", 2),
        blocks: Column::number("BLOCKS", 8),
        block_size: Column::number("BLOCK SIZE", 9),
    }
}

row! {
    /// A Btrfs file system, or one of its subvolumes under it.
    struct BtrfsRow {
        name: Column::key("NAME"),
        label: Column::whole("LABEL", 6),
        device: Column::whole("DEVICE", 4),
        mount: Column::whole("MOUNT", 3),
        size: Column::number("SIZE", 2),
        used: Column::number("USED", 2),
        profiles: Column::whole("PROFILES", 7),
        subvol_id: Column::number("SUBVOL ID", 8),
        parent: Column::number("PARENT", 9),
        snapshot: Column::whole("SNAPSHOT", 5),
        uuid: Column::whole("UUID", 10),
    }
}

row! {
    /// A NIC.
    struct NicRow {
        name: Column::key("NAME"),
        ip: Column::whole("IP", 0),
        netmask: Column::whole("NETMASK", 4),
        gateway: Column::whole("GATEWAY", 3),
        mac: Column::whole("MAC", 2),
        mtu: Column::number("MTU", 5),
        ipv6: Column::whole("IPV6", 6),
        id: Column::whole("ID", 7),
    }
}

row! {
    /// An environment check: the message and parameters wrap, never cut; the numeric ID goes
    /// first.
    struct CheckRow {
        check: Column::key("CHECK"),
        result: Column::whole("RESULT", 0),
        code: Column::whole("CODE", 3),
        message: Column::wrap("MESSAGE"),
        params: Column::wrap("PARAMS"),
        id: Column::number("ID", 5),
    }
}

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
    fn section<const N: usize, R: Row<N>>(
        &mut self,
        title: &str,
        empty: &'static str,
        columns: &[Column; N],
        rows: &Rows<R>,
    ) -> io::Result<()> {
        if !table::titled(self.out, &self.style.fitted(), true, title, columns, rows)? {
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
        let raw = self.style.raw_bytes;
        self.section(title, empty, &DiskRow::COLUMNS, &|emit| {
            for disk in disks.into_iter().flatten().flatten() {
                let mut use_ = value(&disk.device_use);
                if disk.os_disk.as_ref().and_then(Scalar::as_bool) == Some(true) {
                    use_ = joined(&[use_, "OS disk".to_owned()], ", ");
                }
                emit(DiskRow {
                    name: cell(&disk.name),
                    kind: Cell::new(joined(
                        &["disk".to_owned(), value(&disk.partition_style)],
                        " ",
                    )),
                    use_: Cell::new(use_),
                    size: Cell::new(size(&disk.size, raw)),
                    used: Cell::new(size(&disk.used_size, raw)),
                    percent: use_percent(&disk.used_size, &disk.size, &disk.name, &None, marks),
                    target: cell(&disk.relation_name),
                    ..DiskRow::default()
                });
                let parts: Vec<_> = disk.physical_volumes.iter().flatten().flatten().collect();
                for (i, part) in parts.iter().enumerate() {
                    emit(DiskRow {
                        name: Cell::new(format!("{}{}", branch(i, parts.len()), value(&part.name))),
                        kind: Cell::new(joined(&["part".to_owned(), value(&part.index)], " ")),
                        use_: cell(&part.device_use),
                        fs: cell(&part.file_system),
                        mount: cell(&part.mount_point),
                        size: Cell::new(size(&part.size, raw)),
                        used: Cell::new(size(&part.used_size, raw)),
                        percent: use_percent(
                            &part.used_size,
                            &part.size,
                            &part.name,
                            &part.mount_point,
                            marks,
                        ),
                        uuid: cell(&part.uuid),
                        inodes: cell(&part.inode_nums),
                        ..DiskRow::default()
                    });
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
        let raw = self.style.raw_bytes;
        self.section(title, empty, &VolumeRow::COLUMNS, &|emit| {
            for vg in groups.into_iter().flatten().flatten() {
                emit(VolumeRow {
                    name: cell(&vg.name),
                    pvs: cell(&vg.components),
                    size: Cell::new(size(&vg.size, raw)),
                    free: Cell::new(size(&vg.free_size, raw)),
                    ..VolumeRow::default()
                });
                let lvs: Vec<_> = vg.logical_volumes.iter().flatten().flatten().collect();
                for (i, lv) in lvs.iter().enumerate() {
                    emit(VolumeRow {
                        name: Cell::new(format!("{}{}", branch(i, lvs.len()), value(&lv.name))),
                        fs: cell(&lv.file_system),
                        mount: cell(&lv.mount_point),
                        use_: cell(&lv.device_use),
                        size: Cell::new(size(&lv.size, raw)),
                        used: Cell::new(size(&lv.used_size, raw)),
                        percent: use_percent(
                            &lv.used_size,
                            &lv.size,
                            &lv.name,
                            &lv.mount_point,
                            marks,
                        ),
                        free: Cell::new(size(&lv.free_size, raw)),
                        blocks: cell(&lv.block_count),
                        block_size: cell(&lv.block_size),
                        ..VolumeRow::default()
                    });
                }
            }
        })
    }

    pub(super) fn btrfs(&mut self, list: Option<&[Option<BtrfsFileSystem>]>) -> io::Result<()> {
        let raw = self.style.raw_bytes;
        self.section("Btrfs file systems", "Btrfs", &BtrfsRow::COLUMNS, &|emit| {
            for fs in list.into_iter().flatten().flatten() {
                let profiles = joined(
                    &[
                        value(&fs.data_profile),
                        value(&fs.metadata_profile),
                        value(&fs.system_profile),
                    ],
                    "/",
                );
                emit(BtrfsRow {
                    name: cell(&fs.name),
                    label: cell(&fs.label),
                    device: cell(&fs.device),
                    mount: cell(&fs.default_subvol_mountpath),
                    size: Cell::new(size(&fs.size, raw)),
                    used: Cell::new(size(&fs.g_vol_used_size, raw)),
                    profiles: Cell::new(profiles),
                    subvol_id: cell(&fs.default_subvolid),
                    uuid: cell(&fs.uuid),
                    ..BtrfsRow::default()
                });
                let subs: Vec<_> = fs.subvolumes().collect();
                for (i, sub) in subs.iter().enumerate() {
                    emit(BtrfsRow {
                        name: Cell::new(format!(
                            "{}{}",
                            branch(i, subs.len()),
                            value(&sub.subvol_name)
                        )),
                        mount: cell(&sub.subvol_mount_path),
                        subvol_id: cell(&sub.subvol_id),
                        parent: cell(&sub.parent_id),
                        snapshot: cell(&sub.is_snapshot),
                        uuid: cell(&sub.uuid),
                        ..BtrfsRow::default()
                    });
                }
            }
        })
    }

    pub(super) fn nics(&mut self, nics: Option<&[Option<Nic>]>) -> io::Result<()> {
        self.section("NICs", "NICs", &NicRow::COLUMNS, &|emit| {
            for nic in nics.into_iter().flatten().flatten() {
                emit(NicRow {
                    name: cell(&nic.name),
                    ip: cell(&nic.ip),
                    netmask: cell(&nic.netmask),
                    gateway: cell(&nic.gateway),
                    mac: cell(&nic.mac),
                    mtu: cell(&nic.mtu),
                    ipv6: cell(&nic.ipv6),
                    id: cell(&nic.id),
                });
            }
        })
    }

    /// The environment checks: the message and parameters wrap, never cut; the numeric ID
    /// goes first.
    pub(super) fn checks(&mut self, checks: Option<&[Option<Check>]>) -> io::Result<()> {
        self.section(
            "Environment checks",
            "environment checks",
            &CheckRow::COLUMNS,
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
                    emit(CheckRow {
                        check: cell(&check.name),
                        result: Cell::colored(value(&check.result), level_color(Level::of(check))),
                        code: cell(&check.error_code),
                        message: cell(&check.error_or_warn),
                        params: Cell::new(params.join(", ")),
                        id: cell(&check.id),
                    });
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
