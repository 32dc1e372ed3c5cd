//! What CI systems read: GitHub Actions workflow commands (annotations) and a Markdown
//! report for `$GITHUB_STEP_SUMMARY`, a GitLab note or a wiki. Server text never forms a
//! workflow command of its own and never breaks the Markdown or injects HTML or links.

use std::fmt::Write as _;

use crate::gate::{self, Level, Outcome, Policy, Reason};
use crate::hints::HintLevel;
use crate::model::Check;
use crate::redact::Redactor;
use crate::render::{value, verdict};
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

/// Data of a workflow command: `%`, CR and LF escaped, as the runner unescapes them; the
/// runner's `##[` log-command prefix escaped as the guard escapes it.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace("##[", "##\\u005b")
}

/// What the runner shows of escaped data or a property (the inverse of [`data`] and
/// [`property`]).
fn unescape(s: &str) -> String {
    s.replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

/// One of the tool's workflow commands (`::kind title=T::D`) with every secret removed from
/// what the runner will show: the title and the data are unescaped, redacted, escaped again.
pub fn redact_command(line: &str, redactor: &Redactor) -> String {
    let Some((head, data_part)) = line
        .strip_prefix("::")
        .and_then(|rest| rest.split_once("::"))
    else {
        return redactor.redact(line).into_owned();
    };
    let head = match head.split_once(" title=") {
        Some((kind, title)) => format!(
            "{kind} title={}",
            property(&redactor.redact(&unescape(title)))
        ),
        None => head.to_owned(),
    };
    format!("::{head}::{}", data(&redactor.redact(&unescape(data_part))))
}

/// One workflow command, `::KIND title=TITLE::MESSAGE`, its title and message escaped (for
/// commands other than `check`: `verify`).
pub fn command(kind: &str, title: &str, message: &str) -> String {
    format!("::{kind} title={}::{}", property(title), data(message))
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
    parts.push(verdict::see(&check.error_code).trim_start().to_owned());
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

/// The workflow commands of a run. An `::error` is written exactly for what fails the gate:
/// each failing check and each failing hint, and one per source that fails for another reason
/// (no check result, stale or of unknown freshness, could not be checked), naming the reason.
/// What informs without failing (an ERROR check under `--fail-on never`, a WARN check, a hint
/// that does not fail) is a `::warning`, or a `::notice` for a warn-level hint. Each names the
/// source in its title.
pub fn annotations(outcomes: &[Outcome], policy: Policy) -> Vec<String> {
    let mut lines = Vec::new();
    for o in outcomes {
        let who = verdict::who(o);
        let other: Vec<String> = o
            .verdict
            .reasons
            .iter()
            .filter(|r| {
                matches!(
                    r,
                    Reason::NoChecks | Reason::Stale { .. } | Reason::Unfetched(_)
                )
            })
            .map(verdict::reason)
            .collect();
        if !other.is_empty() {
            lines.push(format!(
                "::error title={}::{}",
                property(&format!("{who}: fails the gate")),
                data(&other.join("; "))
            ));
        }
        let Some(source) = &o.source else { continue };
        for (i, check) in gate::checks(source).enumerate() {
            let kind = if o.verdict.fails_check(i) {
                "error"
            } else if matches!(Level::of(check), Level::Error | Level::Warn) {
                "warning"
            } else {
                continue;
            };
            lines.push(format!(
                "::{kind} title={}::{}",
                property(&format!("{who}: {}", value(&check.name))),
                data(&check_message(check))
            ));
        }
        if let Some(e) = &o.task_error {
            lines.push(command(
                "warning",
                &format!("{who}: last migration task"),
                &crate::render::errors::task_reason(e),
            ));
        }
        for h in o.hints.iter().flatten() {
            let kind = match h.level {
                _ if policy.fails_hint(h) => "error",
                HintLevel::Error => "warning",
                HintLevel::Warn => "notice",
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
/// OK/WARN/ERROR, verdict, readiness), then each failing check with its code, message and params.
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
    md.push_str("| Source | ID | State | OK | WARN | ERROR | Verdict | Readiness |\n");
    md.push_str("|---|---|---|---:|---:|---:|---|---|\n");
    for o in outcomes {
        let (name, id, state) = match &o.source {
            Some(s) => (
                cell(&value(&s.name)),
                cell(&value(&s.id)),
                cell(&value(&s.state)),
            ),
            None => (cell(&o.label), "-".to_owned(), "-".to_owned()),
        };
        let verdict = match (o.error(), o.passed()) {
            (Some(_), _) => "NOT CHECKED",
            (None, true) => "PASS",
            (None, false) => "FAIL",
        };
        let _ = writeln!(
            md,
            "| {name} | {id} | {state} | {} | {} | {} | {verdict} | {} |",
            o.counts.ok,
            o.counts.warn,
            o.counts.error,
            o.readiness.name()
        );
    }
    let failing: Vec<&Outcome> = outcomes.iter().filter(|o| !o.passed()).collect();
    if !failing.is_empty() {
        md.push_str("\n### Failing\n\n");
        for o in failing {
            let _ = writeln!(md, "- {}", code(&verdict::who(o)));
            for reason in &o.verdict.reasons {
                let _ = match reason {
                    Reason::Check { check, .. } => writeln!(
                        md,
                        "  - {} {}: {} {}{}",
                        code(&value(&check.name)),
                        code(&value(&check.error_code)),
                        code(&value(&check.error_or_warn)),
                        code(&value(&check.error_params)),
                        verdict::see(&check.error_code)
                    ),
                    other => writeln!(md, "  - {}", code(&verdict::reason(other))),
                };
            }
        }
    }
    let task_failures: Vec<&Outcome> = outcomes.iter().filter(|o| o.task_error.is_some()).collect();
    if !task_failures.is_empty() {
        // They inform; they do not fail the gate.
        md.push_str("\n### Last migration task failed\n\n");
        for o in task_failures {
            if let Some(e) = &o.task_error {
                let see = crate::render::errors::pointer(e)
                    .map(|s| format!(" ({s})"))
                    .unwrap_or_default();
                let _ = writeln!(
                    md,
                    "- {}: {}{see}",
                    code(&verdict::who(o)),
                    code(&e.to_string())
                );
            }
        }
    }
    // The readiness hints, each with what to do about it (where they were computed).
    let hinted: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.hints.as_ref().is_some_and(|h| !h.is_empty()))
        .collect();
    if !hinted.is_empty() {
        md.push_str("\n### Readiness hints\n\n");
        for o in hinted {
            let _ = writeln!(md, "- {}", code(&verdict::who(o)));
            for h in o.hints.iter().flatten() {
                let _ = writeln!(
                    md,
                    "  - {} `{}` {}: {}  \n    fix: {} ([source]({}))",
                    h.level.name().to_uppercase(),
                    h.rule,
                    code(&h.subject),
                    code(&h.message),
                    h.remedy(),
                    h.doc()
                );
            }
        }
    }
    md
}

/// The Markdown report of a run that failed before any source was judged.
pub fn markdown_failed(message: &str, exit_code: u8) -> String {
    format!(
        "## sms-inspect\n\n**ERROR**: the run failed (exit {exit_code}): {}\n",
        code(message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::streams::{guard, guard as escape_commands};
    use std::borrow::Cow;

    #[test]
    fn commands_are_redacted_as_the_runner_shows_them() {
        let r = Redactor::new(["s3cr+t/=="]);
        let line = format!(
            "::error title={}::{}",
            property("a: s3cr+t/=="),
            data("x s3cr%2Bt%2F%3D%3D\nand s3cr+t/==")
        );
        let out = redact_command(&line, &r);
        assert!(!out.contains("s3cr"), "{out}");
        assert!(out.starts_with("::error title=a%3A "), "{out}");
    }

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
