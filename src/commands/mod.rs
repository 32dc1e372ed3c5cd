//! The commands: each turns settings into output and an exit.

pub mod check;
pub mod completions;
pub mod diff;
pub mod source;
pub mod sources;
mod watch;

use std::io::{self, Write};

use crate::cli::{Cli, Command};
use crate::env::ProcessEnv;
use crate::error::{Exit, Kind, Result};
use crate::model::Listed;
use crate::render::output;
use crate::settings::Settings;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<Exit> {
    on_interrupt_exit_130();
    if let Command::Completions { shell } = &cli.command {
        let script = completions::script(*shell);
        output::to_stdout(|out| Ok(out.write_all(&script)?))?;
        return Ok(Exit::Ok);
    }
    let settings = Settings::resolve(&cli, &ProcessEnv)?;
    match &cli.command {
        Command::Source(args) => source::run(&settings, args),
        Command::Sources(args) => sources::run(&settings, args),
        Command::Check(args) => check::run(&settings, args),
        Command::Watch(args) => watch::wave(&settings, args),
        Command::Diff(args) => diff::run(&settings, args),
        Command::Completions { .. } => Ok(Exit::Ok),
    }
}

/// Ctrl-C ends any command with exit 130 (not death by signal). The handler runs on its own
/// thread and touches only stderr: stdout may be blocked (`watch ... | sleep 40`) or hold
/// JSON Lines that must stay whole. When stdout is a terminal, a newline first ends an open
/// progress line (stderr is that terminal too, as a rule).
fn on_interrupt_exit_130() {
    let _ = ctrlc::set_handler(|| {
        use std::io::IsTerminal;
        let mut err = io::stderr();
        if io::stdout().is_terminal() {
            let _ = err.write_all(b"\n");
        }
        let _ = writeln!(err, "interrupted");
        std::process::exit(i32::from(Exit::Error(Kind::Interrupted).code()));
    });
}

/// SMS's documented limits, said once when a wave is past them (nothing fails for it).
pub(crate) fn scale_notes(listed: &[Listed]) {
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
    output::to_stderr(&notes);
}
