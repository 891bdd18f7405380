//! The reduction and statistics records: each a few lines — its NumPy signature facts
//! ([`ReductionInfo`]), its typed engine call, its dtypes and how it is compared. The family's
//! generators are in [`crate::reduction_inputs`], the bounds in [`crate::reduction_bounds`].

use crate::kwargs::{self, Kw};
use crate::ops::no_extra_errors;
use crate::record::{
    no_base_kwargs, no_extra_kwargs, Accuracy, Compare, Domain, EngineFn, Family, Gens, KwSet,
    OpInfo, Precision, ReductionInfo, Reference, Variants,
};
use crate::reduction_bounds as rb;
use crate::reduction_inputs as ri;
use crate::samples::Sample;
use backends::ops::reduce::{Axis, ReduceArgs};
use backends::{DType, Error, Result, Tensor};

use DType::*;

const ALL: [DType; 15] = DType::ALL;
const NO_BOOL: &[DType] = &[
    I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64, C64, C128,
];
const INTEGRAL: &[DType] = &[Bool, I8, U8, I16, U16, I32, U32, I64, U64];

/// `np.sum`-like: axis None/int/tuple, keepdims, dtype, initial, where.
const SUM_LIKE: ReductionInfo = ReductionInfo {
    tuple_axis: true,
    axis_none_default: true,
    keepdims: true,
    dtype: true,
    initial: true,
    where_: true,
    where_needs_initial: false,
    cumulative: false,
    ordered: false,
    axes_keyword: false,
    extra_kwargs: no_extra_kwargs,
    base_kwargs: no_base_kwargs,
};
/// `np.mean`-like: no initial.
const MEAN_LIKE: ReductionInfo = ReductionInfo {
    initial: false,
    ..SUM_LIKE
};
/// `np.max`-like: no dtype; where= needs initial=.
const EXTREMA: ReductionInfo = ReductionInfo {
    dtype: false,
    where_needs_initial: true,
    ordered: true,
    ..SUM_LIKE
};
/// `np.all`-like: no dtype, no initial.
const LOGICAL: ReductionInfo = ReductionInfo {
    dtype: false,
    initial: false,
    ..SUM_LIKE
};
/// `np.ptp`: axis, out, keepdims only.
const PTP: ReductionInfo = ReductionInfo {
    dtype: false,
    initial: false,
    where_: false,
    ordered: true,
    ..SUM_LIKE
};
/// `np.argmax`-like: axis None or an int, keepdims, out.
const ARG: ReductionInfo = ReductionInfo {
    tuple_axis: false,
    dtype: false,
    initial: false,
    where_: false,
    ordered: true,
    ..SUM_LIKE
};
/// `np.cumsum`-like: axis None or an int, dtype, out; the axis is kept.
const CUMULATIVE: ReductionInfo = ReductionInfo {
    tuple_axis: false,
    keepdims: false,
    initial: false,
    where_: false,
    cumulative: true,
    ..SUM_LIKE
};
/// `np.<ufunc>.reduce`: like np.sum but the default axis is 0.
const UFUNC_REDUCE: ReductionInfo = ReductionInfo {
    axis_none_default: false,
    ..SUM_LIKE
};
/// `np.<ufunc>.accumulate`: axis an int (default 0), dtype, out.
const UFUNC_ACCUMULATE: ReductionInfo = ReductionInfo {
    axis_none_default: false,
    ..CUMULATIVE
};

fn ddofs(_: DType) -> Vec<KwSet> {
    vec![vec![("ddof", Kw::Int(1))], vec![("ddof", Kw::Float(2.5))]]
}

/// The reduction family's generators.
fn gens() -> Gens {
    Gens {
        sample: ri::samples,
        noncontiguous: ri::noncontiguous,
        broadcasting: |_, _, _| Vec::new(),
        extremal: ri::extremal,
        errors: ri::errors,
        result_dtype: ri::result_dtype,
        extra: vec![
            ("axes", ri::axes),
            ("empty", ri::empty),
            ("nan_policy", ri::nan_policy),
            ("ties", ri::ties),
            ("dtype_out", ri::dtype_out),
            ("accuracy", ri::accuracy),
        ],
    }
}

/// A reduction record with the family's defaults: NumPy reference of the same name, compared
/// within the dtype tolerance, on the CPU; [`OpInfo::cuda`] adds the CUDA claim of the ops the
/// device's reduction kernels implement (the others are absent there, so no CUDA trial is
/// instantiated for them).
pub(crate) fn red(
    name: &'static str,
    dtypes: &[DType],
    sig: ReductionInfo,
    engine: EngineFn,
) -> OpInfo {
    OpInfo {
        name,
        aliases: &[],
        family: Family::Reduction,
        nin: 1,
        reference: Reference::Numpy(name),
        engine,
        method: None,
        inplace: None,
        dtypes: vec![("cpu", dtypes.to_vec())],
        variants: Variants {
            method: false,
            inplace: false,
            out: true,
        },
        domains: vec![Domain::Any],
        scalar_operands: false,
        weak_int_overflow: false,
        tol_overrides: Vec::new(),
        compare: Compare::Tol,
        precision: Precision::Tol(
            "a reduction's rounding depends on its summation order, which NumPy leaves open",
        ),
        accuracy: None,
        gens: gens(),
        extra_errors: no_extra_errors,
        unsupported_kind: backends::ErrorKind::Type,
        bf16_native_reference: false,
        reference_hazard: None,
        identities: Vec::new(),
        device_ulp: 0.0,
        nondeterministic: false,
        checks: Vec::new(),
        reduction: Some(sig),
    }
    .with_checks()
}

impl OpInfo {
    /// The templates that apply, from the signature facts.
    pub(crate) fn with_checks(mut self) -> Self {
        let r = self.reduction.clone().expect("a reduction record");
        let mut c = vec![
            "reference",
            "result_dtype",
            "noncontiguous",
            "dtypes",
            "errors",
            "extremal",
            "cross_device",
            "determinism",
            "axes",
            "empty",
            "nan_policy",
            "fp_flags",
        ];
        if self.variants.out {
            c.push("variants");
        }
        if r.ordered {
            c.push("ties");
        }
        if r.dtype || self.variants.out {
            c.push("dtype_out");
        }
        if self.accuracy.is_some() {
            c.push("accuracy");
        }
        self.checks = c;
        self
    }
    pub(crate) fn bounded(self, scale: &'static str, terms: fn(f64) -> f64) -> Self {
        self.bound(scale, terms)
    }
    fn bound(mut self, scale: &'static str, terms: fn(f64) -> f64) -> Self {
        self.compare = Compare::Bound { scale, terms };
        self
    }
    /// A product or running op: bfloat16 checked against ml_dtypes' own loops — these ops
    /// round to the 16-bit type at every step in NumPy (float16 does too), which a float32
    /// proxy would not. Not for the nan* functions: ml_dtypes' bfloat16 is no `np.inexact`,
    /// so NumPy's nan-functions would not skip its NaNs; the engine treats bfloat16 as the
    /// floating type it is, and those records keep the float32 proxy.
    fn sequential(mut self) -> Self {
        self.bf16_native_reference = true;
        self
    }
    /// Samples near 1, so long products stay in range.
    fn near_one(mut self) -> Self {
        self.domains = vec![Domain::NearOne];
        self
    }
    /// Replaces the generator of the family template `template`.
    fn extra_gen(mut self, template: &'static str, g: crate::record::Gen) -> Self {
        for (t, gen) in &mut self.gens.extra {
            if *t == template {
                *gen = g;
            }
        }
        self
    }
    fn accurate(mut self, a: Accuracy) -> Self {
        self.accuracy = Some(a);
        self.with_checks()
    }
    /// Claims `dtypes` on CUDA: the op runs through the seam's reduce primitive (and ufuncs and
    /// casts the device has), so `reduce.cu` computes it there.
    fn cuda(mut self, dtypes: &[DType]) -> Self {
        self.dtypes.push(("cuda", dtypes.to_vec()));
        self
    }
    fn alias(mut self, a: &'static [&'static str]) -> Self {
        self.aliases = a;
        self
    }
    fn extra(mut self, f: fn(DType) -> Vec<KwSet>) -> Self {
        if let Some(r) = self.reduction.as_mut() {
            r.extra_kwargs = f;
        }
        self
    }
    pub(crate) fn without_out(mut self) -> Self {
        self.variants.out = false;
        self.with_checks()
    }
}

/// The array operand.
fn arr<'a>(op: &OpInfo, s: &'a Sample) -> Result<&'a Tensor> {
    s.tensor(0).ok_or(Error::Type {
        op: op.name,
        msg: "the first argument must be an array".into(),
    })
}

/// The shared keywords, with the record's default axis.
pub(crate) fn rargs(op: &OpInfo, s: &Sample) -> Result<ReduceArgs> {
    let none_default = op.reduction.as_ref().is_none_or(|r| r.axis_none_default);
    let default = if none_default {
        Axis::All
    } else {
        Axis::One(0)
    };
    kwargs::reduce_args(op.name, &s.kwargs, s.out1(), default)
}

fn ddof(op: &OpInfo, s: &Sample) -> Result<f64> {
    kwargs::float(op.name, &s.kwargs, "ddof", 0.0)
}

/// `axis=` of `np.nanargmax`/`np.nanargmin`: NumPy's NaN mask goes through `np.all(axis=...)`
/// first, so a tuple with a repeated axis is a ValueError there and any other tuple the
/// TypeError of `np.argmax`.
fn nanarg_axis(op: &OpInfo, s: &Sample) -> Result<Option<isize>> {
    // Only inexact input takes the NaN-mask path; other dtypes go straight to np.argmax.
    let a = arr(op, s)?;
    if let (Some(Kw::Ints(v)), true) = (kwargs::get(&s.kwargs, "axis"), a.dtype().is_inexact()) {
        let ndim = a.ndim();
        let axes = Axis::Many(v.iter().map(|&a| a as isize).collect());
        // `if mask.size: if np.any(np.all(mask, axis=axis)): raise ValueError` comes before
        // np.argmax refuses the tuple; an empty input skips it (and its axis checks).
        if a.numel() > 0 {
            axes.mask(op.name, ndim)?;
            let isnan = backends::ufunc("isnan").ok_or(Error::Unsupported {
                op: op.name,
                msg: "no isnan".into(),
            })?;
            let nan = isnan.call(&[backends::Arg::from(a)], None)?;
            let all_nan = nan.all(&ReduceArgs {
                axis: axes,
                ..ReduceArgs::default()
            })?;
            if all_nan.to_vec::<bool>()?.into_iter().any(|b| b) {
                return Err(Error::Value {
                    op: op.name,
                    msg: "All-NaN slice encountered".into(),
                });
            }
        }
    }
    kwargs::axis_int(op.name, &s.kwargs, None)
}

fn v1(t: Tensor) -> Vec<Tensor> {
    vec![t]
}

/// `np.<ufunc>.reduce(a, **kw)`.
fn ufunc_reduce(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let name = op.name.split('.').next().unwrap_or(op.name);
    let u = backends::ufunc(name).ok_or(Error::Unsupported {
        op: op.name,
        msg: "no such ufunc".into(),
    })?;
    u.reduce(arr(op, s)?, &rargs(op, s)?).map(v1)
}

/// `np.<ufunc>.accumulate(a, axis=0, dtype=None, out=None)`.
fn ufunc_accumulate(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let name = op.name.split('.').next().unwrap_or(op.name);
    let u = backends::ufunc(name).ok_or(Error::Unsupported {
        op: op.name,
        msg: "no such ufunc".into(),
    })?;
    let a = arr(op, s)?;
    // As NumPy: a tuple's axes are checked against the dimensions first (AxisError), then a
    // 0-d input is refused (passing axis 0 lets the engine raise "cannot accumulate on a
    // scalar"), then only a one-axis tuple is allowed. `axis=None` is one axis only for a
    // 1-d (or 0-d) input.
    let axis = match kwargs::get(&s.kwargs, "axis") {
        Some(Kw::Ints(v)) => {
            for &ax in v {
                backends::layout::normalize_axis(op.name, ax as isize, a.ndim())?;
            }
            match v.as_slice() {
                [ax] => Some(*ax as isize),
                _ if a.ndim() == 0 => Some(0),
                _ => {
                    return Err(Error::Value {
                        op: op.name,
                        msg: "accumulate does not allow multiple axes".into(),
                    })
                }
            }
        }
        _ => kwargs::axis_int(op.name, &s.kwargs, Some(0))?,
    };
    let axis = match axis {
        Some(axis) => axis,
        None if a.ndim() <= 1 => 0,
        None => {
            return Err(Error::Value {
                op: op.name,
                msg: "accumulate does not allow multiple axes".into(),
            })
        }
    };
    u.accumulate(a, axis, kwargs::dtype(op.name, &s.kwargs)?, s.out1())
        .map(v1)
}

const SUM_ACC: Accuracy = Accuracy {
    exact: rb::EXACT_SUM,
    scale: rb::SUM_SCALE,
    terms: rb::sum_terms_exact,
};
const MEAN_ACC: Accuracy = Accuracy {
    exact: rb::EXACT_MEAN,
    scale: rb::MEAN_SCALE,
    terms: rb::mean_terms_exact,
};

/// Every reduction and statistic record.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        // Sums and products.
        red("sum", &ALL, SUM_LIKE, |op, s| {
            arr(op, s)?.sum(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL)
        .bound(rb::SUM_SCALE, rb::sum_terms)
        .accurate(SUM_ACC)
        .extra_gen("dtype_out", ri::dtype_out_casts),
        red("nansum", &ALL, SUM_LIKE, |op, s| {
            arr(op, s)?.nansum(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL)
        .bound(rb::SUM_SCALE, rb::sum_terms)
        .accurate(SUM_ACC),
        red("prod", &ALL, SUM_LIKE, |op, s| {
            arr(op, s)?.prod(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL)
        .bound(rb::PROD_SCALE, rb::prod_terms)
        .near_one()
        .sequential(),
        red("nanprod", &ALL, SUM_LIKE, |op, s| {
            arr(op, s)?.nanprod(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL)
        .bound(rb::PROD_SCALE, rb::prod_terms)
        .near_one(),
        // Moments.
        red("mean", &ALL, MEAN_LIKE, |op, s| {
            arr(op, s)?.mean(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL)
        .bound(rb::MEAN_SCALE, rb::mean_terms)
        .accurate(MEAN_ACC),
        red("nanmean", &ALL, MEAN_LIKE, |op, s| {
            arr(op, s)?.nanmean(&rargs(op, s)?).map(v1)
        })
        .bound(rb::MEAN_SCALE, rb::mean_terms)
        .accurate(MEAN_ACC),
        red("var", &ALL, MEAN_LIKE, |op, s| {
            arr(op, s)?.var(&rargs(op, s)?, ddof(op, s)?).map(v1)
        })
        .bound(rb::VAR_SCALE, rb::var_terms)
        .extra(ddofs),
        red("nanvar", &ALL, MEAN_LIKE, |op, s| {
            arr(op, s)?.nanvar(&rargs(op, s)?, ddof(op, s)?).map(v1)
        })
        .bound(rb::VAR_SCALE, rb::var_terms)
        .extra(ddofs),
        red("std", &ALL, MEAN_LIKE, |op, s| {
            arr(op, s)?.std(&rargs(op, s)?, ddof(op, s)?).map(v1)
        })
        .bound(rb::STD_SCALE, rb::var_terms)
        .extra(ddofs),
        red("nanstd", &ALL, MEAN_LIKE, |op, s| {
            arr(op, s)?.nanstd(&rargs(op, s)?, ddof(op, s)?).map(v1)
        })
        .bound(rb::STD_SCALE, rb::var_terms)
        .extra(ddofs),
        // Extrema.
        red("max", &ALL, EXTREMA, |op, s| {
            arr(op, s)?.max(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL)
        .alias(&["amax"]),
        red("min", &ALL, EXTREMA, |op, s| {
            arr(op, s)?.min(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL)
        .alias(&["amin"]),
        red("nanmax", &ALL, EXTREMA, |op, s| {
            arr(op, s)?.nanmax(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL),
        red("nanmin", &ALL, EXTREMA, |op, s| {
            arr(op, s)?.nanmin(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL),
        red("ptp", NO_BOOL, PTP, |op, s| {
            arr(op, s)?.ptp(&rargs(op, s)?).map(v1)
        })
        .cuda(NO_BOOL),
        red("argmax", &ALL, ARG, |op, s| {
            let a = kwargs::axis_int(op.name, &s.kwargs, None)?;
            let k = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
            arr(op, s)?.argmax(a, k, s.out1()).map(v1)
        })
        .cuda(&ALL),
        red("argmin", &ALL, ARG, |op, s| {
            let a = kwargs::axis_int(op.name, &s.kwargs, None)?;
            let k = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
            arr(op, s)?.argmin(a, k, s.out1()).map(v1)
        })
        .cuda(&ALL),
        red("nanargmax", &ALL, ARG, |op, s| {
            let a = nanarg_axis(op, s)?;
            let k = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
            arr(op, s)?.nanargmax(a, k, s.out1()).map(v1)
        }),
        red("nanargmin", &ALL, ARG, |op, s| {
            let a = nanarg_axis(op, s)?;
            let k = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
            arr(op, s)?.nanargmin(a, k, s.out1()).map(v1)
        }),
        // Logic and counting.
        red("all", &ALL, LOGICAL, |op, s| {
            arr(op, s)?.all(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL),
        red("any", &ALL, LOGICAL, |op, s| {
            arr(op, s)?.any(&rargs(op, s)?).map(v1)
        })
        .cuda(&ALL),
        red("count_nonzero", &ALL, PTP, |op, s| {
            let r = rargs(op, s)?;
            arr(op, s)?.count_nonzero(&r.axis, r.keepdims).map(v1)
        })
        .cuda(&ALL)
        .without_out(),
        // Cumulative.
        red("cumsum", &ALL, CUMULATIVE, |op, s| {
            let a = kwargs::axis_int(op.name, &s.kwargs, None)?;
            let d = kwargs::dtype(op.name, &s.kwargs)?;
            arr(op, s)?.cumsum(a, d, s.out1()).map(v1)
        })
        .bound(rb::CUMSUM_SCALE, rb::cumulative_terms)
        .sequential(),
        red("cumprod", &ALL, CUMULATIVE, |op, s| {
            let a = kwargs::axis_int(op.name, &s.kwargs, None)?;
            let d = kwargs::dtype(op.name, &s.kwargs)?;
            arr(op, s)?.cumprod(a, d, s.out1()).map(v1)
        })
        .bound(rb::CUMPROD_SCALE, rb::cumulative_terms)
        .near_one()
        .sequential(),
        red("nancumsum", &ALL, CUMULATIVE, |op, s| {
            let a = kwargs::axis_int(op.name, &s.kwargs, None)?;
            let d = kwargs::dtype(op.name, &s.kwargs)?;
            arr(op, s)?.nancumsum(a, d, s.out1()).map(v1)
        })
        .bound(rb::CUMSUM_SCALE, rb::cumulative_terms),
        red("nancumprod", &ALL, CUMULATIVE, |op, s| {
            let a = kwargs::axis_int(op.name, &s.kwargs, None)?;
            let d = kwargs::dtype(op.name, &s.kwargs)?;
            arr(op, s)?.nancumprod(a, d, s.out1()).map(v1)
        })
        .bound(rb::CUMPROD_SCALE, rb::cumulative_terms)
        .near_one(),
        // The ufunc methods behind them.
        red("add.reduce", &ALL, UFUNC_REDUCE, ufunc_reduce)
            .cuda(&ALL)
            .bound(rb::SUM_SCALE, rb::sum_terms)
            .accurate(SUM_ACC),
        red("multiply.reduce", &ALL, UFUNC_REDUCE, ufunc_reduce)
            .cuda(&ALL)
            .bound(rb::PROD_SCALE_AXIS0, rb::prod_terms)
            .near_one()
            .sequential(),
        red("maximum.reduce", &ALL, EXTREMA_REDUCE, ufunc_reduce).cuda(&ALL),
        red("minimum.reduce", &ALL, EXTREMA_REDUCE, ufunc_reduce).cuda(&ALL),
        red("fmax.reduce", &ALL, EXTREMA_REDUCE, ufunc_reduce).cuda(&ALL),
        red("fmin.reduce", &ALL, EXTREMA_REDUCE, ufunc_reduce).cuda(&ALL),
        red("logical_and.reduce", &ALL, UFUNC_REDUCE, ufunc_reduce).cuda(&ALL),
        red("logical_or.reduce", &ALL, UFUNC_REDUCE, ufunc_reduce).cuda(&ALL),
        red("logical_xor.reduce", &ALL, UFUNC_REDUCE, ufunc_reduce).cuda(&ALL),
        red("bitwise_and.reduce", INTEGRAL, UFUNC_REDUCE, ufunc_reduce).cuda(INTEGRAL),
        red("bitwise_or.reduce", INTEGRAL, UFUNC_REDUCE, ufunc_reduce).cuda(INTEGRAL),
        red("bitwise_xor.reduce", INTEGRAL, UFUNC_REDUCE, ufunc_reduce).cuda(INTEGRAL),
        red("add.accumulate", &ALL, UFUNC_ACCUMULATE, ufunc_accumulate)
            .bound(rb::CUMSUM_SCALE, rb::cumulative_terms)
            .sequential(),
        red(
            "multiply.accumulate",
            &ALL,
            UFUNC_ACCUMULATE,
            ufunc_accumulate,
        )
        .bound(rb::CUMPROD_SCALE_AXIS0, rb::cumulative_terms)
        .near_one()
        .sequential(),
        red(
            "maximum.accumulate",
            &ALL,
            UFUNC_ACCUMULATE,
            ufunc_accumulate,
        ),
        red(
            "minimum.accumulate",
            &ALL,
            UFUNC_ACCUMULATE,
            ufunc_accumulate,
        ),
        red(
            "logical_or.accumulate",
            &ALL,
            UFUNC_ACCUMULATE,
            ufunc_accumulate,
        ),
        red(
            "bitwise_xor.accumulate",
            INTEGRAL,
            UFUNC_ACCUMULATE,
            ufunc_accumulate,
        ),
    ];
    v.extend(crate::statistics::records());
    v
}

/// `np.maximum.reduce`-like: as np.max but the default axis is 0.
const EXTREMA_REDUCE: ReductionInfo = ReductionInfo {
    axis_none_default: false,
    ..EXTREMA
};
