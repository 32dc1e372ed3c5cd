//! Output: tables for people, JSON, YAML and jq results for programs, reports for CI.
//! Renderers write to `&mut dyn Write` and make no terminal decisions: those arrive in
//! [`Style`], decided once in settings.

pub mod ci;
pub mod csv;
pub mod diff;
pub mod errors;
pub mod fleet;
pub mod jq;
pub mod json;
pub mod junit;
pub mod output;
pub mod pager;
pub mod progress;
pub mod source;
pub mod table;
pub mod task;
pub mod units;
pub mod verdict;
pub mod verify;
pub mod watch;
pub mod yaml;

use crate::model::{Field, Scalar};
use crate::sanitize::sanitize;

/// How tables look, decided once in settings.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colour (ANSI SGR) on; when off, no ESC byte is written.
    pub color: bool,
    /// The terminal width to fit tables to; `None` when not a terminal (no wrapping).
    pub width: Option<u16>,
    /// Sizes as raw byte counts.
    pub raw_bytes: bool,
    /// Every field and column, empty ones included, none left out for width (`--wide`).
    pub wide: bool,
    /// Now, in milliseconds since the epoch: what "last seen 3 d ago" is measured from.
    pub now_ms: u64,
}

impl Style {
    /// The style a table is fitted with: the terminal's width, none in wide mode (`--wide`
    /// tables are not fitted to the terminal).
    pub fn fitted(&self) -> Style {
        Style {
            width: if self.wide { None } else { self.width },
            ..*self
        }
    }

    /// Piped and not `--wide`: a list is written as tab-separated lines, one per row, as
    /// `gh` prints lists for scripts.
    pub fn tab_separated(&self) -> bool {
        self.width.is_none() && !self.wide
    }
}

/// The output formats of `-o/--output`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    /// The table with every field and column.
    Wide,
    Json,
    Yaml,
    /// One row per source, comma-separated (`sources`, `check`).
    Csv,
}

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Why an output could not be written.
#[derive(Debug)]
pub enum RenderError {
    /// Writing failed (a closed pipe among others).
    Io(std::io::Error),
    /// The body could not be re-written (it is not JSON after all).
    Body(String),
}

impl From<std::io::Error> for RenderError {
    fn from(e: std::io::Error) -> Self {
        RenderError::Io(e)
    }
}

/// The colour of a readiness grade: ready green, conditional yellow, not-ready red, unknown
/// magenta (as a source that could not be checked is).
pub fn readiness_color(r: crate::gate::Readiness) -> Option<owo_colors::AnsiColors> {
    use crate::gate::Readiness;
    use owo_colors::AnsiColors;
    Some(match r {
        Readiness::Ready => AnsiColors::Green,
        Readiness::Conditional => AnsiColors::Yellow,
        Readiness::NotReady => AnsiColors::Red,
        Readiness::Unknown => AnsiColors::Magenta,
    })
}

/// Shown for a missing or null field.
pub const MISSING: &str = "-";

/// A field as sanitised text, empty when missing or null (so `Key: value` lines and
/// joined parts leave it out).
pub fn value(f: &Field) -> String {
    f.as_ref().map(scalar).unwrap_or_default()
}

/// A value as sanitised text: only a string can hold what sanitising replaces, and it is
/// copied once (a report writes one per cell).
fn scalar(v: &Scalar) -> String {
    match v {
        Scalar::Str(s) => sanitize(s).into_owned(),
        other => other.to_string(),
    }
}

/// A field as sanitised text, `-` when missing or null.
pub fn text(f: &Field) -> String {
    match f {
        None => MISSING.to_owned(),
        Some(s) => scalar(s),
    }
}
