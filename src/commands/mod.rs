//! The commands: each turns settings into output and an exit.

pub mod check;
pub mod completions;
pub mod diff;
pub mod explain;
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
        Command::Explain(args) => explain::run(&settings, args),
        Command::Completions { .. } => Ok(Exit::Ok),
    }
}

/// Ctrl-C ends any command with exit 130 (not death by signal), after putting the cursor on
/// a fresh line if a progress line is open. The handler runs on its own thread, where exiting
/// is safe; nothing here holds state that needs unwinding.
fn on_interrupt_exit_130() {
    let _ = ctrlc::set_handler(|| {
        if watch::LINE_OPEN.load(std::sync::atomic::Ordering::Relaxed) {
            let mut out = io::stdout().lock();
            let _ = out.write_all(b"\n");
            let _ = out.flush();
        }
        let _ = writeln!(io::stderr(), "interrupted");
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
