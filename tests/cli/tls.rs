//! TLS is verified, and SSL_CERT_FILE names a CA to trust: a real TLS server (openssl
//! s_server) with a certificate from a throw-away CA.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::inproc::cmd;
use crate::support::*;
use predicates::prelude::*;

const ID: &str = "6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60";

fn openssl(dir: &Path, args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "openssl {args:?}");
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn ssl_cert_file_trusts_a_ca_and_nothing_else_is_trusted() {
    if !crate::support::tool(
        "openssl",
        Command::new("openssl").arg("version").output().is_ok(),
    ) {
        return;
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("tls");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("v3/sources")).unwrap();
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=sms-inspect test CA",
        ],
    );
    openssl(
        &dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "leaf.key",
            "-out",
            "leaf.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ],
    );
    std::fs::copy(linux(), dir.join("v3/sources").join(ID)).unwrap();

    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let _server = Server(
        Command::new("openssl")
            .args([
                "s_server",
                "-quiet",
                "-WWW",
                "-accept",
                &format!("127.0.0.1:{port}"),
                "-cert",
                "leaf.pem",
                "-key",
                "leaf.key",
            ])
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "s_server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let endpoint = format!("https://127.0.0.1:{port}");
    cmd()
        .args(["--endpoint", &endpoint, "--retries", "0", "source", ID])
        .env("SMS_AUTH_TOKEN", "test-token")
        .assert()
        .code(5)
        .stdout("")
        .stderr(predicate::str::contains(
            "certificate could not be verified",
        ));
    cmd()
        .args([
            "--endpoint",
            &endpoint,
            "--retries",
            "0",
            "source",
            ID,
            "--jq",
            ".name",
        ])
        .env("SMS_AUTH_TOKEN", "test-token")
        .env("SSL_CERT_FILE", dir.join("ca.pem"))
        .assert()
        .success()
        .stdout("db-prod-07\n");
}

#[test]
fn an_unreadable_ssl_cert_file_is_a_usage_error() {
    cmd()
        .args(["--endpoint", "https://127.0.0.1:9", "source", ID])
        .env("SMS_AUTH_TOKEN", "test-token")
        .env("SSL_CERT_FILE", "/nonexistent/ca.pem")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("SSL_CERT_FILE"));
    cmd()
        .args(["--endpoint", "https://127.0.0.1:9", "source", ID])
        .env("SMS_AUTH_TOKEN", "test-token")
        .env("SSL_CERT_FILE", linux())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no PEM certificate"));
}
