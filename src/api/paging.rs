//! Every page of a paged list whose pages hold up to [`PAGE_MAX`] items (the task list, the
//! failed-migration list): the first alone, then the rest `jobs` at a time stepping by the
//! server's own page size when it gives a count, or one page at a time until a short page when
//! it does not; never more than [`MAX_PAGES`] pages or [`MAX_LISTED`] items.

use crate::api::sources::{MAX_LISTED, MAX_PAGES, PAGE_MAX};
use crate::error::{Error, Result};
use crate::parallel;

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
