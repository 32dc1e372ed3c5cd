//! The usage rules clap cannot express across a global option and a subcommand's.

use super::{Cli, Command, command};
use crate::render::OutputFormat;

impl Cli {
    /// The rules clap cannot express across a global option and a subcommand's, and the
    /// filter values the API documents: a usage error in clap's own form (with the usage
    /// line), exit 2.
    pub fn validate(&self) -> Result<(), clap::Error> {
        let g = &self.global;
        let structured = g.json || g.yaml || g.jq.is_some();
        if g.output == Some(OutputFormat::Csv) && !self.command.needs().csv {
            return Err(command().error(
                clap::error::ErrorKind::InvalidValue,
                "-o csv is written by `sources` and `check` (one row per source); this command \
                 has no CSV form",
            ));
        }
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
                if args.sources.is_empty()
                    && !args.all
                    && args.filters.is_empty()
                    && args.file.is_empty() =>
            {
                (
                    "check",
                    clap::error::ErrorKind::MissingRequiredArgument,
                    "say which sources to check: IDs or names, --all, a filter such as --state, \
                     or saved snapshots with --file"
                        .to_owned(),
                )
            }
            Command::Check(args) if args.latest && args.file.is_empty() => (
                "check",
                clap::error::ErrorKind::MissingRequiredArgument,
                "--latest chooses between saved snapshots: it needs --file".to_owned(),
            ),
            Command::Watch(args)
                if args.sources.is_empty() && !args.all && args.filters.is_empty() =>
            {
                (
                    "watch",
                    clap::error::ErrorKind::MissingRequiredArgument,
                    "say which sources to follow: IDs or names, --all, or a filter such as --state"
                        .to_owned(),
                )
            }
            Command::Watch(_)
                if g.yaml
                    || g.jq.is_some()
                    || g.output.is_some_and(|o| {
                        !matches!(o, OutputFormat::Table | OutputFormat::Json)
                    }) =>
            {
                (
                    "watch",
                    clap::error::ErrorKind::ArgumentConflict,
                    "watch prints live rows, or with --json one JSON object per change; it does \
                     not combine with --yaml or --jq"
                        .to_owned(),
                )
            }
            _ => return Ok(()),
        };
        let mut command = command();
        let sub = command.find_subcommand_mut(subcommand).expect("defined");
        Err(sub.error(kind, message))
    }
}
