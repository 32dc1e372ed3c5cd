//! The command line, as clap sees it: the types. Help, completions and the man page all come
//! from here; the words of the help live in `help.rs`, the cross-option rules in `validate.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::render::{ColorWhen, OutputFormat};

mod groups;
pub mod help;
mod needs;
mod validate;

pub use groups::{
    CheckGateArgs, CiArgs, Filters, GateRules, MIGRATION_CYCLES, STATES, SourceGateArgs,
};

pub use help::{ENVIRONMENT, EXAMPLES, exit_codes};
use help::{examples_help, top_help};
pub use needs::{DEFAULT_JOBS, Needs};

/// Inspect what Huawei Cloud's Server Migration Service (SMS) knows about a source server.
///
/// Shows disks and partitions, LVM volume groups, Btrfs subvolumes, NICs, the environment
/// checks, the migration task and its progress. Tables for people, `--json`/`--yaml`/`--jq`
/// for scripts. In CI, `sms-inspect check` is the pre-migration gate (exit 1 when a check
/// is ERROR); `source` shows and exits 0 unless given `--fail-on`.
#[derive(Debug, Parser)]
#[command(name = "sms-inspect", version, propagate_version = true)]
#[command(disable_help_subcommand = true)]
#[command(after_help = top_help())]
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

    /// Every field and column, empty ones included, none left out for the terminal's width
    /// (shortcut for `--output wide`).
    #[arg(long, global = true, conflicts_with_all = ["output", "json", "yaml", "jq"])]
    pub wide: bool,

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

    /// Base URL of the SMS API, overriding --region [env: SMS_ENDPOINT].
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Region whose SMS endpoint to use [env: SMS_REGION] [default: ap-southeast-3].
    #[arg(long, global = true, value_name = "ID")]
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

    /// Never page a long report (else one taller than the terminal goes through
    /// SMS_INSPECT_PAGER, PAGER or `less -FRX`).
    #[arg(long, global = true)]
    pub no_pager: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show one source server: by ID or name from the API, or from a saved response body.
    #[command(after_help = examples_help("source"))]
    Source(SourceArgs),

    /// List source servers (every page), with the API's filters.
    #[command(after_help = examples_help("sources"))]
    Sources(SourcesArgs),

    /// The pre-migration gate: the environment checks of many sources at once, one row each.
    #[command(after_help = examples_help("check"))]
    Check(CheckArgs),

    /// Follow a wave: one live row per source (progress, speed, ETA, stage, agent) until
    /// every one reached a final state; exit 0 when all finished, 1 when any ended in error
    /// or stopped.
    #[command(after_help = examples_help("watch"))]
    Watch(WatchArgs),

    /// What changed between two saved snapshots (`source --json` bodies or `sources --json`
    /// arrays): checks, disks, partitions, LVM, Btrfs, NICs, state, agent. Exit 0 when
    /// nothing changed, 1 when something did, as diff(1).
    #[command(after_help = examples_help("diff"))]
    Diff(DiffArgs),

    /// What an SMS error code means, offline: our own one-line summary, a category and the
    /// Huawei page that documents it. Without a code, every known code. An unknown code is a
    /// usage error (exit 2) that names the nearest known ones.
    #[command(after_help = examples_help("explain"))]
    Explain(ExplainArgs),

    /// SMS's record of every failed migration (GET /v3/errors): one row per source, with the
    /// error code and message decoded from `error_json` and, for a known code, a pointer to
    /// `sms-inspect explain`. It shows, so it exits 0.
    #[command(after_help = examples_help("errors"))]
    Errors(ErrorsArgs),

    /// The post-cutover gate: SMS's consistency check of each migrated source (by ID or
    /// name: its current task) or task (`--task`). Exit 0 when no checked directory has
    /// different, missing or extra files; 1 when one has, or when a task has no result yet.
    #[command(after_help = examples_help("verify"))]
    Verify(VerifyArgs),

    /// Print a shell completion script.
    #[command(after_help = examples_help("completions"))]
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// SMS error codes, such as SMS.6509 (any case); none lists every known code.
    #[arg(value_name = "CODE")]
    pub codes: Vec<String>,
}

/// `errors`' arguments.
#[derive(Debug, Args)]
pub struct ErrorsArgs {
    /// Only sources in this enterprise project.
    #[arg(long, value_name = "ID")]
    pub enterprise_project_id: Option<String>,

    /// Parallel requests for the pages after the first.
    #[arg(long, default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,

    /// Also write a Markdown report here (`-` for stdout): one row per failed source.
    #[arg(long, value_name = "PATH")]
    pub markdown: Option<PathBuf>,
}

/// `verify`'s arguments.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Sources to verify, by ID or name (each through its current migration task).
    #[arg(value_name = "ID|NAME", required_unless_present = "task")]
    pub sources: Vec<String>,

    /// A migration task to verify, by its ID (repeatable).
    #[arg(long = "task", value_name = "TASK_ID")]
    pub task: Vec<String>,

    /// Pass a task that has no consistency result yet (by default it fails).
    #[arg(long)]
    pub allow_no_result: bool,

    /// Files per directory that may differ, be missing or be extra on the target and still
    /// pass (each count on its own).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub max_different: u64,

    /// Parallel requests.
    #[arg(long, default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,

    /// Also write a JUnit XML report here (one testsuite per task, one testcase per
    /// directory).
    #[arg(long, value_name = "PATH")]
    pub junit: Option<PathBuf>,

    #[command(flatten)]
    pub ci: CiArgs,
}

#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The source server: its SMS ID (a UUID), or its name (looked up; it must match one).
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

    /// With --json/--yaml/--jq: print `{"source": BODY, "task": TASK}`, the source body with
    /// its migration task (GET /v3/tasks/{id}; `null` when it has none).
    #[arg(long, conflicts_with = "file")]
    pub with_task: bool,

    /// Follow the migration until the source reaches a final state (finished, error,
    /// stopped, or cutovered); exit 0 when it finished, 1 on error or stopped.
    #[arg(long, conflicts_with = "file")]
    pub watch: bool,

    /// Seconds between polls with --watch.
    #[arg(long, default_value_t = 10, value_name = "SECS", requires = "watch",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub interval: u64,

    /// With --watch: flag the source as stalled when no byte was replicated for this long
    /// while its task runs, or its agent is disconnected (3s, 10m, 2h, 3d).
    #[arg(long, default_value = "15m", value_name = "DURATION", requires = "watch",
          value_parser = duration)]
    pub stall: std::time::Duration,

    #[command(flatten)]
    pub gate: SourceGateArgs,

    #[command(flatten)]
    pub ci: CiArgs,
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

    /// Gate saved snapshots instead, offline: `source --json` bodies or `sources --json`
    /// arrays (`-` reads standard input). Readiness hints are always computed.
    #[arg(long, short = 'f', value_name = "PATH", num_args = 1..,
          conflicts_with_all = ["sources", "all", "state", "name", "ip", "migproject",
                                "migration_cycle", "connected", "enterprise_project_id"])]
    pub file: Vec<PathBuf>,

    /// With --file: when two snapshots hold one source, judge the one whose agent was seen
    /// last (by `last_visit_time`), and say so; without it, two records of one source are a
    /// usage error.
    #[arg(long)]
    pub latest: bool,

    /// Also compute the readiness hints (fetches each source's details, --jobs at a time;
    /// the list carries no disks).
    #[arg(long)]
    pub hints: bool,

    #[command(flatten)]
    pub filters: Filters,

    #[command(flatten)]
    pub gate: CheckGateArgs,

    #[command(flatten)]
    pub ci: CiArgs,
}

/// `diff`'s arguments.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier snapshot (`-` reads standard input).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The later snapshot (`-` reads standard input).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    /// Also write the changes as a Markdown report here (`-` for stdout).
    #[arg(long, value_name = "PATH")]
    pub markdown: Option<PathBuf>,

    /// Show sizes as raw byte counts.
    #[arg(long)]
    pub bytes: bool,
}

/// `watch`'s arguments.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Sources to follow, by ID or name.
    #[arg(value_name = "ID|NAME")]
    pub sources: Vec<String>,

    /// Follow every source (that matches the filters).
    #[arg(long)]
    pub all: bool,

    /// Seconds between polls of the list (one request per page of 200 sources).
    #[arg(long, default_value_t = 10, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub interval: u64,

    /// End at the first source that ends in error or stopped, naming it (exit 1).
    #[arg(long)]
    pub fail_fast: bool,

    /// Flag a source as stalled when no byte was replicated for this long while its task
    /// runs, or its agent is disconnected (3s, 10m, 2h, 3d).
    #[arg(long, default_value = "15m", value_name = "DURATION", value_parser = duration)]
    pub stall: std::time::Duration,

    /// End at the first stalled source, naming it (exit 1).
    #[arg(long)]
    pub fail_on_stall: bool,

    /// Pass when the selection matches no source (by default that is exit 1).
    #[arg(long)]
    pub allow_empty: bool,

    /// Parallel requests for the list's pages.
    #[arg(long, default_value_t = 8, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub jobs: u16,

    #[command(flatten)]
    pub filters: Filters,
}

/// A duration as humantime reads it: `3s`, `10m`, `2h`, `3d`, `1h 30m`.
fn duration(value: &str) -> Result<std::time::Duration, String> {
    humantime::parse_duration(value).map_err(|e| format!("{e} (write e.g. 30s, 15m, 2h or 3d)"))
}

/// The command line as parsed and documented: the clap definition, with the global options
/// hidden where they do not apply (`completions`).
pub fn command() -> clap::Command {
    let command = <Cli as clap::CommandFactory>::command();
    // A subcommand that already has an argument of a global's name does not receive the
    // global: give `completions` hidden copies, so its help and completions leave them out.
    let hidden: Vec<clap::Arg> = command
        .get_arguments()
        .filter(|a| a.is_global_set())
        .map(|a| a.clone().global(false).hide(true))
        .collect();
    command.mut_subcommand("completions", |sub| sub.args(hidden))
}

/// Parses and validates a command line (the program's name first). A usage error comes back
/// in clap's own form (exit 2); `--help` and `--version` come back as clap "errors" that print
/// to stdout and exit 0.
pub fn try_parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let matches = command().try_get_matches_from(args)?;
    let mut cli = <Cli as clap::FromArgMatches>::from_arg_matches(&matches)?;
    if let (Command::Check(args), Some(("check", sub))) = (&mut cli.command, matches.subcommand()) {
        args.gate.fail_on_given =
            sub.value_source("fail_on") == Some(clap::parser::ValueSource::CommandLine);
    }
    cli.validate()?;
    Ok(cli)
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
