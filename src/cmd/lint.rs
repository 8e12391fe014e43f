//! `relman lint`: run the lint and print its report.

use std::path::Path;

use anyhow::{anyhow, Context as _, Result};

use super::Ctx;
use crate::cli;
use crate::lint::baseline::Baseline;
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
        changed_since: args.changed_since.clone(),
    };
    // Read before the lint runs: a baseline that cannot be read stops it before any work.
    let baseline = match &args.baseline {
        Some(file) => Some((file, read_baseline(&ctx.dir, file)?)),
        None => None,
    };
    let mut report = crate::lint::run::lint(&project, &request)?;
    for note in &report.notes {
        ctx.warn(note)?;
    }
    if ctx.verbose {
        for site in &report.sites {
            ctx.note(&format!("documentation site {site}"))?;
        }
    }
    if let Some(changed) = &report.changed {
        ctx.note(changed)?;
    }
    if let Some(left_out) = &report.left_out {
        ctx.note(left_out)?;
    }
    for (path, count) in &report.fixed {
        ctx.note(&format!("fixed {count} problem(s) in {path}"))?;
    }
    if let Some(file) = &args.write_baseline {
        let baseline = Baseline::of(&report);
        let path = ctx.dir.join(file);
        crate::fsutil::write_atomic(&path, baseline.to_json().as_bytes())
            .with_context(|| format!("{}: cannot write the baseline", file.display()))?;
        ctx.note(&format!(
            "wrote {} finding(s) to {}; `relman lint --baseline {}` now fails only on new ones",
            baseline.len(),
            file.display(),
            file.display()
        ))?;
        return Ok(Status::Success);
    }
    if let Some((file, baseline)) = &baseline {
        let applied = baseline.apply(&mut report);
        if applied.known > 0 {
            ctx.note(&format!(
                "{} finding(s) left out: {} has them",
                applied.known,
                file.display()
            ))?;
        }
        if !applied.gone.is_empty() {
            ctx.note(&format!(
                "{} finding(s) of {} are gone (fixed, or their line changed): run `relman lint --write-baseline {}` to shrink it",
                applied.gone.len(),
                file.display(),
                file.display()
            ))?;
            if ctx.verbose {
                for e in &applied.gone {
                    ctx.note(&format!(
                        "  gone: {} {}:{} {}",
                        e.rule, e.path, e.line, e.message
                    ))?;
                }
            }
        }
    }
    let format = match args.format {
        cli::LintFormat::Human => crate::report::Format::Human,
        cli::LintFormat::Json => crate::report::Format::Json,
        cli::LintFormat::Github => crate::report::Format::Github,
        cli::LintFormat::Sarif => crate::report::Format::Sarif,
        cli::LintFormat::Gitlab => crate::report::Format::Gitlab,
    };
    let text = if format == crate::report::Format::Github && !args.warnings_as_annotations {
        // Warnings go to the step summary, not to annotations, unless asked for.
        let errors_only = crate::lint::run::Report {
            diagnostics: report
                .diagnostics
                .iter()
                .filter(|d| d.severity == crate::lint::Severity::Error)
                .cloned()
                .collect(),
            ..crate::lint::run::Report::default()
        };
        crate::report::render(&errors_only, format, ctx.color)
    } else {
        crate::report::render(&report, format, ctx.color)
    };
    ctx.out.write_all(text.as_bytes())?;
    ctx.step_summary(|| crate::report::lint_summary(&report))?;
    if format == crate::report::Format::Github && !ctx.quiet {
        let errors = report.count(crate::lint::Severity::Error);
        let warnings = report.count(crate::lint::Severity::Warning);
        let hidden = if warnings > 0 && !args.warnings_as_annotations {
            " (warnings are not annotations: see the step summary, or add --warnings-as-annotations)"
        } else {
            ""
        };
        writeln!(
            ctx.err,
            "{} file(s) checked: {errors} error(s), {warnings} warning(s){hidden}",
            report.files_checked
        )?;
    }
    if report.count(crate::lint::Severity::Error) > 0 {
        Ok(Status::CheckFailed)
    } else {
        Ok(Status::Success)
    }
}

/// The baseline FILE (relative to where relman runs).
fn read_baseline(dir: &Path, file: &Path) -> Result<Baseline> {
    let shown = file.display().to_string();
    let text = std::fs::read_to_string(dir.join(file)).with_context(|| {
        format!("{shown}: cannot read the baseline; write one with `relman lint --write-baseline {shown}`")
    })?;
    Baseline::parse(&text, &shown)
}
