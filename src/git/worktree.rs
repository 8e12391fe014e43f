//! The git index read directly, and the working tree compared with it as `git status` does,
//! on every core: each tracked file's `lstat` against the stat data the index keeps (its
//! content hashed only when the stat data cannot tell), and one walk of the folders for the
//! untracked files. libgit2's status does the same on one thread, after checking the index
//! file's SHA-1 and building a hash map of it, which together cost more than a lint of one
//! changed page. Anything unusual (an index version or extension this reader does not know,
//! a case-folding work tree, a system without `lstat` data) makes the caller ask libgit2.

use std::collections::{HashMap, HashSet};
use std::path::Path;

/// A file of the git index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) path: String,
    pub(crate) id: [u8; 20],
    pub(crate) mode: u32,
    stat: Stat,
    state: State,
}

/// What an entry's flags say of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Normal,
    /// Assume-unchanged (`git update-index --assume-unchanged`): never looked at.
    AssumeValid,
    /// Left out of a sparse checkout: not compared; when missing it is reported deleted, as
    /// libgit2 reports it (the caller that checks a tree's cleanliness says it is clean).
    SkipWorktree,
    /// `git add -N`: staged as empty, so changed whatever the file holds.
    IntentToAdd,
    /// Conflicted (a stage other than 0): changed.
    Conflicted,
}

/// What the index records of a file's `lstat` when it was staged (each field as 32 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Stat {
    ctime: (u32, u32),
    mtime: (u32, u32),
    dev: u32,
    ino: u32,
    uid: u32,
    gid: u32,
    size: u32,
}

/// A git index file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Index {
    /// By path (git keeps them sorted); a conflicted path once.
    pub(crate) entries: Vec<Entry>,
    /// The tree the whole index makes, when its cache-tree extension knows it still.
    pub(crate) tree: Option<[u8; 20]>,
    /// Every folder whose tree the cache-tree extension still knows (`""` for the root,
    /// `a/b` below it), with that tree's id, sorted by path: a `git add` invalidates only
    /// the folders above the file.
    pub(crate) trees: Vec<(String, [u8; 20])>,
}

/// An entry of a tree object: its name, id and mode.
pub(crate) struct TreeEntry {
    pub(crate) name: String,
    pub(crate) id: [u8; 20],
    pub(crate) mode: u32,
}

const TREE: u32 = 0o040_000;

/// The paths where the tree `root` (a commit's) and the index differ, as `git diff --cached
/// ROOT --name-only` gives them (submodules left out), comparing only the folders whose
/// tree the index's cache-tree extension does not know to be the same: a pull request's few
/// changed folders, not every file. `read_tree` reads a tree object; None when one cannot
/// be read or a name is not UTF-8 (the caller then asks libgit2).
pub(crate) fn tree_changes(
    index: &Index,
    root: [u8; 20],
    read_tree: &dyn Fn(&[u8; 20]) -> Option<Vec<TreeEntry>>,
) -> Option<Vec<String>> {
    let mut out = Vec::new();
    compare_folder(index, "", root, &index.entries, read_tree, &mut out)?;
    out.sort();
    out.dedup();
    Some(out)
}

/// Compare folder `dir` (`""` or `a/b/`) of the tree, whose id is `id`, with the index's
/// `entries` below it.
fn compare_folder(
    index: &Index,
    dir: &str,
    id: [u8; 20],
    entries: &[Entry],
    read_tree: &dyn Fn(&[u8; 20]) -> Option<Vec<TreeEntry>>,
    out: &mut Vec<String>,
) -> Option<()> {
    let key = dir.trim_end_matches('/');
    if let Ok(at) = index
        .trees
        .binary_search_by(|(path, _)| path.as_str().cmp(key))
    {
        if index.trees[at].1 == id {
            return Some(());
        }
    }
    let tree = read_tree(&id)?;
    let mut used = vec![false; tree.len()];
    let by_name: HashMap<&str, usize, crate::fxhash::FxBuild> = tree
        .iter()
        .enumerate()
        .map(|(t, entry)| (entry.name.as_str(), t))
        .collect();
    let find = |name: &str| by_name.get(name).copied();
    let mut i = 0;
    while i < entries.len() {
        let rest = &entries[i].path[dir.len()..];
        if let Some(slash) = rest.find('/') {
            // A folder: the run of entries below it.
            let name = &rest[..slash];
            let below = format!("{dir}{name}/");
            let end = i + entries[i..]
                .iter()
                .position(|e| !e.path.starts_with(&below))
                .unwrap_or(entries.len() - i);
            match find(name) {
                Some(t) if tree[t].mode == TREE => {
                    used[t] = true;
                    compare_folder(index, &below, tree[t].id, &entries[i..end], read_tree, out)?;
                }
                other => {
                    if let Some(t) = other {
                        used[t] = true;
                        out.push(format!("{dir}{name}"));
                    }
                    out.extend(entries[i..end].iter().map(|e| e.path.clone()));
                }
            }
            i = end;
            continue;
        }
        let entry = &entries[i];
        match find(rest) {
            Some(t) => {
                used[t] = true;
                let theirs = &tree[t];
                let submodules = theirs.mode == GITLINK && entry.mode == GITLINK;
                let same = theirs.id == entry.id
                    && theirs.mode == entry.mode
                    && !matches!(entry.state, State::Conflicted | State::IntentToAdd);
                if theirs.mode == TREE {
                    out.push(entry.path.clone());
                    all_files(&format!("{dir}{rest}/"), theirs.id, read_tree, out)?;
                } else if !same && !submodules {
                    out.push(entry.path.clone());
                }
            }
            None if entry.mode == GITLINK => {}
            None => out.push(entry.path.clone()),
        }
        i += 1;
    }
    for (theirs, _) in tree.iter().zip(&used).filter(|(_, used)| !**used) {
        match theirs.mode {
            TREE => all_files(&format!("{dir}{}/", theirs.name), theirs.id, read_tree, out)?,
            GITLINK => {}
            _ => out.push(format!("{dir}{}", theirs.name)),
        }
    }
    Some(())
}

/// Every file of the tree `id` at folder `dir`: all gone from the index.
fn all_files(
    dir: &str,
    id: [u8; 20],
    read_tree: &dyn Fn(&[u8; 20]) -> Option<Vec<TreeEntry>>,
    out: &mut Vec<String>,
) -> Option<()> {
    for entry in read_tree(&id)? {
        match entry.mode {
            TREE => all_files(&format!("{dir}{}/", entry.name), entry.id, read_tree, out)?,
            GITLINK => {}
            _ => out.push(format!("{dir}{}", entry.name)),
        }
    }
    Some(())
}

/// A file's difference from the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Change {
    Modified,
    Deleted,
    /// Now a symbolic link, a folder or a file where the index has another kind.
    Retyped,
    /// Untracked, and not ignored.
    New,
}

/// How the index's stat data is compared, from git's configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Checks {
    /// `core.fileMode`: the executable bit counts.
    pub(crate) file_mode: bool,
    /// `core.trustCtime`.
    pub(crate) trust_ctime: bool,
    /// `core.checkStat` is not `minimal`: inode, owner and nanoseconds count.
    pub(crate) full_stat: bool,
}

impl Default for Checks {
    fn default() -> Checks {
        Checks {
            file_mode: true,
            trust_ctime: true,
            full_stat: true,
        }
    }
}

/// The index file at `path`, or None for anything unusual (another version, a split or
/// sparse index, `GIT_INDEX_FILE`).
pub(crate) fn read(path: &Path) -> Option<Index> {
    if std::env::var_os("GIT_INDEX_FILE").is_some() {
        return None;
    }
    let data = std::fs::read(path).ok()?;
    parse(&data)
}

/// An index file's bytes (versions 2, 3 and 4) read.
pub(crate) fn parse(data: &[u8]) -> Option<Index> {
    let u32_at = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
    };
    if data.get(0..4)? != b"DIRC" {
        return None;
    }
    let version = u32_at(4)?;
    if !(2..=4).contains(&version) {
        return None;
    }
    let count = usize::try_from(u32_at(8)?).ok()?;
    let mut entries: Vec<Entry> = Vec::with_capacity(count.min(data.len() / 62));
    let mut previous: Vec<u8> = Vec::new();
    let mut at = 12;
    for _ in 0..count {
        let start = at;
        // ctime, mtime (seconds, nanoseconds), dev, ino, mode, uid, gid, size: 40 bytes;
        // the SHA-1: 20; flags: 2.
        let recorded = Stat {
            ctime: (u32_at(start)?, u32_at(start + 4)?),
            mtime: (u32_at(start + 8)?, u32_at(start + 12)?),
            dev: u32_at(start + 16)?,
            ino: u32_at(start + 20)?,
            uid: u32_at(start + 28)?,
            gid: u32_at(start + 32)?,
            size: u32_at(start + 36)?,
        };
        let mode = u32_at(start + 24)?;
        let id: [u8; 20] = data.get(start + 40..start + 60)?.try_into().ok()?;
        let flags = u16::from_be_bytes(data.get(start + 60..start + 62)?.try_into().ok()?);
        at = start + 62;
        let mut extended = 0u16;
        if flags & 0x4000 != 0 {
            if version < 3 {
                return None;
            }
            extended = u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?);
            at += 2;
        }
        let name: &[u8] = if version == 4 {
            // A varint: bytes to drop from the end of the previous path, then the suffix.
            let mut byte = *data.get(at)?;
            at += 1;
            let mut strip = usize::from(byte & 0x7f);
            while byte & 0x80 != 0 {
                byte = *data.get(at)?;
                at += 1;
                strip = ((strip + 1) << 7) | usize::from(byte & 0x7f);
            }
            let end = at + memchr::memchr(0, data.get(at..)?)?;
            let keep = previous.len().checked_sub(strip)?;
            previous.truncate(keep);
            previous.extend_from_slice(&data[at..end]);
            at = end + 1;
            &previous
        } else {
            let end = at + memchr::memchr(0, data.get(at..)?)?;
            let name = &data[at..end];
            // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
            let len = end - start;
            at = start + (len + 8) / 8 * 8;
            name
        };
        let state = if (flags >> 12) & 3 != 0 {
            State::Conflicted
        } else if flags & 0x8000 != 0 {
            State::AssumeValid
        } else if extended & (1 << 14) != 0 {
            State::SkipWorktree
        } else if extended & (1 << 13) != 0 {
            State::IntentToAdd
        } else {
            State::Normal
        };
        if let Ok(text) = std::str::from_utf8(name) {
            // git writes the entries sorted by path; one out of order is an index this
            // reader does not trust (the folders' runs are searched by halving).
            if entries.last().is_some_and(|last| last.path.as_str() > text) {
                return None;
            }
            match entries.last_mut() {
                // The stages of a conflicted path, one entry each, side by side.
                Some(last) if flags & 0x3000 != 0 && last.path == text => {
                    last.state = State::Conflicted;
                }
                _ => entries.push(Entry {
                    path: text.to_string(),
                    id,
                    mode,
                    stat: recorded,
                    state,
                }),
            }
        }
    }
    // Extensions: some change what the entries mean; the cache tree says which tree the
    // whole index makes.
    let mut tree = None;
    let mut trees = Vec::new();
    while at + 8 <= data.len().saturating_sub(20) {
        let signature = data.get(at..at + 4)?;
        if signature == b"link" || signature == b"sdir" {
            return None;
        }
        let size = usize::try_from(u32_at(at + 4)?).ok()?;
        if signature == b"TREE" {
            let ext = data.get(at + 8..at + 8 + size)?;
            tree = cache_tree_root(ext);
            let mut from = 0;
            // A damaged extension leaves the trees unknown: every folder is compared.
            if cache_tree_node(ext, &mut from, "", &mut trees).is_none() {
                trees.clear();
            }
            trees.sort();
        }
        at += 8 + size;
    }
    Some(Index {
        entries,
        tree,
        trees,
    })
}

/// Read one node of a cache-tree extension at `at`, and the nodes below it, keeping the
/// valid ones: its name (a path component, empty for the root) and a NUL, the entry count
/// in ASCII (-1 when invalidated), a space, the subtree count and a line feed, then the id
/// when valid; its subtrees follow.
fn cache_tree_node(
    ext: &[u8],
    at: &mut usize,
    parent: &str,
    out: &mut Vec<(String, [u8; 20])>,
) -> Option<()> {
    let name_end = *at + ext.get(*at..)?.iter().position(|&b| b == 0)?;
    let name = std::str::from_utf8(&ext[*at..name_end]).ok()?;
    let path = match (parent, name) {
        ("", name) => name.to_string(),
        (parent, name) => format!("{parent}/{name}"),
    };
    let line_end = name_end + 1 + ext.get(name_end + 1..)?.iter().position(|&b| b == b'\n')?;
    let line = std::str::from_utf8(&ext[name_end + 1..line_end]).ok()?;
    let (count, subtrees) = line.split_once(' ')?;
    let subtrees: usize = subtrees.parse().ok()?;
    *at = line_end + 1;
    if !count.starts_with('-') {
        count.parse::<u64>().ok()?;
        let id: [u8; 20] = ext.get(*at..*at + 20)?.try_into().ok()?;
        *at += 20;
        out.push((path.clone(), id));
    }
    for _ in 0..subtrees {
        cache_tree_node(ext, at, &path, out)?;
    }
    Some(())
}

/// The root's tree id in a cache-tree extension, when it is valid: the path (empty for the
/// root) and a NUL, the entry count in ASCII (-1 when invalidated), a space, the subtree
/// count and a line feed, then the id.
fn cache_tree_root(ext: &[u8]) -> Option<[u8; 20]> {
    let rest = ext.strip_prefix(b"\0")?;
    let line_end = rest.iter().position(|&b| b == b'\n')?;
    let count = std::str::from_utf8(&rest[..line_end])
        .ok()?
        .split(' ')
        .next()?;
    if count.starts_with('-') {
        return None;
    }
    count.parse::<u64>().ok()?;
    rest.get(line_end + 1..line_end + 21)?.try_into().ok()
}

/// The files of the working tree at `root` that differ from `index`, and the untracked ones
/// that `ignored` (a root-relative path, `/`-ended for a folder) does not ignore, sorted.
/// `same_content` says whether a file's bytes (a symbolic link's target) are the blob with
/// that id: asked only when the stat data cannot tell (a file touched but not changed, or
/// written in the same instant as the index). `index_mtime` is the index file's.
///
/// Every folder that holds tracked files is read once, the folders shared out among the
/// cores; each tracked file is looked at through its folder's entry (`lstat` relative to
/// the open folder, no path walked again from the root). What a folder holds that the
/// index does not is handed back to this thread, which alone asks the ignore rules.
pub(crate) fn changes(
    root: &Path,
    index: &Index,
    index_mtime: (u32, u32),
    checks: Checks,
    ignored: &mut dyn FnMut(&str) -> bool,
    same_content: &(dyn Fn(&[u8], &[u8; 20]) -> bool + Sync),
) -> Option<Vec<(String, Change)>> {
    // Each folder's files, as runs of the index: its entries come sorted by path, so the
    // files right in one folder come sorted by name (looked up by halving, no table of
    // every path), and each folder's list is built in one pass.
    let mut group_of: HashMap<&str, usize, crate::fxhash::FxBuild> = HashMap::default();
    let mut groups: Vec<(&str, Vec<u32>)> = vec![("", Vec::new())];
    group_of.insert("", 0);
    let mut last: Option<(&str, usize)> = None;
    for (i, entry) in index.entries.iter().enumerate() {
        let Ok(i) = u32::try_from(i) else { return None };
        let dir = entry.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let g = match last {
            Some((d, g)) if d == dir => g,
            _ => {
                let g = *group_of.entry(dir).or_insert_with(|| {
                    groups.push((dir, Vec::new()));
                    groups.len() - 1
                });
                // Every folder above holds a tracked folder, and is read too.
                let mut above = dir;
                while let Some(at) = above.rfind('/') {
                    above = &above[..at];
                    if group_of.contains_key(above) {
                        break;
                    }
                    group_of.insert(above, groups.len());
                    groups.push((above, Vec::new()));
                }
                last = Some((dir, g));
                g
            }
        };
        groups[g].1.push(i);
    }
    groups.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let folders: Vec<&str> = groups.iter().map(|(dir, _)| *dir).collect();
    // The largest folders first, each taken by the next worker free: none waits long on
    // another at the end.
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_by_key(|&g| std::cmp::Reverse(groups[g].1.len()));
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 8)
        .min(folders.len());
    let look = Look {
        root,
        index,
        folders: &folders,
        groups: &groups,
        index_mtime,
        checks,
        same_content,
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let found: Option<Vec<Found>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (look, order, next) = (&look, &order, &next);
                scope.spawn(move || {
                    let mut found = Found::default();
                    while let Some(&f) =
                        order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        look.folder(f, &mut found);
                    }
                    found
                })
            })
            .collect();
        workers
            .into_iter()
            // A worker that panicked leaves its folders unread: none of the answer can be
            // trusted, and the caller asks libgit2.
            .map(|worker| worker.join().ok())
            .collect()
    });
    let found = found?;
    // A folder counts only when it and every folder above it were real folders in their
    // parents' listings: through a symbolic link put where a tracked folder was, what the
    // workers read is another folder's files, and the tracked ones are gone.
    let real: HashSet<&str> = found
        .iter()
        .flat_map(|f| f.real.iter().map(String::as_str))
        .collect();
    let mut valid = vec![false; folders.len()];
    for (f, folder) in folders.iter().enumerate() {
        valid[f] = folder.is_empty()
            || (real.contains(folder)
                && folder.rfind('/').is_none_or(|at| {
                    folders
                        .binary_search(&&folder[..at])
                        .is_ok_and(|parent| valid[parent])
                }));
    }
    let mut seen = vec![false; index.entries.len()];
    let mut out: Vec<(String, Change)> = Vec::new();
    for found in &found {
        for &(f, i) in &found.seen {
            seen[i] |= valid[f];
        }
        out.extend(
            found
                .changes
                .iter()
                .filter(|(f, ..)| valid[*f])
                .map(|(_, path, change)| (path.clone(), *change)),
        );
        for (_, path, is_dir) in found.others.iter().filter(|(f, ..)| valid[*f]) {
            let (path, is_dir) = (path.clone(), *is_dir);
            if is_dir {
                if !ignored(&format!("{path}/")) {
                    untracked_below(root, path, ignored, &mut out);
                }
            } else if !ignored(&path) {
                out.push((path, Change::New));
            }
        }
    }
    for (entry, seen) in index.entries.iter().zip(seen) {
        // Not looked at (git status says nothing of them either): assumed unchanged, or
        // outside a sparse checkout, and submodules.
        if !seen
            && !matches!(entry.state, State::AssumeValid | State::SkipWorktree)
            && entry.mode & 0o170_000 != GITLINK
        {
            out.push((entry.path.clone(), Change::Deleted));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.dedup_by(|a, b| a.0 == b.0);
    Some(out)
}

const GITLINK: u32 = 0o160_000;
const SYMLINK: u32 = 0o120_000;

/// What the workers share.
struct Look<'a> {
    root: &'a Path,
    index: &'a Index,
    /// The folders that hold tracked files, sorted.
    folders: &'a [&'a str],
    /// Each folder (as `folders`), with the index entries of the files right in it.
    groups: &'a [(&'a str, Vec<u32>)],
    index_mtime: (u32, u32),
    checks: Checks,
    same_content: &'a (dyn Fn(&[u8], &[u8; 20]) -> bool + Sync),
}

/// What one worker found, each by the folder (its index in the sorted folders) it is in.
#[derive(Default)]
struct Found {
    /// The index entries it met on disk.
    seen: Vec<(usize, usize)>,
    changes: Vec<(usize, String, Change)>,
    /// Paths the index does not know, each with whether it is a folder.
    others: Vec<(usize, String, bool)>,
    /// The tracked folders its listings showed as folders (not symbolic links or files).
    real: Vec<String>,
}

impl Look<'_> {
    /// Read folder `dir`, number `f`, which holds tracked files (a missing one holds
    /// nothing).
    fn folder(&self, f: usize, found: &mut Found) {
        let (dir, files) = &self.groups[f];
        let dir = *dir;
        // The entry named `name` right in this folder.
        let named = |name: &str| -> Option<usize> {
            let skip = if dir.is_empty() { 0 } else { dir.len() + 1 };
            let at = files
                .binary_search_by(|&i| self.index.entries[i as usize].path[skip..].cmp(name))
                .ok()?;
            Some(files[at] as usize)
        };
        let Ok(read) = std::fs::read_dir(self.root.join(dir)) else {
            return;
        };
        let mut path = String::new();
        for item in read.flatten() {
            let name = item.file_name();
            let Some(name) = name.to_str() else { continue };
            if name == ".git" {
                continue;
            }
            path.clear();
            if !dir.is_empty() {
                path.push_str(dir);
                path.push('/');
            }
            path.push_str(name);
            let is_dir = item.file_type().is_ok_and(|k| k.is_dir());
            if let Some(i) = named(name) {
                let entry = &self.index.entries[i];
                if is_dir && entry.mode & 0o170_000 != GITLINK {
                    // A tracked file that is a folder now: the file is gone, and what the
                    // folder holds is untracked (as git says).
                    found.others.push((f, path.clone(), true));
                    continue;
                }
                found.seen.push((f, i));
                if let Some(change) = self.compare(entry, &item) {
                    found.changes.push((f, entry.path.clone(), change));
                }
                continue;
            }
            if is_dir && self.folders.binary_search(&path.as_str()).is_ok() {
                // Read as a folder of its own.
                found.real.push(path.clone());
            } else {
                found.others.push((f, path.clone(), is_dir));
            }
        }
    }

    /// How one tracked file differs, if it does, from its folder's entry.
    #[cfg(unix)]
    fn compare(&self, entry: &Entry, item: &std::fs::DirEntry) -> Option<Change> {
        // A submodule is not looked into, as `git status` with submodules excluded.
        if entry.mode & 0o170_000 == GITLINK {
            return None;
        }
        match entry.state {
            State::AssumeValid | State::SkipWorktree => return None,
            State::IntentToAdd | State::Conflicted => return Some(Change::Modified),
            State::Normal => {}
        }
        let Ok(meta) = item.metadata() else {
            return Some(Change::Deleted);
        };
        let link = match by_stat(entry, &meta, self.index_mtime, self.checks) {
            Verdict::Same => return None,
            Verdict::Differs(change) => return Some(change),
            Verdict::Unsure { link } => link,
        };
        let path = self.root.join(&entry.path);
        let bytes = if link {
            use std::os::unix::ffi::OsStrExt;
            std::fs::read_link(&path)
                .ok()
                .map(|target| target.as_os_str().as_bytes().to_vec())
        } else {
            std::fs::read(&path).ok()
        };
        match bytes {
            Some(bytes) if (self.same_content)(&bytes, &entry.id) => None,
            _ => Some(Change::Modified),
        }
    }

    #[cfg(not(unix))]
    fn compare(&self, _entry: &Entry, _item: &std::fs::DirEntry) -> Option<Change> {
        Some(Change::Modified)
    }
}

/// What a file's `lstat` says of it against its index entry.
enum Verdict {
    Same,
    Differs(Change),
    /// The stat data cannot tell (a file touched but not changed, or written in the instant
    /// the index was): its content must be compared (`link`: a symbolic link's target).
    Unsure {
        link: bool,
    },
}

/// Compare `meta` (a tracked file's `lstat`) with what `entry` recorded of it.
#[cfg(unix)]
fn by_stat(
    entry: &Entry,
    meta: &std::fs::Metadata,
    index_mtime: (u32, u32),
    checks: Checks,
) -> Verdict {
    use std::os::unix::fs::MetadataExt;
    let kind = meta.file_type();
    let link = entry.mode & 0o170_000 == SYMLINK;
    // Never opened: a FIFO or a device where a file was (reading one could block or
    // never end).
    if kind.is_dir() || link != kind.is_symlink() || !(link || kind.is_file()) {
        return Verdict::Differs(Change::Retyped);
    }
    if checks.file_mode && !link && (entry.mode & 0o100 != 0) != (meta.mode() & 0o100 != 0) {
        return Verdict::Differs(Change::Modified);
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let now = Stat {
        ctime: (meta.ctime() as u32, meta.ctime_nsec() as u32),
        mtime: (meta.mtime() as u32, meta.mtime_nsec() as u32),
        dev: meta.dev() as u32,
        ino: meta.ino() as u32,
        uid: meta.uid(),
        gid: meta.gid(),
        size: meta.size() as u32,
    };
    let was = entry.stat;
    if now.size != was.size {
        return Verdict::Differs(Change::Modified);
    }
    // An index written without nanoseconds compares seconds only.
    let full = checks.full_stat;
    let nsec = full && (was.mtime.1 != 0 || was.ctime.1 != 0);
    let time = |a: (u32, u32), b: (u32, u32)| a.0 == b.0 && (!nsec || a.1 == b.1);
    let stat_same = time(now.mtime, was.mtime)
        && (!checks.trust_ctime || time(now.ctime, was.ctime))
        && (!full || (now.ino == was.ino && now.uid == was.uid && now.gid == was.gid));
    // Racily clean: written in the instant the index was, it may have changed since
    // without its stat data showing it.
    let racy = was.mtime.0 > index_mtime.0
        || (was.mtime.0 == index_mtime.0 && (!nsec || was.mtime.1 >= index_mtime.1));
    if stat_same && !racy {
        Verdict::Same
    } else {
        Verdict::Unsure { link }
    }
}

/// The size of the tracked file of `entry` under `root` when it is, by its stat data
/// alone, what the index holds: a plain file, not a symbolic link or submodule, and not one
/// whose content would have to be read to tell.
#[cfg(unix)]
pub(crate) fn unchanged(
    root: &Path,
    entry: &Entry,
    index_mtime: (u32, u32),
    checks: Checks,
) -> Option<u64> {
    if entry.state != State::Normal
        || entry.mode & 0o170_000 == GITLINK
        || entry.mode & 0o170_000 == SYMLINK
    {
        return None;
    }
    let meta = std::fs::symlink_metadata(root.join(&entry.path)).ok()?;
    matches!(by_stat(entry, &meta, index_mtime, checks), Verdict::Same).then_some(meta.len())
}

#[cfg(not(unix))]
pub(crate) fn unchanged(
    _root: &Path,
    _entry: &Entry,
    _index_mtime: (u32, u32),
    _checks: Checks,
) -> Option<u64> {
    None
}

/// The files below the untracked folder `dir` (not ignored) that git does not ignore. A
/// folder with a `.git` of its own (a repository inside this one) is not looked into: it is
/// one untracked entry, `dir/`, as git shows it.
fn untracked_below(
    root: &Path,
    dir: String,
    ignored: &mut dyn FnMut(&str) -> bool,
    out: &mut Vec<(String, Change)>,
) {
    let mut stack = vec![dir];
    while let Some(dir) = stack.pop() {
        if root.join(&dir).join(".git").exists() {
            out.push((format!("{dir}/"), Change::New));
            continue;
        }
        let Ok(read) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for item in read.flatten() {
            let name = item.file_name();
            let Some(name) = name.to_str() else { continue };
            if name == ".git" {
                continue;
            }
            let path = format!("{dir}/{name}");
            if item.file_type().is_ok_and(|k| k.is_dir()) {
                if !ignored(&format!("{path}/")) {
                    stack.push(path);
                }
            } else if !ignored(&path) {
                out.push((path, Change::New));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_tree_root_is_read_when_valid() {
        let mut ext = b"\x002 1\n".to_vec();
        ext.extend_from_slice(&[7u8; 20]);
        assert_eq!(cache_tree_root(&ext), Some([7u8; 20]));
        let invalid = b"\0-1 1\n".to_vec();
        assert_eq!(cache_tree_root(&invalid), None);
        assert_eq!(cache_tree_root(b"sub\x002 0\n"), None);
    }

    /// A version-2 index of `paths`, in the order given.
    fn index_of(paths: &[&str]) -> Vec<u8> {
        let mut data = b"DIRC".to_vec();
        data.extend_from_slice(&2u32.to_be_bytes());
        data.extend_from_slice(&u32::try_from(paths.len()).unwrap().to_be_bytes());
        for path in paths {
            let start = data.len();
            data.extend_from_slice(&[0u8; 24]);
            data.extend_from_slice(&0o100_644u32.to_be_bytes());
            data.extend_from_slice(&[0u8; 12]);
            data.extend_from_slice(&[1u8; 20]);
            data.extend_from_slice(&u16::try_from(path.len()).unwrap().to_be_bytes());
            data.extend_from_slice(path.as_bytes());
            let len = data.len() - start;
            data.resize(start + (len + 8) / 8 * 8, 0);
        }
        data.extend_from_slice(&[0u8; 20]);
        data
    }

    #[test]
    fn an_index_out_of_order_is_not_read() {
        let sorted = parse(&index_of(&["a-b", "a/b", "a0"])).expect("read");
        let paths: Vec<&str> = sorted.entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a-b", "a/b", "a0"]);
        assert!(parse(&index_of(&["a/b", "a-b"])).is_none());
    }
}
