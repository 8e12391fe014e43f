//! `relman bump`: write the next version into every version file, all or nothing.

use anyhow::Result;

use super::{choice, Ctx};
use crate::cli::BumpArgs;
use crate::fsutil::{self, Edit};
use crate::Status;

/// `relman bump`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &BumpArgs) -> Result<Status> {
    let project = ctx.workspace()?;
    project.require_selection("relman bump")?;
    let _lock = if args.dry_run {
        None
    } else {
        crate::journal::hold(&project, "bump")?
    };
    let decision = project.package().decide(&project, &choice(&args.choice))?;
    for note in &decision.notes {
        ctx.warn(note)?;
    }
    let files = project.package().version_files(&project)?;
    let agreed = crate::workspace::check_agreement(&files)?;
    let Some(next) = decision.next.clone() else {
        ctx.note(&format!(
            "{}; nothing written",
            super::next::nothing_text(&decision)
        ))?;
        writeln!(ctx.out, "{}", decision.current)?;
        return Ok(Status::Success);
    };
    let old = agreed.unwrap_or_else(|| decision.current.clone());
    let new_text = next.to_string();
    let edits: Vec<Edit> = files
        .iter()
        .map(|f| Edit {
            path: f.path.clone(),
            full: project.root.join(&f.real),
            old: Some(f.text.clone().into_bytes()),
            new: crate::formats::splice(&f.text, &f.fields, &new_text).into_bytes(),
        })
        .filter(|e| e.old.as_deref() != Some(e.new.as_slice()))
        .collect();
    let verb = if args.dry_run { "would write" } else { "wrote" };
    if !args.dry_run {
        fsutil::write_all(&edits)?;
    }
    writeln!(ctx.out, "{old} -> {next}")?;
    for file in &files {
        for field in &file.fields {
            let changed = edits.iter().any(|e| e.path == file.path);
            let what = if changed { verb } else { "unchanged" };
            ctx.note(&format!(
                "  {what} {}:{}:{} ({})",
                file.path.display(),
                field.line,
                field.column,
                field.location
            ))?;
        }
    }
    if files.is_empty() {
        ctx.note("  no version file to write: the version lives in the release tags")?;
    }
    Ok(Status::Success)
}
