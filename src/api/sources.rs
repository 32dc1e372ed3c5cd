//! The source-server endpoints: one source by ID, the list with its filters and pages, and
//! finding a source by name.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::Client;
use crate::error::{Error, Kind, Result};
use crate::model::{self, Field, Listed, Scalar};
use crate::parallel;
use crate::sanitize::{sanitize, sanitize_short};

/// The list API's page maximum.
pub const PAGE_MAX: u64 = 200;

/// How a value given for a source is used.
#[derive(Debug, PartialEq, Eq)]
pub enum Reference<'a> {
    Id(&'a str),
    Name(&'a str),
}

/// SMS IDs are UUIDs (8-4-4-4-12); the API's own examples mask them with `x`, so any
/// letters or digits in that shape count. Anything else is a name.
pub fn reference(value: &str) -> Result<Reference<'_>> {
    if value.trim().is_empty() || value.chars().any(char::is_control) {
        return Err(Error::usage(format!(
            "'{}' is neither a source ID nor a name",
            sanitize_short(value, 100)
        )));
    }
    let uuid_shaped = value.len() == 36
        && value.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_alphanumeric(),
        });
    Ok(if uuid_shaped {
        Reference::Id(value)
    } else {
        Reference::Name(value)
    })
}

/// GET /v3/sources/{id}. The ID is one path segment, made only of letters, digits, `-`, `_`.
pub fn get(client: &Client, id: &str) -> Result<Vec<u8>> {
    let id = checked_id(id)?;
    client.get(&format!("/v3/sources/{id}"), &[], &format!("source '{id}'"))
}

fn checked_id(id: &str) -> Result<&str> {
    let valid = !id.is_empty()
        && id.len() <= 255
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(id)
    } else {
        Err(Error::usage(format!(
            "'{}' is not an SMS source ID: an ID is made of letters, digits, '-' and '_'",
            sanitize_short(id, 100)
        )))
    }
}

#[derive(Deserialize)]
struct Page {
    count: Field,
    source_servers: Option<Vec<Box<RawValue>>>,
}

/// GET /v3/sources with `filters`, every page (the first alone, then the rest `jobs` at a
/// time), capped at `limit`. Each source appears once, in the API's order.
pub fn list(
    client: &Client,
    filters: &[(String, String)],
    limit: Option<u64>,
    jobs: usize,
) -> Result<Vec<Listed>> {
    let cap = limit.unwrap_or(u64::MAX);
    let asked = PAGE_MAX.min(cap);
    let first = page(client, filters, 0, asked)?;
    let mut items = first.items;
    match first.count {
        Some(count) => {
            // Step by the server's own page size (at most ours) so that nothing is skipped.
            let target = count.min(cap);
            let step = items.len() as u64;
            if step > 0 && step < target {
                let offsets: Vec<u64> = (1..)
                    .map(|i| i * step)
                    .take_while(|o| *o < target)
                    .collect();
                let pages = parallel::map(&offsets, jobs, |&offset| {
                    page(client, filters, offset, step.min(target - offset))
                });
                for p in pages {
                    items.extend(p?.items);
                }
            }
        }
        None => {
            // No count: one page at a time until a short page.
            let mut last = items.len() as u64;
            while last == asked && last > 0 && (items.len() as u64) < cap {
                let offset = items.len() as u64;
                let next = page(client, filters, offset, PAGE_MAX.min(cap - offset))?;
                last = next.items.len() as u64;
                items.extend(next.items);
            }
        }
    }
    items.truncate(usize::try_from(cap).unwrap_or(usize::MAX));
    let mut seen = std::collections::HashSet::new();
    let mut listed = Vec::with_capacity(items.len());
    for raw in items {
        let source = model::parse_source_item(raw.get().as_bytes()).map_err(|e| {
            Error::response(format!(
                "an item of the source list is not a source server: {e}"
            ))
        })?;
        let id = source.id.as_ref().map(Scalar::to_string);
        if let Some(id) = id
            && !seen.insert(id)
        {
            continue;
        }
        listed.push(Listed { raw, source });
    }
    Ok(listed)
}

struct PageItems {
    count: Option<u64>,
    items: Vec<Box<RawValue>>,
}

fn page(
    client: &Client,
    filters: &[(String, String)],
    offset: u64,
    limit: u64,
) -> Result<PageItems> {
    let mut query = filters.to_vec();
    query.push(("limit".to_owned(), limit.to_string()));
    query.push(("offset".to_owned(), offset.to_string()));
    let body = client.get(
        "/v3/sources",
        &query,
        &format!("the source list (offset {offset})"),
    )?;
    let page: Page = serde_json::from_slice(&body).map_err(|e| {
        Error::response(format!(
            "the source list (offset {offset}) is not a list of source servers: {}",
            sanitize_short(&e.to_string(), 200)
        ))
    })?;
    if page.source_servers.is_none() && page.count.is_none() {
        return Err(Error::response(format!(
            "the source list (offset {offset}) has neither count nor source_servers"
        )));
    }
    Ok(PageItems {
        count: page.count.as_ref().and_then(Scalar::as_u64),
        items: page.source_servers.unwrap_or_default(),
    })
}

/// The one source whose name is exactly `name`; none or several is an API-class error
/// (exit 3) that lists the candidates.
pub fn find_by_name(client: &Client, name: &str, jobs: usize) -> Result<Listed> {
    let query = vec![("name".to_owned(), name.to_owned())];
    let found = list(client, &query, None, jobs)?;
    let total = found.len();
    let (exact, others): (Vec<Listed>, Vec<Listed>) = found
        .into_iter()
        .partition(|l| l.source.name.as_ref().and_then(Scalar::as_str) == Some(name));
    let shown = sanitize_short(name, 100);
    match exact.len() {
        1 => Ok(exact.into_iter().next().expect("one")),
        0 if total == 0 => Err(Error::new(
            Kind::Api,
            format!(
                "no source server is named '{shown}' (and no ID looks like it); list them with `sms-inspect sources`"
            ),
        )),
        0 => Err(Error::new(
            Kind::Api,
            format!(
                "no source server is named exactly '{shown}'; similar names: {}",
                candidates(&others)
            ),
        )),
        n => Err(Error::new(
            Kind::Api,
            format!(
                "{n} source servers are named '{shown}'; give one of their IDs instead: {}",
                candidates(&exact)
            ),
        )),
    }
}

/// `ID (name, IP); ...`, at most 20.
fn candidates(listed: &[Listed]) -> String {
    let text = |f: &Field| {
        f.as_ref()
            .map(|s| sanitize_short(&s.to_string(), 80))
            .unwrap_or_else(|| "-".to_owned())
    };
    let mut parts: Vec<String> = listed
        .iter()
        .take(20)
        .map(|l| {
            format!(
                "{} ({}, {})",
                text(&l.source.id),
                text(&l.source.name),
                text(&l.source.ip)
            )
        })
        .collect();
    if listed.len() > 20 {
        parts.push(format!("and {} more", listed.len() - 20));
    }
    sanitize(&parts.join("; ")).into_owned()
}
