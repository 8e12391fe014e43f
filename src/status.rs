//! How far a release document has got: the task-list items (`- [ ]`, `- [x]`) of a plan, a
//! checklist or any Markdown, per section, which of them are go/no-go items, and which
//! version the document is about. Pure: `relman status` reads the files and compares the
//! version with the release the repository is preparing.
//!
//! Go/no-go items: every item of a document whose title says it is a go/no-go checklist (or
//! that `[documents]` names `checklist`), and the items of any section headed go/no-go,
//! sign-off or decision.

use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;
use serde::Serialize;

/// One task-list item.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Task {
    pub(crate) text: String,
    pub(crate) done: bool,
    /// Whether the deploy waits for it.
    pub(crate) gate: bool,
    pub(crate) line: usize,
}

/// A section (a heading and the items under it, up to the next heading of any level).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Section {
    pub(crate) title: String,
    pub(crate) line: usize,
    pub(crate) done: usize,
    pub(crate) open: usize,
    pub(crate) tasks: Vec<Task>,
    /// Headed go/no-go, sign-off or decision (or under such a heading).
    #[serde(skip)]
    pub(crate) gate: bool,
}

/// A document's progress.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Progress {
    /// Its first level-1 heading.
    pub(crate) title: Option<String>,
    /// The version it is about: the first version in its title, else a `| Version | x |` row.
    pub(crate) version: Option<String>,
    /// Whether every item is a go/no-go item.
    pub(crate) checklist: bool,
    pub(crate) sections: Vec<Section>,
    pub(crate) done: usize,
    pub(crate) total: usize,
}

impl Progress {
    /// The go/no-go items still open, with their section's title.
    pub(crate) fn open_gates(&self) -> impl Iterator<Item = (&Section, &Task)> {
        self.sections
            .iter()
            .flat_map(|s| s.tasks.iter().map(move |t| (s, t)))
            .filter(|(_, t)| t.gate && !t.done)
    }
}

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\w.])v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\b")
        .expect("valid regex")
});
static VERSION_ROW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?im)^\|\s*version\s*\|\s*`?v?(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)`?\s*\|")
        .expect("valid regex")
});
static GATE_DOC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)go\s*/\s*no[ -]go|checklist").expect("valid regex"));
static GATE_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)go\s*/\s*no[ -]go|\bsign[ -]?off\b|\bdecision$").expect("valid regex")
});

/// One document as `relman status` reports it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Checked {
    /// As given or configured.
    pub(crate) path: String,
    /// None when the document is not written yet.
    pub(crate) progress: Option<Progress>,
    /// It is about another version than the release being prepared.
    pub(crate) stale: bool,
}

/// What `relman status` found.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Report {
    /// The release the repository is preparing (its next version, else its current one).
    pub(crate) prepared: String,
    pub(crate) documents: Vec<Checked>,
}

impl Report {
    /// Go: every document is there, about the prepared release, its go/no-go items checked.
    pub(crate) fn go(&self) -> bool {
        self.documents.iter().all(|d| {
            !d.stale
                && d.progress
                    .as_ref()
                    .is_some_and(|p| p.open_gates().next().is_none())
        })
    }

    pub(crate) fn open_gates(&self) -> usize {
        self.documents
            .iter()
            .filter_map(|d| d.progress.as_ref())
            .map(|p| p.open_gates().count())
            .sum()
    }
}

/// Read a document's task lists; `checklist`: `[documents]` names it the checklist.
pub(crate) fn read(text: &str, checklist: bool) -> Progress {
    // A byte-order mark (Windows editors write one) would hide the title.
    let text = text.strip_prefix(crate::textpos::BOM).unwrap_or(text);
    let lines = crate::textpos::Lines::new(text);
    let line_of = |offset: usize| lines.line_col(text, offset).0;
    let mut title: Option<String> = None;
    let mut sections: Vec<Section> = vec![Section {
        title: String::new(),
        line: 1,
        done: 0,
        open: 0,
        tasks: Vec::new(),
        gate: false,
    }];
    // The heading being read, and its level.
    let mut heading: Option<(HeadingLevel, String, usize)> = None;
    // Items being read, innermost last: (line, checked?, text, nested list seen).
    let mut items: Vec<(usize, Option<bool>, String, bool)> = Vec::new();
    let mut gate_doc = checklist;
    // The level of the go/no-go heading whose sub-sections are being read.
    let mut gate_level: Option<HeadingLevel> = None;
    let parser = Parser::new_ext(text, Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES);
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, String::new(), line_of(range.start)));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, text, line)) = heading.take() else {
                    continue;
                };
                let text = text.trim().to_string();
                if level == HeadingLevel::H1 && title.is_none() {
                    gate_doc |= GATE_DOC.is_match(&text);
                    title = Some(text.clone());
                }
                if gate_level.is_some_and(|g| level <= g) {
                    gate_level = None;
                }
                let gate = gate_level.is_some() || GATE_SECTION.is_match(&text);
                if gate && gate_level.is_none() {
                    gate_level = Some(level);
                }
                sections.push(Section {
                    title: text,
                    line,
                    done: 0,
                    open: 0,
                    tasks: Vec::new(),
                    gate,
                });
            }
            Event::Start(Tag::Item) => {
                items.push((line_of(range.start), None, String::new(), false));
            }
            Event::Start(Tag::List(_)) => {
                if let Some(item) = items.last_mut() {
                    item.3 = true;
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(item) = items.last_mut() {
                    item.1 = Some(checked);
                }
            }
            Event::End(TagEnd::Item) => {
                let Some((line, Some(done), text, _)) = items.pop() else {
                    continue;
                };
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if text.is_empty() {
                    // `- [ ]` alone: GitHub shows the brackets, not a checkbox.
                    continue;
                }
                let section = sections.last_mut().expect("one section at least");
                let gate = gate_doc || section.gate;
                if done {
                    section.done += 1;
                } else {
                    section.open += 1;
                }
                section.tasks.push(Task {
                    text,
                    done,
                    gate,
                    line,
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, s, _)) = heading.as_mut() {
                    s.push_str(&t);
                } else if let Some(item) = items.last_mut().filter(|i| !i.3) {
                    item.2.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(item) = items.last_mut().filter(|i| !i.3) {
                    item.2.push(' ');
                }
            }
            _ => {}
        }
    }
    // Items are kept in document order (a nested item ends before its parent).
    for section in &mut sections {
        section.tasks.sort_by_key(|t| t.line);
    }
    sections.retain(|s| !s.tasks.is_empty());
    let version = title
        .as_deref()
        .and_then(title_version)
        .or_else(|| VERSION_ROW.captures(text).map(|c| c[1].to_string()));
    let done = sections.iter().map(|s| s.done).sum();
    let total = sections.iter().map(|s| s.done + s.open).sum();
    Progress {
        title,
        version,
        checklist: gate_doc,
        sections,
        done,
        total,
    }
}

/// The first version in a title that is not part of a longer dotted number (an address).
fn title_version(title: &str) -> Option<String> {
    VERSION.captures_iter(title).find_map(|c| {
        let m = c.get(1)?;
        let after = &title[m.end()..];
        let longer =
            after.starts_with('.') && after[1..].starts_with(|ch: char| ch.is_ascii_digit());
        (!longer).then(|| m.as_str().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "# Staging deployment plan: shop 1.4.0\n\n| | |\n| --- | --- |\n| Version | 1.4.0 |\n\n## Preparation\n\n- [x] Tagged.\n- [ ] Changelog reviewed.\n\n## Database\n\n1. Backup\n   - [x] Take a backup.\n   - [ ] Check that it restores.\n\n## Sign-off\n\n- [ ] Staging verified by: Ops\n\nSome prose with a - [ ] not a task.\n";

    #[test]
    fn sections_count_done_and_open_items() {
        let p = read(PLAN, false);
        assert_eq!(
            p.title.as_deref(),
            Some("Staging deployment plan: shop 1.4.0")
        );
        assert_eq!(p.version.as_deref(), Some("1.4.0"));
        assert!(!p.checklist);
        let summary: Vec<(&str, usize, usize)> = p
            .sections
            .iter()
            .map(|s| (s.title.as_str(), s.done, s.open))
            .collect();
        assert_eq!(
            summary,
            [
                ("Preparation", 1, 1),
                ("Database", 1, 1),
                ("Sign-off", 0, 1)
            ]
        );
        assert_eq!((p.done, p.total), (2, 5));
        // Only the sign-off gates a plan.
        let gates: Vec<&str> = p.open_gates().map(|(_, t)| t.text.as_str()).collect();
        assert_eq!(gates, ["Staging verified by: Ops"]);
        assert_eq!(p.sections[2].tasks[0].line, 20);
    }

    #[test]
    fn every_item_of_a_checklist_is_a_gate() {
        let text = "# Go/no-go checklist: shop v2.0.0-rc.1\n\n## Release\n\n- [X] Version is right.\n- [ ] Tag points at the tested commit.\n  - [ ] a nested detail\n";
        let p = read(text, false);
        assert!(p.checklist);
        assert_eq!(p.version.as_deref(), Some("2.0.0-rc.1"));
        let gates: Vec<(&str, usize)> = p
            .open_gates()
            .map(|(_, t)| (t.text.as_str(), t.line))
            .collect();
        assert_eq!(
            gates,
            [
                ("Tag points at the tested commit.", 6),
                ("a nested detail", 7)
            ]
        );
        // A document `[documents]` calls the checklist gates whatever its title.
        let p = read("# Before we ship\n\n- [ ] One\n", true);
        assert_eq!(p.open_gates().count(), 1);
        assert_eq!(p.version, None);
    }

    #[test]
    fn gate_sections_cover_their_sub_sections_and_nothing_else() {
        let text = "\u{feff}# Staging deployment plan: shop 1.5.1\n\n## Go/no-go\n\n### Database\n\n- [ ] backup restores\n\n## Decision records (ADR)\n\n- [ ] unrelated ADR todo\n\n## Notes on decisions\n\n- [ ] something\n\n## Final decision\n\n- [ ] ship it\n- [ ]\n";
        let p = read(text, false);
        assert_eq!(
            p.title.as_deref(),
            Some("Staging deployment plan: shop 1.5.1")
        );
        let gates: Vec<&str> = p.open_gates().map(|(_, t)| t.text.as_str()).collect();
        assert_eq!(gates, ["backup restores", "ship it"]);
        // An empty `- [ ]` is no task.
        assert_eq!(p.total, 4);
        // A BOM does not hide a checklist's title.
        let p = read("\u{feff}# Checklist 1.5.1\n\n- [ ] one\n", false);
        assert!(p.checklist);
        assert_eq!(p.open_gates().count(), 1);
    }

    #[test]
    fn versions_come_from_the_title_then_a_version_row() {
        assert_eq!(
            read("# Plan for 3.1.0\n", false).version.as_deref(),
            Some("3.1.0")
        );
        let row = "# Plan\n\n| Version | `2.5.1` |\n| Date | 2024-01-02 |\n";
        assert_eq!(read(row, false).version.as_deref(), Some("2.5.1"));
        // An IP address or a dotted date is not taken for the version.
        assert_eq!(read("# Deploy to 10.0.0.1\n", false).version, None);
    }
}
