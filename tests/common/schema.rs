//! A small JSON Schema (draft-04) validator for the tests: the keywords the SARIF 2.1.0
//! schema and the GitLab Code Quality fixture use (`type`, `$ref` to `#/definitions/…`,
//! `properties`, `required`, `additionalProperties`, `items`, `minItems`, `uniqueItems`,
//! `minimum`, `maximum`, `enum`, `pattern`, `anyOf`, `oneOf`, `allOf`). `format` is not
//! checked but for `uri` and `uri-reference`, which must not hold a space. Any other
//! keyword fails the validation, so a schema that needs more cannot pass unchecked.

use serde_json::Value;

const KNOWN: &[&str] = &[
    "$schema",
    "id",
    "title",
    "description",
    "default",
    "definitions",
    "type",
    "$ref",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "enum",
    "pattern",
    "anyOf",
    "oneOf",
    "allOf",
    "format",
];

/// The validation errors of `value` against `schema` (the root, for `$ref`s), each with
/// its JSON pointer.
pub(crate) fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, value, "", &mut errors);
    errors
}

fn check(root: &Value, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let Some(schema) = schema.as_object() else {
        errors.push(format!("{at}: the schema here is not an object"));
        return;
    };
    for key in schema.keys() {
        if !KNOWN.contains(&key.as_str()) {
            errors.push(format!(
                "{at}: schema keyword {key:?} is not supported by this validator"
            ));
        }
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let Some(name) = reference.strip_prefix("#/definitions/") else {
            errors.push(format!("{at}: unsupported $ref {reference}"));
            return;
        };
        match root["definitions"].get(name) {
            Some(target) => check(root, target, value, at, errors),
            None => errors.push(format!("{at}: no definition {name}")),
        }
    }
    if let Some(kind) = schema.get("type") {
        let kinds: Vec<&str> = match kind {
            Value::String(k) => vec![k.as_str()],
            Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        if !kinds.iter().any(|k| is_type(value, k)) {
            errors.push(format!("{at}: expected {kinds:?}, found {value}"));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            errors.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        if let Some(text) = value.as_str() {
            match regex::Regex::new(pattern) {
                Ok(re) if !re.is_match(text) => {
                    errors.push(format!("{at}: {text:?} does not match {pattern}"));
                }
                Ok(_) => {}
                Err(e) => errors.push(format!("{at}: bad pattern {pattern}: {e}")),
            }
        }
    }
    if let (Some(format), Some(text)) =
        (schema.get("format").and_then(Value::as_str), value.as_str())
    {
        if matches!(format, "uri" | "uri-reference") && text.contains(char::is_whitespace) {
            errors.push(format!("{at}: {text:?} is not a {format}"));
        }
    }
    if let Some(n) = value.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
            if n < min {
                errors.push(format!("{at}: {n} is below the minimum {min}"));
            }
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
            if n > max {
                errors.push(format!("{at}: {n} is above the maximum {max}"));
            }
        }
    }
    if let Some(object) = value.as_object() {
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    errors.push(format!("{at}: the required property {name:?} is missing"));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, item) in object {
            let here = format!("{at}/{name}");
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => check(root, sub, item, &here, errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        errors.push(format!("{here}: no such property is allowed"));
                    }
                    Some(sub @ Value::Object(_)) => check(root, sub, item, &here, errors),
                    _ => {}
                },
            }
        }
    }
    if let Some(items) = value.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
            if (items.len() as u64) < min {
                errors.push(format!("{at}: {} item(s), fewer than {min}", items.len()));
            }
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, item) in items.iter().enumerate() {
                if items[..i].contains(item) {
                    errors.push(format!("{at}/{i}: a repeated item"));
                }
            }
        }
        if let Some(sub) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(root, sub, item, &format!("{at}/{i}"), errors);
            }
        }
    }
    for (keyword, wanted) in [("anyOf", 1..=usize::MAX), ("oneOf", 1..=1)] {
        if let Some(options) = schema.get(keyword).and_then(Value::as_array) {
            let passing = options
                .iter()
                .filter(|o| {
                    let mut e = Vec::new();
                    check(root, o, value, at, &mut e);
                    e.is_empty()
                })
                .count();
            if !wanted.contains(&passing) {
                errors.push(format!("{at}: {passing} of the {keyword} options match"));
            }
        }
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for sub in all {
            check(root, sub, value, at, errors);
        }
    }
}

fn is_type(value: &Value, kind: &str) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        _ => false,
    }
}

#[test]
fn the_validator_finds_what_it_must() {
    let schema: Value = serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "required": ["a"],
        "properties": {
            "a": { "$ref": "#/definitions/n" },
            "b": { "type": "array", "items": { "enum": ["x", "y"] }, "uniqueItems": true, "minItems": 1 },
            "c": { "type": "string", "pattern": "^v" }
        },
        "definitions": { "n": { "type": "integer", "minimum": 1 } }
    });
    assert!(validate(
        &schema,
        &serde_json::json!({ "a": 1, "b": ["x"], "c": "v1" })
    )
    .is_empty());
    let errors = validate(
        &schema,
        &serde_json::json!({ "a": 0, "b": ["x", "x", "z"], "c": "1", "d": 1 }),
    );
    assert_eq!(errors.len(), 5, "{errors:?}");
    assert_eq!(validate(&schema, &serde_json::json!({})).len(), 1);
    let unknown = serde_json::json!({ "patternProperties": {} });
    assert_eq!(validate(&unknown, &serde_json::json!({})).len(), 1);
}
