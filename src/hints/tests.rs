//! Each rule on both sides of its boundary, on the bundled examples with one field edited.

use serde_json::{Value, json};

use super::rules::natural_cmp;
use super::*;
use crate::model::parse_source;

const LINUX: &str = include_str!("../../docs/examples/source-linux.json");
const WINDOWS: &str = include_str!("../../docs/examples/source-windows.json");
const MINIMAL: &str = include_str!("../../docs/examples/source-linux-minimal.json");
const DOCS: &str = include_str!("../../docs/hints.md");

fn rules(body: &str) -> Vec<&'static str> {
    hints(&parse_source(body.as_bytes()).unwrap())
        .into_iter()
        .map(|h| h.rule)
        .collect()
}

fn example(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

/// The rules `edit` adds to those `base` gives unedited.
fn added(base: &str, edit: impl FnOnce(&mut Value)) -> Vec<&'static str> {
    let before = rules(base);
    let mut body = example(base);
    edit(&mut body);
    let mut after = rules(&body.to_string());
    for rule in before {
        if let Some(at) = after.iter().position(|r| *r == rule) {
            after.remove(at);
        }
    }
    after
}

#[test]
fn the_examples_give_what_a_reader_expects() {
    assert_eq!(rules(WINDOWS), Vec::<&str>::new());
    assert_eq!(rules(LINUX), ["target-disk-count", "btrfs"]);
    assert_eq!(rules(MINIMAL), ["memory-implausible"]);
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
    assert_eq!(
        h[0].level,
        HintLevel::Error,
        "target-smaller-than-source is an error"
    );
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

#[test]
fn system_disk_of_1_tib_passes_one_byte_more_fails() {
    // The Windows example's Disk 0 holds the OS by its `OS` partition (os_disk is false).
    for (size, expected) in [(TIB, vec![]), (TIB + 1, vec!["system-disk-over-1tib"])] {
        let got = added(WINDOWS, |b| {
            b["disks"][0]["size"] = json!(size);
        });
        // The recommended target (40 GiB) is now smaller, which its own rules say.
        let got: Vec<_> = got
            .into_iter()
            .filter(|r| !r.starts_with("target-smaller"))
            .collect();
        assert_eq!(got, expected, "{size}");
    }
    // Found by os_disk alone, and by the PV under the LV mounted at `/`.
    let flagged = r#"{"disks":[{"name":"/dev/sda","size":1099511627777,"os_disk":true}]}"#;
    assert_eq!(rules(flagged), ["system-disk-over-1tib"]);
    let lvm = r#"{"disks":[{"name":"/dev/sda","size":1099511627777,"physical_volumes":[{"name":"/dev/sda2"}]}],
        "volume_groups":[{"name":"vg","components":"/dev/sda2","logical_volumes":[{"name":"root","mount_point":"/"}]}]}"#;
    assert_eq!(rules(lvm), ["system-disk-over-1tib"]);
    let data = r#"{"disks":[{"name":"/dev/sda","size":1099511627777,"physical_volumes":[{"name":"/dev/sda2"}]}],
        "volume_groups":[{"name":"vg","components":"/dev/sda2","logical_volumes":[{"name":"data","mount_point":"/data"}]}]}"#;
    assert!(rules(data).is_empty(), "a data disk may be larger");
}

#[test]
fn system_volume_on_vdb_fails_on_vda_passes() {
    // The Linux example's root LV is on /dev/vda2; moving its PV to /dev/vdb1 moves `/`.
    assert!(
        added(LINUX, |b| b["volume_groups"][0]["components"] =
            json!("/dev/vda2"))
        .is_empty()
    );
    assert_eq!(
        added(LINUX, |b| b["volume_groups"][0]["components"] =
            json!("/dev/vdb1")),
        ["system-not-first-disk"]
    );
    let mut body = example(LINUX);
    body["volume_groups"][0]["components"] = json!("/dev/vdb1");
    let h = hints(&parse_source(body.to_string().as_bytes()).unwrap());
    let h = h
        .iter()
        .find(|h| h.rule == "system-not-first-disk")
        .unwrap();
    assert_eq!(h.subject, "disk /dev/vdb");
    assert!(h.message.contains("(/dev/vda)"), "{}", h.message);
    // The first disk is first by natural order, not by its place in the array.
    let swapped = added(LINUX, |b| {
        let disks = b["disks"].as_array_mut().unwrap();
        disks.swap(0, 1);
    });
    assert!(swapped.is_empty(), "{swapped:?}");
}

#[test]
fn disk_names_sort_naturally() {
    use std::cmp::Ordering::Less;
    for (a, b) in [
        ("/dev/sda", "/dev/sdb"),
        ("/dev/vda", "/dev/vdb"),
        ("/dev/nvme0n1", "/dev/nvme1n1"),
        ("nvme2n1", "nvme10n1"),
        ("Disk 0", "Disk 1"),
        ("Disk 2", "Disk 10"),
        ("/dev/sdz", "/dev/sdaa"),
        ("/dev/sda", "/dev/sda1"),
    ] {
        assert_eq!(natural_cmp(a, b), Less, "{a} < {b}");
        assert_eq!(natural_cmp(b, a), Less.reverse(), "{b} > {a}");
    }
    assert_eq!(natural_cmp("Disk 1", "Disk 1"), std::cmp::Ordering::Equal);
    let body = |os: &str| {
        format!(
            r#"{{"disks":[{{"name":"Disk 10","os_disk":{os}}},{{"name":"Disk 2","os_disk":false}}]}}"#
        )
    };
    assert_eq!(rules(&body("true")), ["system-not-first-disk"]);
    assert!(rules(&body("false")).is_empty());
}

#[test]
fn target_disk_count_equal_passes_one_fewer_warns() {
    // The Linux example: two source disks, one recommended target disk.
    let vda = example(LINUX)["init_target_server"]["disks"][0].clone();
    let with_targets = |n: usize| {
        let mut body = example(LINUX);
        body["init_target_server"]["disks"] = Value::Array(vec![vda.clone(); n]);
        rules(&body.to_string())
    };
    assert!(!with_targets(2).contains(&"target-disk-count"));
    assert!(with_targets(1).contains(&"target-disk-count"));
    assert!(
        !with_targets(0).contains(&"target-disk-count"),
        "no recommended target: nothing to compare"
    );
    let mut body = example(LINUX);
    body["init_target_server"] = Value::Null;
    assert!(!rules(&body.to_string()).contains(&"target-disk-count"));
}

#[test]
fn target_smaller_than_source_is_an_error() {
    let size = example(WINDOWS)["disks"][0]["size"].as_u64().unwrap();
    assert!(
        added(WINDOWS, |b| b["init_target_server"]["disks"][0]["size"] =
            json!(size))
        .is_empty()
    );
    let h = hints(
        &parse_source(
            {
                let mut b = example(WINDOWS);
                b["init_target_server"]["disks"][0]["size"] = json!(size - 1);
                b.to_string()
            }
            .as_bytes(),
        )
        .unwrap(),
    );
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].rule, h[0].level),
        ("target-smaller-than-source", HintLevel::Error)
    );
}

#[test]
fn duplicate_volume_group_names() {
    let lvm = r#"{"volume_groups":[{"name":"vg0","components":"/dev/sda2"},{"name":"vg1","components":"/dev/sdb"}]}"#;
    assert!(rules(lvm).is_empty());
    let same = lvm.replace("vg1", "vg0");
    let h = hints(&parse_source(same.as_bytes()).unwrap());
    assert_eq!(h.len(), 1);
    assert_eq!(
        (h[0].rule, h[0].subject.as_str()),
        ("duplicate-vg", "volume group vg0")
    );
    assert!(
        added(LINUX, |b| {
            let vg = b["volume_groups"][0].clone();
            b["volume_groups"].as_array_mut().unwrap().push(vg);
        })
        .contains(&"duplicate-vg")
    );
}

#[test]
fn file_systems_linux_and_windows() {
    for (fs, expected) in [
        ("ext2", vec![]),
        ("EXT3", vec![]),
        ("vfat", vec![]),
        ("xfs", vec![]),
        ("swap", vec![]),
        ("LVM2_member", vec![]),
        ("", vec![]),
        ("ntfs", vec!["fs-unsupported"]),
        ("reiserfs", vec!["fs-unsupported"]),
    ] {
        assert_eq!(
            added(
                LINUX,
                |b| b["disks"][0]["physical_volumes"][0]["file_system"] = json!(fs)
            ),
            expected,
            "partition {fs}"
        );
        assert_eq!(
            added(
                LINUX,
                |b| b["volume_groups"][0]["logical_volumes"][2]["file_system"] = json!(fs)
            ),
            expected,
            "LV {fs}"
        );
    }
    // Btrfs is the btrfs rule's, not this one's.
    assert_eq!(
        added(
            MINIMAL,
            |b| b["disks"][0]["physical_volumes"][0]["file_system"] = json!("btrfs")
        ),
        ["btrfs"]
    );
    // Windows: NTFS only, but the boot (system-reserved) partition may be FAT32.
    assert!(
        added(
            WINDOWS,
            |b| b["disks"][0]["physical_volumes"][0]["file_system"] = json!("FAT32")
        )
        .is_empty()
    );
    assert_eq!(
        added(
            WINDOWS,
            |b| b["disks"][0]["physical_volumes"][1]["file_system"] = json!("FAT32")
        ),
        ["fs-unsupported"]
    );
    assert!(
        added(
            WINDOWS,
            |b| b["disks"][0]["physical_volumes"][1]["file_system"] = json!("ntfs")
        )
        .is_empty()
    );
}

#[test]
fn btrfs_from_the_list_or_a_volume() {
    assert!(rules(LINUX).contains(&"btrfs"));
    let cleared = |b: &mut Value| b["btrfs_list"] = json!([]);
    // Without the list, /dev/vdb1 is still a Btrfs partition.
    let mut body = example(LINUX);
    cleared(&mut body);
    assert!(rules(&body.to_string()).contains(&"btrfs"));
    assert!(!rules(MINIMAL).contains(&"btrfs"));
    let h = hints(&parse_source(LINUX.as_bytes()).unwrap());
    let h = h.iter().find(|h| h.rule == "btrfs").unwrap();
    assert!(
        h.message.starts_with("Btrfs on data, scratch:"),
        "{}",
        h.message
    );
    let entry = h.entry().unwrap();
    assert_eq!(
        (entry.doc, entry.also),
        (NOTES, Some(FAQS)),
        "it cites both"
    );
}

#[test]
fn tc_missing_only_for_linux_saying_false() {
    assert_eq!(added(LINUX, |b| b["has_tc"] = json!(false)), ["tc-missing"]);
    assert!(added(LINUX, |b| b["has_tc"] = json!(true)).is_empty());
    assert!(added(MINIMAL, |b| b["has_tc"] = json!(true)).is_empty());
    assert!(rules(MINIMAL).iter().all(|r| *r != "tc-missing"), "absent");
    assert!(
        added(WINDOWS, |b| b["has_tc"] = json!(false)).is_empty(),
        "Windows has no tc"
    );
}

#[test]
fn min_spec_cpus_and_memory() {
    let memory = |m: u64| added(WINDOWS, |b| b["memory"] = json!(m));
    assert_eq!(memory(899), ["min-spec"], "899 MiB");
    assert!(memory(900).is_empty(), "900 MiB");
    assert_eq!(
        memory((900 << 20) - 1),
        ["min-spec"],
        "a byte under 900 MiB"
    );
    assert!(memory(900 << 20).is_empty());
    assert!(memory(2_146_553_856).is_empty(), "the API page's 2 GiB");
    assert!(memory(1024).is_empty(), "1 GB in MiB");
    assert_eq!(memory(127), ["memory-implausible"], "not min-spec as well");
    assert!(memory(128).contains(&"min-spec"));
    let cpus = |c: Value| added(WINDOWS, |b| b["cpu_quantity"] = c);
    assert!(cpus(json!(1)).is_empty(), "1 CPU on Windows is not flagged");
    assert_eq!(cpus(json!(0)), ["min-spec"]);
    let h = hints(&parse_source(br#"{"cpu_quantity":0,"memory":512}"#).unwrap());
    assert_eq!(h.len(), 1);
    assert!(
        h[0].message.starts_with("0 CPUs and 512 MiB of memory"),
        "{}",
        h[0].message
    );
}

#[test]
fn the_rule_table_is_whole_and_each_hint_reads_it() {
    let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), RULES.len(), "unique IDs");
    assert_eq!(RULES.len(), 16);
    for r in RULES {
        assert!(!r.remedy.is_empty() && !r.fires.is_empty(), "{}", r.id);
        // Under the report's 9-column indent and `fix: `, a remedy fits in 80 columns.
        assert!(
            r.remedy.len() <= 66,
            "{} remedy is {} long",
            r.id,
            r.remedy.len()
        );
        for cell in [r.subject, r.fires, r.basis, r.remedy] {
            assert!(!cell.contains('|') && !cell.contains('\n'), "{}", r.id);
        }
        assert!(
            r.doc.url.starts_with("https://") || r.doc == OWN,
            "{}",
            r.id
        );
        let h = r.hint(String::new(), String::new());
        assert_eq!(
            (h.doc(), h.remedy(), h.level),
            (r.doc.url, r.remedy, r.level)
        );
    }
    assert_eq!(Rule::find("btrfs"), Some(&BTRFS));
    assert_eq!(Rule::find("nope"), None);
}

/// docs/hints.md holds the table made from [`RULES`]; `SMS_INSPECT_REGENERATE=1` rewrites it.
#[test]
fn docs_table_is_the_code_table() {
    let table = markdown_table();
    let start = DOCS
        .find("| rule ID |")
        .expect("docs/hints.md has the rule table");
    let end = DOCS[start..]
        .find("\n\n")
        .map_or(DOCS.len(), |e| start + e + 1);
    if std::env::var_os("SMS_INSPECT_REGENERATE").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/hints.md");
        let docs = format!("{}{table}{}", &DOCS[..start], &DOCS[end..]);
        std::fs::write(path, docs).unwrap();
        return;
    }
    assert_eq!(
        &DOCS[start..end],
        table,
        "docs/hints.md's table differs from RULES: SMS_INSPECT_REGENERATE=1 cargo test --lib hints"
    );
}
