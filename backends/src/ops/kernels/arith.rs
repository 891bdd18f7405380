//! Arithmetic ufuncs: add, subtract, multiply (more in this family are added here).

use crate::dtype::DType::*;
use crate::error::Result;
use crate::ops::loops::{self, group, COMPLEX, FLOATS, INTS};
use crate::ops::ufunc::{Loop, Ufunc, View};
use crate::storage::CpuStorage;
use num_traits::WrappingAdd;

fn add(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [Bool] => |a: bool, b: bool| a | b,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a, b| WrappingAdd::wrapping_add(&a, &b),
        [F16, BF16, F32, F64, C64, C128] => |a, b| a + b,
    )
}

/// The arithmetic family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    vec![Ufunc {
        name: "add",
        nin: 2,
        loops: loops::same(&group(&[&[Bool], &INTS, &FLOATS, &COMPLEX]), 2),
        kernel: add,
        resolver: None,
    }]
}
