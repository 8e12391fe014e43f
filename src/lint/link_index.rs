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

use std::collections::HashMap;
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
/// file; `names` finds the entries that may (a changed file's name in a destination).
/// None when the index cannot be read as `Repo::staged` reads it: the caller reads every
/// file instead.
pub(super) fn linking(
    root: &Path,
    repo: &Repo,
    paths: &[&String],
    names: &regex::bytes::Regex,
    changed: &Changed<'_>,
) -> Option<Linking> {
    let staged = repo.staged()?;
    let file = repo.git_dir().join("relman").join("links");
    let old = std::fs::read_to_string(&file).unwrap_or_default();
    let kept = parse(&old);
    let find = |path: &str| -> Option<&Staged> {
        let at = staged
            .binary_search_by(|e| e.path.as_str().cmp(path))
            .ok()?;
        Some(&staged[at])
    };
    let id_of = |path: &str| -> Option<String> {
        let entry = find(path)?;
        (entry.mode != SYMLINK && !path.contains(['\t', '\n', '\r'])).then(|| hex(&entry.id))
    };
    // Each path's entry: the one kept when its id is the staged one, else read now.
    let ids: Vec<Option<String>> = paths.iter().map(|p| id_of(p)).collect();
    let mut dests: Vec<Option<&str>> = paths
        .iter()
        .zip(&ids)
        .map(|(path, id)| {
            let (was, dests) = kept.get(path.as_str())?;
            (id.as_deref() == Some(*was)).then_some(*dests)
        })
        .collect();
    let stale: Vec<usize> = (0..paths.len()).filter(|&i| dests[i].is_none()).collect();
    let fresh: Vec<String> = par_map(&stale, |&i| read(root, paths[i]));
    for (&i, read) in stale.iter().zip(&fresh) {
        dests[i] = Some(read.as_str());
    }
    let links = paths
        .iter()
        .zip(&dests)
        .map(|(path, dests)| {
            let dests = dests.unwrap_or("");
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            names.is_match(dests.as_bytes())
                && dests.split('\t').any(|d| points_into(dir, d, changed))
        })
        .collect();
    if stale.iter().any(|&i| ids[i].is_some()) {
        // The entries kept for files still in the index, with the ones read now.
        let mut entries: HashMap<&str, (&str, &str), FxBuild> = kept
            .into_iter()
            .filter(|(path, _)| find(path).is_some())
            .collect();
        for (&i, read) in stale.iter().zip(&fresh) {
            if let Some(id) = &ids[i] {
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

/// The entries of the file's text, by path; none when its header is not this relman's.
fn parse(text: &str) -> HashMap<&str, (&str, &str), FxBuild> {
    let mut entries = HashMap::default();
    let Some(body) = text
        .strip_prefix(HEADER)
        .and_then(|rest| rest.strip_prefix('\n'))
    else {
        return entries;
    };
    for line in body.split_terminator('\n') {
        // `ID<TAB>PATH<TAB>DESTS`: an id is 40 hex digits.
        let (Some(id), Some(rest)) = (line.get(..40), line.get(41..)) else {
            continue;
        };
        let Some(tab) = memchr::memchr(b'\t', rest.as_bytes()) else {
            continue;
        };
        entries.insert(&rest[..tab], (id, &rest[tab + 1..]));
    }
    entries
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
        assert_eq!(kept.get("a.md"), Some(&(id, "b.md\tc.md#x")));
        assert_eq!(kept.get("none.md"), Some(&(id, "")));
        assert_eq!(kept.len(), 2, "{kept:?}");
        assert!(parse(&format!("relman-links 2 0.0.1\n{id}\ta.md\tb.md\n")).is_empty());
        assert!(parse("").is_empty());
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
