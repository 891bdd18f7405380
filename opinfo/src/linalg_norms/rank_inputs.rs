//! The inputs of `matrix_rank` and `cond`: full-rank and rank-deficient matrices whose
//! singular values sit clear of the threshold (zero ones, diagonals exactly between the
//! default threshold and ten times it, below and above an explicit `tol`/`rtol`), the
//! Hermitian path with a junk upper triangle it must not read, singular, ill-conditioned,
//! rectangular and empty stacks, and every order of `cond`.

use super::inputs::{exact, matrix_ords, one, rand, with};
use crate::kwargs::Kw;
use crate::linalg_hermitian::hpd;
use crate::linalg_lu::well;
use crate::record::OpInfo;
use crate::rng::Rng;
use crate::samples::{tensor_from_hubs, Sample};
use backends::element::{Cf64, Hub};
use backends::{DType, Tensor};

/// `diag(v)` of `d`.
fn diag(d: DType, v: &[f64]) -> Tensor {
    let n = v.len();
    let full: Vec<f64> = (0..n * n)
        .map(|k| if k / n == k % n { v[k / n] } else { 0.0 })
        .collect();
    exact(d, &[n, n], &full)
}

/// float64 tensors (`asarray` of a Python list of floats).
fn floats(shape: &[usize], v: &[f64]) -> Tensor {
    exact(DType::F64, shape, v)
}

pub(super) fn matrix_rank_samples(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = vec![
        one(
            "sample",
            "4x4 diagonally dominant",
            well(d, &[], 4, &mut rng),
        ),
        one(
            "sample",
            "[2, 3] x 3x3 diagonally dominant",
            well(d, &[2, 3], 3, &mut rng),
        ),
    ];
    for shape in [&[3, 5][..], &[5, 3], &[2, 3, 4]] {
        out.push(one(
            "sample",
            format!("random {shape:?}"),
            rand(d, shape, &mut rng),
        ));
    }
    let deficient: Vec<(&str, Tensor)> = vec![
        ("ones [3, 4] (rank 1)", exact(d, &[3, 4], &[1.0; 12])),
        ("[[1, 1], [1, 1]] (rank 1)", exact(d, &[2, 2], &[1.0; 4])),
        ("zeros 3x3 (rank 0)", exact(d, &[3, 3], &[0.0; 9])),
        ("diag(1, 1, 0)", diag(d, &[1.0, 1.0, 0.0])),
        (
            "a zero column",
            exact(d, &[2, 3], &[1.0, 0.0, 1.0, 1.0, 0.0, 0.0]),
        ),
        ("empty (2, 0)", exact(d, &[2, 0], &[])),
        ("empty (0, 0)", exact(d, &[0, 0], &[])),
        ("empty stack (3, 0, 0)", exact(d, &[3, 0, 0], &[])),
        ("empty stack (0, 3, 3)", exact(d, &[0, 3, 3], &[])),
        ("1-d ones", exact(d, &[3], &[1.0; 3])),
        ("1-d zeros", exact(d, &[3], &[0.0; 3])),
        ("0-d one", exact(d, &[], &[1.0])),
        ("0-d zero", exact(d, &[], &[0.0])),
        ("empty 1-d", exact(d, &[0], &[])),
    ];
    out.extend(deficient.into_iter().map(|(w, t)| one("sample", w, t)));
    if d.is_inexact() {
        // Singular values between the default threshold (max(M, N) eps S.max) and ten times
        // it, where float32's threshold is far above float64's SVD error.
        let small: &[f64] = if matches!(d, DType::F32 | DType::C64) {
            &[5e-7, 1e-8]
        } else {
            &[2e-15, 1e-13, 1e-17]
        };
        for &x in small {
            out.push(one("sample", format!("diag(1, {x:e})"), diag(d, &[1.0, x])));
        }
        out.push(
            one("sample", "diag(1, 5e-3), rtol=1e-3", diag(d, &[1.0, 5e-3]))
                .kw("rtol", Kw::Float(1e-3)),
        );
        out.push(
            one("sample", "diag(1, 5e-4), rtol=1e-3", diag(d, &[1.0, 5e-4]))
                .kw("rtol", Kw::Float(1e-3)),
        );
    }
    let d321 = diag(d, &[3.0, 2.0, 1.0]);
    let thresholds: Vec<(&str, Kw)> = vec![
        ("tol", Kw::Float(1.5)),
        ("tol", Kw::Int(2)),
        ("tol", Kw::Float(-1.0)),
        ("rtol", Kw::Float(0.5)),
        ("rtol", Kw::Float(0.9)),
        ("tol", Kw::None),
    ];
    for (k, v) in thresholds {
        out.push(one("sample", "diag(3, 2, 1)", d321.clone()).kw(k, v));
    }
    out.push(one("sample", "diag(1, 0), tol=0", diag(d, &[1.0, 0.0])).kw("tol", Kw::Float(0.0)));
    let stack2 = exact(
        d,
        &[2, 3, 3],
        &[
            3., 0., 0., 0., 2., 0., 0., 0., 1., 3., 0., 0., 0., 2., 0., 0., 0., 1.,
        ],
    );
    out.push(
        one("sample", "two diag(3, 2, 1), a tol each", stack2.clone())
            .kw("tol", Kw::Tensor(floats(&[2], &[1.5, 0.1]))),
    );
    out.push(
        one("sample", "two diag(3, 2, 1), an rtol each", stack2.clone())
            .kw("rtol", Kw::Tensor(floats(&[2], &[0.5, 0.1]))),
    );
    out.push(
        one(
            "sample",
            "two diag(3, 2, 1), tol broadcast to (3, 2)",
            stack2,
        )
        .kw("tol", Kw::Tensor(floats(&[3, 1], &[0.5, 1.5, 2.5]))),
    );
    // hermitian=True: the magnitudes of the eigenvalues of the lower triangle.
    let herm: Vec<(&str, Tensor)> = vec![
        (
            "Hermitian positive definite stack",
            hpd(d, &[2], 3, &mut rng, false),
        ),
        ("[[1, 1], [1, 1]] (rank 1)", exact(d, &[2, 2], &[1.0; 4])),
        (
            "lower [[1, 2], [2, 4]] (rank 1), junk above",
            exact(d, &[2, 2], &[1.0, 9.0, 2.0, 4.0]),
        ),
        ("zeros", exact(d, &[2, 2], &[0.0; 4])),
    ];
    for (w, t) in herm {
        out.push(one("sample", w, t).kw("hermitian", Kw::Bool(true)));
    }
    if d.is_signed_integer() || d.is_inexact() {
        out.push(
            one(
                "sample",
                "[[1, 2], [2, -3]] (indefinite)",
                exact(d, &[2, 2], &[1.0, 2.0, 2.0, -3.0]),
            )
            .kw("hermitian", Kw::Bool(true)),
        );
    }
    if d.is_complex() {
        let c = |re: f64, im: f64| Hub::Complex(Cf64::new(re, im));
        let h = tensor_from_hubs(
            d,
            &[2, 2],
            &[c(2.0, 0.0), c(9.0, 9.0), c(1.0, 1.0), c(1.0, 0.0)],
        );
        out.push(
            one("sample", "[[2, 1-1j], [1+1j, 1]] (rank 1)", h).kw("hermitian", Kw::Bool(true)),
        );
    }
    out
}

pub(super) fn matrix_rank_extremal(_: &OpInfo, d: DType, _: u64) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut push = |w: &str, t: Tensor| out.push(one("extremal", w, t));
    match d {
        DType::Bool => push("identity", diag(d, &[1.0, 1.0])),
        d if d.is_integer() => {
            let (lo, hi) = d.int_range().expect("an integer dtype");
            push("diag(max, max)", diag(d, &[hi as f64, hi as f64]));
            push("diag(min, 1)", diag(d, &[lo as f64, 1.0]));
        }
        d => {
            let r = d.to_real();
            let max = r.finfo_max().unwrap_or(f64::MAX);
            let sub = crate::tolerance::min_subnormal(r);
            push("diag(max, 1)", diag(d, &[max, 1.0]));
            push("diag(max / 4, max / 8)", diag(d, &[max / 4.0, max / 8.0]));
            push("diag(subnormal, subnormal)", diag(d, &[sub, sub * 2.0]));
            push("diag(subnormal, 1)", diag(d, &[sub, 1.0]));
            push(
                "[[inf, 1], [1, 1]]",
                exact(d, &[2, 2], &[f64::INFINITY, 1.0, 1.0, 1.0]),
            );
            push(
                "[[-0.0, 0], [0, -0.0]]",
                exact(d, &[2, 2], &[-0.0, 0.0, 0.0, -0.0]),
            );
            let inf = exact(
                d,
                &[2, 2, 2],
                &[1.0, 0.0, 0.0, 1.0, f64::INFINITY, 1.0, 1.0, 1.0],
            );
            push("a stack of I and [[inf, 1], [1, 1]]", inf.clone());
            out.push(
                one("extremal", "[[inf, 1], [1, 1]]", inf.clone()).kw("hermitian", Kw::Bool(true)),
            );
            out.push(one("extremal", "[[inf, 1], [1, 1]]", inf).kw("rtol", Kw::Float(0.1)));
            // Declared (hermitian-rank-nonfinite-input): LAPACK's eigenvalues of NaN are junk.
            let nan = exact(d, &[2, 2], &[f64::NAN, 1.0, 1.0, 1.0]);
            out.push(one("extremal", "[[nan, 1], [1, 1]]", nan).kw("hermitian", Kw::Bool(true)));
        }
    }
    out
}

/// The orders of `cond`.
fn cond_ords() -> Vec<Kw> {
    let mut v = vec![Kw::None];
    v.extend(
        matrix_ords()
            .into_iter()
            .filter(|k| !matches!(k, Kw::None | Kw::Str("f"))),
    );
    v
}

pub(super) fn cond_samples(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = vec![one(
        "sample",
        "3x3 diagonally dominant",
        well(d, &[], 3, &mut rng),
    )];
    let stack = well(d, &[2, 3], 3, &mut rng);
    let small = well(d, &[], 1, &mut rng);
    for p in cond_ords() {
        out.push(
            one("sample", "[2, 3] x 3x3 diagonally dominant", stack.clone()).kw("p", p.clone()),
        );
        out.push(one("sample", "1x1", small.clone()).kw("p", p));
    }
    if d.is_inexact() {
        let h: Vec<f64> = (0..25)
            .map(|k| 1.0 / ((k / 5 + k % 5 + 1) as f64))
            .collect();
        for p in [Kw::None, Kw::Int(1), Kw::Str("fro"), Kw::Int(-2)] {
            out.push(one("sample", "Hilbert 5x5", exact(d, &[5, 5], &h)).kw("p", p));
        }
    }
    for shape in [&[2, 3][..], &[3, 2]] {
        let t = rand(d, shape, &mut rng);
        out.push(one("sample", format!("random {shape:?}"), t.clone()));
        out.push(one("sample", format!("random {shape:?}"), t).kw("p", Kw::Int(-2)));
    }
    let empty = exact(d, &[0, 2, 2], &[]);
    out.push(one("sample", "empty stack (0, 2, 2)", empty.clone()));
    out.push(one("sample", "empty stack (0, 2, 2)", empty).kw("p", Kw::Int(1)));
    let zeros = exact(d, &[2, 2], &[0.0; 4]);
    for p in [Kw::None, Kw::Int(1), Kw::Int(-2), Kw::Str("fro")] {
        out.push(one("sample", "zeros 2x2", zeros.clone()).kw("p", p));
    }
    let singular = if d == DType::Bool {
        exact(d, &[2, 2], &[1.0, 1.0, 0.0, 0.0])
    } else {
        exact(d, &[2, 2], &[1.0, 2.0, 2.0, 4.0])
    };
    for p in [
        Kw::None,
        Kw::Int(1),
        Kw::Str("fro"),
        Kw::Int(-2),
        Kw::Float(f64::INFINITY),
        Kw::Str("nuc"),
    ] {
        out.push(one("sample", "singular 2x2", singular.clone()).kw("p", p));
    }
    let mixed = if d == DType::Bool {
        exact(d, &[2, 2, 2], &[1.0, 0.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0])
    } else {
        exact(d, &[2, 2, 2], &[2.0, 1.0, 1.0, 3.0, 1.0, 2.0, 2.0, 4.0])
    };
    for p in [Kw::Int(1), Kw::Float(-f64::INFINITY), Kw::None] {
        out.push(one("sample", "a stack with one singular member", mixed.clone()).kw("p", p));
    }
    out
}

pub(super) fn cond_extremal(_: &OpInfo, d: DType, _: u64) -> Vec<Sample> {
    let mut mats: Vec<(&str, Tensor)> = Vec::new();
    match d {
        DType::Bool => mats.push(("identity", diag(d, &[1.0, 1.0]))),
        d if d.is_integer() => {
            let (lo, hi) = d.int_range().expect("an integer dtype");
            mats.push(("diag(max, 1)", diag(d, &[hi as f64, 1.0])));
            mats.push(("diag(min, max)", diag(d, &[lo as f64, hi as f64])));
        }
        d => {
            let r = d.to_real();
            let max = r.finfo_max().unwrap_or(f64::MAX);
            let sub = crate::tolerance::min_subnormal(r);
            let inf = f64::INFINITY;
            mats.push(("diag(max, 1)", diag(d, &[max, 1.0])));
            mats.push((
                "diag(sqrt(max) * 4, 1 / (sqrt(max) * 4))",
                diag(d, &[max.sqrt() * 4.0, 0.25 / max.sqrt()]),
            ));
            mats.push(("diag(1, subnormal)", diag(d, &[1.0, sub])));
            mats.push((
                "[[inf, 1], [1, 1]]",
                exact(d, &[2, 2], &[inf, 1.0, 1.0, 1.0]),
            ));
            mats.push((
                "[[nan, 1], [1, 1]]",
                exact(d, &[2, 2], &[f64::NAN, 1.0, 1.0, 1.0]),
            ));
            if d.is_complex() {
                // Pivots whose |d|^2 overflows an unscaled complex division (fuzz seed 5).
                let c = |re: f64, im: f64| Hub::Complex(Cf64::new(re, im));
                let big = max.sqrt() * 16.0;
                let t = tensor_from_hubs(
                    d,
                    &[2, 2],
                    &[c(0.0, big), c(1.0, 0.0), c(0.0, 0.0), c(big, big)],
                );
                mats.push(("[[big j, 1], [0, big + big j]], |big|^2 overflowing", t));
            }
        }
    }
    let mut out = Vec::new();
    for (w, t) in mats {
        for p in cond_ords() {
            out.push(with(one("extremal", w, t.clone()), &[("p", p)]));
        }
    }
    out
}
