//! `gradle.properties`: the `version` property (`version=1.2.3`, `version = 1.2.3`,
//! `version:1.2.3`), read as Java reads a properties file: `#` and `!` start a comment line,
//! the key is exactly `version`, and the last one written is the one Gradle sees.

use super::{check_semver, field, Format, FormatError, VersionField};
use crate::textpos::BOM;

/// The `gradle.properties` format.
pub(super) struct Gradle;

impl Format for Gradle {
    fn name(&self) -> &'static str {
        "gradle"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["gradle.properties"]
    }

    fn at_root(&self) -> bool {
        false
    }

    /// The value of the last `version` property, trimmed.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let blank = |c: char| matches!(c, ' ' | '\t' | '\x0c');
        let mut found = None;
        let mut offset = 0usize;
        // Whether the line before ends with a backslash: this one goes on with its value.
        let mut continued = false;
        for raw in text.split_inclusive('\n') {
            let start = offset;
            offset += raw.len();
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            let line = line.strip_suffix('\r').unwrap_or(line);
            let was_continued = std::mem::replace(&mut continued, ends_continued(line));
            if was_continued {
                continue;
            }
            let rest = line.trim_start_matches(|c| blank(c) || c == BOM);
            if rest.is_empty() || rest.starts_with(['#', '!']) {
                // A comment line never goes on on the next line.
                continued = false;
                continue;
            }
            let key_start = start + (line.len() - rest.len());
            let Some(after_key) = rest.strip_prefix("version") else {
                continue;
            };
            let value = after_key.trim_start_matches(blank);
            let value = match value.strip_prefix(['=', ':']) {
                Some(v) => v.trim_start_matches(blank),
                // `version` alone, or a longer key (`version.name`, `versionCode`).
                None if value.len() == after_key.len() && !value.is_empty() => continue,
                None => value,
            };
            let trimmed = value.trim_end_matches(blank);
            let value_start = key_start + (rest.len() - value.len());
            found = Some(if trimmed.contains('\\') {
                Err(FormatError::at(
                    text,
                    value_start,
                    "version contains escape sequences or goes on on the next line; write it on one line without backslashes, e.g. version=1.2.3",
                ))
            } else {
                Ok(field(
                    text,
                    value_start..value_start + trimmed.len(),
                    "version",
                ))
            });
        }
        match found {
            Some(Ok(f)) => check_semver(text, f).map(|f| vec![f]),
            Some(Err(e)) => Err(e),
            None => Ok(Vec::new()),
        }
    }
}

/// Whether a line ends with an odd number of backslashes: its value goes on on the next line.
fn ends_continued(line: &str) -> bool {
    line.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::super::tests::{bump, err};
    use super::*;

    #[test]
    fn gradle_version_property() {
        let text = "# Project-wide Gradle settings.\norg.gradle.jvmargs=-Xmx2048m -Dfile.encoding=UTF-8\norg.gradle.parallel=true\nkotlin.code.style=official\n\ngroup=com.example\nversion=1.4.0-SNAPSHOT\n";
        let out = bump(&Gradle, text, "1.4.0-SNAPSHOT", "version", "1.4.0");
        assert_eq!(out, text.replace("1.4.0-SNAPSHOT", "1.4.0"));
        for text in [
            "version = 1.2.3\n",
            "version:1.2.3",
            "  version =   1.2.3   \r\n",
            "version\t1.2.3\n",
            "\u{feff}version=1.2.3\n",
            "group=x\r\nversion=1.2.3\r\n# version=9.9.9\r\n",
        ] {
            let out = bump(&Gradle, text, "1.2.3", "version", "1.3.0");
            assert_eq!(out, text.replace("1.2.3", "1.3.0"), "{text:?}");
        }
    }

    #[test]
    fn gradle_last_version_wins_and_lookalikes_do_not() {
        let text = "version=0.1.0\nversion=0.2.0\n";
        assert_eq!(
            bump(&Gradle, text, "0.2.0", "version", "0.3.0"),
            "version=0.1.0\nversion=0.3.0\n"
        );
        for text in [
            "",
            "org.gradle.caching=true\n",
            "# version=1.0.0\n! version=1.0.0\n",
            "kotlinVersion=1.9.0\nversionCode=12\nversion.name=1.0.0\nVERSION=1.0.0\nminVersion=1.0.0\n",
            "description=a \\\nversion=1.0.0\n",
        ] {
            assert_eq!(Gradle.find(text), Ok(vec![]), "{text:?}");
        }
        // A comment line ending in a backslash does not go on.
        let text = "# a comment \\\nversion=1.0.0\n";
        bump(&Gradle, text, "1.0.0", "version", "1.0.1");
        assert!(!Gradle.at_root());
    }

    #[test]
    fn gradle_errors() {
        let e = err(&Gradle, "group=x\nversion = 1.2\n");
        assert_eq!((e.line, e.column), (2, 11));
        assert!(
            e.message.contains("e.g. \"1.2.0\"") && e.message.contains("version"),
            "{e}"
        );
        let e = err(&Gradle, "version=unspecified\n");
        assert_eq!((e.line, e.column), (1, 9));
        let e = err(&Gradle, "version=1.2.\\\n  3\n");
        assert!(e.message.contains("next line"), "{e}");
        let e = err(&Gradle, "version=\n");
        assert!(e.message.contains("not SemVer"), "{e}");
    }
}
