//! Three-operand ops: `where` and `clip`.

use crate::ops::ufunc::Ufunc;

/// The ternary family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    vec![]
}
