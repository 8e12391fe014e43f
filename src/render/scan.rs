//! A lexical scan of a template before tera parses it. tera's parser and renderer recurse
//! once per level of `{% if %}`/`{% for %}`/… blocks, parentheses and binary operators (a
//! chain `1 + 1 + …` is a tree as deep as it is long), and a deep enough template overflows
//! the stack: this scan refuses more than `MAX_NESTING` levels, counted together, with the
//! line and column where the limit is crossed. It also lists every tag with its position,
//! tokens and depth, which tera's syntax tree lacks, for the checks that follow the parse.
//!
//! It follows tera's lexical rules: `{{ }}`, `{% %}` and `{# #}` with their `-` variants,
//! `{% raw %}…{% endraw %}`, strings in `"`, `'` or `` ` `` without escapes. It never
//! rejects what tera accepts except for depth; what tera rejects it leaves to tera.

use std::collections::HashMap;

/// The deepest nesting a template may have: blocks, parentheses and operators together.
pub(super) const MAX_NESTING: usize = 64;

/// What a tag is, as far as matching it with tera's syntax tree goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    /// `{{ … }}`
    Var,
    If,
    Elif,
    For,
    /// `set` and `set_global`
    Set,
    Filter,
    Macro,
    Block,
    Include,
    Import,
    Extends,
    /// `else`, `end…`, `break`, `continue`, `raw` and unknown ones.
    Other,
}

/// One tag of the source.
#[derive(Debug)]
pub(super) struct Tag<'a> {
    pub(crate) kind: Kind,
    /// Where its `{{`/`{%` is, 1-based, the column in characters.
    pub(crate) line: usize,
    pub(crate) col: usize,
    /// The macro whose definition holds this tag (its `{% macro %}` tag included).
    pub(crate) scope: Option<&'a str>,
    pub(crate) tokens: Vec<Token<'a>>,
    /// The deepest level inside this tag: the blocks around it (and the one it opens), its
    /// deepest parentheses and all its operators.
    pub(crate) depth: usize,
    /// The first token of the first call of each function (`("", name)`) and macro
    /// (`(namespace, name)`) in this tag.
    calls: HashMap<(&'a str, &'a str), usize>,
}

/// One token inside a tag.
#[derive(Debug)]
pub(super) struct Token<'a> {
    pub(crate) text: &'a str,
    pub(crate) line: usize,
    pub(crate) col: usize,
    /// The level of this token: the blocks around its tag, the parentheses around it and
    /// all the operators of its tag (an upper bound of its depth in tera's tree).
    pub(crate) depth: usize,
}

/// The tags of a scan handed out by kind, in source order: tera's syntax tree, walked in
/// source order, asks for the tag of each node it meets.
pub(super) struct Ranks<'t, 'a> {
    by_kind: HashMap<Kind, Vec<&'t Tag<'a>>>,
    taken: HashMap<Kind, usize>,
}

impl<'t, 'a> Ranks<'t, 'a> {
    pub(super) fn new(tags: &'t [Tag<'a>]) -> Ranks<'t, 'a> {
        let mut by_kind: HashMap<Kind, Vec<&'t Tag<'a>>> = HashMap::new();
        for tag in tags {
            by_kind.entry(tag.kind).or_default().push(tag);
        }
        Ranks {
            by_kind,
            taken: HashMap::new(),
        }
    }

    /// The next tag of `kind`.
    pub(super) fn take(&mut self, kind: Kind) -> Option<&'t Tag<'a>> {
        let n = self.taken.entry(kind).or_default();
        let tag = self.by_kind.get(&kind).and_then(|v| v.get(*n)).copied();
        *n += 1;
        tag
    }
}

impl Tag<'_> {
    /// Where the first call `name(` (`namespace` empty) or `namespace::name(` of this tag is.
    pub(super) fn call(&self, namespace: &str, name: &str) -> Option<&Token<'_>> {
        self.calls.get(&(namespace, name)).map(|&i| &self.tokens[i])
    }
}

/// Why a template is refused, and where.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Refusal {
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
}

/// The tags of `src`, or where it nests deeper than `MAX_NESTING`.
pub(super) fn scan(src: &str) -> Result<Vec<Tag<'_>>, Refusal> {
    let mut cur = Cursor {
        src,
        pos: 0,
        line: 1,
        col: 1,
    };
    let mut tags = Vec::new();
    let mut blocks: usize = 0;
    let mut scope: Option<&str> = None;
    while let Some(at) = next_open(cur.rest()) {
        cur.bump(at);
        let (line, col) = (cur.line, cur.col);
        let second = cur.rest().as_bytes()[1];
        cur.bump(2);
        if second == b'#' {
            match cur.rest().find("#}") {
                Some(end) => cur.bump(end + 2),
                None => break,
            }
            continue;
        }
        cur.eat("-");
        let (kind, keyword, end) = if second == b'{' {
            (Kind::Var, "", "}}")
        } else {
            cur.skip_space();
            let word = cur.word();
            (statement_kind(word), word, "%}")
        };
        let opens = matches!(keyword, "if" | "for" | "macro" | "block" | "filter");
        if matches!(
            keyword,
            "endif" | "endfor" | "endmacro" | "endblock" | "endfilter"
        ) {
            blocks = blocks.saturating_sub(1);
        }
        let base = blocks + usize::from(opens);
        if base > MAX_NESTING {
            return Err(too_deep(line, col));
        }
        let Some(mut tag) = lex_tag(&mut cur, kind, end, base, line, col)? else {
            break;
        };
        if keyword == "macro" {
            scope = tag.tokens.first().map(|t| t.text);
        }
        tag.scope = scope;
        if keyword == "endmacro" {
            scope = None;
        }
        if opens {
            blocks += 1;
        }
        tags.push(tag);
        if keyword == "raw" && !skip_raw(&mut cur) {
            break;
        }
    }
    Ok(tags)
}

fn too_deep(line: usize, col: usize) -> Refusal {
    Refusal {
        line,
        col,
        message: format!(
            "nested more than {MAX_NESTING} levels deep (blocks, parentheses and operators together); flatten the template, e.g. with `{{% set %}}` for a part of an expression"
        ),
    }
}

fn statement_kind(word: &str) -> Kind {
    match word {
        "if" => Kind::If,
        "elif" => Kind::Elif,
        "for" => Kind::For,
        "set" | "set_global" => Kind::Set,
        "filter" => Kind::Filter,
        "macro" => Kind::Macro,
        "block" => Kind::Block,
        "include" => Kind::Include,
        "import" => Kind::Import,
        "extends" => Kind::Extends,
        _ => Kind::Other,
    }
}

/// Where the next `{{`, `{%` or `{#` starts.
fn next_open(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'{', &bytes[from..]) {
        let at = from + i;
        if matches!(bytes.get(at + 1), Some(b'{' | b'%' | b'#')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The tokens of one tag up to its `end` (`}}` or `%}`, maybe after a `-`); `None` when the
/// source ends first (tera reports that).
fn lex_tag<'a>(
    cur: &mut Cursor<'a>,
    kind: Kind,
    end: &str,
    base: usize,
    line: usize,
    col: usize,
) -> Result<Option<Tag<'a>>, Refusal> {
    let mut tokens: Vec<Token<'a>> = Vec::new();
    // The parentheses around each token, until the operators are all counted.
    let mut levels: Vec<usize> = Vec::new();
    let (mut parens, mut deepest, mut ops) = (0usize, 0usize, 0usize);
    let mut last_op: Option<(usize, usize)> = None;
    // The `in` of `{% for x in xs %}` is no operator.
    let mut for_in = kind == Kind::For;
    loop {
        cur.skip_space();
        let rest = cur.rest();
        if rest.is_empty() {
            return Ok(None);
        }
        if rest.starts_with(end) || (rest.starts_with('-') && rest[1..].starts_with(end)) {
            cur.bump(if rest.starts_with('-') { 3 } else { 2 });
            break;
        }
        let (tline, tcol) = (cur.line, cur.col);
        let first = rest.as_bytes()[0];
        let mut is_op = false;
        let len = match first {
            b'"' | b'\'' | b'`' => match rest[1..].find(char::from(first)) {
                Some(close) => close + 2,
                None => return Ok(None),
            },
            b'0'..=b'9' => rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
                .unwrap_or(rest.len()),
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let n = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                is_op = matches!(&rest[..n], "and" | "or" | "not" | "in");
                if for_in && &rest[..n] == "in" {
                    (is_op, for_in) = (false, false);
                }
                n
            }
            b'(' | b'[' => {
                parens += 1;
                deepest = deepest.max(parens);
                1
            }
            b')' | b']' => {
                parens = parens.saturating_sub(1);
                1
            }
            b':' if rest.starts_with("::") => 2,
            b'=' | b'!' | b'<' | b'>' if rest[1..].starts_with('=') => {
                is_op = true;
                2
            }
            b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' => {
                is_op = true;
                1
            }
            _ => rest.chars().next().map_or(1, char::len_utf8),
        };
        if is_op {
            ops += 1;
            last_op = Some((tline, tcol));
        }
        if base + parens + ops > MAX_NESTING {
            return Err(too_deep(tline, tcol));
        }
        tokens.push(Token {
            text: &rest[..len],
            line: tline,
            col: tcol,
            depth: 0,
        });
        levels.push(parens);
        cur.bump(len);
    }
    let depth = base + deepest + ops;
    if depth > MAX_NESTING {
        let (l, c) = last_op.unwrap_or((line, col));
        return Err(too_deep(l, c));
    }
    for (token, level) in tokens.iter_mut().zip(levels) {
        token.depth = base + level + ops;
    }
    let mut calls = HashMap::new();
    for (i, pair) in tokens.windows(2).enumerate() {
        if pair[1].text != "("
            || !pair[0]
                .text
                .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        {
            continue;
        }
        if i >= 2 && tokens[i - 1].text == "::" {
            calls
                .entry((tokens[i - 2].text, pair[0].text))
                .or_insert(i - 2);
        } else {
            calls.entry(("", pair[0].text)).or_insert(i);
        }
    }
    Ok(Some(Tag {
        kind,
        line,
        col,
        scope: None,
        tokens,
        depth,
        calls,
    }))
}

/// Past the `{% endraw %}` that closes a raw block; false when there is none.
fn skip_raw(cur: &mut Cursor<'_>) -> bool {
    loop {
        let Some(at) = cur.rest().find("{%") else {
            return false;
        };
        cur.bump(at + 2);
        let mut probe = cur.clone();
        probe.eat("-");
        probe.skip_space();
        if probe.word() != "endraw" {
            continue;
        }
        probe.skip_space();
        probe.eat("-");
        if probe.eat("%}") {
            *cur = probe;
            return true;
        }
    }
}

/// A position in the source, with its line and column (in characters).
#[derive(Clone)]
struct Cursor<'a> {
    src: &'a str,
    pos: usize,
    line: usize,
    col: usize,
}

impl<'a> Cursor<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn bump(&mut self, bytes: usize) {
        let end = (self.pos + bytes).min(self.src.len());
        for c in self.src[self.pos..end].chars() {
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.pos = end;
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.bump(s.len());
            true
        } else {
            false
        }
    }

    fn skip_space(&mut self) {
        let n = self.rest().len() - self.rest().trim_start().len();
        self.bump(n);
    }

    /// An identifier at the cursor (maybe empty), consumed.
    fn word(&mut self) -> &'a str {
        let rest = self.rest();
        let n = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        self.bump(n);
        &rest[..n]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, usize, usize, usize)> {
        scan(src)
            .unwrap()
            .iter()
            .map(|t| (t.kind, t.line, t.col, t.depth))
            .collect()
    }

    #[test]
    fn tags_have_kinds_positions_and_depths() {
        let src = "# T\n{% if a %}é {{ x + (y) }}{%- for i in xs -%}{% endfor %}{% endif %}\n{# {{ no }} #}{% raw %}{{ no }}{% endraw %}{{ z }}";
        assert_eq!(
            kinds(src),
            [
                (Kind::If, 2, 1, 1),
                (Kind::Var, 2, 13, 3),
                (Kind::For, 2, 26, 2),
                (Kind::Other, 2, 45, 1),
                (Kind::Other, 2, 57, 0),
                (Kind::Other, 3, 15, 0),
                (Kind::Var, 3, 44, 0),
            ]
        );
    }

    #[test]
    fn strings_hide_delimiters_and_tokens_have_positions() {
        let tags = scan("{{ \"}}\" ~ m::x( a='%}' ) }}").unwrap();
        assert_eq!(tags.len(), 1);
        let texts: Vec<&str> = tags[0].tokens.iter().map(|t| t.text).collect();
        assert_eq!(
            texts,
            ["\"}}\"", "~", "m", "::", "x", "(", "a", "=", "'%}'", ")"]
        );
        assert_eq!((tags[0].tokens[2].line, tags[0].tokens[2].col), (1, 11));
        assert_eq!(tags[0].tokens[6].depth, 1);
    }

    #[test]
    fn macro_scopes() {
        let tags = scan("{% macro m(a=1) %}{{ a }}{% endmacro m %}{{ b }}").unwrap();
        let scopes: Vec<Option<&str>> = tags.iter().map(|t| t.scope).collect();
        assert_eq!(scopes, [Some("m"), Some("m"), Some("m"), None]);
    }

    #[test]
    fn nesting_is_refused_where_it_crosses_the_limit() {
        let ok = format!("{}{}", "{% if a %}".repeat(64), "{% endif %}".repeat(64));
        assert!(scan(&ok).is_ok());
        let deep = format!("{}{}", "{% if a %}".repeat(65), "{% endif %}".repeat(65));
        let err = scan(&deep).unwrap_err();
        assert_eq!((err.line, err.col), (1, 64 * 10 + 1));
        assert!(err.message.starts_with("nested more than 64 levels"));
        // Siblings do not add up.
        let wide = "{% if a %}{% endif %}".repeat(1000);
        assert!(scan(&wide).is_ok());
        // Parentheses and operators count with the blocks around them.
        let parens = format!(
            "{{% if a %}}{{{{ {}1{} }}}}",
            "(".repeat(64),
            ")".repeat(64)
        );
        assert_eq!(scan(&parens).unwrap_err().col, 11 + 3 + 63);
        let ops = format!("{{{{ 1{} }}}}", " or 1".repeat(65));
        assert_eq!(scan(&ops).unwrap_err().col, 5 * 65 + 1);
        // Deep parentheses closed before an operator still make a deep tree.
        let late = format!("{{{{ {}1{} + 1 }}}}", "(".repeat(64), ")".repeat(64));
        assert_eq!(scan(&late).unwrap_err().col, 4 + 129 + 1);
    }

    #[test]
    fn unterminated_input_is_left_to_tera() {
        for src in [
            "{{ a",
            "{% if",
            "{{ 'a }}",
            "{# x",
            "{% raw %}x",
            "{",
            "x {% endif %}",
        ] {
            assert!(scan(src).is_ok(), "{src}");
        }
    }
}
