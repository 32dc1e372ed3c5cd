//! Readiness hints: SMS's documented constraints (its "Notes and Constraints", "Precautions"
//! and FAQs) and facts the response itself implies, checked by sms-inspect from one
//! GET /v3/sources/{id} answer. They are not SMS's environment checks and never pass for them.
//!
//! [`RULES`] is the one table of rules: ID, level, subject, the page each comes from and what
//! to do. A rule's checking code (in `rules.rs`) makes its hints through its table entry, so
//! the ID, level and link are written once; docs/hints.md's table is generated from it
//! ([`markdown_table`]). Sizes are binary: the pages' "1 GB", "1 TB" and "16 TB" are read as
//! GiB and TiB, as EVS sizes disks in GiB.

mod rules;

use crate::model::{Field, Scalar, Source};
use crate::sanitize::sanitize;

/// 1 GiB, the margin a GPT target disk needs.
pub const GIB: u64 = 1 << 30;
/// 1 TiB, the largest system disk SMS migrates.
pub const TIB: u64 = 1 << 40;
/// 16 TiB, the largest file system the Linux agent image's mkfs makes.
pub const MAX_LINUX_TARGET: u64 = 16 << 40;
/// An ECS takes 24 disks; SMS keeps one for a temporary disk.
pub const MAX_DISKS: usize = 23;
/// Memory under this, read as MiB, is no server's.
pub const MEMORY_PLAUSIBLE_MIB: u64 = 128;
/// Memory below this is taken to be in MiB (as the API page documents), from it on in bytes
/// (as the API's own example and real agents report). No server runs with less than 128 MiB,
/// and none has 128 TiB, so the two readings never overlap.
pub const MEMORY_BYTES_FROM: u64 = 128 * 1024 * 1024;
/// The least memory `min-spec` accepts: SMS asks for 1 GB, and agents report a little less
/// than the nominal size (the API page's 2 GiB server reads 2,146,553,856 bytes).
pub const MIN_MEMORY_MIB: u64 = 900;

/// Memory in bytes, read with the unit rule of [`MEMORY_BYTES_FROM`].
pub fn memory_bytes(reported: u64) -> u64 {
    if reported >= MEMORY_BYTES_FROM {
        reported
    } else {
        reported << 20
    }
}

/// A page a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doc {
    pub title: &'static str,
    pub url: &'static str,
    /// The page's "updated on" date (or issue date); empty for this tool's own docs.
    pub updated: &'static str,
}

/// SMS's "Notes and Constraints" (Product Description).
pub const NOTES: Doc = Doc {
    title: "SMS Notes and Constraints",
    url: "https://support.huaweicloud.com/intl/en-us/productdesc-sms/sms_01_0012.html",
    updated: "2025-09-03",
};
/// SMS's "Precautions" (Product Description).
pub const PRECAUTIONS: Doc = Doc {
    title: "SMS Precautions",
    url: "https://support.huaweicloud.com/intl/en-us/productdesc-sms/sms_01_0010.html",
    updated: "2025-09-03",
};
/// SMS's FAQs (Issue 70).
pub const FAQS: Doc = Doc {
    title: "SMS FAQs (Issue 70)",
    url: "https://support.huaweicloud.com/intl/en-us/sms_faq/index.html",
    updated: "2025-11-05",
};
/// This tool's own rules: facts of the response, not SMS constraints.
pub const OWN: Doc = Doc {
    title: "sms-inspect's readiness hints",
    url: "docs/hints.md",
    updated: "",
};

/// Where most rules are documented (SMS's Notes and Constraints).
pub const DOC: &str = NOTES.url;
/// The docs of this tool's own rules (facts of the response, not SMS constraints).
pub const OWN_DOC: &str = OWN.url;

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

/// One rule: everything about it but the code that checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable: scripts and `--fail-on-hints` reports name it.
    pub id: &'static str,
    pub level: HintLevel,
    /// What its hints are about (`source`, `disk`, `volume group`...).
    pub subject: &'static str,
    /// When it fires, in a few words.
    pub fires: &'static str,
    /// The page it comes from, and the one each hint links.
    pub doc: Doc,
    /// A second page it cites, where the documents add to or contradict each other.
    pub also: Option<Doc>,
    /// What the pages say, in our words (a phrase at most quoted).
    pub basis: &'static str,
    /// What to do about it: one line, in our own words.
    pub remedy: &'static str,
}

impl Rule {
    /// The rule with this ID.
    pub fn find(id: &str) -> Option<&'static Rule> {
        RULES.iter().find(|r| r.id == id)
    }

    /// A hint of this rule; `subject` and `message` must already be sanitised.
    fn hint(&self, subject: String, message: String) -> Hint {
        Hint {
            rule: self.id,
            level: self.level,
            subject,
            message,
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
    /// The rule's entry in [`RULES`].
    pub fn entry(&self) -> Option<&'static Rule> {
        Rule::find(self.rule)
    }

    /// Where the rule is documented.
    pub fn doc(&self) -> &'static str {
        self.entry().map_or(OWN.url, |r| r.doc.url)
    }

    /// What to do about it, in one line.
    pub fn remedy(&self) -> &'static str {
        self.entry().map_or("", |r| r.remedy)
    }
}

pub const DISK_COUNT: Rule = Rule {
    id: "disk-count",
    level: HintLevel::Error,
    subject: "source",
    fires: "the source has more than 23 disks",
    doc: NOTES,
    also: None,
    basis: "an ECS takes 24 disks and SMS keeps one for a temporary disk",
    remedy: "Bring the source down to 23 disks; move the rest's data apart",
};
pub const SYSTEM_DISK_OVER_1TIB: Rule = Rule {
    id: "system-disk-over-1tib",
    level: HintLevel::Error,
    subject: "disk",
    fires: "the disk that holds the OS (an `OS` partition, the PV under the LV mounted at `/`, \
            or `os_disk: true`) is larger than 1 TiB",
    doc: FAQS,
    also: None,
    basis: "SMS.6537: system disks over 1 TB cannot be migrated (an ECS system disk made from \
            an image is at most 1 TB)",
    remedy: "Shrink the system disk to 1 TiB or less, moving data to data disks",
};
pub const SYSTEM_NOT_FIRST_DISK: Rule = Rule {
    id: "system-not-first-disk",
    level: HintLevel::Error,
    subject: "disk",
    fires: "the disk that holds the OS is not the first disk in the natural order of names \
            (`/dev/sda` < `/dev/sdb`, `nvme0n1` < `nvme1n1`, `Disk 2` < `Disk 10`)",
    doc: NOTES,
    also: None,
    basis: "a system volume off the first disk blocks the migration",
    remedy: "Move the system volume to the first disk before migrating",
};
pub const TARGET_DISK_COUNT: Rule = Rule {
    id: "target-disk-count",
    level: HintLevel::Warn,
    subject: "source",
    fires: "the recommended target (`init_target_server.disks`) has fewer disks than the \
            source (no hint without a recommended target)",
    doc: FAQS,
    also: Some(NOTES),
    basis: "the FAQs (2.7, and the unmounted-disks constraint) ask for as many target disks as \
            source disks, unmounted ones included; the Notes say unused disks are not \
            migrated: the pages differ, so a warning",
    remedy: "Give the target one disk per source disk, unmounted ones included",
};
pub const GPT_TARGET_SIZE: Rule = Rule {
    id: "gpt-target-size",
    level: HintLevel::Error,
    subject: "disk",
    fires: "a GPT source disk's paired recommended target disk is not at least 1 GiB larger \
            than the source disk",
    doc: NOTES,
    also: None,
    basis: "a GPT disk's target needs 1 GB more than the source disk",
    remedy: "Make the target disk at least 1 GiB larger than the source disk",
};
pub const TARGET_SMALLER_THAN_USED: Rule = Rule {
    id: "target-smaller-than-used",
    level: HintLevel::Error,
    subject: "disk",
    fires: "a recommended target disk is smaller than the used bytes of its source disk",
    doc: OWN,
    also: None,
    basis: "a fact of the response: the data cannot fit",
    remedy: "Make the target disk at least as large as the source disk",
};
pub const TARGET_SMALLER_THAN_SOURCE: Rule = Rule {
    id: "target-smaller-than-source",
    level: HintLevel::Error,
    subject: "disk",
    fires: "a recommended target disk is smaller than its paired source disk",
    doc: FAQS,
    also: None,
    basis: "2.7: each target disk must be at least as large as its paired source disk",
    remedy: "Resize the target disk in the task to at least the source's size",
};
pub const TARGET_OVER_16TIB: Rule = Rule {
    id: "target-over-16tib",
    level: HintLevel::Error,
    subject: "disk",
    fires: "a Linux source, and a recommended target disk over 16 TiB",
    doc: NOTES,
    also: None,
    basis: "the Linux agent image's mkfs stops at 16 TB file systems",
    remedy: "Keep each Linux target disk at 16 TiB or less; split larger ones",
};
pub const DUPLICATE_VG: Rule = Rule {
    id: "duplicate-vg",
    level: HintLevel::Error,
    subject: "volume group",
    fires: "two volume groups have the same name",
    doc: FAQS,
    also: None,
    basis: "6.16: a Linux source cannot have volume groups of the same name",
    remedy: "Rename volume groups (vgrename) so that each name is unique",
};
pub const NESTED_LVM: Rule = Rule {
    id: "nested-lvm",
    level: HintLevel::Error,
    subject: "volume group",
    fires: "a volume group's physical volume is itself a logical volume (`/dev/mapper/...`, \
            `/dev/VG/LV` of a volume group on the server, or the name of one of its LVs)",
    doc: NOTES,
    also: None,
    basis: "SMS does not migrate LVM nested inside LVM",
    remedy: "Move the data off the nested volume group, flattening the LVM",
};
pub const USED_OVER_SIZE: Rule = Rule {
    id: "used-over-size",
    level: HintLevel::Warn,
    subject: "disk, partition or logical volume",
    fires: "a disk, partition or logical volume reports more used than its size",
    doc: OWN,
    also: None,
    basis: "a fact of the response: the agent's data is inconsistent",
    remedy: "Restart the agent so that it reports the disks again, then recheck",
};
pub const FS_UNSUPPORTED: Rule = Rule {
    id: "fs-unsupported",
    level: HintLevel::Warn,
    subject: "partition or logical volume",
    fires: "Linux: a partition or LV whose file system is none of ext2, ext3, ext4, vfat, xfs \
            (swap, LVM members, Btrfs and empty ones aside); Windows: a partition other than \
            the boot or system-reserved one whose file system is not NTFS (empty ones aside)",
    doc: NOTES,
    also: Some(FAQS),
    basis: "the Notes list the file systems SMS supports (Windows: NTFS only); SMS.6509 names \
            FAT32 on a non-boot partition",
    remedy: "Convert it to a supported file system, or move its data off",
};
pub const BTRFS: Rule = Rule {
    id: "btrfs",
    level: HintLevel::Warn,
    subject: "source",
    fires: "the source has Btrfs (`btrfs_list`, or a Btrfs partition or LV)",
    doc: NOTES,
    also: Some(FAQS),
    basis: "the 2025-09-03 Notes list no Btrfs for Linux and SMS.6509 calls it unsupported, \
            while the FAQs' OS table restricts it only on SLES 12 SP0: the documents disagree",
    remedy: "Confirm Btrfs support for this OS with Huawei Cloud first",
};
pub const MEMORY_IMPLAUSIBLE: Rule = Rule {
    id: "memory-implausible",
    level: HintLevel::Warn,
    subject: "source",
    fires: "memory reads under 128 (MiB): no server has that little, whichever unit the agent \
            meant",
    doc: OWN,
    also: None,
    basis: "a fact of the response",
    remedy: "Check the memory on the source itself; restart the agent",
};
pub const MIN_SPEC: Rule = Rule {
    id: "min-spec",
    level: HintLevel::Warn,
    subject: "source",
    fires: "fewer than 1 CPU, or under 900 MiB of memory after the memory-unit rule (not when \
            `memory-implausible` fires)",
    doc: NOTES,
    also: None,
    basis: "at least 1 CPU and 1 GB of memory (agents report a little under the nominal size, \
            and the Windows line's \"more than 1 CPU\" is not applied: the API page's own \
            Windows example has 1 CPU)",
    remedy: "Give the source at least 1 CPU and 1 GiB of memory",
};
pub const TC_MISSING: Rule = Rule {
    id: "tc-missing",
    level: HintLevel::Warn,
    subject: "source",
    fires: "a Linux source with `has_tc: false` (absent: no hint)",
    doc: PRECAUTIONS,
    also: None,
    basis: "without Traffic Control a speed limit may not be applied (SMS.9007)",
    remedy: "Install tc (iproute) on the source if the task will limit speed",
};

/// Every rule, in the order its hints are made (errors are then shown first).
pub const RULES: &[Rule] = &[
    DISK_COUNT,
    SYSTEM_DISK_OVER_1TIB,
    SYSTEM_NOT_FIRST_DISK,
    TARGET_DISK_COUNT,
    GPT_TARGET_SIZE,
    TARGET_SMALLER_THAN_USED,
    TARGET_SMALLER_THAN_SOURCE,
    TARGET_OVER_16TIB,
    DUPLICATE_VG,
    NESTED_LVM,
    USED_OVER_SIZE,
    FS_UNSUPPORTED,
    BTRFS,
    MEMORY_IMPLAUSIBLE,
    MIN_SPEC,
    TC_MISSING,
];

/// The hints of one source server, errors first.
pub fn hints(source: &Source) -> Vec<Hint> {
    let mut out = rules::check(source);
    out.sort_by_key(|h| std::cmp::Reverse(h.level));
    out
}

/// Counts of hints by level.
pub fn counts(hints: &[Hint]) -> (usize, usize) {
    let errors = hints.iter().filter(|h| h.level == HintLevel::Error).count();
    (errors, hints.len() - errors)
}

/// The rule table as docs/hints.md shows it (a test keeps that file equal to this).
pub fn markdown_table() -> String {
    let cite = |d: &Doc| {
        if d.updated.is_empty() {
            "a fact of the response".to_owned()
        } else {
            format!("[{}]({}), {}", d.title, d.url, d.updated)
        }
    };
    let mut t = String::from(
        "| rule ID | level | subject | fires when | source | what to do |\n\
         |---|---|---|---|---|---|\n",
    );
    for r in RULES {
        let mut source = cite(&r.doc);
        if let Some(also) = &r.also {
            source.push_str("; ");
            source.push_str(&cite(also));
        }
        if !r.doc.updated.is_empty() {
            source.push_str(": ");
            source.push_str(r.basis);
        }
        t.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            r.id,
            r.level.name(),
            r.subject,
            r.fires,
            source,
            r.remedy
        ));
    }
    t
}

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

#[cfg(test)]
mod tests;
