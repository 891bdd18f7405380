//! `np.roll` over axes, and `numpy.fft`'s `fftshift`/`ifftshift`, which are rolls by half of
//! each axis.

use crate::error::{Error, Result};
use crate::layout::normalize_axis;
use crate::ops::astype::copy_into;
use crate::ops::view::Slice;
use crate::tensor::Tensor;

/// `x.shape[axis]` as Python indexes a shape tuple: negative from the end, out of range an
/// IndexError ("tuple index out of range").
fn shape_at(op: &'static str, x: &Tensor, axis: isize) -> Result<usize> {
    let nd = x.ndim() as isize;
    if axis < -nd || axis >= nd {
        return Err(Error::Index {
            op,
            index: axis,
            axis: 0,
            size: x.ndim(),
        });
    }
    Ok(x.shape()[if axis < 0 { axis + nd } else { axis } as usize])
}

/// A copy of `x` rolled by `shift` (any sign, any size) along one normalised `axis`.
fn roll_one(op: &'static str, x: &Tensor, shift: isize, axis: usize) -> Result<Tensor> {
    let n = x.shape()[axis] as isize;
    let out = Tensor::zeros(x.shape(), x.dtype())?.to_device(x.device())?;
    let k = if n == 0 { 0 } else { shift.rem_euclid(n) };
    let along = |s: Slice| {
        let mut v = vec![Slice::step(1); x.ndim()];
        v[axis] = s;
        v
    };
    // out[k:] = x[:n-k] and out[:k] = x[n-k:].
    let head = x.slice(&along(Slice::new(None, Some(n - k), 1)))?;
    copy_into(op, &head, &out.slice(&along(Slice::new(Some(k), None, 1)))?)?;
    if k > 0 {
        let tail = x.slice(&along(Slice::new(Some(n - k), None, 1)))?;
        copy_into(op, &tail, &out.slice(&along(Slice::new(None, Some(k), 1)))?)?;
    }
    Ok(out)
}

/// Rolls a copy of `x` by `shifts[i]` along `axes[i]` (repeated axes add up, as in NumPy);
/// no axes is a copy; a 0-d `x` is NumPy's ValueError.
fn roll_axes(op: &'static str, x: &Tensor, shifts: &[isize], axes: &[isize]) -> Result<Tensor> {
    if x.ndim() == 0 {
        // NumPy's roll over axes builds its per-axis slices with zip(*product()), which has
        // nothing to unpack for a 0-d array: a ValueError whatever the axes.
        return Err(Error::Value {
            op,
            msg: "not enough values to unpack (expected 2, got 0)".into(),
        });
    }
    let mut total = vec![0isize; x.ndim()];
    for (&s, &a) in shifts.iter().zip(axes) {
        let ax = normalize_axis(op, a, x.ndim())?;
        total[ax] = total[ax].wrapping_add(s);
    }
    let mut out = x.copy()?;
    for (ax, &s) in total.iter().enumerate() {
        if s != 0 {
            out = roll_one(op, &out, s, ax)?;
        }
    }
    Ok(out)
}

/// `fftshift`'s and `ifftshift`'s shifts: half of each axis' length, negated for `ifftshift`.
fn half_shifts(
    op: &'static str,
    x: &Tensor,
    axes: Option<&[isize]>,
    inverse: bool,
) -> Result<(Vec<isize>, Vec<isize>)> {
    let axes: Vec<isize> = match axes {
        Some(a) => a.to_vec(),
        None => (0..x.ndim() as isize).collect(),
    };
    let shifts = axes
        .iter()
        .map(|&a| {
            let h = (shape_at(op, x, a)? / 2) as isize;
            Ok(if inverse { -h } else { h })
        })
        .collect::<Result<_>>()?;
    Ok((shifts, axes))
}

impl Tensor {
    /// `np.roll(x, shift, axis)` with an axis tuple: a copy whose elements move `shift[i]`
    /// places along `axis[i]`, wrapping around; shifts along a repeated axis add up. `shift`
    /// and `axis` must have the same length (NumPy broadcasts them; pass them broadcast).
    pub fn roll(&self, shift: &[isize], axis: &[isize]) -> Result<Tensor> {
        if shift.len() != axis.len() {
            return Err(Error::Value {
                op: "roll",
                msg: "'shift' and 'axis' should be scalars or 1D sequences".into(),
            });
        }
        roll_axes("roll", self, shift, axis)
    }

    /// `np.fft.fftshift(x, axes)`: the zero frequency moved to the centre, a roll by
    /// `n // 2` along each of `axes` (default every axis).
    pub fn fftshift(&self, axes: Option<&[isize]>) -> Result<Tensor> {
        let (shifts, axes) = half_shifts("fftshift", self, axes, false)?;
        roll_axes("fftshift", self, &shifts, &axes)
    }

    /// `np.fft.ifftshift(x, axes)`: the inverse of `fftshift`, a roll by `-(n // 2)`.
    pub fn ifftshift(&self, axes: Option<&[isize]>) -> Result<Tensor> {
        let (shifts, axes) = half_shifts("ifftshift", self, axes, true)?;
        roll_axes("ifftshift", self, &shifts, &axes)
    }
}
