//! Per-slice order statistics for `median` / `quantile`: the reduced axes of the input gathered
//! into contiguous slices, partial selection (`select_nth_unstable_by`, NaN ordered last) of the
//! few order statistics each slice needs, and rayon over slices.
//!
//! Every slice is computed by the same sequential code whatever the thread count or the input
//! layout, so results are bit-identical across both.

use crate::dtype::DType;
use crate::element::{bf16_from_f64, f16_from_f64, Element};
use crate::error::{Error, Result};
use crate::tensor::Tensor;
use half::{bf16, f16};
use rayon::prelude::*;
use std::cmp::Ordering;

/// A real element type that order statistics are taken of.
pub(crate) trait Sel: Element {
    /// True for a NaN (never for bool and integers).
    fn is_nan_(self) -> bool;
    /// Total order with every NaN after every number (NumPy's sort order).
    fn cmp_(&self, other: &Self) -> Ordering;
    /// The value as float64 (exact for every type but 64-bit integers beyond 2^53, where
    /// NumPy's own int -> float64 cast rounds the same way).
    fn to_f64_(self) -> f64;
    /// NumPy's `subtract` in this dtype: wrapping for integers (`np.quantile` interpolates
    /// integer inputs through an integer `b - a`, overflow included), one rounding for floats.
    fn sub_(self, other: Self) -> Self;
    /// Whether [`Sel::sub_`] wrapped (an integer `b - a` outside the dtype), which NumPy's
    /// scalar arithmetic reports as overflow.
    fn sub_wraps(self, _other: Self) -> bool {
        false
    }
}

macro_rules! int_sel {
    ($($t:ty),*) => {$(
        impl Sel for $t {
            fn is_nan_(self) -> bool { false }
            fn cmp_(&self, other: &Self) -> Ordering { self.cmp(other) }
            fn to_f64_(self) -> f64 { self as f64 }
            fn sub_(self, other: Self) -> Self { self.wrapping_sub(other) }
            fn sub_wraps(self, other: Self) -> bool { self.checked_sub(other).is_none() }
        }
    )*};
}
int_sel!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Sel for bool {
    fn is_nan_(self) -> bool {
        false
    }
    fn cmp_(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
    fn to_f64_(self) -> f64 {
        self as u8 as f64
    }
    fn sub_(self, other: Self) -> Self {
        // Never reached: NumPy refuses boolean subtract and so do the callers.
        self ^ other
    }
}

macro_rules! float_sel {
    ($t:ty, $to:expr, $from:expr) => {
        impl Sel for $t {
            fn is_nan_(self) -> bool {
                self.is_nan()
            }
            fn cmp_(&self, other: &Self) -> Ordering {
                let (a, b): (f64, f64) = (($to)(*self), ($to)(*other));
                match (a.is_nan(), b.is_nan()) {
                    (false, false) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
                    (false, true) => Ordering::Less,
                    (true, false) => Ordering::Greater,
                    (true, true) => Ordering::Equal,
                }
            }
            fn to_f64_(self) -> f64 {
                ($to)(self)
            }
            fn sub_(self, other: Self) -> Self {
                // The f64 difference of two values of these formats is exact or rounds
                // innocuously (53 >= 2p + 2), so one rounding here equals NumPy's loop.
                ($from)(($to)(self) - ($to)(other))
            }
        }
    };
}
float_sel!(f16, |x: f16| x.to_f64(), f16_from_f64);
float_sel!(bf16, |x: bf16| x.to_f64(), bf16_from_f64);
float_sel!(f32, |x: f32| x as f64, |x: f64| x as f32);
float_sel!(f64, |x: f64| x, |x: f64| x);

/// Runs `$body` with `$T` bound to the element type of the real (non-complex) `$dtype`;
/// `$complex` is evaluated for complex dtypes.
macro_rules! with_real {
    ($dtype:expr, $T:ident, $body:expr, $complex:expr) => {{
        use $crate::dtype::DType as __D;
        match $dtype {
            __D::Bool => {
                type $T = bool;
                $body
            }
            __D::I8 => {
                type $T = i8;
                $body
            }
            __D::U8 => {
                type $T = u8;
                $body
            }
            __D::I16 => {
                type $T = i16;
                $body
            }
            __D::U16 => {
                type $T = u16;
                $body
            }
            __D::I32 => {
                type $T = i32;
                $body
            }
            __D::U32 => {
                type $T = u32;
                $body
            }
            __D::I64 => {
                type $T = i64;
                $body
            }
            __D::U64 => {
                type $T = u64;
                $body
            }
            __D::F16 => {
                type $T = half::f16;
                $body
            }
            __D::BF16 => {
                type $T = half::bf16;
                $body
            }
            __D::F32 => {
                type $T = f32;
                $body
            }
            __D::F64 => {
                type $T = f64;
                $body
            }
            __D::C64 | __D::C128 => $complex,
        }
    }};
}
pub(crate) use with_real;

/// Rounds `x` once to the float dtype `d` (identity for float64), as NumPy's result of one
/// arithmetic op in `d`. float16/bfloat16 ops run in float32 in NumPy and are rounded to 16
/// bits after each op; rounding the exact (or float64) value once gives the same bits because
/// float32 and float64 are both wide enough (p' >= 2p + 2) for double rounding to be innocuous.
pub(crate) fn round_to(d: DType, x: f64) -> f64 {
    match d {
        DType::F16 => f16_from_f64(x).to_f64(),
        DType::BF16 => bf16_from_f64(x).to_f64(),
        // Inside its arm (`black_box`): LLVM would otherwise narrow speculatively and select,
        // raising float32 overflow for the float64 arm.
        DType::F32 => std::hint::black_box(x) as f32 as f64,
        _ => x,
    }
}

/// The host tensor's elements along the reduced axes gathered into `outer` contiguous slices of
/// `n` elements each (C order of the kept axes, then C order of the reduced axes), the way
/// NumPy's `_ureduce` moves and merges the reduced axes.
pub(crate) fn gather_slices<T: Element>(x: &Tensor, mask: &[bool]) -> Result<(Vec<T>, usize)> {
    let kept: Vec<usize> = (0..x.ndim()).filter(|&i| !mask[i]).collect();
    let mut perm = kept.clone();
    perm.extend((0..x.ndim()).filter(|&i| mask[i]));
    let n: usize = (0..x.ndim())
        .filter(|&i| mask[i])
        .map(|i| x.shape()[i])
        .product();
    let p = x.permute(Some(&perm))?;
    let s = p.storage()?;
    Ok((crate::cpu::gather(T::slice(&s), p.layout())?, n))
}

/// A CUDA input is refused cleanly: these reductions only run on the host.
pub(crate) fn host_only(op: &'static str, xs: &[&Tensor]) -> Result<()> {
    match xs
        .iter()
        .find(|t| t.device() != crate::storage::Device::Cpu)
    {
        None => Ok(()),
        Some(t) => Err(Error::Unsupported {
            op,
            msg: format!("{op} runs on the host only; the input is on {}", t.device()),
        }),
    }
}

/// Puts the elements of order `ks` (sorted, distinct, each `< v.len()`) at their sorted
/// positions, every smaller element before and every larger one after: a multi-`kth`
/// `np.partition` in O(n log |ks|).
pub(crate) fn select_many<T: Sel>(v: &mut [T], ks: &[usize]) {
    if ks.is_empty() || v.len() <= 1 {
        return;
    }
    let m = ks.len() / 2;
    let k = ks[m];
    v.select_nth_unstable_by(k, T::cmp_);
    let (lo, hi) = v.split_at_mut(k);
    select_many(lo, &ks[..m]);
    let rest: Vec<usize> = ks[m + 1..].iter().map(|&j| j - k - 1).collect();
    select_many(&mut hi[1..], &rest);
}

/// Moves the NaNs of `v` to its end and returns how many numbers precede them.
pub(crate) fn drop_nans<T: Sel>(v: &mut [T]) -> usize {
    let mut w = 0;
    for r in 0..v.len() {
        if !v[r].is_nan_() {
            v.swap(w, r);
            w += 1;
        }
    }
    w
}

/// Slices below this many elements in all are processed on the calling thread.
const PAR_MIN: usize = 1 << 15;

/// Runs `f(slice, index, results)` over the `data.len() / n` slices of `data`, each writing `k`
/// results, in parallel when the work is large; returns the results slice-major.
pub(crate) fn per_slice<T: Sel, O: Element>(
    data: &mut [T],
    n: usize,
    outer: usize,
    k: usize,
    f: impl Fn(&mut [T], usize, &mut [O]) + Sync,
) -> Vec<O> {
    let mut out = vec![O::default(); outer * k];
    if k == 0 || outer == 0 {
        return out;
    }
    if n == 0 {
        out.chunks_mut(k)
            .enumerate()
            .for_each(|(i, o)| f(&mut [], i, o));
        return out;
    }
    if data.len() < PAR_MIN || outer == 1 {
        data.chunks_mut(n)
            .zip(out.chunks_mut(k))
            .enumerate()
            .for_each(|(i, (s, o))| f(s, i, o));
    } else {
        // Each worker's floating-point flags are collected for the calling thread's call.
        let flags = crate::fpe::Shared::default();
        data.par_chunks_mut(n)
            .zip(out.par_chunks_mut(k))
            .enumerate()
            .for_each(|(i, (s, o))| flags.add(crate::fpe::collect(|| f(s, i, o))));
        crate::fpe::raise(flags.get());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn select_many_places_order_statistics() {
        let mut v: Vec<f64> = vec![5.0, f64::NAN, 1.0, 4.0, 2.0, 3.0, 0.0];
        select_many(&mut v, &[0, 3, 6]);
        assert_eq!(v[0], 0.0);
        assert_eq!(v[3], 3.0);
        assert!(v[6].is_nan());
        let mut w: Vec<i32> = (0..100).rev().collect();
        select_many(&mut w, &[10, 11, 50, 99]);
        assert_eq!((w[10], w[11], w[50], w[99]), (10, 11, 50, 99));
    }
}
