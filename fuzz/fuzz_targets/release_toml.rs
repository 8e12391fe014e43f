//! release.toml: it loads, or it is refused at a line and column of the text.
//! The invariants: `relman::fuzz_checks::release_toml`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relman::fuzz_checks::release_toml(data));
