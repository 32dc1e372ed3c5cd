//! The gate's reasons in words: the lines on stderr when the gate fails, and the words every
//! other output (report, JUnit, annotations, Markdown) uses for a [`Reason`].

use crate::gate::{Outcome, Policy, Reason, Seen, Verdict};
use crate::model::{Check, Field, Source};
use crate::sanitize::{sanitize, sanitize_short};

/// Said of a source none of whose checks reported a result.
pub const NO_CHECKS: &str = "no environment check reported OK, WARN or ERROR, so nothing was \
checked (--allow-no-checks passes such a source)";

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

/// When the agent was seen, in words: `2 d ago`, `never`, `5 h ahead of this clock`.
pub fn seen_text(seen: Seen) -> String {
    match seen {
        Seen::Never => "never".to_owned(),
        Seen::Ago(age) => age_text(age),
        Seen::Ahead(ms) => {
            let ahead = age_text(ms);
            format!("{} ahead of this clock", ahead.trim_end_matches(" ago"))
        }
    }
}

fn text(f: &Field) -> Option<String> {
    f.as_ref()
        .map(|s| sanitize(&s.to_string()).into_owned())
        .filter(|s| !s.is_empty())
}

/// `NAME (RESULT, ERROR_CODE): message [params]`, sanitised.
pub fn describe(check: &Check) -> String {
    let name = text(&check.name).unwrap_or_else(|| "(unnamed check)".to_owned());
    let result = text(&check.result).unwrap_or_else(|| "-".to_owned());
    let mut line = format!("{name} ({result}");
    if let Some(code) = text(&check.error_code) {
        line.push_str(", ");
        line.push_str(&code);
    }
    line.push_str("): ");
    line.push_str(&text(&check.error_or_warn).unwrap_or_else(|| "no message".to_owned()));
    if let Some(params) = text(&check.error_params) {
        line.push_str(" [");
        line.push_str(&params);
        line.push(']');
    }
    line
}

/// ` (see: sms-inspect explain SMS.6509)` for a code the tool knows; empty otherwise.
pub fn see(code: &Field) -> String {
    code.as_ref()
        .and_then(|c| crate::codes::find_in(&c.to_string()))
        .map(|c| format!(" ({})", crate::codes::see_also(c)))
        .unwrap_or_default()
}

/// A reason in words, sanitised.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::Check { check, .. } => format!("{}{}", describe(check), see(&check.error_code)),
        Reason::NoChecks => NO_CHECKS.to_owned(),
        Reason::Stale { seen, max_age } => {
            let limit = humantime::format_duration(*max_age);
            match seen {
                Seen::Never => {
                    format!("checks may be stale: the agent was never seen (--max-age {limit})")
                }
                Seen::Ago(_) => format!(
                    "checks may be stale: agent last seen {} (--max-age {limit})",
                    seen_text(*seen)
                ),
                Seen::Ahead(_) => format!(
                    "freshness unknown: the agent's last visit is {} (clock skew or a wrong \
                     unit) (--max-age {limit})",
                    seen_text(*seen)
                ),
            }
        }
        Reason::Hint(h) => format!("hint {} ({}): {}", h.rule, h.subject, h.message),
        Reason::Unfetched(e) => format!("could not be checked: {e}"),
    }
}

/// `(--fail-on warn)` when the flag was given; nothing otherwise (a report never names a flag
/// the user did not pass).
pub fn fail_on_flag(policy: Policy) -> String {
    if policy.fail_on_given {
        format!(" (--fail-on {})", policy.fail_on.name())
    } else {
        String::new()
    }
}

/// The lines that name each reason one source fails, for stderr; empty when it passed.
pub fn source_report(verdict: &Verdict, policy: Policy) -> Vec<String> {
    if verdict.passed() {
        return Vec::new();
    }
    let count = verdict.reasons.len();
    let mut lines = vec![format!(
        "gate failed{}: {count} {}",
        fail_on_flag(policy),
        if count == 1 { "problem" } else { "problems" }
    )];
    lines.extend(verdict.reasons.iter().map(|r| format!("  - {}", reason(r))));
    lines
}

/// `name (ID)`, sanitised, for messages; what was asked when the source is unknown.
pub fn who(outcome: &Outcome) -> String {
    match &outcome.source {
        Some(Source {
            name: Some(n),
            id: Some(i),
            ..
        }) => format!(
            "{} ({})",
            sanitize(&n.to_string()),
            sanitize(&i.to_string())
        ),
        _ => sanitize_short(&outcome.label, 100),
    }
}

/// The lines for stderr of a fleet gate.
pub fn fleet_report(outcomes: &[Outcome], policy: Policy) -> Vec<String> {
    if outcomes.is_empty() {
        return vec![if policy.on() && !policy.allow_empty {
            "gate failed: no source servers matched, so nothing was checked \
             (--allow-empty passes an empty selection)"
                .to_owned()
        } else {
            "no source servers matched; nothing was checked".to_owned()
        }];
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.passed()).collect();
    if failed.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![format!(
        "gate failed{}: {} of {} sources",
        fail_on_flag(policy),
        failed.len(),
        outcomes.len()
    )];
    for o in &failed {
        let who = who(o);
        lines.extend(
            o.verdict
                .reasons
                .iter()
                .map(|r| format!("  - {who}: {}", reason(r))),
        );
    }
    lines
}

/// One note for the results the tool does not know, naming them (they neither pass nor fail
/// the gate); none when there are none.
pub fn unknown_results_note<'a>(verdicts: impl IntoIterator<Item = &'a Verdict>) -> Vec<String> {
    let mut names: Vec<&str> = Vec::new();
    for v in verdicts {
        for r in &v.unknown_results {
            if !names.contains(&r.as_str()) {
                names.push(r);
            }
        }
    }
    if names.is_empty() {
        return Vec::new();
    }
    let shown: Vec<String> = names
        .iter()
        .take(10)
        .map(|n| sanitize_short(n, 40))
        .collect();
    vec![format!(
        "note: checks reported results sms-inspect does not know ({}); they neither pass nor \
         fail the gate",
        shown.join(", ")
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gate::{FailOn, judge};
    use crate::model::parse_source;
    use std::time::Duration;

    #[test]
    fn failure_lines_name_the_check_and_are_sanitised() {
        let body = r#"{"checks":[{"name":"C","result":"error","error_code":"SMS.2","error_or_warn":"bad\u001b[31m"}]}"#;
        let source: crate::model::Source = parse_source(body.as_bytes()).unwrap();
        let v = judge(&source, Policy::default());
        assert_eq!(reason(&v.reasons[0]), "C (error, SMS.2): bad\\x1b[31m");
        // No flag named unless it was given.
        assert_eq!(
            source_report(&v, Policy::default())[0],
            "gate failed: 1 problem"
        );
        let given = Policy {
            fail_on: FailOn::Warn,
            fail_on_given: true,
            ..Policy::default()
        };
        assert_eq!(
            source_report(&v, given)[0],
            "gate failed (--fail-on warn): 1 problem"
        );
    }

    #[test]
    fn stale_reasons_say_when() {
        let max_age = Duration::from_secs(3600);
        let r = |seen| reason(&Reason::Stale { seen, max_age });
        assert_eq!(
            r(Seen::Ago(2 * 86_400_000)),
            "checks may be stale: agent last seen 2 d ago (--max-age 1h)"
        );
        assert!(r(Seen::Never).contains("never seen"));
        assert!(r(Seen::Ahead(400 * 86_400_000)).contains("1 y ahead of this clock"));
    }
}
