//! What CI systems read: GitHub Actions workflow commands (annotations) and a Markdown
//! report for `$GITHUB_STEP_SUMMARY`, a GitLab note or a wiki. Server text never forms a
//! workflow command of its own and never breaks the Markdown or injects HTML or links.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::gate::{self, Level, Outcome, Policy};
use crate::hints::HintLevel;
use crate::model::Check;
use crate::render::value;
use crate::sanitize::sanitize;

/// When to write GitHub Actions annotations (`--annotations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Annotations {
    /// Under GitHub Actions (`GITHUB_ACTIONS=true`).
    Auto,
    /// Always, as GitHub Actions reads them.
    Github,
    /// Never.
    Never,
}

/// Output is read by the GitHub Actions runner: every line written goes through [`guard`].
static GUARDED: AtomicBool = AtomicBool::new(false);

/// Turns the guard on for the rest of the run (settings decides, once).
pub fn guard_output() {
    GUARDED.store(true, Ordering::Relaxed);
}

/// Text as the runner may see it, a no-op unless the guard is on: see [`escape_commands`].
/// The tool's own annotations bypass this.
pub fn guard(text: &str) -> Cow<'_, str> {
    if !GUARDED.load(Ordering::Relaxed) {
        return Cow::Borrowed(text);
    }
    escape_commands(text)
}

/// Ends a line for the runner or for a log viewer: CR (the runner splits on a bare CR as on
/// LF), LF, NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
fn is_line_end(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `text` (one line or many) with no workflow command of its own: wherever a line starts
/// (at the start of `text` and after each [`is_line_end`]), white space (any Unicode white
/// space, as the runner trims) followed by `::` has its first colon escaped as `\x3a`; and
/// the runner's old `##[` command prefix is escaped anywhere as `##\u005b` (what JSON and
/// YAML double-quoted strings read back as `[`). Borrowed when nothing needed escaping; one
/// pass. A buffer should end at a line end: the start of the next is taken as a line start
/// (which errs on the side of escaping), but a `##[` split between two buffers is not seen.
pub fn escape_commands(text: &str) -> Cow<'_, str> {
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

/// Data of a workflow command: `%`, CR and LF escaped, as the runner unescapes them.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property of a workflow command: also `:` and `,`.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// `SMS.3809 rsync is not installed on the source server. [rsync]`
fn check_message(check: &Check) -> String {
    let mut parts = vec![value(&check.error_code), value(&check.error_or_warn)];
    let params = value(&check.error_params);
    if !params.is_empty() {
        parts.push(format!("[{params}]"));
    }
    let line = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if line.is_empty() {
        format!("result {}", value(&check.result))
    } else {
        line
    }
}

/// One workflow command per ERROR (`::error`) and WARN (`::warning`) check, whatever
/// `--fail-on` is; per error or warn hint; and an `::error` per source that could not be
/// checked. Each names the source and the check in its title.
pub fn annotations(outcomes: &[Outcome]) -> Vec<String> {
    let mut lines = Vec::new();
    for o in outcomes {
        let who = o.who();
        if let Some(e) = &o.error {
            lines.push(format!(
                "::error title={}::{}",
                property(&format!("{who}: could not be checked")),
                data(&e.to_string())
            ));
        }
        let Some(source) = &o.source else { continue };
        for check in gate::checks(source) {
            let kind = match Level::of(check) {
                Level::Error => "error",
                Level::Warn => "warning",
                _ => continue,
            };
            lines.push(format!(
                "::{kind} title={}::{}",
                property(&format!("{who}: {}", value(&check.name))),
                data(&check_message(check))
            ));
        }
        for h in o.hints.iter().flatten() {
            let kind = match h.level {
                HintLevel::Error => "error",
                HintLevel::Warn => "warning",
            };
            lines.push(format!(
                "::{kind} title={}::{}",
                property(&format!("{who}: hint {}", h.rule)),
                data(&format!("{}: {} (see {})", h.subject, h.message, h.doc()))
            ));
        }
    }
    lines
}

/// Server text for a table cell: a code span with `|` escaped (GFM splits cells first).
pub fn cell(s: &str) -> String {
    code(s).replace('|', "\\|")
}

/// Server text as a Markdown code span: rendered literally (no emphasis, link, autolink or
/// HTML), in a backtick fence longer than any run inside.
fn code(s: &str) -> String {
    let s = sanitize(s);
    if s.is_empty() {
        return "-".to_owned();
    }
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {s} {fence}")
}

/// The Markdown report: the verdict, the counts, one table row per source (name, ID, state,
/// OK/WARN/ERROR, verdict), then each failing check with its code, message and params.
pub fn markdown(outcomes: &[Outcome], policy: Policy) -> String {
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    let mut md = String::from("## sms-inspect check\n\n");
    let verdict = if outcomes.is_empty() {
        "**No source servers matched**; nothing was checked.".to_owned()
    } else if failed == 0 {
        format!(
            "**PASS**: {} sources passed the gate (`--fail-on {}`).",
            outcomes.len(),
            policy.fail_on.name()
        )
    } else {
        format!(
            "**FAIL**: {failed} of {} sources failed the gate (`--fail-on {}`).",
            outcomes.len(),
            policy.fail_on.name()
        )
    };
    let _ = writeln!(md, "{verdict}\n");
    if outcomes.is_empty() {
        return md;
    }
    md.push_str("| Source | ID | State | OK | WARN | ERROR | Verdict |\n");
    md.push_str("|---|---|---|---:|---:|---:|---|\n");
    for o in outcomes {
        let (name, id, state) = match &o.source {
            Some(s) => (
                cell(&value(&s.name)),
                cell(&value(&s.id)),
                cell(&value(&s.state)),
            ),
            None => (cell(&o.label), "-".to_owned(), "-".to_owned()),
        };
        let verdict = match (&o.error, o.passed()) {
            (Some(_), _) => "NOT CHECKED",
            (None, true) => "PASS",
            (None, false) => "FAIL",
        };
        let _ = writeln!(
            md,
            "| {name} | {id} | {state} | {} | {} | {} | {verdict} |",
            o.counts.ok, o.counts.warn, o.counts.error
        );
    }
    let failing: Vec<&Outcome> = outcomes.iter().filter(|o| !o.passed()).collect();
    if !failing.is_empty() {
        md.push_str("\n### Failing\n\n");
        for o in failing {
            let _ = writeln!(md, "- {}", code(&o.who()));
            if let Some(e) = &o.error {
                let _ = writeln!(md, "  - could not be checked: {}", code(&e.to_string()));
            }
            let Some(source) = &o.source else { continue };
            for (i, check) in gate::checks(source).enumerate() {
                if o.verdict.failing.contains(&i) {
                    let _ = writeln!(
                        md,
                        "  - {} {}: {} {}",
                        code(&value(&check.name)),
                        code(&value(&check.error_code)),
                        code(&value(&check.error_or_warn)),
                        code(&value(&check.error_params))
                    );
                }
            }
            for reason in o.verdict.failures.iter().filter(|f| {
                f.starts_with("no environment check")
                    || f.starts_with("checks may be stale")
                    || f.starts_with("hint ")
            }) {
                let _ = writeln!(md, "  - {}", code(reason));
            }
        }
    }
    md
}

/// The Markdown report of a run that failed before any source was judged.
pub fn markdown_failed(error: &crate::error::Error) -> String {
    format!(
        "## sms-inspect check\n\n**ERROR**: the run failed (exit {}): {}\n",
        error.exit_code(),
        code(&error.to_string())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escapes() {
        assert_eq!(data("50%\r\nx"), "50%25%0D%0Ax");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn code_spans_hold_anything() {
        assert_eq!(cell("a|b"), "` a\\|b `");
        assert_eq!(code("a|b"), "` a|b `");
        assert_eq!(code("x``y"), "``` x``y ```");
        assert_eq!(code(""), "-");
    }

    #[test]
    fn the_guard_escapes_command_starts() {
        guard_output();
        assert_eq!(guard("::add-mask::x"), "\\x3a:add-mask::x");
        assert_eq!(guard("  ::error::x"), "  \\x3a:error::x");
        assert_eq!(guard("name ::x"), "name ::x");
        assert_eq!(guard("\"a##[error]b\""), "\"a##\\u005berror]b\"");
    }

    #[test]
    fn every_line_end_starts_a_line() {
        for end in [
            "\n", "\r", "\r\n", "\u{85}", "\u{2028}", "\u{2029}", "\n\n", "\r\r",
        ] {
            assert_eq!(
                escape_commands(&format!("db{end}::error title=X::y")),
                format!("db{end}\\x3a:error title=X::y"),
                "{end:?}"
            );
            assert_eq!(
                escape_commands(&format!("db{end} \t::error::y{end}x ::warning::z")),
                format!("db{end} \t\\x3a:error::y{end}x ::warning::z"),
                "{end:?}"
            );
        }
    }

    #[test]
    fn leading_white_space_of_any_kind_is_skipped() {
        for space in [
            " ",
            "\t",
            "  \t ",
            "\u{a0}",
            "\u{3000}",
            "\u{2003}",
            "\u{b}\u{c}",
        ] {
            assert_eq!(
                escape_commands(&format!("{space}::add-mask::x")),
                format!("{space}\\x3a:add-mask::x"),
                "{space:?}"
            );
        }
        // Not white space: the line does not start a command.
        assert_eq!(escape_commands("\u{200b}::x"), "\u{200b}::x");
        assert_eq!(escape_commands("a::x"), "a::x");
    }

    #[test]
    fn a_whole_buffer_of_lines() {
        let text =
            "::a\n  ::b\nname ::c\n:::d\r::e\u{2028} ::f\nx##[error]y ##[group]##[z\n###[w\n";
        assert_eq!(
            escape_commands(text),
            "\\x3a:a\n  \\x3a:b\nname ::c\n\\x3a::d\r\\x3a:e\u{2028} \\x3a:f\n\
             x##\\u005berror]y ##\\u005bgroup]##\\u005bz\n###\\u005bw\n"
        );
        // Nothing to escape: the text itself, not a copy.
        assert!(matches!(
            escape_commands("a: b\nc:d\n# x [y]\n"),
            Cow::Borrowed(_)
        ));
        // After an escape the rest of the line is not a line start.
        assert_eq!(escape_commands("##[::x"), "##\\u005b::x");
    }

    #[test]
    fn json_and_yaml_read_back_the_same_after_escaping() {
        let value = serde_json::json!({
            "name": "::add-mask::x",
            "a": "x##[error]y",
            "cr": "db\r::error title=X::y",
            "nel": "db\u{85}::error::y",
            "ls": "db\u{2028}::error::y ##[group]",
            "list": ["  ::warning::z", "###[", {"k##[": "v"}],
        });
        let body = value.to_string();
        let mut json = Vec::new();
        crate::render::json::write(body.as_bytes(), &mut json).unwrap();
        let json = String::from_utf8(json).unwrap();
        let guarded = escape_commands(&json);
        assert_ne!(guarded, json);
        assert!(!guarded.contains("##["));
        let back: serde_json::Value = serde_json::from_str(&guarded).unwrap();
        assert_eq!(back, value);

        let mut yaml = Vec::new();
        crate::render::yaml::write(body.as_bytes(), &mut yaml).unwrap();
        let yaml = String::from_utf8(yaml).unwrap();
        let guarded = escape_commands(&yaml);
        // Only `##[` changed, and only inside double-quoted scalars, where `\u005b` is `[`.
        assert_eq!(guarded, yaml.replace("##[", "##\\u005b"));
        for line in yaml.lines().filter(|l| l.contains("##[")) {
            let at = line.find("##[").unwrap();
            assert!(
                line[..at].contains('"') && line[at..].contains('"'),
                "{line}"
            );
        }
        assert!(!guarded.lines().any(|l| l.trim_start().starts_with("::")));
    }
}
