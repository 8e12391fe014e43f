//! Which packages a commit belongs to: those whose folder it changes. Pure: the trees are
//! read through [`Trees`], which `git.rs` implements over the object database.
//!
//! A changed path belongs to the package with the deepest folder that holds it (a package
//! nested in another owns its own folder), unless a path excluded from that package holds it
//! more deeply still. The comparison starts at the two root trees and goes down only where
//! the two sides differ and a package folder or an exclusion lies below: an unchanged
//! subtree is skipped by its id, and a changed subtree under a single owner is that owner's
//! without being read.

use std::collections::BTreeMap;
use std::rc::Rc;

/// A tree entry: its name, its object id and whether it is a tree (a folder).
pub(crate) type Entry<Id> = (Vec<u8>, Id, bool);

/// Read access to trees.
pub(crate) trait Trees {
    type Id: Copy + Eq;
    /// The entries of tree `id`, sorted by name.
    fn entries(&self, id: Self::Id) -> anyhow::Result<Rc<Vec<Entry<Self::Id>>>>;
}

/// Who owns a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// Whoever owns the folder above.
    Inherit,
    Package(usize),
    /// Nobody (an excluded folder, or a shared one outside every package).
    Nobody,
}

/// Package folders and exclusions as a tree of path segments.
#[derive(Debug)]
pub(crate) struct Owners {
    owner: Owner,
    children: BTreeMap<Vec<u8>, Owners>,
}

impl Default for Owners {
    fn default() -> Self {
        Owners {
            owner: Owner::Nobody,
            children: BTreeMap::new(),
        }
    }
}

impl Owners {
    /// Nobody owns anything yet.
    pub(crate) fn new() -> Owners {
        Owners::default()
    }

    fn node(&mut self, folder: &str) -> &mut Owners {
        let mut node = self;
        for segment in folder.split('/').filter(|s| !s.is_empty() && *s != ".") {
            node = node
                .children
                .entry(segment.as_bytes().to_vec())
                .or_insert_with(|| Owners {
                    owner: Owner::Inherit,
                    children: BTreeMap::new(),
                });
        }
        node
    }

    /// Package `index` owns `folder` (root-relative, `""` for the root).
    pub(crate) fn package(&mut self, folder: &str, index: usize) {
        self.node(folder).owner = Owner::Package(index);
    }

    /// Nobody owns `folder`: its changes belong to no package.
    pub(crate) fn exclude(&mut self, folder: &str) {
        self.node(folder).owner = Owner::Nobody;
    }

    /// The package that owns `path` (root-relative), if any.
    #[cfg(test)]
    pub(crate) fn owner_of(&self, path: &str) -> Option<usize> {
        let mut node = self;
        let mut owner = self.owner;
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            match node.children.get(segment.as_bytes()) {
                Some(child) => {
                    node = child;
                    if child.owner != Owner::Inherit {
                        owner = child.owner;
                    }
                }
                None => break,
            }
        }
        match owner {
            Owner::Package(i) => Some(i),
            _ => None,
        }
    }

    /// Mark in `touched` every package that owns a path that differs between the trees
    /// `old` (None: the empty tree, for a root commit) and `new`.
    pub(crate) fn changed<T: Trees>(
        &self,
        trees: &T,
        old: Option<T::Id>,
        new: Option<T::Id>,
        touched: &mut [bool],
    ) -> anyhow::Result<()> {
        self.walk(trees, old, new, true, true, self.owner, touched)
    }

    #[allow(clippy::too_many_arguments, clippy::many_single_char_names)]
    fn walk<T: Trees>(
        &self,
        trees: &T,
        old: Option<T::Id>,
        new: Option<T::Id>,
        old_is_tree: bool,
        new_is_tree: bool,
        inherited: Owner,
        touched: &mut [bool],
    ) -> anyhow::Result<()> {
        if old == new && old_is_tree == new_is_tree {
            return Ok(());
        }
        let owner = if self.owner == Owner::Inherit {
            inherited
        } else {
            self.owner
        };
        let mark = |owner: Owner, touched: &mut [bool]| {
            if let Owner::Package(i) = owner {
                if let Some(t) = touched.get_mut(i) {
                    *t = true;
                }
            }
        };
        // Nothing below is owned differently (or one side is a file, not a folder): the
        // change is this owner's, without reading further.
        if self.children.is_empty() || !(old_is_tree || new_is_tree) {
            mark(owner, touched);
            return Ok(());
        }
        let list = |id: Option<T::Id>, is_tree: bool| -> anyhow::Result<Rc<Vec<Entry<T::Id>>>> {
            match id {
                Some(id) if is_tree => trees.entries(id),
                _ => Ok(Rc::new(Vec::new())),
            }
        };
        // A folder replaced by a file (or the reverse): the file side is this owner's change.
        if !(old_is_tree && new_is_tree) && (old.is_some() && new.is_some()) {
            mark(owner, touched);
        }
        let a = list(old, old_is_tree)?;
        let b = list(new, new_is_tree)?;
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            let order = match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) => x.0.cmp(&y.0),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (name, left, right) = match order {
                std::cmp::Ordering::Less => {
                    i += 1;
                    (&a[i - 1].0, Some((a[i - 1].1, a[i - 1].2)), None)
                }
                std::cmp::Ordering::Greater => {
                    j += 1;
                    (&b[j - 1].0, None, Some((b[j - 1].1, b[j - 1].2)))
                }
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    (
                        &a[i - 1].0,
                        Some((a[i - 1].1, a[i - 1].2)),
                        Some((b[j - 1].1, b[j - 1].2)),
                    )
                }
            };
            if left.map(|l| l.0) == right.map(|r| r.0) && left.map(|l| l.1) == right.map(|r| r.1) {
                continue;
            }
            match self.children.get(name) {
                Some(child) => child.walk(
                    trees,
                    left.map(|l| l.0),
                    right.map(|r| r.0),
                    left.is_some_and(|l| l.1),
                    right.is_some_and(|r| r.1),
                    owner,
                    touched,
                )?,
                None => mark(owner, touched),
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Trees in memory: id → entries. Files are ids that no tree has.
    struct Fake(HashMap<u32, Vec<Entry<u32>>>);

    impl Trees for Fake {
        type Id = u32;
        fn entries(&self, id: u32) -> anyhow::Result<Rc<Vec<Entry<u32>>>> {
            let mut e = self.0.get(&id).cloned().unwrap_or_default();
            e.sort();
            Ok(Rc::new(e))
        }
    }

    /// Build trees from `path → content id` maps; returns the root tree's id.
    fn build(fake: &mut Fake, files: &[(&str, u32)], next: &mut u32) -> u32 {
        fn dir(fake: &mut Fake, files: &[(Vec<&str>, u32)], next: &mut u32) -> u32 {
            let mut groups: BTreeMap<&str, Vec<(Vec<&str>, u32)>> = BTreeMap::new();
            let mut entries = Vec::new();
            for (segments, id) in files {
                if segments.len() == 1 {
                    entries.push((segments[0].as_bytes().to_vec(), *id, false));
                } else {
                    groups
                        .entry(segments[0])
                        .or_default()
                        .push((segments[1..].to_vec(), *id));
                }
            }
            for (name, inner) in groups {
                let id = dir(fake, &inner, next);
                entries.push((name.as_bytes().to_vec(), id, true));
            }
            // A tree's id is its content: the same entries give the same id.
            if let Some((&id, _)) = fake.0.iter().find(|(_, e)| {
                let mut e = (*e).clone();
                let mut f = entries.clone();
                e.sort();
                f.sort();
                e == f
            }) {
                return id;
            }
            *next += 1;
            fake.0.insert(*next, entries);
            *next
        }
        let split: Vec<(Vec<&str>, u32)> = files
            .iter()
            .map(|(p, id)| (p.split('/').collect(), *id))
            .collect();
        dir(fake, &split, next)
    }

    fn owners() -> Owners {
        let mut o = Owners::new();
        o.package("", 0);
        o.package("crates/api", 1);
        o.package("crates/core", 2);
        o.exclude("crates/api/benches");
        o
    }

    fn touched(before: &[(&str, u32)], after: &[(&str, u32)]) -> Vec<usize> {
        let mut fake = Fake(HashMap::new());
        let mut next = 1000;
        let old = build(&mut fake, before, &mut next);
        let new = build(&mut fake, after, &mut next);
        let mut t = vec![false; 3];
        owners()
            .changed(&fake, Some(old), Some(new), &mut t)
            .unwrap();
        t.iter()
            .enumerate()
            .filter(|(_, t)| **t)
            .map(|(i, _)| i)
            .collect()
    }

    const BASE: &[(&str, u32)] = &[
        ("Cargo.toml", 1),
        ("src/main.rs", 2),
        ("crates/api/src/lib.rs", 3),
        ("crates/api/benches/b.rs", 4),
        ("crates/core/src/lib.rs", 5),
        ("crates/README.md", 6),
    ];

    fn with(changes: &[(&str, u32)]) -> Vec<(&'static str, u32)> {
        let mut files: Vec<(&str, u32)> = BASE.to_vec();
        for (path, id) in changes {
            let path: &'static str = Box::leak(path.to_string().into_boxed_str());
            match files.iter_mut().find(|(p, _)| *p == path) {
                Some(entry) => entry.1 = *id,
                None => files.push((path, *id)),
            }
        }
        files
    }

    #[test]
    fn a_change_belongs_to_the_deepest_package_folder_that_holds_it() {
        assert_eq!(touched(BASE, &with(&[("crates/api/src/lib.rs", 9)])), [1]);
        assert_eq!(touched(BASE, &with(&[("crates/core/src/lib.rs", 9)])), [2]);
        assert_eq!(touched(BASE, &with(&[("src/main.rs", 9)])), [0]);
        // Under `crates/` but in no member: the root package's.
        assert_eq!(touched(BASE, &with(&[("crates/README.md", 9)])), [0]);
        assert_eq!(
            touched(
                BASE,
                &with(&[("crates/api/src/lib.rs", 9), ("crates/core/new.rs", 8)])
            ),
            [1, 2]
        );
        assert!(touched(BASE, BASE).is_empty());
    }

    #[test]
    fn an_excluded_folder_belongs_to_nobody() {
        assert!(touched(BASE, &with(&[("crates/api/benches/b.rs", 9)])).is_empty());
        assert_eq!(
            touched(
                BASE,
                &with(&[("crates/api/benches/c.rs", 9), ("crates/api/x", 1)])
            ),
            [1]
        );
    }

    #[test]
    fn added_and_removed_packages_and_a_root_commit_count() {
        let fewer: Vec<(&str, u32)> = BASE
            .iter()
            .filter(|(p, _)| !p.starts_with("crates/core"))
            .copied()
            .collect();
        assert_eq!(touched(BASE, &fewer), [2]);
        assert_eq!(touched(&fewer, BASE), [2]);
        let mut fake = Fake(HashMap::new());
        let mut next = 1000;
        let new = build(&mut fake, BASE, &mut next);
        let mut t = vec![false; 3];
        owners().changed(&fake, None, Some(new), &mut t).unwrap();
        assert_eq!(t, [true, true, true]);
    }

    #[test]
    fn without_a_root_package_shared_files_belong_to_nobody() {
        let mut o = Owners::new();
        o.package("crates/api", 0);
        assert_eq!(o.owner_of("Cargo.lock"), None);
        assert_eq!(o.owner_of("crates/api/src/lib.rs"), Some(0));
        assert_eq!(o.owner_of("crates/apix/lib.rs"), None);
        let mut fake = Fake(HashMap::new());
        let mut next = 1000;
        let old = build(&mut fake, BASE, &mut next);
        let new = build(&mut fake, &with(&[("Cargo.toml", 7)]), &mut next);
        let mut t = vec![false; 1];
        o.changed(&fake, Some(old), Some(new), &mut t).unwrap();
        assert_eq!(t, [false]);
    }

    #[test]
    fn a_folder_replaced_by_a_file_is_a_change_of_its_owner() {
        let before: &[(&str, u32)] = &[("crates/api/src/lib.rs", 3), ("x", 1)];
        let after: &[(&str, u32)] = &[("crates/api", 3), ("x", 1)];
        assert_eq!(touched(before, after), [1]);
    }
}
