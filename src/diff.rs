//! What changed between two saved snapshots of a source (`source --json` bodies) or of a
//! fleet (`sources --json` arrays), matched by source ID. Every field is compared, the ones
//! the tool does not know included (reported under their JSON path), so nothing the API adds
//! is ignored; lists are matched by what names their items (a disk by its name, a check by
//! its name...), not by position. Changes are ordered worst first.

use serde_json::Value;

/// What a change is about, in the order a reader wants them (worst first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// A check whose result got worse (OK -> WARN -> ERROR).
    CheckWorse,
    /// A source added to or removed from the fleet.
    Source,
    /// Disks, partitions, volume groups, logical volumes, Btrfs: the layout SMS migrates.
    Layout,
    /// State, migration cycle, agent, task, progress.
    Migration,
    /// A check that appeared or vanished.
    CheckSet,
    /// A check whose result got better, or changed otherwise.
    CheckOther,
    /// NICs.
    Network,
    /// Everything else, the recommended target and unknown fields included.
    Other,
}

impl Group {
    pub fn name(self) -> &'static str {
        match self {
            Group::CheckWorse => "check worse",
            Group::Source => "source",
            Group::Layout => "disk layout",
            Group::Migration => "migration",
            Group::CheckSet => "check",
            Group::CheckOther => "check",
            Group::Network => "network",
            Group::Other => "other",
        }
    }
}

/// How a value changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Added,
    Removed,
    Changed,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Changed => "changed",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub source_id: String,
    pub source_name: String,
    pub group: Group,
    pub kind: Kind,
    /// Where, e.g. `disks[/dev/vdb].physical_volumes[/dev/vdb1].size`, `checks[SOFTWARE].result`.
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
    /// For check results: how much worse (positive) or better (negative).
    pub worse_by: i32,
}

/// Why a document is not a snapshot.
#[derive(Debug)]
pub struct NotASnapshot(pub String);

/// The sources of a snapshot, by ID: one object, or an array of them.
pub fn sources(doc: &Value) -> Result<Vec<(String, &Value)>, NotASnapshot> {
    let items: Vec<&Value> = match doc {
        Value::Object(_) => vec![doc],
        Value::Array(items) => items.iter().collect(),
        _ => {
            return Err(NotASnapshot(
                "it is neither a source server (an object) nor a list of them (an array)".into(),
            ));
        }
    };
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(NotASnapshot(format!("item {i} is not an object")));
        };
        let id = match map.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => format!("(no ID, item {i})"),
            Some(other) => other.to_string(),
        };
        out.push((id, item));
    }
    Ok(out)
}

/// The changes from `old` to `new`, worst first.
pub fn diff(old: &Value, new: &Value) -> Result<Vec<Change>, NotASnapshot> {
    let olds = sources(old)?;
    let news = sources(new)?;
    let single = matches!((old, new), (Value::Object(_), Value::Object(_)));
    let mut changes = Vec::new();
    for (id, o) in &olds {
        let matched =
            news.iter()
                .find(|(nid, _)| nid == id)
                .or(if single { news.first() } else { None });
        let name = name_of(matched.map(|(_, n)| *n).unwrap_or(o));
        match matched {
            Some((_, n)) => {
                let mut found = Vec::new();
                walk(o, n, String::new(), &mut found);
                changes.extend(found.into_iter().map(|(path, kind, old, new)| {
                    let (group, worse_by) = classify(&path, old.as_ref(), new.as_ref());
                    Change {
                        source_id: id.clone(),
                        source_name: name.clone(),
                        group,
                        kind,
                        path,
                        old,
                        new,
                        worse_by,
                    }
                }));
            }
            None => changes.push(Change {
                source_id: id.clone(),
                source_name: name,
                group: Group::Source,
                kind: Kind::Removed,
                path: String::new(),
                old: None,
                new: None,
                worse_by: 0,
            }),
        }
    }
    if !single {
        for (id, n) in &news {
            if !olds.iter().any(|(oid, _)| oid == id) {
                changes.push(Change {
                    source_id: id.clone(),
                    source_name: name_of(n),
                    group: Group::Source,
                    kind: Kind::Added,
                    path: String::new(),
                    old: None,
                    new: None,
                    worse_by: 0,
                });
            }
        }
    }
    changes.sort_by(|a, b| {
        (a.group, -a.worse_by, &a.source_name, &a.path).cmp(&(
            b.group,
            -b.worse_by,
            &b.source_name,
            &b.path,
        ))
    });
    Ok(changes)
}

fn name_of(v: &Value) -> String {
    match v.get("name") {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The agent's heartbeat: it moves on every visit and is no change of the source.
const HEARTBEAT: &str = "last_visit_time";

/// What names the items of a known list.
fn item_key(list: &str, item: &Value) -> Option<String> {
    let field = |k: &str| match item.get(k) {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    match list {
        "disks" | "physical_volumes" | "volume_groups" | "logical_volumes" | "networks"
        | "checks" => field("name"),
        "btrfs_list" => field("uuid").or_else(|| field("name")),
        "subvolume" | "subvolumn" => field("subvol_id").or_else(|| field("subvol_name")),
        _ => None,
    }
}

/// The last list name in a path (`disks[/dev/vda].physical_volumes` -> `physical_volumes`).
fn list_name(path: &str) -> &str {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.split('[').next().unwrap_or(last)
}

fn walk(
    old: &Value,
    new: &Value,
    path: String,
    out: &mut Vec<(String, Kind, Option<Value>, Option<Value>)>,
) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let heartbeat = |k: &str| path.is_empty() && k == HEARTBEAT;
            for (k, va) in a {
                if heartbeat(k) {
                    continue;
                }
                let p = join(&path, k);
                match b.get(k) {
                    Some(vb) => walk(va, vb, p, out),
                    None => out.push((p, Kind::Removed, Some(va.clone()), None)),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) && !heartbeat(k) {
                    out.push((join(&path, k), Kind::Added, None, Some(vb.clone())));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let list = list_name(&path).to_owned();
            let keys = |items: &[Value]| -> Vec<String> {
                let mut seen = std::collections::HashSet::new();
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| match item_key(&list, item) {
                        Some(k) if seen.insert(k.clone()) => k,
                        _ => format!("#{i}"),
                    })
                    .collect()
            };
            let (ka, kb) = (keys(a), keys(b));
            for (i, key) in ka.iter().enumerate() {
                let p = format!("{path}[{key}]");
                match kb.iter().position(|k| k == key) {
                    Some(j) => walk(&a[i], &b[j], p, out),
                    None => out.push((p, Kind::Removed, Some(a[i].clone()), None)),
                }
            }
            for (j, key) in kb.iter().enumerate() {
                if !ka.contains(key) {
                    out.push((
                        format!("{path}[{key}]"),
                        Kind::Added,
                        None,
                        Some(b[j].clone()),
                    ));
                }
            }
        }
        (a, b) if a != b => out.push((path, Kind::Changed, Some(a.clone()), Some(b.clone()))),
        _ => {}
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A check result's weight: worse is higher.
fn rank(v: Option<&Value>) -> i32 {
    match v
        .and_then(Value::as_str)
        .map(|s| s.trim().to_ascii_uppercase())
    {
        Some(s) if s == "ERROR" => 3,
        Some(s) if s == "WARN" || s == "WARNING" => 2,
        Some(s) if s == "OK" => 1,
        _ => 0,
    }
}

fn classify(path: &str, old: Option<&Value>, new: Option<&Value>) -> (Group, i32) {
    let top = path.split(['.', '[']).next().unwrap_or("");
    match top {
        "checks" => {
            if path.ends_with("].result") {
                let by = rank(new) - rank(old);
                (
                    if by > 0 {
                        Group::CheckWorse
                    } else {
                        Group::CheckOther
                    },
                    by,
                )
            } else if path.matches('.').count() == 0 {
                // A whole check appeared or vanished: an added ERROR is worse news.
                let by = rank(new.and_then(|v| v.get("result")))
                    - rank(old.and_then(|v| v.get("result")));
                (
                    if by >= 2 {
                        Group::CheckWorse
                    } else {
                        Group::CheckSet
                    },
                    by,
                )
            } else {
                (Group::CheckOther, 0)
            }
        }
        "disks" | "volume_groups" | "btrfs_list" => (Group::Layout, 0),
        "state" | "migration_cycle" | "agent_version" | "connected" | "current_task"
        | "replicatesize" | "totalsize" => (Group::Migration, 0),
        "networks" => (Group::Network, 0),
        _ => (Group::Other, 0),
    }
}

/// The sources whose disk layout changed: SMS reports such a source as "source disk
/// information changed" when a migration runs on the old layout.
pub fn layout_changed(changes: &[Change]) -> Vec<&str> {
    let mut ids: Vec<&str> = changes
        .iter()
        .filter(|c| c.group == Group::Layout)
        .map(|c| c.source_id.as_str())
        .collect();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lists_match_by_name_and_checks_order_worst_first() {
        let old = json!({"id": "a", "name": "n", "last_visit_time": 1,
            "disks": [{"name": "/dev/vda", "size": 10}, {"name": "/dev/vdb", "size": 20}],
            "checks": [{"name": "A", "result": "OK"}, {"name": "B", "result": "ERROR"}, {"name": "C", "result": "OK"}],
            "zz_new_field": 1});
        let new = json!({"id": "a", "name": "n", "last_visit_time": 2,
            "disks": [{"name": "/dev/vdb", "size": 30}, {"name": "/dev/vda", "size": 10}],
            "checks": [{"name": "C", "result": "WARN"}, {"name": "A", "result": "ERROR"}, {"name": "B", "result": "OK"}],
            "zz_new_field": 2});
        let changes = diff(&old, &new).unwrap();
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "checks[A].result",
                "checks[C].result",
                "disks[/dev/vdb].size",
                "checks[B].result",
                "zz_new_field"
            ]
        );
        assert_eq!(changes[0].worse_by, 2);
        assert_eq!(layout_changed(&changes), ["a"]);
        assert!(diff(&old, &old).unwrap().is_empty());
        assert!(diff(&json!(1), &old).is_err());
    }

    #[test]
    fn fleets_match_by_id() {
        let old = json!([{"id": "a", "state": "waiting"}, {"id": "b"}]);
        let new = json!([{"id": "c"}, {"id": "a", "state": "replicate"}]);
        let changes = diff(&old, &new).unwrap();
        let kinds: Vec<(&str, Kind, &str)> = changes
            .iter()
            .map(|c| (c.source_id.as_str(), c.kind, c.path.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                ("b", Kind::Removed, ""),
                ("c", Kind::Added, ""),
                ("a", Kind::Changed, "state")
            ]
        );
    }
}
