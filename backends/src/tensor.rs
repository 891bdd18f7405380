//! `Tensor`: shared storage plus a [`Layout`]. Cloning a tensor or taking a view shares storage;
//! in-place ops write through the shared storage, so every view sees them (NumPy semantics).

use crate::dtype::DType;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::storage::{CpuStorage, Device};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// An n-dimensional strided array.
#[derive(Clone, Debug)]
pub struct Tensor {
    storage: Arc<RwLock<CpuStorage>>,
    layout: Layout,
    dtype: DType,
    device: Device,
}

impl Tensor {
    /// A tensor over `storage` with a checked `layout`.
    pub fn from_storage(storage: CpuStorage, layout: Layout) -> Result<Tensor> {
        let layout = Layout::new(
            layout.shape().to_vec(),
            layout.strides().to_vec(),
            layout.offset(),
            storage.len(),
        )?;
        Ok(Tensor {
            dtype: storage.dtype(),
            storage: Arc::new(RwLock::new(storage)),
            layout,
            device: Device::Cpu,
        })
    }

    /// A C-contiguous tensor of `shape` owning `data`.
    pub fn from_vec<T: Element>(data: Vec<T>, shape: &[usize]) -> Result<Tensor> {
        let n: usize = shape.iter().product();
        if n != data.len() {
            return Err(Error::Shape {
                op: "from_vec",
                msg: format!("{} elements cannot have shape {shape:?}", data.len()),
            });
        }
        Tensor::from_storage(T::into_storage(data), Layout::contiguous(shape))
    }

    /// A 0-d tensor holding `value`.
    pub fn scalar<T: Element>(value: T) -> Tensor {
        Tensor::from_contiguous(T::into_storage(vec![value]), &[])
    }

    /// A zero-filled C-contiguous tensor.
    pub fn zeros(shape: &[usize], dtype: DType) -> Tensor {
        let n = shape.iter().product();
        Tensor::from_contiguous(CpuStorage::zeros(dtype, n), shape)
    }

    /// Wraps a buffer whose length is known to equal the product of `shape`.
    pub(crate) fn from_contiguous(storage: CpuStorage, shape: &[usize]) -> Tensor {
        debug_assert_eq!(storage.len(), shape.iter().product::<usize>());
        Tensor {
            dtype: storage.dtype(),
            storage: Arc::new(RwLock::new(storage)),
            layout: Layout::contiguous(shape),
            device: Device::Cpu,
        }
    }

    /// The same storage seen through another layout (already checked by the caller).
    pub(crate) fn with_layout(&self, layout: Layout) -> Tensor {
        Tensor {
            storage: self.storage.clone(),
            layout,
            dtype: self.dtype,
            device: self.device,
        }
    }

    /// Element dtype.
    pub fn dtype(&self) -> DType {
        self.dtype
    }
    /// Device holding the storage.
    pub fn device(&self) -> Device {
        self.device
    }
    /// The view's layout.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }
    /// Dimensions.
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }
    /// Signed strides in elements.
    pub fn strides(&self) -> &[isize] {
        self.layout.strides()
    }
    /// Number of dimensions.
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }
    /// Number of elements.
    pub fn numel(&self) -> usize {
        self.layout.numel()
    }

    /// Read access to the underlying buffer (for the whole storage, not just this view).
    pub fn storage(&self) -> RwLockReadGuard<'_, CpuStorage> {
        // A poisoned lock means a panic happened mid-write elsewhere; the data is still the
        // best we have, and refusing would turn one failure into many.
        self.storage.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Write access to the underlying buffer.
    pub(crate) fn storage_mut(&self) -> RwLockWriteGuard<'_, CpuStorage> {
        self.storage.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Length of the underlying buffer in elements.
    pub fn storage_len(&self) -> usize {
        self.storage().len()
    }

    /// True when both tensors view the same buffer (`np.shares_memory` at buffer granularity).
    pub fn shares_storage(&self, other: &Tensor) -> bool {
        Arc::ptr_eq(&self.storage, &other.storage)
    }

    /// The elements in C order as a vector of `T` (any layout); `T` must be the dtype's type.
    pub fn to_vec<T: Element>(&self) -> Result<Vec<T>> {
        if T::DTYPE != self.dtype {
            return Err(Error::Type {
                op: "to_vec",
                msg: format!("tensor is {}, asked for {}", self.dtype, T::DTYPE),
            });
        }
        let s = self.storage();
        let data = T::slice(&s);
        Ok(crate::cpu::gather(data, &self.layout))
    }

    /// A C-contiguous copy (always a new buffer, like `np.array(x, copy=True)`).
    pub fn copy(&self) -> Tensor {
        let s = self.storage();
        let out = crate::with_dtype!(self.dtype, T, {
            T::into_storage(crate::cpu::gather(T::slice(&s), &self.layout))
        });
        Tensor::from_contiguous(out, self.shape())
    }

    /// This tensor if C-contiguous with offset 0 and no extra storage, else a contiguous copy.
    pub fn contiguous(&self) -> Tensor {
        if self.layout.is_c_contiguous()
            && self.layout.offset() == 0
            && self.storage_len() == self.numel()
        {
            self.clone()
        } else {
            self.copy()
        }
    }
}
