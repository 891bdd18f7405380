//! Comparison and classification ufuncs (equal, less, isnan, ...), all returning bool.

use crate::dtype::DType::*;
use crate::error::Result;
use crate::ops::loops::{self, group, COMPLEX, FLOATS};
use crate::ops::ufunc::{Loop, Ufunc, View};
use crate::storage::CpuStorage;

fn isnan(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16, BF16, F32, F64] => |x| x.is_nan(),
        [C64, C128] => |z| z.re.is_nan() || z.im.is_nan(),
    )
}

/// The comparison family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    vec![Ufunc {
        name: "isnan",
        nin: 1,
        loops: loops::to(&group(&[&FLOATS, &COMPLEX]), 1, Bool),
        kernel: isnan,
        resolver: None,
    }]
}
