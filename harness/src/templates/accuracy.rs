//! `accuracy`: long reductions (≥ 10^6 elements, mixed signs and magnitudes, and a
//! constant-sign run where naive summation drifts) against an exact reference computed in
//! Python (`math.fsum`, correctly rounded), within the error bound the engine's algorithm
//! states ([`opinfo::Accuracy`]). NumPy's own error on the same input is reported beside the
//! engine's (`reference_abs_err`), so the report shows whether the engine is as accurate.

use super::values::{bounds, empty_metrics};
use super::Ctx;
use crate::compare::compare_bound_with;
use crate::numpy;
use crate::outcome::{not_applicable, Checker, Outcome, Verdict};
use backends::{Casting, DType};
use reference::RefError;
use reports::DivergenceKind;

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let Some(acc) = ctx.op.accuracy else {
        return not_applicable(format!("{} states no accuracy bound", ctx.op.name));
    };
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let samples = ctx.samples("accuracy");
    if samples.is_empty() {
        return not_applicable("no accuracy samples for this dtype");
    }
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    for (i, s) in samples.iter().enumerate() {
        let Some(placed) = ctx.placed(s, i, &mut c) else {
            continue;
        };
        let got = match ctx.op.call1(&placed) {
            Ok(g) => g,
            Err(e) => {
                c.fail(
                    s,
                    i,
                    DivergenceKind::ErrorKind,
                    format!("engine raised {e}"),
                );
                continue;
            }
        };
        let (vals, kw) = numpy::sample_values(s);
        let exact = match reference::eval_call(acc.exact, &vals, &kw) {
            Ok(v) => numpy::as_tensor(v),
            Err(e @ (RefError::Setup(_) | RefError::Unsupported(_))) => {
                let mut o = c.finish();
                o.verdict = Verdict::Error(e.to_string());
                return o;
            }
            Err(e) => Err(e.to_string()),
        };
        // The exact value rounded once to the engine's result dtype is the best any
        // implementation can return; the bound is measured from it.
        let exact = match exact.and_then(|e| {
            e.astype(got.dtype(), Casting::Unsafe)
                .map_err(|e| e.to_string())
        }) {
            Ok(e) => e,
            Err(m) => {
                c.fail(s, i, DivergenceKind::Value, format!("exact reference: {m}"));
                continue;
            }
        };
        let b = match bounds(s, acc.scale, acc.terms, &exact) {
            Ok(b) => b,
            Err(m) => {
                c.record(s, i, Err(m));
                continue;
            }
        };
        let numpy_err = numpy::call_sample(ctx.op, s, true)
            .ok()
            .and_then(|v| numpy::as_tensor(v).ok())
            .and_then(|n| abs_err(&n, &exact));
        let r = compare_bound_with(&got, &exact, &b, "exact").map(|mut m| {
            m.reference_abs_err = numpy_err;
            m
        });
        let r = r.map_err(|mut m| {
            m.message = format!(
                "{} (bound {:e}; NumPy's own error {})",
                m.message,
                b.iter().copied().fold(0.0, f64::max),
                numpy_err.map_or("unknown".into(), |e| format!("{e:e}"))
            );
            if let Some(mm) = m.metrics.as_mut() {
                mm.reference_abs_err = numpy_err;
            }
            m
        });
        c.record(s, i, r);
    }
    let mut o = c.finish();
    if o.samples_checked == 0 {
        o.metrics = Some(empty_metrics());
    }
    o
}

/// Largest absolute difference of two float results (in float64).
fn abs_err(a: &backends::Tensor, b: &backends::Tensor) -> Option<f64> {
    let f = |t: &backends::Tensor| {
        let d = if t.dtype().is_complex() {
            DType::C128
        } else {
            DType::F64
        };
        t.astype(d, Casting::Unsafe).ok()
    };
    let (a, b) = (f(a)?, f(b)?);
    if a.dtype() == DType::C128 {
        let (x, y) = (
            a.to_vec::<backends::element::Cf64>().ok()?,
            b.to_vec::<backends::element::Cf64>().ok()?,
        );
        return Some(
            x.iter()
                .zip(&y)
                .map(|(p, q)| (p - q).norm())
                .fold(0.0, f64::max),
        );
    }
    let (x, y) = (a.to_vec::<f64>().ok()?, b.to_vec::<f64>().ok()?);
    Some(
        x.iter()
            .zip(&y)
            .map(|(p, q)| (p - q).abs())
            .fold(0.0, f64::max),
    )
}
