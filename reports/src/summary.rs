//! [`Summary`]: the counts of a report, always recomputable from its trials.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{DivergenceKind, Status, TrialRecord};

/// Counts over a report's trials. Every map lists every status (or divergence kind), zeros
/// included, so `summary.by_status.fail` is always present.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct Summary {
    /// Number of trials.
    pub total: usize,
    /// Status name -> number of trials with it (all six statuses present).
    pub by_status: BTreeMap<String, usize>,
    /// Template -> status name -> count (all six statuses present for each template that ran).
    pub by_template: BTreeMap<String, BTreeMap<String, usize>>,
    /// Divergence kind -> number of trials whose `divergence` is that kind, whatever their
    /// status (every kind of [`DivergenceKind::ALL`] present).
    pub by_divergence: BTreeMap<String, usize>,
}

fn zero_statuses() -> BTreeMap<String, usize> {
    Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect()
}

impl Summary {
    /// Computes the summary of `trials`.
    pub fn of(trials: &[TrialRecord]) -> Summary {
        let mut by_status = zero_statuses();
        let mut by_template: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        let mut by_divergence: BTreeMap<String, usize> = DivergenceKind::ALL
            .iter()
            .map(|k| (k.as_str().to_string(), 0))
            .collect();
        for t in trials {
            *by_status.entry(t.status.as_str().to_string()).or_default() += 1;
            *by_template
                .entry(t.template.clone())
                .or_insert_with(zero_statuses)
                .entry(t.status.as_str().to_string())
                .or_default() += 1;
            if let Some(k) = t.divergence {
                *by_divergence.entry(k.as_str().to_string()).or_default() += 1;
            }
        }
        Summary {
            total: trials.len(),
            by_status,
            by_template,
            by_divergence,
        }
    }

    /// Count of trials with `status`.
    pub fn count(&self, status: Status) -> usize {
        self.by_status.get(status.as_str()).copied().unwrap_or(0)
    }

    /// Number of trials that make the run red (see [`Status::is_failure`]).
    pub fn failures(&self) -> usize {
        Status::ALL
            .iter()
            .filter(|s| s.is_failure())
            .map(|&s| self.count(s))
            .sum()
    }
}
