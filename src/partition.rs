//! Every release's commits from one walk of the history, for `changelog --all`: each commit
//! reachable from HEAD is read once, newest first, and put in the range of the oldest
//! release on HEAD's line that contains it, the range `git log PREVIOUS..TAG` gives. A
//! release that line does not contain (a maintenance branch's, or one merged in from
//! the side) gets a section of its own: the commits it contains that no lower release
//! does, read from its tag down to where they join a lower release.
//!
//! The line of releases is git's and relman's: the latest release HEAD reaches, then the
//! highest below it that this one reaches, and so on. One walk decides it as the tags
//! come, newest first. When a tag comes that shows an earlier decision wrong (a tag below
//! a release in version but above it in history, or a clock skew that reached a commit
//! after its children were done), the walk stops and says where; the caller walks the
//! rest range by range.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use anyhow::Result;
use git2::Oid;

use crate::git::{Parsed, RawCommit, Tag};

/// Where commit objects come from.
pub(crate) trait Commits {
    /// The commit `id`, or None when it is not there (a shallow clone's boundary).
    fn read(&self, id: Oid) -> Result<Option<Parsed>>;
}

impl Commits for crate::git::Reader<'_> {
    fn read(&self, id: Oid) -> Result<Option<Parsed>> {
        crate::git::Reader::read(self, id)
    }
}

/// One release's commits, handed out in order: newest release first.
#[derive(Debug)]
pub(crate) struct Section {
    /// Its tag; None for the commits after the latest release.
    pub(crate) tag: Option<Tag>,
    /// The author time of the tag's commit.
    pub(crate) time: i64,
    /// The release before it (the compare link's base).
    pub(crate) previous: Option<Tag>,
    /// Its commits, newest first.
    pub(crate) commits: Vec<RawCommit>,
    /// A release off the line tagged on a commit of HEAD's history: the short id of its
    /// commit, and the release of the line whose section lists it (None: unreleased).
    pub(crate) within: Option<(String, Option<Tag>)>,
}

/// How the walk ended.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Ending {
    /// Every release was handed out.
    Done,
    /// The history needs the range-by-range walk from here: the releases below `after`
    /// (None: from HEAD, nothing handed out yet).
    Resume { after: Option<Tag> },
}

/// Commits between the moment a range is complete and the moment it is handed out: a
/// commit with a clock earlier than a parent's may still come in that late.
const SLOP: u64 = 64;

/// A release of HEAD's line: the index of its tag in the ranked list, and its commit's
/// author time.
#[derive(Debug, Clone, Copy)]
struct Link {
    rank: usize,
    time: i64,
}

/// What the walk knows of a commit reachable from HEAD.
#[derive(Debug, Clone, Copy)]
struct Node {
    /// The range it is in: 0 for the commits after the latest release, `i` for the `i`-th
    /// release of the line, newest first (the oldest release of the line that contains it).
    label: u32,
    popped: bool,
    /// Not readable (a shallow clone's boundary).
    missing: bool,
}

/// The walk.
struct Pass<'a, C: Commits> {
    source: &'a C,
    /// Release tags, highest precedence first.
    tags: &'a [Tag],
    /// Each tagged commit and the rank of its highest tag (which names its release).
    rank_of: HashMap<Oid, usize>,
    nodes: HashMap<Oid, Node>,
    heap: BinaryHeap<(i64, Reverse<u64>, Oid)>,
    queued: HashMap<Oid, Parsed>,
    seq: u64,
    pops: u64,
    line: Vec<Link>,
    /// The commits of each range read so far, newest first, with the order they were
    /// read in (to merge ranges when the line is redrawn).
    buckets: Vec<Vec<(u64, Oid, RawCommit)>>,
    /// How many queued commits each range has.
    open: Vec<usize>,
    /// Which ranked tags were reached.
    reached: Vec<bool>,
    /// Every tag ranked above this one was reached.
    first_unreached: usize,
    /// Ranges handed out: 0..handed.
    handed: usize,
    /// When the next range to hand out became complete.
    ready_since: Option<u64>,
    /// Ranks of tags reached from HEAD but off its line (their sections come after the
    /// walk, and hold back the line's).
    side: Vec<usize>,
}

/// Walk the history from `head` and hand out every release's commits (`tags`: release
/// tags, highest precedence first).
pub(crate) fn each_section<C: Commits>(
    source: &C,
    head: Oid,
    tags: &[Tag],
    each: &mut dyn FnMut(Section) -> Result<()>,
) -> Result<Ending> {
    let mut rank_of = HashMap::new();
    for (rank, tag) in tags.iter().enumerate() {
        if let Ok(id) = Oid::from_str(&tag.commit) {
            rank_of.entry(id).or_insert(rank);
        }
    }
    let mut pass = Pass {
        source,
        tags,
        rank_of,
        nodes: HashMap::new(),
        heap: BinaryHeap::new(),
        queued: HashMap::new(),
        seq: 0,
        pops: 0,
        line: Vec::new(),
        buckets: vec![Vec::new()],
        open: vec![0],
        reached: vec![false; tags.len()],
        first_unreached: 0,
        handed: 0,
        ready_since: None,
        side: Vec::new(),
    };
    pass.queue(head, 0)?;
    while let Some((_, _, id)) = pass.heap.pop() {
        if let Some(ending) = pass.step(id)? {
            return Ok(ending);
        }
        pass.hand_out(each)?;
    }
    pass.finish(each)
}

impl<C: Commits> Pass<'_, C> {
    /// Read `id` and queue it in range `label`.
    fn queue(&mut self, id: Oid, label: u32) -> Result<()> {
        let Some(parsed) = self.source.read(id)? else {
            self.nodes.insert(
                id,
                Node {
                    label,
                    popped: true,
                    missing: true,
                },
            );
            return Ok(());
        };
        self.nodes.insert(
            id,
            Node {
                label,
                popped: false,
                missing: false,
            },
        );
        self.open[label as usize] += 1;
        self.seq += 1;
        self.heap.push((parsed.time, Reverse(self.seq), id));
        self.queued.insert(id, parsed);
        Ok(())
    }

    /// Take the next commit: decide its range, and whether its tag is the line's next
    /// release. Some(Resume) when the history cannot be settled in one walk.
    fn step(&mut self, id: Oid) -> Result<Option<Ending>> {
        self.pops += 1;
        let Some(parsed) = self.queued.remove(&id) else {
            return Ok(None);
        };
        let node = self.nodes.get_mut(&id).expect("a queued commit has a node");
        node.popped = true;
        let mut label = node.label;
        self.open[label as usize] -= 1;
        if let Some(&rank) = self.rank_of.get(&id) {
            self.reached[rank] = true;
            while self.reached.get(self.first_unreached) == Some(&true) {
                self.first_unreached += 1;
            }
            // Where its version puts it on the line: after the `k` releases above it.
            let k = self.line.iter().take_while(|l| l.rank < rank).count();
            if k <= label as usize {
                // Reached from the release above it: it is the line's next release, and
                // releases taken for the line below it (newer, lower) leave the line.
                self.redraw(k);
                self.line.push(Link {
                    rank,
                    time: parsed.raw.time,
                });
                self.buckets.push(Vec::new());
                self.open.push(0);
                label = u32::try_from(k + 1).unwrap_or(u32::MAX);
                if let Some(node) = self.nodes.get_mut(&id) {
                    node.label = label;
                }
            } else {
                // Off the line: not reached from the release above it in version.
                self.side.push(rank);
            }
        }
        self.buckets[label as usize].push((self.pops, id, parsed.raw));
        for parent in parsed.parents {
            match self.nodes.get(&parent).copied() {
                None => self.queue(parent, label)?,
                Some(n) if n.missing || n.label >= label => {}
                Some(n) if !n.popped => {
                    self.open[n.label as usize] -= 1;
                    self.open[label as usize] += 1;
                    if let Some(node) = self.nodes.get_mut(&parent) {
                        node.label = label;
                    }
                }
                // Taken before a child of it: a clock skew. Past a range handed out, the
                // walk is as good as git's; before, it is redone range by range.
                Some(n) if (n.label as usize) < self.handed => {}
                Some(_) => return Ok(Some(self.resume())),
            }
        }
        Ok(None)
    }

    /// Cut the line after its first `k` releases: the ones below leave it (they were
    /// taken for it before a higher release that the `k`-th reaches came), and their
    /// commits go back to range `k`. None of them was handed out: a range is handed out
    /// only when every tag above the release below it was reached.
    fn redraw(&mut self, k: usize) {
        if k >= self.line.len() {
            return;
        }
        for link in self.line.drain(k..) {
            self.side.push(link.rank);
        }
        let mut merged: Vec<(u64, Oid, RawCommit)> = self.buckets.drain(k..).flatten().collect();
        merged.sort_by_key(|(seq, _, _)| *seq);
        let k32 = u32::try_from(k).unwrap_or(u32::MAX);
        for (_, id, _) in &merged {
            if let Some(node) = self.nodes.get_mut(id) {
                node.label = k32;
            }
        }
        self.buckets.push(merged);
        for id in self.queued.keys() {
            if let Some(node) = self.nodes.get_mut(id) {
                node.label = node.label.min(k32);
            }
        }
        let moved: usize = self.open.drain(k..).sum();
        self.open.push(moved);
    }

    /// Where the range-by-range walk takes over.
    fn resume(&self) -> Ending {
        Ending::Resume {
            after: self
                .handed
                .checked_sub(1)
                .map(|i| self.tags[self.line[i].rank].clone()),
        }
    }

    /// Hand out every range that is complete and can no longer change: no commit of it
    /// is queued, every tag ranked above the release below it was reached, no release
    /// off the line comes before it, and `SLOP` more commits were read.
    fn hand_out(&mut self, each: &mut dyn FnMut(Section) -> Result<()>) -> Result<()> {
        loop {
            let j = self.handed;
            let ready = j < self.line.len()
                && self.open[j] == 0
                && self.first_unreached > self.line[j].rank
                && self.side.is_empty();
            if !ready {
                self.ready_since = None;
                return Ok(());
            }
            let since = *self.ready_since.get_or_insert(self.pops);
            if self.pops < since + SLOP {
                return Ok(());
            }
            self.ready_since = None;
            let section = self.chain_section(j);
            self.handed += 1;
            each(section)?;
        }
    }

    /// Range `j` of the line as a section.
    fn chain_section(&mut self, j: usize) -> Section {
        let (tag, time) = match j.checked_sub(1) {
            Some(i) => (
                Some(self.tags[self.line[i].rank].clone()),
                self.line[i].time,
            ),
            None => (None, 0),
        };
        Section {
            tag,
            time,
            previous: self.line.get(j).map(|l| self.tags[l.rank].clone()),
            commits: std::mem::take(&mut self.buckets[j])
                .into_iter()
                .map(|(_, _, raw)| raw)
                .collect(),
            within: None,
        }
    }

    /// The walk is over: hand out the rest of the line and the releases off it, in order.
    fn finish(mut self, each: &mut dyn FnMut(Section) -> Result<()>) -> Result<Ending> {
        let mut sides = self.side_sections()?;
        // Highest rank first out of the vector's end: the lowest precedence last.
        sides.sort_by_key(|(rank, _)| Reverse(*rank));
        for j in self.handed..=self.line.len() {
            let bound = self.line.get(j.wrapping_sub(1)).map(|l| l.rank);
            while let Some((rank, _)) = sides.last() {
                if bound.is_some_and(|b| *rank < b) {
                    let (_, section) = sides.pop().expect("checked");
                    each(section)?;
                } else {
                    break;
                }
            }
            let section = self.chain_section(j);
            each(section)?;
        }
        while let Some((_, section)) = sides.pop() {
            each(section)?;
        }
        Ok(Ending::Done)
    }

    /// The releases off HEAD's line below its latest release (lowest first, so that each
    /// knows the lower ones' commits). One tagged on a commit of HEAD's history has its
    /// commits in the line's sections: it says which. One on another branch lists the
    /// commits HEAD's history does not have and no lower release has.
    fn side_sections(&self) -> Result<Vec<(usize, Section)>> {
        let Some(top) = self.line.first() else {
            return Ok(Vec::new());
        };
        let on_line: HashSet<usize> = self.line.iter().map(|l| l.rank).collect();
        let named: HashSet<usize> = self.rank_of.values().copied().collect();
        let mut ranks: Vec<usize> = (top.rank + 1..self.tags.len())
            .filter(|r| !on_line.contains(r) && named.contains(r))
            .collect();
        ranks.reverse();
        let mut claimed: HashSet<Oid> = HashSet::new();
        let mut out = Vec::new();
        for rank in ranks {
            let Ok(start) = Oid::from_str(&self.tags[rank].commit) else {
                continue;
            };
            let section = match self.nodes.get(&start) {
                Some(node) if !node.missing => self.tagged_within(rank, start, node.label)?,
                _ => self.side_section(rank, start, &mut claimed)?,
            };
            out.push((rank, section));
        }
        Ok(out)
    }

    /// A release off the line on a commit of range `label`.
    fn tagged_within(&self, rank: usize, start: Oid, label: u32) -> Result<Section> {
        let tag = &self.tags[rank];
        let time = self.source.read(start)?.map_or(0, |p| p.raw.time);
        let listed = (label as usize)
            .checked_sub(1)
            .and_then(|i| self.line.get(i))
            .map(|l| self.tags[l.rank].clone());
        Ok(Section {
            tag: Some(tag.clone()),
            time,
            previous: None,
            commits: Vec::new(),
            within: Some((tag.commit.chars().take(7).collect(), listed)),
        })
    }

    /// A release on another branch: the commits from its tag down to HEAD's history or a
    /// lower release off the line (`claimed`).
    fn side_section(&self, rank: usize, start: Oid, claimed: &mut HashSet<Oid>) -> Result<Section> {
        let mut heap: BinaryHeap<(i64, Reverse<u64>, Oid)> = BinaryHeap::new();
        let mut waiting: HashMap<Oid, Parsed> = HashMap::new();
        let mut seen: HashSet<Oid> = HashSet::new();
        let mut seq = 0u64;
        let mut commits = Vec::new();
        let mut time = 0;
        // The highest release below it that it reaches.
        let mut previous: Option<usize> = None;
        let mut next = vec![start];
        loop {
            for id in next.drain(..) {
                if !seen.insert(id) {
                    continue;
                }
                if let Some(node) = self.nodes.get(&id) {
                    // Where it joins HEAD's history: at a release, or in a range whose
                    // next lower release it then reaches.
                    previous = self.lower_tag(id, rank, previous);
                    if let Some(below) = self.line.get(node.label as usize) {
                        previous = Self::lower_rank(below.rank, rank, previous);
                    }
                } else if claimed.contains(&id) {
                    previous = self.lower_tag(id, rank, previous);
                } else if let Some(parsed) = self.source.read(id)? {
                    seq += 1;
                    heap.push((parsed.time, Reverse(seq), id));
                    waiting.insert(id, parsed);
                }
            }
            let Some((_, _, id)) = heap.pop() else { break };
            let Some(parsed) = waiting.remove(&id) else {
                continue;
            };
            if id == start {
                time = parsed.raw.time;
            } else {
                previous = self.lower_tag(id, rank, previous);
            }
            claimed.insert(id);
            next.extend(parsed.parents.iter().copied());
            commits.push(parsed.raw);
        }
        if commits.is_empty() {
            // All of it is in a lower release: its date is still its commit's.
            time = self.source.read(start)?.map_or(0, |p| p.raw.time);
        }
        Ok(Section {
            tag: Some(self.tags[rank].clone()),
            time,
            previous: previous.map(|r| self.tags[r].clone()),
            commits,
            within: None,
        })
    }

    /// `best`, or `candidate` when it is below `rank` and above `best`.
    fn lower_rank(candidate: usize, rank: usize, best: Option<usize>) -> Option<usize> {
        if candidate > rank && best.is_none_or(|b| candidate < b) {
            Some(candidate)
        } else {
            best
        }
    }

    /// `best`, or the release on commit `id` when it is below `rank` and above `best`.
    fn lower_tag(&self, id: Oid, rank: usize, best: Option<usize>) -> Option<usize> {
        match self.rank_of.get(&id) {
            Some(&r) => Self::lower_rank(r, rank, best),
            None => best,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A history in memory: each commit by name, with its parents and its time.
    struct Fake(HashMap<Oid, Parsed>);

    fn id(name: &str) -> Oid {
        Oid::hash_object(git2::ObjectType::Blob, name.as_bytes()).unwrap()
    }

    impl Fake {
        fn new(commits: &[(&str, &[&str], i64)]) -> Fake {
            let mut map = HashMap::new();
            for (name, parents, time) in commits {
                let hex = id(name).to_string();
                let mut raw = RawCommit::sample(&hex, &format!("fix: {name}"));
                raw.time = *time;
                map.insert(
                    id(name),
                    Parsed {
                        parents: parents.iter().map(|p| id(p)).collect(),
                        time: *time,
                        raw,
                    },
                );
            }
            Fake(map)
        }
    }

    impl Commits for Fake {
        fn read(&self, id: Oid) -> Result<Option<Parsed>> {
            Ok(self.0.get(&id).cloned())
        }
    }

    /// Tags (name, commit), ranked as `Repo::release_tags` ranks them.
    fn tags(list: &[(&str, &str)]) -> Vec<Tag> {
        let mut tags: Vec<Tag> = list
            .iter()
            .map(|(name, commit)| Tag {
                name: (*name).to_string(),
                version: semver::Version::parse(name.trim_start_matches('v')).unwrap(),
                commit: id(commit).to_string(),
            })
            .collect();
        tags.sort_by(|a, b| b.version.cmp_precedence(&a.version));
        tags
    }

    /// Each section as "TAG<PREVIOUS: commits" (names of the commits' messages).
    fn sections(fake: &Fake, head: &str, tags: &[Tag]) -> (Vec<String>, Ending) {
        let mut out = Vec::new();
        let ending = each_section(fake, id(head), tags, &mut |s| {
            let names: Vec<&str> = s
                .commits
                .iter()
                .map(|c| c.lossy().trim_start_matches("fix: "))
                .collect();
            let mut line = format!(
                "{}<{}: {}",
                s.tag.as_ref().map_or("HEAD", |t| t.name.as_str()),
                s.previous.as_ref().map_or("", |t| t.name.as_str()),
                names.join(" ")
            );
            if let Some((_, listed)) = &s.within {
                line.push_str(" (in ");
                line.push_str(listed.as_ref().map_or("HEAD", |t| t.name.as_str()));
                line.push(')');
            }
            out.push(line);
            Ok(())
        })
        .unwrap();
        (out, ending)
    }

    #[test]
    fn a_line_of_releases_splits_the_history_as_git_log_ranges_do() {
        let fake = Fake::new(&[
            ("a", &[], 1),
            ("b", &["a"], 2),
            ("c", &["b"], 3),
            ("d", &["c"], 4),
            ("e", &["d"], 5),
        ]);
        let tags = tags(&[("v1.0.0", "a"), ("v1.1.0", "c")]);
        let (out, ending) = sections(&fake, "e", &tags);
        assert_eq!(ending, Ending::Done);
        assert_eq!(
            out,
            ["HEAD<v1.1.0: e d", "v1.1.0<v1.0.0: c b", "v1.0.0<: a"]
        );
    }

    #[test]
    fn a_merged_branch_older_than_the_release_before_stays_in_its_range() {
        // x branched before v1.0.0 and was merged after it: git log v1.0.0..v2.0.0 has x.
        let fake = Fake::new(&[
            ("a", &[], 1),
            ("x", &["a"], 2),
            ("b", &["a"], 3),
            ("m", &["b", "x"], 4),
            ("c", &["m"], 5),
        ]);
        let tags = tags(&[("v1.0.0", "b"), ("v2.0.0", "c")]);
        let (out, _) = sections(&fake, "c", &tags);
        // HEAD is the release: its section is empty (`changelog` leaves it out).
        assert_eq!(
            out,
            ["HEAD<v2.0.0: ", "v2.0.0<v1.0.0: c m x", "v1.0.0<: b a"]
        );
    }

    #[test]
    fn a_maintenance_release_gets_the_commits_of_its_branch() {
        // v1.0.1 and v1.0.2 on a branch from v1.0.0, made after v2.0.0 on the main line.
        let fake = Fake::new(&[
            ("a", &[], 1),
            ("b", &["a"], 2),
            ("c", &["b"], 3),
            ("p", &["a"], 4),
            ("q", &["p"], 5),
            ("r", &["q"], 6),
            ("d", &["c"], 7),
        ]);
        let tags = tags(&[
            ("v1.0.0", "a"),
            ("v2.0.0", "c"),
            ("v1.0.1", "p"),
            ("v1.0.2", "r"),
        ]);
        let (out, ending) = sections(&fake, "d", &tags);
        assert_eq!(ending, Ending::Done);
        assert_eq!(
            out,
            [
                "HEAD<v2.0.0: d",
                "v2.0.0<v1.0.0: c b",
                "v1.0.2<v1.0.1: r q",
                "v1.0.1<v1.0.0: p",
                "v1.0.0<: a",
            ]
        );
    }

    #[test]
    fn a_release_tagged_below_in_version_but_above_in_history_leaves_the_line() {
        // v9.9.2 tagged on a commit after v10.1.0: the line is v10.2.0, v10.1.0, v9.9.1,
        // and v9.9.2 says where its commit is listed.
        let fake = Fake::new(&[
            ("a", &[], 1),
            ("b", &["a"], 2),
            ("c", &["b"], 3),
            ("d", &["c"], 4),
            ("e", &["d"], 5),
        ]);
        let tags = tags(&[
            ("v9.9.1", "a"),
            ("v10.1.0", "b"),
            ("v9.9.2", "c"),
            ("v10.2.0", "d"),
        ]);
        let (out, ending) = sections(&fake, "e", &tags);
        assert_eq!(ending, Ending::Done);
        assert_eq!(
            out,
            [
                "HEAD<v10.2.0: e",
                "v10.2.0<v10.1.0: d c",
                "v10.1.0<v9.9.1: b",
                "v9.9.2<:  (in v10.2.0)",
                "v9.9.1<: a",
            ]
        );
    }

    #[test]
    fn a_clock_skew_before_anything_is_handed_out_resumes_from_the_top() {
        // b is older by its clock than its parent a: a comes out of the queue first.
        let fake = Fake::new(&[("a", &[], 10), ("b", &["a"], 5), ("c", &["b", "a"], 20)]);
        let tags = tags(&[("v1.0.0", "b")]);
        let (out, ending) = sections(&fake, "c", &tags);
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(ending, Ending::Resume { after: None });
    }

    #[test]
    fn long_ranges_are_handed_out_before_the_walk_ends() {
        let mut commits: Vec<(String, Vec<String>, i64)> = Vec::new();
        for i in 0..400 {
            let parents = if i == 0 {
                vec![]
            } else {
                vec![format!("c{}", i - 1)]
            };
            commits.push((format!("c{i}"), parents, i));
        }
        let refs: Vec<(&str, Vec<&str>, i64)> = commits
            .iter()
            .map(|(n, p, t)| (n.as_str(), p.iter().map(String::as_str).collect(), *t))
            .collect();
        let list: Vec<(&str, &[&str], i64)> = refs
            .iter()
            .map(|(n, p, t)| (*n, p.as_slice(), *t))
            .collect();
        let fake = Fake::new(&list);
        let tags = tags(&[("v1.0.0", "c99"), ("v2.0.0", "c299")]);
        // Count the commits still unread when each section comes.
        let mut handed = Vec::new();
        each_section(&fake, id("c399"), &tags, &mut |s| {
            handed.push((s.tag.map(|t| t.name), s.commits.len()));
            Ok(())
        })
        .unwrap();
        assert_eq!(
            handed,
            [
                (None, 100),
                (Some("v2.0.0".to_string()), 200),
                (Some("v1.0.0".to_string()), 100)
            ]
        );
    }
}
