//! `relman bump`: write the next version into every version file, all or nothing.

use anyhow::Result;

use super::{choice, Ctx};
use crate::cli::BumpArgs;
use crate::fsutil::{self, Edit};
use crate::workspace::{edit_file, requirements, FileEdits};
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
    let mut planned: Vec<FileEdits> = Vec::new();
    for f in &files {
        let edits = f.fields.iter().map(|v| (v.span.clone(), new_text.clone()));
        let shown = f.path.display().to_string();
        edit_file(
            &mut planned,
            (&f.real, &shown),
            shown.clone(),
            &f.text,
            edits,
        );
    }
    // In a monorepo the manifests that require this package move with it.
    let mut warnings = Vec::new();
    let own = planned.len();
    if let Some(name) = project.package().manifest_name(&project) {
        requirements(
            &project,
            &[(name, next.clone())],
            &mut planned,
            &mut warnings,
        )?;
    }
    if !project.packages().is_empty() {
        warnings.extend(crate::workspace::unedited_locks(&project));
    }
    for warning in &warnings {
        ctx.warn(warning)?;
    }
    let edits: Vec<Edit> = planned
        .iter()
        .map(|f| Edit {
            path: f.shown.clone().into(),
            full: project.root.join(&f.real),
            old: Some(f.old.clone().into_bytes()),
            new: crate::formats::splice_each(&f.old, &f.edits).into_bytes(),
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
    for dependent in &planned[own..] {
        ctx.note(&format!(
            "  {verb} {} (its requirement on {})",
            dependent.shown,
            project
                .package()
                .given_name
                .as_deref()
                .unwrap_or("the package")
        ))?;
    }
    if files.is_empty() {
        ctx.note("  no version file to write: the version lives in the release tags")?;
    }
    Ok(Status::Success)
}
