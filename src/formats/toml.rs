//! What the TOML formats (Cargo.toml, Cargo.lock, pyproject.toml) share: parsing with a
//! positioned error, looking a key up through tables and inline tables, and the exact span
//! of a plain one-line string.

use toml_edit::{Document, Item, Key, Value};

use super::{field, FormatError, VersionField};

/// The document, or where and why it is not TOML.
pub(super) fn parse(text: &str) -> Result<Document<&str>, FormatError> {
    Document::parse(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        let detail: Vec<&str> = e
            .message()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let detail = if detail.is_empty() {
            "syntax error".to_string()
        } else {
            detail.join(", ")
        };
        FormatError::at(
            text,
            offset,
            format!("invalid TOML: {detail}; fix the syntax"),
        )
    })
}

/// The key and item at a path of keys, through tables and inline tables.
pub(super) fn lookup<'a>(root: &'a Item, path: &[&str]) -> Option<(&'a Key, &'a Item)> {
    let (last, parents) = path.split_last()?;
    let mut item = root;
    for key in parents {
        item = item.get(*key)?;
    }
    item.as_table_like()?.get_key_value(last)
}

/// Where an item starts, for error messages: its own span or, failing that, its key's.
pub(super) fn item_offset(key: &Key, item: &Item) -> usize {
    item.span().or_else(|| key.span()).map_or(0, |s| s.start)
}

/// The span of a TOML value that must be a plain one-line string without escapes.
pub(super) fn string_field(
    text: &str,
    key: &Key,
    item: &Item,
    location: &str,
) -> Result<VersionField, FormatError> {
    let offset = item_offset(key, item);
    let not_plain = |what: &str| {
        FormatError::at(
            text,
            offset,
            format!(
                "{location} is {what}, not a plain string; write it as a quoted version, e.g. version = \"1.2.3\""
            ),
        )
    };
    let value = match item {
        Item::Value(Value::String(s)) => s,
        Item::Value(Value::Integer(_) | Value::Float(_)) => return Err(not_plain("a number")),
        Item::Value(Value::Boolean(_)) => return Err(not_plain("a boolean")),
        Item::Value(Value::Datetime(_)) => return Err(not_plain("a date")),
        Item::Value(Value::Array(_)) | Item::ArrayOfTables(_) => return Err(not_plain("an array")),
        Item::Value(Value::InlineTable(_)) | Item::Table(_) => return Err(not_plain("a table")),
        Item::None => return Err(not_plain("empty")),
    };
    let Some(span) = value.span().filter(|s| text.get(s.clone()).is_some()) else {
        return Err(FormatError::at(
            text,
            offset,
            format!("could not locate the text of {location}; edit it by hand"),
        ));
    };
    let raw = &text[span.clone()];
    if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
        return Err(FormatError::at(
            text,
            span.start,
            format!(
                "{location} is a multi-line string; write it on one line, e.g. version = \"1.2.3\""
            ),
        ));
    }
    let quoted = raw.len() >= 2
        && ((raw.starts_with('"') && raw.ends_with('"'))
            || (raw.starts_with('\'') && raw.ends_with('\'')));
    if !quoted {
        return Err(not_plain("not a quoted string"));
    }
    let inner = span.start + 1..span.end - 1;
    if raw.starts_with('"') && text[inner.clone()].contains('\\') {
        return Err(FormatError::at(
            text,
            span.start,
            format!(
                "{location} contains escape sequences; write it without backslashes, e.g. version = \"1.2.3\""
            ),
        ));
    }
    if &text[inner.clone()] != value.value() {
        return Err(FormatError::at(
            text,
            span.start,
            format!("could not locate the text of {location}; edit it by hand"),
        ));
    }
    Ok(field(text, inner, location))
}

/// A workspace table's `members` and `exclude` globs (Cargo `[workspace]`, uv
/// `[tool.uv.workspace]`).
pub(super) fn members(workspace: &Item) -> super::Members {
    let list = |key: &str| -> Vec<String> {
        workspace
            .get(key)
            .and_then(Item::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    super::Members {
        include: list("members"),
        exclude: list("exclude"),
    }
}
