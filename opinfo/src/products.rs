//! The records of the products, in the linalg family: `matmul`, `dot`, `inner`, `vdot`,
//! `outer`, `linalg.vecdot`, `linalg.outer` and `linalg.matrix_transpose`. Their samples are
//! square, rectangular, 1-D and stacked operands, empty core dimensions, a long contraction
//! and one above the threading threshold; every dtype and every mixed pair; and NumPy's shape
//! errors. The sums compare against the dot-product error bound ([`crate::dot_bound`]);
//! `outer` is `multiply` and `matrix_transpose` a view, compared as those are.

use crate::dot_bound::{self, moved, values, Terms};
use crate::kwargs::{self, Kw};
use crate::record::{Compare, Domain, Family, Gen, Gens, OpInfo, Precision, Reference, Variants};
use crate::rng::Rng;
use crate::samples::{extremal_values, random, tensor_from_hubs, ErrorInput, Sample};
use crate::ulp::UlpBound;
use backends::element::{Cf64, Hub};
use backends::linalg::products::{operand, TensordotAxes};
use backends::ops::view::Slice;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;
pub(crate) type Pairs<'a> = &'a [(&'a [usize], &'a [usize])];

/// The sample's operands as tensors, refusing keywords other than `allowed`.
pub(crate) fn operands(op: &OpInfo, s: &Sample, allowed: &[&str]) -> Result<Vec<Tensor>> {
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} got an unexpected keyword argument '{k}'", op.name),
        });
    }
    if s.args.len() != op.nin {
        return Err(Error::Type {
            op: op.name,
            msg: format!(
                "{} takes {} operands, {} given",
                op.name,
                op.nin,
                s.args.len()
            ),
        });
    }
    s.args.iter().map(|a| operand(op.name, a)).collect()
}

/// A binary product's engine call.
fn binary(
    op: &OpInfo,
    s: &Sample,
    f: fn(&Tensor, &Tensor) -> Result<Tensor>,
) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &[])?;
    f(&x[0], &x[1]).map(|t| vec![t])
}

fn vecdot_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &["axis"])?;
    let axis = kwargs::axis_int(op.name, &s.kwargs, Some(-1))?.unwrap_or(-1);
    x[0].vecdot(&x[1], axis).map(|t| vec![t])
}

/// `axes=` of a `tensordot` sample: an int, or a `(2, k)` integer array of the two sequences
/// (how a pair of lists reaches NumPy here: `axes_a, axes_b = axes` unpacks its rows).
fn tensordot_axes(op: &OpInfo, s: &Sample) -> Result<TensordotAxes> {
    match kwargs::get(&s.kwargs, "axes") {
        None => Ok(TensordotAxes::Count(2)),
        Some(Kw::Int(n)) => Ok(TensordotAxes::Count(*n)),
        Some(Kw::Tensor(t)) if t.ndim() == 2 && t.shape()[0] == 2 => {
            let v = t
                .astype(DType::I64, backends::Casting::Unsafe)
                .and_then(|c| c.to_vec::<i64>())?;
            let k = t.shape()[1];
            Ok(TensordotAxes::Pairs(v[..k].to_vec(), v[k..].to_vec()))
        }
        Some(v) => Err(Error::Type {
            op: op.name,
            msg: format!(
                "axes={} is not an int or a pair of sequences",
                kwargs::show(v)
            ),
        }),
    }
}

fn tensordot_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &["axes"])?;
    x[0].tensordot(&x[1], &tensordot_axes(op, s)?)
        .map(|t| vec![t])
}

/// A `(2, k)` int64 array of two axis sequences.
fn axes_pair(a: &[i64], b: &[i64]) -> Kw {
    let v: Vec<i64> = a.iter().chain(b).copied().collect();
    Kw::Tensor(Tensor::from_vec(v, &[2, a.len()]).expect("a pair of equal-length sequences"))
}

fn tensordot_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut mk = |a: &[usize], b: &[usize], axes: Option<Kw>| {
        let s = Sample::new(
            "sample",
            format!("{a:?} x {b:?}"),
            vec![t(dtype, a, &mut rng), t(dtype, b, &mut rng)],
        );
        match axes {
            Some(k) => s.kw("axes", k),
            None => s,
        }
    };
    vec![
        mk(&[2, 3, 4], &[3, 4, 5], None),
        mk(&[2, 3, 4], &[4, 5], Some(Kw::Int(1))),
        mk(&[2, 3], &[3, 2], Some(Kw::Int(0))),
        mk(&[2, 3, 4], &[4, 3, 5], Some(axes_pair(&[1, 2], &[1, 0]))),
        mk(&[2, 3], &[3, 2], Some(axes_pair(&[-1], &[-2]))),
        mk(&[3, 4], &[3, 4], Some(Kw::Int(2))),
        mk(&[2, 0], &[0, 3], Some(Kw::Int(1))),
        mk(&[], &[3, 2], Some(Kw::Int(0))),
        mk(&[4, 2, 8], &[8, 2, 3], Some(axes_pair(&[2, 1], &[0, 1]))),
        mk(&[20, 30], &[30, 40], Some(Kw::Int(1))),
    ]
}

fn tensordot_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let mut mk = |what: &str, a: &[usize], b: &[usize], axes: Kw, kind: ErrorKind| ErrorInput {
        sample: Sample::new(
            "error",
            format!("{what}: {a:?} x {b:?}"),
            vec![t(dtype, a, &mut rng), t(dtype, b, &mut rng)],
        )
        .kw("axes", axes),
        expected: kind,
    };
    vec![
        mk(
            "shape-mismatch for sum",
            &[2, 3],
            &[4, 2],
            Kw::Int(1),
            ValueE,
        ),
        mk(
            "sequences of different lengths",
            &[2, 3],
            &[3, 2],
            axes_pair_ragged(),
            ValueE,
        ),
        mk(
            "axes=3 of 2-d operands",
            &[2, 3],
            &[3, 2],
            Kw::Int(3),
            ErrorKind::Index,
        ),
        mk(
            "an axis out of range",
            &[2, 3],
            &[3, 2],
            axes_pair(&[5], &[0]),
            ErrorKind::Index,
        ),
        mk(
            "duplicate axes",
            &[3, 3],
            &[3, 3],
            axes_pair(&[0, 0], &[0, 1]),
            ValueE,
        ),
    ]
}

/// `axes=([1], [0, 1])` as NumPy reads a ragged pair: a 2-element object array of lists is not
/// expressible here, so the same mismatch comes from `axes=([1, 0], [0, 0])`'s sizes instead:
/// `(2, 3)` summed over its 3 and 2 against `(3, 2)`'s 3 and 3.
fn axes_pair_ragged() -> Kw {
    axes_pair(&[1, 0], &[0, 1])
}

fn tensordot_terms(s: &Sample, _: &Tensor) -> Res<Terms> {
    let (a, b) = pair_of(s)?;
    let axes =
        tensordot_axes(&crate::ops::ufunc("tensordot", 2, &[]), s).map_err(|e| e.to_string())?;
    let (aa, ab): (Vec<i64>, Vec<i64>) = match axes {
        TensordotAxes::Count(n) => ((-n..0).collect(), (0..n).collect()),
        TensordotAxes::Pairs(x, y) => (x, y),
    };
    let norm = |v: &[i64], nd: usize| -> Vec<usize> {
        v.iter()
            .map(|&k| {
                if k < 0 {
                    (k + nd as i64) as usize
                } else {
                    k as usize
                }
            })
            .collect()
    };
    let (aa, ab) = (norm(&aa, a.ndim()), norm(&ab, b.ndim()));
    let free_a: Vec<usize> = (0..a.ndim()).filter(|k| !aa.contains(k)).collect();
    let free_b: Vec<usize> = (0..b.ndim()).filter(|k| !ab.contains(k)).collect();
    let k: usize = aa.iter().map(|&x| a.shape()[x]).product();
    // Rows: a's free dimensions, then the summed ones; columns: b's free, then summed (in
    // the order paired with a's).
    let pa: Vec<usize> = free_a.iter().chain(&aa).copied().collect();
    let pb: Vec<usize> = free_b.iter().chain(&ab).copied().collect();
    let permuted = |t: &Tensor, p: &[usize]| {
        t.permute(Some(p))
            .map_err(|e| e.to_string())
            .and_then(|x| values(&x))
    };
    Ok(grid(permuted(&a, &pa)?, permuted(&b, &pb)?, k))
}

/// The matrix products' samples as `tensordot(a, b, axes=1)` (a matrix product there).
fn axes1(samples: Vec<Sample>) -> Vec<Sample> {
    samples
        .into_iter()
        .map(|s| s.kw("axes", Kw::Int(1)))
        .collect()
}
fn tensordot_noncontiguous(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    axes1(contracting_noncontiguous(op, dtype, seed))
}
fn tensordot_extremal(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    axes1(contracting_extremal(op, dtype, seed))
}
fn tensordot_result_dtype(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    axes1(dot_result_dtype(op, dtype, seed))
}

fn tensordot_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    dot_bound::compare(s, g, w, tensordot_terms)
}

fn matrix_transpose_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &[])?;
    x[0].matrix_transpose().map(|t| vec![t])
}

pub(crate) fn t(dtype: DType, shape: &[usize], rng: &mut Rng) -> Arg {
    Arg::Tensor(random(dtype, shape, rng, Domain::Any))
}

/// One sample per shape pair.
pub(crate) fn from_pairs(
    kind: &'static str,
    pairs: Pairs<'_>,
    dtype: DType,
    seed: u64,
) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    pairs
        .iter()
        .map(|(a, b)| {
            Sample::new(
                kind,
                format!("{a:?} x {b:?}"),
                vec![t(dtype, a, &mut rng), t(dtype, b, &mut rng)],
            )
        })
        .collect()
}

fn matmul_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[3, 4], &[4, 2]),
        (&[3, 3], &[3, 3]),
        (&[1, 1], &[1, 1]),
        (&[4], &[4]),
        (&[4], &[4, 3]),
        (&[2, 3], &[3]),
        (&[2, 2, 3], &[3, 4]),
        (&[3], &[2, 3, 2]),
        (&[0], &[0]),
        (&[0, 3], &[3, 2]),
        (&[2, 0], &[0, 2]),
        (&[3, 0, 2], &[2, 4]),
        (&[2, 64], &[64, 3]),
        (&[40, 50], &[50, 30]),
        (&[17, 20, 20], &[17, 20, 20]),
    ];
    from_pairs("sample", pairs, dtype, seed)
}

fn matmul_broadcasting(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[2, 1, 2, 3], &[5, 3, 2]),
        (&[1, 3, 4], &[2, 4, 2]),
        (&[3, 4], &[2, 4, 5]),
        (&[2, 3, 4], &[4]),
        (&[4], &[2, 4, 3]),
        (&[1, 0, 2, 3], &[4, 3, 2]),
        (&[3, 1, 1, 2], &[1, 4, 2, 1]),
    ];
    from_pairs("broadcast", pairs, dtype, seed)
}

fn dot_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[3, 4], &[4, 2]),
        (&[4], &[4]),
        (&[4], &[4, 3]),
        (&[2, 3], &[3]),
        (&[2, 3, 4], &[2, 4, 3]),
        (&[2, 4], &[3, 4, 2]),
        (&[], &[2, 3]),
        (&[2, 3], &[]),
        (&[0], &[0]),
        (&[2, 0], &[0, 3]),
        (&[2, 64], &[64, 3]),
        (&[40, 50], &[50, 30]),
    ];
    from_pairs("sample", pairs, dtype, seed)
}

fn inner_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[3, 4], &[2, 4]),
        (&[4], &[4]),
        (&[4], &[3, 4]),
        (&[2, 3, 4], &[5, 4]),
        (&[], &[2, 3]),
        (&[2, 3], &[]),
        (&[0], &[0]),
        (&[2, 0], &[3, 0]),
        (&[3, 64], &[2, 64]),
        (&[40, 50], &[30, 50]),
    ];
    from_pairs("sample", pairs, dtype, seed)
}

fn vdot_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[4], &[4]),
        (&[3, 4], &[12]),
        (&[2, 3], &[3, 2]),
        (&[], &[]),
        (&[0], &[0, 3]),
        (&[200], &[200]),
    ];
    from_pairs("sample", pairs, dtype, seed)
}

fn vecdot_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[3, 4], &[3, 4]),
        (&[4], &[4]),
        (&[2, 3, 4], &[4]),
        (&[0, 4], &[0, 4]),
        (&[3, 0], &[3, 0]),
        (&[5, 100], &[5, 100]),
    ];
    let mut out = from_pairs("sample", pairs, dtype, seed);
    let mut rng = Rng::new(seed ^ 7);
    let mut axis = |a: &[usize], b: &[usize], ax: i64| {
        Sample::new(
            "sample",
            format!("{a:?} x {b:?}"),
            vec![t(dtype, a, &mut rng), t(dtype, b, &mut rng)],
        )
        .kw("axis", Kw::Int(ax))
    };
    out.push(axis(&[3, 4], &[3, 4], 0));
    out.push(axis(&[2, 3, 4], &[3, 1], -2));
    out
}

fn vecdot_broadcasting(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[2, 3], &[4, 1, 3]),
        (&[1, 3], &[5, 3]),
        (&[2, 1, 4], &[3, 4]),
    ];
    from_pairs("broadcast", pairs, dtype, seed)
}

fn outer_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[
        (&[3], &[4]),
        (&[2, 2], &[3]),
        (&[], &[3]),
        (&[0], &[3]),
        (&[1], &[1]),
        (&[40], &[30]),
    ];
    from_pairs("sample", pairs, dtype, seed)
}

fn linalg_outer_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let pairs: Pairs<'_> = &[(&[3], &[4]), (&[0], &[3]), (&[1], &[1]), (&[40], &[30])];
    from_pairs("sample", pairs, dtype, seed)
}

fn matrix_transpose_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let shapes: [&[usize]; 5] = [&[2, 3], &[2, 3, 4], &[0, 3], &[1, 1], &[3, 0, 2]];
    shapes
        .iter()
        .map(|s| Sample::new("sample", format!("{s:?}"), vec![t(dtype, s, &mut rng)]))
        .collect()
}

/// Strided operands from [`crate::samples::strided`] (`[3, 4]` views), the second transposed
/// for the products that contract it along its first axis.
fn strided_pairs(dtype: DType, seed: u64, transpose_second: bool, nin: usize) -> Vec<Sample> {
    use crate::samples::{strided, STRIDED};
    let mut rng = Rng::new(seed);
    (0..STRIDED.len())
        .map(|k| {
            let a = strided(dtype, k, &mut rng, Domain::Any);
            if nin == 1 {
                return Sample::new("noncontiguous", STRIDED[k], vec![Arg::Tensor(a)]);
            }
            let b = strided(dtype, k + 1, &mut rng, Domain::Any);
            let b = if transpose_second { b.transpose() } else { b };
            Sample::new(
                "noncontiguous",
                format!(
                    "{} x {}{}",
                    STRIDED[k],
                    STRIDED[(k + 1) % 5],
                    if transpose_second { ".T" } else { "" }
                ),
                vec![Arg::Tensor(a), Arg::Tensor(b)],
            )
        })
        .collect()
}

fn contracting_noncontiguous(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut out = strided_pairs(dtype, seed, true, 2);
    // A stepped stack and a reversed vector.
    let mut rng = Rng::new(seed ^ 3);
    let stack = random(dtype, &[4, 3, 5], &mut rng, Domain::Any)
        .slice(&[Slice::step(2), Slice::step(1), Slice::step(-1)])
        .expect("a valid view");
    let v = random(dtype, &[10], &mut rng, Domain::Any)
        .slice(&[Slice::step(-2)])
        .expect("a valid view");
    out.push(Sample::new(
        "noncontiguous",
        "stepped stack [::2, :, ::-1] x reversed vector [::-2]",
        vec![Arg::Tensor(stack), Arg::Tensor(v)],
    ));
    out
}

pub(crate) fn pairwise_noncontiguous(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    strided_pairs(dtype, seed, false, op.nin)
}

/// The value of `dtype` standing beside an extremal value in a two-term sum.
fn companion(dtype: DType) -> Hub {
    match dtype {
        DType::Bool => Hub::Bool(true),
        d if d.is_inexact() => Hub::Float(1.5),
        _ => Hub::Int(3),
    }
}

/// Extremal values in short contractions, as `(e, k)` rows against `(k, e)` columns: every
/// pair's product (`k = 1`: `inf * 0`, overflow, subnormal products, integer limits) and every
/// pair plus 1.5 times another (`k = 2`: `inf - inf`, sums that overflow, cancellation).
fn extremal_terms(dtype: DType) -> [(Vec<Hub>, Vec<Hub>, usize); 2] {
    let v = extremal_values(dtype, Domain::Any);
    let h = companion(dtype);
    let rows2: Vec<Hub> = v.iter().flat_map(|&x| [x, h]).collect();
    // Column j of the (2, e) matrix is (1.5, v[e - 1 - j]).
    let cols2: Vec<Hub> = v.iter().map(|_| h).chain(v.iter().rev().copied()).collect();
    [(v.clone(), v, 1), (rows2, cols2, 2)]
}

fn contracting_extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    extremal_terms(dtype)
        .into_iter()
        .map(|(a, b, k)| {
            let e = a.len() / k;
            Sample::new(
                "extremal",
                format!("{e} x {e} extremal terms (k = {k})"),
                vec![
                    Arg::Tensor(tensor_from_hubs(dtype, &[e, k], &a)),
                    Arg::Tensor(tensor_from_hubs(dtype, &[k, e], &b)),
                ],
            )
        })
        .collect()
}

/// The same terms with both operands as rows (`inner`, `vecdot`: `(e, k)` against `(e, k)`).
fn rowwise_extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    extremal_terms(dtype)
        .into_iter()
        .map(|(a, b, k)| {
            let e = a.len() / k;
            let cols = tensor_from_hubs(dtype, &[k, e], &b).transpose();
            Sample::new(
                "extremal",
                format!("{e} x {e} extremal terms (k = {k})"),
                vec![
                    Arg::Tensor(tensor_from_hubs(dtype, &[e, k], &a)),
                    Arg::Tensor(cols),
                ],
            )
        })
        .collect()
}

/// `vdot` of the extremal values with themselves reversed, and each pair summed with 1.5.
fn vdot_extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let v = extremal_values(dtype, Domain::Any);
    let h = companion(dtype);
    let mut out = Vec::new();
    for (i, &x) in v.iter().enumerate() {
        let y = v[v.len() - 1 - i];
        out.push(Sample::new(
            "extremal",
            format!("[{x:?}, 1.5] . [1.5, {y:?}]"),
            vec![
                Arg::Tensor(tensor_from_hubs(dtype, &[2], &[x, h])),
                Arg::Tensor(tensor_from_hubs(dtype, &[2], &[h, y])),
            ],
        ));
    }
    out
}

pub(crate) fn single_extremal(op: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let v = extremal_values(dtype, Domain::Any);
    let e = v.len();
    let a = Arg::Tensor(tensor_from_hubs(dtype, &[e], &v));
    let args = if op.nin == 1 {
        vec![Arg::Tensor(tensor_from_hubs(dtype, &[1, e], &v))]
    } else {
        vec![a.clone(), a]
    };
    vec![Sample::new(
        "extremal",
        format!("{e} extremal values"),
        args,
    )]
}

/// The dtypes `bfloat16` has no common dtype with in NumPy (ml_dtypes defines none), for
/// which `dot`, `inner` and `vdot` fall back to object arrays: outside the engine's dtypes.
pub(crate) const NO_COMMON_WITH_BF16: [DType; 7] = [
    DType::I16,
    DType::U16,
    DType::I32,
    DType::U32,
    DType::I64,
    DType::U64,
    DType::F16,
];

/// `dtype x other` for every other dtype, shaped by `shapes`.
pub(crate) fn mixed(
    dtype: DType,
    seed: u64,
    a: &[usize],
    b: &[usize],
    object_bf16: bool,
) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    DType::ALL
        .iter()
        .filter(|&&o| {
            let pair = |x: DType, y: DType| x == DType::BF16 && NO_COMMON_WITH_BF16.contains(&y);
            !(object_bf16 && (pair(dtype, o) || pair(o, dtype)))
        })
        .map(|&o| {
            Sample::new(
                "result_dtype",
                format!("{} x {}", dtype.name(), o.name()),
                vec![t(dtype, a, &mut rng), t(o, b, &mut rng)],
            )
        })
        .collect()
}

fn matmul_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    mixed(d, seed, &[2, 3], &[3, 2], false)
}
fn dot_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    mixed(d, seed, &[2, 3], &[3, 2], true)
}
fn rowwise_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    mixed(d, seed, &[2, 3], &[2, 3], true)
}
fn vecdot_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    mixed(d, seed, &[2, 3], &[2, 3], false)
}
fn outer_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    mixed(d, seed, &[3], &[2], false)
}
fn unary_result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    vec![Sample::new(
        "result_dtype",
        d.name(),
        vec![t(d, &[2, 3], &mut rng)],
    )]
}

/// Error inputs from shape pairs, each with the kind NumPy raises.
pub(crate) fn shape_errors(
    dtype: DType,
    seed: u64,
    cases: &[(&str, &[usize], &[usize], ErrorKind)],
) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    cases
        .iter()
        .map(|(what, a, b, kind)| ErrorInput {
            sample: Sample::new(
                "error",
                format!("{what}: {a:?} x {b:?}"),
                vec![t(dtype, a, &mut rng), t(dtype, b, &mut rng)],
            ),
            expected: *kind,
        })
        .collect()
}

use ErrorKind::{Axis as AxisE, Value as ValueE};

fn matmul_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut out = shape_errors(
        dtype,
        seed,
        &[
            ("k mismatch", &[2, 3], &[2, 3], ValueE),
            ("k mismatch, vectors", &[3], &[2], ValueE),
            ("k mismatch, matrix @ vector", &[2, 3], &[2], ValueE),
            ("k mismatch, vector @ matrix", &[3], &[2, 2], ValueE),
            ("0-d first operand", &[], &[2, 2], ValueE),
            ("0-d second operand", &[2, 2], &[], ValueE),
            (
                "stacks that do not broadcast",
                &[2, 2, 3],
                &[3, 3, 2],
                ValueE,
            ),
            (
                "k mismatch beside stacks that do not broadcast",
                &[2, 2, 3],
                &[3, 2, 2],
                ValueE,
            ),
        ],
    );
    let mut rng = Rng::new(seed ^ 1);
    out.push(ErrorInput {
        sample: Sample::new(
            "error",
            "a Python scalar operand",
            vec![
                Arg::Scalar(crate::samples::py_scalar(dtype, &mut rng, Domain::Any)),
                t(dtype, &[2, 2], &mut rng),
            ],
        ),
        expected: ValueE,
    });
    out
}

fn dot_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    shape_errors(
        dtype,
        seed,
        &[
            ("not aligned", &[2, 3], &[2, 3], ValueE),
            ("not aligned, vectors", &[3], &[2], ValueE),
            ("not aligned, matrix . vector", &[2, 3], &[4], ValueE),
            ("not aligned, stacks", &[2, 3, 4], &[2, 3, 4], ValueE),
        ],
    )
}

fn inner_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    shape_errors(
        dtype,
        seed,
        &[
            ("last axes differ", &[2, 3], &[2, 4], ValueE),
            ("last axes differ, vectors", &[3], &[2], ValueE),
        ],
    )
}

fn vdot_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    shape_errors(
        dtype,
        seed,
        &[
            ("sizes differ", &[3], &[4], ValueE),
            ("sizes differ, matrices", &[2, 3], &[2, 2], ValueE),
        ],
    )
}

fn vecdot_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut out = shape_errors(
        dtype,
        seed,
        &[
            ("0-d operand", &[], &[3], ValueE),
            ("core mismatch", &[2, 3], &[2, 4], ValueE),
            ("loop dimensions do not broadcast", &[2, 3], &[4, 3], ValueE),
        ],
    );
    let mut rng = Rng::new(seed ^ 2);
    out.push(ErrorInput {
        sample: Sample::new(
            "error",
            "axis=1 of 1-d operands",
            vec![t(dtype, &[3], &mut rng), t(dtype, &[3], &mut rng)],
        )
        .kw("axis", Kw::Int(1)),
        expected: AxisE,
    });
    out
}

fn linalg_outer_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    shape_errors(
        dtype,
        seed,
        &[
            ("a 2-d operand", &[2], &[2, 2], ValueE),
            ("a 0-d operand", &[], &[2], ValueE),
        ],
    )
}

fn matrix_transpose_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    [&[3usize][..], &[]]
        .iter()
        .map(|s| ErrorInput {
            sample: Sample::new(
                "error",
                format!("a {}-d array", s.len()),
                vec![t(dtype, s, &mut rng)],
            ),
            expected: ValueE,
        })
        .collect()
}

/// The operands of a sample as tensors (for the comparison's terms).
fn pair_of(s: &Sample) -> Res<(Tensor, Tensor)> {
    match (s.args.first(), s.args.get(1)) {
        (Some(a), Some(b)) => Ok((
            operand("terms", a).map_err(|e| e.to_string())?,
            operand("terms", b).map_err(|e| e.to_string())?,
        )),
        _ => Err("a product has two operands".into()),
    }
}

/// A 0-d operand of `dot`/`inner` multiplies: one term per element.
fn scalar_terms(a: &Tensor, b: &Tensor) -> Res<Terms> {
    let (rows, cols) = (values(a)?, values(b)?);
    let a0 = a.ndim() == 0;
    Ok(Terms {
        rows,
        cols,
        k: 1,
        pair: Box::new(move |e| if a0 { (0, e) } else { (e, 0) }),
    })
}

/// Rows of `a` (flattened leading dims) against rows of `cols`, every pair, `C` columns.
fn grid(rows: Vec<Cf64>, cols: Vec<Cf64>, k: usize) -> Terms {
    let c = cols.len().checked_div(k).unwrap_or(0).max(1);
    Terms {
        rows,
        cols,
        k,
        pair: Box::new(move |e| (e / c, e % c)),
    }
}

fn matmul_terms(s: &Sample, w: &Tensor) -> Res<Terms> {
    let (a, b) = pair_of(s)?;
    // The result is the stack, then n unless a is 1-D, then m unless b is 1-D.
    let core = usize::from(a.ndim() > 1) + usize::from(b.ndim() > 1);
    let nb = w
        .ndim()
        .checked_sub(core)
        .ok_or("result has too few dimensions")?;
    let batch = &w.shape()[..nb];
    let n = if a.ndim() > 1 {
        a.shape()[a.ndim() - 2]
    } else {
        1
    };
    let k = a.shape()[a.ndim() - 1];
    let m = if b.ndim() > 1 {
        b.shape()[b.ndim() - 1]
    } else {
        1
    };
    let lift = |t: &Tensor, rows: usize| -> Res<Tensor> {
        let mut core: Vec<isize> = t.shape().iter().map(|&d| d as isize).collect();
        if t.ndim() == 1 {
            core.insert(if rows == 1 { 0 } else { 1 }, 1);
        }
        t.reshape(&core).map_err(|e| e.to_string())
    };
    // Rows: a's stacked rows; columns: b's columns, each as a row of k (b transposed).
    let mut sa = batch.to_vec();
    sa.extend([n, k]);
    let rows = moved(&lift(&a, 1)?, -1, &sa)?;
    let mut sb = batch.to_vec();
    sb.extend([m, k]);
    let cols = moved(&lift(&b, k)?, -2, &sb)?;
    Ok(Terms {
        rows,
        cols,
        k,
        pair: Box::new(move |e| {
            let (mat, r) = (e / (n * m), e % (n * m));
            (mat * n + r / m, mat * m + r % m)
        }),
    })
}

fn dot_terms(s: &Sample, _: &Tensor) -> Res<Terms> {
    let (a, b) = pair_of(s)?;
    if a.ndim() == 0 || b.ndim() == 0 {
        return scalar_terms(&a, &b);
    }
    let k = a.shape()[a.ndim() - 1];
    let bax = b.ndim().saturating_sub(2) as isize;
    let mut sb: Vec<usize> = b.shape().to_vec();
    sb.remove(bax as usize);
    sb.push(k);
    Ok(grid(values(&a)?, moved(&b, bax, &sb)?, k))
}

fn inner_terms(s: &Sample, _: &Tensor) -> Res<Terms> {
    let (a, b) = pair_of(s)?;
    if a.ndim() == 0 || b.ndim() == 0 {
        return scalar_terms(&a, &b);
    }
    Ok(grid(values(&a)?, values(&b)?, a.shape()[a.ndim() - 1]))
}

fn vdot_terms(s: &Sample, _: &Tensor) -> Res<Terms> {
    let (a, b) = pair_of(s)?;
    let rows: Vec<Cf64> = values(&a)?.iter().map(|z| z.conj()).collect();
    let k = rows.len();
    Ok(Terms {
        rows,
        cols: values(&b)?,
        k,
        pair: Box::new(|_| (0, 0)),
    })
}

fn vecdot_terms(s: &Sample, w: &Tensor) -> Res<Terms> {
    let (a, b) = pair_of(s)?;
    let axis = match kwargs::get(&s.kwargs, "axis") {
        Some(Kw::Int(x)) => *x as isize,
        _ => -1,
    };
    let ax = |t: &Tensor| {
        backends::layout::normalize_axis("vecdot", axis, t.ndim()).map_err(|e| e.to_string())
    };
    let k = a.shape()[ax(&a)?];
    let mut shape = w.shape().to_vec();
    shape.push(k);
    let rows: Vec<Cf64> = moved(&a, ax(&a)? as isize, &shape)?
        .iter()
        .map(|z| z.conj())
        .collect();
    Ok(Terms {
        rows,
        cols: moved(&b, ax(&b)? as isize, &shape)?,
        k,
        pair: Box::new(|e| (e, e)),
    })
}

fn matmul_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    dot_bound::compare(s, g, w, matmul_terms)
}
pub(crate) fn dot_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    dot_bound::compare(s, g, w, dot_terms)
}
fn inner_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    dot_bound::compare(s, g, w, inner_terms)
}
fn vdot_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    dot_bound::compare(s, g, w, vdot_terms)
}
fn vecdot_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    dot_bound::compare(s, g, w, vecdot_terms)
}

/// The templates of the linalg family (`broadcasting` only for the ops that broadcast).
pub(crate) fn linalg_checks(broadcasts: bool) -> Vec<&'static str> {
    let mut v = vec![
        "reference",
        "result_dtype",
        "noncontiguous",
        "variants",
        "dtypes",
        "errors",
        "broadcasting",
        "extremal",
        "cross_device",
        "determinism",
    ];
    if !broadcasts {
        v.retain(|t| *t != "broadcasting");
    }
    v
}

/// The generators of one record.
pub(crate) struct RecordGens {
    /// `reference`.
    pub sample: Gen,
    /// `noncontiguous`.
    pub noncontiguous: Gen,
    /// `broadcasting`, for the ops that broadcast.
    pub broadcasting: Option<Gen>,
    /// `extremal`.
    pub extremal: Gen,
    /// `errors`.
    pub errors: crate::record::ErrorGen,
    /// `result_dtype`.
    pub result_dtype: Gen,
}

/// A record on the host for every dtype (no CUDA kernels yet: absent there), compared by
/// `compare` (a dot-product bound) or, with `None`, as the ufunc `multiply` / a view is.
pub(crate) fn record(
    name: &'static str,
    nin: usize,
    engine: crate::record::EngineFn,
    gens: RecordGens,
    compare: Option<crate::record::CustomCompare>,
    bf16_native: bool,
) -> OpInfo {
    let mut r = crate::ops::ufunc(name, nin, &DType::ALL);
    r.family = Family::Linalg;
    r.reference = Reference::Numpy(name);
    r.engine = engine;
    r.method = Some(engine);
    r.inplace = None;
    r.dtypes = vec![("cpu", DType::ALL.to_vec())];
    // NumPy's matmul and vecdot take out=, which the engine's do not yet: not claimed.
    r.variants = Variants {
        method: true,
        inplace: false,
        out: false,
    };
    r.scalar_operands = false;
    r.weak_int_overflow = false;
    match compare {
        Some(c) => {
            r.compare = Compare::Custom(c);
            r.precision = Precision::Tol(
                "a sum's rounding depends on its order (BLAS's): compared against the \
                 dot-product error bound (see opinfo::dot_bound)",
            );
        }
        None if nin == 1 => r.precision = Precision::Ulp(UlpBound::EXACT),
        None => r.precision = Precision::Ulp(crate::ulp::numpy_ulp("multiply")),
    }
    r.checks = linalg_checks(gens.broadcasting.is_some());
    r.gens = Gens {
        sample: gens.sample,
        noncontiguous: gens.noncontiguous,
        broadcasting: gens.broadcasting.unwrap_or(gens.sample),
        extremal: gens.extremal,
        errors: gens.errors,
        result_dtype: gens.result_dtype,
        extra: Vec::new(),
    };
    // ml_dtypes' rules decide bfloat16's result dtype (matmul promotes it, dot keeps it).
    r.bf16_native_reference = bf16_native;
    r
}

/// `np.outer` accepts any shapes (it flattens them): no error inputs.
fn no_errors(_: &OpInfo, _: DType, _: u64) -> Vec<ErrorInput> {
    Vec::new()
}

/// Stepped, reversed, zero-stride and offset 1-D operands.
fn linalg_outer_noncontiguous(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut r = |n: usize| random(dtype, &[n], &mut rng, Domain::Any);
    let views = [
        ("stepped", r(10).slice(&[Slice::step(2)])),
        ("reversed", r(4).slice(&[Slice::step(-1)])),
        ("zero-stride", r(1).broadcast_to(&[5])),
        ("offset", r(6).slice(&[Slice::new(Some(2), None, 1)])),
    ];
    let views: Vec<(&str, Tensor)> = views
        .into_iter()
        .map(|(n, v)| (n, v.expect("a valid view")))
        .collect();
    (0..views.len())
        .map(|i| {
            let (a, b) = (&views[i], &views[(i + 1) % views.len()]);
            Sample::new(
                "noncontiguous",
                format!("{} x {}", a.0, b.0),
                vec![Arg::Tensor(a.1.clone()), Arg::Tensor(b.1.clone())],
            )
        })
        .collect()
}

/// The products' records.
pub fn records() -> Vec<OpInfo> {
    let mut v = vec![
        record(
            "matmul",
            2,
            |op, s| binary(op, s, Tensor::matmul),
            RecordGens {
                sample: matmul_samples,
                noncontiguous: contracting_noncontiguous,
                broadcasting: Some(matmul_broadcasting),
                extremal: contracting_extremal,
                errors: matmul_errors,
                result_dtype: matmul_result_dtype,
            },
            Some(matmul_compare),
            true,
        ),
        record(
            "dot",
            2,
            |op, s| binary(op, s, Tensor::dot),
            RecordGens {
                sample: dot_samples,
                noncontiguous: contracting_noncontiguous,
                broadcasting: None,
                extremal: contracting_extremal,
                errors: dot_errors,
                result_dtype: dot_result_dtype,
            },
            Some(dot_compare),
            true,
        ),
        record(
            "inner",
            2,
            |op, s| binary(op, s, Tensor::inner),
            RecordGens {
                sample: inner_samples,
                noncontiguous: pairwise_noncontiguous,
                broadcasting: None,
                extremal: rowwise_extremal,
                errors: inner_errors,
                result_dtype: rowwise_result_dtype,
            },
            Some(inner_compare),
            true,
        ),
        record(
            "vdot",
            2,
            |op, s| binary(op, s, Tensor::vdot),
            RecordGens {
                sample: vdot_samples,
                noncontiguous: pairwise_noncontiguous,
                broadcasting: None,
                extremal: vdot_extremal,
                errors: vdot_errors,
                result_dtype: rowwise_result_dtype,
            },
            Some(vdot_compare),
            true,
        ),
        record(
            "linalg.vecdot",
            2,
            vecdot_call,
            RecordGens {
                sample: vecdot_samples,
                noncontiguous: pairwise_noncontiguous,
                broadcasting: Some(vecdot_broadcasting),
                extremal: rowwise_extremal,
                errors: vecdot_errors,
                result_dtype: vecdot_result_dtype,
            },
            Some(vecdot_compare),
            true,
        ),
        record(
            "tensordot",
            2,
            tensordot_call,
            RecordGens {
                sample: tensordot_samples,
                noncontiguous: tensordot_noncontiguous,
                broadcasting: None,
                extremal: tensordot_extremal,
                errors: tensordot_errors,
                result_dtype: tensordot_result_dtype,
            },
            Some(tensordot_compare),
            true,
        ),
        record(
            "outer",
            2,
            |op, s| binary(op, s, Tensor::outer),
            RecordGens {
                sample: outer_samples,
                noncontiguous: pairwise_noncontiguous,
                broadcasting: None,
                extremal: single_extremal,
                errors: no_errors,
                result_dtype: outer_result_dtype,
            },
            None,
            false,
        ),
        record(
            "linalg.outer",
            2,
            |op, s| binary(op, s, Tensor::linalg_outer),
            RecordGens {
                sample: linalg_outer_samples,
                noncontiguous: linalg_outer_noncontiguous,
                broadcasting: None,
                extremal: single_extremal,
                errors: linalg_outer_errors,
                result_dtype: outer_result_dtype,
            },
            None,
            false,
        ),
        record(
            "linalg.matrix_transpose",
            1,
            matrix_transpose_call,
            RecordGens {
                sample: matrix_transpose_samples,
                noncontiguous: pairwise_noncontiguous,
                broadcasting: None,
                extremal: single_extremal,
                errors: matrix_transpose_errors,
                result_dtype: unary_result_dtype,
            },
            None,
            false,
        ),
    ];
    for r in &mut v {
        if r.name == "outer" {
            r.checks.retain(|c| *c != "errors");
        }
    }
    v
}
