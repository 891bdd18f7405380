//! `result_dtype`: the engine's result dtypes (from a real call, and for ufuncs also from its
//! resolver) equal NumPy's on the record's `result_dtype` samples — for a ufunc, the trial dtype
//! paired with every dtype and every kind of Python scalar; for a reduction, the trial dtype
//! with every `dtype=` the op takes.
//!
//! bfloat16 is checked by substitution: NumPy is asked with float16 in its place (operands and
//! `dtype=`) and a float16 answer maps back to bfloat16 (the engine's rule: bfloat16 promotes
//! like float16). A pair of bfloat16 and float16 is asked of NumPy/ml_dtypes as is; it raises
//! there, which the declared divergence `bfloat16-float16-promotion` covers. A reduction-family
//! record that says `bf16_native_reference` is asked with bfloat16 itself.

use super::Ctx;
use crate::numpy;
use crate::outcome::{Checker, Outcome, Verdict};
use backends::{Arg, DType, Operand, Tensor};
use opinfo::{Family, Kw, Sample};
use reference::RefError;
use reports::DivergenceKind;

fn ones(d: DType) -> Tensor {
    opinfo::samples::tensor_from_hubs(d, &[2], &[backends::element::Hub::UInt(1); 2])
}

/// The sample with every bfloat16 operand and `dtype=` replaced by float16.
fn as_float16(s: &Sample) -> Sample {
    let sub = |t: &Tensor| {
        if t.dtype() == DType::BF16 {
            t.astype(DType::F16, backends::Casting::Unsafe)
                .expect("any cast is valid unsafe")
        } else {
            t.clone()
        }
    };
    Sample {
        args: s
            .args
            .iter()
            .map(|a| match a {
                Arg::Tensor(t) => Arg::Tensor(sub(t)),
                o => o.clone(),
            })
            .collect(),
        kwargs: s
            .kwargs
            .iter()
            .map(|(k, v)| match v {
                Kw::DType(DType::BF16) => (*k, Kw::DType(DType::F16)),
                Kw::Tensor(t) => (*k, Kw::Tensor(sub(t))),
                o => (*k, o.clone()),
            })
            .collect(),
        ..s.clone()
    }
}

fn dtypes_of(s: &Sample) -> Vec<DType> {
    let mut v: Vec<DType> = s
        .args
        .iter()
        .filter_map(|a| match a {
            Arg::Tensor(t) => Some(t.dtype()),
            Arg::Scalar(_) => None,
        })
        .collect();
    v.extend(s.kwargs.iter().filter_map(|(_, k)| match k {
        Kw::DType(d) => Some(*d),
        _ => None,
    }));
    v
}

/// The dtypes NumPy gives every output of `s`.
fn numpy_dtypes(ctx: &Ctx<'_>, s: &Sample) -> Result<Result<Vec<DType>, String>, RefError> {
    let dtypes = dtypes_of(s);
    let mixed_halves = dtypes.contains(&DType::BF16) && dtypes.contains(&DType::F16);
    // A reduction-family record whose values are asked of real bfloat16 (numpy.fft:
    // ml_dtypes' rules differ from float16's there) is asked its dtypes the same way; a
    // ufunc's stays with the float16 stand-in (its promotion is the engine's rule).
    let native = ctx.op.bf16_native_reference && ctx.op.family != Family::Ufunc;
    if mixed_halves || !dtypes.contains(&DType::BF16) || native {
        return numpy::call_sample(ctx.op, s, false)
            .map(|v| numpy::as_tensors(v).map(|ts| ts.iter().map(|t| t.dtype()).collect()));
    }
    numpy::call_sample(ctx.op, &as_float16(s), false).map(|v| {
        numpy::as_tensors(v).map(|ts| {
            ts.iter()
                .map(|t| match t.dtype() {
                    DType::F16 => DType::BF16,
                    d => d,
                })
                .collect()
        })
    })
}

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let d = ctx.dtype;
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    for (i, s) in ctx.samples("result_dtype").into_iter().enumerate() {
        let called = ctx.place_sample(&s).and_then(|p| ctx.op.call(&p));
        if ctx.op.family == Family::Ufunc {
            let ops: Vec<Operand> = s
                .args
                .iter()
                .map(|a| match a {
                    Arg::Tensor(t) => Operand::Array(t.dtype()),
                    Arg::Scalar(x) => Operand::Scalar(*x),
                })
                .collect();
            let resolved = backends::ufunc(ctx.op.name).map(|u| u.result_dtype(&ops));
            if let (Some(Ok(r)), Ok(t)) = (&resolved, &called) {
                if *r != t[0].dtype() {
                    c.fail(
                        &s,
                        i,
                        DivergenceKind::Dtype,
                        format!("resolver says {r}, the call returned {}", t[0].dtype()),
                    );
                    continue;
                }
            }
        }
        let got = called.map(|ts| ts.iter().map(|t| t.dtype()).collect::<Vec<_>>());
        match (got, numpy_dtypes(ctx, &s)) {
            (_, Err(e @ (RefError::Setup(_) | RefError::Unsupported(_)))) => {
                let mut o = c.finish();
                o.verdict = Verdict::Error(e.to_string());
                return o;
            }
            (Ok(g), Ok(Ok(w))) if g == w => c.record(&s, i, Ok(super::values::empty_metrics())),
            (Ok(g), Ok(Ok(w))) => fail(
                ctx,
                &mut c,
                &s,
                i,
                DivergenceKind::Dtype,
                format!("engine {}, NumPy {}", names(&g), names(&w)),
            ),
            (_, Ok(Err(msg))) => fail(ctx, &mut c, &s, i, DivergenceKind::Dtype, msg),
            (Err(g), Err(e)) if numpy::error_matches(g.kind(), &e) => {
                c.record(&s, i, Ok(super::values::empty_metrics()))
            }
            (Err(g), Err(e)) => fail(
                ctx,
                &mut c,
                &s,
                i,
                DivergenceKind::ErrorKind,
                format!("engine raised {g}; NumPy raised {e}"),
            ),
            (Err(g), Ok(Ok(w))) => fail(
                ctx,
                &mut c,
                &s,
                i,
                DivergenceKind::Dtype,
                format!("engine raised {g}; NumPy gives {}", names(&w)),
            ),
            (Ok(g), Err(e)) => fail(
                ctx,
                &mut c,
                &s,
                i,
                DivergenceKind::Dtype,
                format!("engine gives {}; NumPy raised {e}", names(&g)),
            ),
        }
    }
    if d == DType::BF16 {
        native_bf16(ctx, &mut c);
    }
    c.finish()
}

/// Records a mismatch, unless an argument-selected divergence declares it (a dtype mismatch
/// where one side raised is declared as an error-kind divergence too).
fn fail(ctx: &Ctx<'_>, c: &mut Checker, s: &Sample, i: usize, kind: DivergenceKind, msg: String) {
    let declared = super::values::case_divergence(ctx.op, s, kind).or_else(|| {
        (kind == DivergenceKind::Dtype)
            .then(|| super::values::case_divergence(ctx.op, s, DivergenceKind::ErrorKind))
            .flatten()
    });
    match declared {
        Some(name) if !c.declares(kind) => c.case_divergence(name),
        _ => c.fail(s, i, kind, msg),
    }
}

fn names(ds: &[DType]) -> String {
    ds.iter().map(|d| d.name()).collect::<Vec<_>>().join(", ")
}

/// Besides the float16 stand-in, asks ml_dtypes itself about all-bfloat16 operands: where it
/// answers differently from the engine without a declared divergence, the trial fails.
fn native_bf16(ctx: &Ctx<'_>, c: &mut Checker) {
    let args: Vec<Arg> = (0..ctx.op.nin)
        .map(|_| Arg::Tensor(ones(DType::BF16)))
        .collect();
    let s = ctx
        .op
        .sample("result_dtype", "all bfloat16, asked of ml_dtypes", args);
    let got = ctx.place_sample(&s).and_then(|p| ctx.op.call(&p));
    let want = numpy::call_sample(ctx.op, &s, false);
    match (got, want) {
        (Ok(g), Ok(v)) => match numpy::as_tensors(v) {
            Ok(w) if w.iter().map(|t| t.dtype()).eq(g.iter().map(|t| t.dtype())) => {
                c.record(&s, 99, Ok(super::values::empty_metrics()))
            }
            Ok(w) => c.fail(
                &s,
                99,
                DivergenceKind::Dtype,
                format!(
                    "engine {}, ml_dtypes {}",
                    names(&g.iter().map(|t| t.dtype()).collect::<Vec<_>>()),
                    names(&w.iter().map(|t| t.dtype()).collect::<Vec<_>>())
                ),
            ),
            Err(m) => c.fail(&s, 99, DivergenceKind::Dtype, m),
        },
        (Err(g), Err(e)) if numpy::error_matches(g.kind(), &e) => {
            c.record(&s, 99, Ok(super::values::empty_metrics()))
        }
        (g, w) => c.fail(
            &s,
            99,
            DivergenceKind::Dtype,
            format!(
                "engine {:?}; ml_dtypes {:?}",
                g.map(|t| names(&t.iter().map(|t| t.dtype()).collect::<Vec<_>>())),
                w.err()
            ),
        ),
    }
}
