//! A Markdown file parsed once. pulldown-cmark reads it with one set of options; what the
//! rules need is kept with byte offsets into the original text: a class for every byte
//! (prose, inline code, code block, HTML, …), the headings with their rendered text, the
//! links, the HTML blocks, and the undefined references. Line and column are looked up
//! here for every rule (in an index of the lines, from `textpos`). Bad closing fences are
//! repaired (in a copy of the same length) before parsing, so the rest of the file is read
//! as its author meant it.

use std::ops::Range;

use pulldown_cmark::{BrokenLink, CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};

use crate::textpos::Lines;

/// What a byte of the source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Class {
    /// Markdown syntax: markers, link destinations, list bullets, blank lines.
    Markup = 0,
    /// Rendered text (paragraphs, headings, list items, table cells, link text).
    Prose = 1,
    /// Inside `inline code`, backticks included.
    InlineCode = 2,
    /// A fenced or indented code block, fences included.
    CodeBlock = 3,
    /// Raw HTML (blocks and inline), comments included.
    Html = 4,
    /// Front matter (YAML `---` or TOML `+++` block at the top).
    Meta = 5,
}

/// A heading with its rendered text (what GitHub slugs are made from).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    pub(crate) text: String,
    pub(crate) range: Range<usize>,
}

/// A link or image, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Link {
    /// The destination, as pulldown-cmark resolved it (reference links resolved).
    pub(crate) dest: String,
    /// The whole link in the source.
    pub(crate) range: Range<usize>,
    /// Where its destination is written: after `](` in the link, or in the `[label]: URL`
    /// definition of a reference link (what a reader must change to fix it).
    pub(crate) dest_at: usize,
    pub(crate) image: bool,
    /// Autolinks and bare e-mail links.
    pub(crate) auto: bool,
}

/// A code block: its info string and ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeBlock {
    pub(crate) info: String,
    /// The whole block, fences included.
    pub(crate) range: Range<usize>,
    /// Only the content lines.
    pub(crate) content: Range<usize>,
}

impl CodeBlock {
    /// The block's language: its info string up to a space or the options generators
    /// glue to it (VuePress' `ansi:no-line-numbers`, VitePress' `ts{1,3}`, Docusaurus'
    /// `js,title=x`).
    pub(crate) fn language(&self) -> &str {
        language(&self.info)
    }
}

/// The language of a fence's info string (see `CodeBlock::language`).
pub(crate) fn language(info: &str) -> &str {
    let info = info.trim_start();
    let end = info
        .find(|c: char| c.is_whitespace() || matches!(c, ':' | '{' | ','))
        .unwrap_or(info.len());
    &info[..end]
}

/// A fence problem found before parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FenceIssue {
    /// A "closing" fence with an info string, read by CommonMark as content. `range` covers
    /// the info string (what `--fix` removes); `opened` is the offset of the opening fence.
    InfoOnCloser {
        line_range: Range<usize>,
        info: Range<usize>,
        opened: usize,
        closes_at: Option<usize>,
    },
    /// A fence never closed: `opened` is the offset of the opening fence.
    Unclosed { opened: usize },
}

/// A parsed Markdown file.
#[derive(Debug)]
pub(crate) struct Document {
    /// Root-relative path with `/` separators.
    pub(crate) path: String,
    /// The text as read, a leading BOM removed.
    pub(crate) text: String,
    /// Where each line starts, for line and column lookups.
    lines: Lines,
    classes: Vec<Class>,
    pub(crate) headings: Vec<Heading>,
    pub(crate) links: Vec<Link>,
    pub(crate) code_blocks: Vec<CodeBlock>,
    /// HTML blocks and inline HTML, as ranges.
    pub(crate) html: Vec<Range<usize>>,
    /// `[text][ref]` and `[ref][]` whose reference has no definition: (range, label).
    pub(crate) undefined_refs: Vec<(Range<usize>, String)>,
    pub(crate) fences: Vec<FenceIssue>,
}

impl Document {
    /// Parse `text` (already decoded) for `path`.
    pub(crate) fn parse(path: &str, text: String) -> Document {
        let text = match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        };
        let mdx = std::path::Path::new(path)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("mdx"));
        let text = if mdx && text.contains("export ") {
            blank_exports(text)
        } else {
            text
        };
        let text = if mdx && text.contains("{/*") {
            blank_mdx_comments(text)
        } else {
            text
        };
        let text = if mdx { blank_jsx_tag_lines(text) } else { text };
        let text = if !mdx && has_admonition(&text) {
            open_admonitions(text)
        } else {
            text
        };
        let lines = Lines::new(&text);
        // Front matter only at the very top: a `---` further down is a rule, and what
        // follows it Markdown, whatever `---` comes later (pulldown-cmark would take the
        // two for a Pandoc metadata block, which no site generator reads). It is blanked
        // (offsets hold) for the parse and the fence check, and marked as meta.
        let meta = front_matter(&text);
        let blanked = meta.clone().map(|range| {
            let mut copy = text.clone();
            blank(&mut copy, range);
            copy
        });
        let body = blanked.as_deref().unwrap_or(&text);
        let (repaired, fences) = repair_fences_with(body, lines.starts());
        // Room for every link and heading there may be (each needs a `]` or a `#`), so
        // that the lists are not grown one reallocation at a time.
        let count = |byte: u8| memchr::memchr_iter(byte, text.as_bytes()).count();
        let mut c = Collected {
            classes: vec![Class::Markup; text.len()],
            links: Vec::with_capacity(count(b']')),
            headings: Vec::with_capacity(count(b'#').min(text.len() / 8)),
            ..Collected::default()
        };
        c.read_events(repaired.as_deref().unwrap_or(body));
        if let Some(meta) = meta {
            c.mark(meta, Class::Meta);
        }
        Document {
            path: path.to_string(),
            text,
            lines,
            classes: c.classes,
            headings: c.headings,
            links: c.links,
            code_blocks: c.code_blocks,
            html: c.html,
            undefined_refs: c.undefined_refs,
            fences,
        }
    }
    /// The class of the byte at `offset`.
    pub(crate) fn class_at(&self, offset: usize) -> Class {
        self.classes.get(offset).copied().unwrap_or(Class::Markup)
    }

    /// 1-based line and column (in chars) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.line_col(&self.text, offset)
    }

    /// The text of the 1-based line `line`, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.lines.starts().get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .lines
            .starts()
            .get(line)
            .map_or(self.text.len(), |&e| e);
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// The byte range of the 1-based line `line` (line ending excluded).
    pub(crate) fn line_range(&self, line: usize) -> Range<usize> {
        let Some(&start) = self.lines.starts().get(line.wrapping_sub(1)) else {
            return 0..0;
        };
        let end = self
            .lines
            .starts()
            .get(line)
            .map_or(self.text.len(), |&e| e);
        let text = &self.text[start..end];
        start..start + text.trim_end_matches(['\n', '\r']).len()
    }

    /// The number of lines.
    pub(crate) fn line_count(&self) -> usize {
        self.lines.starts().len()
    }

    /// The folder of this file, root-relative ("" at the root).
    pub(crate) fn dir(&self) -> &str {
        self.path.rfind('/').map_or("", |i| &self.path[..i])
    }

    /// The value of a top-level key of the YAML front matter (`key: value`, quotes
    /// removed), or the items of a block list under it joined by spaces.
    pub(crate) fn front_value(&self, key: &str) -> Option<String> {
        let meta = front_matter(&self.text)?;
        let mut lines = self.text[meta].lines().skip(1);
        while let Some(line) = lines.next() {
            let Some(value) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
                continue;
            };
            let value = value.split(" #").next().unwrap_or("").trim();
            if !value.is_empty() {
                return Some(value.trim_matches(|c| c == '"' || c == '\'').to_string());
            }
            let items: Vec<&str> = lines
                .map_while(|l| l.trim_start().strip_prefix("- "))
                .map(str::trim)
                .collect();
            return (!items.is_empty()).then(|| items.join(" "));
        }
        None
    }
}

/// What one pass over the events collects.
#[derive(Default)]
struct Collected {
    classes: Vec<Class>,
    headings: Vec<Heading>,
    links: Vec<Link>,
    code_blocks: Vec<CodeBlock>,
    html: Vec<Range<usize>>,
    undefined_refs: Vec<(Range<usize>, String)>,
}

impl Collected {
    fn read_events(&mut self, source: &str) {
        let mut undefined: Vec<(Range<usize>, String)> = Vec::new();
        let mut callback = |link: BrokenLink<'_>| {
            if matches!(link.link_type, LinkType::Reference | LinkType::Collapsed) {
                undefined.push((link.span.clone(), link.reference.to_string()));
            }
            None
        };
        let parser = Parser::new_with_broken_link_callback(source, options(), Some(&mut callback));
        // Where each reference definition's destination is written, by label.
        let defs: std::collections::HashMap<String, usize> = parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| (label.to_lowercase(), def_dest(source, &def.span)))
            .collect();
        let mut heading: Option<(u8, usize, String)> = None;
        let mut open_links: Vec<(String, usize, bool, bool, Option<usize>)> = Vec::new();
        let mut block: Option<(String, usize, usize)> = None;
        let mut image_depth = 0usize;
        // In an HTML block: the closing tag of the `<script>` or `<style>` element open
        // there, if one is (code, not text: Vue's `<script setup>`, or a script after the
        // `<div>` it fills, in the same block).
        let mut html_block: Option<Option<&'static [u8]>> = None;
        for (event, range) in parser.into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some((level as u8, range.start, String::new()));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, start, text)) = heading.take() {
                        self.headings.push(Heading {
                            level,
                            text,
                            range: start..range.end,
                        });
                    }
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    id,
                    ..
                }) => {
                    let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    let def = definition(&defs, &id);
                    open_links.push((dest_url.into_string(), range.start, false, auto, def));
                }
                Event::Start(Tag::Image { dest_url, id, .. }) => {
                    image_depth += 1;
                    let def = definition(&defs, &id);
                    open_links.push((dest_url.into_string(), range.start, true, false, def));
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if let Some((dest, start, image, auto, def)) = open_links.pop() {
                        if image {
                            image_depth -= 1;
                        }
                        let whole = start..range.end;
                        let dest_at = def.unwrap_or_else(|| inline_dest(source, &whole));
                        self.links.push(Link {
                            dest,
                            range: whole,
                            dest_at,
                            image,
                            auto,
                        });
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match kind {
                        CodeBlockKind::Fenced(info) => info.into_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    self.mark(range.clone(), Class::CodeBlock);
                    block = Some((info, range.start, usize::MAX));
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((info, start, content_start)) = block.take() {
                        let content_start = content_start.min(range.end);
                        let content_end = content_end(source, start, range.end).max(content_start);
                        self.code_blocks.push(CodeBlock {
                            info,
                            range: start..range.end,
                            content: content_start..content_end,
                        });
                    }
                }
                Event::Text(text) => {
                    if let Some(b) = block.as_mut() {
                        b.2 = b.2.min(range.start);
                    } else {
                        if image_depth == 0 {
                            self.mark(range.clone(), Class::Prose);
                        }
                        if let Some(h) = heading.as_mut() {
                            if image_depth == 0 {
                                h.2.push_str(&text);
                            }
                        }
                    }
                }
                Event::Code(code) => {
                    self.mark(range.clone(), Class::InlineCode);
                    if let Some(h) = heading.as_mut() {
                        h.2.push_str(&code);
                    }
                }
                Event::Start(Tag::HtmlBlock) => html_block = Some(None),
                Event::End(TagEnd::HtmlBlock) => html_block = None,
                Event::Html(_) if html_block.is_some() => {
                    let (parts, open) =
                        script_parts(&source.as_bytes()[range.clone()], html_block.flatten());
                    html_block = Some(open);
                    for (part, code) in parts {
                        let part = range.start + part.start..range.start + part.end;
                        if code {
                            self.mark(part, Class::CodeBlock);
                        } else {
                            self.mark(part.clone(), Class::Html);
                            self.html.push(part);
                        }
                    }
                }
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.mark(range.clone(), Class::Html);
                    self.html.push(range);
                }
                Event::InlineMath(_) | Event::DisplayMath(_) => self.mark(range, Class::InlineCode),
                Event::SoftBreak | Event::HardBreak => {
                    if let Some(h) = heading.as_mut() {
                        h.2.push(' ');
                    }
                }
                _ => {}
            }
        }
        // `[1][Title](url)`: the parser asks for the reference `[1][Title]` before it reads
        // `[Title](url)` as an inline link and `[1]` as text. A link that starts inside
        // the span asked about is what the brackets were.
        // A label that holds an HTML link (`<code>[string, <a href="#x">X</a>][]</code>`, a
        // TypeScript tuple type in Astro's reference) is text in brackets, not a reference
        // someone forgot to define. (`[here][<code>x()</code>]`, a translation's label that
        // no longer matches its definition's, stays one.)
        undefined.retain(|(span, label)| {
            !label.contains("<a ")
                && !self
                    .links
                    .iter()
                    .any(|l| l.range.start > span.start && l.range.start < span.end)
        });
        self.undefined_refs = undefined;
    }
}

/// Parts of a line, each with whether it is code.
type Parts = Vec<(std::ops::Range<usize>, bool)>;

/// A line of an HTML block cut into HTML and the code of `<script>` and `<style>` elements
/// (`true`), given the closing tag of one left open by an earlier line; and the closing tag
/// of one this line leaves open.
fn script_parts(line: &[u8], mut open: Option<&'static [u8]>) -> (Parts, Option<&'static [u8]>) {
    const TAGS: [(&[u8], &[u8]); 2] = [(b"<script", b"</script>"), (b"<style", b"</style>")];
    // Most lines of HTML hold neither element: one look for `<s` tells.
    let tag_start = |n: usize| matches!(line.get(n + 1), Some(b's' | b'S'));
    if open.is_none() && !memchr::memchr_iter(b'<', line).any(tag_start) {
        return (vec![(0..line.len(), false)], None);
    }
    let mut parts = Vec::new();
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        if let Some(close) = open {
            let found = find_ignore_case(rest, close);
            let end = found.map_or(line.len(), |n| at + n + close.len());
            if found.is_some() {
                open = None;
            }
            parts.push((at..end, true));
            at = end;
            continue;
        }
        let next = TAGS
            .iter()
            .filter_map(|&(tag, close)| {
                let mut from = 0;
                while let Some(n) = find_ignore_case(&rest[from..], tag) {
                    let after = rest.get(from + n + tag.len()).copied();
                    if matches!(after, Some(b'>' | b' ' | b'\t' | b'\n' | b'\r') | None) {
                        return Some((from + n, close));
                    }
                    from += n + tag.len();
                }
                None
            })
            .min_by_key(|&(n, _)| n);
        let Some((n, close)) = next else {
            parts.push((at..line.len(), false));
            break;
        };
        if n > 0 {
            parts.push((at..at + n, false));
        }
        at += n;
        open = Some(close);
    }
    (parts, open)
}

/// Where `needle` (ASCII, starting with `<`) first occurs in `hay`, whatever the case of
/// its letters.
fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b'<', hay).find(|&n| {
        hay.get(n..n + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
    })
}

/// Where the definition of a reference link's label writes its destination (an inline link
/// has no label).
fn definition(defs: &std::collections::HashMap<String, usize>, id: &str) -> Option<usize> {
    if id.is_empty() || defs.is_empty() {
        return None;
    }
    defs.get(&id.to_lowercase()).copied()
}

/// Where an inline link's destination starts: after the last `](` of the link, skipping
/// spaces and `<`; the link's start when there is none (autolinks).
fn inline_dest(source: &str, link: &Range<usize>) -> usize {
    let text = &source[link.clone()];
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    let last = loop {
        match memchr::memrchr(b']', &bytes[..end]) {
            Some(i) if bytes.get(i + 1) == Some(&b'(') => break Some(i),
            Some(i) => end = i,
            None => break None,
        }
    };
    last.map_or(link.start, |i| after_marker(text, link.start, i + 2))
}

/// The offset in the source where the URL after a `](` or `]:` ending at `at` (in `text`,
/// which starts at `base`) begins: past spaces, line breaks and a `<`.
fn after_marker(text: &str, base: usize, at: usize) -> usize {
    let rest = &text[at..];
    base + at + (rest.len() - rest.trim_start_matches([' ', '\t', '\n', '<']).len())
}

/// Where a `[label]: URL` definition's URL starts.
fn def_dest(source: &str, span: &Range<usize>) -> usize {
    let end = span.end.min(source.len());
    let text = source.get(span.start..end).unwrap_or("");
    text.find("]:")
        .map_or(span.start, |i| after_marker(text, span.start, i + 2))
}

/// The end of a fenced block's content: the start of its closing fence line, if any.
fn content_end(source: &str, start: usize, end: usize) -> usize {
    let block = &source[start..end];
    let trimmed = block.trim_end_matches(['\n', '\r']);
    let last_line_start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let last = trimmed[last_line_start..].trim_start();
    if last_line_start > 0 && (last.starts_with("```") || last.starts_with("~~~")) {
        start + last_line_start
    } else {
        end
    }
}

impl Collected {
    fn mark(&mut self, range: Range<usize>, class: Class) {
        let end = range.end.min(self.classes.len());
        if range.start < end {
            self.classes[range.start..end].fill(class);
        }
    }
}

/// An MDX page with the lines that hold only a component's tag blanked out (spaces, line
/// ends kept): `<Tabs>`, `  <Fragment slot="npm">`, `</Tabs>`. MDX keeps
/// such an element open across blank lines and reads what it holds as Markdown; CommonMark
/// would read the tag as an HTML block that a blank line ends, and an indented fence
/// inside it would then open where it closes, taking the rest of the page for code. Tags
/// inside a fenced code block are code, and stay.
fn blank_jsx_tag_lines(mut text: String) -> String {
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
    // Fence lines indented four columns or more, to move to the start of their line.
    let mut fences: Vec<std::ops::Range<usize>> = Vec::new();
    let mut open: Option<(u8, usize)> = None;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let t = body.trim();
        let name = t
            .strip_prefix("</")
            .or_else(|| t.strip_prefix('<'))
            .unwrap_or("");
        let component = name.starts_with(|c: char| c.is_ascii_uppercase()) || name.starts_with('>');
        let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
        let columns = body[..lead].bytes().fold(0, |col, b| {
            if b == b'\t' {
                col + 4 - col % 4
            } else {
                col + 1
            }
        });
        let rest = &body[lead..];
        match open {
            Some((marker, len)) => {
                if crate::text::closes_fence(rest, marker, len) {
                    open = None;
                    if columns >= 4 {
                        fences.push(at..at + body.len());
                    }
                }
            }
            None => {
                if let Some(fence) = crate::text::fence(rest.as_bytes()) {
                    open = Some(fence);
                    if columns >= 4 {
                        fences.push(at..at + body.len());
                    }
                } else if component
                    && t.ends_with('>')
                    && !t.ends_with("/>")
                    && t.matches('<').count() == 1
                {
                    // A self-closing element holds nothing, and may give the page an id
                    // (`<HiddenHeading id="x" />`): it stays.
                    ranges.push(at..at + body.len());
                }
            }
        }
        at += line.len();
    }
    for range in ranges {
        blank(&mut text, range);
    }
    // MDX reads no indented code: a fence inside an element (`    ```ts` under a tab item)
    // is a fence, which CommonMark would take for indented code. Its indentation goes to
    // the end of the line as spaces (offsets hold; a tab there would be an info string).
    for range in fences {
        let line = &text[range.clone()];
        let lead = line.len() - line.trim_start_matches([' ', '\t']).len();
        let moved = format!("{}{}", &line[lead..], " ".repeat(lead));
        text.replace_range(range, &moved);
    }
    text
}

/// The parser options every reader of Markdown uses (GitHub-flavoured, front matter aware).
/// An MDX page with its `export` blocks blanked out (spaces, line ends kept): ESM, which MDX
/// hands to JavaScript, not Markdown. A block starts with `export ` at the start of a line
/// outside code and runs to the first blank line where its JavaScript is complete (MDX
/// parses it with acorn, so a function may hold blank lines, and a template literal may
/// hold fences and escape characters).
fn blank_exports(mut text: String) -> String {
    let bytes = text.as_bytes();
    let mut blocks: Vec<(usize, usize)> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut js = Js::default();
    let mut open: Option<usize> = None;
    let mut after_blank = true;
    // In a JSX attribute's template literal (`src={` then a backtick, its end lines below):
    // an `export` line there is the string's text (react-native-gesture-handler's
    // `<CollapsibleCode src={…}/>` showing TypeScript).
    let mut attribute: Option<Js> = None;
    let mut at = 0;
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let line = &bytes[at..end];
        if let Some(literal) = attribute.as_mut() {
            literal.scan(line);
            if !literal.template {
                attribute = None;
            }
        } else if let Some(start) = open {
            if line.iter().all(u8::is_ascii_whitespace) && js.complete() {
                blocks.push((start, at));
                open = None;
            } else {
                js.scan(line);
            }
        } else if in_mdx_fence(line, &mut fence) {
            // Code: neither ESM nor JSX.
        } else if line.starts_with(b"export ") && after_blank {
            // (A flow construct: it cannot interrupt a paragraph.)
            open = Some(at);
            js = Js::default();
            js.scan(line);
        } else if let Some(i) = memchr::memmem::find(line, b"={`")
            // Not in a code span (`` `code={`x`}` `` in prose).
            .filter(|&i| unescaped_backticks(&line[..i]).is_multiple_of(2))
        {
            let mut literal = Js {
                template: true,
                ..Js::default()
            };
            literal.scan(&line[i + 3..]);
            attribute = literal.template.then_some(literal);
        }
        after_blank = line.iter().all(u8::is_ascii_whitespace);
        at = end;
    }
    if let Some(start) = open {
        blocks.push((start, bytes.len()));
    }
    for (start, end) in blocks {
        blank(&mut text, start..end);
    }
    text
}

/// How a line opens an admonition, a details block or a tab.
const ADMONITIONS: [&str; 4] = ["!!! ", "??? ", "???+ ", "=== \""];

/// Whether a line of `text` opens an admonition, a details block or a tab (`!!! `, `??? `,
/// `=== "`): only the lines that start with `!`, `?` or `=` are looked at.
fn has_admonition(text: &str) -> bool {
    let bytes = text.as_bytes();
    std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .any(|at| {
            matches!(bytes.get(at), Some(b'!' | b'?' | b'='))
                && ADMONITIONS
                    .iter()
                    .any(|m| bytes[at..].starts_with(m.as_bytes()))
        })
}

/// A page with the bodies of Python-Markdown's admonitions (`!!! note`), pymdownx.details
/// (`??? note`) and pymdownx.tabbed (`=== "Tab"`) read as Markdown: their lines are indented
/// four spaces, which CommonMark takes for a code block once a blank line comes first
/// (sing-box's `!!! note` then a blank line then a paragraph of links). Each body line gives
/// one space of its indentation to its end (offsets hold; its columns move by one).
fn open_admonitions(mut text: String) -> String {
    let opener = |line: &str| ADMONITIONS.iter().any(|m| line.starts_with(m));
    let mut moves: Vec<usize> = Vec::new();
    let mut body = false;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if opener(content) {
            body = true;
        } else if body && !content.trim().is_empty() {
            if content.starts_with("    ") {
                moves.push(at);
            } else {
                body = false;
            }
        }
        at += line.len();
    }
    for start in moves {
        let end = text[start..]
            .find(['\n', '\r'])
            .map_or(text.len(), |n| start + n);
        text.replace_range(start..end, &format!("{} ", &text[start + 1..end]));
    }
    text
}

/// Whether `line` of an MDX page opens, continues or closes a fenced code block, with
/// `fence` (the open fence's marker and length) carried from line to line. MDX reads no
/// indented code: a fence may be indented any depth.
fn in_mdx_fence(line: &[u8], fence: &mut Option<(u8, usize)>) -> bool {
    if let Some((marker, len)) = *fence {
        let body = std::str::from_utf8(line).unwrap_or("");
        if crate::text::closes_fence(body.trim_start_matches([' ', '\t']), marker, len) {
            *fence = None;
        }
        return true;
    }
    *fence = crate::text::fence(line.trim_ascii_start());
    fence.is_some()
}

/// How many backticks `line` holds that no backslash escapes (an even run of backslashes
/// before one escapes only itself).
fn unescaped_backticks(line: &[u8]) -> usize {
    memchr::memchr_iter(b'`', line)
        .filter(|&i| {
            line[..i]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count()
                .is_multiple_of(2)
        })
        .count()
}

/// An MDX page with its comments (`{/* … */}`, an expression holding only a comment, which
/// renders nothing) blanked out, outside fenced code; one may span lines.
fn blank_mdx_comments(mut text: String) -> String {
    let bytes = text.as_bytes();
    let mut comments: Vec<Range<usize>> = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut at = 0;
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
        let line = &bytes[at..end];
        if in_mdx_fence(line, &mut fence) {
            at = end;
            continue;
        }
        let Some(open) = memchr::memmem::find(line, b"{/*").map(|i| at + i) else {
            at = end;
            continue;
        };
        // The comment's end, then the expression's closing brace.
        let close = memchr::memmem::find(&bytes[open + 3..], b"*/")
            .map(|i| open + 3 + i + 2)
            .and_then(|after| {
                let rest = &bytes[after..];
                let gap = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
                (rest.get(gap) == Some(&b'}')).then_some(after + gap + 1)
            });
        let Some(close) = close else {
            at = end;
            continue;
        };
        comments.push(open..close);
        // Go on after the comment (its own line's rest included).
        at = close;
    }
    for range in comments {
        blank(&mut text, range);
    }
    text
}

/// Enough of JavaScript's lexical state to tell where a statement ends: brackets open,
/// and whether a string, template literal or block comment is.
#[derive(Default)]
struct Js {
    depth: i64,
    template: bool,
    comment: bool,
}

impl Js {
    fn complete(&self) -> bool {
        self.depth <= 0 && !self.template && !self.comment
    }

    fn scan(&mut self, line: &[u8]) {
        let mut quote: Option<u8> = None;
        let mut i = 0;
        while i < line.len() {
            let b = line[i];
            let next = line.get(i + 1).copied();
            if self.comment {
                if b == b'*' && next == Some(b'/') {
                    self.comment = false;
                    i += 1;
                }
            } else if self.template {
                match b {
                    b'\\' => i += 1,
                    b'`' => self.template = false,
                    _ => {}
                }
            } else if let Some(q) = quote {
                match b {
                    b'\\' => i += 1,
                    _ if b == q => quote = None,
                    _ => {}
                }
            } else {
                match b {
                    b'/' if next == Some(b'/') => return,
                    b'/' if next == Some(b'*') => {
                        self.comment = true;
                        i += 1;
                    }
                    b'\'' | b'"' => quote = Some(b),
                    b'`' => self.template = true,
                    b'{' | b'[' | b'(' => self.depth += 1,
                    b'}' | b']' | b')' => self.depth -= 1,
                    _ => {}
                }
            }
            i += 1;
        }
    }
}

/// The front matter at the top of `text`: a first line `---` (or `+++`), a line that is
/// not blank, and everything up to the closing line (`---` or `...`; `+++`), as
/// pulldown-cmark's metadata blocks read it, but only there.
fn front_matter(text: &str) -> Option<Range<usize>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    let mark = first.trim_end();
    if mark != "---" && mark != "+++" {
        return None;
    }
    let mut at = first.len();
    for (k, line) in lines.enumerate() {
        let t = line.trim_end();
        if k == 0 && t.is_empty() {
            return None;
        }
        at += line.len();
        if t == mark || (mark == "---" && t == "...") {
            return Some(0..at);
        }
    }
    None
}

/// `range` of `text` made spaces, its line ends kept (so that offsets hold).
fn blank(text: &mut String, range: Range<usize>) {
    let mut blanked = String::with_capacity(range.len());
    for c in text[range.clone()].chars() {
        match c {
            '\n' | '\r' => blanked.push(c),
            _ => blanked.extend(std::iter::repeat_n(' ', c.len_utf8())),
        }
    }
    text.replace_range(range, &blanked);
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// A fence line: indentation (≤ 3 spaces), the fence char, its count, and the info string's range.
fn fence_line(line: &str) -> Option<(char, usize, Range<usize>)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let ch = rest.chars().next()?;
    if ch != '`' && ch != '~' {
        return None;
    }
    let count = rest.len() - rest.trim_start_matches(ch).len();
    if count < 3 {
        return None;
    }
    let info_start = indent + count;
    let info = line[info_start..].trim_end_matches(['\r', '\n']);
    if ch == '`' && info.contains('`') {
        return None;
    }
    let lead = info.len() - info.trim_start().len();
    let info_trimmed = info.trim();
    let start = info_start + lead;
    Some((ch, count, start..start + info_trimmed.len()))
}

/// `repair_fences`, skipped outright for a text with no fence at all.
fn repair_fences_with(text: &str, line_starts: &[usize]) -> (Option<String>, Vec<FenceIssue>) {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"```").is_none()
        && memchr::memmem::find(bytes, b"~~~").is_none()
    {
        return (None, Vec::new());
    }
    repair_fences_in_lines(text, line_starts)
}

/// Find fences closed by a fence with an info string, and fences never closed. Returns the
/// text with each such info string blanked out (same length, so offsets hold), when any.
///
/// A line scan proposes the author's reading (a fence with an info string closes the open
/// block when it could close it but for the info string). Only when it finds something is
/// the file parsed to check it: each repaired closer must be code content as CommonMark reads
/// the original, must close a block once repaired, and the repair must not leave open a block
/// that CommonMark's reading closes. Otherwise the repair is dropped and CommonMark's reading
/// stands. Either way, a block running to the end of the file is reported as unclosed. This
/// keeps a block that legitimately shows an opening fence (```` ```python ```` as content)
/// clean.
pub(crate) fn repair_fences(text: &str) -> (Option<String>, Vec<FenceIssue>) {
    repair_fences_in_lines(text, Lines::new(text).starts())
}

/// `repair_fences`, given the offsets where the lines start.
fn repair_fences_in_lines(text: &str, line_starts: &[usize]) -> (Option<String>, Vec<FenceIssue>) {
    let (closers, unclosed) = scan_fences(text, line_starts);
    if closers.is_empty() && !unclosed {
        return (None, Vec::new());
    }
    let original = fenced_blocks(text);
    let left_open: Vec<usize> = original
        .iter()
        .filter(|b| b.to_end)
        .map(|b| b.range.start)
        .collect();
    if !closers.is_empty() {
        let mut bytes = text.as_bytes().to_vec();
        for c in &closers {
            bytes[c.info.clone()].fill(b' ');
        }
        // Blanking ASCII-bounded ranges of whole chars keeps UTF-8 valid.
        if let Ok(repaired) = String::from_utf8(bytes) {
            let after = fenced_blocks(&repaired);
            // A block the repair leaves open must have been open before it: the repair
            // may not make things worse.
            // (A block left open after the repair is no worse when CommonMark's reading
            // already ran a block to the end from before it.)
            let holds = after
                .iter()
                .all(|b| !b.to_end || left_open.iter().any(|&o| o <= b.range.start))
                && closers.iter().all(|c| {
                    let line = c.line_range.start;
                    holding(&original, line).is_some() && closing(&after, line).is_some()
                });
            if holds {
                let mut issues: Vec<FenceIssue> = closers
                    .into_iter()
                    .map(|c| {
                        let line = c.line_range.start;
                        // Ended by its list item or blockquote, or else by the next fence
                        // that could close it.
                        let closes_at = match holding(&original, line) {
                            Some(b) if !b.closed && !b.to_end => Some(b.last_line),
                            _ => c.runs_to,
                        };
                        FenceIssue::InfoOnCloser {
                            line_range: c.line_range,
                            info: c.info,
                            opened: c.opened,
                            closes_at,
                        }
                    })
                    .collect();
                issues.extend(
                    after
                        .iter()
                        .filter(|b| b.to_end)
                        .map(|b| FenceIssue::Unclosed {
                            opened: b.range.start,
                        }),
                );
                return (Some(repaired), issues);
            }
        }
    }
    let issues = left_open
        .into_iter()
        .map(|opened| FenceIssue::Unclosed { opened })
        .collect();
    (None, issues)
}

/// A closing fence with an info string, as the line scan reads it.
struct Closer {
    line_range: Range<usize>,
    info: Range<usize>,
    opened: usize,
    /// The next fence without an info string that would close the block if this one does
    /// not (the start of its line).
    runs_to: Option<usize>,
}

/// Whether a line may be a fence once `strip_containers` has read it: what comes before a
/// fence (indentation, `>` markers, list markers) is only spaces, `>`, digits, `.`, `)`, `-`,
/// `*` and `+`, so the first other byte must start ``` or ~~~.
fn may_be_fence(line: &[u8]) -> bool {
    let start = line.iter().position(|b| {
        !matches!(
            b,
            b' ' | b'>' | b'0'..=b'9' | b'.' | b')' | b'-' | b'*' | b'+'
        )
    });
    start.is_some_and(|i| {
        let rest = &line[i..];
        rest.starts_with(b"```") || rest.starts_with(b"~~~")
    })
}

/// The line scan: the closers with info strings, and whether a block is left open at the end.
fn scan_fences(text: &str, line_starts: &[usize]) -> (Vec<Closer>, bool) {
    let mut closers: Vec<Closer> = Vec::new();
    // Closers waiting for a plain fence: (index in closers, char, count of their opener).
    let mut waiting: Vec<(usize, char, usize)> = Vec::new();
    // (char, count, offset of the opening fence)
    let mut open: Option<(char, usize, usize)> = None;
    // Only lines whose first bytes may lead to ``` or ~~~ can be fences: visit those.
    for (k, &offset) in line_starts.iter().enumerate() {
        let line_end = line_starts.get(k + 1).copied().unwrap_or(text.len());
        if !may_be_fence(&text.as_bytes()[offset..line_end]) {
            continue;
        }
        let line = &text[offset..line_end];
        let stripped = strip_containers(line);
        let base = offset + (line.len() - stripped.len());
        if let Some((ch, count, info)) = fence_line(stripped) {
            if info.is_empty() && !waiting.is_empty() {
                waiting.retain(|&(i, wc, wn)| {
                    let resolved = wc == ch && count >= wn;
                    if resolved {
                        closers[i].runs_to = Some(offset);
                    }
                    !resolved
                });
            }
            match open {
                None => open = Some((ch, count, base)),
                Some((oc, on, opened)) if ch == oc && count >= on => {
                    if !info.is_empty() {
                        // Bounded, so that a file of nothing but bad closers stays linear.
                        if waiting.len() < 64 {
                            waiting.push((closers.len(), oc, on));
                        }
                        closers.push(Closer {
                            line_range: offset..offset + line.trim_end_matches(['\n', '\r']).len(),
                            info: base + info.start..base + info.end,
                            opened,
                            runs_to: None,
                        });
                    }
                    open = None;
                }
                Some(_) => {}
            }
        }
    }
    (closers, open.is_some())
}

/// A fenced code block as CommonMark reads a text.
struct FencedBlock {
    /// From the opening fence to the end of the block.
    range: Range<usize>,
    /// Whether a closing fence ends it (rather than the end of its container or the file).
    closed: bool,
    /// The offset of the start of its last line.
    last_line: usize,
    /// Not closed, and nothing but white space after it: it runs to the end of the file.
    to_end: bool,
}

impl FencedBlock {
    /// Whether the line starting at `line` is content of this block.
    fn holds_content(&self, line: usize) -> bool {
        self.range.start < line && line < self.range.end && !(self.closed && line == self.last_line)
    }
}

/// The block (in document order, so found by bisection) holding the line at `line` as content.
fn holding(blocks: &[FencedBlock], line: usize) -> Option<&FencedBlock> {
    let i = blocks.partition_point(|b| b.range.start < line);
    blocks[..i].last().filter(|b| b.holds_content(line))
}

/// The block closed by a fence on the line at `line`.
fn closing(blocks: &[FencedBlock], line: usize) -> Option<&FencedBlock> {
    let i = blocks.partition_point(|b| b.last_line < line);
    blocks.get(i).filter(|b| b.closed && b.last_line == line)
}

fn fenced_blocks(text: &str) -> Vec<FencedBlock> {
    let mut blocks = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if !matches!(
            event,
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))
        ) {
            continue;
        }
        let block = &text[range.clone()];
        let trimmed = block.trim_end_matches(['\n', '\r']);
        let last = trimmed.rfind('\n').map_or(0, |i| i + 1);
        let opener = fence_line(&block[..block.find('\n').unwrap_or(block.len())]);
        let closed = last > 0
            && opener.is_some_and(|(oc, on, _)| {
                fence_line(strip_containers(&trimmed[last..]))
                    .is_some_and(|(ch, n, info)| ch == oc && n >= on && info.is_empty())
            });
        let to_end = !closed && text[range.end..].trim().is_empty();
        blocks.push(FencedBlock {
            last_line: range.start + last,
            range,
            closed,
            to_end,
        });
    }
    blocks
}

/// Strip blockquote markers, a list marker and list indentation enough to see a fence inside
/// them: `> ```sh`, `- ```sh`, `1. ```sh`, and a fence indented under a bullet.
fn strip_containers(line: &str) -> &str {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        if rest.len() - trimmed.len() <= 3 {
            if let Some(after) = trimmed.strip_prefix('>') {
                rest = after.strip_prefix(' ').unwrap_or(after);
                continue;
            }
        }
        break;
    }
    let trimmed = rest.trim_start_matches(' ');
    let is_fence = |s: &str| s.starts_with("```") || s.starts_with("~~~");
    // A list item that starts with a fence: `- ```sh`, `1. ```sh`, `2) ~~~`.
    let digits = trimmed.len()
        - trimmed
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    let marker = match trimmed.as_bytes().get(digits) {
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        _ => 0,
    };
    if marker > 0 {
        let after = &trimmed[marker..];
        let content = after.trim_start_matches(' ');
        if after.len() > content.len() && is_fence(content) {
            return content;
        }
    }
    // List items indent their content; a fence under a bullet is indented by the marker width.
    let indent = rest.len() - trimmed.len();
    if indent > 3 && is_fence(trimmed) {
        return trimmed;
    }
    rest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_prose_code_and_html() {
        let doc = Document::parse(
            "a.md",
            "Hello `code` <b>x</b>\n\n```sh\nrun\n```\n".to_string(),
        );
        assert_eq!(doc.class_at(0), Class::Prose);
        assert_eq!(doc.class_at(7), Class::InlineCode);
        assert_eq!(doc.class_at(13), Class::Html);
        let run = doc.text.find("run").unwrap();
        assert_eq!(doc.class_at(run), Class::CodeBlock);
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(doc.code_blocks[0].info, "sh");
        assert_eq!(&doc.text[doc.code_blocks[0].content.clone()], "run\n");
    }

    #[test]
    fn headings_render_text_and_code() {
        let doc = Document::parse(
            "a.md",
            "# The `relman` **tool**\n\nSetext\n===\n".to_string(),
        );
        assert_eq!(doc.headings[0].text, "The relman tool");
        assert_eq!(doc.headings[1].text, "Setext");
        assert_eq!(doc.headings[1].level, 1);
    }

    #[test]
    fn links_and_undefined_references() {
        let refs = |doc: &Document| -> Vec<String> {
            doc.undefined_refs.iter().map(|(_, r)| r.clone()).collect()
        };
        let text =
            "[a](x.md#y) ![i](img.png) [r][def] [u][nope] [c][] <https://e.com>\n\n[def]: z.md\n";
        let doc = Document::parse("d/a.md", text.to_string());
        let dests: Vec<&str> = doc.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["x.md#y", "img.png", "z.md", "https://e.com"]);
        assert!(doc.links[1].image);
        assert!(doc.links[3].auto);
        assert_eq!(refs(&doc), ["nope", "c"]);
        assert_eq!(doc.dir(), "d");
        // `[1][Title ](url)` is the text `[1]` and an inline link (volcano-sh's references),
        // while `[1][gone]` alone is an undefined reference.
        let cited = Document::parse("a.md", "[1][Title ](https://e.com/p) [2][gone]\n".into());
        assert_eq!(refs(&cited), ["gone"]);
        assert_eq!(cited.links[0].dest, "https://e.com/p");
        let tuple = Document::parse(
            "a.mdx",
            "<code>[string, <a href=\"#meta\">Meta</a>][]</code> [here][<code>x()</code>]\n".into(),
        );
        assert_eq!(refs(&tuple), ["<code>x()</code>"]);
    }

    #[test]
    fn line_col_counts_chars() {
        let doc = Document::parse("a.md", "ab\nçé x\r\nz".to_string());
        assert_eq!(doc.line_col(0), (1, 1));
        let x = doc.text.find('x').unwrap();
        assert_eq!(doc.line_col(x), (2, 4));
        assert_eq!(doc.line_text(2), "çé x");
        assert_eq!(doc.line_col(doc.text.len()), (3, 2));
    }

    #[test]
    fn bad_closer_before_a_fence_left_open_is_still_repaired() {
        let text =
            "# T\n\n```sh\necho hi\n```text\n\nSee [x](missing.md).\n\n```bash\nnever closed\n";
        let doc = Document::parse("a.md", text.to_string());
        assert_eq!(doc.fences.len(), 2, "{:?}", doc.fences);
        assert!(matches!(doc.fences[0], FenceIssue::InfoOnCloser { .. }));
        assert!(matches!(doc.fences[1], FenceIssue::Unclosed { .. }));
        assert_eq!(doc.links.len(), 1, "the rest is linted as the author meant");
    }

    #[test]
    fn columns_far_into_a_long_line() {
        let line = "é".repeat(3000) + "x" + &"ü".repeat(3000);
        let doc = Document::parse("a.md", format!("# T\n{line}\n"));
        let x = doc.text.find('x').unwrap();
        assert_eq!(doc.line_col(x), (2, 3001));
        assert_eq!(doc.line_col(doc.text.len() - 1), (2, 6002));
    }

    #[test]
    fn an_mdx_components_tags_do_not_end_what_they_hold() {
        // withastro/docs: a fence inside `<Tabs>` with a blank line in it; the headings
        // after the element are headings.
        let page = "See [dev](#astro-dev).\n\n<Tabs>\n  <Fragment slot=\"npm\">\n  ```shell\n  npm run dev\n\n  npm run build\n  ```\n  </Fragment>\n</Tabs>\n\n## `astro dev`\n\nText.\n";
        let doc = Document::parse("docs/a.mdx", page.to_string());
        let headings: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(headings, ["astro dev"]);
        assert_eq!(doc.code_blocks.len(), 1);
        assert_eq!(doc.text.len(), page.len(), "offsets hold");
        // An `export` line inside an indented fence is the code's, not an ESM block.
        let export = "<Tabs>\n  <Fragment slot=\"jsx\">\n    ```jsx\n    const A = 1;\n\nexport default A;\n    ```\n  </Fragment>\n</Tabs>\n\n## After\n";
        let doc = Document::parse("docs/c.mdx", export.to_string());
        let headings: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(headings, ["After"]);
        // A fence indented four columns or more (a tab item's) is a fence in MDX.
        let tabs = "<Tabs>\n  <TabItem label=\"a\">\n  \t```astro\n    <p>x</p>\n    ```\n  </TabItem>\n  <TabItem label=\"b\">\n    ```ts\n    let a = 1;\n\n    let b = 2;\n  ```\n  </TabItem>\n</Tabs>\n\n### `locals`\n\n```md\n<Tabs>\n```\n";
        let doc = Document::parse("docs/b.mdx", tabs.to_string());
        let headings: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(headings, ["locals"]);
        // biome's tabs, indented with tabs, before other fences: none is taken for broken.
        let biome = "<Tabs>\n\t<TabItem label=\"npm\">\n\t\t```shell\n\t\tnpx x\n\t\t```\n\t</TabItem>\n</Tabs>\n\n## Commands\n\n```shell\nbiome check\n```\n\n## Flags\n";
        let cli = Document::parse("docs/cli.mdx", biome.to_string());
        let titles: Vec<&str> = cli.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(titles, ["Commands", "Flags"]);
        assert!(cli.fences.is_empty(), "{:?}", cli.fences);
        assert_eq!(doc.code_blocks.len(), 3, "{:?}", doc.code_blocks);
        assert!(
            doc.text.contains("```md\n<Tabs>\n```"),
            "code stays as written"
        );
        // In Markdown the same page keeps its HTML blocks.
        let md = Document::parse("docs/a.md", page.to_string());
        assert!(md.headings.is_empty(), "CommonMark takes the rest for code");
    }

    #[test]
    fn a_script_inside_an_html_block_is_code_from_its_opening_tag_to_its_closing_one() {
        // kubeflow's events page: the `<script>` follows the `<div>` it fills, with no blank
        // line, so CommonMark reads both as one HTML block.
        let text = "Intro.\n\n<div id=\"c\"></div>\n<script type=\"text/javascript\">\nconst h = `${tz}`;\n</script><p>after</p>\n";
        let doc = Document::parse("a.md", text.to_string());
        let at = |s: &str| doc.class_at(text.find(s).unwrap());
        assert_eq!(at("<div"), Class::Html);
        assert_eq!(at("<script"), Class::CodeBlock);
        assert_eq!(at("${tz}"), Class::CodeBlock);
        assert_eq!(at("</script>"), Class::CodeBlock);
        assert_eq!(at("<p>after"), Class::Html);
        // A block opened by `<style>` is code to its end, as before.
        let style = "<style>\n.a { color: red }\n</style>\n";
        let doc = Document::parse("a.md", style.to_string());
        assert_eq!(doc.class_at(style.find(".a").unwrap()), Class::CodeBlock);
        // `<scripts>` is no script.
        let other = "<div>\n<scripts>${x}</scripts>\n</div>\n";
        let doc = Document::parse("a.md", other.to_string());
        assert_eq!(doc.class_at(other.find("${x}").unwrap()), Class::Html);
    }

    #[test]
    fn script_parts_cut_a_line_and_carry_the_open_element() {
        let (parts, open) = script_parts(b"<p>a</p><SCRIPT>x", None);
        assert_eq!(parts, vec![(0..8, false), (8..17, true)]);
        assert_eq!(open, Some(&b"</script>"[..]));
        let (parts, open) = script_parts(b"y</script> z", open);
        assert_eq!(parts, vec![(0..10, true), (10..12, false)]);
        assert_eq!(open, None);
    }

    #[test]
    fn an_mdx_export_block_is_javascript_not_markdown() {
        // nextra's docs: an `export async function` whose template literal builds Markdown
        // (a fence, colour escapes) for compileMdx, with a blank line inside the function.
        let page = "# Guide\n\nexport async function Demo() {\n  const raw = `\n~~~md\n\u{1b}[0;2mx\n`\n\n  return <pre>{raw}</pre>\n}\n\n## After\n\nText `export x` and\nexport is a word here.\n";
        let doc = Document::parse("app/page.mdx", page.to_string());
        assert_eq!(doc.text.len(), page.len());
        assert!(!doc.text.contains('\u{1b}') && !doc.text.contains("~~~"));
        assert!(doc.code_blocks.is_empty(), "{:?}", doc.code_blocks);
        assert_eq!(doc.headings.len(), 2);
        // Prose after the block is kept, and so is `export` within a paragraph.
        assert!(doc.text.contains("export is a word here."));
        // In a plain Markdown page nothing is blanked.
        let md = Document::parse("a.md", page.to_string());
        assert!(md.text.contains('\u{1b}'));
    }

    #[test]
    fn an_export_line_in_a_jsx_attribute_s_template_literal_is_its_text() {
        // react-native-gesture-handler: TypeScript shown by `<CollapsibleCode src={…}/>`.
        let page = "## GestureEvent\n\n<CollapsibleCode\nsrc={`\ntype A = number;\n\nexport type GestureEvent = {\n  tag: number;\n};\n`}/>\n\n## TouchEvent\n\nText.\n\nexport const x = 1;\n\n## Last\n";
        let doc = Document::parse("docs/events.mdx", page.to_string());
        let titles: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(titles, ["GestureEvent", "TouchEvent", "Last"]);
        // The real export block after it is still blanked.
        assert!(!doc.text.contains("const x"));
        // `={` then a backtick in a code span is no attribute; an export whose own line
        // opens one is still an export block.
        for page in [
            "Pass `code={`x`}` to it.\n\nexport const md = `\n## Not a heading\n`\n\n## After\n",
            "export const Demo = () => <Code src={`\n## Not a heading\n`} />\n\n## After\n",
        ] {
            let doc = Document::parse("docs/a.mdx", page.to_string());
            let titles: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
            assert_eq!(titles, ["After"], "{page}");
        }
        assert_eq!(unescaped_backticks(b"a \\` b \\\\` c"), 1);
    }

    #[test]
    fn an_admonition_s_body_is_markdown_after_a_blank_line_too() {
        // sing-box (Material for MkDocs): links in a `!!! note` body after a blank line.
        let page = "# Legacy\n\n!!! note\n\n    Another [x](/a/#b) and [y](c.md).\n\n    ```yaml\n    k: v\n    ```\n\nAfter.\n\n    indented code\n";
        let doc = Document::parse("docs/a.md", page.to_string());
        assert_eq!(doc.text.len(), page.len());
        let dests: Vec<&str> = doc.links.iter().map(|l| l.dest.as_str()).collect();
        assert_eq!(dests, ["/a/#b", "c.md"]);
        // The fence in the body is a fence, and code outside every body stays code.
        assert_eq!(doc.code_blocks.len(), 2, "{:?}", doc.code_blocks);
        assert_eq!(
            doc.class_at(page.find("indented").unwrap()),
            Class::CodeBlock
        );
        assert_eq!(doc.class_at(page.find("Another").unwrap()), Class::Prose);
    }

    #[test]
    fn an_mdx_comment_renders_nothing() {
        // terragrunt: a commented-out example of front matter, `---` included.
        let page = "# Changelog\n\n{/*\nversion: \"v1.2.3\"\n---\n[x](missing.md)\n*/}\n\nText {/* inline */} here.\n\n```mdx\n{/* shown */}\n```\n";
        let doc = Document::parse("a.mdx", page.to_string());
        assert_eq!(doc.text.len(), page.len());
        assert!(!doc.text.contains("missing.md") && !doc.text.contains("inline"));
        assert!(
            doc.links.is_empty() && doc.headings.len() == 1,
            "{:?}",
            doc.headings
        );
        assert!(doc.text.contains("Text ") && doc.text.contains("{/* shown */}"));
        // Markdown has no such comments.
        assert!(Document::parse("a.md", page.to_string())
            .text
            .contains("missing.md"));
    }

    #[test]
    fn bad_closer_is_repaired_and_reported() {
        let text = "```text\na\n```text\n\nAfter `x.md`.\n";
        let doc = Document::parse("a.md", text.to_string());
        assert_eq!(doc.fences.len(), 1);
        let after = doc.text.find("After").unwrap();
        assert_eq!(
            doc.class_at(after),
            Class::Prose,
            "the rest is read as the author meant"
        );
        let FenceIssue::InfoOnCloser { info, opened, .. } = &doc.fences[0] else {
            panic!()
        };
        assert_eq!(&doc.text[info.clone()], "text");
        assert_eq!(*opened, 0);
    }

    #[test]
    fn unclosed_fence_is_reported() {
        let doc = Document::parse("a.md", "text\n\n~~~\ncode\n".to_string());
        assert_eq!(doc.fences, vec![FenceIssue::Unclosed { opened: 6 }]);
    }

    #[test]
    fn longer_outer_fence_holds_inner_fences() {
        let doc = Document::parse("a.md", "````md\n```rust\nx\n```\n````\n".to_string());
        assert!(doc.fences.is_empty());
    }

    #[test]
    fn front_matter_is_meta() {
        let doc = Document::parse("a.md", "---\ntitle: {{ x }}\n---\n\n# T\n".to_string());
        assert_eq!(doc.class_at(5), Class::Meta);
        assert_eq!(doc.headings.len(), 1);
    }

    #[test]
    fn a_pair_of_rules_further_down_is_no_front_matter() {
        // facebook/metro's Configuration.md: `---` over a heading, and another later.
        let text = "---\nid: c\n---\n\nIntro.\n\n---\n### Resolver Options\n\nSee [x](#y).\n\n---\n### Server\n";
        let doc = Document::parse("a.md", text.to_string());
        let titles: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(titles, ["Resolver Options", "Server"]);
        assert_eq!(doc.links.len(), 1);
        assert_eq!(doc.class_at(text.find("id:").unwrap()), Class::Meta);
        // TOML front matter; and none when a blank line follows the opening rule, or it
        // is never closed.
        let toml = Document::parse("a.md", "+++\ntitle = 'é'\n+++\n# T\n".to_string());
        assert_eq!(toml.class_at(6), Class::Meta);
        assert_eq!(toml.headings[0].text, "T");
        assert_eq!(front_matter("---\n\nx\n---\n"), None);
        assert_eq!(front_matter("---\nx: 1\n"), None);
        assert_eq!(front_matter("---\nx: 1\n...\nrest"), Some(0..13));
        // A fence in the front matter's text is no fence.
        let doc = Document::parse("a.md", "---\nexample: |\n  ```\n---\n\nText\n".to_string());
        assert!(doc.fences.is_empty(), "{:?}", doc.fences);
    }

    #[test]
    fn bom_is_stripped() {
        let doc = Document::parse("a.md", "\u{feff}# T\n".to_string());
        assert_eq!(doc.text, "# T\n");
        assert_eq!(doc.headings[0].text, "T");
    }

    fn issues(text: &str) -> Vec<FenceIssue> {
        Document::parse("a.md", text.to_string()).fences
    }

    #[test]
    fn bad_closer_says_where_commonmark_closes_the_block() {
        let text = "```text\na\n```text\n\nprose\n\n```sh\nb\n```\n";
        let doc = Document::parse("a.md", text.to_string());
        let FenceIssue::InfoOnCloser { closes_at, .. } = &doc.fences[0] else {
            panic!("{:?}", doc.fences)
        };
        assert_eq!(doc.line_col(closes_at.unwrap()), (9, 1));
        assert_eq!(doc.fences.len(), 1);
        assert_eq!(doc.class_at(text.find("prose").unwrap()), Class::Prose);
        let worked = "```text\na\n```text\n\nrest\n";
        let FenceIssue::InfoOnCloser { closes_at, .. } = &issues(worked)[0] else {
            panic!()
        };
        assert_eq!(*closes_at, None, "never closes");
    }

    #[test]
    fn bad_closers_in_containers_and_tilde_fences() {
        let quoted = "> ```text\n> a\n> ```text\n\nAfter.\n";
        let doc = Document::parse("a.md", quoted.to_string());
        assert!(matches!(doc.fences[..], [FenceIssue::InfoOnCloser { .. }]));
        assert_eq!(doc.class_at(quoted.find("After").unwrap()), Class::Prose);
        let listed = "- step\n\n  ~~~sh\n  a\n  ~~~sh\n\nAfter.\n";
        assert!(matches!(
            issues(listed)[..],
            [FenceIssue::InfoOnCloser { .. }]
        ));
        let bullet = "1. ```sh\n   a\n   ```sh\n\nAfter.\n";
        assert!(matches!(
            issues(bullet)[..],
            [FenceIssue::InfoOnCloser { .. }]
        ));
    }

    #[test]
    fn legitimate_fences_are_clean() {
        for text in [
            // A block that shows an opening fence as content.
            "```markdown\n```python\n```\n\nText.\n",
            "```markdown\n```python\n```\n\n```sh\nx\n```\n",
            // Other fence characters and longer outer fences.
            "~~~md\n```rust\nx\n```text\n~~~\n",
            "````md\n```text\na\n```text\n````\n",
            "`````\n````md\n```\n````\n`````\n",
            // A fence left open inside a list item is closed by the item's end.
            "- item\n\n  ```sh\n  code\n\nNot indented.\n\n```sh\nx\n```\n",
            // Fences in a blockquote, in list items, indented under bullets.
            "> ```sh\n> a\n> ```\n\n- x\n\n    ```sh\n    b\n    ```\n",
            "",
        ] {
            assert_eq!(issues(text), vec![], "{text:?}");
        }
    }

    #[test]
    fn unclosed_fences_in_containers() {
        let text = "Intro.\n\n- item\n\n  ```sh\n  code\n";
        let opened = text.find("```").unwrap();
        assert_eq!(issues(text), vec![FenceIssue::Unclosed { opened }]);
        // Three info-string fences: CommonMark reads one block from the first fence to the
        // end; the author's reading closes it at the second and leaves the third open,
        // which is no worse, so both problems are reported.
        let text = "```a\nx\n```b\ny\n```c\nz\n";
        let found = issues(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(matches!(
            found[0],
            FenceIssue::InfoOnCloser { opened: 0, .. }
        ));
        assert_eq!(
            found[1],
            FenceIssue::Unclosed {
                opened: text.find("```c").unwrap()
            }
        );
    }
}
