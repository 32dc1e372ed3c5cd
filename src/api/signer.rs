//! AK/SK request signing, SDK-HMAC-SHA256, as `huaweicloudsdkcore/signer/signer.py` does it:
//! a canonical request (method, canonical URI ending in `/`, sorted query, sorted signed
//! headers, payload hash), hashed into a string to sign, MACed with the SK, hex-encoded.

use std::fmt::Write;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use ring::{digest, hmac};

use crate::credentials::Secret;

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// SHA-256 of the empty payload (every request here is a GET without a body).
const EMPTY_PAYLOAD_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// What is signed.
pub struct Request<'a> {
    pub method: &'a str,
    /// The path as sent, percent-encoded (`/v3/sources/abc`).
    pub path: &'a str,
    /// The query parameters, not encoded.
    pub query: &'a [(String, String)],
    /// The headers to sign, with their values as sent (`Host`, `X-Sdk-Date`, ...).
    pub headers: &'a [(&'a str, &'a str)],
    /// `X-Sdk-Date`, `YYYYMMDDTHHMMSSZ`.
    pub date: &'a str,
}

/// The value of the `Authorization` header.
pub fn authorization(request: &Request<'_>, ak: &str, sk: &Secret) -> String {
    let (canonical, signed_headers) = canonical_request(request);
    let string_to_sign = format!(
        "{ALGORITHM}\n{}\n{}",
        request.date,
        sha256_hex(canonical.as_bytes())
    );
    let key = hmac::Key::new(hmac::HMAC_SHA256, sk.expose().as_bytes());
    let signature = hex(hmac::sign(&key, string_to_sign.as_bytes()).as_ref());
    format!("{ALGORITHM} Access={ak}, SignedHeaders={signed_headers}, Signature={signature}")
}

/// The canonical request, and the `;`-joined signed header names.
pub fn canonical_request(request: &Request<'_>) -> (String, String) {
    let mut headers: Vec<(String, &str)> = request
        .headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim()))
        .collect();
    headers.sort();
    let signed: Vec<&str> = headers.iter().map(|(n, _)| n.as_str()).collect();
    let signed = signed.join(";");
    let mut canonical_headers = String::new();
    for (name, value) in &headers {
        let _ = writeln!(canonical_headers, "{name}:{value}");
    }
    let canonical = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method.to_ascii_uppercase(),
        canonical_uri(request.path),
        canonical_query(request.query),
        canonical_headers,
        signed,
        EMPTY_PAYLOAD_HASH
    );
    (canonical, signed)
}

/// Each segment decoded, then re-encoded; always ending in `/`.
fn canonical_uri(path: &str) -> String {
    let mut uri = path
        .split('/')
        .map(|segment| quote(&percent_decode(segment)))
        .collect::<Vec<_>>()
        .join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// Sorted by key, then value; keys and values encoded.
pub fn canonical_query(query: &[(String, String)]) -> String {
    let mut pairs: Vec<&(String, String)> = query.iter().collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote(k), quote(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// What Python's `urllib.parse.quote(s, safe='~')` leaves as it is: `A-Za-z0-9_.-~`.
const QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

/// Python's `urllib.parse.quote(s, safe='~')`: everything but `A-Za-z0-9_.-~` is encoded.
pub fn quote(s: &str) -> String {
    utf8_percent_encode(s, QUOTE).to_string()
}

fn percent_decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(digest::digest(&digest::SHA256, data).as_ref())
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_matches_python() {
        assert_eq!(quote("a b/c~d.e_f-g"), "a%20b%2Fc~d.e_f-g");
        assert_eq!(quote("ü"), "%C3%BC");
    }

    #[test]
    fn canonical_uri_ends_in_a_slash() {
        assert_eq!(canonical_uri("/v3/sources/abc"), "/v3/sources/abc/");
        assert_eq!(canonical_uri("/v3/sources/"), "/v3/sources/");
        assert_eq!(canonical_uri("/a%20b"), "/a%20b/");
    }

    #[test]
    fn headers_with_underscores_are_not_signed() {
        let req = Request {
            method: "get",
            path: "/v3/sources",
            query: &[("b".into(), "2".into()), ("a".into(), "1 1".into())],
            headers: &[
                ("X-Sdk-Date", "20260101T000000Z"),
                ("Host", "h"),
                ("X_Odd", "x"),
            ],
            date: "20260101T000000Z",
        };
        let (canonical, signed) = canonical_request(&req);
        assert_eq!(signed, "host;x-sdk-date");
        assert_eq!(
            canonical,
            format!(
                "GET\n/v3/sources/\na=1%201&b=2\nhost:h\nx-sdk-date:20260101T000000Z\n\nhost;x-sdk-date\n{EMPTY_PAYLOAD_HASH}"
            )
        );
    }
}
