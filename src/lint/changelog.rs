//! `changelog`: the structure of a `CHANGELOG.md` in the Keep a Changelog shape. This rule owns
//! the version sections (headings of level 1 or 2 that start with a version or `Unreleased`):
//! their order, duplicates and dates, whether the released current version has one, and the
//! link definitions and compare links that go with them. It does no I/O; whether a version is
//! released comes from the context's release tags.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;
use semver::Version;

use super::versions::{version_at, versions_in};
use super::{
    Class, Context, Document, Documents, Facts, Finding, Finished, Output, Place, Placed,
    Repository, Rule, Severity,
};

pub(crate) struct Changelog;

const DOCS: &str = r"## What it finds

In a file named `CHANGELOG.md` (any folder, any case), the version sections: headings of level
1 or 2 that start with a version or `Unreleased`, with or without brackets and a `v`, with an
optional date (`## [1.2.0] - 2024-01-01`, `## v1.2.0 (2024-01-01)`, conventional-changelog's
`# [1.2.0](…/compare/v1.1.0...v1.2.0) (2024-01-01)`). It reports:

- versions not in descending SemVer order (the first heading out of order);
- a version listed twice;
- a date that is not a valid ISO date (`2024-02-30`, `2024-1-5`, `01/05/2024`; a date in
  words only when other sections use ISO dates), and a released version with no date above a
  dated one (old undated sections at the bottom are history from before dates were kept);
- an `Unreleased` section below a release;
- a current version that is released (its tag exists) but has no section;
- a link definition `[1.2.0]: …` with no section, a bracketed heading `[1.2.0]` with no
  definition (when the file defines the others), and a compare link that does not end at its
  version (`[1.2.0]: …/compare/v1.0.0...v1.1.0`).

What only looks untidy is a warning: a date in words among ISO dates, a date that is not ISO
but tells its day from its month (`2024/01/05`, `12/21/2018`), a missing date above dated releases, a link definition with no section, a bracketed heading with no definition.
What misleads (the order, a repeated version, an invalid or ambiguous date, a compare link to
the wrong versions) is an error.

## Why

Readers and tools (release pages, `relman` itself) take the first section as the latest
release and follow the compare links to see what changed. A section out of order, a stale
compare link or an invalid date misleads both.

## Example

```markdown
## [1.1.0] - 2024-02-30

## [1.2.0] - 2024-03-01

[1.2.0]: https://github.com/acme/app/compare/v1.0.0...v1.1.0
```

reports the invalid date of 1.1.0, 1.2.0 listed below 1.1.0, the link for 1.2.0 that compares
up to v1.1.0, and the missing definition of `[1.1.0]`.

Sections of different release lines listed by date (a 1.9.6 backport between 2.1.0 and 2.0.1,
all dated in order, in their headings or alone on the line under them) are not out of order, nor are the pre-releases of the next line listed
among the current line's patches as they were published (`8.0.0-next.1` below `7.0.13`), nor
a Python post-release (`2.0.0-post1`) or a numbered re-release (fzf's `0.17.0-2`) above its
release, nor, inside a repository, two tagged releases listed in the order their tags were
made (tauri's `1.0.0-beta-rc.1`, released before `1.0.0-beta.0`, below it; a channel renamed
from `next` to `alpha`). A section dated `TBD` or `Unreleased` needs no date, and neither does one whose
version has no tag yet (inside a repository). Whether the current version has a section is
checked only inside a repository, once its tag exists. In a monorepo a package's changelog
(any changelog in its folder) is judged against that package's version and tags.
";

impl Rule for Changelog {
    fn id(&self) -> &'static str {
        "changelog"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "CHANGELOG structure: version order, duplicates, dates, the current version, links"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Output) {
        let name = doc.path.rsplit('/').next().unwrap_or(&doc.path);
        if !name.eq_ignore_ascii_case("CHANGELOG.md") {
            return;
        }
        let sections = sections(doc);
        let defs = definitions(doc);
        // A package's changelog in a monorepo follows that package's versions and tags.
        let facts = ctx.facts(&doc.path);
        let pending = check_order(
            doc,
            &sections,
            ctx.in_repo.then_some(facts),
            &mut out.findings,
        );
        if !pending.is_empty() {
            out.keep(Pending {
                root: facts.root.to_string(),
                pending,
            });
        }
        let findings = &mut out.findings;
        // Keep a Changelog's date rules hold where the file follows it (it says so, or its
        // dates are ISO); other changelogs date their releases their own way.
        let lower = doc.text.to_ascii_lowercase();
        let kac = lower.contains("keepachangelog") || lower.contains("keep a changelog");
        check_dates(&sections, facts, kac, findings);
        check_current(doc, &sections, facts, findings);
        check_links(doc, &sections, &defs, facts, findings);
    }

    /// The sections out of SemVer order whose releases are both tagged: in order when the
    /// lower one's tag came first (tauri's `1.0.0-beta-rc.1`, released before
    /// `1.0.0-beta.0`, listed below it).
    fn finish(
        &self,
        docs: &mut Documents<'_>,
        _ctx: &Context,
        repository: &dyn Repository,
        out: &mut Finished,
    ) -> anyhow::Result<()> {
        for i in 0..docs.len() {
            let Some(kept) = docs.take::<Pending>(i) else {
                continue;
            };
            for (at, message, pair) in kept.pending {
                let in_release_order = pair.is_some_and(|(above, below)| {
                    repository.released_before(&kept.root, &below, &above) == Some(true)
                });
                if !in_release_order {
                    out.findings.push((i, Placed::new(at, message)));
                    break;
                }
            }
        }
        Ok(())
    }
}

/// Sections out of SemVer order that the tags may show were released in that order, each
/// with where it is, its message and its pair (the one above, this one); then the first
/// that they cannot (no pair), if any.
#[derive(Debug)]
struct Pending {
    root: String,
    pending: Vec<OutOfOrder>,
}

/// A section out of order: where, the message, and (the version above, its own) when both
/// are tagged.
type OutOfOrder = (Place, String, Option<(Version, Version)>);

/// When a section says it was released.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Date {
    /// No date at all.
    None,
    /// A valid `YYYY-MM-DD`.
    Iso(String),
    /// `YYYY-MM-DD` that is no calendar date.
    Invalid(String),
    /// A numeric date in another shape: `2024-1-5`, `01/05/2024`.
    NotIso(String),
    /// "January 5, 2024", "5 Jan 2024".
    Words(String),
    /// "TBD", "Unreleased": explicitly not released yet.
    Pending,
    /// Something else follows the version (a title): not a date.
    Other,
}

impl Date {
    fn is_dated(&self) -> bool {
        matches!(
            self,
            Date::Iso(_) | Date::Invalid(_) | Date::NotIso(_) | Date::Words(_)
        )
    }
}

#[derive(Debug)]
struct Section {
    /// None: `Unreleased`.
    version: Option<Version>,
    date: Date,
    line: usize,
    range: Range<usize>,
    /// The heading's source is `[label]` not followed by `(` or `[`: a shortcut reference.
    bracketed: Option<String>,
    /// A date alone on the section's first line (`_2024-09-26_`, as rollup writes its
    /// releases' dates): used only to order release lines.
    date_below: Option<String>,
    /// The version was written with two numbers (`## v4.3`, read as 4.3.0).
    two_numbers: bool,
}

/// Each release section of a changelog: its version (None for `Unreleased`) and where it
/// runs, from its heading to the next section's.
pub(super) fn release_sections(doc: &Document) -> Vec<(Option<Version>, Range<usize>)> {
    let sections = sections(doc);
    let starts: Vec<usize> = sections.iter().map(|s| s.range.start).collect();
    sections
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let end = starts.get(i + 1).copied().unwrap_or(doc.text.len());
            (s.version, s.range.start..end)
        })
        .collect()
}

fn sections(doc: &Document) -> Vec<Section> {
    // Releases grouped by their line (zero-to-jupyterhub: `## 4.3`, then `### 4.3.2 -
    // 2025-12-12`): the third level holds them then.
    let parsed: Vec<(&super::document::Heading, HeadingForm)> = doc
        .headings
        .iter()
        .filter(|h| h.level <= 3)
        .filter_map(|h| Some((h, parse_heading_form(&h.text)?)))
        .collect();
    let line_heading = |level: u8, two: bool| {
        parsed
            .iter()
            .any(|(h, (v, _, t))| h.level == level && v.is_some() && *t == two)
    };
    let deepest = if line_heading(2, true) && !line_heading(2, false) && line_heading(3, false) {
        3
    } else {
        2
    };
    let mut found = Vec::new();
    for (h, (version, date, two_numbers)) in parsed {
        if h.level > deepest {
            continue;
        }
        if deepest == 3 && h.level == 2 && two_numbers {
            // The heading of a line, over its releases.
            continue;
        }
        let source = doc.text[h.range.clone()].trim_start();
        let source = source.trim_start_matches('#').trim_start();
        let bracketed = source.strip_prefix('[').and_then(|rest| {
            let close = rest.find(']')?;
            let after = rest[close + 1..].chars().next();
            if matches!(after, Some('(' | '[')) {
                None
            } else {
                Some(rest[..close].to_string())
            }
        });
        let date_below = doc.text[h.range.end..]
            .lines()
            .find(|l| !l.trim().is_empty())
            .map(|l| l.trim().trim_matches(['_', '*', '`']).trim())
            .filter(|d| is_iso_shape(d) && valid_iso(d))
            .map(str::to_string);
        found.push(Section {
            version,
            date,
            date_below,
            line: doc.line_col(h.range.start).0,
            // From the heading to the end of its line (the heading need not start the line:
            // it may sit in a list item or a quote).
            range: h.range.start
                ..doc.text[h.range.start..]
                    .find(['\n', '\r'])
                    .map_or(doc.text.len(), |end| h.range.start + end),
            bracketed,
            two_numbers,
        });
    }
    // `## v4.6`, undated, where the file has `## 4.6.0` (or its pre-releases) too:
    // jupyterlab's highlights of a release line, a heading over the line's releases, not
    // 4.6.0 again. (Dated, `## v4.6 - 2024-05-01` is the release, as healthchecks writes it.)
    let lines: std::collections::HashSet<(u64, u64)> = found
        .iter()
        .filter(|s| !s.two_numbers)
        .filter_map(|s| s.version.as_ref())
        .filter(|v| v.patch == 0)
        .map(|v| (v.major, v.minor))
        .collect();
    found.retain(|s| {
        !(s.two_numbers
            && matches!(s.date, Date::None)
            && s.version
                .as_ref()
                .is_some_and(|v| lines.contains(&(v.major, v.minor))))
    });
    found
}

/// A version section's version (None for `Unreleased`) and date, from a heading's text.
#[cfg(test)]
fn parse_heading(text: &str) -> Option<(Option<Version>, Date)> {
    parse_heading_form(text).map(|(version, date, _)| (version, date))
}

/// A version heading's version (None for `Unreleased`), its date, and whether the version
/// was written with two numbers (`## v4.3`).
type HeadingForm = (Option<Version>, Date, bool);

/// As `parse_heading`, and whether the version was written with two numbers (`## v4.3`).
fn parse_heading_form(text: &str) -> Option<HeadingForm> {
    let mut s = text.trim();
    // A heading's attribute block (`## v0.9.1 {#v0.9.1}`, docsy's) is not its text.
    if let Some(at) = s.strip_suffix('}').and_then(|t| t.rfind(" {")) {
        if s[at + 2..].starts_with(['#', '.', ':']) {
            s = s[..at].trim_end();
        }
    }
    for prefix in ["version ", "release "] {
        if s.len() > prefix.len()
            && s.get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        {
            s = s[prefix.len()..].trim_start();
        }
    }
    let bracket = s.starts_with('[');
    if bracket {
        s = &s[1..];
    }
    let mut two_numbers = false;
    let (version, rest) = if s
        .get(..10)
        .is_some_and(|p| p.eq_ignore_ascii_case("unreleased"))
    {
        (None, &s[10..])
    } else if let Some((v, end)) = version_at(s.as_bytes(), 0) {
        (Some(v), &s[end..])
    } else {
        two_numbers = true;
        // `## v4.3 - 2026-07-14`: two numbers, as a project that tags `v4.3` writes its
        // x.y.0 headings; only with a date (or nothing) after it.
        let (v, end) = two_number_version_at(s.as_bytes())?;
        let after = s[end..].trim_start();
        let dated = after.is_empty()
            || after.starts_with(['-', '\u{2013}', '\u{2014}', '(', ':', '/', '|'])
            || (bracket && after.starts_with(']'));
        if !dated {
            return None;
        }
        (Some(v), &s[end..])
    };
    let mut rest = rest;
    if bracket {
        rest = rest.strip_prefix(']').unwrap_or(rest);
    }
    if rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    // "2014.12.22, Version 0.10.35": a date-like number and the real version.
    if !versions_in(rest.as_bytes()).is_empty() {
        // `## v0.31.2 (backend crates: v0.31.2) - (_2026-06-16_)` (uniffi-rs): a remark in
        // parentheses after the version, then the release's date.
        let after = rest
            .trim_start()
            .strip_prefix('(')
            .and_then(|inner| Some(&inner[inner.find(')')? + 1..]))
            .filter(|after| versions_in(after.as_bytes()).is_empty())?;
        let date = date_of(
            after
                .trim_start_matches(['-', '\u{2013}', '\u{2014}', ':', '|', ' '])
                .trim_matches(['(', ')', '_', '*', ' ']),
        );
        return matches!(
            date,
            Date::Iso(_) | Date::Invalid(_) | Date::NotIso(_) | Date::Words(_)
        )
        .then_some((version, date, two_numbers));
    }
    Some((version, date_of(rest.trim()), two_numbers))
}

/// `v4.3` or `4.3-dev` at the start of `s` as 4.3.0 (4.3.0-dev), and where it ends: two
/// numbers without leading zeros, an optional pre-release, then no more of a version.
fn two_number_version_at(s: &[u8]) -> Option<(Version, usize)> {
    let mut j = usize::from(matches!(s.first(), Some(b'v' | b'V')));
    let mut numbers = [0u64; 2];
    for (n, number) in numbers.iter_mut().enumerate() {
        let start = j;
        while s.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        let digits = std::str::from_utf8(&s[start..j]).ok()?;
        if digits.is_empty() || digits.len() > 9 || (digits.len() > 1 && digits.starts_with('0')) {
            return None;
        }
        *number = digits.parse().ok()?;
        if n == 0 {
            if s.get(j) != Some(&b'.') {
                return None;
            }
            j += 1;
        }
    }
    let mut pre = String::new();
    if s.get(j) == Some(&b'-') {
        let start = j + 1;
        let mut k = start;
        while s
            .get(k)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'.')
        {
            k += 1;
        }
        if k > start {
            pre = std::str::from_utf8(&s[start..k]).ok()?.to_string();
            j = k;
        }
    }
    if s.get(j)
        .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
    {
        return None;
    }
    let mut version = Version::new(numbers[0], numbers[1], 0);
    if !pre.is_empty() {
        version.pre = semver::Prerelease::new(&pre).ok()?;
    }
    Some((version, j))
}

static MONTH: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b.*\b\d{4}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b",
    )
    .unwrap()
});

fn date_of(rest: &str) -> Date {
    if rest.is_empty() {
        return Date::None;
    }
    let candidate = if let Some(inner) = rest.strip_prefix('(') {
        inner.split(')').next().unwrap_or("").trim()
    } else if let Some(after) = rest.strip_prefix(['-', '\u{2013}', '\u{2014}', ':', '/', '|']) {
        after.trim()
    } else {
        rest
    };
    let first = candidate
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([',', ')', ';']);
    let lower = candidate.to_lowercase();
    if [
        "unreleased",
        "tbd",
        "tba",
        "upcoming",
        "not released",
        "in progress",
        "draft",
        "wip",
        "pending",
    ]
    .iter()
    .any(|w| lower.starts_with(w))
    {
        return Date::Pending;
    }
    if is_iso_shape(first) {
        return if valid_iso(first) {
            Date::Iso(first.to_string())
        } else {
            Date::Invalid(first.to_string())
        };
    }
    if is_numeric_date(first) {
        return Date::NotIso(first.to_string());
    }
    if MONTH.is_match(candidate) {
        let text = candidate
            .split(['[', '('])
            .next()
            .unwrap_or(candidate)
            .trim();
        return Date::Words(text.to_string());
    }
    Date::Other
}

fn is_iso_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn valid_iso(s: &str) -> bool {
    s.get(..10).is_some_and(crate::context::valid_date)
}

/// Three groups of digits joined by the same `-`, `/` or `.`, one of them a year: a date.
fn is_numeric_date(s: &str) -> bool {
    let Some(sep) = s.chars().find(|c| matches!(c, '-' | '/' | '.')) else {
        return false;
    };
    let parts: Vec<&str> = s.split(sep).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && (parts[0].len() == 4 || parts[2].len() == 4 || parts[2].len() == 2)
}

/// The ISO form of a year-first numeric date (`2024-1-5` → `2024-01-05`), when unambiguous.
fn iso_hint(text: &str) -> Option<String> {
    iso_hint_in(text, None)
}

/// `iso_hint`, where a year-last date whose day and month could be swapped is read in the
/// order the file's other dates show (`month_first`), if they show one.
fn iso_hint_in(text: &str, month_first: Option<bool>) -> Option<String> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [first, second, third] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = if first.len() == 4 {
        (*first, a_number(second)?, a_number(third)?)
    } else if third.len() == 4 {
        // Year last: the order of day and month is told by a number above 12 (minikube's
        // `12/21/2018`), or by the file's other dates; `01/05/2024` alone could be either.
        let (one, two) = (a_number(first)?, a_number(second)?);
        match (one > 12, two > 12, month_first) {
            (false, true, _) | (false, false, Some(true)) => (*third, one, two),
            (true, false, _) | (false, false, Some(false)) => (*third, two, one),
            _ if one == two => (*third, one, two),
            _ => return None,
        }
    } else {
        return None;
    };
    let iso = format!("{year}-{month:02}-{day:02}");
    valid_iso(&iso).then_some(iso)
}

/// The order of day and month the file's year-last dates show: `Some(true)` when some put
/// the month first (`12/21/2018`) and none the day, `Some(false)` the other way round.
fn year_last_order(sections: &[Section]) -> Option<bool> {
    let (mut month_first, mut day_first) = (false, false);
    for s in sections {
        let Date::NotIso(d) = &s.date else { continue };
        let parts: Vec<&str> = d.split(['-', '/', '.']).collect();
        if let [one, two, year] = parts.as_slice() {
            if year.len() == 4 {
                let (one, two) = (a_number(one).unwrap_or(0), a_number(two).unwrap_or(0));
                month_first |= two > 12 && one <= 12;
                day_first |= one > 12 && two <= 12;
            }
        }
    }
    match (month_first, day_first) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// A date's number (one or two digits).
fn a_number(s: &str) -> Option<u32> {
    (1..=2).contains(&s.len()).then(|| s.parse().ok()).flatten()
}

/// Equal for versions of equal precedence (build metadata ignored).
fn precedence_key(v: &Version) -> String {
    format!("{}.{}.{}-{}", v.major, v.minor, v.patch, v.pre)
}

fn label(v: Option<&Version>) -> String {
    v.map_or_else(|| "Unreleased".to_string(), ToString::to_string)
}

/// Duplicates and a misplaced Unreleased section go to `findings`. The first section out of
/// order too, unless both its release and the one above it are tagged (`tagged` has the
/// facts inside a repository): then it, and those after it up to the first that is not so,
/// are returned for the cross-file step, which knows the tags' order.
fn check_order(
    doc: &Document,
    sections: &[Section],
    tagged: Option<Facts<'_>>,
    findings: &mut Vec<Finding>,
) -> Vec<OutOfOrder> {
    // Duplicates: by precedence (build metadata ignored).
    let mut first: HashMap<String, usize> = HashMap::new();
    for s in sections {
        // Build metadata names another release of the same precedence, tagged apart
        // (`0.2.11+backport-1`, two years after `0.2.11`).
        let key = s.version.as_ref().map_or_else(
            || "unreleased".to_string(),
            |v| format!("{}+{}", precedence_key(v), v.build),
        );
        if let Some(line) = first.get(&key) {
            findings.push(Finding::new(
                s.range.clone(),
                format!(
                    "{} is listed twice (first at line {line}); merge the two sections",
                    label(s.version.as_ref())
                ),
            ));
        } else {
            first.insert(key, s.line);
        }
    }
    // Unreleased first.
    if let Some(release) = sections.iter().find(|s| s.version.is_some()) {
        for s in sections
            .iter()
            .filter(|s| s.version.is_none() && s.line > release.line)
        {
            findings.push(Finding::new(
                s.range.clone(),
                format!(
                    "the Unreleased section must come before every release, but it is below {} (line {}); move it to the top",
                    label(release.version.as_ref()),
                    release.line
                ),
            ));
        }
    }
    // Descending precedence: report the first section out of order.
    let released = |v: &Version| {
        tagged.is_some_and(|f| {
            f.released
                .iter()
                .any(|r| r.cmp_precedence(v) == Ordering::Equal)
        })
    };
    let mut pending = Vec::new();
    let mut prev: Option<&Section> = None;
    for s in sections {
        let Some(v) = s.version.as_ref() else {
            continue;
        };
        if let Some(p) = prev {
            let pv = p.version.as_ref().expect("only versions are kept");
            if v.cmp_precedence(pv) == Ordering::Greater
                && !chronological_backport(p, s)
                && !post_release(pv, v)
                && !prerelease_line(pv, v)
            {
                let message = format!(
                    "{v} is listed below {pv} (line {}); list versions newest first",
                    p.line
                );
                if released(v) && released(pv) {
                    let pair = (pv.clone(), v.clone());
                    pending.push((Place::of(doc, s.range.start), message, Some(pair)));
                } else {
                    if pending.is_empty() {
                        findings.push(Finding::new(s.range.clone(), message));
                    } else {
                        pending.push((Place::of(doc, s.range.start), message, None));
                    }
                    return pending;
                }
            }
        }
        prev = Some(s);
    }
    pending
}

/// `2.0.0-post1` above `2.0.0`: a Python post-release (or a `-patch`/`-hotfix` build) reads
/// as a SemVer pre-release, but comes after its release; so does a numbered re-release
/// listed above the release itself (fzf's `0.17.0-2`, a Debian-style revision).
fn post_release(above: &Version, below: &Version) -> bool {
    let pre = above.pre.as_str();
    (above.major, above.minor, above.patch) == (below.major, below.minor, below.patch)
        && (["post", "patch", "hotfix", "fix", "rev"]
            .iter()
            .any(|p| pre.starts_with(p))
            || (below.pre.is_empty() && !pre.is_empty() && pre.bytes().all(|b| b.is_ascii_digit())))
}

/// `8.0.0-next.1` below `7.0.13`: the pre-releases of the next major or minor line,
/// listed where they were published among the current line's patches (changesets' pre
/// mode writes its changelogs so).
fn prerelease_line(above: &Version, below: &Version) -> bool {
    above.pre.is_empty()
        && !below.pre.is_empty()
        && (above.major, above.minor) < (below.major, below.minor)
}

/// Two release lines listed by date: `2.0.1` below `1.9.6`, both dated, in date order.
fn chronological_backport(above: &Section, below: &Section) -> bool {
    let comparable = |s: &Section| match &s.date {
        Date::Iso(x) => Some(x.clone()),
        Date::NotIso(x) => iso_hint(x),
        Date::None => s.date_below.clone(),
        _ => None,
    };
    let (Some(a), Some(b)) = (comparable(above), comparable(below)) else {
        return false;
    };
    let (Some(va), Some(vb)) = (&above.version, &below.version) else {
        return false;
    };
    b <= a && (va.major, va.minor) != (vb.major, vb.minor)
}

fn is_released(v: &Version, ctx: Facts<'_>) -> bool {
    ctx.released
        .iter()
        .any(|r| r.cmp_precedence(v) == Ordering::Equal)
}

fn check_dates(sections: &[Section], ctx: Facts<'_>, kac: bool, findings: &mut Vec<Finding>) {
    let any_iso = sections
        .iter()
        .any(|s| matches!(s.date, Date::Iso(_) | Date::Invalid(_)));
    let strict = kac || any_iso;
    // dated_below[i]: a release below section i has a date.
    let mut dated_below = vec![false; sections.len() + 1];
    for i in (0..sections.len()).rev() {
        dated_below[i] =
            dated_below[i + 1] || (sections[i].version.is_some() && sections[i].date.is_dated());
    }
    let order = year_last_order(sections);
    for (i, s) in sections.iter().enumerate() {
        let name = label(s.version.as_ref());
        match &s.date {
            Date::Invalid(d) => findings.push(Finding::new(
                s.range.clone(),
                format!("the date {d} of {name} is not a valid date; write the release date as YYYY-MM-DD"),
            )),
            Date::NotIso(d) if strict => {
                let read = iso_hint_in(d, order);
                let hint = read.as_ref().map_or_else(
                    || "YYYY-MM-DD".to_string(),
                    |iso| format!("YYYY-MM-DD ({iso})"),
                );
                let finding = Finding::new(
                    s.range.clone(),
                    format!("the date {d} of {name} is not an ISO date; write it as {hint}"),
                );
                // `2016/12/07` and `12/21/2018` are valid dates, only not written as ISO;
                // `01/11/2023` is ambiguous (unless the file's other dates tell the order)
                // and `2024/02/30` no date at all.
                findings.push(if read.is_some() {
                    finding.warning()
                } else {
                    finding
                });
            }
            // Unambiguous, only unlike the others: a warning.
            Date::Words(d) if any_iso => findings.push(
                Finding::new(
                    s.range.clone(),
                    format!("the date \"{d}\" of {name} is not an ISO date like the others; write it as YYYY-MM-DD"),
                )
                .warning(),
            ),
            Date::None => {
                let Some(v) = s.version.as_ref() else {
                    continue;
                };
                // Old sections from before the project dated its releases are history; a
                // gap above a dated section is not.
                if kac && dated_below[i + 1] && (ctx.released.is_empty() || is_released(v, ctx)) {
                    findings.push(
                        Finding::new(
                            s.range.clone(),
                            format!("{v} has no release date, unlike the releases below it; add \" - YYYY-MM-DD\" to its heading (or keep unreleased changes under Unreleased)"),
                        )
                        .warning(),
                    );
                }
            }
            _ => {}
        }
    }
}

fn check_current(
    doc: &Document,
    sections: &[Section],
    ctx: Facts<'_>,
    findings: &mut Vec<Finding>,
) {
    let Some(current) = ctx.version else {
        return;
    };
    if !is_released(current, ctx) {
        return;
    }
    let versions: Vec<&Version> = sections.iter().filter_map(|s| s.version.as_ref()).collect();
    if versions.is_empty()
        || versions
            .iter()
            .any(|v| v.cmp_precedence(current) == Ordering::Equal)
    {
        return;
    }
    // A pre-release whose changes gather in its release's section, still unreleased
    // (RustCrypto's `## 0.11.0 (UNRELEASED)` over the tag `0.11.0-rc.6`).
    let release = Version::new(current.major, current.minor, current.patch);
    if !current.pre.is_empty()
        && sections.iter().any(|s| {
            s.version.as_ref().is_some_and(|v| *v == release)
                && matches!(s.date, Date::Pending | Date::None)
        })
    {
        return;
    }
    // A changelog in a subfolder that is no package's may be another project's: only when
    // it follows this repository's tags.
    if doc.dir() != ctx.root && !versions.iter().any(|v| is_released(v, ctx)) {
        return;
    }
    // A changelog that says, above its sections, that it is kept no more
    // (react-native-navigation: "This changelog is no longer maintained. Release notes can
    // be found here").
    let first = sections.first().map_or(doc.text.len(), |s| s.range.start);
    let preamble = doc.text[..first].to_ascii_lowercase();
    if [
        "no longer maintained",
        "no longer updated",
        "not maintained anymore",
        "no longer kept",
    ]
    .iter()
    .any(|said| preamble.contains(said))
    {
        return;
    }
    findings.push(Finding::new(
        0..0,
        format!("the current version {current} is released (tag exists) but has no section; add \"## [{current}] - YYYY-MM-DD\" above the older releases"),
    ));
}

/// A link reference definition: `[label]: url`.
struct Definition {
    label: String,
    url: String,
    range: Range<usize>,
}

static DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[([^\]\n]+)\]:[ \t]*(\S+)").unwrap());

fn definitions(doc: &Document) -> Vec<Definition> {
    let mut defs = Vec::new();
    for caps in DEFINITION.captures_iter(doc.text.as_bytes()) {
        let (Some(whole), Some(label), Some(url)) = (caps.get(0), caps.get(1), caps.get(2)) else {
            continue;
        };
        if doc.class_at(label.start() - 1) != Class::Markup {
            continue;
        }
        let url = String::from_utf8_lossy(url.as_bytes());
        let url = url
            .trim_start_matches('<')
            .trim_end_matches('>')
            .to_string();
        defs.push(Definition {
            label: String::from_utf8_lossy(label.as_bytes()).trim().to_string(),
            url,
            range: whole.start() + (label.start() - 1 - whole.start())..whole.end(),
        });
    }
    defs
}

/// A label as a version (`1.2.0`, `v1.2.0`), or None.
fn label_version(label: &str) -> Option<Version> {
    let (v, end) = version_at(label.as_bytes(), 0)?;
    (end == label.len()).then_some(v)
}

/// Where a compare link ends: `Some(Some(v))` a version tag, `Some(None)` HEAD or a branch,
/// None: not a compare link (or a shape we do not read).
fn compare_end(url: &str) -> Option<(Option<Version>, String)> {
    let i = url.find("/compare/")?;
    let spec = &url[i + "/compare/".len()..];
    let spec = spec
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let right = if let Some((_, r)) = spec.split_once("...") {
        r
    } else {
        spec.split_once("..")?.1
    };
    // A tag with `@` in it is often written `%40` (`create-vite%409.1.2`).
    let right = super::broken_link::percent_decode(right).into_owned();
    let bytes = right.as_bytes();
    let version = versions_in(bytes)
        .into_iter()
        .rev()
        .find(|(_, r)| r.end == bytes.len())
        .map(|(v, _)| v);
    Some((version, right))
}

/// The tag of a release link `…/releases/tag/v1.2.0`.
fn release_tag(url: &str) -> Option<(Version, String)> {
    let i = url.find("/releases/tag/")?;
    let tag = url[i + "/releases/tag/".len()..]
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    let tag = super::broken_link::percent_decode(tag);
    let bytes = tag.as_bytes();
    versions_in(bytes)
        .into_iter()
        .rev()
        .find(|(_, r)| r.end == bytes.len())
        .map(|(v, _)| (v, tag.to_string()))
}

fn check_links(
    doc: &Document,
    sections: &[Section],
    defs: &[Definition],
    ctx: Facts<'_>,
    findings: &mut Vec<Finding>,
) {
    let section_keys: HashSet<String> = sections
        .iter()
        .filter_map(|s| s.version.as_ref().map(precedence_key))
        .collect();
    let has_section = |v: &Version| section_keys.contains(&precedence_key(v));
    let labels: HashSet<String> = defs.iter().map(|d| d.label.to_lowercase()).collect();
    let mut links: Vec<&super::document::Link> = doc.links.iter().filter(|l| !l.image).collect();
    links.sort_by_key(|l| l.range.start);
    let version_defs = defs
        .iter()
        .filter(|d| label_version(&d.label).is_some())
        .count();
    for d in defs {
        let version = label_version(&d.label);
        // `[Dart Sass][0.17.0-blog-dart-sass]`: a definition a link uses with text of its
        // own is an ordinary link's, whatever its label looks like.
        let ordinary = || {
            links.iter().any(|l| {
                d.range.contains(&l.dest_at)
                    && doc.text.get(l.range.clone()).is_some_and(|source| {
                        let shortcut = source
                            .strip_suffix("[]")
                            .unwrap_or(source)
                            .strip_prefix('[')
                            .and_then(|s| s.strip_suffix(']'));
                        !shortcut.is_some_and(|text| text.eq_ignore_ascii_case(&d.label))
                    })
            })
        };
        if let Some(v) = &version {
            if !has_section(v) && !ordinary() {
                // Nothing renders wrong: a warning.
                findings.push(
                    Finding::new(
                        d.range.clone(),
                        format!(
                            "the link definition [{}] matches no section; remove it or add a \"## [{v}]\" section",
                            d.label
                        ),
                    )
                    .warning(),
                );
                continue;
            }
        }
        let unreleased = d.label.eq_ignore_ascii_case("unreleased");
        if version.is_none() && !unreleased {
            continue;
        }
        check_link_target(
            &d.label,
            version.as_ref(),
            &d.url,
            d.range.clone(),
            ctx,
            findings,
        );
    }
    for s in sections {
        if let Some(label) = s
            .bracketed
            .as_ref()
            .filter(|l| label_version(l.trim()).is_some())
        {
            let defined = labels.contains(&label.trim().to_lowercase());
            if !defined && version_defs > 0 {
                // The heading shows its brackets, and reads fine: a warning.
                findings.push(
                    Finding::new(
                        s.range.clone(),
                        format!(
                            "[{label}] is written as a link but has no definition; add \"[{label}]: <compare URL>\" with the others"
                        ),
                    )
                    .warning(),
                );
            }
        }
        // conventional-changelog: `# [1.2.0](…/compare/v1.1.0...v1.2.0) (2024-01-01)`
        let first = links.partition_point(|l| l.range.start < s.range.start);
        if let Some(link) = links[first..]
            .iter()
            .take_while(|l| l.range.start < s.range.end)
            .find(|l| l.range.end <= s.range.end)
        {
            if s.bracketed.is_none() && doc.text[link.range.clone()].ends_with(')') {
                let name = label(s.version.as_ref());
                check_link_target(
                    &name,
                    s.version.as_ref(),
                    &link.dest,
                    link.range.clone(),
                    ctx,
                    findings,
                );
            }
        }
    }
}

/// A version's link must compare up to (or point at) that version; Unreleased's up to HEAD.
fn check_link_target(
    label: &str,
    version: Option<&Version>,
    url: &str,
    range: Range<usize>,
    ctx: Facts<'_>,
    findings: &mut Vec<Finding>,
) {
    if let Some((end, right)) = compare_end(url) {
        match (version, end) {
            (Some(v), Some(e)) if e.cmp_precedence(v) != Ordering::Equal => {
                findings.push(Finding::new(
                    range,
                    format!("the link for [{label}] compares up to {right}; end it at the {v} tag"),
                ));
            }
            (Some(v), None) if ctx.released.is_empty() || is_released(v, ctx) => {
                findings.push(Finding::new(
                    range,
                    format!("the link for [{label}] compares up to {right}, not a release; end it at the {v} tag"),
                ));
            }
            (None, Some(_)) => findings.push(Finding::new(
                range,
                format!("the link for [{label}] compares up to {right}; unreleased changes compare up to HEAD"),
            )),
            _ => {}
        }
    } else if let (Some(v), Some((tag_version, tag))) = (version, release_tag(url)) {
        if tag_version.cmp_precedence(v) != Ordering::Equal {
            findings.push(Finding::new(
                range,
                format!(
                    "the link for [{label}] points at the release {tag}; point it at the {v} tag"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check_text, Context};

    fn ctx() -> Context {
        Context {
            version: Some(Version::new(2, 4, 0)),
            version_source: "VERSION".to_string(),
            ..Context::default()
        }
    }

    #[test]
    fn fixtures() {
        let ok = include_str!("../../fixtures/lint/changelog/ok.md");
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", ok, &ctx()), "");
        let bad = include_str!("../../fixtures/lint/changelog/bad.md");
        let expected = include_str!("../../fixtures/lint/changelog/bad.expected");
        // The fixture runs as a CHANGELOG.md; bad.md is its name on disk only.
        assert_eq!(
            check_text(&Changelog, "CHANGELOG.md", bad, &ctx()),
            expected
        );
    }

    #[test]
    fn releases_grouped_under_their_line_are_read_at_the_third_level() {
        // zero-to-jupyterhub: `## 4.3`, then `### 4.3.2 - 2025-12-12`.
        let c = Context {
            version: Some(Version::new(2, 4, 1)),
            version_source: "VERSION".to_string(),
            ..Context::default()
        };
        let text = "# Changelog\n\n## 2.4\n\n### 2.4.1 - 2025-12-12\n\n- A.\n\n### 2.4.0 - 2025-10-17\n\n- B.\n\n## 2.3\n\n### 2.3.0 - 2025-01-01\n\n- C.\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &c), "");
        // Out of order there, it is still said.
        let swapped = text.replace("2.4.0 - 2025-10-17", "2.4.9 - 2025-10-17");
        assert!(check_text(&Changelog, "CHANGELOG.md", &swapped, &c).contains("2.4.9"));
        // With releases of their own at the second level (jupyterlab's), the third level
        // is the releases' parts (`### 4.0.0 - Highlights`), as before.
        let mixed = "# Changelog\n\n## v2.4\n\n### 2.4.0 - Highlights\n\n- A.\n\n## 2.4.1\n\n- B.\n\n## 2.4.0\n\n- C.\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", mixed, &c), "");
    }

    #[test]
    fn a_changelog_that_says_it_is_kept_no_more_is_not_asked_for_a_section() {
        let mut c = ctx();
        c.released = vec![Version::new(2, 4, 0)];
        let text = "> This changelog is no longer maintained. Release notes are on the releases page.\n\n# Changelog\n\n## 1.0.0\n\n- First.\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &c), "");
        let kept = text.replace("no longer maintained", "maintained");
        assert_ne!(check_text(&Changelog, "CHANGELOG.md", &kept, &c), "");
    }

    #[test]
    fn a_two_number_heading_over_its_line_s_releases_is_no_release() {
        // jupyterlab: `## v4.1` holds the highlights of the 4.1 line, whose `## 4.1.0` and
        // `## 4.1.1` come further down.
        let text = "# Changelog\n\n## v2.4\n\nHighlights.\n\n## v2.3\n\nHighlights.\n\n## 2.4.0\n\n- A.\n\n## 2.3.1\n\n- B.\n\n## 2.3.0-beta.1\n\n- C.\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &ctx()), "");
        // Without a 2.3.0 of three numbers, `## v2.3` is 2.3.0 (healthchecks' headings), and
        // 2.3.1 listed below it is out of order.
        let alone = "# Changelog\n\n## v2.3\n\n- A.\n\n## 2.3.1\n\n- B.\n";
        let found = check_text(&Changelog, "CHANGELOG.md", alone, &ctx());
        assert!(
            found.contains("2.3.1 is listed below 2.3.0") && found.lines().count() == 1,
            "{found}"
        );
        // Dated, `## v2.4 - …` is the release 2.4.0, listed twice with `## 2.4.0`.
        let dated =
            "# Changelog\n\n## v2.4 - 2024-05-01\n\n- A.\n\n## 2.4.0 - 2024-05-01\n\n- B.\n";
        let found = check_text(&Changelog, "CHANGELOG.md", dated, &ctx());
        assert!(found.contains("2.4.0 is listed twice"), "{found}");
    }

    #[test]
    fn a_definition_a_link_uses_with_its_own_text_is_no_sections() {
        let text = "# Changelog\n\n## [2.4.0] - 2024-01-01\n\n- [Dart Sass][0.17.0-blog-dart-sass] by default.\n\n[2.4.0]: https://x/releases/tag/v2.4.0\n[0.17.0-blog-dart-sass]: /blog/0.17.0/#dart-sass\n[2.3.0]: https://x/releases/tag/v2.3.0\n";
        // The second is a link's; the third is a section's, and there is none.
        assert_eq!(
            check_text(&Changelog, "CHANGELOG.md", text, &ctx()),
            "9:1 warning changelog: the link definition [2.3.0] matches no section; remove it or add a \"## [2.3.0]\" section\n"
        );
        // Used as a shortcut (`[2.3.0]` or `[2.3.0][]`), it is still a section's.
        for used in ["[2.3.0]", "[2.3.0][]"] {
            let text = text.replace("[Dart Sass][0.17.0-blog-dart-sass]", used);
            assert_eq!(
                check_text(&Changelog, "CHANGELOG.md", &text, &ctx())
                    .lines()
                    .count(),
                2,
                "{used}"
            );
        }
    }

    #[test]
    fn only_changelog_files() {
        let text = "## 1.0.0\n\n## 2.0.0\n";
        assert_eq!(check_text(&Changelog, "docs/notes.md", text, &ctx()), "");
        assert_ne!(check_text(&Changelog, "pkg/changelog.MD", text, &ctx()), "");
    }

    #[test]
    fn current_version_needs_a_section_once_released() {
        let text = "# Changelog\n\n## [2.3.0] - 2024-01-01\n";
        let mut c = ctx();
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &c), "");
        c.released = vec![Version::new(2, 3, 0), Version::new(2, 4, 0)];
        assert_eq!(
            check_text(&Changelog, "CHANGELOG.md", text, &c),
            "1:1 error changelog: the current version 2.4.0 is released (tag exists) but has no section; add \"## [2.4.0] - YYYY-MM-DD\" above the older releases\n"
        );
        // Undated top section that is not tagged yet: fine.
        let text = "## 2.5.0\n\n## [2.4.0] - 2024-01-01\n\n## [2.3.0] - 2023-12-01\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &c), "");
    }

    #[test]
    fn headings_and_dates() {
        let v = |s: &str| parse_heading(s).map(|(v, d)| (label(v.as_ref()), d));
        assert_eq!(
            v("1.2.0 (2024-01-01)"),
            Some(("1.2.0".into(), Date::Iso("2024-01-01".into())))
        );
        assert_eq!(
            v("[v1.2.0] – 2024-02-30"),
            Some(("1.2.0".into(), Date::Invalid("2024-02-30".into())))
        );
        assert_eq!(v("[Unreleased]"), Some(("Unreleased".into(), Date::None)));
        assert_eq!(v("v0.9.1 {#v0.9.1}"), Some(("0.9.1".into(), Date::None)));
        assert_eq!(
            v("[1.2.0] - 2024-01-01 {: #r120 }").map(|x| x.1),
            Some(Date::Iso("2024-01-01".into()))
        );
        assert_eq!(
            v("1.2.0 - 01/05/2024").map(|x| x.1),
            Some(Date::NotIso("01/05/2024".into()))
        );
        assert_eq!(v("Version 1.2.0 - TBD").map(|x| x.1), Some(Date::Pending));
        assert_eq!(v("1.2.x"), None);
        assert_eq!(v("1.2.0rc1"), None);
        // Two numbers (healthchecks), with a date or pending, never followed by words.
        assert_eq!(
            v("v4.3 - 2026-07-14"),
            Some(("4.3.0".into(), Date::Iso("2026-07-14".into())))
        );
        assert_eq!(
            v("v4.3-dev - Unreleased"),
            Some(("4.3.0-dev".into(), Date::Pending))
        );
        assert_eq!(v("[4.3]"), Some(("4.3.0".into(), Date::None)));
        for not in [
            "2.0 Migration guide",
            "v4.03 - 2026-01-01",
            "4.3.x",
            "1.2.3.4",
        ] {
            assert_eq!(v(not), None, "{not}");
        }
        assert_eq!(iso_hint("2024-1-5").as_deref(), Some("2024-01-05"));
        // Year last: told by a number above 12, or by day and month being the same.
        assert_eq!(iso_hint("12/21/2018").as_deref(), Some("2018-12-21"));
        assert_eq!(iso_hint("21.12.2018").as_deref(), Some("2018-12-21"));
        assert_eq!(iso_hint("05/05/2024").as_deref(), Some("2024-05-05"));
        assert_eq!(iso_hint("01/05/2024"), None);
        assert_eq!(iso_hint("31/02/2024"), None);
        assert_eq!(iso_hint("123/1/2024"), None);
        assert!(valid_iso("2024-02-29"));
        assert!(!valid_iso("2023-02-29"));
    }

    #[test]
    fn conventional_changelog_is_read() {
        let text = "# Changelog\n\n\
            ## [2.4.0](https://github.com/o/r/compare/v2.3.0...v2.4.0) (2024-03-01)\n\n\
            * **api:** add export ([9f3c2a1](https://github.com/o/r/commit/9f3c2a1))\n\n\
            ## <small>2.3.0 (2024-01-01)</small>\n\n\
            # [2.2.0](https://github.com/o/r/compare/v2.1.0...v2.1.0) (2023-12-01)\n";
        assert_eq!(
            check_text(&Changelog, "CHANGELOG.md", text, &ctx()),
            "9:3 error changelog: the link for [2.2.0] compares up to v2.1.0; end it at the 2.2.0 tag\n"
        );
    }

    #[test]
    fn a_remark_in_parentheses_before_the_date() {
        // uniffi-rs: the remark names the version again; the date follows it.
        let (version, date) =
            parse_heading("v0.31.2 (backend crates: v0.31.2) - (_2026-06-16_)").unwrap();
        assert_eq!(version, Some(Version::new(0, 31, 2)));
        assert!(matches!(date, Date::Iso(d) if d == "2026-06-16"));
        // Without a date after it, a second version is still not this heading's.
        assert!(parse_heading("2014.12.22 (Version 0.10.35)").is_none());
        assert!(parse_heading("1.0.0 (see 1.0.1) and more").is_none());
    }

    #[test]
    fn post_releases_and_dated_numbers() {
        let text = "## v2.0.0-post1\n\n## v2.0.0\n\n## 2014.12.22, Version 0.10.35\n\n## 2013.10.30, Version 0.10.21\n\n## 2014.01.01, Version 0.10.22\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &ctx()), "");
        // A numbered re-release above its release; a pre-release with a name is not one.
        let text = "## 0.17.0-2\n\n## 0.17.0\n\n## 0.16.0\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &ctx()), "");
        let text = "## 0.17.0-rc.1\n\n## 0.17.0\n";
        assert!(check_text(&Changelog, "CHANGELOG.md", text, &ctx()).contains("error changelog"));
    }

    #[test]
    fn year_first_dates_warn_only_when_valid() {
        let text = "# Changelog\n\n## 1.3.0 - 2024/03/01\n\n## 1.2.0 - 2024/02/30\n\n## 1.1.0 - 2024-01-01\n";
        let found = check_text(&Changelog, "CHANGELOG.md", text, &ctx());
        assert!(
            found.contains("3:1 warning changelog: the date 2024/03/01"),
            "{found}"
        );
        assert!(
            found.contains("5:1 error changelog: the date 2024/02/30"),
            "{found}"
        );
        // Year last: a warning when the day cannot be the month (minikube's changelog),
        // an error when it could.
        let text = "# Changelog\n\n## 0.32.0 - 12/21/2018\n\n## 0.31.0 - 01/11/2018\n\n## 0.30.0 - 2018-10-05\n";
        let found = check_text(&Changelog, "CHANGELOG.md", text, &ctx());
        assert!(
            found.contains("3:1 warning changelog: the date 12/21/2018 of 0.32.0 is not an ISO date; write it as YYYY-MM-DD (2018-12-21)"),
            "{found}"
        );
        // The file's other date puts the month first: 01/11 is January 11th.
        assert!(
            found.contains("5:1 warning changelog: the date 01/11/2018 of 0.31.0 is not an ISO date; write it as YYYY-MM-DD (2018-01-11)"),
            "{found}"
        );
        // Alone, or among dates of both orders, it could be either.
        let text = "# Changelog\n\n## 0.32.0 - 21/12/2018\n\n## 0.31.0 - 12/21/2018\n\n## 0.30.0 - 01/11/2018\n\n## 0.29.0 - 2018-01-01\n";
        let found = check_text(&Changelog, "CHANGELOG.md", text, &ctx());
        assert!(
            found.contains("7:1 error changelog: the date 01/11/2018"),
            "{found}"
        );
    }

    #[test]
    fn undated_history_at_the_bottom_is_fine() {
        let text =
            "## 1.2.0 - 2024-01-01\n\n## 1.1.0\n\n## 1.0.0 - 2023-01-01\n\n## 0.2.0\n\n## 0.1.0\n\nKeep a Changelog.\n";
        assert_eq!(
            check_text(&Changelog, "CHANGELOG.md", text, &ctx()),
            "3:1 warning changelog: 1.1.0 has no release date, unlike the releases below it; add \" - YYYY-MM-DD\" to its heading (or keep unreleased changes under Unreleased)\n"
        );
    }

    #[test]
    fn other_changelog_styles_keep_their_own_dates() {
        // tera's `(2016/12/07)`, colored's undated releases, object's dated backports.
        let text =
            "## 0.5.0 (2017/01/10)\n\n## 0.4.1 (2016/12/07)\n\n# 2.1.0\n\n## 0.31.1 (2023/05/09)\n";
        let out = check_text(&Changelog, "CHANGELOG.md", text, &ctx());
        assert!(
            !out.contains("ISO date") && !out.contains("no release date"),
            "{out}"
        );
        let backport = "## 0.30.4 (2023/06/05)\n\n## 0.31.1 (2023/05/09)\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", backport, &ctx()), "");
    }

    #[test]
    fn release_lines_dated_under_their_headings_are_in_date_order() {
        // rollup's CHANGELOG.md: 2.79.2 and 3.29.5, security backports, between 4.22.4 and
        // 4.22.5, each dated `_YYYY-MM-DD_` on the line under its heading.
        let text = "# Changelog\n\n## 4.1.1\n\n_2024-09-27_\n\n- a\n\n## 2.9.2\n\n_2024-09-26_\n\n- b\n\n## 3.5.1\n\n_2024-09-21_\n\n- c\n\n## 4.1.0\n\n_2024-09-21_\n\n- d\n";
        let out = check_text(&Changelog, "CHANGELOG.md", text, &ctx());
        assert!(!out.contains("listed below"), "{out}");
        // Undated, the same order is wrong.
        let bare = text
            .replace("_2024-09-26_", "x")
            .replace("_2024-09-21_", "y");
        let out = check_text(&Changelog, "CHANGELOG.md", &bare, &ctx());
        assert!(out.contains("3.5.1 is listed below 2.9.2"), "{out}");
    }

    #[test]
    fn a_prerelease_line_between_maintenance_patches_is_in_order() {
        let text = "## 7.0.14\n\n## 7.0.13\n\n## 8.0.0-next.1\n\n## 8.0.0-next.0\n\n## 7.0.12\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &ctx()), "");
        // A stable release below an older one is still out of order, and so is a
        // pre-release of the same line below its release.
        let text = "## 7.0.13\n\n## 8.0.0\n";
        assert!(check_text(&Changelog, "CHANGELOG.md", text, &ctx())
            .contains("8.0.0 is listed below 7.0.13"));
        let text = "## 7.0.13\n\n## 7.0.14-rc.1\n";
        assert!(check_text(&Changelog, "CHANGELOG.md", text, &ctx())
            .contains("7.0.14-rc.1 is listed below 7.0.13"));
    }

    #[test]
    fn compare_links() {
        let (v, right) =
            compare_end("https://github.com/o/r/compare/v1.1.0...relman-v1.2.0").unwrap();
        assert_eq!(v, Some(Version::new(1, 2, 0)));
        assert_eq!(right, "relman-v1.2.0");
        assert_eq!(
            compare_end("https://x/compare/v1.1.0...HEAD").unwrap().0,
            None
        );
        assert!(compare_end("https://x/releases/tag/v1.0.0").is_none());
        // A scoped tag written with `%40` for `@` (vite's create-vite changelog).
        let (v, right) =
            compare_end("https://x/compare/create-vite%409.1.1...create-vite%409.1.2").unwrap();
        assert_eq!(v, Some(Version::new(9, 1, 2)));
        assert_eq!(right, "create-vite@9.1.2");
        let (v, tag) = release_tag("https://x/releases/tag/pkg%401.0.0").unwrap();
        assert_eq!((v, tag.as_str()), (Version::new(1, 0, 0), "pkg@1.0.0"));
    }

    #[test]
    fn a_pre_release_gathers_in_its_unreleased_release() {
        // RustCrypto: the tag blake2-v0.11.0-rc.6, the section `## 0.11.0 (UNRELEASED)`.
        let mut ctx = ctx();
        let rc = Version::parse("0.11.0-rc.6").unwrap();
        ctx.version = Some(rc.clone());
        ctx.released = vec![Version::new(0, 10, 0), rc];
        let text =
            "# Changelog\n\n## 0.11.0 (UNRELEASED)\n\n- x\n\n## 0.10.0 (2022-06-01)\n\n- y\n";
        assert_eq!(check_text(&Changelog, "CHANGELOG.md", text, &ctx), "");
        // Released already, the section is not the pre-release's.
        let text =
            "# Changelog\n\n## 0.11.0 (2023-01-01)\n\n- x\n\n## 0.10.0 (2022-06-01)\n\n- y\n";
        assert!(check_text(&Changelog, "CHANGELOG.md", text, &ctx)
            .contains("the current version 0.11.0-rc.6 is released"));
    }

    #[test]
    fn build_metadata_names_another_release() {
        let text = "# Changelog\n\n## 0.2.12\n\n## 0.2.11+backport-1\n\n## 0.2.11\n\n## 0.2.11\n";
        assert_eq!(
            check_text(&Changelog, "CHANGELOG.md", text, &ctx()),
            "9:1 error changelog: 0.2.11 is listed twice (first at line 7); merge the two sections\n"
        );
    }

    #[test]
    fn a_package_changelog_is_judged_against_its_package() {
        // The repository is at 3.0.0; the package in packages/a at 1.2.0, released.
        let mut ctx = ctx();
        ctx.version = Some(Version::new(3, 0, 0));
        ctx.released = vec![Version::new(3, 0, 0)];
        ctx.packages = vec![super::super::PackageFacts {
            root: "packages/a".into(),
            names: vec!["a".into()],
            version: Some(Version::new(1, 2, 0)),
            version_source: "packages/a/package.json".into(),
            released: vec![Version::new(1, 1, 0), Version::new(1, 2, 0)],
        }];
        let text = "# Changelog\n\n## [1.1.0] - 2024-01-01\n";
        let found = check_text(&Changelog, "packages/a/CHANGELOG.md", text, &ctx);
        assert!(
            found.contains("the current version 1.2.0 is released"),
            "{found}"
        );
        let text = "# Changelog\n\n## [1.2.0] - 2024-02-01\n\n## [1.1.0] - 2024-01-01\n";
        assert_eq!(
            check_text(&Changelog, "packages/a/CHANGELOG.md", text, &ctx),
            ""
        );
        // A folder that is no package's keeps the repository's version.
        assert_eq!(
            check_text(&Changelog, "packages/ab/CHANGELOG.md", text, &ctx),
            ""
        );
    }
}
