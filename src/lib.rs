//! relman: release engineering from Conventional Commits.
//!
//! `run` takes the parsed command line and writers for stdout and stderr, and returns the
//! exit status; every user-caused failure comes back as an error (exit 2). The library never
//! prints on its own and never panics on input.

#![warn(clippy::print_stdout, clippy::print_stderr)]

mod changelog;
pub mod cli;
mod cmd;
mod commit;
mod config;
mod context;
mod decide;
mod formats;
mod fsutil;
#[doc(hidden)]
pub mod fuzz_checks;
mod git;
mod history;
mod journal;
mod lint;
mod ownership;
mod partition;
mod paths;
mod release;
mod releases;
mod remote;
mod render;
mod report;
mod settings;
mod signing;
mod test_hooks;
mod text;
mod textpos;
mod version;
mod workspace;

pub use text::printable;

use std::io::Write;

/// The exit status of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// 0: done.
    Success,
    /// 1: a check failed (invalid commit messages, lint errors).
    CheckFailed,
    /// 2: usage, configuration or input error.
    Error,
}

impl Status {
    pub fn code(self) -> u8 {
        match self {
            Status::Success => 0,
            Status::CheckFailed => 1,
            Status::Error => 2,
        }
    }
}

/// Run one command line.
pub fn run(cli: &cli::Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Status> {
    let cwd = std::env::current_dir()
        .map_err(|e| anyhow::anyhow!("cannot read the current directory: {e}"))?;
    let dir = match &cli.dir {
        Some(dir) => cwd.join(dir),
        None => cwd,
    };
    let config = cli.config.as_ref().map(|c| dir.join(c));
    let color = match cli.color {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
        }
    };
    let mut ctx = cmd::Ctx {
        dir,
        config,
        quiet: cli.quiet,
        verbose: cli.verbose,
        color,
        packages: cli.package.clone(),
        out,
        err,
    };
    cmd::run(&mut ctx, &cli.command)
}

/// Whether an error is only a closed pipe (`relman next | head -0`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
