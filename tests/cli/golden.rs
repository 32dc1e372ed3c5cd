//! Whole-output comparisons of what people read, as xh and fd pin theirs: the source report
//! of the bundled examples at 80, 120 and 200 columns on a real pseudo-terminal (colour off,
//! and once with colour), piped, and the fleet tables. `SMS_INSPECT_REGENERATE=1` rewrites
//! the files in tests/cli/golden/ after a deliberate change; review the diff.

use std::path::PathBuf;

use crate::support::fleet::Fleet;
use crate::support::*;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cli/golden")
}

/// Compares `actual` with the golden file `name`, or rewrites it.
pub(crate) fn assert_golden(name: &str, actual: &str) {
    let path = golden_dir().join(name);
    if std::env::var_os("SMS_INSPECT_REGENERATE").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no golden file {name}; run with SMS_INSPECT_REGENERATE=1"));
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from line {}:\n--- expected\n{}\n--- actual\n{}\n(SMS_INSPECT_REGENERATE=1 rewrites it)",
            first + 1,
            expected
                .lines()
                .skip(first)
                .take(5)
                .collect::<Vec<_>>()
                .join("\n"),
            actual
                .lines()
                .skip(first)
                .take(5)
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
}

/// No line of `out` is wider than the terminal.
fn fits(out: &str, cols: u16) {
    for line in out.lines() {
        let width = unicode_width::UnicodeWidthStr::width(line);
        assert!(width <= usize::from(cols), "at {cols}: {width}: {line}");
    }
}

/// `out` with every line's indentation and the line breaks gone: a wrapped message reads
/// whole again.
fn joined(out: &str) -> String {
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn examples() -> [(&'static str, PathBuf); 3] {
    [
        ("linux", linux()),
        ("windows", windows()),
        ("minimal", example("source-linux-minimal.json")),
    ]
}

/// What the terminal shows, with the pty's CR LF as LF.
fn screen(cols: u16, command: &str, env: &[(&str, &str)]) -> Option<String> {
    on_tty(cols, command, env).map(|s| s.replace("\r\n", "\n"))
}

#[test]
fn the_source_report_at_80_120_and_200_columns() {
    for (name, path) in examples() {
        let command = format!("{BIN} source -f '{}'", path.display());
        for cols in [80u16, 120, 200] {
            let Some(out) = screen(cols, &command, &[("NO_COLOR", "1")]) else {
                return;
            };
            fits(&out, cols);
            assert_golden(&format!("source-{name}-{cols}.txt"), &out);
        }
    }
}

#[test]
fn the_source_report_in_colour() {
    let command = format!("{BIN} source -f '{}'", linux().display());
    let Some(out) = screen(120, &command, &[]) else {
        return;
    };
    assert!(out.contains("\u{1b}[31mERROR\u{1b}[39m"), "{out}");
    assert_golden("source-linux-120-colour.txt", &out);
}

#[test]
fn the_source_report_piped_and_wide() {
    for (name, path) in examples() {
        let piped = sms().args(["source", "-f"]).arg(&path).output().unwrap();
        assert_eq!(piped.status.code(), Some(0));
        assert_golden(
            &format!("source-{name}-piped.txt"),
            &String::from_utf8(piped.stdout).unwrap(),
        );
    }
    let wide = sms()
        .args(["source", "--wide", "-f"])
        .arg(linux())
        .output()
        .unwrap();
    assert_golden(
        "source-linux-wide.txt",
        &String::from_utf8(wide.stdout).unwrap(),
    );
}

#[test]
fn the_fleet_tables_on_a_terminal_and_piped() {
    let server = Fleet::new(30).start();
    let base = format!("{BIN} --endpoint {}", server.url());
    let env = [("NO_COLOR", "1"), ("SMS_AUTH_TOKEN", "tokGOLDEN")];
    for (name, args) in [
        ("sources", "sources --limit 12"),
        ("check", "check --all --fail-on warn"),
    ] {
        for cols in [80u16, 120, 200] {
            let Some(out) = screen(cols, &format!("{base} {args} 2>/dev/null"), &env) else {
                return;
            };
            fits(&out, cols);
            assert!(
                !out.starts_with('\n'),
                "no blank line before the table:\n{out}"
            );
            assert_golden(&format!("{name}-{cols}.txt"), &out);
        }
        let piped = sms_at(&server).args(args.split(' ')).output().unwrap();
        assert_golden(
            &format!("{name}-piped.txt"),
            &String::from_utf8(piped.stdout).unwrap(),
        );
    }
}

/// The rule of issue 20: a check's message and parameters are never cut (wrapped lines joined
/// again hold every ERROR and WARN check's whole text), nor is a note or a title.
#[test]
fn no_message_note_or_title_is_cut() {
    for (name, path) in examples() {
        let body: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let command = format!("{BIN} source -f '{}'", path.display());
        for cols in [80u16, 120, 200] {
            let Some(out) = screen(cols, &command, &[("NO_COLOR", "1")]) else {
                return;
            };
            assert!(
                !out.contains('…'),
                "{name} at {cols} cuts something:\n{out}"
            );
            let whole = joined(&out);
            for check in body["checks"].as_array().into_iter().flatten() {
                if !matches!(check["result"].as_str(), Some("ERROR" | "WARN")) {
                    continue;
                }
                for part in [&check["error_or_warn"], &check["error_params"]] {
                    if let Some(text) = part.as_str().filter(|t| !t.is_empty()) {
                        assert!(
                            whole.contains(&joined(text)),
                            "{name} at {cols}: {text:?} is cut:\n{out}"
                        );
                    }
                }
            }
            let title =
                [&body["name"], &body["id"]].map(|v| v.as_str().unwrap_or_default().to_owned());
            assert!(
                whole.contains(&format!("{} ({})", title[0], title[1])),
                "{out}"
            );
        }
    }
}

/// In fleet tables whose names are unique the ID column goes first: at 80 columns `check`
/// keeps NAME, STATE and REASON whole and leaves ID out (saying so), and `sources` keeps
/// STATE and IP.
#[test]
fn fleet_tables_drop_the_id_first() {
    let server = Fleet::new(30).start();
    let base = format!("{BIN} --endpoint {}", server.url());
    let env = [("NO_COLOR", "1"), ("SMS_AUTH_TOKEN", "tokGOLDEN")];
    let Some(check) = screen(
        80,
        &format!("{base} check --all --fail-on warn 2>/dev/null"),
        &env,
    ) else {
        return;
    };
    let header = check.lines().nth(1).unwrap();
    for column in ["NAME", "STATE", "GATE", "REASON"] {
        assert!(header.contains(column), "{column} in {header}");
    }
    assert!(!header.contains(" ID "), "{header}");
    assert!(!check.contains("00000000-0000-4000"), "{check}");
    assert!(
        joined(&check).contains("not shown at this width: ID"),
        "{check}"
    );
    assert!(
        joined(&check).contains("SOFTWARE (ERROR, SMS.6517): rsync is not installed [rsync]"),
        "{check}"
    );
    let Some(sources) = screen(80, &format!("{base} sources --limit 12 2>/dev/null"), &env) else {
        return;
    };
    let header = sources.lines().nth(1).unwrap();
    for column in ["NAME", "STATE", "IP", "OK/WARN/ERR"] {
        assert!(header.contains(column), "{column} in {header}");
    }
    assert!(!sources.contains("00000000-0000-4000"), "{sources}");
    assert!(sources.contains("12 sources: 12 waiting"), "{sources}");
}
