//! The command run in-process, its streams captured (as gh's `iostreams.Test()`): most tests
//! of what a command prints need no process. The real binary stays for what only a process
//! shows: signals, a terminal, exit codes as the shell sees them, pipes.

use std::collections::HashMap;

use sms_inspect::env::Env;
use sms_inspect::streams::Streams;

use super::{NOW_MS, TOKEN, empty_home, server::Server};

/// What a run left behind.
pub struct Ran {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
    /// The pager the output would have gone through (the output is in `stdout`).
    pub paged: Option<String>,
}

/// An in-process run: arguments, an environment of exactly these variables (and the test
/// seams), stdout a terminal of `terminal` size or not a terminal.
pub struct Run {
    args: Vec<String>,
    vars: HashMap<String, String>,
    terminal: Option<(u16, u16)>,
}

struct Vars(HashMap<String, String>);

impl Env for Vars {
    fn var(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

/// `sms-inspect ARGS` in-process, with the environment `sms()` gives the binary.
pub fn run(args: &[&str]) -> Run {
    let mut vars = HashMap::new();
    vars.insert("HOME".to_owned(), empty_home().display().to_string());
    vars.insert("SMS_INSPECT_TEST_BACKOFF_MS".to_owned(), "2".to_owned());
    vars.insert("SMS_INSPECT_TEST_NOW_MS".to_owned(), NOW_MS.to_owned());
    Run {
        args: args.iter().map(|a| (*a).to_owned()).collect(),
        vars,
        terminal: None,
    }
}

/// `run(args)` against a loopback stand-in, with a token.
pub fn run_at(server: &Server, args: &[&str]) -> Run {
    run(args)
        .arg("--endpoint")
        .arg(&server.url())
        .env("SMS_AUTH_TOKEN", TOKEN)
}

impl Run {
    pub fn arg(mut self, arg: &str) -> Run {
        self.args.push(arg.to_owned());
        self
    }

    pub fn env(mut self, name: &str, value: &str) -> Run {
        self.vars.insert(name.to_owned(), value.to_owned());
        self
    }

    /// stdout is a terminal of this size.
    pub fn terminal(mut self, cols: u16, rows: u16) -> Run {
        self.terminal = Some((cols, rows));
        self
    }

    pub fn go(self) -> Ran {
        let (streams, captured) = Streams::memory(self.terminal, false);
        let mut args = vec!["sms-inspect".into()];
        args.extend(self.args.into_iter().map(Into::into));
        let exit = sms_inspect::commands::main(args, &Vars(self.vars), streams, false);
        Ran {
            code: exit.code(),
            stdout: captured.stdout(),
            stderr: captured.stderr(),
            paged: captured.paged(),
        }
    }
}
