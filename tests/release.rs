//! `relman release`: the cut, its dry run and plan, and that any failure leaves the
//! repository exactly as it was.

mod common;

use common::TestRepo;

const DATE: &str = "2024-06-01";

fn ready() -> TestRepo {
    let mut repo = TestRepo::new();
    {
        let mut config = repo.repo.config().unwrap();
        config.set_str("user.name", "Release Bot").unwrap();
        config.set_str("user.email", "bot@example.com").unwrap();
    }
    repo.repo
        .remote("origin", "https://github.com/acme/app.git")
        .unwrap();
    repo.write("Cargo.toml", "[package]\nname = \"app\"\nversion = \"1.0.0\"\n")
        .write("CHANGELOG.md", "# Changelog\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- first\n\n[1.0.0]: https://github.com/acme/app/releases/tag/v1.0.0\n")
        .write(
            "release.toml",
            "[documents]\nnotes = \"docs/releases/RELEASE_NOTES_{{version}}.md\"\n\n[hooks]\nafter-write = [[\"sh\", \"-c\", \"test \\\"$RELMAN_VERSION\\\" = 1.1.0 && test \\\"$RELMAN_PREVIOUS_VERSION\\\" = 1.0.0\"]]\n",
        );
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("feat(api): export");
    repo.commit("fix: crash");
    repo
}

/// Everything a failed cut must leave as it was.
fn state(repo: &TestRepo) -> common::Snapshot {
    repo.snapshot()
}

#[test]
fn release_writes_commits_and_tags() {
    let repo = ready();
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "1.0.0 -> 1.1.0\n");
    assert!(repo.read("Cargo.toml").contains("version = \"1.1.0\""));
    let changelog = repo.read("CHANGELOG.md");
    assert!(
        changelog.starts_with("# Changelog\n\n## [1.1.0] - 2024-06-01\n"),
        "{changelog}"
    );
    assert!(
        changelog
            .contains("[1.1.0]: https://github.com/acme/app/compare/v1.0.0...v1.1.0\n[1.0.0]:"),
        "{changelog}"
    );
    assert!(repo
        .read("docs/releases/RELEASE_NOTES_1.1.0.md")
        .starts_with("# app 1.1.0\n"));
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(head.summary(), Some("chore(release): 1.1.0"));
    assert_eq!(head.author().name(), Some("Release Bot"));
    let tag = repo
        .repo
        .find_reference("refs/tags/v1.1.0")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    assert_eq!(tag.target_id(), head.id());
    assert!(
        tag.message().unwrap().contains("### Added"),
        "the tag's message is the changelog section"
    );
    // Exactly the release's files are in the commit, and the tree is clean.
    let parent = head.parent(0).unwrap();
    let diff = repo
        .repo
        .diff_tree_to_tree(
            Some(&parent.tree().unwrap()),
            Some(&head.tree().unwrap()),
            None,
        )
        .unwrap();
    let mut paths: Vec<String> = diff
        .deltas()
        .map(|d| d.new_file().path().unwrap().to_string_lossy().into_owned())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "CHANGELOG.md",
            "Cargo.toml",
            "docs/releases/RELEASE_NOTES_1.1.0.md"
        ]
    );
    assert_eq!(
        repo.relman(&["lint", "--format", "json"]).stdout.trim(),
        "[]"
    );
    // Nothing left to release.
    let again = repo.relman(&["release", "--date", DATE]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(again.stderr.contains("nothing to release"), "{again:?}");
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let repo = ready();
    let before = state(&repo);
    let run = repo.relman(&["release", "--dry-run", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains("--- a/Cargo.toml\n+++ b/Cargo.toml\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("-version = \"1.0.0\"\n+version = \"1.1.0\"\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("--- /dev/null\n+++ b/docs/releases/RELEASE_NOTES_1.1.0.md\n"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("commit: chore(release): 1.1.0 (3 file(s))"),
        "{run:?}"
    );
    assert!(run.stdout.contains("tag: v1.1.0 (annotated)"), "{run:?}");
    assert_eq!(state(&repo), before);
    let json = repo.relman(&["release", "--dry-run", "--format", "json", "--date", DATE]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["version"], "1.1.0");
    assert_eq!(v["previous"], "1.0.0");
    assert_eq!(v["tag"], "v1.1.0");
    assert_eq!(v["files"].as_array().unwrap().len(), 3);
    assert!(v["files"][0]["new_digest"].as_str().unwrap().len() == 40);
    assert_eq!(v["hooks"]["after_write"][0][0], "sh");
    assert_eq!(state(&repo), before);
}

#[test]
#[cfg(feature = "test-hooks")]
fn a_failure_at_any_step_leaves_the_repository_as_it_was() {
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, Option<&'a str>);
    let cases: [Case<'_>; 7] = [
        (
            "write",
            vec![(
                "RELMAN_TEST_FAIL_WRITE",
                "docs/releases/RELEASE_NOTES_1.1.0.md",
            )],
            None,
        ),
        ("commit", vec![("RELMAN_TEST_FAIL_STEP", "commit")], None),
        ("tag", vec![("RELMAN_TEST_FAIL_STEP", "tag")], None),
        (
            "before-write hook",
            vec![],
            Some("before-write = [[\"false\"]]"),
        ),
        (
            "after-write hook",
            vec![],
            Some("after-write = [[\"sh\", \"-c\", \"exit 3\"]]"),
        ),
        (
            "after-commit hook",
            vec![],
            Some("after-commit = [[\"false\"]]"),
        ),
        (
            "after-tag hook",
            vec![],
            Some("after-tag = [[\"relman-no-such-program\"]]"),
        ),
    ];
    for (step, env, hook) in cases {
        let mut repo = ready();
        if let Some(hook) = hook {
            repo.write("release.toml", &format!("[documents]\nnotes = \"docs/releases/RELEASE_NOTES_{{{{version}}}}.md\"\n\n[hooks]\n{hook}\n"));
            repo.commit("chore: hooks");
        }
        let before = state(&repo);
        let run = common::relman_env(repo.path(), &["release", "--date", DATE], &env);
        assert_eq!(run.code, 2, "{step}: {run:?}");
        assert!(!run.stderr.contains("panicked"), "{step}: {run:?}");
        assert_eq!(
            state(&repo),
            before,
            "{step}: the repository changed: {run:?}"
        );
        assert!(
            !repo.path().join(".git/relman.lock").exists(),
            "{step}: lock left behind"
        );
    }
}

#[test]
fn refusals_before_anything_is_written() {
    // A dirty tree.
    let mut repo = ready();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"1.0.0\"\n# edited\n",
    );
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--allow-dirty"), "{run:?}");
    // An existing tag (made elsewhere, not reachable from HEAD).
    let mut repo = ready();
    repo.checkout("elsewhere");
    repo.commit("fix: elsewhere");
    repo.tag("v1.1.0");
    repo.checkout("main");
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("v1.1.0 already exists on commit "),
        "{run:?}"
    );
    assert!(run.stderr.contains("which HEAD does not reach"), "{run:?}");
    // A detached HEAD.
    let mut repo = ready();
    repo.detach();
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--allow-detached"), "{run:?}");
    // A template that fails.
    let mut repo = ready();
    repo.write("templates/notes.md.tera", "{{ nope }}\n");
    repo.commit("chore: template");
    let before = state(&repo);
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("templates/notes.md.tera:1:"), "{run:?}");
    assert_eq!(state(&repo), before);
    // A second release while one runs.
    let repo = ready();
    // The lock's owner is this test process: alive.
    common::hold_release_lock(&repo.path().join(".git"));
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("another relman release is running"),
        "{run:?}"
    );
    // Docs that the release would make wrong: the README claims the current version.
    let mut repo = ready();
    repo.write(
        "README.md",
        "# App\n\nThe current version is 1.0.0.\n\nSee [the guide](docs/missing.md).\n",
    );
    repo.commit("docs: readme");
    let before = state(&repo);
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("README.md:3:"), "{run:?}");
    assert!(run.stderr.contains("version-mismatch"), "{run:?}");
    // The broken link was there before: it is counted, not blamed on the release.
    assert!(!run.stderr.contains("README.md:5:"), "{run:?}");
    assert_eq!(state(&repo), before);
}

#[test]
fn the_lint_gate_judges_what_the_release_changes_unless_told_to_judge_all() {
    let mut repo = ready();
    repo.write("README.md", "# App\n\nSee [the guide](docs/missing.md).\n");
    repo.commit("docs: readme");
    // An error from before, in a file the release does not write: counted, not blocking.
    let run = repo.relman(&["release", "--dry-run", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("1 lint error(s) were in the docs before this release"),
        "{run:?}"
    );
    // `all`: every error stops the release.
    let config = repo.read("release.toml");
    repo.write(
        "release.toml",
        &format!("{config}\n[release]\nlint = \"all\"\n"),
    );
    repo.commit("chore: strict releases");
    let run = repo.relman(&["release", "--dry-run", "--date", DATE]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("README.md:3:17"), "{run:?}");
    // `off`: none does, and none is counted.
    repo.write(
        "release.toml",
        &format!("{config}\n[release]\nlint = \"off\"\n"),
    );
    repo.commit("chore: no lint");
    let run = repo.relman(&["release", "--dry-run", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("lint error"), "{run:?}");
    // A misspelt mode names its place.
    repo.write(
        "release.toml",
        &format!("{config}\n[release]\nlint = \"some\"\n"),
    );
    let run = repo.relman(&["release", "--dry-run"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("release.toml:"), "{run:?}");
}

#[test]
fn no_commit_and_no_tag() {
    let repo = ready();
    let run = repo.relman(&["release", "--no-tag", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo.repo.find_reference("refs/tags/v1.1.0").is_err());
    let repo = ready();
    let head = repo.head();
    let run = repo.relman(&["release", "--no-commit", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.head(), head);
    assert!(repo.read("Cargo.toml").contains("1.1.0"));
}

#[test]
fn init_writes_a_config_that_matches_the_repository_and_never_overwrites() {
    let mut repo = TestRepo::new();
    repo.repo
        .remote("origin", "git@gitlab.com:group/app.git")
        .unwrap();
    repo.write(
        "package.json",
        "{\"name\": \"app\", \"version\": \"0.3.0\"}\n",
    );
    repo.commit("feat: first");
    let run = repo.relman(&["init"]);
    assert_eq!(run.code, 0, "{run:?}");
    let config = repo.read("release.toml");
    assert!(config.contains("source = \"package.json\""), "{config}");
    assert!(config.contains("https://gitlab.com/group/app"), "{config}");
    for name in ["changelog", "notes", "plan", "checklist"] {
        assert!(
            repo.path()
                .join(format!("templates/{name}.md.tera"))
                .is_file(),
            "{name}"
        );
    }
    // The written config loads: every command works with it.
    assert_eq!(repo.relman(&["version"]).stdout, "0.3.0\n");
    repo.write("release.toml", "# mine\n");
    let run = repo.relman(&["init"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("--force"), "{run:?}");
    assert_eq!(repo.read("release.toml"), "# mine\n");
    let run = repo.relman(&["init", "--force"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo.read("release.toml").contains("[documents]"));
}

#[test]
fn what_the_hooks_change_goes_into_the_release_commit_and_its_undo() {
    let mut repo = ready();
    repo.write("notes/extra.txt", "one\n");
    repo.write(
        "release.toml",
        "[hooks]\nbefore-write = [[\"sh\", \"-c\", \"echo two >> notes/extra.txt\"]]\nafter-write = [[\"sh\", \"-c\", \"sed -i s/first/First/ CHANGELOG.md && echo scratch > made.txt\"]]\n",
    );
    repo.commit("chore: hooks");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    // The hooks' edits are committed: the tracked file, and the reformatted changelog.
    let show = |spec: &str| {
        let out = std::process::Command::new("git")
            .args(["show", spec])
            .current_dir(repo.path())
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert_eq!(show("HEAD:notes/extra.txt"), "one\ntwo\n");
    assert!(
        show("HEAD:CHANGELOG.md").contains("- First"),
        "{}",
        show("HEAD:CHANGELOG.md")
    );
    assert!(show("HEAD:CHANGELOG.md").contains("## [1.1.0] - "));
    // The file a hook created is named, and left out.
    assert!(
        run.stderr
            .contains("made.txt: the before-write and after-write hooks created it"),
        "{run:?}"
    );
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&status.stdout), "?? made.txt\n");
}

#[test]
fn a_failed_release_undoes_what_the_hooks_changed_too() {
    let mut repo = ready();
    repo.write("notes/extra.txt", "one\n");
    repo.write(
        "release.toml",
        "[hooks]\nafter-write = [[\"sh\", \"-c\", \"echo two >> notes/extra.txt\"]]\nafter-commit = [[\"false\"]]\n",
    );
    repo.commit("chore: hooks");
    let before = state(&repo);
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("the release was undone"), "{run:?}");
    assert_eq!(repo.read("notes/extra.txt"), "one\n");
    assert_eq!(state(&repo), before);
}

#[test]
fn releases_are_cut_only_from_the_branches_release_toml_names() {
    let mut repo = ready();
    let config = repo.read("release.toml");
    repo.write(
        "release.toml",
        &format!("{config}\n[release]\nbranches = [\"release/*\"]\n"),
    );
    repo.commit("chore: release branches");
    let run = repo.relman(&["release", "--dry-run"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("HEAD is on the branch main, but release.toml ([release] branches) cuts releases from release/* only"),
        "{run:?}"
    );
    repo.checkout("release/1.x");
    let run = repo.relman(&["release", "--dry-run", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn commit_and_tag_messages_follow_release_toml() {
    let mut repo = ready();
    let config = repo.read("release.toml");
    repo.write(
        "release.toml",
        &format!("{config}\n[release]\ncommit-message = \"release: v{{version}} [skip ci]\"\ntag-message = \"{{tag}}\"\n"),
    );
    repo.commit("chore: messages");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        repo.git(&["log", "-1", "--format=%s"]),
        "release: v1.1.0 [skip ci]"
    );
    assert_eq!(
        repo.git(&["tag", "-l", "--format=%(contents)", "v1.1.0"]),
        "v1.1.0"
    );
    // A placeholder relman does not fill is refused with its place.
    repo.write(
        "release.toml",
        &format!("{config}\n[release]\ncommit-message = \"release {{versoin}}\"\n"),
    );
    let run = repo.relman(&["release", "--dry-run"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("commit-message names {versoin}, which relman does not fill"),
        "{run:?}"
    );
}

#[test]
fn a_project_tagged_without_v_gets_its_next_tag_without_v() {
    let mut repo = TestRepo::new();
    {
        let mut config = repo.repo.config().unwrap();
        config.set_str("user.name", "Release Bot").unwrap();
        config.set_str("user.email", "bot@example.com").unwrap();
    }
    repo.write("VERSION", "6.5.0\n");
    repo.commit("feat: first");
    repo.tag("6.4.0").tag("6.5.0");
    repo.commit("feat: more");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("tagged 6.6.0"), "{run:?}");
    assert_eq!(repo.git(&["tag", "-l", "v*"]), "");
    // The next release reads it back.
    repo.commit("fix: later");
    assert_eq!(repo.relman(&["next"]).stdout, "6.6.1\n");
    // init writes the scheme the tags use, and what it writes keeps reading them.
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    let config = repo.read("release.toml");
    assert!(
        config.contains(
            "# Release tags look like 6.6.0 (read from the existing tags).\ntag-prefix = \"\"\n"
        ),
        "{config}"
    );
    assert_eq!(repo.relman(&["next"]).stdout, "6.6.1\n");
}

#[test]
fn init_reads_the_changelog_style_and_whether_the_project_deploys() {
    // A library: no Dockerfile, chart or migrations; a conventional-changelog CHANGES.md.
    let mut repo = TestRepo::new();
    repo.write("Cargo.toml", "[package]\nname = \"lib\"\nversion = \"2.1.0\"\n")
        .write(
            "CHANGES.md",
            "# Changelog\n\n## [2.1.0](https://github.com/o/lib/compare/v2.0.0...v2.1.0) (2024-03-01)\n\n### Features\n\n* a thing\n",
        )
        .write(".devcontainer/Dockerfile", "FROM rust\n")
        .write("tests/fixtures/app/Procfile", "web: app\n");
    repo.commit("feat: first");
    repo.tag("v2.1.0");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(init.stdout.contains("relman init found:"), "{init:?}");
    assert!(
        init.stdout.contains("version    2.1.0 from Cargo.toml"),
        "{init:?}"
    );
    assert!(
        init.stdout.contains("tags       vX.Y.Z, the latest v2.1.0"),
        "{init:?}"
    );
    assert!(
        init.stdout
            .contains("changelog  CHANGES.md (conventional-changelog)"),
        "{init:?}"
    );
    assert!(
        init.stdout.contains("deploys    no: release notes only"),
        "{init:?}"
    );
    let config = repo.read("release.toml");
    assert!(config.contains("path = \"CHANGES.md\"\n"), "{config}");
    assert!(config.contains("\nnotes = "), "{config}");
    assert!(config.contains("\n# plan = "), "{config}");
    assert!(config.contains("\n# checklist = "), "{config}");
    repo.commit("fix: a bug");
    let dry = repo.relman(&["release", "--dry-run", "--allow-dirty"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(
        dry.stdout
            .contains("+++ b/docs/releases/RELEASE_NOTES_2.1.1.md"),
        "{dry:?}"
    );
    assert!(!dry.stdout.contains("STAGING_PLAN"), "{dry:?}");
    assert!(dry.stdout.contains("+++ b/CHANGES.md"), "{dry:?}");
    // The file's own section titles go on.
    assert!(dry.stdout.contains("+### Bug Fixes\n"), "{dry:?}");

    // A service: a Dockerfile and migrations turn the plan and checklist on.
    let mut service = TestRepo::new();
    service
        .write(
            "package.json",
            "{\"name\": \"api\", \"version\": \"0.4.0\"}\n",
        )
        .write("Dockerfile", "FROM node\n")
        .write("migrations/0001_init.sql", "create table t ();\n");
    service.commit("feat: first");
    let init = service.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout.contains(
            "deploys    yes (Dockerfile, migrations/): release notes, staging plan and checklist"
        ),
        "{init:?}"
    );
    assert!(init.stdout.contains("changelog  none yet"), "{init:?}");
    let config = service.read("release.toml");
    assert!(config.contains("\nplan = "), "{config}");
    assert!(config.contains("\nchecklist = "), "{config}");
    assert!(config.contains("path = \"CHANGELOG.md\"\n"), "{config}");
}

/// Install an executable git hook in `dir` (relative to the work tree).
#[cfg(unix)]
fn install_hook(repo: &TestRepo, dir: &str, name: &str, script: &str) {
    use std::os::unix::fs::PermissionsExt as _;
    let path = repo.path().join(dir).join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn the_repositorys_git_hooks_run_as_git_commit_runs_them() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: a bug");
    // pre-commit sees the staged release; commit-msg adds a trailer; post-commit leaves a mark.
    install_hook(
        &repo,
        ".git/hooks",
        "pre-commit",
        "#!/bin/sh\ngit diff --cached --name-only > .git/staged-seen\n",
    );
    install_hook(
        &repo,
        ".git/hooks",
        "commit-msg",
        "#!/bin/sh\nprintf '\\nReviewed-by: hook\\n' >> \"$1\"\n",
    );
    install_hook(
        &repo,
        ".git/hooks",
        "post-commit",
        "#!/bin/sh\ntouch .git/post-ran\n",
    );
    // prepare-commit-msg gets the file and the message's source, as with `git commit -m`.
    install_hook(
        &repo,
        ".git/hooks",
        "prepare-commit-msg",
        "#!/bin/sh\necho \"$2\" > .git/prepare-source\nprintf '\\nTicket: REL-1\\n' >> \"$1\"\n",
    );
    let dry = repo.relman(&["release", "--dry-run"]);
    assert!(
        dry.stdout.contains(
            "git hooks the commit runs: pre-commit, prepare-commit-msg, commit-msg, post-commit"
        ),
        "{dry:?}"
    );
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 0, "{run:?}");
    let staged = std::fs::read_to_string(repo.path().join(".git/staged-seen")).unwrap();
    assert!(
        staged.contains("VERSION") && staged.contains("CHANGELOG.md"),
        "{staged}"
    );
    let message = repo.git(&["log", "-1", "--format=%B"]);
    assert!(message.starts_with("chore(release): 1.0.1"), "{message}");
    assert!(message.contains("Reviewed-by: hook"), "{message}");
    assert!(message.contains("\nTicket: REL-1\n"), "{message}");
    assert_eq!(
        std::fs::read_to_string(repo.path().join(".git/prepare-source")).unwrap(),
        "message\n"
    );
    assert!(repo.path().join(".git/post-ran").is_file());
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[cfg(unix)]
#[test]
fn a_failing_pre_commit_hook_undoes_the_release_and_no_verify_skips_it() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: a bug");
    // core.hooksPath, relative to the work tree, as husky sets it.
    repo.git(&["config", "core.hooksPath", ".husky"]);
    install_hook(
        &repo,
        ".husky",
        "pre-commit",
        "#!/bin/sh\necho 'lint failed' >&2\nexit 1\n",
    );
    let head = repo.head();
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("the repository's pre-commit git hook failed"),
        "{run:?}"
    );
    assert!(run.stderr.contains("--no-verify"), "{run:?}");
    assert!(run.stderr.contains("the release was undone"), "{run:?}");
    assert_eq!(repo.head(), head);
    assert_eq!(repo.read("VERSION"), "1.0.0\n");
    assert_eq!(repo.git(&["tag", "-l", "v1.0.1"]), "");
    // A commit-msg hook that rejects: undone too; --no-verify skips both.
    install_hook(&repo, ".husky", "commit-msg", "#!/bin/sh\nexit 1\n");
    let run = repo.relman(&["release", "--no-verify"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.0.1\n");
    assert!(repo.git(&["tag", "-l", "v1.0.1"]).contains("v1.0.1"));
}

#[cfg(unix)]
#[test]
fn what_a_pre_commit_hook_formats_goes_into_the_release_commit() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: a bug");
    // A formatter run by lint-staged: it rewrites the changelog and stages it.
    install_hook(
        &repo,
        ".git/hooks",
        "pre-commit",
        "#!/bin/sh\nsed -i 's/^- a bug/- A bug/' CHANGELOG.md && git add CHANGELOG.md\n",
    );
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 0, "{run:?}");
    let committed = repo.git(&["show", "HEAD:CHANGELOG.md"]);
    assert!(committed.contains("- A bug"), "{committed}");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[cfg(unix)]
#[test]
fn a_pre_commit_hook_that_removes_a_file_stops_the_release_and_the_file_comes_back() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n")
        .write("notes.txt", "kept\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: a bug");
    install_hook(
        &repo,
        ".git/hooks",
        "pre-commit",
        "#!/bin/sh\ngit rm -q notes.txt\n",
    );
    let head = repo.head();
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("notes.txt: the pre-commit git hook deleted it"),
        "{run:?}"
    );
    assert_eq!(repo.head(), head);
    // Undone as the message says: the file is back, in the index and the work tree.
    assert_eq!(repo.read("notes.txt"), "kept\n");
    assert_eq!(repo.git(&["status", "--porcelain"]), "");
}

#[cfg(unix)]
#[test]
fn a_commit_msg_hook_appends_lines_and_its_message_is_cleaned_as_git_cleans_it() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: a bug");
    // Gerrit's hook appends a line; this one also adds blank lines and CRLF.
    install_hook(
        &repo,
        ".git/hooks",
        "commit-msg",
        "#!/bin/sh\necho 'Change-Id: I1234' >> \"$1\"\n{ printf '\\n\\n'; sed 's/$/\\r/' \"$1\"; printf '\\n\\n'; } > \"$1.new\" && mv \"$1.new\" \"$1\"\n",
    );
    // A post-commit hook that moves HEAD cannot stop the release (as with git).
    install_hook(
        &repo,
        ".git/hooks",
        "post-commit",
        "#!/bin/sh\nrm -f .git/hooks/post-commit\ngit commit -q --allow-empty -m 'chore: after' --no-verify\n",
    );
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 0, "{run:?}");
    let message = repo.git(&["log", "-1", "--format=%B", "v1.0.1"]);
    assert!(
        message.starts_with("chore(release): 1.0.1\n") && message.ends_with("\nChange-Id: I1234"),
        "{message:?}"
    );
    assert!(!message.contains('\r'), "{message:?}");
    assert_eq!(repo.git(&["log", "-1", "--format=%s"]), "chore: after");

    // A pre-commit hook that commits: stopped before relman commits, its files restored.
    repo.commit("fix: another");
    std::fs::remove_file(repo.path().join(".git/hooks/commit-msg")).unwrap();
    install_hook(
        &repo,
        ".git/hooks",
        "pre-commit",
        "#!/bin/sh
rm -f .git/hooks/pre-commit
git commit -q --allow-empty -m 'chore: sneaky' --no-verify
",
    );
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("pre-commit git hook moved HEAD"),
        "{run:?}"
    );
    assert!(run.stderr.contains("the release was undone"), "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.0.1\n");
    assert!(!repo.read("CHANGELOG.md").contains("1.0.2"));
}

#[test]
fn signing_settings_are_not_read_when_nothing_is_committed() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: a bug");
    repo.git(&["config", "commit.gpgSign", "true"]);
    repo.git(&["config", "gpg.format", "ssh"]);
    let run = repo.relman(&["release", "--no-commit"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.0.1\n");
    // Committing needs the key: refused before anything is written, named.
    repo.git(&["checkout", "--", "."]);
    let run = repo.relman(&["release"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("user.signingKey"), "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.0.0\n");
}

#[test]
fn the_checklist_links_the_documents_written_with_it_and_status_reads_them() {
    let mut repo = ready();
    repo.write(
        "release.toml",
        "[documents]\nnotes = \"docs/releases/RELEASE_NOTES_{{version}}.md\"\nplan = \"docs/deploy/PLAN_{{version}}.md\"\nchecklist = \"docs/deploy/CHECKLIST_{{version}}.md\"\n",
    );
    repo.commit("chore: the deployment documents");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    let checklist = repo.read("docs/deploy/CHECKLIST_1.1.0.md");
    assert!(
        checklist.contains("## Resources\n\n- [Changelog](../../CHANGELOG.md)\n- [Release notes](../releases/RELEASE_NOTES_1.1.0.md)\n- [Staging deployment plan](PLAN_1.1.0.md)\n"),
        "{checklist}"
    );
    // The release linted what it wrote: every link resolves.
    let lint = repo.relman(&["lint", "docs/deploy"]);
    assert_eq!(lint.code, 0, "{lint:?}");
    // Released and nothing new: status reads 1.1.0's documents, none of them ticked.
    let status = repo.relman(&["status", "--format", "json"]);
    assert_eq!(status.code, 1, "{status:?}");
    let v: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    assert_eq!(v["prepared"], "1.1.0");
    let paths: Vec<&str> = v["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "docs/deploy/CHECKLIST_1.1.0.md",
            "docs/releases/RELEASE_NOTES_1.1.0.md",
            "docs/deploy/PLAN_1.1.0.md"
        ]
    );
    assert_eq!(v["documents"][1]["total"], 0);
    assert_eq!(v["documents"][0]["stale"], false);
}

#[test]
fn the_gate_judges_the_cut_with_its_tag_made_and_sparse_checkouts_are_clean() {
    let mut repo = ready();
    // A second changelog the release does not write: once tagged, 1.1.0 has no section there.
    repo.write(
        "website/changelog.md",
        "# Changelog\n\n## [1.0.0] - 2024-01-01\n\n- first\n",
    );
    repo.commit("docs: a changelog for the website");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_ne!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("website/changelog.md") && run.stderr.contains("1.1.0"),
        "{run:?}"
    );
    // Files a sparse checkout leaves out (skip-worktree) are not changes.
    repo.write("website/changelog.md", "# Changelog\n\n## [1.1.0] - 2024-06-01\n\n- export\n\n## [1.0.0] - 2024-01-01\n\n- first\n");
    repo.write("big/demo.gif", "GIF89a");
    repo.commit("docs: the website's changelog and a demo");
    repo.git(&["sparse-checkout", "set", "--no-cone", "/*", "!/big/"]);
    assert!(!repo.path().join("big/demo.gif").exists());
    let run = repo.relman(&["release", "--dry-run", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    // Nor is a file marked skip-worktree by hand and then removed, in a folder that
    // stays (git status shows nothing).
    repo.write("website/logo.svg", "<svg/>");
    repo.commit("docs: a logo");
    repo.git(&["update-index", "--skip-worktree", "website/logo.svg"]);
    std::fs::remove_file(repo.path().join("website/logo.svg")).unwrap();
    let run = repo.relman(&["release", "--dry-run", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn init_keeps_release_documents_out_of_a_docs_site() {
    let mut repo = ready();
    repo.write("mkdocs.yml", "site_name: app\n")
        .write("docs/index.md", "# App\n");
    repo.commit("docs: a site");
    std::fs::remove_file(repo.path().join("release.toml")).unwrap();
    let run = repo.relman(&["init"]);
    assert_eq!(run.code, 0, "{run:?}");
    let config = repo.read("release.toml");
    assert!(
        config.contains("notes = \"releases/RELEASE_NOTES_{{version}}.md\""),
        "{config}"
    );
    // Migrations are found without a glob in the file.
    assert!(!config.contains("migrations = ["), "{config}");
}

#[test]
fn a_virtual_workspace_whose_members_share_the_version_releases_them() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("Cargo.toml", "[workspace]\nresolver = \"2\"\nmembers = [\"cli\", \"core\"]\n")
        .write("cli/Cargo.toml", "[package]\nname = \"tool\"\nversion = \"2.13.1\" # managed\n\n[dependencies.tool-core]\nversion = \"2.13.1\" # managed too\npath = \"../core\"\n\n[dependencies]\nserde = \"2.13.1\"\n")
        .write("core/Cargo.toml", "[package]\nname = \"tool-core\"\nversion = \"2.13.1\"\n")
        .write("Cargo.lock", "version = 4\n\n[[package]]\nname = \"tool\"\nversion = \"2.13.1\"\n\n[[package]]\nname = \"tool-core\"\nversion = \"2.13.1\"\n\n[[package]]\nname = \"serde\"\nversion = \"2.13.1\"\nsource = \"registry+x\"\n");
    repo.commit("feat: first");
    repo.tag("v2.13.1");
    repo.commit("feat(core): more");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        repo.read("release.toml")
            .contains("files = [\"cli/Cargo.toml\", \"core/Cargo.toml\"]"),
        "{}",
        repo.read("release.toml")
    );
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    // The requirement of one member on the other moves with the release, as cargo-release
    // and git-cliff's own release script move it; a registry dependency does not.
    assert_eq!(
        repo.read("cli/Cargo.toml"),
        "[package]\nname = \"tool\"\nversion = \"2.14.0\" # managed\n\n[dependencies.tool-core]\nversion = \"2.14.0\" # managed too\npath = \"../core\"\n\n[dependencies]\nserde = \"2.13.1\"\n"
    );
    assert!(repo
        .read("core/Cargo.toml")
        .contains("version = \"2.14.0\""));
    let lock = repo.read("Cargo.lock");
    assert_eq!(lock.matches("version = \"2.14.0\"").count(), 2, "{lock}");
    assert!(
        lock.contains("name = \"serde\"\nversion = \"2.13.1\""),
        "{lock}"
    );
}

#[test]
fn an_npm_packages_platform_builds_pinned_to_its_version_move_with_it() {
    let mut repo = TestRepo::new().with_identity();
    let manifest = |v: &str, old: &str| {
        format!("{{\n  \"name\": \"tool\",\n  \"version\": \"{v}\",\n  \"optionalDependencies\": {{\n    \"tool-linux-x64\": \"{v}\",\n    \"tool-darwin-arm64\": \"{v}\",\n    \"tool-win32-x64\": \"{old}\"\n  }},\n  \"dependencies\": {{ \"chalk\": \"{old}\" }}\n}}\n")
    };
    repo.write("package.json", &manifest("1.4.0", "1.0.0"));
    repo.commit("feat: first");
    repo.tag("v1.4.0");
    repo.commit("fix: a crash");
    assert_eq!(repo.relman(&["init"]).code, 0);
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    // The builds pinned to the version move; one left behind stays as it was.
    assert_eq!(repo.read("package.json"), manifest("1.4.1", "1.0.0"));
}

#[test]
fn two_number_tags_are_releases_and_the_next_minor_is_tagged_so() {
    let mut repo = TestRepo::new().with_identity();
    repo.commit("feat: first");
    repo.tag("v4.0");
    repo.commit("fix: one");
    repo.tag("v4.0.1");
    repo.commit("feat: two");
    repo.tag("v4.1");
    repo.commit("feat: three");
    let next = repo.relman(&["next"]);
    assert_eq!(next.stdout.trim(), "4.2.0", "{next:?}");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    // An x.y.0 release is tagged as the project tags them; a patch keeps three numbers.
    assert!(repo.git(&["tag", "-l", "v4.2"]).contains("v4.2"), "{run:?}");
    repo.commit("fix: four");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        repo.git(&["tag", "-l", "v4.2.1"]).contains("v4.2.1"),
        "{run:?}"
    );
}

#[test]
fn a_django_style_project_is_released_as_its_maintainer_releases_it() {
    // healthchecks' shape: two-number tags for x.y.0, a pending `vX.Y-dev` section with
    // its own subsection titles, a `templates/` folder of its own, Django migrations.
    let mut repo = TestRepo::new().with_identity();
    repo.write("templates/base.html", "<html></html>\n")
        .write("hc/accounts/migrations/0001_initial.py", "# a migration\n")
        .write(
            "CHANGELOG.md",
            "# Changelog\n\n## v4.2 - 2026-04-28\n\n### Improvements\n- Older\n\n### Bug Fixes\n- A fix\n",
        );
    repo.commit("feat: first");
    repo.tag("v4.2");
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## v4.3-dev - Unreleased\n\n### Improvements\n- Faster pings\n\n## v4.2 - 2026-04-28\n\n### Improvements\n- Older\n\n### Bug Fixes\n- A fix\n",
    );
    repo.commit("feat: faster pings");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout.contains("vX.Y and vX.Y.Z, the latest v4.2"),
        "{init:?}"
    );
    assert!(init.stdout.contains("hc/accounts/migrations/"), "{init:?}");
    let config = repo.read("release.toml");
    assert!(config.contains("dir = \".relman/templates\""), "{config}");
    assert!(config.contains("title = \"Improvements\""), "{config}");
    assert!(repo
        .path()
        .join(".relman/templates/notes.md.tera")
        .is_file());
    assert!(!repo.path().join("templates/notes.md.tera").exists());
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", "2026-07-14"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo.git(&["tag", "-l", "v4.3"]).contains("v4.3"), "{run:?}");
    // The pending section becomes the release's, in the file's own heading.
    let changelog = repo.read("CHANGELOG.md");
    assert!(
        changelog.starts_with(
            "# Changelog\n\n## v4.3 - 2026-07-14\n\n### Improvements\n- Faster pings\n\n## v4.2"
        ),
        "{changelog}"
    );
    let lint = repo.relman(&["lint", "CHANGELOG.md"]);
    assert_eq!(lint.code, 0, "{lint:?}");
    // The tag quotes the section as the changelog has it.
    let message = repo.git(&["tag", "-l", "--format=%(contents)", "v4.3"]);
    assert!(
        message.contains("## v4.3 - 2026-07-14\n\n### Improvements\n- Faster pings"),
        "{message}"
    );
}

#[test]
fn a_changelogs_mirror_gets_the_release_section_too() {
    // go-task's shape: the docs site keeps a copy of the changelog under front matter.
    let mut repo = TestRepo::new().with_identity();
    let old = "## v1.0.0 - 2026-01-01\n\n- First\n";
    repo.write("VERSION", "1.0.0\n")
        .write("CHANGELOG.md", &format!("# Changelog\n\n{old}"))
        .write(
            "website/docs/changelog.md",
            &format!("---\ntitle: Changelog\n---\n\n# Changelog\n\n::: v-pre\n\n{old}\n:::\n"),
        )
        // Another file named like a changelog, of something else: not a mirror.
        .write(
            "vendor/lib/CHANGELOG.md",
            "# Changelog\n\n## 0.3.0\n\n- x\n",
        );
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.write(
        "CHANGELOG.md",
        &format!("# Changelog\n\n## Unreleased\n\n- Added the dry run (#12)\n\n{old}"),
    );
    repo.commit("feat: a dry run (#12)");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout
            .contains("kept in step: website/docs/changelog.md"),
        "{init:?}"
    );
    assert!(
        repo.read("release.toml")
            .contains("mirrors = [\"website/docs/changelog.md\"]"),
        "{}",
        repo.read("release.toml")
    );
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    let main = repo.read("CHANGELOG.md");
    let mirror = repo.read("website/docs/changelog.md");
    let section = main
        .split("# Changelog\n\n")
        .nth(1)
        .and_then(|rest| rest.split("## v1.0.0").next())
        .unwrap();
    assert!(section.starts_with("## v1.1.0 - "), "{main}");
    assert!(section.contains("- Added the dry run (#12)"), "{main}");
    assert_eq!(
        mirror,
        format!("---\ntitle: Changelog\n---\n\n# Changelog\n\n::: v-pre\n\n{section}{old}\n:::\n")
    );
    // A mirror that is the changelog itself is refused when release.toml loads.
    repo.write(
        "release.toml",
        "[changelog]\nmirrors = [\"./CHANGELOG.md\"]\n",
    );
    let next = repo.relman(&["next"]);
    assert_eq!(next.code, 2, "{next:?}");
    assert!(next.stderr.contains("release.toml:2:"), "{next:?}");
    assert!(
        next.stderr.contains("is the changelog CHANGELOG.md"),
        "{next:?}"
    );
}

#[test]
fn maven_modules_inheriting_the_version_move_with_the_release() {
    // google-auth-library-java's shape: the root pom and modules that have no version of
    // their own, only their parent's, all at the next development version.
    let mut repo = TestRepo::new().with_identity();
    let root = |v: &str| {
        format!("<project>\n  <groupId>com.acme</groupId>\n  <artifactId>acme-parent</artifactId>\n  <version>{v}</version>\n  <modules>\n    <module>core</module>\n  </modules>\n</project>\n")
    };
    let module = |v: &str| {
        format!("<project>\n  <parent>\n    <groupId>com.acme</groupId>\n    <artifactId>acme-parent</artifactId>\n    <version>{v}</version>\n  </parent>\n  <artifactId>acme-core</artifactId>\n</project>\n")
    };
    repo.write("pom.xml", &root("1.42.1"))
        .write("core/pom.xml", &module("1.42.1"));
    repo.commit("feat: first");
    repo.tag("v1.42.1");
    repo.write("pom.xml", &root("1.42.2-SNAPSHOT"))
        .write("core/pom.xml", &module("1.42.2-SNAPSHOT"));
    repo.commit("chore: next development version");
    repo.commit("feat: token exchange");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(init.stdout.contains("core/pom.xml"), "{init:?}");
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("pom.xml"), root("1.43.0"));
    assert_eq!(repo.read("core/pom.xml"), module("1.43.0"));
}

#[test]
fn init_leaves_out_a_file_holding_another_version() {
    // A docs site's package.json beside the package's own manifest.
    let mut repo = TestRepo::new().with_identity();
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"tool\"\nversion = \"2.3.0\"\n",
    )
    .write(
        "package.json",
        "{\"name\":\"docs\",\"version\":\"1.0.0\"}\n",
    )
    .write("bun.lock", "{}\n");
    repo.commit("feat: first");
    repo.tag("v2.3.0");
    repo.commit("fix: a bug");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout
            .contains("2.3.0 from pyproject.toml; not package.json (1.0.0)"),
        "{init:?}"
    );
    let config = repo.read("release.toml");
    assert!(config.contains("source = \"pyproject.toml\""), "{config}");
    assert!(config.contains("files = [\"pyproject.toml\"]"), "{config}");
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo.read("pyproject.toml").contains("version = \"2.3.1\""));
    assert_eq!(
        repo.read("package.json"),
        "{\"name\":\"docs\",\"version\":\"1.0.0\"}\n"
    );
    // No package.json moved: the JavaScript lock file cannot be stale.
    assert!(!run.stderr.contains("bun.lock"), "{run:?}");
}

#[test]
fn a_packages_samples_requiring_its_version_move_with_it() {
    // gaxios' samples/package.json requires the package at its released version.
    let mut repo = TestRepo::new().with_identity();
    let samples = |own: &str| {
        format!("{{\n  \"name\": \"lib-samples\",\n  \"private\": true,\n  \"dependencies\": {{\n    \"lib\": \"{own}\",\n    \"chalk\": \"^7.1.1\"\n  }}\n}}\n")
    };
    repo.write("package.json", "{\"name\":\"lib\",\"version\":\"7.1.1\"}\n")
        .write("samples/package.json", &samples("^7.1.1"))
        // An older pin is left as written.
        .write(
            "docs/demo/package.json",
            "{\"dependencies\":{\"lib\":\"^6.0.0\"}}\n",
        );
    repo.commit("feat: first");
    repo.tag("v7.1.1");
    repo.commit("fix: retries");
    repo.write("release.toml", "[documents]\n");
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("samples/package.json"), samples("^7.1.2"));
    assert_eq!(
        repo.read("docs/demo/package.json"),
        "{\"dependencies\":{\"lib\":\"^6.0.0\"}}\n"
    );
}

#[test]
fn init_moves_a_charts_app_version_with_the_release() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("package.json", "{\"name\":\"app\",\"version\":\"1.4.0\"}\n")
        .write(
            "deploy/chart/Chart.yaml",
            "apiVersion: v2\nname: app\nversion: 0.3.0\nappVersion: \"1.4.0\"\n",
        );
    repo.commit("feat: first");
    repo.tag("v1.4.0");
    repo.commit("feat: more");
    assert_eq!(repo.relman(&["init"]).code, 0);
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        repo.read("deploy/chart/Chart.yaml"),
        "apiVersion: v2\nname: app\nversion: 0.3.0\nappVersion: \"1.5.0\"\n"
    );
}

#[test]
fn init_reads_commitizens_version_files_and_the_release_moves_those_lines() {
    let mut repo = TestRepo::new().with_identity();
    let pyproject = "[project]\nname = \"tool\"\nversion = \"4.16.5\"\n\n[tool.commitizen]\nversion_files = [\n  \".pre-commit-config.yaml:rev:.+Commitizen\",\n  \"docs/install.txt\",\n]\n";
    let hooks = |v: &str| {
        format!("repos:\n  - repo: https://example.com/tool\n    rev: v{v}  # automatically updated by Commitizen\n  - repo: https://example.com/other\n    rev: v4.16.5\n")
    };
    repo.write("pyproject.toml", pyproject)
        .write(".pre-commit-config.yaml", &hooks("4.16.5"))
        .write("docs/install.txt", "pip install tool==4.16.5\n");
    repo.commit("feat: first");
    repo.tag("v4.16.5");
    repo.commit("feat: bump rules");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout
            .contains("also in .pre-commit-config.yaml, docs/install.txt, named by [tool.commitizen] version_files)"),
        "{init:?}"
    );
    assert!(
        repo.read("release.toml")
            .contains("literal = \"pip install tool=={version}\""),
        "{}",
        repo.read("release.toml")
    );
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    // The line commitizen's regex names moves; the other hook's `rev` stays.
    assert_eq!(repo.read(".pre-commit-config.yaml"), hooks("4.17.0"));
    assert_eq!(repo.read("docs/install.txt"), "pip install tool==4.17.0\n");
    assert!(repo.read("pyproject.toml").contains("version = \"4.17.0\""));
}

#[test]
fn init_finds_the_packaging_files_holding_the_version_and_the_release_moves_them() {
    let mut repo = TestRepo::new().with_identity();
    let snap = |v: &str| format!("name: tool\nversion: '{v}'\nparts:\n  tool:\n    plugin: rust\n");
    let spec =
        |v: &str| format!("Name: tool\nVersion: {v}\nRelease: 1\nRequires: libfoo >= 1.3.0\n");
    let nix = |v: &str| {
        format!("{{ rustPlatform }}:\nrustPlatform.buildRustPackage {{\n  pname = \"tool\";\n  version = \"{v}\";\n}}\n")
    };
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"tool\"\nversion = \"1.3.0\"\n",
    )
    .write("snapcraft.yaml", &snap("1.3.0"))
    .write("packaging/rpm/tool.spec", &spec("1.3.0"))
    .write("default.nix", &nix("1.3.0"));
    repo.commit("feat: first");
    repo.tag("v1.3.0");
    repo.commit("feat: colours");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout
            .contains("default.nix, packaging/rpm/tool.spec, snapcraft.yaml, as packaging"),
        "{init:?}"
    );
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("snapcraft.yaml"), snap("1.4.0"));
    // The package's Version moves; a dependency's `>= 1.3.0` does not.
    assert_eq!(repo.read("packaging/rpm/tool.spec"), spec("1.4.0"));
    assert_eq!(repo.read("default.nix"), nix("1.4.0"));
}

#[test]
fn a_changelog_several_releases_behind_the_tags_is_left_alone() {
    let mut repo = TestRepo::new().with_identity();
    let changelog = "# Changelog\n\n## v1.0.0 (2026-01-01)\n\n### Feat\n\n- first\n";
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"tool\"\nversion = \"1.0.0\"\n",
    )
    .write("CHANGELOG.md", changelog);
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    for (n, v) in ["1.1.0", "1.2.0", "1.3.0"].iter().enumerate() {
        repo.write(
            "pyproject.toml",
            &format!("[project]\nname = \"tool\"\nversion = \"{v}\"\n"),
        );
        repo.commit(&format!("feat: step {n}"));
        repo.tag(&format!("v{v}"));
    }
    repo.commit("fix: retry");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout
            .contains("not kept since 1.0.0 (3 releases ago)"),
        "{init:?}"
    );
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("CHANGELOG.md"), changelog);
    assert!(repo.read("pyproject.toml").contains("1.3.1"));
}

#[test]
fn init_reads_calendar_versions_and_the_release_date_decides_the_next() {
    let mut repo = TestRepo::new().with_identity();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"tool\"\nversion = \"2026.8.9\"\n",
    );
    repo.commit("feat: first");
    repo.tag("v2026.8.9");
    repo.commit("feat: remote hosts");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(repo.read("release.toml").contains("scheme = \"calver\""));
    assert!(
        init.stdout.contains("calendar versions (YEAR.MONTH.N)"),
        "{init:?}"
    );
    repo.commit("chore: relman config");
    let dry = repo.relman(&["release", "--dry-run", "--date", "2026-09-02"]);
    assert!(dry.stdout.contains("2026.9.0"), "{dry:?}");
    let run = repo.relman(&["release", "--date", "2026-08-20"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo.read("Cargo.toml").contains("version = \"2026.8.10\""));
    assert!(repo
        .git(&["tag", "-l", "v2026.8.10"])
        .contains("v2026.8.10"));
}

#[test]
fn a_restructuredtext_changelog_is_left_alone_and_no_second_one_is_started() {
    let mut repo = TestRepo::new().with_identity();
    let rst =
        "=========\nCHANGELOG\n=========\n\nv1.2.0 (2026-01-02)\n===================\n\n* first\n";
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"tool\"\nversion = \"1.2.0\"\n",
    )
    .write("CHANGELOG.rst", rst);
    repo.commit("feat: first");
    repo.tag("v1.2.0");
    repo.commit("fix: retry the upload");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout
            .contains("CHANGELOG.rst (reStructuredText, which relman does not write)"),
        "{init:?}"
    );
    assert!(repo
        .read("release.toml")
        .contains("write = false\npath = \"CHANGELOG.rst\""));
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("CHANGELOG.rst"), rst);
    assert!(!repo.path().join("CHANGELOG.md").exists());
    // The section is not lost: the tag quotes it.
    let message = repo.git(&["tag", "-l", "--format=%(contents)", "v1.2.1"]);
    assert!(message.contains("retry the upload"), "{message}");
}

#[test]
fn a_maven_snapshot_between_releases_is_the_version_file_it_is() {
    let mut repo = TestRepo::new().with_identity();
    let pom = |v: &str| {
        format!("<project>\n  <groupId>com.acme</groupId>\n  <artifactId>app</artifactId>\n  <version>{v}</version>\n  <dependencies>\n    <dependency><artifactId>x</artifactId><version>9.9.9</version></dependency>\n  </dependencies>\n</project>\n")
    };
    repo.write("pom.xml", &pom("2.1.0"));
    repo.commit("feat: first");
    repo.tag("v2.1.0");
    // After the release, the pom moved on to the next development version.
    repo.write("pom.xml", &pom("2.1.1-SNAPSHOT"));
    repo.commit("chore: next development version");
    repo.commit("feat: bulk export");
    assert_eq!(repo.relman(&["init"]).code, 0);
    assert!(
        repo.read("release.toml").contains("files = [\"pom.xml\"]"),
        "{}",
        repo.read("release.toml")
    );
    repo.commit("chore: relman config");
    // The snapshot is no mismatch for the lint.
    let lint = repo.relman(&["lint", "--rule", "version-mismatch"]);
    assert_eq!(lint.code, 0, "{lint:?}");
    let run = repo.relman(&["release", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("pom.xml"), pom("2.2.0"));
}
