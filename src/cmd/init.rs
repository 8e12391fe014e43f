//! `relman init`: write a release.toml and the built-in templates.

use anyhow::{anyhow, Context as _, Result};

use super::Ctx;
use crate::cli;
use crate::fsutil::{self, Edit};
use crate::Status;

/// `relman init`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &cli::InitArgs) -> Result<Status> {
    let project = ctx.workspace()?;
    let _lock = crate::journal::hold(&project, "init")?;
    let (_, source) = project.package().current_version(&project)?;
    let source_line = match &source {
        crate::workspace::Source::File(path) => format!("source = \"{}\"", path.display()),
        crate::workspace::Source::Tag(_) | crate::workspace::Source::Default => {
            "source = \"tag\"".to_string()
        }
    };
    // A placeholder (semantic-release's `0.0.0-semantic-release`) is not the version.
    let placeholders = project.package().placeholder_notes(&project)?;
    let mut comments = String::new();
    for note in &placeholders {
        comments.push_str("# ");
        comments.push_str(&crate::text::one_line(note));
        comments.push('\n');
    }
    let source_line = comments + &source_line;
    for note in &placeholders {
        ctx.note(&format!("  {note}"))?;
    }
    let remote = project
        .repo
        .as_ref()
        .and_then(|r| r.remote_url("origin"))
        .and_then(|u| crate::remote::Remote::parse(&u));
    let remote_note = match &remote {
        // A comment line: the URL is the forge's host and path only (no credentials, query
        // or fragment), and could never end the line.
        Some(r) => format!(
            "# Links go to {} (from the origin remote).",
            crate::text::one_line(&r.url)
        ),
        None => "# No forge remote (origin on GitHub, GitLab, Bitbucket or Gitea): no links."
            .to_string(),
    };
    // The tag scheme the project's own tags use: `6.5.0` or `v6.5.0`.
    let latest = project
        .package()
        .release_tags(&project)?
        .into_iter()
        .next()
        .map(|t| t.name);
    let (prefix, prefix_note) = match &latest {
        Some(name) if !name.starts_with('v') => (
            "",
            format!(
                "Release tags look like {} (read from the existing tags).",
                crate::text::one_line(name)
            ),
        ),
        Some(name) => (
            "v",
            format!(
                "Release tags look like {} (read from the existing tags).",
                crate::text::one_line(name)
            ),
        ),
        None => ("v", "Release tags look like v1.2.3.".to_string()),
    };
    let config = format!(
        "# relman's configuration. Every key is optional; see relman's README for all of them.\n\
         {remote_note}\n\
         \n\
         [version]\n\
         # Where the current version is read from (found in this repository).\n\
         {source_line}\n\
         # {prefix_note}\n\
         tag-prefix = \"{prefix}\"\n\
         # Below 1.0.0: a breaking change bumps the minor version, a feature the patch version.\n\
         pre-major-breaking = \"minor\"\n\
         pre-major-feat = \"patch\"\n\
         \n\
         [changelog]\n\
         path = \"CHANGELOG.md\"\n\
         \n\
         [changelog.paths]\n\
         # Paths that make the staging plan add a database backup and migration step.\n\
         migrations = [\"migrations/**\", \"db/migrate/**\"]\n\
         \n\
         [documents]\n\
         # What relman release renders, from templates/NAME.md.tera.\n\
         notes = \"docs/releases/RELEASE_NOTES_{{{{version}}}}.md\"\n\
         plan = \"docs/releases/STAGING_PLAN_{{{{version}}}}.md\"\n\
         checklist = \"docs/releases/CHECKLIST_{{{{version}}}}.md\"\n\
         \n\
         [context]\n\
         # Free values for the templates, as context.KEY.\n\
         owner = \"the release manager\"\n\
         \n\
         [hooks]\n\
         # Commands run without a shell, with RELMAN_VERSION and RELMAN_PREVIOUS_VERSION set;\n\
         # one that fails stops the release and undoes it. For example:\n\
         # before-write = [[\"cargo\", \"test\"]]\n"
    );
    let config = config + &packages_text(&project);
    // The file must load: it is what every other command reads.
    crate::settings::parse(&config, &crate::lint::rule_ids())
        .map_err(|e| anyhow!("the generated release.toml is invalid ({e}); please report this"))?;
    // Through `paths`, like every write: a linked templates folder cannot lead out.
    let mut writes: Vec<(crate::paths::RepoPath, String)> = vec![(
        crate::paths::RepoPath::resolve(&project.fs_root, "release.toml")?,
        config,
    )];
    for (name, source) in crate::render::BUILTINS {
        let path = format!("templates/{name}.md.tera");
        writes.push((
            crate::paths::RepoPath::resolve(&project.fs_root, &path)?,
            (*source).to_string(),
        ));
    }
    if !args.force {
        let existing: Vec<&str> = writes
            .iter()
            .filter(|(p, _)| p.exists)
            .map(|(p, _)| p.shown.as_str())
            .collect();
        if !existing.is_empty() {
            anyhow::bail!(
                "{} already exist(s); relman init does not overwrite without --force",
                existing.join(", ")
            );
        }
    }
    for (file, _) in &writes {
        if let Some(parent) = file.full.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create its folder", file.shown))?;
        }
    }
    let edits: Vec<Edit> = writes
        .into_iter()
        .map(|(file, text)| Edit {
            path: std::path::PathBuf::from(&file.shown),
            old: if file.exists {
                std::fs::read(&file.full).ok()
            } else {
                None
            },
            full: file.full,
            new: text.into_bytes(),
        })
        .collect();
    fsutil::write_all(&edits)?;
    for edit in &edits {
        ctx.note(&format!("  wrote {}", edit.path.display()))?;
    }
    writeln!(
        ctx.out,
        "release.toml and templates/ are ready; try `relman release --dry-run`"
    )?;
    Ok(Status::Success)
}

/// In a monorepo, a `[[packages]]` table for each package found, with its folder and the
/// tag template read from its tags, so that what relman found is written down and can be
/// changed.
fn packages_text(project: &crate::workspace::Workspace) -> String {
    use std::fmt::Write as _;
    let packages = project.packages();
    if packages.is_empty() {
        return String::new();
    }
    let mut out = String::from(
        "\n# The packages of this monorepo, as relman found them: each has its own version, tags\n\
         # and changelog. `relman next` lists those with something to release.\n",
    );
    for package in packages {
        let Some(name) = &package.given_name else {
            continue;
        };
        let template = match &package.tags {
            crate::git::TagPrefix::Exact(prefix) => match prefix.strip_prefix(name.as_str()) {
                Some(rest) => format!("{{name}}{rest}{{version}}"),
                None => format!("{prefix}{{version}}"),
            },
            crate::git::TagPrefix::Default => "v{version}".to_string(),
        };
        let latest = package
            .latest_tag(project, false)
            .ok()
            .flatten()
            .map_or_else(
                || "no tag yet".to_string(),
                |t| format!("latest {}", crate::text::one_line(&t.name)),
            );
        let path = if package.root.is_empty() {
            "."
        } else {
            package.root.as_str()
        };
        let _ = write!(
            out,
            "\n[[packages]]\nname = {}\npath = {}\ntag = {}  # {latest}\n",
            toml_string(name),
            toml_string(path),
            toml_string(&template),
        );
    }
    out
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}
