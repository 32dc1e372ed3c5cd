//! GET /v3/tasks/{id}/consistency-result (the SDK's `ShowConsistencyResultResponse`): what
//! SMS's consistency check found, directory by directory. The SDK types each item of
//! `result_list` as a string; the items are read as objects or as strings that hold one.

use serde::Deserialize;

use super::Field;
use crate::sanitize::sanitize_short;

/// One checked directory (`ConsistencyResult`). The counts are whole numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirCheck {
    /// Sanitised.
    pub directory: String,
    pub total: Option<u64>,
    pub different: u64,
    pub missing: u64,
    pub extra: u64,
}

impl DirCheck {
    /// No count above `max`.
    pub fn passes(&self, max: u64) -> bool {
        self.different <= max && self.missing <= max && self.extra <= max
    }
}

/// The result of one task: its `task_id` (when the body names one) and the directories.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consistency {
    pub task_id: Option<String>,
    pub dirs: Vec<DirCheck>,
}

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    task_id: Field,
    #[serde(default)]
    result_list: Option<Vec<serde_json::Value>>,
}

#[derive(Deserialize)]
struct Item {
    #[serde(default)]
    dir_check: Field,
    #[serde(default)]
    num_total_files: Field,
    #[serde(default)]
    num_different_files: Field,
    #[serde(default)]
    num_target_miss_files: Field,
    #[serde(default)]
    num_target_more_files: Field,
}

/// Reads a body. Anything that is not such an object, an item that is neither an object nor
/// a string holding one, or a count that is not a whole number is an error (the caller makes
/// it exit 6).
pub fn parse_consistency(body: &[u8]) -> Result<Consistency, String> {
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err("it is not a JSON object".to_owned());
    }
    let body: Body =
        serde_json::from_slice(body).map_err(|e| sanitize_short(&e.to_string(), 200))?;
    let dirs = body
        .result_list
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, v)| item(v).map_err(|e| format!("item {i} of result_list {e}")))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Consistency {
        task_id: body.task_id.map(|t| t.to_string()),
        dirs,
    })
}

fn item(value: serde_json::Value) -> Result<DirCheck, String> {
    let object = match value {
        serde_json::Value::Object(_) => value,
        serde_json::Value::String(s) => match serde_json::from_str::<serde_json::Value>(&s) {
            Ok(v @ serde_json::Value::Object(_)) => v,
            _ => {
                return Err(format!(
                    "is a string that holds no JSON object: '{}'",
                    sanitize_short(&s, 80)
                ));
            }
        },
        other => {
            return Err(format!(
                "is neither an object nor a string: {}",
                sanitize_short(&other.to_string(), 80)
            ));
        }
    };
    let item: Item = serde_json::from_value(object).map_err(|e| {
        format!(
            "is not a directory check: {}",
            sanitize_short(&e.to_string(), 200)
        )
    })?;
    let count = |f: &Field, name: &str| -> Result<Option<u64>, String> {
        match f {
            None => Ok(None),
            Some(s) => s
                .as_u64()
                .or_else(|| s.as_str().and_then(|t| t.trim().parse().ok()))
                .map(Some)
                .ok_or_else(|| {
                    format!(
                        "has {name} '{}', which is not a number of files",
                        sanitize_short(&s.to_string(), 40)
                    )
                }),
        }
    };
    let needed = |f: &Field, name: &str| -> Result<u64, String> {
        count(f, name)?.ok_or_else(|| format!("has no {name}"))
    };
    Ok(DirCheck {
        directory: item
            .dir_check
            .map(|d| sanitize_short(&d.to_string(), 500))
            .unwrap_or_else(|| "-".to_owned()),
        total: count(&item.num_total_files, "num_total_files")?,
        different: needed(&item.num_different_files, "num_different_files")?,
        missing: needed(&item.num_target_miss_files, "num_target_miss_files")?,
        extra: needed(&item.num_target_more_files, "num_target_more_files")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_objects_or_strings_holding_one() {
        let c = parse_consistency(
            br#"{"task_id":"t","result_list":[
                {"dir_check":"/","num_total_files":10,"num_different_files":1,
                 "num_target_miss_files":0,"num_target_more_files":2},
                "{\"dir_check\":\"/var\",\"num_different_files\":0,\"num_target_miss_files\":0,\"num_target_more_files\":0}"
            ]}"#,
        )
        .unwrap();
        assert_eq!(c.task_id.as_deref(), Some("t"));
        assert_eq!(c.dirs.len(), 2);
        assert_eq!(c.dirs[0].extra, 2);
        assert!(!c.dirs[0].passes(1));
        assert!(c.dirs[0].passes(2));
        assert_eq!(c.dirs[1].directory, "/var");
        assert_eq!(c.dirs[1].total, None);
        assert!(parse_consistency(br#"{"result_list":[3]}"#).is_err());
        assert!(parse_consistency(br#"{"result_list":["not json"]}"#).is_err());
        assert!(parse_consistency(br#"{"result_list":[{"dir_check":"/"}]}"#).is_err());
        assert!(
            parse_consistency(
                br#"{"result_list":[{"num_different_files":-1,"num_target_miss_files":0,"num_target_more_files":0}]}"#
            )
            .is_err()
        );
        assert!(parse_consistency(b"[]").is_err());
        assert_eq!(parse_consistency(b"{}").unwrap().dirs, vec![]);
    }
}
