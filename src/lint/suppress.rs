//! Inline suppressions: `<!-- relman-disable-next-line ID … -->`, and
//! `<!-- relman-disable ID … -->` … `<!-- relman-enable ID … -->` for a block. Without an
//! id they cover every rule. Each remembers whether it suppressed anything, so that one
//! that suppresses nothing can be reported.

use std::ops::RangeInclusive;

use super::Document;

/// One suppression comment and the lines it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Suppression {
    /// None: every rule.
    pub(crate) ids: Option<Vec<String>>,
    pub(crate) lines: RangeInclusive<usize>,
    /// Where the comment is (line, column).
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) text: String,
    pub(crate) used: bool,
}

impl Suppression {
    fn covers(&self, rule: &str, line: usize) -> bool {
        self.lines.contains(&line)
            && self
                .ids
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|i| i == rule))
    }
}

/// The suppressions of a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Suppressions {
    pub(crate) list: Vec<Suppression>,
}

enum Kind {
    NextLine,
    Disable,
    Enable,
}

fn parse_comment(html: &str) -> Option<(Kind, Option<Vec<String>>)> {
    let inner = html
        .trim()
        .strip_prefix("<!--")?
        .strip_suffix("-->")?
        .trim();
    let (kind, rest) = if let Some(rest) = inner.strip_prefix("relman-disable-next-line") {
        (Kind::NextLine, rest)
    } else if let Some(rest) = inner.strip_prefix("relman-disable") {
        (Kind::Disable, rest)
    } else if let Some(rest) = inner.strip_prefix("relman-enable") {
        (Kind::Enable, rest)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with(char::is_whitespace)) {
        return None;
    }
    let ids: Vec<String> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some((kind, if ids.is_empty() { None } else { Some(ids) }))
}

impl Suppressions {
    /// Read the suppression comments of a document.
    pub(crate) fn read(doc: &Document) -> Suppressions {
        let mut list: Vec<Suppression> = Vec::new();
        // Open blocks: index into `list`.
        let mut open: Vec<usize> = Vec::new();
        let last_line = doc.line_count();
        for range in &doc.html {
            let html = &doc.text[range.clone()];
            if !html.contains("relman-") {
                continue;
            }
            // An HTML block may hold several comments.
            let mut from = 0;
            while let Some(start) = html[from..].find("<!--") {
                let start = from + start;
                let Some(len) = html[start..].find("-->") else {
                    break;
                };
                let end = start + len + 3;
                from = end;
                let Some((kind, ids)) = parse_comment(&html[start..end]) else {
                    continue;
                };
                let (line, column) = doc.line_col(range.start + start);
                let (end_line, _) = doc.line_col(range.start + end - 1);
                let text = html[start..end].to_string();
                match kind {
                    Kind::NextLine => list.push(Suppression {
                        ids,
                        lines: end_line + 1..=end_line + 1,
                        line,
                        column,
                        text,
                        used: false,
                    }),
                    Kind::Disable => {
                        open.push(list.len());
                        list.push(Suppression {
                            ids,
                            lines: line..=last_line,
                            line,
                            column,
                            text,
                            used: false,
                        });
                    }
                    Kind::Enable => {
                        // Close the open blocks this enable names (all of them without ids).
                        open.retain(|&i| {
                            let closes = match (&ids, &list[i].ids) {
                                (None, _) => true,
                                (Some(enable), Some(disabled)) => {
                                    disabled.iter().all(|d| enable.contains(d))
                                }
                                (Some(_), None) => false,
                            };
                            if closes {
                                let start = *list[i].lines.start();
                                list[i].lines = start..=line;
                            }
                            !closes
                        });
                    }
                }
            }
        }
        Suppressions { list }
    }

    /// Whether a finding of `rule` on `line` is suppressed (and mark what suppressed it).
    pub(crate) fn suppresses(&mut self, rule: &str, line: usize) -> bool {
        let mut any = false;
        for s in &mut self.list {
            if s.covers(rule, line) {
                s.used = true;
                any = true;
            }
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sup(text: &str) -> Suppressions {
        Suppressions::read(&Document::parse("a.md", text.to_string()))
    }

    #[test]
    fn next_line() {
        let mut s = sup("<!-- relman-disable-next-line placeholder -->\nTODO {{ x }}\nTODO\n");
        assert!(s.suppresses("placeholder", 2));
        assert!(!s.suppresses("placeholder", 3));
        assert!(!s.suppresses("fence", 2));
        assert!(s.list[0].used);
    }

    #[test]
    fn block_and_enable() {
        let mut s = sup("a\n\n<!-- relman-disable mojibake, fence -->\n\nx\n\n<!-- relman-enable mojibake fence -->\n\ny\n");
        assert!(s.suppresses("mojibake", 5));
        assert!(s.suppresses("fence", 5));
        assert!(!s.suppresses("mojibake", 9));
    }

    #[test]
    fn without_ids_covers_every_rule_to_the_end() {
        let mut s = sup("<!-- relman-disable -->\n\nx\n\ny\n");
        assert!(s.suppresses("anything", 5));
    }

    #[test]
    fn unused_stays_unused() {
        let s = sup("Text <!-- relman-disable-next-line fence --> here\n\nok\n");
        assert_eq!(s.list.len(), 1);
        assert!(!s.list[0].used);
        assert_eq!((s.list[0].line, s.list[0].column), (1, 6));
    }

    #[test]
    fn other_comments_are_ignored() {
        assert!(sup("<!-- relman-disabled -->\n<!-- note -->\n")
            .list
            .is_empty());
    }
}
