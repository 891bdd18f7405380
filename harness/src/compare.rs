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

fn unravel(mut i: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        idx[d] = i % shape[d].max(1);
        i /= shape[d].max(1);
    }
    idx
}

/// Classifies one real component pair; `None` when they agree.
fn component(g: f64, e: f64, scale: f64, tol: Tol) -> Option<DivergenceKind> {
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
    ((g - e).abs() > tol.atol + tol.rtol * scale).then_some(DivergenceKind::Value)
}

/// Compares `got` with `expected` under `tol`; integers and bool compare exactly.
pub fn compare(got: &Tensor, expected: &Tensor, tol: Tol) -> Result<Metrics, Mismatch> {
    if got.shape() != expected.shape() {
        return Err(Mismatch {
            kind: DivergenceKind::Shape,
            message: format!("shape {:?}, NumPy {:?}", got.shape(), expected.shape()),
            metrics: None,
        });
    }
    if got.dtype() != expected.dtype() {
        return Err(Mismatch {
            kind: DivergenceKind::Dtype,
            message: format!("dtype {}, NumPy {}", got.dtype(), expected.dtype()),
            metrics: None,
        });
    }
    let dtype = got.dtype();
    let exact = !dtype.is_inexact();
    let tol = if exact {
        Tol {
            rtol: 0.0,
            atol: 0.0,
        }
    } else {
        tol
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
    };
    let mut first_kind: Option<(DivergenceKind, usize)> = None;
    let mut worst = (f64::NEG_INFINITY, usize::MAX);
    for (i, (&gh, &eh)) in g.iter().zip(&e).enumerate() {
        let kind = if exact {
            (gh != eh).then_some(DivergenceKind::Value)
        } else {
            let ((gr, gi), (er, ei)) = (parts(gh), parts(eh));
            let scale = er.hypot(ei);
            component(gr, er, scale, tol).or_else(|| component(gi, ei, scale, tol))
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
        let ulp = if dtype.is_inexact() {
            ulp_distance(dtype, gr, er).max(ulp_distance(dtype, gi, ei))
        } else {
            0.0
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
        let score = if kind.is_some() {
            1e300 + ulp.min(1e300)
        } else {
            ulp
        };
        if score > worst.0 {
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
                "{} of {} elements differ ({kind:?}); first at {:?}: got {}, NumPy {}; worst at {:?}: got {}, NumPy {} (max ULP {})",
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
    compare(
        a,
        b,
        Tol {
            rtol: 0.0,
            atol: 0.0,
        },
    )
}

/// True for dtypes whose values compare with tolerance.
pub fn is_inexact(d: DType) -> bool {
    d.is_inexact()
}
