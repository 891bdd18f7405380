//! `fp_flags`: the floating-point flags (divide by zero, overflow, underflow, invalid) the
//! engine raises for each `reference` and `extremal` sample (with its `out=`) are the ones
//! NumPy raises for it: for the elementwise ufuncs, casts, and every reduction and statistic
//! (a composite such as `np.mean` raises the union of its steps' flags).
//! NumPy's side comes from its errstate 'call' mode (every ufunc call's status bits); the
//! engine's from its own errstate set to warn on everything, read back as warnings. Where
//! flags are raised, both sides then run under errstate raise and must both fail with
//! FloatingPointError. Samples where either side raises an error otherwise are left to the
//! `errors` and value templates.
//!
//! Compared: divide, overflow and invalid, the categories NumPy warns about by default.
//! Underflow is not: NumPy ignores it by default, and whether it is raised depends on which
//! of NumPy's own code paths ran (its AVX-512 SVML loops raise none where glibc's scalar
//! functions raise it for the same subnormal results).
//!
//! On every device: the CPU reads the hardware's flags, CUDA kernels derive them in software
//! (`backends/src/cuda/kernels/common.cuh`, `reduce.cu`). Not bfloat16: the oracle computes it
//! in float32 through ml_dtypes' casts, whose flags are not NumPy's.

use super::values::empty_metrics;
use super::Ctx;
use crate::numpy;
use crate::outcome::{not_applicable, Checker, Outcome};
use backends::fpe::{self, Action, ErrState, FpFlags};
use opinfo::Reference;
use reports::DivergenceKind;

/// The Python callable of a reference, for `_fp_flags` (None for dotted imports: not
/// elementwise NumPy).
fn callable(r: Reference) -> Option<String> {
    match r {
        Reference::Numpy(name) => Some(format!("np.{name}")),
        Reference::Expr(e) => Some(format!("({e})")),
        Reference::Dotted(_) => None,
    }
}

fn show(f: FpFlags) -> String {
    let n = f.names();
    if n.is_empty() {
        "none".into()
    } else {
        n.join(", ")
    }
}

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let Some(f) = callable(ctx.op.reference) else {
        return not_applicable("the reference is not a NumPy function");
    };
    let expr = format!("lambda *a, **k: _fp_flags({f}, *a, **k)");
    let raise_expr = format!("lambda *a, **k: _fp_raise({f}, *a, **k)");
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    let mut samples = ctx.samples("reference");
    samples.extend(ctx.samples("extremal"));
    for (i, s) in samples.iter().enumerate() {
        let Some(placed) = ctx.placed(s, i, &mut c) else {
            continue;
        };
        // With the sample's `out=`: a cast into it raises flags of its own (a float16 `out=`
        // overflows where the float32 sum fits).
        let (args, kw) = numpy::reference_args(ctx.op, &s.args, &s.kwargs, &s.out, false);
        let want = match reference::eval_call(&expr, &args, &kw) {
            Ok(reference::Value::Scalar(backends::PyScalar::Int(bits))) => FpFlags::ALL
                .iter()
                .filter(|(f, _)| bits & i128::from(flag_bit(*f)) != 0)
                .fold(FpFlags::NONE, |a, (f, _)| a.union(*f)),
            Ok(reference::Value::Int(bits)) => FpFlags::ALL
                .iter()
                .filter(|(f, _)| bits & i64::from(flag_bit(*f)) != 0)
                .fold(FpFlags::NONE, |a, (f, _)| a.union(*f)),
            // NumPy raised: the errors and value templates judge that sample.
            Ok(_) | Err(_) => continue,
        };
        fpe::take_warnings();
        let got = fpe::errstate(ErrState::all(Action::Warn), || ctx.op.call(&placed));
        let warned = fpe::take_warnings();
        if got.is_err() {
            continue;
        }
        let got = warned.iter().fold(FpFlags::NONE, |a, w| a.union(w.flag));
        let (got, want) = (compared(got), compared(want));
        if got == want {
            if want.is_empty() {
                c.record(s, i, Ok(empty_metrics()));
                continue;
            }
            // Under errstate raise both sides fail with FloatingPointError.
            let raise = ErrState {
                under: Action::Ignore,
                ..ErrState::all(Action::Raise)
            };
            let engine = fpe::errstate(raise, || ctx.op.call(&placed));
            let numpy = reference::eval_call(&raise_expr, &args, &kw);
            match (engine, numpy) {
                (Err(g), Err(e)) if numpy::error_matches(g.kind(), &e) => {
                    c.record(s, i, Ok(empty_metrics()))
                }
                (g, e) => c.fail(
                    s,
                    i,
                    DivergenceKind::FpFlags,
                    format!(
                        "under errstate raise: engine {:?}, NumPy {:?}",
                        g.err(),
                        e.err()
                    ),
                ),
            }
        } else {
            c.fail(
                s,
                i,
                DivergenceKind::FpFlags,
                format!("engine raised {}; NumPy raised {}", show(got), show(want)),
            );
        }
    }
    c.finish()
}

/// The compared categories of `f` (all but underflow).
fn compared(f: FpFlags) -> FpFlags {
    [FpFlags::DIVIDE, FpFlags::OVERFLOW, FpFlags::INVALID]
        .into_iter()
        .filter(|&x| f.contains(x))
        .fold(FpFlags::NONE, FpFlags::union)
}

/// NumPy's status bit of a flag (`UFUNC_FPE_DIVIDEBYZERO` 1, `OVERFLOW` 2, `UNDERFLOW` 4,
/// `INVALID` 8).
fn flag_bit(f: FpFlags) -> u8 {
    match f {
        FpFlags::DIVIDE => 1,
        FpFlags::OVERFLOW => 2,
        FpFlags::UNDERFLOW => 4,
        _ => 8,
    }
}
