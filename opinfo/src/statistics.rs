//! The statistics records: order statistics (median, quantile and percentile with NumPy's 13
//! methods) and differences (diff, ediff1d). Each is a few lines over the reduction family.

use crate::kwargs::{self, Kw};
use crate::record::{KwSet, OpInfo, ReductionInfo, Reference};
use crate::reduction_inputs as ri;
use crate::samples::Sample;
use backends::ops::reduce::{QuantileArgs, QuantileMethod};
use backends::{Arg, DType, Error, PyScalar, Result, Tensor};

use DType::*;

/// Real dtypes but bool: NumPy's quantiles refuse complex input, and bool because their
/// interpolation subtracts.
const REAL_NO_BOOL: &[DType] = &[I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64];
/// SciPy's logsumexp and entropy records: real dtypes but float16/bfloat16 (not implemented,
/// and strictly expected to fail; complex logsumexp likewise; entropy refuses complex input).
const SCIPY_REAL: &[DType] = &[Bool, I8, U8, I16, U16, I32, U32, I64, U64, F32, F64];
const NO_BOOL: &[DType] = &[
    I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64, C64, C128,
];

/// NumPy's `method=` names for quantiles, in its documentation's order.
pub const METHODS: [&str; 13] = [
    "inverted_cdf",
    "averaged_inverted_cdf",
    "closest_observation",
    "interpolated_inverted_cdf",
    "hazen",
    "weibull",
    "linear",
    "median_unbiased",
    "normal_unbiased",
    "lower",
    "higher",
    "midpoint",
    "nearest",
];

/// `np.median`-like: axis None/int/tuple, out, keepdims.
const MEDIAN: ReductionInfo = ReductionInfo {
    tuple_axis: true,
    axis_none_default: true,
    keepdims: true,
    dtype: false,
    initial: false,
    where_: false,
    where_needs_initial: false,
    cumulative: false,
    ordered: true,
    axes_keyword: false,
    extra_kwargs: crate::record::no_extra_kwargs,
    base_kwargs: crate::record::no_base_kwargs,
};

fn q_fraction(_: DType) -> KwSet {
    vec![("q", Kw::Float(0.37))]
}
fn q_percent(_: DType) -> KwSet {
    vec![("q", Kw::Float(37.0))]
}

fn f64s(v: &[f64]) -> Tensor {
    Tensor::from_vec(v.to_vec(), &[v.len()]).expect("shape matches")
}

/// Every method at a scalar q, an array of q (ends included), a float32 q, and weights.
fn quantile_sets(scale: f64) -> Vec<KwSet> {
    let mut v: Vec<KwSet> = METHODS
        .iter()
        .map(|m| vec![("method", Kw::Str(m))])
        .collect();
    let qs: Vec<f64> = [0.0, 0.25, 0.5, 0.9, 1.0]
        .iter()
        .map(|q| q * scale)
        .collect();
    v.push(vec![("q", Kw::Tensor(f64s(&qs)))]);
    v.push(vec![
        ("q", Kw::Tensor(f64s(&qs))),
        ("method", Kw::Str("nearest")),
    ]);
    let q32 = Tensor::from_vec(vec![(0.5 * scale) as f32], &[1]).expect("shape");
    v.push(vec![("q", Kw::Tensor(q32))]);
    v.push(vec![("q", Kw::Int((scale / 2.0) as i64))]);
    // Weights: positive, of the sample's [3, 4] shape (NumPy allows them with inverted_cdf only).
    let w = Tensor::from_vec(
        vec![1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 1.0, 0.25, 2.0, 1.0, 1.0, 4.0],
        &[3, 4],
    )
    .expect("shape");
    v.push(vec![
        ("method", Kw::Str("inverted_cdf")),
        ("weights", Kw::Tensor(w.clone())),
    ]);
    v
}
fn fraction_sets(_: DType) -> Vec<KwSet> {
    quantile_sets(1.0)
}
fn percent_sets(_: DType) -> Vec<KwSet> {
    quantile_sets(100.0)
}

const QUANTILE: ReductionInfo = ReductionInfo {
    extra_kwargs: fraction_sets,
    base_kwargs: q_fraction,
    ..MEDIAN
};
const PERCENTILE: ReductionInfo = ReductionInfo {
    extra_kwargs: percent_sets,
    base_kwargs: q_percent,
    ..MEDIAN
};

/// `np.diff`: axis an int (default -1), n, prepend, append; the axis is kept (shorter).
fn diff_sets(_: DType) -> Vec<KwSet> {
    vec![
        vec![("n", Kw::Int(2))],
        vec![("n", Kw::Int(0))],
        vec![("n", Kw::Int(5))],
        vec![("prepend", Kw::Int(0))],
        vec![("append", Kw::Float(1.5)), ("n", Kw::Int(2))],
        vec![("prepend", Kw::Tensor(f64s(&[1.0, -1.0, 2.0])))],
    ]
}
const DIFF: ReductionInfo = ReductionInfo {
    tuple_axis: false,
    axis_none_default: false,
    keepdims: false,
    cumulative: true,
    ordered: false,
    extra_kwargs: diff_sets,
    ..MEDIAN
};

/// `np.trapezoid` / `cumulative_trapezoid`: axis an int (default -1), dx; no out or keepdims.
fn trapz_sets(_: DType) -> Vec<KwSet> {
    vec![vec![("dx", Kw::Float(0.5))], vec![("dx", Kw::Int(2))]]
}
const TRAPZ: ReductionInfo = ReductionInfo {
    tuple_axis: false,
    axis_none_default: false,
    keepdims: false,
    ordered: false,
    extra_kwargs: trapz_sets,
    ..MEDIAN
};
fn cumtrapz_sets(_: DType) -> Vec<KwSet> {
    vec![
        vec![("dx", Kw::Float(0.5))],
        vec![("initial", Kw::Int(0))],
        vec![("initial", Kw::Float(0.0)), ("dx", Kw::Int(3))],
    ]
}
const CUMTRAPZ: ReductionInfo = ReductionInfo {
    cumulative: true,
    extra_kwargs: cumtrapz_sets,
    ..TRAPZ
};

/// `np.average`: axis None/int/tuple, keepdims, weights (of the [3, 4] sample's shape, or 1-D
/// along axis 1), returned; no dtype or out.
fn average_sets(_: DType) -> Vec<KwSet> {
    let w = Tensor::from_vec(
        vec![1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 1.0, 0.25, 2.0, 1.0, 1.0, 4.0],
        &[3, 4],
    )
    .expect("shape");
    let w1 = Tensor::from_vec(vec![1i64, 2, 3, 4], &[4]).expect("shape");
    let zero = Tensor::from_vec(vec![1.0, -1.0, 0.0, 0.0], &[4]).expect("shape");
    vec![
        vec![("returned", Kw::Bool(true))],
        vec![("weights", Kw::Tensor(w.clone()))],
        vec![("weights", Kw::Tensor(w)), ("returned", Kw::Bool(true))],
        vec![("weights", Kw::Tensor(w1.clone())), ("axis", Kw::Int(1))],
        vec![
            ("weights", Kw::Tensor(w1.clone())),
            ("axis", Kw::Int(-1)),
            ("returned", Kw::Bool(true)),
            ("keepdims", Kw::Bool(true)),
        ],
        // Weights summing to zero: ZeroDivisionError.
        vec![("weights", Kw::Tensor(zero)), ("axis", Kw::Int(1))],
        // 1-D weights without an axis: TypeError.
        vec![("weights", Kw::Tensor(w1))],
    ]
}
const AVERAGE: ReductionInfo = ReductionInfo {
    ordered: false,
    extra_kwargs: average_sets,
    ..MEDIAN
};

/// `scipy.special.logsumexp`: axis None/int/tuple, keepdims; no dtype or out.
const LOGSUMEXP: ReductionInfo = ReductionInfo {
    ordered: false,
    ..MEDIAN
};

/// `scipy.stats.entropy`: axis an int (default 0), None or a tuple; base; qk.
fn entropy_sets(_: DType) -> Vec<KwSet> {
    let qk = Tensor::from_vec(
        vec![0.5, 2.0, 1.0, 1.0, 3.0, 0.25, 1.0, 2.0, 2.0, 1.0, 1.0, 4.0],
        &[3, 4],
    )
    .expect("shape");
    vec![
        vec![("base", Kw::Float(2.0))],
        vec![("base", Kw::Int(10))],
        vec![("qk", Kw::Tensor(qk.clone()))],
        vec![
            ("qk", Kw::Tensor(qk)),
            ("base", Kw::Float(2.0)),
            ("axis", Kw::Int(1)),
        ],
    ]
}
const ENTROPY: ReductionInfo = ReductionInfo {
    axis_none_default: false,
    keepdims: false,
    ordered: false,
    extra_kwargs: entropy_sets,
    ..MEDIAN
};

/// The int axis of `trapezoid`-like functions; `axis=None` indexes a list of slices.
fn int_axis(op: &OpInfo, s: &Sample) -> Result<isize> {
    kwargs::axis_int(op.name, &s.kwargs, Some(-1))?.ok_or(Error::Type {
        op: op.name,
        msg: "list indices must be integers or slices, not NoneType".into(),
    })
}

fn arr<'a>(op: &OpInfo, s: &'a Sample) -> Result<&'a Tensor> {
    s.tensor(0).ok_or(Error::Type {
        op: op.name,
        msg: "the first argument must be an array".into(),
    })
}

/// A keyword that is an array or a Python scalar, as an engine argument.
fn arg(op: &'static str, s: &Sample, name: &str) -> Result<Option<Arg>> {
    Ok(match kwargs::get(&s.kwargs, name) {
        None | Some(Kw::None) => None,
        Some(Kw::Tensor(t)) => Some(Arg::Tensor(t.clone())),
        Some(Kw::Int(i)) => Some(Arg::Scalar(PyScalar::Int(*i as i128))),
        Some(Kw::Float(x)) => Some(Arg::Scalar(PyScalar::Float(*x))),
        Some(Kw::Bool(b)) => Some(Arg::Scalar(PyScalar::Bool(*b))),
        Some(Kw::Scalar(x)) => Some(Arg::Scalar(*x)),
        Some(v) => {
            return Err(Error::Type {
                op,
                msg: format!("{name}={v:?} has the wrong type"),
            })
        }
    })
}

/// A `TypeError` for a keyword NumPy's function does not take.
pub(crate) fn only(op: &'static str, s: &Sample, allowed: &[&str]) -> Result<()> {
    match s.kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        None => Ok(()),
        Some((k, _)) => Err(Error::Type {
            op,
            msg: format!("{op}() got an unexpected keyword argument '{k}'"),
        }),
    }
}

fn quantile_args(op: &OpInfo, s: &Sample) -> Result<(Arg, QuantileArgs)> {
    only(op.name, s, &["q", "axis", "keepdims", "method", "weights"])?;
    let q = arg(op.name, s, "q")?.ok_or(Error::Type {
        op: op.name,
        msg: "missing required argument 'q'".into(),
    })?;
    let method = match kwargs::get(&s.kwargs, "method") {
        None => QuantileMethod::default(),
        Some(Kw::Str(m)) => QuantileMethod::parse(op.name, m)?,
        Some(v) => {
            return Err(Error::Type {
                op: op.name,
                msg: format!("method={v:?} has the wrong type"),
            })
        }
    };
    Ok((
        q,
        QuantileArgs {
            axis: kwargs::axis(op.name, &s.kwargs, backends::ops::reduce::Axis::All)?,
            keepdims: kwargs::flag(op.name, &s.kwargs, "keepdims")?,
            out: s.out1().cloned(),
            method,
            weights: kwargs::tensor(op.name, &s.kwargs, "weights")?,
        },
    ))
}

fn v1(t: Tensor) -> Vec<Tensor> {
    vec![t]
}

/// Quantile error inputs: q out of range, an unknown method, weights with another method.
fn quantile_errors(scale: f64) -> Vec<crate::samples::ErrorInput> {
    let a = Tensor::from_vec(vec![1.0f64, 3.0, 2.0, 5.0], &[4]).expect("shape");
    let mk = |what: &str, kws: KwSet| {
        let mut s = Sample::new("error", what, vec![Arg::Tensor(a.clone())]);
        for (k, v) in kws {
            s = s.kw(k, v);
        }
        crate::samples::ErrorInput {
            sample: s,
            expected: backends::ErrorKind::Value,
        }
    };
    vec![
        mk("q above the range", vec![("q", Kw::Float(1.5 * scale))]),
        mk("q below the range", vec![("q", Kw::Float(-0.1 * scale))]),
        mk(
            "unknown method",
            vec![("q", Kw::Float(0.5 * scale)), ("method", Kw::Str("bogus"))],
        ),
        mk(
            "weights with the linear method",
            vec![
                ("q", Kw::Float(0.5 * scale)),
                ("weights", Kw::Tensor(f64s(&[1.0, 1.0, 2.0, 1.0]))),
            ],
        ),
    ]
}
/// median's: a NaN into an out= of the wrong shape and of a dtype the NaN cannot be copied
/// into: NumPy computes into out= (shape checked, a ValueError) before its NaN check would
/// refuse the cast.
fn median_errors(dtype: DType) -> Vec<crate::samples::ErrorInput> {
    if !dtype.is_inexact() {
        return Vec::new();
    }
    let v: Vec<backends::element::Hub> = [f64::NAN, 1.0, 2.5, -3.0, 0.5, 4.0]
        .into_iter()
        .map(backends::element::Hub::Float)
        .collect();
    let a = crate::samples::tensor_from_hubs(dtype, &[2, 3], &v);
    let s = Sample::new(
        "error",
        "a NaN into a bool out= of the wrong shape",
        vec![Arg::Tensor(a)],
    )
    .kw("axis", Kw::Int(1))
    .with_out(crate::samples::zeros(&[5], DType::Bool));
    vec![crate::samples::ErrorInput {
        sample: s,
        expected: backends::ErrorKind::Value,
    }]
}
fn fraction_errors(_: DType) -> Vec<crate::samples::ErrorInput> {
    quantile_errors(1.0)
}
fn percent_errors(_: DType) -> Vec<crate::samples::ErrorInput> {
    quantile_errors(100.0)
}

/// `ediff1d`'s own samples: no axis, `to_end` / `to_begin` scalars and arrays.
fn ediff1d_samples(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = crate::rng::Rng::new(seed);
    let mut out = Vec::new();
    for shape in [&[][..], &[1], &[6], &[3, 4], &[0]] {
        let t = crate::samples::random(dtype, shape, &mut rng, op.domain(0));
        out.push(Sample::new(
            "sample",
            format!("{shape:?}"),
            vec![Arg::Tensor(t)],
        ));
    }
    let t = crate::samples::random(dtype, &[5], &mut rng, op.domain(0));
    let small = crate::samples::random(dtype, &[2], &mut rng, op.domain(0));
    let s = |what: &str| Sample::new("sample", what, vec![Arg::Tensor(t.clone())]);
    out.push(s("to_end").kw("to_end", Kw::Tensor(small.clone())));
    out.push(s("to_begin").kw("to_begin", Kw::Int(1)));
    out.push(
        s("both")
            .kw("to_begin", Kw::Tensor(small))
            .kw("to_end", Kw::Int(0)),
    );
    out
}

/// Every statistics record.
pub fn records() -> Vec<OpInfo> {
    use crate::reductions::red;
    let mut ediff1d = red("ediff1d", NO_BOOL, DIFF, |op, s| {
        only(op.name, s, &["to_end", "to_begin"])?;
        let end = arg(op.name, s, "to_end")?;
        let begin = arg(op.name, s, "to_begin")?;
        arr(op, s)?.ediff1d(end.as_ref(), begin.as_ref()).map(v1)
    })
    .without_out();
    ediff1d.gens.sample = ediff1d_samples;
    ediff1d.gens.noncontiguous = ri::noncontiguous;
    ediff1d.checks = vec![
        "reference",
        "result_dtype",
        "noncontiguous",
        "dtypes",
        "errors",
        "extremal",
        "cross_device",
        "determinism",
        "nan_policy",
    ];
    vec![
        red("median", &DType::ALL, MEDIAN, |op, s| {
            only(op.name, s, &["axis", "keepdims"])?;
            let r = crate::reductions::rargs(op, s)?;
            arr(op, s)?.median(&r.axis, r.keepdims, s.out1()).map(v1)
        })
        .errors(median_errors),
        red("nanmedian", &DType::ALL, MEDIAN, |op, s| {
            only(op.name, s, &["axis", "keepdims"])?;
            let r = crate::reductions::rargs(op, s)?;
            arr(op, s)?.nanmedian(&r.axis, r.keepdims, s.out1()).map(v1)
        }),
        red("quantile", REAL_NO_BOOL, QUANTILE, |op, s| {
            let (q, a) = quantile_args(op, s)?;
            arr(op, s)?.quantile(&q, &a).map(v1)
        })
        .errors(fraction_errors),
        red("nanquantile", REAL_NO_BOOL, QUANTILE, |op, s| {
            let (q, a) = quantile_args(op, s)?;
            arr(op, s)?.nanquantile(&q, &a).map(v1)
        })
        .errors(fraction_errors),
        red("percentile", REAL_NO_BOOL, PERCENTILE, |op, s| {
            let (q, a) = quantile_args(op, s)?;
            arr(op, s)?.percentile(&q, &a).map(v1)
        })
        .errors(percent_errors),
        red("nanpercentile", REAL_NO_BOOL, PERCENTILE, |op, s| {
            let (q, a) = quantile_args(op, s)?;
            arr(op, s)?.nanpercentile(&q, &a).map(v1)
        })
        .errors(percent_errors),
        red("diff", &DType::ALL, DIFF, |op, s| {
            only(op.name, s, &["n", "axis", "prepend", "append"])?;
            let n = kwargs::int(op.name, &s.kwargs, "n", 1)?;
            // `if n == 0: return a` comes before any check of the axis.
            if n == 0 {
                return Ok(v1(arr(op, s)?.clone()));
            }
            // NumPy checks the input's dimension before the axis (even its type: a 0-d input
            // with axis=() is a ValueError, not the tuple's TypeError).
            if arr(op, s)?.ndim() == 0 {
                return arr(op, s)?.diff(n as isize, -1, None, None).map(v1);
            }
            let axis = match kwargs::axis_int(op.name, &s.kwargs, Some(-1))? {
                Some(a) => a,
                None => {
                    return Err(Error::Type {
                        op: op.name,
                        msg: "axis=None is not an integer".into(),
                    })
                }
            };
            let pre = arg(op.name, s, "prepend")?;
            let app = arg(op.name, s, "append")?;
            arr(op, s)?
                .diff(n as isize, axis, pre.as_ref(), app.as_ref())
                .map(v1)
        })
        .without_out(),
        ediff1d,
        red("average", &DType::ALL, AVERAGE, |op, s| {
            only(op.name, s, &["axis", "weights", "returned", "keepdims"])?;
            let axis = kwargs::axis(op.name, &s.kwargs, backends::ops::reduce::Axis::All)?;
            let w = kwargs::tensor(op.name, &s.kwargs, "weights")?;
            let returned = kwargs::flag(op.name, &s.kwargs, "returned")?;
            let keepdims = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
            arr(op, s)?.average(&axis, w.as_ref(), returned, keepdims)
        })
        .without_out()
        .bounded(
            crate::reduction_bounds::AVERAGE_SCALE,
            crate::reduction_bounds::mean_terms,
        ),
        {
            let mut r = red("logsumexp", SCIPY_REAL, LOGSUMEXP, |op, s| {
                only(op.name, s, &["axis", "keepdims"])?;
                let axis = kwargs::axis(op.name, &s.kwargs, backends::ops::reduce::Axis::All)?;
                let keepdims = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
                arr(op, s)?.logsumexp(&axis, keepdims).map(v1)
            })
            .without_out();
            r.reference = Reference::Dotted("scipy.special.logsumexp");
            r
        },
        {
            let mut r = red("entropy", SCIPY_REAL, ENTROPY, |op, s| {
                only(op.name, s, &["axis", "base", "qk"])?;
                let axis = kwargs::axis(op.name, &s.kwargs, backends::ops::reduce::Axis::One(0))?;
                let qk = kwargs::tensor(op.name, &s.kwargs, "qk")?;
                let base = match kwargs::get(&s.kwargs, "base") {
                    None | Some(Kw::None) => None,
                    Some(_) => Some(kwargs::float(op.name, &s.kwargs, "base", 0.0)?),
                };
                arr(op, s)?.entropy(qk.as_ref(), base, &axis).map(v1)
            })
            .without_out();
            r.reference = Reference::Dotted("scipy.stats.entropy");
            r.domains = vec![crate::record::Domain::Positive];
            r
        },
        red("trapezoid", &DType::ALL, TRAPZ, |op, s| {
            only(op.name, s, &["x", "dx", "axis"])?;
            let axis = int_axis(op, s)?;
            let x = kwargs::tensor(op.name, &s.kwargs, "x")?;
            let dx = arg(op.name, s, "dx")?.unwrap_or(Arg::Scalar(PyScalar::Float(1.0)));
            arr(op, s)?.trapezoid(x.as_ref(), &dx, axis).map(v1)
        })
        .without_out()
        .bounded(
            crate::reduction_bounds::TRAPZ_SCALE,
            crate::reduction_bounds::trapz_terms,
        ),
        {
            let mut r = red("cumulative_trapezoid", &DType::ALL, CUMTRAPZ, |op, s| {
                only(op.name, s, &["x", "dx", "axis", "initial"])?;
                let axis = int_axis(op, s)?;
                let x = kwargs::tensor(op.name, &s.kwargs, "x")?;
                let dx = arg(op.name, s, "dx")?.unwrap_or(Arg::Scalar(PyScalar::Float(1.0)));
                let initial = arg(op.name, s, "initial")?;
                arr(op, s)?
                    .cumulative_trapezoid(x.as_ref(), &dx, axis, initial.as_ref())
                    .map(v1)
            })
            .without_out();
            r.reference = Reference::Dotted("scipy.integrate.cumulative_trapezoid");
            r
        },
    ]
}
