//! The device seam. Ops decide semantics once — promotion, loop choice, broadcasting, casting
//! rules, axes — and then ask the tensor's device for a few primitives through [`backend`]:
//! an elementwise map over one loop signature, a cast, a cast-scatter into an existing view,
//! and a reduction over axes (already resolved: op, accumulation dtype, start value).
//! `cpu/` and `cuda/` implement [`Backend`]; the plain types both need (a loop signature, the
//! loop table, the CPU kernel's operand view, a reduction request and its run geometry) live
//! here, below both, so neither device imports `ops/`. A third-party device plugs in by
//! implementing the trait.

use crate::dtype::DType;
use crate::error::Result;
use crate::layout::Layout;
use crate::storage::{CpuStorage, Device};
use crate::tensor::Tensor;

/// One typed inner loop: input dtypes and output dtype (NumPy's `ufunc.types` entry).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loop {
    /// Input dtypes.
    pub ins: Vec<DType>,
    /// Output dtype.
    pub out: DType,
}

/// The loops of an elementwise op by NumPy name (`None` for an unknown op): what a device
/// generates its kernels from.
pub type LoopTable = fn(&str) -> Option<&'static [Loop]>;

/// A borrowed, already broadcast host operand handed to a CPU kernel.
pub struct View<'a> {
    /// The buffer (of the loop's input dtype).
    pub data: &'a CpuStorage,
    /// The layout, broadcast to the output shape.
    pub layout: Layout,
}

/// A typed CPU kernel: computes the output buffer (C order, output shape) for one loop.
pub type Kernel = fn(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage>;

/// An elementwise op as the devices see it: its name (the CUDA kernels' prefix), its CPU
/// kernel, and the loop table the CUDA sources are generated from.
#[derive(Clone, Copy)]
pub struct Elementwise {
    /// NumPy name.
    pub op: &'static str,
    /// The CPU kernel.
    pub cpu: Kernel,
    /// Every elementwise op's loops.
    pub loops: LoopTable,
}

/// Whether clip's bounds take NumPy's constant-bounds path: both broadcast from a single element
/// (every stride 0). One rule for both devices (the CPU's loop and CUDA's `_const` kernels).
pub fn clip_constant_bounds(lo: &Layout, hi: &Layout) -> bool {
    [lo, hi].iter().all(|l| l.strides().iter().all(|&s| s == 0))
}

pub use crate::reduce_seam::{RedOp, Reduction, RunGeometry};

/// The primitives a device provides to the ops.
pub trait Backend: Sync {
    /// Loop `lp` of `k` over `ins` (in the loop's dtypes, on this device, broadcastable to
    /// `shape`): a fresh C-contiguous result on this device.
    fn map(&self, k: &Elementwise, lp: &Loop, ins: &[Tensor], shape: &[usize]) -> Result<Tensor>;
    /// A C-contiguous copy of `t` converted to `to` with C-cast semantics.
    fn cast(&self, t: &Tensor, to: DType) -> Result<Tensor>;
    /// Writes `src` (already broadcast to `dst`'s shape, not overlapping it) into the view
    /// `dst`, converting elements.
    fn cast_into(&self, op: &'static str, src: &Tensor, dst: &Tensor) -> Result<()>;
    /// The reduction `r` (its input already in the accumulation dtype, on this device): a fresh
    /// C-contiguous tensor of `r.shape` on this device, in the input's dtype (int64 for the
    /// index reductions).
    fn reduce(&self, r: &Reduction<'_>) -> Result<Tensor>;
}

/// The backend of `device`.
pub fn backend(device: Device) -> &'static dyn Backend {
    match device {
        Device::Cpu => &crate::cpu::backend::Cpu,
        Device::Cuda(_) => &crate::cuda::backend::Cuda,
    }
}
