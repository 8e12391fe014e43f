//! `unknown-commit`: commit hashes cited in the docs. This rule's check only collects the
//! hashes that stand where a commit is meant (a `git log --oneline` line, "commit 9f3c2a1",
//! a changelog entry ending in "(9f3c2a1)", a Commit column of a table) and keeps them
//! (`Cited`); its cross-file step looks them all up in one batch and reports the ones that are
//! not in the history with `message`. It does no I/O and stays silent outside a repository.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

use super::{
    Class, Context, Document, Documents, Finished, History, Output, Place, Placed, Repository,
    Rule, Severity,
};

pub(crate) struct UnknownCommit;

const DOCS: &str = r#"## What it finds

A commit hash, cited as a commit, that is not in the repository's history. A hash is read as
a commit (in prose, inline code and code blocks alike) when it:

- starts a line followed by a subject, as `git log --oneline` prints it
  (`9f3c2a1 feat(api): add bulk export`, also after a list marker or in bold, and with a
  subject that starts with a version: `- **3b9d44f**: 1.17.2 release preparation`), except
  in a code block showing a shell session, where the lines after a `$ git log` prompt are
  the example's output;
- follows "commit", "commits" or "SHA" (`Commit: 9f3c2a1`, "commits 9f3c2a1 and 4b1e9c2",
  "reverts commit 9f3c2a1"), or "fixed in", "introduced in", "landed in" and the like;
- ends a list item in parentheses, as changelog generators write it
  (`- feat: add export (9f3c2a1)`, `([9f3c2a1](…/commit/9f3c2a1…))`);
- fills the Commit (or SHA, Hash) column of a table.

A candidate has 7 to 40 hex digits with at least one letter and one digit, and stands alone:
words such as `deadbeef`, numbers, parts of longer hex runs (`sha256:` digests, UUIDs), CSS
colours (`#abc123`), file names and URLs are never candidates. A hash whose link goes to a
commit page of another repository than the origin remote's is that repository's commit and
is not looked up here.

## Why

A release document that lists commits which are not in the history was written for another
branch, copied from another project, or refers to commits that were rewritten away: its
readers cannot find what it describes.

## Example

````markdown
```text
9f3c2a1 feat(api): add bulk export endpoint
```
````

warns when `9f3c2a1` is not a commit of this repository: `9f3c2a1` is cited as a commit but is
not in this repository's history.

## Code blocks

Code blocks are read too, but only the shapes above count: a hex dump, a container id in
`docker ps` output, an image layer in `docker pull` output (`cc5a81c29aab: Pull complete`)
or a hash in a command's output is not a cited commit. A shell session's prompt may be
`$`, `%`, `PS>`, `➜`, `❯`, `λ` or `user@host:~/dir$`.
"#;

impl Rule for UnknownCommit {
    fn id(&self) -> &'static str {
        "unknown-commit"
    }

    fn default_severity(&self) -> Severity {
        Severity::Warning
    }

    fn summary(&self) -> &'static str {
        "a commit hash cited in the docs that is not in the history"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn check(&self, doc: &Document, ctx: &Context, out: &mut Output) {
        if !ctx.in_repo {
            return;
        }
        let mut kept = Cited::default();
        let mut table = TableCache::default();
        // A changelog's sections of releases this repository never tagged, while it tags the
        // package's others: written where the package lived before (wagmi's connectors
        // came in with 2.x's sections, whose Changesets entries cite the old repository's
        // commits).
        let mut untagged: Option<Vec<Range<usize>>> = None;
        let mut line_end = 0;
        let mut cited: Vec<Range<usize>> = Vec::new();
        let bytes = doc.text.as_bytes();
        for range in hex_words(bytes) {
            if !is_candidate(bytes, range.clone()) {
                continue;
            }
            if !matches!(
                doc.class_at(range.start),
                Class::Prose | Class::InlineCode | Class::CodeBlock
            ) {
                continue;
            }
            if range.start >= line_end {
                let line = doc.line_col(range.start).0;
                line_end = doc.line_range(line).end.max(range.start + 1);
                cited = cited_in_line(doc, line, &mut table);
                cited.sort_by_key(|r| r.start);
            }
            if cited
                .binary_search_by_key(&range.start, |r| r.start)
                .is_ok_and(|i| cited[i] == range)
            {
                if links_elsewhere(doc, ctx, &range) {
                    continue;
                }
                let elsewhere = untagged.get_or_insert_with(|| untagged_sections(doc, ctx));
                if elsewhere.iter().any(|s| s.contains(&range.start)) {
                    kept.elsewhere += 1;
                    continue;
                }
                let hash = doc.text[range.clone()].to_ascii_lowercase();
                kept.commits.push((hash, Place::of(doc, range.start)));
            }
        }
        if !kept.commits.is_empty() || kept.elsewhere > 0 {
            out.keep(kept);
        }
    }

    /// Look every cited hash up, in one batch.
    fn finish(
        &self,
        docs: &mut Documents<'_>,
        _ctx: &Context,
        repository: &dyn Repository,
        out: &mut Finished,
    ) -> anyhow::Result<()> {
        let history = repository.history();
        if history == History::None {
            return Ok(());
        }
        let cited: Vec<(usize, Cited)> = (0..docs.len())
            .filter_map(|i| Some((i, docs.take::<Cited>(i)?)))
            .collect();
        for (i, c) in cited.iter().filter(|(_, c)| c.elsewhere > 0) {
            out.notes.push(format!(
                "unknown-commit: {} cited hash(es) in {}'s sections of releases this repository never tagged were not looked up (their commits may be in the repository the package came from)",
                c.elsewhere,
                docs.paths()[*i]
            ));
        }
        let mut hashes: Vec<String> = cited
            .iter()
            .flat_map(|(_, c)| c.commits.iter().map(|(hash, _)| hash.clone()))
            .collect();
        if hashes.is_empty() {
            return Ok(());
        }
        if history == History::Shallow {
            out.notes.push(format!(
                "unknown-commit: this is a shallow clone, so the {} cited commit hash(es) were not checked; fetch the whole history for a complete check",
                hashes.len()
            ));
            return Ok(());
        }
        hashes.sort();
        hashes.dedup();
        let unknown: HashSet<String> = repository.unknown_objects(&hashes)?.into_iter().collect();
        for (i, cited) in cited {
            for (hash, at) in cited.commits {
                if unknown.contains(&hash) {
                    out.findings.push((i, Placed::new(at, message(&hash))));
                }
            }
        }
        Ok(())
    }
}

/// What `unknown-commit` keeps of a document: the hashes it cites as commits (lower case),
/// and where.
#[derive(Debug, Default)]
pub(crate) struct Cited {
    pub(crate) commits: Vec<(String, Place)>,
    /// Hashes left out: cited in sections of releases never tagged here.
    pub(crate) elsewhere: usize,
}

/// The ranges of a changelog's sections whose release this repository never tagged, when
/// it tags the package's other releases (none otherwise, and none in other documents).
fn untagged_sections(doc: &Document, ctx: &Context) -> Vec<Range<usize>> {
    if !super::is_history(&doc.path) {
        return Vec::new();
    }
    let released = ctx.facts(&doc.path).released;
    if released.is_empty() {
        return Vec::new();
    }
    super::changelog::release_sections(doc)
        .into_iter()
        .filter_map(|(version, range)| {
            let version = version?;
            (!released
                .iter()
                .any(|r| r.cmp_precedence(&version) == std::cmp::Ordering::Equal))
            .then_some(range)
        })
        .collect()
}

/// Whether the hash at `range` is the text of a link to a commit page of another repository
/// than this one's origin (a changelog crediting an upstream fix).
fn links_elsewhere(doc: &Document, ctx: &Context, range: &Range<usize>) -> bool {
    let Some(own) = ctx.remote.as_deref() else {
        return false;
    };
    let i = doc.links.partition_point(|l| l.range.start <= range.start);
    doc.links[..i]
        .iter()
        .rev()
        .take(4)
        .filter(|l| l.range.end >= range.end)
        .any(|l| {
            let url = l.dest.to_ascii_lowercase();
            let Some(at) = url.find("/commit/") else {
                return false;
            };
            // Only a full URL names a repository; `../commit/…` is this one's.
            let Some((_, repo)) = url[..at].split_once("://") else {
                return false;
            };
            let repo = repo.trim_end_matches('/');
            // GitLab puts `/-/` before `commit/`.
            let repo = repo.strip_suffix("/-").unwrap_or(repo);
            repo != own
        })
}

/// The message for a cited hash the history does not know.
pub(crate) fn message(hash: &str) -> String {
    format!("`{hash}` is cited as a commit but is not in this repository's history")
}

/// The words of 7 to 40 hexadecimal digits with a digit among them in `bytes`, a word being
/// a run of ASCII letters, digits and `_`: what `(?-u:\b)[0-9a-fA-F]{7,40}(?-u:\b)` finds,
/// less the all-letter words (`deadbeef`, `accede`) that `is_candidate` turns down anyway.
/// This runs over every byte of every document, so it looks for digits 32 bytes at a time
/// (prose has few) and reads a word only around one: several times the pattern's speed.
fn hex_words(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut at = 0;
    std::iter::from_fn(move || loop {
        while let Some(chunk) = bytes.get(at..at + 32) {
            if chunk.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
                break;
            }
            at += 32;
        }
        while at < bytes.len() && !bytes[at].is_ascii_digit() {
            at += 1;
        }
        if at >= bytes.len() {
            return None;
        }
        // The word around the digit: the last word ended before `at`, so it starts after.
        let mut start = at;
        while start > 0 && word(bytes[start - 1]) {
            start -= 1;
        }
        while at < bytes.len() && word(bytes[at]) {
            at += 1;
        }
        let hex = bytes[start..at].iter().all(u8::is_ascii_hexdigit);
        if hex && (7..=40).contains(&(at - start)) {
            return Some(start..at);
        }
    })
}

/// Keywords after which hashes are commits.
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?-u:\b)(?:commits?|sha|(?:fixed|resolved|introduced|reverted|landed|merged|addressed|regressed|broken|cherry-picked|backported)[ \t]+(?:in|by|from))(?-u:\b)",
    )
    .unwrap()
});

/// What may stand between two hashes of one citation.
const CHAIN_SEPARATORS: &[&[u8]] = &[
    b", and ", b", or ", b", ", b" and ", b" or ", b" & ", b"...", b"..", b",", b" / ", b"/",
];

/// A hex run that may be a commit: 7–40 digits, a letter and a digit, one case, standing
/// alone (not part of a path, a URL, a version, a digest, a colour or a UUID).
fn is_candidate(s: &[u8], r: Range<usize>) -> bool {
    let token = &s[r.clone()];
    let letters = token.iter().filter(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters == token.len() {
        return false;
    }
    let lower = token.iter().any(u8::is_ascii_lowercase);
    let upper = token.iter().any(u8::is_ascii_uppercase);
    if lower && upper {
        return false;
    }
    if r.start > 0 {
        let prev = s[r.start - 1];
        // `9f3c2a1..4b1e9c2` is a range of commits; `v1.4b1e9c2` is not.
        let range = prev == b'.' && r.start > 1 && s[r.start - 2] == b'.';
        if !range
            && matches!(
                prev,
                b'-' | b':' | b'#' | b'/' | b'.' | b'@' | b'=' | b'$' | b'%' | b'&' | b'+' | b'\\'
            )
        {
            return false;
        }
    }
    match s.get(r.end) {
        Some(b'-' | b'/' | b'@' | b'=' | b'_' | b'%' | b'+' | b'\\') => false,
        Some(b'.') => !s.get(r.end + 1).is_some_and(u8::is_ascii_alphanumeric),
        _ => true,
    }
}

/// The ranges (absolute) of the hashes cited as commits in one line.
fn cited_in_line(doc: &Document, line: usize, table: &mut TableCache) -> Vec<Range<usize>> {
    let range = doc.line_range(line);
    let base = range.start;
    let text = &doc.text.as_bytes()[range.clone()];
    let mut cited = Vec::new();
    // In a shell session shown in a block (a `$ git log` prompt line), the lines after the
    // prompt are the command's output: an example, not a citation.
    if !in_shell_session(doc, base) {
        oneline(text, base, &mut cited);
    }
    keyword_chains(text, base, &mut cited);
    trailing_paren(text, base, &mut cited);
    table_cell(doc, line, text, base, table, &mut cited);
    cited
}

/// Whether `at` lies in a code block that shows a shell session: one of its lines before `at`
/// is a prompt (`$ cmd`, `% cmd`, `PS> cmd`, `> cmd` in a console block).
fn in_shell_session(doc: &Document, at: usize) -> bool {
    let Some(block) = doc
        .code_blocks
        .iter()
        .find(|b| b.content.start <= at && at < b.content.end.max(b.content.start + 1))
    else {
        return false;
    };
    doc.text[block.content.start..at.min(block.content.end)]
        .lines()
        .any(|l| {
            let l = l.trim_start();
            ["$ ", "% ", "PS> ", "PS ", "➜ ", "❯ ", "λ "]
                .iter()
                .any(|p| l.starts_with(p))
                || user_at_host_prompt(l)
        })
}

/// `user@host:~/dir$ cmd` (or `#` for root): a prompt with the user and the host in it.
fn user_at_host_prompt(line: &str) -> bool {
    let Some(end) = line.find(['$', '#']) else {
        return false;
    };
    let prompt = &line[..end];
    line[end + 1..].starts_with(' ')
        && !prompt.contains(char::is_whitespace)
        && prompt
            .split_once('@')
            .is_some_and(|(user, rest)| !user.is_empty() && rest.contains(':'))
}

/// Whether what follows a hash is a progress line of `docker pull` (`cc5a81c29aab: Pull
/// complete`): an image layer's id, not a commit.
fn docker_layer(subject: &[u8]) -> bool {
    [
        b"Pull complete".as_slice(),
        b"Already exists",
        b"Pulling fs layer",
        b"Waiting",
        b"Verifying Checksum",
        b"Download complete",
        b"Downloading",
        b"Extracting",
        b"Pushed",
        b"Layer already exists",
        b"Preparing",
        b"Mounted from",
    ]
    .iter()
    .any(|p| subject.starts_with(p))
}

/// The maximal hex run at `i`, if it is a candidate.
fn hex_at(s: &[u8], i: usize) -> Option<Range<usize>> {
    let mut end = i;
    while s.get(end).is_some_and(u8::is_ascii_hexdigit) {
        end += 1;
    }
    let len = end - i;
    let alone = i == 0 || !s[i - 1].is_ascii_alphanumeric();
    (alone
        && (7..=40).contains(&len)
        && !s.get(end).is_some_and(u8::is_ascii_alphanumeric)
        && is_candidate(s, i..end))
    .then_some(i..end)
}

/// Skip an inline link's destination `(…)` and closing marks after a hash.
fn skip_closers(s: &[u8], mut i: usize) -> usize {
    loop {
        match s.get(i) {
            Some(b'`' | b']' | b'*' | b'_') => i += 1,
            Some(b'(') if i > 0 && s[i - 1] == b']' => {
                // A link destination; bounded so that odd lines stay linear.
                let window = &s[i..s.len().min(i + 512)];
                match window.iter().position(|&b| b == b')') {
                    Some(p) => i += p + 1,
                    None => return i,
                }
            }
            _ => return i,
        }
    }
}

/// Whether a line starts with a hash and a subject, as `git log --oneline` prints it.
pub(crate) fn starts_with_commit(line: &[u8]) -> bool {
    let mut cited = Vec::new();
    oneline(line, 0, &mut cited);
    !cited.is_empty()
}

/// `9f3c2a1 subject`, after optional indentation, quote marks, a list marker, `[` or a backtick.
fn oneline(s: &[u8], base: usize, cited: &mut Vec<Range<usize>>) {
    let mut i = 0;
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'>') {
        i += 1;
    }
    if i + 1 < s.len() && matches!(s[i], b'-' | b'*' | b'+') && s[i + 1] == b' ' {
        i += 2;
    } else {
        let digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if digits > 0
            && digits < 10
            && matches!(s.get(i + digits), Some(b'.' | b')'))
            && s.get(i + digits + 1) == Some(&b' ')
        {
            i += digits + 2;
        }
    }
    while i < s.len() && matches!(s[i], b' ' | b'[' | b'`' | b'*') {
        i += 1;
    }
    let Some(hash) = hex_at(s, i) else {
        return;
    };
    let mut j = skip_closers(s, hash.end);
    let colon = s.get(j) == Some(&b':');
    if colon {
        j += 1;
    }
    // Exactly one space, then a subject that starts like words (not a hex dump, not columns).
    if s.get(j) != Some(&b' ') {
        return;
    }
    let subject = &s[j + 1..];
    let Some(&first) = subject.first() else {
        return;
    };
    if colon && docker_layer(subject) {
        return;
    }
    let starts_like_text = first.is_ascii_alphabetic()
        || matches!(first, b'(' | b'[' | b'"' | b'\'' | b'*' | b'`')
        || first >= 0x80
        || starts_with_version(subject);
    if !starts_like_text {
        return;
    }
    let word: Vec<u8> = subject
        .iter()
        .take_while(|b| !b.is_ascii_whitespace())
        .copied()
        .collect();
    // A second hex number (a hex dump's column); a word spelt in hex letters alone
    // (`Added`, `Decade`) is a subject's first word.
    if word.len() >= 4
        && word.iter().all(u8::is_ascii_hexdigit)
        && word.iter().any(u8::is_ascii_digit)
    {
        return;
    }
    if !starts_with_version(subject)
        && !subject
            .split(|b| !b.is_ascii_alphabetic())
            .any(|w| w.len() >= 2)
    {
        return;
    }
    cited.push(base + hash.start..base + hash.end);
}

/// Whether a subject starts with a version and a space (`1.17.2 release preparation`, `v2.0.0
/// bump`): a release commit's subject, not a column of numbers.
fn starts_with_version(subject: &[u8]) -> bool {
    let s = subject.strip_prefix(b"v").unwrap_or(subject);
    let digits = |s: &[u8]| s.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut i = digits(s);
    if i == 0 {
        return false;
    }
    let mut dots = 0;
    while s.get(i) == Some(&b'.') && digits(&s[i + 1..]) > 0 {
        i += 1 + digits(&s[i + 1..]);
        dots += 1;
    }
    dots >= 2 && matches!(s.get(i), None | Some(b' ' | b':' | b',' | b'\n' | b'\r'))
}

/// "commit 9f3c2a1", "Commit: `9f3c2a1`", "commits 9f3c2a1, 4b1e9c2 and 7d0e1f3",
/// "commits 9f3c2a1..4b1e9c2", "fixed in 9f3c2a1".
fn keyword_chains(s: &[u8], base: usize, cited: &mut Vec<Range<usize>>) {
    for m in KEYWORD.find_iter(s) {
        // "…/commit/9f3c2a1": a URL, not prose.
        if m.start() > 0 && matches!(s[m.start() - 1], b'/' | b'-' | b'_' | b'.') {
            continue;
        }
        // "upgrade libuv to commit 835782a", "pinned at commit …": another project's commit.
        let before = s[..m.start()].trim_ascii_end();
        if before.len() >= 3 {
            let tail = before[before.len() - 3..].to_ascii_lowercase();
            if tail == b" to" || tail == b" at" || before.eq_ignore_ascii_case(b"to") {
                continue;
            }
        }
        let mut i = m.end();
        loop {
            while i < s.len() && matches!(s[i], b' ' | b'\t' | b':' | b'*' | b'_' | b'`' | b'[') {
                i += 1;
            }
            let Some(hash) = hex_at(s, i) else {
                break;
            };
            cited.push(base + hash.start..base + hash.end);
            i = skip_closers(s, hash.end);
            // A list separator continues the chain.
            let rest = &s[i..];
            match CHAIN_SEPARATORS.iter().find(|sep| rest.starts_with(sep)) {
                Some(sep) => i += sep.len(),
                None => break,
            }
        }
    }
}

/// A list item ending in `(9f3c2a1)`, `([9f3c2a1](url))` or `(9f3c2a1), closes #12`.
fn trailing_paren(s: &[u8], base: usize, cited: &mut Vec<Range<usize>>) {
    let trimmed = s.iter().position(|b| !matches!(b, b' ' | b'\t' | b'>'));
    let Some(start) = trimmed else {
        return;
    };
    let item = &s[start..];
    let is_item = (item.len() > 2 && matches!(item[0], b'-' | b'*' | b'+') && item[1] == b' ') || {
        let digits = item.iter().take_while(|b| b.is_ascii_digit()).count();
        digits > 0 && matches!(item.get(digits), Some(b'.' | b')'))
    };
    if !is_item {
        return;
    }
    let mut i = start + 2;
    while let Some(p) = s[i..].iter().position(|&b| b == b'(') {
        let open = i + p;
        i = open + 1;
        let mut j = open + 1;
        while j < s.len() && matches!(s[j], b'[' | b'`') {
            j += 1;
        }
        let Some(hash) = hex_at(s, j) else {
            continue;
        };
        let k = skip_closers(s, hash.end);
        if s.get(k) != Some(&b')') {
            continue;
        }
        let rest = std::str::from_utf8(&s[k + 1..]).unwrap_or("").trim();
        let lower = rest.to_ascii_lowercase();
        let tail_ok = rest.is_empty()
            || [
                ", closes",
                ", fixes",
                ", refs",
                ", resolves",
                ", close",
                ", fix",
            ]
            .iter()
            .any(|w| lower.starts_with(w));
        if tail_ok {
            cited.push(base + hash.start..base + hash.end);
        }
    }
}

/// What we know of the table being read: the line of its header and its commit columns.
#[derive(Default)]
struct TableCache {
    /// (first row line, last row line seen, commit column indexes)
    table: Option<(usize, usize, Vec<usize>)>,
}

const COMMIT_COLUMNS: &[&str] = &[
    "commit",
    "commits",
    "sha",
    "hash",
    "commit hash",
    "commit sha",
    "revision",
    "rev",
];

fn cells(line: &str) -> Vec<(usize, &str)> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let Some(inner) = trimmed.strip_prefix('|') else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut offset = lead + 1;
    for cell in inner.split('|') {
        out.push((offset, cell));
        offset += cell.len() + 1;
    }
    out
}

fn table_cell(
    doc: &Document,
    line: usize,
    s: &[u8],
    base: usize,
    cache: &mut TableCache,
    cited: &mut Vec<Range<usize>>,
) {
    let text = std::str::from_utf8(s).unwrap_or("");
    if !text.trim_start().starts_with('|') {
        return;
    }
    // Find the header: walk up over rows (stopping at rows already seen).
    // The cached table still holds this row when every line since its last row is a row.
    let same_table = cache.table.as_ref().is_some_and(|(_, last, _)| {
        *last <= line && (*last + 1..line).all(|l| doc.line_text(l).trim_start().starts_with('|'))
    });
    let columns = match &cache.table {
        Some((header, _, cols)) if same_table => {
            let (header, cols) = (*header, cols.clone());
            cache.table = Some((header, line, cols.clone()));
            cols
        }
        _ => {
            let mut l = line;
            while l > 1 && doc.line_text(l - 1).trim_start().starts_with('|') {
                l -= 1;
            }
            let header = doc.line_text(l);
            let delimiter = doc.line_text(l + 1);
            let is_delimiter = delimiter.contains('-')
                && delimiter
                    .chars()
                    .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'));
            let cols: Vec<usize> = if is_delimiter {
                cells(header)
                    .iter()
                    .enumerate()
                    .filter(|(_, (_, c))| {
                        let c = c.trim().trim_matches(['*', '_', '`']).trim().to_lowercase();
                        COMMIT_COLUMNS.contains(&c.as_str())
                    })
                    .map(|(i, _)| i)
                    .collect()
            } else {
                Vec::new()
            };
            cache.table = Some((l, line, cols.clone()));
            cols
        }
    };
    if columns.is_empty() {
        return;
    }
    for (index, (offset, cell)) in cells(text).into_iter().enumerate() {
        if !columns.contains(&index) {
            continue;
        }
        let lead = cell.len() - cell.trim_start().len();
        let mut i = offset + lead;
        while i < s.len() && matches!(s[i], b'[' | b'`') {
            i += 1;
        }
        if let Some(hash) = hex_at(s, i) {
            let end = skip_closers(s, hash.end);
            if s[end..]
                .iter()
                .take_while(|&&b| b != b'|')
                .all(u8::is_ascii_whitespace)
            {
                cited.push(base + hash.start..base + hash.end);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_words_are_what_the_word_bounded_pattern_finds() {
        let pattern = Regex::new(r"(?-u:\b)[0-9a-fA-F]{7,40}(?-u:\b)").unwrap();
        // A deterministic mix of hex, other letters, `_`, punctuation and UTF-8.
        let alphabet: Vec<&[u8]> = vec![
            b"a",
            b"F",
            b"3",
            b"0",
            b"g",
            b"_",
            b" ",
            b".",
            b"-",
            "é".as_bytes(),
            b"\n",
            b"z",
        ];
        let mut seed = 0x2545_f491_u64;
        for _ in 0..2000 {
            let mut text = Vec::new();
            for _ in 0..(seed % 97) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                // Long hex runs are what matter: most picks are hex.
                let pick = usize::try_from(seed % 20).unwrap();
                text.extend_from_slice(alphabet[if pick < 12 { pick % 4 } else { pick - 8 }]);
            }
            let expected: Vec<Range<usize>> = pattern
                .find_iter(&text)
                .map(|m| m.range())
                .filter(|r| text[r.clone()].iter().any(u8::is_ascii_digit))
                .collect();
            assert_eq!(hex_words(&text).collect::<Vec<_>>(), expected, "{text:?}");
        }
        let words: Vec<_> =
            hex_words(b"see 3b9d44f, not 3b9d44g, 3b9d4 or deadbeefcafe; x_ab12cd34").collect();
        assert_eq!(words, vec![4..11]);
        // Past a 32-byte stretch without digits.
        let long = format!("{} 0a1b2c3d4e", "word ".repeat(20));
        assert_eq!(hex_words(long.as_bytes()).count(), 1);
    }
    use crate::lint::{Context, Document, Rule};

    fn ctx() -> Context {
        Context {
            in_repo: true,
            ..Context::default()
        }
    }

    /// The hashes a check kept, and where.
    fn cited(out: &Output) -> &[(String, Place)] {
        out.kept::<Cited>().map_or(&[], |c| c.commits.as_slice())
    }

    /// Render the candidates as the runner would if none of them were in the history: the
    /// format of `fixtures/lint/unknown-commit/bad.expected`.
    fn render(path: &str, text: &str, ctx: &Context) -> String {
        let doc = Document::parse(path, text.to_string());
        let mut out = Output::default();
        UnknownCommit.check(&doc, ctx, &mut out);
        assert!(out.findings.is_empty());
        let mut lines: Vec<(usize, usize, String)> = cited(&out)
            .iter()
            .map(|(hash, at)| {
                let (line, column) = (at.line, at.column);
                (
                    line,
                    column,
                    format!("{line}:{column} warning unknown-commit: {}", message(hash)),
                )
            })
            .collect();
        lines.sort();
        lines.into_iter().map(|(_, _, l)| l + "\n").collect()
    }

    fn hashes(text: &str) -> Vec<String> {
        let doc = Document::parse("a.md", text.to_string());
        let mut out = Output::default();
        UnknownCommit.check(&doc, &ctx(), &mut out);
        cited(&out).iter().map(|(h, _)| h.clone()).collect()
    }

    #[test]
    fn links_to_another_repositorys_commits_are_its_own() {
        let text = "- fix: relative ([`5e6f7a8`](../../commit/5e6f7a8))\n- fix: upstream ([`9f3c2a1`](https://github.com/other/lib/commit/9f3c2a1))\n- fix: ours ([`4b1e9c2`](https://GitHub.com/acme/relman/commit/4b1e9c2))\n- fix: gitlab ([`7d0e3f4`](https://gitlab.com/acme/relman/-/commit/7d0e3f4))\n";
        let doc = Document::parse("CHANGELOG.md", text.to_string());
        let found = |remote: Option<&str>| {
            let mut out = Output::default();
            let ctx = Context {
                remote: remote.map(str::to_string),
                ..ctx()
            };
            UnknownCommit.check(&doc, &ctx, &mut out);
            cited(&out)
                .iter()
                .map(|(h, _)| h.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            found(Some("github.com/acme/relman")),
            ["5e6f7a8", "4b1e9c2"]
        );
        assert_eq!(
            found(Some("gitlab.com/acme/relman")),
            ["5e6f7a8", "7d0e3f4"]
        );
        // Without a known remote every cited hash is looked up.
        assert_eq!(found(None), ["5e6f7a8", "9f3c2a1", "4b1e9c2", "7d0e3f4"]);
    }

    #[test]
    fn a_release_commit_whose_subject_is_a_version_is_a_citation() {
        assert_eq!(
            hashes("- **3b9d44fd5**: 1.17.2 release preparation\n- abc1236 1.2.0 bump\n- 0a1b2c3 v2.0.0: cut\n- 0a1b2c4 1.2.0\n- **0a1b2c5**: v1.3.0\n"),
            ["3b9d44fd5", "abc1236", "0a1b2c3", "0a1b2c4", "0a1b2c5"]
        );
        // Numbers are not a version and a subject.
        assert!(hashes("0a1b2c3 12 34 56\n0a1b2c3 1.5 MB\n").is_empty());
    }

    #[test]
    fn a_subject_whose_first_word_is_spelt_in_hex_letters_is_a_citation() {
        // Changesets' entries (wagmi): `Added` and `Decade` are words; `7f45` is a column.
        assert_eq!(
            hashes("- 131a337: Added Desig Wallet name mapping.\n- e089d7d: Decade of fixes\n"),
            ["131a337", "e089d7d"]
        );
        assert!(hashes("0a1b2c3 7f45 4c46 0201\n").is_empty());
    }

    #[test]
    fn git_log_output_in_a_shown_shell_session_is_an_example() {
        let session = "```console\n$ git log --oneline\n3b9d44f fix: something\n```\n";
        assert!(hashes(session).is_empty());
        // Without a prompt, a block of log lines is what the document cites.
        assert_eq!(
            hashes("```text\n3b9d44f fix: something\n```\n"),
            ["3b9d44f"]
        );
        // Other prompts: oh-my-zsh's, starship's, `user@host:dir$`.
        for prompt in ["➜  ~ git log", "❯ git log", "dev@box:~/src$ git log"] {
            let session = format!("```\n{prompt}\n3b9d44f fix: something\n```\n");
            assert!(hashes(&session).is_empty(), "{prompt}");
        }
        assert!(!user_at_host_prompt("a@b.c: see # 3"));
        // Image layers in `docker pull` output are no commits, prompt or not.
        assert!(
            hashes("```\ncc5a81c29aab: Pull complete\n81c62728355f: Already exists\n```\n")
                .is_empty()
        );
        // A commit whose subject starts with the same word is still one.
        assert_eq!(hashes("- 3b9d44f Preparing the 2.0 release\n"), ["3b9d44f"]);
        // A keyword still cites in a session.
        assert_eq!(
            hashes("```console\n$ git show x\nReverts commit 3b9d44f\n```\n"),
            ["3b9d44f"]
        );
    }

    #[test]
    fn fixtures() {
        let ok = include_str!("../../fixtures/lint/unknown-commit/ok.md");
        assert_eq!(render("ok.md", ok, &ctx()), "");
        let bad = include_str!("../../fixtures/lint/unknown-commit/bad.md");
        let expected = include_str!("../../fixtures/lint/unknown-commit/bad.expected");
        assert_eq!(render("bad.md", bad, &ctx()), expected);
    }

    #[test]
    fn worked_example() {
        let text = include_str!("../../fixtures/lint/version-mismatch/release_readiness.md");
        assert_eq!(
            render("docs/RELEASE_READINESS.md", text, &ctx()),
            "16:1 warning unknown-commit: `9f3c2a1` is cited as a commit but is not in this repository's history\n\
             17:1 warning unknown-commit: `4b1e9c2d7` is cited as a commit but is not in this repository's history\n"
        );
    }

    #[test]
    fn silent_outside_a_repository() {
        let doc = Document::parse("a.md", "Commit: 9f3c2a1\n".to_string());
        let mut out = Output::default();
        UnknownCommit.check(&doc, &Context::default(), &mut out);
        assert!(cited(&out).is_empty());
    }

    #[test]
    fn contexts() {
        assert_eq!(hashes("Commit: 9F3C2A1\n"), ["9f3c2a1"]);
        assert_eq!(
            hashes("See commits 9f3c2a1, 4b1e9c2 and `7d0e1f3`.\n"),
            ["9f3c2a1", "4b1e9c2", "7d0e1f3"]
        );
        assert_eq!(hashes("commits 9f3c2a1..4b1e9c2\n"), ["9f3c2a1", "4b1e9c2"]);
        assert_eq!(hashes("- feat: add export (9f3c2a1)\n"), ["9f3c2a1"]);
        assert!(hashes("The id 9f3c2a1 is random.\n").is_empty());
        assert!(hashes("commit deadbeef and 1234567\n").is_empty());
        assert!(hashes("commit 9F3c2a1\n").is_empty());
        assert!(hashes("digest sha256:9f3c2a19f3c2a1 and commit #abc1234\n").is_empty());
    }

    #[test]
    fn message_names_the_hash() {
        assert_eq!(
            message("9f3c2a1"),
            "`9f3c2a1` is cited as a commit but is not in this repository's history"
        );
    }
}
