//! Fingerprints and baselines. A finding's fingerprint identifies it across runs whatever
//! lines move; a baseline is the set of findings a project has accepted for now, so that
//! `relman lint --baseline FILE` fails only on new ones (as a legacy docs tree adopts the
//! lint without fixing every old finding first).

use std::collections::HashMap;

use anyhow::{anyhow, Result};
use serde::{Deserialize, Serialize};

use super::run::{Diagnostic, Report};

/// FNV-1a, 64 bits: a hash that stays the same across Rust versions and runs.
pub(crate) fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0xff)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// A message with what moves while the finding stays the same one taken out: the line
/// numbers it quotes ("the code block opened on line 12"), and the suggestions that follow
/// it ("; similar anchors here: …", which change when another page gains a heading).
fn without_line_numbers(message: &str) -> String {
    let message = message
        .find("; similar ")
        .map_or(message, |at| &message[..at]);
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find("line ") {
        let (before, after) = rest.split_at(at + "line ".len());
        out.push_str(before);
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            out.push('#');
        }
        rest = &after[digits..];
    }
    out.push_str(rest);
    without_versions(&out)
}

/// A message with its versions (`1.2.0`, `v2.0.0-rc.1`) written as `#.#.#`: "but the version
/// is 1.4.0" changes with every release, and the finding stays the same one (its line's text
/// tells findings apart).
fn without_versions(message: &str) -> String {
    static VERSION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?\b")
            .expect("a valid pattern")
    });
    VERSION.replace_all(message, "#.#.#").into_owned()
}

/// Give each finding its fingerprint: the rule, the path, the text of its line (trimmed)
/// and its message (line numbers out), and which occurrence of that same combination it is
/// in the file, so that it survives lines moving and two identical findings stay two.
/// `diagnostics` is in report order (by path, then line).
pub(crate) fn assign_fingerprints(diagnostics: &mut [Diagnostic]) {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for d in diagnostics {
        let message = without_line_numbers(&d.message);
        let base = fnv1a(&[&d.rule, &d.path, d.source_line.trim(), &message]);
        let n = seen.entry(base).or_insert(0);
        *n += 1;
        d.fingerprint = format!("{:016x}", fnv1a(&[&format!("{base:x}"), &n.to_string()]));
    }
}

/// One accepted finding. Only the fingerprint decides; the rest is there for the reader of
/// the file (and a reviewer of its diff).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    pub(crate) fingerprint: String,
    pub(crate) rule: String,
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) line: usize,
    pub(crate) message: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    /// What wrote it; checked on reading, so another tool's file is not taken for one.
    tool: String,
    version: u32,
    findings: Vec<Entry>,
}

const TOOL: &str = "relman lint";
const VERSION: u32 = 1;

/// The findings a project has accepted.
#[derive(Debug, Default)]
pub(crate) struct Baseline {
    entries: Vec<Entry>,
}

/// What applying a baseline did to a report.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// Findings left out because the baseline has them.
    pub(crate) known: usize,
    /// Entries of the baseline no finding matched any more: fixed (or moved to another
    /// file), so the baseline can shrink.
    pub(crate) gone: Vec<Entry>,
}

impl Baseline {
    /// Every finding of a report.
    pub(crate) fn of(report: &Report) -> Self {
        Baseline {
            entries: report
                .diagnostics
                .iter()
                .map(|d| Entry {
                    fingerprint: d.fingerprint.clone(),
                    rule: d.rule.clone(),
                    path: d.path.clone(),
                    line: d.line,
                    message: d.message.clone(),
                })
                .collect(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// The file's text: JSON, one finding per entry, in report order.
    pub(crate) fn to_json(&self) -> String {
        let file = BaselineFile {
            tool: TOOL.to_string(),
            version: VERSION,
            findings: self.entries.clone(),
        };
        let mut text = crate::text::json_text(
            serde_json::to_string_pretty(&file).unwrap_or_else(|_| "{}".into()),
        );
        text.push('\n');
        text
    }

    /// Read a baseline file's text; `shown` names it in errors.
    pub(crate) fn parse(text: &str, shown: &str) -> Result<Self> {
        let file: BaselineFile = serde_json::from_str(text).map_err(|e| {
            anyhow!(
                "{shown}:{}:{}: not a relman baseline: {}; write one with `relman lint --write-baseline {shown}`",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
                    .replace("struct BaselineFile", "an object with tool, version and findings")
                    .replace("struct Entry", "a finding")
            )
        })?;
        if file.tool != TOOL || file.version != VERSION {
            anyhow::bail!(
                "{shown}: a baseline of {:?} version {}, not of {TOOL:?} version {VERSION}; write it again with `relman lint --write-baseline {shown}`",
                file.tool,
                file.version
            );
        }
        Ok(Baseline {
            entries: file.findings,
        })
    }

    /// Leave out of `report` the findings the baseline has, and say which entries no
    /// finding matched.
    pub(crate) fn apply(&self, report: &mut Report) -> Applied {
        let mut wanted: HashMap<&str, usize> = HashMap::new();
        for e in &self.entries {
            *wanted.entry(e.fingerprint.as_str()).or_insert(0) += 1;
        }
        let before = report.diagnostics.len();
        let mut matched: HashMap<String, usize> = HashMap::new();
        report.diagnostics.retain(|d| {
            let left = wanted.get(d.fingerprint.as_str()).copied().unwrap_or(0);
            let used = matched.entry(d.fingerprint.clone()).or_insert(0);
            if *used < left {
                *used += 1;
                false
            } else {
                true
            }
        });
        let known = before - report.diagnostics.len();
        // Only a file that was linted can say a finding of its is gone (a lint of given
        // paths, or of what changed, leaves the others alone).
        let checked: std::collections::HashSet<&str> =
            report.checked.iter().map(String::as_str).collect();
        let mut gone = Vec::new();
        for e in self
            .entries
            .iter()
            .filter(|e| checked.contains(e.path.as_str()))
        {
            let used = matched.entry(e.fingerprint.clone()).or_insert(0);
            if *used > 0 {
                *used -= 1;
            } else {
                gone.push(e.clone());
            }
        }
        Applied { known, gone }
    }
}

/// serde_json's message without its own " at line L column C" (the error names them first).
fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .map_or(message, |at| &message[..at])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::Severity;

    fn finding(path: &str, line: usize, text: &str, message: &str) -> Diagnostic {
        Diagnostic {
            rule: "placeholder".into(),
            severity: Severity::Error,
            path: path.into(),
            line,
            column: 1,
            message: message.into(),
            source_line: text.into(),
            fixable: false,
            fingerprint: String::new(),
        }
    }

    fn report(mut diagnostics: Vec<Diagnostic>) -> Report {
        assign_fingerprints(&mut diagnostics);
        Report {
            checked: vec!["a.md".into(), "b.md".into()],
            diagnostics,
            files_checked: 1,
            ..Report::default()
        }
    }

    #[test]
    fn fingerprints_survive_moved_lines_and_quoted_line_numbers_but_not_new_text() {
        let a = report(vec![finding(
            "a.md",
            3,
            "  {{ x }}",
            "the code block opened on line 3 never closes",
        )]);
        let moved = report(vec![finding(
            "a.md",
            40,
            "{{ x }}",
            "the code block opened on line 40 never closes",
        )]);
        assert_eq!(
            a.diagnostics[0].fingerprint,
            moved.diagnostics[0].fingerprint
        );
        let other = report(vec![finding(
            "a.md",
            3,
            "{{ y }}",
            "the code block opened on line 3 never closes",
        )]);
        assert_ne!(
            a.diagnostics[0].fingerprint,
            other.diagnostics[0].fingerprint
        );
        assert_eq!(
            without_line_numbers("line 12 and line x, line 7"),
            "line # and line x, line #"
        );
    }

    #[test]
    fn a_baseline_leaves_out_what_it_has_counts_duplicates_and_names_what_is_gone() {
        let old = report(vec![
            finding("a.md", 1, "{{ x }}", "m"),
            finding("a.md", 2, "{{ x }}", "m"),
            finding("b.md", 1, "$1", "n"),
        ]);
        let text = Baseline::of(&old).to_json();
        let baseline = Baseline::parse(&text, "base.json").unwrap();
        assert_eq!(baseline.len(), 3);
        // Lines moved; one more identical finding; b.md's fixed.
        let mut now = report(vec![
            finding("a.md", 5, "{{ x }}", "m"),
            finding("a.md", 6, "{{ x }}", "m"),
            finding("a.md", 7, "{{ x }}", "m"),
        ]);
        let applied = baseline.apply(&mut now);
        assert_eq!(applied.known, 2);
        assert_eq!(now.diagnostics.len(), 1);
        assert_eq!(
            now.diagnostics[0].line, 7,
            "the third of three is the new one"
        );
        assert_eq!(applied.gone.len(), 1);
        assert_eq!(applied.gone[0].path, "b.md");
        // b.md not linted this time (given paths, --changed-since): its findings are not
        // known to be gone.
        let mut only_a = report(vec![finding("a.md", 5, "{{ x }}", "m")]);
        only_a.checked = vec!["a.md".into()];
        assert!(baseline
            .apply(&mut only_a)
            .gone
            .iter()
            .all(|e| e.path == "a.md"));
    }

    #[test]
    fn a_file_that_is_not_a_baseline_is_refused_with_its_position() {
        let err = Baseline::parse("{\n  \"tool\": 3\n}", "b.json")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("b.json:2:"), "{err}");
        assert!(err.contains("--write-baseline b.json"), "{err}");
        let err = Baseline::parse("[]", "b.json").unwrap_err().to_string();
        assert!(
            err.contains("expected an object with tool, version and findings"),
            "{err}"
        );
        let err = Baseline::parse(r#"{"tool":"x","version":1,"findings":[]}"#, "b.json")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not of \"relman lint\""), "{err}");
    }
}
