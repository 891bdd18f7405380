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
            Judgement::Differ(m) => match case_divergence(ctx.op, s, m.kind) {
                Some(name) if !c.declares(m.kind) => c.case_divergence(name),
                _ => c.record(s, i, Err(m)),
            },
        }
    }
    c.finish()
}

/// The argument-selected divergence (`opinfo::case_divergences`) that declares a mismatch of
/// `kind` on sample `s`, if any: the matrix honours the same declarations as the fuzzer.
pub fn case_divergence(op: &OpInfo, s: &Sample, kind: DivergenceKind) -> Option<&'static str> {
    let case = opinfo::case::Case::from_sample(op.name, s).ok()?;
    opinfo::case_divergences::find(op, &case, crate::outcome::decl_kind(kind)?)
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
    let loop_kw = loop_dtype_kw(op, s);
    each_output(got, &expected, |g, e| {
        // `dtype=` set the precision the result was computed in; a wider `out=` only stores
        // it (`np.nanmean(float32, dtype=complex64, out=complex128)`), so both sides are
        // judged in that precision.
        let narrowed = loop_kw
            .filter(|&d| narrower(d, g.dtype()) && e.dtype() == g.dtype())
            .and_then(|d| {
                let narrow = |t: &Tensor| t.astype(d, backends::Casting::Unsafe).ok();
                Some((narrow(g)?, narrow(e)?))
            });
        let (g, e) = match &narrowed {
            Some((gn, en)) => (gn, en),
            None => (g, e),
        };
        match op.compare {
            Compare::Bound { scale, terms } => {
                bounds(s, scale, terms, e).and_then(|b| compare_bound(g, e, &b))
            }
            _ => compare_numpy(op, g, e),
        }
    })
}

/// The precision the sample's result is computed in when `out=` may be wider: its `dtype=`
/// keyword when that names an inexact dtype.
fn loop_dtype_kw(_op: &OpInfo, s: &Sample) -> Option<backends::DType> {
    match opinfo::kwargs::get(&s.kwargs, "dtype") {
        Some(opinfo::Kw::DType(d)) if d.is_inexact() => Some(*d),
        _ => None,
    }
}

/// True when the float (complex) dtype `a` has parts of lower precision than `b`'s, and a
/// result of `b` can be judged in `a` (a complex `a` for a real `b` is judged on its real
/// parts).
fn narrower(a: backends::DType, b: backends::DType) -> bool {
    let bits = |d: backends::DType| match d.to_real() {
        backends::DType::F16 | backends::DType::BF16 => 16,
        backends::DType::F32 => 32,
        backends::DType::F64 => 64,
        _ => 0,
    };
    (a.is_complex() || !b.is_complex()) && bits(a) > 0 && bits(a) < bits(b)
}

/// Compares one output with NumPy's under [`Compare::Tol`]: within the record's ULP bound for
/// float32/float64/complex results ([`OpInfo::ulp_bound`]), else within rtol/atol. ULPs are
/// counted in the precision the loop computed in: a float64 (complex128) result whose values
/// on both sides are all float32 (complex64) numbers came from a float32 loop written to a
/// wider `out=` (`np.log2(int16, out=float64)`), and is judged by the float32 bound.
pub fn compare_numpy(op: &OpInfo, got: &Tensor, expected: &Tensor) -> Result<Metrics, Mismatch> {
    let loop_dtype = narrow_loop(op, got, expected).unwrap_or(got.dtype());
    match op.ulp_bound(loop_dtype) {
        _ if loop_dtype != got.dtype() => {
            let narrow = |t: &Tensor| t.astype(loop_dtype, backends::Casting::Unsafe);
            match (narrow(got), narrow(expected)) {
                (Ok(g), Ok(e)) => match op.ulp_bound(loop_dtype) {
                    Some((n, per_part)) => compare_numpy_ulp(&g, &e, n, per_part),
                    None => compare(&g, &e, op.tol(loop_dtype)),
                },
                _ => compare(got, expected, op.tol(got.dtype())),
            }
        }
        Some((n, per_part)) => compare_numpy_ulp(got, expected, n, per_part),
        None => compare(got, expected, op.tol(got.dtype())),
    }
}

/// The dtype the loop computed in, when narrower than the result's: float32 (complex64) when
/// `got` and `expected` are float64 (complex128) and hold only float32 values (NaN and
/// infinities included), the real dtype for a real loop's complex result; `None` otherwise.
fn narrow_loop(op: &OpInfo, got: &Tensor, expected: &Tensor) -> Option<backends::DType> {
    use backends::DType::{C128, C64, F32, F64};
    // A complex result of an op without complex loops came from a real loop written to a
    // complex out= (`np.arctan2(float32, float32, out=complex64)`), when neither side has an
    // imaginary part.
    let complex_loops = op
        .dtypes
        .iter()
        .any(|(_, ds)| ds.iter().any(|d| d.is_complex()));
    let real_valued = |t: &Tensor| -> bool {
        t.astype(C128, backends::Casting::Unsafe)
            .and_then(|t| t.to_vec::<backends::element::Cf64>())
            .is_ok_and(|v| !v.is_empty() && v.iter().all(|c| c.im == 0.0))
    };
    let complex = matches!(got.dtype(), C64 | C128) && got.dtype() == expected.dtype();
    if complex && !complex_loops && real_valued(got) && real_valued(expected) {
        let real = got.dtype().to_real();
        let (g, e) = (
            got.astype(real, backends::Casting::Unsafe).ok()?,
            expected.astype(real, backends::Casting::Unsafe).ok()?,
        );
        return Some(narrow_loop(op, &g, &e).unwrap_or(real));
    }
    let narrow = match (got.dtype(), expected.dtype()) {
        (F64, F64) => F32,
        (C128, C128) => C64,
        // A float32 result holding only half-precision values came from a float16 (or
        // bfloat16) loop: judged by that dtype's tolerance.
        (F32, F32) => {
            let held_by = |d: backends::DType| {
                let fits = |t: &Tensor| {
                    t.astype(d, backends::Casting::Unsafe)
                        .and_then(|n| n.astype(F32, backends::Casting::Unsafe))
                        .and_then(|b| Ok(b.to_vec::<f32>()? == t.to_vec::<f32>()?))
                        .unwrap_or(false)
                };
                !got.to_vec::<f32>().unwrap_or_default().is_empty() && fits(got) && fits(expected)
            };
            return [backends::DType::F16, backends::DType::BF16]
                .into_iter()
                .find(|&d| held_by(d));
        }
        _ => return None,
    };
    let f32_valued = |t: &Tensor| -> bool {
        let parts: Vec<f64> = match t.dtype() {
            F64 => t.to_vec::<f64>().unwrap_or_default(),
            _ => t
                .astype(C128, backends::Casting::Unsafe)
                .and_then(|t| t.to_vec::<backends::element::Cf64>())
                .unwrap_or_default()
                .into_iter()
                .flat_map(|c| [c.re, c.im])
                .collect(),
        };
        !parts.is_empty()
            && parts
                .iter()
                .all(|&x| x.is_nan() || f64::from(x as f32) == x)
    };
    if !(f32_valued(got) && f32_valued(expected)) {
        return None;
    }
    if narrow == F32 {
        // Perhaps narrower still: a half-precision loop written to a float64 out=.
        let (g, e) = (
            got.astype(F32, backends::Casting::Unsafe).ok()?,
            expected.astype(F32, backends::Casting::Unsafe).ok()?,
        );
        return Some(narrow_loop(op, &g, &e).unwrap_or(F32));
    }
    Some(narrow)
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

pub use opinfo::tolerance::{eps, min_subnormal};

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
