//! The NumPy side of a trial: the op's reference called on the same operands.
//!
//! bfloat16 rule (NumPy has no bfloat16 arithmetic of its own): bfloat16 operands are widened
//! exactly to float32, NumPy computes in float32, and a float32 result is rounded to bfloat16
//! (round-to-nearest-even) when the engine's result dtype is bfloat16 — which is how the engine
//! computes bfloat16 too. Result *dtypes* for bfloat16 are checked separately by the
//! `result_dtype` template (bfloat16 promotes like float16).

use backends::{Arg, Casting, DType, PyScalar, Tensor};
use opinfo::OpInfo;
use reference::{RefError, Value};

fn to_value(a: &Arg, widen_bf16: bool, round_floats: bool) -> Value {
    match a {
        Arg::Tensor(t) if widen_bf16 && t.dtype() == DType::BF16 => Value::Tensor(
            t.astype(DType::F32, Casting::Unsafe)
                .expect("bf16 -> f32 is a valid cast"),
        ),
        Arg::Tensor(t) => Value::Tensor(t.clone()),
        // A Python float next to bfloat16 arrays becomes bfloat16 on the engine (NEP 50, as it
        // becomes float16 next to float16); the float32 proxy must see that rounded value.
        Arg::Scalar(PyScalar::Float(x)) if round_floats => {
            Value::Scalar(PyScalar::Float(half::bf16::from_f64(*x).to_f64()))
        }
        Arg::Scalar(s) => Value::Scalar(*s),
    }
}

/// Calls NumPy's reference for `op` on `args` (with `out=` when given); bfloat16 operands are
/// widened (see the module doc) unless `widen_bf16` is false or the op's reference runs on
/// real bfloat16.
pub fn call(
    op: &OpInfo,
    args: &[Arg],
    out: Option<&Tensor>,
    widen_bf16: bool,
) -> Result<Value, RefError> {
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
    let loop_ins = backends::ufunc(op.name)
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
    match out {
        None => reference::call(&format!("numpy.{}", op.numpy), &vals, &[]),
        Some(o) => {
            // NumPy writes into a fresh writeable copy of `out` and returns it.
            let o = to_value(&Arg::Tensor(o.clone()), widen_bf16, false);
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
