//! A forge remote (GitHub, GitLab, Bitbucket, Gitea) read from a git remote URL, in its
//! https or ssh form, and the links relman makes to it. Pure.
//!
//! Each forge is one entry of [`FORGES`]: the hosts it serves and the shape of its links.
//! Adding a forge is adding an entry.

use serde::{Serialize, Serializer};

/// A forge: its name, the hosts it serves and the shape of its links. In the link
/// templates, `{url}` is `https://host/owner/repo`; `{hash}`, `{from}`, `{to}`, `{tag}` and
/// `{number}` are what the link is to.
#[derive(Debug)]
pub(crate) struct Forge {
    /// As templates see it (`remote.forge`).
    pub(crate) name: &'static str,
    /// Whether a host (lower case) is this forge's.
    serves: fn(&str) -> bool,
    commit: &'static str,
    /// A comparison of two tags.
    compare: &'static str,
    /// A tag's page, for a first release with nothing to compare with.
    tag: &'static str,
    issue: &'static str,
}

/// The known forges, tried in order.
pub(crate) static FORGES: &[Forge] = &[
    Forge {
        name: "github",
        serves: |host| host == "github.com" || host.starts_with("github."),
        commit: "{url}/commit/{hash}",
        compare: "{url}/compare/{from}...{to}",
        tag: "{url}/releases/tag/{tag}",
        issue: "{url}/issues/{number}",
    },
    Forge {
        name: "gitlab",
        serves: |host| host == "gitlab.com" || host.starts_with("gitlab."),
        commit: "{url}/-/commit/{hash}",
        compare: "{url}/-/compare/{from}...{to}",
        tag: "{url}/-/tags/{tag}",
        issue: "{url}/-/issues/{number}",
    },
    Forge {
        name: "bitbucket",
        serves: |host| host == "bitbucket.org",
        commit: "{url}/commits/{hash}",
        compare: "{url}/branches/compare/{to}%0D{from}",
        tag: "{url}/src/{tag}",
        issue: "{url}/issues/{number}",
    },
    Forge {
        name: "gitea",
        serves: |host| {
            host == "codeberg.org" || host.starts_with("gitea.") || host.starts_with("forgejo.")
        },
        commit: "{url}/commit/{hash}",
        compare: "{url}/compare/{from}...{to}",
        tag: "{url}/releases/tag/{tag}",
        issue: "{url}/issues/{number}",
    },
];

impl PartialEq for Forge {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Forge {}

impl Serialize for Forge {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name)
    }
}

/// A repository on a forge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Remote {
    pub(crate) forge: &'static Forge,
    pub(crate) host: String,
    /// `owner/repo` (GitLab: `group/subgroup/repo`).
    pub(crate) path: String,
    /// `https://host/owner/repo`
    pub(crate) url: String,
}

impl Remote {
    /// Read a remote URL: `https://github.com/o/r.git`, `git@github.com:o/r.git`,
    /// `ssh://git@gitlab.com/g/s/r.git`. None for hosts that are not known forges, and for
    /// a path that is not plainly a repository's (letters, digits, `-`, `_`, `.`).
    ///
    /// Only the host and the path are kept: credentials (`https://user:TOKEN@host/…`,
    /// `TOKEN@host:…`), a port, a query (`?access_token=…`) and a fragment never reach a
    /// link, a document, JSON or a file relman writes.
    pub(crate) fn parse(url: &str) -> Option<Remote> {
        let url = url.trim();
        let (host, path) = if let Some(rest) = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .or_else(|| url.strip_prefix("ssh://"))
            .or_else(|| url.strip_prefix("git://"))
        {
            // The authority ends where the path, the query or the fragment starts.
            let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            let (authority, path) = rest.split_at(end);
            // Drop credentials (up to the last `@`) and the port.
            let host = authority.rsplit('@').next()?;
            let host = host.split(':').next()?;
            (host, path)
        } else {
            // scp-like: user@host:path
            let (authority, path) = url.split_once(':')?;
            if authority.contains('/') {
                return None;
            }
            let host = authority.rsplit('@').next()?;
            (host, path)
        };
        let host = host.to_ascii_lowercase();
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        {
            return None;
        }
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path
            .trim_matches('/')
            .trim_end_matches(".git")
            .trim_matches('/')
            .to_string();
        let segments: Vec<&str> = path.split('/').collect();
        if segments.len() < 2 || !segments.iter().all(|s| plain_segment(s)) {
            return None;
        }
        let forge = FORGES.iter().find(|f| (f.serves)(&host))?;
        let url = format!("https://{host}/{path}");
        Some(Remote {
            forge,
            host,
            path,
            url,
        })
    }

    /// A link of this forge's shape: `template` with `{url}` and the `(name, value)` pairs
    /// filled in, in one pass (a value is never read as a placeholder).
    fn link(&self, template: &str, values: &[(&str, &str)]) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}').unwrap_or(after.len());
            let name = &after[..close];
            match values.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => out.push_str(value),
                None if name == "url" => out.push_str(&self.url),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = after.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    pub(crate) fn commit_url(&self, hash: &str) -> String {
        self.link(self.forge.commit, &[("hash", hash)])
    }

    /// The comparison of two tags (three-dot range on GitHub, GitLab and Gitea).
    pub(crate) fn compare_url(&self, from: &str, to: &str) -> String {
        self.link(self.forge.compare, &[("from", from), ("to", to)])
    }

    /// The page of a tag's tree, for a first release with nothing to compare with.
    pub(crate) fn tag_url(&self, tag: &str) -> String {
        self.link(self.forge.tag, &[("tag", tag)])
    }

    pub(crate) fn issue_url(&self, number: &str) -> String {
        self.link(self.forge.issue, &[("number", number)])
    }
}

/// A segment of a repository path as forges name them: not empty, not `.` or `..`, and only
/// letters, digits, `-`, `_` and `.` (so no `@`, `%`, `;`, space or line end in a link).
fn plain_segment(segment: &str) -> bool {
    !matches!(segment, "" | "." | "..")
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_and_ssh_forms() {
        for url in [
            "https://github.com/acme/relman.git",
            "https://github.com/acme/relman",
            "git@github.com:acme/relman.git",
            "ssh://git@github.com/acme/relman.git",
            "https://user:token@github.com/acme/relman.git",
            "ssh://git@github.com:22/acme/relman",
        ] {
            let r = Remote::parse(url).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(r.forge.name, "github", "{url}");
            assert_eq!(r.url, "https://github.com/acme/relman", "{url}");
        }
    }

    #[test]
    fn links_per_forge() {
        let gl = Remote::parse("git@gitlab.com:group/sub/proj.git").unwrap();
        assert_eq!(gl.path, "group/sub/proj");
        assert_eq!(
            gl.commit_url("abc"),
            "https://gitlab.com/group/sub/proj/-/commit/abc"
        );
        assert_eq!(
            gl.compare_url("v1", "v2"),
            "https://gitlab.com/group/sub/proj/-/compare/v1...v2"
        );
        assert_eq!(
            gl.issue_url("7"),
            "https://gitlab.com/group/sub/proj/-/issues/7"
        );
        let bb = Remote::parse("https://bitbucket.org/o/r.git").unwrap();
        assert_eq!(
            bb.commit_url("abc"),
            "https://bitbucket.org/o/r/commits/abc"
        );
        assert_eq!(
            bb.compare_url("v1", "v2"),
            "https://bitbucket.org/o/r/branches/compare/v2%0Dv1"
        );
        let gt = Remote::parse("https://codeberg.org/o/r").unwrap();
        assert_eq!(gt.forge.name, "gitea");
        assert_eq!(
            gt.compare_url("v1", "v2"),
            "https://codeberg.org/o/r/compare/v1...v2"
        );
        let gh = Remote::parse("https://github.com/o/r").unwrap();
        assert_eq!(gh.issue_url("12"), "https://github.com/o/r/issues/12");
        assert_eq!(
            gh.tag_url("v1.0.0"),
            "https://github.com/o/r/releases/tag/v1.0.0"
        );
    }

    #[test]
    fn a_value_is_never_read_as_a_placeholder() {
        let gh = Remote::parse("https://github.com/o/r").unwrap();
        assert_eq!(
            gh.compare_url("v{to}", "v2"),
            "https://github.com/o/r/compare/v{to}...v2"
        );
        assert_eq!(
            serde_json::to_value(&gh).unwrap()["forge"],
            serde_json::json!("github")
        );
    }

    #[test]
    fn credentials_queries_and_fragments_never_reach_a_link() {
        for url in [
            "https://x-access-token:ghs_SECRET@github.com/acme/relman.git",
            "https://ghp_SECRET@github.com/acme/relman",
            "https://user:SECRET@@github.com/acme/relman.git",
            "https://user%40x:SECRET%2F@github.com:443/acme/relman.git/",
            "https://github.com/acme/relman.git?access_token=SECRET",
            "https://github.com/acme/relman.git#SECRET",
            "https://github.com/acme/relman/?private_token=SECRET#SECRET",
            "ssh://SECRET@github.com:22/acme/relman.git",
            "SECRET@github.com:acme/relman.git",
            "SECRET@github.com:acme/relman.git?SECRET",
        ] {
            let r = Remote::parse(url).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(r.url, "https://github.com/acme/relman", "{url}");
            assert_eq!(
                (r.host.as_str(), r.path.as_str()),
                ("github.com", "acme/relman"),
                "{url}"
            );
        }
    }

    #[test]
    fn a_path_that_is_not_plainly_a_repository_is_not_a_remote() {
        for url in [
            "https://github.com/acme/relman@SECRET",
            "https://github.com?SECRET/acme/relman",
            "https://github.com/acme/relman.git;SECRET",
            "https://github.com/acme/a b",
            "https://github.com/acme/relman\n[lint]\nexclude = [\"**\"]",
            "https://github.com/acme/../x",
            "https://github.com/acme//relman",
            "https://github.com/acme/%2e%2e",
            "https://git<hub.com/acme/relman",
            "https://github.com\n/acme/relman",
        ] {
            assert_eq!(Remote::parse(url), None, "{url:?}");
        }
    }

    #[test]
    fn unknown_hosts_and_local_paths_are_not_remotes() {
        assert_eq!(Remote::parse("/srv/git/repo.git"), None);
        assert_eq!(Remote::parse("file:///srv/git/repo.git"), None);
        assert_eq!(Remote::parse("https://example.com/o/r"), None);
        assert_eq!(Remote::parse("https://github.com/onlyowner"), None);
    }
}
