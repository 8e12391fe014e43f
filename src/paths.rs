//! Every path relman reads or writes inside a repository goes through this module, once,
//! before anything is planned: a configured or given path is normalised (`./a//b` is `a/b`),
//! refused when it is absolute, climbs out with `..` or names the git folder, and then
//! resolved on disk, symbolic link by link, to the file that is really there. A link that
//! leads out of the work tree or into `.git` is refused with where it points; a link that
//! stays inside is followed, and the file it leads to is the one written and committed
//! (the link stays a link). Only regular files are read and written: a FIFO, a device or a
//! socket is refused, never opened (opening a FIFO blocks; writing `/dev/null` as root would
//! replace it).
//!
//! This module decides; it does not write. `fsutil` writes what it resolved.

use std::io::Read as _;
use std::path::{Component, Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};

/// How many links one path may pass through before it is taken for a loop.
const MAX_LINKS: usize = 40;

/// Why a configured path is not a plain root-relative path inside the work tree, if it is not.
pub(crate) fn bad_relative(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("is empty");
    }
    if path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":") {
        return Some("is absolute");
    }
    let mut depth = 0i32;
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return Some("leaves the repository");
                }
            }
            p => {
                // At any depth, as git itself forbids: a submodule's `.git` points it at its
                // git folder.
                if p.eq_ignore_ascii_case(".git") {
                    return Some("is inside a git folder");
                }
                depth += 1;
            }
        }
    }
    if depth == 0 {
        return Some("names the repository root, not a file");
    }
    None
}

/// A root-relative path with `.`, `..` and doubled separators resolved, `/`-separated.
/// Callers check it with [`bad_relative`] first, so it never climbs above the root.
pub(crate) fn normalize(name: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in name.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The work tree a path must stay in.
#[derive(Debug, Clone)]
pub(crate) struct Root {
    /// As relman found it.
    pub(crate) given: PathBuf,
    /// With every link resolved.
    pub(crate) real: PathBuf,
    /// The git folder(s), resolved: `.git`, and the common folder of a worktree.
    git_dirs: Vec<PathBuf>,
}

impl Root {
    pub(crate) fn new(given: &Path, git_dirs: &[&Path]) -> Root {
        let real = std::fs::canonicalize(given).unwrap_or_else(|_| given.to_path_buf());
        let mut dirs: Vec<PathBuf> = git_dirs
            .iter()
            .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.to_path_buf()))
            .collect();
        dirs.push(real.join(".git"));
        dirs.sort();
        dirs.dedup();
        Root {
            given: given.to_path_buf(),
            real,
            git_dirs: dirs,
        }
    }

    fn in_git_dir(&self, real: &Path) -> bool {
        self.git_dirs.iter().any(|d| real.starts_with(d))
    }
}

/// A file relman reads or writes in the work tree, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RepoPath {
    /// As configured or given, normalised: what messages show.
    pub(crate) shown: String,
    /// The file that is really there, root-relative, `/`-separated: what is read, written
    /// and committed (differs from `shown` when a link on the way was followed).
    pub(crate) real: String,
    /// `real` under the root as relman found it.
    pub(crate) full: PathBuf,
    /// Whether the file exists (a regular file) now.
    pub(crate) exists: bool,
}

/// Where a path leads once every link on it is followed.
struct Resolved {
    /// The resolved path; its missing tail (when the file does not exist yet) appended as is.
    path: PathBuf,
    /// The file's kind when it exists.
    kind: Option<Kind>,
    /// The first link on the way, and what it points to, for messages.
    link: Option<(PathBuf, PathBuf)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    Special(&'static str),
}

fn kind_of(meta: &std::fs::Metadata) -> Kind {
    let t = meta.file_type();
    if t.is_file() {
        return Kind::File;
    }
    if t.is_dir() {
        return Kind::Dir;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Kind::Special("a FIFO");
        }
        if t.is_socket() {
            return Kind::Special("a socket");
        }
        if t.is_char_device() || t.is_block_device() {
            return Kind::Special("a device");
        }
    }
    Kind::Special("not a regular file")
}

/// Follow `abs` (absolute, lexically normalised) component by component.
fn resolve(abs: &Path) -> std::io::Result<Resolved> {
    let mut links = 0usize;
    let mut first_link: Option<(PathBuf, PathBuf)> = None;
    // Components still to walk, in order.
    let mut todo: Vec<std::ffi::OsString> = abs
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            _ => None,
        })
        .collect();
    todo.reverse();
    let mut current = PathBuf::from("/");
    while let Some(part) = todo.pop() {
        if part == ".." {
            current.pop();
            continue;
        }
        let next = current.join(&part);
        match std::fs::symlink_metadata(&next) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // The rest does not exist yet: it holds no link.
                let mut path = next;
                while let Some(rest) = todo.pop() {
                    if rest == ".." {
                        path.pop();
                    } else {
                        path.push(rest);
                    }
                }
                return Ok(Resolved {
                    path,
                    kind: None,
                    link: first_link,
                });
            }
            Err(e) => return Err(e),
            Ok(meta) if meta.file_type().is_symlink() => {
                links += 1;
                if links > MAX_LINKS {
                    return Err(std::io::Error::other("too many levels of symbolic links"));
                }
                let target = std::fs::read_link(&next)?;
                if first_link.is_none() {
                    first_link = Some((next.clone(), target.clone()));
                }
                if target.is_absolute() {
                    current = PathBuf::from("/");
                }
                let mut parts: Vec<std::ffi::OsString> = target
                    .components()
                    .filter_map(|c| match c {
                        Component::Normal(n) => Some(n.to_os_string()),
                        Component::ParentDir => Some("..".into()),
                        _ => None,
                    })
                    .collect();
                parts.reverse();
                todo.extend(parts);
            }
            Ok(meta) => {
                let kind = kind_of(&meta);
                current = next;
                if todo.is_empty() {
                    return Ok(Resolved {
                        path: current,
                        kind: Some(kind),
                        link: first_link,
                    });
                }
                if kind != Kind::Dir {
                    return Err(std::io::Error::other(format!(
                        "{} is not a folder",
                        current.display()
                    )));
                }
            }
        }
    }
    Ok(Resolved {
        path: current,
        kind: Some(Kind::Dir),
        link: first_link,
    })
}

/// `path` made absolute (against `base`) and lexically normalised: `.` dropped, `..` taken
/// back (never above `/`), nothing on disk looked at.
pub(crate) fn absolute(base: &Path, path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        let base = if base.is_absolute() {
            base.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(base)
        };
        base.join(path)
    };
    let mut out = PathBuf::from("/");
    for c in joined.components() {
        match c {
            Component::Normal(n) => out.push(n),
            Component::ParentDir => {
                out.pop();
            }
            _ => {}
        }
    }
    out
}

/// Whether `abs` lies lexically under `root` (as given or resolved).
fn lexically_inside(root: &Root, abs: &Path) -> bool {
    let given = absolute(Path::new("/"), &root.given);
    abs.starts_with(&given) || abs.starts_with(&root.real)
}

impl RepoPath {
    /// A configured root-relative path, checked and resolved. `what` names where it came
    /// from for messages (e.g. "[changelog] path").
    pub(crate) fn resolve(root: &Root, name: &str) -> Result<RepoPath> {
        if let Some(reason) = bad_relative(name) {
            bail!("{name}: the path {reason}; give a path inside the repository");
        }
        let shown = normalize(name);
        let abs = absolute(Path::new("/"), &root.given.join(&shown));
        Self::confine(root, &shown, &abs)
    }

    /// A path given on the command line (relative to `cwd`). Inside the work tree it is
    /// confined like a configured one; a path outside it that the user typed is theirs,
    /// but it must still be a regular file (or not exist yet).
    pub(crate) fn given(root: &Root, cwd: &Path, path: &Path) -> Result<RepoPath> {
        let abs = absolute(cwd, path);
        if lexically_inside(root, &abs) {
            let rel = abs
                .strip_prefix(absolute(Path::new("/"), &root.given))
                .or_else(|_| abs.strip_prefix(&root.real))
                .unwrap_or(&abs);
            let shown = rel.to_string_lossy().replace('\\', "/");
            if let Some(reason) = bad_relative(&shown) {
                bail!(
                    "{}: the path {reason}; give a path inside the repository",
                    path.display()
                );
            }
            return Self::confine(root, &shown, &abs);
        }
        let resolved =
            resolve(&abs).with_context(|| format!("{}: cannot follow the path", path.display()))?;
        let shown = path.to_string_lossy().into_owned();
        match resolved.kind {
            Some(Kind::Dir) => {
                bail!("{shown}: a folder, not a regular file; give the path of a file")
            }
            Some(Kind::Special(what)) => bail!(
                "{shown}: {what}, not a regular file; relman reads and writes regular files only"
            ),
            _ => {}
        }
        Ok(RepoPath {
            real: resolved.path.to_string_lossy().into_owned(),
            exists: resolved.kind.is_some(),
            full: resolved.path,
            shown,
        })
    }

    /// A configured folder (the templates folder): confined like a file, and a folder or
    /// absent. Returns where it really is, when it exists.
    pub(crate) fn folder(root: &Root, name: &str) -> Result<Option<PathBuf>> {
        if let Some(reason) = bad_relative(name) {
            bail!("{name}: the path {reason}; give a folder inside the repository");
        }
        let shown = normalize(name);
        let abs = absolute(Path::new("/"), &root.given.join(&shown));
        let resolved = resolve(&abs).with_context(|| format!("{shown}: cannot follow the path"))?;
        Self::check_inside(root, &shown, &resolved)?;
        match resolved.kind {
            None => Ok(None),
            Some(Kind::Dir) => Ok(Some(resolved.path)),
            Some(_) => bail!("{shown}: not a folder; [templates] dir names the folder of the project's templates"),
        }
    }

    /// Refuse a resolved path outside the work tree or inside the git folder, saying where
    /// the link on the way points.
    fn check_inside(root: &Root, shown: &str, resolved: &Resolved) -> Result<()> {
        let pointing = match &resolved.link {
            Some((link, target)) => format!(
                "{} is a link to {}",
                link.strip_prefix(&root.real)
                    .or_else(|_| link.strip_prefix(&root.given))
                    .unwrap_or(link)
                    .display(),
                target.display()
            ),
            None => format!("it resolves to {}", resolved.path.display()),
        };
        if !resolved.path.starts_with(&root.real) {
            bail!(
                "{shown}: {pointing}, outside the repository; relman reads and writes only inside the work tree (replace the link with the file, or point it inside)"
            );
        }
        if root.in_git_dir(&resolved.path) {
            bail!("{shown}: {pointing}, inside the git folder; relman never writes there");
        }
        Ok(())
    }

    fn confine(root: &Root, shown: &str, abs: &Path) -> Result<RepoPath> {
        let resolved = resolve(abs).with_context(|| format!("{shown}: cannot follow the path"))?;
        Self::check_inside(root, shown, &resolved)?;
        match resolved.kind {
            Some(Kind::Special(what)) => bail!(
                "{shown}: {what}, not a regular file; relman reads and writes regular files only"
            ),
            Some(Kind::Dir) => {
                bail!("{shown}: a folder, not a regular file; give the path of a file")
            }
            _ => {}
        }
        let real_rel = resolved
            .path
            .strip_prefix(&root.real)
            .unwrap_or(&resolved.path)
            .to_string_lossy()
            .replace('\\', "/");
        if real_rel.is_empty() {
            bail!("{shown}: names the repository root, not a file");
        }
        Ok(RepoPath {
            shown: shown.to_string(),
            full: root.given.join(&real_rel),
            real: real_rel,
            exists: resolved.kind == Some(Kind::File),
        })
    }
}

/// The most relman reads of one file (documents, version files, templates, config).
pub(crate) const MAX_READ: u64 = 4 * 1024 * 1024;

/// Why a file cannot be read as one of relman's inputs.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// Not a regular file (FIFO, device, socket, folder): never opened.
    Special(&'static str),
    /// Larger than the cap.
    TooLarge(u64),
    Io(std::io::Error),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Special(what) => write!(
                f,
                "{what}, not a regular file; relman reads regular files only"
            ),
            ReadError::TooLarge(cap) => write!(
                f,
                "too large to read (more than {} MiB); relman reads at most that much of one file",
                cap / (1024 * 1024)
            ),
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Read a regular file (following links), at most `cap` bytes: a FIFO, device or socket is
/// refused before it is opened, and a file that grows past the cap while read is refused.
pub(crate) fn read_capped(full: &Path, cap: u64) -> std::result::Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(full).map_err(ReadError::Io)?;
    read_known(full, &meta, cap)
}

/// [`read_capped`] of a file whose metadata (following links) the caller already has.
pub(crate) fn read_known(
    full: &Path,
    meta: &std::fs::Metadata,
    cap: u64,
) -> std::result::Result<Vec<u8>, ReadError> {
    match kind_of(meta) {
        Kind::File => {}
        Kind::Dir => return Err(ReadError::Special("a folder")),
        Kind::Special(what) => return Err(ReadError::Special(what)),
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge(cap));
    }
    let file = std::fs::File::open(full).map_err(ReadError::Io)?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > cap {
        return Err(ReadError::TooLarge(cap));
    }
    Ok(bytes)
}

/// [`read_capped`] with the default cap and a message that names `shown`.
pub(crate) fn read(full: &Path, shown: &str) -> Result<Vec<u8>> {
    read_capped(full, MAX_READ).map_err(|e| anyhow!("{shown}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn root(dir: &Path) -> Root {
        std::fs::create_dir_all(dir.join(".git")).unwrap();
        Root::new(dir, &[&dir.join(".git")])
    }

    #[test]
    fn relative_paths_are_checked() {
        assert_eq!(bad_relative("../x"), Some("leaves the repository"));
        assert_eq!(bad_relative("a/../../x"), Some("leaves the repository"));
        assert_eq!(bad_relative("/etc/x"), Some("is absolute"));
        assert_eq!(bad_relative("C:/x"), Some("is absolute"));
        assert_eq!(bad_relative(".git/config"), Some("is inside a git folder"));
        assert_eq!(
            bad_relative("./.GIT/hooks/x"),
            Some("is inside a git folder")
        );
        assert_eq!(bad_relative("sub/.git"), Some("is inside a git folder"));
        assert_eq!(
            bad_relative("a/.."),
            Some("names the repository root, not a file")
        );
        assert_eq!(bad_relative(""), Some("is empty"));
        assert_eq!(bad_relative("docs/.github/x.md"), None);
        assert_eq!(bad_relative("a/../b.md"), None);
        assert_eq!(normalize("./docs//x.md"), "docs/x.md");
        assert_eq!(normalize("a/../b.md"), "b.md");
        let abs = |base: &str, p: &str| absolute(Path::new(base), Path::new(p));
        assert_eq!(abs("/", "/r/./docs/../a.md"), Path::new("/r/a.md"));
        assert_eq!(abs("/r", "x/../../../y"), Path::new("/y"));
        assert_eq!(abs("/", "/.."), Path::new("/"));
    }

    #[test]
    fn links_inside_are_followed_and_links_out_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let r = root(dir.path());
        std::fs::create_dir_all(dir.path().join("site/docs")).unwrap();
        std::fs::write(dir.path().join("site/docs/a.md"), "a").unwrap();
        symlink("site/docs", dir.path().join("docs")).unwrap();
        symlink("docs/a.md", dir.path().join("A.md")).unwrap();
        symlink(outside.path(), dir.path().join("out")).unwrap();
        symlink(".git/config", dir.path().join("cfg")).unwrap();
        symlink("missing/file.md", dir.path().join("dangling.md")).unwrap();
        symlink("loop2", dir.path().join("loop1")).unwrap();
        symlink("loop1", dir.path().join("loop2")).unwrap();

        let p = RepoPath::resolve(&r, "docs/a.md").unwrap();
        assert_eq!(
            (p.shown.as_str(), p.real.as_str(), p.exists),
            ("docs/a.md", "site/docs/a.md", true)
        );
        let p = RepoPath::resolve(&r, "./A.md").unwrap();
        assert_eq!(p.real, "site/docs/a.md");
        let p = RepoPath::resolve(&r, "docs/new/b.md").unwrap();
        assert_eq!((p.real.as_str(), p.exists), ("site/docs/new/b.md", false));
        let p = RepoPath::resolve(&r, "dangling.md").unwrap();
        assert_eq!(p.real, "missing/file.md");

        let e = RepoPath::resolve(&r, "out/x.md").unwrap_err().to_string();
        assert!(
            e.contains("outside the repository") && e.contains(&*outside.path().to_string_lossy()),
            "{e}"
        );
        let e = RepoPath::resolve(&r, "cfg").unwrap_err().to_string();
        assert!(e.contains("inside the git folder"), "{e}");
        let e = format!("{:#}", RepoPath::resolve(&r, "loop1").unwrap_err());
        assert!(e.contains("too many levels"), "{e}");
        let e = RepoPath::resolve(&r, "docs").unwrap_err().to_string();
        assert!(e.contains("a folder"), "{e}");
    }

    #[test]
    fn special_files_are_never_opened() {
        let dir = tempfile::tempdir().unwrap();
        let r = root(dir.path());
        symlink("/dev/null", dir.path().join("null.md")).unwrap();
        let e = RepoPath::resolve(&r, "null.md").unwrap_err().to_string();
        assert!(e.contains("outside the repository"), "{e}");
        let e = RepoPath::given(&r, dir.path(), Path::new("/dev/null"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("a device"), "{e}");
        assert!(matches!(
            read_capped(Path::new("/dev/zero"), 10),
            Err(ReadError::Special("a device"))
        ));
        std::fs::write(dir.path().join("big"), "x".repeat(100)).unwrap();
        assert!(matches!(
            read_capped(&dir.path().join("big"), 10),
            Err(ReadError::TooLarge(10))
        ));
        assert_eq!(
            read_capped(&dir.path().join("big"), 100).unwrap().len(),
            100
        );
    }

    #[test]
    fn given_paths_outside_are_the_users() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let r = root(dir.path());
        let p = RepoPath::given(&r, dir.path(), &outside.path().join("x.md")).unwrap();
        assert!(!p.exists);
        let e = RepoPath::given(&r, dir.path(), Path::new(".git/hooks/x"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("git folder"), "{e}");
        let p = RepoPath::given(&r, &dir.path().join("sub"), Path::new("../CHANGES.md")).unwrap();
        assert_eq!(p.real, "CHANGES.md");
    }
}
