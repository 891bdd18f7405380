//! Human-readable results and the NumPy snippet of a case: the exact Python values the oracle
//! passes to the record's reference ([`numpy::reference_args`], bfloat16 widening included),
//! written as a script that rebuilds every array with its strides and offset and calls the
//! reference.

use crate::numpy;
use backends::{DType, PyScalar, Tensor};
use opinfo::case::{Elem, Real, TensorSpec};
use opinfo::{Case, OpInfo, Reference};
use reference::{RefError, Value};

/// Values shown per tensor before `...`.
const SHOWN: usize = 24;

fn real(r: &Real) -> String {
    match r {
        Real::Bool(b) => if *b { "True" } else { "False" }.into(),
        Real::Int(i) => i.to_string(),
        Real::UInt(u) => u.to_string(),
        Real::Float(x) => format!("{x:?}"),
        Real::Special(s) => s.clone(),
    }
}

fn elem(e: &Elem) -> String {
    match e {
        Elem::Real(r) => real(r),
        Elem::Complex([re, im]) => format!("complex({}, {})", real(re), real(im)),
    }
}

/// `dtype shape [values]` of a tensor.
pub fn render_tensor(t: &Tensor) -> String {
    let vals = match TensorSpec::from_tensor(t).and_then(|s| s.values()) {
        Ok(v) => v,
        Err(e) => return format!("{} {:?} <{e}>", t.dtype(), t.shape()),
    };
    let mut shown: Vec<String> = vals.iter().take(SHOWN).map(elem).collect();
    if vals.len() > SHOWN {
        shown.push(format!("... ({} elements)", vals.len()));
    }
    format!("{} {:?} [{}]", t.dtype(), t.shape(), shown.join(", "))
}

/// The engine's outputs, or its error with its kind.
pub fn render_engine(r: &backends::Result<Vec<Tensor>>) -> String {
    match r {
        Ok(ts) => ts.iter().map(render_tensor).collect::<Vec<_>>().join("; "),
        Err(e) => format!("error {:?}: {e}", e.kind()),
    }
}

fn render_value(v: &Value) -> String {
    match v {
        Value::Tensor(t) => render_tensor(t),
        Value::Scalar(s) => format!("python {s:?}"),
        Value::Tuple(items) | Value::List(items) => format!(
            "({})",
            items
                .iter()
                .map(render_value)
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => format!("{other:?}"),
    }
}

/// NumPy's result, or its exception.
pub fn render_numpy(r: &Result<Value, RefError>) -> String {
    match r {
        Ok(v) => render_value(v),
        Err(e) => format!("error {e}"),
    }
}

fn dtype_expr(d: DType) -> String {
    if d == DType::BF16 {
        "ml_dtypes.bfloat16".into()
    } else {
        format!("np.dtype({:?})", d.name())
    }
}

fn float_lit(x: f64) -> String {
    if x.is_nan() {
        if x.is_sign_negative() { "-nan" } else { "nan" }.into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{x:?}")
    }
}

fn scalar_lit(s: &PyScalar) -> String {
    match s {
        PyScalar::Bool(b) => if *b { "True" } else { "False" }.into(),
        PyScalar::Int(i) => i.to_string(),
        PyScalar::Float(x) => float_lit(*x),
        PyScalar::Complex(re, im) => format!("complex({}, {})", float_lit(*re), float_lit(*im)),
    }
}

/// Python source for `v`; arrays become `view(...)` lines appended to `lines` as `aN`.
fn py(v: &Value, lines: &mut Vec<String>) -> Result<String, String> {
    Ok(match v {
        Value::Tensor(t) => {
            let s = TensorSpec::from_tensor(t)?;
            let name = format!("a{}", lines.len());
            let storage: Vec<String> = s.storage.iter().map(elem).collect();
            lines.push(format!(
                "{name} = view([{}], {}, {:?}, {:?}, {})",
                storage.join(", "),
                dtype_expr(s.dtype()?),
                s.shape,
                s.strides,
                s.offset
            ));
            name
        }
        Value::Scalar(s) => scalar_lit(s),
        Value::Tuple(items) => {
            let parts = items
                .iter()
                .map(|x| py(x, lines))
                .collect::<Result<Vec<_>, _>>()?;
            match parts.len() {
                0 => "()".into(),
                1 => format!("({},)", parts[0]),
                _ => format!("({})", parts.join(", ")),
            }
        }
        Value::List(items) => {
            let parts = items
                .iter()
                .map(|x| py(x, lines))
                .collect::<Result<Vec<_>, _>>()?;
            format!("[{}]", parts.join(", "))
        }
        Value::None => "None".into(),
        Value::DType(d) => dtype_expr(*d),
        Value::Str(s) => format!("{s:?}"),
        Value::Int(i) => i.to_string(),
        Value::Float(x) => float_lit(*x),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
    })
}

/// A Python script reproducing NumPy's side of `case`: the arrays exactly as the oracle
/// passes them, then the reference call.
pub fn numpy_snippet(op: &OpInfo, case: &Case) -> Result<String, String> {
    let s = case.to_sample()?;
    let (args, kwargs) = numpy::reference_args(op, &s.args, &s.kwargs, &s.out, true);
    let mut lines: Vec<String> = vec![
        "import math".into(),
        "import numpy as np".into(),
        "import ml_dtypes".into(),
    ];
    let func = match op.reference {
        Reference::Numpy(name) => format!("np.{name}"),
        Reference::Dotted(name) => {
            if let Some((module, _)) = name.rsplit_once('.') {
                lines.push(format!("import {module}"));
            }
            name.to_string()
        }
        Reference::Expr(e) => {
            lines.push(format!("f = {e}"));
            "f".into()
        }
    };
    lines.push("nan, inf = float('nan'), float('inf')".into());
    lines.push(
        "def view(storage, dtype, shape, strides, offset):\n    \
         # The harness's layout: a view over the whole buffer, strides and offset in elements.\n    \
         base = np.array(storage, dtype=dtype)\n    \
         it = base.itemsize\n    \
         return np.ndarray(shape, dtype, buffer=base, offset=offset * it, \
         strides=tuple(s * it for s in strides))"
            .into(),
    );
    let mut arrays = Vec::new();
    let mut call = Vec::new();
    for a in &args {
        call.push(py(a, &mut arrays)?);
    }
    for (k, v) in &kwargs {
        call.push(format!("{k}={}", py(v, &mut arrays)?));
    }
    let mut src = lines.join("\n");
    src.push('\n');
    src.push_str(&arrays.join("\n"));
    src.push_str(&format!("\nprint(repr({func}({})))\n", call.join(", ")));
    Ok(src)
}
