//! Install snippets of the project's own packages in code (`cargo install NAME --version X`,
//! `npm install NAME@X`, `pip install NAME==X`, `NAME = "X"`, `"NAME": "^X"`,
//! `go install …/NAME@vX`, `docker pull …/NAME:X`) and static version badges. This module
//! only finds them; `version_mismatch` decides whether the version they name is wrong.

use std::ops::Range;
use std::sync::LazyLock;

use regex::bytes::Regex;

/// The project's package names, lower-cased.
pub(super) struct Packages<'a>(pub &'a [String]);

impl Packages<'_> {
    /// Exactly one of the packages (ASCII case ignored).
    pub(super) fn is(&self, word: &str) -> bool {
        let word = word.to_ascii_lowercase();
        self.0.contains(&word)
    }

    /// `cargo install NAME --version X`: the offset of X when NAME is one of the packages.
    fn cargo_install(&self, code: &str, start: usize, end: usize) -> Option<usize> {
        let mut names = false;
        let mut version = None;
        let mut expect_value = None::<bool>;
        let args = &code[start..end];
        let mut offset = start;
        for word in args.split(' ') {
            let here = offset;
            offset += word.len() + 1;
            if word.is_empty() {
                continue;
            }
            if let Some(is_version) = expect_value.take() {
                if is_version {
                    let skip = usize::from(word.starts_with('='));
                    version = Some(here + skip);
                }
                continue;
            }
            if let Some(flag) = word.strip_prefix('-') {
                let (flag, value) = flag
                    .split_once('=')
                    .map_or((flag, None), |(f, v)| (f, Some(v)));
                let is_version = matches!(flag, "-version" | "-vers");
                if let Some(value) = value {
                    if is_version {
                        let skip = usize::from(value.starts_with('='));
                        version = Some(here + word.len() - value.len() + skip);
                    }
                } else if is_version || CARGO_VALUE_FLAGS.contains(&flag) {
                    expect_value = Some(is_version);
                }
                continue;
            }
            if self.is(word) {
                names = true;
            }
        }
        if names {
            version
        } else {
            None
        }
    }

    /// A package name, or a path ending in one (`github.com/acme/relman`, `ghcr.io/acme/relman`,
    /// `github.com/acme/relman/v2`).
    pub(super) fn is_path(&self, name: &str) -> bool {
        let mut segments = name.rsplit('/');
        let last = segments.next().unwrap_or("");
        let last = if last.len() > 1
            && last.starts_with('v')
            && last[1..].bytes().all(|b| b.is_ascii_digit())
        {
            segments.next().unwrap_or("")
        } else {
            last
        };
        self.is(name) || self.is(last)
    }

    /// Python names compare with `-`, `_` and `.` alike.
    fn is_pip(&self, name: &str) -> bool {
        let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '.'], "-");
        let name = norm(name);
        self.0.iter().any(|p| norm(p) == name)
    }
}

/// The install snippets in one line of code: (the snippet's range, the offset of its version),
/// by version offset. `declares`: the code declares dependencies (`"dependencies": {…}`), so
/// JSON pairs name versions.
pub(super) fn find(
    code: &str,
    declares: bool,
    packages: &Packages<'_>,
) -> Vec<(Range<usize>, usize)> {
    let bytes = code.as_bytes();
    let mut found: Vec<(Range<usize>, usize)> = Vec::new();
    let docker = DOCKER_LINE.is_match(bytes);
    for (re, kind) in SNIPPETS.iter() {
        if *kind == Snippet::Docker && !docker {
            continue;
        }
        for caps in re.captures_iter(bytes) {
            let (Some(whole), Some(name), Some(v)) =
                (caps.get(0), caps.name("name"), caps.name("v"))
            else {
                continue;
            };
            let name = std::str::from_utf8(name.as_bytes()).unwrap_or("");
            let before = &bytes[..whole.start()];
            let ok = match kind {
                Snippet::Install => INSTALL_COMMAND.is_match(before) && packages.is_path(name),
                Snippet::Docker => packages.is_path(name),
                Snippet::Pip => {
                    (PIP_COMMAND.is_match(before) || REQUIREMENT_LINE.is_match(bytes))
                        && packages.is_pip(name)
                }
                Snippet::Name => packages.is(name),
                Snippet::Json => declares && packages.is(name),
            };
            if ok {
                found.push((whole.start()..whole.end(), v.start()));
            }
        }
    }
    if let Some(m) = CARGO_INSTALL.captures(bytes) {
        if let (Some(whole), Some(args)) = (m.get(0), m.name("args")) {
            if let Some(v_at) = packages.cargo_install(code, args.start(), args.end()) {
                found.push((whole.start()..v_at + 1, v_at));
            }
        }
    }
    found.sort_by_key(|f| f.1);
    found.dedup_by_key(|f| f.1);
    found
}

/// Whether a badge's label says it shows this project's version.
pub(super) fn is_version_label(label: &str, packages: &Packages<'_>) -> bool {
    let lower = label.to_lowercase();
    BADGE_LABELS.contains(&lower.as_str()) || packages.is(&lower)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Snippet {
    /// The name is exactly a package name.
    Name,
    /// `NAME@X` after an install command; the name may be a path ending in a package name.
    Install,
    /// Python: `-`, `_` and `.` alike.
    Pip,
    /// `"NAME": "X"` in code that declares dependencies.
    Json,
    /// A container image, only on a line that speaks of containers.
    Docker,
}

static SNIPPETS: LazyLock<Vec<(Regex, Snippet)>> = LazyLock::new(|| {
    let v = r"(?P<v>[vV]?\d+\.\d+\.\d+)";
    let r = |s: String| Regex::new(&s).unwrap();
    vec![
        // npm install NAME@X, npx, yarn add, pnpm add, cargo add NAME@X, go install …/NAME@vX
        (
            r(format!(r"(?P<name>@?[\w.-]+(?:/[\w.-]+)*)@[\^~=]?{v}")),
            Snippet::Install,
        ),
        // pip install NAME==X
        (
            r(format!(
                r"(?P<name>[A-Za-z0-9][\w.-]*)(?:\[[\w,-]*\])?[ \t]*===?[ \t]*{v}"
            )),
            Snippet::Pip,
        ),
        // NAME = "X" (TOML)
        (
            r(format!(
                r#"^[ \t]*(?P<name>[\w-]+)[ \t]*=[ \t]*"[\^~=]?[ \t]*{v}""#
            )),
            Snippet::Name,
        ),
        // NAME = { version = "X", … } (TOML)
        (
            r(format!(
                r#"^[ \t]*(?P<name>[\w-]+)[ \t]*=[ \t]*\{{[^}}\n]*?(?-u:\b)version[ \t]*=[ \t]*"[\^~=]?[ \t]*{v}""#
            )),
            Snippet::Name,
        ),
        // "NAME": "^X" (package.json)
        (
            r(format!(
                r#""(?P<name>@?[\w./-]+)"[ \t]*:[ \t]*"[\^~=]?[ \t]*{v}""#
            )),
            Snippet::Json,
        ),
        // docker pull …/NAME:X
        (
            r(format!(r"(?P<name>[\w.-]+(?:/[\w.-]+)*):{v}")),
            Snippet::Docker,
        ),
    ]
});

/// Commands that install `NAME@X` (`npm install`, `npx`, `cargo add`, `go install`, a
/// GitHub Actions `uses:`). Prose such as "since npm@4.0.0" is no install.
static INSTALL_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:(?:npm|pnpm|yarn|bun|cnpm)[ \t]+(?:[\w-]+[ \t]+)*?(?:install|i|add|update|upgrade|up|dlx|exec|create)|npx|pnpx|bunx|cargo[ \t]+(?:add|install|binstall)|go[ \t]+(?:install|get|run))(?-u:\b)|(?-u:\b)uses:",
    )
    .unwrap()
});

/// `pip install NAME==X` and friends.
static PIP_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:pip3?|pipx|uv|poetry|pdm|conda|mamba)[ \t]+(?:[\w-]+[ \t]+)*?(?:install|add)(?-u:\b)",
    )
    .unwrap()
});

/// A requirements file line: `NAME==X` alone.
static REQUIREMENT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[ \t]*[A-Za-z0-9][\w.-]*(?:\[[\w,-]*\])?[ \t]*===?[ \t]*[vV]?\d+\.\d+\.\d+[\w.+-]*[ \t]*(?:#.*)?$")
        .unwrap()
});

static DOCKER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:docker|podman|nerdctl|image:)|^[ \t]*FROM[ \t]").unwrap()
});

static CARGO_INSTALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)cargo[ \t]+b?install(?-u:\b)(?P<args>[^\n;&|#]*)").unwrap()
});

/// `cargo install` flags that take a value (without their leading `-`).
const CARGO_VALUE_FLAGS: &[&str] = &[
    "-git",
    "-branch",
    "-tag",
    "-rev",
    "-path",
    "-root",
    "-features",
    "F",
    "-target",
    "-registry",
    "-index",
    "-profile",
    "j",
    "-jobs",
    "-bin",
    "-example",
    "-config",
    "Z",
    "-target-dir",
    "-color",
];

const BADGE_LABELS: &[&str] = &[
    "version",
    "v",
    "release",
    "latest",
    "latest release",
    "latest version",
    "stable",
    "current",
    "current version",
];

/// The label and message of a static badge (`img.shields.io/badge/LABEL-MESSAGE-COLOR`,
/// `badgen.net/badge/LABEL/MESSAGE/COLOR`).
pub(super) fn badge(dest: &str) -> Option<(String, String)> {
    let decode = |s: &str| {
        s.replace("%20", " ")
            .replace("%2D", "-")
            .replace("%2d", "-")
    };
    if let Some(i) = dest.find("shields.io/badge/") {
        let path = &dest[i + "shields.io/badge/".len()..];
        let path = path.split(['?', '#']).next().unwrap_or("");
        let path = path
            .strip_suffix(".svg")
            .or_else(|| path.strip_suffix(".png"))
            .unwrap_or(path);
        let path = decode(path);
        // Split on single dashes; `--` is a literal dash, `__` a literal underscore, `_` a space.
        let mut parts: Vec<String> = vec![String::new()];
        let mut chars = path.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '-' if chars.peek() == Some(&'-') => {
                    chars.next();
                    parts.last_mut()?.push('-');
                }
                '-' => parts.push(String::new()),
                '_' if chars.peek() == Some(&'_') => {
                    chars.next();
                    parts.last_mut()?.push('_');
                }
                '_' => parts.last_mut()?.push(' '),
                c => parts.last_mut()?.push(c),
            }
        }
        if parts.len() < 3 {
            return None;
        }
        let label = parts[0].trim().to_string();
        let message = parts[1..parts.len() - 1].join("-").trim().to_string();
        return Some((label, message));
    }
    if let Some(i) = dest.find("badgen.net/badge/") {
        let path = &dest[i + "badgen.net/badge/".len()..];
        let path = decode(path.split(['?', '#']).next().unwrap_or(""));
        let mut parts = path.split('/');
        let label = parts.next()?.trim().to_string();
        let message = parts.next()?.trim().to_string();
        return Some((label, message));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn badges_parse() {
        assert_eq!(
            badge("https://img.shields.io/badge/version-2.3.9--rc.1-blue.svg?style=flat"),
            Some(("version".to_string(), "2.3.9-rc.1".to_string()))
        );
        assert_eq!(
            badge("https://badgen.net/badge/release/v2.3.9/green"),
            Some(("release".to_string(), "v2.3.9".to_string()))
        );
        assert_eq!(badge("https://img.shields.io/crates/v/relman"), None);
    }

    #[test]
    fn snippets_need_a_command_and_a_package() {
        let names = ["relman".to_string(), "@acme/relman".to_string()];
        let p = Packages(&names);
        let count = |code: &str| find(code, false, &p).len();
        assert_eq!(count("npm install -g @acme/relman@2.3.9"), 1);
        assert_eq!(count("since relman@2.3.9 it works"), 0);
        assert_eq!(count("pip install Relman==2.3.9"), 1);
        assert_eq!(count("relman==2.3.9"), 1);
        assert_eq!(count("if relman==2.3.9: pass"), 0);
        assert_eq!(count("cargo install --locked relman --version=2.3.9"), 1);
        assert_eq!(count("cargo install ripgrep --version 2.3.9"), 0);
        assert_eq!(count("relman:2.3.9"), 0);
        assert_eq!(count("docker pull ghcr.io/acme/relman:2.3.9"), 1);
        assert_eq!(count("go install github.com/acme/relman/v2@v2.3.9"), 1);
        assert_eq!(find(r#""relman": "2.3.9""#, false, &p).len(), 0);
        assert_eq!(find(r#""relman": "2.3.9""#, true, &p).len(), 1);
    }
}
