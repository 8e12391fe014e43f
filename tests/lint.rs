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

fn lint_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, content) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
    dir
}

#[test]
fn clean_tree_exits_zero_with_a_summary() {
    let dir = lint_dir(&[
        (
            "README.md",
            "# Project\n\nSee [the guide](docs/guide.md#install).\n",
        ),
        ("docs/guide.md", "# Guide\n\n## Install\n\nRun it.\n"),
    ]);
    let run = relman_in(dir.path(), &["lint"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "2 files checked: no problems\n");
}

#[test]
fn a_given_file_outside_git_resolves_links_on_disk() {
    let dir = lint_dir(&[
        (
            "README.md",
            "# Project\n\n[a](docs/guide.md#install) [b](docs/guide.md#missing) [c](docs/Guide.md) [d](docs/) [e](docs/nothing.md) [f](node_modules/x.md)\n",
        ),
        ("docs/guide.md", "# Guide\n\n## Install\n\nRun it.\n"),
        ("node_modules/x.md", "# Vendored\n"),
    ]);
    let run = relman_in(dir.path(), &["lint", "--format", "json", "README.md"]);
    assert_eq!(run.code, 1, "{run:?}");
    let found: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    let columns: Vec<(u64, &str)> = found
        .iter()
        .map(|f| (f["column"].as_u64().unwrap(), f["rule"].as_str().unwrap()))
        .collect();
    // `#missing`, the wrong case, the missing file and the skipped folder; not `#install`
    // nor the folder.
    assert_eq!(
        columns,
        [
            (32, "broken-link"),
            (59, "broken-link"),
            (89, "broken-link"),
            (110, "broken-link")
        ],
        "{run:?}"
    );
    assert!(
        found[0]["message"].as_str().unwrap().contains("#missing"),
        "{run:?}"
    );
}

#[test]
fn github_format_is_workflow_commands() {
    let dir = lint_dir(&[("a.md", "# T\n\nSee [x](missing.md) and {{ name }}.\n")]);
    let run = relman_in(dir.path(), &["lint", "--format", "github"]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{run:?}");
    assert!(
        lines[0].starts_with("::error file=a.md,line=3,col=9,title=broken-link::"),
        "{run:?}"
    );
    assert!(
        lines[1].starts_with("::error file=a.md,line=3,col="),
        "{run:?}"
    );
    assert!(lines[1].contains("title=placeholder::"), "{run:?}");
}

#[test]
fn github_annotations_are_errors_unless_warnings_are_asked_for() {
    let dir = lint_dir(&[("a.md", "# T\n\nSee [x](missing.md). TODO: more.\n")]);
    let run = relman_in(dir.path(), &["lint", "--format", "github"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout.lines().count(), 1, "{run:?}");
    assert!(run.stdout.starts_with("::error "), "{run:?}");
    assert!(
        run.stderr.contains("1 error(s), 1 warning(s) (warnings are not annotations: see the step summary, or add --warnings-as-annotations)"),
        "{run:?}"
    );
    let run = relman_in(
        dir.path(),
        &["lint", "--format", "github", "--warnings-as-annotations"],
    );
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{run:?}");
    assert!(
        lines[1].starts_with("::warning file=a.md,line=3,"),
        "{run:?}"
    );
}

#[test]
fn sarif_format_is_sarif_2_1_0() {
    let dir = lint_dir(&[("docs/a.md", "# T\n\nTBD\n")]);
    let run = relman_in(dir.path(), &["lint", "--format", "sarif"]);
    assert_eq!(run.code, 0, "warnings only: {run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "placeholder"));
    let result = &v["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "placeholder");
    assert_eq!(result["level"], "warning");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/a.md"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
}

#[test]
fn suppressions_and_unused_ones() {
    let dir = lint_dir(&[(
        "a.md",
        "# T\n\n<!-- relman-disable-next-line placeholder -->\nFill {{ this }} in.\n\n<!-- relman-disable broken-link -->\n\n[x](nope.md)\n\n<!-- relman-enable broken-link -->\n\n<!-- relman-disable-next-line fence -->\nNothing here.\n",
    )]);
    let run = relman_in(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(u64, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [(12, "unused-suppression")], "{run:?}");
}

#[test]
fn a_suppression_naming_no_rule_is_reported() {
    let dir = lint_dir(&[(
        "a.md",
        "# T\n\n<!-- relman-disable-next-line placeholdr -->\nFill {{ this }} in.\n",
    )]);
    let run = relman_in(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let rules: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["unused-suppression", "placeholder"], "{run:?}");
    assert!(
        v[0]["message"]
            .as_str()
            .unwrap()
            .contains("names no rule `placeholdr`"),
        "{run:?}"
    );
}

#[test]
fn config_turns_rules_off_and_down() {
    let dir = lint_dir(&[
        ("a.md", "# T\n\n[x](nope.md) {{ y }}\n"),
        (
            "release.toml",
            "[lint.rules]\nbroken-link = \"off\"\nplaceholder = \"warning\"\n",
        ),
    ]);
    let run = relman_in(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1, "{run:?}");
    assert_eq!(v[0]["rule"], "placeholder");
    assert_eq!(v[0]["severity"], "warning");
}

#[test]
fn unknown_rule_and_bad_config_are_exit_2() {
    let dir = lint_dir(&[("a.md", "# T\n")]);
    let run = relman_in(dir.path(), &["lint", "--rule", "nope"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("placeholder"),
        "lists the rules: {run:?}"
    );
    std::fs::write(
        dir.path().join("release.toml"),
        "[lint]\npath = [\"docs\"]\n",
    )
    .unwrap();
    let run = relman_in(dir.path(), &["lint"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("release.toml:2:1: unknown field `path`"),
        "{run:?}"
    );
    let run = relman_in(dir.path(), &["lint", "missing.md"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn explain_and_list() {
    let dir = lint_dir(&[]);
    let run = relman_in(dir.path(), &["lint", "--list"]);
    assert_eq!(run.code, 0, "{run:?}");
    for id in [
        "placeholder",
        "version-mismatch",
        "broken-link",
        "missing-path",
        "unknown-commit",
        "mojibake",
        "fence",
        "changelog",
    ] {
        assert!(run.stdout.contains(id), "{id}: {run:?}");
    }
    let run = relman_in(dir.path(), &["lint", "--explain", "fence"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.starts_with("# fence (error by default)"),
        "{run:?}"
    );
    assert!(run.stdout.contains("What it finds"), "{run:?}");
    let run = relman_in(dir.path(), &["lint", "--explain", "nope"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn fix_repairs_mojibake_fences_and_version_files() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "2.4.0\n")
        .write(
            "package.json",
            "{\n  \"name\": \"demo\",\n  \"version\": \"2.3.9\"\n}\n",
        )
        .write(
            "docs/a.md",
            "# Ready âœ…\n\n```text\ncode\n```text\n\nAfter.\n",
        );
    repo.commit("docs: a");
    let run = repo.relman(&["lint", "--fix", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout.trim(), "[]", "nothing left: {run:?}");
    assert!(
        run.stderr.contains("fixed 2 problem(s) in docs/a.md"),
        "{run:?}"
    );
    assert!(
        run.stderr.contains("fixed 1 problem(s) in package.json"),
        "{run:?}"
    );
    assert_eq!(
        repo.read("docs/a.md"),
        "# Ready ✅\n\n```text\ncode\n```\n\nAfter.\n"
    );
    assert_eq!(
        repo.read("package.json"),
        "{\n  \"name\": \"demo\",\n  \"version\": \"2.4.0\"\n}\n"
    );
}

#[test]
fn version_files_out_of_step_are_reported() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "2.4.0\n")
        .write(
            "Cargo.toml",
            "[package]\nname = \"demo\"\nversion = \"2.3.9\"\n",
        )
        .write("README.md", "# Demo\n");
    repo.commit("chore: init");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v[0]["path"], "Cargo.toml", "{run:?}");
    assert_eq!(v[0]["line"], 3);
    assert_eq!(v[0]["rule"], "version-mismatch");
}

#[test]
fn links_are_checked_with_exact_case_against_tracked_files() {
    let mut repo = TestRepo::new();
    repo.write("docs/Guide.md", "# Guide\n").write(
        "README.md",
        "# R\n\n[g](docs/guide.md) [ok](docs/Guide.md) [up](../../../../etc/passwd)\n",
    );
    repo.commit("docs: init");
    // Ignored files are not link targets.
    repo.write(".gitignore", "build/\n")
        .write("build/out.md", "# Out\n");
    repo.write("README.md", "# R\n\n[g](docs/guide.md) [ok](docs/Guide.md) [up](../../../../etc/passwd) [b](build/out.md)\n");
    let run = repo.relman(&["lint", "README.md", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let columns: Vec<u64> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["column"].as_u64().unwrap())
        .collect();
    assert_eq!(columns, [5, 45, 73], "{run:?}");
    assert!(
        v[0]["message"].as_str().unwrap().contains("docs/Guide.md"),
        "names the real case: {run:?}"
    );
}

#[test]
fn bad_input_is_a_finding_or_an_error_never_a_panic() {
    let big_table = {
        let mut t = String::from("# Big\n\n| a | b |\n| --- | --- |\n");
        for i in 0..10_000 {
            let _ = writeln!(t, "| {i} | [x](#big) |");
        }
        t
    };
    let dir = lint_dir(&[
        (
            "crlf.md",
            "# Title\r\n\r\nSee [t](#title).\r\n\r\n```text\r\ncode\r\n```text\r\n",
        ),
        ("bom.md", "\u{feff}# Title\n\nText\u{feff}here.\n"),
        ("table.md", &big_table),
    ]);
    std::fs::write(
        dir.path().join("binary.md"),
        b"\x00\x01\x02\xff\xfe# not text",
    )
    .unwrap();
    std::fs::write(dir.path().join("latin1.md"), b"# Caf\xe9\n").unwrap();
    // git-crypt's encrypted form (vue-router's CLAUDE.md without the key): no text here.
    std::fs::write(
        dir.path().join("CLAUDE.md"),
        b"\x00GITCRYPT\x00X\xaa\xb4]\x10\x9b\xe8\x05\xcf\x95",
    )
    .unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop", dir.path().join("loop")).unwrap();
        std::os::unix::fs::symlink(".", dir.path().join("self")).unwrap();
    }
    let run = relman_in(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(!run.stderr.contains("panicked"), "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let by_path = |p: &str| -> Vec<(u64, String)> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == p)
            .map(|d| {
                (
                    d["line"].as_u64().unwrap(),
                    d["rule"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        by_path("binary.md"),
        [(1, "mojibake".to_string())],
        "{run:?}"
    );
    assert_eq!(
        by_path("latin1.md"),
        [(1, "mojibake".to_string())],
        "{run:?}"
    );
    assert_eq!(by_path("CLAUDE.md"), vec![], "{run:?}");
    assert_eq!(by_path("crlf.md"), [(7, "fence".to_string())], "{run:?}");
    assert_eq!(by_path("bom.md"), [(3, "mojibake".to_string())], "{run:?}");
    assert_eq!(by_path("table.md"), vec![], "{run:?}");
}

#[test]
fn a_fifty_megabyte_file_is_linted() {
    let mut text = String::from("# Huge\n\n");
    let para =
        "Lorem-free prose with a [link](#huge) and `code` and some words to fill the line.\n\n";
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(para);
    }
    let dir = lint_dir(&[("huge.md", &text)]);
    let run = relman_in(dir.path(), &["lint"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "1 file checked: no problems\n");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_not_fatal() {
    use std::os::unix::fs::PermissionsExt;
    let dir = lint_dir(&[("a.md", "# A\n"), ("b.md", "# B\n")]);
    let b = dir.path().join("b.md");
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o000)).unwrap();
    let readable = std::fs::read(&b).is_ok(); // root reads anyway
    let run = relman_in(dir.path(), &["lint", "--format", "json"]);
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o644)).unwrap();
    if readable {
        assert_eq!(run.code, 0, "{run:?}");
    } else {
        assert_eq!(run.code, 1, "{run:?}");
        assert!(run.stdout.contains("cannot read"), "{run:?}");
    }
}

#[test]
fn many_findings_on_huge_lines_and_paragraphs_stay_fast() {
    // One 1 MB line with 40,000 findings of three rules, and a 40,000-row table of missing
    // paths: each finding must cost what its own text costs, not the line's length.
    let line = vec!["{{ x }} Ã© [r][nope]"; 40_000].join(" ");
    let mut table = String::from("# Big\n\n| a | b |\n|---|---|\n");
    for i in 0..40_000 {
        let _ = writeln!(table, "| [x{i}](#big) | `src/f{i}.rs` |");
    }
    let dir = lint_dir(&[
        ("line.md", &format!("# T\n\n{line}\n")),
        ("table.md", &table),
    ]);
    let run = relman_in(dir.path(), &["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3 * 40_000 + 40_000);
}

/// A repository with a site of each generator (fixtures/sites): every page's anchors are
/// the ones its generator makes (checked against the generators' own code, see the fixture
/// files), braces are each site's syntax, and files outside every site are GitHub's.
#[test]
fn each_site_is_read_as_its_generator_builds_it() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/sites");
    let mut repo = TestRepo::new();
    copy_tree(&dir, repo.path());
    let want = std::fs::read_to_string(repo.path().join("expected.txt")).unwrap();
    std::fs::remove_file(repo.path().join("expected.txt")).unwrap();
    repo.commit("docs: sites");
    let run = relman_in(
        repo.path(),
        &[
            "lint",
            "--verbose",
            "--rule",
            "broken-link",
            "--rule",
            "placeholder",
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut got = String::new();
    for d in value.as_array().unwrap() {
        let _ = writeln!(
            got,
            "{}:{}:{} {}: {}",
            d["path"].as_str().unwrap(),
            d["line"],
            d["column"],
            d["rule"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        );
    }
    assert_eq!(got, want);
    // --verbose says how each folder was read.
    for line in [
        "documentation site vitepress/: VitePress (vitepress/.vitepress/config.mts); heading ids by VitePress's slugify; `{{ … }}` is the site's own syntax",
        "documentation site mkdocs/docs/: MkDocs (mkdocs/mkdocs.yml); heading ids by Python-Markdown's toc slugify",
        "documentation site mdbook/src/: mdBook (mdbook/book.toml)",
    ] {
        assert!(run.stderr.contains(line), "{line}\n{}", run.stderr);
    }
    // So does --explain, run in the repository.
    let explain = relman_in(repo.path(), &["lint", "--explain", "broken-link"]);
    assert_eq!(explain.code, 0, "{explain:?}");
    assert!(
        explain.stdout.contains("## In this repository"),
        "{}",
        explain.stdout
    );
    assert!(
        explain
            .stdout
            .contains("- hugo/content/: Hugo (hugo/hugo.toml); heading ids by Hugo's github ids"),
        "{}",
        explain.stdout
    );
}

/// `[lint] generator` overrides the detection per folder, and is checked.
#[test]
fn the_configuration_names_a_folders_generator() {
    let mut repo = TestRepo::new();
    repo.write(
        "guide/a.md",
        "# Guide\n\n## Prerequisites & Setup\n\nSee [setup](#prerequisites-setup).\n",
    );
    repo.commit("docs: guide");
    let run = relman_in(repo.path(), &["lint", "--rule", "broken-link"]);
    assert_eq!(
        run.code, 1,
        "GitHub's slug is prerequisites--setup: {run:?}"
    );
    repo.write(
        "release.toml",
        "[lint]\ngenerator = { \"guide\" = \"mkdocs\" }\n",
    );
    let run = relman_in(repo.path(), &["lint", "--rule", "broken-link"]);
    assert_eq!(run.code, 0, "{run:?}");
    repo.write("release.toml", "[lint]\ngenerator = \"gitbook\"\n");
    let run = relman_in(repo.path(), &["lint"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("unknown generator \"gitbook\"") && run.stderr.contains("vitepress"),
        "{}",
        run.stderr
    );
}

/// Test fixtures, snapshots and dependencies are data, not docs: not linted unless given.
#[test]
fn fixtures_and_excluded_globs_are_not_linted() {
    let mut repo = TestRepo::new();
    let bad = "# Bad\n\nVersion {{ version }}.\n";
    for path in [
        "tests/fixtures/a.md",
        "pkg/testdata/b.md",
        "src/__snapshots__/c.md",
        "web/node_modules/x/d.md",
        "vendored/e.md",
        "docs/f.md",
    ] {
        repo.write(path, bad);
    }
    repo.write("release.toml", "[lint]\nexclude = [\"vendor*/**\"]\n");
    repo.commit("docs: data");
    let run = relman_in(repo.path(), &["lint", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let paths: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/f.md"], "{run:?}");
    // The reader is told what was left out, and how to lint it (not the excluded file).
    assert!(
        run.stderr.contains(
            "4 Markdown file(s) in test, fixture and dependency folders were not linted (`pkg/testdata/`, `src/__snapshots__/`, `tests/fixtures/`, …); name a folder to lint it, as `relman lint pkg/testdata/`"
        ),
        "{run:?}"
    );
    // Given by name, a fixture folder is linted, and nothing is said to be left out.
    let run = relman_in(repo.path(), &["lint", "tests/fixtures", "--format", "json"]);
    assert!(run.stdout.contains("tests/fixtures/a.md"), "{run:?}");
    assert!(!run.stderr.contains("not linted"), "{run:?}");
}

#[test]
fn given_files_may_link_to_untracked_files_but_not_to_ignored_ones() {
    let mut repo = TestRepo::new();
    repo.write(
        "README.md",
        "# R\n\n[n](new.md) [g](gone.md) [i](ign.md) [d](newdir/)\n",
    );
    repo.write(".gitignore", "ign.md\n");
    repo.commit("docs: readme");
    repo.write("new.md", "# N\n");
    repo.write("newdir/a.txt", "x\n");
    repo.write("ign.md", "# I\n");
    // A lint of the given file and a lint of everything agree on what exists.
    for args in [
        &["lint", "README.md", "--format", "json"][..],
        &["lint", "--format", "json"][..],
    ] {
        let run = repo.relman(args);
        assert_eq!(run.code, 1, "{run:?}");
        let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let messages: Vec<&str> = value
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        assert_eq!(
            messages,
            vec!["`gone.md` does not exist", "`ign.md` does not exist"],
            "{args:?}: {run:?}"
        );
    }
}

#[test]
fn a_myst_fragment_is_a_heading_of_the_page_or_a_label_of_the_project() {
    let mut repo = TestRepo::new();
    repo.write("docs/conf.py", "extensions = ['myst_parser']\n");
    repo.write(
        "docs/a.md",
        "(shared-label)=\n# A\n\n```{figure} x.png\n:name: fig-one\n```\n\n{#para}\nText with [a span]{#span-x}.\n\n:::{figure-md} fig-md\nx\n:::\n",
    );
    repo.write(
        "docs/b.md",
        "# B\n\n## Local\n\n[1](#shared-label) [2](#Fig-One) [3](#local) [4](#syntax/roles) [5](#my term) [6](#pkg.Class) [7](#nowhere) [8](#para) [9](#span-x) [10](#fig-md)\n\n[11](a.md#fig-one) [12](a.md#fig-none)\n",
    );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let messages: Vec<String> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        messages,
        vec![
            "docs/b.md:5 `#nowhere`: no heading of this page and no `(nowhere)=` label of the project has that name",
            "docs/b.md:7 `#fig-none`: no heading or HTML id in `docs/a.md` has that slug; similar anchors here: `#fig-one` (`docs/` is built by Sphinx (MyST) (docs/conf.py): heading ids by MyST's slugify)"
        ],
        "{run:?}"
    );
    // A lint of one page cannot know the project's labels: it leaves them alone, and
    // judges a fragment of a page it names by that page's headings and labels.
    let run = repo.relman(&["lint", "docs/b.md", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let fragments: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap().split(':').next().unwrap())
        .collect();
    assert_eq!(fragments, ["`#fig-none`"], "{run:?}");
}

#[test]
fn a_file_deleted_in_the_working_tree_is_gone_before_it_is_staged() {
    let mut repo = TestRepo::new();
    repo.write("docs/setup.md", "# Setup\n");
    repo.write("docs/a.md", "# A\n\n[s](setup.md)\n");
    repo.commit("docs: pages");
    std::fs::remove_file(repo.path().join("docs/setup.md")).unwrap();
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(&str, &str)> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(found, vec![("docs/a.md", "broken-link")], "{run:?}");
}

#[test]
fn mdx_pages_are_linted_and_their_braces_are_jsx() {
    let mut repo = TestRepo::new();
    repo.write(
        "docs/page.mdx",
        "import Badge from './Badge';\n\n# Page\n\n<Badge style={{ fontStyle: 'italic' }} />\n\nSee [the guide](guide.mdx#nope).\n",
    )
    .write("docs/guide.mdx", "# Guide\n");
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("docs/page.mdx", "broken-link")], "{run:?}");
}

/// Findings as `path:line rule`.
fn error_places(run: &common::Run) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["rule"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn what_real_sites_taught_the_lint() {
    let mut repo = TestRepo::new();
    // VitePress with its config in a folder, custom attrs delimiters and its own slugify.
    repo.write("site/.vitepress/config/index.ts", "import { shared } from './shared'\nexport default shared\n")
        .write("site/.vitepress/config/shared.ts", "export const shared = { markdown: { attrs: { leftDelimiter: '%{', rightDelimiter: '}%' }, anchor: { slugify } } }\n")
        .write("site/api.md", "# API\n\n### \\_ActionsTree %{#actionstree}%\n\n### storeId\n")
        .write("site/use.md", "# Use\n\n[a](api.md#actionstree) [b](api.md#storeId) [c](api.md#_actionstree)\n")
        // An mdBook: a sibling book on the same host, a fragment folder, a template source.
        .write("book/book.toml", "[book]\ntitle = \"b\"\n")
        .write("book/src/a.md", "# A\n\n[rustc](../../rustc/index.html) [gone](missing.md)\n")
        .write("man/includes/opt.md", "See [config](../reference/config.html) and {{lower verb}}.\n")
        .write("man/cargo-x.md", "{{#options}}\nRun {{command}}, see [r](../r.html).\n{{/options}}\n")
        // MkDocs with hooks and attr_list ids anywhere.
        .write("mk/mkdocs.yml", "site_name: x\nhooks:\n  - docs/hooks.py\nmarkdown_extensions:\n  - attr_list\n")
        .write("mk/docs/a.md", "# A\n\nA paragraph.\n{#para-id}\n\n[](){#autoref}\n")
        .write("mk/docs/b.md", "# B\n\n[p](a.md#para-id) [q](a.md#autoref) [r](a.md#nope)\n\nVersion {{ version }}.\n")
        // Docusaurus: `.md` is MDX.
        .write("web/docusaurus.config.js", "module.exports = {}\n")
        .write("web/blog/post.md", "# Post\n\n<span style={{color: 'red'}}>x</span>\n")
        // GitHub finds a heading whatever the fragment's case.
        .write("GUIDE.md", "# Guide\n\n## breakParent\n\nSee [it](#breakParent).\n");
    std::os::unix::fs::symlink("mk/docs/b.md", repo.path().join("CONTRIBUTING.md")).unwrap();
    repo.commit("docs: sites");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        [
            "book/src/a.md:3 broken-link",
            "mk/docs/b.md:3 broken-link",
            "site/use.md:3 broken-link",
        ],
        "{run:?}"
    );
}

#[test]
fn what_a_sixteenth_round_of_real_sites_taught_the_lint() {
    let mut repo = TestRepo::new();
    // MkDocs built from `mkdocs-online.yml`, which inherits mkdocs-autorefs from its parent
    // (Textual's): a directory URL, autorefs, a blog post's raw HTML from its URL.
    repo.write("mkdocs-common.yml", "site_name: t\nplugins:\n  - blog\n  - mkdocstrings:\n      handlers:\n        python: {}\n")
        .write("mkdocs-online.yml", "INHERIT: mkdocs-common.yml\nsite_url: https://t.example/\n")
        .write("docs/css_types/integer.md", "# Integer\n")
        .write("docs/styles/width.md", "# Width\n\n<a href=\"../../css_types/integer\">integer</a> [App][pkg.app.App] [g][guide]\n\n[gone](nothing.md)\n")
        .write("docs/blog/images/y/d.png", "png")
        .write("docs/blog/posts/y.md", "# Y\n\n<img src=\"../../../../images/y/d.png\"> <img src=\"../../../../../../../x.png\">\n")
        // FAQtory: its templates and questions are pasted into the FAQ it writes.
        .write("faq.yml", "questions_path: \"./questions\"\noutput_path: \"./docs/FAQ.md\"\ntemplates_path: \".faq\"\n")
        .write(".faq/FAQ.md", "{%- for question in questions %}\n{{ question.body }}\n{%- endfor %}\n")
        .write("questions/q.question.md", "---\ntitle: Q\n---\nSee [other](#another-question).\n")
        // Docusaurus docs served at `/` from outside the site's folder, with an id.
        .write("web/docusaurus.config.js", "module.exports = { presets: [['classic', { docs: { path: '../guide', routeBasePath: '/' } }]] }\n")
        .write("guide/packages/Parser.mdx", "---\nid: parser\n---\n\n# Parser\n\n## projectService\n")
        .write("packages/parser/README.md", "# parser\n")
        .write("web/blog/post.md", "# Post\n\n[a](/packages/parser#projectservice) [b](/packages/parser#nope)\n")
        // MyST: an object cross-reference, a comment, and a file link that is broken.
        .write("py/conf.py", "extensions = ['myst_parser']\n")
        .write("py/index.md", "# Index\n\n[Layers](napari.layers) [os](os.path)\n% ![old](../images/hello.png)\n[x](conf.yaml)\n")
        // A generated changelog's rule tags; a link written as a destination.
        .write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n- **eslint-plugin:** [no-unsafe-call][no-unsafe-member-access] improve messages\n- **eslint-plugin:** fix [no-extra-parens](<[#465](https://example.org/issues/465)>)\n- [some text here][undefined label]\n")
        // A terminal session's output.
        .write("FAQ.md", "# FAQ\n\n```\n$ rg foo invalid-utf8\n1:foo\u{fffd}bar\n```\n\nLost: caf\u{fffd}.\n");
    repo.commit("docs: sites");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        [
            "CHANGELOG.md:6 broken-link",
            "CHANGELOG.md:7 broken-link",
            "FAQ.md:8 mojibake",
            "docs/blog/posts/y.md:3 broken-link",
            "docs/styles/width.md:5 broken-link",
            "py/index.md:5 broken-link",
            "web/blog/post.md:3 broken-link",
        ],
        "{run:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let message = |path: &str, line: u64| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == path && d["line"] == line)
            .map(|d| {
                format!(
                    "{} {}",
                    d["severity"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert!(
        message("web/blog/post.md", 3)[0]
            .contains("`#nope`: no heading or HTML id in `guide/packages/Parser.mdx`"),
        "{run:?}"
    );
    assert!(
        message("CHANGELOG.md", 6)[0]
            .contains("is a Markdown link written as a link's destination"),
        "{run:?}"
    );
    assert!(
        message("FAQ.md", 5)[0].starts_with("warning `\u{fffd}` in a program's output"),
        "{run:?}"
    );
    // The FAQ's sources are linted when named.
    let run = repo.relman(&["lint", ".faq", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
}

#[test]
fn what_a_seventeenth_round_of_real_sites_taught_the_lint() {
    let mut repo = TestRepo::new();
    // The Rust Reference's mdbook-spec: rule and grammar anchors, rule and Rust path links.
    repo.write("ref/book.toml", "[book]\ntitle = \"r\"\n\n[preprocessor.spec]\ncommand = \"cargo run -p mdbook-spec\"\n")
        .write("ref/src/SUMMARY.md", "# S\n\n- [Static](items/static-items.md)\n- [ABI](abi.md)\n")
        .write("ref/src/items/static-items.md", "# Static items\n\nr[items.static.intro]\nA static item.\n\n```grammar,items\nStaticItem -> `static` IDENTIFIER\n```\n")
        .write("ref/src/abi.md", "# ABI\n\n[Static items][items.static] and [`bool`](bool), [x](mod@test), [`Clone`][macro@Clone].\n\n[intro](items/static-items.md#r-items.static.intro) [g](items/static-items.md#grammar-StaticItem) [gone](items/static-items.md#r-items.static.gone)\n\n[def]: items.static.mut\n\nSee [def] and [typo](../items/enumerations.mdr) and [two words][no such label].\n")
        // Zensical: `zensical.toml` with mkdocstrings.
        .write("zensical.toml", "[project]\nsite_name = \"z\"\n\n[project.plugins.mkdocstrings.handlers.python]\npaths = [\"src\"]\n")
        .write("docs/index.md", "# Usage\n\n## Templates\n\n## Templates\n\n[t](#templates_1) [`Handler`][pkg.Handler] [n](#nope)\n")
        // Hugo: definition terms get ids; a shortcode that writes no id leaves anchors known.
        .write("site/hugo.toml", "baseURL = 'https://x.example/'\n[markup.goldmark.parser]\n  autoDefinitionTermID = true\n")
        .write("site/layouts/_shortcodes/hint.html", "<div class=\"hint\">{{ .Inner }}</div>\n")
        .write("site/layouts/_shortcodes/include.html", "{{ with .Page.GetPage (.Get 0) }}{{ .RenderShortcodes }}{{ end }}\n")
        .write("site/content/terms.md", "# Terms\n\n`matchers`\n: A slice of [matchers](#matchers-1).\n\n## Matchers\n\n{{< hint >}}Note{{< /hint >}}\n\n[a](#matchers) [b](#missing)\n")
        .write("site/content/included.md", "# Included\n\n{{% include \"other\" %}}\n\n[c](#from-elsewhere)\n");
    repo.commit("docs: sites");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        [
            "docs/index.md:7 broken-link",
            "ref/src/abi.md:5 broken-link",
            "ref/src/abi.md:9 broken-link",
            "ref/src/abi.md:9 broken-link",
            "site/content/terms.md:10 broken-link",
        ],
        "{run:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let messages = |path: &str| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == path)
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect()
    };
    for (fragment, path) in [
        ("#nope", "docs/index.md"),
        ("#r-items.static.gone", "ref/src/abi.md"),
        ("enumerations.mdr", "ref/src/abi.md"),
        ("no such label", "ref/src/abi.md"),
        ("#missing", "site/content/terms.md"),
    ] {
        assert!(
            messages(path).iter().any(|m| m.contains(fragment)),
            "{fragment} in {path}: {run:?}"
        );
    }
    let verbose = repo.relman(&["lint", "--verbose"]);
    assert!(
        verbose.stderr.contains("docs/: MkDocs (zensical.toml)")
            || verbose.stdout.contains("docs/: MkDocs (zensical.toml)"),
        "{verbose:?}"
    );
}

#[test]
fn what_an_eighteenth_round_of_real_sites_and_a_review_taught_the_lint() {
    let mut repo = TestRepo::new();
    // Jekyll serving pages as folders, a collection at the root (opensource.guide).
    repo.write("_config.yml", "permalink: \"/:path/\"\ncollections:\n  articles:\n    output: true\n    permalink: \"/:path/\"\n")
        .write("_articles/guide.md", "---\ntitle: Guide\n---\n# Guide\n\n## Getting started\n")
        .write("_articles/fr/guide.md", "---\ntitle: Guide\n---\n# Guide\n\n## Pour commencer\n")
        .write("_articles/fr/faq.md", "---\ntitle: FAQ\n---\n# FAQ\n\n[a](../guide/#pour-commencer) [b](../guide/#getting-started)\n")
        .write("notices.md", "# Notices\n\n[c](../guide/#getting-started) [d](../nowhere/)\n")
        // Hugo: a shortcode in a link definition, and the definitions after it.
        .write("site/hugo.toml", "baseURL = 'https://x.example/'\n")
        .write("site/content/a.md", "# A\n\nSee [the docs][docs] and [download][dl], and [gone][nothing].\n\n[docs]: {{< relref \"b.md\" >}}\n[dl]: https://x.example/{{< param version >}}.zip\n")
        .write("site/content/b.md", "# B\n")
        // A review: a changelog scope before words is not a tag; a LaTeX comment is no
        // shell prompt; a C file in a MyST page is a file.
        .write("CHANGELOG.md", "# Changelog\n\n## [Unreleased]\n\n- **docs:** [Guide][guide-page] rewritten\n")
        .write("TEX.md", "# TeX\n\n```latex\n% Curriculum vitae\n\\section{R\u{fffd}sum\u{fffd}}\n```\n")
        .write("py/conf.py", "extensions = ['myst_parser']\n")
        .write("py/index.md", "# Index\n\n[c](exmaple.c) [obj](pkg.module)\n")
        // MkDocs: raw HTML climbing above the site's root works, by accident (uvicorn's).
        .write("mk/mkdocs.yml", "site_name: m\n")
        .write("mk/docs/logo.png", "png")
        .write("mk/docs/index.md", "# M\n\n<img src=\"../../logo.png\"> <img src=\"../../../../gone.png\">\n");
    repo.commit("docs: sites");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        [
            "CHANGELOG.md:5 broken-link",
            "TEX.md:5 mojibake",
            "TEX.md:5 mojibake",
            "_articles/fr/faq.md:6 broken-link",
            "mk/docs/index.md:3 broken-link",
            "notices.md:3 broken-link",
            "py/index.md:3 broken-link",
            "site/content/a.md:3 broken-link",
        ],
        "{run:?}"
    );
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let messages: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    for expected in [
        "_articles/fr/faq.md: `#getting-started`: no heading or HTML id in `_articles/fr/guide.md`",
        "notices.md: `../nowhere/`",
        "py/index.md: `exmaple.c` does not exist",
        "site/content/a.md: `[gone][nothing]`",
        "mk/docs/index.md: `../../logo.png` climbs above the site's root, which the browser stops at: it loads `mk/docs/logo.png`",
        "mk/docs/index.md: `../../../../gone.png` leaves the repository",
    ] {
        assert!(
            messages.iter().any(|m| m.starts_with(expected)),
            "{expected}: {messages:#?}"
        );
    }
}

#[test]
fn markdown_in_a_web_frameworks_templates_folder_is_a_templates_source() {
    // healthchecks: templates/docs/*.md are rendered by the Django application, with its
    // own braces, IMG_URL and routes; a docs folder named templates is still docs.
    let mut repo = TestRepo::new();
    repo.write(
        "templates/base.html",
        "<html>{% block content %}{% endblock %}</html>\n",
    );
    repo.write(
        "templates/docs/api.md",
        "# API\n\nThe timeout is {{ default_timeout }}. See [the API](../api/) and\n![x](IMG_URL/x.png).\n\n<p>Also <a href=\"../api/\">the API</a>.</p>\n",
    );
    repo.write(
        "docs/templates/guide.md",
        "# Guide\n\nLeft over: {{ name }}. See [nothing](missing.md).\n",
    );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        findings(&run.stdout, "templates/docs/api.md"),
        vec![],
        "{run:?}"
    );
    let rules: Vec<String> = findings(&run.stdout, "docs/templates/guide.md")
        .into_iter()
        .map(|(_, rule, _)| rule)
        .collect();
    assert_eq!(rules, ["broken-link", "placeholder"], "{run:?}");
}

#[test]
fn documenter_cross_references_are_its_own() {
    // A Julia package's docs: docs/make.jl calls makedocs; `(@ref)` links are Documenter's.
    let mut repo = TestRepo::new();
    repo.write(
        "docs/make.jl",
        "using Documenter\nmakedocs(sitename = \"X\")\n",
    );
    repo.write(
        "docs/src/index.md",
        "# X\n\nSee [`f`](@ref), [the guide](@ref guide) and [gone](gone.md).\n",
    );
    repo.write(
        "README.md",
        "# X\n\n[`f`](@ref) outside the docs is a file link.\n",
    );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let rules = |path: &str| -> Vec<(u64, String)> {
        findings(&run.stdout, path)
            .into_iter()
            .map(|(line, rule, _)| (line, rule))
            .collect()
    };
    assert_eq!(
        rules("docs/src/index.md"),
        [(3, "broken-link".to_string())],
        "{run:?}"
    );
    assert_eq!(
        rules("README.md"),
        [(3, "broken-link".to_string())],
        "{run:?}"
    );
    let explain = repo.relman(&["lint", "--explain", "broken-link"]);
    assert!(
        explain
            .stdout
            .contains("docs/src/: Documenter (docs/make.jl)"),
        "{explain:?}"
    );
}

#[test]
fn a_changelog_beside_its_own_manifest_is_judged_against_that_version() {
    // uv: released as one Python package at 0.12.5, with crates/uv-pep440/CHANGELOG.md
    // beside a Cargo.toml at 0.0.72; the crate's history is not the root's.
    let mut repo = TestRepo::new();
    repo.write("VERSION", "2.0.0\n");
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## [2.0.0] - 2026-01-02\n\n- Two.\n",
    );
    repo.write(
        "crates/x/Cargo.toml",
        "[package]\nname = \"x\"\nversion = \"0.0.5\"\nedition = \"2021\"\n",
    );
    // Its history names 1.0.0, as the repository's own first release does (uv's vendored
    // crate history names 0.6.6 and 0.7, versions uv tagged too).
    repo.write(
        "crates/x/CHANGELOG.md",
        "# Changelog\n\n## [1.0.0] - 2025-01-01\n\n- The crate this one was forked from.\n",
    );
    repo.write(
        "crates/y/CHANGELOG.md",
        "# Changelog\n\n## [1.0.0] - 2025-01-01\n\n- One.\n",
    );
    repo.commit("feat: one");
    repo.git(&["tag", "v1.0.0"]);
    repo.write("NOTES.md", "# Notes\n");
    repo.commit("feat: two");
    repo.git(&["tag", "v2.0.0"]);
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        findings(&run.stdout, "crates/x/CHANGELOG.md"),
        vec![],
        "{run:?}"
    );
    // Without a manifest of its own, a changelog is still the repository's.
    let y = findings(&run.stdout, "crates/y/CHANGELOG.md");
    assert_eq!(y.len(), 1, "{run:?}");
    assert_eq!(y[0].1, "changelog", "{run:?}");
}

#[test]
fn a_readme_beside_its_own_manifest_is_judged_against_that_version() {
    // tetragon: install/kubernetes/tetragon/README.md carries helm-docs' badge of the chart's
    // own version (Chart.yaml), while the repository is at another.
    let mut repo = TestRepo::new();
    repo.write(
        "VERSION", "1.8.0
",
    );
    repo.write(
        "charts/app/Chart.yaml",
        "apiVersion: v2
name: app
version: 1.7.0
",
    );
    let badge = "# app

**Version**: 1.7.0
";
    repo.write("charts/app/README.md", badge);
    repo.write("docs/chart.md", badge);
    repo.commit("feat: one");
    repo.git(&["tag", "v1.8.0"]);
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        findings(&run.stdout, "charts/app/README.md"),
        vec![],
        "{run:?}"
    );
    // Elsewhere the same line claims the repository's version, and is wrong.
    let docs = findings(&run.stdout, "docs/chart.md");
    assert_eq!(docs.len(), 1, "{run:?}");
    assert_eq!(docs[0].1, "version-mismatch", "{run:?}");
}

#[test]
fn a_link_to_a_file_git_ignores_is_to_a_generated_file() {
    // uv's docs (an MkDocs site) link to docs/reference/cli.md, which its build writes and
    // .gitignore names; a README read on the forge has no such build.
    let mut repo = TestRepo::new();
    repo.write("mkdocs.yml", "site_name: X\n");
    repo.write(".gitignore", "/docs/reference/cli.md\ncoverage/\n");
    repo.write(
        "README.md",
        "# X\n\n[The CLI](docs/reference/cli.md).\n\nRun `make coverage`; it generates a report\nyou open as [coverage/index.html](coverage/index.html).\n",
    );
    repo.write(
        "docs/index.md",
        "# Docs\n\nSee [the CLI](reference/cli.md), [coverage](../coverage/index.html)\nand [gone](reference/gone.md).\n",
    );
    repo.commit("docs: index");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let found = findings(&run.stdout, "docs/index.md");
    assert_eq!(
        found,
        [(4, "broken-link".to_string(), "error".to_string())],
        "{run:?}"
    );
    assert!(run.stdout.contains("reference/gone.md"), "{run:?}");
    // On the forge it is broken, unless the text has the reader write it first (starlight's
    // CONTRIBUTING and its coverage report): then a warning.
    assert_eq!(
        findings(&run.stdout, "README.md"),
        [
            (3, "broken-link".to_string(), "error".to_string()),
            (6, "broken-link".to_string(), "warning".to_string())
        ],
        "{run:?}"
    );
    // Linting the one file gives the same answer.
    let one = repo.relman(&["lint", "docs/index.md", "--format", "json"]);
    assert_eq!(findings(&one.stdout, "docs/index.md"), found, "{one:?}");
}

#[test]
fn docusaurus_resolves_a_markdown_link_from_the_content_root_too() {
    // pnpm.io: docs/cli/add.md links to `catalogs.md`, which Docusaurus finds as
    // docs/catalogs.md; a version's pages resolve from their version folder.
    let mut repo = TestRepo::new();
    repo.write("docusaurus.config.js", "module.exports = {}\n");
    repo.write("docs/catalogs.md", "# Catalogs\n");
    repo.write(
        "docs/cli/add.md",
        "# add\n\nSee [catalogs](catalogs.md) and [gone](gone.md).\n",
    );
    repo.write("versioned_docs/version-1.x/faq.md", "# FAQ\n");
    repo.write(
        "versioned_docs/version-1.x/cli/store.md",
        "# store\n\nSee [the FAQ](faq.md) and [catalogs](catalogs.md).\n",
    );
    // socket.io: a translation finds its own content root's page, then the docs'.
    let es = "i18n/es/docusaurus-plugin-content-docs/current";
    repo.write(&format!("{es}/api.md"), "# API\n");
    repo.write(
        &format!("{es}/cli/add.md"),
        "# add\n\n[api](api.md), [catalogs](catalogs.md) and [gone](gone.md).\n",
    );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let at = |path: &str| -> Vec<u64> {
        findings(&run.stdout, path)
            .into_iter()
            .map(|(line, _, _)| line)
            .collect()
    };
    assert_eq!(at("docs/cli/add.md"), [3], "gone.md only: {run:?}");
    // A version's page does not reach the current docs' files.
    assert_eq!(
        at("versioned_docs/version-1.x/cli/store.md"),
        [3],
        "{run:?}"
    );
    assert!(
        run.stdout.contains("`catalogs.md` does not exist"),
        "{run:?}"
    );
    let es: Vec<String> = findings(&run.stdout, &format!("{es}/cli/add.md"))
        .into_iter()
        .map(|(line, rule, _)| format!("{line} {rule}"))
        .collect();
    assert_eq!(es, ["3 broken-link"], "gone.md only: {run:?}");
}

#[test]
fn docusaurus_resolves_a_markdown_link_from_the_site_folder_unless_it_starts_with_a_dot() {
    // Detox: website/versioned_docs/version-19.x/config/overview.md links
    // `versioned_docs/version-19.x/APIRef.LaunchArgs.md`, which docusaurus-utils'
    // `resolveMarkdownLinkPathname` finds from the site's folder; `./…` is the page's own.
    let mut repo = TestRepo::new();
    repo.write("website/docusaurus.config.js", "module.exports = {}\n");
    repo.write("website/versioned_docs/version-19.x/APIRef.md", "# API\n");
    repo.write(
        "website/versioned_docs/version-19.x/config/overview.md",
        "# Overview\n\n[api](versioned_docs/version-19.x/APIRef.md)\n\n[dot](./versioned_docs/version-19.x/APIRef.md)\n\n[gone](versioned_docs/version-19.x/gone.md)\n",
    );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let lines: Vec<u64> = findings(
        &run.stdout,
        "website/versioned_docs/version-19.x/config/overview.md",
    )
    .into_iter()
    .map(|(line, _, _)| line)
    .collect();
    assert_eq!(lines, [5, 7], "{run:?}");
}

#[test]
fn a_myst_label_with_a_dotted_number_is_the_site_s_reference() {
    // zero-to-jupyterhub: `[changelog](changelog-4.0)` names the label `(changelog-4.0)=`;
    // `.0` is no file extension. A real file's extension still counts.
    let mut repo = TestRepo::new();
    repo.write("docs/conf.py", "extensions = [\"myst_parser\"]\n")
        .write(
            "docs/changelog.md",
            "# Changelog\n\n(changelog-4.0)=\n\n## 4.0\n",
        )
        .write(
            "docs/upgrade.md",
            "# Upgrading\n\nSee the [changelog](changelog-4.0) and [notes](notes.md).\n",
        );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    let found = findings(&run.stdout, "docs/upgrade.md");
    assert_eq!(found.len(), 1, "{run:?}");
    assert!(run.stdout.contains("notes.md"), "{run:?}");
}

#[test]
fn astro_drops_the_dash_a_trailing_badge_leaves_in_a_heading_s_id() {
    // amzn/style-dictionary (Starlight on Astro 5): `### exportPlatform <Badge … />` is
    // `#exportplatform`; github-slugger alone gives `exportplatform-`.
    let mut repo = TestRepo::new();
    repo.write(
        "docs/astro.config.mjs",
        "import starlight from '@astrojs/starlight';\nexport default { integrations: [starlight({ title: 'Demo' })] };\n",
    )
    .write(
        "docs/package.json",
        "{ \"dependencies\": { \"astro\": \"^5.7.3\", \"@astrojs/starlight\": \"^0.31.1\" } }\n",
    )
    .write(
        "docs/src/content/docs/api.mdx",
        "---\ntitle: API\n---\n\nUse [`exportPlatform`](#exportplatform), not [gone](#gone).\n\n### exportPlatform <Badge text=\"deprecated\" />\n\nText.\n",
    );
    repo.commit("docs: a page");
    let run = repo.relman(&["lint", "--format", "json"]);
    let found = findings(&run.stdout, "docs/src/content/docs/api.mdx");
    assert_eq!(found.len(), 1, "{run:?}");
    assert!(run.stdout.contains("#gone"), "{run:?}");
}

#[test]
fn an_anchor_into_a_folder_is_checked_in_the_page_the_site_serves_there() {
    // sing-box (MkDocs): `/configuration/experimental#cache_id` is the folder's index.md.
    let mut repo = TestRepo::new();
    repo.write("mkdocs.yml", "site_name: x\n")
        .write("docs/sub/index.md", "# Sub\n\n## Real\n")
        .write(
            "docs/page.md",
            "# Page\n\n[a](/sub/#real) [b](sub/#missing) [c](/sub#gone)\n",
        )
        // Outside every site GitHub shows a folder's README, not its index.md.
        .write("notes/sub/index.md", "# Sub\n")
        .write("notes/page.md", "# Notes\n\n[d](sub/#whatever)\n");
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    let cols: Vec<u64> = findings(&run.stdout, "docs/page.md")
        .into_iter()
        .map(|(line, _, _)| line)
        .collect();
    assert_eq!(cols, [3, 3], "{run:?}");
    assert!(findings(&run.stdout, "notes/page.md").is_empty(), "{run:?}");
}

#[test]
fn t_rex_ui_platform_markers_are_badges_out_of_the_heading_s_id() {
    // react-native-gesture-handler: with t-rex-ui's `processHeaderMarkers` in the site's
    // remark plugins, `### hitSlop [A][I]` is `#hitslop` and its `[A][I]` is no reference.
    let page = "---\nid: pressable\n---\n\nSee [`hitSlop`](#hitslop), not [this](#hitslop-ai).\n\n### onHoverIn [A][W]\n\n### hitSlop [A][I]\n\nText [A][W] here.\n";
    for with in [true, false] {
        let mut repo = TestRepo::new();
        let config = if with {
            "import { processHeaderMarkers } from '@swmansion/t-rex-ui/platform-circles';\nexport default { presets: [['classic', { docs: { beforeDefaultRemarkPlugins: [processHeaderMarkers] } }]] };\n"
        } else {
            "export default { presets: [['classic', { docs: {} }]] };\n"
        };
        repo.write("docusaurus.config.js", config);
        repo.write("docs/pressable.mdx", page);
        repo.commit("docs: a page");
        let run = repo.relman(&["lint", "--format", "json"]);
        let lines: Vec<u64> = findings(&run.stdout, "docs/pressable.mdx")
            .into_iter()
            .map(|(line, _, _)| line)
            .collect();
        // In prose, `[A][W]` is a reference without a definition in any site.
        // With the plugin `#hitslop-ai` is no id; without it, `#hitslop` is none.
        let want: &[u64] = if with { &[5, 11] } else { &[5, 7, 9, 11] };
        assert_eq!(lines, want, "with the plugin: {with}: {run:?}");
    }
}

#[test]
fn a_site_config_that_is_not_toml_is_named_with_its_place() {
    // A zensical.toml Zensical itself would refuse: relman cannot know the site, and says
    // so rather than read its pages as GitHub's in silence.
    let mut repo = TestRepo::new();
    repo.write(
        "zensical.toml",
        "[project]\nsite_name = \"x\"\nnav = [ { \"a\" = \"b\" ]\n",
    );
    repo.write("docs/index.md", "# Home\n");
    repo.commit("docs: pages");
    let run = repo.relman(&["lint"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("zensical.toml:3:21: not TOML (invalid inline table element, expected `,`)"),
        "{run:?}"
    );
    // An mdBook's book.toml likewise.
    repo.write("guide/book.toml", "[book]\nsrc = \"src\n");
    repo.write("guide/src/SUMMARY.md", "# Summary\n");
    repo.commit("docs: a book");
    let run = repo.relman(&["lint"]);
    assert!(
        run.stderr.contains("guide/book.toml:2:11: not TOML")
            && run.stderr.contains("the book's settings are not known"),
        "{run:?}"
    );
}

#[test]
fn docusaurus_content_outside_the_site_folder_is_a_content_root_of_its_own() {
    // redux: website/docusaurus.config.ts builds `path: '../docs'`; the glossary at
    // docs/understanding/thinking-in-redux/ links to `api/Store.md`, that is docs/api/Store.md.
    let mut repo = TestRepo::new();
    repo.write(
        "website/docusaurus.config.ts",
        "export default { presets: [['classic', { docs: { path: '../docs' } }]] };\n",
    );
    repo.write("docs/api/Store.md", "# Store\n\n## getState\n");
    repo.write(
        "docs/understanding/thinking-in-redux/Glossary.md",
        "# Glossary\n\nSee [the store](api/Store.md#getstate), [its state](api/Store.md#getState) and [gone](api/Gone.md).\n",
    );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let found = findings(
        &run.stdout,
        "docs/understanding/thinking-in-redux/Glossary.md",
    );
    // The anchor's case is now checked, and the missing page is still missing.
    assert_eq!(found.len(), 2, "{run:?}");
    assert!(run.stdout.contains("`#getState`"), "{run:?}");
    assert!(
        run.stdout.contains("`api/Gone.md` does not exist"),
        "{run:?}"
    );
}

#[test]
fn a_zola_site_resolves_its_internal_links_and_calls_its_shortcodes() {
    // getzola/zola's docs: `@/` links from content/, `{{ resize_image(…) }}` shortcodes,
    // ids by the slug crate (no leading dash), a config.toml that is not Hugo's.
    let mut repo = TestRepo::new();
    repo.write(
        "docs/config.toml",
        "base_url = \"https://www.getzola.org\"\ncompile_sass = true\ntheme = \"x\"\n",
    );
    repo.write(
        "docs/content/documentation/getting-started/configuration.md",
        "+++\ntitle = \"Configuration\"\n+++\n\n## Front matter & more\n",
    );
    repo.write(
        "docs/content/themes/persona.md",
        "+++\ntitle = \"Persona\"\n+++\n\n## ⚙️ Settings\n",
    );
    repo.write(
        "docs/content/documentation/content/linking.md",
        "+++\ntitle = \"Linking\"\n+++\n\nSee [config](@/documentation/getting-started/configuration.md#front-matter-more), [gone](@/documentation/gone.md) and [bad](@/documentation/getting-started/configuration.md#-front-matter).\n\nA heading Zola spells in ASCII: [settings](@/themes/persona.md#settings). A folder: [themes](@/themes).\n\n{{ resize_image(path=\"a.png\", width=600, op=\"scale\") }}\n",
    );
    repo.commit("docs: pages");
    let explain = repo.relman(&["lint", "--explain", "broken-link"]);
    assert!(explain.stdout.contains("Zola"), "{explain:?}");
    let run = repo.relman(&["lint", "--format", "json"]);
    let found = findings(&run.stdout, "docs/content/documentation/content/linking.md");
    assert_eq!(
        found.len(),
        3,
        "the missing page, the dashed anchor, the folder: {run:?}"
    );
    assert!(run.stdout.contains("Zola's internal links name"), "{run:?}");
    assert!(run.stdout.contains("gone.md"), "{run:?}");
    assert!(run.stdout.contains("`#-front-matter`"), "{run:?}");
    assert!(!run.stdout.contains("placeholder"), "{run:?}");
}

#[test]
fn a_hugo_config_with_a_base_url_parameter_is_still_hugo() {
    let mut repo = TestRepo::new();
    repo.write(
        "site/config.toml",
        "baseURL = \"https://example.org/\"\n[params]\nbase_url = \"https://example.org/\"\n",
    );
    repo.write(
        "site/content/a.md",
        "# A\n\n## foo_bar\n\nSee [it](#foo_bar).\n",
    );
    repo.commit("docs: a page");
    let explain = repo.relman(&["lint", "--explain", "broken-link"]);
    assert!(
        explain.stdout.contains("site/content/: Hugo"),
        "{explain:?}"
    );
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn a_docusaurus_site_named_in_the_config_keeps_its_first_level_content_roots() {
    // `[lint] generator` names the site: the content roots are still its first-level
    // folders (`docs/`), as when its docusaurus.config.js is found.
    let mut repo = TestRepo::new();
    repo.write(
        "release.toml",
        "[lint]\ngenerator = { \"website\" = \"docusaurus\" }\n",
    );
    repo.write("website/docs/catalogs.md", "# Catalogs\n");
    repo.write(
        "website/docs/cli/add.md",
        "# add\n\nSee [catalogs](catalogs.md).\n",
    );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
}

#[test]
fn a_translated_page_is_judged_against_the_page_it_translates() {
    // starship: docs/es-ES/config/README.md translates docs/config/README.md; its variables
    // tables say "La versión del compilador" where the original says whose version it is.
    let mut repo = TestRepo::new();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"prompt\"\nversion = \"1.26.0\"\nedition = \"2021\"\n",
    );
    let table = |description: &str| {
        format!("# C\n\n| Variable | Example | Description |\n| --- | --- | --- |\n| version | 13.0.0 | {description} |\n")
    };
    repo.write(
        "docs/config/README.md",
        &table("The version of the compiler"),
    );
    repo.write(
        "docs/es-ES/config/README.md",
        &table("La versión del compilador"),
    );
    repo.write(
        "docs/fr-FR/config/README.md",
        &format!(
            "{}\n```sh\ncargo install prompt --version 1.20.0\n```\n",
            table("La version du compilateur")
        ),
    );
    // The original names 1.20.0 too, but in a heading: not the snippet's line.
    repo.write(
        "docs/guide/README.md",
        "# Guide\n\n## Upgrading from 1.20.0\n\n```sh\ncargo install prompt --version 1.26.0\n```\n",
    );
    repo.write(
        "docs/es-ES/guide/README.md",
        "# Guía\n\n## Actualizar desde 1.20.0\n\n```sh\ncargo install prompt --version 1.20.0\n```\n",
    );
    // No original: judged on its own words.
    repo.write(
        "docs/de-DE/other.md",
        &table("Die Version des Compilers").replace("Example", "Wert"),
    );
    repo.commit("docs: config");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        findings(&run.stdout, "docs/config/README.md"),
        [],
        "{run:?}"
    );
    assert_eq!(
        findings(&run.stdout, "docs/es-ES/config/README.md"),
        [],
        "{run:?}"
    );
    // A claim the original does not make is the translation's own: a stale snippet.
    assert_eq!(
        findings(&run.stdout, "docs/fr-FR/config/README.md"),
        [(8, "version-mismatch".to_string(), "error".to_string())],
        "{run:?}"
    );
    assert_eq!(
        findings(&run.stdout, "docs/es-ES/guide/README.md"),
        [(6, "version-mismatch".to_string(), "error".to_string())],
        "{run:?}"
    );
    assert_eq!(
        findings(&run.stdout, "docs/de-DE/other.md"),
        [(5, "version-mismatch".to_string(), "error".to_string())],
        "{run:?}"
    );
    // Linting the translation alone reads its original all the same.
    let one = repo.relman(&["lint", "docs/es-ES/config/README.md", "--format", "json"]);
    assert_eq!(one.code, 0, "{one:?}");
}

#[test]
fn a_hugo_site_serves_its_static_folder_and_its_shortcodes_render_their_bodies() {
    // kind (a Hugo site in site/): the home page links ./logo/logo.png, which Hugo serves
    // from site/static/; `{{< codeFromInline lang="bash" >}}` renders a shell session.
    let mut repo = TestRepo::new();
    repo.write(
        "site/config.toml",
        "baseURL = \"https://kind.example\"\n[markup.goldmark.renderer]\nunsafe = true\n",
    );
    repo.write("site/static/logo/logo.png", "png");
    repo.write("site/static/images/create.png", "png");
    repo.write(
        "site/content/_index.md",
        "# Home\n\n<img src=\"./logo/logo.png\">\n\n![create](images/create.png) and ![gone](images/gone.png)\n",
    );
    repo.write(
        "site/content/docs/ingress.md",
        "# Ingress\n\n{{< codeFromInline lang=\"bash\" >}}\nINGRESS_IP=$(kubectl get svc)\ncurl ${INGRESS_IP}/foo\n{{< /codeFromInline >}}\n\nThe address is ${INGRESS_HOST} now.\n\n{{< note >}}Set ${API_TOKEN} first.{{< /note >}}\n",
    );
    repo.commit("docs: site");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        findings(&run.stdout, "site/content/_index.md"),
        [(5, "broken-link".to_string(), "error".to_string())],
        "{run:?}"
    );
    assert!(run.stdout.contains("images/gone.png"), "{run:?}");
    // Outside the shortcode the same shape is a placeholder left in the text.
    // So is one in the body of a shortcode that renders prose.
    assert_eq!(
        findings(&run.stdout, "site/content/docs/ingress.md"),
        [
            (8, "placeholder".to_string(), "error".to_string()),
            (10, "placeholder".to_string(), "error".to_string())
        ],
        "{run:?}"
    );
}

#[test]
fn a_site_root_link_is_first_the_sites_page() {
    // expressive-code: TypeDoc templates beside a Starlight site link `/reference/core-api/`
    // as the site serves it, not the template of the same name next to them.
    let mut repo = TestRepo::new();
    repo.write(
        "docs/astro.config.mjs",
        "import starlight from '@astrojs/starlight';\nexport default { integrations: [starlight()] };\n",
    );
    repo.write(
        "docs/src/content/docs/reference/core-api.mdx",
        "---\ntitle: Core API\n---\n\n### ExpressiveCodeTheme\n\nA theme.\n",
    );
    repo.write(
        "docs/scripts/typedoc/templates/reference/core-api.mdx",
        "---\ntitle: Core API\n---\n\n{{ stub }}\n",
    );
    repo.write(
        "docs/scripts/typedoc/templates/reference/configuration.mdx",
        "---\ntitle: Configuration\n---\n\nSee [the theme](/reference/core-api/#expressivecodetheme) and [gone](/reference/core-api/#gone).\n\nTakes [props](#expressivecodeblockprops), whose heading the include writes:\n\n````yml include\nname: \"ExpressiveCodeBlockProps\"\n````\n",
    );
    repo.commit("docs: reference");
    let run = repo.relman(&["lint", "--format", "json"]);
    let found = findings(
        &run.stdout,
        "docs/scripts/typedoc/templates/reference/configuration.mdx",
    );
    assert_eq!(
        found,
        [(5, "broken-link".to_string(), "error".to_string())],
        "{run:?}"
    );
    assert!(run.stdout.contains("#gone"), "{run:?}");
}

#[test]
fn an_astro_sites_aliases_jsx_headings_and_blog_are_read_as_astro_builds_them() {
    // tauri-docs (Starlight): `@assets/…` is a tsconfig path alias, `## Features` inside a
    // JSX element is a heading of the MDX page, and a blog post names the versions of its day.
    let mut repo = TestRepo::new();
    repo.write(
        "package.json",
        "{ \"name\": \"site\", \"version\": \"0.0.1\", \"private\": true }\n",
    );
    repo.write(
        "astro.config.mjs",
        "import starlight from '@astrojs/starlight';\nexport default { integrations: [starlight()] };\n",
    );
    repo.write(
        "tsconfig.json",
        "{\n  // comments are allowed\n  \"compilerOptions\": {\n    \"baseUrl\": \".\",\n    \"paths\": { \"@assets/*\": [\"src/assets/*\"], },\n  },\n}\n",
    );
    repo.write("src/assets/debug/add.png", "png");
    repo.write(
        "src/content/docs/plugin/index.mdx",
        "---\ntitle: Plugins\n---\n\n- [Features](#features) and [gone](#gone)\n\n![add](@assets/debug/add.png) ![missing](@assets/debug/none.png)\n\n<Search>\n  ## Features\n  <FeaturesList />\n</Search>\n",
    );
    repo.write(
        "src/content/docs/blog/tauri-1-1.mdx",
        "---\ntitle: Tauri 1.1.0\n---\n\n# What's New in 1.1.0\n\nTauri 1.1.0 brings a new bundler.\n",
    );
    repo.commit("docs: site");
    let run = repo.relman(&["lint", "--format", "json"]);
    let found = findings(&run.stdout, "src/content/docs/plugin/index.mdx");
    assert_eq!(
        found,
        [
            (5, "broken-link".to_string(), "error".to_string()),
            (7, "broken-link".to_string(), "error".to_string())
        ],
        "{run:?}"
    );
    assert!(run.stdout.contains("#gone"), "{run:?}");
    assert!(run.stdout.contains("none.png"), "{run:?}");
    assert_eq!(
        findings(&run.stdout, "src/content/docs/blog/tauri-1-1.mdx"),
        [],
        "{run:?}"
    );
}

#[test]
fn a_fumadocs_site_takes_a_headings_bracketed_id_and_serves_public() {
    // vercel/swr-site: `## Disable Automatic Revalidations [#disable-automatic-revalidations]`,
    // and Next serves public/img/… at /img/….
    let mut repo = TestRepo::new();
    repo.write(
        "source.config.ts",
        "import { defineDocs } from \"fumadocs-mdx/config\";\nexport const docs = defineDocs({ dir: \"content/docs\" });\n",
    );
    repo.write("public/img/loading.gif", "gif");
    repo.write(
        "content/docs/revalidation.mdx",
        "---\ntitle: Revalidation\n---\n\n## Disable Automatic Revalidations [#disable-automatic-revalidations]\n\nText.\n",
    );
    repo.write(
        "content/docs/guide.mdx",
        "---\ntitle: Guide\n---\n\nSee [this](/docs/revalidation#disable-automatic-revalidations), ![l](/img/loading.gif),\n[that](/docs/revalidation#nope) and ![m](/img/missing.gif).\n",
    );
    repo.commit("docs: site");
    let run = repo.relman(&["lint", "--format", "json"]);
    let found = findings(&run.stdout, "content/docs/guide.mdx");
    assert_eq!(found.len(), 1, "{run:?}");
    assert!(run.stdout.contains("#nope"), "{run:?}");
    let explain = repo.relman(&["lint", "--explain", "broken-link"]);
    assert!(
        explain.stdout.contains("Fumadocs (source.config.ts)"),
        "{explain:?}"
    );
}

#[test]
fn a_jekyll_fragments_anchors_are_its_including_pages() {
    // microsoft/language-server-protocol: specification.md pulls in each part with
    // `{% include_relative %}`; a part's `#location` is an anchor of another part.
    let mut repo = TestRepo::new();
    repo.write("_config.yml", "collections:\n  specifications:\n    output: true\n")
        .write(
            "_specifications/lsp/specification.md",
            "---\ntitle: Spec\n---\n# Spec\n\n## Overview\n\n{% include_relative types/location.md %}\n{% include_relative language/definition.md %}\n",
        )
        .write(
            "_specifications/lsp/types/location.md",
            "#### <a href=\"#location\" name=\"location\" class=\"linkableAnchor\"></a>Location\n\nA location.\n",
        )
        .write(
            "_specifications/lsp/language/definition.md",
            "#### Definition\n\nReturns a [`Location`](#location), see [overview](#overview) and [gone](#workspaceedit).\n",
        )
        // A fragment no page includes is never shown.
        .write("_specifications/lsp/unused.md", "# Unused\n\n[x](#nowhere)\n");
    repo.commit("docs: spec");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        ["_specifications/lsp/language/definition.md:3 broken-link"],
        "{run:?}"
    );
    assert!(
        run.stdout.contains("`#workspaceedit`: no heading or HTML id of `_specifications/lsp/specification.md`, the page that includes this file"),
        "{run:?}"
    );
}

#[test]
fn a_myst_link_naming_no_file_is_a_label_reference() {
    // lxc/incus: `[incus list](incus_list.md)` names the label `(incus_list.md)=`, which
    // MyST resolves when no such file exists. Its conf.py writes those pages as it builds:
    // a label no committed page defines is then a warning, not an error.
    let mut repo = TestRepo::new();
    repo.write("docs/conf.py", "extensions = [\"myst_parser\"]\n")
        .write("docs/reference/show.md", "(tool_show.md)=\n# `tool show`\n")
        .write(
            "docs/index.md",
            "# Demo\n\nSee [show](tool_show.md) and [list](tool_list.md).\n",
        );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        ["docs/index.md:3 broken-link"],
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("no `(tool_list.md)=` label of the project has that name"),
        "{run:?}"
    );
    // Linting one page, the others' labels are not read: a warning that says so.
    let run = repo.relman(&["lint", "docs/index.md"]);
    assert!(
        run.stdout.contains("warning[broken-link]")
            && run.stdout.contains("among the files linted"),
        "{run:?}"
    );
    repo.write(
        "docs/conf.py",
        "import subprocess\nsubprocess.run(['tool', 'manpage', 'gen/'])\nwith open('gen/list.md', 'w') as f:\n    f.write('(tool_list.md)=')\nextensions = [\"myst_parser\"]\n",
    );
    repo.commit("docs: generated pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert!(error_places(&run).is_empty(), "{run:?}");
    assert!(
        run.stdout
            .contains("`docs/conf.py` writes pages when it builds"),
        "{run:?}"
    );
}

#[test]
fn what_a_thirty_eighth_round_of_real_sites_taught_the_lint() {
    let mut repo = TestRepo::new();
    // wagmi (VitePress): an include written with a space, and a fragment in `shared/` whose
    // `#mutate` is a heading of another fragment that the same pages include.
    repo.write("site/.vitepress/config.ts", "export default {}\n")
        .write("site/shared/injected.md", "## Parameters\n\n### target\n")
        .write("site/core/injected.md", "# injected\n\n<!-- @include: @shared/injected.md -->\n")
        .write("site/guide.md", "# Guide\n\nSee [target](/core/injected#target).\n")
        .write("site/shared/options.md", "### onMutate\n\nCalled before [`mutate`](#mutate).\n")
        .write("site/shared/result.md", "### mutate\n\nThe function.\n")
        .write(
            "site/hooks/useSign.md",
            "# useSign\n\n<!--@include: @shared/options.md-->\n\n<!--@include: @shared/result.md-->\n",
        )
        // A page that no page includes is judged as a page.
        .write("site/alone.md", "# Alone\n\n[x](#nowhere)\n")
        // daytona (Starlight): a page that is a component alone, with no heading.
        .write("docs/astro.config.mjs", "import starlight from '@astrojs/starlight'\nexport default { integrations: [starlight()] }\n")
        .write(
            "docs/src/content/docs/api.mdx",
            "---\ntitle: API\n---\n\nimport Api from '../../components/Api.astro'\n\n<Api />\n",
        )
        .write("docs/src/content/docs/index.mdx", "---\ntitle: Home\n---\n\nThe [keys](/api/#daytona/tag/keys).\n")
        // daytona: an agent skill's `{{packageManager}}` is the harness's argument.
        .write(".agents/skills/fix/SKILL.md", "---\nname: fix\ndescription: Fix it.\n---\n\nInstall with {{packageManager}}.\n");
    repo.commit("docs: sites");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        ["site/alone.md:3 broken-link"],
        "{run:?}"
    );
    assert!(run.stdout.contains("the page places components"), "{run:?}");
}

#[test]
fn a_file_an_mkdocs_hook_pastes_into_a_page_links_from_that_page() {
    // nextest: `<!-- include: nextest-runner/repo-config-reference.md -->` in a page, filled
    // by the site's `on_page_markdown` hook; the file's links are the page's.
    let mut repo = TestRepo::new();
    repo.write(
        "site/mkdocs.yml",
        "site_name: t\ndocs_dir: src\nhooks:\n  - hooks/include.py\n",
    )
    .write(
        "site/hooks/include.py",
        "def on_page_markdown(markdown, page, config, files):\n    return markdown\n",
    )
    .write(
        "site/src/docs/ref.md",
        "# Reference\n\n<!-- include: lib/ref.md -->\n\n<!-- include: README.md -->\n",
    )
    // A README is GitHub's page of its folder: its links stay its own.
    .write("README.md", "# Tool\n\n[lib](lib/ref.md)\n")
    .write("site/src/docs/other.md", "# Other\n\n## Setup\n")
    .write(
        "lib/ref.md",
        "## Options\n\nSee [setup](other.md#setup) and [gone](gone.md).\n",
    );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(error_places(&run), ["lib/ref.md:3 broken-link"], "{run:?}");
    assert!(
        run.stdout.contains("resolved to `site/src/docs/gone.md`"),
        "{run:?}"
    );
}

#[test]
fn what_a_thirty_ninth_round_of_real_sites_taught_the_lint() {
    let mut repo = TestRepo::new();
    // argo: template syntax a sentence shows is a warning; an unfilled one stays an error.
    repo.write(
        "docs/links.md",
        "# Links\n\nThe URL can contain \"${metadata.name}\", e.g: ${NodeID}.\n\nUsable in your template as '{{item}}'.\n\nReleased on {{ release_date }}.\n",
    )
    // kueue: `${namespace}` is a Grafana variable the page has the reader create.
    .write(
        "docs/grafana.md",
        "# Grafana\n\n1. Click `+ New variable`.\n    - Set `Variable Type` to `Query`.\n    - Enter `namespace` in the `Name` field.\n2. Enter https://x.svc/namespaces/${namespace}/queues.\n",
    )
    // electric (VitePress): a component's start tag over several lines gives its id.
    .write("site/.vitepress/config.ts", "export default {}\n")
    .write(
        "site/pricing.md",
        "# Pricing\n\n<EaSection\n  id=\"calculator\"\n  :dark=\"true\"\n>\n  Calculator.\n</EaSection>\n",
    )
    .write("site/index.md", "# Home\n\n[calc](/pricing#calculator) [gone](/pricing#gone)\n");
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        ["docs/links.md:7 placeholder", "site/index.md:3 broken-link"],
        "{run:?}"
    );
    assert_eq!(
        run.stdout
            .matches("reads as a notation the sentence shows")
            .count(),
        4,
        "{run:?}"
    );
    assert!(run.stdout.contains("#gone"), "{run:?}");
}

#[test]
fn a_multilingual_hugo_site_resolves_a_page_link_from_its_language_root_too() {
    // kueue: Hugo's embedded link render hook (a multilingual single-host site) finds
    // `docs/tasks/run/x.md` with GetPage: from the page, then from the language's content.
    let mut repo = TestRepo::new();
    repo.write(
        "site/hugo.toml",
        "baseURL = \"/\"\n[languages]\n  [languages.en]\n    contentDir = \"content/en\"\n  [languages.zh-CN]\n    contentDir = \"content/zh-CN\"\n",
    );
    for lang in ["en", "zh-CN"] {
        repo.write(&format!("site/content/{lang}/docs/tasks/run/x.md"), "# X\n")
            .write(
                &format!("site/content/{lang}/docs/concepts/multi.md"),
                "# Multi\n\n[x](docs/tasks/run/x.md) [y](docs/tasks/run/y.md)\n",
            );
    }
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        [
            "site/content/en/docs/concepts/multi.md:3 broken-link",
            "site/content/zh-CN/docs/concepts/multi.md:3 broken-link"
        ],
        "{run:?}"
    );
    assert!(!run.stdout.contains("`docs/tasks/run/x.md`"), "{run:?}");
}

#[test]
fn commits_cited_for_a_release_never_tagged_here_are_not_looked_up() {
    // wagmi's connectors came in with their 2.x changelog: those Changesets entries cite the
    // commits of the repository they were made in. Releases tagged here are checked.
    let mut repo = TestRepo::new();
    repo.write(
        "CHANGELOG.md",
        "# Changelog\n\n## 3.0.0\n\n- 0a1b2c3: Added a thing\n\n## 2.7.0\n\n- 131a337: Added Desig Wallet name mapping.\n",
    )
    .write("VERSION", "3.0.0\n");
    repo.commit("chore: release 3.0.0");
    repo.tag("v3.0.0");
    let run = repo.relman(&["lint"]);
    assert!(run.stdout.contains("`0a1b2c3` is cited"), "{run:?}");
    assert!(!run.stdout.contains("131a337"), "{run:?}");
    assert!(
        run.stderr.contains(
            "1 cited hash(es) in CHANGELOG.md's sections of releases this repository never tagged"
        ),
        "{run:?}"
    );
}

#[test]
fn a_jekyll_page_is_linked_by_its_permalink() {
    // pmd: every page sets a flat permalink (`pmd_cli.html`, with or without its leading
    // `/`), and pages link each other, and their images, from those URLs.
    let mut repo = TestRepo::new();
    repo.write("docs/_config.yml", "markdown: kramdown\n")
        .write("docs/images/logo.png", "png")
        .write(
            "docs/index.md",
            "---\ntitle: Home\npermalink: /index.html\n---\n\n# Home\n\n[cli](pmd_cli.html#options) [gone](pmd_cli.html#nope) [none](pmd_none.html)\n",
        )
        .write(
            "docs/pages/user/cli.md",
            "---\ntitle: CLI\npermalink: pmd_cli.html\n---\n\n## Options\n\n![logo](images/logo.png) [home](index.html)\n",
        );
    repo.commit("docs: pages");
    let run = repo.relman(&["lint", "--format", "json"]);
    assert_eq!(
        error_places(&run),
        ["docs/index.md:8 broken-link", "docs/index.md:8 broken-link"],
        "{run:?}"
    );
    assert!(
        run.stdout.contains("#nope") && run.stdout.contains("pmd_none.html"),
        "{run:?}"
    );
}

/// A version file relman cannot read as SemVer (a Python beta as PEP 440 writes it) does not
/// stop the lint: the docs are linted, and the version is a warning at its place.
#[test]
fn a_version_that_is_not_semver_leaves_the_lint_running() {
    let mut repo = TestRepo::new();
    repo.write(
        "pyproject.toml",
        "[project]\nname = \"hub\"\nversion = \"6.0.0b2\"\n",
    )
    .write("README.md", "# Hub\n\nSee [missing](nope.md).\n");
    repo.commit("chore: beta");
    let run = repo.relman(&["lint"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("README.md:3:15: error[broken-link]: `nope.md` does not exist"),
        "{run:?}"
    );
    assert!(
        run.stdout.contains(
            "pyproject.toml:3:12: warning[version-mismatch]: version \"6.0.0b2\" is not SemVer"
        ),
        "{run:?}"
    );
    assert!(
        run.stderr
            .contains("version claims are not checked against it"),
        "{run:?}"
    );
}

#[test]
fn changelog_order_follows_the_tags_where_semver_disagrees() {
    // tauri: `1.0.0-beta-rc.1` was released before `1.0.0-beta.0`, though SemVer ranks it
    // higher; listed below it, it is in order. Tagged the other way round, it is not.
    let changelog = "# Changelog\n\n## \\[1.0.0-beta.0]\n\n- First beta.\n\n\
                     ## \\[1.0.0-beta-rc.1]\n\n- Second candidate.\n\n## \\[1.0.0-beta-rc.0]\n\n- First.\n";
    for (tags, in_order) in [
        (
            ["v1.0.0-beta-rc.0", "v1.0.0-beta-rc.1", "v1.0.0-beta.0"],
            true,
        ),
        (
            ["v1.0.0-beta-rc.0", "v1.0.0-beta.0", "v1.0.0-beta-rc.1"],
            false,
        ),
    ] {
        let mut repo = TestRepo::new();
        repo.write("CHANGELOG.md", changelog);
        for (n, tag) in tags.iter().enumerate() {
            repo.write("VERSION", &format!("{}\n", tag.trim_start_matches('v')));
            repo.commit(&format!("chore: release {n}"));
            repo.tag(tag);
        }
        let run = repo.relman(&["lint", "CHANGELOG.md"]);
        let out_of_order = run
            .stdout
            .contains("1.0.0-beta-rc.1 is listed below 1.0.0-beta.0");
        assert_eq!(out_of_order, !in_order, "{tags:?}: {run:?}");
        assert_eq!(run.code, i32::from(!in_order), "{tags:?}: {run:?}");
    }
}
