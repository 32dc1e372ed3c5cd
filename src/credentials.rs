//! Where the credentials come from, in the SPEC's order: `--token-file`, `SMS_AUTH_TOKEN`,
//! AK/SK from the environment, then the `[basic]` section of the SDKs' credentials file.
//! No secret is ever taken from an argument, and [`Secret`] cannot be printed by accident.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::env::Env;
use crate::error::{Error, Kind, Result};
use crate::sanitize::sanitize;

/// A secret value. Its `Debug` is redacted and it has no `Display`: the only way to the
/// text is [`Secret::expose`], which is called where a header is built or a MAC computed.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// Credentials, and where they were found (for messages: "SMS_AUTH_TOKEN was used").
#[derive(Debug, Clone)]
pub enum Credentials {
    /// An IAM token, sent as X-Auth-Token.
    Token { token: Secret, origin: String },
    /// An access key pair; requests are signed with SDK-HMAC-SHA256.
    AkSk {
        ak: String,
        sk: Secret,
        security_token: Option<Secret>,
        project_id: Option<String>,
        origin: String,
    },
}

impl Credentials {
    /// Where these came from, for messages.
    pub fn origin(&self) -> &str {
        match self {
            Credentials::Token { origin, .. } | Credentials::AkSk { origin, .. } => origin,
        }
    }
}

pub const TOKEN_VAR: &str = "SMS_AUTH_TOKEN";
pub const AK_VAR: &str = "HUAWEICLOUD_SDK_AK";
pub const SK_VAR: &str = "HUAWEICLOUD_SDK_SK";
pub const SECURITY_TOKEN_VAR: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
pub const PROJECT_ID_VAR: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
pub const CREDENTIALS_FILE_VAR: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";

const HOW_TO: &str = "provide credentials with one of: --token-file PATH (an IAM token), \
SMS_AUTH_TOKEN, HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (with HUAWEICLOUD_SDK_PROJECT_ID), \
or the [basic] section (ak, sk, project_id) of ~/.huaweicloud/credentials or of the file \
named by HUAWEICLOUD_SDK_CREDENTIALS_FILE";

/// Finds the credentials. `warn` receives at most one warning (a credentials file readable by
/// others).
pub fn resolve(
    token_file: Option<&Path>,
    env: &dyn Env,
    warn: &mut dyn FnMut(String),
) -> Result<Credentials> {
    if let Some(path) = token_file {
        return token_from_file(path);
    }
    if let Some(token) = env.var(TOKEN_VAR) {
        return Ok(Credentials::Token {
            token: Secret::new(plausible(clean(&token, TOKEN_VAR)?, TOKEN_VAR)?),
            origin: TOKEN_VAR.to_owned(),
        });
    }
    let var = |name: &str| env.var(name).map(|v| clean(&v, name)).transpose();
    let secret = |name: &str| var(name)?.map(|v| plausible(v, name)).transpose();
    match (secret(AK_VAR)?, secret(SK_VAR)?) {
        (Some(ak), Some(sk)) => {
            return Ok(Credentials::AkSk {
                ak,
                sk: Secret::new(sk),
                security_token: secret(SECURITY_TOKEN_VAR)?.map(Secret::new),
                project_id: var(PROJECT_ID_VAR)?,
                origin: format!("the access key in {AK_VAR}/{SK_VAR}"),
            });
        }
        (Some(_), None) | (None, Some(_)) => {
            return Err(Error::new(
                Kind::Auth,
                format!("{AK_VAR} and {SK_VAR} must be set together; only one is set"),
            ));
        }
        (None, None) => {}
    }
    let (path, named) = match env.var(CREDENTIALS_FILE_VAR) {
        Some(p) => (PathBuf::from(p), true),
        None => match env.var("HOME") {
            Some(home) => (
                Path::new(&home).join(".huaweicloud").join("credentials"),
                false,
            ),
            None => {
                return Err(Error::new(
                    Kind::Auth,
                    format!("no credentials found; {HOW_TO}"),
                ));
            }
        },
    };
    match std::fs::File::open(&path).and_then(read_capped) {
        Ok(text) => {
            if let Some(w) = permission_warning(&path) {
                warn(w);
            }
            from_credentials_file(&text, &path, env)
        }
        Err(e) if !named && e.kind() == std::io::ErrorKind::NotFound => Err(Error::new(
            Kind::Auth,
            format!("no credentials found; {HOW_TO}"),
        )),
        Err(e) => Err(Error::new(
            Kind::Auth,
            format!(
                "cannot read the credentials file '{}' ({CREDENTIALS_FILE_VAR}): {}",
                sanitize(&path.display().to_string()),
                sanitize(&e.to_string())
            ),
        )),
    }
}

/// A credential value, trimmed. One holding a control character (a newline, ESC, a tab)
/// cannot be sent as a header and is surely a paste gone wrong: an authentication error at
/// once, naming where it came from and never showing it.
fn clean(value: &str, from: &str) -> Result<String> {
    let value = value.trim();
    if value.chars().any(char::is_control) {
        return Err(Error::new(
            Kind::Auth,
            format!(
                "{from} holds a control character (a line break, ESC or tab); it cannot be sent \
                 in a request, so nothing was sent"
            ),
        ));
    }
    Ok(value.to_owned())
}

/// The shortest credential taken: anything shorter is no token or key SMS issues, and could
/// not be told apart from ordinary text when it is removed from what a server sends back.
pub const MIN_CREDENTIAL_CHARS: usize = 4;

/// The largest `--token-file` (or credentials file) read; an IAM token is a few KiB.
pub const CREDENTIAL_FILE_LIMIT: u64 = 1024 * 1024;

/// A credential shorter than [`MIN_CREDENTIAL_CHARS`] is refused (exit 4), never shown.
fn plausible(value: String, from: &str) -> Result<String> {
    if value.chars().count() < MIN_CREDENTIAL_CHARS {
        return Err(Error::new(
            Kind::Auth,
            format!(
                "{from} is shorter than {MIN_CREDENTIAL_CHARS} characters, which no real \
                 credential is; nothing was sent"
            ),
        ));
    }
    Ok(value)
}

/// Reads at most [`CREDENTIAL_FILE_LIMIT`] bytes of text; more is an error (`/dev/zero` as a
/// token file fails at once instead of filling memory).
fn read_capped(reader: impl Read) -> std::io::Result<String> {
    let mut bytes = Vec::new();
    reader
        .take(CREDENTIAL_FILE_LIMIT + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > CREDENTIAL_FILE_LIMIT {
        return Err(std::io::Error::other(format!(
            "it is larger than {} MiB, which no credential is",
            CREDENTIAL_FILE_LIMIT / 1024 / 1024
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

fn token_from_file(path: &Path) -> Result<Credentials> {
    let (text, origin) = if path == Path::new("-") {
        let buf = read_capped(std::io::stdin().lock())
            .map_err(|e| Error::usage(format!("cannot read the token from standard input: {e}")))?;
        (
            buf,
            "the token from --token-file - (standard input)".to_owned(),
        )
    } else {
        let shown = sanitize(&path.display().to_string()).into_owned();
        let text = std::fs::File::open(path)
            .and_then(read_capped)
            .map_err(|e| {
                Error::usage(format!(
                    "cannot read the token file '{shown}': {}",
                    sanitize(&e.to_string())
                ))
            })?;
        (text, format!("the token from --token-file '{shown}'"))
    };
    let token = text.trim();
    if token.is_empty() {
        return Err(Error::new(Kind::Auth, format!("{origin} is empty")));
    }
    if token.contains(['\r', '\n']) || token.chars().any(|c| c.is_control()) {
        return Err(Error::new(
            Kind::Auth,
            format!(
                "{origin} holds more than one line or control characters; it must hold only the token"
            ),
        ));
    }
    Ok(Credentials::Token {
        token: Secret::new(plausible(token.to_owned(), &origin)?),
        origin,
    })
}

/// The `[basic]` section of the SDKs' INI credentials file.
fn from_credentials_file(text: &str, path: &Path, env: &dyn Env) -> Result<Credentials> {
    let shown = sanitize(&path.display().to_string()).into_owned();
    let section = ini_section(text, "basic");
    let get = |key: &str| {
        section
            .iter()
            .rev()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    let key = |name: &str| {
        get(name)
            .map(|v| clean(&v, &format!("{name} in the [basic] section of '{shown}'")))
            .transpose()
    };
    let secret = |name: &str| {
        key(name)?
            .map(|v| plausible(v, &format!("{name} in the [basic] section of '{shown}'")))
            .transpose()
    };
    match (secret("ak")?, secret("sk")?) {
        (Some(ak), Some(sk)) => Ok(Credentials::AkSk {
            ak,
            sk: Secret::new(sk),
            security_token: secret("security_token")?.map(Secret::new),
            // As in the SDK, the file's project_id; the environment's fills a gap.
            project_id: match key("project_id")? {
                Some(p) => Some(p),
                None => env
                    .var(PROJECT_ID_VAR)
                    .map(|p| clean(&p, PROJECT_ID_VAR))
                    .transpose()?,
            },
            origin: format!("the access key in the [basic] section of '{shown}'"),
        }),
        _ => Err(Error::new(
            Kind::Auth,
            format!(
                "the credentials file '{shown}' has no ak and sk in a [basic] section; {HOW_TO}"
            ),
        )),
    }
}

/// The `key = value` pairs of one INI section (configparser's basics: `=` or `:`, comments
/// starting with `#` or `;`, names case-insensitive).
fn ini_section(text: &str, wanted: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim().eq_ignore_ascii_case(wanted);
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(at) = line.find(['=', ':']) {
            pairs.push((
                line[..at].trim().to_owned(),
                line[at + 1..].trim().to_owned(),
            ));
        }
    }
    pairs
}

#[cfg(unix)]
fn permission_warning(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (mode & 0o077 != 0).then(|| {
        format!(
            "warning: the credentials file '{}' can be read by other users (mode {:o}); \
             run `chmod 600` on it",
            sanitize(&path.display().to_string()),
            mode & 0o777
        )
    })
}

#[cfg(not(unix))]
fn permission_warning(_: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct MapEnv(HashMap<&'static str, String>);
    impl Env for MapEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).cloned()
        }
    }

    fn env(pairs: &[(&'static str, &str)]) -> MapEnv {
        MapEnv(pairs.iter().map(|(k, v)| (*k, v.to_string())).collect())
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let c = Credentials::AkSk {
            ak: "AK".into(),
            sk: Secret::new("sk-CANARY"),
            security_token: Some(Secret::new("st-CANARY")),
            project_id: None,
            origin: "x".into(),
        };
        let shown = format!("{c:?}");
        assert!(!shown.contains("CANARY"), "{shown}");
    }

    #[test]
    fn token_env_beats_aksk() {
        let e = env(&[(TOKEN_VAR, "token"), (AK_VAR, "a"), (SK_VAR, "s")]);
        let c = resolve(None, &e, &mut |_| {}).unwrap();
        assert!(matches!(c, Credentials::Token { .. }));
    }

    /// What `resolve` refuses when `name` is `value` beside valid credentials (an AK/SK pair,
    /// or the token alone).
    fn refused(name: &'static str, value: &'static str) -> Error {
        let mut pairs = vec![(AK_VAR, "AKAK"), (SK_VAR, "SKSK")];
        if name == TOKEN_VAR {
            pairs.clear();
        }
        pairs.retain(|(k, _)| *k != name);
        pairs.push((name, value));
        resolve(None, &env(&pairs), &mut |_| {}).unwrap_err()
    }

    #[test]
    fn a_control_character_in_any_credential_is_an_auth_error_naming_it() {
        for (name, value) in [
            (TOKEN_VAR, "tok\nx"),
            (AK_VAR, "AK\u{1b}[2J"),
            (SK_VAR, "sk\rx"),
            (SECURITY_TOKEN_VAR, "st\nx"),
            (PROJECT_ID_VAR, "p\tx"),
        ] {
            let e = refused(name, value);
            assert_eq!(e.kind, Kind::Auth, "{name}");
            assert!(e.to_string().starts_with(name), "{e}");
            assert!(!e.to_string().contains(value), "{e}");
        }
    }

    #[test]
    fn a_credential_under_four_characters_is_refused_without_showing_it() {
        for (name, value) in [
            (TOKEN_VAR, "abc"),
            (AK_VAR, "xyz"),
            (SK_VAR, "q"),
            (SECURITY_TOKEN_VAR, "st"),
        ] {
            let e = refused(name, value);
            assert_eq!(e.kind, Kind::Auth, "{name}");
            assert!(e.to_string().starts_with(name), "{e}");
            assert!(e.to_string().contains("shorter than 4"), "{e}");
        }
        // Four is enough; the project ID is no secret and has no such rule.
        let pairs = [(AK_VAR, "AKAK"), (SK_VAR, "SKSK"), (PROJECT_ID_VAR, "p")];
        assert!(resolve(None, &env(&pairs), &mut |_| {}).is_ok());
    }

    #[test]
    fn half_an_access_key_is_an_auth_error() {
        let e = env(&[(AK_VAR, "a")]);
        assert_eq!(resolve(None, &e, &mut |_| {}).unwrap_err().kind, Kind::Auth);
    }

    #[test]
    fn ini_basic_section() {
        let pairs = ini_section(
            "# c\n[global]\nak = no\n[Basic]\nak = AK1\nsk: SK1\n; x\nproject_id=p1\n[other]\nsk=zz\n",
            "basic",
        );
        assert_eq!(
            pairs,
            [
                ("ak".to_owned(), "AK1".to_owned()),
                ("sk".to_owned(), "SK1".to_owned()),
                ("project_id".to_owned(), "p1".to_owned())
            ]
        );
    }

    #[test]
    fn nothing_found_says_how_to_provide_credentials() {
        let e = env(&[("HOME", "/nonexistent-home")]);
        let err = resolve(None, &e, &mut |_| {}).unwrap_err();
        assert_eq!(err.kind, Kind::Auth);
        assert!(err.to_string().contains("--token-file"));
    }
}
