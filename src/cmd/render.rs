//! `relman render`: one template rendered for a release, printed or written.

use anyhow::Result;

use super::{target, write_file, Ctx};
use crate::changelog;
use crate::cli::{DocFormat, RenderArgs};
use crate::context::Release;
use crate::decide::Choice;
use crate::releases::{self, Shared};
use crate::workspace::Workspace;
use crate::Status;

/// `relman render`: in a monorepo without one `--package`, the document of each package
/// that has something to release (or of those `--package` names), each after a comment
/// naming it.
pub(super) fn run(ctx: &mut Ctx<'_>, args: &RenderArgs) -> Result<Status> {
    let one_only = [
        (args.output.is_some(), "--output"),
        (args.version.is_some(), "--version"),
        (args.format == DocFormat::Json, "--format json"),
    ];
    super::one_or_each(ctx, &one_only, "release", |ctx, project, version| {
        let args = match version {
            Some(v) => &RenderArgs {
                version: Some(v.to_string()),
                ..args.clone()
            },
            None => args,
        };
        run_one(ctx, project, args).map(|_| ())
    })
}

/// `relman render` for the package `project` works on.
fn run_one(ctx: &mut Ctx<'_>, project: &Workspace, args: &RenderArgs) -> Result<Status> {
    let renderer = crate::render::for_project(project)?;
    if !renderer.names().contains(&args.name) {
        // The error names the templates there are.
        renderer.render(&args.name, &serde_json::json!({}))?;
    }
    let mut release = release_for_render(ctx, project, args)?;
    let out = match &args.output {
        Some(path) => Some(target(ctx, project, path)?),
        None => None,
    };
    // Links to the release's other documents start from where this one is written: the
    // output file, else where `[documents]` puts it, else the root.
    let tag = release.tag.clone().unwrap_or_default();
    let from = match &out {
        Some(super::Target::File { file, .. }) => file.real.clone(),
        _ => project
            .package()
            .documents()
            .iter()
            .find(|d| d.name == args.name)
            .map(|d| crate::paths::normalize(&d.path.expand(&release.version, &tag)))
            .unwrap_or_default(),
    };
    // Only the documents that are there: a link to one not written would be broken.
    let there = |path: &str| {
        crate::paths::RepoPath::resolve(&project.fs_root, path).is_ok_and(|f| f.exists)
    };
    release.documents = releases::document_index(
        project,
        (&release.version, &tag),
        (&args.name, &from),
        &there,
    );
    let text = if args.format == DocFormat::Json {
        format!(
            "{}\n",
            crate::text::json_text(serde_json::to_string_pretty(&release)?)
        )
    } else if args.name == "changelog" {
        let mut t = changelog::sections(&renderer, std::slice::from_ref(&release))?;
        let defs = changelog::definitions(std::slice::from_ref(&release));
        if !defs.is_empty() {
            t.push('\n');
            t.push_str(&defs);
        }
        t
    } else {
        renderer.render(&args.name, &release)?
    };
    match &out {
        Some(out) => write_file(ctx, out, &text)?,
        None => ctx.out.write_all(text.as_bytes())?,
    }
    Ok(Status::Success)
}

/// The release a document is about: `--version V` (a released tag, or the upcoming release
/// named V), else the release at HEAD when HEAD is tagged, else the next release.
fn release_for_render(
    ctx: &mut Ctx<'_>,
    project: &Workspace,
    args: &RenderArgs,
) -> Result<Release> {
    let repo = project.repo()?;
    let head = repo.head()?;
    let date = releases::release_date(args.date.as_deref())?;
    let shared = Shared::of(project);
    let tags = project.package().release_tags(project)?;
    let latest = project.package().latest_tag(project, false)?;
    let wanted = match &args.version {
        Some(v) => Some(
            semver::Version::parse(v.trim_start_matches('v')).map_err(|e| {
                anyhow::anyhow!("--version {v:?} is not a SemVer version ({e}); write it as 1.2.3")
            })?,
        ),
        None => None,
    };
    let released = match &wanted {
        // A release tag of that version: the one HEAD reaches, else one on another branch
        // (a release branch's tag is that release all the same).
        Some(v) => {
            let named: Vec<&crate::git::Tag> = tags.iter().filter(|t| &t.version == v).collect();
            named
                .iter()
                .find(|t| repo.is_ancestor(&t.commit, &head).unwrap_or(false))
                .or(named.first())
                .map(|t| (*t).clone())
        }
        None => latest.clone().filter(|t| t.commit == head),
    };
    if let Some(tag) = released {
        let day = releases::tag_date(project, &tag)?;
        let previous = project.package().previous_tag(project, &tag)?;
        return releases::release(
            project,
            &shared,
            (previous.as_ref(), &tag.commit),
            releases::Heading::tagged(&tag.version, tag.name.clone(), day),
            true,
        );
    }
    let version = if let Some(v) = wanted {
        v
    } else {
        let decision = project.package().decide(project, &Choice::default())?;
        for note in &decision.notes {
            ctx.warn(note)?;
        }
        if let Some(v) = decision.next {
            v
        } else {
            ctx.warn(&format!(
                "nothing to release since the latest tag: rendering for the current version {}",
                decision.current
            ))?;
            decision.current
        }
    };
    let tag = project.package().tag_name(project, &version);
    let previous = project.package().follows(project, &version)?;
    releases::release(
        project,
        &shared,
        (previous.as_ref(), &head),
        releases::Heading::tagged(&version, tag, date),
        true,
    )
}
