//! Shared test helpers: the binary with a clean environment, fixtures, hostile strings.

pub mod fleet;
pub mod inproc;
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

/// Runs `command` (a shell line) on a pty `cols` wide and 50 rows; None when `script` is
/// missing. `PAGER=cat` unless `env` names another: a report taller than the pty is not held
/// by a pager waiting for keys (tests/cli/pager.rs tests the pager).
pub fn on_tty(cols: u16, command: &str, env: &[(&str, &str)]) -> Option<String> {
    let present = std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_ok();
    if !tool("script (util-linux)", present) {
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
    .env("PAGER", "cat")
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

/// Whether an outside tool a test needs is here. A missing one fails the test, naming it,
/// unless `SMS_INSPECT_SKIP_MISSING=1` is set: then one skip line is printed and the test
/// returns. Never a silent pass.
pub fn tool(name: &str, present: bool) -> bool {
    if present {
        return true;
    }
    if std::env::var("SMS_INSPECT_SKIP_MISSING").as_deref() == Ok("1") {
        eprintln!("skipped: {name} is not installed (SMS_INSPECT_SKIP_MISSING=1)");
        return false;
    }
    panic!(
        "{name} is needed by this test and is not installed: install it (.ci/run does), or set \
         SMS_INSPECT_SKIP_MISSING=1 to skip the tests that need it"
    );
}

/// Whether python3 can import this module.
pub fn python_module(module: &str) -> bool {
    std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether PyYAML is here (failing the test when it is not, unless skipping is asked for).
/// `python3 -c SCRIPT FILE`: what it printed; the test fails with Python's stderr when the
/// script does.
pub fn python(script: &str, file: &std::path::Path) -> String {
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn pyyaml() -> bool {
    tool("python3 with PyYAML", python_module("yaml"))
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

/// Standard base64 without padding (an oracle apart from the tool's redactor).
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// How a server may echo a secret, by name: raw; JSON-escaped (`\/`, the first character as
/// `\u00XX`, every character as `\u00XX` in capitals); percent-encoded in capitals and in
/// lower case; base64 standard and URL-safe, at each of the three byte alignments inside a
/// longer base64 string. What a server can send; `secret_forms` is what no output may hold.
pub fn secret_echoes(secret: &str) -> Vec<(&'static str, String)> {
    let quoted = sms_inspect::api::signer::quote(secret);
    let mut first_u = format!("\\u{:04x}", secret.chars().next().unwrap() as u32);
    first_u.push_str(&secret[1..]);
    let every_u: String = secret
        .chars()
        .map(|c| format!("\\u{:04X}", c as u32))
        .collect();
    let mut echoes = vec![
        ("raw", secret.to_owned()),
        ("json-slash", secret.replace('/', "\\/")),
        ("json-u-first", first_u),
        ("json-u-every", every_u),
        ("percent", quoted.clone()),
        ("percent-lower", lower_hex(&quoted)),
    ];
    for (name, prefix) in [("base64", ""), ("base64+1", "x"), ("base64+2", "xy")] {
        let standard = base64(format!("{prefix}{secret}").as_bytes());
        echoes.push((name, standard.clone()));
        echoes.push((name, standard.replace('+', "-").replace('/', "_")));
    }
    echoes
}

/// `%2F` as `%2f`, the rest as it is.
fn lower_hex(quoted: &str) -> String {
    let mut out = String::new();
    let mut hex = 0;
    for c in quoted.chars() {
        if c == '%' {
            hex = 2;
        } else if hex > 0 {
            hex -= 1;
            out.push(c.to_ascii_lowercase());
            continue;
        }
        out.push(c);
    }
    out
}

/// The forms in which a secret could leak: each of [`secret_echoes`] (a base64 one only in
/// the characters that the secret alone decides), and its distinctive middle (a partial
/// leak).
pub fn secret_forms(secret: &str) -> Vec<String> {
    let mut forms: Vec<String> = secret_echoes(secret)
        .into_iter()
        .map(|(name, echo)| match name {
            "base64+1" => echo[2..echo.len() - 2].to_owned(),
            "base64+2" => echo[3..echo.len() - 2].to_owned(),
            "base64" => echo[..echo.len() - 2].to_owned(),
            _ => echo,
        })
        .collect();
    forms.push(secret[3..secret.len().min(16)].to_owned());
    forms
}

/// Whether PyYAML's `safe_load` reads `yaml_path` back equal to the JSON in `json_path`:
/// same types (no string turned into a bool, number or date), same values, same key order.
pub fn pyyaml_reads_back(
    json_path: &std::path::Path,
    yaml_path: &std::path::Path,
) -> Result<(), String> {
    let script = "import json,sys,yaml\n\
        a=json.load(open(sys.argv[1], encoding='utf-8'))\n\
        b=yaml.load(open(sys.argv[2], encoding='utf-8'), Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))\n\
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
