//! Reductions and statistics: NumPy's `sum`, `mean`, `var`, `argmax`, `cumsum`, `median`,
//! `quantile`, ... and the ufunc methods `reduce` / `accumulate` behind them.
//!
//! Semantics (axes, keepdims, result dtype, `out=` casting, empty slices) are decided here once;
//! kernels see one accumulation dtype and a list of (outer position, reduced positions).
//!
//! - [`driver`]: geometry (kept dims, one run of reduced elements per output) and iteration.
//! - [`pairwise`]: NumPy's summation tree, per run and across unit-stride columns.
//! - [`scalar`]: the reducing ufuncs' scalar semantics per element type.
//! - [`fold`]: sequential / lane folds and the pairwise-sum reducer.
//! - [`methods`]: `ufunc.reduce` / `accumulate`, the one implementation behind sum, prod, max,
//!   min, all, any.
//! - [`sum`], [`extrema`], [`logical`], [`argext`], [`moments`], [`cumulative`], [`nan`]: the
//!   NumPy functions.
//! - [`quantile`], [`median`], [`select`]: order statistics (per-slice selection, NaN last).
//! - [`diff`]: `diff` and `ediff1d`.

pub mod argext;
pub mod axis;
pub mod cumulative;
pub mod diff;
pub mod driver;
pub mod entropy;
pub mod extrema;
pub mod fold;
pub mod logical;
pub mod logsumexp;
pub mod median;
pub mod methods;
pub mod moments;
pub mod nan;
pub mod pairwise;
pub mod quantile;
pub mod scalar;
pub mod select;
pub mod sum;
pub mod weighted;

pub use axis::{Axis, ReduceArgs};
pub use pairwise::sum_error_bound_terms;
pub use quantile::{QuantileArgs, QuantileMethod};

pub mod integrate;
#[cfg(test)]
mod tests;
