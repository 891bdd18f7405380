//! `dtypes`: the dtypes an op claims on a device are exactly those that work on the engine and
//! that NumPy accepts (bfloat16: as float16). A failure shows the real error and the corrected
//! list of dtypes that do work.

use super::Ctx;
use crate::numpy;
use crate::outcome::{Outcome, Verdict};
use backends::{Arg, DType};
use opinfo::rng::Rng;
use opinfo::samples::random;
use reference::RefError;
use reports::DivergenceKind;

/// The probe operands: 1-d for a ufunc, 2-d for the reduction family (whose two-axis
/// transforms, `fft2`, need two dimensions), the operands of the first sample for matrix
/// functions.
fn args(ctx: &Ctx<'_>, d: DType) -> Vec<Arg> {
    let mut rng = Rng::new(ctx.seed);
    let shape: &[usize] = match ctx.op.family {
        opinfo::Family::Ufunc => &[3],
        opinfo::Family::Reduction => &[2, 3],
        // Matrix functions differ in the shapes they take: the record's first sample's.
        opinfo::Family::Linalg => return super::first_sample_args(ctx.op, d, ctx.seed),
    };
    (0..ctx.op.nin)
        .map(|i| Arg::Tensor(random(d, shape, &mut rng, ctx.op.domain(i))))
        .collect()
}

fn engine_works(ctx: &Ctx<'_>, d: DType) -> Result<(), String> {
    ctx.place_args(&args(ctx, d))
        .and_then(|a| ctx.op.call(&ctx.op.sample("dtypes", "", a)))
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Runs the template.
pub fn run(ctx: &Ctx<'_>) -> Outcome {
    let d = ctx.dtype;
    let claimed = ctx.claimed();
    let works = engine_works(ctx, d);
    // bfloat16 is asked as float16 unless the record's reference runs on real bfloat16.
    let numpy_d = if d == DType::BF16 && !ctx.op.bf16_native_reference {
        DType::F16
    } else {
        d
    };
    let numpy = numpy::call_sample(
        ctx.op,
        &ctx.op.sample("dtypes", "", args(ctx, numpy_d)),
        false,
    );
    let numpy_ok = match &numpy {
        Ok(_) => Ok(()),
        Err(e @ RefError::Python { .. }) => Err(e.to_string()),
        Err(e) => {
            return Outcome {
                verdict: Verdict::Error(e.to_string()),
                metrics: None,
                sample: None,
                samples_checked: 0,
                declared_divergence: None,
                failing: None,
            }
        }
    };
    let verdict = if works.is_ok() == claimed && numpy_ok.is_ok() == claimed {
        Verdict::Pass
    } else {
        let corrected: Vec<&str> = DType::ALL
            .iter()
            .filter(|&&x| engine_works(ctx, x).is_ok())
            .map(|x| x.name())
            .collect();
        Verdict::Fail(
            DivergenceKind::ErrorKind,
            format!(
                "{d}: claimed {claimed}; engine {}; NumPy {}; dtypes that work on the engine: [{}]",
                works.err().unwrap_or_else(|| "works".into()),
                numpy_ok.err().unwrap_or_else(|| "accepts".into()),
                corrected.join(", ")
            ),
        )
    };
    Outcome {
        verdict,
        metrics: None,
        sample: None,
        samples_checked: 1,
        declared_divergence: None,
        failing: None,
    }
}
