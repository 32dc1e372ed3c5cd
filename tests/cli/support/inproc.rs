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
    /// stdout and stderr as written, for what must see invalid UTF-8.
    pub bytes: (Vec<u8>, Vec<u8>),
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
    /// As the process environment reads: an empty value counts as unset.
    fn var(&self, name: &str) -> Option<String> {
        self.0.get(name).filter(|v| !v.is_empty()).cloned()
    }

    fn raw(&self, name: &str) -> Option<String> {
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

/// `run(args)` against a loopback stand-in, with a token. The HTTP client reads the proxy
/// variables from the test process's environment (a binary run clears it): one set here
/// would route the loopback requests through a proxy, so it fails the test, naming it.
pub fn run_at(server: &Server, args: &[&str]) -> Run {
    for name in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        assert!(
            std::env::var_os(name).is_none_or(|v| v.is_empty()),
            "{name} is set in the test environment: unset it to run the in-process HTTP tests"
        );
    }
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
            bytes: captured.bytes(),
            paged: captured.paged(),
        }
    }
}

/// `sms()` run in-process: the same builder calls (`arg`, `args`, `env`, `timeout`), and `output()` / `assert()` give a real `std::process::Output` and assert_cmd's
/// `Assert`, so a test written for the binary moves here by its constructor. What only a
/// process has (stdin, signals, a pty, a closed pipe) has no method here: those tests keep
/// `sms()`.
pub fn cmd() -> Cmd {
    Cmd {
        run: run(&[]),
        limit: None,
    }
}

/// `sms_at(server)` in-process.
pub fn cmd_at(server: &Server) -> Cmd {
    Cmd {
        run: run_at(server, &[]),
        limit: None,
    }
}

pub struct Cmd {
    run: Run,
    limit: Option<std::time::Duration>,
}

impl Cmd {
    pub fn arg(&mut self, arg: impl AsRef<std::ffi::OsStr>) -> &mut Cmd {
        let arg = arg
            .as_ref()
            .to_str()
            .expect("an in-process argument is UTF-8");
        self.run.args.push(arg.to_owned());
        self
    }

    pub fn args<I, S>(&mut self, args: I) -> &mut Cmd
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        for a in args {
            self.arg(a);
        }
        self
    }

    pub fn env(
        &mut self,
        name: impl AsRef<std::ffi::OsStr>,
        value: impl AsRef<std::ffi::OsStr>,
    ) -> &mut Cmd {
        let (name, value) = (name.as_ref(), value.as_ref());
        self.run.vars.insert(
            name.to_str().expect("UTF-8").to_owned(),
            value
                .to_str()
                .expect("an in-process variable is UTF-8")
                .to_owned(),
        );
        self
    }

    /// A run that takes longer fails the test (it is not stopped: a thread cannot be).
    pub fn timeout(&mut self, limit: std::time::Duration) -> &mut Cmd {
        self.limit = Some(limit);
        self
    }

    /// The run as the binary's would be: its exit status, stdout and stderr.
    pub fn output(&mut self) -> std::io::Result<std::process::Output> {
        use std::os::unix::process::ExitStatusExt;
        let run = Run {
            args: self.run.args.clone(),
            vars: self.run.vars.clone(),
            terminal: self.run.terminal,
        };
        let ran = match self.limit {
            None => run.go(),
            Some(limit) => {
                let (tx, rx) = std::sync::mpsc::channel();
                std::thread::spawn(move || {
                    let _ = tx.send(run.go());
                });
                match rx.recv_timeout(limit) {
                    Ok(ran) => ran,
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                        panic!("the run took over {limit:?}")
                    }
                    Err(_) => panic!("the run panicked"),
                }
            }
        };
        let (stdout, stderr) = ran.bytes;
        Ok(std::process::Output {
            status: std::process::ExitStatus::from_raw(i32::from(ran.code) << 8),
            stdout,
            stderr,
        })
    }

    pub fn assert(&mut self) -> assert_cmd::assert::Assert {
        use assert_cmd::assert::OutputAssertExt;
        self.output().unwrap().assert()
    }
}
