//! `[[version.patterns]]`: a version in any file, found by a literal with a `{version}`
//! placeholder or by a regex. A [`Pattern`] is a [`Format`] chosen by configuration, not by
//! file name, so it is not in the registry.

use super::{check_semver, field, Format, FormatError, VersionField};

/// A version pattern declared by the user for an arbitrary file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Pattern {
    /// Literal text containing the placeholder `{version}` once, e.g.
    /// `relman = "{version}"` or `image: relman:{version}`. Matches where the
    /// literal parts surround a SemVer-looking version (`\d+\.\d+\.\d+` with
    /// optional `-pre` and `+build`).
    Literal(String),
    /// A regex (regex crate syntax) with a capture group named `version`; if
    /// no such named group, group 1; if no group at all → Err.
    Regex(String),
}

impl Format for Pattern {
    fn name(&self) -> &'static str {
        "pattern"
    }

    /// None: a pattern is chosen by `[[version.patterns]]`, never by file name.
    fn file_names(&self) -> &'static [&'static str] {
        &[]
    }

    /// Every match, see [`find_pattern`].
    fn find(&self, text: &str) -> Result<Vec<VersionField>, FormatError> {
        find_pattern(text, self)
    }
}

const PLACEHOLDER: &str = "{version}";
const SEMVER_LIKE: &str = r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?";

/// The compiled regex and the index of the group holding the version.
fn compile_pattern(pattern: &Pattern) -> Result<(regex::Regex, usize), FormatError> {
    match pattern {
        Pattern::Literal(literal) => {
            let count = literal.matches(PLACEHOLDER).count();
            if count != 1 {
                return Err(FormatError::nowhere(format!(
                    "pattern {literal:?} contains {PLACEHOLDER} {count} times; it must contain it exactly once, e.g. \"version = \\\"{PLACEHOLDER}\\\"\""
                )));
            }
            let (before, after) = literal.split_once(PLACEHOLDER).unwrap_or((literal, ""));
            let source = format!(
                "{}({SEMVER_LIKE}){}",
                regex::escape(before),
                regex::escape(after)
            );
            let re = regex::Regex::new(&source).map_err(|e| {
                FormatError::nowhere(format!(
                    "pattern {literal:?} could not be compiled ({e}); shorten it"
                ))
            })?;
            Ok((re, 1))
        }
        Pattern::Regex(source) => {
            let re = regex::Regex::new(source).map_err(|e| {
                let text = e.to_string();
                let last = text.lines().last().unwrap_or("").trim();
                let detail = last.strip_prefix("error: ").unwrap_or(last).to_string();
                FormatError::nowhere(format!(
                    "invalid regex {source:?}: {detail}; fix it (regex crate syntax)"
                ))
            })?;
            let named = re.capture_names().position(|n| n == Some("version"));
            match named {
                Some(group) => Ok((re, group)),
                None if re.captures_len() > 1 => Ok((re, 1)),
                None => Err(FormatError::nowhere(format!(
                    "regex {source:?} has no capture group; wrap the version in (?P<version>...)"
                ))),
            }
        }
    }
}

/// Every match of the pattern in the text, in order, as `VersionField`s
/// (location: "pattern match N", from 1). Err on an invalid regex, a literal
/// without exactly one `{version}`, a match whose version group captured
/// nothing, or a captured text that is not `SemVer` (with its line/column).
pub(crate) fn find_pattern(
    text: &str,
    pattern: &Pattern,
) -> Result<Vec<VersionField>, FormatError> {
    let (re, group) = compile_pattern(pattern)?;
    let mut fields = Vec::new();
    for (n, captures) in re.captures_iter(text).enumerate() {
        let location = format!("pattern match {}", n + 1);
        let whole = captures.get(0).map_or(0..0, |m| m.range());
        let Some(m) = captures.get(group) else {
            return Err(FormatError::at(
                text,
                whole.start,
                format!(
                    "{location} has no version: its version group did not take part in the match; make the group required"
                ),
            ));
        };
        fields.push(check_semver(text, field(text, m.range(), location))?);
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::super::splice;
    use super::*;

    #[test]
    fn literal_pattern_two_matches() {
        let text =
            "image: relman:1.2.3\nother: thing:4.5.6\nsidecar: relman:1.2.3-rc.1+b7\nrelman:1.2\n";
        let p = Pattern::Literal("relman:{version}".to_string());
        let fields = find_pattern(text, &p).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].text, "1.2.3");
        assert_eq!(fields[0].location, "pattern match 1");
        assert_eq!((fields[0].line, fields[0].column), (1, 15));
        assert_eq!(fields[1].text, "1.2.3-rc.1+b7");
        assert_eq!(fields[1].location, "pattern match 2");
        assert_eq!((fields[1].line, fields[1].column), (3, 17));
        assert_eq!(
            splice(text, &fields, "2.0.0"),
            "image: relman:2.0.0\nother: thing:4.5.6\nsidecar: relman:2.0.0\nrelman:1.2\n"
        );
        // The same through the trait.
        assert_eq!(p.find(text), Ok(fields));
        assert!(!p.matches(std::path::Path::new("relman:1.2.3")));
    }

    #[test]
    fn literal_pattern_with_regex_metacharacters_and_suffix() {
        let text = "relman = \"0.1.0\"\nrelman = \"0.2.0\" # (x)\nrelmanX= \"0.3.0\"\n";
        let p = Pattern::Literal("relman = \"{version}\"".to_string());
        let fields = find_pattern(text, &p).unwrap();
        let texts: Vec<&str> = fields.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["0.1.0", "0.2.0"]);
        let p = Pattern::Literal("[v{version}](*)".to_string());
        let fields = find_pattern("see [v1.0.0](*) and [v1.0.0](x)", &p).unwrap();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].span, 6..11);
        let p = Pattern::Literal("relman:{version}-alpine".to_string());
        let fields = find_pattern("relman:1.2.3-alpine", &p).unwrap();
        assert_eq!(fields[0].text, "1.2.3");
    }

    #[test]
    fn literal_pattern_needs_one_placeholder() {
        for bad in ["relman", "{version} {version}", "{VERSION}"] {
            let e = find_pattern("x", &Pattern::Literal(bad.to_string())).unwrap_err();
            assert!(e.message.contains("exactly once"), "{e}");
            assert_eq!((e.line, e.column), (0, 0));
        }
    }

    #[test]
    fn regex_pattern_named_group() {
        let text = "const VERSION: &str = \"1.4.0\";\nconst OTHER: &str = \"9.9.9\";\n";
        let p = Pattern::Regex(r#"(const) VERSION: &str = "(?P<version>[^"]+)""#.to_string());
        let fields = find_pattern(text, &p).unwrap();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].text, "1.4.0");
        assert_eq!((fields[0].line, fields[0].column), (1, 24));
        assert_eq!(
            splice(text, &fields, "1.5.0"),
            "const VERSION: &str = \"1.5.0\";\nconst OTHER: &str = \"9.9.9\";\n"
        );
    }

    #[test]
    fn regex_pattern_group_one() {
        let text = "version: 0.1.0\nappVersion: 0.1.0\n";
        let p = Pattern::Regex(r"(?m)^version: (\S+)$".to_string());
        let fields = find_pattern(text, &p).unwrap();
        assert_eq!(fields.len(), 1);
        assert_eq!(fields[0].span, 9..14);
        assert_eq!(
            splice(text, &fields, "0.2.0"),
            "version: 0.2.0\nappVersion: 0.1.0\n"
        );
        let p = Pattern::Regex(r"(?m)^(?:app)?[vV]ersion: (\S+)$".to_string());
        let fields = find_pattern(text, &p).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(
            splice(text, &fields, "0.2.0"),
            "version: 0.2.0\nappVersion: 0.2.0\n"
        );
        assert_eq!(find_pattern("nothing here", &p), Ok(vec![]));
    }

    #[test]
    fn regex_pattern_errors() {
        let e =
            find_pattern("version: 1.0.0", &Pattern::Regex(r"version: \S+".into())).unwrap_err();
        assert!(e.message.contains("no capture group"), "{e}");
        assert_eq!((e.line, e.column), (0, 0));

        let e = find_pattern("x", &Pattern::Regex(r"version: (\S+".into())).unwrap_err();
        assert!(e.message.starts_with("invalid regex"), "{e}");
        assert!(!e.message.contains('\n'), "{e}");

        let text = "a\nversion: 1.0\n";
        let e = find_pattern(text, &Pattern::Regex(r"version: (\S+)".into())).unwrap_err();
        assert_eq!((e.line, e.column), (2, 10), "{e}");
        assert!(e.message.contains("pattern match 1"), "{e}");
        assert!(e.message.contains("not SemVer"), "{e}");

        let e = find_pattern("v=", &Pattern::Regex(r"v=(?P<version>\d+)?".into())).unwrap_err();
        assert!(e.message.contains("did not take part"), "{e}");
    }
}
