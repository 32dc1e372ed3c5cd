//! The option groups several commands share: the list API's filters, the gate's rules and
//! what CI reads.

use std::path::PathBuf;

use clap::Args;

use super::duration;
use crate::gate::{FailOn, Policy};
use crate::render::ci::Annotations;

/// The list API's filters.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Filters")]
pub struct Filters {
    /// Only sources in this state (any case).
    #[arg(long, value_name = "STATE", ignore_case = true,
          value_parser = clap::builder::PossibleValuesParser::new(STATES))]
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

    /// Only sources in this migration stage (any case).
    #[arg(long, value_name = "CYCLE", ignore_case = true,
          value_parser = clap::builder::PossibleValuesParser::new(MIGRATION_CYCLES))]
    pub migration_cycle: Option<String>,

    /// Only sources whose agent is (true) or is not (false) connected.
    #[arg(long, value_name = "BOOL", action = clap::ArgAction::Set)]
    pub connected: Option<bool>,

    /// Only sources in this enterprise project.
    #[arg(long, value_name = "ID")]
    pub enterprise_project_id: Option<String>,
}

/// The source states the API page and the SDK document (ListServersRequest, and `premiging`
/// from PostSourceServerBody).
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
    "premiging",
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
        // The API's values are lower case; the options accept any case.
        let lower = |v: &Option<String>| v.as_ref().map(|v| v.to_ascii_lowercase());
        let (state, cycle) = (lower(&self.state), lower(&self.migration_cycle));
        let text = [
            ("state", &state),
            ("name", &self.name),
            ("ip", &self.ip),
            ("migproject", &self.migproject),
            ("migration_cycle", &cycle),
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
}

/// The gate options `source` and `check` share.
#[derive(Debug, Args, Clone, Copy)]
#[command(next_help_heading = "Gate")]
pub struct GateRules {
    /// Pass a source none of whose checks reported OK, WARN or ERROR (no checks, or only
    /// SKIPPED or unknown results); by default it fails, as nothing was checked.
    #[arg(long)]
    pub allow_no_checks: bool,

    /// Fail a source whose agent was last seen longer ago than this (or never), as its
    /// checks may be stale (3s, 10m, 2h, 3d).
    #[arg(long, value_name = "DURATION", value_parser = duration)]
    pub max_age: Option<std::time::Duration>,

    /// An error-level readiness hint fails the gate too (hints inform by default).
    #[arg(long)]
    pub fail_on_hints: bool,
}

/// What CI systems read, on `source` and `check`.
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "CI")]
pub struct CiArgs {
    /// GitHub Actions annotations (::error/::warning) for every ERROR and WARN check and
    /// hint, on stderr; `auto` writes them when GITHUB_ACTIONS=true.
    #[arg(long, value_enum, default_value_t = Annotations::Auto, value_name = "WHEN")]
    pub annotations: Annotations,

    /// Also write a Markdown report here (e.g. "$GITHUB_STEP_SUMMARY"; `-` for stdout):
    /// the verdict, one row per source, the failing checks.
    #[arg(long, value_name = "PATH")]
    pub markdown: Option<PathBuf>,
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
            fail_on_given: self.fail_on.is_some(),
            allow_no_checks: self.rules.allow_no_checks,
            allow_empty: false,
            max_age: self.rules.max_age,
            fail_on_hints: self.rules.fail_on_hints,
            ..Policy::default()
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

    /// Whether `--fail-on` was given (reports name it only then); set by `parse`.
    #[arg(skip)]
    pub fail_on_given: bool,

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
            fail_on_given: self.fail_on_given,
            allow_no_checks: self.rules.allow_no_checks,
            allow_empty: self.allow_empty,
            max_age: self.rules.max_age,
            fail_on_hints: self.rules.fail_on_hints,
            ..Policy::default()
        }
    }
}
