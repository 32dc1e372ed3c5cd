//! The unit tests of `diff`: matching, ordering, refusals.
use super::*;

fn json(v: serde_json::Value) -> Node {
    parse(v.to_string().as_bytes()).unwrap()
}

#[test]
fn lists_match_by_name_and_checks_order_worst_first() {
    let old = json(
        serde_json::json!({"id": "a", "name": "n", "last_visit_time": 1,
        "disks": [{"name": "/dev/vda", "size": 10}, {"name": "/dev/vdb", "size": 20}],
        "checks": [{"name": "A", "result": "OK"}, {"name": "B", "result": "ERROR"}, {"name": "C", "result": "OK"}],
        "zz_new_field": 1}),
    );
    let new = json(
        serde_json::json!({"id": "a", "name": "n", "last_visit_time": 2,
        "disks": [{"name": "/dev/vdb", "size": 30}, {"name": "/dev/vda", "size": 10}],
        "checks": [{"name": "C", "result": "WARN"}, {"name": "A", "result": "ERROR"}, {"name": "B", "result": "OK"}],
        "zz_new_field": 2}),
    );
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
    assert!(diff(&json(serde_json::json!(1)), &old).is_err());
}

#[test]
fn fleets_match_by_id() {
    let old = json(serde_json::json!([{"id": "a", "state": "waiting"}, {"id": "b"}]));
    let new = json(serde_json::json!([{"id": "c"}, {"id": "a", "state": "replicate"}]));
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

#[test]
fn a_check_named_hash_one_cannot_hide_an_unnamed_one() {
    // Old: an unnamed check at position 1 that is OK; new: it turned ERROR, and a check
    // literally named "#1" (OK) arrived. Both must show.
    let old = json(
        serde_json::json!({"id": "a", "checks": [{"name": "X", "result": "OK"}, {"result": "OK"}]}),
    );
    let new = json(
        serde_json::json!({"id": "a", "checks": [{"name": "#1", "result": "OK"}, {"result": "ERROR"}]}),
    );
    let paths: Vec<(String, Kind)> = diff(&old, &new)
        .unwrap()
        .into_iter()
        .map(|c| (c.path, c.kind))
        .collect();
    assert_eq!(
        paths,
        [
            ("checks[#1].result".to_owned(), Kind::Changed),
            ("checks[\"#1\"]".to_owned(), Kind::Added),
            ("checks[X]".to_owned(), Kind::Removed),
        ]
    );
}

#[test]
fn one_id_twice_is_refused_and_kinds_are_told_apart() {
    let twice = json(serde_json::json!([{"id": "1", "state": "a"}, {"id": "x"}, {"id": 1}]));
    assert_eq!(
        sources(&twice).unwrap_err(),
        Refusal::DuplicateId {
            id: "1".into(),
            first: 0,
            second: 2
        }
    );
    let report = json(serde_json::json!([{"id": "a", "passed": true, "failures": []}]));
    assert_eq!(sources(&report).unwrap().0, Snapshot::CheckReport);
    assert_eq!(
        sources(&json(serde_json::json!([{"id": "a"}]))).unwrap().0,
        Snapshot::SourceList
    );
    assert!(Snapshot::EmptyList.comparable(Snapshot::CheckReport));
    assert!(!Snapshot::Source.comparable(Snapshot::EmptyList));
    assert!(!Snapshot::SourceList.comparable(Snapshot::CheckReport));
}

#[test]
fn heartbeats_are_no_change_and_big_integers_compare_exactly() {
    let old = json(
        serde_json::json!([{"id": "a", "agent_last_seen": 1, "agent_seen_seconds_ago": 5, "passed": true, "failures": []}]),
    );
    let new = json(
        serde_json::json!([{"id": "a", "agent_last_seen": 2, "agent_seen_seconds_ago": 9, "passed": true, "failures": []}]),
    );
    assert!(diff(&old, &new).unwrap().is_empty());
    let a = parse(br#"{"id": "a", "size": 36893488147419103232}"#).unwrap();
    let b = parse(br#"{"id": "a", "size": 36893488147419103233}"#).unwrap();
    let changes = diff(&a, &b).unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].new.as_ref().unwrap().to_json(),
        "36893488147419103233"
    );
}

#[test]
fn readiness_changes_order_worse_first_like_checks() {
    let row = |id: &str, readiness: &str| {
        serde_json::json!({"id": id, "name": id, "passed": true, "failures": [],
            "readiness": readiness})
    };
    let old = json(serde_json::json!([
        row("a", "ready"),
        row("b", "not-ready"),
        row("c", "ready")
    ]));
    let new = json(serde_json::json!([
        row("a", "not-ready"),
        row("b", "conditional"),
        row("c", "unknown")
    ]));
    let changes = diff(&old, &new).unwrap();
    let got: Vec<(&str, Group, i32)> = changes
        .iter()
        .map(|c| (c.source_id.as_str(), c.group, c.worse_by))
        .collect();
    assert_eq!(
        got,
        [
            ("a", Group::ReadinessWorse, 3),
            ("c", Group::ReadinessWorse, 2),
            ("b", Group::Readiness, -2)
        ]
    );
    assert_eq!(changes[0].group.name(), "readiness worse");
}
