//! `scipy.special.logsumexp` for real input, written as SciPy 1.16 writes it (its
//! `_logsumexp`): the maxima are taken out of the sum — `log1p` of the rest over their count,
//! plus `log` of the count and the maximum — and where that is not finite the direct
//! `log(sum(exp(a)))` is used. Integers and bool compute in float64; a 0-d input is treated as
//! 1-d (SciPy's `atleast_1d`); an empty input gives -inf.

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::compose::{call, float, t};
use crate::ops::reduce::axis::{reduced_shape, Axis, ReduceArgs};
use crate::promotion::Casting;
use crate::tensor::Tensor;

fn kept(axis: &Axis, dtype: Option<DType>) -> ReduceArgs {
    ReduceArgs {
        axis: axis.clone(),
        keepdims: true,
        dtype,
        ..ReduceArgs::default()
    }
}

impl Tensor {
    /// `scipy.special.logsumexp(self, axis=axis, keepdims=keepdims)` (real input).
    pub fn logsumexp(&self, axis: &Axis, keepdims: bool) -> Result<Tensor> {
        crate::fpe::call("logsumexp", || {
            const OP: &str = "logsumexp";
            let d = self.dtype();
            if d.is_complex() {
                return Err(Error::Unsupported {
                    op: OP,
                    msg: "complex input is not implemented".into(),
                });
            }
            crate::ops::reduce::entropy::half_unsupported(OP, d)?;
            let a = if d.is_integer() || d.is_bool() {
                self.astype(DType::F64, Casting::Unsafe)?
            } else {
                self.clone()
            };
            let a = if a.ndim() == 0 { a.reshape(&[1])? } else { a };
            let dt = a.dtype();
            let mask = axis.mask(OP, a.ndim())?;
            let out = if a.numel() == 0 {
                let shape = reduced_shape(a.shape(), &mask, true);
                let zeros = Tensor::zeros(&shape, dt)?.to_device(a.device())?;
                call("add", &[t(&zeros), float(f64::NEG_INFINITY)])?
            } else {
                // The direct form, used where the stable one is not finite.
                let e = call("exp", &[t(&a)])?;
                let out_inf = call("log", &[t(&e.sum(&kept(axis, None))?)])?;
                let a_max = a.max(&kept(axis, None))?;
                let i_max = call("equal", &[t(&a), t(&a_max)])?;
                let rest = call("where", &[t(&i_max), float(f64::NEG_INFINITY), t(&a)])?;
                let m = i_max
                    .astype(dt, Casting::Unsafe)?
                    .sum(&kept(axis, Some(dt)))?;
                let ex = call("exp", &[t(&call("subtract", &[t(&rest), t(&a_max)])?)])?;
                let s = ex.sum(&kept(axis, Some(dt)))?;
                let s_zero = call("equal", &[t(&s), float(0.0)])?;
                let ratio = call("divide", &[t(&s), t(&m)])?;
                let s = call("where", &[t(&s_zero), t(&s), t(&ratio)])?;
                let s1 = call("add", &[t(&s), float(1.0)])?;
                let sgn = call(
                    "multiply",
                    &[t(&call("sign", &[t(&s1)])?), t(&call("sign", &[t(&m)])?)],
                )?;
                let below = call("less", &[t(&s), float(-1.0)])?;
                let flipped = call("subtract", &[t(&call("negative", &[t(&s)])?), float(2.0)])?;
                let s = call("where", &[t(&below), t(&flipped), t(&s)])?;
                let m = call("absolute", &[t(&m)])?;
                let out = call(
                    "add",
                    &[t(&call("log1p", &[t(&s)])?), t(&call("log", &[t(&m)])?)],
                )?;
                let out = call("add", &[t(&out), t(&a_max)])?;
                let neg = call("less", &[t(&sgn), float(0.0)])?;
                let out = call("where", &[t(&neg), float(f64::NAN), t(&out)])?;
                let finite = call("isfinite", &[t(&out)])?;
                call("where", &[t(&finite), t(&out), t(&out_inf)])?
            };
            if keepdims {
                return Ok(out);
            }
            let shape: Vec<isize> = reduced_shape(a.shape(), &mask, false)
                .into_iter()
                .map(|n| n as isize)
                .collect();
            out.reshape(&shape)
        })
    }
}
