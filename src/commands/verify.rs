//! `verify`: the post-cutover gate. Each source (through its current task) or task asked
//! for, its consistency result (GET /v3/tasks/{id}/consistency-result), judged directory by
//! directory: exit 0 when no directory has more different, missing or extra files than
//! `--max-different`, 1 otherwise or when a task has no result yet (unless
//! `--allow-no-result`).

use crate::api::sources::{self, Reference};
use crate::api::{Client, consistency};
use crate::cli::VerifyArgs;
use crate::error::{Error, Exit, Result};
use crate::model::{self, Scalar};
use crate::parallel;
use crate::render::verify::{Rules, Verified};
use crate::render::{self, output};
use crate::sanitize::sanitize_short;
use crate::settings::Settings;

enum Target<'a> {
    Source(Reference<'a>),
    Task(&'a str),
}

pub fn run(settings: &Settings, args: &VerifyArgs) -> super::Result<Exit> {
    // A task ID given is checked before any request (exit 2); one the API sent, when asked.
    if let Some(bad) = args.task.iter().find(|t| !consistency::is_task_id(t)) {
        return Err(Error::usage(format!(
            "'{}' is not an SMS task ID (letters, digits, '-', '_')",
            sanitize_short(bad, 100)
        ))
        .into());
    }
    let mut targets = args
        .sources
        .iter()
        .map(|s| sources::reference(s).map(Target::Source))
        .collect::<Result<Vec<_>>>()?;
    targets.extend(args.task.iter().map(|t| Target::Task(t.as_str())));
    let client = settings.client()?;
    let verified = parallel::map(&targets, usize::from(args.jobs), |t| verify(client, t))
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
    let rules = Rules {
        max_different: args.max_different,
        allow_no_result: args.allow_no_result,
    };
    let json = if settings.output.writes_json() {
        render::verify::json(&verified, rules)
    } else {
        Vec::new()
    };
    let shown = output::emit(&settings.output, &settings.streams, &json, |out| {
        render::verify::write_table(&verified, rules, &settings.style, out)
    });
    settings.say(&render::verify::report(&verified, rules));
    if settings.annotate {
        output::annotations(
            &settings.streams,
            &render::verify::annotations(&verified, rules),
        );
    }
    if let Some(path) = &args.ci.markdown {
        let md = render::verify::markdown(&verified, rules);
        output::write_report(&settings.streams, "Markdown report", path, md.as_bytes())?;
    }
    if let Some(path) = &args.junit {
        let xml = render::verify::junit(&verified, rules);
        output::write_report(&settings.streams, "JUnit report", path, xml.as_bytes())?;
    }
    shown?;
    Ok(Exit::gate(verified.iter().all(|v| v.passes(rules))))
}

fn verify(client: &Client, target: &Target) -> Result<Verified> {
    let (source, task_id) = match target {
        Target::Task(id) => (None, Some((*id).to_owned())),
        Target::Source(reference) => {
            let source = match reference {
                Reference::Id(id) => {
                    let body = sources::get(client, id)?;
                    let source = model::parse_source(&body).map_err(|e| {
                        Error::response(format!(
                            "the body for source '{}' is not a source server: {e}",
                            sanitize_short(id, 100)
                        ))
                    })?;
                    sources::check_answer(id, &source.id)?;
                    source
                }
                Reference::Name(name) => sources::find_by_name(client, name, 1)?.source,
            };
            let task = source
                .current_task
                .as_ref()
                .and_then(|t| t.id.as_ref())
                .map(Scalar::to_string);
            let text = |f: &model::Field| {
                f.as_ref()
                    .map(|v| sanitize_short(&v.to_string(), 200))
                    .unwrap_or_default()
            };
            (Some((text(&source.id), text(&source.name))), task)
        }
    };
    let result = match &task_id {
        None => None,
        Some(id) => consistency::get(client, id)?
            .map(|c| c.dirs)
            .filter(|d| !d.is_empty()),
    };
    Ok(Verified {
        source,
        task_id: task_id.map(|t| sanitize_short(&t, 200)),
        dirs: result,
    })
}
