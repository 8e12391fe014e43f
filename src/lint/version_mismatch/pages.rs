//! Page-version statements: a page saying which release of a tool it describes ("This page
//! applies to relman 2.4.0 and later", "This is the documentation for relman 2.4.0", "This
//! guide was written for relman 2.4.0", "Tested with relman 2.4.0"). This module finds them in
//! a line rendered by `version_mismatch`, decides whether the name they give is the project's
//! (a package name, a name this document's install snippets give with the current version, or,
//! when no name is known at all, a plausible guess) and reports those naming another version.

use std::cmp::Ordering;
use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::ascii_regex;

use super::{quoted_or_hypothetical, snippets, window_before, Checker, EXAMPLE_LINE};
use crate::lint::versions::version_at;
use crate::lint::{Class, Finding};

/// How a statement ties the page to the version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Form {
    /// The page speaks of itself: "this page applies to", "this is the documentation for",
    /// "this guide was written for".
    Page,
    /// "Tested with NAME X" at the start of a sentence: about the project only when NAME is
    /// known to be one of its names.
    Tested,
}

/// A statement in a rendered line (offsets into that line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Statement {
    /// From its first word to the end of the version and of "and later" or "+".
    pub(crate) range: Range<usize>,
    pub(crate) name: Range<usize>,
    /// Where the version starts.
    pub(crate) v: usize,
    pub(crate) form: Form,
}

/// Words without which a line holds no statement (lower case, found anywhere).
pub(super) const WORDS: &[&str] = &[
    "apply",
    "applies",
    "documentation",
    "docs",
    "manual",
    "guide",
    "reference",
    "handbook",
    "written",
    "updated",
    "tested",
    "verified",
];

const NAME: &str = r"(?P<name>@?[A-Za-z][\w.+-]*(?:/[\w.-]+)*)";
const V: &str = r"[ \t]+(?:version[ \t]+)?(?P<v>[vV]?\d+\.\d+\.\d+)";
/// What a page calls itself. A section or a chapter that "applies to relman 2.0.0 and later"
/// says when a feature arrived, which stays true.
const NOUN: &str = r"(?:page|pages|guide|document|documentation|docs|tutorial|article|manual|book|reference|walkthrough|how-?to|handbook|readme)";

static PATTERNS: LazyLock<Vec<(Regex, Form)>> = LazyLock::new(|| {
    let subject = format!(r"(?-u:\b)(?:this|these)[ \t]+(?:[\w-]+[ \t]+)?{NOUN}");
    let r = |s: String| ascii_regex(&s).unwrap();
    vec![
        // This page applies to NAME X (and later).
        (
            r(format!(
                r"(?i){subject}[ \t]+(?:(?:only|also|still)[ \t]+)?appl(?:y|ies)[ \t]+(?:only[ \t]+)?to[ \t]*:?[ \t]+{NAME}{V}"
            )),
            Form::Page,
        ),
        // Applies to: NAME X, a field at the start of a line.
        (
            r(format!(
                r"(?i)^[ \t]*appl(?:y|ies)[ \t]+to[ \t]*:[ \t]*{NAME}{V}"
            )),
            Form::Page,
        ),
        // This is the documentation for NAME X. You're reading the docs for NAME X.
        (
            r(format!(
                r"(?i)(?:(?-u:\b)(?:this|these)[ \t]+(?:(?:is|are)[ \t]+)?|(?-u:\b)you(?:'|’)?re[ \t]+(?:reading|viewing)[ \t]+|(?-u:\b)you[ \t]+are[ \t]+(?:reading|viewing)[ \t]+)(?:the[ \t]+)?(?:[\w-]+[ \t]+)?(?:documentation|docs|manual|guide|reference|handbook)[ \t]+(?:(?:is|are)[ \t]+)?(?:(?:written|intended|meant)[ \t]+)?for[ \t]+{NAME}{V}"
            )),
            Form::Page,
        ),
        // This guide was written for NAME X. This page was last tested with NAME X.
        (
            r(format!(
                r"(?i){subject}[ \t]+(?:is|was|were|are|has[ \t]+been|have[ \t]+been)[ \t]+(?:last[ \t]+)?(?:written|updated|tested|verified)[ \t]+(?:for|with|against|on|using)[ \t]+{NAME}{V}"
            )),
            Form::Page,
        ),
        // Tested with NAME X, at the start of a line or a sentence.
        (
            r(format!(
                r"(?i)(?:^[ \t]*|[.!?:][ \t]+)(?:last[ \t]+)?(?:tested|verified)[ \t]+(?:with|against|on|using)[ \t]+{NAME}{V}"
            )),
            Form::Tested,
        ),
    ]
});

/// After the version: "and later", "+", "onwards" (kept in the quote).
static LATER: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)^(?:[ \t]*\+|[ \t]+(?:(?:and|or)[ \t]+(?:later|newer|above|higher|greater|up)|onwards?|and[ \t]+beyond)(?-u:\b))")
        .unwrap()
});

/// After the version: a range, a list of versions, or a page deliberately about old versions.
static NOT_CURRENT: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)^(?:[ \t]*(?:-|–|—|,|/|\.\.)[ \t]*[vV]?\d|[ \t]+(?:to|through|thru|and|or|until)[ \t]+[vV]?\d|[ \t]+(?:and|or)[ \t]+(?:earlier|older|below|before|lower|prior)|[ \t]+only(?-u:\b)|[ \t]*\((?:and|or)[ \t]+(?:earlier|older|below|lower)|[ \t]*(?:<|≤))")
        .unwrap()
});

/// Page statements in one rendered line, in order. `end_of(v)` is where the version that
/// starts at `v` ends; `next` is the next line of the paragraph ("… 2.3.0 and" may go on
/// with "earlier").
fn find(buf: &[u8], next: &str, end_of: impl Fn(usize) -> Option<usize>) -> Vec<Statement> {
    let mut found: Vec<Statement> = Vec::new();
    for (re, form) in PATTERNS.iter() {
        for caps in re.captures_iter(buf) {
            let (Some(whole), Some(name), Some(v)) =
                (caps.get(0), caps.name("name"), caps.name("v"))
            else {
                continue;
            };
            let Some(vend) = end_of(v.start()) else {
                continue;
            };
            let after = &buf[vend..];
            if NOT_CURRENT.is_match(after) {
                continue;
            }
            if after.len() < 16 && !next.is_empty() {
                let mut joined = after.to_vec();
                joined.push(b' ');
                joined.extend_from_slice(next.trim_start().as_bytes());
                if NOT_CURRENT.is_match(&joined) {
                    continue;
                }
            }
            let end = vend + LATER.find(after).map_or(0, |m| m.end());
            let mut start = whole.start();
            while start < v.start() && !buf[start].is_ascii_alphabetic() {
                start += 1;
            }
            found.push(Statement {
                range: start..end,
                name: name.start()..name.end(),
                v: v.start(),
                form: *form,
            });
        }
    }
    found.sort_by_key(|s| s.v);
    found.dedup_by_key(|s| s.v);
    found
}

/// Words that stand where a name would and are none.
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "our",
    "your",
    "its",
    "this",
    "that",
    "these",
    "those",
    "all",
    "any",
    "every",
    "each",
    "version",
    "versions",
    "release",
    "releases",
    "v",
    "api",
    "schema",
    "spec",
    "specification",
    "protocol",
    "format",
    "standard",
    "edition",
    "level",
    "tier",
    "plan",
    "revision",
    "rev",
    "build",
    "update",
    "patch",
];

/// Tools, languages and platforms whose versions documentation names as requirements. A page
/// "written for" one of them speaks of it, never of the project.
const OTHER_TOOLS: &[&str] = &[
    "android",
    "angular",
    "ansible",
    "apache",
    "babel",
    "bash",
    "brew",
    "bun",
    "bundler",
    "c",
    "cargo",
    "centos",
    "chrome",
    "clang",
    "cmake",
    "composer",
    "conda",
    "containerd",
    "cpp",
    "curl",
    "debian",
    "deno",
    "django",
    "docker",
    "dotnet",
    "electron",
    "elixir",
    "emacs",
    "erlang",
    "eslint",
    "fedora",
    "firefox",
    "flask",
    "gcc",
    "gem",
    "gh",
    "git",
    "glibc",
    "go",
    "golang",
    "gradle",
    "grpc",
    "helm",
    "homebrew",
    "hugo",
    "ios",
    "java",
    "jdk",
    "jekyll",
    "jest",
    "k8s",
    "kafka",
    "kotlin",
    "kubectl",
    "kubernetes",
    "linux",
    "llvm",
    "macos",
    "make",
    "mariadb",
    "maven",
    "mdbook",
    "minikube",
    "mkdocs",
    "mongo",
    "mongodb",
    "msrv",
    "musl",
    "mvn",
    "mysql",
    "neovim",
    "next",
    "nextjs",
    "nginx",
    "nix",
    "node",
    "node.js",
    "nodejs",
    "npm",
    "nvim",
    "openjdk",
    "openssl",
    "perl",
    "php",
    "pip",
    "pipx",
    "pnpm",
    "podman",
    "poetry",
    "postgres",
    "postgresql",
    "prettier",
    "protobuf",
    "protoc",
    "psql",
    "pytest",
    "python",
    "python3",
    "rails",
    "react",
    "redis",
    "rhel",
    "ruby",
    "rust",
    "rustc",
    "rustup",
    "safari",
    "scala",
    "sphinx",
    "sqlite",
    "swift",
    "terraform",
    "tmux",
    "tokio",
    "tox",
    "typescript",
    "ubuntu",
    "uv",
    "vagrant",
    "vim",
    "vite",
    "vscode",
    "vue",
    "wasmtime",
    "webpack",
    "windows",
    "xcode",
    "yarn",
    "zig",
    "zsh",
];

/// Whether a word in a name's place can name anything at all.
pub(super) fn is_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !NOT_NAMES.contains(&lower.as_str())
}

/// Whether a name nothing confirms may still be taken for the project's own: written like a
/// command or a package (lower case), and no well-known tool.
pub(super) fn may_be_project(name: &str) -> bool {
    name.len() >= 2
        && name.bytes().any(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
        && !OTHER_TOOLS.contains(&name)
}

/// Whether a document is an archived copy of older docs or a history file, whose page
/// statements name old versions on purpose: a folder naming a version (`v2.8/`,
/// `version-2.8.0/`, `versioned_docs/`, `archive/`) or a changelog-like file name.
pub(super) fn is_archive(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut parts = lower.split('/').rev();
    let file = parts.next().unwrap_or("");
    let stem = file
        .split('.')
        .next()
        .unwrap_or(file)
        .replace(['-', '_', ' '], "");
    if matches!(
        stem.as_str(),
        "changelog" | "changes" | "history" | "news" | "releases" | "releasenotes"
    ) {
        return true;
    }
    parts.any(|dir| {
        matches!(
            dir,
            "versioned_docs"
                | "versioned-docs"
                | "versions"
                | "archive"
                | "archived"
                | "archives"
                | "old"
                | "legacy"
                | "previous"
        ) || dir_names_version(dir)
    })
}

/// `v2.8`, `2.8.0`, `version-2.8.0`, `docs-1.x`: a folder for one release line.
fn dir_names_version(dir: &str) -> bool {
    let bytes = dir.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| {
        b.is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit()) && {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                j += 1;
            }
            j + 1 < bytes.len()
                && bytes[j] == b'.'
                && (bytes[j + 1].is_ascii_digit() || bytes[j + 1] == b'x')
        }
    })
}

impl Checker<'_> {
    /// "This page applies to NAME X and later" and the like, in the line rendered with its
    /// code: reported when NAME is the project's and X is not the current version.
    pub(super) fn page_statements(&mut self, line: usize) {
        if EXAMPLE_LINE.is_match(&self.buf.to_ascii_lowercase()) {
            return;
        }
        let statements = {
            let buf = &self.buf;
            let next = self.doc.line_text(line + 1);
            let next = &next[..next.floor_char_boundary(64)];
            find(buf, next, |v| version_at(buf, v).map(|(_, end)| end))
        };
        for st in statements {
            let at = self.map[st.v];
            if self.reported.contains(&at)
                || quoted_or_hypothetical(window_before(&self.buf, st.range.start, 64))
                || self.doc.links.iter().any(|l| l.range.contains(&at))
            {
                continue;
            }
            let Some((named, _)) = version_at(&self.buf, st.v) else {
                continue;
            };
            let written = String::from_utf8_lossy(&self.buf[st.name.clone()]).into_owned();
            let name = written.to_ascii_lowercase();
            if !is_name(&name) {
                continue;
            }
            // A name that links to a page on the web is another project's ("applies to
            // [cloud-provider-kind](https://github.com/…/cloud-provider-kind) v0.9.0+").
            let name_at = self.map[st.name.start];
            if self.doc.links.iter().any(|l| {
                l.range.contains(&name_at)
                    && (l.dest.starts_with("https://") || l.dest.starts_with("http://"))
            }) {
                continue;
            }
            let range = self.map[st.range.start]..self.map[st.range.end - 1] + 1;
            // History and release documents name their own versions.
            if !self.scopes.get().statements_at(range.start) {
                continue;
            }
            let confirmed = self.is_package(&name) || self.infers(Some(&name));
            if !confirmed
                && (st.form == Form::Tested
                    || !self.packages.is_empty()
                    || self.infers(None)
                    || !may_be_project(&written))
            {
                continue;
            }
            let current = self.current;
            let same_release = named.pre.is_empty()
                && (named.major, named.minor, named.patch)
                    == (current.major, current.minor, current.patch);
            let order = named.cmp_precedence(current);
            if same_release || order == Ordering::Equal {
                continue;
            }
            let quote = String::from_utf8_lossy(&self.buf[st.range.clone()]);
            let quote = quote.trim();
            let source = if self.source.is_empty() {
                String::new()
            } else {
                format!(" ({})", self.source)
            };
            let finding = if order == Ordering::Less {
                // A name nothing confirms is the project's only as a recent release line.
                if !confirmed && named.major != current.major {
                    continue;
                }
                Finding::new(
                    range,
                    format!(
                        "\"{quote}\", but the version is {current}{source}: update the page or its version"
                    ),
                )
                .warning()
            } else {
                if !confirmed {
                    continue;
                }
                Finding::new(
                    range,
                    format!(
                        "\"{quote}\", but the version is {current}{source}: the page is ahead of every release"
                    ),
                )
            };
            self.out.findings.push(finding);
        }
    }

    /// Whether this document's install snippets give the project's name `name` (with `None`:
    /// any name). The snippets are read in order, only as far as the answer needs, and once.
    fn infers(&mut self, name: Option<&str>) -> bool {
        loop {
            let names = &self.inferred.names;
            let known = match name {
                Some(name) => names.iter().any(|n| n == name),
                None => !names.is_empty(),
            };
            if known {
                return true;
            }
            if !self.infer_next() {
                return false;
            }
        }
    }

    /// Read the names of the next line or code span naming exactly the current version:
    /// `cargo install NAME --version CURRENT`, `NAME = "CURRENT"`,
    /// `{ "name": "NAME", "version": "CURRENT" }`. False when there is none left.
    fn infer_next(&mut self) -> bool {
        let v = self.current;
        let plain = format!("{}.{}.{}", v.major, v.minor, v.patch);
        let text = &self.doc.text;
        let from = self.inferred.next;
        let Some(at) = text
            .get(from..)
            .and_then(|rest| memchr::memmem::find(rest.as_bytes(), plain.as_bytes()))
            .map(|i| from + i)
        else {
            self.inferred.next = text.len() + 1;
            return false;
        };
        let mut names = std::mem::take(&mut self.inferred.names);
        self.inferred.next = self.names_around(at, &mut names).max(at + 1);
        self.inferred.names = names;
        true
    }

    /// The names given by the code around `at` (an occurrence of the current version), and
    /// where the code read ends.
    fn names_around(&self, at: usize, names: &mut Vec<String>) -> usize {
        let v = self.current;
        let text = &self.doc.text;
        match self.doc.class_at(at) {
            Class::CodeBlock => {
                let line = self.doc.line_col(at).0;
                let range = self.doc.line_range(line);
                let Some(block) = self.block_at(range.start) else {
                    return range.end;
                };
                let code = &text[range.clone()];
                let info = block.info.split_whitespace().next().unwrap_or("");
                if (info == "diff" || info == "patch") && code.starts_with('-') {
                    return range.end;
                }
                let declares = text[block.content.clone()].contains("ependencies\"");
                snippets::names_at(code, declares, v, names);
                if snippets::is_version_key(code, v) {
                    // A manifest over several lines: `name = "NAME"` above it.
                    let first = self.doc.line_col(block.content.start).0;
                    let name = (first.max(line.saturating_sub(8))..line)
                        .rev()
                        .map(|l| self.doc.line_text(l))
                        .take_while(|l| !l.trim_start().starts_with('[') && !l.contains('}'))
                        .find_map(snippets::name_key);
                    if let Some(name) = name {
                        snippets::add_name(name, names);
                    }
                }
                range.end
            }
            Class::InlineCode => {
                let mut start = at;
                while start > 0 && self.doc.class_at(start - 1) == Class::InlineCode {
                    start -= 1;
                }
                let mut end = at;
                while end < text.len() && self.doc.class_at(end) == Class::InlineCode {
                    end += 1;
                }
                if let Some(span) = text.get(start..end) {
                    snippets::names_at(span.trim_matches('`'), false, v, names);
                }
                end
            }
            _ => at + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::versions::version_at;

    fn statements(line: &str) -> Vec<(String, String, Form)> {
        let buf = line.as_bytes();
        find(buf, "", |v| version_at(buf, v).map(|(_, end)| end))
            .into_iter()
            .map(|s| (line[s.range].to_string(), line[s.name].to_string(), s.form))
            .collect()
    }

    #[test]
    fn statements_are_found() {
        assert_eq!(
            statements("This page applies to relctl 2.8.0 and later."),
            [(
                "This page applies to relctl 2.8.0 and later".to_string(),
                "relctl".to_string(),
                Form::Page
            )]
        );
        for (line, quote) in [
            (
                "Note: this guide only applies to relctl v2.8.0+.",
                "this guide only applies to relctl v2.8.0+",
            ),
            ("Applies to: relctl 2.8.0", "Applies to: relctl 2.8.0"),
            (
                "This is the documentation for relctl version 2.8.0.",
                "This is the documentation for relctl version 2.8.0",
            ),
            (
                "You're reading the docs for relctl 2.8.0 onwards",
                "You're reading the docs for relctl 2.8.0 onwards",
            ),
            (
                "This tutorial was written for relctl 2.8.0.",
                "This tutorial was written for relctl 2.8.0",
            ),
        ] {
            let found = statements(line);
            assert_eq!(found.len(), 1, "{line}");
            assert_eq!(found[0].0, quote);
            assert_eq!(found[0].2, Form::Page);
        }
        assert_eq!(
            statements("It works. Tested with relctl 2.8.0 on Linux.")[0].2,
            Form::Tested
        );
    }

    #[test]
    fn not_statements() {
        for line in [
            "The fix applies to relctl 2.8.0 and later.",
            "This section applies to relctl 2.8.0 and later.",
            "See the documentation for relctl 1.9.0 for older releases.",
            "This page applies to relctl 2.8.0 and earlier.",
            "This page applies to relctl 2.8.0 to 2.10.0.",
            "This page applies to relctl 2.8.0 only.",
            "This page applies to relctl 2.8 and later.",
            "This guide was originally written for relctl 1.0.0.",
            "The plugin was tested with relctl 2.8.0.",
            "This page applies to relctl 2.8.0, 2.9.0 and 2.10.0.",
        ] {
            assert_eq!(statements(line), [], "{line}");
        }
        let line = b"This page applies to relctl 2.8.0 and";
        let end_of = |v| version_at(line, v).map(|(_, end)| end);
        assert_eq!(find(line, "earlier releases.", end_of).len(), 0);
        assert_eq!(find(line, "later.", end_of).len(), 1);
    }

    #[test]
    fn names() {
        assert!(may_be_project("relctl"));
        assert!(may_be_project("my-tool"));
        assert!(!may_be_project("Kubernetes"));
        assert!(!may_be_project("git"));
        assert!(!may_be_project("x"));
        assert!(!is_name("the"));
        assert!(is_name("relctl"));
    }

    #[test]
    fn archives() {
        assert!(is_archive("docs/versioned_docs/version-2.8.0/intro.md"));
        assert!(is_archive("docs/v2.8/intro.md"));
        assert!(is_archive("docs/1.x/intro.md"));
        assert!(is_archive("CHANGELOG.md"));
        assert!(is_archive("docs/release-notes.md"));
        assert!(!is_archive(
            "security/testing/commands-2/default-release.md"
        ));
        assert!(!is_archive("docs/guide/intro.md"));
        assert!(!is_archive("intro.md"));
    }
}
