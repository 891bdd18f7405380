//! Typed host buffers, one variant per dtype, and the device-level storage enum.

use crate::dtype::DType;
use crate::element::{Cf32, Cf64, Element};
use crate::error::Result;
use half::{bf16, f16};

/// A host buffer of one dtype.
#[derive(Clone, Debug, PartialEq)]
pub enum CpuStorage {
    /// bool
    Bool(Vec<bool>),
    /// int8
    I8(Vec<i8>),
    /// uint8
    U8(Vec<u8>),
    /// int16
    I16(Vec<i16>),
    /// uint16
    U16(Vec<u16>),
    /// int32
    I32(Vec<i32>),
    /// uint32
    U32(Vec<u32>),
    /// int64
    I64(Vec<i64>),
    /// uint64
    U64(Vec<u64>),
    /// float16
    F16(Vec<f16>),
    /// bfloat16
    BF16(Vec<bf16>),
    /// float32
    F32(Vec<f32>),
    /// float64
    F64(Vec<f64>),
    /// complex64
    C64(Vec<Cf32>),
    /// complex128
    C128(Vec<Cf64>),
}

impl CpuStorage {
    /// The dtype of the elements.
    pub fn dtype(&self) -> DType {
        match self {
            CpuStorage::Bool(_) => DType::Bool,
            CpuStorage::I8(_) => DType::I8,
            CpuStorage::U8(_) => DType::U8,
            CpuStorage::I16(_) => DType::I16,
            CpuStorage::U16(_) => DType::U16,
            CpuStorage::I32(_) => DType::I32,
            CpuStorage::U32(_) => DType::U32,
            CpuStorage::I64(_) => DType::I64,
            CpuStorage::U64(_) => DType::U64,
            CpuStorage::F16(_) => DType::F16,
            CpuStorage::BF16(_) => DType::BF16,
            CpuStorage::F32(_) => DType::F32,
            CpuStorage::F64(_) => DType::F64,
            CpuStorage::C64(_) => DType::C64,
            CpuStorage::C128(_) => DType::C128,
        }
    }

    /// Number of elements in the buffer.
    pub fn len(&self) -> usize {
        crate::with_dtype!(self.dtype(), T, T::slice(self).len())
    }

    /// True when the buffer holds no element.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A zero-filled buffer for an array of `shape`, with NumPy's errors for a size it
    /// refuses (ValueError) or an allocation that fails (MemoryError).
    pub fn try_zeros(op: &'static str, dtype: DType, shape: &[usize]) -> Result<CpuStorage> {
        Ok(crate::with_dtype!(dtype, T, {
            let mut v: Vec<T> = crate::cpu::alloc::try_with_capacity(op, shape)?;
            v.resize(shape.iter().product(), T::default());
            T::into_storage(v)
        }))
    }

    /// Typed view of the buffer; `None` when `T` is not the buffer's element type.
    pub fn as_slice<T: Element>(&self) -> Option<&[T]> {
        (self.dtype() == T::DTYPE).then(|| T::slice(self))
    }
}

/// Where a tensor's elements live.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Device {
    /// Host memory.
    Cpu,
    /// A CUDA device, by ordinal.
    Cuda(usize),
}

impl Device {
    /// Device-type name used in test ids (`cpu`, `cuda`).
    pub fn type_name(self) -> &'static str {
        match self {
            Device::Cpu => "cpu",
            Device::Cuda(_) => "cuda",
        }
    }
}

impl std::fmt::Display for Device {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Device::Cpu => write!(f, "cpu"),
            Device::Cuda(i) => write!(f, "cuda:{i}"),
        }
    }
}
