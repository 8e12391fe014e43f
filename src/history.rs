//! A range of commits, understood: each raw commit parsed as a Conventional Commit, merges
//! and autosquash commits set aside, reverts paired with what they revert, and the bump each
//! one asks for. Pure: it gets `RawCommit`s from `git.rs` and does no I/O.

use std::collections::HashMap;

use serde::Serialize;

use crate::commit::{self, Message, Revert, Strictness};
use crate::git::RawCommit;
use crate::version::{bump_for, Bump};
use semver::Version;
use std::path::PathBuf;

/// What a commit does to the release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "kebab-case")]
pub(crate) enum Effect {
    /// It asks for this bump (possibly `none`).
    Bump { bump: Bump, reason: String },
    /// A revert and the commit it reverts, both in the range, cancel out.
    Cancelled { reason: String },
    /// Not counted: merges, `fixup!` commits.
    Skipped { reason: String },
    /// Not a Conventional Commit: kept with the reason, never counted.
    Rejected { reason: String },
}

impl Effect {
    pub(crate) fn bump(&self) -> Bump {
        match self {
            Effect::Bump { bump, .. } => *bump,
            _ => Bump::None,
        }
    }
}

/// One commit of the range.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) raw: RawCommit,
    pub(crate) message: Message,
    pub(crate) effect: Effect,
}

impl Entry {
    /// The first line of the message (without a byte-order mark before it).
    pub(crate) fn subject(&self) -> &str {
        let text = self.raw.lossy();
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        text.lines().next().unwrap_or("").trim_end()
    }

    /// The parsed Conventional Commit, when it is one and it counts.
    pub(crate) fn conventional(&self) -> Option<&commit::Commit> {
        match (&self.message, &self.effect) {
            (Message::Conventional(c), Effect::Bump { .. }) => Some(c),
            _ => None,
        }
    }
}

/// Apply `[version.bump]` (commit type → bump) to judged entries: a Conventional Commit of
/// a listed type bumps what the table says, unless it is breaking.
pub(crate) fn with_bumps(entries: &mut [Entry], bumps: &[(String, Bump)]) {
    if bumps.is_empty() {
        return;
    }
    for entry in entries.iter_mut() {
        let Some(commit) = entry.conventional() else {
            continue;
        };
        if commit.breaking {
            continue;
        }
        if let Some((kind, bump)) = bumps.iter().find(|(k, _)| *k == commit.kind) {
            entry.effect = Effect::Bump {
                bump: *bump,
                reason: format!("{kind}: {bump}, as [version.bump] says"),
            };
        }
    }
}

/// Parse and judge every commit of a range (newest first, as `git log` gives them).
///
/// Versioning reads messages leniently, as conventional-changelog (and so semantic-release)
/// does: a body without the blank line after the header, or a `Breaking change:` footer in
/// the wrong case, still count. `check-commit` reads them strictly.
pub(crate) fn analyze(commits: Vec<RawCommit>, strictness: Strictness) -> Vec<Entry> {
    let mut entries: Vec<Entry> = commits.into_iter().map(|c| judge(c, strictness)).collect();
    pair_reverts(&mut entries, strictness);
    entries
}

fn judge(raw: RawCommit, strictness: Strictness) -> Entry {
    let Some(text) = raw.message.as_deref() else {
        return Entry {
            effect: Effect::Rejected {
                reason: "the message is not valid UTF-8; relman reads commit messages as UTF-8"
                    .into(),
            },
            message: Message::Rejected(commit::Rejection {
                reason: "not valid UTF-8".into(),
                line: 1,
                column: 1,
            }),
            raw,
        };
    };
    let message = commit::parse_with(text, strictness);
    let effect = match &message {
        Message::Conventional(c) if c.kind == "revert" && !c.breaking => Effect::Bump {
            bump: Bump::Patch,
            reason: "revert of a commit released earlier".into(),
        },
        Message::Conventional(c) => {
            let (bump, reason) = bump_for(c);
            Effect::Bump { bump, reason }
        }
        _ if raw.parents > 1 => Effect::Skipped {
            reason: "merge commit: its commits are counted one by one".into(),
        },
        Message::GitRevert(_) => Effect::Bump {
            bump: Bump::Patch,
            reason: "revert of a commit released earlier".into(),
        },
        Message::Merge => Effect::Skipped {
            reason: "merge commit: its commits are counted one by one".into(),
        },
        Message::Autosquash(word) => Effect::Skipped {
            reason: format!("{word}! commit: meant to be squashed, not released"),
        },
        Message::Rejected(r) => Effect::Rejected {
            reason: r.reason.clone(),
        },
    };
    Entry {
        raw,
        message,
        effect,
    }
}

fn revert_of(entry: &Entry) -> Option<&Revert> {
    match &entry.message {
        Message::GitRevert(r) => Some(r),
        Message::Conventional(c) => c.revert.as_ref(),
        _ => None,
    }
}

/// Pair each revert with its target inside the range (oldest first, so that a revert of a
/// revert brings the original back).
///
/// Linear in the range: each revert's target is looked up in an index of the range's ids
/// and subjects, not searched for among the older commits (a long history of reverts of
/// commits released earlier would otherwise be quadratic).
fn pair_reverts(entries: &mut [Entry], strictness: Strictness) {
    // Judging changes effects, never ids or subjects: every pair is found on the range as
    // read, then applied in the same order (oldest revert first).
    let pairs: Vec<(usize, usize)> = {
        let targets = Targets::new(entries);
        (0..entries.len())
            .rev()
            .filter_map(|i| Some((i, targets.find(i, revert_of(&entries[i])?)?)))
            .collect()
    };
    cancel_pairs(entries, pairs, strictness);
}

/// Cancel each (revert, target) pair, in order; a revert of a revert brings the original back.
fn cancel_pairs(entries: &mut [Entry], pairs: Vec<(usize, usize)>, strictness: Strictness) {
    // Index of the commit that cancelled each cancelled revert's own target.
    let mut undone: HashMap<usize, usize> = HashMap::new();
    for (i, target) in pairs {
        let reverter = entries[i].raw.short.clone();
        let target_short = entries[target].raw.short.clone();
        if let Some(original) = undone.remove(&target) {
            // Reverting a revert: the original counts again.
            entries[original] = judge(entries[original].raw.clone(), strictness);
        }
        entries[target].effect = Effect::Cancelled {
            reason: format!("reverted by {reverter} in the same range"),
        };
        entries[i].effect = Effect::Cancelled {
            reason: format!("reverts {target_short} in the same range"),
        };
        undone.insert(i, target);
    }
}

/// The commits of a range by id and by subject, to find what a revert reverts.
struct Targets<'a> {
    /// (id, index), sorted: the ids that start with a prefix are one run of it.
    by_id: Vec<(&'a str, usize)>,
    /// The indexes of the commits with each subject, ascending (newest first).
    by_subject: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Targets<'a> {
    fn new(entries: &'a [Entry]) -> Targets<'a> {
        let mut by_id: Vec<(&str, usize)> = entries
            .iter()
            .enumerate()
            .map(|(j, e)| (e.raw.id.as_str(), j))
            .collect();
        by_id.sort_unstable();
        let mut by_subject: HashMap<&str, Vec<usize>> = HashMap::new();
        // Subjects are only asked for by reverts that name no commit.
        if entries
            .iter()
            .filter_map(revert_of)
            .any(|r| r.ids.is_empty() && r.subject.is_some())
        {
            for (j, e) in entries.iter().enumerate() {
                by_subject.entry(e.subject()).or_default().push(j);
            }
        }
        Targets { by_id, by_subject }
    }

    /// The reverted commit: the nearest one older than the revert (later in the list), by id
    /// prefix (the first of the revert's ids that names one), else, when the revert names
    /// no id, by subject.
    fn find(&self, revert_at: usize, revert: &Revert) -> Option<usize> {
        for id in &revert.ids {
            if id.len() < 7 {
                continue;
            }
            let id = id.to_ascii_lowercase();
            let from = self
                .by_id
                .partition_point(|(known, _)| *known < id.as_str());
            let nearest = self.by_id[from..]
                .iter()
                .take_while(|(known, _)| known.starts_with(id.as_str()))
                .map(|&(_, j)| j)
                .filter(|&j| j > revert_at)
                .min();
            if nearest.is_some() {
                return nearest;
            }
        }
        if !revert.ids.is_empty() {
            return None;
        }
        let subject = revert.subject.as_deref()?;
        let same = self.by_subject.get(subject)?;
        same.get(same.partition_point(|&j| j <= revert_at)).copied()
    }
}

/// The highest bump asked for in the range.
pub(crate) fn highest(entries: &[Entry]) -> Bump {
    entries
        .iter()
        .map(|e| e.effect.bump())
        .max()
        .unwrap_or(Bump::None)
}

/// Where the current version was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Source {
    File(PathBuf),
    Tag(String),
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Tag(name) => write!(f, "tag {name}"),
            Source::Default => f.write_str("no version file and no release tag: 0.0.0"),
        }
    }
}

/// The range of history the next release is made from.
#[derive(Debug)]
pub(crate) struct History {
    /// The version the package holds, and where it was read.
    pub(crate) current: Version,
    pub(crate) source: Source,
    /// The latest release tag reachable from HEAD (a pre-release included).
    pub(crate) latest: Option<crate::git::Tag>,
    /// The latest stable release tag reachable from HEAD: the start of the range.
    pub(crate) base: Option<crate::git::Tag>,
    /// The commits since `base` (newest first), judged.
    pub(crate) entries: Vec<Entry>,
    /// Whether a commit since `latest` asks for a release (differs from the whole range
    /// when `latest` is a pre-release).
    pub(crate) new_since_latest: bool,
    /// Whether the clone is shallow (older tags and commits may be missing).
    pub(crate) shallow: bool,
    /// `[version] initial`: the first release's version when there is no release tag.
    pub(crate) initial: Option<Version>,
    /// With no release tag, the current version is the first release, not bumped
    /// (`Package::first_as_is`).
    pub(crate) first_as_is: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(id: &str, message: &str) -> RawCommit {
        RawCommit::sample(id, message)
    }

    #[test]
    fn a_bump_table_changes_what_a_type_bumps_but_never_a_breaking_change() {
        let mut entries = lenient(vec![
            raw("a1", "refactor: tidy"),
            raw("a2", "fix: typo"),
            raw("a3", "fix!: api"),
            raw("a4", "not conventional"),
        ]);
        with_bumps(
            &mut entries,
            &[("refactor".into(), Bump::Patch), ("fix".into(), Bump::None)],
        );
        let bumps: Vec<Bump> = entries.iter().map(|e| e.effect.bump()).collect();
        assert_eq!(bumps, [Bump::Patch, Bump::None, Bump::Major, Bump::None]);
    }

    fn lenient(commits: Vec<RawCommit>) -> Vec<Entry> {
        analyze(commits, Strictness::Lenient)
    }

    fn effects(entries: &[Entry]) -> Vec<&str> {
        entries
            .iter()
            .map(|e| match &e.effect {
                Effect::Bump { bump, .. } => bump.as_str(),
                Effect::Cancelled { .. } => "cancelled",
                Effect::Skipped { .. } => "skipped",
                Effect::Rejected { .. } => "rejected",
            })
            .collect()
    }

    #[test]
    fn bumps_per_type() {
        let entries = lenient(vec![
            raw("a1", "docs: readme"),
            raw("a2", "fix: y"),
            raw("a3", "feat(api): x"),
            raw("a4", "refactor!: drop z"),
            raw("a5", "Update README.md"),
            raw("a6", "fixup! feat(api): x"),
        ]);
        assert_eq!(
            effects(&entries),
            ["none", "patch", "minor", "major", "rejected", "skipped"]
        );
        assert_eq!(highest(&entries), Bump::Major);
    }

    #[test]
    fn revert_in_range_cancels_its_target() {
        let entries = lenient(vec![
            raw("bbbbbbb", "Revert \"feat: x\"\n\nThis reverts commit aaaaaaa0000000000000000000000000000000000.\n"),
            raw("ccccccc", "fix: y"),
            raw("aaaaaaa", "feat: x"),
        ]);
        assert_eq!(effects(&entries), ["cancelled", "patch", "cancelled"]);
        assert_eq!(highest(&entries), Bump::Patch);
    }

    #[test]
    fn revert_of_earlier_release_is_a_patch() {
        let entries = lenient(vec![raw(
            "bbbbbbb",
            "Revert \"feat: x\"\n\nThis reverts commit 1234567890123456789012345678901234567890.\n",
        )]);
        assert_eq!(effects(&entries), ["patch"]);
    }

    #[test]
    fn revert_of_revert_restores_the_original() {
        let entries = lenient(vec![
            raw("ddddddd", "Revert \"Revert \"feat: x\"\"\n\nThis reverts commit bbbbbbb000000000000000000000000000000000.\n"),
            raw("bbbbbbb", "Revert \"feat: x\"\n\nThis reverts commit aaaaaaa000000000000000000000000000000000.\n"),
            raw("aaaaaaa", "feat: x"),
        ]);
        assert_eq!(effects(&entries), ["cancelled", "cancelled", "minor"]);
    }

    #[test]
    fn conventional_revert_by_subject() {
        let entries = lenient(vec![
            raw("bbbbbbb", "revert: feat: x"),
            raw("aaaaaaa", "feat: x"),
        ]);
        assert_eq!(effects(&entries), ["cancelled", "cancelled"]);
    }

    #[test]
    fn merge_commits_are_skipped_unless_conventional() {
        let mut merge = raw("m", "Merge pull request #3 from a/b\n\nfeat: x");
        merge.parents = 2;
        let mut conventional_merge = raw("n", "feat: merged feature");
        conventional_merge.parents = 2;
        let entries = lenient(vec![merge, conventional_merge]);
        assert_eq!(effects(&entries), ["skipped", "minor"]);
    }

    /// The pairing as it was before the range was indexed (a search of the older commits
    /// for each revert, quadratic), kept to check the index against.
    fn analyze_by_search(commits: Vec<RawCommit>) -> Vec<Entry> {
        fn find_target(entries: &[Entry], revert_at: usize, revert: &Revert) -> Option<usize> {
            let older = revert_at + 1..entries.len();
            for id in &revert.ids {
                let id = id.to_ascii_lowercase();
                if id.len() >= 7 {
                    if let Some(j) = older.clone().find(|&j| entries[j].raw.id.starts_with(&id)) {
                        return Some(j);
                    }
                }
            }
            if !revert.ids.is_empty() {
                return None;
            }
            let subject = revert.subject.as_deref()?;
            older.clone().find(|&j| entries[j].subject() == subject)
        }
        let strictness = Strictness::Lenient;
        let mut entries: Vec<Entry> = commits.into_iter().map(|c| judge(c, strictness)).collect();
        // The old search: each revert's target among the older commits, one by one.
        let pairs: Vec<(usize, usize)> = (0..entries.len())
            .rev()
            .filter_map(|i| Some((i, find_target(&entries, i, revert_of(&entries[i])?)?)))
            .collect();
        cancel_pairs(&mut entries, pairs, strictness);
        entries
    }

    #[test]
    fn indexed_pairing_agrees_with_a_search_of_the_older_commits() {
        // xorshift64*: deterministic, so a failure names its seed and can be replayed.
        fn next(state: &mut u64) -> u64 {
            *state ^= *state >> 12;
            *state ^= *state << 25;
            *state ^= *state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn pick(state: &mut u64, n: usize) -> usize {
            usize::try_from(next(state) % n as u64).unwrap()
        }
        const PREFIXES: [&str; 3] = ["abcdef0", "abcdef1", "0123456"];
        for seed in 1..=400u64 {
            let mut rng = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            let n = 1 + pick(&mut rng, 40);
            // Ids that share their first 7 digits, so that short ids are ambiguous.
            let ids: Vec<String> = (0..n)
                .map(|k| {
                    format!(
                        "{}{k:04x}{:029x}",
                        PREFIXES[pick(&mut rng, 3)],
                        next(&mut rng)
                    )
                })
                .collect();
            let subjects = ["feat: a", "fix: b", "feat: c"];
            let commits: Vec<RawCommit> = (0..n)
                .map(|k| {
                    let target = &ids[pick(&mut rng, n)];
                    let shown = match pick(&mut rng, 5) {
                        0 => &target[..7],
                        1 => &target[..12],
                        2 => &target[..5],
                        _ => target,
                    };
                    let shown = if pick(&mut rng, 4) == 0 {
                        shown.to_ascii_uppercase()
                    } else {
                        shown.to_string()
                    };
                    let subject = subjects[pick(&mut rng, 3)];
                    let message = match pick(&mut rng, 6) {
                        0 => format!("Revert \"{subject}\"\n\nThis reverts commit {shown}.\n"),
                        1 => format!("Revert \"{subject}\""),
                        2 => format!("revert: {subject}"),
                        3 => format!("revert: {subject}\n\nRefs: {shown}"),
                        4 => format!("Revert \"Revert \"{subject}\"\""),
                        _ => subject.to_string(),
                    };
                    raw(&ids[k], &message)
                })
                .collect();
            let indexed = lenient(commits.clone());
            let searched = analyze_by_search(commits);
            let show = |entries: &[Entry]| -> Vec<String> {
                entries
                    .iter()
                    .map(|e| format!("{} {:?}", e.raw.id, e.effect))
                    .collect()
            };
            assert_eq!(show(&indexed), show(&searched), "seed {seed}");
        }
    }

    #[test]
    fn invalid_utf8_is_rejected_not_fatal() {
        let mut bad = raw("e", "");
        bad.message = None;
        bad.undecoded = Some("feat: caf\u{fffd}".into());
        let entries = lenient(vec![bad]);
        assert_eq!(effects(&entries), ["rejected"]);
    }
}
