//! Commit text and remote URLs are written by others: a hostile subject, body, BREAKING
//! CHANGE text or author name never changes the structure of what relman writes (no link
//! definition of its own, no raw HTML, no heading, no fence that swallows the rest), never
//! reaches a file or the terminal as a control sequence, and a token in the remote URL never
//! leaves relman. `changelog --prepend` is idempotent on any existing file.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{relman_in, Run, TestRepo};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

const DATE: &str = "2024-06-01";

/// The documents relman release writes besides the changelog, and a project template that
/// shows every commit's body and footers (what a project's own template may do).
const RELEASE_TOML: &str = "[documents]\n\
notes = \"docs/releases/NOTES_{{version}}.md\"\n\
plan = \"docs/releases/PLAN_{{version}}.md\"\n\
checklist = \"docs/releases/CHECKLIST_{{version}}.md\"\n\
bodies = \"docs/releases/BODIES_{{version}}.md\"\n";

const BODIES: &str = "# Bodies of {{ version }}\n\
{% for commit in commits %}\n\
## {{ commit.description }}\n\
\n\
{% if commit.body %}{{ commit.body }}{% endif %}\n\
{% for footer in commit.footers %}\n\
- {{ footer.token }}: {{ footer.value | indent_list }}\n\
{%- endfor %}\n\
{% endfor %}\n\
## Authors\n\
{% for person in contributors %}\n\
- {{ person.name }} ({{ person.email }})\n\
{%- endfor %}\n";

fn ready(remote: &str) -> TestRepo {
    let mut repo = TestRepo::new();
    {
        let mut config = repo.repo.config().unwrap();
        config.set_str("user.name", "Release Bot").unwrap();
        config.set_str("user.email", "bot@example.com").unwrap();
    }
    repo.repo.remote("origin", remote).unwrap();
    repo.write("Cargo.toml", "[package]\nname = \"app\"\nversion = \"1.0.0\"\n")
        .write(
            "CHANGELOG.md",
            "# Changelog\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- first\n\n[1.0.0]: https://github.com/acme/app/releases/tag/v1.0.0\n",
        )
        .write("release.toml", RELEASE_TOML)
        .write("templates/bodies.md.tera", BODIES);
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo
}

/// A commit with this author (same tree as HEAD).
fn commit_as(repo: &TestRepo, name: &str, email: &str, message: &str) {
    let head = repo.repo.head().unwrap().peel_to_commit().unwrap();
    let tree = head.tree().unwrap();
    let sig = git2::Signature::new(name, email, &git2::Time::new(1_704_153_600, 0)).unwrap();
    repo.repo
        .commit(Some("HEAD"), &sig, &sig, message, &tree, &[&head])
        .unwrap();
}

fn run(repo: &TestRepo, args: &[&str]) -> Run {
    let run = repo.relman(args);
    assert_no_controls(&format!("relman {args:?}: stdout"), &run.stdout);
    assert_no_controls(&format!("relman {args:?}: stderr"), &run.stderr);
    run
}

/// Control characters other than line feed and tab.
fn controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && *c != '\n' && *c != '\t')
        .collect()
}

fn assert_no_controls(what: &str, text: &str) {
    let found = controls(text);
    assert!(found.is_empty(), "{what} holds {found:?}:\n{text}");
}

/// Every file of the work tree but `.git` (folders with no bytes).
fn files(root: &Path) -> BTreeMap<String, Vec<u8>> {
    common::work_tree_files(root)
}

/// What a Markdown document is made of, as CommonMark (GFM) reads it.
#[derive(Debug, Default)]
struct Shape {
    /// Level and text of every heading.
    headings: Vec<(usize, String)>,
    /// Every link reference definition: label (as written) and destination, in the map
    /// CommonMark builds (the first definition of a label wins).
    definitions: BTreeMap<String, String>,
    /// Raw HTML, block or inline.
    html: Vec<String>,
    /// Code blocks and their text.
    code_blocks: Vec<String>,
    footnote_definitions: usize,
    task_items: usize,
}

fn shape(text: &str) -> Shape {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM;
    let parser = Parser::new_ext(text, options);
    let mut shape = Shape {
        definitions: parser
            .reference_definitions()
            .iter()
            .map(|(label, def)| (label.to_string(), def.dest.to_string()))
            .collect(),
        ..Shape::default()
    };
    let mut heading: Option<(usize, String)> = None;
    let mut code: Option<String> = None;
    for event in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                heading = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => shape.headings.extend(heading.take()),
            Event::Start(Tag::CodeBlock(_)) => code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => shape.code_blocks.extend(code.take()),
            Event::Start(Tag::FootnoteDefinition(_)) => shape.footnote_definitions += 1,
            Event::TaskListMarker(_) => shape.task_items += 1,
            Event::Html(html) | Event::InlineHtml(html) => shape.html.push(html.to_string()),
            Event::Start(Tag::Link { .. }) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push('[');
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push(']');
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
                if let Some(c) = code.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    shape
}

fn headings(shape: &Shape) -> Vec<String> {
    shape
        .headings
        .iter()
        .map(|(level, text)| format!("{} {text}", "#".repeat(*level)))
        .collect()
}

/// The structure every changelog relman writes for the hostile history must have: the
/// header, the new section, the previous one (when `previous` is given, as in a changelog
/// that had it), and relman's own link definitions only.
fn assert_changelog(text: &str, version: &str, previous: Option<&str>) {
    let s = shape(text);
    let labels: Vec<&str> = s.definitions.keys().map(String::as_str).collect();
    let mut expected: Vec<&str> = [Some(version), previous].into_iter().flatten().collect();
    expected.sort_unstable();
    assert_eq!(labels, expected, "only relman's definitions:\n{text}");
    assert_eq!(
        s.definitions[version],
        format!("https://github.com/acme/app/compare/v1.0.0...v{version}"),
        "{text}"
    );
    let level2: Vec<&str> = s
        .headings
        .iter()
        .filter(|(level, _)| *level <= 2)
        .map(|(_, t)| t.as_str())
        .collect();
    let mut expected = vec!["Changelog".to_string(), format!("[{version}] - {DATE}")];
    expected.extend(previous.map(|p| format!("[{p}] - 2024-01-01")));
    assert_eq!(level2, expected, "{text}");
    assert!(s.html.is_empty(), "raw HTML {:?}:\n{text}", s.html);
    assert!(
        s.code_blocks.is_empty(),
        "code blocks {:?}:\n{text}",
        s.code_blocks
    );
    assert_eq!(s.footnote_definitions, 0, "{text}");
    assert_eq!(s.task_items, 0, "{text}");
}

/// A history whose subjects try everything; version 1.1.0.
fn hostile_subjects(repo: &mut TestRepo) {
    for message in [
        "feat: [1.1.0]: https://evil.example/subject",
        "feat: - [1.1.0]: https://evil.example/nested",
        "feat: > [1.1.0]: https://evil.example/quote",
        "feat(*[1.0.0]*): [1.0.0]: https://evil.example/scope",
        "fix: [^1]: a footnote of its own",
        "fix: [ ] a task box",
        "fix: <script>alert(1)</script> and <!-- hide the rest",
        "fix: <details><summary>open me</summary>",
        "fix: <?php echo 1; ?> and <![CDATA[ x ]]>",
        "fix: ## [0.9.0] - 2020-01-01",
        "fix: # a heading",
        "fix: ```",
        "fix: ~~~ tildes",
        "fix: ---",
        "fix: 1. numbered",
        "fix: a `lone backtick",
        "fix: \u{1b}[31mred\u{1b}[0m \u{1b}]8;;https://evil.example\u{7}click\u{1b}]8;;\u{7} \u{9b}2J del\u{7f} bs\u{8} cr\r",
        "perf: keep `<div>` and `[x](y.md)` and `[1.1.0]: z` readable in code",
        "fix: body\n\n## [0.9.0] - 2020-01-01\n\n[1.1.0]: https://evil.example/body\n\n<!-- a comment that never closes\n\n```\nan unclosed fence\n\nCloses #7\nRefs: [1.1.0]: https://evil.example/footer\n",
    ] {
        repo.commit(message);
    }
    commit_as(
        repo,
        "[1.1.0]: https://evil.example/author",
        "evil@example.com",
        "fix: by a hostile author name",
    );
    commit_as(
        repo,
        "Mallory \u{1b}[2J",
        "x\u{1b}[5m@example.com",
        "fix: by a hostile author with controls",
    );
}

#[test]
fn hostile_subjects_do_not_change_the_structure_of_any_written_file() {
    let mut repo = ready("https://github.com/acme/app.git");
    hostile_subjects(&mut repo);
    let before_release = repo.head();

    // `changelog --prepend` writes what `release` will write, twice without a change.
    let prepend = [
        "changelog",
        "--tag",
        "1.1.0",
        "--prepend",
        "CHANGELOG.md",
        "--date",
        DATE,
    ];
    let first = run(&repo, &prepend);
    assert_eq!(first.code, 0, "{first:?}");
    let once = repo.read("CHANGELOG.md");
    assert_changelog(&once, "1.1.0", Some("1.0.0"));
    let second = run(&repo, &prepend);
    assert_eq!(second.code, 0, "{second:?}");
    assert_eq!(repo.read("CHANGELOG.md"), once, "idempotent");
    // Ordinary text stays readable: code spans exactly as written.
    for kept in ["`<div>`", "`[x](y.md)`", "`[1.1.0]: z`"] {
        assert!(once.contains(kept), "{kept} in:\n{once}");
    }
    let lint = run(&repo, &["lint", "CHANGELOG.md"]);
    assert_eq!(lint.code, 0, "{lint:?}");
    std::process::Command::new("git")
        .args(["checkout", "CHANGELOG.md"])
        .current_dir(repo.path())
        .output()
        .unwrap();

    // `changelog --output`, `render` of every document, `render --format json`.
    let out = run(
        &repo,
        &[
            "changelog",
            "--tag",
            "1.1.0",
            "--output",
            "OUT.md",
            "--date",
            DATE,
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_changelog(&repo.read("OUT.md"), "1.1.0", None);
    std::fs::remove_file(repo.path().join("OUT.md")).unwrap();
    let stdout = run(&repo, &["changelog", "--date", DATE]);
    let s = shape(&stdout.stdout);
    assert_eq!(
        s.definitions.keys().collect::<Vec<_>>(),
        ["Unreleased"],
        "{stdout:?}"
    );
    assert!(s.html.is_empty() && s.code_blocks.is_empty(), "{stdout:?}");
    for args in [
        &["changelog", "--format", "json"][..],
        &["render", "notes", "--format", "json"],
        &["render", "notes"],
        &["render", "plan"],
        &["render", "checklist"],
        &["render", "bodies"],
    ] {
        let out = run(&repo, &[args, &["--date", DATE]].concat());
        assert_eq!(out.code, 0, "{args:?}: {out:?}");
        if !args.contains(&"json") {
            let s = shape(&out.stdout);
            assert!(
                s.definitions.is_empty() && s.html.is_empty(),
                "{args:?}: {out:?}"
            );
        }
    }

    // The cut: every file it writes, the commit and the tag.
    let dry = run(&repo, &["release", "--dry-run", "--date", DATE]);
    assert_eq!(dry.code, 0, "{dry:?}");
    let release = run(&repo, &["release", "--date", DATE]);
    assert_eq!(release.code, 0, "{release:?}");
    assert_ne!(repo.head(), before_release);
    assert_changelog(&repo.read("CHANGELOG.md"), "1.1.0", Some("1.0.0"));
    for (path, bytes) in files(repo.path()) {
        let text = String::from_utf8(bytes).unwrap();
        assert_no_controls(&path, &text);
        if !path.starts_with("docs/releases/") {
            continue;
        }
        let s = shape(&text);
        assert!(
            s.definitions.is_empty(),
            "{path}: {:?}\n{text}",
            s.definitions
        );
        assert!(s.html.is_empty(), "{path}: {:?}\n{text}", s.html);
        assert!(
            s.code_blocks.iter().all(|c| !c.contains("##")),
            "{path}:\n{text}"
        );
        assert_eq!(s.footnote_definitions, 0, "{path}:\n{text}");
        let all = headings(&s);
        if path.ends_with("BODIES_1.1.0.md") {
            // One heading per commit (its description, escaped as text); a body's own
            // heading is text, and its unclosed fence is closed where the body ends.
            let level2 = s.headings.iter().filter(|(level, _)| *level == 2).count();
            assert_eq!(level2, 21 + 1, "{path}:\n{text}");
            assert_eq!(s.headings.len(), 1 + level2, "{path}:\n{text}");
            assert_eq!(all.last().map(String::as_str), Some("## Authors"), "{text}");
            assert!(text.contains("an unclosed fence\n"), "{text}");
        } else {
            assert!(
                !all.iter()
                    .any(|h| h.contains("0.9.0") || h.contains("a heading") || h.contains("evil")),
                "{path}: {all:?}\n{text}"
            );
        }
    }
    let tag = repo
        .repo
        .find_reference("refs/tags/v1.1.0")
        .unwrap()
        .peel_to_tag()
        .unwrap();
    let message = tag.message().unwrap();
    assert_no_controls("the tag message", message);
    let s = shape(message);
    assert_eq!(s.definitions.len(), 0, "{message}");
    assert!(s.html.is_empty(), "{message}");
    let lint = run(&repo, &["lint"]);
    assert_eq!(lint.code, 0, "{lint:?}");
}

#[test]
fn a_breaking_change_text_is_not_a_definition_a_heading_or_a_fence() {
    let mut repo = ready("git@github.com:acme/app.git");
    repo.commit(
        "feat(api)!: drop v1\n\nBREAKING CHANGE: [2.0.0]: https://evil.example/breaking\n\
         ## [0.9.0] - 2020-01-01\n[1.0.0]: https://evil.example/old\n---\n\
         > [2.0.0]: https://evil.example/quoted\n<details>\n<!--\n~~~\n\u{1b}[2J",
    );
    repo.commit("feat!: [2.0.0]: https://evil.example/bang");
    repo.commit(
        "fix: tidy\n\nBREAKING-CHANGE: - [2.0.0]: https://evil.example/list\n\
         a line\n===\n```sh\nrm -rf /\n",
    );
    // Code in a list item whose lines fall out of the item, a tab that reaches a column
    // only the template knows.
    repo.commit(
        "fix!: steps\n\nBREAKING CHANGE: steps\n- item\n  ```\n<script>alert(1)</script>\n```\n\
         \t[2.0.0]: https://evil.example/tab\n",
    );
    let release = run(&repo, &["release", "--date", DATE]);
    assert_eq!(release.code, 0, "{release:?}");
    let changelog = repo.read("CHANGELOG.md");
    assert_changelog(&changelog, "2.0.0", Some("1.0.0"));
    let notes = repo.read("docs/releases/NOTES_2.0.0.md");
    let s = shape(&notes);
    assert!(s.definitions.is_empty(), "{notes}");
    assert!(s.html.is_empty(), "{notes}");
    assert!(!headings(&s).iter().any(|h| h.contains("0.9.0")), "{notes}");
    // The note's fences are closed inside the note: the sections after it stay sections.
    assert!(
        headings(&s).iter().any(|h| h == "## Contributors"),
        "{notes}"
    );
    for (path, bytes) in files(repo.path()) {
        assert_no_controls(&path, &String::from_utf8(bytes).unwrap());
    }
    let lint = run(&repo, &["lint"]);
    assert_eq!(lint.code, 0, "{lint:?}");
}

#[test]
fn the_terminal_never_gets_a_control_sequence() {
    let mut repo = ready("https://github.com/acme/app.git");
    repo.commit("fix: \u{1b}]0;owned\u{7}title \u{1b}[2J\u{9b}31m");
    repo.commit("\u{1b}[31mUpdate\u{1b}[0m things\r");
    repo.commit("fe\u{1b}at: \u{1b}[1mbold");
    repo.commit("feat(\u{1b}[5m): blink");
    for args in [
        &["next", "--explain"][..],
        &["next", "--format", "json"],
        &["check-commit", "--range", "v1.0.0..HEAD"],
        &["changelog", "--date", DATE],
        &["changelog", "--range", "\u{1b}[31m..HEAD"],
        &["render", "notes", "--date", DATE],
        &["release", "--dry-run", "--date", DATE],
        &["release", "--dry-run", "--format", "json", "--date", DATE],
        &["-C", "no\u{1b}[2Jwhere", "version"],
    ] {
        run(&repo, args);
    }
    let check = run(&repo, &["check-commit", "--range", "v1.0.0..HEAD"]);
    assert_eq!(check.code, 1, "{check:?}");
    assert!(
        check.stdout.contains("\\u{1b}[31mUpdate"),
        "shown escaped: {check:?}"
    );
    for message in [
        "\u{1b}]0;owned\u{7}not conventional\n",
        "fe\u{1b}[2Jat: x\n",
        "feat: ok\n\n\u{1b}[2Jbody\nBREAKING change: \u{1b}[31m\n",
        "feat:\u{1b}[2J no space\n",
    ] {
        repo.write("MSG", message);
        run(&repo, &["check-commit", "MSG"]);
    }
}

#[test]
fn lint_reports_control_characters_in_markdown() {
    let mut repo = TestRepo::new();
    repo.write(
        "README.md",
        "# Title\n\nSome \u{1b}[31mred\u{1b}[0m text and a bell\u{7}.\n\n```sh\necho \u{1b}]0;x\u{7}\n```\n\nA C1 \u{9b}2J and a DEL\u{7f}.\n",
    )
    .write("CLEAN.md", "# Clean\n\nTabs\tare fine.\n");
    repo.commit("docs: readme");
    let human = run(&repo, &["lint"]);
    assert_eq!(human.code, 1, "{human:?}");
    let json = run(&repo, &["lint", "--format", "json"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    let found: Vec<(String, u64, u64)> = findings
        .iter()
        .map(|f| {
            (
                format!(
                    "{}:{}",
                    f["path"].as_str().unwrap(),
                    f["rule"].as_str().unwrap()
                ),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("README.md:mojibake".to_string(), 3, 6),
            ("README.md:mojibake".to_string(), 3, 14),
            ("README.md:mojibake".to_string(), 3, 34),
            ("README.md:mojibake".to_string(), 6, 6),
            ("README.md:mojibake".to_string(), 9, 6),
            ("README.md:mojibake".to_string(), 9, 19),
        ],
        "{json:?}"
    );
    assert!(
        findings[0]["message"].as_str().unwrap().contains("ESC"),
        "{json:?}"
    );
    let github = run(&repo, &["lint", "--format", "github"]);
    assert_eq!(github.code, 1, "{github:?}");
    let fix = run(&repo, &["lint", "--fix"]);
    assert_eq!(fix.code, 1, "no automatic fix: {fix:?}");
    let explain = run(&repo, &["lint", "--explain", "mojibake"]);
    assert!(explain.stdout.contains("control character"), "{explain:?}");
}

const GITHUB: Option<&str> = Some("https://github.com/acme/app/");

/// Remote URLs that carry a secret, and where relman's links go (None: the URL is not one
/// relman can read as a forge repository, so there are no links).
const SECRET_REMOTES: &[(&str, Option<&str>)] = &[
    (
        "https://x-access-token:ghs_SECRET1@github.com/acme/app.git",
        GITHUB,
    ),
    ("https://user:ghp_SECRET2@github.com/acme/app.git", GITHUB),
    ("https://ghp_SECRET3@github.com/acme/app", GITHUB),
    (
        "https://github.com/acme/app.git?access_token=SECRET4",
        GITHUB,
    ),
    ("https://github.com/acme/app.git#SECRET5", GITHUB),
    (
        "https://github.com/acme/app/?private_token=SECRET6#SECRET7",
        GITHUB,
    ),
    (
        "https://oauth2:glpat-SECRET8@gitlab.com/acme/app.git",
        Some("https://gitlab.com/acme/app/-/"),
    ),
    ("ssh://SECRET9@github.com:22/acme/app.git", GITHUB),
    ("SECRET10@github.com:acme/app.git", GITHUB),
    ("https://user:SECRET11@github.com:443/acme/app.git/", GITHUB),
    (
        "https://user%40x:SECRET12%2F@github.com/acme/app.git",
        GITHUB,
    ),
    ("https://user:SECRET13@@github.com/acme/app.git", GITHUB),
    ("https://github.com/acme/app@SECRET14", None),
    ("https://github.com/acme/app.git;SECRET15", None),
    ("https://github.com/acme/app/SECRET16/../x", None),
];

#[test]
fn a_token_in_the_remote_url_never_leaves_relman() {
    for &(remote, forge) in SECRET_REMOTES {
        let mut repo = TestRepo::new();
        {
            let mut config = repo.repo.config().unwrap();
            config.set_str("user.name", "Release Bot").unwrap();
            config.set_str("user.email", "bot@example.com").unwrap();
        }
        repo.repo.remote("origin", remote).unwrap();
        repo.write(
            "Cargo.toml",
            "[package]\nname = \"app\"\nversion = \"1.0.0\"\n",
        );
        repo.commit("feat: first\n\nCloses #1");
        repo.tag("v1.0.0");
        let init = run(&repo, &["init"]);
        assert_eq!(init.code, 0, "{remote}: {init:?}");
        let toml = repo.read("release.toml");
        repo.commit("chore: relman init");
        repo.commit("fix: crash\n\nFixes #2");
        let mut outputs = vec![toml.clone()];
        for args in [
            &["changelog", "--format", "json", "--date", DATE][..],
            &["changelog", "--date", DATE],
            &["changelog", "--all", "--date", DATE],
            &["changelog", "--all", "--format", "json", "--date", DATE],
            &["render", "notes", "--date", DATE],
            &["render", "notes", "--format", "json", "--date", DATE],
            &["render", "changelog", "--date", DATE],
            &["next", "--explain", "--format", "json"],
            &["release", "--dry-run", "--date", DATE],
            &["release", "--dry-run", "--format", "json", "--date", DATE],
            &["release", "--date", DATE],
            &["lint", "--format", "sarif"],
        ] {
            let r = run(&repo, args);
            assert!(r.code == 0 || r.code == 1, "{remote}: {args:?}: {r:?}");
            outputs.push(r.stdout);
            outputs.push(r.stderr);
        }
        for bytes in files(repo.path()).values() {
            outputs.push(String::from_utf8_lossy(bytes).into_owned());
        }
        let tag = repo
            .repo
            .find_reference("refs/tags/v1.0.1")
            .unwrap()
            .peel_to_tag()
            .unwrap();
        outputs.push(tag.message().unwrap().to_string());
        for output in &outputs {
            assert!(
                !output.contains("SECRET"),
                "{remote}: the secret leaked:\n{output}"
            );
        }
        let changelog = repo.read("CHANGELOG.md");
        match forge {
            Some(forge) => {
                assert!(
                    changelog.contains(&format!("{forge}commit/")),
                    "{remote}: links still go to the forge:\n{changelog}"
                );
                assert!(toml.contains("# Links go to https://"), "{remote}:\n{toml}");
            }
            None => assert!(
                !changelog.contains("/commit/"),
                "{remote}: no links:\n{changelog}"
            ),
        }
    }
}

#[test]
fn a_remote_url_cannot_write_into_release_toml() {
    let mut repo = TestRepo::new();
    repo.write(
        "Cargo.toml",
        "[package]\nname = \"app\"\nversion = \"1.0.0\"\n",
    );
    repo.commit("feat: first");
    // git's configuration holds any value, line ends included.
    let config = repo.path().join(".git/config");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "[remote \"origin\"]\n\turl = \"https://github.com/acme/app\\n[lint]\\nexclude = [\\\"**\\\"]\\n#\"\n",
    );
    std::fs::write(&config, text).unwrap();
    let init = run(&repo, &["init"]);
    assert_eq!(init.code, 0, "{init:?}");
    let toml = repo.read("release.toml");
    assert!(!toml.contains("[lint]"), "{toml}");
    assert!(!toml.contains("exclude"), "{toml}");
}

/// Existing changelogs, each as a test of `changelog --prepend` run twice.
fn existing_changelogs() -> Vec<(&'static str, String)> {
    let released = "# Changelog\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- first\n\n[1.0.0]: https://github.com/acme/app/releases/tag/v1.0.0\n";
    let header = "# Changelog\n\nAll notable changes.\n";
    vec![
        ("empty", String::new()),
        ("blank lines", "\n\n".to_string()),
        ("a lone CR", "\r".to_string()),
        ("header, no line end", "# Changelog".to_string()),
        ("header only", header.to_string()),
        ("header, CRLF", header.replace('\n', "\r\n")),
        ("header, lone CR at the end", format!("{header}\r")),
        ("header, CR line ends", header.replace('\n', "\r")),
        ("released, CR line ends", released.replace('\n', "\r")),
        ("released", released.to_string()),
        ("released, CRLF", released.replace('\n', "\r\n")),
        ("released, no line end", released.trim_end().to_string()),
        ("released, lone CR at the end", format!("{released}\r")),
        (
            "released, CRLF, lone CR at the end",
            format!("{}\r", released.replace('\n', "\r\n")),
        ),
        (
            "released, mixed line ends",
            released.replacen('\n', "\r\n", 3),
        ),
        (
            "released, trailing blank lines",
            format!("{released}\n\n\n"),
        ),
        ("released, BOM", format!("\u{feff}{released}")),
        (
            "unclosed fence in the header",
            "# Changelog\n\n```\nunclosed\n".to_string(),
        ),
        (
            "unclosed fence in a release",
            format!("{}```sh\nx\n", released.split("[1.0.0]:").next().unwrap()),
        ),
        (
            "unclosed fence, definitions after it",
            released.replace("- first\n", "- first\n\n~~~\n"),
        ),
        (
            "a fence holding a heading",
            format!("# Changelog\n\n```md\n## [1.1.0] - 2000-01-01\n```\n\n{}", &released[13..]),
        ),
        (
            "a tilde fence holding backticks and a heading",
            format!(
                "# Changelog\n\n~~~\n```\n## [1.1.0] - 2000-01-01\n~~~\n\n{}",
                &released[13..]
            ),
        ),
        (
            "a longer fence closed by a shorter one",
            format!("# Changelog\n\n````\n```\n## [1.0.0] - 2000-01-01\n````\n\n{}", &released[13..]),
        ),
        (
            "unclosed HTML comment",
            released.replace("- first\n", "- first\n\n<!-- hidden\n"),
        ),
        (
            "an HTML comment holding a heading",
            format!(
                "# Changelog\n\n<!--\n## [1.1.0] - 2000-01-01\n-->\n\n{}",
                &released[13..]
            ),
        ),
        (
            "unreleased",
            released.replace(
                "## [1.0.0]",
                "## [Unreleased]\n\n- wip\n\n## [1.0.0]",
            ),
        ),
        (
            "only definitions",
            "[1.0.0]: https://github.com/acme/app/releases/tag/v1.0.0\n".to_string(),
        ),
        (
            "a definition in a code block",
            format!(
                "{}\n```\n[1.1.0]: https://example.com/doc\n[unreleased]: https://example.com/u\n```\n",
                released.split("[1.0.0]:").next().unwrap()
            ),
        ),
        ("a heading with no space", "# Changelog\n##[1.0.0]\n".to_string()),
        ("tabs and NUL", "# Changelog\n\t\n\0\n".to_string()),
    ]
}

#[test]
fn prepend_twice_changes_nothing_on_any_changelog() {
    let mut repo = ready("https://github.com/acme/app.git");
    repo.commit("feat: second\n\n```\nunclosed in a body");
    repo.commit("fix: third");
    let mut failures = Vec::new();
    for (name, existing) in existing_changelogs() {
        for title in [None, Some("1.1.0")] {
            std::fs::write(repo.path().join("CHANGELOG.md"), &existing).unwrap();
            let mut args = vec!["changelog", "--prepend", "CHANGELOG.md", "--date", DATE];
            if let Some(t) = title {
                args.extend(["--tag", t]);
            }
            let first = relman_in(repo.path(), &args);
            let once = std::fs::read(repo.path().join("CHANGELOG.md")).unwrap();
            if name.starts_with("unclosed") {
                // Below an unclosed fence everything is code: refused, the file untouched.
                if first.code != 2
                    || once != existing.as_bytes()
                    || !first.stderr.contains("never closed")
                {
                    failures.push(format!("{name} ({title:?}): first run {first:?}"));
                }
                continue;
            }
            if first.code != 0 {
                failures.push(format!("{name} ({title:?}): first run {first:?}"));
                continue;
            }
            let second = relman_in(repo.path(), &args);
            let twice = std::fs::read(repo.path().join("CHANGELOG.md")).unwrap();
            if second.code != 0 || twice != once {
                failures.push(format!(
                    "{name} ({title:?}): second run {second:?}\n--- once\n{}\n--- twice\n{}",
                    String::from_utf8_lossy(&once).escape_debug(),
                    String::from_utf8_lossy(&twice).escape_debug()
                ));
                continue;
            }
            // The section is there once, as a section.
            let text = String::from_utf8_lossy(&once).replace("\r\n", "\n");
            let label = title.map_or("[Unreleased]".to_string(), |t| format!("[{t}] - {DATE}"));
            let count = shape(&text)
                .headings
                .iter()
                .filter(|(level, h)| *level == 2 && *h == label)
                .count();
            if count != 1 {
                failures.push(format!(
                    "{name} ({title:?}): {count} sections {label}:\n{}",
                    text.escape_debug()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
