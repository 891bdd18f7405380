//! The range each side's computed norm can take, from the error analysis of NumPy's
//! algorithm (which the engine follows step for step), and the judgement of two results
//! against it.
//!
//! A vector p-norm is `sum(t_i) ** r` with `t_i = |x_i| ** p`, every step rounded in the
//! result's dtype `d` (`p` itself rounded to `d` first, as NEP 50 casts the Python float, and
//! `r = reciprocal(p)` rounded in `d`): each term errs relatively by the `abs` (complex:
//! hypot, one rounding, times `|p|` through the power) and the power (a few ulp), the sum by
//! the summation bound of [`crate::reduction_bounds::sum_terms`] (the engine's pairwise sum
//! and NumPy's sequential one), and below the normal range each rounding by one subnormal
//! quantum. The comparison computes the sum in float64, or, past float64's range
//! (`|x| ** 1000`), over base-2 logarithms; its own rounding is counted too. The range says
//! where the result may overflow (to inf; to 0 for a negative `p`) or must.

use crate::reduction_bounds::sum_terms;
use crate::tolerance::{eps, min_subnormal};
use backends::element::Cf64;
use backends::DType;

type Res<T> = std::result::Result<T, String>;

/// What either side may compute for one output element.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Expect {
    /// NaN (a NaN element, an SVD of NaN...).
    Nan,
    /// A value in `[lo, hi]` (`hi` inf: overflow is possible, and certain when `lo` is inf).
    Range(f64, f64),
}

/// The largest finite value of the real dtype `d`.
pub(super) fn max_finite(d: DType) -> f64 {
    d.to_real().finfo_max().unwrap_or(f64::MAX)
}

/// `x` rounded to the real dtype `d`.
pub(super) fn round_to(d: DType, x: f64) -> f64 {
    match d.to_real() {
        DType::F16 => backends::half::f16::from_f64(x).to_f64(),
        DType::BF16 => backends::half::bf16::from_f64(x).to_f64(),
        DType::F32 => x as f32 as f64,
        _ => x,
    }
}

/// `[lo, hi]` widened by `rel` and `abs`, clamped at 0, overflowing past `d`'s range.
pub(super) fn range(lo: f64, hi: f64, rel: f64, abs: f64, d: DType) -> Expect {
    let max = max_finite(d);
    let lo = (lo * (1.0 - rel) - abs).max(0.0);
    let hi = hi * (1.0 + rel) + abs;
    let over = |x: f64| if x > max { f64::INFINITY } else { x };
    Expect::Range(over(lo), over(hi))
}

/// `|x|` for the terms' classes: inf when it overflows `d` (a complex `abs` is computed in
/// `d`: `3e38+3e38j` is inf in complex64), and, as hypot, inf for `nan+infj`.
fn magnitude(z: Cf64, d: DType) -> f64 {
    let m = z.norm();
    if m > max_finite(d) {
        f64::INFINITY
    } else {
        m
    }
}

/// The range of `sum(|x_i| ** p) ** (1 / p)` over `xs` in dtype `d` (`p` finite, nonzero,
/// not NaN; `p = 1` has no root and `p = 2` squares without `abs`, as NumPy does).
pub(super) fn p_norm(xs: &[Cf64], p: f64, d: DType) -> Expect {
    let e = eps(d);
    let complex = xs.iter().any(|z| z.im != 0.0);
    // `re*re + im*im` is NaN with either part NaN; `abs` (hypot) only without an infinite one.
    let nan = |z: &Cf64| {
        if p == 2.0 {
            z.re.is_nan() || z.im.is_nan()
        } else {
            z.norm().is_nan()
        }
    };
    if xs.iter().any(nan) {
        return Expect::Nan;
    }
    let pd = round_to(d, p);
    let r = round_to(d, 1.0 / pd);
    // The finite nonzero terms' magnitudes |x_i| and each term's relative error.
    let mut terms = Vec::with_capacity(xs.len());
    for &z in xs {
        let m = if p == 2.0 { z.norm() } else { magnitude(z, d) };
        if m == 0.0 && pd < 0.0 || m.is_infinite() && pd > 0.0 {
            // A term is inf: the sum is inf, its root inf (0 for a negative p).
            let v = if r > 0.0 { f64::INFINITY } else { 0.0 };
            return Expect::Range(v, v);
        }
        if m == 0.0 || m.is_infinite() {
            continue;
        }
        // abs: exact for a real value, one rounding (or one subnormal quantum) for complex,
        // times |p| through the power; the power itself a few ulp (p = 2: re*re + im*im).
        let abs_err = if complex && p != 2.0 {
            e.max(min_subnormal(d) / m)
        } else {
            0.0
        };
        let pow_err = match p {
            1.0 => 0.0,
            2.0 => 2.0 * e,
            _ => 4.0 * e,
        };
        terms.push((m, pd.abs() * abs_err + pow_err));
    }
    let n = xs.len() as f64;
    // Every rounding below the normal range errs by up to one subnormal quantum; the sum by
    // the summation bound; this comparison's own float64 arithmetic by a few eps each.
    let floor = (n + sum_terms(n)) * min_subnormal(d);
    let sum_rel = (sum_terms(n) + 2.0) * e + (n + 4.0) * eps(DType::F64);
    let term = |m: f64| match p {
        1.0 => m,
        2.0 => m * m,
        _ => m.powf(pd),
    };
    let linear: f64 = terms.iter().map(|&(m, _)| term(m)).sum();
    let (s_lo, s_hi, root_rel) = if linear.is_finite() {
        let err: f64 = terms.iter().map(|&(m, t)| t * term(m)).sum();
        let spread = linear * sum_rel + err + floor;
        (
            (linear - spread).max(0.0),
            linear + spread,
            2.0 * eps(DType::F64),
        )
    } else {
        // Past float64's range: the terms as base-2 logarithms, which cost relative
        // precision of about |log2| eps (counted).
        let logs: Vec<(f64, f64)> = terms.iter().map(|&(m, t)| (pd * m.log2(), t)).collect();
        let top = logs.iter().map(|l| l.0).fold(f64::NEG_INFINITY, f64::max);
        let s: f64 = logs.iter().map(|l| (l.0 - top).exp2()).sum();
        let err: f64 = logs.iter().map(|l| l.1 * (l.0 - top).exp2()).sum();
        let own = 4.0 * (top.abs() + n) * eps(DType::F64);
        let rel = err / s + sum_rel + own;
        let log_s = top + s.log2();
        let lin = |l: f64| l.exp2();
        (
            (lin(log_s + (1.0 - rel).max(0.0).log2()) - floor).max(0.0),
            lin(log_s + (1.0 + rel).log2()) + floor,
            4.0 * (r * log_s).abs() * eps(DType::F64),
        )
    };
    let max = max_finite(d);
    // The sum overflows d (certainly, or possibly), giving inf and its root.
    let overflow = if r > 0.0 { f64::INFINITY } else { 0.0 };
    if s_lo > max {
        return Expect::Range(overflow, overflow);
    }
    let root = |x: f64| match p {
        1.0 => x,
        2.0 => x.sqrt(),
        _ => x.powf(r),
    };
    let (a, b) = (root(s_lo), root(s_hi));
    let (mut lo, mut hi) = (a.min(b), a.max(b));
    if s_hi > max {
        (lo, hi) = (lo.min(overflow), hi.max(overflow));
    }
    // The root's own rounding: sqrt once, power a few ulp.
    let rel = match p {
        1.0 => 0.0,
        2.0 => e,
        _ => 4.0 * e,
    };
    range(lo, hi, rel + root_rel, min_subnormal(d), d)
}

/// The range of `max |x_i|` (`largest`) or `min |x_i|` over `xs` (a NaN magnitude
/// propagates; `|nan+infj|` is inf); the maximum of an empty slice is its `initial=0`.
pub(super) fn extreme(xs: &[Cf64], largest: bool, d: DType) -> Expect {
    if xs.iter().any(|z| z.norm().is_nan()) {
        return Expect::Nan;
    }
    let m = xs.iter().map(|&z| magnitude(z, d));
    let v = if largest {
        m.fold(0.0, f64::max)
    } else {
        m.fold(f64::INFINITY, f64::min)
    };
    range(v, v, 2.0 * eps(d), min_subnormal(d), d)
}

/// The range of the count of nonzero elements (NaN counts), summed in `d`.
pub(super) fn count(xs: &[Cf64], d: DType) -> Expect {
    let c = xs.iter().filter(|z| z.re != 0.0 || z.im != 0.0).count() as f64;
    range(c, c, sum_terms(xs.len() as f64) * eps(d), 0.0, d)
}

/// The maximum (`largest`) or minimum of ranges; NaN when any is NaN, `initial` for none.
pub(super) fn extreme_of(v: &[Expect], largest: bool, initial: Option<f64>) -> Expect {
    let mut out: Option<(f64, f64)> = initial.map(|x| (x, x));
    for e in v {
        match (*e, out) {
            (Expect::Nan, _) => return Expect::Nan,
            (Expect::Range(a, b), None) => out = Some((a, b)),
            (Expect::Range(a, b), Some((lo, hi))) if largest => out = Some((lo.max(a), hi.max(b))),
            (Expect::Range(a, b), Some((lo, hi))) => out = Some((lo.min(a), hi.min(b))),
        }
    }
    let (lo, hi) = out.unwrap_or((f64::NAN, f64::NAN));
    Expect::Range(lo, hi)
}

/// Judges the engine's `g` against NumPy's `w` for an element whose values lie in `e`: NaN
/// exactly where NumPy's is; else within the range's width of NumPy's value, and infinite
/// only where the range allows overflow.
pub(super) fn judge(g: f64, w: f64, e: Expect, d: DType, what: &str) -> Res<()> {
    let fail = |why: &str| {
        Err(format!(
            "{what}: engine {g}, NumPy {w} ({why}; range {e:?})"
        ))
    };
    if g.is_nan() || w.is_nan() {
        return if g.is_nan() == w.is_nan() {
            Ok(())
        } else {
            fail("NaN exactly where NumPy's is")
        };
    }
    if g == w {
        return Ok(());
    }
    let Expect::Range(lo, hi) = e else {
        return fail("the inputs make NaN");
    };
    if g.is_infinite() || w.is_infinite() {
        return if hi.is_infinite() && g.min(w) >= lo && g.min(w) >= 0.0 {
            Ok(())
        } else {
            fail("inf only where the result may overflow")
        };
    }
    let width = hi.min(max_finite(d)) - lo;
    if (g - w).abs() <= width {
        Ok(())
    } else {
        fail(&format!(
            "error {:.3e} > the range's width {width:.3e}",
            (g - w).abs()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: &[f64]) -> Vec<Cf64> {
        x.iter().map(|&x| Cf64::new(x, 0.0)).collect()
    }

    fn within(e: Expect, x: f64) -> bool {
        matches!(e, Expect::Range(lo, hi) if lo <= x && x <= hi)
    }

    #[test]
    fn two_norm_overflows_and_underflows_as_numpy() {
        let d = DType::F64;
        assert_eq!(
            p_norm(&v(&[1e200, 1e200]), 2.0, d),
            Expect::Range(f64::INFINITY, f64::INFINITY)
        );
        assert!(within(p_norm(&v(&[1e-200, 1e-200]), 2.0, d), 0.0));
        assert!(within(p_norm(&v(&[3.0, 4.0]), 2.0, d), 5.0));
        assert!(!within(p_norm(&v(&[3.0, 4.0]), 2.0, d), 5.0 + 1e-13));
        // 0 ** -1 is inf: the sum is inf, its root 0.
        assert_eq!(p_norm(&v(&[0.0, 1.0]), -1.0, d), Expect::Range(0.0, 0.0));
        assert_eq!(p_norm(&v(&[f64::NAN, 1.0]), 3.0, d), Expect::Nan);
        // A large p: dominated by the largest term, no overflow in the logarithms.
        assert!(within(p_norm(&v(&[2.0, 1.0]), 1000.0, d), 2.0));
        assert!(within(p_norm(&v(&[]), 3.0, d), 0.0));
        // hypot(nan, inf) is inf: the 1-norm is inf, the 2-norm (squares) NaN.
        let z = [Cf64::new(f64::NAN, f64::INFINITY)];
        assert_eq!(
            p_norm(&z, 1.0, d),
            Expect::Range(f64::INFINITY, f64::INFINITY)
        );
        assert_eq!(p_norm(&z, 2.0, d), Expect::Nan);
    }
}
