//! relman in CI and editors: baselines, `--changed-since`, the GitLab and check-commit
//! formats, GitHub step summaries, colours, completions and the man page.

mod common;
#[path = "common/schema.rs"]
mod schema;

use std::fmt::Write as _;

use common::{command, TestRepo};

fn json(stdout: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}

/// (path, line, rule) of every finding of a json report.
fn found(stdout: &str) -> Vec<(String, u64, String)> {
    json(stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_baseline_fails_only_on_new_findings_whatever_lines_move() {
    let mut repo = TestRepo::new();
    repo.write(
        "README.md",
        "# Project\n\nSee [the guide](guide.md).\n\nRelease {{ version }}.\n",
    );
    repo.commit("docs: readme");
    let run = repo.relman(&["lint"]);
    assert_eq!(run.code, 1, "two old findings: {run:?}");

    let run = repo.relman(&["lint", "--write-baseline", ".relman-baseline.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("wrote 2 finding(s) to .relman-baseline.json"),
        "{run:?}"
    );
    let file = json(&repo.read(".relman-baseline.json"));
    assert_eq!(file["tool"], "relman lint");
    assert_eq!(file["findings"].as_array().unwrap().len(), 2);

    let run = repo.relman(&["lint", "--baseline", ".relman-baseline.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.contains("2 finding(s) left out"), "{run:?}");

    // Lines move down, and one new finding comes in: only it fails.
    repo.write(
        "README.md",
        "# Project\n\nA new intro.\n\nMore.\n\nSee [the guide](guide.md).\n\nRelease {{ version }}.\n\nAnd ${NAME}.\n",
    );
    let run = repo.relman(&[
        "lint",
        "--baseline",
        ".relman-baseline.json",
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        found(&run.stdout),
        vec![("README.md".to_string(), 11, "placeholder".to_string())],
        "{run:?}"
    );

    // A lint of another file says nothing of README.md's findings.
    repo.write("other.md", "# Other\n");
    let run = repo.relman(&["lint", "other.md", "--baseline", ".relman-baseline.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stderr.contains("gone"), "{run:?}");

    // One old finding fixed: the baseline can shrink, which is a note, not an error.
    repo.write("README.md", "# Project\n\nRelease {{ version }}.\n");
    let run = repo.relman(&["lint", "--baseline", ".relman-baseline.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stderr
            .contains("1 finding(s) of .relman-baseline.json are gone")
            && run
                .stderr
                .contains("--write-baseline .relman-baseline.json"),
        "{run:?}"
    );
}

#[test]
fn a_baseline_that_cannot_be_read_is_exit_2_with_its_position() {
    let mut repo = TestRepo::new();
    repo.write("README.md", "# x\n");
    repo.write("base.json", "{\n  \"tool\": \"relman lint\",\n  \"version\": 1,\n  \"findings\": [ {\"rule\": 1} ]\n}\n");
    let run = repo.relman(&["lint", "--baseline", "base.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("base.json:4:"), "{run:?}");
    let run = repo.relman(&["lint", "--baseline", "missing.json"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .contains("missing.json: cannot read the baseline"),
        "{run:?}"
    );
}

#[test]
fn changed_since_lints_the_changed_files_and_those_linking_into_them() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.0.0\n");
    repo.write("docs/guide.md", "# Guide\n\n## Install\n\nRun it.\n");
    repo.write(
        "docs/index.md",
        "# Index\n\nSee [install](guide.md#install).\n",
    );
    repo.write("docs/refs.md", "# Refs\n\nThe [old page](old.md).\n");
    repo.write("docs/old.md", "# Old\n");
    repo.write(
        "docs/status.md",
        "# Status\n\nThe current version is 1.0.0.\n",
    );
    repo.write(
        "docs/unrelated.md",
        "# Unrelated\n\nAn old finding: {{ leftover }}.\n",
    );
    repo.commit("docs: pages");
    let base = repo.head();

    // Nothing changed: nothing to lint, and the old finding elsewhere is not reported.
    let run = repo.relman(&["lint", "--changed-since", &base, "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(found(&run.stdout), vec![], "{run:?}");

    // A heading renamed (uncommitted), a page deleted (committed), the version bumped
    // (staged): the files they break are reported, though nobody touched them.
    repo.write("docs/guide.md", "# Guide\n\n## Installation\n\nRun it.\n");
    std::fs::remove_file(repo.path().join("docs/old.md")).unwrap();
    repo.commit("docs: drop the old page");
    repo.write("VERSION", "1.1.0\n");
    repo.git(&["add", "VERSION"]);
    let run = repo.relman(&["lint", "--changed-since", &base, "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let mut got = found(&run.stdout);
    got.sort();
    assert_eq!(
        got,
        vec![
            ("docs/index.md".to_string(), 3, "broken-link".to_string()),
            ("docs/refs.md".to_string(), 3, "broken-link".to_string()),
            (
                "docs/status.md".to_string(),
                3,
                "version-mismatch".to_string()
            ),
        ],
        "{run:?}"
    );
    assert!(
        run.stderr.contains("3 of 5 file(s) linted: 0 changed, 2 linking into a changed file, 1 naming a version that changed")
            || run.stderr.contains("4 of 5 file(s) linted: 1 changed, 2 linking into a changed file, 1 naming a version that changed"),
        "{run:?}"
    );
    assert!(!run.stdout.contains("unrelated.md"), "{run:?}");

    let run = repo.relman(&["lint", "--changed-since", "no-such-ref"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no-such-ref"), "{run:?}");
}

#[test]
fn gitlab_code_quality_has_the_documented_fields() {
    let mut repo = TestRepo::new();
    repo.write("README.md", "# x\n\nSee [y](missing.md). TODO: more.\n");
    let run = repo.relman(&["lint", "--format", "gitlab"]);
    assert_eq!(run.code, 1, "{run:?}");
    let issues = json(&run.stdout);
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 2, "{run:?}");
    let mut fingerprints = std::collections::HashSet::new();
    for issue in issues {
        for key in ["description", "check_name", "fingerprint", "severity"] {
            assert!(issue[key].is_string(), "{key}: {issue}");
        }
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&issue["severity"].as_str().unwrap()));
        assert_eq!(issue["location"]["path"], "README.md");
        assert_eq!(issue["location"]["lines"]["begin"], 3);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()));
    }
    assert_eq!(issues[0]["check_name"], "broken-link");
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(issues[1]["severity"], "minor", "a warning");
}

#[test]
fn the_step_summary_gets_a_table_of_every_finding() {
    let mut repo = TestRepo::new();
    let mut findings = String::new();
    for n in 1..=15 {
        let _ = write!(findings, "Line {n}: {{{{ x{n} }}}}\n\n");
    }
    repo.write("README.md", &format!("# x\n\n{findings}"));
    repo.commit("docs: readme");
    repo.write("a.md", "# a\n");
    repo.commit("docs: a");
    repo.write("ok.md", "# ok\n");
    repo.commit("Update things");
    let summary = repo.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let env = [("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())];
    let out = command(
        repo.path(),
        &["lint", "--format", "github", "README.md"],
        &env,
    )
    .output()
    .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let run = command(
        repo.path(),
        &[
            "check-commit",
            "--range",
            "HEAD~2..HEAD",
            "--format",
            "github",
        ],
        &env,
    )
    .output()
    .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.starts_with("::error title=conventional-commit::")
            && stdout.contains("\"Update things\""),
        "{stdout}"
    );
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("earlier step\n### relman lint\n"),
        "appended: {text}"
    );
    assert!(
        text.contains("1 file(s) checked: 15 error(s), 0 warning(s)"),
        "{text}"
    );
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("| error | `placeholder` |"))
            .count(),
        15,
        "every finding, not only ten: {text}"
    );
    assert!(text.contains("`README.md:31:10`"), "{text}");
    assert!(
        text.contains(
            "### relman check-commit\n\n2 commit message(s) checked: 1 not a Conventional Commit"
        ),
        "{text}"
    );
    assert!(text.contains("Update things |"), "{text}");
}

#[test]
fn check_commit_speaks_json_and_sarif() {
    let mut repo = TestRepo::new();
    repo.write("MSG", "# a comment\nupdate the readme\n");
    let run = repo.relman(&["check-commit", "MSG", "--format", "json"]);
    assert_eq!(run.code, 1, "{run:?}");
    let v = json(&run.stdout);
    assert_eq!(v[0]["rule"], "conventional-commit");
    assert_eq!(v[0]["path"], "MSG");
    assert_eq!(v[0]["line"], 2);
    let run = repo.relman(&["check-commit", "MSG", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{run:?}");
    let sarif = json(&run.stdout);
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "conventional-commit"
    );
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "MSG");
    assert_eq!(location["region"]["startLine"], 2);
    repo.write("MSG", "fix: a good one\n");
    let run = repo.relman(&["check-commit", "MSG", "--format", "json"]);
    assert_eq!((run.code, run.stdout.trim()), (0, "[]"), "{run:?}");
}

#[test]
fn human_findings_start_with_their_place_and_colour_follows_the_conventions() {
    let mut repo = TestRepo::new();
    repo.write("README.md", "# x\n\nSee {{ y }}.\n");
    let run = repo.relman(&["lint"]);
    let first = run.stdout.lines().next().unwrap();
    assert!(
        first.starts_with("README.md:3:5: error[placeholder]: "),
        "{run:?}"
    );
    assert!(!run.stdout.contains('\x1b'), "NO_COLOR: {run:?}");
    let coloured = |env: &[(&str, &str)], remove_no_color: bool| {
        let mut c = command(repo.path(), &["lint"], env);
        if remove_no_color {
            c.env_remove("NO_COLOR");
        }
        String::from_utf8_lossy(&c.output().unwrap().stdout).contains('\x1b')
    };
    assert!(!coloured(&[], true), "a pipe is not a terminal");
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], true));
    assert!(
        !coloured(&[("CLICOLOR_FORCE", "1")], false),
        "NO_COLOR wins"
    );
    let out = command(repo.path(), &["--color", "always", "lint"], &[])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains('\x1b'));
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let repo = TestRepo::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = repo.relman(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {run:?}");
        assert!(
            run.stdout.contains("check-commit") && run.stdout.contains("changed-since"),
            "{shell}: {}",
            &run.stdout[..run.stdout.len().min(300)]
        );
    }
    // The bash script is valid bash, and registers the completion.
    let script = repo.relman(&["completions", "bash"]).stdout;
    let path = repo.path().join("relman.bash");
    std::fs::write(&path, script).unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source '{}' && complete -p relman", path.display()))
        .output();
    if let Ok(out) = out {
        assert!(out.status.success(), "{out:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("relman"),
            "{out:?}"
        );
    }
    let run = repo.relman(&["completions", "tcsh"]);
    assert_eq!(run.code, 2, "{run:?}");

    let run = repo.relman(&["man"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout.contains(".TH relman 1"),
        "{}",
        &run.stdout[..200]
    );
    for section in ["RELMAN LINT", "RELMAN CHECK-COMMIT", "RELMAN RELEASE"] {
        assert!(
            run.stdout.contains(&format!(".SH \"{section}\"")),
            "{section}"
        );
    }
    assert!(
        run.stdout.contains("\\-\\-baseline"),
        "lint's flags are there"
    );
}

#[test]
fn output_cut_short_by_a_closed_pipe_ends_quietly() {
    // `relman completions fish | head -2`: clap_complete panicked on the closed pipe.
    let repo = TestRepo::new();
    for args in [
        &["completions", "fish"][..],
        &["completions", "zsh"],
        &["man"],
    ] {
        // A pipe whose reading end is closed before relman writes: every write fails.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(common::bin())
            .args(args)
            .current_dir(repo.path())
            .stdout(writer)
            .stderr(std::process::Stdio::piped())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

fn schema(name: &str) -> serde_json::Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/schemas")
        .join(name);
    json(&std::fs::read_to_string(path).unwrap())
}

#[test]
fn sarif_and_gitlab_reports_validate_against_their_schemas() {
    let mut repo = TestRepo::new();
    repo.write(
        "docs/a b.md",
        "# A\n\nSee [x](missing.md), {{ y }}, caf\u{c3}\u{a9}.\n\n```sh\nls\n```text\n\nTODO: z.\n",
    );
    repo.write("README.md", "# R\n\n[ok](docs/a%20b.md)\n");
    repo.commit("docs: pages");
    repo.write("MSG", "bad message\n");
    repo.write("x.md", "# x\n");
    repo.commit("Update x");
    let sarif = schema("sarif-schema-2.1.0.json");
    let gitlab = schema("gitlab-code-quality.json");

    let run = repo.relman(&["lint", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{run:?}");
    let log = json(&run.stdout);
    assert!(
        log["runs"][0]["results"].as_array().unwrap().len() >= 4,
        "{run:?}"
    );
    let errors = schema::validate(&sarif, &log);
    assert!(errors.is_empty(), "{errors:#?}");

    for args in [
        &["check-commit", "MSG", "--format", "sarif"][..],
        &[
            "check-commit",
            "--range",
            "HEAD~1..HEAD",
            "--format",
            "sarif",
        ][..],
    ] {
        let run = repo.relman(args);
        assert_eq!(run.code, 1, "{run:?}");
        let errors = schema::validate(&sarif, &json(&run.stdout));
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }

    let run = repo.relman(&["lint", "--format", "gitlab"]);
    let report = json(&run.stdout);
    assert!(report.as_array().unwrap().len() >= 4, "{run:?}");
    let errors = schema::validate(&gitlab, &report);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator is not a yes-man: a report missing a field fails.
    let mut broken = report.clone();
    broken[0].as_object_mut().unwrap().remove("fingerprint");
    broken[1]["severity"] = "error".into();
    assert_eq!(schema::validate(&gitlab, &broken).len(), 2);
    let mut bad_log = log.clone();
    bad_log["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema::validate(&sarif, &bad_log).is_empty());
}

#[test]
fn changed_since_follows_links_in_every_form_the_lint_reads() {
    let mut repo = TestRepo::new();
    repo.write("docs/guide/setup.md", "# Setup\n\n## Install\n");
    repo.write("docs/guide/README.md", "# Guide\n\n## Intro\n");
    repo.write("docs/my file.md", "# My file\n\n## Part\n");
    repo.write(
        "docs/upper.md",
        "# U\n\n<A HREF=guide/setup.md#install>x</A>\n",
    );
    repo.write("docs/pct.md", "# P\n\n[y](my%20file.md#part)\n");
    repo.write("docs/dir.md", "# D\n\n[z](guide/#intro)\n");
    repo.commit("docs: pages");
    repo.write("docs/guide/setup.md", "# Setup\n\n## Installing\n");
    repo.write("docs/guide/README.md", "# Guide\n\n## Introduction\n");
    repo.write("docs/my file.md", "# My file\n\n## Parts\n");
    let full = repo.relman(&["lint", "--format", "json"]);
    let changed = repo.relman(&["lint", "--changed-since", "HEAD", "--format", "json"]);
    assert_eq!(full.code, 1, "{full:?}");
    let mut want = found(&full.stdout);
    let mut got = found(&changed.stdout);
    want.sort();
    got.sort();
    assert_eq!(want.len(), 3, "{full:?}");
    assert_eq!(got, want, "{changed:?}");
}

#[test]
fn changed_since_keeps_the_links_it_read_and_reads_again_only_what_changed() {
    let mut repo = TestRepo::new();
    repo.write("docs/a.md", "# A\n\n## One\n");
    repo.write("docs/b.md", "# B\n\nSee [one](a.md#one).\n");
    repo.write("docs/c.md", "# C\n\n## Two\n");
    repo.write("docs/d.md", "# D\n\nSee [two](c.md#two).\n");
    repo.commit("docs: pages");
    repo.write("docs/a.md", "# A\n\n## Uno\n");
    let lint = |repo: &TestRepo| {
        let run = repo.relman(&["lint", "--changed-since", "HEAD", "--format", "json"]);
        let mut got = found(&run.stdout);
        got.sort();
        (run, got)
    };
    let broken = |path: &str| vec![(path.to_string(), 3, "broken-link".to_string())];
    // The first run reads the three files that did not change, and keeps their links.
    let (run, got) = lint(&repo);
    assert_eq!(got, broken("docs/b.md"), "{run:?}");
    assert!(
        run.stderr.contains("; 3 read, the others' links known"),
        "{run:?}"
    );
    let kept = std::fs::read(repo.path().join(".git/relman/links")).unwrap();
    assert!(kept.starts_with(b"relman-links 3 "), "{kept:?}");
    // b's destination, and c's and d's: three contents, three entries.
    assert!(kept.windows(4).any(|w| w == b"a.md"), "{kept:?}");
    let header = b"relman-links 3 ".len() + env!("CARGO_PKG_VERSION").len() + 1;
    assert_eq!(kept[header..header + 4], 3u32.to_le_bytes(), "{kept:?}");
    // The second reads none.
    let (run, got) = lint(&repo);
    assert_eq!(got, broken("docs/b.md"), "{run:?}");
    assert!(run.stderr.contains("; 0 read,"), "{run:?}");
    // Links moved by a commit: the files whose content changed are read again.
    repo.write("docs/b.md", "# B\n\nSee [two](c.md#two).\n");
    repo.write("docs/d.md", "# D\n\nNo links.\n");
    repo.commit("docs: move the links");
    repo.write("docs/c.md", "# C\n\n## Deux\n");
    let (run, got) = lint(&repo);
    assert_eq!(got, broken("docs/b.md"), "{run:?}");
    assert!(run.stderr.contains("; 3 read,"), "a, b and d: {run:?}");
    // A damaged index is rebuilt, with the same answer.
    std::fs::write(repo.path().join(".git/relman/links"), "garbage\n\0").unwrap();
    let (run, got) = lint(&repo);
    assert_eq!(got, broken("docs/b.md"), "{run:?}");
    assert!(run.stderr.contains("; 3 read,"), "{run:?}");
    let (run, _) = lint(&repo);
    assert!(run.stderr.contains("; 0 read,"), "{run:?}");
    // Entries whose destinations point past the end of the file (a header that reads
    // well): the files are read instead, the same answer, and the file is written again.
    let file = repo.path().join(".git/relman/links");
    let mut bent = std::fs::read(&file).unwrap();
    let header = b"relman-links 3 ".len() + env!("CARGO_PKG_VERSION").len() + 1;
    let entries = u32::from_le_bytes(bent[header..header + 4].try_into().unwrap()) as usize;
    for e in 0..entries {
        let at = header + 12 + e * 28 + 20;
        bent[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
    }
    std::fs::write(&file, &bent).unwrap();
    let (run, got) = lint(&repo);
    assert_eq!(got, broken("docs/b.md"), "{run:?}");
    assert_ne!(
        std::fs::read(&file).unwrap(),
        bent,
        "the file is written again"
    );
    // Nothing of it is left in the working tree.
    assert_eq!(repo.git(&["status", "--porcelain"]).trim(), "M docs/c.md");
}

#[test]
fn the_anchors_of_pages_a_partial_lint_follows_are_kept_for_their_content_alone() {
    let mut repo = TestRepo::new();
    repo.write("docs/a.md", "# A\n\nSee [b](b.md#intro).\n");
    repo.write("docs/b.md", "# B\n\n## Intro\n");
    // Written a minute ago, b is not racily clean in an index written now (the stat data
    // of a file written in the instant the index was cannot tell it from its content).
    let settle = |repo: &TestRepo| {
        let b = std::fs::File::options()
            .write(true)
            .open(repo.path().join("docs/b.md"))
            .unwrap();
        let past = std::time::SystemTime::now() - std::time::Duration::from_mins(1);
        b.set_modified(past).unwrap();
    };
    settle(&repo);
    repo.commit("docs: pages");
    let lint = |repo: &TestRepo| {
        let run = repo.relman(&["lint", "docs/a.md", "--format", "json"]);
        (found(&run.stdout), run)
    };
    let broken = vec![("docs/a.md".to_string(), 3, "broken-link".to_string())];
    let (got, run) = lint(&repo);
    assert!(got.is_empty(), "{run:?}");
    let file = repo.path().join(".git/relman/anchors");
    let kept = std::fs::read(&file).unwrap();
    assert!(kept.starts_with(b"relman-anchors 1 "), "{kept:?}");
    // The kept anchors answer for b while its content is the one they were found in: a
    // name bent in the file is what the next run sees.
    let at = kept.windows(5).position(|w| w == b"intro").unwrap();
    let mut bent = kept.clone();
    bent[at..at + 5].copy_from_slice(b"intrx");
    std::fs::write(&file, &bent).unwrap();
    assert_eq!(lint(&repo).0, broken, "read from the kept file");
    std::fs::write(&file, &kept).unwrap();
    assert!(lint(&repo).0.is_empty());
    // b changed in the working tree, staged, then back: each time read as it is.
    repo.write("docs/b.md", "# B\n\n## Introduction\n");
    assert_eq!(lint(&repo).0, broken, "changed, not staged");
    repo.git(&["add", "docs/b.md"]);
    assert_eq!(lint(&repo).0, broken, "staged");
    repo.write("docs/b.md", "# B\n\n## Intro\n");
    settle(&repo);
    repo.git(&["add", "docs/b.md"]);
    assert!(lint(&repo).0.is_empty(), "back");
    // A file of another kind is no answer: read again, and written again.
    std::fs::write(&file, b"garbage").unwrap();
    assert!(lint(&repo).0.is_empty());
    assert!(std::fs::read(&file)
        .unwrap()
        .starts_with(b"relman-anchors 1 "));
}

#[test]
fn anchors_read_from_bytes_that_are_not_the_staged_blob_are_not_kept() {
    // Only the size and modification time compared (core.checkStat=minimal, no ctime): a
    // file rewritten with other bytes of the same length and its old time looks unchanged.
    let mut repo = TestRepo::new();
    repo.git(&["config", "core.trustctime", "false"]);
    repo.git(&["config", "core.checkStat", "minimal"]);
    repo.write("docs/a.md", "# A\n\nSee [b](b.md#intro).\n");
    repo.write("docs/b.md", "# B\n\n## Intro\n");
    let b = repo.path().join("docs/b.md");
    let past = std::time::SystemTime::now() - std::time::Duration::from_mins(1);
    let set_time = |path: &std::path::Path| {
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(past)
            .unwrap();
    };
    set_time(&b);
    repo.commit("docs: pages");
    std::fs::write(&b, "# B\n\n## Intrx\n").unwrap();
    set_time(&b);
    let run = repo.relman(&["lint", "docs/a.md", "--format", "json"]);
    assert_eq!(
        found(&run.stdout),
        [("docs/a.md".to_string(), 3, "broken-link".to_string())],
        "the page as it is on disk: {run:?}"
    );
    assert!(
        !repo.path().join(".git/relman/anchors").exists(),
        "nothing kept for bytes that are not the blob"
    );
}

#[test]
fn changed_since_finds_a_link_to_a_folder_its_last_page_left() {
    // The folder is still on disk, empty: the lint sees no folder there, and neither does
    // the choice of files.
    let mut repo = TestRepo::new();
    repo.write("docs/old/page.md", "# Page\n");
    repo.write("docs/index.md", "# Index\n\nSee [the old pages](old/).\n");
    repo.write("docs/other.md", "# Other\n");
    repo.commit("docs: pages");
    std::fs::remove_file(repo.path().join("docs/old/page.md")).unwrap();
    assert!(repo.path().join("docs/old").is_dir());
    let full = repo.relman(&["lint", "--format", "json"]);
    let changed = repo.relman(&["lint", "--changed-since", "HEAD", "--format", "json"]);
    let want = vec![("docs/index.md".to_string(), 3, "broken-link".to_string())];
    assert_eq!(found(&full.stdout), want, "{full:?}");
    assert_eq!(found(&changed.stdout), want, "{changed:?}");
}

#[test]
fn changed_since_follows_zola_internal_links() {
    let mut repo = TestRepo::new();
    repo.write("site/config.toml", "base_url = \"https://example.org\"\n");
    repo.write("site/content/blog/post.md", "+++\n+++\n\n## Foo\n");
    repo.write("site/content/blog/old.md", "+++\n+++\n\n## Old\n");
    repo.write(
        "site/content/a.md",
        "+++\n+++\n\nSee [foo](@/blog/post.md#foo) and [old](@/blog/old.md).\n",
    );
    repo.commit("docs: pages");
    repo.write("site/content/blog/post.md", "+++\n+++\n\n## Bar\n");
    std::fs::remove_file(repo.path().join("site/content/blog/old.md")).unwrap();
    let full = repo.relman(&["lint", "--format", "json"]);
    let changed = repo.relman(&["lint", "--changed-since", "HEAD", "--format", "json"]);
    assert_eq!(found(&full.stdout).len(), 2, "{full:?}");
    assert_eq!(found(&changed.stdout), found(&full.stdout), "{changed:?}");
}

#[test]
fn a_version_bump_keeps_baselined_findings_baselined() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.3.0\n");
    repo.write("install.md", "# Install\n\nVersion bumped to 1.2.0.\n");
    repo.commit("docs: install");
    let run = repo.relman(&["lint", "--write-baseline", "base.json"]);
    assert!(run.stderr.contains("wrote 1 finding(s)"), "{run:?}");
    repo.write("VERSION", "1.4.0\n");
    let run = repo.relman(&["lint", "--baseline", "base.json"]);
    assert_eq!(run.code, 0, "{run:?}");
    // A partial baseline is refused.
    let run = repo.relman(&[
        "lint",
        "--write-baseline",
        "b.json",
        "--changed-since",
        "HEAD",
    ]);
    assert_eq!(run.code, 2, "{run:?}");
}
