//! `setup.cfg`: `version = 1.2.3` in the `[metadata]` section, read as setuptools reads it
//! (INI: keys in any case, `=` or `:`, `#` and `;` comment lines). setuptools' directives
//! `version = attr: pkg.__version__` and `version = file: VERSION` hold no version here:
//! the version is in that module or file.

use super::{check_semver, field, Format, FormatError, VersionField};
use crate::textpos::BOM;

/// The `setup.cfg` format.
pub(super) struct SetupCfg;

const LOCATION: &str = "[metadata] version";

impl Format for SetupCfg {
    fn name(&self) -> &'static str {
        "setup-cfg"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["setup.cfg"]
    }

    fn at_root(&self) -> bool {
        false
    }

    /// `[metadata] version`; none with `attr:` or `file:`.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let mut in_metadata = false;
        let mut found: Option<VersionField> = None;
        // The indentation of the option being read: a line indented deeper goes on with its
        // value.
        let mut option_indent: Option<usize> = None;
        let mut continued_version = false;
        let mut offset = 0usize;
        for raw in text.split_inclusive('\n') {
            let start = offset;
            offset += raw.len();
            let line = raw.strip_suffix('\n').unwrap_or(raw);
            let line = line.strip_suffix('\r').unwrap_or(line);
            let bom = if start == 0 && line.starts_with(BOM) {
                BOM.len_utf8()
            } else {
                0
            };
            let (line, start) = (&line[bom..], start + bom);
            let rest = line.trim_start();
            let indent = line.len() - rest.len();
            if rest.is_empty() || rest.starts_with(['#', ';']) {
                continue;
            }
            if option_indent.is_some_and(|i| indent > i) {
                // A line that goes on with the value above.
                if continued_version {
                    return Err(FormatError::at(
                        text,
                        start + indent,
                        format!("{LOCATION} goes on over several lines; write it on one line, e.g. version = 1.2.3"),
                    ));
                }
                continue;
            }
            continued_version = false;
            if rest.starts_with('[') {
                if let Some(close) = rest.rfind(']') {
                    in_metadata = &rest[1..close] == "metadata";
                    option_indent = None;
                    continue;
                }
            }
            option_indent = Some(indent);
            let Some(delimiter) = rest.find(['=', ':']) else {
                continue;
            };
            if !in_metadata || !rest[..delimiter].trim_end().eq_ignore_ascii_case("version") {
                continue;
            }
            let key_line = start + indent;
            if let Some(first) = &found {
                return Err(FormatError::at(
                    text,
                    key_line,
                    format!(
                        "{LOCATION} is set twice (also on line {}); keep only one",
                        first.line
                    ),
                ));
            }
            let after = &rest[delimiter + 1..];
            let value = after.trim_start();
            let trimmed = value.trim_end();
            let value_start = key_line + delimiter + 1 + (after.len() - value.len());
            continued_version = trimmed.is_empty();
            let f = field(text, value_start..value_start + trimmed.len(), LOCATION);
            found = Some(f);
        }
        let Some(f) = found else {
            return Ok(Vec::new());
        };
        if ["attr:", "file:"].iter().any(|d| f.text.starts_with(d)) {
            return Ok(Vec::new());
        }
        check_semver(text, f).map(|f| vec![f])
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{bump, err};
    use super::*;

    #[test]
    fn setup_cfg_metadata_version() {
        let text = "[metadata]\nname = my_package\nversion = 0.0.1\nauthor = Example Author\ndescription = A small example package\nclassifiers =\n    Programming Language :: Python :: 3\n    License :: OSI Approved :: MIT License\n\n[options]\npackages = find:\npython_requires = >=3.7\ninstall_requires =\n    requests\n    version = 9.9.9\n";
        let out = bump(&SetupCfg, text, "0.0.1", LOCATION, "0.1.0");
        assert_eq!(out, text.replace("0.0.1", "0.1.0"));
        for text in [
            "[metadata]\r\nVersion: 1.2.3  \r\n; a comment\r\n",
            "\u{feff}[metadata]\nversion=1.2.3\n",
            "[bdist_wheel]\nuniversal = 1\n\n[metadata]\n# version = 9.9.9\n  version = 1.2.3\n",
        ] {
            let out = bump(&SetupCfg, text, "1.2.3", LOCATION, "1.3.0");
            assert_eq!(out, text.replace("1.2.3", "1.3.0"), "{text:?}");
        }
    }

    #[test]
    fn setup_cfg_directives_and_other_sections_hold_none() {
        for text in [
            "",
            "[metadata]\nname = x\nversion = attr: my_package.__version__\n",
            "[metadata]\nversion = file: VERSION.txt\n",
            "[options]\nversion = 1.0.0\n",
            "[tool:pytest]\nminversion = 6.0\n",
            "[metadata]\nmin_version = 1.0.0\nversion_file = x\n",
            "[metadata]\nlong_description =\n    text\n    version = 1.0.0\n",
            "[bumpversion]\ncurrent_version = 1.0.0\n",
        ] {
            assert_eq!(SetupCfg.find(text), Ok(vec![]), "{text:?}");
        }
        assert!(!SetupCfg.at_root());
    }

    #[test]
    fn setup_cfg_errors() {
        let e = err(&SetupCfg, "[metadata]\nname = x\nversion = 1.2\n");
        assert_eq!((e.line, e.column), (3, 11));
        assert!(
            e.message.contains("e.g. \"1.2.0\"") && e.message.contains(LOCATION),
            "{e}"
        );
        let e = err(&SetupCfg, "[metadata]\nversion = 1.0.0 # comment\n");
        assert!(e.message.contains("not SemVer"), "{e}");
        let e = err(&SetupCfg, "[metadata]\nversion =\n    1.0.0\n");
        assert_eq!((e.line, e.column), (3, 5));
        assert!(e.message.contains("one line"), "{e}");
        let e = err(&SetupCfg, "[metadata]\nversion = 1.0.0\nVersion = 1.0.0\n");
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message.contains("set twice"), "{e}");
    }
}
