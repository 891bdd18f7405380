//! Op-specific inputs of the elementwise records, beside the family's generators in
//! [`crate::samples`]: error inputs (`power`'s negative integer exponent, an int NumPy makes an
//! object array) and samples (`clip`'s out-of-range bounds, `sqrt`'s subnormal complex parts).

use crate::record::{Domain, OpInfo};
use crate::rng::Rng;
use crate::samples::{self, random, ErrorInput, Sample};
use backends::element::{Cf64, Hub};
use backends::{Arg, DType, ErrorKind, PyScalar};

use DType::*;

/// Integer `power` with a negative exponent raises ValueError in NumPy.
pub(crate) fn power_errors(dtype: DType) -> Vec<ErrorInput> {
    if !dtype.is_signed_integer() {
        return Vec::new();
    }
    let mut rng = Rng::new(7);
    let base = random(dtype, &[4], &mut rng, Domain::Any);
    let exp = samples::tensor_from_hubs(
        dtype,
        &[4],
        &[Hub::Int(2), Hub::Int(-1), Hub::Int(0), Hub::Int(1)],
    );
    vec![ErrorInput {
        sample: Sample::new(
            "error",
            "integer power with a negative exponent",
            vec![Arg::Tensor(base), Arg::Tensor(exp)],
        ),
        expected: ErrorKind::Value,
    }]
}

/// A Python int beyond int64 and uint64 alone: `np.asarray` makes it an object array, and the
/// op has no object loop (NumPy raises TypeError; some ops' object loops return Python ints,
/// so only the records that refuse carry this). Once, in the int64 trial: the call holds no
/// array of the trial's dtype.
pub(crate) fn object_int_errors(dtype: DType) -> Vec<ErrorInput> {
    if dtype != I64 {
        return Vec::new();
    }
    [-(1i128 << 63) - 1, 1i128 << 64]
        .into_iter()
        .map(|v| ErrorInput {
            sample: Sample::new(
                "error",
                format!("the Python int {v} alone (an object array)"),
                vec![Arg::Scalar(PyScalar::Int(v))],
            ),
            expected: ErrorKind::Type,
        })
        .collect()
}

/// np.clip's samples, with Python int bounds outside an integer array's range: `_clip` drops
/// a_min <= iinfo.min and a_max >= iinfo.max (no OverflowError, no clipping); an a_min above
/// the range stays and overflows.
pub(crate) fn clip_samples(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = samples::samples(op, dtype, seed);
    let Some((lo, hi)) = dtype.int_range().filter(|_| dtype.is_integer()) else {
        return out;
    };
    let mut rng = Rng::new(seed ^ 0xc11b);
    let int = |v: i128| Arg::Scalar(PyScalar::Int(v));
    let mut arr = || Arg::Tensor(random(dtype, &[5], &mut rng, Domain::Any));
    let cases = [
        (arr(), int(lo - 1), arr()),
        (arr(), arr(), int(hi + 1)),
        (arr(), int(-(1 << 70)), int(1 << 70)),
        (arr(), int(lo - 9), int(hi)),
        (arr(), int(hi + 1), arr()),
        // A dropped a_max beside an a_min above every value of the dtype: NumPy computes
        // maximum(a, a_min) (1e19), not a clip to the dtype's limit.
        (arr(), Arg::Scalar(PyScalar::Float(1e19)), int(hi)),
        (
            arr(),
            Arg::Scalar(PyScalar::Complex(1e19, 1.0)),
            int(hi + 5),
        ),
    ];
    for (a, b, c) in cases {
        let args = vec![a, b, c];
        out.push(Sample::new(
            "sample",
            format!("bounds outside {dtype}: {}", samples::describe(&args)),
            args,
        ));
    }
    out
}

/// sqrt's extremal samples, with complex values whose parts are subnormal or tiny (where
/// csqrt's scaling decides whether `(a + hypot(a, b)) / 2` keeps any bits).
pub(crate) fn sqrt_extremal(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = samples::extremal(op, dtype, seed);
    if dtype != C128 {
        return out;
    }
    let parts = [
        0.0,
        -0.0,
        5e-324,
        -5e-324,
        1.5e-323,
        -7.2e-322,
        1e-320,
        -1.35689636641326e-309,
        1.1125369292536007e-308,
        -2.2250738585072014e-308,
        2.2250738585072014e-308,
        1e-300,
        -1e-200,
        1.0,
        -1.5,
    ];
    let v: Vec<backends::element::Hub> = parts
        .iter()
        .flat_map(|&re| parts.iter().map(move |&im| Hub::Complex(Cf64::new(re, im))))
        .collect();
    out.push(Sample::new(
        "extremal",
        format!("{} complex values with subnormal and tiny parts", v.len()),
        vec![Arg::Tensor(samples::tensor_from_hubs(
            dtype,
            &[v.len()],
            &v,
        ))],
    ));
    out
}
