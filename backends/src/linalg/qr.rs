//! `numpy.linalg.qr` (modes `reduced`, `complete`, `r`, `raw`) by Householder reflections,
//! written out as LAPACK's unblocked `geqr2` and `ung2r` in float64/complex128.
//!
//! Why not faer's QR: NumPy's results are defined by LAPACK's conventions — the sign of R's
//! diagonal (`beta = -sign(re alpha) * |(alpha, x)|` in `larfg`), and, in `raw` mode, the
//! Householder vectors below R and the scalars `tau` themselves — and faer's blocked QR keeps
//! its reflectors in another form. The same reflections in the same order give NumPy's R, Q,
//! `h` and `tau` up to rounding.
//!
//! Shapes, for an `m x n` matrix and `k = min(m, n)`: `reduced` gives Q `m x k`, R `k x n`;
//! `complete` Q `m x m`, R `m x n`; `r` only R `k x n`; `raw` `h` `n x m` (the factored matrix
//! transposed, as NumPy returns LAPACK's column-major array) and `tau` of length `k`.

use super::hermitian::each;
use super::stack::{from_matrices, from_values, matrices, result_dtype, Field};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use faer::Mat;

/// The mode of `np.linalg.qr`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QrMode {
    /// `Q` `m x k` and `R` `k x n` (the default).
    Reduced,
    /// `Q` `m x m` and `R` `m x n`.
    Complete,
    /// `R` alone, `k x n`.
    R,
    /// LAPACK's `(h, tau)`: `h` the reflectors and R, transposed.
    Raw,
}

impl QrMode {
    /// The mode NumPy's `mode=` string names, or NumPy's ValueError.
    pub fn parse(mode: &str) -> Result<QrMode> {
        match mode {
            "reduced" => Ok(QrMode::Reduced),
            "complete" => Ok(QrMode::Complete),
            "r" => Ok(QrMode::R),
            "raw" => Ok(QrMode::Raw),
            _ => Err(Error::Value {
                op: "qr",
                msg: format!("Unrecognized mode '{mode}'"),
            }),
        }
    }
}

/// `larfg`: the reflector `H = I - tau v v^H` with `H^H (alpha, x) = (beta, 0)`, `v = (1, x')`.
/// Overwrites `x` with `x'` and returns `(beta, tau)`. As LAPACK, a column whose norm is
/// below `safmin` is scaled up first (by powers of `1 / safmin`), so that `1 / (alpha - beta)`
/// does not overflow on subnormal columns.
fn larfg<T: Field>(alpha: T, x: &mut [T]) -> (T, T) {
    // LAPACK's dnrm2 and dlapy2 return NaN when a NaN is present, where IEEE's
    // hypot(inf, nan) is inf.
    let lapy2 = |a: f64, b: f64| {
        if a.is_nan() || b.is_nan() {
            f64::NAN
        } else {
            a.hypot(b)
        }
    };
    let norm = |x: &[T]| x.iter().fold(0.0f64, |acc, z| lapy2(acc, z.magnitude()));
    let xnorm = norm(x);
    let mut alpha = alpha;
    if xnorm == 0.0 && alpha.imag_part() == 0.0 {
        return (alpha, T::real(0.0));
    }
    let size = |a: T, xn: f64| lapy2(lapy2(a.real_part(), a.imag_part()), xn);
    let mut beta = -size(alpha, xnorm).copysign(alpha.real_part());
    // dlamch('S') / dlamch('E'), as dlarfg.
    let safmin = f64::MIN_POSITIVE / (f64::EPSILON / 2.0);
    let mut knt = 0;
    if beta.abs() < safmin {
        let up = T::real(1.0 / safmin);
        while beta.abs() < safmin && knt < 20 {
            knt += 1;
            x.iter_mut().for_each(|z| *z *= up);
            beta /= safmin;
            alpha *= up;
        }
        beta = -size(alpha, norm(x)).copysign(alpha.real_part());
    }
    let (re, im) = (alpha.real_part(), alpha.imag_part());
    let tau = T::complex((beta - re) / beta, -im / beta);
    let scale = (alpha - T::real(beta)).recip();
    x.iter_mut().for_each(|z| *z *= scale);
    for _ in 0..knt {
        beta *= safmin;
    }
    (T::real(beta), tau)
}

/// Applies `H = I - tau v v^H` (`v` the column `c` of `a` from row `c`, its first entry taken
/// as 1) from the left to columns `from..` of `a`, rows `c..` (`larf`, as `gemv` then `gerc`).
/// As LAPACK's `larf`, nothing is applied when `tau` is zero, and the update stops at `v`'s
/// last nonzero row and at the last column with a nonzero in those rows (`ilaslr`/`ilaslc`;
/// a NaN counts as nonzero): so a reflector never multiplies an infinity it need not touch
/// by zero.
fn reflect<T: Field>(a: &mut Mat<T>, c: usize, tau: T, from: usize) {
    if tau.is_zero() {
        return;
    }
    let m = a.nrows();
    let v = |a: &Mat<T>, r: usize| if r == c { T::real(1.0) } else { a[(r, c)] };
    let nonzero = |z: T| !z.is_zero();
    let last_v = (c..m).rev().find(|&r| nonzero(v(a, r))).unwrap_or(c);
    let Some(last_c) = (from..a.ncols())
        .rev()
        .find(|&j| (c..=last_v).any(|r| nonzero(a[(r, j)])))
    else {
        return;
    };
    for j in from..=last_c {
        // w_j = sum_r conj(a_rj) v_r; a_rj -= v_r (tau conj(w_j)).
        let mut w = T::real(0.0);
        for r in c..=last_v {
            w += a[(r, j)].conjugate() * v(a, r);
        }
        let t = T::real(0.0) - tau * w.conjugate();
        for r in c..=last_v {
            let vr = v(a, r);
            a[(r, j)] += vr * t;
        }
    }
}

/// `geqr2`: `a` overwritten by R (on and above the diagonal) and the reflectors (below), and
/// the `tau`s.
fn geqr2<T: Field>(a: &mut Mat<T>) -> Vec<T> {
    let (m, n) = (a.nrows(), a.ncols());
    let k = m.min(n);
    let mut taus = Vec::with_capacity(k);
    for i in 0..k {
        let mut x: Vec<T> = (i + 1..m).map(|r| a[(r, i)]).collect();
        let (beta, tau) = larfg(a[(i, i)], &mut x);
        for (r, z) in (i + 1..m).zip(x) {
            a[(r, i)] = z;
        }
        a[(i, i)] = beta;
        if i + 1 < n {
            // H^H applied from the left: tau conjugated (zgeqr2).
            reflect(a, i, tau.conjugate(), i + 1);
        }
        taus.push(tau);
    }
    taus
}

/// `ung2r`: the first `cols` columns of `Q = H_1 ... H_k` from `geqr2`'s output.
fn ung2r<T: Field>(h: &Mat<T>, taus: &[T], cols: usize) -> Mat<T> {
    let m = h.nrows();
    let k = taus.len();
    let zero = T::real(0.0);
    let mut q = Mat::from_fn(m, cols, |i, j| match (j < k, i > j) {
        (true, true) => h[(i, j)],
        (true, false) => zero,
        (false, _) => T::real(f64::from(u8::from(i == j))),
    });
    for i in (0..k).rev() {
        if i + 1 < cols {
            q[(i, i)] = T::real(1.0);
            reflect(&mut q, i, taus[i], i + 1);
        }
        for r in i + 1..m {
            q[(r, i)] = zero - taus[i] * q[(r, i)];
        }
        q[(i, i)] = T::real(1.0) - taus[i];
        for r in 0..i {
            q[(r, i)] = zero;
        }
    }
    q
}

/// The outputs of `mode` for one matrix, in NumPy's order.
fn one_qr<T: Field>(a: &Mat<T>, mode: QrMode) -> Vec<Mat<T>> {
    let (m, n) = (a.nrows(), a.ncols());
    let k = m.min(n);
    let mut h = a.clone();
    let taus = geqr2(&mut h);
    let r = |rows: usize| {
        Mat::from_fn(
            rows,
            n,
            |i, j| if i <= j { h[(i, j)] } else { T::real(0.0) },
        )
    };
    match mode {
        QrMode::Reduced => vec![ung2r(&h, &taus, k), r(k)],
        QrMode::Complete => vec![ung2r(&h, &taus, m), r(m)],
        QrMode::R => vec![r(k)],
        QrMode::Raw => vec![
            Mat::from_fn(n, m, |i, j| h[(j, i)]),
            Mat::from_fn(k, 1, |i, _| taus[i]),
        ],
    }
}

fn qr_in<T: Field>(a: &Tensor, mode: QrMode, d: DType) -> Result<Vec<Tensor>> {
    let nd = a.ndim();
    let batch = a.shape()[..nd - 2].to_vec();
    let (m, n) = (a.shape()[nd - 2], a.shape()[nd - 1]);
    let mats = matrices::<T>(a, &batch, m, n)?;
    let outs = each(&mats, |x| one_qr(x, mode));
    let count = match mode {
        QrMode::R => 1,
        _ => 2,
    };
    (0..count)
        .map(|o| {
            let part: Vec<Mat<T>> = outs.iter().map(|v| v[o].clone()).collect();
            let (r, c) = part
                .first()
                .map_or_else(|| empty_shape(mode, o, m, n), |p| (p.nrows(), p.ncols()));
            let mut shape = batch.clone();
            if mode == QrMode::Raw && o == 1 {
                // tau: one vector per matrix.
                shape.push(r);
                let v: Vec<T> = part
                    .iter()
                    .flat_map(|p| (0..p.nrows()).map(|i| p[(i, 0)]))
                    .collect();
                return from_values(v, &shape, d);
            }
            shape.extend([r, c]);
            from_matrices(&part, &shape, d)
        })
        .collect()
}

/// The shape of output `o` when the stack is empty (no matrix to read it from).
fn empty_shape(mode: QrMode, o: usize, m: usize, n: usize) -> (usize, usize) {
    let k = m.min(n);
    match (mode, o) {
        (QrMode::Reduced, 0) => (m, k),
        (QrMode::Reduced, _) | (QrMode::R, _) => (k, n),
        (QrMode::Complete, 0) => (m, m),
        (QrMode::Complete, _) => (m, n),
        (QrMode::Raw, 0) => (n, m),
        (QrMode::Raw, _) => (k, 1),
    }
}

impl Tensor {
    /// `np.linalg.qr(self, mode)`: `[Q, R]`, `[R]` or `[h, tau]` for each matrix of the stack
    /// (see [`QrMode`]), with `Q @ R == self`, Q's columns orthonormal and R upper
    /// triangular with LAPACK's signs.
    pub fn qr(&self, mode: QrMode) -> Result<Vec<Tensor>> {
        const OP: &str = "qr";
        host_only(OP, &[self])?;
        if self.ndim() < 2 {
            return Err(Error::LinAlg {
                op: OP,
                msg: format!(
                    "{}-dimensional array given. Array must be at least two-dimensional",
                    self.ndim()
                ),
            });
        }
        let d = result_dtype(OP, &[self.dtype()])?;
        if d.is_complex() {
            qr_in::<crate::element::Cf64>(self, mode, d)
        } else {
            qr_in::<f64>(self, mode, d)
        }
    }
}
