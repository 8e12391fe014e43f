//! `relman changelog` and `relman render`: releases read from the repository, rendered by
//! the templates, printed or written (atomically), or spliced into an existing changelog.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context as _, Result};

use crate::changelog::{self, Spliced};
use crate::cli::{ChangelogArgs, DocFormat, RenderArgs};
use crate::commands::Ctx;
use crate::context::Release;
use crate::decide::{self, Choice};
use crate::fsutil;
use crate::paths::RepoPath;
use crate::project::Project;
use crate::releases::{self, Shared};
use crate::render::Renderer;
use crate::Status;

/// The project's templates (the `[templates] dir`, default `templates/`).
pub fn renderer(project: &Project) -> Result<Renderer> {
    let dir = project
        .config
        .templates
        .dir
        .clone()
        .unwrap_or_else(|| "templates".to_string());
    // The templates are repository content: their folder stays inside the work tree, and
    // each template in it is read as a regular file inside it (render/files.rs).
    RepoPath::folder(&project.fs_root, &dir)?;
    Renderer::in_repository(&project.root, &dir)
}

/// Where `--output`/`--prepend` goes: standard output (`-`, `/dev/stdout`) or a file,
/// checked by `paths` (inside the work tree: no link out, nothing in `.git`; anywhere: a
/// regular file only).
enum Target {
    Stdout,
    /// The file, and the lock held until it is written.
    File {
        file: RepoPath,
        _lock: Option<Box<crate::journal::Lock>>,
    },
}

fn target(ctx: &Ctx<'_>, project: &Project, path: &Path) -> Result<Target> {
    if path.as_os_str() == "-" || path == Path::new("/dev/stdout") {
        return Ok(Target::Stdout);
    }
    let file = RepoPath::given(&project.fs_root, &ctx.dir, path)?;
    let lock = crate::journal::hold(project, "changelog or render --output")?;
    Ok(Target::File {
        file,
        _lock: lock.map(Box::new),
    })
}

fn write_file(ctx: &mut Ctx<'_>, target: &Target, text: &str) -> Result<()> {
    let file = match target {
        Target::Stdout => return Ok(ctx.out.write_all(text.as_bytes())?),
        Target::File { file, .. } => file,
    };
    if let Some(parent) = file.full.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create the folder", file.shown))?;
    }
    fsutil::write_atomic(&file.full, text.as_bytes()).with_context(|| {
        format!(
            "{}: cannot write; check the path and its permissions",
            file.shown
        )
    })?;
    Ok(())
}

/// `relman changelog`
pub fn changelog(ctx: &mut Ctx<'_>, args: &ChangelogArgs) -> Result<Status> {
    let project = ctx.project()?;
    let repo = project.repo()?;
    let head = repo.head()?;
    if let Some(tag) = &args.tag {
        releases::check_version(tag)?;
    }
    let date = releases::release_date(args.date.as_deref())?;
    let renderer = renderer(&project)?;
    if args.all {
        return changelog_all(ctx, &project, &renderer, args, &date);
    }
    let shared = Shared::of(&project);
    let json = args.format == DocFormat::Json;
    let release = if let Some(range) = &args.range {
        let release = range_release(&project, &shared, range, args.tag.as_deref(), &date, json)?;
        if release.commits.is_empty() && !json {
            ctx.note(&format!("no commit to list in {range}"))?;
            return Ok(Status::Success);
        }
        release
    } else {
        let tags = repo.release_tags(&project.prefix)?;
        let latest = repo.latest_tag(&tags, &head, false)?;
        let (version, tag, unreleased) = releases::unreleased_title(&project, args.tag.as_deref());
        releases::release(
            &project,
            &shared,
            latest.as_ref(),
            &head,
            version,
            tag,
            date.clone(),
            unreleased,
            json,
        )?
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
        let out = target(ctx, &project, path)?;
        let existing = match &out {
            Target::File { file, .. } if file.exists => {
                crate::project::read_text(&file.full, path)?
            }
            _ => changelog::HEADER.to_string(),
        };
        let label = changelog::label(&release);
        match changelog::splice(&existing, &section, &label, changelog::link(&release))
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
            let out = target(ctx, &project, path)?;
            let doc = format!("{}\n{text}", changelog::HEADER);
            write_file(ctx, &out, &doc)?;
        }
        None => ctx.out.write_all(text.as_bytes())?,
    }
    Ok(Status::Success)
}

fn range_release(
    project: &Project,
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
    let tags = repo.release_tags(&project.prefix)?;
    let from_tag = from_id.as_ref().map(|id| {
        tags.iter()
            .find(|t| &t.commit == id && t.name == from)
            .cloned()
            .unwrap_or_else(|| crate::git::Tag {
                name: from.to_string(),
                version: project
                    .prefix
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
    releases::release(
        project,
        shared,
        from_tag.as_ref(),
        &to_id,
        version,
        tag,
        day,
        unreleased,
        stats,
    )
}

fn changelog_all(
    ctx: &mut Ctx<'_>,
    project: &Project,
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
        releases::each_release(project, args.tag.as_deref(), date, |release| {
            if json {
                let sep = if first { "" } else { ",\n" };
                emit(
                    &format!(
                        "{sep}{}",
                        crate::text::json_text(serde_json::to_string_pretty(&release)?)
                    ),
                    &mut doc,
                )?;
            } else {
                let section = changelog::section(renderer, &release)?;
                emit(&format!("\n{}\n", section.trim()), &mut doc)?;
                if let Some((label, url)) = changelog::link(&release) {
                    let _ = writeln!(defs, "[{label}]: {url}");
                }
            }
            first = false;
            Ok(())
        })?;
        if json {
            emit("\n]\n", &mut doc)?;
        } else if !defs.is_empty() {
            emit(&format!("\n{defs}"), &mut doc)?;
        }
    }
    if let Some(out) = &out {
        write_file(ctx, out, &doc)?;
    }
    Ok(Status::Success)
}

/// `relman render`
pub fn render(ctx: &mut Ctx<'_>, args: &RenderArgs) -> Result<Status> {
    let project = ctx.project()?;
    let renderer = renderer(&project)?;
    if !renderer.names().contains(&args.name) {
        // The error names the templates there are.
        renderer.render(&args.name, &serde_json::json!({}))?;
    }
    let release = release_for_render(ctx, &project, args)?;
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
    match &args.output {
        Some(path) => {
            let out = target(ctx, &project, path)?;
            write_file(ctx, &out, &text)?;
        }
        None => ctx.out.write_all(text.as_bytes())?,
    }
    Ok(Status::Success)
}

/// The release a document is about: `--version V` (a released tag, or the upcoming release
/// named V), else the release at HEAD when HEAD is tagged, else the next release.
fn release_for_render(ctx: &mut Ctx<'_>, project: &Project, args: &RenderArgs) -> Result<Release> {
    let repo = project.repo()?;
    let head = repo.head()?;
    let date = releases::release_date(args.date.as_deref())?;
    let shared = Shared::of(project);
    let tags = repo.release_tags(&project.prefix)?;
    let latest = repo.latest_tag(&tags, &head, false)?;
    let wanted = match &args.version {
        Some(v) => Some(
            semver::Version::parse(v.trim_start_matches('v')).map_err(|e| {
                anyhow::anyhow!("--version {v:?} is not a SemVer version ({e}); write it as 1.2.3")
            })?,
        ),
        None => None,
    };
    let released = match &wanted {
        Some(v) => tags
            .iter()
            .find(|t| &t.version == v && repo.is_ancestor(&t.commit, &head).unwrap_or(false))
            .cloned(),
        None => latest.clone().filter(|t| t.commit == head),
    };
    if let Some(tag) = released {
        let day = releases::tag_date(project, &tag)?;
        let previous = releases::previous_tag(project, &tag)?;
        return releases::release(
            project,
            &shared,
            previous.as_ref(),
            &tag.commit,
            tag.version.to_string(),
            Some(tag.name.clone()),
            day,
            false,
            true,
        );
    }
    let version = if let Some(v) = wanted {
        v
    } else {
        let decision = decide::decide(project, &Choice::default())?;
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
    let tag = project.prefix.format(&version);
    // A final release after pre-releases holds everything since the last final release.
    let previous =
        if version.pre.is_empty() && latest.as_ref().is_some_and(|t| !t.version.pre.is_empty()) {
            repo.latest_tag(&tags, &head, true)?
        } else {
            latest
        };
    releases::release(
        project,
        &shared,
        previous.as_ref(),
        &head,
        version.to_string(),
        Some(tag),
        date,
        false,
        true,
    )
}
