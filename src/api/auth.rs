//! The headers that authenticate a request (an IAM token, or an AK/SK signature) and the
//! form of them that `-v` may show, every secret redacted.

use super::signer;
use crate::credentials::Credentials;
use crate::sanitize::sanitize;

/// The headers to send, and the same as they may be logged.
pub(super) struct Headers {
    pub(super) sent: Vec<(&'static str, String)>,
    pub(super) shown: Vec<(&'static str, String)>,
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
                Some((head, _)) => format!("{head}, Signature=<redacted>"),
                None => "<redacted>".into(),
            };
            sent.push(("Authorization", authorization));
            shown.push(("Authorization", sanitize(&redacted).into_owned()));
        }
    }
    Headers { sent, shown }
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
    #[test]
    fn sdk_date_has_the_sdk_form() {
        let date = super::sdk_date();
        assert_eq!(date.len(), 16, "{date}");
        assert!(date.starts_with("20") && date.ends_with('Z') && date.as_bytes()[8] == b'T');
        assert!(date.chars().filter(char::is_ascii_digit).count() == 14);
    }
}
