//! The completion scripts and man pages, generated from the clap definition so they cannot
//! disagree with `--help`. They are committed; the drift test fails when they differ and
//! rewrites them with `SMS_INSPECT_REGENERATE=1 cargo test --test cli generated`.

use std::path::{Path, PathBuf};

use clap_complete::{Generator, Shell};
use sms_inspect::cli;
use sms_inspect::commands::completions;

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
        files.push((
            PathBuf::from("completions").join(shell.file_name(BIN)),
            completions::script(shell),
        ));
    }
    let command = cli::command();
    files.push((
        PathBuf::from("docs/man").join(format!("{BIN}.1")),
        man(command.clone(), None),
    ));
    for sub in command.get_subcommands() {
        let name = format!("{BIN}-{}", sub.get_name());
        let page = sub.clone().name(name.clone());
        files.push((
            PathBuf::from("docs/man").join(format!("{name}.1")),
            man(page, Some(sub.get_name())),
        ));
    }
    files
}

/// A man page: clap_mangen's sections (the help's epilogue left out), then ENVIRONMENT,
/// EXIT STATUS, EXAMPLES and SEE ALSO from the same tables as `--help`.
fn man(command: clap::Command, sub: Option<&str>) -> Vec<u8> {
    let command = command
        .after_help(None::<&str>)
        .after_long_help(None::<&str>);
    let page = clap_mangen::Man::new(command.clone());
    let mut out = Vec::new();
    page.render_title(&mut out).unwrap();
    page.render_name_section(&mut out).unwrap();
    page.render_synopsis_section(&mut out).unwrap();
    page.render_description_section(&mut out).unwrap();
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        page.render_options_section(&mut out).unwrap();
    }
    if command.has_subcommands() {
        page.render_subcommands_section(&mut out).unwrap();
    }
    let mut roff = String::from(".SH ENVIRONMENT\n");
    for (name, what) in cli::ENVIRONMENT {
        roff.push_str(&format!(
            ".TP\n\\fB{}\\fR\n{}\n",
            escape(name),
            escape(what)
        ));
    }
    roff.push_str(".SH \"EXIT STATUS\"\n");
    for (code, what) in cli::exit_codes() {
        roff.push_str(&format!(".TP\n\\fB{code}\\fR\n{}\n", escape(what)));
    }
    roff.push_str(".SH EXAMPLES\n");
    for (name, examples) in cli::EXAMPLES {
        if sub.is_none_or(|s| s == *name) {
            for (line, what) in *examples {
                roff.push_str(&format!(
                    ".TP\n{}\n.nf\n{}\n.fi\n",
                    escape(what),
                    escape(line)
                ));
            }
        }
    }
    roff.push_str(".SH \"SEE ALSO\"\n");
    let pages: Vec<String> = std::iter::once(BIN.to_owned())
        .chain(
            cli::command()
                .get_subcommands()
                .map(|s| format!("{BIN}-{}", s.get_name())),
        )
        .map(|p| format!("\\fB{}\\fR(1)", escape(&p)))
        .collect();
    roff.push_str(&pages.join(", "));
    roff.push('\n');
    out.extend_from_slice(roff.as_bytes());
    if command.get_version().is_some() {
        page.render_version_section(&mut out).unwrap();
    }
    out
}

/// Text for roff: backslashes as `\e`, hyphens as `\-`, a leading dot or quote guarded.
fn escape(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    if text.starts_with('.') || text.starts_with('\'') {
        format!("\\&{text}")
    } else {
        text
    }
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

/// The bash script completes, driven as bash drives it: subcommands, their options, and the
/// values of enum options (clap-rs/clap#6421 broke every subcommand for a hyphenated name).
#[test]
fn bash_completion_completes_subcommands_options_and_values() {
    let bash = std::process::Command::new("bash")
        .arg("--version")
        .output()
        .is_ok();
    if !crate::support::tool("bash", bash) {
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/sms-inspect.bash");
    let complete = |line: &str| -> Vec<String> {
        let program = r#"
source "$1"
read -ra COMP_WORDS <<< "$2"
[[ "$2" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
cur="${COMP_WORDS[COMP_CWORD]}"; prev="${COMP_WORDS[COMP_CWORD-1]}"
_sms__inspect sms-inspect "$cur" "$prev"
printf '%s\n' "${COMPREPLY[@]}"
"#;
        let out = std::process::Command::new("bash")
            .args(["-c", program, "bash"])
            .arg(&script)
            .arg(line)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect()
    };
    for (line, expected) in [
        ("sms-inspect sou", &["source", "sources"][..]),
        ("sms-inspect source --fi", &["--file"]),
        ("sms-inspect source --fail-on ", &["error", "warn", "never"]),
        ("sms-inspect check --fail-on ", &["error", "warn", "never"]),
        (
            "sms-inspect check --all --allow-",
            &["--allow-no-checks", "--allow-empty"],
        ),
        (
            "sms-inspect --output ",
            &["table", "wide", "json", "yaml", "csv"],
        ),
        (
            "sms-inspect sources --output ",
            &["table", "wide", "json", "yaml", "csv"],
        ),
        (
            "sms-inspect completions ",
            &["bash", "elvish", "fish", "powershell", "zsh"],
        ),
        ("sms-inspect sources --state ", cli::STATES),
        ("sms-inspect check --state ", cli::STATES),
        ("sms-inspect watch --state ", cli::STATES),
        (
            "sms-inspect sources --migration-cycle ",
            cli::MIGRATION_CYCLES,
        ),
        ("sms-inspect -o ", &["table", "wide", "json", "yaml", "csv"]),
        (
            "sms-inspect check -o ",
            &["table", "wide", "json", "yaml", "csv"],
        ),
        ("sms-inspect --color ", &["auto", "always", "never"]),
        (
            "sms-inspect check --annotations ",
            &["auto", "github", "never"],
        ),
        (
            "sms-inspect source --annotations ",
            &["auto", "github", "never"],
        ),
        // Hidden options are never offered.
        ("sms-inspect check --require-", &[]),
    ] {
        let mut got = complete(line);
        if line.ends_with("completions ") {
            // clap_complete's bash offers options beside a first positional; the values are
            // what is asserted there.
            got.retain(|c| !c.starts_with('-'));
        }
        got.sort();
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "completing {line:?}");
    }
}

/// The documented values of every option that has them, as fish and zsh offer them: fish's
/// completion driven (`complete -C`), zsh's script read (its value lists), and no hidden option
/// in either.
#[test]
fn fish_and_zsh_completion_offer_the_documented_values() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let has = |shell: &str| {
        std::process::Command::new(shell)
            .args(["-c", "exit 0"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    let cases: &[(&str, &[&str])] = &[
        ("sms-inspect sources --state ", cli::STATES),
        (
            "sms-inspect check --migration-cycle ",
            cli::MIGRATION_CYCLES,
        ),
        ("sms-inspect check --fail-on ", &["error", "warn", "never"]),
        ("sms-inspect -o ", &["table", "wide", "json", "yaml", "csv"]),
        ("sms-inspect source --color ", &["auto", "always", "never"]),
        (
            "sms-inspect check --annotations ",
            &["auto", "github", "never"],
        ),
        // (clap_complete's fish script completes no positional value: `completions <TAB>`
        // offers files there.)
        ("sms-inspect check --require-", &[]),
    ];
    if crate::support::tool("fish", has("fish")) {
        let script = root.join("completions/sms-inspect.fish");
        for (line, expected) in cases {
            let out = std::process::Command::new("fish")
                .args(["--no-config", "-c", "source $argv[1]; complete -C $argv[2]"])
                .arg(&script)
                .arg(line)
                .output()
                .unwrap();
            let mut got: Vec<String> = String::from_utf8_lossy(&out.stdout)
                .lines()
                .map(|l| l.split('\t').next().unwrap_or("").to_owned())
                .filter(|c| !c.starts_with('-') || line.ends_with('-'))
                .collect();
            got.sort();
            let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
            want.sort();
            assert_eq!(got, want, "fish completing {line:?}");
        }
    }
    if crate::support::tool("zsh", has("zsh")) {
        let script = root.join("completions/_sms-inspect");
        let ok = std::process::Command::new("zsh")
            .arg("-n")
            .arg(&script)
            .status()
            .unwrap();
        assert!(ok.success(), "zsh reads the script");
        let text = std::fs::read_to_string(&script).unwrap();
        for (option, values) in [
            ("--state", cli::STATES),
            ("--migration-cycle", cli::MIGRATION_CYCLES),
            ("--fail-on", &["error", "warn", "never"][..]),
            ("--output", &["table", "wide", "json", "yaml", "csv"]),
            ("--color", &["auto", "always", "never"]),
            ("--annotations", &["auto", "github", "never"]),
        ] {
            // A spec runs from `'--option=` to its closing `)' \` (described values span lines).
            let mut specs = Vec::new();
            let mut rest = text.as_str();
            while let Some(at) = rest.find(&format!("'{option}=")) {
                let spec = &rest[at..];
                let len = spec.find(")' \\").unwrap_or(spec.len());
                specs.push(&spec[..len]);
                rest = &spec[len..];
            }
            assert!(!specs.is_empty(), "zsh: {option}");
            for spec in specs {
                for value in values {
                    let word =
                        predicates::str::is_match(format!(r#"(^|[\s(]){value}([\s)]|\\:|$)"#))
                            .unwrap();
                    assert!(
                        predicates::Predicate::eval(&word, spec),
                        "zsh offers {value} for {option}: {spec}"
                    );
                }
            }
        }
        assert!(!text.contains("require-checks"), "a hidden option");
    }
}
