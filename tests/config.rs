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
