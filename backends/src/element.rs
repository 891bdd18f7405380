//! Rust element types of the dtypes and the one place where a [`DType`] becomes a type `T`.
//!
//! [`with_dtype!`] and its kind-restricted siblings are the CPU side's only dtype dispatch:
//! everything else is generic over [`Element`].

use crate::dtype::DType;
use crate::storage::CpuStorage;
use half::{bf16, f16};
use num_complex::Complex;

/// `complex64` element.
pub type Cf32 = Complex<f32>;
/// `complex128` element.
pub type Cf64 = Complex<f64>;

/// An exact, dtype-independent value: every element converts into one without loss, and
/// converts out with a single rounding, so casts through it equal direct C casts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hub {
    /// bool
    Bool(bool),
    /// any signed integer
    Int(i64),
    /// any unsigned integer
    UInt(u64),
    /// any real float (f16, bf16 and f32 widen exactly)
    Float(f64),
    /// any complex
    Complex(Cf64),
}

/// A Rust type that is the element of one dtype.
pub trait Element: Copy + Send + Sync + PartialEq + std::fmt::Debug + Default + 'static {
    /// The dtype.
    const DTYPE: DType;
    /// The typed slice of a storage of this dtype.
    fn slice(s: &CpuStorage) -> &[Self];
    /// The typed mutable slice of a storage of this dtype.
    fn slice_mut(s: &mut CpuStorage) -> &mut [Self];
    /// Wraps a vector into storage.
    fn into_storage(v: Vec<Self>) -> CpuStorage;
    /// Exact widening.
    fn to_hub(self) -> Hub;
    /// Conversion with C (NumPy `astype`, `casting='unsafe'`) semantics.
    fn from_hub(h: Hub) -> Self;
}

/// Float -> integer as x86-64's truncating conversions do it, which is what NumPy's C casts
/// compile to there: NaN, inf and out-of-range give the "integer indefinite" value
/// (`i32::MIN`/`i64::MIN`), and narrow types truncate the 32-bit result.
fn f64_to_i32_x86(v: f64) -> i32 {
    if v.is_nan() || v <= i32::MIN as f64 - 1.0 || v >= i32::MAX as f64 + 1.0 {
        // cvttsd2si raises invalid here: NumPy's "invalid value encountered in cast".
        crate::fpe::raise(crate::fpe::FpFlags::INVALID);
        i32::MIN
    } else {
        v as i32
    }
}
fn f64_to_i64_x86(v: f64) -> i64 {
    if v.is_nan() || !(-9.223372036854776e18..9.223372036854776e18).contains(&v) {
        crate::fpe::raise(crate::fpe::FpFlags::INVALID);
        i64::MIN
    } else {
        v as i64
    }
}

/// Rounds a finite `a >= 0` to the grid of a binary format with `mant` explicit mantissa bits,
/// minimum normal exponent `emin`, once, to nearest even; `overflow` is the smallest magnitude
/// that rounds to infinity. Division and multiplication by powers of two are exact here, so the
/// only rounding is `round_ties_even`.
fn round_to_format(a: f64, mant: i32, emin: i32, overflow: f64) -> f64 {
    if a >= overflow {
        return f64::INFINITY;
    }
    // A positive f64 below the format's smallest normal uses the subnormal quantum; the
    // binade of a normal is read off its exponent bits (f64 subnormals are far below every
    // 16-bit format's range and land in the subnormal branch).
    let e = (((a.to_bits() >> 52) & 0x7ff) as i32 - 1023).max(emin);
    let q = 2f64.powi(e - mant);
    (a / q).round_ties_even() * q
}

/// float64 -> float16 rounded once to nearest even, as NumPy's `npy_double_to_half` does.
/// (`half`'s `f16::from_f64` rounds through float32 on x86-64 with F16C: twice.)
pub fn f16_from_f64(x: f64) -> f16 {
    if !x.is_finite() {
        return f16::from_f64(x);
    }
    // 65520 = 65504 + half an ulp: the tie goes to the even neighbour, infinity.
    let r = round_to_format(x.abs(), 10, -14, 65520.0);
    if r.is_infinite() {
        // npy_double_to_half sets the overflow flag by hand.
        crate::fpe::raise(crate::fpe::FpFlags::OVERFLOW);
    }
    // `r` is exactly representable, so this conversion is exact.
    f16::from_f64(r.copysign(x))
}

/// float64 -> bfloat16 rounded once to nearest even (ml_dtypes' and the GPU's conversion).
/// (`half`'s `bf16::from_f64` drops the low 32 bits of the float64 before rounding.)
pub fn bf16_from_f64(x: f64) -> bf16 {
    if !x.is_finite() {
        return bf16::from_f64(x);
    }
    // ml_dtypes casts float64 through float32, whose conversion raises overflow when |x|
    // rounds past float32's largest value ((2 - 2^-24) * 2^127 and up); rounding from float32
    // to an infinite bfloat16 raises nothing there. The value is rounded once, from x.
    if x.abs() >= (2.0 - 2f64.powi(-24)) * 2f64.powi(127) {
        crate::fpe::raise(crate::fpe::FpFlags::OVERFLOW);
    }
    // The largest bfloat16 is (2 - 2^-7) * 2^127; half an ulp above it rounds to infinity.
    let r = round_to_format(x.abs(), 7, -126, (2.0 - 2f64.powi(-8)) * 2f64.powi(127));
    bf16::from_f64(r.copysign(x))
}

macro_rules! int_element {
    ($t:ty, $dt:ident, $var:ident, $hubv:ident, $hubt:ty, $fromf:expr) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dt;
            fn slice(s: &CpuStorage) -> &[Self] {
                match s {
                    CpuStorage::$var(v) => v,
                    _ => unreachable!("storage dtype checked by caller"),
                }
            }
            fn slice_mut(s: &mut CpuStorage) -> &mut [Self] {
                match s {
                    CpuStorage::$var(v) => v,
                    _ => unreachable!("storage dtype checked by caller"),
                }
            }
            fn into_storage(v: Vec<Self>) -> CpuStorage {
                CpuStorage::$var(v)
            }
            fn to_hub(self) -> Hub {
                Hub::$hubv(self as $hubt)
            }
            fn from_hub(h: Hub) -> Self {
                match h {
                    Hub::Bool(b) => b as $t,
                    Hub::Int(i) => i as $t,
                    Hub::UInt(u) => u as $t,
                    Hub::Float(f) => ($fromf)(f),
                    Hub::Complex(c) => ($fromf)(c.re),
                }
            }
        }
    };
}

int_element!(i8, I8, I8, Int, i64, |f: f64| f64_to_i32_x86(f) as i8);
int_element!(i16, I16, I16, Int, i64, |f: f64| f64_to_i32_x86(f) as i16);
int_element!(i32, I32, I32, Int, i64, f64_to_i32_x86);
int_element!(i64, I64, I64, Int, i64, f64_to_i64_x86);
int_element!(u8, U8, U8, UInt, u64, |f: f64| f64_to_i32_x86(f) as u8);
int_element!(u16, U16, U16, UInt, u64, |f: f64| f64_to_i32_x86(f) as u16);
int_element!(u32, U32, U32, UInt, u64, |f: f64| f64_to_i64_x86(f) as u32);
// float -> uint64 has no single x86 instruction; C compilers split at 2^63: below it the
// signed conversion (cvttsd2si, so nan, -inf and values below -2^63 give 2^63), from it
// `cvttsd2si(f - 2^63) ^ 2^63` (so 2^64 and above, and inf, give 0), as NumPy's x86 casts do.
int_element!(
    u64,
    U64,
    U64,
    UInt,
    u64,
    |f: f64| if f >= 9.223372036854776e18 {
        (f64_to_i64_x86(f - 9.223372036854776e18) as u64) ^ (1u64 << 63)
    } else {
        f64_to_i64_x86(f) as u64
    }
);

impl Element for bool {
    const DTYPE: DType = DType::Bool;
    fn slice(s: &CpuStorage) -> &[Self] {
        match s {
            CpuStorage::Bool(v) => v,
            _ => unreachable!("storage dtype checked by caller"),
        }
    }
    fn slice_mut(s: &mut CpuStorage) -> &mut [Self] {
        match s {
            CpuStorage::Bool(v) => v,
            _ => unreachable!("storage dtype checked by caller"),
        }
    }
    fn into_storage(v: Vec<Self>) -> CpuStorage {
        CpuStorage::Bool(v)
    }
    fn to_hub(self) -> Hub {
        Hub::Bool(self)
    }
    fn from_hub(h: Hub) -> Self {
        match h {
            Hub::Bool(b) => b,
            Hub::Int(i) => i != 0,
            Hub::UInt(u) => u != 0,
            Hub::Float(f) => f != 0.0,
            Hub::Complex(c) => c.re != 0.0 || c.im != 0.0,
        }
    }
}

macro_rules! float_element {
    ($t:ty, $dt:ident, $var:ident, $to:expr, $from:expr) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dt;
            fn slice(s: &CpuStorage) -> &[Self] {
                match s {
                    CpuStorage::$var(v) => v,
                    _ => unreachable!("storage dtype checked by caller"),
                }
            }
            fn slice_mut(s: &mut CpuStorage) -> &mut [Self] {
                match s {
                    CpuStorage::$var(v) => v,
                    _ => unreachable!("storage dtype checked by caller"),
                }
            }
            fn into_storage(v: Vec<Self>) -> CpuStorage {
                CpuStorage::$var(v)
            }
            fn to_hub(self) -> Hub {
                Hub::Float(($to)(self))
            }
            fn from_hub(h: Hub) -> Self {
                match h {
                    Hub::Bool(b) => ($from)(b as u8 as f64),
                    // Integers convert directly (one rounding), not through f64.
                    Hub::Int(i) => <$t as FromInt>::from_i64(i),
                    Hub::UInt(u) => <$t as FromInt>::from_u64(u),
                    Hub::Float(f) => ($from)(f),
                    Hub::Complex(c) => ($from)(c.re),
                }
            }
        }
    };
}

/// Direct integer -> float conversion with a single rounding.
trait FromInt {
    fn from_i64(i: i64) -> Self;
    fn from_u64(u: u64) -> Self;
}
impl FromInt for f32 {
    fn from_i64(i: i64) -> Self {
        i as f32
    }
    fn from_u64(u: u64) -> Self {
        u as f32
    }
}
impl FromInt for f64 {
    fn from_i64(i: i64) -> Self {
        i as f64
    }
    fn from_u64(u: u64) -> Self {
        u as f64
    }
}
// Through f64: exact for |i| <= 2^53. Larger integers overflow float16 anyway; for bfloat16 they
// round twice (to f64, then to 8 bits), which can differ from a direct rounding in the last bit
// (the CUDA cast kernels do the same).
impl FromInt for f16 {
    fn from_i64(i: i64) -> Self {
        f16_from_f64(i as f64)
    }
    fn from_u64(u: u64) -> Self {
        f16_from_f64(u as f64)
    }
}
impl FromInt for bf16 {
    fn from_i64(i: i64) -> Self {
        bf16_from_f64(i as f64)
    }
    fn from_u64(u: u64) -> Self {
        bf16_from_f64(u as f64)
    }
}

float_element!(f16, F16, F16, |x: f16| x.to_f64(), f16_from_f64);
float_element!(bf16, BF16, BF16, |x: bf16| x.to_f64(), bf16_from_f64);
float_element!(f32, F32, F32, |x: f32| x as f64, |f: f64| f as f32);
float_element!(f64, F64, F64, |x: f64| x, |f: f64| f);

macro_rules! complex_element {
    ($t:ty, $ft:ty, $dt:ident, $var:ident) => {
        impl Element for $t {
            const DTYPE: DType = DType::$dt;
            fn slice(s: &CpuStorage) -> &[Self] {
                match s {
                    CpuStorage::$var(v) => v,
                    _ => unreachable!("storage dtype checked by caller"),
                }
            }
            fn slice_mut(s: &mut CpuStorage) -> &mut [Self] {
                match s {
                    CpuStorage::$var(v) => v,
                    _ => unreachable!("storage dtype checked by caller"),
                }
            }
            fn into_storage(v: Vec<Self>) -> CpuStorage {
                CpuStorage::$var(v)
            }
            fn to_hub(self) -> Hub {
                Hub::Complex(Cf64::new(self.re as f64, self.im as f64))
            }
            fn from_hub(h: Hub) -> Self {
                match h {
                    Hub::Bool(b) => Complex::new(b as u8 as $ft, 0.0),
                    Hub::Int(i) => Complex::new(i as $ft, 0.0),
                    Hub::UInt(u) => Complex::new(u as $ft, 0.0),
                    Hub::Float(f) => Complex::new(f as $ft, 0.0),
                    Hub::Complex(c) => Complex::new(c.re as $ft, c.im as $ft),
                }
            }
        }
    };
}
complex_element!(Cf32, f32, C64, C64);
complex_element!(Cf64, f64, C128, C128);

/// Runs `$body` with `$T` bound to the element type of `$dtype` (every dtype).
#[macro_export]
macro_rules! with_dtype {
    ($dtype:expr, $T:ident, $body:expr) => {{
        use $crate::dtype::DType as __D;
        match $dtype {
            __D::Bool => {
                type $T = bool;
                $body
            }
            __D::I8 => {
                type $T = i8;
                $body
            }
            __D::U8 => {
                type $T = u8;
                $body
            }
            __D::I16 => {
                type $T = i16;
                $body
            }
            __D::U16 => {
                type $T = u16;
                $body
            }
            __D::I32 => {
                type $T = i32;
                $body
            }
            __D::U32 => {
                type $T = u32;
                $body
            }
            __D::I64 => {
                type $T = i64;
                $body
            }
            __D::U64 => {
                type $T = u64;
                $body
            }
            __D::F16 => {
                type $T = $crate::half::f16;
                $body
            }
            __D::BF16 => {
                type $T = $crate::half::bf16;
                $body
            }
            __D::F32 => {
                type $T = f32;
                $body
            }
            __D::F64 => {
                type $T = f64;
                $body
            }
            __D::C64 => {
                type $T = $crate::element::Cf32;
                $body
            }
            __D::C128 => {
                type $T = $crate::element::Cf64;
                $body
            }
        }
    }};
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of adjacent finite 16-bit values: their midpoint rounds to the even one, and
    /// the nearest float64 on either side of it to the nearer one (one rounding, not two).
    fn check_format(to64: impl Fn(u16) -> f64, from64: impl Fn(f64) -> u16, max: u16) {
        for bits in 0..max {
            let (lo, hi) = (to64(bits), to64(bits + 1));
            let mid = (lo + hi) / 2.0; // exact: both have few mantissa bits
            let even = if bits % 2 == 0 { bits } else { bits + 1 };
            assert_eq!(from64(mid), even, "midpoint of {bits:#06x}");
            assert_eq!(
                from64(mid.next_down()),
                bits,
                "below midpoint of {bits:#06x}"
            );
            assert_eq!(
                from64(mid.next_up()),
                bits + 1,
                "above midpoint of {bits:#06x}"
            );
            assert_eq!(from64(-lo), bits | 0x8000, "{bits:#06x} negated");
        }
    }

    #[test]
    fn float16_from_float64_rounds_once() {
        check_format(
            |b| f16::from_bits(b).to_f64(),
            |x| f16_from_f64(x).to_bits(),
            0x7bff,
        );
        // Past the largest finite value: below half an ulp stays finite, the tie overflows.
        assert_eq!(f16_from_f64(65519.999).to_bits(), 0x7bff);
        assert_eq!(f16_from_f64(65520.0).to_bits(), 0x7c00);
        // The double rounding through float32 that `half` does on F16C machines gives 1.0.
        assert_eq!(
            f16_from_f64(f64::from_bits(0x3ff0020000400000)).to_f64(),
            1.0009765625
        );
        assert!(f16_from_f64(f64::NAN).is_nan());
        assert_eq!(f16_from_f64(f64::NEG_INFINITY), f16::NEG_INFINITY);
        assert_eq!(f16_from_f64(1e-300).to_bits(), 0);
        assert_eq!(f16_from_f64(-1e-300).to_bits(), 0x8000);
    }

    #[test]
    fn bfloat16_from_float64_rounds_once() {
        check_format(
            |b| bf16::from_bits(b).to_f64(),
            |x| bf16_from_f64(x).to_bits(),
            0x7f7f,
        );
        // `half` drops the low 32 bits first and rounds 1 + 2^-8 + 2^-40 down to 1.0.
        assert_eq!(
            bf16_from_f64(1.0 + 2f64.powi(-8) + 2f64.powi(-40)).to_bits(),
            0x3f81
        );
        assert_eq!(i64::from_hub(Hub::Float(16842753.0)), 16842753);
        assert_eq!(bf16::from_hub(Hub::Int(16842753)).to_bits(), 0x4b81);
        assert!(bf16_from_f64(f64::NAN).is_nan());
        assert_eq!(bf16_from_f64(f64::MAX), bf16::INFINITY);
    }
}
