//! The headers that authenticate a request (an IAM token, or an AK/SK signature) and the
//! form of them that `-v` may show, every secret redacted.

use super::signer;
use crate::credentials::Credentials;
use crate::redact::Redactor;
use crate::sanitize::sanitize;

/// The redactor for `credentials`: every value that is secret (the token; the SK and the
/// security token). The AK is not secret (it names the key, as a user name does, and `-v`
/// shows it in the `Authorization` header), nor is the project ID.
pub(super) fn redactor(credentials: &Credentials) -> Redactor {
    match credentials {
        Credentials::Token { token, .. } => Redactor::new([token.expose()]),
        Credentials::AkSk {
            sk, security_token, ..
        } => Redactor::new(
            std::iter::once(sk.expose()).chain(security_token.as_ref().map(|t| t.expose())),
        ),
    }
}

/// The headers to send, and the same as they may be logged.
pub(super) struct Headers {
    pub(super) sent: Vec<(&'static str, String)>,
    pub(super) shown: Vec<(&'static str, String)>,
    /// The AK/SK signature, which a server's echo must not show either.
    pub(super) signature: Option<String>,
}

/// The authentication headers for a GET of `full_path` (with the endpoint's base path) and
/// `query` on `authority`.
pub(super) fn headers(
    credentials: &Credentials,
    authority: &str,
    full_path: &str,
    query: &[(String, String)],
) -> Headers {
    let mut sent: Vec<(&'static str, String)> = Vec::new();
    let mut shown: Vec<(&'static str, String)> = Vec::new();
    let mut signature = None;
    match credentials {
        Credentials::Token { token, .. } => {
            sent.push(("X-Auth-Token", token.expose().to_owned()));
            shown.push(("X-Auth-Token", "<redacted>".into()));
        }
        Credentials::AkSk {
            ak,
            sk,
            security_token,
            project_id,
            ..
        } => {
            let date = sdk_date();
            let mut signed: Vec<(&str, &str)> = vec![("Host", authority), ("X-Sdk-Date", &date)];
            if let Some(p) = project_id {
                signed.push(("X-Project-Id", p));
            }
            if let Some(t) = security_token {
                signed.push(("X-Security-Token", t.expose()));
            }
            let authorization = signer::authorization(
                &signer::Request {
                    method: "GET",
                    path: full_path,
                    query,
                    headers: &signed,
                    date: &date,
                },
                ak,
                sk,
            );
            sent.push(("X-Sdk-Date", date.clone()));
            shown.push(("X-Sdk-Date", date.clone()));
            if let Some(p) = project_id {
                sent.push(("X-Project-Id", p.clone()));
                shown.push(("X-Project-Id", sanitize(p).into_owned()));
            }
            if let Some(t) = security_token {
                sent.push(("X-Security-Token", t.expose().to_owned()));
                shown.push(("X-Security-Token", "<redacted>".into()));
            }
            let redacted = match authorization.split_once(", Signature=") {
                Some((head, mac)) => {
                    signature = Some(mac.to_owned());
                    format!("{head}, Signature=<redacted>")
                }
                None => "<redacted>".into(),
            };
            sent.push(("Authorization", authorization));
            shown.push(("Authorization", sanitize(&redacted).into_owned()));
        }
    }
    Headers {
        sent,
        shown,
        signature,
    }
}

/// `X-Sdk-Date`: now, `YYYYMMDDTHHMMSSZ` in UTC.
fn sdk_date() -> String {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    time::OffsetDateTime::now_utc()
        .format(&format)
        .expect("a UTC date always formats")
}

#[cfg(test)]
mod tests {
    use crate::credentials::{Credentials, Secret};

    #[test]
    fn every_form_of_a_credential_is_redacted() {
        let credentials = Credentials::AkSk {
            ak: "AKNOTSECRET".into(),
            sk: Secret::new("sk/secret+key=="),
            security_token: Some(Secret::new("security-token-value")),
            project_id: None,
            origin: String::new(),
        };
        let r = super::redactor(&credentials).with(Some("abcdef0123456789"));
        assert_eq!(
            r.redact("a sk/secret+key== b sk%2Fsecret%2Bkey%3D%3D c security-token-value d abcdef0123456789 AKNOTSECRET"),
            "a <redacted> b <redacted> c <redacted> d <redacted> AKNOTSECRET"
        );
    }

    /// The forms a server may echo a value in, each a different encoder's output.
    fn echoes(secret: &str) -> Vec<String> {
        let json_u: String = secret
            .chars()
            .map(|c| format!("\\u{:04X}", c as u32))
            .collect();
        let mut first_u = format!("\\u{:04x}", secret.chars().next().unwrap() as u32);
        first_u.push_str(&secret[1..]);
        let lower: String = secret.bytes().map(|b| format!("%{b:02x}")).collect();
        vec![
            secret.to_owned(),
            secret.replace('/', "\\/"),
            json_u,
            first_u,
            super::signer::quote(secret),
            lower_hex(&super::signer::quote(secret)),
            lower,
            base64(secret.as_bytes()),
            base64(format!("x:{secret}").as_bytes()).replace(['+', '/'], "-"),
        ]
    }

    /// `%2F` as `%2f`, the rest as it is.
    fn lower_hex(quoted: &str) -> String {
        let mut out = String::new();
        let mut hex = 0;
        for c in quoted.chars() {
            if c == '%' {
                hex = 2;
                out.push(c);
            } else if hex > 0 {
                hex -= 1;
                out.push(c.to_ascii_lowercase());
            } else {
                out.push(c);
            }
        }
        out
    }

    fn base64(bytes: &[u8]) -> String {
        const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..=chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            }
        }
        out
    }

    #[test]
    fn every_credential_kind_in_every_echoed_form() {
        let token = Credentials::Token {
            token: Secret::new("TOKEN/abc+def="),
            origin: String::new(),
        };
        let aksk = Credentials::AkSk {
            ak: "AKNOTSECRET".into(),
            sk: Secret::new("SK/abc+def=="),
            security_token: Some(Secret::new("STS+token/abc")),
            project_id: Some("project0001".into()),
            origin: String::new(),
        };
        for (credentials, secrets) in [
            (&token, vec!["TOKEN/abc+def="]),
            (&aksk, vec!["SK/abc+def==", "STS+token/abc"]),
        ] {
            let r = super::redactor(credentials);
            for secret in secrets {
                for echo in echoes(secret) {
                    let text = format!("{{\"error_msg\": \"bad {echo} AKNOTSECRET project0001\"}}");
                    let out = r.redact(&text);
                    assert!(
                        out.contains("<redacted>") && !out.contains(&echo),
                        "{secret}: {echo} -> {out}"
                    );
                    // The AK and the project ID name things; they are not secret.
                    assert!(out.contains("AKNOTSECRET project0001"), "{out}");
                }
            }
        }
    }

    #[test]
    fn sdk_date_has_the_sdk_form() {
        let date = super::sdk_date();
        assert_eq!(date.len(), 16, "{date}");
        assert!(date.starts_with("20") && date.ends_with('Z') && date.as_bytes()[8] == b'T');
        assert!(date.chars().filter(char::is_ascii_digit).count() == 14);
    }
}
