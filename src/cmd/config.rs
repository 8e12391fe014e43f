//! `relman config`: the resolved settings, defaults filled in, with where each value came
//! from (`release.toml:LINE:COLUMN`, `default`, `detected`), as TOML or JSON.

use std::collections::BTreeMap;

use anyhow::Result;
use serde_json::{json, Value};

use super::Ctx;
use crate::cli::{ConfigArgs, ConfigFormat};
use crate::settings::VersionSource;
use crate::workspace::Source;
use crate::Status;

pub(super) fn run(ctx: &mut Ctx<'_>, args: &ConfigArgs) -> Result<Status> {
    let ws = ctx.workspace()?;
    // What an undeclared version source resolves to here, when a file holds the version.
    let detected = match ws.settings.version.source {
        VersionSource::Detect => match ws.package().current_version(&ws) {
            Ok((_, Source::File(path))) => Some(path.to_string_lossy().into_owned()),
            _ => None,
        },
        _ => None,
    };
    let (value, origins) = ws.settings.describe(detected.as_deref());
    let file = ws.settings.file.as_ref().map(|f| f.display().to_string());
    match args.format {
        ConfigFormat::Json => {
            let text = serde_json::to_string_pretty(&json!({
                "file": file,
                "settings": value,
                "origins": origins,
            }))?;
            writeln!(ctx.out, "{}", crate::text::json_text(text))?;
        }
        ConfigFormat::Toml => {
            let head = match &file {
                Some(f) => format!(
                    "# The settings relman uses, read from {f}, with every default filled in.\n"
                ),
                None => {
                    "# No release.toml: the settings relman uses are its defaults.\n".to_string()
                }
            };
            let body = toml_text(&value, &origins);
            ctx.out
                .write_all(crate::text::printable(&format!("{head}{body}")).as_bytes())?;
        }
    }
    Ok(Status::Success)
}

/// The settings as TOML, each value followed by a comment saying where it came from.
fn toml_text(value: &Value, origins: &BTreeMap<String, String>) -> String {
    let mut doc = toml_edit::DocumentMut::new();
    let Value::Object(tables) = value else {
        return String::new();
    };
    for (name, table) in tables {
        let mut out = toml_edit::Table::new();
        fill(&mut out, table, name, origins);
        doc.insert(name, toml_edit::Item::Table(out));
    }
    doc.to_string()
}

fn fill(
    out: &mut toml_edit::Table,
    value: &Value,
    prefix: &str,
    origins: &BTreeMap<String, String>,
) {
    let Value::Object(map) = value else {
        return;
    };
    for (key, inner) in map {
        let dotted = format!("{prefix}.{key}");
        match inner {
            Value::Object(sub) if !sub.is_empty() || !origins.contains_key(&dotted) => {
                let mut table = toml_edit::Table::new();
                fill(&mut table, inner, &dotted, origins);
                out.insert(key, toml_edit::Item::Table(table));
            }
            _ => {
                let Some(mut v) = toml_value(inner) else {
                    // TOML has no null: an unset value is a comment.
                    let origin = origins.get(&dotted).map_or("", String::as_str);
                    let decor = out.decor_mut();
                    let suffix = decor
                        .suffix()
                        .and_then(|s| s.as_str())
                        .unwrap_or("")
                        .to_string();
                    decor.set_suffix(format!("{suffix}\n# {key}: not set; {origin}"));
                    continue;
                };
                if let Some(origin) = origins.get(&dotted) {
                    v.decor_mut().set_suffix(format!("  # {origin}"));
                }
                out.insert(key, toml_edit::Item::Value(v));
            }
        }
    }
}

/// A JSON value as a TOML value (None for null, which TOML cannot hold).
fn toml_value(value: &Value) -> Option<toml_edit::Value> {
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => (*b).into(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.into(),
            None => n.as_f64().unwrap_or_default().into(),
        },
        Value::String(s) => s.as_str().into(),
        Value::Array(items) => {
            let mut array = toml_edit::Array::new();
            for item in items {
                array.push(toml_value(item)?);
            }
            toml_edit::Value::Array(array)
        }
        Value::Object(map) => {
            let mut table = toml_edit::InlineTable::new();
            for (k, v) in map {
                if let Some(v) = toml_value(v) {
                    table.insert(k, v);
                }
            }
            toml_edit::Value::InlineTable(table)
        }
    })
}
