//! `package-lock.json` (and `npm-shrinkwrap.json`): npm's lock file. It repeats the root
//! package's version at the top and under `packages[""]`, each workspace member's version
//! under `packages["FOLDER"]`, and each member's requirements beside it. A release moves
//! them with the manifests, so that `npm ci` still accepts the lock.

use serde_json::Value;

use super::npm::{bom_len, dependents_in, scan_top_level_member, JsonMember};
use super::{field, Format, FormatError, VersionField};

/// The `package-lock.json` format.
pub(super) struct NpmLock;

impl Format for NpmLock {
    fn name(&self) -> &'static str {
        "npm-lock"
    }

    fn file_names(&self) -> &'static [&'static str] {
        &["package-lock.json", "npm-shrinkwrap.json"]
    }

    fn known_file(&self) -> Option<&'static str> {
        None
    }

    /// Always an error: which of its versions is meant depends on the package.
    fn find(&self, _text: &str) -> Result<Vec<VersionField>, FormatError> {
        Err(FormatError::nowhere(
            "package-lock.json holds one version per package; it follows package.json",
        ))
    }

    /// The top-level `version` when the lock is the package's own, and the `version` of
    /// each local entry of `packages` (no `resolved`: the root `""` and the workspace's
    /// folders) that names the package, where it holds the manifest's version.
    fn locked(
        &self,
        text: &str,
        name: &str,
        manifest: &[VersionField],
    ) -> Result<Vec<VersionField>, FormatError> {
        let Some(old) = manifest.first().map(|f| f.text.as_str()) else {
            return Ok(Vec::new());
        };
        let start = bom_len(text);
        let Ok(value) = serde_json::from_str::<Value>(&text[start..]) else {
            return Err(FormatError::nowhere(
                "package-lock.json is not valid JSON; regenerate it with `npm install --package-lock-only`",
            ));
        };
        let mut fields = Vec::new();
        let str_of = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).map(str::to_string);
        if str_of(&value, "name").as_deref() == Some(name)
            && str_of(&value, "version").as_deref() == Some(old)
        {
            fields.extend(version_at(text, start, "\"version\""));
        }
        for (key, entry, at) in local_entries(text, start, &value) {
            // npm leaves `name` out of a member's entry when it is the folder's name.
            let named = str_of(entry, "name").or_else(|| {
                if key.is_empty() {
                    str_of(&value, "name")
                } else {
                    key.rsplit('/').next().map(str::to_string)
                }
            });
            if named.as_deref() == Some(name) && str_of(entry, "version").as_deref() == Some(old) {
                fields.extend(version_at(
                    text,
                    at,
                    &format!("packages[{key:?}] \"version\""),
                ));
            }
        }
        Ok(fields)
    }

    /// The requirements on `name` recorded for the local entries (the root and the
    /// workspace's members), which npm compares with each package.json.
    fn dependents(&self, text: &str, name: &str) -> Vec<VersionField> {
        let start = bom_len(text);
        let Ok(value) = serde_json::from_str::<Value>(&text[start..]) else {
            return Vec::new();
        };
        local_entries(text, start, &value)
            .into_iter()
            .flat_map(|(key, entry, at)| {
                dependents_in(text, at, entry, name, &format!("packages[{key:?}] "))
            })
            .collect()
    }
}

/// The local entries of `packages` (no `resolved` member): key, value and where the
/// entry's object starts in `text`.
fn local_entries<'v>(
    text: &str,
    start: usize,
    value: &'v Value,
) -> Vec<(String, &'v Value, usize)> {
    let Some(packages) = value.get("packages").and_then(Value::as_object) else {
        return Vec::new();
    };
    let Some(at) = scan_top_level_member(text, start, "packages")
        .into_iter()
        .find_map(|m| match m {
            JsonMember::Other(at) => Some(at),
            JsonMember::String(_) => None,
        })
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, entry) in packages {
        if entry.get("resolved").is_some() || entry.get("link").is_some() {
            continue;
        }
        if let Some(JsonMember::Other(entry_at)) =
            scan_top_level_member(text, at, key).into_iter().next()
        {
            out.push((key.clone(), entry, entry_at));
        }
    }
    out
}

/// The `version` member of the object at `at`, as a field located `location`.
fn version_at(text: &str, at: usize, location: &str) -> Option<VersionField> {
    scan_top_level_member(text, at, "version")
        .into_iter()
        .find_map(|m| match m {
            JsonMember::String(r) if !text[r.clone()].contains('\\') => {
                Some(field(text, r, location.to_string()))
            }
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"{
  "name": "root",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "packages": {
    "": {
      "name": "root",
      "version": "1.0.0",
      "workspaces": ["packages/*"]
    },
    "node_modules/@acme/ui": {
      "resolved": "packages/ui",
      "link": true
    },
    "node_modules/left-pad": {
      "version": "2.0.0",
      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-2.0.0.tgz"
    },
    "packages/app": {
      "name": "@acme/app",
      "version": "1.0.0",
      "dependencies": { "@acme/ui": "^2.0.0" }
    },
    "packages/ui": {
      "name": "@acme/ui",
      "version": "2.0.0"
    }
  }
}
"#;

    fn found(fields: &[VersionField]) -> Vec<(String, String)> {
        fields
            .iter()
            .map(|f| (f.location.clone(), LOCK[f.span.clone()].to_string()))
            .collect()
    }

    fn manifest(version: &str) -> Vec<VersionField> {
        let text = format!("{{\"version\": \"{version}\"}}");
        super::super::FORMATS
            .iter()
            .find(|f| f.name() == "npm")
            .unwrap()
            .find(&text)
            .unwrap()
    }

    #[test]
    fn the_root_moves_at_the_top_and_under_the_empty_key() {
        let fields = NpmLock.locked(LOCK, "root", &manifest("1.0.0")).unwrap();
        assert_eq!(
            found(&fields),
            [
                ("\"version\"".to_string(), "1.0.0".to_string()),
                ("packages[\"\"] \"version\"".into(), "1.0.0".into()),
            ]
        );
    }

    #[test]
    fn a_member_moves_under_its_folder_and_registry_entries_never() {
        let fields = NpmLock
            .locked(LOCK, "@acme/ui", &manifest("2.0.0"))
            .unwrap();
        assert_eq!(
            found(&fields),
            [(
                "packages[\"packages/ui\"] \"version\"".to_string(),
                "2.0.0".to_string()
            )]
        );
        // Not at the version the manifest holds: not this package's entry.
        assert!(NpmLock
            .locked(LOCK, "@acme/ui", &manifest("9.0.0"))
            .unwrap()
            .is_empty());
        assert!(NpmLock
            .locked(LOCK, "left-pad", &manifest("2.0.0"))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_member_named_as_its_folder_has_no_name_in_its_entry() {
        let lock = r#"{
  "name": "root",
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "root" },
    "node_modules/ui-kit": { "resolved": "packages/ui-kit", "link": true },
    "packages/ui-kit": { "version": "2.0.0" }
  }
}
"#;
        let fields = NpmLock.locked(lock, "ui-kit", &manifest("2.0.0")).unwrap();
        assert_eq!(fields.len(), 1);
        assert_eq!(&lock[fields[0].span.clone()], "2.0.0");
        assert_eq!(
            fields[0].location,
            "packages[\"packages/ui-kit\"] \"version\""
        );
    }

    #[test]
    fn a_members_requirement_is_a_dependent() {
        let fields = NpmLock.dependents(LOCK, "@acme/ui");
        assert_eq!(
            found(&fields),
            [(
                "packages[\"packages/app\"] \"dependencies\" @acme/ui".to_string(),
                "^2.0.0".to_string()
            )]
        );
    }
}
