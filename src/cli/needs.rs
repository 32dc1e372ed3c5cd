//! What each command needs from the run, in one exhaustive match: a new command must say it,
//! and cannot silently inherit another's defaults.

use super::{CiArgs, Command};
use crate::gate::{FailOn, Policy};

/// Requests in flight for commands without `--jobs` (`source` pages a name lookup).
pub const DEFAULT_JOBS: usize = 8;

/// A command's needs.
pub struct Needs<'a> {
    /// It calls the API (so it needs an endpoint and credentials).
    pub api: bool,
    /// The gate's rules its reports show.
    pub gate: Policy,
    /// The exit code follows the gate (`check`, or `source --fail-on`).
    pub gating: bool,
    /// Its CI outputs (annotations, Markdown), when it has them.
    pub ci: Option<&'a CiArgs>,
    /// Requests in flight at once (`--jobs`).
    pub jobs: usize,
    /// Sizes as raw byte counts (`--bytes`).
    pub raw_bytes: bool,
    /// It writes `-o csv` (one row per source); any other command refuses it.
    pub csv: bool,
}

impl Command {
    pub fn needs(&self) -> Needs<'_> {
        let none = Needs {
            api: false,
            gate: Policy::default(),
            gating: false,
            ci: None,
            jobs: DEFAULT_JOBS,
            raw_bytes: false,
            csv: false,
        };
        match self {
            Command::Source(args) => {
                let (gate, gating) = args.gate.policy();
                Needs {
                    api: args.file.is_none(),
                    gate,
                    gating,
                    ci: Some(&args.ci),
                    raw_bytes: args.bytes,
                    ..none
                }
            }
            Command::Sources(args) => Needs {
                api: true,
                jobs: usize::from(args.jobs),
                csv: true,
                ..none
            },
            Command::Check(args) => Needs {
                api: args.file.is_empty(),
                gate: args.gate.policy(),
                gating: true,
                ci: Some(&args.ci),
                jobs: usize::from(args.jobs),
                csv: true,
                ..none
            },
            Command::Watch(args) => Needs {
                api: true,
                jobs: usize::from(args.jobs),
                gate: Policy {
                    fail_on: FailOn::Never,
                    ..Policy::default()
                },
                ..none
            },
            Command::Diff(args) => Needs {
                raw_bytes: args.bytes,
                ..none
            },
            Command::Errors(args) => Needs {
                api: true,
                jobs: usize::from(args.jobs),
                csv: true,
                ..none
            },
            Command::Verify(args) => Needs {
                api: true,
                ci: Some(&args.ci),
                jobs: usize::from(args.jobs),
                ..none
            },
            Command::Explain(_) | Command::Completions { .. } => none,
        }
    }
}
