//! Regression samples: fuzz cases saved as JSON files under `opinfo/regressions/` (one
//! [`Case`] per file, any name ending in `.json`). Each joins the `reference` samples of its
//! record's trial for the dtype of its first tensor operand, so a divergence the fuzzer once
//! found is checked by every matrix run from then on.

use crate::case::Case;
use crate::samples::Sample;
use backends::DType;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder the cases are read from.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("regressions")
}

/// Every case file in [`dir`], sorted by file name, with its parsed case; an unreadable or
/// malformed file is an `Err` naming it.
pub fn load() -> Vec<(PathBuf, Result<Case, String>)> {
    let Ok(rd) = std::fs::read_dir(dir()) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let c = std::fs::read_to_string(&p)
                .map_err(|e| e.to_string())
                .and_then(|t| Case::from_json(&t))
                .map_err(|e| format!("{}: {e}", p.display()));
            (p, c)
        })
        .collect()
}

fn cases() -> &'static [(PathBuf, Result<Case, String>)] {
    static CASES: OnceLock<Vec<(PathBuf, Result<Case, String>)>> = OnceLock::new();
    CASES.get_or_init(load)
}

/// The regression samples of `op`'s trial for `dtype` (files that do not parse are left to
/// [`load`]'s callers to report: the `regression_cases_parse` test fails on them).
pub fn samples(op: &str, dtype: DType) -> Vec<Sample> {
    cases()
        .iter()
        .filter_map(|(p, c)| {
            let c = c.as_ref().ok()?;
            if c.op != op || c.trial_dtype() != Some(dtype) {
                return None;
            }
            let mut s = c.to_sample().ok()?;
            s.kind = "regression";
            let name = p.file_name().map(|f| f.to_string_lossy().to_string());
            s.description = format!("regression {}: {}", name.unwrap_or_default(), s.description);
            Some(s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn regression_cases_parse_and_name_a_record() {
        let names: Vec<&str> = crate::registry().iter().map(|o| o.name).collect();
        for (p, c) in super::load() {
            let c = c.unwrap_or_else(|e| panic!("{e}"));
            assert!(
                names.contains(&c.op.as_str()),
                "{}: unknown op {}",
                p.display(),
                c.op
            );
            c.to_sample()
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            assert!(
                c.trial_dtype().is_some(),
                "{}: no tensor operand",
                p.display()
            );
        }
    }
}
