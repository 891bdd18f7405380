//! NumPy's `axis=` argument (`None`, an int, a tuple of ints) and the keyword arguments shared by
//! the reductions (`axis`, `keepdims`, `dtype`, `out`, `initial`, `where`).

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::normalize_axis;
use crate::promotion::PyScalar;
use crate::tensor::Tensor;

/// Which axes a reduction runs over: `axis=None`, `axis=k` or `axis=(i, j, ...)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Axis {
    /// `axis=None`: every axis.
    #[default]
    All,
    /// `axis=k` (negative counts from the end).
    One(isize),
    /// `axis=(i, j, ...)`, in any order; an empty tuple reduces nothing.
    Many(Vec<isize>),
}

impl From<isize> for Axis {
    fn from(a: isize) -> Axis {
        Axis::One(a)
    }
}

impl From<Option<isize>> for Axis {
    fn from(a: Option<isize>) -> Axis {
        a.map_or(Axis::All, Axis::One)
    }
}

impl Axis {
    /// Which of `ndim` dimensions are reduced, NumPy style: an out-of-range axis is an
    /// `AxisError`, a repeated one a `ValueError` ("duplicate value in 'axis'").
    /// A 0-d input accepts `axis=0` and `axis=-1` as ufunc reductions do (nothing reduced).
    pub fn mask(&self, op: &'static str, ndim: usize) -> Result<Vec<bool>> {
        let mut mask = vec![false; ndim];
        let axes: &[isize] = match self {
            Axis::All => return Ok(vec![true; ndim]),
            Axis::One(a) if ndim == 0 && (*a == 0 || *a == -1) => return Ok(mask),
            Axis::One(a) => std::slice::from_ref(a),
            Axis::Many(v) => v,
        };
        for &a in axes {
            let k = normalize_axis(op, a, ndim)?;
            if mask[k] {
                return Err(Error::Value {
                    op,
                    msg: "duplicate value in 'axis'".into(),
                });
            }
            mask[k] = true;
        }
        Ok(mask)
    }
}

/// The shape of a reduction over the dimensions set in `mask`: reduced dimensions dropped, or
/// kept with length 1 under `keepdims`.
pub fn reduced_shape(shape: &[usize], mask: &[bool], keepdims: bool) -> Vec<usize> {
    shape
        .iter()
        .zip(mask)
        .filter_map(|(&n, &r)| match (r, keepdims) {
            (false, _) => Some(n),
            (true, true) => Some(1),
            (true, false) => None,
        })
        .collect()
}

/// How many elements each output of a reduction over `mask` combines.
pub fn reduced_len(shape: &[usize], mask: &[bool]) -> usize {
    shape
        .iter()
        .zip(mask)
        .filter(|(_, &r)| r)
        .map(|(&n, _)| n)
        .product()
}

/// The keyword arguments NumPy's reductions share. Each op documents which it takes; a field
/// set that NumPy's function does not accept is a `TypeError`, as NumPy's "unexpected keyword
/// argument" is.
#[derive(Clone, Debug, Default)]
pub struct ReduceArgs {
    /// `axis=`.
    pub axis: Axis,
    /// `keepdims=`.
    pub keepdims: bool,
    /// `dtype=`: the accumulation and result dtype.
    pub dtype: Option<DType>,
    /// `out=`: the result is cast into it under `same_kind` and returned.
    pub out: Option<Tensor>,
    /// `initial=`: the starting value of every slice (and the result of an empty one).
    pub initial: Option<PyScalar>,
    /// `where=`: a boolean mask broadcast against the input; only `True` elements take part.
    pub where_: Option<Tensor>,
}

impl ReduceArgs {
    /// Reduce over `axis`, the other fields at their NumPy defaults.
    pub fn axis(axis: impl Into<Axis>) -> ReduceArgs {
        ReduceArgs {
            axis: axis.into(),
            ..ReduceArgs::default()
        }
    }

    /// `TypeError` for each of the named fields that is set: for ops whose NumPy signature lacks
    /// them (`np.mean` has no `initial=`, `np.max` no `dtype=`).
    pub fn refuse(&self, op: &'static str, fields: &[&str]) -> Result<()> {
        for &f in fields {
            let set = match f {
                "dtype" => self.dtype.is_some(),
                "out" => self.out.is_some(),
                "initial" => self.initial.is_some(),
                "where" => self.where_.is_some(),
                "keepdims" => self.keepdims,
                _ => false,
            };
            if set {
                return Err(Error::Type {
                    op,
                    msg: format!("{op}() got an unexpected keyword argument '{f}'"),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn axis_masks_follow_numpy() {
        assert_eq!(Axis::All.mask("sum", 3).unwrap(), vec![true; 3]);
        assert_eq!(
            Axis::One(-1).mask("sum", 3).unwrap(),
            vec![false, false, true]
        );
        assert_eq!(
            Axis::Many(vec![2, 0]).mask("sum", 3).unwrap(),
            vec![true, false, true]
        );
        assert_eq!(Axis::Many(vec![]).mask("sum", 2).unwrap(), vec![false; 2]);
        assert_eq!(Axis::One(0).mask("sum", 0).unwrap(), Vec::<bool>::new());
        let e = Axis::One(3).mask("sum", 3).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Axis);
        let e = Axis::Many(vec![1, -2]).mask("sum", 3).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Value);
    }

    #[test]
    fn reduced_shapes_drop_or_keep() {
        let m = [true, false, true];
        assert_eq!(reduced_shape(&[2, 3, 4], &m, false), vec![3]);
        assert_eq!(reduced_shape(&[2, 3, 4], &m, true), vec![1, 3, 1]);
    }
}
