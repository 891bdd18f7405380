//! Casts between dtypes (`astype`) and copies into existing tensors (`out=`, `np.copyto`).

use crate::backend::backend;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::promotion::{can_cast, Casting};
use crate::tensor::Tensor;

/// A C-contiguous copy of `t` converted to `d` with C-cast semantics (`casting='unsafe'`).
pub fn cast_unchecked(t: &Tensor, d: DType) -> Result<Tensor> {
    backend(t.device()).cast(t, d)
}

/// NumPy's first check on an `out=` (or in-place) operand: a read-only array is refused.
pub fn check_writeable(op: &'static str, dst: &Tensor) -> Result<()> {
    if dst.is_writeable() {
        Ok(())
    } else {
        Err(Error::Value {
            op,
            msg: "output array is read-only".into(),
        })
    }
}

/// Copies `src` into `dst` (same shape, or `src` broadcastable to it), converting elements.
/// Refuses a read-only `dst`. A writeable `dst` whose layout repeats elements (only
/// [`Tensor::from_storage`] builds those) gets NumPy's ufunc answer on the CPU, whose host
/// scatter writes in C order: the last value landing on an element wins. CUDA writes elements
/// in parallel, where no value would reliably win, so it refuses such a `dst`.
pub fn copy_into(op: &'static str, src: &Tensor, dst: &Tensor) -> Result<()> {
    check_writeable(op, dst)?;
    if dst.layout().has_overlap() && dst.device() != crate::storage::Device::Cpu {
        return Err(Error::Value {
            op,
            msg: "output array has elements that overlap in memory".into(),
        });
    }
    if src.device() != dst.device() {
        return Err(Error::Device {
            op,
            msg: format!(
                "source is on {} and destination on {}",
                src.device(),
                dst.device()
            ),
        });
    }
    let src = src.broadcast_to(dst.shape())?;
    // Materialise the source when it shares storage with `dst` (in-place ops). A ufunc's fresh
    // result is not shared and goes through without a copy.
    let src = if src.shares_storage(dst) {
        src.copy()?
    } else {
        src
    };
    backend(dst.device()).cast_into(op, &src, dst)
}

impl Tensor {
    /// `x.astype(dtype, casting=...)`: always a new C-contiguous tensor.
    pub fn astype(&self, dtype: DType, casting: Casting) -> Result<Tensor> {
        if !can_cast(self.dtype(), dtype, casting) {
            return Err(Error::Cast {
                op: "astype",
                from: self.dtype(),
                to: dtype,
                casting: casting.name(),
            });
        }
        // NumPy reports a cast's flags under the name "cast" (np.errstate applies).
        crate::fpe::scoped("cast", || cast_unchecked(self, dtype))
    }

    /// `np.copyto(self, src, casting='same_kind')`.
    pub fn copy_from(&self, src: &Tensor) -> Result<()> {
        if !can_cast(src.dtype(), self.dtype(), Casting::SameKind) {
            return Err(Error::Cast {
                op: "copyto",
                from: src.dtype(),
                to: self.dtype(),
                casting: "same_kind",
            });
        }
        copy_into("copyto", src, self)
    }
}
