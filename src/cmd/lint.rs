//! `relman lint`: run the lint and print its report.

use anyhow::{anyhow, Result};

use super::Ctx;
use crate::cli;
use crate::Status;

/// `relman lint`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &cli::LintArgs) -> Result<Status> {
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
        if matches!(id.as_str(), "broken-link" | "placeholder") {
            // How this repository's sites are read, when there is one to look at.
            if let Ok(project) = ctx.workspace_of_all() {
                let sites = crate::lint::run::sites(&project)?;
                writeln!(ctx.out, "\n## In this repository\n")?;
                if sites.is_empty() {
                    writeln!(
                        ctx.out,
                        "No documentation site was found: every file is read as GitHub renders it."
                    )?;
                } else {
                    writeln!(
                        ctx.out,
                        "Files in these folders are read as their site builds them; the rest as GitHub renders them:\n"
                    )?;
                    for line in sites {
                        writeln!(ctx.out, "- {line}")?;
                    }
                }
            }
        }
        return Ok(Status::Success);
    }
    let project = ctx.workspace()?;
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
        planned: Vec::new(),
    };
    let report = crate::lint::run::lint(&project, &request)?;
    for note in &report.notes {
        ctx.warn(note)?;
    }
    if ctx.verbose {
        for site in &report.sites {
            ctx.note(&format!("documentation site {site}"))?;
        }
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
