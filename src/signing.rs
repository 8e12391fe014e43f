//! Signing the release commit and tag as git would: the same settings (`commit.gpgSign`,
//! `tag.gpgSign`, `tag.forceSignAnnotated`, `gpg.format`, `user.signingKey`,
//! `gpg.program`, `gpg.<format>.program`) and the same programs, called the way git calls
//! them (`gpg --status-fd=2 -bsau KEY`, `gpgsm`, `ssh-keygen -Y sign -n git`).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{anyhow, bail, Context as _, Result};

/// The signature kinds git knows (`gpg.format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    OpenPgp,
    X509,
    Ssh,
}

/// How to sign: the program, the kind, the key.
#[derive(Debug, Clone)]
pub(crate) struct Signer {
    kind: Kind,
    program: String,
    /// `user.signingKey`; for OpenPGP and X.509 without one, the committer's identity.
    key: String,
    /// Where scratch files go (the git folder).
    scratch: PathBuf,
}

/// What is signed in a release.
#[derive(Debug, Clone, Default)]
pub(crate) struct Signing {
    pub(crate) commit: Option<Signer>,
    pub(crate) tag: Option<Signer>,
}

/// `--sign` (true), `--no-sign` (false), or git's settings (None).
pub(crate) fn decide(
    config: &git2::Config,
    identity: Option<(&str, &str)>,
    scratch: &Path,
    flag: Option<bool>,
) -> Result<Signing> {
    let setting = |name: &str| config.get_bool(name).unwrap_or(false);
    let commit = flag.unwrap_or_else(|| setting("commit.gpgSign"));
    // relman's tags are annotated: `tag.forceSignAnnotated` signs them too.
    let tag = flag.unwrap_or_else(|| setting("tag.gpgSign") || setting("tag.forceSignAnnotated"));
    if !commit && !tag {
        return Ok(Signing::default());
    }
    let signer = signer(config, identity, scratch)?;
    Ok(Signing {
        commit: commit.then(|| signer.clone()),
        tag: tag.then_some(signer),
    })
}

fn signer(config: &git2::Config, identity: Option<(&str, &str)>, scratch: &Path) -> Result<Signer> {
    let string = |name: &str| config.get_string(name).ok().filter(|v| !v.is_empty());
    let format = string("gpg.format").unwrap_or_else(|| "openpgp".to_string());
    let (kind, default_program) = match format.as_str() {
        "openpgp" => (Kind::OpenPgp, "gpg"),
        "x509" => (Kind::X509, "gpgsm"),
        "ssh" => (Kind::Ssh, "ssh-keygen"),
        other => bail!(
            "gpg.format = {other:?} in git's config is not a signature format git knows; use openpgp, x509 or ssh"
        ),
    };
    let program = string(&format!("gpg.{format}.program"))
        .or_else(|| {
            (kind == Kind::OpenPgp)
                .then(|| string("gpg.program"))
                .flatten()
        })
        .unwrap_or_else(|| default_program.to_string());
    let key = match (string("user.signingKey"), kind, identity) {
        (Some(key), _, _) => key,
        (None, Kind::Ssh, _) => match string("gpg.ssh.defaultKeyCommand") {
            Some(command) => default_ssh_key(&command)?,
            None => bail!(
                "gpg.format = ssh signs with user.signingKey or the key gpg.ssh.defaultKeyCommand prints, and neither is set; set one (git config user.signingKey ~/.ssh/id_ed25519.pub), or release with --no-sign"
            ),
        },
        (None, _, Some((name, email))) => format!("{name} <{email}>"),
        (None, _, None) => bail!(
            "signing needs user.signingKey, or user.name and user.email; set them, or release with --no-sign"
        ),
    };
    Ok(Signer {
        kind,
        program,
        key,
        scratch: scratch.to_path_buf(),
    })
}

/// The key `gpg.ssh.defaultKeyCommand` prints, as git reads it: the command split into
/// words as git splits a command line (quotes, no shell), run, and the first line of its
/// output taken when it is a literal key (`key::ssh-ed25519 …` or `ssh-ed25519 …`).
fn default_ssh_key(command: &str) -> Result<String> {
    let words = split_command_line(command).ok_or_else(|| {
        anyhow!("gpg.ssh.defaultKeyCommand = {command:?} has an unclosed quote; fix it in git's config, or release with --no-sign")
    })?;
    let Some((program, args)) = words.split_first() else {
        bail!("gpg.ssh.defaultKeyCommand is empty; set it or user.signingKey, or release with --no-sign");
    };
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| {
            format!("cannot run gpg.ssh.defaultKeyCommand ({program}); fix it in git's config, or release with --no-sign")
        })?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let first = stdout.lines().next().unwrap_or("").trim_end();
    if !out.status.success() {
        bail!(
            "gpg.ssh.defaultKeyCommand failed ({}): {}; fix it, set user.signingKey, or release with --no-sign",
            out.status,
            crate::text::one_line(String::from_utf8_lossy(&out.stderr).trim())
        );
    }
    if !(first.starts_with("key::") || first.starts_with("ssh-")) {
        bail!(
            "gpg.ssh.defaultKeyCommand succeeded but printed no key (its first line must be `key::ssh-…` or `ssh-…`, as git expects): {}; set user.signingKey, or release with --no-sign",
            crate::text::one_line(first)
        );
    }
    Ok(first.to_string())
}

/// A command line split into words as git's `split_cmdline` splits it: whitespace between
/// words, single and double quotes group, a backslash escapes inside double quotes. None
/// for an unclosed quote.
fn split_command_line(line: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, c) if c.is_ascii_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (Some(q), c) if c == q => quote = None,
            (Some('"') | None, '\\') => {
                let escaped = chars.next()?;
                word.get_or_insert_with(String::new).push(escaped);
            }
            (_, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    words.extend(word);
    Some(words)
}

impl Signer {
    /// The armored signature of `payload`.
    pub(crate) fn sign(&self, payload: &[u8]) -> Result<String> {
        match self.kind {
            Kind::OpenPgp | Kind::X509 => self.gpg(payload),
            Kind::Ssh => self.ssh(payload),
        }
    }

    fn gpg(&self, payload: &[u8]) -> Result<String> {
        let mut child = Command::new(&self.program)
            .args(["--status-fd=2", "-bsau", &self.key])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| {
                format!(
                    "cannot run {} to sign (gpg.program); install it, or release with --no-sign",
                    self.program
                )
            })?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(payload)
                .with_context(|| format!("cannot give {} what to sign", self.program))?;
        }
        let out = child
            .wait_with_output()
            .with_context(|| format!("{} did not finish", self.program))?;
        let status = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() || !status.contains("[GNUPG:] SIG_CREATED ") {
            bail!(
                "{} could not sign with the key {:?} ({}): {}; check user.signingKey, or release with --no-sign",
                self.program,
                self.key,
                out.status,
                crate::text::one_line(status.trim())
            );
        }
        String::from_utf8(out.stdout)
            .map_err(|_| anyhow!("{} wrote a signature that is not text", self.program))
    }

    fn ssh(&self, payload: &[u8]) -> Result<String> {
        let stamp = format!("{}-{}", std::process::id(), payload.len());
        let buffer = self.scratch.join(format!("relman-sign-{stamp}"));
        let signature = self.scratch.join(format!("relman-sign-{stamp}.sig"));
        let literal = self.scratch.join(format!("relman-sign-{stamp}.pub"));
        let cleanup = || {
            for f in [&buffer, &signature, &literal] {
                let _ = std::fs::remove_file(f);
            }
        };
        let result = (|| -> Result<String> {
            std::fs::write(&buffer, payload)
                .with_context(|| format!("{}: cannot write what to sign", buffer.display()))?;
            let mut command = Command::new(&self.program);
            command.args(["-Y", "sign", "-n", "git", "-f"]);
            // A literal public key (`key::ssh-ed25519 …`, `ssh-ed25519 …`): its private half
            // is in the agent, as git reads it.
            let literal_key = self
                .key
                .strip_prefix("key::")
                .or_else(|| self.key.starts_with("ssh-").then_some(self.key.as_str()));
            match literal_key {
                Some(key) => {
                    std::fs::write(&literal, key)
                        .with_context(|| format!("{}: cannot write the key", literal.display()))?;
                    command.arg(&literal).arg("-U");
                }
                None => {
                    command.arg(expand_home(&self.key));
                }
            }
            let out = command
                .arg(&buffer)
                .stdin(Stdio::null())
                .output()
                .with_context(|| {
                    format!(
                        "cannot run {} to sign (gpg.ssh.program); install OpenSSH, or release with --no-sign",
                        self.program
                    )
                })?;
            if !out.status.success() {
                bail!(
                    "{} could not sign with {} ({}): {}; check user.signingKey, or release with --no-sign",
                    self.program,
                    self.key,
                    out.status,
                    crate::text::one_line(String::from_utf8_lossy(&out.stderr).trim())
                );
            }
            std::fs::read_to_string(&signature)
                .with_context(|| format!("{} wrote no signature", self.program))
        })();
        cleanup();
        result
    }
}

/// `~/…` as git expands it in `user.signingKey`.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// A tag object's text before its signature, as git writes an annotated tag.
pub(crate) fn tag_payload(
    target: &str,
    name: &str,
    tagger: &git2::Signature<'_>,
    message: &str,
) -> String {
    let when = tagger.when();
    let offset = when.offset_minutes();
    let sign = if offset < 0 { '-' } else { '+' };
    let offset = offset.abs();
    let mut message = message.to_string();
    if !message.ends_with('\n') {
        message.push('\n');
    }
    format!(
        "object {target}\ntype commit\ntag {name}\ntagger {} <{}> {} {sign}{:02}{:02}\n\n{message}",
        tagger.name().unwrap_or_default(),
        tagger.email().unwrap_or_default(),
        when.seconds(),
        offset / 60,
        offset % 60,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines_split_as_git_splits_them() {
        let split = |s: &str| split_command_line(s);
        assert_eq!(split("ssh-add -L").unwrap(), ["ssh-add", "-L"]);
        assert_eq!(
            split("  sh -c 'echo \"key::ssh-ed25519 A\"'  ").unwrap(),
            ["sh", "-c", "echo \"key::ssh-ed25519 A\""]
        );
        assert_eq!(split("a\\ b \"c\\\"d\" ''").unwrap(), ["a b", "c\"d", ""]);
        assert!(split("sh -c 'open").is_none());
    }

    #[test]
    fn the_default_key_command_gives_a_literal_key() {
        assert_eq!(
            default_ssh_key("printf 'key::ssh-ed25519 AAAA one\\nssh-rsa B two\\n'").unwrap(),
            "key::ssh-ed25519 AAAA one"
        );
        let err = default_ssh_key("printf 'no key here'").unwrap_err();
        assert!(err.to_string().contains("printed no key"), "{err}");
        let err = default_ssh_key("false").unwrap_err();
        assert!(
            err.to_string().contains("defaultKeyCommand failed"),
            "{err}"
        );
    }

    #[test]
    fn a_tag_payload_is_what_git_writes() {
        let sig = git2::Signature::new(
            "A U Thor",
            "a@example.com",
            &git2::Time::new(1_700_000_000, -330),
        )
        .unwrap();
        assert_eq!(
            tag_payload("0123456789012345678901234567890123456789", "v1.0.0", &sig, "Release 1.0.0"),
            "object 0123456789012345678901234567890123456789\ntype commit\ntag v1.0.0\ntagger A U Thor <a@example.com> 1700000000 -0530\n\nRelease 1.0.0\n"
        );
    }

    #[test]
    fn settings_decide_what_is_signed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config");
        std::fs::write(&path, "[commit]\n\tgpgSign = true\n[gpg]\n\tformat = ssh\n[user]\n\tsigningKey = ~/.ssh/k.pub\n").unwrap();
        let config = git2::Config::open(&path).unwrap();
        let s = decide(&config, Some(("A", "a@x")), dir.path(), None).unwrap();
        assert!(s
            .commit
            .as_ref()
            .is_some_and(|c| c.kind == Kind::Ssh && c.program == "ssh-keygen"));
        assert!(s.tag.is_none());
        let s = decide(&config, None, dir.path(), Some(false)).unwrap();
        assert!(s.commit.is_none() && s.tag.is_none());
        std::fs::write(
            &path,
            "[tag]\n\tforceSignAnnotated = true\n[gpg]\n\tprogram = gpg2\n",
        )
        .unwrap();
        let config = git2::Config::open(&path).unwrap();
        let s = decide(&config, Some(("A", "a@x")), dir.path(), None).unwrap();
        let tag = s.tag.unwrap();
        assert_eq!(
            (tag.kind, tag.program.as_str(), tag.key.as_str()),
            (Kind::OpenPgp, "gpg2", "A <a@x>")
        );
        assert!(s.commit.is_none());
        std::fs::write(&path, "[gpg]\n\tformat = ssh\n").unwrap();
        let config = git2::Config::open(&path).unwrap();
        let err = decide(&config, None, dir.path(), Some(true)).unwrap_err();
        assert!(err.to_string().contains("user.signingKey"), "{err}");
        std::fs::write(&path, "[gpg]\n\tformat = pgp\n").unwrap();
        let config = git2::Config::open(&path).unwrap();
        let err = decide(&config, None, dir.path(), Some(true)).unwrap_err();
        assert!(err.to_string().contains("openpgp, x509 or ssh"), "{err}");
    }
}
