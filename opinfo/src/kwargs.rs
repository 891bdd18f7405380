//! Keyword arguments of a sample, as typed values: the oracle hands them to NumPy as the Python
//! objects NumPy expects (a tuple for `axis=(0, 2)`, `None`, a dtype object), and a record's
//! engine adapter turns them into the engine's typed arguments (`Axis`, `Option<DType>`, ...).

use backends::ops::reduce::{Axis, ReduceArgs};
use backends::{DType, Error, PyScalar, Result, Tensor};

/// One keyword argument's value.
#[derive(Clone, Debug)]
pub enum Kw {
    /// `None`.
    None,
    /// A Python bool.
    Bool(bool),
    /// A Python int.
    Int(i64),
    /// A tuple of Python ints (`axis=(0, 2)`).
    Ints(Vec<i64>),
    /// A Python float.
    Float(f64),
    /// A Python str (`method="linear"`).
    Str(&'static str),
    /// A dtype object (`dtype=np.float32`).
    DType(DType),
    /// An array (`where=mask`, `weights=w`).
    Tensor(Tensor),
    /// A Python scalar of any kind (`initial=0`).
    Scalar(PyScalar),
}

/// The value of keyword `name` in `kwargs`.
pub fn get<'a>(kwargs: &'a [(&'static str, Kw)], name: &str) -> Option<&'a Kw> {
    kwargs.iter().find(|(k, _)| *k == name).map(|(_, v)| v)
}

fn wrong(op: &'static str, name: &str, v: &Kw) -> Error {
    Error::Type {
        op,
        msg: format!("keyword {name}={v:?} has the wrong type"),
    }
}

/// `axis=`: absent or `None` is [`Axis::All`] unless `default` says otherwise.
pub fn axis(op: &'static str, kwargs: &[(&'static str, Kw)], default: Axis) -> Result<Axis> {
    match get(kwargs, "axis") {
        None => Ok(default),
        Some(Kw::None) => Ok(Axis::All),
        Some(Kw::Int(a)) => Ok(Axis::One(*a as isize)),
        Some(Kw::Ints(v)) => Ok(Axis::Many(v.iter().map(|&a| a as isize).collect())),
        Some(v) => Err(wrong(op, "axis", v)),
    }
}

/// An `axis=` that must be a single int or `None` (argmax, cumsum).
pub fn axis_int(
    op: &'static str,
    kwargs: &[(&'static str, Kw)],
    default: Option<isize>,
) -> Result<Option<isize>> {
    match get(kwargs, "axis") {
        None => Ok(default),
        Some(Kw::None) => Ok(None),
        Some(Kw::Int(a)) => Ok(Some(*a as isize)),
        Some(v) => Err(wrong(op, "axis", v)),
    }
}

/// A bool keyword (absent: `false`).
pub fn flag(op: &'static str, kwargs: &[(&'static str, Kw)], name: &str) -> Result<bool> {
    match get(kwargs, name) {
        None => Ok(false),
        Some(Kw::Bool(b)) => Ok(*b),
        Some(v) => Err(wrong(op, name, v)),
    }
}

/// `dtype=` (absent or `None`: no dtype).
pub fn dtype(op: &'static str, kwargs: &[(&'static str, Kw)]) -> Result<Option<DType>> {
    match get(kwargs, "dtype") {
        None | Some(Kw::None) => Ok(None),
        Some(Kw::DType(d)) => Ok(Some(*d)),
        Some(v) => Err(wrong(op, "dtype", v)),
    }
}

/// A float keyword such as `ddof=` (ints accepted, as Python does).
pub fn float(
    op: &'static str,
    kwargs: &[(&'static str, Kw)],
    name: &str,
    default: f64,
) -> Result<f64> {
    match get(kwargs, name) {
        None => Ok(default),
        Some(Kw::Float(x)) => Ok(*x),
        Some(Kw::Int(i)) => Ok(*i as f64),
        Some(v) => Err(wrong(op, name, v)),
    }
}

/// An int keyword such as `n=`.
pub fn int(
    op: &'static str,
    kwargs: &[(&'static str, Kw)],
    name: &str,
    default: i64,
) -> Result<i64> {
    match get(kwargs, name) {
        None => Ok(default),
        Some(Kw::Int(i)) => Ok(*i),
        Some(v) => Err(wrong(op, name, v)),
    }
}

/// An array keyword (`where=`, `weights=`).
pub fn tensor(
    op: &'static str,
    kwargs: &[(&'static str, Kw)],
    name: &str,
) -> Result<Option<Tensor>> {
    match get(kwargs, name) {
        None | Some(Kw::None) => Ok(None),
        Some(Kw::Tensor(t)) => Ok(Some(t.clone())),
        Some(v) => Err(wrong(op, name, v)),
    }
}

/// A Python-scalar keyword (`initial=`).
pub fn scalar(
    op: &'static str,
    kwargs: &[(&'static str, Kw)],
    name: &str,
) -> Result<Option<PyScalar>> {
    match get(kwargs, name) {
        None => Ok(None),
        Some(Kw::Scalar(s)) => Ok(Some(*s)),
        Some(Kw::Int(i)) => Ok(Some(PyScalar::Int(*i as i128))),
        Some(Kw::Float(x)) => Ok(Some(PyScalar::Float(*x))),
        Some(Kw::Bool(b)) => Ok(Some(PyScalar::Bool(*b))),
        Some(v) => Err(wrong(op, name, v)),
    }
}

/// The shared reduction keywords (`axis`, `keepdims`, `dtype`, `initial`, `where`) and `out`.
pub fn reduce_args(
    op: &'static str,
    kwargs: &[(&'static str, Kw)],
    out: Option<&Tensor>,
    default_axis: Axis,
) -> Result<ReduceArgs> {
    Ok(ReduceArgs {
        axis: axis(op, kwargs, default_axis)?,
        keepdims: flag(op, kwargs, "keepdims")?,
        dtype: dtype(op, kwargs)?,
        out: out.cloned(),
        initial: scalar(op, kwargs, "initial")?,
        where_: tensor(op, kwargs, "where")?,
    })
}

/// A short rendering for reports (`axis=(0, 2)`, `dtype=float32`).
pub fn show(v: &Kw) -> String {
    match v {
        Kw::None => "None".into(),
        Kw::Bool(b) => if *b { "True" } else { "False" }.into(),
        Kw::Int(i) => i.to_string(),
        Kw::Ints(v) => {
            let parts: Vec<String> = v.iter().map(|i| i.to_string()).collect();
            if v.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
        Kw::Float(x) => format!("{x:?}"),
        Kw::Str(s) => format!("{s:?}"),
        Kw::DType(d) => d.name().into(),
        Kw::Tensor(t) => format!("array {} {:?}", t.dtype(), t.shape()),
        Kw::Scalar(s) => format!("{s:?}"),
    }
}
