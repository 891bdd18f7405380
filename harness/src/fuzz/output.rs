//! The fuzz run's JSON file (default `target/opinfo/fuzz.json`): the seed, the budget spent,
//! counts by verdict, the declared divergences seen, and one finding per mismatch signature
//! with its minimal case, both sides' results, a NumPy snippet and the replay commands.

use opinfo::Case;
use reports::DivergenceKind;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What a finding is deduplicated by.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Signature {
    /// The record's name.
    pub op: String,
    /// Operand dtypes, Python scalars by kind (`int16, int`).
    pub dtypes: String,
    /// The divergence kind.
    pub kind: DivergenceKind,
}

/// One mismatch signature: its minimal case and how to reproduce it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finding {
    /// The signature.
    pub signature: Signature,
    /// Cases of the run that showed it.
    pub hits: u64,
    /// Index of the first case that showed it (`--seed S --case K` redraws it).
    pub first_case: u64,
    /// The first case, described (operands, layouts, keywords, out=).
    pub original: String,
    /// What differed in the first case.
    pub original_message: String,
    /// The minimal case (deserialises to an `opinfo::Case`, hence a `Sample`).
    pub minimal: Case,
    /// Operand elements of the minimal case (a Python scalar counts as one).
    pub minimal_elements: usize,
    /// What differs in the minimal case.
    pub message: String,
    /// The engine's result or error on the minimal case.
    pub engine: String,
    /// NumPy's result or exception on the minimal case.
    pub numpy: String,
    /// A Python script reproducing NumPy's side of the minimal case.
    pub numpy_snippet: String,
    /// Shrinking: predicate evaluations spent and simplifications kept.
    pub shrink_evaluations: usize,
    /// Simplifications kept while shrinking.
    pub shrink_steps: usize,
    /// Re-runs the minimal case from this file.
    pub replay: String,
    /// Redraws the first case from the seed and its index.
    pub regenerate: String,
}

/// A declared divergence or expected failure the run saw, and how often.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DeclaredHit {
    /// The declaration's name (`xfail template::op::dtype` for an expected failure).
    pub name: String,
    /// Cases that showed it.
    pub hits: u64,
    /// The first such case.
    pub first_case: u64,
}

/// Cases by verdict.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Results agreed.
    pub agree: u64,
    /// Both sides raised matching errors.
    pub both_raised: u64,
    /// Mismatches the registry declares.
    pub declared: u64,
    /// Mismatches (found, not declared).
    pub mismatch: u64,
    /// Cases the oracle could not express.
    pub unsupported: u64,
}

/// The whole file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FuzzReport {
    /// Always `opinfo-fuzz`.
    pub tool: String,
    /// The run seed.
    pub seed: u64,
    /// The `--op` filters (empty: the whole registry).
    pub ops_filter: Vec<String>,
    /// Records drawn from.
    pub ops: usize,
    /// Index of the first case run.
    pub first_case: u64,
    /// Cases run.
    pub cases: u64,
    /// Wall time of the run, shrinking included.
    pub seconds: f64,
    /// Cases per second, shrinking included.
    pub cases_per_second: f64,
    /// Time spent shrinking.
    pub shrink_seconds: f64,
    /// Cases by verdict.
    pub counts: Counts,
    /// Declared divergences seen.
    pub declared: Vec<DeclaredHit>,
    /// One finding per mismatch signature, in order of discovery.
    pub findings: Vec<Finding>,
}

/// `<workspace>/target/opinfo/fuzz.json`.
pub fn default_path() -> PathBuf {
    reports::writer::workspace_root()
        .join("target")
        .join("opinfo")
        .join("fuzz.json")
}

/// Writes `r` as pretty JSON, creating parent folders.
pub fn write(r: &FuzzReport, path: &Path) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let text = serde_json::to_string_pretty(r).map_err(|e| e.to_string())?;
    std::fs::write(path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))
}

/// What a `--replay` file holds: a fuzz report's findings, or one bare case (a regression
/// file).
pub enum Replayable {
    /// A fuzz report.
    Report(Box<FuzzReport>),
    /// One case.
    Case(Box<Case>),
}

/// Reads a `--replay` file.
pub fn read(path: &Path) -> Result<Replayable, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    match serde_json::from_str::<FuzzReport>(&text) {
        Ok(r) => Ok(Replayable::Report(Box::new(r))),
        Err(report_err) => match Case::from_json(&text) {
            Ok(c) => Ok(Replayable::Case(Box::new(c))),
            Err(case_err) => Err(format!(
                "{}: neither a fuzz report ({report_err}) nor a case ({case_err})",
                path.display()
            )),
        },
    }
}
