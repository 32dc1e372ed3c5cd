//! The completion scripts and man pages, generated from the clap definition so they cannot
//! disagree with `--help`. They are committed; the drift test fails when they differ and
//! rewrites them with `SMS_INSPECT_REGENERATE=1 cargo test --test cli generated`.

use std::path::{Path, PathBuf};

use clap::CommandFactory;
use clap_complete::{Generator, Shell};
use sms_inspect::cli::Cli;

const BIN: &str = "sms-inspect";

/// Every generated file, as (path relative to the repository, contents).
fn generated() -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let mut out = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), BIN, &mut out);
        files.push((PathBuf::from("completions").join(shell.file_name(BIN)), out));
    }
    let command = Cli::command();
    files.push((
        PathBuf::from("docs/man").join(format!("{BIN}.1")),
        man(command.clone()),
    ));
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("{BIN}-{}", sub.get_name());
        let page = sub.clone().name(name.clone());
        files.push((
            PathBuf::from("docs/man").join(format!("{name}.1")),
            man(page),
        ));
    }
    files
}

fn man(command: clap::Command) -> Vec<u8> {
    let mut out = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut out)
        .expect("rendering to memory cannot fail");
    out
}

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let regenerate = std::env::var_os("SMS_INSPECT_REGENERATE").is_some();
    let mut stale = Vec::new();
    for (path, contents) in generated() {
        let full = root.join(&path);
        if regenerate {
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, &contents).unwrap();
        } else if std::fs::read(&full).ok().as_deref() != Some(&contents[..]) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "generated files drifted from the clap definition: {stale:?}; \
         run `SMS_INSPECT_REGENERATE=1 cargo test --test cli generated` and commit them"
    );
}

#[test]
fn the_completions_command_prints_each_shell() {
    for (shell, needle) in [
        ("bash", "complete -F _sms__inspect"),
        ("zsh", "#compdef sms-inspect"),
        ("fish", "complete -c sms-inspect"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[sms-inspect]"),
    ] {
        crate::support::sms()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicates::str::contains(needle));
    }
    crate::support::sms()
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}
