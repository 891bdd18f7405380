//! The coverage table as text: NumPy's public functions against the registry (`opinfo-report
//! coverage`).

use crate::model::{Coverage, CoverageStatus};
use std::fmt::Write as _;

/// Counts, then one line per function: name, status, and the op or the reason.
pub fn render_coverage(c: &Coverage) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "NumPy {} API coverage: {} of {} public functions covered ({} declared unsupported, {} missing)",
        c.numpy_version,
        c.count(CoverageStatus::Covered),
        c.functions.len(),
        c.count(CoverageStatus::Unsupported),
        c.count(CoverageStatus::Missing),
    );
    let width = c.functions.iter().map(|f| f.name.len()).max().unwrap_or(0);
    for f in &c.functions {
        let status = match f.status {
            CoverageStatus::Covered => "covered",
            CoverageStatus::Unsupported => "unsupported",
            CoverageStatus::Missing => "missing",
        };
        let _ = writeln!(
            out,
            "  {:width$}  {status:11}  {}",
            f.name,
            f.detail.as_deref().unwrap_or("")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::CoverageEntry;

    #[test]
    fn counts_and_lines() {
        let entry = |name: &str, status, detail: Option<&str>| CoverageEntry {
            name: name.into(),
            status,
            detail: detail.map(str::to_string),
        };
        let c = Coverage {
            numpy_version: "2.4.6".into(),
            functions: vec![
                entry("numpy.abs", CoverageStatus::Covered, Some("absolute")),
                entry("numpy.load", CoverageStatus::Unsupported, Some("file I/O")),
                entry("numpy.sort", CoverageStatus::Missing, None),
            ],
        };
        let text = render_coverage(&c);
        assert!(text.starts_with(
            "NumPy 2.4.6 API coverage: 1 of 3 public functions covered (1 declared unsupported, 1 missing)"
        ));
        assert!(text.contains("numpy.abs   covered      absolute"));
        assert!(text.contains("numpy.sort  missing"));
        assert_eq!(text.lines().count(), 4);
    }
}
