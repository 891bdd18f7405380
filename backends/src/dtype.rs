//! The dtype set: NumPy's fifteen numeric dtypes plus `bfloat16`, and their properties.
//!
//! Names are NumPy's (`np.dtype(name)` accepts every one of them; `bfloat16` is ml_dtypes').
//! The order of [`DType::ALL`] is NumPy's type-number order (bool, int8, uint8, int16, ...), which
//! is also the order a ufunc's loop table is searched in.

use std::fmt;

/// Kind of a dtype, as NumPy's `dtype.kind` letter groups them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `b`: boolean.
    Bool,
    /// `i`: signed integer.
    Int,
    /// `u`: unsigned integer.
    UInt,
    /// `f`: real floating point (float16, bfloat16, float32, float64).
    Float,
    /// `c`: complex floating point.
    Complex,
}

/// An element type. `Ord` follows NumPy's type-number order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DType {
    /// `bool`
    Bool,
    /// `int8`
    I8,
    /// `uint8`
    U8,
    /// `int16`
    I16,
    /// `uint16`
    U16,
    /// `int32`
    I32,
    /// `uint32`
    U32,
    /// `int64`
    I64,
    /// `uint64`
    U64,
    /// `float16`
    F16,
    /// `bfloat16` (not a NumPy dtype; promotes like `float16`, computes through `float32`)
    BF16,
    /// `float32`
    F32,
    /// `float64`
    F64,
    /// `complex64`
    C64,
    /// `complex128`
    C128,
}

impl DType {
    /// Every dtype, in loop-search order.
    pub const ALL: [DType; 15] = [
        DType::Bool,
        DType::I8,
        DType::U8,
        DType::I16,
        DType::U16,
        DType::I32,
        DType::U32,
        DType::I64,
        DType::U64,
        DType::F16,
        DType::BF16,
        DType::F32,
        DType::F64,
        DType::C64,
        DType::C128,
    ];

    /// NumPy's name for the dtype (`np.dtype(name)`).
    pub fn name(self) -> &'static str {
        match self {
            DType::Bool => "bool",
            DType::I8 => "int8",
            DType::U8 => "uint8",
            DType::I16 => "int16",
            DType::U16 => "uint16",
            DType::I32 => "int32",
            DType::U32 => "uint32",
            DType::I64 => "int64",
            DType::U64 => "uint64",
            DType::F16 => "float16",
            DType::BF16 => "bfloat16",
            DType::F32 => "float32",
            DType::F64 => "float64",
            DType::C64 => "complex64",
            DType::C128 => "complex128",
        }
    }

    /// Parses a NumPy dtype name (also the short aliases NumPy accepts for these types).
    pub fn from_name(name: &str) -> Option<DType> {
        Some(match name {
            "bool" | "bool_" | "?" => DType::Bool,
            "int8" | "i1" => DType::I8,
            "uint8" | "u1" => DType::U8,
            "int16" | "i2" => DType::I16,
            "uint16" | "u2" => DType::U16,
            "int32" | "i4" => DType::I32,
            "uint32" | "u4" => DType::U32,
            "int64" | "i8" => DType::I64,
            "uint64" | "u8" => DType::U64,
            "float16" | "f2" | "half" => DType::F16,
            "bfloat16" => DType::BF16,
            "float32" | "f4" | "single" => DType::F32,
            "float64" | "f8" | "double" => DType::F64,
            "complex64" | "c8" | "csingle" => DType::C64,
            "complex128" | "c16" | "cdouble" => DType::C128,
            _ => return None,
        })
    }

    /// The kind of the dtype.
    pub fn kind(self) -> Kind {
        match self {
            DType::Bool => Kind::Bool,
            DType::I8 | DType::I16 | DType::I32 | DType::I64 => Kind::Int,
            DType::U8 | DType::U16 | DType::U32 | DType::U64 => Kind::UInt,
            DType::F16 | DType::BF16 | DType::F32 | DType::F64 => Kind::Float,
            DType::C64 | DType::C128 => Kind::Complex,
        }
    }

    /// Bytes per element (`dtype.itemsize`).
    pub fn itemsize(self) -> usize {
        match self {
            DType::Bool | DType::I8 | DType::U8 => 1,
            DType::I16 | DType::U16 | DType::F16 | DType::BF16 => 2,
            DType::I32 | DType::U32 | DType::F32 => 4,
            DType::I64 | DType::U64 | DType::F64 | DType::C64 => 8,
            DType::C128 => 16,
        }
    }

    /// True for bool.
    pub fn is_bool(self) -> bool {
        self == DType::Bool
    }
    /// True for signed and unsigned integers (not bool).
    pub fn is_integer(self) -> bool {
        matches!(self.kind(), Kind::Int | Kind::UInt)
    }
    /// True for signed integers.
    pub fn is_signed_integer(self) -> bool {
        self.kind() == Kind::Int
    }
    /// True for unsigned integers.
    pub fn is_unsigned_integer(self) -> bool {
        self.kind() == Kind::UInt
    }
    /// True for real floating dtypes.
    pub fn is_float(self) -> bool {
        self.kind() == Kind::Float
    }
    /// True for complex dtypes.
    pub fn is_complex(self) -> bool {
        self.kind() == Kind::Complex
    }
    /// True for real or complex floating dtypes (`np.inexact`).
    pub fn is_inexact(self) -> bool {
        self.is_float() || self.is_complex()
    }

    /// Bits of an integer dtype (bool counts as 1), `None` for inexact dtypes.
    pub fn int_bits(self) -> Option<u32> {
        match self.kind() {
            Kind::Bool => Some(1),
            Kind::Int | Kind::UInt => Some(self.itemsize() as u32 * 8),
            _ => None,
        }
    }

    /// `np.finfo(self).max` of a real float dtype (bfloat16: ml_dtypes' finfo).
    pub fn finfo_max(self) -> Option<f64> {
        match self {
            DType::F16 => Some(half::f16::MAX.to_f64()),
            DType::BF16 => Some(half::bf16::MAX.to_f64()),
            DType::F32 => Some(f32::MAX as f64),
            DType::F64 => Some(f64::MAX),
            _ => None,
        }
    }

    /// `np.finfo(self).eps` of a real float dtype.
    pub fn finfo_eps(self) -> Option<f64> {
        match self {
            DType::F16 => Some(half::f16::EPSILON.to_f64()),
            DType::BF16 => Some(half::bf16::EPSILON.to_f64()),
            DType::F32 => Some(f32::EPSILON as f64),
            DType::F64 => Some(f64::EPSILON),
            _ => None,
        }
    }

    /// The real dtype of a complex dtype's parts (`complex64 -> float32`); identity otherwise.
    pub fn to_real(self) -> DType {
        match self {
            DType::C64 => DType::F32,
            DType::C128 => DType::F64,
            d => d,
        }
    }

    /// The complex dtype with this real part (`float32 -> complex64`, `float16 -> complex64`).
    pub fn to_complex(self) -> DType {
        match self {
            DType::F64 | DType::C128 => DType::C128,
            DType::I16 | DType::U16 | DType::I32 | DType::U32 | DType::I64 | DType::U64 => {
                DType::C128
            }
            _ => DType::C64,
        }
    }

    /// Minimum and maximum of an integer dtype as i128 (bool is 0..=1).
    pub fn int_range(self) -> Option<(i128, i128)> {
        Some(match self {
            DType::Bool => (0, 1),
            DType::I8 => (i8::MIN as i128, i8::MAX as i128),
            DType::U8 => (0, u8::MAX as i128),
            DType::I16 => (i16::MIN as i128, i16::MAX as i128),
            DType::U16 => (0, u16::MAX as i128),
            DType::I32 => (i32::MIN as i128, i32::MAX as i128),
            DType::U32 => (0, u32::MAX as i128),
            DType::I64 => (i64::MIN as i128, i64::MAX as i128),
            DType::U64 => (0, u64::MAX as i128),
            _ => return None,
        })
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for d in DType::ALL {
            assert_eq!(DType::from_name(d.name()), Some(d));
        }
        assert_eq!(DType::from_name("float128"), None);
    }
}
