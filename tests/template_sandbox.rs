//! Hostile project templates: every sandbox limit of `render.rs` refuses with exit 2 and
//! `templates/NAME.md.tera:LINE:COL: …`, never a panic, a stack overflow or a hang.
//!
//! Each run of the binary is killed after `LIMIT` so that a hang fails the test instead of
//! blocking it.

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::{Run, TestRepo};

/// A run that takes longer than this is a hang.
const LIMIT: Duration = Duration::from_secs(15);

/// A repository with one release-worthy commit and the given templates (not committed:
/// `relman render` reads the working tree).
fn repo_with(templates: &[(&str, &str)]) -> TestRepo {
    let mut repo = TestRepo::new();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"shop\"\nversion = \"1.0.0\"\n",
    );
    repo.commit("feat: first cut");
    for (name, text) in templates {
        repo.write(&format!("templates/{name}"), text);
    }
    repo
}

/// Run relman in `dir`, killed after `LIMIT`, and how long it took.
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Run, Duration) {
    let started = Instant::now();
    let run = common::relman_bounded(dir, args, env, LIMIT);
    (run, started.elapsed())
}

fn render(repo: &TestRepo, name: &str) -> Run {
    run_env(repo.path(), &["render", name, "--date", "2024-06-01"], &[]).0
}

/// Exit 2, one error line that starts with `at` (e.g. `templates/notes.md.tera:2:4:`) and
/// says `what`, and no panic or abort text.
#[track_caller]
fn assert_refused(run: &Run, at: &str, what: &str) {
    assert_refused_at_one_of(run, &[at], what);
}

/// `assert_refused` where the place is one of `places`: a time or memory limit stops the
/// render wherever it is when the limit is crossed.
#[track_caller]
fn assert_refused_at_one_of(run: &Run, places: &[&str], what: &str) {
    assert_eq!(run.code, 2, "{run:?}");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(
        places
            .iter()
            .any(|at| first.starts_with(&format!("error: {at}"))),
        "expected `error: ` and one of {places:?} in:\n{run:?}"
    );
    assert!(first.contains(what), "expected {what:?} in:\n{run:?}");
    for bad in [
        "panicked",
        "overflowed its stack",
        "fatal runtime error",
        "RUST_BACKTRACE",
    ] {
        assert!(!run.stderr.contains(bad), "{bad} in:\n{run:?}");
    }
    assert!(run.stdout.is_empty(), "{run:?}");
}

#[test]
fn get_env_is_refused_when_the_template_loads() {
    for (text, at) in [
        ("# Notes\n{{ get_env(name=\"HOME\") }}\n", "2:4"),
        (
            "# Notes\n\n{% set home = get_env(name=\"HOME\", default=\"x\") %}{{ home }}\n",
            "3:15",
        ),
        (
            "{% macro m(x) %}{{ x }}{% endmacro m %}\n{{ self::m(x=\"a\" | default(value=get_env(name=\"PATH\"))) }}\n",
            "2:34",
        ),
        ("{% if get_env ( name='HOME' ) %}yes{% endif %}\n", "1:7"),
    ] {
        let repo = repo_with(&[("notes.md.tera", text)]);
        let run = render(&repo, "notes");
        assert_refused(&run, &format!("templates/notes.md.tera:{at}:"), "get_env");
        // Refused at load: no other template renders either.
        let other = render(&repo, "plan");
        assert_refused(&other, &format!("templates/notes.md.tera:{at}:"), "get_env");
    }
}

#[test]
fn a_self_include_is_refused() {
    let repo = repo_with(&[(
        "notes.md.tera",
        "# Notes\n\n  {% include \"notes.md.tera\" %}\n",
    )]);
    assert_refused(
        &render(&repo, "notes"),
        "templates/notes.md.tera:3:3:",
        "includes itself",
    );
}

#[test]
fn an_include_cycle_is_refused() {
    let repo = repo_with(&[
        ("a.md.tera", "A\n{% include \"b.md.tera\" %}\n"),
        ("b.md.tera", "B\n\n{%- include \"a.md.tera\" -%}\n"),
    ]);
    let run = render(&repo, "a");
    assert_refused(&run, "templates/a.md.tera:2:1:", "cycle");
    assert!(run.stderr.contains("b.md.tera"), "{run:?}");
    // An include of a template that exists is fine; `ignore missing` of one that does not too.
    let repo = repo_with(&[
        ("a.md.tera", "A {% include \"b.md.tera\" %}\n"),
        (
            "b.md.tera",
            "B {% include [\"nope.md.tera\", \"c.md.tera\"] %} {% include \"gone.md.tera\" ignore missing %}",
        ),
        ("c.md.tera", "C"),
    ]);
    let run = render(&repo, "a");
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "A B C\n");
}

#[test]
fn a_recursive_macro_is_refused() {
    let repo = repo_with(&[(
        "notes.md.tera",
        "{% macro m(n) %}{{ self::m(n=n) }}{% endmacro m %}\n{{ self::m(n=1) }}\n",
    )]);
    assert_refused(
        &render(&repo, "notes"),
        "templates/notes.md.tera:1:20:",
        "recursion",
    );
}

#[test]
fn mutually_recursive_macros_are_refused() {
    // Two macros of one imported file.
    let repo = repo_with(&[
        (
            "notes.md.tera",
            "{% import \"macros.md.tera\" as m %}\n{{ m::a() }}\n",
        ),
        (
            "macros.md.tera",
            "{% macro a() %}{{ self::b() }}{% endmacro a %}\n{% macro b() %}x {{ self::a() }}{% endmacro b %}\n",
        ),
    ]);
    let run = render(&repo, "notes");
    assert_refused(&run, "templates/macros.md.tera:1:19:", "recursion");
    assert!(run.stderr.contains("a → b → a"), "{run:?}");
    // Through an include that imports the macro file back.
    let repo = repo_with(&[
        (
            "notes.md.tera",
            "{% import \"macros.md.tera\" as m %}\n{{ m::a() }}\n",
        ),
        (
            "macros.md.tera",
            "{% macro a() %}\n  {% include \"part.md.tera\" %}\n{% endmacro a %}\n",
        ),
        (
            "part.md.tera",
            "{% import \"macros.md.tera\" as again %}{{ again::a() }}",
        ),
    ]);
    let run = render(&repo, "notes");
    assert_refused(&run, "templates/macros.md.tera:2:3:", "recursion");
    // A file that imports itself makes tera load its macros forever.
    let repo = repo_with(&[(
        "notes.md.tera",
        "{% import \"notes.md.tera\" as me %}{% macro m() %}x{% endmacro m %}{{ me::m() }}\n",
    )]);
    assert_refused(
        &render(&repo, "notes"),
        "templates/notes.md.tera:1:1:",
        "imports itself",
    );
}

#[test]
fn macros_that_call_each_other_without_recursion_still_work() {
    let repo = repo_with(&[
        (
            "notes.md.tera",
            "{% import \"macros.md.tera\" as m %}{{ m::a(x=1) }} {{ m::b(x=2) }}\n",
        ),
        (
            "macros.md.tera",
            "{% macro a(x) %}a{{ x }}{{ self::b(x=x) }}{% endmacro a %}{% macro b(x) %}b{{ x }}{% endmacro b %}",
        ),
    ]);
    let run = render(&repo, "notes");
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stdout, "a1b1 b2\n");
}

#[test]
fn deep_nesting_is_refused_before_tera_parses_it() {
    let ifs = format!(
        "{}x{}",
        "{% if true %}".repeat(5000),
        "{% endif %}".repeat(5000)
    );
    // The 65th `{% if %}` is one level too deep.
    let col = 64 * "{% if true %}".len() + 1;
    let repo = repo_with(&[("notes.md.tera", &ifs)]);
    assert_refused(
        &render(&repo, "notes"),
        &format!("templates/notes.md.tera:1:{col}:"),
        "nested",
    );
    let fors = format!(
        "line\n{}x{}",
        "{% for a in [1] %}".repeat(1000),
        "{% endfor %}".repeat(1000)
    );
    // The 64th `{% for %}` is the 64th level: its `[1]` is one level too deep.
    let col = 63 * "{% for a in [1] %}".len() + "{% for a in [".len();
    let repo = repo_with(&[("notes.md.tera", &fors)]);
    assert_refused(
        &render(&repo, "notes"),
        &format!("templates/notes.md.tera:2:{col}:"),
        "nested",
    );
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(5000), ")".repeat(5000));
    let repo = repo_with(&[("notes.md.tera", &parens)]);
    assert_refused(
        &render(&repo, "notes"),
        &format!("templates/notes.md.tera:1:{}:", 3 + 65),
        "nested",
    );
    // A long chain of operators is a deep tree for tera.
    let plus = format!("{{{{ 1{} }}}}", " + 1".repeat(3000));
    let repo = repo_with(&[("notes.md.tera", &plus)]);
    assert_refused(
        &render(&repo, "notes"),
        &format!("templates/notes.md.tera:1:{}:", 4 + 64 * 4 + 2),
        "nested",
    );
    // 60 levels are fine.
    let ok = format!(
        "{}x{}",
        "{% if true %}".repeat(60),
        "{% endif %}".repeat(60)
    );
    let repo = repo_with(&[("notes.md.tera", &ok)]);
    let run = render(&repo, "notes");
    assert_eq!((run.code, run.stdout.as_str()), (0, "x\n"), "{run:?}");
}

#[test]
fn expressions_too_complex_for_the_parser_are_refused() {
    // tera's grammar takes time exponential in the depth of nested function calls.
    let text = format!(
        "# Notes\n\n{{{{ {}1{} }}}}\n",
        "f(x=".repeat(12),
        ")".repeat(12)
    );
    let repo = repo_with(&[("notes.md.tera", &text)]);
    let (run, took) = run_env(repo.path(), &["render", "notes"], &[]);
    assert_refused(&run, "templates/notes.md.tera:3:", "too complex");
    assert!(took < Duration::from_secs(5), "{took:?} {run:?}");
}

#[test]
fn long_chains_of_includes_are_refused() {
    // No cycle, but 30 templates that each include the next inside 10 blocks: 11 levels a
    // step, 330 in all.
    let mut files: Vec<(String, String)> = (0..30)
        .map(|i| {
            (
                format!("t{i:02}.md.tera"),
                format!(
                    "{}{{% include \"t{:02}.md.tera\" %}}{}",
                    "{% if true %}".repeat(10),
                    i + 1,
                    "{% endif %}".repeat(10)
                ),
            )
        })
        .collect();
    files.push(("t30.md.tera".into(), "end".into()));
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let repo = repo_with(&refs);
    // t06 is the first that goes deeper than 256: 24 steps of 11 levels.
    assert_refused(
        &render(&repo, "t00"),
        "templates/t06.md.tera:1:131:",
        "nest 264 levels deep",
    );
    // 23 steps are fine (the templates load together: without t00 to t06).
    let repo = repo_with(&refs[7..]);
    let run = render(&repo, "t07");
    assert_eq!((run.code, run.stdout.as_str()), (0, "end\n"), "{run:?}");
}

#[test]
fn a_huge_range_is_refused_without_allocating_it() {
    for (text, at) in [
        (
            "{% for i in range(end=1000000000000) %}x{% endfor %}",
            "1:13",
        ),
        (
            "\n{% for i in range(end=10, step_by=0) %}x{% endfor %}",
            "2:13",
        ),
        (
            "{% set xs = range(end=60000) %}{% set ys = range(end=60000) %}",
            "1:44",
        ),
    ] {
        let repo = repo_with(&[("notes.md.tera", text)]);
        let (run, took) = run_env(repo.path(), &["render", "notes"], &[]);
        assert_refused(&run, &format!("templates/notes.md.tera:{at}:"), "range");
        assert!(took < Duration::from_secs(5), "{took:?} {run:?}");
    }
    // Ordinary ranges still work.
    let repo = repo_with(&[(
        "notes.md.tera",
        "{% for i in range(start=1, end=10, step_by=3) %}{{ i }} {% endfor %}",
    )]);
    let run = render(&repo, "notes");
    assert_eq!((run.code, run.stdout.as_str()), (0, "1 4 7\n"), "{run:?}");
}

#[test]
fn nested_loops_over_data_are_bounded() {
    let repo = repo_with(&[(
        "notes.md.tera",
        "{% set xs = range(end=200) %}\n{% for a in xs %}\n {% for b in xs %}\n  {% for c in xs %}\n   {% for d in xs %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}\n",
    )]);
    let (run, took) = run_env(repo.path(), &["render", "notes"], &[]);
    assert_refused(&run, "templates/notes.md.tera:5:4:", "loop");
    assert!(took < Duration::from_secs(10), "{took:?} {run:?}");
}

#[test]
#[cfg(feature = "test-hooks")]
fn exponential_growth_is_stopped_by_the_memory_guard() {
    let repo = repo_with(&[(
        "notes.md.tera",
        "{% set_global s = \"ab\" %}\n{% for i in range(end=64) %}\n  {% set_global s = s ~ s %}\n{% endfor %}{{ s | length }}\n",
    )]);
    let (run, took) = run_env(
        repo.path(),
        &["render", "notes"],
        &[("RELMAN_TEST_TEMPLATE_MEMORY_MB", "64")],
    );
    // The text doubles at 3:3, in the loop at 2:1.
    assert_refused_at_one_of(
        &run,
        &[
            "templates/notes.md.tera:3:3:",
            "templates/notes.md.tera:2:1:",
        ],
        "memory",
    );
    assert!(took < Duration::from_secs(10), "{took:?} {run:?}");
}

#[test]
#[cfg(feature = "test-hooks")]
fn a_slow_render_is_stopped_by_the_time_guard() {
    // 90 000 replacements of a 64 KiB string: seconds of work that no static check sees.
    let repo = repo_with(&[(
        "notes.md.tera",
        "{% set_global s = \"a\" %}{% for i in range(end=16) %}{% set_global s = s ~ s %}{% endfor %}\n{% for i in range(end=300) %}{% for j in range(end=300) %}\n{% set t = s | replace(from=\"a\", to=\"b\") %}{% endfor %}{% endfor %}",
    )]);
    let (run, took) = run_env(
        repo.path(),
        &["render", "notes"],
        &[("RELMAN_TEST_TEMPLATE_TIMEOUT_MS", "300")],
    );
    // The work is at 3:1, in the loops at 2:1 and 2:30.
    assert_refused_at_one_of(
        &run,
        &[
            "templates/notes.md.tera:3:1:",
            "templates/notes.md.tera:2:30:",
            "templates/notes.md.tera:2:1:",
        ],
        "took longer than",
    );
    assert!(took < Duration::from_secs(5), "{took:?} {run:?}");
}

#[test]
fn output_is_capped() {
    let repo = repo_with(&[(
        "notes.md.tera",
        "{% set_global s = \"x\" %}{% for i in range(end=10) %}{% set_global s = s ~ s %}{% endfor %}\n{% for i in range(end=50000) %}{{ s }}{% endfor %}\n",
    )]);
    let (run, took) = run_env(repo.path(), &["render", "notes"], &[]);
    assert_refused(&run, "templates/notes.md.tera:2:32:", "MiB");
    assert!(took < Duration::from_secs(10), "{took:?} {run:?}");
}

#[test]
fn a_panic_in_tera_is_an_error_with_its_place() {
    let repo = repo_with(&[(
        "notes.md.tera",
        "{% set a = -9223372036854775807 - 1 %}\n  {{ a % -1 }}\n",
    )]);
    let run = render(&repo, "notes");
    assert_refused(&run, "templates/notes.md.tera:2:3:", "tera failed here");
    let repo = repo_with(&[("notes.md.tera", "{{ \"7\" | int(base=99) }}\n")]);
    let run = render(&repo, "notes");
    assert_refused(&run, "templates/notes.md.tera:1:", "base");
}

#[test]
fn the_release_refuses_a_hostile_document_template_before_writing() {
    let mut repo = repo_with(&[(
        "notes.md.tera",
        "# {{ version }}\n{% macro m() %}{{ self::m() }}{% endmacro m %}{{ self::m() }}\n",
    )]);
    repo.write(
        "release.toml",
        "[documents]\nnotes = \"docs/NOTES_{{version}}.md\"\n",
    );
    repo.commit("feat: notes");
    let head = repo.head();
    for args in [
        &["release", "--dry-run", "--date", "2024-06-01"][..],
        &["release", "--date", "2024-06-01"][..],
    ] {
        let (run, _) = run_env(repo.path(), args, &[]);
        assert_refused(&run, "templates/notes.md.tera:2:19:", "recursion");
    }
    assert_eq!(repo.head(), head);
    assert!(!repo.path().join("docs").exists());
    assert!(!repo.path().join("CHANGELOG.md").exists());
}

#[cfg(unix)]
#[test]
fn a_fifo_or_socket_template_is_refused_without_opening_it() {
    let repo = repo_with(&[]);
    std::fs::create_dir_all(repo.path().join("templates")).unwrap();
    let status = Command::new("mkfifo")
        .arg(repo.path().join("templates/notes.md.tera"))
        .status()
        .unwrap();
    assert!(status.success());
    let (run, took) = run_env(repo.path(), &["render", "notes"], &[]);
    assert_refused(&run, "templates/notes.md.tera:", "FIFO");
    assert!(took < Duration::from_secs(5), "{took:?}");

    let repo = repo_with(&[]);
    std::fs::create_dir_all(repo.path().join("templates")).unwrap();
    let _socket =
        std::os::unix::net::UnixListener::bind(repo.path().join("templates/plan.md.tera")).unwrap();
    assert_refused(&render(&repo, "notes"), "templates/plan.md.tera:", "socket");
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md.tera");
    std::fs::write(&secret, "{{ version }} secret\n").unwrap();
    let repo = repo_with(&[]);
    std::fs::create_dir_all(repo.path().join("templates")).unwrap();
    std::os::unix::fs::symlink(&secret, repo.path().join("templates/notes.md.tera")).unwrap();
    let run = render(&repo, "notes");
    assert_refused(&run, "templates/notes.md.tera:", "outside the repository");
    assert!(
        run.stderr.contains(&secret.display().to_string()),
        "{run:?}"
    );
    // A device is refused too (here also outside the repository).
    std::fs::remove_file(repo.path().join("templates/notes.md.tera")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", repo.path().join("templates/notes.md.tera")).unwrap();
    let run = render(&repo, "notes");
    assert_refused(&run, "templates/notes.md.tera:", "/dev/zero");
    // A link inside the repository is followed; one into .git is not.
    std::fs::remove_file(repo.path().join("templates/notes.md.tera")).unwrap();
    std::fs::write(repo.path().join("notes.tmpl"), "Inside {{ version }}\n").unwrap();
    std::os::unix::fs::symlink("../notes.tmpl", repo.path().join("templates/notes.md.tera"))
        .unwrap();
    let run = render(&repo, "notes");
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.starts_with("Inside "), "{run:?}");
    std::fs::remove_file(repo.path().join("templates/notes.md.tera")).unwrap();
    std::os::unix::fs::symlink("../.git/HEAD", repo.path().join("templates/notes.md.tera"))
        .unwrap();
    assert_refused(&render(&repo, "notes"), "templates/notes.md.tera:", ".git");
}

#[test]
fn huge_or_too_many_templates_are_refused() {
    let big = "x".repeat(2 << 20);
    let repo = repo_with(&[("notes.md.tera", &big)]);
    assert_refused(&render(&repo, "notes"), "templates/notes.md.tera:", "MiB");
    // Together: 20 templates of 900 KiB.
    let part = "x".repeat(900 << 10);
    let names: Vec<String> = (0..20).map(|i| format!("t{i:02}.md.tera")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), part.as_str())).collect();
    let repo = repo_with(&files);
    assert_refused(
        &render(&repo, "notes"),
        "templates/t18.md.tera:",
        "together",
    );
    // Too many.
    let names: Vec<String> = (0..201).map(|i| format!("t{i:03}.md.tera")).collect();
    let files: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "x")).collect();
    let repo = repo_with(&files);
    assert_refused(
        &render(&repo, "notes"),
        "templates: 201 templates",
        "more than",
    );
}

#[test]
fn control_characters_of_a_project_template_are_shown_not_written() {
    let mut repo = common::TestRepo::new();
    repo.write("VERSION", "1.0.0\n").write(
        "templates/notes.md.tera",
        "# Notes {{ version }}\r\n\r\nred \u{1b}[31mtext\u{1b}[0m\r\n",
    );
    repo.commit("feat: first");
    let run = repo.relman(&[
        "render",
        "notes",
        "--version",
        "1.0.0",
        "--date",
        "2024-06-01",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(!run.stdout.contains('\u{1b}'), "{run:?}");
    assert!(run.stdout.contains("red \\u{1b}[31mtext"), "{run:?}");
    assert!(
        run.stdout.starts_with("# Notes 1.0.0\r\n"),
        "CRLF is kept: {run:?}"
    );
}
