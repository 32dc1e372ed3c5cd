//! Property tests over generated source-server bodies: every SDK field missing, null, or
//! present with extreme values and any Unicode (controls included). No panic in any format,
//! `--json` and `--yaml` read back equal, and tables hold no raw control character.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Map, Value, json};
use sms_inspect::model::{self, Skip, Source};
use sms_inspect::render::{self, Style};

/// Any string: mostly printable, with every class of control and invisible character mixed in.
fn text() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => "\\PC{0,12}",
        2 => "[\\x00-\\x1f\\x7f-\\u{9f}\\u{200b}-\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{feff}a-z:\\\\\" ]{0,12}",
        1 => Just(String::new()),
        1 => prop::sample::select(vec!["no", "on", "0123", "1e3", "2024-01-01", "~", "null", "- x", "a: b", "#c", "@x", "&a", "*a", "!t", "%p", "'q'", "\"dq\""]).prop_map(str::to_owned),
        1 => "[a-z]{200,400}",
    ]
    .prop_map(Value::String)
    .boxed()
}

/// Any integer, the 64-bit limits included.
fn int() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(json!(0)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(i64::MAX)),
        any::<u64>().prop_map(|n| json!(n)),
        any::<i64>().prop_map(|n| json!(n)),
    ]
    .boxed()
}

fn float() -> BoxedStrategy<Value> {
    prop_oneof![
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        Just(json!(0.0)),
        Just(json!(-0.0)),
        Just(json!(1e300)),
        Just(json!(5e-324)),
    ]
    .boxed()
}

fn boolean() -> BoxedStrategy<Value> {
    any::<bool>().prop_map(Value::Bool).boxed()
}

/// Missing, null, or a value; sometimes a value of another scalar type.
fn field(value: BoxedStrategy<Value>) -> BoxedStrategy<Option<Value>> {
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Value::Null)),
        6 => value.prop_map(Some),
        1 => prop_oneof![text(), int(), boolean()].prop_map(Some),
    ]
    .boxed()
}

/// Missing, null, or the list or object: a scalar there is a body of the wrong shape.
fn nested(value: BoxedStrategy<Value>) -> BoxedStrategy<Option<Value>> {
    prop_oneof![1 => Just(None), 1 => Just(Some(Value::Null)), 6 => value.prop_map(Some)].boxed()
}

fn object(fields: Vec<(&'static str, BoxedStrategy<Option<Value>>)>) -> BoxedStrategy<Value> {
    let (names, strategies): (Vec<_>, Vec<_>) = fields.into_iter().unzip();
    strategies
        .prop_map(move |values| {
            let mut m = Map::new();
            for (name, v) in names.iter().zip(values) {
                if let Some(v) = v {
                    m.insert((*name).to_owned(), v);
                }
            }
            Value::Object(m)
        })
        .boxed()
}

fn list(item: BoxedStrategy<Value>, max: usize) -> BoxedStrategy<Value> {
    prop::collection::vec(prop_oneof![8 => item, 1 => Just(Value::Null)], 0..max)
        .prop_map(Value::Array)
        .boxed()
}

fn strings(names: &[&'static str]) -> Vec<(&'static str, BoxedStrategy<Option<Value>>)> {
    names.iter().map(|n| (*n, field(text()))).collect()
}

fn ints(names: &[&'static str]) -> Vec<(&'static str, BoxedStrategy<Option<Value>>)> {
    names.iter().map(|n| (*n, field(int()))).collect()
}

fn partition() -> BoxedStrategy<Value> {
    let mut f = strings(&["device_use", "file_system", "mount_point", "name", "uuid"]);
    f.extend(ints(&[
        "index",
        "size",
        "used_size",
        "inode_size",
        "inode_nums",
        "size_per_cluster",
    ]));
    object(f)
}

fn disk() -> BoxedStrategy<Value> {
    let mut f = strings(&["name", "partition_style", "device_use", "relation_name"]);
    f.extend(ints(&["size", "used_size", "inode_size"]));
    f.push(("os_disk", field(boolean())));
    f.push(("physical_volumes", nested(list(partition(), 4))));
    object(f)
}

fn volume_group() -> BoxedStrategy<Value> {
    let mut lv = strings(&["file_system", "device_use", "mount_point", "name"]);
    lv.extend(ints(&[
        "block_count",
        "block_size",
        "inode_size",
        "inode_nums",
        "size",
        "used_size",
        "free_size",
    ]));
    let mut f = strings(&["components", "name"]);
    f.extend(ints(&["free_size", "size"]));
    f.push(("logical_volumes", nested(list(object(lv), 3))));
    object(f)
}

fn btrfs() -> BoxedStrategy<Value> {
    let sub = object(strings(&[
        "uuid",
        "is_snapshot",
        "subvol_id",
        "parent_id",
        "subvol_name",
        "subvol_mount_path",
    ]));
    let mut f = strings(&[
        "name",
        "label",
        "uuid",
        "device",
        "data_profile",
        "system_profile",
        "metadata_profile",
        "global_reserve1",
        "default_subvolid",
        "default_subvol_name",
        "default_subvol_mountpath",
    ]);
    f.extend(ints(&["size", "nodesize", "sectorsize", "g_vol_used_size"]));
    f.push(("subvolume", nested(list(sub.clone(), 3))));
    f.push(("subvolumn", nested(list(sub, 3))));
    object(f)
}

fn check() -> BoxedStrategy<Value> {
    let mut f = strings(&["name", "error_code", "error_or_warn", "error_params"]);
    f.push(("id", field(int())));
    f.push((
        "result",
        field(
            prop_oneof![
                prop::sample::select(vec!["OK", "WARN", "ERROR", "error", "SKIPPED"])
                    .prop_map(|s| json!(s)),
                text()
            ]
            .boxed(),
        ),
    ));
    f.push(("params", nested(list(text(), 3))));
    object(f)
}

fn task() -> BoxedStrategy<Value> {
    let mut f = strings(&[
        "id",
        "name",
        "type",
        "state",
        "vm_template_id",
        "region_id",
        "project_name",
        "project_id",
        "log_collect_status",
        "subtask_info",
    ]);
    f.extend(ints(&["start_date", "speed_limit"]));
    f.push(("migrate_speed", field(float())));
    f.extend(
        ["start_target_server", "exist_server", "use_public_ip"].map(|n| (n, field(boolean()))),
    );
    f.push(("target_server", nested(object(strings(&["vm_id", "name"])))));
    f.push((
        "clone_server",
        nested(object(strings(&[
            "vm_id",
            "name",
            "clone_error",
            "clone_state",
            "error_msg",
        ]))),
    ));
    object(f)
}

/// An object with keys of any text, long ones included: past 1,024 characters (plain, or
/// quoted with escapes that make the written key longer still) YAML needs the explicit
/// `? key` form.
fn keyed() -> BoxedStrategy<Value> {
    let key = prop_oneof![
        2 => "\\PC{0,8}",
        1 => "[a-z]{1000,1100}",
        1 => "[a-z\\x00-\\x1f\"]{1000,1030}",
    ];
    prop::collection::vec((key, prop_oneof![text(), int(), list(text(), 2)]), 0..3)
        .prop_map(|pairs| Value::Object(pairs.into_iter().collect()))
        .boxed()
}

/// A source-server body: every field of the API page and the SDK, plus an unknown one.
fn source() -> BoxedStrategy<Value> {
    let mut f = strings(&[
        "ip",
        "name",
        "hostname",
        "enterprise_project_id",
        "os_type",
        "os_version",
        "state",
        "firmware",
        "migration_cycle",
        "agent_version",
        "start_type",
    ]);
    f.push((
        "id",
        field(text()).prop_map(|v| v.or(Some(json!("id")))).boxed(),
    ));
    f.extend(ints(&[
        "add_date",
        "cpu_quantity",
        "memory",
        "state_action_time",
        "replicatesize",
        "totalsize",
        "last_visit_time",
        "stage_action_time",
    ]));
    f.extend(["oem_system", "connected", "has_tc"].map(|n| (n, field(boolean()))));
    f.push(("current_task", nested(task())));
    f.push(("disks", nested(list(disk(), 4))));
    f.push(("volume_groups", nested(list(volume_group(), 3))));
    f.push(("btrfs_list", nested(list(btrfs(), 2))));
    f.push((
        "networks",
        nested(list(
            object(strings(&[
                "name", "ip", "ipv6", "netmask", "gateway", "mac", "id",
            ])),
            3,
        )),
    ));
    f.push(("checks", nested(list(check(), 5))));
    f.push((
        "init_target_server",
        nested(object(vec![
            ("disks", nested(list(disk(), 2))),
            ("volume_groups", nested(list(volume_group(), 2))),
        ])),
    ));
    f.push(("zz_keyed_by_anything", nested(keyed())));
    f.push((
        "zz_added_next_year",
        nested(prop_oneof![text(), int(), list(text(), 2)].boxed()),
    ));
    object(f)
}

/// 256 cases by default, as proptest has it; CI raises it with PROPTEST_CASES.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(256)
}

/// Everything the tables may write besides text: the newline and the table's own lines.
fn raw_control(s: &str) -> Option<char> {
    crate::support::has_raw_control(s)
}

proptest! {
    #![proptest_config(Config { cases: cases(), ..Config::default() })]

    #[test]
    fn every_format_survives_and_round_trips(value in source(), width in 60u16..=250) {
        let body = serde_json::to_vec(&value).unwrap();

        let typed: Source = model::parse_source(&body).expect("a generated body is a source");
        let light: Source<Skip> = model::parse_source(&body).expect("the same shape");
        let args = sms_inspect::gate::Policy { fail_on: sms_inspect::gate::FailOn::Warn, ..Default::default() };
        let verdict = sms_inspect::gate::judge(&typed, args);
        prop_assert_eq!(verdict.reasons.len(), sms_inspect::gate::judge(&light, args).reasons.len());
        for reason in &verdict.reasons {
            prop_assert_eq!(raw_control(&sms_inspect::render::verdict::reason(reason)), None);
        }

        for color in [false, true] {
            let mut table = Vec::new();
            let style = Style {
                color,
                width: if color { Some(width) } else { None },
                raw_bytes: color,
                wide: false,
                now_ms: 1_732_924_800_000,
            };
            let (verdict, hints) = sms_inspect::gate::judge_with_hints(&typed, args);
            for h in &hints {
                prop_assert_eq!(raw_control(&h.message), None);
                prop_assert_eq!(raw_control(&h.subject), None);
            }
            render::source::write_source(&typed, &verdict, &hints, args, &style, &mut table).unwrap();
            let table = String::from_utf8(table).unwrap();
            if color {
                let plain: String = crate::support::strip_sgr(&table);
                prop_assert_eq!(raw_control(&plain), None);
                // Nothing is split across lines: no line is wider than the terminal, so
                // none wraps (values are cut with … or left out, never broken).
                for line in plain.lines() {
                    prop_assert!(
                        unicode_width::UnicodeWidthStr::width(line) <= usize::from(width),
                        "{} columns at width {}: {:?}",
                        unicode_width::UnicodeWidthStr::width(line),
                        width,
                        line
                    );
                }
            } else {
                prop_assert!(!table.contains('\x1b'), "ESC with colour off");
                prop_assert_eq!(raw_control(&table), None);
            }
        }

        let mut json_out = Vec::new();
        render::json::write(&body, &mut json_out).map_err(|_| TestCaseError::fail("json"))?;
        let text = String::from_utf8(json_out).unwrap();
        prop_assert_eq!(raw_control(&text.replace('\n', "")), None);
        let back: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &value);

        let mut yaml_out = Vec::new();
        render::yaml::write(&body, &mut yaml_out).map_err(|_| TestCaseError::fail("yaml"))?;
        prop_assert_eq!(raw_control(&String::from_utf8(yaml_out).unwrap()), None);
    }
}

/// PyYAML's `safe_load` reads the YAML of a thousand generated bodies back equal (one Python
/// process for all of them).
#[test]
fn yaml_of_generated_bodies_reads_back_equal_in_pyyaml() {
    if !crate::support::pyyaml() {
        return;
    }
    let mut runner = TestRunner::deterministic();
    let strategy = source();
    let bodies: Vec<Value> = (0..1000)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect();
    let all = serde_json::to_vec(&bodies).unwrap();
    let mut yaml = Vec::new();
    render::yaml::write(&all, &mut yaml).unwrap();
    let json_path = crate::support::temp_body("generated.json", &String::from_utf8(all).unwrap());
    let yaml_path = crate::support::temp_body("generated.yaml", &String::from_utf8(yaml).unwrap());
    if let Err(e) = crate::support::pyyaml_reads_back(&json_path, &yaml_path) {
        panic!("PyYAML read generated bodies back differently: {e}");
    }
}
