//! `numpy.linalg.eig` and `eigvals`: eigenvalues and right eigenvectors of general square
//! stacks, through faer in float64/complex128 (see [`super::stack`]).
//!
//! NumPy's rules (LAPACK's `geev` under `_umath_linalg.eig`):
//! - A NaN or an infinity anywhere raises LinAlgError "Array must not contain infs or NaNs",
//!   checked after the square check and before the dtype.
//! - The output dtype depends on the values: for real input, when every eigenvalue of the
//!   whole stack is real the results are real (float32 for float32 input, else float64),
//!   otherwise complex (complex64 / complex128). Followed here rather than PyTorch's
//!   "always complex", since NumPy is the specification.
//! - Each eigenvector has Euclidean norm 1 and, where it is complex, its largest component
//!   (the first of the largest) real, as `geev` normalizes it; a real eigenvector's sign is
//!   the solver's choice. The eigenvalues' order is the solver's too.

use super::decompose;
use super::hermitian::{balanced, each};
use super::stack::{from_matrices, from_values, matrices, result_dtype, square_stack, Field};
use crate::dtype::DType;
use crate::element::Cf64;
use crate::error::{Error, Result};
use crate::ops::astype::cast_unchecked;
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use faer::Mat;

/// `v` scaled to norm 1 and, when `phase`, rotated so that its largest component (the first
/// of equal ones, by `|re|^2 + |im|^2`) is real and nonnegative, as `zgeev` does.
fn normalized(v: &mut [Cf64], phase: bool) {
    let norm = v.iter().fold(0.0f64, |acc, z| acc.hypot(z.norm()));
    if norm > 0.0 {
        v.iter_mut().for_each(|z| *z /= norm);
    }
    if !phase {
        return;
    }
    let mut k = 0;
    for (i, z) in v.iter().enumerate() {
        if z.norm_sqr() > v[k].norm_sqr() {
            k = i;
        }
    }
    if let Some(&top) = v.get(k) {
        let size = top.norm();
        if size > 0.0 {
            let turn = top.conj() / size;
            v.iter_mut().for_each(|z| *z *= turn);
            v[k] = Cf64::new(v[k].re, 0.0);
        }
    }
}

/// The symmetric permutation of LAPACK's `gebal` (job 'P') that isolates eigenvalues: rows
/// zero off the diagonal (within the active block) go to the bottom, such columns to the top.
/// The permuted matrix is block upper triangular with triangular outer blocks, so the
/// eigenvalues there are read off exactly (a triangular matrix's eigenvalues are its
/// diagonal: NumPy returns them real and exact where an unbalanced QR iteration gives a
/// defective cluster complex parts of order sqrt(eps)). `perm[i]` is the original index of
/// row and column `i`.
fn isolating<T: Field>(a: &Mat<T>) -> Vec<usize> {
    let n = a.nrows();
    let mut perm: Vec<usize> = (0..n).collect();
    let at = |perm: &[usize], i: usize, j: usize| a[(perm[i], perm[j])];
    let (mut k, mut l) = (0usize, n);
    // Rows isolating an eigenvalue, pushed down.
    while let Some(i) = (0..l)
        .rev()
        .find(|&i| (0..l).all(|j| j == i || at(&perm, i, j).is_zero()))
    {
        perm.swap(i, l - 1);
        l -= 1;
    }
    // Columns isolating an eigenvalue, pushed left.
    while let Some(j) = (k..l).find(|&j| (k..l).all(|i| i == j || at(&perm, i, j).is_zero())) {
        perm.swap(j, k);
        k += 1;
    }
    perm
}

/// An eigenvector of `a` for `w` by inverse iteration (two steps from the ones vector, Gaussian
/// elimination with partial pivoting on `a - w I`, an exactly zero pivot replaced by
/// `eps ||A||`, as LAPACK's `trevc` perturbs one): where faer returns a zero vector, which it
/// does for a defective eigenvalue's second copy, and LAPACK returns a unit vector (nearly
/// parallel to the first).
fn inverse_iteration(a: &Mat<Cf64>, w: Cf64) -> Vec<Cf64> {
    let n = a.nrows();
    let mut top = 0.0f64;
    for j in 0..n {
        for i in 0..n {
            top = top.hypot(a[(i, j)].norm());
        }
    }
    let tiny = f64::EPSILON * top.max(f64::MIN_POSITIVE);
    let mut x = vec![Cf64::new(1.0, 0.0); n];
    for _ in 0..2 {
        let mut m: Vec<Cf64> = (0..n * n)
            .map(|k| {
                a[(k / n, k % n)]
                    - if k / n == k % n {
                        w
                    } else {
                        Cf64::new(0.0, 0.0)
                    }
            })
            .collect();
        let mut b = x.clone();
        for c in 0..n {
            let p = (c..n)
                .max_by(|&i, &j| m[i * n + c].norm().total_cmp(&m[j * n + c].norm()))
                .unwrap_or(c);
            for k in 0..n {
                m.swap(c * n + k, p * n + k);
            }
            b.swap(c, p);
            if m[c * n + c].norm() < tiny {
                m[c * n + c] = Cf64::new(tiny, 0.0);
            }
            for r in c + 1..n {
                let f = m[r * n + c] / m[c * n + c];
                for k in c..n {
                    let t = m[c * n + k];
                    m[r * n + k] -= f * t;
                }
                let t = b[c];
                b[r] -= f * t;
            }
        }
        for c in (0..n).rev() {
            let s: Cf64 = (c + 1..n).map(|k| m[c * n + k] * b[k]).sum();
            b[c] = (b[c] - s) / m[c * n + c];
        }
        let norm = b.iter().fold(0.0f64, |acc, z| acc.hypot(z.norm()));
        if !(norm.is_finite() && norm > 0.0) {
            break;
        }
        x = b.into_iter().map(|z| z / norm).collect();
    }
    x
}

/// The eigenvalues and normalized eigenvectors of one matrix.
fn one_eig<T: Field>(a: &Mat<T>, real_input: bool) -> Option<(Vec<Cf64>, Mat<Cf64>)> {
    let perm = isolating(a);
    let n = a.nrows();
    let p = Mat::from_fn(n, n, |i, j| a[(perm[i], perm[j])]);
    let (b, scale) = balanced(&p);
    let (w, v) = decompose::eig(&b)?;
    // Row i of the permuted problem is row perm[i] of the original.
    let mut cols: Vec<Vec<Cf64>> = (0..n)
        .map(|j| {
            let mut c = vec![Cf64::new(0.0, 0.0); n];
            for i in 0..n {
                c[perm[i]] = v[(i, j)];
            }
            c
        })
        .collect();
    let bc = Mat::from_fn(n, n, |i, j| {
        let z = b[(i, j)];
        Cf64::new(z.real_part(), z.imag_part())
    });
    for (j, c) in cols.iter_mut().enumerate() {
        let norm = c.iter().fold(0.0f64, |acc, z| acc.hypot(z.norm()));
        if !(norm.is_finite() && norm > 0.0) {
            // In the balanced, permuted problem, then back to the original rows.
            let x = inverse_iteration(&bc, w[j]);
            for i in 0..n {
                c[perm[i]] = x[i];
            }
        }
        normalized(c, !real_input || w[j].im != 0.0);
    }
    let w = w.into_iter().map(|z| z * scale).collect();
    Some((w, Mat::from_fn(n, n, |i, j| cols[j][i])))
}

/// `(eigenvalues, eigenvectors)` of every matrix of `a`, in the dtypes NumPy returns.
fn eig_in<T: Field>(a: &Tensor, d: DType) -> Result<(Tensor, Tensor)> {
    let (batch, n) = square_stack("eig", a)?;
    let mats = matrices::<T>(a, &batch, n, n)?;
    let real_input = !d.is_complex();
    let pairs: Vec<(Vec<Cf64>, Mat<Cf64>)> = each(&mats, |m| one_eig(m, real_input))
        .into_iter()
        .collect::<Option<_>>()
        .ok_or_else(|| Error::LinAlg {
            op: "eig",
            msg: "Eigenvalues did not converge".into(),
        })?;
    let all_real = pairs.iter().all(|(w, _)| w.iter().all(|z| z.im == 0.0));
    let out = match (real_input && all_real, d) {
        (true, _) => d,
        (false, DType::F32 | DType::C64) => DType::C64,
        (false, _) => DType::C128,
    };
    let w: Vec<Cf64> = pairs.iter().flat_map(|(w, _)| w.iter().copied()).collect();
    let v: Vec<Mat<Cf64>> = pairs.into_iter().map(|(_, v)| v).collect();
    let mut shape = batch;
    shape.push(n);
    let w = from_values(w, &shape, out)?;
    shape.push(n);
    Ok((w, from_matrices(&v, &shape, out)?))
}

/// NumPy's `_assert_finite`.
fn finite(op: &'static str, a: &Tensor) -> Result<()> {
    let v = cast_unchecked(a, DType::C128)?
        .contiguous()?
        .to_vec::<Cf64>()?;
    if v.iter().all(|z| z.re.is_finite() && z.im.is_finite()) {
        Ok(())
    } else {
        Err(Error::LinAlg {
            op,
            msg: "Array must not contain infs or NaNs".into(),
        })
    }
}

impl Tensor {
    /// `np.linalg.eig(self)`: the eigenvalues and right eigenvectors (unit columns) of each
    /// square matrix of the stack; real when the input is real and every eigenvalue is.
    pub fn eig(&self) -> Result<(Tensor, Tensor)> {
        const OP: &str = "eig";
        host_only(OP, &[self])?;
        square_stack(OP, self)?;
        finite(OP, self)?;
        let d = result_dtype(OP, &[self.dtype()])?;
        if d.is_complex() {
            eig_in::<Cf64>(self, d)
        } else {
            eig_in::<f64>(self, d)
        }
    }

    /// `np.linalg.eigvals(self)`: the eigenvalues of `eig`, without the vectors.
    pub fn eigvals(&self) -> Result<Tensor> {
        self.eig().map(|(w, _)| w)
    }
}
