//! The records of `linalg.eigh`, `linalg.eig` and `linalg.eigvals`, whose eigenvectors NumPy
//! defines only up to a phase (and `eig`'s eigenvalues only up to order): compared by the
//! gauge-invariant checks of [`crate::factor_bound`] — eigenvalues against NumPy's (in
//! NumPy's order for `eigh`, as a multiset for `eig`), each eigenpair's residual, `eigh`'s
//! eigenvectors unitary and within Davis-Kahan's angle of NumPy's, `eig`'s of unit norm.
//! `eig`'s output dtype depends on the values (real when every eigenvalue of a real input
//! is): the samples hold real inputs with real spectra (symmetric, triangular, diagonal) and
//! with complex ones (rotations, random matrices), complex inputs, stacks, 0x0 and 1x1.

use crate::dot_bound::same_layout;
use crate::factor_bound::{
    backward, eigvec_condition, gram_matches, identity, nth, same_multiset, CMat,
};
use crate::linalg_hermitian::{
    eigvalsh_compare, eigvalsh_errors, eigvalsh_samples, hermitian_input, unary_result_dtype, uplo,
    uplo_call,
};
use crate::linalg_lu::{
    det_extremal, exact, noncontiguous, one, output, record, shape_errors, well, SHAPES,
};
use crate::record::{Gens, OpInfo, Precision};
use crate::rng::Rng;
use crate::samples::{random, ErrorInput, Sample};
use crate::tolerance::eps;
use backends::element::Cf64;
use backends::{Arg, DType, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

fn eigh_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let (plain, u) = uplo_call(op, s)?;
    one(op, &plain)?.eigh(u).map(|(w, v)| vec![w, v])
}

fn eig_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    one(op, s)?.eig().map(|(w, v)| vec![w, v])
}

fn eigvals_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    one(op, s)?.eigvals().map(|w| vec![w])
}

/// `eigh`: the eigenvalues as `eigvalsh`'s, then per matrix the residual `||H V - V W||`,
/// `V` unitary, and each eigenvector of a well-separated eigenvalue within Davis-Kahan's
/// `sin(angle) <= 2 ||dA|| / (gap - 2 ||dA||)` of NumPy's.
fn eigh_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    eigvalsh_compare(s, &got[..1], &want[..1])?;
    let (mats, n) = hermitian_input(s, uplo(s) == "L")?;
    let ((_, gw), (_, ww)) = (output(got, 0)?, output(want, 0)?);
    let ((_, gv), (_, wv)) = (output(got, 1)?, output(want, 1)?);
    let d = got[1].dtype();
    for (k, h) in mats.iter().enumerate() {
        let a = CMat::new(n, n, h.clone());
        if !a.finite() {
            continue;
        }
        let (v, nv) = (nth(&gv, k, n, n), nth(&wv, k, n, n));
        let w = CMat::new(
            n,
            n,
            (0..n * n)
                .map(|e| {
                    if e / n == e % n {
                        gw[k * n + e % n]
                    } else {
                        Cf64::new(0.0, 0.0)
                    }
                })
                .collect(),
        );
        let what = format!("eigh of matrix {k}");
        crate::factor_bound::reproduces(
            &a.dot(&v),
            &v.dot(&w),
            n,
            n,
            2,
            d,
            &format!("{what}: H V = V diag(w)"),
        )?;
        gram_matches(&v, &identity(n), d, &format!("{what}: eigenvectors"))?;
        let e = backward(n, &a);
        for i in 0..n {
            let gap = (0..n)
                .filter(|&j| j != i)
                .map(|j| (ww[k * n + i].re - ww[k * n + j].re).abs())
                .fold(f64::INFINITY, f64::min);
            if gap.is_nan() || gap <= 4.0 * e {
                continue;
            }
            // The distance to NumPy's vector after the best phase, 2 sin(angle / 2): no
            // cancellation, unlike sqrt(1 - |u^H v|^2), and at most the angle, which is at
            // most pi/2 times its sine.
            let c: Cf64 = (0..n).map(|r| v.at(r, i).conj() * nv.at(r, i)).sum();
            let p = if c.norm() > 0.0 {
                c / c.norm()
            } else {
                Cf64::new(1.0, 0.0)
            };
            let dist = crate::lu_bound::frobenius(
                &(0..n)
                    .map(|r| nv.at(r, i) - p * v.at(r, i))
                    .collect::<Vec<_>>(),
            );
            let tol = std::f64::consts::FRAC_PI_2 * 2.0 * e / (gap - 2.0 * e)
                + 4.0 * (n as f64).sqrt() * eps(d);
            if dist.is_nan() || dist > tol {
                return Err(format!(
                    "{what}: eigenvector {i} at distance {dist:.3e} from NumPy's after the best \
                     phase (bound {tol:.3e}, eigenvalue gap {gap:.3e})"
                ));
            }
        }
    }
    Ok(())
}

/// The radius within which a perturbation `||dA|| = e` can merge two eigenvalues of `a` or
/// split a double one: `2 sqrt(e ||A||)` (a double eigenvalue moves by `O(sqrt(e ||A||))`).
fn merge_radius(a: &CMat) -> f64 {
    2.0 * (backward(a.r, a) * a.norm()).sqrt()
}

/// The size of the largest cluster of `w` (eigenvalues within `r` of one of them).
fn cluster(w: &[Cf64], r: f64) -> usize {
    w.iter()
        .map(|x| w.iter().filter(|y| (*x - **y).norm() <= r).count())
        .max()
        .unwrap_or(0)
}

/// Eigenvalues against NumPy's as a multiset: within Bauer-Fike's `2 kappa(V) ||dA||`, or,
/// where NumPy's spectrum has a cluster of `p` eigenvalues (a multiple eigenvalue, perhaps
/// defective), within Hoelder's `2 (||dA|| ||A||^(p-1))^(1/p)` if that is smaller; plus the
/// rounding of each value.
fn eigenvalues_match(a: &CMat, got: &[Cf64], want: &[Cf64], d: DType, what: &str) -> Res<()> {
    let e = backward(a.r, a);
    let p = cluster(want, merge_radius(a)).max(1);
    let holder = 2.0 * (e * a.norm().powi(p as i32 - 1)).powf(1.0 / p as f64);
    let bauer_fike = eigvec_condition(a, want).map_or(f64::INFINITY, |kappa| 2.0 * kappa * e);
    let top = want.iter().map(|z| z.norm()).fold(0.0, f64::max);
    let tol = if p > 1 {
        bauer_fike.min(holder)
    } else {
        bauer_fike
    } + 4.0 * eps(d) * top;
    same_multiset(got, want, tol, what)
}

/// `same_layout`, except that for a real input whose NumPy spectrum has a cluster
/// ([`merge_radius`]) real and complex results are both accepted: whether a double eigenvalue
/// comes out as two reals or as a conjugate pair is decided by the solver's rounding there
/// (`[[4, 4, 4], [1, 1, 1], [17, 17, 17]]`: LAPACK gives 1.7e-15 and -2.9e-16, faer
/// -1.8e-15 +- 1.4e-15j), and NumPy's value-dependent dtype follows it.
fn eig_layout(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    if same_layout(got, want).is_ok() {
        return Ok(());
    }
    let input = s.tensor(0).ok_or("a matrix operand")?;
    let pair =
        |g: DType, w: DType| g == w || (g.to_real() == w.to_real() && !input.dtype().is_complex());
    let shapes = got.len() == want.len()
        && got
            .iter()
            .zip(want)
            .all(|(g, w)| g.shape() == w.shape() && pair(g.dtype(), w.dtype()));
    let (mats, n) = crate::linalg_lu::input(s)?;
    let ww = output(want, 0)?.1;
    let ambiguous = mats.iter().enumerate().any(|(k, m)| {
        let a = CMat::new(n, n, m.clone());
        cluster(&ww[k * n..(k + 1) * n], merge_radius(&a)) > 1
    });
    if shapes && ambiguous {
        return Ok(());
    }
    same_layout(got, want)
}

fn eigvals_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    eig_layout(s, got, want)?;
    let (mats, n) = crate::linalg_lu::input(s)?;
    let ((g, gw), (_, ww)) = (output(got, 0)?, output(want, 0)?);
    for (k, m) in mats.iter().enumerate() {
        let a = CMat::new(n, n, m.clone());
        let r = k * n..(k + 1) * n;
        eigenvalues_match(
            &a,
            &gw[r.clone()],
            &ww[r],
            g.dtype(),
            &format!("eigenvalues of matrix {k}"),
        )?;
    }
    Ok(())
}

/// `eig`: the eigenvalues as `eigvals`', then each eigenpair's residual
/// `||A v - w v|| <= ||dA|| + rounding` and each eigenvector of norm 1.
fn eig_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    eigvals_compare(s, &got[..1.min(got.len())], &want[..1.min(want.len())])?;
    eig_layout(s, got, want)?;
    let (mats, n) = crate::linalg_lu::input(s)?;
    let ((_, gw), (g, gv)) = (output(got, 0)?, output(got, 1)?);
    let d = g.dtype();
    for (k, m) in mats.iter().enumerate() {
        let a = CMat::new(n, n, m.clone());
        let v = nth(&gv, k, n, n);
        let e = backward(n, &a);
        for i in 0..n {
            let x = CMat::new(n, 1, v.column(i));
            let norm = x.norm();
            let what = format!("eig of matrix {k}, eigenpair {i}");
            let unit = 4.0 * (n as f64) * (eps(d) + eps(DType::F64) * n as f64);
            if (norm - 1.0).abs().is_nan() || (norm - 1.0).abs() > unit {
                return Err(format!("{what}: eigenvector norm {norm}, NumPy's are 1"));
            }
            let w = gw[k * n + i];
            let lhs = a.dot(&x);
            let rhs = CMat::new(n, 1, x.v.iter().map(|z| z * w).collect());
            let err = lhs.distance(&rhs);
            let tol = 2.0 * e
                + 4.0 * (n as f64).sqrt() * eps(d) * (a.norm() + w.norm())
                + 2.0 * n as f64 * eps(DType::F64) * a.norm();
            if err.is_nan() || err > tol {
                return Err(format!("{what}: ||A v - w v|| = {err:.3e} > {tol:.3e}"));
            }
        }
    }
    Ok(())
}

/// Real matrices with real spectra, with complex ones, and (for complex dtypes) complex ones.
fn eig_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<Sample> = SHAPES
        .iter()
        .map(|(b, n)| {
            Sample::new(
                "sample",
                format!("{b:?} x {n}x{n}, diagonally dominant"),
                vec![Arg::Tensor(well(dtype, b, *n, &mut rng))],
            )
        })
        .collect();
    if dtype != DType::Bool {
        let sym = crate::linalg_hermitian::hpd(dtype, &[2], 4, &mut rng, false);
        out.push(Sample::new(
            "sample",
            "2x4x4 symmetric (Hermitian): a real spectrum",
            vec![Arg::Tensor(sym)],
        ));
        out.push(Sample::new(
            "sample",
            "[[0, -1], [1, 0]]: eigenvalues +-1j",
            vec![Arg::Tensor(exact(dtype, 2, &[0.0, -1.0, 1.0, 0.0]))],
        ));
        out.push(Sample::new(
            "sample",
            "upper triangular: the eigenvalues are the diagonal",
            vec![Arg::Tensor(exact(
                dtype,
                3,
                &[1.0, 2.0, 3.0, 0.0, 4.0, 5.0, 0.0, 0.0, 6.0],
            ))],
        ));
        out.push(Sample::new(
            "sample",
            "[[1, 1], [0, 1]]: a defective eigenvalue",
            vec![Arg::Tensor(exact(dtype, 2, &[1.0, 1.0, 0.0, 1.0]))],
        ));
        out.push(Sample::new(
            "sample",
            "random 3x5x5",
            vec![Arg::Tensor(random(
                dtype,
                &[3, 5, 5],
                &mut rng,
                crate::record::Domain::Any,
            ))],
        ));
    }
    out
}

fn eig_errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut out = shape_errors(dtype, seed, op.nin);
    if dtype.is_inexact() {
        for (what, x) in [("nan", f64::NAN), ("inf", f64::INFINITY)] {
            out.push(ErrorInput {
                sample: Sample::new(
                    "error",
                    format!("[[1, {what}], [0, 1]]: not finite"),
                    vec![Arg::Tensor(exact(dtype, 2, &[1.0, x, 0.0, 1.0]))],
                ),
                expected: ErrorKind::LinAlg,
            });
        }
    }
    out
}

fn gens(sample: crate::record::Gen, errors: crate::record::ErrorGen) -> Gens {
    Gens {
        sample,
        noncontiguous,
        broadcasting: sample,
        extremal: det_extremal,
        errors,
        result_dtype: unary_result_dtype,
        extra: Vec::new(),
    }
}

/// The eigendecomposition records.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        record(
            "linalg.eigh",
            1,
            eigh_call,
            gens(eigvalsh_samples, eigvalsh_errors),
            eigh_compare,
        ),
        record(
            "linalg.eig",
            1,
            eig_call,
            gens(eig_samples, eig_errors),
            eig_compare,
        ),
        record(
            "linalg.eigvals",
            1,
            eigvals_call,
            gens(eig_samples, eig_errors),
            eigvals_compare,
        ),
    ];
    for r in &mut v {
        r.precision = Precision::Tol(
            "eigenvectors are defined up to a phase and eig's eigenvalues up to order: compared \
             by gauge-invariant checks within a backward-stable solver's bounds (see \
             opinfo::factor_bound)",
        );
    }
    v
}
