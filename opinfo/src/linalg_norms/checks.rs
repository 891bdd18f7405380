//! The error inputs of the norm records, matched to NumPy's exception classes, and the
//! inputs whose result dtypes are compared (every order that decides its own dtype).

use super::inputs::{error, exact, one, rand};
use crate::kwargs::Kw;
use crate::linalg_lu::well;
use crate::record::OpInfo;
use crate::rng::Rng;
use crate::samples::{ErrorInput, Sample};
use backends::{DType, ErrorKind};

use ErrorKind::{Axis, LinAlg, Value};

/// A matrix holding a NaN, for the dtypes that can (the SVD raises on it).
fn nan_matrix(d: DType) -> Option<backends::Tensor> {
    d.is_inexact()
        .then(|| exact(d, &[2, 2], &[f64::NAN, 1.0, 1.0, 1.0]))
}

pub(super) fn vector_norm_errors(_: &OpInfo, d: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let m = rand(d, &[3, 4], &mut rng);
    vec![
        error(
            "axis=2 of a 2-d array",
            m.clone(),
            &[("axis", Kw::Int(2))],
            Axis,
        ),
        error(
            "axis=(0, 0)",
            m.clone(),
            &[("axis", Kw::Ints(vec![0, 0]))],
            Value,
        ),
        error(
            "axis=(0, 5)",
            m.clone(),
            &[("axis", Kw::Ints(vec![0, 5]))],
            Axis,
        ),
        error(
            "ord='fro' of a vector",
            m.clone(),
            &[("ord", Kw::Str("fro"))],
            Value,
        ),
        error(
            "ord='nuc' of a vector",
            m,
            &[("ord", Kw::Str("nuc"))],
            Value,
        ),
        error(
            "ord=-inf of an empty vector",
            rand(d, &[0], &mut rng),
            &[("ord", Kw::Float(f64::NEG_INFINITY))],
            Value,
        ),
        error(
            "ord=-inf along an empty axis",
            rand(d, &[3, 0], &mut rng),
            &[("ord", Kw::Float(f64::NEG_INFINITY)), ("axis", Kw::Int(1))],
            Value,
        ),
        error(
            "axis=0 of a 0-d array",
            rand(d, &[], &mut rng),
            &[("axis", Kw::Int(0))],
            Axis,
        ),
    ]
}

pub(super) fn matrix_norm_errors(_: &OpInfo, d: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let m = rand(d, &[3, 4], &mut rng);
    let mut out = vec![
        error("a 1-d array", rand(d, &[3], &mut rng), &[], Axis),
        error("a 0-d array", rand(d, &[], &mut rng), &[], Axis),
        error("ord=3", m.clone(), &[("ord", Kw::Int(3))], Value),
        error("ord=0", m.clone(), &[("ord", Kw::Int(0))], Value),
        error("ord='x'", m, &[("ord", Kw::Str("x"))], Value),
        error(
            "ord=-1 of a (2, 0) matrix",
            rand(d, &[2, 0], &mut rng),
            &[("ord", Kw::Int(-1))],
            Value,
        ),
        error(
            "ord=-2 of a (2, 0) matrix",
            rand(d, &[2, 0], &mut rng),
            &[("ord", Kw::Int(-2))],
            Value,
        ),
        error(
            "ord=-inf of a (0, 2) matrix",
            rand(d, &[0, 2], &mut rng),
            &[("ord", Kw::Float(f64::NEG_INFINITY))],
            Value,
        ),
    ];
    if let Some(t) = nan_matrix(d) {
        out.push(error(
            "ord=2 of a NaN matrix",
            t.clone(),
            &[("ord", Kw::Int(2))],
            LinAlg,
        ));
        out.push(error(
            "ord='nuc' of a NaN matrix",
            t,
            &[("ord", Kw::Str("nuc"))],
            LinAlg,
        ));
    }
    out
}

pub(super) fn norm_errors(_: &OpInfo, d: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let t = rand(d, &[2, 3, 4], &mut rng);
    let (m, v) = (rand(d, &[3, 4], &mut rng), rand(d, &[5], &mut rng));
    let mut out = vec![
        error(
            "ord=1 of a 3-d array, axis=None",
            t.clone(),
            &[("ord", Kw::Int(1))],
            Value,
        ),
        error(
            "ord=1 of a 0-d array",
            rand(d, &[], &mut rng),
            &[("ord", Kw::Int(1))],
            Value,
        ),
        error(
            "axis=(0, 1, 2)",
            t.clone(),
            &[("axis", Kw::Ints(vec![0, 1, 2]))],
            Value,
        ),
        error("axis=()", t.clone(), &[("axis", Kw::Ints(vec![]))], Value),
        error(
            "ord='fro' of a vector",
            v.clone(),
            &[("ord", Kw::Str("fro"))],
            Value,
        ),
        error(
            "ord='nuc' of a vector",
            v,
            &[("ord", Kw::Str("nuc"))],
            Value,
        ),
        error(
            "ord=3 of a matrix",
            m.clone(),
            &[("ord", Kw::Int(3))],
            Value,
        ),
        error(
            "axis=(0, 0)",
            m.clone(),
            &[("axis", Kw::Ints(vec![0, 0]))],
            Value,
        ),
        error(
            "axis=(0, 5)",
            m.clone(),
            &[("axis", Kw::Ints(vec![0, 5]))],
            Axis,
        ),
        error("axis=5", m, &[("axis", Kw::Int(5))], Axis),
        error(
            "axis=(1, -2), ord=2: duplicate",
            t,
            &[("axis", Kw::Ints(vec![1, -2])), ("ord", Kw::Int(2))],
            Value,
        ),
    ];
    if let Some(t) = nan_matrix(d) {
        out.push(error(
            "ord=-2 of a NaN matrix",
            t,
            &[("ord", Kw::Int(-2))],
            LinAlg,
        ));
    }
    out
}

pub(super) fn matrix_rank_errors(_: &OpInfo, d: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let m = well(d, &[], 3, &mut rng);
    let mut out = vec![
        error(
            "tol and rtol",
            m.clone(),
            &[("tol", Kw::Float(0.5)), ("rtol", Kw::Float(0.5))],
            Value,
        ),
        error(
            "hermitian=True of a 2x3 matrix",
            rand(d, &[2, 3], &mut rng),
            &[("hermitian", Kw::Bool(true))],
            LinAlg,
        ),
        error(
            "a tol that does not broadcast with the stack",
            well(d, &[2], 3, &mut rng),
            &[("tol", Kw::Tensor(exact(DType::F64, &[3], &[1.0, 2.0, 3.0])))],
            Value,
        ),
    ];
    if let Some(t) = nan_matrix(d) {
        out.push(error("a NaN matrix", t, &[], LinAlg));
    }
    out
}

pub(super) fn cond_errors(_: &OpInfo, d: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let m = well(d, &[], 3, &mut rng);
    let mut out = vec![
        error("a 1-d array", rand(d, &[3], &mut rng), &[], LinAlg),
        error("a 0-d array", rand(d, &[], &mut rng), &[], LinAlg),
        error("an empty 1-d array", rand(d, &[0], &mut rng), &[], LinAlg),
        error(
            "a stack of 0x0 matrices",
            rand(d, &[2, 0, 0], &mut rng),
            &[("p", Kw::Int(1))],
            LinAlg,
        ),
        error("a 2x0 matrix", rand(d, &[2, 0], &mut rng), &[], LinAlg),
        error(
            "p=1 of a 2x3 matrix",
            rand(d, &[2, 3], &mut rng),
            &[("p", Kw::Int(1))],
            LinAlg,
        ),
        error("p=3", m.clone(), &[("p", Kw::Int(3))], Value),
        error("p='x'", m, &[("p", Kw::Str("x"))], Value),
    ];
    if let Some(t) = nan_matrix(d) {
        out.push(error("p=None of a NaN matrix", t, &[], LinAlg));
    }
    out
}

/// Ones of `shape` in `d`.
fn ones(d: DType, shape: &[usize]) -> backends::Tensor {
    exact(d, shape, &vec![1.0; shape.iter().product()])
}

fn dtype_samples(d: DType, shape: &[usize], ords: &[(&'static str, Kw)]) -> Vec<Sample> {
    let mut out = vec![one("result_dtype", d.name(), ones(d, shape))];
    for (k, v) in ords {
        out.push(one("result_dtype", d.name(), ones(d, shape)).kw(k, v.clone()));
    }
    out
}

pub(super) fn vector_norm_dtypes(_: &OpInfo, d: DType, _: u64) -> Vec<Sample> {
    dtype_samples(
        d,
        &[2],
        &[
            ("ord", Kw::Int(0)),
            ("ord", Kw::Float(f64::INFINITY)),
            ("ord", Kw::Int(3)),
            ("ord", Kw::Int(1)),
        ],
    )
}

pub(super) fn matrix_norm_dtypes(_: &OpInfo, d: DType, _: u64) -> Vec<Sample> {
    dtype_samples(
        d,
        &[2, 2],
        &[
            ("ord", Kw::Int(1)),
            ("ord", Kw::Int(2)),
            ("ord", Kw::Str("nuc")),
        ],
    )
}

pub(super) fn norm_dtypes(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut out = matrix_norm_dtypes(op, d, seed);
    out.extend(dtype_samples(
        d,
        &[2],
        &[("ord", Kw::Int(0)), ("ord", Kw::Int(3))],
    ));
    out
}

pub(super) fn matrix_rank_dtypes(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    vec![
        one("result_dtype", d.name(), well(d, &[], 2, &mut rng)),
        one("result_dtype", d.name(), ones(d, &[2])),
    ]
}

pub(super) fn cond_dtypes(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let m = well(d, &[], 2, &mut rng);
    vec![
        one("result_dtype", d.name(), m.clone()),
        one("result_dtype", d.name(), m).kw("p", Kw::Int(1)),
    ]
}
