//! A typed view of a source server, for tables and the gate. The JSON and YAML outputs never go
//! through this view: they are written from the body itself, so nothing here can lose a field.
//!
//! Every field is optional, and every scalar is a [`Scalar`] that accepts any JSON scalar: a
//! value of an unexpected type is shown as it came. Containers must be containers (or null):
//! a string where the disks should be is a body of the wrong shape.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, IgnoredAny, Visitor};

/// Any JSON scalar, kept as it came.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Str(String),
    UInt(u64),
    Int(i64),
    Float(f64),
    Bool(bool),
}

impl Scalar {
    /// A non-negative whole number, if this is one (sizes, counts, timestamps).
    pub fn as_u64(&self) -> Option<u64> {
        match *self {
            Scalar::UInt(n) => Some(n),
            Scalar::Int(n) => u64::try_from(n).ok(),
            Scalar::Float(f) if f >= 0.0 && f.fract() == 0.0 && f < 1.8e19 => Some(f as u64),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Scalar::UInt(n) => Some(n as f64),
            Scalar::Int(n) => Some(n as f64),
            Scalar::Float(f) => Some(f),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Scalar::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match *self {
            Scalar::Bool(b) => Some(b),
            _ => None,
        }
    }
}

/// The raw text of the value, unsanitised (callers that print it sanitise it).
impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Str(s) => f.write_str(s),
            Scalar::UInt(n) => write!(f, "{n}"),
            Scalar::Int(n) => write!(f, "{n}"),
            Scalar::Float(n) => write!(f, "{n}"),
            Scalar::Bool(b) => write!(f, "{b}"),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ScalarVisitor;
        impl<'de> Visitor<'de> for ScalarVisitor {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string, number or boolean")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Str(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::UInt(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
        }
        d.deserialize_any(ScalarVisitor)
    }
}

pub type Field = Option<Scalar>;

/// GET /v3/sources/{source_id}: ShowServerResponse in the SDK.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Source {
    pub id: Field,
    pub ip: Field,
    pub name: Field,
    pub hostname: Field,
    pub enterprise_project_id: Field,
    pub add_date: Field,
    pub os_type: Field,
    pub os_version: Field,
    pub oem_system: Field,
    pub state: Field,
    pub connected: Field,
    pub firmware: Field,
    pub init_target_server: Option<InitTargetServer>,
    pub cpu_quantity: Field,
    pub memory: Field,
    pub current_task: Option<Task>,
    pub disks: Option<Vec<Option<Disk>>>,
    pub volume_groups: Option<Vec<Option<VolumeGroup>>>,
    pub btrfs_list: Option<Vec<Option<BtrfsFileSystem>>>,
    pub networks: Option<Vec<Option<Nic>>>,
    pub checks: Option<Vec<Option<Check>>>,
    pub migration_cycle: Field,
    pub state_action_time: Field,
    pub replicatesize: Field,
    pub totalsize: Field,
    pub last_visit_time: Field,
    pub stage_action_time: Field,
    pub agent_version: Field,
    pub has_tc: Field,
    pub start_type: Field,
}

/// The recommended target server.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InitTargetServer {
    pub disks: Option<Vec<Option<Disk>>>,
    pub volume_groups: Option<Vec<Option<VolumeGroup>>>,
}

/// TaskByServerSource.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Task {
    pub id: Field,
    pub name: Field,
    #[serde(rename = "type")]
    pub kind: Field,
    pub state: Field,
    pub start_date: Field,
    pub speed_limit: Field,
    pub migrate_speed: Field,
    pub start_target_server: Field,
    pub vm_template_id: Field,
    pub region_id: Field,
    pub project_name: Field,
    pub project_id: Field,
    pub target_server: Option<TargetServer>,
    pub log_collect_status: Field,
    pub exist_server: Field,
    pub use_public_ip: Field,
    pub clone_server: Option<CloneServer>,
    pub subtask_info: Field,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TargetServer {
    pub vm_id: Field,
    pub name: Field,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CloneServer {
    pub vm_id: Field,
    pub name: Field,
    pub clone_error: Field,
    pub clone_state: Field,
    pub error_msg: Field,
}

/// ServerDisk on the source, DiskIntargetServer in the recommended target (a subset).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Disk {
    pub name: Field,
    pub partition_style: Field,
    pub device_use: Field,
    pub size: Field,
    pub used_size: Field,
    pub physical_volumes: Option<Vec<Option<Partition>>>,
    pub os_disk: Field,
    pub relation_name: Field,
    pub inode_size: Field,
}

/// PhysicalVolume / PhysicalVolumes: a partition of a disk.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Partition {
    pub device_use: Field,
    pub file_system: Field,
    pub index: Field,
    pub mount_point: Field,
    pub name: Field,
    pub size: Field,
    pub used_size: Field,
    pub inode_size: Field,
    pub inode_nums: Field,
    pub uuid: Field,
    pub size_per_cluster: Field,
}

/// VolumeGroups: an LVM volume group.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct VolumeGroup {
    pub components: Field,
    pub free_size: Field,
    pub logical_volumes: Option<Vec<Option<LogicalVolume>>>,
    pub name: Field,
    pub size: Field,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct LogicalVolume {
    pub block_count: Field,
    pub block_size: Field,
    pub file_system: Field,
    pub inode_size: Field,
    pub inode_nums: Field,
    pub device_use: Field,
    pub mount_point: Field,
    pub name: Field,
    pub size: Field,
    pub used_size: Field,
    pub free_size: Field,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct BtrfsFileSystem {
    pub name: Field,
    pub label: Field,
    pub uuid: Field,
    pub device: Field,
    pub size: Field,
    pub nodesize: Field,
    pub sectorsize: Field,
    pub data_profile: Field,
    pub system_profile: Field,
    pub metadata_profile: Field,
    pub global_reserve1: Field,
    pub g_vol_used_size: Field,
    pub default_subvolid: Field,
    pub default_subvol_name: Field,
    pub default_subvol_mountpath: Field,
    /// The API page's spelling.
    pub subvolume: Option<Vec<Option<Subvolume>>>,
    /// The SDK's spelling.
    pub subvolumn: Option<Vec<Option<Subvolume>>>,
}

impl BtrfsFileSystem {
    /// The subvolumes under either spelling (both, if a body carries both).
    pub fn subvolumes(&self) -> impl Iterator<Item = &Subvolume> {
        let page = self.subvolume.iter().flatten().flatten();
        let sdk = self.subvolumn.iter().flatten().flatten();
        page.chain(sdk)
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Subvolume {
    pub uuid: Field,
    pub is_snapshot: Field,
    pub subvol_id: Field,
    pub parent_id: Field,
    pub subvol_name: Field,
    pub subvol_mount_path: Field,
}

/// NetWork: a NIC.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Nic {
    pub name: Field,
    pub ip: Field,
    pub ipv6: Field,
    pub netmask: Field,
    pub gateway: Field,
    pub mtu: Field,
    pub mac: Field,
    pub id: Field,
}

/// EnvironmentCheck.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Check {
    pub id: Field,
    pub params: Option<Vec<Field>>,
    pub name: Field,
    pub result: Field,
    pub error_code: Field,
    pub error_or_warn: Field,
    pub error_params: Field,
}

/// The top-level keys of a source server; a body with none of them is not one.
const SOURCE_KEYS: &[&str] = &[
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

/// Parses a source-server body into the typed view, checking its shape.
pub fn parse_source(body: &[u8]) -> Result<Source, ShapeError> {
    check_is_object_of(body, SOURCE_KEYS, "a source server")?;
    serde_json::from_slice(body).map_err(|e| ShapeError::WrongShape(describe(&e)))
}

/// How deep a body may nest; serde_json's own limit, checked up front so that no output is
/// begun on a body that cannot be finished.
pub const MAX_DEPTH: usize = 128;

/// Parses one item of the source list (any JSON object) into the typed view.
pub fn parse_source_item(item: &[u8]) -> Result<Source, ShapeError> {
    check_is_object_of(item, &[], "")?;
    serde_json::from_slice(item).map_err(|e| ShapeError::WrongShape(describe(&e)))
}

/// Checks that the body is one JSON object that carries at least one of `keys` (any object
/// when `keys` is empty).
pub fn check_is_object_of(body: &[u8], keys: &[&str], what: &str) -> Result<(), ShapeError> {
    check_depth(body)?;
    let value: TopLevel = serde_json::from_slice(body).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => ShapeError::WrongShape(describe(&e)),
        _ => ShapeError::NotJson(describe(&e)),
    })?;
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
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ShapeError::WrongShape(format!(
                        "nested deeper than {MAX_DEPTH} levels"
                    )));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
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

    #[test]
    fn scalars_of_any_type_are_kept() {
        let s = parse_source(br#"{"id": 7, "memory": "lots", "connected": "yes", "disks": null}"#)
            .unwrap();
        assert_eq!(s.id, Some(Scalar::UInt(7)));
        assert_eq!(s.memory, Some(Scalar::Str("lots".into())));
        assert!(s.disks.is_none());
    }

    #[test]
    fn both_subvolume_spellings_are_read() {
        let s = parse_source(
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
        ] {
            assert!(
                matches!(parse_source(body), Err(ShapeError::WrongShape(_))),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert!(matches!(parse_source(b"{"), Err(ShapeError::NotJson(_))));
        let deep = format!("{{\"x\":{}{}}}", "[".repeat(200), "]".repeat(200));
        assert!(matches!(
            parse_source(deep.as_bytes()),
            Err(ShapeError::WrongShape(_))
        ));
        let fine = format!(
            "{{\"id\":\"[[[[\",\"x\":{}{}}}",
            "[".repeat(100),
            "]".repeat(100)
        );
        assert!(parse_source(fine.as_bytes()).is_ok());
        assert!(matches!(
            parse_source(b"<html>"),
            Err(ShapeError::NotJson(_))
        ));
    }
}
