//! `source`: one source server, from the API or a saved body.

use std::fs;
use std::io::{self, Read};
use std::path::Path;

use super::watch;
use crate::api::sources::{self, Reference};
use crate::api::tasks;
use crate::cli::DEFAULT_JOBS;
use crate::cli::{CiArgs, SourceArgs};
use crate::error::{Error, Exit, Result};
use crate::gate;
use crate::model::task::MigrationTask;
use crate::model::{self, Skip, Source};
use crate::render::{self, output};
use crate::sanitize::{sanitize, sanitize_short};
use crate::settings::Settings;

pub fn run(settings: &Settings, args: &SourceArgs) -> super::Result<Exit> {
    let (body, origin) = match (&args.file, &args.id) {
        // A table of a regular file needs only the typed view: read it twice (streamed)
        // rather than hold it. Pipes, FIFOs and /dev/stdin can be read once: held whole.
        (Some(path), _)
            if settings.output.is_table()
                && path != Path::new("-")
                && fs::metadata(path).is_ok_and(|m| m.is_file()) =>
        {
            // Unreadable (a directory, no permission) is a usage error, found before parsing.
            std::fs::File::open(path)
                .and_then(|mut f| f.read(&mut [0u8; 1]))
                .map_err(|e| unreadable(path, &e))?;
            let source =
                model::parse_source_file(path).map_err(not_a_source(&describe_path(path)))?;
            return Ok(show_table(&source, settings, &args.ci, None)?);
        }
        (Some(path), _) => (read_file(path)?, describe_path(path)),
        (None, Some(value)) => {
            let reference = sources::reference(value)?;
            let client = settings.client()?;
            let id = match reference {
                Reference::Id(id) => id.to_owned(),
                Reference::Name(name) => {
                    let found = sources::find_by_name(client, name, DEFAULT_JOBS)?;
                    sources::listed_id(&found)?
                }
            };
            if args.watch {
                return Ok(watch::source(client, &id, args, settings)?);
            }
            let body = sources::get(client, &id)?;
            sources::check_answer_body(&id, &body)?;
            let origin = format!(
                "source '{}' from {}",
                sanitize(&id),
                sanitize(client.endpoint().host())
            );
            // The task behind it: for the report's task section, or `--with-task`.
            let task = if settings.output.is_table() || args.with_task {
                fetch_task(client, &body, settings)
            } else {
                None
            };
            let shown = Shown {
                task: task.as_ref(),
                with_task: args.with_task,
            };
            return Ok(show(body, &origin, settings, &args.ci, shown)?);
        }
        (None, None) => return Err(Error::usage("give a source ID or --file PATH").into()),
    };
    Ok(show_source(body, &origin, settings, &args.ci)?)
}

/// The migration task behind a source body (its `current_task.id`), fetched: one request,
/// only when it has one. A 404 or any failure leaves the report as it is, with one note.
fn fetch_task(
    client: &crate::api::Client,
    body: &[u8],
    settings: &Settings,
) -> Option<(Vec<u8>, MigrationTask)> {
    #[derive(serde::Deserialize)]
    struct Current {
        id: model::Field,
    }
    #[derive(serde::Deserialize)]
    struct Body {
        current_task: Option<Current>,
    }
    let id = serde_json::from_slice::<Body>(body)
        .ok()?
        .current_task?
        .id?
        .to_string();
    match tasks::get_raw(client, &id) {
        Ok(task) => Some(task),
        Err(e) if tasks::is_not_found(&e) => {
            settings.say(&[format!(
                "note: the migration task '{}' was not found (GET /v3/tasks/{{id}} answered \
                 HTTP 404); what the source body says of it is shown",
                sanitize_short(&id, 100)
            )]);
            None
        }
        Err(e) => {
            settings.say(&[format!(
                "note: the migration task '{}' could not be read ({e}); what the source body \
                 says of it is shown",
                sanitize_short(&id, 100)
            )]);
            None
        }
    }
}

/// What `source` adds to the body: the task fetched, and whether the JSON carries it.
#[derive(Clone, Copy, Default)]
struct Shown<'a> {
    task: Option<&'a (Vec<u8>, MigrationTask)>,
    with_task: bool,
}

/// Renders one source-server body and applies the gate. `origin` names where it came from.
/// Tables need the whole typed view and not the body, which is let go before rendering; the
/// other outputs need the body and, for the gate, only the checks.
pub fn show_source(body: Vec<u8>, origin: &str, settings: &Settings, ci: &CiArgs) -> Result<Exit> {
    show(body, origin, settings, ci, Shown::default())
}

fn show(
    body: Vec<u8>,
    origin: &str,
    settings: &Settings,
    ci: &CiArgs,
    shown: Shown,
) -> Result<Exit> {
    if settings.output.is_table() {
        let source: Source = model::parse_source(&body).map_err(not_a_source(origin))?;
        drop(body);
        return show_table(&source, settings, ci, shown.task.map(|(_, t)| t));
    }
    // `--with-task`: `{"source": BODY, "task": TASK}` (null when there is none), both as sent.
    let with_task = shown.with_task.then(|| {
        model::parse_source::<Skip>(&body).map_err(not_a_source(origin))?;
        let task: &[u8] = shown.task.map_or(b"null", |(raw, _)| raw.as_slice());
        let mut out = Vec::with_capacity(body.len() + task.len() + 20);
        out.extend_from_slice(b"{\"source\":");
        out.extend_from_slice(&body);
        out.extend_from_slice(b",\"task\":");
        out.extend_from_slice(task);
        out.push(b'}');
        Ok::<_, Error>(out)
    });
    let with_task = with_task.transpose()?;
    let emitted: &[u8] = with_task.as_deref().unwrap_or(&body);
    // The JSON needs the body; the gate, the checks (and, for hints and the CI outputs, the
    // whole view).
    if settings.gate.fail_on_hints || settings.annotate || ci.markdown.is_some() {
        let source: Source = model::parse_source(&body).map_err(not_a_source(origin))?;
        let (verdict, hints) = gate::judge_with_hints(&source, settings.gate);
        output::emit(&settings.output, &settings.streams, emitted, |_| Ok(()))?;
        drop(body);
        return finish(source, verdict, hints, settings, ci);
    }
    let source: Source<Skip> = model::parse_source(&body).map_err(not_a_source(origin))?;
    let verdict = gate::judge(&source, settings.gate);
    output::emit(&settings.output, &settings.streams, emitted, |_| Ok(()))?;
    Ok(report_gate(&verdict, settings))
}

/// The report of one source (its verdict and hints first), then the gate.
fn show_table(
    source: &Source,
    settings: &Settings,
    ci: &CiArgs,
    task: Option<&MigrationTask>,
) -> Result<Exit> {
    let (verdict, hints) = gate::judge_with_hints(source, settings.gate);
    // With `--markdown -` the Markdown is the whole of stdout.
    if !ci.markdown_only() {
        render::pager::to_stdout(&settings.streams, settings.pager.as_deref(), |out| {
            Ok(render::source::write_source_with_task(
                source,
                &verdict,
                &hints,
                settings.gate,
                task,
                &settings.style,
                out,
            )?)
        })?;
    }
    if settings.annotate || ci.markdown.is_some() {
        return finish(source.clone(), verdict, hints, settings, ci);
    }
    Ok(report_gate(&verdict, settings))
}

/// The gate, then what CI reads: annotations, and the Markdown report.
fn finish(
    source: Source,
    verdict: gate::Verdict,
    hints: Vec<crate::hints::Hint>,
    settings: &Settings,
    ci: &CiArgs,
) -> Result<Exit> {
    let exit = report_gate(&verdict, settings);
    let counts = gate::Counts::of(gate::checks(&source));
    let label = source
        .id
        .as_ref()
        .map(|i| i.to_string())
        .unwrap_or_default();
    let readiness = gate::Readiness::of(Some(&source), Some(&hints), settings.gate);
    let outcome = [gate::Outcome {
        label,
        source: Some(source),
        verdict,
        counts,
        hints: Some(hints),
        readiness,
        task_error: None,
    }];
    if settings.annotate {
        output::annotations(
            &settings.streams,
            &render::ci::annotations(&outcome, settings.gate),
        );
    }
    if let Some(path) = &ci.markdown {
        let md = render::ci::markdown(&outcome, settings.gate);
        output::write_report(&settings.streams, "Markdown report", path, md.as_bytes())?;
    }
    Ok(exit)
}

fn not_a_source(origin: &str) -> impl Fn(model::ShapeError) -> Error + '_ {
    move |e| {
        Error::response(format!(
            "the body from {origin} is not a source server: {e}"
        ))
    }
}

/// When `source` gates (`--fail-on`): each failing check on stderr, and the gate's exit.
/// Otherwise it only shows, and exits 0.
fn report_gate(verdict: &gate::Verdict, settings: &Settings) -> Exit {
    if !settings.gating {
        return Exit::Ok;
    }
    settings.say(&render::verdict::source_report(verdict, settings.gate));
    Exit::gate(verdict.passed())
}

pub(super) fn describe_path(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_owned()
    } else {
        format!("'{}'", sanitize(&path.display().to_string()))
    }
}

/// The most a saved body read whole (a pipe, standard input, `--json`, `check --file`,
/// `diff`) may hold; a regular file shown as a table is streamed and has no limit.
pub const FILE_LIMIT: u64 = 256 * 1024 * 1024;

/// Reads `--file` (`-`: standard input). Unreadable, or over [`FILE_LIMIT`], is a usage error
/// (exit 2).
pub(super) fn read_file(path: &Path) -> Result<Vec<u8>> {
    read_capped(path, FILE_LIMIT)
}

/// Reads a saved body whole, at most `limit` bytes, and stops at the first read when it
/// cannot be JSON (its first byte that is not white space starts no JSON value): `/dev/zero`
/// or `yes |` fail at once (exit 6), never after filling memory.
pub(super) fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let shown = describe_path(path);
    let mut reader: Box<dyn Read> = if path == Path::new("-") {
        Box::new(io::stdin().lock())
    } else {
        Box::new(fs::File::open(path).map_err(|e| unreadable(path, &e))?)
    };
    let mut body = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut started = false;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(body),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(unreadable(path, &e)),
        };
        if !started && let Some(&first) = chunk[..n].iter().find(|b| !b.is_ascii_whitespace()) {
            if !matches!(
                first,
                b'{' | b'[' | b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n'
            ) {
                let byte = if first.is_ascii_graphic() {
                    format!("'{}'", first as char)
                } else {
                    format!("the byte 0x{first:02x}")
                };
                return Err(Error::response(format!(
                    "{shown} is not JSON: it starts with {byte}"
                )));
            }
            started = true;
        }
        if body.len() as u64 + n as u64 > limit {
            return Err(Error::usage(format!(
                "{shown} is larger than {} MiB, the most that is read whole",
                limit / 1024 / 1024
            )));
        }
        body.extend_from_slice(&chunk[..n]);
    }
}

/// An unreadable `--file` is a usage error (exit 2).
fn unreadable(path: &Path, e: &io::Error) -> Error {
    Error::usage(format!(
        "cannot read {}: {}",
        describe_path(path),
        sanitize(&e.to_string())
    ))
}
