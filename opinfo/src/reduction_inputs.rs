//! The reduction family's inputs (PyTorch's `ReductionOpInfo` defaults, test_reductions.py's
//! cases): every sample is one array and keyword arguments, chosen from what the record's
//! [`ReductionInfo`] says the NumPy signature takes.
//!
//! - `reference`: 0-d to above the parallel threshold, axis None / last / first with keepdims,
//!   `where=`, `initial=`, the record's extra keywords, and strided operands;
//! - `axes`: 0-d, 1-d, 3-d and 5-d inputs, every single axis, negative axes, unsorted tuples,
//!   the empty tuple, keepdims both ways; duplicate and out-of-range axes (errors);
//! - `empty`: empty inputs and empty reduced axes (identity or NumPy's error);
//! - `nan_policy`: NaN in some slices, all-NaN slices, NaN beside infinities;
//! - `ties`: repeated values (first occurrence, order statistics);
//! - `dtype_out`: every `dtype=`, `out=` of several dtypes (NumPy decides which are refused);
//! - `noncontiguous`: transposed, stepped, reversed, broadcast and offset 3-d inputs reduced
//!   along the innermost, a middle and the outermost axis;
//! - `accuracy`: 2^20-element float32/float64 inputs (mixed signs and magnitudes; a long
//!   positive run where naive summation drifts) and a 1024 x 1024 input along its strided axis.

use crate::kwargs::Kw;
use crate::record::{OpInfo, ReductionInfo};
use crate::rng::Rng;
use crate::samples::{random, tensor_from_hubs, ErrorInput, Sample};
use backends::element::Hub;
use backends::ops::view::Slice;
use backends::{Arg, DType, ErrorKind, Tensor};

fn info(op: &OpInfo) -> &ReductionInfo {
    op.reduction
        .as_ref()
        .expect("reduction generators run on reduction records")
}

fn one(kind: &'static str, what: impl Into<String>, t: Tensor) -> Sample {
    let what = what.into();
    let d = format!("{what} {:?}", t.shape());
    Sample::new(kind, d, vec![Arg::Tensor(t)])
}

/// `keepdims=True` when the op takes it.
fn keep(op: &OpInfo, s: Sample, on: bool) -> Sample {
    if on && info(op).keepdims && !info(op).cumulative {
        s.kw("keepdims", Kw::Bool(true))
    } else {
        s
    }
}

/// An explicit `axis=None` when the op's default is not None (`add.reduce`), else nothing.
fn axis_none(op: &OpInfo, s: Sample) -> Sample {
    if info(op).axis_none_default {
        s
    } else {
        s.kw("axis", Kw::None)
    }
}

/// A boolean `where=` mask of `shape`, about two thirds true.
fn mask(shape: &[usize], rng: &mut Rng) -> Tensor {
    let n: usize = shape.iter().product();
    let v: Vec<bool> = (0..n).map(|_| rng.uniform() < 0.67).collect();
    Tensor::from_vec(v, shape).expect("mask shape matches")
}

/// A Python scalar `initial=` suited to `dtype` (small, so sums stay in range).
fn initial(dtype: DType) -> Kw {
    match dtype.kind() {
        backends::Kind::Bool => Kw::Scalar(backends::PyScalar::Bool(true)),
        backends::Kind::Int | backends::Kind::UInt => Kw::Int(3),
        _ => Kw::Float(-1.5),
    }
}

/// A 3-d view of shape [2, 3, 4] of kind `which` over fresh random storage.
fn strided3(dtype: DType, which: usize, rng: &mut Rng, op: &OpInfo) -> (Tensor, &'static str) {
    let r = |shape: &[usize], rng: &mut Rng| random(dtype, shape, rng, op.domain(0));
    let all = Slice::step(1);
    let (t, name) = match which % 5 {
        0 => (r(&[4, 3, 2], rng).permute(None), "transposed"),
        1 => (
            r(&[2, 3, 8], rng).slice(&[all, all, Slice::step(2)]),
            "stepped",
        ),
        2 => (
            r(&[2, 3, 4], rng).slice(&[Slice::step(-1), Slice::step(-1), Slice::step(-1)]),
            "reversed",
        ),
        3 => (r(&[1, 3, 4], rng).broadcast_to(&[2, 3, 4]), "broadcast"),
        _ => (
            r(&[3, 4, 5], rng).slice(&[
                Slice::new(Some(1), None, 1),
                Slice::new(Some(1), None, 1),
                Slice::new(Some(1), None, 1),
            ]),
            "offset",
        ),
    };
    (t.expect("strided sample views are valid"), name)
}

/// `reference` samples.
fn samples_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let ri = info(op);
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let shapes: [&[usize]; 5] = [&[], &[7], &[3, 4], &[2, 3, 4], &crate::samples::LARGE];
    for shape in shapes {
        let t = random(dtype, shape, &mut rng, op.domain(0));
        out.push(axis_none(op, one("sample", "axis None", t.clone())));
        if !shape.is_empty() {
            out.push(one("sample", "last axis", t.clone()).kw("axis", Kw::Int(-1)));
            out.push(keep(
                op,
                one("sample", "first axis", t).kw("axis", Kw::Int(0)),
                true,
            ));
        }
    }
    let base = random(dtype, &[3, 4], &mut rng, op.domain(0));
    for kws in (ri.extra_kwargs)(dtype) {
        for axis in [Kw::Int(1), Kw::None] {
            let mut s = one("sample", "extra keywords", base.clone()).kw("axis", axis);
            for (k, v) in kws.iter().cloned() {
                s = s.kw(k, v);
            }
            out.push(s);
        }
    }
    if ri.where_ {
        let mut s = one("sample", "where=", base.clone())
            .kw("axis", Kw::Int(1))
            .kw("where", Kw::Tensor(mask(&[3, 4], &mut rng)));
        if ri.where_needs_initial {
            s = s.kw("initial", initial(dtype));
        }
        out.push(s);
        // A mask broadcast along the reduced axis.
        let mut s = one("sample", "broadcast where=", base.clone())
            .kw("axis", Kw::Int(0))
            .kw("where", Kw::Tensor(mask(&[4], &mut rng)));
        if ri.where_needs_initial {
            s = s.kw("initial", initial(dtype));
        }
        out.push(s);
    }
    if ri.initial {
        out.push(
            one("sample", "initial=", base.clone())
                .kw("axis", Kw::Int(0))
                .kw("initial", initial(dtype)),
        );
    }
    for k in 0..2 {
        let (t, name) = strided3(dtype, k, &mut rng, op);
        out.push(one("sample", name, t).kw("axis", Kw::Int(k as i64)));
    }
    out
}

/// `axes` samples: every axis form on 0-d, 1-d, 3-d and 5-d inputs, and the axis errors.
fn axes_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let ri = info(op);
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let shapes: [&[usize]; 4] = [&[], &[5], &[2, 3, 4], &[2, 1, 3, 2, 2]];
    for (si, shape) in shapes.iter().enumerate() {
        let nd = shape.len() as i64;
        let t = random(dtype, shape, &mut rng, op.domain(0));
        let mk = |what: &str| one("axes", what.to_string(), t.clone());
        out.push(keep(op, mk("axis None").kw("axis", Kw::None), si % 2 == 1));
        for a in 0..nd {
            out.push(keep(op, mk("axis").kw("axis", Kw::Int(a)), a % 2 == 0));
        }
        if nd > 0 {
            out.push(keep(op, mk("negative axis").kw("axis", Kw::Int(-nd)), true));
            out.push(mk("negative axis").kw("axis", Kw::Int(-1)));
            // Out of range: AxisError.
            out.push(mk("out-of-range axis").kw("axis", Kw::Int(nd)));
            out.push(mk("out-of-range axis").kw("axis", Kw::Int(-nd - 1)));
        } else {
            // A 0-d input takes axis 0 and -1 in ufunc reductions (and np.sum, ...).
            out.push(mk("0-d axis 0").kw("axis", Kw::Int(0)));
            out.push(mk("0-d axis 1").kw("axis", Kw::Int(1)));
        }
        // Tuples: unsorted, empty, duplicate (ValueError); int-only ops raise TypeError.
        if nd >= 3 {
            out.push(keep(
                op,
                mk("unsorted tuple").kw("axis", Kw::Ints(vec![nd - 1, 0])),
                true,
            ));
            out.push(mk("unsorted tuple").kw("axis", Kw::Ints(vec![2, 0, -2])));
            out.push(mk("duplicate tuple").kw("axis", Kw::Ints(vec![0, -nd])));
        }
        if ri.tuple_axis || nd == 1 {
            out.push(keep(
                op,
                mk("empty tuple").kw("axis", Kw::Ints(vec![])),
                true,
            ));
            out.push(mk("one-element tuple").kw("axis", Kw::Ints(vec![0.max(nd - 1)])));
        }
    }
    for kws in (ri.extra_kwargs)(dtype) {
        let t = random(dtype, &[2, 3, 4], &mut rng, op.domain(0));
        let mut s = one("axes", "extra keywords", t).kw(
            "axis",
            if ri.tuple_axis {
                Kw::Ints(vec![2, 0])
            } else {
                Kw::Int(1)
            },
        );
        for (k, v) in kws {
            s = s.kw(k, v);
        }
        out.push(keep(op, s, true));
    }
    out
}

/// `empty` samples: empty inputs and empty reduced axes.
fn empty_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let ri = info(op);
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    let cases: [(&[usize], Kw); 7] = [
        (&[0], Kw::None),
        (&[0], Kw::Int(0)),
        (&[3, 0], Kw::Int(1)),
        (&[3, 0], Kw::Int(0)),
        (&[0, 4], Kw::Int(0)),
        (&[0, 4], Kw::Int(-1)),
        (&[2, 0, 3], Kw::Ints(vec![0, 2])),
    ];
    for (shape, axis) in cases {
        if matches!(axis, Kw::Ints(_)) && !ri.tuple_axis {
            continue;
        }
        let t = random(dtype, shape, &mut rng, op.domain(0));
        out.push(keep(
            op,
            one("empty", "empty", t.clone()).kw("axis", axis.clone()),
            false,
        ));
        out.push(keep(op, one("empty", "empty", t).kw("axis", axis), true));
    }
    if !ri.tuple_axis {
        // An int-only signature refuses a tuple before it looks at its axes, on an empty
        // input too (where np.nanargmax skips the NaN check that would test them first).
        let t = random(dtype, &[2, 0], &mut rng, op.domain(0));
        out.push(one("empty", "empty, out-of-range tuple axis", t).kw("axis", Kw::Ints(vec![3])));
    }
    if ri.initial {
        let t = random(dtype, &[3, 0], &mut rng, op.domain(0));
        out.push(
            one("empty", "empty with initial=", t)
                .kw("axis", Kw::Int(1))
                .kw("initial", initial(dtype)),
        );
    }
    if ri.where_ {
        // Every element masked out: an empty slice by where=.
        let t = random(dtype, &[2, 3], &mut rng, op.domain(0));
        let m =
            Tensor::from_vec(vec![false, true, false, false, false, true], &[2, 3]).expect("mask");
        let mut s = one("empty", "masked-out slice", t)
            .kw("axis", Kw::Int(1))
            .kw("where", Kw::Tensor(m));
        if ri.where_needs_initial {
            s = s.kw("initial", initial(dtype));
        }
        out.push(s);
    }
    out
}

/// `nan_policy` samples (float and complex dtypes): NaN in some slices, an all-NaN slice,
/// NaN next to infinities.
fn nan_policy_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    if !dtype.is_inexact() {
        return Vec::new();
    }
    let mut rng = Rng::new(seed);
    let t = random(dtype, &[4, 5], &mut rng, op.domain(0));
    let mut v: Vec<Hub> = backends::with_dtype!(dtype, T, {
        use backends::element::Element;
        t.to_vec::<T>()
            .expect("dtype")
            .into_iter()
            .map(|x| x.to_hub())
            .collect()
    });
    let nan = if dtype.is_complex() {
        Hub::Complex(backends::element::Cf64::new(f64::NAN, 0.0))
    } else {
        Hub::Float(f64::NAN)
    };
    // Row 0: one NaN; row 1: none; row 2: NaN and +inf; row 3: all NaN.
    v[2] = nan;
    v[10] = nan;
    v[12] = Hub::Float(f64::INFINITY);
    for x in &mut v[15..20] {
        *x = nan;
    }
    let t = tensor_from_hubs(dtype, &[4, 5], &v);
    let mut out = Vec::new();
    for axis in [Kw::Int(1), Kw::Int(0), Kw::None] {
        out.push(one("nan_policy", "NaN in slices", t.clone()).kw("axis", axis));
    }
    let col = t.slice(&[Slice::step(1), Slice::new(Some(2), Some(3), 1)]);
    if let Ok(c) = col {
        // Column 2 holds NaN in rows 0 and 3: a strided slice with NaN.
        out.push(one("nan_policy", "strided NaN column", c).kw("axis", Kw::Int(0)));
    }
    out
}

/// `ties` samples: values from a small set, so maxima, minima and order statistics repeat.
fn ties_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let pick = |rng: &mut Rng| match dtype.kind() {
        backends::Kind::Bool => Hub::Bool(rng.next_u64() & 1 == 1),
        backends::Kind::UInt => Hub::UInt(rng.int_in(0, 2) as u64),
        backends::Kind::Int => Hub::Int(rng.int_in(-1, 2)),
        backends::Kind::Float => Hub::Float(rng.int_in(-1, 2) as f64),
        backends::Kind::Complex => Hub::Complex(backends::element::Cf64::new(
            rng.int_in(0, 1) as f64,
            rng.int_in(0, 1) as f64,
        )),
    };
    let v: Vec<Hub> = (0..30).map(|_| pick(&mut rng)).collect();
    let t = tensor_from_hubs(dtype, &[6, 5], &v);
    let flat = tensor_from_hubs(dtype, &[6], &[v[0]; 6]);
    let _ = op;
    vec![
        one("ties", "repeated values", t.clone()).kw("axis", Kw::None),
        one("ties", "repeated values", t.clone()).kw("axis", Kw::Int(0)),
        one("ties", "repeated values", t).kw("axis", Kw::Int(1)),
        one("ties", "all equal", flat).kw("axis", Kw::Int(0)),
    ]
}

/// The shape of the result of reducing `shape` over `axis` (the generators' own arithmetic,
/// not the engine's: an `out=` of this shape is what NumPy accepts).
fn result_shape(
    shape: &[usize],
    axis: Option<usize>,
    keepdims: bool,
    cumulative: bool,
) -> Vec<usize> {
    if cumulative {
        return match axis {
            None => vec![shape.iter().product()],
            Some(_) => shape.to_vec(),
        };
    }
    match (axis, keepdims) {
        (None, false) => vec![],
        (None, true) => vec![1; shape.len()],
        (Some(a), false) => [&shape[..a], &shape[a + 1..]].concat(),
        (Some(a), true) => {
            let mut s = shape.to_vec();
            s[a] = 1;
            s
        }
    }
}

/// `dtype_out` samples: every `dtype=` the op takes, and `out=` of several dtypes and of the
/// result's shape (NumPy decides which casts are refused).
fn dtype_out_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let ri = info(op);
    let mut rng = Rng::new(seed);
    let t = random(dtype, &[3, 4], &mut rng, op.domain(0));
    let mut out = Vec::new();
    if ri.dtype {
        for d in [
            DType::Bool,
            DType::I8,
            DType::U16,
            DType::I64,
            DType::U64,
            DType::F16,
            DType::F32,
            DType::F64,
            DType::C64,
            DType::C128,
        ] {
            out.push(
                one("dtype_out", "dtype=", t.clone())
                    .kw("axis", Kw::Int(1))
                    .kw("dtype", Kw::DType(d)),
            );
        }
    }
    if op.variants.out {
        for d in [
            DType::Bool,
            DType::I8,
            DType::I64,
            DType::F32,
            DType::F64,
            DType::C128,
        ] {
            let shape = result_shape(&[3, 4], Some(1), false, ri.cumulative);
            out.push(
                one("dtype_out", format!("out= {d}"), t.clone())
                    .kw("axis", Kw::Int(1))
                    .with_out(crate::samples::zeros(&shape, d)),
            );
        }
        if dtype.is_complex() {
            // Purely imaginary values (and one zero row) into a bool out=: a complex value is
            // true when either part is non-zero, also where the result lands in out=.
            let c = |re: f64, im: f64| Hub::Complex(backends::element::Cf64::new(re, im));
            let v = [
                c(-0.0, 1.0),
                c(0.0, -2.0),
                c(0.0, 0.5),
                c(0.0, 0.0),
                c(0.0, 0.0),
                c(-0.0, 0.0),
            ];
            let t = tensor_from_hubs(dtype, &[3, 2], &v);
            let shape = result_shape(&[3, 2], Some(1), false, ri.cumulative);
            out.push(
                one("dtype_out", "imaginary values into out= bool", t)
                    .kw("axis", Kw::Int(1))
                    .with_out(crate::samples::zeros(&shape, DType::Bool)),
            );
        }
        // A stepped out= view.
        let shape = result_shape(&[3, 4], Some(0), true, ri.cumulative);
        let wide: Vec<usize> = shape.iter().map(|&n| n * 2).collect();
        let base = random(DType::F64, &wide, &mut rng, op.domain(0));
        let view = base
            .slice(&vec![Slice::step(2); wide.len()])
            .expect("stepped view");
        let mut s = one("dtype_out", "stepped out= float64", t)
            .kw("axis", Kw::Int(0))
            .with_out(view);
        if ri.keepdims && !ri.cumulative {
            s = s.kw("keepdims", Kw::Bool(true));
        }
        out.push(s);
    }
    out
}

/// [`dtype_out_`] and, for float input, its extremal values cast by `dtype=` to the integer
/// dtypes, one value per output (a `[n, 1]` input over axis 1): NaN, ±inf and out-of-range
/// values take NumPy's x86-64 conversions there (cvttsd2si's "integer indefinite", uint64 split
/// at 2^63). Casts are no record of their own; this is where the matrix sees them. Not uint32:
/// NumPy's contiguous SIMD cast to uint32 gives other values for these inputs than its scalar
/// loop, depending on the array's length, which a length-independent cast cannot follow.
fn dtype_out_casts_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = dtype_out_(op, dtype, seed);
    if dtype.is_float() {
        let v = crate::samples::extremal_values(dtype, op.domain(0));
        let t = tensor_from_hubs(dtype, &[v.len(), 1], &v);
        use DType::*;
        for d in [I8, U8, I16, U16, I32, I64, U64] {
            out.push(
                one(
                    "dtype_out",
                    format!("extremal values cast by dtype={d}"),
                    t.clone(),
                )
                .kw("axis", Kw::Int(1))
                .kw("dtype", Kw::DType(d)),
            );
        }
    }
    out
}

/// `noncontiguous` samples: strided 3-d views reduced along the innermost, a middle and the
/// outermost axis, and over everything.
fn noncontiguous_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for k in 0..5 {
        let (t, name) = strided3(dtype, k, &mut rng, op);
        for axis in [Kw::Int(2), Kw::Int(1), Kw::Int(0), Kw::None] {
            out.push(one("noncontiguous", name, t.clone()).kw("axis", axis));
        }
    }
    out
}

/// `extremal` samples: ±0, ±inf, NaN, subnormals, the largest values, integer limits, reduced
/// whole and in pairs.
fn extremal_(op: &OpInfo, dtype: DType, _seed: u64) -> Vec<Sample> {
    let v = crate::samples::extremal_values(dtype, op.domain(0));
    let n = v.len();
    let t = tensor_from_hubs(dtype, &[n], &v);
    let mut out = vec![axis_none(op, one("extremal", "extremal values", t))];
    if n.is_multiple_of(2) {
        let pairs = tensor_from_hubs(dtype, &[n / 2, 2], &v);
        out.push(one("extremal", "extremal pairs", pairs).kw("axis", Kw::Int(1)));
    }
    out
}

/// `result_dtype` samples: the trial dtype alone and with every `dtype=`.
fn result_dtype_(op: &OpInfo, dtype: DType, _seed: u64) -> Vec<Sample> {
    let t = tensor_from_hubs(dtype, &[2], &[Hub::UInt(1); 2]);
    let mut out = vec![axis_none(op, one("result_dtype", dtype.name(), t.clone()))];
    if info(op).dtype {
        for d in DType::ALL {
            out.push(axis_none(
                op,
                one("result_dtype", dtype.name(), t.clone()).kw("dtype", Kw::DType(d)),
            ));
        }
    }
    out
}

/// Prepends the record's base keywords (`q=` ...) to every sample's own, and spells the
/// axis keyword as the record's signature does.
fn based(op: &OpInfo, dtype: DType, v: Vec<Sample>) -> Vec<Sample> {
    let base = (info(op).base_kwargs)(dtype);
    v.into_iter()
        .map(|mut s| {
            let own = std::mem::take(&mut s.kwargs);
            s.kwargs = base.clone();
            s.kwargs.retain(|(k, _)| !own.iter().any(|(o, _)| o == k));
            s.kwargs.extend(own);
            axes_spelling(op, &mut s);
            s
        })
        .collect()
}

/// For a record whose signature says `axes=` (`np.fft.fftn`), the sample's `axis=a` as
/// `axes=(a,)` (a tuple or `None` as it is); a sample that already has `axes=` (from the
/// record's own keyword sets) keeps it and drops `axis=`.
pub fn axes_spelling(op: &OpInfo, s: &mut Sample) {
    if !info(op).axes_keyword {
        return;
    }
    let has_axes = s.kwargs.iter().any(|(k, _)| *k == "axes");
    s.kwargs = std::mem::take(&mut s.kwargs)
        .into_iter()
        .filter_map(|(k, v)| match (k, v) {
            ("axis", _) if has_axes => None,
            ("axis", Kw::Int(a)) => Some(("axes", Kw::Ints(vec![a]))),
            ("axis", v) => Some(("axes", v)),
            kv => Some(kv),
        })
        .collect();
}

/// The public generators: each family generator with the record's base keywords prepended.
macro_rules! based_generators {
    ($($(#[$doc:meta])* $name:ident => $inner:ident;)*) => {
        $(
            $(#[$doc])*
            pub fn $name(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
                based(op, dtype, $inner(op, dtype, seed))
            }
        )*
    };
}

based_generators! {
    /// `reference` samples.
    samples => samples_;
    /// `axes` samples.
    axes => axes_;
    /// `empty` samples.
    empty => empty_;
    /// `nan_policy` samples.
    nan_policy => nan_policy_;
    /// `ties` samples.
    ties => ties_;
    /// `dtype_out` samples.
    dtype_out => dtype_out_;
    /// `dtype_out` samples with float extremes cast by an integer `dtype=`.
    dtype_out_casts => dtype_out_casts_;
    /// `noncontiguous` samples.
    noncontiguous => noncontiguous_;
    /// `extremal` samples.
    extremal => extremal_;
    /// `result_dtype` samples.
    result_dtype => result_dtype_;
    /// `accuracy` samples.
    accuracy => accuracy_;
}

/// `errors`: a wrong `out=` shape (ValueError), then the record's own.
pub fn errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    if op.variants.out {
        let t = random(dtype, &[2, 3], &mut rng, op.domain(0));
        let s = one("error", "out= of shape (5,) for axis 1 of (2, 3)", t)
            .kw("axis", Kw::Int(1))
            .with_out(crate::samples::zeros(&[5], dtype));
        out.push(ErrorInput {
            sample: s,
            expected: ErrorKind::Value,
        });
    }
    let t = random(dtype, &[2, 3], &mut rng, op.domain(0));
    out.push(ErrorInput {
        sample: one("error", "axis 2 of a 2-d input", t).kw("axis", Kw::Int(2)),
        expected: ErrorKind::Axis,
    });
    let base = (info(op).base_kwargs)(dtype);
    for e in &mut out {
        for (k, v) in base.iter().rev() {
            if !e.sample.kwargs.iter().any(|(o, _)| o == k) {
                e.sample.kwargs.insert(0, (k, v.clone()));
            }
        }
    }
    out.extend((op.extra_errors)(dtype));
    for e in &mut out {
        axes_spelling(op, &mut e.sample);
    }
    out
}

/// `accuracy` samples (float32 and float64): 2^20 elements of mixed signs and magnitudes, a
/// long run of positive values near 0.1 (naive summation drifts by ~1% there in float32), a
/// 1024 x 1024 array reduced along its strided axis, and a strided-axis sum that only pairwise
/// lanes get right.
fn accuracy_(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    if !matches!(dtype, DType::F32 | DType::F64) {
        return Vec::new();
    }
    let mut rng = Rng::new(seed);
    let n = 1 << 20;
    let mixed: Vec<Hub> = (0..n)
        .map(|_| {
            let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
            Hub::Float(sign * 10f64.powf(rng.float_in(-3.0, 3.0)))
        })
        .collect();
    let drift: Vec<Hub> = (0..n)
        .map(|_| Hub::Float(0.1 + 0.01 * rng.uniform()))
        .collect();
    let square: Vec<Hub> = (0..n)
        .map(|_| Hub::Float(rng.float_in(-1.0, 1.0) + 0.5))
        .collect();
    vec![
        axis_none(
            op,
            one(
                "accuracy",
                "mixed signs and magnitudes",
                tensor_from_hubs(dtype, &[n], &mixed),
            ),
        ),
        axis_none(
            op,
            one(
                "accuracy",
                "positive run near 0.1",
                tensor_from_hubs(dtype, &[n], &drift),
            ),
        ),
        one(
            "accuracy",
            "strided axis",
            tensor_from_hubs(dtype, &[1024, 1024], &square),
        )
        .kw("axis", Kw::Int(0)),
        // 1.0 then 127 rows just under half an ulp of 1: added to 1.0 one at a time each is
        // lost (a sequential sum stays 1.0, 60 eps from the exact 1 + 127 * 0.495 eps), so
        // only the pairwise lanes along the strided axis keep the answer within its bound.
        one(
            "accuracy",
            "strided axis: 1 then 127 values under half an ulp",
            tensor_from_hubs(dtype, &[128, 4], &tiny_after_one(dtype)),
        )
        .kw("axis", Kw::Int(0)),
    ]
}

/// A [128, 4] array in C order: the first row 1.0, every other row `0.99 * eps / 2` of `d`.
fn tiny_after_one(d: DType) -> Vec<Hub> {
    let eps = if d == DType::F32 {
        f64::from(f32::EPSILON)
    } else {
        f64::EPSILON
    };
    (0..128 * 4)
        .map(|i| Hub::Float(if i < 4 { 1.0 } else { 0.99 * eps / 2.0 }))
        .collect()
}
