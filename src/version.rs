//! The version engine, pure: what a commit asks for (`Bump`), the 0.x policy, and the next
//! version from the current one, including pre-releases. No I/O, no git.

use semver::{BuildMetadata, Prerelease, Version};
use serde::Serialize;

use crate::commit::Commit;

/// How far a version moves. Ordered: `None < Patch < Minor < Major`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Bump {
    #[default]
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

impl std::fmt::Display for Bump {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What breaking changes and features do below 1.0.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Policy {
    pub(crate) pre_major_breaking: Bump,
    pub(crate) pre_major_feat: Bump,
    /// The number of a release's first pre-release (`rc.1`, or `rc.0`).
    pub(crate) first_pre_release: u64,
    /// `[version] scheme = "calver"`: `YEAR.MONTH.N`, decided by the release date.
    pub(crate) calver: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            pre_major_breaking: Bump::Minor,
            pre_major_feat: Bump::Patch,
            first_pre_release: 1,
            calver: false,
        }
    }
}

/// The bump a Conventional Commit asks for by itself, and why (before the 0.x policy).
pub(crate) fn bump_for(commit: &Commit) -> (Bump, String) {
    if commit.breaking {
        let how =
            if commit.bang && commit.breaking_notes().len() <= 1 && !has_breaking_footer(commit) {
                "`!`"
            } else {
                "BREAKING CHANGE footer"
            };
        return (Bump::Major, format!("breaking change ({how})"));
    }
    match commit.kind.as_str() {
        "feat" => (Bump::Minor, "feat: a new feature".to_string()),
        "fix" => (Bump::Patch, "fix: a bug fix".to_string()),
        "perf" => (Bump::Patch, "perf: a performance fix".to_string()),
        other => (Bump::None, format!("{other}: does not release")),
    }
}

fn has_breaking_footer(commit: &Commit) -> bool {
    commit
        .footers
        .iter()
        .any(|f| f.token == "BREAKING CHANGE" || f.token == "BREAKING-CHANGE")
}

/// The bump after the 0.x policy, for a version whose major is `major`.
pub(crate) fn with_policy(bump: Bump, major: u64, policy: Policy) -> Bump {
    if major > 0 {
        return bump;
    }
    match bump {
        Bump::Major => policy.pre_major_breaking,
        Bump::Minor => policy.pre_major_feat,
        other => other,
    }
}

/// Whether a version file's text is a placeholder, not a version: semantic-release's
/// `0.0.0-semantic-release` and `0.0.0-development`, and the like (0.0.0 with a word for
/// a pre-release: `alpha`, `beta`, `rc` and numbered ones are real pre-releases), or a bare
/// `0.0.0` in a project that has release tags.
pub(crate) fn is_placeholder(text: &str, tagged: bool) -> bool {
    let Ok(v) = Version::parse(text.trim()) else {
        return false;
    };
    if (v.major, v.minor, v.patch) != (0, 0, 0) {
        return false;
    }
    if v.pre.is_empty() {
        return tagged && v.build.is_empty();
    }
    let pre = v.pre.as_str().to_ascii_lowercase();
    let words: Vec<&str> = pre.split(['.', '-']).collect();
    // `rc.1`, `rc1`, `M1`, `beta2`: a numbered pre-release is a real one.
    let numbered = words.iter().any(|w| w.bytes().any(|b| b.is_ascii_digit()));
    let release_word = words.iter().any(|w| {
        matches!(
            *w,
            "alpha" | "beta" | "rc" | "pre" | "preview" | "canary" | "next" | "a" | "b" | "nightly"
        )
    });
    !numbered && !release_word
}

/// The stable version `bump` steps to from `v` (pre-release and build dropped); None when a
/// number would overflow.
pub(crate) fn increment(v: &Version, bump: Bump) -> Option<Version> {
    let (major, minor, patch) = (v.major, v.minor, v.patch);
    Some(match bump {
        Bump::None => Version::new(major, minor, patch),
        Bump::Patch => Version::new(major, minor, patch.checked_add(1)?),
        Bump::Minor => Version::new(major, minor.checked_add(1)?, 0),
        Bump::Major => Version::new(major.checked_add(1)?, 0, 0),
    })
}

fn step(v: &Version, bump: Bump) -> Result<Version, String> {
    increment(v, bump).ok_or_else(|| {
        format!("{v}: the {bump} number cannot grow any further; relman cannot bump it")
    })
}

/// Everything the next version depends on.
#[derive(Debug, Clone)]
pub(crate) struct Inputs<'a> {
    /// The current release: the latest release tag, else the version source, else 0.0.0.
    pub(crate) current: &'a Version,
    /// The last stable release the commits are counted from (equal to `current` when that is stable).
    pub(crate) stable: &'a Version,
    /// The highest bump the commits since `stable` ask for, after the 0.x policy.
    pub(crate) bump: Bump,
    /// Whether any commit since `current` asks for a release.
    pub(crate) new_since_current: bool,
    /// A level forced with `--level` (no policy applies to it).
    pub(crate) level: Option<Bump>,
    /// `--pre ID`.
    pub(crate) pre: Option<&'a str>,
    /// The number of a release's first pre-release (1, or 0).
    pub(crate) first: u64,
}

/// The next version, or None when there is nothing to release.
pub(crate) fn next(inputs: &Inputs<'_>) -> Result<Option<Version>, String> {
    if let Some(id) = inputs.pre {
        check_pre_id(id)?;
    }
    let bump = inputs.level.unwrap_or(inputs.bump);
    let current = inputs.current;
    if current.pre.is_empty() {
        if bump == Bump::None {
            return Ok(None);
        }
        let target = step(current, bump)?;
        return Ok(Some(match inputs.pre {
            Some(id) => with_pre(&target, id, inputs.first),
            None => target,
        }));
    }
    // The current release is a pre-release of `release`.
    let release = Version::new(current.major, current.minor, current.patch);
    let target = if bump == Bump::None {
        release.clone()
    } else {
        step(inputs.stable, bump)?.max(release.clone())
    };
    let Some(id) = inputs.pre else {
        // Promotion to the final version.
        return Ok(Some(target));
    };
    if target == release {
        let (label, number) = split_pre(&current.pre);
        if label == id {
            if !inputs.new_since_current && inputs.level.is_none() {
                return Ok(None);
            }
            return Ok(Some(with_pre(&release, id, grow(current, label, number)?)));
        }
        let next = with_pre(&release, id, inputs.first);
        if next.cmp_precedence(current) != std::cmp::Ordering::Greater {
            return Err(format!(
                "{next} would sort before the current {current}: SemVer orders pre-release labels alphabetically; \
                 continue with --pre {label}, or release {release} without --pre"
            ));
        }
        return Ok(Some(next));
    }
    Ok(Some(with_pre(&target, id, inputs.first)))
}

/// The pre-release `id` of `release`: the next number when `current` is already a
/// pre-release of it with that label, else `.1`. An error when that number cannot grow.
pub(crate) fn pre_of(
    release: &Version,
    current: &Version,
    id: &str,
    first: u64,
) -> Result<Version, String> {
    let same_release = (current.major, current.minor, current.patch)
        == (release.major, release.minor, release.patch);
    if same_release && !current.pre.is_empty() {
        let (label, number) = split_pre(&current.pre);
        if label == id {
            return Ok(with_pre(release, id, grow(current, label, number)?));
        }
    }
    Ok(with_pre(release, id, first))
}

/// The number after a pre-release's `number` (None: too large for relman to count), or an
/// error that says what to do instead: never a wrap to `.0`, never a restart at `.1` (both
/// would sort before the current version).
fn grow(current: &Version, label: &str, number: Option<u64>) -> Result<u64, String> {
    number.and_then(|n| n.checked_add(1)).ok_or_else(|| {
        let release = Version::new(current.major, current.minor, current.patch);
        format!(
            "{current}: the pre-release number cannot grow any further; release {release} \
             without --pre, or continue with a label that sorts after {label:?} (e.g. --pre {label}2)"
        )
    })
}

/// A pre-release label must be a SemVer identifier that is not a number.
fn check_pre_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !id.chars().all(|c| c.is_ascii_digit());
    if ok {
        Ok(())
    } else {
        Err(format!(
            "--pre {id:?} is not a pre-release label: use letters, digits and `-`, not only digits (e.g. rc, beta, alpha)"
        ))
    }
}

fn with_pre(v: &Version, id: &str, number: u64) -> Version {
    let mut next = Version::new(v.major, v.minor, v.patch);
    next.pre = Prerelease::new(&format!("{id}.{number}")).unwrap_or(Prerelease::EMPTY);
    next.build = BuildMetadata::EMPTY;
    next
}

/// `rc.2` → ("rc", Some(2)); `rc` → ("rc", Some(0)); `beta.x.3` → ("beta.x", Some(3));
/// `rc.99999999999999999999` (SemVer numbers have no limit, u64 has) → ("rc", None).
fn split_pre(pre: &Prerelease) -> (&str, Option<u64>) {
    let s = pre.as_str();
    match s.rsplit_once('.') {
        Some((label, n)) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => {
            (label, n.parse().ok())
        }
        _ => (s, Some(0)),
    }
}

/// Whether `text` is the development version that follows `current` in Maven's SNAPSHOT
/// convention: `X-SNAPSHOT`, X being `current` or its next patch, minor or major (what
/// release-please and the Maven release plugin leave in a pom between releases).
pub(crate) fn is_snapshot_of(text: &str, current: &str) -> bool {
    let (Ok(v), Ok(c)) = (Version::parse(text), Version::parse(current)) else {
        return false;
    };
    if !v.pre.as_str().eq_ignore_ascii_case("SNAPSHOT") {
        return false;
    }
    let core = (v.major, v.minor, v.patch);
    core == (c.major, c.minor, c.patch)
        || core == (c.major, c.minor, c.patch + 1)
        || core == (c.major, c.minor + 1, 0)
        || core == (c.major + 1, 0, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshots_of_the_next_version() {
        assert!(is_snapshot_of("2.1.1-SNAPSHOT", "2.1.0"));
        assert!(is_snapshot_of("2.2.0-SNAPSHOT", "2.1.0"));
        assert!(is_snapshot_of("3.0.0-snapshot", "2.1.0"));
        assert!(!is_snapshot_of("2.1.2-SNAPSHOT", "2.1.0"));
        assert!(!is_snapshot_of("2.1.1-rc.1", "2.1.0"));
        assert!(!is_snapshot_of("2.1.1", "2.1.0"));
    }

    #[test]
    fn placeholders_are_not_versions() {
        for text in [
            "0.0.0-semantic-release",
            "0.0.0-development",
            "0.0.0-semantically-released",
            "0.0.0-PLACEHOLDER",
            "0.0.0-dev",
        ] {
            assert!(is_placeholder(text, false), "{text}");
        }
        assert!(is_placeholder("0.0.0", true));
        for text in [
            "0.0.0",
            "0.0.1",
            "1.0.0-development",
            "0.0.0-alpha",
            "0.0.0-rc.1",
            "0.0.0-1",
            "0.0.0-beta-2",
            "not a version",
        ] {
            assert!(!is_placeholder(text, false), "{text}");
        }
        assert!(!is_placeholder("0.0.0+build", true));
    }

    fn v(s: &str) -> Version {
        Version::parse(s).unwrap()
    }

    fn run(
        current: &str,
        stable: &str,
        bump: Bump,
        level: Option<Bump>,
        pre: Option<&str>,
    ) -> Result<Option<String>, String> {
        let current = v(current);
        let stable = v(stable);
        next(&Inputs {
            current: &current,
            stable: &stable,
            bump,
            new_since_current: bump != Bump::None,
            level,
            pre,
            first: 1,
        })
        .map(|o| o.map(|v| v.to_string()))
    }

    #[test]
    fn stable_bumps() {
        assert_eq!(
            run("1.2.3", "1.2.3", Bump::Patch, None, None),
            Ok(Some("1.2.4".into()))
        );
        assert_eq!(
            run("1.2.3", "1.2.3", Bump::Minor, None, None),
            Ok(Some("1.3.0".into()))
        );
        assert_eq!(
            run("1.2.3", "1.2.3", Bump::Major, None, None),
            Ok(Some("2.0.0".into()))
        );
        assert_eq!(run("1.2.3", "1.2.3", Bump::None, None, None), Ok(None));
    }

    #[test]
    fn level_forces_even_without_commits() {
        assert_eq!(
            run("1.2.3", "1.2.3", Bump::None, Some(Bump::Major), None),
            Ok(Some("2.0.0".into()))
        );
        assert_eq!(
            run("1.2.3", "1.2.3", Bump::Major, Some(Bump::Patch), None),
            Ok(Some("1.2.4".into()))
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let err = run(
            "1.18446744073709551615.0",
            "1.18446744073709551615.0",
            Bump::Minor,
            None,
            None,
        )
        .unwrap_err();
        assert!(err.contains("cannot grow"), "{err}");
    }

    #[test]
    fn pre_of_continues_the_same_label() {
        let pre = |release: &str, current: &str, id: &str| {
            pre_of(&v(release), &v(current), id, 1).map(|v| v.to_string())
        };
        assert_eq!(pre("2.0.0", "2.0.0-rc.1", "rc"), Ok("2.0.0-rc.2".into()));
        assert_eq!(pre("2.0.0", "1.0.0", "rc"), Ok("2.0.0-rc.1".into()));
        assert_eq!(pre("2.0.0", "2.0.0-beta.3", "rc"), Ok("2.0.0-rc.1".into()));
        let err = pre("2.0.0", "2.0.0-rc.18446744073709551615", "rc").unwrap_err();
        assert!(err.contains("cannot grow"), "{err}");
        let err = pre("2.0.0", "2.0.0-rc.18446744073709551616", "rc").unwrap_err();
        assert!(err.contains("cannot grow"), "{err}");
        assert_eq!(
            pre("2.0.0", "2.0.0-rc.18446744073709551614", "rc"),
            Ok("2.0.0-rc.18446744073709551615".into())
        );
    }

    #[test]
    fn pre_release_counter_at_its_limit_is_an_error_not_a_wrap() {
        for current in [
            "1.3.0-rc.18446744073709551615",
            "1.3.0-rc.99999999999999999999",
        ] {
            let err = run(current, "1.2.0", Bump::Patch, None, Some("rc")).unwrap_err();
            assert!(
                err.contains("cannot grow") && err.contains("without --pre"),
                "{err}"
            );
            // Another label that sorts after it, or the release, still work.
            assert_eq!(
                run(current, "1.2.0", Bump::Patch, None, Some("rc2")),
                Ok(Some("1.3.0-rc2.1".into()))
            );
            assert_eq!(
                run(current, "1.2.0", Bump::Patch, None, None),
                Ok(Some("1.3.0".into()))
            );
        }
        assert_eq!(
            run(
                "1.3.0-rc.18446744073709551614",
                "1.2.0",
                Bump::Patch,
                None,
                Some("rc")
            ),
            Ok(Some("1.3.0-rc.18446744073709551615".into()))
        );
    }

    #[test]
    fn build_metadata_is_dropped() {
        assert_eq!(
            run("1.2.3+build.5", "1.2.3+build.5", Bump::Patch, None, None),
            Ok(Some("1.2.4".into()))
        );
    }

    #[test]
    fn zero_policy() {
        let p = Policy::default();
        assert_eq!(with_policy(Bump::Major, 0, p), Bump::Minor);
        assert_eq!(with_policy(Bump::Minor, 0, p), Bump::Patch);
        assert_eq!(with_policy(Bump::Patch, 0, p), Bump::Patch);
        assert_eq!(with_policy(Bump::Major, 1, p), Bump::Major);
        let loose = Policy {
            pre_major_breaking: Bump::Major,
            pre_major_feat: Bump::Minor,
            ..Policy::default()
        };
        assert_eq!(with_policy(Bump::Major, 0, loose), Bump::Major);
        assert_eq!(with_policy(Bump::Minor, 0, loose), Bump::Minor);
    }

    #[test]
    fn enter_pre_release() {
        assert_eq!(
            run("1.2.0", "1.2.0", Bump::Minor, None, Some("rc")),
            Ok(Some("1.3.0-rc.1".into()))
        );
    }

    #[test]
    fn continue_pre_release() {
        assert_eq!(
            run("1.3.0-rc.1", "1.2.0", Bump::Patch, None, Some("rc")),
            Ok(Some("1.3.0-rc.2".into()))
        );
        assert_eq!(
            run("1.3.0-rc.9", "1.2.0", Bump::Minor, None, Some("rc")),
            Ok(Some("1.3.0-rc.10".into()))
        );
    }

    #[test]
    fn nothing_new_since_pre_release_is_nothing_to_release() {
        let current = v("1.3.0-rc.1");
        let stable = v("1.2.0");
        let out = next(&Inputs {
            current: &current,
            stable: &stable,
            bump: Bump::Minor,
            new_since_current: false,
            level: None,
            pre: Some("rc"),
            first: 1,
        });
        assert_eq!(out, Ok(None));
    }

    #[test]
    fn breaking_change_during_pre_release_moves_the_target() {
        assert_eq!(
            run("1.3.0-rc.2", "1.2.0", Bump::Major, None, Some("rc")),
            Ok(Some("2.0.0-rc.1".into()))
        );
    }

    #[test]
    fn switch_label_forward() {
        assert_eq!(
            run("1.3.0-beta.2", "1.2.0", Bump::Patch, None, Some("rc")),
            Ok(Some("1.3.0-rc.1".into()))
        );
    }

    #[test]
    fn switch_label_backward_is_refused() {
        let err = run("1.3.0-rc.2", "1.2.0", Bump::Patch, None, Some("beta")).unwrap_err();
        assert!(err.contains("would sort before"), "{err}");
    }

    #[test]
    fn promote_pre_release() {
        assert_eq!(
            run("1.3.0-rc.2", "1.2.0", Bump::None, None, None),
            Ok(Some("1.3.0".into()))
        );
        assert_eq!(
            run("1.3.0-rc.2", "1.2.0", Bump::Minor, None, None),
            Ok(Some("1.3.0".into()))
        );
        assert_eq!(
            run("1.3.0-rc.2", "1.2.0", Bump::Major, None, None),
            Ok(Some("2.0.0".into()))
        );
    }

    #[test]
    fn bad_pre_ids() {
        assert!(run("1.0.0", "1.0.0", Bump::Patch, None, Some("12")).is_err());
        assert!(run("1.0.0", "1.0.0", Bump::Patch, None, Some("r c")).is_err());
        assert!(run("1.0.0", "1.0.0", Bump::Patch, None, Some("")).is_err());
        assert!(run("1.0.0", "1.0.0", Bump::Patch, None, Some("rc-1")).is_ok());
    }

    #[test]
    fn precedence_ignores_build_metadata() {
        assert_eq!(
            v("1.0.0+a").cmp_precedence(&v("1.0.0+b")),
            std::cmp::Ordering::Equal
        );
        assert!(v("1.0.0-rc.1").cmp_precedence(&v("1.0.0")).is_lt());
        assert!(v("1.0.0-alpha").cmp_precedence(&v("1.0.0-alpha.1")).is_lt());
        assert!(v("1.0.0-rc.2").cmp_precedence(&v("1.0.0-rc.10")).is_lt());
    }
}
