//! The other products: `dot`, `inner`, `vdot`, `outer`, and `numpy.linalg`'s `vecdot`,
//! `outer` and `matrix_transpose`. Each reshapes its operands into one matrix product and runs
//! it through [`product`], so every dtype computes as `matmul` does.
//!
//! NumPy's dtype rules differ between them: `dot`, `inner` and `vdot` use the dtype's own dot
//! function (so bfloat16 stays bfloat16, accumulated in float32, as ml_dtypes does), `vecdot` is
//! a gufunc without a bfloat16 loop (bfloat16 promotes to float32, as in `matmul`), and `outer`
//! is the `multiply` ufunc.

use super::matmul::{product, result_dtype, Plan};
use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::ops::ufunc::Arg;
use crate::tensor::Tensor;

/// A shape as Python prints a tuple: `(2,3)`, `(3,)`.
fn py_shape(s: &[usize]) -> String {
    match s.len() {
        1 => format!("({},)", s[0]),
        _ => format!(
            "({})",
            s.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// The product of the `rows x k` matrix `a` and the `k x cols` matrix `b` (both 2-D views) in
/// the promoted dtype of `x` and `y` (the dot-function rule), reshaped to `shape`.
fn dot_function(
    op: &'static str,
    x: &Tensor,
    y: &Tensor,
    a: &Tensor,
    b: &Tensor,
    shape: &[usize],
) -> Result<Tensor> {
    let d = crate::promotion::promote_types(x.dtype(), y.dtype());
    let (rows, k, cols) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    let p = Plan {
        batch: Vec::new(),
        n: rows,
        k,
        m: cols,
        shape: vec![rows, cols],
    };
    crate::size::check_nbytes(op, shape, d.itemsize())?;
    let s: Vec<isize> = shape.iter().map(|&n| n as isize).collect();
    product(a, b, &p, d)?.reshape(&s)
}

/// `t` as a `rows x k` matrix, `rows` the product of its leading dimensions.
fn as_rows(t: &Tensor, k: usize) -> Result<Tensor> {
    let rows: usize = t.shape()[..t.ndim().saturating_sub(1)].iter().product();
    t.reshape(&[rows as isize, k as isize])
}

/// `a * b` for a 0-d operand of `dot`/`inner` (NumPy multiplies then).
fn scaled(a: &Tensor, b: &Tensor) -> Option<Result<Tensor>> {
    (a.ndim() == 0 || b.ndim() == 0).then(|| a.multiply(b))
}

impl Tensor {
    /// `np.dot(self, other)`: the sum product over `self`'s last axis and `other`'s
    /// second-to-last (its only axis when 1-D); a 0-d operand multiplies.
    pub fn dot(&self, other: &Tensor) -> Result<Tensor> {
        const OP: &str = "dot";
        host_only(OP, &[self, other])?;
        if let Some(r) = scaled(self, other) {
            return r;
        }
        let k = self.shape()[self.ndim() - 1];
        let kb_axis = other.ndim().saturating_sub(2);
        let kb = other.shape()[kb_axis];
        if k != kb {
            return Err(Error::Value {
                op: OP,
                msg: format!(
                    "shapes {} and {} not aligned: {k} (dim {}) != {kb} (dim {kb_axis})",
                    py_shape(self.shape()),
                    py_shape(other.shape()),
                    self.ndim() - 1
                ),
            });
        }
        let a = as_rows(self, k)?;
        // `other` with its contracted axis first, the rest flattened into columns.
        let b = other.moveaxis(kb_axis as isize, 0)?;
        let cols: usize = b.shape()[1..].iter().product();
        let b = b.reshape(&[k as isize, cols as isize])?;
        let mut shape = self.shape()[..self.ndim() - 1].to_vec();
        shape.extend(
            other
                .shape()
                .iter()
                .enumerate()
                .filter(|&(i, _)| i != kb_axis)
                .map(|(_, &d)| d),
        );
        dot_function(OP, self, other, &a, &b, &shape)
    }

    /// `np.inner(self, other)`: the sum product over both operands' last axes; a 0-d operand
    /// multiplies.
    pub fn inner(&self, other: &Tensor) -> Result<Tensor> {
        const OP: &str = "inner";
        host_only(OP, &[self, other])?;
        if let Some(r) = scaled(self, other) {
            return r;
        }
        let (k, kb) = (
            self.shape()[self.ndim() - 1],
            other.shape()[other.ndim() - 1],
        );
        if k != kb {
            return Err(Error::Value {
                op: OP,
                msg: format!(
                    "shapes {} and {} not aligned: {k} (dim {}) != {kb} (dim {})",
                    py_shape(self.shape()),
                    py_shape(other.shape()),
                    self.ndim() - 1,
                    other.ndim() - 1
                ),
            });
        }
        let a = as_rows(self, k)?;
        let b = as_rows(other, k)?.transpose();
        let mut shape = self.shape()[..self.ndim() - 1].to_vec();
        shape.extend(&other.shape()[..other.ndim() - 1]);
        dot_function(OP, self, other, &a, &b, &shape)
    }

    /// `np.vdot(self, other)`: the dot product of the flattened operands, the first
    /// conjugated; their sizes must agree.
    pub fn vdot(&self, other: &Tensor) -> Result<Tensor> {
        const OP: &str = "vdot";
        host_only(OP, &[self, other])?;
        let (k, kb) = (self.numel(), other.numel());
        if k != kb {
            return Err(Error::Value {
                op: OP,
                msg: format!("cannot reshape array of size {kb} into shape ({k},)"),
            });
        }
        let a = self.conjugate()?.reshape(&[1, k as isize])?;
        let b = other.reshape(&[k as isize, 1])?;
        dot_function(OP, self, other, &a, &b, &[])
    }

    /// `np.outer(self, other)`: every product of the flattened operands, `(M, N)`.
    pub fn outer(&self, other: &Tensor) -> Result<Tensor> {
        host_only("outer", &[self, other])?;
        let a = self.reshape(&[-1, 1])?;
        let b = other.reshape(&[1, -1])?;
        a.multiply(&b)
    }

    /// `np.linalg.outer(self, other)`: `outer` of two 1-D arrays.
    pub fn linalg_outer(&self, other: &Tensor) -> Result<Tensor> {
        if self.ndim() != 1 || other.ndim() != 1 {
            return Err(Error::Value {
                op: "linalg.outer",
                msg: format!(
                    "Input arrays must be one-dimensional, but they are x1.ndim={} and \
                     x2.ndim={}.",
                    self.ndim(),
                    other.ndim()
                ),
            });
        }
        self.outer(other)
    }

    /// `np.linalg.matrix_transpose(self)`: the last two axes swapped (a view).
    pub fn matrix_transpose(&self) -> Result<Tensor> {
        if self.ndim() < 2 {
            return Err(Error::Value {
                op: "linalg.matrix_transpose",
                msg: format!(
                    "Input array must be at least 2-dimensional, but it is {}",
                    self.ndim()
                ),
            });
        }
        self.swapaxes(-1, -2)
    }

    /// `np.linalg.vecdot(self, other, axis=axis)`: the gufunc `(n),(n)->()`, the first
    /// operand conjugated, over `axis` of each operand, the other dimensions broadcast.
    pub fn vecdot(&self, other: &Tensor, axis: isize) -> Result<Tensor> {
        const OP: &str = "vecdot";
        const SIG: &str = "(n),(n)->()";
        host_only(OP, &[self, other])?;
        for (i, t) in [self, other].iter().enumerate() {
            if t.ndim() == 0 {
                return Err(Error::Value {
                    op: OP,
                    msg: format!(
                        "Input operand {i} does not have enough dimensions (has 0, gufunc core \
                         with signature {SIG} requires 1)"
                    ),
                });
            }
        }
        let ax = |t: &Tensor| crate::layout::normalize_axis(OP, axis, t.ndim());
        let (a1, a2) = (ax(self)?, ax(other)?);
        let (k, kb) = (self.shape()[a1], other.shape()[a2]);
        if k != kb {
            return Err(Error::Value {
                op: OP,
                msg: format!(
                    "Input operand 1 has a mismatch in its core dimension 0, with gufunc \
                     signature {SIG} (size {kb} is different from {k})"
                ),
            });
        }
        // Rows `(..., 1, k)` against columns `(..., k, 1)`: a stack of 1 x 1 products.
        let x = self
            .conjugate()?
            .moveaxis(a1 as isize, -1)?
            .expand_dims(-2)?;
        let y = other.moveaxis(a2 as isize, -1)?.expand_dims(-1)?;
        let batch = crate::ops::ufunc::broadcast_shapes(
            OP,
            &[&x.shape()[..x.ndim() - 2], &y.shape()[..y.ndim() - 2]],
        )?;
        let d = result_dtype(self.dtype(), other.dtype());
        crate::size::check_nbytes(OP, &batch, d.itemsize())?;
        let mut shape = batch.clone();
        shape.extend([1, 1]);
        let p = Plan {
            batch: batch.clone(),
            n: 1,
            k,
            m: 1,
            shape,
        };
        let b: Vec<isize> = batch.iter().map(|&n| n as isize).collect();
        product(&x, &y, &p, d)?.reshape(&b)
    }
}

/// `Arg`s of the products as tensors: a Python scalar is a 0-d array of its NumPy type.
pub fn operand(op: &'static str, a: &Arg) -> Result<Tensor> {
    match a {
        Arg::Tensor(t) => Ok(t.clone()),
        Arg::Scalar(x) => {
            let d = x.resolve(op, None)?;
            Ok(crate::ops::scalars::scalar_tensor(*x, d))
        }
    }
}

/// `np.tensordot`'s `axes=`: an int `N` (the last `N` axes of `a` with the first `N` of `b`)
/// or the two sequences of axes to sum over.
#[derive(Clone, Debug, PartialEq)]
pub enum TensordotAxes {
    /// `axes=N`.
    Count(i64),
    /// `axes=(axes_a, axes_b)`.
    Pairs(Vec<i64>, Vec<i64>),
}

impl Tensor {
    /// `np.tensordot(self, other, axes)`: the sum of products over the given axes, computed as
    /// NumPy does (both operands transposed and reshaped to matrices, then `dot`).
    pub fn tensordot(&self, other: &Tensor, axes: &TensordotAxes) -> Result<Tensor> {
        const OP: &str = "tensordot";
        host_only(OP, &[self, other])?;
        let (mut aa, mut ab): (Vec<i64>, Vec<i64>) = match axes {
            // NumPy: list(range(-N, 0)) and list(range(0, N)) (empty for N <= 0).
            TensordotAxes::Count(n) => ((-n..0).collect(), (0..*n).collect()),
            TensordotAxes::Pairs(a, b) => (a.clone(), b.clone()),
        };
        for v in [&aa, &ab] {
            let mut seen = v.clone();
            seen.sort_unstable();
            seen.dedup();
            if seen.len() != v.len() {
                return Err(Error::Value {
                    op: OP,
                    msg: "duplicate axes are not allowed in tensordot".into(),
                });
            }
        }
        let (nda, ndb) = (self.ndim() as i64, other.ndim() as i64);
        // A Python tuple index: -nd..nd, else IndexError.
        let size = |shape: &[usize], nd: i64, k: i64| -> Result<usize> {
            if k < -nd || k >= nd {
                return Err(Error::Index {
                    op: OP,
                    index: k as isize,
                    axis: 0,
                    size: nd as usize,
                });
            }
            Ok(shape[if k < 0 { k + nd } else { k } as usize])
        };
        let mut equal = aa.len() == ab.len();
        if equal {
            for k in 0..aa.len() {
                if size(self.shape(), nda, aa[k])? != size(other.shape(), ndb, ab[k])? {
                    equal = false;
                    break;
                }
                if aa[k] < 0 {
                    aa[k] += nda;
                }
                if ab[k] < 0 {
                    ab[k] += ndb;
                }
            }
        }
        if !equal {
            return Err(Error::Value {
                op: OP,
                msg: "shape-mismatch for sum".into(),
            });
        }
        let as_usize = |v: &[i64]| v.iter().map(|&k| k as usize).collect::<Vec<_>>();
        let (aa, ab) = (as_usize(&aa), as_usize(&ab));
        let free_a: Vec<usize> = (0..self.ndim()).filter(|k| !aa.contains(k)).collect();
        let free_b: Vec<usize> = (0..other.ndim()).filter(|k| !ab.contains(k)).collect();
        let k: usize = aa.iter().map(|&x| self.shape()[x]).product();
        let rows: usize = free_a.iter().map(|&x| self.shape()[x]).product();
        let cols: usize = free_b.iter().map(|&x| other.shape()[x]).product();
        // A repeated axis makes the transposition invalid (NumPy's "repeated axis in
        // transpose").
        let perm_a: Vec<usize> = free_a.iter().chain(&aa).copied().collect();
        let perm_b: Vec<usize> = ab.iter().chain(&free_b).copied().collect();
        let a = self
            .permute(Some(&perm_a))?
            .reshape(&[rows as isize, k as isize])?;
        let b = other
            .permute(Some(&perm_b))?
            .reshape(&[k as isize, cols as isize])?;
        let mut shape: Vec<usize> = free_a.iter().map(|&x| self.shape()[x]).collect();
        shape.extend(free_b.iter().map(|&x| other.shape()[x]));
        dot_function(OP, self, other, &a, &b, &shape)
    }
}
