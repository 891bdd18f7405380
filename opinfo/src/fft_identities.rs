//! The FFT identities the `identities` template checks on the engine alone: the inverse
//! transform undoes the forward one (`ifft(fft(x)) == x`, `fft(ifft(x)) == x`,
//! `irfft(rfft(x), n) == x`) and Parseval's theorem (`||fft(x)||^2 == n ||x||^2` under
//! `norm="backward"`, equality under `"ortho"`, `1/n` under `"forward"`), on the samples
//! that transform the whole axis (no `n=` cropping or padding), within the FFT's norm-wise
//! error bound `C eps (log2(n) + 1) ||x||` (see `opinfo::fft`) for each of the two
//! transforms.

use crate::dot_bound::values;
use crate::fft::norm;
use crate::kwargs::{self, Kw};
use crate::record::{Identity, OpInfo};
use crate::samples::Sample;
use crate::tolerance::{eps, min_subnormal};
use backends::ops::fft::FftNorm;
use backends::{DType, Tensor};

type Res<T> = std::result::Result<T, String>;

/// The sample's transformed axis (normalized) and its length, when the transform covers
/// the whole axis of a finite, non-empty input.
fn whole_axis(s: &Sample) -> Option<(isize, usize)> {
    if !matches!(kwargs::get(&s.kwargs, "n"), None | Some(Kw::None)) {
        return None;
    }
    let x = s.tensor(0)?;
    let axis = match kwargs::get(&s.kwargs, "axis") {
        Some(Kw::Int(a)) => *a as isize,
        None => -1,
        _ => return None,
    };
    let ax = backends::layout::normalize_axis("fft", axis, x.ndim()).ok()?;
    let n = x.shape()[ax];
    let v = values(x).ok()?;
    (n > 0 && v.iter().all(|z| z.re.is_finite() && z.im.is_finite())).then_some((ax as isize, n))
}

/// The error bound of a forward and an inverse transform of length `n` in the dtype `d`,
/// relative to `||x||`, plus one subnormal quantum per element.
fn bound(n: usize, d: DType, nx: f64, count: usize) -> f64 {
    let log = (n as f64).log2() + 1.0;
    2.0 * 4.0 * eps(d) * log * nx + count as f64 * 4.0 * min_subnormal(d)
}

/// `||v||_2` with the squares summed by Neumaier's compensated summation, so the check's own
/// rounding stays near one ulp however many elements (a plain sum's grows with their count).
fn accurate_norm(v: &[backends::element::Cf64]) -> f64 {
    let top = v
        .iter()
        .map(|z| z.re.abs().max(z.im.abs()))
        .fold(0.0, f64::max);
    if top == 0.0 || !top.is_finite() {
        return top;
    }
    let (mut sum, mut carry) = (0.0f64, 0.0f64);
    for z in v {
        for part in [z.re / top, z.im / top] {
            let x = part * part;
            let t = sum + x;
            carry += if sum.abs() >= x.abs() {
                (sum - t) + x
            } else {
                (x - t) + sum
            };
            sum = t;
        }
    }
    (sum + carry).sqrt() * top
}

/// `||x||_F` of a tensor's values.
fn norm_of(t: &Tensor) -> Res<f64> {
    Ok(accurate_norm(&values(t)?))
}

/// The relative error of the normalisation factor: NumPy computes `1/n` (or `1/sqrt(n)`) in
/// the input's dtype when that is a 16-bit float (`np.fft.ifft(float16)` scales by float16's
/// `1/7`), the result's otherwise.
fn factor_eps(x: &Tensor) -> f64 {
    match x.dtype() {
        DType::F16 | DType::BF16 => eps(x.dtype()),
        _ => 0.0,
    }
}

/// A transform and the inverse that undoes it: `inverse(forward(x)) == x`.
fn round_trip(
    op: &OpInfo,
    s: &Sample,
    inverse: fn(&Tensor, Option<i64>, isize, FftNorm) -> backends::Result<Tensor>,
    give_n: bool,
) -> Res<bool> {
    let Some((axis, n)) = whole_axis(s) else {
        return Ok(false);
    };
    let Ok(y) = op.call1(s) else {
        return Ok(false);
    };
    let nm = norm(op.name, s).map_err(|e| e.to_string())?;
    let back = inverse(&y, give_n.then_some(n as i64), axis, nm).map_err(|e| e.to_string())?;
    let x = s.tensor(0).ok_or("an array operand")?;
    let (xv, bv) = (values(x)?, values(&back)?);
    if xv.len() != bv.len() {
        return Err(format!("{} values back from {}", bv.len(), xv.len()));
    }
    let diff: Vec<_> = xv.iter().zip(&bv).map(|(a, b)| a - b).collect();
    let err = accurate_norm(&diff);
    let nx = accurate_norm(&xv);
    let tol = bound(n, y.dtype(), nx, xv.len()) + 2.0 * factor_eps(x) * nx;
    if err.is_nan() || err > tol {
        return Err(format!(
            "||inverse(transform(x)) - x||_F = {err:.3e} > {tol:.3e} (||x|| = {nx:.3e}, n = {n})"
        ));
    }
    Ok(true)
}

fn ifft_of_fft(op: &OpInfo, s: &Sample) -> Res<bool> {
    round_trip(op, s, Tensor::ifft, false)
}

fn fft_of_ifft(op: &OpInfo, s: &Sample) -> Res<bool> {
    round_trip(op, s, Tensor::fft, false)
}

fn irfft_of_rfft(op: &OpInfo, s: &Sample) -> Res<bool> {
    round_trip(op, s, Tensor::irfft, true)
}

/// Parseval: `||transform(x)||` is `||x||` times `sqrt(n)`, 1 or `1/sqrt(n)` by `norm=`
/// (`forward`: the factor of a forward transform; an inverse one's is its reciprocal).
fn parseval(op: &OpInfo, s: &Sample, forward: bool) -> Res<bool> {
    let Some((_, n)) = whole_axis(s) else {
        return Ok(false);
    };
    let Ok(y) = op.call1(s) else {
        return Ok(false);
    };
    let nm = norm(op.name, s).map_err(|e| e.to_string())?;
    let root = (n as f64).sqrt();
    let up = match nm {
        FftNorm::Backward => root,
        FftNorm::Ortho => 1.0,
        FftNorm::Forward => 1.0 / root,
    };
    let scale = if forward { up } else { 1.0 / up };
    let x = s.tensor(0).ok_or("an array operand")?;
    let (nx, ny) = (norm_of(x)?, norm_of(&y)?);
    let want = scale * nx;
    let count = values(x)?.len();
    let tol = bound(n, y.dtype(), want, count) / 2.0 + factor_eps(x) * want;
    let err = (ny - want).abs();
    if err.is_nan() || err > tol {
        return Err(format!(
            "||transform(x)|| = {ny:.6e}, {scale:.6e} * ||x|| = {want:.6e}: {err:.3e} > {tol:.3e}"
        ));
    }
    Ok(true)
}

fn parseval_forward(op: &OpInfo, s: &Sample) -> Res<bool> {
    parseval(op, s, true)
}

fn parseval_inverse(op: &OpInfo, s: &Sample) -> Res<bool> {
    parseval(op, s, false)
}

/// The identities of the one-dimensional transform `name` (none for the Hermitian ones).
pub(crate) fn of(name: &str) -> Vec<Identity> {
    match name {
        "fft.fft" => vec![
            Identity {
                name: "ifft(fft(x)) == x",
                check: ifft_of_fft,
            },
            Identity {
                name: "Parseval: ||fft(x)|| == sqrt(n) ||x|| (by norm=)",
                check: parseval_forward,
            },
        ],
        "fft.ifft" => vec![
            Identity {
                name: "fft(ifft(x)) == x",
                check: fft_of_ifft,
            },
            Identity {
                name: "Parseval: ||ifft(x)|| == ||x|| / sqrt(n) (by norm=)",
                check: parseval_inverse,
            },
        ],
        "fft.rfft" => vec![Identity {
            name: "irfft(rfft(x), n) == x",
            check: irfft_of_rfft,
        }],
        _ => Vec::new(),
    }
}
