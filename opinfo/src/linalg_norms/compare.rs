//! The comparisons of the norm records. Each reads from the sample which computation NumPy
//! runs for it (the dispatch of `numpy.linalg.norm`), and the range each side's result can
//! take from that computation's error analysis ([`super::bounds`]): the summation bound for
//! the sums, Weyl's `|d sigma_i| <= ||dA||_2` for the singular values, the perturbation of an
//! inverse through the condition number for `cond`. `matrix_rank` is compared exactly,
//! except for a matrix with a singular value within its perturbation bound of the threshold,
//! whose rank the input does not determine.

use super::bounds::{count, extreme, extreme_of, judge, p_norm, range, Expect};
use super::calls::ord_of;
use super::jacobi::{scaled_frobenius, singular_values};
use crate::dot_bound::{same_layout, values};
use crate::kwargs::{self, Kw};
use crate::linalg_hermitian::hermitian_input;
use crate::lu_bound::{backward, inverse_norm, stack};
use crate::reduction_bounds::sum_terms;
use crate::samples::Sample;
use crate::tolerance::{eps, min_subnormal};
use backends::element::Cf64;
use backends::linalg::norms::NormOrd;
use backends::{Arg, DType, Tensor};

type Res<T> = std::result::Result<T, String>;

/// A matrix norm's order.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Matrix {
    Fro,
    Nuc,
    Two,
    MinusTwo,
    One,
    MinusOne,
    Inf,
    MinusInf,
}

/// What NumPy computes for a sample.
enum Plan {
    /// A vector norm of order `p` over `axes`, flattened in that order.
    Vector(Vec<usize>, f64),
    /// A matrix norm over axes `(row, col)`.
    Matrix(usize, usize, Matrix),
}

fn matrix_ord(o: &NormOrd) -> Res<Matrix> {
    Ok(match o {
        NormOrd::Default => Matrix::Fro,
        NormOrd::Str(s) if s == "fro" || s == "f" => Matrix::Fro,
        NormOrd::Str(s) if s == "nuc" => Matrix::Nuc,
        NormOrd::P(p) if *p == 2.0 => Matrix::Two,
        NormOrd::P(p) if *p == -2.0 => Matrix::MinusTwo,
        NormOrd::P(p) if *p == 1.0 => Matrix::One,
        NormOrd::P(p) if *p == -1.0 => Matrix::MinusOne,
        NormOrd::P(p) if *p == f64::INFINITY => Matrix::Inf,
        NormOrd::P(p) if *p == f64::NEG_INFINITY => Matrix::MinusInf,
        o => {
            return Err(format!(
                "ord {o:?} is no matrix norm, yet NumPy returned one"
            ))
        }
    })
}

fn vector_p(o: &NormOrd) -> Res<f64> {
    match o {
        NormOrd::Default => Ok(2.0),
        NormOrd::P(p) => Ok(*p),
        NormOrd::Str(s) => Err(format!(
            "ord {s:?} is no vector norm, yet NumPy returned one"
        )),
    }
}

/// An axis in range of `nd` dimensions.
fn axis(a: i64, nd: usize) -> Res<usize> {
    let n = nd as i64;
    if a < -n || a >= n {
        return Err(format!(
            "axis {a} out of range, yet NumPy returned a result"
        ));
    }
    Ok(a.rem_euclid(n.max(1)) as usize)
}

/// The axes of `axis=` (None: all of them).
fn axes(s: &Sample, nd: usize) -> Res<Option<Vec<usize>>> {
    match kwargs::get(&s.kwargs, "axis") {
        None | Some(Kw::None) => Ok(None),
        Some(Kw::Int(a)) => Ok(Some(vec![axis(*a, nd)?])),
        Some(Kw::Ints(v)) => v.iter().map(|&a| axis(a, nd)).collect::<Res<_>>().map(Some),
        Some(v) => Err(format!("axis={}", kwargs::show(v))),
    }
}

fn ord(s: &Sample, name: &str) -> Res<NormOrd> {
    ord_of("compare", s, name).map_err(|e| e.to_string())
}

/// `np.linalg.norm`'s dispatch for a sample of `nd` dimensions.
fn norm_plan(s: &Sample, nd: usize) -> Res<Plan> {
    let o = ord(s, "ord")?;
    let flat = match &o {
        NormOrd::Default => true,
        NormOrd::Str(t) => (t == "fro" || t == "f") && nd == 2,
        NormOrd::P(p) => *p == 2.0 && nd == 1,
    };
    let ax = match axes(s, nd)? {
        None if flat => return Ok(Plan::Vector((0..nd).collect(), 2.0)),
        None => (0..nd).collect(),
        Some(a) => a,
    };
    match ax[..] {
        [a] => Ok(Plan::Vector(vec![a], vector_p(&o)?)),
        [r, c] => Ok(Plan::Matrix(r, c, matrix_ord(&o)?)),
        _ => Err("an improper number of axes, yet NumPy returned a norm".into()),
    }
}

/// `np.linalg.vector_norm`'s reduction for a sample.
fn vector_norm_plan(s: &Sample, nd: usize) -> Res<Plan> {
    let p = vector_p(&ord(s, "ord")?)?;
    Ok(Plan::Vector(
        axes(s, nd)?.unwrap_or_else(|| (0..nd).collect()),
        p,
    ))
}

fn matrix_norm_plan(s: &Sample, nd: usize) -> Res<Plan> {
    if nd < 2 {
        return Err(format!("a {nd}-d matrix_norm, yet NumPy returned one"));
    }
    Ok(Plan::Matrix(nd - 2, nd - 1, matrix_ord(&ord(s, "ord")?)?))
}

/// `t`'s values grouped by output element: the axes `reduced` last (in that order), the
/// others in order, one group per element of the others.
fn groups(t: &Tensor, reduced: &[usize]) -> Res<Vec<Vec<Cf64>>> {
    let nd = t.ndim();
    let mut perm: Vec<usize> = (0..nd).filter(|a| !reduced.contains(a)).collect();
    let outs: usize = perm.iter().map(|&a| t.shape()[a]).product();
    perm.extend(reduced);
    let len: usize = reduced.iter().map(|&a| t.shape()[a]).product();
    let v = values(&t.permute(Some(&perm)).map_err(|e| e.to_string())?)?;
    Ok(if len == 0 {
        vec![Vec::new(); outs]
    } else {
        v.chunks(len).map(<[Cf64]>::to_vec).collect()
    })
}

/// A vector norm of order `p` of one group.
fn vector_expect(xs: &[Cf64], p: f64, d: DType) -> Expect {
    if p.is_infinite() {
        extreme(xs, p > 0.0, d)
    } else if p == 0.0 {
        count(xs, d)
    } else if p.is_nan() {
        // `|x| ** nan` and its root: NaN but where a power of 1 is 1; only NaN-ness is compared.
        Expect::Range(0.0, f64::INFINITY)
    } else {
        p_norm(xs, p, d)
    }
}

/// The singular values' relative perturbation (both sides and this comparison's own
/// Jacobi), relative to the largest: Weyl's bound with `||A||_F <= sqrt(k) sigma_max`.
fn sigma_rho(m: usize, n: usize) -> f64 {
    2.0 * 8.0 * m.max(n) as f64 * eps(DType::F64) * (m.min(n) as f64).sqrt()
}

/// An SVD-based matrix norm of the `m x n` matrix `a`, rounded to `d`.
fn svd_expect(a: &[Cf64], m: usize, n: usize, ord: Matrix, d: DType) -> Expect {
    let Some(sv) = singular_values(a, m, n) else {
        // An infinity (a NaN raises on both sides): LAPACK's values; only NaN-ness compared.
        return Expect::Range(0.0, f64::INFINITY);
    };
    let (Some(&top), Some(&bottom)) = (sv.first(), sv.last()) else {
        // No singular values: `initial=0` (2, nuc); -2 raises.
        return Expect::Range(0.0, 0.0);
    };
    let e = sigma_rho(m, n) * top;
    let rounding = 2.0 * eps(d);
    let floor = min_subnormal(d);
    if top.is_infinite() {
        return match ord {
            Matrix::MinusTwo => Expect::Range(0.0, f64::INFINITY),
            _ => Expect::Range(f64::INFINITY, f64::INFINITY),
        };
    }
    match ord {
        Matrix::Two => range(top - e, top + e, rounding, floor, d),
        Matrix::MinusTwo => range(bottom - e, bottom + e, rounding, floor, d),
        _ => {
            let k = sv.len() as f64;
            let total: f64 = sv.iter().sum();
            let rel = (sum_terms(k) + 2.0) * eps(d);
            range(total - k * e, total + k * e, rel, k * floor, d)
        }
    }
}

/// A matrix norm of the `rows x cols` row-major matrix `a`.
fn matrix_expect(a: &[Cf64], rows: usize, cols: usize, ord: Matrix, d: DType) -> Expect {
    let col = |j: usize| -> Vec<Cf64> { (0..rows).map(|i| a[i * cols + j]).collect() };
    let row = |i: usize| -> Vec<Cf64> { a[i * cols..(i + 1) * cols].to_vec() };
    let sums = |v: Vec<Vec<Cf64>>| -> Vec<Expect> { v.iter().map(|x| p_norm(x, 1.0, d)).collect() };
    match ord {
        Matrix::Fro => p_norm(a, 2.0, d),
        Matrix::One => extreme_of(&sums((0..cols).map(col).collect()), true, Some(0.0)),
        Matrix::MinusOne => extreme_of(&sums((0..cols).map(col).collect()), false, None),
        Matrix::Inf => extreme_of(&sums((0..rows).map(row).collect()), true, Some(0.0)),
        Matrix::MinusInf => extreme_of(&sums((0..rows).map(row).collect()), false, None),
        o => svd_expect(a, rows, cols, o, d),
    }
}

/// Compares a norm's single output with NumPy's, element by element, under `plan`.
fn compare_norm(
    s: &Sample,
    got: &[Tensor],
    want: &[Tensor],
    plan: fn(&Sample, usize) -> Res<Plan>,
) -> Res<()> {
    same_layout(got, want)?;
    let x = s.tensor(0).ok_or("an array operand")?;
    let d = want[0].dtype();
    let expects: Vec<Expect> = match plan(s, x.ndim())? {
        Plan::Vector(ax, p) => groups(x, &ax)?
            .iter()
            .map(|g| vector_expect(g, p, d))
            .collect(),
        Plan::Matrix(r, c, o) => {
            let (rows, cols) = (x.shape()[r], x.shape()[c]);
            groups(x, &[r, c])?
                .iter()
                .map(|g| matrix_expect(g, rows, cols, o, d))
                .collect()
        }
    };
    let (gv, wv) = (values(&got[0])?, values(&want[0])?);
    if expects.len() != wv.len() {
        return Err(format!(
            "{} output elements expected, NumPy has {}",
            expects.len(),
            wv.len()
        ));
    }
    for (k, e) in expects.into_iter().enumerate() {
        judge(gv[k].re, wv[k].re, e, d, &format!("element {k}"))?;
    }
    Ok(())
}

pub(super) fn vector_norm(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    compare_norm(s, got, want, vector_norm_plan)
}

pub(super) fn matrix_norm(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    compare_norm(s, got, want, matrix_norm_plan)
}

pub(super) fn norm(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    compare_norm(s, got, want, norm_plan)
}

/// `tol=` / `rtol=` of a sample broadcast to the result's shape, as float64.
fn threshold(s: &Sample, name: &str, shape: &[usize]) -> Res<Option<Vec<f64>>> {
    let t = super::calls::threshold("compare", s, name).map_err(|e| e.to_string())?;
    t.map(|t| {
        let b = t.broadcast_to(shape).map_err(|e| e.to_string())?;
        Ok(values(&b)?.iter().map(|z| z.re).collect())
    })
    .transpose()
}

/// The precision NumPy's singular values come in (float32 for float32/complex64 input).
fn sv_dtype(d: DType) -> DType {
    match d {
        DType::F32 | DType::C64 => DType::F32,
        _ => DType::F64,
    }
}

pub(super) fn matrix_rank(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (gv, wv) = (values(&got[0])?, values(&want[0])?);
    let differ: Vec<usize> = (0..wv.len()).filter(|&k| gv[k] != wv[k]).collect();
    let Some(&first) = differ.first() else {
        return Ok(());
    };
    let x = s.tensor(0).ok_or("an array operand")?;
    let nd = x.ndim();
    let mismatch = |k: usize, why: String| {
        Err(format!(
            "rank {k}: engine {}, NumPy {} ({why})",
            gv[k].re, wv[k].re
        ))
    };
    if nd < 2 {
        return mismatch(first, "int(not all(A == 0)) is exact".into());
    }
    // Each output element's matrix and threshold: the stack broadcast with tol/rtol.
    let out = want[0].shape().to_vec();
    let (m, n) = (x.shape()[nd - 2], x.shape()[nd - 1]);
    let mut full = out.clone();
    full.extend([m, n]);
    let xb = x.broadcast_to(&full).map_err(|e| e.to_string())?;
    let mats = if matches!(kwargs::get(&s.kwargs, "hermitian"), Some(Kw::Bool(true))) {
        hermitian_input(&Sample::new("rank", "", vec![Arg::Tensor(xb)]), true)?.0
    } else {
        stack(&xb)?.0
    };
    let (tol, rtol) = (threshold(s, "tol", &out)?, threshold(s, "rtol", &out)?);
    let ds = sv_dtype(x.dtype());
    for &k in &differ {
        let Some(sv) = singular_values(&mats[k], m, n) else {
            return mismatch(k, "a non-finite input".into());
        };
        let top = sv.first().copied().unwrap_or(0.0);
        let default = m.max(n) as f64 * eps(ds);
        let (t, relative) = match (&tol, &rtol) {
            (Some(t), _) => (t[k], 0.0),
            (None, Some(r)) => (r[k] * top, r[k].abs()),
            (None, None) => (default * top, default),
        };
        // Both sides' singular values move by Weyl's bound, the threshold with the largest
        // (times rtol), and both are rounded to the singular values' dtype.
        let margin = sigma_rho(m, n) * top * (1.0 + relative)
            + 2.0 * eps(ds) * t.abs().max(top)
            + min_subnormal(ds);
        if !sv.iter().any(|&v| (v - t).abs() <= margin) {
            return mismatch(
                k,
                format!(
                    "singular values {sv:?} are all farther than {margin:.3e} from the threshold {t:.3e}"
                ),
            );
        }
    }
    Ok(())
}

/// The p-norm of a matrix in float64, for `cond`'s bound (`nuc` from its singular values).
fn matrix_norm_of(a: &[Cf64], n: usize, ord: Matrix) -> f64 {
    let col = |j: usize| (0..n).map(|i| a[i * n + j].norm()).sum::<f64>();
    let row = |i: usize| (0..n).map(|j| a[i * n + j].norm()).sum::<f64>();
    let fold = |v: Vec<f64>, largest: bool| {
        v.into_iter()
            .fold(if largest { 0.0 } else { f64::INFINITY }, |x, y| {
                if largest {
                    x.max(y)
                } else {
                    x.min(y)
                }
            })
    };
    match ord {
        Matrix::One => fold((0..n).map(col).collect(), true),
        Matrix::MinusOne => fold((0..n).map(col).collect(), false),
        Matrix::Inf => fold((0..n).map(row).collect(), true),
        Matrix::MinusInf => fold((0..n).map(row).collect(), false),
        Matrix::Nuc => singular_values(a, n, n).map_or(f64::INFINITY, |s| s.iter().sum()),
        _ => scaled_frobenius(a),
    }
}

/// The relative rounding of a matrix norm computed in `d`.
fn norm_rounding(ord: Matrix, n: usize, d: DType) -> f64 {
    let k = n as f64;
    match ord {
        Matrix::Fro => (sum_terms(k * k) + 4.0) * eps(d),
        Matrix::Nuc => 16.0 * k * k * eps(DType::F64) + (sum_terms(k) + 3.0) * eps(d),
        _ => (sum_terms(k) + 3.0) * eps(d),
    }
}

/// `cond(a, p)` for a `p` through the inverse: `||A|| ||A^-1||` with the inverse's
/// perturbation `||dX||_F <= g(n) eps ||A||_F ||X||_F^2` (Gaussian elimination's backward
/// error, [`crate::lu_bound`]) carried into its norm (`sqrt(n)` between the Frobenius norm
/// and the others), each norm's own rounding, and the result's.
fn cond_inverse(a: &[Cf64], n: usize, ord: Matrix, w: f64, dx: DType, d: DType) -> Expect {
    let Some(inv) = inverse_norm(a, n) else {
        // Singular: NaN, made inf, on both sides, or a huge value where elimination rounds
        // past the zero pivot; not determined.
        return Expect::Range(0.0, f64::INFINITY);
    };
    let fro = scaled_frobenius(a);
    let spread = if ord == Matrix::Fro {
        1.0
    } else {
        (n as f64).sqrt()
    };
    let through = spread * backward(n) * fro * inv;
    if through.is_nan() || through >= 0.5 || w == 0.0 {
        // Singular to working precision: the inverse is not determined.
        return Expect::Range(0.0, f64::INFINITY);
    }
    let norm_a = matrix_norm_of(a, n, ord);
    // ||dX||_p / ||X||_p with ||X||_p = w / ||A||_p (NumPy's value as the scale).
    let pert = spread * backward(n) * fro * inv * inv * norm_a / w;
    let rel = norm_rounding(ord, n, dx) + norm_rounding(ord, n, DType::F64) + pert + 2.0 * eps(d);
    if w.is_infinite() {
        // Overflowed in NumPy: the engine's may only be near the top of the range.
        return range(
            super::bounds::max_finite(d) * (1.0 - 2.0 * rel),
            f64::INFINITY,
            0.0,
            0.0,
            d,
        );
    }
    range(w * (1.0 - rel), w * (1.0 + rel), 0.0, min_subnormal(d), d)
}

/// `cond(a, p)` for `p` None, 2 or -2: a ratio of singular values, each moved by Weyl's
/// bound; 0/0 (a zero matrix) is NaN, made inf.
fn cond_svd(a: &[Cf64], m: usize, n: usize, minus: bool, d: DType) -> Expect {
    let Some(sv) = singular_values(a, m, n) else {
        return Expect::Range(0.0, f64::INFINITY);
    };
    let (Some(&top), Some(&bottom)) = (sv.first(), sv.last()) else {
        return Expect::Range(0.0, f64::INFINITY);
    };
    if top == 0.0 {
        return Expect::Range(f64::INFINITY, f64::INFINITY);
    }
    // Both sides' singular values are rounded to d before the division.
    let e = sigma_rho(m, n) * top + eps(d) * top + min_subnormal(d);
    let (num, den) = if minus { (bottom, top) } else { (top, bottom) };
    let hi = if den - e > 0.0 {
        (num + e) / (den - e)
    } else {
        f64::INFINITY
    };
    range(((num - e) / (den + e)).max(0.0), hi, 2.0 * eps(d), 0.0, d)
}

pub(super) fn cond(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let x = s.tensor(0).ok_or("an array operand")?;
    let d = want[0].dtype();
    let p = ord(s, "p")?;
    let (mats, m, n) = stack(x)?;
    let (gv, wv) = (values(&got[0])?, values(&want[0])?);
    if mats.len() != wv.len() {
        return Err(format!(
            "{} matrices, NumPy {} results",
            mats.len(),
            wv.len()
        ));
    }
    let dx = match x.dtype() {
        DType::F32 | DType::C64 => DType::F32,
        _ => DType::F64,
    };
    for (k, a) in mats.iter().enumerate() {
        let e = match &p {
            NormOrd::Default => cond_svd(a, m, n, false, d),
            NormOrd::P(q) if *q == 2.0 || *q == -2.0 => cond_svd(a, m, n, *q < 0.0, d),
            o => cond_inverse(a, n, matrix_ord(o)?, wv[k].re, dx, d),
        };
        judge(gv[k].re, wv[k].re, e, d, &format!("cond of matrix {k}"))?;
    }
    Ok(())
}
