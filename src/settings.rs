//! Settings: `release.toml` resolved once, when it loads, into typed values with their
//! defaults filled in. `config` decodes the file (strictly: every key of every table is
//! known); this module checks what the values mean (paths that stay in the repository,
//! regexes and globs that compile, hooks that name a program, rule ids that exist) and
//! turns them into what the rest of relman uses. Nothing downstream decodes a string of
//! the configuration again. Every error starts with `line:column: `.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Result;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use serde::Serialize;
use serde_json::{json, Value};

pub(crate) use crate::config::RuleLevel;
use crate::config::{self, Config, LevelName};
use crate::formats::{self, Pattern};
use crate::git::TagPrefix;
use crate::paths::normalize;
use crate::version::{Bump, Policy};

/// The changelog when `[changelog] path` is not set.
pub(crate) const DEFAULT_CHANGELOG: &str = "CHANGELOG.md";
/// The templates folder when `[templates] dir` is not set.
pub(crate) const DEFAULT_TEMPLATES: &str = "templates";

/// Everything `release.toml` says, resolved.
#[derive(Debug)]
pub(crate) struct Settings {
    /// The file read, or None when there is none and every value is a default.
    pub(crate) file: Option<PathBuf>,
    /// Why the `release.toml` found was not read: it is another tool's (a note to show).
    pub(crate) foreign: Option<String>,
    pub(crate) version: VersionSettings,
    pub(crate) changelog: Grouping,
    /// The changelog file, root-relative.
    pub(crate) changelog_path: String,
    /// The folder of the project's own templates, root-relative.
    pub(crate) templates_dir: String,
    /// `[documents]`: what `relman release` renders, by template name.
    pub(crate) documents: Vec<DocumentSetting>,
    /// `[context]`: free values handed to every template.
    pub(crate) context: serde_json::Map<String, Value>,
    pub(crate) hooks: Hooks,
    pub(crate) lint: LintSettings,
    /// `[[packages]]`, in the order written.
    pub(crate) packages: Vec<PackageSetting>,
    /// `[[groups]]`, in the order written.
    pub(crate) groups: Vec<GroupSetting>,
    /// `[changelog] unreleased`: whether a hand-written `[Unreleased]` section is promoted
    /// to the release's section (true) or replaced by the generated one.
    pub(crate) promote_unreleased: bool,
    /// `[changelog] mirrors`: copies of the changelog a release writes its section into,
    /// root-relative and normalised.
    pub(crate) changelog_mirrors: Vec<String>,
    /// `[changelog] write`: whether a release writes its section into the changelog file.
    pub(crate) changelog_write: bool,
    /// `[release] lint`: which lint findings stop a release.
    pub(crate) release_lint: config::ReleaseLintName,
    /// `[release] commit-message` and `tag-message`, checked (their placeholders known).
    pub(crate) commit_message: String,
    pub(crate) tag_message: String,
    /// `[release] branches`: the globs a branch must match to be released from (empty:
    /// any), as written and compiled.
    pub(crate) release_branches: (Vec<String>, Option<globset::GlobSet>),
    /// `[version] dependents`: whether the dependents of a released package release a patch.
    pub(crate) dependents_patch: bool,
    /// `[facts]`: what the deployment documents' facts also count.
    pub(crate) facts: crate::facts::FactsSettings,
    /// The keys the file sets, dotted (`version.tag-prefix`), with their line and column.
    origins: BTreeMap<String, (usize, usize)>,
}

/// Where the current version is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum VersionSource {
    /// The first known version file (`formats::known_files`) at the root that holds a
    /// version, else the latest tag.
    Detect,
    /// This file (root-relative, normalised); it must exist and hold a version.
    File(String),
    /// The latest release tag.
    Tag,
}

/// `[version]`
#[derive(Debug, Clone)]
pub(crate) struct VersionSettings {
    pub(crate) source: VersionSource,
    /// The known version files `bump` writes (normalised); None: those at the root that hold one.
    pub(crate) files: Option<Vec<String>>,
    pub(crate) patterns: Vec<VersionPattern>,
    pub(crate) tag_prefix: TagPrefix,
    pub(crate) policy: Policy,
    /// `initial`: the first release's version when there is no release tag.
    pub(crate) initial: Option<semver::Version>,
    /// `[version.bump]`: commit type (lower case) → what it bumps.
    pub(crate) bumps: Vec<(String, Bump)>,
}

/// `[[version.patterns]]`: one file and how to find the version in it.
#[derive(Debug, Clone)]
pub(crate) struct VersionPattern {
    /// Root-relative, normalised.
    pub(crate) path: String,
    pub(crate) pattern: Pattern,
    /// How it is named in messages (`literal "…"`, `regex "…"`).
    pub(crate) shown: String,
    /// How many matches the file must hold.
    pub(crate) count: usize,
}

/// `[documents]` NAME = PATH: a release document and the path it is written to.
#[derive(Debug, Clone)]
pub(crate) struct DocumentSetting {
    /// The template's name (`notes` renders `notes.md.tera`).
    pub(crate) name: String,
    /// The path, with `{{version}}` and `{{tag}}` where the release's go.
    pub(crate) path: PathTemplate,
}

/// `[[groups]]`: packages released together with one version.
#[derive(Debug, Clone)]
pub(crate) struct GroupSetting {
    /// As written, else its packages' names joined by `+`.
    pub(crate) name: String,
    pub(crate) packages: Vec<String>,
    /// Where the table starts in release.toml (line, column), for messages about names
    /// only the workspace can check.
    pub(crate) at: (usize, usize),
}

/// `[[packages]]`: a package declared, or a detected one overridden (by its name).
#[derive(Debug, Clone)]
pub(crate) struct PackageSetting {
    pub(crate) name: String,
    /// Its folder, root-relative and normalised (`""` for the root); None: the detected one.
    pub(crate) path: Option<String>,
    pub(crate) tag: Option<TagTemplate>,
    /// Root-relative, normalised.
    pub(crate) changelog: Option<String>,
    /// Relative to its folder, normalised.
    pub(crate) files: Option<Vec<String>>,
    /// Relative to its folder, normalised.
    pub(crate) exclude: Vec<String>,
    /// Whether relman releases it (`release = false`: a member found that never is).
    pub(crate) release: bool,
    /// Commit scopes that make a commit its own whatever files the commit changes.
    pub(crate) scopes: Vec<String>,
}

/// How a package's tags are named: text with `{name}`, ending in `{version}`
/// (`{name}@{version}`, `{name}-v{version}`, `v{version}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TagTemplate(String);

impl TagTemplate {
    /// The template, checked: `{version}` once, at the end; no other placeholder than
    /// `{name}`.
    pub(crate) fn parse(text: &str) -> std::result::Result<TagTemplate, String> {
        let Some(head) = text.strip_suffix("{version}") else {
            return Err(format!(
                "tag template {text:?} does not end in {{version}}; write it as \"{{name}}@{{version}}\" or \"{{name}}-v{{version}}\""
            ));
        };
        if head.replace("{name}", "").contains(['{', '}']) {
            return Err(format!(
                "tag template {text:?} holds a placeholder other than {{name}} and {{version}}"
            ));
        }
        Ok(TagTemplate(head.to_string()))
    }

    /// The template that gives tags `PREFIX1.2.3`.
    pub(crate) fn from_prefix(prefix: &str) -> TagTemplate {
        TagTemplate(prefix.to_string())
    }

    /// The text before the version in the tags of package `name`.
    pub(crate) fn prefix(&self, name: &str) -> String {
        self.0.replace("{name}", name)
    }

    /// The template as written (`{name}@{version}`).
    pub(crate) fn as_text(&self) -> String {
        format!("{}{{version}}", self.0)
    }
}

/// A path with `{{version}}` and `{{tag}}` placeholders (spaces inside the braces allowed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathTemplate(String);

impl PathTemplate {
    /// A path template as written.
    #[cfg(test)]
    pub(crate) fn new(text: &str) -> PathTemplate {
        PathTemplate(text.to_string())
    }

    /// The path for one release.
    pub(crate) fn expand(&self, version: &str, tag: &str) -> String {
        self.0
            .replace("{{version}}", version)
            .replace("{{ version }}", version)
            .replace("{{tag}}", tag)
            .replace("{{ tag }}", tag)
    }

    /// As written in release.toml.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// A hook: a program and its arguments, run without a shell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(crate) struct HookCommand(Vec<String>);

impl std::fmt::Display for HookCommand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join(" "))
    }
}

impl HookCommand {
    pub(crate) fn program(&self) -> &str {
        &self.0[0]
    }

    pub(crate) fn args(&self) -> &[String] {
        &self.0[1..]
    }
}

/// `[hooks]`: the commands run at each step of `relman release`.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Hooks {
    pub(crate) before_write: Vec<HookCommand>,
    pub(crate) after_write: Vec<HookCommand>,
    pub(crate) after_commit: Vec<HookCommand>,
    pub(crate) after_tag: Vec<HookCommand>,
}

/// `[lint]`
#[derive(Debug, Default)]
pub(crate) struct LintSettings {
    /// Files and folders linted when no PATH is given; None: every Markdown file git tracks.
    pub(crate) paths: Option<Vec<String>>,
    /// Files and folders never linted (root-relative prefixes), and the globs among them.
    pub(crate) exclude: Vec<String>,
    pub(crate) exclude_globs: Option<GlobSet>,
    /// `[lint] generator`: folder (`""`: the repository) and generator name, validated.
    pub(crate) generators: Vec<(String, String)>,
    /// The configured level of each rule that has one, by id.
    pub(crate) rules: BTreeMap<String, RuleLevel>,
    /// `[lint.placeholder] allow`
    pub(crate) placeholder_allow: Vec<String>,
    /// `[lint.missing-path] ignore`
    pub(crate) missing_path_ignore: Vec<String>,
    /// `[lint.version-mismatch] packages`
    pub(crate) packages: Vec<String>,
}

/// `[changelog]`: how commits are sorted into sections, which are left out, and the named
/// path groups handed to templates — compiled.
#[derive(Debug, Clone)]
pub(crate) struct Grouping {
    pub(crate) sections: Vec<Section>,
    pub(crate) exclude: Vec<Regex>,
    pub(crate) path_groups: Vec<PathGroup>,
    /// Parts of names or emails (lower case) whose people are no contributors: bots.
    pub(crate) exclude_contributors: Vec<String>,
    /// `[changelog] sort = "scope"`: a section's entries by scope (or description, for
    /// those without one), as conventional-changelog and release-please write them; else
    /// newest first.
    pub(crate) by_scope: bool,
}

/// The contributors left out by default: bots.
pub(crate) const BOTS: &[&str] = &["[bot]", "dependabot", "renovate"];

/// A changelog section and the commit types it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Section {
    pub(crate) title: String,
    pub(crate) types: Vec<String>,
}

/// `[changelog.paths]` NAME = [GLOB, …]
#[derive(Debug, Clone)]
pub(crate) struct PathGroup {
    pub(crate) name: String,
    pub(crate) globs: Vec<String>,
    pub(crate) set: GlobSet,
}

impl Default for Grouping {
    fn default() -> Self {
        Grouping {
            sections: default_sections(),
            exclude: Vec::new(),
            path_groups: Vec::new(),
            exclude_contributors: BOTS.iter().map(|b| (*b).to_string()).collect(),
            by_scope: false,
        }
    }
}

/// The default sections, in Keep a Changelog's vocabulary.
pub(crate) fn default_sections() -> Vec<Section> {
    let s = |title: &str, types: &[&str]| Section {
        title: title.to_string(),
        types: types.iter().map(|t| (*t).to_string()).collect(),
    };
    vec![
        s("Added", &["feat"]),
        s("Fixed", &["fix"]),
        s("Changed", &["perf", "refactor"]),
        s("Removed", &["revert"]),
    ]
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            file: None,
            foreign: None,
            version: VersionSettings {
                source: VersionSource::Detect,
                files: None,
                patterns: Vec::new(),
                tag_prefix: TagPrefix::Default,
                policy: Policy::default(),
                initial: None,
                bumps: Vec::new(),
            },
            changelog: Grouping::default(),
            changelog_path: DEFAULT_CHANGELOG.to_string(),
            templates_dir: DEFAULT_TEMPLATES.to_string(),
            documents: Vec::new(),
            context: serde_json::Map::new(),
            hooks: Hooks::default(),
            lint: LintSettings::default(),
            packages: Vec::new(),
            groups: Vec::new(),
            dependents_patch: false,
            facts: crate::facts::FactsSettings::default(),
            release_lint: config::ReleaseLintName::New,
            release_branches: (Vec::new(), None),
            commit_message: DEFAULT_COMMIT_MESSAGE.to_string(),
            tag_message: DEFAULT_TAG_MESSAGE.to_string(),
            promote_unreleased: true,
            changelog_mirrors: Vec::new(),
            changelog_write: true,
            origins: BTreeMap::new(),
        }
    }
}

/// Load `explicit` (which must exist) or `root/release.toml` (optional), checking rule ids
/// against `rules`.
pub(crate) fn load(root: &Path, explicit: Option<&Path>, rules: &[&str]) -> Result<Settings> {
    let Some((path, text)) = config::read(root, explicit)? else {
        return Ok(Settings::default());
    };
    // cargo-release reads a `release.toml` at the root too: found there, not named with
    // `--config`, its file is not a mistake in relman's.
    if explicit.is_none() {
        if let Some(keys) = config::foreign_keys(&text) {
            let keys: Vec<String> = keys.iter().take(3).map(|k| format!("`{k}`")).collect();
            return Ok(Settings {
                foreign: Some(format!(
                    "release.toml is cargo-release's configuration ({}), not relman's: relman \
                     goes on with its defaults; write relman's settings in another file and \
                     give it with --config",
                    keys.join(", ")
                )),
                ..Settings::default()
            });
        }
    }
    let mut settings =
        parse(&text, rules).map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
    settings.file = Some(path);
    Ok(settings)
}

/// Decode and resolve one file's text; the error starts with `line:column: `.
pub(crate) fn parse(text: &str, rules: &[&str]) -> std::result::Result<Settings, String> {
    let raw = config::decode(text)?;
    resolve(&raw, text, rules)
}

fn resolve(raw: &Config, text: &str, rules: &[&str]) -> std::result::Result<Settings, String> {
    let at = |path: &[&str], index: Option<usize>| config::locate(text, path, index);
    let fail = |path: &[&str], index: Option<usize>, message: String| {
        let (l, c) = at(path, index);
        format!("{l}:{c}: {message}")
    };
    let mut version = resolve_version(raw, &fail)?;
    validate_written_paths(raw, &at)?;
    let hooks = resolve_hooks(raw, &fail)?;
    let changelog = resolve_grouping(raw, &fail)?;
    version.patterns = resolve_patterns(raw, &fail)?;
    let packages = resolve_packages(raw, &fail)?;
    let groups = resolve_groups(raw, &fail, text)?;
    let facts = resolve_facts(&raw.facts, &fail)?;
    let mut levels = BTreeMap::new();
    for (id, level) in &raw.lint.rules {
        if !rules.contains(&id.as_str()) {
            let known: Vec<String> = rules.iter().map(|r| format!("`{r}`")).collect();
            return Err(fail(
                &["lint", "rules", id],
                None,
                format!("unknown field `{id}`, expected one of {}", known.join(", ")),
            ));
        }
        let Some(level) = RuleLevel::parse(level) else {
            return Err(fail(
                &["lint", "rules", id],
                None,
                format!("[lint.rules] {id} = {level:?}: unknown level; use \"error\", \"warning\" or \"off\""),
            ));
        };
        levels.insert(id.clone(), level);
    }
    let lint = LintSettings {
        paths: raw.lint.paths.clone(),
        exclude: raw.lint.exclude.clone(),
        exclude_globs: resolve_lint_globs(&raw.lint.exclude, &fail)?,
        generators: resolve_generators(raw.lint.generator.as_ref(), &fail)?,
        rules: levels,
        placeholder_allow: raw.lint.placeholder.allow.clone(),
        missing_path_ignore: raw.lint.missing_path.ignore.clone(),
        packages: raw.lint.version_mismatch.packages.clone(),
    };
    let documents = raw
        .documents
        .iter()
        .map(|(name, path)| DocumentSetting {
            name: name.clone(),
            path: PathTemplate(path.clone()),
        })
        .collect();
    Ok(Settings {
        file: None,
        foreign: None,
        version,
        changelog,
        changelog_path: raw
            .changelog
            .path
            .as_deref()
            .map_or_else(|| DEFAULT_CHANGELOG.to_string(), normalize),
        templates_dir: raw
            .templates
            .dir
            .clone()
            .unwrap_or_else(|| DEFAULT_TEMPLATES.to_string()),
        documents,
        context: raw.context.clone(),
        hooks,
        lint,
        packages,
        groups,
        release_lint: raw.release.lint.unwrap_or(config::ReleaseLintName::New),
        release_branches: resolve_branches(raw, &fail)?,
        commit_message: message_template(
            raw.release.commit_message.as_deref(),
            DEFAULT_COMMIT_MESSAGE,
            &["releases", "version"],
            "commit-message",
            &fail,
        )?,
        tag_message: message_template(
            raw.release.tag_message.as_deref(),
            DEFAULT_TAG_MESSAGE,
            &["name", "version", "tag", "changelog"],
            "tag-message",
            &fail,
        )?,
        promote_unreleased: raw.changelog.unreleased != Some(config::UnreleasedName::Replace),
        changelog_mirrors: raw.changelog.mirrors.iter().map(|m| normalize(m)).collect(),
        changelog_write: raw.changelog.write != Some(false),
        dependents_patch: raw.version.dependents == Some(config::DependentsName::Patch),
        facts,
        origins: config::key_positions(text),
    })
}

/// The release commit's message by default.
pub(crate) const DEFAULT_COMMIT_MESSAGE: &str = "chore(release): {releases}";
/// A release tag's message by default.
pub(crate) const DEFAULT_TAG_MESSAGE: &str = "{name} {version}\n\n{changelog}";

/// A message template of `[release]`: not empty, and every `{placeholder}` in it one of
/// `known`.
fn message_template(
    given: Option<&str>,
    default: &str,
    known: &[&str],
    key: &str,
    fail: &Fail<'_>,
) -> std::result::Result<String, String> {
    let Some(text) = given else {
        return Ok(default.to_string());
    };
    if text.trim().is_empty() {
        return Err(fail(
            &["release", key],
            None,
            format!("{key} is empty; git needs a message"),
        ));
    }
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !known.contains(&name) {
            let names: Vec<String> = known.iter().map(|k| format!("{{{k}}}")).collect();
            return Err(fail(
                &["release", key],
                None,
                format!(
                    "{key} names {{{name}}}, which relman does not fill; use {}",
                    names.join(", ")
                ),
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(text.to_string())
}

/// `[lint] exclude` entries that are globs (`*`, `?`, `[`), compiled.
/// `[facts]`, its globs compiled.
fn resolve_facts(
    raw: &config::FactsConfig,
    fail: &Fail<'_>,
) -> std::result::Result<crate::facts::FactsSettings, String> {
    let set = |key: &str, list: &[String]| -> std::result::Result<Option<GlobSet>, String> {
        if list.is_empty() {
            return Ok(None);
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in list {
            let glob = Glob::new(pattern.trim_start_matches("./")).map_err(|e| {
                fail(
                    &["facts", key],
                    None,
                    format!("glob {pattern:?} is invalid: {e}"),
                )
            })?;
            builder.add(glob);
        }
        builder.build().map(Some).map_err(|e| {
            fail(
                &["facts", key],
                None,
                format!("the globs do not compile: {e}"),
            )
        })
    };
    let migrations = match &raw.migrations {
        // An empty list turns the detection off.
        Some(list) if list.is_empty() => Some(GlobSet::empty()),
        Some(list) => set("migrations", list)?,
        None => None,
    };
    Ok(crate::facts::FactsSettings {
        migrations,
        infrastructure: set("infrastructure", &raw.infrastructure)?,
        env_files: set("env-files", &raw.env_files)?,
        values_files: set("values-files", &raw.values_files)?,
        flags: set("flags", &raw.flags)?,
        known_issues: raw.known_issues.as_deref().map(normalize),
    })
}

fn resolve_lint_globs(
    list: &[String],
    fail: &Fail<'_>,
) -> std::result::Result<Option<GlobSet>, String> {
    let globs: Vec<&String> = list
        .iter()
        .filter(|e| e.contains(['*', '?', '[', '{']))
        .collect();
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for pattern in globs {
        let glob = globset::GlobBuilder::new(pattern.trim_start_matches("./"))
            .literal_separator(true)
            .build()
            .map_err(|e| {
                fail(
                    &["lint", "exclude"],
                    None,
                    format!("exclude glob {pattern:?} is invalid: {e}"),
                )
            })?;
        builder.add(glob);
    }
    builder.build().map(Some).map_err(|e| {
        fail(
            &["lint", "exclude"],
            None,
            format!("the exclude globs do not compile: {e}"),
        )
    })
}

/// The documentation generators `[lint] generator` may name (the lint's sites know each).
pub(crate) const GENERATOR_NAMES: &[&str] = &[
    "github",
    "vitepress",
    "vuepress",
    "mkdocs",
    "docusaurus",
    "hugo",
    "jekyll",
    "mdbook",
    "starlight",
    "astro",
    "sphinx",
    "fumadocs",
    "rspress",
    "nuxt-content",
    "zola",
];

/// `[lint] generator`: each name one relman knows, each folder inside the repository.
fn resolve_generators(
    raw: Option<&config::GeneratorConfig>,
    fail: &Fail<'_>,
) -> std::result::Result<Vec<(String, String)>, String> {
    let pairs: Vec<(String, String)> = match raw {
        None => return Ok(Vec::new()),
        Some(config::GeneratorConfig::One(name)) => vec![(String::new(), name.clone())],
        Some(config::GeneratorConfig::PerFolder(map)) => {
            map.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
        }
    };
    let known = GENERATOR_NAMES;
    let mut out = Vec::new();
    for (folder, name) in pairs {
        let key = name.to_ascii_lowercase();
        if !known.contains(&key.as_str()) {
            return Err(fail(
                &["lint", "generator"],
                None,
                format!(
                    "unknown generator {name:?}; use one of {}",
                    known.join(", ")
                ),
            ));
        }
        let trimmed = folder.trim_end_matches('/');
        if !trimmed.is_empty() {
            if let Some(why) = crate::paths::bad_relative(trimmed) {
                return Err(fail(
                    &["lint", "generator"],
                    None,
                    format!(
                        "folder {folder:?} {why}; use a folder relative to the repository root"
                    ),
                ));
            }
        }
        out.push((normalize(trimmed), key));
    }
    Ok(out)
}

/// `[release] branches`: globs, compiled.
fn resolve_branches(
    raw: &Config,
    fail: &Fail<'_>,
) -> std::result::Result<(Vec<String>, Option<globset::GlobSet>), String> {
    let list = &raw.release.branches;
    if list.is_empty() {
        return Ok((Vec::new(), None));
    }
    let mut builder = GlobSetBuilder::new();
    for branch in list {
        let glob = Glob::new(branch).map_err(|e| {
            fail(
                &["release", "branches"],
                None,
                format!("branch glob {branch:?} is invalid: {e}"),
            )
        })?;
        builder.add(glob);
    }
    let set = builder.build().map_err(|e| {
        fail(
            &["release", "branches"],
            None,
            format!("the branch globs do not compile: {e}"),
        )
    })?;
    Ok((list.clone(), Some(set)))
}

/// `[[groups]]`: two or more package names each, no package in two groups, names unique.
fn resolve_groups(
    raw: &Config,
    fail: &Fail<'_>,
    text: &str,
) -> std::result::Result<Vec<GroupSetting>, String> {
    let mut out: Vec<GroupSetting> = Vec::new();
    for (i, g) in raw.groups.iter().enumerate() {
        let here = |message: String| fail(&["groups"], Some(i), message);
        let mut names: Vec<String> = Vec::new();
        for name in &g.packages {
            if name.trim().is_empty() || names.contains(name) {
                return Err(here(format!(
                    "[[groups]] number {}: package {name:?} is empty or listed twice; list each package once",
                    i + 1
                )));
            }
            if let Some(other) = out.iter().find(|o| o.packages.contains(name)) {
                return Err(here(format!(
                    "[[groups]]: package {name:?} is in the group {:?} already; a package releases with one group",
                    other.name
                )));
            }
            names.push(name.clone());
        }
        if names.len() < 2 {
            return Err(here(format!(
                "[[groups]] number {} lists {} package(s); a group releases two or more packages together: list them in `packages`",
                i + 1,
                names.len()
            )));
        }
        let name = g.name.clone().unwrap_or_else(|| names.join("+"));
        if out.iter().any(|o| o.name == name) {
            return Err(here(format!(
                "[[groups]] {name:?} is declared twice; merge the two tables"
            )));
        }
        out.push(GroupSetting {
            name,
            packages: names,
            at: config::locate(text, &["groups"], Some(i)),
        });
    }
    Ok(out)
}

/// Whether `path` is a file a version source or `files` entry may name: one a format reads
/// that holds a version of its own (a lock file follows its manifest instead).
fn known(path: &str) -> bool {
    formats::for_path(Path::new(path)).is_some_and(|f| f.known_file().is_some())
}

type Fail<'a> = dyn Fn(&[&str], Option<usize>, String) -> String + 'a;

fn resolve_version(raw: &Config, fail: &Fail<'_>) -> std::result::Result<VersionSettings, String> {
    let v = &raw.version;
    let tag_prefix = match &v.tag_prefix {
        Some(prefix) => {
            if let Some(reason) = config::bad_tag_prefix(prefix) {
                return Err(fail(
                    &["version", "tag-prefix"],
                    None,
                    format!(
                        "tag-prefix {prefix:?} {reason}; use a prefix such as \"v\" or \"name-v\""
                    ),
                ));
            }
            TagPrefix::Exact(prefix.clone())
        }
        None => TagPrefix::Default,
    };
    let source = match v.source.as_deref() {
        None => VersionSource::Detect,
        Some("tag") => VersionSource::Tag,
        Some(source) => {
            if let Some(reason) = crate::paths::bad_relative(source) {
                return Err(fail(
                    &["version", "source"],
                    None,
                    format!(
                        "source {source:?} {reason}; give a path relative to the repository root"
                    ),
                ));
            }
            if !known(source) {
                let known: Vec<String> = formats::nameable_files()
                    .iter()
                    .map(|f| format!("{f:?}"))
                    .collect();
                return Err(fail(
                    &["version", "source"],
                    None,
                    format!(
                        "source {source:?} is not a known version file; use {} or \"tag\"",
                        known.join(", ")
                    ),
                ));
            }
            VersionSource::File(normalize(source))
        }
    };
    let mut files = None;
    if let Some(list) = &v.files {
        let mut checked = Vec::new();
        for (i, file) in list.iter().enumerate() {
            if let Some(reason) = crate::paths::bad_relative(file) {
                return Err(fail(
                    &["version", "files"],
                    None,
                    format!(
                        "files[{i}] {file:?} {reason}; give a path relative to the repository root"
                    ),
                ));
            }
            if !known(file) {
                return Err(fail(
                    &["version", "files"],
                    None,
                    format!(
                        "files[{i}] {file:?} is not a known version file ({}); declare other files in [[version.patterns]]",
                        formats::nameable_files().join(", ")
                    ),
                ));
            }
            checked.push(normalize(file));
        }
        files = Some(checked);
    }
    let level = |l: Option<LevelName>, default: Bump| match l {
        Some(LevelName::Major) => Bump::Major,
        Some(LevelName::Minor) => Bump::Minor,
        Some(LevelName::Patch) => Bump::Patch,
        None => default,
    };
    let d = Policy::default();
    let initial = match &v.initial {
        Some(text) => Some(
            semver::Version::parse(text.trim_start_matches('v')).map_err(|e| {
                fail(
                    &["version", "initial"],
                    None,
                    format!(
                        "initial {text:?} is not a SemVer version ({e}); write it as \"1.0.0\""
                    ),
                )
            })?,
        ),
        None => None,
    };
    Ok(VersionSettings {
        source,
        files,
        // Checked last, after the paths, hooks and changelog, by `resolve_patterns`.
        patterns: Vec::new(),
        tag_prefix,
        policy: Policy {
            calver: v.scheme == Some(config::SchemeName::Calver),
            pre_major_breaking: level(v.pre_major_breaking, d.pre_major_breaking),
            pre_major_feat: level(v.pre_major_feat, d.pre_major_feat),
            first_pre_release: match v.pre_release_start {
                None => d.first_pre_release,
                Some(n @ (0 | 1)) => n,
                Some(n) => {
                    return Err(fail(
                        &["version", "pre-release-start"],
                        None,
                        format!("pre-release-start = {n}: a first pre-release is numbered 0 or 1"),
                    ))
                }
            },
        },
        initial,
        bumps: v
            .bump
            .iter()
            .map(|(kind, b)| {
                let bump = match b {
                    config::BumpName::Major => Bump::Major,
                    config::BumpName::Minor => Bump::Minor,
                    config::BumpName::Patch => Bump::Patch,
                    config::BumpName::None => Bump::None,
                };
                (kind.to_lowercase(), bump)
            })
            .collect(),
    })
}

/// `[[version.patterns]]`: each has a path, exactly one of `literal` or `regex` (which must
/// hold one capture group, the version) and a count of at least 1.
fn resolve_patterns(
    raw: &Config,
    fail: &Fail<'_>,
) -> std::result::Result<Vec<VersionPattern>, String> {
    let v = &raw.version;
    let mut patterns = Vec::new();
    for (i, p) in v.patterns.iter().enumerate() {
        let here = |message: String| fail(&["version", "patterns"], Some(i), message);
        if p.path.is_empty() {
            return Err(here(format!(
                "[[version.patterns]] number {} has no `path`; name the file it edits",
                i + 1
            )));
        }
        let (pattern, shown) = match (&p.literal, &p.regex) {
            (Some(l), None) => (Pattern::Literal(l.clone()), format!("literal {l:?}")),
            (None, Some(r)) => (Pattern::Regex(r.clone()), format!("regex {r:?}")),
            _ => {
                return Err(here(format!(
                    "[[version.patterns]] for {:?} needs exactly one of `literal` or `regex`",
                    p.path
                )))
            }
        };
        if let Some(reason) = crate::paths::bad_relative(&p.path) {
            return Err(here(format!(
                "[[version.patterns]] path {:?} {reason}; give a path relative to the repository root",
                p.path
            )));
        }
        if let Err(e) = formats::find_pattern("", &pattern) {
            return Err(here(format!(
                "[[version.patterns]] for {:?}: {}",
                p.path, e.message
            )));
        }
        if p.count == Some(0) {
            return Err(here(format!(
                "[[version.patterns]] for {:?}: count must be at least 1",
                p.path
            )));
        }
        patterns.push(VersionPattern {
            path: normalize(&p.path),
            pattern,
            shown,
            count: p.count.unwrap_or(1),
        });
    }
    Ok(patterns)
}

/// `[[packages]]`: names given and unique, paths inside the repository, tag templates that
/// make SemVer tags, known version files.
fn resolve_packages(
    raw: &Config,
    fail: &Fail<'_>,
) -> std::result::Result<Vec<PackageSetting>, String> {
    let mut out: Vec<PackageSetting> = Vec::new();
    for (i, p) in raw.packages.iter().enumerate() {
        let here = |message: String| fail(&["packages"], Some(i), message);
        if p.name.trim().is_empty() {
            return Err(here(format!(
                "[[packages]] number {} has no `name`; name the package",
                i + 1
            )));
        }
        let name = &p.name;
        if out.iter().any(|q| q.name == *name) {
            return Err(here(format!(
                "[[packages]] {name:?} is declared twice; merge the two tables"
            )));
        }
        let inside = |what: &str, path: &str| -> std::result::Result<String, String> {
            match crate::paths::bad_relative(path) {
                Some(reason) if path != "." => Err(here(format!(
                    "[[packages]] {name:?}: {what} {path:?} {reason}; give a path inside the repository"
                ))),
                _ => Ok(normalize(path)),
            }
        };
        let path = p.path.as_deref().map(|d| inside("path", d)).transpose()?;
        let tag = match &p.tag {
            Some(text) => {
                let template = TagTemplate::parse(text)
                    .map_err(|e| here(format!("[[packages]] {name:?}: {e}")))?;
                if let Some(reason) = config::bad_tag_prefix(&template.prefix(name)) {
                    return Err(here(format!(
                        "[[packages]] {name:?}: tag template {text:?} {reason}"
                    )));
                }
                Some(template)
            }
            None => None,
        };
        let changelog = p
            .changelog
            .as_deref()
            .map(|c| inside("changelog", c))
            .transpose()?;
        let files = match &p.files {
            Some(list) => {
                let mut checked = Vec::new();
                for file in list {
                    let file = inside("files entry", file)?;
                    if !known(&file) {
                        return Err(here(format!(
                            "[[packages]] {name:?}: {file:?} is not a known version file ({})",
                            formats::nameable_files().join(", ")
                        )));
                    }
                    checked.push(file);
                }
                Some(checked)
            }
            None => None,
        };
        let exclude = p
            .exclude
            .iter()
            .map(|e| inside("exclude entry", e))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        out.push(PackageSetting {
            name: name.clone(),
            path,
            tag,
            changelog,
            files,
            exclude,
            release: p.release.unwrap_or(true),
            scopes: p
                .scopes
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        });
    }
    Ok(out)
}

fn resolve_hooks(raw: &Config, fail: &Fail<'_>) -> std::result::Result<Hooks, String> {
    let h = &raw.hooks;
    let mut hooks = Hooks::default();
    for (key, list, into) in [
        ("before-write", &h.before_write, &mut hooks.before_write),
        ("after-write", &h.after_write, &mut hooks.after_write),
        ("after-commit", &h.after_commit, &mut hooks.after_commit),
        ("after-tag", &h.after_tag, &mut hooks.after_tag),
    ] {
        for args in list {
            if args.first().is_none_or(String::is_empty) {
                return Err(fail(
                    &["hooks", key],
                    None,
                    format!("[hooks] {key} holds an empty command; each entry is a non-empty argument list, e.g. [\"cargo\", \"test\"]"),
                ));
            }
            into.push(HookCommand(args.clone()));
        }
    }
    Ok(hooks)
}

fn resolve_grouping(raw: &Config, fail: &Fail<'_>) -> std::result::Result<Grouping, String> {
    let c = &raw.changelog;
    let mut exclude = Vec::new();
    for pattern in &c.exclude {
        match Regex::new(pattern) {
            Ok(re) => exclude.push(re),
            Err(e) => {
                return Err(fail(
                    &["changelog", "exclude"],
                    None,
                    format!("exclude regex {pattern:?} is invalid: {e}"),
                ))
            }
        }
    }
    let mut path_groups = Vec::new();
    for (name, globs) in &c.paths {
        let mut builder = GlobSetBuilder::new();
        for glob in globs {
            match Glob::new(glob) {
                Ok(g) => {
                    builder.add(g);
                }
                Err(e) => {
                    return Err(fail(
                        &["changelog", "paths", name],
                        None,
                        format!("glob {glob:?} is invalid: {e}"),
                    ))
                }
            }
        }
        let set = builder.build().map_err(|e| {
            fail(
                &["changelog", "paths", name],
                None,
                format!("the globs of {name} do not compile: {e}"),
            )
        })?;
        path_groups.push(PathGroup {
            name: name.clone(),
            globs: globs.clone(),
            set,
        });
    }
    let sections = match &c.sections {
        Some(list) => list
            .iter()
            .map(|s| Section {
                title: s.title.clone(),
                types: s.types.clone(),
            })
            .collect(),
        None => default_sections(),
    };
    let exclude_contributors = c
        .exclude_contributors
        .clone()
        .unwrap_or_else(|| BOTS.iter().map(|b| (*b).to_string()).collect())
        .into_iter()
        .map(|p| p.trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect();
    Ok(Grouping {
        sections,
        exclude,
        path_groups,
        exclude_contributors,
        by_scope: c.sort == Some(config::SortName::Scope),
    })
}

/// The files relman writes, checked when the config loads: each inside the work tree, out
/// of `.git`, and none the same file as another (a release document written over VERSION,
/// the changelog or release.toml would destroy it). Paths are compared normalised, so
/// `./docs//x.md` is `docs/x.md` here as in the dry run and the cut.
fn validate_written_paths(
    config: &Config,
    at: &config::Locate<'_>,
) -> std::result::Result<(), String> {
    let changelog = config
        .changelog
        .path
        .as_deref()
        .unwrap_or(DEFAULT_CHANGELOG);
    // What else relman writes, by normalised path, with what it is.
    let mut taken: Vec<(String, String)> = vec![("release.toml".into(), "release.toml".into())];
    let source = config.version.source.as_deref().filter(|s| *s != "tag");
    let version_files: Vec<&str> = match &config.version.files {
        Some(files) => files.iter().map(String::as_str).chain(source).collect(),
        None => formats::known_files().into_iter().chain(source).collect(),
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
    for (n, mirror) in config.changelog.mirrors.iter().enumerate() {
        let (l, c) = at(&["changelog", "mirrors"], Some(n));
        if let Some(reason) = crate::paths::bad_relative(mirror) {
            return Err(format!(
                "{l}:{c}: [changelog] mirrors {mirror:?} {reason}; give a path inside the repository"
            ));
        }
        if let Some((_, what)) = taken.iter().find(|(p, _)| *p == normalize(mirror)) {
            return Err(format!(
                "{l}:{c}: [changelog] mirrors {mirror:?} is {what}, which relman also writes; a mirror is another file"
            ));
        }
        taken.push((normalize(mirror), format!("the changelog mirror {mirror}")));
    }
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
        let sample = PathTemplate(pattern.clone()).expand("0.0.0", "v0.0.0");
        if sample.contains("{{") || sample.contains("}}") || sample.contains("{%") {
            return Err(format!(
                "{l}:{c}: [documents] {name} = {pattern:?} holds a placeholder relman does not fill; a document path may use {{{{version}}}} and {{{{tag}}}} only"
            ));
        }
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

/// Where a value came from, for `relman config`.
fn origin(&(line, column): &(usize, usize), file: &str) -> String {
    format!("{file}:{line}:{column}")
}

impl Settings {
    /// The resolved settings as JSON, in release.toml's shape (kebab-case keys), and for each
    /// leaf key where its value came from: `release.toml:LINE:COLUMN`, or `default`.
    /// `detected` is what a `Detect` source resolved to, when it is known.
    pub(crate) fn describe(&self, detected: Option<&str>) -> (Value, BTreeMap<String, String>) {
        let v = &self.version;
        let source = match &v.source {
            VersionSource::Detect => detected.unwrap_or("tag").to_string(),
            VersionSource::File(f) => f.clone(),
            VersionSource::Tag => "tag".to_string(),
        };
        let files: Vec<String> = v.files.clone().unwrap_or_else(|| {
            formats::known_files()
                .iter()
                .map(|f| (*f).to_string())
                .collect()
        });
        let prefix = match &v.tag_prefix {
            TagPrefix::Default => "v".to_string(),
            TagPrefix::Exact(p) => p.clone(),
        };
        let level = |b: Bump| b.as_str().to_string();
        let patterns: Vec<Value> = v
            .patterns
            .iter()
            .map(|p| {
                let (key, value) = match &p.pattern {
                    Pattern::Literal(l) => ("literal", l),
                    Pattern::Regex(r) => ("regex", r),
                };
                json!({"path": p.path, key: value, "count": p.count})
            })
            .collect();
        let paths: serde_json::Map<String, Value> = self
            .changelog
            .path_groups
            .iter()
            .map(|g| (g.name.clone(), json!(g.globs)))
            .collect();
        let documents: serde_json::Map<String, Value> = self
            .documents
            .iter()
            .map(|d| (d.name.clone(), json!(d.path.as_str())))
            .collect();
        let rules: serde_json::Map<String, Value> = self
            .lint
            .rules
            .iter()
            .map(|(id, level)| (id.clone(), json!(level)))
            .collect();
        let value = json!({
            "version": {
                "source": source,
                "files": files,
                "tag-prefix": prefix,
                "pre-major-breaking": level(v.policy.pre_major_breaking),
                "pre-major-feat": level(v.policy.pre_major_feat),
                "pre-release-start": v.policy.first_pre_release,
                "scheme": if v.policy.calver { "calver" } else { "semver" },
                "dependents": if self.dependents_patch { "patch" } else { "none" },
                "initial": v.initial.as_ref().map(ToString::to_string),
                "bump": v.bumps.iter().map(|(k, b)| (k.clone(), json!(b.to_string()))).collect::<serde_json::Map<String, Value>>(),
                "patterns": patterns,
            },
            "changelog": {
                "path": self.changelog_path,
                "sections": self.changelog.sections,
                "exclude": self.changelog.exclude.iter().map(Regex::as_str).collect::<Vec<_>>(),
                "paths": paths,
                "unreleased": if self.promote_unreleased { "promote" } else { "replace" },
                "mirrors": self.changelog_mirrors,
                "exclude-contributors": self.changelog.exclude_contributors,
            },
            "templates": { "dir": self.templates_dir },
            "documents": documents,
            "context": self.context,
            "release": {
                "commit-message": self.commit_message,
                "tag-message": self.tag_message,
                "branches": self.release_branches.0,
                "lint": match self.release_lint {
                    config::ReleaseLintName::New => "new",
                    config::ReleaseLintName::All => "all",
                    config::ReleaseLintName::Off => "off",
                },
            },
            "hooks": {
                "before-write": self.hooks.before_write,
                "after-write": self.hooks.after_write,
                "after-commit": self.hooks.after_commit,
                "after-tag": self.hooks.after_tag,
            },
            "packages": self.packages.iter().map(|p| json!({
                "name": p.name,
                "path": p.path,
                "tag": p.tag.as_ref().map(TagTemplate::as_text),
                "changelog": p.changelog,
                "files": p.files,
                "exclude": p.exclude,
                "release": p.release,
                "scopes": p.scopes,
            })).collect::<Vec<_>>(),
            "groups": self.groups.iter().map(|g| json!({
                "name": g.name,
                "packages": g.packages,
            })).collect::<Vec<_>>(),
            "lint": {
                "paths": self.lint.paths,
                "exclude": self.lint.exclude,
                "generator": self.lint.generators.iter().map(|(folder, name)| (folder.clone(), json!(name))).collect::<serde_json::Map<String, Value>>(),
                "rules": rules,
                "placeholder": { "allow": self.lint.placeholder_allow },
                "missing-path": { "ignore": self.lint.missing_path_ignore },
                "version-mismatch": { "packages": self.lint.packages },
            },
        });
        let file = self.file.as_ref().map_or_else(
            || "release.toml".to_string(),
            |f| {
                f.file_name().map_or_else(
                    || f.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                )
            },
        );
        let mut origins = BTreeMap::new();
        leaf_origins(
            &value,
            "",
            &mut |key| {
                let found = self.origins.get(key).or_else(|| {
                    // A key inside a table given whole (`[context]`, an array of tables) comes
                    // from the nearest enclosing key the file sets.
                    let mut k = key;
                    while let Some((parent, _)) = k.rsplit_once('.') {
                        if let Some(at) = self.origins.get(parent) {
                            return Some(at);
                        }
                        k = parent;
                    }
                    None
                });
                match (found, key) {
                (Some(at), _) => origin(at, &file),
                (None, "version.source") if v.source == VersionSource::Detect => {
                    "detected (the first known version file at the root that holds a version, else the latest tag)".to_string()
                }
                (None, "version.files") => {
                    "default (those of these files at the root that hold a version)".to_string()
                }
                (None, "version.tag-prefix") => {
                    "default (tags read with or without `v`, made with `v`)".to_string()
                }
                (None, "lint.paths") => "default (null: every Markdown file git tracks)".to_string(),
                _ => "default".to_string(),
            }
            },
            &mut origins,
        );
        (value, origins)
    }
}

/// Call `from` for every leaf key of `value` (arrays are leaves) and record its answer.
fn leaf_origins(
    value: &Value,
    prefix: &str,
    from: &mut dyn FnMut(&str) -> String,
    out: &mut BTreeMap<String, String>,
) {
    match value {
        Value::Object(map) if !map.is_empty() || prefix.is_empty() => {
            for (key, inner) in map {
                let dotted = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaf_origins(inner, &dotted, from, out);
            }
        }
        _ => {
            out.insert(prefix.to_string(), from(prefix));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &[&str] = &["placeholder", "missing-path", "fence", "broken-link"];

    fn parse(text: &str) -> std::result::Result<Settings, String> {
        super::parse(text, RULES)
    }

    #[test]
    fn empty_file_gives_defaults() {
        let config = parse("").unwrap();
        assert_eq!(config.version.source, VersionSource::Detect);
        assert!(config.version.patterns.is_empty());
        assert_eq!(config.changelog_path, "CHANGELOG.md");
        assert_eq!(config.templates_dir, "templates");
        assert_eq!(config.changelog.sections, default_sections());
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
        assert_eq!(config.lint.rules.get("missing-path"), Some(&RuleLevel::Off));
        assert_eq!(
            config.lint.rules.get("placeholder"),
            Some(&RuleLevel::Warning)
        );
        assert_eq!(config.lint.placeholder_allow, ["TBD"]);
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
        assert_eq!(config.changelog.path_groups[0].name, "migrations");
        assert!(config.changelog.path_groups[0].set.is_match("db/x.sql"));
        assert_eq!(config.changelog.sections[0].title, "Features");
        assert_eq!(config.changelog_path, "HISTORY.md");
        assert_eq!(config.templates_dir, "tpl");
        assert_eq!(config.context["env"], "prod");
        assert_eq!(config.documents[0].name, "notes");
        assert_eq!(
            config.documents[0].path.expand("1.2.3", "v1.2.3"),
            "docs/NOTES_1.2.3.md"
        );
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
        assert_eq!(config.hooks.after_tag[0].program(), "git");
        assert_eq!(config.hooks.after_tag[0].args(), ["push"]);
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
        assert_eq!(
            config.version.source,
            VersionSource::File("Cargo.toml".into())
        );
        assert_eq!(config.version.policy.pre_major_breaking, Bump::Major);
        assert_eq!(config.version.policy.pre_major_feat, Bump::Minor);
        assert_eq!(config.version.tag_prefix, TagPrefix::Exact("v".into()));
        assert_eq!(config.version.patterns[0].count, 2);
        assert_eq!(config.version.patterns[0].path, "README.md");
    }

    #[test]
    fn every_value_is_resolved_once_with_its_default() {
        let s = parse("[version]\nsource = \"./VERSION\"\nfiles = [\"pkg//Cargo.toml\"]\n[hooks]\nbefore-write = [[\"make\", \"check\"]]\n").unwrap();
        assert_eq!(s.version.source, VersionSource::File("VERSION".into()));
        assert_eq!(
            s.version.files.as_deref(),
            Some(&["pkg/Cargo.toml".to_string()][..])
        );
        assert_eq!(s.version.tag_prefix, TagPrefix::Default);
        assert_eq!(s.version.policy, Policy::default());
        assert_eq!(s.hooks.before_write[0].to_string(), "make check");
        let tag = parse("[version]\nsource = \"tag\"\n").unwrap();
        assert_eq!(tag.version.source, VersionSource::Tag);
    }

    #[test]
    fn document_paths_are_checked_for_what_they_expand_to() {
        let err = parse("[documents]\nnotes = \"docs/NOTES_{{ versoin }}.md\"\n").unwrap_err();
        assert!(
            err.starts_with("2:1:") && err.contains("{{version}}"),
            "{err}"
        );
        let err = parse("[documents]\nnotes = \"../{{version}}.md\"\n").unwrap_err();
        assert!(err.contains("leaves the repository"), "{err}");
        let err = parse("[documents]\nnotes = \"{{version}}/../VERSION\"\n").unwrap_err();
        assert!(err.contains("the version file VERSION"), "{err}");
        let ok = parse("[documents]\nnotes = \"docs/{{tag}}/NOTES_{{ version }}.md\"\n").unwrap();
        assert_eq!(
            ok.documents[0].path.expand("1.0.0", "v1.0.0"),
            "docs/v1.0.0/NOTES_1.0.0.md"
        );
    }

    #[test]
    fn a_lock_file_is_not_a_version_source() {
        let err = parse("[version]\nsource = \"Cargo.lock\"\n").unwrap_err();
        assert!(
            err.starts_with("2:1:") && err.contains("not a known version file"),
            "{err}"
        );
        let err = parse("[version]\nfiles = [\"Cargo.lock\"]\n").unwrap_err();
        assert!(err.contains("not a known version file"), "{err}");
    }

    #[test]
    fn rule_ids_are_checked_against_the_registry_given() {
        let err = super::parse("[lint.rules]\nfence = \"off\"\n", &["placeholder"]).unwrap_err();
        assert!(err.starts_with("2:1: unknown field `fence`"), "{err}");
        assert!(err.contains("`placeholder`"), "{err}");
    }

    #[test]
    fn a_misspelt_rule_id_is_named_before_its_level_is_read() {
        let err =
            super::parse("[lint.rules]\nbrokn-link = \"loud\"\n", &["broken-link"]).unwrap_err();
        assert!(err.starts_with("2:1: unknown field `brokn-link`"), "{err}");
        let err =
            super::parse("[lint.rules]\nbroken-link = \"loud\"\n", &["broken-link"]).unwrap_err();
        assert!(
            err.starts_with("2:1: ") && err.contains("\"loud\": unknown level"),
            "{err}"
        );
        let err = super::parse("[lint]\nrules = 3\n", &["broken-link"]).unwrap_err();
        assert!(err.contains("expected a table"), "{err}");
        assert!(!err.contains("map"), "{err}");
    }

    #[test]
    fn problems_are_reported_in_the_order_of_the_tables() {
        // A bad hook and a bad pattern: the hook (checked before the patterns) is named.
        let text = "[hooks]\nbefore-write = [[\"\"]]\n\n[[version.patterns]]\npath = \"a\"\n";
        let err = parse(text).unwrap_err();
        assert!(err.contains("[hooks] before-write"), "{err}");
        // A bad changelog exclude comes before a bad pattern too.
        let text = "[changelog]\nexclude = [\"(\"]\n\n[[version.patterns]]\npath = \"a\"\n";
        let err = parse(text).unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
    }

    #[test]
    fn describe_gives_each_value_its_origin() {
        let text = "[version]\ntag-prefix = \"rel-\"\n\n[context]\nowner = \"ops\"\n";
        let s = parse(text).unwrap();
        let (value, origins) = s.describe(Some("VERSION"));
        assert_eq!(value["version"]["tag-prefix"], "rel-");
        assert_eq!(value["version"]["source"], "VERSION");
        assert_eq!(value["changelog"]["path"], "CHANGELOG.md");
        assert_eq!(origins["version.tag-prefix"], "release.toml:2:1");
        assert_eq!(origins["context.owner"], "release.toml:5:1");
        assert_eq!(origins["changelog.path"], "default");
        assert!(
            origins["version.source"].starts_with("detected"),
            "{origins:?}"
        );
    }
}
