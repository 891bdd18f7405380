//! The comparison of the chains of matrix products (`linalg.multi_dot`,
//! `linalg.matrix_power`), from the error analysis of a product of matrices (Higham §3.5):
//! the comparison follows NumPy's order of products and carries, for every intermediate
//! `X`, a bound `|X_computed - X| <= rel * S + F` elementwise, where `S` is the product of the
//! factors' absolute values (`|A1| |A2| ... |Am|`, computed in float64 from the operands),
//! `rel` a relative and `F` an absolute (subnormal) part. One product `Z = X Y` over `k`
//! terms, rounded as its dtype computes it (`rho`: `gamma_k` of the accumulator,
//! `sqrt(2) gamma_(k+2)` for complex, plus one rounding to a half format from its float32
//! accumulator; `mu`: one subnormal quantum per rounding), gives
//!
//! ```text
//! rel_Z = (1 + rel_X) (1 + rel_Y) (1 + rho) - 1
//! F_Z   = (1 + rho) [(1 + rel_X) S_X F_Y + (1 + rel_Y) F_X S_Y + F_X F_Y] + mu
//! ```
//!
//! (expand `X^ Y^ - X Y` and bound `|X^| <= (1 + rel_X) S_X + F_X`). Both sides are within
//! `rel S + F` of the exact product, so they may differ by twice that. The precision of a
//! product is the least precise float among the operands it covers (an upper bound on the
//! rounding of whatever dtype the stage promotes to; bfloat16 counts as float32 under
//! `matmul`, which computes it there); a stage of integer (or bool) operands only is exact
//! while `S` stays inside the smallest operand integer range, and one of bool operands only
//! is 0 or 1.
//!
//! Non-finite operands: an element of `X Y` is NaN or infinite on both sides whenever a NaN or
//! infinity is in its row of `X` or column of `Y` (`inf * 0` is NaN), so such elements are
//! "tainted"; for real dtypes, where no finite partial sum can overflow (`S` in range at every
//! stage), IEEE arithmetic gives them the same value in any order: compared exactly; otherwise
//! non-finite exactly when NumPy's is. Where `S` leaves the range at some stage (an overflow
//! that depends on the summation order), the elements it reaches are not compared, except
//! for their taint.

use crate::dot_bound::{max_finite, same};
use crate::tolerance::{eps, min_subnormal};
use backends::element::Cf64;
use backends::{DType, Tensor};

type Res<T> = std::result::Result<T, String>;

/// An operand of a chain.
pub(crate) struct Factor<'a> {
    /// Its values, row-major.
    pub values: &'a [Cf64],
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Its dtype.
    pub dtype: DType,
    /// An absolute bound on the error of `values` as either side has them (0 for operands;
    /// an inverse computed by both sides: see `linalg.matrix_power`), also added to `S`.
    pub abs_err: f64,
    /// A relative bound on the same error (the rounding of a computed operand).
    pub rel_err: f64,
}

/// An intermediate product and its bound.
#[derive(Clone)]
pub(crate) struct Node {
    rows: usize,
    cols: usize,
    /// `S`; infinite (or NaN) where the range may have been left.
    scale: Vec<f64>,
    /// NaN or infinite on both sides.
    taint: Vec<bool>,
    rel: f64,
    abs: Vec<f64>,
    /// The operands' dtypes, each once.
    dtypes: Vec<DType>,
}

fn finite(z: &Cf64) -> bool {
    z.re.is_finite() && z.im.is_finite()
}

/// A chain's operand as a node.
pub(crate) fn leaf(f: &Factor<'_>) -> Node {
    Node {
        rows: f.rows,
        cols: f.cols,
        scale: f
            .values
            .iter()
            .map(|z| {
                if finite(z) {
                    z.norm() + 2.0 * f.abs_err
                } else {
                    0.0
                }
            })
            .collect(),
        taint: f.values.iter().map(|z| !finite(z)).collect(),
        rel: f.rel_err,
        abs: vec![f.abs_err; f.values.len()],
        dtypes: vec![f.dtype],
    }
}

/// `x y` for row-major `r x k` and `k x c` float64 matrices.
fn matmul(x: &[f64], y: &[f64], r: usize, k: usize, c: usize) -> Vec<f64> {
    let mut out = vec![0.0; r * c];
    for i in 0..r {
        for l in 0..k {
            let a = x[i * k + l];
            for j in 0..c {
                out[i * c + j] += a * y[l * c + j];
            }
        }
    }
    out
}

/// `gamma_m = m u / (1 - m u)` (infinite once `m u` reaches 1).
fn gamma(m: usize, u: f64) -> f64 {
    let mu = m as f64 * u;
    if mu >= 1.0 {
        f64::INFINITY
    } else {
        mu / (1.0 - mu)
    }
}

/// The largest magnitude every integer dtype among `dtypes` holds (bool aside): an exact
/// value inside it is what the wrapping arithmetic gives, whatever wrapped on the way.
fn int_limit(dtypes: &[DType]) -> f64 {
    dtypes
        .iter()
        .filter(|&&d| d != DType::Bool)
        .filter_map(|d| d.int_range())
        // Slightly inside: `S` is itself rounded.
        .map(|(_, hi)| hi as f64 * (1.0 - 4.0 * f64::EPSILON))
        .fold(f64::INFINITY, f64::min)
}

/// The least precise float among `dtypes` (bfloat16 as float32 when `bf16_as_f32`), real.
fn least_precise(dtypes: &[DType], bf16_as_f32: bool) -> Option<DType> {
    dtypes
        .iter()
        .filter(|d| d.is_inexact())
        .map(|d| match d.to_real() {
            DType::BF16 if bf16_as_f32 => DType::F32,
            r => r,
        })
        .max_by(|a, b| eps(*a).total_cmp(&eps(*b)))
}

/// `x y` and its bound (see the module docs).
pub(crate) fn product(x: &Node, y: &Node, bf16_as_f32: bool) -> Res<Node> {
    if x.cols != y.rows {
        return Err(format!(
            "a product of {}x{} and {}x{}",
            x.rows, x.cols, y.rows, y.cols
        ));
    }
    let (r, k, c) = (x.rows, x.cols, y.cols);
    // A set: a power squares the same node again and again.
    let mut dtypes = x.dtypes.clone();
    dtypes.extend(y.dtypes.iter().filter(|d| !x.dtypes.contains(d)));
    let mut scale = matmul(&x.scale, &y.scale, r, k, c);
    let row_taint: Vec<bool> = (0..r).map(|i| (0..k).any(|l| x.taint[i * k + l])).collect();
    let col_taint: Vec<bool> = (0..c).map(|j| (0..k).any(|l| y.taint[l * c + j])).collect();
    let taint = (0..r * c)
        .map(|e| row_taint[e / c] || col_taint[e % c])
        .collect();
    let Some(d) = least_precise(&dtypes, bf16_as_f32) else {
        // Integer arithmetic: exact while no intermediate wraps; bool is OR of ANDs.
        let all_bool = dtypes.iter().all(|&d| d == DType::Bool);
        let limit = int_limit(&dtypes);
        for s in &mut scale {
            if all_bool {
                *s = if *s > 0.0 { 1.0 } else { 0.0 };
            } else if s.is_nan() || *s > limit {
                *s = f64::INFINITY;
            }
        }
        return Ok(Node {
            rows: r,
            cols: c,
            scale,
            taint,
            rel: 0.0,
            abs: vec![0.0; r * c],
            dtypes,
        });
    };
    let complex = dtypes.iter().any(|d| d.is_complex());
    let acc = match d {
        DType::F16 | DType::BF16 => DType::F32,
        other => other,
    };
    let (ua, ud) = (eps(acc) / 2.0, eps(d) / 2.0);
    let rho = if complex {
        2f64.sqrt() * gamma(k + 2, ua)
    } else {
        gamma(k, ua)
    } + if acc != d { ud } else { 0.0 };
    let mu = (k + 1) as f64 * min_subnormal(acc) + min_subnormal(d);
    // An operand of integers only is cast to the stage's float: one rounding more.
    let rel_of = |n: &Node| {
        if n.dtypes.iter().any(|d| d.is_inexact()) {
            n.rel
        } else {
            ud
        }
    };
    let (rx, ry) = (rel_of(x), rel_of(y));
    let rel = (1.0 + rx) * (1.0 + ry) * (1.0 + rho) - 1.0;
    let sxfy = matmul(&x.scale, &y.abs, r, k, c);
    let fxsy = matmul(&x.abs, &y.scale, r, k, c);
    let fxfy = matmul(&x.abs, &y.abs, r, k, c);
    let abs: Vec<f64> = (0..r * c)
        .map(|e| (1.0 + rho) * ((1.0 + rx) * sxfy[e] + (1.0 + ry) * fxsy[e] + fxfy[e]) + mu)
        .collect();
    let top = max_finite(d);
    for (s, f) in scale.iter_mut().zip(&abs) {
        let reach = *s * (1.0 + rel) + f;
        if reach.is_nan() || reach >= top {
            *s = f64::INFINITY;
        }
    }
    Ok(Node {
        rows: r,
        cols: c,
        scale,
        taint,
        rel,
        abs,
        dtypes,
    })
}

/// Compares the engine's result `got` with NumPy's `want` (the chain's elements, row-major,
/// of dtype `d`) against the bound of `node`.
pub(crate) fn compare(node: &Node, got: &[Cf64], want: &[Cf64], d: DType, what: &str) -> Res<()> {
    if got.len() != want.len() || want.len() != node.scale.len() {
        return Err(format!(
            "{what}: {} elements, NumPy {}, the chain {}",
            got.len(),
            want.len(),
            node.scale.len()
        ));
    }
    for e in 0..want.len() {
        let (g, w) = (got[e], want[e]);
        let s = node.scale[e];
        let why = if node.taint[e] {
            let exact = !d.is_complex() && s.is_finite();
            if exact && !(same(g.re, w.re) && same(g.im, w.im)) {
                "a NaN or infinite operand: the IEEE result, exactly"
            } else if finite(&g) || finite(&w) {
                "a NaN or infinite operand: non-finite on both sides"
            } else {
                continue;
            }
        } else {
            let bound = 2.0 * (node.rel * s + node.abs[e]);
            if !bound.is_finite() {
                continue;
            }
            let err = (g - w).norm();
            if err.is_nan() || err > bound {
                return Err(format!(
                    "{what} element {e}: engine {g}, NumPy {w}, error {err:.3e} > bound \
                     {bound:.3e} (2 (rel S + F) of the chain's products)"
                ));
            }
            continue;
        };
        return Err(format!("{what} element {e}: engine {g}, NumPy {w} ({why})"));
    }
    Ok(())
}

/// Integer and bool results: exactly NumPy's, compared in their own dtype (integer
/// arithmetic wraps the same in any order).
pub(crate) fn exact(got: &Tensor, want: &Tensor) -> Res<()> {
    let d = want.dtype();
    let first = backends::with_dtype!(d, T, {
        match (got.to_vec::<T>(), want.to_vec::<T>()) {
            (Ok(x), Ok(y)) if x.len() == y.len() => x.iter().zip(&y).position(|(p, q)| p != q),
            (Ok(x), Ok(y)) => return Err(format!("{} elements, NumPy {}", x.len(), y.len())),
            (Err(e), _) | (_, Err(e)) => return Err(e.to_string()),
        }
    });
    match first {
        None => Ok(()),
        Some(i) => Err(format!("element {i} differs (exact dtype {})", d.name())),
    }
}
