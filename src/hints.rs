//! Readiness hints: SMS's documented constraints (its "Notes and Constraints") and facts the
//! response itself implies, checked by sms-inspect from one GET /v3/sources/{id} answer.
//! They are not SMS's environment checks and never pass for them; docs/hints.md has every
//! rule, why, its source and what the tool cannot know. Sizes are binary: the page's "1 GB"
//! and "16 TB" are read as 1 GiB and 16 TiB, as EVS sizes disks in GiB.

use std::collections::HashSet;

use crate::model::{Disk, Field, Scalar, Source};
use crate::sanitize::sanitize;

/// Where SMS documents the constraints (the SMS notes and constraints, as Migration Center's
/// server-migration FAQ states them for SMS).
pub const DOC: &str = "https://support.huaweicloud.com/intl/en-us/mgc_faq/mgc_04_6310.html";
/// The docs of this tool's own rules (facts of the response, not SMS constraints).
pub const OWN_DOC: &str = "docs/hints.md";

/// 1 GiB, the margin a GPT target disk needs.
pub const GIB: u64 = 1 << 30;
/// 16 TiB, the largest file system the Linux agent image's mkfs makes.
pub const MAX_LINUX_TARGET: u64 = 16 << 40;
/// An ECS takes 24 disks; SMS keeps one for a temporary disk.
pub const MAX_DISKS: usize = 23;
/// Memory under this, read as MiB, is no server's.
pub const MEMORY_PLAUSIBLE_MIB: u64 = 128;

/// How much a hint weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HintLevel {
    Warn,
    Error,
}

impl HintLevel {
    pub fn name(self) -> &'static str {
        match self {
            HintLevel::Warn => "warn",
            HintLevel::Error => "error",
        }
    }
}

/// One hint: a stable rule ID, its level, what it is about, what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub rule: &'static str,
    pub level: HintLevel,
    /// What the hint is about, sanitised: `source`, `disk /dev/vdb`, `volume group vg0`...
    pub subject: String,
    /// One line in our words, sanitised.
    pub message: String,
}

impl Hint {
    /// Where the rule is documented.
    pub fn doc(&self) -> &'static str {
        match self.rule {
            "used-over-size" | "memory-implausible" | "target-smaller-than-used" => OWN_DOC,
            _ => DOC,
        }
    }
}

/// Every rule's ID, for the docs and the tests.
pub const RULES: &[&str] = &[
    "disk-count",
    "gpt-target-size",
    "target-smaller-than-used",
    "target-smaller-than-source",
    "target-over-16tib",
    "nested-lvm",
    "used-over-size",
    "memory-implausible",
];

fn text(f: &Field) -> String {
    f.as_ref()
        .map(|v| sanitize(&v.to_string()).into_owned())
        .unwrap_or_default()
}

fn number(f: &Field) -> Option<u64> {
    f.as_ref().and_then(Scalar::as_u64)
}

fn gib(bytes: u64) -> String {
    let g = bytes as f64 / GIB as f64;
    if g.fract() == 0.0 {
        format!("{g:.0} GiB")
    } else {
        format!("{g:.2} GiB")
    }
}

/// The hints of one source server, errors first.
pub fn hints(source: &Source) -> Vec<Hint> {
    let mut out = Vec::new();
    let disks: Vec<&Disk> = source.disks.iter().flatten().flatten().collect();
    if disks.len() > MAX_DISKS {
        out.push(Hint {
            rule: "disk-count",
            level: HintLevel::Error,
            subject: "source".into(),
            message: format!(
                "{} disks; SMS migrates at most {MAX_DISKS} (an ECS takes 24, one is kept for a temporary disk)",
                disks.len()
            ),
        });
    }
    let linux = source
        .os_type
        .as_ref()
        .and_then(Scalar::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("linux"));
    let targets: Vec<&Disk> = source
        .init_target_server
        .iter()
        .flat_map(|t| t.disks.iter().flatten().flatten())
        .collect();
    for (disk, target) in pairs(&disks, &targets) {
        let subject = format!("disk {}", text(&disk.name));
        let (Some(target_size), size) = (number(&target.size), number(&disk.size)) else {
            continue;
        };
        let gpt = disk
            .partition_style
            .as_ref()
            .and_then(Scalar::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("gpt"));
        if let Some(size) = size
            && gpt
            && target_size < size.saturating_add(GIB)
        {
            out.push(Hint {
                rule: "gpt-target-size",
                level: HintLevel::Error,
                subject: subject.clone(),
                message: format!(
                    "GPT disk of {}: its target disk ({}) must be at least 1 GiB larger",
                    gib(size),
                    gib(target_size)
                ),
            });
        }
        if let Some(used) = number(&disk.used_size)
            && target_size < used
        {
            out.push(Hint {
                rule: "target-smaller-than-used",
                level: HintLevel::Error,
                subject: subject.clone(),
                message: format!(
                    "the target disk ({}) is smaller than the {} used on it: the data cannot fit",
                    gib(target_size),
                    gib(used)
                ),
            });
        }
        if let Some(size) = size
            && target_size < size
        {
            out.push(Hint {
                rule: "target-smaller-than-source",
                level: HintLevel::Warn,
                subject: subject.clone(),
                message: format!(
                    "the target disk ({}) is smaller than the source disk ({})",
                    gib(target_size),
                    gib(size)
                ),
            });
        }
        if linux && target_size > MAX_LINUX_TARGET {
            out.push(Hint {
                rule: "target-over-16tib",
                level: HintLevel::Error,
                subject,
                message: format!(
                    "a {} target disk: the Linux agent image's mkfs cannot make file systems over 16 TiB",
                    gib(target_size)
                ),
            });
        }
    }
    nested_lvm(source, &mut out);
    used_over_size(source, &disks, &mut out);
    if number(&source.memory).is_some_and(|m| m < MEMORY_PLAUSIBLE_MIB) {
        out.push(Hint {
            rule: "memory-implausible",
            level: HintLevel::Warn,
            subject: "source".into(),
            message: format!(
                "memory reads {}: under 128 MiB whether bytes or MiB, so the agent's data is suspect",
                text(&source.memory)
            ),
        });
    }
    out.sort_by_key(|h| std::cmp::Reverse(h.level));
    out
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

/// A physical volume that is itself a logical volume: `/dev/mapper/...`, or `/dev/VG/LV` of
/// a volume group on the server, or the name of one of its logical volumes.
fn nested_lvm(source: &Source, out: &mut Vec<Hint>) {
    let groups: Vec<_> = source.volume_groups.iter().flatten().flatten().collect();
    let vg_names: HashSet<String> = groups.iter().map(|g| text(&g.name)).collect();
    let lv_names: HashSet<String> = groups
        .iter()
        .flat_map(|g| g.logical_volumes.iter().flatten().flatten())
        .map(|lv| text(&lv.name))
        .filter(|n| !n.is_empty())
        .collect();
    for group in &groups {
        let components = text(&group.components);
        for pv in components
            .split([',', ' ', ';'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let under_vg = pv
                .strip_prefix("/dev/")
                .and_then(|rest| rest.split_once('/'))
                .is_some_and(|(vg, lv)| vg_names.contains(vg) && !lv.is_empty());
            if pv.starts_with("/dev/mapper/") || under_vg || lv_names.contains(pv) {
                out.push(Hint {
                    rule: "nested-lvm",
                    level: HintLevel::Error,
                    subject: format!("volume group {}", text(&group.name)),
                    message: format!(
                        "its physical volume {pv} is itself a logical volume: nested LVM cannot be migrated"
                    ),
                });
            }
        }
    }
}

/// A disk, partition or logical volume reporting more used than its size.
fn used_over_size(source: &Source, disks: &[&Disk], out: &mut Vec<Hint>) {
    let mut check = |what: String, size: &Field, used: &Field| {
        if let (Some(size), Some(used)) = (number(size), number(used))
            && used > size
        {
            out.push(Hint {
                rule: "used-over-size",
                level: HintLevel::Warn,
                subject: what,
                message: format!(
                    "reports {} used of {}: the agent's data is inconsistent",
                    gib(used),
                    gib(size)
                ),
            });
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
    for group in source.volume_groups.iter().flatten().flatten() {
        for lv in group.logical_volumes.iter().flatten().flatten() {
            check(
                format!("logical volume {}", text(&lv.name)),
                &lv.size,
                &lv.used_size,
            );
        }
    }
}

/// Counts of hints by level.
pub fn counts(hints: &[Hint]) -> (usize, usize) {
    let errors = hints.iter().filter(|h| h.level == HintLevel::Error).count();
    (errors, hints.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_source;

    fn rules(body: &str) -> Vec<&'static str> {
        hints(&parse_source(body.as_bytes()).unwrap())
            .into_iter()
            .map(|h| h.rule)
            .collect()
    }

    #[test]
    fn disk_count_boundary() {
        let disks = |n: usize| {
            let d: Vec<String> = (0..n).map(|i| format!(r#"{{"name":"d{i}"}}"#)).collect();
            format!(r#"{{"disks":[{}]}}"#, d.join(","))
        };
        assert!(rules(&disks(23)).is_empty());
        assert_eq!(rules(&disks(24)), ["disk-count"]);
    }

    #[test]
    fn targets_pair_by_name_then_by_order() {
        let body = r#"{"disks":[{"name":"a","size":10},{"name":"b","size":20},{"name":"c","size":30}],
            "init_target_server":{"disks":[{"name":"b","size":20},{"name":"x","size":5},{"name":"y","size":30}]}}"#;
        let h = hints(&parse_source(body.as_bytes()).unwrap());
        // b pairs with b by name; a's position (0) is b's, so a has no target; c takes y.
        assert_eq!(h.len(), 0, "{h:?}");
        let body = r#"{"disks":[{"name":"a","size":10},{"name":"b","size":20}],
            "init_target_server":{"disks":[{"name":"x","size":5},{"name":"b","size":20}]}}"#;
        let h = hints(&parse_source(body.as_bytes()).unwrap());
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].subject, "disk a");
    }

    #[test]
    fn nested_lvm_is_seen_in_its_three_spellings() {
        for pv in ["/dev/mapper/vg0-inner", "/dev/vg0/inner", "inner"] {
            let body = format!(
                r#"{{"volume_groups":[{{"name":"vg0","components":"/dev/sda2","logical_volumes":[{{"name":"inner"}}]}},{{"name":"vg1","components":"/dev/sdb1, {pv}"}}]}}"#
            );
            assert_eq!(rules(&body), ["nested-lvm"], "{pv}");
        }
        assert!(rules(r#"{"volume_groups":[{"name":"vg0","components":"/dev/sda2"}]}"#).is_empty());
    }
}
