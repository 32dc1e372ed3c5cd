//! The commands: each turns settings into output and an exit.

pub mod check;
pub mod completions;
pub mod diff;
pub mod errors;
pub mod explain;
pub mod source;
pub mod sources;
pub mod verify;
mod watch;

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use crate::cli::{self, Cli, Command};
use crate::env::Env;
use crate::error::{Error, Exit, Kind};
use crate::model::Listed;
use crate::render::{self, output};
use crate::settings::Settings;
use crate::streams::Streams;

/// A command's result: typed errors below, context added here (`anyhow`); the exit code is
/// that of the typed [`Error`] found in the chain.
pub type Result<T> = anyhow::Result<T>;

/// The whole program, from a command line to an exit: what `main` runs with the process's
/// streams, and what the in-process tests run with buffers. `interrupt`: install the Ctrl-C
/// handler (once per process; the binary does, tests do not).
pub fn main(args: Vec<OsString>, env: &dyn Env, streams: Streams, interrupt: bool) -> Exit {
    let streams = Arc::new(streams);
    // Under GitHub Actions even a usage error's echo of an argument passes the guard.
    streams.set_guarded(env.var("GITHUB_ACTIONS").as_deref() == Some("true"));
    let cli = match cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are clap "errors" for stdout, exit 0.
            let coloured =
                streams.err_is_terminal && env.var("NO_COLOR").is_none_or(|v| v.is_empty());
            let rendered = e.render();
            let text = if coloured {
                rendered.ansi().to_string()
            } else {
                rendered.to_string()
            };
            if e.use_stderr() {
                let _ = write!(streams.err(), "{text}");
                return Exit::Error(Kind::Usage);
            }
            let _ = write!(streams.out(), "{text}");
            return Exit::Ok;
        }
    };
    if interrupt {
        on_interrupt_exit_130(reports(&cli));
    }
    match run(&cli, env, &streams) {
        Ok(exit) => exit,
        Err(err) => {
            let exit = exit_of(&err);
            // A run that fails still replaces its reports, with the error, so that an earlier
            // run's report is never left looking current.
            for (path, what) in reports(&cli) {
                let contents = failed_report(what, &err, exit);
                if let Err(e) = output::write_report(&streams, what, &path, contents.as_bytes()) {
                    let _ = writeln!(streams.err(), "error: {e}");
                }
            }
            // A closed stderr must not turn a clean error into a panic.
            let _ = writeln!(streams.err(), "error: {err:#}");
            exit
        }
    }
}

/// The exit of a failed run: the code of the typed error in the chain. Every error the tool
/// makes is one; anything else would be a bug, reported as a usage error (exit 2).
pub fn exit_of(err: &anyhow::Error) -> Exit {
    err.chain()
        .find_map(|e| e.downcast_ref::<Error>())
        .map_or(Exit::Error(Kind::Usage), |e| Exit::Error(e.kind))
}

/// Runs a parsed command line.
fn run(cli: &Cli, env: &dyn Env, streams: &Arc<Streams>) -> Result<Exit> {
    if let Command::Completions { shell } = &cli.command {
        let script = completions::script(*shell);
        output::to_stdout(streams, |out| Ok(out.write_all(&script)?))?;
        return Ok(Exit::Ok);
    }
    let settings = Settings::resolve(cli, env, Arc::clone(streams))?;
    match &cli.command {
        Command::Source(args) => source::run(&settings, args),
        Command::Sources(args) => sources::run(&settings, args),
        Command::Check(args) => check::run(&settings, args),
        Command::Watch(args) => watch::wave(&settings, args),
        Command::Diff(args) => diff::run(&settings, args),
        Command::Explain(args) => explain::run(&settings, args),
        Command::Errors(args) => errors::run(&settings, args),
        Command::Verify(args) => verify::run(&settings, args),
        Command::Completions { .. } => Ok(Exit::Ok),
    }
}

/// The report files a command writes (`--junit`, `--markdown`), other than stdout.
fn reports(cli: &Cli) -> Vec<(PathBuf, &'static str)> {
    let (junit, markdown) = match &cli.command {
        Command::Check(args) => (args.junit.as_ref(), args.ci.markdown.as_ref()),
        Command::Source(args) => (None, args.ci.markdown.as_ref()),
        Command::Diff(args) => (None, args.markdown.as_ref()),
        Command::Errors(args) => (None, args.markdown.as_ref()),
        Command::Verify(args) => (args.junit.as_ref(), args.ci.markdown.as_ref()),
        Command::Sources(_)
        | Command::Watch(_)
        | Command::Explain(_)
        | Command::Completions { .. } => (None, None),
    };
    [(junit, JUNIT), (markdown, MARKDOWN)]
        .into_iter()
        .filter_map(|(path, what)| path.map(|p| (p.clone(), what)))
        .filter(|(p, _)| p != std::path::Path::new("-"))
        .collect()
}

const JUNIT: &str = "JUnit report";
const MARKDOWN: &str = "Markdown report";

/// A report that says the run failed, and why.
fn failed_report(what: &str, err: &impl std::fmt::Display, exit: Exit) -> String {
    let message = crate::sanitize::sanitize(&format!("{err:#}")).into_owned();
    if what == JUNIT {
        render::junit::failed_run(&message, exit.code())
    } else {
        render::ci::markdown_failed(&message, exit.code())
    }
}

/// Ctrl-C ends any command with exit 130 (not death by signal), after replacing its reports
/// with ones that say it was interrupted. The handler runs on its own thread, where exiting
/// is safe; it never waits on stdout (a reader that stopped reading must not keep it): it
/// writes to stderr only, starting with a newline when stderr is a terminal, so an open
/// progress line is ended.
fn on_interrupt_exit_130(reports: Vec<(PathBuf, &'static str)>) {
    let _ = ctrlc::set_handler(move || {
        let exit = Exit::Error(Kind::Interrupted);
        for (path, what) in &reports {
            let contents = failed_report(what, &"interrupted (Ctrl-C)", exit);
            let _ = output::replace_file(path, contents.as_bytes());
        }
        // When stdout is a terminal, a newline first ends an open progress line (stderr is
        // that terminal too, as a rule); asking does not take stdout's lock.
        let mut err = std::io::stderr();
        if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
            let _ = err.write_all(b"\n");
        }
        let _ = err.write_all(b"interrupted\n");
        std::process::exit(i32::from(exit.code()));
    });
}

/// SMS's documented limits, said once when a wave is past them (nothing fails for it).
pub(crate) fn scale_notes(settings: &Settings, listed: &[Listed]) {
    let migrating = listed
        .iter()
        .filter(|l| l.source.current_task.is_some() && l.source.final_state().is_none())
        .count();
    let mut notes = Vec::new();
    if migrating > 100 {
        notes.push(format!(
            "note: {migrating} sources are migrating at once; SMS documents at most 100 concurrent migrations"
        ));
    }
    if listed.len() > 1000 {
        notes.push(format!(
            "note: the account holds {} sources; SMS documents at most 1,000 per account",
            listed.len()
        ));
    }
    settings.say(&notes);
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn every_kind_keeps_its_exit_code_through_context() {
        for exit in Exit::ALL {
            let Exit::Error(kind) = exit else { continue };
            let typed: std::result::Result<(), Error> = Err(Error::new(kind, "inner"));
            let err = typed
                .context("reading --file saved/a.json")
                .context("check")
                .unwrap_err();
            assert_eq!(exit_of(&err), exit, "{kind:?}");
            assert_eq!(
                format!("{err:#}"),
                "check: reading --file saved/a.json: inner"
            );
        }
    }
}
