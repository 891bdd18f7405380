//! `numpy.linalg.tensorinv` and `numpy.linalg.tensorsolve`: `inv` and `solve` of a tensor
//! read as a square matrix, composed from the engine's reshape, transpose, `inv` and `solve`
//! exactly as `numpy/linalg/_linalg.py` composes them, so their dtypes and errors follow.
//!
//! NumPy's rules, followed here:
//! - `tensorinv(a, ind)`: `ind <= 0` is ValueError "Invalid ind argument."; `a` is reshaped
//!   to `(prod(a.shape[ind:]), -1)` (NumPy's reshape errors, a zero product included), inverted,
//!   and reshaped to `a.shape[ind:] + a.shape[:ind]` (a 0-d `a` then meets reshape's
//!   TypeError for no arguments).
//! - `tensorsolve(a, b, axes)`: the `axes` of `a` move to the end (an axis not in
//!   `range(a.ndim)`, a negative one too, is list.remove's ValueError); the solution's shape
//!   is `a.shape[-(a.ndim - b.ndim):]` (all of `a.shape` when the dimensions are equal, as
//!   Python's `-0` slice gives); `a.size != prod(shape)**2` is LinAlgError; then
//!   `solve(a.reshape(prod, prod), b.ravel())` reshaped to that shape.

use crate::error::{Error, Result};
use crate::tensor::Tensor;

/// `dims` as the `isize` shape `reshape` takes, or ValueError past its range.
fn signed(op: &'static str, dims: &[usize]) -> Result<Vec<isize>> {
    dims.iter()
        .map(|&d| {
            isize::try_from(d).map_err(|_| Error::Value {
                op,
                msg: "dimension too large".into(),
            })
        })
        .collect()
}

impl Tensor {
    /// `np.linalg.tensorinv(self, ind)`: the inverse of `self` read as a matrix of its first
    /// `ind` dimensions against the rest, shaped `shape[ind:] + shape[:ind]`.
    pub fn tensorinv(&self, ind: i64) -> Result<Tensor> {
        const OP: &str = "tensorinv";
        if ind <= 0 {
            return Err(Error::Value {
                op: OP,
                msg: "Invalid ind argument.".into(),
            });
        }
        let shape = self.shape();
        let cut = usize::try_from(ind).unwrap_or(usize::MAX).min(shape.len());
        let rows: usize = shape[cut..].iter().product();
        let mut inv_shape = shape[cut..].to_vec();
        inv_shape.extend_from_slice(&shape[..cut]);
        let rows = isize::try_from(rows).map_err(|_| Error::Value {
            op: OP,
            msg: "dimension too large".into(),
        })?;
        // NumPy's reshape(0, -1) cannot infer the -1 of an empty array.
        if rows == 0 {
            return Err(Error::Value {
                op: OP,
                msg: format!(
                    "cannot reshape array of size {} into shape (0,newaxis)",
                    self.numel()
                ),
            });
        }
        let inverse = self.reshape(&[rows, -1])?.inv()?;
        if inv_shape.is_empty() {
            // `ia.reshape(*())`: NumPy's reshape refuses no arguments.
            return Err(Error::Type {
                op: OP,
                msg: "reshape() takes exactly 1 argument (0 given)".into(),
            });
        }
        inverse.reshape(&signed(OP, &inv_shape)?)
    }

    /// `np.linalg.tensorsolve(self, b, axes)`: `x` with `tensordot(self, x, x.ndim) == b`.
    pub fn tensorsolve(&self, b: &Tensor, axes: Option<&[i64]>) -> Result<Tensor> {
        const OP: &str = "tensorsolve";
        let an = self.ndim();
        let a = match axes {
            None => self.clone(),
            Some(axes) => {
                let mut all: Vec<usize> = (0..an).collect();
                for &k in axes {
                    let pos = usize::try_from(k)
                        .ok()
                        .and_then(|k| all.iter().position(|&x| x == k))
                        .ok_or_else(|| Error::Value {
                            op: OP,
                            msg: "list.remove(x): x not in list".into(),
                        })?;
                    let k = all.remove(pos);
                    all.push(k);
                }
                self.permute(Some(&all))?
            }
        };
        // `a.shape[-(an - b.ndim):]`: Python's `-0` is 0, the whole shape; a `b` of more
        // dimensions than `a` slices from a positive start.
        let bn = b.ndim();
        let start = match bn.cmp(&an) {
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Less => bn,
            std::cmp::Ordering::Greater => (bn - an).min(an),
        };
        let old: Vec<usize> = a.shape()[start..].to_vec();
        let prod = old
            .iter()
            .try_fold(1usize, |p, &d| p.checked_mul(d))
            .ok_or_else(|| Error::Value {
                op: OP,
                msg: "dimension too large".into(),
            })?;
        if prod.checked_mul(prod) != Some(a.numel()) {
            return Err(Error::LinAlg {
                op: OP,
                msg: "Input arrays must satisfy the requirement prod(a.shape[b.ndim:]) == \
                      prod(a.shape[:b.ndim])"
                    .into(),
            });
        }
        let p = signed(OP, &[prod])?[0];
        let x = a.reshape(&[p, p])?.solve(&b.ravel()?)?;
        x.reshape(&signed(OP, &old)?)
    }
}
