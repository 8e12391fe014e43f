//! `relman check-commit`: check one message (a file, `-`) or a range of commits.

use std::io::Read;

use anyhow::{anyhow, Context as _, Result};

use super::Ctx;
use crate::cli::{CheckCommitArgs, CommitFormat};
use crate::commit::{self, Message, Strictness};
use crate::history::{self, Effect};
use crate::report::{CommitFinding, Format};
use crate::text::printable;
use crate::workspace::Workspace;
use crate::Status;

/// `relman check-commit`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &CheckCommitArgs) -> Result<Status> {
    if let Some(range) = &args.range {
        return check_range(ctx, range, args.format);
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
    let mut findings = Vec::new();
    if let Message::Rejected(r) = commit::parse(&cleaned) {
        let line_text = cleaned.lines().nth(r.line.saturating_sub(1)).unwrap_or("");
        let line = raw_lines
            .get(r.line.saturating_sub(1))
            .copied()
            .unwrap_or(1);
        findings.push(CommitFinding {
            // A message read from standard input has no file to point at.
            path: if shown == "-" { String::new() } else { shown },
            commit: None,
            line,
            column: r.column,
            message: r.reason,
            source_line: line_text.to_string(),
        });
    }
    report(ctx, args.format, &findings, 1, None)
}

/// Print the findings in `format`, append the step summary, and say how it went.
fn report(
    ctx: &mut Ctx<'_>,
    format: CommitFormat,
    findings: &[CommitFinding],
    checked: usize,
    range: Option<&str>,
) -> Result<Status> {
    match format {
        CommitFormat::Human => {
            for f in findings {
                match &f.commit {
                    Some((hash, subject)) => writeln!(
                        ctx.out,
                        "{}: error: {}\n  | {}",
                        hash.get(..7).unwrap_or(hash),
                        printable(&f.message),
                        printable(subject)
                    )?,
                    None => writeln!(
                        ctx.out,
                        "{}:{}:{}: error: {}\n  | {}",
                        printable(&f.path),
                        f.line,
                        f.column,
                        printable(&f.message),
                        printable(&f.source_line)
                    )?,
                }
            }
        }
        CommitFormat::Json | CommitFormat::Github | CommitFormat::Sarif => {
            let format = match format {
                CommitFormat::Json => Format::Json,
                CommitFormat::Github => Format::Github,
                _ => Format::Sarif,
            };
            ctx.out
                .write_all(crate::report::render_commits(findings, format).as_bytes())?;
        }
    }
    ctx.step_summary(|| crate::report::commit_summary(findings, checked))?;
    if !findings.is_empty() {
        match range {
            Some(range) => ctx.note(&format!(
                "{} of {checked} commit(s) in {range} are not Conventional Commits",
                findings.len()
            ))?,
            None => ctx.note("a Conventional Commit reads `type(scope): description`, e.g. `fix(parser): accept empty bodies`")?,
        }
        return Ok(Status::CheckFailed);
    }
    if checked == 0 && !ctx.quiet {
        if let Some(range) = range {
            ctx.note(&format!("no commit in {range}"))?;
        }
    }
    Ok(Status::Success)
}

fn check_range(ctx: &mut Ctx<'_>, range: &str, format: CommitFormat) -> Result<Status> {
    let project = ctx.workspace()?;
    let repo = project.repo()?;
    repo.head()?;
    let entries = history::analyze(repo.range(range)?, Strictness::Strict);
    let findings: Vec<CommitFinding> = entries
        .iter()
        .filter_map(|e| match &e.effect {
            Effect::Rejected { reason } => Some(CommitFinding {
                path: String::new(),
                commit: Some((e.raw.id.clone(), e.subject().to_string())),
                line: 1,
                column: 1,
                message: reason.clone(),
                source_line: e.subject().to_string(),
            }),
            _ => None,
        })
        .collect();
    report(ctx, format, &findings, entries.len(), Some(range))
}
