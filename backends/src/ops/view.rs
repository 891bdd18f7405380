//! View ops: slicing, transpose/permute/swapaxes/moveaxis, broadcast_to, reshape, expand_dims,
//! squeeze, ravel. All return views sharing storage unless NumPy would copy (reshape/ravel of a
//! layout that cannot be re-strided).

use crate::error::{Error, Result};
use crate::layout::{normalize_axis, Layout};
use crate::tensor::Tensor;

/// One entry of a basic index: `start:stop:step` with NumPy's defaults when `None`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slice {
    /// Start (negative counts from the end).
    pub start: Option<isize>,
    /// Stop (exclusive; negative counts from the end).
    pub stop: Option<isize>,
    /// Step (non-zero; negative walks backwards).
    pub step: isize,
}

impl Slice {
    /// `start:stop:step`.
    pub fn new(start: Option<isize>, stop: Option<isize>, step: isize) -> Slice {
        Slice { start, stop, step }
    }
    /// `::step`.
    pub fn step(step: isize) -> Slice {
        Slice {
            start: None,
            stop: None,
            step,
        }
    }
    /// Resolves against an axis of length `n` to (first index, count), as Python's
    /// `slice.indices` does.
    pub fn indices(&self, n: usize) -> Result<(usize, usize)> {
        if self.step == 0 {
            return Err(Error::Value {
                op: "slice",
                msg: "slice step cannot be zero".into(),
            });
        }
        let n = n as isize;
        let clamp = |v: isize, lo: isize, hi: isize| v.max(lo).min(hi);
        let (lo, hi) = if self.step > 0 { (0, n) } else { (-1, n - 1) };
        let norm = |v: Option<isize>, dflt: isize| match v {
            None => dflt,
            Some(v) if v < 0 => clamp(v + n, lo, hi),
            Some(v) => clamp(v, lo, hi),
        };
        let (start, stop) = if self.step > 0 {
            (norm(self.start, 0), norm(self.stop, n))
        } else {
            (norm(self.start, n - 1), norm(self.stop, -1))
        };
        let count = if self.step > 0 {
            if stop > start {
                (stop - start + self.step - 1) / self.step
            } else {
                0
            }
        } else if start > stop {
            (start - stop + (-self.step) - 1) / (-self.step)
        } else {
            0
        };
        Ok((start.max(0) as usize, count as usize))
    }
}

impl Tensor {
    /// `x[s0, s1, ...]` with one slice per leading axis (a view).
    pub fn slice(&self, slices: &[Slice]) -> Result<Tensor> {
        if slices.len() > self.ndim() {
            return Err(Error::Index {
                op: "slice",
                index: slices.len() as isize,
                axis: self.ndim(),
                size: self.ndim(),
            });
        }
        let mut l = self.layout().clone();
        for (axis, s) in slices.iter().enumerate() {
            let (start, count) = s.indices(l.shape()[axis])?;
            l = l.slice_axis(axis, start, count, s.step);
        }
        Ok(self.with_layout(l))
    }

    /// `np.transpose(x, axes)`; `None` reverses the axes.
    pub fn permute(&self, axes: Option<&[usize]>) -> Result<Tensor> {
        let rev: Vec<usize> = (0..self.ndim()).rev().collect();
        Ok(self.with_layout(self.layout().permute(axes.unwrap_or(&rev))?))
    }

    /// `x.T`.
    pub fn transpose(&self) -> Tensor {
        self.permute(None)
            .expect("reversed axes are a valid permutation")
    }

    /// `np.swapaxes(x, a, b)`.
    pub fn swapaxes(&self, a: isize, b: isize) -> Result<Tensor> {
        let a = normalize_axis("swapaxes", a, self.ndim())?;
        let b = normalize_axis("swapaxes", b, self.ndim())?;
        let mut axes: Vec<usize> = (0..self.ndim()).collect();
        axes.swap(a, b);
        self.permute(Some(&axes))
    }

    /// `np.moveaxis(x, source, destination)`.
    pub fn moveaxis(&self, source: isize, destination: isize) -> Result<Tensor> {
        let s = normalize_axis("moveaxis", source, self.ndim())?;
        let d = normalize_axis("moveaxis", destination, self.ndim())?;
        let mut axes: Vec<usize> = (0..self.ndim()).filter(|&a| a != s).collect();
        axes.insert(d, s);
        self.permute(Some(&axes))
    }

    /// `np.broadcast_to(x, shape)`: a read-only view with zero strides. NumPy marks it
    /// read-only whatever the shapes (even where nothing repeats), so writing through it fails.
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Tensor> {
        // A view too must have a size NumPy allows (np.broadcast_to(x, (2**62, 4)) raises).
        crate::size::check_nbytes("broadcast_to", shape, self.dtype().itemsize())?;
        Ok(self
            .with_layout(self.layout().broadcast_to(shape)?)
            .read_only())
    }

    /// `np.reshape(x, shape)` with at most one `-1`: a view when the layout allows, else a copy.
    pub fn reshape(&self, shape: &[isize]) -> Result<Tensor> {
        let n = self.numel();
        let unknown: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] == -1).collect();
        let err = || Error::Shape {
            op: "reshape",
            msg: format!("cannot reshape array of size {n} into shape {shape:?}"),
        };
        if unknown.len() > 1 || shape.iter().any(|&d| d < -1) {
            return Err(Error::Value {
                op: "reshape",
                msg: format!("invalid shape {shape:?}"),
            });
        }
        let known: usize = shape
            .iter()
            .filter(|&&d| d >= 0)
            .map(|&d| d as usize)
            .product();
        let mut new: Vec<usize> = shape.iter().map(|&d| d.max(0) as usize).collect();
        if let Some(&u) = unknown.first() {
            if known == 0 || !n.is_multiple_of(known) {
                return Err(err());
            }
            new[u] = n / known;
        }
        if new.iter().product::<usize>() != n {
            return Err(err());
        }
        match self.layout().reshape_strides(&new) {
            Some(strides) => {
                Ok(self.with_layout(Layout::from_parts(new, strides, self.layout().offset())))
            }
            None => {
                let c = self.copy()?;
                Ok(c.with_layout(Layout::contiguous(&new)))
            }
        }
    }

    /// `np.ravel(x)`: a 1-d view when possible, else a copy.
    pub fn ravel(&self) -> Result<Tensor> {
        self.reshape(&[-1])
    }

    /// `np.expand_dims(x, axis)`.
    pub fn expand_dims(&self, axis: isize) -> Result<Tensor> {
        let a = normalize_axis("expand_dims", axis, self.ndim() + 1)?;
        let mut shape = self.shape().to_vec();
        let mut strides = self.strides().to_vec();
        shape.insert(a, 1);
        strides.insert(a, 0);
        Ok(self.with_layout(Layout::from_parts(shape, strides, self.layout().offset())))
    }

    /// `np.squeeze(x, axis)`; `None` removes every size-1 axis.
    pub fn squeeze(&self, axis: Option<isize>) -> Result<Tensor> {
        let keep: Vec<usize> = match axis {
            None => (0..self.ndim()).filter(|&i| self.shape()[i] != 1).collect(),
            // NumPy keeps a 0-d array's legacy axis 0 / -1 (PyArray_ConvertMultiAxis accepts
            // them for 0-d input; a tuple (0,) is refused).
            Some(0 | -1) if self.ndim() == 0 => Vec::new(),
            Some(ax) => {
                let a = normalize_axis("squeeze", ax, self.ndim())?;
                if self.shape()[a] != 1 {
                    return Err(Error::Value {
                        op: "squeeze",
                        msg: "cannot select an axis to squeeze out which has size not equal to one"
                            .into(),
                    });
                }
                (0..self.ndim()).filter(|&i| i != a).collect()
            }
        };
        let shape = keep.iter().map(|&i| self.shape()[i]).collect();
        let strides = keep.iter().map(|&i| self.strides()[i]).collect();
        Ok(self.with_layout(Layout::from_parts(shape, strides, self.layout().offset())))
    }
}
