//! Error bounds of the reductions, as data: the NumPy-side expressions of each bound's scale
//! (called with the sample's array and keywords, computed in float64) and the rounding terms.
//!
//! A comparison against NumPy must allow both sides' rounding: the engine's pairwise sum errs
//! by at most `(⌈log2(n/128)⌉ + 18)·eps·Σ|x|` (backends' `sum_error_bound_terms`), while NumPy
//! sums a strided axis naively, row by row, with a worst case of `(n - 1)·eps·Σ|x|`. The
//! `accuracy` template compares against an exact sum instead, with the engine's term alone.

/// Σ|x| along the reduced axes (NaN skipped, `where=` and `initial=` honoured; a complex
/// `initial=` whose modulus overflows counts as inf, where Python's `abs` would raise). A NaN
/// or infinite part of `initial=` counts as 0: it lands in that part of every result, which
/// is then compared exactly, while the other part's error comes from the finite terms alone
/// (`np.nansum(c64, initial=nan+0j)` has a finite imaginary part to bound).
pub const SUM_SCALE: &str = "lambda a, axis=None, keepdims=False, where=True, initial=None, \
    **k: np.nansum(_abs64(a), axis=axis, keepdims=keepdims, \
    where=where) + (0.0 if initial is None else float(np.abs(np.nan_to_num(np.complex128(\
    initial), nan=0.0, posinf=0.0, neginf=0.0))))";

/// Σ|x| / count: the scale of a mean.
pub const MEAN_SCALE: &str = "lambda a, axis=None, keepdims=False, where=True, **k: \
    (lambda x: np.nansum(x, axis=axis, keepdims=keepdims, where=where) / np.maximum(np.sum(\
    np.ones(x.shape), axis=axis, keepdims=keepdims, where=where), 1))(_abs64(a))";

/// Σ|w·x| / Σ|w| along the axes (the mean's scale without weights): `np.average`'s sum of
/// products errs like a sum of that many terms, then one division. With `returned=True` the
/// second output, Σw, errs like a sum of |w|, so Σ|w| joins the scale (one scale serves
/// both outputs; a non-finite average, compared exactly, leaves the weights' part alone).
pub const AVERAGE_SCALE: &str = "lambda a, axis=None, weights=None, keepdims=False, \
    returned=False, **k: (lambda w: np.nan_to_num(np.average(_abs64(a), axis=axis, weights=w, \
    keepdims=keepdims), nan=0.0, posinf=0.0) + ((np.sum(np.ones(np.shape(a)), axis=axis, keepdims=keepdims) if w is \
    None else np.sum(w, axis=axis, keepdims=keepdims) if np.shape(w) == np.shape(a) else \
    np.sum(w)) if returned else 0.0))(None if weights is None else \
    np.abs(np.asarray(weights).astype(np.float64)))";

/// Two-pass variance: the squared deviations' mean plus the mean's own error carried through
/// `(x - m)^2` (to first order, and its square `n·eps·mean|x|²`, which is all there is when
/// every deviation is 0: var of equal values is the mean's rounding squared), times
/// `n / (n - ddof)`.
pub const VAR_SCALE: &str = "lambda a, axis=None, keepdims=False, where=True, ddof=0, **k: \
    (lambda x: (lambda m, n: (np.nanmean(np.abs(x - m)**2, axis=axis, keepdims=keepdims, \
    where=where) + 2 * np.nanmean(np.abs(x - m), axis=axis, keepdims=keepdims, where=where) * \
    np.nanmean(np.abs(x), axis=axis, keepdims=keepdims, where=where) + n * _eps(a, \
    k.get('dtype')) * np.nanmean(np.abs(x), axis=axis, keepdims=keepdims, where=where)**2) \
    * n / np.maximum(n - ddof, 1))(np.nanmean(x, axis=axis, keepdims=True, where=where), np.sum(np.ones(x.shape), \
    axis=axis, keepdims=keepdims, where=where)))(np.asarray(a).astype(np.complex128 if \
    np.iscomplexobj(a) else np.float64))";

/// A standard deviation errs by the variance's error over `2σ`, plus the mean's own rounding
/// (`mean|x|` per eps and term): with σ = 0 the computed σ is that rounding itself.
pub const STD_SCALE: &str = "lambda a, axis=None, keepdims=False, where=True, ddof=0, **k: \
    (lambda x: (lambda m, n, s: np.where(s > 0, (np.nanmean(np.abs(x - m)**2, axis=axis, \
    keepdims=keepdims, where=where) + 2 * np.nanmean(np.abs(x - m), axis=axis, \
    keepdims=keepdims, where=where) * np.nanmean(np.abs(x), axis=axis, keepdims=keepdims, \
    where=where)) * n / np.maximum(n - ddof, 1) / (2 * np.where(s > 0, s, 1)), 0.0) + \
    np.nanmean(np.abs(x), axis=axis, keepdims=keepdims, where=where))(\
    np.nanmean(x, axis=axis, keepdims=True, where=where), np.sum(np.ones(x.shape), axis=axis, \
    keepdims=keepdims, where=where), np.nanstd(x, axis=axis, keepdims=keepdims, where=where, \
    ddof=ddof)))(np.asarray(a).astype(np.complex128 if np.iscomplexobj(a) else np.float64))";

/// The body of [`PROD_SCALE`], whatever the default axis.
macro_rules! prod_scale_body {
    () => {
        "np.abs(np.nanprod(np.asarray(a).astype(np.complex128 if np.iscomplexobj(a) else \
        np.float64), axis=axis, keepdims=keepdims, where=where) * (1 if initial is None else \
        initial))"
    };
}

/// |Π x| along the reduced axes: products err relatively, about one rounding per factor.
pub const PROD_SCALE: &str = concat!(
    "lambda a, axis=None, keepdims=False, where=True, initial=None, **k: ",
    prod_scale_body!()
);

/// [`PROD_SCALE`] of `ufunc.reduce`, whose axis defaults to 0: over every axis the product
/// could be zero (a zero in another column) where the reduced one is not.
pub const PROD_SCALE_AXIS0: &str = concat!(
    "lambda a, axis=0, keepdims=False, where=True, initial=None, **k: ",
    prod_scale_body!()
);

/// (A one-element tuple `axis=(k,)`, which `ufunc.accumulate` takes, is axis k.)
/// Cumulative sums: element j of a slice errs by at most about j·eps·Σ_{i≤j}|x_i| on each side
/// (both sum sequentially), so the scale carries the factor j.
pub const CUMSUM_SCALE: &str = "lambda a, axis=None, **k: (lambda x, axis: np.nancumsum(x, \
    axis=axis) * (np.arange(1, x.size + 1) if axis is None else np.moveaxis(np.ones(np.moveaxis(\
    x, axis, -1).shape) * np.arange(1, x.shape[axis] + 1), -1, axis)))(np.atleast_1d(np.abs(\
    np.asarray(a)).astype(np.float64)), axis[0] if isinstance(axis, tuple) else axis)";

/// The body of [`CUMPROD_SCALE`], whatever the default axis.
macro_rules! cumprod_scale_body {
    () => {
        "(lambda x, axis: np.abs(np.nancumprod(x, \
    axis=axis)) * (np.arange(1, x.size + 1) if axis is None else np.moveaxis(np.ones(np.moveaxis(\
    x, axis, -1).shape) * np.arange(1, x.shape[axis] + 1), -1, axis)))(np.atleast_1d(np.asarray(\
    a).astype(np.complex128 if np.iscomplexobj(a) else np.float64)), axis[0] if isinstance(axis, \
    tuple) else axis)"
    };
}

/// Cumulative products: element j errs relatively by about j roundings.
pub const CUMPROD_SCALE: &str = concat!("lambda a, axis=None, **k: ", cumprod_scale_body!());

/// [`CUMPROD_SCALE`] of `ufunc.accumulate`, whose axis defaults to 0 (the flattened running
/// product is another one).
pub const CUMPROD_SCALE_AXIS0: &str = concat!("lambda a, axis=0, **k: ", cumprod_scale_body!());

/// A trapezoid integral's scale: the integral of |y| with |dx| (each term's magnitude).
pub const TRAPZ_SCALE: &str = "lambda y, x=None, dx=1.0, axis=-1, **k: np.trapezoid(np.abs(\
    np.asarray(y)).astype(np.float64), dx=abs(dx), axis=axis)";

/// The exact sum (math.fsum: correctly rounded) along `axis` (None or an int).
pub const EXACT_SUM: &str = "lambda a, axis=None, **k: np.asarray(math.fsum(np.asarray(a, \
    np.float64).ravel())) if axis is None else np.apply_along_axis(math.fsum, axis, \
    np.asarray(a, np.float64))";

/// The exact mean: the exact sum over the count, rounded once.
pub const EXACT_MEAN: &str = "lambda a, axis=None, **k: np.asarray(math.fsum(np.asarray(a, \
    np.float64).ravel()) / np.size(a)) if axis is None else np.apply_along_axis(lambda c: \
    math.fsum(c) / len(c), axis, np.asarray(a, np.float64))";

/// The engine's pairwise-sum rounding terms for `n` elements, as backends states them
/// (`pairwise.rs`): an element of a leaf block of up to 128 passes through at most
/// 14 + 3 + 7 additions plus the starting value's, and one more per level above —
/// `(25 + ⌈log2(n/128)⌉ + 1)·eps·Σ|x|`.
pub fn pairwise_terms(n: f64) -> f64 {
    25.0 + (n / 128.0).log2().ceil().max(0.0) + 1.0
}

/// Engine (pairwise) plus NumPy (naive along a strided axis) sum terms, and 2 for the final
/// rounding of each.
pub fn sum_terms(n: f64) -> f64 {
    pairwise_terms(n) + (n - 1.0) + 2.0
}

/// The engine's own sum terms plus the exact value's final rounding: for `accuracy`.
pub fn sum_terms_exact(n: f64) -> f64 {
    pairwise_terms(n) + 1.0
}

/// A mean: a sum's terms plus the division (and its float64 round trip in NumPy).
pub fn mean_terms(n: f64) -> f64 {
    sum_terms(n) + 2.0
}

/// The engine's own mean terms: for `accuracy`.
pub fn mean_terms_exact(n: f64) -> f64 {
    pairwise_terms(n) + 3.0
}

/// A trapezoid integral: a sum's terms plus the halving, the addition of neighbours and the
/// multiplication by dx.
pub fn trapz_terms(n: f64) -> f64 {
    sum_terms(n) + 3.0
}

/// A variance: the sums of the mean and of the squares, the subtraction and squaring, and the
/// division (doubled for complex components).
pub fn var_terms(n: f64) -> f64 {
    2.0 * (sum_terms(n) + 4.0)
}

/// A product: up to four roundings per complex factor on each side.
pub fn prod_terms(n: f64) -> f64 {
    8.0 * n + 4.0
}

/// Cumulative ops: the factor j is in the scale; both sides round once more per element.
pub fn cumulative_terms(_n: f64) -> f64 {
    4.0
}
