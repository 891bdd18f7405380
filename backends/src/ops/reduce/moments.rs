//! `np.mean`, `np.var`, `np.std` and their nan variants, step for step as NumPy's
//! `_methods.py` / `_nanfunctions_impl.py` compute them (the same sums, the same divisions in
//! the same dtypes, the same casts back), so the roundings are NumPy's:
//!
//! - mean: `sum(a, dtype)` (float64 for bool/int, float32 for float16/bfloat16), divided by the
//!   int64 count — a float64 division for float32 — and cast back to the sum's dtype; a
//!   float16 result is then rounded to float16 (a 0-d result straight from the float64
//!   quotient, as NumPy's scalar branch does).
//! - var: the mean as above but in the input dtype for floats (float16 stays float16), squared
//!   deviations (`|x - mean|^2` as `re^2 + im^2` for complex, a real result), their sum divided
//!   by `max(count - ddof, 0)` (0 gives inf/nan, no error).
//! - nanvar: nan replaced by 0, counts of non-nan elements, `count - ddof <= 0` gives nan.

use crate::dtype::DType;
use crate::element::{Element, Hub};
use crate::error::{Error, Result};
use crate::ops::methods::call;
use crate::ops::reduce::axis::ReduceArgs;
use crate::ops::reduce::driver::{as_dtype, deliver, host};
use crate::ops::reduce::methods::{reduce, ROp};
use crate::ops::reduce::nan::replace_nan;
use crate::ops::ufunc::Arg;
use crate::tensor::Tensor;

/// `_methods.py` counts the elements with `a.shape[axis]`-style normalisation, so a 0-d input
/// refuses an int axis (AxisError) where `np.sum` accepts 0 and -1. With a `where=` mask it
/// counts with `np.add.reduce` of the mask instead, which accepts them.
fn check_0d_axis(op: &'static str, a: &Tensor, args: &ReduceArgs) -> Result<()> {
    if a.ndim() == 0 && args.where_.is_none() {
        if let crate::ops::reduce::axis::Axis::One(ax) = args.axis {
            crate::layout::normalize_axis(op, ax, 0)?;
        }
    }
    Ok(())
}

/// `TypeError`s of `np.nanmean`/`nanvar` for an inexact input with a non-inexact `dtype=` or
/// `out=`.
fn check_inexact(op: &'static str, args: &ReduceArgs) -> Result<()> {
    if args.dtype.is_some_and(|d| !d.is_inexact()) {
        return Err(Error::Type {
            op,
            msg: "If a is inexact, then dtype must be inexact".into(),
        });
    }
    if args.out.as_ref().is_some_and(|o| !o.dtype().is_inexact()) {
        return Err(Error::Type {
            op,
            msg: "If a is inexact, then out must be inexact".into(),
        });
    }
    Ok(())
}

/// Whether the dtype is float16 or bfloat16 (accumulated in float32 by `mean`).
fn is_half(d: DType) -> bool {
    matches!(d, DType::F16 | DType::BF16)
}

/// Elements per output (an int64 tensor): the product of the reduced lengths, or the count of
/// True in `where=` (broadcast to `a`) per output, with `keepdims` as given.
fn count(a: &Tensor, args: &ReduceArgs, keepdims: bool) -> Result<Tensor> {
    match &args.where_ {
        None => {
            let mask = args.axis.mask("mean", a.ndim())?;
            let n = crate::ops::reduce::axis::reduced_len(a.shape(), &mask);
            // On the array's device, so the division runs there.
            Tensor::scalar(n as i64).to_device(a.device())
        }
        Some(w) => {
            let w = as_dtype(w, DType::Bool)?.broadcast_to(a.shape())?;
            reduce(
                ROp::Add,
                &w,
                &ReduceArgs {
                    axis: args.axis.clone(),
                    keepdims,
                    dtype: Some(DType::I64),
                    ..ReduceArgs::default()
                },
            )
        }
    }
}

/// `a / b` by the engine's true_divide, cast (unsafely) to `like`'s dtype or into `out`.
fn divide_into(a: &Tensor, b: &Tensor, out: Option<&Tensor>) -> Result<Tensor> {
    let q = call("true_divide", &[Arg::from(a), Arg::from(b)], None)?;
    match out {
        Some(o) => deliver("true_divide", q, Some(o)),
        None => as_dtype(&q, a.dtype()),
    }
}

/// `_divide_by_count` of the nan-functions: [`divide_into`] under
/// `errstate(invalid='ignore', divide='ignore')`, so an all-nan slice's `0 / 0` raises nothing.
fn divide_by_count(a: &Tensor, b: &Tensor, out: Option<&Tensor>) -> Result<Tensor> {
    let quiet = crate::fpe::ErrState {
        invalid: crate::fpe::Action::Ignore,
        divide: crate::fpe::Action::Ignore,
        ..crate::fpe::geterr()
    };
    crate::fpe::errstate(quiet, || divide_into(a, b, out))
}

/// `|x|^2` of a complex tensor as NumPy's var computes it: `re*re + im*im` in the part dtype.
fn abs2(x: &Tensor) -> Result<Tensor> {
    let s = x.storage()?;
    let r = crate::with_dtype!(x.dtype(), T, {
        let src = T::slice(&s);
        match x.dtype().to_real() {
            DType::F32 => {
                let d = crate::cpu::map1(src, x.layout(), |z: T| match z.to_hub() {
                    Hub::Complex(c) => {
                        let (re, im) = (c.re as f32, c.im as f32);
                        re * re + im * im
                    }
                    _ => 0.0,
                })?;
                Tensor::from_vec(d, x.shape())?
            }
            _ => {
                let d = crate::cpu::map1(src, x.layout(), |z: T| match z.to_hub() {
                    Hub::Complex(c) => c.re * c.re + c.im * c.im,
                    _ => 0.0,
                })?;
                Tensor::from_vec(d, x.shape())?
            }
        }
    });
    Ok(r)
}

/// `square(subtract(a, mean))` in one pass when both are float32 or both float64: the same
/// two roundings as NumPy's two ufunc calls, without the intermediate array.
fn sq_dev(a: &Tensor, mean: &Tensor) -> Result<Option<Tensor>> {
    fn go<T: Element + std::ops::Sub<Output = T> + std::ops::Mul<Output = T>>(
        a: &Tensor,
        mean: &Tensor,
    ) -> Result<Tensor> {
        let lm = mean.layout().broadcast_to(a.shape())?;
        let (sa, sm) = (a.storage()?, mean.storage()?);
        let v = crate::cpu::map2(T::slice(&sa), a.layout(), T::slice(&sm), &lm, |x, m| {
            let d = x - m;
            d * d
        })?;
        Tensor::from_vec(v, a.shape())
    }
    Ok(match (a.dtype(), mean.dtype()) {
        (DType::F32, DType::F32) => Some(go::<f32>(a, mean)?),
        (DType::F64, DType::F64) => Some(go::<f64>(a, mean)?),
        _ => None,
    })
}

impl Tensor {
    /// `np.mean(self, axis, dtype, out, keepdims, where)` (no `initial=`); an empty slice gives
    /// nan (NumPy warns).
    pub fn mean(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("mean", || {
            args.refuse("mean", &["initial"])?;
            check_0d_axis("mean", self, args)?;
            let d = self.dtype();
            let half = args.dtype.is_none() && is_half(d);
            let dtype = args.dtype.or(if d.is_bool() || d.is_integer() {
                Some(DType::F64)
            } else if half {
                Some(DType::F32)
            } else {
                None
            });
            let n = count(self, args, args.keepdims)?;
            let sum_args = ReduceArgs {
                dtype,
                ..args.clone()
            };
            let s = reduce(ROp::Add, self, &sum_args)?;
            if half && args.out.is_none() {
                let q = call("true_divide", &[Arg::from(&s), Arg::from(&n)], None)?;
                // NumPy's array branch rounds the quotient to float32 first; its scalar branch
                // (a 0-d result) casts the float64 quotient straight to float16.
                let q = if s.ndim() == 0 {
                    q
                } else {
                    as_dtype(&q, s.dtype())?
                };
                return as_dtype(&q, d);
            }
            divide_into(&s, &n, args.out.as_ref())
        })
    }

    /// `np.var(self, axis, dtype, out, ddof, keepdims, where)`.
    pub fn var(&self, args: &ReduceArgs, ddof: f64) -> Result<Tensor> {
        crate::fpe::call("var", || {
            args.refuse("var", &["initial"])?;
            host("var", self)?;
            check_0d_axis("var", self, args)?;
            let d = self.dtype();
            let dtype = args
                .dtype
                .or((d.is_bool() || d.is_integer()).then_some(DType::F64));
            let n = count(self, args, true)?;
            let mean = reduce(
                ROp::Add,
                self,
                &ReduceArgs {
                    axis: args.axis.clone(),
                    keepdims: true,
                    dtype,
                    out: None,
                    initial: None,
                    where_: args.where_.clone(),
                },
            )?;
            let mean = divide_into(&mean, &n, None)?;
            let x = match sq_dev(self, &mean)? {
                Some(x) => x,
                None => {
                    let x = call("subtract", &[Arg::from(self), Arg::from(&mean)], None)?;
                    if x.dtype().is_complex() {
                        abs2(&x)?
                    } else {
                        call("square", &[Arg::from(&x)], None)?
                    }
                }
            };
            let ret = reduce(
                ROp::Add,
                &x,
                &ReduceArgs {
                    dtype,
                    initial: None,
                    ..args.clone()
                },
            )?;
            // max(count - ddof, 0) in float64, shaped like the result.
            let n = if args.where_.is_some() && !args.keepdims {
                count(self, args, false)?
            } else {
                n
            };
            let dof = call("subtract", &[Arg::from(&n), Arg::from(ddof)], None)?;
            let dof = call("maximum", &[Arg::from(&dof), Arg::from(0.0)], None)?;
            divide_into(&ret, &dof, args.out.as_ref())
        })
    }

    /// `np.std(self, axis, dtype, out, ddof, keepdims, where)`: `sqrt(var)`.
    pub fn std(&self, args: &ReduceArgs, ddof: f64) -> Result<Tensor> {
        crate::fpe::call("std", || {
            let v = self.var(args, ddof)?;
            sqrt_back(&v, args)
        })
    }

    /// `np.nanmean(self, axis, dtype, out, keepdims, where)`: the mean of the non-nan elements
    /// (an all-nan slice gives nan).
    pub fn nanmean(&self, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("nanmean", || {
            args.refuse("nanmean", &["initial"])?;
            if !self.dtype().is_inexact() {
                return self.mean(args);
            }
            check_inexact("nanmean", args)?;
            let arr = replace_nan(self, 0.0)?;
            let cnt = not_nan_count(self, args, args.keepdims)?;
            let tot = reduce(ROp::Add, &arr, args)?;
            divide_by_count(&tot, &cnt, args.out.as_ref())
        })
    }

    /// `np.nanvar(self, axis, dtype, out, ddof, keepdims, where)`: `count - ddof <= 0` gives nan.
    pub fn nanvar(&self, args: &ReduceArgs, ddof: f64) -> Result<Tensor> {
        crate::fpe::call("nanvar", || {
            args.refuse("nanvar", &["initial"])?;
            if !self.dtype().is_inexact() {
                return self.var(args, ddof);
            }
            check_inexact("nanvar", args)?;
            // NumPy subtracts the mean in place (`out=arr`), so the deviations keep the input dtype;
            // a bfloat16 input summed in another dtype is computed as its exact float32 widening
            // (the reference's), whose deviations stay float32.
            let other = |d: DType| d != DType::BF16;
            if self.dtype() == DType::BF16
                && (args.dtype.is_some_and(other)
                    || args.out.as_ref().is_some_and(|o| other(o.dtype())))
            {
                return as_dtype(self, DType::F32)?.nanvar(args, ddof);
            }
            let arr = replace_nan(self, 0.0)?;
            let cnt = not_nan_count(self, args, true)?;
            let avg = reduce(
                ROp::Add,
                &arr,
                &ReduceArgs {
                    keepdims: true,
                    out: None,
                    initial: None,
                    ..args.clone()
                },
            )?;
            let avg = divide_by_count(&avg, &cnt, None)?;
            let dev = call("subtract", &[Arg::from(&arr), Arg::from(&avg)], None)?;
            let dev = as_dtype(&dev, arr.dtype())?;
            // Deviations of the nan positions are zeroed (they were 0 - mean).
            let isnan = call("isnan", &[Arg::from(self)], None)?;
            let keep = call("logical_not", &[Arg::from(&isnan)], None)?;
            let dev = crate::with_dtype!(dev.dtype(), T, {
                crate::ops::reduce::methods::masked::<T>(&dev, &keep, T::default())?
            });
            let sqr = if dev.dtype().is_complex() {
                abs2(&dev)?
            } else {
                call("multiply", &[Arg::from(&dev), Arg::from(&dev)], None)?
            };
            // `np.sum(sqr, dtype, out=out)`: an `out=` takes part in the loop dtype, and the
            // division by the count then happens in (and is rounded to) the out's dtype.
            let var = reduce(
                ROp::Add,
                &sqr,
                &ReduceArgs {
                    initial: None,
                    ..args.clone()
                },
            )?;
            let cnt = if args.keepdims {
                cnt
            } else {
                not_nan_count(self, args, false)?
            };
            let dof = call("subtract", &[Arg::from(&cnt), Arg::from(ddof)], None)?;
            let q = divide_by_count(&var, &dof, None)?;
            // dof <= 0: nan, whatever the division gave.
            let bad = call("less_equal", &[Arg::from(&dof), Arg::from(0.0)], None)?;
            let good = call("logical_not", &[Arg::from(&bad)], None)?;
            let q = crate::with_dtype!(q.dtype(), T, {
                crate::ops::reduce::methods::masked::<T>(
                    &q,
                    &good,
                    T::from_hub(Hub::Float(f64::NAN)),
                )?
            });
            deliver("nanvar", q, args.out.as_ref())
        })
    }

    /// `np.nanstd(self, axis, dtype, out, ddof, keepdims, where)`: `sqrt(nanvar)`.
    pub fn nanstd(&self, args: &ReduceArgs, ddof: f64) -> Result<Tensor> {
        crate::fpe::call("nanstd", || {
            let v = self.nanvar(args, ddof)?;
            sqrt_back(&v, args)
        })
    }
}

/// `std = sqrt(var)` as `_std`/`nanstd` take it: an array result (an `out=`, or a result with
/// dimensions) is `sqrt(ret, out=ret)`, so a bool/int variance refuses sqrt's float output
/// (same_kind); a scalar result is `ret.dtype.type(sqrt(ret))`, an unsafe cast back.
fn sqrt_back(v: &Tensor, args: &ReduceArgs) -> Result<Tensor> {
    if let Some(o) = args.out.as_ref() {
        return call("sqrt", &[Arg::from(v)], Some(o));
    }
    let r = call("sqrt", &[Arg::from(v)], None)?;
    if r.dtype() == v.dtype() {
        return Ok(r);
    }
    if v.ndim() > 0 {
        // The same refusal as sqrt(ret, out=ret), without writing into `v`.
        let scratch = Tensor::zeros(v.shape(), v.dtype())?;
        return call("sqrt", &[Arg::from(v)], Some(&scratch));
    }
    as_dtype(&r, v.dtype())
}

/// Non-nan elements per output (int64), honouring `where=`.
fn not_nan_count(a: &Tensor, args: &ReduceArgs, keepdims: bool) -> Result<Tensor> {
    let isnan = call("isnan", &[Arg::from(a)], None)?;
    let keep = call("logical_not", &[Arg::from(&isnan)], None)?;
    reduce(
        ROp::Add,
        &keep,
        &ReduceArgs {
            axis: args.axis.clone(),
            keepdims,
            dtype: Some(DType::I64),
            where_: args.where_.clone(),
            ..ReduceArgs::default()
        },
    )
}
