//! Engine vs NumPy, same process: matmul of 256², 1024² and 2048² float32/float64/complex64
//! matrices, a stack of 10^4 4x4 float64 products, and det, inv, solve, cholesky, eigvalsh,
//! svdvals, eigh, svd, qr, pinv and lstsq of 512² float64 matrices. The engine on 1 rayon
//! thread and on the default pool (faer runs each matrix on one thread; stacks are spread over
//! the pool); NumPy with its OpenBLAS threads. Prints best-of-N times and engine/NumPy
//! (< 1: faster).
//!
//! `env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE cargo run --release -p harness --example bench_linalg`
//! (this environment sets both, which slows OpenBLAS; unset them for the comparison).

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

/// NumPy's time for `expr` of `a` and `b`, the loop inside Python (its own call overhead).
fn numpy_time(expr: &str, a: &Tensor, b: &Tensor, reps: usize) -> f64 {
    let timer = format!(
        "lambda a, b, reps: min(__import__('timeit').repeat(lambda: {expr}, number=1, repeat=reps))"
    );
    let args = [
        Value::Tensor(a.clone()),
        Value::Tensor(b.clone()),
        Value::Int(reps as i64),
    ];
    match reference::eval_call(&timer, &args, &[]).expect("NumPy timing runs") {
        Value::Scalar(backends::PyScalar::Float(t)) => t,
        other => panic!("unexpected timing result {other:?}"),
    }
}

fn random(dtype: DType, shape: &[usize], seed: u64) -> Tensor {
    let mut rng = Rng::new(seed);
    opinfo::samples::random(dtype, shape, &mut rng, opinfo::Domain::Any)
}

/// A symmetric positive-definite float64 matrix: `a a^T + n I`.
fn spd(n: usize) -> Tensor {
    let a = random(DType::F64, &[n, n], 3);
    let g = a.matmul(&a.transpose()).expect("a product");
    let eye: Vec<f64> = (0..n * n)
        .map(|k| if k / n == k % n { n as f64 } else { 0.0 })
        .collect();
    g.add(Tensor::from_vec(eye, &[n, n]).expect("a matrix"))
        .expect("a sum")
}

fn row(what: &str, dtype: DType, threads: usize, t: f64, np: f64) {
    println!(
        "{:<22} {:<10} {:>8} {:>11.3} {:>11.3} {:>7.2}",
        what,
        dtype.name(),
        threads,
        t * 1e3,
        np * 1e3,
        t / np
    );
}

fn main() {
    let default_threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{:<22} {:<10} {:>8} {:>11} {:>11} {:>7}",
        "op", "dtype", "threads", "engine_ms", "numpy_ms", "ratio"
    );
    let mut cases: Vec<(String, DType, Tensor, Tensor, &str, usize)> = Vec::new();
    for n in [256usize, 1024, 2048] {
        for dtype in [DType::F32, DType::F64, DType::C64] {
            let a = random(DType::F64, &[n, n], 1)
                .astype(dtype, Casting::Unsafe)
                .expect("cast");
            let b = random(DType::F64, &[n, n], 2)
                .astype(dtype, Casting::Unsafe)
                .expect("cast");
            let reps = if n >= 2048 { 2 } else { 5 };
            cases.push((
                format!("matmul {n}x{n}"),
                dtype,
                a,
                b,
                "np.matmul(a, b)",
                reps,
            ));
        }
    }
    let (sa, sb) = (
        random(DType::F64, &[10_000, 4, 4], 4),
        random(DType::F64, &[10_000, 4, 4], 5),
    );
    cases.push((
        "matmul 10^4 x 4x4".into(),
        DType::F64,
        sa,
        sb,
        "np.matmul(a, b)",
        5,
    ));
    let (m, rhs) = (spd(512), random(DType::F64, &[512], 6));
    for (name, expr) in [
        ("det 512", "np.linalg.det(a)"),
        ("inv 512", "np.linalg.inv(a)"),
        ("solve 512", "np.linalg.solve(a, b)"),
        ("cholesky 512", "np.linalg.cholesky(a)"),
        ("eigvalsh 512", "np.linalg.eigvalsh(a)"),
        ("svdvals 512", "np.linalg.svdvals(a)"),
        ("eigh 512", "np.linalg.eigh(a)"),
        ("svd 512", "np.linalg.svd(a)"),
        ("qr 512", "np.linalg.qr(a)"),
        ("pinv 512", "np.linalg.pinv(a)"),
        ("lstsq 512", "np.linalg.lstsq(a, b)"),
    ] {
        cases.push((name.into(), DType::F64, m.clone(), rhs.clone(), expr, 3));
    }
    for (what, dtype, a, b, expr, reps) in cases {
        let np = numpy_time(expr, &a, &b, reps);
        let op = what.split(' ').next().unwrap_or("");
        for threads in [1, default_threads] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("thread pool");
            let t = pool.install(|| {
                best_of(reps, || {
                    let r = match op {
                        "det" => a.det(),
                        "inv" => a.inv(),
                        "solve" => a.solve(&b),
                        "cholesky" => a.cholesky(false),
                        "eigvalsh" => a.eigvalsh("L"),
                        "svdvals" => a.svdvals(),
                        "eigh" => a.eigh("L").map(|(w, _)| w),
                        "svd" => a.svd(true, false).map(|(_, s, _)| s),
                        "qr" => a
                            .qr(backends::linalg::qr::QrMode::Reduced)
                            .map(|mut f| f.remove(0)),
                        "pinv" => a.pinv(None, false, None),
                        "lstsq" => a.lstsq(&b, None).map(|(x, ..)| x),
                        _ => a.matmul(&b),
                    };
                    std::hint::black_box(r.expect("op runs"));
                })
            });
            row(&what, dtype, threads, t, np);
        }
    }
}
