//! A project's template files, read as repository content that may be hostile: only regular
//! files, only inside the repository (a symlink is followed only when it stays there), never
//! a FIFO, socket or device (opening a FIFO blocks), and at most `MAX_TEMPLATE_BYTES` each.

use std::fs::FileType;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};

/// The largest template file relman reads.
pub(super) const MAX_TEMPLATE_BYTES: u64 = 1 << 20;
/// The most template files, and bytes of them all, relman reads: each is parsed, and tera's
/// parser gets millions of steps per template.
pub(super) const MAX_TEMPLATES: usize = 200;
pub(super) const MAX_TOTAL_BYTES: usize = 16 << 20;

/// One template file: its name (`notes` for `notes.md.tera`), how messages show its path, and
/// its text.
pub(super) struct Found {
    pub(crate) name: String,
    pub(crate) shown: String,
    pub(crate) text: String,
}

/// The `*.md.tera` files of `dir` (none when it is not a folder), sorted by path, each
/// checked by [`read`] against `root`.
pub(super) fn read_folder(dir: &Path, shown_dir: &str, root: &Path) -> Result<Vec<Found>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let root = std::fs::canonicalize(root)
        .with_context(|| format!("{}: cannot resolve the folder", root.display()))?;
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{shown_dir}: cannot read the templates folder"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".md.tera"))
        .collect();
    paths.sort();
    if paths.len() > MAX_TEMPLATES {
        bail!(
            "{shown_dir}: {} templates, more than the {MAX_TEMPLATES} relman reads; keep fewer `*.md.tera` files there",
            paths.len()
        );
    }
    let mut found = Vec::with_capacity(paths.len());
    let mut total = 0usize;
    for path in paths {
        let file = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let shown = format!("{shown_dir}/{file}");
        let text = read(&path, &shown, &root)?;
        total += text.len();
        if total > MAX_TOTAL_BYTES {
            bail!(
                "{shown}: the templates pass {} MiB together, the most relman reads; make them smaller",
                MAX_TOTAL_BYTES >> 20
            );
        }
        found.push(Found {
            name: file.trim_end_matches(".md.tera").to_string(),
            shown,
            text,
        });
    }
    Ok(found)
}

/// The text of the template file at `path`, refused unless it resolves to a regular file
/// inside `root` (canonical) and outside `root/.git`. Its type is checked before it is
/// opened, and again on the open file.
fn read(path: &Path, shown: &str, root: &Path) -> Result<String> {
    let link = std::fs::symlink_metadata(path).with_context(|| format!("{shown}: cannot read"))?;
    let is_link = link.file_type().is_symlink();
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(_) if is_link => {
            let target = std::fs::read_link(path).unwrap_or_default();
            bail!(
                "{shown}: a symlink to {}, which does not exist; restore its target or remove the link",
                target.display()
            );
        }
        Err(e) => return Err(e).with_context(|| format!("{shown}: cannot read")),
    };
    let points = if is_link {
        format!("a symlink to {}", real.display())
    } else {
        format!("resolves to {}", real.display())
    };
    if !real.starts_with(root) {
        bail!("{shown}: {points}, outside the repository; templates are read only from inside the repository: copy the template into it");
    }
    if real.starts_with(root.join(".git")) {
        bail!("{shown}: {points}, inside .git/; templates are read only from the work tree: copy the template out of .git/");
    }
    let meta = std::fs::metadata(&real).with_context(|| format!("{shown}: cannot read"))?;
    if let Some(kind) = not_regular(meta.file_type()) {
        let via = if is_link {
            format!(" ({points})")
        } else {
            String::new()
        };
        bail!("{shown}: {kind}{via}, not a regular file; templates are read only from regular files: replace it with one");
    }
    let too_big = |len: u64| {
        anyhow!(
            "{shown}: {len} bytes, more than the {} MiB a template may have; split it into templates that `{{% include %}}` each other",
            MAX_TEMPLATE_BYTES >> 20
        )
    };
    if meta.len() > MAX_TEMPLATE_BYTES {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(&real).with_context(|| format!("{shown}: cannot read"))?;
    // What was checked above may have been swapped since: check the file that is open.
    let open = file
        .metadata()
        .with_context(|| format!("{shown}: cannot read"))?;
    if let Some(kind) = not_regular(open.file_type()) {
        bail!("{shown}: {kind}, not a regular file; templates are read only from regular files: replace it with one");
    }
    let mut bytes = Vec::new();
    file.take(MAX_TEMPLATE_BYTES + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("{shown}: cannot read"))?;
    if bytes.len() as u64 > MAX_TEMPLATE_BYTES {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|_| anyhow!("{shown}: not valid UTF-8; save it as UTF-8"))
}

/// What a file that is not a regular file is, for messages.
fn not_regular(kind: FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("a special file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_files_inside_the_root_are_read_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.md.tera"), "B").unwrap();
        std::fs::write(dir.path().join("a.md.tera"), "A").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a template").unwrap();
        let found = read_folder(dir.path(), "templates", dir.path()).unwrap();
        let names: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|f| (f.name.as_str(), f.shown.as_str(), f.text.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("a", "templates/a.md.tera", "A"),
                ("b", "templates/b.md.tera", "B")
            ]
        );
        // No folder, no templates.
        assert!(read_folder(&dir.path().join("none"), "none", dir.path())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn a_folder_named_like_a_template_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("x.md.tera")).unwrap();
        let err = read_folder(dir.path(), "templates", dir.path())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("templates/x.md.tera: a folder, not a regular file"),
            "{err}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_inside_the_root() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let dir = root.path().join("templates");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(root.path().join("in.txt"), "inside").unwrap();
        std::os::unix::fs::symlink("../in.txt", dir.join("a.md.tera")).unwrap();
        let found = read_folder(&dir, "templates", root.path()).unwrap();
        assert_eq!(found[0].text, "inside");
        std::fs::write(outside.path().join("out.txt"), "outside").unwrap();
        std::os::unix::fs::symlink(outside.path().join("out.txt"), dir.join("b.md.tera")).unwrap();
        let err = read_folder(&dir, "templates", root.path())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("templates/b.md.tera: a symlink to "),
            "{err}"
        );
        assert!(err.contains("outside the repository"), "{err}");
        std::fs::remove_file(dir.join("b.md.tera")).unwrap();
        std::os::unix::fs::symlink("gone.txt", dir.join("b.md.tera")).unwrap();
        let err = read_folder(&dir, "templates", root.path())
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("templates/b.md.tera: a symlink to gone.txt, which does not exist"),
            "{err}"
        );
    }
}
