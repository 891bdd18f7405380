//! Element comparison of an engine result with NumPy's: shape, dtype, then values with NaN,
//! infinities and signed zeros checked exactly and finite values within rtol/atol; the max
//! abs/rel error and ULP distance are measured alongside.

use backends::element::{Element, Hub};
use backends::{DType, Tensor};
use opinfo::tolerance::ulp_distance;
use opinfo::Tol;
use reports::{DivergenceKind, Metrics};

/// A failed comparison: what kind of divergence, and the measurements.
#[derive(Clone, Debug)]
pub struct Mismatch {
    /// Kind of divergence.
    pub kind: DivergenceKind,
    /// Human-readable summary.
    pub message: String,
    /// Measurements (present for value comparisons; boxed to keep `Result`s small).
    pub metrics: Option<Box<Metrics>>,
}

fn hubs(t: &Tensor) -> Vec<Hub> {
    backends::with_dtype!(t.dtype(), T, {
        t.to_vec::<T>()
            .expect("dtype matches")
            .into_iter()
            .map(|x| x.to_hub())
            .collect()
    })
}

fn parts(h: Hub) -> (f64, f64) {
    match h {
        Hub::Bool(b) => (b as u8 as f64, 0.0),
        Hub::Int(i) => (i as f64, 0.0),
        Hub::UInt(u) => (u as f64, 0.0),
        Hub::Float(f) => (f, 0.0),
        Hub::Complex(c) => (c.re, c.im),
    }
}

fn show(h: Hub) -> String {
    match h {
        Hub::Bool(b) => b.to_string(),
        Hub::Int(i) => i.to_string(),
        Hub::UInt(u) => u.to_string(),
        Hub::Float(f) => format!("{f:e}"),
        Hub::Complex(c) => format!("({:e}{:+e}j)", c.re, c.im),
    }
}

/// The element of `t` broadcast to `shape` at `index`, formatted as the report formats values;
/// `None` when `t` does not broadcast to `shape` or the index is outside it.
pub fn value_at(t: &Tensor, shape: &[usize], index: &[usize]) -> Option<String> {
    let b = t
        .to_device(backends::Device::Cpu)
        .ok()?
        .broadcast_to(shape)
        .ok()?;
    if index.len() != shape.len() || index.iter().zip(shape).any(|(&i, &n)| i >= n) {
        return None;
    }
    let flat = index
        .iter()
        .zip(shape)
        .fold(0usize, |acc, (&i, &n)| acc * n + i);
    hubs(&b).get(flat).map(|&h| show(h))
}

fn unravel(mut i: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        idx[d] = i % shape[d].max(1);
        i /= shape[d].max(1);
    }
    idx
}

/// How finite values must agree.
#[derive(Clone, Copy, Debug)]
enum Criterion<'a> {
    /// `|g - e| <= atol + rtol * |e|`.
    Tol(Tol),
    /// Within this many ULP of the result dtype (for complex: of the expected magnitude).
    Ulp(f64),
    /// Within this many ULP of the result dtype, complex parts each in ULP of themselves.
    UlpParts(f64),
    /// `|g - e| <= bound[i]` for element `i` (per component for complex).
    Bound(&'a [f64]),
}

/// The spacing of `dtype`'s floats at magnitude `x` (for complex, of its component type).
fn ulp_size(dtype: DType, x: f64) -> f64 {
    let x = x.abs();
    match dtype {
        DType::F16 => {
            let h = half::f16::from_f64(x);
            (half::f16::from_bits(h.to_bits() + 1).to_f64() - h.to_f64()).abs()
        }
        DType::BF16 => {
            let h = half::bf16::from_f64(x);
            (half::bf16::from_bits(h.to_bits() + 1).to_f64() - h.to_f64()).abs()
        }
        DType::F32 | DType::C64 => {
            let f = x as f32;
            (f.next_up() - f) as f64
        }
        _ => x.next_up() - x,
    }
}

/// Classifies one real component pair; `None` when they agree.
fn component(
    g: f64,
    e: f64,
    scale: f64,
    crit: Criterion<'_>,
    i: usize,
    dtype: DType,
) -> Option<DivergenceKind> {
    if g.is_nan() || e.is_nan() {
        return (g.is_nan() != e.is_nan()).then_some(DivergenceKind::Nan);
    }
    if g == e {
        if g == 0.0 && g.is_sign_negative() != e.is_sign_negative() {
            return Some(DivergenceKind::SignedZero);
        }
        return None;
    }
    if g.is_infinite() || e.is_infinite() {
        return Some(DivergenceKind::Value);
    }
    let bad = match crit {
        Criterion::Tol(tol) => (g - e).abs() > tol.atol + tol.rtol * scale,
        // With the other part infinite |expected| is too, and a finite part is judged in
        // ULP of itself (exp(710 + 1e-310j) is inf + 0.0223j: its imaginary part counts).
        Criterion::Ulp(n) if dtype.is_complex() && scale.is_finite() => {
            (g - e).abs() > n * ulp_size(dtype, scale)
        }
        Criterion::Ulp(n) | Criterion::UlpParts(n) => ulp_distance(dtype, g, e) > n,
        // A NaN bound (NumPy's scale overflowed or was undefined) allows nothing.
        Criterion::Bound(b) => b[i].is_nan() || (g - e).abs() > b[i],
    };
    bad.then_some(DivergenceKind::Value)
}

/// Compares `got` with `expected` (NumPy's result) under `tol`; integers and bool compare
/// exactly.
pub fn compare(got: &Tensor, expected: &Tensor, tol: Tol) -> Result<Metrics, Mismatch> {
    compare_with(got, expected, Criterion::Tol(tol), "NumPy")
}

/// Compares `got` with `expected` (NumPy's result) allowing `bounds[i]` of absolute error in
/// finite element `i` (an error bound that grows with a reduction); NaN, infinities and signed
/// zeros exactly; integers and bool exactly.
pub fn compare_bound(got: &Tensor, expected: &Tensor, bounds: &[f64]) -> Result<Metrics, Mismatch> {
    compare_bound_with(got, expected, bounds, "NumPy")
}

/// [`compare_bound`] against an expectation named `what` in messages (`exact` for the
/// `accuracy` template's math.fsum reference).
pub fn compare_bound_with(
    got: &Tensor,
    expected: &Tensor,
    bounds: &[f64],
    what: &str,
) -> Result<Metrics, Mismatch> {
    if bounds.len() != expected.numel() {
        return Err(Mismatch {
            kind: DivergenceKind::Shape,
            message: format!(
                "{} error bounds for {} expected elements (shape {:?}, got shape {:?})",
                bounds.len(),
                expected.numel(),
                expected.shape(),
                got.shape()
            ),
            metrics: None,
        });
    }
    compare_with(got, expected, Criterion::Bound(bounds), what)
}

/// Compares `got` with `expected` (NumPy's result) allowing `max_ulp` ULP of the result dtype
/// in finite values (for complex, per component in ULP of the expected magnitude, or with
/// `per_part` in ULP of that component); NaN, infinities and signed zeros exactly; integers
/// and bool exactly.
pub fn compare_numpy_ulp(
    got: &Tensor,
    expected: &Tensor,
    max_ulp: f64,
    per_part: bool,
) -> Result<Metrics, Mismatch> {
    let crit = if per_part {
        Criterion::UlpParts(max_ulp)
    } else {
        Criterion::Ulp(max_ulp)
    };
    compare_with(got, expected, crit, "NumPy")
}

/// Compares `got` with `expected` (the CPU's result for the same inputs) allowing `max_ulp`
/// ULP of the result dtype in finite values (for complex, ULP of the expected magnitude);
/// NaN, infinities and signed zeros exactly; integers and bool exactly.
pub fn compare_ulp(got: &Tensor, expected: &Tensor, max_ulp: f64) -> Result<Metrics, Mismatch> {
    compare_with(got, expected, Criterion::Ulp(max_ulp), "CPU")
}

fn compare_with(
    got: &Tensor,
    expected: &Tensor,
    crit: Criterion<'_>,
    what: &str,
) -> Result<Metrics, Mismatch> {
    if got.shape() != expected.shape() {
        return Err(Mismatch {
            kind: DivergenceKind::Shape,
            message: format!("shape {:?}, {what} {:?}", got.shape(), expected.shape()),
            metrics: None,
        });
    }
    if got.dtype() != expected.dtype() {
        return Err(Mismatch {
            kind: DivergenceKind::Dtype,
            message: format!("dtype {}, {what} {}", got.dtype(), expected.dtype()),
            metrics: None,
        });
    }
    let dtype = got.dtype();
    let exact = !dtype.is_inexact();
    let zero = Tol {
        rtol: 0.0,
        atol: 0.0,
    };
    let crit = if exact { Criterion::Tol(zero) } else { crit };
    let tol = match crit {
        Criterion::Tol(t) => t,
        Criterion::Ulp(_) | Criterion::UlpParts(_) => zero,
        // Reported as the largest absolute bound allowed.
        Criterion::Bound(b) => Tol {
            rtol: 0.0,
            atol: b.iter().copied().fold(0.0, f64::max),
        },
    };
    let (g, e) = (hubs(got), hubs(expected));
    let mut m = Metrics {
        max_abs_err: 0.0,
        max_rel_err: 0.0,
        max_ulp: 0.0,
        mismatched: 0,
        total: g.len() as u64,
        worst_index: vec![],
        worst_got: String::new(),
        worst_expected: String::new(),
        rtol: tol.rtol,
        atol: tol.atol,
        reference_abs_err: None,
        ulp_bound: match crit {
            Criterion::Ulp(n) | Criterion::UlpParts(n) => Some(n),
            _ => None,
        },
    };
    let mut first_kind: Option<(DivergenceKind, usize)> = None;
    let mut worst = ((false, f64::NEG_INFINITY), usize::MAX);
    for (i, (&gh, &eh)) in g.iter().zip(&e).enumerate() {
        let kind = if exact {
            (gh != eh).then_some(DivergenceKind::Value)
        } else {
            let ((gr, gi), (er, ei)) = (parts(gh), parts(eh));
            let scale = er.hypot(ei);
            component(gr, er, scale, crit, i, dtype)
                .or_else(|| component(gi, ei, scale, crit, i, dtype))
        };
        let ((gr, gi), (er, ei)) = (parts(gh), parts(eh));
        let abs = if gr.is_nan() && er.is_nan() {
            0.0
        } else {
            (gr - er).hypot(gi - ei)
        };
        let abs = if abs.is_nan() || (gr == er && gi == ei) {
            if kind.is_some() {
                f64::INFINITY
            } else {
                0.0
            }
        } else {
            abs
        };
        let rel = if abs == 0.0 { 0.0 } else { abs / er.hypot(ei) };
        let ulp = if !dtype.is_inexact() {
            0.0
        } else if dtype.is_complex()
            && !matches!(crit, Criterion::UlpParts(_))
            && [gr, gi, er, ei].iter().all(|v| v.is_finite())
        {
            // As the complex criterion judges it: per component, in ULP of |expected|.
            (gr - er).abs().max((gi - ei).abs()) / ulp_size(dtype, er.hypot(ei))
        } else {
            ulp_distance(dtype, gr, er).max(ulp_distance(dtype, gi, ei))
        };
        m.max_abs_err = m.max_abs_err.max(abs);
        m.max_rel_err = m.max_rel_err.max(rel);
        m.max_ulp = m.max_ulp.max(ulp);
        if let Some(k) = kind {
            m.mismatched += 1;
            if first_kind.is_none() {
                first_kind = Some((k, i));
            }
        }
        // The worst element: any mismatch beats any match; then the largest ULP distance.
        let score = (kind.is_some(), ulp);
        if worst.1 == usize::MAX || score > worst.0 {
            worst = (score, i);
        }
    }
    if worst.1 != usize::MAX {
        m.worst_index = unravel(worst.1, got.shape());
        m.worst_got = show(g[worst.1]);
        m.worst_expected = show(e[worst.1]);
    }
    match first_kind {
        None => Ok(m),
        Some((kind, i)) => Err(Mismatch {
            kind,
            message: format!(
                "{} of {} elements differ ({kind:?}); first at {:?}: got {}, {what} {}; worst at {:?}: got {}, {what} {} (max ULP {})",
                m.mismatched,
                m.total,
                unravel(i, got.shape()),
                show(g[i]),
                show(e[i]),
                m.worst_index,
                m.worst_got,
                m.worst_expected,
                m.max_ulp
            ),
            metrics: Some(Box::new(m)),
        }),
    }
}

/// Bit-exact comparison (NaN equal to NaN, signed zeros distinguished): for results that must
/// not depend on layout or variant.
pub fn identical(a: &Tensor, b: &Tensor) -> Result<Metrics, Mismatch> {
    compare_with(
        a,
        b,
        Criterion::Tol(Tol {
            rtol: 0.0,
            atol: 0.0,
        }),
        "expected",
    )
}

/// Applies a per-tensor comparison output by output (the counts must agree; a failure names
/// its output when there are several); the metrics of the worst output are kept.
pub fn each_output(
    a: &[Tensor],
    b: &[Tensor],
    f: impl Fn(&Tensor, &Tensor) -> Result<Metrics, Mismatch>,
) -> Result<Metrics, Mismatch> {
    if a.len() != b.len() {
        return Err(Mismatch {
            kind: DivergenceKind::Shape,
            message: format!("{} outputs, expected {}", a.len(), b.len()),
            metrics: None,
        });
    }
    let mut worst: Option<Metrics> = None;
    for (k, (x, y)) in a.iter().zip(b).enumerate() {
        let m = f(x, y).map_err(|mut m| {
            if a.len() > 1 {
                m.message = format!("output {k}: {}", m.message);
            }
            m
        })?;
        if worst.as_ref().is_none_or(|w| m.max_ulp > w.max_ulp) {
            worst = Some(m);
        }
    }
    worst.ok_or(Mismatch {
        kind: DivergenceKind::Shape,
        message: "no outputs".into(),
        metrics: None,
    })
}

/// [`identical`] for every output.
pub fn identical_outputs(a: &[Tensor], b: &[Tensor]) -> Result<Metrics, Mismatch> {
    each_output(a, b, identical)
}

/// [`compare_ulp`] for every output.
pub fn compare_ulp_outputs(
    got: &[Tensor],
    expected: &[Tensor],
    max_ulp: f64,
) -> Result<Metrics, Mismatch> {
    each_output(got, expected, |g, e| compare_ulp(g, e, max_ulp))
}

/// True for dtypes whose values compare with tolerance.
pub fn is_inexact(d: DType) -> bool {
    d.is_inexact()
}

#[cfg(test)]
mod tests {
    use super::*;
    use backends::element::Cf32;

    fn t32(v: Vec<f32>) -> Tensor {
        let n = v.len();
        Tensor::from_vec(v, &[n]).unwrap()
    }

    #[test]
    fn ulp_bound_counts_steps_of_the_result_dtype() {
        let x = 1.5f32;
        let up = |k: u32| f32::from_bits(x.to_bits() + k);
        let want = t32(vec![x, -0.0, f32::INFINITY, f32::NAN]);
        assert!(compare_ulp(&t32(vec![up(2), -0.0, f32::INFINITY, f32::NAN]), &want, 2.0).is_ok());
        let e =
            compare_ulp(&t32(vec![up(3), -0.0, f32::INFINITY, f32::NAN]), &want, 2.0).unwrap_err();
        assert_eq!(e.kind, DivergenceKind::Value);
        assert!(e.message.contains("CPU"), "{}", e.message);
        // Special values stay exact whatever the bound.
        let e = compare_ulp(&t32(vec![x, 0.0, f32::INFINITY, f32::NAN]), &want, 8.0).unwrap_err();
        assert_eq!(e.kind, DivergenceKind::SignedZero);
        let e = compare_ulp(&t32(vec![x, -0.0, f32::MAX, f32::NAN]), &want, 8.0).unwrap_err();
        assert_eq!(e.kind, DivergenceKind::Value);
    }

    #[test]
    fn complex_ulp_bound_is_relative_to_the_magnitude() {
        // A tiny imaginary part next to a large real part may differ by many of its own ULP,
        // but not by more than the bound in ULP of |z|.
        let c = |re: f32, im: f32| Tensor::from_vec(vec![Cf32::new(re, im)], &[1]).unwrap();
        let want = c(1.0e6, 1.0e-3);
        let spacing = (1.0e6f32.next_up() - 1.0e6) as f64; // 0.0625
        assert!(compare_ulp(&c(1.0e6, 1.0e-3 + 0.1), &want, 2.0).is_ok());
        assert!(compare_ulp(&c(1.0e6, (1.0e-3 + 3.0 * spacing) as f32), &want, 2.0).is_err());
    }
}
