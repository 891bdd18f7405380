//! The comparison of `cross` and `linalg.cross`, from the error analysis of one component
//! `c = x1 y1 - x2 y2` (or a single product where a 2-vector's missing component drops a
//! term). With `u` the unit roundoff of the result dtype, each side computes
//! `fl(fl(x1 y1) - fl(x2 y2))`, so it is within `(mu + sigma) (|x1 y1| + |x2 y2|)` of the
//! exact value, where
//! - `mu`, a product's error: `u` for real dtypes (half formats: the float32 product is exact
//!   and rounded once), `sqrt(2) * 2u` for complex (Higham Lemma 3.5; a fused multiply-add in
//!   either part stays within it);
//! - `sigma`, the subtraction's: `u` (half formats: float32 then the half format, `u + u32`);
//!
//! The engine and NumPy may then differ by twice that (times `1 + eps` for the second-order
//! terms), plus a few subnormal quanta per rounding where products underflow. Integer results
//! (which wrap) compare exactly.
//!
//! Where an operand of a component is NaN or infinite, or its terms reach the dtype's range,
//! every operation is still one correctly rounded IEEE operation in the same order on both
//! sides for real dtypes: compared exactly (NaN equal to NaN). For complex, which part
//! becomes NaN depends on how a multiply is fused: only non-finiteness is compared, and
//! elements whose terms reach the range are not compared. The sign of a zero is compared only
//! in the exact classes.

use crate::dot_bound::{max_finite, same_layout, values};
use crate::tolerance::{eps, min_subnormal};
use backends::element::Cf64;
use backends::{DType, Tensor};

type Res<T> = std::result::Result<T, String>;

/// The vector axes of a call: of the first operand, the second, and the result.
pub(crate) type Axes = (isize, isize, isize);

/// `axis` normalised against `nd` dimensions (NumPy's rule), as an error string.
fn norm(axis: isize, nd: usize) -> Res<usize> {
    let n = nd as isize;
    if axis < -n || axis >= n {
        return Err(format!("axis {axis} out of range for {nd} dimensions"));
    }
    Ok(if axis < 0 { axis + n } else { axis } as usize)
}

/// The operand's vectors along `axis`, broadcast to `batch`: (values, components).
fn vectors(t: &Tensor, axis: isize, batch: &[usize]) -> Res<(Vec<Cf64>, usize)> {
    let m = t
        .moveaxis(norm(axis, t.ndim())? as isize, -1)
        .map_err(|e| e.to_string())?;
    let n = m.shape()[m.ndim() - 1];
    let mut shape = batch.to_vec();
    shape.push(n);
    let b = m.broadcast_to(&shape).map_err(|e| e.to_string())?;
    Ok((values(&b)?, n))
}

/// The terms of component `i` (0, 1, 2: x, y, z) of the cross product of `a` (`na`
/// components) and `b` (`nb`): `a[i+1] b[i+2]` and `a[i+2] b[i+1]` (indices mod 3), each only
/// where both components exist.
fn terms(a: &[Cf64], na: usize, b: &[Cf64], nb: usize, i: usize) -> Vec<(Cf64, Cf64)> {
    let (j, k) = ((i + 1) % 3, (i + 2) % 3);
    let mut v = Vec::with_capacity(2);
    if j < na && k < nb {
        v.push((a[j], b[k]));
    }
    if k < na && j < nb {
        v.push((a[k], b[j]));
    }
    v
}

/// How one component compares (see the module docs).
enum Class {
    Exact,
    Finiteness,
    Open,
    Within(f64),
}

fn classify(t: &[(Cf64, Cf64)], d: DType) -> Class {
    let finite = |z: &Cf64| z.re.is_finite() && z.im.is_finite();
    let complex = d.is_complex();
    let u = eps(d) / 2.0;
    let scale: f64 = t.iter().map(|(x, y)| x.norm() * y.norm()).sum();
    let in_range = scale.is_finite() && scale * (1.0 + 4.0 * eps(d)) < max_finite(d);
    if !t.iter().all(|(x, y)| finite(x) && finite(y)) || !in_range {
        return match (complex, in_range) {
            (false, _) => Class::Exact,
            (true, true) => Class::Finiteness,
            (true, false) => {
                if t.iter().all(|(x, y)| finite(x) && finite(y)) {
                    Class::Open
                } else {
                    Class::Finiteness
                }
            }
        };
    }
    let half = matches!(d, DType::F16 | DType::BF16);
    let mu = if complex { 2f64.sqrt() * 2.0 * u } else { u };
    let sigma = if half { u + eps(DType::F32) / 2.0 } else { u };
    let parts = if complex { 2f64.sqrt() } else { 1.0 };
    Class::Within(2.0 * (mu + sigma) * scale * (1.0 + eps(d)) + 12.0 * parts * min_subnormal(d))
}

/// Exactly equal (NaN equal to NaN whatever its sign bit, signed zeros by sign).
fn identical(x: Cf64, y: Cf64) -> bool {
    let eq = |p: f64, q: f64| {
        p.is_nan() && q.is_nan() || p == q && p.is_sign_negative() == q.is_sign_negative()
    };
    eq(x.re, y.re) && eq(x.im, y.im)
}

/// Compares the engine's cross product with NumPy's for operands `a`, `b` and vector axes
/// `axes` (see the module docs).
pub(crate) fn compare(
    a: &Tensor,
    b: &Tensor,
    axes: Axes,
    got: &[Tensor],
    want: &[Tensor],
) -> Res<()> {
    same_layout(got, want)?;
    let (g, w) = match (got, want) {
        ([g], [w]) => (g, w),
        _ => return Err("cross has one output".into()),
    };
    let d = w.dtype();
    if !d.is_inexact() {
        return super::chain_bound::exact(g, w);
    }
    let lead = |t: &Tensor, axis: isize| -> Res<Vec<usize>> {
        let k = norm(axis, t.ndim())?;
        Ok((0..t.ndim())
            .filter(|&i| i != k)
            .map(|i| t.shape()[i])
            .collect())
    };
    let (la, lb) = (lead(a, axes.0)?, lead(b, axes.1)?);
    let batch =
        backends::ops::ufunc::broadcast_shapes("cross", &[&la, &lb]).map_err(|e| e.to_string())?;
    let ((av, na), (bv, nb)) = (vectors(a, axes.0, &batch)?, vectors(b, axes.1, &batch)?);
    // The result's components last, in the same order as the terms.
    let (comps, gv, wv): (Vec<usize>, _, _) = if na == 2 && nb == 2 {
        (vec![2], values(g)?, values(w)?)
    } else {
        let c = norm(axes.2, batch.len() + 1)? as isize;
        let last = |t: &Tensor| {
            t.moveaxis(c, -1)
                .map_err(|e| e.to_string())
                .and_then(|m| values(&m))
        };
        (vec![0, 1, 2], last(g)?, last(w)?)
    };
    let count: usize = batch.iter().product();
    for p in 0..count {
        let (x, y) = (&av[p * na..(p + 1) * na], &bv[p * nb..(p + 1) * nb]);
        for (q, &i) in comps.iter().enumerate() {
            let e = p * comps.len() + q;
            let (gx, wx) = (gv[e], wv[e]);
            let finite = |z: Cf64| z.re.is_finite() && z.im.is_finite();
            let why = match classify(&terms(x, na, y, nb, i), d) {
                Class::Exact if !identical(gx, wx) => "the IEEE result, exactly".to_string(),
                Class::Finiteness if finite(gx) != finite(wx) => {
                    "a NaN or infinite operand: non-finite exactly when NumPy's is".to_string()
                }
                Class::Within(bound) if (gx - wx).norm().is_nan() || (gx - wx).norm() > bound => {
                    format!("bound {bound:.3e}: 2 (mu + sigma) sum|x||y|")
                }
                _ => continue,
            };
            return Err(format!(
                "vector {p}, component {i}: engine {gx}, NumPy {wx}, error {:.3e} ({why})",
                (gx - wx).norm()
            ));
        }
    }
    Ok(())
}
