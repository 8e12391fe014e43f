//! `relman version`: the current version and, with `--verbose`, where it was read.

use anyhow::Result;

use super::Ctx;
use crate::Status;

/// `relman version`
pub(super) fn run(ctx: &mut Ctx<'_>) -> Result<Status> {
    let project = ctx.workspace()?;
    let (version, source) = project.package().current_version(&project)?;
    writeln!(ctx.out, "{version}")?;
    if ctx.verbose {
        ctx.note(&format!("read from {source}"))?;
    }
    Ok(Status::Success)
}
