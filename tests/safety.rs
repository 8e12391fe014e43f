//! Release safety: repository content (symlinks, special files, configured paths) cannot
//! make relman read or write outside the work tree, and the release commit holds exactly
//! what was planned.

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::{relman_env, TestRepo};

const DATE: &str = "2024-06-01";

/// A repository with one release and two releasable commits after it.
fn ready() -> TestRepo {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n").write(
        "CHANGELOG.md",
        "# Changelog\n\n## [1.0.0] - 2024-01-01\n\n### Added\n\n- first\n",
    );
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("feat(api): export");
    repo
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_fifo()
}

/// The blob at `path` in HEAD's tree, with its file mode.
fn head_entry(repo: &TestRepo, path: &str) -> (i32, Vec<u8>) {
    let tree = repo.repo.head().unwrap().peel_to_tree().unwrap();
    let entry = tree.get_path(Path::new(path)).unwrap();
    let blob = repo
        .repo
        .find_blob(entry.id())
        .map(|b| b.content().to_vec());
    (entry.filemode(), blob.unwrap_or_default())
}

fn run(repo: &TestRepo, args: &[&str]) -> common::Run {
    relman_env(repo.path(), args, &[])
}

#[test]
fn a_version_file_linked_outside_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("VERSION");
    std::fs::write(&target, "1.0.0\n").unwrap();
    let mut repo = ready();
    std::fs::remove_file(repo.path().join("VERSION")).unwrap();
    symlink(&target, repo.path().join("VERSION")).unwrap();
    repo.commit("fix: link the version");
    for args in [
        &["release", "--date", DATE][..],
        &["bump"][..],
        &["release", "--dry-run", "--date", DATE][..],
    ] {
        let r = run(&repo, args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("VERSION"), "{r:?}");
        assert!(
            r.stderr.contains(&*outside.path().to_string_lossy()),
            "names where it points: {r:?}"
        );
        assert!(!r.stderr.contains("panicked"), "{r:?}");
    }
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "1.0.0\n");
}

#[test]
fn a_version_file_linked_inside_is_written_and_committed_at_its_target() {
    let mut repo = ready();
    std::fs::remove_file(repo.path().join("VERSION")).unwrap();
    repo.write("pkg/VERSION", "1.0.0\n");
    symlink("pkg/VERSION", repo.path().join("VERSION")).unwrap();
    repo.commit("fix: move the version");
    let r = run(&repo, &["release", "--date", DATE]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(repo.read("pkg/VERSION"), "1.1.0\n");
    let (mode, bytes) = head_entry(&repo, "pkg/VERSION");
    assert_eq!((mode, bytes.as_slice()), (0o100_644, &b"1.1.0\n"[..]));
    let (mode, bytes) = head_entry(&repo, "VERSION");
    assert_eq!(mode, 0o120_000, "VERSION stays a link in the commit");
    assert_eq!(bytes, b"pkg/VERSION");
    let tag = repo.repo.revparse_single("v1.1.0^{tree}").unwrap();
    let tree = tag.as_tree().unwrap();
    let blob = tree.get_path(Path::new("pkg/VERSION")).unwrap().id();
    assert_eq!(repo.repo.find_blob(blob).unwrap().content(), b"1.1.0\n");
    assert!(repo.repo.statuses(None).unwrap().is_empty());
}

#[test]
fn a_linked_documents_folder_stays_a_link() {
    let mut repo = ready();
    repo.write("site/docs/index.md", "# Docs\n").write(
        "release.toml",
        "[documents]\nnotes = \"docs/NOTES_{{version}}.md\"\n",
    );
    symlink("site/docs", repo.path().join("docs")).unwrap();
    repo.commit("docs: a site");
    let r = run(&repo, &["release", "--date", DATE]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(repo.path().join("site/docs/NOTES_1.1.0.md").is_file());
    let (mode, _) = head_entry(&repo, "docs");
    assert_eq!(mode, 0o120_000, "docs stays a link in the commit");
    let (mode, bytes) = head_entry(&repo, "site/docs/NOTES_1.1.0.md");
    assert_eq!(mode, 0o100_644);
    assert!(String::from_utf8(bytes).unwrap().contains("1.1.0"));
    assert!(std::fs::symlink_metadata(repo.path().join("docs"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(repo.repo.statuses(None).unwrap().is_empty());
}

#[test]
fn special_files_are_refused_and_never_replaced() {
    let mut repo = ready();
    std::fs::create_dir_all(repo.path().join("tmp")).unwrap();
    let fifo = repo.path().join("tmp/pipe");
    mkfifo(&fifo);
    std::fs::remove_file(repo.path().join("CHANGELOG.md")).unwrap();
    symlink("tmp/pipe", repo.path().join("CHANGELOG.md")).unwrap();
    repo.write(".gitignore", "tmp/\n");
    repo.commit("chore: a pipe");
    let r = run(&repo, &["release", "--date", DATE]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("CHANGELOG.md"), "{r:?}");
    assert!(r.stderr.contains("not a regular file"), "{r:?}");
    assert!(is_fifo(&fifo));
    for args in [
        &["changelog", "--output", "tmp/pipe"][..],
        &["changelog", "--prepend", "tmp/pipe"][..],
        &["render", "notes", "--output", "tmp/pipe"][..],
    ] {
        let r = run(&repo, args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("tmp/pipe"), "{r:?}");
        assert!(is_fifo(&fifo), "{args:?} replaced the pipe");
    }
}

#[test]
fn output_dash_and_dev_stdout_write_to_standard_output() {
    let repo = ready();
    for target in ["-", "/dev/stdout"] {
        let r = run(&repo, &["changelog", "--output", target, "--date", DATE]);
        assert_eq!(r.code, 0, "{target}: {r:?}");
        assert!(r.stdout.contains("# Changelog"), "{target}: {r:?}");
        assert!(!repo.path().join("-").exists());
    }
    let r = run(&repo, &["render", "notes", "--output", "-", "--date", DATE]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(r.stdout.contains("1.1.0"), "{r:?}");
}

#[test]
fn output_through_a_link_leaving_the_repository_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let mut repo = ready();
    symlink(outside.path(), repo.path().join("out")).unwrap();
    repo.commit("chore: a link out");
    for args in [
        &["changelog", "--output", "out/CHANGES.md"][..],
        &["render", "notes", "--output", "out/notes.md"][..],
        &["changelog", "--prepend", "out/CHANGES.md"][..],
    ] {
        let r = run(&repo, args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains("outside the repository"), "{r:?}");
    }
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    // A path the user names outside the repository is theirs to write.
    let mine = outside.path().join("mine.md");
    let r = run(
        &repo,
        &[
            "changelog",
            "--output",
            &mine.to_string_lossy(),
            "--date",
            DATE,
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    assert!(mine.is_file());
}

#[test]
fn output_into_the_git_folder_is_refused() {
    let repo = ready();
    for args in [
        &["changelog", "--output", ".git/hooks/post-commit"][..],
        &["render", "notes", "--output", "./.git/config"][..],
    ] {
        let r = run(&repo, args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        assert!(r.stderr.contains(".git"), "{r:?}");
    }
    assert!(!repo.path().join(".git/hooks/post-commit").exists());
}

#[test]
fn configured_paths_are_checked_when_the_config_loads() {
    let cases = [
        ("[changelog]\npath = \"../CHANGELOG.md\"\n", "2:1:"),
        ("[changelog]\npath = \"/tmp/CHANGELOG.md\"\n", "2:1:"),
        ("[changelog]\npath = \".git/CHANGELOG.md\"\n", "2:1:"),
        ("[documents]\nnotes = \"../notes.md\"\n", "2:1:"),
        ("[documents]\nnotes = \".git/hooks/pre-commit\"\n", "2:1:"),
        ("[documents]\nnotes = \"docs/../../notes.md\"\n", "2:1:"),
        ("[documents]\nnotes = \"VERSION\"\n", "2:1:"),
        ("[documents]\nnotes = \"./CHANGELOG.md\"\n", "2:1:"),
        ("[documents]\nnotes = \"release.toml\"\n", "2:1:"),
        ("[changelog]\npath = \"VERSION\"\n", "2:1:"),
        ("[version]\nfiles = [\"../Cargo.toml\"]\n", "2:1:"),
        ("[version]\nsource = \"/etc/VERSION\"\n", "2:1:"),
        ("[templates]\ndir = \"../templates\"\n", "2:1:"),
        (
            "\n[documents]\nnotes = \"a.md\"\nplan = \"./docs/..//a.md\"\n",
            "4:1:",
        ),
    ];
    for (config, at) in cases {
        let mut repo = ready();
        repo.write("release.toml", config);
        repo.commit("chore: config");
        // `next` only reads the config, and must refuse it all the same.
        for cmd in ["next", "release"] {
            let r = run(
                &repo,
                &[cmd, "--date", DATE][..if cmd == "next" { 1 } else { 3 }],
            );
            assert_eq!(r.code, 2, "{config}: {r:?}");
            assert!(
                r.stderr.contains(&format!("release.toml:{at}")),
                "{config}: {r:?}"
            );
        }
    }
}

#[test]
fn documents_paths_are_normalised_alike_in_the_dry_run_and_the_cut() {
    let mut repo = ready();
    repo.write(
        "release.toml",
        "[documents]\nnotes = \"./docs//releases/NOTES_{{version}}.md\"\n",
    );
    repo.commit("chore: config");
    let dry = run(&repo, &["release", "--dry-run", "--date", DATE]);
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(
        dry.stdout.contains("+++ b/docs/releases/NOTES_1.1.0.md"),
        "{dry:?}"
    );
    let cut = run(&repo, &["release", "--date", DATE]);
    assert_eq!(cut.code, 0, "{cut:?}");
    assert!(
        cut.stderr.contains("wrote docs/releases/NOTES_1.1.0.md"),
        "{cut:?}"
    );
    head_entry(&repo, "docs/releases/NOTES_1.1.0.md");
}

#[test]
fn lint_never_follows_a_link_out_and_never_reads_special_files() {
    let mut repo = ready();
    symlink("/dev/zero", repo.path().join("zero.md")).unwrap();
    symlink("/proc/self/environ", repo.path().join("environ.md")).unwrap();
    symlink("/etc/hostname", repo.path().join("host.md")).unwrap();
    repo.commit("docs: hostile links");
    let r = relman_env(
        repo.path(),
        &["lint"],
        &[("RELMAN_SECRET", "hunter2-secret")],
    );
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    assert!(
        !r.stdout.contains("hunter2") && !r.stderr.contains("hunter2"),
        "{r:?}"
    );
    for name in ["zero.md", "environ.md", "host.md"] {
        assert!(
            r.stdout.contains(name) || r.stderr.contains(name),
            "{name}: {r:?}"
        );
    }
    // Named on the command line, they are refused alike.
    let r = relman_env(
        repo.path(),
        &["lint", "zero.md", "environ.md"],
        &[("RELMAN_SECRET", "hunter2-secret")],
    );
    assert!(
        !r.stdout.contains("hunter2") && !r.stderr.contains("hunter2"),
        "{r:?}"
    );
    assert!(r.code == 1 || r.code == 2, "{r:?}");
}

#[test]
fn lint_caps_what_it_reads() {
    let mut repo = ready();
    let big = format!("# Big\n\n{}", "word ".repeat(14 * 1024 * 1024));
    repo.write("big.md", &big);
    repo.commit("docs: a big file");
    let r = run(&repo, &["lint", "--format", "json"]);
    assert!(r.stdout.contains("big.md"), "{r:?}");
    assert!(r.stdout.contains("too large"), "{r:?}");
}

#[test]
fn a_hand_bumped_version_file_still_enters_the_release_commit() {
    let mut repo = ready();
    repo.write("notes.txt", "one\n");
    repo.commit("chore: notes");
    repo.write("VERSION", "1.1.0\n");
    repo.write("notes.txt", "two\n");
    {
        let mut index = repo.repo.index().unwrap();
        index.add_path(Path::new("notes.txt")).unwrap();
        index.write().unwrap();
    }
    let r = run(&repo, &["release", "--allow-dirty", "--date", DATE]);
    assert_eq!(r.code, 0, "{r:?}");
    assert_eq!(head_entry(&repo, "VERSION").1, b"1.1.0\n");
    assert_eq!(
        head_entry(&repo, "notes.txt").1,
        b"one\n",
        "other staged files stay out"
    );
    let changed = repo.repo.statuses(None).unwrap();
    let dirty: Vec<String> = changed
        .iter()
        .filter_map(|e| e.path().map(str::to_string))
        .collect();
    assert_eq!(
        dirty,
        ["notes.txt"],
        "the user's change is still there, still staged"
    );
    assert_eq!(repo.read("notes.txt"), "two\n");
}

#[test]
fn init_never_writes_through_a_linked_templates_folder() {
    let outside = tempfile::tempdir().unwrap();
    let mut repo = ready();
    symlink(outside.path(), repo.path().join("templates")).unwrap();
    repo.commit("chore: templates elsewhere");
    let r = run(&repo, &["init"]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("templates"), "{r:?}");
    assert!(r.stderr.contains("outside the repository"), "{r:?}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(
        !repo.path().join("release.toml").exists(),
        "nothing was written"
    );
}

#[test]
fn two_planned_files_that_are_one_file_are_refused() {
    let mut repo = ready();
    repo.write("release.toml", "[documents]\nnotes = \"notes.md\"\n");
    symlink("VERSION", repo.path().join("notes.md")).unwrap();
    repo.commit("docs: notes are the version");
    let before = repo.snapshot();
    let r = run(&repo, &["release", "--date", DATE]);
    assert_eq!(r.code, 2, "{r:?}");
    assert!(r.stderr.contains("are the same file, VERSION"), "{r:?}");
    assert_eq!(repo.snapshot(), before);
}

#[test]
fn a_changelog_prepared_beforehand_enters_the_release_commit() {
    let repo = ready();
    let r = run(
        &repo,
        &[
            "changelog",
            "--prepend",
            "CHANGELOG.md",
            "--tag",
            "1.1.0",
            "--date",
            DATE,
        ],
    );
    assert_eq!(r.code, 0, "{r:?}");
    let r = run(&repo, &["release", "--allow-dirty", "--date", DATE]);
    assert_eq!(r.code, 0, "{r:?}");
    let (_, changelog) = head_entry(&repo, "CHANGELOG.md");
    assert!(String::from_utf8(changelog).unwrap().contains("## [1.1.0]"));
    assert!(repo.repo.statuses(None).unwrap().is_empty());
}
