//! `package.json`: the top-level `"version"` member, its `"name"`, and its dependencies on a
//! package. The file is parsed with serde_json to know it is valid, then scanned byte by
//! byte for the exact span of a member (serde_json keeps no positions), so that a new
//! version is spliced in without reformatting anything.

use std::ops::Range;

use serde_json::Value;

use super::{check_semver, field, Format, FormatError, VersionField};
use crate::textpos::{self, BOM};

/// The `package.json` format.
pub(super) struct Npm;

impl Format for Npm {
    fn name(&self) -> &'static str {
        "npm"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["package.json"]
    }

    /// The top-level "version" member, and the platform packages released with it: an
    /// `"optionalDependencies"` entry pinned to exactly that version whose name is the
    /// package's own for an operating system (`git-cliff-linux-x64` of `git-cliff`,
    /// `@esbuild/linux-x64` of `esbuild`), as binary packages ship on npm.
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let Some(version) = find_version(text)? else {
            return Ok(Vec::new());
        };
        let start = bom_len(text);
        let value: Value =
            serde_json::from_str(&text[start..]).map_err(|e| json_error(text, start, &e))?;
        let own = value.get("name").and_then(Value::as_str).unwrap_or("");
        let mut fields = vec![version];
        let Some(optional) = value.get("optionalDependencies").and_then(Value::as_object) else {
            return Ok(fields);
        };
        for (dep, requirement) in optional {
            if requirement.as_str() != Some(fields[0].text.as_str()) || !platform_sibling(own, dep)
            {
                continue;
            }
            for (table, span) in requirement_spans(text, start, &value, dep) {
                if table == "optionalDependencies" {
                    fields.push(field(text, span, format!("\"{table}\" {dep}")));
                }
            }
        }
        Ok(fields)
    }

    /// The top-level "name", when it is a string.
    fn package_name(&self, text: &str) -> Result<Option<String>, FormatError> {
        let start = text.len() - text.trim_start_matches(BOM).len();
        let value: Value =
            serde_json::from_str(&text[start..]).map_err(|e| json_error(text, start, &e))?;
        Ok(value
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string))
    }

    fn lock_file(&self) -> Option<&'static str> {
        Some("package-lock.json")
    }

    fn unpublished(&self, text: &str) -> bool {
        let start = bom_len(text);
        serde_json::from_str::<Value>(&text[start..])
            .ok()
            .and_then(|v| v.get("private").and_then(Value::as_bool))
            .unwrap_or(false)
    }

    /// `"workspaces"`: a list of globs, or `{"packages": [...]}` (yarn); a glob starting
    /// with `!` excludes.
    fn members(&self, text: &str) -> Option<super::Members> {
        let start = bom_len(text);
        let value: Value = serde_json::from_str(&text[start..]).ok()?;
        let list = match value.get("workspaces")? {
            Value::Array(list) => list,
            Value::Object(map) => map.get("packages")?.as_array()?,
            _ => return None,
        };
        let mut members = super::Members::default();
        for glob in list.iter().filter_map(Value::as_str) {
            match glob.strip_prefix('!') {
                Some(excluded) => members.exclude.push(excluded.to_string()),
                None => members.include.push(glob.to_string()),
            }
        }
        Some(members)
    }

    /// `"workspace:^1.2.0"`: the range after the protocol, when it names a version
    /// (`workspace:*`, `workspace:^` and `workspace:~` follow the package whatever it is).
    fn protocol_requirements(&self, text: &str, name: &str) -> Vec<VersionField> {
        let start = bom_len(text);
        let Ok(value) = serde_json::from_str::<Value>(&text[start..]) else {
            return Vec::new();
        };
        requirement_spans(text, start, &value, name)
            .into_iter()
            .filter_map(|(table, r)| {
                let range = text[r.clone()].strip_prefix("workspace:")?;
                names_a_version(range).then(|| {
                    let inner = r.end - range.len()..r.end;
                    field(text, inner, format!("\"{table}\" {name}"))
                })
            })
            .collect()
    }

    /// The requirement on `name` in `"dependencies"`, `"devDependencies"`,
    /// `"peerDependencies"` and `"optionalDependencies"` when it names a version (`1.2.3`,
    /// `^1.2.0`, `>=1 <2`, `1.x`), not another protocol (`workspace:`, `file:`, `npm:`, a
    /// git or tarball URL, a `user/repo` or local path) or a tag (`latest`, `*`).
    fn dependents(&self, text: &str, name: &str) -> Vec<VersionField> {
        let start = bom_len(text);
        let Ok(value) = serde_json::from_str::<Value>(&text[start..]) else {
            return Vec::new();
        };
        dependents_in(text, start, &value, name, "")
    }
}

/// The requirements on `name` in the dependency members of the JSON object `value`, which
/// starts at or after `at` in `text` (a package.json, or a package-lock.json entry); each
/// field's location starts with `prefix`.
pub(super) fn dependents_in(
    text: &str,
    at: usize,
    value: &Value,
    name: &str,
    prefix: &str,
) -> Vec<VersionField> {
    requirement_spans(text, at, value, name)
        .into_iter()
        .filter(|(_, r)| names_a_version(&text[r.clone()]))
        .map(|(table, r)| field(text, r, format!("{prefix}\"{table}\" {name}")))
        .collect()
}

/// Each requirement on `name` in the dependency members of the JSON object `value` (at or
/// after `at` in `text`) that is written without escapes: its member and the span of its
/// text inside the quotes.
fn requirement_spans(
    text: &str,
    at: usize,
    value: &Value,
    name: &str,
) -> Vec<(&'static str, Range<usize>)> {
    let mut out = Vec::new();
    for table in DEPENDENCY_FIELDS {
        let Some(parsed) = value
            .get(table)
            .and_then(|deps| deps.get(name))
            .and_then(Value::as_str)
        else {
            continue;
        };
        for member in scan_top_level_member(text, at, table) {
            let JsonMember::Other(at) = member else {
                continue;
            };
            if text.as_bytes().get(at) != Some(&b'{') {
                continue;
            }
            for dep in scan_top_level_member(text, at, name) {
                match dep {
                    // Written without escapes, so the span is exactly the requirement.
                    JsonMember::String(r) if &text[r.clone()] == parsed => out.push((table, r)),
                    _ => {}
                }
            }
        }
    }
    out
}

/// Whether `dep` is a platform build of the package `own`: named for an operating system,
/// and `own-…`, in the scope `@own/`, or in `own`'s scope.
fn platform_sibling(own: &str, dep: &str) -> bool {
    const SYSTEMS: [&str; 11] = [
        "linux", "darwin", "macos", "win32", "windows", "freebsd", "openbsd", "netbsd", "android",
        "sunos", "aix",
    ];
    if own.is_empty() || dep == own {
        return false;
    }
    let (own_scope, own_bare) = match own.split_once('/') {
        Some((scope, bare)) => (Some(scope), bare),
        None => (None, own),
    };
    let (dep_scope, dep_bare) = match dep.split_once('/') {
        Some((scope, bare)) => (Some(scope), bare),
        None => (None, dep),
    };
    let related = dep_bare
        .strip_prefix(own_bare)
        .is_some_and(|rest| rest.starts_with('-'))
        && dep_scope == own_scope
        || dep_scope.is_some_and(|s| s.strip_prefix('@') == Some(own_bare))
        || (own_scope.is_some() && dep_scope == own_scope);
    related && dep_bare.split('-').any(|part| SYSTEMS.contains(&part))
}

/// The members of package.json that list dependencies with their requirements.
const DEPENDENCY_FIELDS: [&str; 4] = [
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "optionalDependencies",
];

/// Whether a dependency's requirement names a version (a range of versions), rather than
/// another source or a tag.
fn names_a_version(requirement: &str) -> bool {
    let r = requirement.trim();
    r.bytes().any(|b| b.is_ascii_digit())
        && !r.contains([':', '/'])
        && r.starts_with(|c: char| c.is_ascii_digit() || "^~=<>vV".contains(c))
}

/// The length of one leading byte-order mark, if any.
pub(super) fn bom_len(text: &str) -> usize {
    if text.starts_with(BOM) {
        BOM.len_utf8()
    } else {
        0
    }
}

/// Where a member's value starts, as found by [`scan_top_level_member`].
pub(super) enum JsonMember {
    /// The value is a string; the range is its text inside the quotes.
    String(Range<usize>),
    /// The value is something else; the offset is where it starts.
    Other(usize),
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The end (one past the closing quote) of the JSON string whose opening quote is at `start`.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Whether the raw JSON string (with quotes) `raw` denotes the key `want`.
fn json_key_is(raw: &str, want: &str) -> bool {
    if raw.contains('\\') {
        serde_json::from_str::<String>(raw).is_ok_and(|k| k == want)
    } else {
        raw.len() >= 2 && &raw[1..raw.len() - 1] == want
    }
}

/// Every direct member named `key` of the JSON object that is the first value at or after
/// `start`, without recursion (depth is a counter, so deep nesting cannot overflow the
/// stack). `text` must already be valid JSON.
pub(super) fn scan_top_level_member(text: &str, start: usize, key: &str) -> Vec<JsonMember> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0usize;
    let mut expect_key = false;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let end = skip_string(bytes, i);
                if depth == 1 && expect_key {
                    expect_key = false;
                    if json_key_is(&text[i..end], key) {
                        let colon = skip_ws(bytes, end);
                        let value = skip_ws(bytes, colon + 1);
                        if value < bytes.len() && bytes[value] == b'"' {
                            let value_end = skip_string(bytes, value);
                            found.push(JsonMember::String(value + 1..value_end - 1));
                            i = value_end;
                            continue;
                        }
                        found.push(JsonMember::Other(value));
                        i = value;
                        continue;
                    }
                }
                i = end;
            }
            b'{' | b'[' => {
                depth += 1;
                expect_key = depth == 1 && bytes[i] == b'{';
                i += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    // The object has closed.
                    break;
                }
                i += 1;
            }
            b',' => {
                expect_key = depth == 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    found
}

fn json_error(text: &str, start: usize, e: &serde_json::Error) -> FormatError {
    // serde_json counts lines by '\n' and columns in bytes, 1-based, pointing at
    // the offending byte; turn that into a byte offset and then into chars.
    let offset = start + textpos::offset(&text[start..], e.line(), e.column());
    let message = e.to_string();
    let message = message
        .rsplit_once(" at line ")
        .map_or(message.as_str(), |(m, _)| m);
    FormatError::at(
        text,
        offset,
        format!("invalid JSON: {message}; fix the syntax"),
    )
}

fn find_version(text: &str) -> Result<Option<VersionField>, FormatError> {
    let start = bom_len(text);
    let value: Value =
        serde_json::from_str(&text[start..]).map_err(|e| json_error(text, start, &e))?;
    let Some(object) = value.as_object() else {
        let offset = skip_ws(text.as_bytes(), start);
        return Err(FormatError::at(
            text,
            offset,
            "package.json is not a JSON object; it must start with '{'",
        ));
    };
    let Some(parsed) = object.get("version") else {
        return Ok(None);
    };
    let members = scan_top_level_member(text, start, "version");
    let member = match members.as_slice() {
        [member] => member,
        [] => {
            return Err(FormatError::at(
                text,
                start,
                "could not locate the text of \"version\"; edit it by hand",
            ))
        }
        [_, second, ..] => {
            let offset = match second {
                JsonMember::String(r) => r.start.saturating_sub(1),
                JsonMember::Other(o) => *o,
            };
            return Err(FormatError::at(
                text,
                offset,
                "\"version\" appears more than once at the top level; keep only one",
            ));
        }
    };
    let location = "\"version\"";
    match member {
        JsonMember::Other(offset) => Err(FormatError::at(
            text,
            *offset,
            format!(
                "{location} is not a string; write it as a quoted version, e.g. \"version\": \"1.2.3\""
            ),
        )),
        JsonMember::String(range) => {
            let raw = &text[range.clone()];
            if raw.contains('\\') {
                return Err(FormatError::at(
                    text,
                    range.start,
                    format!(
                        "{location} contains escape sequences; write it without backslashes, e.g. \"version\": \"1.2.3\""
                    ),
                ));
            }
            if parsed.as_str() != Some(raw) {
                return Err(FormatError::at(
                    text,
                    range.start,
                    format!("could not locate the text of {location}; edit it by hand"),
                ));
            }
            check_semver(text, field(text, range.clone(), location)).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::splice;
    use super::super::tests::{bump, err};
    use super::*;

    #[test]
    fn platform_packages_pinned_to_the_version_move_with_it() {
        let text = r#"{
  "name": "git-cliff",
  "version": "2.13.0",
  "optionalDependencies": {
    "git-cliff-linux-x64": "2.13.0",
    "git-cliff-win32-x64": "2.12.0",
    "left-pad-linux": "2.13.0",
    "git-cliff-core": "2.13.0"
  },
  "dependencies": { "git-cliff-darwin-arm64": "2.13.0" }
}
"#;
        let fields = Npm.find(text).unwrap();
        let locations: Vec<&str> = fields.iter().map(|f| f.location.as_str()).collect();
        assert_eq!(
            locations,
            [
                "\"version\"",
                "\"optionalDependencies\" git-cliff-linux-x64"
            ]
        );
        assert_eq!((fields[1].line, fields[1].column), (5, 29));
        assert!(platform_sibling("esbuild", "@esbuild/linux-x64"));
        assert!(platform_sibling("@biomejs/biome", "@biomejs/cli-linux-x64"));
        assert!(platform_sibling("rollup", "@rollup/rollup-darwin-arm64"));
        assert!(!platform_sibling("@acme/app", "@acme/core"));
        assert!(!platform_sibling("git-cliff", "other-linux-x64"));
    }

    fn one(text: &str) -> Option<VersionField> {
        let mut fields = Npm.find(text).expect("no error");
        assert!(fields.len() <= 1, "{fields:?}");
        fields.pop()
    }

    #[test]
    fn package_json_pretty_with_nested_versions_first() {
        let text = r#"{
  "name": "relman",
  "dependencies": {
    "version": "9.9.9",
    "left-pad": "^1.0.0"
  },
  "engines": { "node": ">=18", "version": "8.8.8" },
  "list": [{"version": "7.7.7"}, "version", {"a": ["version"]}],
  "description": "a \"version\": \"6.6.6\" tool \\",
  "version": "1.2.3",
  "scripts": { "test": "echo \"version\": 1" }
}
"#;
        let out = bump(&Npm, text, "1.2.3", "\"version\"", "1.3.0");
        assert_eq!(
            out,
            text.replace("\"version\": \"1.2.3\"", "\"version\": \"1.3.0\"")
        );
        let f = one(text).unwrap();
        assert_eq!((f.line, f.column), (10, 15));
    }

    #[test]
    fn package_json_minified() {
        let text = r#"{"dependencies":{"version":"0.0.1"},"version":"2.0.0-beta.1","x":[1,2,{"version":"3"}]}"#;
        let out = bump(&Npm, text, "2.0.0-beta.1", "\"version\"", "2.0.0");
        assert_eq!(
            out,
            r#"{"dependencies":{"version":"0.0.1"},"version":"2.0.0","x":[1,2,{"version":"3"}]}"#
        );
        let f = one(text).unwrap();
        assert_eq!((f.line, f.column), (1, 48));
    }

    #[test]
    fn package_json_crlf_and_bom() {
        let text = "\u{feff}{\r\n  \"name\": \"x\",\r\n  \"version\" :  \"0.1.0\"\r\n}\r\n";
        let out = bump(&Npm, text, "0.1.0", "\"version\"", "0.2.0");
        assert_eq!(
            out,
            "\u{feff}{\r\n  \"name\": \"x\",\r\n  \"version\" :  \"0.2.0\"\r\n}\r\n"
        );
        let f = one(text).unwrap();
        assert_eq!((f.line, f.column), (3, 17));
        // BOM on the same line as the version: the BOM is not a column.
        let text = "\u{feff}{\"version\":\"1.0.0\"}";
        let f = one(text).unwrap();
        assert_eq!((f.line, f.column), (1, 13));
        assert_eq!(
            splice(text, &[f], "1.0.1"),
            "\u{feff}{\"version\":\"1.0.1\"}"
        );
    }

    #[test]
    fn package_json_without_version() {
        let text = "{\n  \"name\": \"x\",\n  \"dependencies\": { \"version\": \"1.0.0\" }\n}\n";
        assert_eq!(one(text), None);
        assert_eq!(one("{}"), None);
    }

    #[test]
    fn package_json_escaped_key_counts() {
        let text = r#"{"versio\u006e": "1.0.0"}"#;
        let out = bump(&Npm, text, "1.0.0", "\"version\"", "1.0.1");
        assert_eq!(out, r#"{"versio\u006e": "1.0.1"}"#);
    }

    #[test]
    fn package_json_invalid() {
        let text = "{\n  \"name\": \"x\",\n  \"version\": \"1.0.0\"\n  \"private\": true\n}\n";
        let e = err(&Npm, text);
        assert_eq!((e.line, e.column), (4, 3), "{e}");
        assert!(
            e.message.starts_with("invalid JSON: expected `,` or `}`"),
            "{e}"
        );
        assert!(!e.message.contains(" at line "), "{e}");
        assert!(e.message.ends_with("; fix the syntax"), "{e}");

        // Column counts chars, not bytes.
        let e = err(&Npm, "{\"näme\": \"ü\" x}");
        assert_eq!((e.line, e.column), (1, 14), "{e}");

        let e = err(&Npm, "");
        assert!(e.message.starts_with("invalid JSON"), "{e}");

        let e = err(&Npm, "[1, 2]");
        assert!(e.message.contains("not a JSON object"), "{e}");
    }

    #[test]
    fn package_json_bad_version_values() {
        let e = err(&Npm, "{\n  \"version\": 1\n}");
        assert_eq!((e.line, e.column), (2, 14), "{e}");
        assert!(e.message.contains("not a string"), "{e}");

        let e = err(&Npm, "{\"version\": \"1.0\\u002e0\"}");
        assert!(e.message.contains("escape"), "{e}");

        let e = err(&Npm, "{\"version\": \"1.0\"}");
        assert_eq!((e.line, e.column), (1, 14), "{e}");
        assert!(e.message.contains("e.g. \"1.0.0\""), "{e}");

        let e = err(&Npm, "{\"version\": \"1.0.0\",\n \"version\": \"2.0.0\"}");
        assert_eq!((e.line, e.column), (2, 13), "{e}");
        assert!(e.message.contains("more than once"), "{e}");
    }

    #[test]
    fn package_json_name() {
        assert_eq!(
            Npm.package_name("\u{feff}{\"name\": \"@scope/x\", \"version\": \"1.0.0\"}"),
            Ok(Some("@scope/x".to_string()))
        );
        assert_eq!(Npm.package_name("{\"name\": 3}"), Ok(None));
        assert_eq!(Npm.package_name("[]"), Ok(None));
        let e = Npm.package_name("{\n\"name\" \"x\"}").unwrap_err();
        assert_eq!((e.line, e.column), (2, 8), "{e}");
    }

    #[test]
    fn scanner_handles_deep_nesting_without_recursion() {
        // Valid JSON nested deeper than serde_json allows never reaches the scanner,
        // but the scanner itself must cope with any depth.
        let deep = format!(
            "{{\"a\":{}1{}, \"version\": \"1.0.0\"}}",
            "[".repeat(50_000),
            "]".repeat(50_000)
        );
        let found = scan_top_level_member(&deep, 0, "version");
        assert_eq!(found.len(), 1);
        assert!(matches!(&found[0], JsonMember::String(r) if &deep[r.clone()] == "1.0.0"));
    }

    // --- dependents -----------------------------------------------------

    /// (location, requirement) of every dependency on `name`.
    fn deps(text: &str, name: &str) -> Vec<(String, String)> {
        Npm.dependents(text, name)
            .into_iter()
            .map(|f| {
                assert_eq!(&text[f.span.clone()], f.text);
                (f.location, f.text)
            })
            .collect()
    }

    #[test]
    fn dependents_in_every_dependency_member() {
        let text = r#"{
  "name": "@acme/app",
  "version": "0.3.0",
  "core": "0.3.0",
  "dependencies": { "left-pad": "^1.0.0", "@acme/core": "^0.3.0" },
  "devDependencies": {
    "@acme/core": "0.3.0"
  },
  "peerDependencies": {"@acme/core": ">=0.3.0 <0.4.0"},
  "optionalDependencies": { "@acme/core": "~0.3.0" },
  "scripts": { "dependencies": "x" },
  "other": { "dependencies": { "@acme/core": "0.0.1" } }
}
"#;
        assert_eq!(
            deps(text, "@acme/core"),
            [
                (
                    "\"dependencies\" @acme/core".to_string(),
                    "^0.3.0".to_string()
                ),
                ("\"devDependencies\" @acme/core".into(), "0.3.0".into()),
                (
                    "\"peerDependencies\" @acme/core".into(),
                    ">=0.3.0 <0.4.0".into()
                ),
                (
                    "\"optionalDependencies\" @acme/core".into(),
                    "~0.3.0".into()
                ),
            ]
        );
        let fields = Npm.dependents(text, "@acme/core");
        assert_eq!((fields[1].line, fields[1].column), (7, 20));
        let out = splice(text, &fields[..2], "0.4.0");
        assert!(out.contains("\"@acme/core\": \"0.4.0\" }"), "{out}");
        assert!(out.contains("\"@acme/core\": \"0.4.0\"\n"), "{out}");
        assert!(
            out.contains("\"version\": \"0.3.0\""),
            "its own version stays: {out}"
        );
        assert_eq!(deps(text, "left-pad").len(), 1);
        assert_eq!(deps(text, "@acme/app"), []);
        assert_eq!(deps(text, "core"), []);
    }

    #[test]
    fn dependents_skip_other_protocols_and_tags() {
        for requirement in [
            "workspace:*",
            "workspace:^1.0.0",
            "file:../core",
            "link:../core",
            "npm:other@1.0.0",
            "git+https://example.com/core.git#v1.0.0",
            "https://example.com/core-1.0.0.tgz",
            "acme/core#v1.0.0",
            "../core",
            "latest",
            "*",
            "",
        ] {
            let text = format!("{{\"dependencies\": {{\"core\": \"{requirement}\"}}}}");
            assert_eq!(deps(&text, "core"), [], "{requirement}");
        }
        for requirement in ["1.0.0", "^1", "~1.2", "1.x", ">= 1.0.0", "=1.0.0", "v1.0.0"] {
            let text = format!("{{\"dependencies\": {{\"core\": \"{requirement}\"}}}}");
            assert_eq!(deps(&text, "core").len(), 1, "{requirement}");
        }
        // Escaped, not a string, malformed: none.
        assert_eq!(
            deps(r#"{"dependencies": {"core": "1.0\u002e0"}}"#, "core"),
            []
        );
        assert_eq!(deps(r#"{"dependencies": {"core": 1}}"#, "core"), []);
        assert_eq!(deps(r#"{"dependencies": ["core"]}"#, "core"), []);
        assert_eq!(deps(r#"{"dependencies": {"core": "1.0.0"}"#, "core"), []);
        // An escaped key names the package all the same.
        assert_eq!(
            deps(r#"{"dependencies": {"c\u006fre": "1.0.0"}}"#, "core").len(),
            1
        );
    }
}
