//! The architecture's one-way rule and the dependency list, checked on the source text:
//! a module imports only from the layers below it (docs/architecture.md), and every declared
//! dependency is used.

use std::path::{Path, PathBuf};

/// The layers, bottom first; a module may use its own layer's module and any lower layer.
const LAYERS: &[&[&str]] = &[
    &["sanitize", "error", "env", "parallel", "redact"],
    &["model", "credentials", "streams"],
    &["hints", "diff", "codes"],
    &["gate", "api"],
    &["render"],
    &["cli"],
    &["settings"],
    &["commands"],
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The code of a file without its comments (line comments are enough here).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file names after `crate::`, grouped imports included:
/// `use crate::{gate, render::{self, output}}` names `gate` and `render`.
fn crate_modules(text: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut found = Vec::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            // Each name at the group's own depth, after `{` or `,`.
            let mut depth = 0;
            let mut start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => start = true,
                    c if c.is_whitespace() => {}
                    _ if start && depth == 0 => {
                        found.push(ident(&group[j..]));
                        start = false;
                    }
                    _ => {}
                }
            }
        } else {
            found.push(ident(rest));
        }
    }
    found
}

#[test]
fn grouped_imports_are_read() {
    let found = crate_modules(
        "use crate::{gate::{self, Reason}, render::{ci, verdict}, model};\nuse crate::api;",
    );
    assert_eq!(found, ["gate", "render", "model", "api"]);
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut broken = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs")
            .to_owned();
        let Some(own) = layer_of(&module) else {
            assert!(
                ["main", "lib"].contains(&module.as_str()),
                "{module} has no layer in this test and docs/architecture.md"
            );
            continue;
        };
        let text = code(&std::fs::read_to_string(file).unwrap());
        for used in crate_modules(&text) {
            let Some(theirs) = layer_of(&used) else {
                continue;
            };
            if theirs > own || (theirs == own && used != module) {
                broken.push(format!("{} uses crate::{used}", relative.display()));
            }
        }
    }
    assert!(broken.is_empty(), "imports against the layers: {broken:#?}");
}

/// `[dependencies]` (or another table) of Cargo.toml: the crate names as code spells them.
fn declared(manifest: &str, table: &str) -> Vec<String> {
    manifest
        .split("\n[")
        .find(|section| section.starts_with(&format!("{table}]")))
        .unwrap_or_else(|| panic!("no [{table}] in Cargo.toml"))
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once('='))
        .map(|(name, _)| name.trim().replace('-', "_"))
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .collect()
}

fn uses(files: &[PathBuf], name: &str) -> bool {
    files.iter().any(|f| {
        let text = code(&std::fs::read_to_string(f).unwrap());
        text.contains(&format!("{name}::")) || text.contains(&format!("use {name}"))
    })
}

#[test]
fn every_declared_dependency_is_used() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let mut src = Vec::new();
    rust_files(&root().join("src"), &mut src);
    let mut tests = Vec::new();
    rust_files(&root().join("tests"), &mut tests);
    rust_files(&root().join("benches"), &mut tests);
    let unused: Vec<String> = declared(&manifest, "dependencies")
        .into_iter()
        .filter(|name| !uses(&src, name))
        .chain(
            declared(&manifest, "dev-dependencies")
                .into_iter()
                // A dev-dependency may serve a unit test inside src/ (bytesize, the
                // reference the size formatting is tested against).
                .filter(|name| !uses(&tests, name) && !uses(&src, name)),
        )
        .collect();
    assert!(unused.is_empty(), "declared but never used: {unused:?}");
}

/// No Rust file of the project is over 600 lines: past that a file holds more than one thing
/// (issue 17). Split by what the parts are about, as `tests/cli/network.rs` left `live.rs`.
#[test]
fn no_rust_file_is_over_600_lines() {
    let mut files = Vec::new();
    for dir in ["src", "tests", "benches", "examples"] {
        rust_files(&root().join(dir), &mut files);
    }
    assert!(files.len() > 100, "only {} files found", files.len());
    let long: Vec<String> = files
        .iter()
        .map(|f| (f, std::fs::read_to_string(f).unwrap().lines().count()))
        .filter(|(_, n)| *n > 600)
        .map(|(f, n)| format!("{} ({n} lines)", f.strip_prefix(root()).unwrap().display()))
        .collect();
    assert!(long.is_empty(), "over 600 lines: {long:?}");
}
