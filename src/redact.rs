//! Removes credential values from text before anyone sees it, in every form a server may echo
//! them: raw; JSON-escaped (`\/`, `\u0054` in either case, surrogate pairs); percent-encoded
//! (`%2f` or `%2F`, `+` for a space); HTML character references (`&#84;`, `&#x54;`, `&amp;`);
//! and base64 (standard and URL-safe, padded or not, at any of the three byte alignments
//! inside a longer base64 string). The escaped forms may be mixed character by character, as
//! an encoder that escapes only some characters writes them: a match is made on the decoded
//! text, whatever mix of escapes spells it.
//!
//! Not covered: double encodings (`%5Cu0054`, `\\u0054`), base64 broken over lines (MIME),
//! hex dumps, and any transformation other than the escapes above.

use std::borrow::Cow;
use std::fmt;

/// What stands where a credential was.
pub const MARKER: &str = "<redacted>";

/// Credentials shorter than this (in characters) are not redacted: they would blank out
/// ordinary words, and the credential chain refuses them as implausible.
pub const MIN_CHARS: usize = 4;

/// Removes a fixed set of credential values from text. Cheap to clone; `Debug` shows only
/// how many forms it holds.
#[derive(Clone, Default)]
pub struct Redactor {
    /// The values and their base64 cores, longest first.
    needles: Vec<Needle>,
    /// For each byte, the needles whose first byte it is. Empty when there are no needles.
    by_first: Vec<Vec<usize>>,
    /// Each first character, with the needles that start with it (for escaped starts).
    by_char: Vec<(char, Vec<usize>)>,
    /// The bytes where a match may start: a first byte, or an escape's.
    starts: Vec<bool>,
}

#[derive(Clone)]
struct Needle {
    text: String,
    chars: Vec<char>,
    /// The bytes that may follow the first character: the second character's first byte,
    /// or the start of an escape. A cheap filter before a full match.
    second: [bool; 256],
}

/// The bytes that may start an escape.
fn is_escape_start(b: u8) -> bool {
    matches!(b, b'\\' | b'%' | b'&' | b'+')
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

impl Redactor {
    /// A redactor for `secrets`; those shorter than [`MIN_CHARS`] are ignored.
    pub fn new<'s>(secrets: impl IntoIterator<Item = &'s str>) -> Redactor {
        let mut redactor = Redactor::default();
        for secret in secrets {
            redactor.add(secret);
        }
        redactor
    }

    /// This redactor and one more value (a request's signature).
    pub fn with(&self, value: Option<&str>) -> Redactor {
        let mut more = self.clone();
        if let Some(v) = value {
            more.add(v);
        }
        more
    }

    /// Whether it would leave every text as it is.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    fn add(&mut self, secret: &str) {
        if secret.chars().count() < MIN_CHARS {
            return;
        }
        let mut forms = vec![secret.to_owned()];
        forms.extend(base64_cores(secret.as_bytes()));
        for form in forms {
            if form.chars().count() >= MIN_CHARS && !self.needles.iter().any(|n| n.text == form) {
                let chars: Vec<char> = form.chars().collect();
                let mut second = [false; 256];
                let mut buf = [0u8; 4];
                second[usize::from(chars[1].encode_utf8(&mut buf).as_bytes()[0])] = true;
                for b in [b'\\', b'%', b'&', b'+'] {
                    second[usize::from(b)] = true;
                }
                self.needles.push(Needle {
                    chars,
                    text: form,
                    second,
                });
            }
        }
        // Longest first, so that a form inside another is not left half-replaced.
        self.needles
            .sort_by_key(|n| std::cmp::Reverse(n.text.len()));
        self.by_first = vec![Vec::new(); 256];
        self.by_char.clear();
        self.starts = (0..=255u8).map(is_escape_start).collect();
        for (i, needle) in self.needles.iter().enumerate() {
            self.by_first[usize::from(needle.text.as_bytes()[0])].push(i);
            self.starts[usize::from(needle.text.as_bytes()[0])] = true;
            let first = needle.chars[0];
            match self.by_char.iter_mut().find(|(c, _)| *c == first) {
                Some((_, list)) => list.push(i),
                None => self.by_char.push((first, vec![i])),
            }
        }
    }

    /// `text` with every form of every credential replaced by [`MARKER`]. Borrowed when
    /// nothing was found, which is the common case. One pass over the bytes; a match is tried
    /// only where a credential's first character starts, raw or escaped, and is followed by
    /// its second character's first byte or an escape.
    pub fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        if self.needles.is_empty() {
            return Cow::Borrowed(text);
        }
        let bytes = text.as_bytes();
        let mut out: Option<String> = None;
        let mut copied = 0;
        let mut i = 0;
        let starts = &self.starts[..];
        while i < bytes.len() {
            let b = bytes[i];
            if !starts[usize::from(b)] {
                i += 1;
                continue;
            }
            let mut end = self.match_raw_start(bytes, i);
            if end.is_none() && is_escape_start(b) {
                end = self.match_escaped_start(bytes, i);
            }
            match end {
                Some(end) if text.is_char_boundary(end) => {
                    let o = out.get_or_insert_with(|| String::with_capacity(text.len()));
                    o.push_str(&text[copied..i]);
                    o.push_str(MARKER);
                    copied = end;
                    i = end;
                }
                _ => i += 1,
            }
        }
        match out {
            None => Cow::Borrowed(text),
            Some(mut o) => {
                o.push_str(&text[copied..]);
                Cow::Owned(o)
            }
        }
    }

    /// A match of a needle whose first character is written raw at `at`.
    fn match_raw_start(&self, bytes: &[u8], at: usize) -> Option<usize> {
        for &k in &self.by_first[usize::from(bytes[at])] {
            let needle = &self.needles[k];
            let rest = &bytes[at..];
            if rest.starts_with(needle.text.as_bytes()) {
                return Some(at + needle.text.len());
            }
            let after = at + needle.chars[0].len_utf8();
            if bytes
                .get(after)
                .is_some_and(|&b| needle.second[usize::from(b)])
            {
                let mut budget = 8 * needle.chars.len() + 64;
                if let Some(end) = match_chars(bytes, after, &needle.chars[1..], &mut budget) {
                    return Some(end);
                }
            }
        }
        None
    }

    /// A match of a needle whose first character is escaped at `at`.
    fn match_escaped_start(&self, bytes: &[u8], at: usize) -> Option<usize> {
        let (first, len) = decode_escape(&bytes[at..])?;
        let (_, list) = self.by_char.iter().find(|(c, _)| *c == first)?;
        list.iter().find_map(|&k| {
            let needle = &self.needles[k];
            let mut budget = 8 * needle.chars.len() + 64;
            match_chars(bytes, at + len, &needle.chars[1..], &mut budget)
        })
    }
}

/// The character an escape at the start of `s` stands for, whatever it is, and its length.
fn decode_escape(s: &[u8]) -> Option<(char, usize)> {
    match s[0] {
        b'\\' => backslash_escape(s),
        b'&' => html_reference(s),
        b'+' => Some((' ', 1)),
        b'%' => {
            let lead = u8::try_from(hex_value(s.get(1..3)?)?).ok()?;
            let n = match lead {
                0x00..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                0xf0..=0xf7 => 4,
                _ => return None,
            };
            let mut raw = [0u8; 4];
            for (i, slot) in raw.iter_mut().enumerate().take(n) {
                if *s.get(3 * i)? != b'%' {
                    return None;
                }
                *slot = u8::try_from(hex_value(s.get(3 * i + 1..3 * i + 3)?)?).ok()?;
            }
            let c = std::str::from_utf8(&raw[..n]).ok()?.chars().next()?;
            Some((c, 3 * n))
        }
        _ => None,
    }
}

fn match_chars(bytes: &[u8], mut p: usize, chars: &[char], budget: &mut usize) -> Option<usize> {
    for (k, &c) in chars.iter().enumerate() {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        let (ends, n) = step(bytes, p, c);
        match n {
            0 => return None,
            1 => p = ends[0],
            _ => {
                // The escape first: at the end of a needle it takes the whole escape.
                if let Some(end) = match_chars(bytes, ends[1], &chars[k + 1..], budget) {
                    return Some(end);
                }
                p = ends[0];
            }
        }
    }
    Some(p)
}

/// Where `c` ends if it is spelled at `p`: raw, or by one escape. At most two ways (the raw
/// character and one escape, when `c` is itself `\`, `%` or `&`).
fn step(bytes: &[u8], p: usize, c: char) -> ([usize; 2], usize) {
    let mut ends = [0; 2];
    let mut n = 0;
    let Some(&first) = bytes.get(p) else {
        return (ends, 0);
    };
    let mut buf = [0u8; 4];
    let raw = c.encode_utf8(&mut buf).as_bytes();
    let mut push = |end: usize| {
        ends[n] = end;
        n += 1;
    };
    if bytes[p..].starts_with(raw) {
        push(p + raw.len());
    }
    match first {
        b'\\' => {
            if let Some((d, len)) = backslash_escape(&bytes[p..])
                && d == c
            {
                push(p + len);
            }
        }
        b'%' => {
            if let Some(len) = percent_encoded(&bytes[p..], raw) {
                push(p + len);
            }
        }
        b'&' => {
            if let Some((d, len)) = html_reference(&bytes[p..])
                && d == c
            {
                push(p + len);
            }
        }
        b'+' if c == ' ' => push(p + 1),
        _ => {}
    }
    (ends, n)
}

fn hex_value(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u32::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// A JSON escape at the start of `s` (`\/`, `\"`, `\\`, `\n`..., `\uXXXX` in either case, a
/// surrogate pair), or the `\xNN` of YAML and most languages for ASCII: the character and the
/// escape's length.
fn backslash_escape(s: &[u8]) -> Option<(char, usize)> {
    let simple = match *s.get(1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'x' => {
            let cp = hex_value(s.get(2..4)?)?;
            return if cp < 0x80 {
                Some((char::from_u32(cp)?, 4))
            } else {
                None
            };
        }
        b'u' => {
            let unit = hex_value(s.get(2..6)?)?;
            if (0xd800..0xdc00).contains(&unit) {
                let low = s.get(6..12)?;
                if &low[..2] != b"\\u" {
                    return None;
                }
                let low = hex_value(&low[2..])?;
                if !(0xdc00..0xe000).contains(&low) {
                    return None;
                }
                let cp = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                return Some((char::from_u32(cp)?, 12));
            }
            return Some((char::from_u32(unit)?, 6));
        }
        _ => return None,
    };
    Some((simple, 2))
}

/// The length of `raw` percent-encoded at the start of `s`, hex digits in either case.
fn percent_encoded(s: &[u8], raw: &[u8]) -> Option<usize> {
    for (i, &b) in raw.iter().enumerate() {
        let at = 3 * i;
        if *s.get(at)? != b'%' || hex_value(s.get(at + 1..at + 3)?)? != u32::from(b) {
            return None;
        }
    }
    Some(3 * raw.len())
}

/// An HTML character reference at the start of `s`: `&#84;`, `&#x54;`, or one of the five
/// XML entities.
fn html_reference(s: &[u8]) -> Option<(char, usize)> {
    let end = s.iter().take(12).position(|&b| b == b';')?;
    let body = &s[1..end];
    let c = match body {
        b"amp" => '&',
        b"lt" => '<',
        b"gt" => '>',
        b"quot" => '"',
        b"apos" => '\'',
        [b'#', b'x' | b'X', hex @ ..] => char::from_u32(hex_value(hex)?)?,
        [b'#', dec @ ..] if !dec.is_empty() && dec.iter().all(u8::is_ascii_digit) => {
            char::from_u32(std::str::from_utf8(dec).ok()?.parse().ok()?)?
        }
        _ => return None,
    };
    Some((c, end + 1))
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The base64 characters that depend on `secret`'s bytes alone, when it sits at each of the
/// three byte alignments of a longer base64 string, in the standard and the URL-safe
/// alphabet. Each core is inside every encoding of a text holding the secret at that
/// alignment, padded or not; what is left around it reveals at most 4 bits at each end.
fn base64_cores(secret: &[u8]) -> Vec<String> {
    let mut cores = Vec::new();
    for offset in 0..3usize {
        let mut bytes = vec![0u8; offset];
        bytes.extend_from_slice(secret);
        let bits = 8 * bytes.len();
        let chars: Vec<u8> = (0..bits.div_ceil(6))
            .map(|i| {
                let mut v = 0usize;
                for bit in 6 * i..6 * i + 6 {
                    let byte = bytes.get(bit / 8).copied().unwrap_or(0);
                    v = (v << 1) | usize::from(byte >> (7 - bit % 8) & 1);
                }
                STANDARD[v]
            })
            .collect();
        // Characters wholly inside the secret's bits.
        let first = (8 * offset).div_ceil(6);
        let last = bits / 6;
        if first >= last {
            continue;
        }
        let core = String::from_utf8(chars[first..last].to_vec()).expect("base64 is ASCII");
        cores.push(core.replace('+', "-").replace('/', "_"));
        cores.push(core);
    }
    cores
}

#[cfg(test)]
mod tests;
