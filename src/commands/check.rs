//! `check`: the pre-migration gate for a whole wave. The list endpoint's own checks are used
//! where it carries them; details are fetched in parallel only where it does not.

use std::collections::HashSet;

use crate::api::Client;
use crate::api::sources::{self, Listed, Reference};
use crate::cli::{CheckArgs, GlobalArgs};
use crate::error::{Error, Result};
use crate::gate::{self, Counts, Verdict};
use crate::model::{self, Scalar, Source};
use crate::parallel;
use crate::render;
use crate::sanitize::sanitize_short;
use crate::settings;

/// One source's result.
pub struct Outcome {
    /// What the user asked for, or the listed source's ID.
    pub label: String,
    pub source: Option<Source>,
    pub verdict: Verdict,
    pub counts: Counts,
    /// Set when the source could not be checked.
    pub error: Option<Error>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.verdict.passed()
    }
}

enum Target<'a> {
    Listed(Box<Listed>),
    Asked(Reference<'a>),
}

pub fn run(global: &GlobalArgs, args: &CheckArgs) -> Result<u8> {
    if args.sources.is_empty() && !args.all && args.filters.is_empty() {
        return Err(Error::usage(
            "say which sources to check: IDs or names, --all, or a filter such as --state",
        ));
    }
    let references = args
        .sources
        .iter()
        .map(|s| sources::reference(s))
        .collect::<Result<Vec<_>>>()?;
    let output = settings::output(global)?;
    let style = settings::style(global, false);
    let client = settings::client(global, &settings::ProcessEnv)?;
    let jobs = usize::from(args.jobs);

    let mut targets: Vec<Target> = references.into_iter().map(Target::Asked).collect();
    if args.all || !args.filters.is_empty() {
        let listed = sources::list(&client, &args.filters.query(), None, jobs)?;
        targets.extend(listed.into_iter().map(|l| Target::Listed(Box::new(l))));
    }
    let mut outcomes = parallel::map(&targets, jobs, |t| evaluate(&client, t, args, jobs));
    let mut seen = HashSet::new();
    outcomes.retain(|o| match o.source.as_ref().and_then(|s| s.id.as_ref()) {
        Some(id) => seen.insert(id.to_string()),
        None => true,
    });

    if let Some(path) = &args.junit {
        let xml = render::junit::report(&outcomes);
        std::fs::write(path, xml).map_err(|e| {
            Error::usage(format!(
                "cannot write the JUnit report '{}': {}",
                sanitize_short(&path.display().to_string(), 200),
                e
            ))
        })?;
    }
    let json = if output.is_table() {
        Vec::new()
    } else {
        render::fleet::check_json(&outcomes)
    };
    super::emit(&output, &json, |out| {
        render::fleet::write_check(&outcomes, &style, out)
    })?;
    report(&outcomes, args)
}

/// One target: its checks from the list where the list carries them, else from the details.
fn evaluate(client: &Client, target: &Target, args: &CheckArgs, jobs: usize) -> Outcome {
    let (label, fetched) = match target {
        Target::Listed(l) => (label_of(&l.source), detail_if_needed(client, l)),
        Target::Asked(Reference::Id(id)) => ((*id).to_owned(), fetch(client, id)),
        Target::Asked(Reference::Name(name)) => (
            (*name).to_owned(),
            sources::find_by_name(client, name, jobs).and_then(|l| detail_if_needed(client, &l)),
        ),
    };
    match fetched {
        Ok(source) => {
            let verdict = gate::judge(&source, args.gate);
            let counts = Counts::of(gate::checks(&source));
            Outcome {
                label,
                source: Some(source),
                verdict,
                counts,
                error: None,
            }
        }
        Err(error) => Outcome {
            label,
            source: None,
            verdict: Verdict::default(),
            counts: Counts::default(),
            error: Some(error),
        },
    }
}

fn detail_if_needed(client: &Client, listed: &Listed) -> Result<Source> {
    if listed.source.checks.is_some() {
        return Ok(listed.source.clone());
    }
    let id = listed
        .source
        .id
        .as_ref()
        .map(Scalar::to_string)
        .ok_or_else(|| Error::response("a listed source has no ID and no checks"))?;
    fetch(client, &id)
}

fn fetch(client: &Client, id: &str) -> Result<Source> {
    let body = sources::get(client, id)?;
    model::parse_source(&body).map_err(|e| {
        Error::response(format!(
            "the body for source '{}' is not a source server: {e}",
            sanitize_short(id, 100)
        ))
    })
}

fn label_of(source: &Source) -> String {
    source
        .id
        .as_ref()
        .or(source.name.as_ref())
        .map(Scalar::to_string)
        .unwrap_or_else(|| "(no ID)".to_owned())
}

/// Stderr and the exit code: a source that could not be checked wins (its error's code),
/// then a failed gate (1), else 0.
fn report(outcomes: &[Outcome], args: &CheckArgs) -> Result<u8> {
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.passed()).collect();
    if outcomes.is_empty() {
        // Nothing to check passes, unless checks were required: then an empty wave fails.
        let (line, code) = if args.gate.require_checks {
            (
                "gate failed (--require-checks): no source servers matched; nothing was checked",
                1,
            )
        } else {
            ("no source servers matched; nothing was checked", 0)
        };
        super::to_stderr(&[line.to_owned()]);
        return Ok(code);
    }
    if failed.is_empty() {
        return Ok(0);
    }
    let mut lines = vec![format!(
        "gate failed (--fail-on {}): {} of {} sources",
        super::source::fail_on_name(args.gate),
        failed.len(),
        outcomes.len()
    )];
    for o in &failed {
        let who = render::fleet::who(o);
        match &o.error {
            Some(e) => lines.push(format!("  - {who}: could not be checked: {e}")),
            None => lines.extend(o.verdict.failures.iter().map(|f| format!("  - {who}: {f}"))),
        }
    }
    super::to_stderr(&lines);
    match failed.iter().find_map(|o| o.error.as_ref()) {
        Some(e) => Ok(e.exit_code()),
        None => Ok(1),
    }
}
