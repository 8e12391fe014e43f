//! `missing-path`: repository paths written in inline code that do not exist. This module
//! owns the decision of what inline code is a repository path (path-shaped, not a URL, a
//! domain, a version, a dotted identifier, a glob or a placeholder) and where it may live
//! (the repository root or the document's folder, exact case). It reads only inline code:
//! code blocks hold commands and output for other machines, and links are `broken-link`'s.

use std::collections::HashSet;
use std::ops::Range;

use super::broken_link::case_variant;
use super::{Class, Context, Document, Finding, Output, Rule, Severity};

/// The `missing-path` rule.
pub(crate) struct MissingPath;

const DOCS: &str = r#"## What it finds

A repository path written in inline code that does not exist, checked with exact case.
Inline code is read as a path when it is one token with a `/` or a file extension (see the
example), and it exists when it names a file or folder from the repository root or from the
document's folder. A trailing `:LINE` or `:LINE:COL` and a trailing `/` are ignored.

## Why

Release documents send people to scripts, plans and configuration files. When a file has
been renamed or was never committed, the step fails in the middle of a release.

## Example

```markdown
Run `scripts/smoke_test.py` against staging.   <- reported when the script does not exist
Version bumped in `VERSION` and `Cargo.toml`.  <- `Cargo.toml` reported when missing;
                                                  `VERSION` has no `/` and no extension
```

## What is not a path

So that it stays quiet on ordinary technical prose, it leaves alone:

- text with spaces, URLs, absolute and home paths, options (leading `-`), variables
  (leading `$`), globs and templates (any of `* ? [ ] { } < > = @ ( ) | , ;`);
- versions (`1.2.3`, `v1.2`), domains (`example.com`, `docs.rs`, `github.com/owner/repo`),
  dotted identifiers (`self.x`, `config.version.source`: a name without `/` needs a common
  file extension such as `md`, `rs`, `toml`, `json`, `yaml`, `py`, `js` or `sh`) and
  product names such as `Node.js`;
- a `/` path without an extension whose first folder does not exist (`owner/repo`,
  `read/write`), or with a version segment (`release/2.4`, `api/v1/users`);
- a name starting with `../`, and a lone dotfile such as `.env` (usually a file the reader
  creates);
- a well-known tool's configuration file named bare (`vite.config.ts`), and in a
  documentation site's pages (a tool's docs, written for its users) any other bare file
  name and a path whose first folder this repository lacks: the reader's own project's;
- paths under folders that are normally build output or untracked (`target/`,
  `node_modules/`, `dist/`, `build/`, `.venv/`, …) unless the repository tracks such a
  folder (a Hugo site kept in `site/`), placeholders (`path/to/file.md`,
  `your-app/config.yml`), and a path that exists elsewhere in the repository with the same
  ending (a short form of a longer path, or the file of a tutorial that the book's own
  examples have);
- a name without `/` that is made up for an example (`foo.js`, `my-app.py`), that the
  document's code blocks show (the example's own file), that a heading or the front matter
  is about, that is followed by "file", "format", "fields", … (a kind of file), or that is a
  lock file (`yarn.lock`, `Cargo.lock`: often untracked);
- a path introduced as an example or as something to create or that was removed ("a",
  "your", "new", "create", "e.g.", "removed", "renamed", "deprecated", …), and changelogs
  (`CHANGELOG`, `CHANGES`, `HISTORY`, `NEWS`) and a site's blog posts (`blog/`, `_posts/`),
  which cite paths of past releases;
- inline code that is the text of a link (the link is `broken-link`'s).

## Options

Paths that may be cited without existing, in `release.toml`; `*` matches any run of
characters and an entry ending in `/` covers everything below it:

```toml
[lint.missing-path]
ignore = ["docs/generated/", "*.local.toml"]
```
"#;

impl Rule for MissingPath {
    fn id(&self) -> &'static str {
        "missing-path"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &'static str {
        "repository paths in inline code that do not exist"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Output) {
        if super::is_history(&doc.path) {
            return;
        }
        let links = LinkSpans::of(doc);
        let mut code_names = None;
        let bytes = doc.text.as_bytes();
        let mut i = 0;
        while let Some(off) = memchr::memchr(b'`', &bytes[i..]) {
            let start = i + off;
            if doc.class_at(start) != Class::InlineCode {
                i = start + 1;
                continue;
            }
            let mut end = start + 1;
            while end < bytes.len() && doc.class_at(end) == Class::InlineCode {
                end += 1;
            }
            i = end;
            if links.contains(&(start..end)) {
                continue;
            }
            let content = doc.text[start..end].trim_matches('`').trim();
            if let Some(message) = check_span(doc, ctx, content, start..end, &mut code_names) {
                out.findings.push(Finding::new(start..end, message));
            }
        }
    }
}

/// The ranges of a document's links, to skip the code that is a link's text.
struct LinkSpans {
    /// (start, end) sorted by start, with `end` replaced by the running maximum.
    spans: Vec<(usize, usize)>,
}

impl LinkSpans {
    fn of(doc: &Document) -> LinkSpans {
        let mut spans: Vec<(usize, usize)> = doc
            .links
            .iter()
            .map(|l| (l.range.start, l.range.end))
            .collect();
        spans.sort_unstable();
        let mut max = 0;
        for s in &mut spans {
            max = max.max(s.1);
            s.1 = max;
        }
        LinkSpans { spans }
    }

    fn contains(&self, range: &Range<usize>) -> bool {
        let n = self.spans.partition_point(|s| s.0 <= range.start);
        n > 0 && self.spans[n - 1].1 >= range.end
    }
}

/// The message for one inline code span, when it is a repository path that does not exist.
fn check_span(
    doc: &Document,
    ctx: &Context,
    content: &str,
    span: Range<usize>,
    code_names: &mut Option<HashSet<String>>,
) -> Option<String> {
    let candidate = Candidate::parse(content)?;
    let path = candidate.path;
    let files = &ctx.files;
    let dir = doc.dir();
    let local = (!dir.is_empty()).then(|| format!("{dir}/{path}"));
    if files.exists(path) || local.as_deref().is_some_and(|l| files.exists(l)) {
        return None;
    }
    if !candidate.has_ext {
        // `owner/repo`, `read/write`: only a path when its first folder is one of ours;
        // `release/2.4`, `api/v1/users`: branches and routes.
        if path.split('/').any(is_version_segment) {
            return None;
        }
        let first = path.split('/').next().unwrap_or(path);
        let first_local = (!dir.is_empty()).then(|| format!("{dir}/{first}"));
        if !files.exists(first) && !first_local.as_deref().is_some_and(|l| files.exists(l)) {
            return None;
        }
    }
    if is_ignored(path, &ctx.options.ignored_paths)
        || is_generic(path, files)
        || readers_own(ctx, doc, path)
        || introduced_as_example(doc, span.start)
        || (!path.contains('/')
            && (is_example_name(path)
                || is_subject(doc, path, span.end)
                || code_names
                    .get_or_insert_with(|| names_in_code(doc))
                    .contains(path)))
    {
        return None;
    }
    let variant =
        case_variant(files, path).or_else(|| local.as_deref().and_then(|l| case_variant(files, l)));
    if let Some(other) = variant {
        return Some(format!(
            "`{content}` does not exist in the repository; it exists as `{other}` (paths are case-sensitive)"
        ));
    }
    if files.has_suffix(path) {
        return None;
    }
    Some(format!("`{content}` does not exist in the repository"))
}

/// Inline code that has the shape of a repository path.
#[derive(Debug, PartialEq, Eq)]
struct Candidate<'a> {
    /// Without `./`, `:LINE:COL` and a trailing `/`.
    path: &'a str,
    /// Whether the last segment has a file extension.
    has_ext: bool,
}

impl<'a> Candidate<'a> {
    fn parse(content: &'a str) -> Option<Candidate<'a>> {
        if content.is_empty()
            || content.len() > 256
            || content.contains(char::is_whitespace)
            || content.contains("://")
        {
            return None;
        }
        if matches!(content.as_bytes()[0], b'/' | b'~' | b'-' | b'$') {
            return None;
        }
        let mut s = strip_line_suffix(content);
        // A scope folder inside a path (`packages/@expressive-code/core/…`) is a folder; an
        // `@` anywhere else is a package name, a version or an address.
        let bytes = s.as_bytes();
        if s.char_indices()
            .any(|(i, c)| NOT_IN_PATHS.contains(&c) && !(c == '@' && i > 0 && bytes[i - 1] == b'/'))
        {
            return None;
        }
        s = s.trim_end_matches('/');
        while let Some(rest) = s.strip_prefix("./") {
            s = rest;
        }
        if s.is_empty() || s.starts_with("..") || is_version(s) {
            return None;
        }
        if s.split('/').any(|seg| matches!(seg, "" | "." | "..")) {
            return None;
        }
        let has_slash = s.contains('/');
        let last = s.rsplit('/').next().unwrap_or(s);
        let ext = last
            .rsplit_once('.')
            .filter(|(stem, _)| !stem.is_empty())
            .map(|(_, e)| e);
        let known = ext.is_some_and(|e| KNOWN_EXTENSIONS.contains(&e));
        let has_ext = if has_slash {
            known
                || ext.is_some_and(|e| {
                    (1..=5).contains(&e.len())
                        && !TLDS.contains(&e)
                        && e.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                        && e.bytes().any(|b| b.is_ascii_lowercase())
                })
        } else {
            known && !last.starts_with('.')
        };
        if !has_slash && !has_ext {
            return None;
        }
        let first = s.split('/').next().unwrap_or(s);
        if (has_slash && is_domain(first))
            || KNOWN_HOSTS.contains(&s)
            || PRODUCTS.iter().any(|p| p.eq_ignore_ascii_case(s))
        {
            return None;
        }
        Some(Candidate { path: s, has_ext })
    }
}

/// Characters of globs, templates, code and prose punctuation: text with one is not a path.
const NOT_IN_PATHS: &[char] = &[
    '*', '?', '[', ']', '{', '}', '<', '>', '$', '=', '@', '(', ')', '|', ',', ';', ':', '\\', '"',
    '\'', '`', '!', '^', '&', '#', '%', '+',
];

/// Common file extensions: a name without `/` is a path only with one of these.
const KNOWN_EXTENSIONS: &[&str] = &[
    "md",
    "markdown",
    "mdx",
    "rst",
    "adoc",
    "txt",
    "rs",
    "toml",
    "json",
    "jsonc",
    "json5",
    "yaml",
    "yml",
    "xml",
    "csv",
    "tsv",
    "py",
    "pyi",
    "ipynb",
    "js",
    "mjs",
    "cjs",
    "jsx",
    "ts",
    "mts",
    "cts",
    "tsx",
    "vue",
    "svelte",
    "sh",
    "bash",
    "zsh",
    "fish",
    "ps1",
    "bat",
    "cmd",
    "lock",
    "cfg",
    "ini",
    "go",
    "mod",
    "sum",
    "java",
    "kt",
    "kts",
    "gradle",
    "scala",
    "sbt",
    "c",
    "h",
    "cc",
    "cpp",
    "cxx",
    "hpp",
    "hh",
    "swift",
    "cs",
    "csproj",
    "sln",
    "fsproj",
    "rb",
    "gemspec",
    "php",
    "pl",
    "pm",
    "lua",
    "jl",
    "dart",
    "ex",
    "exs",
    "erl",
    "hrl",
    "hs",
    "cabal",
    "ml",
    "mli",
    "nim",
    "zig",
    "sol",
    "html",
    "htm",
    "css",
    "scss",
    "sass",
    "less",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "svg",
    "webp",
    "ico",
    "pdf",
    "sql",
    "proto",
    "graphql",
    "gql",
    "tf",
    "tfvars",
    "hcl",
    "nix",
    "mk",
    "cmake",
    "tera",
    "j2",
    "jinja",
    "hbs",
    "tmpl",
    "tpl",
    "liquid",
    "patch",
    "diff",
    "pem",
    "crt",
    "dockerfile",
    "containerfile",
    "service",
    "plist",
    "xcconfig",
    "podspec",
    "properties",
    "r",
    "rmd",
    "qmd",
    "tex",
    "bib",
    "wxs",
    "nsi",
    "desktop",
];

/// Top-level domains that end a repository name (`nodejs/nodejs.org`) more often than a file.
const TLDS: &[&str] = &[
    "com", "org", "net", "io", "dev", "app", "ai", "co", "me", "gov", "edu", "info", "xyz",
];

/// Hosts whose name ends like a file: `docs.rs` is a site, not a Rust file.
const KNOWN_HOSTS: &[&str] = &["docs.rs", "lib.rs", "deps.rs", "crates.io", "blog.rs"];

/// Product names shaped like files.
const PRODUCTS: &[&str] = &[
    "node.js",
    "vue.js",
    "next.js",
    "nuxt.js",
    "react.js",
    "three.js",
    "d3.js",
    "chart.js",
    "express.js",
    "ember.js",
    "angular.js",
    "alpine.js",
    "backbone.js",
    "underscore.js",
    "moment.js",
    "day.js",
    "p5.js",
    "socket.io",
    "asp.net",
];

/// Folders that are build output or untracked by convention.
const UNTRACKED_DIRS: &[&str] = &[
    "target",
    "node_modules",
    "dist",
    "build",
    "out",
    "_build",
    "_site",
    "site",
    "book",
    "public",
    "bin",
    "obj",
    "pkg",
    "vendor",
    "tmp",
    "coverage",
    "logs",
    "log",
    ".git",
    ".venv",
    "venv",
    "env",
    "__pycache__",
    ".cache",
    ".next",
    ".nuxt",
    ".tox",
    ".pytest_cache",
    ".mypy_cache",
    ".terraform",
    ".idea",
    ".vscode",
];

/// `src/main.rs:10`, `src/main.rs:10:5`: the path without the position.
fn strip_line_suffix(s: &str) -> &str {
    let mut s = s;
    for _ in 0..2 {
        if let Some((head, tail)) = s.rsplit_once(':') {
            if !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit()) {
                s = head;
            }
        }
    }
    s
}

/// `1.2.3`, `v1.2`, `2.4.0-rc.1`.
fn is_version(s: &str) -> bool {
    let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
    s.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && s.contains('.')
        && !s.contains('/')
        && s.split(['.', '-'])
            .next()
            .is_some_and(|m| m.bytes().all(|b| b.is_ascii_digit()))
}

/// `v1`, `2.4`, `v2.4.0`.
fn is_version_segment(seg: &str) -> bool {
    let s = seg.strip_prefix(['v', 'V']).unwrap_or(seg);
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// `github.com`, `pkg.go.dev`, `bit.ly`: a first segment that is a host name.
fn is_domain(first: &str) -> bool {
    if first.starts_with('.') || !first.contains('.') {
        return false;
    }
    if first.starts_with("www.") || KNOWN_HOSTS.contains(&first) {
        return true;
    }
    let tld = first.rsplit('.').next().unwrap_or("");
    (2..=6).contains(&tld.len())
        && tld.bytes().all(|b| b.is_ascii_lowercase())
        && !KNOWN_EXTENSIONS.contains(&tld)
}

/// Placeholders and build output: never a path the repository should hold. A folder named
/// like build output that the repository tracks is its own (kind's Hugo site in `site/`).
fn is_generic(path: &str, files: &super::files::FileSet) -> bool {
    let first = path.split('/').next().unwrap_or(path);
    let lower = first.to_ascii_lowercase();
    (UNTRACKED_DIRS.contains(&first) && !(path.contains('/') && files.is_dir(first)))
        || path.contains("path/to/")
        || matches!(
            lower.as_str(),
            "path" | "foo" | "bar" | "baz" | "qux" | "xxx" | "example" | "user" | "username"
        )
        || ["your", "my", "some"]
            .iter()
            .any(|p| lower.starts_with(p) && path.contains('/'))
}

/// The configuration files of well-known tools, by bare name: in documentation they are the
/// reader's own (`vite.config.ts` in a guide, `mkdocs.yml` in a how-to), not this
/// repository's. A project manifest (`package.json`, `Cargo.toml`) is not one of them: a
/// release document that names one means this repository's.
const TOOL_FILES: &[&str] = &[
    "tsconfig.json",
    "jsconfig.json",
    ".editorconfig",
    ".babelrc",
    ".prettierrc",
    "mkdocs.yml",
    "mkdocs.yaml",
    "conf.py",
    "myst.yml",
    "zensical.toml",
    "zensical.yml",
    "book.toml",
    "hugo.toml",
    "_config.yml",
];

/// Config-file stems that come with any script extension (`vite.config.mjs`).
const TOOL_CONFIG_STEMS: &[&str] = &[
    "vite.config",
    "vitest.config",
    "vitepress.config",
    "webpack.config",
    "rollup.config",
    "babel.config",
    "jest.config",
    "eslint.config",
    "prettier.config",
    "tailwind.config",
    "postcss.config",
    "next.config",
    "nuxt.config",
    "astro.config",
    "svelte.config",
    "docusaurus.config",
    "playwright.config",
];

/// A path that is the reader's, not this repository's: a well-known tool's configuration
/// file named bare; and in a documentation site's pages (a tool's docs, written for its
/// users), any bare file name and any path whose first folder this repository lacks.
fn readers_own(ctx: &Context, doc: &Document, path: &str) -> bool {
    let bare = !path.contains('/');
    if bare
        && (TOOL_FILES.contains(&path)
            || TOOL_CONFIG_STEMS.iter().any(|stem| {
                path.strip_prefix(stem)
                    .is_some_and(|ext| ext.starts_with('.'))
            }))
    {
        return true;
    }
    if ctx.sites.of(&doc.path).is_none() {
        return false;
    }
    let first = path
        .trim_start_matches("./")
        .split('/')
        .next()
        .unwrap_or(path);
    bare || !ctx.files.exists(first)
}

/// Words that introduce an example or something to create.
const EXAMPLE_WORDS: &[&str] = &[
    "a",
    "an",
    "your",
    "new",
    "own",
    "my",
    "create",
    "creates",
    "named",
    "called",
    "e.g.",
    "eg",
    "i.e.",
    "like",
    "such",
    "as",
    "example",
    "examples",
    "say",
    "hypothetical",
];

/// Words of a line that speaks of a path that no longer is, or is generated.
const PAST_WORDS: &[&str] = &[
    "remove",
    "delete",
    "rename",
    "moved",
    "move ",
    "drop",
    "deprecat",
    "formerly",
    "legacy",
    "no longer",
    "instead of",
    "replaced",
    "replaces",
    "used to",
    "obsolete",
    "gitignore",
    "generated",
    "generates",
];

/// A path introduced as an example or as something to create (the word before it), or a
/// line that speaks of something removed, renamed or generated.
fn introduced_as_example(doc: &Document, start: usize) -> bool {
    let line = doc.line_col(start).0;
    let line_range = doc.line_range(line);
    let (line_start, line_end) = (line_range.start, line_range.end.max(start));
    // The words before the span (at most 120 bytes), across a soft line break of the same
    // paragraph; searching only that window keeps a huge paragraph linear.
    let mut window = start.saturating_sub(120);
    while !doc.text.is_char_boundary(window) {
        window += 1;
    }
    let mut from = doc.text[window..start]
        .rfind("\n\n")
        .map_or(window, |i| window + i + 2);
    while !doc.text.is_char_boundary(from) {
        from += 1;
    }
    let prefix = doc.text[from..start].to_lowercase();
    let line = doc.text[line_start..line_end].to_lowercase();
    let last_word = prefix
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or("")
        .trim_end_matches([':', ',', ';']);
    // "a file `addon.js`", "your config `app.yml`": a made-up or the reader's own file.
    let mut words = prefix.split_whitespace().rev();
    let (last, before) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let article_noun = matches!(
        last,
        "file" | "config" | "script" | "module" | "directory" | "folder"
    ) && matches!(
        before,
        "a" | "an" | "your" | "new" | "some" | "any" | "each"
    );
    EXAMPLE_WORDS.contains(&last_word)
        || article_noun
        || lists_examples(&prefix)
        || PAST_WORDS.iter().any(|w| line.contains(w))
}

/// A bare file name used as the name of a kind of file rather than of one file: the
/// document has a heading or a front-matter title about it ("`package-lock.json` vs `npm-shrinkwrap.json`"), or
/// the next word says so ("`package.json` files", "the `setup.cfg` format").
fn is_subject(doc: &Document, name: &str, after: usize) -> bool {
    if doc.headings.iter().any(|h| h.text.contains(name)) {
        return true;
    }
    let meta_end = doc
        .text
        .bytes()
        .enumerate()
        .take_while(|&(i, _)| doc.class_at(i) == Class::Meta)
        .count();
    if doc.text.get(..meta_end).is_some_and(|m| m.contains(name)) {
        return true;
    }
    let rest = doc.text.get(after.min(doc.text.len())..).unwrap_or("");
    let next: String = rest
        .trim_start_matches(['`', ' '])
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect::<String>()
        .to_lowercase();
    matches!(
        next.as_str(),
        "file"
            | "files"
            | "format"
            | "formats"
            | "syntax"
            | "schema"
            | "spec"
            | "specification"
            | "entries"
            | "entry"
            | "field"
            | "fields"
            | "key"
            | "keys"
            | "section"
            | "sections"
            | "template"
            | "templates"
            | "manifest"
            | "manifests"
    )
}

/// `foo.js`, `a.py`, `my-app.js`: names made up for an example; and lock files, which
/// are often untracked and are named as a kind of file (`yarn.lock`, `Cargo.lock`).
fn is_example_name(name: &str) -> bool {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    if matches!(ext, "lock" | "lockb")
        || matches!(
            name,
            "package-lock.json" | "npm-shrinkwrap.json" | "pnpm-lock.yaml" | "go.sum"
        )
    {
        return true;
    }
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(
        stem.as_str(),
        "foo"
            | "bar"
            | "baz"
            | "qux"
            | "a"
            | "b"
            | "c"
            | "x"
            | "y"
            | "z"
            | "test"
            | "test1"
            | "test2"
            | "example"
            | "sample"
            | "demo"
            | "script"
            | "file"
            | "hello"
            | "hello-world"
            | "hello_world"
    ) || [
        "my-", "my_", "your-", "your_", "some-", "some_", "example-", "example_",
    ]
    .iter()
    .any(|p| stem.starts_with(p))
}

/// The file names that appear in the document's code blocks: a bare name shown in an
/// example (`require('./circle.js')`) is the example's file, not the repository's.
fn names_in_code(doc: &Document) -> HashSet<String> {
    let mut names = HashSet::new();
    for block in &doc.code_blocks {
        let Some(code) = doc.text.get(block.content.clone()) else {
            continue;
        };
        for token in
            code.split(|c: char| !(c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '/')))
        {
            let name = token.rsplit('/').next().unwrap_or(token);
            if name.contains('.') && name.len() <= 100 {
                names.insert(name.to_string());
            }
        }
    }
    names
}

/// Whether the sentence so far introduces examples ("such as `a.md`, `b.md`").
fn lists_examples(prefix: &str) -> bool {
    let mut prefix = prefix.split_whitespace().collect::<Vec<_>>().join(" ");
    prefix.push(' ');
    let prefix = prefix.as_str();
    // The current sentence: after the last ". " that does not end "e.g." or "i.e.".
    let mut sentence = prefix;
    let mut search = prefix;
    while let Some(i) = search.rfind(". ") {
        let before = &search[..i];
        if before.ends_with("e.g") || before.ends_with("i.e") {
            search = before;
            continue;
        }
        sentence = &prefix[i + 2..];
        break;
    }
    ["such as ", "e.g.", "for example", "for instance", "like "]
        .iter()
        .any(|p| sentence.contains(p))
}

/// Whether `path` is covered by `ignored-paths`: equal, below an entry ending in `/`, or
/// matched by an entry with `*` (any run of characters).
fn is_ignored(path: &str, ignored: &[String]) -> bool {
    ignored.iter().any(|entry| {
        let entry = entry.trim_start_matches("./");
        if entry.contains('*') {
            return glob(entry.as_bytes(), path.as_bytes());
        }
        let bare = entry.trim_end_matches('/');
        path == bare || (path.starts_with(bare) && path.as_bytes().get(bare.len()) == Some(&b'/'))
    })
}

/// Wildcard match where `*` matches any run of bytes (linear backtracking on the last `*`).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&b| b == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(s: &str) -> Option<(&str, bool)> {
        Candidate::parse(s).map(|c| (c.path, c.has_ext))
    }

    #[test]
    fn path_shaped_inline_code() {
        for (input, want) in [
            ("Cargo.toml", Some(("Cargo.toml", true))),
            (
                "scripts/smoke_test.py",
                Some(("scripts/smoke_test.py", true)),
            ),
            ("./scripts/x.sh", Some(("scripts/x.sh", true))),
            ("src/main.rs:10", Some(("src/main.rs", true))),
            ("src/main.rs:10:5", Some(("src/main.rs", true))),
            ("docs/deploy/", Some(("docs/deploy", false))),
            ("docs/deploy", Some(("docs/deploy", false))),
            (
                ".github/workflows/ci.yml",
                Some((".github/workflows/ci.yml", true)),
            ),
            ("assets/logo.webp", Some(("assets/logo.webp", true))),
            ("data/file.parq", Some(("data/file.parq", true))),
            ("VERSION", None),
            ("Makefile", None),
            ("https://example.com/a.md", None),
            ("/etc/hosts", None),
            ("~/.cargo/config.toml", None),
            ("--config=x.toml", None),
            ("$HOME/x.md", None),
            ("*.md", None),
            ("docs/{a,b}.md", None),
            ("<path>/x.md", None),
            ("1.2.3", None),
            ("v1.2", None),
            ("2.4.0-rc.1", None),
            ("example.com", None),
            ("docs.rs", None),
            ("github.com/x/y", None),
            ("pkg.go.dev/net/http", None),
            ("std::fs", None),
            ("foo.bar()", None),
            ("self.x", None),
            ("config.version.source", None),
            ("Node.js", None),
            (".env", None),
            (".eslintrc.json", None),
            ("../x.md", None),
            ("a b.md", None),
            ("x.md#anchor", None),
            ("C++", None),
            ("e.g", None),
            ("", None),
        ] {
            assert_eq!(shape(input), want, "{input:?}");
        }
    }

    #[test]
    fn globs_and_ignored_paths() {
        assert!(glob(b"*.local.toml", b"app.local.toml"));
        assert!(glob(b"docs/*/x.md", b"docs/a/b/x.md"));
        assert!(!glob(b"*.toml", b"x.md"));
        let ignored = vec!["docs/generated/".to_string(), "x.md".to_string()];
        assert!(is_ignored("docs/generated/a.md", &ignored));
        assert!(is_ignored("x.md", &ignored));
        assert!(!is_ignored("docs/generatedx/a.md", &ignored));
    }

    use crate::lint::{check_text, FileSet};

    fn ctx(list: &[&str]) -> Context {
        Context {
            version: Some(semver::Version::new(2, 4, 0)),
            version_source: "VERSION".to_string(),
            files: FileSet::from_files(list.iter().map(|s| (*s).to_string())),
            ..Context::default()
        }
    }

    const FILES: &[&str] = &[
        "README.md",
        "Cargo.toml",
        "ok.md",
        "bad.md",
        "docs/guide.md",
        "docs/deploy/ROLLBACK.md",
        "scripts/release.sh",
        "src/main.rs",
        "src/lint/mod.rs",
        ".github/workflows/ci.yml",
        "api/openapi.yaml",
        "release/notes.md",
    ];

    #[test]
    fn ok_fixture_is_clean() {
        let text = include_str!("../../fixtures/lint/missing-path/ok.md");
        assert_eq!(check_text(&MissingPath, "ok.md", text, &ctx(FILES)), "");
    }

    #[test]
    fn bad_fixture() {
        let text = include_str!("../../fixtures/lint/missing-path/bad.md");
        let expected = include_str!("../../fixtures/lint/missing-path/bad.expected");
        assert_eq!(
            check_text(&MissingPath, "bad.md", text, &ctx(FILES)),
            expected
        );
    }

    #[test]
    fn paths_resolve_from_the_root_or_the_documents_folder() {
        let ctx = ctx(FILES);
        let text = "See `deploy/ROLLBACK.md`, `guide.md` and `deploy/PLAN.md`.\n";
        assert_eq!(
            check_text(&MissingPath, "docs/x.md", text, &ctx),
            "1:42 warning missing-path: `deploy/PLAN.md` does not exist in the repository\n"
        );
    }

    #[test]
    fn a_scope_folder_inside_a_path_is_a_folder() {
        let text =
            "Edit `packages/@scope/core/src/gone.ts`; install `@scope/core` or `core@2.0.0`.\n";
        assert_eq!(
            check_text(&MissingPath, "a.md", text, &ctx(FILES)),
            "1:6 warning missing-path: `packages/@scope/core/src/gone.ts` does not exist in the repository\n"
        );
    }

    #[test]
    fn a_folder_named_like_build_output_that_the_repository_tracks_is_its_own() {
        let text = "Run `site/build.sh` and open `dist/index.html`.\n";
        // Untracked build output, as usual.
        assert_eq!(check_text(&MissingPath, "a.md", text, &ctx(FILES)), "");
        // kind keeps its Hugo site in `site/`.
        let mut files = FILES.to_vec();
        files.push("site/config.toml");
        assert_eq!(
            check_text(&MissingPath, "a.md", text, &ctx(&files)),
            "1:5 warning missing-path: `site/build.sh` does not exist in the repository\n"
        );
    }

    #[test]
    fn ignored_paths_are_never_flagged() {
        let mut ctx = ctx(FILES);
        ctx.options.ignored_paths = vec!["scripts/smoke_test.py".to_string()];
        let text = "Run `scripts/smoke_test.py`.\n";
        assert_eq!(check_text(&MissingPath, "bad.md", text, &ctx), "");
    }

    #[test]
    fn worked_example() {
        let files = [
            "VERSION",
            "EXPECTED.md",
            "docs/RELEASE_READINESS.md",
            "docs/deploy/ROLLBACK.md",
        ];
        let text = include_str!("../../fixtures/lint/release-readiness/docs/RELEASE_READINESS.md");
        assert_eq!(
            check_text(
                &MissingPath,
                "docs/RELEASE_READINESS.md",
                text,
                &ctx(&files)
            ),
            "9:42 warning missing-path: `Cargo.toml` does not exist in the repository\n\
             22:5 warning missing-path: `scripts/smoke_test.py` does not exist in the repository\n"
        );
        let rollback =
            include_str!("../../fixtures/lint/release-readiness/docs/deploy/ROLLBACK.md");
        assert_eq!(
            check_text(
                &MissingPath,
                "docs/deploy/ROLLBACK.md",
                rollback,
                &ctx(&files)
            ),
            ""
        );
    }

    #[test]
    fn the_docs_of_both_rules_are_clean() {
        let ctx = ctx(&["README.md", "release.toml"]);
        for rule in [
            &MissingPath as &dyn Rule,
            &super::super::broken_link::BrokenLink,
        ] {
            for checker in [
                &MissingPath as &dyn Rule,
                &super::super::broken_link::BrokenLink,
            ] {
                assert_eq!(
                    check_text(checker, "DOCS.md", rule.docs(), &ctx),
                    "",
                    "{} docs",
                    rule.id()
                );
            }
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let ctx = ctx(&["a.md"]);
        for text in [
            "",
            "`",
            "``",
            "` `",
            "`é/ü.md`",
            "`a/b.md:`",
            "`:1`",
            "`./`",
            "`.`",
            "`a//b.md`",
        ] {
            let _ = check_text(&MissingPath, "d/a.md", text, &ctx);
        }
    }
}
