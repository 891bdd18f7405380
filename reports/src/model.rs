//! The report's data model: one [`Report`] per run of the test matrix.
//!
//! Every field is always serialised (`Option`s as `null`), so a report written by this crate
//! carries every property of `schema/report.schema.json`. Unknown fields are ignored when
//! reading, so a reader built for schema 3.x can read a report written with a newer 3.y.
//!
//! Floating-point fields go through [`crate::float`]: finite values are JSON numbers and the
//! non-finite ones are the strings `"nan"`, `"inf"` and `"-inf"` (JSON has no NaN).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::summary::Summary;

/// Version of the report format (semver; see `reports/README.md` for the policy).
pub const SCHEMA_VERSION: &str = "3.0.0";

/// A whole run of the test matrix.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Report {
    /// Format version, [`SCHEMA_VERSION`] when written by this crate.
    pub schema_version: String,
    /// Where, when and how the run happened.
    pub run: RunMeta,
    /// Counts recomputable from `trials` (see [`Summary::of`]).
    pub summary: Summary,
    /// One record per (template, op, device, dtype) trial.
    pub trials: Vec<TrialRecord>,
    /// The principled divergences from NumPy the suite declares, with how often they were seen.
    pub divergences: Vec<DeclaredDivergence>,
    /// NumPy's public functions against the registry, read from the oracle's NumPy at run time
    /// (null when NumPy was not reachable) (since 3.0.0).
    #[serde(default)]
    pub coverage: Option<Coverage>,
}

/// NumPy's public API (`numpy`, `numpy.linalg`, `numpy.fft`: the callables their `__all__`
/// lists, classes excluded) against the registry.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Coverage {
    /// `numpy.__version__` the list was read from.
    pub numpy_version: String,
    /// One entry per public function, sorted by name.
    pub functions: Vec<CoverageEntry>,
}

/// One public NumPy function and what the registry has for it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct CoverageEntry {
    /// Qualified name (`numpy.add`, `numpy.linalg.norm`).
    pub name: String,
    /// Covered, declared unsupported, or missing.
    pub status: CoverageStatus,
    /// The registry op checking it (covered), or why it is out of scope (unsupported).
    pub detail: Option<String>,
}

/// Whether the registry checks a public function.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum CoverageStatus {
    /// An op of the registry is that function (the same object, aliases included), checked
    /// against it live.
    Covered,
    /// Declared out of the engine's scope, with the reason.
    Unsupported,
    /// Neither.
    Missing,
}

impl Coverage {
    /// How many entries have `status`.
    pub fn count(&self, status: CoverageStatus) -> usize {
        self.functions.iter().filter(|f| f.status == status).count()
    }
}

/// Metadata of a run: environment, versions, devices and the command line.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct RunMeta {
    /// Git commit of the tree under test, if known.
    pub commit: Option<String>,
    /// Start of the run, RFC 3339 in UTC (`2024-05-01T12:00:00Z`, fractional seconds allowed).
    pub started_at: String,
    /// Wall-clock duration of the whole run in seconds.
    #[serde(with = "crate::float")]
    pub wall_time_s: f64,
    /// `numpy.__version__` of the oracle, if Python was reachable.
    pub numpy_version: Option<String>,
    /// Python version of the oracle (`sys.version`), if reachable.
    pub python_version: Option<String>,
    /// `ml_dtypes.__version__` (bfloat16/float8 support), if installed.
    pub ml_dtypes_version: Option<String>,
    /// `scipy.__version__` of the oracle (references of the SciPy-defined statistics), if
    /// installed (since 2.1.0).
    #[serde(default)]
    pub scipy_version: Option<String>,
    /// `rustc --version` of the toolchain that built the engine.
    pub rustc_version: Option<String>,
    /// CPU model string of the host.
    pub cpu_model: Option<String>,
    /// Number of worker threads the matrix ran with.
    pub threads: usize,
    /// Devices the run considered, available or not.
    pub devices: Vec<DeviceInfo>,
    /// Trial filter given on the command line, if any.
    pub filter: Option<String>,
    /// Command line that produced this run.
    pub command: String,
    /// The slice of the matrix this run covered, when it was one shard of several
    /// (`OPINFO_SHARD=k/n`; since 3.0.0).
    #[serde(default)]
    pub shard: Option<Shard>,
    /// The whole matrix this run was drawn from, so merged shards can say what is missing
    /// (since 3.0.0).
    #[serde(default)]
    pub matrix: Option<MatrixInfo>,
}

/// One shard of a sharded run: the `index`-th (1-based) of `count` deterministic slices.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based shard number, `1 <= index <= count`.
    pub index: usize,
    /// Number of shards the matrix was split into.
    pub count: usize,
}

/// The unfiltered, unsharded matrix of the build and machine that wrote the report.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct MatrixInfo {
    /// Trials a full run records (every trial on an available device, skipped ones included).
    pub trials: usize,
    /// Hex digest of the sorted ids of those trials: reports to be merged must agree on it.
    pub digest: String,
}

/// A device the matrix can target.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct DeviceInfo {
    /// Device name as used in trial ids: `"cpu"`, `"cuda"`, ...
    pub name: String,
    /// Whether trials could run on it.
    pub available: bool,
    /// Model of the device, or why it is unavailable.
    pub detail: String,
    /// Trials of this device type listed but not run because it is unavailable (since 2.0.0).
    pub ignored_trials: usize,
}

/// Outcome of one trial.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Matched NumPy.
    Pass,
    /// Diverged from NumPy without a declared reason.
    Fail,
    /// Diverged as expected (a declared xfail or principled divergence).
    Xfail,
    /// Expected to diverge but matched NumPy: the expectation is stale.
    Xpass,
    /// Not run (unsupported dtype, unavailable device, ...).
    Skip,
    /// The trial itself could not be carried out (oracle crash, harness bug, ...).
    Error,
}

impl Status {
    /// Every status, in declaration order (the order used for summaries and the schema enum).
    pub const ALL: [Status; 6] = [
        Status::Pass,
        Status::Fail,
        Status::Xfail,
        Status::Xpass,
        Status::Skip,
        Status::Error,
    ];

    /// The serialised name (`"pass"`, `"xfail"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Xfail => "xfail",
            Status::Xpass => "xpass",
            Status::Skip => "skip",
            Status::Error => "error",
        }
    }

    /// Whether this outcome makes the run red: `fail`, `error` and `xpass` (an unexpected pass
    /// means an expectation is stale, as in PyTorch's OpInfo suite).
    pub fn is_failure(self) -> bool {
        matches!(self, Status::Fail | Status::Error | Status::Xpass)
    }

    /// Whether a trial with this status must carry a non-empty `repro` command.
    pub fn needs_repro(self) -> bool {
        matches!(
            self,
            Status::Fail | Status::Xfail | Status::Xpass | Status::Error
        )
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a trial's result diverged from NumPy's.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum DivergenceKind {
    /// Values differ beyond tolerance.
    Value,
    /// Result dtypes differ.
    Dtype,
    /// Result shapes differ.
    Shape,
    /// One side raised and the other did not, or they raised different error kinds.
    ErrorKind,
    /// NaN placement differs.
    Nan,
    /// Sign of a zero differs.
    SignedZero,
    /// The engine panicked.
    Panic,
    /// The device failed: an asynchronous CUDA error after the trial, or device memory the
    /// trial allocated and did not free (since 2.0.0).
    Device,
    /// Two runs of the same op on the same inputs gave different bits (since 2.0.0).
    Nondeterministic,
    /// The floating-point flags raised (divide, overflow, underflow, invalid) differ from
    /// NumPy's (since 2.2.0).
    FpFlags,
    /// The trial's process died (a signal such as SIGABRT or SIGSEGV, or an abnormal exit)
    /// (since 3.0.0).
    Crash,
    /// The trial ran past the per-trial time limit and was killed (since 3.0.0).
    Timeout,
}

impl DivergenceKind {
    /// Every kind, in declaration order (the order used for summaries and the schema enum).
    pub const ALL: [DivergenceKind; 12] = [
        DivergenceKind::Value,
        DivergenceKind::Dtype,
        DivergenceKind::Shape,
        DivergenceKind::ErrorKind,
        DivergenceKind::Nan,
        DivergenceKind::SignedZero,
        DivergenceKind::Panic,
        DivergenceKind::Device,
        DivergenceKind::Nondeterministic,
        DivergenceKind::FpFlags,
        DivergenceKind::Crash,
        DivergenceKind::Timeout,
    ];

    /// The serialised name (`"value"`, `"error_kind"`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            DivergenceKind::Value => "value",
            DivergenceKind::Dtype => "dtype",
            DivergenceKind::Shape => "shape",
            DivergenceKind::ErrorKind => "error_kind",
            DivergenceKind::Nan => "nan",
            DivergenceKind::SignedZero => "signed_zero",
            DivergenceKind::Panic => "panic",
            DivergenceKind::Device => "device",
            DivergenceKind::Nondeterministic => "nondeterministic",
            DivergenceKind::FpFlags => "fp_flags",
            DivergenceKind::Crash => "crash",
            DivergenceKind::Timeout => "timeout",
        }
    }
}

impl fmt::Display for DivergenceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The result of one trial: one op, one template, one device, one dtype.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TrialRecord {
    /// `"{template}::{op}::{device}::{dtype}"`, unique within a report.
    pub id: String,
    /// Op name (`"sin"`, `"add"`, ...).
    pub op: String,
    /// Test template (`"reference"`, `"sample"`, `"error"`, ...).
    pub template: String,
    /// Device name (see [`DeviceInfo::name`]).
    pub device: String,
    /// Dtype name in NumPy spelling (`"float32"`, `"bfloat16"`, ...).
    pub dtype: String,
    /// Outcome.
    pub status: Status,
    /// How the result diverged, when it did.
    pub divergence: Option<DivergenceKind>,
    /// Human-readable description of the failure or error.
    pub message: Option<String>,
    /// Why the trial was skipped or expected to fail.
    pub reason: Option<String>,
    /// Name of the [`DeclaredDivergence`] this trial exercised, if any.
    pub declared_divergence: Option<String>,
    /// Numeric comparison of the worst sample, when values were compared.
    pub metrics: Option<Metrics>,
    /// The sample input that produced the reported outcome (the first failing one).
    pub sample: Option<SampleInfo>,
    /// How many sample inputs were checked.
    pub samples_checked: usize,
    /// Shell command that re-runs this trial alone (required for fail/xfail/xpass/error).
    pub repro: String,
    /// Time spent on the trial, in milliseconds.
    #[serde(with = "crate::float")]
    pub duration_ms: f64,
}

impl TrialRecord {
    /// The id a trial with these coordinates must have: `"{template}::{op}::{device}::{dtype}"`.
    pub fn make_id(template: &str, op: &str, device: &str, dtype: &str) -> String {
        format!("{template}::{op}::{device}::{dtype}")
    }
}

/// Numeric comparison of a result against NumPy's.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Metrics {
    /// Largest absolute error over the compared elements.
    #[serde(with = "crate::float")]
    pub max_abs_err: f64,
    /// Largest relative error over the compared elements.
    #[serde(with = "crate::float")]
    pub max_rel_err: f64,
    /// Largest distance in units in the last place (of the result dtype).
    #[serde(with = "crate::float")]
    pub max_ulp: f64,
    /// Number of elements outside tolerance.
    pub mismatched: u64,
    /// Number of elements compared (`mismatched <= total`).
    pub total: u64,
    /// Multi-index of the worst element.
    pub worst_index: Vec<usize>,
    /// Engine's value at `worst_index`, formatted.
    pub worst_got: String,
    /// NumPy's value at `worst_index`, formatted.
    pub worst_expected: String,
    /// Relative tolerance used.
    #[serde(with = "crate::float")]
    pub rtol: f64,
    /// Absolute tolerance used.
    #[serde(with = "crate::float")]
    pub atol: f64,
    /// The reference library's own largest absolute error against an exact result, beside
    /// the engine's (`accuracy` trials, where the expected values are exact, not NumPy's).
    #[serde(default)]
    pub reference_abs_err: Option<f64>,
    /// The ULP bound that decided the comparison (`max_ulp` against it; for complex results
    /// ULP of the expected magnitude), or `None` where rtol/atol or an error bound did
    /// (since 2.2.0).
    #[serde(default)]
    pub ulp_bound: Option<f64>,
}

/// The sample input a trial reports on.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SampleInfo {
    /// Index of the sample within the trial's generated inputs.
    pub index: usize,
    /// Kind of sample: `"sample"`, `"reference"`, `"error"`, ...
    pub kind: String,
    /// Human-readable description of the sample.
    pub description: String,
    /// The operands, in call order.
    pub operands: Vec<OperandInfo>,
    /// Keyword arguments, formatted as Python literals.
    pub kwargs: BTreeMap<String, String>,
    /// Seed of the generator that produced the sample.
    pub seed: u64,
}

/// One operand of a sample.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct OperandInfo {
    /// Dtype name (NumPy spelling).
    pub dtype: String,
    /// Shape (empty for 0-d).
    pub shape: Vec<usize>,
    /// Strides in elements (may be negative).
    pub strides: Vec<isize>,
    /// Offset of the first element into the buffer, in elements.
    pub offset: usize,
    /// The Python literal when the operand is a Python scalar (NEP 50 weak scalar), else null.
    pub python_scalar: Option<String>,
}

/// A principled, documented divergence from NumPy, and how the run exercised it.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct DeclaredDivergence {
    /// Unique name, referenced by [`TrialRecord::declared_divergence`].
    pub name: String,
    /// Op it concerns.
    pub op: String,
    /// Why the engine deliberately differs from NumPy.
    pub reason: String,
    /// Number of trials whose `declared_divergence` is this name.
    pub trials: usize,
    /// How many of those still observed the divergence (`still_holds <= trials`).
    pub still_holds: usize,
}

impl Report {
    /// Builds a report at [`SCHEMA_VERSION`], computing `summary` from `trials` and each
    /// divergence's `trials` count from the trials that name it (`still_holds` is kept).
    pub fn new(
        run: RunMeta,
        trials: Vec<TrialRecord>,
        divergences: Vec<DeclaredDivergence>,
    ) -> Report {
        let mut report = Report {
            schema_version: SCHEMA_VERSION.to_string(),
            run,
            summary: Summary::default(),
            trials,
            divergences,
            coverage: None,
        };
        report.refresh();
        report
    }

    /// Recomputes `summary` and the divergences' `trials` counts from `trials`.
    pub fn refresh(&mut self) {
        self.summary = Summary::of(&self.trials);
        for d in &mut self.divergences {
            d.trials = self
                .trials
                .iter()
                .filter(|t| t.declared_divergence.as_deref() == Some(d.name.as_str()))
                .count();
        }
    }

    /// The trial with this id, if any.
    pub fn trial(&self, id: &str) -> Option<&TrialRecord> {
        self.trials.iter().find(|t| t.id == id)
    }
}
