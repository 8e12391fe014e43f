//! Issue 9, item 8: small defects, each reproduced against the real binary in a temporary
//! repository: a pre-release counter at its limit, revert pairing on a longer history, HEAD
//! on a missing branch, `GIT_DIR`/`GIT_WORK_TREE`, `SOURCE_DATE_EPOCH` out of range, a BOM in
//! a commit-msg file.

mod common;

use common::TestRepo;

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
