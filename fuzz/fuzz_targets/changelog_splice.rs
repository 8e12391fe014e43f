//! Changelog splicing: splicing the same section twice changes nothing the second time.
//! The invariants: `relman::fuzz_checks::changelog_splice`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relman::fuzz_checks::changelog_splice(data));
