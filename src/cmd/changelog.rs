//! `relman changelog`: releases read from the repository, rendered by the changelog
//! template, printed, written, or spliced into the existing changelog.

use std::fmt::Write as _;
use std::io::Write;

use anyhow::{bail, Result};

use super::{target, write_file, Ctx, Target};
use crate::changelog::{self, Spliced};
use crate::cli::{ChangelogArgs, DocFormat};
use crate::context::Release;
use crate::releases::{self, Shared};
use crate::render::Renderer;
use crate::workspace::Workspace;
use crate::Status;

/// `relman changelog`: in a monorepo without one `--package`, the unreleased section of
/// each package that has something to release (or of those `--package` names), each
/// after a comment naming it.
pub(super) fn run(ctx: &mut Ctx<'_>, args: &ChangelogArgs) -> Result<Status> {
    let one_only = [
        (args.prepend.is_some(), "--prepend"),
        (args.output.is_some(), "--output"),
        (args.all, "--all"),
        (args.range.is_some(), "--range"),
        (args.tag.is_some(), "--tag"),
        (args.format == DocFormat::Json, "--format json"),
    ];
    super::one_or_each(ctx, &one_only, "changelog", |ctx, project, version| {
        // Several packages: each titled with the version it releases; one: `[Unreleased]`
        // as for any repository, unless --tag says otherwise.
        let version = version.filter(|_| ctx.packages.len() != 1);
        let args = match version {
            Some(v) => &ChangelogArgs {
                tag: Some(v.to_string()),
                ..args.clone()
            },
            None => args,
        };
        run_one(ctx, project, args).map(|_| ())
    })
}

/// `relman changelog` for the package `project` works on.
fn run_one(ctx: &mut Ctx<'_>, project: &Workspace, args: &ChangelogArgs) -> Result<Status> {
    let repo = project.repo()?;
    let head = repo.head()?;
    if let Some(tag) = &args.tag {
        releases::check_version(tag)?;
    }
    let date = releases::release_date(args.date.as_deref())?;
    let renderer = crate::render::for_project(project)?;
    if args.all {
        return changelog_all(ctx, project, &renderer, args, &date);
    }
    let shared = Shared::of(project);
    let json = args.format == DocFormat::Json;
    let release = if let Some(range) = &args.range {
        let release = range_release(project, &shared, range, args.tag.as_deref(), &date, json)?;
        if release.commits.is_empty() && !json {
            ctx.note(&format!("no commit to list in {range}"))?;
            return Ok(Status::Success);
        }
        release
    } else {
        let latest = project.package().latest_tag(project, false)?;
        let (version, tag, unreleased) = releases::unreleased_title(project, args.tag.as_deref());
        let heading = releases::Heading {
            version,
            tag,
            date: date.clone(),
            unreleased,
        };
        releases::release(project, &shared, (latest.as_ref(), &head), heading, json)?
    };
    if args.format == DocFormat::Json {
        writeln!(
            ctx.out,
            "{}",
            crate::text::json_text(serde_json::to_string_pretty(&release)?)
        )?;
        return Ok(Status::Success);
    }
    let section = changelog::sections(&renderer, std::slice::from_ref(&release))?;
    if let Some(path) = &args.prepend {
        let out = target(ctx, project, path)?;
        let existing = match &out {
            Target::File { file, .. } if file.exists => {
                crate::workspace::read_text(&file.full, path)?
            }
            _ => changelog::HEADER.to_string(),
        };
        let label = changelog::label(&release);
        // In the file's own style; a heading that links the release needs no definition.
        let (styled, linked) = changelog::in_style_of(&existing, &section, &release);
        let link = if linked {
            None
        } else {
            changelog::link(&release)
        };
        match changelog::splice_with(
            &existing,
            &styled,
            &label,
            link,
            project.settings.promote_unreleased,
        )
        .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
        {
            Spliced::Unchanged => ctx.note(&format!(
                "{}: already holds this {label} section; unchanged",
                path.display()
            ))?,
            Spliced::Changed(text) => {
                write_file(ctx, &out, &text)?;
                ctx.note(&format!("{}: wrote the {label} section", path.display()))?;
            }
        }
        return Ok(Status::Success);
    }
    let mut text = section;
    let defs = changelog::definitions(std::slice::from_ref(&release));
    if !defs.is_empty() {
        text.push('\n');
        text.push_str(&defs);
    }
    match &args.output {
        Some(path) => {
            let out = target(ctx, project, path)?;
            let doc = format!("{}\n{text}", changelog::HEADER);
            keeps_every_line(&out, &doc, args.force)?;
            write_file(ctx, &out, &doc)?;
        }
        None => ctx.out.write_all(text.as_bytes())?,
    }
    Ok(Status::Success)
}

fn range_release(
    project: &Workspace,
    shared: &Shared,
    range: &str,
    title: Option<&str>,
    date: &str,
    stats: bool,
) -> Result<Release> {
    let repo = project.repo()?;
    let Some((from, to)) = range.split_once("..") else {
        bail!("{range:?} is not a range; write it as A..B, e.g. v1.2.0..v1.3.0");
    };
    let to_name = if to.is_empty() { "HEAD" } else { to };
    let to_id = repo.resolve(to_name)?;
    let from_id = if from.is_empty() {
        None
    } else {
        Some(repo.resolve(from)?)
    };
    let tags = project.package().release_tags(project)?;
    let from_tag = from_id.as_ref().map(|id| {
        tags.iter()
            .find(|t| &t.commit == id && t.name == from)
            .cloned()
            .unwrap_or_else(|| crate::git::Tag {
                name: from.to_string(),
                version: project
                    .package()
                    .tags
                    .parse(from)
                    .unwrap_or_else(|| semver::Version::new(0, 0, 0)),
                commit: id.clone(),
            })
    });
    let to_tag = tags.iter().find(|t| t.name == to_name).or_else(|| {
        tags.iter()
            .find(|t| t.commit == to_id && title.is_none() && to_name != "HEAD")
    });
    let (version, tag, unreleased, day) = match (to_tag, title) {
        (_, Some(v)) => {
            let (version, tag, unreleased) = releases::unreleased_title(project, Some(v));
            (version, tag, unreleased, date.to_string())
        }
        (Some(t), None) => (
            t.version.to_string(),
            Some(t.name.clone()),
            false,
            releases::tag_date(project, t)?,
        ),
        (None, None) => ("Unreleased".to_string(), None, true, date.to_string()),
    };
    let heading = releases::Heading {
        version,
        tag,
        date: day,
        unreleased,
    };
    releases::release(project, shared, (from_tag.as_ref(), &to_id), heading, stats)
}

fn changelog_all(
    ctx: &mut Ctx<'_>,
    project: &Workspace,
    renderer: &Renderer,
    args: &ChangelogArgs,
    date: &str,
) -> Result<Status> {
    let json = args.format == DocFormat::Json;
    let mut defs = String::new();
    let mut doc = String::new();
    let mut first = true;
    let out = match &args.output {
        Some(path) => Some(target(ctx, project, path)?),
        None => None,
    };
    let to_file = out.is_some();
    {
        let out: &mut dyn Write = ctx.out;
        let mut emit = |text: &str, doc: &mut String| -> Result<()> {
            if to_file {
                doc.push_str(text);
            } else {
                out.write_all(text.as_bytes())?;
            }
            Ok(())
        };
        emit(if json { "[\n" } else { changelog::HEADER }, &mut doc)?;
        // A release is rendered as soon as its commits are known: a history with releases
        // off its line holds the rendered text until their turn, not the commits.
        let render = |release: crate::context::Release| -> Result<(String, Option<String>)> {
            if json {
                let text = crate::text::json_text(serde_json::to_string_pretty(&release)?);
                return Ok((text, None));
            }
            let section = changelog::section(renderer, &release)?;
            let link = changelog::link(&release).map(|(label, url)| format!("[{label}]: {url}"));
            Ok((format!("\n{}\n", section.trim()), link))
        };
        releases::each_release(
            project,
            args.tag.as_deref(),
            date,
            render,
            |(text, link): (String, Option<String>)| {
                let sep = if json && !first { ",\n" } else { "" };
                emit(&format!("{sep}{text}"), &mut doc)?;
                if let Some(link) = link {
                    let _ = writeln!(defs, "{link}");
                }
                first = false;
                Ok(())
            },
        )?;
        if json {
            emit("\n]\n", &mut doc)?;
        } else if !defs.is_empty() {
            emit(&format!("\n{defs}"), &mut doc)?;
        }
    }
    if let Some(out) = &out {
        keeps_every_line(out, &doc, args.force)?;
        write_file(ctx, out, &doc)?;
    }
    Ok(Status::Success)
}

/// Refuse (unless `force`) to replace a file that holds a line `doc` does not: text relman
/// did not generate (a hand-written entry, notes added to a section) would be lost.
fn keeps_every_line(out: &Target, doc: &str, force: bool) -> Result<()> {
    let Target::File { file, .. } = out else {
        return Ok(());
    };
    if force || !file.exists {
        return Ok(());
    }
    let existing = crate::workspace::read_text(&file.full, std::path::Path::new(&file.shown))?;
    let kept: std::collections::HashSet<&str> = doc.lines().map(str::trim_end).collect();
    if let Some((n, line)) = existing
        .lines()
        .enumerate()
        .find(|(_, l)| !l.trim().is_empty() && !kept.contains(l.trim_end()))
    {
        bail!(
            "{}:{}: {:?} is not in the changelog relman would write, and would be lost; add the new section with --prepend instead, or pass --force to replace the file",
            file.shown,
            n + 1,
            crate::text::printable(line.trim())
        );
    }
    Ok(())
}
