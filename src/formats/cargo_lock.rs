//! `Cargo.lock`: one `version` per `[[package]]`. It holds no version of its own; the
//! entries of the workspace's own packages follow Cargo.toml (see [`Format::locked`]).

use toml_edit::Item;

use super::toml::{item_offset, lookup, parse, string_field};
use super::{Format, FormatError, VersionField};

/// The `Cargo.lock` format.
pub(super) struct CargoLock;

impl Format for CargoLock {
    fn name(&self) -> &'static str {
        "cargo-lock"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["Cargo.lock"]
    }

    fn known_file(&self) -> Option<&'static str> {
        None
    }

    /// Always an error: which of its versions is meant depends on the package.
    fn find(&self, _text: &str) -> Result<Vec<VersionField>, FormatError> {
        Err(FormatError::nowhere(
            "Cargo.lock has one version per package; look it up with find_lock_version by package name and version",
        ))
    }

    /// The entry of the package `name` at the manifest's version or, when that version is
    /// a workspace's (`[workspace.package] version`), the entry of every local package at
    /// it: those move with a workspace version.
    fn locked(
        &self,
        text: &str,
        name: &str,
        manifest: &[VersionField],
    ) -> Result<Vec<VersionField>, FormatError> {
        let Some(old) = manifest.first().map(|f| f.text.as_str()) else {
            return Ok(Vec::new());
        };
        if manifest
            .iter()
            .any(|f| f.location.starts_with("[workspace"))
        {
            find_local_lock_versions(text, old)
        } else {
            find_lock_version(text, name, old).map(|f| f.into_iter().collect())
        }
    }
}

/// In Cargo.lock, the `version` of every local package (no `source`: the workspace's own
/// crates and path dependencies) at `version`: the entries that move with a workspace version.
fn find_local_lock_versions(text: &str, version: &str) -> Result<Vec<VersionField>, FormatError> {
    let doc = parse(text)?;
    let Some((_, packages)) = lookup(doc.as_item(), &["package"]) else {
        return Ok(Vec::new());
    };
    let Some(packages) = packages.as_array_of_tables() else {
        return Ok(Vec::new());
    };
    let mut fields = Vec::new();
    for table in packages {
        if table.contains_key("source") {
            continue;
        }
        let Some((vkey, vitem)) = table.get_key_value("version") else {
            continue;
        };
        if vitem.as_str() != Some(version) {
            continue;
        }
        let name = table.get("name").and_then(Item::as_str).unwrap_or("?");
        fields.push(string_field(
            text,
            vkey,
            vitem,
            &format!("[[package]] {name}"),
        )?);
    }
    Ok(fields)
}

/// In Cargo.lock, the `version` of the `[[package]]` whose name is `name` and
/// version is `version` (None if absent).
fn find_lock_version(
    text: &str,
    name: &str,
    version: &str,
) -> Result<Option<VersionField>, FormatError> {
    let doc = parse(text)?;
    let Some((key, packages)) = lookup(doc.as_item(), &["package"]) else {
        return Ok(None);
    };
    let Some(packages) = packages.as_array_of_tables() else {
        return Err(FormatError::at(
            text,
            item_offset(key, packages),
            "`package` in Cargo.lock is not a list of [[package]] tables; regenerate it with `cargo generate-lockfile`",
        ));
    };
    for table in packages {
        if table.get("name").and_then(Item::as_str) != Some(name) {
            continue;
        }
        let Some((vkey, vitem)) = table.get_key_value("version") else {
            continue;
        };
        if vitem.as_str() != Some(version) {
            continue;
        }
        let location = format!("[[package]] {name}");
        return string_field(text, vkey, vitem, &location).map(Some);
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::super::tests::err;
    use super::super::{field, splice};
    use super::*;

    #[test]
    fn local_lock_entries_follow_the_workspace_version() {
        let lock = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"0.2.0\"\n\n[[package]]\nname = \"b\"\nversion = \"0.2.0\"\n\n[[package]]\nname = \"dep\"\nversion = \"0.2.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let fields = find_local_lock_versions(lock, "0.2.0").unwrap();
        let names: Vec<&str> = fields.iter().map(|f| f.location.as_str()).collect();
        assert_eq!(names, ["[[package]] a", "[[package]] b"]);
        // Through the format: a manifest whose version is the workspace's.
        let manifest = "[workspace.package]\nversion = \"0.2.0\"\n";
        let ws = [field(manifest, 31..36, "[workspace.package] version")];
        assert_eq!(CargoLock.locked(lock, "a", &ws), Ok(fields));
        let own = [field(manifest, 31..36, "[package] version")];
        let fields = CargoLock.locked(lock, "b", &own).unwrap();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].location, "[[package]] b");
        assert_eq!(CargoLock.locked(lock, "b", &[]), Ok(vec![]));
    }

    #[test]
    fn cargo_lock_same_name_different_versions() {
        let text = "# This file is automatically @generated by Cargo.\nversion = 4\n\n[[package]]\nname = \"relman\"\nversion = \"0.1.0\"\ndependencies = [\n \"relman 0.2.0\",\n]\n\n[[package]]\nname = \"relman\"\nversion = \"0.2.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \"semver\"\nversion = \"0.1.0\"\n";
        let f = find_lock_version(text, "relman", "0.1.0").unwrap().unwrap();
        assert_eq!(f.text, "0.1.0");
        assert_eq!(f.location, "[[package]] relman");
        assert_eq!((f.line, f.column), (6, 12));
        assert_eq!(
            splice(text, &[f], "0.1.1"),
            text.replacen(
                "name = \"relman\"\nversion = \"0.1.0\"",
                "name = \"relman\"\nversion = \"0.1.1\"",
                1
            )
        );
        let g = find_lock_version(text, "relman", "0.2.0").unwrap().unwrap();
        assert_eq!((g.line, g.column), (13, 12));
        assert_eq!(find_lock_version(text, "relman", "0.3.0"), Ok(None));
        assert_eq!(find_lock_version(text, "other", "0.1.0"), Ok(None));
        assert_eq!(
            find_lock_version("version = 4\n", "relman", "0.1.0"),
            Ok(None)
        );
        assert!(find_lock_version("[[package]\n", "relman", "0.1.0").is_err());
        assert!(find_lock_version("package = 1\n", "relman", "0.1.0").is_err());
    }

    #[test]
    fn cargo_lock_kind_is_rejected_by_find_version() {
        let e = err(&CargoLock, "version = 4\n");
        assert!(e.message.contains("find_lock_version"), "{e}");
        assert_eq!((e.line, e.column), (0, 0));
        assert_eq!(CargoLock.known_file(), None);
    }
}
