//! Validation of a report: the structural rules of `schema/report.schema.json` plus the
//! semantic rules JSON Schema cannot express.
//!
//! The structural part interprets the schema file itself (embedded with `include_str!`), so the
//! validator and the schema cannot disagree. It implements the subset of draft 2020-12 the
//! schema uses ([`SUPPORTED_KEYWORDS`]); a test fails if the schema starts using anything else.
//! `pattern` is supported only for the schema's known patterns ([`KNOWN_PATTERNS`]), to stay
//! free of a regex dependency.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{Report, SCHEMA_VERSION};
use crate::summary::Summary;

/// The JSON Schema of the report format (`reports/schema/report.schema.json`).
pub const SCHEMA_JSON: &str = include_str!("../schema/report.schema.json");

/// JSON Schema keywords the embedded interpreter understands (annotations included).
pub const SUPPORTED_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "title",
    "description",
    "format",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "propertyNames",
    "items",
    "enum",
    "minimum",
    "anyOf",
    "pattern",
];

/// The `pattern`s the interpreter can check: the schema_version and started_at patterns.
pub const KNOWN_PATTERNS: &[&str] = &[SEMVER_MAJOR_PATTERN, RFC3339_UTC_PATTERN];

const SEMVER_MAJOR_PATTERN: &str = r"^3\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$";
const RFC3339_UTC_PATTERN: &str =
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$";

/// The embedded schema, parsed.
pub fn schema() -> Value {
    serde_json::from_str(SCHEMA_JSON).expect("reports/schema/report.schema.json is valid JSON")
}

/// Checks `json` against the report schema and the semantic rules; returns every problem found,
/// each prefixed with a JSON pointer (`/trials/3/status: ...`).
///
/// Semantic rules (checked once the structure is valid): `summary` equals [`Summary::of`] the
/// trials; trial ids are unique and equal `template::op::device::dtype`; trials with status
/// fail/xfail/xpass/error have a non-empty `repro`; `metrics.mismatched <= metrics.total`;
/// divergence names are unique, every `declared_divergence` names one of them, each
/// divergence's `trials` equals the number of trials naming it and `still_holds <= trials`;
/// `started_at` has in-range date and time fields.
pub fn validate(json: &Value) -> Result<(), Vec<String>> {
    let schema = schema();
    let mut errors = Vec::new();
    Checker { root: &schema }.check(&schema, json, "", &mut errors);
    if !errors.is_empty() {
        if let Some(v) = json.get("schema_version").and_then(Value::as_str) {
            if newer_minor(v) {
                errors.push(format!(
                    "note: report schema {v} is newer than this validator's {SCHEMA_VERSION}; \
                     fields it added are unknown here"
                ));
            }
        }
        return Err(errors);
    }
    let report: Report = match serde_json::from_value(json.clone()) {
        Ok(r) => r,
        Err(e) => return Err(vec![format!("does not deserialise as a Report: {e}")]),
    };
    semantic(&report, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Validates a typed report (serialised first, so the same rules apply).
pub fn validate_report(report: &Report) -> Result<(), Vec<String>> {
    match serde_json::to_value(report) {
        Ok(v) => validate(&v),
        Err(e) => Err(vec![format!("report does not serialise: {e}")]),
    }
}

fn newer_minor(version: &str) -> bool {
    let parse = |s: &str| -> Option<(u64, u64)> {
        let mut it = s.split('.');
        Some((it.next()?.parse().ok()?, it.next()?.parse().ok()?))
    };
    matches!((parse(version), parse(SCHEMA_VERSION)), (Some((a, b)), Some((c, d))) if a == c && b > d)
}

fn semantic(r: &Report, errors: &mut Vec<String>) {
    if !crate::time::is_rfc3339_utc(&r.run.started_at) {
        errors.push(format!(
            "/run/started_at: {:?} is not a valid RFC 3339 UTC time",
            r.run.started_at
        ));
    }

    let expected = Summary::of(&r.trials);
    if r.summary.total != expected.total {
        errors.push(format!(
            "/summary/total: {} but there are {} trials",
            r.summary.total, expected.total
        ));
    }
    diff_counts(
        "/summary/by_status",
        &r.summary.by_status,
        &expected.by_status,
        errors,
    );
    diff_counts(
        "/summary/by_divergence",
        &r.summary.by_divergence,
        &expected.by_divergence,
        errors,
    );
    let templates: BTreeSet<&String> = r
        .summary
        .by_template
        .keys()
        .chain(expected.by_template.keys())
        .collect();
    let empty = BTreeMap::new();
    for t in templates {
        let path = format!("/summary/by_template/{}", pointer_escape(t));
        match (r.summary.by_template.get(t), expected.by_template.get(t)) {
            (Some(_), None) => errors.push(format!("{path}: no trial has this template")),
            (None, Some(_)) => errors.push(format!("{path}: missing (trials use this template)")),
            (got, want) => {
                diff_counts(&path, got.unwrap_or(&empty), want.unwrap_or(&empty), errors)
            }
        }
    }

    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let names: BTreeSet<&str> = r.divergences.iter().map(|d| d.name.as_str()).collect();
    for (i, t) in r.trials.iter().enumerate() {
        let path = format!("/trials/{i}");
        if let Some(first) = seen.insert(&t.id, i) {
            errors.push(format!(
                "{path}/id: {:?} duplicates /trials/{first}/id",
                t.id
            ));
        }
        let want = crate::TrialRecord::make_id(&t.template, &t.op, &t.device, &t.dtype);
        if t.id != want {
            errors.push(format!(
                "{path}/id: {:?} should be {want:?} (template::op::device::dtype)",
                t.id
            ));
        }
        if t.status.needs_repro() && t.repro.trim().is_empty() {
            errors.push(format!("{path}/repro: empty, but status is {}", t.status));
        }
        if let Some(m) = &t.metrics {
            if m.mismatched > m.total {
                errors.push(format!(
                    "{path}/metrics/mismatched: {} exceeds total {}",
                    m.mismatched, m.total
                ));
            }
        }
        if let Some(d) = &t.declared_divergence {
            if !names.contains(d.as_str()) {
                errors.push(format!(
                    "{path}/declared_divergence: {d:?} is not in /divergences"
                ));
            }
        }
    }

    let mut seen_names: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, d) in r.divergences.iter().enumerate() {
        let path = format!("/divergences/{i}");
        if let Some(first) = seen_names.insert(&d.name, i) {
            errors.push(format!(
                "{path}/name: {:?} duplicates /divergences/{first}/name",
                d.name
            ));
        }
        let n = r
            .trials
            .iter()
            .filter(|t| t.declared_divergence.as_deref() == Some(d.name.as_str()))
            .count();
        if d.trials != n {
            errors.push(format!(
                "{path}/trials: {} but {n} trials name {:?}",
                d.trials, d.name
            ));
        }
        if d.still_holds > d.trials {
            errors.push(format!(
                "{path}/still_holds: {} exceeds trials {}",
                d.still_holds, d.trials
            ));
        }
    }
}

fn diff_counts(
    path: &str,
    got: &BTreeMap<String, usize>,
    want: &BTreeMap<String, usize>,
    errors: &mut Vec<String>,
) {
    let keys: BTreeSet<&String> = got.keys().chain(want.keys()).collect();
    for k in keys {
        let (g, w) = (got.get(k), want.get(k));
        if g != w {
            let show = |v: Option<&usize>| v.map_or("missing".to_string(), usize::to_string);
            errors.push(format!(
                "{path}/{}: {} but recomputed {}",
                pointer_escape(k),
                show(g),
                show(w)
            ));
        }
    }
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Interpreter for the schema's keyword subset.
struct Checker<'a> {
    root: &'a Value,
}

impl Checker<'_> {
    fn resolve(&self, reference: &str) -> Option<&Value> {
        self.root.pointer(reference.strip_prefix('#')?)
    }

    /// Whether `value` matches `schema`, without collecting messages.
    fn matches(&self, schema: &Value, value: &Value) -> bool {
        let mut errors = Vec::new();
        self.check(schema, value, "", &mut errors);
        errors.is_empty()
    }

    fn check(&self, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
        let Some(s) = schema.as_object() else {
            if schema == &Value::Bool(false) {
                errors.push(format!("{}: not allowed here", show_path(path)));
            }
            return;
        };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            match self.resolve(r) {
                Some(target) => self.check(target, value, path, errors),
                None => errors.push(format!("schema: unresolvable $ref {r}")),
            }
        }
        if let Some(t) = s.get("type") {
            let types: Vec<&str> = match t {
                Value::String(one) => vec![one.as_str()],
                Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if !types.iter().any(|t| has_type(value, t)) {
                errors.push(format!(
                    "{}: expected {}, found {}",
                    show_path(path),
                    types.join(" or "),
                    describe(value)
                ));
                return;
            }
        }
        if let Some(options) = s.get("enum").and_then(Value::as_array) {
            if !options.contains(value) {
                errors.push(format!(
                    "{}: {} is not one of {}",
                    show_path(path),
                    value,
                    Value::Array(options.clone())
                ));
            }
        }
        if let Some(min) = s.get("minimum").and_then(Value::as_f64) {
            if value.as_f64().is_some_and(|v| v < min) {
                errors.push(format!(
                    "{}: {value} is below the minimum {min}",
                    show_path(path)
                ));
            }
        }
        if let (Some(p), Some(text)) = (s.get("pattern").and_then(Value::as_str), value.as_str()) {
            match pattern_matches(p, text) {
                Some(true) => {}
                Some(false) => {
                    errors.push(format!("{}: {text:?} does not match {p}", show_path(path)))
                }
                None => errors.push(format!("schema: unsupported pattern {p}")),
            }
        }
        if let Some(options) = s.get("anyOf").and_then(Value::as_array) {
            if !options.iter().any(|o| self.matches(o, value)) {
                // Report the reasons of the branch that is not `null`, the informative one.
                let mut reasons = Vec::new();
                for o in options {
                    let mut e = Vec::new();
                    self.check(o, value, path, &mut e);
                    if o.get("type") != Some(&Value::String("null".into())) {
                        reasons.extend(e);
                    }
                }
                if reasons.is_empty() {
                    reasons.push(format!(
                        "{}: {} matches no alternative",
                        show_path(path),
                        describe(value)
                    ));
                }
                errors.extend(reasons);
            }
        }
        if let Some(items) = s.get("items") {
            if let Some(arr) = value.as_array() {
                for (i, v) in arr.iter().enumerate() {
                    self.check(items, v, &format!("{path}/{i}"), errors);
                }
            }
        }
        if let Some(obj) = value.as_object() {
            let props = s.get("properties").and_then(Value::as_object);
            if let Some(required) = s.get("required").and_then(Value::as_array) {
                for name in required.iter().filter_map(Value::as_str) {
                    if !obj.contains_key(name) {
                        errors.push(format!(
                            "{}: missing required field {name:?}",
                            show_path(path)
                        ));
                    }
                }
            }
            for (k, v) in obj {
                let child = format!("{path}/{}", pointer_escape(k));
                if let Some(names) = s.get("propertyNames") {
                    let mut e = Vec::new();
                    self.check(names, &Value::String(k.clone()), &child, &mut e);
                    if !e.is_empty() {
                        errors.push(format!("{child}: key {k:?} is not allowed here"));
                    }
                }
                match props.and_then(|p| p.get(k)) {
                    Some(sub) => self.check(sub, v, &child, errors),
                    None => match s.get("additionalProperties") {
                        Some(Value::Bool(false)) => {
                            errors.push(format!("{child}: unknown field {k:?}"));
                        }
                        Some(sub) => self.check(sub, v, &child, errors),
                        None => {}
                    },
                }
            }
        }
    }
}

fn show_path(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}

fn has_type(v: &Value, t: &str) -> bool {
    match t {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

fn describe(v: &Value) -> String {
    let kind = match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    match v {
        Value::Array(_) | Value::Object(_) => kind.to_string(),
        _ => format!("{kind} {v}"),
    }
}

/// `Some(matches)` for a pattern in [`KNOWN_PATTERNS`], `None` for any other.
fn pattern_matches(pattern: &str, s: &str) -> Option<bool> {
    match pattern {
        SEMVER_MAJOR_PATTERN => Some(is_semver_current_major(s)),
        RFC3339_UTC_PATTERN => Some(is_rfc3339_shape(s)),
        _ => None,
    }
}

fn is_semver_current_major(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    let number = |p: &str| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0'))
    };
    let major = SCHEMA_VERSION.split('.').next().unwrap_or_default();
    parts.len() == 3 && parts[0] == major && number(parts[1]) && number(parts[2])
}

/// The pattern's shape only; [`crate::time::is_rfc3339_utc`] adds range checks (semantic).
fn is_rfc3339_shape(s: &str) -> bool {
    const TEMPLATE: &[u8] = b"0000-00-00T00:00:00";
    let b = s.as_bytes();
    if b.len() < 20 || b[b.len() - 1] != b'Z' {
        return false;
    }
    let head_ok = b[..19].iter().zip(TEMPLATE).all(|(&c, &t)| {
        if t == b'0' {
            c.is_ascii_digit()
        } else {
            c == t
        }
    });
    let frac = &b[19..b.len() - 1];
    head_ok
        && (frac.is_empty()
            || (frac.len() >= 2 && frac[0] == b'.' && frac[1..].iter().all(u8::is_ascii_digit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(is_semver_current_major("3.0.0"));
        assert!(is_semver_current_major("3.12.3"));
        assert!(!is_semver_current_major("1.0.0"));
        assert!(!is_semver_current_major("4.0.0"));
        assert!(!is_semver_current_major("3.01.0"));
        assert!(!is_semver_current_major("3.0"));
        assert!(is_rfc3339_shape("2024-05-01T12:00:00Z"));
        assert!(is_rfc3339_shape("2024-05-01T12:00:00.123Z"));
        assert!(!is_rfc3339_shape("2024-05-01T12:00:00"));
        assert!(!is_rfc3339_shape("2024-05-01T12:00:00+00:00"));
        assert!(!is_rfc3339_shape("2024-05-01T12:00:00.Z"));
    }

    #[test]
    fn newer_minor_is_detected() {
        assert!(newer_minor("3.1.0"));
        assert!(!newer_minor("3.0.7"));
        assert!(!newer_minor("4.5.0"));
    }
}
