//! The comparison of the products (`matmul`, `dot`, `inner`, `vdot`, `vecdot`), from the error
//! analysis of a dot product (Higham §3.1): an element summed over `k` terms differs from the
//! exact value by at most `k eps sum_l |a_l| |b_l|` on each side, whatever the summation
//! order, so the engine may differ from NumPy (BLAS) by twice that, plus one rounding of the
//! result. Integers and bool compare exactly (integer arithmetic wraps the same in any order).
//!
//! Where an operand of the element's row or column is NaN or infinite the result follows IEEE
//! rules that do not depend on the order either, and is compared exactly (real dtypes) or by
//! finiteness (complex: which part becomes NaN depends on how the multiply is fused; and real
//! too when a finite term can overflow, which a fused multiply-add does not). Where the
//! terms' magnitudes reach the dtype's range, whether a partial sum overflows depends on the
//! summation order, which NumPy leaves to BLAS: such elements are not compared. The sign of a
//! zero result is the accumulator's (BLAS starts from +0): not compared.
//!
//! Each record says which terms make each output element ([`Terms`]), computed from the
//! sample's operands (in complex128, exactly) by index arithmetic of its own.

use crate::samples::Sample;
use crate::tolerance::{eps, min_subnormal};
use backends::element::Cf64;
use backends::{Casting, DType, Tensor};

type Res<T> = std::result::Result<T, String>;

/// The terms of every output element: element `e` is `sum_l rows[r][l] * cols[c][l]` with
/// `(r, c) = pair(e)`.
pub(crate) struct Terms {
    /// `R x k` values, row-major.
    pub rows: Vec<Cf64>,
    /// `C x k` values, row-major.
    pub cols: Vec<Cf64>,
    /// The contracted length.
    pub k: usize,
    /// Output element (C order) to its row and column.
    pub pair: Box<dyn Fn(usize) -> (usize, usize)>,
}

/// `t`'s values in C order, as complex128.
pub(crate) fn values(t: &Tensor) -> Res<Vec<Cf64>> {
    t.astype(DType::C128, Casting::Unsafe)
        .and_then(|c| c.contiguous())
        .and_then(|c| c.to_vec::<Cf64>())
        .map_err(|e| e.to_string())
}

/// `Err` when the outputs' shapes or dtypes differ.
pub(crate) fn same_layout(got: &[Tensor], want: &[Tensor]) -> Res<()> {
    if got.len() != want.len() {
        return Err(format!("{} outputs, NumPy {}", got.len(), want.len()));
    }
    for (g, w) in got.iter().zip(want) {
        if g.shape() != w.shape() || g.dtype() != w.dtype() {
            return Err(format!(
                "engine {:?} {}, NumPy {:?} {}",
                g.shape(),
                g.dtype().name(),
                w.shape(),
                w.dtype().name()
            ));
        }
    }
    Ok(())
}

/// How one element of the product is compared (see the module docs).
enum Class {
    /// Exactly as NumPy's (NaN equal to NaN): a NaN or infinite operand in a real row/column.
    Exact,
    /// Finite exactly when NumPy's is: a NaN or infinite operand in a complex row/column.
    Finiteness,
    /// Not compared: the terms reach the dtype's range, so overflow depends on the order.
    Open,
    /// Within this absolute error.
    Within(f64),
}

/// The largest finite value of `d` (of its parts, for complex).
pub(crate) fn max_finite(d: DType) -> f64 {
    match d.to_real() {
        DType::F16 => 65504.0,
        DType::BF16 => 3.3895313892515355e38,
        DType::F32 => f32::MAX as f64,
        _ => f64::MAX,
    }
}

/// The precision the sum accumulates in: float32 for the half formats (NumPy's half loops and
/// ml_dtypes' dot), else the result's.
pub(crate) fn accumulator(d: DType) -> DType {
    match d.to_real() {
        DType::F16 | DType::BF16 => DType::F32,
        _ => d,
    }
}

/// The class of an element of dtype `d` with these `row` and `col` terms.
fn classify(row: &[Cf64], col: &[Cf64], d: DType, want: Cf64) -> Class {
    let k = row.len() as f64;
    let finite = |z: &Cf64| z.re.is_finite() && z.im.is_finite();
    let acc = accumulator(d);
    // The magnitude the terms with finite operands can reach: rounding of the partial sums
    // can add (k + 2) eps to each.
    let scale: f64 = row
        .iter()
        .zip(col)
        .filter(|(x, y)| finite(x) && finite(y))
        .map(|(x, y)| x.norm() * y.norm())
        .sum();
    let in_range = scale.is_finite() && scale * (1.0 + 2.0 * (k + 2.0) * eps(acc)) < max_finite(d);
    if !row.iter().chain(col).all(finite) {
        // Beside an infinite term, a finite one that overflows (or not, when the multiply is
        // fused) turns inf into NaN or leaves it: only non-finiteness is certain then.
        return if d.is_complex() || !in_range {
            Class::Finiteness
        } else {
            Class::Exact
        };
    }
    if !in_range {
        return Class::Open;
    }
    // Complex multiply-adds round each part: a factor sqrt(2) on the real analysis.
    let parts = if d.is_complex() { 2f64.sqrt() } else { 1.0 };
    Class::Within(
        2.0 * (k + 2.0) * eps(acc) * parts * scale
            + 2.0 * eps(d) * want.norm()
            + 2.0 * (k + 1.0) * min_subnormal(acc)
            + min_subnormal(d),
    )
}

/// Exactly equal, NaN equal to NaN (the sign of zero not compared: see the module docs).
pub(crate) fn same(a: f64, b: f64) -> bool {
    a == b || a.is_nan() && b.is_nan()
}

/// Compares the single output of a product with NumPy's, element by element, with the terms
/// `terms` gives for NumPy's result.
pub(crate) fn compare(
    s: &Sample,
    got: &[Tensor],
    want: &[Tensor],
    terms: fn(&Sample, &Tensor) -> Res<Terms>,
) -> Res<()> {
    same_layout(got, want)?;
    let (g, w) = match (got, want) {
        ([g], [w]) => (g, w),
        _ => return Err(format!("{} outputs, NumPy {}", got.len(), want.len())),
    };
    let d = w.dtype();
    if !d.is_inexact() {
        let first = backends::with_dtype!(d, T, {
            match (g.to_vec::<T>(), w.to_vec::<T>()) {
                (Ok(x), Ok(y)) => x.iter().zip(&y).position(|(p, q)| p != q),
                (Err(e), _) | (_, Err(e)) => return Err(e.to_string()),
            }
        });
        return match first {
            None => Ok(()),
            Some(i) => Err(format!("element {i} differs (exact dtype {})", d.name())),
        };
    }
    let t = terms(s, w)?;
    let k = t.k;
    let (gv, wv) = (values(g)?, values(w)?);
    for (idx, (x, y)) in gv.iter().zip(&wv).enumerate() {
        let (r, c) = (t.pair)(idx);
        let (row, col) = match (
            t.rows.get(r * k..(r + 1) * k),
            t.cols.get(c * k..(c + 1) * k),
        ) {
            (Some(row), Some(col)) => (row, col),
            _ => return Err(format!("element {idx}: no terms (row {r}, column {c})")),
        };
        let finite = |z: &Cf64| z.re.is_finite() && z.im.is_finite();
        let why = match classify(row, col, d, *y) {
            Class::Exact if !(same(x.re, y.re) && same(x.im, y.im)) => {
                "a NaN or infinite operand: the IEEE result, exactly".to_string()
            }
            Class::Finiteness if finite(x) != finite(y) => {
                "a NaN or infinite operand: non-finite exactly when NumPy's is".to_string()
            }
            Class::Within(bound) if (x - y).norm().is_nan() || (x - y).norm() > bound => {
                format!("bound {bound:.3e}: 2 (k + 2) eps sum|a||b| plus roundings")
            }
            _ => continue,
        };
        return Err(format!(
            "element {idx} (k = {k}): engine {x}, NumPy {y}, error {:.3e} ({why})",
            (x - y).norm()
        ));
    }
    Ok(())
}

/// `t` cast to complex128 with axis `from` moved last and broadcast to `shape` (the last
/// entry `t`'s length along `from`).
pub(crate) fn moved(t: &Tensor, from: isize, shape: &[usize]) -> Res<Vec<Cf64>> {
    t.moveaxis(from, -1)
        .and_then(|m| m.broadcast_to(shape))
        .map_err(|e| e.to_string())
        .and_then(|m| values(&m))
}
