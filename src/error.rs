//! One error type for the whole tool; `exit_code` is the only place that maps failures to codes.

use std::fmt;

/// What went wrong, in the SPEC's exit-code classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Bad arguments, unknown region, unreadable `--file`.
    Usage,
    /// The API answered with an error (404, other 4xx, 5xx after retries, a redirect).
    Api,
    /// No credentials, or 401/403.
    Auth,
    /// Connection, DNS, TLS, timeout.
    Network,
    /// The response could not be understood: not JSON, wrong shape, too large.
    Response,
    /// Ctrl-C.
    Interrupted,
}

/// A failure with a message that is already safe to print (server strings sanitised).
#[derive(Debug)]
pub struct Error {
    pub kind: Kind,
    message: String,
    /// The failure may pass if tried again later (it was in the retry class: a connection
    /// failure, a timeout, 429 or 5xx). `--watch` keeps going after such failures.
    pub transient: bool,
}

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            transient: false,
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    pub fn response(message: impl Into<String>) -> Self {
        Self::new(Kind::Response, message)
    }

    pub fn exit_code(&self) -> u8 {
        exit_code(self.kind)
    }
}

pub fn exit_code(kind: Kind) -> u8 {
    match kind {
        Kind::Usage => 2,
        Kind::Api => 3,
        Kind::Auth => 4,
        Kind::Network => 5,
        Kind::Response => 6,
        Kind::Interrupted => 130,
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_the_spec_code() {
        assert_eq!(exit_code(Kind::Usage), 2);
        assert_eq!(exit_code(Kind::Api), 3);
        assert_eq!(exit_code(Kind::Auth), 4);
        assert_eq!(exit_code(Kind::Network), 5);
        assert_eq!(exit_code(Kind::Response), 6);
        assert_eq!(exit_code(Kind::Interrupted), 130);
    }
}
