//! The NumPy side of a trial: the op's reference called on the same operands and keywords.
//!
//! bfloat16 rule (NumPy has no bfloat16 arithmetic of its own): bfloat16 operands are widened
//! exactly to float32, NumPy computes in float32, and a float32 result is rounded to bfloat16
//! (round-to-nearest-even) when the engine's result dtype is bfloat16 — which is how the engine
//! computes bfloat16 too. A `dtype=bfloat16` keyword becomes `dtype=float32` for the same
//! reason. Result *dtypes* for bfloat16 are checked separately by the `result_dtype` template
//! (bfloat16 promotes like float16).

use backends::{Arg, Casting, DType, PyScalar, Tensor};
use opinfo::{Kw, OpInfo, Reference, Sample};
use reference::{RefError, Value};

/// `t` as float32 with the same layout: the buffer is cast element for element and keeps its
/// strides, so a broadcast view of one element stays one element (the error inputs broadcast
/// to 2**44 elements) and NumPy sees the same strides as the engine.
fn widen_bf16_buffer(t: &Tensor) -> Tensor {
    let cpu = t.to_device(backends::Device::Cpu).expect("a CPU copy");
    let buffer = cpu.storage().expect("a host buffer").clone();
    let n = buffer.len();
    let flat = Tensor::from_storage(buffer, backends::Layout::contiguous(&[n]))
        .expect("the whole buffer as a vector")
        .astype(DType::F32, Casting::Unsafe)
        .expect("bf16 -> f32 is a valid cast");
    let wide = flat.storage().expect("a host buffer").clone();
    Tensor::from_storage(wide, t.layout().clone()).expect("the same layout over a buffer as long")
}

fn widen(t: &Tensor, widen_bf16: bool) -> Value {
    if widen_bf16 && t.dtype() == DType::BF16 {
        let wide = widen_bf16_buffer(t);
        // The proxy keeps a read-only tensor's flag, so NumPy refuses it as out= too.
        Value::Tensor(if t.is_writeable() {
            wide
        } else {
            wide.read_only()
        })
    } else {
        Value::Tensor(t.clone())
    }
}

fn to_value(a: &Arg, widen_bf16: bool, round_floats: bool) -> Value {
    match a {
        Arg::Tensor(t) => widen(t, widen_bf16),
        // A Python float next to bfloat16 arrays becomes bfloat16 on the engine (NEP 50, as it
        // becomes float16 next to float16); the float32 proxy must see that rounded value.
        Arg::Scalar(PyScalar::Float(x)) if round_floats => {
            Value::Scalar(PyScalar::Float(half::bf16::from_f64(*x).to_f64()))
        }
        Arg::Scalar(s) => Value::Scalar(*s),
    }
}

/// A keyword's value as the Python object NumPy expects.
pub fn kw_value(k: &Kw, widen_bf16: bool) -> Value {
    match k {
        Kw::None => Value::None,
        Kw::Bool(b) => Value::Bool(*b),
        Kw::Int(i) => Value::Int(*i),
        Kw::Ints(v) => Value::Tuple(v.iter().map(|&i| Value::Int(i)).collect()),
        Kw::Float(x) => Value::Float(*x),
        Kw::Str(s) => Value::Str(s.to_string()),
        Kw::DType(DType::BF16) if widen_bf16 => Value::DType(DType::F32),
        Kw::DType(d) => Value::DType(*d),
        Kw::Tensor(t) => widen(t, widen_bf16),
        Kw::Scalar(s) => Value::Scalar(*s),
    }
}

/// A sample's operands and keywords as Python values, unchanged (no bfloat16 widening): for
/// expressions computed beside the reference (error-bound scales, exact results).
pub fn sample_values(s: &Sample) -> (Vec<Value>, Vec<(&'static str, Value)>) {
    let args = s
        .args
        .iter()
        .map(|a| match a {
            Arg::Tensor(t) => Value::Tensor(t.clone()),
            Arg::Scalar(x) => Value::Scalar(*x),
        })
        .collect();
    let kw = s
        .kwargs
        .iter()
        .map(|(k, v)| (*k, kw_value(v, false)))
        .collect();
    (args, kw)
}

/// Calls the reference of `op` on a sample's operands and keywords (with `out=` when the
/// sample has one); see [`call`].
pub fn call_sample(op: &OpInfo, s: &Sample, widen_bf16: bool) -> Result<Value, RefError> {
    call(op, &s.args, &s.kwargs, &s.out, widen_bf16)
}

/// Calls NumPy's reference for `op` on `args` and `kwargs` (with `out=` when given: one tensor
/// as itself, several as a tuple); bfloat16
/// operands are widened (see the module doc) unless `widen_bf16` is false or the op's
/// reference runs on real bfloat16. NumPy writes `out=` into its own copy of the buffer.
pub fn call(
    op: &OpInfo,
    args: &[Arg],
    kwargs: &[(&'static str, Kw)],
    out: &[Tensor],
    widen_bf16: bool,
) -> Result<Value, RefError> {
    if let Some(h) = op.reference_hazard.filter(|h| (h.applies)(args, kwargs)) {
        return Err(RefError::Unsupported(format!(
            "NumPy is not called here: {}",
            h.reason
        )));
    }
    let (vals, kw) = reference_args(op, args, kwargs, out, widen_bf16);
    invoke(op.reference, &vals, &kw)
}

/// The Python values [`call`] passes to the reference: positional operands and keywords
/// (`out=` last), bfloat16 widened as the module doc says.
pub fn reference_args(
    op: &OpInfo,
    args: &[Arg],
    kwargs: &[(&'static str, Kw)],
    out: &[Tensor],
    widen_bf16: bool,
) -> (Vec<Value>, Vec<(&'static str, Value)>) {
    let widen_bf16 = widen_bf16 && !op.bf16_native_reference;
    // Which operands the engine's loop takes as bfloat16: a Python float there is rounded to
    // bfloat16 first (NEP 50 casts it to the loop dtype), so the proxy must round it too.
    let operands: Vec<backends::Operand> = args
        .iter()
        .map(|a| match a {
            Arg::Tensor(t) => backends::Operand::Array(t.dtype()),
            Arg::Scalar(s) => backends::Operand::Scalar(*s),
        })
        .collect();
    let loop_ins = backends::ops::multi::loop_ufunc(op.name)
        .and_then(|u| u.resolve(&operands).ok())
        .map(|l| l.ins);
    let vals: Vec<Value> = args
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let round = widen_bf16
                && loop_ins
                    .as_ref()
                    .is_some_and(|l| l.get(k) == Some(&DType::BF16));
            to_value(a, widen_bf16, round)
        })
        .collect();
    let mut kw: Vec<(&'static str, Value)> = kwargs
        .iter()
        .map(|(k, v)| (*k, kw_value(v, widen_bf16)))
        .collect();
    match out {
        [] => {}
        [o] => kw.push(("out", widen(o, widen_bf16))),
        many => kw.push((
            "out",
            Value::Tuple(many.iter().map(|o| widen(o, widen_bf16)).collect()),
        )),
    }
    (vals, kw)
}

/// Calls a [`Reference`] with converted arguments.
pub fn invoke(r: Reference, args: &[Value], kwargs: &[(&str, Value)]) -> Result<Value, RefError> {
    match r {
        Reference::Numpy(name) => reference::call(&format!("numpy.{name}"), args, kwargs),
        Reference::Dotted(name) => reference::call(name, args, kwargs),
        Reference::Expr(e) => reference::eval_call(e, args, kwargs),
    }
}

/// The op's reference as a Python expression evaluating to the callable (in a namespace with
/// `np`, `numpy`, `math` and `ml_dtypes`).
pub fn callable_source(op: &OpInfo) -> String {
    match op.reference {
        Reference::Numpy(name) => format!("numpy.{name}"),
        Reference::Dotted(name) => {
            let (module, attr) = name.rsplit_once('.').unwrap_or(("builtins", name));
            format!("__import__('importlib').import_module('{module}').{attr}")
        }
        Reference::Expr(e) => format!("({e})"),
    }
}

/// Whether NumPy raises for `s`, without converting its result (an error input's result, when
/// NumPy has one, may be a view of 2**44 elements that cannot be copied): `Ok(())` when the
/// reference returned.
pub fn raises(op: &OpInfo, s: &Sample, widen_bf16: bool) -> Result<(), RefError> {
    let (vals, kw) = reference_args(op, &s.args, &s.kwargs, &s.out, widen_bf16);
    let discard = format!(
        "lambda *a, **k: [{}(*a, **k), None][1]",
        callable_source(op)
    );
    reference::eval_call(&discard, &vals, &kw).map(|_| ())
}

/// The result as a tensor (a Python scalar result becomes a 0-d tensor of NumPy's default type).
pub fn as_tensor(v: Value) -> Result<Tensor, String> {
    match v {
        Value::Tensor(t) => Ok(t),
        Value::Scalar(s) => {
            let d = s.resolve("numpy", None).map_err(|e| e.to_string())?;
            Ok(backends::ops::ufunc::scalar_tensor(s, d))
        }
        other => Err(format!("NumPy returned a non-array value: {other:?}")),
    }
}

/// Every output of a result: a tuple's items in order, else the one value.
pub fn as_tensors(v: Value) -> Result<Vec<Tensor>, String> {
    match v {
        Value::Tuple(items) | Value::List(items) => items.into_iter().map(as_tensor).collect(),
        other => as_tensor(other).map(|t| vec![t]),
    }
}

/// Rounds a float32 NumPy result to bfloat16 when the engine's result is bfloat16.
pub fn round_like_engine(expected: Tensor, engine_dtype: DType) -> Tensor {
    if engine_dtype == DType::BF16 && expected.dtype() == DType::F32 {
        expected
            .astype(DType::BF16, Casting::Unsafe)
            .expect("f32 -> bf16 is a valid cast")
    } else {
        expected
    }
}

/// True when NumPy's exception (class or a base class) is one of the classes of `kind`.
pub fn error_matches(kind: backends::ErrorKind, err: &RefError) -> bool {
    kind.python_classes().iter().any(|c| err.is_instance_of(c))
}
