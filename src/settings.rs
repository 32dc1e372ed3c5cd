//! Arguments and environment resolved into what the run needs. All cross-option checks live
//! here, and every environment read goes through [`Env`] so tests can replace it.

use std::io::IsTerminal;

use std::time::Duration;

use crate::api::{self, Client};
use crate::cli::{ColorWhen, GlobalArgs, OutputFormat};
use crate::credentials;
use crate::error::Result;
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

/// The output format, from `-o`, `--json` or `--yaml`.
pub fn output_format(args: &GlobalArgs) -> OutputFormat {
    if args.json {
        OutputFormat::Json
    } else if args.yaml {
        OutputFormat::Yaml
    } else {
        args.output.unwrap_or(OutputFormat::Table)
    }
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

/// The API client: endpoint, then credentials (a bad region is reported before missing
/// credentials). A credentials-file warning goes to stderr once.
pub fn client(args: &GlobalArgs, env: &dyn Env) -> Result<Client> {
    let endpoint = api::endpoint::resolve(args.endpoint.as_deref(), args.region.as_deref())?;
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
        },
    ))
}
