//! The JSON divergence report written by every run of the OpInfo test matrix.
//!
//! The harness builds a [`Report`] (usually with [`Report::new`], which fills in the summary),
//! and calls [`write()`] with [`default_path`]; while it runs it appends each finished trial
//! to a [`StreamWriter`] at [`stream_path`], so a killed run still leaves its records
//! ([`read_stream`]). The format is described by `reports/schema/report.schema.json` and
//! `reports/README.md`; [`validate()`] checks a report against the schema and the semantic
//! rules. The `opinfo-report` binary summarises, validates and diffs reports, [`merge()`]s the
//! reports of a sharded run, and renders them as [`junit()`] XML and a [`markdown()`] CI
//! summary.

#![warn(missing_docs)]

pub mod coverage;
pub mod diff;
pub mod example;
pub mod float;
pub mod html;
pub mod junit;
pub mod markdown;
pub mod merge;
pub mod model;
pub mod render;
pub mod stream;
pub mod summary;
pub mod time;
pub mod validate;
pub mod writer;

pub use diff::{diff, Diff, StatusChange};
pub use junit::junit;
pub use markdown::markdown;
pub use merge::{expand_inputs, load_input, merge, MergeError, MergeInput, Merged, Missing};
pub use model::{
    Coverage, CoverageEntry, CoverageStatus, DeclaredDivergence, DeviceInfo, DivergenceKind,
    MatrixInfo, Metrics, OperandInfo, Report, RunMeta, SampleInfo, Shard, Status, TrialRecord,
    SCHEMA_VERSION,
};
pub use render::{render_diff, render_summary};
pub use stream::{read_stream, stream_path, StreamWriter};
pub use summary::Summary;
pub use time::{now_rfc3339, parse_rfc3339_utc, rfc3339_utc};
pub use validate::{validate, validate_report, SCHEMA_JSON};
pub use writer::{default_path, read, read_value, write, PATH_ENV};

#[cfg(test)]
mod tests;
