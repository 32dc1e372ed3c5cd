//! The command line, as clap sees it. Help, completions and the man page all come from here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::gate::{FailOn, Policy};
use crate::render::{ColorWhen, OutputFormat};
use crate::sanitize::sanitize_short;

/// Inspect what Huawei Cloud's Server Migration Service (SMS) knows about a source server.
///
/// Shows disks and partitions, LVM volume groups, Btrfs subvolumes, NICs, the environment
/// checks, the migration task and its progress. Tables for people, `--json`/`--yaml` for
/// scripts, and an exit code for CI gates.
#[derive(Debug, Parser)]
#[command(name = "sms-inspect", version, propagate_version = true)]
#[command(after_help = "Exit codes: 0 ok, 1 gate failed, 2 usage, 3 API error, \
4 authentication, 5 network, 6 response not understood, 130 interrupted.")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Output format.
    #[arg(short, long, value_enum, global = true, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// Shortcut for `--output json`.
    #[arg(long, global = true, conflicts_with_all = ["output", "yaml"])]
    pub json: bool,

    /// Shortcut for `--output yaml`.
    #[arg(long, global = true, conflicts_with_all = ["output", "json"])]
    pub yaml: bool,

    /// Apply a jq filter to the JSON output in-process (as `gh --jq`); implies --json.
    /// Each result on its own line: strings raw, everything else as compact JSON.
    #[arg(long, global = true, value_name = "EXPR", conflicts_with_all = ["output", "yaml"])]
    pub jq: Option<String>,

    /// When to colour the output; NO_COLOR and CLICOLOR_FORCE are honoured under `auto`.
    #[arg(long, value_enum, global = true, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// Base URL of the SMS API (overrides --region).
    #[arg(long, global = true, env = "SMS_ENDPOINT", value_name = "URL")]
    pub endpoint: Option<String>,

    /// Region whose SMS endpoint to use.
    #[arg(long, global = true, env = "SMS_REGION", value_name = "ID")]
    pub region: Option<String>,

    /// Read the X-Auth-Token from this file (`-` reads standard input).
    #[arg(long, global = true, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Deadline in seconds for each API call, retries and their waits included.
    #[arg(long, global = true, default_value_t = 30, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// Retries of a failed request (connection errors, timeouts, 429, 5xx).
    #[arg(long, global = true, default_value_t = 3, value_name = "N",
          value_parser = clap::value_parser!(u32).range(0..=10))]
    pub retries: u32,

    /// Log each request and response line to stderr (secrets redacted).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show one source server: by ID or name from the API, or from a saved response body.
    Source(SourceArgs),

    /// List source servers (every page), with the API's filters.
    Sources(SourcesArgs),

    /// The fleet gate: the environment checks of many sources at once, one row each.
    Check(CheckArgs),

    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The source server's SMS ID.
    #[arg(
        value_name = "ID",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub id: Option<String>,

    /// Show a saved GET /v3/sources/{id} response body instead (`-` reads standard input).
    #[arg(long, short = 'f', value_name = "PATH")]
    pub file: Option<PathBuf>,

    /// Show sizes as raw byte counts.
    #[arg(long)]
    pub bytes: bool,

    /// Follow the migration until the source reaches a final state (finished, error,
    /// stopped, or cutovered); exit 0 when it finished, 1 on error or stopped.
    #[arg(long, conflicts_with = "file")]
    pub watch: bool,

    /// Seconds between polls with --watch.
    #[arg(long, default_value_t = 10, value_name = "SECS", requires = "watch",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub interval: u64,

    #[command(flatten)]
    pub gate: SourceGateArgs,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    /// List at most this many sources.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// Parallel requests for the pages after the first.
    #[arg(long, default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,

    #[command(flatten)]
    pub filters: Filters,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Sources to check, by ID or name.
    #[arg(value_name = "ID|NAME")]
    pub sources: Vec<String>,

    /// Check every source (that matches the filters).
    #[arg(long)]
    pub all: bool,

    /// Parallel requests (one shared connection pool).
    #[arg(long, default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,

    /// Also write a JUnit XML report here (one testcase per source and check).
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,

    #[command(flatten)]
    pub filters: Filters,

    #[command(flatten)]
    pub gate: CheckGateArgs,
}

/// The list API's filters.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Filters")]
pub struct Filters {
    /// Only sources in this state: unavailable, waiting, initialize, replicate, syncing,
    /// stopping, stopped, skipping, deleting, clearing, cleared, clearfailed, premigready,
    /// premiged, premigfailed, cloning, cutovering, testing, finished or error.
    #[arg(long, value_name = "STATE")]
    pub state: Option<String>,

    /// Only sources whose name matches (as the API matches names).
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Only sources with this IP address.
    #[arg(long, value_name = "IP")]
    pub ip: Option<String>,

    /// Only sources in this migration project (its ID).
    #[arg(long, value_name = "ID")]
    pub migproject: Option<String>,

    /// Only sources in this migration stage: checking, setting, replicating, syncing,
    /// cutovering or cutovered.
    #[arg(long, value_name = "CYCLE")]
    pub migration_cycle: Option<String>,

    /// Only sources whose agent is (true) or is not (false) connected.
    #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
    pub connected: Option<bool>,

    /// Only sources in this enterprise project.
    #[arg(long, value_name = "ID")]
    pub enterprise_project_id: Option<String>,
}

/// The source states the API page and the SDK's ListServersRequest document.
pub const STATES: &[&str] = &[
    "unavailable",
    "waiting",
    "initialize",
    "replicate",
    "syncing",
    "stopping",
    "stopped",
    "skipping",
    "deleting",
    "clearing",
    "cleared",
    "clearfailed",
    "premigready",
    "premiged",
    "premigfailed",
    "cloning",
    "cutovering",
    "testing",
    "finished",
    "error",
];

/// The migration stages (`migration_cycle`) the API documents.
pub const MIGRATION_CYCLES: &[&str] = &[
    "checking",
    "setting",
    "replicating",
    "syncing",
    "cutovering",
    "cutovered",
];

impl Filters {
    /// The filters as list-API query parameters.
    pub fn query(&self) -> Vec<(String, String)> {
        let text = [
            ("state", &self.state),
            ("name", &self.name),
            ("ip", &self.ip),
            ("migproject", &self.migproject),
            ("migration_cycle", &self.migration_cycle),
            ("enterprise_project_id", &self.enterprise_project_id),
        ];
        let mut query: Vec<(String, String)> = text
            .into_iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| (k.to_owned(), v.clone())))
            .collect();
        if let Some(c) = self.connected {
            query.push(("connected".to_owned(), c.to_string()));
        }
        query
    }

    pub fn is_empty(&self) -> bool {
        self.query().is_empty()
    }

    /// Why a filter value is not one the API documents (a typo would match nothing, and an
    /// empty selection must not look like a pass), with the nearest documented value.
    pub fn invalid(&self) -> Option<String> {
        for (option, value, known) in [
            ("--state", &self.state, STATES),
            ("--migration-cycle", &self.migration_cycle, MIGRATION_CYCLES),
        ] {
            let Some(value) = value else { continue };
            if known.contains(&value.as_str()) {
                continue;
            }
            let nearest = known
                .iter()
                .map(|k| (strsim::levenshtein(value, k), *k))
                .min()
                .filter(|(distance, _)| *distance <= 3)
                .map(|(_, k)| format!("; did you mean '{k}'?"))
                .unwrap_or_default();
            return Some(format!(
                "'{}' is not a value of {option} (the API documents {}){nearest}",
                sanitize_short(value, 60),
                known.join(", ")
            ));
        }
        None
    }
}

impl Cli {
    /// The rules clap cannot express across a global option and a subcommand's, and the
    /// filter values the API documents: a usage error in clap's own form (with the usage
    /// line), exit 2.
    pub fn validate(&self) -> Result<(), clap::Error> {
        let g = &self.global;
        let structured = g.json || g.yaml || g.jq.is_some();
        let filters = match &self.command {
            Command::Sources(args) => Some(&args.filters),
            Command::Check(args) => Some(&args.filters),
            _ => None,
        };
        let bad_filter = filters.and_then(Filters::invalid);
        let (subcommand, kind, message) = match &self.command {
            Command::Source(args)
                if args.watch
                    && (structured || g.output.is_some_and(|o| o != OutputFormat::Table)) =>
            {
                (
                    "source",
                    clap::error::ErrorKind::ArgumentConflict,
                    "--watch shows live progress; it does not combine with --json, --yaml or --jq"
                        .to_owned(),
                )
            }
            Command::Check(args)
                if args.sources.is_empty() && !args.all && args.filters.is_empty() =>
            {
                (
                    "check",
                    clap::error::ErrorKind::MissingRequiredArgument,
                    "say which sources to check: IDs or names, --all, or a filter such as --state"
                        .to_owned(),
                )
            }
            Command::Sources(_) | Command::Check(_) if bad_filter.is_some() => (
                if matches!(self.command, Command::Check(_)) {
                    "check"
                } else {
                    "sources"
                },
                clap::error::ErrorKind::InvalidValue,
                bad_filter.unwrap_or_default(),
            ),
            _ => return Ok(()),
        };
        let mut command = <Cli as clap::CommandFactory>::command();
        command.build();
        let sub = command.find_subcommand_mut(subcommand).expect("defined");
        Err(sub.error(kind, message))
    }
}

/// The gate options `source` and `check` share.
#[derive(Debug, Args, Clone, Copy)]
#[command(next_help_heading = "Gate")]
pub struct GateRules {
    /// Pass a source none of whose checks reported OK, WARN or ERROR (no checks, or only
    /// SKIPPED or unknown results); by default it fails, as nothing was checked.
    #[arg(long)]
    pub allow_no_checks: bool,

    /// Accepted for scripts written before 0.2; failing on missing checks is now the default.
    #[arg(long, hide = true)]
    pub require_checks: bool,
}

/// `source`'s gate: off unless `--fail-on` is given (`source` shows; `check` is the gate).
#[derive(Debug, Args, Clone, Copy)]
#[command(next_help_heading = "Gate")]
pub struct SourceGateArgs {
    /// Gate as `check` does: exit 1 when a check at this level (or worse) is reported, or
    /// none reported a result. Without it, `source` shows the verdict and exits 0.
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<FailOn>,

    #[command(flatten)]
    pub rules: GateRules,
}

impl SourceGateArgs {
    /// The policy the report's verdict uses, and whether the exit code follows it.
    pub fn policy(&self) -> (Policy, bool) {
        let policy = Policy {
            fail_on: self.fail_on.unwrap_or(FailOn::Error),
            allow_no_checks: self.rules.allow_no_checks,
            allow_empty: false,
        };
        (policy, self.fail_on.is_some())
    }
}

/// `check`'s gate.
#[derive(Debug, Args, Clone, Copy)]
#[command(next_help_heading = "Gate")]
pub struct CheckGateArgs {
    /// Which check result fails the gate (exit 1); `never` turns every gate rule off.
    #[arg(long, value_enum, default_value_t = FailOn::Error, value_name = "LEVEL")]
    pub fail_on: FailOn,

    #[command(flatten)]
    pub rules: GateRules,

    /// Pass when the IDs, names or filters select no source at all; by default an empty
    /// selection fails, as nothing was checked.
    #[arg(long)]
    pub allow_empty: bool,
}

impl CheckGateArgs {
    pub fn policy(&self) -> Policy {
        Policy {
            fail_on: self.fail_on,
            allow_no_checks: self.rules.allow_no_checks,
            allow_empty: self.allow_empty,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn clap_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
