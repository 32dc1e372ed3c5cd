//! Reading bodies into the typed view, and telling a source server from any other JSON.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, Visitor};

use super::Source;

/// The top-level keys of a source server; a body with none of them is not one.
pub(super) const SOURCE_KEYS: &[&str] = &[
    "id",
    "ip",
    "name",
    "hostname",
    "enterprise_project_id",
    "add_date",
    "os_type",
    "os_version",
    "oem_system",
    "state",
    "connected",
    "firmware",
    "init_target_server",
    "cpu_quantity",
    "memory",
    "current_task",
    "disks",
    "volume_groups",
    "btrfs_list",
    "networks",
    "checks",
    "migration_cycle",
    "state_action_time",
    "replicatesize",
    "totalsize",
    "last_visit_time",
    "stage_action_time",
    "agent_version",
    "has_tc",
    "start_type",
];

/// Why a body is not a source server.
#[derive(Debug)]
pub enum ShapeError {
    NotJson(String),
    WrongShape(String),
}

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShapeError::NotJson(m) => write!(f, "it is not valid JSON ({m})"),
            ShapeError::WrongShape(m) => write!(f, "it is not the shape of a source server ({m})"),
        }
    }
}

/// Parses a source-server body into the typed view, checking its shape. `Source<Skip>`
/// checks the same shape and keeps only the checks.
pub fn parse_source<S>(body: &[u8]) -> Result<Source<S>, ShapeError>
where
    S: serde::de::DeserializeOwned + Default + PartialEq,
{
    check_depth(body)?;
    check_object(body)?;
    check_exact(&mut serde_json::Deserializer::from_slice(body))?;
    let source: Source<S> = serde_json::from_slice(body).map_err(shape_error)?;
    // Nothing known was read: only now is it worth a second pass to tell `{"id": null}`
    // (a source with every field null) from `{"servers": []}` (not a source at all).
    if source == Source::default() {
        check_top_level(serde_json::from_slice(body), SOURCE_KEYS, "a source server")?;
    }
    Ok(source)
}

/// serde would read a struct from a JSON array too: only an object is a source server.
fn check_object(body: &[u8]) -> Result<(), ShapeError> {
    if starts_an_object(body) {
        return Ok(());
    }
    // Not an object: say whether it is JSON of another kind or not JSON at all.
    check_top_level(serde_json::from_slice(body), &[], "")
}

/// The first byte after white space says which kind of value a document is.
fn starts_an_object(start: &[u8]) -> bool {
    start.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn shape_error(e: serde_json::Error) -> ShapeError {
    match e.classify() {
        serde_json::error::Category::Data => ShapeError::WrongShape(describe(&e)),
        _ => ShapeError::NotJson(describe(&e)),
    }
}

/// How deep a body may nest; serde_json's own limit, checked up front so that no output is
/// begun on a body that cannot be finished.
pub const MAX_DEPTH: usize = 128;

/// Parses one item of the source list (any JSON object) into the typed view.
pub fn parse_source_item(item: &[u8]) -> Result<Source, ShapeError> {
    check_depth(item)?;
    check_object(item)?;
    check_exact(&mut serde_json::Deserializer::from_slice(item))?;
    serde_json::from_slice(item).map_err(shape_error)
}

/// Whole or nothing: the body must be JSON that every output can write exactly, or no output
/// begins. serde_json refuses a number beyond f64 (`1e400`), a lone surrogate escape
/// (`"\udc00"`) and invalid UTF-8 anywhere, unknown fields included; the typed view alone
/// would skip those in fields it does not read, and `--json` would stop half-way. One pass
/// that decodes every value as the JSON writer's reading does (`deserialize_any`: strings
/// decoded, numbers parsed) and keeps nothing.
fn check_exact<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> Result<(), ShapeError> {
    de::DeserializeSeed::deserialize(Decoded, &mut *de)
        .and_then(|()| de.end())
        .map_err(|e| ShapeError::NotJson(describe(&e)))
}

/// Reads a value whole, every string and number decoded, and keeps none of it (serde's
/// `IgnoredAny` skips strings and numbers without decoding them).
#[derive(Clone, Copy)]
struct Decoded;

impl<'de> de::DeserializeSeed<'de> for Decoded {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Decoded {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
}

/// Parses a saved body from a file without ever holding it whole: one pass for the
/// top-level keys, one for the typed view. For tables of large bodies, which need only the
/// view. (serde_json's own depth limit applies to the typed pass; nothing is printed before.)
pub fn parse_source_file(path: &std::path::Path) -> Result<Source, ShapeError> {
    let open = || {
        std::fs::File::open(path)
            .map(|f| std::io::BufReader::with_capacity(256 * 1024, f))
            .map_err(|e| ShapeError::NotJson(format!("it cannot be read: {e}")))
    };
    let mut depth = Depth::default();
    let mut scan = open()?;
    loop {
        let chunk = std::io::BufRead::fill_buf(&mut scan)
            .map_err(|e| ShapeError::NotJson(format!("it cannot be read: {e}")))?;
        if chunk.is_empty() {
            break;
        }
        depth.feed(chunk)?;
        let n = chunk.len();
        std::io::BufRead::consume(&mut scan, n);
    }
    check_exact(&mut serde_json::Deserializer::from_reader(open()?))?;
    let mut reader = open()?;
    let start = std::io::BufRead::fill_buf(&mut reader)
        .map_err(|e| ShapeError::NotJson(format!("it cannot be read: {e}")))?;
    if !starts_an_object(start) {
        let body = std::fs::read(path)
            .map_err(|e| ShapeError::NotJson(format!("it cannot be read: {e}")))?;
        return parse_source(&body);
    }
    let source: Source = serde_json::from_reader(reader).map_err(shape_error)?;
    if source == Source::default() {
        check_top_level(
            serde_json::from_reader(open()?),
            SOURCE_KEYS,
            "a source server",
        )?;
    }
    Ok(source)
}

/// The body is one JSON object that carries at least one of `keys`.
fn check_top_level(
    parsed: Result<TopLevel, serde_json::Error>,
    keys: &[&str],
    what: &str,
) -> Result<(), ShapeError> {
    let value = parsed.map_err(shape_error)?;
    match value {
        TopLevel::Object(found)
            if keys.is_empty() || found.iter().any(|k| keys.contains(&k.as_str())) =>
        {
            Ok(())
        }
        TopLevel::Object(_) => Err(ShapeError::WrongShape(format!(
            "a JSON object without any field of {what}"
        ))),
        TopLevel::Other(kind) => Err(ShapeError::WrongShape(format!(
            "a JSON {kind} where an object was expected"
        ))),
    }
}

/// A linear scan: arrays and objects nested more than [`MAX_DEPTH`] deep are refused.
fn check_depth(body: &[u8]) -> Result<(), ShapeError> {
    Depth::default().feed(body)
}

/// The state of the depth scan, fed a chunk at a time.
#[derive(Default)]
struct Depth {
    depth: usize,
    in_string: bool,
    escaped: bool,
}

impl Depth {
    fn feed(&mut self, chunk: &[u8]) -> Result<(), ShapeError> {
        for &b in chunk {
            if self.in_string {
                match (self.escaped, b) {
                    (true, _) => self.escaped = false,
                    (false, b'\\') => self.escaped = true,
                    (false, b'"') => self.in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => self.in_string = true,
                b'[' | b'{' => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(ShapeError::WrongShape(format!(
                            "nested deeper than {MAX_DEPTH} levels"
                        )));
                    }
                }
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                _ => {}
            }
        }
        Ok(())
    }
}

/// The top-level keys of a body, or what kind of JSON value it is instead.
enum TopLevel {
    Object(Vec<String>),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for TopLevel {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TopVisitor;
        impl<'de> Visitor<'de> for TopVisitor {
            type Value = TopLevel;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<TopLevel, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(TopLevel::Object(keys))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<TopLevel, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(TopLevel::Other("array"))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<TopLevel, E> {
                Ok(TopLevel::Other("string"))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<TopLevel, E> {
                Ok(TopLevel::Other("number"))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<TopLevel, E> {
                Ok(TopLevel::Other("number"))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<TopLevel, E> {
                Ok(TopLevel::Other("number"))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<TopLevel, E> {
                Ok(TopLevel::Other("boolean"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<TopLevel, E> {
                Ok(TopLevel::Other("null"))
            }
        }
        d.deserialize_any(TopVisitor)
    }
}

/// serde_json's message, which names the line and column; it quotes no body text beyond a
/// field name, and callers sanitise it all the same.
fn describe(e: &serde_json::Error) -> String {
    crate::sanitize::sanitize_short(&e.to_string(), 300)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Scalar, Skip};

    #[test]
    fn scalars_of_any_type_are_kept() {
        let s: Source =
            parse_source(br#"{"id": 7, "memory": "lots", "connected": "yes", "disks": null}"#)
                .unwrap();
        assert_eq!(s.id, Some(Scalar::UInt(7)));
        assert_eq!(s.memory, Some(Scalar::Str("lots".into())));
        assert!(s.disks.is_none());
    }

    #[test]
    fn both_subvolume_spellings_are_read() {
        let s: Source = parse_source(
            br#"{"btrfs_list":[{"subvolume":[{"subvol_name":"a"}],"subvolumn":[{"subvol_name":"b"}]}]}"#,
        )
        .unwrap();
        let fs = s.btrfs_list.unwrap().remove(0).unwrap();
        let names: Vec<String> = fs
            .subvolumes()
            .map(|v| v.subvol_name.as_ref().unwrap().to_string())
            .collect();
        assert_eq!(names, ["a", "b"]);
    }

    #[test]
    fn shapes_that_are_not_a_source_are_refused() {
        for body in [
            &b"[]"[..],
            b"\"x\"",
            b"null",
            b"{}",
            b"{\"servers\": []}",
            b"{\"disks\": \"sda\"}",
            b"{\"name\": {\"a\": 1}}",
            b"[1]",
            b" [\"a\", 2]",
            b"true",
            b"12",
        ] {
            assert!(
                matches!(parse_source::<Skip>(body), Err(ShapeError::WrongShape(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert!(matches!(
            parse_source::<Skip>(b"{"),
            Err(ShapeError::NotJson(_))
        ));
        let deep = format!("{{\"x\":{}{}}}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(
            parse_source::<Skip>(deep.as_bytes()),
            Err(ShapeError::WrongShape(_))
        ));
        let fine = format!(
            "{{\"id\":\"[[[[\",\"x\":{}{}}}",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(parse_source::<Skip>(fine.as_bytes()).is_ok());
        assert!(matches!(
            parse_source::<Scalar>(b"<html>"),
            Err(ShapeError::NotJson(_))
        ));
        // JSON that no output could write exactly, even in a field the view does not read.
        for body in [
            &br#"{"id":"a","zz":1e400}"#[..],
            br#"{"id":"a","zz":"\udc00"}"#,
            b"{\"id\":\"a\",\"zz\":\"\xff\xfe\"}",
            br#"{"id":"a"} trailing"#,
        ] {
            assert!(
                matches!(parse_source::<Skip>(body), Err(ShapeError::NotJson(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn source_keys_are_the_fields_of_source() {
        let fields = serde_json::to_value(Source::<Scalar>::default()).unwrap();
        let fields: Vec<&String> = fields.as_object().unwrap().keys().collect();
        assert_eq!(fields, SOURCE_KEYS);
    }
}
