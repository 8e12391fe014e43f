//! `Cargo.toml`: `[package] version`, or `[workspace.package] version` when the package
//! inherits it (`version.workspace = true`) or the file is a workspace root; its name, its
//! dependencies on a package, and Cargo.lock, which follows it.

use toml_edit::Item;

use super::toml::{item_offset, lookup, parse, string_field};
use super::{check_semver, Format, FormatError, VersionField};

/// The `Cargo.toml` format.
pub(super) struct Cargo;

impl Format for Cargo {
    fn name(&self) -> &'static str {
        "cargo"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["Cargo.toml"]
    }

    /// `[package] version` and, when the same file also has one, `[workspace.package]
    /// version` (which members inherit), so both move together. A member whose version is
    /// inherited from a root elsewhere, or a virtual manifest without `[workspace.package]
    /// version`, holds none.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let mut fields: Vec<VersionField> = find_version(text)?.into_iter().collect();
        let doc = parse(text)?;
        if let Some(ws) = workspace_version(text, doc.as_item())? {
            if fields.iter().all(|f| f.span != ws.span) {
                fields.push(ws);
            }
        }
        Ok(fields)
    }

    /// `[package] name`; Err when it is not a string.
    fn package_name(&self, text: &str) -> Result<Option<String>, FormatError> {
        let doc = parse(text)?;
        match lookup(doc.as_item(), &["package", "name"]) {
            None => Ok(None),
            Some((_, item)) if item.is_str() => Ok(item.as_str().map(str::to_string)),
            Some((key, item)) => Err(FormatError::at(
                text,
                item_offset(key, item),
                "[package] name is not a string; write it as name = \"my-crate\"",
            )),
        }
    }

    fn inherits_version(&self, text: &str) -> bool {
        let Ok(doc) = parse(text) else {
            return false;
        };
        lookup(doc.as_item(), &["package", "version", "workspace"])
            .is_some_and(|(_, item)| item.as_bool() == Some(true))
    }

    /// `publish = false` (or an empty list of registries) under `[package]`.
    fn unpublished(&self, text: &str) -> bool {
        let Ok(doc) = parse(text) else {
            return false;
        };
        match lookup(doc.as_item(), &["package", "publish"]) {
            Some((_, item)) => {
                item.as_bool() == Some(false)
                    || item.as_array().is_some_and(toml_edit::Array::is_empty)
            }
            None => false,
        }
    }

    /// `[workspace] members` and `exclude`.
    fn members(&self, text: &str) -> Option<super::Members> {
        let doc = parse(text).ok()?;
        let (_, workspace) = lookup(doc.as_item(), &["workspace"])?;
        Some(super::toml::members(workspace))
    }

    /// The version requirement of every dependency on `name` (by its key, or by `package =
    /// "name"` when renamed) in `[dependencies]`, `[dev-dependencies]`,
    /// `[build-dependencies]`, their `[target.*]` forms and `[workspace.dependencies]`:
    /// `name = "1.2"` and `name = { version = "1.2", path = "..." }` alike. A dependency
    /// without a version (`path` or `git` only, `workspace = true`) or whose version is not a
    /// plain string has none.
    fn dependents(&self, text: &str, name: &str) -> Vec<VersionField> {
        let Ok(doc) = parse(text) else {
            return Vec::new();
        };
        let root = doc.as_item();
        let mut tables: Vec<(String, &Item)> = Vec::new();
        for table in DEPENDENCY_TABLES {
            if let Some(deps) = root.get(table) {
                tables.push((format!("[{table}]"), deps));
            }
        }
        if let Some(targets) = root.get("target").and_then(Item::as_table_like) {
            for (target, item) in targets.iter() {
                let shown = targets.get_key_value(target).map_or_else(
                    || target.to_string(),
                    |(k, _)| k.display_repr().into_owned(),
                );
                for table in DEPENDENCY_TABLES {
                    if let Some(deps) = item.get(table) {
                        tables.push((format!("[target.{shown}.{table}]"), deps));
                    }
                }
            }
        }
        if let Some((_, deps)) = lookup(root, &["workspace", "dependencies"]) {
            tables.push(("[workspace.dependencies]".to_string(), deps));
        }
        let mut fields = Vec::new();
        for (table, deps) in tables {
            let Some(deps) = deps.as_table_like() else {
                continue;
            };
            for (key, item) in deps.iter() {
                let location = format!("{table} {key}");
                let found = if let Some(detail) = item.as_table_like() {
                    let package = detail.get("package").and_then(Item::as_str).unwrap_or(key);
                    if package != name {
                        continue;
                    }
                    detail
                        .get_key_value("version")
                        .and_then(|(k, v)| string_field(text, k, v, &location).ok())
                } else if key == name {
                    deps.get_key_value(key)
                        .and_then(|(k, v)| string_field(text, k, v, &location).ok())
                } else {
                    continue;
                };
                fields.extend(found);
            }
        }
        fields
    }

    fn lock_file(&self) -> Option<&'static str> {
        Some("Cargo.lock")
    }
}

/// The tables of a manifest (or of a `[target.*]` table) that list dependencies.
const DEPENDENCY_TABLES: [&str; 5] = [
    "dependencies",
    "dev-dependencies",
    "dev_dependencies",
    "build-dependencies",
    "build_dependencies",
];

/// `[workspace.package] version` of a Cargo.toml, if present.
fn workspace_version(text: &str, root: &Item) -> Result<Option<VersionField>, FormatError> {
    match lookup(root, &["workspace", "package", "version"]) {
        Some((key, item)) => {
            let f = string_field(text, key, item, "[workspace.package] version")?;
            check_semver(text, f).map(Some)
        }
        None => Ok(None),
    }
}

/// `[package] version`; if it is `version.workspace = true` or absent,
/// `[workspace.package] version`.
fn find_version(text: &str) -> Result<Option<VersionField>, FormatError> {
    let doc = parse(text)?;
    let root = doc.as_item();
    let Some((key, item)) = lookup(root, &["package", "version"]) else {
        return workspace_version(text, root);
    };
    if let Some(table) = item.as_table_like() {
        if table.get("workspace").and_then(Item::as_bool) == Some(true) && table.len() == 1 {
            // Inherited: the version lives in [workspace.package], here or in the
            // workspace root (then this file holds no version of its own).
            return workspace_version(text, root);
        }
        return Err(FormatError::at(
            text,
            item_offset(key, item),
            "[package] version is a table other than `{ workspace = true }`; \
             write it as version = \"1.2.3\" or version.workspace = true",
        ));
    }
    let f = string_field(text, key, item, "[package] version")?;
    check_semver(text, f).map(Some)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{bump, err};
    use super::super::{splice, Format};
    use super::Cargo;

    fn one(text: &str) -> Option<super::VersionField> {
        let mut fields = Cargo.find(text).expect("no error");
        assert!(fields.len() <= 1, "{fields:?}");
        fields.pop()
    }

    #[test]
    fn cargo_with_comments_and_odd_spacing() {
        let text = "# top comment\n[package]\nname = \"relman\"  # the name\nversion=\"1.0.0\"  # comment\nedition = \"2021\"\n\n[dependencies]\nfoo = { version = \"1.0\" }\n";
        let out = bump(&Cargo, text, "1.0.0", "[package] version", "1.1.0");
        assert_eq!(
            out,
            "# top comment\n[package]\nname = \"relman\"  # the name\nversion=\"1.1.0\"  # comment\nedition = \"2021\"\n\n[dependencies]\nfoo = { version = \"1.0\" }\n"
        );
        let f = one(text).unwrap();
        assert_eq!((f.line, f.column), (4, 10));
    }

    #[test]
    fn cargo_toml_1_1_inline_tables_over_several_lines() {
        // TOML 1.1 (cargo reads it): an inline table over several lines, a trailing comma.
        let text = "[package]\nname = \"x\"\nversion = \"1.0.0\"\n\n[dependencies]\nfoo = {\n  version = \"1.0\",\n  features = [\"a\"],\n}\n";
        let out = bump(&Cargo, text, "1.0.0", "[package] version", "1.1.0");
        assert_eq!(
            out,
            text.replace("version = \"1.0.0\"", "version = \"1.1.0\"")
        );
    }

    #[test]
    fn cargo_single_quoted_literal_string() {
        let text = "[package]\nname = 'x'\nversion = '0.9.1-rc.1+build.5'\n";
        let out = bump(
            &Cargo,
            text,
            "0.9.1-rc.1+build.5",
            "[package] version",
            "1.0.0",
        );
        assert_eq!(out, "[package]\nname = 'x'\nversion = '1.0.0'\n");
    }

    #[test]
    fn cargo_dependency_version_is_not_picked() {
        // The dependency table comes first and [package] has the version later.
        let text = "[dependencies]\nfoo = { version = \"1.0\" }\nbar = \"2.0.0\"\n\n[dependencies.baz]\nversion = \"3.0.0\"\n\n[package]\nname = \"x\"\nversion = \"0.1.0\"\n";
        let out = bump(&Cargo, text, "0.1.0", "[package] version", "0.2.0");
        assert_eq!(
            out,
            "[dependencies]\nfoo = { version = \"1.0\" }\nbar = \"2.0.0\"\n\n[dependencies.baz]\nversion = \"3.0.0\"\n\n[package]\nname = \"x\"\nversion = \"0.2.0\"\n"
        );
        // Without a [package] version, a dependency's version is still not picked.
        let text = "[package]\nname = \"x\"\n[dependencies]\nfoo = { version = \"1.0.0\" }\n";
        assert_eq!(one(text), None);
    }

    #[test]
    fn cargo_workspace_inheritance_dotted_and_inline() {
        let text = "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"2.3.4\"   # shared\nedition = \"2021\"\n\n[package]\nname = \"root\"\nversion.workspace = true\n";
        let out = bump(
            &Cargo,
            text,
            "2.3.4",
            "[workspace.package] version",
            "2.4.0",
        );
        assert_eq!(
            out,
            "[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"2.4.0\"   # shared\nedition = \"2021\"\n\n[package]\nname = \"root\"\nversion.workspace = true\n"
        );
        let text = "[package]\nname = \"root\"\nversion = { workspace = true }\n\n[workspace.package]\nversion = '2.3.4'\n";
        let out = bump(
            &Cargo,
            text,
            "2.3.4",
            "[workspace.package] version",
            "3.0.0",
        );
        assert_eq!(
            out,
            "[package]\nname = \"root\"\nversion = { workspace = true }\n\n[workspace.package]\nversion = '3.0.0'\n"
        );
        // A member inheriting from a root elsewhere holds no version itself.
        let member = "[package]\nname = \"a\"\nversion.workspace = true\n";
        assert_eq!(one(member), None);
        // `version = { workspace = false }` is an error.
        let bad = "[package]\nname = \"a\"\nversion = { workspace = false }\n";
        let e = err(&Cargo, bad);
        assert_eq!((e.line, e.column), (3, 11));
    }

    #[test]
    fn cargo_workspace_only_and_virtual_manifest() {
        let text = "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n\n[workspace.package]\nversion = \"0.4.0\"\n";
        let out = bump(
            &Cargo,
            text,
            "0.4.0",
            "[workspace.package] version",
            "0.5.0",
        );
        assert_eq!(
            out,
            "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n\n[workspace.package]\nversion = \"0.5.0\"\n"
        );
        let virtual_manifest =
            "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nedition = \"2021\"\n";
        assert_eq!(one(virtual_manifest), None);
        assert_eq!(one(""), None);
    }

    #[test]
    fn root_package_and_workspace_package_both_found() {
        let text = "[package]\nname = \"root\"\nversion = \"1.0.0\"\n[workspace]\nmembers = [\"a\"]\n[workspace.package]\nversion = \"1.0.0\"\n";
        let fields = Cargo.find(text).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(splice(text, &fields, "1.1.0").matches("1.1.0").count(), 2);
    }

    #[test]
    fn cargo_dotted_and_inline_package_tables() {
        let text = "package.name = \"x\"\npackage.version = \"1.0.0\"\n";
        let out = bump(&Cargo, text, "1.0.0", "[package] version", "1.0.1");
        assert_eq!(out, "package.name = \"x\"\npackage.version = \"1.0.1\"\n");
        let text = "package = { name = \"x\", \"version\" = \"1.0.0\" }\n";
        let out = bump(&Cargo, text, "1.0.0", "[package] version", "1.0.1");
        assert_eq!(out, "package = { name = \"x\", \"version\" = \"1.0.1\" }\n");
        let text =
            "[package.version]\nworkspace = true\n[workspace.package]\nversion = \"4.0.0\"\n";
        let out = bump(
            &Cargo,
            text,
            "4.0.0",
            "[workspace.package] version",
            "4.0.1",
        );
        assert_eq!(out, text.replace("4.0.0", "4.0.1"));
    }

    #[test]
    fn cargo_crlf() {
        let text = "[package]\r\nname = \"x\"\r\nversion = \"1.0.0\"\r\n";
        let out = bump(&Cargo, text, "1.0.0", "[package] version", "1.0.1");
        assert_eq!(out, "[package]\r\nname = \"x\"\r\nversion = \"1.0.1\"\r\n");
    }

    #[test]
    fn cargo_version_not_a_string() {
        let e = err(&Cargo, "[package]\nname = \"x\"\nversion = 1\n");
        assert_eq!((e.line, e.column), (3, 11));
        assert!(e.message.contains("not a plain string"), "{e}");
        assert!(e.message.contains("version = \"1.2.3\""), "{e}");
        assert_eq!(e.to_string(), format!("3:11: {}", e.message));

        let e = err(&Cargo, "[package]\nversion = \"\"\"\n1.0.0\"\"\"\n");
        assert_eq!((e.line, e.column), (2, 11));
        assert!(e.message.contains("multi-line"), "{e}");

        let e = err(&Cargo, "[package]\nversion = \"1.0\\u002E0\"\n");
        assert_eq!((e.line, e.column), (2, 11));
        assert!(e.message.contains("escape"), "{e}");

        let e = err(&Cargo, "[package]\nversion = [\"1.0.0\"]\n");
        assert!(e.message.contains("an array"), "{e}");
    }

    #[test]
    fn cargo_version_not_semver() {
        let e = err(&Cargo, "[package]\nname = \"x\"\nversion = \"1.2\"\n");
        assert_eq!((e.line, e.column), (3, 12));
        assert!(
            e.message.starts_with(
                "version \"1.2\" is not SemVer (MAJOR.MINOR.PATCH); fix it by hand, e.g. \"1.2.0\""
            ),
            "{e}"
        );
        assert!(e.message.contains("[package] version"), "{e}");

        let e = err(&Cargo, "[package]\nversion = \"banana\"\n");
        assert!(e.message.contains("\"banana\" is not SemVer"), "{e}");
        assert!(e.message.contains("fix it by hand"), "{e}");
    }

    #[test]
    fn cargo_syntax_error_has_position() {
        let text = "[package]\nname = \"x\"\nversion = \"1.0.0\n[dependencies]\n";
        let e = err(&Cargo, text);
        assert_eq!(e.line, 3, "{e}");
        assert!(e.message.starts_with("invalid TOML: "), "{e}");
        assert!(e.message.ends_with("; fix the syntax"), "{e}");
        assert!(!e.message.contains('\n'), "{e}");

        let e = err(&Cargo, "[package]\n\n\nname = = 1\n");
        assert_eq!(e.line, 4, "{e}");

        // Duplicate keys are a TOML error too.
        let e = err(
            &Cargo,
            "[package]\nversion = \"1.0.0\"\nversion = \"2.0.0\"\n",
        );
        assert!(e.message.starts_with("invalid TOML: "), "{e}");
        assert_eq!(e.line, 3, "{e}");
    }

    #[test]
    fn cargo_bom_and_multibyte() {
        let text = "\u{feff}[package]\nname = \"héllo\" # ünïcode\nversion = \"1.0.0\"\n";
        let out = bump(&Cargo, text, "1.0.0", "[package] version", "1.0.1");
        assert_eq!(
            out,
            "\u{feff}[package]\nname = \"héllo\" # ünïcode\nversion = \"1.0.1\"\n"
        );
    }

    #[test]
    fn cargo_package_name_lookup() {
        assert_eq!(
            Cargo.package_name("[package]\nname = \"relman\"\nversion = \"1.0.0\"\n"),
            Ok(Some("relman".to_string()))
        );
        assert_eq!(Cargo.package_name("[workspace]\nmembers = []\n"), Ok(None));
        let e = Cargo.package_name("[package]\nname = 3\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8));
        assert!(Cargo.package_name("[package\n").is_err());
    }

    // --- dependents -----------------------------------------------------

    /// (location, requirement) of every dependency on `name`.
    fn deps(text: &str, name: &str) -> Vec<(String, String)> {
        Cargo
            .dependents(text, name)
            .into_iter()
            .map(|f| {
                assert_eq!(&text[f.span.clone()], f.text);
                (f.location, f.text)
            })
            .collect()
    }

    #[test]
    fn dependents_in_every_dependency_table() {
        let text = r#"[package]
name = "app"
version = "0.3.0"

[dependencies]
core = { version = "0.3.0", path = "../core" }
serde = "1"

[dev-dependencies]
core = "=0.3.0"

[build-dependencies.core]
path = "../core"
version = '^0.3'

[target.'cfg(unix)'.dependencies]
core = { path = "../core", version = "~0.3.0", features = ["x"] }

[workspace.dependencies]
core = { version = "0.3.0", path = "crates/core" }
"#;
        assert_eq!(
            deps(text, "core"),
            [
                ("[dependencies] core".to_string(), "0.3.0".to_string()),
                ("[dev-dependencies] core".into(), "=0.3.0".into()),
                ("[build-dependencies] core".into(), "^0.3".into()),
                (
                    "[target.\"cfg(unix)\".dependencies] core".into(),
                    "~0.3.0".into()
                ),
                ("[workspace.dependencies] core".into(), "0.3.0".into()),
            ]
        );
        let fields = Cargo.dependents(text, "core");
        assert_eq!((fields[0].line, fields[0].column), (6, 21));
        let out = splice(text, &fields, "0.4.0");
        assert_eq!(out.matches("0.4.0").count(), 5, "{out}");
        assert!(
            out.contains("version = \"0.3.0\"\n"),
            "its own version stays: {out}"
        );
        assert_eq!(
            deps(text, "serde"),
            [("[dependencies] serde".into(), "1".into())]
        );
        assert_eq!(deps(text, "app"), []);
    }

    #[test]
    fn dependents_follow_renames_and_skip_what_names_no_version() {
        let text = r#"[dependencies]
alias = { package = "core", version = "1.2.0" }
core = { package = "other", version = "9.0.0" }
[dev-dependencies]
core = { path = "../core" }
[build-dependencies]
core = { workspace = true }
[target.x86_64-unknown-linux-gnu.dependencies]
core = { git = "https://example.com/core" }
[workspace.dependencies]
core = { version = 1 }
"#;
        assert_eq!(
            deps(text, "core"),
            [("[dependencies] alias".to_string(), "1.2.0".to_string())]
        );
        assert_eq!(
            deps(text, "other"),
            [("[dependencies] core".to_string(), "9.0.0".to_string())]
        );
        assert_eq!(deps("[dependencies\ncore = \"1\"", "core"), []);
        assert_eq!(deps("dependencies = 3\n[target]\nx = 1\n", "core"), []);
    }

    #[test]
    fn cargo_lock_follows_cargo_toml() {
        assert_eq!(Cargo.lock_file(), Some("Cargo.lock"));
    }
}
