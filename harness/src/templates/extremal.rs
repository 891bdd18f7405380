//! `extremal`: engine values vs NumPy on ±0, ±inf, NaN, subnormals, huge and tiny values, integer limits and domain edges.

use super::values::check_samples;
use super::Ctx;
use crate::outcome::{not_applicable, Outcome};

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let samples = opinfo::samples::extremal(ctx.op, ctx.dtype);
    if samples.is_empty() {
        return not_applicable("no samples of this kind for the op");
    }
    check_samples(ctx, &samples)
}
