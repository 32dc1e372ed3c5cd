//! The SMS API over HTTPS: one ureq agent, signing or token headers, a deadline per call,
//! retries with full jitter, and every failure mapped to its exit-code class.

mod auth;
pub mod consistency;
pub mod endpoint;
pub mod errors;
mod failure;
mod paging;
mod retry;
pub mod signer;
pub mod sources;
pub mod tasks;
mod tls;

use std::io::Write;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ureq::Agent;
use ureq::tls::{Certificate, TlsConfig};

use crate::credentials::Credentials;
use crate::error::{Error, Result};
use crate::parallel::Slots;
use crate::redact::Redactor;
use crate::sanitize::sanitize;
use crate::streams::Streams;
pub use endpoint::Endpoint;
use failure::{Attempt, request_id};
pub use failure::{ERROR_BODY_LIMIT, describe_error_body};
use retry::Jitter;
pub use retry::MAX_RETRY_AFTER;
pub use tls::read_bundle;

/// Bodies above this are refused without being held whole (SPEC: limits).
pub const BODY_LIMIT: u64 = 64 * 1024 * 1024;
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
    /// The first retry's longest wait, when not the default (tests shorten it).
    pub backoff_base: Option<Duration>,
    /// Requests in flight at once, across every thread of the run (`--jobs`).
    pub max_in_flight: usize,
    /// Where `--verbose` logs go (stderr, through the CI guard).
    pub streams: Arc<Streams>,
}

/// A client for one endpoint and one set of credentials. Cheap to share across threads.
pub struct Client {
    /// The proxy's host when requests to the endpoint go through one (HTTPS_PROXY and the
    /// like, NO_PROXY considered): a name that does not resolve may be the proxy's.
    proxy_host: Option<String>,
    in_flight: Slots,
    redactor: Redactor,
    agent: Agent,
    endpoint: Endpoint,
    credentials: Credentials,
    options: Options,
}

impl Client {
    pub fn new(endpoint: Endpoint, credentials: Credentials, options: Options) -> Client {
        let proxy = ureq::Proxy::try_from_env();
        let proxy_host = proxy.as_ref().and_then(|p| {
            let target: ureq::http::Uri = endpoint.url("/", "").parse().ok()?;
            (!p.is_no_proxy(&target)).then(|| p.host().to_owned())
        });
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.timeout.min(Duration::from_secs(10))))
            .proxy(proxy)
            .user_agent(USER_AGENT)
            .accept("application/json")
            .max_idle_connections_per_host(64)
            .tls_config(
                TlsConfig::builder()
                    .root_certs(tls::roots(options.extra_roots.as_ref()))
                    .build(),
            )
            .build();
        Client {
            proxy_host,
            in_flight: Slots::new(options.max_in_flight),
            redactor: auth::redactor(&credentials),
            agent: config.into(),
            endpoint,
            credentials,
            options,
        }
    }

    pub fn endpoint(&self) -> &Endpoint {
        &self.endpoint
    }

    /// What removes this client's credentials (the token; the SK and the security token)
    /// from text, in every form a server may echo them: for every output that shows what a
    /// server sent (tables, stderr, JUnit, Markdown).
    pub fn redactor(&self) -> &Redactor {
        &self.redactor
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
                let _slot = self.in_flight.take();
                self.attempt(path, query, what, remaining)
            };
            let failure = match outcome {
                Ok(body) => return Ok(body),
                Err(failure) => failure.redacted(&self.redactor),
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
                rng.backoff(
                    attempt,
                    self.options.backoff_base.unwrap_or(retry::BACKOFF_BASE),
                )
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
        let headers = auth::headers(
            &self.credentials,
            &self.endpoint.authority,
            &full_path,
            query,
        );
        for (name, value) in &headers.sent {
            request = request.header(*name, value.as_str());
        }
        let redactor = self.redactor.with(headers.signature.as_deref());
        self.log(format_args!("> GET {}", sanitize(&url)));
        for (name, value) in &headers.shown {
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
        let request_id = request_id(response.headers(), &redactor);
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
        Err(self.status_error(&mut response, status, request_id, what, &redactor))
    }

    fn log(&self, line: std::fmt::Arguments<'_>) {
        if self.options.verbose {
            let line = line.to_string();
            let _ = writeln!(
                self.options.streams.err(),
                "{}",
                self.redactor.redact(&line)
            );
        }
    }
}
