//! The code of each rule in [`super::RULES`]: what it reads from the source and when it fires.
//! Every hint is made through its rule's table entry (`RULE.hint(...)`).

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::*;
use crate::model::{Disk, LogicalVolume, Partition, Scalar, Source};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Os {
    Linux,
    Windows,
    Other,
}

fn word(f: &Field) -> Option<&str> {
    f.as_ref().and_then(Scalar::as_str).map(str::trim)
}

fn is(f: &Field, value: &str) -> bool {
    word(f).is_some_and(|w| w.eq_ignore_ascii_case(value))
}

/// A boolean as the API sends it, or as a string an agent might send.
fn flag(f: &Field) -> Option<bool> {
    match f.as_ref()? {
        Scalar::Bool(b) => Some(*b),
        Scalar::Str(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Scalar::Str(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Every hint of `source`, in the order of the rule table.
pub(super) fn check(source: &Source) -> Vec<Hint> {
    let mut out = Vec::new();
    let os = if is(&source.os_type, "linux") {
        Os::Linux
    } else if is(&source.os_type, "windows") {
        Os::Windows
    } else {
        Os::Other
    };
    let disks: Vec<&Disk> = source.disks.iter().flatten().flatten().collect();
    if disks.len() > MAX_DISKS {
        out.push(DISK_COUNT.hint(
            "source".into(),
            format!(
                "{} disks; SMS migrates at most {MAX_DISKS} (an ECS takes 24, one is kept for a temporary disk)",
                disks.len()
            ),
        ));
    }
    system_disk(source, &disks, &mut out);
    let targets: Vec<&Disk> = source
        .init_target_server
        .iter()
        .flat_map(|t| t.disks.iter().flatten().flatten())
        .collect();
    if !targets.is_empty() && targets.len() < disks.len() {
        out.push(TARGET_DISK_COUNT.hint(
            "source".into(),
            format!(
                "the recommended target has {} for the source's {}: the FAQs ask for one per source disk, unmounted ones included, while the Notes say unused disks are not migrated",
                count(targets.len(), "disk"),
                disks.len()
            ),
        ));
    }
    target_sizes(os, &disks, &targets, &mut out);
    volume_groups(source, &mut out);
    used_over_size(source, &disks, &mut out);
    file_systems(source, os, &disks, &mut out);
    btrfs(source, &disks, &mut out);
    memory(source, &mut out);
    if os == Os::Linux && flag(&source.has_tc) == Some(false) {
        out.push(TC_MISSING.hint(
            "source".into(),
            "Traffic Control (tc) is not installed: a speed limit set on the task may not be applied".into(),
        ));
    }
    out
}

/// `1 disk`, `2 disks`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// Natural order of disk names: text compared as text (a shorter run first, so `/dev/sdz`
/// comes before `/dev/sdaa`, as Linux names them), numbers as numbers (`Disk 2` < `Disk 10`).
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (runs(a), runs(b));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let digits = |s: &str| s.starts_with(|c: char| c.is_ascii_digit());
                let order = match (digits(x), digits(y)) {
                    (true, true) => {
                        let (tx, ty) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                        (tx.len(), tx)
                            .cmp(&(ty.len(), ty))
                            .then(x.len().cmp(&y.len()))
                    }
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (false, false) => (x.chars().count(), x.to_lowercase())
                        .cmp(&(y.chars().count(), y.to_lowercase())),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

/// `"nvme10n1"` as `"nvme"`, `"10"`, `"n"`, `"1"`.
fn runs(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let digit = first.is_ascii_digit();
        let end = rest
            .find(|c: char| c.is_ascii_digit() != digit)
            .unwrap_or(rest.len());
        let (run, tail) = rest.split_at(end);
        rest = tail;
        Some(run)
    })
}

/// The disks that hold the OS: flagged `os_disk`, holding an `OS` partition, or holding a
/// physical volume of the volume group whose logical volume is mounted at `/`.
fn os_disks<'a>(source: &Source, disks: &[&'a Disk]) -> Vec<&'a Disk> {
    let root_pvs: HashSet<String> = source
        .volume_groups
        .iter()
        .flatten()
        .flatten()
        .filter(|g| {
            g.logical_volumes
                .iter()
                .flatten()
                .flatten()
                .any(|lv| word(&lv.mount_point) == Some("/"))
        })
        .flat_map(|g| components(&text(&g.components)))
        .collect();
    disks
        .iter()
        .filter(|d| {
            let parts = || d.physical_volumes.iter().flatten().flatten();
            flag(&d.os_disk) == Some(true)
                || parts().any(|p| is(&p.device_use, "OS"))
                || (!root_pvs.is_empty()
                    && (root_pvs.contains(&text(&d.name))
                        || parts().any(|p| root_pvs.contains(&text(&p.name)))))
        })
        .copied()
        .collect()
}

fn components(list: &str) -> Vec<String> {
    list.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `system-disk-over-1tib` and `system-not-first-disk`.
fn system_disk(source: &Source, disks: &[&Disk], out: &mut Vec<Hint>) {
    let first = disks
        .iter()
        .filter_map(|d| d.name.as_ref().map(|n| n.to_string()))
        .filter(|n| !n.is_empty())
        .min_by(|a, b| natural_cmp(a, b));
    for disk in os_disks(source, disks) {
        let subject = format!("disk {}", text(&disk.name));
        if let Some(size) = number(&disk.size)
            && size > TIB
        {
            out.push(SYSTEM_DISK_OVER_1TIB.hint(
                subject.clone(),
                format!(
                    "a system disk of {}: SMS migrates system disks of at most 1 TiB",
                    gib(size)
                ),
            ));
        }
        let name = disk
            .name
            .as_ref()
            .map(|n| n.to_string())
            .unwrap_or_default();
        if let Some(first) = &first
            && !name.is_empty()
            && *first != name
        {
            out.push(SYSTEM_NOT_FIRST_DISK.hint(
                subject,
                format!(
                    "holds the OS but is not the first disk ({}): SMS cannot migrate a system volume off the first disk",
                    sanitize(first)
                ),
            ));
        }
    }
}

/// The size rules of each source disk and its recommended target disk.
fn target_sizes(os: Os, disks: &[&Disk], targets: &[&Disk], out: &mut Vec<Hint>) {
    for (disk, target) in pairs(disks, targets) {
        let subject = format!("disk {}", text(&disk.name));
        let (Some(target_size), size) = (number(&target.size), number(&disk.size)) else {
            continue;
        };
        if let Some(size) = size
            && is(&disk.partition_style, "gpt")
            && target_size < size.saturating_add(GIB)
        {
            out.push(GPT_TARGET_SIZE.hint(
                subject.clone(),
                format!(
                    "GPT disk of {}: its target disk ({}) must be at least 1 GiB larger",
                    gib(size),
                    gib(target_size)
                ),
            ));
        }
        if let Some(used) = number(&disk.used_size)
            && target_size < used
        {
            out.push(TARGET_SMALLER_THAN_USED.hint(
                subject.clone(),
                format!(
                    "the target disk ({}) is smaller than the {} used on it: the data cannot fit",
                    gib(target_size),
                    gib(used)
                ),
            ));
        }
        if let Some(size) = size
            && target_size < size
        {
            out.push(TARGET_SMALLER_THAN_SOURCE.hint(
                subject.clone(),
                format!(
                    "the target disk ({}) is smaller than the source disk ({})",
                    gib(target_size),
                    gib(size)
                ),
            ));
        }
        if os == Os::Linux && target_size > MAX_LINUX_TARGET {
            out.push(TARGET_OVER_16TIB.hint(
                subject,
                format!(
                    "a {} target disk: the Linux agent image's mkfs cannot make file systems over 16 TiB",
                    gib(target_size)
                ),
            ));
        }
    }
}

/// Target disks paired with source disks as SMS pairs them: by name, and a source disk whose
/// name no target has takes the target at its own position (if that one is not taken).
fn pairs<'a>(disks: &[&'a Disk], targets: &[&'a Disk]) -> Vec<(&'a Disk, &'a Disk)> {
    let mut taken = HashSet::new();
    let mut out = Vec::new();
    let name = |d: &Disk| d.name.as_ref().map(|n| n.to_string());
    for disk in disks {
        if let Some(at) = targets
            .iter()
            .position(|t| name(t).is_some() && name(t) == name(disk))
        {
            taken.insert(at);
            out.push((*disk, targets[at]));
        }
    }
    for (i, disk) in disks.iter().enumerate() {
        let named = targets
            .iter()
            .any(|t| name(t).is_some() && name(t) == name(disk));
        if !named && i < targets.len() && taken.insert(i) {
            out.push((*disk, targets[i]));
        }
    }
    out
}

/// `duplicate-vg`, then `nested-lvm`: a physical volume that is itself a logical volume
/// (`/dev/mapper/...`, or `/dev/VG/LV` of a volume group on the server, or the name of one of
/// its logical volumes).
fn volume_groups(source: &Source, out: &mut Vec<Hint>) {
    let groups: Vec<_> = source.volume_groups.iter().flatten().flatten().collect();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut order = Vec::new();
    for name in groups
        .iter()
        .map(|g| text(&g.name))
        .filter(|n| !n.is_empty())
    {
        let n = seen.entry(name.clone()).or_insert(0);
        *n += 1;
        if *n == 2 {
            order.push(name);
        }
    }
    for name in order {
        out.push(DUPLICATE_VG.hint(
            format!("volume group {name}"),
            format!(
                "{} volume groups are named {name}: SMS cannot migrate a source whose volume group names repeat",
                seen[&name]
            ),
        ));
    }
    let vg_names: HashSet<String> = groups.iter().map(|g| text(&g.name)).collect();
    let lv_names: HashSet<String> = groups
        .iter()
        .flat_map(|g| g.logical_volumes.iter().flatten().flatten())
        .map(|lv| text(&lv.name))
        .filter(|n| !n.is_empty())
        .collect();
    for group in &groups {
        for pv in components(&text(&group.components)) {
            let under_vg = pv
                .strip_prefix("/dev/")
                .and_then(|rest| rest.split_once('/'))
                .is_some_and(|(vg, lv)| vg_names.contains(vg) && !lv.is_empty());
            if pv.starts_with("/dev/mapper/") || under_vg || lv_names.contains(&pv) {
                out.push(NESTED_LVM.hint(
                    format!("volume group {}", text(&group.name)),
                    format!(
                        "its physical volume {pv} is itself a logical volume: nested LVM cannot be migrated"
                    ),
                ));
            }
        }
    }
}

fn logical_volumes(source: &Source) -> impl Iterator<Item = &LogicalVolume> {
    source
        .volume_groups
        .iter()
        .flatten()
        .flatten()
        .flat_map(|g| g.logical_volumes.iter().flatten().flatten())
}

fn partitions<'a>(disks: &'a [&'a Disk]) -> impl Iterator<Item = &'a Partition> {
    disks
        .iter()
        .flat_map(|d| d.physical_volumes.iter().flatten().flatten())
}

/// A disk, partition or logical volume reporting more used than its size.
fn used_over_size(source: &Source, disks: &[&Disk], out: &mut Vec<Hint>) {
    let mut check = |what: String, size: &Field, used: &Field| {
        if let (Some(size), Some(used)) = (number(size), number(used))
            && used > size
        {
            out.push(USED_OVER_SIZE.hint(
                what,
                format!(
                    "reports {} used of {}: the agent's data is inconsistent",
                    gib(used),
                    gib(size)
                ),
            ));
        }
    };
    for disk in disks {
        check(
            format!("disk {}", text(&disk.name)),
            &disk.size,
            &disk.used_size,
        );
        for part in disk.physical_volumes.iter().flatten().flatten() {
            check(
                format!("partition {}", text(&part.name)),
                &part.size,
                &part.used_size,
            );
        }
    }
    for lv in logical_volumes(source) {
        check(
            format!("logical volume {}", text(&lv.name)),
            &lv.size,
            &lv.used_size,
        );
    }
}

const LINUX_FILE_SYSTEMS: &[&str] = &["ext2", "ext3", "ext4", "vfat", "xfs"];

/// Left to other rules or not a file system: swap, LVM members, Btrfs, nothing.
fn set_aside(fs: &str) -> bool {
    let fs = fs.to_ascii_lowercase();
    fs.is_empty() || fs.contains("swap") || fs.contains("lvm") || fs == "btrfs"
}

/// `fs-unsupported`: Linux partitions and LVs, Windows partitions but the boot one.
fn file_systems(source: &Source, os: Os, disks: &[&Disk], out: &mut Vec<Hint>) {
    let mut flag_fs = |subject: String, fs: &str, supported: &str| {
        out.push(FS_UNSUPPORTED.hint(
            subject,
            format!(
                "file system {}: SMS supports {supported} here",
                sanitize(fs)
            ),
        ));
    };
    match os {
        Os::Linux => {
            let mut look = |kind: &str, name: &Field, fs: &Field| {
                let fs = word(fs).unwrap_or_default();
                let known = LINUX_FILE_SYSTEMS
                    .iter()
                    .any(|k| fs.eq_ignore_ascii_case(k));
                if !set_aside(fs) && !known {
                    flag_fs(
                        format!("{kind} {}", text(name)),
                        fs,
                        "ext2, ext3, ext4, vfat and xfs",
                    );
                }
            };
            for p in partitions(disks) {
                look("partition", &p.name, &p.file_system);
            }
            for lv in logical_volumes(source) {
                look("logical volume", &lv.name, &lv.file_system);
            }
        }
        Os::Windows => {
            for p in partitions(disks) {
                let fs = word(&p.file_system).unwrap_or_default();
                let boot = is(&p.device_use, "BOOT")
                    || text(&p.name).to_ascii_lowercase().contains("reserved");
                if !boot && !fs.is_empty() && !fs.eq_ignore_ascii_case("ntfs") {
                    flag_fs(format!("partition {}", text(&p.name)), fs, "NTFS only");
                }
            }
        }
        Os::Other => {}
    }
}

/// `btrfs`: one hint per source, naming where (at most three, then a count).
fn btrfs(source: &Source, disks: &[&Disk], out: &mut Vec<Hint>) {
    let mut places: Vec<String> = Vec::new();
    for fs in source.btrfs_list.iter().flatten().flatten() {
        let name = [&fs.name, &fs.device, &fs.uuid]
            .into_iter()
            .map(text)
            .find(|n| !n.is_empty())
            .unwrap_or_else(|| "(unnamed)".into());
        places.push(name);
    }
    let devices: HashSet<String> = source
        .btrfs_list
        .iter()
        .flatten()
        .flatten()
        .map(|fs| text(&fs.device))
        .collect();
    let volumes = partitions(disks)
        .map(|p| (&p.name, &p.file_system))
        .chain(logical_volumes(source).map(|lv| (&lv.name, &lv.file_system)));
    for (name, fs) in volumes {
        if is(fs, "btrfs") && !devices.contains(&text(name)) {
            places.push(text(name));
        }
    }
    if places.is_empty() {
        return;
    }
    let mut listed = places
        .iter()
        .take(3)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if places.len() > 3 {
        listed.push_str(&format!(" and {} more", places.len() - 3));
    }
    out.push(BTRFS.hint(
        "source".into(),
        format!(
            "Btrfs on {listed}: the 2025-09-03 Notes list no Btrfs for Linux and SMS.6509 calls it unsupported, but the FAQs' OS table limits it only on SLES 12 SP0; the documents disagree"
        ),
    ));
}

/// `memory-implausible`, or else `min-spec`.
fn memory(source: &Source, out: &mut Vec<Hint>) {
    let reported = number(&source.memory);
    let implausible = reported.is_some_and(|m| m < MEMORY_PLAUSIBLE_MIB);
    if implausible {
        out.push(MEMORY_IMPLAUSIBLE.hint(
            "source".into(),
            format!(
                "memory reads {}: under 128 MiB whether bytes or MiB, so the agent's data is suspect",
                text(&source.memory)
            ),
        ));
    }
    let mut low = Vec::new();
    if let Some(cpus) = source.cpu_quantity.as_ref().and_then(Scalar::as_f64)
        && cpus < 1.0
    {
        low.push(format!("{cpus} CPUs"));
    }
    if let Some(m) = reported
        && !implausible
    {
        let bytes = memory_bytes(m);
        if bytes < MIN_MEMORY_MIB << 20 {
            low.push(format!("{} MiB of memory", bytes >> 20));
        }
    }
    if !low.is_empty() {
        out.push(MIN_SPEC.hint(
            "source".into(),
            format!(
                "{}: SMS needs at least 1 CPU and 1 GB of memory (under {MIN_MEMORY_MIB} MiB is flagged, as agents report a little under the nominal size)",
                low.join(" and ")
            ),
        ));
    }
}
