//! The link destinations of every tracked Markdown file, kept between runs of `relman lint
//! --changed-since` in the git directory (`.git/relman/links`), so that finding the files
//! that link into a changed file reads only the files whose content changed since the
//! last run, not the whole tree.
//!
//! An entry is keyed by the id of the file's staged content, as the git index has it: a
//! file that did not change since REV has that content in the working tree too (else it
//! would be a changed file), so an entry with the same id holds its links without reading
//! it. Symbolic links (their id is the link's text, not the content read through it) and
//! paths the format cannot hold are read every time. The file is one line per entry
//! (`ID<TAB>PATH<TAB>DEST<TAB>DEST…`) after a header naming relman's version: a file
//! written by another version, or unreadable, is rebuilt. It is written whole, to a
//! temporary file then renamed, and only when an entry changed; a git directory that
//! cannot be written leaves the lint as it is, only slower.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use super::changed::{has_scheme, par_map, points_into, Changed};
use super::document::Document;
use super::run::read_confined;
use super::FxBuild;
use crate::git::{Repo, Staged};

/// The first line of the file: its format and the relman that wrote it (a newer parser may
/// read other links).
const HEADER: &str = concat!("relman-links 2 ", env!("CARGO_PKG_VERSION"));

/// The mode git gives a symbolic link.
const SYMLINK: u32 = 0o120_000;

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
/// None when the index cannot be read as `Repo::staged` reads it: the caller reads every
/// file instead.
///
/// The kept file is searched for the names once, whole; only the entries where they occur
/// are split into destinations. Kept ids are compared with the staged ones as bytes.
pub(super) fn linking(
    root: &Path,
    repo: &Repo,
    paths: &[&String],
    (names, pattern): (&BTreeSet<String>, &regex::bytes::Regex),
    changed: &Changed<'_>,
) -> Option<Linking> {
    let staged = repo.staged()?;
    let file = repo.git_dir().join("relman").join("links");
    let old = std::fs::read(&file)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default();
    let kept = parse(&old);
    let mentioned = kept.mentioning(&old, names);
    let find = |path: &str| -> Option<&Staged> {
        let at = staged
            .binary_search_by(|e| e.path.as_str().cmp(path))
            .ok()?;
        Some(&staged[at])
    };
    // What an entry can be kept by: a file that is no symbolic link, with a path the format
    // holds.
    let keyed = |path: &str| -> Option<&Staged> {
        find(path).filter(|e| e.mode != SYMLINK && !path.contains(['\t', '\n', '\r']))
    };
    // Each path's entry: the one kept when its id is the staged one, else read now. The
    // paths come sorted, as the index and the file are: each lookup goes on from the last.
    let mut fresh_at: Vec<Option<usize>> = Vec::with_capacity(paths.len());
    let (mut in_staged, mut in_kept) = (Seek::new(&staged), Seek::new(&kept.entries));
    for path in paths {
        let at = in_staged
            .find(path, |e| e.path.as_str())
            .map(|i| &staged[i])
            .filter(|e| e.mode != SYMLINK && !path.contains(['\t', '\n', '\r']))
            .and_then(|entry| {
                let at = in_kept.find(path, |e| e.path)?;
                same_id(kept.entries[at].id, &entry.id).then_some(at)
            });
        fresh_at.push(at);
    }
    let stale: Vec<usize> = (0..paths.len())
        .filter(|&i| fresh_at[i].is_none())
        .collect();
    let fresh: Vec<String> = par_map(&stale, |&i| read(root, paths[i]));
    let mut read_now: Vec<Option<&str>> = vec![None; paths.len()];
    for (&i, read) in stale.iter().zip(&fresh) {
        read_now[i] = Some(read.as_str());
    }
    let links = paths
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let dests = match (fresh_at[i], read_now[i]) {
                (Some(at), _) if mentioned[at] => kept.entries[at].dests,
                (_, Some(dests)) if pattern.is_match(dests.as_bytes()) => dests,
                _ => return false,
            };
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            // Only a destination that holds a name can point into a changed file.
            dests
                .split('\t')
                .filter(|d| pattern.is_match(d.as_bytes()))
                .any(|d| points_into(dir, d, changed))
        })
        .collect();
    let ids: Vec<Option<String>> = stale
        .iter()
        .map(|&i| keyed(paths[i]).map(|e| hex(&e.id)))
        .collect();
    if ids.iter().any(Option::is_some) {
        // The entries kept for files still in the index, with the ones read now.
        let mut entries: HashMap<&str, (&str, &str), FxBuild> = kept
            .entries
            .iter()
            .filter(|e| find(e.path).is_some())
            .map(|e| (e.path, (e.id, e.dests)))
            .collect();
        for ((&i, read), id) in stale.iter().zip(&fresh).zip(&ids) {
            if let Some(id) = id {
                entries.insert(paths[i].as_str(), (id.as_str(), read.as_str()));
            }
        }
        let mut sorted: Vec<(&str, (&str, &str))> = entries.into_iter().collect();
        sorted.sort_unstable();
        let mut text = String::with_capacity(old.len().max(64));
        text.push_str(HEADER);
        text.push('\n');
        for (path, (id, dests)) in sorted {
            let _ = writeln!(text, "{id}\t{path}\t{dests}");
        }
        // Only a cache: a git directory that cannot be written costs speed, not the lint.
        let _ = write(&file, &text);
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
        self.from = at;
        (at < self.items.len() && key(&self.items[at]) == path).then_some(at)
    }
}

/// One entry of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Line<'a> {
    id: &'a str,
    path: &'a str,
    dests: &'a str,
}

/// The entries of the file, by path.
#[derive(Debug, Default)]
struct Kept<'a> {
    entries: Vec<Line<'a>>,
}

impl Kept<'_> {
    #[cfg(test)]
    fn find(&self, path: &str) -> Option<usize> {
        self.entries.binary_search_by(|e| e.path.cmp(path)).ok()
    }

    #[cfg(test)]
    fn get(&self, path: &str) -> Option<(&str, &str)> {
        self.find(path)
            .map(|i| (self.entries[i].id, self.entries[i].dests))
    }

    /// For each entry, whether one of `names` occurs in its destinations: one search of
    /// `text` (which the entries borrow from) per name, for every entry.
    fn mentioning(&self, text: &str, names: &BTreeSet<String>) -> Vec<bool> {
        let base = text.as_ptr() as usize;
        let offset = |s: &str| s.as_ptr() as usize - base;
        let mut by_place: Vec<(usize, usize)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (offset(e.dests), i))
            .collect();
        by_place.sort_unstable();
        let mut hits = vec![false; self.entries.len()];
        for name in names.iter().filter(|n| !n.is_empty()) {
            for at in memchr::memmem::find_iter(text.as_bytes(), name.as_bytes()) {
                // The entry whose destinations start last at or before the match.
                let k = by_place.partition_point(|&(start, _)| start <= at);
                if let Some(&(start, i)) = k.checked_sub(1).and_then(|k| by_place.get(k)) {
                    if at + name.len() <= start + self.entries[i].dests.len() {
                        hits[i] = true;
                    }
                }
            }
        }
        hits
    }
}

/// The entries of the file's text; none when its header is not this relman's.
fn parse(text: &str) -> Kept<'_> {
    let mut kept = Kept::default();
    let Some(body) = text
        .strip_prefix(HEADER)
        .and_then(|rest| rest.strip_prefix('\n'))
    else {
        return kept;
    };
    for line in body.split_terminator('\n') {
        // `ID<TAB>PATH<TAB>DESTS`: an id is 40 hex digits.
        let (Some(id), Some(rest)) = (line.get(..40), line.get(41..)) else {
            continue;
        };
        let Some(tab) = memchr::memchr(b'\t', rest.as_bytes()) else {
            continue;
        };
        kept.entries.push(Line {
            id,
            path: &rest[..tab],
            dests: &rest[tab + 1..],
        });
    }
    // Written sorted by path; a file put together otherwise is sorted here, and a path
    // twice keeps its first entry.
    if !kept.entries.is_sorted_by(|a, b| a.path < b.path) {
        kept.entries.sort_by(|a, b| a.path.cmp(b.path));
        kept.entries.dedup_by(|a, b| a.path == b.path);
    }
    kept
}

/// Whether 40 hex digits are `id`.
fn same_id(hex_id: &str, id: &[u8; 20]) -> bool {
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let bytes = hex_id.as_bytes();
    bytes.len() == 40
        && id.iter().enumerate().all(|(k, &b)| {
            digit(bytes[2 * k]).zip(digit(bytes[2 * k + 1])) == Some((b >> 4, b & 15))
        })
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

/// Lower-case hex of an id.
fn hex(id: &[u8; 20]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(40);
    for &b in id {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

/// Write `text` to `file` whole: to a temporary file beside it, then renamed over it. The
/// folder is made when missing, never followed when it is a symbolic link.
fn write(file: &Path, text: &str) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(file);
    match std::fs::symlink_metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => return Err(std::io::Error::other("not a folder")),
        Err(_) => std::fs::create_dir(dir)?,
    }
    let tmp = dir.join(format!("links.{}.tmp", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_of_another_version_or_format_is_not_read() {
        let id = "0123456789abcdef0123456789abcdef01234567";
        let ours = format!("{HEADER}\n{id}\ta.md\tb.md\tc.md#x\n{id}\tnone.md\t\nshort\tx.md\t\n");
        let kept = parse(&ours);
        assert_eq!(kept.get("a.md"), Some((id, "b.md\tc.md#x")));
        assert_eq!(kept.get("none.md"), Some((id, "")));
        assert_eq!(kept.entries.len(), 2, "{kept:?}");
        assert!(parse(&format!("relman-links 2 0.0.1\n{id}\ta.md\tb.md\n"))
            .entries
            .is_empty());
        assert!(parse("").entries.is_empty());
    }

    #[test]
    fn a_name_counts_in_an_entrys_destinations_not_in_its_path() {
        let id = "0123456789abcdef0123456789abcdef01234567";
        let text = format!(
            "{HEADER}\n{id}\tguide/setup.md\tintro.md\n{id}\tintro.md\t../x.md\n{id}\tz.md\tother.md\tsub/intro.md#a\n"
        );
        let kept = parse(&text);
        let names = BTreeSet::from(["intro.md".to_string()]);
        assert_eq!(kept.mentioning(&text, &names), [true, false, true]);
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
    fn kept_ids_are_compared_as_bytes() {
        let mut id = [0u8; 20];
        id[0] = 0xab;
        id[19] = 0x07;
        assert!(same_id(&hex(&id), &id));
        assert!(!same_id(&hex(&[0u8; 20]), &id));
        assert!(!same_id(&hex(&id).to_uppercase(), &id));
        assert!(!same_id("ab", &id));
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
