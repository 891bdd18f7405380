//! The public view ops as records of their own, checked against NumPy like any op:
//! `expand_dims`, `squeeze`, `swapaxes`, `moveaxis`, `broadcast_to`, `reshape` and basic
//! slicing with steps (`a[start:stop:step, ...]`, out-of-range bounds clamped as Python does).
//! Each record's cases are (input shape, keywords), run on contiguous and stepped operands
//! (where `reshape` must copy and the others compose strides) and compared with NumPy; the
//! `noncontiguous` template holds the stepped results to those of contiguous copies.

use crate::kwargs::{self, Kw};
use crate::record::{Domain, EngineFn, OpInfo, Reference, Variants};
use crate::rng::Rng;
use crate::samples::{random, ErrorInput, Sample};
use backends::ops::view::Slice;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

/// One case: the input's shape and the call's keywords.
type Case = (&'static [usize], Vec<(&'static str, Kw)>);

fn ints(v: &[i64]) -> Kw {
    Kw::Ints(v.to_vec())
}

/// The cases NumPy accepts, by op.
fn cases(op: &str) -> Vec<Case> {
    match op {
        "expand_dims" => [0, 1, 2, -1, -3]
            .into_iter()
            .map(|a| (&[2usize, 3][..], vec![("axis", Kw::Int(a))]))
            .chain([(&[][..], vec![("axis", Kw::Int(-1))])])
            .collect(),
        "squeeze" => vec![
            (&[1, 3, 1, 2], vec![]),
            (&[1, 3, 1, 2], vec![("axis", Kw::Int(0))]),
            (&[1, 3, 1, 2], vec![("axis", Kw::Int(-2))]),
            (&[1, 3, 1, 2], vec![("axis", Kw::Int(-4))]),
            (&[], vec![]),
            (&[], vec![("axis", Kw::Int(0))]),
            (&[], vec![("axis", Kw::Int(-1))]),
            (&[1, 0, 1], vec![]),
        ],
        "swapaxes" => [(0, 2), (-1, 0), (1, 1), (2, -3)]
            .into_iter()
            .map(|(a, b)| {
                (
                    &[2usize, 3, 4][..],
                    vec![("axis1", Kw::Int(a)), ("axis2", Kw::Int(b))],
                )
            })
            .collect(),
        "moveaxis" => [(0, -1), (2, 0), (-1, -2), (1, 1)]
            .into_iter()
            .map(|(a, b)| {
                (
                    &[2usize, 3, 4][..],
                    vec![("source", Kw::Int(a)), ("destination", Kw::Int(b))],
                )
            })
            .collect(),
        "broadcast_to" => vec![
            (&[3], vec![("shape", ints(&[2, 3]))]),
            (&[3], vec![("shape", ints(&[4, 1, 3]))]),
            (&[1, 3], vec![("shape", ints(&[5, 3]))]),
            (&[2, 1], vec![("shape", ints(&[2, 0]))]),
            (&[], vec![("shape", ints(&[2, 2]))]),
        ],
        "reshape" => vec![
            (&[2, 3, 4], vec![("shape", ints(&[4, 6]))]),
            (&[2, 3, 4], vec![("shape", ints(&[-1]))]),
            (&[2, 3, 4], vec![("shape", ints(&[2, -1, 3]))]),
            (&[2, 3, 4], vec![("shape", ints(&[1, 24, 1]))]),
            (&[0, 3], vec![("shape", ints(&[3, -1]))]),
            (&[], vec![("shape", ints(&[1, 1]))]),
        ],
        "slice" => [
            ([0, 4, 2], [0, 6, 1]),
            ([-1, -100, -1], [4, 0, -2]),
            ([-100, 100, 3], [100, -100, -3]),
            ([1, 1, 1], [2, 5, 1]),
            ([3, -1, 1], [-2, 1, -1]),
        ]
        .into_iter()
        .map(|(s0, s1)| (&[5usize, 6][..], vec![("s0", ints(&s0)), ("s1", ints(&s1))]))
        .collect(),
        _ => Vec::new(),
    }
}

/// The cases NumPy refuses, with the error kind it raises.
fn error_cases(op: &str) -> Vec<(Case, ErrorKind)> {
    match op {
        "expand_dims" => vec![
            ((&[2, 3], vec![("axis", Kw::Int(3))]), ErrorKind::Axis),
            ((&[2, 3], vec![("axis", Kw::Int(-4))]), ErrorKind::Axis),
        ],
        "squeeze" => vec![
            ((&[1, 3], vec![("axis", Kw::Int(1))]), ErrorKind::Value),
            ((&[1, 3], vec![("axis", Kw::Int(2))]), ErrorKind::Axis),
            ((&[], vec![("axis", Kw::Int(1))]), ErrorKind::Axis),
        ],
        "swapaxes" => vec![(
            (&[2, 3], vec![("axis1", Kw::Int(0)), ("axis2", Kw::Int(2))]),
            ErrorKind::Axis,
        )],
        "moveaxis" => vec![(
            (
                &[2, 3],
                vec![("source", Kw::Int(-3)), ("destination", Kw::Int(0))],
            ),
            ErrorKind::Axis,
        )],
        "broadcast_to" => vec![
            ((&[3], vec![("shape", ints(&[4]))]), ErrorKind::Value),
            ((&[2, 3], vec![("shape", ints(&[3]))]), ErrorKind::Value),
            ((&[3], vec![("shape", ints(&[-1, 3]))]), ErrorKind::Value),
        ],
        "reshape" => vec![
            ((&[2, 3], vec![("shape", ints(&[4, 2]))]), ErrorKind::Value),
            (
                (&[2, 3], vec![("shape", ints(&[-1, -1]))]),
                ErrorKind::Value,
            ),
        ],
        "slice" => vec![(
            (
                &[5, 6],
                vec![("s0", ints(&[0, 4, 0])), ("s1", ints(&[0, 6, 1]))],
            ),
            ErrorKind::Value,
        )],
        _ => Vec::new(),
    }
}

/// An operand of `shape`: contiguous, or a stepped view (every other element of its last
/// axis) holding the same number of elements.
fn operand(dtype: DType, shape: &[usize], rng: &mut Rng, stepped: bool) -> Tensor {
    if !stepped || shape.is_empty() {
        return random(dtype, shape, rng, Domain::Any);
    }
    let mut wide = shape.to_vec();
    let last = wide.len() - 1;
    wide[last] *= 2;
    let mut slices = vec![Slice::step(1); shape.len()];
    slices[last] = Slice::step(2);
    random(dtype, &wide, rng, Domain::Any)
        .slice(&slices)
        .expect("a step of 2 over a doubled axis is valid")
}

fn build(op: &OpInfo, dtype: DType, seed: u64, stepped: bool) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    cases(op.name)
        .into_iter()
        .map(|(shape, kws)| {
            let a = operand(dtype, shape, &mut rng, stepped);
            let what = if stepped { "stepped" } else { "shape" };
            let desc = format!("{what} {shape:?}, {kws:?}");
            kws.into_iter().fold(
                Sample::new("sample", desc, vec![Arg::Tensor(a)]),
                |s, (k, v)| s.kw(k, v),
            )
        })
        .collect()
}

/// Every case on a contiguous and on a stepped operand, both checked against NumPy.
fn samples(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut v = build(op, dtype, seed, false);
    v.extend(build(op, dtype, seed ^ 1, true));
    v
}

fn stepped(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    build(op, dtype, seed, true)
}

fn errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    error_cases(op.name)
        .into_iter()
        .map(|((shape, kws), expected)| {
            let a = random(dtype, shape, &mut rng, Domain::Any);
            let desc = format!("shape {shape:?}, {kws:?}");
            let sample = kws.into_iter().fold(
                Sample::new("error", desc, vec![Arg::Tensor(a)]),
                |s, (k, v)| s.kw(k, v),
            );
            ErrorInput { sample, expected }
        })
        .collect()
}

fn missing(op: &'static str, name: &str) -> Error {
    Error::Type {
        op,
        msg: format!("missing keyword {name}="),
    }
}

fn int(op: &'static str, s: &Sample, name: &str) -> Result<isize> {
    match kwargs::get(&s.kwargs, name) {
        Some(Kw::Int(v)) => Ok(*v as isize),
        _ => Err(missing(op, name)),
    }
}

fn tuple(op: &'static str, s: &Sample, name: &str) -> Result<Vec<i64>> {
    match kwargs::get(&s.kwargs, name) {
        Some(Kw::Ints(v)) => Ok(v.clone()),
        _ => Err(missing(op, name)),
    }
}

fn shape(op: &'static str, s: &Sample) -> Result<Vec<usize>> {
    tuple(op, s, "shape")?
        .into_iter()
        .map(|d| {
            usize::try_from(d).map_err(|_| Error::Value {
                op,
                msg: format!("all elements of broadcast shape must be non-negative, got {d}"),
            })
        })
        .collect()
}

fn slice_of(op: &'static str, s: &Sample, name: &str) -> Result<Slice> {
    match tuple(op, s, name)?.as_slice() {
        &[start, stop, step] => Ok(Slice::new(
            Some(start as isize),
            Some(stop as isize),
            step as isize,
        )),
        _ => Err(missing(op, name)),
    }
}

/// The engine call of every view record.
fn engine(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let name = op.name;
    let a = s.tensor(0).ok_or_else(|| missing(name, "a"))?;
    let r = match name {
        "expand_dims" => a.expand_dims(int(name, s, "axis")?),
        "squeeze" => match kwargs::get(&s.kwargs, "axis") {
            None => a.squeeze(None),
            Some(_) => a.squeeze(Some(int(name, s, "axis")?)),
        },
        "swapaxes" => a.swapaxes(int(name, s, "axis1")?, int(name, s, "axis2")?),
        "moveaxis" => a.moveaxis(int(name, s, "source")?, int(name, s, "destination")?),
        "broadcast_to" => a.broadcast_to(&shape(name, s)?),
        "reshape" => {
            let dims: Vec<isize> = tuple(name, s, "shape")?
                .into_iter()
                .map(|d| d as isize)
                .collect();
            a.reshape(&dims)
        }
        "slice" => a.slice(&[slice_of(name, s, "s0")?, slice_of(name, s, "s1")?]),
        _ => Err(Error::Unsupported {
            op: name,
            msg: "not a view record".into(),
        }),
    }?;
    Ok(vec![r])
}

/// A view record: every dtype on the CPU, results compared exactly (a view moves no bits).
fn view(name: &'static str, reference: Reference, engine: EngineFn) -> OpInfo {
    let mut op = crate::ops::ufunc(name, 1, &DType::ALL).not_ufunc();
    op.reference = reference;
    op.engine = engine;
    op.method = None;
    op.inplace = None;
    op.variants = Variants {
        method: false,
        inplace: false,
        out: false,
    };
    op.dtypes = vec![("cpu", DType::ALL.to_vec())];
    op.scalar_operands = false;
    op.weak_int_overflow = false;
    op.device_ulp = 0.0;
    op.gens.sample = samples;
    op.gens.noncontiguous = stepped;
    op.gens.result_dtype = samples;
    op.gens.errors = errors;
    // The cases carry their own keywords: the generic dtypes probe (a bare [3] input) and
    // extremal values (a view moves bits, whatever they are) do not apply.
    op.checks = vec![
        "reference",
        "result_dtype",
        "noncontiguous",
        "errors",
        "determinism",
    ];
    op
}

/// The view records.
pub fn records() -> Vec<OpInfo> {
    vec![
        view("expand_dims", Reference::Numpy("expand_dims"), engine),
        view("squeeze", Reference::Numpy("squeeze"), engine),
        view("swapaxes", Reference::Numpy("swapaxes"), engine),
        view("moveaxis", Reference::Numpy("moveaxis"), engine),
        view("broadcast_to", Reference::Numpy("broadcast_to"), engine),
        view("reshape", Reference::Numpy("reshape"), engine),
        view(
            "slice",
            Reference::Expr("lambda a, *, s0, s1: a[slice(*s0), slice(*s1)]"),
            engine,
        ),
    ]
}
