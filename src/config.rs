//! `release.toml` as written: the file read, decoded into plain structs, and the positions
//! of its keys. `settings` resolves these into the typed values the rest of relman uses;
//! nothing else reads this module's structs.
//!
//! Every struct denies unknown keys (no `flatten`, which would defeat that), keys are
//! kebab-case, every key is optional. Errors name the line and column and, for an unknown
//! key, list the valid ones. This module reads the file and never writes.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use serde::Deserialize;

use crate::textpos::line_col;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Config {
    pub(crate) version: VersionConfig,
    pub(crate) lint: LintConfig,
    /// Tables of the contract whose keys later versions of relman define; accepted (so a
    /// release.toml written for them loads) and not used yet.
    pub(crate) changelog: ChangelogConfig,
    pub(crate) templates: TemplatesConfig,
    /// `[documents]`: release documents `relman release` renders (template name → path).
    pub(crate) documents: std::collections::BTreeMap<String, String>,
    /// `[context]`: free values handed to every template as `context`.
    pub(crate) context: serde_json::Map<String, serde_json::Value>,
    pub(crate) hooks: HooksConfig,
    /// `[release]`: how `relman release` cuts.
    pub(crate) release: ReleaseConfig,
    /// `[[packages]]`: the packages of a monorepo, declared (or detected ones overridden).
    pub(crate) packages: Vec<PackageConfig>,
    /// `[[groups]]`: packages of a monorepo released together with one version.
    pub(crate) groups: Vec<GroupConfig>,
    /// `[facts]`: what the deployment documents' facts also count (or count instead).
    pub(crate) facts: FactsConfig,
}

/// `[facts]`: globs that add to (or, for migrations, replace) what relman detects.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct FactsConfig {
    /// The migrations, instead of the detected layouts.
    pub(crate) migrations: Option<Vec<String>>,
    /// More infrastructure files.
    pub(crate) infrastructure: Vec<String>,
    /// More environment files (`NAME=value` lines).
    pub(crate) env_files: Vec<String>,
    /// More YAML files whose keys are configuration.
    pub(crate) values_files: Vec<String>,
    /// Feature-flag files.
    pub(crate) flags: Vec<String>,
    /// A Markdown file whose list items are the known issues carried over.
    pub(crate) known_issues: Option<String>,
}

/// `[release]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ReleaseConfig {
    /// Which lint findings stop a release: `"new"` (default: those in the files it writes
    /// and those it brings elsewhere), `"all"`, or `"off"`.
    pub(crate) lint: Option<ReleaseLintName>,
    /// The release commit's message: text with `{releases}` (`api 1.3.0, core 0.4.1`, or the
    /// version) and `{version}` (default: `chore(release): {releases}`).
    pub(crate) commit_message: Option<String>,
    /// Each release tag's message: text with `{name}`, `{version}`, `{tag}` and `{changelog}`
    /// (the release's section; default: `{name} {version}` and the section).
    pub(crate) tag_message: Option<String>,
    /// The branches a release may be cut from, as globs (`["main", "release/*"]`; default:
    /// any).
    pub(crate) branches: Vec<String>,
}

/// `[release] lint`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ReleaseLintName {
    New,
    All,
    Off,
}

/// `[[groups]]`: packages that always release together, with one version (a lockstep
/// workspace).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct GroupConfig {
    /// What messages call it (default: its packages' names).
    pub(crate) name: Option<String>,
    /// The names of its packages (two or more).
    pub(crate) packages: Vec<String>,
}

/// `[[packages]]`: one package of a monorepo.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PackageConfig {
    /// Its name (what `--package` selects and `{name}` in a tag template stands for).
    pub(crate) name: String,
    /// Its folder, relative to the root (`.` for the root).
    pub(crate) path: Option<String>,
    /// How its release tags are named: a template ending in `{version}`, such as
    /// `{name}@{version}` or `{name}-v{version}`.
    pub(crate) tag: Option<String>,
    /// Its changelog, relative to the root (default: CHANGELOG.md in its folder).
    pub(crate) changelog: Option<String>,
    /// Its version files, relative to its folder (default: the known ones there).
    pub(crate) files: Option<Vec<String>>,
    /// Folders inside it whose changes are not its own, relative to its folder.
    pub(crate) exclude: Vec<String>,
    /// `false`: a member relman finds that is never released (a fixture, an app).
    pub(crate) release: Option<bool>,
    /// Commit scopes that make a commit this package's whatever files it changes
    /// (`feat(api): …` with `scopes = ["api"]`).
    pub(crate) scopes: Vec<String>,
}

/// `[hooks]`: commands run during `relman release`, each an argument list (no shell).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct HooksConfig {
    pub(crate) before_write: Vec<Vec<String>>,
    pub(crate) after_write: Vec<Vec<String>>,
    pub(crate) after_commit: Vec<Vec<String>>,
    pub(crate) after_tag: Vec<Vec<String>>,
}

/// `[version]`: where the version lives and how it moves.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct VersionConfig {
    /// The file the current version is read from (`VERSION`, `Cargo.toml`, `package.json`,
    /// `pyproject.toml`, relative to the root), or `"tag"` for the latest release tag.
    pub(crate) source: Option<String>,
    /// Known version files written by `bump` (default: each of those at the root that holds a version).
    pub(crate) files: Option<Vec<String>>,
    /// Other files holding the version, found by a literal or a regex.
    pub(crate) patterns: Vec<PatternConfig>,
    /// The prefix of release tags, e.g. `"v"` or `"relman-v"` (default: `v` or none).
    pub(crate) tag_prefix: Option<String>,
    /// Below 1.0.0, what a breaking change bumps (default `minor`; `major` goes to 1.0.0).
    pub(crate) pre_major_breaking: Option<LevelName>,
    /// Below 1.0.0, what a feature bumps (default `patch`).
    pub(crate) pre_major_feat: Option<LevelName>,
    /// In a monorepo, whether a package that depends on a released one is released too:
    /// `"patch"` (at least a patch release) or `"none"` (default: its requirement moves,
    /// nothing more).
    pub(crate) dependents: Option<DependentsName>,
    /// The first release's version when there is no release tag yet (e.g. `"1.0.0"`); the
    /// commits decide when it is lower than what they ask for.
    pub(crate) initial: Option<String>,
    /// The number of a release's first pre-release: 1 (`rc.1`, the default) or 0 (`rc.0`).
    pub(crate) pre_release_start: Option<u64>,
    /// `"semver"` (default) or `"calver"`: versions `YEAR.MONTH.N` (mise's `2026.8.10`),
    /// the next being the release date's year and month, N counting the month's releases.
    pub(crate) scheme: Option<SchemeName>,
    /// `[version.bump]`: what a commit type bumps (`refactor = "patch"`, `docs = "none"`);
    /// a breaking change still bumps the major version.
    pub(crate) bump: std::collections::BTreeMap<String, BumpName>,
}

/// A bump in `[version.bump]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum BumpName {
    Major,
    Minor,
    Patch,
    None,
}

/// `[version] dependents`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum DependentsName {
    None,
    Patch,
}

/// `[changelog]`: where the changelog lives and what goes in it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ChangelogConfig {
    /// The changelog file (default `CHANGELOG.md`).
    pub(crate) path: Option<String>,
    /// Sections in order, each with the commit types it holds (default: Added, Changed, Fixed, Removed).
    pub(crate) sections: Option<Vec<SectionConfig>>,
    /// Regexes on a commit's header; a match leaves the commit out.
    pub(crate) exclude: Vec<String>,
    /// Named groups of path globs (e.g. `migrations = ["db/migrations/**"]`): the paths a
    /// release changed that match them are handed to templates as `paths.NAME`.
    pub(crate) paths: std::collections::BTreeMap<String, Vec<String>>,
    /// Contributors left out of `contributors` (a case-insensitive part of a name or an
    /// email; default: bots, `[bot]`, `dependabot`, `renovate`).
    pub(crate) exclude_contributors: Option<Vec<String>>,
    /// What a release does with a hand-written `[Unreleased]` section: `"promote"` (default:
    /// it becomes the release's section, with the generated entries it does not mention
    /// added) or `"replace"` (the generated section takes its place).
    pub(crate) unreleased: Option<UnreleasedName>,
    /// Copies of the changelog that a release also writes its section into (a docs site's
    /// `website/src/docs/changelog.md`), each above its own newest version entry.
    pub(crate) mirrors: Vec<String>,
    /// Whether a release writes its section into the changelog file (default true); false
    /// for a changelog relman does not write (reStructuredText, kept by hand): the section
    /// still goes into the tag message and the release notes.
    pub(crate) write: Option<bool>,
    /// The order of a section's entries: `"commit"` (default: newest first) or `"scope"`
    /// (by scope, then description, as conventional-changelog and release-please sort them).
    pub(crate) sort: Option<SortName>,
}

/// `[version] scheme`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SchemeName {
    Semver,
    Calver,
}

/// `[changelog] sort`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum SortName {
    Commit,
    Scope,
}

/// `[changelog] unreleased`
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum UnreleasedName {
    Promote,
    Replace,
}

/// `[[changelog.sections]]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct SectionConfig {
    pub(crate) title: String,
    pub(crate) types: Vec<String>,
}

/// `[templates]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct TemplatesConfig {
    /// The folder of the project's own templates (default `templates`).
    pub(crate) dir: Option<String>,
}

/// `[lint]`: what `relman lint` checks and how strictly.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LintConfig {
    /// Files and folders linted when no PATH is given (default: every Markdown file git tracks).
    pub(crate) paths: Option<Vec<String>>,
    /// Files and folders never linted: root-relative prefixes, or globs (`**/fixtures/**`).
    pub(crate) exclude: Vec<String>,
    /// The documentation generator of the docs: one name for the whole repository, or a
    /// table of folder = name.
    pub(crate) generator: Option<GeneratorConfig>,
    /// Severity per rule id: "error", "warning" or "off" (the id is checked first, then the
    /// level, by `settings`, so that a misspelt id is named as such).
    pub(crate) rules: std::collections::BTreeMap<String, String>,
    pub(crate) placeholder: PlaceholderOptions,
    pub(crate) missing_path: MissingPathOptions,
    pub(crate) version_mismatch: VersionMismatchOptions,
}

/// `[lint] generator`: `"mkdocs"`, or `{ "docs" = "vitepress", "website" = "docusaurus" }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum GeneratorConfig {
    One(String),
    PerFolder(std::collections::BTreeMap<String, String>),
}

/// `[lint.placeholder]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PlaceholderOptions {
    /// Words and markers that are not placeholders (e.g. "TBD", "{{ version }}").
    pub(crate) allow: Vec<String>,
}

/// `[lint.missing-path]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct MissingPathOptions {
    /// Paths that may be cited without existing.
    pub(crate) ignore: Vec<String>,
}

/// `[lint.version-mismatch]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct VersionMismatchOptions {
    /// Package names whose install snippets name the current version (added to those read
    /// from Cargo.toml, package.json and pyproject.toml).
    pub(crate) packages: Vec<String>,
}

/// `[[version.patterns]]`: one file and how to find the version in it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct PatternConfig {
    /// The file, relative to the root.
    pub(crate) path: String,
    /// Literal text with `{version}` where the version stands.
    pub(crate) literal: Option<String>,
    /// A regex with a `version` capture group (or group 1).
    pub(crate) regex: Option<String>,
    /// How many matches the file must hold (default 1).
    pub(crate) count: Option<usize>,
}

/// Severity of a lint rule as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum RuleLevel {
    Error,
    Warning,
    Off,
}

impl RuleLevel {
    /// The level a `[lint.rules]` value names.
    pub(crate) fn parse(name: &str) -> Option<Self> {
        match name {
            "error" => Some(Self::Error),
            "warning" => Some(Self::Warning),
            "off" => Some(Self::Off),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LevelName {
    Major,
    Minor,
    Patch,
}

/// The configuration file's path and text: `explicit` (which must exist), or
/// `root/release.toml` when there is one (None when there is not).
pub(crate) fn read(root: &Path, explicit: Option<&Path>) -> Result<Option<(PathBuf, String)>> {
    let path = if let Some(path) = explicit {
        if !path.is_file() {
            bail!(
                "{}: no such configuration file; check the --config path",
                path.display()
            );
        }
        path.to_path_buf()
    } else {
        let path = root.join("release.toml");
        if std::fs::symlink_metadata(&path).is_err() {
            return Ok(None);
        }
        // Repository content: confined to the work tree like every file relman reads.
        let root_paths = crate::paths::Root::new(root, &[]);
        crate::paths::RepoPath::resolve(&root_paths, "release.toml")?;
        path
    };
    let bytes = crate::paths::read(&path, &path.display().to_string())?;
    let text = crate::textpos::decode_file(bytes, &path.display().to_string())?;
    Ok(Some((path, text)))
}

/// The top-level keys of cargo-release's configuration, which it also reads from a
/// `release.toml` at the workspace's root (its reference, "Configuration > Sources").
const CARGO_RELEASE_KEYS: &[&str] = &[
    "allow-branch",
    "certs-source",
    "consolidate-commits",
    "consolidate-pushes",
    "dependent-version",
    "dev-version",
    "dev-version-ext",
    "disable-publish",
    "disable-push",
    "disable-tag",
    "enable-all-features",
    "enable-features",
    "exclude-paths",
    "metadata",
    "no-dev-version",
    "owners",
    "post-release-commit-message",
    "pre-release-commit-message",
    "pre-release-hook",
    "pre-release-replacements",
    "publish",
    "push",
    "push-options",
    "push-remote",
    "rate-limit",
    "registry",
    "shared-version",
    "sign-commit",
    "sign-tag",
    "tag",
    "tag-message",
    "tag-name",
    "tag-prefix",
    "target",
    "upload-doc",
    "verify",
];

/// When `text` is another tool's `release.toml` (cargo-release's: its keys and none of
/// relman's tables; its `release` is a boolean, relman's a table), the keys that tell.
pub(crate) fn foreign_keys(text: &str) -> Option<Vec<String>> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let table = doc.as_table();
    let relman = table.iter().any(|(key, item)| {
        matches!(
            key,
            "version"
                | "lint"
                | "changelog"
                | "templates"
                | "documents"
                | "context"
                | "hooks"
                | "packages"
                | "groups"
                | "facts"
        ) || (key == "release" && item.is_table_like())
    });
    let theirs: Vec<String> = table
        .iter()
        .map(|(key, _)| key)
        .filter(|key| CARGO_RELEASE_KEYS.contains(key))
        .map(str::to_string)
        .collect();
    (!relman && !theirs.is_empty()).then_some(theirs)
}

/// Decode the text into the plain structs; the error text starts with `line:column: `.
pub(crate) fn decode(text: &str) -> std::result::Result<Config, String> {
    toml_edit::de::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        let message = readable(e.message().trim());
        let message = if message.is_empty() {
            "invalid TOML here; check that every key has a value after `=` and that quotes and brackets are closed".to_string()
        } else {
            message
        };
        format!("{line}:{column}: {message}")
    })
}

/// Finds a key's line and column in the file.
pub(crate) type Locate<'a> = dyn Fn(&[&str], Option<usize>) -> (usize, usize) + 'a;

/// Every key the file sets, dotted (`version.tag-prefix`, `lint.rules.fence`), with its line
/// and column; an array of tables counts as its key.
pub(crate) fn key_positions(text: &str) -> std::collections::BTreeMap<String, (usize, usize)> {
    fn walk(
        text: &str,
        table: &dyn toml_edit::TableLike,
        prefix: &str,
        out: &mut std::collections::BTreeMap<String, (usize, usize)>,
    ) {
        for (key, item) in table.iter() {
            let dotted = if prefix.is_empty() {
                key.to_string()
            } else {
                format!("{prefix}.{key}")
            };
            let span = table
                .key(key)
                .and_then(toml_edit::Key::span)
                .or_else(|| item.as_array_of_tables().and_then(|a| a.get(0)?.span()))
                .or_else(|| item.as_table().and_then(toml_edit::Table::span));
            if let Some(inner) = item.as_table_like() {
                if let Some(s) = span.filter(|_| !item.is_table()) {
                    out.insert(dotted.clone(), line_col(text, s.start));
                }
                walk(text, inner, &dotted, out);
            } else if let Some(s) = span {
                out.insert(dotted, line_col(text, s.start));
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    if let Ok(doc) = toml_edit::Document::parse(text) {
        walk(text, doc.as_table(), "", &mut out);
    }
    out
}

/// serde's messages name Rust types ("expected struct VersionConfig", "expected a map");
/// say "a table", as TOML does.
fn readable(message: &str) -> String {
    let mut out = message
        .replace('\n', " ")
        .replace("expected a map", "expected a table");
    while let Some(start) = out.find("struct ") {
        let end = out[start + 7..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(out.len(), |i| start + 7 + i);
        out.replace_range(start..end, "a table");
    }
    out
}

/// Why a tag prefix cannot prefix a SemVer tag, if it cannot.
pub(crate) fn bad_tag_prefix(prefix: &str) -> Option<&'static str> {
    if prefix.ends_with(|c: char| c.is_ascii_digit() || c == '.') {
        return Some("ends with a digit or a dot, so no tag made with it reads as SemVer");
    }
    if prefix.chars().any(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '~' | '^' | ':' | '?' | '*' | '[' | '\\')
    }) || prefix.contains("..")
        || prefix.contains("@{")
        || prefix.starts_with(['/', '-', '.'])
    {
        return Some("holds characters git does not allow in a tag name");
    }
    None
}

/// Line and column of a key (or of the index-th table of an array of tables) in the file.
pub(crate) fn locate(text: &str, path: &[&str], index: Option<usize>) -> (usize, usize) {
    let Ok(doc) = toml_edit::Document::parse(text) else {
        return (1, 1);
    };
    let mut item = doc.as_item();
    let mut span = None;
    for key in path {
        let Some(table) = item.as_table_like() else {
            break;
        };
        let Some((k, next)) = table.get_key_value(key) else {
            break;
        };
        span = k.span().or(span);
        item = next;
    }
    if let (Some(i), Some(array)) = (index, item.as_array_of_tables()) {
        if let Some(table) = array.get(i) {
            span = table.span().or(span);
        }
    }
    span.map_or((1, 1), |s| line_col(text, s.start))
}
