//! Output: tables for people, JSON and YAML for programs. Renderers write to `&mut dyn Write`
//! and make no terminal decisions: those arrive in [`Style`].

pub mod fleet;
pub mod json;
pub mod junit;
pub mod table;
pub mod units;
pub mod yaml;

/// How tables look, decided once in settings.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Colour (ANSI SGR) on; when off, no ESC byte is written.
    pub color: bool,
    /// The terminal width to fit tables to; `None` when not a terminal (no wrapping).
    pub width: Option<u16>,
    /// Sizes as raw byte counts.
    pub raw_bytes: bool,
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
