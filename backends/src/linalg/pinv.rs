//! `numpy.linalg.pinv`: the Moore-Penrose pseudo-inverse of every matrix of a stack, composed
//! from the engine's own `svd`, reductions and ufuncs exactly as `numpy/linalg/_linalg.py`
//! composes it, so every dtype rule follows from theirs.
//!
//! NumPy's rules, followed here:
//! - The cutoff is `rcond` (default `1e-15`, a float64 scalar), or `rtol` under its array-API
//!   name; both set is a ValueError; `rtol=None` means `max(M, N) * finfo(a.dtype).eps`, a
//!   ValueError for a dtype `finfo` refuses (bool, integers, bfloat16), computed first.
//! - A stack of empty matrices (`M * N == 0`) returns an empty `(..., N, M)` array of the
//!   input's own dtype (so float16 passes there) before any SVD.
//! - Otherwise `u, s, vt = svd(conj(a), full_matrices=False, hermitian)`; singular values
//!   `<= rcond[..., newaxis] * max(s)` become 0, the others `1 / s` (in `s`'s dtype, written
//!   into `s`: an `rcond` that broadcasts the stack larger is NumPy's ValueError); the result
//!   is `vt^T @ (s[..., newaxis] * u^T)`.

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::methods::where_;
use crate::ops::reduce::select::host_only;
use crate::ops::reduce::{Axis, ReduceArgs};
use crate::ops::ufunc::scalar_tensor;
use crate::promotion::PyScalar;
use crate::tensor::Tensor;

/// NumPy's default `rcond`.
const RCOND: f64 = 1e-15;

/// The relative cutoff as a tensor: `rcond`, or `rtol`, or a default.
fn cutoff(a: &Tensor, rcond: Option<&Tensor>, rtol: Option<Option<&Tensor>>) -> Result<Tensor> {
    const OP: &str = "pinv";
    match (rcond, rtol) {
        (Some(_), Some(_)) => Err(Error::Value {
            op: OP,
            msg: "`rtol` and `rcond` can't be both set.".into(),
        }),
        (Some(r), None) | (None, Some(Some(r))) => Ok(r.clone()),
        (None, None) => Ok(Tensor::scalar(RCOND)),
        (None, Some(None)) => {
            let d = a.dtype();
            let eps = if d == DType::BF16 {
                None
            } else {
                d.to_real().finfo_eps()
            };
            let eps = eps.ok_or_else(|| Error::Value {
                op: OP,
                msg: format!("data type <class 'numpy.{}'> not inexact", d.name()),
            })?;
            // `max(a.shape[-2:])`: an empty sequence for a 0-d array.
            let big = a.shape().iter().rev().take(2).max().ok_or(Error::Value {
                op: OP,
                msg: "max() arg is an empty sequence".into(),
            })?;
            Ok(Tensor::scalar(*big as f64 * eps))
        }
    }
}

impl Tensor {
    /// `np.linalg.pinv(self, rcond, hermitian, rtol=rtol)`: the pseudo-inverse of each matrix
    /// of the stack. `rtol` is `None` when not given, `Some(None)` for `rtol=None` (the array
    /// API's `max(M, N) * eps`).
    pub fn pinv(
        &self,
        rcond: Option<&Tensor>,
        hermitian: bool,
        rtol: Option<Option<&Tensor>>,
    ) -> Result<Tensor> {
        const OP: &str = "pinv";
        host_only(OP, &[self])?;
        let rcond = cutoff(self, rcond, rtol)?;
        let nd = self.ndim();
        if self.numel() == 0 && self.shape().iter().rev().take(2).product::<usize>() == 0 {
            if nd < 2 {
                return Err(Error::Value {
                    op: OP,
                    msg: "not enough values to unpack (expected 2, got 1)".into(),
                });
            }
            let mut shape = self.shape()[..nd - 2].to_vec();
            shape.extend([self.shape()[nd - 1], self.shape()[nd - 2]]);
            return Tensor::zeros(&shape, self.dtype());
        }
        let (u, s, vt) = self.conjugate()?.svd(false, hermitian)?;
        let top = s.max(&ReduceArgs {
            axis: Axis::One(-1),
            keepdims: true,
            ..ReduceArgs::default()
        })?;
        let large = s.greater(&rcond.expand_dims(-1)?.multiply(&top)?)?;
        if large.shape() != s.shape() {
            return Err(Error::Value {
                op: OP,
                msg: format!(
                    "non-broadcastable output operand with shape {:?} doesn't match the \
                     broadcast shape {:?}",
                    s.shape(),
                    large.shape()
                ),
            });
        }
        // 1/s only where it is kept (NumPy's divide(where=large)): no divide-by-zero raised
        // for the discarded zeros.
        let one = scalar_tensor(PyScalar::Int(1), s.dtype());
        let safe = where_(&large, &s, &one)?;
        let inv = where_(&large, &safe.reciprocal()?, PyScalar::Int(0))?;
        vt.matrix_transpose()?
            .matmul(&inv.expand_dims(-1)?.multiply(&u.matrix_transpose()?)?)
    }
}
