//! The pre-migration gate: which environment checks fail it, and the message that names them.

use std::time::Duration;

use crate::error::{Error, Exit};
use crate::hints::{Hint, HintLevel};
use crate::model::{Check, Scalar, Source};
use crate::sanitize::{sanitize, sanitize_short};

/// Which check result fails the gate (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// An ERROR check fails the gate.
    Error,
    /// A WARN or ERROR check fails the gate.
    Warn,
    /// Never fail on checks.
    Never,
}

impl FailOn {
    /// The value as written on the command line.
    pub fn name(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warn => "warn",
            FailOn::Never => "never",
        }
    }
}

/// The gate's rules for this run. The gate never passes what it did not check: a source
/// with no OK/WARN/ERROR result and an empty selection fail it unless allowed;
/// `--fail-on never` turns every rule off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub fail_on: FailOn,
    /// A source with no OK, WARN or ERROR result passes (`--allow-no-checks`).
    pub allow_no_checks: bool,
    /// A selection that matches no source passes (`--allow-empty`).
    pub allow_empty: bool,
    /// A source whose agent was last seen longer ago (or never) fails (`--max-age`).
    pub max_age: Option<Duration>,
    /// Now, in milliseconds since the epoch (what `--max-age` is measured from).
    pub now_ms: u64,
    /// An error-level readiness hint fails the gate (`--fail-on-hints`).
    pub fail_on_hints: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            fail_on: FailOn::Error,
            allow_no_checks: false,
            allow_empty: false,
            max_age: None,
            now_ms: 0,
            fail_on_hints: false,
        }
    }
}

impl Policy {
    /// Whether any rule is on.
    fn on(&self) -> bool {
        self.fail_on != FailOn::Never
    }
}

/// A check result as the gate understands it. Results the tool does not know are shown as
/// they come and never fail the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ok,
    Warn,
    Error,
    Other,
}

impl Level {
    pub fn of(check: &Check) -> Level {
        let result = check.result.as_ref().and_then(|r| r.as_str()).unwrap_or("");
        match result.trim().to_ascii_uppercase().as_str() {
            "OK" => Level::Ok,
            "WARN" | "WARNING" => Level::Warn,
            "ERROR" => Level::Error,
            _ => Level::Other,
        }
    }
}

/// Counts of check results.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub ok: usize,
    pub warn: usize,
    pub error: usize,
    pub other: usize,
}

impl Counts {
    pub fn of<'a>(checks: impl IntoIterator<Item = &'a Check>) -> Counts {
        let mut c = Counts::default();
        for check in checks {
            match Level::of(check) {
                Level::Ok => c.ok += 1,
                Level::Warn => c.warn += 1,
                Level::Error => c.error += 1,
                Level::Other => c.other += 1,
            }
        }
        c
    }

    pub fn total(&self) -> usize {
        self.ok + self.warn + self.error + self.other
    }
}

/// The gate's verdict on one source.
#[derive(Debug, Default)]
pub struct Verdict {
    /// One line per failing check (sanitised), or the reason the source fails without one.
    pub failures: Vec<String>,
    /// The positions (in [`checks`] order) of the failing checks.
    pub failing: Vec<usize>,
    /// No check reported OK, WARN or ERROR (and that was not allowed).
    pub missing_checks: bool,
    /// The agent was last seen longer ago than `--max-age` (or never).
    pub stale: bool,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

fn fails(level: Level, fail_on: FailOn) -> bool {
    match fail_on {
        FailOn::Never => false,
        FailOn::Error => level == Level::Error,
        FailOn::Warn => matches!(level, Level::Error | Level::Warn),
    }
}

pub fn checks<S>(source: &Source<S>) -> impl Iterator<Item = &Check> {
    source.checks.iter().flatten().flatten()
}

pub const NO_CHECKS: &str = "no environment check reported OK, WARN or ERROR, so nothing was \
checked (--allow-no-checks passes such a source)";

/// Applies the gate to one source.
pub fn judge<S>(source: &Source<S>, policy: Policy) -> Verdict {
    let mut verdict = Verdict::default();
    if !policy.on() {
        return verdict;
    }
    let mut results = 0;
    for (i, check) in checks(source).enumerate() {
        let level = Level::of(check);
        if level != Level::Other {
            results += 1;
        }
        if fails(level, policy.fail_on) {
            verdict.failures.push(describe(check));
            verdict.failing.push(i);
        }
    }
    if results == 0 && !policy.allow_no_checks {
        verdict.missing_checks = true;
        verdict.failures.push(NO_CHECKS.to_owned());
    }
    if let Some(stale) = stale(source, policy) {
        verdict.stale = true;
        verdict.failures.push(stale);
    }
    verdict
}

/// A whole source judged: the verdict on its checks and freshness, and its readiness hints,
/// which with `--fail-on-hints` are failing reasons too.
pub fn judge_with_hints(source: &Source, policy: Policy) -> (Verdict, Vec<Hint>) {
    let mut verdict = judge(source, policy);
    let hints = crate::hints::hints(source);
    judge_hints(&mut verdict, &hints, policy);
    (verdict, hints)
}

/// The verdict with the readiness hints: with `--fail-on-hints`, each error-level hint is a
/// failing reason too.
pub fn judge_hints(verdict: &mut Verdict, hints: &[Hint], policy: Policy) {
    if !policy.on() || !policy.fail_on_hints {
        return;
    }
    for h in hints.iter().filter(|h| h.level == HintLevel::Error) {
        verdict
            .failures
            .push(format!("hint {} ({}): {}", h.rule, h.subject, h.message));
    }
}

/// With `--max-age`: why the checks may be stale, when they may.
fn stale<S>(source: &Source<S>, policy: Policy) -> Option<String> {
    let max = policy.max_age?;
    let limit = humantime::format_duration(max);
    let seen = source.last_visit_time.as_ref().and_then(Scalar::as_u64);
    match seen {
        None => Some(format!(
            "checks may be stale: the agent was never seen (--max-age {limit})"
        )),
        Some(seen) => {
            let age = policy.now_ms.saturating_sub(seen);
            (u128::from(age) > max.as_millis()).then(|| {
                format!(
                    "checks may be stale: agent last seen {} (--max-age {limit})",
                    age_text(age)
                )
            })
        }
    }
}

/// `3 d ago`, as the reports say it.
pub fn age_text(age_ms: u64) -> String {
    let secs = age_ms / 1000;
    match secs {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", secs / 60),
        3600..86400 => format!("{} h ago", secs / 3600),
        86400..31_536_000 => format!("{} d ago", secs / 86400),
        _ => format!("{} y ago", secs / 31_536_000),
    }
}

/// `NAME (RESULT, ERROR_CODE): message [params]`, sanitised.
pub fn describe(check: &Check) -> String {
    let text = |f: &Option<Scalar>| {
        f.as_ref()
            .map(|s| sanitize(&s.to_string()).into_owned())
            .filter(|s| !s.is_empty())
    };
    let name = text(&check.name).unwrap_or_else(|| "(unnamed check)".to_owned());
    let result = text(&check.result).unwrap_or_else(|| "-".to_owned());
    let mut line = format!("{name} ({result}");
    if let Some(code) = text(&check.error_code) {
        line.push_str(", ");
        line.push_str(&code);
    }
    line.push(')');
    line.push_str(": ");
    line.push_str(&text(&check.error_or_warn).unwrap_or_else(|| "no message".to_owned()));
    if let Some(params) = text(&check.error_params) {
        line.push_str(" [");
        line.push_str(&params);
        line.push(']');
    }
    line
}

/// One source's result in a fleet gate.
pub struct Outcome {
    /// What the user asked for, or the listed source's ID.
    pub label: String,
    pub source: Option<Source>,
    pub verdict: Verdict,
    pub counts: Counts,
    /// Set when the source could not be checked.
    pub error: Option<Error>,
    /// The readiness hints, when they were computed (`--hints`, `--file`).
    pub hints: Option<Vec<Hint>>,
}

impl Outcome {
    pub fn passed(&self) -> bool {
        self.error.is_none() && self.verdict.passed()
    }

    /// `name (ID)`, sanitised, for messages; what was asked when the source is unknown.
    pub fn who(&self) -> String {
        match &self.source {
            Some(Source {
                name: Some(n),
                id: Some(i),
                ..
            }) => format!(
                "{} ({})",
                sanitize(&n.to_string()),
                sanitize(&i.to_string())
            ),
            _ => sanitize_short(&self.label, 100),
        }
    }
}

/// The lines that name each failing check of one source, for stderr; empty when it passed.
pub fn source_report(verdict: &Verdict, policy: Policy) -> Vec<String> {
    if verdict.passed() {
        return Vec::new();
    }
    let count = verdict.failures.len();
    let mut lines = vec![format!(
        "gate failed (--fail-on {}): {count} {}",
        policy.fail_on.name(),
        if count == 1 { "problem" } else { "problems" }
    )];
    lines.extend(verdict.failures.iter().map(|l| format!("  - {l}")));
    lines
}

/// The lines for stderr and the exit of a fleet gate: a source that could not be checked
/// wins (its error's code), then a failed gate, else success.
pub fn fleet_report(outcomes: &[Outcome], policy: Policy) -> (Vec<String>, Exit) {
    if outcomes.is_empty() {
        // Nothing checked is no pass, unless an empty selection was allowed.
        return if policy.on() && !policy.allow_empty {
            (
                vec![
                    "gate failed: no source servers matched, so nothing was checked \
                     (--allow-empty passes an empty selection)"
                        .to_owned(),
                ],
                Exit::GateFailed,
            )
        } else {
            (
                vec!["no source servers matched; nothing was checked".to_owned()],
                Exit::Ok,
            )
        };
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.passed()).collect();
    if failed.is_empty() {
        return (Vec::new(), Exit::Ok);
    }
    let mut lines = vec![format!(
        "gate failed (--fail-on {}): {} of {} sources",
        policy.fail_on.name(),
        failed.len(),
        outcomes.len()
    )];
    let mut exit = Exit::Ok;
    for o in &failed {
        let who = o.who();
        match &o.error {
            Some(e) => {
                lines.push(format!("  - {who}: could not be checked: {e}"));
                exit = exit.merge(Exit::Error(e.kind));
            }
            None => {
                lines.extend(o.verdict.failures.iter().map(|f| format!("  - {who}: {f}")));
                exit = exit.merge(Exit::GateFailed);
            }
        }
    }
    (lines, exit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_source;

    fn gate(body: &str, fail_on: FailOn, allow_no_checks: bool) -> Verdict {
        let source: Source = parse_source(body.as_bytes()).unwrap();
        judge(
            &source,
            Policy {
                fail_on,
                allow_no_checks,
                ..Policy::default()
            },
        )
    }

    const MIXED: &str = r#"{"checks":[{"name":"A","result":"OK"},{"name":"B","result":"WARN","error_code":"SMS.1"},{"name":"C","result":"error","error_code":"SMS.2","error_or_warn":"bad\u001b[31m"},{"name":"D","result":"NEW_RESULT"}]}"#;

    #[test]
    fn levels_follow_fail_on() {
        assert_eq!(gate(MIXED, FailOn::Error, false).failures.len(), 1);
        assert_eq!(gate(MIXED, FailOn::Warn, false).failures.len(), 2);
        assert!(gate(MIXED, FailOn::Never, false).passed());
    }

    #[test]
    fn failure_lines_name_the_check_and_are_sanitised() {
        let v = gate(MIXED, FailOn::Error, false);
        assert_eq!(v.failures[0], "C (error, SMS.2): bad\\x1b[31m");
    }

    #[test]
    fn no_result_fails_unless_allowed() {
        for body in [
            r#"{"id":"x"}"#,
            r#"{"id":"x","checks":[]}"#,
            r#"{"id":"x","checks":[{"name":"A","result":"SKIPPED"},{"name":"B","result":null}]}"#,
        ] {
            let v = gate(body, FailOn::Error, false);
            assert!(v.missing_checks && v.failures == [NO_CHECKS], "{body}");
            assert!(gate(body, FailOn::Error, true).passed(), "{body}");
            assert!(gate(body, FailOn::Never, false).passed(), "{body}");
        }
        // One result is enough to have checked something.
        let one = r#"{"checks":[{"name":"A","result":"SKIPPED"},{"name":"B","result":"OK"}]}"#;
        assert!(gate(one, FailOn::Error, false).passed());
    }
}
