//! `relman config`: the resolved settings, defaults filled in, with where each value came
//! from (`release.toml:LINE:COLUMN`, `default`, `detected`), as TOML or JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;

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
    // What an undeclared version source resolves to here. A version file that cannot be read
    // fails here as it would in `next`.
    let detected = match ws.settings.version.source {
        VersionSource::Detect => match ws.package().current_version(&ws)? {
            (_, Source::File(path)) => Some(path.to_string_lossy().into_owned()),
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
                    "# The settings relman uses, read from {}, with every default filled in.\n\
                     # A value that is detected or has a default no single value states is\n\
                     # shown commented out: set it to fix it.\n",
                    crate::text::printable(f)
                ),
                None => "# No release.toml: the settings relman uses are its defaults.\n\
                         # A value that is detected or has a default no single value states is\n\
                         # shown commented out: set it to fix it.\n"
                    .to_string(),
            };
            // Not `printable` over the body: TOML has its own escapes, and the body uses them.
            let body = toml_text(&value, &origins);
            ctx.out.write_all(format!("{head}{body}").as_bytes())?;
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
        if let Value::Array(items) = table {
            // `[[packages]]`: an array of tables, left out when empty.
            let mut array = toml_edit::ArrayOfTables::new();
            for item in items {
                let mut out = toml_edit::Table::new();
                fill(&mut out, item, name, origins);
                array.push(out);
            }
            if !array.is_empty() {
                doc.insert(name, toml_edit::Item::ArrayOfTables(array));
            }
            continue;
        }
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
                out.insert_formatted(&toml_key(key), toml_edit::Item::Table(table));
            }
            _ => {
                let origin = origins
                    .get(&dotted)
                    .map_or_else(String::new, |o| crate::text::one_line(o).into_owned());
                let value = toml_value(inner);
                // A value relman finds for itself, or a default no single value states
                // (`tag-prefix`: tags read with or without `v`), would mean something else
                // once written down: it is shown, commented out.
                let implicit = origin.starts_with("detected") || origin.starts_with("default (");
                match value {
                    Some(mut v) if !implicit => {
                        if !origin.is_empty() {
                            v.decor_mut().set_suffix(format!("  # {origin}"));
                        }
                        out.insert_formatted(&toml_key(key), toml_edit::Item::Value(v));
                    }
                    _ => {
                        let line = match value {
                            Some(v) => format!("# {} = {v}  # {origin}", toml_key(key)),
                            // TOML has no null: an unset value is a comment.
                            None => format!("# {key}: not set; {origin}"),
                        };
                        let decor = out.decor_mut();
                        let suffix = decor
                            .suffix()
                            .and_then(|s| s.as_str())
                            .unwrap_or("")
                            .to_string();
                        decor.set_suffix(format!("{suffix}\n{line}"));
                    }
                }
            }
        }
    }
}

/// Whether `c` is a control character a TOML writer would leave as it is (DEL and C1; the C0
/// controls are escaped by `toml_edit`), which a terminal may act on.
fn raw_control(c: char) -> bool {
    ('\u{7f}'..='\u{9f}').contains(&c)
}

/// `s` as a TOML basic string with every control character escaped (`\u0085`).
fn escaped(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML string value that no terminal acts on.
fn toml_string(s: &str) -> toml_edit::Value {
    if s.chars().any(raw_control) {
        if let Ok(v) = escaped(s).parse::<toml_edit::Value>() {
            return v;
        }
    }
    s.into()
}

/// A TOML key that no terminal acts on.
fn toml_key(k: &str) -> toml_edit::Key {
    if k.chars().any(raw_control) {
        if let Ok(mut keys) = toml_edit::Key::parse(&escaped(k)) {
            if keys.len() == 1 {
                return keys.remove(0);
            }
        }
    }
    toml_edit::Key::new(k)
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
        Value::String(s) => toml_string(s),
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
                    table.insert_formatted(&toml_key(k), v);
                }
            }
            toml_edit::Value::InlineTable(table)
        }
    })
}
