//! Readiness hints: each rule on both sides of its boundary, built from the bundled examples
//! by editing one field; what the examples give; where hints appear (source, check --file,
//! check --hints, JUnit, --fail-on-hints).

use predicates::prelude::*;
use serde_json::{Value, json};

use crate::support::fleet::Fleet;
use crate::support::*;

const GIB: u64 = 1 << 30;
const TIB: u64 = 1 << 40;

/// The hint rules `check --file` finds in one body.
fn rules(body: &Value) -> Vec<String> {
    let path = temp_body(
        &format!("hints-{:x}.json", hash(&body.to_string())),
        &body.to_string(),
    );
    let out = sms()
        .args(["check", "--fail-on", "never", "--json", "--file"])
        .arg(&path)
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

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

fn linux_body() -> Value {
    serde_json::from_str(&read(&linux())).unwrap()
}

fn windows_body() -> Value {
    serde_json::from_str(&read(&windows())).unwrap()
}

#[test]
fn the_examples_give_the_hints_a_reader_would_expect() {
    assert_eq!(rules(&windows_body()), Vec::<String>::new());
    // The Linux example: /dev/vdb is GPT (500 GiB) and its target is not recommended, the
    // recommended target is only /dev/vda; nothing fires.
    assert_eq!(rules(&linux_body()), Vec::<String>::new());
    let minimal: Value =
        serde_json::from_str(&read(&example("source-linux-minimal.json"))).unwrap();
    assert_eq!(rules(&minimal), ["memory-implausible"]);
}

#[test]
fn disk_count_23_passes_24_fails() {
    let mut body = windows_body();
    let disk = body["disks"][0].clone();
    for (n, expected) in [(23usize, vec![]), (24, vec!["disk-count"])] {
        body["disks"] = Value::Array(
            (0..n)
                .map(|i| {
                    let mut d = disk.clone();
                    d["name"] = json!(format!("Disk {i}"));
                    d
                })
                .collect(),
        );
        assert_eq!(rules(&body), expected, "{n} disks");
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
    assert!(rules(&gpt_vda(size + GIB)).is_empty());
    assert_eq!(rules(&gpt_vda(size + GIB - 1)), ["gpt-target-size"]);
}

#[test]
fn target_smaller_than_used_and_than_source() {
    let size = linux_body()["disks"][0]["size"].as_u64().unwrap();
    let used = linux_body()["disks"][0]["used_size"].as_u64().unwrap();
    let with_target = |target: u64| {
        let mut body = linux_body();
        body["init_target_server"]["disks"][0]["size"] = json!(target);
        body
    };
    assert!(rules(&with_target(size)).is_empty(), "equal is fine");
    assert_eq!(
        rules(&with_target(size - 1)),
        ["target-smaller-than-source"]
    );
    assert_eq!(rules(&with_target(used)), ["target-smaller-than-source"]);
    assert_eq!(
        rules(&with_target(used - 1)),
        ["target-smaller-than-used", "target-smaller-than-source"]
    );
}

#[test]
fn linux_target_disks_over_16_tib() {
    let with = |size: u64, os: &str| {
        let mut body = linux_body();
        body["os_type"] = json!(os);
        body["disks"][0]["size"] = json!(size);
        body["disks"][0]["used_size"] = json!(0);
        body["init_target_server"]["disks"][0]["size"] = json!(size);
        body
    };
    assert!(rules(&with(16 * TIB, "LINUX")).is_empty());
    assert_eq!(rules(&with(16 * TIB + 1, "LINUX")), ["target-over-16tib"]);
    assert!(
        rules(&with(16 * TIB + 1, "WINDOWS")).is_empty(),
        "Windows is exempt"
    );
}

#[test]
fn nested_lvm_and_used_over_size() {
    let mut body = linux_body();
    body["volume_groups"][0]["components"] = json!("/dev/vda2, /dev/mapper/centos-pgsql");
    assert_eq!(rules(&body), ["nested-lvm"]);
    let lv = |used: u64| {
        let mut body = linux_body();
        let size = body["volume_groups"][0]["logical_volumes"][0]["size"]
            .as_u64()
            .unwrap();
        body["volume_groups"][0]["logical_volumes"][0]["used_size"] = json!(size + used);
        body
    };
    assert!(rules(&lv(0)).is_empty(), "used = size");
    assert_eq!(rules(&lv(1)), ["used-over-size"]);
}

#[test]
fn memory_127_is_implausible_128_is_not() {
    let with = |memory: u64| {
        let mut body = windows_body();
        body["memory"] = json!(memory);
        body
    };
    assert!(rules(&with(128)).is_empty());
    assert_eq!(rules(&with(127)), ["memory-implausible"]);
}

#[test]
fn hints_inform_and_fail_the_gate_only_when_asked() {
    let size = linux_body()["disks"][0]["size"].as_u64().unwrap();
    let mut body = gpt_vda(size);
    body["checks"] = json!([{"name": "A", "result": "OK"}]);
    let path = temp_body("hints-gate.json", &body.to_string());
    // source shows the hint after the verdict, with its rule and link; the gate passes.
    let out = sms()
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
        report.contains("see https://support.huaweicloud.com/"),
        "{report}"
    );
    // --fail-on-hints: the hint fails it, named among the reasons.
    for format in ["--output=table", "--json"] {
        sms()
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
    sms()
        .args(["check", "--fail-on-hints", "--file"])
        .arg(&path)
        .assert()
        .code(1);
    sms()
        .args(["check", "--fail-on-hints", "--fail-on", "never", "--file"])
        .arg(&path)
        .assert()
        .success();
    // source --json stays the API body.
    let json = sms()
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
    let out = sms()
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
    sms()
        .args(["check", "--all", "--file", "x.json"])
        .assert()
        .code(2);
}

#[test]
fn live_check_computes_hints_only_when_asked() {
    let mut fleet = Fleet::new(3);
    fleet.sources[1]["memory"] = json!(4);
    let server = fleet.start();
    let out = sms_at(&server)
        .args(["check", "--all", "--json", "--fail-on", "never"])
        .output()
        .unwrap();
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(items.iter().all(|i| i["hints"].is_null()));
    assert_eq!(server.hits(), 1, "the list alone");
    let out = sms_at(&server)
        .args(["check", "--all", "--hints", "--json", "--fail-on", "never"])
        .output()
        .unwrap();
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items[1]["hints"][0]["rule"], "memory-implausible");
    assert_eq!(items[1]["hints"][0]["level"], "warn");
    assert_eq!(
        server.hits(),
        1 + 1 + 3,
        "the list, then each source's details"
    );
    // JUnit: one testcase per hint, passing, with its message.
    let junit = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hints.xml");
    sms_at(&server)
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
    let out = sms_at(&server).args(["sources"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("note:").count(), 2, "{err}");
    assert!(err.contains("101 sources are migrating at once; SMS documents at most 100"));
    assert!(err.contains("the account holds 1001 sources; SMS documents at most 1,000"));
}
