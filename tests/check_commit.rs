//! `relman check-commit` as a commit-msg hook and over a range.

mod common;

use common::TestRepo;

#[test]
fn hook_file_valid_and_invalid() {
    let mut repo = TestRepo::new();
    repo.write(
        ".git/COMMIT_EDITMSG",
        "feat(cli): add --explain\n\nBody.\n# Please enter the commit message\n# ------------------------ >8 ------------------------\ndiff --git a/x b/x\n",
    );
    let run = repo.relman(&["check-commit", ".git/COMMIT_EDITMSG"]);
    assert_eq!(run.code, 0, "{run:?}");
    repo.write(
        ".git/COMMIT_EDITMSG",
        "# comment first\nUpdate the readme\n",
    );
    let run = repo.relman(&["check-commit", ".git/COMMIT_EDITMSG"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.starts_with(".git/COMMIT_EDITMSG:2:1: error:"),
        "{run:?}"
    );
    assert!(run.stdout.contains("Update the readme"), "{run:?}");
}

#[test]
fn hook_file_not_utf8_is_exit_2() {
    let repo = TestRepo::new();
    std::fs::write(repo.path().join("MSG"), b"feat: caf\xe9\n").unwrap();
    let run = repo.relman(&["check-commit", "MSG"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("MSG:1:10: the commit message is not valid UTF-8"),
        "{run:?}"
    );
}

#[test]
fn missing_file_is_exit_2() {
    let repo = TestRepo::new();
    let run = repo.relman(&["check-commit", "nope"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("nope: cannot read"), "{run:?}");
}

#[test]
fn range_reports_each_bad_message() {
    let mut repo = TestRepo::new();
    let base = repo.commit("chore: init");
    repo.commit("feat: good");
    repo.commit("WIP");
    repo.commit("fix:missing space");
    repo.commit("fixup! feat: good");
    let run = repo.relman(&["check-commit", "--range", &format!("{base}..HEAD")]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout.matches(": error: ").count(), 2, "{run:?}");
    assert!(run.stdout.contains("| WIP"), "{run:?}");
    assert!(run.stdout.contains("| fix:missing space"), "{run:?}");
    assert!(run.stderr.contains("2 of 4 commit(s)"), "{run:?}");
    let ok = repo.relman(&["check-commit", "--range", "HEAD~1.."]);
    assert_eq!(ok.code, 0, "{ok:?}");
}

#[test]
fn bad_range_is_exit_2() {
    let mut repo = TestRepo::new();
    repo.commit("chore: init");
    let run = repo.relman(&["check-commit", "--range", "nope..HEAD"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("\"nope\" is not a revision"), "{run:?}");
}

#[test]
fn lines_point_into_the_file_and_comment_char_is_honoured() {
    let mut repo = TestRepo::new();
    repo.write("MSG", "feat: x\n\n\n\nbody\nBreaking change: y\n");
    let run = repo.relman(&["check-commit", "MSG"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.starts_with("MSG:6:1:"), "{run:?}");
    repo.repo
        .config()
        .unwrap()
        .set_str("core.commentChar", ";")
        .unwrap();
    repo.write("MSG", "; Please enter the commit message\nfeat: x\n");
    let run = repo.relman(&["check-commit", "MSG"]);
    assert_eq!(run.code, 0, "{run:?}");
}
