//! Strided layouts: how a tensor's logical elements map onto its storage.
//!
//! Invariants of a [`Layout`] (checked by [`Layout::new`]):
//! 1. `shape.len() == strides.len()`; a 0-d layout has empty shape and strides and one element.
//! 2. Strides are signed and counted in elements, not bytes. Element `[i0, i1, ...]` lives at
//!    storage index `offset + Σ i_k * strides[k]`.
//! 3. For a non-empty layout every element index lies inside the storage: the smallest reachable
//!    index is `offset + Σ_{s<0} (n_k-1)*s_k ≥ 0` and the largest is `< storage_len`.
//!    Example: `x[::-1]` of a 4-element vector is `shape [4], strides [-1], offset 3`.
//! 4. A stride of 0 repeats an element (broadcasting); writing through such a layout is refused.
//! 5. A zero-size layout (some `n_k == 0`) touches no storage; its strides are irrelevant.

use crate::error::{Error, Result};

/// Shape, signed element strides and element offset of a view.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
}

/// C-order (row-major) strides of a shape, in elements.
pub fn contiguous_strides(shape: &[usize]) -> Vec<isize> {
    let mut strides = vec![0isize; shape.len()];
    let mut acc = 1isize;
    for i in (0..shape.len()).rev() {
        strides[i] = acc;
        acc *= shape[i].max(1) as isize;
    }
    strides
}

/// Normalises a possibly negative axis against `ndim`, NumPy style.
pub fn normalize_axis(op: &'static str, axis: isize, ndim: usize) -> Result<usize> {
    let n = ndim as isize;
    if axis < -n || axis >= n {
        return Err(Error::Axis { op, axis, ndim });
    }
    Ok(if axis < 0 {
        (axis + n) as usize
    } else {
        axis as usize
    })
}

impl Layout {
    /// A C-contiguous layout of `shape` starting at offset 0.
    pub fn contiguous(shape: &[usize]) -> Layout {
        Layout {
            shape: shape.to_vec(),
            strides: contiguous_strides(shape),
            offset: 0,
        }
    }

    /// A layout from parts, checked against a storage of `storage_len` elements.
    pub fn new(
        shape: Vec<usize>,
        strides: Vec<isize>,
        offset: usize,
        storage_len: usize,
    ) -> Result<Layout> {
        if shape.len() != strides.len() {
            return Err(Error::Shape {
                op: "layout",
                msg: format!("shape {shape:?} and strides {strides:?} differ in length"),
            });
        }
        crate::size::checked_numel("layout", &shape)?;
        let l = Layout {
            shape,
            strides,
            offset,
        };
        if l.numel() > 0 {
            let (lo, hi) = l.extent();
            if lo < 0 || hi as usize >= storage_len {
                return Err(Error::Shape {
                    op: "layout",
                    msg: format!(
                        "layout {:?}/{:?}+{} reaches [{lo}, {hi}] outside storage of {storage_len}",
                        l.shape, l.strides, l.offset
                    ),
                });
            }
        }
        Ok(l)
    }

    /// Layout without a bounds check; callers derive it from a checked layout.
    pub(crate) fn from_parts(shape: Vec<usize>, strides: Vec<isize>, offset: usize) -> Layout {
        Layout {
            shape,
            strides,
            offset,
        }
    }

    /// Dimensions.
    pub fn shape(&self) -> &[usize] {
        &self.shape
    }
    /// Signed strides in elements.
    pub fn strides(&self) -> &[isize] {
        &self.strides
    }
    /// Offset of element `[0, 0, ...]` in storage, in elements.
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }
    /// Number of elements.
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// Lowest and highest storage index reached (only meaningful when non-empty).
    pub fn extent(&self) -> (isize, isize) {
        let mut lo = self.offset as isize;
        let mut hi = self.offset as isize;
        for (&n, &s) in self.shape.iter().zip(&self.strides) {
            if n == 0 {
                continue;
            }
            let span = (n as isize - 1) * s;
            if span < 0 {
                lo += span;
            } else {
                hi += span;
            }
        }
        (lo, hi)
    }

    /// True when elements are laid out in C order with no gaps (size-1 dims ignored).
    pub fn is_c_contiguous(&self) -> bool {
        let mut expected = 1isize;
        for i in (0..self.ndim()).rev() {
            if self.shape[i] == 1 {
                continue;
            }
            if self.shape[i] == 0 {
                return true;
            }
            if self.strides[i] != expected {
                return false;
            }
            expected *= self.shape[i] as isize;
        }
        true
    }

    /// True when some element is reachable from two indices (a zero stride on a dim > 1 of
    /// a non-empty layout; an empty one has no elements to share).
    pub fn has_overlap(&self) -> bool {
        !self.shape.contains(&0)
            && self
                .shape
                .iter()
                .zip(&self.strides)
                .any(|(&n, &s)| n > 1 && s == 0)
    }

    /// Storage index of the element at a multi-index.
    pub fn index_of(&self, idx: &[usize]) -> usize {
        let mut p = self.offset as isize;
        for (i, s) in idx.iter().zip(&self.strides) {
            p += *i as isize * s;
        }
        p as usize
    }

    /// Permutes the axes (`np.transpose(x, axes)`).
    pub fn permute(&self, axes: &[usize]) -> Result<Layout> {
        let n = self.ndim();
        let mut seen = vec![false; n];
        if axes.len() != n {
            return Err(Error::Value {
                op: "transpose",
                msg: "axes don't match array".into(),
            });
        }
        for &a in axes {
            if a >= n {
                return Err(Error::Axis {
                    op: "transpose",
                    axis: a as isize,
                    ndim: n,
                });
            }
            if seen[a] {
                return Err(Error::Value {
                    op: "transpose",
                    msg: "repeated axis in transpose".into(),
                });
            }
            seen[a] = true;
        }
        Ok(Layout {
            shape: axes.iter().map(|&a| self.shape[a]).collect(),
            strides: axes.iter().map(|&a| self.strides[a]).collect(),
            offset: self.offset,
        })
    }

    /// Broadcasts to `shape` with zero strides (`np.broadcast_to`).
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Layout> {
        let err = || Error::Broadcast {
            op: "broadcast_to",
            shapes: vec![self.shape.clone(), shape.to_vec()],
        };
        if shape.len() < self.ndim() {
            return Err(err());
        }
        // An iteration over more elements than `usize` counts: NumPy's "iterator is too large".
        crate::size::checked_numel("broadcast_to", shape)?;
        let lead = shape.len() - self.ndim();
        let mut strides = vec![0isize; shape.len()];
        for i in 0..self.ndim() {
            let (have, want) = (self.shape[i], shape[lead + i]);
            strides[lead + i] = if have == want {
                self.strides[i]
            } else if have == 1 {
                0
            } else {
                return Err(err());
            };
        }
        Ok(Layout {
            shape: shape.to_vec(),
            strides,
            offset: self.offset,
        })
    }

    /// Basic slicing of one axis with `start:stop:step` already resolved to a count.
    pub(crate) fn slice_axis(&self, axis: usize, start: usize, len: usize, step: isize) -> Layout {
        let mut l = self.clone();
        if len > 0 {
            l.offset = (self.offset as isize + start as isize * self.strides[axis]) as usize;
        }
        l.shape[axis] = len;
        l.strides[axis] = self.strides[axis] * step;
        l
    }

    /// Strides for viewing this layout with `new_shape` without copying, if possible
    /// (NumPy's `_attempt_nocopy_reshape`, C order).
    pub fn reshape_strides(&self, new_shape: &[usize]) -> Option<Vec<isize>> {
        if self.numel() == 0 || self.is_c_contiguous() {
            return Some(contiguous_strides(new_shape));
        }
        // Drop size-1 dims of the source; they carry no stride information.
        let old: Vec<(usize, isize)> = self
            .shape
            .iter()
            .zip(&self.strides)
            .filter(|(&n, _)| n != 1)
            .map(|(&n, &s)| (n, s))
            .collect();
        let mut new_strides = vec![0isize; new_shape.len()];
        let (mut oi, mut ni) = (0usize, 0usize);
        while oi < old.len() && ni < new_shape.len() {
            // Grow a group of old dims and new dims until their element counts agree.
            let (mut op, mut np) = (old[oi].0, new_shape[ni]);
            let (mut oj, mut nj) = (oi + 1, ni + 1);
            while op != np {
                if np < op {
                    np *= new_shape[nj];
                    nj += 1;
                } else {
                    op *= old[oj].0;
                    oj += 1;
                }
            }
            // The old dims of the group must be mutually contiguous.
            for k in oi..oj - 1 {
                if old[k].1 != old[k + 1].1 * old[k + 1].0 as isize {
                    return None;
                }
            }
            new_strides[nj - 1] = old[oj - 1].1;
            for k in (ni..nj - 1).rev() {
                new_strides[k] = new_strides[k + 1] * new_shape[k + 1] as isize;
            }
            oi = oj;
            ni = nj;
        }
        // Trailing size-1 dims of the new shape.
        for s in &mut new_strides[ni..] {
            *s = 1;
        }
        Some(new_strides)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reversed_vector_extent() {
        let l = Layout::new(vec![4], vec![-1], 3, 4).unwrap();
        assert_eq!(l.extent(), (0, 3));
        assert!(Layout::new(vec![4], vec![-1], 2, 4).is_err());
    }

    #[test]
    fn reshape_of_transposed_needs_copy() {
        let l = Layout::contiguous(&[2, 3]).permute(&[1, 0]).unwrap();
        assert_eq!(l.reshape_strides(&[6]), None);
        assert_eq!(l.reshape_strides(&[3, 2]), Some(vec![1, 3]));
        let s = Layout::contiguous(&[4, 6]).slice_axis(1, 0, 3, 2);
        assert_eq!(s.reshape_strides(&[2, 2, 3]), Some(vec![12, 6, 2]));
    }
}
