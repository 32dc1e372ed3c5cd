//! Every character class that must never reach a terminal raw, in tables and in error
//! messages; and the secret canary: every command, with and without -v, against every
//! failure, never shows a token or secret key in any form.

use crate::support::fleet::{self, Fleet};
use crate::support::server::{Reply, Server};
use crate::support::*;
use serde_json::{Value, json};

/// All 65 C0/DEL/C1 controls (Cc), and the 165 code points of Cf, Zl and Zp.
fn walk() -> Vec<char> {
    let mut chars: Vec<char> = (0u32..0x20)
        .chain(0x7f..0xa0)
        .filter_map(char::from_u32)
        .collect();
    assert_eq!(chars.len(), 65);
    chars.extend(
        FORMAT_AND_SEPARATORS
            .iter()
            .flat_map(|&(a, b)| a..=b)
            .filter_map(char::from_u32),
    );
    assert_eq!(chars.len(), 65 + 165);
    chars
}

/// What the tool shows instead of `c`.
fn escaped(c: char) -> String {
    match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        '\0' => "\\0".into(),
        c if (c as u32) < 0x80 => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

#[test]
fn every_code_point_class_is_escaped_in_tables() {
    let disks: Vec<Value> = walk()
        .into_iter()
        .map(|c| json!({"name": format!("cp{:04x}<{c}>", c as u32), "physical_volumes": []}))
        .collect();
    let body = temp_body(
        "walk.json",
        &json!({"id": "walk", "disks": disks}).to_string(),
    );
    for color in ["never", "always"] {
        let out = sms()
            .args(["source", "--color", color, "-f"])
            .arg(&body)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let out = String::from_utf8(out).unwrap();
        for c in walk() {
            let shown = format!("cp{:04x}<{}>", c as u32, escaped(c));
            assert!(out.contains(&shown), "{shown:?} not in the {color} table");
            assert!(
                !out.contains(&format!("<{c}>")),
                "U+{:04X} raw in the {color} table",
                c as u32
            );
        }
        if color == "never" {
            assert!(!out.contains('\u{1b}'));
        }
    }
}

#[test]
fn every_code_point_class_is_escaped_in_json_and_candidate_lists() {
    let name: String = walk().into_iter().collect();
    let body = temp_body(
        "walk-json.json",
        &json!({"id": "walk", "name": format!("db{name}")}).to_string(),
    );
    let out = sms()
        .args(["source", "--json", "-f"])
        .arg(&body)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(has_raw_control(out.trim_end()), None);
    let back: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        back["name"],
        json!(format!("db{name}")),
        "exact after escaping"
    );
    // A name lookup that finds look-alikes lists them escaped.
    let server = Server::always(Reply::json(
        200,
        json!({"count": 1, "source_servers": [{"id": fleet::id(1), "name": format!("db-prod-07{name}"), "ip": "10.0.0.1"}]}).to_string(),
    ));
    let out = sms_at(&server)
        .args(["source", "db-prod-07"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(has_raw_control(err.trim_end()), None, "{err:?}");
    assert!(err.contains("db-prod-07\\0\\x01"), "{err}");
}

#[test]
fn every_code_point_class_is_escaped_in_error_messages() {
    // In pieces, as the message shortens a long error_msg.
    for piece in walk().chunks(40) {
        let all: String = piece.iter().collect();
        let server = Server::always(Reply::json(
            400,
            json!({"error_code": "SMS.0400", "error_msg": format!("bad{all}end")}).to_string(),
        ));
        let out = sms()
            .args(["--endpoint", &server.url(), "source", &fleet::id(1)])
            .env("SMS_AUTH_TOKEN", "test-token")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(has_raw_control(err.trim_end()), None, "{err:?}");
        let expected: String = piece.iter().map(|&c| escaped(c)).collect();
        assert!(err.contains(&format!("bad{expected}end")), "{err}");
    }

    // A path is shown sanitised too.
    let path = format!("/nonexistent/\u{1b}[2J{}", '\u{202e}');
    let out = sms().args(["source", "-f", &path]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(has_raw_control(err.trim_end()), None, "{err:?}");
    assert!(err.contains("\\x1b[2J\\u{202e}"), "{err}");
}

const TOKEN: &str = "tokCANARY7f3a9-SECRET+token/==";
const SK: &str = "skCANARY51c2e-SECRET+key/==";
const SECURITY_TOKEN: &str = "stCANARY0d9b4-SECRET+sts/==";

/// Every command × (default, -v) × every failure × (token, AK/SK with security token):
/// no secret in stdout or stderr, in any form.
#[test]
fn the_secret_canary() {
    let fleet_server = Fleet::new(20).start();
    let failures: Vec<(&str, Server)> = vec![
        ("ok", fleet_server),
        (
            "401",
            Server::always(Reply::json(
                401,
                r#"{"error_code":"APIGW.0301","error_msg":"bad token"}"#,
            )),
        ),
        (
            "403",
            Server::always(Reply::json(
                403,
                read(
                    &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                        .join("tests/cli/data/error-403.json"),
                ),
            )),
        ),
        (
            "404",
            Server::always(Reply::json(
                404,
                r#"{"error_code":"SMS.0205","error_msg":"gone"}"#,
            )),
        ),
        (
            "429",
            Server::always(Reply::json(429, "").with_header("Retry-After", "3600")),
        ),
        (
            "503",
            Server::always(Reply::json(503, "<html><title>busy</title></html>")),
        ),
        (
            "302",
            Server::always(Reply::Full {
                status: 302,
                headers: vec![("Location".into(), "http://127.0.0.1:9/x".into())],
                body: vec![],
            }),
        ),
        ("not-json", Server::always(Reply::json(200, "nope"))),
        ("reset", Server::always(Reply::Reset)),
        (
            "stall",
            Server::always(Reply::Stall(std::time::Duration::from_secs(30))),
        ),
    ];
    let id = fleet::id(3);
    let commands: Vec<Vec<&str>> = vec![
        vec!["source", &id],
        vec!["source", "srv-0003"],
        vec!["source", &id, "--json"],
        vec!["sources"],
        vec!["check", "--all"],
        vec!["check", &id, "--junit", "/dev/null"],
        vec!["source", &id, "--jq", ".name"],
    ];
    let mut cases = Vec::new();
    for (name, server) in &failures {
        for command in &commands {
            for verbose in [false, true] {
                for aksk in [false, true] {
                    cases.push((*name, server.url(), command, verbose, aksk));
                }
            }
        }
    }
    assert_eq!(cases.len(), 10 * 7 * 4);
    // Each case is its own process; most wait on a stall or a timeout, so run them side by side.
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                while let Some((name, url, command, verbose, aksk)) =
                    cases.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
                {
                    let mut cmd = sms();
                    cmd.args(["--endpoint", url, "--retries", "1", "--timeout", "1"]);
                    if *verbose {
                        cmd.arg("-v");
                    }
                    cmd.args(*command);
                    if *aksk {
                        cmd.env("HUAWEICLOUD_SDK_AK", "AKCANARYAK")
                            .env("HUAWEICLOUD_SDK_SK", SK)
                            .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN);
                    } else {
                        cmd.env("SMS_AUTH_TOKEN", TOKEN);
                    }
                    let out = cmd.output().unwrap();
                    let text = format!(
                        "{}{}",
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    );
                    for secret in [TOKEN, SK, SECURITY_TOKEN] {
                        for form in secret_forms(secret) {
                            assert!(
                                !text.contains(&form),
                                "{name} {command:?} -v={verbose}: {form:?} in output:\n{text}"
                            );
                        }
                    }
                    assert!(!text.contains("panicked"), "{name} {command:?}: {text}");
                    if *name != "ok" {
                        assert_ne!(
                            out.status.code(),
                            Some(0),
                            "{name} {command:?}: could not check, yet 0"
                        );
                    }
                }
            });
        }
    });
}
