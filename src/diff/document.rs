//! A snapshot as `diff` reads it: JSON kept exact where `serde_json::Value` is not. An object
//! that holds one key twice is refused (a `Value` keeps the last silently, so one of the two
//! would never be compared), and a number is kept as its text, so integers beyond 64 bits
//! compare exactly (`Value` would round both to the same float).

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

/// One JSON value; objects keep their key order.
#[derive(Debug, Clone)]
pub enum Node {
    Null,
    Bool(bool),
    /// The number as written (valid JSON number text).
    Number(Box<str>),
    String(String),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

impl PartialEq for Node {
    fn eq(&self, other: &Node) -> bool {
        match (self, other) {
            (Node::Null, Node::Null) => true,
            (Node::Bool(a), Node::Bool(b)) => a == b,
            (Node::Number(a), Node::Number(b)) => a == b || same_fraction(a, b),
            (Node::String(a), Node::String(b)) => a == b,
            (Node::Array(a), Node::Array(b)) => a == b,
            (Node::Object(a), Node::Object(b)) => a == b,
            _ => false,
        }
    }
}

/// `1.5` and `1.50` are one number; an integer and a fraction never are (as in `Value`), and
/// integers compare by their text, exactly.
fn same_fraction(a: &str, b: &str) -> bool {
    let fraction = |s: &str| s.contains(['.', 'e', 'E']);
    fraction(a)
        && fraction(b)
        && matches!((a.parse::<f64>(), b.parse::<f64>()), (Ok(x), Ok(y)) if x == y)
}

impl Node {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// A non-negative integer that fits 64 bits.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Node::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The JSON text of the value (numbers exactly as read).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => s.serialize_unit(),
            Node::Bool(b) => s.serialize_bool(*b),
            Node::Number(n) => match RawValue::from_string(n.to_string()) {
                Ok(raw) => raw.serialize(s),
                Err(_) => s.serialize_str(n),
            },
            Node::String(text) => s.serialize_str(text),
            Node::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(members) => {
                let mut map = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

/// Why a text is not a document `diff` can read.
#[derive(Debug, PartialEq)]
pub enum ParseError {
    /// Not JSON (serde_json's message).
    NotJson(String),
    /// One object holds `key` twice; `at` is where the object is (`checks[3]`, or empty for the
    /// top level).
    DuplicateKey { at: String, key: String },
}

/// Parses a whole document.
pub fn parse(bytes: &[u8]) -> Result<Node, ParseError> {
    let raw: &RawValue = serde_json::from_slice(bytes).map_err(not_json)?;
    node(raw, &mut String::new())
}

fn not_json(e: serde_json::Error) -> ParseError {
    ParseError::NotJson(crate::sanitize::sanitize_short(&e.to_string(), 200))
}

/// One value, already known to be valid JSON; `at` is its place, for messages.
fn node(raw: &RawValue, at: &mut String) -> Result<Node, ParseError> {
    let text = raw.get();
    Ok(match text.as_bytes().first() {
        Some(b'n') => Node::Null,
        Some(b't') => Node::Bool(true),
        Some(b'f') => Node::Bool(false),
        Some(b'"') => Node::String(serde_json::from_str(text).map_err(not_json)?),
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).map_err(not_json)?;
            let mut out = Vec::with_capacity(items.len());
            let len = at.len();
            for (i, item) in items.into_iter().enumerate() {
                at.push_str(&format!("[{i}]"));
                out.push(node(item, at)?);
                at.truncate(len);
            }
            Node::Array(out)
        }
        Some(b'{') => {
            let Members(members) = serde_json::from_str(text).map_err(not_json)?;
            // Most objects are small: compared pairwise, without a set to allocate.
            let twice = if members.len() <= 16 {
                members
                    .iter()
                    .enumerate()
                    .find(|(i, (k, _))| members[..*i].iter().any(|(earlier, _)| earlier == k))
                    .map(|(_, (k, _))| k)
            } else {
                let mut seen = std::collections::HashSet::with_capacity(members.len());
                members
                    .iter()
                    .map(|(k, _)| k)
                    .find(|k| !seen.insert(k.as_str()))
            };
            if let Some(key) = twice {
                return Err(ParseError::DuplicateKey {
                    at: at.clone(),
                    key: key.clone(),
                });
            }
            let mut out = Vec::with_capacity(members.len());
            let len = at.len();
            for (key, value) in members {
                if !at.is_empty() {
                    at.push('.');
                }
                at.push_str(&key);
                out.push((key, node(value, at)?));
                at.truncate(len);
            }
            Node::Object(out)
        }
        _ => Node::Number(text.into()),
    })
}

/// Every member of an object, duplicates included.
struct Members<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Members<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Members<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members<'a>, A::Error> {
                let mut members = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    members.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_text_and_big_integers_compare_exactly() {
        let a = parse(b"[18446744073709551616, 1.5, 1]").unwrap();
        let b = parse(b"[18446744073709551617, 1.50, 1.0]").unwrap();
        let (Node::Array(a), Node::Array(b)) = (a, b) else {
            panic!()
        };
        assert_ne!(a[0], b[0]);
        assert_eq!(a[1], b[1]);
        assert_ne!(a[2], b[2]);
        assert_eq!(a[0].to_json(), "18446744073709551616");
    }

    #[test]
    fn a_key_twice_is_refused_naming_it_and_where() {
        assert_eq!(
            parse(
                br#"{"checks": [{"name": "A"}, {"name": "B", "result": "OK", "result": "ERROR"}]}"#
            ),
            Err(ParseError::DuplicateKey {
                at: "checks[1]".into(),
                key: "result".into()
            })
        );
        assert!(matches!(parse(b"{\"a\": 1,"), Err(ParseError::NotJson(_))));
        let node = parse(br#"{"a": {"b": "\u00e9"}, "c": [null, true]}"#).unwrap();
        assert_eq!(node.to_json(), r#"{"a":{"b":"é"},"c":[null,true]}"#);
    }
}
