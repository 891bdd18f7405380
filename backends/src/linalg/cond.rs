//! `numpy.linalg.cond`, as `numpy/linalg/_linalg.py` computes it.
//!
//! NumPy's rules, followed here:
//! - An empty matrix (`x.size == 0` and the last two dimensions' product 0) is LinAlgError
//!   "cond is not defined on empty arrays"; an empty stack of non-empty matrices is not.
//! - `p=None`, 2 and -2 come from the singular values (any `m x n` matrix):
//!   `s[..., 0] / s[..., -1]`, or its reciprocal for -2, in the real result dtype.
//! - Any other `p` is `norm(x, p) * norm(inv(x), p)` over the last two axes of a square
//!   stack: the inverse in float64/complex128 (float32 input is not rounded back first),
//!   each singular matrix's inverse all NaN (NumPy's gufunc fills a failed matrix and goes
//!   on), `x`'s own norm in `x`'s dtype; the product is cast to the real result dtype.
//!   `'nuc'` of a singular matrix is then the SVD of NaNs: "SVD did not converge".
//! - A NaN result becomes inf unless that matrix of `x` holds a NaN.
//! - Floating-point errors are ignored throughout (`errstate(all='ignore')`).

use super::norms::NormOrd;
use super::stack::{result_dtype, square_stack};
use crate::dtype::DType;
use crate::element::{Cf64, Element};
use crate::error::{Error, Result};
use crate::fpe::{errstate, Action, ErrState};
use crate::ops::reduce::select::host_only;
use crate::ops::reduce::{Axis, ReduceArgs};
use crate::ops::view::Slice;
use crate::promotion::Casting;
use crate::tensor::Tensor;

/// `Tensor::inv` of the matrix `m`, on `m` scaled by a power of two (exact) when its largest
/// magnitude is past 2^±500: the engine's LU divides complex numbers without scaling (`|d|^2`
/// overflows past 1e154, so `inv([[1e300j]])` came back 0), where LAPACK's division scales.
fn inverse(m: &Tensor) -> Result<Tensor> {
    let top = m
        .absolute()?
        .max(&ReduceArgs::default())?
        .astype(DType::F64, Casting::Unsafe)?
        .to_vec::<f64>()?;
    let top = top.first().copied().unwrap_or(0.0);
    if !top.is_finite() || top == 0.0 || (2f64.powi(-500)..2f64.powi(500)).contains(&top) {
        return m.inv();
    }
    // Two steps, each a normal float (a single 2^-1074 would not be).
    let e = top.log2().floor() as i32;
    let down = |t: &Tensor| {
        t.multiply(2f64.powi(-(e / 2)))?
            .multiply(2f64.powi(e / 2 - e))
    };
    down(&down(m)?.inv()?)
}

/// The inverse of each `n x n` matrix of `x` (already in its working dtype `T`), or NaNs
/// where it is singular: NumPy's `_umath_linalg.inv` under `errstate(all='ignore')`.
fn inverses_in<T: Element>(x: &Tensor, batch: &[usize], n: usize, nan: T) -> Result<Tensor> {
    let v = x.contiguous()?.to_vec::<T>()?;
    let mut out = Vec::with_capacity(v.len());
    if n > 0 {
        for m in v.chunks(n * n) {
            match inverse(&Tensor::from_vec(m.to_vec(), &[n, n])?) {
                Ok(i) => out.extend(i.to_vec::<T>()?),
                Err(Error::LinAlg { .. }) => out.extend(std::iter::repeat_n(nan, n * n)),
                Err(e) => return Err(e),
            }
        }
    }
    let mut shape = batch.to_vec();
    shape.extend([n, n]);
    Tensor::from_vec(out, &shape)
}

/// `s[..., k]` of the singular values `s` (`k = -1` for the last).
fn column(s: &Tensor, k: isize) -> Result<Tensor> {
    let stop = if k == -1 { None } else { Some(k + 1) };
    s.moveaxis(-1, 0)?
        .slice(&[Slice::new(Some(k), stop, 1)])?
        .squeeze(Some(0))
}

impl Tensor {
    /// `np.linalg.cond(self, p)`: the condition number of each matrix of the stack in the
    /// norm `p` (`Default` is NumPy's `p=None`, the 2-norm from the singular values).
    pub fn cond(&self, p: &NormOrd) -> Result<Tensor> {
        const OP: &str = "cond";
        host_only(OP, &[self])?;
        let nd = self.ndim();
        let tail: usize = self.shape()[nd.saturating_sub(2)..].iter().product();
        if self.numel() == 0 && tail == 0 {
            return Err(Error::LinAlg {
                op: OP,
                msg: "cond is not defined on empty arrays".into(),
            });
        }
        errstate(ErrState::all(Action::Ignore), || {
            let r = if *p == NormOrd::Default || p.is(2.0) || p.is(-2.0) {
                let s = super::nonfinite::svdvals(self)?;
                let (first, last) = (column(&s, 0)?, column(&s, -1)?);
                if p.is(-2.0) {
                    last.divide(&first)?
                } else {
                    first.divide(&last)?
                }
            } else {
                let (batch, n) = square_stack(OP, self)?;
                let d = result_dtype(OP, &[self.dtype()])?;
                let inv = if d.is_complex() {
                    let x = self.astype(DType::C128, Casting::Unsafe)?;
                    inverses_in(&x, &batch, n, Cf64::new(f64::NAN, f64::NAN))?
                } else {
                    let x = self.astype(DType::F64, Casting::Unsafe)?;
                    inverses_in(&x, &batch, n, f64::NAN)?
                };
                let matrices = Axis::Many(vec![-2, -1]);
                self.norm(p, &matrices, false)?
                    .multiply(&inv.norm(p, &matrices, false)?)?
                    .astype(d.to_real(), Casting::Unsafe)?
            };
            // NaN (0/0, or a singular matrix's NaN inverse) is inf, unless x itself had NaN.
            let had_nan = self.isnan()?.any(&ReduceArgs {
                axis: Axis::Many(vec![-2, -1]),
                ..ReduceArgs::default()
            })?;
            let mask = r.isnan()?.logical_and(&had_nan.logical_not()?)?;
            crate::ops::methods::where_(&mask, f64::INFINITY, &r)
        })
    }
}
