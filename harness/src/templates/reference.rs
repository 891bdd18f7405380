//! `reference`: engine values vs NumPy on samples from 0-d and empty to above the parallel threshold, strided and Python-scalar operands.

use super::values::check_samples;
use super::Ctx;
use crate::outcome::{not_applicable, Outcome};

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let samples = opinfo::samples::samples(ctx.op, ctx.dtype, ctx.seed);
    if samples.is_empty() {
        return not_applicable("no samples of this kind for the op");
    }
    check_samples(ctx, &samples)
}
