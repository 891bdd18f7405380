//! Cumulative reductions: `ufunc.accumulate` and `np.cumsum`/`cumprod`/`nancumsum`/`nancumprod`.
//!
//! Each output is the ufunc's elementwise op applied step by step in logical order,
//! `y[i] = f(y[i-1], x[i])`, in the loop dtype (float16 rounds at every step, as NumPy's half
//! loops do). The scan runs on a C-ordered copy: along the last axis it is one sequential line
//! per output row, along any other axis whole rows are combined at once (contiguous and
//! vectorisable), and independent outer blocks run on rayon — the same steps in the same order
//! whatever the input strides.

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::normalize_axis;
use crate::ops::reduce::driver::{as_dtype, deliver, host};
use crate::ops::reduce::methods::ROp;
use crate::ops::reduce::scalar::{self as sc, BinOp, Scalar};
use crate::tensor::Tensor;
use rayon::prelude::*;

/// Scans `v` (C order, `outer × n × inner`) in place along the middle axis.
fn scan<T: Scalar, F: BinOp>(v: &mut [T], n: usize, inner: usize) {
    let block = n * inner;
    if block == 0 {
        return;
    }
    let line = |b: &mut [T]| {
        if inner == 1 {
            for i in 1..n {
                b[i] = F::fold(b[i - 1], b[i]);
            }
        } else {
            for i in 1..n {
                let (prev, cur) = b[(i - 1) * inner..(i + 1) * inner].split_at_mut(inner);
                for (c, &p) in cur.iter_mut().zip(prev.iter()) {
                    *c = F::f(p, *c);
                }
            }
        }
    };
    if v.len() >= crate::cpu::PAR_THRESHOLD && v.len() > block {
        // Each worker's floating-point flags are collected for the calling thread's call.
        let flags = crate::fpe::Shared::default();
        v.par_chunks_mut(block)
            .for_each(|c| flags.add(crate::fpe::collect(|| line(c))));
        crate::fpe::raise(flags.get());
    } else {
        v.chunks_mut(block).for_each(line);
    }
}

/// `np.<op>.accumulate(a, axis, dtype, out)`; `axis=None` flattens first (as `np.cumsum`).
pub(crate) fn accumulate(
    op: ROp,
    a: &Tensor,
    axis: Option<isize>,
    dtype: Option<DType>,
    out: Option<&Tensor>,
) -> Result<Tensor> {
    let name = op.name();
    host(name, a)?;
    if let Some(o) = out {
        host(name, o)?;
    }
    // `np.cumsum` flattens for axis=None and treats a 0-d input as 1-d.
    let a = if axis.is_none() || a.ndim() == 0 {
        a.reshape(&[-1])?
    } else {
        a.clone()
    };
    // The axis is checked before the loop is looked up, as NumPy does
    // (`np.logical_or.accumulate(int32[0], dtype=complex128, axis=1)` is an AxisError).
    let ax = normalize_axis(name, axis.unwrap_or(0), a.ndim())?;
    let lp = op.loop_dtype(a.dtype(), dtype, out.map(|o| o.dtype()))?;
    if let Some(o) = out {
        if o.shape() != a.shape() {
            return Err(Error::Value {
                op: name,
                msg: "provided out is the wrong size for the accumulation.".into(),
            });
        }
    }
    let shape = a.shape().to_vec();
    let (n, inner) = (shape[ax], shape[ax + 1..].iter().product::<usize>());
    let x = as_dtype(&a, lp)?;
    let result = crate::with_dtype!(lp, T, {
        let mut v: Vec<T> = x.to_vec()?;
        match op {
            ROp::Add => scan::<T, sc::Add>(&mut v, n, inner),
            // One step per line is one element per loop call in NumPy, which its SIMD loop
            // takes (the FMA complex product); longer lines run the scalar loop.
            ROp::Mul if n == 2 => scan::<T, sc::MulSimd>(&mut v, n, inner),
            ROp::Mul => scan::<T, sc::Mul>(&mut v, n, inner),
            ROp::Max => crate::fpe::quiet(|| scan::<T, sc::Max>(&mut v, n, inner)),
            ROp::Min => crate::fpe::quiet(|| scan::<T, sc::Min>(&mut v, n, inner)),
            ROp::FMax => crate::fpe::quiet(|| scan::<T, sc::FMax>(&mut v, n, inner)),
            ROp::FMin => crate::fpe::quiet(|| scan::<T, sc::FMin>(&mut v, n, inner)),
            ROp::LAnd | ROp::BAnd => scan::<T, sc::BitAnd>(&mut v, n, inner),
            ROp::LOr | ROp::BOr => scan::<T, sc::BitOr>(&mut v, n, inner),
            ROp::LXor | ROp::BXor => scan::<T, sc::BitXor>(&mut v, n, inner),
        }
        Tensor::from_vec(v, &shape)?
    });
    deliver(name, result, out)
}

/// `np.ufunc.accumulate` refuses a 0-d input ("cannot accumulate on a scalar").
pub(crate) fn ufunc_accumulate(
    op: ROp,
    a: &Tensor,
    axis: isize,
    dtype: Option<DType>,
    out: Option<&Tensor>,
) -> Result<Tensor> {
    if a.ndim() == 0 {
        // The axis is checked first (axis=1 of a 0-d input is an AxisError).
        if axis != 0 && axis != -1 {
            normalize_axis(op.name(), axis, 0)?;
        }
        return Err(Error::Type {
            op: op.name(),
            msg: "cannot accumulate on a scalar".into(),
        });
    }
    accumulate(op, a, Some(axis), dtype, out)
}

impl Tensor {
    /// `np.cumsum(self, axis, dtype, out)`: small integers and bool accumulate in
    /// int64/uint64; axis=None flattens.
    pub fn cumsum(
        &self,
        axis: Option<isize>,
        dtype: Option<DType>,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("cumsum", || accumulate(ROp::Add, self, axis, dtype, out))
    }

    /// `np.cumprod(self, axis, dtype, out)`.
    pub fn cumprod(
        &self,
        axis: Option<isize>,
        dtype: Option<DType>,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("cumprod", || accumulate(ROp::Mul, self, axis, dtype, out))
    }

    /// `np.nancumsum(self, axis, dtype, out)`: nan counts as 0.
    pub fn nancumsum(
        &self,
        axis: Option<isize>,
        dtype: Option<DType>,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("nancumsum", || {
            let a = crate::ops::reduce::nan::replace_nan(self, 0.0)?;
            accumulate(ROp::Add, &a, axis, dtype, out)
        })
    }

    /// `np.nancumprod(self, axis, dtype, out)`: nan counts as 1.
    pub fn nancumprod(
        &self,
        axis: Option<isize>,
        dtype: Option<DType>,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("nancumprod", || {
            let a = crate::ops::reduce::nan::replace_nan(self, 1.0)?;
            accumulate(ROp::Mul, &a, axis, dtype, out)
        })
    }
}
