//! `broadcasting`: engine values vs NumPy on broadcastable shape sets (and a unary op broadcasting into out=).

use super::values::check_samples;
use super::Ctx;
use crate::outcome::{not_applicable, Outcome};

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let samples = opinfo::samples::broadcasting(ctx.op, ctx.dtype, ctx.seed);
    if samples.is_empty() {
        return not_applicable("no samples of this kind for the op");
    }
    check_samples(ctx, &samples)
}
