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
mod facts;
mod formats;
mod fsutil;
#[doc(hidden)]
pub mod fuzz_checks;
mod fxhash;
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
mod status;
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
    let color = use_color(
        cli.color,
        |name| std::env::var_os(name).map(|v| v.to_string_lossy().into_owned()),
        std::io::IsTerminal::is_terminal(&std::io::stdout()),
    );
    let mut ctx = cmd::Ctx {
        dir,
        config,
        quiet: cli.quiet,
        verbose: cli.verbose,
        color,
        packages: cli.package.clone(),
        out,
        err,
        foreign_noted: false,
    };
    cmd::run(&mut ctx, &cli.command)
}

/// Whether the human output is coloured: `--color always`/`never` decide; with `auto`,
/// `NO_COLOR` (set and not empty) turns colour off, else `CLICOLOR_FORCE` (set, not empty,
/// not `0`) turns it on even through a pipe, else `CLICOLOR=0` or `TERM=dumb` turn it off,
/// else a terminal on standard output turns it on (the NO_COLOR and CLICOLOR conventions,
/// as cargo and ripgrep read them).
fn use_color(
    choice: cli::ColorChoice,
    env: impl Fn(&str) -> Option<String>,
    stdout_is_terminal: bool,
) -> bool {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    match choice {
        cli::ColorChoice::Always => true,
        cli::ColorChoice::Never => false,
        cli::ColorChoice::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else if set("CLICOLOR").is_some_and(|v| v == "0")
                || set("TERM").is_some_and(|v| v == "dumb")
            {
                false
            } else {
                stdout_is_terminal
            }
        }
    }
}

/// Whether an error is only a closed pipe (`relman next | head -0`), which is not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::{cli::ColorChoice, use_color};

    fn with<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn colour_follows_the_flag_then_no_color_then_clicolor_then_the_terminal() {
        assert!(use_color(
            ColorChoice::Always,
            with(&[("NO_COLOR", "1")]),
            false
        ));
        assert!(!use_color(
            ColorChoice::Never,
            with(&[("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(use_color(ColorChoice::Auto, with(&[]), true));
        assert!(!use_color(ColorChoice::Auto, with(&[]), false));
        assert!(!use_color(
            ColorChoice::Auto,
            with(&[("NO_COLOR", "1")]),
            true
        ));
        // An empty NO_COLOR is as if it were not set.
        assert!(use_color(
            ColorChoice::Auto,
            with(&[("NO_COLOR", "")]),
            true
        ));
        assert!(use_color(
            ColorChoice::Auto,
            with(&[("CLICOLOR_FORCE", "1")]),
            false
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            with(&[("CLICOLOR_FORCE", "0")]),
            false
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            with(&[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            with(&[("CLICOLOR", "0")]),
            true
        ));
        assert!(!use_color(
            ColorChoice::Auto,
            with(&[("TERM", "dumb")]),
            true
        ));
    }
}
