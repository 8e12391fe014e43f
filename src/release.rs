//! `relman release`: the whole cut, all or nothing. `Plan::build` reads the repository and
//! renders everything in memory (version files, the changelog section, the configured
//! release documents), checks the preconditions and lints the result, touching nothing;
//! the plan can be printed (a unified diff, or JSON for CI). `Plan::execute` then takes a
//! lock, runs the hooks, writes each file atomically, commits exactly those files and makes
//! an annotated tag; when a step fails, everything done so far is undone in reverse.

use std::collections::HashMap;
use std::fs::OpenOptions;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{anyhow, bail, Context as _, Result};
use semver::Version;
use serde::Serialize;

use crate::changelog::{self, Spliced};
use crate::decide::{self, Choice};
use crate::lint;
use crate::manifest;
use crate::project::{self, Project};
use crate::publish;
use crate::releases::{self, Shared};

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
}

/// The hooks of `[hooks]`: each a list of argument lists.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Hooks {
    pub before_write: Vec<Vec<String>>,
    pub after_write: Vec<Vec<String>>,
    pub after_commit: Vec<Vec<String>>,
    pub after_tag: Vec<Vec<String>>,
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
}

/// Read `[hooks]`: strict, each hook a non-empty list of strings.
pub fn hooks(value: Option<&serde_json::Value>) -> Result<Hooks> {
    let mut hooks = Hooks::default();
    let Some(value) = value else { return Ok(hooks) };
    let table = value
        .as_object()
        .ok_or_else(|| anyhow!("release.toml: [hooks] must be a table"))?;
    for (key, list) in table {
        let slot = match key.as_str() {
            "before-write" => &mut hooks.before_write,
            "after-write" => &mut hooks.after_write,
            "after-commit" => &mut hooks.after_commit,
            "after-tag" => &mut hooks.after_tag,
            other => bail!(
                "release.toml: unknown hook `{other}` in [hooks]; the hooks are before-write, after-write, after-commit, after-tag"
            ),
        };
        let commands = list.as_array().ok_or_else(|| {
            anyhow!("release.toml: [hooks] {key} must be a list of argument lists, e.g. [[\"cargo\", \"test\"]]")
        })?;
        for command in commands {
            let args: Option<Vec<String>> = command
                .as_array()
                .and_then(|a| a.iter().map(|x| x.as_str().map(str::to_string)).collect());
            match args {
                Some(args) if !args.is_empty() => slot.push(args),
                _ => bail!(
                    "release.toml: each [hooks] {key} entry must be a non-empty list of strings, e.g. [\"cargo\", \"test\"]"
                ),
            }
        }
    }
    Ok(hooks)
}

impl Plan {
    /// Decide the cut; `Ok(None)` when there is nothing to release.
    pub fn build(project: &Project, options: &Options) -> Result<Option<Plan>> {
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
        let hooks = hooks(project.config.hooks.as_ref())?;
        let decision = decide::decide(project, &options.choice)?;
        let Some(version) = decision.next.clone() else {
            return Ok(None);
        };
        let tag = project.prefix.format(&version);
        if !options.no_tag && repo.tag_exists(&tag) {
            bail!("the tag {tag} already exists; {version} was released already (delete the tag only if that release never left this machine)");
        }
        let date = releases::release_date(options.date.as_deref())?;
        let renderer = publish::renderer(project)?;
        let shared = Shared::of(project);
        let tags = repo.release_tags(&project.prefix)?;
        let previous_tag = if version.pre.is_empty() {
            repo.latest_tag(&tags, &head, true)?
        } else {
            repo.latest_tag(&tags, &head, false)?
        };
        let release = releases::release(
            project,
            &shared,
            previous_tag.as_ref(),
            &head,
            version.to_string(),
            Some(tag.clone()),
            date,
            false,
            true,
        )?;
        let mut files: Vec<FileChange> = Vec::new();
        // Version files, as `relman bump` writes them.
        let version_files = project.version_files()?;
        project::check_agreement(&version_files)?;
        for file in &version_files {
            let new = manifest::splice(&file.text, &file.fields, &version.to_string());
            push_change(
                &mut files,
                &file.path.to_string_lossy(),
                Some(file.text.clone()),
                new,
            );
        }
        // The changelog section.
        let section = changelog::section(&renderer, &release)?;
        let changelog_path = project
            .config
            .changelog
            .path
            .clone()
            .unwrap_or_else(|| "CHANGELOG.md".to_string());
        let full = project.root.join(&changelog_path);
        let existing = if full.is_file() {
            Some(project::read_text(&full, Path::new(&changelog_path))?)
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
            Spliced::Changed(text) => push_change(&mut files, &changelog_path, existing, text),
            Spliced::Unchanged => {}
        }
        // The release documents of [documents].
        for (name, pattern) in &project.config.documents {
            let path = pattern
                .replace("{{version}}", &version.to_string())
                .replace("{{ version }}", &version.to_string())
                .replace("{{tag}}", &tag);
            if let Some(reason) = crate::config::bad_relative_path(&path) {
                bail!("release.toml: [documents] {name} = {pattern:?} {reason}; give a path inside the repository");
            }
            let text = if name == "changelog" {
                section.clone()
            } else {
                renderer.render(name, &release)?
            };
            let full = project.root.join(&path);
            let old = if full.is_file() {
                Some(project::read_text(&full, Path::new(&path))?)
            } else {
                None
            };
            push_change(&mut files, &path, old, text);
        }
        files.retain(|f| f.old.as_deref() != Some(f.new.as_str()));
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
        };
        plan.lint(project, &version)?;
        Ok(Some(plan))
    }

    /// `relman lint` of the repository as the cut will leave it, in memory.
    fn lint(&self, project: &Project, version: &Version) -> Result<()> {
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
                let _ = writeln!(out, "hook {when}: {}", args.join(" "));
            }
        }
        out
    }

    /// Do the cut. On a failure after the first write, restore everything and report it.
    pub fn execute(&self, project: &Project) -> Result<Done> {
        let repo = project.repo()?;
        let _lock = Lock::take(repo.git_dir())?;
        let head = repo.head()?;
        let env = [
            ("RELMAN_VERSION", self.version.as_str()),
            ("RELMAN_PREVIOUS_VERSION", self.previous.as_str()),
        ];
        run_hooks("before-write", &self.hooks.before_write, &self.root, &env)?;
        let index = repo.index_bytes();
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
        // Folders made for new documents, outermost first, to remove on undo.
        let mut made_dirs: Vec<PathBuf> = Vec::new();
        for edit in &edits {
            if let Some(parent) = edit.full.parent() {
                let mut missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|d| !d.exists())
                    .map(Path::to_path_buf)
                    .collect();
                missing.reverse();
                std::fs::create_dir_all(parent).with_context(|| {
                    format!("{}: cannot create its folder", edit.path.display())
                })?;
                made_dirs.extend(missing);
            }
        }
        let remove_dirs = |dirs: &[PathBuf]| {
            for dir in dirs.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
        };
        if let Err(e) = crate::fsutil::write_all(&edits) {
            remove_dirs(&made_dirs);
            return Err(e);
        }
        let mut done = Done {
            commit: None,
            tag: None,
        };
        let result = (|| -> Result<()> {
            run_hooks("after-write", &self.hooks.after_write, &self.root, &env)?;
            if let Some(message) = &self.commit_message {
                injected("commit")?;
                let paths: Vec<String> = self.files.iter().map(|f| f.path.clone()).collect();
                done.commit = Some(repo.commit_paths(&paths, message)?);
                run_hooks("after-commit", &self.hooks.after_commit, &self.root, &env)?;
            }
            if let Some(tag) = &self.tag {
                injected("tag")?;
                let target = done.commit.clone().unwrap_or_else(|| head.clone());
                repo.create_tag(tag, &target, &self.tag_message)?;
                done.tag = Some(tag.clone());
                run_hooks("after-tag", &self.hooks.after_tag, &self.root, &env)?;
            }
            Ok(())
        })();
        if let Err(error) = result {
            let mut undo_errors = Vec::new();
            if let Some(tag) = &done.tag {
                if let Err(e) = repo.delete_tag(tag) {
                    undo_errors.push(format!("{e:#}"));
                }
            }
            if done.commit.is_some() {
                if let Err(e) = repo.reset_head(&head) {
                    undo_errors.push(format!("{e:#}"));
                }
            }
            if let Some(bytes) = &index {
                if let Err(e) = repo.restore_index(bytes) {
                    undo_errors.push(format!("{e:#}"));
                }
            }
            for edit in edits.iter().rev() {
                let restored = match &edit.old {
                    Some(old) => crate::fsutil::write_atomic(&edit.full, old),
                    None => std::fs::remove_file(&edit.full),
                };
                if let Err(e) = restored {
                    undo_errors.push(format!("{}: {e}", edit.path.display()));
                }
            }
            remove_dirs(&made_dirs);
            let what = if undo_errors.is_empty() {
                "the release was undone: every file, the commit and the tag are as before"
                    .to_string()
            } else {
                format!("and undoing it failed in part: {}", undo_errors.join("; "))
            };
            return Err(anyhow!("{error:#}; {what}"));
        }
        Ok(done)
    }
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

fn push_change(files: &mut Vec<FileChange>, path: &str, old: Option<String>, new: String) {
    let path = path.replace('\\', "/");
    if let Some(existing) = files.iter_mut().find(|f| f.path == path) {
        existing.new_digest = crate::git::blob_id(new.as_bytes());
        existing.new = new;
        return;
    }
    files.push(FileChange {
        old_digest: old.as_ref().map(|o| crate::git::blob_id(o.as_bytes())),
        new_digest: crate::git::blob_id(new.as_bytes()),
        path,
        old,
        new,
    });
}

/// The environment variable through which tests make a step of the cut fail.
pub const FAIL_STEP_VAR: &str = "RELMAN_TEST_FAIL_STEP";

fn injected(step: &str) -> Result<()> {
    match std::env::var(FAIL_STEP_VAR) {
        Ok(s) if s == step => bail!("{step} failed (injected by {FAIL_STEP_VAR})"),
        _ => Ok(()),
    }
}

fn run_hooks(when: &str, hooks: &[Vec<String>], root: &Path, env: &[(&str, &str)]) -> Result<()> {
    for args in hooks {
        let (program, rest) = args
            .split_first()
            .ok_or_else(|| anyhow!("empty {when} hook"))?;
        let status = Command::new(program)
            .args(rest)
            .current_dir(root)
            .envs(env.iter().copied())
            .status()
            .with_context(|| {
                format!(
                    "the {when} hook `{}` could not start; check that {program} is installed",
                    args.join(" ")
                )
            })?;
        if !status.success() {
            bail!("the {when} hook `{}` failed ({status})", args.join(" "));
        }
    }
    Ok(())
}

/// `.git/relman.lock`, held while a cut runs, so that two cuts cannot interleave.
struct Lock {
    path: PathBuf,
}

impl Lock {
    fn take(git_dir: &Path) -> Result<Lock> {
        let path = git_dir.join("relman.lock");
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(_) => Ok(Lock { path }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
                "another relman release is running in this repository ({} exists); wait for it, or remove the file if no release is running",
                path.display()
            ),
            Err(e) => Err(anyhow!("{}: cannot create the release lock: {e}", path.display())),
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}
