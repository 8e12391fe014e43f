//! `Chart.yaml` (a Helm chart) and `pubspec.yaml` (a Dart package): the top-level `version:`
//! key, and the `name:`. Read
//! line by line, without a YAML parser: a top-level key starts at the first column, so the
//! `version:` of a dependency (indented under `dependencies:`) and `appVersion:` are not
//! taken. The value is plain, single- or double-quoted, on the key's line, with an optional
//! `# comment` after it.

use std::ops::Range;

use super::{check_semver, field, Format, FormatError, VersionField};
use crate::textpos::BOM;

/// A YAML manifest whose version and name are top-level keys: a Helm chart's `Chart.yaml`
/// (its `version`, not `appVersion`, the version of what the chart deploys), a Dart or
/// Flutter package's `pubspec.yaml` (a build number `+4` is SemVer build metadata, kept).
pub(super) struct TopLevelYaml {
    name: &'static str,
    files: &'static [&'static str],
}

/// The `Chart.yaml` format.
pub(super) static HELM: TopLevelYaml = TopLevelYaml {
    name: "helm",
    files: &["Chart.yaml"],
};

/// The `pubspec.yaml` format.
pub(super) static PUBSPEC: TopLevelYaml = TopLevelYaml {
    name: "pubspec",
    files: &["pubspec.yaml"],
};

impl Format for TopLevelYaml {
    fn name(&self) -> &'static str {
        self.name
    }

    fn file_names(&self) -> &'static [&'static str] {
        self.files
    }

    /// Found where `[version] files` names it: relman does not choose it on its own.
    fn at_root(&self) -> bool {
        false
    }

    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        let Some(span) = top_level(text, "version")? else {
            return Ok(Vec::new());
        };
        check_semver(text, field(text, span, "version")).map(|f| vec![f])
    }

    fn package_name(&self, text: &str) -> Result<Option<String>, FormatError> {
        Ok(top_level(text, "name")?.map(|span| text[span].to_string()))
    }
}

/// The span of the value of the top-level `key` (inside its quotes), None when the file has
/// no such key; Err when the value is not a one-line plain or quoted scalar, or the key is
/// given twice.
fn top_level(text: &str, key: &str) -> Result<Option<Range<usize>>, FormatError> {
    let mut found: Option<Range<usize>> = None;
    let mut offset = 0;
    let mut lines = text.split('\n').peekable();
    while let Some(raw) = lines.next() {
        let start = offset;
        offset += raw.len() + 1;
        let skip = if start == 0 && raw.starts_with(BOM) {
            BOM.len_utf8()
        } else {
            0
        };
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let Some(after_key) = line[skip..].strip_prefix(key) else {
            continue;
        };
        let after_space = after_key.trim_start_matches([' ', '\t']);
        let Some(value) = after_space.strip_prefix(':') else {
            continue;
        };
        if !(value.is_empty() || value.starts_with([' ', '\t'])) {
            continue;
        }
        let key_at = start + skip;
        if found.is_some() {
            return Err(FormatError::at(
                text,
                key_at,
                format!("`{key}` is given twice at the top level; keep one"),
            ));
        }
        let value_at = start + (line.len() - value.len());
        let span = scalar(text, key, value_at, value)?;
        if !matches!(
            value.trim_start_matches([' ', '\t']).as_bytes().first(),
            Some(b'"' | b'\'')
        ) {
            // A plain scalar goes on over the indented lines that follow it.
            let next = lines.peek().map(|l| l.trim_end_matches('\r'));
            if let Some(next) = next.filter(|l| l.starts_with([' ', '\t'])) {
                let content = next.trim_start_matches([' ', '\t']);
                if !content.is_empty() && !content.starts_with('#') {
                    return Err(FormatError::at(
                        text,
                        span.start,
                        format!("`{key}` goes on over the next line; write it on one line, e.g. `{key}: 1.2.3`"),
                    ));
                }
            }
        }
        found = Some(span);
    }
    Ok(found)
}

/// The span of the scalar `value` (the text after `key:` up to the end of the line, at
/// offset `at`), inside its quotes.
fn scalar(text: &str, key: &str, at: usize, value: &str) -> Result<Range<usize>, FormatError> {
    let lead = value.len() - value.trim_start_matches([' ', '\t']).len();
    let value = &value[lead..];
    let at = at + lead;
    let fail = |message: String| Err(FormatError::at(text, at, message));
    let example = format!("e.g. `{key}: 1.2.3`");
    let (span, rest) = match value.as_bytes().first() {
        None | Some(b'#') => {
            return fail(format!(
                "`{key}` has no value on its line; write it there, {example}"
            ))
        }
        Some(q @ (b'"' | b'\'')) => {
            let quote = char::from(*q);
            let Some(close) = value[1..].find(quote) else {
                return fail(format!(
                    "`{key}` has a quote that is not closed on its line; close it, {example}"
                ));
            };
            let inner = &value[1..=close];
            let rest = &value[close + 2..];
            if (quote == '"' && inner.contains('\\')) || (quote == '\'' && rest.starts_with('\''))
            {
                return fail(format!(
                    "`{key}` is a quoted string with escapes, not a plain version; write it without, {example}"
                ));
            }
            (at + 1..at + 1 + inner.len(), rest)
        }
        Some(b'|' | b'>' | b'[' | b'{' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`') => {
            return fail(format!(
                "`{key}` is not a plain string (a block, a list, a map, an anchor, an alias or a tag); write it as a plain version, {example}"
            ))
        }
        Some(_) => {
            // A plain scalar ends at a ` #` comment or the end of the line.
            let end = value
                .match_indices('#')
                .map(|(i, _)| i)
                .find(|&i| value[..i].ends_with([' ', '\t']))
                .unwrap_or(value.len());
            let len = value[..end].trim_end_matches([' ', '\t']).len();
            (at..at + len, "")
        }
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    if !(rest.is_empty() || rest.starts_with('#')) {
        return fail(format!(
            "`{key}` has text after its closing quote; remove it, {example}"
        ));
    }
    Ok(span)
}

/// The value of a top-level key of a Chart.yaml (`version`, `appVersion`, `name`), None when
/// it has none or it cannot be read as one plain or quoted scalar.
pub(crate) fn chart_value(text: &str, key: &str) -> Option<String> {
    top_level(text, key)
        .ok()
        .flatten()
        .map(|span| text[span].to_string())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::tests::{bump, err};
    use super::*;

    /// A chart as `helm create` writes it, with dependencies.
    const CHART: &str = "apiVersion: v2\nname: my-app\ndescription: A HELM chart for Kubernetes\n\n# A chart can be either an 'application' or a 'library' chart.\ntype: application\n\n# This is the chart version.\nversion: 0.1.0\n\n# This is the version number of the application being deployed.\nappVersion: \"1.16.0\"\n\ndependencies:\n  - name: postgresql\n    version: 12.1.2\n    repository: https://charts.bitnami.com/bitnami\n    condition: postgresql.enabled\n  - name: redis\n    version: \"17.x.x\"\n    repository: oci://registry-1.docker.io/bitnamicharts\nmaintainers:\n  - name: me\n";

    #[test]
    fn helm_chart_version_not_app_version_nor_dependencies() {
        let out = bump(&HELM, CHART, "0.1.0", "version", "0.2.0");
        assert_eq!(out, CHART.replace("version: 0.1.0", "version: 0.2.0"));
        assert_eq!(HELM.package_name(CHART), Ok(Some("my-app".to_string())));
        // The chart's version after its dependencies, in CRLF, quoted, with a comment.
        let text = "apiVersion: v2\r\nappVersion: 1.16.0\r\ndependencies:\r\n- name: common\r\n  version: 2.x.x\r\n\r\nname: 'web'\r\nversion: \"1.2.3\"   # bump me\r\n";
        let out = bump(&HELM, text, "1.2.3", "version", "1.3.0-rc.1");
        assert_eq!(out, text.replace("\"1.2.3\"", "\"1.3.0-rc.1\""));
        assert_eq!(HELM.package_name(text), Ok(Some("web".to_string())));
        let text = "\u{feff}version : '2.0.0'\nname: x\n";
        assert_eq!(
            bump(&HELM, text, "2.0.0", "version", "2.0.1"),
            "\u{feff}version : '2.0.1'\nname: x\n"
        );
        let text = "version:\t1.0.0#not-a-comment\n";
        let e = err(&HELM, text);
        assert!(e.message.contains("1.0.0#not-a-comment"), "{e}");
    }

    #[test]
    fn helm_no_version_is_none() {
        for text in [
            "",
            "apiVersion: v2\nname: x\nappVersion: 1.0.0\n",
            "name: x\ndependencies:\n  - name: y\n    version: 1.0.0\n",
            "# version: 1.0.0\nversions: [1]\nversion_x: 1.0.0\n",
            "description: |\n  version: 1.0.0\n",
        ] {
            assert_eq!(HELM.find(text), Ok(vec![]), "{text:?}");
        }
        assert_eq!(HELM.package_name("version: 1.0.0\n"), Ok(None));
        assert!(!HELM.at_root());
        assert_eq!(
            super::super::for_path(Path::new("charts/web/Chart.yaml")).map(Format::name),
            Some("helm")
        );
    }

    #[test]
    fn helm_errors_say_where() {
        let e = err(&HELM, "name: x\nversion: v1.2.3\n");
        assert_eq!((e.line, e.column), (2, 10));
        assert!(e.message.contains("drop the leading \"v\""), "{e}");
        assert!(e.message.contains("(in version)"), "{e}");
        for (text, at, words) in [
            ("version: \"1.0\"\n", (1, 11), "e.g. \"1.0.0\""),
            ("version:\n  1.0.0\n", (1, 9), "no value"),
            ("version: 1.0.0\nversion: 1.0.1\n", (2, 1), "twice"),
            ("version: \"1.0.0\n", (1, 10), "not closed"),
            ("version: \"1.0\\u0030.0\"\n", (1, 10), "escapes"),
            ("version: '1.0''0'\n", (1, 10), "escapes"),
            ("version: \"1.0.0\" x\n", (1, 10), "after its closing quote"),
            ("version: [1.0.0]\n", (1, 10), "not a plain string"),
            ("version: >\n  1.0.0\n", (1, 10), "not a plain string"),
            ("version: 1.0.0\n  -beta\n", (1, 10), "next line"),
        ] {
            let e = err(&HELM, text);
            assert_eq!((e.line, e.column), at, "{text:?}: {e}");
            assert!(e.message.contains(words), "{text:?}: {e}");
        }
        // A comment line indented under a plain value is no continuation.
        assert_eq!(HELM.find("version: 1.0.0\n  # x\n").unwrap().len(), 1);
    }

    /// What `dart create` writes, with a dependency that has a version of its own.
    const PUBSPEC_YAML: &str = "name: dart_api\ndescription: A sample command-line application.\nversion: 1.0.0\npublish_to: none\n\nenvironment:\n  sdk: ^3.2.0\n\ndependencies:\n  http:\n    version: ^1.1.0\n";

    #[test]
    fn pubspec_version_and_name_at_the_top_level_only() {
        let out = bump(&PUBSPEC, PUBSPEC_YAML, "1.0.0", "version", "1.1.0");
        assert_eq!(
            out,
            PUBSPEC_YAML.replace("version: 1.0.0", "version: 1.1.0")
        );
        assert_eq!(
            PUBSPEC.package_name(PUBSPEC_YAML),
            Ok(Some("dart_api".to_string()))
        );
        // A Flutter app's build number is build metadata.
        let flutter = "name: app\nversion: 2.3.0+17\n";
        assert_eq!(
            bump(&PUBSPEC, flutter, "2.3.0+17", "version", "2.4.0"),
            "name: app\nversion: 2.4.0\n"
        );
        assert_eq!(
            PUBSPEC.find("name: x\ndependencies:\n  y:\n    version: 1.0.0\n"),
            Ok(Vec::new())
        );
    }
}
