//! Crash recovery and concurrency of `relman release`: a release killed at any step leaves
//! a journal; every later write refuses until `relman release --abort` puts the repository
//! back byte for byte; two releases never interleave; hooks cannot slip changes past the plan.

// Without the `test-hooks` feature the crash tests are compiled out, and their helpers unused.
#![cfg_attr(not(feature = "test-hooks"), allow(dead_code, unused_imports))]

mod common;

use std::process::{Command, Stdio};

use common::{relman_env, TestRepo};

const DATE: &str = "2024-06-01";

fn ready(hooks: &str) -> TestRepo {
    let mut repo = TestRepo::new();
    {
        let mut config = repo.repo.config().unwrap();
        config.set_str("user.name", "Release Bot").unwrap();
        config.set_str("user.email", "bot@example.com").unwrap();
    }
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"1.0.0\"\n",
    )
    .write(
        "CHANGELOG.md",
        "# Changelog\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- first\n",
    )
    .write(
        "release.toml",
        &format!(
            "[documents]\nnotes = \"docs/releases/NOTES_{{{{version}}}}.md\"\n\n[hooks]\n{hooks}"
        ),
    );
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("feat(api): export");
    repo
}

type State = common::Snapshot;

fn state(repo: &TestRepo) -> State {
    repo.snapshot()
}

fn run(repo: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> common::Run {
    relman_env(repo.path(), args, env)
}

/// A release killed (as by `kill -9`) when it reaches `step`.
#[track_caller]
fn crash_at(repo: &TestRepo, step: &str) {
    let r = run(
        repo,
        &["release", "--date", DATE],
        &[("RELMAN_TEST_CRASH_AT", step)],
    );
    assert_eq!(r.code, 137, "{step}: {r:?}");
}

/// After an interrupted release: writes refuse, `--abort` restores everything.
fn check_recovery(repo: &TestRepo, before: &State, step: &str) {
    assert!(
        repo.path().join(".git/relman.lock").is_file(),
        "{step}: the journal stays after a crash"
    );
    for args in [
        &["release", "--date", DATE][..],
        &["bump"][..],
        &["changelog", "--output", "OUT.md"][..],
    ] {
        let r = run(repo, args, &[]);
        assert_eq!(r.code, 2, "{step}: {args:?} {r:?}");
        assert!(
            r.stderr.contains("was interrupted at step"),
            "{step}: {r:?}"
        );
        assert!(r.stderr.contains("relman release --abort"), "{step}: {r:?}");
        assert!(r.stderr.contains("1.1.0"), "{step}: {r:?}");
    }
    // Reading is fine.
    assert_eq!(run(repo, &["next"], &[]).code, 0, "{step}");
    let r = run(repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 0, "{step}: {r:?}");
    assert!(r.stdout.contains("was undone"), "{step}: {r:?}");
    assert_eq!(
        &state(repo),
        before,
        "{step}: --abort gives everything back"
    );
    assert!(!repo.path().join(".git/relman.lock").exists(), "{step}");
    assert!(
        !repo.path().join(".git/relman-index.orig").exists(),
        "{step}"
    );
    // And the release can be cut again, once.
    let r = run(repo, &["release", "--date", DATE], &[]);
    assert_eq!(r.code, 0, "{step}: {r:?}");
    let log: Vec<String> = {
        let mut walk = repo.repo.revwalk().unwrap();
        walk.push_head().unwrap();
        walk.map(|id| {
            repo.repo
                .find_commit(id.unwrap())
                .unwrap()
                .summary()
                .unwrap()
                .to_string()
        })
        .collect()
    };
    assert_eq!(
        log.iter()
            .filter(|s| s.starts_with("chore(release)"))
            .count(),
        1,
        "{step}: {log:?}"
    );
}

#[test]
fn a_release_killed_by_a_hook_at_each_step_is_undone_by_abort() {
    for hook in ["before-write", "after-write", "after-commit", "after-tag"] {
        // Killed once: the hook marks that it ran, so the release after --abort succeeds.
        let repo = ready(&format!(
            "{hook} = [[\"sh\", \"-c\", \"test -e .git/killed || {{ touch .git/killed; kill -9 $PPID; }}\"]]\n"
        ));
        let before = state(&repo);
        let r = run(&repo, &["release", "--date", DATE], &[]);
        assert_ne!(r.code, 0, "{hook}: {r:?}");
        if hook == "before-write" {
            // Nothing was done yet: nothing to recover, and writes go on.
            assert_eq!(state(&repo), before);
            let r = run(&repo, &["release", "--abort"], &[]);
            assert_eq!(r.code, 0, "{r:?}");
            assert!(r.stderr.contains("nothing to undo"), "{r:?}");
            continue;
        }
        assert_ne!(state(&repo), before, "{hook}: the release got somewhere");
        check_recovery(&repo, &before, hook);
    }
}

#[test]
#[cfg(feature = "test-hooks")]
fn a_release_killed_anywhere_is_undone_by_abort() {
    for step in [
        "writing files",
        "wrote Cargo.toml",
        "wrote CHANGELOG.md",
        "wrote docs/releases/NOTES_1.1.0.md",
        "after-write hooks",
        "commit",
        "committed",
        "stage the committed files",
        "verify the commit",
        "after-commit hooks",
        "tag",
        "tagged",
        "after-tag hooks",
    ] {
        let repo = ready("");
        let before = state(&repo);
        crash_at(&repo, step);
        check_recovery(&repo, &before, step);
    }
}

#[test]
fn abort_without_an_interrupted_release_changes_nothing() {
    let repo = ready("");
    let before = state(&repo);
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("nothing to undo"), "{r:?}");
    assert_eq!(state(&repo), before);
}

#[test]
fn a_second_release_refuses_before_planning() {
    let repo = ready("before-write = [[\"sh\", \"-c\", \"touch started; sleep 3\"]]\n");
    let first = common::command(repo.path(), &["release", "--date", DATE], &[])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = repo.path().join("started");
    for _ in 0..200 {
        if started.exists() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    assert!(started.exists(), "the first release reached its hook");
    let second = run(&repo, &["release", "--date", DATE], &[]);
    assert_eq!(second.code, 2, "{second:?}");
    assert!(
        second.stderr.contains("another relman release is running"),
        "{second:?}"
    );
    let also = run(&repo, &["bump"], &[]);
    assert_eq!(also.code, 2, "{also:?}");
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(repo.read("Cargo.toml").matches("1.1.0").count(), 1);
    assert!(repo.path().join("docs/releases/NOTES_1.1.0.md").is_file());
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.summary(), Some("chore(release): 1.1.0"));
    assert_eq!(
        head.parent(0).unwrap().summary(),
        Some("feat(api): export"),
        "one release commit"
    );
}

#[test]
fn a_dead_owner_that_did_nothing_does_not_block() {
    let repo = ready("");
    // A lock left by a process that no longer exists, before it did anything.
    let journal = r#"{"pid": 4194303, "host": "HOST", "proc_start": 1, "started": 0, "step": "planning", "version": null, "root": "/", "branch": null, "head": null, "index_copy": null, "index_path": null, "files": [], "made_dirs": [], "commit_message": null, "commit": null, "tag": null}"#;
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    std::fs::write(
        repo.path().join(".git/relman.lock"),
        journal.replace("HOST", host.trim()),
    )
    .unwrap();
    let r = run(&repo, &["release", "--date", DATE], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(!repo.path().join(".git/relman.lock").exists());
}

#[test]
fn a_before_write_hook_cannot_edit_a_file_relman_writes() {
    let repo = ready(
        "before-write = [[\"sh\", \"-c\", \"echo '# edited by the hook' >> CHANGELOG.md\"]]\n",
    );
    let r = run(&repo, &["release", "--date", DATE], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("CHANGELOG.md: changed after the release was planned"),
        "{r:?}"
    );
    assert!(
        repo.read("CHANGELOG.md")
            .ends_with("# edited by the hook\n"),
        "the hook's edit is kept"
    );
    assert!(
        repo.read("Cargo.toml").contains("1.0.0"),
        "nothing was written"
    );
    assert!(!repo.path().join(".git/relman.lock").exists());
}

#[test]
fn a_hook_that_switches_branches_cannot_move_the_release() {
    let repo = ready("after-write = [[\"git\", \"checkout\", \"-q\", \"-b\", \"elsewhere\"]]\n");
    let main_before = repo.head();
    let r = run(&repo, &["release", "--date", DATE], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("HEAD"), "{r:?}");
    assert!(
        r.stderr.contains("git switch main"),
        "says what it could not restore: {r:?}"
    );
    let main = repo.repo.find_reference("refs/heads/main").unwrap();
    assert_eq!(main.target().unwrap().to_string(), main_before);
    assert!(repo.repo.find_reference("refs/tags/v1.1.0").is_err());
    assert!(repo.read("Cargo.toml").contains("1.0.0"), "files restored");
}

#[test]
#[cfg(feature = "test-hooks")]
fn abort_names_the_lock_files_git_left_behind_and_never_deletes_them() {
    let repo = ready("");
    let before = state(&repo);
    crash_at(&repo, "after-write hooks");
    // Locks the release cannot have left at that step: a git command may be running now.
    std::fs::write(repo.path().join(".git/index.lock"), "").unwrap();
    std::fs::write(repo.path().join(".git/refs/heads/main.lock"), "").unwrap();
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("index.lock") && r.stderr.contains("main.lock"),
        "{r:?}"
    );
    assert!(repo.path().join(".git/index.lock").exists(), "not deleted");
    std::fs::remove_file(repo.path().join(".git/index.lock")).unwrap();
    std::fs::remove_file(repo.path().join(".git/refs/heads/main.lock")).unwrap();
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(state(&repo), before);
}

#[test]
#[cfg(feature = "test-hooks")]
fn abort_removes_the_lock_git_left_when_the_release_died_in_its_update() {
    let repo = ready("");
    let before = state(&repo);
    crash_at(&repo, "stage the committed files");
    // As if it died inside git's index update.
    std::fs::write(repo.path().join(".git/index.lock"), "").unwrap();
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        r.stderr.contains("index.lock, left by the release"),
        "{r:?}"
    );
    assert_eq!(state(&repo), before);
}

#[test]
#[cfg(feature = "test-hooks")]
fn a_release_killed_once_complete_is_not_undone() {
    let repo = ready("");
    crash_at(&repo, "done");
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stderr.contains("nothing to undo"), "{r:?}");
    assert!(
        repo.repo.find_reference("refs/tags/v1.1.0").is_ok(),
        "the release stands"
    );
    assert_eq!(run(&repo, &["bump", "--dry-run"], &[]).code, 0);
}

#[test]
#[cfg(feature = "test-hooks")]
fn abort_leaves_what_the_user_changed_after_the_crash() {
    let repo = ready("");
    crash_at(&repo, "after-write hooks");
    let edited = format!("{}my edit\n", repo.read("CHANGELOG.md"));
    std::fs::write(repo.path().join("CHANGELOG.md"), &edited).unwrap();
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr
            .contains("CHANGELOG.md was changed after the release wrote it"),
        "{r:?}"
    );
    assert_eq!(repo.read("CHANGELOG.md"), edited, "the edit is kept");
    assert!(
        repo.read("Cargo.toml").contains("1.0.0"),
        "the rest is restored"
    );
    assert!(
        repo.path().join(".git/relman.lock").exists(),
        "the journal stays"
    );
}

#[test]
#[cfg(feature = "test-hooks")]
fn abort_never_touches_the_index_or_files_under_a_branch_that_moved_on() {
    let mut repo = ready("");
    crash_at(&repo, "after-commit hooks");
    repo.write("later.txt", "later\n");
    repo.commit("docs: later work");
    let head = repo.head();
    let after = state(&repo);
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("not the release commit"), "{r:?}");
    assert_eq!(repo.head(), head);
    assert_eq!(state(&repo).files, after.files, "files left as they are");
    assert_eq!(state(&repo).index, after.index, "index left as it is");
}

#[test]
#[cfg(feature = "test-hooks")]
fn a_lock_from_another_host_name_is_ended_by_abort_force() {
    let repo = ready("");
    let before = state(&repo);
    crash_at(&repo, "after-write hooks");
    let lock = repo.path().join(".git/relman.lock");
    let text = std::fs::read_to_string(&lock).unwrap();
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    std::fs::write(
        &lock,
        text.replace(&format!("\"{}\"", host.trim()), "\"gone-host\""),
    )
    .unwrap();
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("--abort --force"), "{r:?}");
    let r = run(&repo, &["release", "--abort", "--force"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(state(&repo), before);
}

#[test]
fn hooks_may_run_relman_commands_that_write() {
    let repo = ready(
        "after-write = [[\"sh\", \"-c\", \"$RELMAN_BIN render notes --output docs/EXTRA.md\"]]\n",
    );
    let bin = common::bin();
    let r = run(
        &repo,
        &["release", "--date", DATE],
        &[("RELMAN_BIN", bin.to_str().unwrap())],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(repo.path().join("docs/EXTRA.md").is_file());
}

#[test]
fn worktrees_share_the_release_lock() {
    let repo = ready("");
    let tree = tempfile::tempdir().unwrap();
    let wt = tree.path().join("wt");
    let status = Command::new("git")
        .args(["worktree", "add", "-q", "-b", "side"])
        .arg(&wt)
        .current_dir(repo.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success());
    // A live release in the main work tree (the lock's owner is this test process).
    common::hold_release_lock(&repo.path().join(".git"));
    let r = relman_env(&wt, &["release", "--date", DATE], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("another relman release is running"),
        "{r:?}"
    );
}

#[test]
#[cfg(feature = "test-hooks")]
fn abort_works_where_the_repository_is_now_and_only_in_its_own_work_tree() {
    let repo = ready("");
    let before = state(&repo);
    crash_at(&repo, "after-write hooks");
    // Another work tree of the same repository is not where the release ran.
    let trees = tempfile::tempdir().unwrap();
    let wt = trees.path().join("wt");
    let status = Command::new("git")
        .args(["worktree", "add", "-q", "-b", "side"])
        .arg(&wt)
        .current_dir(repo.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success());
    let r = relman_env(&wt, &["release", "--abort"], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(
        r.stderr.contains("run `relman release --abort` there"),
        "{r:?}"
    );
    // The repository moved: the undo happens where it is now, not at the old path.
    let moved = trees.path().join("moved");
    std::fs::rename(repo.path(), &moved).unwrap();
    std::fs::create_dir(repo.path()).unwrap();
    std::fs::write(repo.path().join("Cargo.toml"), "other\n").unwrap();
    let r = relman_env(&moved, &["release", "--abort"], &[]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join("Cargo.toml")).unwrap(),
        "other\n"
    );
    assert_eq!(
        std::fs::read(moved.join("Cargo.toml")).unwrap(),
        before.files["Cargo.toml"]
    );
    assert_eq!(
        std::fs::read(moved.join(".git/index")).unwrap(),
        before.index
    );
}

#[test]
#[cfg(feature = "test-hooks")]
fn abort_deletes_only_the_tag_the_release_made() {
    let repo = ready("");
    crash_at(&repo, "after-tag hooks");
    // Someone re-made the tag since, on the same commit, with another message.
    let commit = repo.repo.revparse_single("v1.1.0^{commit}").unwrap();
    repo.repo.tag_delete("v1.1.0").unwrap();
    let sig = git2::Signature::now("Someone", "someone@example.com").unwrap();
    let theirs = repo
        .repo
        .tag("v1.1.0", &commit, &sig, "their tag", false)
        .unwrap();
    let r = run(&repo, &["release", "--abort"], &[]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("v1.1.0"), "{r:?}");
    let now = repo.repo.find_reference("refs/tags/v1.1.0").unwrap();
    assert_eq!(now.target(), Some(theirs), "their tag is left alone");
}

#[test]
#[cfg(feature = "test-hooks")]
fn a_release_killed_after_taking_the_hooks_changes_is_undone_by_abort() {
    for step in ["take the hooks' changes", "committed", "tagged"] {
        // release.toml is tracked and not written by the release.
        let repo = ready("after-write = [[\"sh\", \"-c\", \"echo '# more' >> release.toml\"]]\n");
        let before = state(&repo);
        crash_at(&repo, step);
        check_recovery(&repo, &before, step);
    }
}
