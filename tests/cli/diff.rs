//! `diff OLD NEW`: golden outputs for the bundled examples against edited copies, the JSON
//! change list, the Markdown, and the exit codes 0/1/2/6.

use serde_json::{Value, json};

use crate::support::fleet::Fleet;
use crate::support::*;

fn edited(path: &std::path::Path, name: &str, edit: impl FnOnce(&mut Value)) -> std::path::PathBuf {
    let mut body: Value = serde_json::from_str(&read(path)).unwrap();
    edit(&mut body);
    temp_body(name, &body.to_string())
}

fn golden(name: &str, actual: &str) {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cli/golden")
        .join(name);
    if std::env::var_os("SMS_INSPECT_REGENERATE").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        actual, expected,
        "{name} (SMS_INSPECT_REGENERATE=1 rewrites it)"
    );
}

#[test]
fn the_examples_against_edited_copies() {
    // Linux: a check flipped, a disk resized, a partition removed, an unknown field changed.
    let linux_edited = edited(&linux(), "diff-linux.json", |b| {
        b["checks"][0]["result"] = json!("ERROR");
        b["checks"][2]["result"] = json!("OK");
        b["disks"][1]["size"] = json!(1_073_741_824_000u64);
        b["disks"][0]["physical_volumes"]
            .as_array_mut()
            .unwrap()
            .remove(1);
        b["zz_vendor_extension"] = json!({"tier": "gold"});
        b["last_visit_time"] = json!(1_900_000_000_000u64);
    });
    let out = sms()
        .args(["diff"])
        .arg(linux())
        .arg(&linux_edited)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    golden("diff-linux.txt", &String::from_utf8(out.stdout).unwrap());
    // Windows: a NIC's MAC and the state.
    let windows_edited = edited(&windows(), "diff-windows.json", |b| {
        b["networks"][0]["mac"] = json!("fa:16:3e:00:00:01");
        b["state"] = json!("replicate");
    });
    let out = sms()
        .args(["diff"])
        .arg(windows())
        .arg(&windows_edited)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    golden("diff-windows.txt", &String::from_utf8(out.stdout).unwrap());
    // Nothing changed, but the agent's heartbeat: exit 0.
    let heartbeat = edited(&windows(), "diff-heartbeat.json", |b| {
        b["last_visit_time"] = json!(1);
    });
    sms()
        .args(["diff"])
        .arg(windows())
        .arg(&heartbeat)
        .assert()
        .success()
        .stdout("No changes.\n");
}

#[test]
fn the_json_change_list_and_markdown() {
    let edited_path = edited(&linux(), "diff-json.json", |b| {
        b["checks"][0]["result"] = json!("ERROR");
    });
    let out = sms()
        .args(["diff", "--json", "--markdown", "-"])
        .arg(linux())
        .arg(&edited_path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let (json_part, md) = text.split_once("## sms-inspect diff").unwrap();
    let value: Value = serde_json::from_str(json_part).unwrap();
    assert_eq!(
        value,
        json!({
            "changed": true,
            "layout_changed": [],
            "changes": [{
                "source_id": "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60",
                "source_name": "db-prod-07",
                "group": "check worse",
                "change": "changed",
                "path": "checks[OS_VERSION].result",
                "old": "OK",
                "new": "ERROR",
                "worse_by": 2
            }]
        })
    );
    assert!(md.contains("| ` db-prod-07 ` | check worse | changed | ` checks[OS_VERSION].result ` | ` OK ` | ` ERROR ` |"), "{md}");
}

#[test]
fn fleets_are_matched_by_id() {
    let mut old = Fleet::new(4);
    let mut new = old.clone();
    new.sources.remove(1);
    new.sources.push(crate::support::fleet::source(9));
    new.sources[0]["checks"][0]["result"] = json!("ERROR");
    old.sources.swap(2, 3);
    let a = temp_body(
        "diff-fleet-old.json",
        &Value::Array(old.sources).to_string(),
    );
    let b = temp_body(
        "diff-fleet-new.json",
        &Value::Array(new.sources).to_string(),
    );
    let out = sms()
        .args(["diff", "--json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let summary: Vec<(String, String)> = value["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["source_name"].as_str().unwrap().to_owned(),
                format!(
                    "{} {}",
                    c["change"].as_str().unwrap(),
                    c["path"].as_str().unwrap()
                ),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "srv-0000".to_owned(),
                "changed checks[OS_VERSION].result".to_owned()
            ),
            ("srv-0001".to_owned(), "removed ".to_owned()),
            ("srv-0009".to_owned(), "added ".to_owned()),
        ]
    );
}

#[test]
fn exit_codes_0_1_2_6() {
    sms()
        .args(["diff"])
        .arg(linux())
        .arg(linux())
        .assert()
        .code(0);
    sms()
        .args(["diff"])
        .arg(linux())
        .arg(windows())
        .assert()
        .code(1);
    sms()
        .args(["diff", "/nonexistent/a.json"])
        .arg(linux())
        .assert()
        .code(2);
    sms().args(["diff", "-", "-"]).assert().code(2);
    let not_json = temp_body("diff-not-json.json", "nope");
    sms()
        .args(["diff"])
        .arg(&not_json)
        .arg(linux())
        .assert()
        .code(6);
    let scalar = temp_body("diff-scalar.json", "42");
    sms()
        .args(["diff"])
        .arg(linux())
        .arg(&scalar)
        .assert()
        .code(6);
    sms()
        .args(["diff", "-"])
        .arg(linux())
        .write_stdin(read(&linux()))
        .assert()
        .code(0);
}
