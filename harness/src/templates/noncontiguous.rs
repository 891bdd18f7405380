//! `noncontiguous`: transposed, stepped, reversed, zero-stride and offset operands give results
//! bit-identical to the same values in contiguous copies.

use super::Ctx;
use crate::compare::identical_outputs;
use crate::outcome::{not_applicable, Checker, Outcome};
use backends::Arg;
use opinfo::Sample;
use reports::DivergenceKind;

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    for (i, s) in ctx.samples("noncontiguous").iter().enumerate() {
        let s = &match ctx.placed(s, i, &mut c) {
            Some(p) => p,
            None => continue,
        };
        let copies: Vec<Arg> = match s
            .args
            .iter()
            .map(|a| match a {
                Arg::Tensor(t) => t.copy().map(Arg::Tensor),
                other => Ok(other.clone()),
            })
            .collect::<backends::Result<_>>()
        {
            Ok(c) => c,
            Err(e) => {
                c.fail(s, i, DivergenceKind::ErrorKind, format!("copy failed: {e}"));
                continue;
            }
        };
        let contiguous = Sample {
            args: copies,
            ..s.clone()
        };
        match (ctx.op.call(s), ctx.op.call(&contiguous)) {
            (Ok(a), Ok(b)) => c.record(s, i, identical_outputs(&a, &b)),
            (Err(a), Err(b)) if a.kind() == b.kind() => {
                c.record(s, i, Ok(super::values::empty_metrics()))
            }
            (a, b) => c.fail(
                s,
                i,
                DivergenceKind::ErrorKind,
                format!("strided: {:?}; contiguous: {:?}", a.err(), b.err()),
            ),
        }
    }
    c.finish()
}
