//! Text that is not a table: shortened cells, wrapped lines, titles, `Key: value` lines.

use std::io::{self, Write};

use owo_colors::{AnsiColors, OwoColorize};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{Cell, MIN_TEXT};
use crate::render::{MISSING, Style};

/// `text` cut to `width` display columns, the cut marked with `…`. Widths are those of
/// strings, as comfy-table measures a cell (an emoji with U+FE0F is two columns, though its
/// characters add up to one).
pub fn shorten(text: &str, width: usize) -> std::borrow::Cow<'_, str> {
    // No character is wider than its UTF-8 bytes, so a text of `width` bytes fits unmeasured.
    if text.len() <= width || text.width() <= width {
        return std::borrow::Cow::Borrowed(text);
    }
    // The longest prefix that leaves a column for the mark (a prefix is never narrower than
    // a shorter one).
    let ends: Vec<usize> = text.char_indices().map(|(i, _)| i).skip(1).collect();
    let fits = ends.partition_point(|&end| text[..end].width() < width);
    let mut out = String::with_capacity(width + 3);
    if fits > 0 {
        out.push_str(&text[..ends[fits - 1]]);
    }
    out.push('…');
    std::borrow::Cow::Owned(out)
}

/// `text` broken into lines of at most `width` display columns at spaces; a word wider than
/// a whole line (a long path) is broken only then. Nothing is left out.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    if text.width() <= width {
        return vec![text.to_owned()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = if line.is_empty() { 0 } else { 1 } + word.width();
        if !line.is_empty() && line.width() + needed > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        } else if word.is_empty() {
            continue;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if line.width() + w > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    for line in &mut lines {
        line.truncate(line.trim_end_matches(' ').len());
    }
    lines
}

/// `text` painted in `color` (or bold, for a header) when colour is on.
pub fn paint(style: &Style, text: &str, color: Option<AnsiColors>, bold: bool) -> String {
    match (style.color, color, bold) {
        (false, _, _) => text.to_owned(),
        (true, _, true) => text.bold().to_string(),
        (true, Some(c), false) => text.color(c).to_string(),
        (true, None, false) => text.to_owned(),
    }
}

/// A section's title, bold when colour is on, wrapped (never cut) to the terminal's width.
pub fn heading(out: &mut dyn Write, style: &Style, title: &str) -> io::Result<()> {
    for line in wrap(title, style.width.map_or(usize::MAX, usize::from)) {
        if style.color {
            writeln!(out, "{}", line.bold())?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

/// `text` written after `lead` (a label such as `  ERROR  `), wrapped to the terminal's width
/// with every further line indented as far as the text starts: a check's message and
/// parameters are never cut. `lead_width` is the lead's display width (it may hold colour).
pub fn hanging(
    out: &mut dyn Write,
    style: &Style,
    lead: &str,
    lead_width: usize,
    text: &str,
) -> io::Result<()> {
    let room = style
        .width
        .map_or(usize::MAX, |w| usize::from(w).saturating_sub(lead_width))
        .max(MIN_TEXT);
    for (n, line) in wrap(text, room).iter().enumerate() {
        if n == 0 {
            writeln!(out, "{lead}{line}")?;
        } else {
            writeln!(out, "{:lead_width$}{line}", "")?;
        }
    }
    Ok(())
}

/// `Key: value` lines, aligned; pairs whose value is empty are left out unless `all`. On a
/// terminal a value too long for its line wraps at spaces, indented under itself.
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
        let label = format!("{key}:");
        for (n, line) in wrap(text, room.max(MIN_TEXT)).iter().enumerate() {
            let label = if n == 0 { label.as_str() } else { "" };
            writeln!(
                out,
                "{label:<key_width$} {}",
                paint(style, line, value.color, false)
            )?;
        }
    }
    Ok(())
}
