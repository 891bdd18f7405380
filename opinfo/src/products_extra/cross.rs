//! The records of `cross` and `linalg.cross`: 3-vectors, 2-vectors (deprecated in NumPy 2: a
//! DeprecationWarning, which the reference layer silences, and a value) and their mixes,
//! broadcast stacks, `axisa=`/`axisb=`/`axisc=`/`axis=`, empty stacks, one stack past the
//! parallel threshold, strided views, mixed dtypes, every pair of extremal values in each
//! component; NumPy's errors (0-d operands, vectors of another length, stacks that do not
//! broadcast, axes out of range, bool's TypeError). Compared within the bound of
//! [`super::cross_bound`].

use super::cross_bound::{self, Axes};
use crate::kwargs::{self, Kw};
use crate::products::{mixed, operands, record, t, RecordGens};
use crate::record::OpInfo;
use crate::rng::Rng;
use crate::samples::{extremal_values, random, strided, tensor_from_hubs, ErrorInput, Sample};
use crate::Domain;
use backends::element::Hub;
use backends::linalg::cross::CrossAxes;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

/// An int keyword (absent: `default`).
fn int_kw(op: &'static str, s: &Sample, name: &str, default: isize) -> Result<isize> {
    match kwargs::get(&s.kwargs, name) {
        None => Ok(default),
        Some(Kw::Int(a)) => Ok(*a as isize),
        Some(v) => Err(Error::Type {
            op,
            msg: format!("{name}={} is not an integer", kwargs::show(v)),
        }),
    }
}

/// `np.cross`'s keywords: `axis=` (when given and not None) overrides the other three.
fn cross_axes(op: &'static str, s: &Sample) -> Result<CrossAxes> {
    match kwargs::get(&s.kwargs, "axis") {
        None | Some(Kw::None) => Ok(CrossAxes {
            axisa: int_kw(op, s, "axisa", -1)?,
            axisb: int_kw(op, s, "axisb", -1)?,
            axisc: int_kw(op, s, "axisc", -1)?,
        }),
        Some(_) => Ok(CrossAxes::all(int_kw(op, s, "axis", -1)?)),
    }
}

fn cross_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &["axisa", "axisb", "axisc", "axis"])?;
    x[0].cross(&x[1], cross_axes(op.name, s)?).map(|t| vec![t])
}

fn linalg_cross_call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operands(op, s, &["axis"])?;
    x[0].linalg_cross(&x[1], int_kw(op.name, s, "axis", -1)?)
        .map(|t| vec![t])
}

/// A sample of two random operands with keywords.
fn mk(dtype: DType, rng: &mut Rng, a: &[usize], b: &[usize], kw: &[(&'static str, i64)]) -> Sample {
    kw.iter().fold(
        Sample::new(
            "sample",
            format!("{a:?} x {b:?}"),
            vec![t(dtype, a, rng), t(dtype, b, rng)],
        ),
        |s, (k, v)| s.kw(k, Kw::Int(*v)),
    )
}

/// The 3-vector samples both records share (`axis=` as `linalg.cross` spells it).
fn three_vectors(dtype: DType, rng: &mut Rng) -> Vec<Sample> {
    vec![
        mk(dtype, rng, &[3], &[3], &[]),
        mk(dtype, rng, &[4, 3], &[4, 3], &[]),
        mk(dtype, rng, &[2, 1, 3], &[5, 3], &[]),
        mk(dtype, rng, &[3], &[2, 3], &[]),
        mk(dtype, rng, &[3, 4], &[3, 4], &[("axis", 0)]),
        mk(dtype, rng, &[3, 2], &[3], &[("axis", 0)]),
        mk(dtype, rng, &[2, 3, 4], &[2, 3, 1], &[("axis", -2)]),
        mk(dtype, rng, &[0, 3], &[0, 3], &[]),
        mk(dtype, rng, &[2, 0, 3], &[1, 3], &[]),
        mk(dtype, rng, &[30000, 3], &[30000, 3], &[]),
    ]
}

/// Mixed dtypes: int8 and float64 beside the trial's dtype.
fn mixed_values(dtype: DType, rng: &mut Rng) -> Vec<Sample> {
    [DType::I8, DType::F64]
        .into_iter()
        .map(|o| {
            Sample::new(
                "sample",
                format!("{} x {} [4, 3] x [3]", dtype.name(), o.name()),
                vec![
                    t(dtype, &[4, 3], rng),
                    Arg::Tensor(random(o, &[3], rng, Domain::Any)),
                ],
            )
        })
        .collect()
}

fn cross_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let r = &mut rng;
    let mut out = three_vectors(dtype, r);
    out.extend([
        // 2-vectors: the z component alone, and 2 x 3 / 3 x 2 mixes (a2 or b2 = 0).
        mk(dtype, r, &[2], &[2], &[]),
        mk(dtype, r, &[4, 2], &[4, 2], &[]),
        mk(
            dtype,
            r,
            &[2, 5],
            &[2, 5],
            &[("axisa", 0), ("axisb", 0), ("axisc", 5)],
        ),
        mk(dtype, r, &[2], &[3], &[]),
        mk(dtype, r, &[4, 3], &[4, 2], &[]),
        mk(dtype, r, &[2, 2], &[3], &[]),
        mk(dtype, r, &[0, 2], &[3], &[]),
        // The three axes apart.
        mk(dtype, r, &[3, 4], &[4, 3], &[("axisa", 0)]),
        mk(dtype, r, &[2, 3, 4], &[3], &[("axisa", 1), ("axisc", 0)]),
        mk(dtype, r, &[4, 2], &[3, 4], &[("axisb", 0), ("axisc", -2)]),
    ]);
    out.extend(mixed_values(dtype, r));
    out
}

fn linalg_cross_samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = three_vectors(dtype, &mut rng);
    out.extend(mixed_values(dtype, &mut rng));
    out
}

/// Strided `[3, 4]` views as 3-vectors along axis 0, against the next kind of view.
fn noncontiguous(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let names = crate::samples::STRIDED;
    (0..names.len())
        .map(|k| {
            let a = strided(dtype, k, &mut rng, Domain::Any);
            let b = strided(dtype, k + 1, &mut rng, Domain::Any);
            Sample::new(
                "noncontiguous",
                format!("{} x {}", names[k], names[(k + 1) % names.len()]),
                vec![Arg::Tensor(a), Arg::Tensor(b)],
            )
            .kw("axis", Kw::Int(0))
        })
        .collect()
}

/// The value of `dtype` beside an extremal one.
fn companion(dtype: DType) -> Hub {
    if dtype.is_inexact() {
        Hub::Float(1.5)
    } else {
        Hub::Int(3)
    }
}

/// Every pair `(x, y)` of extremal values in each component: rows `(x, h, y)` against
/// `(y, x, h)` give `h h - y x`, `y y - x h` and `x x - h y`; as 2-vectors `(x, y)` against
/// `(y, h)`, `x h - y y`.
fn extremal(dtype: DType, threes_only: bool) -> Vec<Sample> {
    let v = extremal_values(dtype, Domain::Any);
    let h = companion(dtype);
    let pairs: Vec<(Hub, Hub)> = v
        .iter()
        .flat_map(|&x| v.iter().map(move |&y| (x, y)))
        .collect();
    let n = pairs.len();
    let rows = |f: &dyn Fn(Hub, Hub) -> Vec<Hub>, width: usize| {
        let hubs: Vec<Hub> = pairs.iter().flat_map(|&(x, y)| f(x, y)).collect();
        Arg::Tensor(tensor_from_hubs(dtype, &[n, width], &hubs))
    };
    let mut out = vec![Sample::new(
        "extremal",
        format!("{n} pairs of extremal values, 3-vectors"),
        vec![
            rows(&|x, y| vec![x, h, y], 3),
            rows(&|x, y| vec![y, x, h], 3),
        ],
    )];
    if !threes_only {
        out.push(Sample::new(
            "extremal",
            format!("{n} pairs of extremal values, 2-vectors"),
            vec![rows(&|x, y| vec![x, y], 2), rows(&|_, y| vec![y, h], 2)],
        ));
        out.push(Sample::new(
            "extremal",
            format!("{n} pairs of extremal values, 2-vectors x 3-vectors"),
            vec![rows(&|x, y| vec![x, y], 2), rows(&|x, y| vec![y, x, h], 3)],
        ));
    }
    out
}

fn cross_extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    extremal(dtype, false)
}
fn linalg_cross_extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    extremal(dtype, true)
}

/// Pairs of every other dtype with the trial's (NumPy's `promote_types`: ml_dtypes' bfloat16
/// has no common dtype with the wider integers and float16, a TypeError on both sides).
fn result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    mixed(d, seed, &[3], &[3], false)
}

/// An error input of two random operands.
fn err(
    dtype: DType,
    rng: &mut Rng,
    what: &str,
    (a, b): (&[usize], &[usize]),
    kw: &[(&'static str, i64)],
    expected: ErrorKind,
) -> ErrorInput {
    let mut s = mk(dtype, rng, a, b, kw);
    s.kind = "error";
    s.description = format!("{what}: {}", s.description);
    ErrorInput {
        sample: s,
        expected,
    }
}

/// bool operands, which NumPy's boolean `subtract` (3-vectors, two 2-vectors) and `negative`
/// (a 2- and a 3-vector) refuse, even when empty.
fn bool_errors(rng: &mut Rng, shapes: &[(&[usize], &[usize])]) -> Vec<ErrorInput> {
    shapes
        .iter()
        .map(|&p| err(DType::Bool, rng, "bool", p, &[], ErrorKind::Type))
        .collect()
}

fn cross_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    use ErrorKind::{Axis, Value};
    let mut rng = Rng::new(seed);
    let r = &mut rng;
    let mut out = vec![
        err(dtype, r, "a 0-d operand", (&[], &[3]), &[], Value),
        err(dtype, r, "4-vectors", (&[4], &[3]), &[], Value),
        err(dtype, r, "1-vectors", (&[3], &[1]), &[], Value),
        err(dtype, r, "do not broadcast", (&[2, 3], &[3, 3]), &[], Value),
        err(dtype, r, "axisa", (&[3], &[3]), &[("axisa", 1)], Axis),
        err(dtype, r, "axisb", (&[3], &[3]), &[("axisb", -2)], Axis),
        err(dtype, r, "axisc", (&[3], &[3]), &[("axisc", 1)], Axis),
        err(dtype, r, "axis", (&[3], &[2, 3]), &[("axis", 1)], Axis),
    ];
    out.extend(bool_errors(
        r,
        &[
            (&[3], &[3]),
            (&[2], &[2]),
            (&[2], &[3]),
            (&[3], &[2]),
            (&[0, 3], &[0, 3]),
        ],
    ));
    out
}

fn linalg_cross_errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    use ErrorKind::{Index, Value};
    let mut rng = Rng::new(seed);
    let r = &mut rng;
    let mut out = vec![
        err(dtype, r, "a 2-vector", (&[2], &[3]), &[], Value),
        err(dtype, r, "a 2-vector second", (&[3], &[2]), &[], Value),
        err(dtype, r, "2-vectors", (&[2], &[2]), &[], Value),
        err(
            dtype,
            r,
            "axis out of range",
            (&[3], &[3]),
            &[("axis", 1)],
            Index,
        ),
        err(dtype, r, "0-d", (&[], &[3]), &[], Index),
        err(dtype, r, "0-d second", (&[2], &[]), &[], Index),
        err(dtype, r, "do not broadcast", (&[4, 3], &[2, 3]), &[], Value),
    ];
    out.extend(bool_errors(r, &[(&[3], &[3]), (&[0, 3], &[0, 3])]));
    out
}

/// The operands and vector axes of a sample, as the comparison reads them.
fn cross_parts(s: &Sample, linalg: bool) -> Res<(Tensor, Tensor, Axes)> {
    let (a, b) = match (s.tensor(0), s.tensor(1)) {
        (Some(a), Some(b)) => (a.clone(), b.clone()),
        _ => return Err("cross has two array operands".into()),
    };
    let x = if linalg {
        CrossAxes::all(int_kw("cross", s, "axis", -1).map_err(|e| e.to_string())?)
    } else {
        cross_axes("cross", s).map_err(|e| e.to_string())?
    };
    Ok((a, b, (x.axisa, x.axisb, x.axisc)))
}

fn cross_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    let (a, b, axes) = cross_parts(s, false)?;
    cross_bound::compare(&a, &b, axes, g, w)
}
fn linalg_cross_compare(s: &Sample, g: &[Tensor], w: &[Tensor]) -> Res<()> {
    let (a, b, axes) = cross_parts(s, true)?;
    cross_bound::compare(&a, &b, axes, g, w)
}

/// A cross record: every dtype but bool (NumPy's TypeError), compared by `compare`.
fn cross_record(
    name: &'static str,
    engine: crate::record::EngineFn,
    gens: RecordGens,
    compare: crate::record::CustomCompare,
) -> OpInfo {
    let mut r = record(name, 2, engine, gens, Some(compare), true);
    r.dtypes = vec![(
        "cpu",
        DType::ALL
            .iter()
            .copied()
            .filter(|&d| d != DType::Bool)
            .collect(),
    )];
    r.precision = crate::record::Precision::Tol(
        "a difference of two rounded products: compared within its error bound (see \
         opinfo::products_extra::cross_bound)",
    );
    r
}

/// The records.
pub(crate) fn records() -> Vec<OpInfo> {
    vec![
        cross_record(
            "cross",
            cross_call,
            RecordGens {
                sample: cross_samples,
                noncontiguous,
                broadcasting: None,
                extremal: cross_extremal,
                errors: cross_errors,
                result_dtype,
            },
            cross_compare,
        ),
        cross_record(
            "linalg.cross",
            linalg_cross_call,
            RecordGens {
                sample: linalg_cross_samples,
                noncontiguous,
                broadcasting: None,
                extremal: linalg_cross_extremal,
                errors: linalg_cross_errors,
                result_dtype,
            },
            linalg_cross_compare,
        ),
    ]
}
