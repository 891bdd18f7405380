//! `determinism`: the same op on the same inputs, twice on the trial's device, gives identical
//! bits (NaN payloads aside), including the sample above the CPU's parallel threshold whose
//! chunking must not depend on scheduling. Ops declared nondeterministic
//! (`OpInfo::nondeterministic`) are not applicable.

use super::Ctx;
use crate::compare::identical_outputs;
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
    let mut samples = ctx.samples("reference");
    samples.extend(ctx.samples("noncontiguous"));
    for (i, s) in samples.iter().enumerate() {
        // Without out=: both runs must produce their own result.
        let placed = match ctx.placed(s, i, &mut c) {
            Some(p) => opinfo::Sample {
                out: Vec::new(),
                ..p
            },
            None => continue,
        };
        match (ctx.op.call(&placed), ctx.op.call(&placed)) {
            (Ok(a), Ok(b)) => match identical_outputs(&b, &a) {
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
