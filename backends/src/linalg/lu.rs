//! `numpy.linalg.det`, `slogdet`, `inv` and `solve` over stacks, through faer's partially
//! pivoted LU in float64/complex128 (see [`super::stack`]).
//!
//! NumPy's rules, followed here (`umath_linalg.cpp` on LAPACK's `getrf`/`gesv`):
//! - A zero pivot (an exactly zero diagonal entry of U) makes the matrix singular: `det` is
//!   `+0.0`, `slogdet` is `(0, -inf)`, and `inv`/`solve` raise LinAlgError "Singular matrix"
//!   (for any matrix of the stack).
//! - `slogdet` is the permutation's parity times the product of the pivots' signs (unit
//!   complex numbers for complex), and the sum of `ln |u_ii|` in double precision; `det` is
//!   `sign * exp(logdet)`, not the product of the pivots.
//! - `solve(a, b)` solves for a vector when `b` is 1-D (`(m,m),(m)->(m)`) and for a matrix
//!   otherwise (`(m,m),(m,n)->(m,n)`), the stacks broadcast; `inv(a)` is `solve(a, I)`.
//!
//! The factorization is LAPACK's unblocked one ([`Lu`]), not faer's: faer updates the trailing
//! matrix with fused multiply-adds, which leave a rounding residue where LAPACK's separately
//! rounded products cancel exactly, so `inv([[4, 4], [7, 7]])` came back with entries near
//! 1e16 where NumPy raises "Singular matrix".

use super::stack::{from_matrices, from_values, matrices, result_dtype, square_stack, Field};
use crate::dtype::DType;
use crate::element::Cf64;
use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use faer::Mat;
use rayon::prelude::*;

/// An LU factorization with partial pivoting as LAPACK's unblocked `getf2` computes it: the
/// pivot is the first entry of largest [`Field::pivot_size`] in its column, the column below
/// it is scaled by the pivot's reciprocal, and the trailing matrix gets a rank-one update,
/// every operation rounded on its own (Rust never fuses a multiply-add it is not asked to).
struct Lu<T> {
    /// Order of the matrix.
    n: usize,
    /// L (unit, below the diagonal) and U, row-major.
    a: Vec<T>,
    /// The row exchanged with row `j` at step `j`.
    piv: Vec<usize>,
    /// Whether a pivot was exactly zero (LAPACK's `info > 0`).
    singular: bool,
}

impl<T: Field> Lu<T> {
    fn new(m: &Mat<T>) -> Lu<T> {
        let n = m.nrows();
        let mut a: Vec<T> = (0..n * n).map(|k| m[(k / n, k % n)]).collect();
        let mut piv = vec![0; n];
        let mut singular = false;
        for j in 0..n {
            let mut p = j;
            let mut best = a[j * n + j].pivot_size();
            for i in j + 1..n {
                let s = a[i * n + j].pivot_size();
                if s > best {
                    (p, best) = (i, s);
                }
            }
            piv[j] = p;
            if p != j {
                for k in 0..n {
                    a.swap(j * n + k, p * n + k);
                }
            }
            let d = a[j * n + j];
            if d.is_zero() {
                // LAPACK records the first zero pivot and goes on; the column below is zero,
                // so there is nothing to scale or update.
                singular = true;
                continue;
            }
            // The reciprocal without the overflow of |d|^2 (`1 / 1e300j` is -1e-300j, not -0j).
            let r = d.recip();
            for i in j + 1..n {
                a[i * n + j] *= r;
            }
            // The rank-one update row by row over slices, so it vectorises (a multiply and a
            // subtract per element, each rounded: no fused multiply-add is formed).
            let (top, below) = a.split_at_mut((j + 1) * n);
            let pivot_row = &top[j * n + j + 1..(j + 1) * n];
            for row in below.chunks_exact_mut(n) {
                let l = row[j];
                for (x, &u) in row[j + 1..].iter_mut().zip(pivot_row) {
                    *x -= l * u;
                }
            }
        }
        Lu {
            n,
            a,
            piv,
            singular,
        }
    }

    /// `(-1)^(row exchanges)`.
    fn parity(&self) -> f64 {
        let swaps = (0..self.n).filter(|&j| self.piv[j] != j).count();
        if swaps % 2 == 0 {
            1.0
        } else {
            -1.0
        }
    }

    /// Solves `A X = B` in place for the `n x k` row-major `b`, as LAPACK's `getrs`: the row
    /// exchanges, then the unit lower and the upper triangular solves.
    fn solve(&self, b: &mut [T], k: usize) {
        let (n, a) = (self.n, &self.a);
        if k == 0 {
            return;
        }
        for j in 0..n {
            if self.piv[j] != j {
                for c in 0..k {
                    b.swap(j * k + c, self.piv[j] * k + c);
                }
            }
        }
        for j in 0..n {
            let (top, below) = b.split_at_mut((j + 1) * k);
            let bj = &top[j * k..];
            for (i, row) in below.chunks_exact_mut(k).enumerate() {
                let l = a[(j + 1 + i) * n + j];
                for (x, &y) in row.iter_mut().zip(bj) {
                    *x -= y * l;
                }
            }
        }
        for j in (0..n).rev() {
            let d = a[j * n + j];
            for c in 0..k {
                b[j * k + c] = b[j * k + c].quotient(d);
            }
            let (top, rest) = b.split_at_mut(j * k);
            let bj = &rest[..k];
            for (i, row) in top.chunks_exact_mut(k).enumerate() {
                let u = a[i * n + j];
                for (x, &y) in row.iter_mut().zip(bj) {
                    *x -= y * u;
                }
            }
        }
    }
}

/// `(sign, ln|det|)` of one matrix.
fn sign_logdet<T: Field>(m: &Mat<T>) -> (T, f64) {
    let f = Lu::new(m);
    if f.singular {
        return (T::real(0.0), f64::NEG_INFINITY);
    }
    let mut sign = T::real(f.parity());
    let mut log = 0.0;
    for i in 0..f.n {
        let d = f.a[i * f.n + i];
        sign = sign.times(d.unit());
        log += d.magnitude().ln();
    }
    (sign, log)
}

/// `X` with `m X = rhs` (`n x k`), or `None` when `m` is singular.
fn solved<T: Field>(m: &Mat<T>, rhs: &Mat<T>) -> Option<Mat<T>> {
    let f = Lu::new(m);
    if f.singular {
        return None;
    }
    let k = rhs.ncols();
    let mut b: Vec<T> = (0..f.n * k).map(|x| rhs[(x / k, x % k)]).collect();
    f.solve(&mut b, k);
    Some(Mat::from_fn(f.n, k, |i, c| b[i * k + c]))
}

/// Runs `f` on every matrix, in parallel over a large stack (each matrix by one thread).
fn each<T: Field, R: Send>(mats: &[Mat<T>], f: impl Fn(&Mat<T>) -> R + Sync + Send) -> Vec<R> {
    let n = mats.first().map_or(0, |m| m.nrows());
    if mats.len() > 1 && mats.len() * n * n * n >= 1 << 15 {
        mats.par_iter().map(f).collect()
    } else {
        mats.iter().map(f).collect()
    }
}

/// The square stack of `a` in its field, with the result dtype.
fn square<T: Field>(op: &'static str, a: &Tensor) -> Result<(Vec<usize>, usize, Vec<Mat<T>>)> {
    let (batch, n) = square_stack(op, a)?;
    let mats = matrices::<T>(a, &batch, n, n)?;
    Ok((batch, n, mats))
}

fn slogdet_in<T: Field>(op: &'static str, a: &Tensor, d: DType) -> Result<(Tensor, Tensor)> {
    let (batch, _, mats) = square::<T>(op, a)?;
    let (signs, logs): (Vec<T>, Vec<f64>) = each(&mats, sign_logdet).into_iter().unzip();
    Ok((
        from_values(signs, &batch, d)?,
        from_values(logs, &batch, d.to_real())?,
    ))
}

fn det_in<T: Field>(op: &'static str, a: &Tensor, d: DType) -> Result<Tensor> {
    let (batch, _, mats) = square::<T>(op, a)?;
    let dets: Vec<T> = each(&mats, |m| {
        let (s, l) = sign_logdet(m);
        s.times(T::real(l.exp()))
    });
    from_values(dets, &batch, d)
}

/// NumPy's message for a singular matrix of `inv`/`solve`.
fn singular(op: &'static str) -> Error {
    Error::LinAlg {
        op,
        msg: "Singular matrix".into(),
    }
}

fn inv_in<T: Field>(op: &'static str, a: &Tensor, d: DType) -> Result<Tensor> {
    let (batch, n, mats) = square::<T>(op, a)?;
    let identity = Mat::from_fn(n, n, |i, j| T::real(f64::from(u8::from(i == j))));
    let inverses = each(&mats, |m| solved(m, &identity));
    let inverses: Vec<Mat<T>> = inverses
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| singular(op))?;
    let mut shape = batch;
    shape.extend([n, n]);
    from_matrices(&inverses, &shape, d)
}

/// The shapes of `solve(a, b)`: the broadcast stack, `n` (columns of each solution) and the
/// result's shape; NumPy's gufunc errors for `b`.
fn solve_shapes(a: &Tensor, b: &Tensor, m: usize) -> Result<(Vec<usize>, usize, Vec<usize>)> {
    let vector = b.ndim() == 1;
    let (name, sig, core) = if vector {
        ("solve1", "(m,m),(m)->(m)", 1)
    } else {
        ("solve", "(m,m),(m,n)->(m,n)", 2)
    };
    let value = |msg: String| Error::Value { op: "solve", msg };
    if b.ndim() < core {
        return Err(value(format!(
            "{name}: Input operand 1 does not have enough dimensions (has {}, gufunc core with \
             signature {sig} requires {core})",
            b.ndim()
        )));
    }
    let bm = b.shape()[b.ndim() - core];
    if bm != m {
        return Err(value(format!(
            "{name}: Input operand 1 has a mismatch in its core dimension 0, with gufunc \
             signature {sig} (size {bm} is different from {m})"
        )));
    }
    let a_batch = &a.shape()[..a.ndim() - 2];
    let b_batch = &b.shape()[..b.ndim() - core];
    let batch =
        crate::ops::ufunc::broadcast_shapes("solve", &[a_batch, b_batch]).map_err(|e| match e {
            Error::Broadcast { .. } => value(format!(
                "operands could not be broadcast together: stacks {a_batch:?} and {b_batch:?}"
            )),
            other => other,
        })?;
    let n = if vector { 1 } else { b.shape()[b.ndim() - 1] };
    let mut shape = batch.clone();
    shape.push(m);
    if !vector {
        shape.push(n);
    }
    Ok((batch, n, shape))
}

fn solve_in<T: Field>(a: &Tensor, b: &Tensor, m: usize, d: DType) -> Result<Tensor> {
    const OP: &str = "solve";
    let (batch, n, shape) = solve_shapes(a, b, m)?;
    crate::size::check_nbytes(OP, &shape, d.itemsize())?;
    let lhs = matrices::<T>(a, &batch, m, m)?;
    // A vector right-hand side is an m x 1 matrix.
    let b2 = if b.ndim() == 1 {
        b.reshape(&[m as isize, 1])?
    } else {
        b.clone()
    };
    let rhs = matrices::<T>(&b2, &batch, m, n)?;
    let pairs: Vec<(&Mat<T>, &Mat<T>)> = lhs.iter().zip(&rhs).collect();
    let solve = |(l, r): &(&Mat<T>, &Mat<T>)| solved(l, r);
    let xs: Vec<Option<Mat<T>>> = if pairs.len() > 1 && pairs.len() * m * m * m >= 1 << 15 {
        pairs.par_iter().map(solve).collect()
    } else {
        pairs.iter().map(solve).collect()
    };
    let xs: Vec<Mat<T>> = xs
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| singular(OP))?;
    from_matrices(&xs, &shape, d)
}

impl Tensor {
    /// `np.linalg.slogdet(self)`: the sign and the natural log of the absolute determinant of
    /// each matrix of the stack.
    pub fn slogdet(&self) -> Result<(Tensor, Tensor)> {
        const OP: &str = "slogdet";
        host_only(OP, &[self])?;
        square_stack(OP, self)?;
        let d = result_dtype(OP, &[self.dtype()])?;
        if d.is_complex() {
            slogdet_in::<Cf64>(OP, self, d)
        } else {
            slogdet_in::<f64>(OP, self, d)
        }
    }

    /// `np.linalg.det(self)`: the determinant of each matrix of the stack.
    pub fn det(&self) -> Result<Tensor> {
        const OP: &str = "det";
        host_only(OP, &[self])?;
        square_stack(OP, self)?;
        let d = result_dtype(OP, &[self.dtype()])?;
        if d.is_complex() {
            det_in::<Cf64>(OP, self, d)
        } else {
            det_in::<f64>(OP, self, d)
        }
    }

    /// `np.linalg.inv(self)`: the inverse of each matrix of the stack.
    pub fn inv(&self) -> Result<Tensor> {
        const OP: &str = "inv";
        host_only(OP, &[self])?;
        square_stack(OP, self)?;
        let d = result_dtype(OP, &[self.dtype()])?;
        if d.is_complex() {
            inv_in::<Cf64>(OP, self, d)
        } else {
            inv_in::<f64>(OP, self, d)
        }
    }

    /// `np.linalg.solve(self, b)`: `x` with `self @ x == b` for each matrix of the stack.
    pub fn solve(&self, b: &Tensor) -> Result<Tensor> {
        const OP: &str = "solve";
        host_only(OP, &[self, b])?;
        let (_, m) = square_stack(OP, self)?;
        let d = result_dtype(OP, &[self.dtype(), b.dtype()])?;
        if d.is_complex() {
            solve_in::<Cf64>(self, b, m, d)
        } else {
            solve_in::<f64>(self, b, m, d)
        }
    }
}
