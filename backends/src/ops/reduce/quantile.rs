//! `np.quantile`, `np.percentile`, `np.nanquantile`, `np.nanpercentile`: NumPy's thirteen
//! methods (`_QuantileMethods`), its virtual-index and gamma arithmetic carried out in the dtype
//! NumPy carries it out in, and its two-branch `_lerp`.
//!
//! Dtypes (NumPy 2, checked against 2.4): the virtual index and gamma are computed in the dtype
//! of `q` (float64 for a Python float or int); interpolating methods return
//! `result_type(a, gamma)` with a Python-float `q` weak, so float16 data with `q=0.3` stays
//! float16 while `q=np.array(0.3)` gives float64; integer input interpolates through an integer
//! `b - a` (wrapping, as NumPy's does). The methods that pick an element (`lower`, `higher`,
//! `nearest`, `inverted_cdf`, `closest_observation`, and `linear` with an integer `q`) return
//! the input dtype.

use super::axis::{reduced_shape, Axis};
use super::select::{drop_nans, gather_slices, host_only, per_slice, round_to, select_many, Sel};
use crate::dtype::DType;
use crate::element::{Element, Hub};
use crate::error::{Error, Result};
use crate::ops::astype::{cast_unchecked, copy_into};
use crate::ops::ufunc::Arg;
use crate::promotion::{can_cast, promote_types, Casting, PyScalar};
use crate::tensor::Tensor;

/// NumPy's `method=` of `quantile` / `percentile` (Hyndman & Fan's nine plus four others).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QuantileMethod {
    /// H&F 1: the inverse of the empirical CDF (the only method that takes weights).
    InvertedCdf,
    /// H&F 2: `inverted_cdf`, averaging at discontinuities.
    AveragedInvertedCdf,
    /// H&F 3: the nearest order statistic, even ones at ties.
    ClosestObservation,
    /// H&F 4: linear interpolation of the empirical CDF.
    InterpolatedInvertedCdf,
    /// H&F 5: piecewise linear, nodes at `(k - 0.5) / n`.
    Hazen,
    /// H&F 6: nodes at `k / (n + 1)`.
    Weibull,
    /// H&F 7, NumPy's default: nodes at `(k - 1) / (n - 1)`.
    #[default]
    Linear,
    /// H&F 8: approximately median-unbiased.
    MedianUnbiased,
    /// H&F 9: approximately unbiased for normal data.
    NormalUnbiased,
    /// The lower of the two neighbours of the linear virtual index.
    Lower,
    /// The higher neighbour.
    Higher,
    /// The mean of the two neighbours.
    Midpoint,
    /// The nearest neighbour (ties to the even index, `np.around`).
    Nearest,
}

impl QuantileMethod {
    /// Every method, in NumPy's `_QuantileMethods` order.
    pub const ALL: [QuantileMethod; 13] = [
        QuantileMethod::InvertedCdf,
        QuantileMethod::AveragedInvertedCdf,
        QuantileMethod::ClosestObservation,
        QuantileMethod::InterpolatedInvertedCdf,
        QuantileMethod::Hazen,
        QuantileMethod::Weibull,
        QuantileMethod::Linear,
        QuantileMethod::MedianUnbiased,
        QuantileMethod::NormalUnbiased,
        QuantileMethod::Lower,
        QuantileMethod::Higher,
        QuantileMethod::Midpoint,
        QuantileMethod::Nearest,
    ];

    /// NumPy's name of the method.
    pub fn name(self) -> &'static str {
        match self {
            QuantileMethod::InvertedCdf => "inverted_cdf",
            QuantileMethod::AveragedInvertedCdf => "averaged_inverted_cdf",
            QuantileMethod::ClosestObservation => "closest_observation",
            QuantileMethod::InterpolatedInvertedCdf => "interpolated_inverted_cdf",
            QuantileMethod::Hazen => "hazen",
            QuantileMethod::Weibull => "weibull",
            QuantileMethod::Linear => "linear",
            QuantileMethod::MedianUnbiased => "median_unbiased",
            QuantileMethod::NormalUnbiased => "normal_unbiased",
            QuantileMethod::Lower => "lower",
            QuantileMethod::Higher => "higher",
            QuantileMethod::Midpoint => "midpoint",
            QuantileMethod::Nearest => "nearest",
        }
    }

    /// The method of a NumPy name, `None` for an unknown one.
    pub fn from_name(name: &str) -> Option<QuantileMethod> {
        QuantileMethod::ALL.into_iter().find(|m| m.name() == name)
    }

    /// The method of a NumPy name; an unknown one is NumPy's `ValueError`.
    pub fn parse(op: &'static str, name: &str) -> Result<QuantileMethod> {
        QuantileMethod::from_name(name).ok_or_else(|| {
            let names: Vec<&str> = QuantileMethod::ALL.iter().map(|m| m.name()).collect();
            Error::Value {
                op,
                msg: format!("'{name}' is not a valid method. Use one of: {names:?}"),
            }
        })
    }

    /// True for the methods whose `fix_gamma` is `None` in NumPy: they pick an element.
    fn picks(self) -> bool {
        use QuantileMethod::*;
        matches!(
            self,
            InvertedCdf | ClosestObservation | Lower | Higher | Nearest
        )
    }
}

/// The keyword arguments of `np.quantile` and its siblings (`overwrite_input` has no effect on
/// results and is not modelled).
#[derive(Clone, Debug, Default)]
pub struct QuantileArgs {
    /// `axis=`.
    pub axis: Axis,
    /// `keepdims=`.
    pub keepdims: bool,
    /// `out=`: the result is cast into it under `same_kind` and returned.
    pub out: Option<Tensor>,
    /// `method=`.
    pub method: QuantileMethod,
    /// `weights=` (only with `inverted_cdf`): the shape of `a`, or of `a` along `axis`.
    pub weights: Option<Tensor>,
}

/// How `q` takes part in promotion and in which dtype its arithmetic runs.
#[derive(Clone, Copy, Debug, PartialEq)]
enum QKind {
    /// A float `q` (array of that dtype, or a Python float as float64); `weak` for the Python
    /// scalar, which does not take part in the result dtype.
    Float { dtype: DType, weak: bool },
    /// An integer or bool `q` (array, or a Python int when `weak`).
    Int { weak: bool },
}

/// `q` as NumPy sees it after `np.asanyarray` (and `/ 100` for percentiles).
struct Q {
    values: Vec<f64>,
    shape: Vec<usize>,
    kind: QKind,
}

impl Q {
    fn new(op: &'static str, q: &Arg, percent: bool) -> Result<Q> {
        let complex = || Error::Type {
            op,
            msg: "q must be real: ufunc 'floor' not supported for complex input".into(),
        };
        let (values, shape, kind) = match q {
            Arg::Scalar(PyScalar::Float(v)) => (
                vec![*v],
                vec![],
                QKind::Float {
                    dtype: DType::F64,
                    weak: true,
                },
            ),
            Arg::Scalar(PyScalar::Int(v)) => (vec![*v as f64], vec![], QKind::Int { weak: true }),
            // `type(True)` is not `int`: NumPy treats a Python bool as a strong bool array.
            Arg::Scalar(PyScalar::Bool(b)) => {
                (vec![*b as u8 as f64], vec![], QKind::Int { weak: false })
            }
            Arg::Scalar(PyScalar::Complex(..)) => return Err(complex()),
            Arg::Tensor(t) => {
                host_only(op, &[t])?;
                let d = t.dtype();
                if d.is_complex() {
                    return Err(complex());
                }
                let f = cast_unchecked(t, DType::F64)?.to_vec::<f64>()?;
                let kind = if d.is_float() {
                    QKind::Float {
                        dtype: d,
                        weak: false,
                    }
                } else {
                    QKind::Int { weak: false }
                };
                (f, t.shape().to_vec(), kind)
            }
        };
        let mut q = Q {
            values,
            shape,
            kind,
        };
        if percent {
            // `np.true_divide(q, 100)`: in q's float dtype, float64 for integers.
            let (d, weak) = match q.kind {
                QKind::Float { dtype, weak } => (dtype, weak),
                QKind::Int { weak } => (DType::F64, weak),
            };
            q.values
                .iter_mut()
                .for_each(|v| *v = round_to(d, *v / 100.0));
            q.kind = QKind::Float { dtype: d, weak };
        }
        if !q.values.iter().all(|v| (0.0..=1.0).contains(v)) {
            return Err(Error::Value {
                op,
                msg: if percent {
                    "Percentiles must be in the range [0, 100]".into()
                } else {
                    "Quantiles must be in the range [0, 1]".into()
                },
            });
        }
        Ok(q)
    }
}

/// What one quantile of one slice is: an element, or NumPy's `_lerp` of two.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Pick {
    /// The element of this order.
    Take(usize),
    /// `_lerp(sorted[lo], sorted[hi], t)`, with `omt` NumPy's `1 - t` (rounded in the dtype
    /// of `t`, or in float64 for a weak `t`).
    Lerp {
        lo: usize,
        hi: usize,
        t: f64,
        omt: f64,
    },
}

impl Pick {
    fn orders(self, ks: &mut Vec<usize>) {
        match self {
            Pick::Take(k) => ks.push(k),
            Pick::Lerp { lo, hi, .. } => {
                ks.push(lo);
                ks.push(hi);
            }
        }
    }
}

/// NumPy's index arithmetic for quantile `q` of `n` sorted values, every op rounded in `g` (the
/// dtype of `q`): `_QuantileMethods[method]["get_virtual_index"]`, `_get_indexes`, `_get_gamma`.
fn pick(method: QuantileMethod, n: usize, q: f64, kind: QKind) -> Pick {
    use QuantileMethod::*;
    let last = n - 1;
    let clamp = |i: f64| (i.max(0.0) as usize).min(last);
    let (g, weak) = match kind {
        QKind::Float { dtype, weak } => (dtype, weak),
        QKind::Int { weak } => {
            // Integer q is 0 or 1 and integer index arithmetic stays integral; the methods with
            // float constants (`hazen`, `median_unbiased`, `normal_unbiased`, `midpoint`'s 0.5,
            // `closest_observation`'s 0.5) go through float64.
            match method {
                Linear | Lower | Higher | Nearest | InvertedCdf => {
                    return Pick::Take(if q == 0.0 { 0 } else { last });
                }
                // Integer gamma (see `int_gamma`): the end points, through a `_lerp` that adds
                // or subtracts an exact zero.
                _ if int_gamma(method) => {
                    let nf = n as f64;
                    // NumPy's integer gamma against the adjusted previous index (0 below the
                    // range, -1 above it), after `fix_gamma`.
                    let t = match (method, q == 0.0) {
                        (AveragedInvertedCdf, _) => 1.0,
                        (_, true) => -1.0,
                        (Weibull, false) => nf + 1.0,
                        (_, false) => nf,
                    };
                    let k = if q == 0.0 { 0 } else { last };
                    return Pick::Lerp {
                        lo: k,
                        hi: k,
                        t,
                        omt: 1.0 - t,
                    };
                }
                _ => (DType::F64, weak),
            }
        }
    };
    let r = |x: f64| round_to(g, x);
    let nn = r(n as f64);
    let nm1 = r(last as f64);
    // `_discrete_interpolation_to_boundaries`: previous or next index, then clipped at 0.
    let discrete = |idx: f64, take_prev: &dyn Fn(f64, f64) -> bool| {
        let prev = idx.floor();
        let gamma = r(idx - prev);
        let k = if take_prev(gamma, idx) {
            prev
        } else {
            r(prev + 1.0)
        };
        Pick::Take(clamp(k))
    };
    let virtual_index = match method {
        Lower => return Pick::Take(clamp(r(nm1 * q).floor())),
        Higher => return Pick::Take(clamp(r(nm1 * q).ceil())),
        Nearest => return Pick::Take(clamp(r(nm1 * q).round_ties_even())),
        InvertedCdf => return discrete(r(r(nn * q) - 1.0), &|gamma, _| gamma == 0.0),
        ClosestObservation => {
            // "choose the nearest even order statistic at g=0": NumPy's `floor(index) % 2 == 1`.
            return discrete(r(r(r(nn * q) - 1.0) - 0.5), &|gamma, idx| {
                gamma == 0.0 && idx.floor().rem_euclid(2.0) == 1.0
            });
        }
        Linear => r(nm1 * q),
        AveragedInvertedCdf => r(r(nn * q) - 1.0),
        Midpoint => {
            let v = r(nm1 * q);
            r(0.5 * r(v.floor() + v.ceil()))
        }
        InterpolatedInvertedCdf => continuous(r, nn, q, 0.0, 1.0),
        Hazen => continuous(r, nn, q, 0.5, 0.5),
        Weibull => continuous(r, nn, q, 0.0, 0.0),
        MedianUnbiased => continuous(r, nn, q, 1.0 / 3.0, 1.0 / 3.0),
        NormalUnbiased => continuous(r, nn, q, 3.0 / 8.0, 3.0 / 8.0),
    };
    // `_get_indexes`: out-of-range virtual indexes take the end values; gamma is computed
    // against the adjusted previous index, as NumPy does.
    let v = virtual_index;
    let (mut prev, mut next) = (v.floor(), r(v.floor() + 1.0));
    if v >= nm1 {
        prev = -1.0;
        next = -1.0;
    }
    if v < 0.0 {
        prev = 0.0;
        next = 0.0;
    }
    let mut gamma = r(v - prev);
    match method {
        AveragedInvertedCdf => gamma = if gamma == 0.0 { 0.5 } else { 1.0 },
        Midpoint => gamma = if v % 1.0 == 0.0 { 0.0 } else { 0.5 },
        _ => {}
    }
    let index = |i: f64| {
        if i < 0.0 {
            last
        } else {
            (i as usize).min(last)
        }
    };
    let omt = if weak { 1.0 - gamma } else { r(1.0 - gamma) };
    Pick::Lerp {
        lo: index(prev),
        hi: index(next),
        t: gamma,
        omt,
    }
}

/// `_compute_virtual_index`: `n * q + (alpha + q * (1 - alpha - beta)) - 1`, op by op in `g`
/// (the Python-float constants are computed in float64 first, as Python does).
fn continuous(r: impl Fn(f64) -> f64, nn: f64, q: f64, alpha: f64, beta: f64) -> f64 {
    let c = r(1.0 - alpha - beta);
    let x = r(nn * q);
    let z = r(r(alpha) + r(q * c));
    r(r(x + z) - 1.0)
}

/// NumPy's `_lerp(a, b, t)` with `diff = b - a` already in the input dtype, everything else
/// in the result dtype `rd`: `a + diff * t`, or `b - diff * (1 - t)` where `t >= 0.5`.
fn lerp(rd: DType, a: f64, b: f64, diff: f64, t: f64, omt: f64) -> f64 {
    let r = |x: f64| round_to(rd, x);
    let (a, b, diff) = (r(a), r(b), r(diff));
    if t >= 0.5 {
        r(b - r(diff * r(omt)))
    } else {
        r(a + r(diff * r(t)))
    }
}

/// Methods whose virtual index stays an integer for an integer `q`: `averaged_inverted_cdf`
/// (`n * q - 1`), `weibull` and `interpolated_inverted_cdf` (their alpha and beta are Python
/// ints). NumPy then interpolates with an integer gamma, so the result dtype is
/// `result_type(a, int64)`.
fn int_gamma(method: QuantileMethod) -> bool {
    use QuantileMethod::*;
    matches!(
        method,
        AveragedInvertedCdf | Weibull | InterpolatedInvertedCdf
    )
}

/// The result dtype of an interpolating method: `result_type(a, gamma)`.
fn lerp_dtype(op: &'static str, a: DType, kind: QKind, method: QuantileMethod) -> Result<DType> {
    if a == DType::Bool {
        return Err(Error::Type {
            op,
            msg: "numpy boolean subtract, the `-` operator, is not supported, use the \
                  bitwise_xor, the `^` operator, or the logical_xor function instead."
                .into(),
        });
    }
    let weak_dtype = if a.is_float() { a } else { DType::F64 };
    Ok(match kind {
        QKind::Float { weak: true, .. } | QKind::Int { weak: true } => weak_dtype,
        QKind::Float { dtype, .. } => promote_types(a, dtype),
        QKind::Int { .. } if int_gamma(method) => promote_types(a, DType::I64),
        QKind::Int { .. } => promote_types(a, DType::F64),
    })
}

/// Which dtype a method/q-kind pair returns, and whether it interpolates.
fn result_plan(
    op: &'static str,
    a: DType,
    q: &Q,
    method: QuantileMethod,
    weighted: bool,
) -> Result<(DType, bool)> {
    let int_q = matches!(q.kind, QKind::Int { .. });
    if weighted || method.picks() || (int_q && method == QuantileMethod::Linear) {
        return Ok((a, false));
    }
    let rd = lerp_dtype(op, a, q.kind, method)?;
    // An integer gamma ends at an element: with an integer result dtype `_lerp` adds an exact
    // zero (a cast element, exact here); with a float one it still interpolates (inf - inf).
    Ok((rd, !(int_q && int_gamma(method) && !rd.is_inexact())))
}

/// `_weights_are_valid` and the non-negativity check: the weights broadcast to `a`'s shape,
/// as float64.
fn check_weights(
    op: &'static str,
    a: &Tensor,
    w: &Tensor,
    axis: &Axis,
    method: QuantileMethod,
) -> Result<Tensor> {
    if method != QuantileMethod::InvertedCdf {
        return Err(Error::Value {
            op,
            msg: format!(
                "Only method 'inverted_cdf' supports weights. Got: {}.",
                method.name()
            ),
        });
    }
    host_only(op, &[w])?;
    if w.dtype().is_complex() {
        return Err(Error::Type {
            op,
            msg: "weights must be real".into(),
        });
    }
    let axes: Vec<usize> = match axis {
        Axis::All => vec![],
        Axis::One(x) => vec![crate::layout::normalize_axis(op, *x, a.ndim())?],
        Axis::Many(v) => v
            .iter()
            .map(|&x| crate::layout::normalize_axis(op, x, a.ndim()))
            .collect::<Result<_>>()?,
    };
    let mut wf = cast_unchecked(w, DType::F64)?;
    if w.shape() != a.shape() {
        if *axis == Axis::All {
            return Err(Error::Type {
                op,
                msg: "Axis must be specified when shapes of a and weights differ.".into(),
            });
        }
        let along: Vec<usize> = axes.iter().map(|&x| a.shape()[x]).collect();
        if w.shape() != along.as_slice() {
            return Err(Error::Value {
                op,
                msg: "Shape of weights must be consistent with shape of a along specified axis."
                    .into(),
            });
        }
        // `wgt.transpose(np.argsort(axis))`, then 1s at the other axes.
        let mut order: Vec<usize> = (0..axes.len()).collect();
        order.sort_by_key(|&i| axes[i]);
        let wt = wf.permute(Some(&order))?;
        let shape: Vec<isize> = (0..a.ndim())
            .map(|i| {
                if axes.contains(&i) {
                    a.shape()[i] as isize
                } else {
                    1
                }
            })
            .collect();
        wf = wt.reshape(&shape)?.broadcast_to(a.shape())?;
    }
    if wf.to_vec::<f64>()?.iter().any(|&x| x < 0.0) {
        return Err(Error::Value {
            op,
            msg: "Weights must be non-negative.".into(),
        });
    }
    Ok(wf)
}

/// The shared driver of the four functions.
fn quantile_impl(
    op: &'static str,
    x: &Tensor,
    q: &Arg,
    args: &QuantileArgs,
    percent: bool,
    skip_nan: bool,
) -> Result<Tensor> {
    let mut devs = vec![x];
    devs.extend(args.out.as_ref());
    host_only(op, &devs)?;
    if x.dtype().is_complex() {
        return Err(Error::Type {
            op,
            msg: "a must be an array of real numbers".into(),
        });
    }
    if x.dtype() == DType::BF16 {
        return bf16_via_f32(op, x, q, args, percent, skip_nan);
    }
    let q = Q::new(op, q, percent)?;
    // NumPy refuses weights= with another method before it looks at the axis.
    if args.weights.is_some() && args.method != QuantileMethod::InvertedCdf {
        return Err(Error::Value {
            op,
            msg: format!(
                "Only method 'inverted_cdf' supports weights. Got: {}.",
                args.method.name()
            ),
        });
    }
    if skip_nan {
        super::median::nan_empty_out_check(op, x, args.out.as_ref())?;
    }
    if x.ndim() == 0 && args.axis != Axis::All {
        // `normalize_axis_tuple` has no 0-d exception, unlike the ufunc reductions.
        let a = match &args.axis {
            Axis::One(a) => *a,
            Axis::Many(v) => v.first().copied().unwrap_or(0),
            Axis::All => 0,
        };
        if !matches!(&args.axis, Axis::Many(v) if v.is_empty()) {
            return Err(Error::Axis {
                op,
                axis: a,
                ndim: 0,
            });
        }
    }
    let mask = args.axis.mask(op, x.ndim())?;
    if !skip_nan {
        super::median::ureduce_reshape_check(x.shape(), &mask, &args.axis)?;
    }
    let weights = match &args.weights {
        Some(w) => Some(check_weights(op, x, w, &args.axis, args.method)?),
        None => None,
    };
    // `_nanquantile_ureduce_func` indexes axis-shaped weights (1s at the kept axes) with the
    // kept index of every slice: the first slice is computed, the second is an IndexError.
    let index_bug = match &args.weights {
        Some(w) if skip_nan && x.numel() > 0 => {
            w.shape() != x.shape() && (0..x.ndim()).any(|i| !mask[i] && x.shape()[i] > 1)
        }
        _ => false,
    };
    if q.shape.len() > 2 {
        return Err(Error::Value {
            op,
            msg: "q must be a scalar or 1d".into(),
        });
    }
    let red_shape = reduced_shape(x.shape(), &mask, args.keepdims);
    // nan* functions send empty input to `np.nanmean`: NaN (or empty) without q's dimensions.
    if skip_nan && x.numel() == 0 {
        let md = super::median::mean_dtype(x.dtype());
        let n: usize = red_shape.iter().product();
        let r = Tensor::from_vec(vec![f64::NAN; n], &red_shape)?;
        return finish_unsafe(
            op,
            cast_unchecked(&r, md)?,
            args.out.as_ref(),
            skip_nan && x.numel() > 0,
        );
    }
    let n: usize = (0..x.ndim())
        .filter(|&i| mask[i])
        .map(|i| x.shape()[i])
        .product();
    let outer = x.numel().checked_div(n).unwrap_or(0);
    // `_quantile` indexes the last order statistic even when there are no slices.
    if n == 0 {
        return Err(Error::Index {
            op,
            index: -1,
            axis: 0,
            size: 0,
        });
    }
    let (rd, interpolates) = result_plan(op, x.dtype(), &q, args.method, weights.is_some())?;
    let mut shape = q.shape.clone();
    shape.extend(&red_shape);
    let nq = q.values.len();
    // `_lerp` adds into `out=` under `same_kind` (checked before the shape), then subtracts
    // where `t >= 0.5` with `dtype=out.dtype`: that branch is computed in the out dtype.
    let mut od = None;
    if !skip_nan {
        if let Some(o) = &args.out {
            if !can_cast(rd, o.dtype(), Casting::SameKind) {
                return Err(Error::Cast {
                    op,
                    from: rd,
                    to: o.dtype(),
                    casting: "same_kind",
                });
            }
            // A complex out= runs that branch in its part dtype (the real parts carry it).
            let part = o.dtype().to_real();
            if interpolates && weights.is_none() && part != rd && part.is_float() {
                od = Some(part);
            }
        }
    }
    // When the result takes the input dtype: nan* with an all-NaN first slice (NumPy's 1-d path
    // and `apply_along_axis` both take the dtype of the first slice's result), or a 0-d plain
    // result holding a NaN.
    let mut first_all_nan = false;
    let nkeep = mask.iter().filter(|&&m| !m).count();
    let result = super::select::with_real!(
        x.dtype(),
        T,
        {
            let (mut data, _) = gather_slices::<T>(x, &mask)?;
            let w = match &weights {
                Some(w) => Some(gather_slices::<f64>(w, &mask)?.0),
                None => None,
            };
            if let Some(w) = &w {
                let checked = if index_bug { n } else { data.len() };
                check_cdf_totals::<T>(op, &data[..checked], w, n, skip_nan)?;
            }
            if index_bug {
                return Err(Error::Index {
                    op,
                    index: 1,
                    axis: 0,
                    size: 1,
                });
            }
            let method = args.method;
            let qv = &q.values;
            let kind = q.kind;
            if skip_nan && outer > 0 && n > 0 {
                first_all_nan = data[..n].iter().all(|v| v.is_nan_());
            }
            // `_quantile` returns `arr[-1]` itself (the input's NaN) for a 0-d result.
            if !skip_nan && q.shape.is_empty() && outer == 1 && nkeep == 0 {
                first_all_nan = data.iter().any(|v| v.is_nan_());
            }
            let picks_for = |m: usize| -> Vec<Pick> {
                qv.iter().map(|&qq| pick(method, m, qq, kind)).collect()
            };
            let fixed = picks_for(n);
            if w.is_some() || !interpolates {
                let wref = w.as_deref();
                let out = per_slice(&mut data, n, outer, nq, |s: &mut [T], i, o: &mut [T]| {
                    let ws = wref.map(|w| &w[i * n..(i + 1) * n]);
                    take_slice(s, ws, qv, kind, skip_nan, &fixed, &picks_for, o)
                });
                let t = Tensor::from_vec(transpose(&out, outer, nq), &shape)?;
                if rd == x.dtype() {
                    t
                } else {
                    cast_unchecked(&t, rd)?
                }
            } else {
                // NumPy's `_lerp` runs on scalars for a scalar q of a 1-d slice (every nan*
                // slice, through `_nanquantile_1d`; a plain one when every axis is reduced),
                // whose integer `b - a` reports overflow.
                let scalar = q.shape.is_empty() && (skip_nan || nkeep == 0);
                let out = per_slice(&mut data, n, outer, nq, |s: &mut [T], _, o: &mut [f64]| {
                    lerp_slice(s, rd, od, skip_nan, scalar, &fixed, &picks_for, o)
                });
                let t = Tensor::from_vec(transpose(&out, outer, nq), &shape)?;
                cast_unchecked(&t, od.unwrap_or(rd))?
            }
        },
        unreachable!("complex input refused above")
    );
    let result = if first_all_nan && result.dtype() != x.dtype() {
        cast_unchecked(&result, x.dtype())?
    } else {
        result
    };
    let merged = matches!(&args.axis, Axis::Many(v) if v.len() > 1);
    let result = if skip_nan && weights.is_none() && merged && nkeep >= 1 && q.shape.len() == 2 {
        apply_along_axis_order(&result, x.shape(), &mask, args.keepdims)?
    } else {
        result
    };
    if skip_nan {
        // `out[...] = result`.
        finish_unsafe(op, result, args.out.as_ref(), x.numel() > 0)
    } else {
        finish(op, result, args.out.as_ref())
    }
}

/// bfloat16 input is computed exactly as its float32 widening would be and the result rounded
/// once to the dtype bfloat16 promotes to (like float16); an `out=` of another dtype receives
/// the float32 computation itself.
fn bf16_via_f32(
    op: &'static str,
    x: &Tensor,
    q: &Arg,
    args: &QuantileArgs,
    percent: bool,
    skip_nan: bool,
) -> Result<Tensor> {
    let x32 = cast_unchecked(x, DType::F32)?;
    if args.out.as_ref().is_some_and(|o| o.dtype() != DType::BF16) {
        return quantile_impl(op, &x32, q, args, percent, skip_nan);
    }
    let mut a32 = args.clone();
    a32.out = None;
    let r = quantile_impl(op, &x32, q, &a32, percent, skip_nan)?;
    let strong_f32_q = matches!(q, Arg::Tensor(t) if t.dtype() == DType::F32);
    let r = if r.dtype() == DType::F32 && !strong_f32_q {
        cast_unchecked(&r, DType::BF16)?
    } else {
        r
    };
    if skip_nan {
        finish_unsafe(op, r, args.out.as_ref(), x.numel() > 0)
    } else {
        finish(op, r, args.out.as_ref())
    }
}

/// NumPy's axis order for `nanquantile` with a 2-d `q` over several merged axes:
/// `_nanquantile_ureduce_func` runs `apply_along_axis` on the last (merged) axis, which gives
/// `kept + q.shape`, then moves axes `[-1, 0]` (meant to be `[axis, axis + 1]`) to the front:
/// `(q1, k0, k1, ..., q0)`. `keepdims` then inserts its 1s among the trailing `nkeep` axes.
fn apply_along_axis_order(
    r: &Tensor,
    shape: &[usize],
    mask: &[bool],
    keepdims: bool,
) -> Result<Tensor> {
    let kept: Vec<usize> = (0..shape.len())
        .filter(|&i| !mask[i])
        .map(|i| shape[i])
        .collect();
    let m = kept.len();
    // Plain layout first: (q0, q1, k0, ..., k_{m-1}).
    let mut plain: Vec<isize> = r.shape()[..2].iter().map(|&d| d as isize).collect();
    plain.extend(kept.iter().map(|&d| d as isize));
    let r = r.reshape(&plain)?;
    let mut perm = vec![1];
    perm.extend(2..2 + m);
    perm.push(0);
    let p = r.permute(Some(&perm))?.copy()?;
    let mut out: Vec<isize> = p.shape()[..2].iter().map(|&d| d as isize).collect();
    if keepdims {
        let mut tail = p.shape()[2..].iter();
        for &red in mask {
            out.push(if red {
                1
            } else {
                *tail.next().unwrap_or(&1) as isize
            });
        }
    } else {
        out.extend(p.shape()[2..].iter().map(|&d| d as isize));
    }
    p.reshape(&out)
}

/// "Weights included NaN, inf or were all zero.": NumPy checks every slice's normalised total
/// before it looks at any slice.
fn check_cdf_totals<T: Sel>(
    op: &'static str,
    data: &[T],
    w: &[f64],
    n: usize,
    skip_nan: bool,
) -> Result<()> {
    for (s, ws) in data.chunks(n).zip(w.chunks(n)) {
        let total: f64 = s
            .iter()
            .zip(ws)
            .filter(|(v, _)| !(skip_nan && v.is_nan_()))
            .fold(0.0, |acc, (_, &x)| acc + x);
        let kept = s.iter().filter(|v| !(skip_nan && v.is_nan_())).count();
        // `cdf[-1] = total / total` is NaN for a zero, infinite or NaN total.
        if kept > 0 && !(total.is_finite() && total != 0.0) {
            return Err(Error::Value {
                op,
                msg: "Weights included NaN, inf or were all zero.".into(),
            });
        }
    }
    Ok(())
}

/// Slice-major `[outer][nq]` to NumPy's q-major `[nq][outer]`.
fn transpose<O: Copy>(v: &[O], outer: usize, nq: usize) -> Vec<O> {
    let mut out = Vec::with_capacity(v.len());
    for j in 0..nq {
        out.extend((0..outer).map(|i| v[i * nq + j]));
    }
    out
}

/// NaN of the element type (only reached for float types, where a NaN exists).
fn nan_of<T: Element>() -> T {
    T::from_hub(Hub::Float(f64::NAN))
}

/// The quantiles of one slice by selection (picking methods and weighted `inverted_cdf`).
#[allow(clippy::too_many_arguments)]
fn take_slice<T: Sel>(
    s: &mut [T],
    w: Option<&[f64]>,
    qv: &[f64],
    kind: QKind,
    skip_nan: bool,
    fixed: &[Pick],
    picks_for: &dyn Fn(usize) -> Vec<Pick>,
    o: &mut [T],
) {
    if let Some(w) = w {
        return weighted_slice(s, w, qv, kind, skip_nan, o);
    }
    let m = if skip_nan {
        drop_nans(s)
    } else if s.iter().any(|v| v.is_nan_()) {
        0
    } else {
        s.len()
    };
    if m == 0 {
        o.iter_mut().for_each(|x| *x = nan_of());
        return;
    }
    let own;
    let picks = if m == s.len() {
        fixed
    } else {
        own = picks_for(m);
        &own
    };
    let s = &mut s[..m];
    let mut ks = Vec::new();
    picks.iter().for_each(|p| p.orders(&mut ks));
    ks.sort_unstable();
    ks.dedup();
    select_many(s, &ks);
    for (o, p) in o.iter_mut().zip(picks) {
        *o = match *p {
            Pick::Take(k) => s[k],
            Pick::Lerp { hi, .. } => s[hi],
        };
    }
}

/// The quantiles of one slice by NumPy's `_lerp` of its neighbouring order statistics
/// (`scalar`: on NumPy scalars, whose wrapping integer `b - a` raises overflow).
#[allow(clippy::too_many_arguments)]
fn lerp_slice<T: Sel>(
    s: &mut [T],
    rd: DType,
    od: Option<DType>,
    skip_nan: bool,
    scalar: bool,
    fixed: &[Pick],
    picks_for: &dyn Fn(usize) -> Vec<Pick>,
    o: &mut [f64],
) {
    let m = if skip_nan {
        drop_nans(s)
    } else if s.iter().any(|v| v.is_nan_()) {
        0
    } else {
        s.len()
    };
    if m == 0 {
        o.iter_mut().for_each(|x| *x = f64::NAN);
        return;
    }
    let own;
    let picks = if m == s.len() {
        fixed
    } else {
        own = picks_for(m);
        &own
    };
    let s = &mut s[..m];
    let mut ks = Vec::new();
    picks.iter().for_each(|p| p.orders(&mut ks));
    ks.sort_unstable();
    ks.dedup();
    select_many(s, &ks);
    for (o, p) in o.iter_mut().zip(picks) {
        *o = match *p {
            Pick::Take(k) => s[k].to_f64_(),
            Pick::Lerp { lo, hi, t, omt } => {
                let (a, b) = (s[lo], s[hi]);
                if scalar && b.sub_wraps(a) {
                    crate::fpe::raise(crate::fpe::FpFlags::OVERFLOW);
                }
                let diff = b.sub_(a).to_f64_();
                match od {
                    Some(od) if t >= 0.5 => {
                        let (r, ro) = (|x| round_to(rd, x), |x| round_to(od, x));
                        ro(ro(b.to_f64_()) - ro(r(r(diff) * r(omt))))
                    }
                    _ => lerp(rd, a.to_f64_(), b.to_f64_(), diff, t, omt),
                }
            }
        };
    }
}

/// Weighted `inverted_cdf` of one slice: sort, cumulative weights normalised to 1 (cast to q's
/// float dtype, leading zeros set to -1), then the first index whose cdf reaches q.
fn weighted_slice<T: Sel>(
    s: &mut [T],
    w: &[f64],
    qv: &[f64],
    kind: QKind,
    skip_nan: bool,
    o: &mut [T],
) {
    let mut pairs: Vec<(T, f64)> = s
        .iter()
        .copied()
        .zip(w.iter().copied())
        .filter(|(v, _)| !(skip_nan && v.is_nan_()))
        .collect();
    if pairs.is_empty() || (!skip_nan && pairs.iter().any(|(v, _)| v.is_nan_())) {
        o.iter_mut().for_each(|x| *x = nan_of());
        return;
    }
    // Ties have equal values, so the unstable order among them cannot change the result.
    pairs.sort_by(|a, b| a.0.cmp_(&b.0));
    let mut cdf: Vec<f64> = Vec::with_capacity(pairs.len());
    let mut acc = 0.0;
    for &(_, x) in &pairs {
        acc += x;
        cdf.push(acc);
    }
    let total = acc;
    let g = match kind {
        QKind::Float { dtype, .. } => Some(dtype),
        QKind::Int { .. } => None,
    };
    for c in &mut cdf {
        *c /= total;
        if let Some(g) = g {
            *c = round_to(g, *c);
        }
        if *c == 0.0 {
            *c = -1.0;
        }
    }
    let last = pairs.len() - 1;
    for (o, &q) in o.iter_mut().zip(qv) {
        let i = cdf.partition_point(|&c| c < q).min(last);
        *o = pairs[i].0;
    }
}

/// Casts `r` into `out` (any cast) and returns `out`, or returns `r`. With `broadcast`, as
/// `out[...] = result` (the nan-functions): the result broadcasts to out's shape (a 0-d
/// result fills an empty `out=`). Without, as a reduction's `out=` (median's mean, and the
/// nan-functions' nanmean for an empty input): the shapes must be equal.
pub(crate) fn finish_unsafe(
    op: &'static str,
    r: Tensor,
    out: Option<&Tensor>,
    broadcast: bool,
) -> Result<Tensor> {
    let Some(o) = out else { return Ok(r) };
    check_fits(op, r.shape(), o, broadcast)?;
    copy_into(op, &r, o)?;
    Ok(o.clone())
}

/// The ValueError of an `out=` whose shape is not the result's (`broadcast`: that the result
/// does not broadcast to).
pub(crate) fn check_fits(
    op: &'static str,
    shape: &[usize],
    o: &Tensor,
    broadcast: bool,
) -> Result<()> {
    let fits = if broadcast {
        crate::ops::ufunc::broadcast_shapes(op, &[shape, o.shape()]).is_ok_and(|b| b == o.shape())
    } else {
        shape == o.shape()
    };
    if fits {
        Ok(())
    } else {
        Err(Error::Value {
            op,
            msg: format!(
                "could not broadcast input array from shape {shape:?} into shape {:?}",
                o.shape()
            ),
        })
    }
}

/// Writes `r` into `out` as NumPy's interpolation does, through a ufunc's `out=` (`_lerp`'s
/// `add(..., out=out)`): the result dtype must cast to out's under `same_kind` (checked first)
/// and the result broadcasts to out's shape; returns `out`, or `r` without one.
pub(crate) fn finish(op: &'static str, r: Tensor, out: Option<&Tensor>) -> Result<Tensor> {
    let Some(o) = out else { return Ok(r) };
    crate::ops::ufunc::check_out(op, r.shape(), r.dtype(), o)?;
    copy_into(op, &r, o)?;
    Ok(o.clone())
}

impl Tensor {
    /// `np.quantile(self, q, axis=, out=, method=, keepdims=, weights=)`.
    pub fn quantile(&self, q: &Arg, args: &QuantileArgs) -> Result<Tensor> {
        crate::fpe::call("quantile", || {
            quantile_impl("quantile", self, q, args, false, false)
        })
    }

    /// `np.nanquantile(...)`: NaNs are ignored; an all-NaN slice gives NaN.
    pub fn nanquantile(&self, q: &Arg, args: &QuantileArgs) -> Result<Tensor> {
        crate::fpe::call("nanquantile", || {
            quantile_impl("nanquantile", self, q, args, false, true)
        })
    }

    /// `np.percentile(...)`: `q` in percent (divided by 100 in q's dtype first).
    pub fn percentile(&self, q: &Arg, args: &QuantileArgs) -> Result<Tensor> {
        crate::fpe::call("percentile", || {
            quantile_impl("percentile", self, q, args, true, false)
        })
    }

    /// `np.nanpercentile(...)`.
    pub fn nanpercentile(&self, q: &Arg, args: &QuantileArgs) -> Result<Tensor> {
        crate::fpe::call("nanpercentile", || {
            quantile_impl("nanpercentile", self, q, args, true, true)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    fn q(v: f64) -> Arg {
        Arg::Scalar(PyScalar::Float(v))
    }

    #[test]
    fn lerp_uses_numpys_upper_branch() {
        // np.quantile(np.array([0.497, 0.529]), 0.79) -> 0.52228 (naive a + t*(b-a) gives
        // 0.5222800000000001)
        let x = Tensor::from_vec(vec![0.497f64, 0.529], &[2]).unwrap();
        let r = x.quantile(&q(0.79), &QuantileArgs::default()).unwrap();
        assert_eq!(r.to_vec::<f64>().unwrap(), vec![0.52228]);
    }

    #[test]
    fn integer_input_interpolates_through_wrapping_subtract() {
        // np.quantile(np.array([-100, 100], np.int8), 0.75) -> np.float64(114.0)
        let x = Tensor::from_vec(vec![-100i8, 100], &[2]).unwrap();
        let r = x.quantile(&q(0.75), &QuantileArgs::default()).unwrap();
        assert_eq!(r.dtype(), DType::F64);
        assert_eq!(r.to_vec::<f64>().unwrap(), vec![114.0]);
    }

    #[test]
    fn result_dtypes_follow_q_kind() {
        // np.quantile(np.array([1,2,3,4,10], np.float16), 0.3) -> np.float16(2.2), bits 16486
        let x = Tensor::from_vec(
            [1.0, 2.0, 3.0, 4.0, 10.0].map(half::f16::from_f64).to_vec(),
            &[5],
        )
        .unwrap();
        let r = x.quantile(&q(0.3), &QuantileArgs::default()).unwrap();
        assert_eq!(r.to_vec::<half::f16>().unwrap()[0].to_bits(), 16486);
        // np.quantile(<same>, np.array([0.3, 0.9], np.float32), method='hazen')
        //   -> array([ 2., 10.], dtype=float32)
        let qa = Tensor::from_vec(vec![0.3f32, 0.9], &[2]).unwrap();
        let args = QuantileArgs {
            method: QuantileMethod::Hazen,
            ..Default::default()
        };
        let r = x.quantile(&Arg::from(qa), &args).unwrap();
        assert_eq!(r.to_vec::<f32>().unwrap(), vec![2.0, 10.0]);
        // np.quantile(np.array([1, 2, 3, 4], np.int8), 1).dtype -> int8 (integer q: a take)
        let i = Tensor::from_vec(vec![1i8, 2, 3, 4], &[4]).unwrap();
        let r = i.quantile(&Arg::from(1i64), &Default::default()).unwrap();
        assert_eq!(r.to_vec::<i8>().unwrap(), vec![4]);
    }

    #[test]
    fn nan_slices_and_nanpercentile() {
        // np.nanpercentile(np.array([[1.,7,3],[4,np.nan,6]]), [25, 50], axis=1,
        //     method='median_unbiased').ravel() -> [1.3333333333333335, 4.0, 3.0, 5.0]
        // (np.percentile gives nan in the second column)
        let x = Tensor::from_vec(vec![1.0, 7.0, 3.0, 4.0, f64::NAN, 6.0], &[2, 3]).unwrap();
        let qs = Tensor::from_vec(vec![25.0f64, 50.0], &[2]).unwrap();
        let args = QuantileArgs {
            axis: Axis::One(1),
            method: QuantileMethod::MedianUnbiased,
            ..Default::default()
        };
        let r = x.nanpercentile(&Arg::from(&qs), &args).unwrap();
        assert_eq!(r.shape(), &[2, 2]);
        assert_eq!(
            r.to_vec::<f64>().unwrap(),
            vec![1.3333333333333335, 4.0, 3.0, 5.0]
        );
        let p = x
            .percentile(&Arg::from(&qs), &args)
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        assert!(p[1].is_nan() && p[3].is_nan() && p[0] == 1.3333333333333335);
    }

    #[test]
    fn weighted_inverted_cdf() {
        // np.quantile(np.array([[3.,1],[2,5]]), [0.2,0.8], axis=0, method='inverted_cdf',
        //     weights=np.array([1,4])) -> [[2., 1.], [2., 5.]]
        let x = Tensor::from_vec(vec![3.0, 1.0, 2.0, 5.0], &[2, 2]).unwrap();
        let args = QuantileArgs {
            axis: Axis::One(0),
            method: QuantileMethod::InvertedCdf,
            weights: Some(Tensor::from_vec(vec![1i64, 4], &[2]).unwrap()),
            ..Default::default()
        };
        let qs = Tensor::from_vec(vec![0.2f64, 0.8], &[2]).unwrap();
        let r = x.quantile(&Arg::from(qs), &args).unwrap();
        assert_eq!(r.to_vec::<f64>().unwrap(), vec![2.0, 1.0, 2.0, 5.0]);
        let lin = QuantileArgs {
            method: QuantileMethod::Linear,
            ..args.clone()
        };
        let e = x.quantile(&q(0.5), &lin).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Value);
    }

    #[test]
    fn errors_match_numpy_classes() {
        let x = Tensor::from_vec(vec![1.0f64, 2.0], &[2]).unwrap();
        let d = QuantileArgs::default();
        assert_eq!(
            x.quantile(&q(1.5), &d).unwrap_err().kind(),
            ErrorKind::Value
        );
        assert_eq!(
            x.percentile(&q(101.0), &d).unwrap_err().kind(),
            ErrorKind::Value
        );
        assert!(QuantileMethod::parse("quantile", "foo").is_err());
        // np.quantile(np.array([True, False]), 0.5) -> TypeError (boolean subtract)
        let b = Tensor::from_vec(vec![true, false], &[2]).unwrap();
        assert_eq!(b.quantile(&q(0.5), &d).unwrap_err().kind(), ErrorKind::Type);
        // np.quantile(np.array([]), 0.5) -> IndexError
        let e = Tensor::from_vec(Vec::<f64>::new(), &[0]).unwrap();
        assert_eq!(
            e.quantile(&q(0.5), &d).unwrap_err().kind(),
            ErrorKind::Index
        );
        for m in QuantileMethod::ALL {
            assert_eq!(QuantileMethod::from_name(m.name()), Some(m));
        }
    }
}
