//! `relman version` and `relman next` against real temporary repositories.

mod common;

use common::{relman_in, TestRepo};

fn next(repo: &TestRepo) -> String {
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    run.stdout.trim().to_string()
}

#[test]
fn no_tags_counts_the_whole_history_from_the_version_file() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.4.0\n");
    repo.commit("chore: init");
    repo.commit("feat(api): add export");
    assert_eq!(next(&repo), "1.5.0");
    let run = repo.relman(&["version"]);
    assert_eq!(run.stdout, "1.4.0\n", "{run:?}");
}

#[test]
fn no_tags_no_files_starts_at_zero() {
    let mut repo = TestRepo::new();
    repo.commit("fix: a");
    assert_eq!(repo.relman(&["version"]).stdout, "0.0.0\n");
    assert_eq!(next(&repo), "0.0.1");
}

#[test]
fn bumps_from_the_latest_tag() {
    let mut repo = TestRepo::new();
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: one");
    assert_eq!(next(&repo), "1.0.1");
    repo.commit("feat(ui): two");
    assert_eq!(next(&repo), "1.1.0");
    repo.commit("refactor!: drop the old API");
    assert_eq!(next(&repo), "2.0.0");
}

#[test]
fn breaking_change_footer_is_major() {
    let mut repo = TestRepo::new();
    repo.commit("feat: first");
    repo.annotated_tag("v2.3.4");
    repo.commit("fix: rename option\n\nBREAKING CHANGE: `--out` is now `--output`");
    assert_eq!(next(&repo), "3.0.0");
}

#[test]
fn nothing_releasable_prints_current_and_says_so() {
    let mut repo = TestRepo::new();
    repo.commit("feat: first");
    repo.tag("v1.2.0");
    repo.commit("docs: readme");
    repo.commit("Update README.md");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "1.2.0\n");
    assert!(
        run.stderr.contains("nothing to release since v1.2.0"),
        "{run:?}"
    );
    let json = repo.relman(&["next", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["releasable"], false);
    assert_eq!(value["next"], "1.2.0");
}

#[test]
fn highest_precedence_tag_wins_and_non_semver_tags_are_ignored() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0")
        .tag("1.1.0")
        .tag("nightly")
        .annotated_tag("v1.1.0-rc.1");
    repo.commit("fix: b");
    repo.tag("release-candidate");
    repo.commit("fix: c");
    assert_eq!(next(&repo), "1.1.1");
}

#[test]
fn unreachable_tags_are_ignored() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0");
    repo.checkout("other");
    repo.commit("feat: elsewhere");
    repo.tag("v5.0.0");
    repo.checkout("main");
    repo.commit("fix: here");
    assert_eq!(next(&repo), "1.0.1");
}

#[test]
fn detached_head_works() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0");
    repo.commit("feat: b");
    repo.detach();
    assert_eq!(next(&repo), "1.1.0");
}

#[test]
fn merged_branch_commits_count() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0");
    let base = repo.head();
    repo.checkout("topic");
    let topic = repo.commit("feat(x): on a branch");
    repo.checkout("main");
    assert_eq!(repo.head(), base);
    repo.commit("fix: on main");
    repo.merge(&topic, "Merge pull request #7 from someone/topic");
    assert_eq!(next(&repo), "1.1.0");
    let run = repo.relman(&["next", "--explain"]);
    assert!(run.stderr.contains("skipped"), "{run:?}");
}

#[test]
fn zero_x_policy_and_its_configuration() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v0.3.1");
    repo.commit("feat: b");
    assert_eq!(next(&repo), "0.3.2");
    repo.commit("feat!: c");
    let run = repo.relman(&["next"]);
    assert_eq!(run.stdout, "0.4.0\n");
    assert!(run.stderr.contains("--level major"), "{run:?}");
    repo.write(
        "release.toml",
        "[version]\npre-major-breaking = \"major\"\npre-major-feat = \"minor\"\n",
    );
    let run = repo.relman(&["next"]);
    assert_eq!(run.stdout, "1.0.0\n", "{run:?}");
    assert!(run.stderr.contains("crosses to 1.0.0"), "{run:?}");
}

#[test]
fn level_forces_a_bump() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v0.9.0");
    repo.commit("docs: b");
    let run = repo.relman(&["next", "--level", "major"]);
    assert_eq!(run.stdout, "1.0.0\n", "{run:?}");
}

#[test]
fn pre_releases_enter_continue_switch_and_promote() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.2.0");
    repo.commit("feat: b");
    assert_eq!(repo.relman(&["next", "--pre", "rc"]).stdout, "1.3.0-rc.1\n");
    repo.tag("v1.3.0-rc.1");
    // Nothing new since rc.1.
    let run = repo.relman(&["next", "--pre", "rc"]);
    assert_eq!(run.stdout, "1.3.0-rc.1\n", "{run:?}");
    repo.commit("fix: c");
    assert_eq!(repo.relman(&["next", "--pre", "rc"]).stdout, "1.3.0-rc.2\n");
    let run = repo.relman(&["next", "--pre", "beta"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("would sort before"), "{run:?}");
    assert_eq!(repo.relman(&["next"]).stdout, "1.3.0\n");
    repo.commit("feat!: d");
    assert_eq!(repo.relman(&["next", "--pre", "rc"]).stdout, "2.0.0-rc.1\n");
    assert_eq!(repo.relman(&["next"]).stdout, "2.0.0\n");
}

#[test]
fn revert_in_range_cancels() {
    let mut repo = TestRepo::new();
    repo.commit("fix: a");
    repo.tag("v1.0.0");
    let feat = repo.commit("feat: risky");
    repo.commit(&format!(
        "Revert \"feat: risky\"\n\nThis reverts commit {feat}.\n"
    ));
    repo.commit("fix: small");
    assert_eq!(next(&repo), "1.0.1");
}

#[test]
fn revert_of_released_commit_is_a_patch() {
    let mut repo = TestRepo::new();
    let feat = repo.commit("feat: risky");
    repo.tag("v1.0.0");
    repo.commit(&format!(
        "Revert \"feat: risky\"\n\nThis reverts commit {feat}.\n"
    ));
    assert_eq!(next(&repo), "1.0.1");
}

#[test]
fn fixup_commits_do_not_bump() {
    let mut repo = TestRepo::new();
    repo.commit("fix: a");
    repo.tag("v1.0.0");
    repo.commit("fixup! feat: x");
    repo.commit("squash! feat!: y");
    assert_eq!(next(&repo), "1.0.0");
}

#[test]
fn tag_prefix_from_config() {
    let mut repo = TestRepo::new();
    repo.write("release.toml", "[version]\ntag-prefix = \"relman-v\"\n");
    repo.commit("feat: a");
    repo.tag("relman-v0.2.0").tag("v9.0.0");
    repo.commit("fix: b");
    assert_eq!(next(&repo), "0.2.1");
}

#[test]
fn explain_lists_each_commit_with_its_reason() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0");
    repo.commit("feat(api): add export");
    repo.commit("docs: typo");
    repo.commit("Update README.md");
    let run = repo.relman(&["next", "--explain"]);
    assert_eq!(run.stdout, "1.1.0\n", "stdout stays one line: {run:?}");
    assert!(
        run.stderr
            .contains("1.0.0 -> 1.1.0 (minor), 3 commit(s) since v1.0.0"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("minor") && run.stderr.contains("feat(api): add export"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("rejected") && run.stderr.contains("Update README.md"),
        "{run:?}"
    );
    let json = repo.relman(&["next", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["next"], "1.1.0");
    assert_eq!(value["bump"], "minor");
    assert_eq!(value["commits"].as_array().unwrap().len(), 3);
    assert_eq!(value["commits"][2]["effect"], "minor");
}

#[test]
fn not_a_repository_and_empty_repository_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let run = relman_in(dir.path(), &["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("not a git repository"), "{run:?}");
    // `version` works outside a repository.
    std::fs::write(dir.path().join("VERSION"), "3.1.4\n").unwrap();
    assert_eq!(relman_in(dir.path(), &["version"]).stdout, "3.1.4\n");

    let repo = TestRepo::new();
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no commit yet"), "{run:?}");
}

#[test]
fn dash_c_runs_elsewhere() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0");
    repo.commit("feat: b");
    let elsewhere = tempfile::tempdir().unwrap();
    let run = relman_in(
        elsewhere.path(),
        &["-C", repo.path().to_str().unwrap(), "next"],
    );
    assert_eq!(run.stdout, "1.1.0\n", "{run:?}");
}

#[test]
fn bad_config_is_exit_2_with_position() {
    let mut repo = TestRepo::new();
    repo.write("release.toml", "[version]\ntag-prefx = \"v\"\n");
    repo.commit("feat: a");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("release.toml:2:1: unknown field `tag-prefx`"),
        "{run:?}"
    );
    assert!(run.stderr.contains("tag-prefix"), "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");
}

#[test]
fn version_source_is_read_in_order() {
    let mut repo = TestRepo::new();
    repo.write(
        "package.json",
        "{\n  \"name\": \"x\",\n  \"version\": \"2.0.0\"\n}\n",
    );
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"2.0.0\"\n",
    );
    repo.commit("feat: a");
    assert_eq!(repo.relman(&["version"]).stdout, "2.0.0\n");
    repo.write("release.toml", "[version]\nsource = \"tag\"\n");
    repo.tag("v1.9.0");
    assert_eq!(repo.relman(&["version"]).stdout, "1.9.0\n");
}

#[test]
fn shallow_clone_warns_and_uses_what_is_there() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0");
    repo.commit("fix: b");
    repo.commit("feat: c");
    let clone_dir = tempfile::tempdir().unwrap();
    let url = format!("file://{}", repo.path().display());
    let status = std::process::Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(clone_dir.path().join("c"))
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .status()
        .unwrap();
    assert!(status.success());
    let run = relman_in(&clone_dir.path().join("c"), &["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("shallow clone"), "{run:?}");
    // Only the last commit is there and no tag: 0.0.0 + feat at 0.x.
    assert_eq!(run.stdout, "0.0.1\n", "{run:?}");
}

#[test]
fn a_shallow_boundary_cuts_the_history_for_every_tag_question() {
    // main: A (v1.0.0), B (v1.1.0), C; a side branch off A tagged v2.0.0.
    let mut repo = TestRepo::new();
    let a = repo.commit("feat: a");
    repo.tag("v1.0.0");
    repo.commit("feat: b");
    repo.tag("v1.1.0");
    repo.commit("fix: c");
    repo.git(&["checkout", "-q", "-b", "side", &a]);
    repo.commit("feat: side");
    repo.tag("v2.0.0");
    repo.git(&["checkout", "-q", "-"]);
    let clone_dir = tempfile::tempdir().unwrap();
    let clone = clone_dir.path().join("c");
    let url = format!("file://{}", repo.path().display());
    let git = |args: &[&str], dir: &std::path::Path| {
        let status = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    git(
        &["clone", "-q", "--depth", "1", "--no-tags", &url, "c"],
        clone_dir.path(),
    );
    git(
        &["fetch", "-q", "--depth", "1", "origin", "tag", "v1.1.0"],
        &clone,
    );
    git(
        &["fetch", "-q", "--depth", "1", "origin", "tag", "v2.0.0"],
        &clone,
    );
    // git sees no tag in HEAD's (cut) history; neither does relman, whatever other tag exists.
    let merged = std::process::Command::new("git")
        .args(["tag", "--merged", "HEAD"])
        .current_dir(&clone)
        .output()
        .unwrap();
    assert!(merged.stdout.is_empty(), "{merged:?}");
    let run = relman_in(&clone, &["version"]);
    assert_eq!(run.stdout, "0.0.0\n", "{run:?}");
}

#[test]
fn release_as_footer_sets_the_version() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.4.0");
    repo.commit("chore: prepare the big one\n\nRelease-As: 2.0.0");
    repo.commit("fix: b");
    let run = repo.relman(&["next"]);
    assert_eq!(run.stdout, "2.0.0\n", "{run:?}");
    assert!(run.stderr.contains("Release-As"), "{run:?}");
}

#[test]
fn explain_shows_the_zero_x_policy() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v0.2.0");
    repo.commit("feat: b");
    let run = repo.relman(&["next", "--explain"]);
    assert_eq!(run.stdout, "0.2.1\n");
    assert!(
        run.stderr
            .contains("the commits ask for minor, which is patch below 1.0.0"),
        "{run:?}"
    );
}

#[test]
fn zero_x_policy_applies_per_commit() {
    let mut repo = TestRepo::new();
    repo.write(
        "release.toml",
        "[version]\npre-major-breaking = \"patch\"\npre-major-feat = \"minor\"\n",
    );
    repo.commit("chore: i");
    repo.tag("v0.3.0");
    repo.commit("feat: x");
    repo.commit("feat!: y");
    assert_eq!(next(&repo), "0.4.0");
}

#[test]
fn only_a_pre_release_tag_is_not_zero_x() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0-rc.1");
    repo.commit("feat!: b");
    let run = repo.relman(&["next", "--explain"]);
    assert_eq!(run.stdout, "1.0.0\n", "{run:?}");
    assert!(!run.stderr.contains("below 1.0.0"), "{run:?}");
    assert!(
        run.stderr.contains("v1.0.0-rc.1, is a pre-release"),
        "{run:?}"
    );
}

#[test]
fn equal_tags_count_from_the_nearest() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("1.0.0");
    repo.commit("feat: b");
    repo.tag("v1.0.0");
    repo.commit("fix: c");
    assert_eq!(next(&repo), "1.0.1");
}

#[test]
fn release_as_yields_to_level_and_makes_pre_releases() {
    let mut repo = TestRepo::new();
    repo.commit("chore: i");
    repo.tag("v1.0.0");
    repo.commit("chore: prep\n\nRelease-As: 2.0.0");
    assert_eq!(repo.relman(&["next", "--pre", "rc"]).stdout, "2.0.0-rc.1\n");
    assert_eq!(repo.relman(&["next", "--level", "patch"]).stdout, "1.0.1\n");
    repo.tag("v2.0.0-rc.1");
    repo.commit("fix: y");
    assert_eq!(repo.relman(&["next", "--pre", "rc"]).stdout, "2.0.0-rc.2\n");
}

#[test]
fn hand_bumped_source_is_a_floor_for_pre_releases_too() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("chore: i");
    repo.tag("v1.0.0");
    repo.write("VERSION", "2.0.0\n");
    repo.commit("fix: x");
    assert_eq!(repo.relman(&["next"]).stdout, "2.0.0\n");
    assert_eq!(repo.relman(&["next", "--pre", "rc"]).stdout, "2.0.0-rc.1\n");
}

#[test]
fn latin1_message_with_declared_encoding_counts() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0");
    // A commit object that declares its encoding, as git does with i18n.commitEncoding.
    let head = repo.head();
    let tree = repo
        .repo
        .find_commit(git2::Oid::from_str(&head).unwrap())
        .unwrap()
        .tree_id();
    let raw = format!(
        "tree {tree}\nparent {head}\nauthor A <a@e> 1704067200 +0000\ncommitter A <a@e> 1704067200 +0000\nencoding ISO-8859-1\n\n"
    );
    let mut bytes = raw.into_bytes();
    bytes.extend_from_slice(b"feat!: caf\xe9\n");
    let id = repo
        .repo
        .odb()
        .unwrap()
        .write(git2::ObjectType::Commit, &bytes)
        .unwrap();
    repo.repo
        .reference("refs/heads/main", id, true, "test")
        .unwrap();
    assert_eq!(next(&repo), "2.0.0");
}

#[test]
fn undecodable_message_is_exit_2_naming_the_commit() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.0.0");
    let id = repo.commit_bytes(b"feat!: caf\xe9");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(&format!("commit {}", &id[..7])),
        "{run:?}"
    );
    assert!(run.stderr.contains("not valid UTF-8"), "{run:?}");
}

#[test]
fn overflowing_version_is_an_error() {
    let mut repo = TestRepo::new();
    repo.commit("feat: a");
    repo.tag("v1.18446744073709551615.0");
    repo.commit("feat: b");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("cannot grow"), "{run:?}");
}

#[test]
fn packed_tags_are_read_without_their_commits_and_a_tag_on_a_tree_is_no_release() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.1.0\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.write("a.txt", "a\n");
    repo.commit("fix: second");
    repo.annotated_tag("v1.1.0");
    // A tag named like a release, on a tree (git.git has `v2.6.11-tree`).
    repo.git(&["tag", "v9.0.0", "HEAD^{tree}"]);
    let loose = next(&repo);
    repo.git(&["pack-refs", "--all"]);
    assert!(repo.path().join(".git/packed-refs").is_file());
    repo.write("b.txt", "b\n");
    repo.commit("feat: third");
    assert_eq!(loose, "1.1.0");
    assert_eq!(next(&repo), "1.2.0");
    let json = repo.relman(&["next", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["latest_tag"], "v1.1.0", "{value}");
}
