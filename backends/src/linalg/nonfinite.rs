//! The singular values NumPy's LAPACK gives a matrix holding an infinity (or a complex element
//! whose magnitude overflows float64, `max+maxj`): NaN, all of them, for that matrix of the
//! stack, and no error (`gesdd` scales by the matrix's norm, inf, and reports nothing), where
//! faer reports non-convergence. A NaN anywhere still raises "SVD did
//! not converge" on both. The norms, `matrix_rank` and `cond` take their singular values from
//! here, so that `norm(x, 2)` of an infinite matrix is NaN and `cond` of one inf, as NumPy's.

use crate::dtype::DType;
use crate::error::Result;
use crate::ops::methods::where_;
use crate::ops::reduce::{Axis, ReduceArgs};
use crate::promotion::Casting;
use crate::tensor::Tensor;

/// Whether each matrix (last two axes) of `m`'s elements holds a true.
fn per_matrix(m: &Tensor) -> Result<Tensor> {
    m.any(&ReduceArgs {
        axis: Axis::Many(vec![-2, -1]),
        ..ReduceArgs::default()
    })
}

/// `Tensor::svdvals` as NumPy's `svd(x, compute_uv=False)` answers a matrix with an infinity.
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
    let inf = per_matrix(&x.astype(work, Casting::Unsafe)?.absolute()?.isinf()?)?;
    let any = |t: &Tensor| -> Result<bool> {
        Ok(t.any(&ReduceArgs::default())?.to_vec::<bool>()?.first() == Some(&true))
    };
    if !any(&inf)? || any(&x.isnan()?)? {
        return x.svdvals();
    }
    // The finite matrices as they are, the infinite ones as zeros, then NaN for the latter.
    let cut = inf.expand_dims(-1)?.expand_dims(-1)?;
    let s = where_(&cut, 0i64, x)?.svdvals()?;
    where_(&inf.expand_dims(-1)?, f64::NAN, &s)
}
