//! Text that comes from outside relman (commit messages, author names, the lines of a
//! linted file) made safe for where relman puts it. Pure.
//!
//! - `printable`: for a terminal. Control characters (C0 but tab and line feed, DEL, C1) are
//!   shown as `\u{1b}`, so that a terminal shows an escape sequence instead of obeying it.
//! - `inline`: one line of commit text (a description, a scope, a name) as Markdown text that
//!   reads as written and can start nothing of its own: no block (heading, list, quote, code
//!   block, thematic break), no link or link reference definition, no raw HTML.
//! - `block`: several lines (a body, a `BREAKING CHANGE` note, a footer) as Markdown that keeps
//!   its paragraphs, lists, quotes, inline code and closed code blocks, but can start no
//!   heading, link reference definition, raw HTML, or code block left open to swallow what
//!   follows it.
//!
//! Both Markdown forms escape only what would change the structure (with a backslash, which
//! Markdown renders as nothing), never inside inline code or a closed code block, and show
//! control characters as `printable` does.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether a terminal may act on `c`: a control character other than tab and line feed.
pub(crate) fn is_control(c: char) -> bool {
    c.is_control() && c != '\t' && c != '\n'
}

fn push_escaped(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// `text` with every control character but tab and line feed shown as `\u{…}`.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_control(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// JSON text with DEL and the C1 controls written as `\u00XX` escapes, as the C0 controls
/// already are: the same JSON value, and nothing a terminal acts on. (Outside strings, JSON
/// text is ASCII, so every such character is inside a string.)
pub(crate) fn json_text(json: String) -> String {
    let c1 = |c: char| ('\u{7f}'..='\u{9f}').contains(&c);
    if !json.chars().any(c1) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c1(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` on one line: every control character but tab shown as `\u{…}`, line feeds too.
pub(crate) fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\t' {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line of commit text as Markdown text (see the module).
pub(crate) fn inline(text: &str) -> String {
    let mut line = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' => line.push(' '),
            c if is_control(c) => push_escaped(&mut line, c),
            c => line.push(c),
        }
    }
    let line = line.trim();
    let spans = code_spans(line);
    let links = link_like(line, &spans.spans);
    let mut inserts = spans.unmatched;
    if let Some(at) = inline_lead(line) {
        inserts.push(at);
    }
    let mut out = String::with_capacity(line.len() + 4);
    escape_line(line, &spans.spans, links, inserts, &mut out);
    out
}

/// Several lines of commit text as Markdown (see the module). When the text ends with a
/// code block, a blank line follows it, so that what a template writes after the text (a
/// link, a parenthesis) is not read as part of the closing fence.
pub(crate) fn block(text: &str) -> String {
    // Line ends as line feeds (a lone CR ends a line in Markdown too), controls shown, and
    // the tabs of an indentation as spaces: how far a tab reaches depends on the column the
    // template puts the line at, spaces stay relative to it.
    let mut normal = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut indent = Some(0);
    while let Some(c) = chars.next() {
        match (c, indent) {
            ('\r', _) if chars.peek() == Some(&'\n') => {}
            ('\r' | '\n', _) => {
                normal.push('\n');
                indent = Some(0);
            }
            (' ', Some(width)) => {
                normal.push(' ');
                indent = Some(width + 1);
            }
            ('\t', Some(width)) => {
                let to = (width / 4 + 1) * 4;
                normal.extend(std::iter::repeat_n(' ', to - width));
                indent = Some(to);
            }
            (c, _) => {
                indent = None;
                if is_control(c) {
                    push_escaped(&mut normal, c);
                } else {
                    normal.push(c);
                }
            }
        }
    }
    let lines: Vec<&str> = normal.split('\n').collect();
    // Which lines are a closed code block (kept as they are), and what to escape in the rest.
    let mut verbatim = vec![false; lines.len()];
    let mut leads: Vec<Option<usize>> = vec![None; lines.len()];
    let mut n = 0;
    while n < lines.len() {
        match block_lead(lines[n]) {
            Lead::Fence { at, marker, len } => {
                // A fence on the first line may not start a line where a template puts it;
                // one never closed would swallow the rest of the document.
                let close = (n > 0)
                    .then(|| (n + 1..lines.len()).find(|&k| closes_fence(lines[k], marker, len)))
                    .flatten();
                if let Some(close) = close {
                    for v in &mut verbatim[n..=close] {
                        *v = true;
                    }
                    n = close + 1;
                    continue;
                }
                leads[n] = Some(at);
            }
            Lead::Escape(at) => leads[n] = Some(at),
            Lead::Nothing => {}
        }
        n += 1;
    }
    let brackets = lines
        .iter()
        .zip(&verbatim)
        .any(|(line, &v)| !v && link_like(line, &code_spans(line).spans));
    let mut out = String::with_capacity(normal.len() + 16);
    for (n, line) in lines.iter().enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if verbatim[n] {
            out.push_str(line);
            continue;
        }
        let spans = code_spans(line);
        let mut inserts = spans.unmatched;
        inserts.extend(leads[n]);
        escape_line(line, &spans.spans, brackets, inserts, &mut out);
    }
    if verbatim.last() == Some(&true) {
        out.push_str("\n\n");
    }
    out
}

/// Inline code spans of one line, and the backticks of runs that open none.
struct Spans {
    spans: Vec<std::ops::Range<usize>>,
    unmatched: Vec<usize>,
}

/// CommonMark's code spans within one line: a run of n backticks (not escaped) is closed by
/// the next run of exactly n.
fn code_spans(line: &str) -> Spans {
    let b = line.as_bytes();
    let run_end = |from: usize| from + b[from..].iter().take_while(|&&c| c == b'`').count();
    let mut spans = Vec::new();
    let mut unmatched = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if b.get(i + 1).is_some_and(u8::is_ascii_punctuation) => i += 2,
            b'`' => {
                let end = run_end(i);
                let len = end - i;
                let mut k = end;
                let mut close = None;
                while k < b.len() {
                    if b[k] == b'`' {
                        let e = run_end(k);
                        if e - k == len {
                            close = Some(e);
                            break;
                        }
                        k = e;
                    } else {
                        k += 1;
                    }
                }
                if let Some(e) = close {
                    spans.push(i..e);
                    i = e;
                } else {
                    unmatched.extend(i..end);
                    i = end;
                }
            }
            _ => i += 1,
        }
    }
    Spans { spans, unmatched }
}

/// Whether the text outside code spans holds a link's brackets (`](`, `][`).
fn link_like(line: &str, spans: &[std::ops::Range<usize>]) -> bool {
    let mut from = 0;
    for span in spans
        .iter()
        .chain(std::iter::once(&(line.len()..line.len())))
    {
        let part = &line[from..span.start];
        if part.contains("](") || part.contains("][") {
            return true;
        }
        from = span.end;
    }
    false
}

/// Copy `line` to `out` with a backslash before each byte offset in `inserts`, and before
/// what would become HTML, a link or a template marker outside code spans.
fn escape_line(
    line: &str,
    spans: &[std::ops::Range<usize>],
    links: bool,
    mut inserts: Vec<usize>,
    out: &mut String,
) {
    let b = line.as_bytes();
    let mut span = spans.iter().peekable();
    let mut i = 0;
    while i < b.len() {
        if let Some(s) = span.peek() {
            if i >= s.end {
                span.next();
                continue;
            }
            if i >= s.start {
                i = s.end;
                continue;
            }
        }
        let next = b.get(i + 1).copied().unwrap_or(0);
        let prev = if i > 0 { b[i - 1] } else { 0 };
        let escape = match b[i] {
            // Already escaped: leave the pair alone.
            b'\\' if next.is_ascii_punctuation() => {
                i += 2;
                continue;
            }
            // A tag, a closing tag, a comment, a declaration, a processing instruction.
            b'<' => next.is_ascii_alphabetic() || matches!(next, b'/' | b'!' | b'?'),
            b'[' | b']' => links,
            // `{{`, `{%`, `${`: what the lint reads as a template marker left behind.
            b'{' => prev == b'{' || prev == b'$',
            b'%' => prev == b'{',
            _ => false,
        };
        if escape {
            inserts.push(i);
        }
        i += 1;
    }
    inserts.sort_unstable();
    inserts.dedup();
    let mut from = 0;
    for at in inserts {
        out.push_str(&line[from..at]);
        out.push('\\');
        from = at;
    }
    out.push_str(&line[from..]);
}

/// What the start of a line of a block asks for.
#[derive(Debug, PartialEq, Eq)]
enum Lead {
    Nothing,
    /// A backslash before this byte, so that no block starts there.
    Escape(usize),
    /// A code fence at the top level of the text: kept when it is closed.
    Fence {
        at: usize,
        marker: u8,
        len: usize,
    },
}

/// The byte after up to three spaces of indentation, or None when the line is indented as
/// code (or continues a paragraph) or blank.
pub(crate) fn skip_indent(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    let mut width = 0;
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        width += if b[i] == b'\t' { 4 - width % 4 } else { 1 };
        i += 1;
    }
    (width < 4 && i < b.len()).then_some(i)
}

/// The block a line of a multi-line text could start, looking through the quotes and list
/// markers that may come first (they only nest what follows, so they are kept). Whatever
/// the indentation: the same line is code at one column and a definition at another (in a
/// list item, a template's `indent_list`), so an escape that code did not need is the safe
/// side. A code fence is kept only at the very start of a line, where it opens a code block
/// at any column a template puts the text at (one after a list item's line would close the
/// item, and its code, on a line indented less than the item).
fn block_lead(line: &str) -> Lead {
    let b = line.as_bytes();
    let mut i = 0;
    let mut nested = false;
    loop {
        let at = i + b[i..].iter().take_while(|&&c| c == b' ').count();
        let Some(rest) = b.get(at..).filter(|r| !r.is_empty()) else {
            return Lead::Nothing;
        };
        if rule_or_underline(rest) || heading(rest) || rest[0] == b'[' {
            return Lead::Escape(at);
        }
        if let Some((marker, len)) = fence(rest) {
            return if nested || at > 0 {
                Lead::Escape(at)
            } else {
                Lead::Fence { at, marker, len }
            };
        }
        match container(rest) {
            Some(len) => {
                i = at + len;
                nested = true;
            }
            None => return Lead::Nothing,
        }
    }
}

/// Where a one-line text must be escaped so that it starts no block at all.
fn inline_lead(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let first = *b.first()?;
    if rule_or_underline(b) || heading(b) || fence(b).is_some() {
        return Some(0);
    }
    match first {
        b'>' | b'[' => Some(0),
        b'-' | b'+' | b'*' if b.get(1).is_none_or(|c| matches!(c, b' ' | b'\t')) => Some(0),
        b'0'..=b'9' => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            let delimiter = b.get(digits).copied();
            let after = b.get(digits + 1);
            (digits <= 9
                && matches!(delimiter, Some(b'.' | b')'))
                && after.is_none_or(|c| matches!(c, b' ' | b'\t')))
            .then_some(digits)
        }
        _ => None,
    }
}

/// The length of a block quote marker or list marker with the space after it.
fn container(rest: &[u8]) -> Option<usize> {
    let space = |at: usize| match rest.get(at) {
        None => Some(at),
        Some(b' ' | b'\t') => Some(at + 1),
        Some(_) => None,
    };
    match rest[0] {
        b'>' => Some(if rest.get(1) == Some(&b' ') { 2 } else { 1 }),
        b'-' | b'+' | b'*' => space(1),
        b'0'..=b'9' => {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 9 || !matches!(rest.get(digits), Some(b'.' | b')')) {
                return None;
            }
            space(digits + 1)
        }
        _ => None,
    }
}

/// A thematic break (`***`, `- - -`, `___`) or a setext underline (`===`, `--`).
fn rule_or_underline(rest: &[u8]) -> bool {
    let text = trim_end(rest);
    let Some(&first) = text.first() else {
        return false;
    };
    let underline = matches!(first, b'=' | b'-') && text.iter().all(|&c| c == first);
    let rule = matches!(first, b'*' | b'-' | b'_')
        && text
            .iter()
            .all(|&c| c == first || matches!(c, b' ' | b'\t'))
        && memchr::memchr_iter(first, text).count() >= 3;
    underline || rule
}

/// An ATX heading: one to six `#` and a space, a tab or the end of the line.
fn heading(rest: &[u8]) -> bool {
    let hashes = rest.iter().take_while(|&&c| c == b'#').count();
    (1..=6).contains(&hashes) && rest.get(hashes).is_none_or(|c| matches!(c, b' ' | b'\t'))
}

/// A code fence opener: three or more backticks (with no backtick in the info string) or
/// tildes.
pub(crate) fn fence(rest: &[u8]) -> Option<(u8, usize)> {
    let marker = *rest.first()?;
    if !matches!(marker, b'`' | b'~') {
        return None;
    }
    let len = rest.iter().take_while(|&&c| c == marker).count();
    if len < 3 || (marker == b'`' && rest[len..].contains(&b'`')) {
        return None;
    }
    Some((marker, len))
}

/// Whether `line` closes a top-level fence of `len` `marker`s.
pub(crate) fn closes_fence(line: &str, marker: u8, len: usize) -> bool {
    let b = line.as_bytes();
    let Some(at) = skip_indent(b, 0) else {
        return false;
    };
    let run = b[at..].iter().take_while(|&&c| c == marker).count();
    run >= len && trim_end(&b[at + run..]).is_empty()
}

fn trim_end(b: &[u8]) -> &[u8] {
    let end = b.len()
        - b.iter()
            .rev()
            .take_while(|c| c.is_ascii_whitespace())
            .count();
    &b[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_shows_controls_and_keeps_the_rest() {
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
        assert!(matches!(printable("plain"), Cow::Borrowed(_)));
        assert_eq!(
            printable("\u{1b}[31mred\u{1b}]8;;x\u{7} \u{9b}2J\u{7f}\r\0"),
            "\\u{1b}[31mred\\u{1b}]8;;x\\u{7} \\u{9b}2J\\u{7f}\\u{d}\\u{0}"
        );
    }

    #[test]
    fn json_text_escapes_del_and_c1_and_keeps_the_value() {
        let value = serde_json::json!({"s": "a\u{1b}[2J\u{7f}\u{9b}é\u{a0}"});
        let text = json_text(serde_json::to_string(&value).unwrap());
        assert_eq!(
            text,
            r#"{"s":"a\u001b[2J\u007f\u009bé\u{a0}"}"#.replace("\\u{a0}", "\u{a0}")
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn inline_text_reads_as_written() {
        for text in [
            "plain text",
            "handle [object Object] and a < b, a > b",
            "keep `<div>` and `[x](y.md)` and `{{ v }}` as code",
            "*emphasis* and **bold** and #12 and 1.2.3",
            "-1 is not a list, +1 neither, 2024 either",
            "#hashtag",
        ] {
            assert_eq!(inline(text), text);
        }
    }

    #[test]
    fn inline_text_starts_no_block() {
        for (text, safe) in [
            (
                "[1.1.0]: https://evil.example",
                "\\[1.1.0]: https://evil.example",
            ),
            ("- [1.1.0]: https://x", "\\- [1.1.0]: https://x"),
            ("> [1.1.0]: https://x", "\\> [1.1.0]: https://x"),
            ("[^1]: a footnote", "\\[^1]: a footnote"),
            ("[ ] a task", "\\[ ] a task"),
            ("## [0.9.0] - 2020-01-01", "\\## [0.9.0] - 2020-01-01"),
            ("#", "\\#"),
            ("---", "\\---"),
            ("* * *", "\\* * *"),
            ("===", "\\==="),
            ("* item", "\\* item"),
            ("1. item", "1\\. item"),
            ("12) item", "12\\) item"),
            ("```", "\\`\\`\\`"),
            ("~~~ tildes", "\\~~~ tildes"),
            ("  [x]: y  ", "\\[x]: y"),
        ] {
            assert_eq!(inline(text), safe, "{text}");
        }
    }

    #[test]
    fn inline_html_links_markers_and_controls() {
        assert_eq!(
            inline("use <VERSION> and [x](y.md) or {{ v }} and ${A}"),
            "use \\<VERSION> and \\[x\\](y.md) or {\\{ v }} and $\\{A}"
        );
        assert_eq!(
            inline("<script>x</script> <!-- hide <?php <![CDATA["),
            "\\<script>x\\</script> \\<!-- hide \\<?php \\<![CDATA["
        );
        assert_eq!(
            inline("already \\<escaped> \\[x\\](y)"),
            "already \\<escaped> \\[x\\](y)"
        );
        assert_eq!(inline("a `lone backtick"), "a \\`lone backtick");
        assert_eq!(inline("``a`` and ``b"), "``a`` and \\`\\`b");
        assert_eq!(
            inline("\u{1b}[31mred\u{1b}[0m\r\nnext\u{9b}"),
            "\\u{1b}[31mred\\u{1b}[0m next\\u{9b}"
        );
        assert_eq!(inline("a\nb\rc"), "a b c");
    }

    #[test]
    fn block_keeps_paragraphs_lists_and_closed_code() {
        for text in [
            "Use /v2 instead.\n\nThe old paths answer 410.",
            "Steps:\n- one\n- two\n\n1. first\n2. second\n\n> quoted",
            "Run:\n\n```sh\n<b>npm</b> i [x](y)\n## not a heading\n```\n\nThen restart.",
            "Run:\n\n~~~\n```\n~~~\n\nok",
        ] {
            assert_eq!(block(text), text);
        }
    }

    #[test]
    fn block_starts_no_heading_definition_html_or_open_fence() {
        for (text, safe) in [
            (
                "[2.0.0]: https://evil.example",
                "\\[2.0.0]: https://evil.example",
            ),
            (
                "x\n[1.0.0]: https://e\n  [a]: b\n- [b]: c\n> - [c]: d",
                "x\n\\[1.0.0]: https://e\n  \\[a]: b\n- \\[b]: c\n> - \\[c]: d",
            ),
            ("x\n## [0.9.0] - 2020-01-01", "x\n\\## [0.9.0] - 2020-01-01"),
            ("x\n- # heading", "x\n- \\# heading"),
            (
                "title\n---\ntitle\n===\n- --",
                "title\n\\---\ntitle\n\\===\n\\- --",
            ),
            ("a\n--\n- =", "a\n\\--\n- \\="),
            ("a\n***\n- - -", "a\n\\***\n\\- - -"),
            ("<details>\n<!--", "\\<details>\n\\<!--"),
            ("x\n```\nunclosed <b>", "x\n\\`\\`\\`\nunclosed \\<b>"),
            ("x\n~~~~\n~~~\n", "x\n\\~~~~\n\\~~~\n"),
            (
                "```sh\nfirst line\n```",
                "\\`\\`\\`sh\nfirst line\n\\`\\`\\`",
            ),
            ("x\n- ```\n  y\n  ```", "x\n- \\`\\`\\`\n  y\n  \\`\\`\\`"),
            ("x\n```\ncode\n```", "x\n```\ncode\n```\n\n"),
            ("x\n```\ncode\n```sh\n", "x\n\\`\\`\\`\ncode\n\\`\\`\\`sh\n"),
            ("a\r\nb\rc\u{1b}[2J", "a\nb\nc\\u{1b}[2J"),
            // Indented as code here, a definition in a list item: escaped all the same.
            ("x\n\t[a]: b\n      # c", "x\n    \\[a]: b\n      \\# c"),
            ("x\n  \t```\n<b>\n```", "x\n    \\`\\`\\`\n\\<b>\n\\`\\`\\`"),
            // A fence after a list item, indented less than the item's text, would close
            // the item and its code: only a fence at the start of a line is kept.
            (
                "- item\n  ```\n<script>\n```",
                "- item\n  \\`\\`\\`\n\\<script>\n\\`\\`\\`",
            ),
        ] {
            assert_eq!(block(text), safe, "{text:?}");
        }
    }
}
