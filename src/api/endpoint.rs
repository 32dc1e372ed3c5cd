//! Which SMS endpoint to call: `--endpoint` / `SMS_ENDPOINT`, else the region's.

use crate::error::{Error, Result};
use crate::sanitize::sanitize;

pub const DEFAULT_REGION: &str = "ap-southeast-3";

/// The regions the official SDK knows whose endpoint does not follow the pattern.
const SPECIAL: &[(&str, &str)] = &[(
    "ru-moscow-1",
    "https://sms-api.ru-moscow-1.myhuaweicloud.com",
)];

/// A parsed base URL: `scheme://authority/base_path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: String,
    /// `host` or `host:port`, exactly as written (the Host header and the signature use it).
    pub authority: String,
    /// A path prefix without a trailing `/` (usually empty).
    pub base_path: String,
}

impl Endpoint {
    /// The full URL for an already-encoded path (`/v3/sources/x`) and query string.
    pub fn url(&self, path: &str, query: &str) -> String {
        let mut url = format!(
            "{}://{}{}{}",
            self.scheme, self.authority, self.base_path, path
        );
        if !query.is_empty() {
            url.push('?');
            url.push_str(query);
        }
        url
    }

    /// The host without the port, for messages.
    pub fn host(&self) -> &str {
        match self.authority.rsplit_once(':') {
            Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
            _ => &self.authority,
        }
    }
}

/// Resolves the endpoint from `--endpoint`/`SMS_ENDPOINT` or `--region`/`SMS_REGION`.
pub fn resolve(endpoint: Option<&str>, region: Option<&str>) -> Result<Endpoint> {
    if let Some(url) = endpoint {
        return parse(url);
    }
    let region = region.unwrap_or(DEFAULT_REGION);
    if region.is_empty()
        || region.len() > 64
        || !region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(Error::usage(format!(
            "'{}' is not a region ID: use lowercase letters, digits and '-', e.g. {DEFAULT_REGION}",
            sanitize(region)
        )));
    }
    let url = SPECIAL
        .iter()
        .find(|(r, _)| *r == region)
        .map(|(_, url)| (*url).to_owned())
        .unwrap_or_else(|| format!("https://sms.{region}.myhuaweicloud.com"));
    parse(&url)
}

/// The URL as an error message may show it: a user or password before `@` and any query
/// or fragment (where tokens hide) are replaced, never echoed.
fn shown(url: &str) -> String {
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), url),
    };
    let (before_query, hidden_query) = match rest.find(['?', '#']) {
        Some(i) => (&rest[..i], "?<hidden>"),
        None => (rest, ""),
    };
    let authority_end = before_query.find('/').unwrap_or(before_query.len());
    let (authority, path) = before_query.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((_, host)) => format!("<user:password hidden>@{host}"),
        None => authority.to_owned(),
    };
    sanitize(&format!("{scheme}{authority}{path}{hidden_query}")).into_owned()
}

fn parse(url: &str) -> Result<Endpoint> {
    let bad = |why: &str| {
        Error::usage(format!(
            "--endpoint '{}' is not usable: {why} (expected e.g. https://sms.ap-southeast-3.myhuaweicloud.com)",
            shown(url)
        ))
    };
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("it has no scheme"))?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err(bad(
            "only https:// (or http:// for a local stand-in) is supported",
        ));
    }
    let (authority, path) = match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(bad(
            "it holds a user or password; credentials never go in a URL (see --token-file)",
        ));
    }
    if authority.is_empty()
        || !authority
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']' | '_'))
    {
        return Err(bad("the host is missing or not a plain host[:port]"));
    }
    if let Some(why) = bad_port(authority) {
        return Err(bad(&why));
    }
    if path.contains(['?', '#']) {
        return Err(bad("it has a query or fragment"));
    }
    if !path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.' | '~' | '%'))
    {
        return Err(bad("its path has characters that need encoding"));
    }
    Ok(Endpoint {
        scheme,
        authority: authority.to_owned(),
        base_path: path.trim_end_matches('/').to_owned(),
    })
}

/// Why the port of `host[:port]` or `[v6][:port]` is not one a request could go to, if it is
/// not: an over-range port would otherwise reach the HTTP client, which sends to port 80.
fn bad_port(authority: &str) -> Option<String> {
    let after_host = match authority.rfind(']') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    let (_, port) = after_host.rsplit_once(':')?;
    match port.parse::<u16>() {
        Ok(p) if p > 0 && port.bytes().all(|b| b.is_ascii_digit()) => None,
        _ => Some(format!(
            "its port '{}' is not a number from 1 to 65535",
            sanitize(port)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_map_like_the_sdk() {
        let url = |r: &str| resolve(None, Some(r)).unwrap().url("/v3/sources", "");
        assert_eq!(
            url("ap-southeast-3"),
            "https://sms.ap-southeast-3.myhuaweicloud.com/v3/sources"
        );
        assert_eq!(
            url("cn-north-4"),
            "https://sms.cn-north-4.myhuaweicloud.com/v3/sources"
        );
        assert_eq!(
            url("ru-moscow-1"),
            "https://sms-api.ru-moscow-1.myhuaweicloud.com/v3/sources"
        );
        assert_eq!(
            resolve(None, None).unwrap().authority,
            "sms.ap-southeast-3.myhuaweicloud.com"
        );
    }

    #[test]
    fn malformed_regions_are_usage_errors() {
        for r in [
            "AP-SOUTHEAST-3",
            "ap_southeast",
            "a/b",
            "",
            "x.y",
            "evil.com#",
        ] {
            assert!(resolve(None, Some(r)).is_err(), "{r}");
        }
    }

    #[test]
    fn errors_never_echo_a_password_or_a_query() {
        for (url, secret) in [
            ("https://admin:PASSWORD@sms.example.com", "PASSWORD"),
            ("https://sms.example.com/?token=SECRETTOKEN", "SECRETTOKEN"),
            ("https://sms.example.com/x#SECRETFRAG", "SECRETFRAG"),
            ("ftp://user:PASSWORD@h/?token=SECRETTOKEN", "PASSWORD"),
        ] {
            let message = resolve(Some(url), None).unwrap_err().to_string();
            assert!(!message.contains(secret), "{message}");
            assert!(!message.contains("SECRET"), "{message}");
        }
        let message = resolve(Some("https://admin:PASSWORD@h"), None)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("'https://<user:password hidden>@h'"),
            "{message}"
        );
    }

    #[test]
    fn endpoints_keep_port_and_prefix() {
        let e = resolve(Some("http://127.0.0.1:8080/sms/"), Some("ignored")).unwrap();
        assert_eq!(e.authority, "127.0.0.1:8080");
        assert_eq!(e.host(), "127.0.0.1");
        for good in [
            "http://[::1]:8080",
            "http://[::1]",
            "https://h:65535",
            "https://h:1",
        ] {
            assert!(resolve(Some(good), None).is_ok(), "{good}");
        }
        assert_eq!(
            e.url("/v3/sources/x", "a=1"),
            "http://127.0.0.1:8080/sms/v3/sources/x?a=1"
        );
        for bad in [
            "ftp://x",
            "x",
            "https://",
            "https://u:p@h",
            "https://h/?q",
            "https://h/a b",
            "http://127.0.0.1:65616",
            "http://127.0.0.1:0",
            "http://127.0.0.1:",
            "http://[::1]:99999",
            "http://h:+80",
        ] {
            assert!(resolve(Some(bad), None).is_err(), "{bad}");
        }
    }
}
