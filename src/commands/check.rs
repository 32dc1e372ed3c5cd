//! `check`: the pre-migration gate for a whole wave. The list endpoint's own checks are used
//! where it carries them; details are fetched in parallel only where it does not.

use std::collections::HashSet;

use crate::api::Client;
use crate::api::sources::{self, Reference};
use crate::api::tasks;
use crate::cli::CheckArgs;
use crate::error::{Error, Exit, Result};
use crate::gate::{self, Counts, Outcome, Policy};
use crate::model::task::{TaskError, TaskIndex};
use crate::model::{self, Listed, Scalar, Source};
use crate::parallel;
use crate::render::{self, output};
use crate::sanitize::sanitize_short;
use crate::settings::Settings;

enum Target<'a> {
    Listed(Box<Listed>),
    Asked(Reference<'a>),
}

pub fn run(settings: &Settings, args: &CheckArgs) -> super::Result<Exit> {
    let outcomes = check_all(settings, args)?;
    let json = if settings.output.writes_json() {
        render::fleet::check_json(&outcomes, settings.style.now_ms)
    } else {
        Vec::new()
    };
    // With `--markdown -` the Markdown is the whole of stdout.
    let shown = if args.ci.markdown_only() {
        Ok(())
    } else {
        output::emit_with_csv(
            &settings.output,
            &settings.streams,
            &json,
            |out| render::csv::write_check(&outcomes, out),
            |out| render::fleet::write_check(&outcomes, &settings.style, out),
        )
    };
    let exit = gate::fleet_exit(&outcomes, settings.gate);
    settings.say(&render::verdict::unknown_results_note(
        outcomes.iter().map(|o| &o.verdict),
    ));
    settings.say(&render::verdict::fleet_report(&outcomes, settings.gate));
    settings.say(
        &outcomes
            .iter()
            .filter_map(|o| {
                let e = o.task_error.as_ref()?;
                Some(format!(
                    "note: {}: {}",
                    render::verdict::who(o),
                    render::errors::task_reason(e)
                ))
            })
            .collect::<Vec<_>>(),
    );
    if settings.annotate {
        output::annotations(
            &settings.streams,
            &render::ci::annotations(&outcomes, settings.gate),
        );
    }
    if let Some(path) = &args.ci.markdown {
        let md = render::ci::markdown(&outcomes, settings.gate);
        output::write_report(&settings.streams, "Markdown report", path, md.as_bytes())?;
    }
    // The report last: a report that cannot be written is exit 7, after the table and
    // the failing checks have been shown.
    if let Some(path) = &args.junit {
        let xml = match &shown {
            Ok(()) => render::junit::report(&outcomes, settings.gate),
            Err(e) => render::junit::failed_run(&e.to_string(), e.exit_code()),
        };
        output::write_report(&settings.streams, "JUnit report", path, xml.as_bytes())?;
    }
    shown?;
    Ok(exit)
}

/// The targets, each evaluated: the IDs and names asked for, and the sources listed; or the
/// saved snapshots of `--file`.
fn check_all(settings: &Settings, args: &CheckArgs) -> Result<Vec<Outcome>> {
    if !args.file.is_empty() {
        return snapshots(settings, args);
    }
    let hints = args.hints || settings.gate.fail_on_hints;
    let references = args
        .sources
        .iter()
        .map(|s| sources::reference(s))
        .collect::<Result<Vec<_>>>()?;
    let client = settings.client()?;
    let jobs = usize::from(args.jobs);

    let mut targets: Vec<Target> = references.into_iter().map(Target::Asked).collect();
    if args.all || !args.filters.is_empty() {
        let listed = sources::list(client, &args.filters.query(), None, jobs)?;
        super::scale_notes(settings, &listed);
        targets.extend(listed.into_iter().map(|l| Target::Listed(Box::new(l))));
    }
    let outcomes = parallel::map(&targets, jobs, |t| {
        evaluate(client, t, settings.gate, hints)
    });
    let mut outcomes = once_each(outcomes);
    task_errors(settings, client, jobs, &mut outcomes);
    Ok(outcomes)
}

/// Each source's last task failure, from the task list (one request per 200 tasks, joined by
/// `source_server.id`), never one request per source. It informs: a list that cannot be read
/// leaves the rest as it is, with one note.
fn task_errors(settings: &Settings, client: &Client, jobs: usize, outcomes: &mut [Outcome]) {
    if outcomes.iter().all(|o| o.source.is_none()) {
        return;
    }
    let tasks = match tasks::list(client, jobs) {
        Ok(Some(tasks)) => tasks,
        Ok(None) => {
            settings.say(&[
                "note: this SMS endpoint has no task list (GET /v3/tasks answered HTTP 404), so \
                 the sources' task failures are not shown"
                    .to_owned(),
            ]);
            return;
        }
        Err(e) => {
            settings.say(&[format!(
                "note: the task list could not be read, so the sources' task failures are not \
                 shown: {e}"
            )]);
            return;
        }
    };
    let index = TaskIndex::new(&tasks);
    for o in outcomes.iter_mut() {
        let Some(source) = &o.source else { continue };
        let Some(id) = source.id.as_ref().map(Scalar::to_string) else {
            continue;
        };
        let current = source
            .current_task
            .as_ref()
            .and_then(|t| t.id.as_ref())
            .map(Scalar::to_string);
        if let Some(task) = index.of(&id, current.as_deref())
            && task.failed()
        {
            o.task_error = Some(task.error().unwrap_or_else(|| TaskError {
                code: None,
                message: format!(
                    "the migration task ended {}",
                    sanitize_short(&task.state_word(), 40)
                ),
            }));
        }
    }
}

/// Each source once, by ID (a name and an ID may name the same one).
fn once_each(mut outcomes: Vec<Outcome>) -> Vec<Outcome> {
    let mut seen = HashSet::new();
    outcomes.retain(|o| match o.source.as_ref().and_then(|s| s.id.as_ref()) {
        Some(id) => seen.insert(id.to_string()),
        None => true,
    });
    outcomes
}

/// `check --file`: saved `source --json` bodies and `sources --json` arrays, offline.
fn snapshots(settings: &Settings, args: &CheckArgs) -> Result<Vec<Outcome>> {
    let policy = settings.gate;
    let mut sources: Vec<(String, Source)> = Vec::new();
    for path in &args.file {
        let shown = super::source::describe_path(path);
        let body = super::source::read_file(path)?;
        let items: Vec<Source> = if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
            let raw: Vec<Box<serde_json::value::RawValue>> = serde_json::from_slice(&body)
                .map_err(|e| {
                    Error::response(format!(
                        "{shown} is neither a source server nor a list of them: {}",
                        sanitize_short(&e.to_string(), 200)
                    ))
                })?;
            raw.iter()
                .map(|item| {
                    model::parse_source_item(item.get().as_bytes()).map_err(|e| {
                        Error::response(format!("an item of {shown} is not a source server: {e}"))
                    })
                })
                .collect::<Result<_>>()?
        } else {
            vec![
                model::parse_source(&body)
                    .map_err(|e| Error::response(format!("{shown} is not a source server: {e}")))?,
            ]
        };
        let many = items.len() > 1;
        for (i, source) in items.into_iter().enumerate() {
            let place = if many {
                format!("item {i} of {shown}")
            } else {
                shown.clone()
            };
            sources.push((place, source));
        }
    }
    let sources = one_record_each(sources, args.latest, settings)?;
    Ok(sources
        .into_iter()
        .map(|source| judged(label_of(&source), source, policy, true))
        .collect())
}

/// Each source once across the snapshots: two records with one ID are a usage error naming
/// both places, unless `--latest` asks to judge the one whose agent was seen last (said on
/// stderr). A record without an ID is its own.
fn one_record_each(
    records: Vec<(String, Source)>,
    latest: bool,
    settings: &Settings,
) -> Result<Vec<Source>> {
    let mut kept: Vec<(String, Source)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (place, source) in records {
        let Some(id) = source.id.as_ref().map(Scalar::to_string) else {
            kept.push((place, source));
            continue;
        };
        let Some(&i) = at.get(&id) else {
            at.insert(id, kept.len());
            kept.push((place, source));
            continue;
        };
        let first = &kept[i].0;
        if !latest {
            return Err(Error::usage(format!(
                "source '{}' is in {first} and in {place}: two records of one source cannot \
                 both be judged (give one, or --latest to judge the one seen last)",
                sanitize_short(&id, 100)
            )));
        }
        let seen = |s: &Source| {
            s.last_visit_time
                .as_ref()
                .and_then(Scalar::as_f64)
                .unwrap_or(f64::MIN)
        };
        let newer = seen(&source) > seen(&kept[i].1);
        let (judged, other) = if newer {
            (place.clone(), first.clone())
        } else {
            (first.clone(), place.clone())
        };
        settings.say(&[format!(
            "note: source '{}' is in {judged} and in {other}; --latest judges {judged}, whose \
             agent was seen last",
            sanitize_short(&id, 100)
        )]);
        if newer {
            kept[i] = (place, source);
        }
    }
    Ok(kept.into_iter().map(|(_, s)| s).collect())
}

/// A source judged: its verdict, its counts, and its hints when asked for.
fn judged(label: String, source: Source, policy: Policy, with_hints: bool) -> Outcome {
    let (verdict, hints) = if with_hints {
        let (verdict, hints) = gate::judge_with_hints(&source, policy);
        (verdict, Some(hints))
    } else {
        (gate::judge(&source, policy), None)
    };
    let counts = Counts::of(gate::checks(&source));
    let readiness = gate::Readiness::of(Some(&source), hints.as_deref(), policy);
    Outcome {
        label,
        source: Some(source),
        verdict,
        counts,
        hints,
        readiness,
        task_error: None,
    }
}

/// One target: its checks from the list where the list carries them (and no hints are
/// wanted: the list carries no disks), else from the details.
fn evaluate(client: &Client, target: &Target, policy: Policy, hints: bool) -> Outcome {
    let detail = |l: &Listed| detail_if_needed(client, l, hints);
    let (label, fetched) = match target {
        Target::Listed(l) => (label_of(&l.source), detail(l)),
        Target::Asked(Reference::Id(id)) => ((*id).to_owned(), fetch(client, id)),
        Target::Asked(Reference::Name(name)) => (
            (*name).to_owned(),
            // The lookup pages one page at a time: this already runs `jobs` wide.
            sources::find_by_name(client, name, 1).and_then(|l| detail(&l)),
        ),
    };
    match fetched {
        Ok(source) => judged(label, source, policy, hints),
        Err(error) => Outcome::unfetched(label, error),
    }
}

fn detail_if_needed(client: &Client, listed: &Listed, hints: bool) -> Result<Source> {
    if listed.source.checks.is_some() && !hints {
        return Ok(listed.source.clone());
    }
    let id = sources::listed_id(listed)?;
    fetch(client, &id)
}

fn fetch(client: &Client, id: &str) -> Result<Source> {
    let body = sources::get(client, id)?;
    let source: Source = model::parse_source(&body).map_err(|e| {
        Error::response(format!(
            "the body for source '{}' is not a source server: {e}",
            sanitize_short(id, 100)
        ))
    })?;
    sources::check_answer(id, &source.id)?;
    Ok(source)
}

fn label_of(source: &Source) -> String {
    source
        .id
        .as_ref()
        .or(source.name.as_ref())
        .map(Scalar::to_string)
        .unwrap_or_else(|| "(no ID)".to_owned())
}
