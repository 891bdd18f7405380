//! Shared by `reference`, `broadcasting` and `extremal`: run samples on the engine and in
//! NumPy and compare values, error kinds and dtypes.

use super::Ctx;
use crate::compare::{compare, Mismatch};
use crate::outcome::{Checker, Outcome, Verdict};
use crate::{engine, numpy};
use opinfo::samples::Sample;
use reference::RefError;
use reports::DivergenceKind;

/// Compares every sample's engine result with NumPy's.
pub fn check_samples(ctx: &Ctx<'_>, samples: &[Sample]) -> Outcome {
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    for (i, s) in samples.iter().enumerate() {
        let placed = match ctx.placed(s, i, &mut c) {
            Some(p) => p,
            None => continue,
        };
        let got = engine::function(ctx.op.name, &placed);
        let want = numpy::call(ctx.op, &s.args, s.out.as_ref(), true);
        match (got, want) {
            (_, Err(e @ (RefError::Setup(_) | RefError::Unsupported(_)))) => {
                let mut o = c.finish();
                o.verdict = Verdict::Error(e.to_string());
                return o;
            }
            (Ok(g), Ok(v)) => match numpy::as_tensor(v) {
                Ok(e) => {
                    let e = numpy::round_like_engine(e, g.dtype());
                    c.record(s, i, compare(&g, &e, ctx.op.tol(g.dtype())));
                }
                Err(msg) => c.fail(s, i, DivergenceKind::Value, msg),
            },
            (Err(g), Err(e)) => {
                if numpy::error_matches(g.kind(), &e) {
                    c.record(s, i, Ok(empty_metrics()));
                } else {
                    c.record(
                        s,
                        i,
                        Err(Mismatch {
                            kind: DivergenceKind::ErrorKind,
                            message: format!(
                                "engine raised {:?} ({g}), NumPy raised {e}",
                                g.kind()
                            ),
                            metrics: None,
                        }),
                    );
                }
            }
            (Err(g), Ok(_)) => c.fail(
                s,
                i,
                DivergenceKind::ErrorKind,
                format!("engine raised {g}; NumPy returned a result"),
            ),
            (Ok(g), Err(e)) => c.fail(
                s,
                i,
                DivergenceKind::ErrorKind,
                format!(
                    "NumPy raised {e}; engine returned {} {:?}",
                    g.dtype(),
                    g.shape()
                ),
            ),
        }
    }
    c.finish()
}

/// Metrics for a sample where both sides raised the same kind of error.
pub fn empty_metrics() -> reports::Metrics {
    reports::Metrics {
        max_abs_err: 0.0,
        max_rel_err: 0.0,
        max_ulp: 0.0,
        mismatched: 0,
        total: 0,
        worst_index: vec![],
        worst_got: String::new(),
        worst_expected: String::new(),
        rtol: 0.0,
        atol: 0.0,
    }
}
