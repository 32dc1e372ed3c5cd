//! `--jq`: filters compared with the jq binary where it is installed (jq 1.6 in CI), and with
//! fixed expected output where it is not.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::fleet::Fleet;
use crate::support::inproc::cmd;
use crate::support::*;
use predicates::prelude::*;
use serde_json::{Value, json};

const FILTERS: &[&str] = &[
    ".",
    ".name",
    ".disks[]?.name",
    ".disks[]?.physical_volumes[]?.size",
    "[.checks[]? | select(.result == \"ERROR\") | .name]",
    ".checks | map(.name)",
    "keys",
    "length",
    ".disks | length",
    "[.disks[]?.size] | add",
    ".id | tostring",
    "[.disks[]?.name] | @csv",
    "[.networks[]? | .name, .mtu] | @tsv",
    "\"\\(.name) at \\(.ip)\"",
    ".[]",
    "to_entries | map(.key)",
    ".current_task",
    "[paths | length] | max",
];

fn jq_binary() -> bool {
    Command::new("jq")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// `source --jq FILTER -f BODY`, in-process (stdout not a terminal, so strings are exact).
fn ours(body: &str, filter: &str) -> (i32, String) {
    // One file per thread: tests side by side must not read each other's half-written file.
    let thread = format!("{:?}", std::thread::current().id())
        .replace(|c: char| !c.is_ascii_alphanumeric(), "");
    let path = temp_body(&format!("jq-{:x}-{thread}.json", hash(body)), body);
    let path = path.to_str().unwrap();
    let ran =
        crate::support::inproc::run(&["source", "--fail-on", "never", "--jq", filter, "-f", path])
            .go();
    (i32::from(ran.code), ran.stdout)
}

fn theirs(body: &str, filter: &str) -> (i32, String) {
    let mut child = Command::new("jq")
        .args(["-c", "-r", filter])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(body.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    })
}

/// A small deterministic generator of source-server bodies with hostile strings, nulls and
/// missing fields. Integers stay below 2^40 so that sums stay below 2^53: jq 1.6 rounds past that
/// (this tool does not).
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn string(&mut self) -> Value {
        let parts = [
            "a",
            "Disk 0",
            "C:\\",
            "/dev/vda1",
            "ü",
            "日本",
            "😀",
            "\u{1b}[31m",
            "\u{7f}",
            "\u{85}",
            "\u{202e}",
            "\t",
            "\n",
            "\"",
            "no",
            "0123",
            "",
            " ",
        ];
        let n = self.next() % 4;
        Value::String((0..n).map(|_| self.pick(&parts)).collect())
    }
    fn maybe(&mut self, v: Value) -> Option<Value> {
        match self.next() % 6 {
            0 => None,
            1 => Some(Value::Null),
            _ => Some(v),
        }
    }
    fn int(&mut self) -> Value {
        json!(self.next() % (1u64 << 40))
    }
    fn body(&mut self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert(
            "id".into(),
            json!(format!(
                "{:08x}-0000-4000-8000-000000000000",
                self.next() % 1000
            )),
        );
        for key in [
            "name",
            "ip",
            "hostname",
            "os_type",
            "state",
            "migration_cycle",
            "agent_version",
        ] {
            let v = self.string();
            if let Some(v) = self.maybe(v) {
                m.insert(key.into(), v);
            }
        }
        for key in [
            "memory",
            "add_date",
            "replicatesize",
            "totalsize",
            "cpu_quantity",
        ] {
            let v = self.int();
            if let Some(v) = self.maybe(v) {
                m.insert(key.into(), v);
            }
        }
        let speed = json!([87.5, 0.1, 3.0, 1e-7, 12345.678, 1e20][(self.next() % 6) as usize]);
        m.insert(
            "current_task".into(),
            json!({"name": self.string(), "migrate_speed": speed, "subtask_info": self.string()}),
        );
        let disks: Vec<Value> = (0..self.next() % 4)
            .map(|_| json!({"name": self.string(), "size": self.int(), "physical_volumes": (0..self.next() % 3).map(|_| json!({"name": self.string(), "size": self.int(), "mount_point": self.string()})).collect::<Vec<_>>()}))
            .collect();
        if let Some(v) = self.maybe(Value::Array(disks)) {
            m.insert("disks".into(), v);
        }
        let nics: Vec<Value> = (0..self.next() % 3)
            .map(|_| json!({"name": self.string(), "mtu": self.int()}))
            .collect();
        m.insert("networks".into(), Value::Array(nics));
        let checks: Vec<Value> = (0..self.next() % 4)
            .map(|_| json!({"name": self.string(), "result": self.pick(&["OK", "WARN", "ERROR", "NEW"]), "params": [self.string()]}))
            .collect();
        m.insert("checks".into(), Value::Array(checks));
        m.insert(
            self.string().as_str().unwrap_or("k").to_owned() + "_extra",
            json!({"nested": [1, {"x": null}]}),
        );
        Value::Object(m)
    }
}

#[test]
fn filters_match_jq_on_examples_and_random_bodies() {
    if !crate::support::tool("jq", jq_binary()) {
        return;
    }
    let mut bodies = vec![read(&windows()), read(&linux())];
    let mut g = Gen(0x5eed_1234_abcd_ef01);
    bodies.extend((0..12).map(|_| g.body().to_string()));
    // The bodies side by side: each comparison spawns jq.
    let compared: usize = std::thread::scope(|scope| {
        let runs: Vec<_> = bodies
            .iter()
            .map(|body| {
                scope.spawn(move || {
                    let mut compared = 0;
                    for filter in FILTERS {
                        let (code, out) = ours(body, filter);
                        let (jq_code, jq_out) = theirs(body, filter);
                        if jq_code != 0 {
                            assert_ne!(code, 0, "jq failed but we did not: {filter} on {body}");
                            continue;
                        }
                        assert_eq!(code, 0, "{filter} on {body}");
                        assert_eq!(out, jq_out, "{filter} on {body}");
                        compared += 1;
                    }
                    compared
                })
            })
            .collect();
        runs.into_iter().map(|r| r.join().unwrap()).sum()
    });
    assert!(compared > 200, "{compared}");
}

#[test]
fn filters_give_fixed_output_on_the_example() {
    let body = read(&linux());
    for (filter, want) in [
        (".name", "db-prod-07\n"),
        (".disks[].name", "/dev/vda\n/dev/vdb\n"),
        (
            "[.checks[] | select(.result == \"ERROR\") | .name]",
            "[\"SOFTWARE\"]\n",
        ),
        ("[.disks[].size] | add", "644245094400\n"),
        ("[.disks[].name] | @csv", "\"/dev/vda\",\"/dev/vdb\"\n"),
        (
            "\"\\(.name) has \\(.disks | length) disks\"",
            "db-prod-07 has 2 disks\n",
        ),
        (".current_task.migrate_speed", "87.5\n"),
        (".networks | map(.mtu)", "[1500,9000]\n"),
        ("keys | length", "30\n"),
    ] {
        assert_eq!(ours(&body, filter), (0, want.to_owned()), "{filter}");
    }
}

#[test]
fn bad_filters_are_usage_errors_that_say_where() {
    for filter in [".a | | .b", "map(", "nosuchfn(1)", ".[\"unclosed"] {
        cmd()
            .args(["source", "--jq", filter, "-f"])
            .arg(linux())
            .assert()
            .code(2)
            .stderr(predicate::str::starts_with("error: --jq"))
            .stderr(predicate::str::contains("not a valid jq filter"));
    }
    cmd()
        .args(["source", "--jq", ".a | | .b", "-f"])
        .arg(linux())
        .assert()
        .stderr(predicate::str::contains("column"));
    // Checked before any request: no credentials needed to learn the filter is wrong.
    cmd()
        .args([
            "--endpoint",
            "http://127.0.0.1:9",
            "sources",
            "--jq",
            "map(",
        ])
        .assert()
        .code(2);
}

#[test]
fn runtime_errors_exit_6_and_the_gate_still_applies() {
    cmd()
        .args(["source", "--jq", ".name + 1", "-f"])
        .arg(linux())
        .assert()
        .code(6)
        .stderr(predicate::str::contains("the --jq filter failed"));
    cmd()
        .args(["source", "--fail-on", "error", "--jq", ".name", "-f"])
        .arg(linux())
        .assert()
        .code(1)
        .stdout("db-prod-07\n")
        .stderr(predicate::str::contains("SMS.6517"));
    // The script author's case: counting ERROR checks is not a failure.
    cmd()
        .args([
            "source",
            "--jq",
            "[.checks[]|select(.result==\"ERROR\")]|length",
            "-f",
        ])
        .arg(linux())
        .assert()
        .success()
        .stdout("1\n")
        .stderr("");
    cmd()
        .args(["source", "--jq", ".name", "--yaml", "-f"])
        .arg(linux())
        .assert()
        .code(2);
}

#[test]
fn jq_on_sources_and_check() {
    let server = Fleet::new(30).start();
    let at = |args: &[&str]| {
        let mut cmd = cmd();
        cmd.args(["--endpoint", &server.url()])
            .args(args)
            .env("SMS_AUTH_TOKEN", "test-token");
        cmd
    };
    at(&["sources", "--jq", "length"])
        .assert()
        .success()
        .stdout("30\n");
    at(&[
        "sources",
        "--jq",
        "[.[] | select(.connected == false) | .name] | @csv",
    ])
    .assert()
    .success()
    .stdout("\"srv-0000\",\"srv-0007\",\"srv-0014\",\"srv-0021\",\"srv-0028\"\n");
    at(&[
        "check",
        "--all",
        "--jq",
        ".[] | select(.passed | not) | .name",
    ])
    .assert()
    .code(1)
    .stdout("srv-0000\nsrv-0025\n");
}

/// What scripts do with nullable API fields gives jq 1.6's answer, pinned here so it holds
/// where no jq is installed, and compared with jq where one is.
#[test]
fn builtins_on_null_fields_answer_as_jq_1_6_does() {
    let body = r#"{"name":null,"ip":"10.0.0.5","networks":[{"mac":null},{"mac":"aa"}],"checks":[{"name":"A","result":null}],"memory":null,"disks":[{"name":"x","size":null},{"name":"y","size":5}]}"#;
    let cases: &[(&str, i32, &str)] = &[
        ("[.networks[]?.mac] | join(\",\")", 0, ",aa\n"),
        ("[.checks[].result] | join(\"-\")", 0, "\n"),
        ("[null,1,\"a\",true] | join(\",\")", 0, ",1,a,true\n"),
        ("[] | join(\",\")", 0, "\n"),
        ("[.networks[]?.mac] | add", 0, "aa\n"),
        ("[.disks[].size] | add", 0, "5\n"),
        (".memory | tostring", 0, "null\n"),
        (".name | length", 0, "0\n"),
        (".name // \"unnamed\"", 0, "unnamed\n"),
        (".name | ltrimstr(\"a\")", 0, "null\n"),
        (".ip | rtrimstr(\".5\")", 0, "10.0.0\n"),
        (".name | ascii_downcase", 6, ""),
        ("[.networks[]?.mac] | @csv", 0, ",\"aa\"\n"),
        ("[.networks[]?.mac] | @tsv", 0, "\taa\n"),
        (
            ".networks | map(.mac // \"none\") | join(\" \")",
            0,
            "none aa\n",
        ),
        // Issue 20 part 14: whole seconds, as jq 1.6's gmtime truncates them...
        ("1700000000.5 | todate", 0, "2023-11-14T22:13:20Z\n"),
        ("1700000000 | todate", 0, "2023-11-14T22:13:20Z\n"),
        ("(-1.5) | todate", 0, "1969-12-31T23:59:59Z\n"),
        ("(-0.5) | todateiso8601", 0, "1970-01-01T00:00:00Z\n"),
        // ...and `$ENV`, as `env`.
        ("$ENV | type", 0, "object\n"),
        (
            "$ENV.PATH == env.PATH and ($ENV | has(\"PATH\"))",
            0,
            "true\n",
        ),
    ];
    let compare = jq_binary();
    for (filter, code, expected) in cases {
        let (our_code, our_out) = ours(body, filter);
        assert_eq!((our_code, our_out.as_str()), (*code, *expected), "{filter}");
        if compare {
            let (their_code, their_out) = theirs(body, filter);
            assert_eq!(our_out, their_out, "{filter}: jq prints otherwise");
            assert_eq!(
                our_code == 0,
                their_code == 0,
                "{filter}: jq fails otherwise"
            );
        }
    }
}
