//! A package: what is released with one version. Its name, its folder, how its tags are
//! named, where its version lives (the version source, the version files and patterns), its
//! changelog and documents. Which tags are its releases, which one is the latest, what the
//! current version is and which commits are new since then are answered here, once, for
//! every command and the lint.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use semver::Version;

use super::Workspace;
use crate::decide::{self, Choice, Decision};
use crate::formats::{self, VersionField};
use crate::git::{RawCommit, Tag, TagPrefix};
pub(crate) use crate::history::{History, Source};
use crate::paths::RepoPath;
use crate::settings::{DocumentSetting, Settings, VersionSettings, VersionSource};

/// One released unit.
#[derive(Debug)]
pub(crate) struct Package {
    /// Its name in a monorepo, declared or detected (None: the one package of a repository
    /// that is not a monorepo, whose name its manifest gives when asked).
    pub(crate) given_name: Option<String>,
    /// Its place in the workspace's map of folders (None: every commit is its own).
    pub(crate) owner: Option<usize>,
    /// Its folder, root-relative (`""` for the repository's root).
    pub(crate) root: String,
    /// How its release tags are named.
    pub(crate) tags: TagPrefix,
    /// Where its version lives.
    pub(crate) version: VersionSettings,
    /// Its changelog, root-relative.
    pub(crate) changelog: String,
    /// The release documents rendered for it (`[documents]`).
    documents: Vec<DocumentSetting>,
    /// Commit scopes that make a commit its own whatever files it changes.
    pub(crate) scopes: Vec<String>,
    /// What its decisions must say (a declared tag template that names no tag).
    pub(crate) note: Option<String>,
    /// A member with no release tag of its own in a monorepo whose other packages are
    /// tagged: its manifest's version was never released, and is its first release.
    pub(crate) first_as_is: bool,
    /// The manifest that made its folder a workspace member (`package.json` for an npm
    /// workspace's), when it was found so: the package's own among the known files there.
    pub(crate) manifest: Option<&'static str>,
}

/// A file that holds the version, with every place it holds it.
#[derive(Debug, Clone)]
pub(crate) struct VersionFile {
    /// Relative to the root, as configured (what messages show).
    pub(crate) path: PathBuf,
    /// The file really read and written, root-relative (differs from `path` when a link in
    /// the work tree was followed).
    pub(crate) real: String,
    pub(crate) text: String,
    pub(crate) fields: Vec<VersionField>,
    /// Whether its versions must agree with the others (Cargo.lock follows Cargo.toml instead).
    pub(crate) checked: bool,
}

impl Package {
    /// The package at the repository's root, as the settings describe it.
    pub(crate) fn root(settings: &Settings) -> Package {
        Package {
            given_name: None,
            owner: None,
            root: String::new(),
            tags: settings.version.tag_prefix.clone(),
            version: settings.version.clone(),
            changelog: settings.changelog_path.clone(),
            documents: settings.documents.clone(),
            scopes: Vec::new(),
            note: None,
            first_as_is: false,
            manifest: None,
        }
    }

    /// A package of a monorepo, in folder `root` (root-relative), its tags named by `tags`;
    /// the version policy is the workspace's.
    pub(crate) fn member(
        settings: &Settings,
        name: &str,
        root: &str,
        tags: TagPrefix,
        changelog: String,
        files: Option<Vec<String>>,
    ) -> Package {
        Package {
            given_name: Some(name.to_string()),
            owner: None,
            root: root.to_string(),
            tags: tags.clone(),
            version: VersionSettings {
                source: VersionSource::Detect,
                files,
                // The root's `[[version.patterns]]` are the package's at the root.
                patterns: if root.is_empty() {
                    settings.version.patterns.clone()
                } else {
                    Vec::new()
                },
                tag_prefix: tags,
                policy: settings.version.policy,
                initial: settings.version.initial.clone(),
                bumps: settings.version.bumps.clone(),
            },
            changelog,
            documents: Vec::new(),
            scopes: Vec::new(),
            note: None,
            first_as_is: false,
            manifest: None,
        }
    }

    /// The commits of `raw` that are this package's: in a monorepo, those that change its
    /// folder (see `ownership`) or name one of its `scopes`; otherwise all of them.
    pub(crate) fn own(&self, ws: &Workspace, raw: Vec<RawCommit>) -> Result<Vec<RawCommit>> {
        let picked = {
            let all: Vec<&RawCommit> = raw.iter().collect();
            self.picks(ws, &all)?
        };
        Ok(raw
            .into_iter()
            .zip(picked)
            .filter(|(_, mine)| *mine)
            .map(|(c, _)| c)
            .collect())
    }

    /// Which of `commits` are this package's (see `own`).
    pub(crate) fn picks(&self, ws: &Workspace, commits: &[&RawCommit]) -> Result<Vec<bool>> {
        let Some(index) = self.owner else {
            return Ok(vec![true; commits.len()]);
        };
        let Some(touched) = ws.changes(commits, index)? else {
            return Ok(vec![true; commits.len()]);
        };
        let scoped = |c: &RawCommit| {
            !self.scopes.is_empty()
                && crate::commit::header_scopes(c.lossy())
                    .iter()
                    .any(|s| self.scopes.iter().any(|mine| mine == s))
        };
        Ok(commits
            .iter()
            .zip(touched)
            .map(|(c, t)| t || scoped(c))
            .collect())
    }

    /// A path of the package's folder, root-relative.
    fn inside(&self, path: &str) -> String {
        if self.root.is_empty() {
            path.to_string()
        } else {
            format!("{}/{path}", self.root)
        }
    }

    /// The documents `relman release` renders for it.
    pub(crate) fn documents(&self) -> &[DocumentSetting] {
        &self.documents
    }

    /// Its release tags, highest precedence first (none outside git).
    pub(crate) fn release_tags(&self, ws: &Workspace) -> Result<Vec<Tag>> {
        match &ws.repo {
            Some(repo) => repo.release_tags(&self.tags),
            None => Ok(Vec::new()),
        }
    }

    /// The tag a release of `version` gets. With the default prefix (tags read with or
    /// without `v`), it is written as the project's latest tag is: `6.6.0` after `6.5.0`,
    /// `v1.3.0` after `v1.2.0` (and with no tag yet). An x.y.0 release is written `v4.1`
    /// when the project's latest x.y.0 release was (its patches keep three numbers).
    pub(crate) fn tag_name(&self, ws: &Workspace, version: &Version) -> String {
        let tags = self.release_tags(ws).unwrap_or_default();
        let full = match tags.first() {
            Some(top) if self.tags == TagPrefix::Default && !top.name.starts_with('v') => {
                version.to_string()
            }
            _ => self.tags.format(version),
        };
        let plain_minor = version.patch == 0 && version.pre.is_empty() && version.build.is_empty();
        let short = plain_minor
            && tags
                .iter()
                .find(|t| t.version.patch == 0 && t.version.pre.is_empty())
                .is_some_and(|t| self.tags.is_short(&t.name));
        match full.strip_suffix(".0") {
            Some(two) if short => two.to_string(),
            _ => full,
        }
    }

    /// The latest release tag reachable from HEAD (None outside git or without tags).
    pub(crate) fn latest_tag(&self, ws: &Workspace, stable_only: bool) -> Result<Option<Tag>> {
        let Some(repo) = &ws.repo else {
            return Ok(None);
        };
        let head = repo.head()?;
        let tags = repo.release_tags(&self.tags)?;
        repo.latest_tag(&tags, &head, stable_only)
    }

    /// The release a new `version` follows: for a final release the latest final one (it
    /// holds everything since, pre-releases included), for a pre-release the latest release.
    pub(crate) fn follows(&self, ws: &Workspace, version: &Version) -> Result<Option<Tag>> {
        self.latest_tag(ws, version.pre.is_empty())
    }

    /// The release before `tag`: the highest-precedence release tag below it that its
    /// commit reaches (usually the first one tried).
    pub(crate) fn previous_tag(&self, ws: &Workspace, tag: &Tag) -> Result<Option<Tag>> {
        let repo = ws.repo()?;
        let lower: Vec<Tag> = self
            .release_tags(ws)?
            .into_iter()
            .filter(|t| t.version.cmp_precedence(&tag.version).is_lt())
            .collect();
        repo.latest_tag(&lower, &tag.commit, false)
    }

    /// The next version and everything that decided it. A package of a `[[groups]]`
    /// shares its group's: the commits of every member, counted from the highest release.
    pub(crate) fn decide(&self, ws: &Workspace, choice: &Choice) -> Result<Decision> {
        let Some(members) = self.owner.and_then(|i| ws.group_of(i)) else {
            let mut decision = decide::decide(self.history(ws)?, self.version.policy, choice)?;
            decision.notes.extend(self.note.clone());
            decision.notes.extend(self.placeholder_notes(ws)?);
            return Ok(decision);
        };
        let mut histories = Vec::new();
        let mut own = None;
        for &m in members {
            let history = ws.packages()[m].history(ws)?;
            if Some(m) == self.owner {
                own = Some((
                    history.current.clone(),
                    history.source.clone(),
                    history.latest.clone(),
                    history.base.clone(),
                ));
            }
            histories.push(history);
        }
        let mut decision = decide::decide(merge(histories), self.version.policy, choice)?;
        // The group's next version; this package's own past (its version, its tags).
        if let Some((current, source, latest, base)) = own {
            decision.previous = latest
                .as_ref()
                .map_or_else(|| current.clone(), |t| t.version.clone());
            decision.current = current;
            decision.source = source;
            decision.latest = latest;
            decision.base = base;
        }
        decision.notes.extend(self.note.clone());
        decision.notes.extend(self.placeholder_notes(ws)?);
        Ok(decision)
    }

    /// What the next release is made from: the current version, the latest tags and the
    /// commits since the latest stable one, judged.
    pub(crate) fn history(&self, ws: &Workspace) -> Result<History> {
        let repo = ws.repo()?;
        let head = repo.head()?;
        let tags = self.release_tags(ws)?;
        // The common case in one walk: the highest tag is stable, alone at its precedence,
        // and HEAD reaches it (the walk from HEAD down to it borders it). It is then the
        // latest release, and the walk found the commits since.
        let fast = match tags.first() {
            Some(top)
                if top.version.pre.is_empty()
                    && tags
                        .get(1)
                        .is_none_or(|t| t.version.cmp_precedence(&top.version).is_ne()) =>
            {
                let (commits, borders) =
                    repo.range_to_picked(&top.commit, &head, &mut |c| self.picks(ws, c))?;
                borders.then(|| (top.clone(), commits))
            }
            _ => None,
        };
        let (latest, base, raw) = if let Some((tag, commits)) = fast {
            (Some(tag.clone()), Some(tag), commits)
        } else {
            let latest = repo.latest_tag(&tags, &head, false)?;
            let base = match &latest {
                Some(tag) if !tag.version.pre.is_empty() => repo.latest_tag(&tags, &head, true)?,
                other => other.clone(),
            };
            let raw =
                repo.commits_picked(base.as_ref().map(|t| t.commit.as_str()), &head, &mut |c| {
                    self.picks(ws, c)
                })?;
            (latest, base, raw)
        };
        let (current, source) = self.current_version(ws)?;
        if let Some(bad) = raw.iter().find(|c| c.message.is_none()) {
            bail!(
                "commit {} has a message that is not valid UTF-8 and declares no encoding relman can read, \
                 so relman cannot tell what it asks for; reword it as UTF-8 (git rebase -i), or tag a release after it",
                bad.short
            );
        }
        let mut entries = crate::history::analyze(raw, crate::commit::Strictness::Lenient);
        crate::history::with_bumps(&mut entries, &self.version.bumps);
        let new_since_latest = match &latest {
            Some(tag) if base.as_ref() != Some(tag) => {
                let newer: std::collections::HashSet<String> = repo
                    .commits(Some(&tag.commit), &head)?
                    .into_iter()
                    .map(|n| n.id)
                    .collect();
                entries.iter().any(|e| {
                    e.effect.bump() > crate::version::Bump::None && newer.contains(&e.raw.id)
                })
            }
            _ => crate::history::highest(&entries) > crate::version::Bump::None,
        };
        Ok(History {
            initial: self.version.initial.clone(),
            first_as_is: self.first_as_is,
            current,
            source,
            latest,
            base,
            entries,
            new_since_latest,
            shallow: repo.is_shallow(),
        })
    }

    /// The current version and where it came from.
    pub(crate) fn current_version(&self, ws: &Workspace) -> Result<(Version, Source)> {
        let (candidates, required): (Vec<&str>, bool) = match &self.version.source {
            VersionSource::File(file) => (vec![file.as_str()], true),
            VersionSource::Detect => (formats::known_files(), false),
            VersionSource::Tag => (Vec::new(), false),
        };
        {
            // The manifest that made this folder a member: a known file beside it that is
            // another package's (`foreign`) is not where this member's version is
            // (electric's pnpm member `@electric-ax/durable-streams-server-rust` keeps 0.1.5
            // in package.json; its crate `durable-streams` says 0.1.0 until publishing).
            let own = match self.manifest {
                Some(manifest) if !required => self.read_known(ws, Path::new(manifest), false)?,
                _ => None,
            };
            for name in candidates {
                let path = Path::new(name);
                let Some(file) = self.read_known(ws, path, required)? else {
                    continue;
                };
                if own
                    .as_ref()
                    .is_some_and(|own| self.foreign(std::slice::from_ref(own), &file))
                {
                    continue;
                }
                let field = &file.fields[0];
                let version = Version::parse(&field.text).map_err(|e| {
                    anyhow!(
                        "{}:{}:{}: {e}",
                        file.path.display(),
                        field.line,
                        field.column
                    )
                })?;
                return Ok((version, Source::File(file.path)));
            }
        }
        if ws.repo.as_ref().is_some_and(|r| r.head().is_ok()) {
            if let Some(tag) = self.latest_tag(ws, false)? {
                return Ok((tag.version, Source::Tag(tag.name)));
            }
        }
        Ok((Version::new(0, 0, 0), Source::Default))
    }

    /// Whether `file`, a known manifest found beside the one that made this folder a
    /// workspace member, is another package's: it names another package and holds another
    /// version (jupyterlab's `mock_packages/extension/pyproject.toml`, a Python test package,
    /// in the folder of the npm package `@jupyterlab/mock-extension`). It is then none of
    /// the member's version files. One of the same name (`@jupyterlab/git` and
    /// `jupyterlab-git`, `lab_ext` and `lab-ext`) or at the same version is the member's.
    fn foreign(&self, files: &[VersionFile], file: &VersionFile) -> bool {
        let Some(manifest) = self.manifest else {
            return false;
        };
        let own = |f: &VersionFile| f.path.file_name().is_some_and(|n| n == manifest);
        let Some(source) = files.iter().find(|f| own(f)) else {
            return false;
        };
        if own(file)
            || source.fields.first().map(|f| &f.text) == file.fields.first().map(|f| &f.text)
        {
            return false;
        }
        // A name, and for an npm scope's also the scope joined to it, in one spelling.
        let names = |f: &VersionFile| -> Option<Vec<String>> {
            let format = formats::for_path(&f.path)?;
            let name = format.package_name(&f.text).ok()??.to_ascii_lowercase();
            let name = name.replace(['_', '.'], "-");
            Some(
                match name.strip_prefix('@').and_then(|n| n.split_once('/')) {
                    Some((scope, bare)) => vec![bare.to_string(), format!("{scope}-{bare}")],
                    None => vec![name],
                },
            )
        };
        match (names(source), names(file)) {
            (Some(a), Some(b)) => !a.iter().any(|n| b.contains(n)),
            _ => false,
        }
    }

    /// A known version file; Ok(None) when it is absent or holds no version and `required` is false.
    fn read_known(
        &self,
        ws: &Workspace,
        path: &Path,
        required: bool,
    ) -> Result<Option<VersionFile>> {
        let format = formats::for_path(path)
            .ok_or_else(|| anyhow!("{}: not a known version file", path.display()))?;
        // Messages and the file's `path` are root-relative.
        let inside = self.inside(&path.to_string_lossy());
        let path = Path::new(&inside);
        let file = RepoPath::resolve(&ws.fs_root, &inside)?;
        if !file.exists {
            if required {
                bail!(
                    "{}: no such file, but release.toml names it as a version file; create it or fix [version]",
                    path.display()
                );
            }
            return Ok(None);
        }
        let text = read_text(&file.full, path)?;
        let fields = format
            .find(&text)
            .map_err(|e| anyhow!("{}:{e}", path.display()))?;
        match fields.first() {
            // Found by looking, a placeholder is not the project's version: it is left alone.
            Some(field) if !required && self.placeholder(ws, &field.text)? => Ok(None),
            Some(_) => Ok(Some(VersionFile {
                path: path.to_path_buf(),
                real: file.real,
                text,
                fields,
                checked: true,
            })),
            None if format.requires_version() => bail!(
                "{}: the file is there but holds no version; write the current version in it (e.g. 1.0.0) or delete it",
                path.display()
            ),
            None if required => bail!(
                "{}: holds no version field; add one, or remove the file from [version] in release.toml",
                path.display()
            ),
            None => Ok(None),
        }
    }

    /// Whether `text`, read from a version file, is a placeholder such as semantic-release's
    /// `0.0.0-semantic-release` (a bare 0.0.0 is one when the package has release tags).
    fn placeholder(&self, ws: &Workspace, text: &str) -> Result<bool> {
        if !crate::version::is_placeholder(text, true) {
            return Ok(false);
        }
        let tagged = || -> Result<bool> {
            Ok(ws.repo.as_ref().is_some_and(|r| r.head().is_ok())
                && !self.release_tags(ws)?.is_empty())
        };
        Ok(crate::version::is_placeholder(text, false) || tagged()?)
    }

    /// What `next` says of the known version files that hold a placeholder: they are
    /// neither read nor written.
    pub(crate) fn placeholder_notes(&self, ws: &Workspace) -> Result<Vec<String>> {
        if self.version.source != VersionSource::Detect {
            return Ok(Vec::new());
        }
        let mut notes = Vec::new();
        for name in formats::known_files() {
            let inside = self.inside(name);
            let Some(format) = formats::for_path(Path::new(name)) else {
                continue;
            };
            let Ok(file) = RepoPath::resolve(&ws.fs_root, &inside) else {
                continue;
            };
            if !file.exists {
                continue;
            }
            let Ok(text) = read_text(&file.full, Path::new(&inside)) else {
                continue;
            };
            let Some(field) = format.find(&text).ok().and_then(|f| f.into_iter().next()) else {
                continue;
            };
            if self.placeholder(ws, &field.text)? {
                let named = self
                    .version
                    .files
                    .as_ref()
                    .is_some_and(|l| l.iter().any(|f| f == name));
                if !named {
                    notes.push(format!(
                        "{inside} holds {}, a placeholder, not a version: relman reads the version from the tags and leaves {inside} as it is (name it in [version] files to have it written)",
                        field.text
                    ));
                }
            }
        }
        Ok(notes)
    }

    /// Every file `bump` writes: the version source, the version files (configured, or the
    /// known ones at the root that hold a version), Cargo.lock's entry, and the patterns.
    pub(crate) fn version_files(&self, ws: &Workspace) -> Result<Vec<VersionFile>> {
        let v = &self.version;
        let mut files: Vec<VersionFile> = Vec::new();
        let mut names: Vec<(String, bool)> = Vec::new();
        match &v.source {
            VersionSource::File(source) => names.push((source.clone(), true)),
            VersionSource::Detect => {
                // The source picked by default is written too.
                if let (_, Source::File(path)) = self.current_version(ws)? {
                    // Root-relative; the names here are relative to the package's folder.
                    let path = path.strip_prefix(&self.root).unwrap_or(&path);
                    names.push((path.to_string_lossy().into_owned(), true));
                }
            }
            VersionSource::Tag => {}
        }
        match &v.files {
            Some(list) => names.extend(list.iter().map(|f| (f.clone(), true))),
            None => names.extend(
                formats::known_files()
                    .into_iter()
                    .map(|f| (f.to_string(), false)),
            ),
        }
        for (name, required) in names {
            let shown = PathBuf::from(self.inside(&name));
            if files.iter().any(|f| f.path == shown) {
                continue;
            }
            let path = PathBuf::from(name);
            if self.root.is_empty() && files.iter().any(|f| f.path == path) {
                continue;
            }
            if let Some(file) = self.read_known(ws, &path, required)? {
                if !files.iter().any(|f| f.real == file.real)
                    && (required || !self.foreign(&files, &file))
                {
                    files.push(file);
                }
            }
        }
        let locks = self.locks(ws, &files)?;
        files.extend(locks);
        for pattern in &v.patterns {
            let path = PathBuf::from(&pattern.path);
            let file = RepoPath::resolve(&ws.fs_root, &pattern.path)?;
            if !file.exists {
                bail!(
                    "{}: no such file, but [[version.patterns]] in release.toml names it; create it or fix the path",
                    path.display()
                );
            }
            let text = read_text(&file.full, &path)?;
            let shown = &pattern.shown;
            let fields = formats::find_pattern(&text, &pattern.pattern)
                .map_err(|e| anyhow!("{}:{e}", path.display()))?;
            let want = pattern.count;
            if fields.len() != want {
                let at: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}:{}:{}", path.display(), f.line, f.column))
                    .collect();
                let found = if at.is_empty() {
                    String::new()
                } else {
                    format!(" (at {})", at.join(", "))
                };
                bail!(
                    "{}: the {shown} matches {} time(s){found}, but release.toml says count = {want}; fix the file or the count, nothing was written",
                    path.display(),
                    fields.len()
                );
            }
            match files.iter_mut().find(|f| f.real == file.real) {
                Some(existing) => existing.fields.extend(fields),
                None => files.push(VersionFile {
                    path,
                    real: file.real,
                    text,
                    fields,
                    checked: true,
                }),
            }
        }
        Ok(files)
    }

    /// The entries of the lock files in the package's folder that follow a version file
    /// there (Cargo.lock's entry for the package of Cargo.toml), each only when it exists
    /// and holds one.
    fn locks(&self, ws: &Workspace, files: &[VersionFile]) -> Result<Vec<VersionFile>> {
        let mut locks: Vec<VersionFile> = Vec::new();
        for format in formats::FORMATS {
            let (Some(manifest_name), Some(lock_name)) = (format.known_file(), format.lock_file())
            else {
                continue;
            };
            let Some(lock_format) = formats::for_path(Path::new(lock_name)) else {
                continue;
            };
            // Every manifest among the version files: the package's own, and the members'
            // a virtual workspace names in `files` (git-cliff's `git-cliff/Cargo.toml`).
            for manifest in files.iter().filter(|f| {
                f.path.file_name().is_some_and(|n| n == manifest_name)
                    && f.path.starts_with(&self.root)
            }) {
                let manifest_path = manifest.path.clone();
                let folder = manifest_path
                    .parent()
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let joined = |dir: &str| {
                    if dir.is_empty() {
                        lock_name.to_string()
                    } else {
                        format!("{dir}/{lock_name}")
                    }
                };
                // The manifest's own lock file, else the package's, else (a workspace
                // member) the root's.
                let mut found = None;
                for candidate in [
                    joined(&folder),
                    self.inside(lock_name),
                    lock_name.to_string(),
                ] {
                    let lock = RepoPath::resolve(&ws.fs_root, &candidate)?;
                    if lock.exists {
                        found = Some((PathBuf::from(candidate), lock));
                        break;
                    }
                }
                let Some((lock_path, lock)) = found else {
                    continue;
                };
                // A virtual workspace's root has no package name: its `[workspace.package]`
                // version moves every local entry at it, whatever the name.
                let workspace_version = manifest
                    .fields
                    .iter()
                    .any(|f| f.location.starts_with("[workspace"));
                let Some(name) = format
                    .package_name(&manifest.text)
                    .map_err(|e| anyhow!("{}:{e}", manifest_path.display()))?
                    .or_else(|| workspace_version.then(String::new))
                else {
                    continue;
                };
                let text = read_text(&lock.full, &lock_path)?;
                let mut fields = lock_format
                    .locked(&text, &name, &manifest.fields)
                    .map_err(|e| anyhow!("{}:{e}", lock_path.display()))?;
                if let Some(existing) = locks.iter_mut().find(|l| l.path == lock_path) {
                    existing.fields.append(&mut fields);
                    existing.fields.sort_by_key(|f| f.span.start);
                    existing.fields.dedup_by(|a, b| a.span == b.span);
                    continue;
                }
                fields.dedup_by(|a, b| a.span == b.span);
                if fields.is_empty() {
                    continue;
                }
                locks.push(VersionFile {
                    path: lock_path,
                    real: lock.real,
                    text,
                    fields,
                    checked: false,
                });
            }
        }
        Ok(locks)
    }

    /// The package's name, from the first known manifest in its folder that names it (as
    /// release headings and the lint's install snippets use it).
    pub(crate) fn name(&self, ws: &Workspace) -> Option<String> {
        if let Some(name) = &self.given_name {
            return Some(name.clone());
        }
        self.manifest_name(ws)
    }

    /// The name its manifest gives it (what other manifests name when they depend on it),
    /// whatever release.toml calls it.
    pub(crate) fn manifest_name(&self, ws: &Workspace) -> Option<String> {
        formats::FORMATS.iter().find_map(|format| {
            let f = self.inside(format.known_file()?);
            // Repository content: confined and capped like every read (a manifest linked
            // to /dev/zero must not hang the render).
            let file = RepoPath::resolve(&ws.fs_root, &f).ok()?;
            let bytes = crate::paths::read(&file.full, &f).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            format.package_name(&text).ok().flatten()
        })
    }
}

/// The history of a group: the member with the highest version (released or held) leads,
/// and every member's commits count, each once.
fn merge(histories: Vec<History>) -> History {
    let key = |h: &History| {
        let tagged = h.latest.as_ref().map(|t| t.version.clone());
        std::cmp::max(tagged, Some(h.current.clone()))
    };
    let mut histories = histories;
    let lead_at = (0..histories.len())
        .max_by(|a, b| {
            key(&histories[*a])
                .cmp(&key(&histories[*b]))
                // The first of equals leads.
                .then(b.cmp(a))
        })
        .unwrap_or(0);
    let mut lead = histories.swap_remove(lead_at);
    let mut seen: std::collections::HashSet<String> =
        lead.entries.iter().map(|e| e.raw.id.clone()).collect();
    for other in histories {
        lead.new_since_latest |= other.new_since_latest;
        lead.shallow |= other.shallow;
        lead.first_as_is &= other.first_as_is;
        for entry in other.entries {
            if seen.insert(entry.raw.id.clone()) {
                lead.entries.push(entry);
            }
        }
    }
    lead
}

/// Refuse version files that disagree, naming each one and its version.
pub(crate) fn check_agreement(files: &[VersionFile]) -> Result<Option<Version>> {
    let mut seen: Vec<(String, Version)> = Vec::new();
    for file in files.iter().filter(|f| f.checked) {
        for field in &file.fields {
            let version = Version::parse(&field.text).map_err(|e| {
                anyhow!(
                    "{}:{}:{}: {e}",
                    file.path.display(),
                    field.line,
                    field.column
                )
            })?;
            seen.push((
                format!(
                    "{}:{}:{} ({})",
                    file.path.display(),
                    field.line,
                    field.column,
                    field.location
                ),
                version,
            ));
        }
    }
    let Some((_, first)) = seen.first() else {
        return Ok(None);
    };
    if seen.iter().all(|(_, v)| v == first) {
        return Ok(Some(first.clone()));
    }
    let list: Vec<String> = seen.iter().map(|(at, v)| format!("  {at}: {v}")).collect();
    bail!(
        "the version files disagree:\n{}\nmake them hold the same version, then run relman again; nothing was written",
        list.join("\n")
    )
}

/// Read a file as UTF-8 text, with errors that name it and say what to do.
pub(crate) fn read_text(full: &Path, shown: &Path) -> Result<String> {
    let shown = shown.display().to_string();
    crate::textpos::decode_file(crate::paths::read(full, &shown)?, &shown)
}
