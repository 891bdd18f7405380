//! Builds the trial matrix (template × op × device × dtype), runs it through libtest-mimic and
//! writes the report. Skips and expected failures come from the registry's tables; expected
//! failures are strict (an unexpected pass fails the run).

use crate::devices;
use crate::outcome::{Outcome, Verdict};
use crate::templates::{self, Ctx};
use backends::DType;
use libtest_mimic::{Arguments, Failed, Trial};
use opinfo::skips::{self, DivergenceKind as DeclKind};
use opinfo::{rng::seed_from_name, OpInfo, TEMPLATES};
use reports::{DeclaredDivergence, DivergenceKind, Report, RunMeta, Status, TrialRecord};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Shell command that re-runs one trial alone.
pub fn repro(id: &str) -> String {
    format!("cargo test -p harness --test opinfo -- --exact {id}")
}

fn matches_filter(args: &Arguments, name: &str) -> bool {
    let hit = match &args.filter {
        None => true,
        Some(f) if args.exact => name == f,
        Some(f) => name.contains(f.as_str()),
    };
    hit && !args.skip.iter().any(|s| {
        if args.exact {
            name == s
        } else {
            name.contains(s.as_str())
        }
    })
}

/// Runs the matrix with command-line `args`; returns the process exit code.
pub fn main_with(args: Arguments) -> i32 {
    let started = Instant::now();
    let started_at = reports::now_rfc3339();
    let ops: Arc<Vec<OpInfo>> = Arc::new(opinfo::registry());
    let problems = skips::validate(&ops);
    if !problems.is_empty() {
        eprintln!(
            "opinfo tables name unknown entries:\n  {}",
            problems.join("\n  ")
        );
        return 2;
    }
    let mut devs = devices::discover();
    let records: Arc<Mutex<Vec<TrialRecord>>> = Arc::new(Mutex::new(Vec::new()));
    let skip_table = Arc::new(skips::skips());
    let xfail_table = Arc::new(skips::xfails());
    let div_table = Arc::new(skips::divergences());
    let mut trials = Vec::new();
    for dev in devs.iter_mut() {
        for template in TEMPLATES
            .into_iter()
            .filter(|t| skips::template_applies(t, &dev.name))
        {
            for (oi, op) in ops.iter().enumerate() {
                // Only the templates the record says apply, and only on devices that have the
                // op: `--list` shows no trial that cannot run.
                if !op.checks(template) || !op.on_device(&dev.name) {
                    continue;
                }
                for dtype in DType::ALL {
                    if !op.instantiates(template, &dev.name, dtype) {
                        continue;
                    }
                    let id = format!("{template}::{}::{}::{}", op.name, dev.name, dtype.name());
                    if !dev.available {
                        // Listed, so `--list` and `--ignored` show the device's matrix; the
                        // reason is the device's `detail` in the report.
                        dev.ignored_trials += 1;
                        trials.push(Trial::test(id, || Ok(())).with_ignored_flag(true));
                        continue;
                    }
                    let skip = skip_table
                        .iter()
                        .find(|s| s.select.matches(template, op.name, &dev.name, dtype));
                    if let Some(s) = skip {
                        if matches_filter(&args, &id) {
                            records.lock().unwrap().push(record(
                                &id,
                                template,
                                op.name,
                                &dev.name,
                                dtype,
                                Status::Skip,
                                None,
                                Some(s.reason.into()),
                                None,
                                0.0,
                            ));
                        }
                        trials.push(Trial::test(id, || Ok(())).with_ignored_flag(true));
                        continue;
                    }
                    let xfail = xfail_table
                        .iter()
                        .find(|x| x.select.matches(template, op.name, &dev.name, dtype))
                        .map(|x| x.reason);
                    let div = div_table
                        .iter()
                        .find(|x| x.select.matches(template, op.name, &dev.name, dtype))
                        .map(|x| {
                            (
                                x.name.to_string(),
                                match x.kind {
                                    DeclKind::Dtype => DivergenceKind::Dtype,
                                    DeclKind::Value => DivergenceKind::Value,
                                    DeclKind::SignedZero => DivergenceKind::SignedZero,
                                    DeclKind::Shape => DivergenceKind::Shape,
                                    DeclKind::ErrorKind => DivergenceKind::ErrorKind,
                                },
                            )
                        });
                    let (ops, records, device) = (ops.clone(), records.clone(), dev.name.clone());
                    trials.push(Trial::test(id.clone(), move || {
                        run_trial(
                            &id, template, &ops[oi], &device, dtype, xfail, div, &records,
                        )
                    }));
                }
            }
        }
    }
    for d in devs.iter().filter(|d| !d.available) {
        eprintln!(
            "opinfo: {} trials on `{}` listed as ignored: {}",
            d.ignored_trials, d.name, d.detail
        );
    }
    let conclusion = libtest_mimic::run(&args, trials);
    let mut trials = std::mem::take(&mut *records.lock().unwrap());
    trials.sort_by(|a, b| a.id.cmp(&b.id));
    let versions = reference::versions().ok();
    // A table entry: its name, op and reason, and how many trials still showed it.
    let entry = |name: &'static str, op: String, reason: &'static str| DeclaredDivergence {
        name: name.into(),
        op,
        reason: reason.into(),
        trials: 0,
        still_holds: trials
            .iter()
            .filter(|t| t.declared_divergence.as_deref() == Some(name))
            .count(),
    };
    let divergences = div_table
        .iter()
        .map(|d| {
            let ops = d.select.ops.as_ref().map(|o| o.join(","));
            entry(d.name, ops.unwrap_or_else(|| "*".into()), d.reason)
        })
        // The argument-selected divergences (opinfo::case_divergences), which trials name
        // sample by sample.
        .chain(
            opinfo::case_divergences::case_divergences()
                .into_iter()
                .map(|d| entry(d.name, "*".into(), d.reason)),
        )
        .collect();
    let run = RunMeta {
        commit: git_commit(),
        started_at,
        wall_time_s: started.elapsed().as_secs_f64(),
        numpy_version: versions.as_ref().map(|v| v.numpy.clone()),
        python_version: versions.as_ref().map(|v| v.python.clone()),
        ml_dtypes_version: versions.as_ref().map(|v| v.ml_dtypes.clone()),
        scipy_version: scipy_version(),
        rustc_version: rustc_version(),
        cpu_model: devices::cpu_model(),
        threads: args.test_threads.unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        }),
        devices: devs,
        filter: args.filter.clone(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
    };
    let report = Report::new(run, trials, divergences);
    let path = reports::default_path();
    match reports::write(&report, &path) {
        Ok(()) => eprintln!(
            "opinfo report: {} ({} trials)",
            path.display(),
            report.trials.len()
        ),
        Err(e) => eprintln!(
            "could not write the opinfo report to {}: {e}",
            path.display()
        ),
    }
    if conclusion.has_failed() {
        101
    } else {
        0
    }
}

#[allow(clippy::too_many_arguments)]
fn record(
    id: &str,
    template: &str,
    op: &str,
    device: &str,
    dtype: DType,
    status: Status,
    divergence: Option<DivergenceKind>,
    reason: Option<String>,
    outcome: Option<&Outcome>,
    ms: f64,
) -> TrialRecord {
    let message = outcome.and_then(|o| match &o.verdict {
        Verdict::Fail(_, m) | Verdict::Error(m) | Verdict::NotApplicable(m) => Some(m.clone()),
        Verdict::Pass => None,
    });
    TrialRecord {
        id: id.into(),
        op: op.into(),
        template: template.into(),
        device: device.into(),
        dtype: dtype.name().into(),
        status,
        divergence,
        message,
        reason,
        declared_divergence: outcome.and_then(|o| o.declared_divergence.clone()),
        metrics: outcome.and_then(|o| o.metrics.clone()),
        sample: outcome.and_then(|o| o.sample.clone()),
        samples_checked: outcome.map(|o| o.samples_checked).unwrap_or(0),
        repro: repro(id),
        duration_ms: ms,
    }
}

#[allow(clippy::too_many_arguments)]
fn run_trial(
    id: &str,
    template: &'static str,
    op: &OpInfo,
    device: &str,
    dtype: DType,
    xfail: Option<&'static str>,
    divergence: Option<(String, DivergenceKind)>,
    records: &Mutex<Vec<TrialRecord>>,
) -> Result<(), Failed> {
    let t0 = Instant::now();
    let ctx = Ctx {
        op,
        device,
        dev: devices::engine_device(device),
        dtype,
        seed: seed_from_name(id),
        divergence,
    };
    let live_before = backends::cuda::thread_live_bytes();
    let outcome =
        catch_unwind(AssertUnwindSafe(|| templates::run(template, &ctx))).unwrap_or_else(|p| {
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
            }
        });
    let outcome = device_checks(&ctx, outcome, live_before);
    let (status, divergence, result) = match (&outcome.verdict, xfail) {
        (Verdict::Pass, None) => (Status::Pass, None, Ok(())),
        (Verdict::Pass, Some(r)) => (
            Status::Xpass,
            None,
            Err(format!("expected failure passed (strict): {r}").into()),
        ),
        (Verdict::Fail(k, _), Some(_)) => (Status::Xfail, Some(*k), Ok(())),
        (Verdict::Fail(k, m), None) => (
            Status::Fail,
            Some(*k),
            Err(format!("{m}\n  repro: {}", repro(id)).into()),
        ),
        (Verdict::NotApplicable(_), _) => (Status::Skip, None, Ok(())),
        (Verdict::Error(m), _) => (
            Status::Error,
            None,
            Err(format!("could not run: {m}").into()),
        ),
    };
    let reason = match (&outcome.verdict, xfail) {
        (Verdict::NotApplicable(m), _) => Some(m.clone()),
        (_, Some(r)) => Some(r.to_string()),
        _ => None,
    };
    let rec = record(
        id,
        template,
        op.name,
        device,
        dtype,
        status,
        divergence,
        reason,
        Some(&outcome),
        t0.elapsed().as_secs_f64() * 1e3,
    );
    records.lock().unwrap_or_else(|e| e.into_inner()).push(rec);
    result
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

fn git_commit() -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn rustc_version() -> Option<String> {
    let out = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// `scipy.__version__` of the oracle, when SciPy imports.
fn scipy_version() -> Option<String> {
    match reference::eval_call("lambda: __import__('scipy').__version__", &[], &[]) {
        Ok(reference::Value::Str(v)) => Some(v),
        _ => None,
    }
}
