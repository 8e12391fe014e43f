//! Version files: splice a new version in, read it back, every other byte unchanged.
//! The invariants: `relman::fuzz_checks::version_file`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relman::fuzz_checks::version_file(data));
