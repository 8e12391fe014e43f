//! `version.go`: a package-level `const Version = "1.2.3"` or `var Version = "v1.2.3"`, also
//! typed (`var Version string = …`) or in a `const (` … `)` or `var (` … `)` group. The name
//! is `version` in any case (`Version`, `VERSION`), and nothing else (`MinVersion`).
//!
//! A leading `v` stays out of the version's span, so it is kept as written. A declaration in
//! a function, in a comment or in a raw string is not the version; an empty string (filled
//! in with `-ldflags -X` at build time) or an expression (`"1.0-" + runtime.GOOS`) is none.

use super::{check_semver, field, Format, FormatError, VersionField};
use crate::textpos::BOM;

/// The `version.go` format.
pub(super) struct Go;

impl Format for Go {
    fn name(&self) -> &'static str {
        "go"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["version.go"]
    }

    fn at_root(&self) -> bool {
        false
    }

    /// The first package-level constant or variable named `version` that is a string.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let b = text.as_bytes();
        // The keyword of the `const (` or `var (` group the line is in.
        let mut group: Option<&str> = None;
        for line in lines(text) {
            if line.braces != 0 {
                continue;
            }
            let i = skip_blanks(b, line.start);
            let spec = match (line.parens, group) {
                (0, _) => {
                    group = None;
                    let e = identifier_end(b, i);
                    let keyword = &text[i..e];
                    if keyword != "const" && keyword != "var" {
                        continue;
                    }
                    let j = skip_blanks(b, e);
                    if b.get(j) == Some(&b'(') {
                        group = Some(keyword);
                        continue;
                    }
                    if j == e {
                        continue;
                    }
                    spec(text, j, keyword)
                }
                (1, Some(keyword)) => spec(text, i, keyword),
                _ => None,
            };
            match spec {
                Some(Ok(f)) => return check_semver(text, f).map(|f| vec![f]),
                Some(Err(e)) => return Err(e),
                None => {}
            }
        }
        Ok(Vec::new())
    }
}

/// The start of a line, with the braces and parentheses open there.
struct Line {
    start: usize,
    braces: usize,
    parens: usize,
}

/// Every line that does not start inside a comment or a raw string.
fn lines(text: &str) -> Vec<Line> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    let (mut braces, mut parens) = (0usize, 0usize);
    let mut line_start = true;
    while i < b.len() {
        if line_start {
            line_start = false;
            out.push(Line {
                start: i,
                braces,
                parens,
            });
        }
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + 2 + n + 2);
                continue;
            }
            b'`' => {
                i = memchr::memchr(b'`', &b[i + 1..]).map_or(b.len(), |n| i + 1 + n + 1);
                continue;
            }
            q @ (b'"' | b'\'') => {
                let mut j = i + 1;
                while j < b.len() && b[j] != q && b[j] != b'\n' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                i = if b.get(j) == Some(&q) { j + 1 } else { j };
                continue;
            }
            b'{' => braces += 1,
            b'}' => braces = braces.saturating_sub(1),
            b'(' => parens += 1,
            b')' => parens = parens.saturating_sub(1),
            b'\n' => line_start = true,
            _ => {}
        }
        i += 1;
    }
    out
}

/// The version of the spec at `at` (`Version = "1.2.3"`, `Version string = "1.2.3"`) of a
/// `keyword` declaration; None when it declares no version or its value is not a string.
fn spec(text: &str, at: usize, keyword: &str) -> Option<Result<VersionField, FormatError>> {
    let bytes = text.as_bytes();
    let name_end = identifier_end(bytes, at);
    let name = &text[at..name_end];
    if !name.eq_ignore_ascii_case("version") {
        return None;
    }
    let mut eq = skip_blanks(bytes, name_end);
    if !is_assign(bytes, eq) {
        // A type (`string`), then `=`.
        let type_end = identifier_end(bytes, eq);
        if type_end == eq {
            return None;
        }
        eq = skip_blanks(bytes, type_end);
        if !is_assign(bytes, eq) {
            return None;
        }
    }
    let quote = skip_blanks(bytes, eq + 1);
    let location = format!("{keyword} {name}");
    let open = quote + 1;
    let close = match bytes.get(quote) {
        Some(b'"') => {
            let Some(len) = memchr::memchr3(b'"', b'\\', b'\n', &bytes[open..]) else {
                return Some(Err(unterminated(text, quote, &location)));
            };
            match bytes[open + len] {
                b'\\' => {
                    return Some(Err(FormatError::at(
                        text,
                        quote,
                        format!(
                            "{location} contains escape sequences; write it without backslashes, e.g. {location} = \"1.2.3\""
                        ),
                    )))
                }
                b'\n' => return Some(Err(unterminated(text, quote, &location))),
                _ => open + len,
            }
        }
        Some(b'`') => {
            let Some(len) = memchr::memchr2(b'`', b'\n', &bytes[open..]) else {
                return Some(Err(unterminated(text, quote, &location)));
            };
            if bytes[open + len] == b'\n' {
                return Some(Err(FormatError::at(
                    text,
                    quote,
                    format!(
                        "{location} is a raw string over several lines; write it on one line, e.g. {location} = \"1.2.3\""
                    ),
                )));
            }
            open + len
        }
        _ => return None,
    };
    // Only a comment may follow: `"1.0-" + runtime.GOOS` is no version relman can write.
    let mut rest = skip_blanks(bytes, close + 1);
    if bytes.get(rest) == Some(&b'\r') {
        rest += 1;
    }
    if !matches!(bytes.get(rest), None | Some(b'\n' | b';' | b'/')) || open == close {
        return None;
    }
    let start = if matches!(bytes[open], b'v' | b'V')
        && bytes.get(open + 1).is_some_and(u8::is_ascii_digit)
    {
        open + 1
    } else {
        open
    };
    Some(Ok(field(text, start..close, location)))
}

fn unterminated(text: &str, offset: usize, location: &str) -> FormatError {
    FormatError::at(
        text,
        offset,
        format!("the string of {location} is not closed on its line; close its quotes"),
    )
}

/// Whether `b[i]` is an `=` that assigns (not `==`).
fn is_assign(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&b'=') && b.get(i + 1) != Some(&b'=')
}

/// The end of the identifier at `i` (letters, digits, `_`, and any non-ASCII letter).
fn identifier_end(b: &[u8], i: usize) -> usize {
    let word = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_' || *c >= 0x80;
    if b.get(i).is_none_or(u8::is_ascii_digit) {
        return i;
    }
    let mut j = i;
    while b.get(j).is_some_and(word) {
        j += 1;
    }
    j
}

fn skip_blanks(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::super::tests::{bump, err};
    use super::*;

    #[test]
    fn go_const_and_var() {
        let text = "// Package version holds the version of the CLI.\npackage version\n\n// Version is the current release.\nconst Version = \"1.2.3\"\n";
        let out = bump(&Go, text, "1.2.3", "const Version", "1.3.0");
        assert_eq!(out, text.replace("1.2.3", "1.3.0"));
        // The `v` stays; a CRLF, a comment and a type are kept.
        let text = "package main\r\n\r\nvar Version string = \"v0.9.1\" // set by the release\r\n";
        let out = bump(&Go, text, "0.9.1", "var Version", "0.10.0");
        assert_eq!(out, text.replace("0.9.1", "0.10.0"));
        for (text, location) in [
            ("package x\nconst VERSION = `1.2.3`\n", "const VERSION"),
            ("package x\nvar version = \"1.2.3\";\n", "var version"),
            (
                "\u{feff}package x\nconst\tVersion=\"1.2.3\"",
                "const Version",
            ),
        ] {
            assert_eq!(
                bump(&Go, text, "1.2.3", location, "2.0.0"),
                text.replace("1.2.3", "2.0.0")
            );
        }
    }

    #[test]
    fn go_groups() {
        let text = "package version\n\nimport (\n\t\"fmt\"\n)\n\nvar (\n\t// Version of the CLI; set by goreleaser too.\n\tVersion   = \"v2.4.0-rc.1\"\n\tCommit    = \"none\"\n\tDate      = \"unknown\"\n)\n\nfunc String() string {\n\treturn fmt.Sprintf(\"%s (%s)\", Version, Commit)\n}\n";
        let out = bump(&Go, text, "2.4.0-rc.1", "var Version", "2.4.0");
        assert_eq!(out, text.replace("v2.4.0-rc.1", "v2.4.0"));
        let text = "package x\n\nconst (\n\tName = \"tool\"\n\tMinVersion = \"1.0.0\"\n\tVersion string = \"0.3.0\"\n)\n";
        let out = bump(&Go, text, "0.3.0", "const Version", "0.4.0");
        assert_eq!(out, text.replace("0.3.0", "0.4.0"));
    }

    #[test]
    fn go_lookalikes_are_not_the_version() {
        for text in [
            "",
            "package version\n",
            // Set at build time with -ldflags "-X main.version=…".
            "package main\n\nvar version = \"\"\n",
            "package main\n\nvar (\n\tversion = \"\"\n\tcommit  = \"\"\n)\n",
            "package x\nconst MinVersion = \"1.0.0\"\nconst VersionTag = \"1.0.0\"\nvar versions = \"1.0.0\"\n",
            "package x\nconst Version = \"3.0-\" + runtime.GOOS\n",
            "package x\nvar Version = getVersion()\n",
            "package x\nvar Version, Commit = \"1.0.0\", \"abc\"\n",
            "package x\nfunc main() {\n\tversion := \"1.0.0\"\n\tvar Version = \"1.0.0\"\n\t_ = version\n}\n",
            "package x\n// const Version = \"1.0.0\"\n/*\nconst Version = \"1.0.0\"\n*/\n",
            "package x\nvar doc = `\nconst Version = \"1.0.0\"\n`\n",
            "package x\nvar x = f(\nVersion = \"1.0.0\")\n",
            "package x\nconst Version = 3\n",
        ] {
            assert_eq!(Go.find(text), Ok(vec![]), "{text:?}");
        }
        assert!(!Go.at_root());
    }

    #[test]
    fn go_errors() {
        let e = err(&Go, "package x\n\nvar Version = \"v1.2\"\n");
        assert_eq!((e.line, e.column), (3, 17));
        assert!(
            e.message.contains("e.g. \"1.2.0\"") && e.message.contains("var Version"),
            "{e}"
        );
        let e = err(&Go, "package x\nvar Version = \"<undefined>\"\n");
        assert_eq!((e.line, e.column), (2, 16));
        let e = err(&Go, "package x\nconst Version = \"1.2.3\\n\"\n");
        assert!(e.message.contains("escape"), "{e}");
        let e = err(&Go, "package x\nconst Version = \"1.2.3\n");
        assert_eq!((e.line, e.column), (2, 17));
        let e = err(&Go, "package x\nconst Version = `1.2.3\n`\n");
        assert!(e.message.contains("several lines"), "{e}");
    }
}
