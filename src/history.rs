//! A range of commits, understood: each raw commit parsed as a Conventional Commit, merges
//! and autosquash commits set aside, reverts paired with what they revert, and the bump each
//! one asks for. Pure: it gets `RawCommit`s from `git.rs` and does no I/O.

use std::collections::HashMap;

use serde::Serialize;

use crate::commit::{self, Message, Revert, Strictness};
use crate::git::RawCommit;
use crate::version::{bump_for, Bump};

/// What a commit does to the release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "kebab-case")]
pub enum Effect {
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
    pub fn bump(&self) -> Bump {
        match self {
            Effect::Bump { bump, .. } => *bump,
            _ => Bump::None,
        }
    }
}

/// One commit of the range.
#[derive(Debug, Clone)]
pub struct Entry {
    pub raw: RawCommit,
    pub message: Message,
    pub effect: Effect,
}

impl Entry {
    /// The first line of the message.
    pub fn subject(&self) -> &str {
        self.raw.lossy.lines().next().unwrap_or("").trim_end()
    }

    /// The parsed Conventional Commit, when it is one and it counts.
    pub fn conventional(&self) -> Option<&commit::Commit> {
        match (&self.message, &self.effect) {
            (Message::Conventional(c), Effect::Bump { .. }) => Some(c),
            _ => None,
        }
    }
}

/// Parse and judge every commit of a range (newest first, as `git log` gives them).
///
/// Versioning reads messages leniently, as conventional-changelog (and so semantic-release)
/// does: a body without the blank line after the header, or a `Breaking change:` footer in
/// the wrong case, still count. `check-commit` reads them strictly.
pub fn analyze(commits: Vec<RawCommit>, strictness: Strictness) -> Vec<Entry> {
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
fn pair_reverts(entries: &mut [Entry], strictness: Strictness) {
    // Index of the commit that cancelled each cancelled revert's own target.
    let mut undone: HashMap<usize, usize> = HashMap::new();
    for i in (0..entries.len()).rev() {
        let Some(revert) = revert_of(&entries[i]).cloned() else {
            continue;
        };
        let Some(target) = find_target(entries, i, &revert) else {
            continue;
        };
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

/// The reverted commit: older than the revert (later in the list), by id prefix, else by subject.
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

/// The highest bump asked for in the range.
pub fn highest(entries: &[Entry]) -> Bump {
    entries
        .iter()
        .map(|e| e.effect.bump())
        .max()
        .unwrap_or(Bump::None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(id: &str, message: &str) -> RawCommit {
        RawCommit::sample(id, message)
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

    #[test]
    fn invalid_utf8_is_rejected_not_fatal() {
        let mut bad = raw("e", "");
        bad.message = None;
        bad.lossy = "feat: caf\u{fffd}".into();
        let entries = lenient(vec![bad]);
        assert_eq!(effects(&entries), ["rejected"]);
    }
}
