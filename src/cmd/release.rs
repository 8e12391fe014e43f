//! `relman release`: the cut (or its dry run), and `--abort` of an interrupted one.

use anyhow::{Context as _, Result};

use super::{choice, Ctx};
use crate::cli;
use crate::text::printable;
use crate::workspace::Workspace;
use crate::Status;

/// `relman release`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &cli::ReleaseArgs) -> Result<Status> {
    let mut project = ctx.workspace_of_all()?;
    // In a monorepo: the packages --package names, else every package with something to
    // release, in one cut.
    let packages: Vec<Option<usize>> = match ctx.several(&project)? {
        Some(list) => list.into_iter().map(Some).collect(),
        None => {
            if let [one] = ctx.packages.as_slice() {
                project.select(one)?;
                vec![project.selected()]
            } else {
                vec![None]
            }
        }
    };
    if args.abort {
        return abort(ctx, &project, args.force);
    }
    // The lock comes before the plan: a second release refuses before it reads anything.
    let lock = if args.dry_run {
        crate::journal::guard(&project)?;
        None
    } else {
        Some(crate::journal::Lock::take(project.repo()?)?)
    };
    let options = crate::release::Options {
        choice: crate::decide::Choice {
            date: args.date.clone(),
            ..choice(&args.choice)
        },
        no_commit: args.no_commit,
        no_tag: args.no_tag || args.no_commit,
        allow_dirty: args.allow_dirty,
        allow_detached: args.allow_detached,
        no_verify: args.no_verify,
        sign: match (args.sign, args.no_sign) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        },
        date: args.date.clone(),
    };
    let Some(plan) = crate::release::Plan::build(&mut project, &options, &packages)? else {
        ctx.note("nothing to release: no feat, fix, perf or breaking change since the latest release tag")?;
        return Ok(Status::Success);
    };
    for warning in &plan.warnings {
        ctx.warn(warning)?;
    }
    if args.format == cli::PlanFormat::Json {
        let text = serde_json::to_string_pretty(&plan)?;
        writeln!(ctx.out, "{}", crate::text::json_text(text))?;
        if args.dry_run {
            return Ok(Status::Success);
        }
    } else if args.dry_run {
        // The diff shows the files' own lines: their control characters are shown escaped.
        ctx.out.write_all(printable(&plan.describe()).as_bytes())?;
        ctx.note("dry run: nothing was written")?;
        return Ok(Status::Success);
    }
    let lock = lock.context("no release lock")?;
    let done = plan.execute(&project, lock)?;
    if args.format == cli::PlanFormat::Text {
        for transition in plan.transitions() {
            writeln!(ctx.out, "{transition}")?;
        }
    }
    for file in &plan.files {
        ctx.note(&format!("  wrote {}", file.path))?;
    }
    if let Some(commit) = &done.commit {
        ctx.note(&format!("  committed {}", &commit[..7]))?;
    }
    for tag in &done.tags {
        ctx.note(&format!("  tagged {tag}"))?;
    }
    for warning in &done.warnings {
        ctx.warn(warning)?;
    }
    Ok(Status::Success)
}

/// `relman release --abort`
fn abort(ctx: &mut Ctx<'_>, project: &Workspace, force: bool) -> Result<Status> {
    let Some((journal, undone)) = crate::journal::abort(project, force)? else {
        ctx.note("no interrupted release in this repository: nothing to undo")?;
        return Ok(Status::Success);
    };
    let version = journal.version.as_deref().unwrap_or("an unknown version");
    for line in &undone.restored {
        ctx.note(&format!("  {line}"))?;
    }
    if undone.failed.is_empty() {
        writeln!(
            ctx.out,
            "the release of {version} (interrupted at `{}`) was undone; the repository is as it was before it",
            journal.step
        )?;
        return Ok(Status::Success);
    }
    anyhow::bail!(
        "the release of {version} was undone in part; not restored: {}; fix that and run `relman release --abort` again",
        undone.failed.join("; ")
    )
}
