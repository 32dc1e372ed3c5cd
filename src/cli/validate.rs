//! The usage rules clap cannot express across a global option and a subcommand's.

use std::path::{Path, PathBuf};

use super::{CiArgs, Cli, Command, DiffArgs, command};
use crate::render::OutputFormat;

impl CiArgs {
    /// `--markdown -`: stdout carries the Markdown report and nothing else.
    pub fn markdown_only(&self) -> bool {
        is_stdout(self.markdown.as_ref())
    }
}

impl DiffArgs {
    /// `--markdown -`: stdout carries the Markdown report and nothing else.
    pub fn markdown_only(&self) -> bool {
        is_stdout(self.markdown.as_ref())
    }
}

fn is_stdout(path: Option<&PathBuf>) -> bool {
    path.is_some_and(|p| p == Path::new("-"))
}

/// Two report paths that name one file: the same text, or the same place once the directory
/// is resolved (`./a.xml` and `a.xml`, a link to the same directory).
fn same_place(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    let resolve = |p: &Path| -> Option<PathBuf> {
        if let Ok(full) = std::fs::canonicalize(p) {
            return Some(full);
        }
        let dir = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        Some(std::fs::canonicalize(dir).ok()?.join(p.file_name()?))
    };
    a != Path::new("-") && b != Path::new("-") && resolve(a).is_some_and(|r| resolve(b) == Some(r))
}

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
                "-o csv is written by `sources`, `check` and `errors` (one row per source); this command \
                 has no CSV form",
            ));
        }
        // Anything on stdout but the table (which `--markdown -` replaces).
        let not_table = structured || g.wide || g.output.is_some_and(|o| o != OutputFormat::Table);
        let markdown_only = match &self.command {
            Command::Source(args) => args.ci.markdown_only().then_some("source"),
            Command::Check(args) => args.ci.markdown_only().then_some("check"),
            Command::Diff(args) => args.markdown_only().then_some("diff"),
            _ => None,
        };
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
            _ if markdown_only.is_some() && not_table => (
                markdown_only.unwrap_or_default(),
                clap::error::ErrorKind::ArgumentConflict,
                "--markdown - puts the Markdown report on standard output, and nothing else: it \
                 does not combine with --json, --yaml, --jq, --wide or --output (write the \
                 report to a file instead)"
                    .to_owned(),
            ),
            Command::Check(args)
                if args
                    .junit
                    .as_deref()
                    .zip(args.ci.markdown.as_deref())
                    .is_some_and(|(j, m)| same_place(j, m)) =>
            {
                (
                    "check",
                    clap::error::ErrorKind::ArgumentConflict,
                    format!(
                        "--junit and --markdown name one file ({}): each report needs its own path",
                        crate::sanitize::sanitize(
                            &args
                                .junit
                                .as_deref()
                                .unwrap_or(Path::new(""))
                                .display()
                                .to_string()
                        )
                    ),
                )
            }
            _ => return Ok(()),
        };
        let mut command = command();
        let sub = command.find_subcommand_mut(subcommand).expect("defined");
        Err(sub.error(kind, message))
    }
}
