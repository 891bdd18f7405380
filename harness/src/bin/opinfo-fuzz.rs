//! `opinfo-fuzz`: NumPy-differential fuzzing of the CPU engine over the whole registry, with
//! shrinking (see `harness/src/fuzz/`).
//!
//! ```text
//! opinfo-fuzz [--seed N] [--cases N] [--seconds S] [--op NAME]... [--out PATH]
//! opinfo-fuzz --seed N --case K [--op NAME]...          redraw and judge case K (shrunk if it mismatches)
//! opinfo-fuzz --replay FILE [--index K] [--save-regression]
//! ```
//! Exit status: 0 no mismatch, 1 mismatches found (or still shown on replay), 2 usage or I/O
//! error.

use clap::Parser;
use harness::fuzz::judge::{judge, Declared, Verdict};
use harness::fuzz::output::{self, Replayable};
use harness::fuzz::repro::numpy_snippet;
use harness::fuzz::{self, Config};
use opinfo::Case;
use std::path::PathBuf;
use std::process::ExitCode;

/// NumPy-differential fuzzing of the engine, every mismatch shrunk to a minimal case.
#[derive(Parser, Debug)]
#[command(name = "opinfo-fuzz", version)]
struct Args {
    /// Run seed (default: random, printed).
    #[arg(long)]
    seed: Option<u64>,
    /// Stop after this many cases (default 1000 when --seconds is not given either).
    #[arg(long)]
    cases: Option<u64>,
    /// Stop after this many seconds, shrinking included.
    #[arg(long)]
    seconds: Option<f64>,
    /// Only these records: a name or alias, else a substring of names (repeatable).
    #[arg(long = "op")]
    ops: Vec<String>,
    /// Where the JSON report goes.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Redraw, judge and (on a mismatch) shrink case K of --seed alone.
    #[arg(long = "case")]
    case: Option<u64>,
    /// Re-run the minimal cases of a fuzz report, or one case file.
    #[arg(long)]
    replay: Option<PathBuf>,
    /// With --replay: only finding K of the report.
    #[arg(long)]
    index: Option<usize>,
    /// With --replay: write each replayed case to opinfo/regressions/ as a regression sample.
    #[arg(long)]
    save_regression: bool,
    /// Predicate evaluations one shrink may spend.
    #[arg(long, default_value_t = 2000)]
    shrink_evals: usize,
    /// No progress lines.
    #[arg(long)]
    quiet: bool,
    /// Print every case before running it (to find a case that kills the process).
    #[arg(long)]
    trace: bool,
    /// List the records the --op filters select, one per line, and exit.
    #[arg(long)]
    list: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("opinfo-fuzz: {msg}");
            ExitCode::from(2)
        }
    }
}

fn random_seed() -> u64 {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    opinfo::rng::Rng::new(t ^ ((std::process::id() as u64) << 32)).next_u64()
}

fn run(args: Args) -> Result<ExitCode, String> {
    if let Some(path) = &args.replay {
        return replay(path, args.index, args.save_regression);
    }
    if args.list {
        for op in fuzz::select_ops(&args.ops)? {
            println!("{}", op.name);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.index.is_some() || args.save_regression {
        return Err("--index and --save-regression go with --replay".into());
    }
    let seed = args.seed.unwrap_or_else(random_seed);
    let out = args.out.clone().unwrap_or_else(output::default_path);
    let mut config = Config {
        seed,
        cases: args.cases,
        seconds: args.seconds,
        ops: args.ops.clone(),
        first_case: 0,
        shrink_evals: args.shrink_evals,
        out: out.clone(),
        progress: !args.quiet,
        trace: args.trace,
    };
    if let Some(k) = args.case {
        if args.seed.is_none() {
            return Err("--case needs the --seed it was drawn with".into());
        }
        config.first_case = k;
        config.cases = Some(1);
        config.seconds = None;
    }
    eprintln!("opinfo-fuzz: seed {seed}");
    let report = fuzz::run(&config)?;
    output::write(&report, &out)?;
    eprintln!(
        "opinfo-fuzz: {} cases in {:.1} s ({:.0} cases/s, {:.1} s shrinking) over {} ops: \
         {} agree, {} both raised, {} declared, {} mismatches in {} signatures, {} unsupported",
        report.cases,
        report.seconds,
        report.cases_per_second,
        report.shrink_seconds,
        report.ops,
        report.counts.agree,
        report.counts.both_raised,
        report.counts.declared,
        report.counts.mismatch,
        report.findings.len(),
        report.counts.unsupported
    );
    for (k, f) in report.findings.iter().enumerate() {
        eprintln!(
            "  [{k}] {} [{}] {:?} x{}: {}\n      minimal ({} elements): {}\n      replay: {}",
            f.signature.op,
            f.signature.dtypes,
            f.signature.kind,
            f.hits,
            f.message,
            f.minimal_elements,
            f.minimal.describe(),
            f.replay
        );
    }
    eprintln!("opinfo-fuzz: report {}", out.display());
    Ok(if report.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Re-runs saved cases; exit 1 if any still mismatches.
fn replay(path: &std::path::Path, index: Option<usize>, save: bool) -> Result<ExitCode, String> {
    let cases: Vec<(String, Case)> = match output::read(path)? {
        Replayable::Case(c) => vec![("case".into(), *c)],
        Replayable::Report(r) => {
            let all: Vec<(String, Case)> = r
                .findings
                .into_iter()
                .enumerate()
                .map(|(k, f)| (format!("finding {k}"), f.minimal))
                .collect();
            match index {
                None => all,
                Some(k) => vec![all
                    .into_iter()
                    .nth(k)
                    .ok_or_else(|| format!("{}: no finding {k}", path.display()))?],
            }
        }
    };
    let declared = Declared::load();
    let mut still = 0;
    for (what, case) in cases {
        let op = opinfo::ops::find(&case.op)
            .ok_or_else(|| format!("{what}: no record named {}", case.op))?;
        let j = judge(&op, &case, &declared);
        let verdict = match &j.verdict {
            Verdict::Mismatch { kind, message } => {
                still += 1;
                format!("MISMATCH {kind:?}: {message}")
            }
            other => format!("{other:?}"),
        };
        println!(
            "{what}: {} {}\n  verdict: {verdict}\n  engine: {}\n  numpy:  {}\n--- NumPy snippet ---\n{}",
            case.op,
            case.describe(),
            j.engine,
            j.numpy,
            numpy_snippet(&op, &case).unwrap_or_else(|e| format!("# no snippet: {e}"))
        );
        if save {
            let file = save_regression(&case)?;
            println!("  saved as regression sample {}", file.display());
        }
    }
    Ok(if still == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Writes `case` to `opinfo/regressions/<op>-<dtype>-<hash>.json`.
fn save_regression(case: &Case) -> Result<PathBuf, String> {
    let text = serde_json::to_string_pretty(case).map_err(|e| e.to_string())?;
    let hash = opinfo::rng::seed_from_name(&text);
    let dtype = case.trial_dtype().map_or("none", |d| d.name());
    let dir = opinfo::regressions::dir();
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let file = dir.join(format!(
        "{}-{dtype}-{:08x}.json",
        case.op.replace('.', "_"),
        hash as u32
    ));
    std::fs::write(&file, text + "\n").map_err(|e| format!("{}: {e}", file.display()))?;
    Ok(file)
}
