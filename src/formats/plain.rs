//! `VERSION` (or `VERSION.txt`): the first non-empty line, trimmed, is the version.

use super::{check_semver, field, Format, FormatError, VersionField};
use crate::textpos::BOM;

/// The `VERSION` format.
pub(super) struct Plain;

impl Format for Plain {
    fn name(&self) -> &'static str {
        "plain"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["VERSION", "VERSION.txt", "version.txt"]
    }

    fn requires_version(&self) -> bool {
        true
    }

    /// The first non-empty line, trimmed (a BOM is skipped); none in an empty file.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let mut offset = if text.starts_with(BOM) {
            BOM.len_utf8()
        } else {
            0
        };
        for (n, line) in text[offset..].split('\n').enumerate() {
            let trimmed = line.trim();
            if !trimmed.is_empty() {
                let lead = line.len() - line.trim_start().len();
                let span = offset + lead..offset + lead + trimmed.len();
                let f = field(text, span, format!("line {}", n + 1));
                return check_semver(text, f).map(|f| vec![f]);
            }
            offset += line.len() + 1;
        }
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::super::splice;
    use super::super::tests::{bump, err};
    use super::*;

    #[test]
    fn plain_version() {
        assert_eq!(
            bump(&Plain, "1.2.3\n", "1.2.3", "line 1", "1.2.4"),
            "1.2.4\n"
        );
        assert_eq!(
            bump(&Plain, "  1.2.3  \r\n", "1.2.3", "line 1", "2.0.0"),
            "  2.0.0  \r\n"
        );
        assert_eq!(bump(&Plain, "1.2.3", "1.2.3", "line 1", "1.2.4"), "1.2.4");
        assert_eq!(
            bump(
                &Plain,
                "\n\r\n \t\n 1.0.0-rc.1\nsecond line\n",
                "1.0.0-rc.1",
                "line 4",
                "1.0.0"
            ),
            "\n\r\n \t\n 1.0.0\nsecond line\n"
        );
        let text = "\u{feff}1.2.3\n";
        let fields = Plain.find(text).unwrap();
        let f = &fields[0];
        assert_eq!((f.line, f.column, f.span.clone()), (1, 1, 3..8));
        assert_eq!(splice(text, &fields, "1.3.0"), "\u{feff}1.3.0\n");
    }

    #[test]
    fn plain_empty_is_none() {
        assert_eq!(Plain.find(""), Ok(vec![]));
        assert_eq!(Plain.find("\n \r\n\t\n"), Ok(vec![]));
        assert_eq!(Plain.find("\u{feff}"), Ok(vec![]));
        assert!(Plain.requires_version());
    }

    #[test]
    fn plain_leading_v_is_an_error() {
        let e = err(&Plain, "v1.2.3\n");
        assert_eq!((e.line, e.column), (1, 1));
        assert!(e.message.contains("drop the leading \"v\""), "{e}");
        assert!(e.message.contains("\"1.2.3\""), "{e}");
        let e = err(&Plain, "\n  1.2\n");
        assert_eq!((e.line, e.column), (2, 3));
        assert!(e.message.contains("e.g. \"1.2.0\""), "{e}");
    }
}
