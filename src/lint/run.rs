//! Running the lint: choose the files, build the context, lint every file on every core
//! (each parsed once), resolve what needs several files (anchors in other files, commit
//! hashes in one batch), apply suppressions and severities, and sort. The runner reads the
//! repository; the rules it calls do not. `--fix` applies the safe fixes and lints again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{anyhow, bail, Result};

use super::files::{walk, walk_tree};
use super::suppress::Suppressions;
use super::{broken_link, unknown_commit};
use super::{
    Anchors, Context, Document, FileSet, Finding, FxBuild, Generators, Output, Rule, RuleOptions,
    Severity, RULES,
};
use crate::fsutil;
use crate::manifest::{self, FileKind};
use crate::settings::RuleLevel;
use crate::workspace::Source;
use crate::workspace::Workspace;

/// One problem, ready to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    /// Root-relative, `/`-separated.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The text of the line, for the human report and fingerprints.
    pub source_line: String,
    pub fixable: bool,
}

/// What a lint run found.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub files_checked: usize,
    /// Files changed by `--fix`, with the number of fixes in each.
    pub fixed: Vec<(String, usize)>,
    /// Remarks for stderr (e.g. a check that could not run).
    pub notes: Vec<String>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// What the command line asks for.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Files and folders, relative to `cwd` (empty: the configured paths, or every Markdown file).
    pub paths: Vec<PathBuf>,
    pub cwd: PathBuf,
    /// Only these rules (empty: every enabled rule).
    pub rules: Vec<String>,
    pub fix: bool,
    /// Files as they will be (root-relative path → content), read instead of the disk: how
    /// `relman release` lints the result of a cut before writing a byte.
    pub overrides: HashMap<String, String>,
    /// The version the files will hold (`relman release` lints the cut before making it);
    /// then the version files are not compared, since the cut writes them all.
    pub version: Option<semver::Version>,
}

/// A place in a linted file: line, column and the line's text.
#[derive(Debug, Clone)]
struct Place {
    line: usize,
    column: usize,
    source_line: String,
}

/// A link to an anchor of another file, waiting for that file's anchors.
#[derive(Debug, Clone)]
struct PendingAnchor {
    target: String,
    fragment: String,
    at: Place,
}

/// A version field that does not hold the current version: its diagnostic and its fix.
struct VersionFix {
    diagnostic: Diagnostic,
    fix: Option<(String, std::ops::Range<usize>)>,
}

/// A file's results before the cross-file steps.
struct FileResult {
    path: String,
    diagnostics: Vec<(Diagnostic, Option<super::Fix>)>,
    anchors: Anchors,
    /// Anchor checks in other files: target, fragment, and where (line, column, line text).
    anchor_checks: Vec<PendingAnchor>,
    commits: Vec<(String, Place)>,
    suppressions: Suppressions,
}

/// The rules that run, with the level each runs at (None: the rule's own severities).
struct Enabled {
    rules: Vec<(&'static dyn Rule, Option<Severity>)>,
}

impl Enabled {
    /// Whether the rule runs.
    fn runs(&self, id: &str) -> bool {
        self.rules.iter().any(|(r, _)| r.id() == id)
    }

    /// The level configured for a rule that runs, if one is.
    fn forced(&self, id: &str) -> Option<Severity> {
        self.rules
            .iter()
            .find(|(r, _)| r.id() == id)
            .and_then(|(_, l)| *l)
    }

    fn severity(&self, rule: &dyn Rule, finding: &Finding) -> Severity {
        match self.forced(rule.id()) {
            Some(Severity::Warning) => Severity::Warning,
            _ => finding.severity.unwrap_or(rule.default_severity()),
        }
    }
}

/// Lint what `request` asks for in `project`.
pub fn lint(project: &Workspace, request: &Request) -> Result<Report> {
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

fn enabled_rules(project: &Workspace, request: &Request) -> Result<Enabled> {
    for id in &request.rules {
        if super::rule(id).is_none() {
            let ids: Vec<&str> = RULES.iter().map(|r| r.id()).collect();
            bail!(
                "--rule {id}: no such rule; the rules are {}",
                ids.join(", ")
            );
        }
    }
    let levels = &project.settings.lint.rules;
    let rules = RULES
        .iter()
        .copied()
        .filter(|r| request.rules.is_empty() || request.rules.iter().any(|id| id == r.id()))
        .filter_map(|r| match levels.get(r.id()) {
            Some(RuleLevel::Off) => None,
            Some(RuleLevel::Warning) => Some((r, Some(Severity::Warning))),
            Some(RuleLevel::Error) => Some((r, Some(Severity::Error))),
            None => Some((r, None)),
        })
        .collect();
    Ok(Enabled { rules })
}

fn lint_once(project: &Workspace, request: &Request) -> Result<(Report, Fixes)> {
    let enabled = enabled_rules(project, request)?;
    let files = file_set(project, request)?;
    let targets = targets(project, &files, request)?;
    let mut ctx = context(project, files)?;
    if let Some(v) = &request.version {
        ctx.version = Some(v.clone());
    }
    let mut report = Report {
        files_checked: targets.len(),
        ..Report::default()
    };

    // In the order of `targets`: sorted by path.
    let mut results = lint_files(&project.root, request, &targets, &ctx, &enabled);

    // Anchors in other files.
    if enabled.runs("broken-link") {
        resolve_anchors(project, request, &ctx, &mut results);
        // Every file's anchors and anchor checks are done with: free them (tens of thousands
        // of small allocations) on another thread while this one builds the report.
        let done: Vec<_> = results
            .iter_mut()
            .map(|r| {
                (
                    std::mem::take(&mut r.anchors),
                    std::mem::take(&mut r.anchor_checks),
                )
            })
            .collect();
        std::thread::spawn(move || drop(done));
    }
    // Commit hashes, in one batch.
    if enabled.runs("unknown-commit") {
        resolve_commits(project, &mut results, &mut report.notes)?;
    }
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut pending: Fixes = HashMap::new();
    let unused = enabled.runs("unused-suppression");
    for mut result in results {
        let path = std::mem::take(&mut result.path);
        for (mut d, fix) in result.diagnostics.drain(..) {
            if !result.suppressions.suppresses(&d.rule, d.line) {
                if enabled.forced(&d.rule) == Some(Severity::Warning) {
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
        if unused {
            for s in result.suppressions.list.iter().filter(|s| !s.used) {
                // A rule id that does not exist is a typo that silences nothing; otherwise it
                // is reported only when every rule it names ran, so that it could have
                // suppressed something.
                let unknown = s.ids.iter().flatten().find(|id| super::rule(id).is_none());
                let message = if let Some(id) = unknown {
                    let ids: Vec<&str> = RULES.iter().map(|r| r.id()).collect();
                    format!(
                        "`{}` names no rule `{id}`; the rules are {}",
                        s.text,
                        ids.join(", ")
                    )
                } else if s.ids.as_ref().map_or(request.rules.is_empty(), |ids| {
                    ids.iter().all(|id| enabled.runs(id))
                }) {
                    format!("`{}` suppresses nothing; remove it", s.text)
                } else {
                    continue;
                };
                diagnostics.push(Diagnostic {
                    rule: "unused-suppression".into(),
                    severity: enabled
                        .forced("unused-suppression")
                        .unwrap_or(Severity::Warning),
                    path: path.clone(),
                    line: s.line,
                    column: s.column,
                    message,
                    source_line: String::new(),
                    fixable: false,
                });
            }
        }
    }
    if request.paths.is_empty() && request.version.is_none() && enabled.runs("version-mismatch") {
        for v in version_files(project, &ctx, &enabled) {
            if let (Some((path, span)), Some(current)) = (v.fix, &ctx.version) {
                pending
                    .entry(path)
                    .or_default()
                    .push((span, current.to_string()));
            }
            diagnostics.push(v.diagnostic);
        }
    }
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.column, &a.rule, &a.message)
            .cmp(&(&b.path, b.line, b.column, &b.rule, &b.message))
    });
    diagnostics.dedup();
    report.diagnostics = diagnostics;
    Ok((report, pending))
}

/// A line as a report shows it: lines longer than a screen are left out (a report of a
/// minified file must not copy the whole line once per finding).
fn snippet(line: &str) -> String {
    if line.len() > 400 {
        String::new()
    } else {
        line.to_string()
    }
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
                        walk(&full)
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
                request.overrides.keys().cloned().collect(),
            ));
        }
        None => {
            // Outside git the disk is the truth: empty folders exist too.
            let (mut files, dirs) = walk_tree(&project.root);
            files.extend(request.overrides.keys().cloned());
            return Ok(FileSet::listed_with_dirs(files, dirs));
        }
    };
    files.extend(request.overrides.keys().cloned());
    Ok(FileSet::listed(files))
}

fn is_markdown(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
}

fn under(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_matches('/');
    prefix.is_empty() || path == prefix || path.starts_with(&format!("{prefix}/"))
}

/// The root-relative files to lint.
fn targets(project: &Workspace, files: &FileSet, request: &Request) -> Result<Vec<String>> {
    let exclude = &project.settings.lint.exclude;
    let excluded = |p: &str| exclude.iter().any(|e| under(p, e));
    let mut out: Vec<String> = Vec::new();
    if request.paths.is_empty() {
        let roots: Vec<String> = project
            .settings
            .lint
            .paths
            .clone()
            .unwrap_or_else(|| vec![String::new()]);
        for root in &roots {
            out.extend(
                files
                    .files()
                    .iter()
                    .filter(|f| is_markdown(f) && under(f, root) && !excluded(f))
                    .cloned(),
            );
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
                out.push(rel);
            } else if full.is_dir() {
                out.extend(
                    files
                        .files()
                        .iter()
                        .filter(|f| is_markdown(f) && under(f, &rel) && !excluded(f))
                        .cloned(),
                );
            } else {
                bail!("{}: no such file or folder", given.display());
            }
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// `path` relative to `root`, `/`-separated, with `.` and `..` resolved lexically.
fn relative(root: &Path, path: &Path) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            std::path::Component::ParentDir => {
                parts.pop();
            }
            std::path::Component::CurDir => {}
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let normal: PathBuf = parts.iter().collect();
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let normal = if normal.is_absolute() {
        normal
    } else {
        PathBuf::from("/").join(normal)
    };
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
fn context(project: &Workspace, files: FileSet) -> Result<Context> {
    let (version, source) = project.package().current_version(project)?;
    let version = match source {
        Source::Default => None,
        _ => Some(version),
    };
    let released = match &project.repo {
        Some(repo) if repo.head().is_ok() => project
            .package()
            .release_tags(project)?
            .into_iter()
            .map(|t| t.version)
            .collect(),
        _ => Vec::new(),
    };
    let mut package_names: Vec<String> = project.settings.lint.packages.clone();
    for name in crate::settings::KNOWN_FILES {
        let Some(kind) = FileKind::from_path(Path::new(name)) else {
            continue;
        };
        if let Some(text) = read_text_confined(&project.root, name) {
            if let Some(n) = manifest::package_name(kind, &text) {
                package_names.push(n);
            }
        }
    }
    package_names.sort();
    package_names.dedup();
    Ok(Context {
        version,
        version_source: source.to_string(),
        released,
        generators: generators(&project.root, &files),
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
    })
}

/// The documentation generators whose config files sit at the root.
fn generators(root: &Path, files: &FileSet) -> Generators {
    let read = |name: &str| read_text_confined(root, name).unwrap_or_default();
    let mkdocs = ["mkdocs.yml", "mkdocs.yaml"]
        .iter()
        .map(|f| read(f))
        .collect::<String>();
    let hugo_config = ["config.toml", "config.yaml"]
        .iter()
        .map(|f| read(f))
        .collect::<String>();
    Generators {
        mdbook: files.is_file("book.toml"),
        hugo: ["hugo.toml", "hugo.yaml", "hugo.json"]
            .iter()
            .any(|f| files.is_file(f))
            || hugo_config.contains("baseURL")
            || hugo_config.contains("baseurl"),
        jinja: mkdocs.contains("macros"),
        liquid: files.is_file("_config.yml") || files.is_file("_config.yaml"),
    }
}

/// A document, or the rule and message of why it cannot be read.
fn read_doc(
    root: &Path,
    request: &Request,
    path: &str,
) -> std::result::Result<Document, (&'static str, String)> {
    if let Some(text) = request.overrides.get(path) {
        return Ok(Document::parse(path, text.clone()));
    }
    let bytes = read_confined(root, path)?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Document::parse(path, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let (line, column) = manifest::line_col(&prefix, valid);
            Err((
                "mojibake",
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

/// A file's bytes, never through a symbolic link that leaves the repository (or leads into
/// `.git`), never from a FIFO, device or socket (not even opened), and at most `MAX_DOC`.
fn read_confined(root: &Path, path: &str) -> std::result::Result<Vec<u8>, (&'static str, String)> {
    let full = root.join(path);
    let meta =
        std::fs::symlink_metadata(&full).map_err(|e| ("mojibake", format!("cannot read: {e}")))?;
    if !meta.file_type().is_symlink() {
        // Not a link: what `lstat` said is what `stat` would say; one call per document.
        return crate::paths::read_known(&full, &meta, MAX_DOC)
            .map_err(|e| ("mojibake", e.to_string()));
    }
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let inside = std::fs::canonicalize(&full)
        .is_ok_and(|t| t.starts_with(&real_root) && !t.starts_with(real_root.join(".git")));
    if !inside {
        let target = std::fs::read_link(&full).unwrap_or_default();
        return Err((
            "broken-link",
            format!(
                "a symbolic link to {}, outside the repository: not read (relman never follows a link out of the work tree); point it inside or remove it",
                target.display()
            ),
        ));
    }
    crate::paths::read_capped(&full, MAX_DOC).map_err(|e| ("mojibake", e.to_string()))
}

/// A small file of the repository (a manifest, a site config) as text, read as documents
/// are (see [`read_confined`]); None when it is absent or cannot be read.
fn read_text_confined(root: &Path, name: &str) -> Option<String> {
    read_confined(root, name)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}

fn lint_files(
    root: &Path,
    request: &Request,
    targets: &[String],
    ctx: &Context,
    enabled: &Enabled,
) -> Vec<FileResult> {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(targets.len().max(1))
        .min(16);
    let want_anchors = enabled.runs("broken-link");
    // Many files mean many links to look up: index the file set once for all of them.
    if want_anchors && targets.len() >= 64 {
        ctx.files.index();
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = targets.get(i) else { break };
                        out.push((
                            i,
                            lint_file(root, request, path, ctx, enabled, want_anchors),
                        ));
                    }
                    out
                })
            })
            .collect();
        // Back in the order of `targets`.
        let mut slots: Vec<Option<FileResult>> = Vec::new();
        slots.resize_with(targets.len(), || None);
        for (i, result) in handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
        {
            slots[i] = Some(result);
        }
        slots.into_iter().flatten().collect()
    })
}

fn lint_file(
    root: &Path,
    request: &Request,
    path: &str,
    ctx: &Context,
    enabled: &Enabled,
    want_anchors: bool,
) -> FileResult {
    let mut result = FileResult {
        path: path.to_string(),
        diagnostics: Vec::new(),
        anchors: Anchors::default(),
        anchor_checks: Vec::new(),
        commits: Vec::new(),
        suppressions: Suppressions::default(),
    };
    let doc = match read_doc(root, request, path) {
        Ok(doc) => doc,
        Err((rule, message)) => {
            result.diagnostics.push((
                Diagnostic {
                    rule: rule.into(),
                    severity: Severity::Error,
                    path: path.to_string(),
                    line: 1,
                    column: 1,
                    message,
                    source_line: String::new(),
                    fixable: false,
                },
                None,
            ));
            return result;
        }
    };
    let mut own_anchors = None;
    for &(rule, _) in &enabled.rules {
        let mut out = Output::default();
        rule.check(&doc, ctx, &mut out);
        if out.own_anchors.is_some() {
            own_anchors = out.own_anchors.take();
        }
        for finding in out.findings {
            let (line, column) = doc.line_col(finding.range.start);
            let severity = enabled.severity(rule, &finding);
            result.diagnostics.push((
                Diagnostic {
                    rule: rule.id().to_string(),
                    severity,
                    path: path.to_string(),
                    line,
                    column,
                    message: finding.message,
                    source_line: snippet(doc.line_text(line)),
                    fixable: finding.fix.is_some(),
                },
                finding.fix,
            ));
        }
        for check in out.anchors {
            let (line, column) = doc.line_col(check.range.start);
            result.anchor_checks.push(PendingAnchor {
                target: check.target,
                fragment: check.fragment,
                at: Place {
                    line,
                    column,
                    source_line: snippet(doc.line_text(line)),
                },
            });
        }
        for (hash, range) in out.commits {
            let (line, column) = doc.line_col(range.start);
            result.commits.push((
                hash,
                Place {
                    line,
                    column,
                    source_line: snippet(doc.line_text(line)),
                },
            ));
        }
    }
    if want_anchors {
        result.anchors = own_anchors.unwrap_or_else(|| broken_link::anchors(&doc));
    }
    result.suppressions = Suppressions::read(&doc);
    result
}

fn resolve_anchors(
    project: &Workspace,
    request: &Request,
    ctx: &Context,
    results: &mut [FileResult],
) {
    let index: HashMap<&str, usize, FxBuild> = results
        .iter()
        .enumerate()
        .map(|(i, r)| (r.path.as_str(), i))
        .collect();
    // Files outside the lint are read when a link first points into them, once.
    let root = project.root.as_path();
    let outside: std::sync::Mutex<HashMap<String, Option<std::sync::Arc<Anchors>>>> =
        std::sync::Mutex::default();
    let outside_anchors = |target: &str| -> Option<std::sync::Arc<Anchors>> {
        let mut outside = outside
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        outside
            .entry(target.to_string())
            .or_insert_with(|| {
                ctx.files
                    .is_file(target)
                    .then(|| read_doc(root, request, target).ok())
                    .flatten()
                    .map(|d| std::sync::Arc::new(broken_link::anchors(&d)))
            })
            .clone()
    };
    let relaxed = ctx.generators != super::Generators::default();
    let view: &[FileResult] = results;
    let check = |i: usize| -> Vec<Diagnostic> {
        let result = &view[i];
        let mut found = Vec::new();
        for PendingAnchor {
            target,
            fragment,
            at,
        } in &result.anchor_checks
        {
            let read;
            let anchors = if let Some(&t) = index.get(target.as_str()) {
                &view[t].anchors
            } else {
                let Some(a) = outside_anchors(target) else {
                    continue;
                };
                read = a;
                &*read
            };
            if !broken_link::has_anchor(anchors, fragment, relaxed) {
                found.push(Diagnostic {
                    rule: "broken-link".into(),
                    severity: Severity::Error,
                    path: result.path.clone(),
                    line: at.line,
                    column: at.column,
                    message: broken_link::anchor_message_near(target, fragment, anchors),
                    source_line: at.source_line.clone(),
                    fixable: false,
                });
            }
        }
        found
    };
    // Both cores when there are many: the lookups are independent.
    let checks: usize = view.iter().map(|r| r.anchor_checks.len()).sum();
    let half = if checks < 1024 {
        view.len()
    } else {
        view.len() / 2
    };
    let found: Vec<(usize, Vec<Diagnostic>)> = std::thread::scope(|scope| {
        let second = scope.spawn(|| {
            (half..view.len())
                .map(|i| (i, check(i)))
                .collect::<Vec<_>>()
        });
        let mut first: Vec<_> = (0..half).map(|i| (i, check(i))).collect();
        first.extend(second.join().unwrap_or_default());
        first
    });
    for (i, diagnostics) in found {
        results[i]
            .diagnostics
            .extend(diagnostics.into_iter().map(|d| (d, None)));
    }
}

fn resolve_commits(
    project: &Workspace,
    results: &mut [FileResult],
    notes: &mut Vec<String>,
) -> Result<()> {
    let Some(repo) = &project.repo else {
        return Ok(());
    };
    if repo.head().is_err() {
        return Ok(());
    }
    let mut hashes: Vec<String> = results
        .iter()
        .flat_map(|r| r.commits.iter().map(|c| c.0.clone()))
        .collect();
    if hashes.is_empty() {
        return Ok(());
    }
    if repo.is_shallow() {
        notes.push(format!(
            "unknown-commit: this is a shallow clone, so the {} cited commit hash(es) were not checked; fetch the whole history for a complete check",
            hashes.len()
        ));
        return Ok(());
    }
    hashes.sort();
    hashes.dedup();
    let unknown: HashSet<String> = repo.unknown_objects(&hashes)?.into_iter().collect();
    for r in results.iter_mut() {
        for (hash, at) in std::mem::take(&mut r.commits) {
            if unknown.contains(&hash) {
                r.diagnostics.push((
                    Diagnostic {
                        rule: "unknown-commit".into(),
                        severity: Severity::Warning,
                        path: r.path.clone(),
                        line: at.line,
                        column: at.column,
                        message: unknown_commit::message(&hash),
                        source_line: at.source_line,
                        fixable: false,
                    },
                    None,
                ));
            }
        }
    }
    Ok(())
}

/// version-mismatch for the version files and patterns: each must hold the current version.
fn version_files(project: &Workspace, ctx: &Context, enabled: &Enabled) -> Vec<VersionFix> {
    let Some(current) = &ctx.version else {
        return Vec::new();
    };
    let severity = match enabled.forced("version-mismatch") {
        Some(Severity::Warning) => Severity::Warning,
        _ => Severity::Error,
    };
    let mut out = Vec::new();
    let files = match project.package().version_files(project) {
        Ok(files) => files,
        Err(e) => {
            out.push(VersionFix {
                diagnostic: Diagnostic {
                    rule: "version-mismatch".into(),
                    severity,
                    path: "release.toml".into(),
                    line: 1,
                    column: 1,
                    message: format!("{e:#}"),
                    source_line: String::new(),
                    fixable: false,
                },
                fix: None,
            });
            return out;
        }
    };
    for file in files.iter().filter(|f| f.checked) {
        for field in &file.fields {
            let Ok(v) = semver::Version::parse(&field.text) else {
                continue;
            };
            if v.cmp_precedence(current).is_ne() {
                let path = file.path.to_string_lossy().replace('\\', "/");
                out.push(VersionFix {
                    diagnostic: Diagnostic {
                        rule: "version-mismatch".into(),
                        severity,
                        path: path.clone(),
                        line: field.line,
                        column: field.column,
                        message: format!(
                            "{} holds {v}, but the version is {current} ({}); run `relman lint --fix` or write {current}",
                            field.location, ctx.version_source
                        ),
                        source_line: file.text.lines().nth(field.line - 1).unwrap_or("").to_string(),
                        fixable: true,
                    },
                    fix: Some((path, field.span.clone())),
                });
            }
        }
    }
    out
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
