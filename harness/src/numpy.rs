//! The NumPy side of a trial: the op's reference called on the same operands.
//!
//! bfloat16 rule (NumPy has no bfloat16 arithmetic of its own): bfloat16 operands are widened
//! exactly to float32, NumPy computes in float32, and a float32 result is rounded to bfloat16
//! (round-to-nearest-even) when the engine's result dtype is bfloat16 — which is how the engine
//! computes bfloat16 too. Result *dtypes* for bfloat16 are checked separately by the
//! `result_dtype` template (bfloat16 promotes like float16).

use backends::{Arg, Casting, DType, Tensor};
use opinfo::OpInfo;
use reference::{RefError, Value};

fn to_value(a: &Arg, widen_bf16: bool) -> Value {
    match a {
        Arg::Tensor(t) if widen_bf16 && t.dtype() == DType::BF16 => {
            Value::Tensor(t.astype(DType::F32, Casting::Unsafe).expect("bf16 -> f32 is a valid cast"))
        }
        Arg::Tensor(t) => Value::Tensor(t.clone()),
        Arg::Scalar(s) => Value::Scalar(*s),
    }
}

/// Calls NumPy's reference for `op` on `args` (with `out=` when given); bfloat16 operands are
/// widened (see the module doc) unless `widen_bf16` is false.
pub fn call(op: &OpInfo, args: &[Arg], out: Option<&Tensor>, widen_bf16: bool) -> Result<Value, RefError> {
    let vals: Vec<Value> = args.iter().map(|a| to_value(a, widen_bf16)).collect();
    match out {
        None => reference::call(&format!("numpy.{}", op.numpy), &vals, &[]),
        Some(o) => {
            // NumPy writes into a fresh writeable copy of `out` and returns it.
            let o = to_value(&Arg::Tensor(o.clone()), widen_bf16);
            let mut all = vec![Value::Str(op.numpy.to_string()), o];
            all.extend(vals);
            reference::eval_call(
                "lambda name, out, *a: getattr(np, name)(*a, out=np.array(out, copy=True))",
                &all,
                &[],
            )
        }
    }
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

/// Rounds a float32 NumPy result to bfloat16 when the engine's result is bfloat16.
pub fn round_like_engine(expected: Tensor, engine_dtype: DType) -> Tensor {
    if engine_dtype == DType::BF16 && expected.dtype() == DType::F32 {
        expected.astype(DType::BF16, Casting::Unsafe).expect("f32 -> bf16 is a valid cast")
    } else {
        expected
    }
}

/// True when NumPy's exception (class or a base class) is one of the classes of `kind`.
pub fn error_matches(kind: backends::ErrorKind, err: &RefError) -> bool {
    kind.python_classes().iter().any(|c| err.is_instance_of(c))
}
