//! The invariants that the fuzz targets (`fuzz/`, cargo-fuzz on nightly) and the property
//! test (`tests/properties.rs`, stable, run by `cargo test`) check on arbitrary input. Each
//! function takes any bytes, runs one part of relman on them, and panics when an invariant
//! breaks; a panic inside relman is a finding too. Kept in the library so that both drivers
//! check exactly the same thing and the targets always compile against the real API.
//!
//! Unlike the rest of the library, these functions panic on purpose: they are test code.

use std::fmt::Write as _;

use semver::Version;

use crate::changelog::{self, Spliced};
use crate::commit::{self, Message, Strictness};
use crate::formats::{self, Format, Pattern};
use crate::git::RawCommit;
use crate::history;
use crate::lint::{self, suppress::Suppressions, Context, Document, FileSet, Output};

/// Versions that splices write: stable, pre-release, build metadata, long numbers.
pub const NEW_VERSIONS: [&str; 6] = [
    "0.0.0",
    "1.2.4",
    "10.0.0",
    "2.0.0-rc.1",
    "1.0.0+build.5",
    "18446744073709551615.0.0-x.7",
];

/// The text of a fuzz input: UTF-8 as is, anything else decoded lossily (every target
/// reads text; the undecodable case is a rejection before the part under test).
fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn line_count(text: &str) -> usize {
    text.split('\n').count()
}

/// The commit parser, the commit-msg cleaning and the judging of a range.
///
/// - a rejection points at a line of the message and a column from 1;
/// - a Conventional Commit's rebuilt header parses back to the same type, scope, `!` and
///   description, strictly;
/// - a strictly valid message is valid leniently too;
/// - cleaning a commit-msg file is idempotent, and each kept line's number names a line of
///   the file that holds that text;
/// - judging the message as a commit (and as a revert of itself) never panics.
pub fn commit_message(data: &[u8]) {
    let message = text(data);
    let strict = commit::parse(&message);
    let lenient = commit::parse_with(&message, Strictness::Lenient);
    for parsed in [&strict, &lenient] {
        match parsed {
            Message::Rejected(r) => {
                assert!(
                    r.line >= 1 && r.line <= line_count(&message) && r.column >= 1,
                    "rejection at {}:{} in a message of {} lines: {r:?}",
                    r.line,
                    r.column,
                    line_count(&message)
                );
            }
            Message::Conventional(c) => {
                assert!(!c.kind.is_empty(), "empty type: {c:?}");
                let again = commit::parse(&c.header());
                let Message::Conventional(d) = &again else {
                    panic!(
                        "the rebuilt header {:?} does not parse: {again:?}",
                        c.header()
                    );
                };
                assert_eq!(
                    (&d.kind, &d.scope, d.bang, &d.description),
                    (&c.kind, &c.scope, c.bang, &c.description),
                    "the rebuilt header {:?} parses differently",
                    c.header()
                );
            }
            _ => {}
        }
    }
    if !matches!(strict, Message::Rejected(_)) {
        assert!(
            !matches!(lenient, Message::Rejected(_)),
            "valid strictly, rejected leniently: {lenient:?}"
        );
    }
    for comment in ['#', ';', '€'] {
        let (cleaned, lines) = commit::clean_hook_lines(&message, comment);
        let raw: Vec<&str> = message.split('\n').collect();
        let kept: Vec<&str> = if cleaned.is_empty() {
            Vec::new()
        } else {
            cleaned.split('\n').collect()
        };
        assert_eq!(kept.len(), lines.len(), "one line number per kept line");
        for (line, number) in kept.iter().zip(&lines) {
            let source = raw.get(number.wrapping_sub(1)).copied();
            assert_eq!(
                source.map(str::trim_end),
                Some(*line),
                "kept line {line:?} is not line {number} of the file"
            );
        }
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
        assert_eq!(
            commit::clean_hook_message(&cleaned, comment),
            cleaned,
            "cleaning is not idempotent"
        );
    }
    let _ = commit::guess_comment_char(&message);
    let id = format!("{:040x}", data.len());
    let raw = |id: &str, message: String| RawCommit {
        short: id[..7].to_string(),
        id: id.to_string(),
        message: Some(message),
        undecoded: None,
        author_name: "A".into(),
        author_email: "a@example.com".into(),
        time: 0,
        parents: 1 + data.first().map_or(0, |b| usize::from(b & 1)),
        tree: None,
        first_parent: None,
    };
    let revert_id = format!("{:040x}", data.len() + 1);
    let entries = history::analyze(
        vec![
            raw(
                &revert_id,
                format!(
                    "Revert \"{}\"\n\nThis reverts commit {id}.",
                    message.lines().next().unwrap_or("")
                ),
            ),
            raw(&id, message.clone()),
        ],
        Strictness::Lenient,
    );
    assert_eq!(entries.len(), 2);
    let _ = history::highest(&entries);
}

/// The lint on one Markdown file of arbitrary bytes (the first byte chooses its path): the
/// document parse and every rule, with a context of a few files and a current version.
///
/// - every finding, fix, anchor check and cited commit lies inside the text;
/// - a fix's range starts and ends on char boundaries;
/// - every finding has a line and column inside the document, and a message;
/// - suppressions are read without a panic.
pub fn lint_markdown(data: &[u8]) {
    const PATHS: [&str; 5] = [
        "README.md",
        "CHANGELOG.md",
        "docs/guide.md",
        "docs/releases/RELEASE_NOTES_1.2.3.md",
        "templates/notes.md.tera",
    ];
    let (path, rest) = match data.split_first() {
        Some((first, rest)) => (PATHS[usize::from(*first) % PATHS.len()], rest),
        None => (PATHS[0], data),
    };
    let doc = Document::parse(path, text(rest));
    let ctx = Context {
        version: Some(Version::new(1, 2, 3)),
        version_source: "VERSION".into(),
        released: vec![Version::new(1, 0, 0), Version::new(1, 2, 3)],
        files: FileSet::from_files(
            [
                "README.md",
                "CHANGELOG.md",
                "VERSION",
                "docs/guide.md",
                "docs/img/logo.png",
                "src/main.rs",
            ]
            .map(String::from),
        ),
        in_repo: true,
        remote: Some("github.com/acme/shop".into()),
        ..Context::default()
    };
    let len = doc.text.len();
    let inside = |range: &std::ops::Range<usize>| range.start <= range.end && range.end <= len;
    for rule in lint::RULES {
        let mut out = Output::default();
        rule.check(&doc, &ctx, &mut out);
        for finding in &out.findings {
            assert!(
                inside(&finding.range),
                "{}: finding {:?} outside the text ({len} bytes)",
                rule.id(),
                finding
            );
            assert!(!finding.message.is_empty(), "{}: empty message", rule.id());
            let (line, column) = doc.line_col(finding.range.start);
            assert!(
                line >= 1 && line <= doc.line_count() && column >= 1,
                "{}: {line}:{column} outside the document",
                rule.id()
            );
            let _ = doc.line_text(line);
            if let Some(fix) = &finding.fix {
                assert!(
                    inside(&fix.range)
                        && doc.text.is_char_boundary(fix.range.start)
                        && doc.text.is_char_boundary(fix.range.end),
                    "{}: fix {:?} cuts the text ({len} bytes)",
                    rule.id(),
                    fix
                );
            }
        }
        // What a rule keeps for its cross-file step is placed with `Place::of`, which
        // asserts (in debug builds) that each place is inside the text.
    }
    let _ = Suppressions::read(&doc);
    let _ = lint::document::repair_fences(&doc.text);
}

/// `release.toml`: it loads, or it is refused with a `line:column: ` inside the text.
pub fn release_toml(data: &[u8]) {
    // The loader refuses a file that is not UTF-8 before it parses.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(message) = crate::settings::parse(text, &crate::lint::rule_ids()) {
        let mut parts = message.splitn(3, ':');
        let line: usize = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
        let column: usize = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
        assert!(
            line >= 1 && line <= line_count(text) && column >= 1,
            "error without a position in the text: {message:?}"
        );
        assert!(
            parts.next().is_some_and(|rest| rest.len() > 1),
            "error without a message: {message:?}"
        );
    }
}

/// A version file (the first byte chooses its kind, the pattern and the new version): find
/// its version, splice a new one in, read it again.
///
/// - the file read again holds the new version, at the same place;
/// - every other byte is unchanged;
/// - a second splice of the same version changes nothing.
pub fn version_file(data: &[u8]) {
    let (selector, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let text = text(rest);
    let new = NEW_VERSIONS[usize::from(selector >> 4) % NEW_VERSIONS.len()];
    // 4 is Cargo.toml again (its workspace seeds were written for it).
    let names = ["plain", "cargo", "npm", "pyproject", "cargo"];
    let find = |text: &str| -> Option<Vec<formats::VersionField>> {
        match selector % 7 {
            k @ 0..=4 => formats::by_name(names[usize::from(k)])
                .expect("a format of the registry")
                .find(text)
                .ok(),
            5 => Pattern::Literal("version = \"{version}\"".into())
                .find(text)
                .ok(),
            _ => Pattern::Regex(r"(?m)^relman (?P<version>\S+)$".into())
                .find(text)
                .ok(),
        }
    };
    let Some(fields) = find(&text) else {
        return;
    };
    if fields.is_empty() {
        return;
    }
    let spliced = formats::splice(&text, &fields, new);
    let again = find(&spliced).unwrap_or_else(|| {
        panic!("the file no longer reads after {new} was spliced in: {spliced:?}")
    });
    let old: Vec<&str> = fields.iter().map(|f| f.text.as_str()).collect();
    let read: Vec<&str> = again.iter().map(|f| f.text.as_str()).collect();
    assert!(
        read.len() == fields.len() && read.iter().all(|v| *v == new),
        "spliced {new} over {old:?}, read back {read:?}: {spliced:?}"
    );
    // Every other byte unchanged: the text between the fields is the same.
    let mut spans: Vec<std::ops::Range<usize>> = fields.iter().map(|f| f.span.clone()).collect();
    spans.sort_by_key(|s| s.start);
    let mut expected = String::new();
    let mut kept = 0;
    for span in &spans {
        expected.push_str(&text[kept..span.start]);
        expected.push_str(new);
        kept = span.end;
    }
    expected.push_str(&text[kept..]);
    assert_eq!(spliced, expected, "other bytes changed");
    assert_eq!(formats::splice(&spliced, &again, new), spliced);
}

/// A changelog (any text) and a release section (the first byte chooses which): splicing
/// the section in is idempotent, and the section is in the result.
///
/// - splice once, then splice the same section again: unchanged (`Unchanged`, or the same
///   bytes);
/// - a refusal (a released section with other content) is an error, never a panic.
pub fn changelog_splice(data: &[u8]) {
    let (selector, rest) = data.split_first().map_or((0, data), |(f, r)| (*f, r));
    let existing = text(rest);
    let (section, label, definition) = section(selector);
    let once = match changelog::splice(&existing, &section, &label, definition.clone()) {
        Ok(Spliced::Changed(once)) => once,
        Ok(Spliced::Unchanged) | Err(_) => return,
    };
    let heading = section.lines().next().unwrap_or_default();
    assert!(
        // Lines as the changelog's own line ends make them (LF, CRLF or a lone CR).
        once.split(['\n', '\r'])
            .any(|l| l.trim_start_matches('\u{feff}').trim_end() == heading),
        "the section's heading {heading:?} is not in the result: {once:?}"
    );
    match changelog::splice(&once, &section, &label, definition) {
        Ok(Spliced::Unchanged) => {}
        Ok(Spliced::Changed(twice)) => assert_eq!(
            twice, once,
            "a second splice changed the changelog again; before: {existing:?}"
        ),
        Err(e) => panic!("a second splice was refused ({e}); before: {existing:?}, once: {once:?}"),
    }
}

/// A release section as relman renders it, its label and its link definition.
fn section(selector: u8) -> (String, String, Option<(String, String)>) {
    let versions = ["1.2.0", "Unreleased", "0.1.0", "2.0.0-rc.1"];
    let label = versions[usize::from(selector) % versions.len()].to_string();
    let mut section = if label == "Unreleased" {
        "## [Unreleased]\n".to_string()
    } else {
        format!("## [{label}] - 2024-05-01\n")
    };
    let _ = write!(
        section,
        "\n### Fixed\n\n- **cli:** keep the exit status (abc1234)\n"
    );
    if selector & 0x10 != 0 {
        section.push_str("\n### Added\n\n- a second entry\n");
    }
    let definition = (selector & 0x20 != 0).then(|| {
        (
            label.clone(),
            format!("https://github.com/acme/shop/compare/v1.1.0...{label}"),
        )
    });
    (section, label, definition)
}
