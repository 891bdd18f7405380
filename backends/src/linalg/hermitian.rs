//! `numpy.linalg.eigvalsh`, `cholesky` and `svdvals` over stacks, through faer in
//! float64/complex128 (see [`super::stack`]).
//!
//! NumPy's rules, followed here (LAPACK's `syevd`/`heevd`, `potrf`, `gesdd`):
//! - `eigvalsh(a, UPLO)` and `cholesky(a, upper)` read one triangle only (the lower one for
//!   `UPLO='L'`, the default, and for `upper=False`) and the real part of the diagonal: the
//!   Hermitian matrix is rebuilt from that triangle before faer sees it, so what the other
//!   triangle holds cannot matter.
//! - `eigvalsh` returns real eigenvalues in ascending order; `svdvals` real singular values in
//!   descending order, of any `m x n` matrix; both of the real dtype of the result.
//! - `cholesky` of a matrix that is not positive definite raises LinAlgError "Matrix is not
//!   positive definite"; `upper=True` returns `L^H`. An SVD that does not converge raises
//!   "SVD did not converge".

use super::stack::{from_matrices, from_values, matrices, result_dtype, square_stack, Field};
use crate::element::Cf64;
use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use faer::Mat;
use rayon::prelude::*;

/// The Hermitian matrix of `m`'s lower (`lower`) or upper triangle, its diagonal made real.
pub(super) fn hermitian<T: Field>(m: &Mat<T>, lower: bool) -> Mat<T> {
    Mat::from_fn(m.nrows(), m.ncols(), |i, j| {
        let from_lower = if lower { i >= j } else { i <= j };
        match (i == j, from_lower) {
            (true, _) => T::real(m[(i, i)].real_part()),
            (false, true) => m[(i, j)],
            (false, false) => m[(j, i)].conjugate(),
        }
    })
}

/// `m` scaled by a power of two that brings its largest magnitude near 1 when it is far from
/// it (faer's iterations overflow on entries near the largest float, where LAPACK scales
/// first), and the factor to multiply the results by; exact, since only exponents change.
pub(super) fn balanced<T: Field>(m: &Mat<T>) -> (Mat<T>, f64) {
    let mut top = 0.0f64;
    for j in 0..m.ncols() {
        for i in 0..m.nrows() {
            top = top.max(m[(i, j)].magnitude());
        }
    }
    if !(top.is_finite() && top > 0.0) || (2f64.powi(-500)..2f64.powi(500)).contains(&top) {
        return (m.clone(), 1.0);
    }
    // Within +-1000 both factors are normal floats (2^1074 would overflow).
    let e = (top.log2().floor() as i32).clamp(-1000, 1000);
    let down = T::real(2f64.powi(-e));
    (
        Mat::from_fn(m.nrows(), m.ncols(), |i, j| m[(i, j)] * down),
        2f64.powi(e),
    )
}

/// Singular values or eigenvalues `v` of the balanced matrix `b`, scaled back by `scale`:
/// each magnitude first capped at `||b||_F`, which bounds them all, so that one computed a
/// rounding above a largest singular value near the largest float does not overflow to inf
/// (`[[1, -max]]`'s is `max` exactly, faer's `2.0000000000000004 * 2^1023`).
pub(super) fn unscaled<T: Field>(b: &Mat<T>, v: Vec<f64>, scale: f64) -> Vec<f64> {
    let mut sq = 0.0;
    for j in 0..b.ncols() {
        for i in 0..b.nrows() {
            sq += b[(i, j)].magnitude().powi(2);
        }
    }
    let cap = sq.sqrt();
    v.into_iter()
        .map(|x| if x.abs() > cap { cap.copysign(x) } else { x } * scale)
        .collect()
}

/// `f` of `m` balanced, its values scaled back.
fn scaled<T: Field>(m: &Mat<T>, f: impl Fn(&Mat<T>) -> Option<Vec<f64>>) -> Option<Vec<f64>> {
    let (b, s) = balanced(m);
    f(&b).map(|v| unscaled(&b, v, s))
}

/// Runs `f` on every matrix, in parallel over a large stack (each matrix by one thread).
pub(super) fn each<T: Field, R: Send>(
    mats: &[Mat<T>],
    f: impl Fn(&Mat<T>) -> R + Sync + Send,
) -> Vec<R> {
    let size = mats
        .first()
        .map_or(0, |m| m.nrows() * m.ncols() * m.ncols());
    if mats.len() > 1 && mats.len() * size >= 1 << 15 {
        mats.par_iter().map(f).collect()
    } else {
        mats.iter().map(f).collect()
    }
}

/// One value vector per matrix, flattened, or the error of the first that failed.
fn flat(v: Vec<Option<Vec<f64>>>, err: impl Fn() -> Error) -> Result<Vec<f64>> {
    let mut out = Vec::new();
    for x in v {
        out.extend(x.ok_or_else(&err)?);
    }
    Ok(out)
}

fn eigvalsh_in<T: Field>(a: &Tensor, lower: bool, d: crate::DType) -> Result<Tensor> {
    let (batch, n) = square_stack("eigvalsh", a)?;
    let mats = matrices::<T>(a, &batch, n, n)?;
    let vals = each(&mats, |m| scaled(&hermitian(m, lower), T::eigvalsh));
    let v = flat(vals, || Error::LinAlg {
        op: "eigvalsh",
        msg: "Eigenvalues did not converge".into(),
    })?;
    let mut shape = batch;
    shape.push(n);
    from_values(v, &shape, d.to_real())
}

fn svdvals_in<T: Field>(a: &Tensor, d: crate::DType) -> Result<Tensor> {
    let nd = a.ndim();
    let (batch, m, n) = (
        a.shape()[..nd - 2].to_vec(),
        a.shape()[nd - 2],
        a.shape()[nd - 1],
    );
    let mats = matrices::<T>(a, &batch, m, n)?;
    let vals = each(&mats, |x| scaled(x, T::svdvals));
    let v = flat(vals, || Error::LinAlg {
        op: "svdvals",
        msg: "SVD did not converge".into(),
    })?;
    let mut shape = batch;
    shape.push(m.min(n));
    from_values(v, &shape, d.to_real())
}

fn cholesky_in<T: Field>(a: &Tensor, upper: bool, d: crate::DType) -> Result<Tensor> {
    let (batch, n) = square_stack("cholesky", a)?;
    let mats = matrices::<T>(a, &batch, n, n)?;
    // `upper=True` reads the upper triangle (LAPACK's UPLO='U') and returns U with
    // U^H U = A: the conjugate transpose of the lower factor of the same Hermitian matrix.
    let factors = each(&mats, |m| T::cholesky(&hermitian(m, !upper)));
    let factors: Vec<Mat<T>> = factors
        .into_iter()
        .map(|f| {
            f.map(|l| {
                if upper {
                    Mat::from_fn(n, n, |i, j| l[(j, i)].conjugate())
                } else {
                    l
                }
            })
        })
        .collect::<Option<_>>()
        .ok_or_else(|| Error::LinAlg {
            op: "cholesky",
            msg: "Matrix is not positive definite".into(),
        })?;
    let mut shape = batch;
    shape.extend([n, n]);
    from_matrices(&factors, &shape, d)
}

/// Whether `UPLO=` names the lower triangle: NumPy upper-cases it first, so `"l"` is `"L"`.
pub(super) fn lower_triangle(op: &'static str, uplo: &str) -> Result<bool> {
    match uplo.to_ascii_uppercase().as_str() {
        "L" => Ok(true),
        "U" => Ok(false),
        _ => Err(Error::Value {
            op,
            msg: "UPLO argument must be 'L' or 'U'".into(),
        }),
    }
}

impl Tensor {
    /// `np.linalg.eigvalsh(self, UPLO)`: the eigenvalues of each Hermitian matrix of the
    /// stack, ascending, read from its lower (`"L"`) or upper (`"U"`) triangle.
    pub fn eigvalsh(&self, uplo: &str) -> Result<Tensor> {
        const OP: &str = "eigvalsh";
        host_only(OP, &[self])?;
        let lower = lower_triangle(OP, uplo)?;
        square_stack(OP, self)?;
        let d = result_dtype(OP, &[self.dtype()])?;
        if d.is_complex() {
            eigvalsh_in::<Cf64>(self, lower, d)
        } else {
            eigvalsh_in::<f64>(self, lower, d)
        }
    }

    /// `np.linalg.svdvals(self)`: the singular values of each matrix of the stack, descending.
    pub fn svdvals(&self) -> Result<Tensor> {
        const OP: &str = "svdvals";
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
            svdvals_in::<Cf64>(self, d)
        } else {
            svdvals_in::<f64>(self, d)
        }
    }

    /// `np.linalg.cholesky(self, upper=upper)`: the Cholesky factor of each Hermitian
    /// positive-definite matrix of the stack: lower `L` with `L L^H = A` read from the lower
    /// triangle, or, when `upper`, `U` with `U^H U = A` read from the upper one.
    pub fn cholesky(&self, upper: bool) -> Result<Tensor> {
        const OP: &str = "cholesky";
        host_only(OP, &[self])?;
        square_stack(OP, self)?;
        let d = result_dtype(OP, &[self.dtype()])?;
        if d.is_complex() {
            cholesky_in::<Cf64>(self, upper, d)
        } else {
            cholesky_in::<f64>(self, upper, d)
        }
    }
}
