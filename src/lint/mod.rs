//! `relman lint`: Markdown that agrees with the repository.
//!
//! Each rule lives in its own module with its documentation and tests, and is listed once in
//! `RULES`: adding a rule touches its own file and `RULES` only. A rule reads a parsed
//! `Document` and a `Context` (the current version, the repository's files, the
//! configuration) and pushes `Finding`s with byte ranges. A check that needs other files
//! (anchors in another file, commit hashes looked up in one batch, the version files) keeps
//! what it needs of each document (`Output::keep`) and makes it in the rule's cross-file step,
//! `Rule::finish`, which sees every document's kept state and asks the runner's
//! `Repository` for the rest. Rules do no I/O; the runner (`run.rs`) knows no rule by its id.

pub(crate) mod anchor_index;
pub(crate) mod baseline;
pub(crate) mod broken_link;
pub(crate) mod changed;
pub(crate) mod changelog;
pub(crate) mod document;
pub(crate) mod fence;
pub(crate) mod files;
pub(crate) mod link_index;
pub(crate) mod missing_path;
pub(crate) mod mojibake;
pub(crate) mod placeholder;
pub(crate) mod run;
pub(crate) mod sites;
pub(crate) mod slugs;
pub(crate) mod suppress;
pub(crate) mod translations;
pub(crate) mod unknown_commit;
pub(crate) mod unused_suppression;
pub(crate) mod version_mismatch;
pub(crate) mod versions;

use std::any::Any;
use std::ops::Range;

use serde::Serialize;

pub(crate) use document::{Class, Document};
pub(crate) use files::FileSet;
pub(crate) use suppress::Suppressions;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A safe, exact edit that `--fix` may apply: replace `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fix {
    pub(crate) range: Range<usize>,
    pub(crate) replacement: String,
}

/// What a rule found, in its document's byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Finding {
    pub(crate) range: Range<usize>,
    pub(crate) message: String,
    /// None: the rule's severity (as configured). Some: this finding's own (e.g. `TODO` is a
    /// warning of the `placeholder` rule even when the rule is an error).
    pub(crate) severity: Option<Severity>,
    pub(crate) fix: Option<Fix>,
}

impl Finding {
    pub(crate) fn new(range: Range<usize>, message: impl Into<String>) -> Finding {
        Finding {
            range,
            message: message.into(),
            severity: None,
            fix: None,
        }
    }

    #[must_use]
    pub(crate) fn warning(mut self) -> Finding {
        self.severity = Some(Severity::Warning);
        self
    }

    #[must_use]
    pub(crate) fn with_fix(
        mut self,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Finding {
        self.fix = Some(Fix {
            range,
            replacement: replacement.into(),
        });
        self
    }
}

/// What a rule's check produces.
#[derive(Default)]
pub(crate) struct Output {
    pub(crate) findings: Vec<Finding>,
    /// What the rule keeps of this document for its cross-file step.
    kept: Option<Box<dyn Any + Send>>,
}

impl Output {
    /// Keep `state` of this document for the rule's cross-file step (`Rule::finish`, where
    /// `Documents::kept` gives it back). The document itself is gone by then: keep places
    /// (`Place::of`), not byte ranges. A second call replaces the first.
    pub(crate) fn keep<T: Any + Send>(&mut self, state: T) {
        self.kept = Some(Box::new(state));
    }

    /// What the check kept, when it is a `T`.
    #[cfg(test)]
    pub(crate) fn kept<T: Any>(&self) -> Option<&T> {
        self.kept.as_ref()?.downcast_ref()
    }

    /// What the check kept, for the runner.
    pub(crate) fn take_kept(&mut self) -> Option<Box<dyn Any + Send>> {
        self.kept.take()
    }
}

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("findings", &self.findings)
            .field("kept", &self.kept.is_some())
            .finish()
    }
}

/// A place in a document: what a cross-file step reports at, since by then the document is
/// no longer held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    /// 1-based.
    pub(crate) line: usize,
    /// 1-based, in chars.
    pub(crate) column: usize,
    /// The text of the line, for reports (empty for a line longer than a screen).
    pub(crate) source_line: String,
}

impl Place {
    /// The place of a byte offset of `doc`.
    pub(crate) fn of(doc: &Document, offset: usize) -> Place {
        debug_assert!(
            offset <= doc.text.len(),
            "offset {offset} outside {} ({} bytes)",
            doc.path,
            doc.text.len()
        );
        let (line, column) = doc.line_col(offset);
        Place {
            line,
            column,
            source_line: snippet(doc.line_text(line)),
        }
    }
}

/// A line as a report shows it: lines longer than a screen are left out (a report of a
/// minified file must not copy the whole line once per finding).
fn snippet(line: &str) -> String {
    if line.len() > 400 {
        String::new()
    } else {
        line.to_string()
    }
}

/// What a cross-file step found: a `Finding` at a `Place`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placed {
    pub(crate) at: Place,
    pub(crate) message: String,
    /// As `Finding::severity`.
    pub(crate) severity: Option<Severity>,
    /// A safe fix, in the bytes of the file as it is on disk.
    pub(crate) fix: Option<Fix>,
}

impl Placed {
    pub(crate) fn new(at: Place, message: impl Into<String>) -> Placed {
        Placed {
            at,
            message: message.into(),
            severity: None,
            fix: None,
        }
    }

    #[must_use]
    pub(crate) fn with_severity(mut self, severity: Severity) -> Placed {
        self.severity = Some(severity);
        self
    }

    #[must_use]
    pub(crate) fn with_fix(
        mut self,
        range: Range<usize>,
        replacement: impl Into<String>,
    ) -> Placed {
        self.fix = Some(Fix {
            range,
            replacement: replacement.into(),
        });
        self
    }
}

/// What a rule's cross-file step (or its look at the suppressions) reports.
#[derive(Debug, Default)]
pub(crate) struct Finished {
    /// Findings in linted documents, each with its document's index in `Documents`.
    pub(crate) findings: Vec<(usize, Placed)>,
    /// Findings in files that are not linted documents (a version file), by root-relative
    /// path: no suppression comment applies to them.
    pub(crate) elsewhere: Vec<(String, Placed)>,
    /// Remarks for stderr (a check that could not run, and why).
    pub(crate) notes: Vec<String>,
}

/// Every linted document of a run, in path order, as a rule's cross-file step sees it: its
/// path, its suppression comments, and what this rule kept of it (`Output::keep`). A document
/// that could not be read is there too, with nothing kept.
pub(crate) struct Documents<'a> {
    paths: &'a [String],
    suppressions: &'a [Suppressions],
    kept: &'a mut [Option<Box<dyn Any + Send>>],
}

impl<'a> Documents<'a> {
    /// `kept` is this rule's state of each document (missing at the end: nothing kept).
    pub(crate) fn new(
        paths: &'a [String],
        suppressions: &'a [Suppressions],
        kept: &'a mut [Option<Box<dyn Any + Send>>],
    ) -> Documents<'a> {
        Documents {
            paths,
            suppressions,
            kept,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.paths.len()
    }

    /// Root-relative, `/`-separated, sorted.
    pub(crate) fn paths(&self) -> &'a [String] {
        self.paths
    }

    /// What the rule kept of document `i`, when it kept a `T`.
    pub(crate) fn kept<T: Any>(&self, i: usize) -> Option<&T> {
        self.kept.get(i)?.as_ref()?.downcast_ref()
    }

    /// Take what the rule kept of document `i`, when it kept a `T`.
    pub(crate) fn take<T: Any>(&mut self, i: usize) -> Option<T> {
        let slot = self.kept.get_mut(i)?;
        if !slot.as_ref().is_some_and(|k| k.is::<T>()) {
            return None;
        }
        slot.take()?.downcast().ok().map(|b| *b)
    }

    /// The suppression comments of document `i`; whether each suppressed something is
    /// known in `Rule::check_suppressions`.
    pub(crate) fn suppressions(&self, i: usize) -> &'a Suppressions {
        &self.suppressions[i]
    }
}

/// Why a document could not be read (then no rule can check it, and the rule that
/// `reports_unreadable` it reports it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unreadable {
    /// Its bytes: not UTF-8, or not read at all (a special file, too large, an I/O error).
    Content,
    /// A symbolic link out of the work tree (or into `.git`): never followed.
    Link,
}

/// What the history can say about commit hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum History {
    /// Outside git, or before the first commit: nothing.
    None,
    /// A shallow clone: a missing object may be one that was not fetched.
    Shallow,
    Complete,
}

/// What a rule's cross-file step may ask of the repository. The runner answers, reading
/// files as it reads documents (confined to the work tree, capped, `relman release`'s
/// rendered files first): the rules themselves do no I/O.
pub(crate) trait Repository {
    /// A file of `Context::files` that is not linted, read and parsed as a document; None
    /// when it cannot be read.
    fn document(&self, path: &str) -> Option<Document>;
    /// `document` of each of `paths`, in order (read on every core where it can be).
    fn documents(&self, paths: &[&str]) -> Vec<Option<Document>> {
        paths.iter().map(|p| self.document(p)).collect()
    }
    /// The anchors `make` finds in the document of each of `paths` (files of
    /// `Context::files` that are not linted), in order; None for a file that cannot be read.
    /// `kind` says how `make` reads the page at a path (it hashes what besides the content
    /// makes its anchors): a page whose content and kind are those of an earlier run may be
    /// answered from what that run kept.
    fn anchors(
        &self,
        paths: &[&str],
        kind: &dyn Fn(&str) -> u64,
        make: &(dyn Fn(&Document) -> Anchors + Sync),
    ) -> Vec<Option<Anchors>> {
        let _ = kind;
        let read = self.documents(paths);
        changed::par_map(&read, |doc| doc.as_ref().map(make))
    }
    /// What the history can say about commits.
    fn history(&self) -> History;
    /// Which of `hashes` (lower-case hex, abbreviated or not) name no object of the
    /// repository.
    fn unknown_objects(&self, hashes: &[String]) -> anyhow::Result<Vec<String>>;
    /// The version files and patterns of the configuration, read, with their fields.
    fn version_files(&self) -> anyhow::Result<Vec<crate::workspace::VersionFile>>;
    /// Whether the release tag of `older` came before that of `newer`, both tags of the
    /// package whose folder is `root` ("" for the repository's): its commit is an ancestor
    /// of the other's, or, on branches apart, was committed first. None when either has no
    /// tag.
    fn released_before(
        &self,
        root: &str,
        older: &semver::Version,
        newer: &semver::Version,
    ) -> Option<bool> {
        let _ = (root, older, newer);
        None
    }
}

/// Per-rule options from `[lint]` in release.toml.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleOptions {
    /// `placeholder`: words that are not placeholders (e.g. "TODO" in a project that allows it).
    pub(crate) allowed_placeholders: Vec<String>,
    /// `missing-path`: paths that may be cited without existing.
    pub(crate) ignored_paths: Vec<String>,
    /// `version-mismatch`: names of the project's packages (for install snippets); the
    /// runner fills it from Cargo.toml / package.json / pyproject.toml.
    pub(crate) package_names: Vec<String>,
}

/// What every rule may read besides the document.
#[derive(Debug, Default)]
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct Context {
    /// The current version (the one `relman version` prints), if known.
    pub(crate) version: Option<semver::Version>,
    /// Where it came from, for messages ("VERSION", "Cargo.toml", "tag v1.2.0").
    pub(crate) version_source: String,
    /// Release tags' versions (for `changelog`: is the current version released?).
    pub(crate) released: Vec<semver::Version>,
    pub(crate) files: FileSet,
    /// The documentation sites, and which generator builds each.
    pub(crate) sites: sites::Sites,
    pub(crate) options: RuleOptions,
    /// Whether the lint runs inside a git repository (rules that need history stay silent outside).
    pub(crate) in_repo: bool,
    /// The origin remote on its forge, `host/owner/repo` in lower case, when there is one.
    pub(crate) remote: Option<String>,
    /// The rules that run, each with the level `[lint.rules]` sets for it (None: the rule's
    /// own severities).
    pub(crate) rules: Vec<(&'static str, Option<Severity>)>,
    /// Whether `--rule` chose the rules that run (rather than the configuration).
    pub(crate) chosen: bool,
    /// Whether the lint covers the whole project (no paths given): then the files that are
    /// not documents (the version files) are checked too.
    pub(crate) whole_project: bool,
    /// Whether `version` is the one a release is about to write (`relman release` lints its
    /// cut before making it): the version files will all hold it.
    pub(crate) version_planned: bool,
    /// In a monorepo, each package's version and tags, deepest folder first: a document in
    /// a package's folder is judged against that package, not the repository's root.
    pub(crate) packages: Vec<PackageFacts>,
    /// The `templates` folders that hold a web framework's HTML templates (Django, Jinja):
    /// Markdown in them is a template's source (`placeholder::template_folders`).
    pub(crate) template_folders: Vec<String>,
    /// The paths a Netlify `_redirects` file redirects (`/docs/old`, `/blog/*`): site URLs
    /// that exist, whatever the repository holds there.
    pub(crate) redirects: Vec<String>,
}

/// The sources of a Netlify `_redirects` file: the first field of each rule, comments and
/// blank lines left out.
pub(crate) fn redirect_sources(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            // A rule that answers 404 says the page is not there.
            let status = fields.get(2).map_or("", |s| s.trim_end_matches('!'));
            (status != "404").then(|| fields.first().copied()).flatten()
        })
        // A catch-all (`/*  /index.html  200`, an app's routing) says nothing of a page.
        .filter(|from| from.starts_with('/') && !matches!(*from, "/" | "/*"))
        .map(str::to_string)
        .collect()
}

/// Whether the site URL `path` (with its leading `/`) is one `redirects` send on: equal to a
/// source (a trailing `/` aside), or under a source ending in `*`.
pub(crate) fn redirected(redirects: &[String], path: &str) -> bool {
    let path = path.trim_end_matches('/');
    redirects.iter().any(|from| match from.strip_suffix('*') {
        Some(prefix) => path.starts_with(prefix) || format!("{path}/") == prefix,
        None => from.trim_end_matches('/') == path,
    })
}

/// A monorepo package's release facts, for the documents in its folder.
#[derive(Debug, Clone, Default)]
pub(crate) struct PackageFacts {
    /// Its folder, root-relative, `/`-separated (never empty: the root's facts are the
    /// context's own).
    pub(crate) root: String,
    /// Its name (what install snippets in its documents name).
    pub(crate) names: Vec<String>,
    pub(crate) version: Option<semver::Version>,
    pub(crate) version_source: String,
    pub(crate) released: Vec<semver::Version>,
}

/// The version a document is judged against: its package's, or the repository's.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Facts<'a> {
    pub(crate) version: Option<&'a semver::Version>,
    /// Where it came from, for messages.
    pub(crate) source: &'a str,
    /// The release tags' versions.
    pub(crate) released: &'a [semver::Version],
    /// The names of the package (for install snippets).
    pub(crate) names: &'a [String],
    /// The package's folder ("" for the repository's root).
    pub(crate) root: &'a str,
}

impl Context {
    /// The facts a file at `path` (root-relative) is judged against: those of the deepest
    /// package whose folder holds it, else the repository's.
    pub(crate) fn facts(&self, path: &str) -> Facts<'_> {
        let inside = |root: &str| {
            path.strip_prefix(root)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        match self.packages.iter().find(|p| inside(&p.root)) {
            Some(p) => Facts {
                version: p.version.as_ref(),
                source: &p.version_source,
                released: &p.released,
                names: &p.names,
                root: &p.root,
            },
            None => Facts {
                version: self.version.as_ref(),
                source: &self.version_source,
                released: &self.released,
                names: &self.options.package_names,
                root: "",
            },
        }
    }

    /// Whether the rule `id` runs.
    pub(crate) fn runs(&self, id: &str) -> bool {
        self.rules.iter().any(|(r, _)| *r == id)
    }

    /// The level `[lint.rules]` sets for the rule `id`, when it runs and one is set.
    pub(crate) fn level(&self, id: &str) -> Option<Severity> {
        self.rules
            .iter()
            .find(|(r, _)| *r == id)
            .and_then(|(_, level)| *level)
    }
}

/// A lint rule: a check of each document, and optionally a step across all of them.
pub(crate) trait Rule: Sync {
    /// The id used in config, suppressions and reports (kebab-case).
    fn id(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// One line: what it finds.
    fn summary(&self) -> &'static str;
    /// The documentation shown by `relman lint --explain ID`: Markdown with the headings
    /// "What it finds", "Why", "Example".
    fn docs(&self) -> &'static str;
    /// Check one document (on any thread). What the cross-file step needs of it, the check
    /// keeps with `Output::keep`.
    fn check(&self, doc: &Document, ctx: &Context, out: &mut Output);

    /// The cross-file step, once every document is checked: `docs` holds every linted
    /// document with what this check kept of it, and `repository` answers what needs more
    /// than the documents (a file that is not linted, the history, the version files).
    /// What it reports in a document is suppressed like the check's findings. An error fails
    /// the run. By default there is none.
    fn finish(
        &self,
        _docs: &mut Documents<'_>,
        _ctx: &Context,
        _repository: &dyn Repository,
        _out: &mut Finished,
    ) -> anyhow::Result<()> {
        Ok(())
    }

    /// A look at the suppression comments, once every finding of every rule is known and
    /// suppressed (`Suppression::used` says whether each suppressed something). What it
    /// reports is not suppressed. By default there is none.
    fn check_suppressions(&self, _docs: &Documents<'_>, _ctx: &Context, _out: &mut Finished) {}

    /// Whether this rule reports a document that cannot be read for this reason. It does
    /// whether it runs or not: nothing else can be said of that document.
    fn reports_unreadable(&self, _why: Unreadable) -> bool {
        false
    }
}

/// Every rule, in report order.
pub(crate) static RULES: &[&dyn Rule] = &[
    &placeholder::Placeholder,
    &version_mismatch::VersionMismatch,
    &broken_link::BrokenLink,
    &missing_path::MissingPath,
    &unknown_commit::UnknownCommit,
    &mojibake::Mojibake,
    &fence::Fence,
    &changelog::Changelog,
    &unused_suppression::UnusedSuppression,
];

/// The ids of every rule, in report order (what `[lint.rules]` may name).
pub(crate) fn rule_ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id()).collect()
}

/// The rule with this id.
pub(crate) fn rule(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.id() == id)
}

/// Run one rule on one text and render its findings as `LINE:COL SEVERITY ID: MESSAGE`
/// lines, sorted: the format of `fixtures/lint/<rule>/*.expected`, for tests.
#[cfg(test)]
pub(crate) fn check_text(rule: &dyn Rule, path: &str, text: &str, ctx: &Context) -> String {
    let doc = Document::parse(path, text.to_string());
    let mut out = Output::default();
    rule.check(&doc, ctx, &mut out);
    let mut suppressions = suppress::Suppressions::read(&doc);
    let mut lines: Vec<(usize, usize, String)> = out
        .findings
        .iter()
        .filter(|f| !suppressions.suppresses(rule.id(), doc.line_col(f.range.start).0))
        .map(|f| {
            let (line, column) = doc.line_col(f.range.start);
            let severity = f.severity.unwrap_or(rule.default_severity());
            (
                line,
                column,
                format!(
                    "{line}:{column} {} {}: {}",
                    severity.as_str(),
                    rule.id(),
                    f.message
                ),
            )
        })
        .collect();
    lines.sort();
    lines.into_iter().map(|(_, _, l)| l + "\n").collect()
}

/// What a panic said.
pub(crate) fn panic_text(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("a panic without a message")
}

/// Whether a file is a changelog by its name (`CHANGELOG.md`, `Changes.md`, `HISTORY.md`,
/// `NEWS.md`): a history of releases, which cites past paths and versions and whose first
/// heading is its newest entry.
pub(crate) fn is_history(path: &str) -> bool {
    let name = split_name(path).map_or(path, |(_, name)| name).as_bytes();
    ["CHANGELOG", "CHANGES", "HISTORY", "NEWS"].iter().any(|h| {
        name.get(..h.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(h.as_bytes()))
    }) || is_post(path)
}

/// A blog's post: dated, each speaks of its own time (tauri-docs' `blog/tauri-1-1.mdx`,
/// "What's New in 1.1.0"; nushell's weekly "bumped version to 0.91.1"), as Jekyll's
/// `_posts/` do.
pub(crate) fn is_post(path: &str) -> bool {
    split_name(path).is_some_and(|(folders, _)| {
        let mut above = "";
        folders.split('/').any(|folder| {
            let posts = folder == "_posts"
                || (folder == "blog"
                    && matches!(above, "" | "docs" | "content" | "website" | "site"));
            above = folder;
            posts
        })
    })
}

/// The folder and the name of a `/`-separated path (None for a name alone), as
/// `rsplit_once('/')` finds them, but with `memchr`'s search: this runs for every file of a
/// large tree, several times.
pub(crate) fn split_name(path: &str) -> Option<(&str, &str)> {
    let at = memchr::memrchr(b'/', path.as_bytes())?;
    Some((&path[..at], &path[at + 1..]))
}

pub(crate) use crate::fxhash::{FxBuild, FxHasher};

/// The anchors of a document (heading slugs, HTML ids): every name in one string, found by
/// hash. They are kept for every linted file until the links into it are checked, so they
/// are kept small and close together.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Anchors {
    names: String,
    /// The hash, start and end of each name in `names`, by hash.
    spans: Vec<(u64, u32, u32)>,
    /// The page has more anchors than its own headings: it includes other files or has
    /// content generated at build time, so a name not here may still be one of its anchors.
    pub(crate) open: bool,
    /// A component the page places renders part of it (`<Settings />`): a name not here
    /// may be one of the ids it writes, so a link to it is a warning, not an error.
    pub(crate) rendered: bool,
}

impl Anchors {
    pub(crate) fn from_names<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Anchors {
        let mut anchors = Anchors::default();
        for name in names {
            let name = name.as_ref();
            let (Ok(start), Ok(end)) = (
                u32::try_from(anchors.names.len()),
                u32::try_from(anchors.names.len() + name.len()),
            ) else {
                break;
            };
            anchors.names.push_str(name);
            anchors.spans.push((fx_hash(name), start, end));
        }
        anchors.spans.sort_unstable();
        anchors
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        let hash = fx_hash(name);
        let first = self.spans.partition_point(|s| s.0 < hash);
        self.spans[first..]
            .iter()
            .take_while(|s| s.0 == hash)
            .any(|&(_, start, end)| &self.names[start as usize..end as usize] == name)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(|&(_, start, end)| &self.names[start as usize..end as usize])
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.spans.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

fn fx_hash(s: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = FxHasher::default();
    h.write(s.as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_kebab_case_and_documented() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            let id = rule.id();
            assert!(seen.insert(id), "duplicate rule id {id}");
            assert!(
                id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{id}"
            );
            let docs = rule.docs();
            for heading in ["What it finds", "Why", "Example"] {
                assert!(docs.contains(heading), "{id} docs lack {heading:?}");
            }
            assert!(!rule.summary().is_empty());
        }
    }

    #[test]
    fn file_set_knows_folders() {
        let set = FileSet::from_files(["docs/deploy/PLAN.md".to_string(), "README.md".to_string()]);
        assert!(set.is_file("README.md"));
        assert!(set.is_dir("docs"));
        assert!(set.is_dir("docs/deploy/"));
        assert!(set.is_dir(""));
        assert!(!set.exists("readme.md"));
    }
}
