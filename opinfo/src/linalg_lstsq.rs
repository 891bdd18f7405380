//! The records of `linalg.pinv` and `linalg.lstsq`: full-rank square, tall and wide matrices,
//! stacks (pinv), rank-deficient ones under an explicit cutoff, the cutoff keywords (`rcond`,
//! `rtol`, `rtol=None`, a per-matrix `rcond` array, a negative `rcond`), `hermitian`, empty
//! shapes, extremal values and NumPy's errors.
//!
//! Both are defined through a truncated SVD, so they compare through its perturbation
//! theory: the singular values of the input (computed here by one-sided Jacobi, for the bound
//! only) give the rank `r` and `sigma_r`; a singular value within Weyl's margin of the cutoff
//! makes the rank (and so the result) a matter of rounding, and nothing more is compared. Else
//! Wedin's bound for pseudo-inverses, `||X - X'||_F <= 3 sqrt(2r) ||dA|| / sigma_r^2` with
//! `||dA||` both sides' backward errors plus the discarded singular values, and the result
//! dtype's rounding of the final products (`r / sigma_r` per product term).

use crate::dot_bound::same_layout;
use crate::factor_bound::CMat;
use crate::kwargs::{self, Kw};
use crate::linalg_hermitian::{hermitian_input, hpd, svdvals_compare, unary_result_dtype, weyl};
use crate::linalg_lu::{
    det_extremal, exact, noncontiguous, output, record, solve_result_dtype, well,
};
use crate::linalg_norms::jacobi::singular_values;
use crate::lu_bound::{frobenius, stack};
use crate::record::{Domain, Gens, OpInfo, Precision};
use crate::rng::Rng;
use crate::samples::{random, ErrorInput, Sample};
use crate::tolerance::{eps, min_subnormal};
use backends::element::Cf64;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

/// The sample's array operands, refusing keywords not in `allowed`.
fn operands(op: &OpInfo, s: &Sample, allowed: &[&str]) -> Result<Vec<Tensor>> {
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} got an unexpected keyword argument '{k}'", op.name),
        });
    }
    if s.args.len() != op.nin {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} takes {} arguments", op.name, op.nin),
        });
    }
    s.args
        .iter()
        .map(|a| backends::linalg::products::operand(op.name, a))
        .collect()
}

/// A cutoff keyword as a tensor: a Python float is a float64 scalar (`asarray`).
fn cutoff_kw(op: &OpInfo, v: &Kw) -> Result<Tensor> {
    match v {
        Kw::Float(x) => Ok(Tensor::scalar(*x)),
        Kw::Int(i) => Ok(Tensor::scalar(*i)),
        Kw::Tensor(t) => Ok(t.clone()),
        v => Err(Error::Type {
            op: op.name,
            msg: format!("cutoff {} is not a number or an array", kwargs::show(v)),
        }),
    }
}

fn hermitian_flag(op: &OpInfo, s: &Sample) -> Result<bool> {
    match kwargs::get(&s.kwargs, "hermitian") {
        None => Ok(false),
        Some(Kw::Bool(b)) => Ok(*b),
        Some(v) => Err(Error::Type {
            op: op.name,
            msg: format!("hermitian={} is not a bool", kwargs::show(v)),
        }),
    }
}

fn pinv_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let a = operands(op, s, &["rcond", "hermitian", "rtol"])?;
    let rcond = match kwargs::get(&s.kwargs, "rcond") {
        None | Some(Kw::None) => None,
        Some(v) => Some(cutoff_kw(op, v)?),
    };
    let rtol = match kwargs::get(&s.kwargs, "rtol") {
        None => None,
        Some(Kw::None) => Some(None),
        Some(v) => Some(Some(cutoff_kw(op, v)?)),
    };
    let herm = hermitian_flag(op, s)?;
    a[0].pinv(rcond.as_ref(), herm, rtol.as_ref().map(|r| r.as_ref()))
        .map(|t| vec![t])
}

fn lstsq_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &["rcond"])?;
    let rcond = match kwargs::get(&s.kwargs, "rcond") {
        None | Some(Kw::None) => None,
        Some(_) => Some(kwargs::float(op.name, &s.kwargs, "rcond", 0.0)?),
    };
    let (x, r, k, sv) = x[0].lstsq(&x[1], rcond)?;
    Ok(vec![x, r, k, sv])
}

/// A full-rank `m x n` stack: the leading block of a diagonally dominant square matrix.
fn full_rank(dtype: DType, batch: &[usize], m: usize, n: usize, rng: &mut Rng) -> Tensor {
    let sq = well(dtype, batch, m.max(n), rng);
    let nd = sq.ndim();
    use backends::ops::view::Slice;
    let mut index: Vec<Slice> = vec![Slice::step(1); nd - 2];
    index.push(Slice::new(None, Some(m as isize), 1));
    index.push(Slice::new(None, Some(n as isize), 1));
    sq.slice(&index)
        .and_then(|t| t.contiguous())
        .expect("a leading block")
}

/// A sample of one array operand.
fn one(what: impl Into<String>, t: Tensor) -> Sample {
    Sample::new("sample", what, vec![Arg::Tensor(t)])
}

/// The rank-deficient matrices: exact rank in exact arithmetic, their zero singular values
/// at the rounding level, so an explicit cutoff far above it decides the rank.
fn deficient(dtype: DType) -> Vec<(&'static str, Tensor)> {
    let mut out = vec![("zeros 2x2", exact(dtype, 2, &[0.0; 4]))];
    if dtype != DType::Bool {
        out.push((
            "[[1, 2], [2, 4]] (rank 1)",
            exact(dtype, 2, &[1.0, 2.0, 2.0, 4.0]),
        ));
        out.push((
            "a zero row (rank 2)",
            exact(dtype, 3, &[1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 4.0, 5.0, 7.0]),
        ));
    } else {
        out.push(("[[1, 1], [1, 1]] (rank 1)", exact(dtype, 2, &[1.0; 4])));
    }
    out
}

fn pinv_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let shapes: [(&[usize], usize, usize); 10] = [
        (&[], 3, 3),
        (&[], 4, 2),
        (&[], 2, 5),
        (&[2, 3], 3, 3),
        (&[2], 5, 3),
        (&[], 1, 1),
        (&[], 0, 0),
        (&[], 0, 3),
        (&[2], 3, 0),
        (&[0], 2, 2),
    ];
    let mut out: Vec<Sample> = shapes
        .iter()
        .map(|&(b, m, n)| {
            one(
                format!("full rank {b:?} x {m}x{n}"),
                full_rank(dtype, b, m, n, &mut rng),
            )
        })
        .collect();
    for (what, t) in deficient(dtype) {
        out.push(one(what, t.clone()).kw("rcond", Kw::Float(1e-8)));
        out.push(one(what, t).kw("rtol", Kw::Float(1e-6)));
    }
    // A cutoff per matrix of the stack: the first keeps both singular values, the second
    // only the largest (singular values 3 + 2^-3 ... of a diagonally dominant 2x2 pair).
    let pair = exact(dtype, 2, &[4.0, 0.0, 0.0, 1.0, 4.0, 0.0, 0.0, 1.0]);
    out.push(
        one("a stack of diag(4, 1) with rcond [0.1, 0.5]", pair.clone()).kw(
            "rcond",
            Kw::Tensor(Tensor::from_vec(vec![0.1f64, 0.5], &[2]).expect("a vector")),
        ),
    );
    out.push(one("diag(4, 1) x 2 with rtol=0.5", pair).kw("rtol", Kw::Float(0.5)));
    if dtype.is_inexact() && !matches!(dtype, DType::BF16 | DType::F16) {
        out.push(
            one(
                "full rank 3x4, rtol=None",
                full_rank(dtype, &[], 3, 4, &mut rng),
            )
            .kw("rtol", Kw::None),
        );
    }
    let mut herm = vec![
        one(
            "2x3x3 Hermitian positive definite",
            hpd(dtype, &[2], 3, &mut rng, false),
        ),
        one(
            "4x4 positive definite below the diagonal, junk above it",
            hpd(dtype, &[], 4, &mut rng, true),
        ),
    ];
    if dtype.is_signed_integer() || dtype.is_inexact() {
        herm.push(one(
            "[[2, 1], [1, -3]]: indefinite",
            exact(dtype, 2, &[2.0, 1.0, 1.0, -3.0]),
        ));
    }
    out.extend(herm.into_iter().map(|h| h.kw("hermitian", Kw::Bool(true))));
    out
}

/// `b` operands for an `m`-row system: a vector, two columns, none.
fn rhs(dtype: DType, m: usize, i: usize, rng: &mut Rng) -> Tensor {
    match i % 3 {
        0 => random(dtype, &[m], rng, Domain::Any),
        1 => random(dtype, &[m, 2], rng, Domain::Any),
        _ => random(dtype, &[m, 3], rng, Domain::Any),
    }
}

fn lstsq_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let shapes: [(usize, usize); 9] = [
        (4, 2),
        (5, 3),
        (3, 3),
        (2, 4),
        (6, 1),
        (1, 1),
        (0, 2),
        (3, 0),
        (0, 0),
    ];
    let mut out = Vec::new();
    for (i, &(m, n)) in shapes.iter().enumerate() {
        let a = full_rank(dtype, &[], m, n, &mut rng);
        let b = rhs(dtype, m, i, &mut rng);
        out.push(Sample::new(
            "sample",
            format!("full rank {m}x{n}, b {:?}", b.shape()),
            vec![Arg::Tensor(a), Arg::Tensor(b)],
        ));
    }
    let a = full_rank(dtype, &[], 4, 2, &mut rng);
    out.push(Sample::new(
        "sample",
        "4x2, b with no columns",
        vec![
            Arg::Tensor(a.clone()),
            Arg::Tensor(random(dtype, &[4, 0], &mut rng, Domain::Any)),
        ],
    ));
    out.push(
        Sample::new(
            "sample",
            "4x2, rcond=-1 (machine precision)",
            vec![
                Arg::Tensor(a),
                Arg::Tensor(random(dtype, &[4], &mut rng, Domain::Any)),
            ],
        )
        .kw("rcond", Kw::Int(-1)),
    );
    for (what, t) in deficient(dtype) {
        let m = t.shape()[t.ndim() - 1];
        let t = t.squeeze(Some(0)).expect("one matrix");
        out.push(
            Sample::new(
                "sample",
                format!("{what}, rcond=1e-8"),
                vec![
                    Arg::Tensor(t),
                    Arg::Tensor(random(dtype, &[m, 2], &mut rng, Domain::Any)),
                ],
            )
            .kw("rcond", Kw::Float(1e-8)),
        );
    }
    // Mixed dtypes: int8 and float32 right-hand sides.
    for other in [DType::I8, DType::F32] {
        out.push(Sample::new(
            "sample",
            format!("{} a, {} b", dtype.name(), other.name()),
            vec![
                Arg::Tensor(full_rank(dtype, &[], 3, 2, &mut rng)),
                Arg::Tensor(random(other, &[3], &mut rng, Domain::Any)),
            ],
        ));
    }
    out
}

/// NumPy's errors of `pinv`: too few dimensions, `rcond` with `rtol`, `rtol=None` for a dtype
/// `finfo` refuses, a non-square `hermitian`, a cutoff that broadcasts the stack larger.
fn pinv_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let mut t = |shape: &[usize]| Arg::Tensor(random(dtype, shape, &mut rng, Domain::Any));
    let err = |what: &str, args: Vec<Arg>, kind: ErrorKind| ErrorInput {
        sample: Sample::new("error", what, args),
        expected: kind,
    };
    let mut out = vec![
        err("a 1-d array", vec![t(&[3])], ErrorKind::LinAlg),
        err("a 0-d array", vec![t(&[])], ErrorKind::LinAlg),
        err("an empty 1-d array", vec![t(&[0])], ErrorKind::Value),
    ];
    let mut both = err("rcond and rtol", vec![t(&[2, 2])], ErrorKind::Value);
    both.sample = both
        .sample
        .kw("rcond", Kw::Float(0.1))
        .kw("rtol", Kw::Float(0.1));
    out.push(both);
    let mut herm = err(
        "hermitian=True of a 2x3 matrix",
        vec![t(&[2, 3])],
        ErrorKind::LinAlg,
    );
    herm.sample = herm.sample.kw("hermitian", Kw::Bool(true));
    out.push(herm);
    let mut wide = err(
        "rcond of shape (4, 2) against a stack of 2",
        vec![Arg::Tensor(well(dtype, &[2], 3, &mut Rng::new(seed ^ 3)))],
        ErrorKind::Value,
    );
    wide.sample = wide.sample.kw(
        "rcond",
        Kw::Tensor(Tensor::from_vec(vec![0.5f64; 8], &[4, 2]).expect("a matrix")),
    );
    out.push(wide);
    if !(dtype.is_inexact() && dtype != DType::BF16) {
        let mut none = err(
            "rtol=None of a dtype finfo refuses",
            vec![Arg::Tensor(well(dtype, &[], 2, &mut Rng::new(seed ^ 5)))],
            ErrorKind::Value,
        );
        none.sample = none.sample.kw("rtol", Kw::None);
        out.push(none);
    }
    out
}

fn lstsq_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let mut t = |shape: &[usize]| Arg::Tensor(random(dtype, shape, &mut rng, Domain::Any));
    let err = |what: &str, a: Arg, b: Arg| ErrorInput {
        sample: Sample::new("error", what, vec![a, b]),
        expected: ErrorKind::LinAlg,
    };
    let mut out = vec![
        err("a 1-d a", t(&[3]), t(&[3])),
        err("a 0-d b", t(&[2, 2]), t(&[])),
        err("a stack of systems (3-d b)", t(&[2, 2]), t(&[1, 2, 2])),
        err("a stack of matrices (3-d a)", t(&[2, 2, 2]), t(&[2])),
        err("rows that differ", t(&[3, 2]), t(&[2])),
    ];
    if dtype.is_inexact() {
        let v = if dtype.is_complex() {
            vec![1.0, f64::NAN, 2.0, 3.0]
        } else {
            vec![1.0, f64::INFINITY, 2.0, 3.0]
        };
        out.push(err(
            "a non-finite entry of a",
            Arg::Tensor(exact(dtype, 2, &v).squeeze(Some(0)).expect("a matrix")),
            t(&[2]),
        ));
    }
    out
}

/// The extremal matrices of `det` whose SVD NumPy can take (see `linalg.svd`'s hazard).
fn pinv_extremal(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    det_extremal(op, dtype, seed)
        .into_iter()
        .filter(|s| !infinite_without_hermitian(&s.args, &s.kwargs))
        .collect()
}

/// Overdetermined systems with extreme right-hand sides: a NaN or infinity makes NumPy's
/// whole solution NaN; the largest and smallest floats.
fn lstsq_extremal(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    if !dtype.is_inexact() {
        return out;
    }
    let max = match dtype.to_real() {
        DType::F32 => f32::MAX as f64,
        DType::BF16 => 3.3895313892515355e38,
        DType::F16 => 65504.0,
        _ => f64::MAX,
    };
    for (what, v) in [
        ("b with a NaN", [1.0, f64::NAN, 2.0]),
        ("b with an infinity", [f64::INFINITY, 1.0, 2.0]),
        ("b near the largest float", [max / 4.0, -max / 4.0, 1.0]),
        ("b of subnormals", [1e-310, -1e-310, 0.0]),
    ] {
        let b =
            crate::samples::tensor_from_hubs(dtype, &[3], &v.map(backends::element::Hub::Float));
        out.push(Sample::new(
            "extremal",
            what,
            vec![
                Arg::Tensor(full_rank(dtype, &[], 3, 2, &mut rng)),
                Arg::Tensor(b),
            ],
        ));
    }
    out
}

/// Whether NumPy's `pinv` would call `gesdd` with vectors on a matrix holding an infinity
/// (OpenBLAS's never returns on some).
fn infinite_without_hermitian(args: &[Arg], kwargs: &[(&'static str, Kw)]) -> bool {
    !matches!(kwargs::get(kwargs, "hermitian"), Some(Kw::Bool(true)))
        && args.iter().any(|a| match a {
            Arg::Tensor(t) => crate::dot_bound::values(t)
                .is_ok_and(|v| v.iter().any(|z| z.re.is_infinite() || z.im.is_infinite())),
            _ => false,
        })
}

/// The rank of `a` under the relative cutoff `rel` and `sigma_r`, `sigma_{r+1}` (0 past the
/// end), or `None` when a singular value is within both sides' rounding of the cutoff (the
/// rank is then the rounding's choice) or an entry is not finite. `d` is the dtype the
/// singular values are rounded to before the cutoff compares them.
fn truncation(a: &[Cf64], m: usize, n: usize, rel: f64, d: DType) -> Option<(usize, f64, f64)> {
    let sv = singular_values(a, m, n)?;
    let top = sv.first().copied().unwrap_or(0.0);
    let cut = rel * top;
    let margin = 2.0 * weyl(a, m.max(n)) * (1.0 + rel.abs()) + 2.0 * eps(d) * cut.abs().max(top);
    if sv.iter().any(|&x| (x - cut).abs() <= margin) {
        return None;
    }
    let r = sv.iter().filter(|&&x| x > cut).count();
    let at = |i: usize| sv.get(i).copied().unwrap_or(0.0);
    Some((r, if r == 0 { 0.0 } else { at(r - 1) }, at(r)))
}

/// Within `bound` in the Frobenius norm over the block, non-finite values exactly NumPy's.
fn close(got: &[Cf64], want: &[Cf64], bound: f64, d: DType, what: &str) -> Res<()> {
    let same = |a: f64, b: f64| a == b || a.is_nan() && b.is_nan();
    let finite = |z: &Cf64| z.re.is_finite() && z.im.is_finite();
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        let exact = same(g.re, w.re) && same(g.im, w.im);
        if !(finite(g) && finite(w) || exact) {
            return Err(format!("{what} element {k}: engine {g}, NumPy {w}"));
        }
    }
    let diff: Vec<Cf64> = got
        .iter()
        .zip(want)
        .filter(|(_, w)| finite(w))
        .map(|(g, w)| g - w)
        .collect();
    let err = frobenius(&diff);
    let tol = bound + 2.0 * eps(d) * frobenius(want) + want.len() as f64 * min_subnormal(d);
    if err > tol || err.is_nan() {
        return Err(format!(
            "{what}: error {err:.3e} > bound {tol:.3e} (Wedin's pseudo-inverse bound through \
             sigma_r, plus the products' rounding)"
        ));
    }
    Ok(())
}

/// Wedin's bound on the pseudo-inverse of a rank-`r` truncation, and the rounding of its
/// products in `d` over `k` terms.
fn pinv_bound(a: &[Cf64], m: usize, n: usize, t: (usize, f64, f64), d: DType) -> f64 {
    let (r, sr, next) = t;
    if r == 0 {
        return 0.0;
    }
    let da = 2.0 * weyl(a, m.max(n)) + 2.0 * next;
    let k = m.min(n) as f64;
    3.0 * (2.0 * r as f64).sqrt() * da / (sr * sr) + 4.0 * (k + 2.0) * eps(d) * r as f64 / sr
}

/// The relative cutoff of each matrix of a `pinv` sample (rcond, rtol, their defaults).
fn pinv_cutoffs(s: &Sample, count: usize, m: usize, n: usize) -> Res<Vec<f64>> {
    let rcond = kwargs::get(&s.kwargs, "rcond").filter(|v| !matches!(v, Kw::None));
    let v = rcond.or(kwargs::get(&s.kwargs, "rtol")).cloned();
    let a = s.tensor(0).ok_or("a matrix")?;
    let each = |x: f64| vec![x; count];
    Ok(match v {
        None => each(1e-15),
        Some(Kw::None) => each(m.max(n) as f64 * eps(a.dtype().to_real())),
        Some(Kw::Float(x)) => each(x),
        Some(Kw::Int(i)) => each(i as f64),
        // NumPy returns an empty stack before it reads the cutoff.
        Some(Kw::Tensor(_)) if m * n == 0 => each(0.0),
        Some(Kw::Tensor(t)) => {
            let mut batch = a.shape()[..a.ndim() - 2].to_vec();
            if batch.is_empty() {
                batch = t.shape().to_vec();
            }
            let b = t.broadcast_to(&batch).map_err(|e| e.to_string())?;
            crate::dot_bound::values(&b)?.iter().map(|z| z.re).collect()
        }
        Some(v) => return Err(format!("cutoff {}", kwargs::show(&v))),
    })
}

fn pinv_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let a = s.tensor(0).ok_or("a matrix")?;
    // NumPy returns an empty stack before it looks at `hermitian`: a non-square one too.
    let square = a.ndim() >= 2 && a.shape()[a.ndim() - 1] == a.shape()[a.ndim() - 2];
    let hermitian = square && matches!(kwargs::get(&s.kwargs, "hermitian"), Some(Kw::Bool(true)));
    let (mats, m, n) = if hermitian {
        let (h, n) = hermitian_input(s, true)?;
        (h, n, n)
    } else {
        stack(a)?
    };
    let ((g, gv), (_, wv)) = (output(got, 0)?, output(want, 0)?);
    let d = g.dtype();
    let cuts = pinv_cutoffs(s, mats.len(), m, n)?;
    let per = m * n;
    for (k, mat) in mats.iter().enumerate() {
        let (gk, wk) = (&gv[k * per..(k + 1) * per], &wv[k * per..(k + 1) * per]);
        let rel = cuts.get(k).copied().unwrap_or(1e-15);
        let Some(t) = truncation(mat, m, n, rel, d.to_real()) else {
            continue;
        };
        let bound = pinv_bound(mat, m, n, t, d);
        close(
            gk,
            wk,
            bound,
            d,
            &format!("pinv of matrix {k} (rank {})", t.0),
        )?;
    }
    Ok(())
}

fn lstsq_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    if got.len() != 4 || want.len() != 4 {
        return Err(format!("{} outputs, NumPy {}", got.len(), want.len()));
    }
    // The residuals' shape follows the rank: compared once the rank is known to be decided.
    let pick = |v: &[Tensor]| [v[0].clone(), v[2].clone(), v[3].clone()];
    same_layout(&pick(got), &pick(want))?;
    let a = s.tensor(0).ok_or("a")?;
    let b = s.tensor(1).ok_or("b")?;
    let (m, n) = (a.shape()[0], a.shape()[1]);
    let (mats, _, _) = stack(a)?;
    let mat = &mats[0];
    let d = got[0].dtype();
    let given = match kwargs::get(&s.kwargs, "rcond") {
        None | Some(Kw::None) => eps(DType::F64) * m.max(n) as f64,
        Some(Kw::Float(x)) => *x,
        Some(Kw::Int(i)) => *i as f64,
        Some(v) => return Err(format!("rcond={}", kwargs::show(v))),
    };
    // LAPACK's dlalsd: a cutoff outside (0, 1) is 2^-53, a lone singular value counts when
    // it is not zero.
    let rel = match (m.min(n), given) {
        (1, _) => 0.0,
        (_, r) if r <= 0.0 || r >= 1.0 => eps(DType::F64) / 2.0,
        (_, r) => r,
    };
    // The singular values are computed in float64, whatever the result dtype.
    let Some(t) = truncation(mat, m, n, rel, DType::F64) else {
        return Ok(());
    };
    same_layout(got, want)?;
    let (gr, wr) = (output(got, 2)?.1, output(want, 2)?.1);
    if gr != wr {
        return Err(format!("rank: engine {}, NumPy {}", gr[0].re, wr[0].re));
    }
    svdvals_compare(s, &got[3..4], &want[3..4])?;
    let ((_, gx), (_, wx)) = (output(got, 0)?, output(want, 0)?);
    let bv = crate::dot_bound::values(b)?;
    let pb = pinv_bound(mat, m, n, t, d);
    let bound_x = pb * frobenius(&bv);
    close(&gx, &wx, bound_x, d, "x")?;
    let ((_, gres), (_, wres)) = (output(got, 1)?, output(want, 1)?);
    let top = frobenius(mat);
    let dr = top * bound_x + 2.0 * weyl(mat, m.max(n)) * frobenius(&wx);
    for (j, (g, w)) in gres.iter().zip(&wres).enumerate() {
        let r = w.re.max(0.0).sqrt();
        let bound = 2.0 * r * dr + dr * dr;
        close(
            &[*g],
            &[*w],
            bound,
            d.to_real(),
            &format!("residual of column {j}"),
        )?;
    }
    Ok(())
}

/// Penrose's first condition `a @ pinv(a) @ a == a`, for the matrices whose rank the
/// cutoff decides (truncation moves `a` by the discarded singular values): within
/// `||a||^2` times Wedin's bound, plus the float64 products' rounding here.
fn reproduces_a(op: &OpInfo, s: &Sample) -> Res<bool> {
    let Ok(out) = op.call(s) else {
        return Ok(false);
    };
    let a = s.tensor(0).ok_or("a matrix")?;
    // NumPy returns an empty stack before it looks at `hermitian`: a non-square one too.
    let square = a.ndim() >= 2 && a.shape()[a.ndim() - 1] == a.shape()[a.ndim() - 2];
    let hermitian = square && matches!(kwargs::get(&s.kwargs, "hermitian"), Some(Kw::Bool(true)));
    let (mats, m, n) = if hermitian {
        let (h, n) = hermitian_input(s, true)?;
        (h, n, n)
    } else {
        stack(a)?
    };
    let xv = crate::dot_bound::values(&out[0])?;
    let d = out[0].dtype();
    let cuts = pinv_cutoffs(s, mats.len(), m, n)?;
    let mut any = false;
    for (k, mat) in mats.iter().enumerate() {
        let rel = cuts.get(k).copied().unwrap_or(1e-15);
        let Some(t) = truncation(mat, m, n, rel, d.to_real()) else {
            continue;
        };
        let am = CMat::new(m, n, mat.clone());
        let xm = CMat::new(n, m, xv[k * m * n..(k + 1) * m * n].to_vec());
        if m * n == 0 || !xm.finite() {
            continue;
        }
        let na = am.norm();
        let err = am.dot(&xm).dot(&am).distance(&am);
        let kk = m.max(n) as f64;
        let tol = na * na * pinv_bound(mat, m, n, t, d)
            + (t.2 + weyl(mat, m.max(n))) * (m.min(n) as f64).sqrt()
            + 4.0 * kk * eps(DType::F64) * na * na * xm.norm();
        if err.is_nan() || err > tol {
            return Err(format!(
                "matrix {k}: ||a @ pinv(a) @ a - a||_F = {err:.3e} > {tol:.3e}"
            ));
        }
        any = true;
    }
    Ok(any)
}

fn gens(
    sample: crate::record::Gen,
    extremal: crate::record::Gen,
    errors: crate::record::ErrorGen,
    result_dtype: crate::record::Gen,
) -> Gens {
    Gens {
        sample,
        noncontiguous,
        broadcasting: sample,
        extremal,
        errors,
        result_dtype,
        extra: Vec::new(),
    }
}

/// The `pinv` and `lstsq` records.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        record(
            "linalg.pinv",
            1,
            pinv_call,
            gens(pinv_samples, pinv_extremal, pinv_errors, unary_result_dtype),
            pinv_compare,
        ),
        record(
            "linalg.lstsq",
            2,
            lstsq_call,
            gens(
                lstsq_samples,
                lstsq_extremal,
                lstsq_errors,
                solve_result_dtype,
            ),
            lstsq_compare,
        ),
    ];
    for r in &mut v {
        r.precision = Precision::Tol(
            "a truncated SVD's result moves with the matrix's conditioning: compared within \
             Wedin's pseudo-inverse bound through sigma_r, the rank exactly where rounding \
             cannot decide it (see opinfo::linalg_lstsq)",
        );
    }
    v[0].identities = vec![crate::record::Identity {
        name: "a @ pinv(a) @ a == a",
        check: reproduces_a,
    }];
    v[0].reference_hazard = Some(crate::record::Hazard {
        applies: infinite_without_hermitian,
        reason: "OpenBLAS's gesdd does not return for some matrices holding an infinity when \
                 singular vectors are asked for",
    });
    v
}
