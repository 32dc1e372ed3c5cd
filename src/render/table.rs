//! The table engine: light, kubectl- and lsblk-like tables that never split a value.
//!
//! A table has columns with a fixed order of what goes first when the terminal is too narrow:
//! free text (a check's message) is shortened with `…`; other columns (IDs, device paths,
//! addresses, mount points, sizes) are never shortened, only left out whole, in the order
//! their `drop` rank gives, and a note says which. Columns that are empty in every row are
//! left out. Piped (no width), every column that holds something is written in full. Rows are
//! produced twice by the caller, once to measure and once to write, so a table of any length
//! is written in flat memory.

use std::io::{self, Write};

use owo_colors::{AnsiColors, OwoColorize};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::gate::Level;
use crate::model::{Field, Scalar};
use crate::render::{MISSING, Style};

/// Spaces between columns.
const GAP: usize = 2;
/// Free text is shortened to this many columns before any column is left out...
const COMFORT_TEXT: usize = 24;
/// ...and, when leaving columns out was not enough, down to this many (or its header's width).
const MIN_TEXT: usize = 12;

/// How a column may give way on a narrow terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never shortened; left out whole when it must go (IDs, paths, addresses, sizes).
    Whole,
    /// Free text: shortened with `…` before anything is left out.
    Text,
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

/// Calls its argument once per row of a table.
pub type Rows<'a> = dyn Fn(&mut dyn FnMut(Vec<Cell>)) + 'a;

/// The decided layout: which columns, how wide, and what was left out.
#[derive(Debug)]
pub struct Layout {
    /// Indexes of the columns shown, in order, with their widths.
    pub shown: Vec<(usize, usize)>,
    /// Headers of the columns left out for width (not the empty ones).
    pub left_out: Vec<&'static str>,
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
        // Free text gives way first, to a comfortable width; then whole columns go, highest
        // rank first; then free text gives way to its floor.
        if shrink(columns, &mut shown, over, COMFORT_TEXT) {
            continue;
        }
        let droppable = shown
            .iter()
            .enumerate()
            .filter(|(_, (i, _))| columns[*i].drop > 0)
            .max_by_key(|(at, (i, _))| (columns[*i].drop, *at))
            .map(|(at, _)| at);
        if let Some(at) = droppable {
            // Free text whose turn it is gives way to its floor before it goes.
            let (i, w) = shown[at];
            let floor = MIN_TEXT.max(columns[i].header.width());
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
        // name): the widest column is cut, marked with `…`, rather than the line wrapped.
        match shown.iter_mut().max_by_key(|(_, w)| *w) {
            Some((_, w)) if *w > 1 => *w = w.saturating_sub(over).max(1),
            _ => break,
        }
    }
    Layout { shown, left_out }
}

/// Shortens the widest free-text column wider than `floor` by up to `over`; false when none is.
fn shrink(columns: &[Column], shown: &mut [(usize, usize)], over: usize, floor: usize) -> bool {
    let widest = shown
        .iter_mut()
        .filter(|(i, w)| columns[*i].fit == Fit::Text && *w > floor.max(columns[*i].header.width()))
        .max_by_key(|(_, w)| *w);
    match widest {
        Some((i, w)) => {
            *w = w
                .saturating_sub(over)
                .max(floor.max(columns[*i].header.width()));
            true
        }
        None => false,
    }
}

/// A titled table, or one line saying the section is empty. `rows` is called twice.
pub fn section(
    out: &mut dyn Write,
    style: &Style,
    title: &str,
    columns: &[Column],
    rows: &Rows,
) -> io::Result<()> {
    let mut natural = vec![0usize; columns.len()];
    let mut filled = vec![false; columns.len()];
    let mut count = 0usize;
    rows(&mut |row| {
        count += 1;
        for (i, cell) in row.iter().enumerate().take(columns.len()) {
            natural[i] = natural[i].max(cell.text.width());
            filled[i] |= !cell.is_empty();
        }
    });
    writeln!(out)?;
    if count == 0 {
        return writeln!(out, "{title}: none");
    }
    heading(out, style, title)?;
    let layout = layout(columns, &natural, &filled, style.width);
    let header: Vec<Cell> = columns.iter().map(|c| Cell::new(c.header)).collect();
    write_row(out, style, columns, &layout, &header, true)?;
    let mut result = Ok(());
    rows(&mut |row| {
        if result.is_ok() {
            result = write_row(out, style, columns, &layout, &row, false);
        }
    });
    result?;
    if !layout.left_out.is_empty() {
        let note = format!(
            "(not shown at this width: {}; --wide or --json shows them)",
            layout.left_out.join(", ")
        );
        let room = style.width.map_or(usize::MAX, usize::from);
        writeln!(out, "{}", shorten(&note, room))?;
    }
    Ok(())
}

fn write_row(
    out: &mut dyn Write,
    style: &Style,
    columns: &[Column],
    layout: &Layout,
    row: &[Cell],
    header: bool,
) -> io::Result<()> {
    let mut line = String::new();
    let last = layout.shown.len().saturating_sub(1);
    for (n, &(i, width)) in layout.shown.iter().enumerate() {
        let empty = Cell::default();
        let cell = row.get(i).unwrap_or(&empty);
        let text = if cell.text.is_empty() && !header {
            MISSING
        } else {
            &cell.text
        };
        let text = shorten(text, width);
        let pad = width.saturating_sub(text.width());
        let painted = paint(style, &text, if header { None } else { cell.color }, header);
        if columns[i].right {
            line.push_str(&" ".repeat(pad));
            line.push_str(&painted);
        } else {
            line.push_str(&painted);
            if n != last {
                line.push_str(&" ".repeat(pad));
            }
        }
        if n != last {
            line.push_str(&" ".repeat(GAP));
        }
    }
    writeln!(out, "{}", line.trim_end_matches(' '))
}

/// `text` cut to `width` display columns, the cut marked with `…`.
pub fn shorten(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if text.width() <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    std::borrow::Cow::Owned(out)
}

fn paint(style: &Style, text: &str, color: Option<AnsiColors>, bold: bool) -> String {
    match (style.color, color, bold) {
        (false, _, _) => text.to_owned(),
        (true, _, true) => text.bold().to_string(),
        (true, Some(c), false) => text.color(c).to_string(),
        (true, None, false) => text.to_owned(),
    }
}

/// A section's title, bold when colour is on, cut to the terminal's width.
pub fn heading(out: &mut dyn Write, style: &Style, title: &str) -> io::Result<()> {
    let title = shorten(title, style.width.map_or(usize::MAX, usize::from));
    if style.color {
        writeln!(out, "{}", title.bold())
    } else {
        writeln!(out, "{title}")
    }
}

/// `Key: value` lines, aligned; pairs whose value is empty are left out unless `all`. On a
/// terminal a value is cut (with `…`) only where it would not fit on its line at all.
pub fn key_values(
    out: &mut dyn Write,
    style: &Style,
    pairs: &[(&str, Cell)],
    all: bool,
) -> io::Result<()> {
    let kept: Vec<&(&str, Cell)> = pairs.iter().filter(|(_, v)| all || !v.is_empty()).collect();
    let key_width = kept.iter().map(|(k, _)| k.width() + 1).max().unwrap_or(0);
    for (key, value) in kept {
        let text = if value.text.is_empty() {
            MISSING
        } else {
            &value.text
        };
        let room = style
            .width
            .map_or(usize::MAX, |w| usize::from(w).saturating_sub(key_width + 1));
        let text = shorten(text, room.max(MIN_TEXT));
        let label = format!("{key}:");
        writeln!(
            out,
            "{label:<key_width$} {}",
            paint(style, &text, value.color, false)
        )?;
    }
    Ok(())
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

/// The tree glyph for child `index` of `len`: `├─ ` or, for the last, `└─ `.
pub fn branch(index: usize, len: usize) -> &'static str {
    if index + 1 == len {
        "└─ "
    } else {
        "├─ "
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [Column; 4] = [
        Column::key("NAME"),
        Column::text("MESSAGE", 1),
        Column::whole("UUID", 2),
        Column::number("SIZE", 3),
    ];

    #[test]
    fn empty_columns_go_and_text_shortens_before_anything_is_dropped() {
        let natural = [10, 40, 36, 9];
        let all = layout(&COLUMNS, &natural, &[true; 4], None);
        assert_eq!(all.shown.len(), 4);
        let empty_uuid = layout(&COLUMNS, &natural, &[true, true, false, true], None);
        assert_eq!(
            empty_uuid.shown.iter().map(|s| s.0).collect::<Vec<_>>(),
            [0, 1, 3]
        );
        // 10 + 40 + 36 + 9 + 6 = 101: at 90 the message shortens by 11.
        let at_90 = layout(&COLUMNS, &natural, &[true; 4], Some(90));
        assert_eq!(at_90.shown, [(0, 10), (1, 29), (2, 36), (3, 9)]);
        assert!(at_90.left_out.is_empty());
        // At 80 the message stops at 24 and the size goes, then the UUID.
        let at_80 = layout(&COLUMNS, &natural, &[true; 4], Some(80));
        assert_eq!(at_80.shown, [(0, 10), (1, 24), (2, 36)]);
        assert_eq!(at_80.left_out, ["SIZE"]);
        let at_60 = layout(&COLUMNS, &natural, &[true; 4], Some(60));
        assert_eq!(at_60.shown, [(0, 10), (1, 24)]);
        assert_eq!(at_60.left_out, ["SIZE", "UUID"]);
        // Then the message, at its turn, shortens to its floor, and then goes.
        let at_30 = layout(&COLUMNS, &natural, &[true; 4], Some(30));
        assert_eq!(at_30.shown, [(0, 10), (1, 18)]);
        let at_20 = layout(&COLUMNS, &natural, &[true; 4], Some(20));
        assert_eq!(at_20.shown, [(0, 10)]);
        assert_eq!(at_20.left_out, ["SIZE", "UUID", "MESSAGE"]);
        // A free-text column that may not go is shortened to its floor.
        let fixed = [Column::key("NAME"), Column::text("MESSAGE", 0)];
        let narrow = layout(&fixed, &[10, 40], &[true; 2], Some(25));
        assert_eq!(narrow.shown, [(0, 10), (1, 13)]);
    }

    #[test]
    fn shortening_counts_display_columns() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("日本語テキスト", 7), "日本語…");
        assert_eq!(shorten("abc", 3), "abc");
    }
}
