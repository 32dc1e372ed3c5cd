//! `check --junit PATH`: a JUnit XML report that GitLab, Jenkins and GitHub test reporters
//! display: one testsuite per source, one testcase per check, a `<failure>` per check that
//! fails the gate, an `<error>` for a source that could not be checked.

use std::fmt::Write;

use crate::gate::{self, Level, Outcome, Policy, Reason};
use crate::model::{Check, Field, Source};
use crate::render::verdict;
use crate::sanitize::sanitize;

/// The report: a testsuite per source, a testcase per check (named by the check, stable from
/// run to run; its ID, result, error code, message and params in `<system-out>`), a
/// `<failure>` for each check that fails the gate, testcases for the gate's own rules when
/// they fail (no check result, stale data), one per readiness hint (`hint: RULE`, a failure
/// only with `--fail-on-hints`), an `<error>` for a source that could not be checked, and the
/// suite's readiness grade in its own `<system-out>` (`readiness: conditional`).
/// Valid against the Jenkins JUnit schema (no properties or extra attributes in a testcase).
pub fn report(outcomes: &[Outcome], policy: Policy) -> String {
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    let mut suites = String::new();
    for o in outcomes {
        let suite = Suite::new(xml(&verdict::who(o)));
        let suite = match &o.source {
            None => {
                let message = o.error().map(|e| e.to_string()).unwrap_or_default();
                suite.error("fetch source", &message)
            }
            Some(source) => cases(suite, o, source, policy),
        };
        let suite = suite.out(&format!("readiness: {}", o.readiness.name()));
        tests += suite.tests;
        failures += suite.failures;
        errors += suite.errors;
        suites.push_str(&suite.close());
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sms-inspect check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

fn cases(mut suite: Suite, o: &Outcome, source: &Source, policy: Policy) -> Suite {
    for (i, check) in gate::checks(source).enumerate() {
        let name = text(&check.name);
        let out = details(check);
        suite = if o.verdict.fails_check(i) {
            suite.failure(
                &name,
                &text(&check.result),
                &message(check),
                &verdict::describe(check),
                &out,
            )
        } else if Level::of(check) == Level::Other {
            suite.skipped(&name, &format!("result {}", text(&check.result)), &out)
        } else {
            suite.passed(&name, &out)
        };
    }
    if o.verdict.missing_checks() {
        suite = suite.failure(
            "environment checks",
            "MISSING",
            verdict::NO_CHECKS,
            verdict::NO_CHECKS,
            "",
        );
    } else if gate::checks(source).next().is_none() {
        suite = suite.skipped("environment checks", "no checks reported", "");
    }
    if let Some(reason) = o
        .verdict
        .reasons
        .iter()
        .find(|r| matches!(r, Reason::Stale { .. }))
    {
        let reason = verdict::reason(reason);
        suite = suite.failure("agent freshness", "STALE", &reason, &reason, "");
    }
    if let Some(e) = &o.task_error {
        // It informs (the gate is about readiness): a passed testcase that carries it.
        suite = suite.passed(
            "last migration task",
            &crate::render::errors::task_reason(e),
        );
    }
    for h in o.hints.iter().flatten() {
        let name = format!("hint: {} ({})", h.rule, h.subject);
        let out = format!(
            "level: {}\nmessage: {}\ndoc: {}",
            h.level.name(),
            h.message,
            h.doc()
        );
        suite = if policy.fails_hint(h) {
            suite.failure(&name, "HINT", &h.message, &h.message, &out)
        } else {
            suite.passed(&name, &out)
        };
    }
    suite
}

/// `id`, `result`, `error_code`, `message`, `params` of a check, one a line, those it has.
fn details(check: &Check) -> String {
    [
        ("id", &check.id),
        ("result", &check.result),
        ("error_code", &check.error_code),
        ("message", &check.error_or_warn),
        ("params", &check.error_params),
    ]
    .iter()
    .filter_map(|(k, v)| {
        v.as_ref()
            .map(|v| v.to_string())
            .filter(|v| !v.is_empty())
            .map(|v| format!("{k}: {v}"))
    })
    .collect::<Vec<_>>()
    .join("\n")
}

/// A whole report being written, suite by suite (for commands other than `check`: `verify`).
pub(crate) struct Report {
    name: &'static str,
    suites: String,
    tests: usize,
    failures: usize,
    errors: usize,
}

impl Report {
    pub(crate) fn new(name: &'static str) -> Report {
        Report {
            name,
            suites: String::new(),
            tests: 0,
            failures: 0,
            errors: 0,
        }
    }

    pub(crate) fn add(&mut self, suite: Suite) {
        self.tests += suite.tests;
        self.failures += suite.failures;
        self.errors += suite.errors;
        self.suites.push_str(&suite.close());
    }

    pub(crate) fn finish(self) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n",
            self.name, self.tests, self.failures, self.errors, self.suites
        )
    }
}

/// One testsuite being written.
pub(crate) struct Suite {
    name: String,
    cases: String,
    tests: usize,
    failures: usize,
    errors: usize,
    skipped: usize,
    /// The suite's own `<system-out>` (the readiness grade), escaped when written.
    out: String,
}

impl Suite {
    pub(crate) fn new(name: String) -> Suite {
        Suite {
            name,
            cases: String::new(),
            tests: 0,
            failures: 0,
            errors: 0,
            skipped: 0,
            out: String::new(),
        }
    }

    /// Sets the suite's `<system-out>`, written after its testcases (as the schema orders).
    fn out(mut self, out: &str) -> Suite {
        self.out = out.to_owned();
        self
    }

    fn case(mut self, name: &str, inner: &str, out: &str) -> Suite {
        self.tests += 1;
        let system_out = if out.is_empty() {
            String::new()
        } else {
            // One field a line: each line escaped, the line breaks kept.
            let lines: Vec<String> = out.split('\n').map(xml).collect();
            format!("      <system-out>{}</system-out>\n", lines.join("\n"))
        };
        if inner.is_empty() && system_out.is_empty() {
            let _ = writeln!(
                self.cases,
                "    <testcase classname=\"{}\" name=\"{}\"/>",
                self.name,
                xml(name)
            );
        } else {
            let _ = write!(
                self.cases,
                "    <testcase classname=\"{}\" name=\"{}\">\n{inner}{system_out}    </testcase>\n",
                self.name,
                xml(name)
            );
        }
        self
    }

    pub(crate) fn passed(self, name: &str, out: &str) -> Suite {
        self.case(name, "", out)
    }

    pub(crate) fn failure(
        mut self,
        name: &str,
        kind: &str,
        message: &str,
        body: &str,
        out: &str,
    ) -> Suite {
        self.failures += 1;
        let inner = format!(
            "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
            xml(kind),
            xml(message),
            xml(body)
        );
        self.case(name, &inner, out)
    }

    pub(crate) fn skipped(mut self, name: &str, message: &str, out: &str) -> Suite {
        self.skipped += 1;
        let inner = format!("      <skipped message=\"{}\"/>\n", xml(message));
        self.case(name, &inner, out)
    }

    fn error(mut self, name: &str, message: &str) -> Suite {
        self.errors += 1;
        let inner = format!(
            "      <error message=\"{m}\">{m}</error>\n",
            m = xml(message)
        );
        self.case(name, &inner, "")
    }

    fn close(&self) -> String {
        let out = if self.out.is_empty() {
            String::new()
        } else {
            format!("    <system-out>{}</system-out>\n", xml(&self.out))
        };
        format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n{}{out}  </testsuite>\n",
            self.name, self.tests, self.failures, self.errors, self.skipped, self.cases
        )
    }
}

/// The report of a run that failed before any source could be judged (the list call
/// failed, say): one suite with one errored testcase that carries the error, so CI shows the
/// failure instead of an old report.
pub fn failed_run(message: &str, exit_code: u8) -> String {
    let m = xml(message);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sms-inspect check\" tests=\"1\" failures=\"0\" errors=\"1\">\n  <testsuite name=\"sms-inspect\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase classname=\"sms-inspect\" name=\"run\">\n      <error type=\"exit {}\" message=\"{m}\">{m}</error>\n    </testcase>\n  </testsuite>\n</testsuites>\n",
        exit_code
    )
}

fn text(f: &Field) -> String {
    f.as_ref()
        .map(|s| s.to_string())
        .unwrap_or_else(|| "-".to_owned())
}

/// `ERROR_CODE: message`, the short form for the `message` attribute.
fn message(check: &Check) -> String {
    match (&check.error_code, &check.error_or_warn) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c.to_string(),
        (None, Some(m)) => m.to_string(),
        (None, None) => format!("result {}", text(&check.result)),
    }
}

/// Sanitised (no control character is even legal in XML 1.0) and escaped for text and
/// attributes alike.
pub(crate) fn xml(s: &str) -> String {
    let clean = sanitize(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Noncharacters XML 1.0 cannot carry: named, each as itself.
            '\u{fffe}' | '\u{ffff}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_markup_and_controls() {
        assert_eq!(
            super::xml("<a href=\"x\">&'\u{1b}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\x1b&lt;/a&gt;"
        );
    }
}
