//! `--jq EXPR`: a jq filter applied in-process to the JSON that `--json` would print, as
//! `gh --jq` does, with jaq (a pure-Rust jq) and its standard library.

use std::io::Write;

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Vars, data, unwrap_valr};
use jaq_json::Val;

use crate::error::{Error, Kind, Result};
use crate::render::RenderError;
use crate::sanitize::{sanitize, sanitize_short};

/// A compiled filter.
pub struct Filter {
    filter: jaq_core::compile::Filter<jaq_core::Native<data::JustLut<Val>>>,
}

/// Compiles `expr`; a filter that does not compile is a usage error that says what was
/// expected and where.
pub fn compile(expr: &str) -> Result<Filter> {
    let defs = jaq_core::defs()
        .chain(jaq_std::defs())
        .chain(jaq_json::defs())
        .chain(formats());
    let funs = jaq_core::funs()
        .chain(jaq_std::funs())
        .chain(jaq_json::funs());
    let loader = Loader::new(defs);
    let arena = Arena::default();
    let program = File {
        code: expr,
        path: (),
    };
    let modules = loader.load(&arena, program).map_err(|errors| {
        let mut reasons = Vec::new();
        for (_, error) in errors {
            match error {
                jaq_core::load::Error::Io(items) => {
                    reasons.extend(items.into_iter().map(|(_, m)| m));
                }
                jaq_core::load::Error::Lex(items) => {
                    reasons.extend(items.into_iter().map(|(expect, at)| {
                        located(expr, at, &format!("expected {}", expect.as_str()))
                    }))
                }
                jaq_core::load::Error::Parse(items) => {
                    reasons.extend(items.into_iter().map(|(expect, at)| {
                        located(expr, at, &format!("expected {}", expect.as_str()))
                    }))
                }
            }
        }
        bad_filter(expr, &reasons)
    })?;
    let filter = Compiler::default()
        .with_funs(funs)
        .with_global_vars(["$ENV"])
        .compile(modules)
        .map_err(|errors| {
            let reasons: Vec<String> = errors
                .into_iter()
                .flat_map(|(_, errs)| errs)
                .map(|(name, undefined)| {
                    located(
                        expr,
                        name,
                        &format!("undefined {} '{}'", undefined.as_str(), name),
                    )
                })
                .collect();
            bad_filter(expr, &reasons)
        })?;
    Ok(Filter { filter })
}

/// `@csv` and `@tsv`, which jaq 3 leaves out.
fn formats() -> impl Iterator<Item = jaq_core::load::parse::Def<&'static str>> {
    jaq_core::load::parse(include_str!("jq_defs.jq"), |p| p.defs())
        .expect("the bundled definitions parse")
        .into_iter()
}

fn bad_filter(expr: &str, reasons: &[String]) -> Error {
    Error::usage(format!(
        "--jq '{}' is not a valid jq filter: {}",
        sanitize_short(expr, 200),
        sanitize(&reasons.join("; "))
    ))
}

/// `what at column N` where `at` is a slice of `expr`.
fn located(expr: &str, at: &str, what: &str) -> String {
    let start = (at.as_ptr() as usize).wrapping_sub(expr.as_ptr() as usize);
    if start <= expr.len() {
        let column = expr[..start].chars().count() + 1;
        let near: String = expr[start..].chars().take(20).collect();
        if near.is_empty() {
            format!("{what} at the end (column {column})")
        } else {
            format!("{what} at column {column}, near '{near}'")
        }
    } else {
        what.to_owned()
    }
}

/// Why a filter run failed.
pub enum RunError {
    Write(RenderError),
    Filter(String),
}

/// Runs the filter on `json` and prints each result on its own line: strings raw (like
/// `jq -r`), everything else as compact JSON. On a terminal, controls inside the results are
/// escaped like every other string from the server.
pub fn run(
    filter: &Filter,
    json: &[u8],
    out: &mut dyn Write,
    terminal: bool,
) -> std::result::Result<(), RunError> {
    let input = jaq_json::read::parse_single(json)
        .map_err(|e| RunError::Filter(format!("the JSON could not be read: {e}")))?;
    let env = <Val as jaq_core::ValT>::from_map(
        std::env::vars().map(|(k, v)| (Val::from(k), Val::from(v))),
    )
    .map_err(|e| RunError::Filter(e.to_string()))?;
    // `$ENV`, as jq defines it (and `env`, which jaq's standard library has).
    let ctx = Ctx::<data::JustLut<Val>>::new(&filter.filter.lut, Vars::new([env]));
    for result in filter.filter.id.run((ctx, input)).map(unwrap_valr) {
        let value = result.map_err(|e| RunError::Filter(e.to_string()))?;
        let text = match &value {
            Val::TStr(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            other => {
                let mut text = String::new();
                compact(other, &mut text);
                text
            }
        };
        let shown = if terminal {
            match value {
                Val::TStr(_) => sanitize(&text).into_owned(),
                _ => super::json::escape_unsafe(&text),
            }
        } else {
            text
        };
        out.write_all(shown.as_bytes())
            .and_then(|()| out.write_all(b"\n"))
            .map_err(|e| RunError::Write(RenderError::Io(e)))?;
    }
    Ok(())
}

/// Compact JSON as `jq -c` writes it: jq's string escapes, and numbers that are not whole
/// written as jq 1.6 writes doubles. Whole numbers stay exact (jq 1.6 would round those past
/// 2^53; this tool promises exact 64-bit integers).
fn compact(value: &Val, out: &mut String) {
    match value {
        Val::Null => out.push_str("null"),
        Val::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Val::Num(n) => number(n, out),
        Val::TStr(bytes) => string(&String::from_utf8_lossy(bytes), out),
        Val::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                compact(item, out);
            }
            out.push(']');
        }
        Val::Obj(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                compact(k, out);
                out.push(':');
                compact(v, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn number(n: &jaq_json::Num, out: &mut String) {
    use jaq_json::Num;
    match n {
        Num::Int(i) => out.push_str(&i.to_string()),
        Num::BigInt(i) => out.push_str(&i.to_string()),
        Num::Float(f) => out.push_str(&jq_double(*f)),
        Num::Dec(text) => match text.parse::<f64>() {
            Ok(f) => out.push_str(&jq_double(f)),
            Err(_) => out.push_str(text),
        },
    }
}

/// A double as jq 1.6 prints it: the shortest digits that read back the same, in plain
/// notation unless the point is 4 or more places left of them or 16 or more right of them,
/// where it is `1e+16`, `1.5e-05`.
pub fn jq_double(f: f64) -> String {
    if f.is_nan() {
        return "null".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 {
            "1.7976931348623157e+308"
        } else {
            "-1.7976931348623157e+308"
        }
        .to_owned();
    }
    let sign = if f.is_sign_negative() { "-" } else { "" };
    if f == 0.0 {
        return format!("{sign}0");
    }
    let sci = format!("{:e}", f.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exp: i32 = exp.parse().unwrap_or(0);
    let n = digits.len() as i32;
    let point = exp + 1;
    let body = if point <= -4 || point - n >= 16 {
        let mut m = digits[..1].to_owned();
        if n > 1 {
            m.push('.');
            m.push_str(&digits[1..]);
        }
        format!("{m}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs())
    } else if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point >= n {
        format!("{digits}{}", "0".repeat((point - n) as usize))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    format!("{sign}{body}")
}

/// A filter that fails at run time: exit 6, with jq's message.
pub fn runtime_error(message: &str) -> Error {
    Error::new(
        Kind::Response,
        format!("the --jq filter failed: {}", sanitize_short(message, 300)),
    )
}

/// The filter's results, one a line. `terminal`: stdout is a terminal, where controls inside
/// the results are escaped. Whole or nothing: the results are collected first, so a filter
/// that fails half-way prints none of them (exit 6), as `--json` prints nothing of a body it
/// cannot write.
pub fn results(filter: &Filter, json: &[u8], terminal: bool) -> Result<Vec<u8>> {
    let mut results = Vec::new();
    match run(filter, json, &mut results, terminal) {
        Ok(()) => Ok(results),
        Err(RunError::Filter(m)) => Err(runtime_error(&m)),
        Err(RunError::Write(_)) => unreachable!("writing to memory cannot fail"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jq(expr: &str, json: &str) -> String {
        let f = compile(expr).unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        match run(&f, json.as_bytes(), &mut out, false) {
            Ok(()) => String::from_utf8(out).unwrap(),
            Err(RunError::Filter(m)) => format!("ERR {m}"),
            Err(RunError::Write(_)) => unreachable!(),
        }
    }

    #[test]
    fn strings_raw_everything_else_compact() {
        assert_eq!(jq(".a", r#"{"a":"x\ty"}"#), "x\ty\n");
        assert_eq!(
            jq(".", r#"{"a": [1, 2.5, null, true], "b": {"c": "d"}}"#),
            "{\"a\":[1,2.5,null,true],\"b\":{\"c\":\"d\"}}\n"
        );
        assert_eq!(jq(".[] | select(. > 1)", "[1,2,3]"), "2\n3\n");
        assert_eq!(
            jq("map(.n) | @csv", r#"[{"n":"a"},{"n":"b,c"}]"#),
            "\"a\",\"b,c\"\n"
        );
        assert_eq!(jq(r#""\(.a)-\(.b)""#, r#"{"a":1,"b":"x"}"#), "1-x\n");
        assert_eq!(jq("keys", r#"{"b":1,"a":2}"#), "[\"a\",\"b\"]\n");
    }

    #[test]
    fn doubles_print_as_jq_1_6_prints_them() {
        for (f, want) in [
            (1e15, "1000000000000000"),
            (1e16, "1e+16"),
            (1.5e16, "15000000000000000"),
            (1.5e17, "1.5e+17"),
            (0.001, "0.001"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.25e-5, "1.25e-05"),
            (-0.0, "-0"),
            (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (100.0, "100"),
            (0.30000000000000004, "0.30000000000000004"),
            (-2.5, "-2.5"),
        ] {
            assert_eq!(jq_double(f), want, "{f:e}");
        }
        assert_eq!(
            jq(
                ".",
                r#"[3.0, 1e300, 18446744073709551615, -9223372036854775808]"#
            ),
            "[3,1e+300,18446744073709551615,-9223372036854775808]\n"
        );
    }

    #[test]
    fn bad_filters_say_where() {
        let e = compile(".a | | .b").err().unwrap();
        assert_eq!(e.kind, Kind::Usage);
        assert!(e.to_string().contains("column"), "{e}");
        let e = compile("nosuchfunction(1)").err().unwrap();
        assert!(e.to_string().contains("undefined"), "{e}");
    }

    #[test]
    fn runtime_errors_are_reported() {
        assert!(jq(".a + 1", r#"{"a":"x"}"#).starts_with("ERR "));
    }

    #[test]
    fn terminal_output_is_escaped() {
        let f = compile(".").unwrap();
        let mut out = Vec::new();
        let _ = run(&f, "\"a\\u001b[2J\u{202e}\"".as_bytes(), &mut out, true);
        assert_eq!(String::from_utf8(out).unwrap(), "a\\x1b[2J\\u{202e}\n");
    }
}
