//! `--json`: the body exactly as the API sent it (every field, key order, integers to the 64-bit
//! limits), streamed from the raw bytes, pretty-printed, with every terminal-unsafe character in
//! a string written as a `\uXXXX` escape.

use std::io::{self, Write};

use serde_json::ser::{CharEscape, Formatter, PrettyFormatter};

use crate::render::RenderError;
use crate::sanitize::{is_unsafe, json_escape};

/// Re-writes a JSON document safely.
pub fn write(body: &[u8], out: &mut dyn Write) -> Result<(), RenderError> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let mut sink = Recording { out, error: None };
    let mut ser = serde_json::Serializer::with_formatter(&mut sink, SafeFormatter::default());
    let result = serde_transcode::transcode(&mut de, &mut ser).and_then(|()| de.end());
    // The transcoder turns a write error into a parse error; the sink kept the real one.
    if let Some(e) = sink.error.take() {
        return Err(RenderError::Io(e));
    }
    result.map_err(|e| RenderError::Body(e.to_string()))?;
    sink.out.write_all(b"\n")?;
    Ok(())
}

/// Compact JSON text with every terminal-unsafe character written as `\uXXXX` (in compact
/// JSON such a character can only sit inside a string, where the escape is valid).
pub fn escape_unsafe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_unsafe(c) {
            out.push_str(&json_escape(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// A value as one line of JSON (JSON Lines), safe to print.
pub fn line(value: &serde_json::Value) -> String {
    escape_unsafe(&value.to_string())
}

/// A writer that remembers the first I/O error (a closed pipe must stay a closed pipe).
struct Recording<'a> {
    out: &'a mut dyn Write,
    error: Option<io::Error>,
}

impl Write for Recording<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf).inspect_err(|e| {
            self.error
                .get_or_insert_with(|| io::Error::new(e.kind(), e.to_string()));
        })
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A pretty formatter that also escapes DEL, C1, bidi and zero-width controls, which
/// serde_json would write raw.
#[derive(Default)]
pub struct SafeFormatter<'a> {
    pretty: PrettyFormatter<'a>,
}

impl Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                w.write_all(&fragment.as_bytes()[start..i])?;
                w.write_all(json_escape(c).as_bytes())?;
                start = i + c.len_utf8();
            }
        }
        w.write_all(&fragment.as_bytes()[start..])
    }

    fn write_char_escape<W: ?Sized + Write>(&mut self, w: &mut W, e: CharEscape) -> io::Result<()> {
        self.pretty.write_char_escape(w, e)
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.pretty.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.pretty.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.pretty.end_object_value(w)
    }
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
    fn key_order_and_integer_limits_survive() {
        let out = render(r#"{"z":18446744073709551615,"a":-9223372036854775808,"m":[1.5]}"#);
        let keys: Vec<usize> = ["\"z\"", "\"a\"", "\"m\""]
            .iter()
            .map(|k| out.find(k).unwrap())
            .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{out}");
        assert!(out.contains("18446744073709551615") && out.contains("-9223372036854775808"));
    }

    #[test]
    fn unsafe_characters_become_escapes() {
        let out = render("{\"s\":\"a\\u001b[2J\u{9b}\u{202e}\u{7f}\u{200b}b\"}");
        assert!(
            out.contains(r#""a\u001b[2J\u009b\u202e\u007f\u200bb""#),
            "{out}"
        );
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["s"], "a\u{1b}[2J\u{9b}\u{202e}\u{7f}\u{200b}b");
    }

    #[test]
    fn trailing_garbage_is_an_error() {
        assert!(write(b"{} x", &mut Vec::new()).is_err());
    }
}
