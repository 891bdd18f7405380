//! Engine vs NumPy, same process: sum, mean, var, max, argmax, cumsum and median of 10^6 and
//! 10^7 float32/float64 elements as a 2-D array, reduced along its contiguous axis (axis=-1)
//! and along its strided axis (axis=0); the engine on 1 rayon thread and on the default pool
//! (NumPy's reductions are single-threaded). Prints best-of-N times and engine/NumPy (< 1:
//! faster).
//!
//! `cargo run --release -p harness --example bench_reductions`

use backends::ops::reduce::{Axis, ReduceArgs};
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

fn numpy_time(expr: &str, a: &Tensor, axis: i64, reps: usize) -> f64 {
    // The timing loop runs inside Python so call overhead is NumPy's own, as a user sees it.
    let timer = format!(
        "lambda a, axis, reps: min(__import__('timeit').repeat(lambda: {expr}, number=1, repeat=reps))"
    );
    let args = [
        Value::Tensor(a.clone()),
        Value::Int(axis),
        Value::Int(reps as i64),
    ];
    match reference::eval_call(&timer, &args, &[]).expect("NumPy timing runs") {
        Value::Scalar(backends::PyScalar::Float(t)) => t,
        other => panic!("unexpected timing result {other:?}"),
    }
}

fn engine(op: &str, a: &Tensor, axis: isize) -> backends::Result<Tensor> {
    let r = ReduceArgs::axis(Axis::One(axis));
    match op {
        "sum" => a.sum(&r),
        "mean" => a.mean(&r),
        "var" => a.var(&r, 0.0),
        "max" => a.max(&r),
        "argmax" => a.argmax(Some(axis), false, None),
        "cumsum" => a.cumsum(Some(axis), None, None),
        _ => a.median(&Axis::One(axis), false, None),
    }
}

fn main() {
    let default_threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{:<7} {:<8} {:>9} {:>6} {:>8} {:>11} {:>11} {:>7}",
        "op", "dtype", "n", "axis", "threads", "engine_ms", "numpy_ms", "ratio"
    );
    for dtype in [DType::F32, DType::F64] {
        for n in [1_000_000usize, 10_000_000] {
            let mut rng = Rng::new(1);
            let a = opinfo::samples::random(
                DType::F64,
                &[n / 1000, 1000],
                &mut rng,
                opinfo::Domain::Any,
            )
            .astype(dtype, Casting::Unsafe)
            .expect("cast");
            let reps = if n > 1_000_000 { 3 } else { 10 };
            for (op, expr) in [
                ("sum", "np.sum(a, axis=axis)"),
                ("mean", "np.mean(a, axis=axis)"),
                ("var", "np.var(a, axis=axis)"),
                ("max", "np.max(a, axis=axis)"),
                ("argmax", "np.argmax(a, axis=axis)"),
                ("cumsum", "np.cumsum(a, axis=axis)"),
                ("median", "np.median(a, axis=axis)"),
            ] {
                for axis in [-1isize, 0] {
                    let np_t = numpy_time(expr, &a, axis as i64, reps);
                    for threads in [1, default_threads] {
                        let pool = rayon::ThreadPoolBuilder::new()
                            .num_threads(threads)
                            .build()
                            .expect("thread pool");
                        let t = pool.install(|| {
                            best_of(reps, || {
                                std::hint::black_box(engine(op, &a, axis).expect("op runs"));
                            })
                        });
                        println!(
                            "{:<7} {:<8} {:>9} {:>6} {:>8} {:>11.3} {:>11.3} {:>7.2}",
                            op,
                            dtype.name(),
                            n,
                            axis,
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
}
