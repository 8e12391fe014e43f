//! The `relman` binary: parse the arguments, hand them to the library, print the error chain, exit.

use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::process::ExitCode;

use clap::Parser;
use relman::printable;

fn main() -> ExitCode {
    // A panic is a bug, reported once as an error: by the command that caught it (a lint
    // rule's names the rule and the file), or below. The hook's own report would repeat it
    // with a note about backtraces; it still prints one when RUST_BACKTRACE asks for it.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            hook(info);
        }
    }));
    let cli = relman::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let result =
        std::panic::catch_unwind(AssertUnwindSafe(|| relman::run(&cli, &mut out, &mut err)))
            .unwrap_or_else(|panic| {
                let text = panic
                    .downcast_ref::<&str>()
                    .copied()
                    .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
                    .unwrap_or("a panic without a message");
                Err(anyhow::anyhow!(
                    "relman panicked: {text}; this is a bug in relman, please report it"
                ))
            });
    match result {
        Ok(status) => ExitCode::from(status.code()),
        Err(error) => {
            if relman::is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            // An error may quote a commit, a file or an argument: its control characters
            // are shown, never sent to the terminal as they are.
            let _ = writeln!(err, "error: {}", printable(&error.to_string()));
            for cause in error.chain().skip(1) {
                let _ = writeln!(err, "caused by: {}", printable(&cause.to_string()));
            }
            ExitCode::from(relman::Status::Error.code())
        }
    }
}
