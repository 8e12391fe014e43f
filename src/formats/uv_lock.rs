//! `uv.lock`: one `version` per `[[package]]`. It holds no version of its own; the entry
//! of the project itself (and of each workspace member), whose `source` is the local
//! folder (`{ editable = "." }`, `{ virtual = "." }`), follows pyproject.toml.

use toml_edit::Item;

use super::toml::{lookup, parse, string_field};
use super::{Format, FormatError, VersionField};

/// The `uv.lock` format.
pub(super) struct UvLock;

/// A Python distribution name as indexes compare them (PEP 503): lower case, every run of
/// `-`, `_` and `.` one `-`.
fn normalized(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            dash = true;
        } else {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

impl Format for UvLock {
    fn name(&self) -> &'static str {
        "uv-lock"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["uv.lock"]
    }

    fn known_file(&self) -> Option<&'static str> {
        None
    }

    /// Always an error: which of its versions is meant depends on the package.
    fn find(&self, _text: &str) -> Result<Vec<VersionField>, FormatError> {
        Err(FormatError::nowhere(
            "uv.lock has one version per package; its entries follow pyproject.toml",
        ))
    }

    /// The local entry (source `editable`, `virtual` or `directory`) of the distribution
    /// `name` at the manifest's version. A registry package of the same name is not it.
    fn locked(
        &self,
        text: &str,
        name: &str,
        manifest: &[VersionField],
    ) -> Result<Vec<VersionField>, FormatError> {
        let Some(old) = manifest.first().map(|f| f.text.as_str()) else {
            return Ok(Vec::new());
        };
        let doc = parse(text)?;
        let Some((_, packages)) = lookup(doc.as_item(), &["package"]) else {
            return Ok(Vec::new());
        };
        let Some(packages) = packages.as_array_of_tables() else {
            return Ok(Vec::new());
        };
        let wanted = normalized(name);
        let mut fields = Vec::new();
        for table in packages {
            let Some(entry) = table.get("name").and_then(Item::as_str) else {
                continue;
            };
            if normalized(entry) != wanted {
                continue;
            }
            let local = table
                .get("source")
                .and_then(Item::as_table_like)
                .is_some_and(|s| {
                    s.contains_key("editable")
                        || s.contains_key("virtual")
                        || s.contains_key("directory")
                });
            let Some((key, item)) = table.get_key_value("version") else {
                continue;
            };
            if local && item.as_str() == Some(old) {
                fields.push(string_field(
                    text,
                    key,
                    item,
                    &format!("[[package]] {entry}"),
                )?);
            }
        }
        Ok(fields)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{field, splice};
    use super::*;

    const LOCK: &str = "version = 1\nrevision = 3\nrequires-python = \">=3.10\"\n\n[[package]]\nname = \"argcomplete\"\nversion = \"3.6.3\"\nsource = { registry = \"https://pypi.org/simple\" }\n\n[[package]]\nname = \"commitizen\"\nversion = \"4.16.5\"\nsource = { editable = \".\" }\ndependencies = [\n    { name = \"argcomplete\" },\n]\n\n[[package]]\nname = \"Commitizen.Docs\"\nversion = \"4.16.5\"\nsource = { registry = \"https://pypi.org/simple\" }\n";

    #[test]
    fn the_local_entry_follows_pyproject() {
        let manifest = "[project]\nname = \"commitizen\"\nversion = \"4.16.5\"\n";
        let fields = [field(manifest, 41..47, "[project] version")];
        let found = UvLock.locked(LOCK, "commitizen", &fields).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].location, "[[package]] commitizen");
        assert_eq!((found[0].line, found[0].column), (12, 12));
        assert_eq!(
            splice(LOCK, &found, "4.17.0"),
            LOCK.replacen(
                "version = \"4.16.5\"\nsource = { editable",
                "version = \"4.17.0\"\nsource = { editable",
                1
            )
        );
        // Names compare as indexes compare them; a registry package is never the project.
        assert_eq!(UvLock.locked(LOCK, "Commitizen", &fields).unwrap().len(), 1);
        assert!(UvLock
            .locked(LOCK, "commitizen-docs", &fields)
            .unwrap()
            .is_empty());
        // Another version, or no manifest version: nothing.
        let other = [field(manifest, 41..47, "x")];
        let other = [VersionField {
            text: "4.0.0".into(),
            ..other[0].clone()
        }];
        assert!(UvLock
            .locked(LOCK, "commitizen", &other)
            .unwrap()
            .is_empty());
        assert!(UvLock.locked(LOCK, "commitizen", &[]).unwrap().is_empty());
        assert!(UvLock
            .locked("[[package]\n", "commitizen", &fields)
            .is_err());
    }

    #[test]
    fn names_are_normalized() {
        assert_eq!(normalized("Friendly_Bard..x"), "friendly-bard-x");
        assert_eq!(normalized("a-b"), "a-b");
    }
}
