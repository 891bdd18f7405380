//! Engine vs NumPy, same process: add, multiply, sin, exp and a strided add on 10^6 and 10^7
//! float32/float64 elements, engine with 1 and 2 rayon threads (NumPy's ufunc loops are
//! single-threaded). Prints best-of-N times and the ratio engine/NumPy (< 1 means faster).
//!
//! `cargo run --release -p harness --example bench_ufuncs`

use backends::ops::view::Slice;
use backends::{Casting, DType, Tensor};
use opinfo::rng::Rng;
use reference::Value;
use std::time::Instant;

fn best_of<F: FnMut()>(reps: usize, mut f: F) -> f64 {
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

fn numpy_time(expr: &str, args: &[Value], reps: usize) -> f64 {
    // The timing loop runs inside Python so call overhead is NumPy's own, as a user sees it.
    let timer = format!(
        "lambda a, b, reps: min(__import__('timeit').repeat(lambda: {expr}, number=1, repeat=reps))"
    );
    let mut all = args.to_vec();
    all.push(Value::Int(reps as i64));
    match reference::eval_call(&timer, &all, &[]).expect("NumPy timing runs") {
        Value::Scalar(backends::PyScalar::Float(t)) => t,
        other => panic!("unexpected timing result {other:?}"),
    }
}

fn main() {
    println!(
        "{:<8} {:<8} {:>9} {:>8} {:>12} {:>12} {:>8}",
        "op", "dtype", "n", "threads", "engine_ms", "numpy_ms", "ratio"
    );
    for dtype in [DType::F32, DType::F64] {
        for n in [1_000_000usize, 10_000_000] {
            let mut rng = Rng::new(1);
            let a = opinfo::samples::random(DType::F64, &[2 * n], &mut rng, opinfo::Domain::Any)
                .astype(dtype, Casting::Unsafe)
                .expect("cast");
            let b = opinfo::samples::random(DType::F64, &[2 * n], &mut rng, opinfo::Domain::Any)
                .astype(dtype, Casting::Unsafe)
                .expect("cast");
            let (ac, bc) = (
                a.slice(&[Slice::new(None, Some(n as isize), 1)])
                    .unwrap()
                    .copy()
                    .unwrap(),
                b.slice(&[Slice::new(None, Some(n as isize), 1)])
                    .unwrap()
                    .copy()
                    .unwrap(),
            );
            let (as_, bs) = (
                a.slice(&[Slice::step(2)]).unwrap(),
                b.slice(&[Slice::step(2)]).unwrap(),
            );
            let reps = if n > 1_000_000 { 5 } else { 20 };
            let cases: [(&str, &str, &Tensor, &Tensor); 5] = [
                ("add", "np.add(a, b)", &ac, &bc),
                ("multiply", "np.multiply(a, b)", &ac, &bc),
                ("sin", "np.sin(a)", &ac, &bc),
                ("exp", "np.exp(a)", &ac, &bc),
                ("add[::2]", "np.add(a, b)", &as_, &bs),
            ];
            for (name, expr, x, y) in cases {
                let np_t = numpy_time(
                    expr,
                    &[Value::Tensor(x.clone()), Value::Tensor(y.clone())],
                    reps,
                );
                for threads in [1, 2] {
                    let pool = rayon::ThreadPoolBuilder::new()
                        .num_threads(threads)
                        .build()
                        .unwrap();
                    let t = pool.install(|| {
                        best_of(reps, || {
                            let r = match name {
                                "add" | "add[::2]" => x.add(y),
                                "multiply" => x.multiply(y),
                                "sin" => x.sin(),
                                _ => x.exp(),
                            };
                            std::hint::black_box(r.expect("op runs"));
                        })
                    });
                    println!(
                        "{:<8} {:<8} {:>9} {:>8} {:>12.3} {:>12.3} {:>8.2}",
                        name,
                        dtype.name(),
                        n,
                        threads,
                        t * 1e3,
                        np_t * 1e3,
                        t / np_t
                    );
                }
            }
        }
    }
}
