//! `numpy.linalg.eigh`: eigenvalues and eigenvectors of Hermitian stacks, through faer in
//! float64/complex128 (see [`super::stack`]).
//!
//! As LAPACK's `syevd`/`heevd` under NumPy: the matrix is read from one triangle (`UPLO`,
//! lower by default) with a real diagonal; eigenvalues come back ascending, of the real dtype
//! of the result, and the eigenvectors as the columns of a unitary matrix of the result
//! dtype. Each eigenvector's sign (phase) is the solver's choice, here faer's; NumPy does not
//! define it.

use super::decompose;
use super::hermitian::{balanced, each, hermitian, lower_triangle, unscaled};
use super::stack::{from_matrices, from_values, matrices, result_dtype, square_stack, Field};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use faer::Mat;

/// The eigenvalues (ascending) and eigenvectors of every Hermitian matrix of `mats` read from
/// its `lower` (or upper) triangle; `None` where the iteration did not converge.
pub(super) fn eigh_mats<T: Field>(mats: &[Mat<T>], lower: bool) -> Result<Vec<(Vec<f64>, Mat<T>)>> {
    let pairs = each(mats, |m| {
        // Eigenvectors do not change under the power-of-two balancing; eigenvalues scale.
        let (b, s) = balanced(&hermitian(m, lower));
        decompose::eigh(&b).map(|(w, v)| (unscaled(&b, w, s), v))
    });
    pairs
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| Error::LinAlg {
            op: "eigh",
            msg: "Eigenvalues did not converge".into(),
        })
}

fn eigh_in<T: Field>(a: &Tensor, lower: bool, d: DType) -> Result<(Tensor, Tensor)> {
    let (batch, n) = square_stack("eigh", a)?;
    let mats = matrices::<T>(a, &batch, n, n)?;
    let pairs = eigh_mats(&mats, lower)?;
    let w: Vec<f64> = pairs.iter().flat_map(|(w, _)| w.iter().copied()).collect();
    let v: Vec<Mat<T>> = pairs.into_iter().map(|(_, v)| v).collect();
    let mut shape = batch;
    shape.push(n);
    let w = from_values(w, &shape, d.to_real())?;
    shape.push(n);
    Ok((w, from_matrices(&v, &shape, d)?))
}

impl Tensor {
    /// `np.linalg.eigh(self, UPLO)`: the eigenvalues (ascending) and the eigenvectors (the
    /// columns of a unitary matrix) of each Hermitian matrix of the stack, read from its lower
    /// (`"L"`) or upper (`"U"`) triangle.
    pub fn eigh(&self, uplo: &str) -> Result<(Tensor, Tensor)> {
        const OP: &str = "eigh";
        host_only(OP, &[self])?;
        let lower = lower_triangle(OP, uplo)?;
        square_stack(OP, self)?;
        let d = result_dtype(OP, &[self.dtype()])?;
        if d.is_complex() {
            eigh_in::<crate::element::Cf64>(self, lower, d)
        } else {
            eigh_in::<f64>(self, lower, d)
        }
    }
}
