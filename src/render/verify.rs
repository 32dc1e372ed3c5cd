//! `verify`: the consistency results of migrated sources, judged directory by directory, as
//! a table, JSON, stderr lines, JUnit, Markdown and GitHub annotations.

use std::fmt::Write as _;
use std::io::{self, Write};

use serde_json::{Value, json};

use crate::model::consistency::DirCheck;
use crate::render::table::{self, Cell, Column, Row, row};
use crate::render::{MISSING, Style, ci, junit};

/// What passes: at most `max_different` files per directory of each kind; a task without a
/// result only with `allow_no_result`.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub max_different: u64,
    pub allow_no_result: bool,
}

/// One source or task verified. Every string is sanitised.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The source asked for (ID, name), when a source was.
    pub source: Option<(String, String)>,
    /// None: the source has no migration task.
    pub task_id: Option<String>,
    /// None: no consistency result yet (HTTP 404, or an empty `result_list`).
    pub dirs: Option<Vec<DirCheck>>,
}

impl Verified {
    pub fn passes(&self, rules: Rules) -> bool {
        match &self.dirs {
            None => rules.allow_no_result,
            Some(dirs) => dirs.iter().all(|d| d.passes(rules.max_different)),
        }
    }

    /// The source's name (its ID when it has none), or the task's ID.
    pub fn who(&self) -> String {
        match (&self.source, &self.task_id) {
            (Some((_, name)), _) if !name.is_empty() => name.clone(),
            (Some((id, _)), _) => id.clone(),
            (None, Some(t)) => t.clone(),
            (None, None) => MISSING.to_owned(),
        }
    }

    /// Why there is nothing to judge.
    fn no_result(&self) -> &'static str {
        if self.task_id.is_none() {
            "the source has no migration task"
        } else {
            "no consistency result yet"
        }
    }

    fn task(&self) -> &str {
        self.task_id.as_deref().unwrap_or(MISSING)
    }

    /// `db-prod-07 (task T)`, `db-prod-07` without a task, or `task T`.
    fn described(&self) -> String {
        match (&self.source, &self.task_id) {
            (Some(_), Some(t)) => format!("{} (task {t})", self.who()),
            (Some(_), None) => self.who(),
            (None, _) => format!("task {}", self.task()),
        }
    }
}

fn result_word(d: &DirCheck, rules: Rules) -> &'static str {
    if d.passes(rules.max_different) {
        "ok"
    } else {
        "differs"
    }
}

fn total(d: &DirCheck) -> String {
    d.total
        .map_or_else(|| MISSING.to_owned(), |t| t.to_string())
}

fn counts(d: &DirCheck) -> String {
    format!(
        "{} different, {} missing, {} extra of {} files",
        d.different,
        d.missing,
        d.extra,
        total(d)
    )
}

row! {
    /// A directory's consistency result, or a task without one.
    struct DirRow {
        who: Column::key("SOURCE/TASK"),
        task: Column::whole("TASK ID", 2),
        directory: Column::wrap("DIRECTORY"),
        total: Column::number("TOTAL", 1),
        different: Column::number("DIFFERENT", 0),
        missing: Column::number("MISSING", 0),
        extra: Column::number("EXTRA", 0),
        result: Column::whole("RESULT", 0),
    }
}

/// On a terminal, one row per directory (and per task without a result); piped, the same as
/// tab-separated lines (source or task, task ID, directory, total, different, missing,
/// extra, result).
pub fn write_table(
    items: &[Verified],
    rules: Rules,
    style: &Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut rows: Vec<DirRow> = Vec::new();
    for v in items {
        match &v.dirs {
            None => rows.push(DirRow {
                who: Cell::new(v.who()),
                task: Cell::new(v.task()),
                directory: Cell::new(MISSING),
                total: Cell::new(MISSING),
                different: Cell::new(MISSING),
                missing: Cell::new(MISSING),
                extra: Cell::new(MISSING),
                result: Cell::new(if rules.allow_no_result {
                    "no result (allowed)"
                } else {
                    "no result"
                }),
            }),
            Some(dirs) => {
                for d in dirs {
                    rows.push(DirRow {
                        who: Cell::new(v.who()),
                        task: Cell::new(v.task()),
                        directory: Cell::new(d.directory.clone()),
                        total: Cell::new(total(d)),
                        different: Cell::new(d.different.to_string()),
                        missing: Cell::new(d.missing.to_string()),
                        extra: Cell::new(d.extra.to_string()),
                        result: Cell::new(result_word(d, rules)),
                    });
                }
            }
        }
    }
    if style.tab_separated() {
        for r in &rows {
            let fields = r.clone().cells().map(|c| c.text);
            writeln!(out, "{}", fields.join("\t"))?;
        }
        return Ok(());
    }
    let fitted = style.fitted();
    table::titled(
        out,
        &fitted,
        false,
        "Consistency",
        &DirRow::COLUMNS,
        &|emit| {
            for r in &rows {
                emit(r.clone());
            }
        },
    )?;
    let passed = items.iter().filter(|v| v.passes(rules)).count();
    writeln!(
        out,
        "{passed} of {} verified (--max-different {})",
        items.len(),
        rules.max_different
    )
}

/// `[{source: {id, name} | null, task_id, result: "pass" | "fail", no_result, directories:
/// [{directory, total, different, missing, extra, passed}]}]`.
pub fn json(items: &[Verified], rules: Rules) -> Vec<u8> {
    let list: Vec<Value> = items
        .iter()
        .map(|v| {
            let dirs: Vec<Value> = v
                .dirs
                .iter()
                .flatten()
                .map(|d| {
                    json!({
                        "directory": d.directory,
                        "total": d.total,
                        "different": d.different,
                        "missing": d.missing,
                        "extra": d.extra,
                        "passed": d.passes(rules.max_different),
                    })
                })
                .collect();
            json!({
                "source": v.source.as_ref().map(|(id, name)| json!({"id": id, "name": name})),
                "task_id": v.task_id,
                "result": if v.passes(rules) { "pass" } else { "fail" },
                "no_result": v.dirs.is_none(),
                "directories": dirs,
            })
        })
        .collect();
    serde_json::to_vec(&list).unwrap_or_else(|_| b"[]".to_vec())
}

/// What failed, one line each, then the verdict line (stderr).
pub fn report(items: &[Verified], rules: Rules) -> Vec<String> {
    let mut lines = Vec::new();
    for v in items {
        match &v.dirs {
            None if !rules.allow_no_result => lines.push(format!(
                "verify: {}: {}; --allow-no-result passes it",
                v.described(),
                v.no_result()
            )),
            None => {}
            Some(dirs) => {
                for d in dirs.iter().filter(|d| !d.passes(rules.max_different)) {
                    lines.push(format!(
                        "verify: {}: {}: {}",
                        v.described(),
                        d.directory,
                        counts(d)
                    ));
                }
            }
        }
    }
    let failed = items.iter().filter(|v| !v.passes(rules)).count();
    let dirs: usize = items
        .iter()
        .map(|v| v.dirs.as_ref().map_or(0, Vec::len))
        .sum();
    lines.push(if failed == 0 {
        format!(
            "verify: PASS: {} verified, {dirs} {} checked (--max-different {})",
            items.len(),
            if dirs == 1 {
                "directory"
            } else {
                "directories"
            },
            rules.max_different
        )
    } else {
        format!(
            "verify: FAIL: {failed} of {} not verified (--max-different {})",
            items.len(),
            rules.max_different
        )
    });
    lines
}

/// `::error` for each directory over the limit and each task without a result (a
/// `::warning` when `--allow-no-result` passes it).
pub fn annotations(items: &[Verified], rules: Rules) -> Vec<String> {
    let mut lines = Vec::new();
    for v in items {
        let title = format!("sms-inspect verify: {}", v.described());
        match &v.dirs {
            None => lines.push(ci::command(
                if rules.allow_no_result {
                    "warning"
                } else {
                    "error"
                },
                &title,
                v.no_result(),
            )),
            Some(dirs) => {
                for d in dirs.iter().filter(|d| !d.passes(rules.max_different)) {
                    lines.push(ci::command(
                        "error",
                        &title,
                        &format!("{}: {}", d.directory, counts(d)),
                    ));
                }
            }
        }
    }
    lines
}

/// The Markdown report: the verdict, then one row per directory.
pub fn markdown(items: &[Verified], rules: Rules) -> String {
    let failed = items.iter().filter(|v| !v.passes(rules)).count();
    let mut md = String::from("## sms-inspect verify\n\n");
    let _ = writeln!(
        md,
        "**{}**: {} of {} verified (`--max-different {}`).\n",
        if failed == 0 { "PASS" } else { "FAIL" },
        items.len() - failed,
        items.len(),
        rules.max_different
    );
    if items.is_empty() {
        return md;
    }
    md.push_str(
        "| Source/task | Task ID | Directory | Total | Different | Missing | Extra | Result |\n",
    );
    md.push_str("|---|---|---|---:|---:|---:|---:|---|\n");
    for v in items {
        let (who, task) = (ci::cell(&v.who()), ci::cell(v.task()));
        match &v.dirs {
            None => {
                let _ = writeln!(
                    md,
                    "| {who} | {task} | - | - | - | - | - | {} |",
                    v.no_result()
                );
            }
            Some(dirs) => {
                for d in dirs {
                    let _ = writeln!(
                        md,
                        "| {who} | {task} | {} | {} | {} | {} | {} | {} |",
                        ci::cell(&d.directory),
                        total(d),
                        d.different,
                        d.missing,
                        d.extra,
                        result_word(d, rules)
                    );
                }
            }
        }
    }
    md
}

/// JUnit: one testsuite per source or task, one testcase per directory (a failure over the
/// limit), one failed testcase `consistency result` for a task without one (skipped with
/// `--allow-no-result`).
pub fn junit(items: &[Verified], rules: Rules) -> String {
    let mut report = junit::Report::new("sms-inspect verify");
    for v in items {
        let mut suite = junit::Suite::new(junit::xml(&v.described()));
        match &v.dirs {
            None if rules.allow_no_result => {
                suite = suite.skipped("consistency result", v.no_result(), "");
            }
            None => {
                suite = suite.failure(
                    "consistency result",
                    "no result",
                    v.no_result(),
                    v.no_result(),
                    "",
                );
            }
            Some(dirs) => {
                for d in dirs {
                    let out = format!(
                        "total: {}\ndifferent: {}\nmissing: {}\nextra: {}",
                        total(d),
                        d.different,
                        d.missing,
                        d.extra
                    );
                    suite = if d.passes(rules.max_different) {
                        suite.passed(&d.directory, &out)
                    } else {
                        suite.failure(
                            &d.directory,
                            "differs",
                            &format!(
                                "{} (over --max-different {})",
                                counts(d),
                                rules.max_different
                            ),
                            &counts(d),
                            &out,
                        )
                    };
                }
            }
        }
        report.add(suite);
    }
    report.finish()
}
