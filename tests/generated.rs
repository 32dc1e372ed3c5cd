//! The committed completion scripts and man pages must match the clap definition.
//! `SMS_INSPECT_REGENERATE=1 cargo test --test generated` rewrites them.

mod support;

use std::path::Path;

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let regenerate = std::env::var_os("SMS_INSPECT_REGENERATE").is_some();
    let mut stale = Vec::new();
    for (path, contents) in sms_inspect::artifacts::all() {
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
         run `SMS_INSPECT_REGENERATE=1 cargo test --test generated` and commit them"
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
        support::sms()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicates::str::contains(needle));
    }
    support::sms()
        .args(["completions", "tcsh"])
        .assert()
        .code(2);
}
