//! `-o csv`: read back by Python's `csv` module and equal to the JSON's values; RFC 4180
//! quoting; no cell a spreadsheet would run as a formula; refused by commands without it.

use serde_json::{Value, json};

use crate::support::fleet::Fleet;
use crate::support::inproc::{run, run_at};
use crate::support::{example, temp_body, tool};

const HEADER: [&str; 17] = [
    "name",
    "id",
    "ip",
    "os_type",
    "os_version",
    "firmware",
    "cpus",
    "memory_bytes",
    "disks",
    "total_bytes",
    "used_bytes",
    "state",
    "readiness",
    "ok",
    "warn",
    "error",
    "hints",
];

fn python3() -> bool {
    tool(
        "python3",
        std::process::Command::new("python3")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
    )
}

/// The CSV as Python's `csv` module reads it: one map per row, by the header.
fn read_back(name: &str, csv: &str) -> Vec<serde_json::Map<String, Value>> {
    let path = temp_body(name, csv);
    let script = "import csv, json, sys\n\
        with open(sys.argv[1], newline='', encoding='utf-8') as f:\n\
        \x20   rows = list(csv.reader(f, strict=True))\n\
        print(json.dumps(rows))\n";
    let rows: Vec<Vec<String>> =
        serde_json::from_str(&crate::support::python(script, &path)).unwrap();
    assert_eq!(rows[0], HEADER);
    rows[1..]
        .iter()
        .map(|r| {
            assert_eq!(r.len(), HEADER.len(), "{r:?}");
            HEADER
                .iter()
                .zip(r)
                .map(|(k, v)| ((*k).to_owned(), Value::String(v.clone())))
                .collect()
        })
        .collect()
}

/// What a cell holds for a server string: as sent, with `'` before a formula's first
/// character.
fn as_cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{s}"),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A fleet whose names try a spreadsheet: a formula, a sum, a quote and a line break.
fn hostile_fleet() -> Fleet {
    let mut fleet = Fleet::new(5);
    fleet.sources[1]["name"] = json!("=HYPERLINK(\"http://x\")");
    fleet.sources[2]["name"] = json!("-1+2");
    fleet.sources[3]["name"] = json!("two\r\nlines, \"quoted\"");
    fleet.sources[4]["os_version"] = json!("@SUM(A1)");
    fleet
}

#[test]
fn sources_csv_reads_back_equal_to_the_json() {
    if !python3() {
        return;
    }
    let server = hostile_fleet().start();
    let csv = run_at(&server, &["sources", "-o", "csv"]).go();
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    // RFC 4180: every record ends with CRLF; the one line break inside a value is quoted.
    assert!(csv.stdout.ends_with("\r\n"));
    assert_eq!(csv.stdout.matches("\r\n").count(), 1 + 5 + 1);
    assert!(!csv.stdout.replace("\r\n", "").contains('\n'));
    // A value with a quote is quoted and its quotes doubled; the prefix is inside the quotes.
    assert!(
        csv.stdout
            .contains("\r\n\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{}",
        csv.stdout
    );
    let json = run_at(&server, &["sources", "--json"]).go();
    let items: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
    let rows = read_back("sources.csv", &csv.stdout);
    assert_eq!(rows.len(), items.len());
    for (row, item) in rows.iter().zip(&items) {
        for (column, field) in [
            ("name", "name"),
            ("id", "id"),
            ("ip", "ip"),
            ("os_type", "os_type"),
            ("os_version", "os_version"),
            ("firmware", "firmware"),
            ("cpus", "cpu_quantity"),
            ("memory_bytes", "memory"),
            ("state", "state"),
        ] {
            assert_eq!(row[column], as_cell(&item[field]), "{column} of {item}");
        }
        let checks = item["checks"].as_array().unwrap();
        let count = |r: &str| {
            checks
                .iter()
                .filter(|c| c["result"] == r)
                .count()
                .to_string()
        };
        assert_eq!(row["ok"], count("OK"));
        assert_eq!(row["warn"], count("WARN"));
        assert_eq!(row["error"], count("ERROR"));
        // What `sources` does not have is empty, never `-`: the list carries no disks, and
        // `sources` does not grade.
        for column in ["disks", "total_bytes", "used_bytes", "readiness", "hints"] {
            assert_eq!(row[column], "", "{column}");
        }
    }
    // The formula and the sum come out as text.
    assert_eq!(rows[1]["name"], "'=HYPERLINK(\"http://x\")");
    assert_eq!(rows[2]["name"], "'-1+2");
    assert_eq!(rows[3]["name"], "two\r\nlines, \"quoted\"");
    assert_eq!(rows[4]["os_version"], "'@SUM(A1)");
}

#[test]
fn check_csv_reads_back_equal_to_the_json_with_and_without_hints() {
    if !python3() {
        return;
    }
    let server = hostile_fleet().start();
    for hints in [false, true] {
        let mut args = vec!["check", "--all"];
        if hints {
            args.push("--hints");
        }
        let csv = run_at(&server, &[&args[..], &["-o", "csv"]].concat()).go();
        let json = run_at(&server, &[&args[..], &["--json"]].concat()).go();
        assert_eq!(csv.code, json.code, "{}", csv.stderr);
        assert_eq!(csv.code, 1, "source 0 has an ERROR check");
        let items: Vec<Value> = serde_json::from_str(&json.stdout).unwrap();
        let rows = read_back("check.csv", &csv.stdout);
        assert_eq!(rows.len(), items.len());
        for (row, item) in rows.iter().zip(&items) {
            for column in ["name", "id", "ip", "state", "readiness"] {
                assert_eq!(row[column], as_cell(&item[column]), "{column} of {item}");
            }
            for level in ["ok", "warn", "error"] {
                assert_eq!(row[level], item["checks"][level].to_string(), "{level}");
            }
            let rules: Vec<&str> = item["hints"]
                .as_array()
                .map(|h| h.iter().map(|h| h["rule"].as_str().unwrap()).collect())
                .unwrap_or_default();
            assert_eq!(row["hints"], rules.join(";"));
            assert_eq!(row["memory_bytes"], "8589934592");
            // The disks come with the details (`--hints`); the list has none. No disk
            // reports `used_size`: an empty cell.
            let (disks, total) = if hints {
                ("1", "107374182400")
            } else {
                ("", "")
            };
            assert_eq!(
                (
                    row["disks"].as_str().unwrap(),
                    row["total_bytes"].as_str().unwrap()
                ),
                (disks, total)
            );
            assert_eq!(row["used_bytes"], "");
        }
        assert_eq!(rows[0]["readiness"], "not-ready");
        assert_eq!(rows[1]["name"], "'=HYPERLINK(\"http://x\")");
    }
}

#[test]
fn check_csv_of_saved_bodies_applies_the_memory_unit_rule() {
    if !python3() {
        return;
    }
    let mib = temp_body(
        "csv-mib.json",
        &json!({"id": "m", "name": "mib", "memory": 2048, "checks": [{"name": "A", "result": "OK"}]})
            .to_string(),
    );
    let ran = run(&[
        "check",
        "-o",
        "csv",
        "-f",
        example("source-windows.json").to_str().unwrap(),
        "-f",
        example("source-linux-minimal.json").to_str().unwrap(),
        "-f",
        mib.to_str().unwrap(),
    ])
    .go();
    let rows = read_back("saved.csv", &ran.stdout);
    let memory: Vec<&str> = rows
        .iter()
        .map(|r| r["memory_bytes"].as_str().unwrap())
        .collect();
    // Bytes as sent; MiB read as MiB; the minimal example's is implausible: empty.
    assert_eq!(memory, ["2146553856", "", "2147483648"]);
    assert_eq!(rows[0]["readiness"], "ready");
    assert_eq!(rows[1]["hints"], "memory-implausible");
    assert_eq!(rows[0]["total_bytes"], "42949672960");
    assert_eq!(rows[0]["used_bytes"], "42947575808");
}

#[test]
fn control_characters_are_escaped_and_line_breaks_kept() {
    let body = json!({"id": "c", "name": "a\u{1b}[31mred\u{202e}\tx", "checks": [{"name": "A", "result": "OK"}]});
    let path = temp_body("csv-controls.json", &body.to_string());
    let ran = run(&["check", "-o", "csv", "-f", path.to_str().unwrap()]).go();
    assert!(!ran.stdout.contains('\u{1b}') && !ran.stdout.contains('\u{202e}'));
    assert!(
        ran.stdout.contains("\r\na\\x1b[31mred\\u{202e}\tx,c,"),
        "{:?}",
        ran.stdout
    );
}

#[test]
fn commands_without_a_csv_form_refuse_it() {
    let path = example("source-linux.json");
    let path = path.to_str().unwrap();
    for args in [
        vec!["source", "-o", "csv", "-f", path],
        vec!["diff", "-o", "csv", path, path],
        vec!["explain", "-o", "csv", "SMS.6517"],
    ] {
        let ran = run(&args).go();
        assert_eq!(ran.code, 2, "{args:?}");
        assert!(ran.stdout.is_empty());
        assert!(
            ran.stderr
                .starts_with("error: -o csv is written by `sources`, `check` and `errors`"),
            "{}",
            ran.stderr
        );
    }
}
