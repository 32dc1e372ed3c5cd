//! `--yaml`: the same data as `--json`, streamed straight from the body (no tree in memory).
//!
//! A small purpose-built emitter rather than a YAML crate: the output must be read back equal
//! by YAML 1.1 readers (PyYAML) and 1.2 readers (yq) alike, and must never carry a terminal
//! control raw. serde-saphyr gets the first right but writes bidi overrides (U+202E) raw, even
//! in its double-quoted style. JSON data needs only a sliver of YAML: block maps and lists,
//! `[]`/`{}`, and scalars, where every string that is not plainly safe is double-quoted.

use std::fmt;
use std::io::{self, Write};

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::render::RenderError;
use crate::sanitize::is_unsafe;

/// Writes the body as one YAML document.
pub fn write(body: &[u8], out: &mut dyn Write) -> Result<(), RenderError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut emitter = Emitter {
        out,
        io_error: None,
    };
    let seed = Node {
        em: &mut emitter,
        indent: 0,
        place: Place::Top,
    };
    let result = seed.deserialize(&mut de).and_then(|()| de.end());
    if let Some(e) = emitter.io_error.take() {
        return Err(RenderError::Io(e));
    }
    result.map_err(|e| RenderError::Body(e.to_string()))
}

struct Emitter<'a> {
    out: &'a mut dyn Write,
    /// The first write error; the parse is then aborted with a placeholder error.
    io_error: Option<io::Error>,
}

impl Emitter<'_> {
    fn put<E: de::Error>(&mut self, s: &str) -> Result<(), E> {
        self.out.write_all(s.as_bytes()).map_err(|e| {
            self.io_error = Some(e);
            E::custom("write failed")
        })
    }

    fn pad<E: de::Error>(&mut self, n: usize) -> Result<(), E> {
        const SPACES: &str = "                                ";
        let mut left = n;
        while left > 0 {
            let take = left.min(SPACES.len());
            self.put(&SPACES[..take])?;
            left -= take;
        }
        Ok(())
    }
}

/// Where a value is written: the document itself, after `key:`, or after `- `.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Top,
    AfterKey,
    InList,
}

/// One value to write, at a given indentation.
struct Node<'e, 'o> {
    em: &'e mut Emitter<'o>,
    indent: usize,
    place: Place,
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl Node<'_, '_> {
    fn scalar<E: de::Error>(self, text: &str) -> Result<(), E> {
        if self.place == Place::AfterKey {
            self.em.put(" ")?;
        }
        self.em.put(text)?;
        self.em.put("\n")
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.scalar("null")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.scalar(if v { "true" } else { "false" })
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.scalar(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.scalar(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.scalar(&float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        let text = string(v);
        self.scalar(&text)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Node { em, indent, place } = self;
        // Before the first item we cannot know whether the list is empty.
        let mut lead = Some(place);
        let mut any = false;
        while seq
            .next_element_seed(Item {
                em: &mut *em,
                indent,
                lead: &mut lead,
            })?
            .is_some()
        {
            any = true;
        }
        if !any {
            em.put(if place == Place::AfterKey {
                " []\n"
            } else {
                "[]\n"
            })?;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let Node { em, indent, place } = self;
        let mut first = true;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if first {
                match place {
                    Place::AfterKey => {
                        em.put("\n")?;
                        em.pad(indent)?;
                    }
                    Place::Top | Place::InList => {}
                }
                first = false;
            } else {
                em.pad(indent)?;
            }
            let key = string(&key);
            if key.chars().count() >= IMPLICIT_KEY_MAX {
                // Too long for an implicit key: YAML readers look no further than 1,024
                // characters for its `:`. The explicit form has no limit.
                em.put("? ")?;
                em.put(&key)?;
                em.put("\n")?;
                em.pad(indent)?;
            } else {
                em.put(&key)?;
            }
            em.put(":")?;
            map.next_value_seed(Node {
                em,
                indent: indent + 2,
                place: Place::AfterKey,
            })?;
        }
        if first {
            let empty = if place == Place::AfterKey {
                " {}\n"
            } else {
                "{}\n"
            };
            em.put(empty)?;
        }
        Ok(())
    }
}

/// A key written this long or longer takes the explicit `? key` form (YAML 1.1 and 1.2 allow
/// an implicit key of at most 1,024 characters).
const IMPLICIT_KEY_MAX: usize = 1024;

/// Writes the `- ` of one list item, then the item. The first item of a list that sits after
/// `- ` or at the top starts on the current line; after `key:` it starts on the next.
struct Item<'e, 'o, 'p> {
    em: &'e mut Emitter<'o>,
    indent: usize,
    /// `Some(place)` before the first item: how the list itself was placed.
    lead: &'p mut Option<Place>,
}

impl<'de> DeserializeSeed<'de> for Item<'_, '_, '_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        match self.lead.take() {
            Some(Place::AfterKey) => {
                self.em.put("\n")?;
                self.em.pad(self.indent)?;
            }
            Some(Place::Top | Place::InList) => {}
            None => self.em.pad(self.indent)?,
        }
        self.em.put("- ")?;
        Node {
            em: self.em,
            indent: self.indent + 2,
            place: Place::InList,
        }
        .deserialize(d)
    }
}

/// YAML 1.1 readers only take a float with a `.` and a signed exponent (`1.0e+300`).
fn float(v: f64) -> String {
    let mut s = v.to_string();
    if !s.contains(['.', 'e', 'E', 'i', 'N']) {
        s.push_str(".0");
    }
    // Rust prints exponents only for extreme values through `{:e}`; keep to one form.
    if v != 0.0 && (v.abs() >= 1e16 || v.abs() < 1e-5) {
        s = format!("{v:e}");
        let (mantissa, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mantissa = if mantissa.contains('.') {
            mantissa.to_owned()
        } else {
            format!("{mantissa}.0")
        };
        let exp = if exp.starts_with('-') {
            exp.to_owned()
        } else {
            format!("+{exp}")
        };
        s = format!("{mantissa}e{exp}");
    }
    s
}

/// Words that some YAML reader takes for a boolean or null when plain.
const RESERVED: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
];

/// A string as a YAML scalar: plain when that is unambiguous, else double-quoted.
fn string(s: &str) -> String {
    if is_plain_safe(s) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) || !is_yaml_printable(c) => {
                let cp = c as u32;
                if cp <= 0xff {
                    out.push_str(&format!("\\x{cp:02x}"));
                } else if cp <= 0xffff {
                    out.push_str(&format!("\\u{cp:04x}"));
                } else {
                    out.push_str(&format!("\\U{cp:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Plain style for the boring strings only: a letter first, then letters, digits and a few
/// punctuation marks that never start or end a YAML construct, and no reserved word.
fn is_plain_safe(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' '))
        && !s.ends_with(' ')
        && !RESERVED.iter().any(|w| w.eq_ignore_ascii_case(s))
}

/// YAML's printable set (1.1 and 1.2 agree); anything else must be escaped.
fn is_yaml_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
        | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str) -> String {
        let mut out = Vec::new();
        write(body.as_bytes(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn nested_structures_are_block_style() {
        assert_eq!(
            render(r#"{"a":[1,[2,3],{"b":null,"c":[]}],"d":{},"e":{"f":true}}"#),
            "a:\n  - 1\n  - - 2\n    - 3\n  - b: null\n    c: []\nd: {}\ne:\n  f: true\n"
        );
        assert_eq!(render("[]"), "[]\n");
        assert_eq!(render("\"x\""), "x\n");
    }

    #[test]
    fn keys_of_1024_characters_or_more_are_explicit() {
        let long = "k".repeat(1100);
        assert_eq!(
            render(&format!(
                r#"{{"{long}": 1, "a": [{{"{long}": {{"b": 2}}}}]}}"#
            )),
            format!("? {long}\n: 1\na:\n  - ? {long}\n    :\n      b: 2\n")
        );
        let short = "k".repeat(1023);
        assert_eq!(
            render(&format!(r#"{{"{short}": 1}}"#)),
            format!("{short}: 1\n")
        );
    }

    #[test]
    fn ambiguous_strings_are_quoted() {
        for s in [
            "no",
            "On",
            "0123",
            "1e3",
            "2024-01-01",
            "~",
            "",
            "null",
            "a: b",
            " x",
            "x ",
        ] {
            let out = render(&serde_json::to_string(s).unwrap());
            assert!(out.starts_with('"'), "{s:?} -> {out}");
        }
        assert_eq!(render(r#""sms-win16""#), "sms-win16\n");
    }

    #[test]
    fn controls_are_escaped() {
        assert_eq!(
            render("\"a\\u001b\\u0085\u{202e}\u{feff}\u{1F600}\""),
            "\"a\\x1b\\x85\\u202e\\ufeff\u{1F600}\"\n"
        );
    }

    #[test]
    fn floats_have_a_dot_and_a_signed_exponent() {
        assert_eq!(float(1.5), "1.5");
        assert_eq!(float(1e300), "1.0e+300");
        assert_eq!(float(1e-7), "1.0e-7");
        assert_eq!(float(-0.0), "-0.0");
        assert_eq!(float(2.5e20), "2.5e+20");
    }
}
