//! The repository's files, with exact case. Listed up front (what git tracks, or a walk of
//! the folder), or, outside git for a few given files, looked up on disk folder by folder as
//! the links ask, so that linting one file does not walk ten thousand. The whole listing is
//! still built, once, when a rule needs every file (a "did you mean" for a broken link).
//! The indexes of a file set (paths by hash, names ignoring case) belong to it: built once
//! per set, when first needed, and gone with it.

use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::sync::{Mutex, OnceLock, PoisonError};

use anyhow::{anyhow, Result};

use super::FxBuild;

/// The repository's files and folders.
#[derive(Debug, Default)]
pub(crate) struct FileSet {
    listing: OnceLock<Listing>,
    /// Set when the listing is built lazily from the disk.
    disk: Option<Disk>,
    /// The listing by hash, once `index` built it.
    hashed: OnceLock<Hashed>,
    /// Files and folders by base name ignoring case, built when first asked.
    names: OnceLock<Names>,
    /// Where a path the listing lacks is looked for next: on disk, unless git ignores it
    /// (the untracked files of a lint of given paths, which are not listed up front).
    beyond: Option<Disk>,
    /// git's ignore rules: for `beyond`, and to tell a generated file (build output the
    /// repository ignores) from a missing one.
    ignore: Option<IgnoreRules>,
}

/// git's ignore rules, behind `FileSet::ignore`.
struct IgnoreRules(crate::git::IgnoreCheck);

impl std::fmt::Debug for IgnoreRules {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IgnoreRules")
    }
}

/// Exact lookups by hash rather than by B-tree search.
#[derive(Debug, Default)]
struct Hashed {
    files: HashSet<String, FxBuild>,
    dirs: HashSet<String, FxBuild>,
}

/// Every file and folder.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Listing {
    /// Root-relative file paths with `/` separators, sorted.
    pub(crate) files: Vec<String>,
    /// Every folder that holds one of them ("" is the root), sorted.
    pub(crate) dirs: Vec<String>,
}

/// Files and folders by base name, ignoring case, each by its place in the listing (files
/// first, then folders). Keyed by the hash of the lower-cased name, so that ten thousand
/// paths cost neither a lower-cased copy nor a copy of the path; a name whose hash another
/// name had first is kept apart, by its lower-cased self.
#[derive(Debug, Default)]
struct Names {
    /// The paths of the first name seen with each hash.
    by_hash: HashMap<u64, Ids, FxBuild>,
    /// The paths of the names whose hash was taken, by lower-cased name.
    others: HashMap<String, Vec<u32>>,
}

/// The paths of one name: most names are one file's, held without a list of their own.
#[derive(Debug)]
enum Ids {
    One(u32),
    Many(Vec<u32>),
}

impl Ids {
    fn as_slice(&self) -> &[u32] {
        match self {
            Ids::One(one) => std::slice::from_ref(one),
            Ids::Many(many) => many,
        }
    }

    fn push(&mut self, id: u32) {
        match self {
            Ids::One(first) => *self = Ids::Many(vec![*first, id]),
            Ids::Many(many) => many.push(id),
        }
    }
}

impl Names {
    /// `path` is number `id` of `listing` (files, then folders).
    fn add(&mut self, listing: &Listing, id: u32, path: &str) {
        let name = base_name(path);
        match self.by_hash.entry(lower_hash(name)) {
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Ids::One(id));
            }
            std::collections::hash_map::Entry::Occupied(mut slot) => {
                if same_name(base_name(listing.path(slot.get().as_slice()[0])), name) {
                    slot.get_mut().push(id);
                } else {
                    self.others.entry(name.to_lowercase()).or_default().push(id);
                }
            }
        }
    }

    fn get<'l>(&self, listing: &'l Listing, name: &str) -> Vec<&'l String> {
        let ids = match self.by_hash.get(&lower_hash(name)).map(Ids::as_slice) {
            Some(ids) if same_name(base_name(listing.path(ids[0])), name) => ids,
            _ => self
                .others
                .get(&name.to_lowercase())
                .map_or(&[][..], Vec::as_slice),
        };
        ids.iter().map(|&id| listing.path(id)).collect()
    }
}

impl Listing {
    /// Path number `id`: the files, then the folders.
    fn path(&self, id: u32) -> &String {
        let id = id as usize;
        self.files
            .get(id)
            .unwrap_or_else(|| &self.dirs[id - self.files.len()])
    }
}

/// Whether the sorted `list` holds `path`.
fn sorted_holds(list: &[String], path: &str) -> bool {
    list.binary_search_by(|p| p.as_str().cmp(path)).is_ok()
}

fn base_name(path: &str) -> &str {
    super::split_name(path).map_or(path, |(_, name)| name)
}

/// The hash of `name` lower-cased (without a copy when it is ASCII).
fn lower_hash(name: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = super::FxHasher::default();
    if name.is_ascii() {
        // Eight bytes at a time, as `write` takes them.
        let mut buf = [0u8; 64];
        for chunk in name.as_bytes().chunks(buf.len()) {
            let part = &mut buf[..chunk.len()];
            part.copy_from_slice(chunk);
            part.make_ascii_lowercase();
            hasher.write(part);
        }
    } else {
        hasher.write(name.to_lowercase().as_bytes());
    }
    hasher.finish()
}

/// Whether two names are the same, ignoring case as `str::to_lowercase` does.
fn same_name(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

#[derive(Debug)]
struct Disk {
    root: PathBuf,
    /// Files that exist only in memory (a release's documents before they are written).
    extra: Vec<String>,
    /// Paths looked up so far, and what they are.
    known: Mutex<HashMap<String, Option<Kind>>>,
    /// Whether the disk finds a name in another case (macOS, Windows, a case-folding Linux
    /// folder): then a name must also be in its folder's listing.
    folds_case: OnceLock<bool>,
    /// The names in each folder listed so far (only where the disk folds case).
    names: Mutex<HashMap<String, Arc<HashSet<String>>>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
}

/// Folders that the walk skips: version control, build output, packages.
fn skipped(name: &str) -> bool {
    matches!(name, ".git" | ".hg" | ".svn" | "target" | "node_modules")
}

impl FileSet {
    pub(crate) fn from_files(files: impl IntoIterator<Item = String>) -> FileSet {
        FileSet::listed(files.into_iter().collect())
    }

    /// The files and folders of a walk of the disk: empty folders exist too.
    pub(crate) fn listed_with_dirs(files: Vec<String>, dirs: Vec<String>) -> FileSet {
        let mut set = FileSet::listed(files);
        if let Some(listing) = set.listing.get_mut() {
            listing.dirs.extend(dirs);
            listing.dirs.sort_unstable();
            listing.dirs.dedup();
        }
        set
    }

    /// The files of `files` (in any order, repeats allowed) and their folders.
    pub(crate) fn listed(mut files: Vec<String>) -> FileSet {
        files.sort_unstable();
        files.dedup();
        let mut seen: HashSet<&str, FxBuild> = HashSet::default();
        let mut dirs: Vec<&str> = vec![""];
        seen.insert("");
        // Sorted, a file often has the folder of the one before: its folders are known then.
        let mut last = "";
        for file in &files {
            let folder = super::split_name(file).map_or("", |(folder, _)| folder);
            if folder == last {
                continue;
            }
            last = folder;
            let mut dir = file.as_str();
            while let Some(i) = memchr::memrchr(b'/', dir.as_bytes()) {
                dir = &dir[..i];
                if !seen.insert(dir) {
                    break;
                }
                dirs.push(dir);
            }
        }
        dirs.sort_unstable();
        let dirs = dirs.into_iter().map(str::to_string).collect();
        let listing = Listing { files, dirs };
        FileSet {
            listing: OnceLock::from(listing),
            ..FileSet::default()
        }
    }

    /// The files under `root` on disk, as `walk` finds them, looked up when asked; `extra`
    /// files exist only in memory.
    pub(crate) fn on_disk(root: &Path, extra: Vec<String>) -> FileSet {
        FileSet {
            disk: Some(Disk::new(root, extra)),
            ..FileSet::default()
        }
    }

    /// Also count a path the listing lacks when it is on disk under `root` and git's
    /// ignore rules (`with_ignore_rules`) do not name it: the untracked files of a lint of
    /// given paths (listing them up front costs a look at every file of the working tree).
    pub(crate) fn or_untracked(mut self, root: &Path) -> FileSet {
        self.beyond = Some(Disk::new(root, Vec::new()));
        self
    }

    /// git's ignore rules, for `or_untracked` and `generated`.
    pub(crate) fn with_ignore_rules(mut self, ignored: crate::git::IgnoreCheck) -> FileSet {
        self.ignore = Some(IgnoreRules(ignored));
        self
    }

    /// Whether git ignores `path`, a root-relative path the listing lacks: a file the build
    /// writes (uv's `docs/reference/cli.md`, a coverage report), not one that is gone.
    pub(crate) fn generated(&self, path: &str) -> bool {
        self.ignore.as_ref().is_some_and(|g| (g.0)(path))
    }

    /// Every file and folder (walking the disk now if that was put off).
    pub(crate) fn listing(&self) -> &Listing {
        self.listing.get_or_init(|| match &self.disk {
            Some(disk) => {
                // A walk that panicked is a bug, not an empty repository: it stays a panic
                // (the lint reports it as one of the rule that asked).
                let (mut files, dirs) = walk_caught(&disk.root, &read_folder)
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                files.extend(disk.extra.iter().cloned());
                FileSet::listed_with_dirs(files, dirs)
                    .listing
                    .into_inner()
                    .unwrap_or_default()
            }
            None => Listing::default(),
        })
    }

    pub(crate) fn files(&self) -> &[String] {
        &self.listing().files
    }

    pub(crate) fn dirs(&self) -> &[String] {
        &self.listing().dirs
    }

    /// Index the listing by hash for the lookups to come (worth it when many documents
    /// look up many paths); from then on `is_file` and `is_dir` use it.
    pub(crate) fn index(&self) {
        self.hashed.get_or_init(|| Hashed {
            files: self.files().iter().cloned().collect(),
            dirs: self.dirs().iter().cloned().collect(),
        });
    }

    pub(crate) fn is_file(&self, path: &str) -> bool {
        let listed = if let Some(hashed) = self.hashed.get() {
            hashed.files.contains(path)
        } else {
            match (self.listing.get(), &self.disk) {
                (None, Some(disk)) => disk.is_file(path),
                _ => sorted_holds(self.files(), path),
            }
        };
        listed
            || self
                .beyond
                .as_ref()
                .is_some_and(|disk| disk.is_file(path) && !self.generated(path))
    }

    pub(crate) fn is_dir(&self, path: &str) -> bool {
        let path = path.trim_end_matches('/');
        let listed = if let Some(hashed) = self.hashed.get() {
            hashed.dirs.contains(path)
        } else {
            match (self.listing.get(), &self.disk) {
                (None, Some(disk)) => disk.is_dir(path),
                _ => sorted_holds(self.dirs(), path),
            }
        };
        listed
            || self
                .beyond
                .as_ref()
                .is_some_and(|disk| disk.is_dir(path) && !self.generated(&format!("{path}/")))
    }

    pub(crate) fn exists(&self, path: &str) -> bool {
        self.is_file(path) || self.is_dir(path)
    }

    /// The files and folders whose base name is `name`, ignoring case (the first call
    /// indexes every name).
    pub(crate) fn named(&self, name: &str) -> Vec<&String> {
        let listing = self.listing();
        self.names
            .get_or_init(|| {
                let mut names = Names::default();
                let paths = listing.files.iter().chain(listing.dirs.iter());
                for (id, path) in (0..).zip(paths) {
                    if !path.is_empty() {
                        names.add(listing, id, path);
                    }
                }
                names
            })
            .get(listing, name)
    }

    /// Whether some file or folder is exactly `suffix` or ends with `/suffix` (exact case).
    pub(crate) fn has_suffix(&self, suffix: &str) -> bool {
        let name = suffix.rsplit('/').next().unwrap_or(suffix);
        self.named(name).iter().any(|p| {
            *p == suffix
                || (p.ends_with(suffix) && p.as_bytes()[p.len() - suffix.len() - 1] == b'/')
        })
    }
}

impl Disk {
    fn new(root: &Path, extra: Vec<String>) -> Disk {
        Disk {
            root: root.to_path_buf(),
            extra,
            known: Mutex::new(HashMap::new()),
            folds_case: OnceLock::new(),
            names: Mutex::new(HashMap::new()),
        }
    }

    fn is_file(&self, path: &str) -> bool {
        if self.extra.iter().any(|e| e == path) {
            return true;
        }
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        self.is_dir(dir) && self.entry(dir, name) == Some(Kind::File)
    }

    fn is_dir(&self, path: &str) -> bool {
        if path.is_empty() {
            return true;
        }
        if self.extra.iter().any(|e| {
            e.len() > path.len() && e.starts_with(path) && e.as_bytes()[path.len()] == b'/'
        }) {
            return true;
        }
        let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
        self.is_dir(dir) && self.entry(dir, name) == Some(Kind::Dir)
    }

    /// What `name` is in the folder `dir` (root-relative) as the walk would see it, looked
    /// up once.
    fn entry(&self, dir: &str, name: &str) -> Option<Kind> {
        if matches!(name, "" | "." | "..") {
            return None;
        }
        let path = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        let known = self.known.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(kind) = known.get(&path) {
            return *kind;
        }
        drop(known);
        let full = self.root.join(&path);
        let kind = match std::fs::symlink_metadata(&full) {
            Ok(m) if m.is_dir() => (!skipped(name)).then_some(Kind::Dir),
            Ok(m) if m.is_file() => Some(Kind::File),
            // A link to a file counts as a file; links to folders are not followed.
            Ok(m) if m.file_type().is_symlink() && full.is_file() => Some(Kind::File),
            _ => None,
        }
        .filter(|_| self.exact_case(dir, name));
        self.known
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path, kind);
        kind
    }

    /// Whether `name`, found in the folder `dir`, is written there with this exact case.
    fn exact_case(&self, dir: &str, name: &str) -> bool {
        let folds = if let Some(&folds) = self.folds_case.get() {
            folds
        } else {
            // Asked once, of the first name with letters: does the disk also find it in the
            // other case? (Where that is another file, the listings answer anyway.)
            let swapped: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_lowercase() {
                        c.to_ascii_uppercase()
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
            if swapped == name {
                // No letters to ask with: read this folder's names.
                true
            } else {
                let folds = std::fs::symlink_metadata(self.root.join(dir).join(&swapped)).is_ok();
                *self.folds_case.get_or_init(|| folds)
            }
        };
        if !folds {
            return true;
        }
        let mut names = self.names.lock().unwrap_or_else(PoisonError::into_inner);
        let listed = names.entry(dir.to_string()).or_insert_with(|| {
            let full = self.root.join(dir);
            Arc::new(
                std::fs::read_dir(full)
                    .map(|entries| {
                        entries
                            .flatten()
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .collect()
                    })
                    .unwrap_or_default(),
            )
        });
        listed.contains(name)
    }
}

/// Every file under `root` (root-relative, sorted), on both cores.
pub(crate) fn walk(root: &Path) -> Result<Vec<String>> {
    Ok(walk_tree(root)?.0)
}

/// Every file and every folder under `root` (root-relative, each sorted), on both cores: the
/// folders wait on one stack and each thread takes the next one. A walker that panics fails
/// the walk (it is a bug): never a walk that silently lists less.
pub(crate) fn walk_tree(root: &Path) -> Result<(Vec<String>, Vec<String>)> {
    walk_with(root, &read_folder)
}

/// How a walk reads one folder (`read_folder`, or a test's).
type ReadFolder = dyn Fn(&Path, &str, &mut Vec<String>, &mut Vec<(PathBuf, String)>) -> std::io::Result<()>
    + Sync;

fn walk_with(root: &Path, read: &ReadFolder) -> Result<(Vec<String>, Vec<String>)> {
    walk_caught(root, read).map_err(|panic| {
        anyhow!(
            "the walk of {} panicked: {}; this is a bug in relman, please report it",
            root.display(),
            super::panic_text(panic.as_ref())
        )
    })
}

/// The walk, or the panic of a walker.
fn walk_caught(root: &Path, read: &ReadFolder) -> std::thread::Result<(Vec<String>, Vec<String>)> {
    let queue = Mutex::new(vec![(root.to_path_buf(), String::new())]);
    // Folders queued or being read: the walk is over when none is left.
    let busy = AtomicUsize::new(1);
    // Set by a walker that panics, so that the other stops instead of waiting for the
    // folder it was reading.
    let failed = AtomicBool::new(false);
    let work = || {
        struct Failed<'a>(&'a AtomicBool);
        impl Drop for Failed<'_> {
            fn drop(&mut self) {
                if std::thread::panicking() {
                    self.0.store(true, Ordering::Release);
                }
            }
        }
        let _failed = Failed(&failed);
        let mut files = Vec::new();
        let mut dirs = Vec::new();
        let mut subdirs = Vec::new();
        loop {
            if failed.load(Ordering::Acquire) {
                break;
            }
            let next = queue.lock().unwrap_or_else(PoisonError::into_inner).pop();
            let Some((dir, rel)) = next else {
                if busy.load(Ordering::Acquire) == 0 {
                    break;
                }
                std::thread::yield_now();
                continue;
            };
            // An unreadable folder is left out, as git would.
            let _ = read(&dir, &rel, &mut files, &mut subdirs);
            if !subdirs.is_empty() {
                dirs.extend(subdirs.iter().map(|(_, rel)| rel.clone()));
                busy.fetch_add(subdirs.len(), Ordering::AcqRel);
                queue
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .append(&mut subdirs);
            }
            busy.fetch_sub(1, Ordering::AcqRel);
        }
        files.sort_unstable();
        dirs.sort_unstable();
        (files, dirs)
    };
    let two = std::thread::available_parallelism().is_ok_and(|n| n.get() > 1);
    if !two {
        return catch_unwind(AssertUnwindSafe(work));
    }
    let (a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let a = catch_unwind(AssertUnwindSafe(work));
        (a, other.join())
    });
    let ((files_a, dirs_a), (files_b, dirs_b)) = (a?, b?);
    Ok((merge_sorted(files_a, files_b), merge_sorted(dirs_a, dirs_b)))
}

/// The files of one folder (into `files`) and its folders to walk (into `subdirs`), as
/// paths under `rel`. Symbolic links are not followed (no loops); a link to a file counts
/// as a file. Folders of version control, build output and packages are skipped.
fn read_folder(
    dir: &Path,
    rel: &str,
    files: &mut Vec<String>,
    subdirs: &mut Vec<(PathBuf, String)>,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)?.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let mut path = String::with_capacity(rel.len() + 1 + name.len());
        if !rel.is_empty() {
            path.push_str(rel);
            path.push('/');
        }
        path.push_str(&name);
        if kind.is_dir() {
            if !skipped(&name) {
                subdirs.push((entry.path(), path));
            }
        } else if kind.is_file() || (kind.is_symlink() && entry.path().is_file()) {
            files.push(path);
        }
    }
    Ok(())
}

/// Two sorted lists as one.
fn merge_sorted(a: Vec<String>, b: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let mut a = a.into_iter().peekable();
    let mut b = b.into_iter().peekable();
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => x <= y,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        out.extend(if take_a { a.next() } else { b.next() });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_holds_every_folder_of_its_files() {
        let set = FileSet::from_files(
            [
                "docs/deploy/x/y/z.md",
                "README.md",
                "docs/a.md",
                "docs/a.md",
            ]
            .iter()
            .map(ToString::to_string),
        );
        let dirs: Vec<&str> = set.dirs().iter().map(String::as_str).collect();
        assert_eq!(
            dirs,
            [
                "",
                "docs",
                "docs/deploy",
                "docs/deploy/x",
                "docs/deploy/x/y"
            ]
        );
        assert_eq!(set.files().len(), 3);
        assert!(set.is_dir("docs/deploy/") && set.is_file("docs/a.md"));
        assert!(!set.is_file("docs") && !set.is_dir("docs/a.md"));
        assert_eq!(FileSet::from_files(Vec::new()).dirs().len(), 1);
    }

    #[test]
    fn merged_lists_stay_sorted() {
        let v = |s: &[&str]| s.iter().map(ToString::to_string).collect::<Vec<_>>();
        assert_eq!(
            merge_sorted(v(&["a", "c/d", "e"]), v(&["a-b", "b", "c", "f"])),
            v(&["a", "a-b", "b", "c", "c/d", "e", "f"])
        );
        assert_eq!(merge_sorted(v(&[]), v(&["x"])), v(&["x"]));
    }

    /// The files of `tree()` that a walk lists (besides the symlink to a file).
    const TREE_FILES: [&str; 6] = [
        "x.md",
        "a/y.md",
        "a/b/z.md",
        "c/d/e/w.md",
        "c-1.md",
        "Docs/Guide.md",
    ];

    /// A tree with skipped folders, a symlink to a file and one to a folder.
    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for d in [
            "a",
            "a/b",
            "c",
            "c/d/e",
            "node_modules",
            ".git",
            "Docs",
            "empty",
            "only/target",
        ] {
            std::fs::create_dir_all(dir.path().join(d)).unwrap();
        }
        for f in TREE_FILES {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        std::fs::write(dir.path().join("node_modules/skip.md"), "").unwrap();
        std::fs::write(dir.path().join(".git/HEAD"), "").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("x.md"), dir.path().join("link.md"))
                .unwrap();
            std::os::unix::fs::symlink(dir.path().join("a"), dir.path().join("linked-dir"))
                .unwrap();
        }
        dir
    }

    #[test]
    fn the_walk_finds_every_file_once_in_order() {
        let dir = tree();
        let mut want: Vec<String> = TREE_FILES.iter().map(ToString::to_string).collect();
        #[cfg(unix)]
        want.push("link.md".to_string());
        want.sort();
        assert_eq!(walk(dir.path()).unwrap(), want);
    }

    #[test]
    fn a_walker_that_panics_fails_the_walk() {
        let dir = tree();
        let read: &ReadFolder = &|dir, rel, files, subdirs| {
            assert!(rel != "a/b", "cannot read {rel}");
            read_folder(dir, rel, files, subdirs)
        };
        let err = walk_with(dir.path(), read).unwrap_err().to_string();
        assert!(err.contains("panicked: cannot read a/b"), "{err}");
        assert!(
            err.ends_with("this is a bug in relman, please report it"),
            "{err}"
        );
        // The walk without the panic lists everything.
        assert!(walk_with(dir.path(), &read_folder)
            .unwrap()
            .0
            .contains(&"a/b/z.md".to_string()));
    }

    #[test]
    fn a_name_is_found_in_any_case_and_a_hash_taken_by_another_name_is_kept_apart() {
        let listing = Listing {
            files: ["docs/Ünïcode.md", "x/other.md", "y/B.md", "ÜNÏCODE.MD"]
                .map(String::from)
                .to_vec(),
            dirs: Vec::new(),
        };
        let mut names = Names::default();
        names.add(&listing, 0, "docs/Ünïcode.md");
        names.add(&listing, 3, "ÜNÏCODE.MD");
        assert_eq!(
            names.get(&listing, "ünïcode.Md"),
            ["docs/Ünïcode.md", "ÜNÏCODE.MD"]
        );
        // Another name with the hash of `b.md`, as a collision would put it.
        names.by_hash.insert(lower_hash("b.md"), Ids::One(1));
        names.add(&listing, 2, "y/B.md");
        assert_eq!(names.get(&listing, "b.MD"), ["y/B.md"]);
        assert!(names.get(&listing, "c.md").is_empty());
    }

    #[test]
    fn names_and_hashed_lookups_agree_with_the_listing() {
        let set = FileSet::from_files(
            ["docs/Guide.md", "docs/deploy/PLAN.md", "README.md"].map(String::from),
        );
        assert_eq!(set.named("guide.MD"), ["docs/Guide.md"]);
        assert_eq!(set.named("deploy"), ["docs/deploy"]);
        assert!(set.named("nothing").is_empty());
        assert!(set.has_suffix("deploy/PLAN.md") && !set.has_suffix("ploy/PLAN.md"));
        let paths = [
            "docs/Guide.md",
            "docs/guide.md",
            "docs",
            "docs/",
            "",
            "README.md",
            "x",
        ];
        let before: Vec<(bool, bool)> = paths
            .iter()
            .map(|p| (set.is_file(p), set.is_dir(p)))
            .collect();
        set.index();
        let after: Vec<(bool, bool)> = paths
            .iter()
            .map(|p| (set.is_file(p), set.is_dir(p)))
            .collect();
        assert_eq!(before, after);
    }

    #[test]
    fn lookups_on_disk_agree_with_the_walk() {
        let dir = tree();
        let lazy = FileSet::on_disk(dir.path(), vec!["new/plan.md".to_string()]);
        let (mut all, dirs) = walk_tree(dir.path()).unwrap();
        all.push("new/plan.md".to_string());
        let listed = FileSet::listed_with_dirs(all, dirs);
        for path in [
            "x.md",
            "a",
            "a/",
            "a/b",
            "a/b/z.md",
            "a/b/Z.md",
            "docs/Guide.md",
            "Docs/Guide.md",
            "Docs",
            "docs",
            "c/d",
            "c/d/e/w.md",
            "node_modules/skip.md",
            "node_modules",
            ".git/HEAD",
            "link.md",
            "linked-dir",
            "linked-dir/y.md",
            "a/../x.md",
            "./x.md",
            "new/plan.md",
            "new",
            "missing.md",
            "x.md/inside",
            "empty",
            "only",
            "only/target",
            "",
        ] {
            assert_eq!(lazy.is_file(path), listed.is_file(path), "is_file({path})");
            assert_eq!(lazy.is_dir(path), listed.is_dir(path), "is_dir({path})");
        }
        // Nothing was walked for those lookups; asking for every file walks once.
        assert!(lazy.listing.get().is_none());
        assert_eq!(lazy.listing(), listed.listing());
        assert!(lazy.is_file("a/y.md"));
    }

    #[test]
    fn where_the_disk_folds_case_the_listing_decides() {
        let dir = tree();
        let lazy = FileSet::on_disk(dir.path(), Vec::new());
        let Some(disk) = &lazy.disk else {
            panic!("on disk")
        };
        // As on macOS: every lookup must also find the name in its folder's listing.
        disk.folds_case.set(true).unwrap();
        assert!(lazy.is_file("Docs/Guide.md") && lazy.is_dir("Docs"));
        assert!(lazy.exists("a/b/z.md"));
        assert!(disk.names.lock().unwrap().contains_key("Docs"));
    }
}
