//! What every `numpy.linalg` function does before it computes: the stacked-square check, the
//! dtype it computes in and returns, and moving the stack's matrices in and out of faer.
//!
//! NumPy computes every linalg function in float64 or complex128 (`_commonType`: "in lite
//! version, use higher precision") and casts the result back: float32 and complex64 results
//! are rounded from double precision; bool, the integers and bfloat16 (not `np.inexact` in
//! ml_dtypes) give float64; float16 is refused with a TypeError.

use crate::dtype::DType;
use crate::element::{Cf64, Element};
use crate::error::{Error, Result};
use crate::ops::astype::cast_unchecked;
use crate::tensor::Tensor;
use faer::Mat;

/// The field a linalg function computes in: float64 or complex128.
pub(crate) trait Field:
    faer::traits::ComplexField<Real = f64>
    + faer::traits::Conjugate<Canonical = Self>
    + Element
    + Copy
    + Send
    + Sync
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::AddAssign
    + std::ops::SubAssign
    + std::ops::MulAssign
    + std::ops::DivAssign
{
    /// The dtype of the field.
    const WORK: DType;
    /// `|x|` (for complex, `hypot(re, im)`).
    fn magnitude(self) -> f64;
    /// `x / |x|`, the sign (a unit complex number, or ±1).
    fn unit(self) -> Self;
    /// A real number in the field.
    fn real(x: f64) -> Self;
    /// `self * other`.
    fn times(self, other: Self) -> Self;
    /// Whether the value is exactly zero.
    fn is_zero(self) -> bool;
    /// The magnitude LAPACK's pivot search compares: `|x|`, or `|re| + |im|` for complex
    /// (`izamax`'s `dcabs1`).
    fn pivot_size(self) -> f64;
    /// The complex conjugate (itself for a real number).
    fn conjugate(self) -> Self;
    /// The real part.
    fn real_part(self) -> f64;
    /// The imaginary part (0 for a real number).
    fn imag_part(self) -> f64;
    /// `re + im i` in the field (a real field drops `im`).
    fn complex(re: f64, im: f64) -> Self;
    /// `1 / self` without the intermediate overflow of the textbook complex division
    /// (`1 / 1e308` is 0 there): Smith's algorithm, as LAPACK's `zladiv`.
    fn recip(self) -> Self;
    /// `self / d` by Smith's algorithm for complex (no overflow of `|d|^2`), plain division
    /// for real.
    fn quotient(self, d: Self) -> Self;
    /// Eigenvalues of the Hermitian matrix `m` (both triangles set), ascending.
    fn eigvalsh(m: &Mat<Self>) -> Option<Vec<f64>>;
    /// Singular values of `m`, descending; `None` when the iteration does not converge.
    fn svdvals(m: &Mat<Self>) -> Option<Vec<f64>>;
    /// The lower Cholesky factor of the Hermitian matrix `m`, `None` when it is not positive
    /// definite.
    fn cholesky(m: &Mat<Self>) -> Option<Mat<Self>>;
}

impl Field for f64 {
    const WORK: DType = DType::F64;
    fn magnitude(self) -> f64 {
        self.abs()
    }
    fn unit(self) -> Self {
        self.signum()
    }
    fn real(x: f64) -> Self {
        x
    }
    fn times(self, other: Self) -> Self {
        self * other
    }
    fn is_zero(self) -> bool {
        self == 0.0
    }
    fn pivot_size(self) -> f64 {
        self.abs()
    }
    fn conjugate(self) -> Self {
        self
    }
    fn real_part(self) -> f64 {
        self
    }
    fn imag_part(self) -> f64 {
        0.0
    }
    fn complex(re: f64, _: f64) -> Self {
        re
    }
    fn recip(self) -> Self {
        1.0 / self
    }
    fn quotient(self, d: Self) -> Self {
        self / d
    }
    fn eigvalsh(m: &Mat<Self>) -> Option<Vec<f64>> {
        m.self_adjoint_eigenvalues(faer::Side::Lower).ok()
    }
    fn svdvals(m: &Mat<Self>) -> Option<Vec<f64>> {
        m.singular_values().ok()
    }
    fn cholesky(m: &Mat<Self>) -> Option<Mat<Self>> {
        m.llt(faer::Side::Lower).ok().map(|f| f.L().to_owned())
    }
}

impl Field for Cf64 {
    const WORK: DType = DType::C128;
    fn magnitude(self) -> f64 {
        self.re.hypot(self.im)
    }
    fn unit(self) -> Self {
        self / self.magnitude()
    }
    fn real(x: f64) -> Self {
        Cf64::new(x, 0.0)
    }
    fn times(self, other: Self) -> Self {
        self * other
    }
    fn is_zero(self) -> bool {
        self.re == 0.0 && self.im == 0.0
    }
    fn pivot_size(self) -> f64 {
        self.re.abs() + self.im.abs()
    }
    fn conjugate(self) -> Self {
        self.conj()
    }
    fn real_part(self) -> f64 {
        self.re
    }
    fn imag_part(self) -> f64 {
        self.im
    }
    fn complex(re: f64, im: f64) -> Self {
        Cf64::new(re, im)
    }
    fn recip(self) -> Self {
        let (c, d) = (self.re, self.im);
        if c.abs() >= d.abs() {
            let r = d / c;
            let t = 1.0 / (c + d * r);
            Cf64::new(t, -r * t)
        } else {
            let r = c / d;
            let t = 1.0 / (c * r + d);
            Cf64::new(r * t, -t)
        }
    }
    fn quotient(self, d: Self) -> Self {
        let (a, b, c, e) = (self.re, self.im, d.re, d.im);
        if c.abs() >= e.abs() {
            let r = e / c;
            let den = c + e * r;
            Cf64::new((a + b * r) / den, (b - a * r) / den)
        } else {
            let r = c / e;
            let den = c * r + e;
            Cf64::new((a * r + b) / den, (b * r - a) / den)
        }
    }
    fn eigvalsh(m: &Mat<Self>) -> Option<Vec<f64>> {
        m.self_adjoint_eigenvalues(faer::Side::Lower).ok()
    }
    fn svdvals(m: &Mat<Self>) -> Option<Vec<f64>> {
        m.singular_values().ok()
    }
    fn cholesky(m: &Mat<Self>) -> Option<Mat<Self>> {
        m.llt(faer::Side::Lower).ok().map(|f| f.L().to_owned())
    }
}

/// The dtype a linalg function of inputs `dtypes` returns: float32/complex64 when every input
/// is single precision, complex when any is, float64/complex128 otherwise; float16 refused.
pub(crate) fn result_dtype(op: &'static str, dtypes: &[DType]) -> Result<DType> {
    if dtypes.contains(&DType::F16) {
        return Err(Error::Type {
            op,
            msg: "array type float16 is unsupported in linalg".into(),
        });
    }
    let complex = dtypes.iter().any(|d| d.is_complex());
    let single = dtypes.iter().all(|d| matches!(d, DType::F32 | DType::C64));
    Ok(match (complex, single) {
        (true, true) => DType::C64,
        (true, false) => DType::C128,
        (false, true) => DType::F32,
        (false, false) => DType::F64,
    })
}

/// NumPy's `_assert_stacked_2d` and `_assert_stacked_square`: at least two dimensions, the last
/// two equal. The stack's shape and the matrices' order.
pub(crate) fn square_stack(op: &'static str, a: &Tensor) -> Result<(Vec<usize>, usize)> {
    let nd = a.ndim();
    if nd < 2 {
        return Err(Error::LinAlg {
            op,
            msg: format!("{nd}-dimensional array given. Array must be at least two-dimensional"),
        });
    }
    let (r, c) = (a.shape()[nd - 2], a.shape()[nd - 1]);
    if r != c {
        return Err(Error::LinAlg {
            op,
            msg: "Last 2 dimensions of the array must be square".into(),
        });
    }
    Ok((a.shape()[..nd - 2].to_vec(), r))
}

/// The `rows x cols` matrices of `t` (its last two dimensions, broadcast to `batch`), in the
/// field `T`, as faer matrices.
pub(crate) fn matrices<T: Field>(
    t: &Tensor,
    batch: &[usize],
    rows: usize,
    cols: usize,
) -> Result<Vec<Mat<T>>> {
    let mut shape = batch.to_vec();
    shape.extend([rows, cols]);
    let v = cast_unchecked(t, T::WORK)?
        .broadcast_to(&shape)?
        .contiguous()?
        .to_vec::<T>()?;
    let size = rows * cols;
    let count: usize = batch.iter().product();
    Ok((0..count)
        .map(|m| Mat::from_fn(rows, cols, |i, j| v[m * size + i * cols + j]))
        .collect())
}

/// A tensor of `shape` (the stack, then each matrix's shape) from `mats`, cast to `dtype`.
pub(crate) fn from_matrices<T: Field>(
    mats: &[Mat<T>],
    shape: &[usize],
    dtype: DType,
) -> Result<Tensor> {
    let mut v = Vec::with_capacity(mats.iter().map(|m| m.nrows() * m.ncols()).sum());
    for m in mats {
        for i in 0..m.nrows() {
            for j in 0..m.ncols() {
                v.push(m[(i, j)]);
            }
        }
    }
    cast_unchecked(&Tensor::from_vec(v, shape)?, dtype)
}

/// A tensor of `shape` from one value per matrix, cast to `dtype`.
pub(crate) fn from_values<T: Element>(v: Vec<T>, shape: &[usize], dtype: DType) -> Result<Tensor> {
    cast_unchecked(&Tensor::from_vec(v, shape)?, dtype)
}
