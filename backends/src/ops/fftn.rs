//! `numpy.fft`'s n-dimensional transforms (`fftn`, `ifftn`, `rfftn`, `irfftn` and the `*2`
//! forms over the last two axes), composed from the one-dimensional ones exactly as
//! `numpy/fft/_pocketfft.py` composes them, so that every step runs in the precision NumPy's
//! step runs in (float32 input to `fftn` is transformed in double precision along the last
//! axis, returned as complex64, and the remaining axes then run in single precision).
//!
//! NumPy's argument rules (`_cook_nd_args`), followed here:
//! - `s` absent: the input's lengths along `axes` (a bad axis is an IndexError, as
//!   `take(a.shape, axes)` raises); `axes` absent: the last `len(s)` axes (every axis when `s`
//!   is absent too). `s` and `axes` of different lengths are a ValueError.
//! - `irfftn` without `s`: the last transformed axis has `2 * (m - 1)` points.
//! - `s[i] == -1` is the input's whole length along `axes[i]`.
//! - Axes may repeat (the axis is transformed again); no axes at all return the input itself
//!   for `fftn`/`ifftn` and are an IndexError for `rfftn`/`irfftn` (they index `s[-1]`).
//! - The transforms run over `axes` from the last to the first; `rfftn` starts with `rfft`
//!   along `axes[-1]`, `irfftn` ends with `irfft` along it, after `ifft` along the others in
//!   order.

use crate::error::{Error, Result};
use crate::ops::fft::FftNorm;
use crate::tensor::Tensor;

/// The last two axes, the default of `fft2` and its kin.
const LAST_TWO: [isize; 2] = [-2, -1];

/// `x.shape[axis]` as Python indexes it (negative from the end; out of range an IndexError).
fn length(op: &'static str, x: &Tensor, axis: isize) -> Result<usize> {
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

/// The transform lengths and axes NumPy's `_cook_nd_args` derives from `s` and `axes`.
fn cook(
    op: &'static str,
    x: &Tensor,
    s: Option<&[i64]>,
    axes: Option<&[isize]>,
    invreal: bool,
) -> Result<(Vec<i64>, Vec<isize>)> {
    let mut lens: Vec<i64> = match (s, axes) {
        (Some(s), _) => s.to_vec(),
        (None, None) => x.shape().iter().map(|&d| d as i64).collect(),
        (None, Some(axes)) => axes
            .iter()
            .map(|&a| length(op, x, a).map(|d| d as i64))
            .collect::<Result<_>>()?,
    };
    let axes: Vec<isize> = match axes {
        Some(axes) => axes.to_vec(),
        None => (-(lens.len() as isize)..0).collect(),
    };
    if lens.len() != axes.len() {
        return Err(Error::Value {
            op,
            msg: "Shape and axes have different lengths.".into(),
        });
    }
    if invreal && s.is_none() {
        let last = no_axes(op, &axes)?;
        lens[axes.len() - 1] = (length(op, x, last)? as i64 - 1) * 2;
    }
    for (n, &a) in lens.iter_mut().zip(&axes) {
        if *n == -1 {
            *n = length(op, x, a)? as i64;
        }
    }
    Ok((lens, axes))
}

/// The last axis of a real transform; without any it is the IndexError of NumPy's `s[-1]`.
fn no_axes(op: &'static str, axes: &[isize]) -> Result<isize> {
    axes.last().copied().ok_or(Error::Index {
        op,
        index: -1,
        axis: 0,
        size: 0,
    })
}

/// A one-dimensional transform: `(x, n, axis, norm)`.
type Step = fn(&Tensor, Option<i64>, isize, FftNorm) -> Result<Tensor>;

/// `step` along every axis, from the last to the first (NumPy's `_raw_fftnd`).
fn complex_nd(
    op: &'static str,
    x: &Tensor,
    s: Option<&[i64]>,
    axes: Option<&[isize]>,
    norm: FftNorm,
    step: Step,
) -> Result<Tensor> {
    let (lens, axes) = cook(op, x, s, axes, false)?;
    let mut a = x.clone();
    for (&n, &axis) in lens.iter().zip(&axes).rev() {
        a = step(&a, Some(n), axis, norm)?;
    }
    Ok(a)
}

impl Tensor {
    /// `np.fft.fftn(x, s, axes, norm)`: the n-dimensional transform over `axes` (default every
    /// axis, or the last `len(s)`), each cropped or zero-padded to `s`.
    pub fn fftn(&self, s: Option<&[i64]>, axes: Option<&[isize]>, norm: FftNorm) -> Result<Tensor> {
        complex_nd("fftn", self, s, axes, norm, Tensor::fft)
    }

    /// `np.fft.ifftn(x, s, axes, norm)`: the inverse of `fftn`.
    pub fn ifftn(
        &self,
        s: Option<&[i64]>,
        axes: Option<&[isize]>,
        norm: FftNorm,
    ) -> Result<Tensor> {
        complex_nd("ifftn", self, s, axes, norm, Tensor::ifft)
    }

    /// `np.fft.rfftn(x, s, axes, norm)`: the transform of real input, the last axis halved
    /// (`s[-1] / 2 + 1` non-negative frequencies).
    pub fn rfftn(
        &self,
        s: Option<&[i64]>,
        axes: Option<&[isize]>,
        norm: FftNorm,
    ) -> Result<Tensor> {
        let (lens, axes) = cook("rfftn", self, s, axes, false)?;
        let last = no_axes("rfftn", &axes)?;
        let k = axes.len() - 1;
        let mut a = self.rfft(Some(lens[k]), last, norm)?;
        for (&n, &axis) in lens[..k].iter().zip(&axes[..k]).rev() {
            a = a.fft(Some(n), axis, norm)?;
        }
        Ok(a)
    }

    /// `np.fft.irfftn(x, s, axes, norm)`: the inverse of `rfftn`, real, with `s[-1]` points
    /// along the last axis (default `2 * (m - 1)`).
    pub fn irfftn(
        &self,
        s: Option<&[i64]>,
        axes: Option<&[isize]>,
        norm: FftNorm,
    ) -> Result<Tensor> {
        let (lens, axes) = cook("irfftn", self, s, axes, true)?;
        let last = no_axes("irfftn", &axes)?;
        let k = axes.len() - 1;
        let mut a = self.clone();
        for (&n, &axis) in lens[..k].iter().zip(&axes[..k]) {
            a = a.ifft(Some(n), axis, norm)?;
        }
        a.irfft(Some(lens[k]), last, norm)
    }

    /// `np.fft.fft2(x, s, axes, norm)`: `fftn` over `axes`, by default the last two.
    pub fn fft2(&self, s: Option<&[i64]>, axes: Option<&[isize]>, norm: FftNorm) -> Result<Tensor> {
        self.fftn(s, Some(axes.unwrap_or(&LAST_TWO)), norm)
    }

    /// `np.fft.ifft2(x, s, axes, norm)`: `ifftn` over `axes`, by default the last two.
    pub fn ifft2(
        &self,
        s: Option<&[i64]>,
        axes: Option<&[isize]>,
        norm: FftNorm,
    ) -> Result<Tensor> {
        self.ifftn(s, Some(axes.unwrap_or(&LAST_TWO)), norm)
    }

    /// `np.fft.rfft2(x, s, axes, norm)`: `rfftn` over `axes`, by default the last two.
    pub fn rfft2(
        &self,
        s: Option<&[i64]>,
        axes: Option<&[isize]>,
        norm: FftNorm,
    ) -> Result<Tensor> {
        self.rfftn(s, Some(axes.unwrap_or(&LAST_TWO)), norm)
    }

    /// `np.fft.irfft2(x, s, axes, norm)`: `irfftn` over `axes`, by default the last two.
    pub fn irfft2(
        &self,
        s: Option<&[i64]>,
        axes: Option<&[isize]>,
        norm: FftNorm,
    ) -> Result<Tensor> {
        self.irfftn(s, Some(axes.unwrap_or(&LAST_TWO)), norm)
    }
}
