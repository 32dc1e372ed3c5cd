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

/// A line as the runner may see it: a line that would start a workflow command (`::` after
/// leading white space) has its first colon escaped, and the runner's old `##[` command
/// prefix is escaped anywhere (`\u005b` is also what JSON and YAML read back as `[`). The
/// tool's own annotations bypass this. A no-op unless the guard is on.
pub fn guard(line: &str) -> Cow<'_, str> {
    if !GUARDED.load(Ordering::Relaxed) {
        return Cow::Borrowed(line);
    }
    let mut out = Cow::Borrowed(line);
    let indent = line.len() - line.trim_start().len();
    if line[indent..].starts_with("::") {
        out = Cow::Owned(format!("{}\\x3a{}", &line[..indent], &line[indent + 1..]));
    }
    if out.contains("##[") {
        out = Cow::Owned(out.replace("##[", "##\\u005b"));
    }
    out
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

/// `SMS.6517 rsync is not installed on the source server. [rsync]`
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
}
