//! `np.max` / `np.min` (maximum/minimum.reduce: nan propagates, complex lexicographic) and
//! `np.ptp` (max - min in the input dtype, wrapping for integers).

use crate::error::{Error, Result};
use crate::ops::reduce::axis::ReduceArgs;
use crate::ops::reduce::methods::{reduce, ROp};
use crate::ops::ufunc::Arg;
use crate::tensor::Tensor;

impl Tensor {
    /// `np.max(self, axis, out, keepdims, initial, where)` (no `dtype=`).
    pub fn max(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("max", || {
            args.refuse("max", &["dtype"])?;
            reduce(ROp::Max, self, args)
        })
    }

    /// `np.min(self, axis, out, keepdims, initial, where)` (no `dtype=`).
    pub fn min(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("min", || {
            args.refuse("min", &["dtype"])?;
            reduce(ROp::Min, self, args)
        })
    }

    /// `np.ptp(self, axis, out, keepdims)`: `subtract(max, min)`; bool is a TypeError as
    /// NumPy's boolean subtract.
    pub fn ptp(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("ptp", || {
            args.refuse("ptp", &["dtype", "initial", "where"])?;
            if self.dtype().is_bool() {
                return Err(Error::Type {
                op: "ptp",
                msg: "numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.".into(),
            });
            }
            // `_ptp`: `subtract(maximum.reduce(a, out=out), minimum.reduce(a), out)`, so with an
            // `out=` the maximum is taken in (and rounded to) the out's dtype and the subtraction
            // promotes it with the input dtype.
            let hi = reduce(ROp::Max, self, args)?;
            let hi = match &args.out {
                Some(_) => hi.copy()?,
                None => hi,
            };
            let lo = reduce(
                ROp::Min,
                self,
                &ReduceArgs {
                    out: None,
                    ..args.clone()
                },
            )?;
            crate::ops::methods::call(
                "subtract",
                &[Arg::from(hi), Arg::from(lo)],
                args.out.as_ref(),
            )
        })
    }
}
