//! The release context: everything a template may say about one release, built once from
//! the judged commits of its range and handed to every template (and printed as JSON for
//! template authors). Pure: the facts that need the repository (dates, stats, the remote)
//! come in as plain data.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::commit::{Commit, Message};
use crate::facts::{Facts, Revert};
use crate::git::DiffStats;
use crate::history::{Effect, Entry};
use crate::remote::Remote;
use crate::settings::Grouping;
use crate::text::{block, inline};

/// One commit as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CommitView {
    pub(crate) hash: String,
    pub(crate) short: String,
    #[serde(rename = "type")]
    pub(crate) kind: String,
    pub(crate) scope: Option<String>,
    pub(crate) description: String,
    pub(crate) body: Option<String>,
    pub(crate) footers: Vec<FooterView>,
    pub(crate) breaking: bool,
    pub(crate) author: Person,
    /// Author date, `YYYY-MM-DD` (UTC).
    pub(crate) date: String,
    /// The commit's page on the forge, when the remote is known.
    pub(crate) url: Option<String>,
    /// `[short](url)`, or the short hash alone.
    pub(crate) link: String,
    /// Issue numbers from `Closes #12`, `Fixes: #3`, `Refs: #4, #5`.
    pub(crate) issues: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FooterView {
    pub(crate) token: String,
    pub(crate) value: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Person {
    pub(crate) name: String,
    pub(crate) email: String,
}

/// A changelog section: a title and its commits, newest first.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Section {
    pub(crate) title: String,
    pub(crate) commits: Vec<CommitView>,
}

/// A breaking change and how to migrate (the `BREAKING CHANGE` text, else the description).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Breaking {
    pub(crate) scope: Option<String>,
    pub(crate) description: String,
    pub(crate) note: String,
    pub(crate) short: String,
    pub(crate) link: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Issue {
    pub(crate) id: String,
    pub(crate) url: Option<String>,
    pub(crate) commits: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Contributor {
    pub(crate) name: String,
    pub(crate) email: String,
    pub(crate) commits: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub(crate) struct Stats {
    pub(crate) commits: usize,
    pub(crate) files_changed: usize,
    pub(crate) insertions: usize,
    pub(crate) deletions: usize,
}

/// A package of the workspace released with another that requires it.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Dependency {
    pub(crate) name: String,
    pub(crate) version: String,
}

/// A document of the release, as another one links it.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct DocumentRef {
    /// Its template name (`changelog`, `notes`, `plan`, …).
    pub(crate) name: String,
    /// What to call it: `Changelog`, `Release notes`, `Staging deployment plan`,
    /// `Go/no-go checklist`, else its name.
    pub(crate) title: String,
    /// Root-relative.
    pub(crate) path: String,
    /// Relative to the folder of the document that links it, ready for a Markdown link.
    pub(crate) link: String,
}

/// Everything about one release.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Release {
    /// The project's name (from Cargo.toml, package.json or pyproject.toml), if known.
    pub(crate) project: Option<String>,
    pub(crate) version: String,
    pub(crate) previous_version: Option<String>,
    pub(crate) tag: Option<String>,
    pub(crate) previous_tag: Option<String>,
    pub(crate) date: String,
    pub(crate) prerelease: bool,
    /// The section of commits not yet released (`[Unreleased]`).
    pub(crate) unreleased: bool,
    pub(crate) commits: Vec<CommitView>,
    pub(crate) sections: Vec<Section>,
    /// The commits of the first section (features, by default): what notes highlight.
    pub(crate) highlights: Vec<CommitView>,
    pub(crate) breaking: Vec<Breaking>,
    pub(crate) issues: Vec<Issue>,
    pub(crate) contributors: Vec<Contributor>,
    pub(crate) stats: Stats,
    /// Paths the release changed, per configured glob group (`paths.migrations`, …); the
    /// detected migrations and infrastructure files fill `migrations` and `infrastructure`
    /// when no group of that name is configured.
    pub(crate) paths: BTreeMap<String, Vec<String>>,
    /// What the release changes that a deployment must know (`facts.migrations`, …).
    pub(crate) facts: Facts,
    /// Known issues carried over: the open list items of `[facts] known-issues`, then the
    /// strings of `[context] known-issues`.
    pub(crate) known_issues: Vec<String>,
    /// The other documents of the release (its changelog and `[documents]`), each linked
    /// from where the document being rendered is written.
    pub(crate) documents: Vec<DocumentRef>,
    pub(crate) remote: Option<Remote>,
    pub(crate) compare_url: Option<String>,
    /// In a monorepo, the packages released with this one that it requires, at their new
    /// versions (its manifest's requirements on them moved).
    pub(crate) dependencies: Vec<Dependency>,
    /// The `[context]` table of release.toml.
    pub(crate) context: serde_json::Map<String, serde_json::Value>,
    /// A sentence about where its changes are, when they are not listed under it (a
    /// release tagged on a commit that a newer release of the history lists).
    pub(crate) note: Option<String>,
}

/// What a release is, besides its commits.
#[derive(Debug, Clone, Default)]
pub(crate) struct Meta {
    pub(crate) project: Option<String>,
    pub(crate) version: String,
    pub(crate) previous_version: Option<String>,
    pub(crate) tag: Option<String>,
    pub(crate) previous_tag: Option<String>,
    pub(crate) date: String,
    pub(crate) unreleased: bool,
    pub(crate) remote: Option<Remote>,
    /// One tree-to-tree diff of the range (left out for changelogs).
    pub(crate) diff: Option<DiffStats>,
    /// What the range changes that a deployment must know (with the diff).
    pub(crate) facts: Option<Facts>,
    pub(crate) context: serde_json::Map<String, serde_json::Value>,
}

impl Grouping {
    /// Whether a counted commit goes into a changelog at all.
    fn keeps(&self, commit: &Commit) -> bool {
        let header = commit.header();
        // Release commits describe the release itself.
        let release = commit.kind == "chore" && commit.scope.as_deref() == Some("release");
        !release && !self.exclude.iter().any(|r| r.is_match(&header))
    }
}

/// The date a rendered document carries: `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub(crate) fn release_date(given: Option<&str>) -> anyhow::Result<String> {
    // SOURCE_DATE_EPOCH counts seconds from 1970-01-01, and a date is written YYYY-MM-DD:
    // the last second it can name is 9999-12-31T23:59:59Z.
    const LAST: i64 = 253_402_300_799;
    if let Some(date) = given {
        if !valid_date(date) {
            anyhow::bail!("--date {date:?} is not a date; write it as YYYY-MM-DD, e.g. 2024-05-31");
        }
        return Ok(date.to_string());
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            anyhow::anyhow!(
                "SOURCE_DATE_EPOCH={epoch:?} is not a number of seconds; unset it or fix it"
            )
        })?;
        if !(0..=LAST).contains(&seconds) {
            anyhow::bail!(
                "SOURCE_DATE_EPOCH={epoch:?} is out of range: it must count the seconds from \
                 1970-01-01 to 9999-12-31 (0 to {LAST}); fix it, unset it, or give the date with --date YYYY-MM-DD"
            );
        }
        return Ok(iso_date(seconds));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(0));
    Ok(iso_date(now))
}

/// A key that orders text as conventional-changelog's `localeCompare` does for the words of
/// commit headers: letters without case, `_` before other punctuation (`git_state` before
/// `git:`), punctuation before digits and letters.
fn collation_key(text: &str) -> Vec<(u8, char)> {
    text.chars()
        .map(|c| match c {
            '_' => (0, c),
            c if c.is_alphanumeric() => (2, c.to_lowercase().next().unwrap_or(c)),
            c => (1, c),
        })
        .collect()
}

/// Build the context of one release from its judged commits (newest first).
pub(crate) fn build(entries: &[Entry], meta: Meta, grouping: &Grouping) -> Release {
    let remote = meta.remote.as_ref();
    let mut commits: Vec<CommitView> = Vec::new();
    let mut breaking: Vec<Breaking> = Vec::new();
    let mut contributors: Vec<Contributor> = Vec::new();
    let mut issues: Vec<Issue> = Vec::new();
    for entry in entries {
        let Some(commit) = counted(entry) else {
            continue;
        };
        if !grouping.keeps(commit) {
            continue;
        }
        let view = view(entry, commit, remote);
        if commit.breaking {
            for note in commit.breaking_notes() {
                breaking.push(Breaking {
                    scope: commit.scope.clone().map(|s| inline(&s)),
                    description: inline(&commit.description),
                    note: block(note.trim()),
                    short: view.short.clone(),
                    link: view.link.clone(),
                });
            }
        }
        // Bots (and whoever `exclude-contributors` names) are no contributors.
        let counted = |p: &Person| {
            let (name, email) = (p.name.to_lowercase(), p.email.to_lowercase());
            !grouping
                .exclude_contributors
                .iter()
                .any(|x| name.contains(x.as_str()) || email.contains(x.as_str()))
        };
        if counted(&view.author) {
            add_person(&mut contributors, &view.author);
        }
        for value in commit.footer_values("Co-authored-by") {
            if let Some(person) = parse_person(value).filter(|p| counted(p)) {
                add_person(&mut contributors, &person);
            }
        }
        for id in &view.issues {
            match issues.iter_mut().find(|i| &i.id == id) {
                Some(issue) => issue.commits.push(view.short.clone()),
                None => issues.push(Issue {
                    id: id.clone(),
                    url: remote.map(|r| r.issue_url(id)),
                    commits: vec![view.short.clone()],
                }),
            }
        }
        commits.push(view);
    }
    let sections: Vec<Section> = grouping
        .sections
        .iter()
        .map(|s| Section {
            title: s.title.clone(),
            commits: commits
                .iter()
                .filter(|c| s.types.contains(&c.kind))
                .cloned()
                .collect(),
        })
        .filter(|s| !s.commits.is_empty())
        .map(|mut s| {
            if grouping.by_scope {
                s.commits.sort_by_cached_key(|c| {
                    let description = collation_key(&c.description);
                    (
                        // `scope:` as the header has it: `git_state:` before `git:`.
                        c.scope.as_deref().map_or_else(
                            || description.clone(),
                            |s| collation_key(&format!("{s}:")),
                        ),
                        description,
                    )
                });
            }
            s
        })
        .collect();
    let highlights = grouping
        .sections
        .first()
        .map(|first| {
            commits
                .iter()
                .filter(|c| first.types.contains(&c.kind))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    issues.sort_by(|a, b| natural(&a.id).cmp(&natural(&b.id)));
    contributors.sort_by(|a, b| {
        a.name
            .to_lowercase()
            .cmp(&b.name.to_lowercase())
            .then(a.email.cmp(&b.email))
    });
    let mut paths = BTreeMap::new();
    let mut stats = Stats {
        commits: commits.len(),
        ..Stats::default()
    };
    if let Some(diff) = &meta.diff {
        stats.files_changed = diff.files_changed;
        stats.insertions = diff.insertions;
        stats.deletions = diff.deletions;
        for group in &grouping.path_groups {
            let (name, set) = (&group.name, &group.set);
            let matched: Vec<String> = diff
                .paths
                .iter()
                .filter(|p| set.is_match(p.as_str()))
                .map(|p| crate::text::one_line(p).into_owned())
                .collect();
            if !matched.is_empty() {
                paths.insert(name.clone(), matched);
            }
        }
    }
    let mut facts = meta.facts.unwrap_or_default();
    if meta.diff.is_some() {
        facts.reverts = reverts(entries, remote);
        facts.rollback.version.clone_from(&meta.previous_version);
        facts.rollback.tag.clone_from(&meta.previous_tag);
        let detected = [
            (
                "migrations",
                facts.migrations.iter().map(|m| &m.path).collect::<Vec<_>>(),
            ),
            (
                "infrastructure",
                facts.infrastructure.iter().map(|i| &i.path).collect(),
            ),
        ];
        for (name, list) in detected {
            let configured = grouping.path_groups.iter().any(|g| g.name == name);
            if !configured && !list.is_empty() {
                let list = list
                    .into_iter()
                    .map(|p| crate::text::one_line(p).into_owned());
                paths.insert(name.to_string(), list.collect());
            }
        }
    }
    let compare_url = match (remote, &meta.previous_tag, &meta.tag) {
        (Some(r), Some(prev), Some(tag)) => Some(r.compare_url(prev, tag)),
        (Some(r), Some(prev), None) if meta.unreleased => Some(r.compare_url(prev, "HEAD")),
        _ => None,
    };
    let prerelease = semver::Version::parse(&meta.version).is_ok_and(|v| !v.pre.is_empty());
    Release {
        project: meta.project,
        version: meta.version,
        previous_version: meta.previous_version,
        tag: meta.tag,
        previous_tag: meta.previous_tag,
        date: meta.date,
        prerelease,
        unreleased: meta.unreleased,
        commits,
        sections,
        highlights,
        breaking,
        issues,
        contributors,
        stats,
        paths,
        facts,
        known_issues: Vec::new(),
        documents: Vec::new(),
        remote: meta.remote,
        compare_url,
        context: meta.context,
        dependencies: Vec::new(),
        note: None,
    }
}

/// The reverts of the range that count (their targets were released earlier), newest first.
fn reverts(entries: &[Entry], remote: Option<&Remote>) -> Vec<Revert> {
    entries
        .iter()
        .filter(|e| matches!(e.effect, Effect::Bump { .. }))
        .filter_map(|e| {
            let revert = match &e.message {
                Message::GitRevert(r) => r,
                Message::Conventional(c) => c.revert.as_ref()?,
                _ => return None,
            };
            let short = e.raw.short.clone();
            let link = match remote {
                Some(r) => format!("[{short}]({})", r.commit_url(&e.raw.id)),
                None => short.clone(),
            };
            Some(Revert {
                link,
                short,
                subject: inline(e.subject()),
                reverts: revert.ids.clone(),
            })
        })
        .collect()
}

/// The Conventional Commit of an entry that counts (not cancelled, skipped or rejected).
fn counted(entry: &Entry) -> Option<&Commit> {
    match (&entry.message, &entry.effect) {
        (Message::Conventional(c), Effect::Bump { .. }) => Some(c),
        _ => None,
    }
}

/// `(#123)` in an escaped description (a forge's squash-merge subject) linked to the
/// forge's page for that number: `([#123](…/issues/123))`, which the forge redirects to the
/// pull request. Unchanged without a forge.
fn link_references(text: &str, remote: Option<&Remote>) -> String {
    let Some(remote) = remote else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("(#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with(')') {
            let number = &after[..digits];
            out.push_str("([#");
            out.push_str(number);
            out.push_str("](");
            out.push_str(&remote.issue_url(number));
            out.push_str("))");
            rest = &after[digits + 1..];
        } else {
            out.push_str("(#");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn view(entry: &Entry, commit: &Commit, remote: Option<&Remote>) -> CommitView {
    let url = remote.map(|r| r.commit_url(&entry.raw.id));
    let link = match &url {
        Some(url) => format!("[{}]({url})", entry.raw.short),
        None => format!("`{}`", entry.raw.short),
    };
    let mut issues = Vec::new();
    for token in [
        "Closes",
        "Close",
        "Closed",
        "Fixes",
        "Fix",
        "Fixed",
        "Resolves",
        "Resolve",
        "Resolved",
        "Refs",
        "Ref",
        "References",
    ] {
        for value in commit.footer_values(token) {
            for part in value.split([',', ' ']) {
                let id = part.trim().trim_start_matches('#');
                if !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_digit())
                    && !issues.contains(&id.to_string())
                {
                    issues.push(id.to_string());
                }
            }
        }
    }
    CommitView {
        hash: entry.raw.id.clone(),
        short: entry.raw.short.clone(),
        kind: commit.kind.clone(),
        scope: commit.scope.clone().map(|s| inline(&s)),
        description: link_references(&inline(&commit.description), remote),
        body: commit.body.as_deref().map(block),
        footers: commit
            .footers
            .iter()
            .map(|f| FooterView {
                token: inline(&f.token),
                value: block(&f.value),
            })
            .collect(),
        breaking: commit.breaking,
        author: Person {
            name: inline(&entry.raw.author_name),
            email: inline(&entry.raw.author_email),
        },
        date: iso_date(entry.raw.time),
        url,
        link,
        issues,
    }
}

fn add_person(list: &mut Vec<Contributor>, person: &Person) {
    let same = |c: &Contributor| {
        (!person.email.is_empty() && c.email.eq_ignore_ascii_case(&person.email))
            || c.name == person.name
    };
    match list.iter_mut().find(|c| same(c)) {
        Some(c) => c.commits += 1,
        None => list.push(Contributor {
            name: person.name.clone(),
            email: person.email.clone(),
            commits: 1,
        }),
    }
}

/// `Name <email>` from a trailer.
fn parse_person(value: &str) -> Option<Person> {
    let (name, rest) = value.split_once('<')?;
    let email = rest.split_once('>')?.0.trim();
    let name = name.trim();
    (!name.is_empty()).then(|| Person {
        name: inline(name),
        email: inline(email),
    })
}

/// Sort key that orders "9" before "10".
fn natural(id: &str) -> (usize, &str) {
    (id.len(), id)
}

/// `YYYY-MM-DD` of a Unix time, in UTC.
pub(crate) fn iso_date(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Whether `date` is a real `YYYY-MM-DD` day.
pub(crate) fn valid_date(date: &str) -> bool {
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (
        date[..4].parse::<i64>(),
        date[5..7].parse::<u32>(),
        date[8..].parse::<u32>(),
    ) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commit::Strictness;
    use crate::git::RawCommit;

    fn raw(id: &str, message: &str, author: &str) -> RawCommit {
        RawCommit {
            author_name: author.to_string(),
            author_email: format!("{}@example.com", author.to_lowercase()),
            ..RawCommit::sample(id, message)
        }
    }

    fn release(commits: Vec<RawCommit>) -> Release {
        let entries = crate::history::analyze(commits, Strictness::Lenient);
        let config = crate::settings::parse(
            "[changelog.paths]\nmigrations = [\"db/migrations/**\"]\n",
            &[],
        )
        .unwrap()
        .changelog;
        let meta = Meta {
            version: "1.3.0".into(),
            previous_version: Some("1.2.0".into()),
            tag: Some("v1.3.0".into()),
            previous_tag: Some("v1.2.0".into()),
            date: "2024-01-01".into(),
            remote: Remote::parse("https://github.com/acme/app"),
            diff: Some(DiffStats {
                files_changed: 3,
                insertions: 10,
                deletions: 2,
                paths: vec!["db/migrations/001.sql".into(), "src/a.rs".into()],
                changes: Vec::new(),
            }),
            ..Meta::default()
        };
        build(&entries, meta, &config)
    }

    #[test]
    fn sort_by_scope_orders_a_section_as_conventional_changelog_does() {
        // starship 1.26.0's fixes, newest first, and the order release-please wrote them in.
        let commits = [
            "fix(preset): make OS symbol dynamic",
            "fix: improve reliability of config-file writing",
            "fix(maven): avoid detecting user .mvn config",
            "fix: use cargo-zigbuild for riscv64 builds",
            "fix(gcloud): honor CLOUDSDK_COMPUTE_REGION",
            "feat(git): enable sha256 support",
            "feat(git_state): show git am progress",
        ];
        let entries = crate::history::analyze(
            commits
                .iter()
                .enumerate()
                .map(|(i, m)| raw(&format!("b{i}"), m, "Ann"))
                .collect(),
            Strictness::Lenient,
        );
        let grouping = crate::settings::parse("[changelog]\nsort = \"scope\"\n", &[])
            .unwrap()
            .changelog;
        let r = build(&entries, Meta::default(), &grouping);
        let order: Vec<Vec<&str>> = r
            .sections
            .iter()
            .map(|s| s.commits.iter().map(|c| c.description.as_str()).collect())
            .collect();
        assert_eq!(
            order,
            [
                vec!["show git am progress", "enable sha256 support"],
                vec![
                    "honor CLOUDSDK_COMPUTE_REGION",
                    "improve reliability of config-file writing",
                    "avoid detecting user .mvn config",
                    "make OS symbol dynamic",
                    "use cargo-zigbuild for riscv64 builds",
                ],
            ]
        );
        // Without it, newest first.
        let r = build(&entries, Meta::default(), &Grouping::default());
        assert_eq!(
            r.sections[1].commits[0].description,
            "make OS symbol dynamic"
        );
    }

    #[test]
    fn sections_breaking_issues_contributors_paths() {
        let r = release(vec![
            raw(
                "a1",
                "feat(api)!: drop v1\n\nBREAKING CHANGE: use /v2 instead.\n\nCloses #12",
                "Ann",
            ),
            raw(
                "a2",
                "fix: crash\n\nFixes #3\nCo-authored-by: Bob <bob@example.com>",
                "ann",
            ),
            raw("a3", "docs: readme", "Cy"),
            raw("a4", "chore(release): 1.2.0", "Cy"),
            raw("a5", "Update stuff", "Dee"),
        ]);
        let titles: Vec<&str> = r.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["Added", "Fixed"]);
        assert_eq!(r.breaking.len(), 1);
        assert_eq!(r.breaking[0].note, "use /v2 instead.");
        assert_eq!(r.breaking[0].scope.as_deref(), Some("api"));
        let ids: Vec<&str> = r.issues.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["3", "12"]);
        assert_eq!(
            r.issues[0].url.as_deref(),
            Some("https://github.com/acme/app/issues/3")
        );
        let names: Vec<&str> = r.contributors.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Ann", "Bob", "Cy"],
            "deduplicated by email, release commits left out"
        );
        assert_eq!(r.paths["migrations"], ["db/migrations/001.sql"]);
        assert_eq!(r.stats.commits, 3);
        assert_eq!(r.stats.files_changed, 3);
        assert_eq!(
            r.compare_url.as_deref(),
            Some("https://github.com/acme/app/compare/v1.2.0...v1.3.0")
        );
        assert!(r.sections[0].commits[0]
            .link
            .starts_with("[a100000](https://github.com/acme/app/commit/a1"));
    }

    #[test]
    fn a_pull_request_number_in_a_subject_is_linked() {
        let remote = Remote::parse("https://github.com/acme/app");
        assert_eq!(
            link_references("add export (#123) and (#x) (#)", remote.as_ref()),
            "add export ([#123](https://github.com/acme/app/issues/123)) and (#x) (#)"
        );
        assert_eq!(link_references("add (#123)", None), "add (#123)");
    }

    #[test]
    fn bots_are_no_contributors() {
        let r = release(vec![
            raw("c1", "fix(deps): bump x", "dependabot[bot]"),
            raw("c2", "fix(deps): update y", "Renovate Bot"),
            raw(
                "c3",
                "feat: z\n\nCo-authored-by: github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\nCo-authored-by: Ada <ada@example.com>",
                "Grace",
            ),
        ]);
        let names: Vec<&str> = r.contributors.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Ada", "Grace"]);
        // Their commits are still listed.
        assert_eq!(r.commits.len(), 3);
    }

    #[test]
    fn reverts_in_range_leave_nothing() {
        let r = release(vec![
            raw("b2", "Revert \"feat: x\"\n\nThis reverts commit b100000000000000000000000000000000000000.", "A"),
            raw("b1", "feat: x", "A"),
        ]);
        assert!(r.sections.is_empty());
        assert!(r.commits.is_empty());
    }

    #[test]
    fn every_commit_text_of_the_context_is_markdown_safe() {
        let r = release(vec![raw(
            "a1",
            "feat(<b>)!: [1.3.0]: https://evil.example/subject\n\n## [0.9.0]\n```\nopen\n\n\
             BREAKING CHANGE: [1.3.0]: https://evil.example/note\n\
             Co-authored-by: [x]: y <\u{1b}[2J@example.com>",
            "[1.3.0]: https://evil.example/author",
        )]);
        let c = &r.commits[0];
        assert_eq!(c.description, "\\[1.3.0]: https://evil.example/subject");
        assert_eq!(c.scope.as_deref(), Some("\\<b>"));
        assert_eq!(c.body.as_deref(), Some("\\## [0.9.0]\n\\`\\`\\`\nopen"));
        assert_eq!(c.author.name, "\\[1.3.0]: https://evil.example/author");
        assert_eq!(r.breaking[0].note, "\\[1.3.0]: https://evil.example/note");
        assert_eq!(r.breaking[0].description, c.description);
        let names: Vec<(&str, &str)> = r
            .contributors
            .iter()
            .map(|p| (p.name.as_str(), p.email.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                (
                    "\\[1.3.0]: https://evil.example/author",
                    "\\[1.3.0]: https://evil.example/author@example.com"
                ),
                ("\\[x]: y", "\\u{1b}[2J@example.com"),
            ]
        );
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            !json.contains("\\u001b"),
            "no control character anywhere: {json}"
        );
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(1_704_067_200), "2024-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2024-1-05"));
        assert!(!valid_date("2024-13-01"));
    }
}
