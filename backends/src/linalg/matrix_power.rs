//! `numpy.linalg.matrix_power`: repeated `matmul` over stacks of square matrices, in NumPy's
//! order of multiplications so that each product rounds (and promotes) as NumPy's does.
//!
//! NumPy's rules, followed here (`numpy/linalg/_linalg.py`):
//! - The stack is checked first (LinAlgError), then the exponent (`operator.index`: an int
//!   or a bool; a float raises TypeError "exponent must be an integer").
//! - `n = 0` is the identity in the input's dtype (bool: True on the diagonal); `n = 1` the
//!   input itself; `n < 0` is `inv(a)` raised to `|n|` (float64 for integers and bool, and
//!   float16's TypeError and a singular matrix's LinAlgError are `inv`'s).
//! - `n = 2` is `a @ a`, `n = 3` is `(a @ a) @ a`; larger `n` runs over its bits from the least
//!   significant: `z` squared at each step and multiplied into the result where a bit is set.
//! - Each product is `matmul`'s: integers wrap, bool is OR of ANDs, bfloat16 becomes float32.

use super::stack::square_stack;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::astype::cast_unchecked;
use crate::ops::reduce::select::host_only;
use crate::promotion::PyScalar;
use crate::tensor::Tensor;

/// Stacked identities of `shape` (`order x order` matrices) in `dtype`, a fresh array.
fn identity(shape: &[usize], order: usize, dtype: DType) -> Result<Tensor> {
    let eye: Vec<bool> = (0..order * order).map(|k| k / order == k % order).collect();
    cast_unchecked(&Tensor::from_vec(eye, &[order, order])?, dtype)?
        .broadcast_to(shape)?
        .copy()
}

impl Tensor {
    /// `np.linalg.matrix_power(self, n)`: each matrix of the stack raised to the integer
    /// power `n` (a Python int or bool; see the module docs for the order of products).
    pub fn matrix_power(&self, n: PyScalar) -> Result<Tensor> {
        const OP: &str = "linalg.matrix_power";
        host_only(OP, &[self])?;
        let (_, order) = square_stack(OP, self)?;
        let n = match n {
            PyScalar::Int(v) => v,
            PyScalar::Bool(b) => i128::from(b),
            PyScalar::Float(_) | PyScalar::Complex(..) => {
                return Err(Error::Type {
                    op: OP,
                    msg: "exponent must be an integer".into(),
                })
            }
        };
        if n == 0 {
            return identity(self.shape(), order, self.dtype());
        }
        let a = if n < 0 { self.inv()? } else { self.clone() };
        let mut n = n.unsigned_abs();
        match n {
            1 => return Ok(a),
            2 => return a.matmul(&a),
            3 => return a.matmul(&a)?.matmul(&a),
            _ => {}
        }
        // z = a^(2^i) at bit i; the result collects the set bits' powers, lowest first.
        let mut z = a;
        let mut result: Option<Tensor> = None;
        let mut first = true;
        while n > 0 {
            if !first {
                z = z.matmul(&z)?;
            }
            first = false;
            if n & 1 == 1 {
                result = Some(match result {
                    None => z.clone(),
                    Some(r) => r.matmul(&z)?,
                });
            }
            n >>= 1;
        }
        result.ok_or(Error::Value {
            op: OP,
            msg: "an exponent of 4 or more has a set bit".into(),
        })
    }
}
