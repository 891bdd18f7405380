//! The nan-skipping reductions as NumPy's `_nanfunctions_impl.py` builds them: nan replaced by
//! the op's neutral value (`_replace_nan`), `fmax`/`fmin.reduce` for nanmax/nanmin; integer and
//! bool inputs behave as the plain functions.

use crate::element::{Element, Hub};
use crate::error::Result;
use crate::ops::reduce::axis::ReduceArgs;
use crate::ops::reduce::driver::host;
use crate::ops::reduce::methods::{reduce, ROp};
use crate::ops::reduce::scalar::Scalar;
use crate::tensor::Tensor;

/// A copy of `a` with nan replaced by `val` (complex: `val + 0j`); `a` itself when it is not
/// inexact (NumPy's `_replace_nan`).
pub fn replace_nan(a: &Tensor, val: f64) -> Result<Tensor> {
    host("replace_nan", a)?;
    if !a.dtype().is_inexact() {
        return Ok(a.clone());
    }
    crate::with_dtype!(a.dtype(), T, {
        let fill = T::from_hub(Hub::Float(val));
        let s = a.storage()?;
        let v = crate::cpu::map1(T::slice(&s), a.layout(), |x: T| {
            if Scalar::is_nan(x) {
                fill
            } else {
                x
            }
        });
        Tensor::from_vec(v, a.shape())
    })
}

impl Tensor {
    /// `np.nansum(self, axis, dtype, out, keepdims, initial, where)`: nan counts as 0 (an
    /// all-nan slice sums to 0).
    pub fn nansum(&self, args: &ReduceArgs) -> Result<Tensor> {
        reduce(ROp::Add, &replace_nan(self, 0.0)?, args)
    }

    /// `np.nanprod(self, axis, dtype, out, keepdims, initial, where)`: nan counts as 1.
    pub fn nanprod(&self, args: &ReduceArgs) -> Result<Tensor> {
        reduce(ROp::Mul, &replace_nan(self, 1.0)?, args)
    }

    /// `np.nanmax(self, axis, out, keepdims, initial, where)`: `fmax.reduce` (an all-nan slice
    /// gives nan; NumPy also warns).
    pub fn nanmax(&self, args: &ReduceArgs) -> Result<Tensor> {
        args.refuse("nanmax", &["dtype"])?;
        reduce(ROp::FMax, self, args)
    }

    /// `np.nanmin(self, axis, out, keepdims, initial, where)`: `fmin.reduce`.
    pub fn nanmin(&self, args: &ReduceArgs) -> Result<Tensor> {
        args.refuse("nanmin", &["dtype"])?;
        reduce(ROp::FMin, self, args)
    }
}
