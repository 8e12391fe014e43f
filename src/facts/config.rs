//! The configuration surface a release changes: environment variables added to or removed
//! from example environment files (`.env.example`, `.env.sample`, `*.env.template`, …), keys
//! added to or removed from a Helm chart's `values*.yaml` (and any YAML file `[facts]
//! values-files` names), and the feature-flag files `[facts] flags` names.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{basename, parent, text, Change, FactsSettings, Source, Status};

/// A variable or key, and the file that declares it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Setting {
    pub(crate) name: String,
    pub(crate) file: String,
}

/// A feature-flag file the release changed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Flag {
    pub(crate) path: String,
    pub(crate) status: Status,
}

/// What a deployment must set before it and may remove after it.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct ConfigSurface {
    /// Environment variables to set before the deploy.
    pub(crate) env_added: Vec<Setting>,
    /// Environment variables no longer read: remove them after the deploy.
    pub(crate) env_removed: Vec<Setting>,
    /// Configuration keys (dotted paths) added to values files.
    pub(crate) keys_added: Vec<Setting>,
    pub(crate) keys_removed: Vec<Setting>,
    pub(crate) flags: Vec<Flag>,
}

impl ConfigSurface {
    pub(crate) fn is_empty(&self) -> bool {
        self.env_added.is_empty()
            && self.env_removed.is_empty()
            && self.keys_added.is_empty()
            && self.keys_removed.is_empty()
            && self.flags.is_empty()
    }
}

static ENV_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:.*\.)?env(?:\.[a-z0-9_-]+)*\.(?:example|sample|template|tmpl|dist)$|^(?:example|sample|template)\.env$",
    )
    .expect("valid regex")
});
static ENV_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(#\s*)?(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=").expect("valid regex")
});

/// The configuration surface of `changes`.
pub(crate) fn detect(
    changes: &[Change],
    source: &dyn Source,
    settings: &FactsSettings,
) -> ConfigSurface {
    let mut surface = ConfigSurface::default();
    let matches =
        |set: &Option<globset::GlobSet>, path: &str| set.as_ref().is_some_and(|s| s.is_match(path));
    for change in changes {
        let path = change.path.as_str();
        let name = basename(path).to_ascii_lowercase();
        let read = |id| text(source, id).unwrap_or_default();
        // A test suite's example environment (`.env.test.example`) is not the deployment's.
        let test_env = name.split('.').any(|part| part == "test");
        if ENV_FILE.is_match(&name) && !test_env || matches(&settings.env_files, path) {
            let old = env_names(&read(change.old.as_ref()));
            let new = env_names(&read(change.new.as_ref()));
            differences(
                &old,
                &new,
                path,
                &mut surface.env_added,
                &mut surface.env_removed,
            );
        } else if is_values_file(path, &name, source) || matches(&settings.values_files, path) {
            let old = yaml_keys(&read(change.old.as_ref()));
            let new = yaml_keys(&read(change.new.as_ref()));
            let named = |keys: Vec<String>| {
                keys.into_iter().map(|name| Setting {
                    name,
                    file: path.to_string(),
                })
            };
            surface.keys_added.extend(named(new_keys(&old, &new)));
            surface.keys_removed.extend(named(new_keys(&new, &old)));
        }
        if matches(&settings.flags, path) {
            surface.flags.push(Flag {
                path: path.to_string(),
                status: change.status,
            });
        }
    }
    // A file renamed, or a variable moved from one file to another, is neither new nor gone.
    net(&mut surface.env_added, &mut surface.env_removed);
    net(&mut surface.keys_added, &mut surface.keys_removed);
    surface
}

/// Leave out the names both added (somewhere) and removed (somewhere).
fn net(added: &mut Vec<Setting>, removed: &mut Vec<Setting>) {
    let both: BTreeSet<String> = added
        .iter()
        .filter(|a| removed.iter().any(|r| r.name == a.name))
        .map(|a| a.name.clone())
        .collect();
    added.retain(|s| !both.contains(&s.name));
    removed.retain(|s| !both.contains(&s.name));
}

/// A chart's values file: `values.yaml` or `values-*.yaml` beside a Chart.yaml.
fn is_values_file(path: &str, lower_name: &str, source: &dyn Source) -> bool {
    (lower_name.starts_with("values.") || lower_name.starts_with("values-"))
        && matches!(super::extension(lower_name).as_str(), "yaml" | "yml")
        && source.exists(&super::join(parent(path), "Chart.yaml"))
}

/// Names in one file and not the other, recorded as added and removed.
fn differences(
    old: &BTreeSet<String>,
    new: &BTreeSet<String>,
    file: &str,
    added: &mut Vec<Setting>,
    removed: &mut Vec<Setting>,
) {
    for name in new.difference(old) {
        added.push(Setting {
            name: name.clone(),
            file: file.to_string(),
        });
    }
    for name in old.difference(new) {
        removed.push(Setting {
            name: name.clone(),
            file: file.to_string(),
        });
    }
}

/// The variables an environment file declares: `NAME=value` and `export NAME=value`, and
/// commented-out `# NAME=value` examples of upper-case names (an optional variable is still
/// one the deployment may set).
pub(crate) fn env_names(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for line in text.lines() {
        let Some(c) = ENV_LINE.captures(line) else {
            continue;
        };
        let name = &c[2];
        let commented = c.get(1).is_some();
        if commented
            && !name
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
        {
            continue;
        }
        names.insert(name.to_string());
    }
    names
}

/// Keys of `new` whose parent exists in `old` (or that are top-level) and that `old` lacks:
/// a whole new section is one added key, not each key under it.
fn new_keys(old: &BTreeSet<String>, new: &BTreeSet<String>) -> Vec<String> {
    new.difference(old)
        .filter(|k| match k.rsplit_once('.') {
            Some((parent, _)) => old.contains(parent),
            None => true,
        })
        .cloned()
        .collect()
}

/// The mapping keys of a YAML document, as dotted paths (`image.tag`). Read by indentation,
/// without a YAML parser: list items and block scalars are not descended into; flow
/// collections are values.
pub(crate) fn yaml_keys(text: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    // Lines more indented than this belong to a block scalar or a list item.
    let mut skip_above: Option<usize> = None;
    let mut list_at: Option<usize> = None;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" {
            continue;
        }
        let indent = line.len() - trimmed.len();
        if let Some(limit) = skip_above {
            if indent > limit {
                continue;
            }
            skip_above = None;
        }
        if let Some(at) = list_at {
            if indent > at || (indent == at && trimmed.starts_with('-')) {
                continue;
            }
            list_at = None;
        }
        if trimmed.starts_with("- ") || trimmed == "-" {
            list_at = Some(indent);
            continue;
        }
        let Some((key, value)) = split_key(trimmed) else {
            continue;
        };
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        let mut path: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
        path.push(&key);
        keys.insert(path.join("."));
        let value = value.trim();
        if value.starts_with('|') || value.starts_with('>') {
            skip_above = Some(indent);
        }
        stack.push((indent, key));
    }
    keys
}

/// `key: value` (key plain or quoted) into the key and the rest.
fn split_key(line: &str) -> Option<(String, &str)> {
    let (key, rest) = if let Some(q) = line.strip_prefix('"').or_else(|| line.strip_prefix('\'')) {
        let quote = line.as_bytes()[0] as char;
        let end = q.find(quote)?;
        (q[..end].to_string(), q[end + 1..].trim_start())
    } else {
        let end = line
            .find(": ")
            .or_else(|| line.strip_suffix(':').map(str::len))?;
        let key = &line[..end];
        if key.contains(['{', '[', '#', '"', '\'']) {
            return None;
        }
        (key.trim_end().to_string(), &line[end..])
    };
    let value = rest.strip_prefix(':')?;
    (value.is_empty() || value.starts_with(' ')).then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::super::fake::Fake;
    use super::*;

    fn names(list: &[Setting]) -> Vec<&str> {
        list.iter().map(|s| s.name.as_str()).collect()
    }

    #[test]
    fn env_variables_added_and_removed() {
        let mut f = Fake::default();
        f.modify(
            ".env.example",
            "DATABASE_URL=postgres://\nexport OLD_KEY=1\n# A comment about things = bad\n",
            "DATABASE_URL=postgres://\n# SENTRY_DSN=\nREDIS_URL=redis://\n",
        )
        .add("deploy/prod.env.template", "API_TOKEN=\n")
        .add(".env.test.example", "TEST_ONLY=1\n")
        .add("src/env.rs", "X=1");
        let s = detect(&f.changes, &f, &FactsSettings::default());
        assert_eq!(
            names(&s.env_added),
            ["REDIS_URL", "SENTRY_DSN", "API_TOKEN"]
        );
        assert_eq!(names(&s.env_removed), ["OLD_KEY"]);
        assert_eq!(s.env_added[2].file, "deploy/prod.env.template");
    }

    #[test]
    fn a_renamed_env_file_or_a_moved_variable_is_not_a_change() {
        let mut f = Fake::default();
        f.delete(".env.example", "DATABASE_URL=\nREDIS_URL=\n")
            .add(".env.sample", "DATABASE_URL=\nREDIS_URL=\nNEW_ONE=\n");
        let s = detect(&f.changes, &f, &FactsSettings::default());
        assert_eq!(names(&s.env_added), ["NEW_ONE"]);
        assert!(s.env_removed.is_empty());
    }

    #[test]
    fn env_file_names() {
        for yes in [
            ".env.example",
            ".env.sample",
            "prod.env.template",
            ".env.local.example",
            "example.env",
            ".env.dist",
        ] {
            assert!(ENV_FILE.is_match(yes), "{yes}");
        }
        for no in [".env", "env.rs", "environment.md", ".envrc"] {
            assert!(!ENV_FILE.is_match(no), "{no}");
        }
    }

    #[test]
    fn values_keys_of_a_chart() {
        let old = "image:\n  repository: app\n  tag: \"1.0\"\nreplicas: 1\nenv:\n  - name: A\n    value: b\n";
        let new = "image:\n  repository: app\n  tag: \"1.1\"\n  pullPolicy: Always\nresources:\n  limits:\n    cpu: 1\nenv:\n  - name: A\n    value: b\n";
        let mut f = Fake::default();
        f.keep("chart/Chart.yaml")
            .modify("chart/values.yaml", old, new);
        f.modify("config/values.yaml", old, new);
        let s = detect(&f.changes, &f, &FactsSettings::default());
        assert_eq!(names(&s.keys_added), ["image.pullPolicy", "resources"]);
        assert_eq!(names(&s.keys_removed), ["replicas"]);
        assert!(s.keys_added.iter().all(|k| k.file == "chart/values.yaml"));
    }

    #[test]
    fn yaml_keys_skip_lists_block_scalars_and_comments() {
        let text = "a:\n  b: |\n    c: not a key\n  d: 1\n# e: no\nlist:\n- x: 1\n  y: 2\n\"q.k\": 3\nf: {g: 1}\n";
        let keys: Vec<String> = yaml_keys(text).into_iter().collect();
        assert_eq!(keys, ["a", "a.b", "a.d", "f", "list", "q.k"]);
    }

    #[test]
    fn flags_from_configured_globs() {
        let mut f = Fake::default();
        f.add("config/flags/new-checkout.json", "{}");
        let mut b = globset::GlobSetBuilder::new();
        b.add(globset::Glob::new("config/flags/**").unwrap());
        let settings = FactsSettings {
            flags: Some(b.build().unwrap()),
            ..FactsSettings::default()
        };
        let s = detect(&f.changes, &f, &settings);
        assert_eq!(s.flags[0].path, "config/flags/new-checkout.json");
        assert!(!s.is_empty());
    }
}
