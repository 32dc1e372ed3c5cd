//! One error type for the whole tool, and [`Exit`]: the only place that maps outcomes to
//! exit codes.

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
    /// An output could not be written (stdout other than a closed pipe, a report file).
    Output,
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
        Exit::Error(self.kind).code()
    }
}

/// How a run ends. Every exit code the tool uses comes from [`Exit::code`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Success: the gate passed, or there was no gate.
    Ok,
    /// The gate failed, or a followed migration ended in error or stopped.
    GateFailed,
    /// Something went wrong before a verdict could be reached.
    Error(Kind),
}

impl Exit {
    /// Every outcome, in the order of their codes (for `--help`, the man page and the tests).
    pub const ALL: [Exit; 9] = [
        Exit::Ok,
        Exit::GateFailed,
        Exit::Error(Kind::Usage),
        Exit::Error(Kind::Api),
        Exit::Error(Kind::Auth),
        Exit::Error(Kind::Network),
        Exit::Error(Kind::Response),
        Exit::Error(Kind::Output),
        Exit::Error(Kind::Interrupted),
    ];

    /// What the code means, as `--help` and the man page's EXIT STATUS say it.
    pub fn meaning(self) -> &'static str {
        match self {
            Exit::Ok => "success; the gate passed",
            Exit::GateFailed => {
                "the gate failed (check, verify, or source --fail-on), or a watched migration \
                 ended in error or stopped"
            }
            Exit::Error(Kind::Usage) => {
                "usage error: bad arguments, unreadable --file, an unusable proxy or endpoint"
            }
            Exit::Error(Kind::Api) => {
                "the API answered with an error (404, other 4xx, 5xx after retries, a redirect)"
            }
            Exit::Error(Kind::Auth) => {
                "authentication: no credentials, a malformed one, or 401/403"
            }
            Exit::Error(Kind::Network) => "network: connection, DNS, TLS, timeout",
            Exit::Error(Kind::Response) => {
                "the response could not be understood (not JSON, wrong shape, a short listing, \
                 two records of one source)"
            }
            Exit::Error(Kind::Output) => {
                "an output could not be written (stdout, --junit, --markdown)"
            }
            Exit::Error(Kind::Interrupted) => "interrupted (Ctrl-C)",
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::GateFailed => 1,
            Exit::Error(Kind::Usage) => 2,
            Exit::Error(Kind::Api) => 3,
            Exit::Error(Kind::Auth) => 4,
            Exit::Error(Kind::Network) => 5,
            Exit::Error(Kind::Response) => 6,
            Exit::Error(Kind::Output) => 7,
            Exit::Error(Kind::Interrupted) => 130,
        }
    }

    /// Two outcomes of one run as one: an error wins over a failed gate, which wins over
    /// success; of two errors the first stays (it is the one the messages lead with).
    pub fn merge(self, other: Exit) -> Exit {
        match (self, other) {
            (Exit::Error(_), _) => self,
            (_, Exit::Error(_)) => other,
            (Exit::GateFailed, _) | (_, Exit::GateFailed) => Exit::GateFailed,
            (Exit::Ok, Exit::Ok) => Exit::Ok,
        }
    }

    /// The gate's exit: failed or not.
    pub fn gate(passed: bool) -> Exit {
        if passed { Exit::Ok } else { Exit::GateFailed }
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
    fn every_outcome_has_the_spec_code() {
        assert_eq!(Exit::Ok.code(), 0);
        assert_eq!(Exit::GateFailed.code(), 1);
        assert_eq!(Exit::Error(Kind::Usage).code(), 2);
        assert_eq!(Exit::Error(Kind::Api).code(), 3);
        assert_eq!(Exit::Error(Kind::Auth).code(), 4);
        assert_eq!(Exit::Error(Kind::Network).code(), 5);
        assert_eq!(Exit::Error(Kind::Response).code(), 6);
        assert_eq!(Exit::Error(Kind::Output).code(), 7);
        assert_eq!(Exit::Error(Kind::Interrupted).code(), 130);
    }

    #[test]
    fn every_code_is_listed_once_in_order() {
        let codes: Vec<u8> = Exit::ALL.iter().map(|e| e.code()).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 7, 130]);
        assert!(Exit::ALL.iter().all(|e| !e.meaning().is_empty()));
    }

    #[test]
    fn merge_exit_codes() {
        use Exit::*;
        assert_eq!(Ok.merge(Ok), Ok);
        assert_eq!(Ok.merge(GateFailed), GateFailed);
        assert_eq!(GateFailed.merge(Ok), GateFailed);
        assert_eq!(GateFailed.merge(Error(Kind::Api)), Error(Kind::Api));
        assert_eq!(Error(Kind::Network).merge(GateFailed), Error(Kind::Network));
        assert_eq!(Error(Kind::Api).merge(Error(Kind::Auth)), Error(Kind::Api));
        let all = [Ok, GateFailed, Error(Kind::Response)];
        assert_eq!(all.into_iter().fold(Ok, Exit::merge), Error(Kind::Response));
    }
}
