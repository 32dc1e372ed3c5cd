//! `completions SHELL`: a completion script from the clap definition.

use clap_complete::Shell;

use crate::cli;

/// The completion script for `shell`, from [`cli::command`]. clap_complete 4.6 writes bash
/// functions for a name with a hyphen that its own dispatcher never calls
/// (`sms__subcmd__inspect__subcmd__source` against `sms__inspect__subcmd__source`,
/// clap-rs/clap#6421), so no subcommand completes; its fish script offers nothing after a
/// global option waiting for its value. The corrections live here.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cli::command(), "sms-inspect", &mut out);
    if shell == Shell::Fish {
        // clap_complete's fish script asks argparse whether a subcommand was given; with a
        // global option still waiting for its value (`sms-inspect -o <TAB>`) argparse fails,
        // and the script then offers nothing. Failing to parse means "no subcommand yet".
        let text = String::from_utf8(out).expect("clap_complete writes UTF-8");
        return text
            .replacen("    or return\n", "    or return 0\n", 1)
            .into_bytes();
    }
    if shell == Shell::Bash {
        let text = String::from_utf8(out).expect("clap_complete writes UTF-8");
        return text
            .replace("sms__subcmd__inspect__subcmd__", "sms__inspect__subcmd__")
            .into_bytes();
    }
    out
}
