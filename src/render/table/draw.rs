//! Drawing a planned table with comfy-table, a chunk of rows at a time.
//!
//! comfy-table lays out plain text (no escapes, so it measures nothing but text); colour is
//! put on afterwards, over the columns the planner placed: every shown column starts at a
//! known display column, and its text is the runs of non-space characters that start inside
//! it (columns are separated by spaces, so no run crosses into the next). Runs are measured
//! as strings, as comfy-table measures a cell (an emoji with U+FE0F is two columns as a
//! string though its characters add up to one). Rows go [`CHUNK`] at a time; with colour on
//! and a column that wraps, each row is laid out alone so that its lines are known.

use std::borrow::Cow;
use std::io::{self, Write};

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};
use owo_colors::AnsiColors;
use unicode_width::UnicodeWidthStr;

use super::{CHUNK, Cell, Column, Fit, GAP, Layout, paint, shorten};
use crate::render::{MISSING, Style};

/// Hands rows to comfy-table a chunk at a time, every chunk with the same fixed widths.
pub(super) struct Drawer<'a> {
    style: &'a Style,
    columns: &'a [Column],
    /// The width of each column, `None` when it is not shown.
    widths: Vec<Option<usize>>,
    /// Where each shown column starts on a line, in display columns, with its width.
    spans: Vec<(usize, usize, usize)>,
    /// The last column shown (it gets no gap after it).
    last: Option<usize>,
    table: Table,
    /// With colour on, what to paint on each row waiting in `table`, by column, and whether
    /// it is the header (bold).
    paints: Vec<(Vec<Option<AnsiColors>>, bool)>,
    /// Some shown column wraps: a row may take several lines, so (with colour on) each row
    /// is laid out alone.
    wraps: bool,
    /// Whether `table` has its columns (configured with its first row).
    configured: bool,
    rows: usize,
}

impl<'a> Drawer<'a> {
    pub(super) fn new(style: &'a Style, columns: &'a [Column], layout: &Layout) -> Drawer<'a> {
        let mut widths = vec![None; columns.len()];
        let mut spans = Vec::with_capacity(layout.shown.len());
        let mut at = 0;
        for &(i, w) in &layout.shown {
            widths[i] = Some(w);
            spans.push((i, at, w));
            at += w + GAP;
        }
        Drawer {
            style,
            columns,
            widths,
            spans,
            last: layout.shown.last().map(|s| s.0),
            table: Drawer::empty(),
            paints: Vec::new(),
            wraps: layout
                .shown
                .iter()
                .any(|&(i, _)| columns[i].fit == Fit::Wrap),
            configured: false,
            rows: 0,
        }
    }

    /// An empty comfy-table with no borders and comfy-table's own terminal handling off (the
    /// planner has fitted the table; colour is ours).
    fn empty() -> Table {
        let mut table = Table::new();
        table
            .load_style(comfy_table::presets::NOTHING)
            .set_content_arrangement(ContentArrangement::Disabled)
            .set_truncation_indicator("…");
        table
    }

    /// The planner's decisions as comfy-table's column settings: fixed widths (the gap
    /// included), hidden columns, numbers right-aligned.
    fn configure(&mut self) {
        for (i, c) in self.columns.iter().enumerate() {
            let Some(column) = self.table.column_mut(i) else {
                continue;
            };
            match self.widths[i] {
                None => {
                    column.set_constraint(ColumnConstraint::Hidden);
                }
                Some(w) => {
                    let gap = if Some(i) == self.last { 0 } else { GAP };
                    column.set_padding((0, gap as u16));
                    column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                        u16::try_from(w + gap).unwrap_or(u16::MAX),
                    )));
                    if c.right {
                        column.set_cell_alignment(CellAlignment::Right);
                    }
                }
            }
        }
    }

    /// Adds a row (or the header, which is laid out with the first chunk, or alone with
    /// colour on).
    pub(super) fn add(&mut self, row: impl IntoIterator<Item = Cell>, header: bool) {
        let mut paints = Vec::new();
        let mut row = row.into_iter().map(|c| {
            if self.style.color {
                paints.push(c.color);
            }
            c.text
        });
        let cells: Vec<comfy_table::Cell> = self
            .widths
            .iter()
            .enumerate()
            .map(|(i, width)| {
                let text = row.next().unwrap_or_default();
                let Some(width) = *width else {
                    return comfy_table::Cell::new_owned(String::new());
                };
                let text = if text.is_empty() && !header {
                    MISSING.to_owned()
                } else {
                    text
                };
                let text = match self.columns[i].fit {
                    Fit::Wrap => text,
                    Fit::Whole | Fit::Text => match shorten(&text, width) {
                        Cow::Borrowed(_) => text,
                        Cow::Owned(short) => short,
                    },
                };
                comfy_table::Cell::new_owned(text)
            })
            .collect();
        drop(row);
        if self.style.color {
            self.paints.push((paints, header));
        }
        if header && !self.style.color {
            self.table.set_header(cells);
        } else {
            self.table.add_row(cells);
            if !header {
                self.rows += 1;
            }
        }
        if !self.configured {
            self.configure();
            self.configured = true;
        }
    }

    /// Whether the rows added so far should be written before the next is added: a whole
    /// chunk, or with colour on and a wrapping column any row (the header included).
    pub(super) fn full(&self) -> bool {
        (self.wraps && !self.paints.is_empty()) || self.rows >= CHUNK
    }

    /// Writes what was added so far, without trailing spaces, and starts an empty chunk.
    pub(super) fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.configured {
            return Ok(());
        }
        let paints = std::mem::take(&mut self.paints);
        // With colour on, the lines are the rows' own: one row when a column wraps, else one
        // line per row.
        let mut row_paints = paints.iter();
        let mut current = None;
        for line in self.table.lines() {
            let line = line.trim_end_matches(' ');
            if self.style.color && (!self.wraps || current.is_none()) {
                current = row_paints.next();
            }
            match current {
                // A row with nothing to paint (most rows of a report) is written as it is.
                Some((paints, header)) if *header || paints.iter().any(Option::is_some) => {
                    out.write_all(self.painted(line, paints, *header).as_bytes())?;
                }
                _ => out.write_all(line.as_bytes())?,
            }
            out.write_all(b"\n")?;
        }
        self.table = Drawer::empty();
        self.configured = false;
        self.rows = 0;
        Ok(())
    }

    /// One laid-out line with each shown cell's text (spaces around it left plain) painted.
    fn painted(&self, line: &str, paints: &[Option<AnsiColors>], header: bool) -> String {
        let mut out = String::with_capacity(line.len() + 16 * self.spans.len());
        let mut written = 0;
        let mut runs = Runs::new(line).peekable();
        for &(i, start, width) in &self.spans {
            let color = paints.get(i).copied().flatten();
            // The runs that start inside this column are its text.
            let mut text: Option<(usize, usize)> = None;
            while let Some(&(column, from, to)) = runs.peek() {
                if column >= start + width {
                    break;
                }
                runs.next();
                if column >= start {
                    text = Some((text.map_or(from, |t| t.0), to));
                }
            }
            let Some((from, to)) = text else {
                continue;
            };
            if color.is_none() && !header {
                continue;
            }
            out.push_str(&line[written..from]);
            out.push_str(&paint(self.style, &line[from..to], color, header));
            written = to;
        }
        out.push_str(&line[written..]);
        out
    }
}

/// The runs of non-space characters of a line: (display column, start byte, end byte), each
/// measured as a string.
struct Runs<'a> {
    line: &'a str,
    at: usize,
    column: usize,
}

impl<'a> Runs<'a> {
    fn new(line: &'a str) -> Runs<'a> {
        Runs {
            line,
            at: 0,
            column: 0,
        }
    }
}

impl Iterator for Runs<'_> {
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<(usize, usize, usize)> {
        let rest = &self.line[self.at..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        if spaces == rest.len() {
            return None;
        }
        let from = self.at + spaces;
        let run = self.line[from..].split(' ').next().unwrap_or("");
        let to = from + run.len();
        let column = self.column + spaces;
        self.column = column + run.width();
        self.at = to;
        Some((column, from, to))
    }
}
