//! The paged lists (sources, tasks, failed migrations): one page read and checked the same
//! way for all ([`raw_page`]), and every page of a list whose pages hold up to [`PAGE_MAX`]
//! items (the task list, the failed-migration list): the first alone, then the rest `jobs`
//! at a time stepping by the server's own page size when it gives a count, or one page at a
//! time until a short page when it does not; never more than [`MAX_PAGES`] pages or
//! [`MAX_LISTED`] items.

use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::api::Client;
use crate::api::sources::{MAX_LISTED, MAX_PAGES, PAGE_MAX, page_count};
use crate::error::{Error, Result};
use crate::model::Field;
use crate::parallel;
use crate::sanitize::sanitize_short;

/// A page's body as a list sends it: its `count` and its items under the list's own key.
pub(crate) trait Body: DeserializeOwned {
    /// The key of the items (`tasks`), and what they are called in a count error (`tasks`)
    /// and in a body that is not a page (`a list of tasks`).
    const KEY: &'static str;
    const NOUN: &'static str;
    const LIST_OF: &'static str;
    fn parts(self) -> (Field, Option<Vec<Box<RawValue>>>);
}

/// One page of the list at `path` (`list` names it in errors: `the task list (offset 200)`):
/// `filters` with `limit` and `offset`, the body read as `B`, its count read by
/// `page_count`, and no more than `bound` items. The items stay raw for the caller to parse;
/// the words that name the page come with them.
pub(crate) fn raw_page<B: Body>(
    client: &Client,
    path: &str,
    list: &str,
    filters: &[(String, String)],
    (offset, limit, bound): (u64, u64, u64),
) -> Result<(Option<u64>, Vec<Box<RawValue>>, String)> {
    let mut query = filters.to_vec();
    query.push(("limit".to_owned(), limit.to_string()));
    query.push(("offset".to_owned(), offset.to_string()));
    let what = format!("{list} (offset {offset})");
    let body = client.get(path, &query, &what)?;
    let page: B = serde_json::from_slice(&body).map_err(|e| {
        Error::response(format!(
            "{what} is not {}: {}",
            B::LIST_OF,
            sanitize_short(&e.to_string(), 200)
        ))
    })?;
    let (count, raw) = page.parts();
    let count = page_count(&count, raw.is_some(), &what, B::KEY, B::NOUN)?;
    let raw = raw.unwrap_or_default();
    if raw.len() as u64 > bound {
        return Err(Error::response(format!(
            "{what} sent {} items for a page of {limit}",
            raw.len()
        )));
    }
    Ok((count, raw, what))
}

/// One page: its `count` (already read by `sources::page_count`) and its items.
pub(crate) struct Page<T> {
    pub count: Option<u64>,
    pub items: Vec<T>,
}

/// How a list says it cannot be trusted: `short(arrived, count)`, `endless(count, step)`.
pub(crate) struct Refusals {
    pub short: fn(u64, u64) -> Error,
    pub endless: fn(u64, u64) -> Error,
}

/// The pages after `first` (`fetch(offset, limit)` gets one), with `first` in front, and the
/// last word on the count.
pub(crate) fn every_page<T: Send>(
    first: Page<T>,
    jobs: usize,
    fetch: impl Fn(u64, u64) -> Result<Page<T>> + Sync,
    refuse: &Refusals,
) -> Result<(Vec<Page<T>>, Option<u64>)> {
    let step = first.items.len() as u64;
    let mut promised = first.count;
    let mut pages = vec![first];
    if let Some(count) = promised {
        if step == 0 && count > 0 {
            return Err((refuse.short)(0, count));
        }
        let offsets: Vec<u64> = (1..)
            .map(|i| i * step.max(1))
            .take_while(|o| *o < count)
            .take(MAX_PAGES + 1)
            .collect();
        if offsets.len() + 1 > MAX_PAGES {
            return Err((refuse.endless)(count, step));
        }
        for p in parallel::map(&offsets, jobs, |&offset| fetch(offset, step)) {
            let p = p?;
            promised = p.count.or(promised);
            pages.push(p);
        }
    } else {
        // No count: one page at a time until a short page, or the bounds.
        let mut total = step;
        let mut last = step;
        while last == PAGE_MAX {
            if pages.len() >= MAX_PAGES || total >= MAX_LISTED {
                return Err((refuse.endless)(total, step));
            }
            let next = fetch(total, PAGE_MAX)?;
            last = next.items.len() as u64;
            total += last;
            pages.push(next);
        }
    }
    Ok((pages, promised))
}
