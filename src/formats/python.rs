//! Python modules that hold the version: `__version__ = "1.2.3"` at module level in
//! `__init__.py`, `__about__.py` or `__version__.py`; `_version.py` and `version.py` may name
//! it `version` or `VERSION` too (`__version__` is taken first).
//!
//! Only an assignment of a one-line string literal at column 1 is a version: one indented
//! (in a function, an `if` or a `try`), in a comment, in a triple-quoted string or inside
//! brackets is not; nor is an expression (`__version__ = get_version()`, `"1.0" + suffix`),
//! which is a version relman cannot write, so the file holds none.

use std::ops::Range;

use super::{check_semver, field, Format, FormatError, VersionField};
use crate::textpos::BOM;

/// A kind of Python module holding the version; the two differ in the names they read,
/// which the file name decides.
pub(super) struct Python {
    name: &'static str,
    file_names: &'static [&'static str],
    /// The names read, in order of preference.
    names: &'static [&'static [&'static str]],
}

/// A package's `__init__.py`, hatch's `__about__.py`, requests' `__version__.py`.
pub(super) const MODULE: Python = Python {
    name: "python",
    file_names: &["__init__.py", "__about__.py", "__version__.py"],
    names: &[&["__version__"]],
};

/// `_version.py` and `version.py` (as setuptools-scm and hatch-vcs write them, or by hand).
pub(super) const VERSION_MODULE: Python = Python {
    name: "python-version",
    file_names: &["_version.py", "version.py"],
    names: &[&["__version__"], &["version", "VERSION"]],
};

impl Format for Python {
    fn name(&self) -> &'static str {
        self.name
    }

    fn file_names(&self) -> &'static [&'static str] {
        self.file_names
    }

    fn at_root(&self) -> bool {
        false
    }

    /// The first module-level string assigned to the first of the names assigned one.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let starts = statement_starts(text);
        for names in self.names {
            for &start in &starts {
                match assignment(text, start, names) {
                    Some(Value::Literal(span, name)) => {
                        return check_semver(text, field(text, span, name)).map(|f| vec![f]);
                    }
                    Some(Value::Malformed(e)) => return Err(e),
                    Some(Value::Expression) | None => {}
                }
            }
        }
        Ok(Vec::new())
    }
}

/// The byte offsets where a statement may start at column 1: the start of each line that is
/// not inside brackets, a triple-quoted string, or a line continued by a backslash.
fn statement_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = Vec::new();
    let mut i = if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    };
    let mut depth = 0usize;
    let mut line_start = true;
    while i < b.len() {
        if line_start {
            line_start = false;
            if depth == 0 {
                starts.push(i);
            }
        }
        match b[i] {
            b'#' => {
                i = memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
                continue;
            }
            q @ (b'"' | b'\'') => {
                i = skip_string(b, i, q);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'\\' => {
                // A continued line: the next line goes on with this statement.
                if b.get(i + 1) == Some(&b'\n') {
                    i += 2;
                    continue;
                }
                if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                    i += 3;
                    continue;
                }
            }
            b'\n' => line_start = true,
            _ => {}
        }
        i += 1;
    }
    starts
}

/// The offset just past the string starting with `quote` at `at`: past its closing quote,
/// at the end of the line of a one-line string left open, at the end of the text for a
/// triple-quoted one.
fn skip_string(bytes: &[u8], at: usize, quote: u8) -> usize {
    let triple = bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote);
    let mut pos = if triple { at + 3 } else { at + 1 };
    while pos < bytes.len() {
        match bytes[pos] {
            b'\\' => pos += 2,
            byte if byte == quote => {
                if !triple {
                    return pos + 1;
                }
                if bytes.get(pos + 1) == Some(&quote) && bytes.get(pos + 2) == Some(&quote) {
                    return pos + 3;
                }
                pos += 1;
            }
            b'\n' if !triple => return pos,
            _ => pos += 1,
        }
    }
    bytes.len()
}

/// What a module-level assignment gives its name.
enum Value {
    /// A one-line string: the span inside its quotes, and the name assigned.
    Literal(Range<usize>, &'static str),
    /// Anything else (a call, a name, a sum): no version relman can write.
    Expression,
    /// A string that is not one plain line (escapes, triple quotes, left open).
    Malformed(FormatError),
}

/// The value assigned at `start` to one of `names` (`NAME = …`, `NAME: TYPE = …`,
/// `NAME = OTHER = …`); None when the statement there assigns none of them.
fn assignment(text: &str, start: usize, names: &[&'static str]) -> Option<Value> {
    let b = text.as_bytes();
    let end = identifier_end(b, start);
    let name = names.iter().copied().find(|n| *n == &text[start..end])?;
    let mut i = skip_blanks(b, end);
    if b.get(i) == Some(&b':') {
        // An annotation: up to the `=` of its value, if it has one on this line.
        let line_end = memchr::memchr2(b'\n', b'#', &b[i..]).map_or(b.len(), |n| i + n);
        let eq = (i..line_end).find(|&j| is_assign(b, j))?;
        i = eq;
    }
    if !is_assign(b, i) {
        return None;
    }
    i = skip_blanks(b, i + 1);
    // `__version__ = version = "1.2.3"`: the value is the last one's.
    loop {
        let e = identifier_end(b, i);
        if e == i {
            break;
        }
        let after = skip_blanks(b, e);
        if !is_assign(b, after) {
            break;
        }
        i = skip_blanks(b, after + 1);
    }
    Some(literal(text, i, name))
}

/// The string literal at `i`, if the value is one and nothing but a comment follows it.
fn literal(text: &str, mut i: usize, name: &'static str) -> Value {
    let b = text.as_bytes();
    if matches!(b.get(i), Some(b'u' | b'U' | b'r' | b'R')) {
        i += 1;
    }
    let Some(&q) = b.get(i).filter(|&&c| c == b'"' || c == b'\'') else {
        return Value::Expression;
    };
    let example = format!("write it as {name} = \"1.2.3\"");
    if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
        return Value::Malformed(FormatError::at(
            text,
            i,
            format!("{name} is a triple-quoted string; {example}"),
        ));
    }
    let open = i + 1;
    let Some(close) = (open..b.len()).find(|&j| matches!(b[j], b'\n' | b'\\') || b[j] == q) else {
        return Value::Malformed(unterminated(text, i, name));
    };
    match b[close] {
        b'\\' => {
            return Value::Malformed(FormatError::at(
                text,
                i,
                format!("{name} contains escape sequences; {example}"),
            ))
        }
        b'\n' => return Value::Malformed(unterminated(text, i, name)),
        _ => {}
    }
    let rest = skip_blanks(b, close + 1);
    let rest = if b.get(rest) == Some(&b'\r') && b.get(rest + 1) == Some(&b'\n') {
        rest + 1
    } else {
        rest
    };
    match b.get(rest) {
        None | Some(b'\n' | b'#' | b';') => Value::Literal(open..close, name),
        Some(_) => Value::Expression,
    }
}

fn unterminated(text: &str, offset: usize, name: &str) -> FormatError {
    FormatError::at(
        text,
        offset,
        format!("the string of {name} is not closed on its line; close its quotes"),
    )
}

/// Whether `b[i]` is an `=` that assigns (not `==`).
fn is_assign(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&b'=') && b.get(i + 1) != Some(&b'=')
}

/// The end of the ASCII identifier at `i` (`i` itself when there is none).
fn identifier_end(b: &[u8], i: usize) -> usize {
    if !b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
    {
        return i;
    }
    let mut j = i + 1;
    while b
        .get(j)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    {
        j += 1;
    }
    // `__version__é` is another name.
    if b.get(j).is_some_and(|c| *c >= 0x80) {
        return i;
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
    use super::super::{for_path, splice};
    use super::*;
    use std::path::Path;

    #[test]
    fn python_requests_version_module() {
        let text = "# .-. .-. .-. . . .-. .-. .-. .-.\n# |(  |-  |.| | | |-  `-.  |  `-.\n\n__title__ = \"requests\"\n__description__ = \"Python HTTP for Humans.\"\n__url__ = \"https://requests.readthedocs.io\"\n__version__ = \"2.32.3\"\n__build__ = 0x023203\n__author__ = \"Kenneth Reitz\"\n";
        let out = bump(&MODULE, text, "2.32.3", "__version__", "2.33.0");
        assert_eq!(out, text.replace("2.32.3", "2.33.0"));
    }

    #[test]
    fn python_hatch_about_and_crlf() {
        let text = "# SPDX-FileCopyrightText: 2024-present U. N. Owen <void@some.where>\r\n#\r\n# SPDX-License-Identifier: MIT\r\n__version__ = '0.1.0'  # x-release-please-version\r\n";
        let out = bump(&MODULE, text, "0.1.0", "__version__", "0.2.0-rc.1");
        assert_eq!(out, text.replace("0.1.0", "0.2.0-rc.1"));
        // Annotated, no spaces, a `;` after it, a BOM.
        for text in [
            "__version__: str = \"1.2.3\"\n",
            "__version__: Final[str] = \"1.2.3\"\n",
            "__version__=\"1.2.3\"\n",
            "__version__ = u\"1.2.3\"; __all__ = []\n",
            "\u{feff}__version__ = \"1.2.3\"",
            "__version__ = VERSION = \"1.2.3\"\n",
        ] {
            let out = bump(&MODULE, text, "1.2.3", "__version__", "1.3.0");
            assert_eq!(out, text.replace("1.2.3", "1.3.0"), "{text:?}");
        }
    }

    #[test]
    fn python_package_init_with_code_around() {
        let text = r#""""A package.

__version__ = "9.9.9" in a docstring is not the version.
"""
import sys

__all__ = [
    "main",
]

def version():
    __version__ = "8.8.8"
    return __version__

if sys.version_info < (3, 8):
    __version__ = "7.7.7"

# __version__ = "6.6.6"
min_version = "1.0.0"
__version__ = "1.4.0"
__version_info__ = tuple(__version__.split("."))
"#;
        let out = bump(&MODULE, text, "1.4.0", "__version__", "1.5.0");
        assert_eq!(out, text.replace("1.4.0", "1.5.0"));
        // A continued line and brackets hide what looks like an assignment.
        let text = "x = [\n__version__ = 1,\n]\ny = 1 + \\\n__version__ = \"5.0.0\"\n__version__ = \"1.0.0\"\n";
        assert_eq!(
            bump(&MODULE, text, "1.0.0", "__version__", "1.0.1"),
            text.replace("1.0.0", "1.0.1")
        );
    }

    #[test]
    fn python_setuptools_scm_version_file() {
        let text = "# file generated by setuptools-scm\n# don't change, don't track in version control\n\n__all__ = [\"__version__\", \"__version_tuple__\", \"version\", \"version_tuple\"]\n\nTYPE_CHECKING = False\nif TYPE_CHECKING:\n    from typing import Tuple\n    from typing import Union\n\n    VERSION_TUPLE = Tuple[Union[int, str], ...]\nelse:\n    VERSION_TUPLE = object\n\nversion: str\n__version__: str\n__version_tuple__: VERSION_TUPLE\nversion_tuple: VERSION_TUPLE\n\n__version__ = version = '8.1.1'\n__version_tuple__ = version_tuple = (8, 1, 1)\n";
        let out = bump(&VERSION_MODULE, text, "8.1.1", "__version__", "8.2.0");
        assert_eq!(out, text.replace("8.1.1", "8.2.0"));
    }

    #[test]
    fn python_version_module_names() {
        // hatch-vcs' `_version.py` and a hand-written `version.py`.
        let text = "# file generated by hatch-vcs\nversion = \"24.1.0\"\n";
        let out = bump(&VERSION_MODULE, text, "24.1.0", "version", "24.2.0");
        assert_eq!(out, text.replace("24.1.0", "24.2.0"));
        let text = "VERSION = '3.0.0'\n";
        assert_eq!(
            bump(&VERSION_MODULE, text, "3.0.0", "VERSION", "3.0.1"),
            "VERSION = '3.0.1'\n"
        );
        // `__version__` first, wherever it is; an alias of `version` is no version.
        let text = "version = \"1.0.0\"\n__version__ = \"2.0.0\"\n";
        bump(&VERSION_MODULE, text, "2.0.0", "__version__", "2.0.1");
        let text = "version = \"1.0.0\"\n__version__ = version\n";
        bump(&VERSION_MODULE, text, "1.0.0", "version", "1.0.1");
        // The names of a version module are not a package's.
        assert_eq!(
            MODULE.find("VERSION = \"v1\"\nversion = \"x\"\n"),
            Ok(vec![])
        );
    }

    #[test]
    fn python_without_a_literal_holds_no_version() {
        for text in [
            "",
            "import importlib.metadata\n\n__version__ = importlib.metadata.version(\"black\")\n",
            "from ._version import __version__\n",
            "__version__ = get_version()\n",
            "__version__ = \"1.0\" + SUFFIX\n",
            "__version__ = \"{}.{}\".format(1, 2)\n",
            "__version__ = f\"1.2.3\"\n",
            "__version__: str\n",
            "__version__ == \"1.2.3\"\n",
            "__version__ += \"1.2.3\"\n",
            "__version__2 = \"1.2.3\"\n",
            "min_version = \"1.0.0\"\n_version = \"1.0.0\"\n",
            "try:\n    from importlib.metadata import version\n    __version__ = version(\"x\")\nexcept ImportError:\n    __version__ = \"0.0.0\"\n",
            "'''\n__version__ = \"1.2.3\"\n'''\n",
        ] {
            assert_eq!(MODULE.find(text), Ok(vec![]), "{text:?}");
        }
        assert!(!MODULE.at_root() && !VERSION_MODULE.at_root());
        assert!(!MODULE.requires_version());
    }

    #[test]
    fn python_errors() {
        let e = err(&MODULE, "\"\"\"Docs.\"\"\"\n\n__version__ = \"1.2\"\n");
        assert_eq!((e.line, e.column), (3, 16));
        assert!(
            e.message.contains("e.g. \"1.2.0\"") && e.message.contains("__version__"),
            "{e}"
        );
        let e = err(&MODULE, "__version__ = \"1.2.3.dev0\"\n");
        assert_eq!((e.line, e.column), (1, 16));
        assert!(e.message.contains("not SemVer"), "{e}");
        let e = err(&MODULE, "__version__ = \"1.2.3\\n\"\n");
        assert!(e.message.contains("escape"), "{e}");
        let e = err(&MODULE, "__version__ = \"1.2.3\n");
        assert_eq!((e.line, e.column), (1, 15));
        assert!(e.message.contains("not closed"), "{e}");
        let e = err(&MODULE, "__version__ = \"\"\"1.2.3\"\"\"\n");
        assert!(e.message.contains("triple-quoted"), "{e}");
        let e = err(&VERSION_MODULE, "VERSION = \"v2.0.0\"\n");
        assert!(e.message.contains("drop the leading \"v\""), "{e}");
    }

    #[test]
    fn python_file_names() {
        let k = |p: &str| for_path(Path::new(p)).map(Format::name);
        assert_eq!(k("src/pkg/__init__.py"), Some("python"));
        assert_eq!(k("src/hatch/__about__.py"), Some("python"));
        assert_eq!(k("src/requests/__version__.py"), Some("python"));
        assert_eq!(k("src/pkg/_version.py"), Some("python-version"));
        assert_eq!(k("pkg/version.py"), Some("python-version"));
        assert_eq!(k("setup.py"), None);
        // Splicing keeps every byte but the version's.
        let text = "__version__ = \"1.0.0\"  # é\n";
        let fields = MODULE.find(text).unwrap();
        assert_eq!(
            splice(text, &fields, "1.0.1"),
            "__version__ = \"1.0.1\"  # é\n"
        );
    }
}
