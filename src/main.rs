use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    // A bug must not print a backtrace or anything unsanitised: one line, then exit 101.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let _ = writeln!(
            std::io::stderr(),
            "error: internal error in sms-inspect{at}: {}; please report it",
            sms_inspect::sanitize::sanitize_short(&message, 200)
        );
    }));
    let exit = sms_inspect::commands::main(
        std::env::args_os().collect(),
        &sms_inspect::env::ProcessEnv,
        sms_inspect::streams::Streams::system(false),
        true,
    );
    ExitCode::from(exit.code())
}
