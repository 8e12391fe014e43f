//! `relman release`: the whole cut, all or nothing. `Plan::build` reads the repository and
//! renders everything in memory (version files, the changelog section, the configured
//! release documents), checks the preconditions and lints the result, touching nothing;
//! the plan can be printed (a unified diff, or JSON for CI). `Plan::execute` then takes a
//! lock, runs the hooks, writes each file atomically, commits exactly those files and makes
//! an annotated tag; when a step fails, everything done so far is undone in reverse.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context as _, Result};
use semver::Version;
use serde::Serialize;

use crate::changelog::{self, Spliced};
use crate::decide::Choice;
use crate::formats;
use crate::journal::{FileUndo, Lock};
use crate::lint;
use crate::paths::RepoPath;
use crate::releases::{self, Shared};
use crate::settings::{HookCommand, Hooks};
use crate::workspace::{edit_file, FileEdits, Workspace};

/// What the cut should do besides the defaults.
#[derive(Debug, Clone, Default)]
#[allow(clippy::struct_excessive_bools)] // one per flag of the contract
pub(crate) struct Options {
    pub(crate) choice: Choice,
    pub(crate) no_commit: bool,
    pub(crate) no_tag: bool,
    pub(crate) allow_dirty: bool,
    pub(crate) allow_detached: bool,
    /// Skip the repository's pre-commit and commit-msg hooks.
    pub(crate) no_verify: bool,
    /// `--sign` (Some(true)), `--no-sign` (Some(false)), else git's settings.
    pub(crate) sign: Option<bool>,
    pub(crate) date: Option<String>,
}

/// The repository's own git hooks that the release commit runs, as `git commit` would.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct GitHooks {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) pre_commit: Option<PathBuf>,
    /// Run even with `--no-verify`, as git runs it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) prepare_commit_msg: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) commit_msg: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) post_commit: Option<PathBuf>,
}

impl GitHooks {
    fn find(repo: &crate::git::Repo, no_verify: bool) -> GitHooks {
        GitHooks {
            pre_commit: (!no_verify).then(|| repo.hook("pre-commit")).flatten(),
            prepare_commit_msg: repo.hook("prepare-commit-msg"),
            commit_msg: (!no_verify).then(|| repo.hook("commit-msg")).flatten(),
            post_commit: repo.hook("post-commit"),
        }
    }

    fn names(&self) -> Vec<&'static str> {
        [
            (self.pre_commit.is_some(), "pre-commit"),
            (self.prepare_commit_msg.is_some(), "prepare-commit-msg"),
            (self.commit_msg.is_some(), "commit-msg"),
            (self.post_commit.is_some(), "post-commit"),
        ]
        .iter()
        .filter(|(found, _)| *found)
        .map(|(_, name)| *name)
        .collect()
    }
}

/// One file the cut writes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FileChange {
    /// Root-relative, `/`-separated.
    pub(crate) path: String,
    #[serde(skip)]
    pub(crate) old: Option<String>,
    #[serde(skip)]
    pub(crate) new: String,
    /// git blob ids of the content before (none for a new file) and after.
    pub(crate) old_digest: Option<String>,
    pub(crate) new_digest: String,
    /// The blob at HEAD (none when the file is new to git).
    #[serde(skip)]
    pub(crate) head_digest: Option<String>,
    /// What it is, for messages ("the version file VERSION", "[documents] notes").
    #[serde(skip)]
    pub(crate) what: String,
}

/// One package's part of a cut: its version, the tag that marks it, the tag's message.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Released {
    /// The package's name in a monorepo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) name: Option<String>,
    /// Its folder in a monorepo, root-relative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) path: Option<String>,
    pub(crate) version: String,
    pub(crate) previous: String,
    pub(crate) tag: Option<String>,
    pub(crate) tag_message: String,
}

impl Released {
    /// `core 0.4.1` in a monorepo, `0.4.1` otherwise.
    fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("{name} {}", self.version),
            None => self.version.clone(),
        }
    }
}

/// Everything the cut will do, decided before doing any of it.
#[derive(Debug)]
pub(crate) struct Plan {
    /// What is released: one entry, or one per package of a monorepo released together.
    pub(crate) releases: Vec<Released>,
    pub(crate) files: Vec<FileChange>,
    pub(crate) commit_message: Option<String>,
    pub(crate) hooks: Hooks,
    /// The repository's git hooks the commit runs.
    pub(crate) git_hooks: GitHooks,
    /// What is signed, and how.
    pub(crate) signing: crate::signing::Signing,
    /// What the cut leaves for the user to check (a requirement it did not move).
    pub(crate) warnings: Vec<String>,
    root: PathBuf,
    /// Whether HEAD was detached when the plan was made.
    detached: bool,
}

/// The plan as JSON: a single release's fields at the top (as before monorepos), the
/// packages of a monorepo under `packages`.
impl Serialize for Plan {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct View<'a> {
            #[serde(flatten)]
            one: Option<&'a Released>,
            #[serde(skip_serializing_if = "Option::is_none")]
            packages: Option<&'a [Released]>,
            files: &'a [FileChange],
            commit_message: &'a Option<String>,
            hooks: &'a Hooks,
            git_hooks: Vec<&'static str>,
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            warnings: &'a [String],
        }
        let monorepo = self.releases.iter().any(|r| r.name.is_some());
        View {
            one: if monorepo {
                None
            } else {
                self.releases.first()
            },
            packages: monorepo.then_some(self.releases.as_slice()),
            files: &self.files,
            commit_message: &self.commit_message,
            git_hooks: self.git_hooks.names(),
            hooks: &self.hooks,
            warnings: &self.warnings,
        }
        .serialize(serializer)
    }
}

impl Plan {
    /// Decide one cut releasing each of `packages` (indexes into the workspace's packages;
    /// None: the package the workspace works on): one commit, one tag per package.
    /// `Ok(None)` when none of them has anything to release; the others are left out.
    pub(crate) fn build(
        project: &mut Workspace,
        options: &Options,
        packages: &[Option<usize>],
    ) -> Result<Option<Plan>> {
        let repo = project.repo()?;
        let head = repo.head()?;
        if repo.branch().is_none() && !options.allow_detached {
            bail!(
                "HEAD is detached; check out the branch to release from, or pass --allow-detached"
            );
        }
        // `[release] branches`: releases are cut from these only.
        if let (globs, Some(set)) = &project.settings.release_branches {
            if let Some(branch) = repo.branch() {
                if !set.is_match(&branch) {
                    bail!(
                        "HEAD is on the branch {branch}, but release.toml ([release] branches) cuts releases from {} only; check out one of them",
                        globs.join(", ")
                    );
                }
            }
        }
        if !options.allow_dirty {
            let dirty = repo.dirty_paths()?;
            if !dirty.is_empty() {
                bail!(
                    "the working tree has changes ({}); commit or stash them, or pass --allow-dirty",
                    dirty.iter().take(5).cloned().collect::<Vec<_>>().join(", ")
                );
            }
        }
        let detached = repo.branch().is_none();
        let date = releases::release_date(options.date.as_deref())?;
        // What releases: the one package, or those of a monorepo with something to
        // release, with their groups and (if configured) their dependents.
        let chosen: Vec<usize> = packages.iter().filter_map(|p| *p).collect();
        let targets: Vec<(Option<usize>, crate::decide::Decision)> = if chosen.is_empty() {
            let decision = project.package().decide(project, &options.choice)?;
            decision
                .next
                .is_some()
                .then_some((None, decision))
                .into_iter()
                .collect()
        } else {
            project
                .releasing(&chosen, &options.choice)?
                .into_iter()
                .filter(|r| r.why.is_some())
                .map(|r| (Some(r.index), r.decision))
                .collect()
        };
        // What each package released requires among the others (its changelog says so).
        let coming: Vec<(String, String, Version)> = targets
            .iter()
            .filter_map(|(index, d)| {
                let p = &project.packages()[(*index)?];
                Some((
                    p.manifest_name(project)?,
                    p.given_name.clone()?,
                    d.next.clone()?,
                ))
            })
            .collect();
        let pairs: Vec<(String, String)> = coming
            .iter()
            .map(|(m, n, _)| (m.clone(), n.clone()))
            .collect();
        let was = project.selected();
        let mut parts: Vec<Part> = Vec::new();
        let mut versions: Vec<FileEdits> = Vec::new();
        let mut files: Vec<FileChange> = Vec::new();
        for (index, decision) in targets {
            if index.is_some() {
                project.select_index(index);
            }
            let dependencies: Vec<crate::context::Dependency> = match index {
                Some(i) => project
                    .requires(i, &pairs)
                    .into_iter()
                    .filter_map(|name| {
                        let (_, _, v) = coming.iter().find(|(_, n, _)| *n == name)?;
                        Some(crate::context::Dependency {
                            name,
                            version: v.to_string(),
                        })
                    })
                    .collect(),
                None => Vec::new(),
            };
            let part = Part::build(
                project,
                options,
                (&decision, dependencies),
                (&head, &date),
                &mut versions,
                &mut files,
            );
            project.select_index(was);
            parts.push(part?);
        }
        if parts.is_empty() {
            return Ok(None);
        }
        let mut warnings = Vec::new();
        let moved: Vec<(String, Version)> = parts.iter().flat_map(|p| p.moved.clone()).collect();
        crate::workspace::requirements(project, &moved, &mut versions, &mut warnings)?;
        if !project.packages().is_empty() {
            warnings.extend(crate::workspace::unedited_locks(project, &versions));
        }
        // The version files, each spliced once with every package's edits.
        crate::workspace::check_conflicts(&versions)?;
        for file in versions {
            let new = formats::splice_each(&file.old, &file.edits);
            push_change(&mut files, &file.real, &file.what, Some(file.old), new)?;
        }
        let repo = project.repo()?;
        // A file stays in the plan when the work tree or the commit would change: a version
        // file already at the new version (bumped by hand, or by an interrupted run) must
        // still enter the release commit.
        for f in &mut files {
            f.head_digest = repo.blob_at_head(&f.path);
        }
        files.retain(|f| {
            f.old.as_deref() != Some(f.new.as_str())
                || f.head_digest.as_deref() != Some(f.new_digest.as_str())
        });
        // With --allow-dirty: a file the release writes over uncommitted changes commits
        // them too (the diff shows them as context, since it is taken from the work tree).
        for f in &files {
            if f.old_digest.is_some() && f.head_digest != f.old_digest {
                warnings.push(format!(
                    "{}: has changes that are not committed, and the release commit will hold them with its own",
                    f.path
                ));
            }
        }
        // In a monorepo the commit names the packages: `chore(release): core 0.4.1`.
        let releases: Vec<Released> = parts.iter().map(|p| p.released.clone()).collect();
        let labels: Vec<String> = releases.iter().map(Released::label).collect();
        let commit_message = (!options.no_commit).then(|| {
            project
                .settings
                .commit_message
                .replace("{releases}", &labels.join(", "))
                .replace("{version}", &releases[0].version)
        });
        let planned: Vec<(String, Version)> = parts
            .iter()
            .map(|p| (p.root.clone(), p.version.clone()))
            .collect();
        let mut plan = Plan {
            releases,
            files,
            commit_message,
            hooks: project.settings.hooks.clone(),
            git_hooks: match (&project.repo, options.no_commit) {
                (Some(repo), false) => GitHooks::find(repo, options.no_verify),
                _ => GitHooks::default(),
            },
            // Settings are read only when there is something to sign.
            signing: match &project.repo {
                Some(repo) if !options.no_commit => repo.signing(options.sign)?,
                _ => crate::signing::Signing::default(),
            },
            warnings,
            root: project.root.clone(),
            detached,
        };
        plan.lint(project, planned)?;
        Ok(Some(plan))
    }

    /// The versions released, `core 0.4.1, api 1.3.0` (or `0.4.1`).
    pub(crate) fn summary(&self) -> String {
        self.releases
            .iter()
            .map(Released::label)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Each release as `previous -> version` (`core 0.4.0 -> 0.4.1` in a monorepo).
    pub(crate) fn transitions(&self) -> Vec<String> {
        self.releases
            .iter()
            .map(|r| match &r.name {
                Some(name) => format!("{name} {} -> {}", r.previous, r.version),
                None => format!("{} -> {}", r.previous, r.version),
            })
            .collect()
    }

    /// `relman lint` of the repository as the cut will leave it, in memory.
    fn lint(&mut self, project: &mut Workspace, planned: Vec<(String, Version)>) -> Result<()> {
        use crate::config::ReleaseLintName;
        let mode = project.settings.release_lint;
        if mode == ReleaseLintName::Off {
            return Ok(());
        }
        let overrides: HashMap<String, String> = self
            .files
            .iter()
            .map(|f| (f.path.clone(), f.new.clone()))
            .collect();
        let root = project.root.clone();
        let request = |planned: Vec<(String, Version)>| lint::run::Request {
            paths: Vec::new(),
            cwd: root.clone(),
            rules: Vec::new(),
            fix: false,
            planned,
            changed_since: None,
        };
        let after_request = request(planned);
        project.overlay(overrides);
        let report = lint::run::lint(project, &after_request);
        project.overlay(HashMap::new());
        let report = report?;
        let errors: Vec<&lint::run::Diagnostic> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == lint::Severity::Error)
            .collect();
        // By default the release answers for what it changes: an error that was there
        // before, on the same line of text (a changelog's old sections move down when a
        // section is added above them), is the repository's past.
        let (blocking, existing): (Vec<&lint::run::Diagnostic>, usize) =
            if mode == ReleaseLintName::All || errors.is_empty() {
                (errors, 0)
            } else {
                let before = lint::run::lint(project, &request(Vec::new()))?;
                let key = |d: &lint::run::Diagnostic| {
                    (
                        d.path.clone(),
                        d.rule.clone(),
                        d.column,
                        d.source_line.trim().to_string(),
                    )
                };
                let mut was: HashMap<(String, String, usize, String), usize> = HashMap::new();
                for d in before
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == lint::Severity::Error)
                {
                    *was.entry(key(d)).or_default() += 1;
                }
                let mut blocking = Vec::new();
                let mut old = 0;
                for d in errors {
                    match was.get_mut(&key(d)) {
                        Some(n) if *n > 0 => {
                            *n -= 1;
                            old += 1;
                        }
                        _ => blocking.push(d),
                    }
                }
                (blocking, old)
            };
        if existing > 0 {
            self.warnings.push(format!(
                "{existing} lint error(s) were in the docs before this release, and it leaves them as they are; `relman lint` shows them ([release] lint = \"all\" makes them stop a release)"
            ));
        }
        if !blocking.is_empty() {
            let lines: Vec<String> = blocking
                .iter()
                .map(|d| {
                    format!(
                        "  {}:{}:{}: error[{}] {}",
                        d.path, d.line, d.column, d.rule, d.message
                    )
                })
                .collect();
            let what = if mode == ReleaseLintName::All {
                "leave"
            } else {
                "bring"
            };
            bail!(
                "the release would {what} {} lint error(s) in the docs; fix them first (relman lint shows them), nothing was written:\n{}",
                lines.len(),
                lines.join("\n")
            );
        }
        Ok(())
    }

    /// A unified diff of every file, then the commit and the tag.
    pub(crate) fn describe(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        for transition in self.transitions() {
            let _ = writeln!(out, "release {transition}");
        }
        for f in &self.files {
            let old = f.old.as_deref().unwrap_or("");
            let diff = similar::TextDiff::from_lines(old, &f.new);
            let from = if f.old.is_some() {
                format!("a/{}", f.path)
            } else {
                "/dev/null".to_string()
            };
            let _ = write!(
                out,
                "{}",
                diff.unified_diff()
                    .context_radius(3)
                    .header(&from, &format!("b/{}", f.path))
            );
        }
        match &self.commit_message {
            Some(m) => {
                let _ = writeln!(out, "commit: {m} ({} file(s))", self.files.len());
            }
            None => out.push_str("commit: none (--no-commit)\n"),
        }
        for release in &self.releases {
            match &release.tag {
                Some(t) => {
                    let _ = writeln!(out, "tag: {t} (annotated), message:");
                    for line in release.tag_message.lines() {
                        let _ = writeln!(out, "    {line}");
                    }
                }
                None => out.push_str("tag: none (--no-tag)\n"),
            }
        }

        for (when, list) in [
            ("before-write", &self.hooks.before_write),
            ("after-write", &self.hooks.after_write),
            ("after-commit", &self.hooks.after_commit),
            ("after-tag", &self.hooks.after_tag),
        ] {
            for args in list {
                let _ = writeln!(out, "hook {when}: {args}");
            }
        }
        let signed: Vec<&str> = [
            (
                self.signing.commit.is_some() && self.commit_message.is_some(),
                "the commit",
            ),
            (
                self.signing.tag.is_some() && self.releases.iter().any(|r| r.tag.is_some()),
                "the tag",
            ),
        ]
        .iter()
        .filter(|(yes, _)| *yes)
        .map(|(_, what)| *what)
        .collect();
        if !signed.is_empty() {
            let _ = writeln!(out, "signed: {}", signed.join(" and "));
        }
        let git_hooks = self.git_hooks.names();
        if !git_hooks.is_empty() {
            let _ = writeln!(out, "git hooks the commit runs: {}", git_hooks.join(", "));
        }
        out
    }

    /// Do the cut, holding `lock` (taken before planning), as the numbered steps of [`Cut`].
    /// Every step is entered in the lock's journal before it is done; on a failure
    /// everything done so far is undone from the journal, as `relman release --abort` does
    /// after a crash.
    pub(crate) fn execute(&self, project: &Workspace, lock: Lock) -> Result<Done> {
        let repo = project.repo()?;
        let head = repo.head()?;
        let mut cut = Cut {
            plan: self,
            repo,
            lock,
            head,
            owner: std::process::id().to_string(),
            done: Done {
                commit: None,
                tags: Vec::new(),
                warnings: Vec::new(),
            },
            before: (Vec::new(), Vec::new()),
            adopted: Vec::new(),
        };
        cut.begin()?;
        cut.before_write()?;
        cut.record()?;
        let result = (|| -> Result<()> {
            cut.write_files()?;
            cut.hooks("after-write hooks", &self.hooks.after_write)?;
            if !self.hooks.before_write.is_empty() || !self.hooks.after_write.is_empty() {
                cut.adopt("the before-write and after-write hooks")?;
            }
            if let Some(message) = &self.commit_message {
                let message = cut.git_hooks(message)?;
                cut.commit(&message)?;
                cut.stage()?;
                cut.verify()?;
                cut.hooks("after-commit hooks", &self.hooks.after_commit)?;
            }
            let tags: Vec<&Released> = self.releases.iter().filter(|r| r.tag.is_some()).collect();
            for release in &tags {
                cut.tag(release)?;
            }
            // After the tags: what it does (even moving HEAD) cannot stop the release,
            // as with git.
            if self.commit_message.is_some() {
                cut.post_commit();
            }
            if !tags.is_empty() {
                cut.hooks("after-tag hooks", &self.hooks.after_tag)?;
            }
            Ok(())
        })();
        let Cut { mut lock, done, .. } = cut;
        if let Err(error) = result {
            let undone = lock.journal.undo(repo);
            if undone.failed.is_empty() {
                lock.release();
                return Err(anyhow!(
                    "{error:#}; the release was undone: every file, the index, the branch and the tags are as before"
                ));
            }
            let _ = lock.step("undo failed");
            return Err(anyhow!(
                "{error:#}; and undoing it failed in part: {}; fix that, then run `relman release --abort` to finish the undo",
                undone.failed.join("; ")
            ));
        }
        lock.release();
        Ok(done)
    }

    /// The planned files as the writes that make them.
    fn edits(&self) -> Vec<crate::fsutil::Edit> {
        self.files
            .iter()
            .map(|f| crate::fsutil::Edit {
                path: PathBuf::from(&f.path),
                full: self.root.join(&f.path),
                old: f.old.clone().map(String::into_bytes),
                new: f.new.clone().into_bytes(),
            })
            .collect()
    }

    /// The before-write hooks must not have changed what the plan was made from: a file
    /// relman is about to write, or HEAD. Refuse (nothing written yet) rather than
    /// overwrite a hook's edit.
    fn check_unchanged(&self, repo: &crate::git::Repo, head: &str) -> Result<()> {
        for f in &self.files {
            let now = std::fs::read(self.root.join(&f.path)).ok();
            if now.as_deref() != f.old.as_deref().map(str::as_bytes) {
                bail!(
                    "{}: changed after the release was planned (by a before-write hook?); relman does not overwrite it. Commit the hook's change, or make the hook leave the file alone, then release again; nothing was written",
                    f.path
                );
            }
        }
        if repo.head()? != head || repo.branch().is_none() != self.detached {
            bail!("HEAD moved after the release was planned (by a before-write hook?); release again from where you want the release commit; nothing was written");
        }
        Ok(())
    }
}

/// A cut in progress: the plan, the repository and the lock whose journal records each
/// step before it runs. The steps, in order; what undoes each is the journal's part:
///
/// 1. `begin`: the version, HEAD and branch enter the journal (nothing to undo).
/// 2. `before_write`: the before-write hooks; then the plan is checked against the tree.
/// 3. `record`: what each file holds, the folders to make and a copy of the index enter the
///    journal, so that every later step can be undone.
/// 4. `write_files`: the folders and files (undo: the files' old bytes, the folders removed).
/// 5. after-write hooks.
/// 6. `commit`: the release commit, from HEAD's tree and the planned blobs (undo: the branch
///    back to the old HEAD).
/// 7. `stage`: the committed files staged (undo: the saved index).
/// 8. `verify`: the commit holds exactly the plan.
/// 9. after-commit hooks.
/// 10. `tag`: the annotated tag (undo: the tag deleted).
/// 11. after-tag hooks.
struct Cut<'a> {
    plan: &'a Plan,
    repo: &'a crate::git::Repo,
    lock: Lock,
    head: String,
    /// This process, for the hooks' `RELMAN_RELEASE_PID`.
    owner: String,
    done: Done,
    /// The files that differed from HEAD and the untracked files before the hooks ran.
    before: (Vec<String>, Vec<String>),
    /// What the hooks changed that the commit takes: root-relative path, its content now.
    /// A planned file a hook rewrote (a formatter) is here too, and replaces the plan's.
    adopted: Vec<(String, Vec<u8>)>,
}

impl Cut<'_> {
    fn begin(&mut self) -> Result<()> {
        let journal = &mut self.lock.journal;
        journal.version = Some(self.plan.summary());
        journal.head = Some(self.head.clone());
        journal.branch = self.repo.branch().and_then(|_| self.repo.head_ref_name());
        if !self.plan.hooks.before_write.is_empty()
            || !self.plan.hooks.after_write.is_empty()
            || self.plan.git_hooks.pre_commit.is_some()
        {
            self.before = self.repo.changed_and_untracked()?;
        }
        Ok(())
    }

    /// Take into the release what the hooks changed: a tracked file they rewrote (a lock
    /// file refreshed, a changelog formatted) enters the commit and the undo; a file they
    /// created that git does not track is named in a warning. A tracked file they deleted,
    /// or turned into something else than a file, stops the release.
    fn adopt(&mut self, who: &str) -> Result<()> {
        let (changed, untracked) = self.repo.changed_and_untracked()?;
        let planned = |path: &str| self.plan.files.iter().find(|f| f.path == path);
        for path in changed {
            let full = self.plan.root.join(&path);
            let meta = std::fs::symlink_metadata(&full).ok();
            let now = match planned(&path) {
                // A planned file, as relman wrote it: nothing to take.
                Some(f) => match std::fs::read(&full) {
                    Ok(bytes) if bytes == f.new.as_bytes() => continue,
                    Ok(bytes) => bytes,
                    Err(e) => bail!("{path}: {who} removed it ({e}); relman commits no deletion"),
                },
                // Changed before the release (--allow-dirty): the user's, left out.
                None if self.before.0.contains(&path) => continue,
                None => {
                    if !meta.as_ref().is_some_and(std::fs::Metadata::is_file) {
                        // Put back by the undo, as it was before the release (clean: a
                        // file changed before it is the user's, left out above).
                        let old = self
                            .repo
                            .content_at_head(&path)
                            .and_then(|b| String::from_utf8(b).ok());
                        if meta.is_none() && old.is_some() {
                            self.lock.journal.files.push(FileUndo {
                                path: path.clone(),
                                old,
                                new_digest: String::new(),
                            });
                        }
                        bail!(
                            "{path}: {who} deleted it or made it something else than a file; relman commits no deletion: make the hook leave it"
                        );
                    }
                    std::fs::read(&full).with_context(|| format!("{path}: cannot read it"))?
                }
            };
            let Ok(text) = String::from_utf8(now.clone()) else {
                bail!("{path}: {who} wrote it as binary; relman commits only text files it can restore");
            };
            let digest = crate::git::blob_id(text.as_bytes());
            let journal = &mut self.lock.journal;
            if let Some(undo) = journal.files.iter_mut().find(|f| f.path == path) {
                // The undo restores the old bytes from over the hook's.
                undo.new_digest = digest;
            } else {
                let old = self
                    .repo
                    .content_at_head(&path)
                    .map(|b| String::from_utf8_lossy(&b).into_owned());
                journal.files.push(FileUndo {
                    path: path.clone(),
                    old,
                    new_digest: digest,
                });
            }
            match self.adopted.iter_mut().find(|(p, _)| *p == path) {
                Some(taken) => taken.1 = now,
                None => self.adopted.push((path, now)),
            }
        }
        for path in untracked {
            if !self.before.1.contains(&path) && planned(&path).is_none() {
                self.done.warnings.push(format!(
                    "{path}: {who} created it; git does not track it, so it is not in the release commit"
                ));
            }
        }
        // Entered in the journal before the commit is made.
        self.lock.step("take the hooks' changes")
    }

    /// What the commit holds: the planned files, each as the hooks left it, and the other
    /// files the hooks changed.
    fn committed(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = self
            .plan
            .files
            .iter()
            .map(|f| {
                let content = self
                    .adopted
                    .iter()
                    .find(|(p, _)| *p == f.path)
                    .map_or_else(|| f.new.clone().into_bytes(), |(_, b)| b.clone());
                (f.path.clone(), content)
            })
            .collect();
        for (path, bytes) in &self.adopted {
            if !files.iter().any(|(p, _)| p == path) {
                files.push((path.clone(), bytes.clone()));
            }
        }
        files
    }

    fn before_write(&mut self) -> Result<()> {
        self.hooks("before-write hooks", &self.plan.hooks.before_write)
            .map_err(|e| anyhow!("{e:#}; nothing was written"))?;
        self.plan.check_unchanged(self.repo, &self.head)
    }

    fn record(&mut self) -> Result<()> {
        let plan = self.plan;
        let journal = &mut self.lock.journal;
        journal.files = plan
            .files
            .iter()
            .map(|f| FileUndo {
                path: f.path.clone(),
                old: f.old.clone(),
                new_digest: f.new_digest.clone(),
            })
            .collect();
        journal.made_dirs = missing_dirs(&plan.root, &plan.edits());
        let index = self.repo.git_dir().join("index");
        if index.is_file() {
            let copy = self.repo.git_dir().join(crate::journal::INDEX_COPY);
            std::fs::copy(&index, &copy)
                .with_context(|| format!("{}: cannot save the git index", copy.display()))?;
            journal.index_copy = Some(copy);
            journal.index_path = Some(index);
        }
        Ok(())
    }

    fn write_files(&mut self) -> Result<()> {
        self.lock.step("writing files")?;
        for dir in &self.lock.journal.made_dirs {
            let full = self.plan.root.join(dir);
            std::fs::create_dir(&full)
                .with_context(|| format!("{dir}: cannot create the folder"))?;
        }
        for edit in &self.plan.edits() {
            crate::fsutil::write_one(edit)?;
            crate::test_hooks::crash_point(&format!("wrote {}", edit.path.display()));
        }
        Ok(())
    }

    /// Run the hooks of one step (`when` is the step's name in the journal).
    fn hooks(&mut self, when: &str, hooks: &[HookCommand]) -> Result<()> {
        self.lock.step(when)?;
        // One release: its version and the one before. Several (a monorepo's packages):
        // RELMAN_RELEASES lists them, `NAME VERSION` a line.
        let releases = self.plan.releases.as_slice();
        let mut env: Vec<(&str, String)> = vec![
            (crate::journal::OWNER_VAR, self.owner.clone()),
            (
                "RELMAN_RELEASES",
                releases
                    .iter()
                    .map(Released::label)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        ];
        if let [one] = releases {
            env.push(("RELMAN_VERSION", one.version.clone()));
            env.push(("RELMAN_PREVIOUS_VERSION", one.previous.clone()));
        }
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let name = when.trim_end_matches(" hooks");
        run_hooks(name, hooks, &self.plan.root, &env)
    }

    fn commit(&mut self, message: &str) -> Result<()> {
        self.lock.journal.commit_message = Some(message.to_string());
        self.lock.step("commit")?;
        injected("commit")?;
        let branch = &self.lock.journal.branch;
        if branch.is_some() && self.repo.head_ref_name() != *branch {
            bail!(
                "HEAD left {} while the release ran (a hook switched branches?); nothing was committed",
                branch.as_deref().unwrap_or_default()
            );
        }
        let files = self.committed();
        let id = self.repo.commit_files(
            &files,
            message,
            &self.head,
            self.plan.signing.commit.as_ref(),
        )?;
        crate::test_hooks::crash_point("committed");
        self.lock.journal.commit = Some(id.clone());
        self.done.commit = Some(id);
        Ok(())
    }

    /// The repository's pre-commit hook (on the staged release, what it changes taken in
    /// as the release hooks' changes are), then its commit-msg hook, which may edit the
    /// message: what `git commit` runs. Either failing stops the release, which is undone.
    fn git_hooks(&mut self, message: &str) -> Result<String> {
        let hooks = self.plan.git_hooks.clone();
        let index = self.repo.git_dir().join("index");
        let run = |hook: &Path, args: &[&Path]| -> Result<()> {
            let name = hook
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let status = Command::new(hook)
                .args(args)
                .current_dir(&self.plan.root)
                .env("GIT_INDEX_FILE", &index)
                .env("GIT_EDITOR", ":")
                .status()
                .with_context(|| {
                    format!("the {name} git hook ({}) could not start", hook.display())
                })?;
            if !status.success() {
                bail!(
                    "the repository's {name} git hook failed ({status}); fix what it reports, or release with --no-verify to skip it"
                );
            }
            Ok(())
        };
        if let Some(hook) = &hooks.pre_commit {
            self.lock.step("pre-commit git hook")?;
            // The hook sees what the commit will hold, as with `git commit`.
            self.stage()?;
            run(hook, &[])?;
            let now = self.repo.head()?;
            if now != self.head {
                bail!(
                    "the repository's pre-commit git hook moved HEAD to {} (it made a commit of its own?); relman commits only on top of what it planned: make the hook leave HEAD, or release with --no-verify",
                    &now[..7.min(now.len())]
                );
            }
            self.adopt("the pre-commit git hook")?;
        }
        if hooks.prepare_commit_msg.is_none() && hooks.commit_msg.is_none() {
            return Ok(message.to_string());
        }
        self.lock.step("commit-msg git hooks")?;
        let file = self.repo.git_dir().join("COMMIT_EDITMSG");
        // Ended by a newline, as git writes it: a line a hook appends is a line of its own.
        let mut written = message.trim_end().to_string();
        written.push('\n');
        std::fs::write(&file, &written)
            .with_context(|| format!("{}: cannot write the commit message", file.display()))?;
        // As for `git commit -m`: the message's source is "message".
        if let Some(hook) = &hooks.prepare_commit_msg {
            run(hook, &[file.as_path(), Path::new("message")])?;
        }
        if let Some(hook) = &hooks.commit_msg {
            run(hook, &[file.as_path()])?;
        }
        let edited = std::fs::read_to_string(&file)
            .with_context(|| format!("{}: cannot read the commit message back", file.display()))?;
        let edited = cleanup_message(&edited);
        if edited.is_empty() {
            bail!("the repository's commit message git hooks emptied the commit message; nothing was committed");
        }
        Ok(edited)
    }

    /// The repository's post-commit hook: it cannot stop the commit (as with git).
    fn post_commit(&mut self) {
        let Some(hook) = self.plan.git_hooks.post_commit.clone() else {
            return;
        };
        let ran = Command::new(&hook)
            .current_dir(&self.plan.root)
            .env("GIT_INDEX_FILE", self.repo.git_dir().join("index"))
            .status();
        if !ran.is_ok_and(|s| s.success()) {
            self.done.warnings.push(
                "the repository's post-commit git hook failed; the release goes on, as with git"
                    .to_string(),
            );
        }
    }

    fn stage(&mut self) -> Result<()> {
        self.lock.step(crate::journal::STAGING)?;
        let paths: Vec<String> = self.committed().into_iter().map(|(p, _)| p).collect();
        self.repo.stage(&paths)
    }

    fn verify(&mut self) -> Result<()> {
        self.lock.step("verify the commit")?;
        let planned: Vec<(String, String)> = self
            .committed()
            .iter()
            .map(|(path, bytes)| (path.clone(), crate::git::blob_id(bytes)))
            .collect();
        let id = self.done.commit.as_deref().unwrap_or_default();
        self.repo.verify_commit(id, &planned)
    }

    fn tag(&mut self, release: &Released) -> Result<()> {
        let Some(tag) = release.tag.as_deref() else {
            return Ok(());
        };
        // The tag made before this one is done: it moves to the journal's list.
        let journal = &mut self.lock.journal;
        if let (Some(made), Some(object)) = (journal.tag.take(), journal.tag_object.take()) {
            journal.tags_made.push((made, object));
        }
        self.lock.journal.tag = Some(tag.to_string());
        self.lock.step("tag")?;
        injected("tag")?;
        let target = self
            .done
            .commit
            .clone()
            .unwrap_or_else(|| self.head.clone());
        if self.repo.head()? != target {
            bail!("HEAD moved while the release ran (a hook?); the tag was not made");
        }
        let object = self.repo.create_tag(
            tag,
            &target,
            &release.tag_message,
            self.plan.signing.tag.as_ref(),
        )?;
        crate::test_hooks::crash_point("tagged");
        crate::test_hooks::crash_point(&format!("tagged {tag}"));
        self.lock.journal.tag_object = Some(object);
        self.done.tags.push(tag.to_string());
        Ok(())
    }
}

/// A message as `git commit` cleans it (`commit.cleanup = whitespace`, its mode for a
/// message not typed in an editor): trailing white space (a CR too) off every line, no
/// blank lines at the start or end, runs of blank lines made one; ended by a newline.
fn cleanup_message(text: &str) -> String {
    let mut out = String::new();
    let mut blank = false;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if blank {
            out.push('\n');
            blank = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// One package's part of a cut, as planned.
struct Part {
    released: Released,
    version: Version,
    /// The package's folder, root-relative.
    root: String,
    /// The names other manifests require it by (and the members inheriting its version),
    /// with the version they move to.
    moved: Vec<(String, Version)>,
}

impl Part {
    /// Plan the release of the package `project` works on, as `decision` decided it: its
    /// version files' edits go to `versions` (spliced once all packages are planned), its
    /// changelog and documents to `files`.
    fn build(
        project: &Workspace,
        options: &Options,
        (decision, dependencies): (&crate::decide::Decision, Vec<crate::context::Dependency>),
        (head, date): (&str, &str),
        versions: &mut Vec<FileEdits>,
        files: &mut Vec<FileChange>,
    ) -> Result<Part> {
        let repo = project.repo()?;
        let package = project.package();
        let Some(version) = decision.next.clone() else {
            bail!("internal: a package with nothing to release was planned");
        };
        let tag = package.tag_name(project, &version);
        if !options.no_tag && repo.tag_exists(&tag) {
            // A tag HEAD does not reach was made on another branch: say where.
            let elsewhere = repo
                .tag_target(&tag)
                .filter(|target| !repo.is_ancestor(target, head).unwrap_or(true))
                .map(|target| {
                    format!(
                        " on commit {}, which HEAD does not reach (released from another branch?)",
                        &target[..target.len().min(7)]
                    )
                })
                .unwrap_or_default();
            bail!("the tag {tag} already exists{elsewhere}; {version} was released already (delete the tag only if that release never left this machine)");
        }
        let renderer = crate::render::for_project(project)?;
        let shared = Shared::of(project);
        let previous_tag = package.follows(project, &version)?;
        let mut release = releases::release(
            project,
            &shared,
            (previous_tag.as_ref(), head),
            releases::Heading::tagged(&version, tag.clone(), date.to_string()),
            true,
        )?;
        release.dependencies = dependencies;
        // Version files, as `relman bump` writes them.
        let version_files = package.version_files(project)?;
        crate::workspace::check_agreement(&version_files)?;
        for file in &version_files {
            let shown = file.path.display().to_string();
            edit_file(
                versions,
                (&file.real, &shown),
                format!("the version file {shown}"),
                &file.text,
                file.fields
                    .iter()
                    .map(|f| (f.span.clone(), version.to_string())),
            );
        }
        // Other manifests of the repository that require the package at its version.
        crate::workspace::own_dependents(project, (&decision.current, &version), versions)?;
        // The changelog section.
        let section = changelog::section(&renderer, &release)?;
        let changelog_name = package.changelog.clone();
        let changelog_file = RepoPath::resolve(&project.fs_root, &changelog_name)?;
        let changelog_path = changelog_file.shown.clone();
        // `[changelog] write = false`: the file is left alone (a changelog relman does not
        // write); the section still goes into the tag message and the release notes.
        let write = project.settings.changelog_write;
        let existing = if write && changelog_file.exists {
            Some(crate::workspace::read_text(
                &changelog_file.full,
                Path::new(&changelog_path),
            )?)
        } else {
            None
        };
        let base = existing
            .clone()
            .unwrap_or_else(|| changelog::HEADER.to_string());
        // In the file's own style; a heading that links the release needs no definition.
        let (styled, linked) = changelog::in_style_of(&base, &section, &release);
        let link = if linked {
            None
        } else {
            changelog::link(&release)
        };
        let written = if write {
            Some(
                match changelog::splice_for_release(
                    &base,
                    &styled,
                    &version.to_string(),
                    link,
                    project.settings.promote_unreleased,
                )
                .map_err(|e| anyhow!("{changelog_path}: {e}"))?
                {
                    Spliced::Changed(text) => {
                        push_change(
                            files,
                            &changelog_file.real,
                            &format!("the changelog {changelog_path}"),
                            existing,
                            text.clone(),
                        )?;
                        text
                    }
                    // Already written (by `changelog --prepend`, or an interrupted run): it still
                    // belongs in the release commit when HEAD does not hold it yet.
                    Spliced::Unchanged => {
                        if let Some(text) = &existing {
                            push_change(
                                files,
                                &changelog_file.real,
                                &format!("the changelog {changelog_path}"),
                                Some(text.clone()),
                                text.clone(),
                            )?;
                        }
                        base
                    }
                },
            )
        } else {
            None
        };
        // The section as the changelog now has it (a promoted hand-written one, in the file's
        // style): what its mirrors get, and what the tag message quotes.
        let as_written = written
            .as_deref()
            .and_then(|w| changelog::section_in(w, &version.to_string()))
            .unwrap_or_else(|| styled.clone());
        if project.packages().is_empty() {
            for mirror in &project.settings.changelog_mirrors {
                mirror_section(files, project, mirror, &as_written, &version.to_string())?;
            }
        }
        // The release documents of [documents].
        for document in package.documents() {
            let (name, pattern) = (&document.name, document.path.as_str());
            let path = document.path.expand(&version.to_string(), &tag);
            let file = RepoPath::resolve(&project.fs_root, &path)
                .map_err(|e| anyhow!("release.toml: [documents] {name} = {pattern:?}: {e:#}"))?;
            let text = if name == "changelog" {
                section.clone()
            } else {
                // The changelog and every document are written with this one.
                release.documents = releases::document_index(
                    project,
                    (&version.to_string(), &tag),
                    (name, &file.real),
                    &|_| true,
                );
                renderer.render(name, &release)?
            };
            let old = if file.exists {
                Some(crate::workspace::read_text(
                    &file.full,
                    Path::new(&file.shown),
                )?)
            } else {
                None
            };
            push_change(
                files,
                &file.real,
                &format!("[documents] {name} ({})", file.shown),
                old,
                text,
            )?;
        }
        Ok(Part {
            released: Released {
                name: package.given_name.clone(),
                path: package.given_name.as_ref().map(|_| package.root.clone()),
                version: version.to_string(),
                previous: decision.previous.to_string(),
                tag: (!options.no_tag).then(|| tag.clone()),
                tag_message: project
                    .settings
                    .tag_message
                    .replace("{name}", &project_name(&shared))
                    .replace("{version}", &version.to_string())
                    .replace("{tag}", &tag)
                    .replace("{changelog}", as_written.trim_end()),
            },
            root: package.root.clone(),
            moved: crate::workspace::moved_names(project, package, &version_files, &version),
            version,
        })
    }
}

/// The folders to make for new files, outermost first, root-relative.
fn missing_dirs(root: &Path, edits: &[crate::fsutil::Edit]) -> Vec<String> {
    let mut dirs: Vec<String> = Vec::new();
    for edit in edits {
        let Some(parent) = edit.full.parent() else {
            continue;
        };
        let mut missing: Vec<&Path> = parent.ancestors().take_while(|d| !d.exists()).collect();
        missing.reverse();
        for dir in missing {
            if let Ok(rel) = dir.strip_prefix(root) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                if !rel.is_empty() && !dirs.contains(&rel) {
                    dirs.push(rel);
                }
            }
        }
    }
    dirs
}

/// What an executed cut made.
#[derive(Debug)]
pub(crate) struct Done {
    pub(crate) commit: Option<String>,
    pub(crate) tags: Vec<String>,
    /// What the user should know (a file a hook created that is not committed).
    pub(crate) warnings: Vec<String>,
}

fn project_name(shared: &Shared) -> String {
    shared
        .project
        .clone()
        .unwrap_or_else(|| "Release".to_string())
}

/// Add a file to the plan. Two sources that lead to one file (a document linked to VERSION,
/// two `[documents]` that coincide for this version) are refused: one would silently
/// replace the other in the release commit.
/// The release's changelog section written into the mirror `mirror` of the changelog
/// (a docs site's copy), above its newest version entry; a mirror that already has it
/// keeps it. A mirror that does not exist is an error: it was named to be kept in step.
fn mirror_section(
    files: &mut Vec<FileChange>,
    project: &Workspace,
    mirror: &str,
    section: &str,
    label: &str,
) -> Result<()> {
    let file = RepoPath::resolve(&project.fs_root, mirror)?;
    if !file.exists {
        bail!(
            "{mirror}: [changelog] mirrors names it, but it does not exist; create it, or take it out of release.toml"
        );
    }
    let text = crate::workspace::read_text(&file.full, Path::new(&file.shown))?;
    let what = format!("the changelog mirror {}", file.shown);
    let new = match changelog::splice_for_release(&text, section, label, None, false)
        .map_err(|e| anyhow!("{}: {e}", file.shown))?
    {
        Spliced::Changed(new) => new,
        Spliced::Unchanged => text.clone(),
    };
    push_change(files, &file.real, &what, Some(text), new)
}

fn push_change(
    files: &mut Vec<FileChange>,
    path: &str,
    what: &str,
    old: Option<String>,
    new: String,
) -> Result<()> {
    let path = path.replace('\\', "/");
    if let Some(existing) = files.iter().find(|f| f.path == path) {
        bail!(
            "{what} and {} are the same file, {path} (through a symbolic link, or a path that names it twice); give each its own file, nothing was written",
            existing.what
        );
    }
    files.push(FileChange {
        head_digest: None,
        old_digest: old.as_ref().map(|o| crate::git::blob_id(o.as_bytes())),
        new_digest: crate::git::blob_id(new.as_bytes()),
        what: what.to_string(),
        path,
        old,
        new,
    });
    Ok(())
}

/// Tests make a step of the cut fail.
fn injected(step: &str) -> Result<()> {
    use crate::test_hooks::{is, FAIL_STEP};
    if is(FAIL_STEP, step) {
        bail!("{step} failed (injected by {FAIL_STEP})");
    }
    Ok(())
}

fn run_hooks(when: &str, hooks: &[HookCommand], root: &Path, env: &[(&str, &str)]) -> Result<()> {
    for hook in hooks {
        let program = hook.program();
        let status = Command::new(program)
            .args(hook.args())
            .current_dir(root)
            .envs(env.iter().copied())
            .status()
            .with_context(|| {
                format!(
                    "the {when} hook `{hook}` could not start; check that {program} is installed"
                )
            })?;
        if !status.success() {
            bail!("the {when} hook `{hook}` failed ({status})");
        }
    }
    Ok(())
}
