//! Requirements between the packages of a monorepo: when a package is released, the
//! manifests that depend on it (released or not) move their requirement to the new version,
//! so that the workspace still builds (a Cargo path dependency whose `version` no longer
//! admits the crate at that path is an error).

use std::path::Path;

use anyhow::Result;
use semver::Version;

use super::Workspace;
use crate::formats;
use crate::paths::RepoPath;

/// The version edits planned for one file, from every package released (a workspace's
/// Cargo.lock holds several members' versions; a manifest may hold its own version and a
/// requirement on another package).
#[derive(Debug)]
pub(crate) struct FileEdits {
    /// Root-relative, the file really written.
    pub(crate) real: String,
    /// As configured or found (what messages show).
    pub(crate) shown: String,
    /// What it is, for messages ("the version file Cargo.toml").
    pub(crate) what: String,
    pub(crate) old: String,
    pub(crate) edits: Vec<(std::ops::Range<usize>, String)>,
}

/// Add edits to the file `real`, read as `old`.
pub(crate) fn edit_file(
    all: &mut Vec<FileEdits>,
    (real, shown): (&str, &str),
    what: String,
    old: &str,
    edits: impl IntoIterator<Item = (std::ops::Range<usize>, String)>,
) {
    let at = if let Some(at) = all.iter().position(|f| f.real == real) {
        at
    } else {
        all.push(FileEdits {
            real: real.to_string(),
            shown: shown.to_string(),
            what,
            old: old.to_string(),
            edits: Vec::new(),
        });
        all.len() - 1
    };
    all[at].edits.extend(edits);
}

/// The requirements on the released packages in every manifest of the workspace move to
/// their new versions (`core = { path = "../core", version = "0.4.1" }`, `"@acme/core":
/// "^0.4.1"`), keeping their operators. `workspace:` protocols, ranges and npm peer
/// dependencies stay as written, with a warning when they do not admit the new version (or
/// relman cannot tell).
pub(crate) fn requirements(
    project: &Workspace,
    released: &[(String, Version)],
    versions: &mut Vec<FileEdits>,
    warnings: &mut Vec<String>,
) -> Result<()> {
    for manifest in project.manifests() {
        let Some(format) = formats::for_path(Path::new(manifest)) else {
            continue;
        };
        let file = RepoPath::resolve(&project.fs_root, manifest)?;
        if !file.exists {
            continue;
        }
        let text = crate::workspace::read_text(&file.full, Path::new(&file.shown))?;
        for (name, version) in released {
            // A protocol relman leaves as written must still admit the release.
            for field in format.protocol_requirements(&text, name) {
                if formats::admits(&field.text, version) == Some(false) {
                    warnings.push(format!(
                        "{}:{}:{}: {} is workspace:{}, which does not admit {name} {version}; the package manager will refuse it: widen it by hand",
                        file.shown, field.line, field.column, field.location, field.text
                    ));
                }
            }
            for field in format.dependents(&text, name) {
                // A peer dependency is the range of hosts the package works with: raising
                // its floor would make users upgrade. It moves only by hand, when the new
                // version falls out of it.
                // In package.json, or in the copy package-lock.json keeps of it (which
                // follows the manifest: said once, for the manifest).
                let peer = field.location.contains("\"peerDependencies\"");
                if peer && field.location.starts_with("packages[") {
                    continue;
                }
                let moved = if peer {
                    None
                } else {
                    formats::moved_requirement(&field.text, version)
                };
                match moved {
                    Some(new) if new != field.text => edit_file(
                        versions,
                        (&file.real, &file.shown),
                        format!("the manifest {}", file.shown),
                        &text,
                        [(field.span.clone(), new)],
                    ),
                    Some(_) => {}
                    // A range is left as written; said when it leaves the release out, or
                    // relman cannot tell.
                    None => match formats::admits(&field.text, version) {
                        Some(true) => {}
                        Some(false) => warnings.push(format!(
                            "{}:{}:{}: {} is {:?}, which does not admit {name} {}; widen it by hand",
                            file.shown, field.line, field.column, field.location, field.text, version
                        )),
                        None => warnings.push(format!(
                            "{}:{}:{}: {} is {:?}, left as written; check that it admits {name} {}",
                            file.shown, field.line, field.column, field.location, field.text, version
                        )),
                    },
                }
            }
        }
    }
    Ok(())
}

/// Outside a monorepo, the other `package.json` files of the repository that require the
/// package itself at exactly its released version (gaxios' `samples/package.json` holds
/// `"gaxios": "^7.1.1"`): they move to the new version with their operator, as
/// release-please moves them. A requirement naming another version stays as written.
pub(crate) fn own_dependents(
    project: &Workspace,
    (old, new): (&Version, &Version),
    versions: &mut Vec<FileEdits>,
) -> Result<()> {
    const MANIFEST: &str = "package.json";
    if !project.packages().is_empty() {
        return Ok(());
    }
    let Some(format) = formats::for_path(Path::new(MANIFEST)) else {
        return Ok(());
    };
    let Some(own) = super::detect::read(&project.fs_root, MANIFEST)
        .and_then(|text| format.package_name(&text).ok().flatten())
    else {
        return Ok(());
    };
    let files = project.repo()?.files(false)?;
    let old_text = old.to_string();
    for path in files.iter().filter(|f| {
        f.rsplit('/').next() == Some(MANIFEST)
            && f.contains('/')
            && !super::conventions::set_aside(f)
    }) {
        let Some(text) = super::detect::read(&project.fs_root, path) else {
            continue;
        };
        let fields: Vec<_> = format
            .dependents(&text, &own)
            .into_iter()
            .filter(|f| {
                !f.location.contains("\"peerDependencies\"")
                    && f.text.trim().trim_start_matches(['^', '~', '=']) == old_text
            })
            .collect();
        if fields.is_empty() {
            continue;
        }
        let file = RepoPath::resolve(&project.fs_root, path)?;
        let edits: Vec<_> = fields
            .iter()
            .filter_map(|f| Some((f.span.clone(), formats::moved_requirement(&f.text, new)?)))
            .collect();
        edit_file(
            versions,
            (&file.real, &file.shown),
            format!("the manifest {}", file.shown),
            &text,
            edits,
        );
    }
    Ok(())
}

/// The lock files relman does not edit, with the command that brings each up to date.
const UNEDITED_LOCKS: &[(&str, &str)] = &[
    ("pnpm-lock.yaml", "pnpm install --lockfile-only"),
    ("yarn.lock", "yarn install"),
    ("bun.lock", "bun install"),
    ("bun.lockb", "bun install"),
];

/// A warning for each lock file at the root that relman leaves as it is, though it may
/// record the versions or requirements a release moves: named, never silently stale.
/// These lock files are JavaScript's: only a release that edits a `package.json` can leave
/// them stale (a Rust crate's release in a repository with a docs site's `bun.lock` does not).
pub(crate) fn unedited_locks(project: &Workspace, edited: &[FileEdits]) -> Vec<String> {
    let javascript = edited
        .iter()
        .any(|f| f.real.rsplit('/').next() == Some("package.json"));
    if !javascript {
        return Vec::new();
    }
    UNEDITED_LOCKS
        .iter()
        .filter(|(name, _)| {
            RepoPath::resolve(&project.fs_root, name).is_ok_and(|file| file.exists)
        })
        .map(|(name, command)| {
            format!(
                "{name} is not edited by relman and may record the versions or requirements this release moves; run `{command}` after it and commit the result if it changed"
            )
        })
        .collect()
}

/// Refuse two different versions for one place of one file: two packages whose version
/// files are the same file (declared twice, or one inside the other's folder) would leave
/// it holding whichever came last, whatever its tag says.
pub(crate) fn check_conflicts(files: &[FileEdits]) -> Result<()> {
    for file in files {
        for (i, (span, text)) in file.edits.iter().enumerate() {
            if let Some((_, other)) = file.edits[i + 1..]
                .iter()
                .find(|(s, t)| s == span && t != text)
            {
                let (line, column) = crate::textpos::line_col(&file.old, span.start);
                anyhow::bail!(
                    "{}:{line}:{column}: two packages released together would write {text} and {other} here; give each package its own version files (`files` under [[packages]]), nothing was written",
                    file.shown
                );
            }
        }
    }
    Ok(())
}

/// The names other manifests require `package` by when it releases `version`: its own, the
/// names of the manifests among its version files, and, when its version is the workspace's (`[workspace.package] version`), those of the
/// members that inherit it (`version.workspace = true`), which move with it.
pub(crate) fn moved_names(
    project: &Workspace,
    package: &super::Package,
    files: &[super::VersionFile],
    version: &Version,
) -> Vec<(String, Version)> {
    let mut out: Vec<(String, Version)> = package
        .manifest_name(project)
        .map(|n| (n, version.clone()))
        .into_iter()
        .collect();
    // The members' manifests named as version files of a workspace released in lockstep
    // (git-cliff's `git-cliff-core/Cargo.toml`): each is required by its own name.
    for f in files {
        let name = formats::for_path(&f.path)
            .filter(|format| format.lock_file().is_some())
            .and_then(|format| format.package_name(&f.text).ok().flatten());
        if let Some(name) = name {
            if !out.iter().any(|(n, _)| *n == name) {
                out.push((name, version.clone()));
            }
        }
    }
    let workspace_version = files.iter().any(|f| {
        f.fields
            .iter()
            .any(|v| v.location.starts_with("[workspace"))
    });
    if workspace_version {
        for manifest in project.manifests() {
            let Some(format) = formats::for_path(Path::new(manifest)) else {
                continue;
            };
            let Some(text) = super::detect::read(&project.fs_root, manifest) else {
                continue;
            };
            if format.inherits_version(&text) {
                if let Ok(Some(name)) = format.package_name(&text) {
                    if !out.iter().any(|(n, _)| *n == name) {
                        out.push((name, version.clone()));
                    }
                }
            }
        }
    }
    out
}
