//! The engine: NumPy-semantics tensors on CPU and CUDA.
//!
//! - [`dtype`]: the fifteen dtypes (NumPy's fourteen numeric ones plus bfloat16).
//! - [`layout`]: strided views (signed strides, offset) and their invariants.
//! - [`tensor`]: shared storage + layout.
//! - [`promotion`]: NEP 50 promotion, `can_cast`, `result_type`.
//! - [`ops`]: the ufunc machinery and every op.
//! - [`backend`]: the device seam ([`backend::Backend`]: map, cast, cast-scatter, reduce)
//!   that [`cpu`] and [`cuda`] implement; [`reduce_seam`]: its reduction request and geometry.
//! - [`cpu`]: the strided walker and map loops.
//! - [`cuda`]: the CUDA device (discovery, buffers, NVRTC-compiled kernels).

pub mod backend;
pub mod cpu;
pub mod cuda;
pub mod dtype;
pub mod element;
pub mod error;
pub mod fpe;
pub mod layout;
pub mod linalg;
pub mod ops;
pub mod pack;
pub mod promotion;
pub mod reduce_seam;
pub mod size;
pub mod storage;
pub mod tensor;

pub use dtype::{DType, Kind};
pub use error::{Error, ErrorKind, Result};
pub use layout::Layout;
pub use ops::{ufunc, ufuncs, Arg, Ufunc};
pub use promotion::{can_cast, promote_types, result_type, Casting, Operand, PyScalar};
pub use storage::{CpuStorage, Device};
pub use tensor::Tensor;

/// Re-exported so the dtype-dispatch macros name `f16`/`bf16` from any crate.
pub use half;
