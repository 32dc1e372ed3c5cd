//! GET /v3/errors: the sources whose migration failed, every page (200 at a time). The
//! listing keeps the source list's bounds: one that ends short of its `count`, holds more
//! items than it, lists one source twice, repeats a page or would never end is a bad
//! response (exit 6), never a pass over what arrived.

use std::collections::HashSet;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::Client;
use crate::api::paging::{self, Refusals, every_page};
use crate::api::sources::{MAX_PAGES, PAGE_MAX};
use crate::error::{Error, Result};
use crate::model::errors::{ListedError, parse_error_item};
use crate::model::{Field, Scalar};
use crate::sanitize::sanitize_short;

#[derive(Deserialize)]
struct Page {
    count: Field,
    migration_errors: Option<Vec<Box<RawValue>>>,
}

impl paging::Body for Page {
    const KEY: &'static str = "migration_errors";
    const NOUN: &'static str = "items";
    const LIST_OF: &'static str = "a list of migration errors";
    fn parts(self) -> (Field, Option<Vec<Box<RawValue>>>) {
        (self.count, self.migration_errors)
    }
}

type PageItems = paging::Page<ListedError>;

/// Every failed migration, in the API's order; `enterprise_project_id` narrows it.
pub fn list(
    client: &Client,
    enterprise_project_id: Option<&str>,
    jobs: usize,
) -> Result<Vec<ListedError>> {
    let filters: Vec<(String, String)> = enterprise_project_id
        .map(|e| vec![("enterprise_project_id".to_owned(), e.to_owned())])
        .unwrap_or_default();
    let first = page(client, &filters, 0, PAGE_MAX)?;
    let refuse = Refusals { short, endless };
    let (pages, promised) = every_page(
        first,
        jobs,
        |offset, limit| page(client, &filters, offset, limit),
        &refuse,
    )?;
    let mut seen: HashSet<String> = HashSet::new();
    let mut listed = Vec::new();
    for p in pages {
        for item in p.items {
            // A repeated page is a source listed twice: refused, never deduplicated away.
            if let Some(id) = item.item.source_id.as_ref().map(Scalar::to_string)
                && !seen.insert(id.clone())
            {
                return Err(Error::response(format!(
                    "the failed-migration list holds source '{}' twice (again at item {}), so \
                     it cannot be trusted",
                    sanitize_short(&id, 80),
                    listed.len()
                )));
            }
            listed.push(item);
        }
    }
    if let Some(count) = promised {
        let arrived = listed.len() as u64;
        if arrived < count {
            return Err(short(arrived, count));
        }
        if arrived > count {
            return Err(Error::response(format!(
                "the failed-migration list sent {arrived} items where its count promises \
                 {count}, so it cannot be trusted"
            )));
        }
    }
    Ok(listed)
}

fn page(
    client: &Client,
    filters: &[(String, String)],
    offset: u64,
    limit: u64,
) -> Result<PageItems> {
    let (count, raw, what) = paging::raw_page::<Page>(
        client,
        "/v3/errors",
        "the failed-migration list",
        filters,
        (offset, limit, limit),
    )?;
    let items = raw
        .into_iter()
        .map(|raw| {
            let item = parse_error_item(raw.get().as_bytes()).map_err(|e| {
                Error::response(format!("an item of {what} is not a migration error: {e}"))
            })?;
            Ok(ListedError { raw, item })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PageItems { count, items })
}

fn short(arrived: u64, count: u64) -> Error {
    Error::response(format!(
        "the failed-migration list ended short: {arrived} of the {count} items its count \
         promises arrived; nothing is shown rather than part of the list"
    ))
}

fn endless(count: u64, step: u64) -> Error {
    Error::response(format!(
        "the failed-migration list would take more than {MAX_PAGES} pages (count {count}, \
         {step} per page); sms-inspect stops rather than page without end"
    ))
}
