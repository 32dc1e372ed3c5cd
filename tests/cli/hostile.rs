//! Every character class that must never reach a terminal raw, in tables and in error
//! messages; and the secret canary: every command, with and without -v, against every
//! failure, never shows a token or secret key in any form.

use crate::support::fleet::{self, Fleet};
use crate::support::inproc::{cmd, cmd_at};
use crate::support::server::{Recorded, Reply, Server};
use crate::support::*;
use predicates::prelude::*;
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
        let out = cmd()
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
    let out = cmd()
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
    let out = cmd_at(&server)
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
        let out = cmd()
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
    let out = cmd().args(["source", "-f", &path]).output().unwrap();
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
    let mut failures: Vec<(&str, Server)> = vec![
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
    // Servers that echo the credentials they received in an error body and a header, a group
    // of forms each (the SK as well, as if the server knew it).
    for (name, group) in [
        (
            "echo-json",
            &["raw", "json-slash", "json-u-first", "json-u-every"][..],
        ),
        ("echo-percent", &["percent", "percent-lower"][..]),
        ("echo-base64", &["base64", "base64+1", "base64+2"][..]),
    ] {
        failures.push((name, echo_server(group)));
    }
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
    assert_eq!(cases.len(), 13 * 7 * 4);
    // Each case is a run of its own; some wait on a stall or a timeout, so run them side by side.
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..16 {
            scope.spawn(|| {
                while let Some((name, url, command, verbose, aksk)) =
                    cases.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
                {
                    // In-process, its streams captured: the same program as the binary.
                    let mut args = vec!["--endpoint", url.as_str(), "--retries", "1"];
                    args.extend(["--timeout", "1"]);
                    if *verbose {
                        args.push("-v");
                    }
                    args.extend(command.iter().copied());
                    let mut run = crate::support::inproc::run(&args);
                    if *aksk {
                        run = run
                            .env("HUAWEICLOUD_SDK_AK", "AKCANARYAK")
                            .env("HUAWEICLOUD_SDK_SK", SK)
                            .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN);
                    } else {
                        run = run.env("SMS_AUTH_TOKEN", TOKEN);
                    }
                    let ran = run.go();
                    let text = format!("{}{}", ran.stdout, ran.stderr);
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
                        assert_ne!(ran.code, 0, "{name} {command:?}: could not check, yet 0");
                    }
                }
            });
        }
    });
}

/// The credentials a request carried (and the SK, when it was signed with it), each in the
/// forms of `group` (names from `secret_echoes`).
fn echoes_of(r: &Recorded, group: &[&str]) -> Vec<String> {
    let mut secrets: Vec<String> = r
        .header("x-auth-token")
        .map(str::to_owned)
        .into_iter()
        .collect();
    if r.header("authorization").is_some() {
        secrets.push(SK.to_owned());
    }
    secrets.extend(r.header("x-security-token").map(str::to_owned));
    secrets
        .iter()
        .flat_map(|s| secret_echoes(s))
        .filter(|(name, _)| group.contains(name))
        .map(|(_, echo)| echo)
        .collect()
}

/// A server that answers 400 with an error body echoing the credentials it received in the
/// forms of `group`, raw inside the JSON text (so `\/` and `\u0054` are JSON escapes), and
/// the first of them in `X-Request-Id`.
fn echo_server(group: &'static [&'static str]) -> Server {
    Server::start(move |r, _| {
        let echoes = echoes_of(r, group);
        let body = format!(
            r#"{{"error_code":"SMS.0400","error_msg":"bad token {}"}}"#,
            echoes.join(" ")
        );
        Reply::json(400, body).with_header(
            "X-Request-Id",
            &format!("req-{}", echoes.first().map_or("", String::as_str)),
        )
    })
}

/// Runs `check ID --junit FILE` (and `-v` when asked) with the token, or with the AK/SK and
/// the security token; returns the exit code, stderr and the JUnit file.
fn check_with_junit(
    server: &Server,
    aksk: bool,
    verbose: bool,
    tag: &str,
) -> (Option<i32>, String, String) {
    let junit =
        std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("redact-{tag}.xml"));
    let mut cmd = cmd();
    cmd.args(["--endpoint", &server.url(), "--retries", "0"]);
    if verbose {
        cmd.arg("-v");
    }
    cmd.args(["check", &fleet::id(1), "--junit"]).arg(&junit);
    if aksk {
        cmd.env("HUAWEICLOUD_SDK_AK", "AKCANARYAK")
            .env("HUAWEICLOUD_SDK_SK", SK)
            .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN);
    } else {
        cmd.env("SMS_AUTH_TOKEN", TOKEN);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        read(&junit),
    )
}

fn assert_no_form(text: &str, what: &str) {
    for secret in [TOKEN, SK, SECURITY_TOKEN] {
        for form in secret_forms(secret) {
            assert!(!text.contains(&form), "{what}: {form:?} in\n{text}");
        }
    }
}

/// Issue 18: an error body that echoes the token, the SK or the security token in any form
/// (JSON-escaped `\/` or `\u0054`, percent-encoded in either case, base64 at any alignment,
/// either alphabet) shows none of them on stderr (with and without `-v`) nor in the JUnit
/// file; the marker stands in their place.
#[test]
fn an_error_body_echoing_a_credential_in_any_form_is_redacted_on_stderr_and_in_junit() {
    let mut forms: Vec<&'static str> = secret_echoes(TOKEN).iter().map(|(n, _)| *n).collect();
    forms.dedup();
    let mut cases = Vec::new();
    for form in &forms {
        for aksk in [false, true] {
            for verbose in [false, true] {
                cases.push((*form, aksk, verbose));
            }
        }
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..6 {
            scope.spawn(|| {
                while let Some(&(form, aksk, verbose)) =
                    cases.get(next.fetch_add(1, std::sync::atomic::Ordering::SeqCst))
                {
                    let group: &'static [&'static str] = Box::leak(Box::new([form]));
                    let server = echo_server(group);
                    let tag = format!("{form}-{aksk}-{verbose}").replace('+', "p");
                    let (code, stderr, junit) = check_with_junit(&server, aksk, verbose, &tag);
                    assert_eq!(code, Some(3), "{tag}: {stderr}");
                    // A base64 echo inside a longer string keeps the characters that
                    // mix the secret's bits with its neighbours' (`eH<redacted>Q`).
                    let marker = if form.starts_with("base64+") {
                        "<redacted>"
                    } else {
                        "bad token <redacted>"
                    };
                    assert!(stderr.contains(marker), "{tag}: {stderr}");
                    let xml_marker = marker.replace('<', "&lt;").replace('>', "&gt;");
                    assert!(junit.contains(&xml_marker), "{tag}: {junit}");
                    // Each echo in the body, one per credential sent, and X-Request-Id's.
                    let markers = if aksk { 3 } else { 2 };
                    assert!(
                        stderr.matches("<redacted>").count() >= markers,
                        "{tag}: {stderr}"
                    );
                    assert_no_form(&stderr, &format!("{tag} stderr"));
                    assert_no_form(&junit, &format!("{tag} junit"));
                }
            });
        }
    });
}

/// The issue's own bodies: `TOKEN\/abc+def=` and `\u0054OKEN...` for a token of that value.
#[test]
fn the_issue_bodies_print_no_token() {
    let token = "TOKEN/abc+def=";
    for body in [
        r#"{"error_msg": "bad token TOKEN\/abc+def="}"#,
        r#"{"error_msg": "bad token \u0054OKEN\/abc+def="}"#,
        r#"{"error_msg": "bad token \u0054\u004f\u004B\u0045\u004e\/abc%2bdef%3d"}"#,
    ] {
        let server = Server::always(Reply::json(401, body));
        let junit = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("redact-issue.xml");
        let out = cmd()
            .args([
                "--endpoint",
                &server.url(),
                "check",
                &fleet::id(1),
                "--junit",
            ])
            .arg(&junit)
            .env("SMS_AUTH_TOKEN", token)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4));
        let stderr = String::from_utf8_lossy(&out.stderr);
        for text in [stderr.as_ref(), &read(&junit)] {
            assert!(
                text.contains("bad token ") && text.contains("redacted"),
                "{text}"
            );
            assert!(
                !text.contains("abc+def") && !text.contains("abc%2bdef"),
                "{body}: {text}"
            );
        }
    }
}

/// The shortest credential redacted: 4 characters (shorter ones are refused as implausible
/// by the credential chain).
#[test]
fn a_four_character_token_is_redacted() {
    let server = Server::always(Reply::json(
        400,
        r#"{"error_msg": "bad token T0k3 and \u0054\u0030k3"}"#,
    ));
    cmd()
        .args(["--endpoint", &server.url(), "source", &fleet::id(1)])
        .env("SMS_AUTH_TOKEN", "T0k3")
        .assert()
        .code(3)
        .stderr(predicates::str::contains(
            "bad token <redacted> and <redacted>",
        ))
        .stderr(predicates::str::contains("T0k3").not());
}

/// A 200 body that echoes the credentials (a source named after the token, a check whose
/// message holds the security token) shows none of them in the table, the gate lines, the
/// `::error` annotations, JUnit or Markdown. `--json` and `--jq` stay exact (docs/security.md).
// Needs the lead's `Streams` to pass every human and CI output through
// `Client::redactor()`; switch on once Streams redacts.
#[test]

fn a_200_body_echoing_credentials_is_redacted_in_every_human_and_ci_output() {
    let server = Server::start(|r, _| {
        let echoes = echoes_of(r, &["raw", "json-slash", "percent-lower", "base64"]);
        let mut source = fleet::source(25);
        source["name"] = json!(echoes[0]);
        source["checks"][2]["error_or_warn"] = json!(echoes.join(" "));
        source["checks"][2]["error_params"] = json!(echoes.last().unwrap());
        Reply::json(200, source.to_string())
    });
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("redact-200");
    std::fs::create_dir_all(&dir).unwrap();
    for aksk in [false, true] {
        for args in [
            vec!["source".to_owned(), fleet::id(25)],
            vec!["check".to_owned(), fleet::id(25)],
        ] {
            let junit = dir.join("r.xml");
            let markdown = dir.join("r.md");
            let mut cmd = cmd();
            cmd.args(["--endpoint", &server.url()]).args(&args);
            if args[0] == "check" {
                cmd.arg("--junit")
                    .arg(&junit)
                    .arg("--markdown")
                    .arg(&markdown);
            }
            cmd.env("GITHUB_ACTIONS", "true");
            if aksk {
                cmd.env("HUAWEICLOUD_SDK_AK", "AKCANARYAK")
                    .env("HUAWEICLOUD_SDK_SK", SK)
                    .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN);
            } else {
                cmd.env("SMS_AUTH_TOKEN", TOKEN);
            }
            let out = cmd.output().unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stdout.contains("<redacted>") || stderr.contains("<redacted>"),
                "{stdout}{stderr}"
            );
            assert_no_form(&stdout, &format!("{args:?} stdout"));
            assert_no_form(&stderr, &format!("{args:?} stderr"));
            if args[0] == "check" {
                assert_no_form(&read(&junit), "junit");
                assert_no_form(&read(&markdown), "markdown");
            }
        }
    }
    // The data outputs stay exact: the token is in `--json` as the server sent it.
    let out = cmd()
        .args([
            "--endpoint",
            &server.url(),
            "source",
            &fleet::id(25),
            "--jq",
            ".name",
        ])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), TOKEN);
}
