//! The SMS error codes that Huawei's public SMS documentation describes, as data: for each,
//! a category, a one-line summary in our own words and the page that documents it.
//!
//! Huawei's documentation is not under an open licence: this table carries facts (the codes
//! and where they are documented), our own summaries and links, never copied text.
//! `docs/error-codes.md` lists it with the section that documents each code and the date read.

use std::fmt;

/// What an error code is about, for sorting and for a reader skimming the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    Agent,
    Network,
    SourceOs,
    FileSystem,
    Disk,
    Target,
    Quota,
    Authentication,
}

impl Category {
    /// The name shown in tables and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Category::Agent => "agent",
            Category::Network => "network",
            Category::SourceOs => "source OS",
            Category::FileSystem => "file system",
            Category::Disk => "disk",
            Category::Target => "target",
            Category::Quota => "quota",
            Category::Authentication => "authentication",
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One documented SMS error code.
#[derive(Debug, PartialEq, Eq)]
pub struct Code {
    /// `SMS.` and four digits, as SMS sends it.
    pub code: &'static str,
    pub category: Category,
    /// One line, in our own words.
    pub summary: &'static str,
    /// The Huawei page that documents the code.
    pub link: &'static str,
}

/// The SMS FAQs (Issue 70, 2025-11-05), chapter "Error Codes and Solutions".
const FAQ: &str = "https://support.huaweicloud.com/intl/en-us/sms_faq/index.html";
/// The SMS API Reference's error-code page.
const API: &str = "https://support.huaweicloud.com/intl/en-us/api-sms/ErrorCode.html";

use Category::{Agent, Authentication, Disk, FileSystem, Network, Quota, SourceOs, Target};

const fn code(
    code: &'static str,
    category: Category,
    summary: &'static str,
    link: &'static str,
) -> Code {
    Code {
        code,
        category,
        summary,
        link,
    }
}

/// Every known code, in numeric order.
#[rustfmt::skip]
pub const CODES: &[Code] = &[
    code("SMS.0007", Agent, "The agent on the source hit an internal fault; support has to look at it.", API),
    code("SMS.0201", Network, "The source could not reach the API gateway because its network was too busy.", API),
    code("SMS.0202", Authentication, "The agent's AK/SK pair was refused: wrong keys, another account's keys, or a frozen account.", FAQ),
    code("SMS.0203", Network, "The source timed out reaching the API gateway; it needs outbound access to the cloud's endpoints.", FAQ),
    code("SMS.0204", Authentication, "The account or IAM user lacks a fine-grained permission SMS needs.", FAQ),
    code("SMS.0205", Authentication, "Request signing failed because the source's clock or time zone is off.", FAQ),
    code("SMS.0206", SourceOs, "The source is not an x86 machine; SMS moves only x86 servers.", FAQ),
    code("SMS.0207", SourceOs, "The source has no KVM drivers installed.", API),
    code("SMS.0208", Network, "The agent could not send the accepted service statement to SMS.", FAQ),
    code("SMS.0210", Target, "The agent could not create a file it needs on the target server.", FAQ),
    code("SMS.0211", Target, "The agent could not hand the certificate's decryption key to the target server.", API),
    code("SMS.0212", Agent, "The agent was restarted mid-task; delete the target configuration and set it up again.", FAQ),
    code("SMS.0219", Authentication, "The agent could not read a temporary credential from its configuration file.", FAQ),
    code("SMS.0303", Network, "The source could not resolve or reach a domain name it needs (check DNS).", FAQ),
    code("SMS.0304", Network, "TLS certificate verification failed when the agent called the SMS endpoint.", FAQ),
    code("SMS.0410", SourceOs, "The agent could not read the source's network interface details.", FAQ),
    code("SMS.0412", Target, "The target server that the task names no longer exists.", FAQ),
    code("SMS.0515", Disk, "The source's disks changed after the target was set up; reconfigure the target and restart the agent.", FAQ),
    code("SMS.0609", Agent, "An outdated agent is installed; remove it fully and install the current one.", FAQ),
    code("SMS.0805", Disk, "Copying a partition to the target server failed.", FAQ),
    code("SMS.0806", Disk, "Synchronizing a partition to the target server failed.", FAQ),
    code("SMS.0807", Network, "The network between the source and the target failed during the copy.", FAQ),
    code("SMS.1104", Disk, "SMS could not detach a disk (from the target) during the task.", FAQ),
    code("SMS.1105", Disk, "SMS could not create a disk for the target.", FAQ),
    code("SMS.1106", Disk, "SMS could not delete a disk it created (often after the copy itself finished).", FAQ),
    code("SMS.1113", Target, "Rewriting the partition layout on the target server failed.", FAQ),
    code("SMS.1204", SourceOs, "The agent could not create a file it needs on the source.", FAQ),
    code("SMS.1205", SourceOs, "Windows Management Instrumentation (WMI) would not load on the Windows source.", FAQ),
    code("SMS.1351", FileSystem, "A mount point on the source is completely full; it needs at least 1 MB free.", FAQ),
    code("SMS.1352", Disk, "The source has LVM physical volumes the agent cannot place.", FAQ),
    code("SMS.1353", FileSystem, "The source has a bind mount, or one file system mounted twice.", FAQ),
    code("SMS.1402", SourceOs, "No SSH client is installed on the Linux source.", FAQ),
    code("SMS.1414", Agent, "The agent's migration module died and data stopped syncing.", FAQ),
    code("SMS.1807", Network, "The source cannot connect to the target's IP address on port 8900.", FAQ),
    code("SMS.1901", Disk, "The agent failed to collect the source's disk details.", FAQ),
    code("SMS.1902", Agent, "The agent's I/O monitoring module would not start (missing kernel pieces on Linux).", FAQ),
    code("SMS.1904", SourceOs, "A snapshot of the Windows source could not be taken.", FAQ),
    code("SMS.2802", Network, "The source cannot connect to the target's IP address on port 8899.", FAQ),
    code("SMS.3102", Target, "SMS could not rewrite the target server's initial RAM disk (initrd).", FAQ),
    code("SMS.3205", Target, "A partition could not be mounted at its directory on the target server.", FAQ),
    code("SMS.3802", Network, "No SSH session could be opened from the source to the target server.", FAQ),
    code("SMS.3803", Target, "SSH to the target's port 22 failed: the target's host key did not verify.", FAQ),
    code("SMS.3804", Authentication, "SSH to the target's port 22 failed: the login credential was not accepted.", FAQ),
    code("SMS.3805", Network, "SSH to the target's port 22 timed out (security group, ACL or firewall).", FAQ),
    code("SMS.3806", Network, "SSH to the target's port 22 was actively refused.", FAQ),
    code("SMS.5102", SourceOs, "The agent cannot start on Linux because /tmp is mounted noexec.", FAQ),
    code("SMS.5105", SourceOs, "The agent cannot start: it may not add or remove files in a directory it uses.", FAQ),
    code("SMS.5108", FileSystem, "The agent's df -TH call on the source returned an error.", FAQ),
    code("SMS.5112", Agent, "The agent's main Linux program (linuxmain) would not run.", FAQ),
    code("SMS.5113", Agent, "One of the agent's Linux pre-checks ran too long and timed out.", FAQ),
    code("SMS.6303", Agent, "The installed agent is too old for SMS; install the latest release.", FAQ),
    code("SMS.6509", FileSystem, "The source uses a file system SMS cannot migrate.", FAQ),
    code("SMS.6511", SourceOs, "Driver files SMS needs are missing from the Windows source.", FAQ),
    code("SMS.6517", SourceOs, "rsync is missing on the Linux source; install it and restart the agent.", FAQ),
    code("SMS.6526", Quota, "A quota ran out, or the account is frozen, suspended or restricted.", FAQ),
    code("SMS.6528", Authentication, "The account has not completed real-name authentication.", FAQ),
    code("SMS.6533", SourceOs, "The Volume Shadow Copy service is absent or disabled on the Windows source.", FAQ),
    code("SMS.6537", Disk, "The system disk is larger than 1 TB, the most an image-built server takes.", FAQ),
    code("SMS.6563", SourceOs, "No initrd or initramfs for the running kernel was found under /boot.", FAQ),
    code("SMS.6564", SourceOs, "GRUB's i386-pc component is missing on a BIOS-booted Linux source.", FAQ),
    code("SMS.6616", SourceOs, "Block-level migration is not offered for the source's operating system.", FAQ),
    code("SMS.6617", SourceOs, "Block-level migration is not offered for the source's kernel version.", FAQ),
    code("SMS.9007", Agent, "The task was paused: the transfer rate kept going over its limit.", FAQ),
];

/// `SMS.` followed by exactly four digits (any case of `sms`).
fn well_formed(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 8
        && bytes[..4].eq_ignore_ascii_case(b"SMS.")
        && bytes[4..].iter().all(u8::is_ascii_digit)
}

/// The entry for `code`, however it is cased (`sms.6509` finds `SMS.6509`); surrounding
/// blanks are ignored.
pub fn lookup(code: &str) -> Option<&'static Code> {
    let code = code.trim();
    if !well_formed(code) {
        return None;
    }
    CODES.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// Known codes close to `code`, nearest first (at most five): those within two edits of its
/// digits, else those sharing its leading digits (`SMS.9999` suggests `SMS.9007`). Empty
/// when it holds no digit.
pub fn nearest(code: &str) -> Vec<&'static str> {
    let wanted: String = code.chars().filter(char::is_ascii_digit).take(8).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let scored: Vec<(usize, usize, &'static str)> = CODES
        .iter()
        .map(|c| {
            let digits = &c.code[4..];
            let shared = digits
                .chars()
                .zip(wanted.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (strsim::levenshtein(&wanted, digits), shared, c.code)
        })
        .collect();
    let mut close: Vec<_> = scored
        .iter()
        .filter(|(distance, _, _)| *distance <= 2)
        .map(|&(distance, shared, c)| (distance, 4 - shared, c))
        .collect();
    if close.is_empty() {
        close = scored
            .iter()
            .filter(|(_, shared, _)| *shared > 0)
            .map(|&(distance, shared, c)| (4 - shared, distance, c))
            .collect();
    }
    close.sort();
    close.into_iter().take(5).map(|(_, _, c)| c).collect()
}

/// The first known `SMS.nnnn` inside a message (a check's code, an error line, a task's
/// `error_json`), for a pointer to `explain`.
pub fn find_in(text: &str) -> Option<&'static Code> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(i) = find_ci(&bytes[at..], b"SMS.") {
        let start = at + i;
        let end = start + 8;
        let digits_follow = bytes
            .get(start + 4..end)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        let bounded = bytes.get(end).is_none_or(|b| !b.is_ascii_digit())
            && (start == 0 || !bytes[start - 1].is_ascii_alphanumeric());
        if digits_follow
            && bounded
            && let Some(found) = lookup(&text[start..end])
        {
            return Some(found);
        }
        at = start + 1;
    }
    None
}

fn find_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// The pointer other outputs print after a known code: `see: sms-inspect explain SMS.6509`.
pub fn see_also(code: &Code) -> String {
    format!("see: sms-inspect explain {}", code.code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_is_complete_and_unique() {
        let mut codes = HashSet::new();
        let mut summaries = HashSet::new();
        let mut previous = "";
        for c in CODES {
            assert!(
                well_formed(c.code) && c.code.starts_with("SMS."),
                "{}",
                c.code
            );
            assert!(codes.insert(c.code), "{} twice", c.code);
            assert!(c.code > previous, "{} out of order", c.code);
            previous = c.code;
            assert!(!c.summary.trim().is_empty(), "{} has no summary", c.code);
            assert!(c.summary.len() <= 110, "{}: one line, please", c.code);
            assert!(!c.summary.contains('\n'), "{}", c.code);
            assert!(
                summaries.insert(c.summary.to_lowercase()),
                "{}: summary repeated",
                c.code
            );
            assert!(!c.category.name().is_empty());
            assert!(
                c.link.starts_with("https://support.huaweicloud.com/"),
                "{}: {}",
                c.code,
                c.link
            );
            assert_eq!(lookup(c.code), Some(c));
        }
        // The FAQs' error-code chapter alone documents 59 codes (16.57 holds two).
        assert!(CODES.iter().filter(|c| c.link == FAQ).count() >= 59);
    }

    #[test]
    fn lookup_ignores_case_and_rejects_the_malformed() {
        assert_eq!(lookup("sms.6509").map(|c| c.code), Some("SMS.6509"));
        assert_eq!(lookup(" Sms.3805 ").map(|c| c.code), Some("SMS.3805"));
        for bad in [
            "",
            "SMS.",
            "SMS.650",
            "SMS.65090",
            "SMS-6509",
            "6509",
            "SMS.65\u{1b}9",
            "ＳMS.6509",
        ] {
            assert_eq!(lookup(bad), None, "{bad:?}");
        }
        assert_eq!(lookup("SMS.9999"), None);
    }

    #[test]
    fn nearest_suggests_close_codes() {
        assert_eq!(nearest("SMS.6508").first(), Some(&"SMS.6509"));
        assert!(nearest("SMS.3807").contains(&"SMS.3806"));
        assert!(nearest("sms.0205x").contains(&"SMS.0205"));
        assert_eq!(nearest("SMS.9999").first(), Some(&"SMS.9007"));
        assert!(nearest("SMS.7777").is_empty(), "no code starts with 7");
        assert!(nearest("foo").is_empty());
        assert!(nearest("").is_empty());
        assert!(nearest("SMS.6509").len() <= 5);
    }

    #[test]
    fn find_in_takes_the_first_known_code() {
        assert_eq!(
            find_in(r#"{"error_code": "SMS.6509", "error_param": []}"#).map(|c| c.code),
            Some("SMS.6509")
        );
        assert_eq!(
            find_in("SMS.9999 then sms.3805").map(|c| c.code),
            Some("SMS.3805")
        );
        assert_eq!(find_in("XSMS.3805 SMS.38050 SMS.380"), None);
        assert_eq!(find_in("no code here"), None);
        assert_eq!(find_in("ünïcode SMS.0202"), lookup("SMS.0202"));
    }

    #[test]
    fn see_also_is_the_pointer_line() {
        assert_eq!(
            see_also(lookup("SMS.6509").unwrap()),
            "see: sms-inspect explain SMS.6509"
        );
    }
}
