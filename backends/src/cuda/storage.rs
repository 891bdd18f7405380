//! Device buffers: untyped bytes on one CUDA device tagged with their dtype, host<->device
//! copies, and allocation accounting for leak checks.

use super::device::{driver_err, CudaDevice};
use crate::dtype::DType;
use crate::element::Element;
use crate::error::Result;
use crate::storage::CpuStorage;
use cudarc::driver::{CudaSlice, DevicePtr};
use std::cell::Cell;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

static LIVE_BYTES: AtomicI64 = AtomicI64::new(0);
thread_local! {
    static THREAD_LIVE_BYTES: Cell<i64> = const { Cell::new(0) };
}

/// Bytes of engine device buffers alive in the process.
pub fn live_bytes() -> i64 {
    LIVE_BYTES.load(Ordering::Relaxed)
}

/// Bytes allocated minus bytes freed by engine device buffers on this thread (a trial's own
/// balance, unaffected by trials running on other threads).
pub fn thread_live_bytes() -> i64 {
    THREAD_LIVE_BYTES.with(|c| c.get())
}

fn account(bytes: i64) {
    LIVE_BYTES.fetch_add(bytes, Ordering::Relaxed);
    THREAD_LIVE_BYTES.with(|c| c.set(c.get() + bytes));
}

/// A buffer of `len` elements of `dtype` on a CUDA device.
pub struct CudaStorage {
    dtype: DType,
    len: usize,
    // `None` for empty buffers (a zero-byte allocation is not a thing CUDA hands out).
    buf: Option<CudaSlice<u8>>,
    pub(crate) dev: Arc<CudaDevice>,
}

impl std::fmt::Debug for CudaStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "CudaStorage({:?}, {} x {})",
            self.dev, self.len, self.dtype
        )
    }
}

impl Drop for CudaStorage {
    fn drop(&mut self) {
        if self.buf.is_some() {
            account(-((self.len * self.dtype.itemsize()) as i64));
        }
    }
}

/// The bytes of a host buffer.
fn host_bytes(s: &CpuStorage) -> &[u8] {
    crate::with_dtype!(s.dtype(), T, {
        let v = T::slice(s);
        // SAFETY: every element type is plain old data without padding (bool is one byte,
        // complex is `repr(C)` of two floats, the half types are `repr(transparent)` u16).
        unsafe { std::slice::from_raw_parts(v.as_ptr().cast::<u8>(), std::mem::size_of_val(v)) }
    })
}

/// A host buffer of `dtype` from raw bytes produced by a device copy of the same dtype.
fn from_bytes(dtype: DType, bytes: &[u8]) -> CpuStorage {
    crate::with_dtype!(dtype, T, {
        let n = bytes.len() / std::mem::size_of::<T>();
        let mut v: Vec<T> = Vec::with_capacity(n);
        // SAFETY: `bytes` holds `n` elements written by the device as `T` (bools as 0/1 by the
        // kernels' C++ `bool`), and `v` has capacity for them.
        unsafe {
            std::ptr::copy_nonoverlapping(
                bytes.as_ptr(),
                v.as_mut_ptr().cast::<u8>(),
                n * std::mem::size_of::<T>(),
            );
            v.set_len(n);
        }
        T::into_storage(v)
    })
}

impl CudaStorage {
    /// An uninitialised buffer (kernels write every element before it is read).
    pub fn alloc(dev: &Arc<CudaDevice>, dtype: DType, len: usize) -> Result<CudaStorage> {
        crate::size::check_nbytes("alloc", &[len], dtype.itemsize())?;
        let bytes = len * dtype.itemsize();
        let buf = if bytes == 0 {
            None
        } else {
            // SAFETY: the buffer is written in full by the caller's kernel before any read.
            let b = unsafe { dev.stream.alloc::<u8>(bytes) }.map_err(|e| {
                // Out of device memory is NumPy's MemoryError, as on the host.
                if e.0 == cudarc::driver::sys::CUresult::CUDA_ERROR_OUT_OF_MEMORY {
                    crate::size::memory_error("alloc", &[len], dtype)
                } else {
                    driver_err("alloc", e)
                }
            })?;
            account(bytes as i64);
            Some(b)
        };
        Ok(CudaStorage {
            dtype,
            len,
            buf,
            dev: dev.clone(),
        })
    }

    /// A device copy of a whole host buffer.
    pub fn from_cpu(dev: &Arc<CudaDevice>, s: &CpuStorage) -> Result<CudaStorage> {
        let bytes = host_bytes(s);
        let buf = if bytes.is_empty() {
            None
        } else {
            let b = dev
                .stream
                .clone_htod(bytes)
                .map_err(|e| driver_err("to_device", e))?;
            account(bytes.len() as i64);
            Some(b)
        };
        Ok(CudaStorage {
            dtype: s.dtype(),
            len: s.len(),
            buf,
            dev: dev.clone(),
        })
    }

    /// A host copy of the whole buffer (synchronises the device's stream).
    pub fn to_cpu(&self) -> Result<CpuStorage> {
        match &self.buf {
            None => CpuStorage::try_zeros("to_host", self.dtype, &[0]),
            Some(b) => {
                let bytes = self
                    .dev
                    .stream
                    .clone_dtoh(b)
                    .map_err(|e| driver_err("to_device", e))?;
                Ok(from_bytes(self.dtype, &bytes))
            }
        }
    }

    /// Element dtype.
    pub fn dtype(&self) -> DType {
        self.dtype
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the buffer holds no element.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The device.
    pub fn device(&self) -> &Arc<CudaDevice> {
        &self.dev
    }

    /// Raw device address of element `offset` (0 for an empty buffer; kernels never read it).
    pub(crate) fn ptr_at(&self, offset: usize) -> u64 {
        match &self.buf {
            None => 0,
            Some(b) => {
                let (p, _sync) = b.device_ptr(&self.dev.stream);
                p + (offset * self.dtype.itemsize()) as u64
            }
        }
    }
}
