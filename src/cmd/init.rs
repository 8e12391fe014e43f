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
    let (mut current, mut source) = project.package().current_version(&project)?;
    // A known file holding another version than the released one (a docs site's
    // package.json) is not the version's source.
    if project.packages().is_empty() {
        if let Some((keep, _)) = disagreeing(&project, project.package()) {
            if let crate::workspace::Source::File(path) = &source {
                let shown = path.to_string_lossy().replace('\\', "/");
                if !keep.contains(&shown) {
                    let released = project.package().latest_tag(&project, true)?;
                    if let (Some(first), Some(tag)) = (keep.first(), released) {
                        source = crate::workspace::Source::File(first.into());
                        current = tag.version;
                    }
                }
            }
        }
    }
    // The release tags, highest first: read once, for every question below.
    let release_tags = project.package().release_tags(&project)?;
    let found = Conventions::read(&project, &current.to_string(), &release_tags)?;
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
    // The latest release HEAD reaches (a tag of a later release on another branch is not
    // this branch's), else the highest.
    let latest = match project.package().latest_tag(&project, false)? {
        Some(tag) => Some(tag.name),
        None => release_tags.first().map(|t| t.name.clone()),
    };
    // Calendar versions (`2026.8.9`: a year, then a month): the release date decides.
    let calver = release_tags.first().is_some_and(|t| {
        (2000..=2999).contains(&t.version.major) && (1..=12).contains(&t.version.minor)
    });
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
    // x.y.0 releases tagged with two numbers (`v4.1`), as relman will go on tagging them.
    let short = release_tags
        .iter()
        .find(|t| t.version.patch == 0 && t.version.pre.is_empty())
        .is_some_and(|t| project.package().tags.is_short(&t.name));
    let prefix_note = if short {
        format!("{prefix_note} Its x.y.0 releases are tagged {prefix}X.Y, patches {prefix}X.Y.Z.")
    } else {
        prefix_note
    };
    let files_line = found.files_line();
    let mut patterns = String::new();
    for declared in &found.declared {
        use std::fmt::Write as _;
        // As many as the file holds: `count` is what a pattern must find.
        let count = if declared.count > 1 {
            format!("count = {}\n", declared.count)
        } else {
            String::new()
        };
        let (key, value) = match &declared.pattern {
            crate::formats::Pattern::Literal(text) => ("literal", text),
            crate::formats::Pattern::Regex(text) => ("regex", text),
        };
        let _ = write!(
            patterns,
            "# {}: the release moves it.\n\
             [[version.patterns]]\npath = {}\n{key} = {}\n{count}",
            declared.why(),
            toml_string(&declared.path),
            toml_string(value)
        );
    }
    for chart in &found.charts {
        use std::fmt::Write as _;
        let _ = write!(
            patterns,
            "# The chart's appVersion is the app's: the release moves it (`version` is the chart's).\n\
             [[version.patterns]]\npath = {}\nregex = '(?m)^appVersion:[ \\t]*[\"\\x27]?v?(?P<version>[0-9][^\"\\x27\\s#]*)'\n"
            ,
            toml_string(chart)
        );
    }
    let changelog_path = toml_string(
        found
            .changelog
            .as_ref()
            .or(found.foreign_changelog.as_ref())
            .map_or("CHANGELOG.md", |(p, _)| p.as_str()),
    );
    let changelog_note = match (&found.changelog, &found.foreign_changelog) {
        (Some((path, _)), _) if found.stale_changelog.is_some() => {
            let (newest, behind) = found.stale_changelog.clone().unwrap_or_default();
            format!(
                "# {}'s newest entry is {newest}, and {behind} releases came after it: the project no\n\
                 # longer keeps it, so the release leaves it alone (remove this to write it again).\nwrite = false",
                crate::text::one_line(path)
            )
        }
        (None, Some((path, format))) => format!(
            "# {} is {format}, which relman does not write: the release leaves it to you, and its\n\
             # section goes into the tag message and the release notes.\nwrite = false",
            crate::text::one_line(path)
        ),
        (Some((path, style)), _) if *style == "its own headings" => format!(
            "# {} is written with headings of its own; new sections continue them.",
            crate::text::one_line(path)
        ),
        (Some((path, style)), _) => format!(
            "# {} is written in the {style} style; new sections continue it.",
            crate::text::one_line(path)
        ),
        (None, None) => {
            "# No changelog yet: relman starts one in the Keep a Changelog style.".to_string()
        }
    };
    let mirrors_line = if found.mirrors.is_empty() {
        String::new()
    } else {
        format!(
            "# Copies of the changelog that each release's section also goes into.\nmirrors = [{}]\n",
            found
                .mirrors
                .iter()
                .map(|m| toml_string(m))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    // A conventional-changelog file goes on with its own section titles.
    // A monorepo's packages keep changelogs of their own: the root's style is not theirs.
    let style = found
        .changelog
        .as_ref()
        .filter(|_| found.packages == 0)
        .map(|(_, style)| *style);
    let fixed: &[(&str, &str)] = match style {
        Some("conventional-changelog") => &[
            ("Features", "feat"),
            ("Bug Fixes", "fix"),
            ("Performance Improvements", "perf"),
            ("Reverts", "revert"),
        ],
        Some("commitizen") => &[
            ("Feat", "feat"),
            ("Fix", "fix"),
            ("Refactor", "refactor"),
            ("Perf", "perf"),
        ],
        _ => &[],
    };
    // Otherwise the file's own subsection titles (`### ⛰️  Features`), when it has some.
    let titles: Vec<(String, &str)> = if fixed.is_empty() && style.is_some() {
        found.section_titles.clone()
    } else {
        fixed.iter().map(|(t, k)| ((*t).to_string(), *k)).collect()
    };
    let sort_line = if style == Some("conventional-changelog") {
        "# A section's entries by scope, as conventional-changelog and release-please sort them.\nsort = \"scope\"\n"
    } else {
        ""
    };
    let scheme_line = if calver {
        "# The tags are calendar versions (YEAR.MONTH.N): a release is the release date's year and\n\
         # month, N counting that month's releases.\nscheme = \"calver\"\n"
    } else {
        ""
    };
    let mut sections = String::new();
    if !titles.is_empty() {
        sections.push_str("\n# The section titles the changelog already uses.\n");
        for (title, kind) in &titles {
            use std::fmt::Write as _;
            let _ = writeln!(
                sections,
                "[[changelog.sections]]\ntitle = {}\ntypes = [{}]",
                toml_string(title),
                toml_string(kind)
            );
        }
    }
    let (deploy_note, plan) = if found.deploys.is_empty() {
        (
            "# Nothing here deploys a service (no Dockerfile, chart, Kubernetes or Terraform files,\n\
             # migrations or Procfile): release notes only. Uncomment to render the others."
                .to_string(),
            "# ",
        )
    } else {
        (
            format!(
                "# This project deploys ({}): a staging plan and checklist too.",
                crate::text::one_line(&found.deploys.join(", "))
            ),
            "",
        )
    };
    // When `docs/` is a documentation site's source, documents written there would be
    // published with it: they go to `releases/` instead.
    let releases = if found.docs_site {
        "releases"
    } else {
        "docs/releases"
    };
    // A project's own `templates/` (Django's, Jinja's) is not mixed with relman's.
    let relmans = |name: &str| {
        crate::render::BUILTINS
            .iter()
            .any(|(builtin, _)| name == format!("{builtin}.md.tera"))
    };
    // A folder holding other files (a link out of the repository is refused here).
    let own_templates = crate::paths::RepoPath::folder(&project.fs_root, "templates")?
        .and_then(|folder| std::fs::read_dir(folder).ok())
        .is_some_and(|entries| {
            entries
                .filter_map(Result::ok)
                .any(|e| !relmans(&e.file_name().to_string_lossy()))
        });
    let templates_dir = if own_templates {
        ".relman/templates"
    } else {
        crate::settings::DEFAULT_TEMPLATES
    };
    let templates_table = if templates_dir == crate::settings::DEFAULT_TEMPLATES {
        String::new()
    } else {
        format!(
            "\n[templates]\n# The project's templates/ folder is its own: relman's live here.\ndir = \"{templates_dir}\"\n"
        )
    };
    let config = format!(
        "# relman's configuration. Every key is optional; see relman's README for all of them.\n\
         {remote_note}\n\
         \n\
         [version]\n\
         # Where the current version is read from (found in this repository).\n\
         {source_line}\n\
         {files_line}\
         # {prefix_note}\n\
         tag-prefix = \"{prefix}\"\n\
         {scheme_line}\
         # Below 1.0.0: a breaking change bumps the minor version, a feature the patch version.\n\
         pre-major-breaking = \"minor\"\n\
         pre-major-feat = \"patch\"\n\
         {patterns}\
         \n\
         [changelog]\n\
         {changelog_note}\n\
         path = {changelog_path}\n\
         {mirrors_line}{sort_line}\
         \n\
         [changelog.paths]\n\
         # Named groups of changed paths for templates (paths.NAME). Migrations and\n\
         # infrastructure are found without them (facts.* in templates; [facts] adds more).\n\
         {sections}\
         \n\
         [documents]\n\
         # What relman release renders, from {templates_dir}/NAME.md.tera.\n\
         {deploy_note}\n\
         notes = \"{releases}/RELEASE_NOTES_{{{{version}}}}.md\"\n\
         {plan}plan = \"{releases}/STAGING_PLAN_{{{{version}}}}.md\"\n\
         {plan}checklist = \"{releases}/CHECKLIST_{{{{version}}}}.md\"\n\
         \n\
         [context]\n\
         # Free values for the templates, as context.KEY.\n\
         owner = \"the release manager\"\n\
         \n\
         [hooks]\n\
         # Commands run without a shell, with RELMAN_VERSION and RELMAN_PREVIOUS_VERSION set;\n\
         # one that fails stops the release and undoes it. For example:\n\
         # before-write = [[\"cargo\", \"test\"]]\n\
         {templates_table}"
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
        let path = format!("{templates_dir}/{name}.md.tera");
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
    for line in found.summary(
        &current.to_string(),
        &source,
        prefix,
        (latest.as_deref(), short, calver),
        remote.as_ref(),
    ) {
        writeln!(ctx.out, "{line}")?;
    }
    writeln!(
        ctx.out,
        "release.toml and {templates_dir}/ are ready; try `relman release --dry-run`"
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
        let latest_tag = package.latest_tag(project, false).ok().flatten();
        let template = match &package.tags {
            crate::git::TagPrefix::Exact(prefix) => match prefix.strip_prefix(name.as_str()) {
                Some(rest) => format!("{{name}}{rest}{{version}}"),
                None => format!("{prefix}{{version}}"),
            },
            // `v1.2.3` or `1.2.3`: written as the latest tag is (ripgrep's are bare).
            crate::git::TagPrefix::Default => match &latest_tag {
                Some(t) if !t.name.starts_with('v') => "{version}".to_string(),
                _ => "v{version}".to_string(),
            },
        };
        let latest = latest_tag.as_ref().map_or_else(
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
        if let Some((keep, left)) = disagreeing(project, package) {
            let left: Vec<String> = left
                .iter()
                .map(|(f, v)| {
                    format!(
                        "{} holds {}",
                        crate::text::one_line(f),
                        crate::text::one_line(v)
                    )
                })
                .collect();
            let _ = write!(
                out,
                "# The files that hold its released version; left out: {}.\nfiles = [{}]\n",
                left.join(", "),
                keep.iter()
                    .map(|f| toml_string(f))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    out
}

/// A file left out of `files`, with the version it holds.
type LeftOut = (String, String);

/// When the version files of `package` disagree (mise's docs `package.json` at 1.0.0 beside
/// its `Cargo.toml` at 2026.8.9), the files that hold its released version (its latest tag's,
/// or the next development version after it), relative to its folder, and the others with
/// the version they hold; None when they agree, or none holds it.
fn disagreeing(
    project: &crate::workspace::Workspace,
    package: &crate::workspace::Package,
) -> Option<(Vec<String>, Vec<LeftOut>)> {
    let files = package.version_files(project).ok()?;
    if crate::workspace::check_agreement(&files).is_ok() {
        return None;
    }
    let released = package
        .latest_tag(project, true)
        .ok()
        .flatten()?
        .version
        .to_string();
    let (mut keep, mut left) = (Vec::new(), Vec::new());
    for file in files.iter().filter(|f| f.checked) {
        let path = file.path.to_string_lossy().replace('\\', "/");
        let path = path
            .strip_prefix(&format!("{}/", package.root))
            .unwrap_or(&path)
            .to_string();
        let holds = |v: &str| v == released || crate::version::is_snapshot_of(v, &released);
        match file.fields.iter().find(|f| !holds(&f.text)) {
            None => keep.push(path),
            Some(other) => left.push((path, other.text.clone())),
        }
    }
    (!keep.is_empty()).then_some((keep, left))
}

/// Copies of the changelog `main` kept in step with it (go-task's docs site has
/// `website/src/docs/changelog.md`): the other files named like a changelog whose newest
/// version sections (three, or all when fewer) are the changelog's.
fn changelog_mirrors(
    files: &[String],
    main: &str,
    main_text: &str,
    read: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    const NAMES: &[&str] = &["changelog.md", "changelog.mdx", "changes.md", "history.md"];
    let newest = |text: &str| {
        let mut versions = crate::changelog::versions_in(text);
        versions.truncate(3);
        versions
    };
    let ours = newest(main_text);
    if ours.is_empty() {
        return Vec::new();
    }
    files
        .iter()
        .filter(|f| {
            *f != main
                && !crate::workspace::conventions::set_aside(f)
                && NAMES.iter().any(|n| {
                    f.rsplit('/')
                        .next()
                        .is_some_and(|name| name.eq_ignore_ascii_case(n))
                })
        })
        .filter(|f| read(f).is_some_and(|text| newest(&text) == ours))
        .take(4)
        .cloned()
        .collect()
}

/// `text` as a TOML basic string.
fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string().trim().to_string()
}

/// What `init` found of a single-package project's conventions.
struct Conventions {
    /// The known files at the root that hold the version.
    root_files: Vec<String>,
    /// Other files that hold the current version (`src/pkg/__init__.py`, `Chart.yaml`).
    elsewhere: Vec<String>,
    /// The changelog file and its style.
    changelog: Option<(String, &'static str)>,
    /// Files that show the project deploys a service.
    deploys: Vec<String>,
    /// In a monorepo, how many packages it has (each has its own version and changelog).
    packages: usize,
    /// Whether `docs/` is a documentation site's source (what is written there is published).
    docs_site: bool,
    /// The changelog's own subsection titles and the commit types they hold.
    section_titles: Vec<(String, &'static str)>,
    /// Helm charts whose `appVersion` is the current version.
    charts: Vec<String>,
    /// Copies of the changelog kept in step with it.
    mirrors: Vec<String>,
    /// Known files at the root that hold another version than the released one (a docs
    /// site's `package.json`), with that version: left out of `files`.
    left_out: Vec<LeftOut>,
    /// Lines of other files that hold the version and move with it: those the project's
    /// release tool names (commitizen's `version_files`) and packaging files' (`snapcraft.yaml`),
    /// each a `[[version.patterns]]`.
    declared: Vec<crate::workspace::conventions::Declared>,
    /// When there is no Markdown changelog: one in a format relman does not write, with
    /// the format's name.
    foreign_changelog: Option<(String, &'static str)>,
    /// The newest version a changelog has an entry for, when that many releases (three or
    /// more) came after it: the file is no longer kept, and the release leaves it alone.
    stale_changelog: Option<(String, usize)>,
}

impl Conventions {
    fn read(
        project: &crate::workspace::Workspace,
        current: &str,
        release_tags: &[crate::git::Tag],
    ) -> Result<Conventions> {
        use crate::workspace::conventions;
        let files = match &project.repo {
            Some(repo) => repo.files(false)?,
            None => Vec::new(),
        };
        let read = |path: &str| -> Option<String> {
            let file = crate::paths::RepoPath::resolve(&project.fs_root, path).ok()?;
            crate::workspace::read_text(&file.full, std::path::Path::new(path)).ok()
        };
        let monorepo = !project.packages().is_empty();
        let root_files: Vec<String> = project
            .package()
            .version_files(project)?
            .into_iter()
            .filter(|f| {
                crate::formats::for_path(&f.path).is_some_and(|fmt| fmt.known_file().is_some())
            })
            .map(|f| f.path.to_string_lossy().into_owned())
            .collect();
        let mut root_files = root_files;
        let mut left_out = Vec::new();
        if !monorepo {
            if let Some((keep, left)) = disagreeing(project, project.package()) {
                root_files.retain(|f| keep.contains(f));
                left_out = left;
            }
        }
        let elsewhere = if monorepo {
            Vec::new()
        } else {
            conventions::version_locations(&files, &read, current, !root_files.is_empty())
        };
        let changelog_text = conventions::changelog_file(&files).and_then(|p| read(&p));
        let changelog = conventions::changelog_file(&files).map(|path| {
            let style = changelog_text
                .as_deref()
                .map_or("its own headings", conventions::changelog_style);
            (path, style)
        });
        let section_titles = changelog_text
            .as_deref()
            .map(conventions::section_titles)
            .unwrap_or_default();
        let mirrors = match (&changelog, &changelog_text) {
            (Some((path, _)), Some(text)) if !monorepo => {
                changelog_mirrors(&files, path, text, &read)
            }
            _ => Vec::new(),
        };
        // A changelog three releases or more behind the tags is one the project no longer
        // keeps (commitizen's CHANGELOG.md stops at 4.13.9 while it releases 4.16.5).
        let stale_changelog = match (&changelog, &changelog_text) {
            (Some(_), Some(text)) if !monorepo => {
                let newest = crate::changelog::versions_in(text)
                    .into_iter()
                    .find_map(|label| semver::Version::parse(label.trim_start_matches('v')).ok());
                match newest {
                    Some(newest) => {
                        let behind = release_tags
                            .iter()
                            .filter(|t| t.version.pre.is_empty() && t.version > newest)
                            .count();
                        (behind >= 3).then(|| (newest.to_string(), behind))
                    }
                    None => None,
                }
            }
            _ => None,
        };
        let foreign_changelog = if changelog.is_none() && !monorepo {
            conventions::foreign_changelog(&files)
        } else {
            None
        };
        Ok(Conventions {
            foreign_changelog,
            stale_changelog,
            root_files,
            elsewhere,
            changelog,
            deploys: conventions::deploy_evidence(&files),
            packages: project.packages().len(),
            section_titles,
            mirrors,
            left_out,
            // In a monorepo, the patterns are the package's at the root, if one is there.
            declared: if monorepo && !project.packages().iter().any(|p| p.root.is_empty()) {
                Vec::new()
            } else {
                let mut declared = conventions::declared_version_lines(&read, current);
                for found in conventions::packaging_version_lines(&files, &read, current) {
                    if !declared.iter().any(|d| d.path == found.path) {
                        declared.push(found);
                    }
                }
                declared
            },
            charts: if monorepo {
                Vec::new()
            } else {
                conventions::chart_app_versions(&files, &read, current)
            },
            docs_site: files.iter().any(|f| {
                f.starts_with("docs/.vitepress/")
                    || matches!(
                        f.as_str(),
                        "mkdocs.yml"
                            | "mkdocs.yaml"
                            | "docs/conf.py"
                            | "docs/book.toml"
                            | "docs/_config.yml"
                            | "docs/hugo.toml"
                            | "docs/astro.config.mjs"
                            | "docs/docusaurus.config.js"
                            | "docs/docusaurus.config.ts"
                    )
            }),
        })
    }

    /// `files = [...]` when the version lives beyond the known root files (which are then
    /// listed too: `files` replaces the default), else nothing.
    fn files_line(&self) -> String {
        if self.elsewhere.is_empty() && self.left_out.is_empty() {
            return String::new();
        }
        let left = if self.left_out.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = self
                .left_out
                .iter()
                .map(|(f, v)| {
                    format!(
                        "{} holds {}",
                        crate::text::one_line(f),
                        crate::text::one_line(v)
                    )
                })
                .collect();
            format!(
                "# Left out, as another version than the released one: {}.\n",
                list.join(", ")
            )
        };
        let list: Vec<String> = self
            .root_files
            .iter()
            .chain(&self.elsewhere)
            .map(|f| toml_string(f))
            .collect();
        format!(
            "# Every file that holds the version, found in this repository; bump writes them all.\n{left}files = [{}]\n",
            list.join(", ")
        )
    }

    /// What init tells the user it found, a line each.
    fn summary(
        &self,
        current: &str,
        source: &crate::workspace::Source,
        prefix: &str,
        (latest, short, calver): (Option<&str>, bool, bool),
        remote: Option<&crate::remote::Remote>,
    ) -> Vec<String> {
        let one = crate::text::one_line;
        let mut places: Vec<String> = self
            .root_files
            .iter()
            .chain(&self.elsewhere)
            .map(|f| one(f).into_owned())
            .collect();
        let shown_source = one(&source.to_string()).into_owned();
        places.retain(|p| *p != shown_source);
        // The files a release tool's setting names, by setting.
        let mut declared: Vec<(String, Vec<String>)> = Vec::new();
        for d in &self.declared {
            let shown = one(&d.path).into_owned();
            if places.contains(&shown) {
                continue;
            }
            let label = d.label();
            match declared.iter_mut().find(|(l, _)| *l == label) {
                Some((_, files)) if files.contains(&shown) => {}
                Some((_, files)) => files.push(shown),
                None => declared.push((label, vec![shown])),
            }
        }
        let mut parts: Vec<String> = Vec::new();
        if !places.is_empty() {
            parts.push(places.join(", "));
        }
        for (label, files) in &declared {
            parts.push(format!("{}, {label}", files.join(", ")));
        }
        let mut also = if parts.is_empty() {
            String::new()
        } else {
            format!(" (also in {})", parts.join("; and in "))
        };
        for (file, version) in &self.left_out {
            let _ = std::fmt::Write::write_fmt(
                &mut also,
                format_args!("; not {} ({})", one(file), one(version)),
            );
        }
        let mut tags = match latest {
            Some(tag) if short => {
                format!("{prefix}X.Y and {prefix}X.Y.Z, the latest {}", one(tag))
            }
            Some(tag) => format!("{prefix}X.Y.Z, the latest {}", one(tag)),
            None => format!("{prefix}X.Y.Z (no release tag yet)"),
        };
        if calver {
            tags.push_str("; calendar versions (YEAR.MONTH.N): the release date decides");
        }
        let (version, tags) = if self.packages > 0 {
            (
                format!(
                    "{} packages, each with its own version, tags and changelog ([[packages]] below){}",
                    self.packages,
                    if self.declared.is_empty() {
                        String::new()
                    } else {
                        let mut files: Vec<String> =
                            self.declared.iter().map(|d| one(&d.path).into_owned()).collect();
                        files.dedup();
                        format!(
                            "; the one at the root also in {} ([[version.patterns]])",
                            files.join(", ")
                        )
                    }
                ),
                "per package, as each [[packages]] table says".to_string(),
            )
        } else {
            (format!("{current} from {shown_source}{also}"), tags)
        };
        vec![
            "relman init found:".to_string(),
            format!("  version    {version}"),
            format!("  tags       {tags}"),
            match &self.changelog {
                Some((path, style)) if !self.mirrors.is_empty() => format!(
                    "  changelog  {} ({style}), kept in step: {}",
                    one(path),
                    self.mirrors
                        .iter()
                        .map(|m| one(m).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                Some((path, style)) => match &self.stale_changelog {
                    Some((newest, behind)) => format!(
                        "  changelog  {} ({style}), not kept since {newest} ({behind} releases ago): left alone (write = false)",
                        one(path)
                    ),
                    None => format!("  changelog  {} ({style})", one(path)),
                },
                None => match &self.foreign_changelog {
                    Some((path, format)) => format!(
                        "  changelog  {} ({format}, which relman does not write): left to you; each release's section goes into its tag and release notes",
                        one(path)
                    ),
                    None => "  changelog  none yet: CHANGELOG.md will be started".to_string(),
                },
            },
            match remote {
                Some(r) => format!("  forge      {}", one(&r.url)),
                None => {
                    "  forge      none (no origin remote on a known forge): no links".to_string()
                }
            },
            if self.deploys.is_empty() {
                "  deploys    no: release notes only (no staging plan or checklist)".to_string()
            } else {
                format!(
                    "  deploys    yes ({}): release notes, staging plan and checklist",
                    one(&self.deploys.join(", "))
                )
            },
        ]
    }
}
