//! `relman bump`: write the next version into every version file, all or nothing.

use anyhow::Result;
use semver::Version;

use super::{choice, Ctx};
use crate::cli::BumpArgs;
use crate::decide::Decision;
use crate::fsutil::{self, Edit};
use crate::workspace::{edit_file, requirements, FileEdits, VersionFile, Workspace};
use crate::Status;

/// One package's part of a bump.
struct Bumped {
    /// Its name in a monorepo.
    name: Option<String>,
    old: Version,
    next: Version,
    files: Vec<VersionFile>,
}

/// `relman bump`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &BumpArgs) -> Result<Status> {
    let mut project = ctx.workspace_of_all()?;
    let choice = choice(&args.choice);
    // The packages: the one there is (or that one --package names), else in a monorepo
    // those --package names or every package with something to release.
    // One package of a monorepo is bumped as `release --package` releases it: with its
    // group and (dependents = "patch") the packages that require it.
    let several = match ctx.several(&project)? {
        None if !project.packages().is_empty() && ctx.packages.len() == 1 => {
            Some(vec![project.index_of(&ctx.packages[0])?])
        }
        None => {
            if let [one] = ctx.packages.as_slice() {
                project.select(one)?;
            }
            None
        }
        list => list,
    };
    let _lock = if args.dry_run {
        None
    } else {
        crate::journal::hold(&project, "bump")?
    };
    let targets: Vec<(Option<usize>, Decision)> = match &several {
        None => vec![(None, project.package().decide(&project, &choice)?)],
        Some(list) => project
            .releasing(list, &choice)?
            .into_iter()
            .filter(|r| r.why.is_some())
            .map(|r| (Some(r.index), r.decision))
            .collect(),
    };
    let mut bumped: Vec<Bumped> = Vec::new();
    for (index, decision) in targets {
        if index.is_some() {
            project.select_index(index);
        }
        let name = project.package().given_name.clone();
        for note in &decision.notes {
            match &name {
                Some(name) => ctx.warn(&format!("{name}: {note}"))?,
                None => ctx.warn(note)?,
            }
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
        bumped.push(Bumped {
            name,
            old: agreed.unwrap_or_else(|| decision.current.clone()),
            next,
            files,
        });
    }
    project.select_index(None);
    if bumped.is_empty() {
        ctx.note("nothing to release in any package: no feat, fix, perf or breaking change in their folders since their latest tags; nothing written")?;
        return Ok(Status::Success);
    }
    // `NAME OLD -> NEW` when several packages may be bumped; `OLD -> NEW` for one.
    let named = ctx.packages.len() != 1 || bumped.len() > 1;
    write(
        ctx,
        &project,
        &bumped,
        args.dry_run,
        several.is_some() && named,
    )
}

/// Write every package's version files and the requirements on them, all or nothing, and
/// say what was written.
fn write(
    ctx: &mut Ctx<'_>,
    project: &Workspace,
    bumped: &[Bumped],
    dry_run: bool,
    named: bool,
) -> Result<Status> {
    let mut planned: Vec<FileEdits> = Vec::new();
    let mut moved: Vec<(String, Version)> = Vec::new();
    for b in bumped {
        let new_text = b.next.to_string();
        for f in &b.files {
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
        let package = match &b.name {
            Some(name) => &project.packages()[project.index_of(name)?],
            None => project.package(),
        };
        moved.extend(crate::workspace::moved_names(
            project, package, &b.files, &b.next,
        ));
        crate::workspace::own_dependents(project, (&b.old, &b.next), &mut planned)?;
    }
    // In a monorepo the manifests that require a bumped package move with it.
    let own = planned.len();
    let mut warnings = Vec::new();
    requirements(project, &moved, &mut planned, &mut warnings)?;
    if !project.packages().is_empty() {
        warnings.extend(crate::workspace::unedited_locks(project, &planned));
    }
    crate::workspace::check_conflicts(&planned)?;
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
    let verb = if dry_run { "would write" } else { "wrote" };
    if !dry_run {
        fsutil::write_all(&edits)?;
    }
    for b in bumped {
        match b.name.as_ref().filter(|_| named) {
            Some(name) => writeln!(ctx.out, "{name} {} -> {}", b.old, b.next)?,
            None => writeln!(ctx.out, "{} -> {}", b.old, b.next)?,
        }
        for file in &b.files {
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
        if b.files.is_empty() {
            ctx.note("  no version file to write: the version lives in the release tags")?;
        }
    }
    for dependent in &planned[own..] {
        ctx.note(&format!(
            "  {verb} {} (its requirements on the packages bumped)",
            dependent.shown
        ))?;
    }
    Ok(Status::Success)
}
