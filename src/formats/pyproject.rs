//! `pyproject.toml`: `[project] version`, else `[tool.poetry] version`, else
//! `[tool.commitizen] version`, and the name beside it.

use super::toml::{lookup, parse, string_field};
use super::{check_semver, Format, FormatError, VersionField};

/// The `pyproject.toml` format.
pub(super) struct Pyproject;

impl Format for Pyproject {
    fn name(&self) -> &'static str {
        "pyproject"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["pyproject.toml"]
    }

    /// `[project] version`, else `[tool.poetry] version`, else `[tool.commitizen] version`;
    /// none with `dynamic = ["version"]` and no commitizen version.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let doc = parse(text)?;
        let root = doc.as_item();
        for (path, location) in [
            (&["project", "version"][..], "[project] version"),
            (&["tool", "poetry", "version"][..], "[tool.poetry] version"),
            (
                &["tool", "commitizen", "version"][..],
                "[tool.commitizen] version",
            ),
        ] {
            if let Some((key, item)) = lookup(root, path) {
                let f = check_semver(text, string_field(text, key, item, location)?)?;
                let mut fields = vec![f];
                // commitizen's own copy of the same version, beside `[project]`'s, moves with
                // it (one that already differs is commitizen's business: left as it is).
                if path[1] != "commitizen" {
                    if let Some((key, item)) = lookup(root, &["tool", "commitizen", "version"]) {
                        let copy = string_field(text, key, item, "[tool.commitizen] version")?;
                        if copy.text == fields[0].text {
                            fields.push(copy);
                        }
                    }
                }
                return Ok(fields);
            }
        }
        Ok(Vec::new())
    }

    /// uv records the project's version in `uv.lock` too.
    fn lock_file(&self) -> Option<&'static str> {
        Some("uv.lock")
    }

    /// `[project] name`, else `[tool.poetry] name`, when it is a string.
    /// uv's `[tool.uv.workspace] members` and `exclude`.
    fn members(&self, text: &str) -> Option<super::Members> {
        let doc = parse(text).ok()?;
        let (_, workspace) = lookup(doc.as_item(), &["tool", "uv", "workspace"])?;
        Some(super::toml::members(workspace))
    }

    fn package_name(&self, text: &str) -> Result<Option<String>, FormatError> {
        let doc = parse(text)?;
        let root = doc.as_item();
        Ok(lookup(root, &["project", "name"])
            .or_else(|| lookup(root, &["tool", "poetry", "name"]))
            .and_then(|(_, item)| item.as_str().map(str::to_string)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{bump, err};
    use super::*;

    #[test]
    fn pyproject_project_version() {
        let text = "[build-system]\nrequires = [\"hatchling\"]\n\n[project]\nname = \"relman\"\nversion = \"0.3.0\"  # bump me\ndependencies = [\"requests>=2.0.0\"]\n\n[tool.poetry]\nversion = \"9.9.9\"\n";
        let out = bump(&Pyproject, text, "0.3.0", "[project] version", "0.4.0");
        assert_eq!(out, text.replace("0.3.0", "0.4.0"));
    }

    #[test]
    fn pyproject_poetry_version() {
        let text = "[tool.poetry]\nname = \"relman\"\nversion = '1.0.0'\n\n[tool.poetry.dependencies]\npython = \"^3.10\"\n";
        let out = bump(&Pyproject, text, "1.0.0", "[tool.poetry] version", "1.0.1");
        assert_eq!(out, text.replace("1.0.0", "1.0.1"));
        // Poetry 2: dynamic in [project], the value in [tool.poetry].
        let text = "[project]\nname = \"x\"\ndynamic = [\"version\"]\n\n[tool.poetry]\nversion = \"2.0.0\"\n";
        let out = bump(&Pyproject, text, "2.0.0", "[tool.poetry] version", "2.1.0");
        assert_eq!(out, text.replace("2.0.0", "2.1.0"));
    }

    #[test]
    fn pyproject_commitizen_version() {
        let text = "[project]\nname = \"x\"\ndynamic = [\"version\"]\n\n[tool.commitizen]\nname = \"cz_conventional_commits\"\r\ntag_format = \"v$version\"\nversion = \"0.7.1\"  # managed\nversion_files = [\"src/x/__init__.py\"]\n";
        let out = bump(
            &Pyproject,
            text,
            "0.7.1",
            "[tool.commitizen] version",
            "0.8.0",
        );
        assert_eq!(out, text.replace("0.7.1", "0.8.0"));
        // After [project] and [tool.poetry].
        let text = "[tool.commitizen]\nversion = \"1.0.0\"\n\n[tool.poetry]\nversion = \"2.0.0\"\n";
        bump(&Pyproject, text, "2.0.0", "[tool.poetry] version", "2.0.1");
        let text = "[tool.commitizen]\nversion = \"1.0.0\"\n\n[project]\nversion = \"3.0.0\"\n";
        bump(&Pyproject, text, "3.0.0", "[project] version", "3.0.1");
        let e = err(&Pyproject, "[tool.commitizen]\nversion = \"v1.0.0\"\n");
        assert_eq!((e.line, e.column), (2, 12));
        assert!(e.message.contains("[tool.commitizen] version"), "{e}");
        // The same version in both: both move.
        let text = "[project]\nversion = \"3.0.0\"\n\n[tool.commitizen]\nversion = \"3.0.0\"\n";
        let fields = Pyproject.find(text).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[1].location, "[tool.commitizen] version");
        assert_eq!(
            super::super::splice(text, &fields, "3.1.0"),
            text.replace("3.0.0", "3.1.0")
        );
        // `version_provider = "pep621"` keeps no version there.
        let text =
            "[project]\nversion = \"1.0.0\"\n[tool.commitizen]\nversion_provider = \"pep621\"\n";
        bump(&Pyproject, text, "1.0.0", "[project] version", "1.1.0");
    }

    #[test]
    fn pyproject_dynamic_version_is_none() {
        let text = "[project]\nname = \"x\"\ndynamic = [\"version\"]\n\n[tool.setuptools_scm]\n";
        assert_eq!(Pyproject.find(text), Ok(vec![]));
    }

    #[test]
    fn pyproject_errors() {
        let e = err(&Pyproject, "[project]\nversion = \"1.0\"\n");
        assert!(e.message.contains("[project] version"), "{e}");
        assert_eq!((e.line, e.column), (2, 12));
        let e = err(&Pyproject, "[project\nversion = \"1.0.0\"\n");
        assert_eq!(e.line, 1, "{e}");
    }

    #[test]
    fn pyproject_name() {
        assert_eq!(
            Pyproject.package_name("[project]\nname = \"relman\"\n"),
            Ok(Some("relman".to_string()))
        );
        assert_eq!(
            Pyproject.package_name("[tool.poetry]\nname = \"p\"\n"),
            Ok(Some("p".to_string()))
        );
        // A name that is not a string is no name (and [tool.poetry] is not asked then).
        assert_eq!(
            Pyproject.package_name("[project]\nname = 1\n[tool.poetry]\nname = \"p\"\n"),
            Ok(None)
        );
        assert!(Pyproject.package_name("[project\n").is_err());
    }
}
