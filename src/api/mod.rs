//! The SMS API over HTTPS: one ureq agent, signing or token headers, a deadline per call,
//! retries with full jitter, and every failure mapped to its exit-code class.

pub mod endpoint;
pub mod signer;
pub mod sources;

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::http::{HeaderMap, Response};
use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig};

use crate::credentials::Credentials;
use crate::error::{Error, Kind, Result};
use crate::sanitize::{sanitize, sanitize_short};
pub use endpoint::Endpoint;

/// Bodies above this are refused without being held whole (SPEC: limits).
pub const BODY_LIMIT: u64 = 64 * 1024 * 1024;
/// Error bodies are read up to this much.
pub const ERROR_BODY_LIMIT: u64 = 64 * 1024;
/// The longest `Retry-After` that is waited for.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);
const USER_AGENT: &str = concat!("sms-inspect/", env!("CARGO_PKG_VERSION"));

/// How the client behaves.
#[derive(Debug, Clone)]
pub struct Options {
    /// The deadline of one call, retries included.
    pub timeout: Duration,
    pub retries: u32,
    pub verbose: bool,
    /// Certificates to trust besides the system's (`SSL_CERT_FILE`), already read.
    pub extra_roots: Option<Vec<Certificate<'static>>>,
}

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
fn roots(extra: Option<&Vec<Certificate<'static>>>) -> RootCerts {
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

/// A client for one endpoint and one set of credentials. Cheap to share across threads.
pub struct Client {
    agent: Agent,
    endpoint: Endpoint,
    credentials: Credentials,
    options: Options,
}

/// What went wrong with one attempt, and whether another may help.
struct Attempt {
    error: Error,
    retry: Option<Duration>,
}

impl Client {
    pub fn new(endpoint: Endpoint, credentials: Credentials, options: Options) -> Client {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.timeout.min(Duration::from_secs(10))))
            .proxy(ureq::Proxy::try_from_env())
            .user_agent(USER_AGENT)
            .accept("application/json")
            .max_idle_connections_per_host(64)
            .tls_config(
                TlsConfig::builder()
                    .root_certs(roots(options.extra_roots.as_ref()))
                    .build(),
            )
            .build();
        Client {
            agent: config.into(),
            endpoint,
            credentials,
            options,
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// GETs `path` (already encoded; built only from checked segments) with `query`
    /// (not encoded). `what` names the request in messages ("source 'abc'").
    pub fn get(&self, path: &str, query: &[(String, String)], what: &str) -> Result<Vec<u8>> {
        let deadline = Instant::now() + self.options.timeout;
        let mut rng = Jitter::seeded();
        let attempts = self.options.retries + 1;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            let outcome = if remaining.is_zero() {
                Err(Attempt {
                    error: self.timeout_error(what),
                    retry: None,
                })
            } else {
                self.attempt(path, query, what, remaining)
            };
            let failure = match outcome {
                Ok(body) => return Ok(body),
                Err(failure) => failure,
            };
            let Some(wait) = failure.retry else {
                return Err(failure.error);
            };
            let mut error = failure.error;
            error.transient = true;
            if attempt >= attempts {
                return Err(error);
            }
            let wait = if wait.is_zero() {
                rng.backoff(attempt)
            } else {
                wait
            };
            if Instant::now() + wait >= deadline {
                self.log(format_args!(
                    "* not retrying: waiting {} ms would pass the --timeout deadline",
                    wait.as_millis()
                ));
                return Err(error);
            }
            self.log(format_args!(
                "* retrying in {} ms (attempt {} of {attempts})",
                wait.as_millis(),
                attempt + 1
            ));
            std::thread::sleep(wait);
        }
    }

    fn attempt(
        &self,
        path: &str,
        query: &[(String, String)],
        what: &str,
        remaining: Duration,
    ) -> std::result::Result<Vec<u8>, Attempt> {
        let query_string = signer::canonical_query(query);
        let url = self.endpoint.url(path, &query_string);
        let full_path = format!("{}{}", self.endpoint.base_path, path);
        let mut request = self
            .agent
            .get(&url)
            .config()
            .timeout_global(Some(remaining))
            .build();
        let mut shown: Vec<(&str, String)> = Vec::new();
        match &self.credentials {
            Credentials::Token { token, .. } => {
                request = request.header("X-Auth-Token", token.expose());
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
                let mut headers: Vec<(&str, &str)> =
                    vec![("Host", &self.endpoint.authority), ("X-Sdk-Date", &date)];
                if let Some(p) = project_id {
                    headers.push(("X-Project-Id", p));
                }
                if let Some(t) = security_token {
                    headers.push(("X-Security-Token", t.expose()));
                }
                let authorization = signer::authorization(
                    &signer::Request {
                        method: "GET",
                        path: &full_path,
                        query,
                        headers: &headers,
                        date: &date,
                    },
                    ak,
                    sk,
                );
                for (name, value) in &headers {
                    if *name != "Host" {
                        request = request.header(*name, *value);
                    }
                }
                request = request.header("Authorization", &authorization);
                shown.push(("X-Sdk-Date", date.clone()));
                if let Some(p) = project_id {
                    shown.push(("X-Project-Id", sanitize(p).into_owned()));
                }
                if security_token.is_some() {
                    shown.push(("X-Security-Token", "<redacted>".into()));
                }
                let redacted = match authorization.split_once(", Signature=") {
                    Some((head, _)) => format!("{head}, Signature=<redacted>"),
                    None => "<redacted>".into(),
                };
                shown.push(("Authorization", sanitize(&redacted).into_owned()));
            }
        }
        self.log(format_args!("> GET {}", sanitize(&url)));
        for (name, value) in &shown {
            self.log(format_args!("> {name}: {value}"));
        }
        let started = Instant::now();
        let response = request.call();
        let mut response = match response {
            Ok(r) => r,
            Err(e) => {
                self.log(format_args!(
                    "< no response after {} ms: {}",
                    started.elapsed().as_millis(),
                    sanitize(&e.to_string())
                ));
                return Err(self.transport_error(e, what));
            }
        };
        let status = response.status().as_u16();
        let request_id = request_id(response.headers());
        self.log(format_args!(
            "< HTTP {status} after {} ms{}",
            started.elapsed().as_millis(),
            request_id
                .as_deref()
                .map(|id| format!(" (X-Request-Id {id})"))
                .unwrap_or_default()
        ));
        if (200..300).contains(&status) {
            let body = response
                .body_mut()
                .with_config()
                .limit(BODY_LIMIT)
                .read_to_vec();
            return match body {
                Ok(body) => {
                    self.log(format_args!("< {} bytes", body.len()));
                    Ok(body)
                }
                Err(ureq::Error::BodyExceedsLimit(_)) => Err(Attempt {
                    error: Error::response(format!(
                        "the response for {what} is larger than the {} MiB limit; it was not read",
                        BODY_LIMIT / 1024 / 1024
                    )),
                    retry: None,
                }),
                Err(e) => Err(self.transport_error(e, what)),
            };
        }
        Err(self.status_error(&mut response, status, request_id, what))
    }

    fn status_error(
        &self,
        response: &mut Response<ureq::Body>,
        status: u16,
        request_id: Option<String>,
        what: &str,
    ) -> Attempt {
        let headers = response.headers().clone();
        let mut body = Vec::new();
        let _ = response
            .body_mut()
            .as_reader()
            .take(ERROR_BODY_LIMIT)
            .read_to_end(&mut body);
        let detail = describe_error_body(&body, &headers);
        let reason = response.status().canonical_reason().unwrap_or("");
        let mut message = format!("the API answered {what} with HTTP {status} {reason}");
        if let Some(detail) = &detail {
            message.push_str(": ");
            message.push_str(detail);
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
                    .map(|l| sanitize_short(l, 200))
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

    fn timeout_error(&self, what: &str) -> Error {
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

    fn transport_error(&self, e: ureq::Error, what: &str) -> Attempt {
        let host = sanitize(self.endpoint.host()).into_owned();
        let detail = sanitize_short(&e.to_string(), 300);
        let (kind, message, retry) = match &e {
            ureq::Error::Timeout(_) => {
                return Attempt {
                    error: self.timeout_error(what),
                    retry: Some(Duration::ZERO),
                };
            }
            ureq::Error::HostNotFound => (
                Kind::Network,
                format!(
                    "cannot resolve {host} for {what}; check --endpoint or --region (SMS_ENDPOINT, \
                     SMS_REGION) and your DNS"
                ),
                None,
            ),
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

    fn log(&self, line: std::fmt::Arguments<'_>) {
        if self.options.verbose {
            let _ = writeln!(std::io::stderr().lock(), "{line}");
        }
    }
}

/// `X-Sdk-Date`: now, `YYYYMMDDTHHMMSSZ` in UTC.
fn sdk_date() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    )
}

fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(|v| sanitize_short(v, 100))
}

/// `Retry-After` in seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let format = time::format_description::well_known::Rfc2822;
    let when = time::OffsetDateTime::parse(value, &format).ok()?;
    let wait = when - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
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

/// Full-jitter exponential backoff: a uniform wait in [0, min(cap, base·2^n)].
struct Jitter(u64);

impl Jitter {
    fn seeded() -> Jitter {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Jitter(nanos ^ (u64::from(std::process::id()) << 32) | 1)
    }

    fn next(&mut self) -> u64 {
        // xorshift64*: plenty for spreading retries; nothing here needs secrecy.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn backoff(&mut self, attempt: u32) -> Duration {
        const BASE_MS: u64 = 500;
        const CAP_MS: u64 = 8_000;
        let ceiling = BASE_MS
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
            .min(CAP_MS);
        Duration::from_millis(1 + self.next() % ceiling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_stays_under_its_ceiling() {
        let mut j = Jitter::seeded();
        for attempt in 1..10 {
            let ceiling = (500u64 << (attempt - 1)).min(8000);
            for _ in 0..100 {
                assert!(j.backoff(attempt).as_millis() as u64 <= ceiling);
            }
        }
    }

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

    #[test]
    fn retry_after_in_seconds() {
        let mut h = HeaderMap::new();
        h.insert("retry-after", "7".parse().unwrap());
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
    }
}
