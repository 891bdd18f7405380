//! The CUDA device: discovery, device buffers, NVRTC-compiled kernels and their launches.
//!
//! Everything is loaded at run time (cudarc with dynamic loading; NVRTC from the project's
//! virtual environment), so the engine builds and runs on machines with no CUDA toolkit, driver
//! or GPU; there the device reports "CUDA unavailable: <reason>". Semantics are never decided
//! here: the ufunc driver resolves loops, casts and broadcasts exactly as on the CPU and hands
//! kernels one loop signature over broadcast views.

pub mod backend;
pub mod device;
pub mod launch;
pub mod nvrtc;
pub mod reduce;
pub mod source;
pub mod storage;

pub use device::{device, info, CudaDevice, CudaInfo};
pub use storage::{live_bytes, thread_live_bytes, CudaStorage};

#[cfg(test)]
mod tests {
    #[test]
    fn tensors_with_device_storage_cross_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<crate::Tensor>();
        send_sync::<super::CudaStorage>();
    }

    #[test]
    fn discovery_answers_without_panicking() {
        // On a machine without a driver this is the "CUDA unavailable: ..." path; with one, the
        // device list. Either way it must return, and the reason must say what is missing.
        match super::info() {
            Ok(info) => assert!(!info.devices.is_empty()),
            Err(why) => assert!(why.starts_with("CUDA unavailable: "), "{why}"),
        }
        match super::device(0) {
            Ok(d) => assert_eq!(d.ordinal, 0),
            Err(e) => assert_eq!(e.kind(), crate::ErrorKind::Device),
        }
    }

    #[test]
    fn moving_to_an_absent_device_is_a_typed_error() {
        let t = crate::Tensor::from_vec(vec![1.0f32, 2.0], &[2]).unwrap();
        if super::info().is_err() {
            let e = t.to_device(crate::Device::Cuda(0)).unwrap_err();
            assert_eq!(e.kind(), crate::ErrorKind::Device);
        }
        // Any machine: an ordinal past the last device.
        let e = t.to_device(crate::Device::Cuda(1 << 20)).unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Device);
    }
}
