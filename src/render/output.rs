//! Where a command's output goes: stdout through one buffer, in the chosen format.

use std::io::{self, BufWriter, Write};

use crate::error::{Error, Kind, Result};
use crate::render::{self, RenderError, jq};
use crate::sanitize::sanitize;

/// What the command prints, from `-o`, `--json`, `--yaml` or `--jq` (compiled in settings, so
/// a bad filter is a usage error before any request is made).
pub enum Output {
    Table,
    Json,
    Yaml,
    Jq(jq::Filter),
}

impl Output {
    pub fn is_table(&self) -> bool {
        matches!(self, Output::Table)
    }
}

/// Writes the command's output through one buffer. A reader that went away
/// (`sms-inspect ... | head`) ends the output quietly; the caller still decides the exit code.
pub fn to_stdout(
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
/// as YAML, or a jq filter's results for programs. `terminal`: stdout is a terminal.
pub fn emit(
    output: &Output,
    terminal: bool,
    json: &[u8],
    table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match output {
        Output::Table => to_stdout(|out| Ok(table(out)?)),
        Output::Json => to_stdout(|out| render::json::write(json, out)),
        Output::Yaml => to_stdout(|out| render::yaml::write(json, out)),
        Output::Jq(filter) => jq::to_stdout(filter, json, terminal),
    }
}

/// Lines on stderr; a closed stderr is ignored.
pub fn to_stderr(lines: &[String]) {
    let mut err = io::stderr().lock();
    for line in lines {
        let _ = writeln!(err, "{line}");
    }
}
