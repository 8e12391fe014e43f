//! The Conventional Commits parser, the commit-msg cleaning and the judging of a range.
//! The invariants: `relman::fuzz_checks::commit_message`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relman::fuzz_checks::commit_message(data));
