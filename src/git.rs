//! The only user of git2. Opens the repository, finds release tags and reads commits,
//! and hands back plain data (`RawCommit`, `Tag`), never git2 types. relman never touches
//! a network; the only writes are `relman release`'s commit and tag (and their undoing).

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context, Result};
use semver::Version;

pub(crate) mod worktree;

/// A commit as read from the object database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawCommit {
    pub(crate) id: String,
    pub(crate) short: String,
    /// The message; None when it is neither UTF-8 nor in a declared encoding relman can
    /// decode (then `undecoded` holds a lossy decoding).
    pub(crate) message: Option<String>,
    pub(crate) undecoded: Option<String>,
    pub(crate) author_name: String,
    pub(crate) author_email: String,
    /// Author time, seconds since the epoch.
    pub(crate) time: i64,
    pub(crate) parents: usize,
    /// Its tree and its first parent, when read from the object database (for the
    /// comparison that tells which packages it changes).
    pub(crate) tree: Option<git2::Oid>,
    pub(crate) first_parent: Option<git2::Oid>,
}

impl RawCommit {
    /// The message as it reads, undecodable bytes replaced.
    pub(crate) fn lossy(&self) -> &str {
        self.message
            .as_deref()
            .or(self.undecoded.as_deref())
            .unwrap_or("")
    }
}

#[cfg(test)]
impl RawCommit {
    /// A commit for unit tests: `id` padded to 40 hex digits, author A, time 2024-01-01.
    pub(crate) fn sample(id: &str, message: &str) -> RawCommit {
        let id = format!("{id:0<40}");
        RawCommit {
            short: id[..7].to_string(),
            id,
            message: Some(message.to_string()),
            undecoded: None,
            author_name: "A".into(),
            author_email: "a@example.com".into(),
            time: 1_704_067_200,
            parents: 1,
            tree: None,
            first_parent: None,
        }
    }
}

/// A tag whose name reads as a SemVer version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    pub(crate) name: String,
    pub(crate) version: Version,
    /// The commit it points to (peeled), as hex.
    pub(crate) commit: String,
}

/// A tracked file that is what the index holds: its staged content's id, and its size.
pub(crate) type Unchanged = ([u8; 20], u64);

/// Whether `bytes` are the blob `id`.
pub(crate) fn is_blob(bytes: &[u8], id: &[u8; 20]) -> bool {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes).is_ok_and(|found| found.as_bytes() == id)
}

/// The id git gives `bytes` as a blob: a digest of a file's content.
pub(crate) fn blob_id(bytes: &[u8]) -> String {
    git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
        .map_or_else(|_| String::new(), |id| id.to_string())
}

/// What a release range changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct DiffStats {
    pub(crate) files_changed: usize,
    pub(crate) insertions: usize,
    pub(crate) deletions: usize,
    /// Paths added or modified (not deleted), sorted.
    pub(crate) paths: Vec<String>,
    /// Every file changed, with its blobs before and after, in diff order (by path).
    pub(crate) changes: Vec<crate::facts::Change>,
}

/// A commit's tree, read by the facts' detectors (`facts::Source`).
pub(crate) struct TreeSource<'r> {
    repo: &'r git2::Repository,
    tree: git2::Tree<'r>,
}

impl crate::facts::Source for TreeSource<'_> {
    fn read(&self, id: &str) -> Option<Vec<u8>> {
        let id = git2::Oid::from_str(id).ok()?;
        Some(self.repo.find_blob(id).ok()?.content().to_vec())
    }

    fn exists(&self, path: &str) -> bool {
        self.tree.get_path(Path::new(path)).is_ok()
    }

    fn read_path(&self, path: &str) -> Option<Vec<u8>> {
        let entry = self.tree.get_path(Path::new(path)).ok()?;
        Some(self.repo.find_blob(entry.id()).ok()?.content().to_vec())
    }
}

/// How release tags are named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TagPrefix {
    /// `v1.2.3` or `1.2.3`.
    Default,
    /// Exactly this prefix.
    Exact(String),
}

impl TagPrefix {
    /// The version a tag name stands for, if it is a release tag.
    /// A version of two numbers (`v4.1`, as healthchecks tags its x.y.0 releases) is x.y.0.
    pub(crate) fn parse(&self, name: &str) -> Option<Version> {
        let rest = self.version_text(name)?;
        Version::parse(rest).ok().or_else(|| short_version(rest))
    }

    /// Whether the tag `name` writes its version with two numbers (`v4.1` for 4.1.0).
    pub(crate) fn is_short(&self, name: &str) -> bool {
        self.version_text(name)
            .is_some_and(|rest| short_version(rest).is_some())
    }

    /// The text after the prefix.
    fn version_text<'a>(&self, name: &'a str) -> Option<&'a str> {
        match self {
            TagPrefix::Default => Some(name.strip_prefix('v').unwrap_or(name)),
            TagPrefix::Exact(prefix) => name.strip_prefix(prefix.as_str()),
        }
    }

    /// The tag name for a version (`v` for the default).
    pub(crate) fn format(&self, version: &Version) -> String {
        match self {
            TagPrefix::Default => format!("v{version}"),
            TagPrefix::Exact(prefix) => format!("{prefix}{version}"),
        }
    }
}

/// `MAJOR.MINOR` as the version MAJOR.MINOR.0: two numbers written as SemVer writes them
/// (no leading zero, no sign).
fn short_version(text: &str) -> Option<Version> {
    let (major, minor) = text.split_once('.')?;
    let number = |s: &str| {
        let plain = !s.is_empty()
            && s.bytes().all(|b| b.is_ascii_digit())
            && (s == "0" || !s.starts_with('0'));
        plain.then(|| s.parse::<u64>().ok()).flatten()
    };
    Some(Version::new(number(major)?, number(minor)?, 0))
}

/// Every tag with the commit it points to (peeled).
type TagList = std::rc::Rc<Vec<(String, git2::Oid)>>;

/// "Does git ignore this root-relative path?", shareable between threads.
pub(crate) type IgnoreCheck = Box<dyn Fn(&str) -> bool + Send + Sync>;

/// An open repository.
// `repo` is the git2 handle this type wraps; the name reads best at every call site.
#[allow(clippy::struct_field_names)]
pub(crate) struct Repo {
    repo: git2::Repository,
    root: PathBuf,
    /// Every tag with the commit it points to (peeled), read once; forgotten when relman
    /// creates or deletes a tag.
    tags: std::cell::RefCell<Option<TagList>>,
    /// Commits as `walk` read them, kept when several ranges are walked over the same
    /// history (every package of a monorepo): each commit is then inflated once. None:
    /// nothing is kept (one range, or one release after another on a long history).
    kept: std::cell::RefCell<Option<std::collections::HashMap<git2::Oid, std::rc::Rc<Parsed>>>>,
    /// Which commits reach which tags: the heads a probe found something out of reach of,
    /// and for those, every tag commit they reach, found by one walk of their history.
    reach: std::cell::RefCell<Reach>,
    /// The paths whose working-tree file differs from the index (untracked ones included),
    /// from the one look at every file that `files(true)` takes: `changed_since` needs the
    /// same list, and a second look costs as much as the first.
    workdir: std::cell::OnceCell<Vec<(String, git2::Status)>>,
    /// The index file as last read, with the length and modification time it had then.
    index_file: std::cell::RefCell<Option<IndexFile>>,
}

/// What `Repo::reaches` has learned of the history's shape.
#[derive(Default)]
struct Reach {
    /// Heads from which a probe (or a range walk) found a commit out of reach: the next
    /// question about a tag is answered by one walk of the head's history.
    missed: std::collections::HashSet<git2::Oid>,
    /// The commits that tags point to.
    tag_commits: Option<std::rc::Rc<std::collections::HashSet<git2::Oid>>>,
    /// For a head: the tag commits it reaches (the head itself included).
    tagged: std::collections::HashMap<git2::Oid, std::rc::Rc<std::collections::HashSet<git2::Oid>>>,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

/// libgit2 maps a pack file in windows of 1 GiB, up to 8 GiB, and keeps them: reading a long
/// history leaves every page of it resident (720 MB for a million commits, where the run
/// needs 30). Windows of 256 KiB, no more than 2 MiB mapped at once, keep the pages just
/// read and let the rest go (as git's `core.packedGitWindowSize`/`packedGitLimit`);
/// history is read in pack order, so this costs no time. Set once per process.
#[allow(unsafe_code)]
fn bound_pack_windows() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: git2 marks these unsafe because they write two libgit2 globals without a
        // lock, which a thread mapping a pack window at that moment could read. They are
        // written once, at the process's first repository open: in the binary that comes
        // before any other thread starts and before any pack is open.
        unsafe {
            let _ = git2::opts::set_mwindow_size(PACK_WINDOW);
            let _ = git2::opts::set_mwindow_mapped_limit(PACK_MAPPED_LIMIT);
        }
    });
}

const PACK_WINDOW: usize = 256 << 10;
const PACK_MAPPED_LIMIT: usize = 2 << 20;

impl Repo {
    /// The repository containing `dir`, or None when `dir` is not inside one.
    ///
    /// git's own variables are honoured as git honours them, relative paths read from `dir`
    /// as `git -C DIR` reads them: `GIT_DIR` names the git folder (no search), and then,
    /// unless `GIT_WORK_TREE` or `core.worktree` names the work tree, `dir` is its top;
    /// `GIT_WORK_TREE` names the work tree; `GIT_CEILING_DIRECTORIES`,
    /// `GIT_DISCOVERY_ACROSS_FILESYSTEM`, `GIT_INDEX_FILE`, `GIT_OBJECT_DIRECTORY`,
    /// `GIT_ALTERNATE_OBJECT_DIRECTORIES`, `GIT_COMMON_DIR`, `GIT_NAMESPACE` and
    /// `GIT_CONFIG_*` are read by libgit2.
    pub(crate) fn discover(dir: &Path) -> Result<Option<Repo>> {
        use git2::RepositoryOpenFlags as Flags;
        // Objects come from the repository's own database: re-hashing each one on read, as
        // libgit2 does by default, doubles the cost of reading a long history (git does not).
        git2::opts::strict_hash_verification(false);
        git2::opts::enable_caching(false);
        bound_pack_windows();
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        // Set but empty is an error, as for git.
        let named = |name: &str| -> Result<Option<PathBuf>> {
            match std::env::var_os(name) {
                Some(v) if v.is_empty() => {
                    bail!("{name} is set but empty; name a folder with it, or unset it")
                }
                v => Ok(v.map(|v| dir.join(v))),
            }
        };
        let git_dir = named("GIT_DIR")?;
        let work_tree = named("GIT_WORK_TREE")?;
        // Given a start path, libgit2 no longer reads GIT_CEILING_DIRECTORIES itself.
        let ceilings: Vec<PathBuf> = var("GIT_CEILING_DIRECTORIES")
            .map(|v| {
                std::env::split_paths(&v)
                    .filter(|p| p.is_absolute())
                    .collect()
            })
            .unwrap_or_default();
        let open = |start: &Path, flags: Flags| git2::Repository::open_ext(start, flags, &ceilings);
        // libgit2 would read a relative GIT_WORK_TREE from the git folder (git reads it from
        // the current directory): with one, the repository is opened without a work tree,
        // which is set below, and so its git folder must be found first.
        let without_work_tree = if work_tree.is_some() {
            Flags::BARE
        } else {
            Flags::empty()
        };
        let exact = Flags::FROM_ENV | Flags::NO_SEARCH | Flags::NO_DOTGIT | without_work_tree;
        let opened = match (&git_dir, &work_tree) {
            (Some(git_dir), _) => open(git_dir, exact),
            (None, None) => open(dir, Flags::FROM_ENV),
            (None, Some(_)) => {
                let across = var("GIT_DISCOVERY_ACROSS_FILESYSTEM").is_some_and(|v| {
                    matches!(
                        v.to_string_lossy().to_ascii_lowercase().as_str(),
                        "1" | "true" | "yes" | "on"
                    )
                });
                let search = if across {
                    Flags::CROSS_FS
                } else {
                    Flags::empty()
                };
                open(dir, search).and_then(|found| open(found.path(), exact))
            }
        };
        let repo = match opened {
            Ok(repo) => repo,
            Err(e) if git_dir.is_some() => bail!(
                "GIT_DIR={}: not a git repository ({}); point GIT_DIR at a repository's git folder, or unset it",
                git_dir.as_deref().unwrap_or(dir).display(),
                e.message()
            ),
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => bail!(
                "{}: cannot open the git repository: {}",
                dir.display(),
                e.message()
            ),
        };
        if let Some(tree) = &work_tree {
            if !tree.is_dir() {
                bail!(
                    "GIT_WORK_TREE={}: no such directory; point GIT_WORK_TREE at the work tree, or unset it",
                    tree.display()
                );
            }
            repo.set_workdir(tree, false)
                .map_err(|e| anyhow!("GIT_WORK_TREE={}: {}", tree.display(), e.message()))?;
        } else if git_dir.is_some() && !repo.is_bare() && !repo.is_worktree() {
            let configured = repo
                .config()
                .is_ok_and(|c| c.get_entry("core.worktree").is_ok());
            if !configured {
                // As git: GIT_DIR and no work tree named: the current directory is its top.
                repo.set_workdir(dir, false)
                    .map_err(|e| anyhow!("{}: {}", dir.display(), e.message()))?;
            }
        }
        let Some(root) = repo.workdir().map(Path::to_path_buf) else {
            bail!(
                "{}: a bare repository has no working tree; run relman in a clone (or name the work tree with GIT_WORK_TREE)",
                repo.path().display()
            );
        };
        Ok(Some(Repo {
            repo,
            root,
            tags: std::cell::RefCell::new(None),
            kept: std::cell::RefCell::new(None),
            reach: std::cell::RefCell::default(),
            workdir: std::cell::OnceCell::new(),
            index_file: std::cell::RefCell::new(None),
        }))
    }

    /// The working tree's top folder.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// A shallow clone: history is cut off and tags may be missing.
    pub(crate) fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// HEAD's commit, or an error that says what to do when there is none yet, or when HEAD
    /// is on a branch that does not exist.
    pub(crate) fn head(&self) -> Result<String> {
        match self.repo.head() {
            Ok(head) => {
                let commit = head
                    .peel_to_commit()
                    .map_err(|e| anyhow!("HEAD does not point to a commit: {}", e.message()))?;
                Ok(commit.id().to_string())
            }
            Err(e)
                if matches!(
                    e.code(),
                    git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
                ) =>
            {
                Err(self.unborn_head())
            }
            Err(e) => bail!("cannot read HEAD: {}", e.message()),
        }
    }

    /// Why HEAD names no commit: the repository has none yet, or HEAD is on a branch that
    /// does not exist while others do (deleted, or an orphan branch before its first commit).
    fn unborn_head(&self) -> anyhow::Error {
        let no_commit = || {
            anyhow!(
                "{}: the repository has no commit yet; make a first commit, then run relman again",
                self.root.display()
            )
        };
        let target = self
            .repo
            .find_reference("HEAD")
            .ok()
            .and_then(|r| r.symbolic_target().map(str::to_string));
        let Some(target) = target else {
            return no_commit();
        };
        let name = target.strip_prefix("refs/heads/").unwrap_or(&target);
        let mut branches: Vec<String> = self
            .repo
            .branches(Some(git2::BranchType::Local))
            .map(|list| {
                list.filter_map(|b| b.ok()?.0.name().ok().flatten().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        if branches.is_empty() {
            let has_refs = self
                .repo
                .references()
                .is_ok_and(|mut refs| refs.any(|r| r.is_ok()));
            if !has_refs {
                return no_commit();
            }
            return anyhow!(
                "HEAD is on the branch {name}, which does not exist, and the repository has no branch; \
                 create it at the commit it should start from (git branch {name} COMMIT), then run relman again"
            );
        }
        branches.sort();
        let first = ["main", "master"]
            .into_iter()
            .find(|b| branches.iter().any(|x| x == b))
            .map_or_else(|| branches[0].clone(), str::to_string);
        let shown = if branches.len() > 5 {
            format!("{}, …", branches[..5].join(", "))
        } else {
            branches.join(", ")
        };
        anyhow!(
            "HEAD is on the branch {name}, which does not exist (deleted, or no commit made on it yet; \
             the branches are: {shown}); switch to a branch (git switch {first}), or create {name} where \
             it should start (git branch {name} {first}), then run relman again"
        )
    }

    /// Every tag that points (peeled) to a commit, with that commit; a tag whose commit
    /// is missing (shallow clone) is left out.
    fn all_tags(&self) -> Result<TagList> {
        if let Some(tags) = self.tags.borrow().as_ref() {
            return Ok(tags.clone());
        }
        let mut tags = Vec::new();
        // Tags packed by git say what they point to without reading an object: a repository
        // with thousands of tags is listed without reading thousands of commits.
        let packed = packed_tags(self.common_dir());
        let refs = self
            .repo
            .references_glob("refs/tags/*")
            .context("cannot list tags")?;
        for reference in refs {
            let Ok(reference) = reference else { continue };
            let Some(name) = reference.shorthand() else {
                continue;
            };
            let known = reference.target().and_then(|target| {
                packed
                    .as_ref()?
                    .get(reference.name()?)
                    .filter(|(id, _)| *id == target)
                    .map(|(id, peeled)| peeled.unwrap_or(*id))
            });
            let id = match known {
                // Not read: a tag on a tree or a blob is never reached from a commit, so
                // it is never a release.
                Some(id) => id,
                None => match reference.peel_to_commit() {
                    Ok(commit) => commit.id(),
                    Err(_) => continue,
                },
            };
            tags.push((name.to_string(), id));
        }
        tags.shrink_to_fit();
        let tags = std::rc::Rc::new(tags);
        *self.tags.borrow_mut() = Some(tags.clone());
        Ok(tags)
    }

    /// Every release tag in the repository, highest precedence first (ties: by name).
    pub(crate) fn release_tags(&self, prefix: &TagPrefix) -> Result<Vec<Tag>> {
        let mut tags: Vec<Tag> = self
            .all_tags()?
            .iter()
            .filter_map(|(name, commit)| {
                Some(Tag {
                    version: prefix.parse(name)?,
                    name: name.clone(),
                    commit: commit.to_string(),
                })
            })
            .collect();
        // Thousands of tags on a busy project: no room kept for more.
        tags.shrink_to_fit();
        tags.sort_by(|a, b| {
            b.version
                .cmp_precedence(&a.version)
                .then_with(|| b.version.cmp(&a.version))
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(tags)
    }

    /// The name of every tag that points to a commit.
    pub(crate) fn tag_names(&self) -> Result<Vec<String>> {
        Ok(self.all_tags()?.iter().map(|(n, _)| n.clone()).collect())
    }

    /// The highest-precedence release tag reachable from `head` (optionally only stable ones).
    pub(crate) fn latest_tag(
        &self,
        tags: &[Tag],
        head: &str,
        stable_only: bool,
    ) -> Result<Option<Tag>> {
        let head = oid(head)?;
        for tag in tags {
            if stable_only && !tag.version.pre.is_empty() {
                continue;
            }
            if self.reaches(head, &tag.commit)? {
                // Among tags of the same precedence (`1.0.0` and `v1.0.0`), the nearest wins.
                let mut best = tag;
                for other in tags.iter().filter(|t| {
                    t.version.cmp_precedence(&tag.version).is_eq() && t.commit != best.commit
                }) {
                    let other_commit = oid(&other.commit)?;
                    if self.reaches(head, &other.commit)?
                        && self
                            .repo
                            .graph_descendant_of(other_commit, oid(&best.commit)?)
                            .unwrap_or(false)
                    {
                        best = other;
                    }
                }
                return Ok(Some(best.clone()));
            }
        }
        Ok(None)
    }

    /// Whether `ancestor` is `descendant` or one of its ancestors.
    pub(crate) fn is_ancestor(&self, ancestor: &str, descendant: &str) -> Result<bool> {
        self.reaches(oid(descendant)?, ancestor)
    }

    /// Whether `commit` is `head` or one of its ancestors. Questions about one head are
    /// answered by probes toward the commit (a probe that succeeds walks only the commits
    /// between them) until one fails; after that, questions about tags are answered by one
    /// walk of the head's history that notes every tag commit it passes: a head on a
    /// maintenance branch, asked about thousands of higher tags elsewhere, costs one failed
    /// probe and one walk, not a walk per tag.
    fn reaches(&self, head: git2::Oid, commit: &str) -> Result<bool> {
        let commit = oid(commit)?;
        if commit == head {
            return Ok(true);
        }
        let tagged = self.reach.borrow().tagged.get(&head).cloned();
        let is_tag = self.tag_commits()?.contains(&commit);
        match tagged {
            Some(tagged) if is_tag => return Ok(tagged.contains(&commit)),
            // The walk noted only tag commits: another commit is probed.
            Some(_) => {}
            None => {
                if is_tag && self.reach.borrow().missed.contains(&head) {
                    let tagged = std::rc::Rc::new(self.tag_commits_reached(head)?);
                    let reached = tagged.contains(&commit);
                    self.reach.borrow_mut().tagged.insert(head, tagged);
                    return Ok(reached);
                }
                let reached = self.repo.graph_descendant_of(head, commit).unwrap_or(false);
                if !reached {
                    self.reach.borrow_mut().missed.insert(head);
                }
                return Ok(reached);
            }
        }
        Ok(self.repo.graph_descendant_of(head, commit).unwrap_or(false))
    }

    /// The commits that tags point to (peeled).
    fn tag_commits(&self) -> Result<std::rc::Rc<std::collections::HashSet<git2::Oid>>> {
        if let Some(known) = self.reach.borrow().tag_commits.clone() {
            return Ok(known);
        }
        let commits = std::rc::Rc::new(self.all_tags()?.iter().map(|(_, id)| *id).collect());
        self.reach.borrow_mut().tag_commits = Some(std::rc::Rc::clone(&commits));
        Ok(commits)
    }

    /// The commits of tags that `head` reaches (itself included), by one walk of its
    /// history that reads only each commit's parents; it stops once every tag is found.
    fn tag_commits_reached(&self, head: git2::Oid) -> Result<std::collections::HashSet<git2::Oid>> {
        use std::collections::HashSet;
        let mut wanted: HashSet<git2::Oid> = (*self.tag_commits()?).clone();
        let reader = self.reader()?;
        // A shallow clone's boundary commits have no parents for git: the walk stops there.
        let boundary: HashSet<git2::Oid> =
            std::fs::read_to_string(self.common_dir().join("shallow"))
                .unwrap_or_default()
                .lines()
                .filter_map(|l| git2::Oid::from_str(l.trim()).ok())
                .collect();
        let mut found = HashSet::new();
        let mut seen = HashSet::from([head]);
        let mut stack = vec![head];
        while let Some(id) = stack.pop() {
            if wanted.remove(&id) {
                found.insert(id);
                if wanted.is_empty() {
                    break;
                }
            }
            if boundary.contains(&id) {
                continue;
            }
            for parent in reader.parents(id)?.unwrap_or_default() {
                if seen.insert(parent) {
                    stack.push(parent);
                }
            }
        }
        Ok(found)
    }

    /// Forget what was read of the tags (a tag was created or deleted).
    fn forget_tags(&self) {
        *self.tags.borrow_mut() = None;
        let mut reach = self.reach.borrow_mut();
        reach.tagged.clear();
        reach.tag_commits = None;
    }

    /// Commits reachable from `to` and not from `from` (`git log from..to`), newest first.
    pub(crate) fn commits(&self, from: Option<&str>, to: &str) -> Result<Vec<RawCommit>> {
        Ok(self.walk(from, to)?.0)
    }

    /// The commits of `to` not reachable from `from` (newest first), and whether `from` is
    /// an ancestor of `to` (it then borders the range: a parent of one of its commits).
    pub(crate) fn range_to(&self, from: &str, to: &str) -> Result<(Vec<RawCommit>, bool)> {
        self.range_to_picked(from, to, &mut |all| Ok(vec![true; all.len()]))
    }

    /// `range_to`, keeping only the commits `pick` chooses (it is given them all at once):
    /// when commits are kept for several walks, the others are never copied.
    pub(crate) fn range_to_picked(
        &self,
        from: &str,
        to: &str,
        pick: &mut dyn FnMut(&[&RawCommit]) -> Result<Vec<bool>>,
    ) -> Result<(Vec<RawCommit>, bool)> {
        if oid(from)? == oid(to)? {
            return Ok((Vec::new(), true));
        }
        let (commits, borders) = self.walk_shared(Some(from), to)?;
        if !borders {
            // `from` is out of `to`'s reach: what a failed probe would have learned.
            self.reach.borrow_mut().missed.insert(oid(to)?);
        }
        Ok((picked(commits, pick)?, borders))
    }

    /// `commits`, keeping only the commits `pick` chooses (see `range_to_picked`).
    pub(crate) fn commits_picked(
        &self,
        from: Option<&str>,
        to: &str,
        pick: &mut dyn FnMut(&[&RawCommit]) -> Result<Vec<bool>>,
    ) -> Result<Vec<RawCommit>> {
        picked(self.walk_shared(from, to)?.0, pick)
    }

    /// A reader of commit objects.
    pub(crate) fn reader(&self) -> Result<Reader<'_>> {
        Ok(Reader {
            odb: self.repo.odb().context("cannot open the object database")?,
            shallow: self.is_shallow(),
        })
    }

    /// Keep the commits every walk reads from now on, for the walks to come (several
    /// packages' ranges over one history).
    pub(crate) fn keep_commits(&self) {
        let mut kept = self.kept.borrow_mut();
        if kept.is_none() {
            *kept = Some(std::collections::HashMap::new());
        }
    }

    /// The walk behind `commits` and `range_to`: newest first by committer date, each commit
    /// read from the object database once (libgit2's revwalk reads every commit a second
    /// time for its message), hidden commits marked as in git's own `limit_list`.
    fn walk(&self, from: Option<&str>, to: &str) -> Result<(Vec<RawCommit>, bool)> {
        let (commits, borders) = self.walk_shared(from, to)?;
        Ok((commits.into_iter().map(unshared).collect(), borders))
    }

    /// The walk behind `walk`, its commits as read (shared with the kept ones).
    fn walk_shared(
        &self,
        from: Option<&str>,
        to: &str,
    ) -> Result<(Vec<std::rc::Rc<Parsed>>, bool)> {
        use std::collections::{BinaryHeap, HashMap};
        const HIDDEN: u8 = 1;
        const QUEUED: u8 = 2;
        const OUTPUT: u8 = 4;
        use std::rc::Rc;
        let reader = self.reader()?;
        let read = |id: git2::Oid| -> Result<Option<Rc<Parsed>>> {
            if let Some(hit) = self.kept.borrow().as_ref().and_then(|k| k.get(&id)) {
                return Ok(Some(Rc::clone(hit)));
            }
            let Some(parsed) = reader.read(id)? else {
                return Ok(None);
            };
            let parsed = Rc::new(parsed);
            if let Some(kept) = self.kept.borrow_mut().as_mut() {
                kept.insert(id, Rc::clone(&parsed));
            }
            Ok(Some(parsed))
        };
        let to = oid(to)?;
        let from = from.map(oid).transpose()?;
        let mut flags: HashMap<git2::Oid, u8> = HashMap::new();
        // (committer time, insertion order reversed, id): newest first, then first queued.
        let mut heap: BinaryHeap<(i64, std::cmp::Reverse<u64>, git2::Oid)> = BinaryHeap::new();
        let mut parsed: HashMap<git2::Oid, Rc<Parsed>> = HashMap::new();
        let mut seq = 0u64;
        let mut interesting = 0usize;
        let mut queue = |id: git2::Oid,
                         hidden: bool,
                         flags: &mut HashMap<git2::Oid, u8>,
                         heap: &mut BinaryHeap<(i64, std::cmp::Reverse<u64>, git2::Oid)>,
                         parsed: &mut HashMap<git2::Oid, Rc<Parsed>>,
                         interesting: &mut usize|
         -> Result<()> {
            let f = flags.entry(id).or_insert(0);
            if hidden && *f & HIDDEN == 0 {
                *f |= HIDDEN;
                if *f & QUEUED != 0 {
                    if *f & OUTPUT == 0 {
                        *interesting = interesting.saturating_sub(1);
                    } else {
                        // Already output (clock skew): requeue it so its parents learn too.
                        *f &= !QUEUED;
                    }
                }
            }
            if *f & QUEUED != 0 {
                return Ok(());
            }
            let hidden_now = *f & HIDDEN != 0;
            *f |= QUEUED;
            let Some(commit) = read(id)? else {
                return Ok(());
            };
            if !hidden_now {
                *interesting += 1;
            }
            seq += 1;
            heap.push((commit.time, std::cmp::Reverse(seq), id));
            parsed.insert(id, commit);
            Ok(())
        };
        if let Some(from) = from {
            queue(
                from,
                true,
                &mut flags,
                &mut heap,
                &mut parsed,
                &mut interesting,
            )?;
        }
        queue(
            to,
            false,
            &mut flags,
            &mut heap,
            &mut parsed,
            &mut interesting,
        )?;
        // The commits output, in order (one may be hidden later, under clock skew).
        let mut out: Vec<Rc<Parsed>> = Vec::new();
        let mut out_ids: Vec<git2::Oid> = Vec::new();
        let mut borders = false;
        let mut slop = 64;
        while let Some((_, _, id)) = heap.pop() {
            if interesting == 0 {
                if slop == 0 {
                    break;
                }
                slop -= 1;
            }
            let Some(commit) = parsed.remove(&id) else {
                continue;
            };
            let hidden = flags.get(&id).is_some_and(|f| f & HIDDEN != 0);
            let mut first_output = false;
            if !hidden {
                interesting = interesting.saturating_sub(1);
                if let Some(f) = flags.get_mut(&id) {
                    first_output = *f & OUTPUT == 0;
                    *f |= OUTPUT;
                }
                borders = borders || from.is_some_and(|f| commit.parents.contains(&f));
            }
            for parent in &commit.parents {
                queue(
                    *parent,
                    hidden,
                    &mut flags,
                    &mut heap,
                    &mut parsed,
                    &mut interesting,
                )?;
            }
            if first_output {
                out.push(commit);
                out_ids.push(id);
            }
        }
        let mut ids = out_ids.iter();
        out.retain(|_| {
            ids.next()
                .is_some_and(|id| flags.get(id).is_some_and(|f| f & HIDDEN == 0))
        });
        Ok((out, borders))
    }

    /// For each of `commits`, the packages whose folders it changes (by `owners`, `count`
    /// packages): one tree comparison with its first parent (the empty tree for a root
    /// commit), going down only into subtrees that differ and lead to a package folder.
    pub(crate) fn touched(
        &self,
        commits: &[&RawCommit],
        owners: &crate::ownership::Owners,
        count: usize,
    ) -> Result<Vec<Vec<bool>>> {
        // The trees of the commits at hand, by id: a parent is usually the next commit.
        let trees: std::collections::HashMap<git2::Oid, git2::Oid> = commits
            .iter()
            .filter_map(|c| Some((oid(&c.id).ok()?, c.tree?)))
            .collect();
        let tree_of = |id: git2::Oid| -> Option<git2::Oid> {
            trees
                .get(&id)
                .copied()
                // A shallow clone's boundary has no parent to read: compare with nothing.
                .or_else(|| self.repo.find_commit(id).ok().map(|c| c.tree_id()))
        };
        let cache = TreeCache {
            repo: self,
            entries: std::cell::RefCell::new(std::collections::HashMap::new()),
        };
        let mut out = Vec::with_capacity(commits.len());
        for raw in commits {
            let (tree, parent) = if let Some(tree) = raw.tree {
                (tree, raw.first_parent)
            } else {
                let commit = self
                    .repo
                    .find_commit(oid(&raw.id)?)
                    .with_context(|| format!("cannot read commit {}", raw.short))?;
                (commit.tree_id(), commit.parent_ids().next())
            };
            let parent_tree = parent.and_then(tree_of);
            let mut touched = vec![false; count];
            owners.changed(&cache, parent_tree, Some(tree), &mut touched)?;
            out.push(touched);
        }
        Ok(out)
    }

    /// One commit.
    pub(crate) fn commit(&self, id: &str) -> Result<RawCommit> {
        let commit = self
            .repo
            .find_commit(oid(id)?)
            .with_context(|| format!("cannot read commit {id}"))?;
        Ok(raw_commit(&commit))
    }

    /// git's `core.commentChar` (`#` by default; None for `auto`, which the caller guesses).
    pub(crate) fn comment_char(&self) -> Option<char> {
        let value = self
            .repo
            .config()
            .and_then(|c| c.get_string("core.commentChar"))
            .unwrap_or_else(|_| "#".to_string());
        if value == "auto" {
            return None;
        }
        value.chars().next().or(Some('#'))
    }

    /// Every file git tracks, plus the untracked ones it does not ignore: root-relative,
    /// `/`-separated, exact case.
    ///
    /// `untracked` adds the untracked files git does not ignore; that needs a look at every
    /// file of the working tree, which costs more than reading the index.
    pub(crate) fn files(&self, untracked: bool) -> Result<Vec<String>> {
        let mut files = if let Some(index) = self.index_file() {
            index.entries.iter().map(|e| e.path.clone()).collect()
        } else {
            let index = self.repo.index().context("cannot read the git index")?;
            index
                .iter()
                .filter_map(|e| String::from_utf8(e.path).ok())
                .collect()
        };
        if !untracked {
            return Ok(files);
        }
        let changes = self.workdir_changes();
        let new = || {
            changes
                .iter()
                .filter(|(_, s)| s.contains(git2::Status::WT_NEW))
        };
        // Room for exactly what comes: ten thousand paths moved to a list twice as long
        // cost more than counting a few changes twice.
        let count = new().count();
        files.reserve_exact(count);
        files.extend(new().map(|(p, _)| p.clone()));
        files.sort_unstable();
        files.dedup();
        // A file deleted from the working tree (not yet staged) is no longer there to read
        // or to link to.
        let deleted: std::collections::HashSet<&str> = changes
            .iter()
            .filter(|(_, s)| s.contains(git2::Status::WT_DELETED))
            .map(|(p, _)| p.as_str())
            .collect();
        if !deleted.is_empty() {
            files.retain(|f| !deleted.contains(f.as_str()));
        }
        Ok(files)
    }

    /// The index's files with their staged ids and modes, sorted by path; None when the
    /// index is one `worktree::read` does not read.
    pub(crate) fn staged(&self) -> Option<std::rc::Rc<worktree::Index>> {
        self.index_file()
    }

    /// The index file read directly (`worktree::read`), once while it stays as it is;
    /// None when that reader does not go there (and libgit2 is asked instead).
    fn index_file(&self) -> Option<std::rc::Rc<worktree::Index>> {
        let path = self.repo.path().join("index");
        let meta = std::fs::metadata(&path).ok()?;
        let key = (meta.len(), meta.modified().ok());
        let mut cached = self.index_file.borrow_mut();
        if let Some(file) = cached.as_ref().filter(|f| f.key == key) {
            return file.index.clone();
        }
        let index = worktree::read(&path).map(std::rc::Rc::new);
        *cached = Some(IndexFile {
            key,
            index: index.clone(),
        });
        index
    }

    /// The paths whose working-tree file differs from the index (untracked ones that git
    /// does not ignore included), each with its status; read once.
    fn workdir_changes(&self) -> &[(String, git2::Status)] {
        self.workdir.get_or_init(|| {
            self.read_workdir_changes()
                .unwrap_or_else(|| libgit2_workdir_changes(&self.repo))
        })
    }

    /// How the index's stat data is compared with the files (git's configuration), and the
    /// index file's modification time; None where `worktree` does not go (a work tree
    /// that folds case).
    fn stat_checks(&self) -> Option<(worktree::Checks, (u32, u32))> {
        let config = self.repo.config().ok()?;
        if config.get_bool("core.ignorecase").unwrap_or(false) {
            return None;
        }
        let checks = worktree::Checks {
            file_mode: config.get_bool("core.filemode").unwrap_or(true),
            trust_ctime: config.get_bool("core.trustctime").unwrap_or(true),
            full_stat: config
                .get_string("core.checkstat")
                .map_or(true, |v| !v.eq_ignore_ascii_case("minimal")),
        };
        Some((checks, file_mtime(&self.repo.path().join("index"))?))
    }

    /// For each of `paths` (root-relative), the id of its staged content and the file's
    /// size when its working-tree file is, by its stat data, what the index holds (None for anything
    /// else: untracked, changed, a symbolic link, or a file whose content would have to be
    /// read to tell). None when the index is not one `worktree` reads.
    pub(crate) fn unchanged_ids(&self, paths: &[&str]) -> Option<Vec<Option<Unchanged>>> {
        let workdir = self.repo.workdir()?;
        let index = self.index_file()?;
        let (checks, index_mtime) = self.stat_checks()?;
        Some(
            paths
                .iter()
                .map(|path| {
                    let at = index
                        .entries
                        .binary_search_by(|e| e.path.as_str().cmp(path))
                        .ok()?;
                    let entry = &index.entries[at];
                    let size = worktree::unchanged(workdir, entry, index_mtime, checks)?;
                    Some((entry.id, size))
                })
                .collect(),
        )
    }

    /// `workdir_changes` found by comparing the index's stat data with the files on every
    /// core (`worktree::changes`); None where that reader does not go (an unusual index, a
    /// work tree that folds case, a system without `lstat` data): libgit2 answers.
    fn read_workdir_changes(&self) -> Option<Vec<(String, git2::Status)>> {
        if !cfg!(unix) {
            return None;
        }
        let workdir = self.repo.workdir()?;
        let index = self.index_file()?;
        let (checks, index_mtime) = self.stat_checks()?;
        let mut ignored = |path: &str| {
            self.repo
                .status_should_ignore(Path::new(path))
                .unwrap_or(false)
        };
        let same_content = |bytes: &[u8], id: &[u8; 20]| is_blob(bytes, id);
        let changes = worktree::changes(
            workdir,
            &index,
            index_mtime,
            checks,
            &mut ignored,
            &same_content,
        )?;
        Some(
            changes
                .into_iter()
                .map(|(path, change)| {
                    let status = match change {
                        worktree::Change::Modified => git2::Status::WT_MODIFIED,
                        worktree::Change::Deleted => git2::Status::WT_DELETED,
                        worktree::Change::Retyped => git2::Status::WT_TYPECHANGE,
                        worktree::Change::New => git2::Status::WT_NEW,
                    };
                    (path, status)
                })
                .collect(),
        )
    }

    /// A question "does git ignore this root-relative path?" that threads can share (it
    /// opens the repository again, behind a lock, when first asked: most lints never ask).
    /// A repository that cannot be opened again ignores nothing.
    pub(crate) fn ignore_check(&self) -> Option<IgnoreCheck> {
        let (git_dir, workdir) = (
            self.repo.path().to_path_buf(),
            self.repo.workdir()?.to_path_buf(),
        );
        let repo: std::sync::Mutex<Option<Option<git2::Repository>>> = std::sync::Mutex::new(None);
        Some(Box::new(move |path: &str| {
            let mut repo = repo
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let opened = repo.get_or_insert_with(|| {
                let repo = git2::Repository::open(&git_dir).ok()?;
                repo.set_workdir(&workdir, false).ok()?;
                Some(repo)
            });
            opened
                .as_ref()
                .is_some_and(|r| r.status_should_ignore(Path::new(path)).unwrap_or(false))
        }))
    }

    /// Whether git ignores a root-relative path.
    pub(crate) fn is_ignored(&self, path: &str) -> bool {
        self.repo
            .status_should_ignore(Path::new(path))
            .unwrap_or(false)
    }

    /// Which of these hex prefixes (7–40 digits) name no object in the repository, looked up
    /// in one pass over the object database.
    pub(crate) fn unknown_objects(&self, hashes: &[String]) -> Result<Vec<String>> {
        let odb = self.repo.odb().context("cannot open the object database")?;
        let mut unknown = Vec::new();
        for hash in hashes {
            let known = match git2::Oid::from_str(hash) {
                Ok(id) if hash.len() == 40 => odb.exists(id),
                Ok(id) => match odb.exists_prefix(id, hash.len()) {
                    Ok(_) => true,
                    // Ambiguous: several objects start with it, so it exists.
                    Err(e) => e.code() == git2::ErrorCode::Ambiguous,
                },
                Err(_) => false,
            };
            if !known {
                unknown.push(hash.clone());
            }
        }
        Ok(unknown)
    }

    /// The URL of a remote (`origin`), if there is one.
    pub(crate) fn remote_url(&self, name: &str) -> Option<String> {
        self.repo.find_remote(name).ok()?.url().map(str::to_string)
    }

    /// The changes between two commits' trees (`from` None: the empty tree), as one
    /// tree-to-tree diff: counts, and the paths that exist after the change.
    pub(crate) fn diff_stats(&self, from: Option<&str>, to: &str) -> Result<DiffStats> {
        let tree =
            |id: &str| -> Result<git2::Tree<'_>> { Ok(self.repo.find_commit(oid(id)?)?.tree()?) };
        let new = tree(to)?;
        let old = from.map(tree).transpose()?;
        let diff = self
            .repo
            .diff_tree_to_tree(old.as_ref(), Some(&new), None)
            .context("cannot diff the release range")?;
        let stats = diff.stats().context("cannot count the changes")?;
        let mut paths = Vec::new();
        let mut changes = Vec::new();
        let blob = |f: git2::DiffFile<'_>| (!f.id().is_zero()).then(|| f.id().to_string());
        for delta in diff.deltas() {
            use crate::facts::Status;
            let how = match delta.status() {
                git2::Delta::Added | git2::Delta::Copied | git2::Delta::Untracked => Status::Added,
                git2::Delta::Deleted => Status::Deleted,
                _ => Status::Modified,
            };
            let file = if how == Status::Deleted {
                delta.old_file()
            } else {
                delta.new_file()
            };
            let Some(path) = file.path().and_then(Path::to_str) else {
                continue;
            };
            let path = path.replace('\\', "/");
            if how != Status::Deleted {
                paths.push(path.clone());
            }
            changes.push(crate::facts::Change {
                path,
                status: how,
                old: blob(delta.old_file()),
                new: blob(delta.new_file()),
            });
        }
        paths.sort();
        Ok(DiffStats {
            files_changed: stats.files_changed(),
            insertions: stats.insertions(),
            deletions: stats.deletions(),
            paths,
            changes,
        })
    }

    /// The facts' view of the tree of `commit`: its blobs and which paths it has.
    pub(crate) fn tree_source(&self, commit: &str) -> Result<TreeSource<'_>> {
        let tree = self.repo.find_commit(oid(commit)?)?.tree()?;
        Ok(TreeSource {
            repo: &self.repo,
            tree,
        })
    }

    /// The branch HEAD is on (None when detached).
    pub(crate) fn branch(&self) -> Option<String> {
        let head = self.repo.head().ok()?;
        head.is_branch()
            .then(|| head.shorthand().map(str::to_string))
            .flatten()
    }

    /// The files of the working tree that differ from HEAD or the index (untracked files do
    /// not count).
    pub(crate) fn dirty_paths(&self) -> Result<Vec<String>> {
        Ok(self.status(false)?.0)
    }

    /// The files of the working tree that differ from HEAD (or the index) and git tracks,
    /// and the untracked files it does not ignore.
    pub(crate) fn changed_and_untracked(&self) -> Result<(Vec<String>, Vec<String>)> {
        self.status(true)
    }

    /// The changed tracked files and, when asked, the untracked ones.
    fn status(&self, untracked: bool) -> Result<(Vec<String>, Vec<String>)> {
        let mut opts = git2::StatusOptions::new();
        opts.include_untracked(untracked)
            .recurse_untracked_dirs(untracked)
            .include_ignored(false)
            .exclude_submodules(true);
        let statuses = self
            .repo
            .statuses(Some(&mut opts))
            .context("cannot read the working tree's status")?;
        let (mut changed, mut new) = (Vec::new(), Vec::new());
        let mut index: Option<git2::Index> = None;
        for entry in statuses.iter() {
            let Some(path) = entry.path() else { continue };
            if entry.status() == git2::Status::WT_NEW {
                new.push(path.to_string());
            } else if entry.status() == git2::Status::WT_DELETED
                && self.skips_worktree(&mut index, path)
            {
                // Left out of a sparse checkout (skip-worktree): git calls the tree clean.
            } else if entry.status() != git2::Status::CURRENT {
                changed.push(path.to_string());
            }
        }
        Ok((changed, new))
    }

    /// Whether the index marks `path` skip-worktree (a sparse checkout leaves it out); the
    /// index is read once, when first asked.
    fn skips_worktree(&self, index: &mut Option<git2::Index>, path: &str) -> bool {
        const SKIP_WORKTREE: u16 = 1 << 14;
        if index.is_none() {
            *index = self.repo.index().ok();
        }
        index
            .as_ref()
            .and_then(|i| i.get_path(Path::new(path), 0))
            .is_some_and(|e| e.flags_extended & SKIP_WORKTREE != 0)
    }

    /// The entries of tree object `id` with their modes (`tree_entries` has names and kinds
    /// only); None when it cannot be read or a name is not UTF-8.
    fn tree_listing(&self, id: &[u8; 20]) -> Option<Vec<worktree::TreeEntry>> {
        let tree = self.repo.find_tree(git2::Oid::from_bytes(id).ok()?).ok()?;
        tree.iter()
            .map(|e| {
                Some(worktree::TreeEntry {
                    name: e.name()?.to_string(),
                    id: e.id().as_bytes().try_into().ok()?,
                    mode: u32::try_from(e.filemode()).ok()?,
                })
            })
            .collect()
    }

    /// The paths that differ between `rev`'s tree and the working tree: what was committed
    /// since, what is staged or not, and the untracked files git does not ignore. A deleted
    /// or renamed file counts by its old path too. A working-tree file changed back to what
    /// REV had still counts (it differs from the index): one file too many, never one too few.
    pub(crate) fn changed_since(&self, rev: &str) -> Result<Vec<String>> {
        let id = self.resolve(rev)?;
        let tree = git2::Oid::from_str(&id)
            .and_then(|oid| self.repo.find_commit(oid))
            .and_then(|commit| commit.tree())
            .with_context(|| format!("cannot read the tree of {rev}"))?;
        // REV's tree against the index, then the index against the working tree: together
        // what `git diff REV` and the untracked files show. When the index's cache tree
        // names the tree it makes, REV's tree is compared with that one, which passes
        // over every subtree the two share; else libgit2 compares every entry.
        let mut opts = git2::DiffOptions::new();
        opts.ignore_submodules(true);
        let index_tree = self
            .index_file()
            .and_then(|index| index.tree)
            .and_then(|id| git2::Oid::from_bytes(&id).ok())
            .and_then(|id| self.repo.find_tree(id).ok());
        // With no tree for the whole index (a file staged since it was written), the index
        // is compared with REV's tree folder by folder, through the cache tree.
        let staged = match (&index_tree, self.index_file()) {
            (None, Some(index)) => {
                let root = tree.id().as_bytes().try_into().ok();
                root.and_then(|root| {
                    worktree::tree_changes(&index, root, &|id| self.tree_listing(id))
                })
            }
            _ => None,
        };
        let diff = match index_tree {
            Some(index_tree) if index_tree.id() == tree.id() => None,
            Some(index_tree) => Some(self.repo.diff_tree_to_tree(
                Some(&tree),
                Some(&index_tree),
                Some(&mut opts),
            )),
            // Our own comparison, which skips every folder the cache tree still knows.
            None if staged.is_some() => None,
            None => {
                let index = self.repo.index().context("cannot read the git index")?;
                Some(
                    self.repo
                        .diff_tree_to_index(Some(&tree), Some(&index), Some(&mut opts)),
                )
            }
        }
        .transpose()
        .with_context(|| format!("cannot compare the index with {rev}"))?;
        let mut paths: Vec<String> = self
            .workdir_changes()
            .iter()
            .map(|(p, _)| p.clone())
            .collect();
        paths.extend(staged.into_iter().flatten());
        for delta in diff.iter().flat_map(git2::Diff::deltas) {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file.path().and_then(Path::to_str) {
                    paths.push(path.to_string());
                }
            }
        }
        paths.sort();
        paths.dedup();
        Ok(paths)
    }

    /// The content of `path` in `rev`'s tree, when it is a file there.
    pub(crate) fn content_at(&self, rev: &str, path: &str) -> Option<Vec<u8>> {
        let tree = self.repo.revparse_single(rev).ok()?.peel_to_tree().ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    }

    /// The content of `path` at HEAD, when it is a file there.
    pub(crate) fn content_at_head(&self, path: &str) -> Option<Vec<u8>> {
        let tree = self.repo.head().ok()?.peel_to_tree().ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        let blob = self.repo.find_blob(entry.id()).ok()?;
        Some(blob.content().to_vec())
    }

    pub(crate) fn tag_exists(&self, name: &str) -> bool {
        self.repo
            .find_reference(&format!("refs/tags/{name}"))
            .is_ok()
    }

    /// The committer relman commits and tags as (git's user.name and user.email).
    fn signature(&self) -> Result<git2::Signature<'static>> {
        self.repo.signature().map_err(|_| {
            anyhow!("git has no user.name and user.email here; set them (git config user.name …) and run again")
        })
    }

    /// Commit exactly `files` (root-relative path and content) on top of `parent`, which
    /// must still be HEAD: the tree is the parent's with those blobs put in, whatever else
    /// the index holds (other staged changes stay staged and out of the commit; `stage`
    /// then stages the committed files). Returns the new commit's id.
    pub(crate) fn commit_files(
        &self,
        files: &[(String, Vec<u8>)],
        message: &str,
        parent: &str,
        signer: Option<&crate::signing::Signer>,
    ) -> Result<String> {
        let sig = self.signature()?;
        let head = self.head()?;
        if head != parent {
            bail!(
                "HEAD moved from {} to {} while the release ran (a hook?); nothing was committed",
                short(parent),
                short(&head)
            );
        }
        let parent = self.repo.find_commit(oid(parent)?)?;
        let base = parent.tree()?;
        let mut update = git2::build::TreeUpdateBuilder::new();
        for (path, bytes) in files {
            let blob = self
                .repo
                .blob(bytes)
                .with_context(|| format!("cannot store {path} in git"))?;
            let executable = base
                .get_path(Path::new(path))
                .is_ok_and(|e| e.filemode() == i32::from(git2::FileMode::BlobExecutable));
            let mode = if executable {
                git2::FileMode::BlobExecutable
            } else {
                git2::FileMode::Blob
            };
            update.upsert(path, blob, mode);
        }
        let tree_id = update
            .create_updated(&self.repo, &base)
            .context("cannot write the release tree")?;
        let tree = self.repo.find_tree(tree_id)?;
        let Some(signer) = signer else {
            let id = self
                .repo
                .commit(Some("HEAD"), &sig, &sig, message, &tree, &[&parent])
                .context("cannot commit")?;
            return Ok(id.to_string());
        };
        // Signed as git signs: the commit's text, its signature in a `gpgsig` header.
        let buffer = self
            .repo
            .commit_create_buffer(&sig, &sig, message, &tree, &[&parent])
            .context("cannot build the commit")?;
        let text = buffer
            .as_str()
            .ok_or_else(|| anyhow!("the release commit is not text"))?;
        let signature = signer.sign(text.as_bytes())?;
        // A header value: no trailing newline (it would add an empty continuation line).
        let signature = signature.trim_end();
        let id = self
            .repo
            .commit_signed(text, signature, None)
            .context("cannot write the signed commit")?;
        let summary = message.lines().next().unwrap_or_default();
        self.repo
            .head()
            .and_then(|mut head| head.set_target(id, &format!("commit: {summary}")))
            .context("cannot move HEAD to the release commit")?;
        Ok(id.to_string())
    }

    /// Stage `paths` (root-relative) as they are in the work tree, after a commit of them.
    pub(crate) fn stage(&self, paths: &[String]) -> Result<()> {
        let mut index = self.repo.index().context("cannot open the git index")?;
        index.read(false).context("cannot read the git index")?;
        for path in paths {
            index
                .add_path(Path::new(path))
                .with_context(|| format!("cannot stage {path}"))?;
        }
        index.write().context("cannot write the git index")
    }

    /// Check that commit `id` changes exactly `files` (path, blob id) from its parent, each
    /// a regular file at that blob; say what differs otherwise.
    pub(crate) fn verify_commit(&self, id: &str, files: &[(String, String)]) -> Result<()> {
        let commit = self.repo.find_commit(oid(id)?)?;
        let tree = commit.tree()?;
        let mut wrong = Vec::new();
        for (path, blob) in files {
            match tree.get_path(Path::new(path)) {
                Ok(e)
                    if e.id().to_string() == *blob
                        && e.filemode() != i32::from(git2::FileMode::Link) => {}
                Ok(e) => wrong.push(format!(
                    "{path} is {} in the commit, not {}",
                    short(&e.id().to_string()),
                    short(blob)
                )),
                Err(_) => wrong.push(format!("{path} is missing from the commit")),
            }
        }
        let parent = commit.parent(0)?.tree()?;
        let diff = self
            .repo
            .diff_tree_to_tree(Some(&parent), Some(&tree), None)
            .context("cannot compare the release commit with its parent")?;
        for delta in diff.deltas() {
            let path = delta
                .new_file()
                .path()
                .or_else(|| delta.old_file().path())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            if !files.iter().any(|(p, _)| *p == path) {
                wrong.push(format!("{path} changed but is not in the plan"));
            }
        }
        if wrong.is_empty() {
            Ok(())
        } else {
            bail!(
                "the release commit does not hold the planned content: {}",
                wrong.join("; ")
            )
        }
    }

    /// Move HEAD (and its branch) back to `commit`, as before a commit made by relman.
    pub(crate) fn reset_head(&self, commit: &str) -> Result<()> {
        let id = oid(commit)?;
        match self.repo.head() {
            Ok(head) if head.is_branch() => {
                let name = head.name().unwrap_or("HEAD").to_string();
                self.repo
                    .reference(&name, id, true, "relman release: undo")
                    .context("cannot move the branch back")?;
            }
            _ => self
                .repo
                .set_head_detached(id)
                .context("cannot move HEAD back")?,
        }
        Ok(())
    }

    /// An annotated tag on `commit`.
    /// An annotated tag on `commit`; returns the tag object's id.
    pub(crate) fn create_tag(
        &self,
        name: &str,
        commit: &str,
        message: &str,
        signer: Option<&crate::signing::Signer>,
    ) -> Result<String> {
        self.forget_tags();
        let sig = self.signature()?;
        let object = self.repo.find_object(oid(commit)?, None)?;
        let Some(signer) = signer else {
            let id = self
                .repo
                .tag(name, &object, &sig, message, false)
                .with_context(|| format!("cannot create the tag {name}"))?;
            return Ok(id.to_string());
        };
        // Signed as git signs a tag: the signature follows the message in the object.
        let payload = crate::signing::tag_payload(commit, name, &sig, message);
        let signature = signer.sign(payload.as_bytes())?;
        let odb = self.repo.odb().context("cannot open the object database")?;
        let id = odb
            .write(
                git2::ObjectType::Tag,
                format!("{payload}{signature}").as_bytes(),
            )
            .with_context(|| format!("cannot write the tag {name}"))?;
        self.repo
            .reference(
                &format!("refs/tags/{name}"),
                id,
                false,
                "tag: signed release",
            )
            .with_context(|| format!("cannot create the tag {name}"))?;
        Ok(id.to_string())
    }

    /// What the release signs: `flag` is `--sign` (true) or `--no-sign` (false), else
    /// git's settings decide.
    pub(crate) fn signing(&self, flag: Option<bool>) -> Result<crate::signing::Signing> {
        let config = self
            .repo
            .config()
            .and_then(|mut c| c.snapshot())
            .context("cannot read git's configuration")?;
        let identity = self.repo.signature().ok();
        let identity = identity
            .as_ref()
            .and_then(|s| Some((s.name()?, s.email()?)));
        crate::signing::decide(&config, identity, self.git_dir(), flag)
    }

    /// The object a tag's reference points to (the tag object of an annotated tag).
    pub(crate) fn tag_ref_target(&self, name: &str) -> Option<String> {
        let reference = self
            .repo
            .find_reference(&format!("refs/tags/{name}"))
            .ok()?;
        reference.target().map(|id| id.to_string())
    }

    pub(crate) fn delete_tag(&self, name: &str) -> Result<()> {
        self.forget_tags();
        self.repo
            .tag_delete(name)
            .with_context(|| format!("cannot delete the tag {name}"))
    }

    /// The path of the repository's git folder (for the release lock).
    pub(crate) fn git_dir(&self) -> &Path {
        self.repo.path()
    }

    /// The id of the blob at `path` (root-relative) in HEAD's tree, if there is one.
    pub(crate) fn blob_at_head(&self, path: &str) -> Option<String> {
        let tree = self.repo.head().ok()?.peel_to_tree().ok()?;
        let entry = tree.get_path(Path::new(path)).ok()?;
        (entry.kind() == Some(git2::ObjectType::Blob)).then(|| entry.id().to_string())
    }

    /// The commit a tag points to, if the tag exists.
    pub(crate) fn tag_target(&self, name: &str) -> Option<String> {
        let reference = self
            .repo
            .find_reference(&format!("refs/tags/{name}"))
            .ok()?;
        Some(reference.peel_to_commit().ok()?.id().to_string())
    }

    /// A commit's first parent and its message.
    pub(crate) fn commit_parent_and_message(&self, id: &str) -> Option<(String, String)> {
        let commit = self.repo.find_commit(oid(id).ok()?).ok()?;
        let parent = commit.parent_id(0).ok()?.to_string();
        Some((
            parent,
            String::from_utf8_lossy(commit.message_bytes()).into_owned(),
        ))
    }

    /// The commit a reference (`refs/heads/main`) points to, if it exists.
    pub(crate) fn ref_target(&self, name: &str) -> Option<String> {
        let reference = self.repo.find_reference(name).ok()?;
        Some(reference.peel_to_commit().ok()?.id().to_string())
    }

    /// Point a reference at a commit.
    pub(crate) fn set_ref(&self, name: &str, commit: &str) -> Result<()> {
        self.forget_tags();
        self.repo
            .reference(name, oid(commit)?, true, "relman release: undo")
            .with_context(|| format!("cannot move {name} back"))?;
        Ok(())
    }

    /// The full name of the branch HEAD is on (`refs/heads/main`), even when that branch has
    /// no commit; None when HEAD is detached.
    pub(crate) fn head_ref_name(&self) -> Option<String> {
        let head = self.repo.find_reference("HEAD").ok()?;
        head.symbolic_target().map(str::to_string)
    }

    /// The git folder shared by every worktree of the repository (`.git` of the main one).
    /// The repository's git hook `name` (`pre-commit`, …) as `git commit` would run it:
    /// in `core.hooksPath` (relative to the work tree) or the git folder's `hooks`, and
    /// only when it is an executable file (git skips one that is not).
    pub(crate) fn hook(&self, name: &str) -> Option<PathBuf> {
        let configured = self
            .repo
            .config()
            .ok()
            .and_then(|c| c.get_path("core.hooksPath").ok());
        let dir = match configured {
            Some(dir) if dir.is_absolute() => dir,
            Some(dir) => self.root.join(dir),
            None => self.common_dir().join("hooks"),
        };
        let path = dir.join(name);
        let meta = std::fs::metadata(&path).ok()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            if meta.permissions().mode() & 0o111 == 0 {
                return None;
            }
        }
        meta.is_file().then_some(path)
    }

    pub(crate) fn common_dir(&self) -> &Path {
        self.repo.commondir()
    }

    /// Resolve a revision (`HEAD`, a tag, a hash) to a commit id.
    pub(crate) fn resolve(&self, spec: &str) -> Result<String> {
        let object = self.repo.revparse_single(spec).map_err(|e| {
            let hint = if self.is_shallow() {
                "; this clone is shallow and may lack it: fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` for actions/checkout)"
            } else {
                ""
            };
            anyhow!(
                "{spec:?} is not a revision of this repository: {}{hint}",
                e.message()
            )
        })?;
        let commit = object
            .peel_to_commit()
            .map_err(|_| anyhow!("{spec:?} does not name a commit"))?;
        Ok(commit.id().to_string())
    }

    /// The commits of a range `A..B` (`A..` means `A..HEAD`), newest first.
    pub(crate) fn range(&self, range: &str) -> Result<Vec<RawCommit>> {
        let Some((from, to)) = range.split_once("..") else {
            bail!("{range:?} is not a range; write it as A..B, e.g. origin/main..HEAD");
        };
        if to.starts_with('.') {
            bail!("{range:?}: symmetric ranges (A...B) are not supported; write A..B");
        }
        // As git reads it: an omitted side is HEAD.
        let to = self.resolve(if to.is_empty() { "HEAD" } else { to })?;
        let from = self.resolve(if from.is_empty() { "HEAD" } else { from })?;
        self.commits(Some(&from), &to)
    }
}

/// `Repo::workdir_changes` as libgit2 finds them.
fn libgit2_workdir_changes(repo: &git2::Repository) -> Vec<(String, git2::Status)> {
    let mut opts = git2::StatusOptions::new();
    opts.include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true)
        .show(git2::StatusShow::Workdir);
    let mut out = Vec::new();
    if let Ok(statuses) = repo.statuses(Some(&mut opts)) {
        for entry in statuses.iter() {
            if let Some(path) = entry.path() {
                out.push((path.to_string(), entry.status()));
            }
        }
    }
    out
}

/// An index file as `Repo::index_file` keeps it: what it was read as, and its length and
/// modification time then.
struct IndexFile {
    key: (u64, Option<std::time::SystemTime>),
    index: Option<std::rc::Rc<worktree::Index>>,
}

/// A file's modification time as the index keeps it (seconds, nanoseconds).
#[cfg(unix)]
fn file_mtime(path: &Path) -> Option<(u32, u32)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).ok()?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Some((meta.mtime() as u32, meta.mtime_nsec() as u32))
}

#[cfg(not(unix))]
fn file_mtime(_path: &Path) -> Option<(u32, u32)> {
    None
}

pub(crate) fn oid(hex: &str) -> Result<git2::Oid> {
    git2::Oid::from_str(hex).map_err(|_| anyhow!("{hex:?} is not a commit id"))
}

/// Trees read for `touched`, each once: a commit's old trees are the new trees of the
/// commit before it.
struct TreeCache<'a> {
    repo: &'a Repo,
    entries: std::cell::RefCell<
        std::collections::HashMap<git2::Oid, std::rc::Rc<Vec<crate::ownership::Entry<git2::Oid>>>>,
    >,
}

impl crate::ownership::Trees for TreeCache<'_> {
    type Id = git2::Oid;
    fn entries(
        &self,
        id: git2::Oid,
    ) -> Result<std::rc::Rc<Vec<crate::ownership::Entry<git2::Oid>>>> {
        if let Some(found) = self.entries.borrow().get(&id) {
            return Ok(found.clone());
        }
        let read = std::rc::Rc::new(self.repo.tree_entries(id)?);
        let mut cache = self.entries.borrow_mut();
        // Bounded: a commit's tree is its child's parent tree, read again by the next
        // comparison of the walk; older trees are rarely read again.
        if cache.len() > 256 {
            cache.clear();
        }
        cache.insert(id, read.clone());
        Ok(read)
    }
}

impl Repo {
    /// The entries of tree `id`, sorted by name.
    fn tree_entries(&self, id: git2::Oid) -> Result<Vec<crate::ownership::Entry<git2::Oid>>> {
        let tree = self
            .repo
            .find_tree(id)
            .with_context(|| format!("cannot read tree {id}"))?;
        let mut entries: Vec<_> = tree
            .iter()
            .map(|e| {
                let is_tree = e.kind() == Some(git2::ObjectType::Tree);
                (e.name_bytes().to_vec(), e.id(), is_tree)
            })
            .collect();
        // git orders a folder as if its name ended in `/`; the comparison wants plain names.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(entries)
    }
}

/// A packed tag: its object and, for an annotated tag, the object it peels to.
type PackedTag = (git2::Oid, Option<git2::Oid>);

/// The tags of `packed-refs` (full ref name → its object and, for an annotated tag, the
/// object it peels to), when git wrote it with every tag peeled (`peeled` or
/// `fully-peeled`): then a tag with no peeled line is not an annotated tag. None when
/// there is no such file, or it does not say so.
fn packed_tags(common_dir: &Path) -> Option<std::collections::HashMap<String, PackedTag>> {
    let text = std::fs::read_to_string(common_dir.join("packed-refs")).ok()?;
    let mut lines = text.lines();
    let header = lines.next()?;
    let traits = header.strip_prefix("# pack-refs with:")?;
    if !traits
        .split_whitespace()
        .any(|t| t == "peeled" || t == "fully-peeled")
    {
        return None;
    }
    let mut out: std::collections::HashMap<String, PackedTag> = std::collections::HashMap::new();
    let mut last: Option<String> = None;
    for line in lines {
        if let Some(peeled) = line.strip_prefix('^') {
            let id = git2::Oid::from_str(peeled.trim()).ok()?;
            if let Some(entry) = last.as_ref().and_then(|name| out.get_mut(name)) {
                entry.1 = Some(id);
            }
            continue;
        }
        let (id, name) = line.split_once(' ')?;
        last = None;
        if name.starts_with("refs/tags/") {
            out.insert(name.to_string(), (git2::Oid::from_str(id).ok()?, None));
            last = Some(name.to_string());
        }
    }
    Some(out)
}

/// A commit object as a walk reads it.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub(crate) parents: Vec<git2::Oid>,
    /// Committer time, which orders the walk.
    pub(crate) time: i64,
    pub(crate) raw: RawCommit,
}

/// A walk's commit as its own: moved out when the walk held the only reference, copied
/// when commits are kept for other walks.
fn unshared(commit: std::rc::Rc<Parsed>) -> RawCommit {
    std::rc::Rc::try_unwrap(commit).map_or_else(|rc| rc.raw.clone(), |p| p.raw)
}

/// The commits of a walk that `pick` chooses, as their own.
fn picked(
    commits: Vec<std::rc::Rc<Parsed>>,
    pick: &mut dyn FnMut(&[&RawCommit]) -> Result<Vec<bool>>,
) -> Result<Vec<RawCommit>> {
    let chosen = {
        let all: Vec<&RawCommit> = commits.iter().map(|c| &c.raw).collect();
        pick(&all)?
    };
    Ok(commits
        .into_iter()
        .zip(chosen)
        .filter(|(_, keep)| *keep)
        .map(|(c, _)| unshared(c))
        .collect())
}

/// Reads commit objects from the object database, each parsed as a walk needs it.
pub(crate) struct Reader<'r> {
    odb: git2::Odb<'r>,
    shallow: bool,
}

impl Reader<'_> {
    /// The commit `id`; None for an object that is not a commit (a tag on a tree or a
    /// blob), or for a commit missing from a shallow clone.
    pub(crate) fn read(&self, id: git2::Oid) -> Result<Option<Parsed>> {
        match self.odb.read(id) {
            Ok(object) if object.kind() != git2::ObjectType::Commit => Ok(None),
            Ok(object) => Ok(Some(
                parse_commit(id, object.data())
                    .ok_or_else(|| anyhow!("commit {id} is malformed"))?,
            )),
            Err(e) if e.code() == git2::ErrorCode::NotFound && self.shallow => Ok(None),
            Err(e) => Err(anyhow!("cannot read commit {id}: {}", e.message())),
        }
    }

    /// The parents of commit `id`, read from its headers alone; None as for `read`.
    pub(crate) fn parents(&self, id: git2::Oid) -> Result<Option<Vec<git2::Oid>>> {
        let object = match self.odb.read(id) {
            Ok(object) if object.kind() != git2::ObjectType::Commit => return Ok(None),
            Ok(object) => object,
            Err(e) if e.code() == git2::ErrorCode::NotFound && self.shallow => return Ok(None),
            Err(e) => return Err(anyhow!("cannot read commit {id}: {}", e.message())),
        };
        let mut parents = Vec::new();
        for line in object.data().split(|&b| b == b'\n') {
            if line.is_empty() {
                break;
            }
            if let Some(hex) = line.strip_prefix(b"parent ") {
                let hex =
                    std::str::from_utf8(hex).map_err(|_| anyhow!("commit {id} is malformed"))?;
                parents.push(
                    git2::Oid::from_str(hex).map_err(|_| anyhow!("commit {id} is malformed"))?,
                );
            }
        }
        Ok(Some(parents))
    }
}

/// Parse a raw commit object: headers up to the first blank line, then the message.
fn parse_commit(id: git2::Oid, data: &[u8]) -> Option<Parsed> {
    let split = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(data.len(), |i| i + 1);
    let (head, rest) = data.split_at(split);
    let mut message = rest;
    while let [b'\n', tail @ ..] = message {
        message = tail;
    }
    let mut parents = Vec::new();
    let mut author: Option<(String, String, i64)> = None;
    let mut time = 0;
    let mut encoding: Option<String> = None;
    let mut tree = None;
    for line in head.split(|&b| b == b'\n') {
        if let Some(hex) = line.strip_prefix(b"parent ") {
            parents.push(git2::Oid::from_str(std::str::from_utf8(hex).ok()?).ok()?);
        } else if let Some(sig) = line.strip_prefix(b"author ") {
            author = parse_signature(sig);
        } else if let Some(sig) = line.strip_prefix(b"committer ") {
            time = parse_signature(sig).map_or(0, |s| s.2);
        } else if let Some(hex) = line.strip_prefix(b"tree ") {
            tree = std::str::from_utf8(hex)
                .ok()
                .and_then(|h| git2::Oid::from_str(h).ok());
        } else if let Some(enc) = line.strip_prefix(b"encoding ") {
            encoding = Some(String::from_utf8_lossy(enc).into_owned());
        }
    }
    let (author_name, author_email, author_time) = author.unwrap_or_default();
    let (text, lossy) = decode_message(message, encoding.as_deref());
    let hex = id.to_string();
    Some(Parsed {
        time,
        raw: RawCommit {
            short: hex[..7].to_string(),
            id: hex,
            message: text,
            undecoded: lossy,
            author_name,
            author_email,
            time: author_time,
            parents: parents.len(),
            tree,
            first_parent: parents.first().copied(),
        },
        parents,
    })
}

/// `Name <email> 1700000000 +0100` → (name, email, seconds).
fn parse_signature(sig: &[u8]) -> Option<(String, String, i64)> {
    let open = sig.iter().position(|&b| b == b'<')?;
    let close = open + sig[open..].iter().position(|&b| b == b'>')?;
    let name = String::from_utf8_lossy(&sig[..open]).trim().to_string();
    let email = String::from_utf8_lossy(&sig[open + 1..close]).into_owned();
    let rest = std::str::from_utf8(&sig[close + 1..]).ok()?.trim();
    let seconds = rest.split_whitespace().next()?.parse().ok()?;
    Some((name, email, seconds))
}

/// A commit message as text (UTF-8, or the encoding its header declares), or else as it
/// reads with undecodable bytes replaced.
fn decode_message(bytes: &[u8], encoding: Option<&str>) -> (Option<String>, Option<String>) {
    let text = std::str::from_utf8(bytes)
        .ok()
        .map(str::to_string)
        .or_else(|| decode_declared(encoding, bytes));
    let lossy = match text {
        Some(_) => None,
        None => Some(String::from_utf8_lossy(bytes).into_owned()),
    };
    (text, lossy)
}

fn raw_commit(commit: &git2::Commit<'_>) -> RawCommit {
    let bytes = commit.message_bytes();
    let (message, lossy) = decode_message(bytes, commit.message_encoding());
    let author = commit.author();
    let id = commit.id().to_string();
    RawCommit {
        short: id[..7].to_string(),
        id,
        message,
        undecoded: lossy,
        author_name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        author_email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        time: author.when().seconds(),
        parents: commit.parent_count(),
        tree: Some(commit.tree_id()),
        first_parent: commit.parent_ids().next(),
    }
}

/// Decode a message in the encoding its commit declares (git's `encoding` header), for the
/// single-byte Western encodings git users set with `i18n.commitEncoding`.
fn decode_declared(encoding: Option<&str>, bytes: &[u8]) -> Option<String> {
    let encoding = encoding?.to_ascii_lowercase().replace('_', "-");
    match encoding.as_str() {
        "iso-8859-1" | "iso8859-1" | "latin1" | "latin-1" | "l1" => {
            Some(bytes.iter().map(|&b| char::from(b)).collect())
        }
        "cp1252" | "windows-1252" | "iso-8859-15" | "latin9" => {
            Some(bytes.iter().map(|&b| cp1252(b)).collect())
        }
        _ => None,
    }
}

/// One CP1252 byte as a char (the 0x80–0x9F block differs from Latin-1).
fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    if (0x80..0xA0).contains(&b) {
        HIGH[usize::from(b - 0x80)]
    } else {
        char::from(b)
    }
}

/// The first seven characters of a hash.
fn short(id: &str) -> &str {
    id.get(..7).unwrap_or(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(unsafe_code)]
    fn opening_a_repository_bounds_the_pack_windows_libgit2_keeps_mapped() {
        let dir = tempfile::tempdir().unwrap();
        git2::Repository::init(dir.path()).unwrap();
        Repo::discover(dir.path()).unwrap().unwrap();
        // SAFETY: reads two libgit2 globals, which only `bound_pack_windows` writes.
        let (size, limit) = unsafe {
            (
                git2::opts::get_mwindow_size().unwrap(),
                git2::opts::get_mwindow_mapped_limit().unwrap(),
            )
        };
        assert_eq!((size, limit), (PACK_WINDOW, PACK_MAPPED_LIMIT));
    }

    #[test]
    fn packed_refs_give_each_tag_its_object_and_peeled_target() {
        let dir = tempfile::tempdir().unwrap();
        let a = "1111111111111111111111111111111111111111";
        let b = "2222222222222222222222222222222222222222";
        let c = "3333333333333333333333333333333333333333";
        std::fs::write(
            dir.path().join("packed-refs"),
            format!("# pack-refs with: peeled fully-peeled sorted \n{a} refs/heads/main\n{a} refs/tags/v1.0.0\n{b} refs/tags/v1.1.0\n^{c}\n"),
        )
        .unwrap();
        let tags = packed_tags(dir.path()).unwrap();
        let oid = |s: &str| git2::Oid::from_str(s).unwrap();
        assert_eq!(tags.len(), 2);
        assert_eq!(tags["refs/tags/v1.0.0"], (oid(a), None));
        assert_eq!(tags["refs/tags/v1.1.0"], (oid(b), Some(oid(c))));
        // Without the peeled trait a missing `^` line says nothing: not used.
        std::fs::write(
            dir.path().join("packed-refs"),
            format!("{a} refs/tags/v1.0.0\n"),
        )
        .unwrap();
        assert!(packed_tags(dir.path()).is_none());
    }

    #[test]
    fn index_reader_agrees_with_libgit2_for_every_index_version() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| {
            let status = std::process::Command::new("git")
                .args(args)
                .current_dir(dir.path())
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .status()
                .unwrap();
            assert!(status.success(), "git {args:?}");
        };
        git(&["init", "-q"]);
        for (i, name) in [
            "a.md",
            "docs/deep/er/b.md",
            "docs/deep/c.md",
            "é ü.md",
            "z/long-name-".repeat(3).as_str(),
        ]
        .iter()
        .enumerate()
        {
            let path = dir.path().join(format!("{name}{i}.md"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        git(&["add", "-A"]);
        // An intent-to-add entry carries the extended flags of index version 3.
        std::fs::write(dir.path().join("new.md"), "x").unwrap();
        git(&["add", "-N", "new.md"]);
        let repo = git2::Repository::open(dir.path()).unwrap();
        let expected: Vec<String> = repo
            .index()
            .unwrap()
            .iter()
            .map(|e| String::from_utf8(e.path).unwrap())
            .collect();
        assert_eq!(expected.len(), 6);
        for version in ["2", "3", "4"] {
            git(&["update-index", "--index-version", version]);
            let staged = worktree::read(&dir.path().join(".git/index"))
                .unwrap()
                .entries;
            let got: Vec<String> = staged.iter().map(|e| e.path.clone()).collect();
            assert_eq!(got, expected, "index version {version}");
            // The ids and modes are libgit2's too.
            let index = git2::Repository::open(dir.path()).unwrap().index().unwrap();
            for (entry, theirs) in staged.iter().zip(index.iter()) {
                assert_eq!(entry.id, theirs.id.as_bytes(), "{} {version}", entry.path);
                assert_eq!(entry.mode, theirs.mode, "{} {version}", entry.path);
            }
        }
        assert_eq!(worktree::parse(b"DIRC\0\0\0\x09\0\0\0\0"), None);
        assert_eq!(worktree::parse(b"garbage"), None);
    }

    #[test]
    fn declared_encodings_decode() {
        assert_eq!(
            decode_declared(Some("ISO-8859-1"), b"caf\xe9").as_deref(),
            Some("café")
        );
        assert_eq!(
            decode_declared(Some("windows-1252"), b"\x93q\x94").as_deref(),
            Some("“q”")
        );
        assert_eq!(decode_declared(Some("Shift_JIS"), b"x"), None);
        assert_eq!(decode_declared(None, b"x"), None);
    }

    #[test]
    fn default_prefix_accepts_v_and_bare() {
        let p = TagPrefix::Default;
        assert_eq!(p.parse("v1.2.3"), Some(Version::new(1, 2, 3)));
        assert_eq!(p.parse("1.2.3"), Some(Version::new(1, 2, 3)));
        // Two numbers: the x.y.0 release of a project that tags them so.
        assert_eq!(p.parse("v1.2"), Some(Version::new(1, 2, 0)));
        assert_eq!(p.parse("4.0"), Some(Version::new(4, 0, 0)));
        assert!(p.is_short("v4.1") && !p.is_short("v4.1.0"));
        for not in [
            "v1",
            "v1.02",
            "v1.2.",
            "v.2",
            "v1.+2",
            "v1.2-rc.1",
            "release-1",
        ] {
            assert_eq!(p.parse(not), None, "{not}");
        }
        assert_eq!(p.parse("vv1.2.3"), None);
        assert_eq!(p.format(&Version::new(1, 0, 0)), "v1.0.0");
    }

    #[test]
    fn exact_prefix_accepts_only_itself() {
        let p = TagPrefix::Exact("relman-v".into());
        assert_eq!(p.parse("relman-v0.3.0"), Some(Version::new(0, 3, 0)));
        assert_eq!(p.parse("v0.3.0"), None);
        assert_eq!(p.format(&Version::new(0, 3, 0)), "relman-v0.3.0");
    }
}

#[cfg(all(test, unix))]
mod status_tests {
    use super::*;
    use std::collections::BTreeMap;

    fn git(dir: &Path, args: &[&str]) {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=T", "-c", "user.email=t@example.com"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
    }

    /// libgit2's answer, as `workdir_changes` asked it before it read the index itself:
    /// each path as new or changed.
    fn libgit2(dir: &Path) -> BTreeMap<String, bool> {
        let repo = git2::Repository::open(dir).unwrap();
        libgit2_workdir_changes(&repo)
            .into_iter()
            .map(|(path, status)| (path, status == git2::Status::WT_NEW))
            .collect()
    }

    fn ours(dir: &Path) -> BTreeMap<String, bool> {
        let repo = Repo::discover(dir).unwrap().unwrap();
        repo.read_workdir_changes()
            .expect("the index is one the reader reads")
            .into_iter()
            .map(|(path, status)| (path, status == git2::Status::WT_NEW))
            .collect()
    }

    /// A random tree committed, then random changes staged (added, removed, made
    /// executable, a file turned into a folder and back, a folder removed), some folders'
    /// trees written again (`git write-tree` refills the cache tree, a later `git add`
    /// invalidates the folders above its file): comparing HEAD's tree with the index folder
    /// by folder gives libgit2's paths.
    #[test]
    fn the_index_compared_with_a_tree_agrees_with_libgit2() {
        let mut compared = 0;
        for seed in 1..=16u64 {
            let mut next = random(seed);
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path();
            git(dir, &["init", "-q"]);
            let folders = ["", "a", "a/b", "a/b/c", "d", "d/e"];
            for i in 0..16 {
                let folder = folders[next(folders.len())];
                let path = format!("{folder}/f{i}.md")
                    .trim_start_matches('/')
                    .to_string();
                std::fs::create_dir_all(dir.join(&path).parent().unwrap()).unwrap();
                std::fs::write(dir.join(&path), format!("file {i}\n")).unwrap();
            }
            git(dir, &["add", "-A"]);
            git(dir, &["commit", "-q", "-m", "one"]);
            for step in 0..6 {
                let folder = folders[next(folders.len())];
                let path = format!("{folder}/g{step}.md")
                    .trim_start_matches('/')
                    .to_string();
                match next(7) {
                    0 | 1 => {
                        std::fs::create_dir_all(dir.join(&path).parent().unwrap()).unwrap();
                        std::fs::write(dir.join(&path), format!("new {step}\n")).unwrap();
                        git(dir, &["add", &path]);
                    }
                    2 => {
                        let tracked = tracked(dir);
                        let victim = &tracked[next(tracked.len())];
                        git(dir, &["rm", "-q", "--cached", victim]);
                    }
                    3 => {
                        let tracked = tracked(dir);
                        let victim = &tracked[next(tracked.len())];
                        git(dir, &["update-index", "--chmod=+x", victim]);
                    }
                    4 => {
                        // A file where a folder was, in the index only.
                        if !folder.is_empty() {
                            git(
                                dir,
                                &["rm", "-q", "-r", "--cached", "--ignore-unmatch", folder],
                            );
                            std::fs::write(dir.join("x.tmp"), "a file\n").unwrap();
                            let id = std::process::Command::new("git")
                                .args(["hash-object", "-w", "x.tmp"])
                                .current_dir(dir)
                                .output()
                                .unwrap();
                            let id = String::from_utf8(id.stdout).unwrap();
                            let info = format!("100644,{},{folder}", id.trim());
                            git(dir, &["update-index", "--add", "--cacheinfo", &info]);
                        }
                    }
                    5 => git(dir, &["write-tree"]),
                    _ => {
                        let tracked = tracked(dir);
                        let victim = tracked[next(tracked.len())].clone();
                        std::fs::write(dir.join(&victim), format!("changed {step}\n")).unwrap();
                        git(dir, &["add", &victim]);
                    }
                }
            }
            let repo = Repo::discover(dir).unwrap().unwrap();
            let index = repo.index_file().expect("an index the reader reads");
            let head = repo.repo.head().unwrap().peel_to_tree().unwrap();
            let root = head.id().as_bytes().try_into().unwrap();
            let ours = worktree::tree_changes(&index, root, &|id| repo.tree_listing(id)).unwrap();
            let git_index = repo.repo.index().unwrap();
            let diff = repo
                .repo
                .diff_tree_to_index(Some(&head), Some(&git_index), None)
                .unwrap();
            let mut theirs: Vec<String> = diff
                .deltas()
                .flat_map(|d| [d.old_file().path(), d.new_file().path()])
                .flatten()
                .map(|p| p.to_str().unwrap().to_string())
                .collect();
            theirs.sort();
            theirs.dedup();
            assert_eq!(ours, theirs, "seed {seed}");
            compared += usize::from(!index.trees.is_empty() && index.tree.is_none());
        }
        // Most seeds leave the root invalid with some folders' trees known.
        assert!(compared >= 8, "{compared}");
    }

    /// A xorshift generator from `seed`: `next(n)` is below `n`.
    fn random(seed: u64) -> impl FnMut(usize) -> usize {
        let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap()
        }
    }

    fn tracked(dir: &Path) -> Vec<String> {
        let out = std::process::Command::new("git")
            .args(["ls-files"])
            .current_dir(dir)
            .output()
            .unwrap();
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// A random tree, committed with old modification times (so that the index is not
    /// racy), then random changes of every kind `git status` sees: the index reader and
    /// the walk must say what libgit2 says.
    #[test]
    fn the_work_tree_compared_with_the_index_agrees_with_libgit2() {
        for seed in 1..=24u64 {
            let mut next = random(seed);
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path();
            git(dir, &["init", "-q"]);
            let folders = ["", "a", "a/b", "c", "c/d/e"];
            let mut files = Vec::new();
            for i in 0..12 {
                let folder = folders[next(folders.len())];
                let path = if folder.is_empty() {
                    format!("f{i}.md")
                } else {
                    format!("{folder}/f{i}.md")
                };
                std::fs::create_dir_all(dir.join(&path).parent().unwrap()).unwrap();
                std::fs::write(dir.join(&path), format!("file {i}\n")).unwrap();
                files.push(path);
            }
            std::fs::write(dir.join(".gitignore"), "*.log\nbuild/\n").unwrap();
            git(dir, &["add", "-A"]);
            git(dir, &["commit", "-q", "-m", "one"]);
            // Old times, then a fresh index: no entry is racily clean.
            for path in &files {
                let file = std::fs::File::options()
                    .write(true)
                    .open(dir.join(path))
                    .unwrap();
                file.set_modified(
                    std::time::SystemTime::UNIX_EPOCH
                        + std::time::Duration::from_secs(1_600_000_000),
                )
                .unwrap();
            }
            git(dir, &["update-index", "--really-refresh"]);
            assert_eq!(ours(dir), libgit2(dir), "seed {seed}: a clean tree");
            for _ in 0..4 {
                let path = files[next(files.len())].clone();
                let full = dir.join(&path);
                if !full.is_file() || full.is_symlink() {
                    continue;
                }
                match next(9) {
                    // Same size, other bytes.
                    0 => std::fs::write(
                        &full,
                        std::fs::read_to_string(&full).unwrap().to_uppercase(),
                    )
                    .unwrap(),
                    1 => std::fs::write(&full, "longer content\n").unwrap(),
                    2 => std::fs::remove_file(&full).unwrap(),
                    // Touched, not changed.
                    3 => std::fs::File::options()
                        .write(true)
                        .open(&full)
                        .unwrap()
                        .set_modified(std::time::SystemTime::now())
                        .unwrap(),
                    4 => {
                        use std::os::unix::fs::PermissionsExt;
                        std::fs::set_permissions(&full, std::fs::Permissions::from_mode(0o755))
                            .unwrap();
                    }
                    5 => {
                        std::fs::remove_file(&full).unwrap();
                        std::os::unix::fs::symlink("elsewhere.md", &full).unwrap();
                    }
                    6 => {
                        std::fs::create_dir_all(dir.join("new/deep")).unwrap();
                        std::fs::write(dir.join("new/deep/n.md"), "n").unwrap();
                        std::fs::write(dir.join("new/x.log"), "ignored").unwrap();
                        std::fs::write(dir.join("top.md"), "untracked").unwrap();
                    }
                    7 => {
                        std::fs::create_dir_all(dir.join("build/out")).unwrap();
                        std::fs::write(dir.join("build/out/page.md"), "ignored").unwrap();
                        std::fs::write(dir.join(format!("{path}.log")), "ignored").unwrap();
                    }
                    _ => {
                        // Staged, then changed again.
                        std::fs::write(&full, "staged\n").unwrap();
                        git(dir, &["add", &path]);
                        std::fs::write(&full, "changed after staging\n").unwrap();
                    }
                }
            }
            assert_eq!(ours(dir), libgit2(dir), "seed {seed}");
        }
    }

    #[test]
    fn a_symbolic_link_where_a_tracked_folder_was_is_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q"]);
        for path in [
            "docs/guide/a.md",
            "docs/b.md",
            "other/guide/a.md",
            "other/b.md",
        ] {
            std::fs::create_dir_all(dir.join(path).parent().unwrap()).unwrap();
            std::fs::write(dir.join(path), "same\n").unwrap();
        }
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "one"]);
        // docs/ now points at other/, which holds the same names and bytes.
        std::fs::rename(dir.join("docs"), dir.join("gone")).unwrap();
        std::os::unix::fs::symlink("other", dir.join("docs")).unwrap();
        let found = ours(dir);
        assert_eq!(found, libgit2(dir));
        assert_eq!(found.get("docs/guide/a.md"), Some(&false), "{found:?}");
        assert_eq!(found.get("docs"), Some(&true), "{found:?}");
    }

    #[test]
    fn a_tracked_file_that_became_a_folder_is_gone_and_its_files_are_new() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q"]);
        std::fs::create_dir_all(dir.join("a")).unwrap();
        std::fs::write(dir.join("a/b.md"), "b\n").unwrap();
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "one"]);
        std::fs::remove_file(dir.join("a/b.md")).unwrap();
        std::fs::create_dir_all(dir.join("a/b.md")).unwrap();
        std::fs::write(dir.join("a/b.md/new.md"), "n\n").unwrap();
        let found = ours(dir);
        assert_eq!(found, libgit2(dir));
        assert_eq!(found.get("a/b.md/new.md"), Some(&true), "{found:?}");
    }

    #[test]
    fn a_fifo_where_a_file_was_is_never_opened() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q"]);
        std::fs::write(dir.join("empty.md"), "").unwrap();
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "one"]);
        std::fs::remove_file(dir.join("empty.md")).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("empty.md"))
            .status()
            .unwrap();
        assert!(made.success());
        // Same size as recorded (0), other times: reading it would block for ever.
        let found = ours(dir);
        assert_eq!(found.get("empty.md"), Some(&false), "{found:?}");
    }

    #[test]
    fn a_repository_inside_is_one_untracked_entry() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q"]);
        std::fs::write(dir.join("a.md"), "a\n").unwrap();
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "one"]);
        std::fs::create_dir_all(dir.join("vendor/lib")).unwrap();
        git(&dir.join("vendor/lib"), &["init", "-q"]);
        std::fs::write(dir.join("vendor/lib/x.md"), "x\n").unwrap();
        let found = ours(dir);
        assert_eq!(found, libgit2(dir));
        assert_eq!(found.get("vendor/lib/"), Some(&true), "{found:?}");
    }

    #[test]
    fn intent_to_add_and_assume_unchanged_are_read_as_git_reads_them() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        git(dir, &["init", "-q"]);
        std::fs::write(dir.join("a.md"), "a\n").unwrap();
        std::fs::write(dir.join("b.md"), "b\n").unwrap();
        git(dir, &["add", "-A"]);
        git(dir, &["commit", "-q", "-m", "one"]);
        std::fs::write(dir.join("new.md"), "n\n").unwrap();
        git(dir, &["add", "-N", "new.md"]);
        git(dir, &["update-index", "--assume-unchanged", "b.md"]);
        std::fs::write(dir.join("b.md"), "changed\n").unwrap();
        // An executable bit set: a change of mode, the bytes the same.
        std::fs::set_permissions(
            dir.join("a.md"),
            <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755),
        )
        .unwrap();
        assert_eq!(ours(dir), libgit2(dir));
        assert!(ours(dir).contains_key("new.md"));
        assert_eq!(ours(dir).get("a.md"), Some(&false));
        assert!(!ours(dir).contains_key("b.md"));
    }
}

#[cfg(test)]
mod reach_tests {
    use super::*;
    use std::collections::HashSet;

    /// A deterministic history of branches and merges with release tags on it, some of
    /// the same precedence (`1.2.0` and `v1.2.0`) and some pre-releases.
    fn random_history(dir: &Path, seed: u64, commits: usize) -> Vec<git2::Oid> {
        let mut state = seed;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap()
        };
        let repo = git2::Repository::init(dir).unwrap();
        let tree = {
            let mut index = repo.index().unwrap();
            repo.find_tree(index.write_tree().unwrap()).unwrap()
        };
        let mut ids: Vec<git2::Oid> = Vec::new();
        for i in 0..commits {
            let when = git2::Time::new(1_700_000_000 + i64::try_from(i).unwrap() * 60, 0);
            let sig = git2::Signature::new("A", "a@example.com", &when).unwrap();
            let parents: Vec<git2::Commit> = match (ids.len(), next(4)) {
                (0, _) => Vec::new(),
                // A merge of two earlier commits.
                (n, 0) if n > 2 => {
                    let a = ids[n - 1 - next(n.min(6))];
                    let b = ids[next(n)];
                    let mut ps = vec![repo.find_commit(a).unwrap()];
                    if a != b {
                        ps.push(repo.find_commit(b).unwrap());
                    }
                    ps
                }
                // A branch off an earlier commit.
                (n, 1) => vec![repo.find_commit(ids[next(n)]).unwrap()],
                (n, _) => vec![repo.find_commit(ids[n - 1]).unwrap()],
            };
            let refs: Vec<&git2::Commit> = parents.iter().collect();
            let id = repo
                .commit(None, &sig, &sig, &format!("fix: {i}"), &tree, &refs)
                .unwrap();
            ids.push(id);
            if next(5) < 2 {
                let object = repo.find_object(id, None).unwrap();
                let version = format!("{}.{}.{}", next(3), next(4), next(3));
                let name = match next(6) {
                    0 => version.clone(),
                    1 => format!("v{version}-rc.{}", next(2)),
                    _ => format!("v{version}"),
                };
                // An existing name is skipped: the tag stays where it was.
                let _ = repo.tag_lightweight(&name, &object, false);
            }
        }
        repo.set_head_detached(ids[commits - 1]).unwrap();
        ids
    }

    /// The ancestors of `head` (itself included), from its parents alone.
    fn ancestors(repo: &git2::Repository, head: git2::Oid) -> HashSet<git2::Oid> {
        let mut seen = HashSet::from([head]);
        let mut stack = vec![head];
        while let Some(id) = stack.pop() {
            for parent in repo.find_commit(id).unwrap().parent_ids() {
                if seen.insert(parent) {
                    stack.push(parent);
                }
            }
        }
        seen
    }

    /// `latest_tag` as its contract says, from full ancestor sets.
    fn expected(
        repo: &git2::Repository,
        tags: &[Tag],
        head: git2::Oid,
        stable: bool,
    ) -> Option<String> {
        let below = ancestors(repo, head);
        let reaches = |t: &Tag| below.contains(&oid(&t.commit).unwrap());
        let top = tags
            .iter()
            .find(|t| (!stable || t.version.pre.is_empty()) && reaches(t))?;
        let mut best = top;
        for other in tags
            .iter()
            .filter(|t| t.version.cmp_precedence(&top.version).is_eq() && t.commit != best.commit)
        {
            if reaches(other)
                && ancestors(repo, oid(&other.commit).unwrap())
                    .contains(&oid(&best.commit).unwrap())
            {
                best = other;
            }
        }
        Some(best.name.clone())
    }

    #[test]
    fn latest_tag_agrees_with_full_ancestry_from_every_commit() {
        for seed in [7, 99, 2024] {
            let dir = tempfile::tempdir().unwrap();
            let ids = random_history(dir.path(), seed, 70);
            let plain = git2::Repository::open(dir.path()).unwrap();
            // One reader for every question, as a command asks them: what it learns of
            // one head must not leak into the answers for another.
            let repo = Repo::discover(dir.path()).unwrap().unwrap();
            let tags = repo.release_tags(&TagPrefix::Default).unwrap();
            assert!(tags.len() > 10, "seed {seed}: {} tags", tags.len());
            let mut missed = 0;
            for (i, head) in ids.iter().enumerate().rev() {
                for stable in [false, true] {
                    let got = repo
                        .latest_tag(&tags, &head.to_string(), stable)
                        .unwrap()
                        .map(|t| t.name);
                    assert_eq!(
                        got,
                        expected(&plain, &tags, *head, stable),
                        "seed {seed}, commit {i}, stable {stable}"
                    );
                }
                missed += usize::from(repo.reach.borrow().tagged.contains_key(head));
            }
            // The walk, not only the probes, answered some of them.
            assert!(missed > 0, "seed {seed}: no head needed the walk");
        }
    }
}
