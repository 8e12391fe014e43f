//! Install snippets of the project's own packages in code (`cargo install NAME --version X`,
//! `npm install NAME@X`, `pip install NAME==X`, `NAME = "X"`, `"NAME": "^X"`,
//! `go install …/NAME@vX`, `docker pull …/NAME:X`) and static version badges. This module
//! only finds them; `version_mismatch` decides whether the version they name is wrong.

use std::ops::Range;
use std::sync::LazyLock;

use std::cmp::Ordering;

use regex::bytes::Regex;

use super::ascii_regex;
use semver::Version;

use crate::lint::versions::version_at;

/// The project's package names, lower-cased.
pub(super) struct Packages<'a>(pub &'a [String]);

impl Packages<'_> {
    /// Exactly one of the packages (ASCII case ignored).
    pub(super) fn is(&self, word: &str) -> bool {
        let word = word.to_ascii_lowercase();
        self.0.contains(&word)
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

/// `cargo install A B --version X`: the crates' names (ranges in `code`) and the offset of X,
/// from the arguments between `start` and `end`.
fn cargo_install_args(code: &str, start: usize, end: usize) -> (Vec<Range<usize>>, Option<usize>) {
    let mut names = Vec::new();
    let mut version = None;
    let mut expect_value = None::<bool>;
    let mut offset = start;
    for word in code[start..end].split(' ') {
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
        names.push(here..here + word.len());
    }
    (names, version)
}

/// The install snippets in one line of code: (the snippet's range, the offset of its version),
/// by version offset. `declares`: the code declares dependencies (`"dependencies": {…}`), so
/// JSON pairs name versions.
pub(super) fn find(
    code: &str,
    declares: bool,
    packages: &Packages<'_>,
) -> Vec<(Range<usize>, usize)> {
    let accept = |kind: Snippet, name: &str| match kind {
        Snippet::Install | Snippet::Docker => packages.is_path(name),
        Snippet::Pip => packages.is_pip(name),
        Snippet::Name | Snippet::Json | Snippet::Cargo => packages.is(name),
    };
    let mut found: Vec<(Range<usize>, usize)> = scan(code, declares, &accept)
        .into_iter()
        .map(|(range, v_at, _)| (range, v_at))
        .collect();
    found.sort_by_key(|f| f.1);
    found.dedup_by_key(|f| f.1);
    found
}

/// The names that install snippets and package declarations in one line of code give
/// exactly `version` (`cargo install NAME --version X`, `NAME = "X"`, `npm install NAME@X`,
/// `pip install NAME==X`, `{ "name": "NAME", "version": "X" }`), lower-cased; a path
/// (`github.com/acme/relman`, `@acme/relman`) also gives its last segment.
pub(super) fn names_at(code: &str, declares: bool, version: &Version, names: &mut Vec<String>) {
    let bytes = code.as_bytes();
    let is = |v_at: usize| {
        version_at(bytes, v_at).is_some_and(|(v, _)| v.cmp_precedence(version) == Ordering::Equal)
    };
    for (_, v_at, name) in scan(code, declares, &|_, _| true) {
        if is(v_at) {
            add_name(&code[name], names);
        }
    }
    for caps in NAME_VERSION.captures_iter(bytes) {
        if let (Some(name), Some(v)) = (caps.name("name"), caps.name("v")) {
            if is(v.start()) {
                add_name(std::str::from_utf8(name.as_bytes()).unwrap_or(""), names);
            }
        }
    }
}

/// Add a package name (lower-cased) and, for a path, its last segment.
pub(super) fn add_name(name: &str, names: &mut Vec<String>) {
    let name = name.to_ascii_lowercase();
    if name.is_empty() || NOT_PACKAGES.contains(&name.as_str()) {
        return;
    }
    let mut segments = name.rsplit('/');
    let mut last = segments.next().unwrap_or("");
    if last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit()) {
        last = segments.next().unwrap_or("");
    }
    for n in [last, name.as_str()] {
        if !n.is_empty() && !names.iter().any(|k| k == n) {
            names.push(n.to_string());
        }
    }
}

/// Whether a line of a manifest is `version = "X"` (TOML) or `"version": "X",` (JSON).
pub(super) fn is_version_key(line: &str, version: &Version) -> bool {
    KEY_LINE.captures(line.as_bytes()).is_some_and(|caps| {
        caps.name("key")
            .or(caps.name("key2"))
            .is_some_and(|k| k.as_bytes() == b"version")
            && caps.name("value").is_some_and(|v| {
                version_at(v.as_bytes(), 0).is_some_and(|(found, end)| {
                    end == v.len() && found.cmp_precedence(version) == Ordering::Equal
                })
            })
    })
}

/// The value of a `name = "NAME"` or `"name": "NAME",` line.
pub(super) fn name_key(line: &str) -> Option<&str> {
    let caps = KEY_LINE.captures(line.as_bytes())?;
    if caps.name("key").or(caps.name("key2"))?.as_bytes() != b"name" {
        return None;
    }
    let value = caps.name("value")?;
    line.get(value.start()..value.end())
}

/// `KEY = "VALUE"` or `"KEY": "VALUE",` alone on a line.
static KEY_LINE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r#"^[ \t]*(?:"(?P<key>name|version)"[ \t]*:|(?P<key2>name|version)[ \t]*=)[ \t]*"(?P<value>[^"\\]*)"[ \t]*,?[ \t]*$"#)
        .unwrap()
});

/// Keys that look like a package name in `KEY = "X"` and are none.
const NOT_PACKAGES: &[&str] = &[
    "version",
    "rust-version",
    "ver",
    "v",
    "edition",
    "python",
    "node",
];

/// `"name": "NAME", "version": "X"` (JSON) or `name = "NAME", version = "X"` (TOML) on one line.
static NAME_VERSION: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r#"(?:"name"[ \t]*:|(?-u:\b)name[ \t]*=)[ \t]*"(?P<name>@?[\w.-]+(?:/[\w.-]+)*)"[ \t]*,[ \t]*(?:"version"[ \t]*:|version[ \t]*=)[ \t]*"(?P<v>[vV]?\d+\.\d+\.\d+)"#,
    )
    .unwrap()
});

/// Every snippet of one line whose name `accept` takes: (its range, the offset of its
/// version, the range of its name).
fn scan(
    code: &str,
    declares: bool,
    accept: &dyn Fn(Snippet, &str) -> bool,
) -> Vec<(Range<usize>, usize, Range<usize>)> {
    let bytes = code.as_bytes();
    let mut found = Vec::new();
    let docker = DOCKER_LINE.is_match(bytes);
    for (re, kind) in SNIPPETS.iter() {
        if *kind == Snippet::Docker && !docker {
            continue;
        }
        for caps in re.captures_iter(bytes) {
            let (Some(whole), Some(name_match), Some(v)) =
                (caps.get(0), caps.name("name"), caps.name("v"))
            else {
                continue;
            };
            let name = std::str::from_utf8(name_match.as_bytes()).unwrap_or("");
            let before = &bytes[..whole.start()];
            let ok = match kind {
                Snippet::Install => INSTALL_COMMAND.is_match(before),
                Snippet::Pip => PIP_COMMAND.is_match(before) || REQUIREMENT_LINE.is_match(bytes),
                Snippet::Json => declares,
                Snippet::Docker | Snippet::Name | Snippet::Cargo => true,
            };
            if ok && accept(*kind, name) {
                found.push((
                    whole.start()..whole.end(),
                    v.start(),
                    name_match.start()..name_match.end(),
                ));
            }
        }
    }
    if let Some(m) = CARGO_INSTALL.captures(bytes) {
        if let (Some(whole), Some(args)) = (m.get(0), m.name("args")) {
            let (names, version) = cargo_install_args(code, args.start(), args.end());
            if let Some(v_at) = version {
                for name in names {
                    if accept(Snippet::Cargo, &code[name.clone()]) {
                        found.push((whole.start()..v_at + 1, v_at, name));
                    }
                }
            }
        }
    }
    found
}

/// Whether a badge's label says it shows this project's version.
pub(super) fn is_version_label(label: &str, packages: &Packages<'_>) -> bool {
    let lower = label.to_lowercase();
    let lower = lower.trim();
    // "relman version", "relman release": the project's own.
    let own = [" version", " release", " latest"].iter().any(|suffix| {
        lower
            .strip_suffix(suffix)
            .is_some_and(|name| packages.is(name.trim()))
    });
    BADGE_LABELS.contains(&lower) || packages.is(lower) || own
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
    /// `cargo install NAME --version X`.
    Cargo,
}

static SNIPPETS: LazyLock<Vec<(Regex, Snippet)>> = LazyLock::new(|| {
    let v = r"(?P<v>[vV]?\d+\.\d+\.\d+)";
    let r = |s: String| ascii_regex(&s).unwrap();
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
    ascii_regex(
        r"(?-u:\b)(?:(?:npm|pnpm|yarn|bun|cnpm)[ \t]+(?:[\w-]+[ \t]+)*?(?:install|i|add|update|upgrade|up|dlx|exec|create)|npx|pnpx|bunx|cargo[ \t]+(?:add|install|binstall)|go[ \t]+(?:install|get|run))(?-u:\b)|(?-u:\b)uses:",
    )
    .unwrap()
});

/// `pip install NAME==X` and friends.
static PIP_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(
        r"(?-u:\b)(?:pip3?|pipx|uv|poetry|pdm|conda|mamba)[ \t]+(?:[\w-]+[ \t]+)*?(?:install|add)(?-u:\b)",
    )
    .unwrap()
});

/// A requirements file line: `NAME==X` alone.
static REQUIREMENT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"^[ \t]*[A-Za-z0-9][\w.-]*(?:\[[\w,-]*\])?[ \t]*===?[ \t]*[vV]?\d+\.\d+\.\d+[\w.+-]*[ \t]*(?:#.*)?$")
        .unwrap()
});

static DOCKER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?i)(?-u:\b)(?:docker|podman|nerdctl|image:)|^[ \t]*FROM[ \t]").unwrap()
});

static CARGO_INSTALL: LazyLock<Regex> = LazyLock::new(|| {
    ascii_regex(r"(?-u:\b)cargo[ \t]+b?install(?-u:\b)(?P<args>[^\n;&|#]*)").unwrap()
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
    "latest stable",
    "stable",
    "stable version",
    "stable release",
    "current",
    "current version",
    "current release",
    "release version",
    "github release",
    "tag",
    "latest tag",
    // Registries: the version published there.
    "crates.io",
    "crate",
    "npm",
    "npm package",
    "pypi",
    "pypi package",
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
        let packages = ["relman".to_string()];
        let packages = Packages(&packages);
        for label in [
            "crates.io",
            "npm",
            "relman version",
            "Latest Stable",
            "relman",
        ] {
            assert!(is_version_label(label, &packages), "{label}");
        }
        for label in ["rust version", "msrv", "node", "python version", "coverage"] {
            assert!(!is_version_label(label, &packages), "{label}");
        }
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
