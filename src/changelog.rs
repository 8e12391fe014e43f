//! Changelogs in Keep a Changelog 1.1.0 form: release sections rendered by the `changelog`
//! template, compare-link definitions, a whole document, and the splice of a new section
//! into an existing CHANGELOG.md that keeps every other byte and can run twice.

use anyhow::{bail, Result};

use crate::context::Release;
use crate::render::Renderer;

/// The header of a new changelog.
pub const HEADER: &str = "# Changelog

All notable changes to this project are documented in this file. The format is based on
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this project adheres to
[Semantic Versioning](https://semver.org/spec/v2.0.0.html).
";

/// A release's label in headings and link definitions: `Unreleased` or the version.
pub fn label(release: &Release) -> String {
    if release.unreleased {
        "Unreleased".to_string()
    } else {
        release.version.clone()
    }
}

/// The link definition of a release, when the remote is known.
pub fn link(release: &Release) -> Option<(String, String)> {
    let remote = release.remote.as_ref()?;
    let url = match (&release.previous_tag, &release.tag, release.unreleased) {
        (Some(prev), _, true) => remote.compare_url(prev, "HEAD"),
        (Some(prev), Some(tag), false) => remote.compare_url(prev, tag),
        (None, Some(tag), false) => remote.tag_url(tag),
        (None, _, true) | (_, None, false) => return None,
    };
    Some((label(release), url))
}

/// One release section, rendered by the project's `changelog` template, or, when that is
/// the built-in, by `builtin_section` (the same text without building a template context).
pub fn section(renderer: &Renderer, release: &Release) -> Result<String> {
    if renderer.is_builtin("changelog") {
        Ok(builtin_section(release))
    } else {
        renderer.render("changelog", release)
    }
}

/// What the built-in `templates/changelog.md.tera` renders, written out in Rust: a long
/// history renders hundreds of sections, and this is the part of the work that grows with
/// it. A test renders both for the same releases and compares them.
pub fn builtin_section(release: &Release) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(256 + release.commits.len() * 96);
    if release.unreleased {
        out.push_str("## [Unreleased]\n");
    } else {
        let _ = writeln!(out, "## [{}] - {}", release.version, release.date);
    }
    if !release.breaking.is_empty() {
        out.push_str("\n### Breaking changes\n\n");
        for change in &release.breaking {
            out.push_str("- ");
            if let Some(scope) = &change.scope {
                let _ = write!(out, "**{scope}:** ");
            }
            out.push_str(&crate::render::indent_text(&change.note));
            let _ = writeln!(out, " ({})", change.link);
        }
    }
    for section in &release.sections {
        let _ = write!(out, "\n### {}\n\n", section.title);
        for commit in &section.commits {
            out.push_str("- ");
            if let Some(scope) = &commit.scope {
                let _ = write!(out, "**{scope}:** ");
            }
            out.push_str(&commit.description);
            if commit.breaking {
                out.push_str(" (breaking)");
            }
            let _ = writeln!(out, " ({})", commit.link);
        }
    }
    if release.breaking.is_empty() && release.sections.is_empty() {
        out.push_str("\nNo user-facing changes.\n");
    }
    out
}

/// The sections of some releases (newest first), each rendered by the template.
pub fn sections(renderer: &Renderer, releases: &[Release]) -> Result<String> {
    let mut out = String::new();
    for release in releases {
        let text = section(renderer, release)?;
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(text.trim());
        out.push('\n');
    }
    Ok(out)
}

/// Link definitions as lines.
pub fn definitions(releases: &[Release]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (label, url) in releases.iter().filter_map(link) {
        let _ = writeln!(out, "[{label}]: {url}");
    }
    out
}

/// A whole changelog: header, sections, link definitions.
pub fn document(renderer: &Renderer, releases: &[Release]) -> Result<String> {
    let mut out = String::from(HEADER);
    let body = sections(renderer, releases)?;
    if !body.is_empty() {
        out.push('\n');
        out.push_str(&body);
    }
    let defs = definitions(releases);
    if !defs.is_empty() {
        out.push('\n');
        out.push_str(&defs);
    }
    Ok(out)
}

/// What `--prepend` did.
#[derive(Debug, PartialEq, Eq)]
pub enum Spliced {
    Changed(String),
    /// The file already holds exactly this section.
    Unchanged,
}

/// A level-2 heading of a changelog: where it starts and the label it names.
struct Heading {
    start: usize,
    label: Option<String>,
}

fn lines_with_offsets(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        out.push((at, line));
        at += line.len();
    }
    out
}

/// The label of a `## [1.2.0] - date` / `## 1.2.0` / `## [Unreleased]` heading.
fn heading_label(line: &str) -> Option<String> {
    let rest = line.strip_prefix("## ")?.trim();
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let end = rest.find([']', ' ', '(']).unwrap_or(rest.len());
    let word = &rest[..end];
    if word.eq_ignore_ascii_case("unreleased") {
        return Some("Unreleased".to_string());
    }
    let v = word.strip_prefix('v').unwrap_or(word);
    semver::Version::parse(v).ok().map(|v| v.to_string())
}

fn is_definition(line: &str) -> bool {
    let t = line.trim_end();
    t.starts_with('[') && t.contains("]: ")
}

/// Insert or replace the section `section` (labelled `label`) and its link definition in an
/// existing changelog, keeping every other byte. A version already present with other
/// content is refused; the same content is `Unchanged`. A new version replaces an existing
/// `[Unreleased]` section (those commits are now released).
pub fn splice(
    existing: &str,
    section: &str,
    label: &str,
    definition: Option<(String, String)>,
) -> Result<Spliced> {
    let crlf = existing.contains("\r\n");
    let eol = if crlf { "\r\n" } else { "\n" };
    let section = normalize(section, eol);
    let lines = lines_with_offsets(existing);
    // Headings outside fenced code.
    let mut headings: Vec<Heading> = Vec::new();
    let mut fence = false;
    for (at, line) in &lines {
        let t = line.trim_end_matches(['\n', '\r']);
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        if !fence && t.starts_with("## ") {
            headings.push(Heading {
                start: *at,
                label: heading_label(t),
            });
        }
    }
    // The trailing block of link definitions (with blank lines between them).
    let mut defs_start = existing.len();
    for (at, line) in lines.iter().rev() {
        let t = line.trim();
        if t.is_empty() || is_definition(line) {
            if is_definition(line) {
                defs_start = *at;
            }
        } else {
            break;
        }
    }
    let block_end = |i: usize| -> usize {
        headings
            .get(i + 1)
            .map_or(defs_start, |h| h.start)
            .min(defs_start.max(headings[i].start))
    };
    let mut out = existing.to_string();
    let mut removed_unreleased = false;
    if let Some(i) = headings
        .iter()
        .position(|h| h.label.as_deref() == Some(label))
    {
        let (start, end) = (headings[i].start, block_end(i));
        let current = &existing[start..end];
        if current.trim_end() == section.trim_end() {
            return Ok(Spliced::Unchanged);
        }
        if label != "Unreleased" {
            bail!(
                "the changelog already has a section for {label}, with other content; \
                 relman does not rewrite released sections: edit it by hand, or remove it to regenerate it"
            );
        }
        out.replace_range(start..end, &with_gap(&section, &existing[end..], eol));
    } else if let Some(i) = headings
        .iter()
        .position(|h| h.label.as_deref() == Some("Unreleased"))
    {
        let (start, end) = (headings[i].start, block_end(i));
        out.replace_range(start..end, &with_gap(&section, &existing[end..], eol));
        removed_unreleased = true;
    } else if let Some(first) = headings.iter().find(|h| h.label.is_some()) {
        out.insert_str(first.start, &format!("{section}{eol}"));
    } else {
        // No release section yet: after the header, before the link definitions.
        let at = defs_start;
        let before = &existing[..at];
        let mut insert = String::new();
        if !before.is_empty() && !before.ends_with(&format!("{eol}{eol}")) {
            insert.push_str(if before.ends_with(eol) { eol } else { "\n\n" });
        }
        insert.push_str(&section);
        if at < existing.len() {
            insert.push_str(eol);
        }
        out.insert_str(at, &insert);
    }
    Ok(Spliced::Changed(update_definitions(
        &out,
        definition,
        removed_unreleased,
        eol,
    )))
}

/// `section` ended by exactly one line end, plus a blank line when more follows.
fn with_gap(section: &str, after: &str, eol: &str) -> String {
    if after.trim().is_empty() {
        section.to_string()
    } else {
        format!("{section}{eol}")
    }
}

fn normalize(section: &str, eol: &str) -> String {
    let mut s: String = section.trim_end().lines().collect::<Vec<_>>().join(eol);
    s.push_str(eol);
    s
}

/// Add or replace a link definition; drop `[Unreleased]:` when its section is gone.
fn update_definitions(
    text: &str,
    definition: Option<(String, String)>,
    drop_unreleased: bool,
    eol: &str,
) -> String {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if drop_unreleased {
        lines.retain(|l| !l.to_ascii_lowercase().starts_with("[unreleased]: "));
    }
    if let Some((label, url)) = definition {
        let new_line = format!("[{label}]: {url}{eol}");
        let prefix = format!("[{label}]: ");
        if let Some(i) = lines.iter().position(|l| l.starts_with(&prefix)) {
            lines[i] = new_line;
        } else if let Some(i) = lines.iter().position(|l| {
            is_definition(l)
                && heading_label(&format!("## {}", l.split(']').next().unwrap_or(""))).is_some()
        }) {
            lines.insert(i, new_line);
        } else {
            if lines.last().is_some_and(|l| !l.ends_with('\n')) {
                if let Some(last) = lines.last_mut() {
                    last.push_str(eol);
                }
            }
            if lines.last().is_some_and(|l| !is_definition(l)) {
                lines.push(eol.to_string());
            }
            lines.push(new_line);
        }
    }
    lines.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Changelog\n\nIntro.\n\n## [1.1.0] - 2024-01-02\n\n### Added\n\n- b\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- a\n\n[1.1.0]: https://github.com/o/r/compare/v1.0.0...v1.1.0\n[1.0.0]: https://github.com/o/r/releases/tag/v1.0.0\n";

    #[allow(clippy::unnecessary_wraps)]
    fn def(label: &str, url: &str) -> Option<(String, String)> {
        Some((label.to_string(), url.to_string()))
    }

    #[test]
    fn new_version_goes_on_top_and_its_link_first() {
        let section = "## [1.2.0] - 2024-01-03\n\n### Fixed\n\n- c\n";
        let Spliced::Changed(out) = splice(
            FILE,
            section,
            "1.2.0",
            def("1.2.0", "https://github.com/o/r/compare/v1.1.0...v1.2.0"),
        )
        .unwrap() else {
            panic!()
        };
        assert!(out.starts_with("# Changelog\n\nIntro.\n\n## [1.2.0] - 2024-01-03\n\n### Fixed\n\n- c\n\n## [1.1.0]"), "{out}");
        assert!(
            out.contains(
                "- a\n\n[1.2.0]: https://github.com/o/r/compare/v1.1.0...v1.2.0\n[1.1.0]:"
            ),
            "{out}"
        );
        // Every byte of the old file is still there.
        assert_eq!(
            out.replace("## [1.2.0] - 2024-01-03\n\n### Fixed\n\n- c\n\n", "")
                .replace(
                    "[1.2.0]: https://github.com/o/r/compare/v1.1.0...v1.2.0\n",
                    ""
                ),
            FILE
        );
        // Twice: unchanged.
        assert_eq!(
            splice(&out, section, "1.2.0", def("1.2.0", "x")).unwrap(),
            Spliced::Unchanged
        );
    }

    /// The Rust rendering of the built-in section must equal the template's.
    #[test]
    fn builtin_section_matches_the_template() {
        use crate::commit::Strictness;
        use crate::context::{build, Grouping, Meta};
        use crate::git::RawCommit;
        let raw = RawCommit::sample;
        let renderer = Renderer::new(None, "templates").unwrap();
        let histories = [
            vec![],
            vec![raw("a1", "docs: only docs")],
            vec![
                raw(
                    "a1",
                    "feat(api)!: drop v1\n\nBREAKING CHANGE: call /v2;\nthe old paths answer 410.",
                ),
                raw("a2", "fix: crash on <empty> [input]"),
                raw("a3", "perf(db): batch"),
                raw("a4", "revert: feat: y\n\nRefs: 1234567"),
                raw("a5", "feat: plain"),
            ],
            vec![
                raw(
                    "b1",
                    "feat(api)!: x\n\nBREAKING CHANGE: run:\n```sh\nmigrate <b>\n```",
                ),
                raw("b2", "fix!: [1.2.0]: https://evil.example"),
                raw("b3", "feat: <b>bold</b> `<code>` \u{1b}[2J"),
                raw(
                    "b4",
                    "fix(x): y\n\nBREAKING CHANGE: ## [0.9.0]\n- [1.2.0]: z\n```\nopen",
                ),
            ],
        ];
        for (i, commits) in histories.into_iter().enumerate() {
            let entries = crate::history::analyze(commits, Strictness::Lenient);
            for (unreleased, remote) in [
                (false, None),
                (true, crate::remote::Remote::parse("https://github.com/o/r")),
            ] {
                let meta = Meta {
                    version: "1.2.0".into(),
                    previous_tag: Some("v1.1.0".into()),
                    tag: Some("v1.2.0".into()),
                    date: "2024-01-01".into(),
                    unreleased,
                    remote,
                    ..Meta::default()
                };
                let release = build(
                    &entries,
                    meta,
                    &Grouping::new(&crate::config::ChangelogConfig::default()),
                );
                let via_template = renderer.render("changelog", &release).unwrap();
                let mut native = builtin_section(&release).trim().to_string();
                native.push('\n');
                assert_eq!(native, via_template, "history {i}, unreleased {unreleased}");
            }
        }
    }

    #[test]
    fn a_version_with_other_content_is_refused() {
        let err = splice(FILE, "## [1.1.0] - 2024-01-02\n\n- other\n", "1.1.0", None).unwrap_err();
        assert!(
            err.to_string().contains("already has a section for 1.1.0"),
            "{err}"
        );
    }

    #[test]
    fn unreleased_is_replaced_not_duplicated() {
        let with = FILE
            .replace("## [1.1.0]", "## [Unreleased]\n\n- wip\n\n## [1.1.0]")
            .replace(
                "[1.1.0]: https",
                "[Unreleased]: https://github.com/o/r/compare/v1.1.0...HEAD\n[1.1.0]: https",
            );
        let section = "## [Unreleased]\n\n### Added\n\n- wip 2\n";
        let Spliced::Changed(out) = splice(
            &with,
            section,
            "Unreleased",
            def("Unreleased", "https://github.com/o/r/compare/v1.1.0...HEAD"),
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(out.matches("## [Unreleased]").count(), 1);
        assert!(out.contains("- wip 2\n\n## [1.1.0]"), "{out}");
        assert_eq!(out.matches("[Unreleased]: ").count(), 1);
        // Releasing it: the version replaces the Unreleased section and its link.
        let Spliced::Changed(released) = splice(
            &out,
            "## [1.2.0] - 2024-01-05\n\n- wip 2\n",
            "1.2.0",
            def("1.2.0", "https://github.com/o/r/compare/v1.1.0...v1.2.0"),
        )
        .unwrap() else {
            panic!()
        };
        assert!(!released.contains("Unreleased"), "{released}");
        assert!(
            released.contains("## [1.2.0] - 2024-01-05\n\n- wip 2\n\n## [1.1.0]"),
            "{released}"
        );
    }

    #[test]
    fn header_only_file_and_crlf() {
        let Spliced::Changed(out) = splice(
            "# Changelog\r\n",
            "## [1.0.0] - 2024-01-01\n\n- a\n",
            "1.0.0",
            None,
        )
        .unwrap() else {
            panic!()
        };
        assert_eq!(
            out,
            "# Changelog\r\n\r\n## [1.0.0] - 2024-01-01\r\n\r\n- a\r\n"
        );
    }
}
