//! The pager: a report taller than the terminal goes through one (`SMS_INSPECT_PAGER`, then
//! `PAGER`, default `less -FRX`), as git and gh do. [`choose`] decides once (in `Settings`)
//! whether a run may page at all; [`to_stdout`] renders the report into a buffer and pages it
//! only when it is taller than the terminal. The spawning is behind [`Streams::record_pager`]:
//! in-process tests see which pager would have run, and no process starts.

use std::io::{self, Write};
use std::process::{Command, Stdio};

use super::RenderError;
use super::output;
use crate::env::Env;
use crate::error::Result;
use crate::streams::Streams;

/// The pager when nothing names one.
pub const DEFAULT: &str = "less -FRX";

/// The pager command this run may use, or `None`: never with `--no-pager`, when stdout is not
/// a terminal, or under CI (`CI` set). `SMS_INSPECT_PAGER` wins over `PAGER`; a variable set
/// but empty, or `cat`, means no pager (as git reads `GIT_PAGER`/`PAGER`).
pub fn choose(env: &dyn Env, no_pager: bool, out_is_terminal: bool) -> Option<String> {
    if no_pager || !out_is_terminal || env.raw("CI").is_some() {
        return None;
    }
    let named = ["SMS_INSPECT_PAGER", "PAGER"]
        .into_iter()
        .find_map(|name| env.raw(name));
    let command = named.unwrap_or_else(|| DEFAULT.to_owned());
    let command = command.trim();
    if command.is_empty() || command == "cat" {
        return None;
    }
    Some(command.to_owned())
}

/// Writes a report to stdout, through `pager` when one is given and the report is taller than
/// the terminal. A pager that cannot start (or that the shell cannot find) is passed over with
/// one note, and the report is written directly.
pub fn to_stdout(
    streams: &Streams,
    pager: Option<&str>,
    write: impl FnOnce(&mut dyn Write) -> std::result::Result<(), RenderError>,
) -> Result<()> {
    let (Some(pager), Some((_, rows))) = (pager, streams.size()) else {
        return output::to_stdout(streams, write);
    };
    let mut buffer = Vec::new();
    let rendered = write(&mut buffer);
    let tall = buffer.iter().filter(|b| **b == b'\n').count() >= usize::from(rows);
    if rendered.is_err() || !tall {
        return output::to_stdout(streams, |out| {
            out.write_all(&buffer)?;
            rendered
        });
    }
    if streams.record_pager(pager) {
        return output::to_stdout(streams, |out| Ok(out.write_all(&buffer)?));
    }
    let text = streams.human_stdout(&buffer);
    match spawn(pager, &text) {
        Ok(()) => Ok(()),
        Err(e) => {
            let _ = writeln!(
                streams.err(),
                "note: the pager '{}' could not run ({}); writing directly",
                crate::sanitize::sanitize(pager),
                crate::sanitize::sanitize(&e.to_string())
            );
            output::to_stdout(streams, |out| Ok(out.write_all(&buffer)?))
        }
    }
}

/// [`output::emit`], with the table paged as [`to_stdout`] pages it.
pub fn emit(
    output: &output::Output,
    streams: &Streams,
    pager: Option<&str>,
    json: &[u8],
    table: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match output {
        output::Output::Table => to_stdout(streams, pager, |out| Ok(table(out)?)),
        _ => output::emit(output, streams, json, table),
    }
}

/// Runs `sh -c PAGER` with `text` on its stdin and the process's stdout, and waits for it.
/// The reader quitting early (a closed pipe) is fine; a shell that could not find or run the
/// pager (126, 127) is an error, so the report is not lost.
fn spawn(pager: &str, text: &[u8]) -> io::Result<()> {
    let mut child = Command::new("sh")
        .args(["-c", pager])
        .stdin(Stdio::piped())
        .spawn()?;
    let written = child.stdin.take().map_or(Ok(()), |mut stdin| {
        stdin.write_all(text).and_then(|()| stdin.flush())
    });
    let status = child.wait()?;
    if matches!(status.code(), Some(126 | 127)) {
        return Err(io::Error::other(format!("the shell said {status}")));
    }
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Vars(HashMap<&'static str, &'static str>);

    impl Env for Vars {
        fn var(&self, name: &str) -> Option<String> {
            self.0
                .get(name)
                .filter(|v| !v.is_empty())
                .map(|v| (*v).to_owned())
        }

        fn raw(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| (*v).to_owned())
        }
    }

    fn chosen(vars: &[(&'static str, &'static str)], no_pager: bool, tty: bool) -> Option<String> {
        choose(&Vars(vars.iter().copied().collect()), no_pager, tty)
    }

    #[test]
    fn the_pager_is_chosen_as_git_chooses_it() {
        assert_eq!(chosen(&[], false, true).as_deref(), Some(DEFAULT));
        assert_eq!(
            chosen(&[("PAGER", "more")], false, true).as_deref(),
            Some("more")
        );
        let both = [("PAGER", "more"), ("SMS_INSPECT_PAGER", "most -s")];
        assert_eq!(chosen(&both, false, true).as_deref(), Some("most -s"));
        for none in [
            &[("PAGER", "")][..],
            &[("PAGER", "cat")],
            &[("SMS_INSPECT_PAGER", ""), ("PAGER", "less")],
            &[("CI", "true")],
            &[("CI", "")],
        ] {
            assert_eq!(chosen(none, false, true), None, "{none:?}");
        }
        assert_eq!(chosen(&[], true, true), None);
        assert_eq!(chosen(&[], false, false), None);
    }

    #[test]
    fn only_a_report_taller_than_the_terminal_is_paged() {
        let (streams, captured) = Streams::memory(Some((80, 3)), false);
        to_stdout(&streams, Some("less"), |out| Ok(out.write_all(b"a\nb\n")?)).unwrap();
        assert_eq!(captured.paged(), None);
        to_stdout(&streams, Some("less"), |out| {
            Ok(out.write_all(b"a\nb\nc\n")?)
        })
        .unwrap();
        assert_eq!(captured.paged().as_deref(), Some("less"));
        assert_eq!(captured.stdout(), "a\nb\na\nb\nc\n");
    }
}
