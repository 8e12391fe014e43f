//! The environment variables through which the test suite injects failures, crashes and
//! tighter template limits. They exist only in a build with the `test-hooks` cargo feature
//! (what `cargo test --features test-hooks` and `.ci/run` build); the product binary reads
//! none of them, so no environment can make a real release fail on purpose.

/// Make the write of one root-relative path fail (`fsutil`).
pub(crate) const FAIL_WRITE: &str = "RELMAN_TEST_FAIL_WRITE";
/// Make one step of the cut fail (`release`).
pub(crate) const FAIL_STEP: &str = "RELMAN_TEST_FAIL_STEP";
/// End the process at one step of the cut, as `kill -9` would (`release`).
pub(crate) const CRASH_AT: &str = "RELMAN_TEST_CRASH_AT";
/// Lower a template's time limit, in milliseconds (`render::budget`).
pub(crate) const TEMPLATE_TIMEOUT_MS: &str = "RELMAN_TEST_TEMPLATE_TIMEOUT_MS";
/// Lower a template's memory limit, in MiB (`render::budget`).
pub(crate) const TEMPLATE_MEMORY_MB: &str = "RELMAN_TEST_TEMPLATE_MEMORY_MB";

/// The value of a test variable; always `None` without the `test-hooks` feature.
pub(crate) fn var(name: &str) -> Option<String> {
    if cfg!(feature = "test-hooks") {
        std::env::var(name).ok()
    } else {
        None
    }
}

/// Whether the test variable `name` is set to `value`.
pub(crate) fn is(name: &str, value: &str) -> bool {
    var(name).is_some_and(|v| v == value)
}

/// Tests end the process at a step of the cut, as `kill -9` would (no destructor runs, the
/// journal stays).
pub(crate) fn crash_point(step: &str) {
    if is(CRASH_AT, step) {
        std::process::exit(137);
    }
}
