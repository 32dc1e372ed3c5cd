//! Makes untrusted text safe for a terminal: every control that could move the cursor, change
//! colours, hide text or reorder it is replaced by a visible escape.

use std::borrow::Cow;
use std::fmt::Write;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// True for characters that must never reach a terminal raw: every code point of the Unicode
/// general categories Cc (C0, DEL, C1 controls), Cf (format: bidi controls, zero-width
/// characters, the soft hyphen, tag characters, U+206A–206F...), Zl and Zp (line and
/// paragraph separators). Whole categories, from the Unicode tables, not a hand list, so
/// that `db-prod-07` followed by tag characters cannot pass for `db-prod-07`.
pub fn is_unsafe(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// The text with every unsafe character shown as an escape (`\n`, `\t`, `\x1b`, `\u{202e}`).
/// Borrowed when nothing needed escaping, which is the common case.
pub fn sanitize(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if (c as u32) < 0x80 => {
            let _ = write!(out, "\\x{:02x}", c as u32);
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `c` as a JSON `\uXXXX` escape (a surrogate pair above the BMP): how the JSON outputs
/// write the characters that [`is_unsafe`] names, so that they stay valid and exact.
pub fn json_escape(c: char) -> String {
    let mut units = [0u16; 2];
    c.encode_utf16(&mut units)
        .iter()
        .map(|u| format!("\\u{u:04x}"))
        .collect()
}

/// Sanitises and shortens to at most `max` characters, marking the cut with `…`.
pub fn sanitize_short(s: &str, max: usize) -> String {
    let clean = sanitize(s);
    if clean.chars().count() <= max {
        return clean.into_owned();
    }
    let mut out: String = clean.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(sanitize("C:\\ ümlaut 日本"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_c0_del_and_c1_control_is_escaped() {
        for cp in (0u32..0x20).chain(0x7f..0xa0) {
            let c = char::from_u32(cp).unwrap();
            let out = sanitize(&format!("a{c}b")).into_owned();
            assert!(!out.contains(c), "U+{cp:04X} survived: {out:?}");
            assert!(out.starts_with("a\\") && out.ends_with('b'), "{out:?}");
        }
    }

    #[test]
    fn bidi_and_zero_width_controls_are_escaped() {
        for c in [
            '\u{61c}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{202a}',
            '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
            '\u{2069}', '\u{feff}',
        ] {
            let out = sanitize(&c.to_string()).into_owned();
            assert_eq!(out, format!("\\u{{{:x}}}", c as u32));
        }
    }

    #[test]
    fn whole_categories_cf_zl_zp_are_escaped() {
        for c in [
            '\u{ad}',
            '\u{600}',
            '\u{605}',
            '\u{6dd}',
            '\u{180e}',
            '\u{2028}',
            '\u{2029}',
            '\u{206a}',
            '\u{206f}',
            '\u{fff9}',
            '\u{110bd}',
            '\u{e0001}',
            '\u{e0020}',
            '\u{e007f}',
        ] {
            assert!(is_unsafe(c), "U+{:04X}", c as u32);
            assert_eq!(sanitize(&c.to_string()), format!("\\u{{{:x}}}", c as u32));
        }
        // Letters, marks, spaces, symbols and emoji pass unchanged.
        assert!(matches!(
            sanitize("é ü 日本 😀 a\u{301} \u{a0}"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_are_readable() {
        assert_eq!(sanitize("a\x1b[31mb\r\n"), "a\\x1b[31mb\\r\\n");
        assert_eq!(sanitize("\u{9b}"), "\\u{9b}");
    }

    #[test]
    fn json_escapes() {
        assert_eq!(json_escape('\u{202e}'), "\\u202e");
        assert_eq!(json_escape('\u{1F600}'), "\\ud83d\\ude00");
    }

    #[test]
    fn shortening_counts_characters() {
        assert_eq!(sanitize_short("abcdef", 4), "abc…");
        assert_eq!(sanitize_short("日本語", 3), "日本語");
    }
}
