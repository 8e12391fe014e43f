//! Releases read from the repository: the range of each release, its commits judged, and
//! the facts around them (dates, the remote, the project's name, one diff for statistics),
//! put into the `context` module's `Release`. The I/O side of changelogs and documents.

use anyhow::{anyhow, bail, Result};

use crate::commit::Strictness;
use crate::context::{self, Meta, Release};
use crate::git::Tag;
use crate::history;
use crate::remote::Remote;
use crate::settings::Grouping;
use crate::workspace::Workspace;

pub(crate) use crate::context::release_date;

/// Facts shared by every release of a project.
pub(crate) struct Shared {
    pub(crate) project: Option<String>,
    pub(crate) remote: Option<Remote>,
    pub(crate) grouping: Grouping,
    pub(crate) context: serde_json::Map<String, serde_json::Value>,
}

impl Shared {
    pub(crate) fn of(project: &Workspace) -> Shared {
        let name = project.package().name(project);
        let remote = project
            .repo
            .as_ref()
            .and_then(|r| r.remote_url("origin"))
            .and_then(|u| Remote::parse(&u));
        Shared {
            // Read from a manifest, written into headings and the tag message.
            project: name.map(|n| crate::text::inline(&n)),
            remote,
            grouping: project.settings.changelog.clone(),
            context: project.settings.context.clone(),
        }
    }
}

/// How a release is headed: its version, its tag (None for unreleased commits without
/// one), its date, and whether it is the unreleased section.
#[derive(Debug, Clone)]
pub(crate) struct Heading {
    pub(crate) version: String,
    pub(crate) tag: Option<String>,
    pub(crate) date: String,
    pub(crate) unreleased: bool,
}

impl Heading {
    /// The heading of a tagged release.
    pub(crate) fn tagged(version: &semver::Version, tag: String, date: String) -> Heading {
        Heading {
            version: version.to_string(),
            tag: Some(tag),
            date,
            unreleased: false,
        }
    }
}

impl Shared {
    /// A release's context from its judged commits.
    fn build(
        &self,
        entries: &[history::Entry],
        heading: Heading,
        previous: Option<&Tag>,
        diff: Option<crate::git::DiffStats>,
        facts: Option<crate::facts::Facts>,
    ) -> Release {
        let meta = Meta {
            project: self.project.clone(),
            version: heading.version,
            previous_version: previous.map(|t| t.version.to_string()),
            tag: heading.tag,
            previous_tag: previous.map(|t| t.name.clone()),
            date: heading.date,
            unreleased: heading.unreleased,
            remote: self.remote.clone(),
            diff,
            facts,
            context: self.context.clone(),
        };
        context::build(entries, meta, &self.grouping)
    }
}

/// One release from the commits of `from..to`, with the diff statistics of the range when
/// `stats` is set.
pub(crate) fn release(
    project: &Workspace,
    shared: &Shared,
    (from, to): (Option<&Tag>, &str),
    heading: Heading,
    stats: bool,
) -> Result<Release> {
    let repo = project.repo()?;
    let raw = project
        .package()
        .own(project, repo.commits(from.map(|t| t.commit.as_str()), to)?)?;
    let entries = history::analyze(raw, Strictness::Lenient);
    let (diff, facts) = if stats {
        let diff = repo.diff_stats(from.map(|t| t.commit.as_str()), to)?;
        let package = project.package();
        // A package of a monorepo: the facts of its own folder.
        let prefix = format!("{}/", package.root);
        let changes: Vec<crate::facts::Change> = diff
            .changes
            .iter()
            .filter(|c| package.root.is_empty() || c.path.starts_with(&prefix))
            .cloned()
            .collect();
        let source = repo.tree_source(to)?;
        let mut facts = crate::facts::detect(&changes, &source, &project.settings.facts);
        for group in &project.settings.changelog.path_groups {
            facts.add_configured(&group.name, &group.set, &changes);
        }
        (Some(diff), Some(facts))
    } else {
        (None, None)
    };
    let mut release = shared.build(&entries, heading, from, diff, facts);
    if stats {
        release.known_issues = known_issues(project)?;
    }
    Ok(release)
}

/// The known issues carried over: the open items of the `[facts] known-issues` file, then
/// the strings of `[context] known-issues`.
fn known_issues(project: &Workspace) -> Result<Vec<String>> {
    let mut issues = Vec::new();
    if let Some(path) = &project.settings.facts.known_issues {
        let file = crate::paths::RepoPath::resolve(&project.fs_root, path)
            .map_err(|e| anyhow!("release.toml: [facts] known-issues = {path:?}: {e:#}"))?;
        if !file.exists {
            bail!("release.toml: [facts] known-issues = {path:?}: there is no such file; create it (one list item per issue) or remove the key");
        }
        let text = crate::workspace::read_text(&file.full, std::path::Path::new(&file.shown))?;
        issues.extend(crate::facts::open_items(&text));
    }
    match project.settings.context.get("known-issues") {
        None => {}
        Some(serde_json::Value::Array(list)) if list.iter().all(serde_json::Value::is_string) => {
            issues.extend(
                list.iter()
                    .filter_map(|v| v.as_str())
                    .map(crate::text::inline),
            );
        }
        Some(_) => {
            bail!("release.toml: [context] known-issues must be a list of strings, one per issue")
        }
    }
    Ok(issues)
}

/// The release's documents besides `own` (its changelog and `[documents]`, for `version`)
/// that are `there` (written, or being written with this one), each linked from the folder
/// of `from` (root-relative; `""` for the root).
pub(crate) fn document_index(
    project: &Workspace,
    (version, tag): (&str, &str),
    (own, from): (&str, &str),
    there: &dyn Fn(&str) -> bool,
) -> Vec<context::DocumentRef> {
    let package = project.package();
    let mut list = vec![("changelog".to_string(), package.changelog.clone())];
    for document in package.documents() {
        if document.name != "changelog" {
            list.push((document.name.clone(), document.path.expand(version, tag)));
        }
    }
    list.into_iter()
        .map(|(name, path)| (name, crate::paths::normalize(&path)))
        .filter(|(name, path)| name != own && there(path))
        .map(|(name, path)| {
            let title = match name.as_str() {
                "changelog" => "Changelog".to_string(),
                "notes" => "Release notes".to_string(),
                "plan" => "Staging deployment plan".to_string(),
                "checklist" => "Go/no-go checklist".to_string(),
                other => other.to_string(),
            };
            context::DocumentRef {
                link: crate::facts::relative_link(from, &path),
                name,
                title,
                path,
            }
        })
        .collect()
}

/// Every release of the history, newest first, with the unreleased commits on top (titled
/// `title` when given): each is turned by `build` into what `each` gets as soon as it is
/// final (so that what waits for its turn is the made form, not the commits), and `each`
/// gets them in order. One walk of the history puts every commit in its release
/// (`partition`); a history that walk cannot settle is finished range by range
/// (`TAG..NEWER`, skipping a tag the newer release does not reach).
pub(crate) fn each_release<T>(
    project: &Workspace,
    title: Option<&str>,
    date: &str,
    mut build: impl FnMut(Release) -> Result<T>,
    mut each: impl FnMut(T) -> Result<()>,
) -> Result<()> {
    let repo = project.repo()?;
    let head = repo.head()?;
    let walk = Walk {
        project,
        shared: Shared::of(project),
        title,
        date,
    };
    let tags = project.package().release_tags(project)?;
    let reader = repo.reader()?;
    let ending = crate::partition::each_section(
        &reader,
        crate::git::oid(&head)?,
        &tags,
        &mut |section| {
            let commits = project.package().own(project, section.commits)?;
            let newest = section.tag.is_none();
            let note = section.within.map(|(commit, listed)| {
                let under =
                    listed.map_or_else(|| "[Unreleased]".to_string(), |t| t.version.to_string());
                format!(
                    "Tagged on `{commit}`, a commit of this history that is listed under {under}: \
                     its changes are there."
                )
            });
            let mut made = None;
            walk.emit(
                (section.tag.as_ref(), Some(section.time)),
                section.previous.as_ref(),
                commits,
                newest,
                &mut |mut release| {
                    release.note.clone_from(&note);
                    made = Some(build(release)?);
                    Ok(())
                },
            )?;
            Ok(made)
        },
        &mut |made| made.map_or(Ok(()), &mut each),
    )?;
    let crate::partition::Ending::Resume { after } = ending else {
        return Ok(());
    };
    // The release being collected: its tag (None: unreleased) and its newest commit.
    let (mut current, mut top, mut first, start) = match after {
        Some(tag) => {
            let start = tags.iter().position(|t| *t == tag).map_or(0, |i| i + 1);
            let top = tag.commit.clone();
            (Some(tag), top, false, start)
        }
        None => (None, head.clone(), true, 0),
    };
    for tag in &tags[start..] {
        if current.as_ref().is_some_and(|c| c.commit == tag.commit) {
            // Several tags on one commit: the highest one names the release.
            continue;
        }
        let (commits, borders) = repo.range_to(&tag.commit, &top)?;
        if !borders {
            continue;
        }
        let commits = project.package().own(project, commits)?;
        walk.emit(
            (current.as_ref(), None),
            Some(tag),
            commits,
            first,
            &mut |release| each(build(release)?),
        )?;
        first = false;
        current = Some(tag.clone());
        top.clone_from(&tag.commit);
    }
    let commits = project.package().own(project, repo.commits(None, &top)?)?;
    walk.emit(
        (current.as_ref(), None),
        None,
        commits,
        first,
        &mut |release| each(build(release)?),
    )
}

/// What every release of `each_release` shares.
struct Walk<'a> {
    project: &'a Workspace,
    shared: Shared,
    title: Option<&'a str>,
    date: &'a str,
}

impl Walk<'_> {
    /// Build and hand over one release (its tag, and its commit's author time when known);
    /// `newest` says it is the top of the history (the unreleased slot, left out when
    /// empty and untitled).
    fn emit(
        &self,
        (release_tag, time): (Option<&Tag>, Option<i64>),
        previous: Option<&Tag>,
        commits: Vec<crate::git::RawCommit>,
        newest: bool,
        each: &mut impl FnMut(Release) -> Result<()>,
    ) -> Result<()> {
        let empty_slot = release_tag.is_none() && newest && self.title.is_none();
        if empty_slot && commits.is_empty() {
            return Ok(());
        }
        let heading = if let Some(t) = release_tag {
            let date = match time {
                Some(seconds) => context::iso_date(seconds),
                None => tag_date(self.project, t)?,
            };
            Heading::tagged(&t.version, t.name.clone(), date)
        } else {
            let (version, tag, unreleased) = unreleased_title(self.project, self.title);
            Heading {
                version,
                tag,
                date: self.date.to_string(),
                unreleased,
            }
        };
        let entries = history::analyze(commits, Strictness::Lenient);
        let release = self.shared.build(&entries, heading, previous, None, None);
        if empty_slot && release.commits.is_empty() {
            return Ok(());
        }
        each(release)
    }
}

/// The title of unreleased commits: `--tag VERSION`, or `[Unreleased]`.
pub(crate) fn unreleased_title(
    project: &Workspace,
    title: Option<&str>,
) -> (String, Option<String>, bool) {
    match title {
        Some(v) => {
            let v = v.trim_start_matches('v').to_string();
            let tag = semver::Version::parse(&v)
                .ok()
                .map(|parsed| project.package().tag_name(project, &parsed));
            (v, tag, false)
        }
        None => ("Unreleased".to_string(), None, true),
    }
}

/// The date of a release tag: its commit's date.
pub(crate) fn tag_date(project: &Workspace, tag: &Tag) -> Result<String> {
    Ok(context::iso_date(project.repo()?.commit(&tag.commit)?.time))
}

/// Check a `--tag` value.
pub(crate) fn check_version(v: &str) -> Result<()> {
    semver::Version::parse(v.trim_start_matches('v'))
        .map(|_| ())
        .map_err(|e| anyhow!("--tag {v:?} is not a SemVer version ({e}); write it as 1.2.3"))
}
