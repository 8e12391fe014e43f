//! The only formatter of lint results: human (rustc-style), json, github (workflow
//! commands) and sarif (2.1.0). It turns plain diagnostics into text and nothing else.

use std::fmt::Write as _;

use serde_json::json;

use crate::lint::run::Report;
use crate::lint::{Severity, RULES};
use crate::text::printable;

/// The output formats of `relman lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Human,
    Json,
    Github,
    Sarif,
}

/// Render a report.
pub(crate) fn render(report: &Report, format: Format, color: bool) -> String {
    match format {
        Format::Human => human(report, color),
        Format::Json => json_report(report),
        Format::Github => github(report),
        Format::Sarif => sarif(report),
    }
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

fn human(report: &Report, color: bool) -> String {
    let p = Paint { on: color };
    let mut out = String::new();
    for d in &report.diagnostics {
        let (label, code) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        // The document's text and the messages quoting it reach a terminal: its control
        // characters are shown, never obeyed.
        let _ = writeln!(
            out,
            "{}{} {}",
            p.wrap(code, &format!("{label}[{}]", d.rule)),
            p.wrap("1", ":"),
            p.wrap("1", &printable(&d.message))
        );
        let gutter = d.line.to_string().len();
        let pad = " ".repeat(gutter);
        let _ = writeln!(
            out,
            "{pad}{} {}:{}:{}",
            p.wrap("1;34", "-->"),
            printable(&d.path),
            d.line,
            d.column
        );
        if !d.source_line.is_empty() {
            let bar = p.wrap("1;34", "|");
            let shown = |text: &str| -> String {
                let spaced: String = text
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                printable(&spaced).into_owned()
            };
            let line = shown(&d.source_line);
            let _ = writeln!(out, "{pad} {bar}");
            let _ = writeln!(out, "{} {bar} {line}", p.wrap("1;34", &d.line.to_string()));
            let before: String = d
                .source_line
                .chars()
                .take(d.column.saturating_sub(1))
                .collect();
            let caret_pad = " ".repeat(shown(&before).chars().count());
            let _ = writeln!(out, "{pad} {bar} {caret_pad}{}", p.wrap(code, "^"));
        }
        out.push('\n');
    }
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let files = report.files_checked;
    let checked = format!("{files} file{} checked", if files == 1 { "" } else { "s" });
    if errors + warnings == 0 {
        let _ = writeln!(out, "{checked}: no problems");
    } else {
        let _ = writeln!(
            out,
            "{checked}: {errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
    }
    out
}

/// One finding as the json format writes it (the contract's fields, in this order).
#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: Severity,
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    fixable: bool,
}

fn json_report(report: &Report) -> String {
    let items: Vec<JsonFinding<'_>> = report
        .diagnostics
        .iter()
        .map(|d| JsonFinding {
            rule: &d.rule,
            severity: d.severity,
            path: &d.path,
            line: d.line,
            column: d.column,
            message: &d.message,
            fixable: d.fixable,
        })
        .collect();
    let mut text = crate::text::json_text(
        serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into()),
    );
    text.push('\n');
    text
}

/// Escape workflow-command data: `%`, CR and LF.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property: data escapes plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github(report: &Report) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "::{kind} file={},line={},col={},title={}::{}",
            printable(&escape_property(&d.path)),
            d.line,
            d.column,
            escape_property(&d.rule),
            printable(&escape_data(&d.message))
        );
    }
    out
}

/// FNV-1a, 64 bits: a fingerprint that stays the same across Rust versions and runs.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(std::iter::once(&0xff)) {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

fn sarif(report: &Report) -> String {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "name": r.id(),
                "shortDescription": { "text": r.summary() },
                "fullDescription": { "text": r.summary() },
                "help": { "text": r.docs(), "markdown": r.docs() },
                "defaultConfiguration": { "level": level(r.default_severity()) },
            })
        })
        .collect();
    // Stable fingerprints: rule, path, the line's text and message, and which occurrence of
    // that same combination it is, so that they survive lines moving.
    let mut seen: std::collections::HashMap<u64, usize> = std::collections::HashMap::new();
    let results: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let base = fnv1a(&[&d.rule, &d.path, d.source_line.trim(), &d.message]);
            let n = seen.entry(base).or_insert(0);
            *n += 1;
            let fingerprint = format!("{:016x}", fnv1a(&[&format!("{base:x}"), &n.to_string()]));
            let rule_index = RULES.iter().position(|r| r.id() == d.rule);
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&d.path), "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": d.line.max(1), "startColumn": d.column.max(1) },
                    }
                }],
                "partialFingerprints": { "relman/v1": fingerprint },
            });
            if let Some(i) = rule_index {
                result["ruleIndex"] = json!(i);
            }
            result
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "relman",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": { "%SRCROOT%": { "description": { "text": "the repository root" } } },
            "results": results,
        }]
    });
    let mut text = crate::text::json_text(serde_json::to_string_pretty(&doc).unwrap_or_default());
    text.push('\n');
    text
}

/// A relative path as a URI reference: every byte outside RFC 3986's unreserved set and
/// `/` percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &b in path.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::run::Diagnostic;

    fn report() -> Report {
        Report {
            diagnostics: vec![Diagnostic {
                rule: "placeholder".into(),
                severity: Severity::Error,
                path: "docs/a,b:c.md".into(),
                line: 3,
                column: 5,
                message: "100% bad\nnext line\r".into(),
                source_line: "::set-output name=x::y".into(),
                fixable: false,
            }],
            files_checked: 2,
            ..Report::default()
        }
    }

    #[test]
    fn control_characters_are_shown_not_sent_to_the_terminal() {
        let mut r = report();
        r.diagnostics[0].message = "`\u{1b}[31m` found".into();
        r.diagnostics[0].source_line = "a\u{1b}[31mb\u{7}\tc".into();
        r.diagnostics[0].column = 9;
        let out = render(&r, Format::Human, false);
        assert!(!out.contains(['\u{1b}', '\u{7}']), "{out}");
        assert!(out.contains("3 | a\\u{1b}[31mb\\u{7} c\n"), "{out}");
        assert!(
            out.contains("  |                  ^\n"),
            "the caret stays under the character: {out}"
        );
        let out = render(&r, Format::Github, false);
        assert!(out.contains("::`\\u{1b}[31m` found"), "{out}");
    }

    #[test]
    fn github_escapes_data_and_properties() {
        let out = render(&report(), Format::Github, false);
        assert_eq!(
            out,
            "::error file=docs/a%2Cb%3Ac.md,line=3,col=5,title=placeholder::100%25 bad%0Anext line%0D\n"
        );
        assert_eq!(
            out.lines().count(),
            1,
            "a message can never start a line of its own"
        );
    }

    #[test]
    fn human_shows_source_line_and_caret_and_summary() {
        let out = render(&report(), Format::Human, false);
        assert!(out.starts_with("error[placeholder]: 100% bad"), "{out}");
        assert!(out.contains(" --> docs/a,b:c.md:3:5\n"), "{out}");
        assert!(out.contains("3 | ::set-output name=x::y\n"), "{out}");
        assert!(out.contains("  |     ^\n"), "{out}");
        assert!(
            out.ends_with("2 files checked: 1 error, 0 warnings\n"),
            "{out}"
        );
        assert!(
            !out.lines().any(|l| l.starts_with("::")),
            "a document line never starts a line"
        );
        assert!(!out.contains('\x1b'));
        assert!(render(&report(), Format::Human, true).contains('\x1b'));
    }

    #[test]
    fn json_has_the_contract_fields() {
        let out = render(&report(), Format::Json, false);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        for key in ["rule", "severity", "path", "line", "column", "message"] {
            assert!(v[0].get(key).is_some(), "{key}");
        }
        assert_eq!(v[0]["severity"], "error");
    }

    #[test]
    fn sarif_is_2_1_0_with_rules_and_stable_fingerprints() {
        let first = render(&report(), Format::Sarif, false);
        let doc: serde_json::Value = serde_json::from_str(&first).unwrap();
        assert_eq!(doc["version"], "2.1.0");
        assert!(doc["runs"][0]["tool"]["driver"]["rules"].is_array());
        let result = &doc["runs"][0]["results"][0];
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docs/a%2Cb%3Ac.md"
        );
        assert_eq!(doc["runs"][0]["columnKind"], "unicodeCodePoints");
        assert_eq!(uri("sp/my file é.md"), "sp/my%20file%20%C3%A9.md");
        let mut moved = report();
        moved.diagnostics[0].line = 40;
        let second = render(&moved, Format::Sarif, false);
        let moved_doc: serde_json::Value = serde_json::from_str(&second).unwrap();
        assert_eq!(
            result["partialFingerprints"],
            moved_doc["runs"][0]["results"][0]["partialFingerprints"]
        );
    }
}
