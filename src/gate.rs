//! The pre-migration gate: which facts of a source fail it, as typed [`Reason`]s. The words
//! that name them are written in `render/verdict.rs`, never here.

use std::time::Duration;

use crate::error::{Error, Exit};
use crate::hints::{Hint, HintLevel};
pub use crate::model::Level;
use crate::model::{Check, Field, Scalar, Source};
pub use readiness::Readiness;

/// A `last_visit_time` further ahead of the clock than this is not a time the tool believes:
/// clock skew, or a timestamp in another unit (microseconds read as milliseconds).
pub const FUTURE_TOLERANCE_MS: u64 = 5 * 60 * 1000;

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
    /// `--fail-on` was given on the command line (reports name the flag only then).
    pub fail_on_given: bool,
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
            fail_on_given: false,
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
    pub fn on(&self) -> bool {
        self.fail_on != FailOn::Never
    }

    /// Whether a check at this level fails the gate.
    pub fn fails(&self, level: Level) -> bool {
        match self.fail_on {
            FailOn::Never => false,
            FailOn::Error => level == Level::Error,
            FailOn::Warn => matches!(level, Level::Error | Level::Warn),
        }
    }

    /// Whether this hint fails the gate (`--fail-on-hints`, error level).
    pub fn fails_hint(&self, hint: &Hint) -> bool {
        self.on() && self.fail_on_hints && hint.level == HintLevel::Error
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

/// When the agent was last seen, as the freshness rule reads `last_visit_time`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// No usable `last_visit_time`.
    Never,
    /// This many milliseconds ago (0 for "now", or up to [`FUTURE_TOLERANCE_MS`] ahead).
    Ago(u64),
    /// This many milliseconds ahead of the clock, past the tolerance: clock skew or a wrong
    /// unit, so the freshness is unknown.
    Ahead(u64),
}

impl Seen {
    /// Reads `last_visit_time` (milliseconds since the epoch; a float is read as
    /// milliseconds too) against `now_ms`.
    pub fn of(last_visit_time: &Field, now_ms: u64) -> Seen {
        let ms = match last_visit_time {
            Some(Scalar::Float(f)) if f.is_finite() && *f >= 0.0 => {
                Some(f.floor().min(1.8e19) as u64)
            }
            Some(s) => s.as_u64(),
            None => None,
        };
        match ms {
            None => Seen::Never,
            Some(then) if then > now_ms.saturating_add(FUTURE_TOLERANCE_MS) => {
                Seen::Ahead(then - now_ms)
            }
            Some(then) => Seen::Ago(now_ms.saturating_sub(then)),
        }
    }
}

/// Why a source fails the gate.
#[derive(Debug)]
pub enum Reason {
    /// A check at a failing level; `index` is its position in [`checks`] order.
    Check { index: usize, check: Check },
    /// No check reported OK, WARN or ERROR, so nothing was checked.
    NoChecks,
    /// `--max-age`: the agent was seen too long ago, never, or at a time ahead of the clock.
    Stale { seen: Seen, max_age: Duration },
    /// An error-level readiness hint, under `--fail-on-hints`.
    Hint(Hint),
    /// The source could not be fetched or read, so it could not be checked.
    Unfetched(Error),
}

/// The gate's verdict on one source: every reason it fails, in the order they were found.
#[derive(Debug, Default)]
pub struct Verdict {
    pub reasons: Vec<Reason>,
    /// The results this tool does not know (`FAIL`, `CRITICAL`...), as sent: they neither
    /// pass nor fail the gate, and the command says so once.
    pub unknown_results: Vec<String>,
}

impl Verdict {
    pub fn passed(&self) -> bool {
        self.reasons.is_empty()
    }

    /// The failing checks' positions in [`checks`] order.
    pub fn failing(&self) -> impl Iterator<Item = usize> + '_ {
        self.reasons.iter().filter_map(|r| match r {
            Reason::Check { index, .. } => Some(*index),
            _ => None,
        })
    }

    /// Whether the check at this position fails the gate.
    pub fn fails_check(&self, index: usize) -> bool {
        self.failing().any(|i| i == index)
    }

    /// No check reported a result (and that was not allowed).
    pub fn missing_checks(&self) -> bool {
        self.reasons.iter().any(|r| matches!(r, Reason::NoChecks))
    }

    /// The freshness reason, when `--max-age` failed the source.
    pub fn stale(&self) -> Option<(Seen, Duration)> {
        self.reasons.iter().find_map(|r| match r {
            Reason::Stale { seen, max_age } => Some((*seen, *max_age)),
            _ => None,
        })
    }

    /// The error that kept the source from being checked.
    pub fn unfetched(&self) -> Option<&Error> {
        self.reasons.iter().find_map(|r| match r {
            Reason::Unfetched(e) => Some(e),
            _ => None,
        })
    }
}

pub fn checks<S>(source: &Source<S>) -> impl Iterator<Item = &Check> {
    source.checks.iter().flatten().flatten()
}

/// Applies the gate to one source.
pub fn judge<S>(source: &Source<S>, policy: Policy) -> Verdict {
    let mut verdict = Verdict::default();
    for check in checks(source) {
        if Level::of(check) == Level::Other
            && let Some(result) = check.result.as_ref()
        {
            let shown = result.to_string();
            if !shown.trim().is_empty()
                && !KNOWN_OTHER.contains(&shown.trim().to_ascii_uppercase().as_str())
                && !verdict.unknown_results.contains(&shown)
            {
                verdict.unknown_results.push(shown);
            }
        }
    }
    if !policy.on() {
        return verdict;
    }
    let mut results = 0;
    for (index, check) in checks(source).enumerate() {
        let level = Level::of(check);
        if level != Level::Other {
            results += 1;
        }
        if policy.fails(level) {
            verdict.reasons.push(Reason::Check {
                index,
                check: check.clone(),
            });
        }
    }
    if results == 0 && !policy.allow_no_checks {
        verdict.reasons.push(Reason::NoChecks);
    }
    if let Some(max_age) = policy.max_age {
        let seen = Seen::of(&source.last_visit_time, policy.now_ms);
        if !fresh(seen, max_age) {
            verdict.reasons.push(Reason::Stale { seen, max_age });
        }
    }
    verdict
}

mod readiness;

/// Whether an agent seen then is within `--max-age` (never seen, or ahead of the clock, is not).
fn fresh(seen: Seen, max_age: Duration) -> bool {
    matches!(seen, Seen::Ago(age) if u128::from(age) <= max_age.as_millis())
}

/// Results SMS documents besides OK, WARN and ERROR: known, and not worth a note.
const KNOWN_OTHER: &[&str] = &["SKIPPED", "PENDING", "CHECKING", "NULL"];

/// A whole source judged: the verdict on its checks and freshness, and its readiness hints,
/// which with `--fail-on-hints` are failing reasons too.
pub fn judge_with_hints(source: &Source, policy: Policy) -> (Verdict, Vec<Hint>) {
    let mut verdict = judge(source, policy);
    let hints = crate::hints::hints(source);
    for hint in hints.iter().filter(|h| policy.fails_hint(h)) {
        verdict.reasons.push(Reason::Hint(hint.clone()));
    }
    (verdict, hints)
}

/// One source's result in a fleet gate.
pub struct Outcome {
    /// What the user asked for, or the listed source's ID.
    pub label: String,
    pub source: Option<Source>,
    pub verdict: Verdict,
    pub counts: Counts,
    /// The readiness hints, when they were computed (`--hints`, `--file`).
    pub hints: Option<Vec<Hint>>,
    /// The readiness grade ([`Readiness::of`]), computed when the source was judged.
    pub readiness: Readiness,
    /// Why the source's last migration task failed (`check`, live): it informs, it never
    /// fails the gate.
    pub task_error: Option<crate::model::task::TaskError>,
}

impl Outcome {
    /// A source that could not be fetched or read: it fails with its error.
    pub fn unfetched(label: String, error: Error) -> Outcome {
        Outcome {
            label,
            source: None,
            verdict: Verdict {
                reasons: vec![Reason::Unfetched(error)],
                unknown_results: Vec::new(),
            },
            counts: Counts::default(),
            hints: None,
            readiness: Readiness::Unknown,
            task_error: None,
        }
    }

    pub fn passed(&self) -> bool {
        self.verdict.passed()
    }

    /// The error that kept the source from being checked.
    pub fn error(&self) -> Option<&Error> {
        self.verdict.unfetched()
    }
}

/// The exit of a fleet gate: a source that could not be checked wins (its error's code), then
/// a failed gate (an empty selection included, unless allowed), else success.
pub fn fleet_exit(outcomes: &[Outcome], policy: Policy) -> Exit {
    if outcomes.is_empty() {
        return Exit::gate(!policy.on() || policy.allow_empty);
    }
    outcomes.iter().fold(Exit::Ok, |exit, o| match o.error() {
        Some(e) => exit.merge(Exit::Error(e.kind)),
        None => exit.merge(Exit::gate(o.passed())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Kind;
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
        assert_eq!(gate(MIXED, FailOn::Error, false).reasons.len(), 1);
        assert_eq!(gate(MIXED, FailOn::Warn, false).reasons.len(), 2);
        assert!(gate(MIXED, FailOn::Never, false).passed());
        let v = gate(MIXED, FailOn::Error, false);
        assert_eq!(v.failing().collect::<Vec<_>>(), [2]);
        assert!(v.fails_check(2) && !v.fails_check(1));
    }

    #[test]
    fn unknown_results_are_collected_once() {
        let body = r#"{"checks":[{"name":"A","result":"OK"},{"name":"B","result":"FAIL"},{"name":"C","result":"FAIL"},{"name":"D","result":"SKIPPED"},{"name":"E","result":"CRITICAL"}]}"#;
        let v = gate(body, FailOn::Error, false);
        assert!(v.passed());
        assert_eq!(v.unknown_results, ["FAIL", "CRITICAL"]);
        // Said even when every rule is off.
        assert_eq!(gate(body, FailOn::Never, false).unknown_results.len(), 2);
    }

    #[test]
    fn no_result_fails_unless_allowed() {
        for body in [
            r#"{"id":"x"}"#,
            r#"{"id":"x","checks":[]}"#,
            r#"{"id":"x","checks":[{"name":"A","result":"SKIPPED"},{"name":"B","result":null}]}"#,
        ] {
            let v = gate(body, FailOn::Error, false);
            assert!(v.missing_checks() && v.reasons.len() == 1, "{body}");
            assert!(gate(body, FailOn::Error, true).passed(), "{body}");
            assert!(gate(body, FailOn::Never, false).passed(), "{body}");
        }
        // One result is enough to have checked something.
        let one = r#"{"checks":[{"name":"A","result":"SKIPPED"},{"name":"B","result":"OK"}]}"#;
        assert!(gate(one, FailOn::Error, false).passed());
    }

    #[test]
    fn freshness_treats_the_future_as_unknown() {
        let now = 1_700_000_000_000u64;
        let at = |v: &str| {
            let body = format!(r#"{{"last_visit_time":{v}}}"#);
            let source: Source = parse_source(body.as_bytes()).unwrap();
            Seen::of(&source.last_visit_time, now)
        };
        assert_eq!(at(&(now - 1000).to_string()), Seen::Ago(1000));
        // A little ahead (clocks differ) is now; past five minutes it is unknown.
        assert_eq!(at(&(now + FUTURE_TOLERANCE_MS).to_string()), Seen::Ago(0));
        assert_eq!(
            at(&(now + FUTURE_TOLERANCE_MS + 1).to_string()),
            Seen::Ahead(FUTURE_TOLERANCE_MS + 1)
        );
        // Microseconds, and the largest integer, are ahead, not fresh.
        assert!(matches!(at(&(now * 1000).to_string()), Seen::Ahead(_)));
        assert!(matches!(at(&u64::MAX.to_string()), Seen::Ahead(_)));
        // Float milliseconds are milliseconds.
        assert_eq!(at(&format!("{}.75", now - 2000)), Seen::Ago(2000));
        assert_eq!(at("null"), Seen::Never);
        assert_eq!(at("\"yesterday\""), Seen::Never);
        let policy = Policy {
            max_age: Some(Duration::from_secs(3600)),
            allow_no_checks: true,
            now_ms: now,
            ..Policy::default()
        };
        let judge_at = |v: u64| {
            let body = format!(r#"{{"last_visit_time":{v}}}"#);
            judge(&parse_source::<()>(body.as_bytes()).unwrap(), policy)
        };
        assert!(judge_at(now - 1000).passed());
        assert!(judge_at(now * 1000).stale().is_some());
        assert!(judge_at(now - 3_600_001).stale().is_some());
    }

    #[test]
    fn fleet_exit_prefers_errors_then_failures() {
        let ok = || Outcome {
            label: "a".into(),
            source: None,
            verdict: Verdict::default(),
            counts: Counts::default(),
            hints: None,
            readiness: Readiness::Unknown,
            task_error: None,
        };
        let policy = Policy::default();
        assert_eq!(fleet_exit(&[], policy), Exit::GateFailed);
        let allowed = Policy {
            allow_empty: true,
            ..policy
        };
        assert_eq!(fleet_exit(&[], allowed), Exit::Ok);
        assert_eq!(fleet_exit(&[ok()], policy), Exit::Ok);
        let mut failed = ok();
        failed.verdict.reasons.push(Reason::NoChecks);
        let unfetched = Outcome::unfetched("b".into(), Error::new(Kind::Api, "404"));
        assert_eq!(
            fleet_exit(&[ok(), failed, unfetched], policy),
            Exit::Error(Kind::Api)
        );
    }
}
