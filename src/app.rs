//! The commands: each turns settings into output and an exit code.

use std::fs;
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;

use clap::CommandFactory;

use crate::cli::{Cli, Command, GateArgs, OutputFormat, SourceArgs};
use crate::error::{Error, Kind, Result};
use crate::gate;
use crate::model::{self, Source};
use crate::render::{self, RenderError, Style};
use crate::sanitize::sanitize;
use crate::settings;

/// Runs the parsed command line; `Ok` carries the exit code (0, or 1 when the gate failed).
pub fn run(cli: Cli) -> Result<u8> {
    match cli.command {
        Command::Source(args) => source(&cli.global, &args),
        Command::Completions { shell } => {
            let mut out = io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "sms-inspect", &mut out);
            Ok(0)
        }
    }
}

fn source(global: &crate::cli::GlobalArgs, args: &SourceArgs) -> Result<u8> {
    let format = settings::output_format(global);
    let style = settings::style(global, args.bytes);
    let (body, origin) = match (&args.file, &args.id) {
        (Some(path), _) => (read_file(path)?, describe_path(path)),
        (None, Some(id)) => {
            let id = source_id(id)?;
            let client = settings::client(global, &settings::ProcessEnv)?;
            let what = format!("source '{id}'");
            let body = client.get(&format!("/v3/sources/{id}"), &[], &what)?;
            let origin = format!("{what} from {}", sanitize(client.endpoint().host()));
            (body, origin)
        }
        (None, None) => return Err(Error::usage("give a source ID or --file PATH")),
    };
    show_source(&body, &origin, format, &style, args.gate)
}

/// Renders one source-server body and applies the gate. `origin` names where it came from.
pub fn show_source(
    body: &[u8],
    origin: &str,
    format: OutputFormat,
    style: &Style,
    gate_args: GateArgs,
) -> Result<u8> {
    let source = model::parse_source(body).map_err(|e| {
        Error::response(format!(
            "the body from {origin} is not a source server: {e}"
        ))
    })?;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let written = render_source(body, &source, format, style, &mut out)
        .and_then(|()| out.flush().map_err(RenderError::Io));
    match written {
        Ok(()) => {}
        // `sms-inspect ... | head`: the reader is gone; stop writing, quietly, but still gate.
        Err(RenderError::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(RenderError::Io(e)) => {
            return Err(Error::new(
                Kind::Usage,
                format!("cannot write the output: {e}"),
            ));
        }
        Err(RenderError::Body(m)) => {
            return Err(Error::response(format!(
                "the body from {origin} could not be re-written: {}",
                sanitize(&m)
            )));
        }
    }
    drop(out);
    let verdict = gate::judge(&source, gate_args);
    if verdict.passed() {
        return Ok(0);
    }
    let mut err = io::stderr().lock();
    let _ = writeln!(
        err,
        "gate failed (--fail-on {}): {} {}",
        fail_on_name(gate_args),
        verdict.failures.len(),
        if verdict.failures.len() == 1 {
            "problem"
        } else {
            "problems"
        }
    );
    for line in &verdict.failures {
        let _ = writeln!(err, "  - {line}");
    }
    Ok(1)
}

fn fail_on_name(args: GateArgs) -> &'static str {
    match args.fail_on {
        crate::cli::FailOn::Error => "error",
        crate::cli::FailOn::Warn => "warn",
        crate::cli::FailOn::Never => "never",
    }
}

fn render_source(
    body: &[u8],
    source: &Source,
    format: OutputFormat,
    style: &Style,
    out: &mut dyn Write,
) -> std::result::Result<(), RenderError> {
    match format {
        OutputFormat::Table => Ok(render::table::write_source(source, style, out)?),
        OutputFormat::Json => render::json::write(body, out),
        OutputFormat::Yaml => render::yaml::write(body, out),
    }
}

fn describe_path(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        format!("'{}'", sanitize(&path.display().to_string()))
    }
}

/// Reads `--file` (`-`: standard input). Unreadable is a usage error (exit 2).
fn read_file(path: &Path) -> Result<Vec<u8>> {
    let result = if path == Path::new("-") {
        let mut buf = Vec::new();
        io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
    } else {
        fs::read(path)
    };
    result.map_err(|e| {
        Error::usage(format!(
            "cannot read {}: {}",
            describe_path(path),
            sanitize(&e.to_string())
        ))
    })
}

/// A source ID becomes one path segment only when it is letters, digits, `-` and `_`.
pub fn source_id(id: &str) -> Result<&str> {
    let valid = !id.is_empty()
        && id.len() <= 255
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(id)
    } else {
        Err(Error::usage(format!(
            "'{}' is not an SMS source ID: an ID is made of letters, digits, '-' and '_' \
             (e.g. 6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60)",
            crate::sanitize::sanitize_short(id, 100)
        )))
    }
}
