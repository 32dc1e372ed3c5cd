//! Which certificates are trusted: the platform's verifier, or with `SSL_CERT_FILE` the
//! system bundle and that file together.

use ureq::tls::{Certificate, PemItem, RootCerts};

use crate::error::{Error, Result};
use crate::sanitize::sanitize;

/// The system's CA bundle, where the usual distributions keep it (openssl-probe's list).
const SYSTEM_BUNDLES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/pki/tls/cacert.pem",
    "/etc/ssl/cert.pem",
];

/// The largest CA bundle read (a system bundle is about 200 KiB).
pub const BUNDLE_LIMIT: u64 = 8 * 1024 * 1024;

/// Reads the certificates of a PEM bundle (`SSL_CERT_FILE`): a usage error when it is not a
/// regular file (a FIFO would block the run, a device never end), is larger than
/// [`BUNDLE_LIMIT`], cannot be read or holds no certificate.
pub fn read_bundle(path: &std::path::Path) -> Result<Vec<Certificate<'static>>> {
    use std::io::Read;
    let shown = sanitize(&path.display().to_string()).into_owned();
    let unreadable = |e: std::io::Error| {
        Error::usage(format!(
            "SSL_CERT_FILE names '{shown}', which cannot be read: {}",
            sanitize(&e.to_string())
        ))
    };
    // stat, not open: opening a FIFO waits for a writer.
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if !meta.is_file() {
        return Err(Error::usage(format!(
            "SSL_CERT_FILE names '{shown}', which is not a regular file (a PEM bundle is)"
        )));
    }
    let mut pem = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(BUNDLE_LIMIT + 1).read_to_end(&mut pem))
        .map_err(unreadable)?;
    if pem.len() as u64 > BUNDLE_LIMIT {
        return Err(Error::usage(format!(
            "SSL_CERT_FILE names '{shown}', which is larger than {} MiB: not a CA bundle",
            BUNDLE_LIMIT / 1024 / 1024
        )));
    }
    let certs = certificates(&pem);
    if certs.is_empty() {
        return Err(Error::usage(format!(
            "SSL_CERT_FILE names '{shown}', which holds no PEM certificate"
        )));
    }
    Ok(certs)
}

fn certificates(pem: &[u8]) -> Vec<Certificate<'static>> {
    ureq::tls::parse_pem(pem)
        .filter_map(|item| match item {
            Ok(PemItem::Certificate(c)) => Some(c),
            _ => None,
        })
        .collect()
}

/// The platform's verifier; with `SSL_CERT_FILE`, the system bundle and that file together
/// (the platform verifier alone would trust only the file).
pub(super) fn roots(extra: Option<&Vec<Certificate<'static>>>) -> RootCerts {
    let Some(extra) = extra else {
        return RootCerts::PlatformVerifier;
    };
    let mut all: Vec<Certificate<'static>> = SYSTEM_BUNDLES
        .iter()
        .find_map(|path| std::fs::read(path).ok())
        .map(|pem| certificates(&pem))
        .unwrap_or_default();
    all.extend(extra.iter().cloned());
    RootCerts::new_with_certs(&all)
}

#[cfg(test)]
mod tests {
    use super::*;
    /// A throw-away self-signed certificate, so the test does not need one on the machine.
    const TEST_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBjTCCATOgAwIBAgIUclI70RaZeISRZIHhVNMLowGRqAMwCgYIKoZIzj0EAwIw
GzEZMBcGA1UEAwwQc21zLWluc3BlY3QgdGVzdDAgFw0yNjExMjgwNzMxMjdaGA8y
MTI2MTEwNDA3MzEyN1owGzEZMBcGA1UEAwwQc21zLWluc3BlY3QgdGVzdDBZMBMG
ByqGSM49AgEGCCqGSM49AwEHA0IABDv8yCj7bm+7KL37SQReTfo2WFyqE8+HTT03
ijRQQc0a+2TDZgTR13Nmq9tPL6+qLVX00Q6KiSZ5qf/NLNPBwFGjUzBRMB0GA1Ud
DgQWBBS/W3N9Rsb6E1oQTrkwdCla9pVPwzAfBgNVHSMEGDAWgBS/W3N9Rsb6E1oQ
TrkwdCla9pVPwzAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCICag
A8YneYEiDXAc7oPl9CF30f7dRzEeJlLOleK2qRiAAiEAtnSMgZMjRz9TRr+3Ov9c
72WFSMLqStzUBpah74J2D3Y=
-----END CERTIFICATE-----
";

    #[test]
    fn ssl_cert_file_adds_to_the_system_bundle() {
        // Whatever the machine has (nothing at all counts too): the system's plus ours.
        let system = SYSTEM_BUNDLES
            .iter()
            .find_map(|p| std::fs::read(p).ok())
            .map(|pem| certificates(&pem))
            .unwrap_or_default();
        let extra = certificates(TEST_CA.as_bytes());
        assert_eq!(extra.len(), 1);
        match roots(Some(&extra)) {
            RootCerts::Specific(all) => assert_eq!(all.len(), system.len() + 1),
            other => panic!("{other:?}"),
        }
        assert!(matches!(roots(None), RootCerts::PlatformVerifier));
    }
}
