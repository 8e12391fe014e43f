//! What `relman init` reads of a single-package project's conventions: every file that
//! holds its version, its changelog and that changelog's style, and whether it deploys a
//! service (only then are the staging plan and checklist worth writing).
//!
//! Pure over a list of tracked paths and a reader of their text: the command reads the
//! repository, these functions decide.

use std::path::Path;

use crate::formats;

/// Folders whose files are never the project's own version or deployment: dependencies,
/// tests and examples, editor and CI set-up.
pub(crate) fn set_aside(path: &str) -> bool {
    const FOLDERS: &[&str] = &[
        "node_modules",
        "vendor",
        "third_party",
        "third-party",
        "target",
        "dist",
        "build",
        ".git",
        ".github",
        ".devcontainer",
        ".venv",
        "venv",
    ];
    super::detect::in_fixture_folder(path)
        || path
            .split('/')
            .rev()
            .skip(1)
            .any(|folder| FOLDERS.contains(&folder))
}

/// Every tracked file besides the root's known ones (`VERSION`, `Cargo.toml`, …, which
/// relman reads anyway) that holds `current` as its version: a Python `__version__`, a
/// `Chart.yaml`, a `pom.xml`, … Root-relative paths, in the order given.
pub(crate) fn version_locations(
    files: &[String],
    read: &dyn Fn(&str) -> Option<String>,
    current: &str,
    root_holds_it: bool,
) -> Vec<String> {
    let mut found = Vec::new();
    for path in files {
        let Some(format) = formats::for_path(Path::new(path)) else {
            continue;
        };
        // Lock files follow their manifest. The known manifests are read at the root only,
        // unless the root holds no version (a virtual Cargo workspace whose members share
        // it, as git-cliff's do): then the members' hold it.
        let nested_manifest = format.at_root() && path.contains('/');
        if format.known_file().is_none()
            || (format.at_root() && (root_holds_it || !nested_manifest))
            || set_aside(path)
        {
            continue;
        }
        if path.matches('/').count() > 3 {
            continue;
        }
        let Some(text) = read(path) else { continue };
        let Ok(fields) = format.find(&text) else {
            continue;
        };
        if fields
            .first()
            .is_some_and(|f| f.text == current || crate::version::is_snapshot_of(&f.text, current))
        {
            found.push(path.clone());
        }
    }
    found
}

/// The version files a project's own release tool names, read from `pyproject.toml`:
/// commitizen's `[tool.commitizen] version_files` (`"src/pkg/__version__.py"`, or
/// `".pre-commit-config.yaml:rev:.+Commitizen"`: only the lines matching the regex) and
/// python-semantic-release's `[tool.semantic_release] version_variables`
/// (`"requirements.txt:python-semantic-release:nf"`: the lines naming the variable, `:nf` or
/// `:tf` saying whether the tag's prefix is written). For each line that holds `current`:
/// the line as a literal with `{version}` in its place (what a `[[version.patterns]]`
/// takes), with its file and how many times the file holds it, and the tool's setting
/// that named it. Files relman reads by format are not listed (`version_locations` finds
/// them).
pub(crate) fn declared_version_lines(
    read: &dyn Fn(&str) -> Option<String>,
    current: &str,
) -> Vec<Declared> {
    let Some(pyproject) = read("pyproject.toml") else {
        return Vec::new();
    };
    let Ok(doc) = pyproject.parse::<toml_edit::DocumentMut>() else {
        return Vec::new();
    };
    let entries = |table: &str, key: &str| -> Vec<String> {
        doc.get("tool")
            .and_then(|t| t.get(table))
            .and_then(|c| c.get(key))
            .and_then(toml_edit::Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(toml_edit::Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    // Each named file with what a line must have to be the tool's.
    let mut named: Vec<(String, Filter, &'static str)> = Vec::new();
    for entry in entries("commitizen", "version_files") {
        let (path, filter) = match entry.split_once(':') {
            Some((path, regex)) => match regex::Regex::new(regex) {
                Ok(re) => (path, Filter::Regex(re)),
                Err(_) => continue,
            },
            None => (entry.as_str(), Filter::Any),
        };
        named.push((path.to_string(), filter, "[tool.commitizen] version_files"));
    }
    for entry in entries("semantic_release", "version_variables") {
        let Some((path, variable)) = entry.split_once(':') else {
            continue;
        };
        let variable = variable
            .strip_suffix(":nf")
            .or_else(|| variable.strip_suffix(":tf"))
            .unwrap_or(variable);
        named.push((
            path.to_string(),
            Filter::Contains(variable.to_string()),
            "[tool.semantic_release] version_variables",
        ));
    }
    let mut out: Vec<Declared> = Vec::new();
    for (path, filter, setting) in named {
        if crate::paths::bad_relative(&path).is_some()
            || formats::for_path(Path::new(&path)).is_some()
        {
            continue;
        }
        let Some(text) = read(&path) else { continue };
        let lines = text.lines().map(str::trim).filter(|line| match &filter {
            Filter::Any => true,
            Filter::Regex(re) => re.is_match(line),
            Filter::Contains(variable) => line.contains(variable.as_str()),
        });
        add_literals(
            &mut out,
            (&path, &text),
            lines,
            current,
            Origin::Tool(setting),
        );
    }
    out
}

/// Each of `lines` of the file (`path`, `text`) that holds `current` once as a whole, as a
/// `[[version.patterns]]` literal added to `out` with its `origin`: when every match of the
/// literal in the file holds `current` (a literal that would also move another version is
/// no pattern), with the number of them as its count. A packaging file's pattern is a regex
/// from the start of the line to the version, so that `version: 1.2` is not found inside
/// `cff-version: 1.2` or an indented `version:`.
fn add_literals<'l>(
    out: &mut Vec<Declared>,
    (path, text): (&str, &str),
    lines: impl Iterator<Item = &'l str>,
    current: &str,
    origin: Origin,
) {
    let anchored = matches!(origin, Origin::Packaging(_));
    for line in lines {
        let Some(at) = whole_version_at(line, current) else {
            continue;
        };
        let pattern = if anchored {
            formats::Pattern::Regex(format!(
                r"(?m)^{}(?P<version>\d+\.\d+\.\d+[0-9A-Za-z.+-]*)",
                regex::escape(&line[..at])
            ))
        } else {
            formats::Pattern::Literal(format!(
                "{}{{version}}{}",
                &line[..at],
                &line[at + current.len()..]
            ))
        };
        if out.iter().any(|d| d.path == path && d.pattern == pattern) {
            continue;
        }
        let Ok(found) = formats::find_pattern(text, &pattern) else {
            continue;
        };
        if found.is_empty() || found.iter().any(|f| f.text != current) {
            continue;
        }
        out.push(Declared {
            path: path.to_string(),
            pattern,
            count: found.len(),
            origin,
        });
    }
}

/// The packaging files that hold `current` as the package's version, each a
/// `[[version.patterns]]` literal: a snap's `snapcraft.yaml` (`version: "1.2.3"`), an RPM
/// `.spec` (`Version: 1.2.3`), a Nix derivation (`version = "1.2.3";`), an Arch `PKGBUILD`
/// (`pkgver=1.2.3`) and its `.SRCINFO`, a `CITATION.cff`. Only the line that is the
/// package's own version (unindented where the format nests), never a dependency's.
pub(crate) fn packaging_version_lines(
    files: &[String],
    read: &dyn Fn(&str) -> Option<String>,
    current: &str,
) -> Vec<Declared> {
    type Kind = (fn(&str) -> bool, fn(&str) -> bool, &'static str);
    const KINDS: &[Kind] = &[
        (
            |name| name == "snapcraft.yaml" || name == ".snapcraft.yaml",
            |line| line.starts_with("version:"),
            "The snap's version",
        ),
        (
            |name| {
                std::path::Path::new(name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("spec"))
            },
            |line| line.starts_with("Version:"),
            "The RPM spec's Version",
        ),
        (
            |name| {
                std::path::Path::new(name)
                    .extension()
                    .is_some_and(|e| e.eq_ignore_ascii_case("nix"))
            },
            |line| {
                let line = line.trim_start();
                line.starts_with("version =") || line.starts_with("version=")
            },
            "The Nix derivation's version",
        ),
        (
            |name| name == "PKGBUILD",
            |line| line.starts_with("pkgver="),
            "The PKGBUILD's pkgver",
        ),
        (
            |name| name == ".SRCINFO",
            |line| line.trim_start().starts_with("pkgver ="),
            "The .SRCINFO's pkgver",
        ),
        (
            |name| name == "CITATION.cff",
            |line| line.starts_with("version:"),
            "The citation's version",
        ),
    ];
    let mut out: Vec<Declared> = Vec::new();
    for path in files {
        if set_aside(path) || path.matches('/').count() > 3 {
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        let Some((_, wanted, what)) = KINDS.iter().find(|(named, _, _)| named(name)) else {
            continue;
        };
        let Some(text) = read(path) else { continue };
        let lines = text.lines().filter(|l| wanted(l));
        add_literals(
            &mut out,
            (path, &text),
            lines,
            current,
            Origin::Packaging(what),
        );
    }
    out
}

/// A line of a file that moves with the version: one a project's release tool names, or a
/// packaging file's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Declared {
    pub(crate) path: String,
    /// The line as a literal with `{version}` where the version is, or a regex from the
    /// start of the line with the version as its `version` group.
    pub(crate) pattern: formats::Pattern,
    /// How many times the file holds the line.
    pub(crate) count: usize,
    pub(crate) origin: Origin,
}

/// Why a line moves with the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// The release tool's setting that names it (`[tool.commitizen] version_files`).
    Tool(&'static str),
    /// What the line is in a packaging file (`The snap's version`).
    Packaging(&'static str),
}

impl Declared {
    /// Why it moves, as a comment over its pattern says it.
    pub(crate) fn why(&self) -> String {
        match self.origin {
            Origin::Tool(setting) => format!("Named by {setting}"),
            Origin::Packaging(what) => what.to_string(),
        }
    }

    /// How `init`'s summary groups it.
    pub(crate) fn label(&self) -> String {
        match self.origin {
            Origin::Tool(setting) => format!("named by {setting}"),
            Origin::Packaging(_) => "as packaging".to_string(),
        }
    }
}

/// What a line must have to be one a release tool's setting names.
enum Filter {
    Any,
    Regex(regex::Regex),
    Contains(String),
}

/// Where `version` stands in `line` as a whole (not inside a longer number), once.
fn whole_version_at(line: &str, version: &str) -> Option<usize> {
    let mut found = None;
    for (at, _) in line.match_indices(version) {
        let before = line[..at].chars().next_back();
        let after = line[at + version.len()..].chars().next();
        let digitish = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.');
        if !digitish(before.filter(|c| *c != 'v')) && !digitish(after) {
            if found.is_some() {
                return None;
            }
            found = Some(at);
        }
    }
    found
}

/// The Helm charts whose `appVersion` is the current version (`1.4.0` or `v1.4.0`): the
/// app's release moves it, while the chart's own `version` is the chart's.
pub(crate) fn chart_app_versions(
    files: &[String],
    read: &dyn Fn(&str) -> Option<String>,
    current: &str,
) -> Vec<String> {
    files
        .iter()
        .filter(|p| {
            p.rsplit('/').next() == Some("Chart.yaml")
                && !set_aside(p)
                && p.matches('/').count() <= 3
        })
        .filter(|p| {
            read(p)
                .and_then(|t| crate::formats::chart_value(&t, "appVersion"))
                .is_some_and(|v| v.trim_start_matches('v') == current)
        })
        .cloned()
        .collect()
}

/// The changelog file at the root (or in `docs/`), by the names projects give it.
pub(crate) fn changelog_file(files: &[String]) -> Option<String> {
    const NAMES: &[&str] = &["changelog.md", "changes.md", "history.md", "news.md"];
    for folder in ["", "docs/"] {
        for name in NAMES {
            if let Some(found) = files.iter().find(|f| {
                f.strip_prefix(folder)
                    .is_some_and(|rest| !rest.contains('/') && rest.eq_ignore_ascii_case(name))
            }) {
                return Some(found.clone());
            }
        }
    }
    None
}

/// A changelog at the root (or in `docs/`) in a format relman does not write
/// (`CHANGELOG.rst`, `HISTORY.txt`, `CHANGES`), with the format's name: a release must not
/// start a second, Markdown one beside it.
pub(crate) fn foreign_changelog(files: &[String]) -> Option<(String, &'static str)> {
    const STEMS: &[&str] = &["changelog", "changes", "history", "news"];
    for folder in ["", "docs/"] {
        for file in files {
            let Some(name) = file.strip_prefix(folder).filter(|r| !r.contains('/')) else {
                continue;
            };
            let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
            if !STEMS.iter().any(|s| stem.eq_ignore_ascii_case(s)) {
                continue;
            }
            let format = match ext.to_ascii_lowercase().as_str() {
                "rst" => "reStructuredText",
                "adoc" | "asciidoc" => "AsciiDoc",
                "org" => "Org",
                "txt" | "" => "plain text",
                _ => continue,
            };
            return Some((file.clone(), format));
        }
    }
    None
}

/// The style a changelog is written in, as `init` reports it.
/// The subsection titles of a changelog that uses its own (`### ⛰️  Features`, `### 🐛 Bug
/// Fixes`), each with the commit type it holds, in the file's order; empty when they are
/// Keep a Changelog's own words or fewer than two are understood.
pub(crate) fn section_titles(text: &str) -> Vec<(String, &'static str)> {
    // Keep a Changelog's own words; `Security` and `Deprecated` are also titles of other
    // styles (git-cliff's), so they alone do not make a file Keep a Changelog.
    const KEEP_A_CHANGELOG: &[&str] = &["added", "changed", "removed", "fixed"];
    let mut titles: Vec<(String, &'static str)> = Vec::new();
    for line in text.lines().take(400) {
        let Some(title) = line.strip_prefix("### ") else {
            continue;
        };
        let title = title.trim();
        let words: String = title
            .chars()
            .filter(|c| c.is_alphanumeric() || c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let words = words.trim();
        if KEEP_A_CHANGELOG.contains(&words) {
            return Vec::new();
        }
        let kind = if words.contains("feature")
            || words.contains("improvement")
            || words.contains("enhancement")
        {
            "feat"
        } else if words.contains("bug") || words.contains("fix") {
            "fix"
        } else if words.contains("perf") {
            "perf"
        } else if words.contains("refactor") {
            "refactor"
        } else if words.contains("doc") {
            "docs"
        } else if words.contains("revert") {
            "revert"
        } else {
            continue;
        };
        if !titles.iter().any(|(_, k)| *k == kind) {
            titles.push((title.to_string(), kind));
        }
    }
    if titles.len() < 2 {
        return Vec::new();
    }
    // Features first, then fixes: the order a reader looks for them.
    let rank = |k: &str| {
        ["feat", "fix", "perf", "refactor", "docs", "revert"]
            .iter()
            .position(|x| *x == k)
            .unwrap_or(9)
    };
    titles.sort_by_key(|(_, k)| rank(k));
    titles
}

// conventional-changelog's own subsection titles; a file with others (healthchecks'
// `### Improvements`) has headings of its own.
const CONVENTIONAL_TITLES: &[&str] = &[
    "Features",
    "Bug Fixes",
    "Performance Improvements",
    "Reverts",
    "Documentation",
    "Styles",
    "Code Refactoring",
    "Tests",
    "Build System",
    "Continuous Integration",
    "Miscellaneous Chores",
    "Miscellaneous",
    "Dependencies",
    "BREAKING CHANGES",
    "⚠ BREAKING CHANGES",
];

pub(crate) fn changelog_style(text: &str) -> &'static str {
    let headings: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with('#'))
        .take(40)
        .collect();
    let foreign_titles = headings
        .iter()
        .any(|h| h.starts_with("### ") && !CONVENTIONAL_TITLES.contains(&h[4..].trim()));
    let conventional = !foreign_titles
        && (headings.iter().any(|h| {
            let h = h.trim_start_matches('#').trim();
            h == "Features" || h == "Bug Fixes" || h.starts_with("<small>")
        }) || headings
            .iter()
            .any(|h| h.contains("](") && h.trim_end().ends_with(')') && h.contains(" (")));
    let commitizen = headings.iter().any(|h| {
        matches!(
            h.trim_start_matches('#').trim(),
            "Feat" | "Fix" | "Refactor" | "Perf" | "BREAKING CHANGE"
        )
    });
    if text.contains("keepachangelog.com") {
        "Keep a Changelog"
    } else if commitizen {
        "commitizen"
    } else if conventional {
        "conventional-changelog"
    } else if headings
        .iter()
        .any(|h| h.contains("[Unreleased]") || h.starts_with("## ["))
    {
        "Keep a Changelog"
    } else {
        "its own headings"
    }
}

/// The files that show the project deploys a service (a container image, a Helm chart,
/// Kubernetes or Terraform files, database migrations, a Procfile or a platform's
/// config); empty for a library. At most a few, to be named.
pub(crate) fn deploy_evidence(files: &[String]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for path in files {
        if set_aside(path) || path.matches('/').count() > 3 {
            continue;
        }
        let name = path.rsplit('/').next().unwrap_or(path);
        let folders: Vec<&str> = path.split('/').rev().skip(1).collect();
        // A container image alone is evidence only at the root: a CLI's image for CI
        // (`docker/Dockerfile`, `tools/docker/Dockerfile`) is not a deployed service.
        let image = matches!(name, "Dockerfile" | "Containerfile") || name.ends_with(".Dockerfile");
        // A platform's file counts where its CLI reads it, at the root: mise's
        // `registry/fly.toml` describes a tool, not an app on Fly.io.
        let platform = matches!(
            name,
            "Procfile" | "fly.toml" | "app.yaml" | "render.yaml" | "serverless.yml"
        );
        let evidence = ((image || platform) && folders.is_empty())
            || matches!(
            name,
            "Chart.yaml"
                | "skaffold.yaml"
                | "kustomization.yaml"
                | "docker-compose.prod.yml"
        ) || (Path::new(name)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("tf"))
                && !path.starts_with("docs/"))
            || path.starts_with("db/migrate/")
            // Django's apps keep theirs beside their code (`hc/accounts/migrations/0001_initial.py`).
            || (folders.first() == Some(&"migrations") && django_migration(name))
            // A service's migrations sit at the top or in an app's folder (`app/migrations`);
            // deeper, `migrations` is code of its own (a config schema's).
            || folders.iter().rev().take(2).any(|f| {
                *f == "migrations"
                    // Manifests are YAML: a Go package named `k8s` is code.
                    || matches!(*f, "k8s" | "kubernetes" | "helm")
                        && Path::new(name).extension().is_some_and(|e| {
                            e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")
                        })
            });
        if evidence {
            // One per folder of evidence: `migrations/0001.sql` stands for its folder.
            let shown = match folders.first() {
                Some(_) if !matches!(name, "Dockerfile" | "Chart.yaml" | "Procfile") => {
                    format!(
                        "{}/",
                        path.rsplit_once('/').map_or(path.as_str(), |(d, _)| d)
                    )
                }
                _ => path.clone(),
            };
            if !found.contains(&shown) {
                found.push(shown);
            }
            if found.len() == 4 {
                break;
            }
        }
    }
    found
}

/// `0001_initial.py`: four digits, an underscore, a Python file.
fn django_migration(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() > 8
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'_'
        && Path::new(name).extension().is_some_and(|e| e == "py")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern_text(pattern: formats::Pattern) -> String {
        match pattern {
            formats::Pattern::Literal(text) | formats::Pattern::Regex(text) => text,
        }
    }

    fn list(paths: &[&str]) -> Vec<String> {
        paths.iter().map(|p| (*p).to_string()).collect()
    }

    #[test]
    fn a_library_does_not_deploy() {
        let files = list(&[
            "Cargo.toml",
            "src/lib.rs",
            ".devcontainer/Dockerfile",
            "docker/Dockerfile",
            "tests/fixtures/app/Dockerfile",
            "examples/server/Procfile",
            // mise's tool definitions.
            "registry/fly.toml",
            "registry/render.yaml",
            "docs/guide.md",
            // A Go package named k8s (dozzle's `internal/k8s/`) is code, not manifests.
            "internal/k8s/client.go",
        ]);
        assert!(deploy_evidence(&files).is_empty());
        assert_eq!(
            deploy_evidence(&list(&[
                "hc/api/views.py",
                "hc/accounts/migrations/0001_initial.py"
            ])),
            list(&["hc/accounts/migrations/"])
        );
        assert!(deploy_evidence(&list(&["lib/schema/migrations/v2.py"])).is_empty());
        assert_eq!(
            deploy_evidence(&list(&["deploy/k8s/app.yaml"])),
            list(&["deploy/k8s/"])
        );
    }

    #[test]
    fn a_service_deploys() {
        let files = list(&[
            "Dockerfile",
            "charts/api/Chart.yaml",
            "charts/api/templates/deploy.yaml",
            "migrations/0001_init.sql",
            "migrations/0002_users.sql",
            "infra/main.tf",
            "lib/config/migrations/v1.ts",
        ]);
        assert_eq!(
            deploy_evidence(&files),
            list(&[
                "Dockerfile",
                "charts/api/Chart.yaml",
                "migrations/",
                "infra/"
            ])
        );
    }

    #[test]
    fn charts_whose_app_version_is_the_release() {
        let files = list(&[
            "deploy/chart/Chart.yaml",
            "tests/fixtures/Chart.yaml",
            "other/Chart.yaml",
        ]);
        let read = |path: &str| -> Option<String> {
            Some(if path == "other/Chart.yaml" {
                "name: x\nversion: 1.4.0\nappVersion: 0.9.0\n".to_string()
            } else {
                "name: x\nversion: 0.3.0\nappVersion: \"v1.4.0\"\n".to_string()
            })
        };
        assert_eq!(
            chart_app_versions(&files, &read, "1.4.0"),
            list(&["deploy/chart/Chart.yaml"])
        );
    }

    #[test]
    fn a_changelogs_own_section_titles_are_continued() {
        let text = "# Changelog\n\n## [2.12.1] - 2025-02-01\n\n### 🐛 Bug Fixes\n\n- z\n\n## [2.12.0] - 2025-01-01\n\n### ⛰️  Features\n\n- a\n\n### 🐛 Bug Fixes\n\n- b\n\n### 🚜 Refactor\n\n- c\n\n### ⚙️ Miscellaneous Tasks\n\n- d\n";
        let titles = section_titles(text);
        assert_eq!(
            titles,
            [
                ("⛰️  Features".to_string(), "feat"),
                ("🐛 Bug Fixes".to_string(), "fix"),
                ("🚜 Refactor".to_string(), "refactor")
            ]
        );
        assert!(section_titles("## [1.0.0]\n\n### Added\n\n- x\n\n### Fixed\n\n- y\n").is_empty());
        // mise's git-cliff file also has a `### Security` section.
        assert_eq!(
            section_titles("## [2026.8.9]\n\n### 🚀 Features\n- a\n\n### 🐛 Bug Fixes\n- b\n\n### Security\n- c\n").len(),
            2
        );
        // healthchecks' words.
        assert_eq!(
            section_titles("## v4.2 - 2026-04-28\n\n### Improvements\n- a\n\n### Bug Fixes\n- b\n"),
            [
                ("Improvements".to_string(), "feat"),
                ("Bug Fixes".to_string(), "fix")
            ]
        );
    }

    #[test]
    fn changelog_files_and_styles() {
        let files = list(&["README.md", "docs/CHANGELOG.md", "CHANGES.md"]);
        assert_eq!(changelog_file(&files).as_deref(), Some("CHANGES.md"));
        assert_eq!(
            changelog_file(&list(&["docs/changelog.md"])).as_deref(),
            Some("docs/changelog.md")
        );
        assert_eq!(changelog_file(&list(&["src/changelog.md"])), None);
        assert_eq!(
            changelog_style("# Changelog\n\nThe format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).\n\n## [1.0.0] - 2024-01-01\n"),
            "Keep a Changelog"
        );
        assert_eq!(
            changelog_style("# Changelog\n\n## [2.1.0](https://github.com/o/r/compare/v2.0.0...v2.1.0) (2024-03-01)\n\n### Features\n\n* x\n"),
            "conventional-changelog"
        );
        assert_eq!(
            changelog_style("## <small>4.2.1 (2024-02-02)</small>\n\n* fix: y\n"),
            "conventional-changelog"
        );
        assert_eq!(
            changelog_style("## v4.13.9 (2026-02-25)\n\n### Fix\n\n- **config**: x (#1879)\n"),
            "commitizen"
        );
        assert_eq!(
            changelog_style("# News\n\n## v3 (2020)\n\n- stuff\n"),
            "its own headings"
        );
    }

    #[test]
    fn a_changelog_in_another_format_is_found_but_not_a_markdown_one() {
        let files = list(&["README.md", "CHANGELOG.rst", "src/history.txt"]);
        assert_eq!(
            foreign_changelog(&files),
            Some(("CHANGELOG.rst".to_string(), "reStructuredText"))
        );
        assert_eq!(
            foreign_changelog(&list(&["docs/HISTORY", "CHANGES.md"])),
            Some(("docs/HISTORY".to_string(), "plain text"))
        );
        assert_eq!(
            foreign_changelog(&list(&["CHANGELOG.md", "news.json"])),
            None
        );
    }

    #[test]
    fn packaging_files_holding_the_version_become_patterns() {
        let files = list(&[
            "snapcraft.yaml",
            "packaging/rpm/tool.spec",
            "default.nix",
            "nix/deps.nix",
            "CITATION.cff",
            "README.md",
        ]);
        let read = |path: &str| -> Option<String> {
            Some(match path {
                "snapcraft.yaml" => "name: tool\nversion: \"2026.8.9\"\nparts:\n  lib:\n    version: \"2026.8.9\"\n".into(),
                "packaging/rpm/tool.spec" => "Name: tool\nVersion: 2026.8.9\nRelease: 1\n".into(),
                "default.nix" => "{ pkgs }:\npkgs.rustPlatform.buildRustPackage {\n  pname = \"tool\";\n  version = \"2026.8.9\";\n}\n".into(),
                // A dependency at another version, and one that happens to share it.
                "nix/deps.nix" => "  version = \"1.0.0\";\n  dep = { version = \"2026.8.9\"; };\n".into(),
                "CITATION.cff" => "cff-version: 1.2.0\nversion: 2026.8.9\n".into(),
                _ => "tool 2026.8.9\n".into(),
            })
        };
        let found: Vec<(String, String, usize)> =
            packaging_version_lines(&files, &read, "2026.8.9")
                .into_iter()
                .map(|d| (d.path, pattern_text(d.pattern), d.count))
                .collect();
        let row = |p: &str, l: &str, n: usize| (p.to_string(), l.to_string(), n);
        assert_eq!(
            found,
            [
                // Not the part's own, indented `version:`; not `cff-version:`.
                row(
                    "snapcraft.yaml",
                    r#"(?m)^version: "(?P<version>\d+\.\d+\.\d+[0-9A-Za-z.+-]*)"#,
                    1
                ),
                row(
                    "packaging/rpm/tool.spec",
                    r"(?m)^Version: (?P<version>\d+\.\d+\.\d+[0-9A-Za-z.+-]*)",
                    1
                ),
                row(
                    "default.nix",
                    r#"(?m)^  version = "(?P<version>\d+\.\d+\.\d+[0-9A-Za-z.+-]*)"#,
                    1
                ),
                row(
                    "CITATION.cff",
                    r"(?m)^version: (?P<version>\d+\.\d+\.\d+[0-9A-Za-z.+-]*)",
                    1
                ),
            ]
        );
    }

    #[test]
    fn release_tools_version_files_become_patterns() {
        let read = |path: &str| -> Option<String> {
            match path {
                "pyproject.toml" => Some("[tool.commitizen]\nversion_files = [\n  \"pkg/__version__.py\",\n  \".pre-commit-config.yaml:rev:.+Commitizen\",\n  \"docs/install.txt\",\n]\n[tool.semantic_release]\nversion_variables = [\"requirements.txt:tool:nf\", \"docs/old.txt:tool\", \"docs/ci.rst:acme/tool@COMMIT  #:tf\"]\n".into()),
                ".pre-commit-config.yaml" => Some("repos:\n  - repo: x\n    rev: v4.16.0  # automatically updated by Commitizen\n  - repo: y\n    rev: v4.16.0\n".into()),
                "docs/install.txt" => Some("pip install pkg==4.16.0\npip install other==14.16.0\n".into()),
                // `tool == {version}` would move the old pin too: no pattern.
                "docs/old.txt" => Some("tool == 4.16.0\ntool == 3.0.0\n".into()),
                "requirements.txt" => Some("other == 4.16.0\ntool == 4.16.0\n".into()),
                "docs/ci.rst" => Some("   uses: acme/tool@COMMIT  # v4.16.0\n   uses: acme/other@COMMIT  # v4.16.0\n   uses: acme/tool@COMMIT  # v4.16.0\n".into()),
                _ => None,
            }
        };
        let found: Vec<(String, String, usize)> = declared_version_lines(&read, "4.16.0")
            .into_iter()
            .map(|d| (d.path, pattern_text(d.pattern), d.count))
            .collect();
        let row = |p: &str, l: &str, n: usize| (p.to_string(), l.to_string(), n);
        assert_eq!(
            found,
            [
                row(
                    ".pre-commit-config.yaml",
                    "rev: v{version}  # automatically updated by Commitizen",
                    1
                ),
                row("docs/install.txt", "pip install pkg=={version}", 1),
                row("requirements.txt", "tool == {version}", 1),
                row("docs/ci.rst", "uses: acme/tool@COMMIT  # v{version}", 2),
            ]
        );
    }

    #[test]
    fn version_locations_hold_the_current_version() {
        let files = list(&[
            "Cargo.toml",
            "src/acme/__init__.py",
            "src/acme/tests/__init__.py",
            "tests/fixtures/pkg/__init__.py",
            "src/other/__init__.py",
        ]);
        let read = |path: &str| -> Option<String> {
            let version = if path == "src/other/__init__.py" {
                "0.1.0"
            } else {
                "1.4.0"
            };
            Some(format!("__version__ = \"{version}\"\n"))
        };
        let found = version_locations(&files, &read, "1.4.0", true);
        // Cargo.toml is read anyway; tests and fixtures are not the project's version.
        assert_eq!(found, list(&["src/acme/__init__.py"]));
        // A virtual workspace: the root holds no version, its members do.
        let files = list(&[
            "Cargo.toml",
            "cli/Cargo.toml",
            "core/Cargo.toml",
            "tests/x/Cargo.toml",
        ]);
        let read = |path: &str| -> Option<String> {
            (path != "Cargo.toml")
                .then(|| "[package]\nname = \"x\"\nversion = \"1.4.0\"\n".to_string())
        };
        let found = version_locations(&files, &read, "1.4.0", false);
        assert_eq!(found, list(&["cli/Cargo.toml", "core/Cargo.toml"]));
    }
}
