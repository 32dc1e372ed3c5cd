//! The table engine: the house style, fitting to the terminal, and sections of any length
//! written in chunks so memory stays flat. The reports in `source` and `fleet` are built on it.

use std::io::{self, Write};

use comfy_table::{
    Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width, presets,
};
use owo_colors::OwoColorize;
use unicode_width::UnicodeWidthStr;

use crate::gate::Level;
use crate::model::{Field, Scalar};
use crate::render::Style;

/// A section's title, bold when colour is on.
pub fn heading(out: &mut dyn Write, style: &Style, title: &str) -> io::Result<()> {
    if style.color {
        writeln!(out, "{}", title.bold())
    } else {
        writeln!(out, "{title}")
    }
}

/// A titled table, or one line saying the section is empty.
pub fn section(
    out: &mut dyn Write,
    style: &Style,
    title: &str,
    table: Option<Table>,
) -> io::Result<()> {
    writeln!(out)?;
    match table {
        Some(table) => {
            heading(out, style, title)?;
            writeln!(out, "{table}")
        }
        None => writeln!(out, "{title}: none reported"),
    }
}

/// A section whose rows come from `rows`, which is called twice: once to measure, once
/// to write. Up to [`CHUNK`] rows go through comfy-table whole (fitted to the terminal);
/// more are written [`CHUNK`] at a time with the widths of the whole table, so memory
/// stays flat however many disks a server has (such tables are not wrapped).
pub fn rows_section(
    out: &mut dyn Write,
    style: &Style,
    title: &str,
    header: &[&str],
    right: &[usize],
    rows: &Rows,
) -> io::Result<()> {
    let mut count = 0usize;
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    let columns = header.len();
    rows(&mut |row| {
        count += 1;
        for (w, cell) in widths.iter_mut().zip(&row) {
            *w = (*w).max(cell.content().width());
        }
    });
    if count == 0 {
        return section(out, style, title, None);
    }
    if count <= CHUNK {
        let mut table = new_table(style, header);
        rows(&mut |mut row| {
            row.truncate(columns);
            table.add_row(row);
        });
        right_align(&mut table, right);
        return section(out, style, title, Some(table));
    }
    writeln!(out)?;
    heading(out, style, title)?;
    let style = *style;
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut done = 0usize;
    let mut result = Ok(());
    rows(&mut |mut row| {
        row.truncate(columns);
        chunk.push(row);
        if chunk.len() == CHUNK || done + chunk.len() == count {
            let first = done == 0;
            done += chunk.len();
            let last = done == count;
            let table = fixed_table(
                &style,
                first.then_some(header),
                &widths,
                right,
                chunk.drain(..),
            );
            if result.is_ok() {
                result = write_chunk(out, &table.to_string(), first, last);
            }
        }
    });
    result
}

/// Calls its argument once per row of a table.
pub type Rows<'a> = dyn Fn(&mut dyn FnMut(Vec<Cell>)) + 'a;

/// Terminals narrower than this get the wide tables without their last columns.
pub const WIDE: usize = 120;

/// Rows per comfy-table; larger tables are written in chunks of this many.
pub const CHUNK: usize = 512;

pub fn cells<const N: usize>(texts: [String; N]) -> Vec<Cell> {
    texts.into_iter().map(Cell::new_owned).collect()
}

/// One chunk of a large table, with fixed column widths.
fn fixed_table(
    style: &Style,
    header: Option<&[&str]>,
    widths: &[usize],
    right: &[usize],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Table {
    let unwrapped = Style {
        width: None,
        ..*style
    };
    let mut table = new_table(&unwrapped, header.unwrap_or(&[]));
    table.add_rows(rows);
    for (i, w) in widths.iter().enumerate() {
        if let Some(column) = table.column_mut(i) {
            let w = u16::try_from(w + 2).unwrap_or(u16::MAX);
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(w)));
            if right.contains(&i) {
                column.set_cell_alignment(CellAlignment::Right);
            }
        }
    }
    table
}

/// Writes a chunk's lines, less the top border after the first chunk and the bottom border
/// before the last, so the chunks read as one table.
fn write_chunk(out: &mut dyn Write, rendered: &str, first: bool, last: bool) -> io::Result<()> {
    let lines: Vec<&str> = rendered.lines().collect();
    let start = usize::from(!first);
    let end = lines.len() - usize::from(!last);
    for line in &lines[start..end.max(start)] {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// A table in the house style: fitted to the terminal width, or unwrapped when piped;
/// styled only when colour is on.
pub fn new_table(style: &Style, header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED);
    match style.width {
        Some(width) => {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(width);
        }
        None => {
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
    }
    // comfy-table must not decide on its own: styling is on exactly when colour is.
    table.force_no_tty();
    if style.color {
        table.enforce_styling();
    }
    let header: Vec<Cell> = header
        .iter()
        .map(|h| {
            let cell = Cell::new(h);
            if style.color {
                cell.add_attribute(comfy_table::Attribute::Bold)
            } else {
                cell
            }
        })
        .collect();
    if !header.is_empty() {
        table.set_header(header);
    }
    // On a narrow terminal the first column (the names) wraps last.
    if style.width.is_some()
        && let Some(first) = table.column_mut(0)
    {
        first.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(16)));
    }
    table
}

/// A cell coloured when colour is on.
pub fn colored(style: &Style, text: String, color: Option<Color>) -> Cell {
    match (style.color, color) {
        (true, Some(c)) => Cell::new_owned(text).fg(c),
        _ => Cell::new_owned(text),
    }
}

/// The colour of a check result.
pub fn level_color(level: Level) -> Option<Color> {
    match level {
        Level::Ok => Some(Color::Green),
        Level::Warn => Some(Color::Yellow),
        Level::Error => Some(Color::Red),
        Level::Other => None,
    }
}

pub fn state_color(state: &Field) -> Option<Color> {
    match state.as_ref().and_then(Scalar::as_str)? {
        "finished" => Some(Color::Green),
        "error" | "unavailable" => Some(Color::Red),
        "stopped" | "stopping" => Some(Color::Yellow),
        _ => None,
    }
}

/// Size columns: right-aligned, and never so narrow that `1023.9 GiB` wraps.
pub fn right_align(table: &mut Table, columns: &[usize]) {
    for &i in columns {
        if let Some(column) = table.column_mut(i) {
            column.set_cell_alignment(CellAlignment::Right);
            column.set_constraint(ColumnConstraint::LowerBoundary(Width::Fixed(11)));
        }
    }
}
