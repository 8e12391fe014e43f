//! The commands: one file each, thin adapters from the parsed command line to the library.
//! Each opens the workspace, asks the library for an answer, and writes it to the given
//! writers; none holds logic another command needs (that lives below, in the library).

mod bump;
mod changelog;
mod check_commit;
mod config;
mod init;
mod lint;
mod next;
mod release;
mod render;
mod status;
mod version;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::cli::{self, Command};
use crate::decide::Choice;
use crate::fsutil;
use crate::paths::RepoPath;
use crate::text::printable;
use crate::version::Bump;
use crate::workspace::Workspace;
use crate::Status;

/// Run one parsed command.
pub(crate) fn run(ctx: &mut Ctx<'_>, command: &Command) -> Result<Status> {
    match command {
        Command::Init(args) => init::run(ctx, args),
        Command::Version => version::run(ctx),
        Command::Next(args) => next::run(ctx, args),
        Command::Bump(args) => bump::run(ctx, args),
        Command::CheckCommit(args) => check_commit::run(ctx, args),
        Command::Lint(args) => lint::run(ctx, args),
        Command::Changelog(args) => changelog::run(ctx, args),
        Command::Render(args) => render::run(ctx, args),
        Command::Release(args) => release::run(ctx, args),
        Command::Config(args) => config::run(ctx, args),
        Command::Status(args) => status::run(ctx, args),
        Command::Completions(args) => {
            cli::write_completions(args.shell, ctx.out)?;
            Ok(Status::Success)
        }
        Command::Man => {
            cli::write_man(ctx.out)?;
            Ok(Status::Success)
        }
    }
}

/// What every command gets.
// Each flag is an independent setting of the run (not a state machine).
#[allow(clippy::struct_excessive_bools)]
pub(crate) struct Ctx<'a> {
    pub(crate) dir: PathBuf,
    pub(crate) config: Option<PathBuf>,
    pub(crate) quiet: bool,
    pub(crate) verbose: bool,
    /// Colour the human output.
    pub(crate) color: bool,
    /// `--package NAME`, as given.
    pub(crate) packages: Vec<String>,
    pub(crate) out: &'a mut dyn Write,
    pub(crate) err: &'a mut dyn Write,
    /// Whether the note that `release.toml` is another tool's was given (a command may open
    /// the workspace twice).
    pub(crate) foreign_noted: bool,
}

impl Ctx<'_> {
    /// The workspace, with the package `--package` names chosen (one at most: only `next`,
    /// which opens it with `workspace_of_all`, takes several).
    pub(crate) fn workspace(&mut self) -> Result<Workspace> {
        let mut ws = self.workspace_of_all()?;
        match self.packages.as_slice() {
            [] => {}
            [one] => ws.select(one)?,
            [..] => anyhow::bail!(
                "--package is given {} times; this command works on one package at a time",
                self.packages.len()
            ),
        }
        Ok(ws)
    }

    /// In a monorepo, the packages a command that takes several works on: those
    /// `--package` names when it is given more than once or not at all (then every
    /// package, for the command to keep those with something to release). None when the
    /// command works on one package: the repository is one, or `--package` names one.
    pub(crate) fn several(&self, ws: &Workspace) -> Result<Option<Vec<usize>>> {
        if ws.packages().is_empty() {
            if self.packages.len() > 1 {
                anyhow::bail!(
                    "--package is given {} times, but this repository is one package",
                    self.packages.len()
                );
            }
            return Ok(None);
        }
        match self.packages.as_slice() {
            [] => Ok(Some((0..ws.packages().len()).collect())),
            [_] => Ok(None),
            names => {
                let mut chosen = Vec::new();
                for name in names {
                    let i = ws.index_of(name)?;
                    if !chosen.contains(&i) {
                        chosen.push(i);
                    }
                }
                Ok(Some(chosen))
            }
        }
    }

    /// The workspace, no package chosen.
    pub(crate) fn workspace_of_all(&mut self) -> Result<Workspace> {
        let ws = Workspace::open(&self.dir, self.config.as_deref(), &crate::lint::rule_ids())?;
        if let Some(note) = ws.settings.foreign.as_ref().filter(|_| !self.foreign_noted) {
            self.note(note)?;
            self.foreign_noted = true;
        }
        Ok(ws)
    }

    /// A warning on stderr; control characters (from a commit, a file) shown escaped.
    pub(crate) fn warn(&mut self, text: &str) -> Result<()> {
        if !self.quiet {
            writeln!(self.err, "warning: {}", printable(text))?;
        }
        Ok(())
    }

    /// Append `markdown` to the GitHub step summary, when `GITHUB_STEP_SUMMARY` names one
    /// (as it does in every step of a GitHub Actions job). A summary that cannot be written
    /// is a warning: the check's result stands.
    pub(crate) fn step_summary(&mut self, markdown: impl FnOnce() -> String) -> Result<()> {
        let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
            return Ok(());
        };
        // Made only when asked for: a summary of every finding is a table of thousands of
        // rows on a large tree.
        let markdown = markdown();
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .and_then(|mut f| f.write_all(format!("{markdown}\n").as_bytes()));
        if let Err(e) = written {
            self.warn(&format!(
                "cannot append to the step summary {}: {e}",
                Path::new(&path).display()
            ))?;
        }
        Ok(())
    }

    /// A note on stderr; control characters shown escaped.
    pub(crate) fn note(&mut self, text: &str) -> Result<()> {
        if !self.quiet {
            writeln!(self.err, "{}", printable(text))?;
        }
        Ok(())
    }
}

/// Run `one` on the package the command works on (the repository, or the one `--package`
/// names; no version given), or, in a monorepo without exactly one `--package`, on each
/// package that has something to release (of those `--package` names, else of all), with
/// the version it releases (a group's, or a dependent's patch), each after a comment line
/// naming the package and its changelog. `one_only` lists the flags given that make sense
/// for one package only (`what` names what they work on in the refusal).
fn one_or_each(
    ctx: &mut Ctx<'_>,
    one_only: &[(bool, &str)],
    what: &str,
    mut one: impl FnMut(&mut Ctx<'_>, &Workspace, Option<&semver::Version>) -> Result<()>,
) -> Result<Status> {
    let mut project = ctx.workspace_of_all()?;
    let Some(list) = ctx.several(&project)? else {
        let mut version = None;
        if let [name] = ctx.packages.as_slice() {
            project.select(name)?;
            // The version a release of every package gives it (a group's, a dependent's).
            if !project.packages().is_empty() && !one_only.iter().any(|(given, _)| *given) {
                let (decision, why) = project.decide_selected(&Choice::default())?;
                version = decision.next.filter(|_| why.is_some());
            }
        }
        one(ctx, &project, version.as_ref())?;
        return Ok(Status::Success);
    };
    if let Some((_, flag)) = one_only.iter().find(|(given, _)| *given) {
        anyhow::bail!(
            "{flag} works on one package's {what} in a monorepo; choose it with --package NAME (the packages are {})",
            project.package_names().join(", ")
        );
    }
    let releasing: Vec<(usize, semver::Version)> = project
        .releasing(&list, &Choice::default())?
        .into_iter()
        .filter(|r| r.why.is_some())
        .filter_map(|r| Some((r.index, r.decision.next?)))
        .collect();
    if releasing.is_empty() {
        ctx.note("nothing to release in any package: no feat, fix, perf or breaking change in their folders since their latest tags")?;
        return Ok(Status::Success);
    }
    for (n, (index, version)) in releasing.into_iter().enumerate() {
        project.select_index(Some(index));
        let package = project.package();
        let name = package.given_name.clone().unwrap_or_default();
        let separator = if n == 0 { "" } else { "\n" };
        writeln!(
            ctx.out,
            "{separator}<!-- {} ({}) -->",
            printable(&name).replace("-->", "--&gt;"),
            printable(&package.changelog).replace("-->", "--&gt;")
        )?;
        one(ctx, &project, Some(&version))?;
    }
    Ok(Status::Success)
}

fn choice(args: &cli::BumpChoice) -> Choice {
    Choice {
        level: args.level.map(|l| match l {
            cli::Level::Major => Bump::Major,
            cli::Level::Minor => Bump::Minor,
            cli::Level::Patch => Bump::Patch,
        }),
        pre: args.pre.clone(),
        date: None,
    }
}

/// Where `--output`/`--prepend` goes: standard output (`-`, `/dev/stdout`) or a file,
/// checked by `paths` (inside the work tree: no link out, nothing in `.git`; anywhere: a
/// regular file only).
enum Target {
    Stdout,
    /// The file, and the lock held until it is written.
    File {
        file: RepoPath,
        _lock: Option<Box<crate::journal::Lock>>,
    },
}

fn target(ctx: &Ctx<'_>, project: &Workspace, path: &Path) -> Result<Target> {
    if path.as_os_str() == "-" || path == Path::new("/dev/stdout") {
        return Ok(Target::Stdout);
    }
    let file = RepoPath::given(&project.fs_root, &ctx.dir, path)?;
    let lock = crate::journal::hold(project, "changelog or render --output")?;
    Ok(Target::File {
        file,
        _lock: lock.map(Box::new),
    })
}

fn write_file(ctx: &mut Ctx<'_>, target: &Target, text: &str) -> Result<()> {
    let file = match target {
        Target::Stdout => return Ok(ctx.out.write_all(text.as_bytes())?),
        Target::File { file, .. } => file,
    };
    if let Some(parent) = file.full.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create the folder", file.shown))?;
    }
    fsutil::write_atomic(&file.full, text.as_bytes()).with_context(|| {
        format!(
            "{}: cannot write; check the path and its permissions",
            file.shown
        )
    })?;
    Ok(())
}
