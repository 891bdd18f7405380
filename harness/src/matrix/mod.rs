//! Builds the trial matrix (template × op × device × dtype), runs it through libtest-mimic and
//! writes the report. Skips and expected failures come from the registry's tables; expected
//! failures are strict (an unexpected pass fails the run).
//!
//! Each trial runs in a worker process ([`pool`]), so a trial that aborts, faults or hangs is
//! recorded (`crash`, `timeout`) and the run goes on; every finished record is appended to a
//! stream file as it completes ([`sink`]), so even a killed run leaves its records behind.
//! `OPINFO_SHARD=k/n` runs one deterministic slice of the matrix ([`shard`]).

mod coverage;
mod fault;
mod meta;
mod plan;
mod pool;
mod shard;
mod sink;
mod trial;
mod worker;

pub use fault::FAULT_ENV;
pub use plan::{Kind, Plan, Planned};
pub use pool::{DEFAULT_TIMEOUT_S, TIMEOUT_ENV};
pub use shard::SHARD_ENV;
pub use trial::Finished;
pub use worker::WORKER_ENV;

use libtest_mimic::{Arguments, Trial};
use reports::{DivergenceKind, Report, Status, TrialRecord};
use sink::Sink;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// Environment variable: `process` (default) runs each trial in a worker process, `none` runs
/// them in this process (for a debugger; no crash or hang protection). Under cargo-nextest,
/// which already gives every trial its own process, the default is `none`.
pub const ISOLATION_ENV: &str = "OPINFO_ISOLATION";

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

/// A record with the trial's coordinates and repro, and no outcome yet.
fn record(
    t: &Planned,
    status: Status,
    divergence: Option<DivergenceKind>,
    reason: Option<String>,
    ms: f64,
) -> TrialRecord {
    TrialRecord {
        id: t.id.clone(),
        op: t.id.split("::").nth(1).unwrap_or_default().into(),
        template: t.template.into(),
        device: t.device.clone(),
        dtype: t.dtype.name().into(),
        status,
        divergence,
        message: None,
        reason,
        declared_divergence: None,
        metrics: None,
        sample: None,
        samples_checked: 0,
        repro: repro(&t.id),
        duration_ms: ms,
    }
}

/// Under cargo-nextest: its run id.
fn nextest_run() -> Option<String> {
    std::env::var("NEXTEST_RUN_ID")
        .ok()
        .filter(|r| !r.is_empty())
}

/// Where the report goes: `$OPINFO_REPORT`; under nextest, one file per process in a folder
/// per nextest run (`opinfo-report merge` combines them); else `target/opinfo/report.json`.
fn report_path() -> PathBuf {
    match (std::env::var_os(reports::PATH_ENV), nextest_run()) {
        (Some(p), _) if !p.is_empty() => PathBuf::from(p),
        (_, Some(run)) => reports::writer::workspace_root()
            .join("target/opinfo/nextest")
            .join(run)
            .join(format!("{}.json", std::process::id())),
        _ => reports::default_path(),
    }
}

/// Whether trials run in worker processes ([`ISOLATION_ENV`]).
fn isolate() -> Result<bool, String> {
    match std::env::var(ISOLATION_ENV).as_deref() {
        Ok("process") => Ok(true),
        Ok("none") => Ok(false),
        Ok(v) => Err(format!(
            "{ISOLATION_ENV}={v:?}: expected `process` or `none`"
        )),
        Err(_) => Ok(nextest_run().is_none()),
    }
}

/// How trials are run.
enum Runner {
    /// Here, on libtest's threads.
    InProcess(Arc<Plan>),
    /// In worker processes.
    Pool(Arc<Plan>, pool::Pool),
}

impl Runner {
    fn run(&self, index: usize, force: bool) -> Finished {
        match self {
            Runner::InProcess(plan) => trial::run(plan, &plan.trials[index]),
            Runner::Pool(plan, pool) => pool.run(&plan.trials[index], force),
        }
    }
}

/// Runs the matrix with command-line `args`; returns the process exit code.
pub fn main_with(args: Arguments) -> i32 {
    if worker::is_worker() {
        return worker::serve();
    }
    let started = Instant::now();
    let started_at = reports::now_rfc3339();
    let settings = (|| {
        Ok::<_, String>((
            Plan::build()?,
            shard::from_env()?,
            isolate()?,
            pool::timeout_from_env()?,
        ))
    })();
    let (plan, shard, isolated, timeout) = match settings {
        Ok(s) => s,
        Err(e) => {
            eprintln!("opinfo: {e}");
            return 2;
        }
    };
    let plan = Arc::new(plan);
    // Asking for ignored trials runs the skipped ones for real: that is how one checks whether a
    // skip is still needed. Trials of an unavailable device fail saying so.
    let forced = args.ignored || args.include_ignored;
    let mut devices = plan.devices.clone();
    let selected: Vec<usize> = (0..plan.trials.len())
        .filter(|&i| shard.is_none_or(|s| shard::holds(s, i)))
        .collect();
    for &i in &selected {
        let t = &plan.trials[i];
        if matches!(t.kind, Kind::Unavailable) {
            if let Some(d) = devices.iter_mut().find(|d| d.name == t.device) {
                d.ignored_trials += 1;
            }
        }
    }
    let path = report_path();
    // Failing trials write their repro bundles beside the report (workers inherit this); the
    // bundles belong to the report this run replaces, so an earlier run's go first (not under
    // nextest, whose processes share the folder, and not for `--list`).
    if std::env::var_os(crate::repro::REPRO_DIR_ENV).is_none() {
        let dir = path
            .parent()
            .map_or_else(|| PathBuf::from("repro"), |p| p.join("repro"));
        if !args.list && nextest_run().is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        std::env::set_var(crate::repro::REPRO_DIR_ENV, dir);
    }
    let mut run = meta::run_meta(&args, started_at, devices, shard, plan.matrix_info());
    let sink = Arc::new(if args.list {
        Sink::discard()
    } else {
        Sink::stream_to(
            &reports::stream::stream_path(&path),
            &run,
            &meta::divergence_table(&[]),
        )
    });
    let runner = Arc::new(if isolated && !args.list {
        Runner::Pool(plan.clone(), pool::Pool::new(timeout))
    } else {
        Runner::InProcess(plan.clone())
    });
    let mut trials = Vec::new();
    for &i in &selected {
        let t = &plan.trials[i];
        let id = t.id.clone();
        match &t.kind {
            Kind::Unavailable => {
                let why = format!(
                    "device `{}` is not available here: {}",
                    t.device,
                    detail(&plan, &t.device)
                );
                trials.push(Trial::test(id, move || Err(why.into())).with_ignored_flag(true));
            }
            Kind::Skip(reason) => {
                if !forced && matches_filter(&args, &id) {
                    sink.push(record(t, Status::Skip, None, Some(reason.to_string()), 0.0));
                }
                let (runner, sink) = (runner.clone(), sink.clone());
                trials.push(
                    Trial::test(id, move || finish(&sink, runner.run(i, true)))
                        .with_ignored_flag(true),
                );
            }
            Kind::Run => {
                let (runner, sink) = (runner.clone(), sink.clone());
                trials.push(Trial::test(id, move || finish(&sink, runner.run(i, false))));
            }
        }
    }
    for d in run.devices.iter().filter(|d| !d.available) {
        eprintln!(
            "opinfo: {} trials on `{}` listed as ignored: {}",
            d.ignored_trials, d.name, d.detail
        );
    }
    let conclusion = libtest_mimic::run(&args, trials);
    // Every closure is gone: this ends the workers.
    drop(runner);
    if args.list {
        return 0;
    }
    let mut records = sink.take();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    run.wall_time_s = started.elapsed().as_secs_f64();
    let divergences = meta::divergence_table(&records);
    let mut report = Report::new(run, records, divergences);
    report.coverage = coverage::coverage(&plan.ops, report.run.numpy_version.as_deref());
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

/// The device's `detail` (the reason it is unavailable).
fn detail(plan: &Plan, device: &str) -> String {
    plan.devices
        .iter()
        .find(|d| d.name == device)
        .map(|d| d.detail.clone())
        .unwrap_or_default()
}

/// Records a finished trial and gives libtest its verdict.
fn finish(sink: &Sink, f: Finished) -> Result<(), libtest_mimic::Failed> {
    sink.push(f.record);
    match f.failure {
        None => Ok(()),
        Some(m) => Err(m.into()),
    }
}
