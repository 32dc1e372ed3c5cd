//! The completion scripts and man pages, generated from the clap definition so they cannot
//! disagree with `--help`. They are committed; `tests/generated.rs` fails when they drift and
//! rewrites them when `SMS_INSPECT_REGENERATE=1`.

use std::path::PathBuf;

use clap::CommandFactory;
use clap_complete::{Generator, Shell};

use crate::cli::Cli;

const BIN: &str = "sms-inspect";

/// Every generated file, as (path relative to the repository, contents).
pub fn all() -> Vec<(PathBuf, Vec<u8>)> {
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
        let name = shell.file_name(BIN);
        files.push((PathBuf::from("completions").join(name), out));
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
