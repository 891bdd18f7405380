//! Reductions and statistics: NumPy's `sum`, `mean`, `var`, `argmax`, `cumsum`, `median`,
//! `quantile`, ... and the ufunc methods `reduce` / `accumulate` behind them.
//!
//! Semantics (axes, keepdims, result dtype, `out=` casting, empty slices) are decided here once;
//! kernels see one accumulation dtype and a list of (outer position, reduced positions).

pub mod axis;

pub use axis::{Axis, ReduceArgs};
pub mod diff;
pub mod median;
pub mod quantile;
pub mod select;

pub use quantile::{QuantileArgs, QuantileMethod};
