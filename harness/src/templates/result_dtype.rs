//! `result_dtype`: the engine's result dtype (from its resolver and from a real call) equals
//! NumPy's for the trial dtype paired with every dtype and every kind of Python scalar.
//!
//! bfloat16 is checked by substitution: NumPy is asked with float16 in its place and a float16
//! answer maps back to bfloat16 (the engine's rule: bfloat16 promotes like float16). A pair of
//! bfloat16 and float16 is asked of NumPy/ml_dtypes as is; it raises there, which the declared
//! divergence `bfloat16-float16-promotion` covers.

use super::Ctx;
use crate::outcome::{Checker, Outcome, Verdict};
use crate::{engine, numpy};
use backends::{Arg, DType, Operand, PyScalar, Tensor};
use opinfo::samples::Sample;
use reference::RefError;
use reports::DivergenceKind;

fn ones(d: DType) -> Tensor {
    opinfo::samples::tensor_from_hubs(d, &[2], &[backends::element::Hub::UInt(1); 2])
}

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let d = ctx.dtype;
    let mut cases: Vec<Vec<Arg>> = Vec::new();
    match ctx.op.nin {
        1 => cases.push(vec![Arg::Tensor(ones(d))]),
        n => {
            for p in DType::ALL {
                let mut args = vec![Arg::Tensor(ones(d))];
                args.extend((1..n).map(|_| Arg::Tensor(ones(p))));
                cases.push(args);
            }
            for s in [
                PyScalar::Bool(true),
                PyScalar::Int(1),
                PyScalar::Float(1.0),
                PyScalar::Complex(1.0, 0.0),
            ] {
                let mut args = vec![Arg::Tensor(ones(d))];
                args.extend((1..n).map(|_| Arg::Scalar(s)));
                cases.push(args);
            }
        }
    }
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    for (i, args) in cases.into_iter().enumerate() {
        let s = Sample {
            kind: "result_dtype",
            description: describe(&args),
            args,
            out: None,
        };
        let ops: Vec<Operand> = s
            .args
            .iter()
            .map(|a| match a {
                Arg::Tensor(t) => Operand::Array(t.dtype()),
                Arg::Scalar(x) => Operand::Scalar(*x),
            })
            .collect();
        let resolved = backends::ufunc(ctx.op.name).map(|u| u.result_dtype(&ops));
        let called = ctx
            .place_args(&s.args)
            .and_then(|a| engine::plain(ctx.op.name, &a));
        if let (Some(Ok(r)), Ok(t)) = (&resolved, &called) {
            if *r != t.dtype() {
                c.fail(
                    &s,
                    i,
                    DivergenceKind::Dtype,
                    format!("resolver says {r}, the call returned {}", t.dtype()),
                );
                continue;
            }
        }
        let dtypes: Vec<DType> = s
            .args
            .iter()
            .filter_map(|a| {
                if let Arg::Tensor(t) = a {
                    Some(t.dtype())
                } else {
                    None
                }
            })
            .collect();
        let mixed_halves = dtypes.contains(&DType::BF16) && dtypes.contains(&DType::F16);
        let want = if mixed_halves {
            numpy::call(ctx.op, &s.args, None, false)
                .map(|v| numpy::as_tensor(v).map(|t| t.dtype()))
        } else {
            let sub: Vec<Arg> = s
                .args
                .iter()
                .map(|a| match a {
                    Arg::Tensor(t) if t.dtype() == DType::BF16 => Arg::Tensor(ones(DType::F16)),
                    o => o.clone(),
                })
                .collect();
            let had_bf16 = dtypes.contains(&DType::BF16);
            numpy::call(ctx.op, &sub, None, false).map(|v| {
                numpy::as_tensor(v).map(|t| {
                    if had_bf16 && t.dtype() == DType::F16 {
                        DType::BF16
                    } else {
                        t.dtype()
                    }
                })
            })
        };
        match (called, want) {
            (_, Err(e @ (RefError::Setup(_) | RefError::Unsupported(_)))) => {
                let mut o = c.finish();
                o.verdict = Verdict::Error(e.to_string());
                return o;
            }
            (Ok(g), Ok(Ok(w))) if g.dtype() == w => {
                c.record(&s, i, Ok(super::values::empty_metrics()))
            }
            (Ok(g), Ok(Ok(w))) => c.fail(
                &s,
                i,
                DivergenceKind::Dtype,
                format!("engine {}, NumPy {w}", g.dtype()),
            ),
            (_, Ok(Err(msg))) => c.fail(&s, i, DivergenceKind::Dtype, msg),
            (Err(g), Err(e)) if numpy::error_matches(g.kind(), &e) => {
                c.record(&s, i, Ok(super::values::empty_metrics()))
            }
            (Err(g), Err(e)) => c.fail(
                &s,
                i,
                DivergenceKind::ErrorKind,
                format!("engine raised {g}; NumPy raised {e}"),
            ),
            (Err(g), Ok(Ok(w))) => c.fail(
                &s,
                i,
                DivergenceKind::Dtype,
                format!("engine raised {g}; NumPy gives {w}"),
            ),
            (Ok(g), Err(e)) => c.fail(
                &s,
                i,
                DivergenceKind::Dtype,
                format!("engine gives {}; NumPy raised {e}", g.dtype()),
            ),
        }
    }
    if d == DType::BF16 {
        native_bf16(ctx, &mut c);
    }
    c.finish()
}

/// Besides the float16 stand-in, asks ml_dtypes itself about all-bfloat16 operands: where it
/// answers differently from the engine without a declared divergence, the trial fails.
fn native_bf16(ctx: &Ctx<'_>, c: &mut Checker) {
    let args: Vec<Arg> = (0..ctx.op.nin)
        .map(|_| Arg::Tensor(ones(DType::BF16)))
        .collect();
    let s = Sample {
        kind: "result_dtype",
        description: "all bfloat16, asked of ml_dtypes".into(),
        args,
        out: None,
    };
    let got = ctx
        .place_args(&s.args)
        .and_then(|a| engine::plain(ctx.op.name, &a));
    let want = numpy::call(ctx.op, &s.args, None, false);
    match (got, want) {
        (Ok(g), Ok(v)) => match numpy::as_tensor(v) {
            Ok(w) if w.dtype() == g.dtype() => c.record(&s, 99, Ok(super::values::empty_metrics())),
            Ok(w) => c.fail(
                &s,
                99,
                DivergenceKind::Dtype,
                format!("engine {}, ml_dtypes {}", g.dtype(), w.dtype()),
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
            format!("engine {:?}; ml_dtypes {:?}", g.map(|t| t.dtype()), w.err()),
        ),
    }
}

fn describe(args: &[Arg]) -> String {
    args.iter()
        .map(|a| match a {
            Arg::Tensor(t) => t.dtype().name().to_string(),
            Arg::Scalar(s) => format!("python {s:?}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}
