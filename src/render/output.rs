//! Where a command's output goes: stdout through one buffer, in the chosen format.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Kind, Result};
use crate::render::{self, RenderError, ci, jq};
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
    let mut out = LineGuard {
        inner: BufWriter::with_capacity(64 * 1024, stdout.lock()),
        pending: Vec::new(),
    };
    match write(&mut out).and_then(|()| out.flush().map_err(RenderError::Io)) {
        Ok(()) => Ok(()),
        Err(RenderError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(RenderError::Io(e)) => Err(Error::new(
            Kind::Output,
            format!(
                "cannot write to standard output: {}",
                sanitize(&e.to_string())
            ),
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

/// Replaces a report file (`--junit`, `--markdown`) atomically: written whole to a temporary
/// file in the same directory, then renamed over the old one, so a reader never sees half a
/// report and a failed write leaves the old one whole. A report that cannot be written is
/// exit 7, naming it.
pub fn write_report(what: &str, path: &Path, contents: &[u8]) -> Result<()> {
    let fail = |e: io::Error| {
        Error::new(
            Kind::Output,
            format!(
                "cannot write the {what} '{}': {}",
                sanitize(&path.display().to_string()),
                sanitize(&e.to_string())
            ),
        )
    };
    if path == Path::new("-") {
        return to_stdout(|out| Ok(out.write_all(contents)?));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| {
        fail(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it names no file",
        ))
    })?;
    // Devices and pipes (/dev/null, /dev/stdout, $GITHUB_STEP_SUMMARY is a file) are written
    // in place: they cannot be renamed over.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(path, contents).map_err(fail);
    }
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(contents)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, path)) {
        let _ = std::fs::remove_file(&temp);
        return Err(fail(e));
    }
    Ok(())
}

/// Lines on stderr (through the CI guard); a closed stderr is ignored.
pub fn to_stderr(lines: &[String]) {
    let mut err = io::stderr().lock();
    for line in lines {
        let _ = writeln!(err, "{}", ci::guard(line));
    }
}

/// The tool's own GitHub Actions workflow commands, on stderr (stdout stays the data), the
/// one output that does not go through the guard.
pub fn annotations(lines: &[String]) {
    let mut err = io::stderr().lock();
    for line in lines {
        let _ = writeln!(err, "{line}");
    }
}

/// A writer that hands whole lines to [`ci::guard`] (a no-op outside GitHub Actions).
struct LineGuard<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> LineGuard<W> {
    fn pass(&mut self, line: &[u8]) -> io::Result<()> {
        match std::str::from_utf8(line) {
            Ok(text) => self.inner.write_all(ci::guard(text).as_bytes()),
            Err(_) => self.inner.write_all(line),
        }
    }
}

impl<W: Write> Write for LineGuard<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if let Some(end) = self.pending.iter().rposition(|b| *b == b'\n') {
            let whole: Vec<u8> = self.pending.drain(..=end).collect();
            for line in whole.split_inclusive(|b| *b == b'\n') {
                self.pass(line)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.pass(&rest)?;
        }
        self.inner.flush()
    }
}
