//! `determinism`: the same op on the same inputs, twice on the trial's device, gives identical
//! bits (NaN payloads aside), including the sample above the CPU's parallel threshold whose
//! chunking must not depend on scheduling. Ops declared nondeterministic
//! (`OpInfo::nondeterministic`) are not applicable.

use super::Ctx;
use crate::compare::identical;
use crate::engine;
use crate::outcome::{not_applicable, Checker, Outcome};
use reports::DivergenceKind;

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    if ctx.op.nondeterministic {
        return not_applicable(format!("{} is declared nondeterministic", ctx.op.name));
    }
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    let mut samples = opinfo::samples::samples(ctx.op, ctx.dtype, ctx.seed);
    samples.extend(opinfo::samples::noncontiguous(ctx.op, ctx.dtype, ctx.seed));
    for (i, s) in samples.iter().enumerate() {
        let placed = match ctx.placed(s, i, &mut c) {
            Some(p) => p.args,
            None => continue,
        };
        match (
            engine::plain(ctx.op.name, &placed),
            engine::plain(ctx.op.name, &placed),
        ) {
            (Ok(a), Ok(b)) => match identical(&b, &a) {
                Ok(m) => c.record(s, i, Ok(m)),
                Err(mut m) => {
                    m.kind = DivergenceKind::Nondeterministic;
                    m.message = format!("second run differs from the first: {}", m.message);
                    c.record(s, i, Err(m))
                }
            },
            (Err(a), Err(b)) if a.kind() == b.kind() => {
                c.record(s, i, Ok(super::values::empty_metrics()))
            }
            (a, b) => c.fail(
                s,
                i,
                DivergenceKind::Nondeterministic,
                format!("first run: {:?}; second run: {:?}", a.err(), b.err()),
            ),
        }
    }
    c.finish()
}
