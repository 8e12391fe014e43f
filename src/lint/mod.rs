//! `relman lint`: Markdown that agrees with the repository.
//!
//! Each rule lives in its own module with its documentation and tests, and is listed once in
//! `RULES`. A rule reads a parsed `Document` and a `Context` (the current version, the
//! repository's files, the configuration) and pushes `Finding`s with byte ranges; checks
//! that need other files (anchors in another file, commit hashes) are deferred to the runner,
//! which resolves them in one batch. Rules do no I/O.

pub mod broken_link;
pub mod changelog;
pub mod document;
pub mod fence;
pub mod files;
pub mod missing_path;
pub mod mojibake;
pub mod placeholder;
pub mod run;
pub mod suppress;
pub mod unknown_commit;
pub mod unused_suppression;
pub mod version_mismatch;
pub mod versions;

use std::ops::Range;

use serde::Serialize;

pub use document::{Class, Document};
pub use files::FileSet;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// A safe, exact edit that `--fix` may apply: replace `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub range: Range<usize>,
    pub replacement: String,
}

/// What a rule found, in its document's byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub range: Range<usize>,
    pub message: String,
    /// None: the rule's severity (as configured). Some: this finding's own (e.g. `TODO` is a
    /// warning of the `placeholder` rule even when the rule is an error).
    pub severity: Option<Severity>,
    pub fix: Option<Fix>,
}

impl Finding {
    pub fn new(range: Range<usize>, message: impl Into<String>) -> Finding {
        Finding {
            range,
            message: message.into(),
            severity: None,
            fix: None,
        }
    }

    #[must_use]
    pub fn warning(mut self) -> Finding {
        self.severity = Some(Severity::Warning);
        self
    }

    #[must_use]
    pub fn with_fix(mut self, range: Range<usize>, replacement: impl Into<String>) -> Finding {
        self.fix = Some(Fix {
            range,
            replacement: replacement.into(),
        });
        self
    }
}

/// A link to an anchor in another file, checked once every file's anchors are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnchorCheck {
    /// Root-relative path of the target Markdown file.
    pub target: String,
    /// The fragment, percent-decoded, without `#`.
    pub fragment: String,
    /// Where the link is, in the linking document.
    pub range: Range<usize>,
}

/// What a rule's check produces.
#[derive(Debug, Default)]
pub struct Output {
    pub findings: Vec<Finding>,
    pub anchors: Vec<AnchorCheck>,
    /// Commit hashes cited in the document (lower-case hex, 7–40 digits) and where.
    pub commits: Vec<(String, Range<usize>)>,
    /// This document's own anchors, when a rule already computed them (the runner reuses
    /// them for links from other files instead of computing them again).
    pub own_anchors: Option<Anchors>,
}

/// Which documentation generator builds the docs, detected from its config file at the root.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(clippy::struct_excessive_bools)]
pub struct Generators {
    /// `book.toml`: `{{#include …}}` and friends; `chapter.html` links mean `chapter.md`.
    pub mdbook: bool,
    /// `hugo.toml` / `hugo.yaml` / `config.toml` with Hugo keys: `{{< … >}}` shortcodes.
    pub hugo: bool,
    /// `mkdocs.yml` using the macros plugin: Jinja `{{ … }}` / `{% … %}` are templates.
    pub jinja: bool,
    /// Jekyll `_config.yml`: Liquid `{{ … }}` / `{% … %}` are templates.
    pub liquid: bool,
}

/// Per-rule options from `[lint]` in release.toml.
#[derive(Debug, Clone, Default)]
pub struct RuleOptions {
    /// `placeholder`: words that are not placeholders (e.g. "TODO" in a project that allows it).
    pub allowed_placeholders: Vec<String>,
    /// `missing-path`: paths that may be cited without existing.
    pub ignored_paths: Vec<String>,
    /// `version-mismatch`: names of the project's packages (for install snippets); the
    /// runner fills it from Cargo.toml / package.json / pyproject.toml.
    pub package_names: Vec<String>,
}

/// What every rule may read besides the document.
#[derive(Debug, Default)]
pub struct Context {
    /// The current version (the one `relman version` prints), if known.
    pub version: Option<semver::Version>,
    /// Where it came from, for messages ("VERSION", "Cargo.toml", "tag v1.2.0").
    pub version_source: String,
    /// Release tags' versions (for `changelog`: is the current version released?).
    pub released: Vec<semver::Version>,
    pub files: FileSet,
    pub generators: Generators,
    pub options: RuleOptions,
    /// Whether the lint runs inside a git repository (rules that need history stay silent outside).
    pub in_repo: bool,
    /// The origin remote on its forge, `host/owner/repo` in lower case, when there is one.
    pub remote: Option<String>,
}

/// A lint rule.
pub trait Rule: Sync {
    /// The id used in config, suppressions and reports (kebab-case).
    fn id(&self) -> &'static str;
    fn default_severity(&self) -> Severity;
    /// One line: what it finds.
    fn summary(&self) -> &'static str;
    /// The documentation shown by `relman lint --explain ID`: Markdown with the headings
    /// "What it finds", "Why", "Example".
    fn docs(&self) -> &'static str;
    fn check(&self, doc: &Document, ctx: &Context, out: &mut Output);
}

/// Every rule, in report order.
pub static RULES: &[&dyn Rule] = &[
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
pub fn rule_ids() -> Vec<&'static str> {
    RULES.iter().map(|r| r.id()).collect()
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static dyn Rule> {
    RULES.iter().copied().find(|r| r.id() == id)
}

/// Run one rule on one text and render its findings as `LINE:COL SEVERITY ID: MESSAGE`
/// lines, sorted: the format of `fixtures/lint/<rule>/*.expected`, for tests.
pub fn check_text(rule: &dyn Rule, path: &str, text: &str, ctx: &Context) -> String {
    let doc = Document::parse(path, text.to_string());
    let mut out = Output::default();
    rule.check(&doc, ctx, &mut out);
    let mut lines: Vec<(usize, usize, String)> = out
        .findings
        .iter()
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

/// FxHash (as in rustc): a fast hash for short keys that need no protection from collisions.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The anchors of a document (heading slugs, HTML ids): every name in one string, found by
/// hash. They are kept for every linted file until the links into it are checked, so they
/// are kept small and close together.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Anchors {
    names: String,
    /// The hash, start and end of each name in `names`, by hash.
    spans: Vec<(u64, u32, u32)>,
}

impl Anchors {
    pub fn from_names<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> Anchors {
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

    pub fn contains(&self, name: &str) -> bool {
        let hash = fx_hash(name);
        let first = self.spans.partition_point(|s| s.0 < hash);
        self.spans[first..]
            .iter()
            .take_while(|s| s.0 == hash)
            .any(|&(_, start, end)| &self.names[start as usize..end as usize] == name)
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans
            .iter()
            .map(|&(_, start, end)| &self.names[start as usize..end as usize])
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
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
