//! Writing files so that nothing is ever half-written: each file goes to a temporary file
//! beside it and is renamed over the original (keeping its permissions), and a set of files
//! is written all or nothing: when one write fails, the ones already written get their
//! previous bytes back.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};

/// One file's new content (`root`-relative path for messages, absolute path for writing).
#[derive(Debug, Clone)]
pub struct Edit {
    pub path: PathBuf,
    pub full: PathBuf,
    pub old: Option<Vec<u8>>,
    pub new: Vec<u8>,
}

/// Write `contents` to `path` atomically: a temporary file in the same folder, then rename.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    // Write through a symbolic link, not over it.
    let resolved;
    let path = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        resolved = std::fs::canonicalize(path)?;
        resolved.as_path()
    } else {
        path
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = dir.join(format!(".{name}.relman-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
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

/// The environment variable through which tests make the write of one path fail
/// (its value is the root-relative path), to check that everything else is restored.
pub const FAIL_WRITE_VAR: &str = "RELMAN_TEST_FAIL_WRITE";

fn injected_failure(path: &Path) -> std::io::Result<()> {
    match std::env::var_os(FAIL_WRITE_VAR) {
        Some(target) if Path::new(&target) == path => Err(std::io::Error::other(format!(
            "write failure injected by {FAIL_WRITE_VAR}"
        ))),
        _ => Ok(()),
    }
}

/// Write every edit, or none: on a failure, restore what was written and report the failure.
pub fn write_all(edits: &[Edit]) -> Result<()> {
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
    fn writes_through_symlinks() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("pkg")).unwrap();
        std::fs::write(dir.path().join("pkg/VERSION"), "1.0.0\n").unwrap();
        std::os::unix::fs::symlink("pkg/VERSION", dir.path().join("VERSION")).unwrap();
        write_atomic(&dir.path().join("VERSION"), b"1.1.0\n").unwrap();
        assert!(std::fs::symlink_metadata(dir.path().join("VERSION"))
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("pkg/VERSION")).unwrap(),
            "1.1.0\n"
        );
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
