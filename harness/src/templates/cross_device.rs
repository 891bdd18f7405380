//! `cross_device`: the accelerator against the CPU engine on the same inputs — reference,
//! strided, broadcast and extremal samples — allowing the op's declared ULP bound
//! (`OpInfo::device_ulp`: 0 for ops both devices compute exactly), or, for a record compared by
//! an error bound (`Compare::Bound`: sums, products), that bound: a device may sum in another
//! fixed order than the CPU (a GPU's reduction tree), and both orders are held to the record's
//! bound around the exact value. NumPy is checked separately by the value templates on the
//! same device; this catches a device diverging from the CPU even where both stay inside
//! NumPy's tolerance.

use super::Ctx;
use crate::compare::{compare_bound, compare_ulp_outputs, each_output};
use crate::outcome::{not_applicable, Checker, Outcome};
use opinfo::record::Compare;
use reports::DivergenceKind;

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    if !ctx.claimed() {
        return not_applicable(format!("{} does not claim {}", ctx.op.name, ctx.dtype));
    }
    let (op, seed) = (ctx.op, ctx.seed);
    let mut samples = Vec::new();
    for t in ["reference", "noncontiguous", "broadcasting", "extremal"] {
        samples.extend(ctx.samples(t));
    }
    let mut c = Checker::new(seed, ctx.divergence.clone());
    for (i, s) in samples.iter().enumerate() {
        // Placed first: a sample's `out=` is written by the CPU call.
        let placed = match ctx.placed(s, i, &mut c) {
            Some(p) => p,
            None => continue,
        };
        let on_device = op.call(&placed);
        let on_cpu = op.call(s);
        match (on_device, on_cpu) {
            (Ok(g), Ok(e)) => {
                let verdict = match op.compare {
                    Compare::Bound { scale, terms } => each_output(&g, &e, |g, e| {
                        super::values::bounds(s, scale, terms, e)
                            .and_then(|b| compare_bound(g, e, &b))
                    }),
                    _ => compare_ulp_outputs(&g, &e, op.device_ulp),
                };
                c.record(s, i, verdict)
            }
            (Err(g), Err(e)) if g.kind() == e.kind() => {
                c.record(s, i, Ok(super::values::empty_metrics()))
            }
            (g, e) => c.fail(
                s,
                i,
                DivergenceKind::ErrorKind,
                format!(
                    "{}: {}; cpu: {}",
                    ctx.device,
                    g.err()
                        .map(|x| format!("raised {x}"))
                        .unwrap_or_else(|| "returned a result".into()),
                    e.err()
                        .map(|x| format!("raised {x}"))
                        .unwrap_or_else(|| "returned a result".into()),
                ),
            ),
        }
    }
    c.finish()
}
