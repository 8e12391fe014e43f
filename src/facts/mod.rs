//! The facts of a release: what its range changes that a deployment has to know about,
//! detected from one tree-to-tree diff without configuration. Database migrations (and
//! whether each can be rolled back), infrastructure files (containers, charts, manifests,
//! Terraform, CI), the configuration surface (environment variables of `.env.example` files,
//! keys of Helm `values.yaml`, feature-flag files), dependency upgrades from lockfiles, and
//! reverts of earlier releases. The plan and checklist templates are written from them.
//!
//! Pure: the diff comes in as a list of `Change`s and blobs are read through `Source`, so the
//! detectors are tested on plain data; `git.rs` provides both for a real range.

mod config;
mod infra;
mod lockfiles;
mod migrations;

use serde::Serialize;

pub(crate) use lockfiles::Dependencies;

/// How a path changed in the range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Status {
    Added,
    Modified,
    Deleted,
    /// A migration deleted and added again under another name (same content or number).
    Renamed,
}

/// One file the range changed (renames are a deletion and an addition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    /// Root-relative, with `/`.
    pub(crate) path: String,
    pub(crate) status: Status,
    /// The blob before and after (None where the file did not exist).
    pub(crate) old: Option<String>,
    pub(crate) new: Option<String>,
}

/// What the detectors may read beyond the list of changes.
pub(crate) trait Source {
    /// A blob's bytes by id (None when it cannot be read).
    fn read(&self, id: &str) -> Option<Vec<u8>>;
    /// Whether a path exists in the range's newer tree.
    fn exists(&self, path: &str) -> bool;
    /// A file of the range's newer tree, whether the range changed it or not.
    fn read_path(&self, path: &str) -> Option<Vec<u8>>;
}

/// The `[facts]` table: globs that add to or replace what is detected.
#[derive(Debug, Clone, Default)]
pub(crate) struct FactsSettings {
    /// Replace the migration detection (each match is a migration of tool `configured`).
    pub(crate) migrations: Option<globset::GlobSet>,
    /// Also infrastructure (kind `configured`).
    pub(crate) infrastructure: Option<globset::GlobSet>,
    /// Also environment files (`NAME=value` lines).
    pub(crate) env_files: Option<globset::GlobSet>,
    /// Also YAML files whose keys are configuration (like a chart's values.yaml).
    pub(crate) values_files: Option<globset::GlobSet>,
    /// Feature-flag files: listed when changed.
    pub(crate) flags: Option<globset::GlobSet>,
    /// A Markdown file whose list items are the known issues carried over.
    pub(crate) known_issues: Option<String>,
}

/// Everything the facts say about one release.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Facts {
    pub(crate) migrations: Vec<migrations::Migration>,
    pub(crate) infrastructure: Vec<infra::Infra>,
    /// Helm charts whose Chart.yaml changed, with their versions before and after.
    pub(crate) charts: Vec<infra::Chart>,
    pub(crate) config: config::ConfigSurface,
    pub(crate) dependencies: Dependencies,
    pub(crate) reverts: Vec<Revert>,
    pub(crate) rollback: Rollback,
    /// Whether any of the above asks for a step of its own in a deployment.
    pub(crate) any: bool,
}

/// A revert in the range of a commit released earlier.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Revert {
    pub(crate) short: String,
    pub(crate) link: String,
    pub(crate) subject: String,
    /// The reverted commits' hashes, as the revert names them.
    pub(crate) reverts: Vec<String>,
}

/// What rolling the release back takes.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Rollback {
    /// The release to go back to.
    pub(crate) version: Option<String>,
    pub(crate) tag: Option<String>,
    /// Whether the database has to be taken back too (the release adds or changes migrations).
    pub(crate) needs_down_migrations: bool,
    /// Migrations with no way back (no down migration, or one that refuses): restoring the
    /// backup is the only rollback.
    pub(crate) irreversible: Vec<String>,
    /// Migrations whose way back relman cannot tell.
    pub(crate) unknown: Vec<String>,
}

/// Detect the facts of a range.
pub(crate) fn detect(changes: &[Change], source: &dyn Source, settings: &FactsSettings) -> Facts {
    let migrations = migrations::detect(changes, source, settings.migrations.as_ref());
    let (infrastructure, charts) = infra::detect(changes, source, settings.infrastructure.as_ref());
    let config = config::detect(changes, source, settings);
    let dependencies = lockfiles::detect(changes, source);
    let rollback = rollback_of(&migrations);
    let any = !migrations.is_empty()
        || !infrastructure.is_empty()
        || !config.is_empty()
        || !dependencies.major.is_empty();
    let mut facts = Facts {
        migrations,
        infrastructure,
        charts,
        config,
        dependencies,
        reverts: Vec::new(),
        rollback,
        any,
    };
    facts.one_line();
    facts
}

/// `text` with every control character shown as `\u{…}` (a path or a lockfile's name with
/// a line feed cannot start a line of its own in a rendered document).
fn one_line(text: &mut String) {
    if let std::borrow::Cow::Owned(shown) = crate::text::one_line(text) {
        *text = shown;
    }
}

impl Facts {
    /// Every text the repository wrote (paths, names, versions, keys) on one line, as the
    /// templates put them in code spans and list items.
    fn one_line(&mut self) {
        for m in &mut self.migrations {
            one_line(&mut m.path);
            m.down.iter_mut().for_each(one_line);
        }
        self.infrastructure
            .iter_mut()
            .for_each(|i| one_line(&mut i.path));
        for c in &mut self.charts {
            one_line(&mut c.path);
            for value in [
                &mut c.name,
                &mut c.version,
                &mut c.previous_version,
                &mut c.app_version,
                &mut c.previous_app_version,
            ] {
                value.iter_mut().for_each(one_line);
            }
        }
        let config = &mut self.config;
        for s in config
            .env_added
            .iter_mut()
            .chain(&mut config.env_removed)
            .chain(&mut config.keys_added)
            .chain(&mut config.keys_removed)
        {
            one_line(&mut s.name);
            one_line(&mut s.file);
        }
        config.flags.iter_mut().for_each(|f| one_line(&mut f.path));
        let deps = &mut self.dependencies;
        for l in &mut deps.lockfiles {
            one_line(&mut l.path);
            l.error.iter_mut().for_each(one_line);
        }
        for u in deps.upgraded.iter_mut().chain(&mut deps.major) {
            for text in [&mut u.name, &mut u.from, &mut u.to, &mut u.lockfile] {
                one_line(text);
            }
        }
        for p in deps.added.iter_mut().chain(&mut deps.removed) {
            for text in [&mut p.name, &mut p.version, &mut p.lockfile] {
                one_line(text);
            }
        }
        let rollback = &mut self.rollback;
        rollback.irreversible.iter_mut().for_each(one_line);
        rollback.unknown.iter_mut().for_each(one_line);
    }

    /// Count as migrations and infrastructure the changes `[changelog.paths]` groups of those
    /// names match and the detection missed (tool and kind `configured`), and settle what a
    /// rollback takes again.
    pub(crate) fn add_configured(
        &mut self,
        group: &str,
        set: &globset::GlobSet,
        changes: &[Change],
    ) {
        for change in changes.iter().filter(|c| set.is_match(&c.path)) {
            // The detected ones are shown on one line already.
            let shown = crate::text::one_line(&change.path);
            match group {
                "migrations" if !self.migrations.iter().any(|m| m.path == shown) => {
                    self.migrations.push(migrations::Migration {
                        path: change.path.clone(),
                        tool: "configured",
                        status: change.status,
                        rollback: None,
                        down: None,
                    });
                }
                "infrastructure" if !self.infrastructure.iter().any(|i| i.path == shown) => {
                    self.infrastructure.push(infra::Infra {
                        path: change.path.clone(),
                        kind: "configured",
                        status: change.status,
                    });
                }
                _ => {}
            }
        }
        self.migrations.sort_by(|a, b| a.path.cmp(&b.path));
        self.rollback = rollback_of(&self.migrations);
        self.one_line();
        self.any |= !self.migrations.is_empty() || !self.infrastructure.is_empty();
    }
}

/// What rolling back the migrations takes (the release to go back to is set later).
fn rollback_of(migrations: &[migrations::Migration]) -> Rollback {
    let mut rollback = Rollback::default();
    // Only the new migrations run: an edited or renamed one was applied by an earlier release.
    for m in migrations {
        if m.status != Status::Added {
            continue;
        }
        rollback.needs_down_migrations = true;
        match m.rollback {
            Some(false) => rollback.irreversible.push(m.path.clone()),
            None => rollback.unknown.push(m.path.clone()),
            Some(true) => {}
        }
    }
    rollback
}

/// The open items of a Markdown list of known issues: each top-level list item's text
/// (continuation lines joined), without a checkbox; checked items (`- [x]`) are resolved and
/// left out.
pub(crate) fn open_items(text: &str) -> Vec<String> {
    let mut items: Vec<String> = Vec::new();
    let mut open = false;
    let mut fence = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = !fence;
            continue;
        }
        if fence {
            continue;
        }
        let marker = ["- ", "* ", "+ "]
            .iter()
            .find_map(|m| line.strip_prefix(m))
            .or_else(|| {
                let digits = line.bytes().take_while(u8::is_ascii_digit).count();
                (digits > 0)
                    .then(|| {
                        line[digits..]
                            .strip_prefix(". ")
                            .or(line[digits..].strip_prefix(") "))
                    })
                    .flatten()
            });
        if let Some(item) = marker {
            let item = item.trim();
            let (done, item) = if let Some(rest) = item.strip_prefix("[ ]") {
                (false, rest)
            } else if let Some(rest) = item.strip_prefix("[x]").or(item.strip_prefix("[X]")) {
                (true, rest)
            } else {
                (false, item)
            };
            open = !done;
            if open {
                items.push(item.trim().to_string());
            }
        } else if trimmed.is_empty() || !line.starts_with([' ', '\t']) {
            open = false;
        } else if open {
            if let Some(last) = items.last_mut() {
                last.push(' ');
                last.push_str(trimmed);
            }
        }
    }
    items.retain(|i| !i.is_empty());
    items
}

/// A Markdown link from the folder of `from` (a root-relative file; `""`: the root) to the
/// root-relative `to`: `../releases/PLAN_1.2.0.md`, spaces written `%20`.
pub(crate) fn relative_link(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = parent(from).split('/').filter(|s| !s.is_empty()).collect();
    let target: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = from_dir
        .iter()
        .zip(&target)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&target[common..]);
    parts.join("/").replace(' ', "%20")
}

/// The last path segment.
fn basename(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The extension of a path's last segment, lower-cased (`""` when it has none).
fn extension(path: &str) -> String {
    basename(path)
        .rsplit_once('.')
        .map_or_else(String::new, |(_, e)| e.to_ascii_lowercase())
}

/// The folder of a path (`""` at the root).
fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// `dir/name`, or `name` at the root.
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// A blob read as text (lossy), or empty.
fn text(source: &dyn Source, id: Option<&String>) -> Option<String> {
    let bytes = source.read(id?)?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// A test double: blobs by id and a set of paths.
#[cfg(test)]
pub(crate) mod fake {
    use super::{Change, Source, Status};
    use std::collections::{BTreeMap, BTreeSet};

    #[derive(Default)]
    pub(crate) struct Fake {
        pub(crate) blobs: BTreeMap<String, Vec<u8>>,
        pub(crate) paths: BTreeSet<String>,
        pub(crate) changes: Vec<Change>,
    }

    impl Fake {
        fn blob(&mut self, text: &str) -> String {
            let id = format!("b{}", self.blobs.len());
            self.blobs.insert(id.clone(), text.as_bytes().to_vec());
            id
        }
        /// A file added with this text.
        pub(crate) fn add(&mut self, path: &str, text: &str) -> &mut Fake {
            let id = self.blob(text);
            self.paths.insert(path.to_string());
            self.changes.push(Change {
                path: path.into(),
                status: Status::Added,
                old: None,
                new: Some(id),
            });
            self
        }
        /// A file changed from `old` to `new`.
        pub(crate) fn modify(&mut self, path: &str, old: &str, new: &str) -> &mut Fake {
            let (o, n) = (self.blob(old), self.blob(new));
            self.paths.insert(path.to_string());
            self.changes.push(Change {
                path: path.into(),
                status: Status::Modified,
                old: Some(o),
                new: Some(n),
            });
            self
        }
        /// A file deleted (it held `old`).
        pub(crate) fn delete(&mut self, path: &str, old: &str) -> &mut Fake {
            let o = self.blob(old);
            self.changes.push(Change {
                path: path.into(),
                status: Status::Deleted,
                old: Some(o),
                new: None,
            });
            self
        }
        /// A file of the newer tree the range did not change.
        pub(crate) fn keep(&mut self, path: &str) -> &mut Fake {
            self.paths.insert(path.to_string());
            self
        }
    }

    impl Source for Fake {
        fn read(&self, id: &str) -> Option<Vec<u8>> {
            self.blobs.get(id).cloned()
        }
        fn exists(&self, path: &str) -> bool {
            self.paths.contains(path)
        }
        /// The newest blob of a changed path, or the one stored as `path:PATH`.
        fn read_path(&self, path: &str) -> Option<Vec<u8>> {
            if let Some(c) = self.changes.iter().rev().find(|c| c.path == path) {
                return self.read(c.new.as_ref()?);
            }
            self.blobs.get(&format!("path:{path}")).cloned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fake::Fake;
    use super::*;

    #[test]
    fn a_release_without_deployment_facts_has_none() {
        let mut f = Fake::default();
        f.modify("src/lib.rs", "a", "b").add("docs/x.md", "# x");
        let facts = detect(&f.changes, &f, &FactsSettings::default());
        assert!(!facts.any);
        assert!(facts.migrations.is_empty() && facts.infrastructure.is_empty());
        assert!(!facts.rollback.needs_down_migrations);
    }

    #[test]
    fn rollback_names_irreversible_and_unknown_migrations() {
        let mut f = Fake::default();
        f.add(
            "db/migrate/20240101_add_x.rb",
            "class A\n  def up\n  end\nend\n",
        )
        .add(
            "db/migrate/20240102_add_y.rb",
            "class B\n  def change\n    add_column :t, :y, :string\n  end\nend\n",
        )
        .add("migrations/001_x.sql", "create table x();");
        let facts = detect(&f.changes, &f, &FactsSettings::default());
        assert!(facts.any && facts.rollback.needs_down_migrations);
        assert_eq!(
            facts.rollback.irreversible,
            ["db/migrate/20240101_add_x.rb"]
        );
        assert_eq!(facts.rollback.unknown, ["migrations/001_x.sql"]);
    }

    #[test]
    fn known_issues_are_the_open_top_level_items() {
        let text = "# Known issues\n\n- Exports time out above 10k rows\n  (tracked in #12)\n- [x] Fixed long ago\n- [ ] Login is slow on Safari\n  - a detail, not an issue\n1. Numbered one\n\n```\n- not an item\n```\n";
        assert_eq!(
            open_items(text),
            [
                "Exports time out above 10k rows (tracked in #12)",
                "Login is slow on Safari - a detail, not an issue",
                "Numbered one"
            ]
        );
    }

    #[test]
    fn relative_links_between_documents() {
        assert_eq!(
            relative_link("docs/releases/CHECKLIST.md", "docs/releases/PLAN.md"),
            "PLAN.md"
        );
        assert_eq!(
            relative_link("docs/releases/CHECKLIST.md", "CHANGELOG.md"),
            "../../CHANGELOG.md"
        );
        assert_eq!(relative_link("", "docs/My Plan.md"), "docs/My%20Plan.md");
        assert_eq!(relative_link("CHECKLIST.md", "docs/a.md"), "docs/a.md");
        assert_eq!(relative_link("a/b.md", "c/d.md"), "../c/d.md");
    }

    #[test]
    fn changelog_path_groups_add_what_detection_missed() {
        let mut f = Fake::default();
        f.add("schema/changes/0042.cql", "ALTER")
            .add(
                "db/migrate/1_a.rb",
                "def change\n add_column :a, :b, :c\nend",
            )
            .add("ops/site.yml", "- hosts: all");
        let mut facts = detect(&f.changes, &f, &FactsSettings::default());
        assert_eq!(facts.migrations.len(), 1);
        let set = |glob: &str| {
            let mut b = globset::GlobSetBuilder::new();
            b.add(globset::Glob::new(glob).unwrap());
            b.build().unwrap()
        };
        facts.add_configured("migrations", &set("{schema/**,db/**}"), &f.changes);
        facts.add_configured("infrastructure", &set("ops/**"), &f.changes);
        facts.add_configured("docs", &set("**"), &f.changes);
        let paths: Vec<(&str, &str)> = facts
            .migrations
            .iter()
            .map(|m| (m.path.as_str(), m.tool))
            .collect();
        assert_eq!(
            paths,
            [
                ("db/migrate/1_a.rb", "rails"),
                ("schema/changes/0042.cql", "configured")
            ]
        );
        assert_eq!(facts.infrastructure[0].kind, "configured");
        assert_eq!(facts.rollback.unknown, ["schema/changes/0042.cql"]);
        assert!(facts.any);
    }

    #[test]
    fn what_the_repository_wrote_stays_on_one_line() {
        let mut f = Fake::default();
        f.add("db/migrate/1_a\n# Injected.rb", "def change; end")
            .modify(
                "package-lock.json",
                r#"{"packages":{"node_modules/x\ny":{"version":"1.0.0"}}}"#,
                r#"{"packages":{"node_modules/x\ny":{"version":"2.0.0"}}}"#,
            );
        let facts = detect(&f.changes, &f, &FactsSettings::default());
        assert!(
            !facts.migrations[0].path.contains('\n'),
            "{:?}",
            facts.migrations
        );
        assert_eq!(facts.dependencies.upgraded[0].name, "x\\u{a}y");
    }

    #[test]
    fn path_helpers() {
        assert_eq!(basename("a/b/c.sql"), "c.sql");
        assert_eq!(parent("a/b/c.sql"), "a/b");
        assert_eq!(parent("c.sql"), "");
        assert_eq!(join("", "x"), "x");
        assert_eq!(join("a", "x"), "a/x");
    }
}
