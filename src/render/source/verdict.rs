//! The first lines of the report: name and ID, state, progress, agent, checks, the readiness
//! grade, the verdict `check` would reach with every ERROR and WARN check under it, and the
//! readiness hints.

use std::io;

use owo_colors::AnsiColors;

use super::{Report, joined, named};
use crate::gate::{self, FailOn, Level, Policy, Reason, Verdict};
use crate::hints::{Hint, HintLevel};
use crate::model::{Check, Scalar, Source};
use crate::render::table::{
    Cell, agent_color, hanging, heading, key_values, level_color, paint, state_color,
};
use crate::render::{progress, units, value};

/// How many problems fail the verdict. The one place the report reads the gate's reasons.
fn problems(verdict: &Verdict) -> usize {
    verdict.reasons.len()
}

/// The words of the verdict: what `check` would conclude, naming only a flag that must have
/// been given (`--fail-on error` is the default, so it is never named).
fn verdict_word(verdict: &Verdict, policy: Policy) -> (String, Option<AnsiColors>) {
    let check = match policy.fail_on {
        FailOn::Never => return ("not judged (--fail-on never)".to_owned(), None),
        FailOn::Error => "check".to_owned(),
        other => format!("check --fail-on {}", other.name()),
    };
    if verdict.passed() {
        return (
            format!("PASS, as {check} would conclude"),
            Some(AnsiColors::Green),
        );
    }
    let n = problems(verdict);
    (
        format!(
            "FAIL: {n} {}, as {check} would conclude",
            if n == 1 { "problem" } else { "problems" }
        ),
        Some(AnsiColors::Red),
    )
}

impl Report<'_> {
    /// Name and ID, state, progress, agent, and the gate's verdict with every ERROR and WARN
    /// check (ERROR first): what a migration engineer reads first.
    pub(super) fn verdict(
        &mut self,
        s: &Source,
        verdict: &Verdict,
        hints: &[Hint],
        policy: Policy,
    ) -> io::Result<()> {
        let title = named(&s.name, &s.id);
        heading(
            self.out,
            self.style,
            if title.is_empty() {
                "Source server"
            } else {
                &title
            },
        )?;
        let raw = self.style.raw_bytes;
        let state = joined(&[value(&s.state), value(&s.migration_cycle)], " / ");
        let progress = match (&s.replicatesize, &s.totalsize) {
            (None, None) => String::new(),
            (r, t) => units::progress(r, t, raw),
        };
        let task = s.current_task.as_ref();
        let progress = joined(
            &[
                progress,
                task.map(|t| t.migrate_speed.clone())
                    .and_then(|speed| speed.map(|v| units::with_unit(&Some(v), "Mbit/s")))
                    .unwrap_or_default(),
                task.map(|t| value(&t.subtask_info)).unwrap_or_default(),
            ],
            ", ",
        );
        let (agent, agent_color) = self.agent(s);
        let (word, color) = verdict_word(verdict, policy);
        let readiness = gate::Readiness::of(Some(s), Some(hints), policy);
        key_values(
            self.out,
            self.style,
            &[
                ("State", Cell::colored(state, state_color(&s.state))),
                ("Progress", Cell::new(progress)),
                ("Agent", Cell::colored(agent, agent_color)),
                ("Checks", Cell::new(counts_text(gate::checks(s)))),
                (
                    "Readiness",
                    Cell::colored(readiness.name(), crate::render::readiness_color(readiness)),
                ),
                ("Verdict", Cell::colored(word, color)),
            ],
            false,
        )?;
        // The reasons that are not a check (those follow, each with its level) nor a hint
        // (the Hints section shows them): no result, stale or unknown freshness.
        for reason in &verdict.reasons {
            if !matches!(reason, Reason::Check { .. } | Reason::Hint(_)) {
                let text = crate::render::verdict::reason(reason);
                hanging(self.out, self.style, "  ", 2, &text)?;
            }
        }
        for level in [Level::Error, Level::Warn] {
            for check in gate::checks(s).filter(|c| Level::of(c) == level) {
                let label = if level == Level::Error {
                    "ERROR"
                } else {
                    "WARN "
                };
                let lead = format!(
                    "  {}  ",
                    paint(self.style, label, level_color(level), false)
                );
                hanging(self.out, self.style, &lead, 9, &check_line(check))?;
            }
        }
        Ok(())
    }

    /// `connected (as of 2 d ago), 25.3.0, last seen …` and its colour.
    fn agent(&self, s: &Source) -> (String, Option<AnsiColors>) {
        let connected = s.connected.as_ref().and_then(Scalar::as_bool);
        let seen = s.last_visit_time.as_ref().and_then(Scalar::as_u64);
        let as_of = seen
            .map(|seen| format!(" (as of {})", progress::age(self.style.now_ms, seen)))
            .unwrap_or_default();
        let text = joined(
            &[
                match connected {
                    Some(true) => format!("connected{as_of}"),
                    Some(false) => format!("not connected{as_of}"),
                    None => value(&s.connected),
                },
                value(&s.agent_version),
                match s.last_visit_time {
                    Some(_) => format!("last seen {}", units::time(&s.last_visit_time)),
                    None => String::new(),
                },
            ],
            ", ",
        );
        let age = seen.and_then(|seen| self.style.now_ms.checked_sub(seen));
        (text, agent_color(connected, age))
    }

    /// The readiness hints: sms-inspect's reading of SMS's documented constraints, never
    /// shown as SMS checks.
    pub(super) fn hints(&mut self, hints: &[Hint]) -> io::Result<()> {
        if hints.is_empty() {
            self.empty.push("hints");
            return Ok(());
        }
        writeln!(self.out)?;
        heading(
            self.out,
            self.style,
            "Hints (sms-inspect's reading of SMS's documented constraints, not SMS checks)",
        )?;
        for h in hints {
            let (label, color) = match h.level {
                HintLevel::Error => ("ERROR", level_color(Level::Error)),
                HintLevel::Warn => ("WARN ", level_color(Level::Warn)),
            };
            let lead = format!("  {}  ", paint(self.style, label, color, false));
            let line = format!("{}  {}: {}", h.rule, h.subject, h.message);
            hanging(self.out, self.style, &lead, 9, &line)?;
            hanging(
                self.out,
                self.style,
                "         ",
                9,
                &format!("fix: {}", h.remedy()),
            )?;
            // A link is never split: where it does not fit under the hint, it moves left.
            let see = format!("see {}", h.doc());
            let fits = self
                .style
                .width
                .is_none_or(|w| 9 + see.len() <= usize::from(w));
            let (lead, width) = if fits { ("         ", 9) } else { ("  ", 2) };
            hanging(self.out, self.style, lead, width, &see)?;
        }
        Ok(())
    }
}

/// `NAME  CODE  message  [params]`: the whole of a failing check, to be wrapped, never cut.
fn check_line(check: &Check) -> String {
    joined(
        &[
            value(&check.name),
            value(&check.error_code),
            value(&check.error_or_warn),
            match value(&check.error_params) {
                p if p.is_empty() => p,
                p => format!("[{p}]"),
            },
            crate::render::verdict::see(&check.error_code)
                .trim_start()
                .to_owned(),
        ],
        "  ",
    )
}

/// `4: 1 OK, 1 WARN, 1 ERROR, 1 SKIPPED`: every result named, the unknown ones as they come.
pub fn counts_text<'a>(checks: impl IntoIterator<Item = &'a Check>) -> String {
    let mut counted: Vec<(String, usize)> = ["OK", "WARN", "ERROR"]
        .iter()
        .map(|l| ((*l).to_owned(), 0))
        .collect();
    let mut total = 0;
    for check in checks {
        total += 1;
        let name = match Level::of(check) {
            Level::Ok => "OK".to_owned(),
            Level::Warn => "WARN".to_owned(),
            Level::Error => "ERROR".to_owned(),
            Level::Other => match value(&check.result) {
                r if r.is_empty() => "no result".to_owned(),
                r => r,
            },
        };
        match counted.iter_mut().find(|(n, _)| *n == name) {
            Some((_, c)) => *c += 1,
            None => counted.push((name, 1)),
        }
    }
    if total == 0 {
        return "none reported".to_owned();
    }
    let parts: Vec<String> = counted
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{n} {label}"))
        .collect();
    format!("{total}: {}", parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_result_is_named() {
        let source: Source = crate::model::parse_source(
            br#"{"checks":[{"result":"OK"},{"result":"SKIPPED"},{"result":"ERROR"},{"result":"SKIPPED"},{"result":"PENDING"}]}"#,
        )
        .unwrap();
        assert_eq!(
            counts_text(gate::checks(&source)),
            "5: 1 OK, 1 ERROR, 2 SKIPPED, 1 PENDING"
        );
    }
}
