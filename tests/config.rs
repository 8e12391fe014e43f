//! `relman config`: the resolved settings with every default filled in and the origin of
//! each value; and release.toml checked, every key of every table, by every command.

mod common;

use common::{relman_in, TestRepo};

#[test]
fn config_without_a_file_prints_every_default() {
    let repo = TestRepo::new();
    let run = repo.relman(&["config", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(value["file"].is_null(), "{value}");
    assert_eq!(value["settings"]["changelog"]["path"], "CHANGELOG.md");
    assert_eq!(value["settings"]["templates"]["dir"], "templates");
    assert_eq!(value["settings"]["version"]["pre-major-feat"], "patch");
    assert_eq!(value["origins"]["changelog.path"], "default");
    // No version file and no tag: the version comes from tags.
    assert_eq!(value["settings"]["version"]["source"], "tag");
    let text = repo.relman(&["config"]);
    assert!(
        text.stdout.starts_with("# No release.toml"),
        "{}",
        text.stdout
    );
}

#[test]
fn config_says_where_each_value_came_from() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.2.3\n").write(
        "release.toml",
        "[version]\ntag-prefix = \"app-v\"\n\n[changelog]\npath = \"docs/HISTORY.md\"\n\n[lint.rules]\nfence = \"off\"\n",
    );
    let run = repo.relman(&["config", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let settings = &value["settings"];
    let origins = &value["origins"];
    assert_eq!(settings["version"]["tag-prefix"], "app-v");
    assert_eq!(origins["version.tag-prefix"], "release.toml:2:1");
    assert_eq!(settings["changelog"]["path"], "docs/HISTORY.md");
    assert_eq!(origins["changelog.path"], "release.toml:5:1");
    assert_eq!(settings["lint"]["rules"]["fence"], "off");
    assert_eq!(origins["lint.rules.fence"], "release.toml:8:1");
    // The source nobody declared is the file found at the root.
    assert_eq!(settings["version"]["source"], "VERSION");
    assert!(origins["version.source"]
        .as_str()
        .unwrap()
        .starts_with("detected"));
    assert_eq!(origins["templates.dir"], "default");

    // The TOML form carries the same origins as comments, and loads as a release.toml.
    let toml = repo.relman(&["config"]);
    assert_eq!(toml.code, 0, "{toml:?}");
    assert!(
        toml.stdout
            .contains("tag-prefix = \"app-v\"  # release.toml:2:1"),
        "{}",
        toml.stdout
    );
    assert!(toml.stdout.contains("dir = \"templates\"  # default"));
    let copy = TestRepo::new();
    std::fs::write(copy.path().join("release.toml"), &toml.stdout).unwrap();
    let again = relman_in(copy.path(), &["config", "--format", "json"]);
    assert_eq!(again.code, 0, "{again:?}");
    let reloaded: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(reloaded["settings"]["changelog"], settings["changelog"]);
    assert_eq!(reloaded["settings"]["lint"], settings["lint"]);
    // The copy has no VERSION file: its detected source differs, the rest of [version] not.
    let mut version = reloaded["settings"]["version"].clone();
    version["source"] = settings["version"]["source"].clone();
    assert_eq!(version, settings["version"]);
}

#[test]
fn printed_defaults_keep_their_meaning_when_the_output_is_loaded_again() {
    // No release.toml: the tag prefix (read with or without `v`), the version files and the
    // detected source are not single values; written down they would change what relman does.
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.2.3\n");
    let toml = repo.relman(&["config"]);
    assert_eq!(toml.code, 0, "{toml:?}");
    for line in [
        "# tag-prefix = \"v\"",
        "# files = [",
        "# source = \"VERSION\"",
    ] {
        assert!(toml.stdout.contains(line), "{line}: {}", toml.stdout);
    }
    assert!(!toml.stdout.contains("\ntag-prefix ="), "{}", toml.stdout);
    let json = |dir: &std::path::Path| -> serde_json::Value {
        let run = relman_in(dir, &["config", "--format", "json"]);
        assert_eq!(run.code, 0, "{run:?}");
        serde_json::from_str(&run.stdout).unwrap()
    };
    let before = json(repo.path());
    repo.write("release.toml", &toml.stdout);
    let after = json(repo.path());
    assert_eq!(after["settings"], before["settings"]);
    for key in ["version.tag-prefix", "version.files", "version.source"] {
        assert_eq!(after["origins"][key], before["origins"][key], "{key}");
    }
}

#[test]
fn control_characters_in_values_are_toml_escapes_that_load_again() {
    let mut repo = TestRepo::new();
    repo.write(
        "release.toml",
        "[context]\nnel = \"x\\u0085y\"\nesc = \"a\\u001bb\\\"q\"\n\"k\\u0085\" = \"v\"\n",
    );
    let toml = repo.relman(&["config"]);
    assert_eq!(toml.code, 0, "{toml:?}");
    assert!(
        !toml.stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        toml.stdout
    );
    let copy = TestRepo::new();
    std::fs::write(copy.path().join("release.toml"), &toml.stdout).unwrap();
    let again = relman_in(copy.path(), &["config", "--format", "json"]);
    assert_eq!(again.code, 0, "{again:?}\n{}", toml.stdout);
    let value: serde_json::Value = serde_json::from_str(&again.stdout).unwrap();
    assert_eq!(value["settings"]["context"]["nel"], "x\u{85}y");
    assert_eq!(value["settings"]["context"]["esc"], "a\u{1b}b\"q");
    assert_eq!(value["settings"]["context"]["k\u{85}"], "v");
}

#[test]
fn a_version_file_that_cannot_be_read_fails_config_as_it_fails_next() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "\n");
    let next = repo.relman(&["next"]);
    let config = repo.relman(&["config"]);
    assert_eq!(next.code, 2, "{next:?}");
    assert_eq!(config.code, 2, "{config:?}");
    assert!(config.stderr.contains("VERSION"), "{config:?}");
    assert!(!config.stdout.contains("source = \"tag\""), "{config:?}");
}

#[test]
fn an_unknown_key_in_any_table_stops_every_command_with_its_position() {
    for (text, key, at) in [
        (
            "[hooks]\nbefore-writ = [[\"true\"]]\n",
            "before-writ",
            "2:1",
        ),
        (
            "[lint.rules]\nbroken-links = \"off\"\n",
            "broken-links",
            "2:1",
        ),
        ("[changelog]\n\nsectoins = []\n", "sectoins", "3:1"),
        ("[templates]\ndirectory = \"t\"\n", "directory", "2:1"),
    ] {
        let mut repo = TestRepo::new();
        repo.write("release.toml", text);
        for command in [&["next"][..], &["version"], &["config"], &["lint"]] {
            let run = repo.relman(command);
            assert_eq!(run.code, 2, "{command:?} {text}: {run:?}");
            assert!(
                run.stderr
                    .contains(&format!("release.toml:{at}: unknown field `{key}`")),
                "{command:?}: {run:?}"
            );
        }
    }
}

#[test]
fn a_cargo_release_file_at_the_root_is_not_relmans() {
    // cargo-release reads `release.toml` at a workspace's root too (mozilla/uniffi-rs).
    let mut repo = TestRepo::new();
    repo.write(
        "release.toml",
        "tag-name = \"v{{version}}\"\nconsolidate-commits = true\nrelease = false\n\n\
         [[pre-release-replacements]]\nfile = \"CHANGELOG.md\"\nsearch = \"Unreleased\"\nreplace = \"{{version}}\"\n",
    );
    repo.write("README.md", "# x\n\nSee [the guide](missing.md).\n");
    repo.commit("docs: readme");
    for command in [&["lint"][..], &["next"], &["config"]] {
        let run = repo.relman(command);
        assert_ne!(run.code, 2, "{command:?}: {run:?}");
        assert!(
            run.stderr.contains(
                "release.toml is cargo-release's configuration (`tag-name`, \
                 `consolidate-commits`, `pre-release-replacements`), not relman's"
            ),
            "{command:?}: {run:?}"
        );
        // Once, though `next` opens the workspace twice.
        assert_eq!(
            run.stderr.matches("cargo-release's").count(),
            1,
            "{command:?}: {run:?}"
        );
    }
    // The lint ran: its finding is there.
    let lint = repo.relman(&["lint"]);
    assert_eq!(lint.code, 1, "{lint:?}");
    assert!(lint.stdout.contains("missing.md"), "{lint:?}");
    // Named with --config, it is read as relman's, and its keys are unknown.
    let named = repo.relman(&["--config", "release.toml", "lint"]);
    assert_eq!(named.code, 2, "{named:?}");
    assert!(
        named.stderr.contains("unknown field `tag-name`"),
        "{named:?}"
    );
    // One of relman's tables beside them: relman's file with a mistake in it.
    repo.write(
        "release.toml",
        "tag-name = \"v{{version}}\"\n[version]\nsource = \"tag\"\n",
    );
    let mixed = repo.relman(&["lint"]);
    assert_eq!(mixed.code, 2, "{mixed:?}");
    assert!(
        mixed.stderr.contains("unknown field `tag-name`"),
        "{mixed:?}"
    );
}
