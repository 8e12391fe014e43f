//! The product binary (built without the `test-hooks` feature) reads none of the test
//! variables: no environment can make a real bump or release fail or stop on purpose.
//! `.ci/run` runs this file in a build without the feature.
#![cfg(not(feature = "test-hooks"))]

mod common;

use common::TestRepo;

#[test]
fn the_product_binary_ignores_the_test_variables() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n")
        .write("CHANGELOG.md", "# Changelog\n");
    repo.commit("chore: init");
    repo.tag("v1.0.0").write("src.txt", "x\n");
    repo.commit("feat: more");
    let run = common::relman_env(
        repo.path(),
        &["bump"],
        &[
            ("RELMAN_TEST_FAIL_WRITE", "VERSION"),
            ("RELMAN_TEST_FAIL_STEP", "commit"),
            ("RELMAN_TEST_CRASH_AT", "commit"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(repo.read("VERSION"), "1.1.0\n");
    repo.write("VERSION", "1.0.0\n");
    let run = common::relman_env(
        repo.path(),
        &["release", "--date", "2024-06-01"],
        &[
            ("RELMAN_TEST_FAIL_WRITE", "CHANGELOG.md"),
            ("RELMAN_TEST_FAIL_STEP", "commit"),
            ("RELMAN_TEST_CRASH_AT", "after-write hooks"),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}
