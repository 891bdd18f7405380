//! The table of every ufunc, built once.

use crate::ops::kernels;
use crate::ops::ufunc::Ufunc;
use std::sync::OnceLock;

/// Every ufunc the engine implements, in name order.
pub fn ufuncs() -> &'static [Ufunc] {
    static TABLE: OnceLock<Vec<Ufunc>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v = Vec::new();
        v.extend(kernels::arith::ufuncs());
        v.extend(kernels::math::ufuncs());
        v.extend(kernels::compare::ufuncs());
        v.extend(kernels::ternary::ufuncs());
        v.extend(kernels::unary::ufuncs());
        v.extend(kernels::binary_math::ufuncs());
        v.extend(kernels::bitwise::ufuncs());
        v.extend(kernels::float_parts::ufuncs());
        v.sort_by_key(|u| u.name);
        v
    })
}

/// The loops of the ufunc named `name`: the table the devices generate kernels from.
pub fn loops_of(name: &str) -> Option<&'static [crate::backend::Loop]> {
    ufunc(name).map(|u| u.loops.as_slice())
}

/// The ufunc named `name` (NumPy's name), if implemented.
pub fn ufunc(name: &str) -> Option<&'static Ufunc> {
    ufuncs().iter().find(|u| u.name == name)
}
