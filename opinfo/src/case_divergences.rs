//! Principled divergences that depend on a call's arguments, not only on its op and dtype:
//! NumPy behaviour that is an accident of one code path (a check skipped for empty arrays, a
//! C cast whose answer depends on the SIMD loop) or that no oracle can reproduce. Each entry
//! is data with its reason and a predicate over the [`Case`]; the fuzzer reports a mismatch of
//! the entry's kind on a case it selects as declared, not as a finding.

use crate::case::{ArgSpec, Case, Elem, KwValue, TensorSpec};
use crate::record::OpInfo;
use crate::skips::DivergenceKind;
use backends::DType;

/// A divergence selected by the call's arguments.
pub struct CaseDivergence {
    /// Short stable name.
    pub name: &'static str,
    /// What differs.
    pub kind: DivergenceKind,
    /// Other kinds of mismatch the entry covers on the cases it selects (a NumPy quirk that
    /// raises on some of them and returns a different result on others).
    pub also: &'static [DivergenceKind],
    /// Whether a case of an op is one it covers.
    pub applies: fn(&OpInfo, &Case) -> bool,
    /// Why the engine differs on purpose.
    pub reason: &'static str,
}

/// A keyword's value, if the case passes it.
fn kw<'a>(c: &'a Case, name: &str) -> Option<&'a KwValue> {
    c.kwargs.iter().find(|k| k.name == name).map(|k| &k.value)
}

/// The first positional array.
fn first_tensor(c: &Case) -> Option<&TensorSpec> {
    c.args.iter().find_map(|a| match a {
        ArgSpec::Tensor(t) => Some(t),
        ArgSpec::Python(_) => None,
    })
}

fn dtype_of(t: &TensorSpec) -> Option<DType> {
    DType::from_name(&t.dtype)
}

/// log2 of the largest finite value and of the smallest positive (subnormal) value of a float
/// dtype (of a complex dtype's parts).
fn exponent_range(d: DType) -> Option<(f64, f64)> {
    match d {
        DType::F16 => Some((16.0, -24.0)),
        DType::BF16 | DType::F32 | DType::C64 => Some((128.0, -149.0)),
        DType::F64 | DType::C128 => Some((1024.0, -1074.0)),
        _ => None,
    }
}

/// Whether dtype `d` holds element `e` exactly in range (an integer dtype: its range; a float
/// dtype: below its overflow threshold; complex: either part).
fn holds(d: DType, e: &Elem) -> bool {
    let Ok((re, im)) = e.parts() else {
        return true;
    };
    if let Some((lo, hi)) = d.int_range() {
        return im == 0.0
            && !re.is_nan()
            && re >= lo as f64
            && re <= hi as f64
            && re.fract() == 0.0;
    }
    let max = match d {
        DType::F16 => 65504.0,
        DType::BF16 | DType::F32 | DType::C64 => f32::MAX as f64,
        _ => f64::MAX,
    };
    let over = |x: f64| x.is_finite() && x.abs() > max;
    !over(re) && !over(im)
}

fn elements(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// The real values an argument passes (a Python number, or an array's viewed elements; a
/// complex value by its real part); `None` when one cannot be read.
fn real_values(a: &ArgSpec) -> Option<Vec<f64>> {
    match a {
        ArgSpec::Tensor(t) => t
            .values()
            .ok()?
            .iter()
            .map(|e| e.parts().ok().map(|(re, _)| re))
            .collect(),
        ArgSpec::Python(crate::case::PyValue::Float(r)) => Some(vec![r.to_f64().ok()?]),
        ArgSpec::Python(_) => None,
    }
}

/// The integer dtype a float value is cast to on the way: `dtype=`'s or `out=`'s, the first
/// that is an integer dtype.
fn integer_target(c: &Case) -> Option<DType> {
    let dtype_kw = match kw(c, "dtype") {
        Some(KwValue::Dtype(d)) => DType::from_name(d),
        _ => None,
    };
    dtype_kw
        .into_iter()
        .chain(c.out.first().and_then(dtype_of))
        .find(|d| d.is_integer())
}

/// True when a float input holds a value an integer cast of `target` cannot represent (with
/// `computes_float`, an integer input too: the op computes floats from it first).
fn float_out_of_range(c: &Case, target: DType, computes_float: bool) -> bool {
    let Some((lo, hi)) = target.int_range() else {
        return false;
    };
    c.args.iter().any(|a| match a {
        ArgSpec::Tensor(t)
            if dtype_of(t).is_some_and(|d| {
                d.is_float() || d.is_complex() || (computes_float && d != DType::Bool)
            }) =>
        {
            let bad = |x: f64| x.is_nan() || x.trunc() < lo as f64 || x.trunc() > hi as f64;
            t.storage.iter().any(|e| match e {
                Elem::Real(r) => r.to_f64().is_ok_and(bad),
                // A complex value is cast through its real part.
                Elem::Complex([re, _]) => re.to_f64().is_ok_and(bad),
            })
        }
        _ => false,
    })
}

/// True when a mean-like op may divide by a zero count (an empty input, a `where=` mask,
/// or `ddof=`), so a NaN is computed before the cast to an integer `dtype=`.
fn may_compute_nan(op: &OpInfo, c: &Case) -> bool {
    let empty = first_tensor(c).is_some_and(|t| elements(&t.shape) == 0);
    // The median and quantile family of an empty slice is NaN too (np.nanmedian of an empty
    // array is np.nanmean's).
    (is_quantile_like(op.name) && empty)
        || matches!(
            op.name,
            "mean" | "nanmean" | "var" | "std" | "nanvar" | "nanstd"
        ) && (kw(c, "where").is_some() || kw(c, "ddof").is_some() || empty)
}

/// Ops whose results are floats computed from any input (statistics), cast to an integer
/// `out=` at the end.
fn computes_float(op: &OpInfo) -> bool {
    is_quantile_like(op.name)
        || matches!(
            op.name,
            "mean" | "nanmean" | "var" | "std" | "nanvar" | "nanstd" | "average"
        )
}

/// True when `t`'s view reaches one storage element from two indices (a zero stride, or
/// strides that interleave).
fn overlaps(t: &TensorSpec) -> bool {
    let mut seen = std::collections::HashSet::new();
    let n = elements(&t.shape);
    (0..n).any(|flat| {
        let (mut rest, mut at) = (flat, t.offset as isize);
        for (&len, &stride) in t.shape.iter().zip(&t.strides).rev() {
            at += (rest % len) as isize * stride;
            rest /= len;
        }
        !seen.insert(at)
    })
}

/// True when `q` is a Python int or an integer array: NumPy's quantile then takes the
/// elements with `ndarray.take` whatever the method.
fn integer_q(c: &Case) -> bool {
    let int_spec = |t: &TensorSpec| dtype_of(t).is_some_and(|d| d.int_range().is_some());
    let positional = c.args.iter().skip(1).any(|a| match a {
        ArgSpec::Tensor(t) => int_spec(t),
        ArgSpec::Python(p) => p.kind() == "int",
    });
    let keyword = match kw(c, "q") {
        Some(KwValue::Tensor(t)) => int_spec(t),
        Some(KwValue::Scalar(p)) => p.kind() == "int",
        Some(KwValue::Int(_)) => true,
        _ => false,
    };
    positional || keyword
}

/// A spacing/nextafter/rint/round call on the small inputs NumPy's poisoned dispatch cache
/// sends to ml_dtypes' bfloat16 loop.
fn poisoned_step_call(op: &OpInfo, c: &Case) -> bool {
    matches!(op.name, "spacing" | "nextafter" | "rint" | "round")
        && first_tensor(c).is_some_and(|t| matches!(t.dtype.as_str(), "int8" | "uint8" | "bool"))
}

/// The product reductions and accumulations.
fn is_product(name: &str) -> bool {
    matches!(
        name,
        "prod" | "nanprod" | "multiply.reduce" | "cumprod" | "nancumprod" | "multiply.accumulate"
    )
}

/// The median and quantile family (NumPy's `_ureduce` functions).
fn is_quantile_like(name: &str) -> bool {
    matches!(
        name,
        "median" | "nanmedian" | "percentile" | "quantile" | "nanpercentile" | "nanquantile"
    )
}

/// Every case-selected divergence.
pub fn case_divergences() -> Vec<CaseDivergence> {
    vec![
        CaseDivergence {
            name: "overlapping-out-write-order",
            also: &[DivergenceKind::SignedZero],
            kind: DivergenceKind::Value,
            applies: |_, c| c.out.iter().any(overlaps),
            reason: "When out= repeats elements (a zero stride), several results land on one \
                     element and NumPy keeps whichever its iterator writes last. That order \
                     depends on every operand's strides (the iterator reverses an axis along \
                     which all strides are negative or zero: np.fix(x[::-1], \
                     out=o[stride 0]) keeps x[::-1][0]), and a reduction accumulates in the \
                     aliased memory itself (np.fmax.reduce into a stride-0 out gives neither \
                     row's maximum); NumPy documents no order. The engine, on the CPU, writes \
                     in C order, so the last index wins; CUDA refuses such an out=",
        },
        CaseDivergence {
            name: "which-complex-nan-max-min-return",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let base = op.name.split('.').next().unwrap_or(op.name);
                matches!(base, "min" | "max" | "ptp" | "minimum" | "maximum")
                    && first_tensor(c).is_some_and(|t| {
                        t.shape.len() > 1
                            && dtype_of(t).is_some_and(|d| d.is_complex())
                            && t.storage.iter().any(|e| {
                                matches!(e, Elem::Complex([re, im])
                                    if re.to_f64().is_ok_and(f64::is_nan)
                                        || im.to_f64().is_ok_and(f64::is_nan))
                            })
                    })
            },
            reason: "A complex max/min propagates the first NaN it meets, and which complex NaN \
                     that is (nan+0j or 0+nanj) depends on the order of the elements. Over \
                     several axes NumPy's reduction visits them in memory order (it reverses \
                     negative strides and puts the smallest stride innermost); the engine \
                     visits them in C order, whatever the layout, so its answer does not \
                     depend on how the array is stored",
        },
        CaseDivergence {
            name: "entropy-float32-pk-sum-order",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name == "entropy"
                    && first_tensor(c).is_some_and(|t| t.dtype == "float32")
                    && matches!(kw(c, "qk"), Some(KwValue::Tensor(q)) if q.dtype == "float64")
            },
            reason: "SciPy normalises pk in pk's dtype (1.0*pk / sum(pk)) before rel_entr \
                     promotes it to qk's float64, so a float32 pk carries float32 roundings \
                     into a float64 result. NumPy sums that float32 pk along a moveaxis view \
                     in memory order (sequentially when the axis is not the innermost); the \
                     engine sums it pairwise in logical order whatever the layout. Both are \
                     float32 sums, about n * 2**-24 apart relative, which the float64 \
                     result's tolerance does not absorb",
        },
        CaseDivergence {
            name: "complex-product-of-non-finite-order",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                is_product(op.name) && first_tensor(c).is_some_and(|t| {
                    t.dtype.starts_with("complex")
                        && t.storage.iter().any(|e| {
                            e.parts().is_ok_and(|(re, im)| !re.is_finite() || !im.is_finite())
                        })
                })
            },
            reason: "A complex product with an infinite or NaN factor is not associative: \
                     (inf+nanj) or (nan+nanj) comes out depending on the order of the factors. \
                     Over several axes NumPy multiplies in memory order (it reverses negative \
                     strides and puts the smallest stride innermost); the engine multiplies in \
                     C order, whatever the layout",
        },
        CaseDivergence {
            name: "product-order-with-overflow",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                is_product(op.name) && first_tensor(c).is_some_and(|t| {
                    // The loop's dtype: dtype='s, else a float out='s, else the input's.
                    let loop_dtype = match kw(c, "dtype") {
                        Some(KwValue::Dtype(d)) => DType::from_name(d),
                        _ => c
                            .out
                            .first()
                            .and_then(dtype_of)
                            .filter(|d| exponent_range(*d).is_some())
                            .or_else(|| dtype_of(t)),
                    };
                    let Some((max_exp, min_exp)) = loop_dtype.and_then(exponent_range) else {
                        return false;
                    };
                    // log2 of the product of the factors above 1, and of those below 1.
                    let (mut big, mut small) = (0.0f64, 0.0f64);
                    for e in &t.storage {
                        if let Ok((re, im)) = e.parts() {
                            let m = re.hypot(im);
                            if m.is_finite() && m > 1.0 {
                                big += m.log2();
                            } else if m > 0.0 && m < 1.0 {
                                small += m.log2();
                            }
                        }
                    }
                    big > max_exp || small < min_exp
                })
            },
            reason: "A product whose large factors alone overflow (or whose small ones alone \
                     underflow to 0) depends on the order of the factors: 1 * 19 * 1.1e307 * \
                     2.2e-308 is inf in that order and 4.75 in the order 1.1e307 * 2.2e-308 * \
                     19. NumPy multiplies in memory order (it reverses negative strides and \
                     puts the smallest stride innermost); the engine multiplies in C order, \
                     whatever the layout",
        },
        CaseDivergence {
            name: "extremum-first-element-into-narrower-out",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let base = op.name.split('.').next().unwrap_or(op.name);
                matches!(
                    base,
                    "min" | "max" | "amin" | "amax" | "nanmin" | "nanmax" | "minimum"
                        | "maximum" | "fmin" | "fmax"
                ) && c.out.first().and_then(dtype_of).is_some_and(|o| {
                    first_tensor(c).is_some_and(|t| {
                        dtype_of(t) != Some(o) && t.storage.iter().any(|e| !holds(o, e))
                    })
                })
            },
            reason: "A reduction without identity into an out= of another dtype starts from \
                     the first element NumPy visits, cast to out's dtype, and reduces the rest \
                     in the loop's dtype; for 4 or more elements its SIMD loop reduces in the \
                     input's dtype first (np.max(uint8 [255, 13], out=int8) is 13, of \
                     [255, 13, 255, 13] -1). Where out's dtype cannot hold an input value, \
                     which element comes first (NumPy's memory order) and the length decide \
                     the answer. The engine starts from the first element in C order",
        },
        CaseDivergence {
            name: "running-value-in-other-out-dtype",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(
                    op.name,
                    "sum" | "nansum" | "add.reduce" | "prod" | "nanprod" | "multiply.reduce"
                ) && c.out.first().and_then(dtype_of).is_some_and(|o| {
                    first_tensor(c).is_some_and(|t| {
                        let several_axes = match kw(c, "axis") {
                            Some(KwValue::Ints(v)) => v.len() >= 2,
                            Some(KwValue::None) => t.shape.len() >= 2,
                            // np.sum's default is axis=None; ufunc.reduce's is axis=0.
                            None => !op.name.contains('.') && t.shape.len() >= 2,
                            _ => false,
                        };
                        // NumPy's buffer holds 8192 elements: a longer reduction runs
                        // several inner loops even along one axis.
                        (several_axes || elements(&t.shape) > 8192) && dtype_of(t) != Some(o)
                    })
                })
            },
            reason: "Over several axes (or more than its 8192-element buffer) into an out= \
                     of another dtype, NumPy's buffered iterator keeps the running value in \
                     out= between its inner loops: it is \
                     cast to out's dtype (int8: truncated) after every inner loop and back to \
                     the loop's dtype for the next, so where the inner loops end (NumPy's \
                     memory order) decides the roundings. The engine reduces every slice in \
                     the loop's dtype and casts the result once",
        },
        CaseDivergence {
            name: "variance-of-huge-values-overflows-by-order",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(op.name, "var" | "std" | "nanvar" | "nanstd")
                    && first_tensor(c).is_some_and(|t| {
                        // The deviations carry the mean's rounding error, |x| * eps; its
                        // square overflows from |x| > sqrt(max) / eps.
                        let limit = match t.dtype.as_str() {
                            "float16" => 2.6e5,
                            "float32" | "complex64" | "bfloat16" => 1.5e26,
                            _ => 6.0e169,
                        };
                        t.storage.iter().any(|e| {
                            e.parts().is_ok_and(|(re, im)| {
                                (re.is_finite() && re.abs() > limit)
                                    || (im.is_finite() && im.abs() > limit)
                            })
                        })
                    })
            },
            reason: "var/std subtract the mean, whose rounding error (about |x| * eps) depends \
                     on the summation order, and square the deviations: for values so large \
                     that the square of that error overflows (|x| above about 1.5e26 in \
                     float32), the same constant column gives inf in NumPy (its memory-order \
                     sum rounds the mean) and 0 in the engine (its pairwise sum gives the exact \
                     mean), or the reverse",
        },
        CaseDivergence {
            name: "numpy-strided-bool-out-classification-bug",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(op.name, "isinf" | "isnan" | "isfinite" | "signbit")
                    && c.out.first().is_some_and(|o| {
                        elements(&o.shape) >= 16 && {
                            // Not C-contiguous.
                            let mut want = 1isize;
                            let mut contiguous = true;
                            for (&n, &st) in o.shape.iter().zip(&o.strides).rev() {
                                if n > 1 && st != want {
                                    contiguous = false;
                                }
                                want *= n as isize;
                            }
                            !contiguous
                        }
                    })
            },
            reason: "A NumPy 2.4.6 bug (its AVX-512 float32/float64 classification loops): \
                     writing isinf, isnan or signbit into a non-contiguous bool out= of 16 or \
                     more elements leaves elements 4..15 of every 16 unwritten \
                     (o = np.ones(48, bool)[::3]; np.isinf(np.float32(0), out=o) keeps \
                     o[4:16] True). The engine writes every element",
        },
        CaseDivergence {
            name: "sum-order-with-non-finite-or-overflow",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(
                    op.name,
                    "sum" | "nansum" | "add.reduce" | "mean" | "nanmean" | "average" | "cumsum"
                        | "nancumsum" | "add.accumulate"
                ) && first_tensor(c).is_some_and(|t| {
                    t.storage.iter().any(|e| {
                        e.parts().is_ok_and(|(re, im)| {
                            re.is_nan() || im.is_nan() || re.abs() >= 1e300 || im.abs() >= 1e300
                        })
                    })
                })
            },
            reason: "With infinities of both signs, or values that overflow when added \
                     (1e308 + 1e308), a floating-point sum depends on its order: \
                     (-inf + 1e308) + 1e308 is -inf where (1e308 + 1e308) + -inf is NaN. \
                     NumPy adds in memory order (pairwise along the innermost stride, \
                     sequentially across the others); the engine adds pairwise in logical \
                     order, whatever the layout, so its answer does not depend on how the \
                     array is stored",
        },
        CaseDivergence {
            name: "bfloat16-step-functions-proxy",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(op.name, "nextafter" | "spacing")
                    && c.args
                        .iter()
                        .any(|a| matches!(a, ArgSpec::Tensor(t) if t.dtype == "bfloat16"))
            },
            reason: "nextafter and spacing step by one unit of the dtype's precision. The \
                     oracle computes bfloat16 as float32, steps by float32's unit and rounds: \
                     np.nextafter(inf, 1.9) is float32's maximum 3.4028235e38, which rounds \
                     to inf in bfloat16, where ml_dtypes and the engine give bfloat16's \
                     maximum 3.3895314e38",
        },
        CaseDivergence {
            name: "numpy-dispatch-cache-poisoned-by-bfloat16",
            also: &[DivergenceKind::ErrorKind],
            kind: DivergenceKind::Dtype,
            applies: poisoned_step_call,
            reason: "A NumPy 2.4.6 + ml_dtypes bug that makes results depend on call history: \
                     once np.spacing has run on bfloat16, np.spacing(int8 0-d, \
                     out=bfloat16 0-d) picks ml_dtypes' bfloat16 loop, and from then on NumPy's \
                     dispatch cache gives np.spacing(int8 array) a bfloat16 result (float16 in \
                     a fresh process); np.nextafter behaves the same. The oracle is one \
                     long-lived process, so such calls are not judged; the engine gives float16, \
                     NumPy's fresh-process answer. np.rint (and np.round through it) of bool, \
                     int8 and uint8 too: a fuzz run saw np.rint(bool 0-d) return bfloat16, and \
                     the same call in a fresh process returns float16",
        },
        CaseDivergence {
            name: "numpy-dispatch-cache-poisoned-by-bfloat16-values",
            also: &[],
            kind: DivergenceKind::Value,
            applies: poisoned_step_call,
            reason: "See numpy-dispatch-cache-poisoned-by-bfloat16: the poisoned loop computes \
                     the spacing of bfloat16 (2**-7 at 1) where the float16 loop gives 2**-10",
        },
        CaseDivergence {
            name: "ml-dtypes-bfloat16-refuses-ints-beyond-int64",
            also: &[],
            kind: DivergenceKind::ErrorKind,
            applies: |_, c| {
                let bf16 = c.args.iter().any(|a| matches!(a, ArgSpec::Tensor(t) if t.dtype == "bfloat16"))
                    || c.out.iter().any(|o| o.dtype == "bfloat16")
                    || matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if d == "bfloat16");
                let beyond = |p: &crate::case::PyValue| {
                    p.to_scalar().is_ok_and(|s| {
                        matches!(s, backends::PyScalar::Int(i)
                            if i < i64::MIN as i128 || i > i64::MAX as i128)
                    })
                };
                let big = c.args.iter().any(|a| matches!(a, ArgSpec::Python(p) if beyond(p)))
                    || c.kwargs.iter().any(|k| matches!(&k.value, KwValue::Scalar(p) if beyond(p)));
                bf16 && big
            },
            reason: "ml_dtypes converts a Python int to bfloat16 through a C long, so an int \
                     beyond int64 is a TypeError ('expected number, got int') where NumPy's \
                     float16 takes it (2**64 becomes inf): np.nextafter(bfloat16, -2**63 - 1), \
                     np.prod(bfloat16, initial=2**64 - 1). The engine converts it as float16 \
                     does",
        },
        CaseDivergence {
            name: "python-int-beyond-64-bits-is-object",
            also: &[DivergenceKind::ErrorKind],
            kind: DivergenceKind::Dtype,
            applies: |op, c| {
                (op.name == "clip" || c.args.iter().all(|a| matches!(a, ArgSpec::Python(_))))
                    && c.args.iter().take(if op.name == "clip" { 1 } else { usize::MAX }).any(|a| {
                        matches!(a, ArgSpec::Python(p) if p.to_scalar().is_ok_and(|s| {
                            matches!(s, backends::PyScalar::Int(i)
                                if i < i64::MIN as i128 || i > u64::MAX as i128)
                        }))
                    })
            },
            reason: "With only Python scalars (and for np.clip's first argument always), \
                     NumPy calls np.asarray on each, and an int \
                     beyond 64 bits becomes an object array whose Python arithmetic then runs \
                     (np.clip(2**64 + 1, 1.9, 3.0) is 3.0, an object result). The engine has no \
                     object dtype and refuses such a call with a typed error",
        },
        CaseDivergence {
            name: "bfloat16-out-holds-reduction-start",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.reduction.as_ref().is_some_and(|r| !r.cumulative)
                    && c.out.iter().any(|o| o.dtype == "bfloat16")
                    && first_tensor(c).is_some_and(|t| t.dtype != "bfloat16")
            },
            reason: "NumPy starts a reduction in out= itself, so the start value (identity, \
                     initial= or first element) passes through out's dtype before the loop: \
                     into a bfloat16 out, bitwise_and's uint16 identity 65535 becomes 65536 \
                     and wraps to 0, as the engine computes. The oracle holds a bfloat16 out= \
                     as float32, which keeps 65535",
        },
        CaseDivergence {
            name: "bfloat16-loop-with-other-out",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |_, c| {
                c.args
                    .iter()
                    .any(|a| matches!(a, ArgSpec::Tensor(t) if t.dtype == "bfloat16"))
                    && c.out.iter().any(|o| o.dtype != "bfloat16")
            },
            reason: "ml_dtypes' bfloat16 loops write only bfloat16, so with an out= of another \
                     dtype NumPy runs a loop of out's type instead: np.multiply(bfloat16 1.0, \
                     1e5, out=complex128) is exactly 100000 and np.nextafter steps in float64, \
                     where for float16 NumPy keeps the float16 loop and casts (inf, a float16 \
                     step). The engine keeps the input's loop for bfloat16 as NumPy does for \
                     float16 (np.round(bfloat16 1.0, 5, out=complex128) is 0.9984 there)",
        },
        CaseDivergence {
            name: "complex-product-signed-zero-order",
            also: &[],
            kind: DivergenceKind::SignedZero,
            applies: |op, c| {
                is_product(op.name) && (first_tensor(c).is_some_and(|t| t.dtype.starts_with("complex"))
                    || c.out.iter().any(|o| o.dtype.starts_with("complex"))
                    || matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if d.starts_with("complex")))
            },
            reason: "The sign of a zero part of a complex product depends on the order of the \
                     factors (re = a.re*b.re - a.im*b.im rounds 0 - 0 to +0 and -0*x - 0 to \
                     -0). NumPy multiplies in memory order, the engine in C order whatever \
                     the layout",
        },
        CaseDivergence {
            name: "float16-accumulator-by-layout",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(
                    op.name,
                    "prod" | "nanprod" | "multiply.reduce" | "sum" | "nansum" | "add.reduce"
                        | "mean" | "nanmean" | "var" | "std" | "nanvar" | "nanstd"
                ) && first_tensor(c).is_some_and(|t| t.shape.len() > 1)
                    && match kw(c, "dtype") {
                        Some(KwValue::Dtype(d)) => d == "float16",
                        _ => first_tensor(c).is_some_and(|t| t.dtype == "float16"),
                    }
            },
            reason: "NumPy's float16 add and multiply reductions keep a float32 accumulator \
                     along the innermost (contiguous) axis but round every partial result to \
                     float16 when they reduce an outer axis, row by row: the product of \
                     [300, 300, 0.001] down axis 0 of a 2-d array is inf (90000 overflows \
                     float16) where along the last axis it is 90. The engine accumulates in \
                     float32 whatever the axis, so the answer does not depend on the layout. \
                     var and std inherit it through their mean and their sum of squares \
                     (np.std(float16 [6, 3, 5], axis=(0, 1), dtype=float16, ddof=1, \
                     out=complex64) differs in the fourth digit)",
        },
        CaseDivergence {
            name: "complex-square-overflow-by-loop",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(op.name, "square" | "multiply")
                    && c.args.iter().any(|a| match a {
                        ArgSpec::Tensor(t) if t.dtype.starts_with("complex") => {
                            let limit = if t.dtype == "complex64" { 1.8e19 } else { 1.3e154 };
                            t.storage.iter().any(|e| {
                                e.parts().is_ok_and(|(re, im)| {
                                    re.abs() >= limit || im.abs() >= limit
                                })
                            })
                        }
                        _ => false,
                    })
            },
            reason: "Where a complex square or product overflows, NumPy's loops disagree: its \
                     contiguous SIMD loop fuses re = fma(a, a, -b*b), giving \
                     square(3.25e19+2.91e19j) = -inf+infj in complex64, while its strided \
                     and 0-d loops round a*a first and give nan+infj for the same value. The \
                     engine follows the SIMD loop whatever the layout",
        },
        CaseDivergence {
            name: "signed-zero-a-selection-picks",
            also: &[],
            kind: DivergenceKind::SignedZero,
            applies: |op, c| is_quantile_like(op.name) && !c.args.is_empty(),
            reason: "+0.0 and -0.0 compare equal, and NumPy's partition (introselect) leaves \
                     equal elements in an unspecified order, so which zero a median or \
                     quantile picks depends on the data's arrangement; the engine picks by \
                     its own selection, also value-correct",
        },
        CaseDivergence {
            name: "signed-zero-of-min-max-ties",
            also: &[],
            kind: DivergenceKind::SignedZero,
            applies: |op, c| {
                let base = op.name.split('.').next().unwrap_or(op.name);
                matches!(
                    base,
                    "min" | "max" | "nanmin" | "nanmax" | "minimum" | "maximum" | "fmin" | "fmax"
                ) && !c.args.is_empty()
            },
            reason: "Between +0.0 and -0.0, which compare equal, NumPy's min/max loops return \
                     either depending on the loop: np.fmin.reduce of float32 [0.0, -0.0] is \
                     0.0 for a contiguous array and -0.0 for the same values through a \
                     reversed view. The engine keeps the first of equal values, whatever the \
                     layout",
        },
        CaseDivergence {
            name: "accumulate-out-shape-unchecked",
            also: &[],
            kind: DivergenceKind::ErrorKind,
            applies: |op, c| {
                op.reduction.as_ref().is_some_and(|r| r.cumulative)
                    && c.out.first().is_some_and(|o| {
                        first_tensor(c).is_none_or(|a| {
                            let flat = [elements(&a.shape)];
                            let flattened =
                                a.shape.is_empty() || matches!(kw(c, "axis"), Some(KwValue::None));
                            o.shape != if flattened { &flat[..] } else { &a.shape[..] }
                        })
                    })
            },
            reason: "NumPy 2.4.6 checks an accumulation's out= shape ('provided out is the \
                     wrong size for the accumulation') only when out is non-empty and of the \
                     loop's dtype. An empty out of any shape is returned unchanged (a 0-d one \
                     segfaults), and an out that needs a cast is broadcast against: \
                     np.cumsum(np.ones((2, 1)), out=np.zeros((2, 3), np.float32)) fills \
                     three columns, np.minimum.accumulate(np.ones(1, np.uint64), \
                     out=np.zeros(2, np.uint16)) gives [1, 0]. The engine requires out's shape \
                     to be the result's, whatever its dtype",
        },
        CaseDivergence {
            name: "bfloat16-accumulation-rounds-every-step",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                (op.reduction.as_ref().is_some_and(|r| r.cumulative)
                    || matches!(
                        op.name,
                        "prod" | "nanprod" | "multiply.reduce" | "sum" | "nansum" | "add.reduce"
                    ))
                    && (first_tensor(c).is_some_and(|t| t.dtype == "bfloat16")
                        || matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if d == "bfloat16"))
            },
            reason: "The oracle computes bfloat16 in float32 and rounds the result once; a \
                     cumulative product or sum rounds every partial result to bfloat16, as \
                     the engine and ml_dtypes' own bfloat16 loop do, and the two drift apart \
                     by a rounding per step. For 2052 products of 0.921875 ml_dtypes' \
                     np.cumprod ends at the subnormal 5.5e-40, as the engine does, where the \
                     float32 proxy underflows to 0; np.nanprod of bfloat16 [-0.5, -9.2e-41, \
                     inf] is nan in ml_dtypes and the engine (the subnormal product rounds to \
                     0 in bfloat16) and inf in float32",
        },
        CaseDivergence {
            name: "median-keepdims-out-indexed",
            also: &[DivergenceKind::ErrorKind],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                is_quantile_like(op.name)
                    && matches!(kw(c, "keepdims"), Some(KwValue::Bool(true)))
                    && c.out.first().is_some_and(|o| o.shape.iter().any(|&n| n > 1))
            },
            reason: "With keepdims=True NumPy's median and quantile family write their result \
                     into out[..., 0, ...] (its _ureduce indexes every kept axis of out= with \
                     0), so an out= longer than 1 along a kept axis is written only in its \
                     first position; np.nanmedian(int8 [1], keepdims=True, out=float64 [2]) \
                     leaves out[1], and an out= with fewer kept axes is an IndexError ('too many indices'). \
                     The engine broadcasts the result over the whole out=, as \
                     the assignment out[...] = result that NumPy documents does",
        },
        CaseDivergence {
            name: "nanmedian-empty-through-nanmean",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(op.name, "median" | "nanmedian" | "nanquantile" | "nanpercentile")
                    && first_tensor(c).is_some_and(|t| elements(&t.shape) == 0)
                    && c.out.first().and_then(dtype_of).is_some_and(|d| d.is_complex())
            },
            reason: "np.median of an empty slice, and np.nanmedian (and nanquantile) of an \
                     empty array, return np.mean / np.nanmean(a, out=out), which \
                     divides 0 by 0 in out's dtype: into a complex out= that is nan+nanj. The \
                     engine's NaN median is a real NaN cast to out's dtype, nan+0j",
        },
        CaseDivergence {
            name: "moments-of-narrow-input-into-wider-out",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let wide = |d: &str| matches!(d, "float64" | "complex128");
                let into_out = matches!(op.name, "var" | "std" | "nanvar" | "nanstd")
                    && kw(c, "dtype").is_none()
                    && first_tensor(c).is_some_and(|t| matches!(t.dtype.as_str(), "float32" | "complex64"))
                    && c.out.iter().any(|o| wide(&o.dtype));
                // NumPy's nanvar/nanstd compute the mean in the input's dtype even under a
                // wider dtype= (float16 and complex64 input).
                let nan_dtype = matches!(op.name, "nanvar" | "nanstd")
                    && matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if wide(d))
                    && first_tensor(c)
                        .is_some_and(|t| matches!(t.dtype.as_str(), "float16" | "complex64"));
                into_out || nan_dtype
            },
            reason: "var/std of float32 (complex64) input into a float64 out= subtract a \
                     float32 mean, whose rounding depends on the summation order (NumPy's \
                     memory order, the engine's pairwise logical order) and carries into the \
                     float64 result at float32's relative size; the error bound counts in the \
                     out's float64 epsilon. np.nanvar/nanstd of float16 or complex64 input \
                     under dtype=float64 (complex128) compute that mean in the input's dtype \
                     too, where the engine keeps the wider dtype",
        },
        CaseDivergence {
            name: "bfloat16-moments-round-every-step",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(op.name, "var" | "std" | "nanvar" | "nanstd")
                    && (matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if d == "bfloat16")
                        || (kw(c, "dtype").is_none()
                            && first_tensor(c).is_some_and(|t| t.dtype == "bfloat16")))
            },
            reason: "The oracle computes bfloat16 (input or dtype=) as float32 and rounds the \
                     result. var/std subtract a mean rounded to bfloat16 (ml_dtypes' own \
                     loops sum in bfloat16, as the engine does), so where the true variance \
                     is near 0 the deviations are that rounding error: about 2**-24 relative in float32 \
                     but 2**-8 in bfloat16 (np.uint16 [511] has mean 512 in bfloat16, so \
                     nanvar(ddof=1) is 1/0 = inf where float32 gives 0/0 = nan). No NumPy \
                     call computes what the engine does here",
        },
        CaseDivergence {
            name: "bfloat16-from-float64-rounds-once",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name == "astype"
                    && matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if d == "bfloat16")
                    && first_tensor(c)
                        .is_some_and(|t| matches!(t.dtype.as_str(), "float64" | "complex128"))
            },
            reason: "ml_dtypes casts float64 to bfloat16 through float32, rounding twice: \
                     (2 - 2**-8 - 2**-30) * 2**127 becomes float32's exact tie (2 - 2**-8) * \
                     2**127 and then bfloat16's infinity, 1 + 2**-8 + 2**-40 becomes 1. The \
                     engine rounds once from the float64 value (3.3895314e38, 1.0078125), as \
                     CUDA's cvt.rn.bf16.f64 does on the device",
        },
        CaseDivergence {
            name: "astype-float-to-uint32-by-length",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name == "astype"
                    && integer_target(c) == Some(DType::U32)
                    && first_tensor(c).is_some_and(|t| elements(&t.shape) >= 4)
                    && float_out_of_range(c, DType::U32, false)
            },
            reason: "NumPy's float -> uint32 astype of NaN, infinities and values outside \
                     uint32 depends on the array's length: its scalar loop (arrays of up to 7 \
                     elements, and tails) gives 0 for NaN and wraps -1.0 to 4294967295, its SIMD \
                     loop gives 2**31 for NaN and 0 for 1e10 (np.array([np.nan] * 8) vs [np.nan] \
                     * 3). C leaves these casts undefined; the engine gives the scalar loop's \
                     answer for every length (arrays shorter than 8 are compared exactly)",
        },
        CaseDivergence {
            name: "out-of-range-float-to-int-cast-in-call",
            also: &[DivergenceKind::ErrorKind],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                // astype itself is a cast, not a call that casts: it has its own entry.
                op.name != "astype"
                    && integer_target(c).is_some_and(|d| {
                    d != DType::Bool
                        && (float_out_of_range(c, d, computes_float(op))
                            || may_compute_nan(op, c)
                            // A float loop (dtype=float64) may compute a value outside d's
                            // range from values inside it (a product, a sum).
                            || matches!(kw(c, "dtype"), Some(KwValue::Dtype(f))
                                if f.starts_with("float") || f.starts_with("complex")
                                    || f == "bfloat16")
                            || first_tensor(c).is_some_and(|t| t.dtype.starts_with("complex"))
                            // uint64 input with a signed out= (or the reverse) runs the float64
                            // loop, whose sum may leave d's range.
                            || first_tensor(c).and_then(dtype_of).is_some_and(|x| {
                                x.is_integer() && backends::promotion::promote_types(x, d).is_float()
                            }))
                })
            },
            reason: "A float that is NaN, infinite or outside the integer dtype's range, cast \
                     to that dtype by dtype= or out=, is undefined behaviour in C, and NumPy's \
                     answer depends on the loop that runs (its SIMD float32->uint32 cast gives \
                     2**31 for -1.1e12, its scalar loop wraps; see \
                     out-of-range-float-to-uint32-cast). The engine casts such values one \
                     fixed way (astype's rules), whatever the layout. Such floats also come \
                     from integer input: np.sum(uint64, out=int64) runs NumPy's float64 loop",
        },
        CaseDivergence {
            name: "ml-dtypes-bfloat16-cast-rules",
            also: &[],
            kind: DivergenceKind::ErrorKind,
            applies: |_, c| {
                let bf16_target = matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if d == "bfloat16")
                    || c.out.iter().any(|o| o.dtype == "bfloat16");
                let bf16_source = c.args.iter().any(|a| {
                    matches!(a, ArgSpec::Tensor(t) if t.dtype == "bfloat16")
                }) && (kw(c, "dtype").is_some() || !c.out.is_empty());
                bf16_target || bf16_source
            },
            reason: "ml_dtypes registers bfloat16's casts with its own rules, not NumPy's \
                     float ones: bfloat16 -> float16 is not 'same_kind' (float64 -> float16 \
                     is), and its user loops refuse some casts the same_kind rule allows \
                     (np.cumprod(int32, dtype=bfloat16, out=bfloat16 array) raises 'found a \
                     user loop ... could not be cast'). The engine casts bfloat16 by the rules \
                     of NumPy's float kind, as float16 is",
        },
        CaseDivergence {
            name: "quantile-take-methods-out-dtype",
            also: &[],
            kind: DivergenceKind::ErrorKind,
            applies: |op, c| {
                matches!(
                    op.name,
                    "percentile" | "quantile" | "nanpercentile" | "nanquantile"
                ) && !c.out.is_empty()
                    && (integer_q(c) || matches!(kw(c, "method"), Some(KwValue::Str(m)) if [
                        "inverted_cdf",
                        "averaged_inverted_cdf",
                        "closest_observation",
                        "interpolated_inverted_cdf",
                        "lower",
                        "higher",
                        "nearest",
                    ]
                    .contains(&m.as_str())))
            },
            reason: "NumPy documents percentile's out= as cast if necessary, but its \
                     discontinuous methods (lower, higher, nearest, the inverted-CDF family) \
                     fill it with ndarray.take(out=), which checks out's shape first \
                     (ValueError 'output array does not match result of ndarray.take') and \
                     then refuses any out whose dtype does not cast safely to the input's \
                     (TypeError, even float64 out for float16 input); so does every method \
                     when q is a Python int or an integer array (np.quantile(x, 0, out=...) \
                     takes, np.quantile(x, 0.0, out=...) interpolates). The engine treats \
                     every method's out= alike, as the interpolating methods and the docs do",
        },
        CaseDivergence {
            name: "quantile-empty-tuple-axis-on-empty",
            also: &[],
            kind: DivergenceKind::ErrorKind,
            applies: |op, c| {
                is_quantile_like(op.name)
                    && matches!(kw(c, "axis"), Some(KwValue::Ints(v)) if v.is_empty())
                    && first_tensor(c).is_some_and(|t| elements(&t.shape) == 0)
            },
            reason: "np.percentile(x, q, axis=()) (and median's) reduces over no axis and \
                     returns x's values for non-empty x; for an empty x NumPy 2.4.6 fails \
                     inside its own axis handling ('cannot reshape array of size 0 into shape \
                     (0,newaxis)'). The engine returns the empty result the same rule gives",
        },
        CaseDivergence {
            name: "numpy-irfft-empty-axis-uninitialised",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(
                    op.name,
                    "fft.irfft" | "fft.hfft" | "fft.irfftn" | "fft.irfft2"
                )
                    && first_tensor(c).is_some_and(|t| elements(&t.shape) == 0)
            },
            reason: "NumPy 2.4's irfft and hfft (and irfftn, irfft2, which end with irfft) \
                     of an empty axis with n >= 1 return uninitialised memory (np.irfft(np.ones(0), n=3) gives values like \
                     6.9e-310: the output np.empty is never written when there is no input to \
                     copy). The engine returns the transform of the zero-padded input: zeros",
        },
        CaseDivergence {
            name: "fft-intermediate-overflow-near-max",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name.starts_with("fft.")
                    && c.args.iter().any(|a| match a {
                        ArgSpec::Tensor(t) => dtype_of(t).and_then(exponent_range).is_some_and(
                            |(top, _)| {
                                // Within a factor 4 of the largest finite value.
                                let big = (top - 2.0).exp2();
                                t.storage.iter().any(|e| {
                                    e.parts().is_ok_and(|(re, im)| re.abs() >= big || im.abs() >= big)
                                })
                            },
                        ),
                        ArgSpec::Python(_) => false,
                    })
            },
            reason: "with inputs within a factor 4 of the dtype's largest value, whether a \
                     butterfly's intermediate sum overflows to infinity depends on the FFT's \
                     factorisation: rustfft's radix-3 step forms x1 - x2 before scaling by \
                     sin(2 pi / 3), pocketfft another combination, so a float32 rfft of \
                     [-max, max/2, -max] is inf on one side and finite on the other. NumPy does \
                     not specify it; every row without such values is compared within the bound",
        },
        CaseDivergence {
            name: "scipy-logsumexp-empty-tuple-axis-shape",
            also: &[],
            kind: DivergenceKind::Shape,
            applies: |op, c| {
                op.name == "logsumexp"
                    && matches!(kw(c, "axis"), Some(KwValue::Ints(v)) if v.is_empty())
                    && first_tensor(c).is_some_and(|t| elements(&t.shape) == 0)
            },
            reason: "scipy.special.logsumexp of an empty array over axis=() returns a \
                     one-element -inf ([0] gives [-inf]): its empty path builds the result \
                     from the shape indexed by the empty tuple. Over no axis the result has \
                     the input's shape, which the engine returns",
        },
        CaseDivergence {
            name: "bfloat16-power-half-proxy-sqrt",
            also: &[DivergenceKind::SignedZero],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let arg = |k: usize| c.args.get(k).and_then(real_values);
                op.name == "power"
                    && tensors(c).any(|t| t.dtype == "bfloat16")
                    && arg(1).is_some_and(|e| !e.is_empty() && e.iter().all(|&x| x == 0.5))
                    && arg(0).is_some_and(|b| {
                        b.iter()
                            .any(|&x| x == f64::NEG_INFINITY || (x == 0.0 && x.is_sign_negative()))
                    })
            },
            reason: "NumPy's float32 power loop takes sqrt for an exponent that is one value \
                     (stride 0: a Python float, a 0-d or broadcast array) equal to 0.5, so \
                     np.power(float32 -inf, 0.5) is nan and np.power(float32 -0.0, 0.5) is \
                     -0.0. The oracle computes bfloat16 as float32 and takes that path; \
                     ml_dtypes' bfloat16 power loop (std::pow, no fast path) gives inf and \
                     0.0 for the same bfloat16 operands, as NumPy's float16 loop does, and so \
                     does the engine",
        },
        CaseDivergence {
            name: "bfloat16-nan-running-sum-out-proxy",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let bf16_kw = matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if d == "bfloat16");
                matches!(op.name, "nancumsum" | "nancumprod")
                    && (bf16_kw || c.out.first().and_then(dtype_of) == Some(DType::BF16))
            },
            reason: "Into a bfloat16 out= (or dtype=), NumPy's running sum and product run in \
                     ml_dtypes' bfloat16 loop, rounding at every step (np.nancumsum of int8 \
                     [-128, -128, -1] into bfloat16 gives -256, -256, -256), which the engine \
                     does too; the nan-functions are asked of NumPy with the float32 stand-in \
                     (real bfloat16 is no np.inexact there, so NaNs would not be skipped), \
                     whose running value stays in float32 (-257)",
        },
        CaseDivergence {
            name: "bfloat16-var-integer-dtype-proxy",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(op.name, "var" | "std" | "nanvar" | "nanstd")
                    && first_tensor(c).and_then(dtype_of) == Some(DType::BF16)
                    && integer_target(c).is_some()
            },
            reason: "With an integer dtype= (or out=), var and std cast every square to the \
                     integer type before summing, so how the square rounds decides the result. \
                     In real bfloat16 (ml_dtypes) 2.828125**2 rounds to 8.0 and truncates to 8, \
                     in the float32 stand-in the harness asks NumPy with it is 7.998 and \
                     truncates to 7 (np.var([1, 0, -2.828125], dtype=int8): 3 for bfloat16 and \
                     float16, 2 for float32). The engine rounds as real bfloat16 does",
        },
        CaseDivergence {
            name: "bfloat16-dot-object-fallback",
            also: &[DivergenceKind::Dtype, DivergenceKind::Shape],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let ds: Vec<DType> = tensors(c).filter_map(dtype_of).collect();
                matches!(op.name, "dot" | "inner" | "vdot" | "tensordot")
                    && ds.contains(&DType::BF16)
                    && ds
                        .iter()
                        .any(|d| crate::products::NO_COMMON_WITH_BF16.contains(d))
            },
            reason: "ml_dtypes defines no common dtype of bfloat16 and float16 or the integers \
                     wider than 8 bits, so np.dot, np.inner and np.vdot of such a pair fall \
                     back to object arrays (Python floats, and None for an empty vdot). The \
                     engine has no object dtype: it computes in its promoted dtype, as \
                     matmul and vecdot (gufuncs, which promote to a float loop) do in NumPy",
        },
        CaseDivergence {
            name: "blas-scal-zero-times-nonfinite",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                matches!(op.name, "dot" | "inner" | "tensordot")
                    && tensors(c).any(|t| elements(&t.shape) == 1)
                    && tensors(c).any(|t| {
                        t.values().is_ok_and(|v| {
                            v.iter().any(|e| {
                                let inf = |r: &crate::case::Real| {
                                    r.to_f64().is_ok_and(|x| !x.is_finite())
                                };
                                match e {
                                    Elem::Real(r) => inf(r),
                                    Elem::Complex([re, im]) => inf(re) || inf(im),
                                }
                            })
                        })
                    })
            },
            reason: "np.dot, np.inner and np.tensordot (a dot) with a one-element operand (0-d, \
                     (1,) or (1, 1): NumPy's cblasfuncs treat it as a scalar) scale the other \
                     operand by BLAS's scal (OpenBLAS): a zero factor gives 0 for an infinite \
                     element, and for \
                     a NaN one in some kernels (float32: np.dot([0, nan], 0.0) is [0, 0]; \
                     float64 keeps the NaN), where IEEE multiplication (np.multiply, and \
                     np.vdot) gives NaN. The engine multiplies as np.multiply does",
        },
        CaseDivergence {
            name: "lu-singular-to-working-precision",
            also: &[
                DivergenceKind::ErrorKind,
                DivergenceKind::SignedZero,
            ],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                (is_lu(op) || op.name == "linalg.cholesky") && singular_to_precision(c)
            },
            reason: "For a matrix singular to working precision (Gaussian elimination's error \
                     bound, 4 n^2 rho eps ||A|| ||A^-1||, reaches 1), whether elimination meets \
                     an exactly zero pivot (NumPy: LinAlgError, det 0) or a tiny one (a huge, \
                     meaningless inverse or determinant) depends on the order and fusing of \
                     its roundings, which differ between LAPACK builds and faer; neither \
                     answer is determined by the matrix",
        },
        CaseDivergence {
            name: "linalg-nonfinite-input",
            also: &[
                DivergenceKind::ErrorKind,
                DivergenceKind::SignedZero,
            ],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                (is_lu(op) || is_faer_factorization(op) || op.name == "linalg.qr")
                    && tensors(c).any(|t| {
                        t.values()
                            .is_ok_and(|v| v.iter().any(|e| !elem_c(e).is_finite()))
                    })
            },
            reason: "With a NaN or an infinity in the matrix, what an LU or an eigensolver \
                     returns is decided by its comparisons with NaN and by inf - inf in its \
                     updates: OpenBLAS's getrf reports some such matrices singular ([[nan, 1], \
                     [1, 1]]) and not others (all-NaN), its potrf passes NaN through where \
                     faer's Cholesky stops, its syevd returns junk eigenvalues, its geqrf \
                     meets them in its own gemv/ger kernels (inf * 0 where a column is \
                     zero). NumPy documents none of it; the engine returns what its \
                     algorithm gives",
        },
        CaseDivergence {
            name: "lstsq-nan-rhs-placement",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name == "linalg.lstsq"
                    && tensors(c).nth(1).is_some_and(|t| {
                        t.values()
                            .is_ok_and(|v| v.iter().any(|e| elem_c(e).is_nan()))
                    })
            },
            reason: "A NaN in b reaches LAPACK's gelsd unscaled (its max-norm is NaN), so where \
                     it spreads follows gelsd's arithmetic: a Householder reflector with tau = 0 \
                     is skipped and leaves a residual of 0 beside the NaN, a real scaling keeps \
                     a complex NaN's zero part (x = 0+nanj). NumPy documents none of it; the \
                     engine makes the NaN column's solution and residual NaN",
        },
        CaseDivergence {
            name: "kron-complex-overflow-by-loop",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name == "kron"
                    && c.args.iter().any(|a| match a {
                        ArgSpec::Tensor(t) if t.dtype.starts_with("complex") => {
                            let limit = if t.dtype == "complex64" { 1.8e19 } else { 1.3e154 };
                            t.storage.iter().any(|e| {
                                e.parts().is_ok_and(|(re, im)| {
                                    re.abs() >= limit || im.abs() >= limit
                                })
                            })
                        }
                        _ => false,
                    })
            },
            reason: "np.kron is one np.multiply, so it inherits complex-square-overflow-by-loop: \
                     where a complex product's partial products overflow, NumPy's contiguous \
                     SIMD loop and its strided loop disagree (complex64 \
                     (1.4551915e19-infj) * (1+2.9103831e19j) is inf-infj contiguous, inf+nanj \
                     through a reversed view). The engine follows the SIMD loop whatever the \
                     layout",
        },
        CaseDivergence {
            name: "bfloat16-multi-dot-object-fallback",
            also: &[DivergenceKind::Dtype, DivergenceKind::Shape],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let ds: Vec<DType> = tensors(c).filter_map(dtype_of).collect();
                op.name == "linalg.multi_dot"
                    && ds.contains(&DType::BF16)
                    && ds
                        .iter()
                        .any(|d| crate::products::NO_COMMON_WITH_BF16.contains(d))
            },
            reason: "np.linalg.multi_dot is a chain of np.dot, so it inherits \
                     bfloat16-dot-object-fallback: a product of bfloat16 and float16 (or an \
                     integer wider than 8 bits) falls back to object arrays in NumPy (a Python \
                     float for a chain of vectors). The engine has no object dtype: it \
                     computes in its promoted dtype",
        },
        CaseDivergence {
            name: "bfloat16-trace-dtype-proxy",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name == "linalg.trace"
                    && matches!(kw(c, "dtype"), Some(KwValue::Dtype(d)) if d == "bfloat16")
                    && first_tensor(c).is_some_and(|t| t.dtype != "bfloat16")
            },
            reason: "With dtype=bfloat16, np.linalg.trace casts every diagonal element to \
                     bfloat16 before it sums, as ml_dtypes and the engine do: \
                     trace(float16 [[-3.75, 0], [0, 3.6328125]], dtype=bfloat16) is -0.125 \
                     (3.6328125 rounds to 3.625), and of int16 [[32766, 0], [0, -32767]] is 0. \
                     The harness asks NumPy with the float32 stand-in (dtype=float32), which \
                     sums the unrounded values (-0.1171875, -1)",
        },
        CaseDivergence {
            name: "float16-trace-accumulator-by-layout",
            also: &[],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name == "linalg.trace"
                    && first_tensor(c).is_some_and(|t| t.shape.len() > 2)
                    && match kw(c, "dtype") {
                        Some(KwValue::Dtype(d)) => d == "float16",
                        _ => first_tensor(c).is_some_and(|t| t.dtype == "float16"),
                    }
            },
            reason: "np.linalg.trace is add.reduce of the diagonals, so it inherits \
                     float16-accumulator-by-layout: over a stack NumPy's iterator may put the \
                     diagonal's axis outside the stack's, and then rounds every partial sum \
                     to float16 instead of keeping its float32 accumulator (a float16 stack of \
                     strides (-1, 16, 0) has trace -0.2031 where its contiguous copy has \
                     -0.2026). The engine accumulates in float32 whatever the layout, as NumPy \
                     does for the contiguous copy",
        },
        CaseDivergence {
            name: "cond-nonfinite-inverse",
            also: &[DivergenceKind::ErrorKind],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let svd = match kw(c, "p") {
                    None | Some(KwValue::None) => true,
                    Some(KwValue::Int(p)) => p.abs() == 2,
                    Some(KwValue::Float(p)) => p.to_f64().is_ok_and(|p| p.abs() == 2.0),
                    Some(_) => false,
                };
                op.name == "linalg.cond"
                    && !svd
                    && tensors(c).any(|t| {
                        t.values()
                            .is_ok_and(|v| v.iter().any(|e| !elem_c(e).is_finite()))
                    })
            },
            reason: "cond with p other than None, 2 and -2 is norm(x, p) * norm(inv(x), p), \
                     and the inverse of a matrix holding an infinity or a NaN is the LU's \
                     (declared linalg-nonfinite-input): a complex division by inf is NaN in \
                     the engine's arithmetic and 0 in LAPACK's (Smith's algorithm), so \
                     inv([[inf, 1], [1, 1]]) has NaNs, and cond(..., 'nuc') then meets the SVD \
                     of a NaN matrix (LinAlgError) where NumPy returns a number",
        },
        CaseDivergence {
            name: "hermitian-rank-nonfinite-input",
            also: &[DivergenceKind::ErrorKind],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                op.name == "linalg.matrix_rank"
                    && matches!(kw(c, "hermitian"), Some(KwValue::Bool(true)))
                    && tensors(c).any(|t| {
                        t.values()
                            .is_ok_and(|v| v.iter().any(|e| !elem_c(e).is_finite()))
                    })
            },
            reason: "matrix_rank(hermitian=True) counts the magnitudes of eigvalsh's eigenvalues, \
                     and for a matrix with a NaN or an infinity LAPACK's syevd returns finite \
                     junk (eigvalsh of [[nan, 1], [1, 1]] is [-1.41, 1.41], so rank 2), NaN, or \
                     'Eigenvalues did not converge', by the element's position and the order \
                     (a 4x4 with one inf: NaN at [0, 0], the error at [3, 0]), where faer's \
                     eigensolver returns NaN for a NaN and stops at an infinity; NumPy \
                     documents none of it (linalg-nonfinite-input declares eigvalsh itself)",
        },
        CaseDivergence {
            name: "cond-singular-to-working-precision",
            also: &[DivergenceKind::ErrorKind],
            kind: DivergenceKind::Value,
            applies: |op, c| {
                let svd = match kw(c, "p") {
                    None | Some(KwValue::None) => true,
                    Some(KwValue::Int(p)) => p.abs() == 2,
                    Some(KwValue::Float(p)) => p.to_f64().is_ok_and(|p| p.abs() == 2.0),
                    Some(_) => false,
                };
                op.name == "linalg.cond" && !svd && singular_to_precision(c)
            },
            reason: "cond with p other than None, 2 and -2 inverts the matrix; for one singular \
                     to working precision, whether elimination meets an exactly zero pivot \
                     (an all-NaN inverse, so cond inf, and for p='nuc' the SVD of NaNs: \
                     LinAlgError) or a tiny one (a huge, meaningless cond) depends on the order \
                     of its roundings, as lu-singular-to-working-precision declares for inv",
        },
    ]
}

/// The LU-based linalg functions.
fn is_lu(op: &OpInfo) -> bool {
    matches!(
        op.name,
        "linalg.det" | "linalg.slogdet" | "linalg.inv" | "linalg.solve"
    )
}

/// The functions faer factorizes: what they make of a NaN or an infinity is faer's iteration's
/// (`cholesky` stops at a NaN pivot where LAPACK passes NaN through).
fn is_faer_factorization(op: &OpInfo) -> bool {
    matches!(
        op.name,
        "linalg.eigvalsh"
            | "linalg.cholesky"
            | "linalg.svdvals"
            | "linalg.eigh"
            | "linalg.svd"
            | "linalg.pinv"
    )
}

/// An element as complex128 (NaN for one that does not read).
fn elem_c(e: &Elem) -> backends::element::Cf64 {
    let f = |r: &crate::case::Real| r.to_f64().unwrap_or(f64::NAN);
    match e {
        Elem::Real(r) => backends::element::Cf64::new(f(r), 0.0),
        Elem::Complex([re, im]) => backends::element::Cf64::new(f(re), f(im)),
    }
}

/// True when a matrix of the case's first array is singular to working precision
/// ([`crate::lu_bound`]'s first-order bound reaches 100 %, or a pivot is exactly zero).
fn singular_to_precision(c: &Case) -> bool {
    let Some(t) = first_tensor(c) else {
        return false;
    };
    let nd = t.shape.len();
    if nd < 2 || t.shape[nd - 1] != t.shape[nd - 2] || t.shape[nd - 1] == 0 {
        return false;
    }
    let n = t.shape[nd - 1];
    let Ok(v) = t.values() else {
        return false;
    };
    let z: Vec<backends::element::Cf64> = v.iter().map(elem_c).collect();
    z.chunks(n * n)
        .any(|m| match crate::lu_bound::inverse_norm(m, n) {
            None => true,
            Some(inv) => crate::lu_bound::backward(n) * crate::lu_bound::frobenius(m) * inv >= 1.0,
        })
}

/// The case's array operands.
fn tensors(c: &Case) -> impl Iterator<Item = &TensorSpec> {
    c.args.iter().filter_map(|a| match a {
        ArgSpec::Tensor(t) => Some(t),
        ArgSpec::Python(_) => None,
    })
}

/// The divergence covering a mismatch of `kind` on `case` of `op`, if any.
pub fn find(op: &OpInfo, case: &Case, kind: DivergenceKind) -> Option<&'static str> {
    case_divergences()
        .into_iter()
        .find(|d| (d.kind == kind || d.also.contains(&kind)) && (d.applies)(op, case))
        .map(|d| d.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::Real;

    fn floats(v: &[f64]) -> Vec<Elem> {
        v.iter().map(|&x| Elem::Real(Real::float(x))).collect()
    }

    fn binary(op: &str, a: TensorSpec, out: Vec<TensorSpec>) -> (OpInfo, Case) {
        let info = crate::ops::find(op).expect("a record");
        let case = Case {
            op: op.into(),
            args: vec![ArgSpec::Tensor(a.clone()), ArgSpec::Tensor(a)],
            kwargs: vec![],
            out,
        };
        (info, case)
    }

    #[test]
    fn names_are_unique_and_reasons_given() {
        let all = case_divergences();
        let mut names: Vec<&str> = all.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len());
        assert!(all.iter().all(|d| d.reason.len() > 80));
    }

    #[test]
    fn a_plain_call_is_declared_by_nothing() {
        let a = TensorSpec::contiguous(DType::F64, &[3], floats(&[1.0, -2.5, 3.0]));
        let (op, case) = binary("add", a.clone(), vec![a]);
        for kind in [
            DivergenceKind::Value,
            DivergenceKind::SignedZero,
            DivergenceKind::ErrorKind,
            DivergenceKind::Dtype,
        ] {
            assert_eq!(find(&op, &case, kind), None, "{kind:?}");
        }
    }

    #[test]
    fn a_repeating_out_is_declared_for_values_only() {
        let a = TensorSpec::contiguous(DType::F64, &[3], floats(&[1.0, -2.5, 3.0]));
        let mut out = TensorSpec::contiguous(DType::F64, &[3], floats(&[0.0]));
        out.strides = vec![0];
        let (op, case) = binary("add", a, vec![out]);
        assert_eq!(
            find(&op, &case, DivergenceKind::Value),
            Some("overlapping-out-write-order")
        );
        assert_eq!(find(&op, &case, DivergenceKind::ErrorKind), None);
    }

    #[test]
    fn interleaved_strides_overlap_too() {
        let mut t = TensorSpec::contiguous(DType::F64, &[2, 2], floats(&[0.0, 1.0, 2.0]));
        t.strides = vec![1, 1];
        assert!(overlaps(&t));
        t.strides = vec![2, 1];
        t.storage = floats(&[0.0, 1.0, 2.0, 3.0]);
        assert!(!overlaps(&t));
    }

    fn unary(op: &str, a: TensorSpec, out: Vec<TensorSpec>) -> (OpInfo, Case) {
        let info = crate::ops::find(op).expect("a record");
        let case = Case {
            op: op.into(),
            args: vec![ArgSpec::Tensor(a)],
            kwargs: vec![],
            out,
        };
        (info, case)
    }

    #[test]
    fn a_product_is_order_dependent_only_where_its_factors_leave_the_range() {
        let big = floats(&[1.0, 19.0, 1.1235582092889473e307, 2.2250738585072014e-308]);
        let a = TensorSpec::contiguous(DType::F64, &[4], big);
        let (op, case) = unary("nanprod", a, vec![]);
        assert_eq!(
            find(&op, &case, DivergenceKind::Value),
            Some("product-order-with-overflow")
        );
        let a = TensorSpec::contiguous(DType::F64, &[3], floats(&[1e200, 1e100, 1e-300]));
        let (op, case) = unary("nanprod", a, vec![]);
        assert_eq!(find(&op, &case, DivergenceKind::Value), None);
    }

    #[test]
    fn an_extremum_into_out_is_declared_only_where_out_cannot_hold_an_input() {
        let ints =
            |v: &[i64]| -> Vec<Elem> { v.iter().map(|&x| Elem::Real(Real::Int(x))).collect() };
        let a = TensorSpec::contiguous(DType::U8, &[2], ints(&[255, 13]));
        let out = |d| vec![TensorSpec::contiguous(d, &[], ints(&[0]))];
        let (op, case) = unary("max", a.clone(), out(DType::I8));
        assert_eq!(
            find(&op, &case, DivergenceKind::Value),
            Some("extremum-first-element-into-narrower-out")
        );
        let (op, case) = unary("max", a, out(DType::I16));
        assert_eq!(find(&op, &case, DivergenceKind::Value), None);
    }
}
