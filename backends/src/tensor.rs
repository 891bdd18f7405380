//! `Tensor`: shared storage (host or CUDA) plus a [`Layout`]. Cloning a tensor or taking a view
//! shares storage; in-place ops write through the shared storage, so every view sees them (NumPy
//! semantics). A CUDA tensor has the same layout semantics (offsets, negative and zero strides,
//! 0-d, empty) as a host one.
//!
//! Like an ndarray, a tensor carries a writeable flag: `broadcast_to` views are read-only (their
//! elements repeat, or may), every view of a read-only tensor is read-only, and a copy is
//! writeable again. `out=` and in-place ops refuse a read-only tensor before anything else.

use crate::cuda::CudaStorage;
use crate::dtype::DType;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::storage::{CpuStorage, Device};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Where a tensor's elements are: a host buffer or a CUDA buffer, shared between views.
#[derive(Clone, Debug)]
pub(crate) enum Buffer {
    /// Host memory.
    Cpu(Arc<RwLock<CpuStorage>>),
    /// CUDA device memory (the lock orders in-place writes against reads, as on the host).
    Cuda(Arc<RwLock<CudaStorage>>),
}

/// An n-dimensional strided array.
#[derive(Clone, Debug)]
pub struct Tensor {
    buffer: Buffer,
    layout: Layout,
    dtype: DType,
    device: Device,
    writeable: bool,
}

impl Tensor {
    /// A tensor over `storage` with a checked `layout` (inside the storage, and of a size
    /// NumPy allows).
    pub fn from_storage(storage: CpuStorage, layout: Layout) -> Result<Tensor> {
        crate::size::check_nbytes("array", layout.shape(), storage.dtype().itemsize())?;
        let layout = Layout::new(
            layout.shape().to_vec(),
            layout.strides().to_vec(),
            layout.offset(),
            storage.len(),
        )?;
        Ok(Tensor {
            dtype: storage.dtype(),
            buffer: Buffer::Cpu(Arc::new(RwLock::new(storage))),
            layout,
            device: Device::Cpu,
            writeable: true,
        })
    }

    /// A C-contiguous tensor of `shape` owning `data`.
    pub fn from_vec<T: Element>(data: Vec<T>, shape: &[usize]) -> Result<Tensor> {
        let n = crate::size::check_nbytes("from_vec", shape, T::DTYPE.itemsize())?;
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

    /// A zero-filled C-contiguous tensor (`np.zeros`): a size NumPy refuses is its
    /// ValueError, a failed allocation its MemoryError.
    pub fn zeros(shape: &[usize], dtype: DType) -> Result<Tensor> {
        Ok(Tensor::from_contiguous(
            CpuStorage::try_zeros("zeros", dtype, shape)?,
            shape,
        ))
    }

    /// Wraps a buffer whose length is known to equal the product of `shape`.
    pub(crate) fn from_contiguous(storage: CpuStorage, shape: &[usize]) -> Tensor {
        debug_assert_eq!(storage.len(), shape.iter().product::<usize>());
        Tensor {
            dtype: storage.dtype(),
            buffer: Buffer::Cpu(Arc::new(RwLock::new(storage))),
            layout: Layout::contiguous(shape),
            device: Device::Cpu,
            writeable: true,
        }
    }

    /// Wraps a CUDA buffer with `layout` (checked against the buffer by the caller).
    pub(crate) fn from_cuda(storage: CudaStorage, layout: Layout) -> Tensor {
        Tensor {
            dtype: storage.dtype(),
            device: Device::Cuda(storage.device().ordinal),
            buffer: Buffer::Cuda(Arc::new(RwLock::new(storage))),
            layout,
            writeable: true,
        }
    }

    /// The same storage seen through another layout (already checked by the caller); a view
    /// of a read-only tensor is read-only.
    pub(crate) fn with_layout(&self, layout: Layout) -> Tensor {
        Tensor {
            buffer: self.buffer.clone(),
            layout,
            dtype: self.dtype,
            device: self.device,
            writeable: self.writeable,
        }
    }

    /// `x.flags.writeable`: whether `out=` and in-place ops may write through this tensor.
    pub fn is_writeable(&self) -> bool {
        self.writeable
    }

    /// A read-only view of the same storage (`v = x.view(); v.flags.writeable = False`).
    pub fn read_only(&self) -> Tensor {
        Tensor {
            writeable: false,
            ..self.clone()
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

    /// Read access to the underlying host buffer (the whole storage, not just this view);
    /// a `Device` error for a CUDA tensor (move it with [`Tensor::to_device`] first).
    pub fn storage(&self) -> Result<RwLockReadGuard<'_, CpuStorage>> {
        match &self.buffer {
            // A poisoned lock means a panic happened mid-write elsewhere; the data is still the
            // best we have, and refusing would turn one failure into many.
            Buffer::Cpu(s) => Ok(s.read().unwrap_or_else(|e| e.into_inner())),
            Buffer::Cuda(_) => Err(self.not_on_host("storage")),
        }
    }

    /// Write access to the underlying host buffer.
    pub(crate) fn storage_mut(&self) -> Result<RwLockWriteGuard<'_, CpuStorage>> {
        match &self.buffer {
            Buffer::Cpu(s) => Ok(s.write().unwrap_or_else(|e| e.into_inner())),
            Buffer::Cuda(_) => Err(self.not_on_host("storage")),
        }
    }

    /// Read access to the underlying CUDA buffer, `None` for a host tensor.
    pub(crate) fn cuda_storage(&self) -> Option<RwLockReadGuard<'_, CudaStorage>> {
        match &self.buffer {
            Buffer::Cuda(s) => Some(s.read().unwrap_or_else(|e| e.into_inner())),
            Buffer::Cpu(_) => None,
        }
    }

    /// Write access to the underlying CUDA buffer, `None` for a host tensor.
    pub(crate) fn cuda_storage_mut(&self) -> Option<RwLockWriteGuard<'_, CudaStorage>> {
        match &self.buffer {
            Buffer::Cuda(s) => Some(s.write().unwrap_or_else(|e| e.into_inner())),
            Buffer::Cpu(_) => None,
        }
    }

    fn not_on_host(&self, op: &'static str) -> Error {
        Error::Device {
            op,
            msg: format!(
                "tensor is on {}; copy it to the host with to_device(Device::Cpu)",
                self.device
            ),
        }
    }

    /// Length of the underlying buffer in elements.
    pub fn storage_len(&self) -> usize {
        match &self.buffer {
            Buffer::Cpu(s) => s.read().unwrap_or_else(|e| e.into_inner()).len(),
            Buffer::Cuda(s) => s.read().unwrap_or_else(|e| e.into_inner()).len(),
        }
    }

    /// True when both tensors view the same buffer (`np.shares_memory` at buffer granularity).
    pub fn shares_storage(&self, other: &Tensor) -> bool {
        match (&self.buffer, &other.buffer) {
            (Buffer::Cpu(a), Buffer::Cpu(b)) => Arc::ptr_eq(a, b),
            (Buffer::Cuda(a), Buffer::Cuda(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// This tensor on `device`: the whole underlying buffer is copied and the layout (and the
    /// writeable flag) kept, so offsets, negative or zero strides and read-only views mean the
    /// same on the new device. The same device returns a view of the same storage.
    pub fn to_device(&self, device: Device) -> Result<Tensor> {
        if device == self.device {
            return Ok(self.clone());
        }
        let host = match &self.buffer {
            Buffer::Cpu(s) => s.read().unwrap_or_else(|e| e.into_inner()).clone(),
            Buffer::Cuda(s) => s.read().unwrap_or_else(|e| e.into_inner()).to_cpu()?,
        };
        match device {
            Device::Cpu => Ok(Tensor {
                dtype: self.dtype,
                buffer: Buffer::Cpu(Arc::new(RwLock::new(host))),
                layout: self.layout.clone(),
                device,
                writeable: self.writeable,
            }),
            Device::Cuda(i) => {
                let dev = crate::cuda::device(i)?;
                let s = CudaStorage::from_cpu(&dev, &host)?;
                let t = Tensor::from_cuda(s, self.layout.clone());
                Ok(if self.writeable { t } else { t.read_only() })
            }
        }
    }

    /// The elements in C order as a vector of `T` (any layout); `T` must be the dtype's type.
    pub fn to_vec<T: Element>(&self) -> Result<Vec<T>> {
        if T::DTYPE != self.dtype {
            return Err(Error::Type {
                op: "to_vec",
                msg: format!("tensor is {}, asked for {}", self.dtype, T::DTYPE),
            });
        }
        if self.device != Device::Cpu {
            return self.to_device(Device::Cpu)?.to_vec();
        }
        let s = self.storage()?;
        let data = T::slice(&s);
        crate::cpu::gather(data, &self.layout)
    }

    /// A C-contiguous copy on the same device (always a new buffer, like
    /// `np.array(x, copy=True)`).
    pub fn copy(&self) -> Result<Tensor> {
        crate::backend::backend(self.device).cast(self, self.dtype)
    }

    /// This tensor if C-contiguous with offset 0 and no extra storage, else a contiguous copy.
    pub fn contiguous(&self) -> Result<Tensor> {
        if self.layout.is_c_contiguous()
            && self.layout.offset() == 0
            && self.storage_len() == self.numel()
        {
            Ok(self.clone())
        } else {
            self.copy()
        }
    }
}
