//! Issue 9, item 8: small defects, each reproduced against the real binary in a temporary
//! repository: a pre-release counter at its limit, revert pairing on a longer history, HEAD
//! on a missing branch, `GIT_DIR`/`GIT_WORK_TREE`, `SOURCE_DATE_EPOCH` out of range, a BOM in
//! a commit-msg file.

mod common;

use common::{relman_env, relman_in, TestRepo};

// ---------------------------------------------------------------------------------------
// A pre-release counter at u64::MAX

#[test]
fn pre_release_counter_at_its_limit_is_an_error_not_a_wrap() {
    let mut repo = TestRepo::new();
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("feat: second");
    repo.tag("v1.1.0-rc.18446744073709551615");
    repo.commit("fix: third");
    let run = repo.relman(&["next", "--pre", "rc"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!run.stdout.contains("rc.0"), "{run:?}");
    assert!(
        run.stderr.contains("1.1.0-rc.18446744073709551615") && run.stderr.contains("cannot grow"),
        "{run:?}"
    );
    // What to do instead: release it, or go on with a label that sorts after `rc`.
    assert!(run.stderr.contains("without --pre"), "{run:?}");
    // The release itself is still possible.
    let run = repo.relman(&["next"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.1.0\n"), "{run:?}");
    // So is another label that sorts after `rc`.
    let run = repo.relman(&["next", "--pre", "rc2"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "1.1.0-rc2.1\n"),
        "{run:?}"
    );
}

#[test]
fn pre_release_counter_beyond_u64_is_an_error_not_a_restart() {
    let mut repo = TestRepo::new();
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("feat: second");
    repo.tag("v1.1.0-rc.99999999999999999999");
    repo.commit("fix: third");
    let run = repo.relman(&["next", "--pre", "rc"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(!run.stdout.contains("rc.1\n"), "{run:?}");
    assert!(run.stderr.contains("cannot grow"), "{run:?}");
}

// ---------------------------------------------------------------------------------------
// Revert pairing (its speed is measured by bench/reverts.sh)

/// 2024-01-01T00:00:00Z
const T0: i64 = 1_704_067_200;

/// Commit `messages` (oldest first) on top of HEAD without touching the work tree: each
/// commit keeps HEAD's tree, one second after the one before. Returns their ids.
fn chain(repo: &TestRepo, messages: &[String]) -> Vec<String> {
    let git = &repo.repo;
    let mut parent = git.head().unwrap().peel_to_commit().unwrap();
    let tree = parent.tree().unwrap();
    let mut ids = Vec::with_capacity(messages.len());
    for (i, message) in messages.iter().enumerate() {
        let when = git2::Time::new(T0 + 86_400 * 365 + i64::try_from(i).unwrap(), 0);
        let sig = git2::Signature::new("Test Author", "author@example.com", &when).unwrap();
        let id = git
            .commit(Some("HEAD"), &sig, &sig, message, &tree, &[&parent])
            .unwrap();
        parent = git.find_commit(id).unwrap();
        ids.push(id.to_string());
    }
    ids
}

fn git_revert(subject: &str, id: &str) -> String {
    format!("Revert \"{subject}\"\n\nThis reverts commit {id}.\n")
}

#[test]
fn revert_pairing_on_a_longer_history() {
    let mut repo = TestRepo::new();
    repo.commit("chore: init");
    repo.tag("v1.0.0");
    let mut messages: Vec<String> = Vec::new();
    // Reverts of commits released earlier (outside the range) and fixes, interleaved.
    for i in 0..300 {
        messages.push(format!("fix: change {i}"));
        messages.push(git_revert(
            &format!("feat: old {i}"),
            &format!("{:040x}", 0xdead_0000_u64 + i),
        ));
    }
    let before = chain(&repo, &messages);
    assert_eq!(before.len(), 600);
    // In the range: reverted by full id, by a short id, by subject, a revert reverted, and
    // two commits with the same subject of which the newer one is reverted.
    let ids = chain(&repo, &["feat: by full id".into()]);
    chain(&repo, &[git_revert("feat: by full id", &ids[0])]);
    let ids = chain(&repo, &["feat: by short id".into()]);
    chain(&repo, &[git_revert("feat: by short id", &ids[0][..7])]);
    chain(
        &repo,
        &["feat: by subject".into(), "revert: feat: by subject".into()],
    );
    let ids = chain(&repo, &["feat: comes back".into()]);
    let undo = chain(&repo, &[git_revert("feat: comes back", &ids[0])]);
    chain(
        &repo,
        &[git_revert("Revert \"feat: comes back\"", &undo[0])],
    );
    chain(
        &repo,
        &[
            "feat: same subject".into(),
            "feat: same subject".into(),
            "revert: feat: same subject".into(),
        ],
    );
    let run = repo.relman(&["next", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let commits = value["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 600 + 12);
    let effects: Vec<(&str, &str)> = commits
        .iter()
        .map(|c| {
            (
                c["subject"].as_str().unwrap(),
                c["effect"].as_str().unwrap(),
            )
        })
        .collect();
    // Newest first.
    assert_eq!(
        effects[..12],
        [
            ("revert: feat: same subject", "cancelled"),
            ("feat: same subject", "cancelled"),
            ("feat: same subject", "minor"),
            ("Revert \"Revert \"feat: comes back\"\"", "cancelled"),
            ("Revert \"feat: comes back\"", "cancelled"),
            ("feat: comes back", "minor"),
            ("revert: feat: by subject", "cancelled"),
            ("feat: by subject", "cancelled"),
            ("Revert \"feat: by short id\"", "cancelled"),
            ("feat: by short id", "cancelled"),
            ("Revert \"feat: by full id\"", "cancelled"),
            ("feat: by full id", "cancelled"),
        ],
        "{effects:#?}"
    );
    assert!(
        effects[12..].iter().all(|(_, effect)| *effect == "patch"),
        "{effects:#?}"
    );
    assert_eq!(value["next"], "1.1.0");
}

// ---------------------------------------------------------------------------------------
// HEAD on a missing branch

#[test]
fn head_on_a_missing_branch_is_named_as_such() {
    let mut repo = TestRepo::new();
    repo.commit("feat: first");
    repo.repo.set_head("refs/heads/gone").unwrap();
    for args in [
        &["next"][..],
        &["changelog"],
        &["check-commit", "--range", "HEAD~1.."],
    ] {
        let run = repo.relman(args);
        assert_eq!(run.code, 2, "{args:?}: {run:?}");
        assert!(
            run.stderr.contains("gone") && run.stderr.contains("does not exist"),
            "{args:?}: {run:?}"
        );
        assert!(run.stderr.contains("git switch main"), "{args:?}: {run:?}");
        assert!(!run.stderr.contains("no commit yet"), "{args:?}: {run:?}");
    }
}

#[test]
fn a_repository_without_any_commit_still_says_so() {
    let repo = TestRepo::new();
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no commit yet"), "{run:?}");
}

// ---------------------------------------------------------------------------------------
// GIT_DIR and GIT_WORK_TREE

/// A repository whose git folder is `store.git` beside the work tree's files (no `.git`).
fn separated() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("chore: init");
    repo.tag("v1.0.0");
    repo.commit("feat: x");
    let mut config = repo.repo.config().unwrap();
    config.set_str("user.name", "Release Bot").unwrap();
    config.set_str("user.email", "bot@example.com").unwrap();
    std::fs::rename(repo.path().join(".git"), repo.path().join("store.git")).unwrap();
    repo
}

#[test]
fn git_dir_and_git_work_tree_are_honoured() {
    let repo = separated();
    let root = repo.path();
    // Without them, there is no repository here.
    let run = relman_in(root, &["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    // Relative to the current directory.
    let env = [("GIT_DIR", "store.git"), ("GIT_WORK_TREE", ".")];
    let run = relman_env(root, &["next"], &env);
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.1.0\n"), "{run:?}");
    // Absolute, from somewhere else.
    let elsewhere = tempfile::tempdir().unwrap();
    let git_dir = root.join("store.git");
    let env = [
        ("GIT_DIR", git_dir.to_str().unwrap()),
        ("GIT_WORK_TREE", root.to_str().unwrap()),
    ];
    let run = relman_env(elsewhere.path(), &["next"], &env);
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.1.0\n"), "{run:?}");
    let run = relman_env(elsewhere.path(), &["version"], &env);
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.0.0\n"), "{run:?}");
    // `-C` first, then relative paths, as `git -C`: the work tree is that folder.
    let run = relman_env(
        elsewhere.path(),
        &["-C", root.to_str().unwrap(), "next"],
        &[("GIT_DIR", "store.git")],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.1.0\n"), "{run:?}");
    let run = relman_env(
        elsewhere.path(),
        &["-C", root.to_str().unwrap(), "changelog", "--tag", "1.1.0"],
        &[("GIT_DIR", "store.git"), ("GIT_WORK_TREE", ".")],
    );
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("- x ("), "{run:?}");
}

#[test]
fn a_release_with_git_dir_and_git_work_tree_commits_and_tags_there() {
    let repo = separated();
    let root = repo.path();
    let elsewhere = tempfile::tempdir().unwrap();
    let git_dir = root.join("store.git");
    let env = [
        ("GIT_DIR", git_dir.to_str().unwrap()),
        ("GIT_WORK_TREE", root.to_str().unwrap()),
    ];
    let run = relman_env(elsewhere.path(), &["release", "--date", "2024-05-01"], &env);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.1.0\n");
    assert!(std::fs::read_dir(elsewhere.path())
        .unwrap()
        .next()
        .is_none());
    let store = git2::Repository::open(&git_dir).unwrap();
    let head = store.head().unwrap().peel_to_commit().unwrap();
    assert!(head.message().unwrap().contains("1.1.0"), "{head:?}");
    let tagged = store
        .revparse_single("v1.1.0")
        .unwrap()
        .peel_to_commit()
        .unwrap();
    assert_eq!(tagged.id(), head.id());
    let blob = head
        .tree()
        .unwrap()
        .get_path(std::path::Path::new("VERSION"))
        .unwrap();
    let blob = store.find_blob(blob.id()).unwrap();
    assert_eq!(blob.content(), b"1.1.0\n");
}

#[test]
fn git_work_tree_alone_names_the_work_tree_of_the_repository_found() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "2.0.0\n");
    repo.commit("chore: init");
    let tree = tempfile::tempdir().unwrap();
    std::fs::write(tree.path().join("VERSION"), "3.0.0\n").unwrap();
    let run = relman_env(
        repo.path(),
        &["version"],
        &[("GIT_WORK_TREE", tree.path().to_str().unwrap())],
    );
    assert_eq!((run.code, run.stdout.as_str()), (0, "3.0.0\n"), "{run:?}");
}

#[test]
fn git_dir_that_is_not_a_repository_is_named() {
    let repo = separated();
    let run = relman_env(repo.path(), &["next"], &[("GIT_DIR", "nowhere.git")]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("GIT_DIR") && run.stderr.contains("nowhere.git"),
        "{run:?}"
    );
    let run = relman_env(
        repo.path(),
        &["next"],
        &[("GIT_DIR", "store.git"), ("GIT_WORK_TREE", "missing")],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("GIT_WORK_TREE") && run.stderr.contains("missing"),
        "{run:?}"
    );
}

#[test]
fn an_empty_git_dir_or_git_work_tree_is_an_error_as_for_git() {
    let mut repo = TestRepo::new();
    repo.commit("feat: first");
    for name in ["GIT_DIR", "GIT_WORK_TREE"] {
        let run = relman_env(repo.path(), &["next"], &[(name, "")]);
        assert_eq!(run.code, 2, "{name}: {run:?}");
        assert!(
            run.stderr.contains(&format!("{name} is set but empty")),
            "{name}: {run:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// SOURCE_DATE_EPOCH

#[test]
fn source_date_epoch_out_of_range_is_an_error() {
    let mut repo = TestRepo::new();
    repo.commit("feat: first");
    let changelog = |epoch: &str| {
        relman_env(
            repo.path(),
            &["changelog", "--tag", "0.1.0"],
            &[("SOURCE_DATE_EPOCH", epoch)],
        )
    };
    for bad in ["-1", "253402300800", "99999999999999", "-62167219201"] {
        let run = changelog(bad);
        assert_eq!(run.code, 2, "{bad}: {run:?}");
        assert!(
            run.stderr.contains("SOURCE_DATE_EPOCH") && run.stderr.contains(bad),
            "{bad}: {run:?}"
        );
        assert!(run.stderr.contains("--date"), "{bad}: {run:?}");
    }
    for (good, date) in [("0", "1970-01-01"), ("253402300799", "9999-12-31")] {
        let run = changelog(good);
        assert_eq!(run.code, 0, "{good}: {run:?}");
        assert!(
            run.stdout.starts_with(&format!("## [0.1.0] - {date}\n")),
            "{good}: {run:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// A BOM at the start of a commit-msg file

#[test]
fn bom_at_the_start_of_a_commit_msg_file_is_accepted() {
    let repo = TestRepo::new();
    let msg = repo.path().join("MSG");
    std::fs::write(&msg, "\u{feff}feat(cli): accept a BOM\n\nBody.\n").unwrap();
    let run = repo.relman(&["check-commit", "MSG"]);
    assert_eq!(run.code, 0, "{run:?}");
    // Before a comment line too.
    std::fs::write(&msg, "\u{feff}# Please enter the commit message\nfix: y\n").unwrap();
    let run = repo.relman(&["check-commit", "MSG"]);
    assert_eq!(run.code, 0, "{run:?}");
    // An invalid message still points at the right line and column.
    std::fs::write(&msg, "\u{feff}Update the readme\n").unwrap();
    let run = repo.relman(&["check-commit", "MSG"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.starts_with("MSG:1:"), "{run:?}");
    assert!(!run.stdout.contains('\u{feff}'), "{run:?}");
}

#[test]
fn a_commit_made_from_a_bom_file_counts() {
    // git keeps the BOM in the commit message (`git commit -F` with such a file).
    let mut repo = TestRepo::new();
    repo.commit("chore: init");
    repo.tag("v1.0.0");
    repo.commit("\u{feff}feat: made on a BOM");
    let run = repo.relman(&["next"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.1.0\n"), "{run:?}");
    let run = repo.relman(&["next", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["commits"][0]["subject"], "feat: made on a BOM");
    // A revert of it, by subject, finds it.
    repo.commit("revert: feat: made on a BOM");
    let run = repo.relman(&["next"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, "1.0.0\n"), "{run:?}");
    let run = repo.relman(&["check-commit", "--range", "v1.0.0.."]);
    assert_eq!(run.code, 0, "{run:?}");
}
