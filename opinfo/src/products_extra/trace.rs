//! The records of `linalg.trace` and `linalg.diagonal` (the array-API forms, over the last
//! two axes): square, wide and tall matrices, offsets above, below and past the matrix,
//! stacks, empty matrices, one long diagonal, strided views, extremal values on the diagonal;
//! for `trace` every `dtype=` (NumPy's `sum` rules: bool and the small integers accumulate
//! in int64/uint64); NumPy's errors (too few dimensions, a non-integer offset, one past a C
//! int). The diagonal is a view, compared exactly; the trace is the dot product of the
//! diagonal with ones, compared within the dot-product bound ([`crate::dot_bound`]).

use crate::dot_bound::{self, Terms};
use crate::kwargs::{self, Kw};
use crate::lu_bound::stack;
use crate::products::{pairwise_noncontiguous, record, RecordGens};
use crate::record::{OpInfo, Tol};
use crate::rng::Rng;
use crate::samples::{extremal_values, random, tensor_from_hubs, ErrorInput, Sample};
use crate::Domain;
use backends::element::{Cf64, Hub};
use backends::linalg::products::operand;
use backends::ops::view::Slice;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

/// The one array operand, refusing keywords other than `allowed`.
fn array(op: &OpInfo, s: &Sample, allowed: &[&str]) -> Result<Tensor> {
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} got an unexpected keyword argument '{k}'", op.name),
        });
    }
    match &s.args[..] {
        [a] => operand(op.name, a),
        _ => Err(Error::Type {
            op: op.name,
            msg: format!("{} takes 1 positional argument", op.name),
        }),
    }
}

/// `offset=` (absent: 0; a bool is an int to `operator.index`).
fn offset(op: &'static str, s: &Sample) -> Result<i64> {
    match kwargs::get(&s.kwargs, "offset") {
        None => Ok(0),
        Some(Kw::Int(k)) => Ok(*k),
        Some(Kw::Bool(b)) => Ok(i64::from(*b)),
        Some(v) => Err(Error::Type {
            op,
            msg: format!("offset={} is not an integer", kwargs::show(v)),
        }),
    }
}

fn trace_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let a = array(op, s, &["offset", "dtype"])?;
    a.linalg_trace(offset(op.name, s)?, kwargs::dtype(op.name, &s.kwargs)?)
        .map(|t| vec![t])
}

fn diagonal_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let a = array(op, s, &["offset"])?;
    a.linalg_diagonal(offset(op.name, s)?).map(|t| vec![t])
}

/// Shapes and offsets of the samples.
const SHAPES: [(&[usize], i64); 16] = [
    (&[3, 3], 0),
    (&[2, 3], 0),
    (&[3, 2], 0),
    (&[3, 4], 1),
    (&[3, 4], -1),
    (&[4, 3], 2),
    (&[3, 3], 5),
    (&[3, 3], -5),
    (&[2, 3, 4], 1),
    (&[2, 3, 4], -2),
    (&[4, 1, 3], 0),
    (&[0, 3], 0),
    (&[3, 0], 0),
    (&[2, 0, 0], 0),
    (&[1, 1], 0),
    (&[300, 300], 0),
];

fn shaped(dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    SHAPES
        .iter()
        .map(|&(shape, k)| {
            let s = Sample::new(
                "sample",
                format!("{shape:?}"),
                vec![Arg::Tensor(random(dtype, shape, &mut rng, Domain::Any))],
            );
            if k == 0 {
                s
            } else {
                s.kw("offset", Kw::Int(k))
            }
        })
        .collect()
}

fn diagonal_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    shaped(dtype, seed)
}

/// The shapes, then a `[3, 4]` matrix with every `dtype=`.
fn trace_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = shaped(dtype, seed);
    let mut rng = Rng::new(seed ^ 0x7e);
    for &o in &DType::ALL {
        out.push(
            Sample::new(
                "sample",
                "[3, 4]",
                vec![Arg::Tensor(random(dtype, &[3, 4], &mut rng, Domain::Any))],
            )
            .kw("dtype", Kw::DType(o)),
        );
    }
    out
}

/// The strided `[3, 4]` views, and a stepped, reversed stack.
fn noncontiguous(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = pairwise_noncontiguous(op, dtype, seed);
    let mut rng = Rng::new(seed ^ 3);
    let stack = random(dtype, &[4, 3, 5], &mut rng, Domain::Any)
        .slice(&[Slice::step(2), Slice::step(-1), Slice::step(2)])
        .expect("a valid view");
    out.push(
        Sample::new(
            "noncontiguous",
            "stepped stack [::2, ::-1, ::2]",
            vec![Arg::Tensor(stack)],
        )
        .kw("offset", Kw::Int(1)),
    );
    out
}

/// The extremal values on one diagonal (summed together: `inf - inf`, overflow, integer
/// wrapping), and each alone in a stack of 1x1 matrices.
fn extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let v = extremal_values(dtype, Domain::Any);
    let e = v.len();
    let h = if dtype.is_inexact() {
        Hub::Float(1.5)
    } else {
        Hub::Int(3)
    };
    let square: Vec<Hub> = (0..e * e)
        .map(|k| if k / e == k % e { v[k / e] } else { h })
        .collect();
    vec![
        Sample::new(
            "extremal",
            format!("{e} extremal values on a diagonal"),
            vec![Arg::Tensor(tensor_from_hubs(dtype, &[e, e], &square))],
        ),
        Sample::new(
            "extremal",
            format!("{e} 1x1 matrices of extremal values"),
            vec![Arg::Tensor(tensor_from_hubs(dtype, &[e, 1, 1], &v))],
        ),
    ]
}

fn unary_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    vec![Sample::new(
        "result_dtype",
        d.name(),
        vec![Arg::Tensor(random(d, &[2, 3], &mut rng, Domain::Any))],
    )]
}

/// The trial's dtype with no `dtype=` and with each one.
fn trace_result_dtype(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut out = unary_result_dtype(op, d, seed);
    let mut rng = Rng::new(seed ^ 1);
    for &o in &DType::ALL {
        out.push(
            Sample::new(
                "result_dtype",
                format!("{} with dtype={}", d.name(), o.name()),
                vec![Arg::Tensor(random(d, &[2, 3], &mut rng, Domain::Any))],
            )
            .kw("dtype", Kw::DType(o)),
        );
    }
    out
}

fn errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    use ErrorKind::{Overflow, Type, Value};
    let mut rng = Rng::new(seed);
    let mut mk = |what: &str, shape: &[usize], off: Option<Kw>, kind: ErrorKind| {
        let s = Sample::new(
            "error",
            format!("{what}: {shape:?}"),
            vec![Arg::Tensor(random(dtype, shape, &mut rng, Domain::Any))],
        );
        ErrorInput {
            sample: match off {
                Some(k) => s.kw("offset", k),
                None => s,
            },
            expected: kind,
        }
    };
    vec![
        mk("a 1-d array", &[3], None, Value),
        mk("a 0-d array", &[], None, Value),
        mk("a float offset", &[2, 3], Some(Kw::Float(1.5)), Type),
        mk(
            "an offset past a C int",
            &[2, 3],
            Some(Kw::Int(1 << 31)),
            Overflow,
        ),
        mk(
            "an offset before a C int",
            &[2, 3],
            Some(Kw::Int(-(1 << 31) - 1)),
            Overflow,
        ),
        mk(
            "a 1-d array and a float offset",
            &[3],
            Some(Kw::Float(1.0)),
            Type,
        ),
    ]
}

/// Each output element's diagonal, as the dot product of it with ones.
fn trace_terms(s: &Sample, _: &Tensor) -> Res<Terms> {
    let a = s.tensor(0).ok_or("a matrix operand")?;
    let k = match kwargs::get(&s.kwargs, "offset") {
        Some(Kw::Int(k)) => *k,
        _ => 0,
    };
    let (mats, r, c) = stack(a)?;
    let ku = k.unsigned_abs() as usize;
    let (len, first) = if k >= 0 {
        (r.min(c.saturating_sub(ku)), ku)
    } else {
        (r.saturating_sub(ku).min(c), ku * c)
    };
    let rows: Vec<Cf64> = mats
        .iter()
        .flat_map(|m| (0..len).map(move |i| m[first + i * (c + 1)]))
        .collect();
    Ok(Terms {
        rows,
        cols: vec![Cf64::new(1.0, 0.0); len],
        k: len,
        pair: Box::new(|e| (e, 0)),
    })
}

fn trace_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    dot_bound::compare(s, g, w, trace_terms)
}

/// The records.
pub(crate) fn records() -> Vec<OpInfo> {
    let trace = record(
        "linalg.trace",
        1,
        trace_call,
        RecordGens {
            sample: trace_samples,
            noncontiguous,
            broadcasting: None,
            extremal,
            errors,
            result_dtype: trace_result_dtype,
        },
        Some(trace_compare),
        false,
    );
    let mut diagonal = record(
        "linalg.diagonal",
        1,
        diagonal_call,
        RecordGens {
            sample: diagonal_samples,
            noncontiguous,
            broadcasting: None,
            extremal,
            errors,
            result_dtype: unary_result_dtype,
        },
        None,
        false,
    );
    // A view: the same values in every dtype, the half formats too.
    for d in [DType::F16, DType::BF16] {
        diagonal.tol_overrides.push((
            d,
            Tol {
                rtol: 0.0,
                atol: 0.0,
            },
        ));
    }
    vec![trace, diagonal]
}
