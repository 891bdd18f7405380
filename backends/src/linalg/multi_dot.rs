//! `numpy.linalg.multi_dot`: a chain of `dot`s in the order NumPy's cost model picks, so each
//! intermediate product is the one NumPy rounds (and its dtype the one NumPy promotes to).
//!
//! NumPy's rules, followed here (`numpy/linalg/_linalg.py`):
//! - Two arrays are `dot(a, b)`, whatever their dimensions.
//! - Otherwise a 1-D first array is a row `(1, k)` and a 1-D last array a column `(k, 1)`;
//!   every array must then be 2-D (LinAlgError). The added dimensions are dropped from the
//!   result (two vectors give a 0-d result).
//! - Three arrays: `(AB)C` when `a0 b1 (a1 + c1) < a1 c1 (a0 + b1)` (`_multi_dot_three`), else
//!   `A(BC)`.
//! - More: the textbook matrix-chain dynamic programme (`_multi_dot_matrix_chain_order`), with
//!   its costs accumulated in float64 as NumPy's `m` array holds them, ties to the first split.

use crate::error::{Error, Result};
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;

/// `_multi_dot_three`: `(AB)C` or `A(BC)`, whichever costs fewer scalar multiplications.
fn three(a: &Tensor, b: &Tensor, c: &Tensor) -> Result<Tensor> {
    let (a0, a1b0) = (a.shape()[0] as u128, a.shape()[1] as u128);
    let (b1c0, c1) = (c.shape()[0] as u128, c.shape()[1] as u128);
    let cost1 = a0 * b1c0 * (a1b0 + c1);
    let cost2 = a1b0 * c1 * (a0 + b1c0);
    if cost1 < cost2 {
        a.dot(b)?.dot(c)
    } else {
        a.dot(&b.dot(c)?)
    }
}

/// `_multi_dot_matrix_chain_order`: `s[i][j]`, the split of `A_i..A_j` of least cost.
fn chain_order(arrays: &[Tensor]) -> Vec<Vec<usize>> {
    let n = arrays.len();
    let mut p: Vec<u128> = arrays.iter().map(|a| a.shape()[0] as u128).collect();
    p.push(arrays[n - 1].shape()[1] as u128);
    let mut m = vec![vec![0f64; n]; n];
    let mut s = vec![vec![0usize; n]; n];
    for l in 1..n {
        for i in 0..n - l {
            let j = i + l;
            m[i][j] = f64::INFINITY;
            for k in i..j {
                // Python adds the int product to the float64 sum: it is rounded to float64.
                let q = m[i][k] + m[k + 1][j] + (p[i] * p[k + 1] * p[j + 1]) as f64;
                if q < m[i][j] {
                    m[i][j] = q;
                    s[i][j] = k;
                }
            }
        }
    }
    s
}

/// `_multi_dot`: the product of `arrays[i..=j]` split as `order` says.
fn chain(arrays: &[Tensor], order: &[Vec<usize>], i: usize, j: usize) -> Result<Tensor> {
    if i == j {
        return Ok(arrays[i].clone());
    }
    let k = order[i][j];
    chain(arrays, order, i, k)?.dot(&chain(arrays, order, k + 1, j)?)
}

/// `np.linalg.multi_dot(arrays)`: the product of two or more arrays, multiplied in the order
/// of least cost as NumPy chooses it (see the module docs).
pub fn multi_dot(arrays: &[Tensor]) -> Result<Tensor> {
    const OP: &str = "linalg.multi_dot";
    let n = arrays.len();
    if n < 2 {
        return Err(Error::Value {
            op: OP,
            msg: "Expecting at least two arrays.".into(),
        });
    }
    host_only(OP, &arrays.iter().collect::<Vec<_>>())?;
    if n == 2 {
        return arrays[0].dot(&arrays[1]);
    }
    let (row, column) = (arrays[0].ndim() == 1, arrays[n - 1].ndim() == 1);
    let mut m = arrays.to_vec();
    if row {
        m[0] = m[0].reshape(&[1, -1])?;
    }
    if column {
        m[n - 1] = m[n - 1].reshape(&[-1, 1])?;
    }
    if let Some(t) = m.iter().find(|t| t.ndim() != 2) {
        return Err(Error::LinAlg {
            op: OP,
            msg: format!(
                "{}-dimensional array given. Array must be two-dimensional",
                t.ndim()
            ),
        });
    }
    let r = if n == 3 {
        three(&m[0], &m[1], &m[2])?
    } else {
        chain(&m, &chain_order(&m), 0, n - 1)?
    };
    match (row, column) {
        // `result[0, 0]`.
        (true, true) => r.reshape(&[]),
        (true, false) | (false, true) => r.ravel(),
        (false, false) => Ok(r),
    }
}
