//! Shared by the value templates (`reference`, `broadcasting`, `extremal`, `axes`, `empty`,
//! `nan_policy`, `ties`, `dtype_out`): run samples on the engine and in NumPy and compare
//! error kinds, then output by output shapes, dtypes and values under the record's
//! [`Compare`].

use super::Ctx;
use crate::compare::{compare, compare_bound, compare_numpy_ulp, each_output, Mismatch};
use crate::numpy;
use crate::outcome::{Checker, Outcome, Verdict};
use backends::Tensor;
use opinfo::{Compare, OpInfo, Sample};
use reference::RefError;
use reports::{DivergenceKind, Metrics};

/// Compares every sample's engine result with NumPy's.
pub fn check_samples(ctx: &Ctx<'_>, samples: &[Sample]) -> Outcome {
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    for (i, s) in samples.iter().enumerate() {
        let placed = match ctx.placed(s, i, &mut c) {
            Some(p) => p,
            None => continue,
        };
        let got = ctx.op.call(&placed);
        let want = numpy::call_sample(ctx.op, s, true);
        if let Err(e @ (RefError::Setup(_) | RefError::Unsupported(_))) = &want {
            let mut o = c.finish();
            o.verdict = Verdict::Error(e.to_string());
            return o;
        }
        match judge(ctx.op, s, got, want) {
            Judgement::Agree(m) => c.record(s, i, Ok(m)),
            Judgement::BothRaised => c.record(s, i, Ok(empty_metrics())),
            Judgement::Differ(m) => c.record(s, i, Err(m)),
        }
    }
    c.finish()
}

/// How one sample's engine outcome compares with NumPy's.
pub enum Judgement {
    /// Both returned results that agree under the record's comparison.
    Agree(Metrics),
    /// Both raised the same kind of error.
    BothRaised,
    /// They differ.
    Differ(Mismatch),
}

/// Judges the engine's outcome `got` for sample `s` against NumPy's `want`, as every value
/// template and the fuzzer do: the same error kind when both raise, results compared output
/// by output under the record's comparison. The caller handles an oracle that could not run
/// (`RefError::Setup` / `Unsupported`) first.
pub fn judge(
    op: &OpInfo,
    s: &Sample,
    got: backends::Result<Vec<Tensor>>,
    want: Result<reference::Value, RefError>,
) -> Judgement {
    let differ = |kind, message| {
        Judgement::Differ(Mismatch {
            kind,
            message,
            metrics: None,
        })
    };
    match (got, want) {
        (Ok(g), Ok(v)) => match numpy::as_tensors(v) {
            Ok(e) => match compare_outputs(op, s, &g, e) {
                Ok(m) => Judgement::Agree(m),
                Err(m) => Judgement::Differ(m),
            },
            Err(msg) => differ(DivergenceKind::Value, msg),
        },
        (Err(g), Err(e)) if numpy::error_matches(g.kind(), &e) => Judgement::BothRaised,
        (Err(g), Err(e)) => differ(
            DivergenceKind::ErrorKind,
            format!("engine raised {:?} ({g}), NumPy raised {e}", g.kind()),
        ),
        (Err(g), Ok(_)) => differ(
            DivergenceKind::ErrorKind,
            format!("engine raised {g}; NumPy returned a result"),
        ),
        (Ok(g), Err(e)) => differ(
            DivergenceKind::ErrorKind,
            format!(
                "NumPy raised {e}; engine returned {}",
                g.iter()
                    .map(|t| format!("{} {:?}", t.dtype(), t.shape()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
    }
}

/// Compares the engine's outputs with NumPy's, output by output, under the record's
/// comparison; the worst output's metrics are kept.
pub fn compare_outputs(
    op: &OpInfo,
    s: &Sample,
    got: &[Tensor],
    expected: Vec<Tensor>,
) -> Result<Metrics, Mismatch> {
    if got.len() != expected.len() {
        return Err(Mismatch {
            kind: DivergenceKind::Shape,
            message: format!("{} outputs, NumPy returned {}", got.len(), expected.len()),
            metrics: None,
        });
    }
    let expected: Vec<Tensor> = expected
        .into_iter()
        .zip(got)
        .map(|(e, g)| numpy::round_like_engine(e, g.dtype()))
        .collect();
    if let Compare::Custom(f) = op.compare {
        return f(s, got, &expected)
            .map(|()| empty_metrics())
            .map_err(|message| Mismatch {
                kind: DivergenceKind::Value,
                message,
                metrics: None,
            });
    }
    each_output(got, &expected, |g, e| match op.compare {
        Compare::Bound { scale, terms } => {
            bounds(s, scale, terms, e).and_then(|b| compare_bound(g, e, &b))
        }
        _ => compare_numpy(op, g, e),
    })
}

/// Compares one output with NumPy's under [`Compare::Tol`]: within the record's ULP bound for
/// float32/float64/complex results ([`OpInfo::ulp_bound`]), else within rtol/atol.
pub fn compare_numpy(op: &OpInfo, got: &Tensor, expected: &Tensor) -> Result<Metrics, Mismatch> {
    match op.ulp_bound(got.dtype()) {
        Some((n, per_part)) => compare_numpy_ulp(got, expected, n, per_part),
        None => compare(got, expected, op.tol(got.dtype())),
    }
}

/// The per-element error bound of a [`Compare::Bound`] record for expected result `e`:
/// `terms(n) * eps * scale`, with `scale` computed by NumPy from the sample (in float64) and
/// `n` the number of input elements reduced into each output element.
pub fn bounds(
    s: &Sample,
    scale: &'static str,
    terms: fn(f64) -> f64,
    e: &Tensor,
) -> Result<Vec<f64>, Mismatch> {
    let fail = |message: String| Mismatch {
        kind: DivergenceKind::Value,
        message,
        metrics: None,
    };
    let (args, kw) = numpy::sample_values(s);
    let sc = reference::eval_call(scale, &args, &kw)
        .map_err(|err| fail(format!("computing the error bound's scale: {err}")))
        .and_then(|v| numpy::as_tensor(v).map_err(fail))?;
    let sc = sc
        .astype(backends::DType::F64, backends::Casting::Unsafe)
        .and_then(|t| t.to_vec::<f64>())
        .map_err(|err| fail(err.to_string()))?;
    let input = s.tensor(0).map_or(1, |t| t.numel());
    let n = (input as f64 / e.numel().max(1) as f64).max(1.0);
    let eps = eps(e.dtype());
    let k = terms(n) * eps;
    // Below the normal range rounding is absolute: at most one subnormal quantum per rounding.
    let floor = terms(n) * min_subnormal(e.dtype());
    // The scale broadcasts when NumPy returned one value for every output (0-d results).
    Ok((0..e.numel())
        .map(|i| k * sc.get(i).or(sc.first()).copied().unwrap_or(f64::NAN) + floor)
        .collect())
}

/// The smallest positive subnormal of a float dtype (of the component type for complex).
pub fn min_subnormal(d: backends::DType) -> f64 {
    use backends::DType::*;
    match d {
        F16 => 5.960464477539063e-8,
        BF16 => 9.183549615799121e-41,
        F32 | C64 => 1.401298464324817e-45,
        F64 | C128 => 5e-324,
        _ => 0.0,
    }
}

/// Machine epsilon of a float dtype (of the component type for complex); 0 for exact dtypes.
pub fn eps(d: backends::DType) -> f64 {
    use backends::DType::*;
    match d {
        F16 => 9.765625e-4,
        BF16 => 7.8125e-3,
        F32 | C64 => f32::EPSILON as f64,
        F64 | C128 => f64::EPSILON,
        _ => 0.0,
    }
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
        reference_abs_err: None,
        ulp_bound: None,
    }
}
