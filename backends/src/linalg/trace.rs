//! `numpy.diagonal` and `numpy.trace`, and their array-API forms `numpy.linalg.diagonal` and
//! `numpy.linalg.trace` (over the last two axes). The diagonal is a read-only view, as
//! NumPy's; the trace is `add.reduce` of it over its last axis, so it accumulates as `sum`
//! does (bool and the small integers in int64/uint64, `dtype=` when given).

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::{normalize_axis, Layout};
use crate::ops::reduce::{Axis, ReduceArgs};
use crate::tensor::Tensor;

impl Tensor {
    /// `np.diagonal(self, offset, axis1, axis2)`: the diagonal of the `(axis1, axis2)` planes
    /// (above the main one for `offset > 0`, below for `offset < 0`) as the last axis of a
    /// read-only view, the other axes kept in order.
    pub fn diagonal(&self, offset: i64, axis1: isize, axis2: isize) -> Result<Tensor> {
        const OP: &str = "diagonal";
        // NumPy parses the offset as a C int, before it looks at the array.
        if i32::try_from(offset).is_err() {
            return Err(Error::TooLarge {
                op: OP,
                msg: format!("offset {offset} does not fit a C int"),
            });
        }
        let nd = self.ndim();
        if nd < 2 {
            return Err(Error::Value {
                op: OP,
                msg: "diag requires an array of at least two dimensions".into(),
            });
        }
        let (a1, a2) = (
            normalize_axis(OP, axis1, nd)?,
            normalize_axis(OP, axis2, nd)?,
        );
        if a1 == a2 {
            return Err(Error::Value {
                op: OP,
                msg: "axis1 and axis2 cannot be the same".into(),
            });
        }
        let l = self.layout();
        let (n1, n2) = (l.shape()[a1], l.shape()[a2]);
        let (s1, s2) = (l.strides()[a1], l.strides()[a2]);
        let k = usize::try_from(offset.unsigned_abs()).unwrap_or(usize::MAX);
        // The first element is (0, k) above the main diagonal, (k, 0) below it.
        let (len, start) = if offset >= 0 {
            (n1.min(n2.saturating_sub(k)), s2)
        } else {
            (n1.saturating_sub(k).min(n2), s1)
        };
        let mut shape: Vec<usize> = (0..nd)
            .filter(|&i| i != a1 && i != a2)
            .map(|i| l.shape()[i])
            .collect();
        let mut strides: Vec<isize> = (0..nd)
            .filter(|&i| i != a1 && i != a2)
            .map(|i| l.strides()[i])
            .collect();
        shape.push(len);
        strides.push(s1 + s2);
        // An empty view touches no storage: its offset stays where it was.
        let first = if shape.contains(&0) {
            l.offset()
        } else {
            (l.offset() as isize + k as isize * start) as usize
        };
        Ok(self
            .with_layout(Layout::from_parts(shape, strides, first))
            .read_only())
    }

    /// `np.linalg.diagonal(self, offset=offset)`: the diagonal of the last two axes.
    pub fn linalg_diagonal(&self, offset: i64) -> Result<Tensor> {
        self.diagonal(offset, -2, -1)
    }

    /// `np.trace(self, offset, axis1, axis2, dtype)`: the sum along the diagonal, accumulated
    /// as `sum` does (in `dtype` when given).
    pub fn trace(
        &self,
        offset: i64,
        axis1: isize,
        axis2: isize,
        dtype: Option<DType>,
    ) -> Result<Tensor> {
        self.diagonal(offset, axis1, axis2)?.sum(&ReduceArgs {
            axis: Axis::One(-1),
            dtype,
            ..ReduceArgs::default()
        })
    }

    /// `np.linalg.trace(self, offset=offset, dtype=dtype)`: the trace of the last two axes.
    pub fn linalg_trace(&self, offset: i64, dtype: Option<DType>) -> Result<Tensor> {
        self.trace(offset, -2, -1, dtype)
    }
}
