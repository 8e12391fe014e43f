//! `relman status`: how far the release's plans and checklists have got, and whether the
//! deploy may go: exit 1 while a go/no-go item is open, a document is stale (about another
//! version than the release being prepared) or not written yet.

use std::path::Path;

use anyhow::{bail, Result};
use regex::Regex;

use super::Ctx;
use crate::cli::{StatusArgs, StatusFormat};
use crate::decide::Choice;
use crate::paths::RepoPath;
use crate::report::{self, Format};
use crate::settings::DocumentSetting;
use crate::status::{self, Checked};
use crate::Status;

/// `relman status`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &StatusArgs) -> Result<Status> {
    let project = ctx.workspace()?;
    let package = project.package();
    let decision = package.decide(&project, &Choice::default())?;
    // Nothing to release: the latest release (else the current version) is the one at hand.
    let prepared = decision.next.unwrap_or(decision.previous).to_string();
    let documents: Vec<&DocumentSetting> = package
        .documents()
        .iter()
        .filter(|d| d.name != "changelog")
        .collect();
    // Each file to read: as shown, and where it is.
    let files: Vec<(String, RepoPath)> = if args.files.is_empty() {
        if documents.is_empty() {
            bail!("relman status has nothing to read: give the files (relman status docs/CHECKLIST.md) or name the release's documents in release.toml, e.g. [documents] checklist = \"docs/releases/CHECKLIST_{{{{version}}}}.md\"");
        }
        let tag = package.tag_name(&project, &semver::Version::parse(&prepared)?);
        let listed = project.repo()?.files(true)?;
        let mut files = Vec::new();
        for d in &documents {
            let path = crate::paths::normalize(&d.path.expand(&prepared, &tag));
            let file = RepoPath::resolve(&project.fs_root, &path)?;
            if file.exists {
                files.push((path, file));
                continue;
            }
            // Not written for this release: the newest written for another one (stale),
            // else the path it should have.
            let path = newest_other(d, &listed).unwrap_or(path);
            files.push((path.clone(), RepoPath::resolve(&project.fs_root, &path)?));
        }
        files
    } else {
        let mut files = Vec::new();
        for f in &args.files {
            let shown = f.display().to_string();
            let file = RepoPath::given(&project.fs_root, &ctx.dir, f)?;
            if !file.exists {
                bail!("{shown}: no such file; give the path of a rendered plan or checklist");
            }
            files.push((shown, file));
        }
        files
    };
    let mut checked = Vec::new();
    for (path, file) in files {
        // Which document of `[documents]` it is, and the version its path names.
        let mine = documents.iter().find_map(|d| {
            let c = pattern(d).captures(&file.shown)?;
            Some((
                d.name == "checklist",
                c.get(1).map(|m| m.as_str().to_string()),
            ))
        });
        let checklist = mine.as_ref().is_some_and(|(c, _)| *c);
        let progress = if file.exists {
            let text = crate::workspace::read_text(&file.full, Path::new(&path))?;
            let mut progress = status::read(&text, checklist);
            if progress.version.is_none() {
                progress.version = mine.and_then(|(_, v)| v);
            }
            Some(progress)
        } else {
            None
        };
        let stale = progress
            .as_ref()
            .and_then(|p| p.version.as_deref())
            .is_some_and(|v| v.trim_start_matches('v') != prepared);
        checked.push(Checked {
            path,
            progress,
            stale,
        });
    }
    let result = status::Report {
        prepared,
        documents: checked,
    };
    let format = match args.format {
        StatusFormat::Human => Format::Human,
        StatusFormat::Json => Format::Json,
        StatusFormat::Github => Format::Github,
    };
    ctx.out
        .write_all(report::render_status(&result, format).as_bytes())?;
    if args.format == StatusFormat::Github {
        ctx.step_summary(|| report::status_step_summary(&result))?;
    }
    Ok(if result.go() {
        Status::Success
    } else {
        Status::CheckFailed
    })
}

/// A document's path pattern as a regex, its `{{version}}` and `{{tag}}` any text.
fn pattern(document: &DocumentSetting) -> Regex {
    let text = crate::paths::normalize(document.path.as_str());
    let mut re = String::from("^");
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let next = ["{{version}}", "{{ version }}", "{{tag}}", "{{ tag }}"]
            .iter()
            .filter_map(|p| rest.find(p).map(|at| (at, p.len())))
            .min();
        if let Some((at, len)) = next {
            re.push_str(&regex::escape(&rest[..at]));
            re.push_str("(.+?)");
            rest = &rest[at + len..];
        } else {
            re.push_str(&regex::escape(rest));
            rest = "";
        }
    }
    re.push('$');
    Regex::new(&re).unwrap_or_else(|_| Regex::new("^$").expect("valid regex"))
}

/// The written file of a document for the highest other version, if any.
fn newest_other(document: &DocumentSetting, listed: &[String]) -> Option<String> {
    let re = pattern(document);
    listed
        .iter()
        .filter_map(|f| {
            let c = re.captures(f)?;
            let v = semver::Version::parse(c.get(1)?.as_str().trim_start_matches('v')).ok()?;
            Some((v, f.clone()))
        })
        .max()
        .map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::PathTemplate;

    #[test]
    fn document_patterns_find_other_versions() {
        let d = DocumentSetting {
            name: "checklist".into(),
            path: PathTemplate::new("docs/releases/CHECKLIST_{{version}}.md"),
        };
        let listed = [
            "docs/releases/CHECKLIST_1.4.0.md".to_string(),
            "docs/releases/CHECKLIST_1.10.0.md".to_string(),
            "docs/releases/CHECKLIST_notes.md".to_string(),
            "docs/releases/PLAN_2.0.0.md".to_string(),
        ];
        assert_eq!(
            newest_other(&d, &listed).as_deref(),
            Some("docs/releases/CHECKLIST_1.10.0.md")
        );
        assert!(pattern(&d).is_match("docs/releases/CHECKLIST_v2.md"));
        assert!(!pattern(&d).is_match("docs/releases/CHECKLISTx1.md"));
    }
}
