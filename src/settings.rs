//! Arguments and environment resolved once into [`Settings`], which every command receives by
//! reference: the output format, how tables look, the streams, the gate's rules, and the API
//! client where the command talks to the API. What a command needs comes from
//! [`Command::needs`]; every environment read goes through [`Env`] so tests can replace it.

use std::sync::Arc;
use std::time::Duration;

use crate::api::{self, Client};
use crate::cli::{Cli, GlobalArgs};
use crate::credentials;
use crate::env::Env;
use crate::error::{Error, Result};
use crate::gate::Policy;
use crate::render::ci::Annotations;
use crate::render::output::Output;
use crate::render::{ColorWhen, OutputFormat, Style, jq};
use crate::streams::Streams;

/// Shortens the retry backoff for the test suite (milliseconds of the first wait); not for
/// users, and not in `--help`.
pub const BACKOFF_VAR: &str = "SMS_INSPECT_TEST_BACKOFF_MS";
/// Pins "now" (milliseconds since the epoch) for the test suite, so that reports saying
/// "last seen 3 d ago" can be compared whole; not for users.
pub const NOW_VAR: &str = "SMS_INSPECT_TEST_NOW_MS";
/// Shortens the interval between `watch` polls for the test suite (milliseconds); not for
/// users.
pub const INTERVAL_VAR: &str = "SMS_INSPECT_TEST_INTERVAL_MS";

/// What the whole run needs, decided once.
pub struct Settings {
    pub output: Output,
    pub style: Style,
    /// Where every byte goes (stdout, stderr, the terminal's size, the CI guard).
    pub streams: Arc<Streams>,
    /// The gate's rules: the verdict every report shows.
    pub gate: Policy,
    /// The exit code follows the verdict (`check`, or `source --fail-on`).
    pub gating: bool,
    /// Write GitHub Actions annotations (`--annotations`, or under GitHub Actions).
    pub annotate: bool,
    /// The run's clock: pinned by the test suite, else the system's.
    pub clock: Clock,
    /// The pager a report taller than the terminal goes through, if any (`render::pager`).
    pub pager: Option<String>,
    /// The interval between `watch` polls when the test suite shortens it ([`INTERVAL_VAR`]).
    pub poll_every: Option<std::time::Duration>,
    client: Option<Client>,
}

/// Now, in milliseconds since the epoch: the one clock of a run.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pinned: Option<u64>,
}

impl Clock {
    pub fn now_ms(&self) -> u64 {
        self.pinned.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        })
    }
}

impl Settings {
    /// Resolves everything in the order a user would fix it: the output (a bad `--jq` is a
    /// usage error), then the endpoint (a bad region), then the credentials. The client is
    /// made only for commands that talk to the API.
    pub fn resolve(cli: &Cli, env: &dyn Env, streams: Arc<Streams>) -> Result<Settings> {
        let global = &cli.global;
        let needs = cli.command.needs();
        let output = output(global)?;
        let under_github = env.var("GITHUB_ACTIONS").as_deref() == Some("true");
        let annotate = needs.ci.is_some_and(|ci| match ci.annotations {
            Annotations::Github => true,
            Annotations::Auto => under_github,
            Annotations::Never => false,
        });
        // The runner reads workflow commands from every line of the step's output: from here
        // on no server text may start one.
        streams.set_guarded(under_github || annotate);
        let clock = Clock {
            pinned: env.var(NOW_VAR).and_then(|ms| ms.parse().ok()),
        };
        let mut gate = needs.gate;
        gate.now_ms = clock.now_ms();
        let style = Style {
            color: color(global.color, env, streams.out_is_terminal),
            width: streams.size().map(|(w, _)| w).filter(|w| *w >= 20),
            raw_bytes: needs.raw_bytes,
            wide: global.wide || global.output == Some(OutputFormat::Wide),
            now_ms: gate.now_ms,
        };
        let client = if needs.api {
            Some(client(global, env, needs.jobs, &streams)?)
        } else {
            None
        };
        // What the server sends back may echo a secret: it is removed from stderr, report
        // files, tables and CSV (opened by people); `--json`/`--yaml`/`--jq` stay the body as sent.
        if let Some(client) = &client {
            let human = !output.writes_json();
            streams.set_redactor(client.redactor().clone(), human);
        }
        let pager = crate::render::pager::choose(env, global.no_pager, streams.out_is_terminal);
        Ok(Settings {
            output,
            style,
            streams,
            gate,
            gating: needs.gating,
            annotate,
            clock,
            pager,
            poll_every: env
                .var(INTERVAL_VAR)
                .and_then(|ms| ms.parse().ok())
                .map(std::time::Duration::from_millis),
            client,
        })
    }

    /// Now, in milliseconds since the epoch (pinned by the test suite, else the clock).
    pub fn now_ms(&self) -> u64 {
        self.clock.now_ms()
    }

    /// The API client: made only for commands whose [`Command::needs`](crate::cli::Command)
    /// says they call the API; any other asking is a bug in this tool, reported as one.
    pub fn client(&self) -> Result<&Client> {
        self.client.as_ref().ok_or_else(|| {
            Error::usage("internal: this command was not given an API client (Command::needs)")
        })
    }

    /// Lines on stderr, through the guard.
    pub fn say(&self, lines: &[String]) {
        crate::render::output::to_stderr(&self.streams, lines);
    }
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
            OutputFormat::Csv => Output::Csv,
        }
    })
}

/// Whether to colour stdout: `--color` first; under `auto`, a non-empty NO_COLOR turns it
/// off, then CLICOLOR_FORCE set to anything but `0` turns it on, then CLICOLOR=0 turns it
/// off, else a terminal has colour (the NO_COLOR and CLICOLOR conventions).
fn color(when: ColorWhen, env: &dyn Env, terminal: bool) -> bool {
    let set = |name: &str| env.var(name).filter(|v| !v.is_empty());
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else if set("CLICOLOR").as_deref() == Some("0") {
                false
            } else {
                terminal
            }
        }
    }
}

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

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

/// The API client: endpoint, then credentials (a bad region is reported before missing
/// credentials). A credentials-file warning goes to stderr once.
fn client(args: &GlobalArgs, env: &dyn Env, jobs: usize, streams: &Arc<Streams>) -> Result<Client> {
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
        crate::render::output::to_stderr(streams, &[warning]);
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
            streams: Arc::clone(streams),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Vars(HashMap<&'static str, &'static str>);

    impl Env for Vars {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| (*v).to_owned())
        }
    }

    #[test]
    fn colour_follows_no_color_and_clicolor() {
        let env = |pairs: &[(&'static str, &'static str)]| Vars(pairs.iter().copied().collect());
        let auto =
            |pairs: &[(&'static str, &'static str)], tty| color(ColorWhen::Auto, &env(pairs), tty);
        assert!(auto(&[], true));
        assert!(!auto(&[], false));
        assert!(!auto(&[("NO_COLOR", "1")], true));
        assert!(
            auto(&[("NO_COLOR", "")], true),
            "an empty NO_COLOR is unset"
        );
        assert!(auto(&[("CLICOLOR_FORCE", "1")], false));
        assert!(
            !auto(&[("CLICOLOR_FORCE", "0")], false),
            "CLICOLOR_FORCE=0 forces nothing"
        );
        assert!(!auto(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], false));
        assert!(!auto(&[("CLICOLOR", "0")], true));
        assert!(color(ColorWhen::Always, &env(&[("NO_COLOR", "1")]), false));
        assert!(!color(ColorWhen::Never, &env(&[]), true));
    }
}
