//! What the XML formats (pom.xml, MSBuild projects) share: a small scanner that finds the
//! elements of a document with their nesting and the byte spans of their content, and the
//! span of an element's text.
//!
//! Not a full XML parser: the prolog, processing instructions, comments, CDATA and a
//! DOCTYPE are skipped; an attribute value may hold `>` in its quotes; names are compared as
//! written (a namespace prefix is part of the name); entities are left as written. A start
//! tag with no end tag, an end tag that closes another element, or a comment, CDATA or tag
//! that is never closed is an error at its position. No recursion: a deep document costs
//! one stack of open elements.

use std::ops::Range;

use super::FormatError;

/// An element of the document.
#[derive(Debug)]
pub(super) struct Element<'a> {
    /// Its name as written (`version`, `PropertyGroup`).
    pub(super) name: &'a str,
    /// The element it is a child of; None for a top-level element (the root).
    pub(super) parent: Option<usize>,
    /// Byte offset of the `<` of its start tag.
    pub(super) start: usize,
    /// The text of its start tag between its name and the closing `>` or `/>`.
    pub(super) attributes: &'a str,
    /// Bytes between its start and end tags (empty for `<a/>`).
    pub(super) content: Range<usize>,
    /// Whether its content holds markup (an element, a comment, CDATA, a processing
    /// instruction) rather than text only.
    pub(super) markup: bool,
    /// The index after its last descendant: its descendants are the elements between it
    /// and this one.
    end: usize,
}

/// Every element of the document, in the order their start tags are written.
pub(super) fn parse(text: &str) -> Result<Vec<Element<'_>>, FormatError> {
    let bytes = text.as_bytes();
    let mut elements: Vec<Element<'_>> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(rel) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + rel;
        let rest = &text[lt..];
        if !rest.starts_with("</") {
            if let Some(&parent) = open.last() {
                elements[parent].markup = true;
            }
        }
        let skip_to = |opening: &str, closing: &str, what: &str| {
            rest[opening.len()..]
                .find(closing)
                .map(|end| lt + opening.len() + end + closing.len())
                .ok_or_else(|| {
                    FormatError::at(
                        text,
                        lt,
                        format!("invalid XML: {what} that is never closed with `{closing}`; fix the syntax"),
                    )
                })
        };
        if rest.starts_with("<!--") {
            i = skip_to("<!--", "-->", "a comment")?;
        } else if rest.starts_with("<![CDATA[") {
            i = skip_to("<![CDATA[", "]]>", "a CDATA section")?;
        } else if rest.starts_with("<?") {
            i = skip_to("<?", "?>", "a processing instruction")?;
        } else if rest.starts_with("<!") {
            i = declaration_end(text, lt)?;
        } else if let Some(after) = rest.strip_prefix("</") {
            let name_len = name_len(after);
            let name = &after[..name_len];
            let after_name = lt + 2 + name_len;
            let gt =
                after_name + (text[after_name..].len() - text[after_name..].trim_start().len());
            if name.is_empty() || bytes.get(gt) != Some(&b'>') {
                return Err(FormatError::at(
                    text,
                    lt,
                    "invalid XML: an end tag that is not `</name>`; fix the syntax",
                ));
            }
            let count = elements.len();
            let Some(top) = open.pop() else {
                return Err(FormatError::at(
                    text,
                    lt,
                    format!("invalid XML: `</{name}>` closes no element; remove it"),
                ));
            };
            let element = &mut elements[top];
            if element.name != name {
                let (line, column) = crate::textpos::line_col(text, element.start);
                return Err(FormatError::at(
                    text,
                    lt,
                    format!(
                        "invalid XML: `</{name}>` closes `<{}>` of {line}:{column}; fix the tags",
                        element.name
                    ),
                ));
            }
            element.content.end = lt;
            element.end = count;
            i = gt + 1;
        } else {
            let name_len = name_len(&rest[1..]);
            if name_len == 0 {
                return Err(FormatError::at(
                    text,
                    lt,
                    "invalid XML: a `<` that starts no tag; write `&lt;` for the character",
                ));
            }
            let name_end = lt + 1 + name_len;
            let gt = tag_end(text, name_end).ok_or_else(|| {
                FormatError::at(
                    text,
                    lt,
                    format!(
                        "invalid XML: the tag `<{}` is never closed with `>`; fix the syntax",
                        &rest[1..=name_len]
                    ),
                )
            })?;
            let self_closing = gt > name_end && bytes[gt - 1] == b'/';
            let attributes_end = if self_closing { gt - 1 } else { gt };
            elements.push(Element {
                name: &text[lt + 1..name_end],
                parent: open.last().copied(),
                start: lt,
                attributes: &text[name_end..attributes_end],
                content: gt + 1..gt + 1,
                markup: false,
                end: elements.len() + 1,
            });
            if !self_closing {
                open.push(elements.len() - 1);
            }
            i = gt + 1;
        }
    }
    if let Some(&top) = open.last() {
        let element = &elements[top];
        return Err(FormatError::at(
            text,
            element.start,
            format!(
                "invalid XML: `<{}>` is never closed; add `</{}>`",
                element.name, element.name
            ),
        ));
    }
    Ok(elements)
}

/// The length of the name at the start of `s`: up to whitespace, `/`, `>` or the end.
fn name_len(s: &str) -> usize {
    s.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>' || c == '<')
        .unwrap_or(s.len())
}

/// The offset of the `>` that ends a start tag whose attributes start at `from`, skipping
/// quoted attribute values; None when there is none.
fn tag_end(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'>' => return Some(i),
            // A tag left open: stop here rather than take the next tag as attributes.
            b'<' => return None,
            q @ (b'"' | b'\'') => i += 1 + memchr::memchr(q, &bytes[i + 1..])?,
            _ => {}
        }
        i += 1;
    }
    None
}

/// The offset after a `<!DOCTYPE …>` (or other `<!…>` declaration) starting at `lt`, with
/// its quoted strings and its internal subset in `[…]`.
fn declaration_end(text: &str, lt: usize) -> Result<usize, FormatError> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = lt + 2;
    while i < bytes.len() {
        match bytes[i] {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return Ok(i + 1),
            q @ (b'"' | b'\'') => match memchr::memchr(q, &bytes[i + 1..]) {
                Some(n) => i += 1 + n,
                None => break,
            },
            _ => {}
        }
        i += 1;
    }
    Err(FormatError::at(
        text,
        lt,
        "invalid XML: a `<!` declaration that is never closed with `>`; fix the syntax",
    ))
}

/// The direct children of element `parent`, each with its index; it costs one step per
/// child, whatever their descendants.
pub(super) fn children<'e, 'a>(
    elements: &'e [Element<'a>],
    parent: usize,
) -> impl Iterator<Item = (usize, &'e Element<'a>)> {
    let end = elements.get(parent).map_or(0, |p| p.end);
    let mut next = parent + 1;
    std::iter::from_fn(move || {
        let i = next;
        let child = elements.get(i).filter(|_| i < end)?;
        next = child.end.max(i + 1);
        Some((i, child))
    })
}

/// The root element: the first top-level one.
pub(super) fn root<'e, 'a>(elements: &'e [Element<'a>]) -> Option<(usize, &'e Element<'a>)> {
    elements
        .iter()
        .enumerate()
        .find(|(_, e)| e.parent.is_none())
}

/// The span of an element's text without the whitespace around it; Err when its content
/// holds markup (a comment, CDATA, an element), which is no plain version.
pub(super) fn text_span(
    text: &str,
    element: &Element<'_>,
    location: &str,
) -> Result<Range<usize>, FormatError> {
    if element.markup {
        return Err(FormatError::at(
            text,
            element.start,
            format!(
                "{location} holds markup (an element, a comment or CDATA), not a plain version; write the version alone, e.g. <{}>1.2.3</{}>",
                element.name, element.name
            ),
        ));
    }
    let content = &text[element.content.clone()];
    let trimmed = content.trim_start_matches(is_space);
    let start = element.content.start + (content.len() - trimmed.len());
    let end = start + trimmed.trim_end_matches(is_space).len();
    Ok(start..end)
}

/// XML whitespace.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

/// The value of attribute `name` in a start tag's attribute text (compared ignoring ASCII
/// case when `any_case`), as written between its quotes.
pub(super) fn attribute<'a>(attributes: &'a str, name: &str, any_case: bool) -> Option<&'a str> {
    let mut rest = attributes;
    loop {
        rest = rest.trim_start_matches(is_space);
        let eq = rest.find('=')?;
        let key = rest[..eq].trim_end_matches(is_space);
        let after = rest[eq + 1..].trim_start_matches(is_space);
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let close = after[1..].find(quote)?;
        let value = &after[1..=close];
        let same = if any_case {
            key.eq_ignore_ascii_case(name)
        } else {
            key == name
        };
        if same {
            return Some(value);
        }
        rest = &after[close + 2..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, Option<usize>, bool)> {
        parse(text)
            .unwrap()
            .iter()
            .map(|e| (e.name.to_string(), e.parent, e.markup))
            .collect()
    }

    #[test]
    fn nesting_skips_what_is_not_an_element() {
        let text = "\u{feff}<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY x \"<a>\">]>\n<p a=\"x>y\" b='<c>'>\n  <!-- <q>not</q> -->\n  <r><![CDATA[<s>]]></r>\n  <t/><u x=\"/\" />\n</p>\n<?pi <z>?>\n";
        assert_eq!(
            names(text),
            [
                ("p".to_string(), None, true),
                ("r".to_string(), Some(0), true),
                ("t".to_string(), Some(0), false),
                ("u".to_string(), Some(0), false),
            ]
        );
        let els = parse(text).unwrap();
        assert_eq!(attribute(els[0].attributes, "a", false), Some("x>y"));
        assert_eq!(attribute(els[0].attributes, "B", true), Some("<c>"));
        assert_eq!(attribute(els[0].attributes, "B", false), None);
        assert_eq!(els[3].attributes, " x=\"/\" ");
    }

    #[test]
    fn children_skip_the_grandchildren() {
        let text = "<r><a><x/><y><z/></y></a><b/>t<c></c></r><s/>";
        let els = parse(text).unwrap();
        let kids = |p: usize| -> Vec<&str> { children(&els, p).map(|(_, e)| e.name).collect() };
        assert_eq!(kids(0), ["a", "b", "c"]);
        assert_eq!(kids(1), ["x", "y"]);
        assert_eq!(kids(3), ["z"]);
        assert!(kids(2).is_empty());
        assert!(kids(8).is_empty());
        assert!(kids(99).is_empty());
        assert_eq!(root(&els).map(|(i, e)| (i, e.name)), Some((0, "r")));
    }

    #[test]
    fn text_spans_leave_out_the_whitespace() {
        let text = "<a>\r\n  1.2.3 \r\n</a>";
        let els = parse(text).unwrap();
        let span = text_span(text, &els[0], "a").unwrap();
        assert_eq!(&text[span], "1.2.3");
        let text = "<a><!-- c -->1.2.3</a>";
        let e = text_span(text, &parse(text).unwrap()[0], "<a>").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("markup"), "{e}");
    }

    #[test]
    fn malformed_documents_are_errors_at_their_place() {
        for (text, at, words) in [
            ("<a>\n<b></a>", (2, 4), "closes `<b>` of 2:1"),
            ("<a>\n  <b>", (2, 3), "never closed"),
            ("<a><!-- x </a>", (1, 4), "comment"),
            ("<a x=\"1>\n</a>", (1, 1), "never closed"),
            ("</a>", (1, 1), "closes no element"),
            ("<a>< b</a>", (1, 4), "&lt;"),
            ("<a><![CDATA[x</a>", (1, 4), "CDATA"),
            ("<!DOCTYPE x [", (1, 1), "declaration"),
        ] {
            let e = parse(text).unwrap_err();
            assert_eq!((e.line, e.column), at, "{text:?}: {e}");
            assert!(e.message.contains(words), "{text:?}: {e}");
        }
    }
}
