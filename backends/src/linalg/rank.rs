//! `numpy.linalg.matrix_rank`, as `numpy/linalg/_linalg.py` computes it: the number of
//! singular values of each matrix above a threshold.
//!
//! NumPy's rules, followed here:
//! - `tol` and `rtol` together are a ValueError; an input of fewer than two dimensions has
//!   rank `int(not all(A == 0))` (no SVD, so any dtype, float16 included).
//! - The singular values are `svd(A, compute_uv=False)`'s, or with `hermitian=True` the
//!   magnitudes of `eigvalsh(A)`'s eigenvalues (lower triangle); they are float32 for
//!   float32/complex64 input. NaN in `A` is LinAlgError "SVD did not converge"
//!   (`hermitian=True` takes whatever the eigensolver returns).
//! - The threshold is `tol[..., newaxis]` when given, else `S.max(-1, keepdims=True,
//!   initial=0) * rtol`, with `rtol[..., newaxis]` when given and `max(M, N) *
//!   finfo(S.dtype).eps` (a scalar of S's dtype, so float32 input compares in float32)
//!   otherwise; the rank counts `S > threshold`, broadcast, as int64.

use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::ops::reduce::{Axis, ReduceArgs};
use crate::ops::ufunc::scalar_tensor;
use crate::promotion::PyScalar;
use crate::tensor::Tensor;

impl Tensor {
    /// `np.linalg.matrix_rank(self, tol, hermitian, rtol=rtol)`: the rank of each matrix of
    /// the stack (an int64 tensor of the stack's shape, broadcast with `tol`/`rtol`).
    pub fn matrix_rank(
        &self,
        tol: Option<&Tensor>,
        hermitian: bool,
        rtol: Option<&Tensor>,
    ) -> Result<Tensor> {
        const OP: &str = "matrix_rank";
        host_only(OP, &[self])?;
        if tol.is_some() && rtol.is_some() {
            return Err(Error::Value {
                op: OP,
                msg: "`tol` and `rtol` can't be both set.".into(),
            });
        }
        let nd = self.ndim();
        if nd < 2 {
            let zero = self.equal(0i64)?.all(&ReduceArgs::default())?;
            let all_zero = zero.to_vec::<bool>()?.first().copied().unwrap_or(true);
            return Ok(Tensor::scalar(i64::from(!all_zero)));
        }
        // Only the count above the threshold matters, so the magnitudes need no sorting.
        let s = if hermitian {
            self.eigvalsh("L")?.absolute()?
        } else {
            super::nonfinite::svdvals(self)?
        };
        let threshold = match (tol, rtol) {
            (Some(t), _) => t.expand_dims(-1)?,
            (None, r) => {
                let rtol = match r {
                    Some(r) => r.expand_dims(-1)?,
                    None => {
                        let (m, n) = (self.shape()[nd - 2], self.shape()[nd - 1]);
                        let eps = s.dtype().finfo_eps().unwrap_or(f64::EPSILON);
                        scalar_tensor(PyScalar::Float(m.max(n) as f64 * eps), s.dtype())
                    }
                };
                let top = s.max(&ReduceArgs {
                    axis: Axis::One(-1),
                    keepdims: true,
                    initial: Some(PyScalar::Int(0)),
                    ..ReduceArgs::default()
                })?;
                top.multiply(&rtol)?
            }
        };
        s.greater(&threshold)?.count_nonzero(&Axis::One(-1), false)
    }
}
