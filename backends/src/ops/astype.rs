//! Casts between dtypes (`astype`) and copies into existing tensors (`out=`, `np.copyto`).

use crate::cpu::{cast_one, map1, scatter_cast};
use crate::dtype::DType;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::promotion::{can_cast, Casting};
use crate::tensor::Tensor;

/// A C-contiguous copy of `t` converted to `d` with C-cast semantics (`casting='unsafe'`).
pub fn cast_unchecked(t: &Tensor, d: DType) -> Result<Tensor> {
    if let Some(s) = t.cuda_storage() {
        let out = crate::cuda::launch::cast(&s, t.layout(), d)?;
        return Ok(Tensor::from_cuda(out, Layout::contiguous(t.shape())));
    }
    let s = t.storage()?;
    let out = crate::with_dtype!(t.dtype(), S, {
        let src = S::slice(&s);
        crate::with_dtype!(
            d,
            D,
            D::into_storage(map1(src, t.layout(), cast_one::<S, D>))
        )
    });
    Ok(Tensor::from_contiguous(out, t.shape()))
}

/// Copies `src` into `dst` (same shape, or `src` broadcastable to it), converting elements.
/// Refuses a `dst` whose layout repeats elements (a broadcast view is read-only in NumPy).
pub fn copy_into(op: &'static str, src: &Tensor, dst: &Tensor) -> Result<()> {
    if dst.layout().has_overlap() {
        return Err(Error::Value {
            op,
            msg: "output array is read-only".into(),
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
    let src = src.with_layout(src.layout().broadcast_to(dst.shape())?);
    // Materialise the source when it shares storage with `dst` (in-place ops); the host scatter
    // also reads it in C order, so there it must be contiguous. A ufunc's fresh result is
    // neither shared nor strided and goes through without a copy.
    let src = if src.shares_storage(dst) {
        src.copy()?
    } else if src.device() == crate::storage::Device::Cpu {
        src.contiguous()?
    } else {
        src
    };
    if let Some(s) = src.cuda_storage() {
        let d = dst.cuda_storage_mut().ok_or_else(|| Error::Device {
            op,
            msg: "destination is not a CUDA tensor".into(),
        })?;
        return crate::cuda::launch::cast_into(op, &s, src.layout(), &d, dst.layout());
    }
    let s = src.storage()?;
    let mut d = dst.storage_mut()?;
    crate::with_dtype!(src.dtype(), S, {
        let sv = S::slice(&s);
        crate::with_dtype!(
            dst.dtype(),
            D,
            scatter_cast::<S, D>(sv, D::slice_mut(&mut d), dst.layout())
        )
    });
    Ok(())
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
        cast_unchecked(self, dtype)
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
