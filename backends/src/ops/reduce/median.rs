//! `np.median` and `np.nanmedian`: the middle one or two order statistics of each slice, and
//! NumPy's way of averaging the two.
//!
//! `np.median` averages with `np.mean` (so integers and bools give float64 and float16
//! accumulates in float32); `np.nanmedian` along an axis of a multi-dimensional input with
//! fewer than 600 elements per slice goes through `np.ma.median`, which adds and halves in the
//! input dtype (float16 `[65504, 65504]` gives `inf` there and `65504` through `np.median`).

use super::axis::{reduced_shape, Axis};
use super::quantile::finish;
use super::select::{drop_nans, gather_slices, host_only, per_slice, round_to, select_many, Sel};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::astype::cast_unchecked;
use crate::tensor::Tensor;

/// The dtype `np.mean` returns for an input dtype: float64 for bool and integers.
pub(crate) fn mean_dtype(d: DType) -> DType {
    if d.is_inexact() {
        d
    } else {
        DType::F64
    }
}

/// How the two middle values become one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Average {
    /// `np.mean` of the middle one or two (float16/bfloat16 summed and divided in float32).
    Mean,
    /// `np.ma.median`: `(lo + hi) / 2` in the result dtype, `lo == hi` for an odd count.
    Masked,
}

/// `np.mean` of `vals` (one or two) in the mean dtype `md` of the input: NumPy's add-reduce
/// starts from `0.0` (so `-0.0` comes out `0.0`), then divides by the count; float16 and
/// bfloat16 accumulate and divide in float32.
fn mean_of(md: DType, vals: &[f64]) -> f64 {
    let acc = match md {
        DType::F16 | DType::BF16 => DType::F32,
        d => d,
    };
    let r = |x: f64| round_to(acc, x);
    let sum = vals.iter().fold(0.0, |s, &v| r(s + v));
    round_to(md, r(sum / vals.len() as f64))
}

/// The median of one slice (NaNs already handled), as float64 holding a value of `md`.
fn middle<T: Sel>(s: &mut [T], md: DType, avg: Average) -> f64 {
    let m = s.len();
    let (lo, hi) = if m % 2 == 1 {
        (m / 2, m / 2)
    } else {
        (m / 2 - 1, m / 2)
    };
    select_many(s, &if lo == hi { vec![lo] } else { vec![lo, hi] });
    let (a, b) = (s[lo].to_f64_(), s[hi].to_f64_());
    match avg {
        Average::Mean if lo == hi => mean_of(md, &[a]),
        Average::Mean => mean_of(md, &[a, b]),
        Average::Masked => {
            // `np.ma.sum` (also from 0.0) then `/ 2.` in the result dtype.
            let r = |x: f64| round_to(md, x);
            r(r(r(0.0 + a) + b) / 2.0)
        }
    }
}

fn median_impl(
    op: &'static str,
    x: &Tensor,
    axis: &Axis,
    keepdims: bool,
    out: Option<&Tensor>,
    skip_nan: bool,
) -> Result<Tensor> {
    let mut devs = vec![x];
    devs.extend(out);
    host_only(op, &devs)?;
    if x.dtype().is_complex() {
        return Err(Error::Unsupported {
            op,
            msg: "median of complex input (NumPy orders complex values lexicographically)".into(),
        });
    }
    if x.ndim() == 0 {
        // `normalize_axis_tuple` refuses any axis of a 0-d input.
        match axis {
            Axis::One(a) => {
                return Err(Error::Axis {
                    op,
                    axis: *a,
                    ndim: 0,
                })
            }
            Axis::Many(v) if !v.is_empty() => {
                return Err(Error::Axis {
                    op,
                    axis: v[0],
                    ndim: 0,
                })
            }
            _ => {}
        }
    }
    let mask = axis.mask(op, x.ndim())?;
    let shape = reduced_shape(x.shape(), &mask, keepdims);
    let md = mean_dtype(x.dtype());
    let nkeep = mask.iter().filter(|&&m| !m).count();
    let n: usize = (0..x.ndim())
        .filter(|&i| mask[i])
        .map(|i| x.shape()[i])
        .product();
    let outer = x.numel().checked_div(n).unwrap_or(shape.iter().product());
    // `_nanmedian` uses `np.ma.median` for small slices of a multi-dimensional input.
    let avg = if skip_nan && *axis != Axis::All && nkeep >= 1 && n < 600 {
        Average::Masked
    } else {
        Average::Mean
    };
    let vals: Vec<f64> = if n == 0 {
        // The mean of an empty slice.
        vec![f64::NAN; outer]
    } else {
        super::select::with_real!(
            x.dtype(),
            T,
            {
                let (mut data, _) = gather_slices::<T>(x, &mask)?;
                per_slice(&mut data, n, outer, 1, |s: &mut [T], _, o: &mut [f64]| {
                    let m = if skip_nan {
                        drop_nans(s)
                    } else if s.iter().any(|v| v.is_nan_()) {
                        0
                    } else {
                        s.len()
                    };
                    o[0] = if m == 0 {
                        f64::NAN
                    } else {
                        middle(&mut s[..m], md, avg)
                    };
                })
            },
            unreachable!("complex input refused above")
        )
    };
    let r = cast_unchecked(&Tensor::from_vec(vals, &shape)?, md)?;
    finish(op, r, out)
}

impl Tensor {
    /// `np.median(self, axis=, out=, keepdims=)`: float64 for bool and integer input, the
    /// input dtype for floats; NaN where a slice holds a NaN or is empty.
    pub fn median(&self, axis: &Axis, keepdims: bool, out: Option<&Tensor>) -> Result<Tensor> {
        median_impl("median", self, axis, keepdims, out, false)
    }

    /// `np.nanmedian(self, axis=, out=, keepdims=)`: NaNs ignored, NaN for an all-NaN slice.
    pub fn nanmedian(&self, axis: &Axis, keepdims: bool, out: Option<&Tensor>) -> Result<Tensor> {
        median_impl("nanmedian", self, axis, keepdims, out, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use half::f16;

    #[test]
    fn median_means_in_float64_for_integers() {
        // np.median(np.array([[1,4],[2,7]], np.int64), axis=0) -> array([1.5, 5.5])
        let x = Tensor::from_vec(vec![1i64, 4, 2, 7], &[2, 2]).unwrap();
        let r = x.median(&Axis::One(0), false, None).unwrap();
        assert_eq!(r.to_vec::<f64>().unwrap(), vec![1.5, 5.5]);
        // np.median(np.array([], np.float64)) -> nan
        let e = Tensor::from_vec(Vec::<f64>::new(), &[0]).unwrap();
        assert!(e
            .median(&Axis::All, false, None)
            .unwrap()
            .to_vec::<f64>()
            .unwrap()[0]
            .is_nan());
    }

    #[test]
    fn nanmedian_small_slices_add_in_the_input_dtype() {
        // np.nanmedian(np.array([[65504,65504]], np.float16), axis=1) -> [inf] (np.ma.median)
        // np.median(<same>, axis=1) -> [65504.]
        let x = Tensor::from_vec(vec![f16::from_f64(65504.0); 2], &[1, 2]).unwrap();
        let n = x.nanmedian(&Axis::One(1), false, None).unwrap();
        assert!(n.to_vec::<f16>().unwrap()[0].is_infinite());
        let m = x.median(&Axis::One(1), false, None).unwrap();
        assert_eq!(m.to_vec::<f16>().unwrap()[0].to_f64(), 65504.0);
    }
}
