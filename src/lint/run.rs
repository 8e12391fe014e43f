//! Running the lint: choose the files, build the context, lint every file on every core
//! (each parsed once), run the rules' cross-file steps (`Rule::finish`) over every
//! document's results, apply suppressions and severities, and sort. The runner reads the
//! repository, for the rules' cross-file steps too (`Repository`); the rules it calls do not,
//! and it knows none of them by its id. A rule that panics fails the run with an error that
//! names it and the file. `--fix` applies the safe fixes and lints again.

use std::any::Any;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use anyhow::{anyhow, bail, Result};

use super::files::{walk, walk_tree};
use super::{
    panic_text, Anchors, Context, Document, Documents, FileSet, Finished, Fix, History, Output,
    PackageFacts, Place, Placed, Repository, Rule, RuleOptions, Severity, Suppressions, Unreadable,
    RULES,
};
use crate::formats::FORMATS;
use crate::fsutil;
use crate::settings::RuleLevel;
use crate::workspace::{Source, VersionFile, Workspace};

/// One problem, ready to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Diagnostic {
    pub(crate) rule: String,
    pub(crate) severity: Severity,
    /// Root-relative, `/`-separated.
    pub(crate) path: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
    /// The text of the line, for the human report and fingerprints.
    pub(crate) source_line: String,
    pub(crate) fixable: bool,
    /// What identifies the finding across runs whatever lines move (see
    /// `baseline::assign_fingerprints`); empty until the run is complete.
    pub(crate) fingerprint: String,
}

/// What a lint run found.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) files_checked: usize,
    /// The files linted (root-relative, sorted).
    pub(crate) checked: Vec<String>,
    /// Files changed by `--fix`, with the number of fixes in each.
    pub(crate) fixed: Vec<(String, usize)>,
    /// Remarks for stderr (e.g. a check that could not run).
    pub(crate) notes: Vec<String>,
    /// How each documentation site was read (for `--verbose`).
    pub(crate) sites: Vec<String>,
    /// With `--changed-since`: what was chosen, and why, in a line.
    pub(crate) changed: Option<String>,
    /// The Markdown files left out as data (test fixtures, dependencies), in a line.
    pub(crate) left_out: Option<String>,
}

impl Report {
    pub(crate) fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Request {
    /// Files and folders, relative to `cwd` (empty: the configured paths, or every Markdown file).
    pub(crate) paths: Vec<PathBuf>,
    pub(crate) cwd: PathBuf,
    /// Only these rules (empty: every enabled rule).
    pub(crate) rules: Vec<String>,
    pub(crate) fix: bool,
    /// The versions the files will hold, by package folder (`""` for the repository's
    /// root): `relman release` lints the cut before making it. Then the version files are
    /// not compared, since the cut writes them all.
    pub(crate) planned: Vec<(String, semver::Version)>,
    /// Lint only what a change since this revision can affect (`--changed-since`).
    pub(crate) changed_since: Option<String>,
}

/// A file's results before the cross-file steps.
#[derive(Default)]
struct FileResult {
    diagnostics: Vec<(Diagnostic, Option<Fix>)>,
    /// What each rule that runs kept of it, in the order of `Enabled::rules` (none when the
    /// file could not be read).
    kept: Vec<Option<Box<dyn Any + Send>>>,
    suppressions: Suppressions,
}

/// The rules that run, with the level each runs at (None: the rule's own severities).
struct Enabled<'r> {
    rules: Vec<(&'r dyn Rule, Option<Severity>)>,
}

impl Enabled<'_> {
    /// The level configured for a rule that runs, if one is.
    fn forced(&self, id: &str) -> Option<Severity> {
        self.rules
            .iter()
            .find(|(r, _)| r.id() == id)
            .and_then(|(_, l)| *l)
    }

    /// The severity of a finding of `rule` that has `own` (None: the rule's).
    fn severity(&self, rule: &dyn Rule, own: Option<Severity>) -> Severity {
        match self.forced(rule.id()) {
            Some(Severity::Warning) => Severity::Warning,
            _ => own.unwrap_or(rule.default_severity()),
        }
    }

    /// For `Context::rules`.
    fn ids(&self) -> Vec<(&'static str, Option<Severity>)> {
        self.rules.iter().map(|(r, l)| (r.id(), *l)).collect()
    }
}

/// Lint what `request` asks for in `project`.
pub(crate) fn lint(project: &Workspace, request: &Request) -> Result<Report> {
    let (mut report, pending) = lint_once(project, request)?;
    if request.fix {
        let fixed = apply_fixes(project, pending)?;
        if !fixed.is_empty() {
            report = lint_once(project, request)?.0;
        }
        report.fixed = fixed;
    }
    Ok(report)
}

/// The safe fixes of a lint run that no suppression covers, per root-relative path.
type Fixes = HashMap<String, Vec<(std::ops::Range<usize>, String)>>;

/// The rules of `registry` that run: the ones `requested` (all when empty) that `level`
/// does not turn off.
fn enabled_rules<'r>(
    registry: &[&'r dyn Rule],
    level: impl Fn(&str) -> Option<RuleLevel>,
    requested: &[String],
) -> Result<Enabled<'r>> {
    for id in requested {
        if !registry.iter().any(|r| r.id() == id) {
            let ids: Vec<&str> = registry.iter().map(|r| r.id()).collect();
            bail!(
                "--rule {id}: no such rule; the rules are {}",
                ids.join(", ")
            );
        }
    }
    let rules = registry
        .iter()
        .copied()
        .filter(|r| requested.is_empty() || requested.iter().any(|id| id == r.id()))
        .filter_map(|r| match level(r.id()) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::Warning) => Some((r, Some(Severity::Warning))),
            Some(RuleLevel::Error) => Some((r, Some(Severity::Error))),
            None => Some((r, None)),
        })
        .collect();
    Ok(Enabled { rules })
}

fn lint_once(project: &Workspace, request: &Request) -> Result<(Report, Fixes)> {
    let levels = &project.settings.lint.rules;
    let enabled = enabled_rules(RULES, |id| levels.get(id).copied(), &request.rules)?;
    let files = file_set(project, request)?;
    let mut sites = super::sites::detect(
        &files,
        &|p| read_text_confined(&project.root, p),
        &project.settings.lint.generators,
    );
    let Targets {
        files: targets,
        left_out,
    } = targets(project, &files, &sites, request)?;
    let left_out = left_out_note(&left_out);
    let (targets, changed): (Vec<String>, _) = match &request.changed_since {
        Some(rev) => {
            let chosen = super::changed::select(project, &files, &targets, rev)?;
            (chosen.targets, Some(chosen.summary))
        }
        None => (targets.into_iter().map(Cow::into_owned).collect(), None),
    };
    let site_notes = std::mem::take(&mut sites.notes);
    let (mut ctx, mut notes) = context(project, files, sites)?;
    notes.extend(site_notes);
    // The cut is judged as it will stand: the version written and its tag made (a second
    // changelog the release leaves without a section is an error the release brings).
    for (root, v) in &request.planned {
        match ctx.packages.iter_mut().find(|p| p.root == *root) {
            Some(p) => {
                p.version = Some(v.clone());
                p.released.push(v.clone());
            }
            None if root.is_empty() => {
                ctx.version = Some(v.clone());
                ctx.released.push(v.clone());
            }
            None => {}
        }
    }
    ctx.rules = enabled.ids();
    ctx.chosen = !request.rules.is_empty();
    ctx.whole_project = request.paths.is_empty();
    ctx.version_planned = !request.planned.is_empty();
    let run = Run {
        registry: RULES,
        enabled: &enabled,
        ctx: &ctx,
        root: &project.root,
        overrides: project.overrides(),
    };
    let (mut report, unfixed) = run.lint(&targets, &Host { project })?;
    report.notes.splice(0..0, notes);
    report.sites = site_lines(&ctx.sites);
    report.changed = changed;
    report.left_out = left_out;
    // What a large tree's run holds (every path, several times over, and their indexes) is
    // tens of thousands of allocations: freed on another thread while the report is
    // printed.
    drop_elsewhere((ctx, targets));
    Ok((report, unfixed))
}

/// How the documentation sites of the project are read, a line each (for
/// `--explain broken-link`).
pub(crate) fn sites(project: &Workspace) -> Result<Vec<String>> {
    let files = file_set(project, &Request::default())?;
    Ok(site_lines(&super::sites::detect(
        &files,
        &|p| read_text_confined(&project.root, p),
        &project.settings.lint.generators,
    )))
}

fn site_lines(sites: &super::sites::Sites) -> Vec<String> {
    let mut lines: Vec<String> = sites.iter().map(super::sites::Site::summary).collect();
    lines.sort();
    lines.extend(sites.included().map(|(file, content)| {
        format!("{file}: included by a page of {content}/, read as one of its pages")
    }));
    lines
}

/// One lint run: the rules (`registry`: every rule there is, `enabled`: the ones that run),
/// what they read, and where the documents are (`overrides` first, then under `root`).
struct Run<'a, 'r> {
    registry: &'a [&'r dyn Rule],
    enabled: &'a Enabled<'r>,
    ctx: &'a Context,
    root: &'a Path,
    /// Files as they will be (root-relative path → content), read instead of the disk.
    overrides: &'a HashMap<String, String>,
}

/// Drop `value` on another thread; when no thread can be made, the closure that holds it
/// is dropped, and `value` with it, here.
fn drop_elsewhere<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// The message of a panic in a rule or the runner: a bug.
fn bug(what: &str, panic: &(dyn Any + Send)) -> anyhow::Error {
    anyhow!(
        "{what}: {}; this is a bug in relman, please report it",
        panic_text(panic)
    )
}

impl Run<'_, '_> {
    /// Lint `targets` (sorted root-relative paths): every file on every core, then each
    /// rule's cross-file step, suppressions and severities, then the look at the
    /// suppressions. Returns the sorted report and the fixes no suppression covers.
    fn lint(&self, targets: &[String], repository: &dyn Repository) -> Result<(Report, Fixes)> {
        let mut report = Report {
            files_checked: targets.len(),
            checked: targets.to_vec(),
            ..Report::default()
        };
        // Many files mean many lookups: index the file set once for all of them.
        if targets.len() >= 64 {
            self.ctx.files.index();
        }
        // In the order of `targets`.
        let results = self.lint_files(targets)?;
        let rules = &self.enabled.rules;
        let mut found: Vec<Vec<(Diagnostic, Option<Fix>)>> = Vec::with_capacity(targets.len());
        let mut suppressions: Vec<Suppressions> = Vec::with_capacity(targets.len());
        // What each rule kept of each document.
        let mut kept: Vec<Vec<Option<Box<dyn Any + Send>>>> = rules
            .iter()
            .map(|_| Vec::with_capacity(targets.len()))
            .collect();
        for result in results {
            found.push(result.diagnostics);
            suppressions.push(result.suppressions);
            let mut states = result.kept.into_iter();
            for column in &mut kept {
                column.push(states.next().flatten());
            }
        }

        // The cross-file steps.
        let mut elsewhere: Vec<(Diagnostic, Option<Fix>)> = Vec::new();
        for (&(rule, _), column) in rules.iter().zip(&mut kept) {
            let mut docs = Documents::new(targets, &suppressions, column);
            let mut out = Finished::default();
            catch_unwind(AssertUnwindSafe(|| {
                rule.finish(&mut docs, self.ctx, repository, &mut out)
            }))
            .map_err(|panic| {
                bug(
                    &format!("{} panicked in its cross-file step", rule.id()),
                    panic.as_ref(),
                )
            })??;
            self.take(rule, out, targets, &mut found, &mut elsewhere, &mut report)?;
        }
        // What the rules kept is done with: free it (tens of thousands of small allocations)
        // on another thread while this one builds the report.
        if kept.iter().flatten().any(Option::is_some) {
            drop_elsewhere(kept);
        }

        // Suppressions and severities.
        let mut diagnostics: Vec<Diagnostic> = Vec::new();
        let mut pending: Fixes = HashMap::new();
        for ((path, found), suppressions) in targets.iter().zip(found).zip(&mut suppressions) {
            for (mut d, fix) in found {
                if !suppressions.suppresses(&d.rule, d.line) {
                    if self.enabled.forced(&d.rule) == Some(Severity::Warning) {
                        d.severity = Severity::Warning;
                    }
                    if let Some(fix) = fix {
                        pending
                            .entry(path.clone())
                            .or_default()
                            .push((fix.range, fix.replacement));
                    }
                    diagnostics.push(d);
                }
            }
        }

        // The look at the suppressions, once each is known to have suppressed something or
        // not; then what was found outside the documents. Neither is suppressed.
        let mut last: Vec<Vec<(Diagnostic, Option<Fix>)>> = vec![Vec::new(); targets.len()];
        for &(rule, _) in rules {
            let docs = Documents::new(targets, &suppressions, &mut []);
            let mut out = Finished::default();
            catch_unwind(AssertUnwindSafe(|| {
                rule.check_suppressions(&docs, self.ctx, &mut out);
            }))
            .map_err(|panic| {
                bug(
                    &format!("{} panicked on the suppressions", rule.id()),
                    panic.as_ref(),
                )
            })?;
            self.take(rule, out, targets, &mut last, &mut elsewhere, &mut report)?;
        }
        for (d, fix) in last.into_iter().flatten().chain(elsewhere) {
            if let Some(fix) = fix {
                pending
                    .entry(d.path.clone())
                    .or_default()
                    .push((fix.range, fix.replacement));
            }
            diagnostics.push(d);
        }

        diagnostics.sort_by(|a, b| {
            (&a.path, a.line, a.column, &a.rule, &a.message)
                .cmp(&(&b.path, b.line, b.column, &b.rule, &b.message))
        });
        diagnostics.dedup();
        super::baseline::assign_fingerprints(&mut diagnostics);
        report.diagnostics = diagnostics;
        Ok((report, pending))
    }

    /// Take what a rule's step found: into `found` (by document), `elsewhere` and the notes.
    fn take(
        &self,
        rule: &dyn Rule,
        out: Finished,
        targets: &[String],
        found: &mut [Vec<(Diagnostic, Option<Fix>)>],
        elsewhere: &mut Vec<(Diagnostic, Option<Fix>)>,
        report: &mut Report,
    ) -> Result<()> {
        for (i, placed) in out.findings {
            let (Some(path), Some(found)) = (targets.get(i), found.get_mut(i)) else {
                bail!(
                    "{} reported a finding in document {i} of {}; this is a bug in relman, please report it",
                    rule.id(),
                    targets.len()
                );
            };
            found.push(self.diagnostic(rule, path, placed));
        }
        for (path, placed) in out.elsewhere {
            elsewhere.push(self.diagnostic(rule, &path, placed));
        }
        report.notes.extend(out.notes);
        Ok(())
    }

    fn diagnostic(&self, rule: &dyn Rule, path: &str, placed: Placed) -> (Diagnostic, Option<Fix>) {
        (
            Diagnostic {
                rule: rule.id().to_string(),
                severity: self.enabled.severity(rule, placed.severity),
                path: path.to_string(),
                line: placed.at.line,
                column: placed.at.column,
                message: placed.message,
                source_line: placed.at.source_line,
                fixable: placed.fix.is_some(),
                fingerprint: String::new(),
            },
            placed.fix,
        )
    }

    /// Lint every file on every core; the results in the order of `targets`. The first
    /// failure (a rule that panicked) fails the run.
    fn lint_files(&self, targets: &[String]) -> Result<Vec<FileResult>> {
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(targets.len().max(1))
            .min(16);
        let joined: Vec<_> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut out = Vec::new();
                        while !failed.load(Ordering::Relaxed) {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(path) = targets.get(i) else { break };
                            let result = self.lint_file(path);
                            if result.is_err() {
                                failed.store(true, Ordering::Relaxed);
                            }
                            out.push((i, result));
                        }
                        out
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(std::thread::ScopedJoinHandle::join)
                .collect()
        });
        // Back in the order of `targets`.
        let mut slots: Vec<Option<FileResult>> = Vec::new();
        slots.resize_with(targets.len(), || None);
        let mut first_error: Option<(usize, anyhow::Error)> = None;
        for done in joined {
            let done = done.map_err(|panic| bug("a lint worker panicked", panic.as_ref()))?;
            for (i, result) in done {
                match result {
                    Ok(result) => slots[i] = Some(result),
                    Err(e) => {
                        if first_error.as_ref().is_none_or(|(first, _)| i < *first) {
                            first_error = Some((i, e));
                        }
                    }
                }
            }
        }
        if let Some((_, e)) = first_error {
            return Err(e);
        }
        Ok(slots.into_iter().flatten().collect())
    }

    /// Lint one file: a panic of a rule is an error that names it and the file.
    fn lint_file(&self, path: &str) -> Result<FileResult> {
        catch_unwind(AssertUnwindSafe(|| self.check_file(path)))
            .unwrap_or_else(|panic| Err(bug(&format!("relman panicked on {path}"), panic.as_ref())))
    }

    fn check_file(&self, path: &str) -> Result<FileResult> {
        let mut result = FileResult::default();
        let doc = match read_doc(self.root, self.overrides, path) {
            Ok(doc) => doc,
            Err((why, message)) => {
                // Nothing can be checked: the rule that reports such files does, whether it
                // runs or not.
                let Some(rule) = self.registry.iter().find(|r| r.reports_unreadable(why)) else {
                    bail!("{path}: {message}");
                };
                result.diagnostics.push((
                    Diagnostic {
                        rule: rule.id().to_string(),
                        severity: Severity::Error,
                        path: path.to_string(),
                        line: 1,
                        column: 1,
                        message,
                        source_line: String::new(),
                        fixable: false,
                        fingerprint: String::new(),
                    },
                    None,
                ));
                return Ok(result);
            }
        };
        result.kept.reserve_exact(self.enabled.rules.len());
        for &(rule, _) in &self.enabled.rules {
            let mut out = Output::default();
            catch_unwind(AssertUnwindSafe(|| rule.check(&doc, self.ctx, &mut out))).map_err(
                |panic| bug(&format!("{} panicked on {path}", rule.id()), panic.as_ref()),
            )?;
            result.kept.push(out.take_kept());
            for finding in out.findings {
                let at = Place::of(&doc, finding.range.start);
                result.diagnostics.push((
                    Diagnostic {
                        rule: rule.id().to_string(),
                        severity: self.enabled.severity(rule, finding.severity),
                        path: path.to_string(),
                        line: at.line,
                        column: at.column,
                        message: finding.message,
                        source_line: at.source_line,
                        fixable: finding.fix.is_some(),
                        fingerprint: String::new(),
                    },
                    finding.fix,
                ));
            }
        }
        result.suppressions = Suppressions::read(&doc);
        Ok(result)
    }
}

/// The repository as the rules' cross-file steps see it.
struct Host<'a> {
    project: &'a Workspace,
}

impl Repository for Host<'_> {
    fn released_before(
        &self,
        root: &str,
        older: &semver::Version,
        newer: &semver::Version,
    ) -> Option<bool> {
        let repo = self.project.repo.as_ref()?;
        let package = self
            .project
            .packages()
            .iter()
            .find(|p| p.root == root)
            .unwrap_or_else(|| self.project.root_package());
        let tags = package.release_tags(self.project).ok()?;
        let commit = |v: &semver::Version| {
            tags.iter()
                .find(|t| t.version.cmp_precedence(v) == std::cmp::Ordering::Equal)
                .map(|t| t.commit.clone())
        };
        let (older, newer) = (commit(older)?, commit(newer)?);
        if repo.is_ancestor(&older, &newer).ok()? {
            return Some(true);
        }
        if repo.is_ancestor(&newer, &older).ok()? {
            return Some(false);
        }
        Some(repo.commit(&older).ok()?.time < repo.commit(&newer).ok()?.time)
    }

    fn document(&self, path: &str) -> Option<Document> {
        read_doc(&self.project.root, self.project.overrides(), path).ok()
    }

    fn documents(&self, paths: &[&str]) -> Vec<Option<Document>> {
        let (root, overrides) = (&self.project.root, self.project.overrides());
        super::changed::par_map(paths, |p| read_doc(root, overrides, p).ok())
    }

    fn anchors(
        &self,
        paths: &[&str],
        kind: &dyn Fn(&str) -> u64,
        make: &(dyn Fn(&Document) -> Anchors + Sync),
    ) -> Vec<Option<Anchors>> {
        let (root, overrides) = (&self.project.root, self.project.overrides());
        // The pages whose working-tree file is what the index holds (and that no release
        // is about to write) may be answered from the kept anchors.
        let ids = self.project.repo.as_ref().and_then(|repo| {
            let ids = repo.unchanged_ids(paths)?;
            Some((repo, ids))
        });
        let Some((repo, ids)) = ids else {
            return super::changed::par_map(paths, |p| {
                read_doc(root, overrides, p).ok().map(|doc| make(&doc))
            });
        };
        // An entry's key: the page's kind and its size (a filter that turns the blob into
        // another text, git-crypt's or LFS's, changes its size).
        let key = |path: &str, size: u64| {
            use std::hash::Hasher;
            let mut hasher = crate::fxhash::FxHasher::default();
            hasher.write(&kind(path).to_le_bytes());
            hasher.write(&size.to_le_bytes());
            hasher.finish()
        };
        let file = repo.git_dir().join("relman").join("anchors");
        let mut kept = super::anchor_index::AnchorIndex::open(&file);
        let mut out: Vec<Option<Anchors>> = Vec::with_capacity(paths.len());
        let mut missing: Vec<usize> = Vec::new();
        for (path, id) in paths.iter().zip(&ids) {
            let found = id
                .filter(|_| !overrides.contains_key(*path))
                .and_then(|(id, size)| kept.get(&id, key(path, size)));
            if found.is_none() {
                missing.push(out.len());
            }
            out.push(found);
        }
        if missing.is_empty() {
            return out;
        }
        // Read now; kept only when the bytes read are the staged content (a file saved
        // since it was looked at, or one a filter changed, is not).
        let read = super::changed::par_map(&missing, |&i| {
            let path = paths[i];
            // A release's document, or a symbolic link to a page: read as any page is,
            // and not kept (an unreadable file gives no anchors either way).
            let on_disk = !overrides.contains_key(path);
            let bytes = match on_disk.then(|| read_followed(root, path)) {
                Some(Ok(Read::Bytes(bytes))) => bytes,
                Some(Err(_)) => return (None, None),
                _ => return (read_doc(root, overrides, path).ok().map(|d| make(&d)), None),
            };
            let staged = ids[i].filter(|(id, _)| {
                !bytes.starts_with(b"\0GITCRYPT\0") && crate::git::is_blob(&bytes, id)
            });
            let size = bytes.len() as u64;
            let anchors = doc_of_bytes(path, bytes).ok().map(|d| make(&d));
            (anchors, staged.map(|(id, _)| (id, size)))
        });
        for (i, (anchors, staged)) in missing.into_iter().zip(read) {
            if let (Some((id, size)), Some(anchors)) = (staged, &anchors) {
                kept.add(id, key(paths[i], size), anchors);
            }
            out[i] = anchors;
        }
        if let Some(index) = repo.staged() {
            let staged = index.entries.iter().map(|e| e.id).collect();
            kept.save(&file, &staged);
        }
        out
    }

    fn history(&self) -> History {
        match &self.project.repo {
            Some(repo) if repo.head().is_ok() => {
                if repo.is_shallow() {
                    History::Shallow
                } else {
                    History::Complete
                }
            }
            _ => History::None,
        }
    }

    fn unknown_objects(&self, hashes: &[String]) -> Result<Vec<String>> {
        match &self.project.repo {
            Some(repo) => repo.unknown_objects(hashes),
            None => Ok(Vec::new()),
        }
    }

    fn version_files(&self) -> Result<Vec<VersionFile>> {
        version_files(self.project)
    }
}

/// The version files of the repository, or of every package of a monorepo (a lockfile two
/// members share, once).
pub(super) fn version_files(project: &Workspace) -> Result<Vec<VersionFile>> {
    if project.packages().is_empty() {
        return project.package().version_files(project);
    }
    let mut files: Vec<VersionFile> = Vec::new();
    for package in project.packages() {
        for file in package.version_files(project)? {
            if !files.iter().any(|f| f.real == file.real) {
                files.push(file);
            }
        }
    }
    Ok(files)
}

/// The repository's files: what git tracks (and untracked files it does not ignore), or,
/// outside git, every file under the root (`.git`, `target` and `node_modules` skipped).
fn file_set(project: &Workspace, request: &Request) -> Result<FileSet> {
    let mut files = match &project.repo {
        // Given paths (the pre-commit case): what git tracks and stages, plus the files on
        // disk under the given paths that git does not ignore (a full status of a large
        // working tree costs more than the lint). Without paths, every untracked file that
        // is not ignored counts, as it is linted too.
        Some(repo) => {
            let mut files = repo.files(request.paths.is_empty())?;
            for given in &request.paths {
                let Some(rel) = relative(&project.root, &request.cwd.join(given)) else {
                    continue;
                };
                let full = project.root.join(&rel);
                if full.is_dir() {
                    let prefix = if rel.is_empty() {
                        String::new()
                    } else {
                        format!("{rel}/")
                    };
                    files.extend(
                        walk(&full)?
                            .into_iter()
                            .map(|f| format!("{prefix}{f}"))
                            .filter(|f| !repo.is_ignored(f)),
                    );
                } else if full.is_file() {
                    files.push(rel);
                }
            }
            files
        }
        // Outside git, given files are looked up on disk as links ask (one file must not
        // cost a walk of the whole tree); without paths everything is linted, so walk.
        None if !request.paths.is_empty() => {
            return Ok(FileSet::on_disk(
                &project.root,
                project.overrides().keys().cloned().collect(),
            ));
        }
        None => {
            // Outside git the disk is the truth: empty folders exist too.
            let (mut files, dirs) = walk_tree(&project.root)?;
            files.extend(project.overrides().keys().cloned());
            return Ok(FileSet::listed_with_dirs(files, dirs));
        }
    };
    files.extend(project.overrides().keys().cloned());
    let mut set = FileSet::listed(files);
    if let Some(ignored) = project
        .repo
        .as_ref()
        .and_then(crate::git::Repo::ignore_check)
    {
        set = set.with_ignore_rules(ignored);
        // With given paths the untracked files elsewhere are not listed: a link to one is
        // looked for on disk when it is followed.
        if !request.paths.is_empty() {
            set = set.or_untracked(&project.root);
        }
    }
    Ok(set)
}

/// A Markdown file: `.md`, `.markdown`, or MDX (`.mdx`, Docusaurus and Astro pages).
fn is_markdown(path: &str) -> bool {
    let name = super::split_name(path).map_or(path, |(_, name)| name);
    // As `Path::extension`: a name's leading dot starts no extension.
    memchr::memrchr(b'.', name.as_bytes())
        .filter(|&at| at > 0)
        .map(|at| &name[at + 1..])
        .is_some_and(|e| {
            e.eq_ignore_ascii_case("md")
                || e.eq_ignore_ascii_case("markdown")
                || e.eq_ignore_ascii_case("mdx")
        })
}

fn under(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_matches('/');
    prefix.is_empty()
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The folders of FAQtory's sources (a `faq.yml` naming `templates_path` or
/// `questions_path`): Jinja templates (`.faq/FAQ.md`) and question files, which FAQtory
/// pastes into the FAQ it writes (`FAQ.md`, linted as a page), their links read from there.
fn faq_sources(files: &FileSet, read: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut out = Vec::new();
    for config in files.named("faq.yml") {
        let Some(text) = read(config) else {
            continue;
        };
        let dir = super::split_name(config).map_or("", |(dir, _)| dir);
        for (key, default) in [
            ("templates_path:", ".faq"),
            ("questions_path:", "questions"),
        ] {
            let keyed = text.lines().find_map(|l| l.strip_prefix(key));
            if keyed.is_none() && !text.lines().any(|l| l.starts_with("output_path:")) {
                continue;
            }
            let value = keyed
                .map(|v| v.split(" #").next().unwrap_or("").trim())
                .map(|v| v.trim_matches(|c| c == '"' || c == '\''))
                .filter(|v| !v.is_empty())
                .unwrap_or(default);
            if let Ok(folder) = super::broken_link::normalize(dir, value) {
                if !folder.is_empty() {
                    out.push(folder);
                }
            }
        }
    }
    out
}

/// The folders whose Markdown is not documentation but data: test fixtures, snapshots,
/// dependencies. Not linted unless the folder (or a file in it) is what the lint was given.
const NOT_DOCS: &[&str] = &[
    "fixtures",
    "testdata",
    "__snapshots__",
    "node_modules",
    // Vendored dependencies (Go's, Composer's, a site's `assets/vendor/`).
    "vendor",
    "test",
    "tests",
    "__tests__",
    "__fixtures__",
];

/// Words that make a folder named with dashes or underscores one of test data
/// (`e2e-tests`, `ui_fixtures`), and ruff's Markdown test suites (`mdtest`). `test` alone
/// is not one of them: `test-plans/` may well be documentation.
const DATA_WORDS: &[&str] = &["tests", "fixtures", "testdata", "mdtest"];

/// Whether a folder's name is one of test data or dependencies.
fn data_folder(name: &str) -> bool {
    NOT_DOCS.contains(&name)
        || name
            .split(['-', '_', '.'])
            .any(|word| DATA_WORDS.iter().any(|w| word.eq_ignore_ascii_case(w)))
}

/// Whether `path` lies in a data folder below `root` (the folder the lint covers). Below a
/// site's pages a `tests/` folder is pages: mdBook serves cargo's `doc/contrib/src/tests/`
/// chapters like any other (`site`: the site's pages folder, when it is not the whole
/// repository).
fn not_docs(path: &str, root: &str, site: Option<&str>) -> bool {
    let root = root.trim_matches('/');
    let rest = if root.is_empty() {
        path
    } else {
        path.strip_prefix(root)
            .map_or(path, |r| r.trim_start_matches('/'))
    };
    // The folders only, not the file's own name.
    let Some((folders, _)) = rest.rsplit_once('/') else {
        return false;
    };
    // In a site's pages a `tests/` folder is pages (cargo's contributor guide); the site itself
    // may be a test fixture (starlight's `__e2e__/fixtures/basics/`), told by the folders
    // above its pages.
    let content = site
        .filter(|content| under(path, content))
        .map(|content| content.trim_matches('/'));
    let mut at = path.len() - rest.len();
    folders.split('/').any(|c| {
        let start = at;
        at += c.len() + 1;
        match content {
            // A site's own `tests/` chapters are pages; its `testdata/` and fixtures are not.
            Some(content) if start >= content.len() => {
                data_folder(c)
                    && c != "__tests__"
                    && !c
                        .split(['-', '_', '.'])
                        .any(|w| w.eq_ignore_ascii_case("test") || w.eq_ignore_ascii_case("tests"))
            }
            _ => data_folder(c),
        }
    })
}

/// The files to lint, and the Markdown files left out because they lie in a data folder
/// (`NOT_DOCS`); root-relative, sorted. Paths of the file set are borrowed, not copied: a changed-files run keeps a few dozen of
/// ten thousand.
struct Targets<'f> {
    files: Vec<Cow<'f, str>>,
    left_out: Vec<Cow<'f, str>>,
}

/// The root-relative files to lint.
fn targets<'f>(
    project: &Workspace,
    files: &'f FileSet,
    sites: &super::sites::Sites,
    request: &Request,
) -> Result<Targets<'f>> {
    let lint = &project.settings.lint;
    let excluded = |p: &str| {
        lint.exclude.iter().any(|e| under(p, e))
            || lint.exclude_globs.as_ref().is_some_and(|g| g.is_match(p))
    };
    let sources = faq_sources(files, &|p| read_text_confined(&project.root, p));
    let mut out = Targets {
        files: Vec::new(),
        left_out: Vec::new(),
    };
    let pick = |root: &str, out: &mut Targets<'f>| {
        // The files come sorted: what was found of a folder holds for the files after it.
        let mut last: Option<(&str, Option<&super::sites::Site>, bool)> = None;
        for f in files.files() {
            if is_markdown(f) && under(f, root) && !excluded(f) {
                let dir = super::split_name(f).map_or("", |(dir, _)| dir);
                let of = sites.of(f);
                let data = match last {
                    Some((d, s, data))
                        if d == dir && s.map(std::ptr::from_ref) == of.map(std::ptr::from_ref) =>
                    {
                        data
                    }
                    _ => {
                        let site = of.map(super::sites::Site::pages);
                        let site = site.as_deref().filter(|c| !c.is_empty());
                        let data = not_docs(f, root, site);
                        last = Some((dir, of, data));
                        data
                    }
                };
                if data || sources.iter().any(|s| under(f, s) && !under(root, s)) {
                    out.left_out.push(Cow::Borrowed(f));
                } else {
                    out.files.push(Cow::Borrowed(f));
                }
            }
        }
    };
    if request.paths.is_empty() {
        let roots: Vec<String> = project
            .settings
            .lint
            .paths
            .clone()
            .unwrap_or_else(|| vec![String::new()]);
        for root in &roots {
            pick(root, &mut out);
        }
    } else {
        for given in &request.paths {
            let rel = relative(&project.root, &request.cwd.join(given)).ok_or_else(|| {
                anyhow!(
                    "{}: outside the repository at {}",
                    given.display(),
                    project.root.display()
                )
            })?;
            let full = project.root.join(&rel);
            if files.is_file(&rel) || (full.is_file() && !rel.is_empty()) {
                out.files.push(Cow::Owned(rel));
            } else if full.is_dir() {
                pick(&rel, &mut out);
            } else {
                bail!("{}: no such file or folder", given.display());
            }
        }
    }
    for list in [&mut out.files, &mut out.left_out] {
        list.sort();
        list.dedup();
    }
    // A file given by its own path, or under another root, is linted after all.
    if !out.left_out.is_empty() {
        let linted = &out.files;
        out.left_out.retain(|f| linted.binary_search(f).is_err());
    }
    Ok(out)
}

/// The line that says which Markdown files the lint left out as data, if any.
fn left_out_note(left_out: &[Cow<'_, str>]) -> Option<String> {
    let first = left_out.first()?;
    // The deepest data folder: naming it is what lints the file.
    let folder = |path: &str| -> String {
        let mut at = 0;
        let mut deepest = None;
        let folders = path.rsplit_once('/').map_or("", |(folders, _)| folders);
        for part in folders.split('/') {
            if data_folder(part) {
                deepest = Some(at + part.len());
            }
            at += part.len() + 1;
        }
        deepest.map_or_else(|| path.to_string(), |end| format!("{}/", &path[..end]))
    };
    let mut folders: Vec<String> = left_out.iter().map(|p| folder(p)).collect();
    folders.dedup();
    let shown: Vec<String> = folders
        .iter()
        .take(3)
        .map(|f| super::fence::code_span(f))
        .collect();
    let more = if folders.len() > 3 { ", …" } else { "" };
    Some(format!(
        "{} Markdown file(s) in test, fixture and dependency folders were not linted ({}{more}); name a folder to lint it, as `relman lint {}`",
        left_out.len(),
        shown.join(", "),
        folder(first)
    ))
}

/// `path` relative to `root`, `/`-separated, with `.` and `..` resolved lexically.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let normal = crate::paths::absolute(Path::new("/"), path);
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let canon = canonical_prefix(&normal);
    let rel = canon.strip_prefix(&root).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// Canonicalize the longest existing prefix of `path` (so a missing file still resolves).
fn canonical_prefix(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(&existing) {
            let mut out = c;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return out;
        }
        match (
            existing.file_name().map(std::ffi::OsStr::to_os_string),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => return path.to_path_buf(),
        }
    }
}

/// Everything the rules read besides the document.
fn context(
    project: &Workspace,
    files: FileSet,
    sites: super::sites::Sites,
) -> Result<(Context, Vec<String>)> {
    let mut notes = Vec::new();
    // The repository's own version; in a monorepo each package's, for its folder.
    let (version, source, released) = facts_of(project, project.root_package(), &mut notes)?;
    let mut packages: Vec<PackageFacts> = Vec::new();
    for package in project.packages().iter().filter(|p| !p.root.is_empty()) {
        let (version, source, released) = facts_of(project, package, &mut notes)?;
        packages.push(PackageFacts {
            root: package.root.clone(),
            names: package.given_name.iter().cloned().collect(),
            version,
            version_source: source,
            released,
        });
    }
    packages.extend(manifest_folders(project, &files, &packages));
    // Deepest first: a package nested in another's folder owns its own files.
    packages.sort_by_key(|p| std::cmp::Reverse(p.root.matches('/').count()));
    let mut package_names: Vec<String> = project.settings.lint.packages.clone();
    for format in FORMATS {
        let Some(name) = format.known_file() else {
            continue;
        };
        if let Some(text) = read_text_confined(&project.root, name) {
            if let Ok(Some(n)) = format.package_name(&text) {
                package_names.push(n);
            }
        }
    }
    package_names.sort();
    package_names.dedup();
    let ctx = Context {
        version,
        version_source: source,
        released,
        packages,
        sites,
        template_folders: {
            let mut folders = super::placeholder::template_folders(files.files());
            folders.extend(super::placeholder::prompt_folders(files.files()));
            folders
        },
        redirects: files
            .named("_redirects")
            .iter()
            .filter(|p| files.is_file(p))
            .filter_map(|p| read_text_confined(&project.root, p))
            .flat_map(|text| super::redirect_sources(&text))
            .collect(),
        files,
        options: RuleOptions {
            allowed_placeholders: project.settings.lint.placeholder_allow.clone(),
            ignored_paths: project.settings.lint.missing_path_ignore.clone(),
            package_names,
        },
        in_repo: project.repo.is_some(),
        remote: project
            .repo
            .as_ref()
            .and_then(|r| r.remote_url("origin"))
            .and_then(|u| crate::remote::Remote::parse(&u))
            .map(|r| format!("{}/{}", r.host, r.path).to_ascii_lowercase()),
        ..Context::default()
    };
    Ok((ctx, notes))
}

/// The folders, besides the packages relman releases, that hold a document beside a
/// manifest with a version of its own (uv's `crates/uv-pep440/CHANGELOG.md` beside a
/// Cargo.toml at 0.0.72, in a repository released as one Python package at 0.12.5; a Helm
/// chart's README beside its `Chart.yaml`): their documents are judged against that
/// version, with no release tags known, never against the root's.
fn manifest_folders(
    project: &Workspace,
    files: &FileSet,
    known: &[PackageFacts],
) -> Vec<PackageFacts> {
    let mut out: Vec<PackageFacts> = Vec::new();
    // Each folder is looked at once, however many documents it holds.
    let mut seen: HashSet<&str> = HashSet::new();
    for path in files.files() {
        let Some((folder, name)) = super::split_name(path) else {
            continue;
        };
        if !is_markdown(name) || !seen.insert(folder) || known.iter().any(|p| p.root == folder) {
            continue;
        }
        for format in FORMATS {
            let Some(manifest) = format.known_file() else {
                continue;
            };
            let manifest = format!("{folder}/{manifest}");
            if !files.is_file(&manifest) {
                continue;
            }
            let Some(text) = read_text_confined(&project.root, &manifest) else {
                continue;
            };
            let version = format
                .find(&text)
                .ok()
                .and_then(|fields| fields.into_iter().next())
                .and_then(|field| semver::Version::parse(&field.text).ok());
            if let Some(version) = version {
                out.push(PackageFacts {
                    root: folder.to_string(),
                    names: Vec::new(),
                    version: Some(version),
                    version_source: manifest,
                    released: Vec::new(),
                });
                break;
            }
        }
    }
    out
}

/// A package's current version (None when only the default is known), where it came from,
/// and its release tags' versions.
fn facts_of(
    project: &Workspace,
    package: &crate::workspace::Package,
    notes: &mut Vec<String>,
) -> Result<(Option<semver::Version>, String, Vec<semver::Version>)> {
    // A version file that cannot be read as SemVer (a Python beta, `6.0.0b2` as PEP 440
    // writes it) leaves the lint without that version, not without a lint: it says so
    // (`version-mismatch` reports it at the file when it is on).
    let (version, source) = package.current_version(project).unwrap_or_else(|e| {
        notes.push(format!("{e:#}: version claims are not checked against it"));
        (semver::Version::new(0, 0, 0), Source::Default)
    });
    let version = match source {
        Source::Default => None,
        _ => Some(version),
    };
    let released = match &project.repo {
        Some(repo) if repo.head().is_ok() => package
            .release_tags(project)?
            .into_iter()
            .map(|t| t.version)
            .collect(),
        _ => Vec::new(),
    };
    Ok((version, source.to_string(), released))
}

/// A document, or why it cannot be read and the message that says so.
fn read_doc(
    root: &Path,
    overrides: &HashMap<String, String>,
    path: &str,
) -> std::result::Result<Document, (Unreadable, String)> {
    if let Some(text) = overrides.get(path) {
        return Ok(Document::parse(path, text.clone()));
    }
    let bytes = match read_followed(root, path)? {
        Read::Bytes(bytes) => bytes,
        // A symbolic link to another Markdown file of the repository (a root
        // CONTRIBUTING.md pointing into the docs): forges show it as a link, not as a page,
        // and its target is linted where it is.
        Read::MarkdownLink => return Ok(Document::parse(path, String::new())),
    };
    doc_of_bytes(path, bytes)
}

/// The document of the file at `path`, from its bytes.
fn doc_of_bytes(path: &str, bytes: Vec<u8>) -> std::result::Result<Document, (Unreadable, String)> {
    // A file git-crypt keeps encrypted (vue-router's `CLAUDE.md`): whoever holds the key
    // reads it decrypted; in this checkout there is no text to lint.
    if bytes.starts_with(b"\0GITCRYPT\0") {
        return Ok(Document::parse(path, String::new()));
    }
    match crate::textpos::decode(bytes) {
        Ok(text) => Ok(Document::parse(path, text)),
        Err(crate::textpos::NotUtf8 { line, column }) => {
            Err((
                Unreadable::Content,
                format!(
                    "not valid UTF-8 (line {line}, column {column}): the file is binary or in another encoding; save it as UTF-8"
                ),
            ))
        }
    }
}

/// The most the lint reads of one file (a 50 MB page is still linted; a tracked link to an
/// endless file, or a file that grows while read, stops here).
const MAX_DOC: u64 = 64 * 1024 * 1024;

/// What reading a document found.
enum Read {
    Bytes(Vec<u8>),
    /// A symbolic link (inside the repository) to a Markdown file.
    MarkdownLink,
}

/// A file's bytes, never through a symbolic link that leaves the repository (or leads into
/// `.git`), never from a FIFO, device or socket (not even opened), and at most `MAX_DOC`.
pub(super) fn read_confined(
    root: &Path,
    path: &str,
) -> std::result::Result<Vec<u8>, (Unreadable, String)> {
    match read_followed(root, path)? {
        Read::Bytes(bytes) => Ok(bytes),
        Read::MarkdownLink => crate::paths::read_capped(&root.join(path), MAX_DOC)
            .map_err(|e| (Unreadable::Content, e.to_string())),
    }
}

/// As `read_confined`, but a link to a Markdown file is said, not read.
fn read_followed(root: &Path, path: &str) -> std::result::Result<Read, (Unreadable, String)> {
    // A path a config names (a hook, a snippet's base) may be absolute or climb out: not
    // the repository's to read.
    if let Some(why) = crate::paths::bad_relative(path) {
        return Err((Unreadable::Content, format!("`{path}` {why}: not read")));
    }
    let full = root.join(path);
    let meta = std::fs::symlink_metadata(&full)
        .map_err(|e| (Unreadable::Content, format!("cannot read: {e}")))?;
    if !meta.file_type().is_symlink() {
        // Not a link: what `lstat` said is what `stat` would say; one call per document.
        return crate::paths::read_known(&full, &meta, MAX_DOC)
            .map(Read::Bytes)
            .map_err(|e| (Unreadable::Content, e.to_string()));
    }
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let inside = std::fs::canonicalize(&full)
        .is_ok_and(|t| t.starts_with(&real_root) && !t.starts_with(real_root.join(".git")));
    if !inside {
        let target = std::fs::read_link(&full).unwrap_or_default();
        return Err((
            Unreadable::Link,
            format!(
                "a symbolic link to {}, outside the repository: not read (relman never follows a link out of the work tree); point it inside or remove it",
                target.display()
            ),
        ));
    }
    if std::fs::read_link(&full).is_ok_and(|t| is_markdown(&t.to_string_lossy())) {
        return Ok(Read::MarkdownLink);
    }
    crate::paths::read_capped(&full, MAX_DOC)
        .map(Read::Bytes)
        .map_err(|e| (Unreadable::Content, e.to_string()))
}

/// A small file of the repository (a manifest, a site config) as text, read as documents
/// are (see [`read_confined`]); None when it is absent or cannot be read.
pub(super) fn read_text_confined(root: &Path, name: &str) -> Option<String> {
    read_confined(root, name)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}

/// Apply every safe fix that is not suppressed; returns the files changed.
fn apply_fixes(project: &Workspace, per_file: Fixes) -> Result<Vec<(String, usize)>> {
    let mut edits = Vec::new();
    let mut fixed = Vec::new();
    let mut paths: Vec<_> = per_file.into_iter().collect();
    paths.sort_by_key(|(path, _)| path.clone());
    for (path, mut fixes) in paths {
        let file = crate::paths::RepoPath::resolve(&project.fs_root, &path)?;
        let full = file.full.clone();
        let old = crate::paths::read(&full, &path)?;
        let Ok(text) = String::from_utf8(old.clone()) else {
            continue;
        };
        // Documents strip a leading BOM: their offsets start after it.
        let bom = if text.starts_with('\u{feff}') && is_markdown(&path) {
            3
        } else {
            0
        };
        fixes.sort_by_key(|f| std::cmp::Reverse(f.0.start));
        let mut new = text.clone();
        let mut last_start = usize::MAX;
        let mut count = 0;
        for (range, replacement) in fixes {
            let (start, end) = (range.start + bom, range.end + bom);
            if end > last_start
                || end > new.len()
                || !new.is_char_boundary(start)
                || !new.is_char_boundary(end)
            {
                continue;
            }
            new.replace_range(start..end, &replacement);
            last_start = start;
            count += 1;
        }
        if new != text {
            edits.push(fsutil::Edit {
                path: PathBuf::from(&path),
                full,
                old: Some(old),
                new: new.into_bytes(),
            });
            fixed.push((path, count));
        }
    }
    fsutil::write_all(&edits)?;
    Ok(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::unused_suppression::UnusedSuppression;
    use crate::lint::Finding;

    #[test]
    fn a_path_a_config_names_outside_the_repository_is_not_read() {
        let outer = tempfile::tempdir().expect("a temporary folder");
        let root = outer.path().join("repo");
        std::fs::create_dir_all(root.join("docs")).expect("a folder");
        std::fs::write(outer.path().join("secret.py"), "on_page_markdown").expect("a file");
        std::fs::write(root.join("docs/hook.py"), "on_page_markdown").expect("a file");
        let outside = outer.path().join("secret.py");
        for name in [
            "../secret.py",
            "docs/../../secret.py",
            outside.to_str().expect("UTF-8"),
        ] {
            assert_eq!(read_text_confined(&root, name), None, "{name}");
        }
        assert_eq!(
            read_text_confined(&root, "docs/./hook.py").as_deref(),
            Some("on_page_markdown")
        );
    }

    #[test]
    fn markdown_files_folders_and_data_folders_are_told_by_the_path_alone() {
        for yes in [
            "README.md",
            "docs/a.MDX",
            "x/y.markdown",
            "a.b/c.md",
            "..md",
        ] {
            assert!(is_markdown(yes), "{yes}");
        }
        for no in [".md", "docs/.md", "a.md/x", "notes.txt", "md", "a.mdown"] {
            assert!(!is_markdown(no), "{no}");
        }
        assert!(under("docs/a.md", "docs"));
        assert!(under("docs/a.md", "/docs/"));
        assert!(under("docs", "docs"));
        assert!(under("anything", ""));
        assert!(!under("docs2/a.md", "docs"));
        assert!(!under("doc", "docs"));
        assert!(not_docs("tests/a.md", "", None));
        assert!(not_docs("pkg/fixtures/x/a.md", "pkg", None));
        assert!(!not_docs("tests.md", "", None));
        assert!(!not_docs("docs/tests.md", "", None));
        // Given a data folder, its files are what the lint was asked for.
        assert!(!not_docs("tests/a.md", "tests", None));
        assert!(not_docs("tests/fixtures/a.md", "tests", None));
        // Folders named with data words (ruff's `resources/mdtest/`), not every `test-…`.
        assert!(not_docs("crates/x/resources/mdtest/a.md", "", None));
        assert!(not_docs("e2e-tests/README.md", "", None));
        assert!(not_docs("ui_fixtures/a.md", "", None));
        assert!(!not_docs("docs/test-plans/a.md", "", None));
        assert!(!not_docs("docs/latest/a.md", "", None));
        assert!(!not_docs("docs/contest/a.md", "", None));
        // A site's pages are pages (cargo's contributor guide), its dependencies are not.
        let site = Some("doc/contrib/src");
        assert!(!not_docs("doc/contrib/src/tests/writing.md", "", site));
        // A guide's `writing-tests/` chapters; tauri's Starlight pages under `develop/Tests/`.
        assert!(!not_docs(
            "doc/contrib/src/guides/writing-tests/a.md",
            "",
            site
        ));
        assert!(!not_docs(
            "doc/contrib/src/develop/Tests/mocking.md",
            "",
            site
        ));
        assert!(not_docs("doc/contrib/src/node_modules/x/a.md", "", site));
        // kubebuilder's scaffolded samples under its book's pages stay data.
        assert!(not_docs(
            "doc/contrib/src/tutorial/testdata/project/README.md",
            "",
            site
        ));
        let fixture = Some("pkg/__e2e__/fixtures/basics/src/content/docs");
        assert!(not_docs(
            "pkg/__e2e__/fixtures/basics/src/content/docs/a.md",
            "",
            fixture
        ));
        assert!(!not_docs("doc/contrib/src/tests/a.md", "doc/contrib", site));
    }

    /// Reports each line that says BAD (a warning of its own when it also says WARN, with a
    /// fix when it says FIX); keeps each document's line count; panics on a document that
    /// says PANIC. Its cross-file step reports, in the first document, every document with
    /// what it kept, and one finding in a file that is no document.
    struct Bad;

    impl Rule for Bad {
        fn id(&self) -> &'static str {
            "bad"
        }

        fn default_severity(&self) -> Severity {
            Severity::Error
        }

        fn summary(&self) -> &'static str {
            "BAD"
        }

        fn docs(&self) -> &'static str {
            ""
        }

        fn check(&self, doc: &Document, _ctx: &Context, out: &mut Output) {
            assert!(!doc.text.contains("PANIC"), "cannot check this");
            for line in 1..=doc.line_count() {
                let range = doc.line_range(line);
                let text = &doc.text[range.clone()];
                if text.contains("BAD") {
                    let mut finding = Finding::new(range.clone(), format!("bad line {line}"));
                    if text.contains("WARN") {
                        finding = finding.warning();
                    }
                    if text.contains("FIX") {
                        finding = finding.with_fix(range, "good");
                    }
                    out.findings.push(finding);
                }
            }
            out.keep(doc.line_count());
        }

        fn finish(
            &self,
            docs: &mut Documents<'_>,
            _ctx: &Context,
            _repository: &dyn Repository,
            out: &mut Finished,
        ) -> Result<()> {
            let seen: Vec<String> = (0..docs.len())
                .map(|i| format!("{}={:?}", docs.paths()[i], docs.kept::<usize>(i)))
                .collect();
            let at = |line| Place {
                line,
                column: 1,
                source_line: String::new(),
            };
            out.findings.push((0, Placed::new(at(1), seen.join(" "))));
            out.elsewhere
                .push(("VERSION".into(), Placed::new(at(1), "not a document")));
            out.notes.push("bad: finished".into());
            Ok(())
        }

        fn reports_unreadable(&self, why: Unreadable) -> bool {
            why == Unreadable::Content
        }
    }

    /// Panics in its cross-file step.
    struct BadFinish;

    impl Rule for BadFinish {
        fn id(&self) -> &'static str {
            "bad-finish"
        }

        fn default_severity(&self) -> Severity {
            Severity::Warning
        }

        fn summary(&self) -> &'static str {
            ""
        }

        fn docs(&self) -> &'static str {
            ""
        }

        fn check(&self, _doc: &Document, _ctx: &Context, _out: &mut Output) {}

        fn finish(
            &self,
            docs: &mut Documents<'_>,
            _ctx: &Context,
            _repository: &dyn Repository,
            _out: &mut Finished,
        ) -> Result<()> {
            panic!("{} documents is too many", docs.len());
        }
    }

    /// A repository with nothing in it.
    struct Nothing;

    impl Repository for Nothing {
        fn document(&self, _path: &str) -> Option<Document> {
            None
        }

        fn history(&self) -> History {
            History::None
        }

        fn unknown_objects(&self, _hashes: &[String]) -> Result<Vec<String>> {
            Ok(Vec::new())
        }

        fn version_files(&self) -> Result<Vec<VersionFile>> {
            Ok(Vec::new())
        }
    }

    /// Lint `docs` (path, text; a text of None is a file that cannot be read) with the
    /// rules of `registry` at the `levels` given, and the `--rule`s asked for.
    fn lint_with(
        registry: &[&dyn Rule],
        levels: &[(&str, RuleLevel)],
        requested: &[&str],
        docs: &[(&str, Option<&str>)],
    ) -> Result<(Report, Fixes)> {
        let request = Request {
            rules: requested.iter().map(ToString::to_string).collect(),
            ..Request::default()
        };
        let overrides: HashMap<String, String> = docs
            .iter()
            .filter_map(|(path, text)| Some(((*path).to_string(), (*text)?.to_string())))
            .collect();
        let level = |id: &str| levels.iter().find(|(l, _)| *l == id).map(|(_, l)| *l);
        let enabled = enabled_rules(registry, level, &request.rules)?;
        let mut targets: Vec<String> = docs.iter().map(|(p, _)| (*p).to_string()).collect();
        targets.sort();
        let ctx = Context {
            files: FileSet::from_files(targets.clone()),
            rules: enabled.ids(),
            chosen: !request.rules.is_empty(),
            whole_project: true,
            ..Context::default()
        };
        let run = Run {
            registry,
            enabled: &enabled,
            ctx: &ctx,
            root: Path::new("/nonexistent/relman/lint/run"),
            overrides: &overrides,
        };
        run.lint(&targets, &Nothing)
    }

    /// `PATH:LINE:COL SEVERITY RULE: MESSAGE` for each diagnostic.
    fn lines(report: &Report) -> Vec<String> {
        report
            .diagnostics
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{} {} {}: {}",
                    d.path,
                    d.line,
                    d.column,
                    d.severity.as_str(),
                    d.rule,
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn a_rule_that_panics_fails_the_run_naming_the_rule_and_the_file() {
        let docs = [
            ("a.md", Some("BAD\n")),
            ("docs/b.md", Some("# B\n\nPANIC\n")),
            ("docs/c.md", Some("fine\n")),
        ];
        let err = lint_with(&[&Bad], &[], &[], &docs).unwrap_err().to_string();
        assert_eq!(
            err,
            "bad panicked on docs/b.md: cannot check this; this is a bug in relman, please report it"
        );
        // With many files on every core, still the error, never a report without them.
        let many: Vec<(String, &str)> = (0..200)
            .map(|i| {
                let text = if i == 150 { "PANIC\n" } else { "BAD\n" };
                (format!("d/{i:03}.md"), text)
            })
            .collect();
        let docs: Vec<(&str, Option<&str>)> =
            many.iter().map(|(p, t)| (p.as_str(), Some(*t))).collect();
        let err = lint_with(&[&Bad], &[], &[], &docs).unwrap_err().to_string();
        assert!(err.starts_with("bad panicked on d/150.md: "), "{err}");
    }

    #[test]
    fn a_panic_in_a_cross_file_step_fails_the_run_naming_the_rule() {
        let err = lint_with(&[&Bad, &BadFinish], &[], &[], &[("a.md", Some("x\n"))])
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "bad-finish panicked in its cross-file step: 1 documents is too many; this is a bug in relman, please report it"
        );
    }

    #[test]
    fn the_cross_file_step_sees_every_document_with_what_its_check_kept() {
        let docs = [
            ("z.md", Some("one\ntwo\n")),
            ("a.md", Some("one\n")),
            ("unreadable.md", None),
        ];
        let (report, fixes) = lint_with(&[&Bad], &[], &[], &docs).unwrap();
        let unreadable = lines(&report)
            .into_iter()
            .find(|l| l.starts_with("unreadable.md:"))
            .unwrap();
        assert!(
            unreadable.starts_with("unreadable.md:1:1 error bad: cannot read: "),
            "{unreadable}"
        );
        let found: Vec<String> = lines(&report)
            .into_iter()
            .filter(|l| !l.starts_with("unreadable.md:"))
            .collect();
        assert_eq!(
            found,
            [
                "VERSION:1:1 error bad: not a document",
                "a.md:1:1 error bad: a.md=Some(2) unreadable.md=None z.md=Some(3)",
            ]
        );
        assert_eq!(report.notes, ["bad: finished"]);
        assert_eq!(report.files_checked, 3);
        assert!(fixes.is_empty());
    }

    #[test]
    fn suppressions_cover_the_checks_and_the_cross_file_steps_and_unused_ones_are_reported() {
        let text = "<!-- relman-disable-next-line bad -->\nBAD FIX\nBAD FIX\n<!-- relman-disable-next-line -->\nnothing here\n<!-- relman-disable-next-line placeholder -->\nnor here\n<!-- relman-disable-next-line nosuch -->\n";
        let registry: [&dyn Rule; 2] = [&Bad, &UnusedSuppression];
        let (report, fixes) = lint_with(&registry, &[], &[], &[("a.md", Some(text))]).unwrap();
        assert_eq!(
            lines(&report),
            [
                "VERSION:1:1 error bad: not a document",
                "a.md:1:1 error bad: a.md=Some(9)",
                "a.md:3:1 error bad: bad line 3",
                "a.md:4:1 warning unused-suppression: `<!-- relman-disable-next-line -->` suppresses nothing; remove it",
                &format!(
                    "a.md:8:1 warning unused-suppression: `<!-- relman-disable-next-line nosuch -->` names no rule `nosuch`; the rules are {}",
                    RULES.iter().map(|r| r.id()).collect::<Vec<_>>().join(", ")
                ),
            ]
        );
        // Only the fix no suppression covers (line 3, bytes 46..53).
        assert_eq!(fixes["a.md"], [(46..53, "good".to_string())]);
        // A suppression of the cross-file step's finding is used, not reported.
        let text = "<!-- relman-disable bad -->\n";
        let (report, _) = lint_with(&registry, &[], &[], &[("a.md", Some(text))]).unwrap();
        assert_eq!(lines(&report), ["VERSION:1:1 error bad: not a document"]);
        // With `--rule`, a suppression of every rule cannot be judged.
        let text = "<!-- relman-disable-next-line -->\nok\n";
        let (report, _) = lint_with(
            &registry,
            &[],
            &["bad", "unused-suppression"],
            &[("a.md", Some(text))],
        )
        .unwrap();
        assert!(
            !lines(&report)
                .iter()
                .any(|l| l.contains("unused-suppression")),
            "{report:?}"
        );
    }

    #[test]
    fn configured_levels_turn_rules_off_and_findings_into_warnings() {
        let registry: [&dyn Rule; 2] = [&Bad, &UnusedSuppression];
        let docs = [(
            "a.md",
            Some("BAD\nBAD WARN\n<!-- relman-disable-next-line -->\n"),
        )];
        let (report, _) = lint_with(&registry, &[], &[], &docs).unwrap();
        assert_eq!(
            lines(&report),
            [
                "VERSION:1:1 error bad: not a document",
                "a.md:1:1 error bad: a.md=Some(4)",
                "a.md:1:1 error bad: bad line 1",
                "a.md:2:1 warning bad: bad line 2",
                "a.md:3:1 warning unused-suppression: `<!-- relman-disable-next-line -->` suppresses nothing; remove it",
            ]
        );
        // Configured as warnings: every finding of the checks and of the steps.
        let levels = [
            ("bad", RuleLevel::Warning),
            ("unused-suppression", RuleLevel::Error),
        ];
        let (report, _) = lint_with(&registry, &levels, &[], &docs).unwrap();
        assert_eq!(
            lines(&report),
            [
                "VERSION:1:1 warning bad: not a document",
                "a.md:1:1 warning bad: a.md=Some(4)",
                "a.md:1:1 warning bad: bad line 1",
                "a.md:2:1 warning bad: bad line 2",
                "a.md:3:1 error unused-suppression: `<!-- relman-disable-next-line -->` suppresses nothing; remove it",
            ]
        );
        // Off: neither its checks nor its step run; an unreadable file is still reported
        // by the rule that reports those.
        let docs = [("a.md", Some("BAD\n")), ("gone.md", None)];
        let (report, _) = lint_with(&registry, &[("bad", RuleLevel::Off)], &[], &docs).unwrap();
        let found = lines(&report);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("gone.md:1:1 error bad: cannot read"),
            "{found:?}"
        );
        // An unknown `--rule` is refused with the rules there are.
        let err = lint_with(&registry, &[], &["nosuch"], &docs).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--rule nosuch: no such rule; the rules are bad, unused-suppression"
        );
    }
}
