//! `np.trapezoid` and `scipy.integrate.cumulative_trapezoid`: the composite trapezoidal rule,
//! `d * (y[1:] + y[:-1]) / 2.0` summed (or cumulatively summed) along an axis, with NumPy's
//! (and SciPy's) operation order and dtypes.

use super::axis::ReduceArgs;
use super::diff::concat;
use super::driver::as_dtype;
use super::select::host_only;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::ufunc::Arg;
use crate::ops::view::Slice;
use crate::promotion::PyScalar;
use crate::tensor::Tensor;

fn along(x: &Tensor, axis: usize, lo: Option<isize>, hi: Option<isize>) -> Result<Tensor> {
    let mut s = vec![Slice::step(1); axis];
    s.push(Slice::new(lo, hi, 1));
    x.slice(&s)
}

/// `d * (y[1:] + y[:-1]) / 2.0` and the axis; `index_msg` is the `IndexError` of an axis out
/// of range (NumPy assigns into a list of slices, SciPy into a tuple).
fn terms(
    op: &'static str,
    y: &Tensor,
    x: Option<&Tensor>,
    dx: &Arg,
    axis: isize,
    index_msg: &str,
) -> Result<(Tensor, usize)> {
    let mut devs = vec![y];
    devs.extend(x);
    host_only(op, &devs)?;
    let nd = y.ndim() as isize;
    // NumPy's message is Python's own (`index_msg`); the engine's IndexError names the axis.
    let _ = index_msg;
    let index_err = || Error::Index {
        op,
        index: axis,
        axis: 0,
        size: y.ndim(),
    };
    let d = match x {
        None => dx.clone(),
        Some(x) if x.ndim() == 1 => {
            let d = x.diff(1, -1, None, None)?;
            if axis < -nd || axis >= nd {
                return Err(index_err());
            }
            let ax = axis.rem_euclid(nd.max(1)) as usize;
            let mut shape = vec![1isize; y.ndim()];
            shape[ax] = d.shape()[0] as isize;
            Arg::Tensor(d.reshape(&shape)?)
        }
        Some(x) => Arg::Tensor(x.diff(1, axis, None, None)?),
    };
    if axis < -nd || axis >= nd {
        return Err(index_err());
    }
    let ax = axis.rem_euclid(nd) as usize;
    let hi = along(y, ax, Some(1), None)?;
    let lo = along(y, ax, None, Some(-1))?;
    let s = hi.add(&lo)?;
    let t = match d {
        Arg::Tensor(d) => d.multiply(&s)?,
        Arg::Scalar(v) => {
            // A Python scalar `d` on the left.
            crate::ops::methods::call("multiply", &[Arg::Scalar(v), Arg::from(&s)], None)?
        }
    };
    Ok((t.divide(Arg::Scalar(PyScalar::Float(2.0)))?, ax))
}

/// A bfloat16 `y` (or `x`) computed as its exact float32 widening, as the reference computes
/// it: `None` when neither is bfloat16; otherwise the widened operands and whether a float32
/// result rounds back to bfloat16 once (no float32 operand forced float32).
fn widen_bf16(
    y: &Tensor,
    x: Option<&Tensor>,
    dx: &Arg,
) -> Result<Option<(Tensor, Option<Tensor>, bool)>> {
    let bf = |t: &Tensor| t.dtype() == DType::BF16;
    if !bf(y) && !x.is_some_and(bf) {
        return Ok(None);
    }
    let f32_arg = |t: &Tensor| t.dtype() == DType::F32;
    let round =
        !f32_arg(y) && !x.is_some_and(f32_arg) && !matches!(dx, Arg::Tensor(t) if f32_arg(t));
    let w = |t: &Tensor| -> Result<Tensor> {
        if bf(t) {
            as_dtype(t, DType::F32)
        } else {
            Ok(t.clone())
        }
    };
    Ok(Some((w(y)?, x.map(w).transpose()?, round)))
}

/// `r` rounded once to bfloat16 when `round` and it came out float32.
fn round_bf16(r: Tensor, round: bool) -> Result<Tensor> {
    if round && r.dtype() == DType::F32 {
        as_dtype(&r, DType::BF16)
    } else {
        Ok(r)
    }
}

impl Tensor {
    /// `np.trapezoid(self, x=, dx=, axis=)`.
    pub fn trapezoid(&self, x: Option<&Tensor>, dx: &Arg, axis: isize) -> Result<Tensor> {
        crate::fpe::call("trapezoid", || {
            if let Some((y, x, round)) = widen_bf16(self, x, dx)? {
                return round_bf16(y.trapezoid(x.as_ref(), dx, axis)?, round);
            }
            let (t, ax) = terms(
                "trapezoid",
                self,
                x,
                dx,
                axis,
                "list assignment index out of range",
            )?;
            t.sum(&ReduceArgs::axis(ax as isize))
        })
    }

    /// `scipy.integrate.cumulative_trapezoid(self, x=, dx=, axis=, initial=)`: `initial` is
    /// `None` or `0` (prepended as a zero of the result dtype).
    pub fn cumulative_trapezoid(
        &self,
        x: Option<&Tensor>,
        dx: &Arg,
        axis: isize,
        initial: Option<&Arg>,
    ) -> Result<Tensor> {
        crate::fpe::call("cumulative_trapezoid", || {
            const OP: &str = "cumulative_trapezoid";
            if let Some((y, x, round)) = widen_bf16(self, x, dx)? {
                let r = y.cumulative_trapezoid(x.as_ref(), dx, axis, initial)?;
                return round_bf16(r, round);
            }
            let nd = self.ndim() as isize;
            if (-nd..nd).contains(&axis) && self.shape()[axis.rem_euclid(nd) as usize] == 0 {
                return Err(Error::Value {
                    op: OP,
                    msg: "At least one point is required along `axis`.".into(),
                });
            }
            let (t, ax) = terms(OP, self, x, dx, axis, "tuple index out of range")?;
            let res = t.cumsum(Some(ax as isize), None, None)?;
            let Some(init) = initial else { return Ok(res) };
            let zero = match init {
                Arg::Scalar(PyScalar::Int(0)) | Arg::Scalar(PyScalar::Bool(false)) => true,
                Arg::Scalar(PyScalar::Float(v)) => *v == 0.0,
                _ => false,
            };
            if !zero {
                return Err(Error::Value {
                    op: OP,
                    msg: "`initial` must be `None` or `0`.".into(),
                });
            }
            let mut shape = res.shape().to_vec();
            shape[ax] = 1;
            let z = Tensor::zeros(&shape, res.dtype())?;
            concat(OP, &[z, res.clone()], ax, res.dtype())
        })
    }
}
