//! The `relman` binary: parse the arguments, hand them to the library, print the error chain, exit.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use relman::text::printable;

fn main() -> ExitCode {
    let cli = relman::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    match relman::run(&cli, &mut out, &mut err) {
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
