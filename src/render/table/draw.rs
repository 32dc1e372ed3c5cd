//! Drawing a planned table with comfy-table, a chunk of rows at a time.
//!
//! comfy-table lays out plain text (no escapes, so it measures nothing but text); colour is
//! put on afterwards, over the columns the planner placed: every shown column starts at a
//! known display column, so a painted cell is the run of its line between two offsets. With
//! colour on, each row is laid out by itself so that its lines are known to be its own (a
//! wrapped message gives a row several lines); piped, rows go [`CHUNK`] at a time.

use std::borrow::Cow;
use std::io::{self, Write};

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};
use owo_colors::AnsiColors;
use unicode_width::UnicodeWidthChar;

use super::{CHUNK, Cell, Column, Fit, GAP, Layout, paint, shorten};
use crate::render::{MISSING, Style};

/// How a row's cells are painted, by column index: `None` when the row is not painted.
type Paints = Option<Vec<Option<AnsiColors>>>;

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
    /// What to paint on the lines of the row waiting in `table` (colour on), and whether it
    /// is the header (bold).
    paints: Paints,
    header: bool,
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
            paints: None,
            header: false,
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
            self.paints = Some(paints);
            self.header = header;
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
    /// chunk, or with colour on any row (the header included).
    pub(super) fn full(&self) -> bool {
        self.paints.is_some() || self.rows >= CHUNK
    }

    /// Writes what was added so far, without trailing spaces, and starts an empty chunk.
    pub(super) fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.configured {
            return Ok(());
        }
        let paints = self.paints.take();
        for line in self.table.lines() {
            let line = line.trim_end_matches(' ');
            match &paints {
                None => out.write_all(line.as_bytes())?,
                Some(paints) => out.write_all(self.painted(line, paints).as_bytes())?,
            }
            out.write_all(b"\n")?;
        }
        self.table = Drawer::empty();
        self.configured = false;
        self.rows = 0;
        Ok(())
    }

    /// One laid-out line with each shown cell's text (spaces around it left plain) painted.
    fn painted(&self, line: &str, paints: &[Option<AnsiColors>]) -> String {
        let mut out = String::with_capacity(line.len() + 16 * self.spans.len());
        // Byte offsets of display columns are found walking the line once.
        let mut chars = line.char_indices().peekable();
        let mut column = 0usize;
        let mut byte_at = |target: usize| -> usize {
            while column < target {
                match chars.next() {
                    Some((_, c)) => column += c.width().unwrap_or(0),
                    None => return line.len(),
                }
            }
            // Zero-width characters belong to the cell before them.
            while let Some(&(b, c)) = chars.peek() {
                if c.width().unwrap_or(0) != 0 {
                    return b;
                }
                chars.next();
            }
            line.len()
        };
        let mut written = 0;
        for &(i, start, width) in &self.spans {
            let color = paints.get(i).copied().flatten();
            if color.is_none() && !self.header {
                continue;
            }
            let from = byte_at(start).max(written);
            let to = byte_at(start + width).max(from);
            let run = &line[from..to];
            let text = run.trim_matches(' ');
            if text.is_empty() {
                continue;
            }
            let lead = run.len() - run.trim_start_matches(' ').len();
            out.push_str(&line[written..from + lead]);
            out.push_str(&paint(self.style, text, color, self.header));
            written = from + lead + text.len();
        }
        out.push_str(&line[written..]);
        out
    }
}
