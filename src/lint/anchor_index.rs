//! The anchors of the pages a lint follows links into without linting them, kept between
//! runs in the git directory (`.git/relman/anchors`). A lint of a few files
//! (`--changed-since`, a pre-commit hook's staged files) checks their links' fragments
//! against pages it does not lint, and reading and parsing those pages costs more than
//! linting the files themselves.
//!
//! An entry is keyed by the id of a page's staged content and by a key the caller makes of
//! how its site makes anchors and of the file's size (`kind`). A page whose working-tree
//! file is what the index holds (its stat data says so) is answered from its entry; any
//! other page is read, as it would be without this file, and kept only when the bytes read
//! are the staged blob. The file is small (the pages such lints followed links into), read
//! whole, and written whole (to a new temporary file, then renamed) only when a page had no
//! entry; entries of content no longer staged are dropped then. A header names relman's
//! version: another version's file, or a damaged one, is written again (two builds of one
//! version share the file).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::{Anchors, FxBuild};

/// The file's first bytes: its format and the relman that wrote it (another may find other
/// anchors in the same page).
const MAGIC: &str = concat!("relman-anchors 1 ", env!("CARGO_PKG_VERSION"), "\n");

/// An entry: the content id (20 bytes), the kind (u64), where its anchors start and their
/// length (u32 each).
const ENTRY: usize = 36;

/// A longer file is not read (it is written again): a planted one costs no memory.
const MAX_LEN: u64 = 64 << 20;

/// The bytes of the regular file at `path` (never through a symbolic link, never from a FIFO
/// or device), when it is at most `max` bytes long.
pub(super) fn read_regular(path: &Path, max: u64) -> Option<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > max {
        return None;
    }
    let mut data = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(max + 1)
        .read_to_end(&mut data)
        .ok()?;
    (data.len() as u64 <= max).then_some(data)
}

/// What a page's entry holds: its flags (`Anchors::open` in bit 0, `Anchors::rendered` in
/// bit 1), and its anchors' names.
type Kept = (u8, Vec<String>);

/// The kept anchors, and those found in this run.
pub(super) struct AnchorIndex {
    data: Vec<u8>,
    count: usize,
    added: BTreeMap<([u8; 20], u64), Kept>,
}

impl AnchorIndex {
    /// The file at `path`, read (empty when there is none, or it cannot be read as one).
    pub(super) fn open(path: &Path) -> AnchorIndex {
        let data = read_regular(path, MAX_LEN).unwrap_or_default();
        let count = data
            .strip_prefix(MAGIC.as_bytes())
            .and_then(|rest| rest.get(..4))
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .and_then(|n| usize::try_from(n).ok())
            .filter(|&n| {
                n.checked_mul(ENTRY)
                    .and_then(|t| t.checked_add(MAGIC.len() + 4))
                    .is_some_and(|end| end <= data.len())
            });
        AnchorIndex {
            count: count.unwrap_or(0),
            data: if count.is_some() { data } else { Vec::new() },
            added: BTreeMap::new(),
        }
    }

    fn key(&self, i: usize) -> ([u8; 20], u64) {
        let at = MAGIC.len() + 4 + i * ENTRY;
        let mut id = [0u8; 20];
        id.copy_from_slice(&self.data[at..at + 20]);
        let mut kind = [0u8; 8];
        kind.copy_from_slice(&self.data[at + 20..at + 28]);
        (id, u64::from_le_bytes(kind))
    }

    /// Entry `i`'s anchors; None when they cannot be read back (a damaged file).
    fn entry(&self, i: usize) -> Option<Kept> {
        let at = MAGIC.len() + 4 + i * ENTRY + 28;
        let u32_at = |at: usize| -> Option<usize> {
            let b = self.data.get(at..at + 4)?;
            usize::try_from(u32::from_le_bytes([b[0], b[1], b[2], b[3]])).ok()
        };
        let (start, len) = (u32_at(at)?, u32_at(at + 4)?);
        let bytes = self.data.get(start..start.checked_add(len)?)?;
        let (&flags, names) = bytes.split_first()?;
        let names = std::str::from_utf8(names).ok()?;
        Some((
            flags,
            names
                .split('\0')
                .filter(|n| !n.is_empty())
                .map(String::from)
                .collect(),
        ))
    }

    /// The anchors kept for content `id` read as `kind`.
    pub(super) fn get(&self, id: &[u8; 20], kind: u64) -> Option<Anchors> {
        let want = (*id, kind);
        let (mut low, mut high) = (0, self.count);
        while low < high {
            let mid = low + (high - low) / 2;
            match self.key(mid).cmp(&want) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => {
                    let (flags, names) = self.entry(mid)?;
                    let mut anchors = Anchors::from_names(names);
                    anchors.open = flags & 1 != 0;
                    anchors.rendered = flags & 2 != 0;
                    return Some(anchors);
                }
            }
        }
        None
    }

    /// Keep `anchors`, found in content `id` read as `kind`. A name with a NUL in it (which
    /// the file could not hold) leaves the page to be read again next time.
    pub(super) fn add(&mut self, id: [u8; 20], kind: u64, anchors: &Anchors) {
        if anchors.iter().any(|n| n.contains('\0')) {
            return;
        }
        let names = anchors.iter().map(String::from).collect();
        let flags = u8::from(anchors.open) | (u8::from(anchors.rendered) << 1);
        self.added.insert((id, kind), (flags, names));
    }

    /// Write the file at `path` again when this run found anchors it did not hold, keeping
    /// the entries of content still `staged`. Only a cache: a git directory that cannot be
    /// written costs speed, not the lint.
    pub(super) fn save(self, path: &Path, staged: &HashSet<[u8; 20], FxBuild>) {
        if self.added.is_empty() {
            return;
        }
        let mut all: BTreeMap<([u8; 20], u64), Kept> = BTreeMap::new();
        for i in 0..self.count {
            let key = self.key(i);
            if staged.contains(&key.0) {
                if let Some(kept) = self.entry(i) {
                    all.insert(key, kept);
                }
            }
        }
        all.extend(self.added);
        if let Some(bytes) = encode(&all) {
            let _ = super::link_index::write(path, &bytes);
        }
    }
}

/// The file for `entries`; None when it would not fit the format (more than 4 GB).
fn encode(entries: &BTreeMap<([u8; 20], u64), Kept>) -> Option<Vec<u8>> {
    let u32_of = |n: usize| u32::try_from(n).ok().map(u32::to_le_bytes);
    let mut out = Vec::new();
    out.extend_from_slice(MAGIC.as_bytes());
    out.extend_from_slice(&u32_of(entries.len())?);
    let mut at = MAGIC.len() + 4 + entries.len() * ENTRY;
    let mut blobs: Vec<u8> = Vec::new();
    for ((id, kind), (flags, names)) in entries {
        let start = blobs.len();
        blobs.push(*flags);
        blobs.extend_from_slice(names.join("\0").as_bytes());
        let len = blobs.len() - start;
        out.extend_from_slice(id);
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&u32_of(at)?);
        out.extend_from_slice(&u32_of(len)?);
        at += len;
    }
    out.extend_from_slice(&blobs);
    u32_of(out.len())?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(first: u8) -> [u8; 20] {
        let mut id = [3u8; 20];
        id[0] = first;
        id
    }

    fn names(anchors: &Anchors) -> Vec<&str> {
        let mut names: Vec<&str> = anchors.iter().collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn anchors_kept_by_content_and_kind_are_read_back_and_old_content_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("relman").join("anchors");
        let mut index = AnchorIndex::open(&file);
        assert!(index.get(&id(1), 7).is_none(), "no file yet");
        let mut open = Anchors::from_names(["intro", "setup"]);
        open.open = true;
        index.add(id(1), 7, &Anchors::from_names(["intro", "usage", "faq"]));
        index.add(id(2), 7, &open);
        let rendered = Anchors {
            rendered: true,
            ..Anchors::default()
        };
        index.add(id(3), 7, &rendered);
        index.add(id(4), 7, &Anchors::from_names(["a\0b"]));
        let staged: HashSet<[u8; 20], FxBuild> = [id(1), id(2), id(3), id(4)].into_iter().collect();
        index.save(&file, &staged);

        let index = AnchorIndex::open(&file);
        assert_eq!(index.count, 3, "a name with a NUL is not kept");
        let first = index.get(&id(1), 7).unwrap();
        assert_eq!(names(&first), ["faq", "intro", "usage"]);
        assert!(!first.open && first.contains("usage"));
        assert!(index.get(&id(2), 7).unwrap().open);
        assert!(!index.get(&id(2), 7).unwrap().rendered);
        let third = index.get(&id(3), 7).unwrap();
        assert_eq!(third.iter().count(), 0);
        assert!(third.rendered && !third.open);
        assert!(index.get(&id(1), 8).is_none(), "another kind of page");
        assert!(index.get(&id(4), 7).is_none());

        // Written again with one more page: content no longer staged is dropped.
        let mut index = index;
        index.add(id(5), 9, &Anchors::from_names(["x"]));
        let staged: HashSet<[u8; 20], FxBuild> = [id(2), id(5)].into_iter().collect();
        index.save(&file, &staged);
        let index = AnchorIndex::open(&file);
        assert_eq!(index.count, 2);
        assert!(index.get(&id(1), 7).is_none());
        assert_eq!(names(&index.get(&id(5), 9).unwrap()), ["x"]);
    }

    #[test]
    fn only_a_regular_file_within_the_bound_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::write(&real, b"12345").unwrap();
        assert_eq!(read_regular(&real, 5).unwrap(), b"12345");
        assert!(read_regular(&real, 4).is_none(), "longer than the bound");
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&real, &link).unwrap();
            assert!(read_regular(&link, 100).is_none(), "a symbolic link");
            let fifo = dir.path().join("fifo");
            if std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .is_ok_and(|s| s.success())
            {
                assert!(read_regular(&fifo, 100).is_none(), "a FIFO, never opened");
            }
        }
        assert!(read_regular(dir.path(), 100).is_none(), "a folder");
    }

    #[test]
    fn a_damaged_or_foreign_file_holds_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("anchors");
        std::fs::write(&file, b"relman-anchors 0 0.0.0\nxxxx").unwrap();
        assert_eq!(AnchorIndex::open(&file).count, 0);
        // A count beyond the file's end.
        let mut bytes = MAGIC.as_bytes().to_vec();
        bytes.extend_from_slice(&1000u32.to_le_bytes());
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(AnchorIndex::open(&file).count, 0);
        // An entry whose anchors lie past the end is not found, and nothing panics.
        bytes.truncate(MAGIC.len());
        bytes.extend_from_slice(&1u32.to_le_bytes());
        bytes.extend_from_slice(&id(1));
        bytes.extend_from_slice(&7u64.to_le_bytes());
        bytes.extend_from_slice(&9999u32.to_le_bytes());
        bytes.extend_from_slice(&5u32.to_le_bytes());
        std::fs::write(&file, &bytes).unwrap();
        let index = AnchorIndex::open(&file);
        assert_eq!(index.count, 1);
        assert!(index.get(&id(1), 7).is_none());
    }
}
