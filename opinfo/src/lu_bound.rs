//! Error bounds of the LU-based functions (`det`, `slogdet`, `inv`, `solve`), from the backward
//! error of Gaussian elimination with partial pivoting (Higham §9.3): the computed factors are
//! exact for `A + dA` with `||dA|| <= g(n) eps ||A||`, `g(n) = 4 n^2 rho`, `rho` the growth
//! factor (at most `2^(n-1)`; `n^2` is used past n = 10, where the worst case is never met by
//! the samples). Both NumPy (LAPACK) and the engine (faer) satisfy it, so they may differ by
//! twice the resulting forward error:
//! - `det`: `|d det| <= ||adj A|| ||dA|| <= g(n) eps ||A||_F^n` (no inverse needed, and zero
//!   for a singular matrix only when NumPy's is too, up to that bound);
//! - `inv`: `||dX|| <= g(n) eps ||A|| ||X||^2`;
//! - `solve`: `||dx|| <= g(n) eps ||A|| ||A^-1|| ||x||`, with `||A^-1||` from an inverse the
//!   comparison computes itself (plain Gauss-Jordan in complex128), used only for the bound.
//!
//! The result is then rounded to its dtype (float32 results are computed in float64, as
//! NumPy does): one more rounding of the result.

use crate::dot_bound::values;
use crate::tolerance::{eps, min_subnormal};
use backends::element::Cf64;
use backends::{DType, Tensor};

type Res<T> = std::result::Result<T, String>;

/// `g(n) eps` of the module docs, in float64 (the precision both sides compute in).
pub(crate) fn backward(n: usize) -> f64 {
    let rho = if n <= 10 {
        2f64.powi(n.saturating_sub(1) as i32)
    } else {
        (n * n) as f64
    };
    4.0 * (n * n) as f64 * rho * eps(DType::F64)
}

/// The Frobenius norm, its squares summed relative to the largest part so that neither
/// tiny entries (an inverse of entries near the largest float) underflow to a zero norm nor
/// huge ones overflow.
pub(crate) fn frobenius(m: &[Cf64]) -> f64 {
    let top = m
        .iter()
        .map(|z| z.re.abs().max(z.im.abs()))
        .fold(0.0, f64::max);
    if top == 0.0 || !top.is_finite() {
        // All zero, or an infinity (the norm is infinite) or a NaN (the norm is NaN).
        return m.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
    }
    m.iter().map(|z| (z / top).norm_sqr()).sum::<f64>().sqrt() * top
}

/// `||A^-1||_F` of the `n x n` matrix `a` by Gauss-Jordan with partial pivoting, `None` when a
/// pivot is exactly zero (the bound is then infinite).
pub(crate) fn inverse_norm(a: &[Cf64], n: usize) -> Option<f64> {
    let mut m: Vec<Cf64> = a.to_vec();
    let mut inv: Vec<Cf64> = (0..n * n)
        .map(|k| Cf64::new(f64::from(u8::from(k / n == k % n)), 0.0))
        .collect();
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| m[i * n + c].norm().total_cmp(&m[j * n + c].norm()))?;
        if m[p * n + c].norm() == 0.0 {
            return None;
        }
        for k in 0..n {
            m.swap(c * n + k, p * n + k);
            inv.swap(c * n + k, p * n + k);
        }
        let d = m[c * n + c];
        for k in 0..n {
            m[c * n + k] /= d;
            inv[c * n + k] /= d;
        }
        for r in (0..n).filter(|&r| r != c) {
            let f = m[r * n + c];
            for k in 0..n {
                let (mv, iv) = (m[c * n + k], inv[c * n + k]);
                m[r * n + k] -= f * mv;
                inv[r * n + k] -= f * iv;
            }
        }
    }
    let norm = frobenius(&inv);
    norm.is_finite().then_some(norm)
}

/// The matrices of `t` (last two dimensions `r x c`) as complex128 values, one vector each.
pub(crate) fn stack(t: &Tensor) -> Res<(Vec<Vec<Cf64>>, usize, usize)> {
    let nd = t.ndim();
    if nd < 2 {
        return Err(format!("a {nd}-d matrix operand"));
    }
    let (r, c) = (t.shape()[nd - 2], t.shape()[nd - 1]);
    let v = values(t)?;
    let size = r * c;
    let count: usize = t.shape()[..nd - 2].iter().product();
    Ok((
        (0..count)
            .map(|k| v[k * size..(k + 1) * size].to_vec())
            .collect(),
        r,
        c,
    ))
}

/// Exactly equal, NaN equal to NaN, infinities by sign.
fn same(a: Cf64, b: Cf64) -> bool {
    let eq = |x: f64, y: f64| x == y || x.is_nan() && y.is_nan();
    eq(a.re, b.re) && eq(a.im, b.im)
}

/// Compares `got` with `want` (same length) within `bound` in the 2-norm over the block, plus
/// one rounding of the result dtype `d` per element; a non-finite expected element must come
/// back the same, and with an infinite or NaN bound nothing is compared.
pub(crate) fn within(got: &[Cf64], want: &[Cf64], bound: f64, d: DType, what: &str) -> Res<()> {
    if bound.is_nan() || bound.is_infinite() {
        return Ok(());
    }
    let finite = |z: &Cf64| z.re.is_finite() && z.im.is_finite();
    if let Some(k) =
        (0..want.len()).find(|&k| (!finite(&want[k]) || !finite(&got[k])) && !same(got[k], want[k]))
    {
        return Err(format!(
            "{what} element {k}: engine {}, NumPy {} (a non-finite value must be NumPy's)",
            got[k], want[k]
        ));
    }
    let diff: Vec<Cf64> = got
        .iter()
        .zip(want)
        .filter(|(_, w)| finite(w))
        .map(|(g, w)| g - w)
        .collect();
    let err = frobenius(&diff);
    let tol = bound + 2.0 * eps(d) * frobenius(want) + want.len() as f64 * min_subnormal(d);
    if err > tol || err.is_nan() {
        return Err(format!(
            "{what}: error {err:.3e} > bound {tol:.3e} (Gaussian elimination's backward error \
             through the condition, plus the result's rounding)"
        ));
    }
    Ok(())
}
