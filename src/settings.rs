//! Arguments and environment resolved into what the run needs. All cross-option checks live
//! here, and every environment read goes through [`Env`] so tests can replace it.

use std::io::IsTerminal;

use std::time::Duration;

use crate::api::{self, Client};
use crate::cli::{ColorWhen, GlobalArgs, OutputFormat};
use crate::credentials;
use crate::error::Result;
use crate::jq;
use crate::render::Style;

/// The one seam through which the process environment is read.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

/// The real process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
}

/// What the command prints, from `-o`, `--json`, `--yaml` or `--jq` (compiled here, so a
/// bad filter is a usage error before any request is made).
pub enum Output {
    Table,
    Json,
    Yaml,
    Jq(jq::Filter),
}

impl Output {
    pub fn is_table(&self) -> bool {
        matches!(self, Output::Table)
    }
}

pub fn output(args: &GlobalArgs) -> Result<Output> {
    if let Some(expr) = &args.jq {
        return Ok(Output::Jq(jq::compile(expr)?));
    }
    Ok(if args.json {
        Output::Json
    } else if args.yaml {
        Output::Yaml
    } else {
        match args.output.unwrap_or(OutputFormat::Table) {
            OutputFormat::Table => Output::Table,
            OutputFormat::Json => Output::Json,
            OutputFormat::Yaml => Output::Yaml,
        }
    })
}

/// Whether to colour stdout: `--color` first, then NO_COLOR > CLICOLOR_FORCE > a terminal
/// (anstream's rules, which clap also follows).
pub fn color(when: ColorWhen) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// How tables look on this stdout.
pub fn style(args: &GlobalArgs, raw_bytes: bool) -> Style {
    let width = if std::io::stdout().is_terminal() {
        terminal_size::terminal_size()
            .map(|(w, _)| w.0)
            .filter(|w| *w >= 20)
    } else {
        None
    };
    Style {
        color: color(args.color),
        width,
        raw_bytes,
    }
}

fn set(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The API client: endpoint, then credentials (a bad region is reported before missing
/// credentials). A credentials-file warning goes to stderr once.
pub fn client(args: &GlobalArgs, env: &dyn Env) -> Result<Client> {
    // An empty SMS_ENDPOINT or SMS_REGION counts as unset, as shells leave them.
    let endpoint = api::endpoint::resolve(set(&args.endpoint), set(&args.region))?;
    let credentials = credentials::resolve(args.token_file.as_deref(), env, &mut |warning| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "{warning}");
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
        },
    ))
}
