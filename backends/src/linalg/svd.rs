//! `numpy.linalg.svd`: `U`, the singular values and `V^H` of every matrix of a stack, through
//! faer in float64/complex128 (see [`super::stack`]), and NumPy's `hermitian=True` path.
//!
//! NumPy's rules (LAPACK's `gesdd` under `_umath_linalg.svd_f`/`svd_s`):
//! - `full_matrices=True` gives `U` `m x m` and `Vh` `n x n`, else `m x k` and `k x n`
//!   (`k = min(m, n)`); an empty matrix gives identities where a factor is square.
//! - Singular values descend; the singular vectors' phases are the solver's choice.
//! - `hermitian=True` does not call an SVD: it takes `eigh(a)` (the lower triangle), orders
//!   the eigenvalues by magnitude, descending, and moves their signs into `Vh`
//!   (`vh = (u * sign(w))^H`), with `copysign(1, w)`, so a zero
//!   eigenvalue's sign bit decides its row's sign.
//! - `compute_uv=False` is `svdvals` (or, hermitian, `abs(eigvalsh(a))` sorted descending).

use super::decompose;
use super::eigh::eigh_mats;
use super::hermitian::{balanced, each, unscaled};
use super::stack::{from_matrices, from_values, matrices, result_dtype, square_stack, Field};
use crate::dtype::DType;
use crate::element::Cf64;
use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use faer::Mat;

/// The three factors of one matrix, `V` already conjugate-transposed.
type Factors<T> = (Mat<T>, Vec<f64>, Mat<T>);

/// The SVD of one `m x n` matrix; the identity factors of an empty one.
fn one_svd<T: Field>(a: &Mat<T>, full: bool) -> Option<Factors<T>> {
    let (m, n) = (a.nrows(), a.ncols());
    let k = m.min(n);
    if k == 0 {
        let eye =
            |r: usize, c: usize| Mat::from_fn(r, c, |i, j| T::real(f64::from(u8::from(i == j))));
        return Some(if full {
            (eye(m, m), Vec::new(), eye(n, n))
        } else {
            (eye(m, 0), Vec::new(), eye(0, n))
        });
    }
    let (b, scale) = balanced(a);
    let (u, s, v) = decompose::svd(&b, full)?;
    let vh = Mat::from_fn(v.ncols(), v.nrows(), |i, j| v[(j, i)].conjugate());
    Some((u, unscaled(&b, s, scale), vh))
}

/// NumPy's `hermitian=True` factors of one Hermitian matrix's eigendecomposition.
fn from_eigh<T: Field>(w: &[f64], u: &Mat<T>) -> Factors<T> {
    let n = w.len();
    // argsort(|w|) ascending, reversed: ties keep the reversed index order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| w[i].abs().total_cmp(&w[j].abs()));
    order.reverse();
    // NumPy 2 moves copysign(1, w) into Vh ("avoid zero sign"): -0.0 gives -1.
    let sign = |x: f64| 1f64.copysign(x);
    let uu = Mat::from_fn(n, n, |i, j| u[(i, order[j])]);
    let vh = Mat::from_fn(n, n, |i, j| {
        (u[(j, order[i])] * T::real(sign(w[order[i]]))).conjugate()
    });
    (uu, order.iter().map(|&i| w[i].abs()).collect(), vh)
}

fn svd_in<T: Field>(
    a: &Tensor,
    full: bool,
    herm: bool,
    d: DType,
) -> Result<(Tensor, Tensor, Tensor)> {
    let nd = a.ndim();
    let (batch, m, n) = (
        a.shape()[..nd - 2].to_vec(),
        a.shape()[nd - 2],
        a.shape()[nd - 1],
    );
    let mats = matrices::<T>(a, &batch, m, n)?;
    let factors: Vec<Factors<T>> = if herm {
        eigh_mats(&mats, true)?
            .iter()
            .map(|(w, u)| from_eigh(w, u))
            .collect()
    } else {
        each(&mats, |x| one_svd(x, full))
            .into_iter()
            .collect::<Option<_>>()
            .ok_or_else(|| Error::LinAlg {
                op: "svd",
                msg: "SVD did not converge".into(),
            })?
    };
    let k = m.min(n);
    let (ur, vc) = if full || herm { (m, n) } else { (k, k) };
    let mut shape = batch.clone();
    shape.extend([m, ur]);
    let u: Vec<Mat<T>> = factors.iter().map(|f| f.0.clone()).collect();
    let u = from_matrices(&u, &shape, d)?;
    let s: Vec<f64> = factors.iter().flat_map(|f| f.1.iter().copied()).collect();
    let mut sshape = batch.clone();
    sshape.push(k);
    let s = from_values(s, &sshape, d.to_real())?;
    let vh: Vec<Mat<T>> = factors.into_iter().map(|f| f.2).collect();
    let mut vshape = batch;
    vshape.extend([vc, n]);
    Ok((u, s, from_matrices(&vh, &vshape, d)?))
}

/// NumPy's checks before an SVD: at least two dimensions; square when `hermitian`.
fn checked(op: &'static str, a: &Tensor, hermitian: bool) -> Result<DType> {
    host_only(op, &[a])?;
    if a.ndim() < 2 {
        return Err(Error::LinAlg {
            op,
            msg: format!(
                "{}-dimensional array given. Array must be at least two-dimensional",
                a.ndim()
            ),
        });
    }
    if hermitian {
        square_stack(op, a)?;
    }
    result_dtype(op, &[a.dtype()])
}

impl Tensor {
    /// `np.linalg.svd(self, full_matrices, compute_uv=True, hermitian)`: `(U, S, Vh)` with
    /// `U @ diag(S) @ Vh == self` for each matrix of the stack, `S` descending.
    pub fn svd(&self, full_matrices: bool, hermitian: bool) -> Result<(Tensor, Tensor, Tensor)> {
        let d = checked("svd", self, hermitian)?;
        if d.is_complex() {
            svd_in::<Cf64>(self, full_matrices, hermitian, d)
        } else {
            svd_in::<f64>(self, full_matrices, hermitian, d)
        }
    }

    /// `np.linalg.svd(self, compute_uv=False, hermitian=hermitian)`: the singular values,
    /// descending (for `hermitian`, the eigenvalues' magnitudes).
    pub fn svd_values(&self, hermitian: bool) -> Result<Tensor> {
        let d = checked("svd", self, hermitian)?;
        if !hermitian {
            return self.svdvals();
        }
        let w = self.eigvalsh("L")?;
        let n = *self.shape().last().unwrap_or(&0);
        let mut v = crate::ops::astype::cast_unchecked(&w, DType::F64)?
            .contiguous()?
            .to_vec::<f64>()?;
        for row in v.chunks_mut(n.max(1)) {
            row.iter_mut().for_each(|x| *x = x.abs());
            row.sort_by(|a, b| b.total_cmp(a));
        }
        from_values(v, w.shape(), d.to_real())
    }
}
