//! `np.argmax` / `np.argmin` and their nan variants: the first index of the extreme value;
//! nan counts as extreme (the first nan wins, as NumPy's loops stop at it); complex values
//! compare lexicographically, a nan in either part counting as nan.

use crate::backend::{backend, RedOp, Reduction};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::normalize_axis;
use crate::ops::reduce::axis::{Axis, ReduceArgs};
use crate::ops::reduce::driver::{deliver, host, reduce_runs, with_geometry, Reducer};
use crate::ops::reduce::methods::{reduce, ROp};
use crate::ops::reduce::scalar::{self as sc, BinOp, Scalar};
use crate::tensor::Tensor;
use std::marker::PhantomData;

/// Runs at least this long take the two-pass path (vectorised extreme, then a search).
const TWO_PASS: usize = 64;

/// The index reducer; `MAX` picks argmax, else argmin.
struct Arg<T, const MAX: bool>(PhantomData<T>);

impl<T: Scalar, const MAX: bool> Arg<T, MAX> {
    #[inline(always)]
    fn better(x: T, best: T) -> bool {
        if MAX {
            T::gt(x, best)
        } else {
            T::lt(x, best)
        }
    }
}

impl<T: Scalar, const MAX: bool> Reducer<T> for Arg<T, MAX> {
    type Acc = i64;
    fn run(&self, d: &[T], base: isize, k: usize, s: isize) -> i64 {
        if s == 1 && k >= TWO_PASS {
            // The extreme (nan-propagating) by a vectorised fold, then its first position:
            // equal values (+0/-0 included) are interchangeable, so this is the first extreme.
            let x = &d[base as usize..base as usize + k];
            let m = fold::<T>(x, MAX);
            let pos = if m.is_nan() {
                x.iter().position(|v| v.is_nan())
            } else {
                x.iter().position(|&v| v == m)
            };
            return pos.unwrap_or(0) as i64;
        }
        let at = |i: usize| d[(base + i as isize * s) as usize];
        let mut best = at(0);
        let mut idx = 0;
        if best.is_nan() {
            return 0;
        }
        for i in 1..k {
            let x = at(i);
            if x.is_nan() {
                return i as i64;
            }
            if Self::better(x, best) {
                best = x;
                idx = i;
            }
        }
        idx as i64
    }
}

/// The nan-propagating extreme of a non-empty slice.
fn fold<T: Scalar>(x: &[T], max: bool) -> T {
    fn go<T: Scalar, F: BinOp>(x: &[T]) -> T {
        let f = crate::ops::reduce::fold::Fold::<T, F>::new(None);
        f.run(x, 0, x.len(), 1)
    }
    crate::fpe::quiet(|| {
        if max {
            go::<T, sc::Max>(x)
        } else {
            go::<T, sc::Min>(x)
        }
    })
}

/// `np.argmax`/`np.argmin(a, axis, out, keepdims)`.
fn arg_ext(
    op: &'static str,
    max: bool,
    a: &Tensor,
    axis: Option<isize>,
    keepdims: bool,
    out: Option<&Tensor>,
) -> Result<Tensor> {
    let nd = a.ndim();
    // axis=None flattens; a 0-d input counts as 1-d.
    let flat = if axis.is_none() || nd == 0 {
        a.reshape(&[-1])?
    } else {
        a.clone()
    };
    let ax = normalize_axis(op, axis.unwrap_or(0), flat.ndim())?;
    if flat.shape()[ax] == 0 {
        return Err(Error::Value {
            op,
            msg: format!("attempt to get {op} of an empty sequence"),
        });
    }
    let mask: Vec<bool> = (0..flat.ndim()).map(|i| i == ax).collect();
    let shape: Vec<usize> = match (axis, keepdims) {
        (None, true) => vec![1; nd],
        (None, false) => vec![],
        (Some(_), _) if nd == 0 => vec![],
        (Some(_), k) => crate::ops::reduce::axis::reduced_shape(flat.shape(), &mask, k),
    };
    if let Some(o) = out {
        if o.shape() != shape.as_slice() {
            return Err(Error::Value {
                op,
                msg: format!("output array does not match result of np.{op}."),
            });
        }
        let to = INDEX_DTYPE;
        if !crate::promotion::can_cast(o.dtype(), to, crate::promotion::Casting::Safe) {
            return Err(Error::Type {
                op,
                msg: format!(
                    "Cannot cast array data from dtype('{}') to dtype('{to}') according to the rule 'safe'",
                    o.dtype()
                ),
            });
        }
    }
    let r = backend(flat.device()).reduce(&Reduction {
        name: op,
        op: if max { RedOp::ArgMax } else { RedOp::ArgMin },
        x: &flat,
        mask: &mask,
        shape: &shape,
        start: None,
        via: None,
        cpu: cpu_arg,
    })?;
    deliver(op, r, out)
}

/// The host implementation of argmax/argmin (the CPU device runs it).
fn cpu_arg(r: &Reduction<'_>) -> Result<Tensor> {
    let max = r.op == RedOp::ArgMax;
    let v = crate::with_dtype!(r.x.dtype(), T, {
        with_geometry::<T, _>(r.x, r.mask, |d, g| {
            crate::fpe::quiet(|| {
                if max {
                    reduce_runs(d, g, &Arg::<T, true>(PhantomData), 0)
                } else {
                    reduce_runs(d, g, &Arg::<T, false>(PhantomData), 0)
                }
            })
        })?
    });
    Tensor::from_vec(v, r.shape)
}

/// `nanargmax`/`nanargmin`: nan replaced by the opposite infinity; an all-nan slice is a
/// ValueError.
fn nan_arg_ext(
    op: &'static str,
    max: bool,
    a: &Tensor,
    axis: Option<isize>,
    keepdims: bool,
    out: Option<&Tensor>,
) -> Result<Tensor> {
    host(op, a)?;
    if !a.dtype().is_inexact() {
        return arg_ext(&op[3..], max, a, axis, keepdims, out);
    }
    let isnan = crate::ops::methods::call("isnan", &[a.into()], None)?;
    if isnan.numel() > 0 {
        let all = reduce(ROp::LAnd, &isnan, &ReduceArgs::axis(Axis::from(axis)))?;
        let any = reduce(ROp::LOr, &all, &ReduceArgs::default())?;
        if any.to_vec::<bool>()?[0] {
            return Err(Error::Value {
                op,
                msg: "All-NaN slice encountered".into(),
            });
        }
    }
    let fill = if max {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    };
    let b = crate::ops::reduce::nan::replace_nan(a, fill)?;
    arg_ext(&op[3..], max, &b, axis, keepdims, out)
}

impl Tensor {
    /// `np.argmax(self, axis, out, keepdims)`: int64 indices (out= may be any integer dtype).
    pub fn argmax(
        &self,
        axis: Option<isize>,
        keepdims: bool,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("argmax", || {
            arg_ext("argmax", true, self, axis, keepdims, out)
        })
    }

    /// `np.argmin(self, axis, out, keepdims)`.
    pub fn argmin(
        &self,
        axis: Option<isize>,
        keepdims: bool,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("argmin", || {
            arg_ext("argmin", false, self, axis, keepdims, out)
        })
    }

    /// `np.nanargmax(self, axis, out, keepdims)`.
    pub fn nanargmax(
        &self,
        axis: Option<isize>,
        keepdims: bool,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("nanargmax", || {
            nan_arg_ext("nanargmax", true, self, axis, keepdims, out)
        })
    }

    /// `np.nanargmin(self, axis, out, keepdims)`.
    pub fn nanargmin(
        &self,
        axis: Option<isize>,
        keepdims: bool,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("nanargmin", || {
            nan_arg_ext("nanargmin", false, self, axis, keepdims, out)
        })
    }
}

/// The index dtype of `argmax` results.
pub const INDEX_DTYPE: DType = DType::I64;
