//! `identities`: properties of an op's results that hold whatever NumPy returns
//! (`inv(a) @ a == I`, `det(a @ a) == det(a)^2`, `ifft(fft(x)) == x`, Parseval's theorem), each
//! within its algorithm's error bound, checked on the record's `reference` samples. A
//! reference can share a bug with the engine's algorithm (both a faer or a pocketfft port);
//! an identity cannot.

use super::Ctx;
use crate::outcome::{not_applicable, Checker, Outcome};
use reports::DivergenceKind;

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    if ctx.op.identities.is_empty() {
        return not_applicable(format!("{} states no identities", ctx.op.name));
    }
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    let mut held = 0usize;
    for (i, s) in ctx.samples("reference").iter().enumerate() {
        let Some(placed) = ctx.placed(s, i, &mut c) else {
            continue;
        };
        for id in &ctx.op.identities {
            match (id.check)(ctx.op, &placed) {
                Ok(true) => {
                    held += 1;
                    c.record(s, i, Ok(super::values::empty_metrics()));
                }
                Ok(false) => {}
                Err(why) => c.fail(s, i, DivergenceKind::Value, format!("{}: {why}", id.name)),
            }
        }
    }
    if held == 0 && !c.failed() {
        return not_applicable("no sample the identities apply to");
    }
    c.finish()
}
