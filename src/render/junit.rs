//! `check --junit PATH`: a JUnit XML report that GitLab, Jenkins and GitHub test reporters
//! display: one testsuite per source, one testcase per check, a `<failure>` per check that
//! fails the gate, an `<error>` for a source that could not be checked.

use std::fmt::Write;

use crate::error::Error;
use crate::gate::{self, Level, Outcome};
use crate::model::{Check, Field};
use crate::sanitize::sanitize;

pub fn report(outcomes: &[Outcome]) -> String {
    let mut tests = 0;
    let mut failures = 0;
    let mut errors = 0;
    let mut suites = String::new();
    for o in outcomes {
        let suite_name = xml(&o.who());
        let mut cases = String::new();
        let (mut t, mut f, mut e, mut skipped) = (0, 0, 0, 0);
        match &o.source {
            None => {
                t += 1;
                e += 1;
                let message = o.error.as_ref().map(|e| e.to_string()).unwrap_or_default();
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{suite_name}\" name=\"fetch source\">\n      <error message=\"{m}\">{m}</error>\n    </testcase>",
                    m = xml(&message)
                );
            }
            Some(source) => {
                let mut any = false;
                for (i, check) in gate::checks(source).enumerate() {
                    any = true;
                    t += 1;
                    let name = xml(&text(&check.name));
                    if o.verdict.failing.contains(&i) {
                        f += 1;
                        let _ = writeln!(
                            cases,
                            "    <testcase classname=\"{suite_name}\" name=\"{name}\">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>",
                            xml(&text(&check.result)),
                            xml(&message(check)),
                            xml(&gate::describe(check))
                        );
                    } else if Level::of(check) == Level::Other {
                        skipped += 1;
                        let _ = writeln!(
                            cases,
                            "    <testcase classname=\"{suite_name}\" name=\"{name}\">\n      <skipped message=\"result {}\"/>\n    </testcase>",
                            xml(&text(&check.result))
                        );
                    } else {
                        let _ = writeln!(
                            cases,
                            "    <testcase classname=\"{suite_name}\" name=\"{name}\"/>"
                        );
                    }
                }
                if !any {
                    t += 1;
                    if o.verdict.missing_checks {
                        f += 1;
                        let _ = writeln!(
                            cases,
                            "    <testcase classname=\"{suite_name}\" name=\"environment checks\">\n      <failure type=\"MISSING\" message=\"{m}\">{m}</failure>\n    </testcase>",
                            m = xml(gate::NO_CHECKS)
                        );
                    } else {
                        let _ = writeln!(
                            cases,
                            "    <testcase classname=\"{suite_name}\" name=\"environment checks\">\n      <skipped message=\"no checks reported\"/>\n    </testcase>"
                        );
                        skipped += 1;
                    }
                }
            }
        }
        tests += t;
        failures += f;
        errors += e;
        let _ = write!(
            suites,
            "  <testsuite name=\"{suite_name}\" tests=\"{t}\" failures=\"{f}\" errors=\"{e}\" skipped=\"{skipped}\">\n{cases}  </testsuite>\n"
        );
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sms-inspect check\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n{suites}</testsuites>\n"
    )
}

/// The report of a run that failed before any source could be judged (the list call
/// failed, say): one suite with one errored testcase that carries the error, so CI shows the
/// failure instead of an old report.
pub fn failed_run(error: &Error) -> String {
    let m = xml(&error.to_string());
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sms-inspect check\" tests=\"1\" failures=\"0\" errors=\"1\">\n  <testsuite name=\"sms-inspect\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n    <testcase classname=\"sms-inspect\" name=\"run\">\n      <error type=\"exit {}\" message=\"{m}\">{m}</error>\n    </testcase>\n  </testsuite>\n</testsuites>\n",
        error.exit_code()
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
fn xml(s: &str) -> String {
    let clean = sanitize(s);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\u{fffe}' | '\u{ffff}' => out.push_str("\\u{fffe}"),
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
