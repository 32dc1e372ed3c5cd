//! Arguments and environment resolved once into [`Settings`], which every command receives by
//! reference: the output format, how tables look, whether stdout is a terminal, the gate's
//! rules, and the API client where the command talks to the API. Every environment read goes
//! through [`Env`] so tests can replace it.

use std::io::IsTerminal;
use std::time::Duration;

use crate::api::{self, Client};
use crate::cli::{Cli, Command, GlobalArgs};
use crate::credentials;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::gate::Policy;
use crate::render::ci::Annotations;
use crate::render::output::Output;
use crate::render::{ColorWhen, OutputFormat, Style, jq};

/// Shortens the retry backoff for the test suite (milliseconds of the first wait); not for
/// users, and not in `--help`.
pub const BACKOFF_VAR: &str = "SMS_INSPECT_TEST_BACKOFF_MS";
/// Pins "now" (milliseconds since the epoch) for the test suite, so that reports saying
/// "last seen 3 d ago" can be compared whole; not for users.
pub const NOW_VAR: &str = "SMS_INSPECT_TEST_NOW_MS";

/// Requests in flight for commands without `--jobs` (`source` pages a name lookup).
pub const DEFAULT_JOBS: usize = 8;

/// What the whole run needs, decided once.
pub struct Settings {
    pub output: Output,
    pub style: Style,
    pub stdout_is_terminal: bool,
    /// The gate's rules: the verdict every report shows.
    pub gate: Policy,
    /// The exit code follows the verdict (`check`, or `source --fail-on`).
    pub gating: bool,
    /// Write GitHub Actions annotations (`--annotations`, or under GitHub Actions).
    pub annotate: bool,
    /// "Now" pinned by the test suite; the clock otherwise.
    pinned_now: Option<u64>,
    client: Option<Client>,
}

impl Settings {
    /// Resolves everything in the order a user would fix it: the output (a bad `--jq` is a
    /// usage error), then the endpoint (a bad region), then the credentials. The client is
    /// made only for commands that talk to the API.
    pub fn resolve(cli: &Cli, env: &dyn Env) -> Result<Settings> {
        let global = &cli.global;
        let output = output(global)?;
        let stdout_is_terminal = std::io::stdout().is_terminal();
        let (raw_bytes, (mut gate, gating)) = match &cli.command {
            Command::Source(args) => (args.bytes, args.gate.policy()),
            Command::Diff(args) => (args.bytes, (Policy::default(), false)),
            Command::Check(args) => (false, (args.gate.policy(), true)),
            _ => (false, (Policy::default(), false)),
        };
        let pinned_now = env.var(NOW_VAR).and_then(|ms| ms.parse().ok());
        let ci = match &cli.command {
            Command::Source(args) => Some(&args.ci),
            Command::Check(args) => Some(&args.ci),
            _ => None,
        };
        let under_github = env.var("GITHUB_ACTIONS").as_deref() == Some("true");
        let annotate = ci.is_some_and(|ci| match ci.annotations {
            Annotations::Github => true,
            Annotations::Auto => under_github,
            Annotations::Never => false,
        });
        // The runner reads workflow commands from every line of the step's output: from here
        // on no server text may start one (render::ci::guard).
        if under_github || annotate {
            crate::render::ci::guard_output();
        }
        gate.now_ms = pinned_now.unwrap_or_else(clock_ms);
        let width = if stdout_is_terminal {
            terminal_size::terminal_size()
                .map(|(w, _)| w.0)
                .filter(|w| *w >= 20)
        } else {
            None
        };
        let style = Style {
            color: color(global.color),
            width,
            raw_bytes,
            wide: global.wide || global.output == Some(OutputFormat::Wide),
            now_ms: gate.now_ms,
        };
        let needs_api = match &cli.command {
            Command::Source(args) => args.file.is_none(),
            Command::Check(args) => args.file.is_empty(),
            Command::Sources(_) | Command::Watch(_) => true,
            Command::Completions { .. } | Command::Diff(_) | Command::Explain(_) => false,
        };
        let jobs = match &cli.command {
            Command::Sources(args) => usize::from(args.jobs),
            Command::Check(args) => usize::from(args.jobs),
            Command::Watch(args) => usize::from(args.jobs),
            _ => DEFAULT_JOBS,
        };
        let client = if needs_api {
            Some(client(global, env, jobs)?)
        } else {
            None
        };
        Ok(Settings {
            output,
            style,
            stdout_is_terminal,
            gate,
            gating,
            annotate,
            pinned_now,
            client,
        })
    }

    /// Now, in milliseconds since the epoch (pinned by the test suite, else the clock).
    pub fn now_ms(&self) -> u64 {
        self.pinned_now.unwrap_or_else(clock_ms)
    }

    /// The API client; only commands that talk to the API ask for it.
    pub fn client(&self) -> Result<&Client> {
        self.client
            .as_ref()
            .ok_or_else(|| Error::usage("this command does not call the API"))
    }
}

fn clock_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn output(args: &GlobalArgs) -> Result<Output> {
    if let Some(expr) = &args.jq {
        return Ok(Output::Jq(jq::compile(expr)?));
    }
    Ok(if args.json {
        Output::Json
    } else if args.yaml {
        Output::Yaml
    } else {
        match args.output.unwrap_or(OutputFormat::Table) {
            OutputFormat::Table | OutputFormat::Wide => Output::Table,
            OutputFormat::Json => Output::Json,
            OutputFormat::Yaml => Output::Yaml,
        }
    })
}

/// Whether to colour stdout: `--color` first, then NO_COLOR > CLICOLOR_FORCE > a terminal
/// (anstream's rules, which clap also follows).
fn color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The API client: endpoint, then credentials (a bad region is reported before missing
/// credentials). A credentials-file warning goes to stderr once.
/// The proxy variables, in the order the client reads them.
const PROXY_VARS: &[&str] = &[
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

/// A proxy variable that is set must name a proxy the client can use (http, https, socks4,
/// socks4a, socks5, socks5h): one it cannot is a usage error, never a silent direct
/// connection. The value is not shown (it may carry a password).
fn check_proxies(env: &dyn Env) -> Result<()> {
    for name in PROXY_VARS {
        if let Some(value) = env.var(name)
            && ureq::Proxy::new(&value).is_err()
        {
            return Err(Error::usage(format!(
                "{name} is set but is not a proxy URL sms-inspect can use (http://, https://, \
                 socks4://, socks4a://, socks5:// or socks5h://, with a host); fix or unset it \
                 rather than connect without the proxy"
            )));
        }
    }
    Ok(())
}

fn client(args: &GlobalArgs, env: &dyn Env, jobs: usize) -> Result<Client> {
    // The options first, then SMS_ENDPOINT and SMS_REGION; an empty one counts as unset, as
    // shells leave them.
    let endpoint_var = env.var("SMS_ENDPOINT");
    let region_var = env.var("SMS_REGION");
    let endpoint = api::endpoint::resolve(
        set(&args.endpoint).or(endpoint_var.as_deref().map(str::trim)),
        set(&args.region).or(region_var.as_deref().map(str::trim)),
    )?;
    check_proxies(env)?;
    let credentials = credentials::resolve(args.token_file.as_deref(), env, &mut |warning| {
        crate::render::output::to_stderr(&[warning]);
    })?;
    Ok(Client::new(
        endpoint,
        credentials,
        api::Options {
            timeout: Duration::from_secs(args.timeout),
            retries: args.retries,
            verbose: args.verbose,
            extra_roots: env
                .var("SSL_CERT_FILE")
                .map(|path| api::read_bundle(std::path::Path::new(&path)))
                .transpose()?,
            backoff_base: env
                .var(BACKOFF_VAR)
                .and_then(|ms| ms.parse().ok())
                .map(Duration::from_millis),
            max_in_flight: jobs,
        },
    ))
}
