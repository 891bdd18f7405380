//! Running one planned trial in this process: the template, the policy of the xfail and
//! divergence tables, the device checks after it, and its record.

use super::plan::{Plan, Planned};
use super::{fault, record};
use crate::devices;
use crate::outcome::{Outcome, Verdict};
use crate::templates::{self, Ctx};
use opinfo::rng::seed_from_name;
use reports::{DivergenceKind, Status, TrialRecord};
use serde::{Deserialize, Serialize};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

/// A finished trial: its record, and the failure libtest reports (`None`: it passed).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Finished {
    /// The report's record.
    pub record: TrialRecord,
    /// The message libtest shows for a failing trial.
    pub failure: Option<String>,
}

/// Runs `t` here and now. Panics in the template are caught and recorded; a fault that kills
/// the process is what the supervising process (`super::pool`) is for.
pub fn run(plan: &Plan, t: &Planned) -> Finished {
    let t0 = Instant::now();
    fault::inject(&t.id);
    let ctx = Ctx {
        op: &plan.ops[t.op],
        device: &t.device,
        dev: devices::engine_device(&t.device),
        dtype: t.dtype,
        seed: seed_from_name(&t.id),
        divergence: t.divergence.clone(),
    };
    let live_before = backends::cuda::thread_live_bytes();
    let outcome = catch_unwind(AssertUnwindSafe(|| templates::run(t.template, &ctx)))
        .unwrap_or_else(|p| {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "non-string panic payload".into());
            Outcome {
                verdict: Verdict::Fail(DivergenceKind::Panic, format!("panicked: {msg}")),
                metrics: None,
                sample: None,
                samples_checked: 0,
                declared_divergence: None,
                failing: None,
            }
        });
    let outcome = device_checks(&ctx, outcome, live_before);
    let repro = super::repro(&t.id);
    let (status, divergence, failure) = match (&outcome.verdict, t.xfail) {
        (Verdict::Pass, None) => (Status::Pass, None, None),
        (Verdict::Pass, Some(r)) => (
            Status::Xpass,
            None,
            Some(format!("expected failure passed (strict): {r}")),
        ),
        (Verdict::Fail(k, _), Some(_)) => (Status::Xfail, Some(*k), None),
        (Verdict::Fail(k, m), None) => (
            Status::Fail,
            Some(*k),
            Some(format!("{m}\n  repro: {repro}")),
        ),
        (Verdict::NotApplicable(_), _) => (Status::Skip, None, None),
        (Verdict::Error(m), _) => (Status::Error, None, Some(format!("could not run: {m}"))),
    };
    // A failing trial leaves its inputs and a NumPy snippet behind (`crate::repro`).
    let failure = match (status, &outcome.failing, failure) {
        (Status::Fail, Some(s), Some(msg)) => Some(bundle(plan, t, s, msg)),
        (_, _, failure) => failure,
    };
    let reason = match (&outcome.verdict, t.xfail) {
        (Verdict::NotApplicable(m), _) => Some(m.clone()),
        (_, Some(r)) => Some(r.to_string()),
        _ => None,
    };
    let mut rec = record(
        t,
        status,
        divergence,
        reason,
        t0.elapsed().as_secs_f64() * 1e3,
    );
    let message = match &outcome.verdict {
        Verdict::Fail(_, m) | Verdict::Error(m) | Verdict::NotApplicable(m) => Some(m.clone()),
        Verdict::Pass => None,
    };
    rec.message = message;
    rec.declared_divergence = outcome.declared_divergence.clone();
    rec.metrics = outcome.metrics.clone();
    rec.sample = outcome.sample.clone();
    rec.samples_checked = outcome.samples_checked;
    Finished {
        record: rec,
        failure,
    }
}

/// Writes the repro bundle of the failing sample `s` under `$OPINFO_REPRO_DIR` and says where
/// in the failure message.
fn bundle(plan: &Plan, t: &Planned, s: &opinfo::Sample, msg: String) -> String {
    let Some(root) = std::env::var_os(crate::repro::REPRO_DIR_ENV) else {
        return msg;
    };
    let root = std::path::Path::new(&root);
    // A run with thousands of failures (a broken build) must not fill the disk with bundles.
    let written = std::fs::read_dir(root).map_or(0, |d| d.count());
    if written >= crate::repro::MAX_BUNDLES {
        return format!(
            "{msg}\n  (no repro bundle: the run's first {} failures have one)",
            crate::repro::MAX_BUNDLES
        );
    }
    let dir = crate::repro::bundle_dir(root, &t.id);
    match crate::repro::write_bundle(&plan.ops[t.op], s, &t.id, &dir) {
        Ok(()) => format!(
            "{msg}\n  NumPy's side: python {}",
            dir.join("repro.py").display()
        ),
        Err(e) => format!("{msg}\n  (no repro bundle: {e})"),
    }
}

/// After a trial on an accelerator: synchronise and surface any asynchronous error, and check
/// that the trial freed every device byte it allocated (counted per thread, so concurrent
/// trials do not disturb each other). Either failure overrides a passing verdict.
fn device_checks(ctx: &Ctx<'_>, mut outcome: Outcome, live_before: i64) -> Outcome {
    let backends::Device::Cuda(ordinal) = ctx.dev else {
        return outcome;
    };
    let problem = match backends::cuda::device(ordinal).and_then(|d| d.synchronize()) {
        Err(e) => Some(format!("CUDA error after the trial: {e}")),
        Ok(()) => {
            let leaked = backends::cuda::thread_live_bytes() - live_before;
            (leaked != 0).then(|| format!("device memory leak: {leaked} bytes still allocated"))
        }
    };
    if let Some(msg) = problem {
        if !matches!(outcome.verdict, Verdict::Fail(..)) {
            outcome.verdict = Verdict::Fail(DivergenceKind::Device, msg);
        }
    }
    outcome
}
