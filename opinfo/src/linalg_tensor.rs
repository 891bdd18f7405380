//! The records of `linalg.tensorinv` (`ind=`) and `linalg.tensorsolve` (`axes=`): tensors
//! that read as well-conditioned square matrices (diagonally dominant ones reshaped), `ind`
//! of 1, 2 and past the dimensions, `axes` moving dimensions to the end, 0-d and empty
//! tensors, and NumPy's errors (`ind <= 0`, shapes that are not square as matrices, axes not
//! in `range(ndim)`). NumPy computes them as `inv` and `solve` of the reshaped matrix, so they
//! compare as those do, on the same reshaping (`linalg_lu`'s bounds).

use crate::kwargs::{self, Kw};
use crate::linalg_hermitian::unary_result_dtype;
use crate::linalg_lu::{
    det_extremal, inv_compare, noncontiguous, record, solve_compare, solve_extremal,
    solve_result_dtype, well,
};
use crate::record::{Domain, Gens, OpInfo};
use crate::rng::Rng;
use crate::samples::{random, ErrorInput, Sample};
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

fn operands(op: &OpInfo, s: &Sample, allowed: &[&str]) -> Result<Vec<Tensor>> {
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} got an unexpected keyword argument '{k}'", op.name),
        });
    }
    if s.args.len() != op.nin {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} takes {} arguments", op.name, op.nin),
        });
    }
    s.args
        .iter()
        .map(|a| backends::linalg::products::operand(op.name, a))
        .collect()
}

fn tensorinv_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let a = operands(op, s, &["ind"])?;
    let ind = kwargs::int(op.name, &s.kwargs, "ind", 2)?;
    a[0].tensorinv(ind).map(|t| vec![t])
}

fn axes_of(s: &Sample) -> Option<Vec<i64>> {
    match kwargs::get(&s.kwargs, "axes") {
        Some(Kw::Ints(v)) => Some(v.clone()),
        Some(Kw::Int(i)) => Some(vec![*i]),
        _ => None,
    }
}

fn tensorsolve_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &["axes"])?;
    let axes = axes_of(s);
    x[0].tensorsolve(&x[1], axes.as_deref()).map(|t| vec![t])
}

/// A well-conditioned `n x n` matrix of `dtype` reshaped to `shape` (`prod(shape) == n^2`).
fn shaped(dtype: DType, shape: &[usize], rng: &mut Rng) -> Tensor {
    let n = (shape.iter().product::<usize>() as f64).sqrt().round() as usize;
    let dims: Vec<isize> = shape.iter().map(|&d| d as isize).collect();
    well(dtype, &[], n, rng)
        .reshape(&dims)
        .expect("a square matrix's elements")
}

fn tensorinv_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let cases: [(&[usize], Option<i64>); 6] = [
        (&[2, 3, 6], None),
        (&[4, 6, 8, 3], Some(2)),
        (&[4, 2, 2], Some(1)),
        (&[3, 3], Some(1)),
        (&[2, 2, 2, 2], Some(3)),
        (&[1, 1], Some(5)),
    ];
    cases
        .iter()
        .map(|&(shape, ind)| {
            let s = Sample::new(
                "sample",
                format!("{shape:?} ind={ind:?}"),
                vec![Arg::Tensor(shaped(dtype, shape, &mut rng))],
            );
            match ind {
                Some(i) => s.kw("ind", Kw::Int(i)),
                None => s,
            }
        })
        .collect()
}

fn tensorsolve_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let pairs: [(&[usize], &[usize]); 4] = [
        (&[2, 3, 6], &[2, 3]),
        (&[2, 2, 2, 2], &[2, 2]),
        (&[3, 3], &[3]),
        (&[6, 2, 3], &[6]),
    ];
    for (a, b) in pairs {
        out.push(Sample::new(
            "sample",
            format!("a {a:?}, b {b:?}"),
            vec![
                Arg::Tensor(shaped(dtype, a, &mut rng)),
                Arg::Tensor(random(dtype, b, &mut rng, Domain::Any)),
            ],
        ));
    }
    // axes=(0,): a's first axis moves to the end, so a (6, 2, 3) reads as (2, 3, 6).
    let base = shaped(dtype, &[2, 3, 6], &mut rng);
    let moved = base
        .permute(Some(&[2, 0, 1]))
        .and_then(|t| t.contiguous())
        .expect("a permutation");
    out.push(
        Sample::new(
            "sample",
            "a (6, 2, 3) with axes=(0,), b (2, 3)",
            vec![
                Arg::Tensor(moved),
                Arg::Tensor(random(dtype, &[2, 3], &mut rng, Domain::Any)),
            ],
        )
        .kw("axes", Kw::Ints(vec![0])),
    );
    // Equal dimensions: the solution takes all of a's shape (Python's -0 slice).
    out.push(Sample::new(
        "sample",
        "a (1, 1), b (1, 1)",
        vec![
            Arg::Tensor(shaped(dtype, &[1, 1], &mut rng)),
            Arg::Tensor(random(dtype, &[1, 1], &mut rng, Domain::Any)),
        ],
    ));
    out
}

fn tensorinv_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let t = |shape: &[usize], rng: &mut Rng| Arg::Tensor(random(dtype, shape, rng, Domain::Any));
    vec![
        ErrorInput {
            sample: Sample::new(
                "error",
                "a 0-d array: reshape(*()) after the inverse",
                vec![Arg::Tensor(shaped(dtype, &[], &mut Rng::new(seed ^ 7)))],
            ),
            expected: ErrorKind::Type,
        },
        ErrorInput {
            sample: Sample::new("error", "ind=0", vec![t(&[2, 2], &mut rng)]).kw("ind", Kw::Int(0)),
            expected: ErrorKind::Value,
        },
        ErrorInput {
            sample: Sample::new("error", "ind=-1", vec![t(&[2, 2], &mut rng)])
                .kw("ind", Kw::Int(-1)),
            expected: ErrorKind::Value,
        },
        ErrorInput {
            sample: Sample::new(
                "error",
                "(2, 3): a 1 x 6 matrix",
                vec![t(&[2, 3], &mut rng)],
            ),
            expected: ErrorKind::LinAlg,
        },
        ErrorInput {
            sample: Sample::new(
                "error",
                "(2, 3, 5) ind=1: a 15 x 2 matrix",
                vec![t(&[2, 3, 5], &mut rng)],
            )
            .kw("ind", Kw::Int(1)),
            expected: ErrorKind::LinAlg,
        },
        ErrorInput {
            sample: Sample::new(
                "error",
                "(2, 0) ind=1: reshape(0, -1)",
                vec![t(&[2, 0], &mut rng)],
            )
            .kw("ind", Kw::Int(1)),
            expected: ErrorKind::Value,
        },
    ]
}

fn tensorsolve_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let mut t = |shape: &[usize]| Arg::Tensor(random(dtype, shape, &mut rng, Domain::Any));
    let err = |what: &str, args: Vec<Arg>, kind| ErrorInput {
        sample: Sample::new("error", what, args),
        expected: kind,
    };
    let bad_axis = err(
        "axes=(-1,) (list.remove)",
        vec![t(&[2, 3, 6]), t(&[2, 3])],
        ErrorKind::Value,
    );
    vec![
        err(
            "a (2, 3, 4), b (2, 3): not square",
            vec![t(&[2, 3, 4]), t(&[2, 3])],
            ErrorKind::LinAlg,
        ),
        err(
            "a (2, 2, 2, 2), b (4,)",
            vec![t(&[2, 2, 2, 2]), t(&[4])],
            ErrorKind::LinAlg,
        ),
        ErrorInput {
            sample: bad_axis.sample.kw("axes", Kw::Ints(vec![-1])),
            ..bad_axis
        },
    ]
}

/// The sample read as NumPy reads it: `a` with `axes` moved to the end.
fn moved(s: &Sample) -> Res<Tensor> {
    let a = s.tensor(0).ok_or("a")?;
    let Some(axes) = axes_of(s) else {
        return Ok(a.clone());
    };
    let mut all: Vec<usize> = (0..a.ndim()).collect();
    for k in axes {
        let pos = all.iter().position(|&x| x as i64 == k).ok_or("an axis")?;
        let k = all.remove(pos);
        all.push(k);
    }
    a.permute(Some(&all)).map_err(|e| e.to_string())
}

fn square(t: &Tensor, n: usize) -> Res<Tensor> {
    t.reshape(&[n as isize, n as isize])
        .map_err(|e| e.to_string())
}

fn tensorinv_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    let a = s.tensor(0).ok_or("a")?;
    let n = (a.numel() as f64).sqrt().round() as usize;
    let sq = Sample::new("square", "", vec![Arg::Tensor(square(a, n)?)]);
    let g: Vec<Tensor> = got.iter().map(|t| square(t, n)).collect::<Res<_>>()?;
    let w: Vec<Tensor> = want.iter().map(|t| square(t, n)).collect::<Res<_>>()?;
    for (x, y) in got.iter().zip(want) {
        if x.shape() != y.shape() {
            return Err(format!("engine {:?}, NumPy {:?}", x.shape(), y.shape()));
        }
    }
    inv_compare(&sq, &g, &w)
}

fn tensorsolve_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    let a = moved(s)?;
    let b = s.tensor(1).ok_or("b")?;
    let n = (a.numel() as f64).sqrt().round() as usize;
    for (x, y) in got.iter().zip(want) {
        if x.shape() != y.shape() {
            return Err(format!("engine {:?}, NumPy {:?}", x.shape(), y.shape()));
        }
    }
    let flat = |t: &Tensor| t.ravel().map_err(|e| e.to_string());
    let sq = Sample::new(
        "square",
        "",
        vec![Arg::Tensor(square(&a, n)?), Arg::Tensor(flat(b)?)],
    );
    let g: Vec<Tensor> = got.iter().map(flat).collect::<Res<_>>()?;
    let w: Vec<Tensor> = want.iter().map(flat).collect::<Res<_>>()?;
    solve_compare(&sq, &g, &w)
}

/// `det`'s extremal matrices and dtype probes with `ind=1`: each an `n x n` matrix to invert.
fn with_ind_one(v: Vec<Sample>) -> Vec<Sample> {
    v.into_iter().map(|s| s.kw("ind", Kw::Int(1))).collect()
}
fn tensorinv_extremal(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    with_ind_one(det_extremal(op, dtype, seed))
}
fn tensorinv_result_dtype(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    with_ind_one(unary_result_dtype(op, dtype, seed))
}

fn gens(
    sample: crate::record::Gen,
    extremal: crate::record::Gen,
    errors: crate::record::ErrorGen,
    result_dtype: crate::record::Gen,
) -> Gens {
    Gens {
        sample,
        noncontiguous,
        broadcasting: sample,
        extremal,
        errors,
        result_dtype,
        extra: Vec::new(),
    }
}

/// The `tensorinv` and `tensorsolve` records.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        record(
            "linalg.tensorinv",
            1,
            tensorinv_call,
            gens(
                tensorinv_samples,
                tensorinv_extremal,
                tensorinv_errors,
                tensorinv_result_dtype,
            ),
            tensorinv_compare,
        ),
        record(
            "linalg.tensorsolve",
            2,
            tensorsolve_call,
            gens(
                tensorsolve_samples,
                solve_extremal,
                tensorsolve_errors,
                solve_result_dtype,
            ),
            tensorsolve_compare,
        ),
    ];
    // tensorsolve ravels b: it takes no stacks, so nothing broadcasts.
    v[1].checks.retain(|t| *t != "broadcasting");
    v
}
