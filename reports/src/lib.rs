//! The JSON divergence report written by every run of the OpInfo test matrix.
//!
//! The harness builds a [`Report`] (usually with [`Report::new`], which fills in the summary),
//! and calls [`write()`] with [`default_path`]. The format is described by
//! `reports/schema/report.schema.json` and `reports/README.md`; [`validate()`] checks a report
//! against the schema and the semantic rules; the `opinfo-report` binary summarises, validates
//! and diffs reports.

#![warn(missing_docs)]

pub mod diff;
pub mod example;
pub mod float;
pub mod model;
pub mod render;
pub mod summary;
pub mod time;
pub mod validate;
pub mod writer;

pub use diff::{diff, Diff, StatusChange};
pub use model::{
    DeclaredDivergence, DeviceInfo, DivergenceKind, Metrics, OperandInfo, Report, RunMeta,
    SampleInfo, Status, TrialRecord, SCHEMA_VERSION,
};
pub use render::{render_diff, render_summary};
pub use summary::Summary;
pub use time::{now_rfc3339, rfc3339_utc};
pub use validate::{validate, validate_report, SCHEMA_JSON};
pub use writer::{default_path, read, read_value, write, PATH_ENV};

#[cfg(test)]
mod tests;
