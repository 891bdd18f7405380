//! The report's run metadata and declared-divergence table.

use crate::devices;
use libtest_mimic::Arguments;
use opinfo::skips;
use reports::{DeclaredDivergence, DeviceInfo, MatrixInfo, RunMeta, Shard, TrialRecord};

/// Metadata of this run (`wall_time_s` still zero).
pub fn run_meta(
    args: &Arguments,
    started_at: String,
    devices: Vec<DeviceInfo>,
    shard: Option<Shard>,
    matrix: MatrixInfo,
) -> RunMeta {
    let versions = reference::versions().ok();
    RunMeta {
        commit: git_commit(),
        started_at,
        wall_time_s: 0.0,
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
        devices,
        filter: args.filter.clone(),
        command: std::env::args().collect::<Vec<_>>().join(" "),
        shard,
        matrix: Some(matrix),
    }
}

/// The declared divergences (the divergence table and the argument-selected ones), each with
/// how many of `records` showed it.
pub fn divergence_table(records: &[TrialRecord]) -> Vec<DeclaredDivergence> {
    let entry = |name: &'static str, op: String, reason: &'static str| DeclaredDivergence {
        name: name.into(),
        op,
        reason: reason.into(),
        trials: 0,
        still_holds: records
            .iter()
            .filter(|t| t.declared_divergence.as_deref() == Some(name))
            .count(),
    };
    skips::divergences()
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
        .collect()
}

/// The trimmed stdout of `program args`, when it runs and succeeds.
fn command_output(program: &str, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new(program)
        .args(args)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn git_commit() -> Option<String> {
    command_output("git", &["rev-parse", "HEAD"])
}

fn rustc_version() -> Option<String> {
    command_output("rustc", &["--version"])
}

/// `scipy.__version__` of the oracle, when SciPy imports.
fn scipy_version() -> Option<String> {
    match reference::eval_call("lambda: __import__('scipy').__version__", &[], &[]) {
        Ok(reference::Value::Str(v)) => Some(v),
        _ => None,
    }
}
