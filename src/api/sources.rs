//! The source-server endpoints: one source by ID, the list with its filters and pages, and
//! finding a source by name.

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::api::{Client, paging};
use crate::error::{Error, Kind, Result};
use crate::model::{self, Field, Listed, Scalar};
use crate::parallel;
use crate::sanitize::sanitize_short;

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

/// A fetched body answers the source that was asked for: a body whose `id` is another's is a
/// bad response (exit 6), never judged in its place. A body without an `id` is taken as it is.
pub fn check_answer(asked: &str, id: &Field) -> Result<()> {
    match id {
        Some(got) if got.to_string() != asked => Err(Error::response(format!(
            "asked for source '{}', the API answered with source '{}'; the answer is not used",
            sanitize_short(asked, 100),
            sanitize_short(&got.to_string(), 100)
        ))),
        _ => Ok(()),
    }
}

/// [`check_answer`] on a body not yet parsed (a body that is not JSON is left to the parser).
pub fn check_answer_body(asked: &str, body: &[u8]) -> Result<()> {
    #[derive(Deserialize)]
    struct Id {
        id: Field,
    }
    // Only an object has an `id` (serde would read a struct out of an array).
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Ok(());
    }
    match serde_json::from_slice::<Id>(body) {
        Ok(answer) => check_answer(asked, &answer.id),
        Err(_) => Ok(()),
    }
}

/// GET /v3/sources/{id}. The ID is one path segment, made only of letters, digits, `-`, `_`.
pub fn get(client: &Client, id: &str) -> Result<Vec<u8>> {
    let id = checked_id(id)?;
    client.get(&format!("/v3/sources/{id}"), &[], &format!("source '{id}'"))
}

/// The ID of a source the API listed, as a path segment: one that is not (`../x`) is a bad
/// response (exit 6), not a usage error, since the server sent it.
pub fn listed_id(listed: &Listed) -> Result<String> {
    let id = id_of(listed).ok_or_else(|| {
        Error::response("a source in the list has no ID, so its details cannot be fetched")
    })?;
    checked_id(&id).map_err(|_| {
        Error::response(format!(
            "the API listed a source whose ID '{}' is not an SMS ID (letters, digits, '-', '_'); \
             it is not fetched",
            sanitize_short(&id, 100)
        ))
    })?;
    Ok(id)
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

impl paging::Body for Page {
    const KEY: &'static str = "source_servers";
    const NOUN: &'static str = "sources";
    const LIST_OF: &'static str = "a list of source servers";
    fn parts(self) -> (Field, Option<Vec<Box<RawValue>>>) {
        (self.count, self.source_servers)
    }
}

/// The most sources one listing may hold: a hundred times what SMS lets an account hold
/// (1,000), and low enough that memory stays bounded whatever a server claims.
pub const MAX_LISTED: u64 = 100_000;
/// The most pages one listing may take.
pub const MAX_PAGES: usize = 2_000;

/// GET /v3/sources with `filters`, every page (the first alone, then the rest `jobs` at a
/// time), capped at `limit`. Each source appears once, in the API's order. A listing that
/// ends short of its `count`, repeats a page, or would never end is a bad response (exit 6),
/// never a pass over what arrived.
pub fn list(
    client: &Client,
    filters: &[(String, String)],
    limit: Option<u64>,
    jobs: usize,
) -> Result<Vec<Listed>> {
    let cap = limit.unwrap_or(u64::MAX);
    let asked = PAGE_MAX.min(cap);
    let first = page(client, filters, 0, asked)?;
    let step = first.items.len() as u64;
    let mut promised = first.count;
    let mut pages = vec![first];
    if let Some(count) = promised {
        // Step by the server's own page size (at most ours) so that nothing is skipped.
        let target = count.min(cap);
        if step == 0 && target > 0 {
            return Err(short(0, target, count));
        }
        let offsets: Vec<u64> = (1..)
            .map(|i| i * step.max(1))
            .take_while(|o| *o < target)
            .take(MAX_PAGES + 1)
            .collect();
        if offsets.len() + 1 > MAX_PAGES {
            return Err(endless(count, step));
        }
        for p in parallel::map(&offsets, jobs, |&offset| {
            page(client, filters, offset, step.min(target - offset))
        }) {
            let p = p?;
            // The latest word on the count: a source added or removed while listing.
            promised = p.count.or(promised);
            pages.push(p);
        }
    }
    // No count (or one that grew while listing): one page at a time until a short page, a
    // page with nothing new, or the bounds.
    let mut total: u64 = pages.iter().map(|p| p.items.len() as u64).sum();
    let mut ids: std::collections::HashSet<String> = pages
        .iter()
        .flat_map(|p| p.items.iter().filter_map(id_of))
        .collect();
    loop {
        let last = pages.last().map_or(0, |p| p.items.len() as u64);
        let wanted = match promised {
            Some(count) => total < count.min(cap),
            None => total < cap,
        };
        if last == 0 || last < step.min(asked) || !wanted {
            break;
        }
        if pages.len() >= MAX_PAGES || total >= MAX_LISTED {
            return Err(endless(promised.unwrap_or(total), step));
        }
        let offset = total;
        let next = page(client, filters, offset, step.min(cap - offset))?;
        promised = next.count.or(promised);
        total += next.items.len() as u64;
        let before = ids.len();
        ids.extend(next.items.iter().filter_map(id_of));
        if !next.items.is_empty() && ids.len() == before {
            return Err(repeats(offset, ids.len()));
        }
        pages.push(next);
    }

    // Each source once: two records with one ID are refused, never a silent pick (the gate
    // would judge one and drop the other).
    let mut seen: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    let mut listed = Vec::new();
    let mut offset = 0u64;
    let mut sent = 0u64;
    for p in pages {
        let size = p.items.len();
        let known = |item: &Listed| id_of(item).is_some_and(|id| seen.contains_key(&id));
        if size > 0 && p.items.iter().all(known) && (listed.len() as u64) < cap {
            return Err(repeats(offset, listed.len()));
        }
        for (at, item) in p.items.into_iter().enumerate() {
            let place = offset + at as u64;
            if let Some(id) = id_of(&item) {
                if let Some(first) = seen.get(&id) {
                    return Err(Error::response(format!(
                        "the source list holds source '{}' twice (items {} and {place}); two \
                         records of one source cannot both be judged, so nothing is shown",
                        sanitize_short(&id, 100),
                        first
                    )));
                }
                seen.insert(id, place);
            }
            sent += 1;
            if (listed.len() as u64) < cap {
                listed.push(item);
            }
        }
        offset += size as u64;
    }
    if let Some(count) = promised {
        if (listed.len() as u64) < count.min(cap) {
            return Err(short(listed.len() as u64, count.min(cap), count));
        }
        if sent > count {
            return Err(Error::response(format!(
                "the source list holds {sent} sources where its count promises {count}; a \
                 listing that contradicts its count cannot be trusted"
            )));
        }
    }
    Ok(listed)
}

/// A page's `count`, as the paged lists (sources, tasks, failed migrations) read it: a page
/// with neither a count nor items is not a page; a count that is not a whole number up to
/// [`MAX_LISTED`] is refused. `what` names the page, `items` the list's key, `noun` its items.
pub(crate) fn page_count(
    count: &Field,
    has_items: bool,
    what: &str,
    items: &str,
    noun: &str,
) -> Result<Option<u64>> {
    if !has_items && count.is_none() {
        return Err(Error::response(format!(
            "{what} has neither count nor {items}"
        )));
    }
    match count {
        None => Ok(None),
        Some(c) => match c.as_u64() {
            Some(n) if n <= MAX_LISTED => Ok(Some(n)),
            _ => Err(Error::response(format!(
                "{what} has count {}, which is not a number of {noun} sms-inspect can list \
                 (0 to {MAX_LISTED})",
                sanitize_short(&c.to_string(), 40)
            ))),
        },
    }
}

fn id_of(item: &Listed) -> Option<String> {
    item.source.id.as_ref().map(Scalar::to_string)
}

fn repeats(offset: u64, arrived: usize) -> Error {
    Error::response(format!(
        "the source list repeats itself: the page at offset {offset} holds only sources already \
         listed ({arrived} distinct arrived), so the listing cannot be trusted"
    ))
}

fn short(arrived: u64, wanted: u64, count: u64) -> Error {
    Error::response(format!(
        "the source list ended short: {arrived} of the {wanted} sources its count ({count}) \
         promises arrived; nothing is shown rather than part of the list"
    ))
}

fn endless(count: u64, step: u64) -> Error {
    Error::response(format!(
        "the source list would take more than {MAX_PAGES} pages (count {count}, {step} per page); \
         sms-inspect stops rather than page without end"
    ))
}

struct PageItems {
    count: Option<u64>,
    items: Vec<Listed>,
}

fn page(
    client: &Client,
    filters: &[(String, String)],
    offset: u64,
    limit: u64,
) -> Result<PageItems> {
    let (count, raw, _) = paging::raw_page::<Page>(
        client,
        "/v3/sources",
        "the source list",
        filters,
        (offset, limit, PAGE_MAX.max(limit)),
    )?;
    let items = raw
        .into_iter()
        .map(|raw| {
            let source = model::parse_source_item(raw.get().as_bytes()).map_err(|e| {
                Error::response(format!(
                    "an item of the source list (offset {offset}) is not a source server: {e}"
                ))
            })?;
            Ok(Listed { raw, source })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(PageItems { count, items })
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
                "no source server is named exactly '{shown}'; similar names:{}",
                candidates(&others)
            ),
        )),
        n => Err(Error::new(
            Kind::Api,
            format!(
                "{n} source servers are named '{shown}'; give one of their IDs instead:{}",
                candidates(&exact)
            ),
        )),
    }
}

/// The candidates, one per line under a header (NAME, ID, IP, STATE), aligned, at most 20:
/// a list to pick an ID from, not a paragraph broken inside UUIDs.
fn candidates(listed: &[Listed]) -> String {
    use unicode_width::UnicodeWidthStr;
    let text = |f: &Field| {
        f.as_ref()
            .map(|s| sanitize_short(&s.to_string(), 80))
            .unwrap_or_else(|| "-".to_owned())
    };
    let mut rows: Vec<[String; 4]> = vec![["NAME", "ID", "IP", "STATE"].map(str::to_owned)];
    rows.extend(listed.iter().take(20).map(|l| {
        [
            text(&l.source.name),
            text(&l.source.id),
            text(&l.source.ip),
            text(&l.source.state),
        ]
    }));
    let mut widths = [0; 4];
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut lines: Vec<String> = rows
        .iter()
        .map(|row| {
            let mut line = String::from("  ");
            for (i, cell) in row.iter().enumerate() {
                line.push_str(cell);
                if i + 1 < row.len() {
                    line.push_str(&" ".repeat(widths[i] - cell.width() + 2));
                }
            }
            line.trim_end().to_owned()
        })
        .collect();
    if listed.len() > 20 {
        lines.push(format!("  and {} more", listed.len() - 20));
    }
    format!("\n{}", lines.join("\n"))
}
