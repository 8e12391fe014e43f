//! The link destinations of every tracked Markdown file, kept between runs of `relman lint
//! --changed-since` in the git directory (`.git/relman/links`), so that finding the files
//! that link into a changed file reads only the files whose content changed since the
//! last run, not the whole tree.
//!
//! An entry is keyed by the id of a file's staged content, as the git index has it: a file
//! that did not change since REV has that content in the working tree too (else it would
//! be a changed file), so an entry with the same id holds its links without reading it.
//! What a file links to depends on its content alone, so files of the same content share
//! an entry. Symbolic links (their id is the link's text, not the content read through it)
//! are read every time.
//!
//! The file is made to be read in small parts: after a header naming relman's version
//! (another version's file, or a damaged one, is rebuilt), the entries sorted by id, then
//! the names their destinations hold (each path segment, and each segment cut at a dot:
//! `guide`, `intro.md`, `intro`) sorted, each with the entries that hold it. A run reads
//! the entries and names, then only the lists of the changed files' names and the
//! destinations of the entries on them; a 10,000-page tree's file is 5 MB, a run reads a
//! tenth of it. It is written whole, to a temporary file then renamed, and only when an
//! entry is missing; a git directory that cannot be written leaves the lint as it is, only
//! slower.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs::File;
use std::path::Path;

use super::changed::{has_scheme, par_map, points_into, Changed};
use super::document::Document;
use super::run::read_confined;
use super::FxBuild;
use crate::git::worktree::Entry;
use crate::git::Repo;

/// The file's first bytes: its format and the relman that wrote it (a newer parser may read
/// other links).
const MAGIC: &str = concat!("relman-links 3 ", env!("CARGO_PKG_VERSION"), "\n");

/// The mode git gives a symbolic link.
const SYMLINK: u32 = 0o120_000;

/// An entry: a content id (20 bytes), its destinations' offset and length (u32 each).
const ENTRY: usize = 28;
/// A name: its offset (u32) and length (u16), its list's offset and count (u32 each).
const NAME: usize = 14;

/// Which files link into a changed one, and how many had to be read.
pub(super) struct Linking {
    /// For each path asked about, in order.
    pub(super) links: Vec<bool>,
    pub(super) read: usize,
}

/// The link destinations of a document: its links (not autolinks) and the `href`/`src` of
/// its HTML.
pub(super) fn destinations(doc: &Document) -> Vec<String> {
    let html = doc
        .html
        .iter()
        .flat_map(|r| super::broken_link::html_links(&doc.text[r.clone()]))
        .map(|(dest, _)| dest);
    doc.links
        .iter()
        .filter(|l| !l.auto)
        .map(|l| l.dest.clone())
        .chain(html)
        .collect()
}

/// Which of `paths` (files that did not change since REV) have a link into a `changed`
/// file; `names` finds the entries that may (a changed file's name in a destination), as
/// the names and as one pattern.
/// None when the index cannot be read as `Repo::staged` reads it, or the kept file cannot
/// be read where it says it holds something: the caller reads every file instead.
pub(super) fn linking(
    root: &Path,
    repo: &Repo,
    paths: &[&str],
    (names, pattern): (&BTreeSet<String>, &regex::bytes::Regex),
    changed: &Changed<'_>,
) -> Option<Linking> {
    let index = repo.staged()?;
    let staged = &index.entries;
    let file = repo.git_dir().join("relman").join("links");
    let kept = Kept::open(&file);
    // What an entry can be kept by: a file that is no symbolic link.
    let keyed = |entry: &&Entry| entry.mode != SYMLINK;
    // Each path's entry: the kept one of its staged id, else it is read now. The paths come
    // sorted, as the index is: each lookup goes on from the last.
    let mut ids: Vec<Option<&[u8; 20]>> = Vec::with_capacity(paths.len());
    let mut in_staged = Seek::new(staged);
    for path in paths {
        let entry = in_staged
            .find(path, |e| e.path.as_str())
            .map(|i| &staged[i])
            .filter(keyed);
        ids.push(entry.map(|e| &e.id));
    }
    let at: Vec<Option<usize>> = ids
        .iter()
        .map(|id| kept.as_ref().zip(*id).and_then(|(k, id)| k.find(id)))
        .collect();
    let mentioned: HashSet<u32, FxBuild> = match &kept {
        Some(k) => {
            let mut all = HashSet::default();
            for name in names.iter().filter(|n| !n.is_empty()) {
                all.extend(k.holding(name.as_bytes())?);
            }
            all
        }
        None => HashSet::default(),
    };
    let stale: Vec<usize> = (0..paths.len()).filter(|&i| at[i].is_none()).collect();
    let fresh: Vec<String> = par_map(&stale, |&i| read(root, paths[i]));
    let mut read_now: Vec<Option<&str>> = vec![None; paths.len()];
    for (&i, read) in stale.iter().zip(&fresh) {
        read_now[i] = Some(read.as_str());
    }
    let mut links = Vec::with_capacity(paths.len());
    // An entry that cannot be read back (a damaged file): the file is read instead, and the
    // kept file written again.
    let mut damaged = false;
    for (i, path) in paths.iter().enumerate() {
        let kept_dests;
        let dests = match (at[i], read_now[i]) {
            (Some(e), _) if u32::try_from(e).is_ok_and(|e| mentioned.contains(&e)) => {
                kept_dests = if let Some(dests) = kept.as_ref().and_then(|k| k.dests(e)) {
                    dests
                } else {
                    damaged = true;
                    read(root, path)
                };
                kept_dests.as_str()
            }
            (_, Some(dests)) if pattern.is_match(dests.as_bytes()) => dests,
            _ => {
                links.push(false);
                continue;
            }
        };
        let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
        // Only a destination that holds a name can point into a changed file.
        links.push(
            dests
                .split('\t')
                .filter(|d| pattern.is_match(d.as_bytes()))
                .any(|d| points_into(dir, d, changed)),
        );
    }
    let new: Vec<(&[u8; 20], &str)> = stale
        .iter()
        .zip(&fresh)
        .filter_map(|(&i, dests)| ids[i].map(|id| (id, dests.as_str())))
        .collect();
    if !new.is_empty() || damaged {
        // The entries kept for contents still in the index, with the ones read now (a file
        // whose entries cannot all be read back is rebuilt from those read now: the next
        // run reads the others again).
        let current: HashSet<&[u8; 20], FxBuild> =
            staged.iter().filter(keyed).map(|e| &e.id).collect();
        let mut entries: BTreeMap<[u8; 20], String> = BTreeMap::new();
        if let Some(all) = kept.as_ref().and_then(Kept::all) {
            for (id, dests) in all {
                if current.contains(&id) {
                    entries.insert(id, dests);
                }
            }
        }
        for (id, dests) in new {
            entries.insert(*id, dests.to_string());
        }
        // Only a cache: a git directory that cannot be written costs speed, not the lint.
        if let Some(bytes) = encode(&entries) {
            let _ = write(&file, &bytes);
        }
    }
    Some(Linking {
        links,
        read: stale.len(),
    })
}

/// Lookups by path in a sorted slice, for paths asked in order: each goes on from where
/// the last one stopped (any path asked out of order is searched for from the start).
struct Seek<'a, T> {
    items: &'a [T],
    from: usize,
}

impl<'a, T> Seek<'a, T> {
    fn new(items: &'a [T]) -> Seek<'a, T> {
        Seek { items, from: 0 }
    }

    /// The index of the item whose `key` is `path`.
    fn find(&mut self, path: &str, key: impl Fn(&T) -> &str) -> Option<usize> {
        // Most often the item after the last one found (every Markdown file of a tree).
        if self
            .items
            .get(self.from)
            .is_some_and(|item| key(item) == path)
        {
            self.from += 1;
            return Some(self.from - 1);
        }
        if self.from > 0 && key(&self.items[self.from - 1]) >= path {
            self.from = 0;
        }
        // A gallop: steps that double, then a binary search within the last one.
        let mut step = 1;
        let mut low = self.from;
        while low + step < self.items.len() && key(&self.items[low + step]) < path {
            low += step;
            step *= 2;
        }
        let high = (low + step + 1).min(self.items.len());
        let at = low + self.items[low..high].partition_point(|item| key(item) < path);
        let found = at < self.items.len() && key(&self.items[at]) == path;
        self.from = if found { at + 1 } else { at };
        found.then_some(at)
    }
}

/// The names a file's destinations hold, as the file's names list them: each path segment
/// (not `.` or `..`), and each segment cut before each of its dots (`intro.md.html` holds
/// `intro.md.html`, `intro` and `intro.md`). A changed file's name, its stem, or its
/// folder's name is one of them in every destination that `points_into` it.
fn names_in(dests: &str) -> impl Iterator<Item = &str> {
    dests
        .split(['\t', '/'])
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .flat_map(|segment| {
            let cuts = segment
                .match_indices('.')
                .map(|(at, _)| at)
                .filter(|&at| at > 0)
                .map(move |at| &segment[..at]);
            std::iter::once(segment).chain(cuts)
        })
}

/// The kept file, open: its entries and names read, the lists and destinations read when
/// asked for.
struct Kept {
    file: File,
    /// From the start of the file to the end of the names' bytes.
    head: Vec<u8>,
    entries: usize,
    names: usize,
    /// Where the names' bytes start in `head`.
    strings: usize,
    len: u64,
}

impl Kept {
    /// The file at `path`; None when there is none, or it is another version's or damaged.
    fn open(path: &Path) -> Option<Kept> {
        // Never through a symbolic link, never a FIFO (opening one waits for a writer).
        if !std::fs::symlink_metadata(path).ok()?.is_file() {
            return None;
        }
        let file = File::open(path).ok()?;
        let len = file.metadata().ok()?.len();
        let fixed = MAGIC.len() + 12;
        let mut top = vec![0; fixed];
        read_exact_at(&file, &mut top, 0).ok()?;
        if !top.starts_with(MAGIC.as_bytes()) {
            return None;
        }
        let count = |at: usize| -> Option<usize> {
            usize::try_from(u32::from_le_bytes(top.get(at..at + 4)?.try_into().ok()?)).ok()
        };
        let (entries, names, strings_len) = (
            count(MAGIC.len())?,
            count(MAGIC.len() + 4)?,
            count(MAGIC.len() + 8)?,
        );
        let strings = fixed
            .checked_add(entries.checked_mul(ENTRY)?)?
            .checked_add(names.checked_mul(NAME)?)?;
        let head_len = strings.checked_add(strings_len)?;
        if u64::try_from(head_len).ok()? > len {
            return None;
        }
        let mut head = vec![0; head_len];
        read_exact_at(&file, &mut head, 0).ok()?;
        Some(Kept {
            file,
            head,
            entries,
            names,
            strings,
            len,
        })
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        Some(u32::from_le_bytes(
            self.head.get(at..at + 4)?.try_into().ok()?,
        ))
    }

    fn id(&self, i: usize) -> &[u8] {
        let at = MAGIC.len() + 12 + i * ENTRY;
        &self.head[at..at + 20]
    }

    /// The entry of content `id`. The ids are SHA-1s, spread evenly: each guess is made
    /// where the id would lie if they were evenly spread (an interpolation search), which
    /// takes two or three reads where halving takes fourteen. The range shrinks at every
    /// step, whatever the file holds.
    fn find(&self, id: &[u8; 20]) -> Option<usize> {
        let lead = |bytes: &[u8]| -> u64 {
            let mut first = [0u8; 8];
            first.copy_from_slice(&bytes[..8]);
            u64::from_be_bytes(first)
        };
        let want = lead(id);
        let (mut low, mut high) = (0, self.entries);
        while low < high {
            let (first, last) = (lead(self.id(low)), lead(self.id(high - 1)));
            if want < first || want > last {
                return None;
            }
            let span = u128::from(last - first).max(1);
            let guess = u128::from(want - first) * ((high - 1 - low) as u128) / span;
            let mid = low + usize::try_from(guess).unwrap_or(0).min(high - 1 - low);
            match self.id(mid).cmp(id.as_slice()) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Bytes `len` at `at` of the file, if they are all in it.
    fn read_at(&self, at: u32, len: usize) -> Option<Vec<u8>> {
        if u64::from(at) + u64::try_from(len).ok()? > self.len {
            return None;
        }
        let mut bytes = vec![0; len];
        read_exact_at(&self.file, &mut bytes, u64::from(at)).ok()?;
        Some(bytes)
    }

    /// The destinations of entry `i`, tab-separated.
    fn dests(&self, i: usize) -> Option<String> {
        let at = MAGIC.len() + 12 + i * ENTRY + 20;
        let (offset, len) = (self.u32_at(at)?, self.u32_at(at + 4)?);
        String::from_utf8(self.read_at(offset, usize::try_from(len).ok()?)?).ok()
    }

    /// The entries whose destinations hold `name`; None when the file cannot say.
    fn holding(&self, name: &[u8]) -> Option<Vec<u32>> {
        let base = MAGIC.len() + 12 + self.entries * ENTRY;
        let name_at = |k: usize| -> Option<&[u8]> {
            let at = base + k * NAME;
            let offset = usize::try_from(self.u32_at(at)?).ok()?;
            let len = usize::from(u16::from_le_bytes(
                self.head.get(at + 4..at + 6)?.try_into().ok()?,
            ));
            self.head
                .get(self.strings + offset..self.strings + offset + len)
        };
        let (mut low, mut high) = (0, self.names);
        while low < high {
            let mid = low + (high - low) / 2;
            match name_at(mid)?.cmp(name) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    let at = base + mid * NAME + 6;
                    let (offset, count) = (self.u32_at(at)?, self.u32_at(at + 4)?);
                    let bytes =
                        self.read_at(offset, usize::try_from(count).ok()?.checked_mul(4)?)?;
                    return Some(
                        bytes
                            .chunks_exact(4)
                            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                            .filter(|&e| usize::try_from(e).is_ok_and(|e| e < self.entries))
                            .collect(),
                    );
                }
            }
        }
        Some(Vec::new())
    }

    /// Every entry, with its destinations (to write the file again).
    fn all(&self) -> Option<Vec<([u8; 20], String)>> {
        (0..self.entries)
            .map(|i| Some((self.id(i).try_into().ok()?, self.dests(i)?)))
            .collect()
    }
}

/// Fill `buf` from `file` at `offset`.
#[cfg(unix)]
fn read_exact_at(file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, offset)
}

/// Fill `buf` from `file` at `offset`.
#[cfg(not(unix))]
fn read_exact_at(mut file: &File, buf: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek};
    file.seek(std::io::SeekFrom::Start(offset))?;
    file.read_exact(buf)
}

/// The file for `entries` (content id → destinations); None when it would not fit the
/// format (more than 4 GB, a name over 64 kB).
fn encode(entries: &BTreeMap<[u8; 20], String>) -> Option<Vec<u8>> {
    let mut holders: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (e, dests) in entries.values().enumerate() {
        let e = u32::try_from(e).ok()?;
        let mut seen: HashSet<&str, FxBuild> = HashSet::default();
        for name in names_in(dests) {
            if seen.insert(name) {
                holders.entry(name).or_default().push(e);
            }
        }
    }
    let strings_len: usize = holders.keys().map(|n| n.len()).sum();
    let head = MAGIC.len() + 12 + entries.len() * ENTRY + holders.len() * NAME + strings_len;
    let lists_len: usize = holders.values().map(|l| l.len() * 4).sum();
    let total = head + lists_len + entries.values().map(String::len).sum::<usize>();
    let u32_of = |n: usize| u32::try_from(n).ok();
    u32_of(total)?;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(MAGIC.as_bytes());
    for n in [entries.len(), holders.len(), strings_len] {
        out.extend_from_slice(&u32_of(n)?.to_le_bytes());
    }
    let mut dests_at = head + lists_len;
    for (id, dests) in entries {
        out.extend_from_slice(id);
        out.extend_from_slice(&u32_of(dests_at)?.to_le_bytes());
        out.extend_from_slice(&u32_of(dests.len())?.to_le_bytes());
        dests_at += dests.len();
    }
    let (mut string_at, mut list_at) = (0, head);
    for (name, list) in &holders {
        out.extend_from_slice(&u32_of(string_at)?.to_le_bytes());
        out.extend_from_slice(&u16::try_from(name.len()).ok()?.to_le_bytes());
        out.extend_from_slice(&u32_of(list_at)?.to_le_bytes());
        out.extend_from_slice(&u32_of(list.len())?.to_le_bytes());
        string_at += name.len();
        list_at += list.len() * 4;
    }
    for name in holders.keys() {
        out.extend_from_slice(name.as_bytes());
    }
    for list in holders.values() {
        for e in list {
            out.extend_from_slice(&e.to_le_bytes());
        }
    }
    for dests in entries.values() {
        out.extend_from_slice(dests.as_bytes());
    }
    Some(out)
}

/// The destinations of the file at `path` that may point into another file, tab-separated,
/// each once and without its anchor or query (`points_into` reads neither): a link with a
/// scheme, or to an anchor of the page, never does. A tab or line break in one is written
/// percent-encoded (as `points_into` decodes it, the same destination). A file that cannot
/// be read has none: the lint of the changed files says what is wrong with it.
fn read(root: &Path, path: &str) -> String {
    let Ok(bytes) = read_confined(root, path) else {
        return String::new();
    };
    let doc = Document::parse(path, String::from_utf8_lossy(&bytes).into_owned());
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for dest in &destinations(&doc) {
        let dest = dest.split(['#', '?']).next().unwrap_or("");
        if dest.is_empty() || has_scheme(dest) || !seen.insert(dest) {
            continue;
        }
        if !out.is_empty() {
            out.push('\t');
        }
        for c in dest.chars() {
            match c {
                '\t' => out.push_str("%09"),
                '\n' => out.push_str("%0A"),
                '\r' => out.push_str("%0D"),
                c => out.push(c),
            }
        }
    }
    out
}

/// Write `bytes` to `file` whole: to a temporary file beside it, then renamed over it. The
/// folder is made when missing, never followed when it is a symbolic link.
pub(super) fn write(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(file);
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(std::io::Error::other("not a folder")),
        Err(_) => std::fs::create_dir(dir)?,
    }
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("kept");
    let tmp = dir.join(format!("{name}.{}.tmp", std::process::id()));
    // A new file, never one (or a symbolic link) put there before: a stale one is removed
    // (the link itself, not what it points to).
    let _ = std::fs::remove_file(&tmp);
    {
        use std::io::Write;
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        out.write_all(bytes)?;
    }
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_write_never_goes_through_what_was_put_at_its_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        let kept = dir.path().join("relman");
        std::fs::create_dir(&kept).unwrap();
        let outside = dir.path().join("outside.md");
        std::fs::write(&outside, "mine\n").unwrap();
        let file = kept.join("links");
        let tmp = kept.join(format!("links.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&outside, &tmp).unwrap();
        write(&file, b"kept").unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), b"kept");
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine\n");
        assert!(!tmp.exists() && std::fs::symlink_metadata(&tmp).is_err());
        // A symbolic link or a FIFO where the kept file should be is not opened.
        std::fs::remove_file(&file).unwrap();
        std::os::unix::fs::symlink(&outside, &file).unwrap();
        assert!(Kept::open(&file).is_none());
    }

    fn id(first: u8) -> [u8; 20] {
        let mut id = [7u8; 20];
        id[0] = first;
        id
    }

    /// A kept file of these entries, written and opened.
    fn kept(entries: &[([u8; 20], &str)]) -> (tempfile::TempDir, Kept) {
        let dir = tempfile::tempdir().unwrap();
        let map: BTreeMap<[u8; 20], String> = entries
            .iter()
            .map(|(i, d)| (*i, (*d).to_string()))
            .collect();
        let file = dir.path().join("links");
        write(&file, &encode(&map).unwrap()).unwrap();
        let kept = Kept::open(&file).unwrap();
        (dir, kept)
    }

    #[test]
    fn entries_are_found_by_content_id_and_give_back_their_destinations() {
        let (_dir, kept) = kept(&[
            (id(0xab), "b.md\tc.md"),
            (id(0x01), ""),
            (id(0x80), "../guide/intro.md\t/docs/setup/"),
        ]);
        // Sorted by id, whatever the order given.
        assert_eq!(kept.find(&id(0x01)), Some(0));
        assert_eq!(kept.find(&id(0x80)), Some(1));
        assert_eq!(kept.find(&id(0xab)), Some(2));
        assert_eq!(kept.find(&id(0x02)), None);
        assert_eq!(kept.dests(2).as_deref(), Some("b.md\tc.md"));
        assert_eq!(kept.dests(0).as_deref(), Some(""));
        assert_eq!(kept.all().unwrap().len(), 3);
    }

    #[test]
    fn a_name_counts_in_an_entrys_destinations_as_a_segment_or_a_stem() {
        let (_dir, kept) = kept(&[
            (id(1), "intro.md"),
            (id(2), "../x.md\tmyintro.md"),
            (id(3), "other.md\tsub/intro.md.html"),
            (id(4), "/docs/intro/\t../guide/"),
        ]);
        let holding = |name: &str| {
            let mut found = kept.holding(name.as_bytes()).unwrap();
            found.sort_unstable();
            found
        };
        assert_eq!(holding("intro.md"), [0, 2]);
        assert_eq!(holding("intro"), [0, 2, 3]);
        assert_eq!(holding("guide"), [3]);
        assert_eq!(holding("sub"), [2]);
        assert_eq!(holding(".."), Vec::<u32>::new());
        assert_eq!(holding("nothing"), Vec::<u32>::new());
        assert_eq!(
            names_in("a/b.c.d\t./e").collect::<Vec<_>>(),
            ["a", "b.c.d", "b", "b.c", "e"]
        );
    }

    #[test]
    fn a_file_of_another_version_or_damaged_is_not_read() {
        let (dir, _) = kept(&[(id(1), "a.md")]);
        let file = dir.path().join("links");
        let good = std::fs::read(&file).unwrap();
        // Another version's header.
        let mut other = good.clone();
        other[14] = b'9';
        std::fs::write(&file, &other).unwrap();
        assert!(Kept::open(&file).is_none());
        // Cut short: the counts promise more than there is.
        std::fs::write(&file, &good[..MAGIC.len() + 20]).unwrap();
        assert!(Kept::open(&file).is_none());
        std::fs::write(&file, b"").unwrap();
        assert!(Kept::open(&file).is_none());
        // A destination that points past the end is not read.
        let mut bent = good.clone();
        let at = MAGIC.len() + 12 + 20;
        bent[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        std::fs::write(&file, &bent).unwrap();
        assert_eq!(Kept::open(&file).unwrap().dests(0), None);
    }

    #[test]
    fn a_seek_finds_what_a_binary_search_finds_in_order_or_not() {
        let items: Vec<String> = (0..200).map(|i| format!("p/{:03}.md", i * 3)).collect();
        let mut seek = Seek::new(&items);
        let mut queries: Vec<String> = (0..600).map(|i| format!("p/{i:03}.md")).collect();
        // In order, then a few out of order.
        queries.extend(
            [
                "p/300.md", "p/003.md", "p/999.md", "a.md", "p/597.md", "p/594.md",
            ]
            .map(String::from),
        );
        for query in &queries {
            let expected = items.binary_search(query).ok();
            assert_eq!(seek.find(query, String::as_str), expected, "{query}");
        }
        assert_eq!(
            Seek::new(&Vec::<String>::new()).find("x", String::as_str),
            None
        );
    }

    #[test]
    fn destinations_keep_tabs_and_line_breaks_out_of_the_format() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "[one](<b\tc.md>) and <a href=\"d.md#x\">d</a> and <https://x.example>, [e](d.md#y),\n\
             [f](#here), [g](http://x.example/a.md)\n",
        )
        .unwrap();
        assert_eq!(read(dir.path(), "a.md"), "b%09c.md\td.md");
    }
}
