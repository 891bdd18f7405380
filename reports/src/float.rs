//! Serde adapter for `f64` fields: finite values are JSON numbers, non-finite ones are the
//! strings `"nan"`, `"inf"` and `"-inf"` (serde_json would otherwise write `null` for all three,
//! losing which one it was). Use as `#[serde(with = "crate::float")]`.

use serde::de::{self, Deserializer, Visitor};
use serde::Serializer;
use std::fmt;

/// The strings standing for non-finite values, as in the schema's `$defs/float`.
pub const NON_FINITE: [&str; 3] = ["nan", "inf", "-inf"];

/// Serialises a finite `f64` as a number and a non-finite one as `"nan"`, `"inf"` or `"-inf"`.
pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    let v = *value;
    if v.is_finite() {
        serializer.serialize_f64(v)
    } else if v.is_nan() {
        serializer.serialize_str("nan")
    } else if v > 0.0 {
        serializer.serialize_str("inf")
    } else {
        serializer.serialize_str("-inf")
    }
}

/// Reads a number, or one of `"nan"`, `"inf"`, `"-inf"`.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    deserializer.deserialize_any(FloatVisitor)
}

/// Parses one of the [`NON_FINITE`] spellings.
pub fn parse_non_finite(s: &str) -> Option<f64> {
    match s {
        "nan" => Some(f64::NAN),
        "inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        _ => None,
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or one of \"nan\", \"inf\", \"-inf\"")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        parse_non_finite(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}
