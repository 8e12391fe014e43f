//! Database migrations among a range's changes, for the common layouts, each with whether
//! it can be rolled back:
//!
//! | tool | files | way back |
//! | --- | --- | --- |
//! | Rails | `db/migrate/*.rb` | `def down`, or a `def change` that raises no `IrreversibleMigration` |
//! | Django | `APP/migrations/0001_*.py` | reversible unless a `RunPython`/`RunSQL` has no reverse |
//! | Alembic | `…/versions/*.py` with `down_revision` | a `def downgrade` that does something |
//! | Prisma | `prisma/migrations/*/migration.sql` | none: Prisma has no down migrations |
//! | Flyway | `V1__*.sql` | a `U1__*.sql` undo migration |
//! | Liquibase | changelog files with `databaseChangeLog` | `rollback` in the changelog |
//! | golang-migrate, sqlx | `*.up.sql` | the `*.down.sql` beside it |
//! | diesel | `migrations/*/up.sql` | a non-empty `down.sql` beside it |
//! | goose, dbmate | `migrations/*.sql` with `-- +goose Down` / `-- migrate:down` | that section |
//! | knex, Sequelize, TypeORM | `migrations/*.{js,ts}` | a `down` function |
//!
//! Any other file in a `migrations/` folder is a migration whose way back is unknown.

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{basename, parent, text, Change, Source, Status};

/// One migration the release adds, changes or deletes.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Migration {
    /// The migration (for up/down pairs, the up file).
    pub(crate) path: String,
    pub(crate) tool: &'static str,
    pub(crate) status: Status,
    /// Whether it can be rolled back (None: relman cannot tell).
    pub(crate) rollback: Option<bool>,
    /// The file that rolls it back, when that is a file of its own.
    pub(crate) down: Option<String>,
}

static FLYWAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^V\d+(?:[._]\d+)*__.+\.sql$").expect("valid regex"));
static UP_DOWN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(.+)\.(up|down)\.sql$").expect("valid regex"));
static DJANGO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|/)migrations/\d{4}_[^/]*\.py$").expect("valid regex"));

/// The migrations among `changes` (or, with `configured`, the changes it matches).
pub(crate) fn detect(
    changes: &[Change],
    source: &dyn Source,
    configured: Option<&globset::GlobSet>,
) -> Vec<Migration> {
    let mut found: Vec<Migration> = Vec::new();
    let mut deleted: Vec<(Migration, Option<&String>)> = Vec::new();
    for change in changes {
        let migration = match configured {
            Some(set) => set.is_match(&change.path).then(|| Migration {
                path: change.path.clone(),
                tool: "configured",
                status: change.status,
                rollback: None,
                down: None,
            }),
            None => classify(change, source),
        };
        let Some(m) = migration else { continue };
        if m.status == Status::Deleted && m.path == change.path {
            deleted.push((m, change.old.as_ref()));
            continue;
        }
        // A down file changed with (or without) its up file: one migration.
        match found.iter_mut().find(|f| f.path == m.path) {
            Some(existing) => {
                if existing.status != m.status && m.status != Status::Modified {
                    existing.status = Status::Modified;
                }
            }
            None => found.push(m),
        }
    }
    // A migration deleted and one added with the same content, or in the same folder with
    // the same number, is one migration renamed: tools know migrations by that number.
    for (gone, blob) in deleted {
        let renamed = found.iter_mut().find(|m| {
            m.status == Status::Added
                && parent(&m.path) == parent(&gone.path)
                && (blob.is_some_and(|b| {
                    changes
                        .iter()
                        .any(|c| c.path == m.path && c.new.as_ref() == Some(b))
                }) || number(&m.path).is_some_and(|n| number(&gone.path) == Some(n)))
        });
        match renamed {
            Some(m) => m.status = Status::Renamed,
            None => found.push(gone),
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// The number or timestamp a migration's name starts with (three digits at least).
fn number(path: &str) -> Option<&str> {
    let name = basename(path);
    let digits = name.bytes().take_while(u8::is_ascii_digit).count();
    (digits >= 3).then(|| &name[..digits])
}

/// A change as a migration, if it is one.
fn classify(change: &Change, source: &dyn Source) -> Option<Migration> {
    let path = change.path.as_str();
    let name = basename(path);
    let dir = parent(path);
    let ext = super::extension(name);
    let id = change.new.as_ref().or(change.old.as_ref());
    let content = || text(source, id).unwrap_or_default();
    let made = |path: String, tool, rollback, down| {
        Some(Migration {
            path,
            tool,
            status: change.status,
            rollback,
            down,
        })
    };
    let in_dir = |folder: &str| dir == folder || dir.ends_with(&format!("/{folder}"));
    if in_dir("db/migrate") && ext == "rb" {
        return made(
            path.into(),
            "rails",
            Some(rails_reversible(&content())),
            None,
        );
    }
    if DJANGO.is_match(path) {
        return made(path.into(), "django", django_reversible(&content()), None);
    }
    if ext == "py" && (dir.ends_with("/versions") || dir == "versions") {
        let body = content();
        if body.contains("down_revision") {
            return made(
                path.into(),
                "alembic",
                Some(alembic_reversible(&body)),
                None,
            );
        }
    }
    if name == "migration.sql" && parent(dir).ends_with("migrations") {
        return made(path.into(), "prisma", Some(false), None);
    }
    if FLYWAY.is_match(name) {
        let undo = super::join(dir, &format!("U{}", &name[1..]));
        let has = source.exists(&undo);
        return made(path.into(), "flyway", Some(has), has.then_some(undo));
    }
    if let Some(c) = UP_DOWN.captures(name) {
        let stem = &c[1];
        let up = super::join(dir, &format!("{stem}.up.sql"));
        // A dialect's up file (`x.sqlite.up.sql`) without its own down file falls back to
        // the version's generic one (`x.down.sql`), as popx does.
        let down = [
            stem.to_string(),
            stem.rsplit_once('.')
                .map_or_else(String::new, |(s, _)| s.to_string()),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| super::join(dir, &format!("{s}.down.sql")))
        .find(|d| source.exists(d));
        let tool = if stem.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            "golang-migrate"
        } else {
            "sql"
        };
        if &c[2] == "down" && !source.exists(&up) {
            // A dialect's down file for the version's generic up file is that migration's;
            // a down file with no up file at all (deleted, orphaned) is itself.
            let generic = stem
                .rsplit_once('.')
                .map(|(s, _)| super::join(dir, &format!("{s}.up.sql")))
                .filter(|g| source.exists(g));
            return match generic {
                Some(g) => made(g, tool, Some(true), Some(path.to_string())),
                None => made(path.into(), tool, None, None),
            };
        }
        return made(up, tool, Some(down.is_some()), down);
    }
    if (name == "up.sql" || name == "down.sql") && parent(dir).ends_with("migrations") {
        let up = super::join(dir, "up.sql");
        let down = super::join(dir, "down.sql");
        return made(up, "diesel", Some(source.exists(&down)), Some(down));
    }
    if matches!(ext.as_str(), "xml" | "yaml" | "yml" | "json" | "sql")
        && (dir
            .split('/')
            .any(|s| s == "changelog" || s == "changelogs")
            || name.contains("changelog"))
    {
        let body = content();
        if body.contains("databaseChangeLog") || body.contains("--liquibase formatted") {
            let rollback = body.contains("rollback").then_some(true);
            return made(path.into(), "liquibase", rollback, None);
        }
    }
    // Any other file directly in a `migrations/` folder whose name starts with its number or
    // timestamp (`0042_x.sql`, `20240101_x.py`); not helpers, tests or sub-folders.
    let numbered = name.starts_with(|c: char| c.is_ascii_digit());
    let direct = matches!(basename(dir), "migrations" | "migrate");
    let test = name.contains("_test.") || name.contains(".test.") || name.contains(".spec.");
    if !direct || !numbered || test {
        return None;
    }
    match ext.as_str() {
        "sql" => {
            let body = content();
            if body.contains("+goose Up") {
                let down = section_after(&body, "+goose Down");
                return made(path.into(), "goose", Some(down), None);
            }
            if body.contains("migrate:up") {
                let down = section_after(&body, "migrate:down");
                return made(path.into(), "dbmate", Some(down), None);
            }
            made(path.into(), "sql", None, None)
        }
        "js" | "ts" | "mjs" | "cjs" => {
            let body = content();
            let down = body.contains("down(") || body.contains("down:") || body.contains("down =");
            made(path.into(), "javascript", Some(down), None)
        }
        "py" if name != "__init__.py" => made(path.into(), "python", None, None),
        "rb" | "go" | "php" | "java" | "kt" | "cs" | "ex" | "exs" => {
            made(path.into(), "migration", None, None)
        }
        _ => None,
    }
}

/// A Rails migration rolls back with a `def down` (that raises no `IrreversibleMigration`),
/// or a `def change` made only of commands Rails can invert: not `execute` outside a
/// `reversible` block, `change_column`, `change_column_default` without `from:`, a
/// `remove_column` without its type, or a `drop_table` without its columns.
fn rails_reversible(body: &str) -> bool {
    if body.contains("IrreversibleMigration") {
        return false;
    }
    if body.contains("def down") {
        return true;
    }
    if !body.contains("def change") {
        return false;
    }
    let reversible_blocks = body.contains("reversible do") || body.contains("up_only");
    !body.lines().map(str::trim).any(|line| {
        let call = |name: &str| {
            line.strip_prefix(name)
                .filter(|rest| rest.starts_with([' ', '(']))
                .map(|rest| rest.trim_start_matches('(').trim())
        };
        if let Some(args) = call("remove_column") {
            return top_level_commas(args) < 2 && !args.contains("type:");
        }
        if call("change_column").is_some() {
            return true;
        }
        if let Some(args) = call("change_column_default") {
            return !args.contains("from:");
        }
        if let Some(args) = call("drop_table") {
            return !args.ends_with(" do") && !args.contains(" do |") && !args.contains('{');
        }
        call("execute").is_some() && !reversible_blocks
    })
}

/// Whether the section after `marker` holds a statement (not only comments and blanks).
fn section_after(body: &str, marker: &str) -> bool {
    let Some(at) = body.find(marker) else {
        return false;
    };
    body[at + marker.len()..].lines().skip(1).any(|l| {
        let l = l.trim();
        !l.is_empty() && !l.starts_with("--")
    })
}

/// A Django migration is reversible unless a `RunPython` or `RunSQL` has no reverse.
fn django_reversible(body: &str) -> Option<bool> {
    let mut calls = 0;
    for (op, reverse) in [("RunPython(", "reverse_code"), ("RunSQL(", "reverse_sql")] {
        let mut rest = body;
        while let Some(at) = rest.find(op) {
            calls += 1;
            if calls > 1000 {
                // No migration holds that many: whatever this is, relman cannot tell.
                return None;
            }
            let call = &rest[at + op.len()..];
            // A call's arguments are short: looking 4 KiB ahead at most keeps a file of
            // unclosed calls linear.
            let mut end = call.len().min(4096);
            while !call.is_char_boundary(end) {
                end -= 1;
            }
            let args = call_arguments(&call[..end]);
            // The reverse is the second positional argument or the keyword.
            if !args.contains(reverse) && top_level_commas(args) == 0 {
                return Some(false);
            }
            rest = call;
        }
    }
    Some(true)
}

/// The text of a call's arguments, up to its closing parenthesis.
fn call_arguments(call: &str) -> &str {
    let mut depth = 0usize;
    for (i, c) in call.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => return &call[..i],
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
    }
    call
}

/// Commas at the top level of an argument list, not counting a trailing one.
fn top_level_commas(args: &str) -> usize {
    let mut depth = 0usize;
    let mut commas = 0usize;
    for c in args.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => commas += 1,
            _ => {}
        }
    }
    if depth == 0 && args.trim_end().ends_with(',') {
        commas = commas.saturating_sub(1);
    }
    commas
}

/// An Alembic revision can be downgraded when `downgrade` does more than `pass`.
fn alembic_reversible(body: &str) -> bool {
    let Some(at) = body.find("def downgrade") else {
        return false;
    };
    body[at..]
        .lines()
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(char::is_whitespace))
        .map(str::trim)
        .any(|l| !l.is_empty() && l != "pass" && !l.starts_with('#') && !l.starts_with("\"\"\""))
}

#[cfg(test)]
mod tests {
    use super::super::fake::Fake;
    use super::*;

    fn found(f: &Fake) -> Vec<(String, &'static str, Status, Option<bool>)> {
        detect(&f.changes, f, None)
            .into_iter()
            .map(|m| (m.path, m.tool, m.status, m.rollback))
            .collect()
    }

    #[test]
    fn rails_up_down_change_and_irreversible() {
        let mut f = Fake::default();
        f.add("db/migrate/1_a.rb", "def change\n  add_column :a, :b\nend")
            .add("db/migrate/2_b.rb", "def up\nend\ndef down\nend")
            .add("db/migrate/3_c.rb", "def up\nend")
            .add(
                "db/migrate/4_d.rb",
                "def change\n raise ActiveRecord::IrreversibleMigration\nend",
            )
            .add("db/migrate/5_e.rb", "def change\n  remove_column :users, :name\nend")
            .add(
                "db/migrate/6_f.rb",
                "def change\n  remove_column :users, :name, :string\n  rename_column :a, :b, :c\nend",
            )
            .add("db/migrate/7_g.rb", "def change\n  execute \"UPDATE x\"\nend")
            .add(
                "db/migrate/8_h.rb",
                "def change\n  reversible do |dir|\n    dir.up { execute \"UPDATE x\" }\n  end\nend",
            )
            .add("app/models/user.rb", "class User; end");
        let got = found(&f);
        let rollback: Vec<_> = got.iter().map(|g| g.3).collect();
        assert_eq!(
            rollback,
            [
                Some(true),
                Some(true),
                Some(false),
                Some(false),
                Some(false),
                Some(true),
                Some(false),
                Some(true)
            ]
        );
        assert!(got.iter().all(|g| g.1 == "rails"));
    }

    #[test]
    fn django_run_python_without_reverse_is_irreversible() {
        let mut f = Fake::default();
        f.add(
            "shop/migrations/0002_auto.py",
            "operations = [migrations.AddField('a', 'b', models.IntegerField())]",
        )
        .add(
            "shop/migrations/0003_data.py",
            "operations = [migrations.RunPython(forwards)]",
        )
        .add(
            "shop/migrations/0004_data.py",
            "operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]",
        )
        .add(
            "shop/migrations/0005_sql.py",
            "operations = [migrations.RunSQL(\"UPDATE x\", reverse_sql=\"UPDATE y\")]",
        )
        .add("shop/migrations/__init__.py", "");
        let got = found(&f);
        assert_eq!(got.len(), 4, "{got:?}");
        let rollback: Vec<_> = got.iter().map(|g| g.3).collect();
        assert_eq!(rollback, [Some(true), Some(false), Some(true), Some(true)]);
    }

    #[test]
    fn alembic_downgrade_with_body_or_pass() {
        let mut f = Fake::default();
        f.add(
            "alembic/versions/ab12_add.py",
            "revision = 'ab12'\ndown_revision = 'cd34'\n\ndef upgrade():\n    op.add_column()\n\ndef downgrade():\n    op.drop_column('t', 'c')\n",
        )
        .add(
            "alembic/versions/ef56_data.py",
            "revision = 'ef56'\ndown_revision = 'ab12'\n\ndef upgrade():\n    op.execute('x')\n\ndef downgrade():\n    pass\n",
        );
        let got = found(&f);
        assert_eq!(got[0].1, "alembic");
        assert_eq!(got[0].3, Some(true));
        assert_eq!(got[1].3, Some(false));
    }

    #[test]
    fn prisma_flyway_and_up_down_pairs() {
        let mut f = Fake::default();
        f.add(
            "prisma/migrations/20240101_init/migration.sql",
            "CREATE TABLE",
        )
        .add("prisma/migrations/migration_lock.toml", "provider = \"pg\"")
        .add("db/V2__add.sql", "ALTER")
        .keep("db/U2__add.sql")
        .add("db/V3__more.sql", "ALTER")
        .add("migrations/000004_x.up.sql", "ALTER")
        .add("migrations/000004_x.down.sql", "ALTER")
        .add("migrations/000005_y.up.sql", "ALTER");
        let got = found(&f);
        let tools: Vec<_> = got.iter().map(|g| (g.0.as_str(), g.1, g.3)).collect();
        assert_eq!(
            tools,
            [
                ("db/V2__add.sql", "flyway", Some(true)),
                ("db/V3__more.sql", "flyway", Some(false)),
                ("migrations/000004_x.up.sql", "golang-migrate", Some(true)),
                ("migrations/000005_y.up.sql", "golang-migrate", Some(false)),
                (
                    "prisma/migrations/20240101_init/migration.sql",
                    "prisma",
                    Some(false)
                ),
            ]
        );
    }

    #[test]
    fn only_a_down_file_changed_is_its_migration_modified() {
        let mut f = Fake::default();
        f.keep("migrations/1_x.up.sql")
            .modify("migrations/1_x.down.sql", "a", "b");
        let got = detect(&f.changes, &f, None);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].path, "migrations/1_x.up.sql");
        assert_eq!(got[0].status, Status::Modified);
        assert_eq!(got[0].down.as_deref(), Some("migrations/1_x.down.sql"));
    }

    #[test]
    fn dialect_up_files_fall_back_to_the_generic_down_and_orphan_downs_stay_themselves() {
        let mut f = Fake::default();
        f.add("sql/20240221_idx.sqlite.up.sql", "CREATE")
            .add("sql/20240221_idx.up.sql", "CREATE")
            .add("sql/20240221_idx.down.sql", "DROP")
            .delete("sql/20230705_cookie.cockroach.down.sql", "DROP")
            .add("sql/20240221_idx.cockroach.down.sql", "DROP");
        let got = detect(&f.changes, &f, None);
        let summary: Vec<_> = got
            .iter()
            .map(|m| (m.path.as_str(), m.status, m.rollback, m.down.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    "sql/20230705_cookie.cockroach.down.sql",
                    Status::Deleted,
                    None,
                    None
                ),
                (
                    "sql/20240221_idx.sqlite.up.sql",
                    Status::Added,
                    Some(true),
                    Some("sql/20240221_idx.down.sql")
                ),
                (
                    "sql/20240221_idx.up.sql",
                    Status::Added,
                    Some(true),
                    Some("sql/20240221_idx.down.sql")
                ),
            ]
        );
    }

    #[test]
    fn diesel_goose_dbmate_knex_and_unknown_sql() {
        let mut f = Fake::default();
        f.add("migrations/2024-01-01-000000_users/up.sql", "CREATE")
            .add("migrations/2024-01-01-000000_users/down.sql", "DROP")
            .add(
                "db/migrations/20240101_goose.sql",
                "-- +goose Up\nCREATE TABLE x();\n-- +goose Down\nDROP TABLE x;\n",
            )
            .add(
                "db/migrations/20240102_dbmate.sql",
                "-- migrate:up\nCREATE TABLE y();\n-- migrate:down\n",
            )
            .add(
                "src/migrations/20240103_knex.js",
                "exports.up = k => k; exports.down = k => k;",
            )
            .add("migrations/20240104_plain.sql", "CREATE TABLE z();");
        let got = found(&f);
        let tools: Vec<_> = got.iter().map(|g| (g.1, g.3)).collect();
        assert_eq!(
            tools,
            [
                ("goose", Some(true)),
                ("dbmate", Some(false)),
                ("diesel", Some(true)),
                ("sql", None),
                ("javascript", Some(true)),
            ]
        );
    }

    #[test]
    fn liquibase_changelogs_but_not_markdown_changelogs() {
        let mut f = Fake::default();
        f.add(
            "src/main/resources/db/changelog/db.changelog-1.1.xml",
            "<databaseChangeLog><changeSet><rollback/></changeSet></databaseChangeLog>",
        )
        .add("CHANGELOG.md", "# Changelog")
        .add("docs/changelog/1.2.md", "databaseChangeLog");
        let got = found(&f);
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].1, got[0].3), ("liquibase", Some(true)));
    }

    #[test]
    fn configured_globs_replace_detection() {
        let mut f = Fake::default();
        f.add("schema/changes/001.cql", "CREATE")
            .add("db/migrate/1_a.rb", "def change; end");
        let mut b = globset::GlobSetBuilder::new();
        b.add(globset::Glob::new("schema/changes/**").unwrap());
        let set = b.build().unwrap();
        let got = detect(&f.changes, &f, Some(&set));
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].tool, got[0].rollback), ("configured", None));
    }

    #[test]
    fn a_renamed_migration_is_one_migration_renamed() {
        let mut f = Fake::default();
        // Same content, another name; same number, edited; neither.
        f.delete(
            "db/migrate/20240101_add_x.rb",
            "def change\n add_column :a, :b, :c\nend",
        )
        .add(
            "db/migrate/20240101_add_x_to_a.rb",
            "def change\n add_column :a, :b, :c\nend",
        )
        .delete("db/migrate/20240102_y.rb", "def change; end")
        .add(
            "db/migrate/20240102_y_fixed.rb",
            "def up; end\ndef down; end",
        )
        .delete("db/migrate/20240103_old.rb", "def change; end # old")
        .add("db/migrate/20240104_new.rb", "def change; end # new");
        let got = found(&f);
        let summary: Vec<_> = got.iter().map(|g| (g.0.as_str(), g.2)).collect();
        assert_eq!(
            summary,
            [
                ("db/migrate/20240101_add_x_to_a.rb", Status::Renamed),
                ("db/migrate/20240102_y_fixed.rb", Status::Renamed),
                ("db/migrate/20240103_old.rb", Status::Deleted),
                ("db/migrate/20240104_new.rb", Status::Added),
            ]
        );
    }

    #[test]
    fn helpers_and_sub_folders_of_migrations_are_not_migrations() {
        let mut f = Fake::default();
        f.add("mealie/services/migrations/chowdown.py", "class X: pass")
            .add("mealie/services/migrations/utils/database_helpers.py", "x")
            .add("storage/ent/db/migrate/schema.go", "package migrate")
            .add("migrations/0001_init_test.go", "package m")
            .add(
                "priv/repo/migrations/20240101120000_add_x.exs",
                "def change do end",
            );
        let got = found(&f);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "priv/repo/migrations/20240101120000_add_x.exs");
    }

    #[test]
    fn hostile_argument_lists_do_not_panic() {
        assert!(!rails_reversible(
            "def change\n  remove_column foo(bar,\nend"
        ));
        assert_eq!(
            django_reversible("operations = [migrations.RunPython([x,"),
            Some(false)
        );
        assert_eq!(django_reversible(&"RunPython(f, r)\n".repeat(2000)), None);
        assert_eq!(top_level_commas(","), 0);
        assert_eq!(top_level_commas("(a,"), 0);
    }

    #[test]
    fn deleted_migrations_are_reported_deleted() {
        let mut f = Fake::default();
        f.delete("db/migrate/1_a.rb", "def change; end");
        let got = found(&f);
        assert_eq!(got[0].2, Status::Deleted);
    }
}
