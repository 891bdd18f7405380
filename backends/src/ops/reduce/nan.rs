//! The nan-skipping reductions as NumPy's `_nanfunctions_impl.py` builds them: nan replaced by
//! the op's neutral value (`_replace_nan`), `fmax`/`fmin.reduce` for nanmax/nanmin; integer and
//! bool inputs behave as the plain functions.

use crate::element::{Element, Hub};
use crate::error::Result;
use crate::ops::methods::call;
use crate::ops::reduce::axis::ReduceArgs;
use crate::ops::reduce::methods::{reduce, ROp};
use crate::ops::reduce::scalar::Scalar;
use crate::ops::ufunc::Arg;
use crate::tensor::Tensor;

/// A copy of `a` with nan replaced by `val` (complex: `val + 0j`); `a` itself when it is not
/// inexact (NumPy's `_replace_nan`). On the host a map; on another device
/// `np.where(np.isnan(a), val, a)` through its ufunc kernels (the same select).
pub fn replace_nan(a: &Tensor, val: f64) -> Result<Tensor> {
    if !a.dtype().is_inexact() {
        return Ok(a.clone());
    }
    if a.device() != crate::storage::Device::Cpu {
        return crate::with_dtype!(a.dtype(), T, {
            let fill =
                Tensor::from_vec(vec![T::from_hub(Hub::Float(val))], &[])?.to_device(a.device())?;
            let nan = call("isnan", &[Arg::from(a)], None)?;
            call(
                "where",
                &[Arg::from(nan), Arg::from(fill), Arg::from(a)],
                None,
            )
        });
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
        })?;
        Tensor::from_vec(v, a.shape())
    })
}

impl Tensor {
    /// `np.nansum(self, axis, dtype, out, keepdims, initial, where)`: nan counts as 0 (an
    /// all-nan slice sums to 0).
    pub fn nansum(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("nansum", || {
            reduce(ROp::Add, &replace_nan(self, 0.0)?, args)
        })
    }

    /// `np.nanprod(self, axis, dtype, out, keepdims, initial, where)`: nan counts as 1.
    pub fn nanprod(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("nanprod", || {
            reduce(ROp::Mul, &replace_nan(self, 1.0)?, args)
        })
    }

    /// `np.nanmax(self, axis, out, keepdims, initial, where)`: `fmax.reduce` (an all-nan slice
    /// gives nan; NumPy also warns).
    pub fn nanmax(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("nanmax", || {
            args.refuse("nanmax", &["dtype"])?;
            reduce(ROp::FMax, self, args)
        })
    }

    /// `np.nanmin(self, axis, out, keepdims, initial, where)`: `fmin.reduce`.
    pub fn nanmin(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("nanmin", || {
            args.refuse("nanmin", &["dtype"])?;
            reduce(ROp::FMin, self, args)
        })
    }
}
