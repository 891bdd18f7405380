//! `errors`: error inputs raise the expected kind on the engine and NumPy raises the matching
//! exception class; for a dtype the op does not claim, both refuse it with the op's kind.

use super::values::empty_metrics;
use super::Ctx;
use crate::numpy;
use crate::outcome::{Checker, Outcome};
use backends::{Arg, DType};
use opinfo::rng::Rng;
use opinfo::samples::{random, Sample};
use reports::DivergenceKind;

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let (op, d) = (ctx.op, ctx.dtype);
    let mut c = Checker::new(ctx.seed, ctx.divergence.clone());
    let inputs = if ctx.claimed() {
        (op.gens.errors)(op, d, ctx.seed)
    } else {
        let mut rng = Rng::new(ctx.seed);
        let nd = if d == DType::BF16 { DType::F16 } else { d };
        let args: Vec<Arg> = (0..op.nin)
            .map(|i| Arg::Tensor(random(nd, &[3], &mut rng, op.domain(i))))
            .collect();
        vec![opinfo::samples::ErrorInput {
            sample: op.sample("error", format!("{d} is not accepted"), args),
            expected: op.unsupported_kind,
        }]
    };
    for (i, e) in inputs.iter().enumerate() {
        // The engine runs the trial dtype itself; NumPy runs the bfloat16 stand-in when needed.
        let engine_args: Vec<Arg> = if ctx.claimed() {
            e.sample.args.clone()
        } else {
            let mut rng = Rng::new(ctx.seed);
            (0..op.nin)
                .map(|k| Arg::Tensor(random(d, &[3], &mut rng, op.domain(k))))
                .collect()
        };
        let got = ctx
            .place_sample(&Sample {
                args: engine_args,
                ..e.sample.clone()
            })
            .and_then(|s| op.call(&s));
        let want = numpy::raises(op, &e.sample, true);
        match (got, want) {
            (Err(g), Err(w)) if g.kind() == e.expected && numpy::error_matches(e.expected, &w) => {
                c.record(&e.sample, i, Ok(empty_metrics()))
            }
            // NumPy is the specification: where it refuses the input for another reason than
            // the generator expected (a bool input a quantile refuses before looking at out=),
            // the engine must refuse it the same way.
            (Err(g), Err(w))
                if !numpy::error_matches(e.expected, &w) && numpy::error_matches(g.kind(), &w) =>
            {
                c.record(&e.sample, i, Ok(empty_metrics()))
            }
            // NumPy accepts what the generator thought an error (np.real of a broadcast view of
            // 2**44 elements is a view, allocating nothing): the engine must accept it too.
            (Ok(_), Ok(())) => c.record(&e.sample, i, Ok(empty_metrics())),
            (g, w) => c.fail(
                &e.sample,
                i,
                DivergenceKind::ErrorKind,
                format!(
                    "{}: expected {:?}; engine {}; NumPy {}",
                    e.sample.description,
                    e.expected,
                    g.err()
                        .map(|x| format!("raised {:?}: {x}", x.kind()))
                        .unwrap_or_else(|| "returned a result".into()),
                    w.err()
                        .map(|x| format!("raised {x}"))
                        .unwrap_or_else(|| "returned a result".into())
                ),
            ),
        }
    }
    c.finish()
}
