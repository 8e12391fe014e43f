//! Deciding the next version of a package from its history (`Package::history`: the tags,
//! the current version, the commits since the latest release), the 0.x policy and what the
//! command line asks. Pure: no repository, no file; shared by `next`, `bump`, `release` and
//! the release documents, so they can never disagree.

use anyhow::{anyhow, Result};
use semver::Version;

use crate::git::Tag;
use crate::history::{self, Entry};
use crate::history::{History, Source};
use crate::version::{self, Bump, Inputs, Policy};

/// What the user asked for on the command line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Choice {
    pub(crate) level: Option<Bump>,
    pub(crate) pre: Option<String>,
    /// The release date (`--date`; else SOURCE_DATE_EPOCH or today): what a calendar
    /// version is made of.
    pub(crate) date: Option<String>,
}

/// The next version and everything that decided it.
#[derive(Debug)]
pub(crate) struct Decision {
    /// The version source's version (what `relman version` prints).
    pub(crate) current: Version,
    pub(crate) source: Source,
    /// The latest release tag reachable from HEAD.
    pub(crate) latest: Option<Tag>,
    /// The tag the commits are counted from (the latest stable one when the latest is a pre-release).
    pub(crate) base: Option<Tag>,
    /// The commits since `base`, newest first, judged.
    pub(crate) entries: Vec<Entry>,
    /// The bump the commits ask for, after the 0.x policy.
    pub(crate) bump: Bump,
    /// The version released before this one (the latest tag, else the current version).
    pub(crate) previous: Version,
    /// None: nothing to release.
    pub(crate) next: Option<Version>,
    /// Warnings and notes for stderr.
    pub(crate) notes: Vec<String>,
}

/// Decide the next version from a package's history.
pub(crate) fn decide(history: History, policy: Policy, choice: &Choice) -> Result<Decision> {
    let History {
        current: source_version,
        source,
        latest,
        base,
        entries,
        new_since_latest: new_since_current,
        shallow,
        initial,
        first_as_is,
    } = history;
    let mut notes = Vec::new();
    if shallow {
        notes.push(
            "this is a shallow clone: the history is cut off, so older tags and commits may be missing; \
             fetch the whole history (git fetch --unshallow, or fetch-depth: 0 in CI) for a complete answer"
                .to_string(),
        );
    }
    let reference = match &latest {
        Some(tag) => tag.version.clone(),
        None => source_version.clone(),
    };
    let stable = match (&base, reference.pre.is_empty()) {
        (Some(tag), _) => tag.version.clone(),
        (None, true) => reference.clone(),
        (None, false) => Version::new(0, 0, 0),
    };
    // The 0.x policy applies while the release being made is below 1.0.0.
    let policy_major = if reference.pre.is_empty() {
        stable.major
    } else {
        reference.major
    };
    let asked = history::highest(&entries);
    let bump = entries
        .iter()
        .map(|e| version::with_policy(e.effect.bump(), policy_major, policy))
        .max()
        .unwrap_or(Bump::None);
    let mut next = version::next(&Inputs {
        current: &reference,
        stable: &stable,
        bump,
        new_since_current,
        level: choice.level,
        pre: choice.pre.as_deref(),
        first: policy.first_pre_release,
    })
    .map_err(|e| anyhow!(e))?;

    if policy_major == 0 && choice.level.is_none() {
        if asked == Bump::Major && bump < Bump::Major {
            notes.push(format!(
                "a breaking change below 1.0.0 bumps the {bump} version ([version] pre-major-breaking); \
                 to release 1.0.0, run with --level major"
            ));
        }
        if next.as_ref().is_some_and(|n| n.major >= 1) {
            notes.push(
                "this release crosses to 1.0.0 because of the 0.x policy ([version] pre-major-breaking \
                 and pre-major-feat); from 1.0.0 on, breaking changes bump the major version"
                    .to_string(),
            );
        }
    }
    // A version asked for explicitly (a Release-As footer, or a version file bumped by hand)
    // is a floor the next version must reach.
    let mut floor: Option<(Version, String, bool)> = None;
    if let (Some(_), Source::File(path)) = (&latest, &source) {
        if source_version.cmp_precedence(&reference).is_gt() {
            floor = Some((
                source_version.clone(),
                format!("{} holds {source_version}, set by hand", path.display()),
                false,
            ));
        }
    }
    // The first release: `[version] initial` is a floor too.
    if let (None, Some(first)) = (&latest, &initial) {
        if first.cmp_precedence(&reference).is_gt() && floor.is_none() {
            floor = Some((
                first.clone(),
                "the first release ([version] initial)".to_string(),
                false,
            ));
        }
    }
    // A monorepo member never tagged, whose siblings are: the version its manifest holds
    // was never released (release-plz and cocogitto release it as it is).
    if latest.is_none()
        && first_as_is
        && floor.is_none()
        && choice.level.is_none()
        && choice.pre.is_none()
        && source_version.pre.is_empty()
        && next.is_some()
    {
        notes.push(format!(
            "the first release: {source_version}, the version the manifest holds, has no tag (the other packages' releases have), so it is released as it is; --level bumps it"
        ));
        next = Some(source_version.clone());
    }
    if let Some((forced, short)) = release_as(&entries, &mut notes) {
        if choice.level.is_some() {
            notes.push(format!(
                "commit {short} asks for {forced} with a Release-As footer: ignored, --level decides"
            ));
        } else if forced.cmp_precedence(&reference).is_gt()
            && floor
                .as_ref()
                .is_none_or(|(f, _, _)| forced.cmp_precedence(f).is_gt())
        {
            // An explicit request releases even when no commit asks for a release.
            floor = Some((
                forced.clone(),
                format!("commit {short} asks for {forced} (Release-As)"),
                true,
            ));
        } else {
            notes.push(format!(
                "commit {short} asks for {forced} with a Release-As footer, which is not above {reference}: ignored"
            ));
        }
    }
    if let Some((wanted, why, explicit)) = &floor {
        let computed = next.clone().or_else(|| explicit.then(|| reference.clone()));
        if let Some(n) = computed {
            let release = Version::new(wanted.major, wanted.minor, wanted.patch);
            let target = match choice.pre.as_deref() {
                Some(id) if wanted.pre.is_empty() => {
                    version::pre_of(&release, &reference, id, policy.first_pre_release)
                        .map_err(|e| anyhow!(e))?
                }
                _ => wanted.clone(),
            };
            if target.cmp_precedence(&n).is_gt() {
                notes.push(format!("{why}: {target} instead of the computed {n}"));
                next = Some(target);
            }
        }
    }
    // Calendar versions: whatever the commits ask, the release is the date's year and
    // month, numbered within the month.
    if policy.calver && choice.level.is_none() && choice.pre.is_none() && floor.is_none() {
        if let Some(n) = &next {
            let date = crate::context::release_date(choice.date.as_deref())?;
            let mut parts = date.split('-').map(|p| p.parse::<u64>().unwrap_or(0));
            let (year, month) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
            let calendar = if (reference.major, reference.minor) == (year, month) {
                Version::new(year, month, reference.patch + 1)
            } else {
                Version::new(year, month, 0)
            };
            if !calendar.cmp_precedence(&reference).is_gt() {
                notes.push(format!(
                    "calendar versioning ([version] scheme = \"calver\"): {date} is before the release {reference}, so the commits decide: {n}; give the release date with --date"
                ));
            } else if calendar != *n {
                notes.push(format!(
                    "calendar versioning ([version] scheme = \"calver\"): {calendar} for {date}, not the computed {n}"
                ));
                next = Some(calendar);
            }
        }
    }
    let previous = latest
        .as_ref()
        .map_or_else(|| source_version.clone(), |t| t.version.clone());
    Ok(Decision {
        current: source_version,
        source,
        latest,
        base,
        entries,
        bump,
        previous,
        next,
        notes,
    })
}

/// The highest version asked for with a `Release-As: X.Y.Z` footer (release-please's
/// convention), and the commit that asked.
fn release_as(entries: &[Entry], notes: &mut Vec<String>) -> Option<(Version, String)> {
    let mut best: Option<(Version, String)> = None;
    for entry in entries {
        let Some(commit) = entry.conventional() else {
            continue;
        };
        for value in commit.footer_values("Release-As") {
            let text = value.trim().trim_start_matches('v');
            match Version::parse(text) {
                Ok(v)
                    if best
                        .as_ref()
                        .is_none_or(|(b, _)| v.cmp_precedence(b).is_gt()) =>
                {
                    best = Some((v, entry.raw.short.clone()));
                }
                Ok(_) => {}
                Err(_) => notes.push(format!(
                    "commit {}: Release-As {value:?} is not a SemVer version: ignored",
                    entry.raw.short
                )),
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commit::Strictness;
    use crate::git::RawCommit;
    use std::path::PathBuf;

    fn tag(name: &str) -> Tag {
        Tag {
            name: name.to_string(),
            version: Version::parse(name.trim_start_matches('v')).unwrap(),
            commit: "f".repeat(40),
        }
    }

    /// A history with `latest` as the latest tag (and base), the current version read from
    /// VERSION, and these commit messages (newest first).
    fn history(current: &str, latest: Option<&str>, messages: &[&str]) -> History {
        let raw: Vec<RawCommit> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| RawCommit::sample(&format!("{:x}", i + 1), m))
            .collect();
        let entries = history::analyze(raw, Strictness::Lenient);
        let new_since_latest = history::highest(&entries) > Bump::None;
        History {
            current: Version::parse(current).unwrap(),
            source: Source::File(PathBuf::from("VERSION")),
            latest: latest.map(tag),
            base: latest.map(tag),
            entries,
            new_since_latest,
            shallow: false,
            initial: None,
            first_as_is: false,
        }
    }

    #[test]
    fn the_first_pre_release_number_is_the_policys() {
        let policy = Policy {
            first_pre_release: 0,
            ..Policy::default()
        };
        let pre = Choice {
            pre: Some("rc".into()),
            ..Choice::default()
        };
        let h = history("1.2.0", Some("1.2.0"), &["feat: a"]);
        let d = decide(h, policy, &pre).unwrap();
        assert_eq!(d.next.unwrap().to_string(), "1.3.0-rc.0");
        let h = history("1.2.0", Some("1.2.0"), &["feat: a"]);
        assert_eq!(next(h, &pre).as_deref(), Some("1.3.0-rc.1"));
    }

    #[test]
    fn the_first_release_is_initial_when_the_commits_ask_for_less() {
        let mut h = history("0.0.0", None, &["feat: first"]);
        h.initial = Some(Version::new(1, 0, 0));
        assert_eq!(next(h, &Choice::default()).as_deref(), Some("1.0.0"));
        // Nothing to release: no first release either.
        let mut h = history("0.0.0", None, &["docs: readme"]);
        h.initial = Some(Version::new(1, 0, 0));
        assert_eq!(next(h, &Choice::default()), None);
        // Once tagged, initial says nothing.
        let mut h = history("1.0.0", Some("1.0.0"), &["fix: a"]);
        h.initial = Some(Version::new(2, 0, 0));
        assert_eq!(next(h, &Choice::default()).as_deref(), Some("1.0.1"));
    }

    fn next(h: History, choice: &Choice) -> Option<String> {
        decide(h, Policy::default(), choice)
            .unwrap()
            .next
            .map(|v| v.to_string())
    }

    #[test]
    fn calendar_versions_are_the_release_dates_year_and_month() {
        let calver = Policy {
            calver: true,
            ..Policy::default()
        };
        let on = |date: &str| Choice {
            date: Some(date.into()),
            ..Choice::default()
        };
        let decided = |messages: &[&str], date: &str| {
            let h = history("2026.8.9", Some("v2026.8.9"), messages);
            decide(h, calver, &on(date))
                .unwrap()
                .next
                .map(|v| v.to_string())
        };
        // mise 2026.8.10: a feature in the same month is the month's next release.
        assert_eq!(
            decided(&["feat: a"], "2026-08-20").as_deref(),
            Some("2026.8.10")
        );
        assert_eq!(
            decided(&["fix: a"], "2026-09-02").as_deref(),
            Some("2026.9.0")
        );
        assert_eq!(
            decided(&["feat!: a"], "2027-01-05").as_deref(),
            Some("2027.1.0")
        );
        // A date before the latest release's month: the commits decide, and it is said.
        let h = history("2026.8.9", Some("v2026.8.9"), &["feat: a"]);
        let d = decide(h, calver, &on("2026-07-01")).unwrap();
        assert_eq!(d.next.map(|v| v.to_string()).as_deref(), Some("2026.9.0"));
        assert!(
            d.notes.iter().any(|n| n.contains("is before the release")),
            "{:?}",
            d.notes
        );
        // Nothing releasable is still nothing.
        assert_eq!(decided(&["docs: a"], "2026-09-02"), None);
        // --level decides when given.
        let h = history("2026.8.9", Some("v2026.8.9"), &["fix: a"]);
        let level = Choice {
            level: Some(Bump::Minor),
            ..on("2026-08-20")
        };
        assert_eq!(
            decide(h, calver, &level)
                .unwrap()
                .next
                .map(|v| v.to_string())
                .as_deref(),
            Some("2026.9.0")
        );
    }

    #[test]
    fn the_commits_decide_the_bump() {
        let none = Choice::default();
        let h = || history("1.2.3", Some("v1.2.3"), &["fix: a", "feat: b"]);
        assert_eq!(next(h(), &none).as_deref(), Some("1.3.0"));
        let h = history("1.2.3", Some("v1.2.3"), &["feat!: drop"]);
        assert_eq!(next(h, &none).as_deref(), Some("2.0.0"));
        let h = history("1.2.3", Some("v1.2.3"), &["docs: a", "chore: b"]);
        assert_eq!(next(h, &none), None);
    }

    #[test]
    fn the_choice_overrides_the_commits() {
        let major = Choice {
            level: Some(Bump::Major),
            ..Choice::default()
        };
        let h = history("1.2.3", Some("v1.2.3"), &["fix: a"]);
        assert_eq!(next(h, &major).as_deref(), Some("2.0.0"));
        let rc = Choice {
            pre: Some("rc".into()),
            ..Choice::default()
        };
        let h = history("1.2.3", Some("v1.2.3"), &["feat: a"]);
        assert_eq!(next(h, &rc).as_deref(), Some("1.3.0-rc.1"));
    }

    #[test]
    fn below_one_the_policy_applies_and_says_so() {
        let h = history("0.4.1", Some("v0.4.1"), &["feat!: break"]);
        let d = decide(h, Policy::default(), &Choice::default()).unwrap();
        assert_eq!(d.next.unwrap().to_string(), "0.5.0");
        assert!(
            d.notes.iter().any(|n| n.contains("--level major")),
            "{:?}",
            d.notes
        );
        let strict = Policy {
            pre_major_breaking: Bump::Major,
            pre_major_feat: Bump::Minor,
            ..Policy::default()
        };
        let h = history("0.4.1", Some("v0.4.1"), &["feat: a"]);
        let d = decide(h, strict, &Choice::default()).unwrap();
        assert_eq!(d.next.unwrap().to_string(), "0.5.0");
    }

    #[test]
    fn a_version_set_by_hand_and_release_as_are_floors() {
        let h = history("2.0.0", Some("v1.2.3"), &["fix: a"]);
        let d = decide(h, Policy::default(), &Choice::default()).unwrap();
        assert_eq!(d.next.unwrap().to_string(), "2.0.0");
        assert!(
            d.notes.iter().any(|n| n.contains("set by hand")),
            "{:?}",
            d.notes
        );
        let h = history(
            "1.2.3",
            Some("v1.2.3"),
            &["chore: release\n\nRelease-As: 3.0.0"],
        );
        let d = decide(h, Policy::default(), &Choice::default()).unwrap();
        assert_eq!(d.next.unwrap().to_string(), "3.0.0");
    }

    #[test]
    fn a_shallow_history_is_noted_and_no_tag_starts_from_the_version_source() {
        let mut h = history("0.0.0", None, &["feat: first"]);
        h.shallow = true;
        let d = decide(h, Policy::default(), &Choice::default()).unwrap();
        assert!(
            d.notes.iter().any(|n| n.contains("shallow clone")),
            "{:?}",
            d.notes
        );
        assert_eq!(d.previous.to_string(), "0.0.0");
        assert_eq!(d.next.unwrap().to_string(), "0.0.1");
    }
}
