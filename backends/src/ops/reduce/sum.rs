//! `np.sum` and `np.prod`: `add.reduce` / `multiply.reduce` with axis=None by default.

use crate::error::Result;
use crate::ops::reduce::axis::ReduceArgs;
use crate::ops::reduce::methods::{reduce, ROp};
use crate::tensor::Tensor;

impl Tensor {
    /// `np.sum(self, axis, dtype, out, keepdims, initial, where)`: NumPy's pairwise tree over
    /// the reduced elements in logical order; bool and small integers accumulate in
    /// int64/uint64.
    pub fn sum(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("sum", || reduce(ROp::Add, self, args))
    }

    /// `np.prod(self, axis, dtype, out, keepdims, initial, where)`: sequential in logical
    /// order, as NumPy's `multiply.reduce`.
    pub fn prod(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("prod", || reduce(ROp::Mul, self, args))
    }
}
