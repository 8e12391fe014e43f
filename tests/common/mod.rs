//! Temporary git repositories built in-process with git2: fixed author, fixed timestamps
//! (T0 + n days), branch `main`, nothing read from the host's git configuration.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use git2::{IndexAddOption, Oid, Repository, RepositoryInitOptions, Signature, Time};

/// 2024-01-01T00:00:00Z
const T0: i64 = 1_704_067_200;

pub(crate) struct TestRepo {
    pub dir: tempfile::TempDir,
    pub repo: Repository,
    n: i64,
}

impl TestRepo {
    pub(crate) fn new() -> TestRepo {
        let dir = tempfile::tempdir().unwrap();
        let mut opts = RepositoryInitOptions::new();
        opts.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &opts).unwrap();
        TestRepo { dir, repo, n: 0 }
    }

    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Set git's user.name and user.email in the repository (relman commits as them).
    pub(crate) fn with_identity(self) -> Self {
        {
            let mut config = self.repo.config().unwrap();
            config.set_str("user.name", "Release Bot").unwrap();
            config.set_str("user.email", "bot@example.com").unwrap();
        }
        self
    }

    /// HEAD (its ref and commit) and every tag with what it points to.
    pub(crate) fn snapshot_refs(&self) -> (String, Vec<String>) {
        let head = std::fs::read_to_string(self.path().join(".git/HEAD")).unwrap();
        let head = format!("{} {}", head.trim(), self.head());
        let mut tags: Vec<String> = self
            .repo
            .tag_names(None)
            .unwrap()
            .iter()
            .flatten()
            .map(|t| {
                let target = self.repo.revparse_single(t).map(|o| o.id().to_string());
                format!("{t} {}", target.unwrap_or_default())
            })
            .collect();
        tags.sort();
        (head, tags)
    }

    /// Everything a refused or undone release must leave as it was: every file and folder
    /// of the work tree, the index's bytes, HEAD (its ref and commit), the tags.
    pub(crate) fn snapshot(&self) -> Snapshot {
        let files = work_tree_files(self.path());
        let index = std::fs::read(self.path().join(".git/index")).unwrap_or_default();
        let (head, tags) = self.snapshot_refs();
        Snapshot {
            files,
            index,
            head,
            tags,
        }
    }

    fn sig(&self) -> Signature<'static> {
        Signature::new(
            "Test Author",
            "author@example.com",
            &Time::new(T0 + self.n * 86_400, 0),
        )
        .unwrap()
    }

    /// Write a file (creating folders).
    pub(crate) fn write(&mut self, path: &str, content: &str) -> &mut Self {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
        self
    }

    pub(crate) fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(path)).unwrap()
    }

    /// Stage everything and commit with `message`; returns the commit id.
    pub(crate) fn commit(&mut self, message: &str) -> String {
        self.commit_bytes(message.as_bytes())
    }

    /// Commit with raw message bytes (for invalid UTF-8).
    pub(crate) fn commit_bytes(&mut self, message: &[u8]) -> String {
        self.n += 1;
        // Make every commit change something, so trees differ.
        let marker = format!("{}\n", self.n);
        std::fs::write(self.dir.path().join(".commits"), marker).unwrap();
        let mut index = self.repo.index().unwrap();
        index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
        index.write().unwrap();
        let tree_id = index.write_tree().unwrap();
        let tree = self.repo.find_tree(tree_id).unwrap();
        let parents: Vec<git2::Commit<'_>> = match self.repo.head() {
            Ok(head) => vec![head.peel_to_commit().unwrap()],
            Err(_) => vec![],
        };
        let parent_refs: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let sig = self.sig();
        let buf = self
            .repo
            .commit_create_buffer(
                &sig,
                &sig,
                &String::from_utf8_lossy(message),
                &tree,
                &parent_refs,
            )
            .unwrap();
        // Replace the message with the raw bytes.
        let text = buf.as_str().unwrap().to_string();
        let header_end = text.find("\n\n").unwrap() + 2;
        let mut raw = text.as_bytes()[..header_end].to_vec();
        raw.extend_from_slice(message);
        let odb = self.repo.odb().unwrap();
        let id = odb.write(git2::ObjectType::Commit, &raw).unwrap();
        self.set_head(id);
        id.to_string()
    }

    fn set_head(&self, id: Oid) {
        match self.repo.head() {
            Ok(head) if head.is_branch() => {
                self.repo
                    .reference(head.name().unwrap(), id, true, "commit")
                    .unwrap();
            }
            Ok(_) => self.repo.set_head_detached(id).unwrap(),
            Err(_) => {
                self.repo
                    .reference("refs/heads/main", id, true, "commit")
                    .unwrap();
            }
        }
    }

    /// A merge commit of HEAD and `other` with `message`.
    pub(crate) fn merge(&mut self, other: &str, message: &str) -> String {
        self.n += 1;
        let head = self.repo.head().unwrap().peel_to_commit().unwrap();
        let other = self
            .repo
            .find_commit(Oid::from_str(other).unwrap())
            .unwrap();
        let tree = head.tree().unwrap();
        let sig = self.sig();
        let id = self
            .repo
            .commit(None, &sig, &sig, message, &tree, &[&head, &other])
            .unwrap();
        self.set_head(id);
        id.to_string()
    }

    /// Create a branch at HEAD and switch to it, or switch to an existing one.
    pub(crate) fn checkout(&mut self, branch: &str) -> &mut Self {
        let name = format!("refs/heads/{branch}");
        if self.repo.find_reference(&name).is_err() {
            let head = self.repo.head().unwrap().peel_to_commit().unwrap();
            self.repo.branch(branch, &head, false).unwrap();
        }
        self.repo.set_head(&name).unwrap();
        self.repo
            .checkout_head(Some(git2::build::CheckoutBuilder::new().force()))
            .unwrap();
        self
    }

    pub(crate) fn detach(&mut self) -> &mut Self {
        let id = self.repo.head().unwrap().peel_to_commit().unwrap().id();
        self.repo.set_head_detached(id).unwrap();
        self
    }

    pub(crate) fn head(&self) -> String {
        self.repo
            .head()
            .unwrap()
            .peel_to_commit()
            .unwrap()
            .id()
            .to_string()
    }

    /// A lightweight tag at HEAD.
    pub(crate) fn tag(&mut self, name: &str) -> &mut Self {
        {
            let head = self
                .repo
                .head()
                .unwrap()
                .peel(git2::ObjectType::Commit)
                .unwrap();
            self.repo.tag_lightweight(name, &head, false).unwrap();
        }
        self
    }

    /// An annotated tag at HEAD.
    pub(crate) fn annotated_tag(&mut self, name: &str) -> &mut Self {
        {
            let head = self
                .repo
                .head()
                .unwrap()
                .peel(git2::ObjectType::Commit)
                .unwrap();
            let sig = self.sig();
            self.repo
                .tag(name, &head, &sig, &format!("Release {name}"), false)
                .unwrap();
        }
        self
    }

    /// Run git in this repository; its standard output, trimmed (it must succeed).
    #[allow(dead_code)] // not every test file uses it
    pub(crate) fn git(&self, args: &[&str]) -> String {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(self.path())
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Run the real binary in this repository.
    pub(crate) fn relman(&self, args: &[&str]) -> Run {
        relman_in(self.dir.path(), args)
    }
}

/// Every file and folder below `root` but `.git`, with its bytes: a folder as `NAME/` with
/// none, a symbolic link as its target (never followed: it may lead to /dev/zero), any other
/// special file as `(special)`.
pub(crate) fn work_tree_files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if rel == ".git" {
                continue;
            }
            let meta = std::fs::symlink_metadata(&path).unwrap();
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).unwrap();
                out.insert(rel, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                out.insert(format!("{rel}/"), Vec::new());
                walk(&path, root, out);
            } else if meta.is_file() {
                out.insert(rel, std::fs::read(&path).unwrap());
            } else {
                out.insert(rel, b"(special)".to_vec());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// A repository's state, compared whole (see `TestRepo::snapshot`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Snapshot {
    pub files: BTreeMap<String, Vec<u8>>,
    pub index: Vec<u8>,
    pub head: String,
    pub tags: Vec<String>,
}

/// Write a release lock whose owner is the calling (test) process, so relman takes it for
/// a release that is running now.
pub(crate) fn hold_release_lock(git_dir: &Path) {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let journal = format!(
        r#"{{"pid": {}, "host": "{}", "proc_start": null, "started": 0, "step": "planning", "version": null, "root": "/", "branch": null, "head": null, "index_copy": null, "index_path": null, "files": [], "made_dirs": [], "commit_message": null, "commit": null, "tag": null}}"#,
        std::process::id(),
        host.trim()
    );
    std::fs::write(git_dir.join("relman.lock"), journal).unwrap();
}

/// The result of running the binary.
pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Debug for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

pub(crate) fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_relman"))
}

/// Run relman in `dir` with a clean environment (no host git config, no colours).
pub(crate) fn relman_in(dir: &Path, args: &[&str]) -> Run {
    relman_env(dir, args, &[])
}

/// The command that runs relman in `dir` with a clean environment (no host git config or
/// git variables, no colours, no inherited test limits) and `env` on top.
pub(crate) fn command(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut command = Command::new(bin());
    command
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RELMAN_TEST_TEMPLATE_TIMEOUT_MS")
        .env_remove("RELMAN_TEST_TEMPLATE_MEMORY_MB")
        // A run inside GitHub Actions must not write the job's summary, nor colour output.
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR");
    // relman honours git's variables: a test run from a git hook must not point it at the
    // outer repository.
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_COMMON_DIR",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_NAMESPACE",
    ] {
        command.env_remove(var);
    }
    command
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null());
    command
}

/// Run relman in `dir` with extra environment variables.
pub(crate) fn relman_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let output: Output = command(dir, args, env).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Exit code of a run that had to be killed at its deadline.
pub(crate) const KILLED: i32 = -2;

/// [`relman_env`] with a deadline, so that a hang fails a test instead of blocking it: killed
/// after `limit` (code [`KILLED`]); stdout and stderr go through files so that nothing blocks
/// on a full pipe.
pub(crate) fn relman_bounded(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    limit: std::time::Duration,
) -> Run {
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().join("stdout");
    let err_path = out_dir.path().join("stderr");
    let started = std::time::Instant::now();
    let mut child = command(dir, args, env)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break KILLED;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    let mut stderr = read(&err_path);
    if code == KILLED {
        stderr.push_str("\n[killed: still running after the time limit]");
    }
    Run {
        code,
        stdout: read(&out_path),
        stderr,
    }
}
