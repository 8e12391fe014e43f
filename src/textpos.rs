//! Positions in text, for messages: the 1-based line and column of a byte offset, once or
//! many times over the same text, and the decoding of a file's bytes as UTF-8 with the
//! position of the first byte that is not. Pure; every "line:column" relman prints is
//! counted here.
//!
//! Lines end at `\n` only (the `\r` of a CRLF is the last column of its own line); columns
//! count chars, not bytes.

use std::sync::OnceLock;

/// The byte-order mark some editors write at the start of a file.
pub(crate) const BOM: char = '\u{feff}';

/// 1-based (line, column) of a byte offset; column counts chars; an offset past
/// the end clamps to the end, one inside a char moves back to its start.
/// Only `\n` ends a line, so the `\r` of a CRLF is the last column of its own
/// line. A byte-order mark at the start of the file is not counted as a column.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let mut column = before[line_start..].chars().count() + 1;
    if line_start == 0 && before.starts_with(BOM) {
        column -= 1;
    }
    (line, column)
}

/// The byte offset of a 1-based line and a 1-based column counted in bytes (as parsers such
/// as serde_json report them). A line past the last one stays on the last line; the column
/// is not checked against the line's length (`line_col` clamps what it is given).
pub(crate) fn offset(text: &str, line: usize, byte_column: usize) -> usize {
    let mut line_start = 0usize;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    line_start + byte_column.saturating_sub(1)
}

/// The lines of one text, indexed once, for many `line_col` lookups (the findings of a
/// linted document): a lookup is a binary search, and a column far into a long line is
/// counted from the nearest 1 KiB checkpoint, so many positions on one huge line stay linear.
/// The text is given again to each lookup and must be the one the index was built from.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    /// The byte offset where each line starts; the first is 0.
    starts: Vec<usize>,
    /// Chars before each 1 KiB block of the text, built when a column is asked for far into
    /// a long line.
    char_blocks: OnceLock<Vec<usize>>,
}

impl Lines {
    /// Index the lines of `text`.
    pub(crate) fn new(text: &str) -> Lines {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines {
            starts,
            char_blocks: OnceLock::new(),
        }
    }

    /// The byte offset where each line starts.
    pub(crate) fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// 1-based line and column (in chars) of a byte offset in `text`, as [`line_col`] gives
    /// them for a text without a byte-order mark.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut col_end = offset;
        while !text.is_char_boundary(col_end) {
            col_end -= 1;
        }
        let column = if col_end - start <= 4096 {
            text[start..col_end].chars().count() + 1
        } else {
            self.chars_before(text, col_end) - self.chars_before(text, start) + 1
        };
        (line + 1, column)
    }

    /// The number of chars in `text[..offset]` (offset on a char boundary): a count of the
    /// bytes that start a char, from the nearest 1 KiB checkpoint.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        const BLOCK: usize = 1024;
        let bytes = text.as_bytes();
        let starts = |b: &[u8]| b.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        let blocks = self.char_blocks.get_or_init(|| {
            let mut acc = 0;
            let mut out = Vec::with_capacity(bytes.len() / BLOCK + 1);
            for chunk in bytes.chunks(BLOCK) {
                out.push(acc);
                acc += starts(chunk);
            }
            out
        });
        let block = offset / BLOCK;
        blocks.get(block).copied().unwrap_or(0) + starts(&bytes[block * BLOCK..offset])
    }
}

/// Where the first byte that is not UTF-8 is: the position just after the valid text
/// before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotUtf8 {
    /// 1-based line.
    pub(crate) line: usize,
    /// 1-based column, in chars.
    pub(crate) column: usize,
}

/// `bytes` as text, or where the first byte that is not UTF-8 is.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, NotUtf8> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
        let (line, column) = line_col(prefix, valid);
        NotUtf8 { line, column }
    })
}

/// The bytes of a file (`shown` in messages) as text; the error names the file and the
/// position of the first byte that is not UTF-8, and says what to do:
/// `FILE:LINE:COLUMN: not valid UTF-8; save the file as UTF-8`.
pub(crate) fn decode_file(bytes: Vec<u8>, shown: &str) -> anyhow::Result<String> {
    decode(bytes).map_err(|NotUtf8 { line, column }| {
        anyhow::anyhow!("{shown}:{line}:{column}: not valid UTF-8; save the file as UTF-8")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_multibyte_and_crlf() {
        let text = "añb\r\nçd€e\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 1), (1, 2)); // ñ
        assert_eq!(line_col(text, 3), (1, 3)); // b
        assert_eq!(line_col(text, 4), (1, 4)); // \r
        assert_eq!(line_col(text, 6), (2, 1)); // ç, after CRLF
        assert_eq!(line_col(text, 8), (2, 2)); // d
        assert_eq!(line_col(text, 9), (2, 3)); // €
        assert_eq!(line_col(text, 10), (2, 3)); // inside € → its start
        assert_eq!(line_col(text, 12), (2, 4)); // e
        assert_eq!(line_col(text, 14), (3, 1)); // f
        assert_eq!(line_col(text, 15), (3, 2)); // end
        assert_eq!(line_col(text, 1000), (3, 2)); // clamps
        assert_eq!(line_col("", 5), (1, 1));
        assert_eq!(line_col("\u{feff}x", 3), (1, 1));
        assert_eq!(line_col("\u{feff}\nx", 4), (2, 1));
    }

    #[test]
    fn the_index_agrees_with_the_one_shot_count() {
        let long = format!("a\n{}€{}\nb", "é".repeat(3000), "x".repeat(5000));
        for text in ["añb\r\nçd€e\nf", "", "\n\n", "x", long.as_str()] {
            let lines = Lines::new(text);
            for offset in (0..text.len() + 3).step_by(7).chain([text.len()]) {
                assert_eq!(
                    lines.line_col(text, offset),
                    line_col(text, offset),
                    "{offset}"
                );
            }
        }
        assert_eq!(Lines::new("a\nb\n").starts(), [0, 2, 4]);
    }

    #[test]
    fn offset_of_a_line_and_byte_column() {
        let text = "ab\nçd\ne";
        assert_eq!(offset(text, 1, 1), 0);
        assert_eq!(offset(text, 2, 1), 3);
        assert_eq!(offset(text, 2, 3), 5); // d: ç is two bytes
        assert_eq!(offset(text, 3, 1), 7);
        assert_eq!(offset(text, 9, 1), 7); // past the last line: the last line
        assert_eq!(offset(text, 1, 0), 0);
    }

    #[test]
    fn decode_names_the_first_bad_byte() {
        assert_eq!(decode(b"ok\n".to_vec()), Ok("ok\n".to_string()));
        assert_eq!(
            decode(b"a\n\xc3\xa9b\xff".to_vec()),
            Err(NotUtf8 { line: 2, column: 3 })
        );
        assert_eq!(
            decode(b"\xef\xbb\xbf\xff".to_vec()),
            Err(NotUtf8 { line: 1, column: 1 })
        );
        let e = decode_file(b"x\n\x80".to_vec(), "docs/a.md").unwrap_err();
        assert_eq!(
            e.to_string(),
            "docs/a.md:2:1: not valid UTF-8; save the file as UTF-8"
        );
    }
}
