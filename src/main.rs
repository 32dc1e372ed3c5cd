use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = sms_inspect::cli::Cli::parse();
    match sms_inspect::app::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed stderr must not turn a clean error into a panic.
            let _ = writeln!(std::io::stderr(), "error: {err}");
            ExitCode::from(err.exit_code())
        }
    }
}
