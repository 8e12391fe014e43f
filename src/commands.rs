//! The commands of the version engine: `version`, `next`, `bump`, `check-commit`. Each reads
//! the project, asks the pure modules for an answer, and writes it to the given writers.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use serde_json::json;

use crate::cli::{self, BumpArgs, CheckCommitArgs, NextArgs, NextFormat};
use crate::commit::{self, Message, Strictness};
use crate::decide::{self, Choice, Decision};
use crate::fsutil::{self, Edit};
use crate::history::{self, Effect};
use crate::manifest;
use crate::project::{self, Project};
use crate::text::printable;
use crate::version::Bump;
use crate::Status;

/// What every command gets.
pub struct Ctx<'a> {
    pub dir: PathBuf,
    pub config: Option<PathBuf>,
    pub quiet: bool,
    pub verbose: bool,
    /// Colour the human output.
    pub color: bool,
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

impl Ctx<'_> {
    pub fn project(&self) -> Result<Project> {
        Project::open(&self.dir, self.config.as_deref())
    }

    /// A warning on stderr; control characters (from a commit, a file) shown escaped.
    pub fn warn(&mut self, text: &str) -> Result<()> {
        if !self.quiet {
            writeln!(self.err, "warning: {}", printable(text))?;
        }
        Ok(())
    }

    /// A note on stderr; control characters shown escaped.
    pub fn note(&mut self, text: &str) -> Result<()> {
        if !self.quiet {
            writeln!(self.err, "{}", printable(text))?;
        }
        Ok(())
    }
}

fn choice(args: &cli::BumpChoice) -> Choice {
    Choice {
        level: args.level.map(|l| match l {
            cli::Level::Major => Bump::Major,
            cli::Level::Minor => Bump::Minor,
            cli::Level::Patch => Bump::Patch,
        }),
        pre: args.pre.clone(),
    }
}

/// `relman version`
pub fn version(ctx: &mut Ctx<'_>) -> Result<Status> {
    let project = ctx.project()?;
    let (version, source) = project.current_version()?;
    writeln!(ctx.out, "{version}")?;
    if ctx.verbose {
        ctx.note(&format!("read from {source}"))?;
    }
    Ok(Status::Success)
}

/// `relman next`
pub fn next(ctx: &mut Ctx<'_>, args: &NextArgs) -> Result<Status> {
    let project = ctx.project()?;
    let decision = decide::decide(&project, &choice(&args.choice))?;
    for note in &decision.notes {
        ctx.warn(note)?;
    }
    match args.format {
        NextFormat::Json => {
            let value = decision_json(&decision);
            let text = serde_json::to_string_pretty(&value)?;
            writeln!(ctx.out, "{}", crate::text::json_text(text))?;
        }
        NextFormat::Text => {
            let shown = decision.next.as_ref().unwrap_or(&decision.current);
            writeln!(ctx.out, "{shown}")?;
        }
    }
    if args.explain {
        explain(ctx, &decision)?;
    }
    if decision.next.is_none() && args.format == NextFormat::Text {
        ctx.note(&format!(
            "{}; {} stays",
            nothing_text(&decision),
            decision.current
        ))?;
    }
    Ok(Status::Success)
}

fn since_text(decision: &Decision) -> String {
    match (&decision.base, &decision.latest) {
        (Some(base), Some(latest)) if base != latest => {
            format!(
                "since {} (the latest tag, {}, is a pre-release)",
                base.name, latest.name
            )
        }
        (Some(base), _) => format!("since {}", base.name),
        (None, Some(latest)) => format!(
            "in the whole history (no stable release tag; the latest tag, {}, is a pre-release)",
            latest.name
        ),
        (None, None) => "in the whole history (no release tag yet)".to_string(),
    }
}

fn nothing_text(decision: &Decision) -> String {
    match &decision.latest {
        Some(latest) if !latest.version.pre.is_empty() => format!(
            "nothing to release: no feat, fix, perf or breaking change since {}",
            latest.name
        ),
        _ => format!(
            "nothing to release {}: no feat, fix, perf or breaking change",
            since_text(decision)
        ),
    }
}

fn decision_json(d: &Decision) -> serde_json::Value {
    let commits: Vec<_> = d
        .entries
        .iter()
        .map(|e| {
            let (effect, reason) = effect_parts(&e.effect);
            json!({
                "id": e.raw.id,
                "short": e.raw.short,
                "subject": e.subject(),
                "effect": effect,
                "bump": e.effect.bump(),
                "reason": reason,
            })
        })
        .collect();
    json!({
        "current": d.current.to_string(),
        "source": d.source.to_string(),
        "previous": d.previous.to_string(),
        "latest_tag": d.latest.as_ref().map(|t| t.name.clone()),
        "base_tag": d.base.as_ref().map(|t| t.name.clone()),
        "next": d.next.as_ref().map_or_else(|| d.current.to_string(), ToString::to_string),
        "releasable": d.next.is_some(),
        "bump": d.bump,
        "commits": commits,
        "notes": d.notes,
    })
}

fn effect_parts(effect: &Effect) -> (&'static str, &str) {
    match effect {
        Effect::Bump { bump, reason } => (bump.as_str(), reason),
        Effect::Cancelled { reason } => ("cancelled", reason),
        Effect::Skipped { reason } => ("skipped", reason),
        Effect::Rejected { reason } => ("rejected", reason),
    }
}

fn explain(ctx: &mut Ctx<'_>, d: &Decision) -> Result<()> {
    let next = d
        .next
        .as_ref()
        .map_or_else(|| "nothing to release".to_string(), ToString::to_string);
    let asked = history::highest(&d.entries);
    let policy = if asked == d.bump {
        String::new()
    } else {
        format!(
            "; the commits ask for {asked}, which is {} below 1.0.0",
            d.bump
        )
    };
    writeln!(
        ctx.err,
        "{} -> {next} ({}{policy}), {} commit(s) {}",
        d.previous,
        d.bump,
        d.entries.len(),
        since_text(d)
    )?;
    for e in &d.entries {
        let (effect, reason) = effect_parts(&e.effect);
        let full = printable(e.subject());
        let mut subject: String = full.chars().take(60).collect();
        if full.chars().count() > 60 {
            subject.push('…');
        }
        writeln!(
            ctx.err,
            "  {effect:<9} {} {subject:<61} {}",
            e.raw.short,
            printable(reason)
        )?;
    }
    Ok(())
}

/// `relman bump`
pub fn bump(ctx: &mut Ctx<'_>, args: &BumpArgs) -> Result<Status> {
    let project = ctx.project()?;
    let _lock = if args.dry_run {
        None
    } else {
        crate::journal::hold(&project, "bump")?
    };
    let decision = decide::decide(&project, &choice(&args.choice))?;
    for note in &decision.notes {
        ctx.warn(note)?;
    }
    let files = project.version_files()?;
    let agreed = project::check_agreement(&files)?;
    let Some(next) = decision.next.clone() else {
        ctx.note(&format!("{}; nothing written", nothing_text(&decision)))?;
        writeln!(ctx.out, "{}", decision.current)?;
        return Ok(Status::Success);
    };
    let old = agreed.unwrap_or_else(|| decision.current.clone());
    let new_text = next.to_string();
    let edits: Vec<Edit> = files
        .iter()
        .map(|f| Edit {
            path: f.path.clone(),
            full: project.root.join(&f.real),
            old: Some(f.text.clone().into_bytes()),
            new: manifest::splice(&f.text, &f.fields, &new_text).into_bytes(),
        })
        .filter(|e| e.old.as_deref() != Some(e.new.as_slice()))
        .collect();
    let verb = if args.dry_run { "would write" } else { "wrote" };
    if !args.dry_run {
        fsutil::write_all(&edits)?;
    }
    writeln!(ctx.out, "{old} -> {next}")?;
    for file in &files {
        for field in &file.fields {
            let changed = edits.iter().any(|e| e.path == file.path);
            let what = if changed { verb } else { "unchanged" };
            ctx.note(&format!(
                "  {what} {}:{}:{} ({})",
                file.path.display(),
                field.line,
                field.column,
                field.location
            ))?;
        }
    }
    if files.is_empty() {
        ctx.note("  no version file to write: the version lives in the release tags")?;
    }
    Ok(Status::Success)
}

/// `relman check-commit`
pub fn check_commit(ctx: &mut Ctx<'_>, args: &CheckCommitArgs) -> Result<Status> {
    if let Some(range) = &args.range {
        return check_range(ctx, range);
    }
    let path = args
        .file
        .clone()
        .context("give a message file or --range A..B")?;
    let bytes = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read the message from standard input")?;
        bytes
    } else {
        std::fs::read(ctx.dir.join(&path))
            .with_context(|| format!("{}: cannot read the commit message file", path.display()))?
    };
    let shown = path.display().to_string();
    let raw = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = manifest::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            e.utf8_error().valid_up_to(),
        );
        anyhow!("{shown}:{line}:{column}: the commit message is not valid UTF-8; write it as UTF-8")
    })?;
    // A byte-order mark (as editors on Windows write) is no part of the message.
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    // git's comment character: core.commentChar of the repository, if there is one.
    let configured = Project::open(&ctx.dir, ctx.config.as_deref())
        .ok()
        .and_then(|p| p.repo.as_ref().map(crate::git::Repo::comment_char));
    let comment = match configured {
        Some(Some(c)) => c,
        _ => commit::guess_comment_char(raw),
    };
    let (cleaned, raw_lines) = commit::clean_hook_lines(raw, comment);
    match commit::parse(&cleaned) {
        Message::Rejected(r) => {
            let line_text = cleaned.lines().nth(r.line.saturating_sub(1)).unwrap_or("");
            let line = raw_lines
                .get(r.line.saturating_sub(1))
                .copied()
                .unwrap_or(1);
            writeln!(
                ctx.out,
                "{}:{line}:{}: error: {}\n  | {}",
                printable(&shown),
                r.column,
                printable(&r.reason),
                printable(line_text)
            )?;
            ctx.note("a Conventional Commit reads `type(scope): description`, e.g. `fix(parser): accept empty bodies`")?;
            Ok(Status::CheckFailed)
        }
        _ => Ok(Status::Success),
    }
}

fn check_range(ctx: &mut Ctx<'_>, range: &str) -> Result<Status> {
    let project = ctx.project()?;
    let repo = project.repo()?;
    repo.head()?;
    let entries = history::analyze(repo.range(range)?, Strictness::Strict);
    let mut bad = 0;
    for e in &entries {
        if let Effect::Rejected { reason } = &e.effect {
            bad += 1;
            writeln!(
                ctx.out,
                "{}: error: {}\n  | {}",
                e.raw.short,
                printable(reason),
                printable(e.subject())
            )?;
        }
    }
    if bad > 0 {
        ctx.note(&format!(
            "{bad} of {} commit(s) in {range} are not Conventional Commits",
            entries.len()
        ))?;
        return Ok(Status::CheckFailed);
    }
    if entries.is_empty() && !ctx.quiet {
        ctx.note(&format!("no commit in {range}"))?;
    }
    Ok(Status::Success)
}

/// `relman lint`
pub fn lint(ctx: &mut Ctx<'_>, args: &cli::LintArgs) -> Result<Status> {
    if args.list {
        for rule in crate::lint::RULES {
            writeln!(
                ctx.out,
                "{:<20} {:<8} {}",
                rule.id(),
                rule.default_severity().as_str(),
                rule.summary()
            )?;
        }
        return Ok(Status::Success);
    }
    if let Some(id) = &args.explain {
        let rule = crate::lint::rule(id).ok_or_else(|| {
            let ids: Vec<&str> = crate::lint::RULES.iter().map(|r| r.id()).collect();
            anyhow!("no rule {id:?}; the rules are {}", ids.join(", "))
        })?;
        writeln!(
            ctx.out,
            "# {} ({} by default)\n\n{}\n\n{}",
            rule.id(),
            rule.default_severity().as_str(),
            rule.summary(),
            rule.docs().trim_end()
        )?;
        return Ok(Status::Success);
    }
    let project = ctx.project()?;
    let _lock = if args.fix {
        crate::journal::hold(&project, "lint --fix")?
    } else {
        None
    };
    let request = crate::lint::run::Request {
        paths: args.paths.clone(),
        cwd: ctx.dir.clone(),
        rules: args.rules.clone(),
        fix: args.fix,
        overrides: std::collections::HashMap::new(),
        version: None,
    };
    let report = crate::lint::run::lint(&project, &request)?;
    for note in &report.notes {
        ctx.warn(note)?;
    }
    for (path, count) in &report.fixed {
        ctx.note(&format!("fixed {count} problem(s) in {path}"))?;
    }
    let format = match args.format {
        cli::LintFormat::Human => crate::report::Format::Human,
        cli::LintFormat::Json => crate::report::Format::Json,
        cli::LintFormat::Github => crate::report::Format::Github,
        cli::LintFormat::Sarif => crate::report::Format::Sarif,
    };
    let text = crate::report::render(&report, format, ctx.color);
    ctx.out.write_all(text.as_bytes())?;
    if format == crate::report::Format::Github && !ctx.quiet {
        let errors = report.count(crate::lint::Severity::Error);
        let warnings = report.count(crate::lint::Severity::Warning);
        writeln!(
            ctx.err,
            "{} file(s) checked: {errors} error(s), {warnings} warning(s)",
            report.files_checked
        )?;
    }
    if report.count(crate::lint::Severity::Error) > 0 {
        Ok(Status::CheckFailed)
    } else {
        Ok(Status::Success)
    }
}

/// `relman release`
pub fn release(ctx: &mut Ctx<'_>, args: &cli::ReleaseArgs) -> Result<Status> {
    let project = ctx.project()?;
    if args.abort {
        return abort(ctx, &project, args.force);
    }
    // The lock comes before the plan: a second release refuses before it reads anything.
    let lock = if args.dry_run {
        crate::journal::guard(&project)?;
        None
    } else {
        Some(crate::journal::Lock::take(project.repo()?)?)
    };
    let options = crate::release::Options {
        choice: choice(&args.choice),
        no_commit: args.no_commit,
        no_tag: args.no_tag || args.no_commit,
        allow_dirty: args.allow_dirty,
        allow_detached: args.allow_detached,
        date: args.date.clone(),
    };
    let Some(plan) = crate::release::Plan::build(&project, &options)? else {
        ctx.note("nothing to release: no feat, fix, perf or breaking change since the latest release tag")?;
        return Ok(Status::Success);
    };
    if args.format == cli::PlanFormat::Json {
        let text = serde_json::to_string_pretty(&plan)?;
        writeln!(ctx.out, "{}", crate::text::json_text(text))?;
        if args.dry_run {
            return Ok(Status::Success);
        }
    } else if args.dry_run {
        // The diff shows the files' own lines: their control characters are shown escaped.
        ctx.out.write_all(printable(&plan.describe()).as_bytes())?;
        ctx.note("dry run: nothing was written")?;
        return Ok(Status::Success);
    }
    let lock = lock.context("no release lock")?;
    let done = plan.execute(&project, lock)?;
    if args.format == cli::PlanFormat::Text {
        writeln!(ctx.out, "{} -> {}", plan.previous, plan.version)?;
    }
    for file in &plan.files {
        ctx.note(&format!("  wrote {}", file.path))?;
    }
    if let Some(commit) = &done.commit {
        ctx.note(&format!("  committed {}", &commit[..7]))?;
    }
    if let Some(tag) = &done.tag {
        ctx.note(&format!("  tagged {tag}"))?;
    }
    Ok(Status::Success)
}

/// `relman release --abort`
fn abort(ctx: &mut Ctx<'_>, project: &Project, force: bool) -> Result<Status> {
    let Some((journal, undone)) = crate::journal::abort(project, force)? else {
        ctx.note("no interrupted release in this repository: nothing to undo")?;
        return Ok(Status::Success);
    };
    let version = journal.version.as_deref().unwrap_or("an unknown version");
    for line in &undone.restored {
        ctx.note(&format!("  {line}"))?;
    }
    if undone.failed.is_empty() {
        writeln!(
            ctx.out,
            "the release of {version} (interrupted at `{}`) was undone; the repository is as it was before it",
            journal.step
        )?;
        return Ok(Status::Success);
    }
    anyhow::bail!(
        "the release of {version} was undone in part; not restored: {}; fix that and run `relman release --abort` again",
        undone.failed.join("; ")
    )
}

/// `relman init`
pub fn init(ctx: &mut Ctx<'_>, args: &cli::InitArgs) -> Result<Status> {
    let project = ctx.project()?;
    let _lock = crate::journal::hold(&project, "init")?;
    let (_, source) = project.current_version()?;
    let source_line = match &source {
        project::Source::File(path) => format!("source = \"{}\"", path.display()),
        project::Source::Tag(_) | project::Source::Default => "source = \"tag\"".to_string(),
    };
    let remote = project
        .repo
        .as_ref()
        .and_then(|r| r.remote_url("origin"))
        .and_then(|u| crate::remote::Remote::parse(&u));
    let remote_note = match &remote {
        // A comment line: the URL is the forge's host and path only (no credentials, query
        // or fragment), and could never end the line.
        Some(r) => format!(
            "# Links go to {} (from the origin remote).",
            crate::text::one_line(&r.url)
        ),
        None => "# No forge remote (origin on GitHub, GitLab, Bitbucket or Gitea): no links."
            .to_string(),
    };
    let config = format!(
        "# relman's configuration. Every key is optional; see relman's README for all of them.\n\
         {remote_note}\n\
         \n\
         [version]\n\
         # Where the current version is read from (found in this repository).\n\
         {source_line}\n\
         # Release tags look like v1.2.3.\n\
         tag-prefix = \"v\"\n\
         # Below 1.0.0: a breaking change bumps the minor version, a feature the patch version.\n\
         pre-major-breaking = \"minor\"\n\
         pre-major-feat = \"patch\"\n\
         \n\
         [changelog]\n\
         path = \"CHANGELOG.md\"\n\
         \n\
         [changelog.paths]\n\
         # Paths that make the staging plan add a database backup and migration step.\n\
         migrations = [\"migrations/**\", \"db/migrate/**\"]\n\
         \n\
         [documents]\n\
         # What relman release renders, from templates/NAME.md.tera.\n\
         notes = \"docs/releases/RELEASE_NOTES_{{{{version}}}}.md\"\n\
         plan = \"docs/releases/STAGING_PLAN_{{{{version}}}}.md\"\n\
         checklist = \"docs/releases/CHECKLIST_{{{{version}}}}.md\"\n\
         \n\
         [context]\n\
         # Free values for the templates, as context.KEY.\n\
         owner = \"the release manager\"\n\
         \n\
         [hooks]\n\
         # Commands run without a shell, with RELMAN_VERSION and RELMAN_PREVIOUS_VERSION set;\n\
         # one that fails stops the release and undoes it. For example:\n\
         # before-write = [[\"cargo\", \"test\"]]\n"
    );
    // The file must load: it is what every other command reads.
    crate::config::parse(&config)
        .map_err(|e| anyhow!("the generated release.toml is invalid ({e}); please report this"))?;
    // Through `paths`, like every write: a linked templates folder cannot lead out.
    let mut writes: Vec<(crate::paths::RepoPath, String)> = vec![(
        crate::paths::RepoPath::resolve(&project.fs_root, "release.toml")?,
        config,
    )];
    for (name, source) in crate::render::BUILTINS {
        let path = format!("templates/{name}.md.tera");
        writes.push((
            crate::paths::RepoPath::resolve(&project.fs_root, &path)?,
            (*source).to_string(),
        ));
    }
    if !args.force {
        let existing: Vec<&str> = writes
            .iter()
            .filter(|(p, _)| p.exists)
            .map(|(p, _)| p.shown.as_str())
            .collect();
        if !existing.is_empty() {
            anyhow::bail!(
                "{} already exist(s); relman init does not overwrite without --force",
                existing.join(", ")
            );
        }
    }
    for (file, _) in &writes {
        if let Some(parent) = file.full.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: cannot create its folder", file.shown))?;
        }
    }
    let edits: Vec<Edit> = writes
        .into_iter()
        .map(|(file, text)| Edit {
            path: std::path::PathBuf::from(&file.shown),
            old: if file.exists {
                std::fs::read(&file.full).ok()
            } else {
                None
            },
            full: file.full,
            new: text.into_bytes(),
        })
        .collect();
    fsutil::write_all(&edits)?;
    for edit in &edits {
        ctx.note(&format!("  wrote {}", edit.path.display()))?;
    }
    writeln!(
        ctx.out,
        "release.toml and templates/ are ready; try `relman release --dry-run`"
    )?;
    Ok(Status::Success)
}
