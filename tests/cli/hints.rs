//! Readiness hints: each rule on both sides of its boundary, built from the bundled examples
//! by editing one field; what the examples give; where hints appear (source, check --file,
//! check --hints, JUnit, --fail-on-hints).

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::fleet::Fleet;
use crate::support::inproc::{cmd, cmd_at};
use crate::support::*;

const GIB: u64 = 1 << 30;
const TIB: u64 = 1 << 40;

/// The hint rules `check --file -` finds in one body. Through stdin, not a file: tests in
/// parallel give the same bodies, and one writing a file while another reads it races.
fn rules(body: &Value) -> Vec<String> {
    let out = sms()
        .args(["check", "--fail-on", "never", "--json", "--file", "-"])
        .write_stdin(body.to_string())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    items[0]["hints"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["rule"].as_str().unwrap().to_owned())
        .collect()
}

fn linux_body() -> Value {
    serde_json::from_str(&read(&linux())).unwrap()
}

fn windows_body() -> Value {
    serde_json::from_str(&read(&windows())).unwrap()
}

fn minimal_body() -> Value {
    serde_json::from_str(&read(&example("source-linux-minimal.json"))).unwrap()
}

/// The rules that `edit` adds to those the unedited `base` gives (one each taken away).
fn added(base: &Value, edit: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut body = base.clone();
    edit(&mut body);
    let mut after = rules(&body);
    for rule in rules(base) {
        if let Some(at) = after.iter().position(|r| *r == rule) {
            after.remove(at);
        }
    }
    after
}

const NONE: [&str; 0] = [];

#[test]
fn the_examples_give_the_hints_a_reader_would_expect() {
    // The API page's Windows example is a healthy server.
    assert_eq!(rules(&windows_body()), NONE);
    // The Linux example: two source disks and one recommended target disk; Btrfs on /dev/vdb1
    // and /dev/vdc. /dev/vdb is GPT but has no recommended target, so no size rule speaks.
    assert_eq!(rules(&linux_body()), ["target-disk-count", "btrfs"]);
    // The minimal one reports memory 4, which no unit makes plausible; its has_tc is absent.
    assert_eq!(rules(&minimal_body()), ["memory-implausible"]);
}

#[test]
fn disk_count_23_passes_24_fails() {
    let mut body = windows_body();
    let disk = body["disks"][0].clone();
    for (n, expected) in [(23usize, vec![]), (24, vec!["disk-count"])] {
        let mut data = disk.clone();
        data["physical_volumes"] = json!([]);
        body["disks"] = Value::Array(
            (0..n)
                .map(|i| {
                    let mut d = if i == 0 { disk.clone() } else { data.clone() };
                    d["name"] = json!(format!("Disk {i}"));
                    d
                })
                .collect(),
        );
        let got: Vec<String> = rules(&body)
            .into_iter()
            .filter(|r| r != "target-disk-count")
            .collect();
        assert_eq!(got, expected, "{n} disks");
    }
}

/// The Linux example with /dev/vda made GPT and its recommended target sized `target`.
fn gpt_vda(target: u64) -> Value {
    let mut body = linux_body();
    body["disks"][0]["partition_style"] = json!("GPT");
    body["init_target_server"]["disks"][0]["size"] = json!(target);
    body
}

#[test]
fn gpt_target_needs_a_whole_gib_more() {
    let size = linux_body()["disks"][0]["size"].as_u64().unwrap();
    let base = linux_body();
    assert_eq!(added(&base, |b| *b = gpt_vda(size + GIB)), NONE);
    assert_eq!(
        added(&base, |b| *b = gpt_vda(size + GIB - 1)),
        ["gpt-target-size"]
    );
}

#[test]
fn target_smaller_than_used_and_than_source() {
    let size = linux_body()["disks"][0]["size"].as_u64().unwrap();
    let used = linux_body()["disks"][0]["used_size"].as_u64().unwrap();
    let with_target = |target: u64| {
        added(&linux_body(), |b| {
            b["init_target_server"]["disks"][0]["size"] = json!(target)
        })
    };
    assert_eq!(with_target(size), NONE, "equal is fine");
    assert_eq!(with_target(size - 1), ["target-smaller-than-source"]);
    assert_eq!(with_target(used), ["target-smaller-than-source"]);
    assert_eq!(
        with_target(used - 1),
        ["target-smaller-than-used", "target-smaller-than-source"]
    );
}

#[test]
fn target_smaller_than_source_is_an_error() {
    let size = windows_body()["disks"][0]["size"].as_u64().unwrap();
    let mut body = windows_body();
    body["init_target_server"]["disks"][0]["size"] = json!(size - 1);
    let path = temp_body("hints-smaller.json", &body.to_string());
    let out = cmd()
        .args(["check", "--fail-on", "never", "--json", "--file"])
        .arg(&path)
        .output()
        .unwrap();
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let hint = &items[0]["hints"][0];
    assert_eq!(hint["rule"], "target-smaller-than-source");
    assert_eq!(hint["level"], "error");
    assert_eq!(
        hint["remedy"],
        "Resize the target disk in the task to at least the source's size"
    );
    assert_eq!(
        hint["doc"],
        "https://support.huaweicloud.com/intl/en-us/sms_faq/index.html"
    );
}

#[test]
fn linux_target_disks_over_16_tib() {
    let fires = |size: u64, os: &str| {
        let mut body = linux_body();
        body["os_type"] = json!(os);
        body["init_target_server"]["disks"][0]["size"] = json!(size);
        rules(&body).contains(&"target-over-16tib".to_owned())
    };
    assert!(!fires(16 * TIB, "LINUX"));
    assert!(fires(16 * TIB + 1, "LINUX"));
    assert!(!fires(16 * TIB + 1, "WINDOWS"), "Windows is exempt");
}

#[test]
fn nested_lvm_and_used_over_size() {
    let base = linux_body();
    assert_eq!(
        added(&base, |b| b["volume_groups"][0]["components"] =
            json!("/dev/vda2, /dev/mapper/centos-pgsql")),
        ["nested-lvm"]
    );
    let lv = |over: u64| {
        added(&base, |b| {
            let lv = &mut b["volume_groups"][0]["logical_volumes"][0];
            lv["used_size"] = json!(lv["size"].as_u64().unwrap() + over);
        })
    };
    assert_eq!(lv(0), NONE, "used = size");
    assert_eq!(lv(1), ["used-over-size"]);
}

#[test]
fn memory_127_is_implausible_128_is_not() {
    let with = |memory: u64| added(&windows_body(), |b| b["memory"] = json!(memory));
    // 128 is plausible, read as 128 MiB: too little for SMS, which min-spec says.
    assert_eq!(with(128), ["min-spec"]);
    assert_eq!(with(127), ["memory-implausible"]);
}

#[test]
fn system_disk_of_1_tib_passes_one_byte_more_fails() {
    // The minimal example's /dev/sda holds `/` (its sda1 is the OS partition); its recommended
    // target is kept as large so that the target rules stay quiet.
    let with = |size: u64| {
        added(&minimal_body(), |b| {
            b["disks"][0]["size"] = json!(size);
            b["init_target_server"]["disks"][0]["size"] = json!(size);
        })
    };
    assert_eq!(with(TIB), NONE);
    assert_eq!(with(TIB + 1), ["system-disk-over-1tib"]);
}

#[test]
fn system_volume_on_vdb_fails_on_vda_passes() {
    // The Linux example's root LV lives on the PV /dev/vda2; on /dev/vdb1, `/` is on vdb.
    let on = |pv: &str| {
        added(&linux_body(), |b| {
            b["volume_groups"][0]["components"] = json!(pv)
        })
    };
    assert_eq!(on("/dev/vda2"), NONE);
    assert_eq!(on("/dev/vdb1"), ["system-not-first-disk"]);
    // Windows: Disk 0 is first; named Disk 10 beside a Disk 2, it no longer is.
    let windows = |name: &str| {
        added(&windows_body(), |b| {
            let mut data = b["disks"][0].clone();
            data["name"] = json!("Disk 2");
            data["physical_volumes"] = json!([]);
            b["disks"][0]["name"] = json!(name);
            b["disks"].as_array_mut().unwrap().push(data);
        })
    };
    assert!(!windows("Disk 1").contains(&"system-not-first-disk".to_owned()));
    assert!(windows("Disk 10").contains(&"system-not-first-disk".to_owned()));
}

#[test]
fn target_disk_count_equal_passes_one_fewer_warns() {
    // The minimal example: one source disk, one recommended target disk.
    let base = minimal_body();
    let sda = base["disks"][0].clone();
    let second = |b: &mut Value| {
        let mut sdb = sda.clone();
        sdb["name"] = json!("/dev/sdb");
        sdb["physical_volumes"] = json!([]);
        sdb["os_disk"] = json!(false);
        b["disks"].as_array_mut().unwrap().push(sdb);
    };
    assert_eq!(added(&base, |_| {}), NONE, "1 and 1");
    assert_eq!(added(&base, second), ["target-disk-count"], "2 and 1");
    assert_eq!(
        added(&base, |b| {
            second(b);
            b["init_target_server"] = Value::Null;
        }),
        NONE,
        "no recommended target"
    );
}

#[test]
fn duplicate_volume_group_names() {
    let base = linux_body();
    let with_second = |name: &str| {
        added(&base, |b| {
            let mut vg = b["volume_groups"][0].clone();
            vg["name"] = json!(name);
            vg["components"] = json!("/dev/vdc");
            vg["logical_volumes"] = json!([]);
            b["volume_groups"].as_array_mut().unwrap().push(vg);
        })
    };
    assert_eq!(with_second("data"), NONE);
    assert_eq!(with_second("centos"), ["duplicate-vg"]);
}

#[test]
fn unsupported_file_systems_and_btrfs() {
    let linux_fs = |fs: &str| {
        added(&linux_body(), |b| {
            b["volume_groups"][0]["logical_volumes"][2]["file_system"] = json!(fs)
        })
    };
    assert_eq!(linux_fs("ext3"), NONE);
    assert_eq!(linux_fs("zfs"), ["fs-unsupported"]);
    let windows_fs = |fs: &str| {
        added(&windows_body(), |b| {
            b["disks"][0]["physical_volumes"][1]["file_system"] = json!(fs)
        })
    };
    assert_eq!(windows_fs("NTFS"), NONE);
    assert_eq!(windows_fs("FAT32"), ["fs-unsupported"]);
    // Btrfs: from btrfs_list or a Btrfs partition, a warning either way.
    let minimal = minimal_body();
    assert_eq!(
        added(
            &minimal,
            |b| b["disks"][0]["physical_volumes"][0]["file_system"] = json!("btrfs")
        ),
        ["btrfs"]
    );
    assert_eq!(
        added(&minimal, |b| b["btrfs_list"] =
            linux_body()["btrfs_list"].clone()),
        ["btrfs"]
    );
}

#[test]
fn tc_missing_on_linux_only() {
    assert_eq!(
        added(&linux_body(), |b| b["has_tc"] = json!(false)),
        ["tc-missing"]
    );
    assert_eq!(added(&linux_body(), |b| b["has_tc"] = json!(true)), NONE);
    assert_eq!(added(&windows_body(), |b| b["has_tc"] = json!(false)), NONE);
}

#[test]
fn min_spec_899_mib_warns_900_does_not() {
    let memory = |m: u64| added(&windows_body(), |b| b["memory"] = json!(m));
    assert_eq!(memory(899), ["min-spec"]);
    assert_eq!(memory(900), NONE);
    assert_eq!(memory(2_146_553_856), NONE, "the API page's 2 GiB");
    let cpus = |c: u64| added(&windows_body(), |b| b["cpu_quantity"] = json!(c));
    assert_eq!(cpus(1), NONE, "the API page's Windows example has 1 CPU");
    assert_eq!(cpus(0), ["min-spec"]);
}

#[test]
fn hints_inform_and_fail_the_gate_only_when_asked() {
    let size = linux_body()["disks"][0]["size"].as_u64().unwrap();
    let mut body = gpt_vda(size);
    body["checks"] = json!([{"name": "A", "result": "OK"}]);
    let path = temp_body("hints-gate.json", &body.to_string());
    // source shows the hint after the verdict, with its rule and link; the gate passes.
    let out = cmd()
        .args(["source", "--fail-on", "error", "-f"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("ERROR  gpt-target-size  disk /dev/vda: GPT disk of 100 GiB"),
        "{report}"
    );
    assert!(
        report.contains(
            "\n         fix: Make the target disk at least 1 GiB larger than the source disk\n         see https://support.huaweicloud.com/intl/en-us/productdesc-sms/sms_01_0012.html\n"
        ),
        "{report}"
    );
    // --fail-on-hints: the hint fails it, named among the reasons.
    for format in ["--output=table", "--json"] {
        cmd()
            .args([
                "source",
                "--fail-on",
                "error",
                "--fail-on-hints",
                format,
                "-f",
            ])
            .arg(&path)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(
                "hint gpt-target-size (disk /dev/vda)",
            ));
    }
    cmd()
        .args(["check", "--fail-on-hints", "--file"])
        .arg(&path)
        .assert()
        .code(1);
    cmd()
        .args(["check", "--fail-on-hints", "--fail-on", "never", "--file"])
        .arg(&path)
        .assert()
        .success();
    // source --json stays the API body.
    let json = cmd()
        .args(["source", "--json", "-f"])
        .arg(&path)
        .output()
        .unwrap();
    let back: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(back, body);
}

#[test]
fn check_file_reads_bodies_and_arrays_and_stdin() {
    let fleet = Fleet::new(5);
    let array = Value::Array(fleet.sources.clone());
    let array_path = temp_body("hints-array.json", &array.to_string());
    let out = cmd()
        .args(["check", "--json", "--file"])
        .arg(&array_path)
        .arg(linux())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "srv-0000 has an ERROR; so has the Linux example"
    );
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.len(), 6);
    assert!(items.iter().all(|i| i["hints"].is_array()));
    let out = sms()
        .args(["check", "--file", "-", "--fail-on", "never", "--json"])
        .write_stdin(read(&windows()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[0]["hints"], json!([]));
    sms()
        .args(["check", "--file", "-"])
        .write_stdin("{\"servers\": []}")
        .assert()
        .code(6);
    cmd()
        .args(["check", "--all", "--file", "x.json"])
        .assert()
        .code(2);
}

#[test]
fn live_check_computes_hints_only_when_asked() {
    let mut fleet = Fleet::new(3);
    fleet.sources[1]["memory"] = json!(4);
    let server = fleet.start();
    let out = cmd_at(&server)
        .args(["check", "--all", "--json", "--fail-on", "never"])
        .output()
        .unwrap();
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(items.iter().all(|i| i["hints"].is_null()));
    // The list alone (and the task list, issue 21).
    assert_eq!(server.hits(), 1 + 1, "the list alone");
    let out = cmd_at(&server)
        .args(["check", "--all", "--hints", "--json", "--fail-on", "never"])
        .output()
        .unwrap();
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[1]["hints"][0]["rule"], "memory-implausible");
    assert_eq!(items[1]["hints"][0]["level"], "warn");
    assert_eq!(
        server.hits(),
        2 + 1 + 1 + 3,
        "the list, then each source's details (and the task list)"
    );
    // JUnit: one testcase per hint, passing, with its message.
    let junit = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hints.xml");
    cmd_at(&server)
        .args(["check", "--all", "--hints", "--fail-on", "never", "--junit"])
        .arg(&junit)
        .assert()
        .success();
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("name=\"hint: memory-implausible (source)\">\n      <system-out>level: warn"),
        "{xml}"
    );
}

#[test]
fn past_smss_documented_limits_a_note_says_so_once() {
    let mut fleet = Fleet::new(1001);
    for s in fleet.sources.iter_mut().take(101) {
        s["current_task"] = json!({"state": "RUNNING"});
        s["state"] = json!("replicate");
    }
    let server = fleet.start();
    let out = cmd_at(&server).args(["sources"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("note:").count(), 2, "{err}");
    assert!(err.contains("101 sources are migrating at once; SMS documents at most 100"));
    assert!(err.contains("the account holds 1001 sources; SMS documents at most 1,000"));
}
