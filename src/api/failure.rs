//! Every way a request can fail, mapped to its exit-code class with a message that says what
//! to do; whether it is worth another attempt.

use std::borrow::Cow;
use std::io::Read;
use std::time::Duration;

use ureq::http::{HeaderMap, Response};

use super::Client;
use super::retry::{MAX_RETRY_AFTER, retry_after};
use crate::error::{Error, Kind};
use crate::redact::Redactor;
use crate::sanitize::{sanitize, sanitize_short};

/// Error bodies are read up to this much.
pub const ERROR_BODY_LIMIT: u64 = 64 * 1024;

/// What went wrong with one attempt, and whether another may help.
pub(super) struct Attempt {
    pub(super) error: Error,
    pub(super) retry: Option<Duration>,
}

impl Attempt {
    /// The same failure, its message without any credential (a transport error's text can
    /// quote what the server sent).
    pub(super) fn redacted(self, redactor: &Redactor) -> Attempt {
        let message = self.error.to_string();
        let Cow::Owned(clean) = redactor.redact(&message) else {
            return self;
        };
        let mut error = Error::new(self.error.kind, clean);
        error.transient = self.error.transient;
        Attempt {
            error,
            retry: self.retry,
        }
    }
}

impl Client {
    pub(super) fn status_error(
        &self,
        response: &mut Response<ureq::Body>,
        status: u16,
        request_id: Option<String>,
        what: &str,
        redactor: &Redactor,
    ) -> Attempt {
        let headers = response.headers().clone();
        let mut body = Vec::new();
        let _ = response
            .body_mut()
            .as_reader()
            .take(ERROR_BODY_LIMIT)
            .read_to_end(&mut body);
        // Credentials out before anything is parsed, shortened or shown.
        let body = redactor
            .redact(&String::from_utf8_lossy(&body))
            .into_owned();
        // And again once decoded, whatever spelling the body used.
        let detail = describe_error_body(body.as_bytes(), &headers)
            .map(|d| redactor.redact(&d).into_owned());
        let reason = response.status().canonical_reason().unwrap_or("");
        let mut message = format!("the API answered {what} with HTTP {status} {reason}");
        if let Some(detail) = &detail {
            // The API's sentence ends with its own full stop; ours follow with "; ...".
            message.push_str(": ");
            message.push_str(detail.trim_end_matches('.'));
        }
        if let Some(id) = &request_id {
            message.push_str(&format!(" (X-Request-Id {id})"));
        }
        let retry_after = retry_after(&headers);
        match status {
            300..=399 => {
                let location = headers
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .map(|l| sanitize_short(&redactor.redact(l), 200))
                    .unwrap_or_else(|| "nowhere".into());
                message.push_str(&format!(
                    "; it redirects to {location}, and redirects are not followed so that \
                     credentials never leave {}; check --endpoint",
                    self.endpoint.host()
                ));
                Attempt {
                    error: Error::new(Kind::Api, message),
                    retry: None,
                }
            }
            401 | 403 => {
                message.push_str(&format!(
                    "; the credentials used were {}",
                    self.credentials.origin()
                ));
                Attempt {
                    error: Error::new(Kind::Auth, message),
                    retry: None,
                }
            }
            429 | 500 | 502 | 503 | 504 => {
                let retry = match retry_after {
                    Some(wait) if wait > MAX_RETRY_AFTER => {
                        message.push_str(&format!(
                            "; the server asks to retry after {} s, longer than sms-inspect waits \
                             ({} s): try again then",
                            wait.as_secs(),
                            MAX_RETRY_AFTER.as_secs()
                        ));
                        None
                    }
                    Some(wait) => Some(wait.max(Duration::from_millis(1))),
                    None => Some(Duration::ZERO),
                };
                if retry.is_some() {
                    message.push_str(" (after retries)");
                }
                Attempt {
                    error: Error::new(Kind::Api, message),
                    retry,
                }
            }
            404 => {
                message.push_str("; check the ID and the region (--region, --endpoint)");
                Attempt {
                    error: Error::new(Kind::Api, message),
                    retry: None,
                }
            }
            _ => Attempt {
                error: Error::new(Kind::Api, message),
                retry: None,
            },
        }
    }

    pub(super) fn timeout_error(&self, what: &str) -> Error {
        Error::new(
            Kind::Network,
            format!(
                "no answer for {what} from {} within --timeout {} s; check --endpoint/--region, \
                 the network and HTTPS_PROXY",
                self.endpoint.host(),
                self.options.timeout.as_secs()
            ),
        )
    }

    pub(super) fn transport_error(&self, e: ureq::Error, what: &str) -> Attempt {
        let host = sanitize(self.endpoint.host()).into_owned();
        let detail = sanitize_short(&e.to_string(), 300);
        let (kind, message, retry) = match &e {
            ureq::Error::Timeout(_) => {
                return Attempt {
                    error: self.timeout_error(what),
                    retry: Some(Duration::ZERO),
                };
            }
            // Through a proxy the name looked up is the proxy's: blame it, not the endpoint.
            // The system resolver's failure arrives as an I/O error. Retried, as a connection
            // failure is (a resolver can fail for a moment).
            _ if matches!(e, ureq::Error::HostNotFound)
                || detail.contains("failed to lookup address") =>
            {
                match &self.proxy_host {
                    Some(proxy) => (
                        Kind::Network,
                        format!(
                            "cannot resolve the proxy {} for {what}; check HTTPS_PROXY/HTTP_PROXY/ALL_PROXY \
                         (and NO_PROXY) and your DNS",
                            sanitize(proxy)
                        ),
                        None,
                    ),
                    None => (
                        Kind::Network,
                        format!(
                            "cannot resolve {host} for {what}; check --endpoint or --region \
                         (SMS_ENDPOINT, SMS_REGION) and your DNS"
                        ),
                        None,
                    ),
                }
            }
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => (
                Kind::Network,
                format!(
                    "TLS with {host} failed for {what}: {detail}; the certificate could not be \
                     verified (SSL_CERT_FILE names a CA bundle to trust)"
                ),
                None,
            ),
            ureq::Error::Io(_) if detail.contains("certificate") => (
                Kind::Network,
                format!(
                    "TLS with {host} failed for {what}: {detail}; the certificate could not be \
                     verified (SSL_CERT_FILE names a CA bundle to trust)"
                ),
                None,
            ),
            ureq::Error::InvalidProxyUrl => (
                Kind::Usage,
                "the proxy in HTTPS_PROXY/HTTP_PROXY/ALL_PROXY is not a valid URL".to_owned(),
                None,
            ),
            ureq::Error::BadUri(_) => (
                Kind::Usage,
                format!("the request URL for {what} is not valid: {detail}"),
                None,
            ),
            _ => (
                Kind::Network,
                format!(
                    "the connection to {host} failed for {what}: {detail}; check --endpoint/--region, \
                     the network and HTTPS_PROXY/NO_PROXY"
                ),
                Some(Duration::ZERO),
            ),
        };
        Attempt {
            error: Error::new(kind, message),
            retry,
        }
    }
}

pub(super) fn request_id(headers: &HeaderMap, redactor: &Redactor) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(|v| sanitize_short(&redactor.redact(v), 100))
}

/// One sanitised line from an error body: the API's `error_code` and `error_msg` when it
/// sent them, an HTML page's title, or the start of the text.
pub fn describe_error_body(body: &[u8], headers: &HeaderMap) -> Option<String> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        let field = |v: &serde_json::Value, k: &str| {
            v.get(k).and_then(|x| match x {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            })
        };
        let inner = value.get("error").filter(|e| e.is_object());
        let code = field(&value, "error_code").or_else(|| inner.and_then(|e| field(e, "code")));
        let msg = field(&value, "error_msg").or_else(|| inner.and_then(|e| field(e, "message")));
        if code.is_some() || msg.is_some() {
            let mut line = String::new();
            if let Some(code) = code {
                line.push_str(&sanitize_short(&code, 100));
            }
            if let Some(msg) = msg {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&sanitize_short(&msg, 500));
            }
            return Some(line);
        }
    }
    let is_html = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.contains("html"))
        || text.starts_with('<');
    if is_html {
        let lower = text.to_ascii_lowercase();
        let title = lower
            .find("<title>")
            .and_then(|start| {
                let from = start + "<title>".len();
                lower[from..]
                    .find("</title>")
                    .map(|end| &text[from..from + end])
            })
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !t.is_empty());
        return Some(match title {
            Some(t) => format!("an HTML page titled '{}'", sanitize_short(&t, 120)),
            None => "an HTML page".to_owned(),
        });
    }
    let first = text.lines().next().unwrap_or("");
    Some(format!("'{}'", sanitize_short(first, 200)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_become_one_line() {
        let h = HeaderMap::new();
        assert_eq!(
            describe_error_body(
                br#"{"error_code":"SMS.9004","error_msg":"no\u001b[2J"}"#,
                &h
            )
            .unwrap(),
            "SMS.9004 no\\x1b[2J"
        );
        assert_eq!(
            describe_error_body(br#"{"error":{"code":"APIGW.0101","message":"gone"}}"#, &h)
                .unwrap(),
            "APIGW.0101 gone"
        );
        assert_eq!(
            describe_error_body(
                b"<html><head><title>502 Bad\n Gateway</title></head><body>x</body></html>",
                &h
            )
            .unwrap(),
            "an HTML page titled '502 Bad Gateway'"
        );
        assert_eq!(describe_error_body(b"  ", &h), None);
    }
}
