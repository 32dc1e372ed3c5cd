//! The readiness grade of one source: what it reads and in which order.

use super::{Counts, Policy, Seen, checks, fresh};
use crate::hints::Hint;
use crate::model::Source;

/// A source's readiness grade, as Azure Migrate grades servers. It informs: the gate's rules
/// (`--fail-on`, `--fail-on-hints`) alone decide the exit. Ordered best to worst.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Readiness {
    /// At least one OK result, and nothing below.
    Ready,
    /// A WARN check or a warn-level hint.
    Conditional,
    /// Nothing is known: no OK/WARN/ERROR result, an agent stale under `--max-age` (or of
    /// unknown freshness), or a source that could not be fetched.
    Unknown,
    /// An ERROR check or an error-level hint: certain, even when the agent is stale.
    NotReady,
}

impl Readiness {
    /// The grade as written in every output.
    pub fn name(self) -> &'static str {
        match self {
            Readiness::Ready => "ready",
            Readiness::Conditional => "conditional",
            Readiness::Unknown => "unknown",
            Readiness::NotReady => "not-ready",
        }
    }

    /// The grade of one source, in this order: `not-ready` (an ERROR check or an error hint),
    /// else `unknown` (no OK/WARN/ERROR result, stale or unknown freshness under `--max-age`,
    /// not fetched), else `conditional` (a WARN check or a warn hint), else `ready`. `hints`
    /// count only where they were computed (`Some`); SKIPPED and other results never lower
    /// the grade. Independent of `--fail-on`: only `--max-age` and the clock are read.
    pub fn of<S>(source: Option<&Source<S>>, hints: Option<&[Hint]>, policy: Policy) -> Readiness {
        let Some(source) = source else {
            return Readiness::Unknown;
        };
        let counts = Counts::of(checks(source));
        let (hint_errors, hint_warns) = hints.map_or((0, 0), crate::hints::counts);
        if counts.error > 0 || hint_errors > 0 {
            return Readiness::NotReady;
        }
        let stale = policy.max_age.is_some_and(|max_age| {
            !fresh(Seen::of(&source.last_visit_time, policy.now_ms), max_age)
        });
        if counts.ok + counts.warn == 0 || stale {
            Readiness::Unknown
        } else if counts.warn > 0 || hint_warns > 0 {
            Readiness::Conditional
        } else {
            Readiness::Ready
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::gate::FailOn;
    use crate::hints::HintLevel;
    use crate::model::{Scalar, parse_source};

    #[test]
    fn readiness_follows_its_order() {
        let now = 1_700_000_000_000u64;
        let grade = |body: &str, max_age: Option<u64>, hints: Option<&[Hint]>| {
            let source: Source = parse_source(body.as_bytes()).unwrap();
            let policy = Policy {
                max_age: max_age.map(Duration::from_secs),
                now_ms: now,
                fail_on: FailOn::Never,
                ..Policy::default()
            };
            Readiness::of(Some(&source), hints, policy)
        };
        let fresh = format!(r#""last_visit_time":{}"#, now - 1000);
        let stale = format!(r#""last_visit_time":{}"#, now - 7_200_000);
        let ok = r#""checks":[{"name":"A","result":"OK"},{"name":"S","result":"SKIPPED"}]"#;
        let warn = r#""checks":[{"name":"A","result":"OK"},{"name":"B","result":"WARN"}]"#;
        let error = r#""checks":[{"name":"A","result":"OK"},{"name":"C","result":"ERROR"}]"#;
        let skipped = r#""checks":[{"name":"S","result":"SKIPPED"}]"#;
        let body = |a: &str, b: &str| format!("{{{a},{b}}}");
        assert_eq!(grade(&body(ok, &fresh), Some(3600), None), Readiness::Ready);
        assert_eq!(
            grade(&body(warn, &fresh), None, None),
            Readiness::Conditional
        );
        assert_eq!(
            grade(&body(error, &stale), Some(3600), None),
            Readiness::NotReady
        );
        assert_eq!(
            grade(&body(ok, &stale), Some(3600), None),
            Readiness::Unknown
        );
        // Stale only under --max-age; `--fail-on never` does not hide it.
        assert_eq!(grade(&body(ok, &stale), None, None), Readiness::Ready);
        assert_eq!(
            grade(&body(skipped, &fresh), None, None),
            Readiness::Unknown
        );
        assert_eq!(
            grade(&format!("{{{ok}}}"), Some(3600), None),
            Readiness::Unknown
        );
        let ahead = format!(r#""last_visit_time":{}"#, now * 1000);
        assert_eq!(
            grade(&body(ok, &ahead), Some(3600), None),
            Readiness::Unknown
        );
        let hint = |level| Hint {
            rule: "r",
            level,
            subject: String::new(),
            message: String::new(),
        };
        let warn_hint = [hint(HintLevel::Warn)];
        let error_hint = [hint(HintLevel::Error)];
        assert_eq!(
            grade(&body(ok, &fresh), None, Some(&warn_hint)),
            Readiness::Conditional
        );
        assert_eq!(
            grade(&body(ok, &stale), Some(1), Some(&error_hint)),
            Readiness::NotReady
        );
        assert_eq!(grade(&body(ok, &fresh), None, Some(&[])), Readiness::Ready);
        assert_eq!(
            Readiness::of::<Scalar>(None, None, Policy::default()),
            Readiness::Unknown
        );
        assert_eq!(
            [
                Readiness::NotReady,
                Readiness::Unknown,
                Readiness::Conditional,
                Readiness::Ready
            ]
            .map(Readiness::name),
            ["not-ready", "unknown", "conditional", "ready"]
        );
    }
}
