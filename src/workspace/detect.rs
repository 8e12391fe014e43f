//! The packages of a monorepo, found without configuration: the members a root manifest
//! declares (Cargo `[workspace] members`/`exclude`, npm/yarn `workspaces`,
//! `pnpm-workspace.yaml`, uv `[tool.uv.workspace]`) that hold a version of their own, and
//! how each one's tags are named, read from the tags that exist.

use std::path::Path;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::formats::{self, Members};
use crate::paths::{RepoPath, Root};
use crate::settings::TagTemplate;

/// A member found in a workspace declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    pub(crate) name: String,
    /// Root-relative, normalised.
    pub(crate) path: String,
    /// The manifest's file name (`Cargo.toml`, `package.json`, `pyproject.toml`).
    pub(crate) manifest: &'static str,
    /// Whether its manifest says it is never published (npm `private`, Cargo `publish = false`).
    pub(crate) unpublished: bool,
    /// The version its manifest holds (empty: none of its own).
    pub(crate) version: String,
}

/// The member globs every root manifest declares, with the manifest file name they apply to.
pub(crate) fn declarations(root: &Root) -> Vec<(&'static str, Members)> {
    let mut out = Vec::new();
    for name in ["Cargo.toml", "package.json", "pyproject.toml"] {
        let Some(format) = formats::for_path(Path::new(name)) else {
            continue;
        };
        let Some(text) = read(root, name) else {
            continue;
        };
        if let Some(members) = format.members(&text) {
            if !members.include.is_empty() {
                out.push((name, members));
            }
        }
    }
    if let Some(text) = read(root, "pnpm-workspace.yaml") {
        let members = pnpm_packages(&text);
        if !members.include.is_empty() {
            out.push(("package.json", members));
        }
    }
    out
}

/// A file of the work tree as text, confined and capped like every read of repository
/// content (a manifest linked to /dev/zero or out of the tree is not read); None when it
/// is absent or cannot be read.
pub(super) fn read(root: &Root, path: &str) -> Option<String> {
    let file = RepoPath::resolve(root, path).ok()?;
    if !file.exists {
        return None;
    }
    let bytes = crate::paths::read(&file.full, path).ok()?;
    String::from_utf8(bytes).ok()
}

/// The `packages:` list of a pnpm-workspace.yaml (a block list of strings, quoted or not;
/// `!` excludes). Only that key is read.
pub(crate) fn pnpm_packages(text: &str) -> Members {
    let mut members = Members::default();
    let mut inside = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t', '-']) {
            inside = trimmed.strip_suffix(':').map(str::trim) == Some("packages")
                || trimmed.starts_with("packages:");
            // `packages: ['a/*', 'b']`, the flow form.
            if let Some(flow) = trimmed
                .strip_prefix("packages:")
                .map(str::trim)
                .and_then(|f| f.strip_prefix('['))
                .and_then(|f| f.strip_suffix(']'))
            {
                for item in flow.split(',') {
                    push(&mut members, item);
                }
                inside = false;
            }
            continue;
        }
        if inside {
            if let Some(item) = trimmed.strip_prefix('-') {
                push(&mut members, item);
            }
        }
    }
    members
}

fn push(members: &mut Members, item: &str) {
    let item = item.split(" #").next().unwrap_or("").trim();
    let item = item.trim_matches(|c| c == '"' || c == '\'').trim();
    if item.is_empty() {
        return;
    }
    match item.strip_prefix('!') {
        Some(excluded) => members.exclude.push(excluded.to_string()),
        None => members.include.push(item.to_string()),
    }
}

fn glob_set(globs: &[String]) -> GlobSet {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let glob = crate::paths::normalize(glob);
        if let Ok(g) = GlobBuilder::new(&glob).literal_separator(true).build() {
            builder.add(g);
        }
    }
    builder.build().unwrap_or_else(|_| GlobSet::empty())
}

/// The members of the declarations, among `files` (every tracked file, root-relative), that
/// name themselves and hold a version of their own (a member inheriting the workspace's
/// version is released with the root), sorted by path.
pub(crate) fn members(
    root: &Root,
    declarations: &[(&'static str, Members)],
    files: &[String],
) -> Vec<Member> {
    let mut out: Vec<Member> = Vec::new();
    for (manifest, declared) in declarations {
        let include = glob_set(&declared.include);
        let exclude = glob_set(&declared.exclude);
        let Some(format) = formats::for_path(Path::new(manifest)) else {
            continue;
        };
        for file in files {
            let Some(dir) = file
                .strip_suffix(manifest)
                .and_then(|d| d.strip_suffix('/'))
            else {
                continue;
            };
            if dir.is_empty()
                || !include.is_match(dir)
                || exclude.is_match(dir)
                || dir.split('/').any(|s| s == "node_modules")
                || out.iter().any(|m| m.path == dir)
            {
                continue;
            }
            let Some(text) = read(root, file) else {
                continue;
            };
            let Ok(Some(name)) = format.package_name(&text) else {
                continue;
            };
            // A member whose version is the workspace's has none of its own (empty): it is
            // released with the root, but its manifest still requires the others.
            let version = format
                .find(&text)
                .ok()
                .and_then(|fields| fields.first().map(|f| f.text.clone()))
                .filter(|_| !format.inherits_version(&text))
                .unwrap_or_default();
            out.push(Member {
                name,
                path: dir.to_string(),
                manifest,
                unpublished: format.unpublished(&text),
                version,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

/// Whether the file at `path` (root-relative) says its package is never published.
pub(crate) fn unpublished(root: &Root, path: &str) -> bool {
    let Some(format) = formats::for_path(Path::new(path)) else {
        return false;
    };
    read(root, path).is_some_and(|text| format.unpublished(&text))
}

/// The tag scheme package `name`'s existing tags use (`{name}@{version}`,
/// `{name}-v{version}`, `{name}-{version}`, `{name}/v{version}`, …), if any tag has one: the
/// most used.
pub(crate) fn tag_scheme(name: &str, tags: &[String]) -> Option<TagTemplate> {
    tag_scheme_with(name, tags, true)
}

/// The name of a scoped npm package without its scope (`@vitejs/plugin-legacy` →
/// `plugin-legacy`), or the name itself.
pub(crate) fn bare_name(name: &str) -> &str {
    name.strip_prefix('@')
        .and_then(|n| n.split_once('/'))
        .map_or(name, |(_, n)| n)
}

/// [`tag_scheme`], with the scope-less tags of a scoped name read only when `bare_ok` (no
/// other package of the workspace has that bare name: `@acme/ui` and `@beta/ui` cannot both
/// be tagged `ui@…`).
pub(crate) fn tag_scheme_with(name: &str, tags: &[String], bare_ok: bool) -> Option<TagTemplate> {
    const SHAPES: [&str; 6] = ["@", "-v", "-", "/v", "/", "_v"];
    // A scoped npm name (`@vitejs/plugin-legacy`) may be tagged without its scope
    // (`plugin-legacy@8.2.3`).
    let bare = name
        .strip_prefix('@')
        .and_then(|n| n.split_once('/'))
        .map(|(_, n)| n)
        .filter(|_| bare_ok);
    let mut best: Option<(usize, String)> = None;
    for (stem, template) in [(Some(name), "{name}".to_string())]
        .into_iter()
        .chain(bare.map(|b| (Some(b), b.to_string())))
    {
        let Some(stem) = stem else { continue };
        for shape in SHAPES {
            let prefix = format!("{stem}{shape}");
            let count = tags
                .iter()
                .filter_map(|t| t.strip_prefix(&prefix))
                .filter(|rest| semver::Version::parse(rest).is_ok())
                .count();
            if count > 0 && best.as_ref().is_none_or(|(c, _)| count > *c) {
                best = Some((count, format!("{template}{shape}")));
            }
        }
    }
    best.map(|(_, prefix)| TagTemplate::from_prefix(&prefix))
}

/// The tag scheme a new package of this ecosystem gets: `{name}@{version}` for npm (as
/// changesets and lerna tag), `{name}-v{version}` otherwise (as release-plz and cargo-release
/// tag).
pub(crate) fn default_scheme(manifest: &str) -> TagTemplate {
    match manifest {
        "package.json" => TagTemplate::from_prefix("{name}@"),
        _ => TagTemplate::from_prefix("{name}-v"),
    }
}

/// Whether a member's folder (root-relative) lies in a folder of tests, fixtures, examples
/// or a playground: what a workspace holds to try its packages, not to publish.
pub(crate) fn in_fixture_folder(path: &str) -> bool {
    const FOLDERS: &[&str] = &[
        "playground",
        "playgrounds",
        "fixture",
        "fixtures",
        "__fixtures__",
        "test",
        "tests",
        "__tests__",
        "e2e",
        "example",
        "examples",
        "demo",
        "demos",
        "sandbox",
    ];
    path.split('/')
        .any(|part| FOLDERS.contains(&part.to_ascii_lowercase().as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pnpm_workspace_lists_are_read_in_both_forms() {
        let text = "# the workspace\npackages:\n  - 'packages/*'\n  - \"apps/**\"  # apps\n  - '!**/test/**'\ncatalog:\n  react: ^18\n";
        let m = pnpm_packages(text);
        assert_eq!(m.include, ["packages/*", "apps/**"]);
        assert_eq!(m.exclude, ["**/test/**"]);
        let m = pnpm_packages("packages: ['a/*', b]\n");
        assert_eq!(m.include, ["a/*", "b"]);
        assert!(pnpm_packages("catalog:\n  - x\n").include.is_empty());
    }

    #[test]
    fn tag_schemes_are_read_from_the_tags_that_exist() {
        let tags: Vec<String> = [
            "api@1.0.0",
            "api@1.1.0",
            "api-v0.9.0",
            "core-v2.0.0",
            "v3.0.0",
            "api@next",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        assert_eq!(
            tag_scheme("api", &tags).map(|t| t.as_text()),
            Some("{name}@{version}".to_string())
        );
        assert_eq!(
            tag_scheme("core", &tags).map(|t| t.as_text()),
            Some("{name}-v{version}".to_string())
        );
        assert_eq!(tag_scheme("cli", &tags), None);
        // A scoped name tagged without its scope.
        let tags = vec!["plugin-legacy@8.2.3".to_string()];
        assert_eq!(
            tag_scheme("@vitejs/plugin-legacy", &tags).map(|t| t.prefix("@vitejs/plugin-legacy")),
            Some("plugin-legacy@".to_string())
        );
        // A scoped npm name.
        let tags = vec!["@acme/ui@2.1.0".to_string()];
        assert_eq!(
            tag_scheme("@acme/ui", &tags).map(|t| t.prefix("@acme/ui")),
            Some("@acme/ui@".to_string())
        );
    }

    #[test]
    fn members_hold_a_name_and_a_version_of_their_own_or_the_workspaces() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str, text: &str| {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, text).unwrap();
        };
        write(
            "Cargo.toml",
            "[workspace]\nmembers = [\"crates/*\"]\nexclude = [\"crates/skip\"]\n",
        );
        write(
            "crates/api/Cargo.toml",
            "[package]\nname = \"api\"\nversion = \"1.2.0\"\n",
        );
        write(
            "crates/core/Cargo.toml",
            "[package]\nname = \"core\"\nversion.workspace = true\n",
        );
        write(
            "crates/skip/Cargo.toml",
            "[package]\nname = \"skip\"\nversion = \"0.1.0\"\n",
        );
        write(
            "crates/api/nested/Cargo.toml",
            "[package]\nname = \"deep\"\nversion = \"0.1.0\"\n",
        );
        let files: Vec<String> = [
            "Cargo.toml",
            "crates/api/Cargo.toml",
            "crates/core/Cargo.toml",
            "crates/skip/Cargo.toml",
            "crates/api/nested/Cargo.toml",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        let root = Root::new(root, &[]);
        let found = members(&root, &declarations(&root), &files);
        // core inherits the workspace's version: a member with none of its own.
        assert_eq!(
            found,
            [
                Member {
                    name: "api".into(),
                    path: "crates/api".into(),
                    manifest: "Cargo.toml",
                    unpublished: false,
                    version: "1.2.0".into(),
                },
                Member {
                    name: "core".into(),
                    path: "crates/core".into(),
                    manifest: "Cargo.toml",
                    unpublished: false,
                    version: String::new(),
                }
            ]
        );
    }

    #[test]
    fn fixture_folders_are_recognised_by_a_whole_component() {
        assert!(in_fixture_folder("playground/optimize-deps/dep"));
        assert!(in_fixture_folder("packages/x/__fixtures__/a"));
        assert!(in_fixture_folder("Examples/demo"));
        assert!(!in_fixture_folder("packages/testing-library"));
        assert!(!in_fixture_folder("crates/core"));
    }
}
