//! `numpy.cross` and `numpy.linalg.cross`: the cross product of (broadcast arrays of) 2- and
//! 3-vectors, computed as NumPy's `cross` does — each component one `multiply` written into
//! the result and one in-place `subtract` (or `negative`), in the operands' promoted dtype —
//! so the roundings, the wrapping of integers and the refusal of bool (NumPy's boolean
//! `subtract` and `negative` raise TypeError) are those of the ufuncs.
//!
//! The dtype is `np.promote_types`' (which refuses bfloat16 beside float16 or the wider
//! integers, as ml_dtypes defines no common dtype there).
//!
//! 2-vectors are deprecated in NumPy 2 (a DeprecationWarning, not an error): they are
//! computed, their missing third component taken as zero; two 2-vectors give the z
//! component alone.

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::{normalize_axis, Layout};
use crate::ops::astype::cast_unchecked;
use crate::ops::methods::call;
use crate::ops::reduce::select::host_only;
use crate::ops::ufunc::{broadcast_shapes, Arg};
use crate::tensor::Tensor;

/// `np.cross`'s vector axes: of `a`, of `b` and of the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CrossAxes {
    /// `axisa=`.
    pub axisa: isize,
    /// `axisb=`.
    pub axisb: isize,
    /// `axisc=` (ignored when both operands are 2-vectors: the result has no vector axis).
    pub axisc: isize,
}

impl Default for CrossAxes {
    fn default() -> CrossAxes {
        CrossAxes::all(-1)
    }
}

impl CrossAxes {
    /// `axis=`: the same axis for both operands and the result.
    pub fn all(axis: isize) -> CrossAxes {
        CrossAxes {
            axisa: axis,
            axisb: axis,
            axisc: axis,
        }
    }
}

/// `t[..., i]` (a view).
fn component(t: &Tensor, i: usize) -> Tensor {
    let l = t.layout();
    let nd = l.ndim();
    let shape = l.shape()[..nd - 1].to_vec();
    let strides = l.strides()[..nd - 1].to_vec();
    // An empty view touches no storage: its offset stays where it was.
    let offset = if shape.contains(&0) {
        l.offset()
    } else {
        (l.offset() as isize + i as isize * l.strides()[nd - 1]) as usize
    };
    t.with_layout(Layout::from_parts(shape, strides, offset))
}

/// Whether ml_dtypes registers no common dtype of `a` and `b`: bfloat16 with float16 or an
/// integer wider than 8 bits. NumPy's `cross` asks `np.promote_types`, which raises there
/// (DTypePromotionError, a TypeError), where the ufuncs would find a float loop.
fn no_common_dtype(a: DType, b: DType) -> bool {
    let wide = |d: DType| {
        matches!(
            d,
            DType::I16
                | DType::U16
                | DType::I32
                | DType::U32
                | DType::I64
                | DType::U64
                | DType::F16
        )
    };
    (a == DType::BF16 && wide(b)) || (b == DType::BF16 && wide(a))
}

/// `np.multiply(x, y, out=out)`.
fn multiply_into(x: &Tensor, y: &Tensor, out: &Tensor) -> Result<()> {
    call("multiply", &[Arg::from(x), Arg::from(y)], Some(out)).map(|_| ())
}

impl Tensor {
    /// `np.cross(self, other, axisa, axisb, axisc)`: the cross product of the vectors along
    /// `axes.axisa` of `self` and `axes.axisb` of `other` (2 or 3 components), the other
    /// dimensions broadcast; the result's vectors lie along `axes.axisc`, or, for two
    /// 2-vectors, the result is their z component.
    pub fn cross(&self, other: &Tensor, axes: CrossAxes) -> Result<Tensor> {
        const OP: &str = "cross";
        host_only(OP, &[self, other])?;
        if self.ndim() < 1 || other.ndim() < 1 {
            return Err(Error::Value {
                op: OP,
                msg: "At least one array has zero dimension".into(),
            });
        }
        // NumPy's messages are prefixed with the keyword's name: "axisa: axis 2 is out of ...".
        let axisa = normalize_axis("axisa", axes.axisa, self.ndim())?;
        let axisb = normalize_axis("axisb", axes.axisb, other.ndim())?;
        let a = self.moveaxis(axisa as isize, -1)?;
        let b = other.moveaxis(axisb as isize, -1)?;
        let (na, nb) = (a.shape()[a.ndim() - 1], b.shape()[b.ndim() - 1]);
        if !matches!(na, 2 | 3) || !matches!(nb, 2 | 3) {
            return Err(Error::Value {
                op: OP,
                msg: "incompatible dimensions for cross product\n(dimension must be 2 or 3)".into(),
            });
        }
        let mut shape = broadcast_shapes(
            OP,
            &[&a.shape()[..a.ndim() - 1], &b.shape()[..b.ndim() - 1]],
        )?;
        let axisc = if na == 3 || nb == 3 {
            shape.push(3);
            Some(normalize_axis("axisc", axes.axisc, shape.len())?)
        } else {
            None
        };
        if no_common_dtype(a.dtype(), b.dtype()) {
            return Err(Error::Type {
                op: OP,
                msg: format!(
                    "The DTypes {} and {} do not have a common DType",
                    a.dtype(),
                    b.dtype()
                ),
            });
        }
        let dtype = crate::promotion::promote_types(a.dtype(), b.dtype());
        crate::size::check_nbytes(OP, &shape, dtype.itemsize())?;
        let cp = Tensor::zeros(&shape, dtype)?;
        let (a, b) = (cast_unchecked(&a, dtype)?, cast_unchecked(&b, dtype)?);
        let (a0, a1, b0, b1) = (
            component(&a, 0),
            component(&a, 1),
            component(&b, 0),
            component(&b, 1),
        );
        let Some(axisc) = axisc else {
            // a0 * b1 - a1 * b0
            multiply_into(&a0, &b1, &cp)?;
            cp.subtract_(&a1.multiply(&b0)?)?;
            return Ok(cp);
        };
        let (c0, c1, c2) = (component(&cp, 0), component(&cp, 1), component(&cp, 2));
        match (na, nb) {
            (2, _) => {
                // a2 = 0: (a1 b2, -a0 b2, a0 b1 - a1 b0).
                let b2 = component(&b, 2);
                multiply_into(&a1, &b2, &c0)?;
                multiply_into(&a0, &b2, &c1)?;
                c1.negative_()?;
                multiply_into(&a0, &b1, &c2)?;
                c2.subtract_(&a1.multiply(&b0)?)?;
            }
            (_, 3) => {
                let (a2, b2) = (component(&a, 2), component(&b, 2));
                multiply_into(&a1, &b2, &c0)?;
                let tmp = a2.multiply(&b1)?;
                c0.subtract_(&tmp)?;
                multiply_into(&a2, &b0, &c1)?;
                multiply_into(&a0, &b2, &tmp)?;
                c1.subtract_(&tmp)?;
                multiply_into(&a0, &b1, &c2)?;
                multiply_into(&a1, &b0, &tmp)?;
                c2.subtract_(&tmp)?;
            }
            _ => {
                // b2 = 0: (-a2 b1, a2 b0, a0 b1 - a1 b0).
                let a2 = component(&a, 2);
                multiply_into(&a2, &b1, &c0)?;
                c0.negative_()?;
                multiply_into(&a2, &b0, &c1)?;
                multiply_into(&a0, &b1, &c2)?;
                c2.subtract_(&a1.multiply(&b0)?)?;
            }
        }
        cp.moveaxis(-1, axisc as isize)
    }

    /// `np.linalg.cross(self, other, axis=axis)`: `cross` of 3-vectors only, along the same
    /// `axis` of both operands and of the result.
    pub fn linalg_cross(&self, other: &Tensor, axis: isize) -> Result<Tensor> {
        const OP: &str = "linalg.cross";
        // NumPy reads `x1.shape[axis]` and `x2.shape[axis]` (the second in the message when
        // the first is not 3): Python tuple indices, IndexError out of range.
        let length = |t: &Tensor| -> Result<usize> {
            let nd = t.ndim() as isize;
            if axis < -nd || axis >= nd {
                return Err(Error::Index {
                    op: OP,
                    index: axis,
                    axis: 0,
                    size: t.ndim(),
                });
            }
            Ok(t.shape()[if axis < 0 { axis + nd } else { axis } as usize])
        };
        let (n1, n2) = (length(self)?, length(other)?);
        if n1 != 3 || n2 != 3 {
            return Err(Error::Value {
                op: OP,
                msg: format!(
                    "Both input arrays must be (arrays of) 3-dimensional vectors, but they are \
                     {n1} and {n2} dimensional instead."
                ),
            });
        }
        self.cross(other, CrossAxes::all(axis))
    }
}
