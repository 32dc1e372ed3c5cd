//! Shared test helpers: the binary with a clean environment, fixtures, hostile strings.

pub mod fleet;
pub mod server;
pub mod sim;

use std::path::PathBuf;

use assert_cmd::Command;

pub const BIN: &str = env!("CARGO_BIN_EXE_sms-inspect");

/// The binary, with an environment that a developer's shell cannot change: no colour or
/// credential variables, no proxy, and a HOME without a credentials file. Retries wait a
/// millisecond or so: no test here is about the backoff's length (its bounds are unit-tested).
pub fn sms() -> Command {
    Command::from_std(sms_std())
}

/// `sms()` as a plain `std::process::Command`, for what assert_cmd cannot do (stdout into a
/// file, a child to kill).
pub fn sms_std() -> std::process::Command {
    let mut cmd = std::process::Command::new(BIN);
    cmd.env_clear();
    if let Ok(path) = std::env::var("PATH") {
        cmd.env("PATH", path);
    }
    cmd.env("HOME", empty_home());
    cmd.env("SMS_INSPECT_TEST_BACKOFF_MS", "2");
    cmd.env("SMS_INSPECT_TEST_NOW_MS", NOW_MS);
    cmd
}

/// "Now" for every run of the binary in the tests, 2024-11-30T00:00:00Z, so that "last seen
/// 2 d ago" can be compared whole.
pub const NOW_MS: &str = "1732924800000";

/// `sms()` pointed at a loopback stand-in with a token.
pub fn sms_at(server: &server::Server) -> Command {
    Command::from_std(sms_std_at(server))
}

/// `sms_std()` pointed at a loopback stand-in with a token.
pub fn sms_std_at(server: &server::Server) -> std::process::Command {
    let mut cmd = sms_std();
    cmd.args(["--endpoint", &server.url()])
        .env("SMS_AUTH_TOKEN", TOKEN);
    cmd
}

/// The token `sms_at` sends; no output may ever contain it.
pub const TOKEN: &str = "tokCANARYtoken0123456789";

/// Runs `command` (a shell line) on a pty `cols` wide; None when `script` is missing.
pub fn on_tty(cols: u16, command: &str, env: &[(&str, &str)]) -> Option<String> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "util-linux script is needed in CI"
        );
        return None;
    }
    let mut cmd = std::process::Command::new("script");
    cmd.args([
        "-qec",
        &format!("stty cols {cols} rows 50; {command}"),
        "/dev/null",
    ])
    .env_clear()
    .env("PATH", std::env::var("PATH").unwrap_or_default())
    .env("HOME", empty_home())
    .env("TERM", "xterm")
    .env("SMS_INSPECT_TEST_NOW_MS", NOW_MS)
    .stdin(std::process::Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn empty_home() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("empty-home");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples")
        .join(name)
}

pub fn windows() -> PathBuf {
    example("source-windows.json")
}

pub fn linux() -> PathBuf {
    example("source-linux.json")
}

pub fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Writes a body to a temporary file and returns its path.
pub fn temp_body(name: &str, body: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bodies");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path
}

/// One sample of each class of character that must never reach a terminal raw.
pub const HOSTILE: &[(&str, &str)] = &[
    ("esc", "\u{1b}[31mred\u{1b}]0;title\u{7}"),
    ("c0", "nul\u{0}bell\u{7}vt\u{b}ff\u{c}so\u{e}us\u{1f}"),
    ("cr", "over\rwrite"),
    ("lf", "two\nlines"),
    ("tab", "a\tb"),
    ("backspace", "hid\u{8}\u{8}den"),
    ("del", "del\u{7f}ete"),
    ("c1", "csi\u{9b}31m nel\u{85} osc\u{9d}x st\u{9c}"),
    (
        "bidi",
        "abc\u{202e}fed\u{202c} \u{2066}iso\u{2069} \u{61c} \u{200e}\u{200f}",
    ),
    ("zero-width", "zw\u{200b}sp\u{200c}nj\u{200d}j\u{feff}bom"),
    (
        "format",
        "soft\u{ad}hyphen \u{600}\u{180e}\u{206a}\u{206f} tag\u{e0001}\u{e0064}\u{e007f} \u{2028}\u{2029}",
    ),
];

/// Every code point of Unicode 14's categories Cf, Zl and Zp (Python's unicodedata listed
/// them, an oracle apart from the tool's own tables): bidi and zero-width characters, the
/// soft hyphen, U+206A–206F, the tag characters.
pub const FORMAT_AND_SEPARATORS: &[(u32, u32)] = &[
    (0xad, 0xad),
    (0x600, 0x605),
    (0x61c, 0x61c),
    (0x6dd, 0x6dd),
    (0x70f, 0x70f),
    (0x890, 0x891),
    (0x8e2, 0x8e2),
    (0x180e, 0x180e),
    (0x200b, 0x200f),
    (0x2028, 0x202e),
    (0x2060, 0x2064),
    (0x2066, 0x206f),
    (0xfeff, 0xfeff),
    (0xfff9, 0xfffb),
    (0x110bd, 0x110bd),
    (0x110cd, 0x110cd),
    (0x13430, 0x13438),
    (0x1bca0, 0x1bca3),
    (0x1d173, 0x1d17a),
    (0xe0001, 0xe0001),
    (0xe0020, 0xe007f),
];

/// True when `s` holds a character that no terminal should receive raw: a control other
/// than the newline, or a code point of Cf, Zl or Zp.
pub fn has_raw_control(s: &str) -> Option<char> {
    s.chars().find(|&c| {
        (c < ' ' && c != '\n')
            || ('\u{7f}'..='\u{9f}').contains(&c)
            || FORMAT_AND_SEPARATORS
                .iter()
                .any(|&(a, b)| (a..=b).contains(&(c as u32)))
    })
}

/// Puts `with` in front of every string in a JSON document, except check results (so the
/// gate still sees the same results).
pub fn replace_strings(value: &mut serde_json::Value, with: &str) {
    match value {
        serde_json::Value::String(s) => *s = format!("{with}{s}"),
        serde_json::Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, with)),
        serde_json::Value::Object(map) => map
            .iter_mut()
            .filter(|(k, _)| k.as_str() != "result")
            .for_each(|(_, v)| replace_strings(v, with)),
        _ => {}
    }
}

/// Whether PyYAML can be imported by python3.
pub fn pyyaml() -> bool {
    std::process::Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// Removes the SGR sequences the tool itself writes (ESC [ digits ; m), and fails on any
/// other escape sequence.
pub fn strip_sgr(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for d in chars.by_ref() {
                if d == 'm' {
                    break;
                }
                assert!(
                    d.is_ascii_digit() || d == ';',
                    "non-SGR escape from the tool"
                );
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The forms in which a secret could leak: raw, percent-encoded, base64, and its distinctive
/// middle (a partial leak).
pub fn secret_forms(secret: &str) -> Vec<String> {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut base64 = String::new();
    for chunk in secret.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            base64.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    vec![
        secret.to_owned(),
        sms_inspect::api::signer::quote(secret),
        base64,
        secret[3..secret.len().min(16)].to_owned(),
    ]
}

/// Whether PyYAML's `safe_load` reads `yaml_path` back equal to the JSON in `json_path`:
/// same types (no string turned into a bool, number or date), same values, same key order.
pub fn pyyaml_reads_back(
    json_path: &std::path::Path,
    yaml_path: &std::path::Path,
) -> Result<(), String> {
    let script = "import json,sys,yaml\n\
        a=json.load(open(sys.argv[1], encoding='utf-8'))\n\
        b=yaml.safe_load(open(sys.argv[2], encoding='utf-8'))\n\
        def same(x,y):\n\
        \x20   if type(x)!=type(y): return False\n\
        \x20   if isinstance(x,dict): return list(x)==list(y) and all(same(x[k],y[k]) for k in x)\n\
        \x20   if isinstance(x,list): return len(x)==len(y) and all(same(p,q) for p,q in zip(x,y))\n\
        \x20   return x==y\n\
        if not same(a,b):\n\
        \x20   bad=[i for i,(p,q) in enumerate(zip(a,b)) if not same(p,q)] if isinstance(a,list) and isinstance(b,list) else []\n\
        \x20   print('differs', bad[:5]); sys.exit(1)\n";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(json_path)
        .arg(yaml_path)
        .output()
        .map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
