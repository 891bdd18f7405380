//! The `numpy.fft` records of the n-dimensional transforms: `fftn`, `ifftn`, `rfftn`,
//! `irfftn` (every axis by default) and `fft2`, `ifft2`, `rfft2`, `irfft2` (the last two), each
//! with `s` (cropping and zero-padding per axis, `-1` for the whole length), `axes` and `norm`.
//!
//! They ride on the reduction family with NumPy's `axes=` keyword ([`ReductionInfo`]'s
//! `axes_keyword`): the family's axis samples (every single axis, unsorted and duplicated
//! tuples, the empty tuple, out-of-range axes, `axes=None`) become `axes=` sequences, and the
//! records add their own `s` sets and error inputs. They are compared block by block over the
//! transformed axes with the one-dimensional records' norm-wise bound, its `log2 n` summed
//! over the axes ([`crate::fft::compare_over`]).

use crate::fft::{compare_over, extremal, norm, ALL, REAL};
use crate::kwargs::{self, Kw};
use crate::record::{Compare, KwSet, OpInfo, Precision, ReductionInfo};
use crate::samples::{random, ErrorInput, Sample};
use backends::ops::fft::FftNorm;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

/// `s` with its `axes` (never `s` alone: NumPy 2 deprecates it), repeated axes, the empty
/// tuple and every `norm`, tried on the `[3, 4]` sample and in `axes`.
fn nd_sets(_: DType) -> Vec<KwSet> {
    let ints = |v: &[i64]| Kw::Ints(v.to_vec());
    vec![
        vec![("s", ints(&[2, 5])), ("axes", ints(&[0, 1]))],
        vec![("s", ints(&[4, -1])), ("axes", ints(&[0, 1]))],
        vec![("s", ints(&[1, 1])), ("axes", ints(&[1, 0]))],
        vec![("s", ints(&[7])), ("axes", ints(&[0]))],
        vec![("s", ints(&[3, 8])), ("axes", ints(&[-1, -2]))],
        vec![("s", ints(&[5, 2, 3])), ("axes", ints(&[1, 0, 1]))],
        vec![("axes", ints(&[0, 0]))],
        vec![("axes", ints(&[-1, -2]))],
        vec![("axes", ints(&[1]))],
        vec![("axes", ints(&[]))],
        vec![("norm", Kw::Str("ortho"))],
        vec![("norm", Kw::Str("forward"))],
        vec![("norm", Kw::None)],
        vec![
            ("s", ints(&[6, 9])),
            ("axes", ints(&[0, 1])),
            ("norm", Kw::Str("ortho")),
        ],
        vec![
            ("s", ints(&[3, 4])),
            ("axes", ints(&[1, 0])),
            ("norm", Kw::Str("forward")),
        ],
        vec![("s", Kw::None)],
    ]
}

/// `np.fft.fftn`-like: `axes=` a sequence (default every axis), `s`, `norm`.
const FFTN: ReductionInfo = ReductionInfo {
    tuple_axis: true,
    axis_none_default: true,
    keepdims: false,
    dtype: false,
    initial: false,
    where_: false,
    where_needs_initial: false,
    cumulative: true,
    ordered: false,
    axes_keyword: true,
    extra_kwargs: nd_sets,
    base_kwargs: crate::record::no_base_kwargs,
};

/// `np.fft.fft2`-like: the default `axes` is `(-2, -1)`, so `axes=None` is said explicitly.
const FFT2: ReductionInfo = ReductionInfo {
    axis_none_default: false,
    ..FFTN
};

/// An n-dimensional engine call: `(x, s, axes, norm)`.
type Transform = fn(&Tensor, Option<&[i64]>, Option<&[isize]>, FftNorm) -> Result<Tensor>;

/// A sequence keyword (`s`, `axes`): absent and `None` are `None`; an int is NumPy's TypeError
/// (it cannot be iterated).
fn ints(op: &'static str, s: &Sample, name: &str) -> Result<Option<Vec<i64>>> {
    match kwargs::get(&s.kwargs, name) {
        None | Some(Kw::None) => Ok(None),
        Some(Kw::Ints(v)) => Ok(Some(v.clone())),
        Some(v) => Err(Error::Type {
            op,
            msg: format!("{name}={} is not a sequence of ints", kwargs::show(v)),
        }),
    }
}

/// Calls the transform with the sample's `s`, `axes` and `norm`: `default` when `axes` is
/// absent or a sequence, `every` when it is `None` (every axis, also for `fft2`).
fn call(op: &OpInfo, smp: &Sample, default: Transform, every: Transform) -> Result<Vec<Tensor>> {
    crate::statistics::only(op.name, smp, &["s", "axes", "norm"])?;
    let x = smp.tensor(0).ok_or(Error::Type {
        op: op.name,
        msg: "the first argument must be an array".into(),
    })?;
    let s = ints(op.name, smp, "s")?;
    let axes: Option<Vec<isize>> =
        ints(op.name, smp, "axes")?.map(|v| v.iter().map(|&a| a as isize).collect());
    let f = match kwargs::get(&smp.kwargs, "axes") {
        Some(Kw::None) => every,
        _ => default,
    };
    f(x, s.as_deref(), axes.as_deref(), norm(op.name, smp)?).map(|t| vec![t])
}

/// The axes a sample transforms, in NumPy's order, normalised: `axes=`, else `default` (every
/// axis when `None`, or the last `len(s)`).
fn transformed(s: &Sample, nd: usize, default: Option<&[i64]>) -> Vec<usize> {
    let given: Option<Vec<i64>> = match kwargs::get(&s.kwargs, "axes") {
        Some(Kw::Ints(v)) => Some(v.clone()),
        Some(Kw::None) => None,
        _ => default.map(<[i64]>::to_vec),
    };
    let len = match kwargs::get(&s.kwargs, "s") {
        Some(Kw::Ints(v)) => v.len(),
        _ => nd,
    };
    let n = nd as i64;
    given
        .unwrap_or_else(|| (-(len as i64)..0).collect())
        .iter()
        .map(|&a| if a < 0 { a + n } else { a } as usize)
        .collect()
}

/// The comparison of the n-dimensional transforms over their axes (the last two for the `2`
/// spellings). For the inverse real transforms (`C2R`), whose final step keeps only the
/// Hermitian part of what the complex steps before it computed, the bound's scale also
/// carries the input's norm through every step ([`c2r_gain`]): a block that cancels to
/// nearly zero is still as uncertain as the steps' rounding made it.
fn compare_nd<const TWO: bool, const C2R: bool>(
    s: &Sample,
    got: &[Tensor],
    want: &[Tensor],
) -> std::result::Result<(), String> {
    let nd = want.first().map_or(0, Tensor::ndim);
    let axes = transformed(s, nd, TWO.then_some(&[-2, -1][..]));
    let input = match (C2R, s.args.first(), want.first()) {
        (true, Some(Arg::Tensor(x)), Some(w)) => Some((x, c2r_gain(s, x, w, &axes))),
        _ => None,
    };
    compare_over(got, want, &axes, input)
}

/// The most `irfftn` can grow an input's 2-norm by along `axes`: `sqrt(n_i)` per unnormalised
/// step of length `n_i`, times the step's normalisation (`1/n_i` backward, `1/sqrt(n_i)`
/// ortho, `1` forward), times `sqrt(2)` for the final step's Hermitian extension.
fn c2r_gain(s: &Sample, x: &Tensor, w: &Tensor, axes: &[usize]) -> f64 {
    let given = match kwargs::get(&s.kwargs, "s") {
        Some(Kw::Ints(v)) => Some(v.clone()),
        _ => None,
    };
    let last = axes.len().saturating_sub(1);
    let norm = match kwargs::get(&s.kwargs, "norm") {
        Some(Kw::Str(n)) => *n,
        _ => "backward",
    };
    axes.iter()
        .enumerate()
        .map(|(i, &a)| {
            let n = match given.as_ref().and_then(|v| v.get(i)) {
                Some(&len) if len >= 1 => len as f64,
                _ if i == last => w.shape().get(a).copied().unwrap_or(1) as f64,
                _ => x.shape().get(a).copied().unwrap_or(1) as f64,
            }
            .max(1.0);
            let factor = match norm {
                "ortho" => 1.0 / n.sqrt(),
                "forward" => 1.0,
                _ => 1.0 / n,
            };
            let hermitian = if i == last { 2f64.sqrt() } else { 1.0 };
            n.sqrt() * factor * hermitian
        })
        .product()
}

/// The error inputs: an `s` entry below 1 (`0`, and `-2`, which is not the `-1` placeholder),
/// `s` and `axes` of different lengths, axes past the input's dimensions (with and without
/// `s`), an unknown `norm`; for the real transforms no axes at all, and for the `*2` forms a
/// 1-d input (their default axes need two).
fn errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = crate::rng::Rng::new(seed ^ 0xff8);
    let t = random(dtype, &[2, 4], &mut rng, crate::record::Domain::Any);
    let ints = |v: &[i64]| Kw::Ints(v.to_vec());
    let mk = |what: &str, kws: KwSet, expected| ErrorInput {
        sample: kws.into_iter().fold(
            Sample::new("error", what, vec![Arg::Tensor(t.clone())]),
            |s, (k, v)| s.kw(k, v),
        ),
        expected,
    };
    let mut out = crate::reduction_inputs::errors(op, dtype, seed);
    out.extend([
        mk(
            "s=(0, 4)",
            vec![("s", ints(&[0, 4])), ("axes", ints(&[0, 1]))],
            ErrorKind::Value,
        ),
        mk(
            "s=(3, -2)",
            vec![("s", ints(&[3, -2])), ("axes", ints(&[0, 1]))],
            ErrorKind::Value,
        ),
        mk(
            "s of length 1, axes of length 2",
            vec![("s", ints(&[3])), ("axes", ints(&[0, 1]))],
            ErrorKind::Value,
        ),
        mk(
            "axes=(2,) of a 2-d input",
            vec![("axes", ints(&[2]))],
            ErrorKind::Index,
        ),
        mk(
            "axes=(0, -3) of a 2-d input",
            vec![("axes", ints(&[0, -3]))],
            ErrorKind::Index,
        ),
        mk(
            "s=(3, 3), axes=(0, 2) of a 2-d input",
            vec![("s", ints(&[3, 3])), ("axes", ints(&[0, 2]))],
            ErrorKind::Index,
        ),
        mk(
            "norm='bad'",
            vec![("norm", Kw::Str("bad"))],
            ErrorKind::Value,
        ),
    ]);
    let real = op.name.starts_with("fft.rfft") || op.name.starts_with("fft.irfft");
    if real {
        out.push(mk("axes=()", vec![("axes", ints(&[]))], ErrorKind::Index));
    }
    if op.name.ends_with('2') {
        let v = random(dtype, &[5], &mut rng, crate::record::Domain::Any);
        out.push(ErrorInput {
            sample: Sample::new("error", "a 1-d input", vec![Arg::Tensor(v)]),
            expected: ErrorKind::Index,
        });
    }
    out
}

/// The one-dimensional records' extremal samples, their `n=k` as `s=(k,)` along the last axis.
fn extremal_nd(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut v = extremal(op, dtype, seed);
    for smp in &mut v {
        if let Some(k) = smp.kwargs.iter().position(|(name, _)| *name == "n") {
            if let (_, Kw::Int(n)) = smp.kwargs.remove(k) {
                smp.kwargs.push(("s", Kw::Ints(vec![n])));
                smp.kwargs.push(("axes", Kw::Ints(vec![-1])));
            }
        }
    }
    v
}

/// One transform's record.
fn record(
    name: &'static str,
    dtypes: &[DType],
    two: bool,
    engine: crate::record::EngineFn,
) -> OpInfo {
    let sig = if two { FFT2 } else { FFTN };
    let mut r = crate::reductions::red(name, dtypes, sig, engine).without_out();
    r.compare = Compare::Custom(match (two, name.starts_with("fft.irfft")) {
        (true, true) => compare_nd::<true, true>,
        (true, false) => compare_nd::<true, false>,
        (false, true) => compare_nd::<false, true>,
        (false, false) => compare_nd::<false, false>,
    });
    r.precision = Precision::Tol(
        "an FFT's rounding depends on its factorisation; compared norm-wise over the \
         transformed axes (see opinfo::fft)",
    );
    r.gens.errors = errors;
    r.gens.extremal = extremal_nd;
    // As for the one-dimensional records: NumPy's own bfloat16 rules, and no flag comparison.
    r.bf16_native_reference = true;
    r.checks.retain(|c| *c != "fp_flags");
    r
}

/// The n-dimensional `numpy.fft` records.
pub fn records() -> Vec<OpInfo> {
    vec![
        record("fft.fftn", &ALL, false, |op, s| {
            call(op, s, Tensor::fftn, Tensor::fftn)
        }),
        record("fft.ifftn", &ALL, false, |op, s| {
            call(op, s, Tensor::ifftn, Tensor::ifftn)
        }),
        record("fft.rfftn", REAL, false, |op, s| {
            call(op, s, Tensor::rfftn, Tensor::rfftn)
        }),
        record("fft.irfftn", &ALL, false, |op, s| {
            call(op, s, Tensor::irfftn, Tensor::irfftn)
        }),
        record("fft.fft2", &ALL, true, |op, s| {
            call(op, s, Tensor::fft2, Tensor::fftn)
        }),
        record("fft.ifft2", &ALL, true, |op, s| {
            call(op, s, Tensor::ifft2, Tensor::ifftn)
        }),
        record("fft.rfft2", REAL, true, |op, s| {
            call(op, s, Tensor::rfft2, Tensor::rfftn)
        }),
        record("fft.irfft2", &ALL, true, |op, s| {
            call(op, s, Tensor::irfft2, Tensor::irfftn)
        }),
    ]
}
