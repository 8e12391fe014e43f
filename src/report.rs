//! The only formatter of findings: human (rustc-style), json, github (workflow commands),
//! sarif (2.1.0), gitlab (Code Quality) and the Markdown of a GitHub step summary. It turns
//! plain findings (the lint's, or `check-commit`'s) into text and nothing else.

use std::fmt::Write as _;

use serde_json::json;

use crate::lint::baseline::fnv1a;
use crate::lint::run::Report;
use crate::lint::{Severity, RULES};
use crate::text::printable;

/// The output formats of `relman lint` (and, but for human and gitlab, of `check-commit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Human,
    Json,
    Github,
    Sarif,
    Gitlab,
}

/// A finding as every format sees it: a lint diagnostic, or a commit message that is not a
/// Conventional Commit.
struct Item<'a> {
    rule: &'a str,
    severity: Severity,
    /// Root-relative (or, for a message file, as given); empty for a commit of a range.
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    fixable: bool,
    fingerprint: &'a str,
    /// The commit (full hash, subject) a range's finding is about.
    commit: Option<(&'a str, &'a str)>,
}

/// What made the findings: the SARIF driver and its rules.
struct Tool {
    name: &'static str,
    rules: Vec<serde_json::Value>,
}

fn lint_items(report: &Report) -> Vec<Item<'_>> {
    report
        .diagnostics
        .iter()
        .map(|d| Item {
            rule: &d.rule,
            severity: d.severity,
            path: &d.path,
            line: d.line,
            column: d.column,
            message: &d.message,
            fixable: d.fixable,
            fingerprint: &d.fingerprint,
            commit: None,
        })
        .collect()
}

fn lint_tool() -> Tool {
    Tool {
        name: "relman",
        rules: RULES
            .iter()
            .map(|r| rule_json(r.id(), r.summary(), r.docs(), level(r.default_severity())))
            .collect(),
    }
}

fn rule_json(id: &str, summary: &str, docs: &str, level: &str) -> serde_json::Value {
    json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": summary },
        "fullDescription": { "text": summary },
        "help": { "text": docs, "markdown": docs },
        "defaultConfiguration": { "level": level },
    })
}

/// Render a lint report.
pub(crate) fn render(report: &Report, format: Format, color: bool) -> String {
    let items = lint_items(report);
    match format {
        Format::Human => human(report, color),
        Format::Json => json_items(&items),
        Format::Github => github(&items),
        Format::Sarif => sarif(&items, &lint_tool()),
        Format::Gitlab => gitlab(&items),
    }
}

/// A commit message that is not a Conventional Commit, for `check-commit`'s formats.
#[derive(Debug, Clone)]
pub(crate) struct CommitFinding {
    /// The message file as given (empty for a commit of a range).
    pub(crate) path: String,
    /// The commit's full hash and subject (none for a message file).
    pub(crate) commit: Option<(String, String)>,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
    pub(crate) source_line: String,
}

/// The rule id of `check-commit`'s findings.
pub(crate) const COMMIT_RULE: &str = "conventional-commit";

/// `check-commit`'s findings as items, with their fingerprints (none: empty ones).
fn commit_items<'a>(findings: &'a [CommitFinding], fingerprints: &'a [String]) -> Vec<Item<'a>> {
    findings
        .iter()
        .enumerate()
        .map(|(i, f)| Item {
            rule: COMMIT_RULE,
            severity: Severity::Error,
            path: &f.path,
            line: f.line,
            column: f.column,
            message: &f.message,
            fixable: false,
            fingerprint: fingerprints.get(i).map_or("", String::as_str),
            commit: f.commit.as_ref().map(|(h, s)| (h.as_str(), s.as_str())),
        })
        .collect()
}

/// Render `check-commit`'s findings as json, github or sarif (its human form is its own).
pub(crate) fn render_commits(findings: &[CommitFinding], format: Format) -> String {
    let fingerprints: Vec<String> = findings
        .iter()
        .map(|f| match &f.commit {
            Some((hash, _)) => hash.clone(),
            None => format!("{:016x}", fnv1a(&[&f.path, &f.message])),
        })
        .collect();
    let items = commit_items(findings, &fingerprints);
    let tool = Tool {
        name: "relman check-commit",
        rules: vec![rule_json(
            COMMIT_RULE,
            "a commit message that is not a Conventional Commit 1.0.0",
            "A Conventional Commit reads `type(scope)!: description`, e.g. `fix(parser): accept empty bodies`, then an optional body and footers (`BREAKING CHANGE: …`). See https://www.conventionalcommits.org/en/v1.0.0/.",
            "error",
        )],
    };
    match format {
        Format::Github => github(&items),
        Format::Sarif => sarif(&items, &tool),
        // Human and GitLab are not formats of check-commit (its human form is its own;
        // GitLab's needs a file): json.
        Format::Json | Format::Human | Format::Gitlab => json_items(&items),
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
        // `path:line:col:` first, so that editors, terminals and compilation buffers jump
        // to it; then rustc's `error[rule]: message`, its `-->` line and the source.
        let _ = writeln!(
            out,
            "{}: {}{} {}",
            p.wrap(
                "1",
                &format!("{}:{}:{}", printable(&d.path), d.line, d.column)
            ),
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
    fingerprint: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    commit: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    subject: Option<&'a str>,
}

fn json_items(items: &[Item<'_>]) -> String {
    let items: Vec<JsonFinding<'_>> = items
        .iter()
        .map(|d| JsonFinding {
            rule: d.rule,
            severity: d.severity,
            path: d.path,
            line: d.line,
            column: d.column,
            message: d.message,
            fixable: d.fixable,
            fingerprint: d.fingerprint,
            commit: d.commit.map(|c| c.0),
            subject: d.commit.map(|c| c.1),
        })
        .collect();
    let mut text = crate::text::json_text(
        serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into()),
    );
    text.push('\n');
    text
}

/// `relman status`: per document its progress, open go/no-go items and staleness.
pub(crate) fn render_status(report: &crate::status::Report, format: Format) -> String {
    let mut out = String::new();
    match format {
        Format::Json => {
            let documents: Vec<serde_json::Value> = report
                .documents
                .iter()
                .map(|d| {
                    let p = d.progress.as_ref();
                    let open: Vec<serde_json::Value> = p
                        .into_iter()
                        .flat_map(crate::status::Progress::open_gates)
                        .map(|(s, t)| serde_json::json!({"section": s.title, "text": t.text, "line": t.line}))
                        .collect();
                    serde_json::json!({
                        "path": d.path,
                        "missing": p.is_none(),
                        "title": p.and_then(|p| p.title.clone()),
                        "version": p.and_then(|p| p.version.clone()),
                        "stale": d.stale,
                        "checklist": p.is_some_and(|p| p.checklist),
                        "done": p.map_or(0, |p| p.done),
                        "total": p.map_or(0, |p| p.total),
                        "sections": p.map(|p| p.sections.iter().map(|s| serde_json::json!({
                            "title": s.title, "line": s.line, "done": s.done, "open": s.open,
                        })).collect::<Vec<_>>()).unwrap_or_default(),
                        "open_gates": open,
                    })
                })
                .collect();
            let value = serde_json::json!({
                "prepared": report.prepared,
                "go": report.go(),
                "open_gates": report.open_gates(),
                "documents": documents,
            });
            out = serde_json::to_string_pretty(&value).unwrap_or_default();
            out.push('\n');
        }
        Format::Github => {
            for d in &report.documents {
                let file = printable(&escape_property(&d.path)).into_owned();
                let Some(p) = &d.progress else {
                    let _ = writeln!(
                        out,
                        "::error file={file},title=missing document::{} is not written yet",
                        printable(&escape_data(&d.path))
                    );
                    continue;
                };
                if d.stale {
                    let _ = writeln!(
                        out,
                        "::error file={file},line=1,title=stale document::{}",
                        escape_data(&stale_text(p, &report.prepared))
                    );
                }
                for (section, task) in p.open_gates() {
                    let _ = writeln!(
                        out,
                        "::error file={file},line={},title=go/no-go::{}",
                        task.line,
                        printable(&escape_data(&format!("{}: {}", section.title, task.text)))
                    );
                }
            }
            let _ = writeln!(
                out,
                "::notice title=relman status::{}",
                escape_data(&status_summary(report))
            );
        }
        _ => {
            for d in &report.documents {
                let Some(p) = &d.progress else {
                    let _ = writeln!(out, "{}: not written yet", printable(&d.path));
                    continue;
                };
                let title = p.title.as_deref().unwrap_or("(no title)");
                let _ = writeln!(
                    out,
                    "{}: {}: {} of {} done",
                    printable(&d.path),
                    printable(title),
                    p.done,
                    p.total
                );
                if d.stale {
                    let _ = writeln!(out, "  stale: {}", stale_text(p, &report.prepared));
                }
                let width = p
                    .sections
                    .iter()
                    .map(|s| s.title.chars().count())
                    .max()
                    .unwrap_or(0);
                for s in &p.sections {
                    let name = if s.title.is_empty() {
                        "(before any heading)"
                    } else {
                        &s.title
                    };
                    let _ = writeln!(
                        out,
                        "  {:width$}  {}/{}",
                        printable(name),
                        s.done,
                        s.done + s.open
                    );
                }
                for (section, task) in p.open_gates() {
                    let _ = writeln!(
                        out,
                        "  open go/no-go: {}:{}: {}: {}",
                        printable(&d.path),
                        task.line,
                        printable(&section.title),
                        printable(&task.text)
                    );
                }
            }
            let _ = writeln!(out, "{}", status_summary(report));
        }
    }
    out
}

/// Why a document is stale.
fn stale_text(p: &crate::status::Progress, prepared: &str) -> String {
    format!(
        "written for {}, but the repository is preparing {prepared}; render it again",
        p.version.as_deref().unwrap_or("another version")
    )
}

/// The last line of `relman status`.
fn status_summary(report: &crate::status::Report) -> String {
    let stale = report.documents.iter().filter(|d| d.stale).count();
    let missing = report
        .documents
        .iter()
        .filter(|d| d.progress.is_none())
        .count();
    let mut parts = vec![format!("{} open go/no-go item(s)", report.open_gates())];
    if stale > 0 {
        parts.push(format!("{stale} stale"));
    }
    if missing > 0 {
        parts.push(format!("{missing} not written"));
    }
    format!(
        "{} for {}: {} document(s), {}",
        if report.go() { "go" } else { "no-go" },
        report.prepared,
        report.documents.len(),
        parts.join(", ")
    )
}

/// A Markdown table of `relman status` for a GitHub step summary.
pub(crate) fn status_step_summary(report: &crate::status::Report) -> String {
    let mut out = format!("### relman status: {}\n\n| document | version | done | open go/no-go |\n| --- | --- | --- | --- |\n", status_summary(report));
    for d in &report.documents {
        let (version, done, open) = match &d.progress {
            Some(p) => (
                format!(
                    "{}{}",
                    p.version.as_deref().unwrap_or("?"),
                    if d.stale { " (stale)" } else { "" }
                ),
                format!("{}/{}", p.done, p.total),
                p.open_gates().count().to_string(),
            ),
            None => ("not written".to_string(), "-".to_string(), "-".to_string()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {done} | {open} |",
            path_cell(&d.path),
            cell(&version)
        );
    }
    out
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

/// The short form of a commit hash, as the human output shows it.
fn short(hash: &str) -> &str {
    hash.get(..7).unwrap_or(hash)
}

fn github(items: &[Item<'_>]) -> String {
    let mut out = String::new();
    for d in items {
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let message = match d.commit {
            Some((hash, subject)) => format!("{} {subject:?}: {}", short(hash), d.message),
            None => d.message.to_string(),
        };
        let mut properties = Vec::new();
        if !d.path.is_empty() {
            properties.push(format!("file={}", printable(&escape_property(d.path))));
            properties.push(format!("line={}", d.line));
            properties.push(format!("col={}", d.column));
        }
        properties.push(format!("title={}", escape_property(d.rule)));
        let _ = writeln!(
            out,
            "::{kind} {}::{}",
            properties.join(","),
            printable(&escape_data(&message))
        );
    }
    out
}

fn sarif(items: &[Item<'_>], tool: &Tool) -> String {
    let results: Vec<_> = items
        .iter()
        .map(|d| {
            let rule_index = tool.rules.iter().position(|r| r["id"] == d.rule);
            let mut result = json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": { "text": d.message },
                "partialFingerprints": { "relman/v1": d.fingerprint },
            });
            if d.path.is_empty() {
                result["locations"] = json!([]);
            } else {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(d.path), "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": d.line.max(1), "startColumn": d.column.max(1) },
                    }
                }]);
            }
            if let Some((hash, subject)) = d.commit {
                result["locations"] = json!([{
                    "logicalLocations": [{ "name": short(hash), "fullyQualifiedName": hash, "kind": "commit" }],
                    "message": { "text": subject },
                }]);
                result["properties"] = json!({ "commit": hash, "subject": subject });
            }
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
                    "name": tool.name,
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": tool.rules,
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

/// GitLab Code Quality: a JSON array of issues with `description`, `check_name`,
/// `fingerprint`, `severity` and `location.path` with `location.lines.begin` (what GitLab
/// reads; `type`, `categories` and `content` as the Code Climate spec has them).
fn gitlab(items: &[Item<'_>]) -> String {
    let issues: Vec<_> = items
        .iter()
        .map(|d| {
            json!({
                "type": "issue",
                "check_name": d.rule,
                "description": d.message,
                "categories": ["Style"],
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "fingerprint": d.fingerprint,
                "location": {
                    "path": d.path,
                    "lines": { "begin": d.line.max(1) },
                },
            })
        })
        .collect();
    let mut text =
        crate::text::json_text(serde_json::to_string_pretty(&issues).unwrap_or_default());
    text.push('\n');
    text
}

/// A Markdown table cell: one line, its pipes escaped, and its HTML escaped outside code
/// spans (inside one, an entity would show as written).
fn cell(text: &str) -> String {
    let text = printable(text).replace(['\r', '\n'], " ");
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    // The length of the backtick run that opened the code span we are in.
    let mut in_code: Option<usize> = None;
    while let Some(c) = chars.next() {
        if c == '`' {
            let mut run = 1;
            while chars.peek() == Some(&'`') {
                chars.next();
                run += 1;
            }
            out.push_str(&"`".repeat(run));
            in_code = match in_code {
                None => Some(run),
                Some(open) if open == run => None,
                other => other,
            };
            continue;
        }
        match (c, in_code) {
            ('|', _) => out.push_str("\\|"),
            ('&', None) => out.push_str("&amp;"),
            ('<', None) => out.push_str("&lt;"),
            ('>', None) => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// A path as a code span in a table cell.
fn path_cell(path: &str) -> String {
    cell(&format!("`{}`", path.replace('`', "'")))
}

/// The Markdown a GitHub step summary gets: a title line with the counts, then a table of
/// every finding (GitHub shows only ten annotations of each kind per step; the summary is
/// where the rest are seen).
fn summary_table(title: &str, counts: &str, items: &[Item<'_>]) -> String {
    let mut out = format!("### {title}\n\n{counts}\n");
    if items.is_empty() {
        return out;
    }
    out.push_str("\n| | Rule | Where | Message |\n| --- | --- | --- | --- |\n");
    for d in items {
        let mark = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = match d.commit {
            Some((hash, subject)) => format!("`{}` {}", short(hash), cell(subject)),
            None if d.path.is_empty() => String::new(),
            None => path_cell(&format!("{}:{}:{}", d.path, d.line, d.column)),
        };
        let _ = writeln!(
            out,
            "| {mark} | `{}` | {place} | {} |",
            d.rule,
            cell(d.message)
        );
    }
    out
}

/// The step summary of a lint run.
pub(crate) fn lint_summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let counts = format!(
        "{} file(s) checked: {errors} error(s), {warnings} warning(s)",
        report.files_checked
    );
    summary_table("relman lint", &counts, &lint_items(report))
}

/// The step summary of a `check-commit` run over `checked` messages.
pub(crate) fn commit_summary(findings: &[CommitFinding], checked: usize) -> String {
    let items = commit_items(findings, &[]);
    let counts = format!(
        "{checked} commit message(s) checked: {} not a Conventional Commit",
        findings.len()
    );
    summary_table("relman check-commit", &counts, &items)
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
                fingerprint: String::new(),
            }],
            files_checked: 2,
            ..Report::default()
        }
        .fingerprinted()
    }

    impl Report {
        fn fingerprinted(mut self) -> Self {
            crate::lint::baseline::assign_fingerprints(&mut self.diagnostics);
            self
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
        assert!(
            out.starts_with("docs/a,b:c.md:3:5: error[placeholder]: 100% bad"),
            "the finding's line starts with where it is: {out}"
        );
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
        moved.diagnostics[0].source_line = "  ::set-output name=x::y".into();
        let moved = moved.fingerprinted();
        assert!(!moved.diagnostics[0].fingerprint.is_empty());
        let second = render(&moved, Format::Sarif, false);
        let moved_doc: serde_json::Value = serde_json::from_str(&second).unwrap();
        assert_eq!(
            result["partialFingerprints"],
            moved_doc["runs"][0]["results"][0]["partialFingerprints"]
        );
    }

    #[test]
    fn gitlab_has_code_quality_fields() {
        let out = render(&report(), Format::Gitlab, false);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let issue = &v[0];
        assert_eq!(issue["check_name"], "placeholder");
        assert_eq!(issue["description"], "100% bad\nnext line\r");
        assert_eq!(issue["severity"], "major");
        assert_eq!(issue["location"]["path"], "docs/a,b:c.md");
        assert_eq!(issue["location"]["lines"]["begin"], 3);
        assert_eq!(
            issue["fingerprint"],
            report().diagnostics[0].fingerprint.as_str()
        );
    }

    #[test]
    fn the_step_summary_is_a_table_of_every_finding_with_cells_escaped() {
        let mut r = report();
        r.diagnostics[0].message = "a | b <script> `x`".into();
        let out = lint_summary(&r);
        assert!(
            out.starts_with("### relman lint\n\n2 file(s) checked: 1 error(s), 0 warning(s)\n"),
            "{out}"
        );
        assert!(
            out.contains(
                "| error | `placeholder` | `docs/a,b:c.md:3:5` | a \\| b &lt;script&gt; `x` |\n"
            ),
            "{out}"
        );
        let clean = lint_summary(&Report::default());
        assert!(!clean.contains('|'), "{clean}");
        // In a code span an entity would show as written: only the pipe is escaped there.
        assert_eq!(cell("`a&b|<c>` and <d>"), "`a&b\\|<c>` and &lt;d&gt;");
        assert_eq!(path_cell("a&b|c.md:5:9"), "`a&b\\|c.md:5:9`");
    }

    #[test]
    fn commit_findings_render_without_a_file_for_a_range() {
        let findings = vec![CommitFinding {
            path: String::new(),
            commit: Some(("0123456789abcdef".into(), "update stuff".into())),
            line: 1,
            column: 1,
            message: "no type".into(),
            source_line: "update stuff".into(),
        }];
        let out = render_commits(&findings, Format::Github);
        assert_eq!(
            out,
            "::error title=conventional-commit::0123456 \"update stuff\": no type\n"
        );
        let sarif: serde_json::Value =
            serde_json::from_str(&render_commits(&findings, Format::Sarif)).unwrap();
        let result = &sarif["runs"][0]["results"][0];
        assert_eq!(result["ruleId"], "conventional-commit");
        assert_eq!(result["ruleIndex"], 0);
        assert_eq!(
            result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "0123456789abcdef"
        );
        let json: serde_json::Value =
            serde_json::from_str(&render_commits(&findings, Format::Json)).unwrap();
        assert_eq!(json[0]["commit"], "0123456789abcdef");
        assert_eq!(json[0]["subject"], "update stuff");
        assert!(commit_summary(&findings, 3)
            .contains("| error | `conventional-commit` | `0123456` update stuff | no type |"));
    }
}
