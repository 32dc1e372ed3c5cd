//! Drawing a planned table with comfy-table, a chunk of rows at a time.

use std::io::{self, Write};

use comfy_table::{CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

use super::{Cell, Column, Fit, GAP, Layout, paint, shorten};
use crate::render::{MISSING, Style};

/// Hands rows to comfy-table a chunk at a time, every chunk with the same fixed widths.
pub(super) struct Drawer<'a> {
    style: &'a Style,
    columns: &'a [Column],
    /// The width of each column, `None` when it is not shown.
    widths: Vec<Option<usize>>,
    /// The last column shown (it gets no gap after it).
    last: Option<usize>,
    table: Table,
    pub(super) rows: usize,
}

impl<'a> Drawer<'a> {
    pub(super) fn new(style: &'a Style, columns: &'a [Column], layout: &Layout) -> Drawer<'a> {
        let mut widths = vec![None; columns.len()];
        for &(i, w) in &layout.shown {
            widths[i] = Some(w);
        }
        Drawer {
            style,
            columns,
            widths,
            last: layout.shown.last().map(|s| s.0),
            table: Drawer::empty(),
            rows: 0,
        }
    }

    /// An empty comfy-table with no borders and comfy-table's own terminal handling off (the
    /// planner has fitted the table; colour is ours).
    fn empty() -> Table {
        let mut table = Table::new();
        table
            .load_style(comfy_table::presets::NOTHING)
            .force_no_tty()
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

    pub(super) fn add(&mut self, row: &[Cell], header: bool) {
        let empty = Cell::default();
        let cells: Vec<comfy_table::Cell> = self
            .widths
            .iter()
            .enumerate()
            .map(|(i, width)| {
                let Some(width) = *width else {
                    return comfy_table::Cell::new_owned(String::new());
                };
                let cell = row.get(i).unwrap_or(&empty);
                let text = if cell.text.is_empty() && !header {
                    MISSING
                } else {
                    &cell.text
                };
                let text = match self.columns[i].fit {
                    Fit::Wrap => std::borrow::Cow::Borrowed(text),
                    Fit::Whole | Fit::Text => shorten(text, width),
                };
                let color = if header { None } else { cell.color };
                comfy_table::Cell::new_owned(paint(self.style, &text, color, header))
            })
            .collect();
        let fresh = self.table.column_count() == 0;
        if header {
            self.table.set_header(cells);
        } else {
            self.table.add_row(cells);
            self.rows += 1;
        }
        if fresh {
            self.configure();
        }
    }

    /// Writes what was added so far, without trailing spaces, and starts an empty chunk.
    pub(super) fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.table.column_count() == 0 {
            return Ok(());
        }
        for line in self.table.lines() {
            writeln!(out, "{}", line.trim_end_matches(' '))?;
        }
        self.table = Drawer::empty();
        self.rows = 0;
        Ok(())
    }
}
