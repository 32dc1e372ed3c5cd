//! `source <ID>` against a loopback stand-in for the SMS API: credentials and signing, and no
//! secret anywhere in the output. The network's faults are in `network.rs`.

use crate::support::inproc::{cmd, cmd_at};
use crate::support::server::{Recorded, Reply, Server};
use crate::support::*;
use predicates::prelude::*;

pub(crate) const ID: &str = "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60";
pub(crate) const AK: &str = "AKEXAMPLE0000001";
pub(crate) const SK: &str = "skCANARYsecret/key+0123";
pub(crate) const SECURITY_TOKEN: &str = "stCANARYsecurity+token==";

pub(crate) fn ok_server() -> Server {
    aside(vec![Reply::json(200, read(&linux()))])
}

/// Replies in order (the last repeats) to every request but the task request `source` makes
/// after the body (GET /v3/tasks/{id}, issue 21), which is answered aside with a task of that
/// ID: these tests are about the source request.
pub(crate) fn aside(replies: Vec<Reply>) -> Server {
    let next = std::sync::atomic::AtomicUsize::new(0);
    Server::start(move |r, _| {
        if let Some(id) = r.path().strip_prefix("/v3/tasks/") {
            return Reply::json(200, format!("{{\"id\":\"{id}\"}}"));
        }
        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        replies[i.min(replies.len() - 1)].clone()
    })
}

/// The requests but the task requests.
pub(crate) fn asked(server: &Server) -> Vec<Recorded> {
    server
        .requests()
        .into_iter()
        .filter(|r| !r.path().starts_with("/v3/tasks/"))
        .collect()
}

/// `sms-inspect --endpoint URL source ID` with a token (and the quick retries of `sms()`), run
/// in-process.
pub(crate) fn live(server: &Server) -> crate::support::inproc::Cmd {
    let mut cmd = cmd_at(server);
    cmd.args(["source", ID]);
    cmd
}

/// Neither the raw secret nor its percent-encoded or base64 forms.
pub(crate) fn assert_no_secret(out: &[u8], err: &[u8]) {
    for secret in [TOKEN, SK, SECURITY_TOKEN] {
        for form in secret_forms(secret)
            .into_iter()
            .chain(["CANARY".to_owned()])
        {
            for (name, text) in [("stdout", out), ("stderr", err)] {
                assert!(
                    !String::from_utf8_lossy(text).contains(&form),
                    "{name} carries a secret form {form:?}"
                );
            }
        }
    }
}

#[test]
fn token_from_the_environment() {
    let server = ok_server();
    live(&server)
        .args(["--fail-on", "never"])
        .assert()
        .success()
        .stdout(predicate::str::contains("db-prod-07"));
    let requests = asked(&server);
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.target, format!("/v3/sources/{ID}"));
    assert_eq!(r.header("x-auth-token"), Some(TOKEN));
    assert!(r.header("authorization").is_none());
    assert!(r.header("user-agent").unwrap().starts_with("sms-inspect/"));
}

#[test]
fn token_from_a_file_and_from_stdin_beats_the_environment() {
    let server = ok_server();
    let file = temp_body("token.txt", "tokFROMfile\n");
    live(&server)
        .arg("--token-file")
        .arg(&file)
        .args(["--json", "--fail-on", "never"])
        .assert()
        .success();
    // A process: the token comes from its stdin.
    sms_at(&server)
        .args(["source", ID])
        .args(["--token-file", "-", "--json", "--fail-on", "never"])
        .write_stdin("tokFROMstdin\n")
        .assert()
        .success();
    let tokens: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.header("x-auth-token").unwrap().to_owned())
        .collect();
    assert_eq!(tokens, ["tokFROMfile", "tokFROMstdin"]);
    let empty = temp_body("empty-token.txt", "\n");
    live(&server)
        .arg("--token-file")
        .arg(&empty)
        .assert()
        .code(4);
    live(&server)
        .args(["--token-file", "/nonexistent/token"])
        .assert()
        .code(2);
}

/// Re-computes the signature of a recorded request with the library's signer, which
/// tests/signer.rs holds to the official SDK's vectors.
fn assert_signed(r: &Recorded, ak: &str, sk: &str) {
    let auth = r.header("authorization").expect("signed");
    let signed = auth
        .split("SignedHeaders=")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    assert!(
        auth.starts_with(&format!("SDK-HMAC-SHA256 Access={ak}, ")),
        "{auth}"
    );
    let names: Vec<&str> = signed.split(';').collect();
    assert!(
        names.contains(&"host") && names.contains(&"x-sdk-date"),
        "{signed}"
    );
    let values: Vec<(&str, &str)> = names
        .iter()
        .map(|n| (*n, r.header(n).unwrap_or_else(|| panic!("{n} not sent"))))
        .collect();
    let expected = sms_inspect::api::signer::authorization(
        &sms_inspect::api::signer::Request {
            method: &r.method,
            path: r.path(),
            query: &r.query(),
            headers: &values,
            date: r.header("x-sdk-date").unwrap(),
        },
        ak,
        &sms_inspect::credentials::Secret::new(sk),
    );
    assert_eq!(auth, expected);
}

#[test]
fn aksk_from_the_environment_is_signed() {
    let server = ok_server();
    cmd()
        .args([
            "--endpoint",
            &server.url(),
            "source",
            ID,
            "--fail-on",
            "never",
        ])
        .env("HUAWEICLOUD_SDK_AK", AK)
        .env("HUAWEICLOUD_SDK_SK", SK)
        .assert()
        .success();
    cmd()
        .args([
            "--endpoint",
            &server.url(),
            "source",
            ID,
            "--fail-on",
            "never",
        ])
        .env("HUAWEICLOUD_SDK_AK", AK)
        .env("HUAWEICLOUD_SDK_SK", SK)
        .env("HUAWEICLOUD_SDK_SECURITY_TOKEN", SECURITY_TOKEN)
        .env("HUAWEICLOUD_SDK_PROJECT_ID", "proj0001")
        .assert()
        .success();
    let requests = asked(&server);
    assert_signed(&requests[0], AK, SK);
    assert!(requests[0].header("x-security-token").is_none());
    assert_signed(&requests[1], AK, SK);
    assert_eq!(requests[1].header("x-security-token"), Some(SECURITY_TOKEN));
    assert_eq!(requests[1].header("x-project-id"), Some("proj0001"));
    assert!(
        requests[1]
            .header("authorization")
            .unwrap()
            .contains("SignedHeaders=host;x-project-id;x-sdk-date;x-security-token")
    );
}

#[test]
fn aksk_from_the_credentials_file() {
    let server = ok_server();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("creds");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("credentials");
    std::fs::write(
        &file,
        format!("[global]\nak = WRONG\nsk = WRONG\n\n[basic]\nak = {AK}\nsk = {SK}\nproject_id = projFILE\n"),
    )
    .unwrap();
    set_mode(&file, 0o600);
    cmd()
        .args([
            "--endpoint",
            &server.url(),
            "source",
            ID,
            "--fail-on",
            "never",
        ])
        .env("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &file)
        .assert()
        .success()
        .stderr("");
    let r = &asked(&server)[0];
    assert_signed(r, AK, SK);
    assert_eq!(r.header("x-project-id"), Some("projFILE"));

    set_mode(&file, 0o644);
    let assert = cmd()
        .args([
            "--endpoint",
            &server.url(),
            "source",
            ID,
            "--fail-on",
            "never",
        ])
        .env("HUAWEICLOUD_SDK_CREDENTIALS_FILE", &file)
        .assert()
        .success();
    let err = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(err.contains("chmod 600"), "{err}");

    // The default place: ~/.huaweicloud/credentials.
    let home = dir.join("home");
    std::fs::create_dir_all(home.join(".huaweicloud")).unwrap();
    let default = home.join(".huaweicloud/credentials");
    std::fs::write(&default, format!("[basic]\nak={AK}\nsk={SK}\n")).unwrap();
    set_mode(&default, 0o600);
    cmd()
        .args([
            "--endpoint",
            &server.url(),
            "source",
            ID,
            "--fail-on",
            "never",
        ])
        .env("HOME", &home)
        .assert()
        .success();
    assert_signed(&asked(&server)[2], AK, SK);
}

fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn no_credentials_is_exit_4_with_how_to() {
    let server = ok_server();
    cmd()
        .args(["--endpoint", &server.url(), "source", ID])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("--token-file"))
        .stderr(predicate::str::contains("SMS_AUTH_TOKEN"));
    cmd()
        .args(["--endpoint", &server.url(), "source", ID])
        .env("HUAWEICLOUD_SDK_AK", AK)
        .assert()
        .code(4);
    assert_eq!(asked(&server).len(), 0);
}

#[test]
fn malformed_regions_and_endpoints_are_usage_errors() {
    for region in ["AP-SOUTHEAST-3", "ap_southeast_3", "evil.com/x", "a b"] {
        cmd()
            .args(["--region", region, "source", ID])
            .env("SMS_AUTH_TOKEN", TOKEN)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not a region ID"));
    }
    cmd()
        .args(["source", ID])
        .env("SMS_REGION", "Bad_Region")
        .env("SMS_AUTH_TOKEN", TOKEN)
        .assert()
        .code(2);
    cmd()
        .args(["--endpoint", "ftp://x", "source", ID])
        .env("SMS_AUTH_TOKEN", TOKEN)
        .assert()
        .code(2);
}
