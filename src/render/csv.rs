//! `-o csv`: one row per source, for a spreadsheet or a script. RFC 4180: CRLF line ends, a
//! field with a comma, quote, CR or LF quoted, quotes doubled. No cell a spreadsheet would run
//! as a formula: a value starting with `=`, `+`, `-`, `@`, tab or CR is prefixed with `'`
//! (as OWASP's "CSV injection" page advises). Server strings are written as sent, apart from
//! that and one more rule: control and format characters other than tab, CR and LF (ESC, bidi
//! controls, zero-width characters...) are escaped as the tables show them (`\x1b`,
//! `\u{202e}`), since people open these files too and nothing in SMS's data needs them raw.
//! A missing value is an empty cell, never `-`.

use std::io::{self, Write};

use crate::gate::{self, Counts, Outcome, Readiness};
use crate::hints::{self, Hint};
use crate::model::{Field, Listed, Scalar, Source};
use crate::sanitize::{is_unsafe, sanitize};

/// The columns of a source row, in order ([`source_row`]).
pub const SOURCE_HEADER: &[&str] = &[
    "name",
    "id",
    "ip",
    "os_type",
    "os_version",
    "firmware",
    "cpus",
    "memory_bytes",
    "disks",
    "total_bytes",
    "used_bytes",
    "state",
    "readiness",
    "ok",
    "warn",
    "error",
    "hints",
];

/// Writes a header and its rows: each value made safe ([`cell`]) and quoted as RFC 4180
/// asks, each line ended with CRLF. Any command can export with it.
pub fn write_rows<R>(
    header: &[&str],
    rows: impl IntoIterator<Item = R>,
    out: &mut dyn Write,
) -> io::Result<()>
where
    R: AsRef<[String]>,
{
    line(out, header.iter().copied())?;
    for row in rows {
        line(out, row.as_ref().iter().map(String::as_str))?;
    }
    Ok(())
}

fn line<'a>(out: &mut dyn Write, fields: impl Iterator<Item = &'a str>) -> io::Result<()> {
    let mut first = true;
    for f in fields {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(quoted(&cell(f)).as_bytes())?;
    }
    out.write_all(b"\r\n")
}

/// A value as a spreadsheet may read it: a leading `=`, `+`, `-`, `@`, tab or CR prefixed
/// with `'`; control and format characters other than tab, CR and LF escaped.
pub fn cell(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 1);
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        out.push('\'');
    }
    for c in value.chars() {
        if is_unsafe(c) && !matches!(c, '\t' | '\r' | '\n') {
            out.push_str(&sanitize(c.encode_utf8(&mut [0; 4])));
        } else {
            out.push(c);
        }
    }
    out
}

/// RFC 4180: quoted when it holds a comma, quote, CR or LF, its quotes doubled.
fn quoted(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// What a command knows of one source beyond its body: the grade, the counts, the hints.
/// `None` is a column the command does not have (an empty cell).
#[derive(Default)]
pub struct Known<'a> {
    pub readiness: Option<Readiness>,
    pub counts: Option<Counts>,
    pub hints: Option<&'a [Hint]>,
    /// The ID to show when the source has none (what the user asked for).
    pub label: Option<&'a str>,
}

/// One source's row, in [`SOURCE_HEADER`] order.
pub fn source_row(s: Option<&Source>, known: Known) -> Vec<String> {
    let f = |get: fn(&Source) -> &Field| s.map(|s| raw(get(s))).unwrap_or_default();
    let id = match s.and_then(|s| s.id.as_ref()) {
        Some(id) => id.to_string(),
        None => known.label.unwrap_or_default().to_owned(),
    };
    let disks = s.and_then(|s| s.disks.as_deref());
    let sum = |get: fn(&crate::model::Disk) -> &Field| -> String {
        let Some(disks) = disks else {
            return String::new();
        };
        disks
            .iter()
            .try_fold(0u64, |total, d| {
                let n = d.as_ref().and_then(|d| get(d).as_ref()?.as_u64())?;
                total.checked_add(n)
            })
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    let count = |n: fn(&Counts) -> usize| known.counts.map(|c| n(&c).to_string());
    let mut rules: Vec<&str> = Vec::new();
    for h in known.hints.into_iter().flatten() {
        if !rules.contains(&h.rule) {
            rules.push(h.rule);
        }
    }
    vec![
        f(|s| &s.name),
        id,
        f(|s| &s.ip),
        f(|s| &s.os_type),
        f(|s| &s.os_version),
        f(|s| &s.firmware),
        f(|s| &s.cpu_quantity),
        s.map(memory).unwrap_or_default(),
        disks.map(|d| d.len().to_string()).unwrap_or_default(),
        sum(|d| &d.size),
        sum(|d| &d.used_size),
        f(|s| &s.state),
        known
            .readiness
            .map(|r| r.name().to_owned())
            .unwrap_or_default(),
        count(|c| c.ok).unwrap_or_default(),
        count(|c| c.warn).unwrap_or_default(),
        count(|c| c.error).unwrap_or_default(),
        rules.join(";"),
    ]
}

/// A field as sent, empty when missing or null.
fn raw(f: &Field) -> String {
    f.as_ref().map(Scalar::to_string).unwrap_or_default()
}

/// Memory in bytes after the unit rule ([`hints::memory_bytes`]); empty when it is not a
/// number or is implausible whichever way it is read (the `memory-implausible` hint says so).
fn memory(s: &Source) -> String {
    match s.memory.as_ref().and_then(Scalar::as_u64) {
        Some(n) if n >= hints::MEMORY_PLAUSIBLE_MIB => hints::memory_bytes(n).to_string(),
        _ => String::new(),
    }
}

/// `sources -o csv`: the list's items (no readiness: `sources` does not judge).
pub fn write_sources(listed: &[Listed], out: &mut dyn Write) -> io::Result<()> {
    let rows = listed.iter().map(|l| {
        let s = &l.source;
        let counts = s.checks.as_ref().map(|_| Counts::of(gate::checks(s)));
        source_row(
            Some(s),
            Known {
                counts,
                ..Known::default()
            },
        )
    });
    write_rows(SOURCE_HEADER, rows, out)
}

/// `check -o csv`: one row per source judged, in the order given.
pub fn write_check(outcomes: &[Outcome], out: &mut dyn Write) -> io::Result<()> {
    let rows = outcomes.iter().map(|o| {
        source_row(
            o.source.as_ref(),
            Known {
                readiness: Some(o.readiness),
                counts: o.source.as_ref().map(|_| o.counts),
                hints: o.hints.as_deref(),
                label: Some(&o.label),
            },
        )
    });
    write_rows(SOURCE_HEADER, rows, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv(header: &[&str], rows: &[&[&str]]) -> String {
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().map(|s| (*s).to_owned()).collect())
            .collect();
        let mut out = Vec::new();
        write_rows(header, rows, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn quotes_as_rfc_4180_and_ends_lines_with_crlf() {
        assert_eq!(
            csv(
                &["a", "b"],
                &[&["x,y", "say \"hi\""], &["line\r\nbreak", ""]]
            ),
            "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"line\r\nbreak\",\r\n"
        );
    }

    #[test]
    fn no_cell_runs_as_a_formula() {
        for (value, shown) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1", "'+1"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("a=b", "a=b"),
            ("12", "12"),
            ("", ""),
        ] {
            assert_eq!(cell(value), shown, "{value:?}");
        }
        // Terminal and bidi controls are escaped; tab, CR and LF inside stay.
        assert_eq!(
            cell("a\u{1b}[31m\u{202e}b\tc\nd"),
            "a\\x1b[31m\\u{202e}b\tc\nd"
        );
    }
}
