//! The fuzzer's smoke run in the default `cargo test`: a fixed seed, 3,000 cases, and a
//! failure on any mismatch, with each finding's minimal case, both results, the NumPy snippet
//! and the replay command.
//!
//! The op set is the whole registry minus [`EXCLUDED`], which is empty now that every
//! mismatch the fuzzer found is fixed in the engine or declared with its reason
//! (`opinfo::case_divergences`, `opinfo::skips`). A record whose known divergence is being
//! fixed may be listed there for a while; a record added to the registry joins the smoke
//! automatically. Changing the list changes which cases are drawn, so re-run the test after
//! every change.

use harness::fuzz::{self, Config};

/// The smoke's seed.
const SEED: u64 = 20_261_201;
/// The smoke's budget.
const CASES: u64 = 5000;

/// Records left out of the smoke until their known divergences are fixed (see the module doc).
const EXCLUDED: &[&str] = &[];

#[test]
fn fuzz_smoke_finds_no_mismatch() {
    let names: Vec<&str> = opinfo::registry()
        .iter()
        .map(|o| o.name)
        .filter(|n| !EXCLUDED.contains(n))
        .collect();
    for e in EXCLUDED {
        assert!(
            opinfo::ops::find(e).is_some(),
            "EXCLUDED names {e}, which is no record"
        );
    }
    let mut config = Config::new(SEED, CASES, &names);
    config.out = fuzz::output::default_path().with_file_name("fuzz-smoke.json");
    let t0 = std::time::Instant::now();
    let report = fuzz::run(&config).unwrap_or_else(|e| panic!("the fuzzer could not run: {e}"));
    let _ = fuzz::output::write(&report, &config.out);
    eprintln!(
        "fuzz smoke: {} cases over {} ops in {:.1} s ({:.0} cases/s)",
        report.cases,
        report.ops,
        t0.elapsed().as_secs_f64(),
        report.cases_per_second
    );
    assert_eq!(report.cases, CASES);
    assert!(
        report.counts.agree > CASES / 2,
        "most cases must run and agree: {:?}",
        report.counts
    );
    let found: Vec<String> = report
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} [{}] {:?}: {}\n  minimal: {}\n  case: {}\n  engine: {}\n  numpy:  {}\n  replay: {}\n{}",
                f.signature.op,
                f.signature.dtypes,
                f.signature.kind,
                f.message,
                f.minimal.describe(),
                serde_json::to_string(&f.minimal).unwrap_or_default(),
                f.engine,
                f.numpy,
                f.replay,
                f.numpy_snippet
            )
        })
        .collect();
    assert!(
        found.is_empty(),
        "the fuzz smoke found {} mismatch signature(s):\n{}",
        found.len(),
        found.join("\n")
    );
}
