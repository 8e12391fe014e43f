//! The release lock and its journal: `relman.lock` in the repository's common git folder
//! (so every worktree of a repository shares it). A release takes it before it plans, so a
//! second release refuses before planning; the file says who holds it (PID, host, the
//! process's start time, so a live owner is told apart from a dead one and from a reused
//! PID) and, step by step, what the release has done and what undoes it: the old bytes of
//! each file before it is written, the folders it made, the index as it was, the branch
//! and its commit before the release commit, the tag before it is made. Each entry is
//! written (atomically) *before* the step it undoes, so after a `kill -9` at any point the
//! journal covers everything done. [`Journal::undo`] puts the repository back from it; a
//! failed release and `relman release --abort` both use it.
//!
//! While an interrupted release's journal is there, every command that writes refuses.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use serde::{Deserialize, Serialize};

use crate::git::Repo;
use crate::workspace::Workspace;

/// The lock's file name in the common git folder.
pub(crate) const LOCK_NAME: &str = "relman.lock";

/// The journal's step while the release commit's files are staged (git's `index.lock` is
/// the release's own if the release died then).
pub(crate) const STAGING: &str = "stage the committed files";

/// The copy of the index a release keeps in its work tree's git folder.
pub(crate) const INDEX_COPY: &str = "relman-index.orig";

/// One file the release writes, and what it held before.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct FileUndo {
    /// Root-relative.
    pub(crate) path: String,
    /// Its bytes before the release (as text: relman writes only UTF-8 files), or none when
    /// the release creates it.
    pub(crate) old: Option<String>,
    /// The git blob id of what the release writes: a file that holds neither this nor the
    /// old bytes was changed by someone after the release, and is left alone.
    pub(crate) new_digest: String,
}

/// What the release has done, as far as it got.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Journal {
    pub(crate) pid: u32,
    pub(crate) host: String,
    /// The owner's start time (clock ticks since boot on Linux), to tell a reused PID.
    pub(crate) proc_start: Option<u64>,
    /// Seconds since the epoch when the lock was taken.
    pub(crate) started: u64,
    /// The step now under way (`planning` until the plan is built).
    pub(crate) step: String,
    pub(crate) version: Option<String>,
    /// The work tree's root when the release ran (for messages: the undo works on the
    /// repository where `--abort` runs, which may have moved).
    pub(crate) root: PathBuf,
    /// Which work tree of the repository: its git folder relative to the common one (empty
    /// for the main work tree).
    #[serde(default)]
    pub(crate) worktree: String,
    /// HEAD before the release: the branch it was on (None when detached) and its commit.
    pub(crate) branch: Option<String>,
    pub(crate) head: Option<String>,
    /// A copy of the index file before the release, and where the index lives.
    pub(crate) index_copy: Option<PathBuf>,
    pub(crate) index_path: Option<PathBuf>,
    pub(crate) files: Vec<FileUndo>,
    /// Folders made for new files, outermost first.
    pub(crate) made_dirs: Vec<String>,
    /// The release commit's message, once committing has started (to recognise it).
    pub(crate) commit_message: Option<String>,
    pub(crate) commit: Option<String>,
    /// The tag, once tagging has started.
    pub(crate) tag: Option<String>,
    /// The tag object the release made, once made: only that one is deleted by an undo.
    #[serde(default)]
    pub(crate) tag_object: Option<String>,
    /// The tags made before `tag` (a monorepo's release tags each package), with the tag
    /// object each is.
    #[serde(default)]
    pub(crate) tags_made: Vec<(String, String)>,
}

/// The held lock: the journal and where it lives. Dropping it without [`Lock::release`]
/// removes the file only when nothing was done yet (a refused plan).
#[derive(Debug)]
pub(crate) struct Lock {
    path: PathBuf,
    pub(crate) journal: Journal,
    released: bool,
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// This machine's name, for telling whose lock it is.
fn host() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "localhost".to_string())
}

/// A running process's start time in clock ticks since boot (Linux), to tell a reused PID;
/// None when there is no such process, or only its zombie (killed, not yet reaped).
fn proc_start(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces and parentheses: count from its end.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split(' ');
    if matches!(fields.next(), Some("Z" | "X" | "x")) {
        return None;
    }
    fields.nth(18)?.parse().ok()
}

/// Whether the owner of a journal still runs.
fn alive(journal: &Journal) -> bool {
    if journal.host != host() {
        // Another machine (a shared folder): it cannot be asked, so it counts as running.
        return true;
    }
    if Path::new("/proc/self/stat").exists() {
        return match (proc_start(journal.pid), journal.proc_start) {
            (Some(now), Some(then)) => now == then,
            (Some(_), None) => true,
            (None, _) => false,
        };
    }
    std::process::Command::new("kill")
        .args(["-0", &journal.pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

impl Journal {
    /// Whether anything was done that needs undoing.
    fn has_work(&self) -> bool {
        !self.files.is_empty()
            || self.commit_message.is_some()
            || self.tag.is_some()
            || !self.tags_made.is_empty()
            || self.index_copy.is_some()
    }
}

/// The journal in `git_dir`, if there is one.
fn read(path: &Path) -> Result<Option<Journal>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(anyhow!(
                "{}: cannot read the release lock: {e}",
                path.display()
            ))
        }
    };
    serde_json::from_slice(&bytes).map(Some).map_err(|_| {
        anyhow!(
            "{}: a release lock relman cannot read (from an older relman?); if no release is running, delete it",
            path.display()
        )
    })
}

/// A work tree's name among the repository's: its git folder relative to the common one.
fn worktree_id(repo: &Repo) -> String {
    let common = std::fs::canonicalize(repo.common_dir()).unwrap_or_default();
    let own = std::fs::canonicalize(repo.git_dir()).unwrap_or_default();
    own.strip_prefix(&common)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The environment variable hooks get: the PID of the release that runs them, so that a
/// hook may run relman commands that write (they are part of that release).
pub(crate) const OWNER_VAR: &str = "RELMAN_RELEASE_PID";

fn lock_path(repo: &Repo) -> PathBuf {
    repo.common_dir().join(LOCK_NAME)
}

fn since(journal: &Journal) -> String {
    let age = now().saturating_sub(journal.started);
    format!("{age} s ago")
}

/// For a command that writes outside a release (`bump`, `init`, `--output`, `lint --fix`):
/// the lock, held while it writes, so that no release starts in between; none outside git,
/// or for a hook of the release that holds it. `what` names the command for messages.
pub(crate) fn hold(project: &Workspace, what: &str) -> Result<Option<Lock>> {
    let Some(repo) = &project.repo else {
        return Ok(None);
    };
    if let Some(journal) = read(&lock_path(repo))? {
        if std::env::var(OWNER_VAR).is_ok_and(|pid| pid == journal.pid.to_string()) {
            return Ok(None);
        }
    }
    let mut lock = Lock::take(repo)?;
    lock.journal.step = format!("relman {what}");
    lock.save()?;
    Ok(Some(lock))
}

/// Refuse to write while a release runs or an interrupted one awaits `--abort`.
pub(crate) fn guard(project: &Workspace) -> Result<()> {
    let Some(repo) = &project.repo else {
        return Ok(());
    };
    let path = lock_path(repo);
    let Some(journal) = read(&path)? else {
        return Ok(());
    };
    if std::env::var(OWNER_VAR).is_ok_and(|pid| pid == journal.pid.to_string()) {
        // A hook of the release that holds the lock.
        return Ok(());
    }
    if alive(&journal) {
        bail!(
            "a {} in this repository (PID {} on {}, started {}); wait for it to finish ({})",
            running(&journal),
            journal.pid,
            journal.host,
            since(&journal),
            path.display()
        );
    }
    if !journal.has_work() || journal.step == DONE {
        // It died before doing anything, or after finishing: nothing to recover (the next
        // release takes the lock over).
        return Ok(());
    }
    bail!("{}", interrupted(&journal))
}

/// The journal's step once the release is complete (only its removal was left to do).
const DONE: &str = "done";

/// What holds the lock: a release, or another command that writes.
fn running(journal: &Journal) -> String {
    match journal.step.strip_prefix("relman ") {
        Some(command) => format!("relman {command} is writing"),
        None => "relman release is running".to_string(),
    }
}

fn interrupted(journal: &Journal) -> String {
    format!(
        "a release of {} was interrupted at step `{}` (PID {} is gone); run `relman release --abort` to put the repository back as it was before it, then release again",
        journal.version.as_deref().unwrap_or("an unknown version"),
        journal.step,
        journal.pid
    )
}

impl Lock {
    /// Take the lock of `repo`'s repository before planning.
    pub(crate) fn take(repo: &Repo) -> Result<Lock> {
        let path = lock_path(repo);
        let pid = std::process::id();
        let journal = Journal {
            pid,
            host: host(),
            proc_start: proc_start(pid),
            started: now(),
            step: "planning".to_string(),
            version: None,
            root: repo.root().to_path_buf(),
            worktree: worktree_id(repo),
            branch: None,
            head: None,
            index_copy: None,
            index_path: None,
            files: Vec::new(),
            made_dirs: Vec::new(),
            commit_message: None,
            commit: None,
            tag: None,
            tag_object: None,
            tags_made: Vec::new(),
        };
        // The file appears whole or not at all: written aside, then linked into place (a
        // link fails when the name exists, which is the lock).
        let tmp = path.with_file_name(format!("{LOCK_NAME}.{pid}.tmp"));
        std::fs::write(&tmp, serde_json::to_vec_pretty(&journal)?)
            .with_context(|| format!("{}: cannot create the release lock", tmp.display()))?;
        for _ in 0..2 {
            match std::fs::hard_link(&tmp, &path) {
                Ok(()) => {
                    let _ = std::fs::remove_file(&tmp);
                    return Ok(Lock {
                        path,
                        journal,
                        released: false,
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let refusal = match read(&path) {
                        Ok(Some(other)) if alive(&other) => anyhow!(
                            "another {} in this repository (PID {} on {}, started {}); wait for it to finish (nothing was planned or written). If it runs on another machine that is gone, `relman release --abort --force` ends it ({})",
                            running(&other),
                            other.pid,
                            other.host,
                            since(&other),
                            path.display()
                        ),
                        Ok(Some(other)) if other.has_work() && other.step != DONE => {
                            anyhow!("{}", interrupted(&other))
                        }
                        Ok(Some(dead)) => {
                            // A dead owner that did nothing (or finished): take its place.
                            // Moved aside atomically and checked, so that a live lock that
                            // replaced it in the meantime is never removed.
                            let aside = path.with_file_name(format!("{LOCK_NAME}.{pid}.stale"));
                            if std::fs::rename(&path, &aside).is_ok() {
                                let same = read(&aside).ok().flatten().is_some_and(|j| {
                                    j.pid == dead.pid && j.started == dead.started && j.host == dead.host
                                });
                                if !same {
                                    let _ = std::fs::hard_link(&aside, &path);
                                }
                                let _ = std::fs::remove_file(&aside);
                            }
                            continue;
                        }
                        Ok(None) => continue,
                        Err(e) => e,
                    };
                    let _ = std::fs::remove_file(&tmp);
                    return Err(refusal);
                }
                Err(e) => {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(anyhow!(
                        "{}: cannot create the release lock: {e}",
                        path.display()
                    ));
                }
            }
        }
        let _ = std::fs::remove_file(&tmp);
        bail!(
            "{}: the release lock keeps coming back; is another release starting?",
            path.display()
        )
    }

    /// Record the journal as it is now (before the step it describes is done).
    pub(crate) fn save(&self) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(&self.journal)?;
        crate::fsutil::write_atomic(&self.path, &bytes)
            .with_context(|| format!("{}: cannot write the release journal", self.path.display()))
    }

    /// Enter `step` and record it.
    pub(crate) fn step(&mut self, step: &str) -> Result<()> {
        self.journal.step = step.to_string();
        self.save()?;
        crate::test_hooks::crash_point(step);
        Ok(())
    }

    /// The release is complete (or fully undone): forget the journal.
    pub(crate) fn release(mut self) {
        // Complete first: a kill from here on leaves a journal that says so, never one that
        // `--abort` would undo (the after-tag hooks may have pushed the release).
        let _ = self.step(DONE);
        if let Some(copy) = &self.journal.index_copy {
            let _ = std::fs::remove_file(copy);
        }
        let _ = std::fs::remove_file(&self.path);
        self.released = true;
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Never drop a journal that still has something to undo: it is the way back.
        if !self.released && !self.journal.has_work() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// What `undo` restored and what it could not.
#[derive(Debug, Default)]
pub(crate) struct Undone {
    pub(crate) restored: Vec<String>,
    pub(crate) failed: Vec<String>,
}

impl Journal {
    /// Put the repository back as the journal says it was: the tag, the branch, the index,
    /// every file and folder. Each part is tried even when another fails.
    pub(crate) fn undo(&self, repo: &Repo) -> Undone {
        let mut out = Undone::default();
        let mut fail = |what: String| out.failed.push(what);
        let mut restored = Vec::new();
        for (tag, object) in &self.tags_made {
            match repo.tag_ref_target(tag) {
                Some(target) if target == *object => match repo.delete_tag(tag) {
                    Ok(()) => restored.push(format!("deleted the tag {tag}")),
                    Err(e) => fail(format!("{e:#}")),
                },
                Some(_) => fail(format!(
                    "the tag {tag} is no longer the one this release made; left alone"
                )),
                None => {}
            }
        }
        if let Some(tag) = &self.tag {
            // The tag object the release made, when the journal knows it; else (killed
            // between making it and writing it down) a tag on the release's commit.
            let ours = |target: &str| match &self.tag_object {
                Some(object) => repo.tag_ref_target(tag).as_ref() == Some(object),
                None => {
                    Some(target) == self.commit.as_deref()
                        || Some(target) == self.head.as_deref()
                        || self.is_release_commit(repo, target)
                }
            };
            match repo.tag_target(tag) {
                Some(target) if ours(&target) => match repo.delete_tag(tag) {
                    Ok(()) => restored.push(format!("deleted the tag {tag}")),
                    Err(e) => fail(format!("{e:#}")),
                },
                Some(_) => fail(format!(
                    "the tag {tag} points to a commit this release did not make; left alone"
                )),
                None => {}
            }
        }
        if self.commit_message.is_some() {
            if let Some(head) = &self.head {
                if !self.undo_commit(repo, head, &mut restored, &mut fail) {
                    // The branch holds someone's later work: the index and the files belong
                    // to it now. Leave them.
                    fail("so the index and the files were left as they are; if the release commit is in the branch's history, revert it with git".to_string());
                    out.restored = restored;
                    return out;
                }
            }
        }
        if self.index_copy.is_some() {
            // Where the index is now: the repository may have moved since.
            let copy = repo.git_dir().join(INDEX_COPY);
            let index = repo.git_dir().join("index");
            match std::fs::read(&copy) {
                Ok(bytes) => match crate::fsutil::write_atomic(&index, &bytes) {
                    Ok(()) => restored.push("restored the git index".to_string()),
                    Err(e) => fail(format!(
                        "{}: cannot restore the git index: {e}",
                        index.display()
                    )),
                },
                Err(e) => fail(format!(
                    "{}: cannot read the saved index: {e}",
                    copy.display()
                )),
            }
        }
        let root = repo.root();
        for file in self.files.iter().rev() {
            let full = root.join(&file.path);
            crate::fsutil::remove_temporaries(&full);
            let now = std::fs::read(&full).ok();
            let ours = now
                .as_deref()
                .is_some_and(|b| crate::git::blob_id(b) == file.new_digest);
            let result = match (&file.old, now) {
                (Some(old), Some(now)) if now == old.as_bytes() => Ok(()),
                (Some(old), None) => crate::fsutil::write_atomic(&full, old.as_bytes()),
                (Some(old), Some(_)) if ours => crate::fsutil::write_atomic(&full, old.as_bytes()),
                (None, None) => Ok(()),
                (None, Some(_)) if ours => std::fs::remove_file(&full),
                (_, Some(_)) => {
                    fail(format!(
                        "{} was changed after the release wrote it; left as it is (its content before the release is in the journal, {})",
                        file.path, LOCK_NAME
                    ));
                    continue;
                }
            };
            match result {
                Ok(()) => restored.push(format!("restored {}", file.path)),
                Err(e) => fail(format!("{}: cannot restore: {e}", file.path)),
            }
        }
        for dir in self.made_dirs.iter().rev() {
            let _ = std::fs::remove_dir(root.join(dir));
        }
        out.restored = restored;
        out
    }

    /// Whether `id` is the release commit: made on HEAD's commit with the planned message.
    fn is_release_commit(&self, repo: &Repo, id: &str) -> bool {
        match (&self.head, &self.commit_message) {
            (Some(head), Some(message)) => repo
                .commit_parent_and_message(id)
                .is_some_and(|(parent, m)| parent == *head && m.trim_end() == message.trim_end()),
            _ => false,
        }
    }

    /// Move the branch back from the release commit; false when it holds other work now
    /// (then nothing else may be put back).
    fn undo_commit(
        &self,
        repo: &Repo,
        head: &str,
        restored: &mut Vec<String>,
        fail: &mut dyn FnMut(String),
    ) -> bool {
        let reference = self.branch.clone();
        let now = match &reference {
            Some(branch) => repo.ref_target(branch),
            None => repo.head().ok(),
        };
        let Some(now) = now else {
            fail(format!(
                "{} no longer exists; relman did not recreate it",
                reference.as_deref().unwrap_or("HEAD")
            ));
            return false;
        };
        if now == head {
            // The commit was never made (or is undone already).
        } else if Some(&now) == self.commit.as_ref() || self.is_release_commit(repo, &now) {
            let result = match &reference {
                Some(branch) => repo.set_ref(branch, head),
                None => repo.reset_head(head),
            };
            match result {
                Ok(()) => restored.push(format!(
                    "moved {} back to {}",
                    reference.as_deref().unwrap_or("HEAD"),
                    &head[..7.min(head.len())]
                )),
                Err(e) => fail(format!("{e:#}")),
            }
        } else {
            fail(format!(
                "{} moved to {} since, which is not the release commit; left alone",
                reference.as_deref().unwrap_or("HEAD"),
                &now[..7.min(now.len())]
            ));
            return false;
        }
        // HEAD itself: a hook may have switched branches.
        if let Some(branch) = &reference {
            match repo.head_ref_name() {
                Some(current) if current == *branch => {}
                current => fail(format!(
                    "HEAD is on {} now, not {branch} as before the release (a hook switched it?); relman left it there: run `git switch {}`",
                    current.as_deref().unwrap_or("a detached commit"),
                    branch.trim_start_matches("refs/heads/")
                )),
            }
        }
        true
    }
}

/// `relman release --abort`: undo an interrupted release from its journal. `force` ends a
/// release whose owner cannot be asked (another host name, as after a container restart).
pub(crate) fn abort(project: &Workspace, force: bool) -> Result<Option<(Journal, Undone)>> {
    let repo = project.repo()?;
    let path = lock_path(repo);
    let Some(journal) = read(&path)? else {
        return Ok(None);
    };
    if !force && alive(&journal) {
        bail!(
            "a relman release is running in this repository (PID {} on {}, started {}); it is not interrupted: wait for it (if it ran on another machine that is gone, `relman release --abort --force` ends it)",
            journal.pid,
            journal.host,
            since(&journal)
        );
    }
    if !journal.has_work() || journal.step == DONE {
        // It died before doing anything, or after finishing: nothing to undo.
        let _ = std::fs::remove_file(&path);
        return Ok(None);
    }
    if worktree_id(repo) != journal.worktree {
        bail!(
            "the interrupted release ran in the work tree at {}; run `relman release --abort` there",
            journal.root.display()
        );
    }
    // git's own lock files, left if the release died in the middle of a git update (or held
    // by a git command running now): every ref and index update would fail. As git does,
    // relman does not guess whose they are.
    let mut held: Vec<PathBuf> = vec![
        repo.git_dir().join("index.lock"),
        repo.git_dir().join("HEAD.lock"),
        repo.common_dir().join("packed-refs.lock"),
    ];
    if let Some(branch) = &journal.branch {
        held.push(repo.common_dir().join(format!("{branch}.lock")));
    }
    if let Some(tag) = &journal.tag {
        held.push(repo.common_dir().join(format!("refs/tags/{tag}.lock")));
    }
    held.retain(|l| l.is_file());
    // The lock of the git update the release died in is its own: nobody else could take
    // that lock while it was there.
    let own: Vec<PathBuf> = match journal.step.as_str() {
        STAGING => vec![repo.git_dir().join("index.lock")],
        "commit" => journal
            .branch
            .iter()
            .map(|b| repo.common_dir().join(format!("{b}.lock")))
            .chain([repo.git_dir().join("HEAD.lock")])
            .collect(),
        "tag" => journal
            .tag
            .iter()
            .map(|t| repo.common_dir().join(format!("refs/tags/{t}.lock")))
            .chain([repo.common_dir().join("packed-refs.lock")])
            .collect(),
        _ => Vec::new(),
    };
    let mut removed = Vec::new();
    for lock in held.iter().filter(|l| own.contains(l)) {
        std::fs::remove_file(lock)
            .with_context(|| format!("{}: cannot remove git's lock file", lock.display()))?;
        removed.push(format!(
            "removed {}, left by the release when it died in the middle of a git update",
            lock.display()
        ));
    }
    held.retain(|l| !own.contains(l));
    if !held.is_empty() {
        let list: Vec<String> = held.iter().map(|l| l.display().to_string()).collect();
        bail!(
            "git's lock files are in the way: {}; if no git command is running, delete them (the release died in the middle of a git update), then run `relman release --abort` again",
            list.join(", ")
        );
    }
    let mut undone = journal.undo(repo);
    removed.extend(std::mem::take(&mut undone.restored));
    undone.restored = removed;
    if undone.failed.is_empty() {
        if journal.index_copy.is_some() {
            let _ = std::fs::remove_file(repo.git_dir().join(INDEX_COPY));
        }
        std::fs::remove_file(&path)
            .with_context(|| format!("{}: cannot remove the release journal", path.display()))?;
    }
    Ok(Some((journal, undone)))
}
