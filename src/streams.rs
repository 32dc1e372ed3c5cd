//! Where every byte the tool writes goes: [`Streams`], made once for the run (the process's
//! stdout and stderr, or buffers in a test), as gh's `iostreams` is. It knows whether stdout
//! is a terminal and how large it is, and it applies the CI guard: under GitHub Actions no
//! line the tool writes can start a workflow command of the server's making. Commands and
//! renderers receive it through `Settings`; nothing else touches the process's streams.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use crate::redact::Redactor;

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
    /// The run's secrets, removed from every line of stderr and of human stdout.
    redactor: OnceLock<Redactor>,
    /// stdout is for people (tables): redacted too. `--json`/`--jq` stay exact.
    redact_out: AtomicBool,
    size: Size,
    /// Test streams record the pager a report would have gone through instead of starting it.
    pager_seen: Option<Arc<Mutex<Option<String>>>>,
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
    pager: Arc<Mutex<Option<String>>>,
}

impl Captured {
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&lock(&self.out)).into_owned()
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&lock(&self.err)).into_owned()
    }

    /// What was written to stdout and stderr, byte for byte.
    pub fn bytes(&self) -> (Vec<u8>, Vec<u8>) {
        (lock(&self.out).clone(), lock(&self.err).clone())
    }

    /// The pager a report would have gone through (the report is in `stdout`).
    pub fn paged(&self) -> Option<String> {
        lock(&self.pager).clone()
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
            redactor: OnceLock::new(),
            redact_out: AtomicBool::new(false),
            size: Size::Measured,
            pager_seen: None,
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
            redactor: OnceLock::new(),
            redact_out: AtomicBool::new(false),
            size: Size::Fixed(terminal),
            pager_seen: Some(captured.pager.clone()),
        };
        (streams, captured)
    }

    /// Turns the CI guard on (decided once the environment and the command are known).
    pub fn set_guarded(&self, on: bool) {
        self.guarded.store(on, Ordering::Relaxed);
    }

    /// Gives the run's secrets (once the credentials are known); `human_stdout`: stdout is
    /// for people and is redacted too (tables), else it stays exact (`--json`, `--jq`).
    pub fn set_redactor(&self, redactor: Redactor, human_stdout: bool) {
        let _ = self.redactor.set(redactor);
        self.redact_out.store(human_stdout, Ordering::Relaxed);
    }

    /// The run's secrets, for report files; empty before they are known.
    pub fn redactor(&self) -> Option<&Redactor> {
        self.redactor.get()
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
    pub fn out(&self) -> Guarded<'_, Locked<'_>> {
        let redactor = self
            .redactor
            .get()
            .filter(|_| self.redact_out.load(Ordering::Relaxed));
        Guarded::new(Locked(lock(&self.out)), self.is_guarded()).redacting(redactor)
    }

    /// stderr, locked, through the guard.
    pub fn err(&self) -> Guarded<'_, Locked<'_>> {
        Guarded::new(Locked(lock(&self.err)), self.is_guarded()).redacting(self.redactor.get())
    }

    /// Test streams: records `command` as the pager a report would go through, and says so
    /// (the caller then writes the report to stdout); the process's streams: false.
    pub fn record_pager(&self, command: &str) -> bool {
        self.pager_seen
            .as_ref()
            .map(|seen| *lock(seen) = Some(command.to_owned()))
            .is_some()
    }

    /// `bytes` as [`Streams::out`] would write them (redacted, guarded), for a pager's stdin.
    pub fn human_stdout(&self, bytes: &[u8]) -> Vec<u8> {
        let mut filtered = Vec::with_capacity(bytes.len());
        let redactor = self
            .redactor
            .get()
            .filter(|_| self.redact_out.load(Ordering::Relaxed));
        {
            let mut w = Guarded::new(&mut filtered, self.is_guarded()).redacting(redactor);
            let _ = w.write_all(bytes);
        }
        filtered
    }

    /// The tool's own workflow commands on stderr: the one output that bypasses the guard.
    pub fn err_unguarded(&self) -> Locked<'_> {
        Locked(lock(&self.err))
    }
}

/// Ends a line for the runner or for a log viewer: CR (the runner splits on a bare CR as on
/// LF), LF, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
fn is_line_end(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `text` (one line or many) as the runner may see it, with no workflow command of its own:
/// wherever a line starts (at the start of `text` and after each [`is_line_end`]), white
/// space (any Unicode white space, as the runner trims) followed by `::` has its first colon
/// escaped as `\x3a`; and the runner's old `##[` command prefix is escaped anywhere as
/// `##\u005b` (what JSON and YAML double-quoted strings read back as `[`). Borrowed when
/// nothing needed escaping; one pass. A buffer should end at a line end: the start of the next
/// is taken as a line start (which errs on the side of escaping), but a `##[` split between two
/// buffers is not seen ([`Guarded`] hands over whole lines).
pub fn guard(text: &str) -> Cow<'_, str> {
    if !text.contains("::") && !text.contains("##[") {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut line_start = true;
    for (i, c) in text.char_indices() {
        let rest = &text[i..];
        let escape = if line_start && rest.starts_with("::") {
            Some(("\\x3a", 1))
        } else if c == '#' && rest.starts_with("##[") {
            Some(("##\\u005b", 3))
        } else {
            None
        };
        if let Some((with, len)) = escape {
            let o = out.get_or_insert_with(|| String::with_capacity(text.len() + 16));
            o.push_str(&text[copied..i]);
            o.push_str(with);
            copied = i + len;
        }
        // White space keeps a line's start open; a line end opens one.
        line_start = is_line_end(c) || (line_start && escape.is_none() && c.is_whitespace());
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut o) => {
            o.push_str(&text[copied..]);
            Cow::Owned(o)
        }
    }
}

/// A writer that hands whole lines to [`guard`] when the guard is on (a pass-through
/// otherwise), so a workflow command split across two writes is still seen.
pub struct Guarded<'r, W: Write> {
    inner: W,
    on: bool,
    redactor: Option<&'r Redactor>,
    pending: Vec<u8>,
}

impl<'r, W: Write> Guarded<'r, W> {
    pub fn new(inner: W, on: bool) -> Guarded<'r, W> {
        Guarded {
            inner,
            on,
            redactor: None,
            pending: Vec::new(),
        }
    }

    /// Also removes these secrets from every line (before the guard).
    pub fn redacting(mut self, redactor: Option<&'r Redactor>) -> Guarded<'r, W> {
        self.redactor = redactor.filter(|r| !r.is_empty());
        self
    }

    fn pass(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let (Some(redactor), Ok(text)) = (self.redactor, std::str::from_utf8(bytes)) {
            let text = redactor.redact(text);
            let text = if self.on {
                guard(&text)
            } else {
                Cow::Borrowed(text.as_ref())
            };
            return self.inner.write_all(text.as_bytes());
        }
        if !self.on {
            return self.inner.write_all(bytes);
        }
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

impl<W: Write> Write for Guarded<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.on && self.redactor.is_none() {
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

impl<W: Write> Drop for Guarded<'_, W> {
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
