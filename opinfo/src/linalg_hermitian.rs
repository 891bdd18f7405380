//! The records of `linalg.eigvalsh`, `linalg.cholesky` and `linalg.svdvals`: Hermitian
//! positive-definite stacks (diagonally dominant, of every accepted dtype), indefinite ones,
//! a junk triangle NumPy must not read and imaginary parts on a complex diagonal it ignores,
//! both `UPLO=` and `upper=`, rectangular and rank-deficient matrices for the SVD, 0x0 and
//! empty stacks; compared within the perturbation bounds of a backward-stable solver:
//! Weyl's `|d lambda_i| <= ||dA||_2` for eigenvalues and singular values, and
//! `||dL|| <= g(n) eps ||A|| ||A^-1|| ||L||` for the Cholesky factor, with
//! `||dA|| <= 8 n eps ||A||_F` on each side.

use crate::dot_bound::{same_layout, values};
use crate::kwargs::{self, Kw};
use crate::linalg_lu::{
    det_extremal, extremal, noncontiguous, one, output, record, shape_errors, well, SHAPES,
};
use crate::lu_bound::{backward, frobenius, inverse_norm, stack, within};
use crate::record::{Domain, Gens, OpInfo};
use crate::rng::Rng;
use crate::samples::{random, tensor_from_hubs, ErrorInput, Sample};
use crate::tolerance::eps;
use backends::element::{Cf64, Hub};
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

/// `well`'s matrices made Hermitian positive definite: the strictly lower part mirrored
/// (conjugated) above the diagonal, the diagonal real and dominant. With `junk`, random
/// values above the diagonal instead (which a lower-triangle reader ignores).
pub(crate) fn hpd(dtype: DType, batch: &[usize], n: usize, rng: &mut Rng, junk: bool) -> Tensor {
    let w = well(dtype, batch, n, rng);
    let v: Vec<Cf64> = values(&w).expect("a fresh tensor reads back");
    let r: Vec<Cf64> = values(&random(dtype, &[v.len().max(1)], rng, Domain::Any))
        .expect("a fresh tensor reads back");
    let hubs: Vec<Hub> = (0..v.len())
        .map(|k| {
            let (m, i, j) = (k / (n * n), (k / n) % n, k % n);
            let z = match (i.cmp(&j), junk) {
                (std::cmp::Ordering::Greater, _) => v[k],
                (std::cmp::Ordering::Less, true) => r[k],
                (std::cmp::Ordering::Less, false) => v[m * n * n + j * n + i].conj(),
                // Dominant: above the sum of the row's magnitudes (the diagonal is real).
                (std::cmp::Ordering::Equal, _) => Cf64::new(
                    (0..n)
                        .map(|c| v[m * n * n + i * n + c].norm())
                        .sum::<f64>()
                        .ceil()
                        + 1.0,
                    0.0,
                ),
            };
            match dtype {
                // A bool matrix is positive definite here only as the identity.
                DType::Bool => Hub::Bool(i == j),
                d if d.is_complex() => Hub::Complex(z),
                d if d.is_inexact() => Hub::Float(z.re),
                _ => Hub::Int(z.re as i64),
            }
        })
        .collect();
    tensor_from_hubs(dtype, w.shape(), &hubs)
}

/// Positive-definite stacks of every shape, one with junk above the diagonal, and for complex
/// one with imaginary parts on the diagonal (NumPy reads only their real parts).
fn hpd_samples(dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<Sample> = SHAPES
        .iter()
        .map(|(b, n)| {
            Sample::new(
                "sample",
                format!("{b:?} x {n}x{n}, Hermitian positive definite"),
                vec![Arg::Tensor(hpd(dtype, b, *n, &mut rng, false))],
            )
        })
        .collect();
    if dtype != DType::Bool {
        out.push(Sample::new(
            "sample",
            "4x4 positive definite below the diagonal, junk above it",
            vec![Arg::Tensor(hpd(dtype, &[], 4, &mut rng, true))],
        ));
    }
    if dtype.is_complex() {
        let c = |re: f64, im: f64| Hub::Complex(Cf64::new(re, im));
        out.push(Sample::new(
            "sample",
            "[[4+1j, 0], [2j, 5-3j]]: imaginary parts on the diagonal",
            vec![Arg::Tensor(tensor_from_hubs(
                dtype,
                &[2, 2],
                &[c(4.0, 1.0), c(0.0, 0.0), c(0.0, 2.0), c(5.0, -3.0)],
            ))],
        ));
    }
    out
}

fn eigvalsh_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = hpd_samples(dtype, seed);
    let mut rng = Rng::new(seed ^ 3);
    // Indefinite: a random matrix read from either triangle.
    let t = random(dtype, &[2, 4, 4], &mut rng, Domain::Any);
    out.push(
        Sample::new(
            "sample",
            "random 2x4x4 (indefinite), UPLO='L'",
            vec![Arg::Tensor(t.clone())],
        )
        .kw("UPLO", Kw::Str("L")),
    );
    out.push(
        Sample::new("sample", "random 2x4x4 (indefinite)", vec![Arg::Tensor(t)])
            .kw("UPLO", Kw::Str("U")),
    );
    out
}

fn cholesky_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = hpd_samples(dtype, seed);
    let uppers: Vec<Sample> = out
        .iter()
        .take(4)
        .cloned()
        .map(|s| s.kw("upper", Kw::Bool(true)))
        .collect();
    out.extend(uppers);
    out
}

fn svdvals_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let shapes: [&[usize]; 10] = [
        &[3, 3],
        &[3, 5],
        &[5, 3],
        &[2, 3, 4],
        &[1, 1],
        &[0, 0],
        &[2, 0],
        &[3, 0, 2],
        &[24, 24],
        &[2, 2, 6, 3],
    ];
    let mut out: Vec<Sample> = shapes
        .iter()
        .map(|s| {
            Sample::new(
                "sample",
                format!("random {s:?}"),
                vec![Arg::Tensor(random(dtype, s, &mut rng, Domain::Any))],
            )
        })
        .collect();
    let ones = tensor_from_hubs(dtype, &[3, 4], &[Hub::Int(1); 12]);
    out.push(Sample::new(
        "sample",
        "ones 3x4 (rank 1)",
        vec![Arg::Tensor(ones)],
    ));
    out
}

/// Positive-definite extremal matrices only (diagonals of positive values) for `cholesky`.
fn cholesky_extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    extremal(dtype)
        .into_iter()
        .filter(|s| {
            s.tensor(0)
                .and_then(|t| values(t).ok())
                .is_some_and(|v| v.iter().all(|z| z.re >= 0.0) && v.iter().any(|z| z.re > 0.0))
        })
        .collect()
}

fn unary_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    vec![Sample::new(
        "result_dtype",
        d.name(),
        vec![Arg::Tensor(hpd(d, &[], 2, &mut rng, false))],
    )]
}

fn eigvalsh_errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut out = shape_errors(dtype, seed, op.nin);
    let mut rng = Rng::new(seed);
    out.push(ErrorInput {
        sample: Sample::new(
            "error",
            "UPLO='X'",
            vec![Arg::Tensor(hpd(dtype, &[], 2, &mut rng, false))],
        )
        .kw("UPLO", Kw::Str("X")),
        expected: ErrorKind::Value,
    });
    out
}

fn cholesky_errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut out = shape_errors(dtype, seed, op.nin);
    let m = |v: &[f64]| {
        let h: Vec<Hub> = v
            .iter()
            .map(|&x| {
                if dtype.is_inexact() {
                    Hub::Float(x)
                } else {
                    Hub::Int(x as i64)
                }
            })
            .collect();
        tensor_from_hubs(dtype, &[2, 2], &h)
    };
    let mut cases = vec![("zeros 2x2", m(&[0.0, 0.0, 0.0, 0.0]))];
    if dtype != DType::Bool {
        cases.push(("[[1, 2], [2, 1]] (indefinite)", m(&[1.0, 2.0, 2.0, 1.0])));
    }
    if dtype.is_signed_integer() || dtype.is_inexact() {
        cases.push(("-I (negative definite)", m(&[-1.0, 0.0, 0.0, -1.0])));
    }
    out.extend(cases.into_iter().map(|(w, t)| ErrorInput {
        sample: Sample::new("error", w, vec![Arg::Tensor(t)]),
        expected: ErrorKind::LinAlg,
    }));
    out
}

fn svdvals_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    // Any m x n matrix is accepted: only too few dimensions fail.
    shape_errors(dtype, seed, 1).into_iter().take(2).collect()
}

/// `UPLO=` of a sample (`"L"` when absent).
fn uplo(s: &Sample) -> &'static str {
    match kwargs::get(&s.kwargs, "UPLO") {
        Some(Kw::Str(u)) => u,
        _ => "L",
    }
}

fn eigvalsh_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let allowed = ["UPLO"];
    let plain = Sample {
        kwargs: Vec::new(),
        ..s.clone()
    };
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        return Err(Error::Type {
            op: op.name,
            msg: format!("eigvalsh got an unexpected keyword argument '{k}'"),
        });
    }
    let u = match kwargs::get(&s.kwargs, "UPLO") {
        None => "L",
        Some(Kw::Str(u)) => u,
        Some(v) => {
            return Err(Error::Value {
                op: op.name,
                msg: format!("UPLO argument must be 'L' or 'U', not {}", kwargs::show(v)),
            })
        }
    };
    one(op, &plain)?.eigvalsh(u).map(|t| vec![t])
}

fn cholesky_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let plain = Sample {
        kwargs: Vec::new(),
        ..s.clone()
    };
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| *k != "upper") {
        return Err(Error::Type {
            op: op.name,
            msg: format!("cholesky got an unexpected keyword argument '{k}'"),
        });
    }
    let upper = match kwargs::get(&s.kwargs, "upper") {
        None => false,
        Some(Kw::Bool(b)) => *b,
        Some(v) => {
            return Err(Error::Type {
                op: op.name,
                msg: format!("upper={} is not a bool", kwargs::show(v)),
            })
        }
    };
    one(op, &plain)?.cholesky(upper).map(|t| vec![t])
}

fn svdvals_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    one(op, s)?.svdvals().map(|t| vec![t])
}

/// The Hermitian matrices NumPy reads from the sample: its `UPLO` (or lower) triangle,
/// mirrored, with a real diagonal.
pub(crate) fn hermitian_input(s: &Sample, lower: bool) -> Res<(Vec<Vec<Cf64>>, usize)> {
    let (mats, n, _) = stack(s.tensor(0).ok_or("a matrix operand")?)?;
    let h = mats
        .iter()
        .map(|m| {
            (0..n * n)
                .map(|k| {
                    let (i, j) = (k / n, k % n);
                    let from = if lower { i >= j } else { i <= j };
                    match (i == j, from) {
                        (true, _) => Cf64::new(m[k].re, 0.0),
                        (false, true) => m[k],
                        (false, false) => m[j * n + i].conj(),
                    }
                })
                .collect()
        })
        .collect();
    Ok((h, n))
}

/// `||dA||_2` of a backward-stable solver on each side: `8 n eps ||A||_F`.
fn weyl(a: &[Cf64], n: usize) -> f64 {
    8.0 * n as f64 * eps(DType::F64) * frobenius(a)
}

fn eigvalsh_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (mats, n) = hermitian_input(s, uplo(s) == "L")?;
    let ((g, gv), (_, wv)) = (output(got, 0)?, output(want, 0)?);
    for (k, h) in mats.iter().enumerate() {
        let (gk, wk) = (&gv[k * n..(k + 1) * n], &wv[k * n..(k + 1) * n]);
        let bound = 2.0 * weyl(h, n) * (n as f64).sqrt();
        within(
            gk,
            wk,
            bound,
            g.dtype(),
            &format!("eigenvalues of matrix {k}"),
        )?;
    }
    Ok(())
}

fn svdvals_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (mats, m, n) = stack(s.tensor(0).ok_or("a matrix operand")?)?;
    let ((g, gv), (_, wv)) = (output(got, 0)?, output(want, 0)?);
    let kk = m.min(n);
    for (k, a) in mats.iter().enumerate() {
        let (gk, wk) = (&gv[k * kk..(k + 1) * kk], &wv[k * kk..(k + 1) * kk]);
        let bound = 2.0 * weyl(a, m.max(n)) * (kk as f64).sqrt();
        within(
            gk,
            wk,
            bound,
            g.dtype(),
            &format!("singular values of matrix {k}"),
        )?;
    }
    Ok(())
}

fn cholesky_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let upper = matches!(kwargs::get(&s.kwargs, "upper"), Some(Kw::Bool(true)));
    let (mats, n) = hermitian_input(s, !upper)?;
    let ((g, gv), (_, wv)) = (output(got, 0)?, output(want, 0)?);
    for (k, h) in mats.iter().enumerate() {
        let (gk, wk) = (
            &gv[k * n * n..(k + 1) * n * n],
            &wv[k * n * n..(k + 1) * n * n],
        );
        let bound = match inverse_norm(h, n) {
            Some(inv) => backward(n) * frobenius(h) * inv * frobenius(wk),
            None => f64::INFINITY,
        };
        within(
            gk,
            wk,
            bound,
            g.dtype(),
            &format!("Cholesky factor of matrix {k}"),
        )?;
    }
    Ok(())
}

fn gens(
    sample: crate::record::Gen,
    extremal: crate::record::Gen,
    errors: crate::record::ErrorGen,
) -> Gens {
    Gens {
        sample,
        noncontiguous,
        broadcasting: sample,
        extremal,
        errors,
        result_dtype: unary_result_dtype,
        extra: Vec::new(),
    }
}

/// The Hermitian and SVD records.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        record(
            "linalg.eigvalsh",
            1,
            eigvalsh_call,
            gens(eigvalsh_samples, det_extremal, eigvalsh_errors),
            eigvalsh_compare,
        ),
        record(
            "linalg.cholesky",
            1,
            cholesky_call,
            gens(cholesky_samples, cholesky_extremal, cholesky_errors),
            cholesky_compare,
        ),
        record(
            "linalg.svdvals",
            1,
            svdvals_call,
            gens(svdvals_samples, det_extremal, svdvals_errors),
            svdvals_compare,
        ),
    ];
    for r in &mut v {
        r.precision = crate::record::Precision::Tol(
            "an eigensolver's or factorization's rounding depends on its algorithm: compared \
             within the perturbation bound of a backward-stable one (see opinfo::linalg_hermitian)",
        );
    }
    v
}
