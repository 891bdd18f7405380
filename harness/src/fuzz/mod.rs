//! NumPy-differential fuzzing over the whole registry (`opinfo-fuzz`).
//!
//! Each case is drawn from `(seed, case index)` alone ([`draw`]) using only what the op's
//! record claims — its CPU dtypes (mixed pairs too), `nin`, operand domains, Python-scalar
//! operands, the reduction keyword facts of [`opinfo::record::ReductionInfo`] and the keyword
//! sets its own generators use — over 0-d to 5-d shapes with empty dimensions, broadcasting,
//! strided views (transposed, stepped, reversed, zero-stride, offset), extremal values and
//! `out=` of other dtypes. [`judge`] runs it on the CPU engine and in NumPy and decides as a
//! matrix trial does (the record's comparison; declared divergences and expected failures are
//! not reported). A mismatch is [`shrink`]ed to a minimal case that still mismatches with the
//! same divergence kind, and findings are deduplicated by signature (op, operand dtypes,
//! kind). [`driver`] runs the budget; [`output`] is the JSON file; [`repro`] renders results
//! and the NumPy snippet that reproduces NumPy's side.

pub mod draw;
pub mod driver;
pub mod judge;
pub mod output;
pub mod repro;
pub mod shrink;

pub use driver::{run, select_ops, Config};
pub use output::FuzzReport;
