//! Commit messages as data. This module owns parsing a commit message (`&str`) into a
//! Conventional Commits 1.0.0 [`Commit`] (type, scope, `!`, description, body, footers,
//! breaking flag, revert details), or into one of the other well-known shapes of real
//! histories (git's own revert messages, autosquash `fixup!`/`squash!`/`amend!`, merge
//! messages), or into a [`Rejection`] that says what is wrong and at which line and column.
//! It also cleans a raw commit-msg hook file the way `git commit --cleanup=strip` does.
//! It must stay pure: no I/O, no git, no printing, and no version policy (the version engine
//! decides what a parsed commit means for a release).

use std::collections::HashSet;
use std::fmt;

/// The footer token everyone agrees on; `BREAKING-CHANGE` is its synonym.
pub(crate) const BREAKING_CHANGE: &str = "BREAKING CHANGE";
/// The hyphenated synonym of [`BREAKING_CHANGE`], valid as a git trailer token.
pub(crate) const BREAKING_CHANGE_HYPHEN: &str = "BREAKING-CHANGE";

/// The line git writes into the commit template; it and everything below it are not part of
/// the message (after the comment character and a space).
const SCISSORS: &str = "------------------------ >8 ------------------------";

const MISSING_TYPE: &str =
    "missing type: expected `type(scope): description`, e.g. `fix: correct typo`";

/// How a footer's token is separated from its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Separator {
    /// `Token: value`
    Colon,
    /// `Token #value` (the `#` is not part of the value)
    Hash,
}

impl Separator {
    /// The separator as written between token and value: `": "` or `" #"`.
    #[cfg(test)]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Separator::Colon => ": ",
            Separator::Hash => " #",
        }
    }
}

/// One footer (git trailer). `value` may span several lines; it is trimmed at both ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Footer {
    pub(crate) token: String,
    pub(crate) separator: Separator,
    pub(crate) value: String,
}

impl Footer {
    /// Whether this is a `BREAKING CHANGE` / `BREAKING-CHANGE` footer.
    pub(crate) fn is_breaking(&self) -> bool {
        is_breaking_token(&self.token)
    }
}

/// What a revert commit reverts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Revert {
    /// The reverted commit's header when known.
    pub(crate) subject: Option<String>,
    /// Hashes from `This reverts commit <hex>.` lines and hex `Refs:` footer values,
    /// in order of appearance, without duplicates, as written.
    pub(crate) ids: Vec<String>,
}

/// A Conventional Commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Commit {
    /// The type, lower-cased (types are case-insensitive).
    pub(crate) kind: String,
    /// The scope as written, trimmed.
    pub(crate) scope: Option<String>,
    /// `!` before the colon.
    pub(crate) bang: bool,
    /// `bang`, or a `BREAKING CHANGE` / `BREAKING-CHANGE` footer.
    pub(crate) breaking: bool,
    pub(crate) description: String,
    /// Paragraphs between the header and the footers; `None` if empty.
    pub(crate) body: Option<String>,
    pub(crate) footers: Vec<Footer>,
    /// Set when `kind == "revert"`.
    pub(crate) revert: Option<Revert>,
}

impl Commit {
    /// The header, rebuilt: `feat(api)!: description` (with the lower-cased type).
    pub(crate) fn header(&self) -> String {
        let mut header = self.kind.clone();
        if let Some(scope) = &self.scope {
            header.push('(');
            header.push_str(scope);
            header.push(')');
        }
        if self.bang {
            header.push('!');
        }
        header.push_str(": ");
        header.push_str(&self.description);
        header
    }

    /// The values of the breaking-change footers; when there are none (only `!`), the
    /// description. Empty when the commit is not breaking.
    pub(crate) fn breaking_notes(&self) -> Vec<&str> {
        let notes: Vec<&str> = self
            .footers
            .iter()
            .filter(|f| f.is_breaking() && !f.value.is_empty())
            .map(|f| f.value.as_str())
            .collect();
        if notes.is_empty() && self.breaking {
            vec![self.description.as_str()]
        } else {
            notes
        }
    }

    /// The values of the footers whose token matches `token` case-insensitively.
    /// `BREAKING CHANGE` and `BREAKING-CHANGE` match each other.
    pub(crate) fn footer_values(&self, token: &str) -> Vec<&str> {
        let breaking = token.eq_ignore_ascii_case(BREAKING_CHANGE)
            || token.eq_ignore_ascii_case(BREAKING_CHANGE_HYPHEN);
        self.footers
            .iter()
            .filter(|f| f.token.eq_ignore_ascii_case(token) || (breaking && f.is_breaking()))
            .map(|f| f.value.as_str())
            .collect()
    }
}

/// Why a message is not a valid Conventional Commit, and where (1-based line and column,
/// columns counted in chars, lines counted in the message as given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) reason: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.reason)
    }
}

impl std::error::Error for Rejection {}

/// What a commit message is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Message {
    Conventional(Commit),
    /// git's default `Revert "…"` message (valid, not conventional).
    GitRevert(Revert),
    /// `fixup! …`, `squash! …`, `amend! …`: the prefix word, e.g. `"fixup"`.
    Autosquash(String),
    /// A default merge message of git or a forge.
    Merge,
    Rejected(Rejection),
}

impl Message {
    /// The commit when the message is a Conventional Commit.
    #[cfg(test)]
    pub(crate) fn as_conventional(&self) -> Option<&Commit> {
        match self {
            Message::Conventional(commit) => Some(commit),
            _ => None,
        }
    }
}

/// How strictly [`parse_with`] applies the rules that real histories often break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum Strictness {
    /// The specification: a blank line after the header, upper-case `BREAKING CHANGE`.
    #[default]
    Strict,
    /// Like conventional-changelog (semantic-release, standard-version): a body may follow
    /// the header directly, and `BREAKING CHANGE` is recognised in any case (its footer token
    /// is then normalised to `BREAKING CHANGE` or `BREAKING-CHANGE`).
    Lenient,
}

/// Whether `token` is `BREAKING CHANGE` or `BREAKING-CHANGE` (upper-case only).
pub(crate) fn is_breaking_token(token: &str) -> bool {
    token == BREAKING_CHANGE || token == BREAKING_CHANGE_HYPHEN
}

/// The scopes a Conventional Commit header names (`feat(api): …` → `api`; `fix(api,cli)!:
/// …` → `api`, `cli`), without parsing the rest of the message: what a scope-to-package map
/// reads for every commit of a range.
pub(crate) fn header_scopes(message: &str) -> Vec<&str> {
    let message = message
        .trim_start_matches('\u{feff}')
        .trim_start_matches(['\n', '\r']);
    let header = message.lines().next().unwrap_or("");
    let Some(open) = header.find('(') else {
        return Vec::new();
    };
    let kind = &header[..open];
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Vec::new();
    }
    let rest = &header[open + 1..];
    let Some(close) = rest.find(')') else {
        return Vec::new();
    };
    let after = rest[close + 1..].trim_start_matches('!');
    if !after.starts_with(':') {
        return Vec::new();
    }
    rest[..close]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parses a commit message strictly (see [`Strictness::Strict`]).
pub(crate) fn parse(message: &str) -> Message {
    parse_with(message, Strictness::Strict)
}

/// Parses a commit message. A leading byte-order mark and leading blank lines are skipped
/// (line numbers in a rejection still count the lines); trailing blank lines are ignored.
pub(crate) fn parse_with(message: &str, strictness: Strictness) -> Message {
    let lenient = strictness == Strictness::Lenient;
    // A byte-order mark is no part of the message: editors on Windows write one into the
    // commit-msg file, and git keeps it in the commit.
    let message = message.strip_prefix('\u{feff}').unwrap_or(message);
    let lines: Vec<&str> = message
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .collect();
    let Some(header_index) = lines.iter().position(|line| !is_blank(line)) else {
        return reject(
            "empty commit message: write a header such as `fix: correct typo`".to_string(),
            1,
            1,
        );
    };
    let header = lines[header_index].trim_end();
    let header_line = header_index + 1;
    let mut rest = &lines[header_index + 1..];
    while let Some((last, init)) = rest.split_last() {
        if !is_blank(last) {
            break;
        }
        rest = init;
    }

    if let Some(word) = autosquash_word(header) {
        return Message::Autosquash(word.to_string());
    }
    if is_merge(header) {
        return Message::Merge;
    }
    if let Some(subject) = git_revert_subject(header) {
        return Message::GitRevert(Revert {
            subject: Some(subject),
            ids: reverted_ids(rest),
        });
    }

    let head = match parse_header(header) {
        Ok(head) => head,
        Err((reason, column)) => return reject(reason, header_line, column),
    };

    let (content, first_line) = match rest.first() {
        None => (rest, header_line + 1),
        Some(line) if is_blank(line) => (&rest[1..], header_line + 2),
        Some(_) if lenient => (rest, header_line + 1),
        Some(_) => {
            return reject(
                "missing blank line between the header and the body: \
                 insert an empty line after the header"
                    .to_string(),
                header_line + 1,
                1,
            )
        }
    };

    if !lenient {
        for (offset, line) in content.iter().enumerate() {
            if let Some(written) = miscased_breaking(line) {
                return reject(
                    format!(
                        "`{written}` must be upper-case: write `BREAKING CHANGE:` \
                         (or `BREAKING-CHANGE:`)"
                    ),
                    first_line + offset,
                    1,
                );
            }
        }
    }

    Message::Conventional(build_commit(head, content, lenient))
}

/// The commit from its header and the lines after the blank line that follows it.
fn build_commit(head: Head, content: &[&str], lenient: bool) -> Commit {
    let footer_start = (0..content.len())
        .find(|&i| {
            let line = content[i];
            let paragraph_start = i == 0 || is_blank(content[i - 1]);
            breaking_footer(line, lenient).is_some()
                || (paragraph_start && generic_footer(line).is_some())
        })
        .unwrap_or(content.len());
    let body = join_trimmed(&content[..footer_start]);
    let footers = parse_footers(&content[footer_start..], lenient);
    let breaking = head.bang || footers.iter().any(Footer::is_breaking);
    let revert = (head.kind == "revert").then(|| Revert {
        subject: Some(head.description.clone()),
        ids: conventional_revert_ids(content, &footers),
    });
    Commit {
        kind: head.kind,
        scope: head.scope,
        bang: head.bang,
        breaking,
        description: head.description,
        body,
        footers,
        revert,
    }
}

/// Cleans a commit-msg hook file like `git commit --cleanup=strip`: drops lines starting
/// with `comment_char`, drops the scissors line and everything after it, strips trailing
/// whitespace on every line, drops leading and trailing blank lines and collapses runs of
/// blank lines into one. The result has no trailing newline.
pub(crate) fn clean_hook_message(raw: &str, comment_char: char) -> String {
    clean_hook_lines(raw, comment_char).0
}

/// `clean_hook_message`, with the 1-based line of the raw message each kept line came from,
/// so that diagnostics point into the file the user edits.
pub(crate) fn clean_hook_lines(raw: &str, comment_char: char) -> (String, Vec<usize>) {
    let scissors = format!("{comment_char} {SCISSORS}");
    let mut kept: Vec<(&str, usize)> = Vec::new();
    for (i, line) in raw.split('\n').enumerate() {
        if line.starts_with(&scissors) {
            break;
        }
        if line.starts_with(comment_char) {
            continue;
        }
        let line = line.trim_end();
        if line.is_empty() && kept.last().is_none_or(|(last, _)| last.is_empty()) {
            continue;
        }
        kept.push((line, i + 1));
    }
    while kept.last().is_some_and(|(l, _)| l.is_empty()) {
        kept.pop();
    }
    let text = kept.iter().map(|(l, _)| *l).collect::<Vec<_>>().join("\n");
    (text, kept.into_iter().map(|(_, n)| n).collect())
}

/// The comment character git chose for a message written with `core.commentChar = auto`:
/// the first candidate that starts the message's "Please enter" or scissors line, else `#`.
pub(crate) fn guess_comment_char(raw: &str) -> char {
    for line in raw.lines() {
        let mut chars = line.chars();
        if let Some(c) = chars.next() {
            let rest = chars.as_str();
            if "#;@!$%^&|:".contains(c)
                && (rest.starts_with(" Please enter") || rest.starts_with(&format!(" {SCISSORS}")))
            {
                return c;
            }
        }
    }
    '#'
}

// ---------------------------------------------------------------------------------------
// Header

struct Head {
    kind: String,
    scope: Option<String>,
    bang: bool,
    description: String,
}

type HeaderError = (String, usize);

fn is_type_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Whether `chars[at..]` continues like a header after its type: `(scope)`, `!`, then `:`.
fn continues_like_header(chars: &[char], at: usize) -> bool {
    let mut i = at;
    if chars.get(i) == Some(&'(') {
        i += 1;
        loop {
            match chars.get(i) {
                None | Some('(') => return false,
                Some(')') => break,
                Some(_) => i += 1,
            }
        }
        i += 1;
    }
    if chars.get(i) == Some(&'!') {
        i += 1;
    }
    chars.get(i) == Some(&':')
}

fn skip_whitespace(chars: &[char], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    i
}

fn text(chars: &[char]) -> String {
    chars.iter().collect()
}

/// `chars` as text, cut after `max` chars with an ellipsis, for suggestions in reasons.
fn snippet(chars: &[char], max: usize) -> String {
    if chars.len() > max {
        let mut s = text(&chars[..max]);
        s.push('…');
        s
    } else {
        text(chars)
    }
}

/// The header with the whitespace at `from..to` removed, as a suggestion.
fn without_gap(chars: &[char], from: usize, to: usize) -> String {
    let mut fixed = text(&chars[..from]);
    fixed.push_str(&snippet(&chars[to..], 40));
    fixed
}

/// A rejection for whitespace at `at..next` followed by something header-like at `next`.
fn space_error(chars: &[char], at: usize, next: usize) -> HeaderError {
    let what = match chars.get(next) {
        Some('(') => "unexpected space between the type and the scope",
        Some('!') => "unexpected space before `!`",
        _ => "unexpected space before the colon",
    };
    (
        format!("{what}: write `{}`", without_gap(chars, at, next)),
        at + 1,
    )
}

fn parse_header(header: &str) -> Result<Head, HeaderError> {
    let chars: Vec<char> = header.chars().collect();
    if chars.first().is_none_or(|c| c.is_whitespace()) {
        return Err(("the header must not start with whitespace".to_string(), 1));
    }
    let mut i = parse_type(&chars)?;
    let kind = text(&chars[..i]).to_ascii_lowercase();
    let mut scope = None;
    if chars.get(i) == Some(&'(') {
        let (written, end) = parse_scope(&chars, i, &kind)?;
        scope = Some(written);
        i = end;
    }
    let bang = chars.get(i) == Some(&'!');
    if bang {
        i = parse_bang(&chars, i)?;
    }
    let description = parse_description(&chars, i)?;
    Ok(Head {
        kind,
        scope,
        bang,
        description,
    })
}

/// The type at the start of the header: the index after it, where `(`, `!` or `:` follows.
fn parse_type(chars: &[char]) -> Result<usize, HeaderError> {
    let mut i = 0;
    while chars.get(i).copied().is_some_and(is_type_char) {
        i += 1;
    }
    if i == 0 || !chars[0].is_ascii_alphabetic() {
        if i > 0 && continues_like_header(chars, i) {
            return Err((
                format!("the type must start with a letter, found `{}`", chars[0]),
                1,
            ));
        }
        return Err((MISSING_TYPE.to_string(), 1));
    }
    match chars.get(i) {
        Some('(' | '!' | ':') => Ok(i),
        Some(c) if c.is_whitespace() => {
            let next = skip_whitespace(chars, i);
            if continues_like_header(chars, next) {
                return Err(space_error(chars, i, next));
            }
            Err((MISSING_TYPE.to_string(), 1))
        }
        Some(&c) => {
            let word_end = chars[i..]
                .iter()
                .position(|c| c.is_whitespace())
                .map_or(chars.len(), |p| i + p);
            if chars[i..word_end].contains(&':') {
                return Err((
                    format!(
                        "invalid character `{c}` in the type: a type is one word of letters, \
                         digits, `-` and `_`"
                    ),
                    i + 1,
                ));
            }
            Err((MISSING_TYPE.to_string(), 1))
        }
        None => Err((MISSING_TYPE.to_string(), 1)),
    }
}

/// The scope whose `(` is at `open`: the trimmed scope and the index after `)`, where `!`
/// or `:` follows.
fn parse_scope(chars: &[char], open: usize, kind: &str) -> Result<(String, usize), HeaderError> {
    let mut i = open + 1;
    loop {
        match chars.get(i) {
            None => {
                return Err((
                    format!(
                        "unclosed scope: the `(` at column {} has no matching `)`",
                        open + 1
                    ),
                    open + 1,
                ))
            }
            Some(')') => break,
            Some('(') => {
                return Err((
                    "nested parentheses are not allowed in a scope".to_string(),
                    i + 1,
                ))
            }
            Some(_) => i += 1,
        }
    }
    let written = text(&chars[open + 1..i]);
    let trimmed = written.trim();
    if trimmed.is_empty() {
        return Err((
            format!(
                "empty scope `()`: name a scope inside the parentheses or drop them, \
                 e.g. `{kind}: …`"
            ),
            open + 1,
        ));
    }
    i += 1;
    match chars.get(i) {
        Some('!' | ':') => Ok((trimmed.to_string(), i)),
        Some(c) if c.is_whitespace() => {
            let next = skip_whitespace(chars, i);
            if continues_like_header(chars, next) {
                return Err(space_error(chars, i, next));
            }
            Err(("expected `:` after the scope".to_string(), i + 1))
        }
        Some(c) => Err((format!("expected `:` after the scope, found `{c}`"), i + 1)),
        None => Err(("expected `:` after the scope".to_string(), i + 1)),
    }
}

/// The `!` at `at`: the index of the `:` after it.
fn parse_bang(chars: &[char], at: usize) -> Result<usize, HeaderError> {
    let i = at + 1;
    match chars.get(i) {
        Some(':') => Ok(i),
        Some('(') => Err((
            "`!` must come after the scope: write `type(scope)!: description`".to_string(),
            at + 1,
        )),
        Some(c) if c.is_whitespace() => {
            let next = skip_whitespace(chars, i);
            if chars.get(next) == Some(&':') {
                return Err(space_error(chars, i, next));
            }
            Err(("expected `:` right after `!`".to_string(), i + 1))
        }
        _ => Err(("expected `:` right after `!`".to_string(), i + 1)),
    }
}

/// The description after the `:` at `colon`.
fn parse_description(chars: &[char], colon: usize) -> Result<String, HeaderError> {
    let empty = || "empty description: write a short summary after `: `".to_string();
    let mut i = colon + 1;
    match chars.get(i) {
        None => return Err((empty(), i + 1)),
        Some(' ') => {}
        Some('/') if chars.get(i + 1) == Some(&'/') => {
            return Err((MISSING_TYPE.to_string(), 1));
        }
        Some(_) => {
            let mut fixed = text(&chars[..i]);
            fixed.push(' ');
            fixed.push_str(&snippet(&chars[i..], 40));
            return Err((
                format!("missing space after the colon: write `{fixed}`"),
                i + 1,
            ));
        }
    }
    while chars.get(i) == Some(&' ') {
        i += 1;
    }
    if i >= chars.len() {
        return Err((empty(), i + 1));
    }
    Ok(text(&chars[i..]))
}

// ---------------------------------------------------------------------------------------
// Body and footers

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn reject(reason: String, line: usize, column: usize) -> Message {
    Message::Rejected(Rejection {
        reason,
        line,
        column,
    })
}

/// Lines joined, without leading blank lines and trailing whitespace; `None` if empty.
fn join_trimmed(lines: &[&str]) -> Option<String> {
    let start = lines.iter().position(|line| !is_blank(line))?;
    let joined = lines[start..].join("\n");
    Some(joined.trim_end().to_string())
}

/// A `BREAKING CHANGE: value` / `BREAKING-CHANGE: value` line, recognised anywhere (like
/// conventional-changelog, after optional indentation, `*` or `|`). In lenient mode the
/// keyword may be in any case; the token is then normalised.
fn breaking_footer(line: &str, lenient: bool) -> Option<Footer> {
    let stripped = line.trim_start_matches([' ', '\t', '*', '|']);
    let keyword = stripped.get(..BREAKING_CHANGE.len())?;
    let token = if is_breaking_token(keyword) {
        keyword
    } else if lenient && keyword.eq_ignore_ascii_case(BREAKING_CHANGE) {
        BREAKING_CHANGE
    } else if lenient && keyword.eq_ignore_ascii_case(BREAKING_CHANGE_HYPHEN) {
        BREAKING_CHANGE_HYPHEN
    } else {
        return None;
    };
    let value = stripped[keyword.len()..].strip_prefix(':')?;
    if !(value.is_empty() || value.starts_with(char::is_whitespace)) {
        return None;
    }
    Some(Footer {
        token: token.to_string(),
        separator: Separator::Colon,
        value: value.trim().to_string(),
    })
}

/// `Breaking change:`, `breaking-change:` … at the start of a line: the keyword as written.
fn miscased_breaking(line: &str) -> Option<&str> {
    let keyword = line.get(..BREAKING_CHANGE.len())?;
    let cased_wrong = (keyword.eq_ignore_ascii_case(BREAKING_CHANGE)
        || keyword.eq_ignore_ascii_case(BREAKING_CHANGE_HYPHEN))
        && !is_breaking_token(keyword);
    let rest = line[keyword.len()..].strip_prefix(':')?;
    (cased_wrong && (rest.is_empty() || rest.starts_with(char::is_whitespace))).then_some(keyword)
}

/// A footer line by the grammar of the specification: `Token: value` or `Token #value`,
/// where Token is `[A-Za-z0-9][A-Za-z0-9-]*` or exactly `BREAKING CHANGE`.
fn generic_footer(line: &str) -> Option<Footer> {
    let token_len = if line.starts_with(BREAKING_CHANGE) {
        BREAKING_CHANGE.len()
    } else {
        if !line.starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return None;
        }
        line.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(line.len())
    };
    let (token, rest) = line.split_at(token_len);
    let (separator, value) = if let Some(value) = rest.strip_prefix(": ") {
        (Separator::Colon, value)
    } else if let Some(value) = rest.strip_prefix(" #") {
        (Separator::Hash, value)
    } else {
        return None;
    };
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    Some(Footer {
        token: token.to_string(),
        separator,
        value: value.to_string(),
    })
}

fn footer_line(line: &str, lenient: bool) -> Option<Footer> {
    breaking_footer(line, lenient).or_else(|| generic_footer(line))
}

/// The footer section: every footer line starts a footer, other lines continue its value.
fn parse_footers(lines: &[&str], lenient: bool) -> Vec<Footer> {
    let mut footers: Vec<Footer> = Vec::new();
    for line in lines {
        if let Some(footer) = footer_line(line, lenient) {
            footers.push(footer);
        } else if let Some(current) = footers.last_mut() {
            if current.value.is_empty() {
                current.value.push_str(line.trim());
            } else {
                current.value.push('\n');
                current.value.push_str(line);
            }
        }
    }
    for footer in &mut footers {
        let len = footer.value.trim_end().len();
        footer.value.truncate(len);
    }
    footers
}

// ---------------------------------------------------------------------------------------
// Reverts, autosquash, merges

/// A git object id as written in messages: 7 to 40 hex digits.
fn is_hash(s: &str) -> bool {
    (7..=40).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Hashes from `This reverts commit <hex>` anywhere in `lines`, without duplicates.
fn reverted_ids(lines: &[&str]) -> Vec<String> {
    const MARKER: &str = "this reverts commit ";
    let mut ids: Vec<String> = Vec::new();
    // What `ids` holds, for a message that names many commits (each once, in order).
    let mut seen: HashSet<&str> = HashSet::new();
    for line in lines {
        // ASCII lower-casing keeps byte offsets, so positions map back to `line`.
        let lower = line.to_ascii_lowercase();
        let mut from = 0;
        while let Some(found) = lower[from..].find(MARKER) {
            let start = from + found + MARKER.len();
            let len = line[start..]
                .find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(line.len() - start);
            let id = &line[start..start + len];
            let bounded = !line[start + len..].starts_with(|c: char| c.is_alphanumeric());
            if bounded && is_hash(id) && seen.insert(id) {
                ids.push(id.to_string());
            }
            from = start;
        }
    }
    ids
}

/// The ids a conventional `revert:` commit names: `This reverts commit <hex>` lines, then
/// hex values of `Refs:` footers.
fn conventional_revert_ids(content: &[&str], footers: &[Footer]) -> Vec<String> {
    let mut ids = reverted_ids(content);
    let mut seen: HashSet<String> = ids.iter().cloned().collect();
    let refs = footers
        .iter()
        .filter(|f| f.token.eq_ignore_ascii_case("refs"));
    for footer in refs {
        for piece in footer.value.split(|c: char| c == ',' || c.is_whitespace()) {
            if is_hash(piece) && seen.insert(piece.to_string()) {
                ids.push(piece.to_string());
            }
        }
    }
    ids
}

fn strip_prefix_ignore_ascii_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The subject of git's `Revert "…"` header (also with a forge's ` (#123)` suffix), or for
/// `Reapply "x"` (git 2.43+, the revert of a revert) the subject `Revert "x"`.
fn git_revert_subject(header: &str) -> Option<String> {
    let (quoted, reapply) = if let Some(rest) = strip_prefix_ignore_ascii_case(header, "Revert \"")
    {
        (rest, false)
    } else {
        (strip_prefix_ignore_ascii_case(header, "Reapply \"")?, true)
    };
    let inner = match quoted.rfind('"') {
        Some(end) => {
            let suffix = quoted[end + 1..].trim();
            if !(suffix.is_empty() || is_pull_request_suffix(suffix)) {
                return None;
            }
            &quoted[..end]
        }
        None => quoted,
    };
    if inner.trim().is_empty() {
        return None;
    }
    Some(if reapply {
        format!("Revert \"{inner}\"")
    } else {
        inner.to_string()
    })
}

/// `(#123)`, as GitHub appends to squash-merged pull requests.
fn is_pull_request_suffix(s: &str) -> bool {
    s.strip_prefix("(#")
        .and_then(|s| s.strip_suffix(')'))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn autosquash_word(header: &str) -> Option<&'static str> {
    ["fixup", "squash", "amend"].into_iter().find(|word| {
        header
            .strip_prefix(word)
            .is_some_and(|rest| rest.starts_with("! "))
    })
}

fn is_merge(header: &str) -> bool {
    const PREFIXES: [&str; 11] = [
        "Merge branch ",
        "Merge branches ",
        "Merge pull request ",
        "Merge remote-tracking branch ",
        "Merge remote-tracking branches ",
        "Merge remote branch ",
        "Merge tag ",
        "Merge tags ",
        "Merge commit ",
        "Merge commits ",
        "Merged ",
    ];
    PREFIXES.iter().any(|prefix| header.starts_with(prefix))
}

#[cfg(test)]
mod hook_tests {
    use super::*;

    #[test]
    fn kept_lines_map_to_the_raw_lines() {
        let (text, lines) = clean_hook_lines("\n# c\nfeat: x\n# comment\n\n\n\nbody\n", '#');
        assert_eq!(text, "feat: x\n\nbody");
        assert_eq!(lines, [3, 5, 8]);
    }

    #[test]
    fn auto_comment_char_is_guessed() {
        assert_eq!(
            guess_comment_char("feat: x\n; Please enter the commit message\n"),
            ';'
        );
        assert_eq!(guess_comment_char("feat: x\n"), '#');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_scopes_are_read_from_the_header_only() {
        assert_eq!(header_scopes("feat(api): a\n\nbody (x): y"), ["api"]);
        assert_eq!(header_scopes("fix(api, cli)!: b"), ["api", "cli"]);
        assert!(header_scopes("feat: no scope (really): x").is_empty());
        assert!(header_scopes("Merge (pull): x").is_empty());
        assert!(header_scopes("feat(api) missing colon").is_empty());
    }

    fn commit(message: &str) -> Commit {
        match parse(message) {
            Message::Conventional(commit) => commit,
            other => panic!("expected a conventional commit for {message:?}, got {other:?}"),
        }
    }

    fn rejection(message: &str) -> Rejection {
        match parse(message) {
            Message::Rejected(rejection) => rejection,
            other => panic!("expected a rejection for {message:?}, got {other:?}"),
        }
    }

    #[test]
    fn a_revert_naming_many_commits_keeps_each_once_in_order() {
        use std::fmt::Write as _;
        let mut git = String::from("Revert \"x\"\n\n");
        let mut refs = String::from("revert: x\n\nThis reverts commit 0000000.\n\nRefs: ");
        for i in 0..3_000u64 {
            let id = format!("{:040x}", i % 1_000 + 1);
            let _ = writeln!(git, "This reverts commit {id}.");
            let _ = write!(refs, "{id}, ");
        }
        let expected: Vec<String> = (1..=1_000u64).map(|i| format!("{i:040x}")).collect();
        match parse(&git) {
            Message::GitRevert(r) => assert_eq!(r.ids, expected),
            other => panic!("{other:?}"),
        }
        let mut with_first = vec!["0000000".to_string()];
        with_first.extend(expected);
        assert_eq!(commit(&refs).revert.unwrap().ids, with_first);
    }

    #[test]
    fn a_leading_byte_order_mark_is_no_part_of_the_message() {
        let c = commit("\u{feff}feat(cli): x\n\nBody.");
        assert_eq!((c.kind.as_str(), c.scope.as_deref()), ("feat", Some("cli")));
        assert_eq!(c.body.as_deref(), Some("Body."));
        let lenient = parse_with("\u{feff}fix: y", Strictness::Lenient);
        assert!(matches!(lenient, Message::Conventional(c) if c.kind == "fix"));
        let r = rejection("\u{feff}Update the readme");
        assert_eq!((r.line, r.column), (1, 1));
        // Only one, and only at the very start.
        assert!(matches!(
            parse("\u{feff}\u{feff}feat: x"),
            Message::Rejected(_)
        ));
    }

    fn footer(token: &str, separator: Separator, value: &str) -> Footer {
        Footer {
            token: token.to_string(),
            separator,
            value: value.to_string(),
        }
    }

    // --- The examples of the specification -------------------------------------------

    #[test]
    fn spec_description_and_breaking_change_footer() {
        let c = commit(
            "feat: allow provided config object to extend other configs\n\n\
             BREAKING CHANGE: `extends` key in config file is now used for extending other config files",
        );
        assert_eq!(c.kind, "feat");
        assert_eq!(c.scope, None);
        assert!(!c.bang);
        assert!(c.breaking);
        assert_eq!(
            c.description,
            "allow provided config object to extend other configs"
        );
        assert_eq!(c.body, None);
        assert_eq!(
            c.footers,
            vec![footer(
                "BREAKING CHANGE",
                Separator::Colon,
                "`extends` key in config file is now used for extending other config files"
            )]
        );
        assert_eq!(
            c.breaking_notes(),
            vec!["`extends` key in config file is now used for extending other config files"]
        );
        assert_eq!(c.revert, None);
    }

    #[test]
    fn spec_bang_draws_attention_to_breaking_change() {
        let c = commit("feat!: send an email to the customer when a product is shipped");
        assert_eq!(c.kind, "feat");
        assert!(c.bang);
        assert!(c.breaking);
        assert_eq!(c.footers, vec![]);
        assert_eq!(
            c.breaking_notes(),
            vec!["send an email to the customer when a product is shipped"]
        );
        assert_eq!(
            c.header(),
            "feat!: send an email to the customer when a product is shipped"
        );
    }

    #[test]
    fn spec_scope_and_bang() {
        let c = commit("feat(api)!: send an email to the customer when a product is shipped");
        assert_eq!(c.kind, "feat");
        assert_eq!(c.scope.as_deref(), Some("api"));
        assert!(c.bang);
        assert!(c.breaking);
        assert_eq!(
            c.description,
            "send an email to the customer when a product is shipped"
        );
        assert_eq!(
            c.header(),
            "feat(api)!: send an email to the customer when a product is shipped"
        );
    }

    #[test]
    fn spec_bang_and_breaking_change_footer() {
        let c = commit(
            "chore!: drop support for Node 6\n\n\
             BREAKING CHANGE: use JavaScript features not available in Node 6.",
        );
        assert_eq!(c.kind, "chore");
        assert!(c.bang);
        assert!(c.breaking);
        assert_eq!(c.description, "drop support for Node 6");
        assert_eq!(c.body, None);
        assert_eq!(
            c.breaking_notes(),
            vec!["use JavaScript features not available in Node 6."]
        );
    }

    #[test]
    fn spec_no_body() {
        let c = commit("docs: correct spelling of CHANGELOG");
        assert_eq!(c.kind, "docs");
        assert_eq!(c.scope, None);
        assert!(!c.bang);
        assert!(!c.breaking);
        assert_eq!(c.description, "correct spelling of CHANGELOG");
        assert_eq!(c.body, None);
        assert_eq!(c.footers, vec![]);
        assert_eq!(c.breaking_notes(), Vec::<&str>::new());
    }

    #[test]
    fn spec_scope() {
        let c = commit("feat(lang): add Polish language");
        assert_eq!(c.kind, "feat");
        assert_eq!(c.scope.as_deref(), Some("lang"));
        assert_eq!(c.description, "add Polish language");
        assert!(!c.breaking);
        assert_eq!(c.header(), "feat(lang): add Polish language");
    }

    #[test]
    fn spec_multi_paragraph_body_and_multiple_footers() {
        let c = commit(
            "fix: prevent racing of requests\n\
             \n\
             Introduce a request id and a reference to latest request. Dismiss\n\
             incoming responses other than from latest request.\n\
             \n\
             Remove timeouts which were used to mitigate the racing issue but are\n\
             obsolete now.\n\
             \n\
             Reviewed-by: Z\n\
             Refs: #123\n",
        );
        assert_eq!(c.kind, "fix");
        assert_eq!(c.description, "prevent racing of requests");
        assert!(!c.breaking);
        assert_eq!(
            c.body.as_deref(),
            Some(
                "Introduce a request id and a reference to latest request. Dismiss\n\
                 incoming responses other than from latest request.\n\
                 \n\
                 Remove timeouts which were used to mitigate the racing issue but are\n\
                 obsolete now."
            )
        );
        assert_eq!(
            c.footers,
            vec![
                footer("Reviewed-by", Separator::Colon, "Z"),
                footer("Refs", Separator::Colon, "#123"),
            ]
        );
        assert_eq!(c.footer_values("refs"), vec!["#123"]);
        assert_eq!(c.footer_values("REVIEWED-BY"), vec!["Z"]);
    }

    #[test]
    fn spec_revert_example() {
        let c = commit(
            "revert: let us never again speak of the noodle incident\n\n\
             Refs: 676104e, a215868",
        );
        assert_eq!(c.kind, "revert");
        assert_eq!(
            c.revert,
            Some(Revert {
                subject: Some("let us never again speak of the noodle incident".to_string()),
                ids: vec!["676104e".to_string(), "a215868".to_string()],
            })
        );
    }

    // --- Header ----------------------------------------------------------------------

    #[test]
    fn type_is_case_insensitive_and_lower_cased() {
        for message in ["Feat: add x", "FEAT: add x", "fEaT: add x"] {
            let c = commit(message);
            assert_eq!(c.kind, "feat", "{message}");
            assert_eq!(c.description, "add x");
            assert_eq!(c.header(), "feat: add x");
        }
        assert_eq!(commit("Fix(Parser)!: y").scope.as_deref(), Some("Parser"));
    }

    #[test]
    fn header_details() {
        let c = commit("feat( my scope ):   padded   \t");
        assert_eq!(c.scope.as_deref(), Some("my scope"));
        assert_eq!(c.description, "padded");
        let c = commit("build_sys-2: x");
        assert_eq!(c.kind, "build_sys-2");
        let c = commit("merge: combine the two parsers");
        assert_eq!(c.kind, "merge");
        assert_eq!(c.description, "combine the two parsers");
        let c = commit("feat(ü): ünïcödé ✓");
        assert_eq!(c.scope.as_deref(), Some("ü"));
        assert_eq!(c.description, "ünïcödé ✓");
    }

    #[test]
    fn crlf_messages() {
        let c = commit("feat(api): add x\r\n\r\nSome body.\r\n\r\nCloses #7\r\nReviewed-by: Z\r\n");
        assert_eq!(c.description, "add x");
        assert_eq!(c.body.as_deref(), Some("Some body."));
        assert_eq!(
            c.footers,
            vec![
                footer("Closes", Separator::Hash, "7"),
                footer("Reviewed-by", Separator::Colon, "Z"),
            ]
        );
    }

    #[test]
    fn leading_and_trailing_blank_lines_are_ignored() {
        let c = commit("\n  \nfix: x\n\nbody\n\n\n");
        assert_eq!(c.description, "x");
        assert_eq!(c.body.as_deref(), Some("body"));
        let r = rejection("\n\nfix x");
        assert_eq!((r.line, r.column), (3, 1));
    }

    // --- Body and footers ------------------------------------------------------------

    #[test]
    fn breaking_change_hyphen_is_a_synonym() {
        let c = commit("fix: x\n\nBREAKING-CHANGE: the y option is gone");
        assert!(c.breaking);
        assert!(!c.bang);
        assert_eq!(
            c.footers,
            vec![footer(
                "BREAKING-CHANGE",
                Separator::Colon,
                "the y option is gone"
            )]
        );
        assert_eq!(c.breaking_notes(), vec!["the y option is gone"]);
        assert_eq!(
            c.footer_values("BREAKING CHANGE"),
            vec!["the y option is gone"]
        );
    }

    #[test]
    fn multi_line_footer_values() {
        let c = commit(
            "feat: x\n\n\
             BREAKING CHANGE: the config moved.\n\
             Update your files:\n\
             \n\
             \x20   mv a b\n\
             \n\
             Reviewed-by: Z\n\
             Refs: #1\n\
             \x20 #2\n",
        );
        assert_eq!(
            c.footers,
            vec![
                footer(
                    "BREAKING CHANGE",
                    Separator::Colon,
                    "the config moved.\nUpdate your files:\n\n    mv a b"
                ),
                footer("Reviewed-by", Separator::Colon, "Z"),
                footer("Refs", Separator::Colon, "#1\n  #2"),
            ]
        );
    }

    #[test]
    fn breaking_change_value_on_following_lines() {
        let c = commit("feat: x\n\nBREAKING CHANGE:\n  removed the y flag\n  and z");
        assert!(c.breaking);
        assert_eq!(c.breaking_notes(), vec!["removed the y flag\n  and z"]);
    }

    #[test]
    fn hash_separator_footers() {
        let c = commit("fix: crash on start\n\nCloses #12\nFixes #13, #14");
        assert_eq!(c.body, None);
        assert_eq!(
            c.footers,
            vec![
                footer("Closes", Separator::Hash, "12"),
                footer("Fixes", Separator::Hash, "13, #14"),
            ]
        );
        assert_eq!(c.footer_values("closes"), vec!["12"]);
        assert_eq!(c.footer_values("CLOSES"), vec!["12"]);
        assert_eq!(c.footer_values("Refs"), Vec::<&str>::new());
        assert_eq!(Separator::Hash.as_str(), " #");
        assert_eq!(Separator::Colon.as_str(), ": ");
    }

    #[test]
    fn footers_directly_after_the_header() {
        let c = commit(
            "docs: x\n\nSigned-off-by: A <a@example.com>\nCo-authored-by: B <b@example.com>",
        );
        assert_eq!(c.body, None);
        assert_eq!(c.footers.len(), 2);
        assert_eq!(c.footers[0].token, "Signed-off-by");
    }

    #[test]
    fn co_authored_by_trailers() {
        let c = commit(
            "feat(ui): dark mode (#42)\n\n\
             * feat: toggle\n\
             * fix: colours\n\n\
             Co-authored-by: Ann <ann@example.com>\n\
             Co-authored-by: Bob <bob@example.com>",
        );
        assert_eq!(c.description, "dark mode (#42)");
        assert_eq!(c.body.as_deref(), Some("* feat: toggle\n* fix: colours"));
        assert_eq!(
            c.footer_values("co-authored-by"),
            vec!["Ann <ann@example.com>", "Bob <bob@example.com>"]
        );
        assert!(!c.breaking);
    }

    #[test]
    fn note_paragraph_is_a_footer() {
        let c = commit("fix: x\n\nSome explanation.\n\nNote: this needs a restart");
        assert_eq!(c.body.as_deref(), Some("Some explanation."));
        assert_eq!(
            c.footers,
            vec![footer("Note", Separator::Colon, "this needs a restart")]
        );
    }

    #[test]
    fn body_lines_that_only_look_like_footers_stay_in_the_body() {
        let c = commit(
            "fix: x\n\nChanges:\n- a\n- b\n\nSee https://example.com/x for details.\n\
             Mid-paragraph: not a footer",
        );
        assert_eq!(
            c.body.as_deref(),
            Some(
                "Changes:\n- a\n- b\n\nSee https://example.com/x for details.\n\
                 Mid-paragraph: not a footer"
            )
        );
        assert_eq!(c.footers, vec![]);
    }

    #[test]
    fn breaking_change_inside_a_body_paragraph() {
        let c = commit(
            "feat: new loader\n\n\
             Rewrites the loader.\n\
             BREAKING CHANGE: the `load` function is now async\n\
             and returns a promise.\n\n\
             Closes #5",
        );
        assert!(c.breaking);
        assert_eq!(c.body.as_deref(), Some("Rewrites the loader."));
        assert_eq!(
            c.footers,
            vec![
                footer(
                    "BREAKING CHANGE",
                    Separator::Colon,
                    "the `load` function is now async\nand returns a promise."
                ),
                footer("Closes", Separator::Hash, "5"),
            ]
        );
    }

    #[test]
    fn breaking_change_in_a_bullet_is_recognised_like_conventional_changelog() {
        let c = commit("feat: x\n\nDetails:\n* BREAKING CHANGE: drops node 12");
        assert!(c.breaking);
        assert_eq!(c.body.as_deref(), Some("Details:"));
        assert_eq!(c.breaking_notes(), vec!["drops node 12"]);
        // A plural spelling is not the keyword; it stays body text.
        let c = commit("feat: x\n\nBREAKING CHANGES: none");
        assert!(!c.breaking);
        assert_eq!(c.body.as_deref(), Some("BREAKING CHANGES: none"));
    }

    #[test]
    fn lower_case_breaking_change_is_rejected() {
        for (message, line, written) in [
            ("feat: x\n\nbreaking change: y", 3, "breaking change"),
            ("feat: x\n\nBreaking change: y", 3, "Breaking change"),
            (
                "feat: x\n\nbody\n\nbreaking-change: y",
                5,
                "breaking-change",
            ),
            ("feat: x\n\nBREAKING change:\n y", 3, "BREAKING change"),
        ] {
            let r = rejection(message);
            assert_eq!(r.line, line, "{message}");
            assert_eq!(r.column, 1, "{message}");
            assert_eq!(
                r.reason,
                format!(
                    "`{written}` must be upper-case: write `BREAKING CHANGE:` (or `BREAKING-CHANGE:`)"
                )
            );
        }
    }

    #[test]
    fn lenient_mode_accepts_what_conventional_changelog_accepts() {
        let Message::Conventional(c) = parse_with(
            "feat: x\nbody right below\n\nBreaking change: y",
            Strictness::Lenient,
        ) else {
            panic!("expected a conventional commit");
        };
        assert_eq!(c.body.as_deref(), Some("body right below"));
        assert!(c.breaking);
        assert_eq!(
            c.footers,
            vec![footer("BREAKING CHANGE", Separator::Colon, "y")]
        );
        assert_eq!(parse_with("feat x", Strictness::Lenient), parse("feat x"),);
        assert_eq!(Strictness::default(), Strictness::Strict);
    }

    // --- Rejections ------------------------------------------------------------------

    fn assert_rejected(message: &str, line: usize, column: usize, reason: &str) {
        let r = rejection(message);
        assert_eq!(
            r,
            Rejection {
                reason: reason.to_string(),
                line,
                column
            },
            "{message:?}"
        );
    }

    #[test]
    fn rejections_of_empty_messages_and_types() {
        assert_rejected(
            "",
            1,
            1,
            "empty commit message: write a header such as `fix: correct typo`",
        );
        assert_rejected(
            " \n\t\n",
            1,
            1,
            "empty commit message: write a header such as `fix: correct typo`",
        );
        assert_rejected("Update README.md", 1, 1, MISSING_TYPE);
        assert_rejected("WIP", 1, 1, MISSING_TYPE);
        assert_rejected(
            "feat : x",
            1,
            5,
            "unexpected space before the colon: write `feat: x`",
        );
        assert_rejected(
            "feat(api)  : x",
            1,
            10,
            "unexpected space before the colon: write `feat(api): x`",
        );
        assert_rejected(
            "feat (api): x",
            1,
            5,
            "unexpected space between the type and the scope: write `feat(api): x`",
        );
        assert_rejected(
            "feat:x",
            1,
            6,
            "missing space after the colon: write `feat: x`",
        );
        assert_rejected(
            "fix(ui)!:broken",
            1,
            10,
            "missing space after the colon: write `fix(ui)!: broken`",
        );
        assert_rejected(
            "feat:",
            1,
            6,
            "empty description: write a short summary after `: `",
        );
        assert_rejected(
            "feat(api):    ",
            1,
            11,
            "empty description: write a short summary after `: `",
        );
    }

    #[test]
    fn rejections_of_scopes_bodies_and_descriptions() {
        assert_rejected(
            "feat(): x",
            1,
            5,
            "empty scope `()`: name a scope inside the parentheses or drop them, e.g. `feat: …`",
        );
        assert_rejected(
            "feat(api: x",
            1,
            5,
            "unclosed scope: the `(` at column 5 has no matching `)`",
        );
        assert_rejected(
            "feat(a(b)): x",
            1,
            7,
            "nested parentheses are not allowed in a scope",
        );
        assert_rejected(
            "feat: x\nbody without blank line",
            2,
            1,
            "missing blank line between the header and the body: insert an empty line after the header",
        );
        assert_rejected(
            "feat/ui: x",
            1,
            5,
            "invalid character `/` in the type: a type is one word of letters, digits, `-` and `_`",
        );
        assert_rejected(
            "feat!(api): x",
            1,
            5,
            "`!` must come after the scope: write `type(scope)!: description`",
        );
        assert_rejected(
            "  feat: x",
            1,
            1,
            "the header must not start with whitespace",
        );
        assert_rejected(
            "1feat: x",
            1,
            1,
            "the type must start with a letter, found `1`",
        );
        assert_rejected("feat(api) x", 1, 10, "expected `:` after the scope");
        assert_rejected("feat! x", 1, 6, "expected `:` right after `!`");
        assert_rejected("https://example.com", 1, 1, MISSING_TYPE);
        assert_rejected("éfeat: x", 1, 1, MISSING_TYPE);
        // Columns count chars, not bytes.
        assert_rejected(
            "fix(é)ü: x",
            1,
            7,
            "expected `:` after the scope, found `ü`",
        );
    }

    #[test]
    fn rejection_displays_position_and_reason() {
        let r = rejection("feat:x");
        assert_eq!(
            r.to_string(),
            "1:6: missing space after the colon: write `feat: x`"
        );
    }

    // --- Reverts ---------------------------------------------------------------------

    #[test]
    fn git_revert() {
        let message = "Revert \"feat(api): add x\"\n\n\
                       This reverts commit 0123456789abcdef0123456789abcdef01234567.\n";
        assert_eq!(
            parse(message),
            Message::GitRevert(Revert {
                subject: Some("feat(api): add x".to_string()),
                ids: vec!["0123456789abcdef0123456789abcdef01234567".to_string()],
            })
        );
    }

    #[test]
    fn git_revert_of_a_merge_and_pull_request_suffix() {
        let message = "Revert \"Merge pull request #3 from a/b\" (#9)\n\n\
                       This reverts commit abcdef1, reversing\nchanges made to 1234567.";
        assert_eq!(
            parse(message),
            Message::GitRevert(Revert {
                subject: Some("Merge pull request #3 from a/b".to_string()),
                ids: vec!["abcdef1".to_string()],
            })
        );
    }

    #[test]
    fn git_double_revert() {
        let message = "Revert \"Revert \"fix: y\"\"\n\nThis reverts commit deadbeef.";
        assert_eq!(
            parse(message),
            Message::GitRevert(Revert {
                subject: Some("Revert \"fix: y\"".to_string()),
                ids: vec!["deadbeef".to_string()],
            })
        );
    }

    #[test]
    fn git_reapply() {
        let message = "Reapply \"feat: x\"\n\nThis reverts commit cafebabe12.";
        assert_eq!(
            parse(message),
            Message::GitRevert(Revert {
                subject: Some("Revert \"feat: x\"".to_string()),
                ids: vec!["cafebabe12".to_string()],
            })
        );
    }

    #[test]
    fn conventional_revert_with_ids() {
        let c = commit(
            "revert(parser): feat: accept tabs\n\n\
             It broke CI.\n\
             This reverts commit 1111111aaaa.\n\n\
             Refs: 2222222, #44, 1111111aaaa",
        );
        assert_eq!(c.kind, "revert");
        assert_eq!(c.scope.as_deref(), Some("parser"));
        assert_eq!(
            c.body.as_deref(),
            Some("It broke CI.\nThis reverts commit 1111111aaaa.")
        );
        assert_eq!(
            c.revert,
            Some(Revert {
                subject: Some("feat: accept tabs".to_string()),
                ids: vec!["1111111aaaa".to_string(), "2222222".to_string()],
            })
        );
        let c = commit("Revert: fix: y");
        assert_eq!(c.kind, "revert");
        assert_eq!(
            c.revert,
            Some(Revert {
                subject: Some("fix: y".to_string()),
                ids: vec![],
            })
        );
    }

    // --- Autosquash and merges -------------------------------------------------------

    #[test]
    fn autosquash() {
        assert_eq!(
            parse("fixup! feat: x"),
            Message::Autosquash("fixup".to_string())
        );
        assert_eq!(
            parse("squash! fix(y): z\n\nmore"),
            Message::Autosquash("squash".to_string())
        );
        assert_eq!(
            parse("amend! docs: a\n\ndocs: b"),
            Message::Autosquash("amend".to_string())
        );
        assert!(matches!(parse("fixup!"), Message::Rejected(_)));
    }

    #[test]
    fn merges() {
        for message in [
            "Merge branch 'main' into feature",
            "Merge branch 'feature/x' into 'main'\n\nSee merge request group/p!12",
            "Merge pull request #12 from user/branch\n\nfeat: thing",
            "Merge remote-tracking branch 'origin/main'",
            "Merge tag 'v1.2.0'",
            "Merge commit 'abc1234'",
            "Merged in feature/x (pull request #7)",
            "Merged PR 123: add things",
            "Merge branches 'a' and 'b'",
        ] {
            assert_eq!(parse(message), Message::Merge, "{message}");
        }
        assert_eq!(commit("merge: x").kind, "merge");
        assert_eq!(rejection("Merge the two parsers").reason, MISSING_TYPE);
    }

    #[test]
    fn as_conventional() {
        assert_eq!(
            parse("fix: x").as_conventional().map(|c| c.kind.as_str()),
            Some("fix")
        );
        assert_eq!(parse("Merge tag 'v1'").as_conventional(), None);
    }

    // --- Hook messages ---------------------------------------------------------------

    #[test]
    fn clean_hook_message_drops_comments_and_blank_lines() {
        let raw = "\n\nfeat: x   \n# Please enter the commit message\n\n\n\nbody\t\n#\n\n";
        assert_eq!(clean_hook_message(raw, '#'), "feat: x\n\nbody");
        assert_eq!(clean_hook_message("# only\n#comments\n", '#'), "");
        assert_eq!(
            clean_hook_message("fix: a\r\n\r\nb\r\n", '#'),
            "fix: a\n\nb"
        );
    }

    #[test]
    fn clean_hook_message_cuts_at_scissors() {
        let raw = "fix: y\n\nbody\n\
                   # ------------------------ >8 ------------------------\n\
                   # Do not modify or remove the line above.\n\
                   diff --git a/x b/x\n+feat: not part of it\n";
        assert_eq!(clean_hook_message(raw, '#'), "fix: y\n\nbody");
    }

    #[test]
    fn clean_hook_message_custom_comment_char() {
        let raw = "fix: z\n\n#123 stays\n; comment\n\
                   ; ------------------------ >8 ------------------------\nrest";
        assert_eq!(clean_hook_message(raw, ';'), "fix: z\n\n#123 stays");
        assert_eq!(
            parse(&clean_hook_message(raw, ';')),
            Message::Conventional(Commit {
                kind: "fix".to_string(),
                scope: None,
                bang: false,
                breaking: false,
                description: "z".to_string(),
                body: Some("#123 stays".to_string()),
                footers: vec![],
                revert: None,
            })
        );
    }

    // --- Robustness ------------------------------------------------------------------

    #[test]
    fn nasty_inputs_never_panic() {
        let long = "a".repeat(100_000);
        let long_header = format!("feat: {long}");
        let long_colon = format!("{long}:x");
        let nasty: Vec<&str> = vec![
            "",
            " ",
            "\n",
            "\r\n\r\n",
            "\r",
            "(",
            ")",
            "!",
            "!:",
            ":",
            ": x",
            "\0",
            "feat\0: x",
            "feat(",
            "feat(:",
            "feat()",
            "feat(a",
            "feat)",
            "feat!",
            "feat!:",
            "feat!!: x",
            "feat:: x",
            "a:",
            "a: ",
            "a:\t",
            "feat(a)(b): c",
            "Revert \"",
            "Revert \"\"",
            "Revert \"\" (#1)",
            "Reapply \"",
            "Revert",
            "fixup!",
            "fixup! ",
            "Merge",
            "Merged",
            "é",
            "€€€: €",
            "feat(é): ü",
            "\u{feff}feat: x",
            "feat: x\n\nBREAKING CHANG€: y",
            "feat: x\n\nBREAKING CHANGE:",
            "feat: x\n\nBREAKING CHANGE",
            "feat: x\n\nbreaking chang€",
            "feat: x\n\nToken: ",
            "feat: x\n\nToken #",
            "feat: x\n\n#",
            "feat: x\n\n-: y",
            "revert: x\n\nThis reverts commit ",
            "revert: x\n\nThis reverts commit €€€.",
            "revert: x\n\nRefs: ,,, ",
            "Revert \"x\"\n\nthis reverts commit thisreverts commit ",
            "feat: x\n\n\n\n\n",
            &long,
            &long_header,
            &long_colon,
        ];
        for input in nasty {
            let _ = parse(input);
            let _ = parse_with(input, Strictness::Lenient);
            let _ = clean_hook_message(input, '#');
            let _ = clean_hook_message(input, '€');
        }
        assert_eq!(commit(&long_header).description.len(), 100_000);
        assert_eq!(rejection(&long_colon).column, 100_002);
        assert_eq!(rejection("!:").reason, MISSING_TYPE);
        assert_eq!(rejection("feat\0: x").column, 5);
        let c = commit("feat: x\n\nBREAKING CHANGE:");
        assert!(c.breaking);
        assert_eq!(c.breaking_notes(), vec!["x"]);
    }
}
