//! Heading ids as each documentation generator makes them. Every algorithm here follows the
//! generator's own code (named in each function's comment): the text a heading shows becomes
//! its id, and a repeated id is numbered the generator's way. No guessing: where a site's
//! generator is not one of these, its anchors are GitHub's and the finding says so.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

/// How a site turns a heading into its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Slugger {
    /// github-slugger: GitHub, Docusaurus, Astro and Starlight.
    GitHub,
    /// Rspress' ids (`@rspress/core`'s `collectHeadingIds` and `parseToc`): github-slugger's
    /// on the heading's text trimmed, so a JSX badge after the title leaves no `-` behind.
    Rspress,
    /// @nuxtjs/mdc's ids (Nuxt Content, `compileHast`): github-slugger's, then each run of
    /// `-` made one, a `-` at either end dropped, `_` put before a leading digit.
    NuxtMdc,
    /// pmndrs/docs' `slugify` (`src/utils/rehype.ts`): lower-cased, each run of whitespace
    /// and each run of `-` one `-`, punctuation kept; repeats not numbered.
    Pmndrs,
    /// `@mdit-vue/shared`'s `slugify` with markdown-it-anchor's numbering: VitePress, VuePress.
    VitePress,
    /// A VitePress site's own `markdown.anchor.slugify` that is `@mdit-vue`'s without its
    /// last steps (pinia's and vue-router's): case kept (`lower` false), edge dashes kept
    /// (`trim` false).
    VitePressOwn { lower: bool, trim: bool },
    /// Python-Markdown's `toc` extension (MkDocs): `slugify`, or `slugify_unicode`.
    PythonMarkdown { unicode: bool },
    /// `pymdownx.slugs.slugify` (Material for MkDocs' recommendation), lower-cased or not.
    Pymdownx { lower: bool },
    /// Hugo's goldmark ids: `autoHeadingIDType` `github`, `github-ascii` or `blackfriday`.
    Goldmark(IdType),
    /// kramdown's GFM parser (Jekyll's default), with its `auto_id_prefix`.
    KramdownGfm { prefix: String },
    /// kramdown's own parser (`input: kramdown`), with its `auto_id_prefix`.
    Kramdown { prefix: String },
    /// mdBook's `normalize_id`.
    MdBook,
    /// MyST-Parser's default slug (Sphinx).
    Myst,
    /// Zola's ids: the `slug` crate's `slugify` when `exact` (`[slugify] anchors = "on"`).
    /// It spells non-ASCII letters in ASCII (`deunicode`), which relman does not: a page
    /// with such a heading has anchors relman cannot all know.
    Zola { exact: bool },
}

/// Hugo's `markup.goldmark.parser.autoHeadingIDType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdType {
    GitHub,
    GitHubAscii,
    Blackfriday,
}

impl Slugger {
    /// The ids of headings with these texts, in order, numbered as the generator numbers
    /// repeats. An id the generator would not emit (kramdown's empty id) is left out.
    pub(crate) fn ids<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut numbering = Numbering::default();
        texts
            .into_iter()
            .filter_map(|text| numbering.unique(self, self.slug(text)))
            .collect()
    }

    /// The ids of a page's headings in order, as `ids`, where a heading may carry its own
    /// id (`## Title {#id}`): that id is the heading's only one (the generator slugs no text
    /// for it), and it is taken, so a later heading that slugs the same is numbered.
    pub(crate) fn ids_with<'a>(
        &self,
        headings: impl IntoIterator<Item = (&'a str, Option<&'a str>)>,
    ) -> Vec<String> {
        let mut numbering = Numbering::default();
        let headings: Vec<(&str, Option<&str>)> = headings.into_iter().collect();
        if matches!(self, Slugger::Zola { .. }) {
            // Zola takes every heading's own id first, then numbers the others around them
            // (`## Example` before `## Bar {#example}` is `example-1`).
            numbering.used.extend(
                headings
                    .iter()
                    .filter_map(|(_, own)| own.map(str::to_string)),
            );
        }
        headings
            .into_iter()
            .filter_map(|(text, own)| match own {
                Some(id) => {
                    // Probing generators skip it; counting ones (kramdown, mdBook) count
                    // only the ids they make.
                    numbering.used.insert(id.to_string());
                    Some(id.to_string())
                }
                None => numbering.unique(self, self.slug(text)),
            })
            .collect()
    }

    /// A heading's id before repeats are numbered.
    pub(crate) fn slug(&self, text: &str) -> String {
        match self {
            Slugger::GitHub => crate::lint::broken_link::slug(text),
            Slugger::Rspress => crate::lint::broken_link::slug(text.trim()),
            Slugger::NuxtMdc => nuxt_mdc(&crate::lint::broken_link::slug(text)),
            Slugger::Pmndrs => pmndrs(text),
            Slugger::VitePress => vitepress(text, true, true),
            Slugger::VitePressOwn { lower, trim } => vitepress(text, *lower, *trim),
            Slugger::PythonMarkdown { unicode } => python_markdown(text, *unicode),
            Slugger::Pymdownx { lower } => pymdownx(text, *lower),
            Slugger::Goldmark(IdType::Blackfriday) => blackfriday(text),
            Slugger::Goldmark(kind) => goldmark(text, *kind == IdType::GitHubAscii),
            Slugger::KramdownGfm { prefix } => format!("{prefix}{}", kramdown_gfm(text)),
            Slugger::Kramdown { prefix } => format!("{prefix}{}", kramdown(text)),
            Slugger::MdBook => mdbook(text),
            Slugger::Myst => myst(text),
            Slugger::Zola { .. } => slug_crate(text),
        }
    }

    /// The generator's name for its algorithm, for messages.
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Slugger::GitHub => "github-slugger",
            Slugger::Rspress => "Rspress' ids (github-slugger's, on the text trimmed)",
            Slugger::NuxtMdc => "@nuxtjs/mdc's ids (github-slugger's, edge dashes trimmed)",
            Slugger::Pmndrs => "pmndrs/docs' slugify (punctuation kept)",
            Slugger::VitePress => "VitePress's slugify",
            Slugger::VitePressOwn { lower: false, .. } => {
                "the site's own slugify (VitePress's, keeping case)"
            }
            Slugger::VitePressOwn { .. } => "the site's own slugify (VitePress's)",
            Slugger::PythonMarkdown { unicode: false } => "Python-Markdown's toc slugify",
            Slugger::PythonMarkdown { unicode: true } => "Python-Markdown's slugify_unicode",
            Slugger::Pymdownx { .. } => "pymdownx.slugs.slugify",
            Slugger::Goldmark(IdType::GitHub) => "Hugo's github ids",
            Slugger::Goldmark(IdType::GitHubAscii) => "Hugo's github-ascii ids",
            Slugger::Goldmark(IdType::Blackfriday) => "Hugo's blackfriday ids",
            Slugger::KramdownGfm { .. } => "kramdown's GFM ids",
            Slugger::Kramdown { .. } => "kramdown's ids",
            Slugger::MdBook => "mdBook's normalize_id",
            Slugger::Myst => "MyST's slugify",
            Slugger::Zola { exact: true } => "Zola's slugify (the slug crate)",
            Slugger::Zola { exact: false } => {
                "Zola's ids as written (`[slugify] anchors`), which relman does not compute"
            }
        }
    }
}

/// pmndrs/docs: `title.toLowerCase().replace(/\s+|-+/g, '-')` on the heading's text.
fn pmndrs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // In a run of whitespace (true) or of dashes (false).
    let mut run: Option<bool> = None;
    for c in text.chars() {
        let kind = if c.is_whitespace() {
            Some(true)
        } else if c == '-' {
            Some(false)
        } else {
            None
        };
        match kind {
            Some(k) if run == Some(k) => {}
            Some(k) => {
                out.push('-');
                run = Some(k);
            }
            None => {
                out.extend(c.to_lowercase());
                run = None;
            }
        }
    }
    out
}

/// @nuxtjs/mdc's last steps on github-slugger's id: `-` runs made one, none at either end,
/// `_` before a leading digit. (It numbers a repeat before these steps; relman after them,
/// which differs only where two headings differ by an edge dash alone.)
fn nuxt_mdc(github: &str) -> String {
    let mut out = String::with_capacity(github.len() + 1);
    for c in github.chars() {
        if c == '-' && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push(c);
    }
    if out.ends_with('-') {
        out.pop();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The `slug` crate's `slugify` on ASCII (Zola): letters lower-cased, digits kept, every
/// other run of characters one `-`, none at either end. A non-ASCII character is a `-` here
/// (the crate spells it in ASCII; the caller knows such a page's ids are not all known).
fn slug_crate(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = true;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash {
            out.push('-');
            dash = true;
        }
    }
    if out.ends_with('-') {
        out.pop();
    }
    out
}

/// A set of ids: a list while it is short, as nearly every page's headings are (a lookup
/// compares a few strings where hashing one costs more), a hash set past that.
#[derive(Default)]
struct Taken {
    list: Vec<String>,
    set: HashSet<String>,
}

impl Taken {
    const LIST_MAX: usize = 32;

    fn contains(&self, id: &str) -> bool {
        if self.set.is_empty() {
            self.list.iter().any(|taken| taken == id)
        } else {
            self.set.contains(id)
        }
    }

    /// Add `id`; the list may hold it twice (an own id that was also made), which a lookup
    /// does not mind.
    fn insert(&mut self, id: String) {
        if !self.set.is_empty() {
            self.set.insert(id);
        } else if self.list.len() < Self::LIST_MAX {
            self.list.push(id);
        } else {
            self.set = std::mem::take(&mut self.list).into_iter().collect();
            self.set.insert(id);
        }
    }
}

impl Extend<String> for Taken {
    fn extend<I: IntoIterator<Item = String>>(&mut self, ids: I) {
        for id in ids {
            self.insert(id);
        }
    }
}

/// The ids given so far on a page, and the generator's way of making a repeat unique.
#[derive(Default)]
struct Numbering {
    used: Taken,
    /// Per id: how many times it was seen (kramdown and mdBook count; they do not probe).
    counts: HashMap<String, usize>,
}

impl Numbering {
    fn unique(&mut self, slugger: &Slugger, id: String) -> Option<String> {
        let id = match slugger {
            // github-slugger, markdown-it-anchor, goldmark and MyST: `-1`, `-2`, … until free.
            // Zola's `find_anchor`: the same.
            Slugger::GitHub
            | Slugger::Rspress
            | Slugger::NuxtMdc
            | Slugger::VitePress
            | Slugger::VitePressOwn { .. }
            | Slugger::Myst
            | Slugger::Zola { .. } => self.probe(id, "-"),
            Slugger::Goldmark(_) => {
                let id = if id.is_empty() {
                    "heading".to_string()
                } else {
                    id
                };
                self.probe(id, "-")
            }
            // pmndrs/docs gives a repeated heading the same id.
            Slugger::Pmndrs => id,
            // Python-Markdown's `unique`: `_1`, `_2`; an id ending in `_N` counts on from N;
            // an empty id is never kept.
            Slugger::PythonMarkdown { .. } | Slugger::Pymdownx { .. } => {
                let mut id = id;
                while id.is_empty() || self.used.contains(&id) {
                    id = match counted(&id) {
                        Some((stem, n)) => format!("{stem}_{}", n + 1),
                        None => format!("{id}_1"),
                    };
                }
                id
            }
            // kramdown-parser-gfm: `@id_counter = Hash.new(-1)`; the n-th repeat gets `-n`,
            // whether or not that id was taken; an empty id gives no `id` attribute.
            Slugger::KramdownGfm { .. } => {
                let n = self.count(&id);
                if id.is_empty() && n == 0 {
                    return None;
                }
                if n == 0 {
                    id
                } else {
                    format!("{id}-{n}")
                }
            }
            // kramdown's `generate_id`: an empty id is `section`; repeats `-1`, `-2`.
            Slugger::Kramdown { prefix } => {
                let id = if id == *prefix {
                    format!("{prefix}section")
                } else {
                    id
                };
                let n = self.count(&id);
                if n == 0 {
                    id
                } else {
                    format!("{id}-{n}")
                }
            }
            // mdBook's `unique_id_from_content`: `-1`, `-2` by count.
            Slugger::MdBook => {
                let n = self.count(&id);
                if n == 0 {
                    id
                } else {
                    format!("{id}-{n}")
                }
            }
        };
        self.used.insert(id.clone());
        Some(id)
    }

    fn probe(&mut self, id: String, sep: &str) -> String {
        if !self.used.contains(&id) {
            return id;
        }
        let mut n = 1;
        loop {
            let candidate = format!("{id}{sep}{n}");
            if !self.used.contains(&candidate) {
                return candidate;
            }
            n += 1;
        }
    }

    /// How many times `id` was seen before (and count this one).
    fn count(&mut self, id: &str) -> usize {
        let n = self.counts.entry(id.to_string()).or_insert(0);
        let before = *n;
        *n += 1;
        before
    }
}

/// `stem_N` (Python-Markdown's `IDCOUNT_RE`, `^(.*)_([0-9]+)$`).
fn counted(id: &str) -> Option<(&str, u64)> {
    let (stem, n) = id.rsplit_once('_')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((stem, n.parse().ok()?))
}

/// `@mdit-vue/shared` `slugify`: NFKD, combining marks U+0300–U+036F and controls removed,
/// each run of whitespace and ASCII punctuation (and curly quotes) made one `-`, `-` runs
/// collapsed and trimmed, `_` before a leading digit, lower-cased.
fn vitepress(text: &str, lower: bool, trim: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.nfkd() {
        if ('\u{300}'..='\u{36f}').contains(&c) || c <= '\u{1f}' {
            continue;
        }
        if js_whitespace(c)
            || "~`!@#$%^&*()-_+=[]{}|\\;:\"'\u{201c}\u{201d}\u{2018}\u{2019}<>,.?/".contains(c)
        {
            dash = true;
            continue;
        }
        if dash && (!trim || !out.is_empty()) {
            out.push('-');
        }
        dash = false;
        out.push(c);
    }
    if dash && !trim {
        out.push('-');
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if lower {
        out.to_lowercase()
    } else {
        out
    }
}

/// JavaScript's `\s`: Unicode white space and the line terminators, and U+FEFF.
fn js_whitespace(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Python's `\w` on `str`: letters, numbers (every kind) and `_`.
static PY_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{L}\p{N}_]$").expect("valid regex"));

fn py_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    let mut buf = [0u8; 4];
    PY_WORD.is_match(c.encode_utf8(&mut buf))
}

/// Python-Markdown's `toc.slugify(value, '-', unicode)`: unless `unicode`, NFKD and every
/// non-ASCII character dropped; then `[^\w\s-]` removed, stripped, lower-cased, and each run
/// of `-` and white space made one `-`.
fn python_markdown(text: &str, unicode: bool) -> String {
    let value: String = if unicode {
        text.to_string()
    } else {
        text.nfkd().filter(char::is_ascii).collect()
    };
    let kept: String = value
        .chars()
        .filter(|&c| py_word(c) || c.is_whitespace() || c == '-')
        .collect();
    let lower = kept.trim().to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut run = false;
    for c in lower.chars() {
        if c == '-' || c.is_whitespace() {
            if !run {
                out.push('-');
            }
            run = true;
        } else {
            run = false;
            out.push(c);
        }
    }
    out
}

/// `pymdownx.slugs.slugify`: NFC, HTML tags removed, stripped, lower-cased when configured
/// (`case: lower`), `[^\w\- ]` removed, each space made `-` (no collapsing).
fn pymdownx(text: &str, lower: bool) -> String {
    let value: String = text.nfc().collect();
    let value = value.trim();
    let value = if lower {
        value.to_lowercase()
    } else {
        value.to_string()
    };
    value
        .chars()
        .filter(|&c| py_word(c) || c == '-' || c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Hugo's `sanitizeAnchorName` (markup/goldmark/autoid.go) for `github` and `github-ascii`:
/// trimmed; `-` and space become `-`; letters, digits (`Nd`) and `_` are kept lower-cased;
/// the rest is dropped. `github-ascii` first removes accents and then drops non-ASCII.
fn goldmark(text: &str, ascii: bool) -> String {
    let text: String = if ascii {
        text.nfd()
            .filter(|c| !unicode_mark(*c))
            .nfc()
            .collect::<String>()
    } else {
        text.to_string()
    };
    let mut out = String::with_capacity(text.len());
    for c in text.trim_matches(go_space).chars() {
        if ascii && !c.is_ascii() {
            continue;
        }
        if c == '-' || c == ' ' {
            out.push('-');
        } else if c == '_' || letter(c) || go_digit(c) {
            out.extend(c.to_lowercase());
        }
    }
    out
}

/// Go's `unicode.IsSpace` (what `bytes.TrimSpace` trims).
fn go_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{85}' | '\u{a0}'
    ) || (!c.is_ascii() && c.is_whitespace())
}

static NONSPACING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{M}$").expect("valid regex"));
static DECIMAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{Nd}$").expect("valid regex"));
static NUMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{N}$").expect("valid regex"));
static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\p{L}$").expect("valid regex"));

fn category(re: &Regex, c: char) -> bool {
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

fn unicode_mark(c: char) -> bool {
    !c.is_ascii() && category(&NONSPACING, c)
}

fn go_digit(c: char) -> bool {
    c.is_ascii_digit() || (!c.is_ascii() && category(&DECIMAL, c))
}

fn letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (!c.is_ascii() && category(&LETTER, c))
}

/// Blackfriday's `SanitizedAnchorName`: letters and numbers kept lower-cased, every other
/// run of characters one `-`, none leading or trailing.
fn blackfriday(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if letter(c) || c.is_ascii_digit() || (!c.is_ascii() && category(&NUMBER, c)) {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// Ruby's `\p{Word}`: letters, marks, decimal numbers and connector punctuation.
static RUBY_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{L}\p{M}\p{Nd}\p{Pc}]$").expect("valid regex"));

/// kramdown-parser-gfm's `generate_gfm_header_id`: lower-cased, `[^\p{Word}\- \t]` removed,
/// each space and tab made `-` (no collapsing, no trimming).
fn kramdown_gfm(text: &str) -> String {
    let mut buf = [0u8; 4];
    text.to_lowercase()
        .chars()
        .filter(|&c| {
            c == '-'
                || c == ' '
                || c == '\t'
                || c.is_ascii_alphanumeric()
                || c == '_'
                || (!c.is_ascii() && RUBY_WORD.is_match(c.encode_utf8(&mut buf)))
        })
        .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
        .collect()
}

/// kramdown's `basic_generate_id`: everything up to the first ASCII letter removed, then
/// everything but ASCII letters, digits, spaces and `-`; spaces made `-`; lower-cased.
fn kramdown(text: &str) -> String {
    let start = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    text[start..]
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .map(|c| {
            if c == ' ' {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

/// mdBook's `normalize_id`: alphanumerics, `_` and `-` kept (ASCII lower-cased), white
/// space made `-`, the rest dropped.
fn mdbook(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c.to_ascii_lowercase())
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// MyST-Parser's `default_slugify`: stripped and lower-cased, `[^\w\- ]` removed, each
/// space made `-`.
fn myst(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter(|&c| py_word(c) || c == '-' || c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pmndrs_docs_ids() {
        // pmndrs/docs src/utils/rehype.ts: `title.toLowerCase().replace(/\s+|-+/g, '-')`.
        let p = Slugger::Pmndrs;
        assert_eq!(
            p.slug("I’ve updated the state, but the screen doesn’t update"),
            "i’ve-updated-the-state,-but-the-screen-doesn’t-update"
        );
        assert_eq!(
            p.slug("Using scoped (non-global) vanilla store in React"),
            "using-scoped-(non-global)-vanilla-store-in-react"
        );
        assert_eq!(p.slug("a - b"), "a---b");
        assert_eq!(p.slug("a  --  b"), "a---b");
        assert_eq!(p.ids(["Setup", "Setup"]), ["setup", "setup"]);
    }

    #[test]
    fn nuxt_mdc_ids() {
        // @nuxtjs/mdc compileHast: github-slugger's id, then `/-+/g` → `-`, `/^-|-$/g` → ``,
        // `/^(\d)/` → `_$1`. A heading ending in a component has a trailing space.
        let nuxt = Slugger::NuxtMdc;
        assert_eq!(nuxt.slug("Nuxt project "), "nuxt-project");
        assert_eq!(nuxt.slug("1. Install"), "_1-install");
        assert_eq!(nuxt.slug("A -- B"), "a-b");
        assert_eq!(nuxt.slug(" Lead"), "lead");
        assert_eq!(nuxt.ids(["Setup ", "Setup "]), ["setup", "setup-1"]);
    }

    #[test]
    fn numbering_holds_past_the_short_list() {
        // Past the short list's length the ids move to a hash set; the numbering goes on.
        let texts = vec!["Example"; Taken::LIST_MAX * 2 + 3];
        let ids = Slugger::GitHub.ids(texts.iter().copied());
        assert_eq!(ids.len(), texts.len());
        assert_eq!(ids[0], "example");
        assert_eq!(ids[Taken::LIST_MAX], format!("example-{}", Taken::LIST_MAX));
        assert_eq!(ids.last().unwrap(), &format!("example-{}", texts.len() - 1));
        // A heading that slugs as an earlier repeat's id is numbered past it.
        let mut texts: Vec<String> = (0..40).map(|n| format!("Part {n}")).collect();
        texts.push("Part 3".into());
        texts.push("Part 3 1".into());
        let ids = Slugger::GitHub.ids(texts.iter().map(String::as_str));
        assert_eq!(ids[40], "part-3-1");
        assert_eq!(ids[41], "part-3-1-1");
        let mut taken = Taken::default();
        taken.extend((0..50).map(|n| n.to_string()));
        taken.insert("7".into());
        assert!(taken.contains("49") && taken.contains("0") && !taken.contains("50"));
    }

    #[test]
    fn zola_ids_are_the_slug_crates() {
        // The cases of the slug crate's own documentation.
        let zola = Slugger::Zola { exact: true };
        assert_eq!(zola.slug("My Test String!!!1!1"), "my-test-string-1-1");
        assert_eq!(zola.slug("test\nit   now!"), "test-it-now");
        assert_eq!(zola.slug("  --test_-_cool"), "test-cool");
        assert_eq!(zola.slug("You & Me"), "you-me");
        assert_eq!(zola.slug("user@example.com"), "user-example-com");
        // Zola's `find_anchor`: example, example-1, example-2.
        assert_eq!(
            zola.ids(["Example", "Example", "Example"]),
            ["example", "example-1", "example-2"]
        );
        // Own ids are taken before the others are numbered.
        assert_eq!(
            zola.ids_with([("Example", None), ("Bar", Some("example"))]),
            ["example-1", "example"]
        );
        assert_eq!(
            Slugger::GitHub.ids_with([("Example", None), ("Bar", Some("example"))]),
            ["example", "example"],
            "github-slugger numbers only what it makes"
        );
    }

    fn ids(slugger: &Slugger, texts: &[&str]) -> Vec<String> {
        slugger.ids(texts.iter().copied())
    }

    // The expected ids below were made by the generators' own code, not by relman: VitePress's
    // by markdown-it 14 with markdown-it-anchor and `@mdit-vue/shared`'s slugify (as VitePress
    // configures them), GitHub's by github-slugger 2, Python-Markdown's by markdown 3 (`toc`,
    // with `slugify_unicode` for the unicode list) and pymdownx's by pymdown-extensions 10
    // (`pymdownx.slugs.slugify(case='lower')` and with no `case`), each rendering the whole
    // list as `## ` headings of one page, so repeats are numbered as on a page.
    /// Headings as the document model gives their text (code spans unwrapped, trimmed). No tab:
    /// Python-Markdown expands tabs in the whole page before it parses.
    const HEADINGS: &[&str] = &[
        "server.https",
        "--gpg-sign",
        "Prerequisites & Setup",
        "What's new?",
        "1.2.0 - 2024-01-01",
        "Foo",
        "Foo",
        "Foo 1",
        "Foo-1",
        "Émoji ✅ café",
        "Ünïcödé Straße",
        "C++ / C#",
        "A -- B --- C",
        "_private_name",
        "日本語の見出し",
        "foo_1",
        "foo_1",
        "Step 1: Install (optional)",
        "config.ts options",
        "...",
        "Ωmega ½ ² ﬁle",
        "Leading and trailing",
        "Ａｂｃ full-width",
        "“Quoted” ‘text’ — dash",
        "Hello, World!",
        "İstanbul ΣΑΣ",
    ];
    const GITHUB: &[&str] = &[
        "serverhttps",
        "--gpg-sign",
        "prerequisites--setup",
        "whats-new",
        "120---2024-01-01",
        "foo",
        "foo-1",
        "foo-1-1",
        "foo-1-2",
        "émoji--café",
        "ünïcödé-straße",
        "c--c",
        "a----b-----c",
        "_private_name",
        "日本語の見出し",
        "foo_1",
        "foo_1-1",
        "step-1-install-optional",
        "configts-options",
        "",
        "ωmega---ﬁle",
        "leading-and-trailing",
        "ａｂｃ-full-width",
        "quoted-text--dash",
        "hello-world",
        "i̇stanbul-σας",
    ];
    const VITEPRESS: &[&str] = &[
        "server-https",
        "gpg-sign",
        "prerequisites-setup",
        "what-s-new",
        "_1-2-0-2024-01-01",
        "foo",
        "foo-1",
        "foo-1-1",
        "foo-1-2",
        "emoji-✅-cafe",
        "unicode-straße",
        "c-c",
        "a-b-c",
        "private-name",
        "日本語の見出し",
        "foo-1-3",
        "foo-1-4",
        "step-1-install-optional",
        "config-ts-options",
        "",
        "ωmega-1⁄2-2-file",
        "leading-and-trailing",
        "abc-full-width",
        "quoted-text-—-dash",
        "hello-world",
        "istanbul-σας",
    ];
    const PYTHON_MARKDOWN: &[&str] = &[
        "serverhttps",
        "-gpg-sign",
        "prerequisites-setup",
        "whats-new",
        "120-2024-01-01",
        "foo",
        "foo_1",
        "foo-1",
        "foo-1_1",
        "emoji-cafe",
        "unicode-strae",
        "c-c",
        "a-b-c",
        "_private_name",
        "_1",
        "foo_2",
        "foo_3",
        "step-1-install-optional",
        "configts-options",
        "_2",
        "mega-12-2-file",
        "leading-and-trailing",
        "abc-full-width",
        "quoted-text-dash",
        "hello-world",
        "istanbul",
    ];
    const PYTHON_MARKDOWN_UNICODE: &[&str] = &[
        "serverhttps",
        "-gpg-sign",
        "prerequisites-setup",
        "whats-new",
        "120-2024-01-01",
        "foo",
        "foo_1",
        "foo-1",
        "foo-1_1",
        "émoji-café",
        "ünïcödé-straße",
        "c-c",
        "a-b-c",
        "_private_name",
        "日本語の見出し",
        "foo_2",
        "foo_3",
        "step-1-install-optional",
        "configts-options",
        "_1",
        "ωmega-½-²-ﬁle",
        "leading-and-trailing",
        "ａｂｃ-full-width",
        "quoted-text-dash",
        "hello-world",
        "i̇stanbul-σας",
    ];
    const PYMDOWNX_LOWER: &[&str] = &[
        "serverhttps",
        "--gpg-sign",
        "prerequisites--setup",
        "whats-new",
        "120---2024-01-01",
        "foo",
        "foo_1",
        "foo-1",
        "foo-1_1",
        "émoji--café",
        "ünïcödé-straße",
        "c--c",
        "a----b-----c",
        "_private_name",
        "日本語の見出し",
        "foo_2",
        "foo_3",
        "step-1-install-optional",
        "configts-options",
        "_1",
        "ωmega-½-²-ﬁle",
        "leading-and-trailing",
        "ａｂｃ-full-width",
        "quoted-text--dash",
        "hello-world",
        "istanbul-σας",
    ];
    const PYMDOWNX: &[&str] = &[
        "serverhttps",
        "--gpg-sign",
        "Prerequisites--Setup",
        "Whats-new",
        "120---2024-01-01",
        "Foo",
        "Foo_1",
        "Foo-1",
        "Foo-1_1",
        "Émoji--café",
        "Ünïcödé-Straße",
        "C--C",
        "A----B-----C",
        "_private_name",
        "日本語の見出し",
        "foo_1",
        "foo_2",
        "Step-1-Install-optional",
        "configts-options",
        "_1",
        "Ωmega-½-²-ﬁle",
        "Leading-and-trailing",
        "Ａｂｃ-full-width",
        "Quoted-text--dash",
        "Hello-World",
        "İstanbul-ΣΑΣ",
    ];

    fn check(slugger: &Slugger, want: &[&str]) {
        let got = slugger.ids(HEADINGS.iter().copied());
        for ((text, got), want) in HEADINGS.iter().zip(&got).zip(want) {
            assert_eq!(got, want, "{slugger:?} on {text:?}");
        }
        assert_eq!(got.len(), want.len(), "{slugger:?}");
    }

    #[test]
    fn github_slugger() {
        check(&Slugger::GitHub, GITHUB);
    }

    #[test]
    fn vitepress() {
        check(&Slugger::VitePress, VITEPRESS);
    }

    /// pinia's and vue-router's `markdown.anchor.slugify`, run by node on these texts.
    #[test]
    fn vitepress_with_case_and_edges_kept() {
        let own = Slugger::VitePressOwn {
            lower: false,
            trim: false,
        };
        for (text, id) in [
            ("Suspense", "Suspense"),
            (
                "Disconnecting a loader from a page",
                "Disconnecting-a-loader-from-a-page",
            ),
            ("`useRoute()`", "-useRoute-"),
            ("2.0 Release", "_2-0-Release"),
            ("-- Edge --", "-Edge-"),
            ("Café à la crème", "Cafe-a-la-creme"),
            ("Type Aliases: LocationQuery", "Type-Aliases-LocationQuery"),
            ("What's new?", "What-s-new-"),
        ] {
            assert_eq!(own.slug(text), id, "{text}");
        }
        // With both steps, VitePress's own.
        let full = Slugger::VitePressOwn {
            lower: true,
            trim: true,
        };
        for text in ["What's new?", "-- Edge --", "2.0 Release", "`useRoute()`"] {
            assert_eq!(full.slug(text), Slugger::VitePress.slug(text), "{text}");
        }
    }

    #[test]
    fn python_markdown() {
        check(&Slugger::PythonMarkdown { unicode: false }, PYTHON_MARKDOWN);
        check(
            &Slugger::PythonMarkdown { unicode: true },
            PYTHON_MARKDOWN_UNICODE,
        );
    }

    #[test]
    fn pymdownx() {
        check(&Slugger::Pymdownx { lower: true }, PYMDOWNX_LOWER);
        check(&Slugger::Pymdownx { lower: false }, PYMDOWNX);
    }

    /// Hugo: cases read off markup/goldmark/autoid.go (and Hugo's autoid_test.go cases).
    #[test]
    fn goldmark() {
        let github = Slugger::Goldmark(IdType::GitHub);
        assert_eq!(
            ids(
                &github,
                &[
                    "A 'b' C",
                    "A 'b' C",
                    "",
                    "Hello, World!",
                    "  Trim  ",
                    "a--b",
                    "Ünïcödé ½"
                ]
            ),
            [
                "a-b-c",
                "a-b-c-1",
                "heading",
                "hello-world",
                "trim",
                "a--b",
                "ünïcödé-"
            ]
        );
        let ascii = Slugger::Goldmark(IdType::GitHubAscii);
        assert_eq!(
            ids(&ascii, &["Ünïcödé Straße", "日本"]),
            ["unicode-strae", "heading"]
        );
        let bf = Slugger::Goldmark(IdType::Blackfriday);
        assert_eq!(
            ids(&bf, &["A 'b' C", "  --Leading ½ and trailing!! ", "x"]),
            ["a-b-c", "leading-½-and-trailing", "x"]
        );
    }

    /// Jekyll: kramdown-parser-gfm's `generate_gfm_header_id` and kramdown's `generate_id`.
    #[test]
    fn kramdown() {
        let gfm = Slugger::KramdownGfm {
            prefix: String::new(),
        };
        assert_eq!(
            ids(
                &gfm,
                &[
                    "What's new?",
                    "Foo",
                    "Foo",
                    "Foo 1",
                    "C++ / C#",
                    "Émoji ✅",
                    "...",
                    "..."
                ]
            ),
            ["whats-new", "foo", "foo-1", "foo-1", "c--c", "émoji-", "-1"]
        );
        let prefixed = Slugger::KramdownGfm {
            prefix: "id-".to_string(),
        };
        assert_eq!(ids(&prefixed, &["Foo"]), ["id-foo"]);
        let own = Slugger::Kramdown {
            prefix: String::new(),
        };
        assert_eq!(
            ids(
                &own,
                &["1. Getting Started", "Foo", "Foo", "!!!", "Ünïcödé"]
            ),
            ["getting-started", "foo", "foo-1", "section", "ncd"]
        );
    }

    /// mdBook: `normalize_id` and `unique_id_from_content`.
    #[test]
    fn mdbook() {
        assert_eq!(
            ids(
                &Slugger::MdBook,
                &[
                    "Hello, World!",
                    "Hello World",
                    "Hello World",
                    "Ünïcödé ½",
                    "a\tb"
                ]
            ),
            [
                "hello-world",
                "hello-world-1",
                "hello-world-2",
                "Ünïcödé-½",
                "a-b"
            ]
        );
    }

    /// MyST-Parser: `default_slugify`.
    #[test]
    fn myst() {
        assert_eq!(
            ids(&Slugger::Myst, &["What's new?", "Foo", "Foo", "C++ / C#"]),
            ["whats-new", "foo", "foo-1", "c--c"]
        );
    }
}
