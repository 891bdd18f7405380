//! Floating-point decomposition ufuncs: `fabs`, `spacing`, `ldexp`, and the single-output
//! parts behind the two-output ufuncs `frexp` (mantissa, exponent) and `modf` (fractional,
//! integral part) — see [`crate::ops::multi`].
//!
//! NumPy's float16 loops compute through float32 (`npy_half_to_float`, the C function, one
//! rounding back), except `fabs` and `spacing`, which work on the encoding (npy_half); bfloat16
//! does the same as float16 (ml_dtypes). Every function here is exact in the loop's own
//! precision (`ldexp` rounds once, where the result is subnormal).

use crate::dtype::DType::{self, *};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::ops::kernels::binary_math::{
    nextafter_bf16, nextafter_f16, nextafter_f32, nextafter_f64,
};
use crate::ops::loops::{self, FLOATS};
use crate::ops::ufunc::{Loop, Ufunc, View};
use crate::storage::CpuStorage;
use half::{bf16, f16};

fn fabs(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16] => |x: f16| f16::from_bits(x.to_bits() & 0x7fff),
        [BF16] => |x: bf16| bf16::from_bits(x.to_bits() & 0x7fff),
        [F32, F64] => |x| x.abs(),
    )
}

/// NumPy's `npy_spacing`: the distance to the next representable value away from zero (for
/// `-0.0` towards `+inf`, as `-0.0 < 0` is false); NaN for infinities and NaN. float16's
/// `npy_half_spacing` instead always steps towards `+inf` (a positive result, the smaller ulp
/// at negative powers of two), so its `negative` threshold is `-inf` (never taken).
macro_rules! spacing_fn {
    ($name:ident, $t:ty, $next:ident, $inf:expr, $negative:expr) => {
        fn $name(x: $t) -> $t {
            if x.is_nan() || x.is_infinite() {
                return <$t>::NAN;
            }
            let towards = if x < $negative { -$inf } else { $inf };
            // One ulp apart: the difference is exact (a power of two).
            $next(x, towards) - x
        }
    };
}
spacing_fn!(spacing_f32, f32, nextafter_f32, f32::INFINITY, 0.0);
spacing_fn!(spacing_f64, f64, nextafter_f64, f64::INFINITY, 0.0);
spacing_fn!(
    spacing_f16,
    f16,
    nextafter_f16,
    f16::INFINITY,
    f16::NEG_INFINITY
);
spacing_fn!(
    spacing_bf16,
    bf16,
    nextafter_bf16,
    bf16::INFINITY,
    bf16::ZERO
);

fn spacing(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16] => spacing_f16,
        [BF16] => spacing_bf16,
        [F32] => spacing_f32,
        [F64] => spacing_f64,
    )
}

/// NumPy's int64-exponent loops clamp the exponent to C `int` before calling `ldexp`.
fn clamp_exp(n: i64) -> i32 {
    n.clamp(i32::MIN as i64, i32::MAX as i64) as i32
}

/// `x * 2**n` through the loop's C function (float16/bfloat16 via float32, rounded once).
trait Ldexp: Copy {
    fn ldexp(self, n: i32) -> Self;
}
impl Ldexp for f32 {
    fn ldexp(self, n: i32) -> f32 {
        libm::ldexpf(self, n)
    }
}
impl Ldexp for f64 {
    fn ldexp(self, n: i32) -> f64 {
        libm::ldexp(self, n)
    }
}
impl Ldexp for f16 {
    fn ldexp(self, n: i32) -> f16 {
        f16::from_f32(libm::ldexpf(self.to_f32(), n))
    }
}
impl Ldexp for bf16 {
    fn ldexp(self, n: i32) -> bf16 {
        bf16::from_f32(libm::ldexpf(self.to_f32(), n))
    }
}

fn ldexp_with<T: Element + Ldexp, N: Element>(
    ins: &[View<'_>],
    n: impl Fn(N) -> i32 + Sync,
) -> Result<CpuStorage> {
    let (a, b) = (&ins[0], &ins[1]);
    let v = crate::cpu::map2::<T, N, T>(
        T::slice(a.data),
        &a.layout,
        N::slice(b.data),
        &b.layout,
        |x, e| x.ldexp(n(e)),
    )?;
    Ok(T::into_storage(v))
}

fn ldexp(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    macro_rules! by_exp {
        ($t:ty) => {
            match lp.ins[1] {
                I32 => ldexp_with::<$t, i32>(ins, |e| e),
                I64 => ldexp_with::<$t, i64>(ins, clamp_exp),
                d => Err(Error::NoLoop {
                    op,
                    dtypes: vec![lp.ins[0], d],
                }),
            }
        };
    }
    match lp.ins[0] {
        F16 => by_exp!(f16),
        BF16 => by_exp!(bf16),
        F32 => by_exp!(f32),
        F64 => by_exp!(f64),
        d => Err(Error::NoLoop {
            op,
            dtypes: vec![d, lp.ins[1]],
        }),
    }
}

/// `frexp(x)`: C's frexp (mantissa in [0.5, 1) with x's sign, or x itself for zeros,
/// infinities and NaN with exponent 0).
fn frexp64(x: f64) -> (f64, i32) {
    libm::frexp(x)
}
fn frexp32(x: f32) -> (f32, i32) {
    libm::frexpf(x)
}

fn frexp_mantissa(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16] => |x: f16| f16::from_f32(frexp32(x.to_f32()).0),
        [BF16] => |x: bf16| bf16::from_f32(frexp32(x.to_f32()).0),
        [F32] => |x| frexp32(x).0,
        [F64] => |x| frexp64(x).0,
    )
}

fn frexp_exponent(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16] => |x: f16| frexp32(x.to_f32()).1,
        [BF16] => |x: bf16| frexp32(x.to_f32()).1,
        [F32] => |x| frexp32(x).1,
        [F64] => |x| frexp64(x).1,
    )
}

/// C's `modf`: (fractional, integral), both with x's sign; `modf(±inf) = (±0, ±inf)`.
macro_rules! modf_fn {
    ($name:ident, $t:ty) => {
        fn $name(x: $t) -> ($t, $t) {
            let i = x.trunc();
            let f = if x.is_infinite() { 0.0 } else { x - i };
            (f.copysign(x), i)
        }
    };
}
modf_fn!(modf32, f32);
modf_fn!(modf64, f64);

fn modf_fractional(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16] => |x: f16| f16::from_f32(modf32(x.to_f32()).0),
        [BF16] => |x: bf16| bf16::from_f32(modf32(x.to_f32()).0),
        [F32] => |x| modf32(x).0,
        [F64] => |x| modf64(x).0,
    )
}

fn modf_integral(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16] => |x: f16| f16::from_f32(modf32(x.to_f32()).1),
        [BF16] => |x: bf16| bf16::from_f32(modf32(x.to_f32()).1),
        [F32] => |x| modf32(x).1,
        [F64] => |x| modf64(x).1,
    )
}

/// `re + im·i` from two real arrays, exactly (no arithmetic, so infinities and NaNs in one part
/// never leak into the other): how the engine writes NumPy's `z.real = ...; z.imag = ...`.
fn complex_from_parts(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    let (a, b) = (&ins[0], &ins[1]);
    match lp.ins[0] {
        F32 => Ok(crate::element::Cf32::into_storage(crate::cpu::map2::<
            f32,
            f32,
            _,
        >(
            f32::slice(a.data),
            &a.layout,
            f32::slice(b.data),
            &b.layout,
            crate::element::Cf32::new,
        )?)),
        F64 => Ok(crate::element::Cf64::into_storage(crate::cpu::map2::<
            f64,
            f64,
            _,
        >(
            f64::slice(a.data),
            &a.layout,
            f64::slice(b.data),
            &b.layout,
            crate::element::Cf64::new,
        )?)),
        d => Err(Error::NoLoop {
            op,
            dtypes: vec![d, lp.ins[1]],
        }),
    }
}

/// `ldexp`'s loops in NumPy's order (`ei, fi, el, fl, di, dl`; bfloat16 beside float16).
fn ldexp_loops() -> Vec<Loop> {
    let lp = |x: DType, n: DType| Loop {
        ins: vec![x, n],
        out: x,
    };
    vec![
        lp(F16, I32),
        lp(BF16, I32),
        lp(F32, I32),
        lp(F16, I64),
        lp(BF16, I64),
        lp(F32, I64),
        lp(F64, I32),
        lp(F64, I64),
    ]
}

/// The ufuncs of this family (the frexp/modf parts are internal: NumPy has them only as the
/// outputs of `frexp` and `modf`).
pub fn ufuncs() -> Vec<Ufunc> {
    let u = |name, loops, kernel| Ufunc::new(name, 1, loops, kernel);
    vec![
        u("fabs", loops::same(&FLOATS, 1), fabs),
        u("spacing", loops::same(&FLOATS, 1), spacing),
        Ufunc::new("ldexp", 2, ldexp_loops(), ldexp),
        u("frexp_mantissa", loops::same(&FLOATS, 1), frexp_mantissa),
        u("frexp_exponent", loops::to(&FLOATS, 1, I32), frexp_exponent),
        u("modf_fractional", loops::same(&FLOATS, 1), modf_fractional),
        u("modf_integral", loops::same(&FLOATS, 1), modf_integral),
        Ufunc::new(
            "complex_from_parts",
            2,
            vec![
                Loop {
                    ins: vec![F32, F32],
                    out: C64,
                },
                Loop {
                    ins: vec![F64, F64],
                    out: C128,
                },
            ],
            complex_from_parts,
        ),
    ]
}
