//! The words of `--help` and the man pages that are not clap's own: the environment, the exit
//! codes and each command's examples.

use crate::error::Exit;

/// The environment variables the tool reads, for `--help` and the man page's ENVIRONMENT.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("SMS_ENDPOINT", "base URL of the SMS API (as --endpoint)"),
    (
        "SMS_REGION",
        "region whose endpoint to use (as --region; default ap-southeast-3)",
    ),
    ("SMS_AUTH_TOKEN", "an IAM token, sent as X-Auth-Token"),
    (
        "HUAWEICLOUD_SDK_AK",
        "access key ID; requests are signed as the official SDKs sign them",
    ),
    (
        "HUAWEICLOUD_SDK_SK",
        "secret access key, with HUAWEICLOUD_SDK_AK",
    ),
    (
        "HUAWEICLOUD_SDK_SECURITY_TOKEN",
        "security token of temporary AK/SK credentials",
    ),
    (
        "HUAWEICLOUD_SDK_PROJECT_ID",
        "project ID, sent as X-Project-Id",
    ),
    (
        "HUAWEICLOUD_SDK_CREDENTIALS_FILE",
        "the SDKs' INI file whose [basic] section holds ak, sk, security_token, project_id \
         (default ~/.huaweicloud/credentials)",
    ),
    (
        "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY",
        "proxies (http, https, socks4/5)",
    ),
    (
        "SSL_CERT_FILE",
        "a PEM bundle of CA certificates to trust besides the system's",
    ),
    (
        "NO_COLOR, CLICOLOR_FORCE",
        "turn colour off, or on when not a terminal",
    ),
    (
        "SMS_INSPECT_PAGER, PAGER",
        "the pager for a report taller than the terminal (default `less -FRX`; empty or `cat`: \
         none); never piped, with --no-pager, or when CI is set",
    ),
];

/// The exit codes, for `--help` and the man page's EXIT STATUS: from [`Exit::ALL`], so the
/// table and the codes cannot disagree.
pub fn exit_codes() -> Vec<(u8, &'static str)> {
    Exit::ALL.iter().map(|e| (e.code(), e.meaning())).collect()
}

/// Each command's examples, for its `--help` and the man page's EXAMPLES.
pub const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "source",
        &[
            ("sms-inspect source db-prod-07", "by name, from the API"),
            (
                "sms-inspect source 6f0e2a54-8d1c-4b7e-9a53-3c1d2e4f5a60 --json | jq .disks",
                "by ID, for a script",
            ),
            (
                "sms-inspect source --file saved.json --wide",
                "a saved body, every field",
            ),
            (
                "sms-inspect source db-prod-07 --watch",
                "follow the migration",
            ),
            (
                "sms-inspect source db-prod-07 --fail-on error",
                "gate one source (exit 1 on ERROR)",
            ),
        ],
    ),
    (
        "sources",
        &[
            ("sms-inspect sources", "every source server"),
            (
                "sms-inspect sources --state replicate --json | jq -r '.[].name'",
                "the names of those replicating",
            ),
            (
                "sms-inspect sources --connected false",
                "whose agent is not connected",
            ),
        ],
    ),
    (
        "check",
        &[
            ("sms-inspect check --all", "the gate over every source"),
            (
                "sms-inspect check db-prod-07 web-01 --fail-on warn",
                "two sources, WARN fails too",
            ),
            (
                "sms-inspect check --state waiting --junit checks.xml",
                "a wave, with a JUnit report",
            ),
        ],
    ),
    (
        "watch",
        &[
            (
                "sms-inspect watch --state replicate",
                "every source replicating now",
            ),
            (
                "sms-inspect watch db-prod-07 web-01 --fail-fast",
                "two sources; end at the first failure",
            ),
            (
                "sms-inspect watch --all --json | jq -c 'select(.final)'",
                "JSON Lines of changes",
            ),
            (
                "sms-inspect watch --all --stall 30m --fail-on-stall",
                "fail when one stops moving",
            ),
        ],
    ),
    (
        "diff",
        &[
            (
                "sms-inspect diff yesterday.json today.json",
                "one source, or a fleet, saved twice",
            ),
            (
                "sms-inspect source db-prod-07 --json | sms-inspect diff saved.json -",
                "what changed since it was saved",
            ),
            (
                "sms-inspect diff old.json new.json --json | jq '.changes[] | select(.group == \"check worse\")'",
                "for a script",
            ),
        ],
    ),
    (
        "explain",
        &[
            ("sms-inspect explain SMS.6509", "what one code means"),
            (
                "sms-inspect explain sms.3802 sms.3805",
                "several codes, any case",
            ),
            ("sms-inspect explain", "every code the tool knows"),
            (
                "sms-inspect explain --json | jq -r '.[] | select(.category == \"network\") | .code'",
                "the network codes, for a script",
            ),
        ],
    ),
    (
        "errors",
        &[
            ("sms-inspect errors", "every failed migration, and why"),
            (
                "sms-inspect errors --json | jq -r '.[].source_id'",
                "the failed sources' IDs, for a script",
            ),
            (
                "sms-inspect errors --markdown \"$GITHUB_STEP_SUMMARY\"",
                "a report for the job summary",
            ),
        ],
    ),
    (
        "verify",
        &[
            (
                "sms-inspect verify db-prod-07 web-01",
                "two migrated sources, by name",
            ),
            (
                "sms-inspect verify --task 3c1f0b8e-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
                "one migration task",
            ),
            (
                "sms-inspect verify db-prod-07 --max-different 10 --junit verify.xml",
                "tolerate 10 files per directory; a JUnit report",
            ),
        ],
    ),
    (
        "completions",
        &[
            (
                "sms-inspect completions bash > /etc/bash_completion.d/sms-inspect",
                "bash",
            ),
            (
                "sms-inspect completions zsh > \"${fpath[1]}/_sms-inspect\"",
                "zsh",
            ),
            (
                "sms-inspect completions fish > ~/.config/fish/completions/sms-inspect.fish",
                "fish",
            ),
        ],
    ),
];

/// The `Examples:` block of one command's help.
pub fn examples_help(command: &str) -> String {
    let mut text = String::from("Examples:\n");
    for (name, examples) in EXAMPLES {
        if *name == command {
            for (line, what) in *examples {
                text.push_str(&format!("  # {what}\n  {line}\n"));
            }
        }
    }
    text.trim_end().to_owned()
}

/// The top-level help's epilogue: environment and exit codes.
pub(super) fn top_help() -> String {
    let mut text = String::from("Environment:\n");
    for (name, what) in ENVIRONMENT {
        text.push_str(&format!("  {name}\n      {what}\n"));
    }
    text.push_str("\nExit codes:\n");
    for (code, what) in exit_codes() {
        text.push_str(&format!("  {code:>3}  {what}\n"));
    }
    text.push_str("\nMore: man sms-inspect, and each command's --help (sms-inspect check --help).");
    text
}
