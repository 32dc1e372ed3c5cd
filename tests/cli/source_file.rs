//! `source --file`: the offline path, as a user meets it.

use std::io::{Read, Write};
use std::process::Stdio;

use crate::support::inproc::cmd;
use crate::support::*;
use predicates::prelude::*;
use serde_json::Value;

// The reports of the bundled examples are pinned whole in golden.rs; these check the gate.

#[test]
fn linux_example_shows_lvm_btrfs_nics_and_fails_the_gate() {
    let assert = cmd()
        .args(["source", "--fail-on", "error", "-f"])
        .arg(linux())
        .assert()
        .code(1);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("SOFTWARE"), "{err}");
    assert!(err.contains("SMS.6517"), "{err}");
    assert!(err.contains("rsync is not installed"), "{err}");
    assert!(
        !err.contains("FREE_SPACE"),
        "WARN does not fail by default: {err}"
    );
}

#[test]
fn fail_on_levels() {
    cmd()
        .args(["source", "--fail-on", "never", "-f"])
        .arg(linux())
        .assert()
        .success()
        .stderr("");
    cmd()
        .args(["source", "--fail-on", "warn", "-f"])
        .arg(linux())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("FREE_SPACE (WARN)"))
        .stderr(predicate::str::contains("SOFTWARE (ERROR, SMS.6517)"));
    cmd()
        .args(["source", "--fail-on", "warn", "-f"])
        .arg(windows())
        .assert()
        .success();
}

#[test]
fn the_gate_applies_in_every_format_and_json_still_goes_out_whole() {
    for format in ["--json", "--yaml"] {
        let assert = cmd()
            .args(["source", "--fail-on", "error", format, "-f"])
            .arg(linux())
            .assert()
            .code(1)
            .stderr(predicate::str::contains("SMS.6517"));
        assert!(
            String::from_utf8_lossy(&assert.get_output().stdout).contains("centos-pgsql"),
            "{format} output is complete"
        );
    }
}

#[test]
fn a_source_with_no_check_result_fails_the_gate_unless_allowed() {
    let empty = temp_body("no-checks.json", r#"{"id":"a","name":"n","checks":[]}"#);
    let missing = temp_body("checks-missing.json", r#"{"id":"a"}"#);
    let skipped = temp_body(
        "checks-skipped.json",
        r#"{"id":"a","checks":[{"name":"A","result":"SKIPPED"},{"name":"B","result":"SKIPPED"}]}"#,
    );
    for body in [&empty, &missing, &skipped] {
        // `source` shows and exits 0 unless it gates.
        cmd().args(["source", "-f"]).arg(body).assert().success();
        for format in ["--output=table", "--json"] {
            cmd()
                .args(["source", "--fail-on", "error", format, "-f"])
                .arg(body)
                .assert()
                .code(1)
                .stderr(predicate::str::contains(
                    "no environment check reported OK, WARN or ERROR",
                ));
        }
        cmd()
            .args(["source", "--fail-on", "error", "--allow-no-checks", "-f"])
            .arg(body)
            .assert()
            .success();
        cmd()
            .args(["source", "--fail-on", "never", "-f"])
            .arg(body)
            .assert()
            .success();
    }
}

fn json_of(path: &std::path::Path) -> Value {
    serde_json::from_str(&read(path)).unwrap()
}

#[test]
fn json_is_the_body_exactly_in_key_order() {
    for path in [windows(), linux()] {
        let out = cmd()
            .args(["source", "--json", "--fail-on", "never", "-f"])
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let back: Value = serde_json::from_slice(&out).unwrap();
        let input = json_of(&path);
        assert_eq!(back, input);
        // serde_json's map keeps insertion order here, so this compares the key order too.
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            serde_json::to_string(&input).unwrap()
        );
    }
}

#[test]
fn json_keeps_unknown_fields_and_64_bit_integers() {
    let body = temp_body(
        "limits.json",
        r#"{"zz_new":{"nested":[1,{"x":true}]},"id":"a","add_date":9223372036854775807,"memory":18446744073709551615,"replicatesize":-9223372036854775808,"migrate_speed":0.1,"disks":[{"dos_name":"d0","start_offset":123}]}"#,
    );
    let out = cmd()
        .args(["source", "-o", "json", "-f"])
        .arg(&body)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    for needle in [
        "9223372036854775807",
        "18446744073709551615",
        "-9223372036854775808",
        "\"dos_name\": \"d0\"",
        "\"start_offset\": 123",
    ] {
        assert!(text.contains(needle), "{needle} in {text}");
    }
    assert!(text.find("zz_new").unwrap() < text.find("\"id\"").unwrap());
}

#[test]
fn json_escapes_controls_and_stays_exact() {
    let mut value = json_of(&linux());
    for (_, hostile) in HOSTILE {
        replace_strings(&mut value, hostile);
    }
    let body = temp_body("hostile-json.json", &value.to_string());
    let out = cmd()
        .args(["source", "--json", "--fail-on", "never", "-f"])
        .arg(&body)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(has_raw_control(&text), None, "raw control in JSON");
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back, value);
}

#[test]
fn yaml_reads_back_equal_with_pyyaml() {
    if !pyyaml() {
        return;
    }
    let mut hostile = json_of(&linux());
    replace_strings(&mut hostile, "no\u{1b}\u{202e}\u{85}\u{2028}\n");
    let tricky = r##"{"id":"x","a":"no","b":"on","c":"0123","d":"1e3","e":"2024-01-01","f":"~","g":"","h":"Yes","i":"null","k":"1_000","l":"0x1F","m":".inf","n":"a: b","o":"- x","p":"#c","q":"multi\nline\n","r":" lead","t":"1:20","u":"12:30:45","v":"0o17","w":1e300,"x":1.5,"y":-0.0,"z":18446744073709551615,"aa":-9223372036854775808,"bb":null,"cc":true,"dd":[],"ee":{},"ff":[[1,[]],{"x":null}],"no":"k","2024-01-01":"k","":"k","@":"k","y":"k","n":"k","emoji":"😀","big":1.7976931348623157e308,"tiny":5e-324}"##;
    let cases = [
        ("windows", read(&windows())),
        ("linux", read(&linux())),
        ("hostile", hostile.to_string()),
        ("tricky", tricky.to_owned()),
    ];
    for (name, body) in cases {
        let path = temp_body(&format!("yaml-{name}.json"), &body);
        let out = cmd()
            .args(["source", "--yaml", "--fail-on", "never", "-f"])
            .arg(&path)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_eq!(
            has_raw_control(&String::from_utf8(out.clone()).unwrap()),
            None,
            "{name}"
        );
        let yaml_path = temp_body(
            &format!("yaml-{name}.yaml"),
            &String::from_utf8(out).unwrap(),
        );
        if let Err(e) = pyyaml_reads_back(&path, &yaml_path) {
            panic!("PyYAML read {name} back differently: {e}");
        }
    }
}

#[test]
fn hostile_strings_never_reach_the_terminal_raw() {
    for (class, hostile) in HOSTILE {
        let mut value = json_of(&linux());
        replace_strings(&mut value, hostile);
        let body = temp_body(&format!("hostile-{class}.json"), &value.to_string());
        for color in ["never", "always"] {
            let assert = cmd()
                .args(["source", "--fail-on", "warn", "--color", color, "-f"])
                .arg(&body)
                .assert()
                .code(1);
            let out = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
            let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
            let visible = if color == "always" {
                strip_sgr(&out)
            } else {
                out.clone()
            };
            assert_eq!(
                has_raw_control(&visible),
                None,
                "{class} in table ({color})"
            );
            assert_eq!(has_raw_control(&err), None, "{class} in gate message");
            assert!(err.contains("SMS.6517"), "{err}");
            if color == "never" {
                assert!(!out.contains('\u{1b}'), "{class}: ESC with colour off");
            }
        }
    }
}

#[test]
fn colour_follows_flag_and_environment() {
    let has_esc = |out: &[u8]| out.contains(&0x1b);
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cmd = cmd();
        cmd.args(["source", "-f"]).arg(linux()).args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.assert().success().get_output().stdout.clone()
    };
    assert!(!has_esc(&run(&[], &[])), "piped: no colour");
    assert!(has_esc(&run(&["--color", "always"], &[])));
    assert!(!has_esc(&run(
        &["--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(has_esc(&run(&[], &[("CLICOLOR_FORCE", "1")])));
    assert!(!has_esc(&run(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    )));
    let coloured = String::from_utf8(run(&["--color", "always"], &[])).unwrap();
    assert!(
        coloured.contains("\u{1b}[38;5;9m")
            || coloured.contains("\u{1b}[31m")
            || coloured.contains("\u{1b}[91m"),
        "ERROR is red"
    );
}

#[test]
fn bytes_flag_shows_raw_counts() {
    cmd()
        .args(["source", "--bytes", "-f"])
        .arg(windows())
        .assert()
        .success()
        .stdout(predicate::str::contains("42423287808"))
        .stdout(predicate::str::contains("39.5 GiB").not());
}

#[test]
fn reads_standard_input() {
    sms()
        .args(["source", "--file", "-", "--json"])
        .write_stdin(read(&windows()))
        .assert()
        .success()
        .stdout(predicate::str::contains("sms-win16"));
}

#[test]
fn unreadable_file_is_a_usage_error() {
    cmd()
        .args(["source", "--file", "/nonexistent/body.json"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: cannot read '/nonexistent/body.json'",
        ));
    cmd()
        .args(["source", "--file"])
        .arg(env!("CARGO_MANIFEST_DIR"))
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error:"));
}

#[test]
fn bad_arguments_are_usage_errors() {
    cmd().args(["source"]).assert().code(2);
    cmd()
        .args(["source", "--output", "xml", "-f", "x"])
        .assert()
        .code(2);
    cmd()
        .args(["source", "--json", "--yaml", "-f", "x"])
        .assert()
        .code(2);
    cmd()
        .args(["source", "--fail-on", "sometimes", "-f", "x"])
        .assert()
        .code(2);
    cmd().args(["nonsense"]).assert().code(2);
    cmd().assert().code(2);
}

#[test]
fn bodies_that_are_not_a_source_exit_6() {
    let cases = [
        ("empty", ""),
        ("html", "<html><body>502 Bad Gateway</body></html>"),
        ("truncated", r#"{"id":"a","disks":[{"name":"#),
        ("array", "[1,2,3]"),
        ("string", "\"hello\""),
        (
            "error-body",
            r#"{"error_code":"SMS.9004","error_msg":"denied"}"#,
        ),
        ("wrong-type", r#"{"id":"a","disks":"sda"}"#),
        ("wrong-nested", r#"{"id":"a","checks":[{"params":"x"}]}"#),
        ("trailing", r#"{"id":"a"} {"id":"b"}"#),
        (
            "deep",
            &format!("{{\"id\":{}{}}}", "[".repeat(5000), "]".repeat(5000)),
        ),
        ("control-in-error", "{\"id\u{1b}[2J\": nope}"),
        (
            "deep-unknown",
            &format!(
                "{{\"id\":\"a\",\"x\":{}{}}}",
                "[".repeat(500),
                "]".repeat(500)
            ),
        ),
    ];
    for (name, body) in cases {
        let path = temp_body(&format!("bad-{name}.json"), body);
        for format in ["table", "json", "yaml"] {
            let assert = cmd()
                .args(["source", "-o", format, "-f"])
                .arg(&path)
                .assert()
                .code(6)
                .stdout("");
            let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
            assert!(err.starts_with("error: "), "{name}: {err}");
            assert_eq!(has_raw_control(err.trim_end()), None, "{name}: {err:?}");
            assert!(!err.contains("panicked"), "{name}: {err}");
        }
    }
}

#[test]
fn values_of_unexpected_type_or_unknown_enums_are_shown_as_they_come() {
    let body = temp_body(
        "odd.json",
        r#"{"id":"a","state":"teleporting","memory":"a lot","disks":[{"name":"d","size":"huge","physical_volumes":[null,{"name":"p","index":-1}]}],"checks":[{"name":"NEW","result":"MAYBE","params":[1,true,null]}],"networks":[null]}"#,
    );
    cmd()
        .args(["source", "-f"])
        .arg(&body)
        .assert()
        .success()
        .stdout(predicate::str::contains("teleporting"))
        .stdout(predicate::str::contains("a lot"))
        .stdout(predicate::str::contains("huge"))
        .stdout(predicate::str::contains("└─ p"))
        .stdout(predicate::str::contains("MAYBE"));
}

#[test]
fn every_field_null_renders_dashes() {
    let mut value = json_of(&linux());
    fn nullify(v: &mut Value) {
        match v {
            Value::Object(map) => map.values_mut().for_each(|x| match x {
                Value::Object(_) | Value::Array(_) => nullify(x),
                _ => *x = Value::Null,
            }),
            Value::Array(items) => items.iter_mut().for_each(nullify),
            _ => {}
        }
    }
    nullify(&mut value);
    let body = temp_body("nulls.json", &value.to_string());
    for format in ["table", "json", "yaml"] {
        cmd()
            .args(["source", "-o", format, "-f"])
            .arg(&body)
            .assert()
            .success();
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    // Big enough that the tool is still writing when the reader goes away.
    let mut value = json_of(&linux());
    let disk = value["disks"][0].clone();
    value["disks"] = Value::Array(vec![disk; 3000]);
    let body = temp_body("big-for-pipe.json", &value.to_string());
    for format in ["table", "json", "yaml"] {
        let mut child = std::process::Command::new(BIN)
            .args(["source", "--fail-on", "never", "-o", format, "-f"])
            .arg(&body)
            .env_clear()
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        child
            .stdout
            .as_mut()
            .unwrap()
            .read_exact(&mut first)
            .unwrap();
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "{format}: {err}");
        assert_eq!(err, "", "{format}");
    }
}

#[test]
fn a_closed_pipe_still_reports_the_gate() {
    let mut child = std::process::Command::new(BIN)
        .args(["source", "--fail-on", "error", "-f"])
        .arg(linux())
        .env_clear()
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SMS.6517"));
    let _ = std::io::stdout().flush();
}

#[test]
fn large_tables_are_written_whole_in_flat_memory() {
    let mut value = json_of(&linux());
    let disk = value["disks"][0].clone();
    let disks: Vec<Value> = (0..700)
        .map(|i| {
            let mut d = disk.clone();
            d["name"] = Value::String(format!("/dev/big{i}"));
            d
        })
        .collect();
    value["disks"] = Value::Array(disks);
    let body = temp_body("many-disks.json", &value.to_string());
    let out = cmd()
        .args(["source", "--fail-on", "never", "-f"])
        .arg(&body)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let section: Vec<&str> = out
        .split("\nDisks\n")
        .nth(1)
        .unwrap()
        .split("\n\n")
        .next()
        .unwrap()
        .lines()
        .collect();
    // The header and 2,100 rows (700 disks, 1,400 partitions), the columns aligned throughout.
    assert_eq!(section.len(), 2101);
    assert!(section[0].starts_with("NAME "));
    // Sizes are right-aligned: the first unit ends in the same display column on every row.
    let size_end = |l: &str| {
        let at = l.find(" GiB").or_else(|| l.find(" MiB")).unwrap();
        l[..at].chars().count()
    };
    let column = size_end(section[1]);
    assert!(
        section[1..].iter().all(|l| size_end(l) == column),
        "aligned"
    );
    for i in [0, 511, 512, 699] {
        assert!(out.contains(&format!("\n/dev/big{i} ")), "disk {i}");
    }
}
