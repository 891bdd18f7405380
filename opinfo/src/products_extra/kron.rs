//! The record of `kron`: operands of equal and of different dimensions (the smaller
//! prepended with 1s), 0-d and empty ones, one past the engine's parallel threshold, strided
//! views, mixed dtypes and every pair of extremal values. One `multiply` per element, so it
//! compares as `multiply` does (exactly for real results); the only error is a result too
//! big to exist.

use crate::products::{
    from_pairs, mixed, operands, pairwise_noncontiguous, record, single_extremal, t, Pairs,
    RecordGens,
};
use crate::record::OpInfo;
use crate::rng::Rng;
use crate::samples::{random, ErrorInput, Sample};
use crate::Domain;
use backends::{Arg, DType, ErrorKind, Result, Tensor};

fn call(op: &OpInfo, s: &crate::Sample) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &[])?;
    x[0].kron(&x[1]).map(|t| vec![t])
}

fn samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[2, 3], &[3, 2]),
        (&[3], &[4]),
        (&[2, 2], &[3]),
        (&[3], &[2, 2]),
        (&[2, 1, 3], &[2, 2]),
        (&[2, 2, 2], &[2, 3, 1]),
        (&[1, 1], &[1, 1]),
        (&[], &[2, 3]),
        (&[2, 3], &[]),
        (&[], &[]),
        (&[0, 3], &[2, 2]),
        (&[2, 3], &[3, 0]),
        (&[0], &[0]),
        (&[20, 20], &[15, 15]),
    ];
    let mut out = from_pairs("sample", pairs, dtype, seed);
    // Mixed dtypes: int8 (bool for bool, so the product stays bool) and float64 beside the
    // trial's dtype.
    let mut rng = Rng::new(seed ^ 0x6b);
    let small = if dtype == DType::Bool {
        DType::Bool
    } else {
        DType::I8
    };
    for other in [small, DType::F64] {
        out.push(Sample::new(
            "sample",
            format!("{} x {} [2, 2] x [3]", dtype.name(), other.name()),
            vec![
                t(dtype, &[2, 2], &mut rng),
                Arg::Tensor(random(other, &[3], &mut rng, Domain::Any)),
            ],
        ));
    }
    out
}

/// Both operands broadcast views of 2**31 elements: the result would hold 2**62 (NumPy's
/// ValueError "array is too big").
fn errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let mut big = || {
        random(dtype, &[1], &mut rng, Domain::Any)
            .broadcast_to(&[1 << 31])
            .expect("a broadcast view")
    };
    vec![ErrorInput {
        sample: Sample::new(
            "error",
            "a result of 2**62 elements",
            vec![Arg::Tensor(big()), Arg::Tensor(big())],
        ),
        expected: ErrorKind::Value,
    }]
}

fn result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    mixed(d, seed, &[2], &[3], false)
}

/// The record.
pub(crate) fn records() -> Vec<OpInfo> {
    vec![record(
        "kron",
        2,
        call,
        RecordGens {
            sample: samples,
            noncontiguous: pairwise_noncontiguous,
            broadcasting: None,
            extremal: single_extremal,
            errors,
            result_dtype,
        },
        None,
        false,
    )]
}
