//! The records of `linalg.det`, `linalg.slogdet`, `linalg.inv` and `linalg.solve`: stacks of
//! well-conditioned matrices (diagonally dominant, of every accepted dtype), ill-conditioned
//! ones (Hilbert), singular ones (`det` 0, `slogdet` (0, -inf), LinAlgError for `inv` and
//! `solve`), 0x0 and empty stacks, results that overflow or underflow; compared within the
//! bounds of [`crate::lu_bound`]. float16 is refused (TypeError) as NumPy does; bfloat16 is
//! asked of NumPy as itself (it computes in float64 there, as for the integers).

use crate::dot_bound::{same_layout, values};
use crate::lu_bound::{backward, frobenius, inverse_norm, stack, within};
use crate::products::linalg_checks;
use crate::record::{Compare, Domain, Family, Gens, OpInfo, Precision, Reference, Variants};
use crate::rng::Rng;
use crate::samples::{random, tensor_from_hubs, ErrorInput, Sample};
use backends::element::{Cf64, Element, Hub};
use backends::linalg::products::operand;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

/// Every dtype but float16 (`array type float16 is unsupported in linalg`).
pub(crate) const DTYPES: [DType; 14] = [
    DType::Bool,
    DType::I8,
    DType::U8,
    DType::I16,
    DType::U16,
    DType::I32,
    DType::U32,
    DType::I64,
    DType::U64,
    DType::BF16,
    DType::F32,
    DType::F64,
    DType::C64,
    DType::C128,
];

/// A stack of `batch` well-conditioned `n x n` matrices of `dtype`: random entries plus a
/// dominant diagonal (bool: unit lower triangular, whose determinant is 1).
pub(crate) fn well(dtype: DType, batch: &[usize], n: usize, rng: &mut Rng) -> Tensor {
    let count: usize = batch.iter().product();
    let r = random(dtype, &[count * n * n], rng, Domain::Any);
    let v: Vec<Hub> = backends::with_dtype!(dtype, T, {
        r.to_vec::<T>()
            .expect("a fresh tensor reads back")
            .into_iter()
            .map(|x| x.to_hub())
            .collect()
    });
    let hubs: Vec<Hub> = (0..count * n * n)
        .map(|k| {
            let (i, j) = ((k / n) % n, k % n);
            match (dtype, v[k]) {
                (DType::Bool, _) if i == j => Hub::Bool(true),
                (DType::Bool, _) if j > i => Hub::Bool(false),
                (_, h) if i != j => h,
                // Within int8's range for n <= 24 (4 n + 9).
                (_, Hub::Int(x)) if x >= 0 => Hub::Int(4 * n as i64 + x),
                (_, Hub::Int(x)) => Hub::Int(x - 4 * n as i64),
                (_, Hub::UInt(x)) => Hub::UInt(4 * n as u64 + x),
                (_, Hub::Float(x)) => Hub::Float(x + 10.0 * n as f64),
                (_, Hub::Complex(z)) => Hub::Complex(z + 10.0 * n as f64),
                (_, h) => h,
            }
        })
        .collect();
    let mut shape = batch.to_vec();
    shape.extend([n, n]);
    tensor_from_hubs(dtype, &shape, &hubs)
}

/// Exact-valued matrices of `dtype` (row-major rows).
pub(crate) fn exact(dtype: DType, n: usize, v: &[f64]) -> Tensor {
    let hubs: Vec<Hub> = v
        .iter()
        .map(|&x| match dtype {
            DType::Bool => Hub::Bool(x != 0.0),
            d if d.is_inexact() => Hub::Float(x),
            _ => Hub::Int(x as i64),
        })
        .collect();
    tensor_from_hubs(dtype, &[v.len() / (n * n), n, n], &hubs)
}

/// The singular matrices (zero pivots in exact arithmetic, whatever the elimination order).
fn singular(dtype: DType) -> Vec<(&'static str, Tensor)> {
    let mut out = vec![
        ("zeros 2x2", exact(dtype, 2, &[0.0, 0.0, 0.0, 0.0])),
        ("[[0, 0], [0, 1]]", exact(dtype, 2, &[0.0, 0.0, 0.0, 1.0])),
    ];
    if dtype != DType::Bool {
        out.push(("[[1, 2], [2, 4]]", exact(dtype, 2, &[1.0, 2.0, 2.0, 4.0])));
        out.push((
            "a zero row",
            exact(dtype, 3, &[1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 4.0, 5.0, 7.0]),
        ));
        out.push((
            "a stack with one singular member",
            exact(dtype, 2, &[2.0, 1.0, 1.0, 3.0, 1.0, 2.0, 2.0, 4.0]),
        ));
    }
    out
}

/// Shapes of the well-conditioned samples: a matrix, 1x1, stacks, 0x0 and empty stacks, one
/// large enough to spread over threads.
pub(crate) const SHAPES: [(&[usize], usize); 8] = [
    (&[], 3),
    (&[], 1),
    (&[], 5),
    (&[2, 3], 3),
    (&[], 0),
    (&[3], 0),
    (&[0], 2),
    (&[], 24),
];

fn square_samples(dtype: DType, seed: u64) -> Vec<Sample> {
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
    // Row exchanges: an odd permutation for bool, partial pivoting's swaps otherwise.
    let pivoting = if dtype == DType::Bool {
        exact(dtype, 2, &[0.0, 1.0, 1.0, 0.0])
    } else {
        exact(dtype, 3, &[0.0, 1.0, 2.0, 1.0, 0.0, 3.0, 4.0, 5.0, 0.0])
    };
    out.insert(
        1,
        Sample::new(
            "sample",
            "a matrix that needs row exchanges",
            vec![Arg::Tensor(pivoting)],
        ),
    );
    if dtype.is_inexact() {
        // Hilbert 5x5: condition about 5e5.
        let h: Vec<f64> = (0..25)
            .map(|k| 1.0 / ((k / 5 + k % 5 + 1) as f64))
            .collect();
        out.push(Sample::new(
            "sample",
            "Hilbert 5x5",
            vec![Arg::Tensor(exact(dtype, 5, &h))],
        ));
    }
    if dtype.is_complex() {
        out.push(Sample::new(
            "sample",
            "[[1j, 0], [0, 2]]",
            vec![Arg::Tensor(tensor_from_hubs(
                dtype,
                &[2, 2],
                &[
                    Hub::Complex(Cf64::new(0.0, 1.0)),
                    Hub::Float(0.0),
                    Hub::Float(0.0),
                    Hub::Float(2.0),
                ],
            ))],
        ));
    }
    out
}

/// Values at the dtype's limits: determinants that overflow and underflow the result, the
/// integer limits.
pub(crate) fn extremal(dtype: DType) -> Vec<Sample> {
    let diag = |v: &[Hub]| {
        let n = v.len();
        let hubs: Vec<Hub> = (0..n * n)
            .map(|k| {
                if k / n == k % n {
                    v[k / n]
                } else {
                    Hub::Float(0.0)
                }
            })
            .collect();
        tensor_from_hubs(dtype, &[n, n], &hubs)
    };
    let mut out = Vec::new();
    let mk = |what: &str, t: Tensor| Sample::new("extremal", what, vec![Arg::Tensor(t)]);
    match dtype {
        d if d.is_inexact() => {
            let (max, tiny) = match d.to_real() {
                DType::F32 => (f32::MAX as f64, f32::MIN_POSITIVE as f64),
                DType::BF16 => (3.3895313892515355e38, 1.1754943508222875e-38),
                _ => (f64::MAX, f64::MIN_POSITIVE),
            };
            let f = Hub::Float;
            out.push(mk(
                "diag(sqrt(max) * 4, sqrt(max) * 4): det overflows",
                diag(&[f(max.sqrt() * 4.0), f(max.sqrt() * 4.0)]),
            ));
            out.push(mk(
                "diag(sqrt(tiny) / 4, sqrt(tiny) / 4): det underflows",
                diag(&[f(tiny.sqrt() / 4.0), f(tiny.sqrt() / 4.0)]),
            ));
            out.push(mk("diag(max, 0.5, -1)", diag(&[f(max), f(0.5), f(-1.0)])));
            out.push(mk("diag(tiny, 2)", diag(&[f(tiny), f(2.0)])));
            out.push(mk(
                "diag(1, -1, -1): negative pivots",
                diag(&[f(1.0), f(-1.0), f(-1.0)]),
            ));
            if d.is_complex() {
                // An imaginary pivot whose |d|^2 overflows: the textbook complex division
                // gives 1/d = -0j, LAPACK's scaled division -i/d.
                let z = |re: f64, im: f64| Hub::Complex(Cf64::new(re, im));
                out.push(mk(
                    "diag(max/4 j, 0.5 - max/8 j): |pivot|^2 overflows",
                    diag(&[z(0.0, max / 4.0), z(0.5, -max / 8.0)]),
                ));
                // The same pivot scaling the column below it (the multiplier -0.5j).
                out.push(mk(
                    "[[max/4 j, 0], [max/8, max/8 (1 + j)]]: the multiplier through 1/pivot",
                    tensor_from_hubs(
                        dtype,
                        &[2, 2],
                        &[
                            z(0.0, max / 4.0),
                            z(0.0, 0.0),
                            z(max / 8.0, 0.0),
                            z(max / 8.0, max / 8.0),
                        ],
                    ),
                ));
            }
        }
        DType::Bool => out.push(mk("identity 3x3", diag(&[Hub::Bool(true); 3]))),
        d => {
            let (lo, hi) = match d {
                DType::I8 => (i8::MIN as i64, i8::MAX as i64),
                DType::U8 => (0, u8::MAX as i64),
                DType::I16 => (i16::MIN as i64, i16::MAX as i64),
                DType::U16 => (0, u16::MAX as i64),
                DType::I32 => (i32::MIN as i64, i32::MAX as i64),
                DType::U32 => (0, u32::MAX as i64),
                _ => (i64::MIN, i64::MAX),
            };
            out.push(mk("diag(max, max)", diag(&[Hub::Int(hi), Hub::Int(hi)])));
            if lo < 0 {
                out.push(mk(
                    "diag(min, max, -1)",
                    diag(&[Hub::Int(lo), Hub::Int(hi), Hub::Int(-1)]),
                ));
            }
        }
    }
    out
}

/// The error inputs every square function shares: too few dimensions, a non-square matrix.
pub(crate) fn shape_errors(dtype: DType, seed: u64, nin: usize) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let mut mk = |what: &str, shape: &[usize]| {
        let mut args = vec![Arg::Tensor(random(dtype, shape, &mut rng, Domain::Any))];
        if nin == 2 {
            args.push(Arg::Tensor(random(dtype, &[3], &mut rng, Domain::Any)));
        }
        ErrorInput {
            sample: Sample::new("error", what, args),
            expected: ErrorKind::LinAlg,
        }
    };
    vec![
        mk("a 1-d array", &[3]),
        mk("a 0-d array", &[]),
        mk("a 2x3 matrix (not square)", &[2, 3]),
        mk("a stack of 3x2 matrices", &[2, 3, 2]),
    ]
}

pub(crate) fn one(op: &OpInfo, s: &Sample) -> Result<Tensor> {
    if let Some((k, _)) = s.kwargs.first() {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} got an unexpected keyword argument '{k}'", op.name),
        });
    }
    match s.args.first() {
        Some(a) if s.args.len() == op.nin => operand(op.name, a),
        _ => Err(Error::Type {
            op: op.name,
            msg: format!("{} takes {} arguments", op.name, op.nin),
        }),
    }
}

fn det_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    one(op, s)?.det().map(|t| vec![t])
}
fn slogdet_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    one(op, s)?.slogdet().map(|(a, b)| vec![a, b])
}
fn inv_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    one(op, s)?.inv().map(|t| vec![t])
}
fn solve_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    if let Some((k, _)) = s.kwargs.first() {
        return Err(Error::Type {
            op: op.name,
            msg: format!("solve got an unexpected keyword argument '{k}'"),
        });
    }
    match &s.args[..] {
        [a, b] => operand(op.name, a)?
            .solve(&operand(op.name, b)?)
            .map(|t| vec![t]),
        _ => Err(Error::Type {
            op: op.name,
            msg: "solve takes 2 arguments".into(),
        }),
    }
}

/// det and slogdet: the well-conditioned samples and the singular ones.
fn det_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = square_samples(dtype, seed);
    out.extend(
        singular(dtype)
            .into_iter()
            .map(|(w, t)| Sample::new("sample", w, vec![Arg::Tensor(t)])),
    );
    out
}
fn inv_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    square_samples(dtype, seed)
}
/// solve: each matrix against a vector, a matrix and a broadcast stack of right-hand sides.
fn solve_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed ^ 5);
    let mut out = Vec::new();
    for (i, s) in square_samples(dtype, seed).into_iter().enumerate() {
        let a = s.tensor(0).expect("a matrix").clone();
        let (batch, n) = (a.shape()[..a.ndim() - 2].to_vec(), a.shape()[a.ndim() - 1]);
        let b = match i % 3 {
            0 => random(dtype, &[n], &mut rng, Domain::Any),
            1 => random(dtype, &[n, 2], &mut rng, Domain::Any),
            _ => {
                let mut shape = vec![2];
                shape.extend(std::iter::repeat_n(1, batch.len()));
                shape.extend([n, 1]);
                random(dtype, &shape, &mut rng, Domain::Any)
            }
        };
        out.push(Sample::new(
            "sample",
            format!("{} with b {:?}", s.description, b.shape()),
            vec![Arg::Tensor(a), Arg::Tensor(b)],
        ));
    }
    out
}

pub(crate) fn det_extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    extremal(dtype)
}
pub(crate) fn solve_extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    extremal(dtype)
        .into_iter()
        .map(|mut s| {
            let n = s.tensor(0).map_or(0, |t| t.shape()[0]);
            let ones = vec![Hub::Float(1.0); n];
            s.args
                .push(Arg::Tensor(tensor_from_hubs(dtype, &[n], &ones)));
            s
        })
        .collect()
}

fn unary_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    vec![Sample::new(
        "result_dtype",
        d.name(),
        vec![Arg::Tensor(well(d, &[], 2, &mut rng))],
    )]
}
/// `solve` of `dtype` with a right-hand side of every other accepted dtype.
pub(crate) fn solve_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    DTYPES
        .iter()
        .map(|&o| {
            Sample::new(
                "result_dtype",
                format!("{} with b {}", d.name(), o.name()),
                vec![
                    Arg::Tensor(well(d, &[], 2, &mut rng)),
                    Arg::Tensor(random(o, &[2], &mut rng, Domain::Any)),
                ],
            )
        })
        .collect()
}

fn square_errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    shape_errors(dtype, seed, op.nin)
}
/// inv: the shape errors and every singular matrix (LinAlgError "Singular matrix").
fn inv_errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut out = shape_errors(dtype, seed, op.nin);
    out.extend(singular(dtype).into_iter().map(|(w, t)| ErrorInput {
        sample: Sample::new("error", format!("singular: {w}"), vec![Arg::Tensor(t)]),
        expected: ErrorKind::LinAlg,
    }));
    out
}
/// solve: the shape errors, singular matrices, and NumPy's gufunc errors for `b`.
fn solve_errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed ^ 9);
    let mut out = shape_errors(dtype, seed, op.nin);
    for (w, t) in singular(dtype) {
        let n = t.shape()[t.ndim() - 1];
        out.push(ErrorInput {
            sample: Sample::new(
                "error",
                format!("singular: {w}"),
                vec![
                    Arg::Tensor(t),
                    Arg::Tensor(random(dtype, &[n], &mut rng, Domain::Any)),
                ],
            ),
            expected: ErrorKind::LinAlg,
        });
    }
    let a = |rng: &mut Rng, b: &[usize]| Arg::Tensor(well(dtype, b, 3, rng));
    let bad = |what: &str, a: Arg, b: &[usize]| ErrorInput {
        sample: Sample::new(
            "error",
            format!("{what}: b {b:?}"),
            vec![
                a,
                Arg::Tensor(random(dtype, b, &mut Rng::new(seed ^ 11), Domain::Any)),
            ],
        ),
        expected: ErrorKind::Value,
    };
    out.push(bad("vector of the wrong length", a(&mut rng, &[]), &[2]));
    out.push(bad("matrix of the wrong height", a(&mut rng, &[]), &[2, 3]));
    out.push(bad("a 0-d b", a(&mut rng, &[]), &[]));
    out.push(bad(
        "a stack of 2 against a (2, 3) b (a matrix, not 2 vectors)",
        a(&mut rng, &[2]),
        &[2, 3],
    ));
    out.push(bad(
        "stacks that do not broadcast",
        a(&mut rng, &[2]),
        &[5, 3, 4],
    ));
    out
}

/// The input's matrices, as the comparison sees them.
pub(crate) fn input(s: &Sample) -> Res<(Vec<Vec<Cf64>>, usize)> {
    let a = s.tensor(0).ok_or("a matrix operand")?;
    let (m, n, _) = stack(a)?;
    Ok((m, n))
}

pub(crate) fn output(t: &[Tensor], k: usize) -> Res<(&Tensor, Vec<Cf64>)> {
    let o = t.get(k).ok_or("an output is missing")?;
    Ok((o, values(o)?))
}

/// The determinant's absolute bound for one matrix: `g(n) eps ||A||_F^n`.
fn det_bound(a: &[Cf64], n: usize) -> f64 {
    backward(n) * frobenius(a).powi(n as i32)
}

fn det_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (mats, n) = input(s)?;
    let ((g, gv), (_, wv)) = (output(got, 0)?, output(want, 0)?);
    for (k, a) in mats.iter().enumerate() {
        // exp(sum ln|u_ii|) rounds the sum of n logarithms: a relative n eps |ln det|.
        let relative = (2 * n) as f64 * 1.2e-16 * (1.0 + wv[k].norm().ln().abs());
        let bound = det_bound(a, n) + relative * wv[k].norm();
        within(
            &gv[k..=k],
            &wv[k..=k],
            bound,
            g.dtype(),
            &format!("det of matrix {k}"),
        )?;
    }
    Ok(())
}

fn slogdet_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (mats, n) = input(s)?;
    let ((g, gs), (_, ws)) = (output(got, 0)?, output(want, 0)?);
    let ((_, gl), (_, wl)) = (output(got, 1)?, output(want, 1)?);
    for (k, a) in mats.iter().enumerate() {
        // The determinant's relative bound, from the log domain (no overflow).
        let r = (det_bound(a, n).ln() - wl[k].re).exp();
        if r.is_nan() || r >= 0.25 {
            // Near singular (or singular): the sign and the logarithm are not determined.
            continue;
        }
        let e = 2.0 * crate::tolerance::eps(g.dtype());
        let what = format!("slogdet of matrix {k}");
        if (gs[k] - ws[k]).norm() > 2.0 * r + e {
            return Err(format!("{what}: sign {}, NumPy {}", gs[k], ws[k]));
        }
        let tol = 2.0 * r + e * (1.0 + wl[k].re.abs()) + (2 * n) as f64 * 1.2e-16;
        if (gl[k].re - wl[k].re).abs() > tol || gl[k].re.is_nan() != wl[k].re.is_nan() {
            return Err(format!(
                "{what}: logabsdet {}, NumPy {} (bound {tol:.3e})",
                gl[k].re, wl[k].re
            ));
        }
    }
    Ok(())
}

pub(crate) fn inv_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (mats, n) = input(s)?;
    let ((g, gv), (_, wv)) = (output(got, 0)?, output(want, 0)?);
    for (k, a) in mats.iter().enumerate() {
        let (gk, wk) = (
            &gv[k * n * n..(k + 1) * n * n],
            &wv[k * n * n..(k + 1) * n * n],
        );
        let bound = backward(n) * frobenius(a) * frobenius(wk).powi(2);
        within(gk, wk, bound, g.dtype(), &format!("inv of matrix {k}"))?;
    }
    Ok(())
}

pub(crate) fn solve_compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (a, b) = (s.tensor(0).ok_or("a")?, s.tensor(1).ok_or("b")?);
    let ((g, gv), (w, wv)) = (output(got, 0)?, output(want, 0)?);
    // Every solution's matrix: a broadcast to the result's stack.
    let n = a.shape()[a.ndim() - 1];
    let core = if b.ndim() == 1 { 1 } else { 2 };
    let batch = &w.shape()[..w.ndim() - core];
    let mut shape = batch.to_vec();
    shape.extend([n, n]);
    let lhs = a.broadcast_to(&shape).map_err(|e| e.to_string())?;
    let (mats, _, _) = stack(&lhs)?;
    let per = wv.len().checked_div(mats.len().max(1)).unwrap_or(0);
    for (k, m) in mats.iter().enumerate() {
        let (gk, wk) = (&gv[k * per..(k + 1) * per], &wv[k * per..(k + 1) * per]);
        let bound = match inverse_norm(m, n) {
            Some(inv) => backward(n) * frobenius(m) * inv * frobenius(wk),
            None => f64::INFINITY,
        };
        within(gk, wk, bound, g.dtype(), &format!("solve of system {k}"))?;
    }
    Ok(())
}

/// One record of this module.
pub(crate) fn record(
    name: &'static str,
    nin: usize,
    engine: crate::record::EngineFn,
    gens: Gens,
    compare: crate::record::CustomCompare,
) -> OpInfo {
    let mut r = crate::ops::ufunc(name, nin, &DTYPES);
    r.family = Family::Linalg;
    r.reference = Reference::Numpy(name);
    r.engine = engine;
    r.method = Some(engine);
    r.inplace = None;
    r.dtypes = vec![("cpu", DTYPES.to_vec())];
    r.variants = Variants {
        method: true,
        inplace: false,
        out: false,
    };
    r.scalar_operands = false;
    r.weak_int_overflow = false;
    r.compare = Compare::Custom(compare);
    r.precision = Precision::Tol(
        "an LU's rounding depends on its elimination order: compared within Gaussian \
         elimination's backward error through the condition (see opinfo::lu_bound)",
    );
    r.gens = gens;
    r.bf16_native_reference = true;
    r.unsupported_kind = ErrorKind::Type;
    r.checks = linalg_checks(nin == 2);
    r
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

/// Transposed and stepped matrices (and right-hand sides) of the samples.
pub(crate) fn noncontiguous(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    (op.gens.sample)(op, dtype, seed)
        .into_iter()
        .take(4)
        .map(|mut s| {
            for a in &mut s.args {
                if let Arg::Tensor(t) = a {
                    if t.ndim() >= 2 {
                        let nd = t.ndim() as isize;
                        // The transpose of a transposed copy: the same values, strided.
                        *t = t
                            .swapaxes(nd - 1, nd - 2)
                            .and_then(|x| x.contiguous())
                            .and_then(|x| x.swapaxes(nd - 1, nd - 2))
                            .expect("a valid view");
                    }
                }
            }
            s.kind = "noncontiguous";
            s.description = format!("transposed storage: {}", s.description);
            s
        })
        .collect()
}

/// The LU-based records.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        record(
            "linalg.det",
            1,
            det_call,
            gens(det_samples, det_extremal, square_errors, unary_result_dtype),
            det_compare,
        ),
        record(
            "linalg.slogdet",
            1,
            slogdet_call,
            gens(det_samples, det_extremal, square_errors, unary_result_dtype),
            slogdet_compare,
        ),
        record(
            "linalg.inv",
            1,
            inv_call,
            gens(inv_samples, det_extremal, inv_errors, unary_result_dtype),
            inv_compare,
        ),
        record(
            "linalg.solve",
            2,
            solve_call,
            gens(
                solve_samples,
                solve_extremal,
                solve_errors,
                solve_result_dtype,
            ),
            solve_compare,
        ),
    ];
    for r in &mut v {
        r.identities = match r.name {
            "linalg.det" => crate::identities::det(),
            "linalg.inv" => crate::identities::inv(),
            "linalg.solve" => crate::identities::solve(),
            _ => Vec::new(),
        };
    }
    v
}
