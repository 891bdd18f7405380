//! Tests of the NumPy oracle: layouts reach NumPy unchanged for every dtype, results and
//! exceptions come back as values, and many threads can call at once.

use backends::element::{Cf64, Element, Hub};
use backends::{with_dtype, CpuStorage, DType, Layout, PyScalar, Tensor};
use reference::{call, eval_call, versions, RefError, Value};
use std::time::Instant;

/// A buffer of `n` distinct-ish values of `dtype` (complex parts non-zero for complex dtypes).
fn storage(dtype: DType, n: usize) -> CpuStorage {
    with_dtype!(dtype, T, {
        T::into_storage(
            (0..n)
                .map(|i| {
                    T::from_hub(Hub::Complex(Cf64::new(
                        i as f64 * 1.5 - 7.0,
                        0.25 * i as f64,
                    )))
                })
                .collect(),
        )
    })
}

/// `(name, shape, strides, offset)` views over a 24-element buffer.
fn layouts() -> Vec<(&'static str, Vec<usize>, Vec<isize>, usize)> {
    vec![
        ("contiguous", vec![2, 3, 4], vec![12, 4, 1], 0),
        ("transposed", vec![4, 3, 2], vec![1, 4, 12], 0),
        ("negative", vec![3, 4], vec![-6, -1], 23),
        ("mixed-sign", vec![2, 3], vec![-12, 3], 14),
        ("broadcast", vec![5, 3], vec![0, 2], 1),
        ("broadcast-0d-like", vec![2, 2], vec![0, 0], 9),
        ("offset", vec![2, 2], vec![5, 2], 7),
        ("zero-d", vec![], vec![], 13),
        ("empty", vec![0, 3], vec![3, 1], 0),
        // An empty view may carry an offset past the buffer (layout invariant 5).
        ("empty-offset", vec![2, 0], vec![1, 1], 40),
    ]
}

/// What NumPy saw: `(strides, byte offset into the buffer or -1 when empty, dtype name)`.
const INSPECT: &str = "lambda a: (a.strides, \
    (a.__array_interface__['data'][0] - np.asarray(a.base).__array_interface__['data'][0]) \
    if a.size else -1, str(a.dtype))";

fn ints(v: &Value) -> Vec<i64> {
    match v {
        Value::Tuple(xs) => xs
            .iter()
            .map(|x| match x {
                Value::Scalar(PyScalar::Int(i)) => *i as i64,
                other => panic!("expected int, got {other:?}"),
            })
            .collect(),
        other => panic!("expected tuple, got {other:?}"),
    }
}

#[test]
fn every_dtype_and_layout_round_trips() {
    for dtype in DType::ALL {
        for (name, shape, strides, offset) in layouts() {
            let t = Tensor::from_storage(
                storage(dtype, 24),
                Layout::new(shape.clone(), strides.clone(), offset, 24).unwrap(),
            )
            .unwrap();
            let ctx = format!("{dtype} {name}");

            // NumPy sees the same strides, offset and dtype.
            let seen = eval_call(INSPECT, &[t.clone().into()], &[]).unwrap();
            let Value::Tuple(parts) = seen else {
                panic!("{ctx}: {seen:?}")
            };
            let item = dtype.itemsize() as i64;
            let want: Vec<i64> = strides.iter().map(|&s| s as i64 * item).collect();
            assert_eq!(ints(&parts[0]), want, "{ctx}: strides");
            if t.numel() > 0 {
                assert!(
                    matches!(parts[1], Value::Scalar(PyScalar::Int(o)) if o == offset as i128 * item as i128),
                    "{ctx}: offset {:?}",
                    parts[1]
                );
            }
            assert!(
                matches!(&parts[2], Value::Str(s) if s == dtype.name()),
                "{ctx}: dtype {:?}",
                parts[2]
            );

            // Values survive a round trip (copy for all; positive for numeric dtypes).
            let mut funcs = vec!["numpy.copy"];
            if dtype != DType::Bool {
                funcs.push("numpy.positive");
            }
            for f in funcs {
                let out = call(f, &[t.clone().into()], &[]).unwrap();
                let out = out.into_tensor().unwrap_or_else(|| panic!("{ctx} {f}"));
                assert_eq!(out.dtype(), dtype, "{ctx} {f}: dtype");
                assert_eq!(out.shape(), t.shape(), "{ctx} {f}: shape");
                assert!(out.layout().is_c_contiguous(), "{ctx} {f}");
                assert_eq!(
                    *out.storage().unwrap(),
                    *t.copy().unwrap().storage().unwrap(),
                    "{ctx} {f}: values"
                );
            }
        }
    }
}

#[test]
fn exceptions_are_values() {
    let a = Tensor::from_vec(vec![1.0f64, 2.0], &[2]).unwrap();
    let b = Tensor::from_vec(vec![1.0f64, 2.0, 3.0], &[3]).unwrap();
    match call("numpy.add", &[a.clone().into(), b.into()], &[]) {
        Err(RefError::Python {
            class,
            mro,
            message,
        }) => {
            assert_eq!(class, "ValueError");
            assert!(mro.contains(&"Exception".to_string()));
            assert!(message.contains("broadcast"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let e = call(
        "numpy.moveaxis",
        &[a.into(), Value::Int(5), Value::Int(0)],
        &[],
    )
    .unwrap_err();
    let RefError::Python { class, mro, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(class, "AxisError");
    for base in ["AxisError", "ValueError", "IndexError"] {
        assert!(mro.iter().any(|c| c == base), "{mro:?}");
        assert!(e.is_instance_of(base));
    }
    // Unknown names are the oracle's problem, not a NumPy exception.
    assert!(matches!(
        call("numpy.no_such_function", &[], &[]),
        Err(RefError::Unsupported(_))
    ));
}

#[test]
fn versions_are_the_pins() {
    let v = versions().unwrap();
    assert_eq!(v.numpy, "2.4.6");
    assert_eq!(v.ml_dtypes, "0.6.0");
    assert!(v.python.starts_with("3."), "{v:?}");
    eprintln!("oracle versions: {v:?}");
}

#[test]
fn bfloat16_add_is_computed_by_ml_dtypes() {
    use half::bf16;
    let a = Tensor::from_vec(vec![bf16::from_f32(1.5), bf16::from_f32(256.0)], &[2]).unwrap();
    let b = Tensor::from_vec(vec![bf16::from_f32(2.25), bf16::from_f32(1.0)], &[2]).unwrap();
    let out = call("numpy.add", &[a.into(), b.into()], &[])
        .unwrap()
        .into_tensor()
        .unwrap();
    assert_eq!(out.dtype(), DType::BF16);
    // 256 + 1 rounds to 256 in bfloat16 (8 significant bits): proof it was not computed in f32.
    assert_eq!(
        out.to_vec::<bf16>().unwrap(),
        vec![bf16::from_f32(3.75), bf16::from_f32(256.0)]
    );
    // A bfloat16 dtype argument.
    let z = call(
        "numpy.zeros",
        &[Value::Tuple(vec![Value::Int(3)])],
        &[("dtype", DType::BF16.into())],
    )
    .unwrap()
    .into_tensor()
    .unwrap();
    assert_eq!((z.dtype(), z.shape()), (DType::BF16, &[3usize][..]));
}

#[test]
fn result_kinds() {
    // NumPy scalars keep their dtype as 0-d tensors.
    let s = call("numpy.float32", &[Value::Float(1.25)], &[]).unwrap();
    let s = s.into_tensor().unwrap();
    assert_eq!((s.dtype(), s.ndim()), (DType::F32, 0));
    assert_eq!(s.to_vec::<f32>().unwrap(), vec![1.25]);
    // Python scalars stay Python scalars.
    assert!(matches!(
        call("builtins.abs", &[Value::Int(-3)], &[]).unwrap(),
        Value::Scalar(PyScalar::Int(3))
    ));
    assert!(matches!(
        eval_call("lambda: (True, 2.5, 1+2j, None, 'F')", &[], &[]).unwrap(),
        Value::Tuple(v) if matches!(v[..], [
            Value::Scalar(PyScalar::Bool(true)),
            Value::Scalar(PyScalar::Float(f)),
            Value::Scalar(PyScalar::Complex(re, im)),
            Value::None,
            Value::Str(_),
        ] if f == 2.5 && re == 1.0 && im == 2.0)
    ));
    let big = Value::Scalar(PyScalar::Int(1i128 << 100));
    assert!(matches!(
        call("builtins.abs", &[big], &[]).unwrap(),
        Value::Scalar(PyScalar::Int(i)) if i == 1i128 << 100
    ));
    // Tuples of arrays (divmod), dtypes (result_type), lists.
    let a = Tensor::from_vec(vec![7i32, -7], &[2]).unwrap();
    let Value::Tuple(qr) = call("numpy.divmod", &[a.into(), Value::Int(2)], &[]).unwrap() else {
        panic!()
    };
    assert_eq!(
        qr[0].as_tensor().unwrap().to_vec::<i32>().unwrap(),
        vec![3, -4]
    );
    assert_eq!(
        qr[1].as_tensor().unwrap().to_vec::<i32>().unwrap(),
        vec![1, 1]
    );
    assert!(matches!(
        call(
            "numpy.result_type",
            &[DType::I8.into(), DType::U8.into()],
            &[]
        )
        .unwrap(),
        Value::DType(DType::I16)
    ));
    assert!(matches!(
        call(
            "numpy.result_type",
            &[DType::BF16.into(), DType::F32.into()],
            &[]
        )
        .unwrap(),
        Value::DType(DType::F32)
    ));
    assert!(matches!(
        eval_call("lambda: [1, 2]", &[], &[]).unwrap(),
        Value::List(v) if v.len() == 2
    ));
    // Unsupported results are errors, not panics.
    for expr in [
        "lambda: np.array(['a'])",
        "lambda: np.array([object()])",
        "lambda: np.datetime64('2020-01-01')",
        "lambda: np.longdouble(1)",
        "lambda: {}",
    ] {
        assert!(
            matches!(eval_call(expr, &[], &[]), Err(RefError::Unsupported(_))),
            "{expr}"
        );
    }
    // Byte-swapped arrays are normalised.
    let be = eval_call("lambda: np.arange(3, dtype='>f8')", &[], &[]).unwrap();
    assert_eq!(
        be.into_tensor().unwrap().to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 2.0]
    );
}

#[test]
fn many_threads_call_at_once() {
    let handles: Vec<_> = (0..8)
        .map(|k| {
            std::thread::spawn(move || {
                for i in 0..50 {
                    let x = Tensor::from_vec(vec![k as f64, i as f64], &[2]).unwrap();
                    let out = call("numpy.multiply", &[x.into(), Value::Float(2.0)], &[]).unwrap();
                    let v = out.into_tensor().unwrap().to_vec::<f64>().unwrap();
                    assert_eq!(v, vec![2.0 * k as f64, 2.0 * i as f64]);
                }
            })
        })
        .collect();
    for h in handles {
        h.join().unwrap();
    }
}

/// Per-call overhead and copy-in throughput. Run with
/// `cargo test -p reference --release -- --ignored --nocapture overhead`.
#[test]
#[ignore]
fn overhead() {
    reference::init().unwrap();
    let a = Tensor::from_vec(vec![1.0f64], &[1]).unwrap();
    let b = Tensor::from_vec(vec![2.0f64], &[1]).unwrap();
    let args = [Value::from(&a), Value::from(&b)];
    for _ in 0..1000 {
        call("numpy.add", &args, &[]).unwrap();
    }
    let n = 10_000;
    let t0 = Instant::now();
    for _ in 0..n {
        call("numpy.add", &args, &[]).unwrap();
    }
    let per = t0.elapsed().as_secs_f64() / n as f64;
    eprintln!(
        "numpy.add on 1-element f64 arrays: {:.2} us/call",
        per * 1e6
    );

    let t0 = Instant::now();
    for _ in 0..n {
        eval_call("lambda: None", &[], &[]).unwrap();
    }
    let per = t0.elapsed().as_secs_f64() / n as f64;
    eprintln!("empty Python call (lambda: None): {:.2} us/call", per * 1e6);

    let big = Tensor::from_vec(
        (0..1_000_000).map(|i| i as f64).collect::<Vec<_>>(),
        &[1000, 1000],
    )
    .unwrap();
    let args = [Value::from(&big)];
    let reps = 50;
    let t0 = Instant::now();
    for _ in 0..reps {
        eval_call("lambda a: None", &args, &[]).unwrap();
    }
    let per = t0.elapsed().as_secs_f64() / reps as f64;
    eprintln!(
        "copy-in of 1e6 f64: {:.3} ms ({:.2} GB/s)",
        per * 1e3,
        8e6 / per / 1e9
    );
    let t0 = Instant::now();
    for _ in 0..reps {
        call("numpy.copy", &args, &[]).unwrap();
    }
    let per = t0.elapsed().as_secs_f64() / reps as f64;
    eprintln!(
        "round trip (in + np.copy + out) of 1e6 f64: {:.3} ms ({:.2} GB/s each way)",
        per * 1e3,
        2.0 * 8e6 / per / 1e9
    );
}

#[test]
fn module_availability_is_asked_of_the_environment() {
    // NumPy is always there; a module no environment has is reported missing, not an error.
    assert!(reference::module_available("numpy").expect("oracle"));
    assert!(!reference::module_available("opinfo_no_such_module").expect("oracle"));
    // The CI venv holds SciPy (reference/requirements.txt): it is found without importing it.
    assert!(reference::module_available("scipy").expect("oracle"));
}
