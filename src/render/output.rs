//! Where a command's output goes: stdout through one buffer, in the chosen format, and
//! stderr lines, all through the run's [`Streams`]; report files replaced atomically.

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::error::{Error, Kind, Result};
use crate::render::{self, RenderError, jq};
use crate::sanitize::sanitize;
use crate::streams::Streams;

/// What the command prints, from `-o`, `--json`, `--yaml` or `--jq` (compiled in settings, so
/// a bad filter is a usage error before any request is made).
pub enum Output {
    Table,
    Json,
    Yaml,
    Jq(jq::Filter),
    /// `-o csv`: rows for a spreadsheet (`sources`, `check`; `Cli::validate` refuses others).
    Csv,
}

impl Output {
    pub fn is_table(&self) -> bool {
        matches!(self, Output::Table)
    }

    /// Written from the command's JSON (`--json`, `--yaml`, `--jq`): a table and CSV are
    /// drawn from the data, and people read them (secrets are redacted there).
    pub fn writes_json(&self) -> bool {
        !matches!(self, Output::Table | Output::Csv)
    }
}

/// Writes the command's output through one buffer. A reader that went away
/// (`sms-inspect ... | head`) ends the output quietly; the caller still decides the exit code.
pub fn to_stdout(
    streams: &Streams,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), RenderError>,
) -> Result<()> {
    let mut out = BufWriter::with_capacity(64 * 1024, streams.out());
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
    streams: &Streams,
    json: &[u8],
    table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match output {
        Output::Table => to_stdout(streams, |out| Ok(table(out)?)),
        Output::Json => to_stdout(streams, |out| render::json::write(json, out)),
        Output::Yaml => to_stdout(streams, |out| render::yaml::write(json, out)),
        Output::Jq(filter) => {
            let results = jq::results(filter, json, streams.out_is_terminal)?;
            to_stdout(streams, |out| Ok(out.write_all(&results)?))
        }
        Output::Csv => Err(Error::usage(
            "internal: this command has no CSV form (Cli::validate lets -o csv through only for sources and check)",
        )),
    }
}

/// [`emit`] for a command that also has a CSV form (`-o csv`).
pub fn emit_with_csv(
    output: &Output,
    streams: &Streams,
    json: &[u8],
    csv: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match output {
        Output::Csv => to_stdout(streams, |out| Ok(csv(out)?)),
        other => emit(other, streams, json, table),
    }
}

/// Replaces a report file (`--junit`, `--markdown`) atomically: written whole to a temporary
/// file in the same directory, then renamed over the old one, so a reader never sees half a
/// report and a failed write leaves the old one whole. A report that cannot be written is
/// exit 7, naming it.
pub fn write_report(streams: &Streams, what: &str, path: &Path, contents: &[u8]) -> Result<()> {
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
        return to_stdout(streams, |out| Ok(out.write_all(contents)?));
    }
    // A report is for people and CI: no secret the server echoed, no workflow command.
    let text = String::from_utf8_lossy(contents);
    let text = match streams.redactor() {
        Some(r) => r.redact(&text),
        None => text,
    };
    replace_file(path, text.as_bytes()).map_err(fail)
}

/// Replaces a file atomically (a temporary file beside it, renamed over it). Devices and pipes
/// are written in place; a symbolic link is written through (its target is replaced, the
/// link stays).
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    // /dev/null, /dev/stdout and FIFOs cannot be renamed over.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(path, contents);
    }
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = if link {
        std::fs::canonicalize(path)?
    } else {
        path.to_path_buf()
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "it names no file"))?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(contents)?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&temp, &target)) {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    Ok(())
}

/// Lines on stderr (through the CI guard); a closed stderr is ignored.
pub fn to_stderr(streams: &Streams, lines: &[String]) {
    let mut err = streams.err();
    for line in lines {
        let _ = writeln!(err, "{line}");
    }
}

/// The tool's own GitHub Actions workflow commands, on stderr (stdout stays the data), the
/// one output that does not go through the guard.
pub fn annotations(streams: &Streams, lines: &[String]) {
    let mut err = streams.err_unguarded();
    for line in lines {
        let _ = match streams.redactor() {
            Some(r) => writeln!(err, "{}", render::ci::redact_command(line, r)),
            None => writeln!(err, "{line}"),
        };
    }
}
