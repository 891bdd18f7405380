//! Builders of ufunc loop tables (NumPy's `ufunc.types`), in NumPy's search order.

use crate::dtype::DType::{self, *};
use crate::ops::ufunc::Loop;

/// Signed and unsigned integers, in search order.
pub const INTS: [DType; 8] = [I8, U8, I16, U16, I32, U32, I64, U64];
/// Real floats, in search order (bfloat16 after float16).
pub const FLOATS: [DType; 4] = [F16, BF16, F32, F64];
/// Complex dtypes.
pub const COMPLEX: [DType; 2] = [C64, C128];

/// Concatenation of dtype groups, kept in search order.
pub fn group(parts: &[&[DType]]) -> Vec<DType> {
    let mut v: Vec<DType> = parts.iter().flat_map(|p| p.iter().copied()).collect();
    v.sort();
    v.dedup();
    v
}

/// Numeric dtypes: ints, floats, complex (no bool).
pub fn numeric() -> Vec<DType> {
    group(&[&INTS, &FLOATS, &COMPLEX])
}

/// Every dtype.
pub fn all() -> Vec<DType> {
    DType::ALL.to_vec()
}

/// Loops `d, d, ... -> d` for each `d`.
pub fn same(dtypes: &[DType], nin: usize) -> Vec<Loop> {
    dtypes
        .iter()
        .map(|&d| Loop {
            ins: vec![d; nin],
            out: d,
        })
        .collect()
}

/// Loops `d, d, ... -> out` for each `d`.
pub fn to(dtypes: &[DType], nin: usize, out: DType) -> Vec<Loop> {
    dtypes
        .iter()
        .map(|&d| Loop {
            ins: vec![d; nin],
            out,
        })
        .collect()
}

/// Loops `d, d, ... -> f(d)` for each `d`.
pub fn mapped(dtypes: &[DType], nin: usize, f: impl Fn(DType) -> DType) -> Vec<Loop> {
    dtypes
        .iter()
        .map(|&d| Loop {
            ins: vec![d; nin],
            out: f(d),
        })
        .collect()
}
