//! What NumPy's LAPACK makes of a matrix holding an infinity, where faer reports
//! non-convergence instead: the norms, `matrix_rank` and `cond` take their singular values
//! from here, so that `norm(x, 2)` of an infinite matrix is NaN and `cond` of one inf, as
//! NumPy's.
//!
//! `gesdd` first takes the largest magnitude of the matrix (`zlange`: `hypot`, so `|nan+infj|`
//! is inf) and scales by it: a NaN magnitude anywhere raises "SVD did not converge" (on both
//! sides), else a matrix with an infinite one has all-NaN singular values, with no error, for
//! that matrix of the stack alone (checked for real and complex, square and rectangular,
//! 1x1 to 30x30, the infinity anywhere). `syevd` has no such rule (an infinity gives NaN or
//! "Eigenvalues did not converge" by its position and the order), so the Hermitian path
//! keeps the engine's eigensolver (declared: hermitian-rank-nonfinite-input).

use crate::dtype::DType;
use crate::error::Result;
use crate::ops::methods::where_;
use crate::ops::reduce::{Axis, ReduceArgs};
use crate::promotion::Casting;
use crate::tensor::Tensor;

/// Whether any element of `t` is true.
fn any(t: &Tensor) -> Result<bool> {
    Ok(t.any(&ReduceArgs::default())?.to_vec::<bool>()?.first() == Some(&true))
}

/// `values` with the matrices flagged in `cut` (the stack's shape) replaced by zeros for
/// `f`, whose results for them (one vector per matrix) are then NaN.
fn nan_where(x: &Tensor, cut: &Tensor, f: impl Fn(&Tensor) -> Result<Tensor>) -> Result<Tensor> {
    let s = f(&where_(&cut.expand_dims(-1)?.expand_dims(-1)?, 0i64, x)?)?;
    where_(&cut.expand_dims(-1)?, f64::NAN, &s)
}

/// `Tensor::svdvals` as NumPy's `svd(x, compute_uv=False)` answers infinite matrices.
pub(crate) fn svdvals(x: &Tensor) -> Result<Tensor> {
    if x.ndim() < 2 || !x.dtype().is_inexact() {
        return x.svdvals();
    }
    // Magnitudes in the precision the SVD runs in (complex64's 3e38+3e38j is finite there).
    let work = if x.dtype().is_complex() {
        DType::C128
    } else {
        DType::F64
    };
    let mags = x.astype(work, Casting::Unsafe)?.absolute()?;
    let inf = mags.isinf()?.any(&ReduceArgs {
        axis: Axis::Many(vec![-2, -1]),
        ..ReduceArgs::default()
    })?;
    if !any(&inf)? || any(&mags.isnan()?)? {
        return x.svdvals();
    }
    nan_where(x, &inf, Tensor::svdvals)
}
