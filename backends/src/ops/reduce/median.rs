//! `np.median` and `np.nanmedian`: the middle one or two order statistics of each slice, and
//! NumPy's way of averaging the two.
//!
//! `np.median` averages with `np.mean` (so integers and bools give float64 and float16
//! accumulates in float32); `np.nanmedian` along an axis of a multi-dimensional input with
//! fewer than 600 elements per slice goes through `np.ma.median`, which adds and halves in the
//! input dtype (float16 `[65504, 65504]` gives `inf` there and `65504` through `np.median`).

use super::axis::{reduced_shape, Axis};
use super::quantile::finish_unsafe;
use super::select::{drop_nans, gather_slices, host_only, per_slice, round_to, select_many, Sel};
use crate::dtype::DType;
use crate::element::Cf64;
use crate::error::{Error, Result};
use crate::ops::astype::cast_unchecked;
use crate::promotion::{can_cast, Casting};
use crate::tensor::Tensor;
use std::cmp::Ordering;

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
fn sum_of(md: DType, vals: &[f64]) -> (f64, f64) {
    let acc = match md {
        DType::F16 | DType::BF16 => DType::F32,
        d => d,
    };
    let r = |x: f64| round_to(acc, x);
    (vals.iter().fold(0.0, |s, &v| r(s + v)), vals.len() as f64)
}

/// The median of one slice (NaNs already handled) as `(sum, count)` of its middle values,
/// the sum in the accumulation dtype.
fn middle<T: Sel>(s: &mut [T], md: DType, avg: Average) -> (f64, f64) {
    let m = s.len();
    let (lo, hi) = if m % 2 == 1 {
        (m / 2, m / 2)
    } else {
        (m / 2 - 1, m / 2)
    };
    select_many(s, &if lo == hi { vec![lo] } else { vec![lo, hi] });
    let (a, b) = (s[lo].to_f64_(), s[hi].to_f64_());
    match avg {
        Average::Mean if lo == hi => sum_of(md, &[a]),
        Average::Mean => sum_of(md, &[a, b]),
        Average::Masked => {
            // `np.ma.sum` (also from 0.0) then `/ 2.` in the result dtype.
            let r = |x: f64| round_to(md, x);
            (r(r(0.0 + a) + b), 2.0)
        }
    }
}

/// NumPy's nan-median and nan-quantiles return `np.nanmean(a, out=out)` for an empty `a`,
/// which refuses an `out=` that is not inexact for an inexact `a` (TypeError), before any
/// axis is looked at.
pub(crate) fn nan_empty_out_check(
    op: &'static str,
    x: &Tensor,
    out: Option<&Tensor>,
) -> Result<()> {
    if x.numel() == 0 && x.dtype().is_inexact() && out.is_some_and(|o| !o.dtype().is_inexact()) {
        return Err(Error::Type {
            op,
            msg: "If a is inexact, then out must be inexact".into(),
        });
    }
    Ok(())
}

/// Writes a median into `out=`. `np.median` computes it into out (its shape checked first),
/// then runs `_median_nancheck`, which copies the
/// NaN of any slice holding one into out with `np.copyto` (casting `same_kind`): with a NaN
/// in the data, an out= the data's dtype does not cast to under `same_kind` is a TypeError.
fn finish_median(
    op: &'static str,
    x: &Tensor,
    r: Tensor,
    out: Option<&Tensor>,
    skip_nan: bool,
) -> Result<Tensor> {
    if let Some(o) = out.filter(|_| !skip_nan && x.dtype().is_inexact()) {
        // NumPy's mean into out= (which checks out's shape) runs before the NaN check.
        super::quantile::check_fits(op, r.shape(), o, false)?;
        if !can_cast(x.dtype(), o.dtype(), Casting::SameKind) && has_nan(x)? {
            return Err(Error::Cast {
                op,
                from: x.dtype(),
                to: o.dtype(),
                casting: "same_kind",
            });
        }
    }
    finish_unsafe(op, r, out, skip_nan && x.numel() > 0)
}

/// Whether any element of `x` is NaN.
fn has_nan(x: &Tensor) -> Result<bool> {
    let n = crate::ops::methods::call("isnan", &[crate::ops::ufunc::Arg::from(x)], None)?;
    Ok(n.to_vec::<bool>()?.into_iter().any(|b| b))
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
    if skip_nan {
        nan_empty_out_check(op, x, out)?;
    }
    if x.dtype() == DType::BF16 {
        // Computed as its float32 widening, rounded once; a wider `out=` takes the float32 result.
        let x32 = cast_unchecked(x, DType::F32)?;
        if out.is_some_and(|o| o.dtype() != DType::BF16) {
            return median_impl(op, &x32, axis, keepdims, out, skip_nan);
        }
        let r = median_impl(op, &x32, axis, keepdims, None, skip_nan)?;
        return finish_unsafe(
            op,
            cast_unchecked(&r, DType::BF16)?,
            out,
            skip_nan && x.numel() > 0,
        );
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
    if !skip_nan || x.numel() > 0 {
        ureduce_reshape_check(x.shape(), &mask, axis)?;
    }
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
    if x.dtype().is_complex() {
        // `np.mean(..., out=out)` into a real out= lands the complex sum there (cast: its real
        // part, or for bool its truth) before dividing in out's dtype.
        let real_out = out
            .map(|o| o.dtype())
            .filter(|d| !d.is_complex() && !skip_nan);
        let rule = MiddleRule {
            avg,
            skip_nan,
            real_out,
        };
        // `np.mean(..., out=out)` into a complex out= sums there and divides there: in out's
        // precision (a complex128 value beyond complex64's range is inf, and inf + 0j divided
        // by the count is inf + nanj, as NumPy's complex division gives).
        let work = out
            .map(|o| o.dtype())
            .filter(|d| d.is_complex() && !skip_nan)
            .unwrap_or(x.dtype());
        let r = complex_median(x, &mask, n, outer, &shape, rule, work)?;
        return finish_median(op, x, r, out, skip_nan);
    }
    let (sums, held_nan) = real_middles(x, &mask, n, outer, md, avg, skip_nan)?;
    // An out= of another dtype, or of float16 itself: NumPy's mean of float16 sums in float32
    // *into out=* (rounding, or overflowing, to float16 there) before it divides.
    let od = out
        .map(|o| o.dtype())
        .filter(|&d| d != md || md == DType::F16);
    let acc = match md {
        DType::F16 | DType::BF16 => DType::F32,
        d => d,
    };
    let vals: Vec<f64> = match od {
        // `np.mean(..., out=out)`: the sum lands in `out` (any cast), then
        // `true_divide(out, count, out=out, casting='unsafe')`.
        Some(od) if !skip_nan && od.is_complex() => {
            let mut c = complex_divided(&sums, od)?;
            nan_check_complex(&mut c, &held_nan);
            let r = Tensor::from_vec(c, &shape)?;
            return finish_median(op, x, cast_unchecked(&r, od)?, out, skip_nan);
        }
        Some(od) if !skip_nan => {
            let s = Tensor::from_vec(sums.iter().step_by(2).copied().collect(), &[outer])?;
            let s = cast_unchecked(&cast_unchecked(&s, od)?, DType::F64)?.to_vec::<f64>()?;
            let fd = if od.is_float() { od } else { DType::F64 };
            s.iter()
                .zip(sums.iter().skip(1).step_by(2))
                .map(|(&v, &c)| round_to(fd, v / c))
                .collect()
        }
        _ => sums
            .chunks(2)
            .map(|p| match avg {
                Average::Mean => round_to(md, round_to(acc, p[0] / p[1])),
                Average::Masked => round_to(md, p[0] / p[1]),
            })
            .collect(),
    };
    let vd = match od {
        Some(od) if !skip_nan => od,
        _ => md,
    };
    let r = cast_unchecked(&Tensor::from_vec(vals, &shape)?, vd)?;
    finish_median(op, x, r, out, skip_nan)
}

/// `(sum, count)` of the middle values of each slice of a real input, flattened in pairs,
/// and whether each slice held a NaN (its sum then NaN; without `skip_nan` only).
fn real_middles(
    x: &Tensor,
    mask: &[bool],
    n: usize,
    outer: usize,
    md: DType,
    avg: Average,
    skip_nan: bool,
) -> Result<(Vec<f64>, Vec<bool>)> {
    if n == 0 {
        // The mean of an empty slice: 0 / 0.
        return Ok((vec![0.0; 2 * outer], vec![false; outer]));
    }
    // Per slice `(sum, count, held NaN)`.
    let recs: Vec<f64> = super::select::with_real!(
        x.dtype(),
        T,
        {
            let (mut data, _) = gather_slices::<T>(x, mask)?;
            per_slice(&mut data, n, outer, 3, |s: &mut [T], _, o: &mut [f64]| {
                let held = !skip_nan && s.iter().any(|v| v.is_nan_());
                let m = if skip_nan {
                    drop_nans(s)
                } else if held {
                    0
                } else {
                    s.len()
                };
                let (sum, cnt) = if m == 0 {
                    (f64::NAN, 1.0)
                } else {
                    middle(&mut s[..m], md, avg)
                };
                o[0] = sum;
                o[1] = cnt;
                o[2] = if held { 1.0 } else { 0.0 };
            })
        },
        unreachable!("complex input handled above")
    );
    let sums = recs.chunks(3).flat_map(|r| [r[0], r[1]]).collect();
    let held = recs.chunks(3).map(|r| r[2] != 0.0).collect();
    Ok((sums, held))
}

/// NumPy's `_median_nancheck` after the mean into a complex `out=`: a slice that held a NaN
/// gets that (real) NaN copied over its quotient, `nan+0j`, where the division alone gave
/// `nan+nanj` (an infinite or `inf - inf` sum keeps the quotient: no NaN in the data).
fn nan_check_complex(vals: &mut [Cf64], held_nan: &[bool]) {
    for (v, _) in vals.iter_mut().zip(held_nan).filter(|(_, &h)| h) {
        *v = Cf64::new(f64::NAN, 0.0);
    }
}

/// The real `(sum, count)` pairs of a median divided into a complex `out=` of dtype `od` as
/// NumPy's complex `true_divide` loop divides `sum + 0j` by `count + 0j` (Smith's method):
/// the real part is `sum * (1 / count)` and the imaginary part `(0 - sum * 0) / count`, NaN
/// where the sum is infinite or NaN (`np.median([inf], out=complex_out)` is `inf+nanj`).
fn complex_divided(sums: &[f64], od: DType) -> Result<Vec<Cf64>> {
    let part = od.to_real();
    let s = Tensor::from_vec(sums.iter().step_by(2).copied().collect(), &[sums.len() / 2])?;
    // The sum as it lands in out= (rounded to its real part's dtype).
    let s = cast_unchecked(&cast_unchecked(&s, part)?, DType::F64)?.to_vec::<f64>()?;
    Ok(s.iter()
        .zip(sums.iter().skip(1).step_by(2))
        .map(|(&v, &c)| {
            let scl = round_to(part, 1.0 / c);
            let re = round_to(part, v * scl);
            let im = round_to(part, (0.0 - v * 0.0) * scl);
            Cf64::new(re, im)
        })
        .collect())
}

/// `_ureduce` merges several reduced axes with `a.reshape(kept + (-1,))`, which NumPy cannot do
/// for an empty input whose kept axes hold no elements.
pub(crate) fn ureduce_reshape_check(shape: &[usize], mask: &[bool], axis: &Axis) -> Result<()> {
    let Axis::Many(v) = axis else { return Ok(()) };
    if v.len() < 2 {
        return Ok(());
    }
    let kept: Vec<usize> = (0..shape.len())
        .filter(|&i| !mask[i])
        .map(|i| shape[i])
        .collect();
    if kept.is_empty() || kept.iter().product::<usize>() != 0 {
        return Ok(());
    }
    let dims: Vec<String> = kept.iter().map(|d| d.to_string()).collect();
    Err(Error::Value {
        op: "reshape",
        msg: format!(
            "cannot reshape array of size 0 into shape ({},newaxis)",
            dims.join(",")
        ),
    })
}

/// NumPy's complex order: lexicographic, then `R + nanj`, `nan + Rj`, `nan + nanj`.
fn ccmp(a: &Cf64, b: &Cf64) -> Ordering {
    let class = |c: &Cf64| (c.re.is_nan() as u8) * 2 + c.im.is_nan() as u8;
    let f = |x: f64, y: f64| x.partial_cmp(&y).unwrap_or(Ordering::Equal);
    class(a)
        .cmp(&class(b))
        .then(f(a.re, b.re))
        .then(f(a.im, b.im))
}

/// The complex median: the mean of the middle one or two values in the input's complex dtype
/// (`(0 + a + b) / 2`, NumPy's complex division by a real count).
fn complex_median(
    x: &Tensor,
    mask: &[bool],
    n: usize,
    outer: usize,
    shape: &[usize],
    rule: MiddleRule,
    work: DType,
) -> Result<Tensor> {
    // The precision the middle values are summed and divided in (the input's, or a complex
    // out='s).
    let d = work;
    // The rounding to complex64's parts stays inside its branch (`black_box`): LLVM would
    // otherwise narrow every value speculatively and select, and a complex128 part beyond
    // float32's range would raise overflow that NumPy does not.
    let r = |v: f64| {
        if d == DType::C64 {
            std::hint::black_box(v) as f32 as f64
        } else {
            v
        }
    };
    let (data, _) = gather_slices::<Cf64>(&cast_unchecked(x, DType::C128)?, mask)?;
    let isnan = |c: &Cf64| c.re.is_nan() || c.im.is_nan();
    let mut vals = Vec::with_capacity(outer);
    for i in 0..outer {
        let s = if n == 0 {
            &[][..]
        } else {
            &data[i * n..(i + 1) * n]
        };
        vals.push(complex_middle(s, rule, &r, &isnan)?);
    }
    let t = Tensor::from_vec(vals, shape)?;
    cast_unchecked(&t, d)
}

/// How a complex slice's middle values become its median.
#[derive(Clone, Copy)]
struct MiddleRule {
    avg: Average,
    skip_nan: bool,
    /// A real `out=`: the sum lands there before the division.
    real_out: Option<DType>,
}

fn complex_middle(
    s: &[Cf64],
    rule: MiddleRule,
    r: &dyn Fn(f64) -> f64,
    isnan: &dyn Fn(&Cf64) -> bool,
) -> Result<Cf64> {
    let MiddleRule {
        avg,
        skip_nan,
        real_out,
    } = rule;
    let nan = Cf64::new(f64::NAN, 0.0);
    let mut v: Vec<Cf64> = if skip_nan {
        s.iter().copied().filter(|c| !isnan(c)).collect()
    } else {
        s.to_vec()
    };
    if v.is_empty() {
        // The mean of nothing: `0 / 0` in complex.
        return Ok(if s.is_empty() {
            Cf64::new(f64::NAN, f64::NAN)
        } else {
            nan
        });
    }
    v.sort_by(ccmp);
    if v.iter().any(isnan) {
        // `_median_nancheck` copies the slice's last value in sorted order.
        return Ok(v[v.len() - 1]);
    }
    let m = v.len();
    let mid: Vec<Cf64> = if m % 2 == 1 && avg == Average::Mean {
        vec![v[m / 2]]
    } else if m % 2 == 1 {
        vec![v[m / 2], v[m / 2]]
    } else {
        vec![v[m / 2 - 1], v[m / 2]]
    };
    let (mut sr, mut si) = (0.0, 0.0);
    for c in &mid {
        sr = r(sr + c.re);
        si = r(si + c.im);
    }
    if let Some(od) = real_out {
        // The sum cast into out's dtype (its real part; for a bool out, whether either part
        // is non-zero), divided there (an integer out= divides in float64; the final cast
        // truncates).
        let held = Tensor::from_vec(vec![Cf64::new(sr, si)], &[])?;
        let held = cast_unchecked(&cast_unchecked(&held, od)?, DType::F64)?.to_vec::<f64>()?[0];
        let fd = if od.is_float() { od } else { DType::F64 };
        return Ok(Cf64::new(round_to(fd, held / mid.len() as f64), 0.0));
    }
    // Smith's division by `count + 0j`: ratio 0, scale 1 / count.
    let scl = r(1.0 / mid.len() as f64);
    Ok(Cf64::new(
        r(r(sr + r(si * 0.0)) * scl),
        r(r(si - r(sr * 0.0)) * scl),
    ))
}

impl Tensor {
    /// `np.median(self, axis=, out=, keepdims=)`: float64 for bool and integer input, the
    /// input dtype for floats; NaN where a slice holds a NaN or is empty.
    pub fn median(&self, axis: &Axis, keepdims: bool, out: Option<&Tensor>) -> Result<Tensor> {
        crate::fpe::call("median", || {
            median_impl("median", self, axis, keepdims, out, false)
        })
    }

    /// `np.nanmedian(self, axis=, out=, keepdims=)`: NaNs ignored, NaN for an all-NaN slice.
    pub fn nanmedian(&self, axis: &Axis, keepdims: bool, out: Option<&Tensor>) -> Result<Tensor> {
        crate::fpe::call("nanmedian", || {
            median_impl("nanmedian", self, axis, keepdims, out, true)
        })
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

    #[test]
    fn median_into_complex_out_copies_a_real_nan() {
        // np.median(float32 [[1, nan], [inf, 2]], axis=1, out=complex128 [2]) -> [nan+0j,
        // inf+nanj]: the NaN check overwrites the quotient, an infinite sum keeps it.
        let x = Tensor::from_vec(vec![1.0f32, f32::NAN, f32::INFINITY, 2.0], &[2, 2]).unwrap();
        let out = Tensor::from_vec(vec![Cf64::new(0.0, 0.0); 2], &[2]).unwrap();
        let r = x.median(&Axis::One(1), false, Some(&out)).unwrap();
        let v = r.to_vec::<Cf64>().unwrap();
        assert!(v[0].re.is_nan() && v[0].im == 0.0);
        assert!(v[1].re == f64::INFINITY && v[1].im.is_nan());
    }
}
