//! `out=` of every dtype, for the `variants` template: the function's sample written into an
//! `out=` of each of the 15 dtypes. Whether a dtype is accepted is NumPy's answer (its
//! same-kind rule, asked of NumPy itself, never of the engine's `can_cast`): a narrower
//! dtype of the same kind (int64 into int32, float64 into float16) must succeed and hold
//! NumPy's values, wraparound and rounding included; a refused one must be refused by both
//! with the same error kind and leave the `out=` untouched.

use super::values::{case_divergence as declared, compare_outputs, empty_metrics};
use super::Ctx;
use crate::compare::identical;
use crate::numpy;
use crate::outcome::Checker;
use backends::{DType, Tensor};
use opinfo::samples::Sample;
use opinfo::Family;
use reports::DivergenceKind;

/// Checker indices of these samples: 40 + the out= dtype's position in [`DType::ALL`].
const INDEX: usize = 40;

/// Runs the check on the function's sample `s` whose outputs are `fs`.
pub fn check(ctx: &Ctx<'_>, s: &Sample, fs: &[Tensor], c: &mut Checker) {
    let op = ctx.op;
    for (k, &d) in DType::ALL.iter().enumerate() {
        // The result dtype itself is the `out_variant` check's.
        if fs.iter().all(|f| f.dtype() == d) {
            continue;
        }
        let zeros: Vec<Tensor> = fs
            .iter()
            .map(|f| opinfo::samples::zeros(f.shape(), d))
            .collect();
        let mut with_out = s.clone().with_outs(zeros.clone());
        with_out.description = format!("{} into out= of {d}", s.description);
        let placed: backends::Result<Vec<Tensor>> = zeros.iter().map(|z| ctx.place(z)).collect();
        let out = match placed {
            Ok(o) => o,
            Err(e) => {
                return c.fail(
                    &with_out,
                    INDEX + k,
                    DivergenceKind::Device,
                    format!("placing out=: {e}"),
                )
            }
        };
        let got = op.call(&s.clone().with_outs(out.clone()));
        let want = numpy::call_sample(op, &with_out, true);
        match (got, want) {
            (Ok(_), Ok(v)) => match expected(ctx, s, fs, d, v) {
                Ok(e) => match compare_outputs(op, &with_out, &out, e) {
                    Err(m) if !c.declares(m.kind) && declared(op, &with_out, m.kind).is_some() => {
                        c.case_divergence(declared(op, &with_out, m.kind).expect("just found"))
                    }
                    r => c.record(&with_out, INDEX + k, r),
                },
                Err(m) => c.fail(&with_out, INDEX + k, DivergenceKind::Value, m),
            },
            (Err(g), Err(w)) if numpy::error_matches(g.kind(), &w) => {
                let untouched = out
                    .iter()
                    .zip(&zeros)
                    .try_for_each(|(o, z)| identical(o, z).map(|_| ()));
                match untouched {
                    Ok(()) => c.record(&with_out, INDEX + k, Ok(empty_metrics())),
                    Err(m) => c.fail(
                        &with_out,
                        INDEX + k,
                        DivergenceKind::Value,
                        format!("a refused out= of {d} was written: {}", m.message),
                    ),
                }
            }
            (g, w)
                if !c.declares(DivergenceKind::ErrorKind)
                    && declared(op, &with_out, DivergenceKind::ErrorKind).is_some() =>
            {
                let _ = (g, w);
                c.case_divergence(
                    declared(op, &with_out, DivergenceKind::ErrorKind).expect("just found"),
                )
            }
            (g, w) => c.fail(
                &with_out,
                INDEX + k,
                DivergenceKind::ErrorKind,
                format!(
                    "out= of {d}: engine {}, NumPy {}",
                    g.map(|_| "succeeded".to_string())
                        .unwrap_or_else(|e| format!("refused ({e})")),
                    w.map(|_| "succeeded".to_string())
                        .unwrap_or_else(|e| format!("refused ({e})")),
                ),
            ),
        }
    }
}

/// NumPy's values for an `out=` of `d`, given its out= call's result `v`. The oracle computes
/// a bfloat16 elementwise loop in float32 (numpy.rs), so its out= values would be float32's
/// cast into `d`; the loop's values are instead its function result rounded once to bfloat16,
/// then cast into `d`, as the engine (and ml_dtypes' own bfloat16 loops) compute them. A
/// reduction computes in out='s dtype on both sides, so its out= call is the answer as is.
fn expected(
    ctx: &Ctx<'_>,
    s: &Sample,
    fs: &[Tensor],
    d: DType,
    v: reference::Value,
) -> Result<Vec<Tensor>, String> {
    let bf16_loop = ctx.op.family == Family::Ufunc
        && d != DType::BF16
        && fs.iter().any(|f| f.dtype() == DType::BF16);
    if !bf16_loop {
        let e = numpy::as_tensors(v)?;
        return Ok(e
            .into_iter()
            .map(|t| numpy::round_like_engine(t, d))
            .collect());
    }
    let f = numpy::call_sample(ctx.op, s, true).map_err(|e| format!("NumPy: {e}"))?;
    numpy::as_tensors(f)?
        .into_iter()
        .zip(fs)
        .map(|(t, f)| {
            numpy::round_like_engine(t, f.dtype())
                .astype(d, backends::Casting::Unsafe)
                .map_err(|e| e.to_string())
        })
        .collect()
}
