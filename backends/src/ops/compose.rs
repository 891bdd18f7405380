//! Helpers of the ops written as NumPy/SciPy write them in Python — a sequence of ufunc calls
//! by name (`average`, `logsumexp`, `entropy`, `round`, ...).

use crate::error::Result;
use crate::ops::ufunc::Arg;
use crate::promotion::PyScalar;
use crate::tensor::Tensor;

/// `np.<name>(*args)` for a ufunc.
pub(crate) fn call(name: &'static str, args: &[Arg]) -> Result<Tensor> {
    crate::ops::methods::call(name, args, None)
}

/// A tensor operand.
pub(crate) fn t(x: &Tensor) -> Arg {
    Arg::from(x)
}

/// A Python float operand (weak under NEP 50).
pub(crate) fn float(x: f64) -> Arg {
    Arg::Scalar(PyScalar::Float(x))
}
