//! `relman status`: the progress of rendered plans and checklists, their go/no-go items and
//! whether they are about the release the repository is preparing.

mod common;

use common::{relman_env, TestRepo};

const DATE: &str = "2024-06-01";

/// A service at 1.4.0 with a migration since, whose release documents are configured.
fn service() -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"shop\"\nversion = \"1.4.0\"\n",
    )
    .write(
        "release.toml",
        "[documents]\nplan = \"docs/releases/PLAN_{{version}}.md\"\nchecklist = \"docs/releases/CHECKLIST_{{version}}.md\"\n",
    );
    repo.commit("feat: first cut");
    repo.tag("v1.4.0");
    repo.write(
        "db/migrate/20240301_add_total.rb",
        "class AddTotal\n  def change\n    add_column :orders, :total, :integer\n  end\nend\n",
    );
    repo.commit("feat(orders): store the total");
    repo
}

/// Render the plan and checklist where `[documents]` puts them.
fn render_documents(repo: &TestRepo, version: &str) {
    for (name, file) in [("plan", "PLAN"), ("checklist", "CHECKLIST")] {
        let out = format!("docs/releases/{file}_{version}.md");
        let run = repo.relman(&["render", name, "--date", DATE, "--output", &out]);
        assert_eq!(run.code, 0, "{run:?}");
    }
}

/// Check every box of a file but those whose line contains `keep`.
fn check_all_but(repo: &mut TestRepo, path: &str, keep: &str) {
    let text: String = repo
        .read(path)
        .lines()
        .map(|l| {
            if l.contains(keep) {
                format!("{l}\n")
            } else {
                format!("{}\n", l.replacen("- [ ]", "- [x]", 1))
            }
        })
        .collect();
    repo.write(path, &text);
}

#[test]
fn documents_not_written_yet_are_no_go() {
    let repo = service();
    let run = repo.relman(&["status"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .contains("docs/releases/PLAN_1.5.0.md: not written yet"),
        "{run:?}"
    );
    assert!(
        run.stdout
            .contains("no-go for 1.5.0: 2 document(s), 0 open go/no-go item(s), 2 not written"),
        "{run:?}"
    );
}

#[test]
fn partly_checked_documents_list_their_open_go_no_go_items() {
    let mut repo = service();
    render_documents(&repo, "1.5.0");
    check_all_but(
        &mut repo,
        "docs/releases/CHECKLIST_1.5.0.md",
        "A backup was taken",
    );
    let run = repo.relman(&["status"]);
    assert_eq!(run.code, 1, "{run:?}");
    // Every item of the checklist gates; only the sign-off gates the plan.
    assert!(
        run.stdout.contains(
            "docs/releases/CHECKLIST_1.5.0.md: Go/no-go checklist: shop 1.5.0: 9 of 10 done"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  Database  2/3\n"), "{}", run.stdout);
    assert!(run.stdout.contains(
        "open go/no-go: docs/releases/CHECKLIST_1.5.0.md:13: Database: A backup was taken and restores."
    ), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("Sign-off: Staging verified by: the release manager"));
    assert!(
        run.stdout
            .ends_with("no-go for 1.5.0: 2 document(s), 2 open go/no-go item(s)\n"),
        "{}",
        run.stdout
    );

    let json = repo.relman(&["status", "--format", "json"]);
    assert_eq!(json.code, 1);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["prepared"], "1.5.0");
    assert_eq!(v["go"], false);
    assert_eq!(v["open_gates"], 2);
    let checklist = &v["documents"][0];
    assert_eq!(checklist["checklist"], true);
    assert_eq!(checklist["version"], "1.5.0");
    assert_eq!(
        (checklist["done"].as_u64(), checklist["total"].as_u64()),
        (Some(9), Some(10))
    );
    assert_eq!(checklist["open_gates"][0]["section"], "Database");
    assert_eq!(checklist["open_gates"][0]["line"], 13);

    // Everything checked: go, exit 0.
    check_all_but(
        &mut repo,
        "docs/releases/CHECKLIST_1.5.0.md",
        "no line has this",
    );
    check_all_but(&mut repo, "docs/releases/PLAN_1.5.0.md", "no line has this");
    let run = repo.relman(&["status"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .ends_with("go for 1.5.0: 2 document(s), 0 open go/no-go item(s)\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_document_for_an_older_release_is_stale() {
    let mut repo = service();
    render_documents(&repo, "1.5.0");
    check_all_but(
        &mut repo,
        "docs/releases/CHECKLIST_1.5.0.md",
        "no line has this",
    );
    check_all_but(&mut repo, "docs/releases/PLAN_1.5.0.md", "no line has this");
    repo.commit("docs: the 1.5.0 plan and checklist");
    repo.tag("v1.5.0");
    // Released and nothing new: the documents are current.
    assert_eq!(repo.relman(&["status"]).code, 0);
    repo.write(
        "db/migrate/20240401_fix.rb",
        "class Fix\n  def up\n  end\nend\n",
    );
    repo.commit("fix(orders): round totals");
    // Preparing 1.5.1 now: the newest written ones are 1.5.0's, and stale.
    let run = repo.relman(&["status"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout.contains(
            "  stale: written for 1.5.0, but the repository is preparing 1.5.1; render it again"
        ),
        "{}",
        run.stdout
    );
    let github = repo.relman(&[
        "status",
        "docs/releases/PLAN_1.5.0.md",
        "--format",
        "github",
    ]);
    assert_eq!(github.code, 1);
    assert_eq!(
        github.stdout,
        "::error file=docs/releases/PLAN_1.5.0.md,line=1,title=stale document::written for 1.5.0, but the repository is preparing 1.5.1; render it again\n::notice title=relman status::no-go for 1.5.1: 1 document(s), 0 open go/no-go item(s), 1 stale\n"
    );
}

#[test]
fn any_markdown_task_list_and_the_step_summary() {
    let mut repo = service();
    repo.write(
        "DEPLOY.md",
        "# Deploy 1.5.0\n\n## Steps\n\n- [x] Build\n- [ ] Ship\n\n## Go/no-go\n\n- [ ] Product says yes\n",
    );
    let summary = repo.path().join("summary.md");
    let run = relman_env(
        repo.path(),
        &["status", "DEPLOY.md", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())],
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(
        run.stdout.lines().next(),
        Some("::error file=DEPLOY.md,line=10,title=go/no-go::Go/no-go: Product says yes")
    );
    let table = std::fs::read_to_string(summary).unwrap();
    assert!(
        table.contains("| `DEPLOY.md` | 1.5.0 | 1/3 | 1 |"),
        "{table}"
    );
    // A file that is not there is an input error.
    let run = repo.relman(&["status", "NOPE.md"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("NOPE.md: no such file"), "{run:?}");
    repo.write("release.toml", "");
    let run = repo.relman(&["status"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("give the files"), "{run:?}");
}

#[test]
fn a_checklist_is_known_however_its_path_is_written_and_its_path_names_its_version() {
    let mut repo = service();
    repo.write(
        "docs/releases/CHECKLIST_1.5.0.md",
        "# Before we ship\n\n- [ ] one\n",
    );
    let shown = repo.path().join("docs/releases/CHECKLIST_1.5.0.md");
    for given in [
        "docs/releases/CHECKLIST_1.5.0.md",
        "./docs/releases/CHECKLIST_1.5.0.md",
        shown.to_str().unwrap(),
    ] {
        let run = repo.relman(&["status", given]);
        assert_eq!(run.code, 1, "{given}: {run:?}");
        assert!(
            run.stdout.contains("1 open go/no-go item(s)"),
            "{given}: {run:?}"
        );
    }
    // From a sub-folder too.
    repo.write("src/lib.rs", "");
    let run = common::relman_in(
        &repo.path().join("src"),
        &["status", "../docs/releases/CHECKLIST_1.5.0.md"],
    );
    assert!(run.stdout.contains("1 open go/no-go item(s)"), "{run:?}");
    // Checked, but written (by its path) for 1.5.0 while 1.5.1 is being prepared: stale.
    repo.write(
        "docs/releases/CHECKLIST_1.5.0.md",
        "# Before we ship\n\n- [x] one\n",
    );
    repo.commit("docs: checklist");
    repo.tag("v1.5.0");
    repo.commit("fix: later");
    let run = repo.relman(&["status", "docs/releases/CHECKLIST_1.5.0.md"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("stale: written for 1.5.0"), "{run:?}");
}
