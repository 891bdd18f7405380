//! Transcendental and rounding ufuncs (sin, exp, log, ...).

use crate::error::Result;
use crate::ops::loops::{self, group, COMPLEX, FLOATS};
use crate::ops::ufunc::{Loop, Ufunc, View};
use crate::storage::CpuStorage;
#[allow(unused_imports)]
use num_traits::Float;

fn sin(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16, BF16, F32, F64] => |x| x.sin(),
        [C64, C128] => |z| z.sin(),
    )
}

/// The math family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    vec![Ufunc {
        name: "sin",
        nin: 1,
        loops: loops::same(&group(&[&FLOATS, &COMPLEX]), 1),
        kernel: sin,
        resolver: None,
    }]
}
