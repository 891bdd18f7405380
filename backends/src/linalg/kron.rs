//! `numpy.kron`: the Kronecker product, computed as NumPy does — one `multiply` of the two
//! operands spread over interleaved axes, then a reshape — so its dtype and values are the
//! `multiply` ufunc's (integers wrap, bool stays bool).

use crate::error::Result;
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;

/// `t` with `lead` leading axes of length 1 added, then an axis of length 1 inserted after
/// (`after`) or before every axis: views all (a broadcast operand is never copied).
fn interleaved(t: &Tensor, lead: usize, after: bool) -> Result<Tensor> {
    let mut x = t.clone();
    for _ in 0..lead {
        x = x.expand_dims(0)?;
    }
    for i in 0..x.ndim() {
        x = x.expand_dims((2 * i + usize::from(after)) as isize)?;
    }
    Ok(x)
}

impl Tensor {
    /// `np.kron(self, other)`: blocks of `other` scaled by each element of `self`; the operand
    /// with fewer dimensions is prepended with 1s, and the result has shape
    /// `(r0 * s0, r1 * s1, ...)`. A 0-d operand multiplies.
    pub fn kron(&self, other: &Tensor) -> Result<Tensor> {
        host_only("kron", &[self, other])?;
        if self.ndim() == 0 || other.ndim() == 0 {
            return self.multiply(other);
        }
        let nd = self.ndim().max(other.ndim());
        // Axes (r0, 1, r1, 1, ...) against (1, s0, 1, s1, ...): every product in the order of
        // the result's elements once the pairs are merged.
        let a = interleaved(self, nd - self.ndim(), true)?;
        let b = interleaved(other, nd - other.ndim(), false)?;
        let product = a.multiply(&b)?;
        let merged: Vec<isize> = product
            .shape()
            .chunks(2)
            .map(|p| (p[0] * p[1]) as isize)
            .collect();
        product.reshape(&merged)
    }
}
