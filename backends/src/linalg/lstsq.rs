//! `numpy.linalg.lstsq`: the minimum-norm least-squares solution of `a @ x = b`, the residual
//! sums of squares, the effective rank and the singular values, through faer's SVD in
//! float64/complex128 (NumPy calls LAPACK's SVD-based `gelsd` there).
//!
//! NumPy's rules, followed here:
//! - `a` and `b` are 2-D (`b` may be 1-D, a single right-hand side): else LinAlgError
//!   "N-dimensional array given. Array must be two-dimensional"; rows that differ are
//!   LinAlgError "Incompatible dimensions"; the dtypes as every linalg function
//!   (`_commonType`: float16 refused, integers in float64, single precision kept).
//! - `rcond` defaults to `eps(float64) * max(M, N)`; one outside (0, 1) means machine
//!   precision, 2^-53 (`dlalsd`). Singular values `<= rcond * s[0]` count as zero; the rank
//!   counts the rest, except that a lone singular value counts whenever it is not zero.
//! - The residuals are `||b - a x||^2` per column only when the rank is `N` and `M > N`,
//!   else an empty array; `M == 0` gives `x = 0`.
//! - A NaN or infinity in `a` is LinAlgError "SVD did not converge in Linear Least Squares";
//!   an infinity in `b` makes the whole solution NaN, a NaN its column's, and a column holding
//!   either has a NaN residual, unless the matrix is empty (`gelsd` returns before touching
//!   `b`).
//! - The rank is an int32 (LAPACK's integer), the singular values real.

use super::hermitian::balanced;
use super::stack::{from_matrices, from_values, matrices, result_dtype, Field};
use crate::dtype::DType;
use crate::element::Cf64;
use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use faer::Mat;

const OP: &str = "lstsq";

/// `(x, residuals, rank, singular values)` of one system.
type Solution<T> = (Mat<T>, Vec<f64>, i32, Vec<f64>);

fn not_converged() -> Error {
    Error::LinAlg {
        op: OP,
        msg: "SVD did not converge in Linear Least Squares".into(),
    }
}

/// The least-squares solution of `a x = b` by the SVD of `a`.
fn solve<T: Field>(a: &Mat<T>, b: &Mat<T>, rcond: f64) -> Result<Solution<T>> {
    let (m, n, k) = (a.nrows(), a.ncols(), b.ncols());
    let finite = |z: T| z.real_part().is_finite() && z.imag_part().is_finite();
    if (0..m).any(|i| (0..n).any(|j| !finite(a[(i, j)]))) {
        return Err(not_converged());
    }
    let p = m.min(n);
    let (u, s, v) = if p == 0 {
        (
            Mat::from_fn(m, m, |i, j| T::real(f64::from(u8::from(i == j)))),
            Vec::new(),
            Mat::zeros(n, 0),
        )
    } else {
        let (scaled, f) = balanced(a);
        // The full U when there are rows past N: its last columns give the residuals.
        let (u, s, v) = super::decompose::svd(&scaled, m > n).ok_or_else(not_converged)?;
        (u, super::hermitian::unscaled(&scaled, s, f), v)
    };
    // LAPACK's dlalsd: a cutoff outside (0, 1) is machine precision (dlamch's 2^-53), and a
    // single singular value counts whenever it is not zero.
    let rcond = if rcond <= 0.0 || rcond >= 1.0 {
        f64::EPSILON / 2.0
    } else {
        rcond
    };
    let rank = match s.len() {
        0 => 0,
        1 => usize::from(s[0] != 0.0),
        _ => {
            let top = s.iter().copied().fold(0.0, f64::max);
            s.iter().filter(|&&x| x > rcond * top).count()
        }
    };
    // c = U^H b (b itself for an empty matrix, whose U is the identity: no inf * 0 there),
    // then x = V_r diag(1/s_r) c_r.
    let c = if p == 0 {
        b.to_owned()
    } else {
        Mat::from_fn(u.ncols(), k, |i, j| {
            let mut acc = T::real(0.0);
            for r in 0..m {
                acc += u[(r, i)].conjugate() * b[(r, j)];
            }
            acc
        })
    };
    // gelsd scales b by its largest magnitude: an infinity makes every solution NaN, a NaN
    // its own column's; an empty matrix leaves b untouched. A column holding either has a
    // NaN residual.
    let bad_column = |j: usize| (0..m).any(|i| !finite(b[(i, j)]));
    let infinite = (0..m).any(|i| {
        (0..k).any(|j| {
            let z = b[(i, j)];
            z.real_part().is_infinite() || z.imag_part().is_infinite()
        })
    });
    let bad: Vec<bool> = (0..k)
        .map(|j| p > 0 && (infinite || bad_column(j)))
        .collect();
    let nan = T::complex(f64::NAN, f64::NAN);
    let x = Mat::from_fn(n, k, |i, j| {
        if bad[j] {
            return nan;
        }
        let mut acc = T::real(0.0);
        for r in 0..rank {
            acc += v[(i, r)] * (c[(r, j)] * T::real(1.0 / s[r]));
        }
        acc
    });
    let residuals = if rank == n && m > n {
        (0..k)
            .map(|j| {
                if p > 0 && bad_column(j) {
                    f64::NAN
                } else {
                    (n..m).map(|i| c[(i, j)].magnitude().powi(2)).sum()
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    // `rank <= min(M, N)`, and a tensor's dimension fits an i32 here (checked by the caller).
    Ok((x, residuals, rank as i32, s))
}

fn lstsq_in<T: Field>(
    a: &Tensor,
    b: &Tensor,
    rcond: f64,
    d: DType,
) -> Result<(Tensor, Tensor, Tensor, Tensor)> {
    let (m, n) = (a.shape()[0], a.shape()[1]);
    let k = b.shape()[1];
    let am = matrices::<T>(a, &[], m, n)?;
    let bm = matrices::<T>(b, &[], m, k)?;
    let (x, res, rank, s) = solve(&am[0], &bm[0], rcond)?;
    let x = from_matrices(&[x], &[n, k], d)?;
    let res_len = res.len();
    let s_len = s.len();
    Ok((
        x,
        from_values(res, &[res_len], d.to_real())?,
        Tensor::scalar(rank),
        from_values(s, &[s_len], d.to_real())?,
    ))
}

impl Tensor {
    /// `np.linalg.lstsq(self, b, rcond)`: `(x, residuals, rank, s)` with `x` minimizing
    /// `||b - self @ x||_2` (of least norm when `self` is rank deficient); `rcond=None` is
    /// `eps * max(M, N)`.
    pub fn lstsq(
        &self,
        b: &Tensor,
        rcond: Option<f64>,
    ) -> Result<(Tensor, Tensor, Tensor, Tensor)> {
        host_only(OP, &[self, b])?;
        let vector = b.ndim() == 1;
        let b2 = if vector {
            b.expand_dims(-1)?
        } else {
            b.clone()
        };
        for t in [self, &b2] {
            if t.ndim() != 2 {
                return Err(Error::LinAlg {
                    op: OP,
                    msg: format!(
                        "{}-dimensional array given. Array must be two-dimensional",
                        t.ndim()
                    ),
                });
            }
        }
        let (m, n) = (self.shape()[0], self.shape()[1]);
        if b2.shape()[0] != m {
            return Err(Error::LinAlg {
                op: OP,
                msg: "Incompatible dimensions".into(),
            });
        }
        if i32::try_from(m.max(n)).is_err() {
            return Err(Error::Value {
                op: OP,
                msg: "too large for LAPACK's 32-bit integers".into(),
            });
        }
        let d = result_dtype(OP, &[self.dtype(), b.dtype()])?;
        let rcond = rcond.unwrap_or(f64::EPSILON * m.max(n) as f64);
        let (x, res, rank, s) = if d.is_complex() {
            lstsq_in::<Cf64>(self, &b2, rcond, d)?
        } else {
            lstsq_in::<f64>(self, &b2, rcond, d)?
        };
        let x = if vector { x.squeeze(Some(-1))? } else { x };
        Ok((x, res, rank, s))
    }
}
