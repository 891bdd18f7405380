//! `np.all` / `np.any` (logical_and/logical_or.reduce on the truth values, bool result) and
//! `np.count_nonzero` (an int64 sum of the truth values).

use crate::dtype::DType;
use crate::error::Result;
use crate::ops::reduce::axis::{Axis, ReduceArgs};
use crate::ops::reduce::driver::as_dtype;
use crate::ops::reduce::methods::{reduce, ROp};
use crate::tensor::Tensor;

impl Tensor {
    /// `np.all(self, axis, out, keepdims, where)`: True for an empty slice.
    pub fn all(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("all", || {
            args.refuse("all", &["dtype", "initial"])?;
            reduce(ROp::LAnd, self, args)
        })
    }

    /// `np.any(self, axis, out, keepdims, where)`: False for an empty slice.
    pub fn any(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("any", || {
            args.refuse("any", &["dtype", "initial"])?;
            reduce(ROp::LOr, self, args)
        })
    }

    /// `np.count_nonzero(self, axis, keepdims)`: int64 (a 0-d int64 for axis=None).
    pub fn count_nonzero(&self, axis: &Axis, keepdims: bool) -> Result<Tensor> {
        crate::fpe::call("count_nonzero", || {
            let b = as_dtype(self, DType::Bool)?;
            reduce(
                ROp::Add,
                &b,
                &ReduceArgs {
                    axis: axis.clone(),
                    keepdims,
                    dtype: Some(DType::I64),
                    ..ReduceArgs::default()
                },
            )
        })
    }
}
