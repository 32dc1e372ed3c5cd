//! What changed between two saved snapshots of a source (`source --json` bodies) or of a
//! fleet (`sources --json` arrays), matched by source ID. Every field is compared, the ones
//! the tool does not know included (reported under their JSON path), so nothing the API adds
//! is ignored; lists are matched by what names their items (a disk by its name, a check by
//! its name...), not by position. Changes are ordered worst first.

use std::collections::{HashMap, HashSet};

mod document;

pub use document::{Node, ParseError, parse};

/// What a change is about, in the order a reader wants them (worst first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// A check whose result got worse (OK -> WARN -> ERROR).
    CheckWorse,
    /// A `check --json` readiness grade that got worse (ready -> conditional -> unknown ->
    /// not-ready).
    ReadinessWorse,
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
    /// A readiness grade that got better, or changed otherwise.
    Readiness,
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
            Group::ReadinessWorse => "readiness worse",
            Group::Readiness => "readiness",
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
    pub old: Option<Node>,
    pub new: Option<Node>,
    /// For check results: how much worse (positive) or better (negative).
    pub worse_by: i32,
}

/// What a file holds, so that two files of different kinds are refused rather than compared
/// into hundreds of meaningless changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshot {
    /// A `source --json` body.
    Source,
    /// A `sources --json` array (or `check --file`'s input).
    SourceList,
    /// A `check --json` report.
    CheckReport,
    /// `[]`: either list.
    EmptyList,
}

impl Snapshot {
    pub fn describe(self) -> &'static str {
        match self {
            Snapshot::Source => "a source server (`source --json`)",
            Snapshot::SourceList => "a list of source servers (`sources --json`)",
            Snapshot::CheckReport => "a check report (`check --json`)",
            Snapshot::EmptyList => "an empty list",
        }
    }

    /// Whether a file of this kind can be compared with one of `other`.
    pub fn comparable(self, other: Snapshot) -> bool {
        self == other
            || (self == Snapshot::EmptyList && other != Snapshot::Source)
            || (other == Snapshot::EmptyList && self != Snapshot::Source)
    }
}

/// Why a document cannot be compared.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    /// Not a snapshot at all (exit 6).
    NotASnapshot(String),
    /// A snapshot that names one source twice (exit 2): which ID, the two items.
    DuplicateId {
        id: String,
        first: usize,
        second: usize,
    },
}

/// A check report's row carries these; a source server never does.
fn is_check_row(item: &Node) -> bool {
    matches!(item.get("passed"), Some(Node::Bool(_)))
        && matches!(item.get("failures"), Some(Node::Array(_)))
}

/// The sources of a snapshot: each with its ID.
pub type Sources<'a> = Vec<(String, &'a Node)>;

/// The sources of a snapshot, by ID (one object, or an array of them), and its kind. Two
/// items with one ID (`"1"` and `1` included) are refused: one of them would go unseen.
pub fn sources(doc: &Node) -> Result<(Snapshot, Sources<'_>), Refusal> {
    let (kind, items): (Snapshot, Vec<&Node>) = match doc {
        Node::Object(_) => (Snapshot::Source, vec![doc]),
        Node::Array(items) if items.is_empty() => (Snapshot::EmptyList, Vec::new()),
        Node::Array(items) => {
            let kind = if items.iter().any(is_check_row) {
                Snapshot::CheckReport
            } else {
                Snapshot::SourceList
            };
            (kind, items.iter().collect())
        }
        _ => {
            return Err(Refusal::NotASnapshot(
                "it is neither a source server (an object) nor a list of them (an array)".into(),
            ));
        }
    };
    let mut out = Vec::with_capacity(items.len());
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        if !matches!(item, Node::Object(_)) {
            return Err(Refusal::NotASnapshot(format!("item {i} is not an object")));
        }
        let id = match item.get("id") {
            Some(Node::String(s)) => s.clone(),
            Some(Node::Null) | None => format!("(no ID, item {i})"),
            Some(other) => other.to_json(),
        };
        if let Some(first) = seen.insert(id.clone(), i) {
            return Err(Refusal::DuplicateId {
                id,
                first,
                second: i,
            });
        }
        out.push((id, item));
    }
    Ok((kind, out))
}

/// The changes from `old` to `new`, worst first.
pub fn diff(old: &Node, new: &Node) -> Result<Vec<Change>, Refusal> {
    let (_, olds) = sources(old)?;
    let (_, news) = sources(new)?;
    let single = matches!((old, new), (Node::Object(_), Node::Object(_)));
    let new_at: HashMap<&str, usize> = news
        .iter()
        .enumerate()
        .map(|(j, (id, _))| (id.as_str(), j))
        .collect();
    let old_ids: HashSet<&str> = olds.iter().map(|(id, _)| id.as_str()).collect();
    let mut changes = Vec::new();
    for (id, o) in &olds {
        let matched =
            new_at
                .get(id.as_str())
                .map(|&j| &news[j])
                .or(if single { news.first() } else { None });
        let name = name_of(matched.map(|(_, n)| *n).unwrap_or(o));
        match matched {
            Some((_, n)) => {
                let mut found = Vec::new();
                walk(o, n, &mut String::new(), &mut found);
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
            if !old_ids.contains(id.as_str()) {
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

fn name_of(v: &Node) -> String {
    match v.get("name") {
        Some(Node::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The agent's heartbeat: it moves on every visit and is no change of the source
/// (`last_visit_time` in a body; `agent_last_seen` and `agent_seen_seconds_ago` in a check
/// report).
const HEARTBEAT: &[&str] = &[
    "last_visit_time",
    "agent_last_seen",
    "agent_seen_seconds_ago",
];

/// What an item of a list is matched by: what names it, or, for an item without a name (or
/// with a name an earlier item took), its position. The two never meet, so a check named
/// `#1` cannot stand in for the unnamed second check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKey<'a> {
    Named(&'a str),
    At(usize),
}

impl ItemKey<'_> {
    /// Appends `[key]` as the change's path shows it: the name, or `#N` for a position (a
    /// name that starts with `#` is quoted, so the two read apart too).
    fn push_to(self, path: &mut String) {
        path.push('[');
        match self {
            ItemKey::Named(name) if name.starts_with('#') => path.push_str(&format!("{name:?}")),
            ItemKey::Named(name) => path.push_str(name),
            ItemKey::At(i) => path.push_str(&format!("#{i}")),
        }
        path.push(']');
    }
}

/// What names the items of a known list.
fn item_key<'a>(list: &str, item: &'a Node) -> Option<&'a str> {
    let field = |k: &str| match item.get(k) {
        Some(Node::String(s)) if !s.is_empty() => Some(s.as_str()),
        Some(Node::Number(n)) => Some(&**n),
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

type Found = Vec<(String, Kind, Option<Node>, Option<Node>)>;

/// The key of each item: its name, or its position when it has none or an earlier item took
/// it; and, for the named ones, where each name is.
fn keys<'a>(list: &str, items: &'a [Node]) -> (Vec<ItemKey<'a>>, HashMap<&'a str, usize>) {
    let mut at: HashMap<&str, usize> = HashMap::with_capacity(items.len());
    let keys = items
        .iter()
        .enumerate()
        .map(|(i, item)| match item_key(list, item) {
            Some(name) if !at.contains_key(name) => {
                at.insert(name, i);
                ItemKey::Named(name)
            }
            _ => ItemKey::At(i),
        })
        .collect();
    (keys, at)
}

/// Compares `old` with `new` at `path` (a buffer grown and shrunk on the way down, copied
/// only into a change), adding what differs to `out`.
fn walk(old: &Node, new: &Node, path: &mut String, out: &mut Found) {
    let len = path.len();
    match (old, new) {
        (Node::Object(a), Node::Object(b)) => {
            let top = path.is_empty();
            let heartbeat = |k: &str| top && HEARTBEAT.contains(&k);
            // Small objects (most) are searched; large ones through a map, so that the
            // whole comparison stays linear.
            let index: Option<HashMap<&str, &Node>> =
                (b.len() > 16).then(|| b.iter().map(|(k, v)| (k.as_str(), v)).collect());
            let find = |k: &str| match &index {
                Some(map) => map.get(k).copied(),
                None => b.iter().find(|(bk, _)| bk == k).map(|(_, v)| v),
            };
            for (k, va) in a {
                if heartbeat(k) {
                    continue;
                }
                push_key(path, k);
                match find(k) {
                    Some(vb) => walk(va, vb, path, out),
                    None => out.push((path.clone(), Kind::Removed, Some(va.clone()), None)),
                }
                path.truncate(len);
            }
            let in_a: Option<HashSet<&str>> =
                (a.len() > 16).then(|| a.iter().map(|(k, _)| k.as_str()).collect());
            for (k, vb) in b {
                let known = match &in_a {
                    Some(set) => set.contains(k.as_str()),
                    None => a.iter().any(|(ak, _)| ak == k),
                };
                if !known && !heartbeat(k) {
                    push_key(path, k);
                    out.push((path.clone(), Kind::Added, None, Some(vb.clone())));
                    path.truncate(len);
                }
            }
        }
        (Node::Array(a), Node::Array(b)) => {
            let list = list_name(path).to_owned();
            let (ka, _) = keys(&list, a);
            let (kb, named_b) = keys(&list, b);
            let mut matched = vec![false; b.len()];
            for (i, &key) in ka.iter().enumerate() {
                let j = match key {
                    ItemKey::Named(name) => named_b.get(name).copied(),
                    ItemKey::At(i) => (kb.get(i) == Some(&key)).then_some(i),
                };
                key.push_to(path);
                match j {
                    Some(j) => {
                        matched[j] = true;
                        walk(&a[i], &b[j], path, out);
                    }
                    None => out.push((path.clone(), Kind::Removed, Some(a[i].clone()), None)),
                }
                path.truncate(len);
            }
            for (j, &key) in kb.iter().enumerate() {
                if !matched[j] {
                    key.push_to(path);
                    out.push((path.clone(), Kind::Added, None, Some(b[j].clone())));
                    path.truncate(len);
                }
            }
        }
        (a, b) if a != b => out.push((
            path.clone(),
            Kind::Changed,
            Some(a.clone()),
            Some(b.clone()),
        )),
        _ => {}
    }
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

/// A check result's weight: worse is higher.
fn rank(v: Option<&Node>) -> i32 {
    match v
        .and_then(Node::as_str)
        .map(|s| s.trim().to_ascii_uppercase())
    {
        Some(s) if s == "ERROR" => 3,
        Some(s) if s == "WARN" || s == "WARNING" => 2,
        Some(s) if s == "OK" => 1,
        _ => 0,
    }
}

/// A readiness grade's weight: worse is higher.
fn readiness_rank(v: Option<&Node>) -> i32 {
    match v.and_then(Node::as_str) {
        Some("not-ready") => 4,
        Some("unknown") => 3,
        Some("conditional") => 2,
        Some("ready") => 1,
        _ => 0,
    }
}

fn classify(path: &str, old: Option<&Node>, new: Option<&Node>) -> (Group, i32) {
    let top = path.split(['.', '[']).next().unwrap_or("");
    match top {
        "readiness" => {
            let by = readiness_rank(new) - readiness_rank(old);
            (
                if by > 0 {
                    Group::ReadinessWorse
                } else {
                    Group::Readiness
                },
                by,
            )
        }
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
mod tests;
