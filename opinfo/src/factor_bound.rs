//! The checks of the factorizations whose outputs are defined only up to a gauge (`eigh`,
//! `eig`, `svd`, `qr`): properties every backward-stable answer has, whatever phases or
//! orders the solver chose, computed from the sample's matrix in complex128 by the
//! comparison's own arithmetic.
//!
//! - a factorization reproduces the matrix: `||A - factors||_F <= c eps ||A||_F`;
//! - a unitary factor is unitary to working precision;
//! - each computed eigenpair `(w, v)` has residual `||A v - w v|| <= ||dA|| ||v||`;
//! - eigenvalues match NumPy's as a multiset within Bauer-Fike's `kappa(V) ||dA||`, with the
//!   eigenvector matrix `V` of NumPy's eigenvalues found by inverse iteration here (so the
//!   bound needs no vector from either side);
//! - a Hermitian eigenvector is within Davis-Kahan's `2 ||dA|| / gap` of NumPy's.
//!
//! Every result is rounded to its dtype once more (float32 outputs are computed in float64,
//! as NumPy does): each tolerance adds that rounding through the factors' norms.

use crate::lu_bound::{frobenius, inverse_norm};
use crate::tolerance::eps;
use backends::element::Cf64;
use backends::DType;

type Res<T> = std::result::Result<T, String>;

/// A dense complex matrix, row-major.
#[derive(Clone, Debug)]
pub(crate) struct CMat {
    /// Rows.
    pub r: usize,
    /// Columns.
    pub c: usize,
    /// `r * c` values, row-major.
    pub v: Vec<Cf64>,
}

impl CMat {
    /// A matrix of `v` (row-major).
    pub(crate) fn new(r: usize, c: usize, v: Vec<Cf64>) -> CMat {
        CMat { r, c, v }
    }
    /// Element `(i, j)`.
    pub(crate) fn at(&self, i: usize, j: usize) -> Cf64 {
        self.v[i * self.c + j]
    }
    /// The product `self @ other`.
    pub(crate) fn dot(&self, o: &CMat) -> CMat {
        let mut v = vec![Cf64::new(0.0, 0.0); self.r * o.c];
        for i in 0..self.r {
            for l in 0..self.c {
                let a = self.at(i, l);
                for j in 0..o.c {
                    v[i * o.c + j] += a * o.at(l, j);
                }
            }
        }
        CMat::new(self.r, o.c, v)
    }
    /// The conjugate transpose.
    pub(crate) fn adjoint(&self) -> CMat {
        CMat::new(
            self.c,
            self.r,
            (0..self.r * self.c)
                .map(|k| self.at(k % self.r, k / self.r).conj())
                .collect(),
        )
    }
    /// The leading `r x c` block.
    pub(crate) fn block(&self, r: usize, c: usize) -> CMat {
        CMat::new(r, c, (0..r * c).map(|k| self.at(k / c, k % c)).collect())
    }
    /// Column `j`.
    pub(crate) fn column(&self, j: usize) -> Vec<Cf64> {
        (0..self.r).map(|i| self.at(i, j)).collect()
    }
    /// The Frobenius norm.
    pub(crate) fn norm(&self) -> f64 {
        frobenius(&self.v)
    }
    /// `self - o`, Frobenius norm.
    pub(crate) fn distance(&self, o: &CMat) -> f64 {
        frobenius(
            &self
                .v
                .iter()
                .zip(&o.v)
                .map(|(a, b)| a - b)
                .collect::<Vec<_>>(),
        )
    }
    /// Whether every element is finite.
    pub(crate) fn finite(&self) -> bool {
        self.v.iter().all(|z| z.re.is_finite() && z.im.is_finite())
    }
}

/// The `k`-th of a stack of `r x c` matrices stored flat.
pub(crate) fn nth(v: &[Cf64], k: usize, r: usize, c: usize) -> CMat {
    CMat::new(r, c, v[k * r * c..(k + 1) * r * c].to_vec())
}

/// `||dA||` of a backward-stable solver on an `n`-sized problem: `8 n eps ||A||_F`.
pub(crate) fn backward(n: usize, a: &CMat) -> f64 {
    8.0 * n.max(1) as f64 * eps(DType::F64) * a.norm()
}

/// `Err` unless `||A - product||_F` is within the backward error of an `n`-sized
/// factorization plus the rounding of `factors` factors of `k` columns to `d`: relative, and
/// below `d`'s normal range absolute (a factor's entries round to multiples of the smallest
/// subnormal, so a product of two moves by about `sqrt(||A||) + 1` times that quantum).
pub(crate) fn reproduces(
    a: &CMat,
    p: &CMat,
    n: usize,
    k: usize,
    factors: usize,
    d: DType,
    what: &str,
) -> Res<()> {
    // Outputs that overflowed their dtype (NaN in the product) are left to the value
    // comparisons, which require NumPy's non-finite values exactly.
    if !a.finite() || !p.finite() {
        return Ok(());
    }
    let err = a.distance(p);
    let k = k.max(1) as f64;
    let tiny = crate::tolerance::min_subnormal(d);
    let tol = backward(n, a) * k.sqrt()
        + 4.0 * (factors as f64 * k.sqrt() * eps(d) + k * eps(DType::F64)) * a.norm()
        + 2.0 * factors as f64 * (n as f64 * k).sqrt() * tiny * (a.norm().sqrt() + 1.0 + tiny);
    if err.is_nan() || err > tol {
        return Err(format!("{what}: ||A - factors||_F = {err:.3e} > {tol:.3e}"));
    }
    Ok(())
}

/// `Err` unless the Gram matrix `q^H q` of `q`'s columns equals `want` (the identity, or
/// NumPy's own Gram matrix where NumPy's columns are not all unit) within working precision.
pub(crate) fn gram_matches(q: &CMat, want: &CMat, d: DType, what: &str) -> Res<()> {
    let g = q.adjoint().dot(q);
    let n = q.r.max(q.c).max(1) as f64;
    let tol = 16.0 * n * n * eps(DType::F64) + 8.0 * n.sqrt() * eps(d);
    for i in 0..g.r {
        for j in 0..g.c {
            let e = (g.at(i, j).norm() - want.at(i, j).norm()).abs();
            if e.is_nan() || e > tol {
                return Err(format!(
                    "{what}: |(Q^H Q)[{i}, {j}]| = {:.6e}, expected {:.6e} (tolerance {tol:.2e})",
                    g.at(i, j).norm(),
                    want.at(i, j).norm()
                ));
            }
        }
    }
    Ok(())
}

/// The `n x n` identity.
pub(crate) fn identity(n: usize) -> CMat {
    CMat::new(
        n,
        n,
        (0..n * n)
            .map(|k| Cf64::new(f64::from(u8::from(k / n == k % n)), 0.0))
            .collect(),
    )
}

/// A null vector of `a - w I` by two steps of inverse iteration (Gaussian elimination with
/// partial pivoting, a zero pivot replaced by a tiny one), normalized; `None` if it breaks
/// down.
fn null_vector(a: &CMat, w: Cf64) -> Option<Vec<Cf64>> {
    let n = a.r;
    let tiny = eps(DType::F64) * a.norm().max(f64::MIN_POSITIVE) * 1e-3;
    let mut x = vec![Cf64::new(1.0, 0.0); n];
    for _ in 0..2 {
        let mut m: Vec<Cf64> = (0..n * n)
            .map(|k| {
                a.v[k]
                    - if k / n == k % n {
                        w
                    } else {
                        Cf64::new(0.0, 0.0)
                    }
            })
            .collect();
        let mut b = x.clone();
        for c in 0..n {
            let p = (c..n).max_by(|&i, &j| m[i * n + c].norm().total_cmp(&m[j * n + c].norm()))?;
            for k in 0..n {
                m.swap(c * n + k, p * n + k);
            }
            b.swap(c, p);
            if m[c * n + c].norm() < tiny {
                m[c * n + c] = Cf64::new(tiny, 0.0);
            }
            for r in c + 1..n {
                let f = m[r * n + c] / m[c * n + c];
                for k in c..n {
                    let t = m[c * n + k];
                    m[r * n + k] -= f * t;
                }
                let t = b[c];
                b[r] -= f * t;
            }
        }
        for c in (0..n).rev() {
            let s: Cf64 = (c + 1..n).map(|k| m[c * n + k] * b[k]).sum();
            b[c] = (b[c] - s) / m[c * n + c];
        }
        let norm = frobenius(&b);
        if !(norm.is_finite() && norm > 0.0) {
            return None;
        }
        x = b.into_iter().map(|z| z / norm).collect();
    }
    Some(x)
}

/// Bauer-Fike's `kappa_F(V)` for the eigenvalues `w` of `a`, `V` their eigenvectors by inverse
/// iteration; `None` (no bound) when `V` is singular: a repeated or defective eigenvalue.
pub(crate) fn eigvec_condition(a: &CMat, w: &[Cf64]) -> Option<f64> {
    let n = a.r;
    let cols: Vec<Vec<Cf64>> = w
        .iter()
        .map(|&x| null_vector(a, x))
        .collect::<Option<_>>()?;
    let v: Vec<Cf64> = (0..n * n).map(|k| cols[k % n][k / n]).collect();
    inverse_norm(&v, n).map(|inv| frobenius(&v) * inv)
}

/// `Err` unless `got` and `want` are the same multiset within `tol` each (nearest pairs
/// matched first); non-finite values must match exactly.
pub(crate) fn same_multiset(got: &[Cf64], want: &[Cf64], tol: f64, what: &str) -> Res<()> {
    let n = want.len();
    let mut pairs: Vec<(f64, usize, usize)> = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| ((got[i] - want[j]).norm(), i, j))
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut used_g, mut used_w) = (vec![false; n], vec![false; n]);
    for (d, i, j) in pairs {
        if used_g[i] || used_w[j] {
            continue;
        }
        if d.is_nan() || d > tol {
            return Err(format!(
                "{what}: engine eigenvalue {} has no NumPy eigenvalue within {tol:.3e} (nearest \
                 unmatched {}, at {d:.3e})",
                got[i], want[j]
            ));
        }
        used_g[i] = true;
        used_w[j] = true;
    }
    Ok(())
}
