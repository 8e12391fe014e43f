//! The `mojibake` rule: text that is UTF-8 read as CP1252 (or Latin-1), found by encoding runs
//! of such characters back to bytes and decoding them as UTF-8; also U+FFFD replacement
//! characters and byte order marks inside the text, and control characters (terminal escape
//! sequences above all) anywhere in the file. It owns the judgement of which decodable pairs
//! are real words (`Straße“`, `là »`, `NESTLÉ®`) and which are mojibake, and the exact fix.
//! It reads only the document; inline code is checked for control characters only, code
//! blocks like prose.

use std::fmt::Write as _;

use super::fence::code_span;
use super::{Class, Context, Document, Finding, Output, Rule, Severity, Unreadable};

pub(crate) struct Mojibake;

const DOCS: &str = r"## What it finds

Text that was saved as UTF-8 and then read as CP1252 or Latin-1 (the Windows and ISO
encodings of western Europe), so that each character came out as two to four wrong ones:
`â€™` for `’`, `Ã©` for `é`, `âœ…` for `✅`, `ðŸš€` for `🚀`, `Â` before a no-break space.
It also finds U+FFFD (`�`), the replacement character a decoder writes when it gives up
(the original character is lost), and a byte order mark (U+FEFF) anywhere but at the very
start of the file.

It also finds control characters: every C0 control but tab and line feed (a carriage return
only when no line feed follows it), DEL, and the C1 controls U+0080–U+009F. A terminal escape
sequence (`ESC [` … a final letter, such as `\u{1b}[31m`; `ESC ]` … up to BEL or `ESC \`,
such as a hyperlink or a window title) is one finding, shown escaped in the message. The
colours of a code block of terminal output that the site renders in colour (info string
`ansi`, as Shiki and Expressive Code highlight it), or of a block showing such a block's
source, are its content and are not reported; other sequences there are.

The check is exact, not a list of known patterns: a run of characters that CP1252 can write as
single bytes is turned back into those bytes, and every part of it that decodes as valid
multi-byte UTF-8 (a lead byte `C2`–`F4` and the right number of continuation bytes `80`–`BF`)
is a candidate. Mojibake that went through the wrong encoding twice (`Ã¢Å“â€¦`) is repaired
until it no longer changes, and the message shows the text as it was meant.

A few pairs of real characters also form valid UTF-8, so a candidate is reported only when
it cannot be real text:

- `Â` followed by a symbol is always mojibake (`Â©`, `Â°`, `Â½`, `Â` and a no-break space).
- `Ã` followed by such a character is mojibake, unless it ends a word in capitals and a
  closing quote, dash, ellipsis or no-break space follows (Portuguese `IRMÃ”`).
- Other capital letters (`Ä`, `Å`, `É`, `Ð`, `Ö`, `Ü`, …) are mojibake after a lower-case
  letter (`wÅ‚aÅ›ciwy`) or before a character that cannot follow a word; after a word in
  capitals they may be followed by a quote, dash, ellipsis, no-break space, `™`, `®`, `©` or a
  superscript digit (`NESTLÉ®`, `CAFÉ”`).
- `ß` and a closing quote are German (`„Straße“`), never mojibake.
- A lower-case accented letter followed by two closing quotes, dashes, ellipses or no-break
  spaces ends a word (`là »` in French, `café…”`); anything else after it is mojibake.
- Two capitals inside a word in capitals are a Latin language's letters (Slovak `MÔŽE`),
  unless the first is a Greek or Cyrillic lead byte (`ÐŸ`).
- A candidate next to one that is certainly mojibake is mojibake too: whole words of broken
  Polish, Russian, Greek or Hebrew are found, not only their first letter.

Two broken forms have lost a byte and are reported without a fix, since the character meant
is only probable: `â€` followed by anything but a continuation byte (usually `”`, whose last
byte CP1252 leaves undefined), and `Ã` followed by a space after a lower-case letter
(`voilÃ `, usually `à` whose no-break space became a space).

## Why

Mojibake is what a reader sees when a file passed through a tool that guessed the wrong
encoding (an old editor, a spreadsheet, a copy from a web page). It is never what the author
meant, search does not find the words, and it spreads: the next copy is made from the broken
text.

A control character is never text: a page shows nothing where it is, while a terminal that
prints the file (`cat`, `git diff`, a CI log) obeys it. An escape sequence can recolour or
clear the screen, rewrite the window title, hide the lines around it, or show a link whose
target is not the text shown. They arrive by copying from a terminal, or from commit messages
and other text written by someone else.

## Example

<!-- relman-disable mojibake -->
```markdown
**Status**: âœ… READY
Letâ€™s ship the cafÃ© release.
```
<!-- relman-enable mojibake -->

is reported as ``âœ…` is `✅` read as CP1252`` and so on; `relman lint --fix` writes:

```markdown
**Status**: ✅ READY
Let’s ship the café release.
```

Only the mojibake itself is replaced. A replacement character or a lost byte cannot be
repaired exactly, so there is no automatic fix for them, nor for a control character (remove
it, or write what it meant: `\u{1b}` in code, a word in prose).

## Code blocks

Code blocks are checked like prose: a diagram with `â†“` in a ```` ```text ```` block is
broken text all the same, and a code sample with `Ã©` prints it. Inline code is not checked
for mojibake: a page about encodings shows it there on purpose (`` `Ã©` is `é` read as
CP1252 ``). A deliberate example in a block is marked with
`<!-- relman-disable-next-line mojibake -->` before the line, or `relman-disable mojibake`
… `relman-enable mojibake` around the block. Control characters are reported everywhere, code
included: a terminal acts on them wherever they are. The exceptions are the two that are
whitespace, a vertical tab and a form feed, in code (a linter's page on irregular whitespace
shows them in its samples), a form feed alone on its line (a page break, as GNU's style
writes them), and the colours of a block of terminal output that the site renders.
";

impl Rule for Mojibake {
    fn id(&self) -> &'static str {
        "mojibake"
    }

    fn default_severity(&self) -> Severity {
        Severity::Error
    }

    fn summary(&self) -> &'static str {
        "UTF-8 read as CP1252/Latin-1 (`âœ…` for ✅, `Ã©` for é), replacement characters, stray byte order marks, control characters (terminal escape sequences)"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    /// A file that is not UTF-8, or not readable at all, is this rule's finding.
    fn reports_unreadable(&self, why: Unreadable) -> bool {
        why == Unreadable::Content
    }

    fn check(&self, doc: &Document, _ctx: &Context, out: &mut Output) {
        controls(doc, out);
        // Everything else this rule looks for is outside ASCII.
        if doc.text.is_ascii() {
            return;
        }
        let text = doc.text.as_str();
        let bytes = text.as_bytes();
        let mut run: Vec<Item> = Vec::new();
        // The end of the line of the last U+FFFD, whether that line names it, and whether it
        // is a program's output in a terminal session.
        let mut fffd_line: Option<(usize, bool, bool)> = None;
        let mut transcript: Option<(usize, Option<usize>)> = None;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                if !run.is_empty() {
                    check_run(text, &run, out);
                    run.clear();
                }
                i = next_non_ascii(bytes, i);
                continue;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let end = i + c.len_utf8();
            if doc.class_at(i) == Class::InlineCode {
                if !run.is_empty() {
                    check_run(text, &run, out);
                    run.clear();
                }
                i = end;
                continue;
            }
            match (c, cp1252_byte(c)) {
                ('\u{fffd}', _) => {
                    let mut stop = end;
                    while text[stop..].starts_with('\u{fffd}') {
                        stop += '\u{fffd}'.len_utf8();
                    }
                    // What the line says, once per line.
                    let (named, output) = match fffd_line {
                        Some((end, named, output)) if i < end => (named, output),
                        _ => {
                            let start = text[..i].rfind('\n').map_or(0, |n| n + 1);
                            let end = text[i..].find('\n').map_or(text.len(), |n| i + n);
                            let named = names_the_replacement_character(&text[start..end]);
                            let output = !named && transcript_output(doc, start, &mut transcript);
                            fffd_line = Some((end, named, output));
                            (named, output)
                        }
                    };
                    if output {
                        // `1:foo�bar` below `$ rg foo invalid-utf8`: what the program
                        // prints, maybe on purpose.
                        out.findings.push(
                            Finding::new(
                                i..stop,
                                "`\u{fffd}` in a program's output shown in a terminal session: \
                                 the program printed it, or the text was decoded with errors \
                                 and the original is lost",
                            )
                            .warning(),
                        );
                    } else if !named {
                        out.findings.push(Finding::new(
                            i..stop,
                            "`\u{fffd}` is a replacement character: the text was decoded with \
                             errors and the original character is lost; restore it",
                        ));
                    }
                    if !run.is_empty() {
                        check_run(text, &run, out);
                        run.clear();
                    }
                    i = stop;
                    continue;
                }
                ('\u{feff}', _) => {
                    out.findings.push(
                        Finding::new(
                            i..end,
                            "a byte order mark (U+FEFF, invisible) inside the text, where it \
                             breaks words and searches: remove it",
                        )
                        .with_fix(i..end, ""),
                    );
                    if !run.is_empty() {
                        check_run(text, &run, out);
                        run.clear();
                    }
                }
                (_, Some(byte)) => run.push(Item {
                    start: i,
                    end,
                    byte,
                    ch: c,
                }),
                (_, None) => {
                    if !run.is_empty() {
                        check_run(text, &run, out);
                        run.clear();
                    }
                }
            }
            i = end;
        }
        if !run.is_empty() {
            check_run(text, &run, out);
        }
    }
}

/// Whether `bytes[i]` starts a control character the rule reports: a C0 control but tab,
/// line feed and the carriage return of a CRLF; DEL; a C1 control (UTF-8 `C2 80`–`C2 9F`).
fn control_at(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\t' | b'\n' => false,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        0..=0x1f | 0x7f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        _ => false,
    }
}

/// Report control characters, an escape sequence as one finding, in code too (but for the
/// colours of a block of terminal output that the site renders, `ansi_blocks`).
fn controls(doc: &Document, out: &mut Output) {
    let text = doc.text.as_str();
    let bytes = text.as_bytes();
    // Most files have none: one pass that tells, 64 bytes at a time without a branch per
    // byte (the compiler vectorises it; a byte-by-byte `any` was 6 % of a whole lint).
    let suspect = bytes.chunks(64).any(|chunk| {
        let mut hit = 0u8;
        for &b in chunk {
            hit |= u8::from(b < 0x20 && b != b'\t' && b != b'\n')
                | u8::from(b == 0x7f)
                | u8::from(b == 0xc2);
        }
        hit != 0
    });
    if !suspect {
        return;
    }
    let mut i = 0;
    while i < bytes.len() {
        if !control_at(bytes, i) {
            i += 1;
            continue;
        }
        let end = match bytes[i] {
            0x1b => escape_sequence_end(bytes, i),
            0xc2 => i + 2,
            _ => i + 1,
        };
        if bytes[i] == 0x1b && is_colour(&bytes[i..end]) && in_ansi_block(doc, i) {
            i = end;
            continue;
        }
        // A vertical tab or form feed is whitespace, which a terminal only moves over: in
        // code it is the sample's own (a linter's page on irregular whitespace shows them).
        if matches!(bytes[i], 0x0b | 0x0c)
            && matches!(doc.class_at(i), Class::CodeBlock | Class::InlineCode)
        {
            i = end;
            continue;
        }
        // A form feed alone on its line is a page break, as GNU's style writes them
        // between the parts of a file (`^L`): whitespace to CommonMark and HTML, it shows
        // nothing and hides nothing.
        if bytes[i] == 0x0c && page_break(bytes, i) {
            i = end;
            continue;
        }
        let shown = code_span(&visible(&text[i..end]));
        let message = if bytes[i] == 0x1b && end > i + 1 {
            format!(
                "{shown} is a terminal escape sequence (ESC, U+001B, and what follows it): a \
                 page shows nothing here, a terminal that prints the file obeys it; remove it"
            )
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            format!(
                "{shown} is a control character ({}): a page shows nothing here, a terminal \
                 that prints the file acts on it; remove it",
                control_name(c)
            )
        };
        out.findings.push(Finding::new(i..end, message));
        i = end;
    }
}

/// Whether the form feed at `i` is alone on its line (spaces and tabs aside).
fn page_break(bytes: &[u8], i: usize) -> bool {
    let blank = |b: &u8| matches!(b, b' ' | b'\t' | b'\r');
    let start = bytes[..i]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let end = bytes[i + 1..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| i + 1 + p);
    bytes[start..i].iter().all(blank) && bytes[i + 1..end].iter().all(blank)
}

/// Whether an escape sequence only sets colours and styles (SGR: `ESC [` digits and `;`,
/// then `m`).
fn is_colour(sequence: &[u8]) -> bool {
    sequence.len() >= 3
        && sequence[1] == b'['
        && sequence.last() == Some(&b'm')
        && sequence[2..sequence.len() - 1]
            .iter()
            .all(|b| b.is_ascii_digit() || *b == b';')
}

/// Whether `at` is in a code block of terminal output that the site renders in colour
/// (info string `ansi`, as Shiki and Expressive Code highlight it), or in a block that shows
/// the source of one (a ```` ````md ```` example holding a ```` ```ansi ```` fence).
fn in_ansi_block(doc: &Document, at: usize) -> bool {
    doc.code_blocks.iter().any(|b| {
        b.content.start <= at
            && at < b.content.end
            && (b.language() == "ansi"
                || doc.text[b.content.clone()].lines().any(|l| {
                    let l = l.trim_start();
                    (l.starts_with("```") || l.starts_with("~~~"))
                        && super::document::language(l.trim_start_matches(['`', '~'])) == "ansi"
                }))
    })
}

/// The end of the escape sequence whose ESC is at `at`, within its line: CSI (`ESC [`,
/// parameters, a final byte), OSC, DCS, SOS, PM and APC (up to BEL or `ESC \`), or ESC and
/// one character.
fn escape_sequence_end(bytes: &[u8], at: usize) -> usize {
    let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
    let Some(&kind) = bytes.get(at + 1).filter(|_| at + 1 < line_end) else {
        return at + 1;
    };
    match kind {
        b'[' => {
            let mut i = at + 2;
            while i < line_end && (0x20..=0x3f).contains(&bytes[i]) {
                i += 1;
            }
            if i < line_end && (0x40..=0x7e).contains(&bytes[i]) {
                i += 1;
            }
            i
        }
        b']' | b'P' | b'X' | b'^' | b'_' => {
            let mut i = at + 2;
            while i < line_end {
                match bytes[i] {
                    0x07 => return i + 1,
                    0x1b if bytes.get(i + 1) == Some(&b'\\') => return i + 2,
                    0x1b => return i,
                    _ => i += 1,
                }
            }
            i
        }
        0x20..=0x7e => at + 2,
        _ => at + 1,
    }
}

/// The usual name of a control character.
fn control_name(c: char) -> String {
    let name = match c {
        '\0' => "NUL",
        '\u{7}' => "BEL, the bell",
        '\u{8}' => "BS, a backspace",
        '\u{b}' => "VT, a vertical tab",
        '\u{c}' => "FF, a form feed",
        '\r' => "CR, a carriage return with no line feed after it",
        '\u{1b}' => "ESC",
        '\u{7f}' => "DEL",
        '\u{9b}' => "CSI, a C1 control that starts an escape sequence",
        '\u{80}'..='\u{9f}' => "a C1 control",
        _ => "a C0 control",
    };
    format!("U+{:04X} {name}", u32::from(c))
}

/// Whether the line starting at byte `at` is an output line of a terminal session shown in
/// a code block (one with no language, or a shell's): the block has a command line (`$ cmd`,
/// `PS> cmd`) above that line, and that line is not one. `cache` keeps the last block asked
/// about and where its first command line ends, so that a block is read once.
fn transcript_output(
    doc: &Document,
    at: usize,
    cache: &mut Option<(usize, Option<usize>)>,
) -> bool {
    const SHELLS: &[&str] = &[
        "",
        "console",
        "shell-session",
        "shellsession",
        "terminal",
        "sh",
        "shell",
        "bash",
        "zsh",
        "pwsh",
        "powershell",
        "text",
    ];
    let prompt = |line: &str| {
        let line = line.trim_start();
        line.starts_with("$ ") || line.starts_with("PS> ")
    };
    let index = doc.code_blocks.partition_point(|b| b.content.start <= at);
    let Some(block_index) = index.checked_sub(1) else {
        return false;
    };
    let block = &doc.code_blocks[block_index];
    if at >= block.content.end || !SHELLS.contains(&block.language().to_ascii_lowercase().as_str())
    {
        return false;
    }
    let first_prompt_end = match *cache {
        Some((cached, end)) if cached == block_index => end,
        _ => {
            let mut offset = block.content.start;
            let mut end = None;
            for line in doc.text[block.content.clone()].split_inclusive('\n') {
                offset += line.len();
                if prompt(line) {
                    end = Some(offset);
                    break;
                }
            }
            *cache = Some((block_index, end));
            end
        }
    };
    let line = doc.text[at..].lines().next().unwrap_or("");
    first_prompt_end.is_some_and(|end| end <= at) && !prompt(line)
}

/// Whether a line talks about the replacement character (`U+FFFD`), so that the one it
/// shows is meant.
fn names_the_replacement_character(line: &str) -> bool {
    let lower = line.to_ascii_lowercase();
    line.contains("FFFD")
        || lower.contains("fffd")
        || lower.contains("replacement char")
        // difftastic's changelog: "Input files that aren't valid UTF-8 are now replaced
        // with � rather than giving up."
        || ((lower.contains("utf-8") || lower.contains("utf8"))
            && lower.contains("replace")
            && line
                .split_whitespace()
                .any(|w| w.trim_matches(|c: char| c.is_ascii_punctuation()) == "\u{fffd}"))
}

/// The offset of the first non-ASCII byte at or after `from` (or the length), eight bytes at
/// a time.
fn next_non_ascii(bytes: &[u8], from: usize) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 64) {
        if !chunk.is_ascii() {
            break;
        }
        i += 64;
    }
    while i < bytes.len() && bytes[i] < 0x80 {
        i += 1;
    }
    i
}

/// One non-ASCII character of a run, with the byte CP1252 (or Latin-1) writes it as.
#[derive(Debug, Clone, Copy)]
struct Item {
    start: usize,
    end: usize,
    byte: u8,
    ch: char,
}

/// The single byte CP1252 writes `c` as; Latin-1 for U+0080–U+00FF (which covers the five
/// bytes CP1252 leaves undefined, decoded by most tools as U+0081, U+008D, …).
fn cp1252_byte(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        return Some(b);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// What a decodable sequence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Certainly mojibake.
    Broken,
    /// Could be real text; mojibake only next to a broken neighbour.
    Maybe,
    /// Real text.
    Real,
}

/// A decodable sequence: run indices `from..to`.
#[derive(Debug)]
struct Candidate {
    from: usize,
    to: usize,
    verdict: Verdict,
}

/// Closing punctuation and spacing that may follow the last letter of a word.
fn ends_word(c: char) -> bool {
    matches!(
        c,
        '…' | '’' | '”' | '»' | '›' | '–' | '—' | '“' | '‘' | '«' | '‹' | '\u{a0}'
    )
}

/// How many continuation bytes follow a lead byte (0: not a lead byte).
fn continuation_count(lead: u8) -> usize {
    match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => 0,
    }
}

fn judge(lead: u8, prev: Option<char>, conts: &[Item], decoded: char) -> Verdict {
    if decoded.is_control() {
        return Verdict::Real;
    }
    let first = conts[0].ch;
    let after_upper = prev.is_some_and(char::is_uppercase);
    let after_lower = prev.is_some_and(char::is_lowercase);
    match lead {
        // `Ã`: Portuguese capitals may end in it (`IRMÃ”`).
        0xC3 if after_upper && ends_word(first) => Verdict::Maybe,
        // `Â` never ends a word (`Â©`, `Â°`, `Â` + no-break space), nor does `Ã` otherwise.
        0xC2 | 0xC3 => Verdict::Broken,
        0xC4..=0xDE => {
            // Cyrillic lead bytes: a superscript after `Ð`/`Ñ` is `в`, `ё`, … not a footnote.
            let superscript = matches!(first, '¹' | '²' | '³') && !matches!(lead, 0xD0 | 0xD1);
            // Two capitals inside a word in capitals (Slovak `MÔŽE`, Ô then Ž): the letters
            // of a Latin language, unless the lead byte is Greek's or Cyrillic's, whose
            // mojibake comes in runs (`ÐŸÐ`).
            let capitals = after_upper && first.is_uppercase() && !matches!(lead, 0xCE..=0xD1);
            if after_lower {
                Verdict::Broken
            } else if ends_word(first)
                || matches!(first, '™' | '®' | '©' | '•' | '·')
                || superscript
                || capitals
            {
                Verdict::Maybe
            } else {
                Verdict::Broken
            }
        }
        0xE0..=0xF0 => {
            let word_end = conts.iter().all(|c| ends_word(c.ch));
            // French `à` as a word of its own before ` »`.
            let lone_a = lead == 0xE0 && prev.is_none_or(char::is_whitespace);
            if word_end && (prev.is_some_and(char::is_alphabetic) || lone_a) {
                Verdict::Maybe
            } else {
                Verdict::Broken
            }
        }
        // `ß` (0xDF): a word may end in it (`Straße“`), and NKo mojibake does not occur in
        // practice. F1–F4 decode to unassigned planes and private use: real text.
        _ => Verdict::Real,
    }
}

/// Find the mojibake in one run of CP1252-encodable non-ASCII characters.
fn check_run(text: &str, run: &[Item], out: &mut Output) {
    // `voilÃ ` : `à` (C3 A0) whose no-break space became a space. A lower-case letter is never
    // followed by a capital `Ã` in real text.
    if let Some(last) = run.last() {
        let prev = text[..last.start].chars().next_back();
        if last.byte == 0xC3
            && text[last.end..].starts_with(' ')
            && prev.is_some_and(char::is_lowercase)
        {
            out.findings.push(Finding::new(
                last.start..last.end,
                "`Ã` after a lower-case letter is `à` read as CP1252, with its no-break space \
                 lost: write `à`",
            ));
        }
    }
    // A run of one character cannot hold a multi-byte sequence.
    if run.len() < 2 {
        return;
    }
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut k = 0;
    while k < run.len() {
        let need = continuation_count(run[k].byte);
        if need == 0 || k + need >= run.len() {
            k += 1;
            continue;
        }
        let mut buf = [0u8; 4];
        for (slot, item) in buf.iter_mut().zip(&run[k..=k + need]) {
            *slot = item.byte;
        }
        let Some(decoded) = std::str::from_utf8(&buf[..=need])
            .ok()
            .and_then(|s| s.chars().next())
        else {
            // `â€` with its last byte lost (usually `”`, whose 0x9D CP1252 leaves undefined).
            if run[k].byte == 0xE2
                && run[k + 1].byte == 0x80
                && !(0x80..=0xBF).contains(&run[k + 2].byte)
            {
                lost_last_byte(run[k].start..run[k + 1].end, text, out);
                k += 2;
            } else {
                k += 1;
            }
            continue;
        };
        let prev = if k > 0 {
            Some(run[k - 1].ch)
        } else {
            text[..run[k].start].chars().next_back()
        };
        let verdict = judge(run[k].byte, prev, &run[k + 1..=k + need], decoded);
        candidates.push(Candidate {
            from: k,
            to: k + need + 1,
            verdict,
        });
        k += need + 1;
    }
    // `â€` at the very end of a run.
    if let [.., a, b] = run {
        if a.byte == 0xE2
            && b.byte == 0x80
            && candidates.last().is_none_or(|c| c.to < run.len() - 1)
        {
            lost_last_byte(a.start..b.end, text, out);
        }
    }
    // A maybe next to a broken sequence is broken: forward, then backward.
    for j in 1..candidates.len() {
        if candidates[j].verdict == Verdict::Maybe
            && candidates[j - 1].verdict == Verdict::Broken
            && candidates[j - 1].to == candidates[j].from
        {
            candidates[j].verdict = Verdict::Broken;
        }
    }
    for j in (0..candidates.len().saturating_sub(1)).rev() {
        if candidates[j].verdict == Verdict::Maybe
            && candidates[j + 1].verdict == Verdict::Broken
            && candidates[j].to == candidates[j + 1].from
        {
            candidates[j].verdict = Verdict::Broken;
        }
    }
    // Report maximal spans of adjacent broken sequences.
    let mut j = 0;
    while j < candidates.len() {
        if candidates[j].verdict != Verdict::Broken {
            j += 1;
            continue;
        }
        let from = candidates[j].from;
        let mut to = candidates[j].to;
        j += 1;
        while j < candidates.len()
            && candidates[j].verdict == Verdict::Broken
            && candidates[j].from == to
        {
            to = candidates[j].to;
            j += 1;
        }
        // A byte that only continues a character right after the span: the text may have
        // been decoded as CP850, the DOS code page, not CP1252 (nushell's `Ô£¿` is `✨`,
        // where CP1252 would make `ԣ` and leave `¿`). When CP850 reads the span and that
        // byte as whole characters, that is the repair.
        let strays = run[to..]
            .iter()
            .take_while(|item| (0x80..=0xBF).contains(&item.byte))
            .count();
        if strays > 0 {
            if let Some(used) = cp850_repair(text, &run[from..to + strays], to - from, out) {
                // The candidates CP850 read are done with.
                while j < candidates.len() && candidates[j].from < from + used {
                    j += 1;
                }
                continue;
            }
        }
        report(text, &run[from..to], out);
    }
}

/// The characters CP850 gives the bytes 0x80–0xFF.
const CP850: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈıÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u{ad}±‗¾¶§÷¸°¨·¹³²■\u{a0}";

/// The byte CP850 reads as `c`, for characters outside ASCII.
fn cp850_byte(c: char) -> Option<u8> {
    CP850
        .chars()
        .position(|x| x == c)
        .and_then(|i| u8::try_from(i + 0x80).ok())
}

/// Report `items` (a broken span and the bytes that only continue a character after it) as
/// UTF-8 read as CP850, when the longest start of them that CP850 turns into whole UTF-8
/// characters is longer than the span CP1252 reads (`span` items): how many items it
/// used. None when CP850 explains no more.
fn cp850_repair(text: &str, items: &[Item], span: usize, out: &mut Output) -> Option<usize> {
    let bytes: Vec<u8> = items.iter().map_while(|i| cp850_byte(i.ch)).collect();
    // The longest start that is whole UTF-8.
    let (len, fixed) = (2..=bytes.len())
        .rev()
        .find_map(|n| std::str::from_utf8(&bytes[..n]).ok().map(|s| (n, s)))?;
    if len <= span || fixed.is_ascii() {
        return None;
    }
    let range = items[0].start..items[len - 1].end;
    let shown = code_span(&visible(fixed));
    out.findings.push(
        Finding::new(
            range.clone(),
            format!(
                "{} is {shown} read as CP850 (UTF-8 bytes decoded as the DOS code page); write {shown}",
                code_span(&visible(&text[range.clone()]))
            ),
        )
        .with_fix(range, fixed.to_string()),
    );
    Some(len)
}

/// Decode a span of items whose bytes are valid UTF-8, then keep decoding while the result
/// is itself wholly mojibake. Returns the text and how many times it was decoded.
fn repair(items: &[Item]) -> (String, usize) {
    let bytes: Vec<u8> = items.iter().map(|i| i.byte).collect();
    let mut fixed = String::from_utf8_lossy(&bytes).into_owned();
    let mut rounds = 1;
    while rounds < 4 {
        let Some(again) = fixed
            .chars()
            .map(cp1252_byte)
            .collect::<Option<Vec<u8>>>()
            .and_then(|b| String::from_utf8(b).ok())
        else {
            break;
        };
        if again == fixed {
            break;
        }
        fixed = again;
        rounds += 1;
    }
    (fixed, rounds)
}

fn report(text: &str, items: &[Item], out: &mut Output) {
    let range = items[0].start..items[items.len() - 1].end;
    let found = &text[range.clone()];
    let (fixed, rounds) = repair(items);
    let twice = if rounds > 1 { ", more than once" } else { "" };
    let message = if fixed == "\u{feff}" {
        format!(
            "{} is a UTF-8 byte order mark (U+FEFF) read as CP1252{twice}: remove it",
            code_span(&visible(found))
        )
    } else {
        let fixed_shown = code_span(&visible(&fixed));
        format!(
            "{} is {fixed_shown} read as CP1252 (UTF-8 bytes decoded as the wrong encoding{twice}); write {fixed_shown}",
            code_span(&visible(found)),
        )
    };
    let replacement = if fixed == "\u{feff}" {
        String::new()
    } else {
        fixed
    };
    out.findings
        .push(Finding::new(range.clone(), message).with_fix(range, replacement));
}

fn lost_last_byte(range: std::ops::Range<usize>, text: &str, out: &mut Output) {
    out.findings.push(Finding::new(
        range.clone(),
        format!(
            "{} is the start of a UTF-8 punctuation mark read as CP1252, with its last byte \
             lost (usually `”`): write the character that was meant",
            code_span(&text[range])
        ),
    ));
}

/// Show invisible characters (controls, no-break space, soft hyphen, BOM) as `\u{…}`.
fn visible(s: &str) -> String {
    let mut shown = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control()
            || matches!(
                c,
                '\u{a0}' | '\u{ad}' | '\u{feff}' | '\u{200b}'..='\u{200f}'
            )
        {
            let _ = write!(shown, "\\u{{{:x}}}", u32::from(c));
        } else {
            shown.push(c);
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::{check_text, Fix};

    fn lint(text: &str) -> String {
        check_text(&Mojibake, "a.md", text, &Context::default())
    }

    fn findings(text: &str) -> Vec<Finding> {
        let doc = Document::parse("a.md", text.to_string());
        let mut out = Output::default();
        Mojibake.check(&doc, &Context::default(), &mut out);
        out.findings
    }

    const WORKED: &str = include_str!("../../fixtures/lint/worked-example/RELEASE_READINESS.md");

    #[test]
    fn capitals_of_a_latin_language_are_text() {
        // semver.org's Slovak spec: `MÔŽE` (MAY), Ô then Ž, is no `Ԏ` read as CP1252.
        assert_eq!(lint("Verzia MÔŽE obsahovať NEMÔŽEŠ.\n"), "");
        // Russian in capitals read as CP1252 still is (`ПРИ`).
        assert!(lint("ÐŸÐ Ð˜ text\n").contains("read as CP1252"));
        // So is `Ã©` after a capital (`CAFÃ©`).
        assert!(lint("CAFÃ© ouvert\n").contains("read as CP1252"));
    }

    #[test]
    fn worked_example() {
        assert_eq!(
            lint(WORKED),
            "1:30 error mojibake: `âœ…` is `✅` read as CP1252 (UTF-8 bytes decoded as the wrong encoding); write `✅`\n\
             3:13 error mojibake: `âœ…` is `✅` read as CP1252 (UTF-8 bytes decoded as the wrong encoding); write `✅`\n\
             27:1 error mojibake: `ðŸš€` is `🚀` read as CP1252 (UTF-8 bytes decoded as the wrong encoding); write `🚀`\n"
        );
    }

    #[test]
    fn mojibake_of_the_dos_code_page_is_repaired_as_such() {
        // nushell's blog: `✨` (E2 9C A8) read as CP850 is `Ô£¿`; CP1252 would make `Ô£`
        // into `ԣ` and leave `¿` over.
        let found = findings("Ô£¿ add PDM\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].message,
            "`Ô£¿` is `✨` read as CP850 (UTF-8 bytes decoded as the DOS code page); write `✨`"
        );
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.replacement.as_str()),
            Some("✨")
        );
        // Twice over, and beside CP1252 mojibake: each read once, in its own code page.
        let found = findings("Ô£¿Ô£¿ x\n");
        assert_eq!(found.len(), 2, "{found:?}");
        let found = findings("Ô£¿Ã© x\n");
        let fixes: Vec<&str> = found
            .iter()
            .filter_map(|f| f.fix.as_ref().map(|x| x.replacement.as_str()))
            .collect();
        assert_eq!(fixes, ["✨", "é"], "{found:?}");
        // A symbol typed after CP1252 mojibake is no CP850 (`é` then `©`).
        let found = findings("cafÃ©© x\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].fix.as_ref().map(|f| f.replacement.as_str()),
            Some("é")
        );
        // Whole CP1252 mojibake keeps its exact repair.
        let found = findings("Letâ€™s go\n");
        assert!(found[0].fix.is_some(), "{found:?}");
    }

    #[test]
    fn whitespace_controls_in_code_are_the_samples_own() {
        let ctx = Context::default();
        // biome's page on `noIrregularWhitespace`: a vertical tab in its "Invalid" sample.
        let code = "```js\nlet\u{b}count;\n```\n\n`a\u{c}b`\n";
        assert_eq!(check_text(&Mojibake, "a.md", code, &ctx), "");
        // In prose they are still reported, and so is every other control in code.
        let prose = "Count\u{b}ed.\n\n```\nx\u{8}y \u{1b}]0;title\u{7}\n```\n";
        let found = check_text(&Mojibake, "a.md", prose, &ctx);
        assert_eq!(found.lines().count(), 3, "{found}");
        assert!(found.starts_with("1:6"), "{found}");
    }

    #[test]
    fn a_form_feed_alone_on_its_line_is_a_page_break() {
        let ctx = Context::default();
        // blog.rust-lang.org's 2017 survey post ends with a `^L` line.
        let text = "Last paragraph.\n\u{c}\n \u{c}\r\n";
        assert_eq!(check_text(&Mojibake, "a.md", text, &ctx), "");
        // Within a line of prose it is still reported.
        let found = check_text(&Mojibake, "a.md", "One\u{c}two.\n", &ctx);
        assert!(found.starts_with("1:4"), "{found}");
    }

    #[test]
    fn fixtures() {
        let ctx = Context::default();
        let ok = include_str!("../../fixtures/lint/mojibake/ok.md");
        assert_eq!(check_text(&Mojibake, "ok.md", ok, &ctx), "");
        let bad = include_str!("../../fixtures/lint/mojibake/bad.md");
        let expected = include_str!("../../fixtures/lint/mojibake/bad.expected");
        assert_eq!(check_text(&Mojibake, "bad.md", bad, &ctx), expected);
    }

    #[test]
    fn fix_replaces_only_the_mojibake() {
        let text = "Letâ€™s go, cafÃ©!\n";
        let fixes: Vec<Fix> = findings(text).into_iter().filter_map(|f| f.fix).collect();
        assert_eq!(fixes.len(), 2);
        assert_eq!(&text[fixes[0].range.clone()], "â€™");
        assert_eq!(fixes[0].replacement, "’");
        assert_eq!(&text[fixes[1].range.clone()], "Ã©");
        assert_eq!(fixes[1].replacement, "é");
    }

    #[test]
    fn double_encoding_is_fully_repaired() {
        let f = findings("Done Ã¢Å“â€¦ today\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "✅");
        assert!(f[0].message.contains("more than once"), "{}", f[0].message);
    }

    #[test]
    fn no_break_space_and_symbols() {
        let f = findings("Price:Â\u{a0}10 and 5Â°C and Â© 2024\n");
        let fixed: Vec<&str> = f
            .iter()
            .map(|f| f.fix.as_ref().unwrap().replacement.as_str())
            .collect();
        assert_eq!(fixed, ["\u{a0}", "°", "©"]);
        assert!(
            f[0].message.starts_with("`Â\\u{a0}` is `\\u{a0}`"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn whole_words_of_other_scripts() {
        for (broken, meant) in [
            ("wÅ‚aÅ›ciwy", "ł"),
            ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"),
            ("Î±Î²Î³", "αβγ"),
            ("æ—¥æœ¬èªž", "日本語"),
            ("Å¡koda", "š"),
        ] {
            let f = findings(&format!("Say {broken} now.\n"));
            assert!(!f.is_empty(), "{broken}");
            assert_eq!(f[0].fix.as_ref().unwrap().replacement, meant, "{broken}");
        }
    }

    #[test]
    fn real_words_are_clean() {
        for text in [
            "naïve café Ångström São Paulo Müller œuvre ½ ° © ® ™ — “quotes” ‘single’ • … €10",
            "« Il est là\u{a0}» et « voilà\u{a0}», dit-il. Ça va\u{a0}? À bientôt\u{a0}!",
            "„Straße“ und »Fuß« und ‚Gruß‘; ÄRGER, GRÖSSE, Größe, Übung.",
            "¿Qué? ¡Sí! El niño, el año, «sí…», “habló…”—dijo.",
            "NÃO, SÃO PAULO, “IRMÔ, AMANHÃ… e você…” ",
            "Ærø, Øresund, Åland, Þingvellir, ÞÓR, Ísland, Færøerne.",
            "NESTLÉ®, CAFÉ”, ANDRÉ¹ and 2×3; valgrind (T•Ø•R•Ü•S), L·L.",
            "Ελληνικά, русский, 日本語, 😀, ✅ done.",
            "Cost: £5, ¥300, 30°, ±2, µs, ¼, ¾, §3, ¶, ª, º.",
        ] {
            assert_eq!(lint(text), "", "{text}");
        }
    }

    #[test]
    fn inline_code_is_not_checked_but_code_blocks_are() {
        assert_eq!(lint("Use `Ã©` in code.\n"), "");
        assert_eq!(
            lint("Flow:\n\n```text\nstart\n  â†“\nend\n```\n"),
            "5:3 error mojibake: `â†“` is `↓` read as CP1252 (UTF-8 bytes decoded as the wrong encoding); write `↓`\n"
        );
    }

    #[test]
    fn replacement_characters_and_byte_order_marks() {
        let out = lint("\u{feff}Caf\u{fffd}\u{fffd} and a\u{feff}b\n");
        assert_eq!(
            out,
            "1:4 error mojibake: `\u{fffd}` is a replacement character: the text was decoded with errors and the original character is lost; restore it\n\
             1:12 error mojibake: a byte order mark (U+FEFF, invisible) inside the text, where it breaks words and searches: remove it\n"
        );
        assert_eq!(
            lint("Invalid bytes become the replacement character `U+FFFD` \u{fffd}.\n"),
            ""
        );
        assert_eq!(
            lint("Files that aren't valid UTF-8 are now replaced with \u{fffd} rather than refused.\n"),
            ""
        );
        assert!(!lint("UTF-8 everywhere: caf\u{fffd}.\n").is_empty());
        assert!(!lint("UTF-8 replaced the old caf\u{fffd} encoding.\n").is_empty());
        let f = findings("ï»¿# Title\n");
        assert_eq!(f[0].fix.as_ref().unwrap().replacement, "");
    }

    #[test]
    fn a_grave_with_its_no_break_space_lost() {
        let f = findings("Et voilÃ  tout, SÃO PAULO Ã noite.\n");
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].fix.is_none());
        assert!(f[0].message.contains("is `à`"), "{}", f[0].message);
    }

    #[test]
    fn lost_last_byte_has_no_fix() {
        let f = findings("He said â€œhiâ€ and left.\n");
        assert_eq!(f.len(), 2);
        assert!(f[1].fix.is_none());
        assert!(f[1].message.contains("last byte"));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        for text in ["", "Ã", "â€", "\u{80}\u{81}", "ÃÃÃ", "\u{fffd}", "\u{feff}"] {
            let _ = lint(text);
        }
    }

    #[test]
    fn control_characters_and_escape_sequences() {
        let text = "# T\n\nSome \u{1b}[31mred\u{1b}[0m and a bell\u{7}.\n\n```sh\necho \u{1b}]0;x\u{7} \u{1b}]8;;u\u{1b}\\\\l\n```\n\nC1 \u{9b}2J, DEL\u{7f}, CR\r, NUL\0 and \u{1b}c and \u{1b}\r\nok\r\n";
        let f = findings(text);
        let shown: Vec<(&str, &str)> = f
            .iter()
            .map(|f| (&text[f.range.clone()], f.message.split(' ').next().unwrap()))
            .collect();
        assert_eq!(
            shown,
            [
                ("\u{1b}[31m", "`\\u{1b}[31m`"),
                ("\u{1b}[0m", "`\\u{1b}[0m`"),
                ("\u{7}", "`\\u{7}`"),
                ("\u{1b}]0;x\u{7}", "`\\u{1b}]0;x\\u{7}`"),
                ("\u{1b}]8;;u\u{1b}\\", "`\\u{1b}]8;;u\\u{1b}\\`"),
                ("\u{9b}", "`\\u{9b}`"),
                ("\u{7f}", "`\\u{7f}`"),
                ("\r", "`\\u{d}`"),
                ("\0", "`\\u{0}`"),
                ("\u{1b}c", "`\\u{1b}c`"),
                ("\u{1b}", "`\\u{1b}`"),
            ]
        );
        assert!(
            f[0].message.contains("terminal escape sequence"),
            "{}",
            f[0].message
        );
        assert!(f[2].message.contains("U+0007 BEL"), "{}", f[2].message);
        assert!(f.iter().all(|f| f.fix.is_none()));
        assert_eq!(lint("CRLF\r\nand tabs\tare fine.\r\n"), "");
    }

    #[test]
    fn the_colours_of_rendered_terminal_output_are_its_content() {
        // expressive-code's docs: an `ansi` block (Shiki colours it), and a block showing
        // the source of one. A hyperlink sequence there, and colours elsewhere, still count.
        let text = "# T\n\n```ansi\n\u{1b}[1;4mBold\u{1b}[0m \u{1b}]8;;u\u{1b}\\l\n```\n\n````md\n```ansi\n\u{1b}[31mred\u{1b}[0m\n```\n````\n\n```sh\n\u{1b}[31mred\n```\n";
        let shown: Vec<&str> = findings(text)
            .iter()
            .map(|f| &text[f.range.clone()])
            .collect();
        assert_eq!(shown, ["\u{1b}]8;;u\u{1b}\\", "\u{1b}[31m"]);
        // VuePress' and VitePress' options glued to the language (nushell's blog).
        for info in [
            "ansi:no-line-numbers",
            "ansi:title=\"out\"",
            "ansi{1,2}",
            "ansi title=x",
        ] {
            let text = format!("```{info}\n\u{1b}[38;5;14m> \u{1b}[1mls\u{1b}[0m\n```\n");
            assert!(findings(&text).is_empty(), "{info}");
        }
        assert_eq!(findings("```ansible\n\u{1b}[31mx\n```\n").len(), 1);
    }

    #[test]
    fn docs_are_clean() {
        let ctx = Context::default();
        for rule in crate::lint::RULES {
            assert_eq!(
                check_text(*rule, "docs.md", DOCS, &ctx),
                "",
                "{}",
                rule.id()
            );
        }
    }
}
