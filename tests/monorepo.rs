//! Monorepos: packages found in Cargo and npm workspaces or declared in release.toml, each
//! with its own tags, its own commits (those that change its folder) and its own version.

mod common;

use common::TestRepo;

/// A Cargo workspace of three crates: `api` depends on `core` by path with a version, `cli`
/// has no tag yet. `api` is tagged `api-v…`, `core` `core@…`.
fn cargo_workspace() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n",
    )
    .write(
        "crates/core/Cargo.toml",
        "[package]\nname = \"core\"\nversion = \"0.4.0\"\n",
    )
    .write("crates/core/src/lib.rs", "pub fn core() {}\n")
    .write(
        "crates/api/Cargo.toml",
        "[package]\nname = \"api\"\nversion = \"1.2.0\"\n\n[dependencies]\ncore = { path = \"../core\", version = \"0.4.0\" }\n",
    )
    .write("crates/api/src/lib.rs", "pub fn api() {}\n")
    .write(
        "crates/cli/Cargo.toml",
        "[package]\nname = \"cli\"\nversion = \"0.1.0\"\n",
    )
    .write("crates/cli/src/main.rs", "fn main() {}\n");
    repo.commit("chore: initial workspace");
    repo.tag("api-v1.2.0").tag("core@0.4.0");
    repo
}

#[test]
fn next_lists_each_package_that_would_release_with_its_own_version() {
    let mut repo = cargo_workspace();
    repo.write("crates/api/src/lib.rs", "pub fn api() { /* faster */ }\n");
    repo.commit("feat(api): a faster api");
    repo.write("crates/core/src/lib.rs", "pub fn core() { /* fixed */ }\n");
    repo.commit("fix: core no longer panics");
    // A commit that touches only shared files belongs to no package.
    repo.write(".github/ci.yml", "on: push\n");
    repo.commit("feat: a CI workflow");

    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    // api: 1.2.0 + feat = 1.3.0; core: 0.4.0 + fix = 0.4.1; cli: no tag yet, so every commit
    // that changed its folder counts (the initial `chore` asks for nothing).
    assert_eq!(run.stdout, "api 1.3.0\ncore 0.4.1\n", "{run:?}");

    let one = repo.relman(&["next", "--package", "core"]);
    assert_eq!(one.code, 0, "{one:?}");
    assert_eq!(one.stdout, "0.4.1\n");

    let json = repo.relman(&["next", "--format", "json"]);
    assert_eq!(json.code, 0, "{json:?}");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let packages = value["packages"].as_array().unwrap();
    let names: Vec<&str> = packages
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["api", "cli", "core"]);
    let cli = &packages[1];
    assert_eq!(cli["releasable"], false);
    assert_eq!(cli["path"], "crates/cli");
    assert_eq!(packages[0]["latest_tag"], "api-v1.2.0");
    assert_eq!(packages[2]["latest_tag"], "core@0.4.0");
    // The commit that only touched .github/ is nobody's.
    for p in packages {
        let subjects: Vec<&str> = p["commits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["subject"].as_str().unwrap())
            .collect();
        assert!(!subjects.contains(&"feat: a CI workflow"), "{p}");
    }

    let explain = repo.relman(&["next", "--explain"]);
    assert!(
        explain.stderr.contains("api (crates/api/):"),
        "{}",
        explain.stderr
    );
    assert!(
        explain.stderr.contains("a faster api"),
        "{}",
        explain.stderr
    );
}

#[test]
fn a_level_over_every_package_bumps_only_those_with_commits() {
    let mut repo = cargo_workspace();
    repo.tag("cli-v0.1.0");
    repo.write("crates/api/src/lib.rs", "pub fn api() { /* tidied */ }\n");
    repo.commit("api: tidy up");
    let run = repo.relman(&["next", "--level", "patch"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "api 1.2.1\n", "{run:?}");
    // Named alone, a package is bumped as asked.
    let one = repo.relman(&["next", "--package", "core", "--level", "patch"]);
    assert_eq!(one.stdout, "0.4.1\n", "{one:?}");
}

#[test]
fn a_commit_touching_two_packages_counts_for_both() {
    let mut repo = cargo_workspace();
    repo.write("crates/api/src/lib.rs", "pub fn api2() {}\n")
        .write("crates/cli/src/main.rs", "fn main() { println!(); }\n");
    repo.commit("feat!: one change across api and cli");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    // cli was there when its siblings were released, untagged: its 0.1.0 may well have
    // been published without a tag, so the commits bump it.
    assert_eq!(run.stdout, "api 2.0.0\ncli 0.2.0\n", "{run:?}");
}

#[test]
fn changelog_of_one_package_lists_only_its_commits_and_its_tags() {
    let mut repo = cargo_workspace();
    repo.write("crates/api/src/lib.rs", "pub fn api() { 1 }\n");
    repo.commit("feat(api): pagination");
    repo.write("crates/core/src/lib.rs", "pub fn core() { 1 }\n");
    repo.commit("feat(core): caching");
    repo.tag("api-v1.3.0");
    repo.write("crates/api/src/lib.rs", "pub fn api() { 2 }\n");
    repo.commit("fix(api): empty pages");

    let run = repo.relman(&["changelog", "--all", "--package", "api"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("pagination"), "{}", run.stdout);
    assert!(run.stdout.contains("empty pages"), "{}", run.stdout);
    assert!(!run.stdout.contains("caching"), "{}", run.stdout);
    assert!(run.stdout.contains("## [1.3.0]"), "{}", run.stdout);
    assert!(!run.stdout.contains("0.4.0"), "{}", run.stdout);

    let range = repo.relman(&["changelog", "--package", "core", "--range", "core@0.4.0.."]);
    assert_eq!(range.code, 0, "{range:?}");
    assert!(range.stdout.contains("caching"), "{}", range.stdout);
    assert!(!range.stdout.contains("pagination"), "{}", range.stdout);
}

#[test]
fn an_npm_workspace_is_found_and_tagged_name_at_version() {
    let mut repo = TestRepo::new();
    repo.write(
        "package.json",
        "{\n  \"name\": \"root\",\n  \"private\": true,\n  \"workspaces\": [\"packages/*\"]\n}\n",
    )
    .write(
        "packages/ui/package.json",
        "{\n  \"name\": \"@acme/ui\",\n  \"version\": \"2.0.0\"\n}\n",
    )
    .write(
        "packages/utils/package.json",
        "{\n  \"name\": \"@acme/utils\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": { \"@acme/ui\": \"^2.0.0\" }\n}\n",
    );
    repo.commit("chore: workspace");
    // No tag at all yet, and no version at the root: a new monorepo.
    repo.write("packages/ui/index.js", "export {}\n");
    repo.commit("feat: buttons");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "@acme/ui 2.1.0\n", "{run:?}");
    repo.tag("@acme/ui@2.1.0");
    repo.write("packages/utils/index.js", "export {}\n");
    repo.commit("fix: utils");
    let run = repo.relman(&["next"]);
    assert_eq!(run.stdout, "@acme/utils 1.0.1\n", "{run:?}");
}

#[test]
fn declared_packages_override_and_add_and_a_bad_one_names_its_table() {
    let mut repo = cargo_workspace();
    repo.write(
        "release.toml",
        "[[packages]]\nname = \"api\"\ntag = \"api/v{version}\"\nexclude = [\"benches\"]\n\n[[packages]]\nname = \"docs\"\npath = \"site\"\n",
    )
    .write("site/VERSION", "3.0.0\n")
    .write("crates/api/benches/b.rs", "// bench\n");
    repo.commit("chore: declare packages");
    repo.tag("api/v1.2.0").tag("docs-v3.0.0");
    repo.write("crates/api/benches/b.rs", "// faster bench\n");
    repo.commit("feat(api): a bench");
    repo.write("site/index.md", "# Docs\n");
    repo.commit("feat: a docs site");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    // api's only change is in its excluded benches folder.
    assert_eq!(run.stdout, "docs 3.1.0\n", "{run:?}");

    repo.write(
        "release.toml",
        "[[packages]]\nname = \"api\"\ntag = \"api-{ver}\"\n",
    );
    let bad = repo.relman(&["next"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(
        bad.stderr.contains("release.toml:1:") && bad.stderr.contains("{version}"),
        "{bad:?}"
    );
}

#[test]
fn bump_in_a_monorepo_writes_the_chosen_package_only() {
    let mut repo = cargo_workspace();
    repo.write("crates/core/src/lib.rs", "pub fn core() { 2 }\n");
    repo.commit("feat(core): more");
    // Without --package: every package with something to release (core only).
    let dry = repo.relman(&["bump", "--dry-run"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert_eq!(dry.stdout, "core 0.4.0 -> 0.4.1\n", "{dry:?}");
    assert!(repo
        .read("crates/core/Cargo.toml")
        .contains("version = \"0.4.0\""));
    let run = repo.relman(&["bump", "--package", "core"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo
        .read("crates/core/Cargo.toml")
        .contains("version = \"0.4.1\""));
    // api keeps its version, and requires the new core (else cargo refuses the path).
    let api = repo.read("crates/api/Cargo.toml");
    assert!(api.contains("version = \"1.2.0\""), "{api}");
    assert!(api.contains("version = \"0.4.1\" }"), "{api}");
    assert!(
        run.stderr
            .contains("wrote crates/api/Cargo.toml (its requirements on the packages bumped)"),
        "{run:?}"
    );
    let unknown = repo.relman(&["next", "--package", "nope"]);
    assert_eq!(unknown.code, 2, "{unknown:?}");
    assert!(unknown.stderr.contains("api, cli, core"), "{unknown:?}");
}

#[test]
fn a_workspace_released_in_lockstep_stays_one_package() {
    // Members tagged together with the root's `v` tags: the repository is one package, as
    // before monorepo support.
    let mut repo = TestRepo::new();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"tool\"\nversion = \"1.0.0\"\n\n[workspace]\nmembers = [\"crates/*\"]\n",
    )
    .write("src/main.rs", "fn main() {}\n")
    .write(
        "crates/helper/Cargo.toml",
        "[package]\nname = \"helper\"\nversion = \"1.0.0\"\n",
    );
    repo.commit("chore: start");
    repo.tag("v1.0.0");
    repo.write("crates/helper/src/lib.rs", "\n");
    repo.commit("feat: helper");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "1.1.0\n");
}

#[test]
fn a_pnpm_workspace_reads_its_tags_as_the_project_writes_them() {
    // vite's shape: a private root, the main package tagged `v…` (the root's scheme), a
    // scoped plugin tagged without its scope, a private fixture and a 0.0.0 fixture.
    let mut repo = TestRepo::new();
    repo.write(
        "package.json",
        "{ \"name\": \"monorepo\", \"private\": true, \"version\": \"0.0.1\" }\n",
    )
    .write(
        "pnpm-workspace.yaml",
        "packages:\n  - packages/*\n  - playground/**\n",
    )
    .write(
        "packages/vite/package.json",
        "{ \"name\": \"vite\", \"version\": \"5.1.0\" }\n",
    )
    .write(
        "packages/plugin-legacy/package.json",
        "{ \"name\": \"@vitejs/plugin-legacy\", \"version\": \"2.0.0\" }\n",
    )
    .write(
        "playground/alias/package.json",
        "{ \"name\": \"@vitejs/test-alias\", \"private\": true, \"version\": \"1.0.0\" }\n",
    )
    .write(
        "playground/css/package.json",
        "{ \"name\": \"@vitejs/test-css\", \"version\": \"0.0.0\" }\n",
    );
    repo.commit("chore: workspace");
    repo.tag("v5.1.0").tag("plugin-legacy@2.0.0");
    repo.write("packages/vite/index.js", "export {}\n")
        .write("playground/alias/index.js", "export {}\n")
        .write("playground/css/index.js", "export {}\n");
    repo.commit("feat: aliases");
    repo.write("packages/plugin-legacy/index.js", "export {}\n");
    repo.commit("fix(legacy): targets");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout, "@vitejs/plugin-legacy 2.0.1\nvite 5.2.0\n",
        "{run:?}"
    );
    let json = repo.relman(&["next", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let tags: Vec<&str> = value["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["latest_tag"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["plugin-legacy@2.0.0", "v5.1.0"]);
}

/// A Cargo workspace of these crates (name, version) under `crates/`, committed, with an
/// identity to release with.
fn crates(list: &[(&str, &str)]) -> TestRepo {
    let mut repo = TestRepo::new().with_identity();
    repo.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n",
    );
    for (name, version) in list {
        repo.write(
            &format!("crates/{name}/Cargo.toml"),
            &format!("[package]\nname = \"{name}\"\nversion = \"{version}\"\n"),
        )
        .write(&format!("crates/{name}/src/lib.rs"), "pub fn f() {}\n");
    }
    repo.commit("chore: initial workspace");
    repo
}

/// cocogitto: its crates are tagged `{name}-{version}`; a crate added after their releases
/// is tagged the same way, not with Cargo's usual `{name}-v{version}`, and its first release
/// is the version its manifest holds (as cocogitto and release-plz release it).
#[test]
fn a_member_with_no_tag_yet_is_tagged_as_its_siblings_are() {
    let mut repo = crates(&[("core", "0.4.0"), ("api", "1.2.0"), ("later", "0.0.0")]);
    repo.tag("api-1.2.0").tag("core-0.4.0");
    // A crate whose version is set after its siblings' releases (cocogitto's resolver was
    // in the workspace, at the workspace's version, when `cocogitto-6.5.0` was tagged).
    repo.write(
        "crates/later/Cargo.toml",
        "[package]\nname = \"later\"\nversion = \"0.2.0\"\n",
    );
    repo.commit("feat(later): ready");
    assert_eq!(
        repo.relman(&["next", "--package", "later"]).stdout,
        "0.2.0\n"
    );
    // A crate added after its siblings' releases.
    repo.write(
        "crates/resolver/Cargo.toml",
        "[package]\nname = \"resolver\"\nversion = \"0.1.0\"\n",
    )
    .write("crates/resolver/src/lib.rs", "pub fn r() {}\n");
    repo.commit("feat(resolver): a dependency resolver");
    let next = repo.relman(&["next", "--package", "resolver"]);
    assert_eq!(next.stdout, "0.1.0\n", "{next:?}");
    assert!(
        next.stderr
            .contains("the first release: 0.1.0, the version the manifest holds, has no tag"),
        "{next:?}"
    );
    let bumped = repo.relman(&["next", "--package", "resolver", "--level", "minor"]);
    assert_eq!(bumped.stdout, "0.2.0\n", "{bumped:?}");
    let run = repo.relman(&["release", "--package", "resolver", "--date", "2026-12-07"]);
    assert_eq!(run.code, 0, "{run:?}");
    let (_, refs) = repo.snapshot_refs();
    assert!(
        refs.iter().any(|r| r.starts_with("resolver-0.1.0 ")),
        "{refs:?}"
    );
    // Siblings that disagree leave the ecosystem's default.
    let mut mixed = crates(&[("a", "1.0.0"), ("b", "1.0.0"), ("c", "0.1.0")]);
    mixed.tag("a-1.0.0").tag("b@1.0.0");
    mixed.write("crates/c/src/lib.rs", "pub fn c() {}\n");
    mixed.commit("fix(c): c");
    let run = mixed.relman(&["release", "--package", "c", "--date", "2026-12-07"]);
    assert_eq!(run.code, 0, "{run:?}");
    let (_, refs) = mixed.snapshot_refs();
    // c was there at its siblings' releases: bumped, as it may have been published untagged.
    assert!(refs.iter().any(|r| r.starts_with("c-v0.1.1 ")), "{refs:?}");
}

#[test]
fn release_of_one_package_writes_its_files_its_changelog_and_its_tag() {
    let mut repo = cargo_workspace().with_identity();
    repo.write("crates/core/src/lib.rs", "pub fn core() { 3 }\n");
    repo.commit("fix(core): overflow");
    let run = repo.relman(&["release", "--package", "core", "--date", "2026-12-04"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(repo
        .read("crates/core/Cargo.toml")
        .contains("version = \"0.4.1\""));
    let changelog = repo.read("crates/core/CHANGELOG.md");
    assert!(changelog.contains("## [0.4.1] - 2026-12-04"), "{changelog}");
    assert!(changelog.contains("overflow"), "{changelog}");
    assert!(!std::path::Path::new(&repo.path().join("CHANGELOG.md")).exists());
    let (_, refs) = repo.snapshot_refs();
    assert!(
        refs.iter().any(|r| r.starts_with("core@0.4.1 ")),
        "{refs:?}"
    );
    let log = std::process::Command::new("git")
        .args(["log", "-1", "--format=%s"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&log.stdout).trim(),
        "chore(release): core 0.4.1"
    );
    // Released: nothing left for core, and api was not touched.
    let next = repo.relman(&["next", "--package", "core"]);
    assert_eq!(next.stdout, "0.4.1\n", "{next:?}");
    assert!(repo
        .read("crates/api/Cargo.toml")
        .contains("version = \"1.2.0\""));
}

#[test]
fn lint_judges_each_package_changelog_and_manifest_against_its_own_version() {
    let mut repo = TestRepo::new();
    repo.write(
        "package.json",
        "{\n  \"name\": \"root\",\n  \"private\": true,\n  \"workspaces\": [\"packages/*\"]\n}\n",
    )
    .write(
        "packages/ui/package.json",
        "{\n  \"name\": \"ui\",\n  \"version\": \"2.1.0\"\n}\n",
    )
    .write(
        "packages/ui/CHANGELOG.md",
        "# Changelog\n\n## [2.1.0] - 2026-01-02\n\n- Buttons.\n\n## [2.0.0] - 2026-01-01\n\n- First.\n",
    )
    .write(
        "packages/utils/package.json",
        "{\n  \"name\": \"utils\",\n  \"version\": \"1.0.1\"\n}\n",
    )
    .write(
        "packages/utils/CHANGELOG.md",
        "# Changelog\n\n## [1.0.0] - 2026-01-01\n\n- First.\n",
    );
    repo.commit("chore: workspace");
    repo.tag("ui@2.0.0")
        .tag("ui@2.1.0")
        .tag("utils@1.0.0")
        .tag("utils@1.0.1");
    let run = repo.relman(&["lint", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {} {}", d["path"], d["rule"], d["message"]))
        .collect();
    // ui's changelog agrees with ui's 2.1.0; utils' lacks its released 1.0.1 (not 2.1.0).
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("packages/utils/CHANGELOG.md"),
        "{found:#?}"
    );
    assert!(
        found[0].contains("the current version 1.0.1 is released"),
        "{found:#?}"
    );
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn another_package_s_manifest_in_a_member_s_folder_is_not_its_version_file() {
    // jupyterlab: `mock_packages/extension/` is the npm package `@jupyterlab/mock-extension`
    // and holds a Python test package's pyproject.toml (`mock-package` 0.0.1).
    let mut repo = TestRepo::new().with_identity();
    repo.write(
        "package.json",
        "{\n  \"name\": \"root\",\n  \"private\": true,\n  \"workspaces\": [\"packages/*\"]\n}\n",
    )
    .write(
        "packages/ext/package.json",
        "{\n  \"name\": \"@acme/ext\",\n  \"version\": \"2.0.0\"\n}\n",
    )
    .write(
        "packages/ext/pyproject.toml",
        "[project]\nname = \"mock-package\"\nversion = \"0.0.1\"\n",
    )
    // The same package's pyproject (a Jupyter extension's, `@acme/git` published to PyPI
    // as `acme-git`): its version must agree.
    .write(
        "packages/lab/package.json",
        "{\n  \"name\": \"@acme/git\",\n  \"version\": \"1.0.0\"\n}\n",
    )
    .write(
        "packages/lab/pyproject.toml",
        "[project]\nname = \"acme_git\"\nversion = \"0.9.0\"\n",
    )
    // A Cargo.toml found before the member's own package.json (napi-rs bindings, electric's
    // `durable-streams-server-rust`), naming another crate at another version: the member's
    // version is its package.json's, as its tags say; the crate's is not checked.
    .write(
        "packages/native/package.json",
        "{\n  \"name\": \"@acme/native\",\n  \"version\": \"3.0.0\"\n}\n",
    )
    .write(
        "packages/native/Cargo.toml",
        "[package]\nname = \"acme-native-sys\"\nversion = \"0.4.0\"\n",
    );
    repo.commit("chore: workspace");
    repo.tag("@acme/ext@2.0.0")
        .tag("@acme/git@1.0.0")
        .tag("@acme/native@3.0.0");
    let run = repo.relman(&["lint", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}", d["path"], d["rule"]))
        .collect();
    assert_eq!(
        paths,
        ["\"packages/lab/pyproject.toml\" \"version-mismatch\""],
        "{run:?}"
    );
    let next = repo.relman(&["next", "--package", "@acme/native", "--format", "json"]);
    assert!(
        next.stdout.contains("\"current\": \"3.0.0\"")
            && next.stdout.contains("packages/native/package.json"),
        "{next:?}"
    );
    // A release of ext writes its package.json, never the Python package's file.
    repo.write("packages/ext/index.js", "1;\n");
    repo.commit("fix(ext): a fix");
    let bump = repo.relman(&["bump", "--package", "@acme/ext"]);
    assert_eq!(bump.code, 0, "{bump:?}");
    assert!(repo.read("packages/ext/package.json").contains("2.0.1"));
    assert!(repo.read("packages/ext/pyproject.toml").contains("0.0.1"));
}

/// `cargo_workspace` with a Cargo.lock that lists the three crates, and a root
/// `[workspace.dependencies]` entry on core.
fn cargo_workspace_locked() -> TestRepo {
    let mut repo = cargo_workspace().with_identity();
    repo.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\nresolver = \"2\"\n\n[workspace.dependencies]\ncore = { path = \"crates/core\", version = \"0.4.0\" }\n",
    )
    .write(
        "Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"api\"\nversion = \"1.2.0\"\ndependencies = [\n \"core\",\n]\n\n[[package]]\nname = \"cli\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"core\"\nversion = \"0.4.0\"\n",
    );
    repo.commit("chore: lock the workspace");
    repo
}

/// An npm workspace, with identity: a private root, `@acme/ui` at 2.0.0, and `@acme/app`
/// whose package.json is `app`.
fn npm_workspace(app: &str) -> TestRepo {
    let mut repo = TestRepo::new().with_identity();
    repo.write(
        "package.json",
        "{\n  \"name\": \"root\",\n  \"private\": true,\n  \"workspaces\": [\"packages/*\"]\n}\n",
    )
    .write(
        "packages/ui/package.json",
        "{\n  \"name\": \"@acme/ui\",\n  \"version\": \"2.0.0\"\n}\n",
    )
    .write("packages/app/package.json", app);
    repo
}

/// `git status --porcelain`.
fn status(repo: &TestRepo) -> String {
    let out = std::process::Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn subject(repo: &TestRepo) -> String {
    let log = std::process::Command::new("git")
        .args(["log", "-1", "--format=%s"])
        .current_dir(repo.path())
        .output()
        .unwrap();
    String::from_utf8_lossy(&log.stdout).trim().to_string()
}

#[test]
fn release_without_package_cuts_every_releasable_package_in_one_commit() {
    let mut repo = cargo_workspace_locked();
    repo.write("crates/api/src/lib.rs", "pub fn api() { 2 }\n");
    repo.commit("feat(api): pagination");
    repo.write("crates/core/src/lib.rs", "pub fn core() { 3 }\n");
    repo.commit("fix(core): overflow");

    let dry = repo.relman(&["release", "--dry-run", "--date", "2026-12-05"]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(dry.stdout.contains("release api 1.2.0 -> 1.3.0"), "{dry:?}");
    assert!(
        dry.stdout.contains("release core 0.4.0 -> 0.4.1"),
        "{dry:?}"
    );
    let json = repo.relman(&["release", "--dry-run", "--format", "json"]);
    let plan: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let tags: Vec<&str> = plan["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["tag"].as_str().unwrap())
        .collect();
    assert_eq!(tags, ["api-v1.3.0", "core@0.4.1"], "{plan}");
    assert!(plan.get("version").is_none(), "{plan}");

    let run = repo.relman(&["release", "--date", "2026-12-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        run.stdout, "api 1.2.0 -> 1.3.0\ncore 0.4.0 -> 0.4.1\n",
        "{run:?}"
    );
    assert_eq!(subject(&repo), "chore(release): api 1.3.0, core 0.4.1");
    let (_, refs) = repo.snapshot_refs();
    for tag in ["api-v1.3.0 ", "core@0.4.1 "] {
        assert!(refs.iter().any(|r| r.starts_with(tag)), "{tag}: {refs:?}");
    }
    // Both members' entries in the one Cargo.lock, cli's left alone.
    let lock = repo.read("Cargo.lock");
    assert!(
        lock.contains("name = \"api\"\nversion = \"1.3.0\""),
        "{lock}"
    );
    assert!(
        lock.contains("name = \"core\"\nversion = \"0.4.1\""),
        "{lock}"
    );
    assert!(
        lock.contains("name = \"cli\"\nversion = \"0.1.0\""),
        "{lock}"
    );
    // api requires the new core, in its manifest and in the root's workspace table.
    let api = repo.read("crates/api/Cargo.toml");
    assert!(api.contains("version = \"1.3.0\""), "{api}");
    assert!(
        api.contains("core = { path = \"../core\", version = \"0.4.1\" }"),
        "{api}"
    );
    assert!(repo
        .read("Cargo.toml")
        .contains("core = { path = \"crates/core\", version = \"0.4.1\" }"));
    assert!(repo
        .read("crates/api/CHANGELOG.md")
        .contains("## [1.3.0] - 2026-12-05"));
    assert!(repo
        .read("crates/core/CHANGELOG.md")
        .contains("## [0.4.1] - 2026-12-05"));
    // The tree is clean: everything the release wrote is in its commit.
    assert_eq!(status(&repo), "", "the release committed all it wrote");
    // Nothing left to release.
    let again = repo.relman(&["release"]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(again.stderr.contains("nothing to release"), "{again:?}");
}

#[test]
fn releasing_one_package_moves_the_requirements_of_its_dependents() {
    let mut repo = cargo_workspace_locked();
    repo.write("crates/core/src/lib.rs", "pub fn core() { 3 }\n");
    repo.commit("feat(core): more");
    let run = repo.relman(&["release", "-p", "core", "--date", "2026-12-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    // 0.x: a feature is a patch by default.
    assert_eq!(subject(&repo), "chore(release): core 0.4.1");
    let api = repo.read("crates/api/Cargo.toml");
    // api is not released, but it must still build against the new core.
    assert!(api.contains("version = \"1.2.0\""), "{api}");
    assert!(
        api.contains("core = { path = \"../core\", version = \"0.4.1\" }"),
        "{api}"
    );
}

#[test]
fn an_npm_requirement_keeps_its_operator_and_workspace_protocols_stay() {
    let mut repo = npm_workspace(
        "{\n  \"name\": \"@acme/app\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": { \"@acme/ui\": \"^2.0.0\" },\n  \"devDependencies\": { \"@acme/ui\": \"workspace:*\" },\n  \"peerDependencies\": { \"@acme/ui\": \"^2.0.0\" },\n  \"optionalDependencies\": { \"@acme/ui\": \"2.0.0 - 2.0.9\" }\n}\n",
    );
    repo.commit("chore: workspace");
    repo.tag("@acme/ui@2.0.0").tag("@acme/app@1.0.0");
    repo.write("packages/ui/index.js", "export {}\n");
    repo.commit("feat: buttons");
    let run = repo.relman(&["release", "--date", "2026-12-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    let app = repo.read("packages/app/package.json");
    assert!(app.contains("\"@acme/ui\": \"^2.1.0\""), "{app}");
    assert!(app.contains("\"@acme/ui\": \"workspace:*\""), "{app}");
    // A peer dependency that admits the release stays: users need not upgrade the host.
    assert!(
        app.contains("\"peerDependencies\": { \"@acme/ui\": \"^2.0.0\" }"),
        "{app}"
    );
    assert!(app.contains("\"version\": \"1.0.0\""), "{app}");
    // A range that admits the release is left quietly; one relman cannot read is named.
    assert!(!run.stderr.contains("peerDependencies"), "{run:?}");
    assert!(
        run.stderr.contains(
            "packages/app/package.json:7:42: \"optionalDependencies\" @acme/ui is \"2.0.0 - 2.0.9\", left as written; check that it admits @acme/ui 2.1.0"
        ),
        "{run:?}"
    );
    assert_eq!(subject(&repo), "chore(release): @acme/ui 2.1.0");
}

#[test]
#[cfg(feature = "test-hooks")]
fn a_release_killed_between_two_tags_is_undone_by_abort() {
    for step in ["tagged", "tagged core@0.4.1", "after-tag hooks"] {
        let mut repo = cargo_workspace_locked();
        repo.write("crates/api/src/lib.rs", "pub fn api() { 2 }\n");
        repo.commit("feat(api): pagination");
        repo.write("crates/core/src/lib.rs", "pub fn core() { 3 }\n");
        repo.commit("fix(core): overflow");
        let before = repo.snapshot_refs();
        let files = common::work_tree_files(repo.path());
        let run = common::relman_env(
            repo.path(),
            &["release", "--date", "2026-12-05"],
            &[("RELMAN_TEST_CRASH_AT", step)],
        );
        assert_eq!(run.code, 137, "{step}: {run:?}");
        let abort = repo.relman(&["release", "--abort"]);
        assert_eq!(abort.code, 0, "{step}: {abort:?}");
        assert!(
            abort.stderr.contains("deleted the tag api-v1.3.0"),
            "{step}: {abort:?}"
        );
        assert_eq!(repo.snapshot_refs(), before, "{step}");
        assert_eq!(common::work_tree_files(repo.path()), files, "{step}");
    }
}

#[test]
fn package_lock_follows_the_members_and_an_unedited_lock_is_named() {
    let mut repo = npm_workspace(
        "{\n  \"name\": \"@acme/app\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": { \"@acme/ui\": \"^2.0.0\" }\n}\n",
    );
    repo.write(
        "package-lock.json",
        "{\n  \"name\": \"root\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": { \"name\": \"root\", \"workspaces\": [\"packages/*\"] },\n    \"node_modules/@acme/ui\": { \"resolved\": \"packages/ui\", \"link\": true },\n    \"packages/app\": { \"name\": \"@acme/app\", \"version\": \"1.0.0\", \"dependencies\": { \"@acme/ui\": \"^2.0.0\" } },\n    \"packages/ui\": { \"name\": \"@acme/ui\", \"version\": \"2.0.0\" }\n  }\n}\n",
    )
    .write("yarn.lock", "# yarn lockfile v1\n");
    repo.commit("chore: workspace");
    repo.tag("@acme/ui@2.0.0").tag("@acme/app@1.0.0");
    repo.write("packages/ui/index.js", "export {}\n");
    repo.commit("feat: buttons");
    let run = repo.relman(&["release", "-p", "@acme/ui", "--date", "2026-12-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    let lock = repo.read("package-lock.json");
    assert!(
        lock.contains("\"packages/ui\": { \"name\": \"@acme/ui\", \"version\": \"2.1.0\" }"),
        "{lock}"
    );
    assert!(
        lock.contains("\"version\": \"1.0.0\", \"dependencies\": { \"@acme/ui\": \"^2.1.0\" }"),
        "{lock}"
    );
    assert!(
        run.stderr
            .contains("warning: yarn.lock is not edited by relman"),
        "{run:?}"
    );
    assert_eq!(status(&repo), "", "the release committed all it wrote");
}

#[test]
fn a_group_releases_together_with_one_version_and_dependents_may_patch() {
    let mut repo = cargo_workspace_locked();
    repo.write(
        "release.toml",
        "[version]\ndependents = \"patch\"\n\n[[groups]]\nname = \"edge\"\npackages = [\"cli\", \"core\"]\n",
    );
    repo.commit("chore: release groups");
    repo.write("crates/cli/src/main.rs", "fn main() { 1; }\n");
    repo.commit("feat(cli)!: new flags");
    // cli 0.1.0 + breaking = 0.2.0; core (0.4.0) shares the group's version, counted from
    // the highest member: 0.4.0 + breaking = 0.5.0 for both. api requires core, so it
    // releases a patch.
    let run = repo.relman(&["next", "--explain"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "api 1.2.1\ncli 0.5.0\ncore 0.5.0\n", "{run:?}");
    assert!(
        run.stderr
            .contains("api (crates/api/):\n  releases because it depends on core, which releases"),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("core (crates/core/):\n  releases because its group edge releases"),
        "{run:?}"
    );
    // One package asked for is decided as the release of all decides it.
    let api = repo.relman(&["next", "-p", "api"]);
    assert_eq!(api.stdout, "1.2.1\n", "{api:?}");
    assert!(
        api.stderr.contains("releases because it depends on core"),
        "{api:?}"
    );
    // Each member keeps its own past: cli goes from its own 0.1.0.
    let dry = repo.relman(&["release", "--dry-run", "-p", "cli", "--date", "2026-12-05"]);
    assert!(dry.stdout.contains("release cli 0.1.0 -> 0.5.0"), "{dry:?}");
    assert!(
        dry.stdout.contains("release core 0.4.0 -> 0.5.0"),
        "{dry:?}"
    );
    let release = repo.relman(&["release", "-p", "cli", "--date", "2026-12-05"]);
    assert_eq!(release.code, 0, "{release:?}");
    assert_eq!(
        subject(&repo),
        "chore(release): api 1.2.1, cli 0.5.0, core 0.5.0"
    );
    let (_, refs) = repo.snapshot_refs();
    for tag in ["api-v1.2.1 ", "cli-v0.5.0 ", "core@0.5.0 "] {
        assert!(refs.iter().any(|r| r.starts_with(tag)), "{tag}: {refs:?}");
    }
    let api = repo.read("crates/api/Cargo.toml");
    assert!(api.contains("version = \"1.2.1\""), "{api}");
    assert!(api.contains("version = \"0.5.0\" }"), "{api}");
    // api's changelog says why it released.
    let changelog = repo.read("crates/api/CHANGELOG.md");
    assert!(
        changelog.contains("## [1.2.1] - 2026-12-05\n\n### Dependencies\n\n- core 0.5.0\n"),
        "{changelog}"
    );
    assert_eq!(status(&repo), "");
}

#[test]
fn a_group_that_names_no_package_is_refused_with_its_place() {
    let mut repo = cargo_workspace();
    repo.write(
        "release.toml",
        "[[groups]]\npackages = [\"core\", \"nope\"]\n",
    );
    repo.commit("chore: a bad group");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("release.toml:1:1: [[groups]] \"core+nope\": no package \"nope\"; the packages are api, cli, core"),
        "{run:?}"
    );
    repo.write("release.toml", "[[groups]]\npackages = [\"core\"]\n");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("two or more packages"), "{run:?}");
}

#[test]
fn changelog_and_render_without_package_cover_each_releasing_package() {
    let mut repo = cargo_workspace();
    repo.write("crates/api/src/lib.rs", "pub fn api() { 2 }\n");
    repo.commit("feat(api): pagination");
    repo.write("crates/core/src/lib.rs", "pub fn core() { 3 }\n");
    repo.commit("fix(core): overflow");
    let run = repo.relman(&["changelog"]);
    assert_eq!(run.code, 0, "{run:?}");
    let api = run
        .stdout
        .find("<!-- api (crates/api/CHANGELOG.md) -->")
        .unwrap();
    let core = run
        .stdout
        .find("<!-- core (crates/core/CHANGELOG.md) -->")
        .unwrap();
    assert!(api < core, "{run:?}");
    assert!(run.stdout[api..core].contains("pagination"), "{run:?}");
    assert!(!run.stdout[api..core].contains("overflow"), "{run:?}");
    assert!(run.stdout[core..].contains("overflow"), "{run:?}");
    assert!(!run.stdout.contains("cli"), "{run:?}");
    // Two named packages: the same, for those two.
    let two = repo.relman(&["changelog", "-p", "core", "-p", "cli"]);
    assert_eq!(two.code, 0, "{two:?}");
    assert!(two.stdout.starts_with("<!-- core "), "{two:?}");
    // A flag that writes one file needs one package.
    let refused = repo.relman(&["changelog", "--prepend", "CHANGELOG.md"]);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(
        refused
            .stderr
            .contains("--prepend works on one package's changelog"),
        "{refused:?}"
    );
    let notes = repo.relman(&["render", "notes", "--date", "2026-12-05"]);
    assert_eq!(notes.code, 0, "{notes:?}");
    assert!(notes.stdout.contains("<!-- api "), "{notes:?}");
    assert!(notes.stdout.contains("<!-- core "), "{notes:?}");
}

#[test]
fn fixtures_are_left_out_release_false_excludes_and_init_writes_what_was_found() {
    let mut repo = cargo_workspace().with_identity();
    repo.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\", \"examples/*\"]\nresolver = \"2\"\n",
    )
    .write(
        "examples/demo/Cargo.toml",
        "[package]\nname = \"demo\"\nversion = \"0.2.0\"\n",
    )
    .write("examples/demo/src/main.rs", "fn main() {}\n");
    repo.commit("feat: a demo");
    repo.write("crates/cli/src/main.rs", "fn main() { 1; }\n");
    repo.commit("feat(cli): flags");
    // The demo (no tag, under examples/) is no package; cli (no tag yet) is (0.x: a
    // feature is a patch).
    let run = repo.relman(&["next"]);
    assert_eq!(run.stdout, "cli 0.1.1\n", "{run:?}");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    let config = repo.read("release.toml");
    for table in [
        "[[packages]]\nname = \"api\"\npath = \"crates/api\"\ntag = \"{name}-v{version}\"  # latest api-v1.2.0\n",
        "[[packages]]\nname = \"core\"\npath = \"crates/core\"\ntag = \"{name}@{version}\"  # latest core@0.4.0\n",
        "[[packages]]\nname = \"cli\"\npath = \"crates/cli\"\ntag = \"{name}-v{version}\"  # no tag yet\n",
    ] {
        assert!(config.contains(table), "{table}\n---\n{config}");
    }
    assert!(!config.contains("demo"), "{config}");
    // What init wrote gives the same answer, and `release = false` leaves cli out.
    assert_eq!(repo.relman(&["next"]).stdout, "cli 0.1.1\n");
    repo.write(
        "release.toml",
        &config.replace(
            "name = \"cli\"\npath = \"crates/cli\"\n",
            "name = \"cli\"\npath = \"crates/cli\"\nrelease = false\n",
        ),
    );
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
    let refused = repo.relman(&["next", "-p", "cli"]);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(refused.stderr.contains("release = false"), "{refused:?}");
}

#[test]
fn a_scope_map_gives_a_commit_to_a_package_whatever_files_it_changes() {
    let mut repo = cargo_workspace();
    repo.write(
        "release.toml",
        "[[packages]]\nname = \"api\"\nscopes = [\"api\", \"http\"]\n",
    );
    repo.commit("chore: scopes");
    // Only shared files change, but the scope names api.
    repo.write("docs/http.md", "# HTTP\n");
    repo.commit("feat(http): document the endpoints");
    let run = repo.relman(&["next"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "api 1.3.0\n", "{run:?}");
    let changelog = repo.relman(&["changelog", "-p", "api"]);
    assert!(
        changelog.stdout.contains("document the endpoints"),
        "{changelog:?}"
    );
    let core = repo.relman(&["changelog", "-p", "core"]);
    assert!(!core.stdout.contains("endpoints"), "{core:?}");
}

#[test]
fn two_packages_writing_one_version_file_are_refused_before_anything_is_written() {
    let mut repo = TestRepo::new().with_identity();
    repo.write("site/VERSION", "0.3.0\n")
        .write("site/api/VERSION", "0.3.0\n")
        .write(
            "release.toml",
            "[[packages]]\nname = \"docs\"\npath = \"site\"\nfiles = [\"VERSION\", \"api/VERSION\"]\n\n[[packages]]\nname = \"siteapi\"\npath = \"site/api\"\nfiles = [\"VERSION\"]\n",
        );
    repo.commit("chore: init");
    repo.tag("docs-v0.3.0").tag("siteapi-v0.3.0");
    repo.write("site/index.md", "# Docs\n");
    repo.commit("feat: docs");
    repo.write("site/api/main.rs", "fn main() {}\n");
    repo.commit("feat!: api");
    let run = repo.relman(&["release", "--date", "2026-12-05"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("site/api/VERSION:1:1: two packages released together would write"),
        "{run:?}"
    );
    assert_eq!(repo.read("site/api/VERSION"), "0.3.0\n");
    assert_eq!(status(&repo), "");
}

#[test]
fn allow_dirty_names_the_uncommitted_changes_a_release_would_commit() {
    let mut repo = cargo_workspace_locked();
    repo.write("crates/core/src/lib.rs", "pub fn core() { 3 }\n");
    repo.commit("fix(core): overflow");
    // api is not released; its manifest is, for its requirement on core.
    let api = repo.read("crates/api/Cargo.toml");
    repo.write("crates/api/Cargo.toml", &format!("{api}# a local note\n"));
    let run = repo.relman(&["release", "--allow-dirty", "--dry-run"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains(
            "crates/api/Cargo.toml: has changes that are not committed, and the release commit will hold them"
        ),
        "{run:?}"
    );
}

#[test]
fn a_workspace_version_moves_the_lock_entries_and_the_requirements_of_its_crates() {
    let mut repo = TestRepo::new().with_identity();
    repo.write(
        "Cargo.toml",
        "[workspace]\nmembers = [\"crates/*\"]\n\n[workspace.package]\nversion = \"0.4.0\"\n\n[workspace.dependencies]\ncore = { path = \"crates/core\", version = \"0.4.0\" }\n",
    )
    .write(
        "crates/core/Cargo.toml",
        "[package]\nname = \"core\"\nversion.workspace = true\n",
    )
    .write("crates/core/src/lib.rs", "pub fn core() {}\n")
    .write(
        "crates/api/Cargo.toml",
        "[package]\nname = \"api\"\nversion.workspace = true\n\n[dependencies]\ncore.workspace = true\n",
    )
    .write("crates/api/src/lib.rs", "pub fn api() {}\n")
    .write(
        "Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"api\"\nversion = \"0.4.0\"\n\n[[package]]\nname = \"core\"\nversion = \"0.4.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"0.4.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    );
    repo.commit("chore: init");
    repo.tag("v0.4.0");
    repo.write("crates/core/src/lib.rs", "pub fn core() { 1 }\n");
    repo.commit("feat(core)!: break core");
    let run = repo.relman(&["release", "--date", "2026-12-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    let root = repo.read("Cargo.toml");
    assert!(
        root.contains("[workspace.package]\nversion = \"0.5.0\""),
        "{root}"
    );
    assert!(
        root.contains("core = { path = \"crates/core\", version = \"0.5.0\" }"),
        "{root}"
    );
    let lock = repo.read("Cargo.lock");
    assert!(
        lock.contains("name = \"api\"\nversion = \"0.5.0\""),
        "{lock}"
    );
    assert!(
        lock.contains("name = \"core\"\nversion = \"0.5.0\""),
        "{lock}"
    );
    // A registry crate at the same version is not the workspace's.
    assert!(
        lock.contains("name = \"serde\"\nversion = \"0.4.0\""),
        "{lock}"
    );
    assert_eq!(status(&repo), "");
}

#[test]
fn two_scoped_packages_with_one_bare_name_keep_their_scopes_in_their_tags() {
    // app is @beta/ui here: another scope, the same bare name.
    let mut repo = npm_workspace("{\n  \"name\": \"@beta/ui\",\n  \"version\": \"2.0.0\"\n}\n");
    repo.commit("chore: init");
    repo.tag("ui@2.0.0");
    repo.write("packages/app/index.js", "export {}\n");
    repo.commit("fix: beta");
    let run = repo.relman(&["release", "--date", "2026-12-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    let (_, refs) = repo.snapshot_refs();
    assert!(
        refs.iter().any(|r| r.starts_with("@beta/ui@2.0.1 ")),
        "{refs:?}"
    );
    // `ui@…` is nobody's: @acme/ui is not at 2.0.1.
    repo.write("packages/ui/index.js", "export {}\n");
    repo.commit("fix: acme");
    let next = repo.relman(&["next"]);
    assert_eq!(next.stdout, "@acme/ui 2.0.1\n", "{next:?}");
}

#[test]
fn a_declared_tag_template_that_names_no_tag_is_said() {
    let mut repo = cargo_workspace();
    repo.write(
        "release.toml",
        "[[packages]]\nname = \"api\"\ntag = \"api/v{version}\"\n",
    );
    repo.commit("chore: api tags");
    let run = repo.relman(&["next", "-p", "api"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains("release.toml gives \"api\" the tags api/v{version}, but none exists; its releases are tagged api-v{version}"),
        "{run:?}"
    );
}

#[test]
fn a_workspace_protocol_range_the_release_leaves_behind_is_named() {
    let mut repo = npm_workspace(
        "{\n  \"name\": \"@acme/app\",\n  \"version\": \"1.0.0\",\n  \"dependencies\": { \"@acme/ui\": \"workspace:^2.0.0\" },\n  \"devDependencies\": { \"@acme/ui\": \"workspace:*\" }\n}\n",
    );
    repo.commit("chore: workspace");
    repo.tag("@acme/ui@2.0.0").tag("@acme/app@1.0.0");
    repo.write("packages/ui/index.js", "export {}\n");
    repo.commit("feat!: new buttons");
    let run = repo.relman(&["release", "--dry-run"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr.contains(
            "\"dependencies\" @acme/ui is workspace:^2.0.0, which does not admit @acme/ui 3.0.0"
        ),
        "{run:?}"
    );
    assert!(!run.stderr.contains("devDependencies"), "{run:?}");
    // Left as written.
    assert!(!run.stdout.contains("+  \"dependencies\""), "{run:?}");
}

#[test]
fn the_package_at_the_root_moves_its_packaging_files_as_a_single_package_does() {
    let mut repo = TestRepo::new().with_identity();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"tool\"\nversion = \"2.0.0\"\n\n[workspace]\nmembers = [\"crates/*\"]\n",
    )
    .write("src/main.rs", "fn main() {}\n")
    .write(
        "crates/core/Cargo.toml",
        "[package]\nname = \"core\"\nversion = \"0.4.0\"\n",
    )
    .write("crates/core/src/lib.rs", "pub fn core() {}\n")
    .write("snapcraft.yaml", "name: tool\nversion: \"2.0.0\"\n");
    repo.commit("chore: initial workspace");
    repo.tag("v2.0.0").tag("core-v0.4.0");
    repo.write("src/main.rs", "fn main() { 1; }\n");
    repo.commit("feat: colours");
    let init = repo.relman(&["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    assert!(
        init.stdout
            .contains("the one at the root also in snapcraft.yaml"),
        "{init:?}"
    );
    repo.commit("chore: relman config");
    let run = repo.relman(&["release", "--date", "2026-12-05"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        repo.read("snapcraft.yaml"),
        "name: tool\nversion: \"2.1.0\"\n"
    );
    // The member without commits is not released; its files stay.
    assert!(repo.read("crates/core/Cargo.toml").contains("0.4.0"));
}
