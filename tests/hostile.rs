//! The hostile corpus (`fixtures/hostile/scenarios.toml`): repositories built to turn
//! relman against its user. Every command on every one of them must exit 0, 1 or 2, never
//! panic or hang, never write outside the work tree, never print a secret from its
//! environment or the remote URL, never write a terminal control character, and change
//! nothing when it refuses.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::FileTypeExt as _;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use common::{Snapshot, TestRepo};

const SECRET: &str = "hunter2-not-for-your-eyes";
const DATE: &str = "2024-06-01";

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    scenario: Vec<Scenario>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Scenario {
    name: String,
    #[serde(default)]
    files: BTreeMap<String, String>,
    #[serde(default)]
    links: BTreeMap<String, String>,
    #[serde(default)]
    fifos: Vec<String>,
    config: Option<String>,
    remote: Option<String>,
    commits: Vec<String>,
    run: Vec<Vec<String>>,
}

/// Every file below `dir` with its bytes (links as their targets, never followed).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    common::work_tree_files(dir)
}

/// The work tree with links as links (a snapshot would follow them into /dev/zero).
fn work_tree(repo: &TestRepo) -> BTreeMap<String, Vec<u8>> {
    common::work_tree_files(repo.path())
}

fn state(repo: &TestRepo) -> (BTreeMap<String, Vec<u8>>, Snapshot) {
    let mut snap = Snapshot {
        files: BTreeMap::new(),
        index: std::fs::read(repo.path().join(".git/index")).unwrap_or_default(),
        head: String::new(),
        tags: Vec::new(),
    };
    let s = repo.snapshot_refs();
    snap.head = s.0;
    snap.tags = s.1;
    (work_tree(repo), snap)
}

fn build(scenario: &Scenario, outside: &Path) -> TestRepo {
    let expand = |s: &str| {
        s.replace("{outside}", &outside.to_string_lossy())
            .replace("{secret}", SECRET)
            .replace("{huge}", &"word ".repeat(200_000))
    };
    let mut repo = TestRepo::new().with_identity();
    if let Some(remote) = &scenario.remote {
        repo.repo.remote("origin", &expand(remote)).unwrap();
    }
    repo.write("VERSION", "1.0.0\n").write(
        "CHANGELOG.md",
        "# Changelog\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- first\n",
    );
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    for (path, content) in &scenario.files {
        repo.write(path, &expand(content));
    }
    if let Some(config) = &scenario.config {
        repo.write("release.toml", &expand(config));
    }
    for (path, target) in &scenario.links {
        let full = repo.path().join(path);
        let _ = std::fs::remove_file(&full);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(expand(target), &full).unwrap();
    }
    for fifo in &scenario.fifos {
        let full = repo.path().join(fifo);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        assert!(Command::new("mkfifo")
            .arg(&full)
            .status()
            .unwrap()
            .success());
    }
    for message in &scenario.commits {
        repo.commit(&expand(message));
    }
    repo
}

/// Run relman with a deadline; None when it had to be killed.
fn run_bounded(dir: &Path, args: &[String]) -> Option<(i32, String, String)> {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    args.extend(["--color", "never"]);
    let env = [
        ("SOURCE_DATE_EPOCH", "1717200000"),
        ("RELMAN_SECRET", SECRET),
    ];
    let run = common::relman_bounded(dir, &args, &env, Duration::from_secs(30));
    (run.code != common::KILLED).then_some((run.code, run.stdout, run.stderr))
}

fn no_control(text: &[u8]) -> bool {
    !text.contains(&0x1b) && !text.contains(&0x07)
}

#[test]
fn the_hostile_corpus_cannot_turn_relman_against_its_user() {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hostile/scenarios.toml"),
    )
    .unwrap();
    let corpus: Corpus = toml_edit::de::from_str(&text).unwrap();
    assert!(corpus.scenario.len() >= 15);
    let mut failures = Vec::new();
    for scenario in &corpus.scenario {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("VERSION"), "1.0.0\n").unwrap();
        std::fs::write(outside.path().join("README.md"), "v1.0.0\n").unwrap();
        std::fs::create_dir(outside.path().join("templates")).unwrap();
        std::fs::write(
            outside.path().join("templates/notes.md.tera"),
            "{{ get_env(name=\"RELMAN_SECRET\") }}\n",
        )
        .unwrap();
        let outside_before = tree(outside.path());
        let repo = build(scenario, outside.path());
        for args in &scenario.run {
            let mut args = args.clone();
            if matches!(args[0].as_str(), "release" | "changelog" | "render")
                && !args.contains(&"--format".to_string())
            {
                args.extend(["--date".to_string(), DATE.to_string()]);
            }
            let what = format!("{}: relman {}", scenario.name, args.join(" "));
            let before = state(&repo);
            let Some((code, stdout, stderr)) = run_bounded(repo.path(), &args) else {
                failures.push(format!("{what}: still running after 30 s"));
                continue;
            };
            let shown = format!(
                "{what}: exit {code}\n--- stdout\n{}\n--- stderr\n{stderr}",
                &stdout[..stdout.len().min(2000)]
            );
            if !(0..=2).contains(&code) {
                failures.push(format!("{shown}\n(exit is not 0, 1 or 2)"));
            }
            if stderr.contains("panicked") || stderr.contains("stack overflow") {
                failures.push(format!("{shown}\n(panic)"));
            }
            if stdout.contains(SECRET) || stderr.contains(SECRET) {
                failures.push(format!("{what}: printed the secret"));
            }
            if !no_control(stdout.as_bytes()) || !no_control(stderr.as_bytes()) {
                failures.push(format!("{what}: printed a terminal control character"));
            }
            if tree(outside.path()) != outside_before {
                failures.push(format!("{what}: wrote outside the work tree"));
            }
            let after = state(&repo);
            if code == 2 && after != before {
                failures.push(format!("{shown}\n(refused, but changed the repository)"));
            }
            for (path, bytes) in &after.0 {
                if before.0.get(path) != Some(bytes) {
                    if !no_control(bytes) {
                        failures.push(format!("{what}: wrote a control character into {path}"));
                    }
                    if bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()) {
                        failures.push(format!("{what}: wrote the secret into {path}"));
                    }
                }
            }
        }
        assert!(std::fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
