//! The table engine: light, kubectl- and lsblk-like tables that never split a value.
//!
//! The planner here decides which columns show and how wide each is; comfy-table draws them
//! (no borders: the look of `kubectl get`, and what a script reads when piped). A table has
//! columns with a fixed order of what goes first when the terminal is too narrow: a check's
//! message and parameters (`Fit::Wrap`) are never cut but wrap inside their column; other free
//! text (`Fit::Text`) is shortened with `…`; the rest (IDs, device paths, addresses, mount
//! points, sizes) are never shortened, only left out whole (comfy-table's `Hidden`), in the
//! order their `drop` rank gives, and a note says which. Columns that are empty in every row
//! are left out. Piped (no width), every column that holds something is written in full. Rows
//! are produced twice by the caller, once to measure and once to write, and written
//! [`CHUNK`] rows at a time with the widths of the whole table (with colour on and a column
//! that wraps, a row at a time), so a table of any length is written in flat memory.

mod draw;
mod lines;

use std::io::{self, Write};

use owo_colors::AnsiColors;
use unicode_width::UnicodeWidthStr;

pub use lines::{hanging, heading, key_values, paint, shorten, wrap};

use crate::gate::Level;
use crate::model::{Field, Scalar};
use crate::render::{MISSING, Style};

/// Spaces between columns.
const GAP: usize = 2;
/// Free text is shortened (or wrapped) to this many columns before any column is left out...
const COMFORT_TEXT: usize = 24;
/// ...and, when leaving columns out was not enough, down to this many (or its header's width).
const MIN_TEXT: usize = 12;
/// Rows handed to comfy-table at a time: it lays out a table in memory, a report can hold
/// 80,000 partitions.
const CHUNK: usize = 512;

/// The drop rank of a column that goes before any text is shortened or wrapped.
pub const FIRST: u8 = u8::MAX;

/// How a column may give way on a narrow terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never shortened; left out whole when it must go (IDs, paths, addresses, sizes).
    Whole,
    /// Free text: shortened with `…` before anything is left out.
    Text,
    /// A check's message or parameters: never cut nor left out; wraps inside its column.
    Wrap,
}

/// One column: its header, how it fits, whether it is right-aligned (sizes), and when it is
/// left out on a narrow terminal: 0 never, else higher ranks go first.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: &'static str,
    pub fit: Fit,
    pub right: bool,
    pub drop: u8,
}

impl Column {
    /// A column that is never left out (the first: what the row is).
    pub const fn key(header: &'static str) -> Column {
        Column {
            header,
            fit: Fit::Whole,
            right: false,
            drop: 0,
        }
    }

    /// A whole value (never shortened), left out at rank `drop`.
    pub const fn whole(header: &'static str, drop: u8) -> Column {
        Column {
            header,
            fit: Fit::Whole,
            right: false,
            drop,
        }
    }

    /// A size or count, right-aligned.
    pub const fn number(header: &'static str, drop: u8) -> Column {
        Column {
            header,
            fit: Fit::Whole,
            right: true,
            drop,
        }
    }

    /// Free text, shortened first.
    pub const fn text(header: &'static str, drop: u8) -> Column {
        Column {
            header,
            fit: Fit::Text,
            right: false,
            drop,
        }
    }

    /// A check's message or parameters: wrapped, never cut, never left out.
    pub const fn wrap(header: &'static str) -> Column {
        Column {
            header,
            fit: Fit::Wrap,
            right: false,
            drop: 0,
        }
    }

    /// The same column, left out at rank `drop` (decided at run time: an ID goes first when
    /// every name is unique).
    pub const fn ranked(self, drop: u8) -> Column {
        Column { drop, ..self }
    }
}

/// One cell: sanitised text and an optional colour.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub color: Option<AnsiColors>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            color: None,
        }
    }

    pub fn colored(text: impl Into<String>, color: Option<AnsiColors>) -> Cell {
        Cell {
            text: text.into(),
            color,
        }
    }

    /// Nothing worth a column: empty or the missing mark.
    fn is_empty(&self) -> bool {
        self.text.is_empty() || self.text == MISSING
    }
}

/// A table's row: a named cell per column, and the columns in the order they are drawn, so
/// that a cell cannot land in another column nor be dropped. Declared with [`row!`].
pub trait Row<const N: usize> {
    /// One column per field, in the fields' order.
    const COLUMNS: [Column; N];
    /// The cells, in the columns' order.
    fn cells(self) -> [Cell; N];
}

/// Declares a table's row: a struct with a [`Cell`] field per column (empty by `Default`,
/// so a row names only the cells it fills) and its [`Row`] impl, from one list of
/// `field: Column` pairs.
///
/// ```text
/// row! {
///     /// A NIC.
///     struct NicRow {
///         name: Column::key("NAME"),
///         ip: Column::whole("IP", 1),
///     }
/// }
/// emit(NicRow { name: Cell::new("eth0"), ..NicRow::default() });
/// ```
macro_rules! row {
    ($(#[$meta:meta])* $vis:vis struct $name:ident {
        $($(#[$field_meta:meta])* $field:ident: $column:expr),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default)]
        $vis struct $name {
            $($(#[$field_meta])* pub $field: $crate::render::table::Cell,)+
        }

        impl $crate::render::table::Row<{ [$(stringify!($field)),+].len() }> for $name {
            const COLUMNS: [$crate::render::table::Column; { [$(stringify!($field)),+].len() }] =
                [$($column),+];
            fn cells(self) -> [$crate::render::table::Cell; { [$(stringify!($field)),+].len() }] {
                [$(self.$field),+]
            }
        }
    };
}
pub(crate) use row;

/// `columns` are `R`'s own, re-ranked at most: two rows with as many columns cannot be
/// mixed up (checked in debug builds, which the tests are).
fn same_columns<const N: usize, R: Row<N>>(columns: &[Column; N]) {
    debug_assert!(
        columns
            .iter()
            .zip(R::COLUMNS.iter())
            .all(|(a, b)| a.header == b.header),
        "columns not those of the rows"
    );
}

/// Calls its argument once per row of a table.
pub type Rows<'a, R> = dyn Fn(&mut dyn FnMut(R)) + 'a;

/// `columns` with the one headed `header` left out at rank `drop` instead (an ID that goes
/// first when names are unique, a diff's OLD that shows only when some change has one).
pub fn ranked<const N: usize>(mut columns: [Column; N], header: &str, drop: u8) -> [Column; N] {
    let mut found = 0;
    for c in &mut columns {
        if c.header == header {
            *c = c.ranked(drop);
            found += 1;
        }
    }
    debug_assert_eq!(found, 1, "no single column headed {header:?}");
    columns
}

/// The decided layout: which columns, how wide, and what was left out.
#[derive(Debug)]
pub struct Layout {
    /// Indexes of the columns shown, in order, with their widths.
    pub shown: Vec<(usize, usize)>,
    /// Headers of the columns left out for width (not the empty ones).
    pub left_out: Vec<&'static str>,
}

/// The narrowest a free-text column gets at this stage: `floor`, or its header.
fn floor_of(column: &Column, floor: usize) -> usize {
    floor.max(column.header.width())
}

/// Decides the layout from the measured natural widths and which columns hold anything.
pub fn layout(
    columns: &[Column],
    natural: &[usize],
    filled: &[bool],
    width: Option<u16>,
) -> Layout {
    let mut shown: Vec<(usize, usize)> = (0..columns.len())
        .filter(|&i| filled[i] || columns[i].drop == 0)
        .map(|i| (i, natural[i].max(columns[i].header.width())))
        .collect();
    let mut left_out = Vec::new();
    let Some(width) = width.map(usize::from) else {
        return Layout { shown, left_out };
    };
    let total = |shown: &[(usize, usize)]| {
        shown.iter().map(|(_, w)| w).sum::<usize>() + GAP * shown.len().saturating_sub(1)
    };
    loop {
        let over = total(&shown).saturating_sub(width);
        if over == 0 {
            break;
        }
        // A column ranked FIRST goes before anything else gives way (a fleet table's ID when
        // the names are unique); then free text gives way, to a comfortable width; then whole
        // columns go, highest rank first; then free text gives way to its floor.
        if let Some(at) = shown.iter().position(|(i, _)| columns[*i].drop == FIRST) {
            let (i, _) = shown.remove(at);
            if filled[i] {
                left_out.push(columns[i].header);
            }
            continue;
        }
        if shrink(columns, &mut shown, over, COMFORT_TEXT) {
            continue;
        }
        let droppable = shown
            .iter()
            .enumerate()
            .filter(|(_, (i, _))| columns[*i].drop > 0 && columns[*i].fit != Fit::Wrap)
            .max_by_key(|(at, (i, _))| (columns[*i].drop, *at))
            .map(|(at, _)| at);
        if let Some(at) = droppable {
            // Free text whose turn it is gives way to its floor before it goes.
            let (i, w) = shown[at];
            let floor = floor_of(&columns[i], MIN_TEXT);
            if columns[i].fit == Fit::Text && w > floor {
                shown[at].1 = w.saturating_sub(over).max(floor);
                continue;
            }
            shown.remove(at);
            if filled[i] {
                left_out.push(columns[i].header);
            }
            continue;
        }
        if shrink(columns, &mut shown, over, MIN_TEXT) {
            continue;
        }
        // Last resort, for a value wider than the terminal by itself (a 400-character host
        // name): the widest column is cut, marked with `…` (a wrapped one wraps narrower),
        // rather than the line broken by the terminal.
        match shown.iter_mut().max_by_key(|(_, w)| *w) {
            Some((_, w)) if *w > 1 => *w = w.saturating_sub(over).max(1),
            _ => break,
        }
    }
    // What leaving columns out freed goes back to the free text, up to its natural width.
    let mut spare = width.saturating_sub(total(&shown));
    for (i, w) in shown.iter_mut() {
        if columns[*i].fit != Fit::Whole && spare > 0 {
            let grow = natural[*i].saturating_sub(*w).min(spare);
            *w += grow;
            spare -= grow;
        }
    }
    Layout { shown, left_out }
}

/// Narrows the widest free-text or wrapped column wider than `floor` by up to `over`; false
/// when none is.
fn shrink(columns: &[Column], shown: &mut [(usize, usize)], over: usize, floor: usize) -> bool {
    let widest = shown
        .iter_mut()
        .filter(|(i, w)| columns[*i].fit != Fit::Whole && *w > floor_of(&columns[*i], floor))
        .max_by_key(|(_, w)| *w);
    match widest {
        Some((i, w)) => {
            *w = w.saturating_sub(over).max(floor_of(&columns[*i], floor));
            true
        }
        None => false,
    }
}

/// A titled table, or one line saying the section is empty. `rows` is called twice.
pub fn section<const N: usize, R: Row<N>>(
    out: &mut dyn Write,
    style: &Style,
    title: &str,
    columns: &[Column; N],
    rows: &Rows<R>,
) -> io::Result<()> {
    if !titled(out, style, true, title, columns, rows)? {
        writeln!(out)?;
        writeln!(out, "{title}: none")?;
    }
    Ok(())
}

/// A titled table (after a blank line when `blank_before`); writes nothing and returns false
/// when there are no rows, so that the caller can gather the empty sections in one line.
/// `rows` is called twice.
pub fn titled<const N: usize, R: Row<N>>(
    out: &mut dyn Write,
    style: &Style,
    blank_before: bool,
    title: &str,
    columns: &[Column; N],
    rows: &Rows<R>,
) -> io::Result<bool> {
    let (natural, filled, count) = measure(columns, rows);
    if count == 0 {
        return Ok(false);
    }
    if blank_before {
        writeln!(out)?;
    }
    heading(out, style, title)?;
    let layout = layout(columns, &natural, &filled, style.width);
    draw(out, style, columns, &layout, rows)?;
    if !layout.left_out.is_empty() {
        let note = format!(
            "(not shown at this width: {}; --wide or --json shows them)",
            layout.left_out.join(", ")
        );
        for line in wrap(&note, style.width.map_or(usize::MAX, usize::from)) {
            writeln!(out, "{line}")?;
        }
    }
    Ok(true)
}

/// The lines of an untitled table fitted to `width` columns, header first, for a screen that
/// places its lines itself (`watch`'s frame).
pub fn lines<const N: usize, R: Row<N> + Clone>(
    style: &Style,
    columns: &[Column; N],
    rows: Vec<R>,
    width: usize,
) -> Vec<String> {
    let rows = &|emit: &mut dyn FnMut(R)| rows.iter().cloned().for_each(&mut *emit);
    let (natural, filled, _) = measure(columns, rows);
    let width = u16::try_from(width).unwrap_or(u16::MAX);
    let layout = layout(columns, &natural, &filled, Some(width));
    let mut out = Vec::new();
    // Writing to memory does not fail.
    let _ = draw(&mut out, style, columns, &layout, rows);
    String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Each column's natural width, whether it holds anything, and how many rows there are.
fn measure<const N: usize, R: Row<N>>(
    columns: &[Column; N],
    rows: &Rows<R>,
) -> ([usize; N], [bool; N], usize) {
    same_columns::<N, R>(columns);
    let mut natural = [0usize; N];
    let mut filled = [false; N];
    let mut count = 0usize;
    rows(&mut |row| {
        count += 1;
        for (i, cell) in row.cells().iter().enumerate() {
            // A text no longer in bytes than the widest so far cannot be wider (no character
            // is wider than its UTF-8 bytes): most cells are not measured.
            if cell.text.len() > natural[i] {
                natural[i] = natural[i].max(cell.text.width());
            }
            filled[i] |= !cell.is_empty();
        }
    });
    (natural, filled, count)
}

/// The header and the rows in `layout`, through comfy-table a chunk at a time.
fn draw<const N: usize, R: Row<N>>(
    out: &mut dyn Write,
    style: &Style,
    columns: &[Column; N],
    layout: &Layout,
    rows: &Rows<R>,
) -> io::Result<()> {
    let mut drawer = draw::Drawer::new(style, columns, layout);
    drawer.add(columns.map(|c| Cell::new(c.header)), true);
    if drawer.full() {
        drawer.flush(out)?;
    }
    let mut result = Ok(());
    rows(&mut |row| {
        if result.is_ok() {
            drawer.add(row.cells(), false);
            if drawer.full() {
                result = drawer.flush(out);
            }
        }
    });
    result?;
    drawer.flush(out)
}

/// The colour of a check result.
pub fn level_color(level: Level) -> Option<AnsiColors> {
    match level {
        Level::Ok => Some(AnsiColors::Green),
        Level::Warn => Some(AnsiColors::Yellow),
        Level::Error => Some(AnsiColors::Red),
        Level::Other => None,
    }
}

/// The colour of a source's state.
pub fn state_color(state: &Field) -> Option<AnsiColors> {
    match state.as_ref().and_then(Scalar::as_str)? {
        "finished" => Some(AnsiColors::Green),
        "error" | "unavailable" => Some(AnsiColors::Red),
        "stopped" | "stopping" => Some(AnsiColors::Yellow),
        _ => None,
    }
}

/// The colour of the agent: by the age of its last visit (within the hour green, within a
/// day yellow, older red), red when it is not connected, never green when stale or unknown.
pub fn agent_color(connected: Option<bool>, age_ms: Option<u64>) -> Option<AnsiColors> {
    const HOUR: u64 = 3_600_000;
    match (connected, age_ms) {
        (Some(false), _) => Some(AnsiColors::Red),
        (_, Some(age)) if age <= HOUR => Some(AnsiColors::Green),
        (_, Some(age)) if age <= 24 * HOUR => Some(AnsiColors::Yellow),
        (_, Some(_)) => Some(AnsiColors::Red),
        (_, None) => None,
    }
}

/// The tree glyph for child `index` of `len`: `├─ ` or, for the last, `└─ `.
pub fn branch(index: usize, len: usize) -> &'static str {
    if index + 1 == len {
        "└─ "
    } else {
        "├─ "
    }
}

#[cfg(test)]
mod tests;
