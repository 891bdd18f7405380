//! Records of NumPy's keyword elementwise functions that are not ufuncs: `round` (alias
//! `around`), `fix`, `nan_to_num` and `real_if_close`. They take the ufunc family's templates;
//! their generators add the keywords (`decimals=`, `nan=`/`posinf=`/`neginf=`, `tol=`) to the
//! family's samples.

use crate::kwargs::{self, Kw};
use crate::ops::ufunc;
use crate::record::{OpInfo, Reference};
use crate::rng::Rng;
use crate::samples::{self, tensor_from_hubs, Sample};
use backends::element::{Cf64, Hub};
use backends::{Arg, DType, Error, Result, Tensor};
use DType::*;

const ALL: [DType; 15] = DType::ALL;
const REAL: &[DType] = &[
    Bool, I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64,
];

fn arr<'a>(op: &OpInfo, s: &'a Sample) -> Result<&'a Tensor> {
    s.tensor(0).ok_or(Error::Type {
        op: op.name,
        msg: "expected an array operand".into(),
    })
}

fn round(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let d = kwargs::int(op.name, &s.kwargs, "decimals", 0)?;
    arr(op, s)?.round(d, s.out1()).map(|t| vec![t])
}

fn round_method(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let d = kwargs::int(op.name, &s.kwargs, "decimals", 0)?;
    arr(op, s)?.round(d, None).map(|t| vec![t])
}

fn fix(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    arr(op, s)?.fix(s.out1()).map(|t| vec![t])
}

fn optional_float(op: &OpInfo, s: &Sample, name: &str) -> Result<Option<f64>> {
    match kwargs::get(&s.kwargs, name) {
        None | Some(Kw::None) => Ok(None),
        Some(_) => kwargs::float(op.name, &s.kwargs, name, 0.0).map(Some),
    }
}

fn nan_to_num(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let nan = kwargs::float(op.name, &s.kwargs, "nan", 0.0)?;
    let posinf = optional_float(op, s, "posinf")?;
    let neginf = optional_float(op, s, "neginf")?;
    arr(op, s)?.nan_to_num(nan, posinf, neginf).map(|t| vec![t])
}

fn real_if_close(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let tol = kwargs::float(op.name, &s.kwargs, "tol", 100.0)?;
    arr(op, s)?.real_if_close(tol).map(|t| vec![t])
}

/// Every sample of `base` once per keyword set, cycling through `sets` so each sample gets a
/// different one and every set is used.
fn cycle(base: Vec<Sample>, sets: &[&[(&'static str, Kw)]]) -> Vec<Sample> {
    let n = base.len().max(sets.len());
    (0..n)
        .filter_map(|i| {
            let mut s = base.get(i % base.len().max(1))?.clone();
            for (k, v) in sets[i % sets.len()] {
                s = s.kw(k, v.clone());
            }
            Some(s)
        })
        .collect()
}

const DECIMALS: &[&[(&str, Kw)]] = &[
    &[],
    &[("decimals", Kw::Int(1))],
    &[("decimals", Kw::Int(2))],
    &[("decimals", Kw::Int(-1))],
    &[("decimals", Kw::Int(3))],
    &[("decimals", Kw::Int(-2))],
    &[("decimals", Kw::Int(0))],
    &[("decimals", Kw::Int(5))],
    &[("decimals", Kw::Int(-3))],
];

/// `decimals=` far outside the formats' ranges (`10**400` is inf in float64).
const DECIMALS_EXTREME: &[&[(&str, Kw)]] = &[
    &[("decimals", Kw::Int(0))],
    &[("decimals", Kw::Int(2))],
    &[("decimals", Kw::Int(-1))],
    &[("decimals", Kw::Int(20))],
    &[("decimals", Kw::Int(-20))],
    &[("decimals", Kw::Int(400))],
    &[("decimals", Kw::Int(-400))],
];

fn decimals_samples(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    cycle(samples::samples(op, d, seed), DECIMALS)
}
fn decimals_noncontiguous(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    cycle(samples::noncontiguous(op, d, seed), DECIMALS)
}
fn decimals_extremal(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let base = samples::extremal(op, d, seed);
    DECIMALS_EXTREME
        .iter()
        .flat_map(|set| cycle(base.clone(), &[set]))
        .collect()
}

const REPLACEMENTS: &[&[(&str, Kw)]] = &[
    &[],
    &[("nan", Kw::Float(1.5))],
    &[("posinf", Kw::Float(100.0)), ("neginf", Kw::Float(-7.0))],
    &[("nan", Kw::Float(-2.0)), ("posinf", Kw::Float(1e300))],
    &[("neginf", Kw::Int(-3))],
];

fn replacement_samples(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    cycle(samples::samples(op, d, seed), REPLACEMENTS)
}
fn replacement_extremal(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let base = samples::extremal(op, d, seed);
    REPLACEMENTS
        .iter()
        .flat_map(|set| cycle(base.clone(), &[set]))
        .collect()
}

const TOLS: &[&[(&str, Kw)]] = &[
    &[],
    &[("tol", Kw::Float(1e-3))],
    &[("tol", Kw::Float(1000.0))],
    &[("tol", Kw::Float(0.0))],
];

/// Complex inputs whose imaginary parts are all tiny (a few eps of float32 or float64, below
/// and above `tol`), beside the family's samples (where they are not).
fn close_samples(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut out = cycle(samples::samples(op, d, seed), TOLS);
    if d.is_complex() {
        let mut rng = Rng::new(seed ^ 0x5eed);
        let eps = d.to_real().finfo_eps().unwrap_or(f64::EPSILON);
        for scale in [1.0, 50.0, 150.0, 1e4] {
            let v: Vec<Hub> = (0..6)
                .map(|_| {
                    let re = rng.float_in(-4.0, 4.0);
                    let im = rng.float_in(-1.0, 1.0) * scale * eps;
                    Hub::Complex(Cf64::new(re, im))
                })
                .collect();
            let t = tensor_from_hubs(d, &[2, 3], &v);
            for set in TOLS {
                let mut s = Sample::new(
                    "sample",
                    format!("imaginary parts ~{scale} eps"),
                    vec![Arg::Tensor(t.clone())],
                );
                for (k, v) in *set {
                    s = s.kw(k, v.clone());
                }
                out.push(s);
            }
        }
    }
    out
}

/// The records.
pub fn records() -> Vec<OpInfo> {
    let mut round_ = ufunc("round", 1, &ALL).aliases(&["around"]).bf16_native();
    round_.engine = round;
    round_.method = Some(round_method);
    round_.inplace = None;
    round_.variants.inplace = false;
    round_.gens.sample = decimals_samples;
    round_.gens.noncontiguous = decimals_noncontiguous;
    round_.gens.extremal = decimals_extremal;

    let mut fix_ = ufunc("fix", 1, REAL);
    fix_.engine = fix;
    fix_.method = None;
    fix_.inplace = None;
    fix_.variants.method = false;
    fix_.variants.inplace = false;

    let mut nan_to_num_ = ufunc("nan_to_num", 1, &ALL).not_ufunc();
    nan_to_num_.engine = nan_to_num;
    // NumPy knows no finfo for ml_dtypes' bfloat16 and leaves it unchanged (it is not an
    // np.inexact subclass); bfloat16 is a float, so the reference replaces with its own
    // largest magnitudes, computed on the float32 proxy and rounded back (exact).
    nan_to_num_.reference = Reference::Expr(
        "lambda x, **k: (np.nan_to_num(x.astype(np.float32), **{'posinf': \
         float(ml_dtypes.finfo(x.dtype).max), 'neginf': -float(ml_dtypes.finfo(x.dtype).max), \
         **k}).astype(x.dtype) if x.dtype == ml_dtypes.bfloat16 else np.nan_to_num(x, **k))",
    );
    nan_to_num_.bf16_native_reference = true;
    nan_to_num_.gens.sample = replacement_samples;
    nan_to_num_.gens.extremal = replacement_extremal;

    let mut real_if_close_ = ufunc("real_if_close", 1, &ALL).not_ufunc();
    real_if_close_.engine = real_if_close;
    real_if_close_.gens.sample = close_samples;

    // The engine's forms take an array (`x.round(..)`), so no sample passes a Python scalar.
    for op in [
        &mut round_,
        &mut fix_,
        &mut nan_to_num_,
        &mut real_if_close_,
    ] {
        op.scalar_operands = false;
    }
    for op in [&mut fix_, &mut nan_to_num_, &mut real_if_close_] {
        op.method = None;
        op.inplace = None;
        op.variants.method = false;
        op.variants.inplace = false;
    }
    vec![round_, fix_, nan_to_num_, real_if_close_]
}
