//! `version-mismatch`: a claim that some other version is the current one. This rule owns the
//! version claims of a document (prose such as "version bumped to …" or a `Version:` field,
//! install snippets of the project's own packages, static version badges) and decides which
//! version each claim must name: the version of the enclosing section (a changelog entry, a
//! release-notes collection), else the document's own release (a release document), else the
//! current version. It also owns the small SemVer token scanner the `changelog` rule shares.
//! Its cross-file step checks the version files (each must hold the current version), which
//! it asks the runner's `Repository` for. It does no I/O and says nothing about versions of
//! other packages or about history.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use regex::bytes::{Captures, Regex};

/// A bytes regex in ASCII mode: `\\w`, `\\b` and `(?i)` without Unicode tables, which
/// makes these patterns far cheaper to build and run; non-ASCII literals still match as
/// their UTF-8 bytes.
pub(crate) fn ascii_regex(pattern: &str) -> Result<Regex, regex::Error> {
    // A non-ASCII character inside a class needs Unicode mode.
    regex::bytes::RegexBuilder::new(pattern)
        .unicode(false)
        .build()
        .or_else(|_| Regex::new(pattern))
}
use semver::Version;

use super::versions::version_at;
use super::{
    Class, Context, Document, Documents, Finding, Finished, Output, Place, Placed, Repository,
    Rule, Severity,
};
use scope::{Kind, LazyScopes, Scope};
use snippets::Packages;

mod pages;
mod scope;
mod snippets;

pub(crate) struct VersionMismatch;

const DOCS: &str = r#"## What it finds

A claim that another version is the current one:

- prose: `version bumped to 2.3.9`, `we bumped the version to 2.3.9`, `the version is now
  2.3.9`, `current version: 2.3.9`, `the latest release is 2.3.9`, and a `Version: 2.3.9`
  field at the start of a line, list item or table row (emphasis such as `**Version**:` is
  fine);
- install snippets of the project's own packages, in code blocks and inline code:
  `cargo install NAME --version X`, `cargo add NAME@X`, `NAME = "X"` in TOML,
  `npm install NAME@X` (and `npx`, `yarn add`, `pnpm add`), `pip install NAME==X`,
  `"NAME": "^X"`, `go install …/NAME@vX`, `docker pull …/NAME:X`;
- static shields.io and badgen badges such as `img.shields.io/badge/version-2.3.9-blue`,
  labelled version, release, latest, stable, tag, a registry (crates.io, npm package, PyPI
  package) or the project's name (never another tool's: `rust version`, `msrv`, a bare
  `npm`);
- a release document whose title (with no version in its file name) names a version ahead of
  the repository, newer than the current version and not a next version of it (`# 1.6.2
  Release` with 1.4.0 in VERSION), nor released by a tag: the title is the finding, and the
  lines that agree with the repository are not;
- a release document whose file name and title name two different versions, or whose prose
  presents another version as the release (`This is version 2.3.9 of NAME`, `This release is
  2.3.9`; read only in a release document or a version's section);
- a page that says which release of the project it describes: `This page applies to NAME
  2.3.9 and later` (or `2.3.9+`, `onwards`), `This is the documentation for NAME 2.3.9`,
  `This guide was written for NAME 2.3.9`, `Tested with NAME 2.3.9`, where NAME is one of the
  project's names. An older version is a warning (the page may be stale), a newer one an
  error (the docs are ahead of every release).

The version a claim must name depends on where it stands. Under a heading that names a version
(`## [1.2.0] - 2024-01-01`, `## v1.2.0`, `# Release 1.2.0`), it is that version, so the
entries of a changelog or of a collection of release notes are history and agree with
themselves. Elsewhere in a release document (one whose file name, such as
`RELEASE_NOTES_2.4.0.md`, or whose title names a version), it is that release. Everywhere
else it is the current version (from the version file or the latest tag), except in a
site's blog posts, whose claims are of their day; in a monorepo, a
document in a package's folder is judged against that package's version, and each package's
version files against its own; so is a document beside a manifest that has a version of its
own (a Helm chart's README beside its `Chart.yaml`).

A translated page (in a locale folder such as `docs/es-ES/` or `src/content/docs/fr/`, a
locale suffix such as `README.zh-CN.md`, or Docusaurus' `i18n/<locale>/…`) is read with the
page it translates, since the words that say whose version a line names are in another
language there: a claim whose versions the original names on a line with no finding is the
translation's copy of the original, and only the others are reported (a stale install
snippet, a version the original no longer names).

Versions are compared by SemVer precedence (build metadata ignored). Only full versions count:
`1.14` is never a claim.

## Why

A release document that says "Version bumped to 2.3.9" when 2.4.0 is being released was
copied from the last release and not updated; an install snippet or a badge that names an old
version sends users to it.

## Example

With 2.4.0 in `VERSION`:

```markdown
**Version**: 2.4.0

Version bumped to 2.3.9 in `VERSION`.
```

reports the second line:

```text
3:1 error version-mismatch: "Version bumped to 2.3.9", but the version is 2.4.0 (VERSION)
```

These are never claims: `upgrade from 2.3.0`, `since 1.2.0`, `introduced in 1.2.0`,
`requires foo 1.2.0`, `the latest version 1.2.0 of foo`, `the Node version is now 18.0.0`,
`this page applies to git 2.30.0 and later` (another tool), `applies to NAME 2.3.9 and
earlier` or `only` (a page about old releases on purpose), `this section applies to NAME
2.0.0 and later` (when a feature arrived), dates, and anything under a
"Rollback", "Previous versions" or "Unreleased" heading. Page statements are read only outside
sections and documents of a version, and never in archived docs (a folder such as `v2.3/` or
`versioned_docs/`) or history files (`CHANGELOG.md`, `NEWS.md`, a site's blog posts).
Instructions such as `bump the version to 2.5.0` count only in a release document or a
version's section: elsewhere they are examples. An explicit range (`"^2.3.0"`, `npm@^2.3.0`) is
reported only when the version does not satisfy it.

## Options

`package_names` (filled from `Cargo.toml`, `package.json` or `pyproject.toml`) are the names
whose install snippets are checked. The rule is silent when the current version is unknown.

Page statements also accept, for one document, a name that an install snippet of that
document gives with exactly the current version (`cargo install NAME --version 2.4.0`,
`NAME = "2.4.0"`, `{ "name": "NAME", "version": "2.4.0" }`, `npm install NAME@2.4.0`,
`pip install NAME==2.4.0`). When no name is known at all, a lower-case name that is no
well-known tool in `This page applies to NAME X` is taken for the project's, and reported only
when X is an older release of the same major version.

## Code blocks

Code is read only for install snippets of the project's own packages. `^X` and `~X` are
requirements, wrong only when the version does not meet them; so is `NAME = "X"` in TOML,
which Cargo reads as `^X`: when the version still meets it, it is only a warning (the docs
show an older release, the install still works). A snippet whose line,
comment or introducing sentence speaks of a previous, older, specific or pinned version is
left alone, as are the removed lines of a `diff` block.
"#;

impl Rule for VersionMismatch {
    fn id(&self) -> &'static str {
        "version-mismatch"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "a version that disagrees with the current version where the docs claim it is current"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Output) {
        // In a monorepo a document in a package's folder speaks of that package.
        let facts = ctx.facts(&doc.path);
        let Some(current) = facts.version else {
            return;
        };
        let packages: Vec<String> = facts
            .names
            .iter()
            .map(|n| n.trim().to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .collect();
        scope::check_title(doc, current, facts.source, facts.released, &packages, out);
        scope::check_other_release(doc, current, facts.released, &packages, out);
        let scopes = LazyScopes::new(doc, current, facts.released, &packages);
        let mut checker = Checker {
            doc,
            current,
            source: facts.source,
            packages: &packages,
            scopes: &scopes,
            buf: Vec::new(),
            map: Vec::new(),
            lower: Vec::new(),
            reported: Vec::new(),
            inferred: Inferred::default(),
            archive: pages::is_archive(&doc.path),
            dated: crate::lint::is_post(&doc.path),
            out,
        };
        let bytes = doc.text.as_bytes();
        let mut from = 0;
        while let Some(at) = candidate(bytes, from) {
            let line = doc.line_col(at).0;
            from = doc.line_range(line).end.max(at + 1);
            checker.line(line);
        }
        checker.badges();
        hold_translated_claims(doc, ctx, out);
    }

    /// The version files and patterns: each must hold the current version. Only when the
    /// whole project is linted, and not for a release's cut, which writes them all.
    ///
    /// And a translated page's claims, held by its check, against its original.
    fn finish(
        &self,
        docs: &mut Documents<'_>,
        ctx: &Context,
        repository: &dyn Repository,
        out: &mut Finished,
    ) -> anyhow::Result<()> {
        self.judge_translations(docs, ctx, repository, out);
        if !ctx.whole_project || ctx.version_planned {
            return Ok(());
        }
        let files = match repository.version_files() {
            Ok(files) => files,
            Err(e) => {
                // Where the error says it is (`pyproject.toml:3:12: version "6.0.0b2" is
                // not SemVer`): a version relman cannot read, which the project may well
                // write on purpose (a PEP 440 beta), is a warning there; anything else is
                // the configuration's.
                let message = format!("{e:#}");
                let (path, at, rest) = located(&message).unwrap_or((
                    "release.toml",
                    Place {
                        line: 1,
                        column: 1,
                        source_line: String::new(),
                    },
                    message.as_str(),
                ));
                let mut placed = Placed::new(at, rest);
                if rest.contains("is not SemVer") {
                    placed = placed.with_severity(Severity::Warning);
                }
                out.elsewhere.push((path.to_string(), placed));
                return Ok(());
            }
        };
        for file in files.iter().filter(|f| f.checked) {
            // Each package's files hold that package's version.
            let facts = ctx.facts(&file.real);
            let Some(current) = facts.version else {
                continue;
            };
            for field in &file.fields {
                let Ok(v) = Version::parse(&field.text) else {
                    continue;
                };
                // A pom's `2.1.1-SNAPSHOT` between releases is the next development version.
                let snapshot = crate::version::is_snapshot_of(&field.text, &current.to_string());
                if v.cmp_precedence(current).is_ne() && !snapshot {
                    let path = file.path.to_string_lossy().replace('\\', "/");
                    let at = Place {
                        line: field.line,
                        column: field.column,
                        source_line: file
                            .text
                            .lines()
                            .nth(field.line - 1)
                            .unwrap_or("")
                            .to_string(),
                    };
                    let message = format!(
                        "{} holds {v}, but the version is {current} ({}); run `relman lint --fix` or write {current}",
                        field.location, facts.source
                    );
                    out.elsewhere.push((
                        path,
                        Placed::new(at, message).with_fix(field.span.clone(), current.to_string()),
                    ));
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Translations

/// `path:line:column: message` split, when an error message starts so.
fn located(message: &str) -> Option<(&str, Place, &str)> {
    let mut parts = message.splitn(4, ':');
    let (path, line, column, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if path.is_empty() || path.contains(' ') {
        return None;
    }
    let at = Place {
        line: line.parse().ok()?,
        column: column.parse().ok()?,
        source_line: String::new(),
    };
    Some((path, at, rest.trim_start()))
}

/// A translated page's claims (`translations::original`), held until its original is read:
/// the words that say whose version a table row or a sentence names are in another language
/// there, and a claim on a line of the same shape as a line of the original that claims
/// nothing is the translation's copy of that line, not a claim of its own. Each claim keeps
/// its line's shape (`shape`).
struct Translated {
    original: String,
    claims: Vec<(Placed, String)>,
}

/// A line without its words: what a translation keeps of it (numbers and versions, table
/// cells, code marks, punctuation). `| version | 13.0.0 | La versión del compilador |` and
/// `| version | 13.0.0 | The version of the compiler |` have one shape; a version in a
/// snippet and the same version in a heading do not.
fn shape(line: &str) -> String {
    line.chars()
        .filter(|c| c.is_ascii() && !c.is_ascii_alphabetic() && !c.is_ascii_whitespace())
        .collect()
}

/// In a translated page, keep the claims for `finish` rather than report them.
fn hold_translated_claims(doc: &Document, ctx: &Context, out: &mut Output) {
    if out.findings.is_empty() {
        return;
    }
    let Some(original) = super::translations::original(&doc.path, &ctx.files) else {
        return;
    };
    let mut claims = Vec::new();
    for finding in std::mem::take(&mut out.findings) {
        if versions_in(&doc.text.as_bytes()[finding.range.clone()]).is_empty() {
            out.findings.push(finding);
            continue;
        }
        let line = doc.line_text(doc.line_col(finding.range.start).0);
        let mut placed = Placed::new(Place::of(doc, finding.range.start), finding.message);
        placed.severity = finding.severity;
        placed.fix = finding.fix;
        claims.push((placed, shape(line)));
    }
    if !claims.is_empty() {
        out.keep(Translated { original, claims });
    }
}

/// Every full version in `text`.
fn versions_in(text: &[u8]) -> Vec<Version> {
    (0..text.len())
        .filter(|&i| text[i].is_ascii_digit() && (i == 0 || !text[i - 1].is_ascii_digit()))
        .filter_map(|i| version_at(text, i))
        .map(|(v, _)| v)
        .collect()
}

impl VersionMismatch {
    /// Report the claims of translated pages whose versions their original does not name
    /// on a line it finds nothing wrong with (an original is read and checked once).
    fn judge_translations(
        &self,
        docs: &mut Documents<'_>,
        ctx: &Context,
        repository: &dyn Repository,
        out: &mut Finished,
    ) {
        let mut accepted: std::collections::HashMap<String, std::collections::HashSet<String>> =
            std::collections::HashMap::new();
        for i in 0..docs.len() {
            let Some(translated) = docs.take::<Translated>(i) else {
                continue;
            };
            let shapes = accepted
                .entry(translated.original.clone())
                .or_insert_with(|| self.accepted_shapes(&translated.original, ctx, repository));
            for (placed, shape) in translated.claims {
                if !shapes.contains(&shape) {
                    out.findings.push((i, placed));
                }
            }
        }
    }

    /// The shapes of a page's lines that name a version and where this rule finds nothing.
    fn accepted_shapes(
        &self,
        path: &str,
        ctx: &Context,
        repository: &dyn Repository,
    ) -> std::collections::HashSet<String> {
        let Some(doc) = repository.document(path) else {
            return std::collections::HashSet::new();
        };
        let mut scratch = Output::default();
        self.check(&doc, ctx, &mut scratch);
        let mut flagged: Vec<usize> = scratch
            .findings
            .iter()
            .map(|f| doc.line_col(f.range.start).0)
            .collect();
        if let Some(held) = scratch
            .take_kept()
            .and_then(|k| k.downcast::<Translated>().ok())
        {
            flagged.extend(held.claims.iter().map(|(p, _)| p.at.line));
        }
        doc.text
            .lines()
            .enumerate()
            .filter(|(n, line)| {
                !flagged.contains(&(n + 1)) && !versions_in(line.as_bytes()).is_empty()
            })
            .map(|(_, line)| shape(line))
            .collect()
    }
}

/// At most `n` bytes of `s` before `at`, cut at a character boundary.
fn window_before(s: &[u8], at: usize, n: usize) -> &str {
    let mut start = at.saturating_sub(n);
    while start < at && (s[start] & 0xC0) == 0x80 {
        start += 1;
    }
    std::str::from_utf8(&s[start..at]).unwrap_or("")
}

/// At most `n` bytes of `s` from `at`, cut at a character boundary.
fn window_after(s: &[u8], at: usize, n: usize) -> &str {
    let mut end = (at + n).min(s.len());
    while end > at && end < s.len() && (s[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    std::str::from_utf8(&s[at..end]).unwrap_or("")
}

// ---------------------------------------------------------------------------------------------
// Claims

/// Whether every version in a rendered line is the current release (as a page statement
/// compares them: the same release, or equal in precedence). A page statement is wrong only
/// about another version.
fn only_current_versions(line: &[u8], current: &Version) -> bool {
    (0..line.len())
        .filter(|&i| line[i].is_ascii_digit() && (i == 0 || !line[i - 1].is_ascii_digit()))
        .filter_map(|i| version_at(line, i))
        .all(|(v, _)| {
            (v.pre.is_empty()
                && (v.major, v.minor, v.patch) == (current.major, current.minor, current.patch))
                || v.cmp_precedence(current) == Ordering::Equal
        })
}

/// Whether a line cites a commit: a link to one or to a pull request, or a list item that
/// starts with its hash.
fn cites_commit(raw: &[u8]) -> bool {
    // A merged pull request's title (`Bump version to 1.50.0 ([#3303](…/pull/3303))`) is
    // history too: the version it names was that change's.
    memmem(raw, b"/commit/")
        || memmem(raw, b"/pull/")
        || memmem(raw, b"/merge_requests/")
        || crate::lint::unknown_commit::starts_with_commit(raw)
}

/// Lines worth reading hold something shaped like a full version (`\d\.\d+\.\d`): the offset
/// of the first such shape at or after `from`. Blocks of 64 bytes with no digit-dot-digit at
/// all are passed over in one branch-free test (the compiler vectorises it); the full stops
/// of the other blocks are looked at one by one.
fn candidate(s: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 64;
    let digit = |i: usize| s.get(i).is_some_and(u8::is_ascii_digit);
    // Whether the byte at `dot` is the first `.` of a version shape.
    let shape = |dot: usize| {
        if s[dot] != b'.' || !digit(dot - 1) || !digit(dot + 1) {
            return false;
        }
        let mut j = dot + 2;
        while digit(j) {
            j += 1;
        }
        s.get(j) == Some(&b'.') && digit(j + 1)
    };
    let is_digit = |b: u8| u8::from(b.wrapping_sub(b'0') < 10);
    // `i` is where a `.` may stand: it needs a byte before it.
    let mut i = from + 1;
    while let Some(window) = s.get(i - 1..i + BLOCK + 1) {
        let mut any = 0u8;
        for k in 0..BLOCK {
            any |= u8::from(window[k + 1] == b'.') & is_digit(window[k]) & is_digit(window[k + 2]);
        }
        if any != 0 {
            if let Some(dot) = (i..i + BLOCK).find(|&dot| shape(dot)) {
                return Some(dot - 1);
            }
        }
        i += BLOCK;
    }
    (i..s.len()).find(|&dot| shape(dot)).map(|dot| dot - 1)
}

const V: &str = r"(?P<v>[vV]?\d+\.\d+\.\d+)";
// `’` outside the class: a class with a non-ASCII character needs Unicode mode.
const PRE: &str = r"(?:(?P<pre>(?:[\w']|’)+)[ \t]+)?";

/// How sure a prose claim is that it states a fact about the current version.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Force {
    /// "version bumped to", "version is now": always checked.
    Fact,
    /// "bump the version to", "set version to": an instruction, which in a how-to is an
    /// example; checked only in a release document or a version's section.
    Imperative,
}

/// A claim pattern: lower case, matched against a lower-cased line, with `{PRE}` and `{V}`
/// standing for the words before a claim and its version. Compiled the first time a line
/// holds the words it needs.
struct Pattern {
    /// Groups of words (lower case): the line must hold one word of each group.
    needs: &'static [&'static [&'static str]],
    source: &'static str,
    re: OnceLock<Regex>,
    force: Force,
}

impl Pattern {
    const fn new(
        needs: &'static [&'static [&'static str]],
        source: &'static str,
        force: Force,
    ) -> Pattern {
        Pattern {
            needs,
            source,
            re: OnceLock::new(),
            force,
        }
    }

    fn may_match(&self, lower: &[u8]) -> bool {
        self.needs
            .iter()
            .all(|group| group.iter().any(|w| memmem(lower, w.as_bytes())))
    }

    fn regex(&self) -> &Regex {
        self.re.get_or_init(|| {
            ascii_regex(&self.source.replace("{PRE}", PRE).replace("{V}", V))
                .expect("claim patterns are valid")
        })
    }
}

const VERSION_WORDS: &[&str] = &["version", "release"];
const NOW_WORDS: &[&str] = &["current", "latest", "newest"];

static CLAIMS: [Pattern; 8] = [
    Pattern::new(
        &[&["version"], &["to"]],
        r"(?-u:\b){PRE}version[ \t]+(?:number[ \t]+)?(?:(?:has[ \t]+been|have[ \t]+been|was|is|got|gets|were)[ \t]+)?(?:bumped|updated|upgraded|raised|increased|incremented|changed|set|moved)[ \t]+(?:from[ \t]+\S+[ \t]+)?to[ \t]*:?[ \t]*{V}",
        Force::Fact,
    ),
    Pattern::new(
        &[&["version"], &["to"]],
        r"(?-u:\b)(?P<verb>bump(?:ed|s|ing)?|updat(?:e|ed|es|ing)|set(?:s|ting)?|chang(?:e|ed|es|ing)|rais(?:e|ed|es|ing)|increas(?:e|ed|es|ing)|increment(?:ed|s|ing)?)[ \t]+(?:(?:the|our|its|this)[ \t]+)?(?:(?:project|package|crate|app|library|release)(?:'s|’s)?[ \t]+)?version[ \t]+(?:number[ \t]+)?(?:from[ \t]+\S+[ \t]+)?to[ \t]*:?[ \t]*{V}",
        Force::Fact,
    ),
    Pattern::new(
        &[&["version"], &["now"]],
        r"(?-u:\b){PRE}version[ \t]+(?:is[ \t]+)?now(?:[ \t]+(?:is|at))?[ \t]*:?[ \t]*{V}",
        Force::Fact,
    ),
    Pattern::new(
        &[NOW_WORDS, VERSION_WORDS],
        r"(?-u:\b){PRE}(?:current|latest|newest)[ \t]+(?:stable[ \t]+)?(?:version|release)(?:[ \t]+(?:of|for)[ \t]+(?P<of>[\w@/.-]+))?[ \t]*(?:is[ \t]*:?|:|=)[ \t]*{V}",
        Force::Fact,
    ),
    Pattern::new(
        &[VERSION_WORDS, &[":", "|"]],
        r"(?:^|\|)[ \t]*(?:(?:current|release|project|new)[ \t]+)?(?:version|release)[ \t]*(?::|\|)[ \t]*{V}",
        Force::Fact,
    ),
    Pattern::new(
        &[&["bump"], &["to"]],
        r"^[ \t]*(?:(?P<kind>\w+)(?:\([^)]*\))?!?:[ \t]*)?(?P<verb>bump(?:ed)?)[ \t]+to[ \t]+{V}",
        Force::Fact,
    ),
    Pattern::new(
        &[NOW_WORDS, VERSION_WORDS, &["is"]],
        r"(?-u:\b){PRE}{V}[0-9A-Za-z.+-]*[ \t]+is[ \t]+(?:now[ \t]+)?(?:the|our)[ \t]+(?:current|latest|newest)[ \t]+(?:stable[ \t]+)?(?:version|release)(?-u:\b)",
        Force::Fact,
    ),
    // "This is version 3.2.0 (of widget)", "this release is 3.2.0": the document presents
    // its own release, so only release documents and a version's section are checked.
    Pattern::new(
        &[&["this"], VERSION_WORDS],
        r"(?-u:\b)(?P<this>this)[ \t]+(?:is[ \t]+(?:the[ \t]+)?(?:version|release)|release[ \t]+is(?:[ \t]+version)?)[ \t]+{V}",
        Force::Imperative,
    ),
];

/// An arrow between two versions: `2.3.9 → 2.4.0`, `2.3.9 -> 2.4.0`, `2.3.9 to 2.4.0`.
static ARROW: LazyLock<Regex> =
    LazyLock::new(|| ascii_regex(r"^[ \t]*(?:→|->|=>|⇒|⟶|to)[ \t]*").unwrap());

/// Words that may stand right before a claim's keyword ("the version is now …").
const ALLOWED_PRE: &[&str] = &[
    "the",
    "our",
    "its",
    "this",
    "that",
    "which",
    "whose",
    "and",
    "so",
    "now",
    "new",
    "project",
    "package",
    "crate",
    "app",
    "application",
    "library",
    "tool",
    "release",
    "version",
    "v",
];

/// Words before a claim that make it hypothetical.
const CONDITIONAL: &[&str] = &[
    "if", "when", "whether", "unless", "once", "until", "assuming", "suppose", "say",
];

/// Versions that documentation uses as examples.
const EXAMPLE_VERSIONS: &[&str] = &["0.0.0", "1.2.3"];

static EXAMPLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?-u:\b)e\.g\.|(?-u:\b)for (?:example|instance)(?-u:\b)|(?-u:\b)example:|(?-u:\b)such as(?-u:\b)").unwrap()
});

/// Words that make an install snippet deliberately name another version.
static OTHER_VERSION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"(?i)(?-u:\b)(?:previous|older|old|oldest|legacy|earlier|specific|particular|pin|pinned|pinning|downgrad\w*|roll(?:ing)?[ -]?back|revert\w*|instead of|example|e\.g\.)(?-u:\b)",
    )
    .unwrap()
});

/// A version number in a line of prose (`0.112.0`, `v2.1`).
static VERSION_IN_PROSE: LazyLock<regex::Regex> =
    LazyLock::new(|| regex::Regex::new(r"\d+\.\d+(?:\.\d+)?").unwrap());

/// What a finding quotes.
enum Quote {
    Prose(String),
    Code(String),
    Badge(String),
}

impl Quote {
    fn render(&self, named: &Version) -> String {
        match self {
            Quote::Prose(q) => format!("\"{q}\""),
            Quote::Code(q) => format!("`{q}`"),
            Quote::Badge(label) => format!("the \"{label}\" badge says {named}"),
        }
    }
}

struct Checker<'a> {
    doc: &'a Document,
    current: &'a Version,
    /// Where the current version came from, for messages.
    source: &'a str,
    packages: &'a [String],
    scopes: &'a LazyScopes<'a>,
    /// The rendered line (prose, spaces and table pipes) and each byte's source offset.
    buf: Vec<u8>,
    map: Vec<usize>,
    /// A lower-cased copy of the current line.
    lower: Vec<u8>,
    /// Where the versions of this line's prose claims start (a page statement never reports
    /// them again).
    reported: Vec<usize>,
    /// The project's names that this document's own install snippets give (computed when a
    /// page statement needs them).
    inferred: Inferred,
    /// The document is an archived copy of older docs or a history file.
    archive: bool,
    /// The document is a blog post (`crate::lint::is_post`).
    dated: bool,
    out: &'a mut Output,
}

/// The project's names that a document's own install snippets give, read as far as needed.
#[derive(Default)]
struct Inferred {
    names: Vec<String>,
    /// Where reading resumes (past the end once everything is read).
    next: usize,
}

/// Whether `needle` occurs in `hay`.
fn memmem(hay: &[u8], needle: &[u8]) -> bool {
    let Some((&first, rest)) = needle.split_first() else {
        return false;
    };
    let mut i = 0;
    while let Some(p) = hay[i..].iter().position(|&b| b == first) {
        let at = i + p;
        if hay[at + 1..].starts_with(rest) {
            return true;
        }
        i = at + 1;
    }
    false
}

/// Whether the text before a claim makes it a quotation (`says "Version bumped to 2.3.9"`) or
/// hypothetical ("If the version is now 2.0.0, …").
fn quoted_or_hypothetical(before: &str) -> bool {
    before.ends_with(['"', '\u{201c}', '\u{2018}', '\''])
        || before
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .rev()
            .take(2)
            .any(|w| CONDITIONAL.contains(&w.to_lowercase().as_str()))
}

/// Whether the text before a claim dates it ("As of April 4th 2019, the latest version is
/// 3.1.1"): a statement of that day, history now.
fn dated(before: &str) -> bool {
    const MONTHS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may ",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = before.to_ascii_lowercase();
    let Some(at) = lower.rfind("as of ") else {
        return false;
    };
    let rest = &lower[at + 6..];
    let year = rest.as_bytes().windows(4).enumerate().any(|(i, w)| {
        (w.starts_with(b"19") || w.starts_with(b"20"))
            && w.iter().all(u8::is_ascii_digit)
            && !rest.as_bytes().get(i + 4).is_some_and(u8::is_ascii_digit)
            && !(i > 0 && rest.as_bytes()[i - 1].is_ascii_digit())
    });
    year || MONTHS.iter().any(|m| rest.starts_with(m))
}

/// Words without which a line holds no prose claim.
const CLAIM_WORDS: &[&str] = &["version", "release", "bump"];

/// Whether a lower-cased line holds one of `words` (anywhere: a word list is cheaper to
/// search like this than to compile as a case-insensitive regex).
fn holds_any(lower: &[u8], words: &[&str]) -> bool {
    words.iter().any(|w| memmem(lower, w.as_bytes()))
}

impl<'a> Checker<'a> {
    fn line(&mut self, line: usize) {
        let range = self.doc.line_range(line);
        let raw = &self.doc.text.as_bytes()[range.clone()];
        let first = raw
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .map_or(range.start, |i| range.start + i);
        // What the line is decides what to look for: code holds only install snippets,
        // HTML and front matter nothing.
        let class = self.doc.class_at(first);
        match class {
            Class::Html | Class::Meta => return,
            Class::CodeBlock if self.packages.is_empty() => return,
            _ => {}
        }
        self.lower.clear();
        self.lower.extend(raw.iter().map(u8::to_ascii_lowercase));
        // An archived copy of the docs (`versioned_docs/version-3.9/`) installs its version.
        let package = !self.archive && !self.packages.is_empty() && self.names_a_package();
        if class == Class::CodeBlock {
            if package {
                self.reported.clear();
                self.code_line(range);
            }
            return;
        }
        // A commit subject cited with its hash ("Bump to 0.1.0 (43d9a50)") is history.
        let keyword = holds_any(&self.lower, CLAIM_WORDS) && !cites_commit(raw);
        // A page statement is wrong only about a version other than the current one.
        let statement = !self.archive && holds_any(&self.lower, pages::WORDS);
        if !keyword && !package && !statement {
            return;
        }
        self.reported.clear();
        if keyword {
            self.render(range.clone(), false);
            if self.buf.iter().any(u8::is_ascii_digit) {
                self.prose_claims();
            }
        }
        if statement {
            self.render(range.clone(), true);
            if !only_current_versions(&self.buf, self.current) {
                self.page_statements(line);
            }
        }
        if package {
            self.inline_code(range);
        }
    }

    /// Render a line: prose as is, inline code only when it is exactly a version (or one word,
    /// such as a name, with `keep_code`), spaces and table pipes of the markup, and a
    /// separator for anything else.
    fn render(&mut self, range: Range<usize>, keep_code: bool) {
        self.buf.clear();
        self.map.clear();
        let bytes = self.doc.text.as_bytes();
        let mut i = range.start;
        while i < range.end {
            match self.doc.class_at(i) {
                Class::Prose => {
                    self.buf.push(bytes[i]);
                    self.map.push(i);
                    i += 1;
                }
                Class::Markup => {
                    if matches!(bytes[i], b' ' | b'\t' | b'|') {
                        self.buf.push(bytes[i]);
                        self.map.push(i);
                    }
                    i += 1;
                }
                Class::InlineCode => {
                    let start = i;
                    while i < range.end && self.doc.class_at(i) == Class::InlineCode {
                        i += 1;
                    }
                    let span = &self.doc.text[start..i];
                    let inner = span.trim_matches('`').trim();
                    let offset = start + span.find(inner).unwrap_or(0);
                    if (keep_code && !inner.is_empty() && !inner.contains(char::is_whitespace))
                        || version_at(inner.as_bytes(), 0)
                            .is_some_and(|(_, end)| end == inner.len())
                    {
                        self.buf.extend_from_slice(inner.as_bytes());
                        self.map.extend(offset..offset + inner.len());
                    } else {
                        self.buf.push(1);
                        self.map.push(start);
                    }
                }
                _ => {
                    self.buf.push(1);
                    self.map.push(i);
                    i += 1;
                }
            }
        }
    }

    fn prose_claims(&mut self) {
        let lower = self.buf.to_ascii_lowercase();
        if EXAMPLE_LINE.is_match(&lower) {
            return;
        }
        let mut claims: Vec<(usize, Range<usize>, Version, Quote, Force)> = Vec::new();
        // The patterns are written in lower case and read a lower-case copy (the same
        // offsets): case-insensitive alternations cost far more to compile.
        for pattern in CLAIMS.iter().filter(|p| p.may_match(&lower)) {
            for caps in pattern.regex().captures_iter(&lower) {
                if let Some(claim) = self.prose_claim(&caps, pattern.force) {
                    claims.push(claim);
                }
            }
        }
        // One finding per version token (two patterns may read the same claim).
        claims.sort_by_key(|c| (c.0, c.1.start));
        claims.dedup_by_key(|c| c.0);
        for (at, range, version, quote, force) in claims {
            self.reported.push(at);
            self.report(range, &version, &quote, force);
        }
    }

    fn prose_claim(
        &self,
        caps: &Captures<'_>,
        force: Force,
    ) -> Option<(usize, Range<usize>, Version, Quote, Force)> {
        let whole = caps.get(0)?;
        let v = caps.name("v")?;
        let buf = &self.buf;
        if v.start() > 0
            && (buf[v.start() - 1].is_ascii_alphanumeric() || buf[v.start() - 1] == b'.')
        {
            return None;
        }
        let (mut version, mut vend) = version_at(buf, v.start())?;
        // "Version: 2.3.9 → 2.4.0": the claim is the right-hand side.
        if let Some(arrow) = ARROW.find(&buf[vend..]).filter(|m| m.start() == 0) {
            if let Some((second, end)) = version_at(buf, vend + arrow.end()) {
                version = second;
                vend = end;
            }
        }
        if let Some(pre) = caps.name("pre") {
            let word = std::str::from_utf8(pre.as_bytes()).ok()?.to_lowercase();
            let word = word
                .strip_suffix("'s")
                .or_else(|| word.strip_suffix("’s"))
                .unwrap_or(&word);
            if !ALLOWED_PRE.contains(&word) && !self.is_package(word) {
                return None;
            }
        }
        // `CI: bump to v1.1.4` (cluster-api's release notes, a tool of its CI bumped): a change
        // of that kind is not the project's own version.
        if caps.name("kind").is_some_and(|kind| {
            ["ci", "test", "tests", "docs", "doc", "style"]
                .iter()
                .any(|k| kind.as_bytes().eq_ignore_ascii_case(k.as_bytes()))
        }) {
            return None;
        }
        if let Some(of) = caps.name("of") {
            let word = std::str::from_utf8(of.as_bytes()).ok()?.to_lowercase();
            if !self.is_package(&word) {
                return None;
            }
        }
        // "… 1.2.0 of foo", "… 1.2.0 for foo": another package's version (but "this is
        // version 1.2.0 of foo" is the document's own).
        let after = window_after(buf, vend, 64);
        let mut words = after.split_whitespace();
        if let (None, Some(prep), Some(word)) = (caps.name("this"), words.next(), words.next()) {
            let word = word
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
                .to_lowercase();
            if (prep.eq_ignore_ascii_case("of") || prep.eq_ignore_ascii_case("for"))
                && !matches!(word.as_str(), "this" | "the" | "our" | "a" | "its")
                && !self.is_package(&word)
            {
                return None;
            }
        }
        // A table row whose other cells say whose version it is (starship's `| version |
        // v0.1.4 | The version of `bun` |`): another tool's, unless it is the project's.
        // A row of a table whose columns hold examples (argo-cd's metric labels: `| Label
        // Name | Example Value | Description |`) is no claim either, unless it says the
        // version is the project's.
        match self.row_says_version_of(self.map[vend - 1] + 1) {
            Some(word)
                if !matches!(word.as_str(), "this" | "the" | "our" | "a" | "its")
                    && !self.is_package(&word) =>
            {
                return None;
            }
            None if self.in_example_table(self.map[vend - 1]) => return None,
            _ => {}
        }
        if self.in_example_list(self.map[vend - 1]) || self.of_upstream(self.map[vend - 1]) {
            return None;
        }
        let before = window_before(buf, whole.start(), 64);
        if quoted_or_hypothetical(before) || dated(before) {
            return None;
        }
        // What a command-line option does (knope: "`--override-version 1.0.0` will set the
        // version to `1.0.0`"): its effect, in the sentence that names the option.
        let written = self.doc.text.get(..self.map[whole.start()]).unwrap_or("");
        let written = written.rsplit('\n').next().unwrap_or(written);
        if written
            .rsplit(". ")
            .next()
            .unwrap_or(written)
            .contains("`--")
        {
            return None;
        }
        let core = format!("{}.{}.{}", version.major, version.minor, version.patch);
        if EXAMPLE_VERSIONS.contains(&core.as_str()) {
            return None;
        }
        let force = match caps.name("verb") {
            Some(verb) if !verb.as_bytes().to_ascii_lowercase().ends_with(b"ed") => {
                Force::Imperative
            }
            _ => force,
        };
        let end = whole.end().max(vend);
        let mut start = whole.start();
        while start < end && matches!(buf[start], b' ' | b'\t' | b'|') {
            start += 1;
        }
        let quote = String::from_utf8_lossy(&buf[start..end]).trim().to_string();
        let range = self.map[start]..self.map[end - 1] + 1;
        Some((
            self.map[v.start()],
            range,
            version,
            Quote::Prose(quote),
            force,
        ))
    }

    /// Whether byte `at` is in a table row (of the source) whose table's header names a
    /// column of examples ("Example", "Example Value", "Sample", "e.g.").
    fn in_example_table(&self, at: usize) -> bool {
        let line = self.doc.line_col(at).0;
        let row = |l: usize| self.doc.line_text(l).trim_start().starts_with('|');
        if !row(line) {
            return false;
        }
        let mut first = line;
        while first > 1 && row(first - 1) {
            first -= 1;
        }
        // A row saying whose version it is was judged by that (`The version of relman`).
        let text = self.doc.line_text(line).to_ascii_lowercase();
        if text.contains("version of") || text.contains("version for") {
            return false;
        }
        let header = self.doc.line_text(first).to_ascii_lowercase();
        ["example", "sample", "e.g."]
            .iter()
            .any(|w| header.contains(w))
    }

    /// Whether byte `at` is in a list item of a list that the line leading into it calls an
    /// example (alacritty's "The exact steps for an exemplary `0.2.0` release might look
    /// like this:", then "3. In the branch, the version is bumped to `0.2.0-rc1`").
    fn in_example_list(&self, at: usize) -> bool {
        static SAY: LazyLock<Regex> = LazyLock::new(|| {
            ascii_regex(
                r"(?i)(?-u:\b)(?:for example|for instance|example|exemplary|might look like|could look like|hypothetical|suppose|let's say|imagine)(?-u:\b)|(?-u:\b)e\.g\.",
            )
            .unwrap()
        });
        // `- `, `* `, `+ `, `1. `, `1) `: a list item's marker, then a space.
        let is_item = |line: &str| {
            let t = line.trim_start().as_bytes();
            let digits = t.iter().take_while(|b| b.is_ascii_digit()).count();
            let marker = match t.first() {
                Some(b'-' | b'*' | b'+') => 1,
                _ if (1..=9).contains(&digits) && matches!(t.get(digits), Some(b'.' | b')')) => {
                    digits + 1
                }
                _ => return false,
            };
            matches!(t.get(marker), Some(b' ' | b'\t') | None)
        };
        let line = self.doc.line_col(at).0;
        let text = self.doc.line_text(line);
        if !is_item(text) && !text.starts_with([' ', '\t']) {
            return false;
        }
        // Up past the list's items, their indented lines and the blank lines between them,
        // to the line that leads into it.
        let mut l = line;
        while l > 1 && line - l < 64 {
            l -= 1;
            let above = self.doc.line_text(l);
            if above.trim().is_empty() || is_item(above) || above.starts_with([' ', '\t']) {
                continue;
            }
            return above.trim_end().ends_with(':') && SAY.is_match(above.as_bytes());
        }
        false
    }

    /// Whether byte `at` is in a paragraph that says its text comes from another project's
    /// code (sing-box's `transport/simple-obfs/README.md`: "mod from https://github.com/
    /// Dreamacro/clash/…", then "version: 1.11.8", the version taken): its versions are
    /// that project's.
    fn of_upstream(&self, at: usize) -> bool {
        static FROM: LazyLock<Regex> = LazyLock::new(|| {
            ascii_regex(
                r"(?i)(?-u:\b)(?:mod|modified|fork|forked|vendored|copied|ported|taken|adapted|derived)[ \t]+(?:from|of)[ \t]+<?https?://",
            )
            .unwrap()
        });
        let text = self.doc.text.as_bytes();
        let before = &text[at.saturating_sub(1024)..at];
        let start = memchr::memmem::rfind(before, b"\n\n").map_or(0, |n| n + 2);
        FROM.is_match(&before[start..])
    }

    /// In a table row of the source, the word after `version of` (or `for`) in the cells
    /// after byte `at`, lower-cased, code spans' backticks left out.
    fn row_says_version_of(&self, at: usize) -> Option<String> {
        // What "the version of the …" calls the project itself.
        const OWN: &[&str] = &[
            "project",
            "package",
            "library",
            "crate",
            "app",
            "application",
        ];
        static OF: LazyLock<Regex> =
            LazyLock::new(|| Regex::new(r"(?i)(?-u:\b)version[ \t]+(?:of|for)[ \t]+").unwrap());
        let text = self.doc.text.as_bytes();
        let start = text[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let end = text[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(text.len(), |i| at + i);
        let line = &text[start..end];
        if line.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'|') {
            return None;
        }
        let rest = &text[at..end];
        if !rest.contains(&b'|') {
            return None;
        }
        let m = OF.find(rest)?;
        let after = String::from_utf8_lossy(&rest[m.end()..]).to_lowercase();
        let mut words = after.split_whitespace().map(|w| {
            w.trim_start_matches(['`', '*', '_'])
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '@' | '/'))
                .collect::<String>()
                .trim_end_matches('.')
                .to_string()
        });
        let word = words.next()?;
        // "The version of the compiler": the thing named after the article.
        match word.as_str() {
            "the" | "a" | "an" => words
                .next()
                .filter(|w| !w.is_empty())
                .filter(|w| !OWN.contains(&w.as_str())),
            _ => Some(word).filter(|w| !w.is_empty()),
        }
    }

    /// Whether a line mentions one of the packages (ASCII case ignored).
    /// Whether the line (lower-cased in `self.lower`) mentions one of the packages.
    fn names_a_package(&self) -> bool {
        let lower = &self.lower;
        self.packages.iter().any(|p| memmem(lower, p.as_bytes()))
    }

    fn is_package(&self, word: &str) -> bool {
        let word = word.to_ascii_lowercase();
        self.packages.contains(&word)
    }

    /// Report `named` at `range` if it is not the version expected there.
    fn report(&mut self, range: Range<usize>, named: &Version, quote: &Quote, force: Force) {
        if let Some(finding) = self.judge(range, named, quote, force) {
            self.out.findings.push(finding);
        }
    }

    /// The finding for `named` at `range`, if it is not the version expected there.
    fn judge(
        &self,
        range: Range<usize>,
        named: &Version,
        quote: &Quote,
        force: Force,
    ) -> Option<Finding> {
        let Scope::Expect(expected, kind) = self.scopes.get().at(range.start) else {
            return None;
        };
        // A blog post's claims are of its day, unless a section names its version.
        if (force == Force::Imperative || self.dated) && *kind == Kind::Current {
            return None;
        }
        if named.cmp_precedence(expected) == Ordering::Equal {
            return None;
        }
        if matches!(kind, Kind::Section(_))
            && !named.pre.is_empty()
            && (named.major, named.minor, named.patch)
                == (expected.major, expected.minor, expected.patch)
        {
            // A development version leading up to this section's release.
            return None;
        }
        let message = if expected.cmp_precedence(self.current) == Ordering::Equal {
            let source = if self.source.is_empty() {
                String::new()
            } else {
                format!(" ({})", self.source)
            };
            format!(
                "{}, but the version is {expected}{source}",
                quote.render(named)
            )
        } else {
            match kind {
                Kind::Release | Kind::Current => format!(
                    "this release document is for {expected}, but here it names {named} as the release"
                ),
                Kind::Section(line) => format!(
                    "{} in the section for {expected} (line {line}) names {named}",
                    quote.render(named)
                ),
            }
        };
        Some(Finding::new(range, message))
    }

    /// The code block whose content holds `offset`.
    fn block_at(&self, offset: usize) -> Option<&'a crate::lint::document::CodeBlock> {
        let blocks = &self.doc.code_blocks;
        let i = blocks.partition_point(|b| b.range.start <= offset);
        i.checked_sub(1)
            .map(|i| &blocks[i])
            .filter(|b| b.content.start <= offset && offset < b.content.end)
    }

    // -----------------------------------------------------------------------------------------
    // Install snippets

    fn code_line(&mut self, range: Range<usize>) {
        let Some(block) = self.block_at(range.start) else {
            return;
        };
        let text = &self.doc.text[range.clone()];
        let info = block.language();
        if (info == "diff" || info == "patch") && text.starts_with('-') {
            return;
        }
        if OTHER_VERSION_WORDS.is_match(text.as_bytes())
            || self.introduced_as_other(block.range.start)
            || (text.bytes().any(|b| b.is_ascii_digit())
                && self.section_names_as_other(block.range.start, text))
        {
            return;
        }
        let content = &self.doc.text[block.content.clone()];
        let declares = content.contains("ependencies\"");
        // A TOML dependency is Cargo's (a bare version is `^X`) unless the block is another
        // tool's table (Poetry, PEP 621: there a bare version is exact).
        let cargo = matches!(info, "toml" | "")
            && !content.contains("[tool.")
            && !content.contains("[project");
        self.snippets(text, range.start, declares, cargo);
    }

    /// Whether the two lines before a code block speak of another version on purpose.
    fn introduced_as_other(&self, block_start: usize) -> bool {
        let line = self.doc.line_col(block_start).0;
        (line.saturating_sub(2)..line)
            .filter(|&l| l >= 1)
            .any(|l| OTHER_VERSION_WORDS.is_match(self.doc.line_text(l).as_bytes()))
    }

    /// Whether the section a code block is in, before it, is about another version on
    /// purpose: its heading speaks of one (`## Pin your fastapi version`), or a line of its
    /// prose presents the version the snippet names as an example, a pin or an older one
    /// ("For example, let's say you are using version `0.112.0`", two paragraphs up).
    fn section_names_as_other(&self, block_start: usize, snippet: &str) -> bool {
        let line = self.doc.line_col(block_start).0;
        for l in (1..line).rev().take(24) {
            let text = self.doc.line_text(l);
            if self.block_at(self.doc.line_range(l).start).is_some() {
                continue;
            }
            let heading = text.trim_start().starts_with('#');
            if OTHER_VERSION_WORDS.is_match(text.as_bytes())
                && (heading
                    || VERSION_IN_PROSE
                        .find_iter(text)
                        .any(|v| snippet.contains(v.as_str())))
            {
                return true;
            }
            if heading {
                return false;
            }
        }
        false
    }

    fn inline_code(&mut self, range: Range<usize>) {
        let line_text = &self.doc.text[range.clone()];
        if OTHER_VERSION_WORDS.is_match(line_text.as_bytes()) {
            return;
        }
        let mut i = range.start;
        while i < range.end {
            if self.doc.class_at(i) != Class::InlineCode {
                i += 1;
                continue;
            }
            let start = i;
            while i < range.end && self.doc.class_at(i) == Class::InlineCode {
                i += 1;
            }
            let span = &self.doc.text[start..i];
            let inner = span.trim_matches('`');
            let offset = start + span.len() - span.trim_start_matches('`').len();
            if candidate(inner.as_bytes(), 0).is_some() {
                let declares = inner.contains("ependencies\"");
                self.snippets(inner, offset, declares, true);
            }
        }
    }

    /// Install snippets of the project's packages in one line of code at `base`. `declares`:
    /// the code declares dependencies (`"dependencies": {…}`), so JSON pairs are versions.
    /// The install snippets of one line of code; `cargo`: a `NAME = "X"` there is a Cargo
    /// dependency.
    fn snippets(&mut self, code: &str, base: usize, declares: bool, cargo: bool) {
        let bytes = code.as_bytes();
        for (range, v_at) in snippets::find(code, declares, &Packages(self.packages)) {
            let Some((version, vend)) = version_at(bytes, v_at) else {
                continue;
            };
            // `^2.3.9`, `~2.3.9`: a requirement, wrong only when the version does not meet it.
            if let Some(op @ (b'^' | b'~')) = v_at.checked_sub(1).map(|i| bytes[i]) {
                let op = char::from(op);
                if let (Ok(req), Scope::Expect(expected, _)) = (
                    semver::VersionReq::parse(&format!("{op}{version}")),
                    self.scopes.get().at(base + range.start),
                ) {
                    if req.matches(expected) {
                        continue;
                    }
                }
            }
            // `NAME = "2.3.9"` in TOML: Cargo reads a bare version as `^2.3.9`, so a release it
            // still resolves to is stale docs (a warning), not a wrong install.
            let toml_bare = cargo
                && v_at >= 1
                && bytes[v_at - 1] == b'"'
                && bytes[..v_at - 1]
                    .iter()
                    .rev()
                    .find(|b| !b.is_ascii_whitespace())
                    == Some(&b'=');
            let resolves = match (
                toml_bare,
                semver::VersionReq::parse(&format!("^{version}")),
                self.scopes.get().at(base + range.start),
            ) {
                (true, Ok(req), Scope::Expect(expected, _)) if req.matches(expected) => {
                    Some(expected.clone())
                }
                _ => None,
            };
            let end = range.end.max(vend);
            let quote = code[range.start..end].trim().to_string();
            let Some(finding) = self.judge(
                base + range.start..base + end,
                &version,
                &Quote::Code(quote),
                Force::Fact,
            ) else {
                continue;
            };
            self.out.findings.push(match resolves {
                Some(expected) => Finding::new(
                    finding.range,
                    format!(
                        "{}: Cargo reads it as ^{version}, which {expected} meets; update it if the docs should show {expected}",
                        finding.message
                    ),
                )
                .warning(),
                None => finding,
            });
        }
    }

    // -----------------------------------------------------------------------------------------
    // Badges

    fn badges(&mut self) {
        for link in &self.doc.links {
            if !link.image {
                continue;
            }
            let Some((label, message)) = snippets::badge(&link.dest) else {
                continue;
            };
            if !snippets::is_version_label(&label, &Packages(self.packages)) {
                continue;
            }
            let Some((version, end)) = version_at(message.as_bytes(), 0) else {
                continue;
            };
            if end != message.len() {
                continue;
            }
            let range = link.range.clone();
            self.report(range, &version, &Quote::Badge(label), Force::Fact);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check_text, Context, FileSet, RuleOptions};

    fn ctx() -> Context {
        Context {
            version: Some(Version::new(2, 4, 0)),
            version_source: "VERSION".to_string(),
            files: FileSet::from_files(["VERSION".to_string()]),
            options: RuleOptions {
                package_names: vec!["relman".to_string(), "@acme/relman".to_string()],
                ..RuleOptions::default()
            },
            ..Context::default()
        }
    }

    fn check(path: &str, text: &str) -> String {
        check_text(&VersionMismatch, path, text, &ctx())
    }

    #[test]
    fn candidates_are_version_shapes() {
        let re = regex::bytes::Regex::new(r"\d\.\d+\.\d").unwrap();
        // Random texts of digits, dots and a few other bytes, from a fixed seed.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let random: Vec<String> = (0..3000)
            .map(|_| {
                let len = next() % 61;
                (0..len)
                    .map(|_| char::from(b"0123456789..... a\n"[(next() % 18) as usize]))
                    .collect()
            })
            .collect();
        assert!(random.iter().map(String::len).sum::<usize>() > 50_000);
        for text in random.iter().map(String::as_str).chain([
            "1.2.3",
            "v10.20.30 and 1.2.3",
            "End. 1.2. 3.4.5",
            "1..2.3 4.5.",
            "a.b.c 12.345.6789.1",
            "no version here.",
            ".1.2.3",
            "1.2.x then 7.8.9",
            "a long line of prose. With full stops. And 10.20.30 at the end",
            "........1.2.3........4.5.6..",
            "12345678.1.2 1234567.12345678.9",
        ]) {
            let bytes = text.as_bytes();
            let mut ours = Vec::new();
            let mut from = 0;
            while let Some(at) = candidate(bytes, from) {
                ours.push(at);
                from = at + 1;
            }
            let mut theirs = Vec::new();
            let mut from = 0;
            while let Some(m) = re.find_at(bytes, from) {
                theirs.push(m.start());
                from = m.start() + 1;
            }
            assert_eq!(ours, theirs, "{text}");
        }
    }

    #[test]
    fn a_row_of_a_table_of_examples_is_no_claim() {
        // argo-cd's metrics page: a `version` label and an example of its value.
        let table = "| Label Name | Example Value | Description |\n| --- | --- | --- |\n| name | argocd | The name. |\n| version | v2.3.0 | Argo CD version. |\n";
        assert_eq!(check("docs/metrics.md", table), "");
        let own = table.replace("Example Value", "Value");
        assert_ne!(check("docs/metrics.md", &own), "");
    }

    #[test]
    fn the_items_of_a_list_led_into_as_an_example_are_no_claims() {
        // alacritty's CONTRIBUTING.md: the steps of an example release.
        let steps = "# Release Process\n\nThe exact steps for an exemplary `0.2.0` release might look like this:\n  1. Initially, the version on the latest master is `0.2.0-dev`\n  2. In the branch, the version is bumped to `0.2.0-rc1`\n\n  3. On master, the version is bumped to `0.3.0-dev`\n";
        assert_eq!(check("CONTRIBUTING.md", steps), "");
        // A sentence that says so is no lead-in ("supposed" is no "suppose"), and a bold
        // paragraph is no list item.
        let bold =
            "Releases are supposed to follow these steps:\n\n**The latest version is 1.0.0.**\n";
        assert_ne!(check("CONTRIBUTING.md", bold), "");
        // Led into as the release's own steps, they are claims.
        let own = steps.replace(
            "The exact steps for an exemplary `0.2.0` release might look like this:",
            "The steps of this release:",
        );
        assert_eq!(check("CONTRIBUTING.md", &own).lines().count(), 2, "{own}");
    }

    #[test]
    fn a_version_in_a_paragraph_naming_the_upstream_code_is_its() {
        // sing-box: a vendored transport's README, with the version it was taken at.
        let text = "# simple-obfs\n\nmod from https://github.com/Dreamacro/clash/transport/simple-obfs\nversion: 1.11.8\n";
        assert_eq!(check("transport/simple-obfs/README.md", text), "");
        // In the next paragraph, a claim is the project's again.
        let next = format!("{text}\nversion: 1.11.8\n");
        assert_ne!(check("transport/simple-obfs/README.md", &next), "");
    }

    #[test]
    fn a_dated_claim_is_of_its_day() {
        // ionic-docs: "As of April 4th 2019, the latest version is 3.1.1".
        assert_eq!(
            check(
                "docs/a.md",
                "As of April 4th 2019, the latest version is 2.3.0.\n"
            ),
            ""
        );
        assert_eq!(
            check("docs/a.md", "As of 2019 the latest version is 2.3.0.\n"),
            ""
        );
        assert_ne!(check("docs/a.md", "The latest version is 2.3.0.\n"), "");
        assert_ne!(
            check("docs/a.md", "As of now, the latest version is 2.3.0.\n"),
            ""
        );
    }

    #[test]
    fn a_snippet_pinning_the_sections_example_version_is_left_alone() {
        // fastapi's "Pin your `fastapi` version": the version is an example, two paragraphs up.
        let snippet = "```txt\nrelman==2.3.0\n```\n";
        let example = format!(
            "## Setup\n\nFor example, let's say you are using version `2.3.0` in your app.\n\nIf you use a `requirements.txt` file you could specify the version with:\n\n{snippet}"
        );
        assert_eq!(check("docs/a.md", &example), "");
        let heading = format!("## Pin your `relman` version\n\nWrite it so:\n\n{snippet}");
        assert_eq!(check("docs/a.md", &heading), "");
        // A plain install section still gets it.
        let plain =
            format!("## Install\n\nVersion `2.3.0` is out.\n\nInstall it with:\n\n{snippet}");
        assert_ne!(check("docs/a.md", &plain), "");
    }

    #[test]
    fn emphasised_page_statements_are_read() {
        let ctx = ctx();
        let text = "_This guide was written for relman 2.3.0_\n\nThis guide was written for relman 2.4.0.\n";
        assert_eq!(
            check_text(&VersionMismatch, "docs/guide.md", text, &ctx),
            "1:2 warning version-mismatch: \"This guide was written for relman 2.3.0\", but the version is 2.4.0 (VERSION): update the page or its version\n"
        );
    }

    #[test]
    fn a_blog_posts_claims_are_of_its_day() {
        // nushell's "This week in Nu" posts, with 2.4.0 in VERSION.
        let text = "# This week in Nu 237\n\n- fdncred bumped version to 0.91.1\n";
        assert_eq!(check("blog/2024-03-08-twin0237.md", text), "");
        assert_eq!(check("website/blog/2024/twin.md", text), "");
        // Outside a blog, the same claim is checked.
        assert!(!check("docs/twin.md", text).is_empty());
        assert!(!check("notes/blog-post.md", text).is_empty());
    }

    #[test]
    fn commit_subjects_are_history() {
        let text = "# Changelog\n\n## 0.11.1 (2022-08-08)\n\n- Bump to 0.1.0 ([`43d9a50`](https://github.com/a/b/commit/43d9a50e6240))\n- 43d9a50 Bump to 0.2.0\n- Bump to 0.3.0\n";
        assert_eq!(
            check("CHANGELOG.md", text),
            "7:3 error version-mismatch: \"Bump to 0.3.0\" in the section for 0.11.1 (line 3) names 0.3.0\n"
        );
        assert!(cites_commit(b"  - `deadbee1` fix") && !cites_commit(b"- decade 2.0 plans"));
        assert!(cites_commit(
            b"- Actually bump version to 1.50.0 ([#3303](https://github.com/casey/just/pull/3303))"
        ));
        assert!(!cites_commit(b"- 20240105 release 2.0.0"));
    }

    #[test]
    fn fixtures() {
        let ok = include_str!("../../fixtures/lint/version-mismatch/ok.md");
        assert_eq!(check("docs/ok.md", ok), "");
        let bad = include_str!("../../fixtures/lint/version-mismatch/bad.md");
        let expected = include_str!("../../fixtures/lint/version-mismatch/bad.expected");
        assert_eq!(check("bad.md", bad), expected);
    }

    #[test]
    fn a_table_row_naming_another_tools_version_is_not_a_claim() {
        // starship's module tables: the version of the tool the module shows.
        let text = "| Variable | Example | Description |\n| --- | --- | --- |\n| version | `v0.1.4` | The version of `bun` |\n| version | 13.0.0 | The version of the compiler |\n";
        assert_eq!(check("docs/config.md", text), "");
        // The project's own version in such a row is still read.
        let own = "| Variable | Example | Description |\n| --- | --- | --- |\n| version | 2.3.9 | The version of relman |\n| version | 2.3.9 | The version of the project |\n";
        assert_eq!(
            check("docs/config.md", own).lines().count(),
            2,
            "{}",
            check("docs/config.md", own)
        );
    }

    #[test]
    fn worked_example() {
        let text = include_str!("../../fixtures/lint/version-mismatch/release_readiness.md");
        assert_eq!(
            check("docs/RELEASE_READINESS.md", text),
            "9:1 error version-mismatch: \"Version bumped to 2.3.9\", but the version is 2.4.0 (VERSION)\n"
        );
    }

    #[test]
    fn release_documents_compare_with_their_release() {
        // A second version presented as the release, in its prose.
        assert_eq!(
            check(
                "docs/RELEASE_NOTES_2.5.0.md",
                "# Release notes\n\nThis is version 2.4.9 of widget.\n\nThis release is 2.5.0, and it fixes a bug from 2.4.1.\n"
            ),
            "3:1 error version-mismatch: this release document is for 2.5.0, but here it names 2.4.9 as the release\n"
        );
        // Outside a release document, such prose is not checked.
        assert_eq!(
            check("docs/intro.md", "This is version 2.3.9 of widget.\n"),
            ""
        );
        // What an option does, in the sentence that names it.
        assert_eq!(
            check(
                "docs/RELEASE_NOTES_2.5.0.md",
                "# Notes\n\n`--override-version 1.0.0` will set the version to `1.0.0` if asked.\n"
            ),
            ""
        );
        // A bump in the project's CI is a change of a tool; a release bump is the release.
        assert_eq!(
            check(
                "docs/RELEASE_NOTES_2.5.0.md",
                "# Notes\n\n- CI: bump to v1.1.4 (#11713)\n- docs(api): bump to 1.0.2\n"
            ),
            ""
        );
        assert!(check(
            "docs/RELEASE_NOTES_2.5.0.md",
            "# Notes\n\n- chore: bump to 2.4.9\n"
        )
        .contains("names 2.4.9 as the release"));
        let text = "# Release notes\n\n**Version**: 2.3.9\n";
        assert_eq!(
            check("docs/RELEASE_NOTES_2.5.0.md", text),
            "3:3 error version-mismatch: this release document is for 2.5.0, but here it names 2.3.9 as the release\n"
        );
        assert_eq!(
            check(
                "docs/releases/2.3.9.md",
                "# Release notes\n\n**Version**: 2.3.9\n"
            ),
            ""
        );
        assert_eq!(
            check("v2.5.0.md", "# Release 2.5.1\n"),
            "1:1 error version-mismatch: this release document is for 2.5.0 (its file name), but its title names 2.5.1\n"
        );
    }

    #[test]
    fn a_title_ahead_of_the_repository_is_the_finding() {
        // Current version 2.4.0: 2.6.2 is neither it nor a next version.
        assert_eq!(
            check("REPORT.md", "# 2.6.2 Release\n\nVersion bumped to 2.4.0.\n"),
            "1:1 error version-mismatch: the title names 2.6.2, but the version is 2.4.0 (VERSION) and 2.6.2 is not a next version of it (2.4.1, 2.5.0 or 3.0.0): this document is for another release, or the version was not bumped\n"
        );
        // A next version is the release being prepared: the lines are judged against it.
        assert_eq!(
            check("REPORT.md", "# 2.5.0 Release\n\nVersion bumped to 2.5.0.\n"),
            ""
        );
        assert!(
            check("REPORT.md", "# 2.5.0 Release\n\nVersion bumped to 2.4.0.\n")
                .contains("this release document is for 2.5.0")
        );
        // An older title is a past release's document.
        assert_eq!(
            check("REPORT.md", "# 2.3.0 Release\n\nVersion bumped to 2.3.0.\n"),
            ""
        );
        // The file name decides when it names a version.
        assert_eq!(check("RELEASE_2.6.2.md", "# 2.6.2 Release\n"), "");
        // A changelog's first heading is its newest entry (a vendored crate's history).
        assert_eq!(
            check("crates/x/Changelog.md", "# 2.6.2\n\n* A change\n"),
            ""
        );
        // A version a tag released is not ahead (semver.org: `package.json` 0.0.1, tag
        // v2.0.0, "Semantic Versioning 2.0.0").
        let tagged = Context {
            released: vec![Version::new(2, 6, 2)],
            ..ctx()
        };
        assert_eq!(
            check_text(
                &VersionMismatch,
                "index.md",
                "# 2.6.2 Release\n\nText.\n",
                &tagged
            ),
            ""
        );
    }

    #[test]
    fn a_second_version_for_the_same_release_is_reported() {
        let ctx = Context {
            released: vec![Version::new(2, 3, 0)],
            ..ctx()
        };
        let run = |path: &str, text: &str| check_text(&VersionMismatch, path, text, &ctx);
        // A plan linked for 2.3.9, never released, from the 2.4.0 report.
        let text = "# Release report: 2.4.0\n\nSee the [plan](deploy/STAGING_PLAN_2.3.9.md) and the [last one](deploy/STAGING_PLAN_2.3.0.md).\n\n- **3b9d44fd5**: 2.3.9 release preparation\n- 9f3c2a1 chore: bump to 2.4.0\n- 4b1e9c2 docs: notes for 2.3.9\n";
        let found = run("docs/REPORT.md", text);
        assert_eq!(
            found
                .lines()
                .map(|l| l.split(' ').next().unwrap())
                .collect::<Vec<_>>(),
            ["3:16", "5:18"],
            "{found}"
        );
        assert!(
            found.contains("links `STAGING_PLAN_2.3.9.md`, named for 2.3.9"),
            "{found}"
        );
        assert!(
            found.contains("commit 3b9d44fd5 is cited as preparing 2.3.9"),
            "{found}"
        );
        // Not a release document: nothing to compare with.
        assert_eq!(
            run("docs/guide.md", "# Guide\n\n- 3b9d44fd5 2.3.9 release\n"),
            ""
        );
    }

    #[test]
    fn sections_and_scopes() {
        // A changelog: each section compares with its own version.
        let text = "# Changelog\n\n## [Unreleased]\n\n- Bump version to 2.5.0-dev.\n\n## [2.3.0] - 2024-01-01\n\n- Version bumped to 2.3.0-rc.1.\n- Version bumped to 2.2.0.\n";
        assert_eq!(
            check("CHANGELOG.md", text),
            "10:3 error version-mismatch: \"Version bumped to 2.2.0\" in the section for 2.3.0 (line 7) names 2.2.0\n"
        );
        // A section ends at the next heading of its level.
        let text = "# Tool\n\n## Release 1.2.0 highlights\n\nFast.\n\n## Installation\n\n```sh\ncargo install relman --version 2.3.9\n```\n";
        assert_eq!(
            check("README.md", text),
            "10:1 error version-mismatch: `cargo install relman --version 2.3.9`, but the version is 2.4.0 (VERSION)\n"
        );
        // Instructions in a how-to are examples; in a release document they are the release.
        assert_eq!(
            check("docs/releasing.md", "Bump the version to 2.5.0.\n"),
            ""
        );
        assert_eq!(
            check("docs/RELEASE_2.4.0.md", "# Plan\n\n- [ ] Bump the version to 2.5.0.\n"),
            "3:7 error version-mismatch: \"Bump the version to 2.5.0\", but the version is 2.4.0 (VERSION)\n"
        );
        assert_eq!(
            check(
                "docs/migrating-from-1.0.0.md",
                "The current version is 2.4.0.\n"
            ),
            ""
        );
    }

    /// A context that knows no package name (no manifest), as in a docs-only tree.
    fn bare(version: Version) -> Context {
        Context {
            version: Some(version),
            version_source: "VERSION".to_string(),
            ..Context::default()
        }
    }

    const STALE: &str = "\"This page applies to relctl 2.8.0 and later\", but the version is 2.11.6 (VERSION): update the page or its version";

    #[test]
    fn page_statements_take_a_name_from_the_documents_snippets() {
        let c = bare(Version::new(2, 11, 6));
        let run = |text: &str| check_text(&VersionMismatch, "docs/a.md", text, &c);
        let page = "# Scaling\n\nThis page applies to relctl 2.8.0 and later.\n\n```sh\n{}\n```\n";
        for snippet in [
            "cargo install relctl --version 2.11.6",
            "cargo install --locked relctl@2.11.6",
            "relctl = \"2.11.6\"",
            "{ \"name\": \"relctl\", \"version\": \"2.11.6\" }",
            "{\n  \"name\": \"relctl\",\n  \"version\": \"2.11.6\"\n}",
            "[package]\nname = \"relctl\"\nversion = \"2.11.6\"",
            "npm install -g @acme/relctl@2.11.6",
            "pip install relctl==2.11.6",
        ] {
            let text = page.replace("{}", snippet);
            assert_eq!(
                run(&text),
                format!("3:1 warning version-mismatch: {STALE}\n"),
                "{snippet}"
            );
        }
        // In inline code too; and a newer version is an error once the name is confirmed.
        let text = "Install with `cargo install relctl --version 2.11.6`.\n\nThis is the documentation for relctl 2.12.0.\n";
        assert_eq!(
            run(text),
            "3:1 error version-mismatch: \"This is the documentation for relctl 2.12.0\", but the version is 2.11.6 (VERSION): the page is ahead of every release\n"
        );
        // A snippet naming another version confirms nothing; another tool stays silent once
        // the project's name is known.
        let text = "This page applies to relctl 2.12.0 and later.\n\n```sh\ncargo install relctl --version 2.10.0\n```\n";
        assert_eq!(run(text), "");
        let text = "This page applies to othertool 2.8.0 and later.\n\n```sh\ncargo install relctl --version 2.11.6\n```\n";
        assert_eq!(run(text), "");
        // "Tested with" needs a confirmed name.
        let text = "Tested with relctl 2.8.0.\n";
        assert_eq!(run(text), "");
        let text = "Tested with relctl 2.8.0.\n\n`relctl = \"2.11.6\"`\n";
        assert_eq!(
            run(text),
            "1:1 warning version-mismatch: \"Tested with relctl 2.8.0\", but the version is 2.11.6 (VERSION): update the page or its version\n"
        );
    }

    #[test]
    fn page_statements_without_any_known_name() {
        let c = bare(Version::new(2, 11, 6));
        let run = |text: &str| check_text(&VersionMismatch, "docs/a.md", text, &c);
        assert_eq!(
            run("This page applies to relctl 2.8.0 and later.\n"),
            format!("1:1 warning version-mismatch: {STALE}\n")
        );
        for text in [
            // Newer, another major version, a capitalised or well-known name: another tool.
            "This page applies to relctl 2.12.0 and later.\n",
            "This page applies to relctl 1.9.0 and later.\n",
            "This page applies to Kubernetes 2.8.0 and later.\n",
            "This guide applies to kubectl 2.8.0 and later.\n",
            "This guide was written for KiCad 2.8.0.\n",
            "This page applies to version 2.8.0 and later.\n",
            "This page applies to relctl 2.11.6 and later.\n",
            // A name that links to a page on the web: another project (kind's ingress guide).
            "This guide applies to [relctl-cloud](https://github.com/x/relctl-cloud) v2.8.0+.\n",
        ] {
            assert_eq!(run(text), "", "{text}");
        }
        // Package names from a manifest leave no room for guesses.
        assert_eq!(
            check(
                "docs/a.md",
                "This page applies to relctl 2.3.0 and later.\n"
            ),
            ""
        );
    }

    #[test]
    fn page_statements_and_scopes() {
        let stale = "This page applies to relman 2.3.0 and later.\n";
        // Archived docs, history files and release documents name their own versions.
        for path in [
            "docs/versioned_docs/version-2.3.0/intro.md",
            "docs/v2.3/intro.md",
            "CHANGELOG.md",
            "docs/RELEASE_NOTES_2.3.0.md",
        ] {
            assert_eq!(check(path, stale), "", "{path}");
        }
        for text in [
            "# Upgrading from 2.3.0 to 2.4.0\n\n",
            "# Rollback\n\n",
            "# Changelog\n\n## [2.3.0] - 2024-01-01\n\n",
            "## Previous versions\n\n",
        ] {
            assert_eq!(check("docs/a.md", &format!("{text}{stale}")), "", "{text}");
        }
        // A legacy topic or an upgrade guide naming no version is still a page of the docs.
        let warning = "\"This page applies to relman 2.3.0 and later\", but the version is 2.4.0 (VERSION): update the page or its version\n";
        for title in ["# Migrating legacy filter", "# Headless mode"] {
            assert_eq!(
                check("docs/a.md", &format!("{title}\n\n{stale}")),
                format!("3:1 warning version-mismatch: {warning}"),
                "{title}"
            );
        }
        // The release being prepared: 2.5.0 is not ahead of 2.5.0-rc.1.
        let mut c = ctx();
        c.version = Some(Version::parse("2.5.0-rc.1").unwrap());
        let text = "This page applies to relman 2.5.0 and later.\n";
        assert_eq!(check_text(&VersionMismatch, "docs/a.md", text, &c), "");
    }

    #[test]
    fn rule_docs_are_clean() {
        for rule in crate::lint::RULES {
            let docs = rule.docs();
            assert_eq!(check("docs/rules.md", docs), "", "{}", rule.id());
            let doc = Document::parse("docs/rules.md", docs.to_string());
            assert!(doc.fences.is_empty(), "{}", rule.id());
        }
    }

    #[test]
    fn silent_without_a_version() {
        let c = Context::default();
        assert_eq!(
            check_text(&VersionMismatch, "a.md", "Version bumped to 1.0.0\n", &c),
            ""
        );
    }

    #[test]
    fn never_panics_on_odd_input() {
        for text in [
            "",
            "\u{0}\u{1}1.2.3",
            "version bumped to 2.",
            "| Version |",
            "v$",
            "1.2.3-",
            "`2.3.9`",
            "ü1.2.3 version is now 9.9.9.9.9",
            "This page applies to `` 2.3.0",
            "This page applies to ü 2.3.0 and",
            "This page applies to relctl 2.3.0+\n```\ncargo install relctl --version 2.4.0",
            "`relctl = \"2.4.0` This page applies to relctl 2.3.0",
            "```json\n\"version\": \"2.4.0\"\n```\nThis guide was written for x 2.3.0",
        ] {
            let _ = check("a.md", text);
            let _ = check_text(&VersionMismatch, "a.md", text, &bare(Version::new(2, 4, 0)));
        }
    }
}
