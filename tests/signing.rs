//! The release commit and tag are signed as git signs them, and git verifies them.
#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;

use common::{relman_env, TestRepo};

fn available(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
}

fn git_env(repo: &TestRepo, args: &[&str], env: &[(&str, &str)]) -> (bool, String) {
    let out = Command::new("git")
        .args(args)
        .envs(env.iter().copied())
        .current_dir(repo.path())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn released() -> TestRepo {
    let mut repo = TestRepo::new().with_identity();
    repo.write("VERSION", "1.0.0\n");
    repo.commit("feat: first");
    repo.tag("v1.0.0");
    repo.commit("fix: a bug");
    repo
}

#[test]
fn openpgp_signs_the_commit_and_the_tag() {
    if !available("gpg", "--version") {
        eprintln!("skipped: gpg is not installed");
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let gnupg = home.path().join("g");
    std::fs::create_dir(&gnupg).unwrap();
    let gnupg = gnupg.to_str().unwrap().to_string();
    let made = Command::new("gpg")
        .args([
            "--batch",
            "--passphrase",
            "",
            "--quick-gen-key",
            "Release Bot <bot@example.com>",
            "ed25519",
            "sign",
            "never",
        ])
        .env("GNUPGHOME", &gnupg)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let repo = released();
    repo.git(&["config", "user.signingKey", "bot@example.com"]);
    repo.git(&["config", "commit.gpgSign", "true"]);
    repo.git(&["config", "tag.gpgSign", "true"]);
    let env = [("GNUPGHOME", gnupg.as_str())];
    let dry = relman_env(repo.path(), &["release", "--dry-run"], &env);
    assert!(
        dry.stdout.contains("signed: the commit and the tag"),
        "{dry:?}"
    );
    let run = relman_env(repo.path(), &["release"], &env);
    assert_eq!(run.code, 0, "{run:?}");
    let (ok, err) = git_env(&repo, &["verify-commit", "HEAD"], &env);
    assert!(ok, "{err}");
    let (ok, err) = git_env(&repo, &["verify-tag", "v1.0.1"], &env);
    assert!(ok, "{err}");
    assert!(err.contains("Release Bot"), "{err}");
    // The tag still reads as relman wrote it.
    let message = repo.git(&["tag", "-l", "--format=%(contents:subject)", "v1.0.1"]);
    assert!(!message.is_empty());
    let _ = Command::new("gpgconf")
        .args(["--kill", "gpg-agent"])
        .env("GNUPGHOME", &gnupg)
        .output();
}

#[test]
fn ssh_signs_and_no_sign_overrides_the_settings() {
    if !available("ssh-keygen", "-?") {
        eprintln!("skipped: ssh-keygen is not installed");
        return;
    }
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("id_ed25519");
    let made = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "bot@example.com",
            "-f",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let allowed = keys.path().join("allowed");
    std::fs::write(&allowed, format!("bot@example.com {public}")).unwrap();
    let repo = released();
    repo.git(&["config", "gpg.format", "ssh"]);
    repo.git(&["config", "user.signingKey", key.to_str().unwrap()]);
    repo.git(&["config", "tag.forceSignAnnotated", "true"]);
    repo.git(&[
        "config",
        "gpg.ssh.allowedSignersFile",
        allowed.to_str().unwrap(),
    ]);
    // --no-sign: neither is signed.
    let run = relman_env(repo.path(), &["release", "--no-sign"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    let (ok, _) = git_env(&repo, &["verify-tag", "v1.0.1"], &[]);
    assert!(!ok, "an unsigned tag verified");
    // forceSignAnnotated signs the tag, and --sign the commit too.
    let mut repo = repo;
    repo.commit("fix: another");
    let run = relman_env(repo.path(), &["release", "--sign"], &[]);
    assert_eq!(run.code, 0, "{run:?}");
    for what in [["verify-commit", "HEAD"], ["verify-tag", "v1.0.2"]] {
        let (ok, err) = git_env(&repo, &what, &[]);
        assert!(ok, "{what:?}: {err}");
    }
    // No leftovers of the signing in the git folder.
    let leftovers: Vec<_> = std::fs::read_dir(repo.path().join(".git"))
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("relman-sign"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // A key that does not exist: exit 2, named, and the release undone.
    repo.commit("fix: third");
    repo.git(&["config", "user.signingKey", "/nonexistent/key"]);
    let head = repo.head();
    let run = relman_env(repo.path(), &["release", "--sign"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("/nonexistent/key"), "{run:?}");
    assert_eq!(repo.head(), head);
    assert!(Path::new(&repo.path().join("VERSION")).is_file());
    assert_eq!(repo.read("VERSION"), "1.0.2\n");
}

/// An ssh-agent of a test, stopped when dropped.
struct Agent(String);

impl Drop for Agent {
    fn drop(&mut self) {
        let _ = Command::new("kill").arg(&self.0).output();
    }
}

#[test]
fn ssh_signs_with_the_key_the_default_key_command_prints() {
    if !available("ssh-keygen", "-?") || !available("ssh-agent", "-?") {
        eprintln!("skipped: ssh-keygen or ssh-agent is not installed");
        return;
    }
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("id_ed25519");
    let made = Command::new("ssh-keygen")
        .args([
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            "bot@example.com",
            "-f",
        ])
        .arg(&key)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    // An agent of its own, holding the key: the key command prints its public half, and
    // the private half is found in the agent, as git finds it.
    let socket = keys.path().join("agent.sock");
    let agent = Command::new("ssh-agent")
        .arg("-a")
        .arg(&socket)
        .output()
        .unwrap();
    assert!(agent.status.success(), "{agent:?}");
    let pid = String::from_utf8_lossy(&agent.stdout)
        .split("SSH_AGENT_PID=")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_string();
    // Stopped however the test ends.
    let _agent = Agent(pid);
    let sock = socket.to_str().unwrap();
    let added = Command::new("ssh-add")
        .arg(&key)
        .env("SSH_AUTH_SOCK", sock)
        .output()
        .unwrap();
    assert!(added.status.success(), "{added:?}");
    let public = std::fs::read_to_string(key.with_extension("pub")).unwrap();
    let allowed = keys.path().join("allowed");
    std::fs::write(&allowed, format!("bot@example.com {public}")).unwrap();
    let repo = released();
    repo.git(&["config", "gpg.format", "ssh"]);
    repo.git(&["config", "gpg.ssh.defaultKeyCommand", "ssh-add -L"]);
    repo.git(&[
        "config",
        "gpg.ssh.allowedSignersFile",
        allowed.to_str().unwrap(),
    ]);
    let run = relman_env(
        repo.path(),
        &["release", "--sign"],
        &[("SSH_AUTH_SOCK", sock)],
    );
    assert_eq!(run.code, 0, "{run:?}");
    for what in [["verify-commit", "HEAD"], ["verify-tag", "v1.0.1"]] {
        let (ok, err) = git_env(&repo, &what, &[]);
        assert!(ok, "{what:?}: {err}");
        assert!(err.contains("bot@example.com"), "{err}");
    }
    // A command that prints no key stops the release before anything is written.
    let mut repo = repo;
    repo.commit("fix: another");
    repo.git(&["config", "gpg.ssh.defaultKeyCommand", "echo none"]);
    let head = repo.head();
    let run = relman_env(repo.path(), &["release", "--sign"], &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("defaultKeyCommand"), "{run:?}");
    assert_eq!(repo.head(), head);
    assert_eq!(repo.read("VERSION"), "1.0.1\n");
}
