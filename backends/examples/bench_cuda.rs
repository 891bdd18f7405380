//! CUDA elementwise bandwidth: float32 `add` and `sin` on 2^26 elements against a
//! device-to-device copy of the same bytes (`cuMemcpyDtoD`), best of several runs, as a
//! fraction of the copy's bandwidth. Prints why and exits when CUDA is unavailable.
//!
//! `cargo run --release -p backends --example bench_cuda`

use backends::{Device, Tensor};
use std::time::Instant;

const N: usize = 1 << 26;
const REPS: usize = 20;

fn best(dev: &backends::cuda::CudaDevice, mut f: impl FnMut()) -> f64 {
    f(); // warm-up: module compile and load, first-touch allocation
    dev.synchronize().expect("sync");
    let mut best = f64::INFINITY;
    for _ in 0..REPS {
        let t = Instant::now();
        f();
        dev.synchronize().expect("sync");
        best = best.min(t.elapsed().as_secs_f64());
    }
    best
}

fn main() {
    let info = match backends::cuda::info() {
        Ok(i) => i,
        Err(why) => {
            println!("{why}");
            return;
        }
    };
    println!("{}", info.describe());
    let dev = backends::cuda::device(0).expect("device 0");
    let cuda = Device::Cuda(0);
    let host: Vec<f32> = (0..N).map(|i| (i % 1000) as f32 * 1e-3).collect();
    let a = Tensor::from_vec(host.clone(), &[N])
        .and_then(|t| t.to_device(cuda))
        .expect("upload");
    let b = Tensor::from_vec(host, &[N])
        .and_then(|t| t.to_device(cuda))
        .expect("upload");
    let bytes = (N * 4) as f64;

    let src = dev.stream().alloc_zeros::<u8>(N * 4).expect("alloc");
    let mut dst = dev.stream().alloc_zeros::<u8>(N * 4).expect("alloc");
    let t_copy = best(&dev, || {
        dev.stream().memcpy_dtod(&src, &mut dst).expect("dtod")
    });
    let t_add = best(&dev, || drop(a.add(&b).expect("add")));
    let t_sin = best(&dev, || drop(a.sin().expect("sin")));

    // Bytes that must cross DRAM: copy reads and writes N*4; add reads two and writes one
    // array; sin reads one and writes one.
    let bw_copy = 2.0 * bytes / t_copy / 1e9;
    let bw_add = 3.0 * bytes / t_add / 1e9;
    let bw_sin = 2.0 * bytes / t_sin / 1e9;
    println!("2^26 float32 elements, best of {REPS}");
    println!("dtod copy : {:8.3} ms  {bw_copy:7.1} GB/s", t_copy * 1e3);
    println!(
        "add       : {:8.3} ms  {bw_add:7.1} GB/s  {:5.1}% of copy",
        t_add * 1e3,
        100.0 * bw_add / bw_copy
    );
    println!(
        "sin       : {:8.3} ms  {bw_sin:7.1} GB/s  {:5.1}% of copy",
        t_sin * 1e3,
        100.0 * bw_sin / bw_copy
    );
}
