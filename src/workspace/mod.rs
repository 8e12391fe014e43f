//! The workspace relman works on: the repository's root (or, for commands that allow it, a
//! plain folder), the repository, the settings of release.toml, and its packages. It is
//! opened once per command and handed down; everything it knows lives here, not in
//! process-wide state. A single-package repository is a workspace with one package.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};

pub(crate) mod conventions;
mod detect;
mod package;
mod requirements;

pub(crate) use package::{check_agreement, read_text, Package, Source, VersionFile};
pub(crate) use requirements::{
    check_conflicts, edit_file, moved_names, own_dependents, requirements, unedited_locks,
    FileEdits,
};

use crate::git::{Repo, TagPrefix};
use crate::ownership::Owners;
use crate::paths::Root;
use crate::settings::{self, Settings, TagTemplate};

/// A repository (or a plain folder) with its settings and packages.
#[derive(Debug)]
pub(crate) struct Workspace {
    pub(crate) root: PathBuf,
    pub(crate) settings: Settings,
    pub(crate) repo: Option<Repo>,
    /// The work tree every path relman reads or writes must stay in.
    pub(crate) fs_root: Root,
    package: Package,
    /// The packages of a monorepo (empty: the repository is one package, `package`).
    packages: Vec<Package>,
    /// The package the command works on (`--package`), an index into `packages`.
    selected: Option<usize>,
    /// Which package owns which folder, in a monorepo.
    owners: Option<Owners>,
    /// Every manifest of the workspace, root-relative: the root's and every member's,
    /// released or not (where a release updates the requirements on a released package).
    manifests: Vec<String>,
    /// `[[groups]]`: the packages (indexes into `packages`) released together.
    groups: Vec<Vec<usize>>,
    /// The packages each commit changes, by commit id, as computed so far, when several
    /// packages are looked at (`next` for all): the commits of one package's range are
    /// mostly those of the others', compared once.
    touched: RefCell<HashMap<git2::Oid, Box<[bool]>>>,
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
        let mut ws = Workspace {
            root,
            settings,
            repo,
            fs_root,
            package,
            packages: Vec::new(),
            selected: None,
            owners: None,
            manifests: Vec::new(),
            groups: Vec::new(),
            touched: RefCell::new(HashMap::new()),
            overrides: HashMap::new(),
        };
        ws.find_packages()?;
        Ok(ws)
    }

    /// The packages of a monorepo: those `[[packages]]` declares, and the members the root
    /// manifests declare that hold a version of their own. The repository is one package
    /// (as without members) unless packages are declared, or the members are released on
    /// their own: some have tags of their own, or neither the root has a version nor the
    /// repository a release tag (a new monorepo).
    fn find_packages(&mut self) -> Result<()> {
        let declarations = detect::declarations(&self.fs_root);
        let declared = self.settings.packages.clone();
        if declarations.is_empty() && declared.is_empty() {
            return self.check_groups();
        }
        let Some(repo) = &self.repo else {
            return Ok(());
        };
        let files = repo.files(false)?;
        let tags = repo.tag_names()?;
        let declared_here = |m: &detect::Member| {
            declared
                .iter()
                .any(|d| d.name == m.name || d.path.as_deref() == Some(&m.path))
        };
        // A member never published (npm `private`, Cargo `publish = false`) is a test
        // fixture, an example or an app: left out unless it has tags or is declared.
        let all_members = detect::members(&self.fs_root, &declarations, &files);
        // Scope-less tags belong to a scoped member only when no other member shares its
        // scope-less name.
        let bare_names: Vec<String> = all_members
            .iter()
            .map(|m| detect::bare_name(&m.name).to_string())
            .collect();
        let bare_ok = |name: &str| {
            bare_names
                .iter()
                .filter(|b| b.as_str() == detect::bare_name(name))
                .count()
                <= 1
        };
        let scheme_of = |name: &str| detect::tag_scheme_with(name, &tags, bare_ok(name));
        // The root's manifests and lock files (npm's records each member's requirements),
        // then every member's manifest.
        let locks = declarations.iter().filter_map(|(manifest, _)| {
            crate::formats::for_path(std::path::Path::new(manifest))?.lock_file()
        });
        let manifests: Vec<String> = declarations
            .iter()
            .map(|(manifest, _)| *manifest)
            .chain(locks)
            .map(str::to_string)
            .chain(all_members.iter().map(|m| join(&m.path, m.manifest)))
            .fold(Vec::new(), |mut seen, m| {
                if !seen.contains(&m) {
                    seen.push(m);
                }
                seen
            });
        // Known even when the repository stays one package: a workspace released in
        // lockstep still moves its members' requirements on each other.
        self.manifests.clone_from(&manifests);
        let detected: Vec<detect::Member> = all_members
            .into_iter()
            // A member with no version of its own is released with the workspace's.
            .filter(|m| !m.version.is_empty() || declared_here(m))
            .filter(|m| {
                // 0.0.0 is a placeholder: a fixture never released; so is a member in a
                // folder of tests, fixtures, examples or a playground with no tag.
                !(m.unpublished || m.version == "0.0.0" || detect::in_fixture_folder(&m.path))
                    || declared_here(m)
                    || scheme_of(&m.name).is_some()
            })
            .collect();
        let own_tags = detected.iter().any(|m| scheme_of(&m.name).is_some());
        let root_tags_all = repo.release_tags(&self.settings.version.tag_prefix)?;
        let root_release = match repo.head() {
            Ok(head) => repo.latest_tag(&root_tags_all, &head, false)?,
            Err(_) => None,
        };
        let root_tags = !root_tags_all.is_empty();
        // The root is a package of its own when it holds a version and is published (a
        // private root package.json holds the workspace's tooling, not a release).
        let root_version = match self.package.current_version(self) {
            Ok((_, Source::File(path))) => {
                !detect::unpublished(&self.fs_root, &path.to_string_lossy())
            }
            _ => false,
        };
        if declared.is_empty()
            && (detected.is_empty() || !(own_tags || (!root_tags && !root_version)))
        {
            return self.check_groups();
        }
        let mut packages: Vec<Package> = Vec::new();
        let root_declared = declared.iter().find(|d| d.path.as_deref() == Some(""));
        if root_version || root_declared.is_some() {
            let mut root = Package::root(&self.settings);
            root.given_name = Some(
                root_declared
                    .map(|d| d.name.clone())
                    .or_else(|| root.name(self))
                    .unwrap_or_else(|| "root".to_string()),
            );
            if let Some(d) = root_declared {
                apply(&mut root, d)?;
            }
            packages.push(root);
        }
        // Without a root package, the root's tags (`v1.2.3`) are the releases of the member
        // at that version that has no tags of its own (vite's `packages/vite`).
        let mut root_scheme_taken = !packages.is_empty();
        // The scheme every member with tags uses, if they agree: a member not yet released
        // is tagged as its siblings are (cocogitto's `{name}-{version}`), not by the
        // ecosystem's default.
        let siblings_scheme = {
            let mut found = detected.iter().filter_map(|m| scheme_of(&m.name));
            found
                .next()
                .filter(|first| {
                    let text = first.as_text();
                    found.all(|other| other.as_text() == text)
                })
                // Only a scheme that names its package: `ui@` (a scoped `@acme/ui` tagged
                // without its scope) is ui's alone.
                .filter(|scheme| scheme.as_text().contains("{name}"))
        };
        // The newest release tag of each member that has some: a member whose manifest is
        // in none of their trees came after them, and was never released.
        // Read only when a member has no tag of its own (most workspaces: none).
        let latest_cell = std::cell::OnceCell::new();
        let latest_tags = || -> &Vec<String> {
            latest_cell.get_or_init(|| {
                detected
                    .iter()
                    .filter_map(|m| {
                        let scheme = scheme_of(&m.name)?;
                        let prefix = prefix(&m.name, &scheme).ok()?;
                        tags.iter()
                            .filter_map(|t| {
                                let v = semver::Version::parse(t.strip_prefix(prefix.as_str())?)
                                    .ok()?;
                                Some((v, t))
                            })
                            .max_by(|a, b| a.0.cmp_precedence(&b.0))
                            .map(|(_, t)| t.clone())
                    })
                    .collect()
            })
        };
        // A member whose version is not the one its manifest held at any of those releases
        // (the manifest was added, or its version set, after them) was never released: that
        // version is its first release. One that sat through a release untagged may have been
        // published without a tag, and is bumped as usual.
        let came_after = |member: &detect::Member| {
            let manifest = join(&member.path, member.manifest);
            let format = crate::formats::for_path(std::path::Path::new(&manifest));
            let held_then = |tag: &String| {
                let Some(text) = repo.content_at(tag, &manifest) else {
                    return false;
                };
                let text = String::from_utf8_lossy(&text);
                format
                    .and_then(|f| f.find(&text).ok())
                    .is_some_and(|fields| fields.iter().any(|f| f.text == member.version))
            };
            !latest_tags().is_empty()
                && !member.version.is_empty()
                && !latest_tags().iter().any(held_then)
        };
        for member in &detected {
            let d = declared
                .iter()
                .find(|d| d.name == member.name || d.path.as_deref() == Some(&member.path));
            let name = d.map_or(&member.name, |d| &d.name);
            let own = scheme_of(&member.name);
            let mut root_tags_taken = false;
            let tags_of = match (d.and_then(|d| d.tag.clone()), own.clone()) {
                (Some(scheme), _) | (None, Some(scheme)) => {
                    TagPrefix::Exact(prefix(name, &scheme)?)
                }
                (None, None)
                    if !root_scheme_taken
                        && root_release
                            .as_ref()
                            .is_some_and(|t| t.version.to_string() == member.version) =>
                {
                    root_scheme_taken = true;
                    root_tags_taken = true;
                    self.settings.version.tag_prefix.clone()
                }
                (None, None) => TagPrefix::Exact(prefix(
                    name,
                    &siblings_scheme
                        .clone()
                        .unwrap_or_else(|| detect::default_scheme(member.manifest)),
                )?),
            };
            let path = d
                .and_then(|d| d.path.clone())
                .unwrap_or(member.path.clone());
            let mut package = Package::member(
                &self.settings,
                name,
                &path,
                tags_of,
                format!("{path}/CHANGELOG.md"),
                None,
            );
            package.first_as_is = own.is_none() && !root_tags_taken && came_after(member);
            package.manifest = Some(member.manifest);
            if let Some(d) = d {
                apply(&mut package, d)?;
                // A declared tag template that names no tag, where the detected one names
                // some: the package's releases are not where release.toml says.
                if let (Some(declared_tag), Some(found)) = (&d.tag, &own) {
                    let declared_prefix = prefix(name, declared_tag)?;
                    let found_prefix = prefix(name, found)?;
                    let named = |p: &str| {
                        tags.iter().any(|t| {
                            t.strip_prefix(p)
                                .is_some_and(|v| semver::Version::parse(v).is_ok())
                        })
                    };
                    if declared_prefix != found_prefix
                        && !named(&declared_prefix)
                        && named(&found_prefix)
                    {
                        package.note = Some(format!(
                            "release.toml gives {name:?} the tags {declared_prefix}{{version}}, but none exists; its releases are tagged {found_prefix}{{version}}: its history is counted from the start. Change `tag` under [[packages]], or tag the latest release {declared_prefix}VERSION"
                        ));
                    }
                }
            }
            packages.push(package);
        }
        for d in &declared {
            if !d.release
                || packages
                    .iter()
                    .any(|p| p.given_name.as_deref() == Some(d.name.as_str()))
            {
                continue;
            }
            let Some(path) = &d.path else {
                bail!(
                    "release.toml: [[packages]] {:?} has no path, and no package of that name was found in the workspace; add path = \"FOLDER\"",
                    d.name
                );
            };
            let scheme = d
                .tag
                .clone()
                .or_else(|| detect::tag_scheme(&d.name, &tags))
                .unwrap_or_else(|| TagTemplate::from_prefix("{name}-v"));
            let mut package = Package::member(
                &self.settings,
                &d.name,
                path,
                TagPrefix::Exact(prefix(&d.name, &scheme)?),
                format!("{path}/CHANGELOG.md"),
                None,
            );
            apply(&mut package, d)?;
            packages.push(package);
        }
        // `release = false`: a member relman found that is never released.
        packages.retain(|p| {
            !declared
                .iter()
                .any(|d| !d.release && Some(d.name.as_str()) == p.given_name.as_deref())
        });
        let mut owners = Owners::new();
        for (i, package) in packages.iter_mut().enumerate() {
            package.owner = Some(i);
            owners.package(&package.root, i);
        }
        for (package, d) in packages.iter().filter_map(|p| {
            declared
                .iter()
                .find(|d| Some(d.name.as_str()) == p.given_name.as_deref())
                .map(|d| (p, d))
        }) {
            for excluded in &d.exclude {
                owners.exclude(&join(&package.root, excluded));
            }
        }
        self.packages = packages;
        self.owners = Some(owners);
        self.manifests = manifests;
        self.check_groups()
    }

    /// Resolve `[[groups]]` against the packages found: every name must be one.
    fn check_groups(&mut self) -> Result<()> {
        let mut groups = Vec::new();
        for group in &self.settings.groups {
            let (line, column) = group.at;
            if self.packages.is_empty() {
                bail!(
                    "release.toml:{line}:{column}: [[groups]] {:?}: this repository is one package, not a monorepo; remove the group, or declare the packages with [[packages]]",
                    group.name
                );
            }
            let mut members = Vec::new();
            for name in &group.packages {
                match self.index_of(name) {
                    Ok(i) => members.push(i),
                    Err(_) => bail!(
                        "release.toml:{line}:{column}: [[groups]] {:?}: no package {name:?}; the packages are {}",
                        group.name,
                        self.package_names().join(", ")
                    ),
                }
            }
            groups.push(members);
        }
        self.groups = groups;
        Ok(())
    }

    /// The packages that release with package `index` in one group (itself included), if
    /// it is in one.
    pub(crate) fn group_of(&self, index: usize) -> Option<&[usize]> {
        self.groups
            .iter()
            .find(|g| g.contains(&index))
            .map(Vec::as_slice)
    }

    /// The packages that release, among `chosen` (indexes into `packages`), in the
    /// packages' order: those with something to release, the rest of their groups (one
    /// version for all of a group), and, with `[version] dependents = "patch"`, every
    /// package that depends on a released one (at least a patch). The chosen packages that
    /// do not release are listed too, with no reason (`why` None).
    pub(crate) fn releasing(
        &self,
        chosen: &[usize],
        choice: &crate::decide::Choice,
    ) -> Result<Vec<Releasing>> {
        if chosen.len() > 1 {
            // The packages' ranges overlap: each commit is read once for all of them.
            self.repo()?.keep_commits();
        }
        let mut out: Vec<Releasing> = Vec::new();
        // Chosen packages with nothing to release (unless a group or a dependency adds them).
        let mut idle: Vec<Releasing> = Vec::new();
        let has = |out: &[Releasing], i: usize| out.iter().any(|r| r.index == i);
        for &i in chosen {
            if has(&out, i) {
                continue;
            }
            let mut decision = self.packages[i].decide(self, choice)?;
            // `--level` over several packages bumps those with commits since their
            // release: one with none has nothing to release (named alone, it is bumped).
            if chosen.len() > 1
                && choice.level.is_some()
                && decision.entries.is_empty()
                && decision.latest.is_some()
            {
                decision = self.packages[i].decide(self, &crate::decide::Choice::default())?;
            }
            if decision.next.is_none() {
                idle.push(Releasing {
                    index: i,
                    decision,
                    why: None,
                });
                continue;
            }
            let why = self.why_grouped(i, &decision)?;
            out.push(Releasing {
                index: i,
                decision,
                why: Some(why),
            });
            self.add_group(i, choice, &mut out)?;
        }
        if self.settings.dependents_patch {
            let patch = crate::decide::Choice {
                level: Some(choice.level.unwrap_or(crate::version::Bump::Patch)),
                pre: choice.pre.clone(),
                date: choice.date.clone(),
            };
            loop {
                let released: Vec<(String, String)> = out
                    .iter()
                    .filter_map(|r| {
                        let p = &self.packages[r.index];
                        Some((p.manifest_name(self)?, p.given_name.clone()?))
                    })
                    .collect();
                let found = (0..self.packages.len())
                    .filter(|j| !has(&out, *j))
                    .find_map(|j| self.depends_on(j, &released).map(|on| (j, on)));
                let Some((j, on)) = found else {
                    break;
                };
                let mut decision = self.packages[j].decide(self, choice)?;
                let why = if decision.next.is_none() {
                    decision = self.packages[j].decide(self, &patch)?;
                    Some(Why::Dependent(on))
                } else {
                    Some(Why::Commits)
                };
                out.push(Releasing {
                    index: j,
                    decision,
                    why,
                });
                self.add_group(j, &patch, &mut out)?;
            }
        }
        idle.retain(|r| !has(&out, r.index));
        out.extend(idle);
        out.sort_by_key(|r| r.index);
        Ok(out)
    }

    /// The other members of package `index`'s group, released with it.
    fn add_group(
        &self,
        index: usize,
        choice: &crate::decide::Choice,
        out: &mut Vec<Releasing>,
    ) -> Result<()> {
        let Some(at) = self.groups.iter().position(|g| g.contains(&index)) else {
            return Ok(());
        };
        let name = &self.settings.groups[at].name;
        for &m in &self.groups[at] {
            if out.iter().any(|r| r.index == m) {
                continue;
            }
            let decision = self.packages[m].decide(self, choice)?;
            if decision.next.is_some() {
                let why = match self.why_grouped(m, &decision)? {
                    Why::Commits => Why::Commits,
                    _ => Why::Group(name.clone()),
                };
                out.push(Releasing {
                    index: m,
                    decision,
                    why: Some(why),
                });
            }
        }
        Ok(())
    }

    /// The decision for the package the workspace works on, as a release of every package
    /// would make it: in a monorepo, with its group and, with `dependents = "patch"`, the
    /// packages it requires (a package that releases only because a dependency does says
    /// so). Outside a monorepo, its own decision.
    pub(crate) fn decide_selected(
        &self,
        choice: &crate::decide::Choice,
    ) -> Result<(crate::decide::Decision, Option<Why>)> {
        let Some(index) = self.selected else {
            return Ok((self.package().decide(self, choice)?, None));
        };
        let all: Vec<usize> = (0..self.packages.len()).collect();
        let chosen: &[usize] = if self.settings.dependents_patch {
            &all
        } else {
            std::slice::from_ref(&index)
        };
        let mut list = self.releasing(chosen, choice)?;
        match list.iter().position(|r| r.index == index) {
            Some(at) => {
                let r = list.swap_remove(at);
                Ok((r.decision, r.why))
            }
            None => Ok((self.package().decide(self, choice)?, None)),
        }
    }

    /// Why package `index` releases as `decision` says: its own commits, or (in a group,
    /// whose decision counts every member's commits) only its group's.
    fn why_grouped(&self, index: usize, decision: &crate::decide::Decision) -> Result<Why> {
        let Some(at) = self.groups.iter().position(|g| g.contains(&index)) else {
            return Ok(Why::Commits);
        };
        let asking: Vec<&crate::git::RawCommit> = decision
            .entries
            .iter()
            .filter(|e| e.effect.bump() > crate::version::Bump::None)
            .map(|e| &e.raw)
            .collect();
        let own = self
            .changes(&asking, index)?
            .is_none_or(|touched| touched.contains(&true));
        Ok(if own || asking.is_empty() {
            Why::Commits
        } else {
            Why::Group(self.settings.groups[at].name.clone())
        })
    }

    /// The released package (its `--package` name) that package `index`'s manifest
    /// requires, among `released` (manifest name, package name), if any.
    fn depends_on(&self, index: usize, released: &[(String, String)]) -> Option<String> {
        self.requires(index, released).into_iter().next()
    }

    /// The packages among `released` (manifest name, package name) that package `index`'s
    /// manifest requires, by their package names.
    pub(crate) fn requires(&self, index: usize, released: &[(String, String)]) -> Vec<String> {
        let root = &self.packages[index].root;
        let mut out = Vec::new();
        for manifest in &self.manifests {
            let (folder, file) = manifest.rsplit_once('/').unwrap_or(("", manifest));
            if folder != root {
                continue;
            }
            let Some(format) = crate::formats::for_path(Path::new(file)) else {
                continue;
            };
            let Some(text) = detect::read(&self.fs_root, manifest) else {
                continue;
            };
            for (manifest_name, name) in released {
                if !out.contains(name) && !format.dependents(&text, manifest_name).is_empty() {
                    out.push(name.clone());
                }
            }
        }
        out
    }

    /// The packages of a monorepo (empty when the repository is one package).
    pub(crate) fn packages(&self) -> &[Package] {
        &self.packages
    }

    /// For each of `commits`, whether it changes the folder of package `index` (None when
    /// the repository is one package: then every commit is its package's).
    pub(crate) fn changes(
        &self,
        commits: &[&crate::git::RawCommit],
        index: usize,
    ) -> Result<Option<Vec<bool>>> {
        let Some(owners) = &self.owners else {
            return Ok(None);
        };
        if self.selected.is_some() {
            // One package: each commit is compared once anyway; nothing to share.
            let found = self.repo()?.touched(commits, owners, self.packages.len())?;
            return Ok(Some(
                found
                    .into_iter()
                    .map(|t| t.get(index).copied().unwrap_or(false))
                    .collect(),
            ));
        }
        let ids = commits
            .iter()
            .map(|c| git2::Oid::from_str(&c.id))
            .collect::<Result<Vec<_>, _>>()?;
        let (missing, missing_ids): (Vec<&crate::git::RawCommit>, Vec<git2::Oid>) = {
            let known = self.touched.borrow();
            commits
                .iter()
                .zip(&ids)
                .filter(|(_, id)| !known.contains_key(*id))
                .map(|(c, id)| (*c, *id))
                .unzip()
        };
        if !missing.is_empty() {
            let found = self
                .repo()?
                .touched(&missing, owners, self.packages.len())?;
            let mut known = self.touched.borrow_mut();
            for (id, touched) in missing_ids.into_iter().zip(found) {
                known.insert(id, touched.into_boxed_slice());
            }
        }
        let known = self.touched.borrow();
        Ok(Some(
            ids.iter()
                .map(|id| known.get(id).and_then(|t| t.get(index).copied()) == Some(true))
                .collect(),
        ))
    }

    /// Work on package `name` from now on (`--package NAME`).
    pub(crate) fn select(&mut self, name: &str) -> Result<()> {
        if self.packages.is_empty() {
            let own = self.package.name(self);
            if own.as_deref() == Some(name) {
                return Ok(());
            }
            bail!(
                "--package {name:?}: this repository is one package{}, not a monorepo; leave out --package, or declare its packages with [[packages]] in release.toml",
                own.map(|n| format!(" ({n})")).unwrap_or_default()
            );
        }
        self.selected = Some(self.index_of(name)?);
        Ok(())
    }

    /// Every manifest of a monorepo's workspace (the root's and each member's, released or
    /// not), root-relative; empty outside a monorepo.
    pub(crate) fn manifests(&self) -> &[String] {
        &self.manifests
    }

    /// The package the command works on, as an index into [`Workspace::packages`].
    pub(crate) fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// Work on the package at `index` of [`Workspace::packages`] (None: the repository's).
    pub(crate) fn select_index(&mut self, index: Option<usize>) {
        self.selected = index.filter(|i| *i < self.packages.len());
    }

    /// The index of package `name`, or an error naming the packages there are.
    pub(crate) fn index_of(&self, name: &str) -> Result<usize> {
        self.packages
            .iter()
            .position(|p| p.given_name.as_deref() == Some(name))
            .ok_or_else(|| {
                if self
                    .settings
                    .packages
                    .iter()
                    .any(|d| d.name == name && !d.release)
                {
                    return anyhow!(
                        "--package {name:?}: release.toml says release = false for it, so relman never releases it; remove that line to release it"
                    );
                }
                anyhow!(
                    "--package {name:?}: no such package; the packages are {}",
                    self.package_names().join(", ")
                )
            })
    }

    /// The names of the packages of a monorepo.
    pub(crate) fn package_names(&self) -> Vec<String> {
        self.packages
            .iter()
            .filter_map(|p| p.given_name.clone())
            .collect()
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

    /// The package at the repository's root: the one declared or detected there in a
    /// monorepo, else the repository as one package (whichever package is selected).
    pub(crate) fn root_package(&self) -> &Package {
        self.packages
            .iter()
            .find(|p| p.root.is_empty())
            .unwrap_or(&self.package)
    }

    /// The package the command works on: the one `--package` chose, else the one at the
    /// root (the whole repository, when it is not a monorepo).
    pub(crate) fn package(&self) -> &Package {
        match self.selected {
            Some(i) => &self.packages[i],
            None => &self.package,
        }
    }
}

/// A package that releases, with its decision and why it releases.
#[derive(Debug)]
pub(crate) struct Releasing {
    /// Its index in the workspace's packages.
    pub(crate) index: usize,
    pub(crate) decision: crate::decide::Decision,
    /// Why it releases; None: it does not.
    pub(crate) why: Option<Why>,
}

/// Why a package releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Why {
    /// Its own commits (or its group's, counted together).
    Commits,
    /// Another package of its group releases (the group's name).
    Group(String),
    /// It depends on this released package, and `[version] dependents = "patch"`.
    Dependent(String),
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Why::Commits => write!(f, "its commits"),
            Why::Group(name) => write!(f, "its group {name} releases"),
            Why::Dependent(on) => write!(f, "it depends on {on}, which releases"),
        }
    }
}

/// `folder/path`, or `path` at the root.
fn join(folder: &str, path: &str) -> String {
    if folder.is_empty() {
        path.to_string()
    } else {
        format!("{folder}/{path}")
    }
}

/// The tag prefix of package `name` under `scheme`, checked.
fn prefix(name: &str, scheme: &TagTemplate) -> Result<String> {
    let prefix = scheme.prefix(name);
    if let Some(reason) = crate::config::bad_tag_prefix(&prefix) {
        bail!(
            "package {name:?}: its tags would start {prefix:?}, which {reason}; set tag = \"…{{version}}\" for it under [[packages]] in release.toml"
        );
    }
    Ok(prefix)
}

/// What a `[[packages]]` table overrides.
fn apply(package: &mut Package, d: &settings::PackageSetting) -> Result<()> {
    if let Some(tag) = &d.tag {
        let p = prefix(&d.name, tag)?;
        package.tags = TagPrefix::Exact(p.clone());
        package.version.tag_prefix = TagPrefix::Exact(p);
    }
    if let Some(changelog) = &d.changelog {
        package.changelog.clone_from(changelog);
    }
    if let Some(files) = &d.files {
        package.version.files = Some(files.clone());
    }
    package.scopes.clone_from(&d.scopes);
    Ok(())
}
