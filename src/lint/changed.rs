//! `relman lint --changed-since REF`: of the files a whole lint would cover, only those a
//! change since REF can affect. A heading renamed or a file deleted breaks links in files
//! nobody touched, and a version file bumped makes version claims elsewhere wrong: those
//! files are linted too, which is what a lint of the changed files alone cannot catch.
//!
//! The choice is cheap where it can be. The links of every tracked file are kept between
//! runs (`link_index`): only the files whose content changed since the last run are read,
//! and only the entries that name a changed file are resolved. Without that index (an index
//! relman does not read), or when a version changed, every file is searched once for the
//! names of the changed files (and the versions that changed) as bytes; only the few that
//! mention one are parsed, to see whether a link of theirs really points into a changed file.

use std::collections::{BTreeSet, HashSet};

use anyhow::{anyhow, Result};

use super::document::Document;
use super::run::{read_confined, version_files};
use super::FxBuild;
use crate::workspace::Workspace;

/// The files chosen, and a line saying why.
pub(crate) struct Chosen {
    pub(crate) targets: Vec<String>,
    pub(crate) summary: String,
}

/// Choose among `targets` (what the lint would cover) the files a change since `rev` can
/// affect.
pub(crate) fn select(
    project: &Workspace,
    files: &super::FileSet,
    targets: &[std::borrow::Cow<'_, str>],
    rev: &str,
) -> Result<Chosen> {
    let repo = project.repo.as_ref().ok_or_else(|| {
        anyhow!(
            "--changed-since {rev}: {} is not a git repository, so nothing is known to have changed; lint without --changed-since",
            project.root.display()
        )
    })?;
    let changed = repo.changed_since(rev)?;
    // A folder is gone when no file the lint sees is in it (as a folder link resolves): one
    // emptied, or holding only ignored files, is gone although the disk still has it.
    let gone = |folder: &str| !files.is_dir(folder);
    let changed_set = Changed::new(changed.iter().map(String::as_str), &gone);

    // The versions that changed in a version file: the old one (at REV) and the new one.
    let mut versions: BTreeSet<String> = BTreeSet::new();
    for file in version_files(project)? {
        if !file.checked || !changed_set.contains(file.real.as_str()) {
            continue;
        }
        let old = repo
            .content_at(rev, &file.real)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let before = versions_in(&old);
        let now = versions_in(&file.text);
        versions.extend(before.symmetric_difference(&now).cloned());
    }
    let version_pattern = alternation(versions.iter().map(String::as_str), true);

    // The names a link into a changed file must hold: its file name, and for Markdown its
    // stem (clean URLs and site routes leave the extension out).
    let mut names: BTreeSet<String> = BTreeSet::new();
    for path in &changed {
        let name = path.rsplit('/').next().unwrap_or(path);
        names.insert(name.to_string());
        if let Some(stem) = markdown_stem(name) {
            names.insert(stem.to_string());
        }
        // A link to a folder (`guide/#intro`, `old/`) names the folder, not the file.
        for folder in reached_folders(path, &gone) {
            names.insert(folder.rsplit('/').next().unwrap_or(folder).to_string());
        }
    }
    // A link may write a name percent-encoded (`my%20file.md`).
    let encoded: Vec<String> = names
        .iter()
        .map(|n| percent_encode(n))
        .filter(|e| !names.contains(e))
        .collect();
    names.extend(encoded);
    let name_pattern = alternation(names.iter().map(String::as_str), false);

    let rest: Vec<&str> = targets
        .iter()
        .map(AsRef::as_ref)
        .filter(|p| !changed_set.contains(p))
        .collect();
    let direct = targets.len() - rest.len();
    let root = project.root.as_path();
    // With only links to follow, the kept link index answers; else each file is read as
    // bytes and searched once, on every core, and the few that mention a changed file are
    // parsed to see whether a link of theirs points into it.
    let indexed = match (&version_pattern, &name_pattern) {
        (None, Some(pattern)) => {
            super::link_index::linking(root, repo, &rest, (&names, pattern), &changed_set)
        }
        _ => None,
    };
    let mut how = String::new();
    let why: Vec<Why> = if let Some(found) = indexed {
        how = format!("; {} read, the others' links known", found.read);
        found
            .links
            .into_iter()
            .map(|links| if links { Why::Links } else { Why::No })
            .collect()
    } else if version_pattern.is_none() && name_pattern.is_none() {
        vec![Why::No; rest.len()]
    } else {
        par_map(&rest, |p| {
            why(
                root,
                p,
                version_pattern.as_ref(),
                name_pattern.as_ref(),
                &changed_set,
            )
        })
    };
    let mut chosen: Vec<String> = targets
        .iter()
        .filter(|p| changed_set.contains(p))
        .map(ToString::to_string)
        .collect();
    let (mut linking, mut versioned) = (0, 0);
    for (path, why) in rest.into_iter().zip(why) {
        match why {
            Why::No => continue,
            Why::Links => linking += 1,
            Why::Version => versioned += 1,
        }
        chosen.push(path.to_string());
    }
    chosen.sort();
    let summary = format!(
        "--changed-since {rev}: {} of {} file(s) linted: {direct} changed, {linking} linking into a changed file, {versioned} naming a version that changed ({} path(s) changed{how})",
        chosen.len(),
        targets.len(),
        changed.len()
    );
    Ok(Chosen {
        targets: chosen,
        summary,
    })
}

/// `f` of every item, on every core, in order.
pub(super) fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < 2 {
        return items.iter().map(&f).collect();
    }
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let chunk = items.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    })
}

/// Why a file that did not change is linted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    No,
    /// A link of its points into a changed file.
    Links,
    /// It names a version that changed.
    Version,
}

/// Whether the file at `path` must be linted, and why.
fn why(
    root: &std::path::Path,
    path: &str,
    versions: Option<&regex::bytes::Regex>,
    names: Option<&regex::bytes::Regex>,
    changed: &Changed<'_>,
) -> Why {
    let Ok(bytes) = read_confined(root, path) else {
        return Why::No;
    };
    if versions.is_some_and(|re| re.is_match(&bytes)) {
        return Why::Version;
    }
    if names.is_some_and(|re| may_link(&bytes, path, re, changed)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if links_into(&Document::parse(path, text), changed) {
            return Why::Links;
        }
    }
    Why::No
}

/// Whether one of the places where `names` finds a changed file's name in the bytes of the
/// file at `path` may be a link into it: the word around the name, cut where a link
/// destination ends (a bracket, a quote, blank space), is resolved as a link of the file's
/// folder would be. A word written in a way this cannot read as plain (an escape, an
/// entity, a template) may be one. Parsing the file (`links_into`) has the last word; this
/// only spares the parse of files that name a changed file's name for another file
/// (`../other/index.md`), as every folder's `index.md` does.
fn may_link(bytes: &[u8], path: &str, names: &regex::bytes::Regex, changed: &Changed<'_>) -> bool {
    let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let ends = |b: u8| {
        b.is_ascii_whitespace()
            || matches!(
                b,
                b'(' | b')' | b'[' | b']' | b'<' | b'>' | b'"' | b'\'' | b'`' | b'=' | b':'
            )
    };
    names.find_iter(bytes).any(|m| {
        let start = bytes[..m.start()]
            .iter()
            .rposition(|&b| ends(b))
            .map_or(0, |at| at + 1);
        let end = bytes[m.end()..]
            .iter()
            .position(|&b| ends(b))
            .map_or(bytes.len(), |at| m.end() + at);
        match std::str::from_utf8(&bytes[start..end]) {
            Ok(word) if !word.contains(['\\', '&', '{', '}', '%']) => {
                points_into(dir, word, changed)
            }
            _ => true,
        }
    })
}

/// `name` with every byte outside the unreserved set and `/` percent-encoded, as a link
/// may write it.
fn percent_encode(name: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(name.len());
    for &b in name.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `name` without its Markdown extension, if it has one.
fn markdown_stem(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (ext.eq_ignore_ascii_case("md")
        || ext.eq_ignore_ascii_case("markdown")
        || ext.eq_ignore_ascii_case("mdx"))
    .then_some(stem)
    .filter(|s| !s.is_empty())
}

/// One regex matching any of `literals` (none when there are none); `version` keeps a
/// match from being part of a longer number (`1.2.0` is not in `11.2.0` or `1.2.0.1`).
fn alternation<'a>(
    literals: impl Iterator<Item = &'a str>,
    version: bool,
) -> Option<regex::bytes::Regex> {
    let parts: Vec<String> = literals.map(regex::escape).collect();
    if parts.is_empty() {
        return None;
    }
    let body = parts.join("|");
    let pattern = if version {
        format!(r"(?:^|[^0-9.])(?:{body})(?:$|[^0-9.]|\.(?:$|[^0-9]))")
    } else {
        format!("(?:{body})")
    };
    regex::bytes::Regex::new(&pattern).ok()
}

/// The SemVer versions written in a text (`1.2.3`, `1.2.3-rc.1`), as written.
fn versions_in(text: &str) -> BTreeSet<String> {
    static VERSION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\b\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?\b").expect("a valid pattern")
    });
    VERSION
        .find_iter(text)
        .map(|m| m.as_str().to_string())
        .filter(|v| semver::Version::parse(v).is_ok())
        .collect()
}

/// Whether a link of `doc` (or a `href`/`src` of its HTML) points into a changed path.
fn links_into(doc: &Document, changed: &Changed<'_>) -> bool {
    super::link_index::destinations(doc)
        .iter()
        .any(|dest| points_into(doc.dir(), dest, changed))
}

/// The changed paths, indexed for the questions a link asks: the paths themselves, every
/// tail of them (`b/c.md` of `a/b/c.md`, for site-rooted links) and every folder above one.
pub(super) struct Changed<'a> {
    exact: HashSet<&'a str, FxBuild>,
    tails: HashSet<&'a str, FxBuild>,
    dirs: HashSet<&'a str, FxBuild>,
}

/// The folders that a change of `path` reaches: a link to a folder points into it when
/// the file is the folder's index page (`guide/README.md` for `guide/`), or when the folder
/// is gone (`gone`), and so every folder above it that is gone too. A page edited or
/// deleted beside others leaves a link to its folder as it was.
fn reached_folders<'p>(path: &'p str, gone: &dyn Fn(&str) -> bool) -> Vec<&'p str> {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let index = ["readme.md", "index.md", "_index.md"].contains(&name.as_str());
    let mut out = Vec::new();
    for (i, _) in path.rmatch_indices('/') {
        let folder = &path[..i];
        if !((out.is_empty() && index) || gone(folder)) {
            break;
        }
        out.push(folder);
    }
    out
}

impl<'a> Changed<'a> {
    /// The changed `paths`; `gone` says whether a folder is no longer there.
    pub(super) fn new(
        paths: impl IntoIterator<Item = &'a str>,
        gone: &dyn Fn(&str) -> bool,
    ) -> Changed<'a> {
        let mut index = Changed {
            exact: HashSet::default(),
            tails: HashSet::default(),
            dirs: HashSet::default(),
        };
        for path in paths {
            index.exact.insert(path);
            for (i, _) in path.match_indices('/') {
                index.tails.insert(&path[i + 1..]);
            }
            index.dirs.extend(reached_folders(path, gone));
        }
        index
    }

    fn contains(&self, path: &str) -> bool {
        self.exact.contains(path)
    }
}

/// Whether `dest`, a link written in a file of folder `dir`, points to a changed path (or
/// into a changed folder). Links with a scheme, and a file's own anchors, do not.
pub(super) fn points_into(dir: &str, dest: &str, changed: &Changed<'_>) -> bool {
    let dest = dest.split(['#', '?']).next().unwrap_or("");
    if dest.is_empty() || has_scheme(dest) {
        return false;
    }
    let decoded = super::broken_link::percent_decode(dest);
    // Zola's `@/page.md` is rooted at its content folder, which is not known here.
    let (rooted, path) = match decoded
        .strip_prefix("@/")
        .or_else(|| decoded.strip_prefix('/'))
    {
        Some(rest) => (true, super::broken_link::normalize("", rest).ok()),
        None => (false, super::broken_link::normalize(dir, &decoded).ok()),
    };
    let Some(path) = path else {
        return false;
    };
    let path = path.trim_end_matches('/');
    if !path.is_empty() && changed.dirs.contains(path) {
        return true;
    }
    let bare = path
        .strip_suffix(".html")
        .or_else(|| path.strip_suffix(".htm"))
        .unwrap_or(path);
    let mut forms = vec![path.to_string()];
    for suffix in [".md", "/README.md", "/index.md", ".markdown"] {
        forms.push(format!("{bare}{suffix}"));
    }
    // A site-rooted link: the site's folder is not known here, so any file that ends with
    // the link's path is the one it may mean.
    forms.iter().any(|f| {
        changed.exact.contains(f.as_str()) || (rooted && changed.tails.contains(f.as_str()))
    })
}

pub(super) fn has_scheme(dest: &str) -> bool {
    dest.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && !scheme.contains('/')
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }) || dest.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Changed paths in a tree where every folder is still there.
    fn set<'a>(paths: &[&'a str]) -> Changed<'a> {
        Changed::new(paths.iter().copied(), &|_| false)
    }

    #[test]
    fn a_link_points_into_a_changed_file_in_every_form_a_site_writes_it() {
        let changed = set(&["docs/guide/setup.md", "img/old.png", "docs/api/index.md"]);
        assert!(points_into("docs", "guide/setup.md#install", &changed));
        assert!(points_into("docs/guide", "./setup", &changed));
        assert!(points_into("docs/guide", "setup.html", &changed));
        assert!(points_into("docs/other", "../guide/setup.md", &changed));
        assert!(points_into("", "img/old.png", &changed));
        assert!(points_into("docs", "api/", &changed));
        assert!(
            points_into("docs/x", "/guide/setup", &changed),
            "site-rooted"
        );
        assert!(
            !points_into("", "docs/guide", &changed),
            "a folder one of whose pages (not its index) changed is as it was"
        );
        assert!(!points_into("docs", "guide/other.md", &changed));
        assert!(!points_into(
            "docs",
            "https://example.com/guide/setup.md",
            &changed
        ));
        assert!(!points_into("docs", "#setup", &changed));
        assert!(
            points_into("docs/blog", "@/guide/setup.md#x", &changed),
            "Zola's content-rooted link"
        );
        assert!(!points_into("", "../../outside.md", &changed));
    }

    #[test]
    fn a_link_to_a_folder_is_reached_by_its_index_page_or_by_the_folder_going() {
        // `docs/old/deep/page.md` deleted, and with it `docs/old/deep/` and `docs/old/`.
        let gone = |folder: &str| folder == "docs/old" || folder == "docs/old/deep";
        let changed = Changed::new(["docs/old/deep/page.md", "docs/guide/page.md"], &gone);
        assert!(points_into("docs", "old/deep/", &changed));
        assert!(points_into("docs", "old", &changed));
        assert!(!points_into("", "docs", &changed), "docs/ is still there");
        assert!(
            !points_into("docs", "guide/", &changed),
            "guide/ is still there"
        );
        assert_eq!(
            reached_folders("docs/old/deep/page.md", &gone),
            ["docs/old/deep", "docs/old"]
        );
        assert_eq!(
            reached_folders("docs/guide/README.md", &|_| false),
            ["docs/guide"]
        );
        assert!(reached_folders("docs/guide/page.md", &|_| false).is_empty());
        assert!(reached_folders("page.md", &|_| true).is_empty());
    }

    #[test]
    fn a_name_is_a_possible_link_only_where_it_may_resolve_to_the_changed_file() {
        let changed = set(&["docs/guide/index.md"]);
        let names = alternation(["index.md", "index", "guide"].into_iter(), false).unwrap();
        let may = |path: &str, text: &str| may_link(text.as_bytes(), path, &names, &changed);
        // Another folder's index, a word in prose, a URL: not this file.
        assert!(!may(
            "docs/api/a.md",
            "See [the API](index.md) and the index."
        ));
        assert!(!may("docs/a.md", "<https://example.com/guide/index.md>"));
        assert!(!may("docs/a.md", "[x](other/guide/page.md)"));
        // A link, a reference definition, HTML, the folder itself, a site-rooted link.
        assert!(may("docs/a.md", "See [the guide](guide/index.md#setup)."));
        assert!(may("docs/api/a.md", "[guide]:../guide/index.md"));
        assert!(may("docs/a.md", "<a href=\"guide/\">guide</a>"));
        assert!(may("docs/x/a.md", "[g](/guide/)"));
        // What cannot be read plainly may be a link.
        assert!(may("docs/a.md", "[g](guide%2Findex.md)"));
    }

    #[test]
    fn a_version_pattern_matches_the_version_not_a_longer_number() {
        let re = alternation(["1.2.0"].into_iter(), true).unwrap();
        assert!(re.is_match(b"install 1.2.0 now"));
        assert!(re.is_match(b"v1.2.0."));
        assert!(!re.is_match(b"11.2.0"));
        assert!(!re.is_match(b"1.2.0.1"));
        assert!(!re.is_match(b"1.2.01"));
        assert_eq!(
            versions_in("a 1.2.0 b 2.0.0-rc.1 c 1.2"),
            ["1.2.0", "2.0.0-rc.1"]
                .iter()
                .map(ToString::to_string)
                .collect()
        );
    }
}
