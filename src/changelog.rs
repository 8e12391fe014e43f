//! Changelogs in Keep a Changelog 1.1.0 form: release sections rendered by the `changelog`
//! template, compare-link definitions, a whole document, and the splice of a new section
//! into an existing CHANGELOG.md that keeps every other byte and can run twice.

use anyhow::{bail, Result};

use crate::context::Release;
use crate::render::Renderer;

/// The header of a new changelog.
pub(crate) const HEADER: &str = "# Changelog

All notable changes to this project are documented in this file. The format is based on
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this project adheres to
[Semantic Versioning](https://semver.org/spec/v2.0.0.html).
";

/// A release's label in headings and link definitions: `Unreleased` or the version.
pub(crate) fn label(release: &Release) -> String {
    if release.unreleased {
        "Unreleased".to_string()
    } else {
        release.version.clone()
    }
}

/// The link definition of a release, when the remote is known.
pub(crate) fn link(release: &Release) -> Option<(String, String)> {
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
pub(crate) fn section(renderer: &Renderer, release: &Release) -> Result<String> {
    if renderer.is_builtin("changelog") {
        Ok(builtin_section(release))
    } else {
        renderer.render("changelog", release)
    }
}

/// What the built-in `templates/changelog.md.tera` renders, written out in Rust: a long
/// history renders hundreds of sections, and this is the part of the work that grows with
/// it. A test renders both for the same releases and compares them.
pub(crate) fn builtin_section(release: &Release) -> String {
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
    if !release.dependencies.is_empty() {
        out.push_str("\n### Dependencies\n\n");
        for dependency in &release.dependencies {
            let _ = writeln!(out, "- {} {}", dependency.name, dependency.version);
        }
    }
    if let Some(note) = &release.note {
        let _ = writeln!(out, "\n{note}");
    } else if release.breaking.is_empty()
        && release.sections.is_empty()
        && release.dependencies.is_empty()
    {
        out.push_str("\nNo user-facing changes.\n");
    }
    out
}

/// The sections of some releases (newest first), each rendered by the template.
pub(crate) fn sections(renderer: &Renderer, releases: &[Release]) -> Result<String> {
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
pub(crate) fn definitions(releases: &[Release]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (label, url) in releases.iter().filter_map(link) {
        let _ = writeln!(out, "[{label}]: {url}");
    }
    out
}

/// What `--prepend` did.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Spliced {
    Changed(String),
    /// The file already holds exactly this section.
    Unchanged,
}

/// What a line of an existing changelog is, as Markdown reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Blank,
    Text,
    /// Inside a code block or an HTML comment (its fences included): never a section or a
    /// link definition, whatever it looks like.
    Code,
    /// A level-2 heading and the release it names (`## [1.2.0] - date`, `## [Unreleased]`).
    Heading(Option<String>),
    /// A link reference definition (`[1.2.0]: https://…`).
    Definition,
}

/// One line: where it starts and ends (after its line end), its text without the line end.
struct Line<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    kind: Kind,
}

/// The lines of a changelog, and the line (1-based) of a code fence or HTML comment that
/// is never closed, which makes everything after it code.
struct Scan<'a> {
    lines: Vec<Line<'a>>,
    unclosed: Option<(usize, &'static str)>,
}

/// Lines as Markdown ends them: at a line feed, a CRLF or a lone carriage return.
fn split_lines(text: &str) -> Vec<(usize, &str, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {
                out.push((start, &text[start..i], i + 1));
                start = i + 1;
            }
            b'\r' => {
                let end = if b.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                out.push((start, &text[start..i], end));
                start = end;
                i = end;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    if start < b.len() {
        out.push((start, &text[start..], b.len()));
    }
    out
}

/// The line end of the first line, which the whole file is taken to use.
fn first_line_end(text: &str) -> Option<&'static str> {
    let at = text.find(['\n', '\r'])?;
    Some(if text[at..].starts_with("\r\n") {
        "\r\n"
    } else if text[at..].starts_with('\r') {
        "\r"
    } else {
        "\n"
    })
}

fn scan(text: &str) -> Scan<'_> {
    let mut lines = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut comment = false;
    // YAML front matter (`---` … `---` at the top): its lines are no headings.
    let mut front = false;
    let mut opened = (0, "");
    for (n, (start, raw, end)) in split_lines(text).into_iter().enumerate() {
        let shown = if n == 0 {
            raw.strip_prefix('\u{feff}').unwrap_or(raw)
        } else {
            raw
        };
        let kind = if n == 0 && shown.trim_end() == "---" {
            front = true;
            Kind::Code
        } else if front {
            front = shown.trim_end() != "---";
            Kind::Code
        } else if let Some((marker, len)) = fence {
            if crate::text::closes_fence(shown, marker, len) {
                fence = None;
            }
            Kind::Code
        } else if comment {
            comment = !shown.contains("-->");
            Kind::Code
        } else if shown.trim().is_empty() {
            Kind::Blank
        } else if let Some(at) = crate::text::skip_indent(shown.as_bytes(), 0) {
            let rest = &shown[at..];
            if let Some(f) = crate::text::fence(rest.as_bytes()) {
                fence = Some(f);
                opened = (n + 1, "a code fence");
                Kind::Code
            } else if let Some(after) = rest.strip_prefix("<!--") {
                comment = !after.contains("-->");
                opened = (n + 1, "an HTML comment (`<!--`)");
                Kind::Code
            } else if let Some(level) = heading_level(rest) {
                // Every level-2 heading bounds a section; a level-1 or level-3 one only
                // when it names a version (conventional-changelog writes `# [1.2.0](…)`
                // and `### [1.2.1](…)`, tracing `# 0.1.36 (date)`).
                let label = heading_label(rest);
                if level == 2 || label.is_some() {
                    Kind::Heading(label)
                } else {
                    Kind::Text
                }
            } else if is_definition(rest) {
                Kind::Definition
            } else {
                Kind::Text
            }
        } else {
            Kind::Text
        };
        // A setext heading: a line of text underlined with `===` (level 1) or `---` (level
        // 2), as ripgrep's changelog writes `15.0.0 (2025-10-15)` over `============`.
        let underline = matches!(kind, Kind::Text)
            && crate::text::skip_indent(shown.as_bytes(), 0).is_some_and(|at| {
                let u = shown[at..].trim_end();
                !u.is_empty() && (u.bytes().all(|b| b == b'=') || u.bytes().all(|b| b == b'-'))
            });
        if underline {
            if let Some(prev) = lines
                .last_mut()
                .filter(|l: &&mut Line<'_>| matches!(l.kind, Kind::Text))
            {
                let label = heading_label(prev.text.trim());
                if shown.trim_start().starts_with('-') || label.is_some() {
                    prev.kind = Kind::Heading(label);
                }
            }
        }
        lines.push(Line {
            start,
            end,
            text: raw,
            kind,
        });
    }
    let unclosed = (fence.is_some() || comment).then_some(opened);
    Scan { lines, unclosed }
}

/// The level of an ATX heading of level 1 to 3 (`# x`, `## x`, `### x`).
fn heading_level(line: &str) -> Option<usize> {
    let level = line.bytes().take_while(|b| *b == b'#').count();
    let after = &line[level..];
    ((1..=3).contains(&level) && (after.is_empty() || after.starts_with([' ', '\t'])))
        .then_some(level)
}

/// The label of a version heading: `## [1.2.0] - date`, `## 1.2.0`, `## [Unreleased]`,
/// `# [1.2.0](compare-url) (date)`, `## <small>[1.2.1](…) (date)</small>`, `# 0.1.36 (date)`.
fn heading_label(line: &str) -> Option<String> {
    let rest = line.trim_start_matches('#').trim();
    let rest = rest.strip_prefix("<small>").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let end = rest.find([']', ' ', '(']).unwrap_or(rest.len());
    let word = &rest[..end];
    if word.eq_ignore_ascii_case("unreleased") {
        return Some("Unreleased".to_string());
    }
    let v = word.strip_prefix('v').unwrap_or(word);
    // A version still in the making: `## v4.3-dev - Unreleased`, `## [1.2.0] - Unreleased`,
    // `## 2.0.0-SNAPSHOT`: the pending section, as `[Unreleased]` is.
    let (base, pre) = v.split_once('-').unwrap_or((v, ""));
    let pending = ["dev", "snapshot", "unreleased"].iter().any(|p| {
        pre.eq_ignore_ascii_case(p) || pre.to_ascii_lowercase().starts_with(&format!("{p}."))
    }) || rest[end..].to_ascii_lowercase().contains("unreleased");
    let version = semver::Version::parse(v)
        .ok()
        .or_else(|| semver::Version::parse(base).ok().filter(|_| pending))
        .or_else(|| short_version(if pending { base } else { v }));
    match version {
        Some(_) if pending => Some("Unreleased".to_string()),
        Some(version) => Some(version.to_string()),
        None => None,
    }
}

/// `4.1` (two numbers, as healthchecks writes its x.y.0 releases) as 4.1.0.
fn short_version(text: &str) -> Option<semver::Version> {
    let (major, minor) = text.split_once('.')?;
    let number = |s: &str| {
        let plain = !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_digit())
            && (s == "0" || !s.starts_with('0'));
        plain.then(|| s.parse::<u64>().ok()).flatten()
    };
    Some(semver::Version::new(number(major)?, number(minor)?, 0))
}

/// `text` with the version `old` replaced by `new` as [`replace_version`] does, or, when
/// the text writes `old` (an x.y.0) with two numbers (`## v4.2 - date`), that form replaced
/// by `new` written the same way when it is an x.y.0 too.
fn replace_release_version(text: &str, old: &str, new: &str) -> String {
    let replaced = replace_version(text, old, new);
    if replaced != text {
        return replaced;
    }
    let Some(old_short) = old
        .strip_suffix(".0")
        .filter(|s| s.matches('.').count() == 1)
    else {
        return replaced;
    };
    let new_short = semver::Version::parse(new)
        .ok()
        .filter(|v| v.patch == 0 && v.pre.is_empty() && v.build.is_empty())
        .map_or_else(|| new.to_string(), |v| format!("{}.{}", v.major, v.minor));
    replace_version(text, old_short, &new_short)
}

fn is_definition(line: &str) -> bool {
    let t = line.trim_end();
    t.starts_with('[') && t.contains("]: ")
}

/// The `#123` references of a text (a pull request or issue number), without duplicates.
fn issue_refs(text: &str) -> Vec<&str> {
    let mut refs: Vec<&str> = Vec::new();
    for (at, _) in text.match_indices('#') {
        let digits = text[at + 1..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let before_ok = at == 0 || !text.as_bytes()[at - 1].is_ascii_alphanumeric();
        if digits > 0 && before_ok {
            let n = &text[at + 1..at + 1 + digits];
            if !refs.contains(&n) {
                refs.push(n);
            }
        }
    }
    refs
}

/// Insert or replace the section `section` (labelled `label`) and its link definition in an
/// existing changelog, keeping every other byte and its line ends. A version already
/// present with other content is refused; the same content is `Unchanged`. A new version
/// replaces an existing `[Unreleased]` section (those commits are now released). A file that
/// is empty gets the header first; one with a code fence or HTML comment never closed is
/// refused, since anything written below it would be code.
pub(crate) fn splice(
    existing: &str,
    section: &str,
    label: &str,
    definition: Option<(String, String)>,
) -> Result<Spliced> {
    splice_with(existing, section, label, definition, false)
}

/// [`splice`], with a hand-written `[Unreleased]` section promoted when `promote` is set:
/// its text becomes the new version's section under the new heading, and the generated
/// entries it does not mention are added under their subheadings (see [`promote`]).
pub(crate) fn splice_with(
    existing: &str,
    section: &str,
    label: &str,
    definition: Option<(String, String)>,
    promote: bool,
) -> Result<Spliced> {
    splice_inner(existing, section, label, definition, promote, false)
}

/// [`splice_with`] for `relman release`: a section for the version being released that the
/// changelog already has, written by hand before the release (ripgrep writes its section
/// first), is kept as it is.
pub(crate) fn splice_for_release(
    existing: &str,
    section: &str,
    label: &str,
    definition: Option<(String, String)>,
    promote: bool,
) -> Result<Spliced> {
    splice_inner(existing, section, label, definition, promote, true)
}

fn splice_inner(
    existing: &str,
    section: &str,
    label: &str,
    definition: Option<(String, String)>,
    promote: bool,
    keep_prepared: bool,
) -> Result<Spliced> {
    // A byte-order mark stays first: nothing is ever inserted before it.
    let (bom, existing) = match existing.strip_prefix('\u{feff}') {
        Some(rest) => ("\u{feff}", rest),
        None => ("", existing),
    };
    let blank = existing.trim().is_empty();
    let eol = if blank {
        if existing.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        }
    } else {
        first_line_end(existing).unwrap_or("\n")
    };
    let header;
    let existing = if blank {
        header = normalize(HEADER, eol);
        header.as_str()
    } else {
        existing
    };
    let section = normalize(section, eol);
    // A definition serves a heading that names its release as a reference, `## [1.2.0]`;
    // a heading in another style (`## v1.2.0 (date)`, `## [1.2.0](url)`) needs none.
    let definition = definition.filter(|(label, _)| {
        section
            .lines()
            .find(|l| l.starts_with('#'))
            .is_some_and(|h| {
                h.split(&format!("[{label}]"))
                    .nth(1)
                    .is_some_and(|after| !after.starts_with('('))
            })
    });
    let scan = scan(existing);
    let headings: Vec<(usize, Option<&str>)> = scan
        .lines
        .iter()
        .filter_map(|l| match &l.kind {
            Kind::Heading(label) => Some((l.start, label.as_deref())),
            _ => None,
        })
        .collect();
    // The trailing block of link definitions (with blank lines between them).
    let mut defs_start = existing.len();
    for line in scan.lines.iter().rev() {
        match line.kind {
            Kind::Definition => defs_start = line.start,
            Kind::Blank => {}
            _ => break,
        }
    }
    let block_end = |i: usize| -> usize {
        headings
            .get(i + 1)
            .map_or(defs_start, |h| h.0)
            .min(defs_start.max(headings[i].0))
    };
    let same = headings.iter().position(|h| h.1 == Some(label));
    if let Some(i) = same {
        let block = &existing[headings[i].0..block_end(i)];
        if normalize(block, "\n") == normalize(&section, "\n") {
            return Ok(Spliced::Unchanged);
        }
        // A promoted section is this release's when it has its heading and mentions every
        // entry the release generates (an earlier run promoted it).
        if promote
            && block.lines().next() == section.lines().next()
            && promote_section(block, &section) == normalize(block, "\n")
        {
            return Ok(Spliced::Unchanged);
        }
    }
    if let Some((line, what)) = scan.unclosed {
        bail!(
            "line {line}: {what} opened here is never closed, so everything below it belongs to \
             it and a section written there would not be a section; close it (relman lint shows it)"
        );
    }
    let mut out = existing.to_string();
    let mut removed_unreleased = false;
    if let Some(i) = same {
        if label != "Unreleased" && keep_prepared {
            // Written by hand before the release (ripgrep writes its section first): the
            // release keeps it as it is.
            return Ok(Spliced::Unchanged);
        }
        if label != "Unreleased" {
            bail!(
                "the changelog already has a section for {label}, with other content; \
                 relman does not rewrite released sections: edit it by hand, or remove it to regenerate it"
            );
        }
        let (start, end) = (headings[i].0, block_end(i));
        out.replace_range(start..end, &with_gap(&section, &existing[end..], eol));
    } else if let Some(i) = headings.iter().position(|h| h.1 == Some("Unreleased")) {
        let (start, end) = (headings[i].0, block_end(i));
        let new = if promote && label != "Unreleased" {
            normalize(&promote_section(&existing[start..end], &section), eol)
        } else {
            section.clone()
        };
        out.replace_range(start..end, &with_gap(&new, &existing[end..], eol));
        removed_unreleased = true;
    } else if let Some(first) = headings.iter().find(|h| h.1.is_some()) {
        out.insert_str(first.0, &format!("{section}{eol}"));
    } else {
        // No release section yet: after the header, before the link definitions.
        let at = defs_start;
        let before = &existing[..at];
        let mut insert = String::new();
        if !before.is_empty() && !before.ends_with(&format!("{eol}{eol}")) {
            // End the last line, then leave a blank one.
            if !before.ends_with(['\n', '\r']) {
                insert.push_str(eol);
            }
            insert.push_str(eol);
        }
        insert.push_str(&section);
        if at < existing.len() {
            insert.push_str(eol);
        }
        out.insert_str(at, &insert);
    }
    let out = update_definitions(&out, definition, removed_unreleased, eol);
    Ok(Spliced::Changed(format!("{bom}{out}")))
}

/// The versions the changelog `text` has sections for, newest (first written) first;
/// `[Unreleased]` and pending sections left out.
pub(crate) fn versions_in(text: &str) -> Vec<String> {
    scan(text)
        .lines
        .into_iter()
        .filter_map(|l| match l.kind {
            Kind::Heading(Some(label)) if label != "Unreleased" => Some(label),
            _ => None,
        })
        .collect()
}

/// The section of the release `label` in the changelog `text`, as written there: from its
/// heading to the next version heading or the link definitions.
pub(crate) fn section_in(text: &str, label: &str) -> Option<String> {
    let scan = scan(text);
    let at = scan
        .lines
        .iter()
        .position(|l| matches!(&l.kind, Kind::Heading(Some(x)) if x == label))?;
    let start = scan.lines[at].start;
    let end = scan.lines[at + 1..]
        .iter()
        .find(|l| matches!(l.kind, Kind::Heading(Some(_)) | Kind::Definition))
        .map_or(text.len(), |l| l.start);
    let mut section = text[start..end].trim_end().to_string();
    section.push('\n');
    Some(section)
}

/// `section` (relman's `## [VERSION] - DATE` and `### Title`) written in the style of the
/// newest entry of the changelog `existing`, when that is another style: its heading is that
/// entry's heading with the version, the tags of its compare link and its date moved on
/// (`## <small>[9.1.3](…/compare/create-vite%409.1.2...create-vite%409.1.3) (2026-12-05)</small>`,
/// `# 0.1.37 (2026-12-05)`), and the section's subheadings are moved to the level below it.
/// The second value says whether the heading links the release itself (then no link
/// definition is needed). Unchanged when the file has no entry, or uses relman's style.
pub(crate) fn in_style_of(existing: &str, section: &str, release: &Release) -> (String, bool) {
    let unchanged = (section.to_string(), false);
    if release.unreleased {
        return unchanged;
    }
    let scan = scan(existing);
    // The newest entry other than this release's own (already written by an earlier run).
    let Some((at, line, old)) = scan
        .lines
        .iter()
        .enumerate()
        .find_map(|(i, l)| match &l.kind {
            Kind::Heading(Some(label)) if label != "Unreleased" && *label != release.version => {
                Some((i, l.text, label.clone()))
            }
            _ => None,
        })
    else {
        return unchanged;
    };
    // The entry's list marker: conventional-changelog writes `* `.
    let starred = scan.lines[at + 1..]
        .iter()
        .take_while(|l| !matches!(l.kind, Kind::Heading(Some(_))))
        .find_map(|l| match l.kind {
            Kind::Text if l.text.starts_with("* ") => Some(true),
            Kind::Text if l.text.starts_with("- ") => Some(false),
            _ => None,
        })
        .unwrap_or(false);
    let heading = line.trim_start_matches('\u{feff}').trim_end();
    let level = heading.bytes().take_while(|b| *b == b'#').count();
    // The newest entry's own lines: the level of its subheadings (cocogitto writes `####`
    // under `##`), and how it writes a scope (commitizen's `**scope**:`).
    let body: Vec<&str> = scan.lines[at + 1..]
        .iter()
        .take_while(|l| !matches!(l.kind, Kind::Heading(Some(_))))
        .map(|l| l.text)
        .collect();
    let sub_level = body.iter().find_map(|l| {
        let hashes = l.bytes().take_while(|b| *b == b'#').count();
        (hashes > level && l[hashes..].starts_with(' ')).then_some(hashes)
    });
    let scope_outside = {
        static OUTSIDE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"\*\*[^*\n]+\*\*:").unwrap());
        static INSIDE: std::sync::LazyLock<regex::Regex> =
            std::sync::LazyLock::new(|| regex::Regex::new(r"\*\*[^*\n]+:\*\*").unwrap());
        body.iter().any(|l| OUTSIDE.is_match(l)) && !body.iter().any(|l| INSIDE.is_match(l))
    };
    // Keep a Changelog's `## [1.2.0] - 2024-01-01` (linked by a definition): relman's own.
    if heading.starts_with("## [") && !heading.contains("](") {
        return unchanged;
    }
    let mut new = heading.to_string();
    // The compare link: from the newest entry's tag to this release's.
    let mut linked = false;
    if let Some(at) = new.find("/compare/") {
        let spec_start = at + "/compare/".len();
        let spec_end = new[spec_start..]
            .find([')', ' ', '>'])
            .map_or(new.len(), |e| spec_start + e);
        // `A...B` (GitHub's three dots), or `A..B` (cocogitto, GitLab).
        let spec = &new[spec_start..spec_end];
        let split = spec
            .split_once("...")
            .map(|(l, r)| (l, r, "..."))
            .or_else(|| spec.split_once("..").map(|(l, r)| (l, r, "..")));
        if let Some((_, right, dots)) = split {
            let right = right.to_string();
            // `create-vite%409.1.2`: the version follows an encoded `@`.
            let encode = |tag: String| {
                if right.contains("%40") {
                    tag.replace('@', "%40")
                } else {
                    tag
                }
            };
            let moved = encode(replace_release_version(
                &right.replace("%40", "@"),
                &old,
                &release.version,
            ));
            // From the release this one follows; the newest entry may be another line's
            // (a maintenance release written above the latest).
            let left = release.previous_tag.clone().map_or(right.clone(), encode);
            new.replace_range(spec_start..spec_end, &format!("{left}{dots}{moved}"));
            linked = true;
        }
    }
    // The version outside the link, and the date.
    let link_span = new
        .find("](")
        .and_then(|s| new[s..].find(')').map(|e| s..s + e + 1));
    new = match link_span {
        Some(url) => format!(
            "{}{}{}",
            replace_release_version(&new[..url.start], &old, &release.version),
            &new[url.clone()],
            replace_release_version(&new[url.end..], &old, &release.version)
        ),
        None => replace_release_version(&new, &old, &release.version),
    };
    new = replace_word_dates(&replace_dates(&new, &release.date), &release.date);
    // conventional-changelog marks a patch release `<small>`; a minor or major is not.
    let patch = semver::Version::parse(&release.version).is_ok_and(|v| v.patch > 0);
    if !patch {
        if let (Some(open), Some(close)) = (new.find("<small>"), new.rfind("</small>")) {
            new = format!(
                "{}{}{}",
                &new[..open],
                &new[open + "<small>".len()..close],
                &new[close + "</small>".len()..]
            );
        }
    }
    // Subheadings one level below the entry's heading.
    let mut out = String::with_capacity(section.len() + 64);
    for (n, part) in section.split_inclusive('\n').enumerate() {
        if n == 0 {
            out.push_str(&new);
            out.push('\n');
            continue;
        }
        let hashes = part.bytes().take_while(|b| *b == b'#').count();
        // `- **scope:** text` as `- **scope**: text`, when the file writes it so.
        let restyled;
        let part = if scope_outside {
            static SCOPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
                regex::Regex::new(r"^([-*] )\*\*([^*\n]+):\*\*").unwrap()
            });
            restyled = SCOPE.replace(part, "$1**$2**:");
            restyled.as_ref()
        } else {
            part
        };
        if starred && part.starts_with("- ") {
            out.push_str("* ");
            out.push_str(&part[2..]);
        } else if hashes >= 3 && part[hashes..].starts_with(' ') {
            // As deep as the entry's own subheadings; else one level below its heading.
            let shifted = match sub_level {
                Some(sub) => hashes - 3 + sub,
                None => hashes + level - 2,
            }
            .clamp(1, 6);
            out.push_str(&"#".repeat(shifted));
            out.push_str(&part[hashes..]);
        } else {
            out.push_str(part);
        }
    }
    (out, linked)
}

/// `text` with the version `old` (as a whole: not inside a longer number) replaced by `new`.
fn replace_version(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(old) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + old.len()..].chars().next();
        let whole = !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
            && !after.is_some_and(|c| {
                c.is_ascii_digit()
                    || c == '.'
                        && rest[at + old.len() + 1..].starts_with(|d: char| d.is_ascii_digit())
            });
        out.push_str(&rest[..at]);
        out.push_str(if whole { new } else { old });
        rest = &rest[at + old.len()..];
    }
    out.push_str(rest);
    out
}

/// `text` with every date in words (`December 18, 2025`, `Dec 18, 2025`) replaced by
/// `date` (ISO) written the same way.
fn replace_word_dates(text: &str, date: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    static WORDS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.? (\d{1,2}), (\d{4})\b")
            .expect("a valid regex")
    });
    let mut parts = date.split('-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return text.to_string();
    };
    let (Ok(month), Ok(day)) = (month.parse::<usize>(), day.parse::<u32>()) else {
        return text.to_string();
    };
    let Some(full) = MONTHS.get(month.wrapping_sub(1)) else {
        return text.to_string();
    };
    WORDS
        .replace_all(text, |c: &regex::Captures<'_>| {
            let name = if c[1].len() <= 4 && !MONTHS.contains(&&c[1]) {
                full[..3].to_string()
            } else {
                (*full).to_string()
            };
            format!("{name} {day}, {year}")
        })
        .into_owned()
}

/// `text` with every ISO date (`YYYY-MM-DD`) replaced by `date`.
fn replace_dates(text: &str, date: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let shape = bytes.get(i..i + 10).is_some_and(|w| {
            w.iter().enumerate().all(|(k, b)| match k {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        });
        if shape && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            out.push_str(date);
            i += 10;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// A hand-written `[Unreleased]` block promoted to a release: the release's heading (the
/// first line of `section`), then the block's own text, with each generated entry of
/// `section` that the text does not mention (by its commit id or its description) added at
/// the end of the subsection of the same title, or in a new one at the end. A block with no
/// text of its own gives `section` itself.
fn promote_section(unreleased: &str, section: &str) -> String {
    let mut curated: Vec<String> = unreleased.lines().skip(1).map(str::to_string).collect();
    while curated.last().is_some_and(|l| l.trim().is_empty()) {
        curated.pop();
    }
    if curated.iter().all(|l| l.trim().is_empty()) {
        return section.to_string();
    }
    let mentioned_text = curated.join("\n").to_lowercase();
    let heading = section.lines().next().unwrap_or("");
    // The generated entries by subsection title, in order.
    let mut generated: Vec<(String, Vec<String>)> = Vec::new();
    for line in section.lines().skip(1) {
        let t = line.trim_start();
        if let Some(title) = t
            .strip_prefix('#')
            .map(|r| r.trim_start_matches('#').trim())
        {
            generated.push((title.to_string(), Vec::new()));
        } else if let Some(last) = generated.last_mut() {
            if t.starts_with("- ") || t.starts_with("* ") {
                last.1.push(line.to_string());
            } else if !t.is_empty() && !last.1.is_empty() {
                // A continuation of the entry above.
                if let Some(entry) = last.1.last_mut() {
                    entry.push('\n');
                    entry.push_str(line);
                }
            }
        }
    }
    let mentioned = |entry: &str| {
        let first = entry.lines().next().unwrap_or("");
        let id = first
            .rsplit_once("(`")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(id, _)| id.to_lowercase());
        let description = first
            .trim_start_matches(['-', '*', ' '])
            .split_once(":** ")
            .map_or(first.trim_start_matches(['-', '*', ' ']), |(_, d)| d);
        let description = description
            .rsplit_once(" (`")
            .map_or(description, |(d, _)| d)
            .trim()
            .to_lowercase();
        // A pull request or issue the curated text already cites (`(#2871 by @x)`).
        let cited = issue_refs(first)
            .into_iter()
            .any(|n| issue_refs(&mentioned_text).contains(&n));
        id.is_some_and(|id| mentioned_text.contains(&id))
            || (!description.is_empty() && mentioned_text.contains(&description))
            || cited
    };
    let title_at = |lines: &[String], title: &str| {
        lines.iter().position(|l| {
            let t = l.trim_start();
            t.starts_with('#') && t.trim_start_matches('#').trim().eq_ignore_ascii_case(title)
        })
    };
    for (title, entries) in generated {
        let new: Vec<String> = entries.into_iter().filter(|e| !mentioned(e)).collect();
        if new.is_empty() {
            continue;
        }
        if let Some(at) = title_at(&curated, &title) {
            // After the subsection's last non-blank line.
            let end = curated[at + 1..]
                .iter()
                .position(|l| l.trim_start().starts_with('#'))
                .map_or(curated.len(), |n| at + 1 + n);
            let mut insert_at = end;
            while insert_at > at + 1 && curated[insert_at - 1].trim().is_empty() {
                insert_at -= 1;
            }
            for (k, entry) in new.into_iter().enumerate() {
                curated.insert(insert_at + k, entry);
            }
        } else {
            curated.push(String::new());
            curated.push(format!("### {title}"));
            curated.push(String::new());
            curated.extend(new);
        }
    }
    let mut out = String::from(heading);
    out.push('\n');
    for line in &curated {
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `section` ended by exactly one line end, plus a blank line when more follows.
fn with_gap(section: &str, after: &str, eol: &str) -> String {
    if after.trim().is_empty() {
        section.to_string()
    } else {
        format!("{section}{eol}")
    }
}

/// `text` without trailing whitespace, every line ended by `eol` (a lone CR ends a line too).
fn normalize(text: &str, eol: &str) -> String {
    let mut s: String = split_lines(text.trim_end())
        .into_iter()
        .map(|(_, line, _)| line)
        .collect::<Vec<_>>()
        .join(eol);
    s.push_str(eol);
    s
}

/// Add or replace a link definition; drop `[Unreleased]:` when its section is gone. Only
/// real definitions count: a line that looks like one inside a code block is text.
fn update_definitions(
    text: &str,
    definition: Option<(String, String)>,
    drop_unreleased: bool,
    eol: &str,
) -> String {
    let scan = scan(text);
    let mut lines: Vec<(String, bool)> = scan
        .lines
        .iter()
        .filter(|l| {
            !(drop_unreleased
                && l.kind == Kind::Definition
                && l.text
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("[unreleased]: "))
        })
        .map(|l| (text[l.start..l.end].to_string(), l.kind == Kind::Definition))
        .collect();
    if let Some((label, url)) = definition {
        let new_line = format!("[{label}]: {url}{eol}");
        let prefix = format!("[{label}]: ");
        if let Some(i) = lines
            .iter()
            .position(|(l, def)| *def && l.trim_start().starts_with(&prefix))
        {
            lines[i].0 = new_line;
        } else if let Some(i) = lines.iter().position(|(l, def)| {
            *def && heading_label(&format!(
                "## {}",
                l.trim_start().split(']').next().unwrap_or("")
            ))
            .is_some()
        }) {
            lines.insert(i, (new_line, true));
        } else {
            if let Some(last) = lines.last_mut() {
                if !last.0.ends_with(['\n', '\r']) {
                    last.0.push_str(eol);
                }
            }
            if lines
                .last()
                .is_some_and(|(l, def)| !def && !l.trim().is_empty())
            {
                lines.push((eol.to_string(), false));
            }
            lines.push((new_line, true));
        }
    }
    lines.into_iter().map(|(l, _)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_stays_first_and_splicing_twice_changes_nothing() {
        let existing = "\u{feff}[Unreleased]: https://example.com/compare/v1.1.0...HEAD\n";
        let section = "## [1.2.0] - 2024-05-01\n\n### Fixed\n\n- a fix\n";
        let Spliced::Changed(once) = splice(existing, section, "1.2.0", None).unwrap() else {
            panic!("the first splice changes the file");
        };
        assert!(once.starts_with("\u{feff}## [1.2.0]"), "{once:?}");
        assert_eq!(once.matches('\u{feff}').count(), 1, "{once:?}");
        assert!(matches!(
            splice(&once, section, "1.2.0", None).unwrap(),
            Spliced::Unchanged
        ));
    }

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

    #[test]
    fn a_pending_version_heading_is_promoted_in_the_files_two_number_style() {
        // healthchecks: `## v4.3-dev - Unreleased` above `## v4.2 - date`; its release
        // commit turned that heading into `## v4.3 - date` and kept the text.
        let existing = "# Changelog\n\n## v4.3-dev - Unreleased\n\n### Improvements\n- Faster pings\n\n## v4.2 - 2026-04-28\n\n### Bug Fixes\n- A fix\n";
        for (line, label) in [
            ("## v4.3-dev - Unreleased", Some("Unreleased")),
            ("## [1.2.0] - Unreleased", Some("Unreleased")),
            ("## 2.0.0-SNAPSHOT", Some("Unreleased")),
            ("## v4.2 - 2026-04-28", Some("4.2.0")),
            ("## v4.1.1 - 2026-03-25", Some("4.1.1")),
            ("## 1.2.0-rc.1", Some("1.2.0-rc.1")),
            ("## v4.02 - x", None),
        ] {
            assert_eq!(heading_label(line).as_deref(), label, "{line}");
        }
        let release = release_at("4.3.0", "2026-07-14");
        let (section, _) = in_style_of(
            existing,
            "## [4.3.0] - 2026-07-14\n\n### Features\n\n- faster pings\n",
            &release,
        );
        assert_eq!(section.lines().next(), Some("## v4.3 - 2026-07-14"));
        let Spliced::Changed(out) = splice_with(existing, &section, "4.3.0", None, true).unwrap()
        else {
            panic!("unchanged");
        };
        assert_eq!(
            out,
            existing.replace("## v4.3-dev - Unreleased", "## v4.3 - 2026-07-14")
        );
        // A patch keeps its three numbers.
        let (patch, _) = in_style_of(
            existing,
            "## [4.2.1] - 2026-07-14\n",
            &release_at("4.2.1", "2026-07-14"),
        );
        assert_eq!(patch.lines().next(), Some("## v4.2.1 - 2026-07-14"));
    }

    #[test]
    fn the_newest_entry_is_found_whatever_its_heading_form() {
        let section = "## [2.0.0] - 2024-02-01\n\n- d\n";
        for (existing, first) in [
            // conventional-changelog: a patch in <small>, a minor at level 1.
            (
                "## <small>[1.2.1](https://x/compare/v1.2.0...v1.2.1) (2024-01-05)</small>\n\n* fix\n\n# [1.2.0](https://x/compare/v1.1.0...v1.2.0) (2024-01-01)\n\n### Features\n\n* f\n",
                "## <small>[1.2.1]",
            ),
            // tracing: level-1 versions with `### Added` inside, no title.
            (
                "# 0.1.36 (December 18, 2025)\n\n### Added\n\n- x\n\n# 0.1.35 (November 26, 2025)\n\n- y\n",
                "# 0.1.36",
            ),
            // A level-3 patch below the title.
            (
                "# Changelog\n\n### [1.0.1](https://x/compare/v1.0.0...v1.0.1) (2024-01-02)\n\n- z\n",
                "### [1.0.1]",
            ),
        ] {
            let Spliced::Changed(out) = splice(existing, section, "2.0.0", None).unwrap() else {
                panic!("{existing}");
            };
            let new_at = out.find("## [2.0.0]").unwrap();
            let old_at = out.find(first).unwrap();
            assert!(new_at < old_at, "{out}");
            assert_eq!(out.replace("## [2.0.0] - 2024-02-01\n\n- d\n\n", ""), existing);
        }
        // A `### Added` inside the newest section is not a section of its own.
        let existing = "## [1.0.0] - 2024-01-01\n\n### Added\n\n- a\n";
        let Spliced::Changed(out) = splice(existing, section, "2.0.0", None).unwrap() else {
            panic!();
        };
        assert!(out.starts_with("## [2.0.0]"), "{out}");
    }

    fn release_at(version: &str, date: &str) -> Release {
        Release {
            version: version.into(),
            date: date.into(),
            ..Release::default()
        }
    }

    #[test]
    fn a_section_continues_the_style_of_the_newest_entry() {
        let section = "## [9.1.3] - 2026-12-05\n\n### Fixed\n\n- a fix\n";
        let vite = "## <small>[9.1.2](https://github.com/vitejs/vite/compare/create-vite%409.1.1...create-vite%409.1.2) (2026-07-30)</small>\n### Features\n\n* x\n";
        let (styled, linked) = in_style_of(vite, section, &release_at("9.1.3", "2026-12-05"));
        assert!(linked);
        assert_eq!(
            styled,
            "## <small>[9.1.3](https://github.com/vitejs/vite/compare/create-vite%409.1.2...create-vite%409.1.3) (2026-12-05)</small>\n\n### Fixed\n\n* a fix\n"
        );
        // cocogitto: two dots, a commit on the left.
        let cocogitto = "## [6.4.0](https://github.com/cocogitto/cocogitto/compare/c8e46aa2b28ff1bad94852b1abbec568adbff5aa..6.4.0) - 2025-10-18\n#### Bug Fixes\n- a\n";
        let release = Release {
            previous_tag: Some("6.4.0".into()),
            ..release_at("6.5.0", "2025-11-02")
        };
        let (styled, linked) = in_style_of(
            cocogitto,
            "## [6.5.0] - 2025-11-02\n\n### Fixed\n\n- b\n",
            &release,
        );
        assert!(linked);
        assert!(
            styled.starts_with("## [6.5.0](https://github.com/cocogitto/cocogitto/compare/6.4.0..6.5.0) - 2025-11-02\n"),
            "{styled}"
        );
        // Its subheadings are `####`, as the file's own are.
        assert!(styled.contains("\n#### Fixed\n"), "{styled}");
        // commitizen writes a scope `**scope**:`; relman's `**scope:**` follows it.
        let cz = "## v4.13.9 (2026-02-25)\n\n### Fix\n\n- **config**: a\n";
        let (styled, _) = in_style_of(
            cz,
            "## [4.14.0] - 2026-03-01\n\n### Fix\n\n- **cmd/version:** b\n- c\n",
            &release_at("4.14.0", "2026-03-01"),
        );
        assert_eq!(
            styled,
            "## v4.14.0 (2026-03-01)\n\n### Fix\n\n- **cmd/version**: b\n- c\n"
        );
        // yargs: a maintenance release (17.7.3) written above the latest (18.0.0); the
        // link starts at the release this one follows.
        let yargs = "## [17.7.3](https://github.com/yargs/yargs/compare/v17.7.2...v17.7.3) (2026-06-19)\n\n### Bug Fixes\n\n- a\n";
        let release = Release {
            previous_tag: Some("v18.0.0".into()),
            ..release_at("18.1.0", "2026-07-26")
        };
        let section = "## [18.1.0] - 2026-07-26\n\n### Features\n\n- b\n";
        let (styled, _) = in_style_of(yargs, section, &release);
        assert_eq!(
            styled,
            "## [18.1.0](https://github.com/yargs/yargs/compare/v18.0.0...v18.1.0) (2026-07-26)\n\n### Features\n\n- b\n"
        );
        // A minor release is not small.
        let section = "## [9.2.0] - 2026-12-05\n\n### Added\n\n- b\n";
        let (styled, _) = in_style_of(vite, section, &release_at("9.2.0", "2026-12-05"));
        assert!(styled.starts_with("## [9.2.0](https://github.com/vitejs/vite/compare/create-vite%409.1.2...create-vite%409.2.0) (2026-12-05)\n"), "{styled}");
        // tracing: level-1 entries, subsections at level 3 become level 2.
        let tracing = "# 0.1.36 (December 18, 2025)\n\n- Fix\n";
        let section = "## [0.1.37] - 2026-12-05\n\n### Fixed\n\n- c\n";
        let (styled, linked) = in_style_of(tracing, section, &release_at("0.1.37", "2026-12-05"));
        assert!(!linked);
        assert_eq!(styled, "# 0.1.37 (December 5, 2026)\n\n## Fixed\n\n- c\n");
        assert_eq!(
            replace_word_dates("(Jul 4, 2024)", "2026-12-05"),
            "(Dec 5, 2026)"
        );
        // changesets: `## 7.0.14`; a version inside a longer number is left alone.
        let changesets = "# @changesets/cli\n\n## 2.29.7\n\n### Patch Changes\n";
        let section = "## [2.29.8] - 2026-12-05\n\n### Fixed\n\n- d\n";
        let (styled, _) = in_style_of(changesets, section, &release_at("2.29.8", "2026-12-05"));
        assert!(styled.starts_with("## 2.29.8\n\n### Fixed"), "{styled}");
        assert_eq!(
            replace_version("12.29.7 2.29.7 2.29.70", "2.29.7", "X"),
            "12.29.7 X 2.29.70"
        );
        // Keep a Changelog files are relman's own style: unchanged.
        let (styled, _) = in_style_of(FILE, section, &release_at("2.29.8", "2026-12-05"));
        assert_eq!(styled, section);
    }

    #[test]
    fn a_styled_section_is_spliced_once() {
        let vite = "## <small>[9.1.2](https://x/compare/a%409.1.1...a%409.1.2) (2026-07-30)</small>\n\n* x\n";
        let section = "## [9.1.3] - 2026-12-05\n\n### Fixed\n\n- a fix\n";
        let release = release_at("9.1.3", "2026-12-05");
        let (styled, _) = in_style_of(vite, section, &release);
        let Spliced::Changed(once) = splice(vite, &styled, "9.1.3", None).unwrap() else {
            panic!()
        };
        let (again, _) = in_style_of(&once, section, &release);
        assert_eq!(again, styled);
        assert_eq!(
            splice(&once, &again, "9.1.3", None).unwrap(),
            Spliced::Unchanged
        );
    }

    #[test]
    fn a_hand_written_unreleased_section_is_promoted_with_what_it_does_not_mention() {
        let existing = "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Monorepos: packages, tags and commits of their own.\n\n### Fixed\n\n- A crash on empty tags.\n\n## [1.0.0] - 2024-01-01\n\n- first\n";
        let section = "## [1.1.0] - 2024-02-01\n\n### Added\n\n- **workspace:** packages, tags and commits of their own (`aaaaaaa`)\n- groups (`bbbbbbb`)\n\n### Fixed\n\n- a crash on empty tags (`ccccccc`)\n\n### Changed\n\n- faster walks (`ddddddd`)\n";
        let Spliced::Changed(out) = splice_with(existing, section, "1.1.0", None, true).unwrap()
        else {
            panic!()
        };
        assert_eq!(
            out,
            "# Changelog\n\n## [1.1.0] - 2024-02-01\n\n### Added\n\n- Monorepos: packages, tags and commits of their own.\n- groups (`bbbbbbb`)\n\n### Fixed\n\n- A crash on empty tags.\n\n### Changed\n\n- faster walks (`ddddddd`)\n\n## [1.0.0] - 2024-01-01\n\n- first\n"
        );
        // Twice: unchanged.
        assert_eq!(
            splice_with(&out, section, "1.1.0", None, true).unwrap(),
            Spliced::Unchanged
        );
        // replace: the generated section takes its place.
        let Spliced::Changed(out) = splice_with(existing, section, "1.1.0", None, false).unwrap()
        else {
            panic!()
        };
        assert!(
            out.contains("- groups") && !out.contains("Monorepos: packages"),
            "{out}"
        );
    }

    /// The Rust rendering of the built-in section must equal the template's.
    #[test]
    fn builtin_section_matches_the_template() {
        use crate::commit::Strictness;
        use crate::context::{build, Meta};
        use crate::git::RawCommit;
        use crate::settings::Grouping;
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
                let mut release = build(&entries, meta, &Grouping::default());
                for dependencies in [0, 2] {
                    release.dependencies = (0..dependencies)
                        .map(|n| crate::context::Dependency {
                            name: format!("@acme/dep{n}"),
                            version: format!("2.{n}.0"),
                        })
                        .collect();
                    let via_template = renderer.render("changelog", &release).unwrap();
                    let mut native = builtin_section(&release).trim().to_string();
                    native.push('\n');
                    assert_eq!(
                        native, via_template,
                        "history {i}, unreleased {unreleased}, {dependencies} dependencies"
                    );
                }
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

    fn changed(existing: &str, section: &str, label: &str) -> String {
        let definition = def(label, &format!("https://github.com/o/r/{label}"));
        let Spliced::Changed(out) = splice(existing, section, label, definition.clone()).unwrap()
        else {
            panic!("{existing:?}")
        };
        assert_eq!(
            splice(&out, section, label, definition).unwrap(),
            Spliced::Unchanged,
            "{out:?}"
        );
        out
    }

    #[test]
    fn line_ends_are_the_files_own_and_a_lone_cr_ends_a_line() {
        let section = "## [1.2.0] - 2024-01-03\n\n- c\n";
        let cr = FILE.replace('\n', "\r");
        let out = changed(&cr, section, "1.2.0");
        assert!(
            out.contains("Intro.\r\r## [1.2.0] - 2024-01-03\r\r- c\r\r## [1.1.0]"),
            "{out:?}"
        );
        assert!(!out.contains('\n'), "{out:?}");
        let lone_cr_at_the_end = format!("{FILE}\r");
        let out = changed(&lone_cr_at_the_end, section, "1.2.0");
        assert!(out.ends_with("v1.0.0\n\r"), "{out:?}");
        assert!(!out.contains("\r\n"), "{out:?}");
        let out = changed("\r", section, "1.2.0");
        assert!(
            out.starts_with(HEADER),
            "an empty file gets the header: {out:?}"
        );
        let out = changed("", section, "1.2.0");
        assert!(out.starts_with(HEADER), "{out:?}");
    }

    #[test]
    fn a_definition_is_added_only_for_a_reference_heading() {
        let url = || {
            Some((
                "1.1.0".to_string(),
                "https://x/compare/v1.0.0...v1.1.0".to_string(),
            ))
        };
        // commitizen's style: no brackets, no definitions.
        let existing = "## v1.0.0 (2024-01-01)\n\n### Fix\n\n- a\n";
        let Spliced::Changed(out) = splice(
            existing,
            "## v1.1.0 (2024-02-01)\n\n### Fix\n\n- b\n",
            "1.1.0",
            url(),
        )
        .unwrap() else {
            panic!("unchanged")
        };
        assert!(!out.contains("[1.1.0]:"), "{out}");
        // conventional-changelog's inline link: none either.
        let existing = "## [1.0.0](https://x/v1.0.0) (2024-01-01)\n\n- a\n";
        let Spliced::Changed(out) = splice(
            existing,
            "## [1.1.0](https://x/compare/v1.0.0...v1.1.0) (2024-02-01)\n\n- b\n",
            "1.1.0",
            url(),
        )
        .unwrap() else {
            panic!("unchanged")
        };
        assert!(!out.contains("[1.1.0]:"), "{out}");
        // Keep a Changelog's reference heading: the definition goes below.
        let existing = "## [1.0.0] - 2024-01-01\n\n- a\n\n[1.0.0]: https://x/v1.0.0\n";
        let Spliced::Changed(out) =
            splice(existing, "## [1.1.0] - 2024-02-01\n\n- b\n", "1.1.0", url()).unwrap()
        else {
            panic!("unchanged")
        };
        assert!(
            out.contains("[1.1.0]: https://x/compare/v1.0.0...v1.1.0\n[1.0.0]: https://x/v1.0.0\n"),
            "{out}"
        );
    }

    #[test]
    fn code_and_comments_hold_no_section_and_no_definition() {
        let section = "## [1.1.0] - 2024-01-02\n\n### Added\n\n- b\n";
        for wrapper in [
            "```md\n## [1.1.0] - 2000-01-01\n[1.1.0]: x\n```",
            "~~~\n```\n## [1.1.0] - 2000-01-01\n~~~",
            "````\n```\n## [1.1.0] - 2000-01-01\n````",
            "<!--\n## [1.1.0] - 2000-01-01\n-->",
            "    ## [1.1.0] - indented code",
        ] {
            let existing = FILE.replace("Intro.", &format!("Intro.\n\n{wrapper}"));
            let err = splice(&existing, section, "1.1.0", None);
            assert_eq!(
                err.unwrap(),
                Spliced::Unchanged,
                "the real 1.1.0 section is found, not the one in code: {wrapper}"
            );
            let out = changed(&existing, "## [1.2.0] - 2024-01-03\n\n- c\n", "1.2.0");
            assert!(out.contains(&format!("{wrapper}\n\n## [1.2.0]")), "{out}");
            assert!(
                out.contains("- a\n\n[1.2.0]: https://github.com/o/r/1.2.0\n[1.1.0]:"),
                "{out}"
            );
        }
    }

    #[test]
    fn an_unclosed_fence_or_comment_is_refused_with_its_line() {
        for (opener, what) in [
            ("```sh", "a code fence"),
            ("<!-- x", "an HTML comment (`<!--`)"),
        ] {
            let existing = FILE.replace("- a\n", &format!("- a\n\n{opener}\n"));
            let err = splice(&existing, "## [1.2.0] - 2024-01-03\n\n- c\n", "1.2.0", None)
                .unwrap_err()
                .to_string();
            assert!(
                err.starts_with(&format!("line 17: {what} opened here is never closed")),
                "{err}"
            );
            // The section that is already there is still found.
            assert_eq!(
                splice(
                    &existing,
                    "## [1.1.0] - 2024-01-02\n\n### Added\n\n- b\n",
                    "1.1.0",
                    None
                )
                .unwrap(),
                Spliced::Unchanged
            );
        }
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

    #[test]
    fn setext_headings_bound_sections_and_a_hand_written_section_is_kept() {
        let existing = "---\ntitle: Changelog\n---\n\n15.0.0 (2025-10-15)\n===================\nBig release.\n\n14.1.1 (2024-09-08)\n===================\nFixes.\n";
        let section = "## [15.1.0] - 2025-10-22\n\n### Fixed\n\n- line buffering\n";
        let Spliced::Changed(out) = splice_with(existing, section, "15.1.0", None, true).unwrap()
        else {
            panic!("unchanged")
        };
        // Above the newest version, not at the end; the front matter is no heading.
        assert!(
            out.starts_with("---\ntitle: Changelog\n---\n\n## [15.1.0]"),
            "{out}"
        );
        assert!(out.find("15.1.0").unwrap() < out.find("15.0.0 (2025").unwrap());
        // A section for the version being released, written by hand first, is kept.
        let prepared = "15.1.0\n======\nHand-written notes.\n\n15.0.0 (2025-10-15)\n===================\nBig.\n";
        assert!(matches!(
            splice_for_release(prepared, section, "15.1.0", None, true).unwrap(),
            Spliced::Unchanged
        ));
        // `changelog --prepend` still refuses to rewrite it.
        assert!(splice_with(prepared, section, "15.1.0", None, true).is_err());
    }

    #[test]
    fn a_generated_entry_whose_pull_request_the_curated_text_cites_is_not_added() {
        let existing = "# Changelog\n\n## Unreleased\n\n- Deterministic ordering of prompts (#2871 by @caproven).\n\n## v3.51.0 - 2025-01-01\n\n- x\n";
        let section = "## v3.52.0 - 2025-02-01\n\n### Added\n\n- deterministic ordering of required var prompts (#2871) (`abc1234`)\n- a new thing (#2900) (`def5678`)\n";
        let Spliced::Changed(out) = splice_with(existing, section, "3.52.0", None, true).unwrap()
        else {
            panic!("unchanged")
        };
        assert!(out.contains("#2871 by @caproven"), "{out}");
        assert!(!out.contains("required var prompts"), "{out}");
        assert!(out.contains("a new thing (#2900)"), "{out}");
        assert_eq!(issue_refs("(#12) and #12, a#3, #x"), ["12"]);
    }
}
