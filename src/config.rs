//! `release.toml`: the typed configuration, its defaults, and strict loading.
//!
//! Every struct denies unknown keys (no `flatten`, which would defeat that), keys are
//! kebab-case, every key is optional. Errors name the file, line and column and, for an
//! unknown key, list the valid ones. This module reads the file and never writes.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use serde::Deserialize;

use crate::manifest::line_col;

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    pub version: VersionConfig,
    pub lint: LintConfig,
    /// Tables of the contract whose keys later versions of relman define; accepted (so a
    /// release.toml written for them loads) and not used yet.
    pub changelog: ChangelogConfig,
    pub templates: TemplatesConfig,
    /// `[documents]`: release documents `relman release` renders (template name → path).
    pub documents: std::collections::BTreeMap<String, String>,
    /// `[context]`: free values handed to every template as `context`.
    pub context: serde_json::Map<String, serde_json::Value>,
    pub hooks: HooksConfig,
}

/// `[hooks]`: commands run during `relman release`, each an argument list (no shell).
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct HooksConfig {
    pub before_write: Vec<Vec<String>>,
    pub after_write: Vec<Vec<String>>,
    pub after_commit: Vec<Vec<String>>,
    pub after_tag: Vec<Vec<String>>,
}

/// `[version]`: where the version lives and how it moves.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct VersionConfig {
    /// The file the current version is read from (`VERSION`, `Cargo.toml`, `package.json`,
    /// `pyproject.toml`, relative to the root), or `"tag"` for the latest release tag.
    pub source: Option<String>,
    /// Known version files written by `bump` (default: each of those at the root that holds a version).
    pub files: Option<Vec<String>>,
    /// Other files holding the version, found by a literal or a regex.
    pub patterns: Vec<PatternConfig>,
    /// The prefix of release tags, e.g. `"v"` or `"relman-v"` (default: `v` or none).
    pub tag_prefix: Option<String>,
    /// Below 1.0.0, what a breaking change bumps (default `minor`; `major` goes to 1.0.0).
    pub pre_major_breaking: Option<LevelName>,
    /// Below 1.0.0, what a feature bumps (default `patch`).
    pub pre_major_feat: Option<LevelName>,
}

/// `[changelog]`: where the changelog lives and what goes in it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChangelogConfig {
    /// The changelog file (default `CHANGELOG.md`).
    pub path: Option<String>,
    /// Sections in order, each with the commit types it holds (default: Added, Changed, Fixed, Removed).
    pub sections: Option<Vec<SectionConfig>>,
    /// Regexes on a commit's header; a match leaves the commit out.
    pub exclude: Vec<String>,
    /// Named groups of path globs (e.g. `migrations = ["db/migrations/**"]`): the paths a
    /// release changed that match them are handed to templates as `paths.NAME`.
    pub paths: std::collections::BTreeMap<String, Vec<String>>,
}

/// `[[changelog.sections]]`
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionConfig {
    pub title: String,
    pub types: Vec<String>,
}

/// `[templates]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct TemplatesConfig {
    /// The folder of the project's own templates (default `templates`).
    pub dir: Option<String>,
}

/// `[lint]`: what `relman lint` checks and how strictly.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintConfig {
    /// Files and folders linted when no PATH is given (default: every Markdown file git tracks).
    pub paths: Option<Vec<String>>,
    /// Files and folders never linted (root-relative prefixes).
    pub exclude: Vec<String>,
    /// Severity per rule: "error", "warning" or "off".
    pub rules: RuleLevels,
    pub placeholder: PlaceholderOptions,
    pub missing_path: MissingPathOptions,
    pub version_mismatch: VersionMismatchOptions,
}

/// `[lint.rules]`: one key per rule id.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleLevels {
    pub placeholder: Option<RuleLevel>,
    pub version_mismatch: Option<RuleLevel>,
    pub broken_link: Option<RuleLevel>,
    pub missing_path: Option<RuleLevel>,
    pub unknown_commit: Option<RuleLevel>,
    pub mojibake: Option<RuleLevel>,
    pub fence: Option<RuleLevel>,
    pub changelog: Option<RuleLevel>,
    pub unused_suppression: Option<RuleLevel>,
}

impl RuleLevels {
    /// The configured level of a rule id.
    pub fn get(&self, id: &str) -> Option<RuleLevel> {
        match id {
            "placeholder" => self.placeholder,
            "version-mismatch" => self.version_mismatch,
            "broken-link" => self.broken_link,
            "missing-path" => self.missing_path,
            "unknown-commit" => self.unknown_commit,
            "mojibake" => self.mojibake,
            "fence" => self.fence,
            "changelog" => self.changelog,
            "unused-suppression" => self.unused_suppression,
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Off,
}

/// `[lint.placeholder]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlaceholderOptions {
    /// Words and markers that are not placeholders (e.g. "TBD", "{{ version }}").
    pub allow: Vec<String>,
}

/// `[lint.missing-path]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MissingPathOptions {
    /// Paths that may be cited without existing.
    pub ignore: Vec<String>,
}

/// `[lint.version-mismatch]`
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct VersionMismatchOptions {
    /// Package names whose install snippets name the current version (added to those read
    /// from Cargo.toml, package.json and pyproject.toml).
    pub packages: Vec<String>,
}

/// `[[version.patterns]]`: one file and how to find the version in it.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternConfig {
    /// The file, relative to the root.
    pub path: String,
    /// Literal text with `{version}` where the version stands.
    pub literal: Option<String>,
    /// A regex with a `version` capture group (or group 1).
    pub regex: Option<String>,
    /// How many matches the file must hold (default 1).
    pub count: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LevelName {
    Major,
    Minor,
    Patch,
}

/// A loaded configuration and where it came from.
#[derive(Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// The file, or None when there was none and the defaults apply.
    pub path: Option<PathBuf>,
}

/// Load `explicit` (which must exist) or `root/release.toml` (optional).
pub fn load(root: &Path, explicit: Option<&Path>) -> Result<Loaded> {
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
            return Ok(Loaded::default());
        }
        // Repository content: confined to the work tree like every file relman reads.
        let root_paths = crate::paths::Root::new(root, &[]);
        crate::paths::RepoPath::resolve(&root_paths, "release.toml")?;
        path
    };
    let bytes = crate::paths::read(&path, &path.display().to_string())?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]);
        let (line, column) = line_col(&prefix, valid);
        anyhow::anyhow!(
            "{}:{line}:{column}: not valid UTF-8; save the file as UTF-8",
            path.display()
        )
    })?;
    let config = parse(&text).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
    Ok(Loaded {
        config,
        path: Some(path),
    })
}

/// Parse and validate; the error text starts with `line:column: `.
pub fn parse(text: &str) -> std::result::Result<Config, String> {
    let config: Config = toml_edit::de::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        let message = readable(e.message().trim());
        let message = if message.is_empty() {
            "invalid TOML here; check that every key has a value after `=` and that quotes and brackets are closed".to_string()
        } else {
            message
        };
        format!("{line}:{column}: {message}")
    })?;
    validate(&config, text)?;
    Ok(config)
}

fn validate(config: &Config, text: &str) -> std::result::Result<(), String> {
    let at = |path: &[&str], index: Option<usize>| locate(text, path, index);
    if let Some(prefix) = &config.version.tag_prefix {
        if let Some(reason) = bad_tag_prefix(prefix) {
            let (l, c) = at(&["version", "tag-prefix"], None);
            return Err(format!(
                "{l}:{c}: tag-prefix {prefix:?} {reason}; use a prefix such as \"v\" or \"name-v\""
            ));
        }
    }
    if let Some(source) = &config.version.source {
        if let Some(reason) = (source != "tag")
            .then(|| crate::paths::bad_relative(source))
            .flatten()
        {
            let (l, c) = at(&["version", "source"], None);
            return Err(format!(
                "{l}:{c}: source {source:?} {reason}; give a path relative to the repository root"
            ));
        }
        if source != "tag" && crate::manifest::FileKind::from_path(Path::new(source)).is_none() {
            let (l, c) = at(&["version", "source"], None);
            return Err(format!(
                "{l}:{c}: source {source:?} is not a known version file; use \"VERSION\", \"Cargo.toml\", \"package.json\", \"pyproject.toml\" or \"tag\""
            ));
        }
    }
    for (i, file) in config.version.files.iter().flatten().enumerate() {
        if let Some(reason) = crate::paths::bad_relative(file) {
            let (l, c) = at(&["version", "files"], None);
            return Err(format!(
                "{l}:{c}: files[{i}] {file:?} {reason}; give a path relative to the repository root"
            ));
        }
        if crate::manifest::FileKind::from_path(Path::new(file)).is_none() {
            let (l, c) = at(&["version", "files"], None);
            return Err(format!(
                "{l}:{c}: files[{i}] {file:?} is not a known version file (VERSION, Cargo.toml, package.json, pyproject.toml); declare other files in [[version.patterns]]"
            ));
        }
    }
    validate_written_paths(config, &at)?;
    let hooks = &config.hooks;
    for (key, list) in [
        ("before-write", &hooks.before_write),
        ("after-write", &hooks.after_write),
        ("after-commit", &hooks.after_commit),
        ("after-tag", &hooks.after_tag),
    ] {
        if list.iter().any(Vec::is_empty) {
            let (l, c) = at(&["hooks", key], None);
            return Err(format!(
                "{l}:{c}: [hooks] {key} holds an empty command; each entry is a non-empty argument list, e.g. [\"cargo\", \"test\"]"
            ));
        }
    }
    for pattern in &config.changelog.exclude {
        if let Err(e) = regex::Regex::new(pattern) {
            let (l, c) = at(&["changelog", "exclude"], None);
            return Err(format!(
                "{l}:{c}: exclude regex {pattern:?} is invalid: {e}"
            ));
        }
    }
    for (name, globs) in &config.changelog.paths {
        for glob in globs {
            if let Err(e) = globset::Glob::new(glob) {
                let (l, c) = at(&["changelog", "paths", name], None);
                return Err(format!("{l}:{c}: glob {glob:?} is invalid: {e}"));
            }
        }
    }
    for (i, pattern) in config.version.patterns.iter().enumerate() {
        let (l, c) = at(&["version", "patterns"], Some(i));
        if pattern.path.is_empty() {
            return Err(format!(
                "{l}:{c}: [[version.patterns]] number {} has no `path`; name the file it edits",
                i + 1
            ));
        }
        if pattern.literal.is_some() == pattern.regex.is_some() {
            return Err(format!(
                "{l}:{c}: [[version.patterns]] for {:?} needs exactly one of `literal` or `regex`",
                pattern.path
            ));
        }
        if let Some(reason) = crate::paths::bad_relative(&pattern.path) {
            return Err(format!(
                "{l}:{c}: [[version.patterns]] path {:?} {reason}; give a path relative to the repository root",
                pattern.path
            ));
        }
        let compiled = match (&pattern.literal, &pattern.regex) {
            (Some(l), _) => crate::manifest::Pattern::Literal(l.clone()),
            (_, Some(r)) => crate::manifest::Pattern::Regex(r.clone()),
            _ => unreachable!("checked above"),
        };
        if let Err(e) = crate::manifest::find_pattern("", &compiled) {
            return Err(format!(
                "{l}:{c}: [[version.patterns]] for {:?}: {}",
                pattern.path, e.message
            ));
        }
        if pattern.count == Some(0) {
            return Err(format!(
                "{l}:{c}: [[version.patterns]] for {:?}: count must be at least 1",
                pattern.path
            ));
        }
    }
    Ok(())
}

/// Finds a key's line and column in the file.
type Locate<'a> = dyn Fn(&[&str], Option<usize>) -> (usize, usize) + 'a;

/// The files relman writes, checked when the config loads: each inside the work tree, out
/// of `.git`, and none the same file as another (a release document written over VERSION,
/// the changelog or release.toml would destroy it). Paths are compared normalised, so
/// `./docs//x.md` is `docs/x.md` here as in the dry run and the cut.
fn validate_written_paths(config: &Config, at: &Locate<'_>) -> std::result::Result<(), String> {
    use crate::paths::normalize;
    let changelog = config.changelog.path.as_deref().unwrap_or("CHANGELOG.md");
    // What else relman writes, by normalised path, with what it is.
    let mut taken: Vec<(String, String)> = vec![("release.toml".into(), "release.toml".into())];
    let version_files: Vec<&str> = match (&config.version.files, &config.version.source) {
        (Some(files), source) => files
            .iter()
            .map(String::as_str)
            .chain(source.as_deref().filter(|s| *s != "tag"))
            .collect(),
        (None, source) => crate::project::KNOWN_FILES
            .iter()
            .copied()
            .chain(source.as_deref().filter(|s| *s != "tag"))
            .collect(),
    };
    for file in version_files {
        taken.push((normalize(file), format!("the version file {file}")));
    }
    for pattern in &config.version.patterns {
        taken.push((
            normalize(&pattern.path),
            format!("the version file {}", pattern.path),
        ));
    }
    if let Some(path) = &config.changelog.path {
        let (l, c) = at(&["changelog", "path"], None);
        if let Some(reason) = crate::paths::bad_relative(path) {
            return Err(format!(
                "{l}:{c}: [changelog] path {path:?} {reason}; give a path inside the repository"
            ));
        }
        if let Some((_, what)) = taken.iter().find(|(p, _)| *p == normalize(path)) {
            return Err(format!(
                "{l}:{c}: [changelog] path {path:?} is {what}, which relman also writes; give the changelog its own file"
            ));
        }
    }
    taken.push((normalize(changelog), format!("the changelog {changelog}")));
    if let Some(dir) = &config.templates.dir {
        if let Some(reason) = crate::paths::bad_relative(dir) {
            let (l, c) = at(&["templates", "dir"], None);
            return Err(format!(
                "{l}:{c}: [templates] dir {dir:?} {reason}; give a folder inside the repository"
            ));
        }
    }
    for (name, pattern) in &config.documents {
        let (l, c) = at(&["documents", name], None);
        // The path as it will be for any version: check it with a sample one.
        let sample = document_path(pattern, "0.0.0", "v0.0.0");
        if let Some(reason) = crate::paths::bad_relative(&sample) {
            return Err(format!(
                "{l}:{c}: [documents] {name} = {pattern:?} {reason}; give a path inside the repository"
            ));
        }
        let path = normalize(&sample);
        if let Some((_, what)) = taken.iter().find(|(p, _)| *p == path) {
            return Err(format!(
                "{l}:{c}: [documents] {name} = {pattern:?} is {what}, which relman also writes; give each document its own file"
            ));
        }
        taken.push((path, format!("the {name} document")));
    }
    Ok(())
}

/// A `[documents]` path with its version and tag filled in.
pub fn document_path(pattern: &str, version: &str, tag: &str) -> String {
    pattern
        .replace("{{version}}", version)
        .replace("{{ version }}", version)
        .replace("{{tag}}", tag)
        .replace("{{ tag }}", tag)
}

/// serde's messages name Rust types ("expected struct VersionConfig"); say "a table".
fn readable(message: &str) -> String {
    let mut out = message.replace('\n', " ");
    while let Some(start) = out.find("struct ") {
        let end = out[start + 7..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(out.len(), |i| start + 7 + i);
        out.replace_range(start..end, "a table");
    }
    out
}

/// Why a tag prefix cannot prefix a SemVer tag, if it cannot.
pub fn bad_tag_prefix(prefix: &str) -> Option<&'static str> {
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
fn locate(text: &str, path: &[&str], index: Option<usize>) -> (usize, usize) {
    let Ok(doc) = toml_edit::ImDocument::parse(text) else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let config = parse("").unwrap();
        assert!(config.version.source.is_none());
        assert!(config.version.patterns.is_empty());
    }

    #[test]
    fn unknown_key_names_line_column_and_valid_keys() {
        let err = parse("[version]\nsource = \"VERSION\"\ntag-prefx = \"v\"\n").unwrap_err();
        assert!(err.starts_with("3:1: unknown field `tag-prefx`"), "{err}");
        assert!(err.contains("tag-prefix"), "{err}");
    }

    #[test]
    fn unknown_table_is_an_error() {
        let err = parse("[versoin]\n").unwrap_err();
        assert!(err.starts_with("1:"), "{err}");
        assert!(err.contains("`version`"), "{err}");
    }

    #[test]
    fn wrong_type_is_an_error_with_position() {
        let err = parse("[version]\nfiles = \"Cargo.toml\"\n").unwrap_err();
        assert!(err.starts_with("2:9:"), "{err}");
    }

    #[test]
    fn bad_level_is_an_error() {
        let err = parse("[version]\npre-major-feat = \"huge\"\n").unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
        assert!(err.contains("major"), "{err}");
    }

    #[test]
    fn tag_prefix_that_makes_no_semver_is_refused() {
        let err = parse("[version]\n\ntag-prefix = \"v1.\"\n").unwrap_err();
        assert!(err.starts_with("3:1: tag-prefix \"v1.\""), "{err}");
        assert!(parse("[version]\ntag-prefix = \"a b\"\n").is_err());
        assert!(parse("[version]\ntag-prefix = \"relman-v\"\n").is_ok());
    }

    #[test]
    fn pattern_needs_literal_or_regex_and_points_at_its_table() {
        let text = "[version]\n[[version.patterns]]\npath = \"a.md\"\nliteral = \"x{version}\"\n\n[[version.patterns]]\npath = \"b.md\"\n";
        let err = parse(text).unwrap_err();
        assert!(err.starts_with("6:1:"), "{err}");
        assert!(err.contains("exactly one of `literal` or `regex`"), "{err}");
    }

    #[test]
    fn patterns_are_validated_at_load() {
        let err = parse("[[version.patterns]]\npath = \"a.md\"\nregex = \"a (\"\n").unwrap_err();
        assert!(err.starts_with("1:1:") && err.contains("regex"), "{err}");
        let err = parse("[[version.patterns]]\npath = \"a.md\"\nliteral = \"no placeholder\"\n")
            .unwrap_err();
        assert!(err.contains("{version}"), "{err}");
        let err = parse("[[version.patterns]]\npath = \"../x.md\"\nliteral = \"v{version}\"\n")
            .unwrap_err();
        assert!(err.contains("leaves the repository"), "{err}");
        let err = parse("[[version.patterns]]\npath = \"/tmp/x\"\nliteral = \"v{version}\"\n")
            .unwrap_err();
        assert!(err.contains("is absolute"), "{err}");
        assert!(
            parse("[[version.patterns]]\npath = \"a/../b.md\"\nliteral = \"v{version}\"\n").is_ok()
        );
    }

    #[test]
    fn lint_table_is_strict() {
        let config = parse("[lint]\npaths = [\"docs\"]\n[lint.rules]\nmissing-path = \"off\"\nplaceholder = \"warning\"\n[lint.placeholder]\nallow = [\"TBD\"]\n").unwrap();
        assert_eq!(config.lint.rules.get("missing-path"), Some(RuleLevel::Off));
        assert_eq!(
            config.lint.rules.get("placeholder"),
            Some(RuleLevel::Warning)
        );
        assert_eq!(config.lint.placeholder.allow, ["TBD"]);
        let err = parse("[lint.rules]\nbroken-links = \"off\"\n").unwrap_err();
        assert!(
            err.starts_with("2:1:") && err.contains("broken-link"),
            "{err}"
        );
        let err = parse("[lint.rules]\nfence = \"loud\"\n").unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
    }

    #[test]
    fn contract_tables_are_accepted() {
        let config = parse("[changelog]\npath = \"HISTORY.md\"\n[changelog.paths]\nmigrations = [\"db/**\"]\n[[changelog.sections]]\ntitle = \"Features\"\ntypes = [\"feat\"]\n[templates]\ndir = \"tpl\"\n[documents]\nnotes = \"docs/NOTES_{{version}}.md\"\n[context]\nenv = \"prod\"\n[hooks]\n").unwrap();
        assert_eq!(config.changelog.paths["migrations"], ["db/**"]);
        assert_eq!(config.context["env"], "prod");
        assert_eq!(config.documents["notes"], "docs/NOTES_{{version}}.md");
        assert!(parse("[changelog]\nsection = []\n").is_err());
        let err = parse("[changelog.paths]\nm = [\"a[\"]\n").unwrap_err();
        assert!(err.contains("glob"), "{err}");
    }

    #[test]
    fn hooks_are_checked_when_the_file_loads() {
        let err = parse("[hooks]\nbefore-writ = [[\"true\"]]\n").unwrap_err();
        assert!(
            err.starts_with("2:1:") && err.contains("before-write"),
            "{err}"
        );
        let err = parse("[hooks]\n\nafter-tag = [[]]\n").unwrap_err();
        assert!(
            err.starts_with("3:1:") && err.contains("empty command"),
            "{err}"
        );
        let err = parse("[hooks]\nafter-tag = \"make\"\n").unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
        let config = parse("[hooks]\nafter-tag = [[\"git\", \"push\"]]\n").unwrap();
        assert_eq!(config.hooks.after_tag, [["git", "push"]]);
    }

    #[test]
    fn type_errors_do_not_name_rust_types() {
        let err = parse("version = 3\n").unwrap_err();
        assert!(!err.contains("VersionConfig"), "{err}");
        assert!(err.contains("a table"), "{err}");
    }

    #[test]
    fn unknown_source_kind_is_refused() {
        let err = parse("[version]\nsource = \"setup.py\"\n").unwrap_err();
        assert!(err.starts_with("2:1:"), "{err}");
    }

    #[test]
    fn full_version_table_parses() {
        let text = r#"
[version]
source = "Cargo.toml"
files = ["Cargo.toml", "package.json"]
tag-prefix = "v"
pre-major-breaking = "major"
pre-major-feat = "minor"

[[version.patterns]]
path = "README.md"
regex = 'relman = "(?<version>[^"]+)"'
count = 2
"#;
        let config = parse(text).unwrap();
        assert_eq!(config.version.source.as_deref(), Some("Cargo.toml"));
        assert_eq!(config.version.pre_major_breaking, Some(LevelName::Major));
        assert_eq!(config.version.patterns[0].count, Some(2));
    }
}
