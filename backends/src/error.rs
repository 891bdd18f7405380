//! Typed errors. Every public op returns `Result<_, Error>`; an error names the op and the
//! offending shapes, dtypes or axis, and maps to the Python exception class NumPy raises for the
//! same input, so the harness can compare error *kinds* with NumPy's.

use crate::dtype::DType;
use thiserror::Error as ThisError;

/// The NumPy exception class an error corresponds to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// `ValueError` (shape mismatch, bad value).
    Value,
    /// `TypeError` (no loop for the dtypes, invalid argument type).
    Type,
    /// `numpy.exceptions.AxisError` (subclass of both ValueError and IndexError).
    Axis,
    /// `IndexError`.
    Index,
    /// `OverflowError` (a Python integer that does not fit the dtype, NEP 50).
    Overflow,
    /// `numpy._core._exceptions._UFuncOutputCastingError` and friends: a casting refusal
    /// (NumPy's `UFuncTypeError` subclasses, all `TypeError`).
    Casting,
    /// `ZeroDivisionError` (`np.average` with weights summing to zero).
    ZeroDivision,
    /// `FloatingPointError` (a flag under `np.errstate(...='raise')`).
    FloatingPoint,
    /// `MemoryError` (NumPy's `_ArrayMemoryError`): an allocation that failed.
    Memory,
    /// `numpy.linalg.LinAlgError` (a `ValueError` subclass): a singular or non-positive-definite
    /// matrix, a non-square one, or too few dimensions for a matrix function.
    LinAlg,
    /// Not a NumPy error: the engine does not support this (dtype or device).
    Unsupported,
    /// Not a NumPy error: operands on different devices, or the device itself failed
    /// (CUDA unavailable, out of memory, a kernel fault).
    Device,
}

impl ErrorKind {
    /// The Python exception class names that count as this kind (the first is the canonical one).
    pub fn python_classes(self) -> &'static [&'static str] {
        match self {
            ErrorKind::Value => &["ValueError"],
            ErrorKind::Type => &["TypeError", "UFuncTypeError", "_UFuncNoLoopError"],
            ErrorKind::Axis => &["AxisError"],
            ErrorKind::Index => &["IndexError"],
            ErrorKind::Overflow => &["OverflowError"],
            ErrorKind::Casting => &[
                "_UFuncOutputCastingError",
                "_UFuncInputCastingError",
                "UFuncTypeError",
                "TypeError",
            ],
            ErrorKind::ZeroDivision => &["ZeroDivisionError"],
            ErrorKind::FloatingPoint => &["FloatingPointError"],
            ErrorKind::Memory => &["MemoryError"],
            ErrorKind::LinAlg => &["LinAlgError"],
            ErrorKind::Unsupported | ErrorKind::Device => &[],
        }
    }

    /// Stable lower-case name used in reports.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Value => "value",
            ErrorKind::Type => "type",
            ErrorKind::Axis => "axis",
            ErrorKind::Index => "index",
            ErrorKind::Overflow => "overflow",
            ErrorKind::Casting => "casting",
            ErrorKind::ZeroDivision => "zero_division",
            ErrorKind::FloatingPoint => "floating_point",
            ErrorKind::Memory => "memory",
            ErrorKind::LinAlg => "linalg",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Device => "device",
        }
    }
}

/// An engine error.
#[derive(Clone, Debug, PartialEq, ThisError)]
pub enum Error {
    /// Operands could not be broadcast together.
    #[error("{op}: operands could not be broadcast together with shapes {shapes:?}")]
    Broadcast {
        /// The op.
        op: &'static str,
        /// The operand shapes.
        shapes: Vec<Vec<usize>>,
    },
    /// A shape is invalid for the operation (reshape size mismatch, out= shape mismatch ...).
    #[error("{op}: {msg}")]
    Shape {
        /// The op.
        op: &'static str,
        /// What was wrong.
        msg: String,
    },
    /// No loop of the op accepts these input dtypes.
    #[error("{op}: no loop matching the specified signature for input dtypes {dtypes:?}")]
    NoLoop {
        /// The op.
        op: &'static str,
        /// Input dtypes.
        dtypes: Vec<DType>,
    },
    /// A cast refused under the casting rule in force.
    #[error("{op}: cannot cast from {from} to {to} with casting rule '{casting}'")]
    Cast {
        /// The op.
        op: &'static str,
        /// Source dtype.
        from: DType,
        /// Target dtype.
        to: DType,
        /// The casting rule.
        casting: &'static str,
    },
    /// An axis out of range.
    #[error("{op}: axis {axis} is out of bounds for array of dimension {ndim}")]
    Axis {
        /// The op.
        op: &'static str,
        /// The axis given.
        axis: isize,
        /// The number of dimensions.
        ndim: usize,
    },
    /// An index out of range.
    #[error("{op}: index {index} is out of bounds for axis {axis} with size {size}")]
    Index {
        /// The op.
        op: &'static str,
        /// The index.
        index: isize,
        /// The axis.
        axis: usize,
        /// The size of that axis.
        size: usize,
    },
    /// A Python integer that does not fit the dtype it must become (NEP 50).
    #[error("{op}: Python integer {value} out of bounds for {dtype}")]
    Overflow {
        /// The op.
        op: &'static str,
        /// The value.
        value: String,
        /// The dtype.
        dtype: DType,
    },
    /// A Python value too large for the conversion it needs (Python's OverflowError: an
    /// infinite float to an integer, an int beyond float64's range to a float).
    #[error("{op}: {msg}")]
    TooLarge {
        /// The op.
        op: &'static str,
        /// What overflowed.
        msg: String,
    },
    /// An invalid argument value.
    #[error("{op}: {msg}")]
    Value {
        /// The op.
        op: &'static str,
        /// What was wrong.
        msg: String,
    },
    /// An invalid argument type.
    #[error("{op}: {msg}")]
    Type {
        /// The op.
        op: &'static str,
        /// What was wrong.
        msg: String,
    },
    /// Operands on different devices, or a failure of the device (CUDA unavailable, out of
    /// memory, a kernel fault).
    #[error("{op}: device error: {msg}")]
    Device {
        /// The op.
        op: &'static str,
        /// What happened.
        msg: String,
    },
    /// A division by zero NumPy raises for (`ZeroDivisionError`).
    #[error("{op}: {msg}")]
    ZeroDivision {
        /// The op.
        op: &'static str,
        /// What was zero.
        msg: String,
    },
    /// A floating-point flag under an `errstate` that raises (`FloatingPointError`).
    #[error("{op}: {msg}")]
    FloatingPoint {
        /// The op.
        op: &'static str,
        /// The flag.
        flags: crate::fpe::FpFlags,
        /// NumPy's message (`divide by zero encountered in log`).
        msg: String,
    },
    /// A shape whose size overflows: more than `isize::MAX` bytes, or an element count beyond
    /// `usize` (NumPy's ValueError "array is too big" / "iterator is too large").
    #[error("{op}: array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size (shape {shape:?})")]
    TooBig {
        /// The op.
        op: &'static str,
        /// The shape asked for.
        shape: Vec<usize>,
    },
    /// An allocation that failed (NumPy's MemoryError).
    #[error(
        "{op}: Unable to allocate {size} for an array with shape {shape:?} and data type {dtype}"
    )]
    Memory {
        /// The op.
        op: &'static str,
        /// The size asked for, as NumPy prints it (`8.00 TiB`).
        size: String,
        /// The array's shape.
        shape: Vec<usize>,
        /// Its dtype.
        dtype: DType,
    },
    /// A matrix a `numpy.linalg` function cannot take (NumPy's `LinAlgError`).
    #[error("{op}: {msg}")]
    LinAlg {
        /// The op.
        op: &'static str,
        /// NumPy's message (`Singular matrix`).
        msg: String,
    },
    /// Something the engine does not support (a dtype on a device, a device).
    #[error("{op}: unsupported: {msg}")]
    Unsupported {
        /// The op.
        op: &'static str,
        /// What is unsupported.
        msg: String,
    },
}

impl Error {
    /// The NumPy exception class this error corresponds to.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Broadcast { .. }
            | Error::Shape { .. }
            | Error::Value { .. }
            | Error::TooBig { .. } => ErrorKind::Value,
            Error::Memory { .. } => ErrorKind::Memory,
            Error::LinAlg { .. } => ErrorKind::LinAlg,
            Error::NoLoop { .. } | Error::Type { .. } => ErrorKind::Type,
            Error::Cast { .. } => ErrorKind::Casting,
            Error::Axis { .. } => ErrorKind::Axis,
            Error::Index { .. } => ErrorKind::Index,
            Error::Overflow { .. } | Error::TooLarge { .. } => ErrorKind::Overflow,
            Error::ZeroDivision { .. } => ErrorKind::ZeroDivision,
            Error::FloatingPoint { .. } => ErrorKind::FloatingPoint,
            Error::Unsupported { .. } => ErrorKind::Unsupported,
            Error::Device { .. } => ErrorKind::Device,
        }
    }
}

/// Result alias used across the engine.
pub type Result<T> = std::result::Result<T, Error>;
