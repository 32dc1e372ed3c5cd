//! Where every byte the tool writes goes: [`Streams`], made once for the run (the process's
//! stdout and stderr, or buffers in a test), as gh's `iostreams` is. It knows whether stdout
//! is a terminal and how large it is, and it applies the CI guard: under GitHub Actions no
//! line the tool writes can start a workflow command of the server's making. Commands and
//! renderers receive it through `Settings`; nothing else touches the process's streams.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A writer the streams own.
pub struct Sink(Box<dyn Write + Send>);

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// A locked stream.
pub struct Locked<'a>(MutexGuard<'a, Sink>);

impl Write for Locked<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// The run's output streams.
pub struct Streams {
    out: Mutex<Sink>,
    err: Mutex<Sink>,
    /// stdout is a terminal (tables coloured and fitted, live screens).
    pub out_is_terminal: bool,
    /// stderr is a terminal.
    pub err_is_terminal: bool,
    /// The output is read by the GitHub Actions runner: every line passes [`guard`]. Set
    /// once the run's settings know it (before any output of the command).
    guarded: AtomicBool,
    size: Size,
}

impl std::fmt::Debug for Streams {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Streams")
            .field("out_is_terminal", &self.out_is_terminal)
            .field("err_is_terminal", &self.err_is_terminal)
            .field("guarded", &self.is_guarded())
            .finish_non_exhaustive()
    }
}

/// How the terminal's size is known.
enum Size {
    /// Asked of the terminal each time (a resize is followed).
    Measured,
    /// Fixed (tests), or unknown.
    Fixed(Option<(u16, u16)>),
}

/// What a test reads back from [`Streams::memory`].
#[derive(Clone, Default)]
pub struct Captured {
    out: Arc<Mutex<Vec<u8>>>,
    err: Arc<Mutex<Vec<u8>>>,
}

impl Captured {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&lock(&self.out)).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&lock(&self.err)).into_owned()
    }
}

/// A buffer shared with a [`Captured`].
struct Shared(Arc<Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        lock(&self.0).extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A lock that a panic elsewhere cannot make unusable: the bytes are still bytes.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Streams {
    /// The process's stdout and stderr.
    pub fn system(guarded: bool) -> Streams {
        Streams {
            out_is_terminal: io::stdout().is_terminal(),
            err_is_terminal: io::stderr().is_terminal(),
            out: Mutex::new(Sink(Box::new(io::stdout()))),
            err: Mutex::new(Sink(Box::new(io::stderr()))),
            guarded: AtomicBool::new(guarded),
            size: Size::Measured,
        }
    }

    /// Buffers a test reads back; `terminal` pretends stdout is a terminal of that size.
    pub fn memory(terminal: Option<(u16, u16)>, guarded: bool) -> (Streams, Captured) {
        let captured = Captured::default();
        let streams = Streams {
            out: Mutex::new(Sink(Box::new(Shared(captured.out.clone())))),
            err: Mutex::new(Sink(Box::new(Shared(captured.err.clone())))),
            out_is_terminal: terminal.is_some(),
            err_is_terminal: false,
            guarded: AtomicBool::new(guarded),
            size: Size::Fixed(terminal),
        };
        (streams, captured)
    }

    /// Turns the CI guard on (decided once the environment and the command are known).
    pub fn set_guarded(&self, on: bool) {
        self.guarded.store(on, Ordering::Relaxed);
    }

    pub fn is_guarded(&self) -> bool {
        self.guarded.load(Ordering::Relaxed)
    }

    /// stdout's terminal size (columns, rows), asked now; `None` when it is not a terminal.
    pub fn size(&self) -> Option<(u16, u16)> {
        if !self.out_is_terminal {
            return None;
        }
        match self.size {
            Size::Fixed(size) => size,
            Size::Measured => terminal_size::terminal_size().map(|(w, h)| (w.0, h.0)),
        }
    }

    /// stdout, locked, through the guard; written line by line, flushed on drop.
    pub fn out(&self) -> Guarded<Locked<'_>> {
        Guarded::new(Locked(lock(&self.out)), self.is_guarded())
    }

    /// stderr, locked, through the guard.
    pub fn err(&self) -> Guarded<Locked<'_>> {
        Guarded::new(Locked(lock(&self.err)), self.is_guarded())
    }

    /// The tool's own workflow commands on stderr: the one output that bypasses the guard.
    pub fn err_unguarded(&self) -> Locked<'_> {
        Locked(lock(&self.err))
    }
}

/// Whether a character ends a line for the GitHub Actions runner.
fn ends_line(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Text as the runner may see it. After every line end (LF, CR, NEL, U+2028, U+2029, and at
/// the start), a line that would start a workflow command (`::` after white space) has its
/// first colon escaped as `\x3a`, and the runner's old `##[` command prefix is escaped
/// anywhere (as `\u005b`, which JSON and YAML also read back as `[`).
pub fn guard(text: &str) -> Cow<'_, str> {
    let risky = text.contains("##[") || text.contains("::");
    if !risky {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut at_line_start = true;
    let mut rest = text;
    while !rest.is_empty() {
        if at_line_start {
            let indent = rest.len()
                - rest
                    .trim_start_matches(|c: char| c.is_whitespace() && !ends_line(c))
                    .len();
            out.push_str(&rest[..indent]);
            rest = &rest[indent..];
            if rest.starts_with("::") {
                out.push_str("\\x3a");
                rest = &rest[1..];
            }
            at_line_start = false;
            continue;
        }
        if let Some(tail) = rest.strip_prefix("##[") {
            out.push_str("##\\u005b");
            rest = tail;
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        rest = &rest[c.len_utf8()..];
        at_line_start = ends_line(c);
    }
    Cow::Owned(out)
}

/// A writer that hands whole lines to [`guard`] when the guard is on (a pass-through
/// otherwise), so a workflow command split across two writes is still seen.
pub struct Guarded<W: Write> {
    inner: W,
    on: bool,
    pending: Vec<u8>,
}

impl<W: Write> Guarded<W> {
    pub fn new(inner: W, on: bool) -> Guarded<W> {
        Guarded {
            inner,
            on,
            pending: Vec::new(),
        }
    }

    fn pass(&mut self, bytes: &[u8]) -> io::Result<()> {
        match std::str::from_utf8(bytes) {
            Ok(text) => self.inner.write_all(guard(text).as_bytes()),
            // The tool writes UTF-8; anything else is guarded as the runner will read it.
            Err(_) => {
                let text = String::from_utf8_lossy(bytes);
                self.inner.write_all(guard(&text).as_bytes())
            }
        }
    }
}

impl<W: Write> Write for Guarded<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.on {
            return self.inner.write(buf);
        }
        self.pending.extend_from_slice(buf);
        // Up to the last line end (LF or CR; NEL and U+2028/9 are inside a UTF-8 line and the
        // guard sees them there).
        if let Some(end) = self
            .pending
            .iter()
            .rposition(|b| matches!(b, b'\n' | b'\r'))
        {
            let whole: Vec<u8> = self.pending.drain(..=end).collect();
            self.pass(&whole)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = std::mem::take(&mut self.pending);
            self.pass(&rest)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Guarded<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_escapes_command_starts_after_every_line_end() {
        assert_eq!(guard("::add-mask::x"), "\\x3a:add-mask::x");
        assert_eq!(guard("  ::error::x"), "  \\x3a:error::x");
        assert_eq!(guard("name ::x"), "name ::x");
        assert_eq!(guard("\"a##[error]b\""), "\"a##\\u005berror]b\"");
        for end in ["\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}"] {
            let text = format!("db{end}::error title=X::y");
            assert_eq!(
                guard(&text),
                format!("db{end}\\x3a:error title=X::y"),
                "{end:?}"
            );
            let text = format!("db{end}\t ::warning::y");
            assert!(guard(&text).contains("\t \\x3a:warning"), "{end:?}");
        }
        assert_eq!(guard("a::b\nc::d"), "a::b\nc::d");
    }

    #[test]
    fn a_command_split_across_writes_is_still_guarded() {
        let mut buf = Vec::new();
        {
            let mut w = Guarded::new(&mut buf, true);
            w.write_all(b"x\n:").unwrap();
            w.write_all(b":error::y\n").unwrap();
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "x\n\\x3a:error::y\n");
        let mut buf = Vec::new();
        {
            let mut w = Guarded::new(&mut buf, false);
            w.write_all(b"::error::y\n").unwrap();
        }
        assert_eq!(buf, b"::error::y\n");
    }

    #[test]
    fn memory_streams_capture() {
        let (streams, captured) = Streams::memory(Some((80, 24)), true);
        writeln!(streams.out(), "::set-output::x").unwrap();
        writeln!(streams.err(), "e").unwrap();
        writeln!(streams.err_unguarded(), "::error::ours").unwrap();
        assert_eq!(captured.stdout(), "\\x3a:set-output::x\n");
        assert_eq!(captured.stderr(), "e\n::error::ours\n");
        assert_eq!(streams.size(), Some((80, 24)));
    }
}
