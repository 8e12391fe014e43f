//! `relman next`: the next version, as text or JSON, with `--explain` the commits behind it.

use anyhow::Result;
use serde_json::json;

use super::{choice, Ctx};
use crate::cli::{NextArgs, NextFormat};
use crate::decide::Decision;
use crate::history::{self, Effect};
use crate::text::printable;
use crate::workspace::{Package, Releasing, Why, Workspace};
use crate::Status;

/// `relman next`
pub(super) fn run(ctx: &mut Ctx<'_>, args: &NextArgs) -> Result<Status> {
    if ctx.packages.len() != 1 {
        let ws = ctx.workspace_of_all()?;
        if !ws.packages().is_empty() {
            return each_package(ctx, args, &ws);
        }
    }
    let project = ctx.workspace()?;
    // One package of a monorepo: as a release of all would decide it (its group, the
    // dependencies that make it release).
    let (decision, why) = project.decide_selected(&choice(&args.choice))?;
    for note in &decision.notes {
        ctx.warn(note)?;
    }
    if let Some(why) = why.filter(|w| *w != Why::Commits) {
        ctx.note(&format!("releases because {why}"))?;
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

/// `relman next` in a monorepo: one `NAME VERSION` line per package that would release
/// (those `--package` names, else all); `--format json` lists them all.
fn each_package(ctx: &mut Ctx<'_>, args: &NextArgs, ws: &Workspace) -> Result<Status> {
    let chosen: Vec<usize> = if ctx.packages.is_empty() {
        (0..ws.packages().len()).collect()
    } else {
        let mut chosen = Vec::new();
        for name in &ctx.packages {
            chosen.push(ws.index_of(name)?);
        }
        chosen
    };
    let choice = choice(&args.choice);
    // What releases (with groups and dependents), then, for JSON and --explain, every
    // package chosen, releasable or not.
    let listed = ws.releasing(&chosen, &choice)?;
    let mut json_list = Vec::new();
    let mut any = false;
    for Releasing {
        index,
        decision,
        why,
    } in &listed
    {
        let package: &Package = &ws.packages()[*index];
        let name = package.given_name.clone().unwrap_or_default();
        for note in &decision.notes {
            ctx.warn(&format!("{name}: {note}"))?;
        }
        let releases = why.is_some() && decision.next.is_some();
        match args.format {
            NextFormat::Json => {
                let mut value = decision_json(decision);
                value["name"] = json!(name);
                value["path"] = json!(package.root);
                value["changelog"] = json!(package.changelog);
                if !releases {
                    value["releasable"] = json!(false);
                }
                if let Some(why) = why.as_ref().filter(|w| **w != Why::Commits) {
                    value["because"] = json!(why.to_string());
                }
                json_list.push(value);
            }
            NextFormat::Text => {
                if let (true, Some(next)) = (releases, &decision.next) {
                    writeln!(ctx.out, "{name} {next}")?;
                    any = true;
                }
            }
        }
        if args.explain {
            writeln!(ctx.err, "{name} ({}):", display_folder(&package.root))?;
            if let Some(why) = why.as_ref().filter(|w| **w != Why::Commits) {
                writeln!(ctx.err, "  releases because {why}")?;
            }
            explain(ctx, decision)?;
        }
    }
    match args.format {
        NextFormat::Json => {
            let text = serde_json::to_string_pretty(&json!({ "packages": json_list }))?;
            writeln!(ctx.out, "{}", crate::text::json_text(text))?;
        }
        NextFormat::Text if !any => {
            ctx.note("nothing to release in any package: no feat, fix, perf or breaking change in their folders since their latest tags")?;
        }
        NextFormat::Text => {}
    }
    Ok(Status::Success)
}

fn display_folder(root: &str) -> String {
    if root.is_empty() {
        "the root folder".to_string()
    } else {
        format!("{root}/")
    }
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

pub(super) fn nothing_text(decision: &Decision) -> String {
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
    // A version the commits did not ask for (`--level`, a floor): say what it is.
    let bump = match &d.next {
        Some(n) if d.bump == crate::version::Bump::None => {
            let p = &d.previous;
            if n.major != p.major {
                "major, as asked".to_string()
            } else if n.minor != p.minor {
                "minor, as asked".to_string()
            } else if n.patch != p.patch {
                "patch, as asked".to_string()
            } else {
                "pre-release, as asked".to_string()
            }
        }
        _ => d.bump.to_string(),
    };
    writeln!(
        ctx.err,
        "{} -> {next} ({bump}{policy}), {} commit(s) {}",
        d.previous,
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
