//! Releases read from the repository: the range of each release, its commits judged, and
//! the facts around them (dates, the remote, the project's name, one diff for statistics),
//! put into the `context` module's `Release`. The I/O side of changelogs and documents.

use std::path::Path;

use anyhow::{anyhow, bail, Result};

use crate::commit::Strictness;
use crate::context::{self, Meta, Release};
use crate::git::Tag;
use crate::history;
use crate::manifest::{self, FileKind};
use crate::remote::Remote;
use crate::settings::Grouping;
use crate::settings::KNOWN_FILES;
use crate::workspace::Workspace;

/// The date a rendered document carries: `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub fn release_date(given: Option<&str>) -> Result<String> {
    // SOURCE_DATE_EPOCH counts seconds from 1970-01-01, and a date is written YYYY-MM-DD:
    // the last second it can name is 9999-12-31T23:59:59Z.
    const LAST: i64 = 253_402_300_799;
    if let Some(date) = given {
        if !context::valid_date(date) {
            bail!("--date {date:?} is not a date; write it as YYYY-MM-DD, e.g. 2024-05-31");
        }
        return Ok(date.to_string());
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            anyhow!("SOURCE_DATE_EPOCH={epoch:?} is not a number of seconds; unset it or fix it")
        })?;
        if !(0..=LAST).contains(&seconds) {
            bail!(
                "SOURCE_DATE_EPOCH={epoch:?} is out of range: it must count the seconds from \
                 1970-01-01 to 9999-12-31 (0 to {LAST}); fix it, unset it, or give the date with --date YYYY-MM-DD"
            );
        }
        return Ok(context::iso_date(seconds));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    Ok(context::iso_date(now))
}

/// Facts shared by every release of a project.
pub struct Shared {
    pub project: Option<String>,
    pub remote: Option<Remote>,
    pub grouping: Grouping,
    pub context: serde_json::Map<String, serde_json::Value>,
}

impl Shared {
    pub fn of(project: &Workspace) -> Shared {
        let name = KNOWN_FILES.iter().find_map(|f| {
            let kind = FileKind::from_path(Path::new(f))?;
            // Repository content: confined and capped like every read (a manifest linked
            // to /dev/zero must not hang the render).
            let file = crate::paths::RepoPath::resolve(&project.fs_root, f).ok()?;
            let bytes = crate::paths::read(&file.full, f).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            manifest::package_name(kind, &text)
        });
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

/// The release before `tag`: the highest-precedence release tag below it that its commit
/// reaches (usually the first one tried).
pub fn previous_tag(project: &Workspace, tag: &Tag) -> Result<Option<Tag>> {
    let repo = project.repo()?;
    let lower: Vec<Tag> = repo
        .release_tags(&project.package().tags)?
        .into_iter()
        .filter(|t| t.version.cmp_precedence(&tag.version).is_lt())
        .collect();
    repo.latest_tag(&lower, &tag.commit, false)
}

/// One release from a range of commits.
#[allow(clippy::too_many_arguments)]
pub fn release(
    project: &Workspace,
    shared: &Shared,
    from: Option<&Tag>,
    to: &str,
    version: String,
    tag: Option<String>,
    date: String,
    unreleased: bool,
    stats: bool,
) -> Result<Release> {
    let repo = project.repo()?;
    let raw = repo.commits(from.map(|t| t.commit.as_str()), to)?;
    let entries = history::analyze(raw, Strictness::Lenient);
    let diff = if stats {
        Some(repo.diff_stats(from.map(|t| t.commit.as_str()), to)?)
    } else {
        None
    };
    let meta = Meta {
        project: shared.project.clone(),
        version,
        previous_version: from.map(|t| t.version.to_string()),
        tag,
        previous_tag: from.map(|t| t.name.clone()),
        date,
        unreleased,
        remote: shared.remote.clone(),
        diff,
        context: shared.context.clone(),
    };
    Ok(context::build(&entries, meta, &shared.grouping))
}

/// Every release of the history, newest first, with the unreleased commits on top (titled
/// `title` when given), each handed to `each` as soon as it is built. Each range is one
/// walk (`TAG..NEWER`); a tag that the newer release does not reach is skipped.
pub fn each_release(
    project: &Workspace,
    title: Option<&str>,
    date: &str,
    mut each: impl FnMut(Release) -> Result<()>,
) -> Result<()> {
    let repo = project.repo()?;
    let head = repo.head()?;
    let shared = Shared::of(project);
    let tags = repo.release_tags(&project.package().tags)?;
    // The release being collected: its tag (None: unreleased) and its newest commit.
    let mut current: Option<Tag> = None;
    let mut top = head.clone();
    let mut pending_unreleased = true;
    for tag in &tags {
        if current.as_ref().is_some_and(|c| c.commit == tag.commit) {
            // Several tags on one commit: the highest one names the release.
            continue;
        }
        let (commits, borders) = repo.range_to(&tag.commit, &top)?;
        if !borders {
            continue;
        }
        emit(
            project,
            &shared,
            current.as_ref(),
            Some(tag),
            commits,
            title,
            date,
            pending_unreleased,
            &mut each,
        )?;
        pending_unreleased = false;
        current = Some(tag.clone());
        top.clone_from(&tag.commit);
    }
    let commits = repo.commits(None, &top)?;
    emit(
        project,
        &shared,
        current.as_ref(),
        None,
        commits,
        title,
        date,
        pending_unreleased,
        &mut each,
    )
}

/// Build and hand over one release of `each_release`.
#[allow(clippy::too_many_arguments)]
fn emit(
    project: &Workspace,
    shared: &Shared,
    release_tag: Option<&Tag>,
    previous: Option<&Tag>,
    commits: Vec<crate::git::RawCommit>,
    title: Option<&str>,
    date: &str,
    unreleased_slot: bool,
    each: &mut impl FnMut(Release) -> Result<()>,
) -> Result<()> {
    let (version, tag, unreleased, day) = if let Some(t) = release_tag {
        (
            t.version.to_string(),
            Some(t.name.clone()),
            false,
            tag_date(project, t)?,
        )
    } else {
        let (v, t, u) = unreleased_title(project, title);
        (v, t, u, date.to_string())
    };
    if release_tag.is_none() && unreleased_slot && commits.is_empty() && title.is_none() {
        return Ok(());
    }
    let entries = history::analyze(commits, Strictness::Lenient);
    let meta = Meta {
        project: shared.project.clone(),
        version,
        previous_version: previous.map(|t| t.version.to_string()),
        tag,
        previous_tag: previous.map(|t| t.name.clone()),
        date: day,
        unreleased,
        remote: shared.remote.clone(),
        diff: None,
        context: shared.context.clone(),
    };
    let release = context::build(&entries, meta, &shared.grouping);
    if release_tag.is_none() && unreleased_slot && release.commits.is_empty() && title.is_none() {
        return Ok(());
    }
    each(release)
}

/// The title of unreleased commits: `--tag VERSION`, or `[Unreleased]`.
pub fn unreleased_title(
    project: &Workspace,
    title: Option<&str>,
) -> (String, Option<String>, bool) {
    match title {
        Some(v) => {
            let v = v.trim_start_matches('v').to_string();
            let tag = semver::Version::parse(&v)
                .ok()
                .map(|parsed| project.package().tags.format(&parsed));
            (v, tag, false)
        }
        None => ("Unreleased".to_string(), None, true),
    }
}

/// The date of a release tag: its commit's date.
pub fn tag_date(project: &Workspace, tag: &Tag) -> Result<String> {
    Ok(context::iso_date(project.repo()?.commit(&tag.commit)?.time))
}

/// Check a `--tag` value.
pub fn check_version(v: &str) -> Result<()> {
    semver::Version::parse(v.trim_start_matches('v'))
        .map(|_| ())
        .map_err(|e| anyhow!("--tag {v:?} is not a SemVer version ({e}); write it as 1.2.3"))
}
