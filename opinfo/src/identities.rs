//! The linear-algebra identities the `identities` template checks: `inv(a) @ a == I`,
//! `a @ solve(a, b) == b` and `det(a @ a) == det(a)^2`, each on the engine's results alone
//! (no reference), within Gaussian elimination's backward error (`lu_bound::backward`)
//! through the matrices' norms, plus the rounding to the result dtype and this module's own
//! float64 products.

use crate::dot_bound::values;
use crate::factor_bound::CMat;
use crate::lu_bound::{backward, frobenius, inverse_norm, stack};
use crate::record::{Identity, OpInfo};
use crate::samples::{tensor_from_hubs, Sample};
use crate::tolerance::eps;
use backends::element::{Cf64, Hub};
use backends::{Arg, DType, Tensor};

type Res<T> = std::result::Result<T, String>;

/// The engine's outputs of `s`, or `None` when it refuses the sample (an error input the
/// other templates judge) or returns a non-finite value (the identities hold in exact
/// arithmetic, not through overflow).
fn finite_outputs(op: &OpInfo, s: &Sample) -> Option<Vec<Tensor>> {
    let out = op.call(s).ok()?;
    let finite = out
        .iter()
        .all(|t| values(t).is_ok_and(|v| v.iter().all(|z| z.re.is_finite() && z.im.is_finite())));
    finite.then_some(out)
}

/// Whether every element of `m` is finite.
fn all_finite(m: &[Cf64]) -> bool {
    m.iter().all(|z| z.re.is_finite() && z.im.is_finite())
}

/// The rounding terms of a product of `n`-term sums in float64 and of a result rounded to
/// `d`: `(n eps64 + 2 sqrt(n) eps(d)) ||x|| ||y||`.
fn rounding(n: usize, d: DType, x: f64, y: f64) -> f64 {
    let n = n.max(1) as f64;
    (n * eps(DType::F64) + 2.0 * n.sqrt() * eps(d)) * x * y
}

/// `inv(a) @ a == I` for each matrix of the stack.
fn inverse_times_matrix(op: &OpInfo, s: &Sample) -> Res<bool> {
    let Some(out) = finite_outputs(op, s) else {
        return Ok(false);
    };
    let a = s.tensor(0).ok_or("a matrix operand")?;
    let (mats, n, _) = stack(a)?;
    let (xs, _, _) = stack(&out[0])?;
    let d = out[0].dtype();
    let mut any = false;
    for (k, (m, x)) in mats.iter().zip(&xs).enumerate() {
        if n == 0 || !all_finite(m) {
            continue;
        }
        let (am, xm) = (CMat::new(n, n, m.clone()), CMat::new(n, n, x.clone()));
        let p = xm.dot(&am);
        let err = p.distance(&crate::factor_bound::identity(n));
        let (na, nx) = (frobenius(m), frobenius(x));
        let tol = backward(n) * na * nx + rounding(n, d, na, nx);
        if err.is_nan() || err > tol {
            return Err(format!(
                "matrix {k}: ||inv(a) @ a - I||_F = {err:.3e} > {tol:.3e}"
            ));
        }
        any = true;
    }
    Ok(any)
}

/// `a @ solve(a, b) == b`: the residual of each system within the backward error.
fn residual(op: &OpInfo, s: &Sample) -> Res<bool> {
    let Some(out) = finite_outputs(op, s) else {
        return Ok(false);
    };
    let (a, b) = (s.tensor(0).ok_or("a")?, s.tensor(1).ok_or("b")?);
    let x = &out[0];
    let core = if b.ndim() == 1 { 1 } else { 2 };
    let n = a.shape()[a.ndim() - 1];
    let k = if core == 1 {
        1
    } else {
        x.shape()[x.ndim() - 1]
    };
    let batch = &x.shape()[..x.ndim() - core];
    let mut ashape = batch.to_vec();
    ashape.extend([n, n]);
    let av = values(&a.broadcast_to(&ashape).map_err(|e| e.to_string())?)?;
    let bv = values(&b.broadcast_to(x.shape()).map_err(|e| e.to_string())?)?;
    let xv = values(x)?;
    let d = x.dtype();
    let count: usize = batch.iter().product();
    let mut any = false;
    for j in 0..count {
        let am = CMat::new(n, n, av[j * n * n..(j + 1) * n * n].to_vec());
        let xm = CMat::new(n, k, xv[j * n * k..(j + 1) * n * k].to_vec());
        let bm = CMat::new(n, k, bv[j * n * k..(j + 1) * n * k].to_vec());
        if n == 0 || k == 0 || !am.finite() || !bm.finite() {
            continue;
        }
        let err = am.dot(&xm).distance(&bm);
        let (na, nx) = (am.norm(), xm.norm());
        let tol = backward(n) * na * nx + rounding(n, d, na, nx) + 2.0 * eps(d) * bm.norm();
        if err.is_nan() || err > tol {
            return Err(format!(
                "system {j}: ||a @ x - b||_F = {err:.3e} > {tol:.3e}"
            ));
        }
        any = true;
    }
    Ok(any)
}

/// `det(a @ a) == det(a)^2`, `a @ a` formed here in float64 and rounded to the sample's
/// dtype, or given as float64 for bool and the integers (whose `det` NumPy computes in
/// float64, and whose products would wrap).
fn determinant_of_square(op: &OpInfo, s: &Sample) -> Res<bool> {
    let a = s.tensor(0).ok_or("a matrix operand")?;
    let d = if a.dtype().is_inexact() {
        a.dtype()
    } else {
        DType::F64
    };
    let Some(out) = finite_outputs(op, s) else {
        return Ok(false);
    };
    let (mats, n, _) = stack(a)?;
    if n == 0 || mats.iter().any(|m| !all_finite(m)) {
        return Ok(false);
    }
    let squares: Vec<Hub> = mats
        .iter()
        .flat_map(|m| {
            let am = CMat::new(n, n, m.clone());
            am.dot(&am).v
        })
        .map(|z| {
            if d.is_complex() {
                Hub::Complex(z)
            } else {
                Hub::Float(z.re)
            }
        })
        .collect();
    let sq = tensor_from_hubs(d, a.shape(), &squares);
    let sample = Sample::new("identity", "a @ a", vec![Arg::Tensor(sq.clone())]);
    let Some(out2) = finite_outputs(op, &sample) else {
        return Ok(false);
    };
    let (d1, d2) = (values(&out[0])?, values(&out2[0])?);
    let (sqm, _, _) = stack(&sq)?;
    let r = out[0].dtype();
    let mut any = false;
    for (k, m) in mats.iter().enumerate() {
        // kappa of a and of the rounded a @ a (Frobenius norms, an upper bound).
        let (Some(ia), Some(isq)) = (inverse_norm(m, n), inverse_norm(&sqm[k], n)) else {
            continue;
        };
        let (ka, ksq) = (frobenius(m) * ia, frobenius(&sqm[k]) * isq);
        let (want, got) = (d1[k] * d1[k], d2[k]);
        // Skip determinants at the edges of the range, where their own rounding is absolute.
        let tiny = 1e-280f64.max(if r.to_real() == DType::F32 {
            1e-30
        } else {
            0.0
        });
        if want.norm() < tiny || got.norm() < tiny || !(want.norm() * 4.0).is_finite() {
            continue;
        }
        // Each determinant's relative error is below its matrix's backward error through
        // kappa; a's twice (squared); a @ a's rounding to d once more through its kappa.
        let step = |kappa: f64| (backward(n) + 2.0 * n as f64 * eps(r)) * kappa * n as f64;
        let perturb = n as f64 * eps(d) * ksq;
        // A first-order bound only holds while the perturbations are small against 1.
        if step(ksq) > 0.1 || perturb > 0.1 {
            continue;
        }
        let rel = step(ksq) + 2.0 * step(ka) + perturb + 4.0 * eps(r);
        let err = (got - want).norm() / want.norm();
        if err.is_nan() || err > rel {
            return Err(format!(
                "matrix {k}: det(a @ a) = {got}, det(a)^2 = {want}: relative {err:.3e} > {rel:.3e}"
            ));
        }
        any = true;
    }
    Ok(any)
}

/// `linalg.inv`'s identities.
pub(crate) fn inv() -> Vec<Identity> {
    vec![Identity {
        name: "inv(a) @ a == I",
        check: inverse_times_matrix,
    }]
}

/// `linalg.solve`'s identities.
pub(crate) fn solve() -> Vec<Identity> {
    vec![Identity {
        name: "a @ solve(a, b) == b",
        check: residual,
    }]
}

/// `linalg.det`'s identities.
pub(crate) fn det() -> Vec<Identity> {
    vec![Identity {
        name: "det(a @ a) == det(a)**2",
        check: determinant_of_square,
    }]
}
