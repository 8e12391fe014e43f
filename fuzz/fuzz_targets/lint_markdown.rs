//! The lint of one Markdown file of arbitrary bytes: the document parse and every rule.
//! The invariants: `relman::fuzz_checks::lint_markdown`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| relman::fuzz_checks::lint_markdown(data));
