//! Full SemVer versions in running text, shared by the rules that read versions
//! (`version-mismatch`, `changelog`): `1.2.3`, `v1.2.3`, `1.2.3-rc.1+b5`, bounded by non-word
//! characters, never a partial `1.14` nor part of `1.2.3.4` or `2.4.0.md`. Pure and linear.

use std::ops::Range;

use semver::Version;

/// Parse a SemVer version (optionally `v`-prefixed) starting at `i`. It must end at a word
/// boundary (`1.2.3.4` and `2.4.0.md` are not versions). Returns the version and the end.
pub(crate) fn version_at(s: &[u8], i: usize) -> Option<(Version, usize)> {
    let mut j = i;
    if matches!(s.get(j), Some(b'v' | b'V')) {
        j += 1;
    }
    let start = j;
    for part in 0..3 {
        let digits = j;
        while s.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if j == digits || j - digits > 9 {
            return None;
        }
        if part < 2 {
            if s.get(j) != Some(&b'.') {
                return None;
            }
            j += 1;
        }
    }
    let mut end = j;
    if s.get(j) == Some(&b'-') {
        let k = ident_run(s, j + 1);
        if k > j + 1 {
            end = k;
        }
    }
    if s.get(end) == Some(&b'+') {
        let k = ident_run(s, end + 1);
        if k > end + 1 {
            end = k;
        }
    }
    match s.get(end) {
        Some(b) if b.is_ascii_alphanumeric() || *b == b'_' => return None,
        Some(b'.') if s.get(end + 1).is_some_and(u8::is_ascii_alphanumeric) => return None,
        _ => {}
    }
    let text = std::str::from_utf8(&s[start..end]).ok()?;
    Version::parse(text).ok().map(|v| (v, end))
}

/// The end of a run of SemVer identifier characters, without a trailing `.` or `-`.
fn ident_run(s: &[u8], i: usize) -> usize {
    let mut k = i;
    while s
        .get(k)
        .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'.')
    {
        k += 1;
    }
    while k > i && matches!(s[k - 1], b'.' | b'-') {
        k -= 1;
    }
    k
}

/// Every full version in a short text (a heading, a file name), with its range. A version
/// glued to a leaked regex back-reference (`$12.4.0`, i.e. `$1` + `2.4.0`) is read without
/// the back-reference; a number glued to a word or to another number is no version.
pub(crate) fn versions_in(s: &[u8]) -> Vec<(Version, Range<usize>)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if !s[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let prev = if i > 0 { Some(s[i - 1]) } else { None };
        let (from, start) = match prev {
            Some(b'$') => (i + 1, i + 1),
            Some(b'v' | b'V') if i < 2 || !s[i - 2].is_ascii_alphanumeric() => (i - 1, i - 1),
            Some(b) if b.is_ascii_alphanumeric() || b == b'.' => {
                i = skip_number(s, i);
                continue;
            }
            _ => (i, i),
        };
        match version_at(s, from) {
            Some((v, end)) => {
                found.push((v, start..end));
                i = end;
            }
            None => i = skip_number(s, i),
        }
    }
    found
}

fn skip_number(s: &[u8], mut i: usize) -> usize {
    while s.get(i).is_some_and(|b| b.is_ascii_digit() || *b == b'.') {
        i += 1;
    }
    i.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_tokens() {
        let found = |s: &str| -> Vec<String> {
            versions_in(s.as_bytes())
                .into_iter()
                .map(|(v, _)| v.to_string())
                .collect()
        };
        assert_eq!(found("v$12.4.0 Release"), ["2.4.0"]);
        assert_eq!(found("RELEASE_NOTES_2.4.0"), ["2.4.0"]);
        assert_eq!(
            found("1.2.3.4 and 2.4.0.md and x1.2.3"),
            Vec::<String>::new()
        );
        assert_eq!(
            found("v2.4.0-rc.1+b5, 10.0.0."),
            ["2.4.0-rc.1+b5", "10.0.0"]
        );
        assert_eq!(found("2024-01-05 1.14"), Vec::<String>::new());
        assert!(version_at(b"99999999999.0.0", 0).is_none());
        assert_eq!(version_at(b"2.4.0- x", 0).map(|(_, e)| e), Some(5));
    }
}
