//! The repository relman works on: its root, its configuration, its git history (when
//! there is one), the version source and the version files. It reads; writing is left to
//! `fsutil` and the commands. The version read here is the one `relman version` prints and
//! the one every other command (and the lint) compares with, so it lives in one place.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use semver::Version;

use crate::config::{self, Config, LevelName};
use crate::git::{Repo, Tag, TagPrefix};
use crate::manifest::{self, FileKind, Pattern, VersionField};
use crate::paths::{RepoPath, Root};
use crate::version::{Bump, Policy};

/// The known version files, in the order the version source is chosen from.
pub const KNOWN_FILES: [&str; 4] = ["VERSION", "Cargo.toml", "package.json", "pyproject.toml"];

/// A repository (or, for commands that allow it, a plain folder) with its configuration.
#[derive(Debug)]
pub struct Project {
    pub root: PathBuf,
    pub config: Config,
    pub config_path: Option<PathBuf>,
    pub repo: Option<Repo>,
    pub prefix: TagPrefix,
    /// The work tree every path relman reads or writes must stay in.
    pub fs_root: Root,
}

/// Where the current version was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Tag(String),
    Default,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Tag(name) => write!(f, "tag {name}"),
            Source::Default => f.write_str("no version file and no release tag: 0.0.0"),
        }
    }
}

/// A file that holds the version, with every place it holds it.
#[derive(Debug, Clone)]
pub struct VersionFile {
    /// Relative to the root, as configured (what messages show).
    pub path: PathBuf,
    /// The file really read and written, root-relative (differs from `path` when a link in
    /// the work tree was followed).
    pub real: String,
    pub text: String,
    pub fields: Vec<VersionField>,
    /// Whether its versions must agree with the others (Cargo.lock follows Cargo.toml instead).
    pub checked: bool,
}

impl Project {
    /// Open the project that `dir` is in: the repository's root, or `dir` itself outside git.
    pub fn open(dir: &Path, config: Option<&Path>) -> Result<Project> {
        if !dir.is_dir() {
            bail!("{}: no such directory; check the -C path", dir.display());
        }
        let repo = Repo::discover(dir)?;
        let root = repo
            .as_ref()
            .map_or_else(|| dir.to_path_buf(), |r| r.root().to_path_buf());
        let loaded = config::load(&root, config)?;
        let prefix = match &loaded.config.version.tag_prefix {
            Some(p) => TagPrefix::Exact(p.clone()),
            None => TagPrefix::Default,
        };
        let git_dirs: Vec<&Path> = repo
            .as_ref()
            .map(|r| vec![r.git_dir(), r.common_dir()])
            .unwrap_or_default();
        let fs_root = Root::new(&root, &git_dirs);
        Ok(Project {
            fs_root,
            root,
            config: loaded.config,
            config_path: loaded.path,
            repo,
            prefix,
        })
    }

    /// The repository, or an error saying relman needs one here.
    pub fn repo(&self) -> Result<&Repo> {
        self.repo.as_ref().ok_or_else(|| {
            anyhow!(
                "{}: not a git repository (or any parent of it); run relman inside a git repository, or pass -C DIR",
                self.root.display()
            )
        })
    }

    /// The 0.x policy from `[version]`.
    pub fn policy(&self) -> Policy {
        let level = |l: Option<LevelName>, default: Bump| match l {
            Some(LevelName::Major) => Bump::Major,
            Some(LevelName::Minor) => Bump::Minor,
            Some(LevelName::Patch) => Bump::Patch,
            None => default,
        };
        let d = Policy::default();
        Policy {
            pre_major_breaking: level(self.config.version.pre_major_breaking, d.pre_major_breaking),
            pre_major_feat: level(self.config.version.pre_major_feat, d.pre_major_feat),
        }
    }

    /// The latest release tag reachable from HEAD (None outside git or without tags).
    pub fn latest_tag(&self, stable_only: bool) -> Result<Option<Tag>> {
        let Some(repo) = &self.repo else {
            return Ok(None);
        };
        let head = repo.head()?;
        let tags = repo.release_tags(&self.prefix)?;
        repo.latest_tag(&tags, &head, stable_only)
    }

    /// The current version and where it came from.
    pub fn current_version(&self) -> Result<(Version, Source)> {
        let source = self.config.version.source.as_deref();
        if source != Some("tag") {
            let candidates: Vec<&str> = match source {
                Some(file) => vec![file],
                None => KNOWN_FILES.to_vec(),
            };
            for name in candidates {
                let path = Path::new(name);
                let Some(file) = self.read_known(path, source.is_some())? else {
                    continue;
                };
                let field = &file.fields[0];
                let version = Version::parse(&field.text).map_err(|e| {
                    anyhow!("{}:{}:{}: {e}", path.display(), field.line, field.column)
                })?;
                return Ok((version, Source::File(file.path)));
            }
        }
        if self.repo.as_ref().is_some_and(|r| r.head().is_ok()) {
            if let Some(tag) = self.latest_tag(false)? {
                return Ok((tag.version, Source::Tag(tag.name)));
            }
        }
        Ok((Version::new(0, 0, 0), Source::Default))
    }

    /// A known version file; Ok(None) when it is absent or holds no version and `required` is false.
    fn read_known(&self, path: &Path, required: bool) -> Result<Option<VersionFile>> {
        let kind = FileKind::from_path(path)
            .ok_or_else(|| anyhow!("{}: not a known version file", path.display()))?;
        let file = RepoPath::resolve(&self.fs_root, &path.to_string_lossy())?;
        if !file.exists {
            if required {
                bail!(
                    "{}: no such file, but release.toml names it as a version file; create it or fix [version]",
                    path.display()
                );
            }
            return Ok(None);
        }
        let text = read_text(&file.full, path)?;
        let fields = if kind == FileKind::Cargo {
            manifest::cargo_versions(&text)
        } else {
            manifest::find_version(kind, &text).map(|f| f.into_iter().collect())
        }
        .map_err(|e| anyhow!("{}:{e}", path.display()))?;
        match fields.first() {
            Some(_) => Ok(Some(VersionFile {
                path: path.to_path_buf(),
                real: file.real,
                text,
                fields,
                checked: true,
            })),
            None if kind == FileKind::Plain => bail!(
                "{}: the file is there but holds no version; write the current version in it (e.g. 1.0.0) or delete it",
                path.display()
            ),
            None if required => bail!(
                "{}: holds no version field; add one, or remove the file from [version] in release.toml",
                path.display()
            ),
            None => Ok(None),
        }
    }

    /// Every file `bump` writes: the version source, the version files (configured, or the
    /// known ones at the root that hold a version), Cargo.lock's entry, and the patterns.
    pub fn version_files(&self) -> Result<Vec<VersionFile>> {
        let v = &self.config.version;
        let mut files: Vec<VersionFile> = Vec::new();
        let mut names: Vec<(String, bool)> = Vec::new();
        if let Some(source) = v.source.as_deref().filter(|s| *s != "tag") {
            names.push((source.to_string(), true));
        } else if v.source.is_none() {
            // The source picked by default is written too.
            if let (_, Source::File(path)) = self.current_version()? {
                names.push((path.to_string_lossy().into_owned(), true));
            }
        }
        match &v.files {
            Some(list) => names.extend(list.iter().map(|f| (f.clone(), true))),
            None => names.extend(KNOWN_FILES.iter().map(|f| ((*f).to_string(), false))),
        }
        for (name, required) in names {
            let path = normalize(&name);
            if files.iter().any(|f| f.path == path) {
                continue;
            }
            if let Some(file) = self.read_known(&path, required)? {
                if !files.iter().any(|f| f.real == file.real) {
                    files.push(file);
                }
            }
        }
        if let Some(lock) = self.cargo_lock(&files)? {
            files.push(lock);
        }
        for pattern in &v.patterns {
            let path = normalize(&pattern.path);
            let file = RepoPath::resolve(&self.fs_root, &pattern.path)?;
            if !file.exists {
                bail!(
                    "{}: no such file, but [[version.patterns]] in release.toml names it; create it or fix the path",
                    path.display()
                );
            }
            let text = read_text(&file.full, &path)?;
            let (p, shown) = match (&pattern.literal, &pattern.regex) {
                (Some(l), _) => (Pattern::Literal(l.clone()), format!("literal {l:?}")),
                (_, Some(r)) => (Pattern::Regex(r.clone()), format!("regex {r:?}")),
                _ => unreachable!("validated by config::parse"),
            };
            let fields =
                manifest::find_pattern(&text, &p).map_err(|e| anyhow!("{}:{e}", path.display()))?;
            let want = pattern.count.unwrap_or(1);
            if fields.len() != want {
                let at: Vec<String> = fields
                    .iter()
                    .map(|f| format!("{}:{}:{}", path.display(), f.line, f.column))
                    .collect();
                let found = if at.is_empty() {
                    String::new()
                } else {
                    format!(" (at {})", at.join(", "))
                };
                bail!(
                    "{}: the {shown} matches {} time(s){found}, but release.toml says count = {want}; fix the file or the count, nothing was written",
                    path.display(),
                    fields.len()
                );
            }
            match files.iter_mut().find(|f| f.real == file.real) {
                Some(existing) => existing.fields.extend(fields),
                None => files.push(VersionFile {
                    path,
                    real: file.real,
                    text,
                    fields,
                    checked: true,
                }),
            }
        }
        Ok(files)
    }

    /// Cargo.lock's entry for the root package, when Cargo.toml is a version file.
    fn cargo_lock(&self, files: &[VersionFile]) -> Result<Option<VersionFile>> {
        let Some(cargo) = files.iter().find(|f| f.path == Path::new("Cargo.toml")) else {
            return Ok(None);
        };
        let lock_path = PathBuf::from("Cargo.lock");
        let lock = RepoPath::resolve(&self.fs_root, "Cargo.lock")?;
        if !lock.exists {
            return Ok(None);
        }
        let Some(name) =
            manifest::cargo_package_name(&cargo.text).map_err(|e| anyhow!("Cargo.toml:{e}"))?
        else {
            return Ok(None);
        };
        let text = read_text(&lock.full, &lock_path)?;
        let old = &cargo.fields[0].text;
        let inherits = cargo
            .fields
            .iter()
            .any(|f| f.location.starts_with("[workspace"));
        let mut fields = if inherits {
            manifest::find_local_lock_versions(&text, old)
        } else {
            manifest::find_lock_version(&text, &name, old).map(|f| f.into_iter().collect())
        }
        .map_err(|e| anyhow!("Cargo.lock:{e}"))?;
        fields.dedup_by(|a, b| a.span == b.span);
        if fields.is_empty() {
            return Ok(None);
        }
        Ok(Some(VersionFile {
            path: lock_path,
            real: lock.real,
            text,
            fields,
            checked: false,
        }))
    }
}

/// Refuse version files that disagree, naming each one and its version.
pub fn check_agreement(files: &[VersionFile]) -> Result<Option<Version>> {
    let mut seen: Vec<(String, Version)> = Vec::new();
    for file in files.iter().filter(|f| f.checked) {
        for field in &file.fields {
            let version = Version::parse(&field.text).map_err(|e| {
                anyhow!(
                    "{}:{}:{}: {e}",
                    file.path.display(),
                    field.line,
                    field.column
                )
            })?;
            seen.push((
                format!(
                    "{}:{}:{} ({})",
                    file.path.display(),
                    field.line,
                    field.column,
                    field.location
                ),
                version,
            ));
        }
    }
    let Some((_, first)) = seen.first() else {
        return Ok(None);
    };
    if seen.iter().all(|(_, v)| v == first) {
        return Ok(Some(first.clone()));
    }
    let list: Vec<String> = seen.iter().map(|(at, v)| format!("  {at}: {v}")).collect();
    bail!(
        "the version files disagree:\n{}\nmake them hold the same version, then run relman again; nothing was written",
        list.join("\n")
    )
}

/// A root-relative path with `.` and `..` resolved (config validation refuses paths that
/// leave the root, so this never climbs above it).
fn normalize(name: &str) -> PathBuf {
    PathBuf::from(crate::paths::normalize(name))
}

/// Read a file as UTF-8 text, with errors that name it and say what to do.
pub fn read_text(full: &Path, shown: &Path) -> Result<String> {
    let bytes = crate::paths::read(full, &shown.display().to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        let (line, column) = manifest::line_col(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            e.utf8_error().valid_up_to(),
        );
        anyhow!(
            "{}:{line}:{column}: not valid UTF-8; save the file as UTF-8",
            shown.display()
        )
    })
}
