//! A typed view of a source server, for tables and the gate. The JSON and YAML outputs never go
//! through this view: they are written from the body itself, so nothing here can lose a field.
//!
//! Every field is optional, and every scalar is a [`Scalar`] that accepts any JSON scalar: a
//! value of an unexpected type is shown as it came. Containers must be containers (or null):
//! a string where the disks should be is a body of the wrong shape.

pub mod consistency;
pub mod errors;
mod parse;
pub mod task;

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_json::value::RawValue;

pub use parse::{MAX_DEPTH, ShapeError, parse_source, parse_source_file, parse_source_item};

/// Any JSON scalar, kept as it came.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// Boxed rather than a `String`: a partition holds eleven of these, and large bodies hold
    /// tens of thousands of partitions.
    Str(Box<str>),
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
                Ok(Scalar::Str(v.into()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Scalar, E> {
                Ok(Scalar::Str(v.into_boxed_str()))
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

#[cfg(test)]
impl serde::Serialize for Scalar {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Never read: it only lets the model structs derive `Default` (`#[serde(default)]`).
impl Default for Scalar {
    fn default() -> Self {
        Scalar::Str(Box::default())
    }
}

pub type Field = Option<Scalar>;

/// A scalar whose value is not kept: the view that checks a body's shape and gates it without
/// holding its disks in memory (`Source<Skip>`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Scalar::deserialize(d).map(|_| Skip)
    }
}

/// GET /v3/sources/{source_id}: ShowServerResponse in the SDK.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct Source<S = Scalar> {
    pub id: Option<S>,
    pub ip: Option<S>,
    pub name: Option<S>,
    pub hostname: Option<S>,
    pub enterprise_project_id: Option<S>,
    pub add_date: Option<S>,
    pub os_type: Option<S>,
    pub os_version: Option<S>,
    pub oem_system: Option<S>,
    pub state: Option<S>,
    pub connected: Option<S>,
    pub firmware: Option<S>,
    pub init_target_server: Option<InitTargetServer<S>>,
    pub cpu_quantity: Option<S>,
    pub memory: Option<S>,
    pub current_task: Option<Task<S>>,
    pub disks: Option<Vec<Option<Disk<S>>>>,
    pub volume_groups: Option<Vec<Option<VolumeGroup<S>>>>,
    pub btrfs_list: Option<Vec<Option<BtrfsFileSystem<S>>>>,
    pub networks: Option<Vec<Option<Nic<S>>>>,
    pub checks: Option<Vec<Option<Check>>>,
    pub migration_cycle: Option<S>,
    pub state_action_time: Option<S>,
    pub replicatesize: Option<S>,
    pub totalsize: Option<S>,
    /// Always read, even in the light view: the gate's `--max-age` needs it.
    pub last_visit_time: Field,
    pub stage_action_time: Option<S>,
    pub agent_version: Option<S>,
    pub has_tc: Option<S>,
    pub start_type: Option<S>,
}

/// The recommended target server.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct InitTargetServer<S = Scalar> {
    pub disks: Option<Vec<Option<Disk<S>>>>,
    pub volume_groups: Option<Vec<Option<VolumeGroup<S>>>>,
}

/// TaskByServerSource.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct Task<S = Scalar> {
    pub id: Option<S>,
    pub name: Option<S>,
    #[serde(rename = "type")]
    pub kind: Option<S>,
    pub state: Option<S>,
    pub start_date: Option<S>,
    pub speed_limit: Option<S>,
    pub migrate_speed: Option<S>,
    pub start_target_server: Option<S>,
    pub vm_template_id: Option<S>,
    pub region_id: Option<S>,
    pub project_name: Option<S>,
    pub project_id: Option<S>,
    pub target_server: Option<TargetServer<S>>,
    pub log_collect_status: Option<S>,
    pub exist_server: Option<S>,
    pub use_public_ip: Option<S>,
    pub clone_server: Option<CloneServer<S>>,
    pub subtask_info: Option<S>,
    /// The list endpoint's task (TaskByServerSources) also says when it expects to finish.
    pub estimate_complete_time: Option<S>,
    pub remain_seconds: Option<S>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct TargetServer<S = Scalar> {
    pub vm_id: Option<S>,
    pub name: Option<S>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct CloneServer<S = Scalar> {
    pub vm_id: Option<S>,
    pub name: Option<S>,
    pub clone_error: Option<S>,
    pub clone_state: Option<S>,
    pub error_msg: Option<S>,
}

/// ServerDisk on the source, DiskIntargetServer in the recommended target (a subset).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct Disk<S = Scalar> {
    pub name: Option<S>,
    pub partition_style: Option<S>,
    pub device_use: Option<S>,
    pub size: Option<S>,
    pub used_size: Option<S>,
    pub physical_volumes: Option<Vec<Option<Partition<S>>>>,
    pub os_disk: Option<S>,
    pub relation_name: Option<S>,
    pub inode_size: Option<S>,
}

/// PhysicalVolume / PhysicalVolumes: a partition of a disk.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct Partition<S = Scalar> {
    pub device_use: Option<S>,
    pub file_system: Option<S>,
    pub index: Option<S>,
    pub mount_point: Option<S>,
    pub name: Option<S>,
    pub size: Option<S>,
    pub used_size: Option<S>,
    pub inode_size: Option<S>,
    pub inode_nums: Option<S>,
    pub uuid: Option<S>,
    pub size_per_cluster: Option<S>,
}

/// VolumeGroups: an LVM volume group.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct VolumeGroup<S = Scalar> {
    pub components: Option<S>,
    pub free_size: Option<S>,
    pub logical_volumes: Option<Vec<Option<LogicalVolume<S>>>>,
    pub name: Option<S>,
    pub size: Option<S>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct LogicalVolume<S = Scalar> {
    pub block_count: Option<S>,
    pub block_size: Option<S>,
    pub file_system: Option<S>,
    pub inode_size: Option<S>,
    pub inode_nums: Option<S>,
    pub device_use: Option<S>,
    pub mount_point: Option<S>,
    pub name: Option<S>,
    pub size: Option<S>,
    pub used_size: Option<S>,
    pub free_size: Option<S>,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct BtrfsFileSystem<S = Scalar> {
    pub name: Option<S>,
    pub label: Option<S>,
    pub uuid: Option<S>,
    pub device: Option<S>,
    pub size: Option<S>,
    pub nodesize: Option<S>,
    pub sectorsize: Option<S>,
    pub data_profile: Option<S>,
    pub system_profile: Option<S>,
    pub metadata_profile: Option<S>,
    pub global_reserve1: Option<S>,
    pub g_vol_used_size: Option<S>,
    pub default_subvolid: Option<S>,
    pub default_subvol_name: Option<S>,
    pub default_subvol_mountpath: Option<S>,
    /// The API page's spelling.
    pub subvolume: Option<Vec<Option<Subvolume<S>>>>,
    /// The SDK's spelling.
    pub subvolumn: Option<Vec<Option<Subvolume<S>>>>,
}

impl<S> BtrfsFileSystem<S> {
    /// The subvolumes under either spelling (both, if a body carries both).
    pub fn subvolumes(&self) -> impl Iterator<Item = &Subvolume<S>> {
        let page = self.subvolume.iter().flatten().flatten();
        let sdk = self.subvolumn.iter().flatten().flatten();
        page.chain(sdk)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct Subvolume<S = Scalar> {
    pub uuid: Option<S>,
    pub is_snapshot: Option<S>,
    pub subvol_id: Option<S>,
    pub parent_id: Option<S>,
    pub subvol_name: Option<S>,
    pub subvol_mount_path: Option<S>,
}

/// NetWork: a NIC.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
#[serde(default, bound(deserialize = "S: Deserialize<\'de> + Default"))]
pub struct Nic<S = Scalar> {
    pub name: Option<S>,
    pub ip: Option<S>,
    pub ipv6: Option<S>,
    pub netmask: Option<S>,
    pub gateway: Option<S>,
    pub mtu: Option<S>,
    pub mac: Option<S>,
    pub id: Option<S>,
}

/// EnvironmentCheck.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
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

/// A check result as the gate and `diff` understand it. Results the tool does not know are
/// shown as they come and never fail the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// A result the tool does not know (SKIPPED, PENDING, a new one), or none.
    Other,
    Ok,
    Warn,
    Error,
}

impl Level {
    pub fn of(check: &Check) -> Level {
        Level::of_result(check.result.as_ref().and_then(Scalar::as_str).unwrap_or(""))
    }

    /// `OK`, `WARN` (or `WARNING`), `ERROR`, in any case and with white space around.
    pub fn of_result(result: &str) -> Level {
        match result.trim().to_ascii_uppercase().as_str() {
            "OK" => Level::Ok,
            "WARN" | "WARNING" => Level::Warn,
            "ERROR" => Level::Error,
            _ => Level::Other,
        }
    }
}

/// How a migration ended, when it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Final {
    /// `finished`, or the migration cycle `cutovered`.
    Finished,
    /// `error` or `stopped`.
    Failed,
}

impl Source {
    /// finished or cutovered end well; error or stopped end badly; anything else goes on.
    pub fn final_state(&self) -> Option<Final> {
        let word = |f: &Field| {
            f.as_ref()
                .and_then(Scalar::as_str)
                .map(str::to_ascii_lowercase)
        };
        match (
            word(&self.state).as_deref(),
            word(&self.migration_cycle).as_deref(),
        ) {
            (Some("finished"), _) | (_, Some("cutovered")) => Some(Final::Finished),
            (Some("error" | "stopped"), _) => Some(Final::Failed),
            _ => None,
        }
    }
}

/// One item of the source list, kept as the API sent it, with its typed view.
pub struct Listed {
    pub raw: Box<RawValue>,
    pub source: Source,
}
