//! The records of `numpy.fft.fftfreq` and `rfftfreq`: `n` a Python int (even, odd, 1, 0,
//! negative), `d` a 0-d array of the trial's dtype (so its dtype decides how `1 / (n * d)`
//! rounds, and integer `d`s wrap in `n * d` as NumPy's do), zero and negative spacings, and
//! NumPy's errors (a float `n`, a negative `n` for `fftfreq`). Every element is one product of
//! an integer and `val`, each rounded once on both sides: compared exactly.

use crate::linalg_lu::{noncontiguous, record};
use crate::record::{Compare, Gens, OpInfo, Precision, Reference};
use crate::samples::{tensor_from_hubs, ErrorInput, Sample};
use crate::ulp::UlpBound;
use backends::element::Hub;
use backends::{Arg, DType, Error, ErrorKind, PyScalar, Result, Tensor};

/// The engine call: `(n, d)` positional, `n` a Python int.
fn call(op: &OpInfo, s: &Sample, f: fn(i64, &Tensor) -> Result<Tensor>) -> Result<Vec<Tensor>> {
    if let Some((k, _)) = s.kwargs.first() {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} got an unexpected keyword argument '{k}'", op.name),
        });
    }
    match &s.args[..] {
        [Arg::Scalar(PyScalar::Int(n)), Arg::Tensor(d)] => {
            let n = i64::try_from(*n).map_err(|_| Error::TooLarge {
                op: op.name,
                msg: "Python int too large to convert to C long".into(),
            })?;
            f(n, d).map(|t| vec![t])
        }
        // `isinstance(n, int)` fails for a float and for an array alike.
        [_, Arg::Tensor(_)] => Err(Error::Value {
            op: op.name,
            msg: "n should be an integer".into(),
        }),
        _ => Err(Error::Type {
            op: op.name,
            msg: format!("{} takes n (a Python int) and d", op.name),
        }),
    }
}

/// A 0-d `d` of `dtype` holding `v` (bool: `v != 0`; integers: `v` truncated).
fn spacing(dtype: DType, v: f64) -> Tensor {
    let hub = match dtype {
        DType::Bool => Hub::Bool(v != 0.0),
        d if d.is_inexact() => Hub::Float(v),
        d if d.is_signed_integer() => Hub::Int(v as i64),
        _ => Hub::UInt(v.abs() as u64),
    };
    tensor_from_hubs(dtype, &[], &[hub])
}

fn sample(what: String, n: i128, d: Tensor) -> Sample {
    Sample::new(
        "sample",
        what,
        vec![Arg::Scalar(PyScalar::Int(n)), Arg::Tensor(d)],
    )
}

fn samples(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let mut out = Vec::new();
    // Spacings that round differently in each float dtype, and integers.
    let ds: &[f64] = if dtype.is_inexact() {
        &[1.0, 0.1, 0.37, -2.5]
    } else {
        &[1.0, 3.0, 7.0]
    };
    for &d in ds {
        for n in [8i128, 7, 1, 16, 33] {
            out.push(sample(format!("n={n}, d={d}"), n, spacing(dtype, d)));
        }
    }
    // n * d wraps for the narrow integers (NumPy's weak Python int).
    if dtype.is_integer() {
        out.push(sample(
            "n=100, d=7: n * d may wrap".into(),
            100,
            spacing(dtype, 7.0),
        ));
    }
    out.push(sample("n=0".into(), 0, spacing(dtype, 1.0)));
    out
}

/// A zero spacing (inf, and 0 * inf = NaN) and the extremes of the dtype's range.
fn extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let mut out = vec![sample("d=0: val = inf".into(), 6, spacing(dtype, 0.0))];
    if dtype.is_inexact() {
        for (what, v) in [
            ("d=1e-300", 1e-300),
            ("d=1e300", 1e300),
            ("d=65504", 65504.0),
        ] {
            out.push(sample(what.into(), 5, spacing(dtype, v)));
        }
        out.push(sample("d=nan".into(), 4, spacing(dtype, f64::NAN)));
        out.push(sample(
            "d=-inf".into(),
            4,
            spacing(dtype, f64::NEG_INFINITY),
        ));
    }
    out
}

fn errors(op: &OpInfo, dtype: DType, _: u64) -> Vec<ErrorInput> {
    let mut out = vec![ErrorInput {
        sample: Sample::new(
            "error",
            "n=4.0 (a float)",
            vec![
                Arg::Scalar(PyScalar::Float(4.0)),
                Arg::Tensor(spacing(dtype, 1.0)),
            ],
        ),
        expected: ErrorKind::Value,
    }];
    if op.name == "fft.fftfreq" {
        let mut s = sample("n=-3".into(), -3, spacing(dtype, 1.0));
        s.kind = "error";
        out.push(ErrorInput {
            sample: s,
            expected: ErrorKind::Value,
        });
    }
    out
}

fn result_dtype(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    vec![sample(dtype.name().into(), 5, spacing(dtype, 1.0))]
}

/// One record.
fn freq(name: &'static str, engine: crate::record::EngineFn, reference: &'static str) -> OpInfo {
    let mut r = record(
        name,
        2,
        engine,
        Gens {
            sample: samples,
            noncontiguous,
            broadcasting: samples,
            extremal,
            errors,
            result_dtype,
            extra: Vec::new(),
        },
        |_, _, _| Ok(()),
    );
    r.reference = Reference::Expr(reference);
    r.compare = Compare::Tol;
    r.precision = Precision::Ulp(UlpBound::EXACT);
    r.dtypes = vec![("cpu", DType::ALL.to_vec())];
    r.checks
        .retain(|t| !matches!(*t, "broadcasting" | "noncontiguous"));
    r
}

/// The `fftfreq` and `rfftfreq` records.
pub fn records() -> Vec<OpInfo> {
    vec![
        freq(
            "fft.fftfreq",
            |op, s| call(op, s, Tensor::fftfreq),
            "lambda n, d: np.fft.fftfreq(n, d)",
        ),
        freq(
            "fft.rfftfreq",
            |op, s| call(op, s, Tensor::rfftfreq),
            "lambda n, d: np.fft.rfftfreq(n, d)",
        ),
    ]
}
