//! Comparing two reports: which trials changed status, which regressed, which were fixed,
//! which disappeared. `opinfo-report diff BASE NEW` is a regression gate on [`Diff::is_regression`].

use std::collections::BTreeMap;

use crate::model::{Report, Status};

/// A trial whose status differs between two reports (`None`: absent from that report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// Trial id.
    pub id: String,
    /// Status in the old report.
    pub old: Option<Status>,
    /// Status in the new report.
    pub new: Option<Status>,
    /// The new trial's repro command (empty when the trial is gone).
    pub repro: String,
}

/// Differences between an old and a new report, each list sorted by trial id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diff {
    /// Every trial whose status changed, appeared or disappeared.
    pub changed: Vec<StatusChange>,
    /// Trials failing in NEW (see [`Status::is_failure`]) that were absent or not failing in OLD.
    pub new_failures: Vec<StatusChange>,
    /// Trials `xpass` in NEW that were absent or not `xpass` in OLD: an expected failure (an
    /// xfail or a declared divergence) that no longer happens, so the expectation is stale.
    /// Mostly also in `new_failures` (an xpass is a failure); listed apart because the fix is
    /// to the expectation, not to the engine.
    pub new_xpasses: Vec<StatusChange>,
    /// Trials failing in OLD that are present and not failing in NEW.
    pub fixed: Vec<StatusChange>,
    /// Trials only in NEW.
    pub added: Vec<String>,
    /// Trials only in OLD: they disappeared from NEW (a dropped op, dtype or template, a
    /// device that went missing, or a run cut short), so NEW no longer tests them.
    pub removed: Vec<String>,
}

impl Diff {
    /// Whether NEW is worse than OLD: new failures, new xpasses, or trials that disappeared
    /// (a trial no longer run cannot fail, so losing it must not pass silently).
    pub fn is_regression(&self) -> bool {
        !self.new_failures.is_empty() || !self.new_xpasses.is_empty() || !self.removed.is_empty()
    }
}

/// Compares `old` with `new`, matching trials by id.
pub fn diff(old: &Report, new: &Report) -> Diff {
    let old_by: BTreeMap<&str, Status> = old
        .trials
        .iter()
        .map(|t| (t.id.as_str(), t.status))
        .collect();
    let new_by: BTreeMap<&str, (Status, &str)> = new
        .trials
        .iter()
        .map(|t| (t.id.as_str(), (t.status, t.repro.as_str())))
        .collect();
    let mut d = Diff::default();
    let ids: std::collections::BTreeSet<&str> =
        old_by.keys().chain(new_by.keys()).copied().collect();
    for id in ids {
        let o = old_by.get(id).copied();
        let (n, repro) = match new_by.get(id) {
            Some(&(s, r)) => (Some(s), r),
            None => (None, ""),
        };
        if o == n {
            continue;
        }
        let change = StatusChange {
            id: id.to_string(),
            old: o,
            new: n,
            repro: repro.to_string(),
        };
        match (o, n) {
            (None, Some(_)) => d.added.push(id.to_string()),
            (Some(_), None) => d.removed.push(id.to_string()),
            _ => {}
        }
        let failing = |s: Option<Status>| s.is_some_and(Status::is_failure);
        if failing(n) && !failing(o) {
            d.new_failures.push(change.clone());
        }
        if n == Some(Status::Xpass) {
            d.new_xpasses.push(change.clone());
        }
        if failing(o) && n.is_some() && !failing(n) {
            d.fixed.push(change.clone());
        }
        d.changed.push(change);
    }
    d
}
