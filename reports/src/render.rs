//! Plain-text renderings of a report and of a diff, as printed by `opinfo-report`.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::diff::{Diff, StatusChange};
use crate::model::{Report, Status};

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("?")
}

/// The `opinfo-report summary` text: run metadata, counts by status and by template, every
/// failing trial (fail/error/xpass) with its repro command, and the declared divergences.
pub fn render_summary(r: &Report) -> String {
    let mut out = String::new();
    let m = &r.run;
    let _ = writeln!(
        out,
        "report schema {}  started {}  wall {:.1}s  threads {}",
        r.schema_version, m.started_at, m.wall_time_s, m.threads
    );
    let _ = writeln!(
        out,
        "commit {}  numpy {}  python {}  ml_dtypes {}  scipy {}  rustc {}",
        opt(&m.commit),
        opt(&m.numpy_version),
        opt(&m.python_version),
        opt(&m.ml_dtypes_version),
        opt(&m.scipy_version),
        opt(&m.rustc_version)
    );
    let _ = writeln!(out, "cpu {}", opt(&m.cpu_model));
    for d in &m.devices {
        let state = if d.available {
            "available"
        } else {
            "unavailable"
        };
        let _ = write!(out, "device {} {state}: {}", d.name, d.detail);
        if d.ignored_trials > 0 {
            let _ = write!(out, " ({} trials listed as ignored)", d.ignored_trials);
        }
        let _ = writeln!(out);
    }
    if let Some(f) = &m.filter {
        let _ = writeln!(out, "filter {f}");
    }
    let _ = writeln!(out, "command {}", m.command);

    let _ = writeln!(out, "\n{} trials", r.summary.total);
    for s in Status::ALL {
        let _ = writeln!(out, "  {:<6} {}", s.as_str(), r.summary.count(s));
    }
    let nonzero: Vec<String> = r
        .summary
        .by_divergence
        .iter()
        .filter(|(_, &n)| n > 0)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    if !nonzero.is_empty() {
        let _ = writeln!(out, "divergences by kind: {}", nonzero.join(", "));
    }

    if !r.summary.by_template.is_empty() {
        let width = r
            .summary
            .by_template
            .keys()
            .map(String::len)
            .max()
            .unwrap_or(0)
            .max(8);
        let _ = write!(out, "\n{:<width$}", "template");
        for s in Status::ALL {
            let _ = write!(out, " {:>6}", s.as_str());
        }
        out.push('\n');
        for (t, counts) in &r.summary.by_template {
            let _ = write!(out, "{t:<width$}");
            for s in Status::ALL {
                let _ = write!(out, " {:>6}", counts.get(s.as_str()).copied().unwrap_or(0));
            }
            out.push('\n');
        }
    }

    let failing: Vec<_> = r.trials.iter().filter(|t| t.status.is_failure()).collect();
    if !failing.is_empty() {
        let _ = writeln!(out, "\nfailures ({}):", failing.len());
        for t in failing {
            let kind = t.divergence.map_or(String::new(), |k| format!(" [{k}]"));
            let _ = writeln!(out, "  {} {}{kind}", t.status.as_str().to_uppercase(), t.id);
            if let Some(msg) = t.message.as_deref().or(t.reason.as_deref()) {
                for line in msg.lines().take(3) {
                    let _ = writeln!(out, "      {line}");
                }
            }
            if let Some(mt) = &t.metrics {
                let _ = writeln!(
                    out,
                    "      {}/{} mismatched, max abs {:e}, rel {:e}, ulp {}{}; worst at {:?}: got {} expected {}",
                    mt.mismatched, mt.total, mt.max_abs_err, mt.max_rel_err, mt.max_ulp,
                    mt.ulp_bound.map_or(String::new(), |b| format!(" (bound {b})")),
                    mt.worst_index, mt.worst_got, mt.worst_expected
                );
            }
            let _ = writeln!(out, "      repro: {}", t.repro);
        }
    }

    if !r.divergences.is_empty() {
        let _ = writeln!(out, "\ndeclared divergences ({}):", r.divergences.len());
        for d in &r.divergences {
            let _ = writeln!(
                out,
                "  {} ({}): {} trials, still holds in {}\n      {}",
                d.name, d.op, d.trials, d.still_holds, d.reason
            );
        }
    }
    out
}

/// How many trials each list of [`render_diff`] shows before "… and N more".
pub const DIFF_LIST_CAP: usize = 50;

fn status_name(s: Option<Status>) -> &'static str {
    s.map_or("absent", Status::as_str)
}

/// Appends `title (n):` and the first [`DIFF_LIST_CAP`] changes as `id old -> new` (with the
/// repro command when `repro`).
fn list(out: &mut String, title: &str, items: &[&StatusChange], repro: bool) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} ({}):", items.len());
    for c in items.iter().take(DIFF_LIST_CAP) {
        let _ = writeln!(
            out,
            "  {} {} -> {}",
            c.id,
            status_name(c.old),
            status_name(c.new)
        );
        if repro && !c.repro.is_empty() {
            let _ = writeln!(out, "      repro: {}", c.repro);
        }
    }
    if items.len() > DIFF_LIST_CAP {
        let _ = writeln!(out, "  … and {} more", items.len() - DIFF_LIST_CAP);
    }
}

/// The changes not yet `listed` that satisfy `pred`, now marked listed.
fn take<'a>(
    changed: &'a [StatusChange],
    listed: &mut BTreeSet<&'a str>,
    pred: impl Fn(&StatusChange) -> bool,
) -> Vec<&'a StatusChange> {
    let picked: Vec<&StatusChange> = changed
        .iter()
        .filter(|c| !listed.contains(c.id.as_str()) && pred(c))
        .collect();
    listed.extend(picked.iter().map(|c| c.id.as_str()));
    picked
}

/// The `opinfo-report diff` text. Each change is listed once, in the first section it
/// belongs to: new failures (fail or error; with repro), new xpasses (stale expectations; with
/// repro), disappeared trials (in BASE, absent from NEW), fixed trials, new trials (not
/// failing), other status changes; each list capped at [`DIFF_LIST_CAP`]. Then one line of
/// counts and the verdict of [`Diff::is_regression`].
pub fn render_diff(d: &Diff) -> String {
    let mut out = String::new();
    if d.changed.is_empty() {
        out.push_str("no status changes\n");
        return out;
    }
    let mut listed = BTreeSet::new();
    let ch = &d.changed;
    // Id sets, not list scans: a diff against an empty or unrelated BASE changes every trial.
    let ids = |v: &[StatusChange]| -> BTreeSet<String> { v.iter().map(|c| c.id.clone()).collect() };
    let (new_failures, new_xpasses, fixed) =
        (ids(&d.new_failures), ids(&d.new_xpasses), ids(&d.fixed));
    let failures = take(ch, &mut listed, |c| {
        new_failures.contains(&c.id) && c.new != Some(Status::Xpass)
    });
    let xpasses = take(ch, &mut listed, |c| new_xpasses.contains(&c.id));
    let gone = take(ch, &mut listed, |c| c.new.is_none());
    let fixed = take(ch, &mut listed, |c| fixed.contains(&c.id));
    let added = take(ch, &mut listed, |c| c.old.is_none());
    let other = take(ch, &mut listed, |_| true);

    list(&mut out, "new failures", &failures, true);
    list(
        &mut out,
        "new xpasses (expected failures that passed: stale expectations)",
        &xpasses,
        true,
    );
    list(
        &mut out,
        "disappeared (in BASE, absent from NEW)",
        &gone,
        false,
    );
    list(&mut out, "fixed", &fixed, false);
    list(&mut out, "new trials", &added, false);
    list(&mut out, "other status changes", &other, false);
    let _ = writeln!(
        out,
        "{} changed: {} new failures, {} new xpasses, {} disappeared, {} fixed, {} new trials, {} other",
        d.changed.len(),
        failures.len(),
        xpasses.len(),
        gone.len(),
        fixed.len(),
        added.len(),
        other.len()
    );
    if d.is_regression() {
        out.push_str("regression\n");
    } else {
        out.push_str("no regression\n");
    }
    out
}
