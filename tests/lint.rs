//! `relman lint` on real files: the worked example, every rule's fixtures, the output
//! formats, suppressions, fixes, and bad input.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use common::{relman_in, TestRepo};

fn shared_example() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/lint/release-readiness")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// (line, rule, severity) of every finding in a json report, for one path.
fn findings(stdout: &str, path: &str) -> Vec<(u64, String, String)> {
    let value: serde_json::Value =
        serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    let mut out: Vec<(u64, String, String)> = value
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == path)
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn expected_example(with_commits: bool) -> Vec<(u64, String, String)> {
    let mut rows = vec![
        (1, "placeholder", "error"),
        (1, "mojibake", "error"),
        (3, "mojibake", "error"),
        (5, "placeholder", "error"),
        (9, "version-mismatch", "error"),
        (9, "missing-path", "warning"),
        (10, "broken-link", "error"),
        (11, "broken-link", "error"),
        (18, "fence", "error"),
        (22, "missing-path", "warning"),
        (24, "placeholder", "warning"),
        (25, "placeholder", "error"),
        (27, "mojibake", "error"),
    ];
    if with_commits {
        rows.push((16, "unknown-commit", "warning"));
        rows.push((17, "unknown-commit", "warning"));
    }
    let mut rows: Vec<(u64, String, String)> = rows
        .into_iter()
        .map(|(l, r, s)| (l, r.to_string(), s.to_string()))
        .collect();
    rows.sort();
    rows
}

#[test]
fn release_readiness_example_outside_a_repository() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&shared_example(), dir.path());
    let run = relman_in(dir.path(), &["lint", "docs", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run.stdout, "docs/RELEASE_READINESS.md"),
        expected_example(false),
        "{run:?}"
    );
    assert_eq!(
        findings(&run.stdout, "docs/deploy/ROLLBACK.md"),
        vec![],
        "{run:?}"
    );
}

#[test]
fn release_readiness_example_in_a_repository() {
    let mut repo = TestRepo::new();
    copy_tree(&shared_example(), repo.path());
    repo.commit("docs: release readiness");
    let run = repo.relman(&["lint", "docs", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run.stdout, "docs/RELEASE_READINESS.md"),
        expected_example(true),
        "{run:?}"
    );
}

/// Each rule's fixtures: ok.md has no finding of that rule; bad.md gives exactly bad.expected.
/// The fixture folder is the repository (its other files are link targets); `lint-as.txt`
/// names the file the fixtures are linted as (e.g. CHANGELOG.md), and `repo.txt` makes the
/// folder a git repository (for rules that read history).
#[test]
fn rule_fixtures() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/lint");
    let mut checked = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
        if !dir.join("bad.expected").is_file() {
            continue;
        }
        let mut repo = TestRepo::new();
        copy_tree(&dir, repo.path());
        std::fs::write(repo.path().join("VERSION"), "2.4.0\n").unwrap();
        let (ok, bad) = match std::fs::read_to_string(dir.join("lint-as.txt")) {
            Ok(name) => {
                let name = name.trim();
                for (from, folder) in [("ok.md", "ok"), ("bad.md", "bad")] {
                    std::fs::create_dir_all(repo.path().join(folder)).unwrap();
                    std::fs::rename(repo.path().join(from), repo.path().join(folder).join(name))
                        .unwrap();
                }
                (format!("ok/{name}"), format!("bad/{name}"))
            }
            Err(_) => ("ok.md".to_string(), "bad.md".to_string()),
        };
        if dir.join("repo.txt").is_file() {
            repo.commit("docs: fixtures");
        } else {
            std::fs::remove_dir_all(repo.path().join(".git")).unwrap();
        }
        let ok_run = relman_in(
            repo.path(),
            &["lint", &ok, "--rule", &rule, "--format", "json"],
        );
        assert_eq!(ok_run.code, 0, "{rule} {ok}: {ok_run:?}");
        assert_eq!(ok_run.stdout.trim(), "[]", "{rule} {ok}: {ok_run:?}");
        let bad_run = relman_in(
            repo.path(),
            &["lint", &bad, "--rule", &rule, "--format", "json"],
        );
        let value: serde_json::Value = serde_json::from_str(&bad_run.stdout).unwrap();
        let mut got = String::new();
        for d in value.as_array().unwrap() {
            let _ = writeln!(
                got,
                "{}:{} {} {}: {}",
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            );
        }
        let want = std::fs::read_to_string(dir.join("bad.expected")).unwrap();
        assert_eq!(got, want, "{rule}: {bad}");
        checked += 1;
    }
    assert!(checked >= 8, "fixtures for every rule: {checked}");
}
