//! The fuzz loop: draw case after case within the budget, judge each, shrink the first case of
//! every new mismatch signature, and gather the [`FuzzReport`].

use super::draw::Drawer;
use super::judge::{judge, oracle_setup_error, Declared, Judged, Verdict};
use super::output::{Counts, DeclaredHit, Finding, FuzzReport, Signature};
use super::repro::numpy_snippet;
use super::shrink::shrink;
use opinfo::{Case, OpInfo};
use reports::DivergenceKind;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

/// A fuzz run's settings.
#[derive(Clone, Debug)]
pub struct Config {
    /// The run seed.
    pub seed: u64,
    /// Stop after this many cases.
    pub cases: Option<u64>,
    /// Stop after this many seconds (shrinking included).
    pub seconds: Option<f64>,
    /// `--op` filters: a record's name or alias, else a substring of names; empty: all.
    pub ops: Vec<String>,
    /// Index of the first case (a run of one case replays `--case K`).
    pub first_case: u64,
    /// Predicate evaluations one shrink may spend.
    pub shrink_evals: usize,
    /// Where the report will be written (for the replay commands it prints).
    pub out: PathBuf,
    /// Progress lines on stderr.
    pub progress: bool,
    /// Print every case before running it (finds a case that kills the process).
    pub trace: bool,
}

impl Config {
    /// A run of `cases` cases from case 0 over the ops `ops` selects.
    pub fn new(seed: u64, cases: u64, ops: &[&str]) -> Config {
        Config {
            seed,
            cases: Some(cases),
            seconds: None,
            ops: ops.iter().map(|s| s.to_string()).collect(),
            first_case: 0,
            shrink_evals: 2000,
            out: super::output::default_path(),
            progress: false,
            trace: false,
        }
    }
}

/// The records `filters` select: each filter is a record's name or alias, or else a substring
/// of record names; no filter selects the whole registry. An unmatched filter is an error.
pub fn select_ops(filters: &[String]) -> Result<Vec<OpInfo>, String> {
    let all = opinfo::registry();
    if filters.is_empty() {
        return Ok(all);
    }
    let mut keep = vec![false; all.len()];
    for f in filters {
        let exact: Vec<usize> = (0..all.len())
            .filter(|&i| all[i].name == f || all[i].aliases.contains(&f.as_str()))
            .collect();
        let hits = if exact.is_empty() {
            (0..all.len())
                .filter(|&i| all[i].name.contains(f.as_str()))
                .collect()
        } else {
            exact
        };
        if hits.is_empty() {
            return Err(format!("--op {f}: no record of that name or containing it"));
        }
        for i in hits {
            keep[i] = true;
        }
    }
    Ok(all
        .into_iter()
        .zip(keep)
        .filter_map(|(o, k)| k.then_some(o))
        .collect())
}

fn op_flags(filters: &[String]) -> String {
    filters.iter().map(|f| format!(" --op {f}")).collect()
}

/// The command that replays finding `index` of the report at `out`.
pub fn replay_command(out: &std::path::Path, index: usize) -> String {
    format!(
        "cargo run -p harness --bin opinfo-fuzz -- --replay {} --index {index}",
        out.display()
    )
}

/// Shrinks a mismatching case of `op` to a minimal one that still mismatches with `kind`.
/// With `trace`, every candidate is printed before it runs.
pub fn shrink_mismatch(
    op: &OpInfo,
    case: &Case,
    kind: DivergenceKind,
    declared: &Declared,
    max_evals: usize,
    trace: bool,
) -> super::shrink::Shrunk {
    shrink(
        case,
        |c| {
            if trace {
                use std::io::Write;
                eprintln!(
                    "shrink candidate: {}",
                    serde_json::to_string(c).unwrap_or_default()
                );
                let _ = std::io::stderr().flush();
            }
            matches!(judge(op, c, declared).verdict, Verdict::Mismatch { kind: k, .. } if k == kind)
        },
        max_evals,
    )
}

/// Runs the fuzzer.
pub fn run(config: &Config) -> Result<FuzzReport, String> {
    let ops = select_ops(&config.ops)?;
    let drawer = Drawer::new(ops);
    let declared = Declared::load();
    let t0 = Instant::now();
    let mut counts = Counts::default();
    let mut findings: Vec<Finding> = Vec::new();
    let mut by_sig: HashMap<Signature, usize> = HashMap::new();
    let mut declared_hits: Vec<DeclaredHit> = Vec::new();
    let mut shrink_seconds = 0.0;
    let mut cases = 0u64;
    let mut last_progress = Instant::now();
    let default_cases = if config.seconds.is_none() {
        Some(1000)
    } else {
        None
    };
    let max_cases = config.cases.or(default_cases);
    loop {
        if max_cases.is_some_and(|n| cases >= n)
            || config
                .seconds
                .is_some_and(|s| t0.elapsed().as_secs_f64() >= s)
        {
            break;
        }
        let index = config.first_case + cases;
        let Some(drawn) = drawer.draw(config.seed, index) else {
            break;
        };
        cases += 1;
        let op = &drawer.ops()[drawn.op];
        if config.trace {
            use std::io::Write;
            // The whole case, so a crashing one can be saved and replayed on its own.
            eprintln!(
                "case {index}: {}\n{}",
                drawn.case.describe(),
                serde_json::to_string(&drawn.case).unwrap_or_default()
            );
            let _ = std::io::stderr().flush();
        }
        let Judged { verdict, .. } = judge(op, &drawn.case, &declared);
        if let Some(m) = oracle_setup_error(&verdict) {
            return Err(m.to_string());
        }
        match verdict {
            Verdict::Agree => counts.agree += 1,
            Verdict::BothRaised => counts.both_raised += 1,
            Verdict::Unsupported(_) => counts.unsupported += 1,
            Verdict::Declared(name) => {
                counts.declared += 1;
                match declared_hits.iter_mut().find(|d| d.name == name) {
                    Some(d) => d.hits += 1,
                    None => declared_hits.push(DeclaredHit {
                        name,
                        hits: 1,
                        first_case: index,
                    }),
                }
            }
            Verdict::Mismatch { kind, message } => {
                counts.mismatch += 1;
                let sig = Signature {
                    op: op.name.to_string(),
                    dtypes: drawn.case.dtype_signature(),
                    kind,
                };
                if let Some(&k) = by_sig.get(&sig) {
                    findings[k].hits += 1;
                    continue;
                }
                let ts = Instant::now();
                let shrunk = shrink_mismatch(
                    op,
                    &drawn.case,
                    kind,
                    &declared,
                    config.shrink_evals,
                    config.trace,
                );
                shrink_seconds += ts.elapsed().as_secs_f64();
                let last = judge(op, &shrunk.case, &declared);
                let min_message = match &last.verdict {
                    Verdict::Mismatch { message, .. } => message.clone(),
                    other => format!("{other:?}"),
                };
                let k = findings.len();
                if config.progress {
                    eprintln!(
                        "opinfo-fuzz: case {index}: {} [{}] {:?}: {}\n  minimal: {}",
                        sig.op,
                        sig.dtypes,
                        kind,
                        message,
                        shrunk.case.describe()
                    );
                }
                findings.push(Finding {
                    signature: sig.clone(),
                    hits: 1,
                    first_case: index,
                    original: drawn.case.describe(),
                    original_message: message,
                    minimal_elements: shrunk.case.operand_elements(),
                    message: min_message,
                    engine: last.engine,
                    numpy: last.numpy,
                    numpy_snippet: numpy_snippet(op, &shrunk.case)
                        .unwrap_or_else(|e| format!("# no snippet: {e}")),
                    shrink_evaluations: shrunk.evaluations,
                    shrink_steps: shrunk.accepted,
                    minimal: shrunk.case,
                    replay: replay_command(&config.out, k),
                    regenerate: format!(
                        "cargo run -p harness --bin opinfo-fuzz -- --seed {}{} --case {index}",
                        config.seed,
                        op_flags(&config.ops)
                    ),
                });
                by_sig.insert(sig, k);
            }
        }
        if config.progress && last_progress.elapsed().as_secs_f64() >= 10.0 {
            last_progress = Instant::now();
            eprintln!(
                "opinfo-fuzz: {cases} cases, {:.0} cases/s, {} signatures",
                cases as f64 / t0.elapsed().as_secs_f64(),
                findings.len()
            );
        }
    }
    let seconds = t0.elapsed().as_secs_f64();
    Ok(FuzzReport {
        tool: "opinfo-fuzz".into(),
        seed: config.seed,
        ops_filter: config.ops.clone(),
        ops: drawer.ops().len(),
        first_case: config.first_case,
        cases,
        seconds,
        cases_per_second: if seconds > 0.0 {
            cases as f64 / seconds
        } else {
            0.0
        },
        shrink_seconds,
        counts,
        declared: declared_hits,
        findings,
    })
}
