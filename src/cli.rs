//! The command line, as clap derive types. Only this module and `main.rs` know clap;
//! the library reads these plain structs and never parses arguments itself.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Release engineering from Conventional Commits: the next version, version files,
/// changelog and release documents, and docs that agree with the repository.
#[derive(Debug, Parser)]
#[command(name = "relman", version, about, max_term_width = 100)]
pub struct Cli {
    /// Run as if relman was started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The configuration file (default: release.toml at the repository root; optional).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to use colours (NO_COLOR is honoured).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// In a monorepo, the package to work on (repeatable for `next`).
    #[arg(short = 'p', long, global = true, value_name = "NAME")]
    pub package: Vec<String>,
    /// Print only what was asked for: no notes or warnings on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more about what relman does.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented release.toml for this repository and copy the built-in templates.
    Init(InitArgs),
    /// Print the current version, one line.
    Version,
    /// Print the next version, computed from the commits since the latest release tag.
    Next(NextArgs),
    /// Write the next version into the version source and every version file.
    Bump(BumpArgs),
    /// Check commit messages against Conventional Commits 1.0.0.
    CheckCommit(CheckCommitArgs),
    /// Render changelog sections (Keep a Changelog) from the Conventional Commits.
    Changelog(ChangelogArgs),
    /// Render a template: changelog, notes, plan, checklist, or one of templates/.
    Render(RenderArgs),
    /// Lint Markdown so that it agrees with the repository.
    Lint(LintArgs),
    /// Cut a release: bump, changelog, documents, lint, commit and tag, all or nothing.
    Release(ReleaseArgs),
    /// Report how far the release's plans and checklists have got; exit 1 while a go/no-go
    /// item is open or a document is stale.
    Status(StatusArgs),
    /// Print the settings relman uses: release.toml with every default filled in, and where
    /// each value came from.
    Config(ConfigArgs),
    /// Print a completion script for a shell, e.g. `relman completions bash > ~/.local/share/bash-completion/completions/relman`.
    Completions(CompletionsArgs),
    /// Print relman's man page (roff), e.g. `relman man > ~/.local/share/man/man1/relman.1`.
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Write the completion script of `shell` for relman's whole command line. It is made in
/// memory first: clap_complete panics on a write that fails (`relman completions fish |
/// head`), where a closed pipe must end relman quietly.
pub fn write_completions(shell: Shell, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory;
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
        Shell::Powershell => clap_complete::Shell::PowerShell,
        Shell::Elvish => clap_complete::Shell::Elvish,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "relman", &mut script);
    out.write_all(&script)
}

/// Write relman's man page (section 1, roff) with a section per subcommand.
pub fn write_man(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    use clap::CommandFactory;
    let command = Cli::command();
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    // Each subcommand's synopsis and options, as `git help` pages do, in one page.
    for sub in command.get_subcommands() {
        if sub.is_hide_set() {
            continue;
        }
        let name = sub.get_name();
        writeln!(out, ".SH \"RELMAN {}\"", name.to_uppercase())?;
        let page = clap_mangen::Man::new(
            sub.clone()
                .display_name(format!("relman-{name}"))
                .bin_name(format!("relman {name}")),
        );
        let mut buf = Vec::new();
        page.render_synopsis_section(&mut buf)?;
        page.render_description_section(&mut buf)?;
        page.render_options_section(&mut buf)?;
        // The sub-page's own `.SH` headings become subsections of this one.
        let text = String::from_utf8_lossy(&buf).replace(".SH ", ".SS ");
        out.write_all(text.as_bytes())?;
    }
    man.render_version_section(out)?;
    man.render_authors_section(out)?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigFormat {
    Toml,
    Json,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Output format: TOML with the origin of each value as a comment, or JSON with an
    /// `origins` object.
    #[arg(long, value_enum, default_value_t = ConfigFormat::Toml)]
    pub format: ConfigFormat,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Overwrite release.toml and the templates if they exist.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
#[allow(clippy::struct_excessive_bools)] // one per flag of the contract
pub struct ReleaseArgs {
    #[command(flatten)]
    pub choice: BumpChoice,
    /// Print the diff of every file, the commit and the tag; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write the files but do not commit (and so do not tag).
    #[arg(long)]
    pub no_commit: bool,
    /// Do not make the tag.
    #[arg(long)]
    pub no_tag: bool,
    /// Release even with uncommitted changes.
    #[arg(long)]
    pub allow_dirty: bool,
    /// Release from a detached HEAD.
    #[arg(long)]
    pub allow_detached: bool,
    /// Do not run the repository's pre-commit and commit-msg git hooks (as `git commit
    /// --no-verify`).
    #[arg(long)]
    pub no_verify: bool,
    /// Sign the release commit and tag, whatever git's commit.gpgSign and tag.gpgSign say.
    #[arg(long, conflicts_with = "no_sign")]
    pub sign: bool,
    /// Sign neither the release commit nor the tag.
    #[arg(long)]
    pub no_sign: bool,
    /// Undo an interrupted release (killed, or its undo failed) from its journal: files,
    /// index, branch and tag as they were before it.
    #[arg(long, conflicts_with_all = ["dry_run", "no_commit", "no_tag", "allow_dirty", "allow_detached", "no_verify"])]
    pub abort: bool,
    /// With --abort: end a release whose owner cannot be asked whether it still runs (it ran
    /// on another host name, as before a container restart).
    #[arg(long, requires = "abort")]
    pub force: bool,
    /// text, or json: the plan as data (version, files with digests, tag, hooks).
    #[arg(long, value_enum, default_value_t = PlanFormat::Text)]
    pub format: PlanFormat,
    /// The release date (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    Markdown,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct ChangelogArgs {
    /// The commits since the latest release tag (the default).
    #[arg(long, conflicts_with_all = ["range", "all"])]
    pub unreleased: bool,
    /// The commits of a revision range, e.g. v1.2.0..v1.3.0.
    #[arg(long, value_name = "A..B", conflicts_with = "all")]
    pub range: Option<String>,
    /// The whole history, one section per release tag.
    #[arg(long)]
    pub all: bool,
    /// Title the unreleased commits as this version instead of [Unreleased].
    #[arg(long, value_name = "VERSION")]
    pub tag: Option<String>,
    /// Write the whole changelog to FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "prepend")]
    pub output: Option<PathBuf>,
    /// Insert the section into an existing changelog, under its header (idempotent).
    #[arg(long, value_name = "FILE", conflicts_with = "all")]
    pub prepend: Option<PathBuf>,
    /// With --output: replace FILE even when it holds lines relman would not write.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// markdown, or json: the template context, for template authors.
    #[arg(long, value_enum, default_value_t = DocFormat::Markdown)]
    pub format: DocFormat,
    /// The release date (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    /// The template: changelog, notes, plan, checklist, or NAME of templates/NAME.md.tera.
    pub name: String,
    /// The release to render (default: the next version, or the release at HEAD).
    #[arg(long, value_name = "V")]
    pub version: Option<String>,
    /// Write to FILE instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// markdown, or json: the template context.
    #[arg(long, value_enum, default_value_t = DocFormat::Markdown)]
    pub format: DocFormat,
    /// The release date (default: SOURCE_DATE_EPOCH, else today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Human,
    Json,
    Github,
    Sarif,
    /// GitLab Code Quality (a JSON array for `artifacts: reports: codequality`).
    Gitlab,
}

#[derive(Debug, Args)]
pub struct LintArgs {
    /// Files and folders to lint (default: every Markdown file git tracks, or `[lint] paths`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = LintFormat::Human)]
    pub format: LintFormat,
    /// Run only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Apply the safe, exact fixes (mojibake, a closing fence's info string, a version file).
    #[arg(long)]
    pub fix: bool,
    /// Print a rule's documentation and exit.
    #[arg(long, value_name = "ID", conflicts_with_all = ["paths", "fix", "list"])]
    pub explain: Option<String>,
    /// List the rules and exit.
    #[arg(long)]
    pub list: bool,
    /// Fail only on findings that FILE (written by --write-baseline) does not hold; say how
    /// many of its findings are gone, so that it can shrink.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE and exit 0: a legacy docs tree adopts the lint, and
    /// later runs with --baseline FILE fail only on new findings.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["fix", "changed_since"])]
    pub write_baseline: Option<PathBuf>,
    /// With --format github, also emit warnings as annotations (by default only errors are:
    /// GitHub shows ten of each kind per step; every warning is in the step summary).
    #[arg(long)]
    pub warnings_as_annotations: bool,
    /// Lint only what a change since REF can affect: the Markdown files changed since REF
    /// (committed, staged, unstaged or untracked), the files whose links point into a
    /// changed or deleted file, and, when a version file changed, the files that name the
    /// old or the new version.
    #[arg(long, value_name = "REF")]
    pub changed_since: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Level {
    Patch,
    Minor,
    Major,
}

/// How the next version is chosen: shared by `next`, `bump` and `release`.
#[derive(Debug, Clone, Args)]
pub struct BumpChoice {
    /// Force the bump level instead of deriving it from the commits.
    #[arg(long, value_enum)]
    pub level: Option<Level>,
    /// Make (or continue) a pre-release with this label, e.g. `rc` gives 1.3.0-rc.1, then rc.2.
    #[arg(long, value_name = "ID")]
    pub pre: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NextFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    #[command(flatten)]
    pub choice: BumpChoice,
    /// List on stderr each commit with the bump it asks for and why.
    #[arg(long)]
    pub explain: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = NextFormat::Text)]
    pub format: NextFormat,
}

#[derive(Debug, Args)]
pub struct BumpArgs {
    #[command(flatten)]
    pub choice: BumpChoice,
    /// Show what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Args)]
pub struct CheckCommitArgs {
    /// A commit message file, as a commit-msg hook receives it (`-` reads standard input).
    #[arg(
        value_name = "FILE",
        conflicts_with = "range",
        required_unless_present = "range"
    )]
    pub file: Option<PathBuf>,
    /// Check every commit in a revision range instead, e.g. `origin/main..HEAD`.
    #[arg(long, value_name = "A..B")]
    pub range: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CommitFormat::Human)]
    pub format: CommitFormat,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Markdown files with task lists (default: the documents `[documents]` renders for the
    /// release being prepared, the changelog aside).
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Human,
    Json,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CommitFormat {
    Human,
    Json,
    Github,
    Sarif,
}
