//! `relman changelog` and `relman render` on scenario repositories: snapshots of every
//! built-in template, lint-clean output, determinism, --prepend, template errors.

mod common;

use std::path::PathBuf;

use common::TestRepo;

const DATE: &str = "2024-06-01";

fn scenario(name: &str) -> TestRepo {
    let mut repo = TestRepo::new();
    repo.repo
        .remote("origin", "git@github.com:acme/shop.git")
        .unwrap();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"shop\"\nversion = \"0.0.0\"\n",
    );
    match name {
        "no-tags" => {
            repo.commit("feat: first cut");
            repo.commit("fix(api): handle empty carts\n\nCloses #4");
        }
        "one-release" => {
            repo.write(
                "Cargo.toml",
                "[package]\nname = \"shop\"\nversion = \"1.0.0\"\n",
            );
            repo.commit("feat: first cut");
            repo.tag("v1.0.0");
            repo.commit("feat(cart): save carts\n\nCo-authored-by: Bea Bar <bea@example.com>");
            repo.commit("fix(api): handle empty carts\n\nFixes #12");
            repo.commit("docs: explain carts");
        }
        "breaking" => {
            repo.write(
                "Cargo.toml",
                "[package]\nname = \"shop\"\nversion = \"1.4.0\"\n",
            );
            repo.commit("feat: first cut");
            repo.tag("v1.4.0");
            repo.commit("feat(api)!: drop the v1 endpoints\n\nBREAKING CHANGE: clients must call /v2; the\n/v1 paths now answer 410.");
            repo.commit("perf(db): batch inserts");
        }
        "migrations" => {
            repo.write("Cargo.toml", "[package]\nname = \"shop\"\nversion = \"2.0.0\"\n")
                .write("release.toml", "[changelog.paths]\nmigrations = [\"db/migrations/**\"]\n\n[context]\nenvironment = \"staging-eu\"\nowner = \"Ops Team\"\n");
            repo.commit("feat: first cut");
            repo.tag("v2.0.0");
            repo.write(
                "db/migrations/003_add_index.sql",
                "CREATE INDEX x ON t (a);\n",
            );
            repo.commit("feat(db): index orders by date");
        }
        "prerelease" => {
            repo.write(
                "Cargo.toml",
                "[package]\nname = \"shop\"\nversion = \"1.0.0\"\n",
            );
            repo.commit("feat: first cut");
            repo.tag("v1.0.0");
            repo.commit("feat: faster search");
            repo.tag("v1.1.0-rc.1");
            repo.commit("fix: search paging");
        }
        "rails" => {
            // A Rails-style service: migrations (one without a way back), a new variable, a
            // major gem upgrade, a Dockerfile, known issues and the release's documents.
            repo.write("Cargo.toml", "[package]\nname = \"shop\"\nversion = \"3.1.0\"\n")
                .write(
                    "release.toml",
                    "[documents]\nplan = \"docs/releases/PLAN_{{version}}.md\"\nchecklist = \"docs/releases/CHECKLIST_{{version}}.md\"\n\n[facts]\nknown-issues = \"docs/KNOWN_ISSUES.md\"\n",
                )
                .write("docs/KNOWN_ISSUES.md", "# Known issues\n\n- Exports time out above 10k rows.\n- [x] Fixed: login loop.\n")
                .write(".env.example", "DATABASE_URL=postgres://localhost/shop\nLEGACY_TOKEN=\n")
                .write("Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.1.3)\n    stripe (13.4.1)\n\nDEPENDENCIES\n  rails\n  stripe\n")
                .write("Dockerfile", "FROM ruby:3.2\n")
                .write("db/migrate/20240101000000_create_orders.rb", "class CreateOrders < ActiveRecord::Migration[7.1]\n  def change\n    create_table :orders\n  end\nend\n");
            repo.commit("feat: first cut");
            repo.tag("v3.1.0");
            repo.write("db/migrate/20240301000000_add_total.rb", "class AddTotal < ActiveRecord::Migration[7.1]\n  def change\n    add_column :orders, :total, :integer\n  end\nend\n")
                .write("db/migrate/20240302000000_drop_notes.rb", "class DropNotes < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :orders, :notes\n  end\nend\n")
                .write("db/migrate/20240101000000_create_orders.rb", "class CreateOrders < ActiveRecord::Migration[7.1]\n  def change\n    create_table :orders do |t|\n      t.timestamps\n    end\n  end\nend\n");
            repo.commit("feat(orders): store the total");
            repo.write(".env.example", "DATABASE_URL=postgres://localhost/shop\nSTRIPE_WEBHOOK_SECRET=\n")
                .write("Gemfile.lock", "GEM\n  remote: https://rubygems.org/\n  specs:\n    rails (7.1.4)\n    stripe (14.0.0)\n\nDEPENDENCIES\n  rails\n  stripe\n")
                .write("Dockerfile", "FROM ruby:3.3\n");
            repo.commit("fix(payments): verify webhook signatures");
        }
        "django" => {
            // A Django-style service: a data migration with no reverse, a CI workflow.
            repo.write(
                "Cargo.toml",
                "[package]\nname = \"shop\"\nversion = \"1.2.0\"\n",
            )
            .write("shop/migrations/0001_initial.py", "operations = []\n")
            .write(".env.sample", "SECRET_KEY=\nOLD_CACHE_URL=\n");
            repo.commit("feat: first cut");
            repo.tag("v1.2.0");
            repo.write(
                "shop/migrations/0002_backfill.py",
                "operations = [migrations.RunPython(backfill)]\n",
            )
            .write(
                "shop/migrations/0003_index.py",
                "operations = [migrations.AddIndex('order', idx)]\n",
            )
            .write(".env.sample", "SECRET_KEY=\n")
            .write(".github/workflows/deploy.yml", "on: push\n");
            repo.commit("fix(orders): backfill missing totals");
        }
        "go-migrate" => {
            // golang-migrate pairs (one without its down file), go.mod, a compose file.
            repo.write("Cargo.toml", "[package]\nname = \"shop\"\nversion = \"0.9.0\"\n")
                .write("go.mod", "module shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.5.0\n\tgolang.org/x/text v0.14.0 // indirect\n)\n");
            repo.commit("feat: first cut");
            repo.tag("v0.9.0");
            repo.write("migrations/000002_carts.up.sql", "CREATE TABLE carts (id int);\n")
                .write("migrations/000002_carts.down.sql", "DROP TABLE carts;\n")
                .write("migrations/000003_cart_items.up.sql", "CREATE TABLE cart_items (id int);\n")
                .write("go.mod", "module shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/jackc/pgx/v5 v5.6.0\n\tgithub.com/redis/go-redis/v9 v9.5.1\n\tgolang.org/x/text v0.15.0 // indirect\n)\n")
                .write("docker-compose.yml", "services:\n  db:\n    image: postgres:16\n");
            repo.commit("feat(cart): carts live in the database");
        }
        "helm" => {
            // A Helm chart: its version and appVersion move, a values key is added.
            repo.write(
                "Cargo.toml",
                "[package]\nname = \"shop\"\nversion = \"2.3.0\"\n",
            )
            .write(
                "deploy/chart/Chart.yaml",
                "apiVersion: v2\nname: shop\nversion: 0.4.0\nappVersion: \"2.3.0\"\n",
            )
            .write(
                "deploy/chart/values.yaml",
                "image:\n  repository: shop\n  tag: \"2.3.0\"\nreplicas: 2\n",
            );
            repo.commit("feat: first cut");
            repo.tag("v2.3.0");
            repo.write("deploy/chart/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 0.5.0\nappVersion: \"2.4.0\"\n")
                .write("deploy/chart/values.yaml", "image:\n  repository: shop\n  tag: \"2.4.0\"\n  pullPolicy: IfNotPresent\nreplicas: 2\nautoscaling:\n  enabled: false\n")
                .write("deploy/k8s/cronjob.yaml", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: shop-cleanup\n");
            repo.commit("feat(deploy): clean up stale carts nightly");
        }
        other => panic!("no scenario {other}"),
    }
    repo
}

const SCENARIOS: [&str; 9] = [
    "no-tags",
    "one-release",
    "breaking",
    "migrations",
    "prerelease",
    "rails",
    "django",
    "go-migrate",
    "helm",
];
const TEMPLATES: [&str; 4] = ["changelog", "notes", "plan", "checklist"];

fn snapshot(path: &str, actual: &str) {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/render")
        .join(path);
    if std::env::var_os("RELMAN_BLESS").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&file).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run the tests with RELMAN_BLESS=1 and review it",
            file.display()
        )
    });
    assert_eq!(
        actual, expected,
        "{path} differs (RELMAN_BLESS=1 updates it; review with git diff)"
    );
}

#[test]
fn every_builtin_matches_its_snapshot_and_passes_lint() {
    for name in SCENARIOS {
        let mut repo = scenario(name);
        for template in TEMPLATES {
            let run = repo.relman(&["render", template, "--date", DATE]);
            assert_eq!(run.code, 0, "{name}/{template}: {run:?}");
            snapshot(&format!("{name}/{template}.md"), &run.stdout);
            // Deterministic: the same input renders the same bytes.
            assert_eq!(
                repo.relman(&["render", template, "--date", DATE]).stdout,
                run.stdout
            );
            // Written where it goes, its links to the other documents start there.
            let out = match (name, template) {
                ("rails", "plan") => "docs/releases/PLAN_3.2.0.md".to_string(),
                ("rails", "checklist") => "docs/releases/CHECKLIST_3.2.0.md".to_string(),
                _ => format!("out/{template}.md"),
            };
            let written = repo.relman(&["render", template, "--date", DATE, "--output", &out]);
            assert_eq!(written.code, 0, "{name}/{template}: {written:?}");
        }
        let all = repo.relman(&["changelog", "--all", "--date", DATE]);
        assert_eq!(all.code, 0, "{name}: {all:?}");
        snapshot(&format!("{name}/changelog-all.md"), &all.stdout);
        repo.write("CHANGELOG.md", &all.stdout);
        // Everything relman renders passes relman lint with no finding.
        let lint = repo.relman(&["lint", "--format", "json"]);
        assert_eq!(lint.stdout.trim(), "[]", "{name}: {lint:?}");
    }
}

#[test]
fn json_context_has_the_documented_fields() {
    let repo = scenario("one-release");
    let run = repo.relman(&["changelog", "--format", "json", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    for key in [
        "project",
        "version",
        "previous_version",
        "tag",
        "previous_tag",
        "date",
        "prerelease",
        "unreleased",
        "commits",
        "sections",
        "highlights",
        "breaking",
        "issues",
        "contributors",
        "stats",
        "paths",
        "remote",
        "compare_url",
        "context",
        "facts",
        "known_issues",
        "documents",
    ] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["previous_version"], "1.0.0");
    assert_eq!(v["remote"]["url"], "https://github.com/acme/shop");
    assert_eq!(v["issues"][0]["id"], "12");
    let names: Vec<&str> = v["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bea Bar", "Test Author"]);
    let commit = &v["sections"][0]["commits"][0];
    for key in [
        "hash",
        "short",
        "type",
        "scope",
        "description",
        "body",
        "footers",
        "breaking",
        "author",
        "date",
        "url",
        "link",
        "issues",
    ] {
        assert!(commit.get(key).is_some(), "commit lacks {key}: {commit}");
    }
}

#[test]
fn date_comes_from_the_flag_then_source_date_epoch() {
    let repo = scenario("one-release");
    let run = common::relman_env(
        repo.path(),
        &["changelog", "--tag", "1.1.0"],
        &[("SOURCE_DATE_EPOCH", "1700000000")],
    );
    assert!(
        run.stdout.starts_with("## [1.1.0] - 2023-11-14\n"),
        "{run:?}"
    );
    let run = repo.relman(&["changelog", "--date", "2024-13-01"]);
    assert_eq!(run.code, 2, "{run:?}");
}

#[test]
fn prepend_is_idempotent_replaces_unreleased_and_refuses_rewrites() {
    let mut repo = scenario("one-release");
    repo.write("CHANGELOG.md", "# Changelog\n\nNotes kept as they are.\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- first cut\n\n[1.0.0]: https://github.com/acme/shop/releases/tag/v1.0.0\n");
    let run = repo.relman(&["changelog", "--prepend", "CHANGELOG.md", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    let once = repo.read("CHANGELOG.md");
    assert!(
        once.starts_with("# Changelog\n\nNotes kept as they are.\n\n## [Unreleased]\n"),
        "{once}"
    );
    assert!(
        once.contains("[Unreleased]: https://github.com/acme/shop/compare/v1.0.0...HEAD\n[1.0.0]:"),
        "{once}"
    );
    let run = repo.relman(&["changelog", "--prepend", "CHANGELOG.md", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        repo.read("CHANGELOG.md"),
        once,
        "running twice changes nothing"
    );
    // Releasing: the version takes the place of [Unreleased].
    let run = repo.relman(&[
        "changelog",
        "--prepend",
        "CHANGELOG.md",
        "--tag",
        "1.1.0",
        "--date",
        DATE,
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let released = repo.read("CHANGELOG.md");
    assert!(!released.contains("Unreleased"), "{released}");
    assert!(released.contains("## [1.1.0] - 2024-06-01\n"), "{released}");
    assert!(
        released.contains("[1.1.0]: https://github.com/acme/shop/compare/v1.0.0...v1.1.0\n"),
        "{released}"
    );
    let again = repo.relman(&[
        "changelog",
        "--prepend",
        "CHANGELOG.md",
        "--tag",
        "1.1.0",
        "--date",
        DATE,
    ]);
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(repo.read("CHANGELOG.md"), released);
    let other_day = repo.relman(&[
        "changelog",
        "--prepend",
        "CHANGELOG.md",
        "--tag",
        "1.1.0",
        "--date",
        "2024-06-02",
    ]);
    assert_eq!(other_day.code, 2, "{other_day:?}");
    assert!(
        other_day.stderr.contains("already has a section for 1.1.0"),
        "{other_day:?}"
    );
    assert_eq!(repo.read("CHANGELOG.md"), released);
    let lint = repo.relman(&["lint", "CHANGELOG.md", "--format", "json"]);
    assert_eq!(lint.stdout.trim(), "[]", "{lint:?}");
}

#[test]
fn range_and_all_sections() {
    let mut repo = scenario("one-release");
    repo.tag("v1.1.0");
    repo.commit("fix: after the release");
    let run = repo.relman(&["changelog", "--range", "v1.0.0..v1.1.0"]);
    assert!(run.stdout.starts_with("## [1.1.0] - 2024-01-0"), "{run:?}");
    assert!(run.stdout.contains("save carts"), "{run:?}");
    assert!(!run.stdout.contains("after the release"), "{run:?}");
    assert!(
        !run.stdout.contains("first cut"),
        "nothing from outside the range: {run:?}"
    );
    let all = repo.relman(&["changelog", "--all", "--date", DATE]);
    let headings: Vec<&str> = all
        .stdout
        .lines()
        .filter(|l| l.starts_with("## "))
        .collect();
    assert_eq!(headings.len(), 3, "{all:?}");
    assert_eq!(headings[0], "## [Unreleased]");
    assert!(headings[1].starts_with("## [1.1.0] - "), "{all:?}");
    assert!(headings[2].starts_with("## [1.0.0] - "), "{all:?}");
}

#[test]
fn project_templates_override_and_errors_name_the_place() {
    let mut repo = scenario("one-release");
    repo.write("templates/notes.md.tera", "# Our notes for {{ version }}\n");
    repo.write(
        "templates/email.md.tera",
        "Hello,\n\n{{ version }} is out with {{ stats.commits }} commits.\n",
    );
    let run = repo.relman(&["render", "notes", "--version", "1.1.0", "--date", DATE]);
    assert_eq!(run.stdout, "# Our notes for 1.1.0\n", "{run:?}");
    let run = repo.relman(&["render", "email", "--version", "1.1.0", "--date", DATE]);
    assert_eq!(
        run.stdout, "Hello,\n\n1.1.0 is out with 3 commits.\n",
        "{run:?}"
    );
    repo.write("templates/notes.md.tera", "# T\n\n{{ version }\n");
    let run = repo.relman(&["render", "notes"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("templates/notes.md.tera:3:"), "{run:?}");
    repo.write("templates/notes.md.tera", "# T\n\nBy {{ release_owner }}\n");
    let run = repo.relman(&["render", "notes"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("templates/notes.md.tera:3:7"),
        "{run:?}"
    );
    let run = repo.relman(&["render", "nope"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("no template \"nope\""), "{run:?}");
}

#[test]
fn notes_of_a_released_tag() {
    let repo = scenario("breaking");
    let run = repo.relman(&["render", "notes", "--version", "1.4.0", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("# shop 1.4.0\n"), "{run:?}");
    assert!(
        !run.stdout.contains("drop the v1"),
        "1.4.0 does not hold later commits: {run:?}"
    );
}

#[test]
fn changelog_output_never_replaces_lines_it_did_not_write_unless_forced() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: second");
    repo.tag("v1.0.1");
    // What relman writes may be written again over itself.
    let run = repo.relman(&["changelog", "--all", "--output", "CHANGELOG.md"]);
    assert_eq!(run.code, 0, "{run:?}");
    let again = repo.relman(&["changelog", "--all", "--output", "CHANGELOG.md"]);
    assert_eq!(again.code, 0, "{again:?}");
    // A hand-written line would be lost: refused, with where it is.
    let text =
        repo.read("CHANGELOG.md")
            .replacen("## [1.0.1]", "A hand-written note.\n\n## [1.0.1]", 1);
    repo.write("CHANGELOG.md", &text);
    let refused = repo.relman(&["changelog", "--all", "--output", "CHANGELOG.md"]);
    assert_eq!(refused.code, 2, "{refused:?}");
    assert!(
        refused.stderr.contains(
            "CHANGELOG.md:7: \"A hand-written note.\" is not in the changelog relman would write"
        ),
        "{refused:?}"
    );
    assert_eq!(repo.read("CHANGELOG.md"), text);
    let forced = repo.relman(&["changelog", "--all", "--output", "CHANGELOG.md", "--force"]);
    assert_eq!(forced.code, 0, "{forced:?}");
    assert!(!repo.read("CHANGELOG.md").contains("hand-written"));
}

#[test]
fn changelog_all_gives_a_maintenance_release_its_own_section() {
    let mut repo = TestRepo::new();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("feat: first cut");
    repo.tag("v1.0.0");
    repo.commit("feat: wishlists");
    repo.tag("v1.1.0");
    // A fix on a maintenance branch from v1.0.0, released after v1.1.0.
    repo.git(&["checkout", "-q", "-b", "maint-1.0", "v1.0.0"]);
    repo.commit("fix: backported rounding");
    repo.tag("v1.0.1");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("fix: after the release");
    // A tag below the latest release in version, made on a commit after it.
    repo.tag("v1.0.2");
    repo.commit("docs: a note");
    repo.git(&["remote", "add", "origin", "git@github.com:acme/shop.git"]);
    let all = repo.relman(&["changelog", "--all", "--date", DATE]);
    assert_eq!(all.code, 0, "{all:?}");
    let headings: Vec<&str> = all
        .stdout
        .lines()
        .filter(|l| l.starts_with("## "))
        .collect();
    assert_eq!(
        headings,
        [
            "## [Unreleased]",
            "## [1.1.0] - 2024-01-03",
            "## [1.0.2] - 2024-01-05",
            "## [1.0.1] - 2024-01-04",
            "## [1.0.0] - 2024-01-02"
        ],
        "{all:?}"
    );
    let section = |version: &str| {
        let start = all.stdout.find(&format!("## [{version}]")).unwrap();
        let rest = &all.stdout[start + 4..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
    };
    assert!(section("1.0.1").contains("backported rounding"), "{all:?}");
    assert!(!section("1.0.1").contains("wishlists"), "{all:?}");
    assert!(!section("1.1.0").contains("backported"), "{all:?}");
    // v1.0.2's commit is listed under [Unreleased], and its section says so.
    assert!(
        section("Unreleased").contains("after the release"),
        "{all:?}"
    );
    assert!(
        section("1.0.2").contains("listed under [Unreleased]"),
        "{all:?}"
    );
    assert!(
        all.stdout
            .contains("[1.0.1]: https://github.com/acme/shop/compare/v1.0.0...v1.0.1"),
        "{all:?}"
    );
}

#[test]
fn render_json_carries_every_fact() {
    let repo = scenario("go-migrate");
    let run = repo.relman(&["render", "plan", "--format", "json", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let facts = &v["facts"];
    let migrations = facts["migrations"].as_array().unwrap();
    assert_eq!(migrations.len(), 2);
    assert_eq!(migrations[0]["tool"], "golang-migrate");
    assert_eq!(migrations[0]["rollback"], true);
    assert_eq!(migrations[0]["down"], "migrations/000002_carts.down.sql");
    assert_eq!(migrations[1]["rollback"], false);
    assert_eq!(facts["rollback"]["version"], "0.9.0");
    assert_eq!(facts["rollback"]["needs_down_migrations"], true);
    assert_eq!(
        facts["rollback"]["irreversible"][0],
        "migrations/000003_cart_items.up.sql"
    );
    assert_eq!(facts["infrastructure"][0]["kind"], "compose");
    let upgraded = facts["dependencies"]["upgraded"].as_array().unwrap();
    let names: Vec<&str> = upgraded
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["github.com/jackc/pgx", "golang.org/x/text"]);
    assert_eq!(upgraded[0]["direct"], true);
    assert_eq!(upgraded[1]["direct"], false);
    assert_eq!(
        facts["dependencies"]["added"][0]["name"],
        "github.com/redis/go-redis"
    );
    assert_eq!(facts["any"], true);
    // The detected migrations fill `paths.migrations` for templates written before facts.
    assert_eq!(v["paths"]["migrations"].as_array().unwrap().len(), 2);
}

#[test]
fn known_issues_file_must_exist_and_context_adds_to_it() {
    let mut repo = scenario("one-release");
    repo.write(
        "release.toml",
        "[facts]\nknown-issues = \"KNOWN.md\"\n\n[context]\nknown-issues = [\"Search is slow on mobile\"]\n",
    );
    let run = repo.relman(&["render", "checklist", "--date", DATE]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("[facts] known-issues = \"KNOWN.md\""),
        "{run:?}"
    );
    repo.write("KNOWN.md", "- [ ] Exports are slow\n- [x] Old one\n");
    let run = repo.relman(&["render", "checklist", "--date", DATE]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("## Known issues carried over\n\n- [ ] Accepted for this release: Exports are slow\n- [ ] Accepted for this release: Search is slow on mobile\n"), "{}", run.stdout);
    assert!(!run.stdout.contains("Old one"));
}

#[test]
fn a_release_tagged_on_another_branch_is_rendered_from_its_tag() {
    let mut repo = scenario("one-release");
    repo.checkout("release/1.0");
    repo.write("migrations/0002_hotfix.sql", "UPDATE carts SET x = 1;\n");
    repo.commit("fix(db): hotfix the carts");
    repo.tag("v1.0.1");
    repo.checkout("main");
    repo.write(
        "migrations/0003_main_only.sql",
        "ALTER TABLE carts ADD y int;\n",
    );
    repo.commit("feat(db): only on main");
    // HEAD does not reach v1.0.1: the plan for 1.0.1 is still that tag's.
    let run = repo.relman(&["render", "plan", "--version", "1.0.1", "--format", "json"]);
    assert_eq!(run.code, 0, "{run:?}");
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["tag"], "v1.0.1");
    assert_eq!(v["previous_tag"], "v1.0.0");
    let migrations = v["facts"]["migrations"].as_array().unwrap();
    assert_eq!(migrations.len(), 1, "{migrations:?}");
    assert_eq!(migrations[0]["path"], "migrations/0002_hotfix.sql");
}
