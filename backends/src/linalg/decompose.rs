//! faer's decompositions of one matrix in the field a linalg function computes in, as the
//! eigen, singular-value and Schur-based functions need them: values as `f64` (or complex),
//! vectors as faer matrices, `None` where faer's iteration does not converge.

use super::stack::Field;
use crate::element::Cf64;
use faer::Mat;

/// Eigenvalues (ascending) and eigenvectors (columns) of the Hermitian matrix `m` (both
/// triangles set).
pub(crate) fn eigh<T: Field>(m: &Mat<T>) -> Option<(Vec<f64>, Mat<T>)> {
    // faer's workspace size underflows for 0x0.
    if m.nrows() == 0 {
        return Some((Vec::new(), Mat::zeros(0, 0)));
    }
    let e = m.self_adjoint_eigen(faer::Side::Lower).ok()?;
    let w = e
        .S()
        .column_vector()
        .iter()
        .map(|x| x.real_part())
        .collect();
    Some((w, e.U().to_owned()))
}

/// `U`, the singular values (descending) and `V` (not `V^H`) of `m`: `U` is `m x m` and `V`
/// `n x n` when `full`, else `m x k` and `n x k` with `k = min(m, n)`.
pub(crate) fn svd<T: Field>(m: &Mat<T>, full: bool) -> Option<(Mat<T>, Vec<f64>, Mat<T>)> {
    let s = if full { m.svd() } else { m.thin_svd() }.ok()?;
    let v = s
        .S()
        .column_vector()
        .iter()
        .map(|x| x.real_part())
        .collect();
    Some((s.U().to_owned(), v, s.V().to_owned()))
}

/// Eigenvalues (faer's order) and right eigenvectors (columns) of the square matrix `m`, in
/// complex128; a real `m`'s real eigenvalues have an imaginary part of exactly zero.
pub(crate) fn eig<T: Field>(m: &Mat<T>) -> Option<(Vec<Cf64>, Mat<Cf64>)> {
    if m.nrows() == 0 {
        return Some((Vec::new(), Mat::zeros(0, 0)));
    }
    let e = m.eigen().ok()?;
    let w = e
        .S()
        .column_vector()
        .iter()
        .map(|z| Cf64::new(z.re, z.im))
        .collect();
    let u = e.U();
    let v = Mat::from_fn(u.nrows(), u.ncols(), |i, j| {
        let z = u[(i, j)];
        Cf64::new(z.re, z.im)
    });
    Some((w, v))
}
