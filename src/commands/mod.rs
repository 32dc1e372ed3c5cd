//! The commands: each turns settings into output and an exit code.

pub mod check;
pub mod source;
pub mod sources;
mod watch;

use std::io::{self, BufWriter, Write};

use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::error::{Error, Kind, Result};
use crate::jq;
use crate::render::{self, RenderError};
use crate::sanitize::sanitize;
use crate::settings::Output;

/// Runs the parsed command line; `Ok` carries the exit code (0, or 1 when the gate failed).
pub fn run(cli: Cli) -> Result<u8> {
    on_interrupt_exit_130();
    match &cli.command {
        Command::Source(args) => source::run(&cli.global, args),
        Command::Sources(args) => sources::run(&cli.global, args),
        Command::Check(args) => check::run(&cli.global, args),
        Command::Completions { shell } => {
            let mut out = io::stdout().lock();
            clap_complete::generate(*shell, &mut Cli::command(), "sms-inspect", &mut out);
            Ok(0)
        }
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
        std::process::exit(130);
    });
}

/// Writes the command's output through one buffer. A reader that went away
/// (`sms-inspect ... | head`) ends the output quietly; the caller still decides the exit code.
pub(crate) fn to_stdout(
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), RenderError>,
) -> Result<()> {
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    match write(&mut out).and_then(|()| out.flush().map_err(RenderError::Io)) {
        Ok(()) => Ok(()),
        Err(RenderError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(RenderError::Io(e)) => Err(Error::new(
            Kind::Usage,
            format!("cannot write the output: {}", sanitize(&e.to_string())),
        )),
        Err(RenderError::Body(m)) => Err(Error::response(format!(
            "the response could not be re-written: {}",
            sanitize(&m)
        ))),
    }
}

/// Prints data that has a JSON form: `table` for people; the JSON (`--json`), the same data
/// as YAML, or a jq filter's results for programs.
pub(crate) fn emit(
    output: &Output,
    json: &[u8],
    table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match output {
        Output::Table => to_stdout(|out| Ok(table(out)?)),
        Output::Json => to_stdout(|out| render::json::write(json, out)),
        Output::Yaml => to_stdout(|out| render::yaml::write(json, out)),
        Output::Jq(filter) => jq::to_stdout(filter, json),
    }
}

/// Lines on stderr; a closed stderr is ignored.
pub(crate) fn to_stderr(lines: &[String]) {
    let mut err = io::stderr().lock();
    for line in lines {
        let _ = writeln!(err, "{line}");
    }
}
