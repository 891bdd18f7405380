//! The engine calls of the norm records: a sample's keywords as the typed arguments of
//! `Tensor::vector_norm`, `matrix_norm`, `norm`, `matrix_rank` and `cond`.

use crate::kwargs::{self, Kw};
use crate::record::OpInfo;
use crate::samples::Sample;
use backends::linalg::norms::NormOrd;
use backends::linalg::products::operand;
use backends::ops::reduce::Axis;
use backends::{Error, Result, Tensor};

/// `ord=` (or `p=`) as the engine's [`NormOrd`]: absent or `None` is NumPy's default.
pub(super) fn ord_of(op: &'static str, s: &Sample, name: &str) -> Result<NormOrd> {
    match kwargs::get(&s.kwargs, name) {
        None | Some(Kw::None) => Ok(NormOrd::Default),
        Some(Kw::Int(i)) => Ok(NormOrd::P(*i as f64)),
        Some(Kw::Float(x)) => Ok(NormOrd::P(*x)),
        Some(Kw::Str(t)) => Ok(NormOrd::Str(t.to_string())),
        Some(v) => Err(Error::Type {
            op,
            msg: format!("{name}={} is not a norm order", kwargs::show(v)),
        }),
    }
}

/// The single array operand, after refusing keywords the function does not take.
fn operand_of(op: &OpInfo, s: &Sample, allowed: &[&str]) -> Result<Tensor> {
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| !allowed.contains(k)) {
        return Err(Error::Type {
            op: op.name,
            msg: format!("{} got an unexpected keyword argument '{k}'", op.name),
        });
    }
    match &s.args[..] {
        [a] => operand(op.name, a),
        _ => Err(Error::Type {
            op: op.name,
            msg: format!("{} takes 1 positional argument", op.name),
        }),
    }
}

pub(super) fn vector_norm(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operand_of(op, s, &["axis", "keepdims", "ord"])?;
    let axis = kwargs::axis(op.name, &s.kwargs, Axis::All)?;
    let keepdims = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
    x.vector_norm(&axis, keepdims, &ord_of(op.name, s, "ord")?)
        .map(|t| vec![t])
}

pub(super) fn matrix_norm(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operand_of(op, s, &["keepdims", "ord"])?;
    let keepdims = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
    x.matrix_norm(keepdims, &ord_of(op.name, s, "ord")?)
        .map(|t| vec![t])
}

pub(super) fn norm(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operand_of(op, s, &["ord", "axis", "keepdims"])?;
    let axis = kwargs::axis(op.name, &s.kwargs, Axis::All)?;
    let keepdims = kwargs::flag(op.name, &s.kwargs, "keepdims")?;
    x.norm(&ord_of(op.name, s, "ord")?, &axis, keepdims)
        .map(|t| vec![t])
}

/// `tol=` / `rtol=`: `asarray` of a Python number (float64 or int64, 0-d), or an array.
pub(super) fn threshold(op: &'static str, s: &Sample, name: &str) -> Result<Option<Tensor>> {
    match kwargs::get(&s.kwargs, name) {
        None | Some(Kw::None) => Ok(None),
        Some(Kw::Float(x)) => Ok(Some(Tensor::scalar(*x))),
        Some(Kw::Int(i)) => Ok(Some(Tensor::scalar(*i))),
        Some(Kw::Tensor(t)) => Ok(Some(t.clone())),
        Some(v) => Err(Error::Type {
            op,
            msg: format!("{name}={} is not a number or an array", kwargs::show(v)),
        }),
    }
}

pub(super) fn matrix_rank(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operand_of(op, s, &["tol", "hermitian", "rtol"])?;
    let hermitian = kwargs::flag(op.name, &s.kwargs, "hermitian")?;
    let (tol, rtol) = (
        threshold(op.name, s, "tol")?,
        threshold(op.name, s, "rtol")?,
    );
    x.matrix_rank(tol.as_ref(), hermitian, rtol.as_ref())
        .map(|t| vec![t])
}

pub(super) fn cond(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let x = operand_of(op, s, &["p"])?;
    x.cond(&ord_of(op.name, s, "p")?).map(|t| vec![t])
}
