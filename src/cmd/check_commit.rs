//! `relman check-commit`: check one message (a file, `-`) or a range of commits.

use std::io::Read;

use anyhow::{anyhow, Context as _, Result};

use super::Ctx;
use crate::cli::CheckCommitArgs;
use crate::commit::{self, Message, Strictness};
use crate::history::{self, Effect};
use crate::text::printable;
use crate::workspace::Workspace;
use crate::Status;

/// `relman check-commit`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &CheckCommitArgs) -> Result<Status> {
    if let Some(range) = &args.range {
        return check_range(ctx, range);
    }
    let path = args
        .file
        .clone()
        .context("give a message file or --range A..B")?;
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read the message from standard input")?;
        bytes
    } else {
        std::fs::read(ctx.dir.join(&path))
            .with_context(|| format!("{}: cannot read the commit message file", path.display()))?
    };
    let shown = path.display().to_string();
    let raw =
        crate::textpos::decode(bytes).map_err(|crate::textpos::NotUtf8 { line, column }| {
            anyhow!(
                "{shown}:{line}:{column}: the commit message is not valid UTF-8; write it as UTF-8"
            )
        })?;
    // A byte-order mark (as editors on Windows write) is no part of the message.
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    // git's comment character: core.commentChar of the repository, if there is one.
    let configured = Workspace::open(&ctx.dir, ctx.config.as_deref(), &crate::lint::rule_ids())
        .ok()
        .and_then(|p| p.repo.as_ref().map(crate::git::Repo::comment_char));
    let comment = match configured {
        Some(Some(c)) => c,
        _ => commit::guess_comment_char(raw),
    };
    let (cleaned, raw_lines) = commit::clean_hook_lines(raw, comment);
    match commit::parse(&cleaned) {
        Message::Rejected(r) => {
            let line_text = cleaned.lines().nth(r.line.saturating_sub(1)).unwrap_or("");
            let line = raw_lines
                .get(r.line.saturating_sub(1))
                .copied()
                .unwrap_or(1);
            writeln!(
                ctx.out,
                "{}:{line}:{}: error: {}\n  | {}",
                printable(&shown),
                r.column,
                printable(&r.reason),
                printable(line_text)
            )?;
            ctx.note("a Conventional Commit reads `type(scope): description`, e.g. `fix(parser): accept empty bodies`")?;
            Ok(Status::CheckFailed)
        }
        _ => Ok(Status::Success),
    }
}

fn check_range(ctx: &mut Ctx<'_>, range: &str) -> Result<Status> {
    let project = ctx.workspace()?;
    let repo = project.repo()?;
    repo.head()?;
    let entries = history::analyze(repo.range(range)?, Strictness::Strict);
    let mut bad = 0;
    for e in &entries {
        if let Effect::Rejected { reason } = &e.effect {
            bad += 1;
            writeln!(
                ctx.out,
                "{}: error: {}\n  | {}",
                e.raw.short,
                printable(reason),
                printable(e.subject())
            )?;
        }
    }
    if bad > 0 {
        ctx.note(&format!(
            "{bad} of {} commit(s) in {range} are not Conventional Commits",
            entries.len()
        ))?;
        return Ok(Status::CheckFailed);
    }
    if entries.is_empty() && !ctx.quiet {
        ctx.note(&format!("no commit in {range}"))?;
    }
    Ok(Status::Success)
}
