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
use crate::journal::{FileUndo, Lock};
use crate::lint;
use crate::manifest;
use crate::paths::RepoPath;
use crate::releases::{self, Shared};
use crate::settings::{HookCommand, Hooks};
use crate::workspace::Workspace;

/// What the cut should do besides the defaults.
#[derive(Debug, Clone, Default)]
#[allow(clippy::struct_excessive_bools)] // one per flag of the contract
pub struct Options {
    pub choice: Choice,
    pub no_commit: bool,
    pub no_tag: bool,
    pub allow_dirty: bool,
    pub allow_detached: bool,
    pub date: Option<String>,
}

/// One file the cut writes.
#[derive(Debug, Clone, Serialize)]
pub struct FileChange {
    /// Root-relative, `/`-separated.
    pub path: String,
    #[serde(skip)]
    pub old: Option<String>,
    #[serde(skip)]
    pub new: String,
    /// git blob ids of the content before (none for a new file) and after.
    pub old_digest: Option<String>,
    pub new_digest: String,
    /// The blob at HEAD (none when the file is new to git).
    #[serde(skip)]
    pub head_digest: Option<String>,
    /// What it is, for messages ("the version file VERSION", "[documents] notes").
    #[serde(skip)]
    pub what: String,
}

/// Everything the cut will do, decided before doing any of it.
#[derive(Debug, Serialize)]
pub struct Plan {
    pub version: String,
    pub previous: String,
    pub files: Vec<FileChange>,
    pub commit_message: Option<String>,
    pub tag: Option<String>,
    pub tag_message: String,
    pub hooks: Hooks,
    #[serde(skip)]
    root: PathBuf,
    /// Whether HEAD was detached when the plan was made.
    #[serde(skip)]
    detached: bool,
}

impl Plan {
    /// Decide the cut; `Ok(None)` when there is nothing to release.
    pub fn build(project: &Workspace, options: &Options) -> Result<Option<Plan>> {
        let repo = project.repo()?;
        let head = repo.head()?;
        if repo.branch().is_none() && !options.allow_detached {
            bail!(
                "HEAD is detached; check out the branch to release from, or pass --allow-detached"
            );
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
        let hooks = project.settings.hooks.clone();
        let decision = project.package().decide(project, &options.choice)?;
        let Some(version) = decision.next.clone() else {
            return Ok(None);
        };
        let tag = project.package().tags.format(&version);
        if !options.no_tag && repo.tag_exists(&tag) {
            bail!("the tag {tag} already exists; {version} was released already (delete the tag only if that release never left this machine)");
        }
        let date = releases::release_date(options.date.as_deref())?;
        let renderer = crate::render::for_project(project)?;
        let shared = Shared::of(project);
        let previous_tag = project.package().follows(project, &version)?;
        let release = releases::release(
            project,
            &shared,
            (previous_tag.as_ref(), &head),
            releases::Heading::tagged(&version, tag.clone(), date),
            true,
        )?;
        let mut files: Vec<FileChange> = Vec::new();
        // Version files, as `relman bump` writes them.
        let version_files = project.package().version_files(project)?;
        crate::workspace::check_agreement(&version_files)?;
        for file in &version_files {
            let new = manifest::splice(&file.text, &file.fields, &version.to_string());
            push_change(
                &mut files,
                &file.real,
                &format!("the version file {}", file.path.display()),
                Some(file.text.clone()),
                new,
            )?;
        }
        // The changelog section.
        let section = changelog::section(&renderer, &release)?;
        let changelog_name = project.package().changelog.clone();
        let changelog_file = RepoPath::resolve(&project.fs_root, &changelog_name)?;
        let changelog_path = changelog_file.shown.clone();
        let existing = if changelog_file.exists {
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
        match changelog::splice(
            &base,
            &section,
            &version.to_string(),
            changelog::link(&release),
        )
        .map_err(|e| anyhow!("{changelog_path}: {e}"))?
        {
            Spliced::Changed(text) => push_change(
                &mut files,
                &changelog_file.real,
                &format!("the changelog {changelog_path}"),
                existing,
                text,
            )?,
            // Already written (by `changelog --prepend`, or an interrupted run): it still
            // belongs in the release commit when HEAD does not hold it yet.
            Spliced::Unchanged => {
                if let Some(text) = existing {
                    push_change(
                        &mut files,
                        &changelog_file.real,
                        &format!("the changelog {changelog_path}"),
                        Some(text.clone()),
                        text,
                    )?;
                }
            }
        }
        // The release documents of [documents].
        for document in project.package().documents(project) {
            let (name, pattern) = (&document.name, document.path.as_str());
            let path = document.path.expand(&version.to_string(), &tag);
            let file = RepoPath::resolve(&project.fs_root, &path)
                .map_err(|e| anyhow!("release.toml: [documents] {name} = {pattern:?}: {e:#}"))?;
            let text = if name == "changelog" {
                section.clone()
            } else {
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
                &mut files,
                &file.real,
                &format!("[documents] {name} ({})", file.shown),
                old,
                text,
            )?;
        }
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
        let commit_message = (!options.no_commit).then(|| format!("chore(release): {version}"));
        let plan = Plan {
            version: version.to_string(),
            previous: decision.previous.to_string(),
            files,
            commit_message,
            tag: (!options.no_tag).then_some(tag),
            tag_message: format!(
                "{} {version}\n\n{}",
                project_name(&shared),
                section.trim_end()
            ),
            hooks,
            root: project.root.clone(),
            detached: repo.branch().is_none(),
        };
        plan.lint(project, &version)?;
        Ok(Some(plan))
    }

    /// `relman lint` of the repository as the cut will leave it, in memory.
    fn lint(&self, project: &Workspace, version: &Version) -> Result<()> {
        let overrides: HashMap<String, String> = self
            .files
            .iter()
            .map(|f| (f.path.clone(), f.new.clone()))
            .collect();
        let request = lint::run::Request {
            paths: Vec::new(),
            cwd: project.root.clone(),
            rules: Vec::new(),
            fix: false,
            overrides,
            version: Some(version.clone()),
        };
        let report = lint::run::lint(project, &request)?;
        let errors: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.severity == lint::Severity::Error)
            .map(|d| {
                format!(
                    "  {}:{}:{}: {}[{}] {}",
                    d.path, d.line, d.column, "error", d.rule, d.message
                )
            })
            .collect();
        if !errors.is_empty() {
            bail!(
                "the release would leave {} lint error(s) in the docs; fix them first (relman lint shows them), nothing was written:\n{}",
                errors.len(),
                errors.join("\n")
            );
        }
        Ok(())
    }

    /// A unified diff of every file, then the commit and the tag.
    pub fn describe(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(out, "release {} -> {}", self.previous, self.version);
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
        match &self.tag {
            Some(t) => {
                let _ = writeln!(out, "tag: {t} (annotated), message:");
                for line in self.tag_message.lines() {
                    let _ = writeln!(out, "    {line}");
                }
            }
            None => out.push_str("tag: none (--no-tag)\n"),
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
        out
    }

    /// Do the cut, holding `lock` (taken before planning). Every step is entered in the
    /// lock's journal before it is done; on a failure everything done so far is undone from
    /// the journal, as `relman release --abort` does after a crash.
    pub fn execute(&self, project: &Workspace, mut lock: Lock) -> Result<Done> {
        let repo = project.repo()?;
        let head = repo.head()?;
        let owner = std::process::id().to_string();
        let env = [
            ("RELMAN_VERSION", self.version.as_str()),
            ("RELMAN_PREVIOUS_VERSION", self.previous.as_str()),
            (crate::journal::OWNER_VAR, owner.as_str()),
        ];
        lock.journal.version = Some(self.version.clone());
        lock.journal.head = Some(head.clone());
        lock.journal.branch = repo.branch().and_then(|_| repo.head_ref_name());
        lock.step("before-write hooks")?;
        run_hooks("before-write", &self.hooks.before_write, &self.root, &env)
            .map_err(|e| anyhow!("{e:#}; nothing was written"))?;
        self.check_unchanged(repo, &head)?;
        let edits: Vec<crate::fsutil::Edit> = self
            .files
            .iter()
            .map(|f| crate::fsutil::Edit {
                path: PathBuf::from(&f.path),
                full: self.root.join(&f.path),
                old: f.old.clone().map(String::into_bytes),
                new: f.new.clone().into_bytes(),
            })
            .collect();
        // The journal first: what each file held, the folders to make, the index.
        lock.journal.files = self
            .files
            .iter()
            .map(|f| FileUndo {
                path: f.path.clone(),
                old: f.old.clone(),
                new_digest: f.new_digest.clone(),
            })
            .collect();
        lock.journal.made_dirs = missing_dirs(&self.root, &edits);
        let index = repo.git_dir().join("index");
        if index.is_file() {
            let copy = repo.git_dir().join(crate::journal::INDEX_COPY);
            std::fs::copy(&index, &copy)
                .with_context(|| format!("{}: cannot save the git index", copy.display()))?;
            lock.journal.index_copy = Some(copy);
            lock.journal.index_path = Some(index);
        }
        let mut done = Done {
            commit: None,
            tag: None,
        };
        let result = (|| -> Result<()> {
            lock.step("writing files")?;
            for dir in &lock.journal.made_dirs {
                let full = self.root.join(dir);
                std::fs::create_dir(&full)
                    .with_context(|| format!("{dir}: cannot create the folder"))?;
            }
            for edit in &edits {
                crate::fsutil::write_one(edit)?;
                crate::test_hooks::crash_point(&format!("wrote {}", edit.path.display()));
            }
            lock.step("after-write hooks")?;
            run_hooks("after-write", &self.hooks.after_write, &self.root, &env)?;
            if let Some(message) = &self.commit_message {
                lock.journal.commit_message = Some(message.clone());
                lock.step("commit")?;
                injected("commit")?;
                if lock.journal.branch.is_some() && repo.head_ref_name() != lock.journal.branch {
                    bail!(
                        "HEAD left {} while the release ran (a hook switched branches?); nothing was committed",
                        lock.journal.branch.as_deref().unwrap_or_default()
                    );
                }
                let files: Vec<(String, Vec<u8>)> = self
                    .files
                    .iter()
                    .map(|f| (f.path.clone(), f.new.clone().into_bytes()))
                    .collect();
                let id = repo.commit_files(&files, message, &head)?;
                crate::test_hooks::crash_point("committed");
                lock.journal.commit = Some(id.clone());
                done.commit = Some(id.clone());
                lock.step(crate::journal::STAGING)?;
                let paths: Vec<String> = self.files.iter().map(|f| f.path.clone()).collect();
                repo.stage(&paths)?;
                lock.step("verify the commit")?;
                let planned: Vec<(String, String)> = self
                    .files
                    .iter()
                    .map(|f| (f.path.clone(), f.new_digest.clone()))
                    .collect();
                repo.verify_commit(&id, &planned)?;
                lock.step("after-commit hooks")?;
                run_hooks("after-commit", &self.hooks.after_commit, &self.root, &env)?;
            }
            if let Some(tag) = &self.tag {
                lock.journal.tag = Some(tag.clone());
                lock.step("tag")?;
                injected("tag")?;
                let target = done.commit.clone().unwrap_or_else(|| head.clone());
                if repo.head()? != target {
                    bail!("HEAD moved while the release ran (a hook?); the tag was not made");
                }
                let object = repo.create_tag(tag, &target, &self.tag_message)?;
                crate::test_hooks::crash_point("tagged");
                lock.journal.tag_object = Some(object);
                done.tag = Some(tag.clone());
                lock.step("after-tag hooks")?;
                run_hooks("after-tag", &self.hooks.after_tag, &self.root, &env)?;
            }
            Ok(())
        })();
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
pub struct Done {
    pub commit: Option<String>,
    pub tag: Option<String>,
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
