//! `numpy.fft.fftfreq` and `rfftfreq`: the sample frequencies of a length-`n` transform with
//! sample spacing `d`, composed from the engine's ufuncs as `numpy/fft/_helper.py` composes
//! them, so `d`'s dtype decides how `1 / (n * d)` rounds (a float16 `d` rounds it to float16)
//! and the integer frequencies times that 0-d array promote as NumPy's do (float64, or
//! complex128 for a complex `d`).
//!
//! NumPy's rules, followed here: `val = 1.0 / (n * d)` (a zero `d` or `n` gives inf, not an
//! error, for an array `d`); `fftfreq` is `[0, 1, ..., (n-1)//2, -(n//2), ..., -1] * val`, a
//! negative `n` NumPy's ValueError "negative dimensions are not allowed"; `rfftfreq` is
//! `arange(n//2 + 1) * val`, empty for a negative `n`.

use crate::error::{Error, Result};
use crate::promotion::PyScalar;
use crate::tensor::Tensor;

/// `1.0 / (n * d)` in `d`'s dtype rules. NumPy's `n * d` of a 0-d array is a scalar, and
/// ml_dtypes' bfloat16 scalar divides a Python float in float32: so does this.
fn spacing(n: i64, d: &Tensor) -> Result<Tensor> {
    let mut nd = d.multiply(PyScalar::Int(i128::from(n)))?;
    if nd.dtype() == crate::dtype::DType::BF16 {
        nd = nd.astype(crate::dtype::DType::F32, crate::promotion::Casting::Unsafe)?;
    }
    crate::ops::methods::call("divide", &[PyScalar::Float(1.0).into(), (&nd).into()], None)
}

/// The integer frequencies times `val`.
fn scaled(ints: Vec<i64>, val: &Tensor) -> Result<Tensor> {
    let len = ints.len();
    Tensor::from_vec(ints, &[len])?.multiply(val)
}

impl Tensor {
    /// `np.fft.fftfreq(n, d)`: the frequencies of each bin of an `n`-point FFT, `d` a 0-d
    /// array (the sample spacing).
    pub fn fftfreq(n: i64, d: &Tensor) -> Result<Tensor> {
        let val = spacing(n, d)?;
        if n < 0 {
            return Err(Error::Value {
                op: "fftfreq",
                msg: "negative dimensions are not allowed".into(),
            });
        }
        let half = (n - 1).div_euclid(2) + 1;
        let ints: Vec<i64> = (0..half).chain(-(n / 2)..0).collect();
        scaled(ints, &val)
    }

    /// `np.fft.rfftfreq(n, d)`: the frequencies of each bin of an `n`-point `rfft`.
    pub fn rfftfreq(n: i64, d: &Tensor) -> Result<Tensor> {
        let val = spacing(n, d)?;
        let bins = n.div_euclid(2) + 1;
        scaled((0..bins.max(0)).collect(), &val)
    }
}
