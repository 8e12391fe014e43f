//! Dependency changes from the lockfiles a range changes, each read before and after:
//! Cargo.lock, package-lock.json (and npm-shrinkwrap.json), pnpm-lock.yaml, yarn.lock
//! (classic and Berry), poetry.lock, uv.lock, Gemfile.lock, composer.lock, and Go's go.mod
//! (whose `require` lines go.sum only confirms). Packages of the project itself (workspace
//! members, path and editable packages) are left out.

use std::collections::{BTreeMap, BTreeSet};

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{basename, text, Change, Source};

/// A package whose locked version moved.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Upgrade {
    pub(crate) name: String,
    pub(crate) from: String,
    pub(crate) to: String,
    /// Incompatible by SemVer: the major moved, or the minor below 1.0.
    pub(crate) major: bool,
    pub(crate) downgrade: bool,
    /// Whether the project requires it itself (None: the lockfile does not say).
    pub(crate) direct: Option<bool>,
    pub(crate) lockfile: String,
}

/// A package added to or removed from a lockfile.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct Package {
    pub(crate) name: String,
    pub(crate) version: String,
    pub(crate) lockfile: String,
}

/// One changed lockfile.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Lockfile {
    pub(crate) path: String,
    pub(crate) upgraded: usize,
    pub(crate) added: usize,
    pub(crate) removed: usize,
    /// Why it could not be compared, when it could not.
    pub(crate) error: Option<String>,
}

/// The dependency changes of a release.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Dependencies {
    pub(crate) lockfiles: Vec<Lockfile>,
    pub(crate) upgraded: Vec<Upgrade>,
    pub(crate) added: Vec<Package>,
    pub(crate) removed: Vec<Package>,
    /// The upgrades that are incompatible by SemVer (and downgrades) of packages the project
    /// requires itself (of every package where the lockfile does not say).
    pub(crate) major: Vec<Upgrade>,
    /// How many such upgrades are of packages only other packages require.
    pub(crate) major_transitive: usize,
}

/// A pnpm v5 key: `name/1.2.3` or `@scope/name/1.2.3`, with an optional `_peer` suffix.
static PNPM_V5: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(@?[^@/]+(?:/[^@/]+)?)/(\d[^/_]*)(?:_.*)?$").expect("valid regex")
});

/// The sections of a manifest (and pnpm's importers) that list what a project requires.
const DEP_SECTIONS: [&str; 3] = ["dependencies", "devDependencies", "optionalDependencies"];

/// A lockfile read: the locked versions by package name, and the names the project
/// requires itself when the lockfile says (None: it does not).
#[derive(Debug, Default)]
struct Locked {
    versions: BTreeMap<String, BTreeSet<String>>,
    direct: Option<BTreeSet<String>>,
    /// The version the project itself resolves for a direct dependency, where the lockfile
    /// says (pnpm importers, npm's top-level `node_modules`): it decides that package's
    /// move even when older copies stay for others.
    resolved: BTreeMap<String, String>,
}

impl Locked {
    fn new() -> Locked {
        Locked::default()
    }

    /// A name the project requires itself.
    fn require(&mut self, name: &str) {
        self.direct
            .get_or_insert_with(BTreeSet::new)
            .insert(name.to_string());
    }

    /// Whether the project requires `name` itself (None: unknown).
    fn is_direct(&self, name: &str) -> Option<bool> {
        self.direct.as_ref().map(|d| d.contains(name))
    }
}

/// The dependency changes among `changes`.
pub(crate) fn detect(changes: &[Change], source: &dyn Source) -> Dependencies {
    let mut deps = Dependencies::default();
    // The repository's own Go modules: a go.mod that requires another is no upgrade.
    let mut own_modules: BTreeSet<String> = BTreeSet::new();
    let root = source
        .read_path("go.mod")
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    let edited = changes
        .iter()
        .filter(|c| basename(&c.path) == "go.mod")
        .filter_map(|c| text(source, c.new.as_ref()));
    for go_mod in root.into_iter().chain(edited) {
        own_modules.extend(go_module_name(&go_mod).map(|m| go_base(&m).to_string()));
    }
    for change in changes {
        let Some(parse) = parser(basename(&change.path)) else {
            continue;
        };
        let path = change.path.as_str();
        let read = |id| -> Result<Locked, String> {
            match id {
                None => Ok(Locked::new()),
                Some(id) => parse(&text(source, Some(id)).ok_or("cannot read the file")?),
            }
        };
        let (mut old, mut new) = match (read(change.old.as_ref()), read(change.new.as_ref())) {
            (Ok(old), Ok(new)) => (old, new),
            (Err(e), _) | (_, Err(e)) => {
                deps.lockfiles.push(Lockfile {
                    path: path.to_string(),
                    upgraded: 0,
                    added: 0,
                    removed: 0,
                    error: Some(e),
                });
                continue;
            }
        };
        if basename(path) == "go.mod" {
            for locked in [&mut old, &mut new] {
                locked.versions.retain(|m, _| !own_modules.contains(m));
            }
        }
        if new.direct.is_none() {
            // The lockfile does not say what the project requires: its manifest does.
            new.direct = manifest_requirements(path, source);
        }
        let before = (deps.upgraded.len(), deps.added.len(), deps.removed.len());
        compare(&old, &new, path, &mut deps);
        deps.lockfiles.push(Lockfile {
            path: path.to_string(),
            upgraded: deps.upgraded.len() - before.0,
            added: deps.added.len() - before.1,
            removed: deps.removed.len() - before.2,
            error: None,
        });
    }
    let (major, transitive): (Vec<Upgrade>, Vec<Upgrade>) = deps
        .upgraded
        .iter()
        .filter(|u| u.major || u.downgrade)
        .cloned()
        .partition(|u| u.direct != Some(false));
    deps.major = major;
    deps.major_transitive = transitive.len();
    deps
}

/// A lockfile reader: the text into what it locks, or why it cannot be read.
type Reader = fn(&str) -> Result<Locked, String>;

/// What the manifest beside a lockfile requires, for the lockfiles that do not say:
/// package.json for yarn.lock (and npm v1), pyproject.toml for poetry.lock, composer.json
/// for composer.lock. Names as the lockfile writes them (Python's normalised).
fn manifest_requirements(lockfile: &str, source: &dyn Source) -> Option<BTreeSet<String>> {
    let dir = super::parent(lockfile);
    let read = |name: &str| {
        let bytes = source.read_path(&super::join(dir, name))?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    };
    let mut names = BTreeSet::new();
    match basename(lockfile) {
        "yarn.lock" | "package-lock.json" | "npm-shrinkwrap.json" => {
            let doc: serde_json::Value = serde_json::from_str(&read("package.json")?).ok()?;
            names.extend(json_keys(&doc, &DEP_SECTIONS).map(String::from));
            names.extend(json_keys(&doc, &["peerDependencies"]).map(String::from));
        }
        "composer.lock" => {
            let doc: serde_json::Value = serde_json::from_str(&read("composer.json")?).ok()?;
            names.extend(json_keys(&doc, &["require", "require-dev"]).map(String::from));
        }
        "poetry.lock" => {
            let doc: toml_edit::DocumentMut = read("pyproject.toml")?.parse().ok()?;
            let mut tables: Vec<&toml_edit::Item> = Vec::new();
            if let Some(poetry) = doc.get("tool").and_then(|t| t.get("poetry")) {
                tables.extend(poetry.get("dependencies"));
                tables.extend(poetry.get("dev-dependencies"));
                if let Some(groups) = poetry.get("group").and_then(|g| g.as_table_like()) {
                    tables.extend(groups.iter().filter_map(|(_, g)| g.get("dependencies")));
                }
            }
            for table in tables.into_iter().filter_map(|t| t.as_table_like()) {
                names.extend(table.iter().map(|(k, _)| python_name(k)));
            }
            // PEP 621 and PEP 735 lists: `name[extra]>=1; marker`.
            let mut lists: Vec<&toml_edit::Array> = Vec::new();
            if let Some(project) = doc.get("project") {
                lists.extend(project.get("dependencies").and_then(|d| d.as_array()));
                if let Some(optional) = project
                    .get("optional-dependencies")
                    .and_then(|o| o.as_table_like())
                {
                    lists.extend(optional.iter().filter_map(|(_, v)| v.as_array()));
                }
            }
            if let Some(groups) = doc.get("dependency-groups").and_then(|g| g.as_table_like()) {
                lists.extend(groups.iter().filter_map(|(_, v)| v.as_array()));
            }
            for spec in lists.into_iter().flatten().filter_map(|v| v.as_str()) {
                let end = spec
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
                    .unwrap_or(spec.len());
                names.insert(python_name(&spec[..end]));
            }
            names.remove("python");
        }
        _ => return None,
    }
    Some(names)
}

/// The keys of the JSON objects `fields` of `doc` (a manifest's dependency tables).
fn json_keys<'a>(doc: &'a serde_json::Value, fields: &'a [&str]) -> impl Iterator<Item = &'a str> {
    fields
        .iter()
        .filter_map(|f| doc.get(f).and_then(serde_json::Value::as_object))
        .flat_map(|map| map.keys().map(String::as_str))
}

/// A Python distribution name as PEP 503 normalises it (poetry.lock writes them so).
fn python_name(name: &str) -> String {
    name.trim().to_ascii_lowercase().replace(['_', '.'], "-")
}

/// The reader of a lockfile by its name.
fn parser(name: &str) -> Option<Reader> {
    Some(match name {
        "Cargo.lock" => cargo_lock,
        "poetry.lock" | "uv.lock" => python_lock,
        "package-lock.json" | "npm-shrinkwrap.json" => npm,
        "pnpm-lock.yaml" => |t| Ok(pnpm(t)),
        "yarn.lock" => |t| Ok(yarn(t)),
        "Gemfile.lock" => |t| Ok(gemfile(t)),
        "composer.lock" => composer,
        "go.mod" => |t| Ok(go_mod(t)),
        "Chart.lock" => |t| Ok(chart_lock(t)),
        _ if is_requirements(name) => |t| Ok(requirements(t)),
        _ => return None,
    })
}

/// Each package's move between the two lockfiles.
fn compare(old: &Locked, new: &Locked, lockfile: &str, deps: &mut Dependencies) {
    let names: BTreeSet<&String> = old.versions.keys().chain(new.versions.keys()).collect();
    let empty = BTreeSet::new();
    for name in names {
        if let (Some(from), Some(to)) = (old.resolved.get(name), new.resolved.get(name)) {
            if from != to {
                let (major, downgrade) = incompatible(from, to);
                deps.upgraded.push(Upgrade {
                    name: name.clone(),
                    from: from.clone(),
                    to: to.clone(),
                    major,
                    downgrade,
                    direct: Some(true),
                    lockfile: lockfile.to_string(),
                });
            }
            continue;
        }
        let o = old.versions.get(name).unwrap_or(&empty);
        let n = new.versions.get(name).unwrap_or(&empty);
        if o == n {
            continue;
        }
        if o.is_empty() {
            deps.added.push(Package {
                name: name.clone(),
                version: highest(n.iter()),
                lockfile: lockfile.to_string(),
            });
        } else if n.is_empty() {
            deps.removed.push(Package {
                name: name.clone(),
                version: highest(o.iter()),
                lockfile: lockfile.to_string(),
            });
        } else {
            // Compare what left with what came (a second copy kept is not an upgrade).
            let gone: Vec<&String> = o.difference(n).collect();
            let came: Vec<&String> = n.difference(o).collect();
            if came.is_empty() {
                // Only an older duplicate was dropped.
                continue;
            }
            if gone.is_empty() {
                // Another version locked beside the one that stays: added, not an upgrade.
                for version in came {
                    deps.added.push(Package {
                        name: name.clone(),
                        version: version.clone(),
                        lockfile: lockfile.to_string(),
                    });
                }
                continue;
            }
            let from = highest(gone.into_iter());
            let to = highest(came.into_iter());
            let (major, downgrade) = incompatible(&from, &to);
            deps.upgraded.push(Upgrade {
                name: name.clone(),
                from,
                to,
                major,
                downgrade,
                direct: new.is_direct(name),
                lockfile: lockfile.to_string(),
            });
        }
    }
}

/// The highest of some versions (by their numbers, then as text).
fn highest<'a>(versions: impl Iterator<Item = &'a String>) -> String {
    versions
        .max_by(|a, b| numbers(a).cmp(&numbers(b)).then(a.cmp(b)))
        .cloned()
        .unwrap_or_default()
}

/// The leading numbers of a version: `v1.2.3-rc.1` → [1, 2, 3].
fn numbers(version: &str) -> Vec<u64> {
    let v = version.trim_start_matches(['v', '=']);
    let core = v.split(['-', '+', ' ', '_']).next().unwrap_or("");
    core.split('.')
        .map_while(|p| p.parse::<u64>().ok())
        .collect()
}

/// Whether `to` is incompatible with `from` by SemVer (the first non-zero part moved), and
/// whether it is lower.
fn incompatible(from: &str, to: &str) -> (bool, bool) {
    let (a, b) = (numbers(from), numbers(to));
    if a.is_empty() || b.is_empty() {
        return (false, false);
    }
    let part = |v: &[u64], i: usize| v.get(i).copied().unwrap_or(0);
    let downgrade = b < a;
    // The major, or the minor while the major is 0 (a 0.0.x patch is not counted: such
    // versions move with every build, like Go pseudo-versions).
    let major = part(&a, 0) != part(&b, 0) || part(&a, 0) == 0 && part(&a, 1) != part(&b, 1);
    (major, downgrade)
}

fn add(locked: &mut Locked, name: &str, version: &str) {
    if !name.is_empty() && !version.is_empty() {
        locked
            .versions
            .entry(name.to_string())
            .or_default()
            .insert(version.to_string());
    }
}

/// Cargo.lock: `[[package]]` tables; those without a `source` are the workspace's own.
fn cargo_lock(text: &str) -> Result<Locked, String> {
    toml_packages(text, |source| source.is_none())
}

/// poetry.lock and uv.lock: `[[package]]` tables; uv's editable, virtual and directory
/// packages are the project's own.
fn python_lock(text: &str) -> Result<Locked, String> {
    toml_packages(text, |source| {
        source.and_then(|s| s.as_inline_table()).is_some_and(|t| {
            ["editable", "virtual", "directory"]
                .iter()
                .any(|k| t.contains_key(k))
        })
    })
}

/// `[[package]]` tables with `name` and `version`, but those `own` says are the project's.
/// (poetry and uv write names normalised already.)
fn toml_packages(
    text: &str,
    own: impl Fn(Option<&toml_edit::Item>) -> bool,
) -> Result<Locked, String> {
    let doc: toml_edit::DocumentMut = text.parse().map_err(|e| format!("not TOML: {e}"))?;
    let mut locked = Locked::new();
    let Some(packages) = doc.get("package").and_then(|p| p.as_array_of_tables()) else {
        return Ok(locked);
    };
    for p in packages {
        let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("");
        if !own(p.get("source")) {
            add(&mut locked, s("name"), s("version"));
            continue;
        }
        // The project's own package: what it requires is direct.
        for key in ["dependencies", "dev-dependencies", "optional-dependencies"] {
            if let Some(item) = p.get(key) {
                required_names(item, &mut locked);
            }
        }
    }
    Ok(locked)
}

/// The names in a dependency list: Cargo's `["serde", "clap 4.0.0"]`, uv's
/// `[{ name = "django" }]`, or a table of such lists (uv's groups).
fn required_names(item: &toml_edit::Item, locked: &mut Locked) {
    let mut array = |a: &toml_edit::Array| {
        for v in a {
            let name = match v {
                toml_edit::Value::String(s) => s.value().split(' ').next().map(str::to_string),
                toml_edit::Value::InlineTable(t) => {
                    t.get("name").and_then(|n| n.as_str()).map(str::to_string)
                }
                _ => None,
            };
            if let Some(name) = name {
                locked.require(&name);
            }
        }
    };
    if let Some(a) = item.as_array() {
        array(a);
    } else if let Some(t) = item.as_table_like() {
        for (_, v) in t.iter() {
            if let Some(a) = v.as_array() {
                array(a);
            }
        }
    }
}

/// package-lock.json: lockfile v2/v3 `packages` (keyed by their `node_modules/` path), else
/// v1's nested `dependencies`. Links (workspace packages) and the root are left out.
fn npm(text: &str) -> Result<Locked, String> {
    let doc: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let mut locked = Locked::new();
    if let Some(packages) = doc.get("packages").and_then(|p| p.as_object()) {
        for (key, p) in packages {
            let Some(at) = key.rfind("node_modules/") else {
                // The root or a workspace package: what it requires is direct.
                for name in json_keys(p, &DEP_SECTIONS) {
                    locked.require(name);
                }
                continue;
            };
            if p.get("link").and_then(serde_json::Value::as_bool) == Some(true) {
                continue;
            }
            let name = p
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or(&key[at + "node_modules/".len()..]);
            let version = p.get("version").and_then(|v| v.as_str()).unwrap_or("");
            add(&mut locked, name, version);
            if at == 0 && !version.is_empty() {
                locked
                    .resolved
                    .insert(name.to_string(), version.to_string());
            }
        }
        // Only the project's own requirements keep their resolved version.
        let direct = locked.direct.clone().unwrap_or_default();
        locked.resolved.retain(|name, _| direct.contains(name));
    } else if let Some(deps) = doc.get("dependencies") {
        npm_v1(deps, &mut locked, 0);
    }
    Ok(locked)
}

fn npm_v1(deps: &serde_json::Value, locked: &mut Locked, depth: usize) {
    let Some(map) = deps.as_object() else { return };
    if depth > 64 {
        return;
    }
    for (name, d) in map {
        if let Some(v) = d.get("version").and_then(|v| v.as_str()) {
            if !v.starts_with("file:") && !v.starts_with("link:") {
                add(locked, name, v);
            }
        }
        if let Some(nested) = d.get("dependencies") {
            npm_v1(nested, locked, depth + 1);
        }
    }
}

/// pnpm-lock.yaml: the keys of the top-level `packages:` map, `/name@1.2.3(peer)` (v6),
/// `name@1.2.3` (v9) or `/name/1.2.3_peer` (v5).
fn pnpm(text: &str) -> Locked {
    let mut locked = Locked::new();
    let mut inside = false;
    // `importers:` (v6+) or a v5 root `dependencies:`: the project's own requirements.
    let mut importers = false;
    let mut root_deps = false;
    let mut dep_section = false;
    let mut current: Option<String> = None;
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            let head = line.trim_end();
            inside = head == "packages:";
            importers = head == "importers:";
            root_deps = DEP_SECTIONS
                .iter()
                .any(|s| head.strip_suffix(':') == Some(*s));
            continue;
        }
        if importers {
            let indent = line.len() - line.trim_start().len();
            let key = line.trim().trim_end_matches(':');
            if indent == 4 {
                dep_section = DEP_SECTIONS.contains(&key);
            } else if indent == 6 && dep_section && line.trim_end().ends_with(':') {
                let name = key.trim_matches(['\'', '"']);
                locked.require(name);
                current = Some(name.to_string());
            } else if indent == 8 && dep_section {
                if let (Some(name), Some(v)) = (&current, line.trim().strip_prefix("version: ")) {
                    resolve(&mut locked, name, v);
                }
            }
            continue;
        }
        if root_deps {
            if let Some((name, v)) = line.strip_prefix("  ").and_then(|l| l.split_once(": ")) {
                if !name.starts_with(' ') {
                    let name = name.trim_matches(['\'', '"']);
                    locked.require(name);
                    resolve(&mut locked, name, v);
                }
            }
            continue;
        }
        if !inside {
            continue;
        }
        let Some(key) = line.strip_prefix("  ") else {
            continue;
        };
        if key.starts_with(' ') || !key.trim_end().ends_with(':') {
            continue;
        }
        let key = key
            .trim_end()
            .trim_end_matches(':')
            .trim_matches(['\'', '"']);
        let key = key.strip_prefix('/').unwrap_or(key);
        let key = key.split('(').next().unwrap_or(key);
        let (name, version) = if let Some(c) = PNPM_V5.captures(key) {
            (
                c.get(1).map_or("", |m| m.as_str()),
                c.get(2).map_or("", |m| m.as_str()),
            )
        } else {
            match key.get(1..).and_then(|rest| rest.find('@')) {
                Some(at) => (&key[..=at], &key[at + 2..]),
                None => continue,
            }
        };
        if version.starts_with("link:") || version.starts_with("file:") {
            continue;
        }
        add(&mut locked, name, version);
    }
    locked
}

/// A pnpm importer's resolved version (`16.2.4(react@19.0.0)`, v5's `13.0.0_react@18`);
/// links to workspace packages are not versions.
fn resolve(locked: &mut Locked, name: &str, version: &str) {
    let version = version.trim().trim_matches(['\'', '"']);
    let version = version.split(['(', '_']).next().unwrap_or(version);
    if !version.is_empty() && !version.starts_with("link:") && !version.starts_with("file:") {
        locked
            .resolved
            .insert(name.to_string(), version.to_string());
    }
}

/// yarn.lock: entries headed by their specs at the first column (`"a@^1", a@^1.1:` or
/// Berry's `"a@npm:^1":`), each with a `version` line.
fn yarn(text: &str) -> Locked {
    let mut locked = Locked::new();
    let mut name: Option<String> = None;
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            let first = line.trim_end_matches(':').split(", ").next().unwrap_or("");
            let spec = first.trim_matches('"');
            name = spec
                .get(1..)
                .and_then(|rest| rest.find('@'))
                .map(|at| spec[..=at].to_string())
                .filter(|_| !spec.contains("@workspace:") && !spec.contains("@link:"));
            if spec == "__metadata" {
                name = None;
            }
            continue;
        }
        let Some(n) = &name else { continue };
        let t = line.trim_start();
        if let Some(v) = t
            .strip_prefix("version ")
            .or_else(|| t.strip_prefix("version: "))
        {
            if line.len() - t.len() == 2 {
                add(&mut locked, n, v.trim().trim_matches('"'));
            }
        }
    }
    locked
}

/// Gemfile.lock: `    name (version)` under a `  specs:` line of a GEM or GIT section.
fn gemfile(text: &str) -> Locked {
    let mut locked = Locked::new();
    let mut gem = false;
    let mut dependencies = false;
    for line in text.lines() {
        if !line.starts_with(' ') {
            // Gems from a registry or a git repository (PATH gems are the project's own).
            gem = matches!(line.trim(), "GEM" | "GIT");
            dependencies = line.trim() == "DEPENDENCIES";
            continue;
        }
        if dependencies {
            // `  rails (~> 7.1)`, `  bootsnap`, `  my_gem!`
            let name = line.trim().split([' ', '!']).next().unwrap_or("");
            if !name.is_empty() {
                locked.require(name);
            }
            continue;
        }
        if !gem || !line.starts_with("    ") || line.starts_with("     ") {
            continue;
        }
        let Some((name, rest)) = line.trim().split_once(" (") else {
            continue;
        };
        let version = rest.trim_end_matches(')');
        // `1.2.3-x86_64-linux`: the platform is not the version.
        let version = version.split('-').next().unwrap_or(version);
        add(&mut locked, name, version);
    }
    locked
}

/// composer.lock: `packages` and `packages-dev`, each with `name` and `version`.
fn composer(text: &str) -> Result<Locked, String> {
    let doc: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let mut locked = Locked::new();
    for key in ["packages", "packages-dev"] {
        for p in doc
            .get(key)
            .and_then(|p| p.as_array())
            .into_iter()
            .flatten()
        {
            let s = |k: &str| p.get(k).and_then(|v| v.as_str()).unwrap_or("");
            add(&mut locked, s("name"), s("version").trim_start_matches('v'));
        }
    }
    Ok(locked)
}

/// A pip requirements file: `requirements.txt`, `requirements-dev.txt`, `requirements.lock`.
fn is_requirements(name: &str) -> bool {
    name.starts_with("requirements") && matches!(super::extension(name).as_str(), "txt" | "lock")
}

/// The pinned (`name==1.2.3`) lines of a pip requirements file; names compared as PEP 503
/// normalises them.
fn requirements(text: &str) -> Locked {
    let mut locked = Locked::new();
    for line in text.lines() {
        let line = line
            .split(" #")
            .next()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("");
        let Some((name, version)) = line.split_once("==") else {
            continue;
        };
        let name = name.split('[').next().unwrap_or(name).trim();
        if name.is_empty() || name.starts_with(['-', '#']) {
            continue;
        }
        let name = name.to_ascii_lowercase().replace(['_', '.'], "-");
        let version = version
            .trim_start_matches('=')
            .split([' ', '\\'])
            .next()
            .unwrap_or("");
        add(&mut locked, &name, version.trim());
    }
    locked
}

/// go.mod: `require` lines and blocks (`module v1.2.3`), without the `v`.
fn go_mod(text: &str) -> Locked {
    let mut locked = Locked::new();
    // The module itself and those replaced by a folder of the repository are the project's.
    let mut own: BTreeSet<String> = BTreeSet::new();
    let mut block: Option<&str> = None;
    for line in text.lines() {
        let indirect = line.contains("// indirect");
        let line = line.split("//").next().unwrap_or("").trim();
        if let Some(kind) = block {
            if line == ")" {
                block = None;
                continue;
            }
            go_directive(kind, line, indirect, &mut locked, &mut own);
            continue;
        }
        if let Some(kind) = ["require", "replace"]
            .into_iter()
            .find(|k| line == format!("{k} ("))
        {
            block = Some(kind);
            continue;
        }
        if let Some(module) = line.strip_prefix("module ") {
            own.insert(go_base(module.trim().trim_matches('"')).to_string());
            continue;
        }
        for kind in ["require", "replace"] {
            if let Some(rest) = line.strip_prefix(kind).and_then(|r| r.strip_prefix(' ')) {
                go_directive(kind, rest.trim(), indirect, &mut locked, &mut own);
            }
        }
    }
    for module in &own {
        locked.versions.remove(module);
        if let Some(direct) = locked.direct.as_mut() {
            direct.remove(module);
        }
    }
    locked
}

/// A Helm chart's Chart.lock: its `dependencies` (subcharts), each a `- name:` item with a
/// `version:`; all of them are the chart's own requirements.
fn chart_lock(text: &str) -> Locked {
    let mut locked = Locked::new();
    let mut inside = false;
    let mut name: Option<String> = None;
    for line in text.lines() {
        if !line.starts_with([' ', '-']) && !line.is_empty() {
            inside = line.trim_end() == "dependencies:";
            continue;
        }
        if !inside {
            continue;
        }
        let item = line.trim_start();
        let item = match item.strip_prefix("- ") {
            Some(rest) => {
                name = None;
                rest.trim_start()
            }
            None => item,
        };
        let value = |key: &str| {
            item.strip_prefix(key)
                .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
        };
        if let Some(n) = value("name:") {
            locked.require(&n);
            name = Some(n);
        } else if let (Some(v), Some(n)) = (value("version:"), &name) {
            add(&mut locked, n, &v);
        }
    }
    locked
}

/// A Go module path without its major-version suffix (`/v2` and up).
fn go_base(module: &str) -> &str {
    match module.rsplit_once("/v") {
        Some((base, n)) if !base.is_empty() && n.parse::<u64>().is_ok_and(|n| n >= 2) => base,
        _ => module,
    }
}

/// The module a go.mod declares.
fn go_module_name(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("module "))
        .map(|m| {
            m.split("//")
                .next()
                .unwrap_or(m)
                .trim()
                .trim_matches('"')
                .to_string()
        })
}

/// One `require` or `replace` line of a go.mod.
fn go_directive(
    kind: &str,
    spec: &str,
    indirect: bool,
    locked: &mut Locked,
    own: &mut BTreeSet<String>,
) {
    if kind == "replace" {
        if let Some((from, to)) = spec.split_once("=>") {
            let target = to.trim();
            if target.starts_with("./") || target.starts_with("../") || target.starts_with('/') {
                if let Some(module) = from.split_whitespace().next() {
                    own.insert(go_base(module).to_string());
                }
            }
        }
        return;
    }
    let mut parts = spec.split_whitespace();
    if let (Some(module), Some(version)) = (parts.next(), parts.next()) {
        // A major version 2 and up is in the module's path (`…/v4`): the same module, so
        // that `/v4` → `/v6` is an upgrade (the versions keep their majors).
        let module = go_base(module);
        add(locked, module, version.trim_start_matches('v'));
        if !indirect {
            locked.require(module);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fake::Fake;
    use super::*;

    fn moved(d: &Dependencies) -> Vec<String> {
        d.upgraded
            .iter()
            .map(|u| {
                format!(
                    "{} {}->{}{}",
                    u.name,
                    u.from,
                    u.to,
                    if u.major { " major" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn cargo_lock_upgrades_additions_removals_and_own_crates() {
        let old = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.1\"\nsource = \"registry+x\"\nchecksum = \"a\"\n\n[[package]]\nname = \"clap\"\nversion = \"3.2.0\"\nsource = \"registry+x\"\n\n[[package]]\nname = \"gone\"\nversion = \"0.1.0\"\nsource = \"registry+x\"\n";
        let new = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"1.1.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.2\"\nsource = \"registry+x\"\nchecksum = \"a\"\n\n[[package]]\nname = \"clap\"\nversion = \"4.0.0\"\nsource = \"registry+x\"\n\n[[package]]\nname = \"tokio\"\nversion = \"1.0.0\"\nsource = \"registry+x\"\n";
        let mut f = Fake::default();
        f.modify("Cargo.lock", old, new);
        let d = detect(&f.changes, &f);
        assert_eq!(moved(&d), ["clap 3.2.0->4.0.0 major", "serde 1.0.1->1.0.2"]);
        assert_eq!(d.added[0].name, "tokio");
        assert_eq!(d.removed[0].name, "gone");
        assert_eq!(d.major.len(), 1);
        assert_eq!(
            (
                d.lockfiles[0].upgraded,
                d.lockfiles[0].added,
                d.lockfiles[0].removed
            ),
            (2, 1, 1)
        );
    }

    #[test]
    fn zero_major_versions_break_on_the_minor() {
        assert_eq!(incompatible("0.1.2", "0.2.0"), (true, false));
        assert_eq!(incompatible("0.1.2", "0.1.3"), (false, false));
        assert_eq!(incompatible("0.0.614", "0.0.623"), (false, false));
        assert_eq!(incompatible("2.0.0", "1.9.0"), (true, true));
        assert_eq!(incompatible("1.2.0", "1.3.0"), (false, false));
        assert_eq!(incompatible("abc", "def"), (false, false));
    }

    #[test]
    fn npm_v3_and_v1() {
        let old = r#"{"lockfileVersion":3,"packages":{"":{"name":"app","version":"1.0.0"},"node_modules/react":{"version":"17.0.2"},"node_modules/a/node_modules/lodash":{"version":"4.17.20"},"node_modules/pkg-local":{"resolved":"packages/x","link":true}}}"#;
        let new = r#"{"lockfileVersion":3,"packages":{"":{"name":"app","version":"1.1.0"},"node_modules/react":{"version":"18.2.0"},"node_modules/a/node_modules/lodash":{"version":"4.17.21"},"node_modules/@scope/x":{"version":"1.0.0"}}}"#;
        let mut f = Fake::default();
        f.modify("package-lock.json", old, new);
        let d = detect(&f.changes, &f);
        assert_eq!(
            moved(&d),
            ["lodash 4.17.20->4.17.21", "react 17.0.2->18.2.0 major"]
        );
        assert_eq!(d.added[0].name, "@scope/x");
        assert!(d.removed.is_empty(), "{:?}", d.removed);
        let v1 = r#"{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","dependencies":{"b":{"version":"2.0.0"}}}}}"#;
        let locked = npm(v1).unwrap();
        assert!(locked.versions["b"].contains("2.0.0"));
    }

    #[test]
    fn pnpm_v5_v6_v9_keys() {
        let text = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      vue:\n        specifier: ^3\n\npackages:\n\n  '@babel/core@7.24.0':\n    resolution: {integrity: x}\n\n  vue@3.4.1(typescript@5.0.0):\n    resolution: {}\n\n  /old/1.2.3_react@18:\n    resolution: {}\n\n  /@scope/v6@2.0.0(x@1):\n    resolution: {}\n\nsnapshots:\n\n  vue@3.4.1:\n    dependencies: {}\n";
        let locked = pnpm(text);
        let got: Vec<String> = locked
            .versions
            .iter()
            .map(|(n, v)| format!("{n}={}", v.iter().next().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                "@babel/core=7.24.0",
                "@scope/v6=2.0.0",
                "old=1.2.3",
                "vue=3.4.1"
            ]
        );
    }

    #[test]
    fn yarn_classic_and_berry() {
        let classic = "# yarn lockfile v1\n\n\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n  version \"7.1.2\"\n  resolved \"x\"\n  dependencies:\n    foo \"^1\"\n\nlodash@^4:\n  version \"4.17.21\"\n";
        let locked = yarn(classic);
        assert!(locked.versions["@babel/core"].contains("7.1.2"));
        assert!(locked.versions["lodash"].contains("4.17.21"));
        assert_eq!(locked.versions.len(), 2);
        let berry = "__metadata:\n  version: 6\n\n\"react@npm:^18.0.0\":\n  version: 18.2.0\n  dependencies:\n    loose-envify: ^1\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n";
        let locked = yarn(berry);
        assert_eq!(locked.versions.len(), 1);
        assert!(locked.versions["react"].contains("18.2.0"));
    }

    #[test]
    fn poetry_uv_gemfile_composer_go() {
        let uv = "version = 1\n\n[[package]]\nname = \"me\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n\n[[package]]\nname = \"django\"\nversion = \"5.0.1\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        let locked = python_lock(uv).unwrap();
        assert_eq!(locked.versions.keys().collect::<Vec<_>>(), ["django"]);
        let poetry = "[[package]]\nname = \"requests\"\nversion = \"2.31.0\"\n\n[metadata]\nlock-version = \"2.0\"\n";
        assert!(python_lock(poetry).unwrap().versions["requests"].contains("2.31.0"));
        let gem = "GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.1.2)\n      actionpack (= 7.1.2)\n    nokogiri (1.16.0-x86_64-linux)\n\nPLATFORMS\n  x86_64-linux\n";
        let locked = gemfile(gem);
        assert_eq!(locked.versions.len(), 2);
        assert!(locked.versions["nokogiri"].contains("1.16.0"));
        let comp = r#"{"packages":[{"name":"laravel/framework","version":"v10.1.0"}],"packages-dev":[{"name":"phpunit/phpunit","version":"10.0.0"}]}"#;
        assert!(composer(comp).unwrap().versions["laravel/framework"].contains("10.1.0"));
        let go = "module x\n\ngo 1.22\n\nrequire github.com/a/b v1.2.3\n\nrequire (\n\tgithub.com/c/d v0.4.0 // indirect\n\tgolang.org/x/e v0.1.0\n)\n";
        let locked = go_mod(go);
        assert_eq!(locked.versions.len(), 3);
        assert!(locked.versions["github.com/c/d"].contains("0.4.0"));
    }

    #[test]
    fn pinned_requirements_are_compared() {
        let mut f = Fake::default();
        f.modify(
            "requirements.txt",
            "Django==5.2.8\npsycopg[binary]==3.2.13 ; python_version >= \"3.10\"\n# comment\n-r base.txt\nrequests>=2\n",
            "django==6.0.1\npsycopg[binary]==3.3.2\n",
        )
        .add("requirements-dev.txt", "mypy==1.9.0 \\\n    --hash=sha256:abc\n")
        .add("docs/requirements.md", "x==1");
        let d = detect(&f.changes, &f);
        assert_eq!(
            moved(&d),
            ["django 5.2.8->6.0.1 major", "psycopg 3.2.13->3.3.2"]
        );
        assert_eq!(d.added[0].name, "mypy");
        assert_eq!(d.added[0].version, "1.9.0");
        assert_eq!(d.lockfiles.len(), 2);
    }

    #[test]
    fn manifests_say_what_is_direct_where_the_lockfile_does_not() {
        let lock = |v: &str| {
            format!("[[package]]\nname = \"fastapi\"\nversion = \"{v}.0.0\"\n\n[[package]]\nname = \"greenlet\"\nversion = \"{v}.0.0\"\n\n[[package]]\nname = \"pytest-asyncio\"\nversion = \"{v}.0.0\"\n")
        };
        let mut f = Fake::default();
        f.modify("app/poetry.lock", &lock("1"), &lock("2")).add(
            "app/pyproject.toml",
            "[tool.poetry.dependencies]\npython = \"^3.12\"\nFastAPI = \"^2\"\n\n[tool.poetry.group.dev.dependencies]\npytest_asyncio = \"*\"\n",
        );
        let d = detect(&f.changes, &f);
        let majors: Vec<&str> = d.major.iter().map(|u| u.name.as_str()).collect();
        assert_eq!(majors, ["fastapi", "pytest-asyncio"]);
        assert_eq!(d.major_transitive, 1);
        // yarn.lock and package.json.
        let mut f = Fake::default();
        f.modify(
            "yarn.lock",
            "react@^17:\n  version \"17.0.0\"\n\nscheduler@^0.20:\n  version \"0.20.0\"\n",
            "react@^18:\n  version \"18.0.0\"\n\nscheduler@^0.23:\n  version \"0.23.0\"\n",
        )
        .keep("package.json");
        f.blobs.insert(
            "path:package.json".into(),
            br#"{"dependencies":{"react":"^18"}}"#.to_vec(),
        );
        let d = detect(&f.changes, &f);
        assert_eq!(d.major.len(), 1);
        assert_eq!(d.major_transitive, 1);
    }

    #[test]
    fn go_modules_of_the_project_itself_are_left_out() {
        let go = "module example.com/e2e\n\nrequire (\n\texample.com/app v0.15.2\n\tgithub.com/a/b v1.0.0\n)\n\nreplace example.com/app => ../\nreplace github.com/x/y => github.com/z/y v1.0.0\n";
        let locked = go_mod(go);
        assert_eq!(
            locked.versions.keys().collect::<Vec<_>>(),
            ["github.com/a/b"]
        );
        assert_eq!(locked.is_direct("example.com/app"), Some(false));
    }

    #[test]
    fn a_go_mod_requiring_another_module_of_the_repository_is_no_upgrade() {
        let mut f = Fake::default();
        f.modify("go.mod", "module go.universe.tf/metallb\n", "module go.universe.tf/metallb\n")
            .modify(
                "e2etest/go.mod",
                "module go.universe.tf/e2etest\nrequire go.universe.tf/metallb v0.13.7\nrequire github.com/a/b v1.0.0\n",
                "module go.universe.tf/e2etest\nrequire go.universe.tf/metallb v0.15.2\nrequire github.com/a/b v2.0.0\n",
            );
        let d = detect(&f.changes, &f);
        assert_eq!(moved(&d), ["github.com/a/b 1.0.0->2.0.0 major"]);
    }

    #[test]
    fn a_go_major_in_the_module_path_is_an_upgrade() {
        let mut f = Fake::default();
        f.modify(
            "go.mod",
            "module x\nrequire sigs.k8s.io/structured-merge-diff/v4 v4.4.1 // indirect\nrequire github.com/a/b v1.0.0\n",
            "module x\nrequire sigs.k8s.io/structured-merge-diff/v6 v6.0.0 // indirect\nrequire github.com/a/b v1.0.0\n",
        );
        let d = detect(&f.changes, &f);
        assert_eq!(
            moved(&d),
            ["sigs.k8s.io/structured-merge-diff 4.4.1->6.0.0 major"]
        );
        assert!(d.added.is_empty() && d.removed.is_empty());
        assert_eq!(go_base("gopkg.in/yaml.v3"), "gopkg.in/yaml.v3");
        assert_eq!(go_base("github.com/x/vault"), "github.com/x/vault");
    }

    #[test]
    fn chart_lock_subcharts() {
        let lock = |v: &str| {
            format!("dependencies:\n- name: frr-k8s\n  repository: https://x\n  version: {v}\n- name: crds\n  repository: \"\"\n  version: 0.15.3\ndigest: sha256:x\ngenerated: \"2025\"\n")
        };
        let mut f = Fake::default();
        f.modify(
            "charts/metallb/Chart.lock",
            &lock("0.0.20"),
            &lock("0.0.21"),
        );
        let d = detect(&f.changes, &f);
        assert_eq!(moved(&d), ["frr-k8s 0.0.20->0.0.21"]);
        assert_eq!(d.upgraded[0].direct, Some(true));
    }

    #[test]
    fn a_second_version_locked_beside_the_first_is_added() {
        let mut old = Locked::new();
        old.versions
            .entry("itertools".into())
            .or_default()
            .insert("0.14.0".to_string());
        let mut new = Locked::new();
        new.versions
            .entry("itertools".into())
            .or_default()
            .extend(["0.14.0".to_string(), "0.12.1".to_string()]);
        let mut d = Dependencies::default();
        compare(&old, &new, "Cargo.lock", &mut d);
        assert!(d.upgraded.is_empty());
        assert_eq!(d.added[0].version, "0.12.1");
    }

    #[test]
    fn an_unreadable_lockfile_is_named_with_the_reason() {
        let mut f = Fake::default();
        f.modify("package-lock.json", "{", "{}");
        let d = detect(&f.changes, &f);
        assert!(d.lockfiles[0]
            .error
            .as_deref()
            .unwrap()
            .starts_with("not JSON"));
    }

    #[test]
    fn a_duplicate_dropped_is_not_an_upgrade() {
        let mut old = Locked::new();
        old.versions
            .entry("syn".into())
            .or_default()
            .extend(["1.0.0".to_string(), "2.0.0".to_string()]);
        let mut new = Locked::new();
        new.versions
            .entry("syn".into())
            .or_default()
            .insert("2.0.0".to_string());
        let mut d = Dependencies::default();
        compare(&old, &new, "Cargo.lock", &mut d);
        assert!(d.upgraded.is_empty());
    }

    #[test]
    fn direct_requirements_decide_which_majors_are_listed() {
        // Cargo: the members' dependency lists.
        let cargo = "version = 4\n\n[[package]]\nname = \"app\"\nversion = \"1.0.0\"\ndependencies = [\"clap\", \"syn 2.0.0\"]\n\n[[package]]\nname = \"clap\"\nversion = \"4.0.0\"\nsource = \"registry+x\"\n";
        let locked = cargo_lock(cargo).unwrap();
        assert_eq!(locked.is_direct("clap"), Some(true));
        assert_eq!(locked.is_direct("syn"), Some(true));
        assert_eq!(locked.is_direct("libc"), Some(false));
        // npm: the root's dependencies.
        let old = r#"{"packages":{"":{"dependencies":{"next":"^15"}},"node_modules/next":{"version":"15.0.0"},"node_modules/tar":{"version":"6.0.0"}}}"#;
        let new = r#"{"packages":{"":{"dependencies":{"next":"^16"}},"node_modules/next":{"version":"16.0.0"},"node_modules/tar":{"version":"7.0.0"}}}"#;
        let mut f = Fake::default();
        f.modify("package-lock.json", old, new);
        let d = detect(&f.changes, &f);
        assert_eq!(d.major.len(), 1);
        assert_eq!(d.major[0].name, "next");
        assert_eq!(d.major_transitive, 1);
        // pnpm: the importer's own resolution decides, whatever older copies remain.
        let old = "importers:\n  .:\n    dependencies:\n      next:\n        specifier: ^15\n        version: 15.5.9(react@19.0.0)\n\npackages:\n\n  next@15.5.9:\n    resolution: {}\n  next@16.0.10:\n    resolution: {}\n";
        let new = "importers:\n  .:\n    dependencies:\n      next:\n        specifier: ^16\n        version: 16.2.4(react@19.0.0)\n\npackages:\n\n  next@16.2.4:\n    resolution: {}\n";
        let mut f = Fake::default();
        f.modify("pnpm-lock.yaml", old, new);
        let d = detect(&f.changes, &f);
        assert_eq!(moved(&d), ["next 15.5.9->16.2.4 major"]);
        // pnpm importers, Gemfile DEPENDENCIES, go.mod `// indirect`.
        let pnpm_text = "importers:\n\n  .:\n    dependencies:\n      next:\n        specifier: ^16\n    devDependencies:\n      '@types/node':\n        specifier: ^20\n\npackages:\n\n  next@16.0.0:\n    resolution: {}\n";
        let locked = pnpm(pnpm_text);
        assert_eq!(locked.is_direct("next"), Some(true));
        assert_eq!(locked.is_direct("@types/node"), Some(true));
        assert_eq!(locked.is_direct("tar"), Some(false));
        let gem = "GEM\n  specs:\n    rails (7.1.2)\n    rack (3.0.0)\n\nDEPENDENCIES\n  rails (~> 7.1)\n  my_gem!\n";
        let locked = gemfile(gem);
        assert_eq!(locked.is_direct("rails"), Some(true));
        assert_eq!(locked.is_direct("my_gem"), Some(true));
        assert_eq!(locked.is_direct("rack"), Some(false));
        let go = "require (\n\tgithub.com/a/b v1.0.0\n\tgithub.com/c/d v1.0.0 // indirect\n)\n";
        let locked = go_mod(go);
        assert_eq!(locked.is_direct("github.com/a/b"), Some(true));
        assert_eq!(locked.is_direct("github.com/c/d"), Some(false));
        // yarn.lock does not say.
        assert_eq!(yarn("a@^1:\n  version \"1.0.0\"\n").is_direct("a"), None);
    }
}
