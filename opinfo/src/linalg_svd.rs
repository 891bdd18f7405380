//! The records of `linalg.svd` (`full_matrices`, `compute_uv`, `hermitian`) and `linalg.qr`
//! (modes `reduced`, `complete`, `r`, `raw`). Singular vectors are defined only up to a phase
//! (and within a subspace where singular values repeat, or beyond the rank in a full `U`),
//! so the SVD is compared by gauge-invariant checks ([`crate::factor_bound`]): the singular
//! values against NumPy's within Weyl's bound, `U diag(S) Vh` reproducing the matrix, and the
//! Gram matrices of `U`'s columns and `Vh`'s rows equal to NumPy's (the identity: NumPy 2 moves
//! `copysign(1, w)` into `Vh` for `hermitian=True`). QR (the engine runs LAPACK's Householder steps): at any rank Q R
//! must reproduce the matrix, `R^H R` equal `A^H A`, Q be unitary and R exactly upper
//! triangular (`raw` mode's Q rebuilt from its reflectors `h` and `tau`); for a matrix of full
//! rank the factors scaled to a positive diagonal are compared with NumPy's within the QR
//! perturbation bound `||dR|| / ||R|| <= 4 kappa(A) ||dA|| / ||A||`.

use crate::dot_bound::same_layout;
use crate::factor_bound::{backward, gram_matches, identity, nth, reproduces, CMat};
use crate::kwargs::{self, Kw};
use crate::linalg_hermitian::{
    hermitian_input, hpd, svdvals_compare, svdvals_errors, svdvals_samples, unary_result_dtype,
};
use crate::linalg_lu::{det_extremal, exact, noncontiguous, one, output, record};
use crate::lu_bound::{inverse_norm, stack, within};
use crate::record::{Gens, OpInfo, Precision};
use crate::rng::Rng;
use crate::samples::{ErrorInput, Sample};
use backends::element::Cf64;
use backends::linalg::qr::QrMode;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

/// A bool keyword of the sample (`default` when absent), refusing keywords not in `allowed`.
fn flag(op: &OpInfo, s: &Sample, name: &str, default: bool) -> Result<bool> {
    match kwargs::get(&s.kwargs, name) {
        None => Ok(default),
        Some(Kw::Bool(b)) => Ok(*b),
        Some(v) => Err(Error::Type {
            op: op.name,
            msg: format!("{name}={} is not a bool", kwargs::show(v)),
        }),
    }
}

/// The sample without keywords, after checking that only `allowed` ones are given.
fn plain(op: &OpInfo, s: &Sample, allowed: &[&str]) -> Result<Sample> {
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} got an unexpected keyword argument '{k}'", op.name),
        });
    }
    Ok(Sample {
        kwargs: Vec::new(),
        ..s.clone()
    })
}

fn svd_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let p = plain(op, s, &["full_matrices", "compute_uv", "hermitian"])?;
    let full = flag(op, s, "full_matrices", true)?;
    let uv = flag(op, s, "compute_uv", true)?;
    let herm = flag(op, s, "hermitian", false)?;
    let a = one(op, &p)?;
    if uv {
        a.svd(full, herm).map(|(u, s, vh)| vec![u, s, vh])
    } else {
        a.svd_values(herm).map(|s| vec![s])
    }
}

/// The sample's `mode=` (`"reduced"` when absent).
fn mode_of(s: &Sample) -> Result<QrMode> {
    match kwargs::get(&s.kwargs, "mode") {
        None => Ok(QrMode::Reduced),
        Some(Kw::Str(m)) => QrMode::parse(m),
        Some(v) => Err(Error::Type {
            op: "qr",
            msg: format!("mode={} is not a str", kwargs::show(v)),
        }),
    }
}

fn qr_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let p = plain(op, s, &["mode"])?;
    let mode = mode_of(s)?;
    one(op, &p)?.qr(mode)
}

fn is(s: &Sample, name: &str) -> bool {
    matches!(kwargs::get(&s.kwargs, name), Some(Kw::Bool(true)))
}

/// The sample's matrices as NumPy reads them: the lower triangle mirrored for `hermitian`.
fn matrices(s: &Sample) -> Res<(Vec<Vec<Cf64>>, usize, usize)> {
    if is(s, "hermitian") {
        let (m, n) = hermitian_input(s, true)?;
        return Ok((m, n, n));
    }
    stack(s.tensor(0).ok_or("a matrix operand")?)
}

fn svd_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    if got.len() == 1 {
        return svdvals_compare(s, got, want);
    }
    svdvals_compare(s, &got[1..2], &want[1..2])?;
    let (mats, m, n) = matrices(s)?;
    let k = m.min(n);
    let ur = got[0].shape()[got[0].ndim() - 1];
    let vr = got[2].shape()[got[2].ndim() - 2];
    let d = got[0].dtype();
    let ((_, gu), (_, wu)) = (output(got, 0)?, output(want, 0)?);
    let (_, gs) = output(got, 1)?;
    let ((_, gv), (_, wv)) = (output(got, 2)?, output(want, 2)?);
    for (j, a) in mats.iter().enumerate() {
        let a = CMat::new(m, n, a.clone());
        if !a.finite() {
            continue;
        }
        let what = format!("svd of matrix {j}");
        let (u, nu) = (nth(&gu, j, m, ur), nth(&wu, j, m, ur));
        let (vh, nvh) = (nth(&gv, j, vr, n), nth(&wv, j, vr, n));
        let us = CMat::new(
            m,
            k,
            (0..m * k)
                .map(|e| u.at(e / k, e % k) * gs[j * k + e % k])
                .collect(),
        );
        reproduces(
            &a,
            &us.dot(&vh.block(k, n)),
            m.max(n),
            k,
            3,
            d,
            &format!("{what}: U diag(S) Vh"),
        )?;
        let nu_gram = nu.adjoint().dot(&nu);
        gram_matches(&u, &nu_gram, d, &format!("{what}: U's columns"))?;
        let nv_gram = nvh.dot(&nvh.adjoint());
        gram_matches(&vh.adjoint(), &nv_gram, d, &format!("{what}: Vh's rows"))?;
    }
    Ok(())
}

/// The QR perturbation bound for the factors of `a` of full column rank `k`: `4 kappa(A)
/// ||dA|| / ||A||` relative to each factor, `kappa` from NumPy's R (`||A|| ||R_k^-1||`), or
/// `None` when R's leading block is singular (the factors are then not determined).
fn qr_relative(a: &CMat, r: &CMat) -> Option<f64> {
    let k = a.r.min(a.c);
    let lead = r.block(k, k);
    let inv = inverse_norm(&lead.v, k)?;
    let kappa = a.norm() * inv;
    Some(4.0 * kappa * backward(a.r * a.c, a) / a.norm().max(f64::MIN_POSITIVE))
}

/// `Err` unless every element of `r` strictly below the diagonal is exactly zero.
fn upper_triangular(r: &CMat, what: &str) -> Res<()> {
    for i in 0..r.r {
        for j in 0..i.min(r.c) {
            if r.at(i, j) != Cf64::new(0.0, 0.0) {
                return Err(format!(
                    "{what}: R[{i}, {j}] = {} below the diagonal",
                    r.at(i, j)
                ));
            }
        }
    }
    Ok(())
}

/// The first `k` columns of `Q = H_1 ... H_k` from `raw` mode's `h` (`n x m`, the factored
/// matrix transposed) and `tau`, with R (`k x n`, the upper triangle).
fn from_raw(h: &CMat, tau: &[Cf64], k: usize) -> (CMat, CMat) {
    let (n, m) = (h.r, h.c);
    let f = |i: usize, j: usize| h.at(j, i);
    let r = CMat::new(
        k,
        n,
        (0..k * n)
            .map(|e| {
                if e / n <= e % n {
                    f(e / n, e % n)
                } else {
                    Cf64::new(0.0, 0.0)
                }
            })
            .collect(),
    );
    let mut q = identity(m).block(m, k);
    for i in (0..k).rev() {
        // q = H_i q with H_i = I - tau v v^H, v = (0.., 1, h's column i below the diagonal).
        let v: Vec<Cf64> = (0..m)
            .map(|r| match r.cmp(&i) {
                std::cmp::Ordering::Less => Cf64::new(0.0, 0.0),
                std::cmp::Ordering::Equal => Cf64::new(1.0, 0.0),
                std::cmp::Ordering::Greater => f(r, i),
            })
            .collect();
        for c in 0..k {
            let w: Cf64 = (0..m).map(|r| v[r].conj() * q.at(r, c)).sum();
            for (r, vr) in v.iter().enumerate() {
                q.v[r * k + c] -= tau[i] * vr * w;
            }
        }
    }
    (q, r)
}

/// `Q D` and `D^H R` with `D` the phases of R's diagonal: the factors with a positive
/// diagonal, unique for a matrix of full rank. LAPACK's sign (`-sign(alpha)` at each step) is
/// decided by a rounding residue where a column's leading entry vanishes, so it is a gauge
/// here: `[[3.9, 3.9], [-3.3, -3.3], [-1.3, -1.3], [0, 1]]` gives `R[1, 1] = +-1`.
fn positive(q: Option<&CMat>, r: &CMat, k: usize) -> (Option<CMat>, CMat) {
    let d: Vec<Cf64> = (0..k)
        .map(|i| {
            let x = r.at(i, i);
            if x.norm() > 0.0 {
                x / x.norm()
            } else {
                Cf64::new(1.0, 0.0)
            }
        })
        .collect();
    let rr = CMat::new(
        r.r,
        r.c,
        (0..r.r * r.c)
            .map(|e| {
                if e / r.c < k {
                    d[e / r.c].conj() * r.v[e]
                } else {
                    r.v[e]
                }
            })
            .collect(),
    );
    let qq = q.map(|q| {
        CMat::new(
            q.r,
            k,
            (0..q.r * k)
                .map(|e| q.at(e / k, e % k) * d[e % k])
                .collect(),
        )
    });
    (qq, rr)
}

/// One side's `(Q's first k columns if any, R)` of matrix `j`, in any mode.
fn factors(
    outs: &[Tensor],
    v: &[Vec<Cf64>],
    mode: QrMode,
    j: usize,
    k: usize,
) -> (Option<CMat>, CMat) {
    let dims = |o: usize| {
        let t = &outs[o];
        let nd = t.ndim();
        (t.shape()[nd - 2], t.shape()[nd - 1])
    };
    let mat = |o: usize| {
        let (r, c) = dims(o);
        nth(&v[o], j, r, c)
    };
    match mode {
        QrMode::Raw => {
            let tau = v[1][j * k..(j + 1) * k].to_vec();
            let (q, r) = from_raw(&mat(0), &tau, k);
            (Some(q), r)
        }
        QrMode::R => (None, mat(0)),
        _ => {
            let q = mat(0);
            (Some(q.block(q.r, k)), mat(1))
        }
    }
}

fn qr_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let mode = mode_of(s).map_err(|e| e.to_string())?;
    let (mats, m, n) = stack(s.tensor(0).ok_or("a matrix operand")?)?;
    let k = m.min(n);
    let d = got[0].dtype();
    let gv: Vec<Vec<Cf64>> = (0..got.len())
        .map(|o| Ok(output(got, o)?.1))
        .collect::<Res<_>>()?;
    let wv: Vec<Vec<Cf64>> = (0..want.len())
        .map(|o| Ok(output(want, o)?.1))
        .collect::<Res<_>>()?;
    if mode != QrMode::Raw {
        // R is exactly upper triangular in every matrix (LAPACK's triu).
        let o = usize::from(mode != QrMode::R);
        let nd = got[o].ndim();
        let (r, c) = (got[o].shape()[nd - 2], got[o].shape()[nd - 1]);
        for j in 0..mats.len() {
            upper_triangular(
                &nth(&gv[o], j, r, c),
                &format!("qr ({mode:?}) of matrix {j}"),
            )?;
        }
    }
    if mode == QrMode::Complete {
        let nd = got[0].ndim();
        for j in 0..mats.len() {
            let q = nth(&gv[0], j, m, got[0].shape()[nd - 1]);
            if q.finite() {
                gram_matches(
                    &q,
                    &identity(q.c),
                    d,
                    &format!("qr (Complete) of matrix {j}: Q"),
                )?;
            }
        }
    }
    for (j, a) in mats.iter().enumerate() {
        let a = CMat::new(m, n, a.clone());
        let what = format!("qr ({mode:?}) of matrix {j}");
        let (gq, gr) = factors(got, &gv, mode, j, k);
        let (wq, wr) = factors(want, &wv, mode, j, k);
        // Where NumPy's factors overflow the dtype (or the input is not finite) only the
        // values themselves are compared, exactly.
        if !a.finite() || !wr.finite() || wq.as_ref().is_some_and(|q| !q.finite()) {
            for (o, (g, w)) in gv.iter().zip(&wv).enumerate() {
                let per = w.len() / mats.len().max(1);
                let (gk, wk) = (&g[j * per..(j + 1) * per], &w[j * per..(j + 1) * per]);
                within(gk, wk, f64::MAX, d, &format!("{what}: output {o}"))?;
            }
            continue;
        }
        // At any rank: R^H R = A^H A (whatever the signs), Q unitary, Q R = A.
        let rk = gr.block(k, n);
        reproduces(
            &a.adjoint().dot(&a),
            &rk.adjoint().dot(&rk),
            m * n,
            k,
            2,
            d,
            &format!("{what}: R^H R = A^H A"),
        )
        .map_err(|e| format!("{e} (relative to ||A||^2)"))?;
        if let Some(q) = &gq {
            gram_matches(q, &identity(k), d, &format!("{what}: Q's columns"))?;
            reproduces(&a, &q.dot(&rk), m * n, k, 2, d, &format!("{what}: Q R"))?;
        }
        // Full rank: the factors with a positive diagonal against NumPy's.
        let Some(rel) = qr_relative(&a, &wr.block(k, n)) else {
            continue;
        };
        let (gq, gr) = positive(gq.as_ref(), &gr, k);
        let (wq, wr) = positive(wq.as_ref(), &wr, k);
        let bound = |w: &CMat| rel * w.norm();
        within(
            &gr.v,
            &wr.v,
            bound(&wr),
            d,
            &format!("{what}: R (positive diagonal)"),
        )?;
        if let (Some(g), Some(w)) = (gq, wq) {
            within(
                &g.v,
                &w.v,
                bound(&w),
                d,
                &format!("{what}: Q (positive diagonal)"),
            )?;
        }
    }
    Ok(())
}

fn svd_samples(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let base = svdvals_samples(op, dtype, seed);
    let mut out = base.clone();
    for s in base.iter().take(5) {
        out.push(s.clone().kw("full_matrices", Kw::Bool(false)));
    }
    for s in base.iter().skip(1).take(3) {
        out.push(s.clone().kw("compute_uv", Kw::Bool(false)));
    }
    let mut rng = Rng::new(seed ^ 5);
    let mut herm = vec![
        Sample::new(
            "sample",
            "2x3x3 Hermitian positive definite",
            vec![Arg::Tensor(hpd(dtype, &[2], 3, &mut rng, false))],
        ),
        Sample::new(
            "sample",
            "4x4 positive definite below the diagonal, junk above it",
            vec![Arg::Tensor(hpd(dtype, &[], 4, &mut rng, true))],
        ),
    ];
    if dtype.is_signed_integer() || dtype.is_inexact() {
        herm.push(Sample::new(
            "sample",
            "[[2, 1], [1, -3]]: indefinite",
            vec![Arg::Tensor(exact(dtype, 2, &[2.0, 1.0, 1.0, -3.0]))],
        ));
    }
    for h in herm {
        out.push(h.clone().kw("hermitian", Kw::Bool(true)));
        out.push(
            h.kw("hermitian", Kw::Bool(true))
                .kw("compute_uv", Kw::Bool(false)),
        );
    }
    out
}

fn svd_errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut out = svdvals_errors(op, dtype, seed);
    let mut rng = Rng::new(seed);
    out.push(ErrorInput {
        sample: Sample::new(
            "error",
            "hermitian=True of a 2x3 matrix",
            vec![Arg::Tensor(crate::samples::random(
                dtype,
                &[2, 3],
                &mut rng,
                crate::record::Domain::Any,
            ))],
        )
        .kw("hermitian", Kw::Bool(true)),
        expected: ErrorKind::LinAlg,
    });
    out
}

fn qr_samples(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let base = svdvals_samples(op, dtype, seed);
    let mut out = Vec::new();
    for (i, s) in base.into_iter().enumerate() {
        let mode = ["reduced", "complete", "r", "raw"][i % 4];
        out.push(s.clone());
        out.push(s.kw("mode", Kw::Str(mode)));
    }
    if dtype != DType::Bool {
        // A Hilbert matrix: full rank, condition about 5e5.
        let h: Vec<f64> = (0..16)
            .map(|k| 1.0 / ((k / 4 + k % 4 + 1) as f64))
            .collect();
        if dtype.is_inexact() {
            for mode in ["complete", "raw"] {
                out.push(
                    Sample::new(
                        "sample",
                        "Hilbert 4x4 (kappa ~ 2e4)",
                        vec![Arg::Tensor(exact(dtype, 4, &h))],
                    )
                    .kw("mode", Kw::Str(mode)),
                );
            }
        }
        out.push(
            Sample::new(
                "sample",
                "[[1, 2], [2, 4], [3, 6]]: rank 1",
                vec![Arg::Tensor(crate::samples::tensor_from_hubs(
                    dtype,
                    &[3, 2],
                    &[1.0, 2.0, 2.0, 4.0, 3.0, 6.0].map(backends::element::Hub::Float),
                ))],
            )
            .kw("mode", Kw::Str("complete")),
        );
    }
    out
}

fn qr_errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut out = svdvals_errors(op, dtype, seed);
    let mut rng = Rng::new(seed);
    out.push(ErrorInput {
        sample: Sample::new(
            "error",
            "mode='full' is not a NumPy 2 mode here: mode='x'",
            vec![Arg::Tensor(crate::samples::random(
                dtype,
                &[2, 2],
                &mut rng,
                crate::record::Domain::Any,
            ))],
        )
        .kw("mode", Kw::Str("x")),
        expected: ErrorKind::Value,
    });
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

/// Whether an `svd` call computes vectors of a matrix holding an infinity: OpenBLAS's
/// `gesdd` never returns on some (fuzz seed 1 found
/// `[[inf]*4, [-2.1e37]*4, [20]*4, [-20]*4]`, `full_matrices=False`).
fn infinite_with_vectors(args: &[Arg], kwargs: &[(&'static str, Kw)]) -> bool {
    let uv = !matches!(kwargs::get(kwargs, "compute_uv"), Some(Kw::Bool(false)));
    let herm = matches!(kwargs::get(kwargs, "hermitian"), Some(Kw::Bool(true)));
    uv && !herm
        && args.iter().any(|a| match a {
            Arg::Tensor(t) => crate::dot_bound::values(t)
                .is_ok_and(|v| v.iter().any(|z| z.re.is_infinite() || z.im.is_infinite())),
            _ => false,
        })
}

/// `det_extremal` without the matrices [`infinite_with_vectors`] keeps from NumPy.
fn svd_extremal(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    det_extremal(op, dtype, seed)
        .into_iter()
        .filter(|s| !infinite_with_vectors(&s.args, &s.kwargs))
        .collect()
}

/// The SVD and QR records.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        record(
            "linalg.svd",
            1,
            svd_call,
            gens(svd_samples, svd_errors),
            svd_compare,
        ),
        record(
            "linalg.qr",
            1,
            qr_call,
            gens(qr_samples, qr_errors),
            qr_compare,
        ),
    ];
    for r in &mut v {
        r.precision = Precision::Tol(
            "singular vectors are defined up to a phase, QR's factors through the matrix's \
             condition: compared by gauge-invariant checks and perturbation bounds (see \
             opinfo::linalg_svd)",
        );
    }
    v[0].gens.extremal = svd_extremal;
    v[0].reference_hazard = Some(crate::record::Hazard {
        applies: infinite_with_vectors,
        reason: "OpenBLAS's gesdd does not return for some matrices holding an infinity when \
                 singular vectors are asked for",
    });
    v
}
