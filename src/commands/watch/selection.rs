//! What a wave follows: the sources the arguments select, chosen once at the start, and the
//! task the listing names for each.

use crate::api::Client;
use crate::api::sources::{self, Reference};
use crate::cli::WatchArgs;
use crate::error::{Error, Kind, Result};
use crate::model::{Scalar, Source};
use crate::sanitize::sanitize_short;

/// One source followed by a wave.
pub(super) struct Followed {
    pub(super) id: String,
    /// Its name when known (the listing fills it in), for a vanished source's line.
    pub(super) name: String,
}

/// The ID of the task the listing names for a source.
pub(super) fn current_task_id(source: &Source) -> Option<String> {
    source
        .current_task
        .as_ref()
        .and_then(|t| t.id.as_ref())
        .map(Scalar::to_string)
}

/// The sources the arguments select, once, and what to call the selection in the header.
pub(super) fn select(
    client: &Client,
    args: &WatchArgs,
    jobs: usize,
) -> Result<(Vec<Followed>, String)> {
    let mut followed: Vec<Followed> = Vec::new();
    let add = |id: String, name: String, followed: &mut Vec<Followed>| {
        if !followed.iter().any(|f| f.id == id) {
            followed.push(Followed { id, name });
        }
    };
    for value in &args.sources {
        match sources::reference(value)? {
            Reference::Id(id) => add(id.to_owned(), String::new(), &mut followed),
            Reference::Name(name) => {
                let found = sources::find_by_name(client, name, jobs)?;
                add(sources::listed_id(&found)?, name.to_owned(), &mut followed);
            }
        }
    }
    let filters = args.filters.query();
    if args.all || !filters.is_empty() {
        for l in sources::list(client, &filters, None, jobs)? {
            let Some(id) = l.source.id.as_ref().map(Scalar::to_string) else {
                return Err(Error::new(
                    Kind::Response,
                    format!(
                        "the API listed a source without an ID ({}), so it cannot be followed",
                        sanitize_short(&crate::render::value(&l.source.name), 80)
                    ),
                ));
            };
            add(id, crate::render::value(&l.source.name), &mut followed);
        }
    }
    let mut chosen: Vec<String> = filters
        .iter()
        .map(|(k, v)| format!("{k}={}", sanitize_short(v, 40)))
        .collect();
    if args.all {
        chosen.insert(0, "--all".to_owned());
    }
    if !args.sources.is_empty() {
        chosen.push("named".to_owned());
    }
    let what = format!(
        "{} source{} ({})",
        followed.len(),
        if followed.len() == 1 { "" } else { "s" },
        chosen.join(", ")
    );
    Ok((followed, what))
}
