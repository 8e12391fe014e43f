//! Hostile project templates: every sandbox limit of `render.rs` refuses with exit 2 and
//! `templates/NAME.md.tera:LINE:COL: …`, never a panic, a stack overflow or a hang.
//!
//! Each run of the binary is killed after `LIMIT` so that a hang fails the test instead of
//! blocking it.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
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

/// Run relman in `dir`, killed after `LIMIT`; stdout and stderr go through files so that
/// nothing blocks on a full pipe.
fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (Run, Duration) {
    let out_dir = tempfile::tempdir().unwrap();
    let out_path = out_dir.path().join("stdout");
    let err_path = out_dir.path().join("stderr");
    let started = Instant::now();
    let mut child = Command::new(common::bin())
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("RELMAN_TEST_TEMPLATE_TIMEOUT_MS")
        .env_remove("RELMAN_TEST_TEMPLATE_MEMORY_MB")
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break -2;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let read = |p: &Path| String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
    let mut stderr = read(&err_path);
    if code == -2 {
        stderr.push_str("\n[killed: still running after the time limit]");
    }
    let run = Run {
        code,
        stdout: read(&out_path),
        stderr,
    };
    (run, elapsed)
}

fn render(repo: &TestRepo, name: &str) -> Run {
    run_env(repo.path(), &["render", name, "--date", "2024-06-01"], &[]).0
}

/// Exit 2, one error line that starts with `at` (e.g. `templates/notes.md.tera:2:4:`) and
/// says `what`, and no panic or abort text.
#[track_caller]
fn assert_refused(run: &Run, at: &str, what: &str) {
    assert_eq!(run.code, 2, "{run:?}");
    let first = run.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("error: {at}")),
        "expected `error: {at}` in:\n{run:?}"
    );
    assert!(first.contains(what), "expected {what:?} in:\n{run:?}");
    for bad in [
        "panicked",
        "overflow",
        "fatal runtime error",
        "RUST_BACKTRACE",
    ] {
        assert!(!run.stderr.contains(bad), "{bad} in:\n{run:?}");
    }
    assert!(run.stdout.is_empty(), "{run:?}");
}

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
fn a_huge_template_file_is_refused() {
    let big = "x".repeat(2 << 20);
    let repo = repo_with(&[("notes.md.tera", &big)]);
    assert_refused(&render(&repo, "notes"), "templates/notes.md.tera:", "MiB");
}
