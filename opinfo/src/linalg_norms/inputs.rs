//! The inputs shared by the norm records and those of `vector_norm`, `matrix_norm` and
//! `norm`: every order and axis form NumPy documents, stacks, empty shapes, strided views,
//! and the values at the dtype's limits (squares that overflow or underflow, inf, NaN,
//! subnormals, signed zeros, the integer limits).

use crate::kwargs::Kw;
use crate::record::{Domain, KwSet, OpInfo};
use crate::rng::Rng;
use crate::samples::{random, tensor_from_hubs, ErrorInput, Sample};
use backends::element::{Cf64, Element, Hub};
use backends::ops::view::Slice;
use backends::{Arg, DType, ErrorKind, Tensor};

const INF: f64 = f64::INFINITY;

/// A sample of one array.
pub(super) fn one(kind: &'static str, what: impl Into<String>, t: Tensor) -> Sample {
    Sample::new(kind, what, vec![Arg::Tensor(t)])
}

pub(super) fn rand(d: DType, shape: &[usize], rng: &mut Rng) -> Tensor {
    random(d, shape, rng, Domain::Any)
}

/// An error input of one array.
pub(super) fn error(
    what: &str,
    t: Tensor,
    kws: &[(&'static str, Kw)],
    kind: ErrorKind,
) -> ErrorInput {
    let sample = kws
        .iter()
        .cloned()
        .fold(one("error", what, t), |s, (k, v)| s.kw(k, v));
    ErrorInput {
        sample,
        expected: kind,
    }
}

/// `s` with the keywords `kws`.
pub(super) fn with(s: Sample, kws: &[(&'static str, Kw)]) -> Sample {
    kws.iter().cloned().fold(s, |s, (k, v)| s.kw(k, v))
}

/// Every vector order: the special ones, negative, fractional and large p, and None.
fn vector_ords() -> Vec<Kw> {
    vec![
        Kw::Int(2),
        Kw::Int(1),
        Kw::Float(INF),
        Kw::Float(-INF),
        Kw::Int(0),
        Kw::Int(-1),
        Kw::Float(0.5),
        Kw::Int(3),
        Kw::Float(-2.5),
        Kw::Float(0.3),
        Kw::Int(1000),
        Kw::Int(-1000),
        Kw::None,
    ]
}

/// Every matrix order (`'f'` is NumPy's other spelling of `'fro'`).
pub(super) fn matrix_ords() -> Vec<Kw> {
    vec![
        Kw::Str("fro"),
        Kw::Str("nuc"),
        Kw::Float(INF),
        Kw::Float(-INF),
        Kw::Int(1),
        Kw::Int(-1),
        Kw::Int(2),
        Kw::Int(-2),
        Kw::None,
        Kw::Str("f"),
    ]
}

/// Tensors of `dtype` from float64 values (bool: nonzero; integers: truncated).
pub(super) fn exact(dtype: DType, shape: &[usize], v: &[f64]) -> Tensor {
    let hubs: Vec<Hub> = v
        .iter()
        .map(|&x| match dtype {
            DType::Bool => Hub::Bool(x != 0.0),
            d if d.is_inexact() => Hub::Float(x),
            _ => Hub::Int(x as i64),
        })
        .collect();
    tensor_from_hubs(dtype, shape, &hubs)
}

pub(super) fn vector_norm_samples(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = vec![
        one("sample", "random [5]", rand(d, &[5], &mut rng)),
        one("sample", "random [3, 4]", rand(d, &[3, 4], &mut rng)),
    ];
    let m = rand(d, &[3, 4], &mut rng);
    for o in vector_ords() {
        out.push(with(
            one("sample", "[3, 4]", m.clone()),
            &[("axis", Kw::Int(-1)), ("ord", o)],
        ));
    }
    let t = rand(d, &[2, 3, 4], &mut rng);
    let cases: Vec<(Kw, Kw, bool)> = vec![
        (Kw::Int(1), Kw::Int(1), false),
        (Kw::Ints(vec![0, 2]), Kw::Int(2), false),
        (Kw::Ints(vec![2, 0]), Kw::Float(INF), true),
        (Kw::Ints(vec![-1]), Kw::Int(3), true),
        (Kw::Ints(vec![]), Kw::Int(2), false),
        (Kw::Ints(vec![0, 1, 2]), Kw::Float(0.5), false),
        (Kw::None, Kw::Int(2), true),
        (Kw::Int(0), Kw::Int(0), true),
        (Kw::Ints(vec![1, 2]), Kw::Float(-INF), false),
    ];
    for (axis, ord, keep) in cases {
        let s = with(
            one("sample", "[2, 3, 4]", t.clone()),
            &[("axis", axis), ("ord", ord)],
        );
        out.push(if keep {
            s.kw("keepdims", Kw::Bool(true))
        } else {
            s
        });
    }
    let e = |shape: &[usize], rng: &mut Rng| rand(d, shape, rng);
    let empties: Vec<(&[usize], KwSet)> = vec![
        (&[0], vec![]),
        (&[0], vec![("ord", Kw::Float(INF))]),
        (&[3, 0], vec![("axis", Kw::Int(1)), ("ord", Kw::Int(1))]),
        (&[3, 0], vec![("axis", Kw::Int(1)), ("ord", Kw::Int(-1))]),
        (
            &[3, 0],
            vec![("axis", Kw::Int(0)), ("ord", Kw::Float(-INF))],
        ),
        (
            &[0, 3],
            vec![("axis", Kw::Int(1)), ("keepdims", Kw::Bool(true))],
        ),
    ];
    for (shape, kws) in empties {
        out.push(with(
            one("sample", format!("empty {shape:?}"), e(shape, &mut rng)),
            &kws,
        ));
    }
    out.push(one("sample", "0-d", e(&[], &mut rng)));
    out.push(with(
        one("sample", "0-d", e(&[], &mut rng)),
        &[("axis", Kw::Ints(vec![])), ("keepdims", Kw::Bool(true))],
    ));
    out.push(one(
        "sample",
        "transposed view [4, 3]",
        e(&[3, 4], &mut rng).transpose(),
    ));
    let big = e(&[260, 255], &mut rng);
    out.push(one("sample", "[260, 255] (parallel)", big.clone()));
    out.push(with(
        one("sample", "[260, 255] (parallel)", big),
        &[("axis", Kw::Int(0)), ("ord", Kw::Int(1))],
    ));
    out
}

pub(super) fn matrix_norm_samples(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = vec![one("sample", "random [3, 4]", rand(d, &[3, 4], &mut rng))];
    let (m34, s233, m43) = (
        rand(d, &[3, 4], &mut rng),
        rand(d, &[2, 3, 3], &mut rng),
        rand(d, &[4, 3], &mut rng),
    );
    for o in matrix_ords() {
        out.push(one("sample", "[3, 4]", m34.clone()).kw("ord", o.clone()));
        out.push(one("sample", "stack [2, 3, 3]", s233.clone()).kw("ord", o.clone()));
        out.push(with(
            one("sample", "[4, 3]", m43.clone()),
            &[("ord", o), ("keepdims", Kw::Bool(true))],
        ));
    }
    let shaped: Vec<(&[usize], Vec<Kw>, bool)> = vec![
        (&[1, 1], vec![Kw::Int(2), Kw::Int(-1)], false),
        (
            &[0, 0],
            vec![
                Kw::Str("fro"),
                Kw::Int(2),
                Kw::Str("nuc"),
                Kw::Int(1),
                Kw::Float(INF),
                Kw::Int(-2),
            ],
            false,
        ),
        (
            &[0, 3, 3],
            vec![Kw::Int(2), Kw::Int(-2), Kw::Int(1), Kw::Str("nuc")],
            false,
        ),
        (&[2, 0], vec![Kw::Float(-INF), Kw::Int(1)], true),
        (
            &[2, 1, 2, 5],
            vec![Kw::Int(1), Kw::Float(INF), Kw::Str("nuc"), Kw::Int(-2)],
            true,
        ),
        (
            &[24, 24],
            vec![Kw::Int(2), Kw::Str("nuc"), Kw::Int(-2)],
            false,
        ),
    ];
    for (shape, ords, keep) in shaped {
        let t = rand(d, shape, &mut rng);
        for o in ords {
            let s = one("sample", format!("{shape:?}"), t.clone()).kw("ord", o);
            out.push(if keep {
                s.kw("keepdims", Kw::Bool(true))
            } else {
                s
            });
        }
    }
    let ones = exact(d, &[3, 4], &[1.0; 12]);
    for o in [Kw::Int(-2), Kw::Str("nuc"), Kw::Int(2)] {
        out.push(one("sample", "ones [3, 4] (rank 1)", ones.clone()).kw("ord", o));
    }
    out.push(
        one(
            "sample",
            "transposed view [4, 3]",
            rand(d, &[3, 4], &mut rng).transpose(),
        )
        .kw("ord", Kw::Int(1)),
    );
    out
}

pub(super) fn norm_samples(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = vec![one("sample", "random [3, 4]", rand(d, &[3, 4], &mut rng))];
    let v5 = rand(d, &[5], &mut rng);
    out.push(one("sample", "[5]", v5.clone()));
    for o in [
        Kw::Int(2),
        Kw::Int(1),
        Kw::Float(INF),
        Kw::Float(-INF),
        Kw::Int(0),
        Kw::Int(-1),
        Kw::Float(0.5),
        Kw::Int(3),
        Kw::Float(-2.5),
        Kw::None,
    ] {
        out.push(one("sample", "[5]", v5.clone()).kw("ord", o));
    }
    let m34 = rand(d, &[3, 4], &mut rng);
    for o in matrix_ords() {
        out.push(one("sample", "[3, 4]", m34.clone()).kw("ord", o));
    }
    out.push(one("sample", "[3, 4]", m34.clone()).kw("keepdims", Kw::Bool(true)));
    out.push(with(
        one("sample", "[3, 4]", m34),
        &[("ord", Kw::Int(1)), ("keepdims", Kw::Bool(true))],
    ));
    let t = rand(d, &[2, 3, 4], &mut rng);
    let cases: Vec<(Option<Kw>, Kw, bool)> = vec![
        (None, Kw::None, false),
        (None, Kw::None, true),
        (Some(Kw::Int(1)), Kw::Int(3), false),
        (Some(Kw::Int(-1)), Kw::Int(0), false),
        (Some(Kw::Ints(vec![1])), Kw::Float(INF), true),
        (Some(Kw::Ints(vec![0, 2])), Kw::Str("nuc"), false),
        (Some(Kw::Ints(vec![2, 0])), Kw::Int(1), false),
        (Some(Kw::Ints(vec![-1, -2])), Kw::Float(INF), true),
        (Some(Kw::Ints(vec![2, 1])), Kw::Int(-1), false),
        (Some(Kw::Ints(vec![0, 1])), Kw::Int(2), true),
        (Some(Kw::Ints(vec![1, 2])), Kw::Float(-INF), false),
        (Some(Kw::Ints(vec![0, 2])), Kw::Str("fro"), false),
        (Some(Kw::Ints(vec![2, 0])), Kw::Int(-2), false),
    ];
    for (axis, ord, keep) in cases {
        let mut s = one("sample", "[2, 3, 4]", t.clone()).kw("ord", ord);
        if let Some(a) = axis {
            s = s.kw("axis", a);
        }
        out.push(if keep {
            s.kw("keepdims", Kw::Bool(true))
        } else {
            s
        });
    }
    let e = |shape: &[usize], rng: &mut Rng| rand(d, shape, rng);
    out.push(one("sample", "0-d", e(&[], &mut rng)));
    out.push(one("sample", "empty [0]", e(&[0], &mut rng)));
    out.push(one("sample", "empty [0]", e(&[0], &mut rng)).kw("ord", Kw::Int(3)));
    out.push(one("sample", "empty [2, 0]", e(&[2, 0], &mut rng)));
    out.push(one("sample", "empty [2, 0]", e(&[2, 0], &mut rng)).kw("ord", Kw::Int(1)));
    out.push(
        one(
            "sample",
            "transposed view [4, 3]",
            e(&[3, 4], &mut rng).transpose(),
        )
        .kw("ord", Kw::Float(INF)),
    );
    out
}

/// Extremal vectors of `d` (name, values): squares that overflow or underflow the dtype,
/// its largest value, subnormals, infinities, NaN, signed zeros, the integer limits.
pub(super) fn extremal_vectors(d: DType) -> Vec<(&'static str, Vec<Hub>)> {
    let f = Hub::Float;
    let c = |re: f64, im: f64| Hub::Complex(Cf64::new(re, im));
    match d {
        DType::Bool => vec![(
            "booleans",
            vec![Hub::Bool(true), Hub::Bool(false), Hub::Bool(true)],
        )],
        d if d.is_integer() => {
            let (lo, hi) = d.int_range().expect("an integer dtype");
            let h = |x: i128| {
                if x < 0 {
                    Hub::Int(x as i64)
                } else {
                    Hub::UInt(x as u64)
                }
            };
            vec![
                ("the integer limits", vec![h(lo), h(hi), h(0), h(hi / 2)]),
                ("the largest value twice", vec![h(hi), h(hi)]),
            ]
        }
        d => {
            let r = d.to_real();
            let (max, tiny, sub) = (
                r.finfo_max().unwrap_or(f64::MAX),
                crate::tolerance::min_subnormal(r),
                match r {
                    DType::F16 => 6.103515625e-05,
                    DType::BF16 | DType::F32 => f32::MIN_POSITIVE as f64,
                    _ => f64::MIN_POSITIVE,
                },
            );
            // Squares of `huge` overflow and of `small` fall below the normal range.
            let (huge, small) = (max.sqrt() * 2.0, sub.sqrt() / 4.0);
            if d.is_complex() {
                vec![
                    (
                        "huge parts: squares overflow",
                        vec![c(huge, huge), c(1.0, 0.0)],
                    ),
                    (
                        "small parts: squares underflow",
                        vec![c(small, small), c(small, -small)],
                    ),
                    ("the largest parts: abs overflows", vec![c(max, max)]),
                    ("subnormal parts", vec![c(tiny, 0.0), c(0.0, 1.0)]),
                    ("inf+0j", vec![c(INF, 0.0), c(1.0, 1.0)]),
                    ("an infinite imaginary part", vec![c(1.0, INF), c(2.0, 0.0)]),
                    ("nan+1j", vec![c(f64::NAN, 1.0), c(1.0, 0.0)]),
                    ("signed zeros", vec![c(-0.0, -0.0), c(0.0, -0.0)]),
                ]
            } else {
                vec![
                    ("huge: squares overflow", vec![f(huge), f(-huge), f(1.0)]),
                    ("small: squares underflow", vec![f(small), f(-small)]),
                    ("the largest value", vec![f(max), f(-max)]),
                    ("subnormal", vec![f(tiny), f(1.0), f(-tiny)]),
                    ("inf", vec![f(INF), f(1.0), f(-2.0)]),
                    ("-inf", vec![f(-INF), f(3.0)]),
                    ("nan", vec![f(f64::NAN), f(1.0)]),
                    ("nan and inf", vec![f(f64::NAN), f(INF)]),
                    ("signed zeros", vec![f(-0.0), f(0.0)]),
                ]
            }
        }
    }
}

/// The orders tried on the extremal vectors.
fn extremal_ords() -> Vec<Kw> {
    vec![
        Kw::Int(2),
        Kw::Int(1),
        Kw::Float(INF),
        Kw::Float(-INF),
        Kw::Int(0),
        Kw::Int(3),
        Kw::Int(-1),
        Kw::Float(0.5),
    ]
}

/// The 2x2 matrix `[[v0, v1], [v2, v0]]` of an extremal vector (padded with 1; bool: unit
/// triangular).
pub(super) fn extremal_matrix(d: DType, v: &[Hub]) -> Tensor {
    let at = |k: usize| v.get(k).copied().unwrap_or(Hub::UInt(1));
    let hubs: Vec<Hub> = match d {
        DType::Bool => vec![Hub::Bool(true), at(1), Hub::Bool(false), Hub::Bool(true)],
        _ => vec![at(0), at(1), at(2), at(0)],
    };
    tensor_from_hubs(d, &[2, 2], &hubs)
}

pub(super) fn vector_extremal(_: &OpInfo, d: DType, _: u64) -> Vec<Sample> {
    let mut out = Vec::new();
    for (what, v) in extremal_vectors(d) {
        let t = tensor_from_hubs(d, &[v.len()], &v);
        for o in extremal_ords() {
            out.push(one("extremal", what, t.clone()).kw("ord", o));
        }
    }
    out
}

pub(super) fn matrix_extremal(_: &OpInfo, d: DType, _: u64) -> Vec<Sample> {
    let mut out = Vec::new();
    for (what, v) in extremal_vectors(d) {
        let t = extremal_matrix(d, &v);
        for o in matrix_ords() {
            out.push(one("extremal", format!("2x2 of {what}"), t.clone()).kw("ord", o));
        }
    }
    out
}

pub(super) fn norm_extremal(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut out = vector_extremal(op, d, seed);
    out.extend(matrix_extremal(op, d, seed));
    out
}

/// `t`'s values in three other layouts: transposed, reversed and stepped storage.
pub(super) fn layouts(t: &Tensor) -> Vec<(&'static str, Tensor)> {
    let nd = t.ndim();
    let mut out = Vec::new();
    if nd >= 2 {
        let rev: Vec<usize> = (0..nd).rev().collect();
        if let Ok(v) = t
            .permute(Some(&rev))
            .and_then(|x| x.contiguous())
            .and_then(|x| x.permute(Some(&rev)))
        {
            out.push(("transposed storage", v));
        }
    }
    if nd >= 1 {
        let back = vec![Slice::step(-1); nd];
        if let Ok(v) = t
            .slice(&back)
            .and_then(|x| x.contiguous())
            .and_then(|x| x.slice(&back))
        {
            out.push(("reversed storage", v));
        }
        // Every other element of storage twice as long in the last axis.
        let n = t.shape()[nd - 1];
        let hubs: Vec<Hub> = backends::with_dtype!(t.dtype(), T, {
            t.contiguous()
                .and_then(|c| c.to_vec::<T>())
                .unwrap_or_default()
                .into_iter()
                .map(|x| x.to_hub())
                .collect()
        });
        let wide: Vec<Hub> = hubs
            .chunks(n.max(1))
            .flat_map(|row| row.iter().flat_map(|&h| [h, h]))
            .collect();
        let mut shape = t.shape().to_vec();
        shape[nd - 1] = 2 * n;
        if wide.len() == 2 * t.numel() {
            let all = vec![Slice::step(1); nd - 1];
            let mut steps = all;
            steps.push(Slice::step(2));
            if let Ok(v) = tensor_from_hubs(t.dtype(), &shape, &wide).slice(&steps) {
                out.push(("stepped storage", v));
            }
        }
    }
    out
}

/// Strided layouts of the first samples of the record's `reference` generator.
pub(super) fn noncontiguous(op: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut out = Vec::new();
    for s in (op.gens.sample)(op, d, seed).into_iter().take(12) {
        let Some(t) = s.tensor(0) else { continue };
        for (what, v) in layouts(t) {
            out.push(Sample {
                kind: "noncontiguous",
                description: format!("{what}: {}", s.description),
                args: vec![Arg::Tensor(v)],
                ..s.clone()
            });
        }
    }
    out
}
