//! The `numpy.fft` records of the one-dimensional transforms: `fft`, `ifft`, `rfft`, `irfft`,
//! `hfft`, `ihfft`, each with `n` (cropping and zero-padding), `axis` and `norm`. They ride on
//! the reduction family (one array, an int `axis` defaulting to -1, the axis kept), with their
//! own keyword sets, error inputs and comparison.
//!
//! The comparison ([`compare`]) is norm-wise, as an FFT's error analysis is: along each
//! transformed row, `|got - want| <= C * eps * (log2(n) + 1) * ||want row||_2` plus one rounding
//! of the result and a subnormal quantum per operation, with `C = 4` (each side's Cooley-Tukey error is about `eps * log2(n)` of the
//! row's 2-norm, Higham §24.1; twice for the two sides, twice again for the twiddles' own
//! rounding). The sign of an exactly-zero part, and where in a row a non-finite input spreads
//! to NaN or infinity, depend on the butterfly order, which NumPy (pocketfft) leaves open: a row
//! NumPy returns with a non-finite value must come back with one too, and every other row
//! within the bound, with NaN, infinity and zero signs not compared element by element.

use crate::kwargs::{self, Kw};
use crate::record::{Compare, KwSet, OpInfo, Precision, ReductionInfo};
use crate::samples::{random, ErrorInput, Sample};
use crate::tolerance::{eps, min_subnormal as tiny};
use backends::element::Cf64;
use backends::ops::fft::FftNorm;
use backends::{DType, Error, ErrorKind, Result, Tensor};

use DType::*;

/// Every dtype: the complex transforms and the inverse real ones take any input.
pub(crate) const ALL: [DType; 15] = DType::ALL;
/// The real-input transforms refuse complex input (TypeError).
pub(crate) const REAL: &[DType] = &[
    Bool, I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64,
];

/// The `n` and `norm` sets tried on the `[3, 4]` sample and in `axes`: crop, pad, length 1, a
/// prime and every normalisation.
fn fft_sets(_: DType) -> Vec<KwSet> {
    vec![
        vec![("n", Kw::Int(1))],
        vec![("n", Kw::Int(2))],
        vec![("n", Kw::Int(7))],
        vec![("n", Kw::Int(8))],
        vec![("n", Kw::Int(12))],
        vec![("norm", Kw::Str("backward"))],
        vec![("norm", Kw::Str("ortho"))],
        vec![("norm", Kw::Str("forward"))],
        vec![("norm", Kw::None)],
        vec![("n", Kw::Int(5)), ("norm", Kw::Str("ortho"))],
        vec![("n", Kw::Int(9)), ("norm", Kw::Str("forward"))],
        vec![("n", Kw::None)],
    ]
}

/// `np.fft.fft`-like: axis an int (default -1), n, norm; no keepdims, dtype or out here.
const FFT: ReductionInfo = ReductionInfo {
    tuple_axis: false,
    axis_none_default: false,
    keepdims: false,
    dtype: false,
    initial: false,
    where_: false,
    where_needs_initial: false,
    cumulative: true,
    ordered: false,
    axes_keyword: false,
    extra_kwargs: fft_sets,
    base_kwargs: crate::record::no_base_kwargs,
};

/// A transform's engine call: `(x, n, axis, norm)`.
type Transform = fn(&Tensor, Option<i64>, isize, FftNorm) -> Result<Tensor>;

/// Calls `f` with the sample's array and its `n`, `axis` and `norm` keywords.
fn call(op: &OpInfo, s: &Sample, f: Transform) -> Result<Vec<Tensor>> {
    crate::statistics::only(op.name, s, &["n", "axis", "norm"])?;
    let x = s.tensor(0).ok_or(Error::Type {
        op: op.name,
        msg: "the first argument must be an array".into(),
    })?;
    let n = match kwargs::get(&s.kwargs, "n") {
        None | Some(Kw::None) => None,
        Some(_) => Some(kwargs::int(op.name, &s.kwargs, "n", 0)?),
    };
    let axis = kwargs::axis_int(op.name, &s.kwargs, Some(-1))?.ok_or(Error::Type {
        op: op.name,
        msg: "tuple indices must be integers or slices, not NoneType".into(),
    })?;
    f(x, n, axis, norm(op.name, s)?).map(|t| vec![t])
}

/// The sample's `norm=` (absent or None is `backward`).
pub(crate) fn norm(op: &'static str, s: &Sample) -> Result<FftNorm> {
    let name = match kwargs::get(&s.kwargs, "norm") {
        None | Some(Kw::None) => None,
        Some(Kw::Str(v)) => Some(*v),
        Some(v) => {
            return Err(Error::Value {
                op,
                msg: format!("Invalid norm value {}", kwargs::show(v)),
            })
        }
    };
    FftNorm::parse(op, name)
}

/// The error inputs of every transform: `n` below 1, an unknown `norm`, an axis past the
/// input's dimensions (NumPy's IndexError), a 0-d input.
fn errors(dtype: DType) -> Vec<ErrorInput> {
    let mut rng = crate::rng::Rng::new(0xff7);
    let t = random(dtype, &[2, 4], &mut rng, crate::record::Domain::Any);
    let mk = |what: &str, kws: KwSet, expected| ErrorInput {
        sample: kws.into_iter().fold(
            Sample::new("error", what, vec![backends::Arg::Tensor(t.clone())]),
            |s, (k, v)| s.kw(k, v),
        ),
        expected,
    };
    let zero_d = random(dtype, &[], &mut rng, crate::record::Domain::Any);
    vec![
        mk("n=0", vec![("n", Kw::Int(0))], ErrorKind::Value),
        mk("n=-3", vec![("n", Kw::Int(-3))], ErrorKind::Value),
        mk(
            "norm='bad'",
            vec![("norm", Kw::Str("bad"))],
            ErrorKind::Value,
        ),
        mk(
            "axis=2 of a 2-d input",
            vec![("axis", Kw::Int(2))],
            ErrorKind::Index,
        ),
        mk(
            "axis=-3 of a 2-d input",
            vec![("axis", Kw::Int(-3))],
            ErrorKind::Index,
        ),
        ErrorInput {
            sample: Sample::new("error", "a 0-d input", vec![backends::Arg::Tensor(zero_d)]),
            expected: ErrorKind::Index,
        },
    ]
}

/// The family's extremal samples, and each again with `norm="ortho"` and `norm="forward"`:
/// the scaled transforms are where the loop's precision decides whether a sum overflows.
pub(crate) fn extremal(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let base = crate::reduction_inputs::extremal(op, dtype, seed);
    let mut out = base.clone();
    for norm in ["ortho", "forward"] {
        out.extend(base.iter().cloned().map(|s| s.kw("norm", Kw::Str(norm))));
    }
    // 64 values of a sixteenth of the largest float: the sum overflows in the dtype's own
    // precision but not in float64, so `norm="forward"` tells which precision the loop ran in
    // (below the near-overflow range `fft-intermediate-overflow-near-max` declares).
    let top = match dtype.to_real() {
        F16 => Some(65504.0),
        BF16 => Some(3.3895313892515355e38),
        F32 => Some(f32::MAX as f64),
        F64 => Some(f64::MAX),
        _ => None,
    };
    if dtype.is_complex() {
        // NaN and infinity in the imaginary parts of the zero and Nyquist frequencies, which
        // the complex-to-real transforms never read (NumPy's irfft of these is finite), and
        // in the last coefficient of an odd-length transform, which they do read.
        let c = |re: f64, im: f64| backends::element::Hub::Complex(Cf64::new(re, im));
        let rows = [
            [
                c(0.0, 0.0),
                c(1.0, 0.0),
                c(0.0, 0.0),
                c(2.0, -1.0),
                c(0.0, f64::NAN),
            ],
            [
                c(1.0, f64::INFINITY),
                c(2.0, 0.5),
                c(3.0, 0.0),
                c(0.0, 0.0),
                c(-1.0, 0.0),
            ],
            [
                c(1.0, f64::NAN),
                c(2.0, 0.0),
                c(0.0, 0.0),
                c(1.0, 1.0),
                c(0.5, f64::NEG_INFINITY),
            ],
        ];
        let v: Vec<_> = rows.iter().flatten().cloned().collect();
        let t = crate::samples::tensor_from_hubs(dtype, &[3, 5], &v);
        let s = Sample::new(
            "extremal",
            "non-finite imaginary parts at the zero and Nyquist frequencies",
            vec![backends::Arg::Tensor(t)],
        );
        out.push(s.clone().kw("n", Kw::Int(9)));
        out.push(s);
    }
    if let Some(top) = top {
        let v = vec![backends::element::Hub::Float(top / 16.0); 64];
        let t = crate::samples::tensor_from_hubs(dtype, &[64], &v);
        let s = Sample::new("extremal", "64 x max/16", vec![backends::Arg::Tensor(t)]);
        out.push(s.kw("norm", Kw::Str("forward")));
    }
    out
}

/// The precision a transform producing `out` ran in: float16 results come from float32.
fn working(out: DType) -> DType {
    match out.to_real() {
        F16 | BF16 | F32 => F32,
        _ => F64,
    }
}

/// `t` as complex128 values with `axes` (distinct, in order) last, and the number of elements
/// those axes span (the block each output element's transform mixes).
fn as_blocks(t: &Tensor, axes: &[usize]) -> std::result::Result<(Vec<Cf64>, usize), String> {
    let nd = t.ndim();
    let rest = (0..nd).filter(|a| !axes.contains(a));
    let order: Vec<usize> = rest.chain(axes.iter().copied()).collect();
    let v = t
        .astype(C128, backends::Casting::Unsafe)
        .and_then(|c| c.permute(Some(&order)))
        .and_then(|c| c.contiguous())
        .and_then(|c| c.to_vec::<Cf64>())
        .map_err(|e| e.to_string())?;
    Ok((v, axes.iter().map(|&a| t.shape()[a]).product()))
}

/// The norm-wise comparison described in the module docs, of a transform run along each of
/// `axes` in turn (an axis may repeat: it is transformed again). Every block over the distinct
/// axes is compared with `4 eps sum_i (log2 n_i + 1) ||want block||_2`, `n_i` the result's
/// length along `axes[i]`; with no axes the result is the input and must be equal.
///
/// `input`, for a transform whose last step discards part of what the earlier steps computed
/// (`irfftn`'s final c2r step keeps only the Hermitian part of its input), is that input and
/// the largest factor `g` its norm can grow by through the steps: the earlier steps' rounding
/// is relative to their own (larger) results, so a block's scale is the larger of
/// `||want block||_2` and `g ||input block||_2`.
pub(crate) fn compare_over(
    got: &[Tensor],
    want: &[Tensor],
    axes: &[usize],
    input: Option<(&Tensor, f64)>,
) -> std::result::Result<(), String> {
    crate::dot_bound::same_layout(got, want)?;
    for (g, w) in got.iter().zip(want) {
        if w.numel() == 0 {
            continue;
        }
        let mut distinct: Vec<usize> = Vec::new();
        for &a in axes {
            if a >= w.ndim() {
                return Err(format!("axis {a} of a {}-d result", w.ndim()));
            }
            if !distinct.contains(&a) {
                distinct.push(a);
            }
        }
        let (gv, n) = as_blocks(g, &distinct)?;
        let (wv, _) = as_blocks(w, &distinct)?;
        let blocks = wv.len() / n;
        // Per block, `g ||input block||_2` (zero without an input, or with an empty block).
        let carried: Vec<f64> = match input {
            Some((x, gain)) if x.ndim() == w.ndim() => {
                let (xv, m) = as_blocks(x, &distinct)?;
                if m == 0 || xv.len() / m != blocks {
                    vec![0.0; blocks]
                } else {
                    xv.chunks(m).map(|b| gain * norm2(b)).collect()
                }
            }
            _ => vec![0.0; blocks],
        };
        if axes.is_empty() {
            // No transform: the input itself, of any dtype, compared exactly.
            let same = |a: &Cf64, b: &Cf64| {
                (a.re == b.re || a.re.is_nan() && b.re.is_nan())
                    && (a.im == b.im || a.im.is_nan() && b.im.is_nan())
                    && a.re.is_sign_negative() == b.re.is_sign_negative()
                    && a.im.is_sign_negative() == b.im.is_sign_negative()
            };
            if let Some(k) = (0..gv.len()).find(|&k| !same(&gv[k], &wv[k])) {
                return Err(format!(
                    "no axes: element {k} is {}, NumPy's (the input) {}",
                    gv[k], wv[k]
                ));
            }
            continue;
        }
        let levels: f64 = axes
            .iter()
            .map(|&a| 4.0 * ((w.shape()[a] as f64).log2() + 1.0))
            .sum();
        let terms = levels * eps(working(w.dtype()));
        // Below the normal range rounding is absolute: at most a subnormal quantum for each of
        // the about n log2(n) operations an output depends on.
        let floor = levels * n as f64 * tiny(working(w.dtype())) + tiny(w.dtype());
        for (r, (gr, wr)) in gv.chunks(n).zip(wv.chunks(n)).enumerate() {
            let finite = |z: &Cf64| z.re.is_finite() && z.im.is_finite();
            if !wr.iter().all(finite) {
                if gr.iter().all(finite) {
                    return Err(format!(
                        "block {r}: NumPy has non-finite values, the engine none ({:?} vs {:?})",
                        &gr[..gr.len().min(4)],
                        &wr[..wr.len().min(4)]
                    ));
                }
                continue;
            }
            let scale = norm2(wr).max(carried[r]);
            for (k, (a, b)) in gr.iter().zip(wr).enumerate() {
                let tol = terms * scale + eps(w.dtype()) * b.norm() + floor;
                let err = (a - b).norm();
                if err.is_nan() || err > tol {
                    return Err(format!(
                        "block {r} element {k}: engine {a}, NumPy {b}: error {err:.3e} > bound \
                         {tol:.3e} (4 eps sum(log2 n_i + 1) |block|_2 + one rounding)"
                    ));
                }
            }
        }
    }
    Ok(())
}

/// `||v||_2`, scaled by the largest part first: the plain `sqrt(sum |z|^2)` underflows to 0
/// for a block below about 1e-154 (float64), leaving no relative bound at all, and overflows
/// to inf above about 1e154, allowing any error. A block with a non-finite part keeps the
/// plain sum's inf or NaN.
fn norm2(v: &[Cf64]) -> f64 {
    let big = v
        .iter()
        .map(|z| z.re.abs().max(z.im.abs()))
        .fold(0.0, f64::max);
    if big == 0.0 || !big.is_finite() || v.iter().any(|z| z.re.is_nan() || z.im.is_nan()) {
        return v.iter().map(|z| z.norm_sqr()).sum::<f64>().sqrt();
    }
    big * v
        .iter()
        .map(|z| (z.re / big).powi(2) + (z.im / big).powi(2))
        .sum::<f64>()
        .sqrt()
}

/// The one-dimensional transforms' comparison: along `axis=` (default -1).
fn compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> std::result::Result<(), String> {
    let Some(w) = want.first() else {
        return compare_over(got, want, &[], None);
    };
    let axis = match kwargs::get(&s.kwargs, "axis") {
        Some(Kw::Int(a)) => *a,
        _ => -1,
    };
    let ax = backends::layout::normalize_axis("fft", axis as isize, w.ndim())
        .map_err(|e| e.to_string())?;
    compare_over(got, want, &[ax], None)
}

/// One transform's record.
fn record(name: &'static str, dtypes: &[DType], engine: crate::record::EngineFn) -> OpInfo {
    let mut r = crate::reductions::red(name, dtypes, FFT, engine).without_out();
    r.compare = Compare::Custom(compare);
    r.precision = Precision::Tol(
        "an FFT's rounding depends on its factorisation; compared norm-wise (see opinfo::fft)",
    );
    r.extra_errors = errors;
    r.gens.extremal = extremal;
    // NumPy's dtype rules for bfloat16 (ml_dtypes) differ from float32's (irfft returns
    // float64, the factor is float64): asked of real bfloat16, not the float32 stand-in.
    r.bf16_native_reference = true;
    // Where an FFT overflows or meets inf - inf depends on the butterfly order, so which
    // floating-point flags NumPy's pocketfft raises is not NumPy's specification: not compared.
    r.checks.retain(|c| *c != "fp_flags");
    r.identities = crate::fft_identities::of(name);
    r
}

/// The `numpy.fft` records.
pub fn records() -> Vec<OpInfo> {
    vec![
        record("fft.fft", &ALL, |op, s| call(op, s, Tensor::fft)),
        record("fft.ifft", &ALL, |op, s| call(op, s, Tensor::ifft)),
        record("fft.rfft", REAL, |op, s| call(op, s, Tensor::rfft)),
        record("fft.irfft", &ALL, |op, s| call(op, s, Tensor::irfft)),
        record("fft.hfft", &ALL, |op, s| call(op, s, Tensor::hfft)),
        record("fft.ihfft", REAL, |op, s| call(op, s, Tensor::ihfft)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm2_neither_underflows_nor_overflows() {
        // The squares of 3e-300 and 4e300 are outside float64; the norms are not.
        let tiny = [Cf64::new(3e-300, 0.0), Cf64::new(0.0, 4e-300)];
        assert!((norm2(&tiny) / 5e-300 - 1.0).abs() < 1e-15);
        let huge = [Cf64::new(3e300, 4e300)];
        assert!((norm2(&huge) / 5e300 - 1.0).abs() < 1e-15);
        assert!(norm2(&[Cf64::new(f64::INFINITY, 0.0)]).is_infinite());
        assert_eq!(norm2(&[]), 0.0);
    }
}
