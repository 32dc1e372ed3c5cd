//! `explain [CODE...]`: what an SMS error code means, from the table in [`crate::codes`];
//! offline, no credentials. Every code is checked before anything is printed, so a bad one
//! leaves stdout empty.

use std::io::{self, Write};

use crate::cli::ExplainArgs;
use crate::codes::{self, CODES, Code};
use crate::error::{Error, Exit, Result};
use crate::render::table::{self, Cell, Column, FIRST, Row, row};
use crate::render::{self, Style};
use crate::sanitize::sanitize_short;
use crate::settings::Settings;
use unicode_width::UnicodeWidthStr;

pub fn run(settings: &Settings, args: &ExplainArgs) -> super::Result<Exit> {
    let selected = select(&args.codes)?;
    let listing = args.codes.is_empty();
    let json = if settings.output.writes_json() {
        json_array(&selected)
    } else {
        Vec::new()
    };
    render::pager::emit(
        &settings.output,
        &settings.streams,
        settings.pager.as_deref(),
        &json,
        |out| write_table(&selected, listing, &settings.style, out),
    )?;
    Ok(Exit::Ok)
}

row! {
    /// An error code in the list.
    struct CodeRow {
        code: Column::key("CODE"),
        category: Column::whole("CATEGORY", 1),
        summary: Column::text("SUMMARY", 0),
        link: Column::whole("LINK", 0),
    }
}

/// The entries asked for, in the order given (each once), or every entry when none is
/// asked for. Any unknown or malformed code is a usage error naming each one.
fn select(asked: &[String]) -> Result<Vec<&'static Code>> {
    if asked.is_empty() {
        return Ok(CODES.iter().collect());
    }
    let mut found: Vec<&'static Code> = Vec::new();
    let mut problems = Vec::new();
    for code in asked {
        match codes::lookup(code) {
            Some(entry) => {
                if !found.contains(&entry) {
                    found.push(entry);
                }
            }
            None => problems.push(problem(code)),
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(Error::usage(format!(
            "{}; `sms-inspect explain` lists every code it knows",
            problems.join("; ")
        )))
    }
}

/// Why one code was refused, with the nearest known codes where some are close.
fn problem(code: &str) -> String {
    let shown = sanitize_short(code, 40);
    let trimmed = code.trim();
    let what = if trimmed.len() == 8
        && trimmed[..4].eq_ignore_ascii_case("SMS.")
        && trimmed[4..].bytes().all(|b| b.is_ascii_digit())
    {
        format!("'{shown}' is not an SMS error code this tool knows")
    } else {
        format!("'{shown}' is not an SMS error code (they look like SMS.6509)")
    };
    let nearest = codes::nearest(code);
    if nearest.is_empty() {
        what
    } else {
        format!("{what}; the nearest known: {}", nearest.join(", "))
    }
}

/// The entries as one JSON array of `{code, category, summary, link}`.
fn json_array(selected: &[&Code]) -> Vec<u8> {
    let items: Vec<serde_json::Value> = selected
        .iter()
        .map(|c| {
            serde_json::json!({
                "code": c.code,
                "category": c.category.name(),
                "summary": c.summary,
                "link": c.link,
            })
        })
        .collect();
    serde_json::to_vec(&items).unwrap_or_else(|_| b"[]".to_vec())
}

/// Piped: one tab-separated line per code (code, category, summary, link). On a terminal:
/// the whole table when listing, else each entry as a short block.
fn write_table(
    selected: &[&Code],
    listing: bool,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    if style.tab_separated() {
        for c in selected {
            writeln!(out, "{}\t{}\t{}\t{}", c.code, c.category, c.summary, c.link)?;
        }
        return Ok(());
    }
    if !listing {
        let room = style
            .width
            .map_or(usize::MAX, |w| usize::from(w).saturating_sub(2));
        for (i, c) in selected.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            table::heading(out, style, &format!("{}  {}", c.code, c.category))?;
            for line in wrap(c.summary, room) {
                writeln!(out, "  {line}")?;
            }
            writeln!(out, "  {}", c.link)?;
        }
        return Ok(());
    }
    let fitted = style.fitted();
    let width = fitted.width;
    let row = |c: &Code, with_link: bool| CodeRow {
        code: Cell::new(c.code),
        category: Cell::new(c.category.name()),
        summary: Cell::new(c.summary),
        link: Cell::new(if with_link { c.link } else { "" }),
    };
    // The link is the first to go; leaving it out here (rather than by the table engine)
    // gives its room to the summary.
    let mut natural = CodeRow::COLUMNS.map(|c| c.header.width());
    for c in selected {
        for (n, cell) in natural.iter_mut().zip(row(c, true).cells()) {
            *n = (*n).max(cell.text.width());
        }
    }
    let needed = natural.iter().sum::<usize>() + 2 * (natural.len() - 1);
    let with_link = width.is_none_or(|w| usize::from(w) >= needed);
    // Left out, an empty LINK column takes no room and is not named by the engine.
    let columns = table::ranked(CodeRow::COLUMNS, "LINK", if with_link { 0 } else { FIRST });
    table::section(out, &fitted, "SMS error codes", &columns, &|emit| {
        for c in selected {
            emit(row(c, with_link));
        }
    })?;
    if !with_link {
        writeln!(
            out,
            "(not shown at this width: LINK; --wide or --json shows it)"
        )?;
    }
    writeln!(
        out,
        "{} codes; `sms-inspect explain CODE` shows one in full",
        selected.len()
    )
}

/// `text` in lines of at most `width` columns, broken between words (a longer word keeps
/// its own line whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_between_words_only() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("unbreakable word", 5), ["unbreakable", "word"]);
        assert_eq!(wrap("fits", 80), ["fits"]);
    }

    #[test]
    fn unknown_and_malformed_codes_are_refused_with_suggestions() {
        let err = select(&["SMS.6508".into()]).unwrap_err().to_string();
        assert!(
            err.contains("'SMS.6508' is not an SMS error code this tool knows"),
            "{err}"
        );
        assert!(err.contains("SMS.6509"), "{err}");
        let err = select(&["foo\u{1b}[31m".into()]).unwrap_err().to_string();
        assert!(!err.contains('\u{1b}'), "{err}");
        assert!(err.contains("they look like SMS.6509"), "{err}");
        assert_eq!(
            select(&["sms.6509".into(), "SMS.6509".into()])
                .unwrap()
                .len(),
            1
        );
    }
}
