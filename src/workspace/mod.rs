//! The workspace relman works on: the repository's root (or, for commands that allow it, a
//! plain folder), the repository, the settings of release.toml, and its packages. It is
//! opened once per command and handed down; everything it knows lives here, not in
//! process-wide state. A single-package repository is a workspace with one package.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};

mod package;

pub(crate) use package::{check_agreement, read_text, Package, Source, VersionFile};

use crate::git::Repo;
use crate::paths::Root;
use crate::settings::{self, Settings};

/// A repository (or a plain folder) with its settings and packages.
#[derive(Debug)]
pub(crate) struct Workspace {
    pub(crate) root: PathBuf,
    pub(crate) settings: Settings,
    pub(crate) repo: Option<Repo>,
    /// The work tree every path relman reads or writes must stay in.
    pub(crate) fs_root: Root,
    package: Package,
    /// Files as they will be (root-relative path → content), read instead of the disk:
    /// how `relman release` lints the result of a cut before writing a byte.
    overrides: HashMap<String, String>,
}

impl Workspace {
    /// Open the workspace that `dir` is in: the repository's root, or `dir` itself outside
    /// git. The settings are loaded and checked here, rule ids against `rules`.
    pub(crate) fn open(dir: &Path, config: Option<&Path>, rules: &[&str]) -> Result<Workspace> {
        if !dir.is_dir() {
            bail!("{}: no such directory; check the -C path", dir.display());
        }
        let repo = Repo::discover(dir)?;
        let root = repo
            .as_ref()
            .map_or_else(|| dir.to_path_buf(), |r| r.root().to_path_buf());
        let settings = settings::load(&root, config, rules)?;
        let git_dirs: Vec<&Path> = repo
            .as_ref()
            .map(|r| vec![r.git_dir(), r.common_dir()])
            .unwrap_or_default();
        let fs_root = Root::new(&root, &git_dirs);
        let package = Package::root(&settings);
        Ok(Workspace {
            root,
            settings,
            repo,
            fs_root,
            package,
            overrides: HashMap::new(),
        })
    }

    /// The repository, or an error saying relman needs one here.
    pub(crate) fn repo(&self) -> Result<&Repo> {
        self.repo.as_ref().ok_or_else(|| {
            anyhow!(
                "{}: not a git repository (or any parent of it); run relman inside a git repository, or pass -C DIR",
                self.root.display()
            )
        })
    }

    /// Read `files` (root-relative path → content) instead of the disk from now on, in
    /// place of any earlier overlay (an empty map ends it).
    pub(crate) fn overlay(&mut self, files: HashMap<String, String>) {
        self.overrides = files;
    }

    /// The files read from memory instead of the disk.
    pub(crate) fn overrides(&self) -> &HashMap<String, String> {
        &self.overrides
    }

    /// The package released from this workspace (today the one at the root).
    pub(crate) fn package(&self) -> &Package {
        &self.package
    }
}
