//! Timing of the reductions on 1e7-element float32/float64 arrays (contiguous axis, and axis 0
//! of a 2-D array); compare with the NumPy lines printed by `bench_reduce.py`-style timing.

use backends::ops::reduce::ReduceArgs;
use backends::Tensor;
use std::time::Instant;

fn time(name: &str, f: impl Fn() -> Tensor) {
    f();
    let mut best = f64::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        std::hint::black_box(r);
    }
    println!("{name:32} {:8.3} ms", best * 1e3);
}

fn main() {
    let n = 10_000_000usize;
    let v64: Vec<f64> = (0..n).map(|i| ((i * 7919) % 10007) as f64 * 1e-3).collect();
    let v32: Vec<f32> = v64.iter().map(|&x| x as f32).collect();
    let a32 = Tensor::from_vec(v32, &[n]).unwrap();
    let a64 = Tensor::from_vec(v64, &[n]).unwrap();
    let all = ReduceArgs::default();
    for (nm, a) in [("f32", &a32), ("f64", &a64)] {
        let m = a.reshape(&[10_000, 1000]).unwrap();
        time(&format!("{nm} sum"), || a.sum(&all).unwrap());
        time(&format!("{nm} mean"), || a.mean(&all).unwrap());
        time(&format!("{nm} var"), || a.var(&all, 0.0).unwrap());
        time(&format!("{nm} max"), || a.max(&all).unwrap());
        time(&format!("{nm} argmax"), || {
            a.argmax(None, false, None).unwrap()
        });
        time(&format!("{nm} cumsum"), || {
            a.cumsum(None, None, None).unwrap()
        });
        time(&format!("{nm} sum axis0 [1e4,1e3]"), || {
            m.sum(&ReduceArgs::axis(0)).unwrap()
        });
        time(&format!("{nm} sum axis1 [1e4,1e3]"), || {
            m.sum(&ReduceArgs::axis(1)).unwrap()
        });
        time(&format!("{nm} max axis0"), || {
            m.max(&ReduceArgs::axis(0)).unwrap()
        });
        time(&format!("{nm} argmax axis0"), || {
            m.argmax(Some(0), false, None).unwrap()
        });
        time(&format!("{nm} argmax axis1"), || {
            m.argmax(Some(1), false, None).unwrap()
        });
        time(&format!("{nm} mean axis0"), || {
            m.mean(&ReduceArgs::axis(0)).unwrap()
        });
        time(&format!("{nm} cumsum axis0"), || {
            m.cumsum(Some(0), None, None).unwrap()
        });
    }
}
