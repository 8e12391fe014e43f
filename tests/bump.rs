//! `relman bump` writes the version everywhere, keeping formatting, all or nothing.

mod common;

use common::TestRepo;

const CARGO: &str = "[package]\nname = \"demo\"  # the crate\nversion   = \"1.2.3\" # keep me\nedition = \"2021\"\n\n[dependencies]\nserde = { version = \"1.0.0\" }\n";
const LOCK: &str = "version = 4\n\n[[package]]\nname = \"demo\"\nversion = \"1.2.3\"\n\n[[package]]\nname = \"serde\"\nversion = \"1.2.3\"\n";
const PACKAGE: &str = "{\n    \"name\": \"demo\",\n    \"dependencies\": { \"version\": \"1.2.3\" },\n    \"version\": \"1.2.3\"\n}\n";

fn released() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.2.3\n")
        .write("Cargo.toml", CARGO)
        .write("Cargo.lock", LOCK)
        .write("package.json", PACKAGE);
    repo.commit("feat: first");
    repo.tag("v1.2.3");
    repo.commit("feat(cli): new flag");
    repo
}

#[test]
fn bump_writes_every_known_file_and_keeps_formatting() {
    let repo = released();
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "1.2.3 -> 1.3.0\n");
    assert_eq!(repo.read("VERSION"), "1.3.0\n");
    assert_eq!(
        repo.read("Cargo.toml"),
        CARGO.replace("version   = \"1.2.3\"", "version   = \"1.3.0\"")
    );
    assert_eq!(
        repo.read("Cargo.lock"),
        "version = 4\n\n[[package]]\nname = \"demo\"\nversion = \"1.3.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"1.2.3\"\n"
    );
    assert_eq!(
        repo.read("package.json"),
        "{\n    \"name\": \"demo\",\n    \"dependencies\": { \"version\": \"1.2.3\" },\n    \"version\": \"1.3.0\"\n}\n"
    );
    assert!(run.stderr.contains("wrote Cargo.toml:3:"), "{run:?}");
    // Twice gives the same files: the next version is computed from the tag.
    let again = repo.relman(&["bump"]);
    assert_eq!(again.stdout, "1.3.0 -> 1.3.0\n", "{again:?}");
    assert_eq!(repo.read("VERSION"), "1.3.0\n");
}

#[test]
fn dry_run_writes_nothing() {
    let repo = released();
    let run = repo.relman(&["bump", "--dry-run"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "1.2.3 -> 1.3.0\n");
    assert!(run.stderr.contains("would write VERSION"), "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.2.3\n");
    assert_eq!(repo.read("Cargo.toml"), CARGO);
}

#[test]
fn disagreeing_files_are_refused_and_named() {
    let mut repo = released();
    repo.write(
        "package.json",
        &PACKAGE.replace("\"version\": \"1.2.3\"\n", "\"version\": \"1.2.2\"\n"),
    );
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("disagree"), "{run:?}");
    assert!(
        run.stderr
            .contains("package.json:4:17 (\"version\"): 1.2.2"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("VERSION:1:1 (line 1): 1.2.3"),
        "{run:?}"
    );
    assert_eq!(repo.read("VERSION"), "1.2.3\n");
}

#[test]
fn pyproject_and_workspace_cargo() {
    let mut repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"x\"\nversion = '0.4.0'\n",
    )
    .write(
        "Cargo.toml",
        "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"0.4.0\"\n",
    );
    repo.commit("fix: first");
    repo.tag("v0.4.0");
    repo.commit("fix: second");
    let run = repo.relman(&["bump"]);
    assert_eq!(run.stdout, "0.4.0 -> 0.4.1\n", "{run:?}");
    assert_eq!(
        repo.read("pyproject.toml"),
        "[project]\nname = \"x\"\nversion = '0.4.1'\n"
    );
    assert_eq!(
        repo.read("Cargo.toml"),
        "[workspace]\nmembers = []\n\n[workspace.package]\nversion = \"0.4.1\"\n"
    );
}

#[test]
fn patterns_with_exact_counts() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "2.0.0\n")
        .write("README.md", "Install `tool@2.0.0`.\n\nOr pin tool@2.0.0 in CI.\n")
        .write("deploy.yaml", "image: tool:2.0.0\nreplicas: 2\n")
        .write(
            "release.toml",
            "[version]\n\n[[version.patterns]]\npath = \"README.md\"\nliteral = \"tool@{version}\"\ncount = 2\n\n[[version.patterns]]\npath = \"deploy.yaml\"\nregex = 'image: tool:(?<version>\\S+)'\n",
        );
    repo.commit("feat: first");
    repo.tag("v2.0.0");
    repo.commit("fix: x");
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        repo.read("README.md"),
        "Install `tool@2.0.1`.\n\nOr pin tool@2.0.1 in CI.\n"
    );
    assert_eq!(repo.read("deploy.yaml"), "image: tool:2.0.1\nreplicas: 2\n");
    assert_eq!(repo.read("VERSION"), "2.0.1\n");
}

#[test]
fn pattern_with_the_wrong_count_fails_before_writing() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "2.0.0\n")
        .write("README.md", "Install `tool@2.0.0`.\n")
        .write(
            "release.toml",
            "[[version.patterns]]\npath = \"README.md\"\nliteral = \"tool@{version}\"\ncount = 2\n",
        );
    repo.commit("feat: first");
    repo.tag("v2.0.0");
    repo.commit("fix: x");
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("README.md: the literal \"tool@{version}\" matches 1 time(s) (at README.md:1:15), but release.toml says count = 2"), "{run:?}");
    assert_eq!(repo.read("VERSION"), "2.0.0\n");
}

#[test]
fn unparsable_version_field_names_file_line_column() {
    let mut repo = TestRepo::new();
    repo.write("Cargo.toml", "[package]\nname = \"x\"\nversion = \"1.2\"\n");
    repo.commit("feat: first");
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("Cargo.toml:3:12"), "{run:?}");
    assert!(run.stderr.contains("not SemVer"), "{run:?}");
}

#[test]
fn configured_file_without_version_is_an_error() {
    let mut repo = TestRepo::new();
    repo.write("package.json", "{\"name\": \"x\"}\n")
        .write("VERSION", "1.0.0\n")
        .write("release.toml", "[version]\nfiles = [\"package.json\"]\n");
    repo.commit("feat: first");
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("package.json: holds no version field"),
        "{run:?}"
    );
}

#[test]
#[cfg(feature = "test-hooks")]
fn a_write_failure_restores_everything() {
    let repo = released();
    // package.json is written after VERSION and Cargo.toml, which must get their bytes back.
    let run = common::relman_env(
        repo.path(),
        &["bump"],
        &[("RELMAN_TEST_FAIL_WRITE", "package.json")],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("package.json: cannot write"), "{run:?}");
    assert!(run.stderr.contains("restored"), "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.2.3\n");
    assert_eq!(repo.read("Cargo.toml"), CARGO);
    assert_eq!(repo.read("Cargo.lock"), LOCK);
    assert_eq!(repo.read("package.json"), PACKAGE);
}

#[test]
fn nothing_to_release_writes_nothing() {
    let repo = {
        let mut repo = TestRepo::new();
        repo.write("VERSION", "1.0.0\n");
        repo.commit("feat: a");
        repo.tag("v1.0.0");
        repo.commit("docs: b");
        repo
    };
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "1.0.0\n");
    assert!(run.stderr.contains("nothing to release"), "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.0.0\n");
}

#[test]
fn default_source_is_written_even_when_files_leave_it_out() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.0.0\n")
        .write("package.json", "{\"version\": \"1.0.0\"}\n")
        .write("release.toml", "[version]\nfiles = [\"package.json\"]\n");
    repo.commit("chore: i");
    repo.tag("v1.0.0");
    repo.commit("feat: x");
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("VERSION"), "1.1.0\n");
    assert_eq!(repo.read("package.json"), "{\"version\": \"1.1.0\"}\n");
}

#[test]
fn workspace_root_with_package_writes_both_and_local_lock_entries() {
    let mut repo = TestRepo::new();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"root\"\nversion = \"1.0.0\"\n\n[workspace]\nmembers = [\"a\"]\n\n[workspace.package]\nversion = \"1.0.0\"\n",
    )
    .write(
        "Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"root\"\nversion = \"1.0.0\"\n\n[[package]]\nname = \"serde\"\nversion = \"1.0.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n",
    );
    repo.commit("chore: i");
    repo.tag("v1.0.0");
    repo.commit("fix: x");
    let run = repo.relman(&["bump"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(repo.read("Cargo.toml").matches("\"1.0.1\"").count(), 2);
    let lock = repo.read("Cargo.lock");
    assert_eq!(lock.matches("version = \"1.0.1\"").count(), 2, "{lock}");
    assert!(
        lock.contains("name = \"serde\"\nversion = \"1.0.0\""),
        "{lock}"
    );
}

#[test]
fn empty_version_file_is_an_error() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "\n");
    repo.commit("fix: i");
    let run = repo.relman(&["version"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("VERSION: the file is there but holds no version"),
        "{run:?}"
    );
}

#[test]
#[cfg(feature = "test-hooks")]
fn stdout_stays_empty_when_the_write_fails() {
    let repo = released();
    let run = common::relman_env(
        repo.path(),
        &["bump"],
        &[("RELMAN_TEST_FAIL_WRITE", "VERSION")],
    );
    assert_eq!(run.code, 2, "{run:?}");
    assert_eq!(run.stdout, "", "{run:?}");
}

#[test]
fn a_placeholder_version_is_neither_read_nor_written() {
    // semantic-release's convention: package.json never holds the version; the tags do.
    let mut repo = TestRepo::new();
    let package = "{\n  \"name\": \"lib\",\n  \"version\": \"0.0.0-semantic-release\"\n}\n";
    let pyproject = "[project]\nname = \"lib-docs\"\nversion = \"0.0.0\"\n";
    repo.write("package.json", package)
        .write("pyproject.toml", pyproject);
    repo.commit("feat: first");
    repo.tag("v4.1.0");
    repo.commit("fix: a bug");
    let next = repo.relman(&["next"]);
    assert_eq!(next.code, 0, "{next:?}");
    assert_eq!(next.stdout, "4.1.1\n");
    assert!(
        next.stderr
            .contains("package.json holds 0.0.0-semantic-release, a placeholder"),
        "{next:?}"
    );
    assert!(
        next.stderr
            .contains("pyproject.toml holds 0.0.0, a placeholder"),
        "{next:?}"
    );
    let json = repo.relman(&["next", "--format", "json"]);
    assert!(
        json.stdout.contains("\"source\": \"tag v4.1.0\""),
        "{json:?}"
    );
    let bump = repo.relman(&["bump"]);
    assert_eq!(bump.code, 0, "{bump:?}");
    assert_eq!(bump.stdout, "4.1.0 -> 4.1.1\n");
    assert_eq!(repo.read("package.json"), package);
    assert_eq!(repo.read("pyproject.toml"), pyproject);
    // The lint does not call the placeholder a second version.
    let lint = repo.relman(&["lint"]);
    assert_eq!(lint.code, 0, "{lint:?}");
    // Named in [version] files, it is the user's choice: written.
    repo.write("release.toml", "[version]\nfiles = [\"package.json\"]\n");
    let named = repo.relman(&["bump"]);
    assert_eq!(named.code, 0, "{named:?}");
    assert!(repo.read("package.json").contains("\"version\": \"4.1.1\""));
}

#[test]
fn a_bare_zero_version_without_tags_is_the_version() {
    let mut repo = TestRepo::new();
    repo.write(
        "package.json",
        "{\n  \"name\": \"lib\",\n  \"version\": \"0.0.0\"\n}\n",
    );
    repo.commit("feat: first");
    let next = repo.relman(&["next", "--format", "json"]);
    assert!(
        next.stdout.contains("\"source\": \"package.json\""),
        "{next:?}"
    );
    assert!(!next.stderr.contains("placeholder"), "{next:?}");
}
