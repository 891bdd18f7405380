//! `numpy.linalg.norm`, `vector_norm` and `matrix_norm`, computed step for step as
//! `numpy/linalg/_linalg.py` computes them, out of the engine's own ufuncs and reductions, so
//! that dtypes, overflow and underflow are NumPy's:
//! - bool, the integers and bfloat16 (not `np.inexact` in ml_dtypes) are cast to float64
//!   first; float16 stays float16 (only the SVD-based orders refuse it, as `svd` does);
//!   complex results are real.
//! - Nothing is scaled: the 2-norm is `sqrt(sum(|x|^2))`, so `[1e200, 1e200]` is inf and
//!   `[1e-200]` is 0, as in NumPy; a p-norm is `sum(|x|^p) ** (1/p)`, the exponent rounded to
//!   the result's dtype (`reciprocal(ord, dtype=ret.dtype)`).
//! - `norm`'s dispatch: with `axis=None` and `ord=None` (or `'fro'` of a matrix, 2 of a
//!   vector) the flattened `dot(x, x)`; one axis is a vector norm, two a matrix norm, any
//!   other count "Improper number of dimensions to norm.".
//!
//! The one deliberate difference: NumPy's fast path flattens in memory order
//! (`ravel(order='K')`), the engine in logical order, so a strided input gives the same bits
//! as its contiguous copy (the sums differ only in rounding order).

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::normalize_axis;
use crate::ops::reduce::select::host_only;
use crate::ops::reduce::{Axis, ReduceArgs};
use crate::ops::ufunc::scalar_tensor;
use crate::promotion::{Casting, PyScalar};
use crate::tensor::Tensor;

/// `ord=` of a norm.
#[derive(Clone, Debug, PartialEq)]
pub enum NormOrd {
    /// `ord=None`: the 2-norm of a vector, the Frobenius norm of a matrix.
    Default,
    /// A number: `inf`, `-inf`, 0, 1, 2 (and, for matrices, -1, -2), or any p of a vector.
    P(f64),
    /// A string: `'fro'` (or `'f'`) and `'nuc'` name matrix norms; NumPy refuses any other,
    /// and every string for a vector.
    Str(String),
}

impl NormOrd {
    /// Whether this is the number `p` (NumPy's `ord == p`).
    pub(crate) fn is(&self, p: f64) -> bool {
        matches!(self, NormOrd::P(x) if *x == p)
    }

    /// `ord in ('f', 'fro')`.
    fn is_fro(&self) -> bool {
        matches!(self, NormOrd::Str(s) if s == "fro" || s == "f")
    }
}

/// `x` as `norm` computes with it: `x.astype(float)` unless it is `np.inexact` (bfloat16 is
/// not, in ml_dtypes).
fn as_inexact(x: &Tensor) -> Result<Tensor> {
    if x.dtype().is_inexact() && x.dtype() != DType::BF16 {
        Ok(x.clone())
    } else {
        x.astype(DType::F64, Casting::Unsafe)
    }
}

/// `(x.conj() * x).real`, elementwise (a real `x` is just squared by `multiply`).
fn squares(x: &Tensor) -> Result<Tensor> {
    if x.dtype().is_complex() {
        x.conjugate()?.multiply(x)?.real()
    } else {
        x.multiply(x)
    }
}

/// The reductions' keywords: `axis`, `keepdims`, and `initial=0` when NumPy passes it.
fn over(axis: Axis, keepdims: bool, initial_zero: bool) -> ReduceArgs {
    ReduceArgs {
        axis,
        keepdims,
        initial: initial_zero.then_some(PyScalar::Int(0)),
        ..ReduceArgs::default()
    }
}

/// NumPy's vector norms over the one axis in `axis` (a 1-tuple, as `norm` passes it on).
fn vector(
    op: &'static str,
    x: &Tensor,
    axis: Axis,
    keepdims: bool,
    ord: &NormOrd,
) -> Result<Tensor> {
    let args = over(axis, keepdims, false);
    // None of the strings is a vector norm; `ord=None` is the 2-norm.
    let p = match ord {
        NormOrd::Str(s) => {
            return Err(Error::Value {
                op,
                msg: format!("Invalid norm order '{s}' for vectors"),
            })
        }
        NormOrd::Default => 2.0,
        NormOrd::P(p) => *p,
    };
    if p == f64::INFINITY {
        x.absolute()?.max(&ReduceArgs {
            initial: Some(PyScalar::Int(0)),
            ..args
        })
    } else if p == f64::NEG_INFINITY {
        x.absolute()?.min(&args)
    } else if p == 0.0 {
        x.not_equal(0i64)?
            .astype(x.dtype().to_real(), Casting::Unsafe)?
            .sum(&args)
    } else if p == 1.0 {
        x.absolute()?.sum(&args)
    } else if p == 2.0 {
        squares(x)?.sum(&args)?.sqrt()
    } else {
        // `absx **= ord`: Python's `**` takes NumPy's fast paths for an exponent of 0.5
        // (sqrt) and -1 (reciprocal, for an int -1; a float -1.0 calls power, which rounds
        // the same quotient).
        let a = x.absolute()?;
        let a = if p == 0.5 {
            a.sqrt()?
        } else if p == -1.0 {
            a.reciprocal()?
        } else {
            a.power(p)?
        };
        let s = a.sum(&args)?;
        // `ret **= reciprocal(ord, dtype=ret.dtype)`: the exponent rounded to the result's
        // dtype (float16: 1/3 is 0.33325), a NumPy scalar, so always `power`.
        let r = scalar_tensor(PyScalar::Float(p), s.dtype()).reciprocal()?;
        s.power(&r)
    }
}

/// `op` of the singular values of the matrices in axes `(row, col)` (`_multi_svd_norm`).
fn svd_reduce(
    x: &Tensor,
    row: usize,
    col: usize,
    reduce: fn(&Tensor, &ReduceArgs) -> Result<Tensor>,
    initial_zero: bool,
) -> Result<Tensor> {
    // `moveaxis(x, (row, col), (-2, -1))`: the other axes in order, then row and column.
    let mut perm: Vec<usize> = (0..x.ndim()).filter(|&a| a != row && a != col).collect();
    perm.extend([row, col]);
    let s = super::nonfinite::svdvals(&x.permute(Some(&perm))?)?;
    reduce(&s, &over(Axis::One(-1), false, initial_zero))
}

/// NumPy's matrix norms over axes `(row, col)`.
fn matrix(
    op: &'static str,
    x: &Tensor,
    (row, col): (isize, isize),
    keepdims: bool,
    ord: &NormOrd,
) -> Result<Tensor> {
    let nd = x.ndim();
    let (r, c) = (normalize_axis(op, row, nd)?, normalize_axis(op, col, nd)?);
    if r == c {
        return Err(Error::Value {
            op,
            msg: "Duplicate axes given.".into(),
        });
    }
    // The sums of |x| along one axis; the other axis's index after that axis is gone.
    let abs_sum = |axis: usize| {
        x.absolute()?
            .sum(&over(Axis::One(axis as isize), false, false))
    };
    let after = |axis: usize, gone: usize| Axis::One((axis - usize::from(axis > gone)) as isize);
    let ret = match ord {
        o if o.is(2.0) => svd_reduce(x, r, c, Tensor::max, true)?,
        o if o.is(-2.0) => svd_reduce(x, r, c, Tensor::min, false)?,
        o if o.is(1.0) => abs_sum(r)?.max(&over(after(c, r), false, true))?,
        o if o.is(f64::INFINITY) => abs_sum(c)?.max(&over(after(r, c), false, true))?,
        o if o.is(-1.0) => abs_sum(r)?.min(&over(after(c, r), false, false))?,
        o if o.is(f64::NEG_INFINITY) => abs_sum(c)?.min(&over(after(r, c), false, false))?,
        o if *o == NormOrd::Default || o.is_fro() => squares(x)?
            .sum(&over(
                Axis::Many(vec![r as isize, c as isize]),
                false,
                false,
            ))?
            .sqrt()?,
        NormOrd::Str(s) if s == "nuc" => svd_reduce(x, r, c, Tensor::sum, true)?,
        _ => {
            return Err(Error::Value {
                op,
                msg: "Invalid norm order for matrices.".into(),
            })
        }
    };
    if !keepdims {
        return Ok(ret);
    }
    let mut shape: Vec<isize> = x.shape().iter().map(|&n| n as isize).collect();
    shape[r] = 1;
    shape[c] = 1;
    ret.reshape(&shape)
}

/// `sqrt(dot(x, x))` of the flattened `x` (real and imaginary parts dotted separately).
fn flat(x: &Tensor, keepdims: bool) -> Result<Tensor> {
    let v = x.reshape(&[-1])?;
    let sq = if v.dtype().is_complex() {
        let (re, im) = (v.real()?, v.imag()?);
        re.dot(&re)?.add(&im.dot(&im)?)?
    } else {
        v.dot(&v)?
    };
    let ret = sq.sqrt()?;
    if keepdims {
        ret.reshape(&vec![1; x.ndim()])
    } else {
        Ok(ret)
    }
}

/// `np.linalg.norm(x, ord, axis, keepdims)` under the name `op` (the entry point NumPy's
/// `vector_norm` and `matrix_norm` call too).
fn norm_as(
    op: &'static str,
    x: &Tensor,
    ord: &NormOrd,
    axis: &Axis,
    keepdims: bool,
) -> Result<Tensor> {
    host_only(op, &[x])?;
    let x = as_inexact(x)?;
    let nd = x.ndim();
    if *axis == Axis::All
        && (*ord == NormOrd::Default || (ord.is_fro() && nd == 2) || (ord.is(2.0) && nd == 1))
    {
        return flat(&x, keepdims);
    }
    let axes: Vec<isize> = match axis {
        Axis::All => (0..nd as isize).collect(),
        Axis::One(a) => vec![*a],
        Axis::Many(v) => v.clone(),
    };
    match axes[..] {
        [a] => vector(op, &x, Axis::Many(vec![a]), keepdims, ord),
        [r, c] => matrix(op, &x, (r, c), keepdims, ord),
        _ => Err(Error::Value {
            op,
            msg: "Improper number of dimensions to norm.".into(),
        }),
    }
}

/// `normalize_axis_tuple(axes, ndim)`: each in range (AxisError), none repeated.
fn axis_tuple(op: &'static str, axes: &[isize], ndim: usize) -> Result<Vec<usize>> {
    let v = axes
        .iter()
        .map(|&a| normalize_axis(op, a, ndim))
        .collect::<Result<Vec<usize>>>()?;
    if (1..v.len()).any(|i| v[..i].contains(&v[i])) {
        return Err(Error::Value {
            op,
            msg: "repeated axis".into(),
        });
    }
    Ok(v)
}

impl Tensor {
    /// `np.linalg.norm(self, ord, axis, keepdims)`: a vector norm over one axis, a matrix norm
    /// over two, and with `axis=None` the norm of a 1-D or 2-D input (of the flattened input
    /// for `ord=None`).
    pub fn norm(&self, ord: &NormOrd, axis: &Axis, keepdims: bool) -> Result<Tensor> {
        norm_as("norm", self, ord, axis, keepdims)
    }

    /// `np.linalg.vector_norm(self, axis=axis, keepdims=keepdims, ord=ord)` (NumPy's default
    /// ord is 2; `Default` is the same): over every axis (`None`), one, or a tuple of them,
    /// which are moved to the front and flattened into one.
    pub fn vector_norm(&self, axis: &Axis, keepdims: bool, ord: &NormOrd) -> Result<Tensor> {
        const OP: &str = "vector_norm";
        let nd = self.ndim();
        let (x, along, reduced): (Tensor, isize, Option<Vec<usize>>) = match axis {
            Axis::All => (self.reshape(&[-1])?, 0, Some((0..nd).collect())),
            Axis::Many(v) => {
                let axes = axis_tuple(OP, v, nd)?;
                let rest: Vec<usize> = (0..nd).filter(|a| !axes.contains(a)).collect();
                let mut shape = vec![axes.iter().map(|&a| self.shape()[a]).product::<usize>()];
                shape.extend(rest.iter().map(|&a| self.shape()[a]));
                let mut perm = axes.clone();
                perm.extend(&rest);
                let shape: Vec<isize> = shape.iter().map(|&n| n as isize).collect();
                (self.permute(Some(&perm))?.reshape(&shape)?, 0, Some(axes))
            }
            Axis::One(a) => (self.clone(), *a, None),
        };
        let res = norm_as(OP, &x, ord, &Axis::One(along), false)?;
        if !keepdims {
            return Ok(res);
        }
        let reduced = match reduced {
            Some(r) => r,
            None => vec![normalize_axis(OP, along, nd)?],
        };
        let shape: Vec<isize> = (0..nd)
            .map(|a| {
                if reduced.contains(&a) {
                    1
                } else {
                    self.shape()[a] as isize
                }
            })
            .collect();
        res.reshape(&shape)
    }

    /// `np.linalg.matrix_norm(self, keepdims=keepdims, ord=ord)`: the norm of each matrix in
    /// the last two axes (NumPy's default ord is `'fro'`; `Default` is the same).
    pub fn matrix_norm(&self, keepdims: bool, ord: &NormOrd) -> Result<Tensor> {
        norm_as(
            "matrix_norm",
            self,
            ord,
            &Axis::Many(vec![-2, -1]),
            keepdims,
        )
    }
}
