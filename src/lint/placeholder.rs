//! The `placeholder` rule: template markers that were never filled in (`{{ … }}`, `{% … %}`,
//! `${NAME}`, `<VERSION>`, `X.Y.Z`), regular-expression back-references leaked into the text
//! (`$1` glued to a version, `${1}`, `v$1`), and `TODO`/`TBD`/`FIXME`/`XXX` (warnings). It owns
//! telling them apart from documentation-generator syntax (mdBook, Hugo, Jinja, Liquid), from
//! money, and from code; it reads only the document and the context.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::fence::code_span;
use super::{Class, Context, Document, Finding, Output, Rule, Severity};

pub(crate) struct Placeholder;

/// Where a marker may start; the handlers decide. Two searches, because the regex crate's
/// literal prefilter is ten times faster on each half than on their union.
static SYMBOLS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$[0-9{]|\{[{%]|<[A-Z!]|\\[1-9]").expect("valid pattern"));
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"TODO|TBD|FIXME|XXX|X\.Y\.Z|x\.y\.z|[Ll]orem ipsum").expect("valid pattern")
});

/// The next match of one trigger search at or after a position, remembered between calls.
struct Cursor {
    re: &'static Regex,
    at: Option<usize>,
    done: bool,
}

impl Cursor {
    fn new(re: &'static Regex) -> Cursor {
        Cursor {
            re,
            at: None,
            done: false,
        }
    }

    fn next(&mut self, text: &str, pos: usize) -> Option<usize> {
        if self.done {
            return None;
        }
        if self.at.is_none_or(|at| at < pos) {
            self.at = self.re.find_at(text, pos).map(|m| m.start());
            self.done = self.at.is_none();
        }
        self.at
    }
}

const DOCS: &str = r"## What it finds

Markers a template or a search-and-replace should have filled in, in prose, headings, link
text and HTML:

- `{{ release_date }}`, `{% if beta %}` (Jinja, Tera, Liquid, Handlebars, Mustache); a Go
  template's variable (`{{$labels.job}}`, as a runbook quotes a Prometheus alert) is a
  warning, as a page often shows that syntax on purpose;
- `${REVIEW_DATE}` (shell and `envsubst` style), except for well-known variables that
  describe a path (`${HOME}`, `${PATH}`, `${XDG_CONFIG_HOME}`, `${…_HOME}`, `${…_DIR}`);
- `<VERSION>` and other tags in capitals that are not HTML (`<INSERT NAME HERE>`): a
  Markdown renderer takes them for HTML tags and shows nothing at all;
  `<INSERT_DATE_HERE>`-style markers that say so;
- `X.Y.Z`, `x.y.z`, `vX.Y.Z`: an error in a heading or as the value of a field
  (`**Version**: X.Y.Z`), a warning in running text, and nothing in a sentence that explains
  a format (`tags have the form vX.Y.Z`, `e.g.`, `like`, `SemVer`, …), in any language when
  it names the parts (`X.Y.Z (Major.Minor.Patch)`, `where X, Y and Z are…`);
- a regular-expression back-reference that leaked into the output: `$1` glued to the version
  it stood in front of (`v$1` followed by `2.4.0`, written together), `${1}`, and a bare `$1`
  or `\1` glued to a word (`v$1`, `release-$1`), which cannot be an amount of money;
- `TODO`, `TBD`, `FIXME` and `XXX` as whole words in capitals, as **warnings**. `TBD` is
  always reported; the other three only where a marker stands (`TODO:`, `FIXME(alice)`,
  `(TODO)`, `#XXX`, alone in a line or table cell, or after a field's colon), not where the
  word is mentioned (remove the outdated TODO comments);
- `Lorem ipsum` filler text, as a **warning**.

## Why

A release document with `{{ release_date }}` or `Owner: TBD` in it was published before it was
finished; a `$1` in front of a version means a `sed` or regex replacement went wrong and every
version it wrote may be wrong. Readers notice, and copy-paste the marker into their commands.

## Example

```markdown
# Release notes for vX.Y.Z

**Release date**: {{ release_date }}
- Owner: TBD
- Next review: ${REVIEW_DATE}
```

gives an error for `vX.Y.Z` (a heading), `{{ release_date }}` and `${REVIEW_DATE}`, and a
warning for `TBD`. Fill them in, or render the template that should have filled them.

## Options

`allowed-placeholders` in `[lint]` of `release.toml`: words and markers that are never
reported, written as they appear (`TODO`, `<VERSION>`, `{{ year }}`) or as their name
(`year`, `VERSION`).

## Code blocks

Inline code and code blocks are not checked for `{{ }}`, `{% %}`, `${NAME}`, `<VERSION>`,
`X.Y.Z` or the words: documentation about templating shows them on purpose, and there they
are examples; nor is the text of an HTML `<code>` or `<pre>` element for `{{ }}`, `{% %}` and
`${NAME}`. Front matter is not prose either. The one exception is a `$` and a digit glued
to a version: that is never legitimate, so it is reported everywhere, code blocks included.

## Documentation generators

Some generators have their own double-brace syntax, which is not a placeholder:

- mdBook's `{{#include …}}`, `{{#rustdoc_include …}}`, `{{#title …}}` and every other
  `{{#…}}` (and Handlebars' closing `{{/…}}`) are never reported;
- Hugo shortcodes `{{< … >}}` and `{{% … %}}` are never reported, nor, in a Hugo site's
  pages, the braces or a `${NAME}` in a shortcode's body (`{{< code-toggle >}}` …
  `{{< /code-toggle >}}` renders its body, templates included, as the shortcode decides;
  `{{< codeFromInline lang=bash >}}` renders a shell session);
- in the pages of a site built by MkDocs with the macros plugin or Zensical's macros
  extension (Jinja), by Jekyll (Liquid) or by Zola (shortcodes), `{{ … }}` and `{% … %}`
  are the generator's templates and are not reported;
- in the pages of a VitePress or VuePress site, `{{ … }}` is Vue interpolation (or shown
  as written inside `v-pre`) and is not reported;
- GitHub Actions expressions `${{ … }}` are not reported.

A page belongs to a site as `relman lint --explain broken-link` says. Files outside every
site (the repository's README, a package's CHANGELOG) are checked as usual. The content of
`<script>` and `<style>` elements (Vue's `<script setup>`) is code and is not checked.

A Markdown file whose name says it is a template (its name holds the word template, as in a pull
request template) is one: its `{{ … }}` and `{% … %}` are not reported either. So is one in
a web framework's `templates/` folder (beside HTML templates), and one in a `prompts/`
folder beside or holding source code (an application's prompt templates, which its code
fills in).
";

impl Rule for Placeholder {
    fn id(&self) -> &'static str {
        "placeholder"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "unfilled template markers ({{ … }}, ${NAME}, <VERSION>, X.Y.Z), leaked back-references ($1), TODO/TBD/FIXME/XXX"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Output) {
        let mut scan = Scan {
            doc,
            ctx,
            text: doc.text.as_str(),
            bytes: doc.text.as_bytes(),
            out,
            line: 0..0,
            explains: None,
            shortcode_bodies: if ctx.sites.built_by(&doc.path, super::sites::Generator::Hugo) {
                shortcode_bodies(&doc.text)
            } else {
                Vec::new()
            },
            template_source: template_source(doc, ctx),
            form: form_to_fill(&doc.path, ctx),
            history: super::is_history(&doc.path),
            variables: None,
        };
        scan.run();
    }
}

struct Scan<'a> {
    doc: &'a Document,
    ctx: &'a Context,
    text: &'a str,
    bytes: &'a [u8],
    out: &'a mut Output,
    /// The line of the last marker, and whether it explains a version format (computed once
    /// per line, so that a long line of markers stays linear).
    line: Range<usize>,
    explains: Option<bool>,
    /// In a Hugo page: the bodies of its shortcodes (`{{< code-toggle >}}` … `{{< /code-toggle
    /// >}}`), which the shortcode renders (as code, a table, …): their braces are its input.
    shortcode_bodies: Vec<Range<usize>>,
    /// The page is a Handlebars template's source (`{{#options}}` … `{{/options}}`): its
    /// braces are the template's.
    template_source: bool,
    /// The file is a form to fill in (`form_to_fill`): its blanks are meant.
    form: bool,
    /// The file is a changelog (or another history).
    history: bool,
    /// `other_tools_variables` of the page, read once when first needed.
    variables: Option<Vec<&'a str>>,
}

/// The bodies of the paired Hugo shortcodes of a page: from the end of `{{< name … >}}` (or
/// `{{% name … %}}`) to the start of its `{{< /name >}}`. Unclosed and self-closing ones
/// have no body.
fn shortcode_bodies(text: &str) -> Vec<Range<usize>> {
    let mut open: Vec<(&str, usize)> = Vec::new();
    let mut bodies = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find("{{") {
        let start = i + at;
        let rest = &text[start + 2..];
        let (opener, closer) = match rest.as_bytes().first() {
            Some(b'<') => ("<", ">}}"),
            Some(b'%') => ("%", "%}}"),
            _ => {
                i = start + 2;
                continue;
            }
        };
        let Some(end) = rest.find(closer) else { break };
        let inner = rest[opener.len()..end].trim();
        let tag_end = start + 2 + end + closer.len();
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.split_whitespace().next().unwrap_or("");
            if let Some(k) = open.iter().rposition(|(n, _)| *n == name) {
                bodies.push(open[k].1..start);
                open.truncate(k);
            }
        } else if !inner.ends_with('/') {
            let name = inner.split_whitespace().next().unwrap_or("");
            if !name.is_empty() {
                open.push((name, tag_end));
            }
        }
        i = tag_end;
    }
    bodies.sort_by_key(|r| r.start);
    bodies
}

/// A Markdown file that is itself a template (`template.md`, `PR_TEMPLATE.md`,
/// `release-notes.template.md`, or one in a `theme_template/` folder): its braces are the
/// template's.
pub(crate) fn is_template_file(path: &str) -> bool {
    // The file's name or a folder's (`lib/theme_template/example/_post.md`).
    path.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| word.eq_ignore_ascii_case("template"))
}

/// An agent skill's instructions (`.agents/skills/bug-fix/SKILL.md`, the Agent Skills
/// format): text for a model, whose `{{packageManager}}` names an argument the harness
/// passes with it (Flue's `session.skill('bug-fix', { args })`), not a blank left unrendered.
fn agent_skill(path: &str) -> bool {
    path.rsplit('/').next() == Some("SKILL.md")
}

/// Whether a line cites a pull request or a commit (`#7755`, `/pull/7755`, `/commit/…`).
fn cites_a_change(line: &str) -> bool {
    line.contains("/pull/")
        || line.contains("/commit/")
        || line
            .match_indices('#')
            .any(|(at, _)| line[at + 1..].starts_with(|c: char| c.is_ascii_digit()))
}

/// A Markdown file that is a form to fill in, whose blanks (`vX.Y.Z`, `{{ name }}`) are
/// meant: a template file by its name, or, in a repository whose docs are a site, a file
/// in a `templates/` folder outside it (fluxcd/website's `templates/monthly-update.md`, the
/// skeleton a script copies into each month's post). A site's pages in a folder named
/// `templates`, and such a folder of a repository without a site, stay docs.
fn form_to_fill(path: &str, ctx: &Context) -> bool {
    is_template_file(path)
        || (path
            .rsplit('/')
            .skip(1)
            .any(|dir| dir.eq_ignore_ascii_case("templates"))
            && !ctx.sites.is_empty()
            && ctx.sites.of(path).is_none())
}

/// Whether a Markdown file is a template's source rather than a page, so that its braces
/// and links belong to what renders it: a Handlebars source, a fragment that pages include,
/// or a file in a web framework's templates folder or a Hugo site's layouts.
pub(crate) fn template_source(doc: &Document, ctx: &Context) -> bool {
    handlebars_source(doc)
        || fragment(&doc.path)
        || ctx.sites.in_layouts(&doc.path)
        || ctx.template_folders.iter().any(|folder| {
            doc.path.starts_with(folder.as_str()) && doc.path[folder.len()..].starts_with('/')
        })
}

/// The folders named `templates` that hold HTML templates (`.html`, `.htm`, Jinja's
/// `.jinja`/`.j2`, Nunjucks, Twig, a rendered `.html-fragment`) somewhere below them: a
/// web framework's (Django, Flask, Jinja). Its Markdown is rendered by the application
/// (healthchecks' `templates/docs/*.md`, with `{{ default_timeout }}`, `IMG_URL/…` and
/// routes like `../api/`), not read as a page. A docs folder named `templates` with only
/// Markdown in it stays a docs folder.
pub(crate) fn template_folders<'a>(files: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    const HTML: &[&str] = &[
        "html",
        "htm",
        "jinja",
        "jinja2",
        "j2",
        "njk",
        "twig",
        "html-fragment",
    ];
    let mut folders: Vec<String> = Vec::new();
    for file in files {
        let Some((_, ext)) = file.rsplit_once('.') else {
            continue;
        };
        if !HTML.iter().any(|html| ext.eq_ignore_ascii_case(html)) {
            continue;
        }
        let mut end = 0;
        for part in file.split('/') {
            if end + part.len() >= file.len() {
                break;
            }
            end += part.len();
            if part == "templates" && !folders.iter().any(|f| f == &file[..end]) {
                folders.push(file[..end].to_string());
            }
            end += 1;
        }
    }
    folders
}

/// The folders named `prompts` beside or holding source code (`memory/prompts.py` and
/// `memory/prompts/`, or a `prompts/__init__.py`): an application's prompt templates, which
/// its code loads and fills in (openai-agents-python's `{{ memory_root }}`), not pages. A
/// `prompts/` folder of Markdown alone stays documentation.
pub(crate) fn prompt_folders(files: &[String]) -> Vec<String> {
    const CODE: &[&str] = &[
        ".py", ".ts", ".mts", ".js", ".mjs", ".go", ".rs", ".rb", ".java", ".kt", ".cs", ".swift",
    ];
    // One search of every path for the folder's name; most trees have none.
    let finder = memchr::memmem::Finder::new("prompts/");
    let mut prompts: Vec<&str> = Vec::new();
    for file in files {
        for at in finder.find_iter(file.as_bytes()) {
            if at == 0 || file.as_bytes()[at - 1] == b'/' {
                prompts.push(&file[..at + "prompts".len()]);
            }
        }
    }
    if prompts.is_empty() {
        return Vec::new();
    }
    prompts.sort_unstable();
    prompts.dedup();
    let with_code: std::collections::HashSet<&str> = files
        .iter()
        .filter_map(|file| {
            let (folder, name) = file.rsplit_once('/').unwrap_or(("", file.as_str()));
            CODE.iter().any(|ext| name.ends_with(ext)).then_some(folder)
        })
        .collect();
    prompts
        .into_iter()
        .filter(|p| {
            let parent = p.rsplit_once('/').map_or("", |(parent, _)| parent);
            with_code.contains(p) || with_code.contains(parent)
        })
        .map(str::to_string)
        .collect()
}

/// Whether a file lies in a folder of fragments that pages include (`includes/`,
/// `_includes/`, `partials/`, `snippets/`): its links resolve from the including page, and
/// its braces belong to the including template.
pub(crate) fn fragment(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|dir| {
        matches!(
            dir,
            "includes" | "_includes" | "partials" | "_partials" | "snippets" | "_snippets"
        )
    })
}

/// Whether `text` holds `{{{name}}}` (a name of letters, digits, `_`, `.`) where
/// `outside_code` says it is not code.
fn triple_stash(text: &str, outside_code: &dyn Fn(usize) -> bool) -> bool {
    text.match_indices("{{{").any(|(at, _)| {
        let rest = &text[at + 3..];
        let name = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
            .unwrap_or(rest.len());
        name > 0 && rest[name..].starts_with("}}}") && outside_code(at)
    })
}

/// Whether a Markdown file is the source of a Handlebars (or Mustache) template rather than
/// a page: in its text (not in code), it opens and closes a block helper (`{{#options}}` …
/// `{{/options}}`), or uses partials or whitespace control (`{{> name}}`, `{{~ }}`).
/// mdBook's `{{#include}}` and Hugo's `{{/* comments */}}` are not such blocks.
pub(crate) fn handlebars_source(doc: &Document) -> bool {
    let text = doc.text.as_str();
    // Most pages have no `{{` at all: one vectorised search tells.
    if memchr::memmem::find(text.as_bytes(), b"{{").is_none() {
        return false;
    }
    let outside_code = |at: usize| {
        !matches!(
            doc.class_at(at),
            super::document::Class::InlineCode | super::document::Class::CodeBlock
        )
    };
    let found = |needle: &str| text.match_indices(needle).any(|(at, _)| outside_code(at));
    // A triple stash (`{{{PKG}}}`, Mustache's unescaped output, PkgTemplates.jl's templates)
    // is written by no docs site: the file is a template's source.
    if found("{{~") || found("{{> ") || found("{{*set") || triple_stash(text, &outside_code) {
        return true;
    }
    let name_at = |from: usize| -> &str {
        let rest = &text[from..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        &rest[..end]
    };
    // Where each block helper is last closed (`{{/name}}`), found in one pass: an opener
    // counts when its name is closed after it.
    let mut last_close: HashMap<&str, usize> = HashMap::new();
    for (at, _) in text
        .match_indices("{{/")
        .filter(|(at, _)| outside_code(*at))
    {
        let name = name_at(at + 3);
        if !name.is_empty() && text[at + 3 + name.len()..].starts_with("}}") {
            last_close.insert(name, at);
        }
    }
    text.match_indices("{{#")
        .filter(|(at, _)| outside_code(*at))
        .any(|(at, _)| {
            let name = name_at(at + 3);
            let mdbook = matches!(
                name,
                "include" | "rustdoc_include" | "playground" | "title" | "template"
            );
            !mdbook && last_close.get(name).is_some_and(|close| *close > at)
        })
}

/// An MDX file: its braces are JSX expressions (`style={{ fontStyle: 'italic' }}`).
pub(crate) fn is_mdx(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx"))
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

impl Scan<'_> {
    fn run(&mut self) {
        let mut symbols = Cursor::new(&SYMBOLS);
        let mut words = Cursor::new(&WORDS);
        let mut pos = 0;
        loop {
            let i = match (symbols.next(self.text, pos), words.next(self.text, pos)) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => break,
            };
            let next = match self.bytes[i] {
                b'$' => self.dollar(i),
                b'{' => self.braces(i),
                b'<' => self.angle(i),
                b'\\' => self.backslash_ref(i),
                b'T' | b'F' | b'X' | b'x' => self.word(i),
                b'L' | b'l' => self.lorem(i),
                _ => None,
            };
            pos = next.unwrap_or(i + 1);
        }
    }

    /// The range of the line holding `i` (its line ending excluded). Markers come in order,
    /// so each line is measured once.
    fn line_of(&mut self, i: usize) -> Range<usize> {
        if !(self.line.start <= i && i <= self.line.end) || self.line.end == 0 {
            let start = self.text[..i].rfind('\n').map_or(0, |n| n + 1);
            let end = self.text[i..].find('\n').map_or(self.text.len(), |n| i + n);
            let end = if self.text[..end].ends_with('\r') {
                end - 1
            } else {
                end
            };
            self.line = start..end.max(i);
            self.explains = None;
        }
        self.line.clone()
    }

    /// At most `max` bytes of the text from `start` (an ASCII position), within its line.
    /// The text of the marker's line around `start..end`, at most 256 bytes each side (so
    /// that a line of many markers stays linear): before the marker, and the whole of it.
    fn near(&self, start: usize, end: usize) -> (&str, &str) {
        let from = floor_boundary(self.text, start.saturating_sub(256));
        let from = self.text[from..start]
            .rfind('\n')
            .map_or(from, |at| from + at + 1);
        let after = self.window(end, 256);
        (&self.text[from..start], &self.text[from..end + after.len()])
    }

    fn window(&self, start: usize, max: usize) -> &str {
        let mut end = (start + max).min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let window = &self.text[start.min(end)..end];
        window.find('\n').map_or(window, |n| &window[..n])
    }

    fn class(&self, i: usize) -> Class {
        self.doc.class_at(i)
    }

    fn byte(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(b'\n')
    }

    fn prev(&self, i: usize) -> u8 {
        if i == 0 {
            b' '
        } else {
            self.bytes[i - 1]
        }
    }

    /// Rendered text, link syntax or HTML: where template markers are leaks. Not the text of
    /// an HTML `<code>` or `<pre>` element, which is code as a code span is.
    fn texty(&self, i: usize) -> bool {
        matches!(self.class(i), Class::Prose | Class::Markup | Class::Html) && !self.in_html_code(i)
    }

    /// Whether `i` is inside an HTML `<code>` element (`<td><code>${trialSpec.Name}</code></td>`,
    /// a reference table) opened in its paragraph or block, or inside an HTML block's `<pre>`
    /// element (a terminal session pasted as HTML, blank lines and all): both show their
    /// text as written. An element left open ends with its paragraph.
    fn in_html_code(&self, i: usize) -> bool {
        let class = self.class(i);
        // At most 64 KiB back: a page of many `${…}` must not cost a search of all that
        // comes before each (an element opened farther back is not looked for).
        let window = &self.bytes[i.saturating_sub(64 * 1024)..i];
        let base = i - window.len();
        let opened = |before: &[u8], open: &[u8], close: &[u8]| {
            memchr::memmem::rfind(before, open).is_some_and(|at| {
                let start = base + (window.len() - before.len()) + at;
                matches!(self.byte(start + open.len()), b'>' | b' ' | b'\t' | b'\n')
                    && self.class(start) == Class::Html
                    && memchr::memmem::find(&before[at..], close).is_none()
            })
        };
        // The paragraph (or block) `i` is in: back to the last blank line.
        let blank = [&b"\n\n"[..], b"\n\r\n"]
            .iter()
            .filter_map(|gap| memchr::memmem::rfind(window, gap).map(|n| n + gap.len()))
            .max();
        let block = blank.map_or(window, |n| &window[n..]);
        memchr::memchr(b'<', block).is_some() && opened(block, b"<code", b"</code>")
            || class == Class::Html && opened(window, b"<pre", b"</pre>")
    }

    fn allowed(&self, token: &str, name: &str) -> bool {
        self.ctx
            .options
            .allowed_placeholders
            .iter()
            .any(|a| a == token || (!name.is_empty() && a == name))
    }

    /// Whether the page makes `name` a variable of another tool (`other_tools_variables`).
    fn another_tools_variable(&mut self, name: &str) -> bool {
        let text = self.text;
        self.variables
            .get_or_insert_with(|| other_tools_variables(text))
            .binary_search(&name)
            .is_ok()
    }

    fn push(&mut self, range: std::ops::Range<usize>, message: String, warning: bool) {
        let finding = Finding::new(range, message);
        self.out
            .findings
            .push(if warning { finding.warning() } else { finding });
    }

    /// The end of a run of ASCII digits starting at `i`.
    fn digits(&self, i: usize) -> usize {
        let mut j = i;
        while self.byte(j).is_ascii_digit() {
            j += 1;
        }
        j
    }

    /// A SemVer-like version at `i`: `N.N.N` and an optional pre-release/build suffix.
    fn version_end(&self, i: usize) -> Option<usize> {
        let mut j = i;
        for part in 0..3 {
            let end = self.digits(j);
            if end == j {
                return None;
            }
            j = end;
            if part < 2 {
                if self.byte(j) != b'.' {
                    return None;
                }
                j += 1;
            }
        }
        if matches!(self.byte(j), b'-' | b'+') && self.byte(j + 1).is_ascii_alphanumeric() {
            j += 1;
            while self.byte(j).is_ascii_alphanumeric() || matches!(self.byte(j), b'.' | b'-' | b'+')
            {
                j += 1;
            }
            while matches!(self.prev(j), b'.' | b'-' | b'+') {
                j -= 1;
            }
        }
        if is_word_byte(self.byte(j)) {
            return None;
        }
        Some(j)
    }

    fn dollar(&mut self, i: usize) -> Option<usize> {
        let d = self.byte(i + 1);
        // `$1` glued to a version: never legitimate, reported everywhere.
        if d.is_ascii_digit() && self.byte(i + 2).is_ascii_digit() {
            if let Some(end) = self
                .version_end(i + 2)
                .filter(|&end| !thousands(&self.text[i + 2..end]))
            {
                let token = &self.text[i..end];
                let (backref, version) = token.split_at(2);
                if !self.allowed(token, backref) {
                    let message = format!(
                        "{}: a {} back-reference leaked in front of {}; remove {}",
                        code_span(token),
                        code_span(backref),
                        code_span(version),
                        code_span(backref),
                    );
                    self.push(i..end, message, false);
                }
                return Some(end);
            }
        }
        if !self.texty(i) {
            return None;
        }
        if d == b'{' {
            return self.dollar_brace(i);
        }
        // A bare `$1` glued to a word: `v$1`, `release-$1` (money has a space or a capital
        // currency code before it: `$1`, `US$1`).
        if self.class(i) == Class::Prose
            && (b'1'..=b'9').contains(&d)
            && !self.byte(i + 2).is_ascii_alphanumeric()
            && !(self.byte(i + 2) == b'.' && self.byte(i + 3).is_ascii_alphanumeric())
            && (self.prev(i).is_ascii_lowercase() || matches!(self.prev(i), b'-' | b'_' | b'/'))
        {
            self.glued_ref(i);
            return Some(i + 2);
        }
        None
    }

    /// Whether the line so far (`before`) leaves a Vue bound attribute's value open
    /// (`:text="`, `v-bind:title="`, `@click="`) in a VitePress or VuePress page: what it
    /// holds is a JavaScript expression Vue evaluates, `${x}` a template literal's.
    fn in_vue_binding(&self, before: &str) -> bool {
        let vue = [
            super::sites::Generator::VitePress,
            super::sites::Generator::VuePress,
        ]
        .iter()
        .any(|g| self.ctx.sites.built_by(&self.doc.path, *g));
        if !vue {
            return false;
        }
        before.match_indices("=\"").any(|(at, _)| {
            let name = before[..at]
                .rsplit(|c: char| c.is_whitespace() || c == '<')
                .next()
                .unwrap_or("");
            (name.starts_with(':') || name.starts_with("v-") || name.starts_with('@'))
                && !before[at + 2..].contains('"')
        })
    }

    /// `${NAME}`, `${1}`.
    fn dollar_brace(&mut self, i: usize) -> Option<usize> {
        let start = i + 2;
        // GitHub Actions' `${{ … }}` is an expression, not a placeholder.
        if self.byte(start) == b'{' {
            return None;
        }
        let close = self.window(start, 120).find('}')? + start;
        let inner = &self.text[start..close];
        let token = &self.text[i..=close];
        if !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_digit()) {
            if !self.allowed(token, inner) {
                let message = format!(
                    "{}: a regex back-reference leaked into the text; write the text it should have captured",
                    code_span(token)
                );
                self.push(i..close + 1, message, false);
            }
            return Some(close + 1);
        }
        let name_len = inner
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
            .count();
        let name = &inner[..name_len];
        let rest = &inner[name_len..];
        let shell_default = ["", ":-", "-", ":=", "=", ":?", "?", ":+", "+"]
            .iter()
            .any(|op| rest.starts_with(op) && (!op.is_empty() || rest.is_empty()));
        // In a Hugo shortcode's body the shortcode decides what it is (kind's
        // `{{< codeFromInline lang="bash" >}}` renders a shell session).
        let in_shortcode = self.shortcode_bodies.iter().any(|b| {
            b.contains(&i) && {
                // Only a shortcode that renders code: a `lang=` parameter, or "code" or
                // "highlight" in its name (a `{{< note >}}` body is prose).
                let open = self.text[..b.start]
                    .rfind("{{")
                    .map_or("", |at| &self.text[at..b.start]);
                let open = open.to_ascii_lowercase();
                open.contains("lang=") || open.contains("code") || open.contains("highlight")
            }
        });
        // Shell or a template literal written in prose: `JAVA_OPT="${JAVA_OPT} -server"`
        // (the name assigned on its own line), `` \`${Ids}…\` `` (a TypeScript type).
        let line_start = self.text[..i].rfind('\n').map_or(0, |at| at + 1);
        let before = &self.text[line_start..i];
        let assigns = |text: &str| {
            text.match_indices(name).any(|(at, _)| {
                text[at + name.len()..].starts_with('=')
                    && !text[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            })
        };
        // Assigned in its line, or earlier in the page (rclone's RELEASE.md: "Set vars",
        // `- BASE_TAG=v1.XX`, then `git co -b ${BASE_TAG}-stable` in the steps below).
        let earlier = || {
            let from = floor_boundary(self.text, line_start.saturating_sub(16 * 1024));
            assigns(&self.text[from..line_start])
        };
        let shell = !name.is_empty() && (assigns(before) || earlier());
        let literal = before.ends_with("\\`")
            || before.ends_with('}')
            // `\${x}`: escaped, shown as written (a JavaScript template literal in MDX).
            || before.ends_with('\\')
            // In MDX, Markdown inside a JSX element is Markdown: a code span there is code,
            // though CommonMark reads the element as an HTML block.
            || (is_mdx(&self.doc.path) && before.bytes().filter(|&b| b == b'`').count() % 2 == 1)
            // MDX evaluates every `{…}` outside code, a JSX attribute's `` code={`…`} ``
            // included: what it holds is JavaScript, `${x}` a template literal's.
            || (is_mdx(&self.doc.path) && self.texty(i + 1))
            || self.in_vue_binding(before);
        // `${release-version}`: words joined by dashes, the reader's to fill in (as
        // `<release-version>` beside it), not a template engine's variable or shell.
        let words = inner.contains('-')
            && inner
                .split('-')
                .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()));
        let line_end = self.text[close..]
            .find('\n')
            .map_or(self.text.len(), |n| close + n);
        if name.is_empty()
            || (!name.as_bytes()[0].is_ascii_alphabetic() && name.as_bytes()[0] != b'_')
            || !shell_default
            || path_variable(name)
            || described_variable(before, &self.text[close + 1..line_end])
            || in_shortcode
            || shell
            || literal
            || words
            || self.allowed(token, name)
        {
            return Some(close + 1);
        }
        let (near_before, near_line) = self.near(i, close + 1);
        if shown_as_syntax(near_before, near_line) || self.another_tools_variable(name) {
            self.push(i..close + 1, syntax_message(token), true);
            return Some(close + 1);
        }
        let message = format!(
            "{} was never substituted: fill it in or run the substitution",
            code_span(token)
        );
        self.push(i..close + 1, message, false);
        Some(close + 1)
    }

    fn glued_ref(&mut self, i: usize) {
        let mut start = i;
        while start > 0
            && i - start < 64
            && (self.prev(start).is_ascii_alphanumeric()
                || matches!(self.prev(start), b'-' | b'_' | b'/' | b'.' | b'@'))
        {
            start -= 1;
        }
        let mut end = i + 2;
        while end - i < 64
            && (self.byte(end).is_ascii_alphanumeric() || matches!(self.byte(end), b'-' | b'_'))
        {
            end += 1;
        }
        let token = &self.text[start..end];
        let backref = &self.text[i..i + 2];
        if self.allowed(token, backref) {
            return;
        }
        let message = format!(
            "{}: a {} back-reference leaked into the text; write the value it should have captured",
            code_span(token),
            code_span(backref)
        );
        self.push(i..i + 2, message, false);
    }

    /// `\1` glued to a word, in prose: `v\1`, `release-\1`.
    fn backslash_ref(&mut self, i: usize) -> Option<usize> {
        let d = self.byte(i + 1);
        if self.class(i) == Class::Prose
            && (b'1'..=b'9').contains(&d)
            && !self.byte(i + 2).is_ascii_alphanumeric()
            && !matches!(self.byte(i + 2), b'\\' | b'/')
            && !(self.byte(i + 2) == b'.' && self.byte(i + 3).is_ascii_alphanumeric())
            && (self.prev(i).is_ascii_lowercase() || matches!(self.prev(i), b'-' | b'_'))
        {
            self.glued_ref(i);
            return Some(i + 2);
        }
        None
    }

    /// `{{ … }}`, `{{{ … }}}`, `{% … %}`.
    fn braces(&mut self, i: usize) -> Option<usize> {
        if !self.texty(i) || matches!(self.prev(i), b'{' | b'$' | b'\\') {
            return None;
        }
        let second = self.byte(i + 1);
        if second != b'{' && second != b'%' {
            return None;
        }
        let generator = self
            .ctx
            .sites
            .of(&self.doc.path)
            .is_some_and(super::sites::Site::owns_braces)
            || self.form
            || is_mdx(&self.doc.path)
            || self.template_source
            || agent_skill(&self.doc.path);
        let (open_len, closer) = if second == b'%' {
            (2, "%}")
        } else if self.byte(i + 2) == b'{' {
            (3, "}}}")
        } else {
            (2, "}}")
        };
        let first_inner = self.byte(i + open_len);
        // mdBook `{{#include}}`, Handlebars `{{#if}}…{{/if}}`, Hugo `{{< >}}` and `{{% %}}`.
        if generator || (second == b'{' && matches!(first_inner, b'#' | b'/' | b'<' | b'%')) {
            return None;
        }
        if self.shortcode_bodies.iter().any(|b| b.contains(&i)) {
            return None;
        }
        // A changelog's entry that cites its pull request quotes the change's title, which
        // may name the project's own template syntax (mise: "preserve {{ version }} in tool
        // options … in [#7755](…)").
        if self.history && cites_a_change(&self.text[self.line_of(i)]) {
            return None;
        }
        let start = i + open_len;
        let close = self.window(start, 200).find(closer)? + start;
        let inner = self.text[start..close]
            .trim_matches(|c: char| c.is_whitespace() || c == '-' || c == '~');
        // `{{ and }}` in a sentence about escaping braces; `{{else}}`, a template's own
        // keyword, written about rather than left unfilled.
        if inner.is_empty()
            || inner.contains("{{")
            || matches!(inner, "and" | "or" | "to" | "and/or")
            || inner == "else"
            || inner.starts_with("else ")
        {
            return None;
        }
        let end = close + closer.len();
        let token = &self.text[i..end];
        // An include directive in a site's page (mkdocs-include-markdown's
        // `{% include-markdown "x.md" %}`, Jekyll's `{% include x.html %}`): the site's build
        // runs it.
        let directive = closer == "%}"
            && inner.trim_start().starts_with("include")
            && self.ctx.sites.of(&self.doc.path).is_some();
        if directive || self.allowed(token, inner) {
            return Some(end);
        }
        // A Go template's variable (`{{$labels.job}}`, `{{ $value | humanize }}`): the syntax
        // of Prometheus alerts, Helm charts and Hugo layouts, which a page shows as written
        // more often than it leaks it (a runbook quoting each alert's description). relman's
        // own templates never write `$` there: a warning.
        if second == b'{' && inner.starts_with('$') && open_len == 2 {
            let message = format!(
                "{} is a Go template's variable, never rendered here: if the page shows the \
                 template on purpose, put it in a code span",
                code_span(token)
            );
            self.push(i..end, message, true);
            return Some(end);
        }
        let (before, line) = self.near(i, end);
        if shown_as_syntax(before, line) {
            self.push(i..end, syntax_message(token), true);
            return Some(end);
        }
        let message = format!(
            "{} was never rendered: fill it in or render the template",
            code_span(token)
        );
        self.push(i..end, message, false);
        Some(end)
    }

    /// `<VERSION>`, `<INSERT NAME HERE>`; HTML comments are skipped whole.
    fn angle(&mut self, i: usize) -> Option<usize> {
        let class = self.class(i);
        if class == Class::Html && self.text[i..].starts_with("<!--") {
            let end = self.text[i + 4..]
                .find("-->")
                .map_or(self.text.len(), |n| i + 4 + n + 3);
            return Some(end);
        }
        if !matches!(class, Class::Html | Class::Prose)
            || !self.byte(i + 1).is_ascii_uppercase()
            || self.prev(i).is_ascii_alphanumeric()
        {
            return None;
        }
        let mut j = i + 1;
        while j - i < 64
            && (self.byte(j).is_ascii_uppercase()
                || self.byte(j).is_ascii_digit()
                || matches!(self.byte(j), b'_' | b' ' | b'-'))
        {
            j += 1;
        }
        if self.byte(j) != b'>' || !self.prev(j).is_ascii_alphanumeric() {
            return None;
        }
        let inner = &self.text[i + 1..j];
        let letters = inner.bytes().filter(u8::is_ascii_uppercase).count();
        let tag = inner.split(' ').next().unwrap_or("");
        if letters < 2 || is_html_tag(tag) {
            return None;
        }
        let end = j + 1;
        let token = &self.text[i..end];
        // Backticks around it inside HTML: code written in an attribute's string (a JSX
        // prop, ``element="`<TOC>`"``, which the component shows as code).
        if self.allowed(token, inner)
            || (class == Class::Html && self.prev(i) == b'`' && self.byte(end) == b'`')
        {
            return Some(end);
        }
        let message = if class == Class::Html {
            format!(
                "{} is an unfilled placeholder, and read as an HTML tag it renders as nothing: fill it in",
                code_span(token)
            )
        } else if inner.split([' ', '_', '-']).any(|w| {
            matches!(
                w,
                "INSERT" | "HERE" | "TODO" | "TBD" | "FIXME" | "FILL" | "PLACEHOLDER"
            )
        }) {
            format!(
                "{} is an unfilled placeholder: fill it in",
                code_span(token)
            )
        } else {
            return Some(end);
        };
        self.push(i..end, message, false);
        Some(end)
    }

    /// `TODO`, `TBD`, `FIXME`, `XXX`, and `X.Y.Z` / `x.y.z` / `vX.Y.Z`.
    fn word(&mut self, i: usize) -> Option<usize> {
        if self.class(i) != Class::Prose {
            return None;
        }
        let rest = &self.bytes[i..];
        if rest.starts_with(b"X.Y.Z") || rest.starts_with(b"x.y.z") {
            return self.xyz(i);
        }
        let prev = self.prev(i);
        if is_word_byte(prev) || matches!(prev, b'/' | b'.' | b'-') {
            return None;
        }
        let word = ["TODO", "TBD", "FIXME", "XXX"]
            .into_iter()
            .find(|w| rest.starts_with(w.as_bytes()))?;
        let end = i + word.len();
        let after = self.byte(end);
        if is_word_byte(after)
            || (matches!(after, b'.' | b'-' | b'/') && self.byte(end + 1).is_ascii_alphanumeric())
        {
            return None;
        }
        if self.allowed(word, word) || (word != "TBD" && !self.marker_position(i, end)) {
            return Some(end);
        }
        let message = match word {
            "TODO" => "`TODO` left in the text: finish it or remove the marker",
            "TBD" => "`TBD`: still to be decided; fill it in before the release",
            "FIXME" => "`FIXME` left in the text: fix it or remove the marker",
            _ => "`XXX` looks like a placeholder: fill it in",
        };
        self.push(i..end, message.to_string(), true);
        Some(end)
    }

    /// `Lorem ipsum`: filler text.
    fn lorem(&mut self, i: usize) -> Option<usize> {
        let end = i + "lorem ipsum".len();
        if self.class(i) != Class::Prose
            || is_word_byte(self.prev(i))
            || !self.text.is_char_boundary(end.min(self.text.len()))
            || !self.text[i..end.min(self.text.len())].eq_ignore_ascii_case("lorem ipsum")
            || self.allowed("Lorem ipsum", "lorem ipsum")
        {
            return None;
        }
        let token = &self.text[i..end];
        let message = format!("{} is filler text: write the real text", code_span(token));
        self.push(i..end, message, true);
        Some(end)
    }

    /// Whether `TODO`, `FIXME` or `XXX` at `start..end` stands where a marker stands (`TODO:`,
    /// `TODO(alice)`, `(TODO)`, `#XXX`, alone in its line or table cell, or as a field's
    /// value) rather than being mentioned ("remove the outdated TODO", "TODO tests").
    fn marker_position(&mut self, start: usize, end: usize) -> bool {
        if matches!(self.byte(end), b':' | b'(' | b')' | b']' | b'!')
            || matches!(self.prev(start), b'#' | b'(' | b'[')
        {
            return true;
        }
        let range = self.line_of(start);
        // Only the nearest 200 bytes: a marker further into its line is not at its start.
        let from = floor_boundary(self.text, range.start.max(start.saturating_sub(200)));
        let to = floor_boundary(self.text, range.end.max(end).min(end + 200));
        let before = self.text[from..start]
            .trim_end_matches([' ', '*', '_'])
            .trim_start_matches(|c: char| {
                c.is_ascii_digit()
                    || matches!(c, ' ' | '-' | '*' | '+' | '.' | ')' | '>' | '[' | ']')
            });
        let after = self.text[end..to].trim_start_matches([' ', '*', '_', '.']);
        let at_start = before.is_empty() && from == range.start;
        let at_end = after.is_empty() && to == range.end.max(end);
        before.ends_with(':')
            || ((at_start || before.ends_with('|')) && (at_end || after.starts_with('|')))
    }

    fn xyz(&mut self, i: usize) -> Option<usize> {
        let start = if matches!(self.prev(i), b'v' | b'V') {
            i - 1
        } else {
            i
        };
        let before = self.prev(start);
        if is_word_byte(before) || matches!(before, b'/' | b'.' | b'-' | b'_') {
            return None;
        }
        let end = i + 5;
        let after = self.byte(end);
        if is_word_byte(after) || (after == b'.' && self.byte(end + 1).is_ascii_alphanumeric()) {
            return None;
        }
        let token = &self.text[start..end];
        if self.form || self.allowed(token, &self.text[i..end]) {
            return Some(end);
        }
        let line = self.line_of(i);
        let headings = &self.doc.headings;
        let in_heading = headings[..headings.partition_point(|h| h.range.start <= i)]
            .last()
            .is_some_and(|h| i < h.range.end);
        let from = floor_boundary(self.text, line.start.max(start.saturating_sub(200)));
        let field = self.text[from..start]
            .trim_end_matches([' ', '*', '_'])
            .ends_with(':');
        // `X.Y.Z (Major.Minor.Patch)`, in any language: the notation with its parts named.
        if !in_heading && names_its_parts(&self.text[end..line.end.max(end)]) {
            return Some(end);
        }
        if !in_heading && !field {
            let explains = self
                .explains
                .unwrap_or_else(|| explains_a_format(&self.text[line.clone()]));
            self.explains = Some(explains);
            if explains {
                return Some(end);
            }
        }
        let write = self.ctx.facts(&self.doc.path).version.map_or_else(
            || "write the real version".to_string(),
            |v| format!("write the real version ({})", code_span(&v.to_string())),
        );
        let message = format!("{} is a placeholder version: {write}", code_span(token));
        self.push(start..end, message, !in_heading && !field);
        Some(end)
    }
}

/// Whether a would-be version is an amount with thousands separators (`$10.000.000` is not
/// `$1` and `0.000.000`): its last two parts have three digits each, or a part has a leading
/// zero, which SemVer forbids.
fn thousands(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or(version);
    let parts: Vec<&str> = core.split('.').collect();
    parts.iter().skip(1).all(|p| p.len() == 3)
        || parts.iter().any(|p| p.len() > 1 && p.starts_with('0'))
}

/// The nearest char boundary at or before `i`.
fn floor_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether the text after `X.Y.Z` names its three parts in parentheses
/// (`(Major.Minor.Patch)`, `(Büyük.Küçük.Yama)`).
fn names_its_parts(after: &str) -> bool {
    let Some(inner) = after
        .trim_start()
        .strip_prefix('(')
        .and_then(|r| r.split_once(')'))
        .map(|(inner, _)| inner)
    else {
        return false;
    };
    let parts: Vec<&str> = inner.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(char::is_alphabetic))
}

/// Whether a line explains a version format rather than leaving one unfilled: a word that
/// says so (English), or the letters named one by one (`where X, Y and Z are…`, as the
/// SemVer specification's translations say it).
fn explains_a_format(line: &str) -> bool {
    const WORDS: &str = "form format formats formatted pattern patterns scheme syntax \
         convention shape like e.g eg i.e example such where semver semantic placeholder \
         replace replacing substitute major minor patch template templates";
    if ["X, Y", "X,Y", "X、Y", "X，Y", "x, y"]
        .iter()
        .any(|p| line.contains(p))
    {
        return true;
    }
    line.split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.'))
        .any(|w| WORDS.split(' ').any(|x| w.eq_ignore_ascii_case(x)))
}

/// Whether the words before a marker on its line present it as a notation to use, not a
/// blank left unfilled: `e.g: ${NodeID}`, `such as {{x}}`; `as`, `using` or `by` before it
/// when the line speaks of templates, syntax, variables or loops (`usable in your template
/// as '{{item}}'`, `when using {% for ... %} loops`) or the marker is quoted; a quoted marker
/// in a line that says what a value can contain (`can contain "${metadata.name}"`): argo's
/// and Jinja's syntax explained in prose. `line` is the whole line.
fn shown_as_syntax(before: &str, line: &str) -> bool {
    let lower = before.to_ascii_lowercase();
    let whole = line.to_ascii_lowercase();
    // The word the marker is in (`${WorkflowName}/${NodeID}`, `\&quot;${x}`), and what
    // comes before it.
    let word_start = lower
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(at, c)| at + c.len_utf8());
    let word = &lower[word_start..];
    let quoted = word.starts_with(['"', '\'']) || word.contains("&quot;");
    let lead = lower[..word_start].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ':' | '=' | ',')
    });
    let ends_with_word = |w: &str| {
        lead.ends_with(w) && !lead[..lead.len() - w.len()].ends_with(char::is_alphanumeric)
    };
    let has_word = |w: &str| {
        whole
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '.')
            .any(|x| x.trim_matches('.') == w)
    };
    let strong = ["e.g", "eg", "i.e", "for example", "such as"]
        .iter()
        .any(|w| ends_with_word(w));
    let weak = ["as", "using", "by"].iter().any(|w| ends_with_word(w))
        && (quoted
            || [
                "template",
                "templates",
                "syntax",
                "variable",
                "variables",
                "placeholder",
                "loop",
                "loops",
            ]
            .iter()
            .any(|w| has_word(w)));
    strong || weak || (quoted && (has_word("contain") || has_word("contains") || has_word("e.g")))
}

fn syntax_message(token: &str) -> String {
    format!(
        "{} reads as a notation the sentence shows, never filled in here: if the page shows \
         the syntax on purpose, put it in a code span",
        code_span(token)
    )
}

/// The names a page makes variables of another tool it has the reader set up (kueue's
/// Grafana steps: "Click `+ New variable`", then "- Enter `namespace` in the `Name` field",
/// then a URL with `${namespace}`): names shown as code on a line about a variable or in
/// the four lines after one.
fn other_tools_variables(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut since_variable = usize::MAX;
    for line in text.lines() {
        if line.to_ascii_lowercase().contains("variable") {
            since_variable = 0;
        } else {
            since_variable = since_variable.saturating_add(1);
        }
        if since_variable <= 4 {
            names.extend(line.split('`').skip(1).step_by(2));
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// Whether the sentence around a `${NAME}` (`before` it on its line, `after` it) says what
/// the variable is, rather than leaving it to fill in: `where ${env} is a name`, a sentence
/// about variables (`environment variables matching the format ${VAR}`), a default that
/// holds one (`default: "${name}.etcd"`, as etcd's help prints it; `default to ${X}/y`), or
/// the notation named (`the format ${VAR}`).
fn described_variable(before: &str, after: &str) -> bool {
    let before = before.to_ascii_lowercase();
    let lead = before.trim_end_matches([' ', '"', '\'', '(', ':', '=']);
    let after = after.trim_start().to_ascii_lowercase();
    (lead.ends_with("where") && (after.starts_with("is ") || after.starts_with("are ")))
        || before.contains("variable")
        || [
            "default",
            "default to",
            "defaults to",
            "default is",
            "format",
            "syntax",
            "form",
        ]
        .iter()
        .any(|w| {
            lead.ends_with(w) && !lead[..lead.len() - w.len()].ends_with(char::is_alphanumeric)
        })
}

/// Environment variables that name a place (`${HOME}/.config`), described rather than unfilled.
fn path_variable(name: &str) -> bool {
    matches!(
        name,
        "HOME"
            | "PWD"
            | "OLDPWD"
            | "USER"
            | "PATH"
            | "SHELL"
            | "TMPDIR"
            | "TMP"
            | "TEMP"
            | "EDITOR"
    ) || name.starts_with("XDG_")
        || name.ends_with("_HOME")
        || name.ends_with("_DIR")
        || name.ends_with("_PATH")
        // `${REPO_ROOT}/test/e2e`, `${GOPATH}/bin`.
        || name.ends_with("_ROOT")
        || matches!(name, "GOPATH" | "GOROOT")
        // camelCase: `${distDir}/index.html` (tauri's config key), `${outPath}`.
        || ["Dir", "Path", "Root", "Home"].iter().any(|suffix| {
            name.strip_suffix(suffix)
                .is_some_and(|stem| stem.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()))
        })
}

/// HTML element names (any case): `<B>`, `<BR>`, `<DIV>` are tags, not placeholders.
fn is_html_tag(name: &str) -> bool {
    const TAGS: &str =
        "a abbr acronym address area article aside audio b base bdi bdo big blink blockquote \
         body br button canvas caption center cite code col colgroup data datalist dd del \
         details dfn dialog dir div dl dt em embed fieldset figcaption figure font footer \
         form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input \
         ins kbd label legend li link main map mark marquee math menu meta meter nav nobr \
         noscript object ol optgroup option output p param picture pre progress q rp rt ruby \
         s samp script search section select slot small source span strike strong style sub \
         summary sup svg table tbody td template textarea tfoot th thead time title tr track \
         tt u ul var video wbr xmp";
    TAGS.split_ascii_whitespace()
        .any(|t| t.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check_text, FileSet, RuleOptions};

    fn ctx() -> Context {
        Context {
            version: Some(semver::Version::new(2, 4, 0)),
            version_source: "VERSION".to_string(),
            files: FileSet::from_files(["VERSION".to_string()]),
            ..Context::default()
        }
    }

    fn lint(text: &str) -> String {
        check_text(&Placeholder, "a.md", text, &ctx())
    }

    const WORKED: &str = include_str!("../../fixtures/lint/worked-example/RELEASE_READINESS.md");

    #[test]
    fn worked_example() {
        assert_eq!(
            lint(WORKED),
            "1:4 error placeholder: `$12.4.0`: a `$1` back-reference leaked in front of `2.4.0`; remove `$1`\n\
             5:19 error placeholder: `{{ release_date }}` was never rendered: fill it in or render the template\n\
             24:10 warning placeholder: `TBD`: still to be decided; fill it in before the release\n\
             25:16 error placeholder: `${REVIEW_DATE}` was never substituted: fill it in or run the substitution\n"
        );
    }

    #[test]
    fn fixtures() {
        let ok = include_str!("../../fixtures/lint/placeholder/ok.md");
        assert_eq!(check_text(&Placeholder, "ok.md", ok, &ctx()), "");
        let bad = include_str!("../../fixtures/lint/placeholder/bad.md");
        let expected = include_str!("../../fixtures/lint/placeholder/bad.expected");
        assert_eq!(check_text(&Placeholder, "bad.md", bad, &ctx()), expected);
    }

    #[test]
    fn glued_back_reference_is_found_in_code_too() {
        let out = lint("```sh\ngit tag v$12.4.0\n```\n\nSee `$12.4.0-rc.1`.\n");
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.contains("leaked in front of `2.4.0-rc.1`"), "{out}");
    }

    #[test]
    fn money_and_escapes_are_not_back_references() {
        for text in [
            "It costs $12.40, or $1 a month, US$5 or A$10.",
            "Prices from $1 to $9; $1.50 each.",
            "Use \\1 in sed (in code: `s/(a)/\\1/`).",
            "Version $2.4.0 is out.",
            "Raised $10.000.000 and $15.500.000 (in code: `$25.000.000`).",
        ] {
            assert_eq!(lint(text), "", "{text}");
        }
        assert!(lint("Download release-$1 now.\n").contains("`release-$1`"));
        assert!(lint("Tag v\\1 was pushed.\n").contains("`v\\1`"));
        assert!(lint("Set ${1} here.\n").contains("`${1}`"));
    }

    #[test]
    fn generators_own_their_braces() {
        let text = "{{#include ../x.md}} {{#rustdoc_include a.rs}} {{#title T}} {{< ref \"a\" >}} {{% note %}} ${{ secrets.TOKEN }}\n";
        assert_eq!(lint(text), "");
        let jinja = "Built {{ build_date }} {% if x %}y{% endif %}\n";
        assert_eq!(lint(jinja).lines().count(), 3);
        for (config, text) in [
            ("mkdocs.yml", "plugins:\n  - macros\n"),
            // Zensical's extension (sqlmodel's `mkdocs.yml`).
            (
                "mkdocs.yml",
                "markdown_extensions:\n  zensical.extensions.macros:\n",
            ),
            ("_config.yml", "title: x\n"),
            ("docs/.vitepress/config.ts", ""),
        ] {
            let files = FileSet::from_files([config.to_string()]);
            let sites = crate::lint::sites::detect(
                &files,
                &|p| (p == config).then(|| text.to_string()),
                &[],
            );
            let ctx = Context { sites, ..ctx() };
            // `docs/` holds the pages of all three.
            let path = "docs/a.md";
            assert_eq!(check_text(&Placeholder, path, jinja, &ctx), "", "{config}");
            if config != "_config.yml" {
                // Outside the site's pages, braces are placeholders again.
                assert_ne!(check_text(&Placeholder, "README.md", jinja, &ctx), "");
            }
            assert_eq!(
                check_text(
                    &Placeholder,
                    "docs/notes.template.md",
                    jinja,
                    &Context::default()
                ),
                ""
            );
            assert!(is_template_file(".github/PULL_REQUEST_TEMPLATE.md"));
            assert!(!is_template_file("docs/templates.md") && !is_template_file("templated.md"));
            assert!(is_template_file("lib/theme_template/example/_post.md"));
            assert!(!is_template_file("templates/guide.md"));
        }
    }

    #[test]
    fn a_vue_bound_attribute_holds_javascript() {
        // nolebase: `<Badge :text="`v${packageJSON.version}`" />` in a VitePress page.
        let files = FileSet::from_files(["docs/.vitepress/config.ts".to_string()]);
        let sites = crate::lint::sites::detect(&files, &|_| Some(String::new()), &[]);
        let ctx = Context { sites, ..ctx() };
        let badge = "# Links <Badge type=\"tip\" :text=\"`v${packageJSON.version}`\" />\n";
        assert_eq!(check_text(&Placeholder, "docs/a.md", badge, &ctx), "");
        let bound = "<Comp v-bind:title=\"`${name}`\" @click=\"go(`${id}`)\" />\n";
        assert_eq!(check_text(&Placeholder, "docs/a.md", bound, &ctx), "");
        // A plain attribute, or prose after the tag, is still checked; so is any page
        // outside a Vue site.
        let plain = "<Badge text=\"v${VERSION}\" /> then ${REVIEW_DATE}\n";
        assert_eq!(
            check_text(&Placeholder, "docs/a.md", plain, &ctx)
                .lines()
                .count(),
            2
        );
        assert_ne!(check_text(&Placeholder, "README.md", badge, &ctx), "");
    }

    #[test]
    fn code_and_front_matter_are_not_prose() {
        let text = "---\ntitle: {{ title }}\nversion: X.Y.Z\n---\n\nUse `{{ name }}` and `${NAME}` and `X.Y.Z`.\n\n```jinja\n{{ release_date }} TODO <VERSION>\n```\n";
        assert_eq!(lint(text), "");
    }

    #[test]
    fn angle_markers() {
        let out = lint("Install <VERSION> from <INSERT NAME HERE>.\n\nA <B>bold</B> <BR> and Vec<ID> and <YOUR_TOKEN> and <INSERT_DATE_HERE>.\n\n<!-- <VERSION> TODO -->\n");
        assert_eq!(
            out,
            "1:9 error placeholder: `<VERSION>` is an unfilled placeholder, and read as an HTML tag it renders as nothing: fill it in\n\
             1:24 error placeholder: `<INSERT NAME HERE>` is an unfilled placeholder, and read as an HTML tag it renders as nothing: fill it in\n\
             3:53 error placeholder: `<INSERT_DATE_HERE>` is an unfilled placeholder: fill it in\n"
        );
    }

    #[test]
    fn placeholder_versions() {
        assert_eq!(
            lint("# Release vX.Y.Z\n\n**Version**: X.Y.Z\n\nUpdate the changelog for x.y.z first.\n\nTags have the form vX.Y.Z.\n"),
            "1:11 error placeholder: `vX.Y.Z` is a placeholder version: write the real version (`2.4.0`)\n\
             3:14 error placeholder: `X.Y.Z` is a placeholder version: write the real version (`2.4.0`)\n\
             5:26 warning placeholder: `x.y.z` is a placeholder version: write the real version (`2.4.0`)\n"
        );
        // The SemVer specification's translations define the notation in their own words.
        assert_eq!(
            lint("Böyle bir sürüm numarası ele alalım: X.Y.Z (Büyük.Küçük.Yama).\n\nNormální číslo verze MUSÍ mít tvar X.Y.Z, kde X, Y a Z jsou celá čísla.\n"),
            ""
        );
        // A changelog entry that cites its pull request quotes its title.
        let entry = "## 1.0.0\n\n- preserve {{ version }} in tool options by @jdx in [#7755](https://x/pull/7755)\n";
        assert_eq!(check_text(&Placeholder, "CHANGELOG.md", entry, &ctx()), "");
        let leaked = "## {{ version }} - 2025-01-05\n\n- fix (#12)\n";
        assert!(check_text(&Placeholder, "CHANGELOG.md", leaked, &ctx()).contains("{{ version }}"));
        // A version left unfilled in another language still is one.
        assert!(lint("Wersja: X.Y.Z\n").contains("error placeholder"));
        // A form to fill in: a template by its name, or a file of a `templates/` folder no
        // site serves. A site's page in such a folder is a page.
        let form = "### Flux vx.y.z\n\nRelease {{ version }}.\n";
        assert_eq!(
            check_text(
                &Placeholder,
                "release-template.md",
                form,
                &Context::default()
            ),
            ""
        );
        // Beside a site (a VitePress site in `docs/`), not in it.
        let files = FileSet::from_files(["docs/.vitepress/config.ts".to_string()]);
        let sites = crate::lint::sites::detect(&files, &|_| Some(String::new()), &[]);
        let site = Context { sites, ..ctx() };
        assert_eq!(
            check_text(&Placeholder, "templates/monthly-update.md", form, &site),
            ""
        );
        // In the site, or in a repository without one, it is docs.
        for (path, ctx) in [
            ("docs/templates/update.md", &site),
            ("templates/monthly-update.md", &ctx()),
        ] {
            assert!(
                check_text(&Placeholder, path, form, ctx).contains("`vx.y.z` is a placeholder"),
                "{path}"
            );
        }
    }

    #[test]
    fn words() {
        assert_eq!(
            lint("TODO: write. FIXME(bob) here, #XXX and TBD.\n\nNo TODOs in TODO.md or docs/TODO, Todo.\n\n\
                  Remove the outdated TODO and the FIXME comments; TODO tests run.\n\n\
                  - Owner: TODO\n\n| a | b |\n| --- | --- |\n| XXX | ok |\n"),
            "1:1 warning placeholder: `TODO` left in the text: finish it or remove the marker\n\
             1:14 warning placeholder: `FIXME` left in the text: fix it or remove the marker\n\
             1:32 warning placeholder: `XXX` looks like a placeholder: fill it in\n\
             1:40 warning placeholder: `TBD`: still to be decided; fill it in before the release\n\
             7:10 warning placeholder: `TODO` left in the text: finish it or remove the marker\n\
             11:3 warning placeholder: `XXX` looks like a placeholder: fill it in\n"
        );
    }

    #[test]
    fn filler_text() {
        assert_eq!(
            lint("Lorem ipsum dolor sit amet.\n\n`lorem ipsum` in code.\n"),
            "1:1 warning placeholder: `Lorem ipsum` is filler text: write the real text\n"
        );
    }

    #[test]
    fn allowed_placeholders() {
        let ctx = Context {
            options: RuleOptions {
                allowed_placeholders: vec!["TODO".into(), "year".into(), "<VERSION>".into()],
                ..RuleOptions::default()
            },
            ..ctx()
        };
        let text = "TODO: {{ year }} <VERSION> TBD\n";
        assert_eq!(
            check_text(&Placeholder, "a.md", text, &ctx),
            "1:28 warning placeholder: `TBD`: still to be decided; fill it in before the release\n"
        );
    }

    #[test]
    fn shell_variables() {
        assert_eq!(
            lint("Config lives in ${HOME}/.config and ${XDG_CONFIG_HOME} and ${CARGO_HOME}.\n"),
            ""
        );
        assert!(lint("Ship on ${DATE:-soon}.\n").contains("`${DATE:-soon}`"));
        assert_eq!(lint("A ${not a var} here.\n"), "");
        // A shell assignment of the same name, and a template literal, in prose.
        assert_eq!(lint(">JAVA_OPT=\"${JAVA_OPT} -server -Xms256m\"\n"), "");
        assert_eq!(lint("Type: \\`${Ids}${Suffix}\\` here.\n"), "");
        // Escaped.
        assert_eq!(lint("console.log(`sum: \\${a}`)\n"), "");
        // Words joined by dashes are the reader's to fill in; a shell default is not.
        assert_eq!(lint("Download ${release-version} from the mirror.\n"), "");
        assert!(lint("Download ${VERSION-latest} now.\n").contains("`${VERSION-latest}`"));
        // Another name assigned is no excuse.
        assert!(lint("OPTS=\"${JAVA_OPT} -server\"\n").contains("`${JAVA_OPT}`"));
        // Assigned earlier in the page (rclone's RELEASE.md: "Set vars", then the steps).
        let steps = "Set vars\n\n- BASE_TAG=v1.XX\n\nThen:\n\n- git co -b ${BASE_TAG}-stable\n- Ship ${OTHER}\n";
        let found = lint(steps);
        assert!(
            !found.contains("BASE_TAG") && found.contains("`${OTHER}`"),
            "{found}"
        );
        // A variable the sentence describes (cluster-api's, etcd's documented default).
        for text in [
            "Names have the form `${env}Config`, where ${env} is a short name.\n",
            "The YAML can contain environment variables matching the format ${VAR}; more.\n",
            "- `E2E_CONF_FILE` (default to ${REPO_ROOT}/test/e2e/config/docker.yaml)\n",
            "+ default: \"${name}.etcd\"\n",
            "Binaries go to ${GOPATH}/bin.\n",
            "Ignore the ${distDir}/index.html asset.\n",
        ] {
            assert_eq!(lint(text), "", "{text}");
        }
        // Only those words: a release line still is a placeholder.
        assert!(lint("Release ${VERSION} is out, where it is.\n").contains("`${VERSION}`"));
        assert!(lint("Uses the platform ${PLATFORM}.\n").contains("`${PLATFORM}`"));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for text in [
            "",
            "$",
            "${",
            "{{",
            "{%",
            "<",
            "\\",
            "$1",
            "X.Y.",
            "{{{ x }}}",
            "<AB",
            "$12.4.",
        ] {
            let _ = lint(text);
        }
    }

    #[test]
    fn random_markdown_never_panics() {
        let pieces = [
            "```",
            "~~~",
            "````",
            "```text",
            "~~~sh",
            "\n",
            "\n\n",
            "> ",
            "- ",
            "1. ",
            "    ",
            "Ã",
            "©",
            "â",
            "€",
            "™",
            "œ",
            "Â",
            "\u{a0}",
            "ð",
            "Ÿ",
            "\u{fffd}",
            "\u{feff}",
            "{{",
            "}}",
            "{%",
            "${",
            "}",
            "$12.4.0",
            "\\1",
            "<VERSION>",
            "<!--",
            "-->",
            "TODO",
            "X.Y.Z",
            "`",
            "é",
            "日",
            "😀",
            "|",
            ":",
            "---\n",
            "<div>",
            "[x](y)",
            "*",
            "XXX",
            "Lorem ipsum",
        ];
        let rules: [&dyn Rule; 3] = [
            &crate::lint::fence::Fence,
            &crate::lint::mojibake::Mojibake,
            &Placeholder,
        ];
        let ctx = Context::default();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % 1024).unwrap_or(0)
        };
        for _ in 0..3000 {
            let text: String = (0..next() % 40)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            let doc = Document::parse("a.md", text.clone());
            for rule in rules {
                let mut out = Output::default();
                rule.check(&doc, &ctx, &mut out);
                for f in &out.findings {
                    let fix = f.fix.as_ref().map_or(0..0, |x| x.range.clone());
                    for i in [f.range.start, f.range.end, fix.start, fix.end] {
                        assert!(doc.text.is_char_boundary(i), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn docs_are_clean() {
        let ctx = Context {
            files: crate::lint::FileSet::from_files(["release.toml".to_string()]),
            ..Context::default()
        };
        for rule in crate::lint::RULES {
            assert_eq!(
                check_text(*rule, "docs.md", DOCS, &ctx),
                "",
                "{}",
                rule.id()
            );
        }
    }

    #[test]
    fn hugo_shortcode_bodies_are_found_in_pairs() {
        let text = "a {{< code-toggle file=x >}}\nt = '{{ .Date }}'\n{{< /code-toggle >}} b {{< img src=x />}} {{% note %}}n{{% /note %}} {{< open >}}";
        let bodies = shortcode_bodies(text);
        assert_eq!(bodies.len(), 2, "{bodies:?}");
        assert_eq!(&text[bodies[0].clone()], "\nt = '{{ .Date }}'\n");
        assert_eq!(&text[bodies[1].clone()], "n");
    }

    #[test]
    fn code_in_a_jsx_props_string_is_no_placeholder() {
        // nextra's layout page: a component shows its `element` prop as code.
        let text =
            "<ToggleVisibilitySection element=\"`<TOC>`\" name=\"x\" />\n\n<div><VERSION></div>\n";
        let found = check_text(&Placeholder, "page.mdx", text, &Context::default());
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("`<VERSION>`"), "{found}");
    }

    #[test]
    fn a_go_template_variable_is_a_warning() {
        // thanos' alert runbook: each alert's description, as Prometheus fills it.
        let text = "|Alert|Description|\n|---|---|\n|Halted|Thanos Compact {{$labels.job}} has halted, {{ $value | humanize }} left.|\n\nReleased {{ version }}.\n";
        let found = check_text(&Placeholder, "runbook.md", text, &Context::default());
        assert_eq!(
            found.lines().filter(|l| l.contains(" warning ")).count(),
            2,
            "{found}"
        );
        assert_eq!(
            found.lines().filter(|l| l.contains(" error ")).count(),
            1,
            "{found}"
        );
        assert!(
            found.contains("`{{ version }}` was never rendered"),
            "{found}"
        );
    }

    #[test]
    fn braces_of_an_mdx_file_are_jsx() {
        let ctx = ctx();
        let text = "<Badge style={{ fontStyle: 'italic' }} />\n\nnote: 'Data on {{date}}'\n\nRelease $11.17.2 is out.\n";
        let found = check_text(&Placeholder, "docs/badges.mdx", text, &ctx);
        // The `$1` glued to a version is a leak everywhere.
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.starts_with("5:"), "{found}");
        // In Markdown the same braces are placeholders.
        assert!(
            check_text(&Placeholder, "docs/badges.md", text, &ctx)
                .lines()
                .count()
                > 1
        );
        // A code span inside a JSX element is code in MDX (expressive-code's
        // `<PropertySignature>`), text in an HTML block of Markdown.
        let jsx = "<X>\n- Default: `${theme.name}`\n</X>\n";
        assert_eq!(check_text(&Placeholder, "docs/a.mdx", jsx, &ctx), "");
        assert_eq!(
            check_text(&Placeholder, "docs/a.md", jsx, &ctx)
                .lines()
                .count(),
            1
        );
        // A template literal in a JSX attribute, over several lines (biome's
        // `<Code code={`…@${version}…`} />`), and `${x}` in prose: MDX evaluates both.
        let attr = "<Code lang=\"sh\" code={`\ncurl -L https://x/biome@${version}/b -o b\n\n# Linux\ncurl -L https://x/biome@${version}/c\n`} />\n\nUse ${version} here.\n";
        assert_eq!(check_text(&Placeholder, "docs/a.mdx", attr, &ctx), "");
        assert_eq!(
            check_text(&Placeholder, "docs/a.md", attr, &ctx)
                .lines()
                .count(),
            3
        );
    }

    #[test]
    fn an_include_directive_in_a_sites_page_is_the_sites() {
        let mut c = ctx();
        c.files =
            crate::lint::FileSet::from_files(["mkdocs.yml".to_string(), "docs/a.md".to_string()]);
        c.sites = crate::lint::sites::detect(&c.files, &|_| None, &[]);
        let text = "{% include-markdown \"includes/x.md\" %}\n\nVersion {% version %}.\n";
        let found = check_text(&Placeholder, "docs/a.md", text, &c);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.starts_with("3:"), "{found}");
        // Outside a site, GitHub shows it as written.
        let found = check_text(&Placeholder, "NOTES.md", text, &c);
        assert_eq!(found.lines().count(), 2, "{found}");
    }

    #[test]
    fn an_html_code_element_is_code_as_a_code_span_is() {
        let ctx = ctx();
        // kubeflow's Katib guide: a reference table of the template's own syntax.
        let table = "<table>\n  <tr>\n    <td><code>${trialSpec.Name}</code></td>\n    <td>{{ x }} <code>{{.Name}}</code></td>\n  </tr>\n</table>\n";
        let found = check_text(&Placeholder, "docs/a.md", table, &ctx);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("{{ x }}"), "{found}");
        // Inline, in a paragraph; after the element closes the text is prose again.
        let inline = "Use <code>${NAME}</code> in the file, not ${OTHER}.\n";
        let found = check_text(&Placeholder, "docs/a.md", inline, &ctx);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.contains("OTHER"), "{found}");
        // `<code>` written in a code span is no element: what follows is prose.
        let spoken = "The `<code>` tag. Fill ${NAME} in.\n";
        let found = check_text(&Placeholder, "docs/a.md", spoken, &ctx);
        assert_eq!(found.lines().count(), 1, "{found}");
        // An element left open ends with its paragraph.
        let open =
            "Wrap the value in a <code> element.\n\nDownload {{ version }} or ${VERSION} now.\n";
        let found = check_text(&Placeholder, "docs/a.md", open, &ctx);
        assert_eq!(found.lines().count(), 2, "{found}");
        // A `$1` glued to a version stays an error there too.
        let glued = "<code>v$11.2.3</code>\n";
        assert_eq!(
            check_text(&Placeholder, "docs/a.md", glued, &ctx)
                .lines()
                .count(),
            1
        );
    }

    #[test]
    fn a_pre_element_shows_its_text_as_written() {
        let ctx = ctx();
        let text = "<pre class=\"language-text\"><code>\n\n  <strong>38 │ console.info(`repo: ${name}`);</strong>\n\n</code></pre>\n\nAfter it: <b>${name}</b>\n";
        let found = check_text(&Placeholder, "docs/a.md", text, &ctx);
        assert_eq!(found.lines().count(), 1, "{found}");
        assert!(found.starts_with("7:"), "{found}");
        // `<prefix>` is no `<pre>`.
        let other = "<prefix>\n${name}\n</prefix>\n";
        assert_eq!(
            check_text(&Placeholder, "docs/a.md", other, &ctx)
                .lines()
                .count(),
            1
        );
    }

    #[test]
    fn templates_folders_with_html_templates_are_a_web_frameworks() {
        let files: Vec<String> = [
            "templates/base.html",
            "templates/docs/api.md",
            "app/templates/emails/x.j2",
            "docs/templates/guide.md",
            "docs/templates/img.png",
            "site/templates.html",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(template_folders(&files), ["templates", "app/templates"]);
        let ctx = Context {
            template_folders: template_folders(&files),
            ..Context::default()
        };
        let source = |path: &str| template_source(&Document::parse(path, "# x\n".into()), &ctx);
        assert!(source("templates/docs/api.md"));
        assert!(source("app/templates/emails/welcome.md"));
        assert!(
            !source("docs/templates/guide.md"),
            "a docs folder named templates"
        );
        assert!(!source("templates-old/a.md"));
        assert!(!source("README.md"));
    }

    #[test]
    fn a_marker_the_sentence_shows_as_syntax() {
        for (before, after) in [
            ("The URL. Can contain \\&quot;", ""),
            ("holding the lock.  e.g: ${WorkflowName}/", ""),
            ("usable in your template as '", "'"),
            ("except when using ", " loops"),
            ("keys by ", " in the template"),
            ("can contain \"${a}\" or \"", ""),
            // A no-break space is two bytes.
            ("e.g\u{a0}", ""),
        ] {
            assert!(
                shown_as_syntax(before, &format!("{before}X{after}")),
                "{before}"
            );
        }
        for before in [
            "Released on ",
            "Version: ",
            "Run it as of ",
            "Hello, \"",
            "Maintained by ",
            "Install it as ",
            "Pull the container '",
        ] {
            assert!(!shown_as_syntax(before, &format!("{before}X")), "{before}");
        }
    }

    #[test]
    fn prompts_folders_beside_code_are_templates() {
        let files: Vec<String> = [
            "src/agents/memory/prompts.py",
            "src/agents/memory/prompts/consolidation_prompt.md",
            "lib/prompts/__init__.py",
            "lib/prompts/system.md",
            "docs/prompts/writing.md",
            "docs/prompts/examples/a.md",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        assert_eq!(
            prompt_folders(&files),
            ["lib/prompts", "src/agents/memory/prompts"]
        );
        let ctx = Context {
            template_folders: prompt_folders(&files),
            ..Context::default()
        };
        let source = |path: &str| template_source(&Document::parse(path, "# x\n".into()), &ctx);
        assert!(source("src/agents/memory/prompts/consolidation_prompt.md"));
        assert!(
            !source("docs/prompts/writing.md"),
            "Markdown alone is documentation"
        );
    }

    #[test]
    fn handlebars_sources_own_their_braces() {
        let hb = |t: &str| handlebars_source(&Document::parse("a.md", t.to_string()));
        assert!(hb(
            "# {{{PKG}}}\n\nDocs for [{{{PKG}}}](https://{{{REPO}}}).\n"
        ));
        assert!(!hb("# X\n\n`{{{PKG}}}` in code\n"));
        assert!(!hb("# X\n\n{{{ not a name }}} and {{{}}}\n"));
        assert!(hb(
            "{{#options}}\n{{#option \"--x\"}}\nx\n{{/option}}\n{{/options}}\n"
        ));
        assert!(hb("{{~*set command=\"check\"}}\n"));
        assert!(!hb("{{#include ../x.rs}}\n{{#include ../y.rs}}\n"));
        assert!(!hb("Hugo: {{/* comment */}} and {{ .Title }}\n"));
        assert!(!hb("Release {{ version }}\n"));
        // Quoted in code, it is documentation of templates, not one.
        assert!(!hb("A block: `{{#options}}` … `{{/options}}`.\n"));
        assert!(fragment("doc/man/includes/section-x.md"));
        assert!(!fragment("docs/includes.md"));
        assert_eq!(
            check_text(
                &Placeholder,
                "a.md",
                "Fix `x` {{else}}{{#if}} into {{else if}}; see <code>{{man name}}</code>.\n",
                &ctx()
            ),
            ""
        );
        // A closer before the opener does not close it; many openers stay linear.
        assert!(!hb("{{/options}}\n{{#options}}\n"));
        assert!(!hb(&"{{#a ".repeat(200_000)));
        let text = "{{#options}}\nRun {{command}} now.\n{{/options}}\n";
        assert_eq!(
            check_text(&Placeholder, "doc/man/cargo-x.md", text, &ctx()),
            ""
        );
    }
}
