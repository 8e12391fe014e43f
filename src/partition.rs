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
//!
//! Memory stays that of the sections' made form, not of their commits: a range is made
//! (`build`: for the changelog, rendered) as soon as it is final, which needs every release
//! above it in version to be reached, or known out of reach: a tag whose commit is newer
//! by its clock than every commit still queued (for `SLOP` commits) cannot be reached
//! without a clock skew, and a skew that reaches it after all makes the walk stop there.
//! Made sections wait, in order, only while a release off the line may still have to come
//! before them.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};

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

/// Whether a tag ranked above a range's end was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Not yet: its commit may still come.
    Open,
    /// Its commit was read (or it names the same commit as a higher tag).
    Reached,
    /// Out of reach: its commit is newer than every commit left to read.
    Gone,
}

/// Each tagged commit and the rank of its highest tag, sorted by commit: a tenth of a hash
/// map's memory on a history with thousands of tags.
struct Ranks(Vec<(Oid, u32)>);

impl Ranks {
    fn of(tags: &[Tag]) -> Ranks {
        let mut ranks: Vec<(Oid, u32)> = tags
            .iter()
            .enumerate()
            .filter_map(|(rank, tag)| {
                Some((Oid::from_str(&tag.commit).ok()?, u32::try_from(rank).ok()?))
            })
            .collect();
        // The highest tag of a commit first, and only it kept.
        ranks.sort_unstable();
        ranks.dedup_by_key(|(id, _)| *id);
        ranks.shrink_to_fit();
        Ranks(ranks)
    }

    fn get(&self, id: Oid) -> Option<usize> {
        let i = self.0.binary_search_by(|(at, _)| at.cmp(&id)).ok()?;
        Some(self.0[i].1 as usize)
    }

    fn values(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().map(|(_, rank)| *rank as usize)
    }
}

/// The walk.
struct Pass<'a, C: Commits, T> {
    source: &'a C,
    /// Release tags, highest precedence first.
    tags: &'a [Tag],
    /// Each tagged commit and the rank of its highest tag (which names its release).
    rank_of: Ranks,
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
    /// When each range last became complete (no commit of it queued), in commits read.
    complete_at: Vec<Option<u64>>,
    /// Which ranked tags were reached, or are out of reach.
    reached: Vec<Reach>,
    /// Every tag ranked above this one was reached or is out of reach.
    first_unreached: usize,
    /// A tag's commit time, read to tell whether it is out of reach.
    probed: HashMap<usize, i64>,
    /// The commits read for that, kept until the walk reaches them, or for the section of
    /// a release out of reach (so that none is inflated twice).
    probes: HashMap<Oid, Parsed>,
    /// The newest commit time left in the queue, every `SLOP` commits read if it fell,
    /// with the count of commits read then (times falling): a tag is judged out of reach
    /// from the first entry older than it, never earlier than it should be.
    frontier: Vec<(i64, u64)>,
    /// Some tag was found out of reach: its section comes after the walk.
    any_gone: bool,
    /// Ranges made: 0..handed.
    handed: usize,
    /// Ranges handed to `each`: 0..emitted; the made ones after them wait in `held`.
    emitted: usize,
    held: VecDeque<T>,
    /// Ranks of tags reached from HEAD but off its line (their sections come after the
    /// walk, and hold back the line's).
    side: Vec<usize>,
}

/// Walk the history from `head` and hand out every release's commits (`tags`: release
/// tags, highest precedence first).
///
/// Each section is turned by `build` into what `each` gets, as soon as its commits are
/// final; `each` gets them in order.
pub(crate) fn each_section<C: Commits, T>(
    source: &C,
    head: Oid,
    tags: &[Tag],
    build: &mut dyn FnMut(Section) -> Result<T>,
    each: &mut dyn FnMut(T) -> Result<()>,
) -> Result<Ending> {
    walk(source, head, tags, true, build, each)
}

/// The walk; with `eager` false nothing is made before the walk ends (the tests' oracle).
fn walk<C: Commits, T>(
    source: &C,
    head: Oid,
    tags: &[Tag],
    eager: bool,
    build: &mut dyn FnMut(Section) -> Result<T>,
    each: &mut dyn FnMut(T) -> Result<()>,
) -> Result<Ending> {
    let rank_of = Ranks::of(tags);
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
        complete_at: vec![None],
        reached: vec![Reach::Open; tags.len()],
        first_unreached: 0,
        probed: HashMap::new(),
        probes: HashMap::new(),
        frontier: Vec::new(),
        any_gone: false,
        handed: 0,
        emitted: 0,
        held: VecDeque::new(),
        side: Vec::new(),
    };
    pass.queue(head, 0)?;
    while let Some((_, _, id)) = pass.heap.pop() {
        if let Some(ending) = pass.step(id)? {
            return Ok(ending);
        }
        if eager {
            pass.hand_out(build, each)?;
        }
    }
    pass.finish(build, each)
}

impl<C: Commits, T> Pass<'_, C, T> {
    /// Read `id` and queue it in range `label`.
    fn queue(&mut self, id: Oid, label: u32) -> Result<()> {
        let read = match self.probes.remove(&id) {
            Some(parsed) => Some(parsed),
            None => self.source.read(id)?,
        };
        let Some(parsed) = read else {
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
        self.complete_at[label as usize] = None;
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
        let was = label;
        self.open[label as usize] -= 1;
        if let Some(rank) = self.rank_of.get(id) {
            if self.reached[rank] == Reach::Gone {
                // Judged out of reach, and reached after all: a clock skew.
                return Ok(Some(self.resume()));
            }
            self.reached[rank] = Reach::Reached;
            self.advance();
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
                self.complete_at.push(None);
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
                    self.completed(n.label);
                    self.open[label as usize] += 1;
                    self.complete_at[label as usize] = None;
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
        self.completed(was);
        self.completed(label);
        Ok(None)
    }

    /// Note when range `label` became complete, if it is.
    fn completed(&mut self, label: u32) {
        let label = label as usize;
        if label < self.open.len() && self.open[label] == 0 && self.complete_at[label].is_none() {
            self.complete_at[label] = Some(self.pops);
        }
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
        self.complete_at.truncate(k);
        self.complete_at.push((moved == 0).then_some(self.pops));
    }

    /// Move `first_unreached` past the tags reached or out of reach.
    fn advance(&mut self) {
        while self
            .reached
            .get(self.first_unreached)
            .is_some_and(|r| *r != Reach::Open)
        {
            self.first_unreached += 1;
        }
    }

    /// Where the range-by-range walk takes over: after the last section handed to
    /// `each` (the made ones held back are dropped).
    fn resume(&self) -> Ending {
        Ending::Resume {
            after: self
                .emitted
                .checked_sub(1)
                .map(|i| self.tags[self.line[i].rank].clone()),
        }
    }

    /// Settle the first tag not yet reached, if the walk can: Reached when its commit was
    /// read (a tag sharing its commit with a higher one is never ranked), Gone when its
    /// commit is newer by its clock than every commit queued, and has been for `SLOP`
    /// commits; Open while it may still come.
    fn settle(&mut self, rank: usize) -> Result<Reach> {
        let Ok(id) = Oid::from_str(&self.tags[rank].commit) else {
            return Ok(Reach::Gone);
        };
        match self.nodes.get(&id) {
            Some(node) if node.popped => return Ok(Reach::Reached),
            Some(_) => return Ok(Reach::Open),
            None => {}
        }
        let time = if let Some(&time) = self.probed.get(&rank) {
            time
        } else {
            let Some(parsed) = self.source.read(id)? else {
                return Ok(Reach::Gone);
            };
            let time = parsed.time;
            self.probed.insert(rank, time);
            self.probes.insert(id, parsed);
            time
        };
        // When the queue first held only commits older than it.
        let i = self.frontier.partition_point(|(newest, _)| *newest >= time);
        Ok(match self.frontier.get(i) {
            Some(&(_, since)) if self.pops >= since + SLOP => Reach::Gone,
            _ => Reach::Open,
        })
    }

    /// Log the newest commit time left in the queue, every `SLOP` commits if it fell.
    fn note_frontier(&mut self) {
        if !self.pops.is_multiple_of(SLOP) {
            return;
        }
        let newest = self.heap.peek().map_or(i64::MIN, |(time, _, _)| *time);
        if self.frontier.last().is_none_or(|(last, _)| newest < *last) {
            self.frontier.push((newest, self.pops));
        }
    }

    /// Make every range that is complete and can no longer change: no commit of it is
    /// queued, every tag ranked above the release below it was reached or is out of
    /// reach, and `SLOP` more commits were read. It goes to `each` at once unless a
    /// release off the line may come before it.
    fn hand_out(
        &mut self,
        build: &mut dyn FnMut(Section) -> Result<T>,
        each: &mut dyn FnMut(T) -> Result<()>,
    ) -> Result<()> {
        self.note_frontier();
        loop {
            let j = self.handed;
            // Complete, and for `SLOP` commits since.
            let mut ready = j < self.line.len()
                && self.open[j] == 0
                && self.complete_at[j].is_some_and(|at| self.pops >= at + SLOP);
            while ready && self.first_unreached <= self.line[j].rank {
                match self.settle(self.first_unreached)? {
                    Reach::Open => ready = false,
                    reach => {
                        self.any_gone |= reach == Reach::Gone;
                        self.reached[self.first_unreached] = reach;
                        self.advance();
                    }
                }
            }
            if !ready {
                return Ok(());
            }
            let section = self.chain_section(j);
            self.handed += 1;
            let made = build(section)?;
            if self.side.is_empty() && !self.any_gone && self.held.is_empty() {
                self.emitted += 1;
                each(made)?;
            } else {
                self.held.push_back(made);
            }
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
    fn finish(
        mut self,
        build: &mut dyn FnMut(Section) -> Result<T>,
        each: &mut dyn FnMut(T) -> Result<()>,
    ) -> Result<Ending> {
        let mut sides = self.side_sections(build)?;
        // Highest rank first out of the vector's end: the lowest precedence last.
        sides.sort_by_key(|(rank, _)| Reverse(*rank));
        for j in self.emitted..=self.line.len() {
            let bound = self.line.get(j.wrapping_sub(1)).map(|l| l.rank);
            while let Some((rank, _)) = sides.last() {
                if bound.is_some_and(|b| *rank < b) {
                    let (_, made) = sides.pop().expect("checked");
                    each(made)?;
                } else {
                    break;
                }
            }
            let made = match self.held.pop_front() {
                Some(made) => made,
                None => build(self.chain_section(j))?,
            };
            each(made)?;
        }
        while let Some((_, made)) = sides.pop() {
            each(made)?;
        }
        Ok(Ending::Done)
    }

    /// The releases off HEAD's line below its latest release (lowest first, so that each
    /// knows the lower ones' commits). One tagged on a commit of HEAD's history has its
    /// commits in the line's sections: it says which. One on another branch lists the
    /// commits HEAD's history does not have and no lower release has.
    fn side_sections(
        &self,
        build: &mut dyn FnMut(Section) -> Result<T>,
    ) -> Result<Vec<(usize, T)>> {
        let Some(top) = self.line.first() else {
            return Ok(Vec::new());
        };
        // The ranks that name a release of their own (not on the line, not a lower tag of a
        // commit a higher one names).
        let mut own = vec![false; self.tags.len()];
        for rank in self.rank_of.values() {
            own[rank] = true;
        }
        for link in &self.line {
            own[link.rank] = false;
        }
        let mut ranks: Vec<usize> = (top.rank + 1..self.tags.len())
            .filter(|&r| own[r])
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
            out.push((rank, build(section)?));
        }
        Ok(out)
    }

    /// Commit `id`, from the probes when a tag's was read there.
    fn read(&self, id: Oid) -> Result<Option<Parsed>> {
        match self.probes.get(&id) {
            Some(parsed) => Ok(Some(parsed.clone())),
            None => self.source.read(id),
        }
    }

    /// A release off the line on a commit of range `label`.
    fn tagged_within(&self, rank: usize, start: Oid, label: u32) -> Result<Section> {
        let tag = &self.tags[rank];
        let time = self.read(start)?.map_or(0, |p| p.raw.time);
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
                } else if let Some(parsed) = self.read(id)? {
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
            time = self.read(start)?.map_or(0, |p| p.raw.time);
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
        match self.rank_of.get(id) {
            Some(r) => Self::lower_rank(r, rank, best),
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

    impl Fake {
        /// `Fake::new` of commits with owned names.
        fn owned(commits: &[(String, Vec<String>, i64)]) -> Fake {
            let refs: Vec<(&str, Vec<&str>, i64)> = commits
                .iter()
                .map(|(n, p, t)| (n.as_str(), p.iter().map(String::as_str).collect(), *t))
                .collect();
            let slices: Vec<(&str, &[&str], i64)> = refs
                .iter()
                .map(|(n, p, t)| (*n, p.as_slice(), *t))
                .collect();
            Fake::new(&slices)
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
        let ending = each_section(fake, id(head), tags, &mut Ok, &mut |s: Section| {
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

    /// A random history (deterministic for `seed`), every commit newer than its parents:
    /// a main line, branches started from it that get commits of their own, some merged
    /// back; random release tags, some on branches never merged, some two on a commit.
    /// Returns the commits, HEAD and the tags.
    #[allow(clippy::type_complexity)]
    fn random_history(seed: u64) -> (Fake, String, Vec<Tag>) {
        let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let mut next = move |n: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(state >> 33).unwrap() % n
        };
        let mut commits: Vec<(String, Vec<String>, i64)> = vec![("c0".into(), vec![], 0)];
        let mut main = "c0".to_string();
        let mut branches: Vec<String> = Vec::new();
        for i in 1..300_i64 {
            let name = format!("c{i}");
            let parents = match next(10) {
                5 | 6 if !branches.is_empty() => {
                    let b = next(branches.len());
                    let parent = std::mem::replace(&mut branches[b], name.clone());
                    vec![parent]
                }
                7 => {
                    branches.push(name.clone());
                    vec![main.clone()]
                }
                8 if !branches.is_empty() => {
                    let b = next(branches.len());
                    vec![main.clone(), branches.remove(b)]
                }
                _ => vec![main.clone()],
            };
            if parents[0] == main && !branches.contains(&name) {
                main.clone_from(&name);
            }
            commits.push((name, parents, i * 10));
        }
        let mut list: Vec<(String, String)> = Vec::new();
        for (k, (name, _, _)) in commits.iter().enumerate() {
            if next(3) == 0 {
                // Versions mostly rising with time, some out of order.
                let minor = if next(5) == 0 { next(100) } else { k / 3 };
                list.push((format!("v1.{minor}.{}", next(4)), name.clone()));
            }
        }
        list.sort();
        list.dedup_by(|a, b| a.0 == b.0);
        let fake = Fake::owned(&commits);
        let pairs: Vec<(&str, &str)> = list.iter().map(|(t, c)| (t.as_str(), c.as_str())).collect();
        (fake, main, tags(&pairs))
    }

    #[test]
    fn making_sections_during_the_walk_gives_what_making_them_at_its_end_gives() {
        let mut early = 0;
        for seed in 0..60 {
            let (fake, head, tags) = random_history(seed);
            let run = |eager: bool| {
                let mut out = Vec::new();
                let ending = walk(
                    &fake,
                    id(&head),
                    &tags,
                    eager,
                    &mut |s| {
                        let names: Vec<String> = s.commits.iter().map(|c| c.id.clone()).collect();
                        Ok(format!(
                            "{}<{} {:?}: {}",
                            s.tag.as_ref().map_or("HEAD", |t| t.name.as_str()),
                            s.previous.as_ref().map_or("", |t| t.name.as_str()),
                            s.within,
                            names.join(" ")
                        ))
                    },
                    &mut |line| {
                        out.push(line);
                        Ok(())
                    },
                )
                .unwrap();
                (out, ending)
            };
            let (lazy, lazy_end) = run(false);
            let (eager, eager_end) = run(true);
            assert_eq!(lazy_end, Ending::Done, "seed {seed}");
            assert_eq!(eager_end, Ending::Done, "seed {seed}");
            assert_eq!(eager, lazy, "seed {seed}");
            // Count the histories where a release off the line (held back) exists.
            early += usize::from(lazy.iter().any(|l| !l.starts_with("HEAD")));
        }
        assert!(early > 30, "{early}");
    }

    /// A source that counts its reads.
    struct Counted<'a>(&'a Fake, std::cell::Cell<usize>);

    impl Commits for Counted<'_> {
        fn read(&self, id: Oid) -> Result<Option<Parsed>> {
            self.1.set(self.1.get() + 1);
            self.0.read(id)
        }
    }

    #[test]
    fn a_maintenance_release_above_in_version_does_not_hold_the_commits_below_it() {
        // A main line c0..c399 released every 100 commits; v1.0.1 on a branch from
        // v1.0.0 (c99) with commits newer than all of main's but c399: HEAD never
        // reaches it, and its section comes after v2.0.0's, before v1.0.0's.
        let mut commits: Vec<(String, Vec<String>, i64)> = Vec::new();
        for i in 0..400_i64 {
            let parents = if i == 0 {
                vec![]
            } else {
                vec![format!("c{}", i - 1)]
            };
            commits.push((format!("c{i}"), parents, i));
        }
        commits.push(("m1".into(), vec!["c99".into()], 398));
        let fake = Fake::owned(&commits);
        let tags = tags(&[
            ("v1.0.0", "c99"),
            ("v1.0.1", "m1"),
            ("v2.0.0", "c199"),
            ("v3.0.0", "c299"),
        ]);
        let source = Counted(&fake, std::cell::Cell::new(0));
        // Reads done when each section was made, and the order `each` gets them in.
        let mut made = Vec::new();
        let mut order = Vec::new();
        each_section(
            &source,
            id("c399"),
            &tags,
            &mut |s| {
                let name = s.tag.map_or("HEAD".to_string(), |t| t.name);
                made.push((name.clone(), source.1.get()));
                Ok(name)
            },
            &mut |name| {
                order.push(name);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(order, ["HEAD", "v3.0.0", "v2.0.0", "v1.0.1", "v1.0.0"]);
        // v3.0.0's and v2.0.0's commits were made into sections while the walk was
        // still reading (each `SLOP` commits after its range was complete), though v2.0.0
        // had to wait for v1.0.1 to be known out of reach. Every commit is read once: the
        // 400 of HEAD's history, and m1, by v1.0.1's probe (its section reuses it).
        let at = |name: &str| made.iter().find(|(n, _)| n == name).unwrap().1;
        assert!(
            at("v3.0.0") <= 200 + usize::try_from(SLOP).unwrap() + 2,
            "{made:?}"
        );
        assert!(at("v2.0.0") < 400, "{made:?}");
        assert_eq!(source.1.get(), 401);
    }

    #[test]
    fn a_release_judged_out_of_reach_and_reached_after_all_resumes_after_what_was_handed() {
        // x (v1.0.0) is dated far ahead of its child c30: by the clocks HEAD cannot reach
        // it, so the v3.0.0 range, which must wait for v1.0.0 (ranked above the release
        // below it, v0.9.0), is made and held; reaching x shows the clock wrong.
        let mut commits: Vec<(String, Vec<String>, i64)> = Vec::new();
        for i in 0..200_i64 {
            let parents = match i {
                0 => vec![],
                30 => vec!["x".to_string()],
                _ => vec![format!("c{}", i - 1)],
            };
            commits.push((format!("c{i}"), parents, i));
        }
        commits.push(("x".into(), vec!["c29".into()], 1000));
        let fake = Fake::owned(&commits);
        let tags = tags(&[("v3.0.0", "c190"), ("v1.0.0", "x"), ("v0.9.0", "c150")]);
        let (out, ending) = sections(&fake, "c199", &tags);
        assert_eq!(
            out,
            ["HEAD<v3.0.0: c199 c198 c197 c196 c195 c194 c193 c192 c191"]
        );
        assert_eq!(
            ending,
            Ending::Resume {
                after: Some(tags[0].clone())
            }
        );
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
        let fake = Fake::owned(&commits);
        let tags = tags(&[("v1.0.0", "c99"), ("v2.0.0", "c299")]);
        // Count the commits still unread when each section comes.
        let mut handed = Vec::new();
        each_section(&fake, id("c399"), &tags, &mut Ok, &mut |s: Section| {
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
