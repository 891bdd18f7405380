//! The CUDA device: discovery, device buffers, NVRTC-compiled kernels and their launches.
//!
//! Everything is loaded at run time (cudarc with dynamic loading; NVRTC from the project's
//! virtual environment), so the engine builds and runs on machines with no CUDA toolkit, driver
//! or GPU; there the device reports "CUDA unavailable: <reason>". Semantics are never decided
//! here: the ufunc driver resolves loops, casts and broadcasts exactly as on the CPU and hands
//! kernels one loop signature over broadcast views.

pub mod device;
pub mod launch;
pub mod nvrtc;
pub mod source;
pub mod storage;

pub use device::{device, info, CudaDevice, CudaInfo};
pub use storage::{live_bytes, thread_live_bytes, CudaStorage};
