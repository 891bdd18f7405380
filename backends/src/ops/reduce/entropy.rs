//! `scipy.stats.entropy`, written as SciPy 1.16 writes it: `pk` normalised along the axis
//! (`1.0 * pk / sum(pk)`, so integers and bool become float64), then the sum of
//! `special.entr(pk)` — or of `special.rel_entr(pk, qk)` with `qk` normalised the same way —
//! divided by `log(base)`. Its axis handling is its `_axis_nan_policy` decorator's: the axes
//! are moved last and flattened into one (`axis=None` flattens everything, and so does an
//! empty tuple, whose `shape[:-0]` is empty).

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::normalize_axis;
use crate::ops::compose::{call, float, t};
use crate::ops::reduce::axis::{Axis, ReduceArgs};
use crate::promotion::{promote_types, Casting};
use crate::tensor::Tensor;

/// The decorator's reshaping: the reduced axes moved last and flattened into one.
fn last_axis(x: &Tensor, axis: &Axis) -> Result<Tensor> {
    const OP: &str = "entropy";
    let axes: Vec<usize> = match axis {
        Axis::All => return x.reshape(&[-1]),
        Axis::One(a) => vec![normalize_axis(OP, *a, x.ndim())?],
        Axis::Many(v) if v.is_empty() => return x.reshape(&[-1]),
        Axis::Many(v) => v
            .iter()
            .map(|&a| normalize_axis(OP, a, x.ndim()))
            .collect::<Result<_>>()?,
    };
    let mut order: Vec<usize> = (0..x.ndim()).filter(|i| !axes.contains(i)).collect();
    let keep = order.len();
    order.extend(axes.iter().copied());
    let moved = x.permute(Some(&order))?;
    let mut shape: Vec<isize> = moved.shape()[..keep].iter().map(|&n| n as isize).collect();
    shape.push(moved.shape()[keep..].iter().product::<usize>() as isize);
    moved.contiguous()?.reshape(&shape)
}

impl Tensor {
    /// `scipy.stats.entropy(self, qk, base=base, axis=axis)`.
    pub fn entropy(&self, qk: Option<&Tensor>, base: Option<f64>, axis: &Axis) -> Result<Tensor> {
        crate::fpe::call("entropy", || {
            if self.dtype().is_complex() || qk.is_some_and(|q| q.dtype().is_complex()) {
                return Err(Error::Type {
                    op: "entropy",
                    msg: "complex input".into(),
                });
            }
            half_unsupported("entropy", self.dtype())?;
            // SciPy's decorator makes a 0-d input 1-d.
            let one_d;
            let x = if self.ndim() == 0 {
                one_d = self.reshape(&[1])?;
                &one_d
            } else {
                self
            };
            let pk = last_axis(x, axis)?;
            let last = ReduceArgs {
                axis: Axis::One(-1),
                keepdims: true,
                ..ReduceArgs::default()
            };
            let norm = |x: &Tensor| -> Result<Tensor> {
                let x1 = call("multiply", &[float(1.0), t(x)])?;
                let s = x.sum(&last)?;
                call("divide", &[t(&x1), t(&s)])
            };
            let p = norm(&pk)?;
            let vec = match qk {
                None => entr(&p)?,
                Some(q) => {
                    let q = last_axis(&q.broadcast_to(x.shape())?, axis)?;
                    rel_entr(&p, &norm(&q)?)?
                }
            };
            let s = vec.sum(&ReduceArgs::axis(-1))?;
            match base {
                None => Ok(s),
                Some(b) => call("divide", &[t(&s), float(b.ln())]),
            }
        })
    }
}

/// float16/bfloat16 are not implemented: SciPy computes them natively with a rounding at
/// every step (and, for entropy, a result dtype that depends on the values), which the
/// engine does not yet reproduce.
pub(crate) fn half_unsupported(op: &'static str, d: DType) -> Result<()> {
    if matches!(d, DType::F16 | DType::BF16) {
        return Err(Error::Unsupported {
            op,
            msg: format!("{d} input is not implemented"),
        });
    }
    Ok(())
}

/// The dtype SciPy's `entr`/`rel_entr` loops compute in (`f` or `d`).
fn loop_dtype(d: DType) -> DType {
    if d == DType::F64 {
        DType::F64
    } else {
        DType::F32
    }
}

/// `special.entr`: `-x log x` for `x > 0`, 0 at 0, -inf below 0, NaN for NaN.
fn entr(x: &Tensor) -> Result<Tensor> {
    let x = x.astype(loop_dtype(x.dtype()), Casting::Unsafe)?;
    let xlogx = call("multiply", &[t(&x), t(&call("log", &[t(&x)])?)])?;
    let v = call("negative", &[t(&xlogx)])?;
    let zero = call("equal", &[t(&x), float(0.0)])?;
    let v = call("where", &[t(&zero), float(0.0), t(&v)])?;
    let neg = call("less", &[t(&x), float(0.0)])?;
    call("where", &[t(&neg), float(f64::NEG_INFINITY), t(&v)])
}

/// `special.rel_entr`: `x log(x / y)` for `x, y > 0`, 0 for `x == 0, y >= 0`, +inf otherwise,
/// NaN for NaN.
fn rel_entr(x: &Tensor, y: &Tensor) -> Result<Tensor> {
    let d = loop_dtype(promote_types(x.dtype(), y.dtype()));
    let x = x.astype(d, Casting::Unsafe)?;
    let y = y.astype(d, Casting::Unsafe)?;
    let ratio = call("divide", &[t(&x), t(&y)])?;
    let v = call("multiply", &[t(&x), t(&call("log", &[t(&ratio)])?)])?;
    let gt0 = |z: &Tensor| call("greater", &[t(z), float(0.0)]);
    let both_pos = call("logical_and", &[t(&gt0(&x)?), t(&gt0(&y)?)])?;
    let x0 = call("equal", &[t(&x), float(0.0)])?;
    let y_ge0 = call("greater_equal", &[t(&y), float(0.0)])?;
    let zero_ok = call("logical_and", &[t(&x0), t(&y_ge0)])?;
    let nan = call(
        "logical_or",
        &[t(&call("isnan", &[t(&x)])?), t(&call("isnan", &[t(&y)])?)],
    )?;
    let r = call("where", &[t(&zero_ok), float(0.0), float(f64::INFINITY)])?;
    let r = call("where", &[t(&both_pos), t(&v), t(&r)])?;
    call("where", &[t(&nan), float(f64::NAN), t(&r)])
}
