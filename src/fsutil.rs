//! Writing files so that nothing is ever half-written: each file goes to a temporary file
//! beside it and is renamed over the original (keeping its permissions), and a set of files
//! is written all or nothing: when one write fails, the ones already written get their
//! previous bytes back.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

/// One file's new content (`root`-relative path for messages, absolute path for writing).
#[derive(Debug, Clone)]
pub(crate) struct Edit {
    pub(crate) path: PathBuf,
    pub(crate) full: PathBuf,
    pub(crate) old: Option<Vec<u8>>,
    pub(crate) new: Vec<u8>,
}

/// The name of the temporary file beside `name` that relman writes before renaming it over
/// (recognised and cleaned up after an interrupted release).
fn temporary_name(name: &str, attempt: u32) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        ".{name}.relman-{}-{:x}.tmp",
        std::process::id(),
        nanos ^ attempt.wrapping_mul(0x9e37_79b9)
    )
}

/// A new temporary file beside `name` in `dir`, created exclusively: a name that exists,
/// even as a link (a committed `.VERSION.relman-123-….tmp -> /elsewhere`), is never opened;
/// another name is tried.
fn create_temporary(dir: &Path, name: &str) -> std::io::Result<(PathBuf, std::fs::File)> {
    for attempt in 0..64 {
        let tmp = dir.join(temporary_name(name, attempt));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "cannot create a temporary file beside it: every name tried exists",
    ))
}

/// Remove relman's temporary files beside `path` (left by a killed run).
pub(crate) fn remove_temporaries(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!(".{}.relman-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        let ours = file
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|rest| rest.split_once('-'))
            .is_some_and(|(pid, tag)| {
                !pid.is_empty()
                    && pid.bytes().all(|b| b.is_ascii_digit())
                    && !tag.is_empty()
                    && tag.bytes().all(|b| b.is_ascii_hexdigit())
            });
        if ours {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Write `contents` to `path` atomically: a temporary file in the same folder, then rename.
/// Only a regular file (or a new one) is written: a FIFO, device, socket or link there is
/// refused, never replaced (callers resolve links with `paths` first).
pub(crate) fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if !meta.file_type().is_file() {
            return Err(std::io::Error::other(
                "not a regular file; relman writes regular files only",
            ));
        }
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let (tmp, mut file) = create_temporary(dir, &name)?;
    let result = (|| {
        file.write_all(contents)?;
        file.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Tests make the write of one path fail (the variable's value is the root-relative
/// path), to check that everything else is restored.
fn injected_failure(path: &Path) -> std::io::Result<()> {
    use crate::test_hooks::{var, FAIL_WRITE};
    match var(FAIL_WRITE) {
        Some(target) if Path::new(&target) == path => Err(std::io::Error::other(format!(
            "write failure injected by {FAIL_WRITE}"
        ))),
        _ => Ok(()),
    }
}

/// Write one edit (with the test failure injection of [`crate::test_hooks::FAIL_WRITE`]).
pub(crate) fn write_one(edit: &Edit) -> Result<()> {
    injected_failure(&edit.path)
        .and_then(|()| write_atomic(&edit.full, &edit.new))
        .with_context(|| {
            format!(
                "{}: cannot write; check its permissions and the free space",
                edit.path.display()
            )
        })
}

/// Write every edit, or none: on a failure, restore what was written and report the failure.
pub(crate) fn write_all(edits: &[Edit]) -> Result<()> {
    for (i, edit) in edits.iter().enumerate() {
        let written =
            injected_failure(&edit.path).and_then(|()| write_atomic(&edit.full, &edit.new));
        if let Err(e) = written {
            let mut restore_errors = Vec::new();
            for done in edits[..i].iter().rev() {
                let restored = match &done.old {
                    Some(old) => write_atomic(&done.full, old),
                    None => std::fs::remove_file(&done.full),
                };
                if let Err(r) = restored {
                    restore_errors.push(format!("{}: {r}", done.path.display()));
                }
            }
            let what = Err::<(), _>(e).with_context(|| {
                format!(
                    "{}: cannot write; check its permissions and the free space",
                    edit.path.display()
                )
            });
            return if restore_errors.is_empty() {
                what.context("every file written before it was restored; nothing changed")
            } else {
                what.context(anyhow!(
                    "and these files could not be restored: {}",
                    restore_errors.join("; ")
                ))
            };
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(unix)]
    use std::os::unix::fs::FileTypeExt as _;

    #[test]
    fn atomic_write_replaces_content_and_keeps_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("VERSION");
        std::fs::write(&path, "1.0.0\n").unwrap();
        write_atomic(&path, b"1.1.0\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "1.1.0\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_over_links_or_special_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("target"), "1.0.0\n").unwrap();
        std::os::unix::fs::symlink("target", dir.path().join("VERSION")).unwrap();
        assert!(write_atomic(&dir.path().join("VERSION"), b"1.1.0\n").is_err());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("target")).unwrap(),
            "1.0.0\n"
        );
        assert!(write_atomic(Path::new("/dev/null"), b"x").is_err());
        assert!(std::fs::symlink_metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
    }

    #[test]
    fn temporaries_are_recognised_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("CHANGELOG.md");
        std::fs::write(dir.path().join(".CHANGELOG.md.relman-99-1f.tmp"), "x").unwrap();
        std::fs::write(dir.path().join(".CHANGELOG.md.relman-notes.tmp"), "x").unwrap();
        std::fs::write(dir.path().join(".other.relman-99-1f.tmp"), "x").unwrap();
        remove_temporaries(&path);
        assert!(!dir.path().join(".CHANGELOG.md.relman-99-1f.tmp").exists());
        assert!(dir.path().join(".CHANGELOG.md.relman-notes.tmp").exists());
        assert!(dir.path().join(".other.relman-99-1f.tmp").exists());
    }

    #[test]
    fn failed_set_restores_earlier_files() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::write(&a, "old").unwrap();
        let edits = vec![
            Edit {
                path: "a".into(),
                full: a.clone(),
                old: Some(b"old".to_vec()),
                new: b"new".to_vec(),
            },
            Edit {
                path: "missing/b".into(),
                full: dir.path().join("missing/b"),
                old: None,
                new: b"x".to_vec(),
            },
        ];
        let err = write_all(&edits).unwrap_err();
        assert!(
            format!("{err:#}").contains("missing/b: cannot write"),
            "{err:#}"
        );
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "old");
    }
}
