//! Which version a point of a document must name: the version of the enclosing section (a
//! heading such as `## [1.2.0] - 2024-01-01` or `# Release 1.2.0`), else the document's own
//! release (its file name or title names a version), else the current version. Headings of
//! rollbacks, upgrade guides and unreleased changes leave their sections unchecked.

use std::cmp::Ordering;
use std::ops::Range;

use semver::Version;

use crate::lint::versions::versions_in;
use crate::lint::{Document, Finding, Output};

#[derive(Debug, Clone)]
enum Named {
    Nothing,
    Version(Version),
    /// "Unreleased", two versions, a rollback: no claim below it is checked.
    Unknown,
    /// A legacy topic or an upgrade guide naming no version: no claim below it is checked,
    /// but a page statement ("this page applies to …") still speaks of the page.
    Aside,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// No heading and no release document: the current version.
    Current,
    /// The document's own release.
    Release,
    /// A section whose heading (at this 1-based line) names a version.
    Section(usize),
}

#[derive(Debug, Clone)]
pub(super) enum Scope {
    Unknown,
    Expect(Version, Kind),
}

/// Words before a version in a heading that make it a reference, not the section's version.
const HEADING_EXCLUDED: &[&str] = &[
    "from", "since", "before", "after", "prior", "until", "till", "than", "pre", "post", "vs",
    "versus", "older", "below", "above", "through", "thru", "requires", "require",
];

/// Words in a heading that make a version in it the section's version.
const HEADING_KEYWORDS: &[&str] = &[
    "release",
    "version",
    "changelog",
    "change log",
    "changes",
    "what's new",
    "what\u{2019}s new",
    "whats new",
    "notes",
    "announc",
    "highlights",
    "readiness",
    "rollout",
    "roll-out",
    "launch",
    "checklist",
    "plan",
    "ship",
];

/// Headings whose sections speak of other versions on purpose.
const HEADING_HISTORY: &[&str] = &[
    "rollback",
    "roll back",
    "rolling back",
    "downgrad",
    "previous",
    "older",
    "history",
    "historical",
    "archive",
    "revert",
];

/// One regex (an Aho-Corasick search inside) for each word list, built once.
fn any_of(words: &[&str]) -> regex::Regex {
    let alternatives: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    regex::Regex::new(&alternatives.join("|")).expect("escaped words")
}

static HISTORY_RE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| any_of(HEADING_HISTORY));
static KEYWORDS_RE: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| any_of(HEADING_KEYWORDS));

fn heading_names(text: &str, packages: &[String]) -> Named {
    let lower = text.trim().to_lowercase();
    let bare = lower.trim_start_matches(['[', '(', ' ']);
    // `HEAD` as a word ("## HEAD", "## [HEAD]"), never "Headless mode".
    let head = bare
        .strip_prefix("head")
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()));
    if head
        || ["unreleased", "upcoming", "next release", "in progress"]
            .iter()
            .any(|w| bare.starts_with(w))
        || HISTORY_RE.is_match(&lower)
    {
        return Named::Unknown;
    }
    // An upgrade guide speaks of the versions on both sides; a release's own upgrade plan
    // is still that release.
    let upgrade = ["upgrad", "migrat"].iter().any(|w| lower.contains(w))
        && ![
            "release",
            "readiness",
            "rollout",
            "checklist",
            "plan",
            "notes",
        ]
        .iter()
        .any(|w| lower.contains(w));
    let aside = upgrade || lower.contains("legacy");
    if !lower.bytes().any(|b| b.is_ascii_digit()) {
        return if aside { Named::Aside } else { Named::Nothing };
    }
    if aside {
        return Named::Unknown;
    }
    let bytes = lower.as_bytes();
    let tokens: Vec<(Version, Range<usize>)> = versions_in(bytes)
        .into_iter()
        .filter(|(_, r)| {
            let word = word_before(bytes, r.start);
            !HEADING_EXCLUDED.contains(&word)
        })
        .collect();
    let Some((first, range)) = tokens.first() else {
        return Named::Nothing;
    };
    if tokens
        .iter()
        .any(|(v, _)| v.cmp_precedence(first) != Ordering::Equal)
    {
        return Named::Unknown;
    }
    let leading = lower[..range.start]
        .bytes()
        .all(|b| matches!(b, b'[' | b'(' | b' ' | b'$' | b'v') || b.is_ascii_digit());
    let keyword =
        KEYWORDS_RE.is_match(&lower) || packages.iter().any(|p| lower.contains(p.as_str()));
    if leading || keyword {
        Named::Version(first.clone())
    } else {
        Named::Nothing
    }
}

/// The word (ASCII letters) right before `at`, skipping spaces, `-` and `_`.
fn word_before(s: &[u8], at: usize) -> &str {
    let mut end = at;
    while end > 0 && matches!(s[end - 1], b' ' | b'\t' | b'$' | b'-' | b'_') {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && s[start - 1].is_ascii_alphabetic() {
        start -= 1;
    }
    std::str::from_utf8(&s[start..end]).unwrap_or("")
}

/// The version a release document's file name names (`RELEASE_NOTES_2.4.0.md`, `v2.4.0.md`).
fn file_version(path: &str) -> Option<Version> {
    let name = path.rsplit('/').next().unwrap_or(path);
    if !name.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let stem = name
        .rsplit_once('.')
        .filter(|(_, ext)| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
        .map_or(name, |(stem, _)| stem);
    // "migrating-from-1.0.0.md" names a version it is not about.
    let lower = stem.to_lowercase();
    let bytes = lower.as_bytes();
    let found: Vec<(Version, Range<usize>)> = versions_in(bytes)
        .into_iter()
        .filter(|(_, r)| !HEADING_EXCLUDED.contains(&word_before(bytes, r.start)))
        .collect();
    match found.as_slice() {
        [(v, _)] => Some(v.clone()),
        _ => None,
    }
}

/// Scope change points, in document order.
pub(super) struct Scopes {
    base: Scope,
    /// Where a scope starts, the scope, and whether page statements are checked there.
    points: Vec<(usize, Scope, bool)>,
}

/// Whether `v` may be the release after `current`: its next patch, minor or major (or a
/// pre-release of one), or `current` without its pre-release.
fn is_next(current: &Version, v: &Version) -> bool {
    let (m, n, p) = (current.major, current.minor, current.patch);
    let core = (v.major, v.minor, v.patch);
    core == (m, n, p + 1)
        || core == (m, n + 1, 0)
        || core == (m + 1, 0, 0)
        || (!current.pre.is_empty() && core == (m, n, p))
}

/// The version a release document's title names when the document's file name names none,
/// and it is ahead of the repository: newer than the current version and not a next version
/// of it. The title is then what is wrong, not the lines that agree with the repository.
fn title_ahead(
    doc: &Document,
    current: &Version,
    released: &[Version],
    packages: &[String],
) -> Option<Version> {
    let h = doc.headings.first()?;
    // A title without a digit names no version (most do not: cheap to tell first).
    if !h.text.bytes().any(|b| b.is_ascii_digit()) || file_version(&doc.path).is_some() {
        return None;
    }
    match heading_names(&h.text, packages) {
        Named::Version(title)
            if title.cmp_precedence(current) == Ordering::Greater
                && !is_next(current, &title)
                // A version a tag released is not ahead of the repository, whatever a
                // version file says (semver.org's `package.json` 0.0.1 beside `v2.0.0`).
                && !released
                    .iter()
                    .any(|r| r.cmp_precedence(&title) != Ordering::Less) =>
        {
            Some(title)
        }
        _ => None,
    }
}

/// A release document whose file name and title name different versions, or whose title
/// names a version ahead of the repository's (`# 1.6.2 Release` with 1.4.0 in VERSION).
pub(super) fn check_title(
    doc: &Document,
    current: &Version,
    source: &str,
    released: &[Version],
    packages: &[String],
    out: &mut Output,
) {
    // A changelog's first heading is its newest entry (`# 0.7.0` in uv's
    // `crates/uv-pep508/Changelog.md`), not a release the document is for.
    if crate::lint::is_history(&doc.path) {
        return;
    }
    if let (Some(title), Some(h)) = (
        title_ahead(doc, current, released, packages),
        doc.headings.first(),
    ) {
        out.findings.push(Finding::new(
            h.range.start..h.range.end,
            format!(
                "the title names {title}, but the version is {current} ({source}) and {title} is not a next version of it ({}.{}.{}, {}.{}.0 or {}.0.0): this document is for another release, or the version was not bumped",
                current.major, current.minor, current.patch + 1, current.major, current.minor + 1, current.major + 1
            ),
        ));
        return;
    }
    let (Some(file), Some(h)) = (file_version(&doc.path), doc.headings.first()) else {
        return;
    };
    if let Named::Version(title) = heading_names(&h.text, packages) {
        if file.cmp_precedence(&title) != Ordering::Equal {
            out.findings.push(Finding::new(
                h.range.start..h.range.end,
                format!(
                    "this release document is for {file} (its file name), but its title names {title}"
                ),
            ));
        }
    }
}

/// Words that make a file name a release document's (`STAGING_PLAN_1.2.0.md`).
const RELEASE_WORDS: [&str; 10] = [
    "release",
    "plan",
    "checklist",
    "notes",
    "report",
    "deploy",
    "staging",
    "readiness",
    "rollback",
    "changelog",
];

/// In a release document (its file name or title names its version R), a second version
/// named for the same release: a linked release document named for W, or a cited commit
/// `abc1234 W release preparation`, where W is neither R, the current version nor a
/// released one. A document that mixes two releases tells of neither.
pub(super) fn check_other_release(
    doc: &Document,
    current: &Version,
    released: &[Version],
    packages: &[String],
    out: &mut Output,
) {
    // Most documents name no version in their title: that is cheap to tell.
    let title_has_digit = doc
        .headings
        .first()
        .is_some_and(|h| h.text.bytes().any(|b| b.is_ascii_digit()));
    let path_has_digit = doc.path.bytes().any(|b| b.is_ascii_digit());
    if !title_has_digit && !path_has_digit {
        return;
    }
    let release = file_version(&doc.path).or_else(|| {
        if title_ahead(doc, current, released, packages).is_some() {
            return None;
        }
        match heading_names(&doc.headings.first()?.text, packages) {
            Named::Version(v) => Some(v),
            _ => None,
        }
    });
    let Some(release) = release else { return };
    let stray = |w: &Version| {
        w.cmp_precedence(&release).is_ne()
            && w.cmp_precedence(current).is_ne()
            && !released.iter().any(|r| r.cmp_precedence(w).is_eq())
    };
    for link in doc.links.iter().filter(|l| !l.auto) {
        let dest = link.dest.split(['#', '?']).next().unwrap_or("");
        if dest.contains("://") || dest.starts_with("mailto:") {
            continue;
        }
        let name = dest.rsplit('/').next().unwrap_or(dest);
        let lower = name.to_ascii_lowercase();
        if !RELEASE_WORDS.iter().any(|w| lower.contains(w)) {
            continue;
        }
        if let Some(w) = file_version(name) {
            if stray(&w) {
                out.findings.push(Finding::new(
                    link.dest_at..link.dest_at + link.dest.len().max(1),
                    format!(
                        "this document is about {release}, but it links `{name}`, named for {w}, which is neither this release nor a released one: a second version for the same release"
                    ),
                ));
            }
        }
    }
    for (line_no, line) in doc.text.lines().enumerate() {
        let Some((hash, w, at)) = release_commit(line) else {
            continue;
        };
        if stray(&w) {
            let start = doc.line_range(line_no + 1).start + at.start;
            out.findings.push(Finding::new(
                start..start + at.len(),
                format!(
                    "this document is about {release}, but commit {hash} is cited as preparing {w}, which is neither this release nor a released one: a second version for the same release"
                ),
            ));
        }
    }
}

/// A cited commit whose subject prepares a release (`- **3b9d44fd5**: 1.17.1 release
/// preparation`, `abc1234 chore: bump to 1.2.0`): its hash, the version, and where the
/// version is in the line. The version must come within the subject's first words.
fn release_commit(line: &str) -> Option<(&str, Version, Range<usize>)> {
    let trimmed = line.trim_start();
    let body = trimmed
        .strip_prefix(['-', '*', '+'])
        .map_or(trimmed, str::trim_start);
    let body = body.trim_start_matches(['*', '_', '`']);
    let hex = body.bytes().take_while(u8::is_ascii_hexdigit).count();
    let hash = &body[..hex];
    let looks_like_hash = (7..=40).contains(&hex)
        && hash.bytes().any(|b| b.is_ascii_digit())
        && hash.bytes().any(|b| b.is_ascii_alphabetic());
    if !looks_like_hash {
        return None;
    }
    let subject = body[hex..].trim_start_matches(['*', '_', '`', ':', ' ']);
    let lower = subject.to_ascii_lowercase();
    if !["release", "bump", "prepar"]
        .iter()
        .any(|k| lower.contains(k))
    {
        return None;
    }
    // The version among the first words of the subject (a type prefix aside).
    let head: String = lower
        .split_whitespace()
        .take(5)
        .collect::<Vec<_>>()
        .join(" ");
    let (w, range) = versions_in(lower.as_bytes()).into_iter().next()?;
    if !head.contains(&lower[range.clone()]) {
        return None;
    }
    let offset = line.len() - subject.len();
    Some((hash, w, offset + range.start..offset + range.end))
}

/// The scopes of a document, built the first time a claim asks (most lines claim nothing).
pub(super) struct LazyScopes<'a> {
    doc: &'a Document,
    current: &'a Version,
    released: &'a [Version],
    packages: &'a [String],
    cell: std::cell::OnceCell<Scopes>,
}

impl<'a> LazyScopes<'a> {
    pub(super) fn new(
        doc: &'a Document,
        current: &'a Version,
        released: &'a [Version],
        packages: &'a [String],
    ) -> Self {
        LazyScopes {
            doc,
            current,
            released,
            packages,
            cell: std::cell::OnceCell::new(),
        }
    }

    pub(super) fn get(&self) -> &Scopes {
        self.cell
            .get_or_init(|| Scopes::build(self.doc, self.current, self.released, self.packages))
    }
}

impl Scopes {
    pub(super) fn build(
        doc: &Document,
        current: &Version,
        released: &[Version],
        packages: &[String],
    ) -> Scopes {
        let named: Vec<Named> = doc
            .headings
            .iter()
            .map(|h| heading_names(&h.text, packages))
            .collect();
        let from_file = file_version(&doc.path);
        // A title ahead of the repository is reported on its own (`check_title`); the rest
        // of the document is judged against the current version.
        let ahead = title_ahead(doc, current, released, packages).is_some();
        let from_title = match named.first() {
            Some(Named::Version(v)) if !ahead => Some(v.clone()),
            _ => None,
        };
        let release = from_file.or(from_title);
        let base = match &release {
            Some(r) => Scope::Expect(r.clone(), Kind::Release),
            None => Scope::Expect(current.clone(), Kind::Current),
        };
        let mut stack: Vec<(u8, usize, Named)> = Vec::new();
        let mut points = Vec::with_capacity(doc.headings.len());
        for (i, (h, n)) in doc.headings.iter().zip(named).enumerate() {
            while stack.last().is_some_and(|(level, _, _)| *level >= h.level) {
                stack.pop();
            }
            stack.push((h.level, i, n));
            let mut scope = base.clone();
            // Page statements compare with the current version, outside any version's
            // section and history.
            let statements = release.is_none()
                && stack
                    .iter()
                    .all(|(_, _, n)| matches!(n, Named::Nothing | Named::Aside));
            for (_, index, n) in stack.iter().rev() {
                match n {
                    Named::Nothing => continue,
                    Named::Version(_) if ahead && *index == 0 => {}
                    Named::Unknown | Named::Aside => scope = Scope::Unknown,
                    Named::Version(v) => {
                        let is_release = release
                            .as_ref()
                            .is_some_and(|r| r.cmp_precedence(v) == Ordering::Equal);
                        let kind = if is_release || (*index == 0 && release.is_some()) {
                            Kind::Release
                        } else {
                            Kind::Section(doc.line_col(doc.headings[*index].range.start).0)
                        };
                        // The title of a release document is the release, whatever it says.
                        let v = if kind == Kind::Release {
                            release.clone().unwrap_or_else(|| v.clone())
                        } else {
                            v.clone()
                        };
                        scope = Scope::Expect(v, kind);
                    }
                }
                break;
            }
            points.push((h.range.start, scope, statements));
        }
        Scopes { base, points }
    }

    pub(super) fn at(&self, offset: usize) -> &Scope {
        let i = self
            .points
            .partition_point(|(start, _, _)| *start <= offset);
        if i == 0 {
            &self.base
        } else {
            &self.points[i - 1].1
        }
    }

    /// Whether a page statement here speaks of the current docs: no release document, no
    /// heading naming a version, rollback, history or unreleased changes encloses it.
    pub(super) fn statements_at(&self, offset: usize) -> bool {
        let i = self
            .points
            .partition_point(|(start, _, _)| *start <= offset);
        if i == 0 {
            matches!(self.base, Scope::Expect(_, Kind::Current))
        } else {
            self.points[i - 1].2
        }
    }
}
