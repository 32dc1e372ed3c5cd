//! `errors`: SMS's failed-migration records, one row per source, with the code and message
//! decoded from `error_json` and the pointer to `explain` for a code the tool knows.

use std::io::{self, Write};

use crate::codes;
use crate::model::errors::ListedError;
use crate::model::task::TaskError;
use crate::render::table::{self, Cell, Column, Row, row};
use crate::render::{MISSING, Style, ci, text};

row! {
    /// A failed migration.
    struct FailureRow {
        name: Column::key("NAME"),
        source_ip: Column::whole("SOURCE IP", 2),
        target_ip: Column::whole("TARGET IP", 1),
        code: Column::whole("CODE", 0),
        message: Column::wrap("MESSAGE"),
    }
}

/// The code and the message of one record (`-` for a missing one), and the pointer to
/// `explain` when the code is one the tool knows.
pub fn decoded(error: Option<&TaskError>) -> (String, String, Option<String>) {
    match error {
        None => (MISSING.to_owned(), MISSING.to_owned(), None),
        Some(e) => {
            let code = e.code.clone().unwrap_or_else(|| MISSING.to_owned());
            let message = if e.message.is_empty() {
                MISSING.to_owned()
            } else {
                e.message.clone()
            };
            (code, message, pointer(e))
        }
    }
}

/// `see: sms-inspect explain SMS.6509` for a known code in the error (its code, else its
/// message).
pub fn pointer(e: &TaskError) -> Option<String> {
    e.code
        .as_deref()
        .and_then(codes::find_in)
        .or_else(|| codes::find_in(&e.message))
        .map(codes::see_also)
}

/// `last task failed: SMS.0805 /dev/vdb1 (see: sms-inspect explain SMS.0805)`, for `check`.
pub fn task_reason(e: &TaskError) -> String {
    match pointer(e) {
        Some(see) => format!("last task failed: {e} ({see})"),
        None => format!("last task failed: {e}"),
    }
}

/// On a terminal, one row per failed source and a count; piped, one tab-separated line per
/// source (source ID, name, source IP, target IP, code, message).
pub fn write(listed: &[ListedError], style: &Style, out: &mut dyn Write) -> io::Result<()> {
    if style.tab_separated() {
        for l in listed {
            let e = &l.item;
            let (code, message, _) = decoded(e.error().as_ref());
            let fields = [
                text(&e.source_id),
                text(&e.name),
                text(&e.source_ip),
                text(&e.target_ip),
                code,
                message.replace('\t', " "),
            ];
            writeln!(out, "{}", fields.join("\t"))?;
        }
        return Ok(());
    }
    if listed.is_empty() {
        return writeln!(out, "No failed migrations.");
    }
    let fitted = style.fitted();
    table::titled(
        out,
        &fitted,
        false,
        "Failed migrations",
        &FailureRow::COLUMNS,
        &|emit| {
            for l in listed {
                let e = &l.item;
                let (code, message, see) = decoded(e.error().as_ref());
                let name = match (&e.name, &e.host_name) {
                    (Some(_), _) => text(&e.name),
                    (None, Some(_)) => text(&e.host_name),
                    (None, None) => text(&e.source_id),
                };
                let message = match see {
                    Some(see) => format!("{message} ({see})"),
                    None => message,
                };
                emit(FailureRow {
                    name: Cell::new(name),
                    source_ip: Cell::new(text(&e.source_ip)),
                    target_ip: Cell::new(text(&e.target_ip)),
                    code: Cell::new(code),
                    message: Cell::new(message),
                });
            }
        },
    )?;
    writeln!(
        out,
        "{} failed {}",
        listed.len(),
        if listed.len() == 1 {
            "migration"
        } else {
            "migrations"
        }
    )
}

/// The Markdown report: one table row per failed source.
pub fn markdown(listed: &[ListedError]) -> String {
    let mut md = String::from("## sms-inspect errors\n\n");
    if listed.is_empty() {
        md.push_str("No failed migrations.\n");
        return md;
    }
    md.push_str(&format!(
        "{} failed migration{}.\n\n| Name | ID | Source IP | Target IP | Code | Message |\n\
         |---|---|---|---|---|---|\n",
        listed.len(),
        if listed.len() == 1 { "" } else { "s" }
    ));
    for l in listed {
        let e = &l.item;
        let (code, message, see) = decoded(e.error().as_ref());
        let message = match see {
            Some(see) => format!("{} ({see})", ci::cell(&message)),
            None => ci::cell(&message),
        };
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} |\n",
            ci::cell(&text(&e.name)),
            ci::cell(&text(&e.source_id)),
            ci::cell(&text(&e.source_ip)),
            ci::cell(&text(&e.target_ip)),
            ci::cell(&code),
            message
        ));
    }
    md
}

/// `errors -o csv`: one row per failed source (name, source ID and IP, host name, target IP,
/// SMS's code and message decoded from `error_json`); a missing value is an empty cell.
pub fn write_csv(listed: &[ListedError], out: &mut dyn Write) -> io::Result<()> {
    const HEADER: &[&str] = &[
        "name",
        "id",
        "ip",
        "host_name",
        "target_ip",
        "error_code",
        "error_message",
    ];
    let raw = |f: &crate::model::Field| f.as_ref().map(|v| v.to_string()).unwrap_or_default();
    let rows = listed.iter().map(|l| {
        let e = &l.item;
        let error = e.error();
        vec![
            raw(&e.name),
            raw(&e.source_id),
            raw(&e.source_ip),
            raw(&e.host_name),
            raw(&e.target_ip),
            error
                .as_ref()
                .and_then(|t| t.code.clone())
                .unwrap_or_default(),
            error.map(|t| t.message).unwrap_or_default(),
        ]
    });
    crate::render::csv::write_rows(HEADER, rows, out)
}
