//! Version-file formats: where a version lives in each kind of file, as a registry.
//!
//! Each format is one file of this folder implementing [`Format`] (`VERSION`, `Cargo.toml`,
//! `Cargo.lock`, `package.json`, `pyproject.toml`; and, found only where `[version] files`
//! names them, Python's `__init__.py` and `_version.py`, Go's `version.go`, Dart's
//! `pubspec.yaml`, `gradle.properties`, `setup.cfg`), listed once in [`FORMATS`]; user-declared
//! `[[version.patterns]]` are a [`Pattern`], a format of their own that is chosen by
//! configuration rather than by file name. A format finds the version's text with its exact
//! byte span, line and column; [`splice`] writes a new version into those spans so that every
//! other byte of the file stays exactly as it was, whatever the format.
//!
//! Everything here is pure over text: no file I/O, nothing printed; callers read and write
//! the files and report the [`FormatError`]s returned. Errors carry a 1-based line and
//! column in the file; `0:0` means the error is not about a position in the file (an
//! invalid pattern, a file that holds no single version).
//!
//! Adding a format: one file here implementing [`Format`], its `mod` line and its entry in
//! [`FORMATS`]. The known files at the root, the names `release.toml` accepts and lists, the
//! project name read for the lint and the release headings, and lock files that follow a
//! manifest are all derived from the registry.

use std::ops::Range;
use std::path::Path;

use crate::textpos::line_col;

mod cargo;
mod cargo_lock;
mod dotnet;
mod go;
mod gradle;
mod helm;
pub(crate) use helm::chart_value;
mod maven;
mod npm;
mod npm_lock;
mod pattern;
mod plain;
mod pyproject;
mod python;
mod setup_cfg;
mod toml;
mod uv_lock;
mod xml;

pub(crate) use pattern::{find_pattern, Pattern};

/// A kind of version file.
pub(crate) trait Format: Sync {
    /// A short name for tests and debugging ("plain", "cargo", "npm", ...).
    fn name(&self) -> &'static str;

    /// The file names of this format; the first is the one looked for at the root.
    fn file_names(&self) -> &'static [&'static str];

    /// Whether `path` is a file of this format, by its file name only (`*.csproj` in
    /// `file_names` matches by extension).
    fn matches(&self, path: &Path) -> bool {
        path.file_name()
            .and_then(std::ffi::OsStr::to_str)
            .is_some_and(|name| {
                self.file_names().iter().any(|n| match n.strip_prefix('*') {
                    Some(ext) => name.len() > ext.len() && name.ends_with(ext),
                    None => *n == name,
                })
            })
    }

    /// Whether the file is looked for at the root when `release.toml` names no version
    /// file. False for a format whose files hold a version only in some projects (a
    /// `Chart.yaml`, a Python `__init__.py`): `relman init` finds those and writes them in
    /// `[version] files`, where they may also be named by hand.
    fn at_root(&self) -> bool {
        true
    }

    /// The file looked for at the root when `release.toml` names no version file, and the
    /// one `source` and `files` may name; None for a file that never holds the version of
    /// its own (a lock file, which follows its manifest instead).
    fn known_file(&self) -> Option<&'static str> {
        self.file_names().first().copied()
    }

    /// Whether a file of this format that holds no version is an error (a `VERSION` file
    /// exists only to hold one) rather than a file that has none to bump.
    fn requires_version(&self) -> bool {
        false
    }

    /// Every version field of the file, in the order they are written to and compared.
    ///
    /// Empty: the file holds no version (e.g. a Cargo.toml member inheriting it from a
    /// workspace root elsewhere, a pyproject with `dynamic = ["version"]`).
    /// Err: the file is malformed, a field is not a plain string (a number, a table, a
    /// multi-line string, a string with escapes), or it is not `SemVer`.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError>;

    /// The package name the file declares (Cargo.toml `[package] name`, package.json
    /// `"name"`, pyproject.toml `[project]` or `[tool.poetry]` `name`); Ok(None) when it
    /// declares none or the format has no names. Err when the file does not parse, or when
    /// the name is not a string in a format that refuses that (Cargo.toml).
    fn package_name(&self, text: &str) -> Result<Option<String>, FormatError> {
        let _ = text;
        Ok(None)
    }

    /// The places where this manifest requires the package `name` at a version (a
    /// dependency on it that names a version requirement), with the span of that
    /// requirement's text (e.g. `^1.2.3`). Never fails: a file that does not parse has none.
    // Read by the monorepo packages (a release updates the requirements of the packages
    // that depend on it); until then only its tests call it.
    #[allow(dead_code)]
    fn dependents(&self, text: &str, name: &str) -> Vec<VersionField> {
        let _ = (text, name);
        Vec::new()
    }

    /// The places where this manifest requires the package `name` through a protocol relman
    /// leaves as written (pnpm's `workspace:^1.2.0`), each with the span of its range
    /// (`^1.2.0`): a release checks that they still admit it.
    fn protocol_requirements(&self, text: &str, name: &str) -> Vec<VersionField> {
        let _ = (text, name);
        Vec::new()
    }

    /// Whether the manifest's package takes its version from the workspace's
    /// (`version.workspace = true`): it moves with `[workspace.package] version`.
    fn inherits_version(&self, text: &str) -> bool {
        let _ = text;
        false
    }

    /// Whether the manifest says its package is never published (npm `"private": true`,
    /// Cargo `publish = false`): a workspace member that is not released unless it has tags
    /// of its own or release.toml declares it.
    fn unpublished(&self, text: &str) -> bool {
        let _ = text;
        false
    }

    /// The workspace this manifest declares at the root of a monorepo: the globs of its
    /// member folders and of the folders excluded from them (Cargo `[workspace] members` and
    /// `exclude`, npm/yarn `workspaces`, uv `[tool.uv.workspace]`). None: it declares none.
    fn members(&self, text: &str) -> Option<Members> {
        let _ = text;
        None
    }

    /// The lock file at the root that records this manifest's version too and moves with
    /// it (Cargo.toml: Cargo.lock); None for most formats.
    fn lock_file(&self) -> Option<&'static str> {
        None
    }

    /// In a lock file of this format, the fields that move with the version of the manifest
    /// whose package is `name` and whose version fields are `manifest` (all at one version).
    fn locked(
        &self,
        text: &str,
        name: &str,
        manifest: &[VersionField],
    ) -> Result<Vec<VersionField>, FormatError> {
        let _ = (text, name, manifest);
        Ok(Vec::new())
    }
}

/// Every format chosen by file name, in the order the version source is looked for at the
/// root.
pub(crate) static FORMATS: &[&dyn Format] = &[
    &plain::Plain,
    &cargo::Cargo,
    &npm::Npm,
    &pyproject::Pyproject,
    &cargo_lock::CargoLock,
    &npm_lock::NpmLock,
    &uv_lock::UvLock,
    &helm::HELM,
    &helm::PUBSPEC,
    &maven::Maven,
    &dotnet::Dotnet,
    &python::MODULE,
    &python::VERSION_MODULE,
    &go::Go,
    &gradle::Gradle,
    &setup_cfg::SetupCfg,
];

/// Member folders of a workspace, as globs relative to the manifest's folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Members {
    pub(crate) include: Vec<String>,
    pub(crate) exclude: Vec<String>,
}

/// The format of a file, by its file name ("VERSION", "a/b/Cargo.toml"), if relman knows it.
pub(crate) fn for_path(path: &Path) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.matches(path))
}

/// The format named `name` ("cargo", "npm", ...).
pub(crate) fn by_name(name: &str) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.name() == name)
}

/// The known version files at the root, in the order the version source is chosen from:
/// "VERSION", "Cargo.toml", "package.json", "pyproject.toml".
pub(crate) fn known_files() -> Vec<&'static str> {
    FORMATS
        .iter()
        .filter(|f| f.at_root())
        .filter_map(|f| f.known_file())
        .collect()
}

/// Every file name `[version] source` and `files` may name, for messages: the known files,
/// then the formats found only where a project keeps them (`__init__.py`, `*.csproj`).
pub(crate) fn nameable_files() -> Vec<&'static str> {
    let mut names = known_files();
    for format in FORMATS
        .iter()
        .filter(|f| !f.at_root() && f.known_file().is_some())
    {
        names.extend(format.file_names());
    }
    names
}

/// A version found in a file, with the exact byte span of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct VersionField {
    /// The version as written, e.g. "1.2.3".
    pub(crate) text: String,
    /// Byte range of exactly that text in the file (inside the quotes).
    pub(crate) span: Range<usize>,
    /// 1-based line of `span.start`.
    pub(crate) line: usize,
    /// 1-based column of `span.start`, counted in chars.
    pub(crate) column: usize,
    /// Where it was found, for messages, e.g. "[package] version".
    pub(crate) location: String,
}

/// Something wrong with a file's version, with where it is and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub(crate) struct FormatError {
    /// What is wrong and what to do about it.
    pub(crate) message: String,
    /// 1-based line in the file (0 when not about a position in the file).
    pub(crate) line: usize,
    /// 1-based column in chars (0 when not about a position in the file).
    pub(crate) column: usize,
}

impl FormatError {
    /// An error at a byte offset of the file.
    fn at(text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_col(text, offset);
        FormatError {
            message: message.into(),
            line,
            column,
        }
    }

    /// An error about no position in the file.
    fn nowhere(message: impl Into<String>) -> Self {
        FormatError {
            message: message.into(),
            line: 0,
            column: 0,
        }
    }
}

/// The field whose text is `text[span]`, found at `location`.
fn field(text: &str, span: Range<usize>, location: impl Into<String>) -> VersionField {
    let (line, column) = line_col(text, span.start);
    VersionField {
        text: text[span.clone()].to_string(),
        span,
        line,
        column,
        location: location.into(),
    }
}

/// Checks that the field's text is `SemVer`; the error points at the field.
fn check_semver(text: &str, f: VersionField) -> Result<VersionField, FormatError> {
    match semver::Version::parse(&f.text) {
        Ok(_) => Ok(f),
        Err(e) => Err(FormatError::at(
            text,
            f.span.start,
            format!("{} (in {})", semver_advice(&f.text, &e), f.location),
        )),
    }
}

/// What is wrong with a version that does not parse as `SemVer`, and how to fix it.
fn semver_advice(version: &str, err: &semver::Error) -> String {
    let trimmed = version.trim();
    if let Some(rest) = trimmed.strip_prefix(['v', 'V']) {
        if semver::Version::parse(rest).is_ok() {
            return format!(
                "version \"{version}\" is not SemVer: drop the leading \"v\" and write \"{rest}\""
            );
        }
    }
    let suggestion = suggest_semver(trimmed);
    match suggestion {
        Some(s) => format!(
            "version \"{version}\" is not SemVer (MAJOR.MINOR.PATCH); fix it by hand, e.g. \"{s}\""
        ),
        None => format!(
            "version \"{version}\" is not SemVer (MAJOR.MINOR.PATCH): {err}; fix it by hand, e.g. \"1.0.0\""
        ),
    }
}

/// A `SemVer` close to a version written as 1, 1.2, v1.2, 01.02.03 and the like.
fn suggest_semver(version: &str) -> Option<String> {
    let core = version.strip_prefix(['v', 'V']).unwrap_or(version);
    let parts: Vec<&str> = core.split('.').collect();
    if parts.is_empty()
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || p.len() > 18 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let mut numbers: Vec<u64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
    numbers.resize(3, 0);
    let s = format!("{}.{}.{}", numbers[0], numbers[1], numbers[2]);
    semver::Version::parse(&s).ok().map(|_| s)
}

/// Replace each field's span with `new_version`. Spans must not overlap; order
/// does not matter. Every other byte is kept.
///
/// Never panics: the same span given twice is replaced once; a span that
/// overlaps an earlier one, runs past the end, or cuts a char is left alone.
pub(crate) fn splice(text: &str, fields: &[VersionField], new_version: &str) -> String {
    let edits: Vec<(Range<usize>, String)> = fields
        .iter()
        .map(|f| (f.span.clone(), new_version.to_string()))
        .collect();
    splice_each(text, &edits)
}

/// `text` with each span replaced by its own text: several packages' versions in one
/// shared file (a workspace's Cargo.lock), or requirements beside versions. A span that
/// overlaps an earlier one or is not in the text is skipped.
pub(crate) fn splice_each(text: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut edits: Vec<&(Range<usize>, String)> = edits.iter().collect();
    edits.sort_by_key(|(s, _)| (s.start, s.end));
    edits.dedup_by(|a, b| a.0 == b.0);
    let mut out =
        String::with_capacity(text.len() + edits.iter().map(|e| e.1.len()).sum::<usize>());
    let mut kept = 0usize;
    for (span, new) in edits {
        if span.start < kept || span.start > span.end || text.get(span.clone()).is_none() {
            continue;
        }
        out.push_str(&text[kept..span.start]);
        out.push_str(new);
        kept = span.end;
    }
    out.push_str(&text[kept..]);
    out
}

/// A dependency requirement moved to `version`, keeping its operator: `0.3.0`, `=0.3.0`,
/// `^0.3`, `~0.3.0` become `0.4.0`, `=0.4.0`, `^0.4.0`, `~0.4.0`. None for a requirement
/// that is not one such comparator (a range, `>=`, `*`, a tag): it is left as written.
pub(crate) fn moved_requirement(requirement: &str, version: &semver::Version) -> Option<String> {
    let r = requirement.trim();
    let (operator, rest) = match r.as_bytes().first()? {
        b'^' | b'~' | b'=' => r.split_at(1),
        _ => ("", r),
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix(['v', 'V']).unwrap_or(rest);
    // One version, possibly partial (`0.3`), nothing else.
    let parts: Vec<&str> = rest.split('.').collect();
    let numeric = |p: &&str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let plain = (1..=3).contains(&parts.len()) && parts.iter().all(numeric);
    if !plain && semver::Version::parse(rest).is_err() {
        return None;
    }
    Some(format!("{operator}{version}"))
}

/// Whether a requirement (Cargo's, or npm's with spaces and `||`) admits `version`; None
/// when relman cannot read it (a hyphen range, a tag, a URL).
pub(crate) fn admits(requirement: &str, version: &semver::Version) -> Option<bool> {
    let mut any = false;
    for alternative in requirement.split("||") {
        let comparators: Vec<&str> = alternative.split_whitespace().collect();
        if comparators.contains(&"-") {
            return None;
        }
        // npm writes `>=1.2.0 <2`, Cargo `>=1.2.0, <2`; `>= 1.2.0` (an operator apart).
        let mut joined: Vec<String> = Vec::new();
        for c in comparators {
            let c = c.trim_end_matches(',');
            match joined.last_mut() {
                Some(last) if last.chars().all(|ch| "<>=~^".contains(ch)) => last.push_str(c),
                _ => joined.push(c.to_string()),
            }
        }
        let req = semver::VersionReq::parse(&joined.join(", ")).ok()?;
        any |= req.matches(version);
    }
    Some(any)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn requirements_move_with_their_operator_and_ranges_stay() {
        let v = semver::Version::new(0, 4, 0);
        let moved = |r: &str| moved_requirement(r, &v);
        assert_eq!(moved("0.3.0").as_deref(), Some("0.4.0"));
        assert_eq!(moved("=0.3.0").as_deref(), Some("=0.4.0"));
        assert_eq!(moved("^0.3").as_deref(), Some("^0.4.0"));
        assert_eq!(moved("~0.3.0").as_deref(), Some("~0.4.0"));
        assert_eq!(moved("^0.3.0-rc.1").as_deref(), Some("^0.4.0"));
        for range in [
            ">=0.3.0",
            ">=0.3.0 <0.4.0",
            "^0.3 || ^0.2",
            "*",
            "0.3.x",
            "latest",
        ] {
            assert_eq!(moved(range), None, "{range}");
        }
    }

    #[test]
    fn ranges_are_read_as_npm_and_cargo_write_them() {
        let v = semver::Version::new(2, 1, 0);
        assert_eq!(admits(">=2.0.0 <3", &v), Some(true));
        assert_eq!(admits(">=2.0.0, <2.1", &v), Some(false));
        assert_eq!(admits("^1 || ^2", &v), Some(true));
        assert_eq!(admits(">= 2.2", &v), Some(false));
        assert_eq!(admits("1.0.0 - 3.0.0", &v), None);
        assert_eq!(admits("latest", &v), None);
    }

    #[test]
    fn several_edits_in_one_file_keep_their_places() {
        let text = "a 1.0.0 b 2.0.0 c";
        let edits = vec![(10..15, "2.1.0".to_string()), (2..7, "1.0.1".to_string())];
        assert_eq!(splice_each(text, &edits), "a 1.0.1 b 2.1.0 c");
    }

    /// Finds the only version of a file of `format`, checks its text and location, and
    /// returns the file with it bumped.
    pub(crate) fn bump(
        format: &dyn Format,
        text: &str,
        old: &str,
        location: &str,
        new: &str,
    ) -> String {
        let fields = format.find(text).expect("no error");
        let [f] = fields.as_slice() else {
            panic!("one version, not {fields:?}");
        };
        assert_eq!(f.text, old);
        assert_eq!(&text[f.span.clone()], old);
        assert_eq!(f.location, location);
        assert_eq!((f.line, f.column), line_col(text, f.span.start));
        splice(text, fields.as_slice(), new)
    }

    /// The error `format` gives for `text`.
    pub(crate) fn err(format: &dyn Format, text: &str) -> FormatError {
        format.find(text).expect_err("an error")
    }

    #[test]
    fn for_path_by_file_name() {
        let k = |p: &str| for_path(Path::new(p)).map(Format::name);
        assert_eq!(k("VERSION"), Some("plain"));
        assert_eq!(k("a/b/VERSION.txt"), Some("plain"));
        assert_eq!(k("crates/x/Cargo.toml"), Some("cargo"));
        assert_eq!(k("package.json"), Some("npm"));
        assert_eq!(k("pyproject.toml"), Some("pyproject"));
        assert_eq!(k("Cargo.lock"), Some("cargo-lock"));
        assert_eq!(k("cargo.toml"), None);
        assert_eq!(k("version"), None);
        assert_eq!(k("package.json.bak"), None);
        assert_eq!(k(""), None);
        assert_eq!(k("/"), None);
    }

    #[test]
    fn workspaces_declare_their_members() {
        let cargo = for_path(Path::new("Cargo.toml")).unwrap();
        let m = cargo
            .members(
                "[workspace]\nmembers = [\"crates/*\", \"tool\"]\nexclude = [\"crates/old\"]\n",
            )
            .unwrap();
        assert_eq!(m.include, ["crates/*", "tool"]);
        assert_eq!(m.exclude, ["crates/old"]);
        assert_eq!(cargo.members("[package]\nname = \"a\"\n"), None);
        let npm = for_path(Path::new("package.json")).unwrap();
        let m = npm
            .members("{\"workspaces\": [\"packages/*\", \"!packages/private\"]}")
            .unwrap();
        assert_eq!(m.include, ["packages/*"]);
        assert_eq!(m.exclude, ["packages/private"]);
        // yarn's object form.
        let m = npm
            .members("{\"workspaces\": {\"packages\": [\"apps/*\"], \"nohoist\": [\"**\"]}}")
            .unwrap();
        assert_eq!(m.include, ["apps/*"]);
        assert_eq!(npm.members("{\"name\": \"x\"}"), None);
        let py = for_path(Path::new("pyproject.toml")).unwrap();
        let m = py
            .members("[project]\nname = \"x\"\n\n[tool.uv.workspace]\nmembers = [\"libs/*\"]\n")
            .unwrap();
        assert_eq!(m.include, ["libs/*"]);
        assert!(m.exclude.is_empty());
    }

    #[test]
    fn the_registry_is_consistent() {
        assert_eq!(
            known_files(),
            ["VERSION", "Cargo.toml", "package.json", "pyproject.toml"]
        );
        assert_eq!(
            nameable_files()[4..],
            [
                "Chart.yaml",
                "pubspec.yaml",
                "pom.xml",
                "Directory.Build.props",
                "*.csproj",
                "*.fsproj",
                "*.vbproj",
                "__init__.py",
                "__about__.py",
                "__version__.py",
                "_version.py",
                "version.py",
                "version.go",
                "gradle.properties",
                "setup.cfg"
            ]
        );
        for format in FORMATS {
            assert_eq!(
                by_name(format.name()).map(Format::name),
                Some(format.name())
            );
            for name in format.file_names() {
                // Each file name belongs to one format.
                assert_eq!(
                    for_path(Path::new(name)).map(Format::name),
                    Some(format.name())
                );
            }
            // A lock file is a known format that is no version source of its own.
            if let Some(lock) = format.lock_file() {
                let lock = for_path(Path::new(lock)).expect("a known lock format");
                assert_eq!(lock.known_file(), None, "{}", lock.name());
            }
        }
    }

    #[test]
    fn splice_two_fields_in_any_order() {
        let text = "a=1.0.0;b=1.0.0;";
        let f1 = VersionField {
            text: "1.0.0".into(),
            span: 2..7,
            line: 1,
            column: 3,
            location: "a".into(),
        };
        let f2 = VersionField {
            text: "1.0.0".into(),
            span: 10..15,
            line: 1,
            column: 11,
            location: "b".into(),
        };
        let expected = "a=10.20.30-rc.1;b=10.20.30-rc.1;";
        assert_eq!(
            splice(text, &[f1.clone(), f2.clone()], "10.20.30-rc.1"),
            expected
        );
        assert_eq!(
            splice(text, &[f2.clone(), f1.clone()], "10.20.30-rc.1"),
            expected
        );
        assert_eq!(splice(text, &[], "9.9.9"), text);
        // Defensive: duplicates replaced once, bad spans ignored, no panic.
        let mut bad = f1.clone();
        bad.span = 5..100;
        let mut overlap = f1.clone();
        overlap.span = 4..9;
        assert_eq!(
            splice(text, &[f1.clone(), f1.clone(), bad, overlap], "2.0.0"),
            "a=2.0.0;b=1.0.0;"
        );
        let mut cut = f1;
        cut.span = 1..2;
        assert_eq!(splice("é", &[cut], "x"), "é");
    }

    // --- never panic ----------------------------------------------------

    #[test]
    fn garbage_never_panics() {
        let deep_json = "[".repeat(10_000);
        let deep_obj = "{\"a\":".repeat(10_000);
        let deep_toml = format!("a = {}", "[".repeat(10_000));
        let deep_inline = format!("a = {}", "{b = ".repeat(10_000));
        let inputs: Vec<String> = vec![
            String::new(),
            "\0\u{1}\u{2}\u{7f}\u{fffd}\u{feff}\u{feff}".into(),
            "{{{{".into(),
            "}}}}]]]]".into(),
            "{\"version\": ".into(),
            "{\"version\": \"1.0.0".into(),
            "{\"version\": \"1.0.0\\".into(),
            "[package]\nversion = \"".into(),
            "[[package]]]\n".into(),
            "\"\"\"".into(),
            "\r\r\r\n\n\r".into(),
            "v".into(),
            "1.2.3.4.5".into(),
            "version = '1.0.0'\u{0}".into(),
            deep_json,
            deep_obj,
            deep_toml,
            deep_inline,
            "é".repeat(1000),
            (0u8..=127).map(char::from).collect(),
        ];
        let fields = [VersionField {
            text: "1.0.0".into(),
            span: 0..0,
            line: 1,
            column: 1,
            location: "[package] version".into(),
        }];
        for text in &inputs {
            for format in FORMATS {
                if let Err(e) = format.find(text) {
                    assert!(!e.message.is_empty());
                }
                let _ = format.package_name(text);
                let _ = format.dependents(text, "relman");
                let _ = format.locked(text, "relman", &fields);
            }
            for p in [
                Pattern::Literal("{version}".into()),
                Pattern::Regex(r"(\S+)".into()),
                Pattern::Regex(text.clone()),
                Pattern::Literal(text.clone()),
            ] {
                let _ = find_pattern(text, &p);
            }
            for offset in 0..text.len().min(50) + 2 {
                let _ = line_col(text, offset);
            }
        }
        let e = npm::Npm.find(&"[".repeat(10_000)).unwrap_err();
        assert!(e.message.contains("recursion limit"), "{e}");
    }
}
