//! NumPy's elementwise functions with keywords that are not ufuncs: `round`/`around`
//! (decimals), `fix`, `nan_to_num` (nan, posinf, neginf) and `real_if_close` (tol).
//!
//! Each is written as NumPy writes it — a short sequence of ufunc calls (PyArray_Round in
//! multiarray/calculation.c; `fix`, `nan_to_num` and `real_if_close` in numpy/lib) — so the
//! intermediate dtypes and roundings are NumPy's, and every device that runs the ufuncs runs
//! these too.

use crate::dtype::{DType, Kind};
use crate::error::{Error, Result};
use crate::ops::compose::float;
use crate::ops::methods::call;
use crate::ops::ufunc::{check_out, Arg};
use crate::promotion::{Casting, PyScalar};
use crate::tensor::Tensor;

/// NumPy's `power_of_ten`: repeated products (not `powi`), so large exponents give its bits.
fn power_of_ten(mut n: i64) -> f64 {
    let mut ret = 1e0;
    while n >= 10 {
        ret *= 1e10;
        n -= 10;
    }
    while n > 0 {
        ret *= 10.0;
        n -= 1;
    }
    ret
}

/// The real and imaginary parts of a complex tensor, transformed by `f` and put back.
fn by_parts(t: &Tensor, f: impl Fn(&Tensor) -> Result<Tensor>) -> Result<Tensor> {
    let re = f(&call("real", &[Arg::from(t)], None)?)?;
    let im = f(&call("imag", &[Arg::from(t)], None)?)?;
    call("complex_from_parts", &[Arg::from(re), Arg::from(im)], None)
}

/// Writes `r` into `out` as a NumPy function's `out=` does (`same_kind`, broadcasting).
fn into_out(op: &'static str, r: Tensor, out: Option<&Tensor>) -> Result<Tensor> {
    match out {
        None => Ok(r),
        Some(o) => {
            check_out(op, r.shape(), r.dtype(), o)?;
            crate::ops::astype::copy_into(op, &r.broadcast_to(o.shape())?, o)?;
            Ok(o.clone())
        }
    }
}

impl Tensor {
    /// `np.round(self, decimals, out=out)` (also `np.around`): half to even. Floats scale by
    /// `10**decimals` in their own dtype, `rint`, and scale back (NumPy's fast, inexact
    /// algorithm); integers are returned unchanged for `decimals >= 0` and otherwise rounded in
    /// float64 and cast back (wrapping as C casts do); complex parts are rounded separately;
    /// bool works only for `decimals == 0` (giving float16, as `rint` does).
    pub fn round(&self, decimals: i64, out: Option<&Tensor>) -> Result<Tensor> {
        const OP: &str = "round";
        if let Some(o) = out {
            crate::ops::astype::check_writeable(OP, o)?;
        }
        // NumPy's round (PyArray_Round) first requires out= to hold as many elements as the
        // input; then the result broadcasts into it as any out= does ((3,) into (1, 3), (0,)
        // into (3, 0)), or fails to ((0,) into (0, 3)).
        let numel = |t: &Tensor| t.shape().iter().product::<usize>();
        if let Some(o) = out.filter(|o| numel(o) != numel(self)) {
            return Err(Error::Value {
                op: OP,
                msg: format!(
                    "invalid output shape {:?} for input {:?}",
                    o.shape(),
                    self.shape()
                ),
            });
        }
        if self.dtype().is_complex() {
            let r = by_parts(self, |p| p.round(decimals, None))?;
            return into_out(OP, r, out);
        }
        let integer = self.dtype().is_integer();
        if decimals >= 0 && integer {
            return into_out(OP, self.copy()?, out);
        }
        if decimals == 0 {
            return call("rint", &[Arg::from(self)], out);
        }
        let (op1, op2) = if decimals >= 0 {
            ("multiply", "divide")
        } else {
            ("divide", "multiply")
        };
        let f = float(power_of_ten(decimals.unsigned_abs() as i64));
        // NumPy computes into `out`, or into a fresh array of the input's dtype (float64 for
        // integers, cast back at the end).
        let work = match out {
            Some(o) => o.clone(),
            None if integer => Tensor::zeros(self.shape(), DType::F64)?.to_device(self.device())?,
            None => Tensor::zeros(self.shape(), self.dtype())?.to_device(self.device())?,
        };
        call(op1, &[Arg::from(self), f.clone()], Some(&work))?;
        call("rint", &[Arg::from(&work)], Some(&work))?;
        call(op2, &[Arg::from(&work), f], Some(&work))?;
        if out.is_none() && integer {
            return work.astype(self.dtype(), Casting::Unsafe);
        }
        Ok(work)
    }

    /// `np.fix(self, out=out)`: round towards zero — `ceil`, then `floor` where `x >= 0`
    /// (NumPy's definition, so -0.0 and NaN come out as NumPy's do); the dtype is `ceil`'s.
    pub fn fix(&self, out: Option<&Tensor>) -> Result<Tensor> {
        // NumPy's fix starts with `ceil(x, out=out)`, which refuses a read-only out= first.
        if let Some(o) = out {
            crate::ops::astype::check_writeable("fix", o)?;
        }
        let x = Arg::from(self);
        let up = call("ceil", std::slice::from_ref(&x), None)?;
        let down = call("floor", std::slice::from_ref(&x), None)?;
        let nonneg = call("greater_equal", &[x, Arg::Scalar(PyScalar::Int(0))], None)?;
        let r = call(
            "where",
            &[Arg::from(nonneg), Arg::from(down), Arg::from(up)],
            None,
        )?;
        into_out("fix", r, out)
    }

    /// `np.nan_to_num(self, nan=nan, posinf=posinf, neginf=neginf)`: NaN, +inf and -inf
    /// replaced (by default with 0 and the dtype's largest finite magnitudes), in real and
    /// imaginary parts separately; non-float dtypes come back unchanged (as a copy).
    pub fn nan_to_num(&self, nan: f64, posinf: Option<f64>, neginf: Option<f64>) -> Result<Tensor> {
        match self.dtype().kind() {
            Kind::Complex => by_parts(self, |p| p.nan_to_num(nan, posinf, neginf)),
            Kind::Float => {
                let max = self.dtype().finfo_max().ok_or(Error::Type {
                    op: "nan_to_num",
                    msg: format!("no finfo for {}", self.dtype()),
                })?;
                let mut r = self.copy()?;
                for (test, value) in [
                    ("isnan", nan),
                    ("isposinf", posinf.unwrap_or(max)),
                    ("isneginf", neginf.unwrap_or(-max)),
                ] {
                    let mask = match test {
                        "isnan" => call("isnan", &[Arg::from(&r)], None)?,
                        "isposinf" => sign_inf(&r, false)?,
                        _ => sign_inf(&r, true)?,
                    };
                    r = call(
                        "where",
                        &[Arg::from(mask), float(value), Arg::from(&r)],
                        None,
                    )?;
                }
                Ok(r)
            }
            _ => self.copy(),
        }
    }

    /// `np.real_if_close(self, tol=tol)`: the real part when every imaginary part is below
    /// `tol` (in machine epsilons of the dtype when `tol > 1`), else `self` unchanged; real
    /// input comes back unchanged.
    pub fn real_if_close(&self, tol: f64) -> Result<Tensor> {
        if !self.dtype().is_complex() {
            return Ok(self.clone());
        }
        let eps = self.dtype().to_real().finfo_eps().unwrap_or(f64::EPSILON);
        let tol = if tol > 1.0 { tol * eps } else { tol };
        let im = call("imag", &[Arg::from(self)], None)?;
        let mag = call("absolute", &[Arg::from(im)], None)?;
        let small = call("less", &[Arg::from(mag), float(tol)], None)?;
        let all = small.all(&crate::ops::reduce::ReduceArgs::default())?;
        let all = all
            .to_device(crate::storage::Device::Cpu)?
            .to_vec::<bool>()?;
        if all.first().copied().unwrap_or(true) {
            call("real", &[Arg::from(self)], None)
        } else {
            Ok(self.clone())
        }
    }
}

/// `x == +inf` (or `-inf`): isinf and the sign bit.
fn sign_inf(x: &Tensor, negative: bool) -> Result<Tensor> {
    let inf = call("isinf", &[Arg::from(x)], None)?;
    let sign = call("signbit", &[Arg::from(x)], None)?;
    let sign = if negative {
        sign
    } else {
        call("logical_not", &[Arg::from(sign)], None)?
    };
    call("logical_and", &[Arg::from(inf), Arg::from(sign)], None)
}
