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

/// Reads the certificates of a PEM bundle (`SSL_CERT_FILE`): a usage error when it cannot be
/// read or holds none.
pub fn read_bundle(path: &std::path::Path) -> Result<Vec<Certificate<'static>>> {
    let shown = sanitize(&path.display().to_string()).into_owned();
    let pem = std::fs::read(path).map_err(|e| {
        Error::usage(format!(
            "SSL_CERT_FILE names '{shown}', which cannot be read: {e}"
        ))
    })?;
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
    #[test]
    fn ssl_cert_file_adds_to_the_system_bundle() {
        let Some(system) = SYSTEM_BUNDLES.iter().find_map(|p| std::fs::read(p).ok()) else {
            return;
        };
        let system = certificates(&system);
        let extra = vec![system[0].clone()];
        match roots(Some(&extra)) {
            RootCerts::Specific(all) => assert_eq!(all.len(), system.len() + 1),
            other => panic!("{other:?}"),
        }
        assert!(matches!(roots(None), RootCerts::PlatformVerifier));
    }
}
