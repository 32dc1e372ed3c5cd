//! The headers that authenticate a request (an IAM token, or an AK/SK signature) and the
//! form of them that `-v` may show, every secret redacted.

use std::borrow::Cow;

use super::signer;
use crate::credentials::Credentials;
use crate::sanitize::sanitize;

/// Removes every credential value from text a server sent back (an error body, a header, a
/// page title) before anything shows it: the token, the SK, the security token, this
/// request's signature, raw and percent-encoded.
#[derive(Clone, Default)]
pub(super) struct Redactor {
    forms: Vec<String>,
}

impl Redactor {
    pub(super) fn new(credentials: &Credentials) -> Redactor {
        let mut redactor = Redactor::default();
        match credentials {
            Credentials::Token { token, .. } => redactor.add(token.expose()),
            Credentials::AkSk {
                sk, security_token, ..
            } => {
                redactor.add(sk.expose());
                if let Some(t) = security_token {
                    redactor.add(t.expose());
                }
            }
        }
        redactor
    }

    /// This redactor and one more value (a request's signature).
    pub(super) fn with(&self, value: Option<&str>) -> Redactor {
        let mut more = self.clone();
        if let Some(v) = value {
            more.add(v);
        }
        more
    }

    fn add(&mut self, value: &str) {
        // Too short a value would blank out ordinary words; no real credential is.
        if value.len() < 8 {
            return;
        }
        for form in [value.to_owned(), signer::quote(value)] {
            if !self.forms.contains(&form) {
                self.forms.push(form);
            }
        }
        // Longest first, so a form inside another is not left half-replaced.
        self.forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    }

    pub(super) fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        let mut text = Cow::Borrowed(text);
        for form in &self.forms {
            if text.contains(form.as_str()) {
                text = Cow::Owned(text.replace(form.as_str(), "<redacted>"));
            }
        }
        text
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
        let r = super::Redactor::new(&credentials).with(Some("abcdef0123456789"));
        assert_eq!(
            r.apply("a sk/secret+key== b sk%2Fsecret%2Bkey%3D%3D c security-token-value d abcdef0123456789 AKNOTSECRET"),
            "a <redacted> b <redacted> c <redacted> d <redacted> AKNOTSECRET"
        );
    }

    #[test]
    fn sdk_date_has_the_sdk_form() {
        let date = super::sdk_date();
        assert_eq!(date.len(), 16, "{date}");
        assert!(date.starts_with("20") && date.ends_with('Z') && date.as_bytes()[8] == b'T');
        assert!(date.chars().filter(char::is_ascii_digit).count() == 14);
    }
}
