//! Binary math ufuncs: maximum, minimum, fmax, fmin, hypot, arctan2, copysign, nextafter,
//! logaddexp, logaddexp2 and heaviside, with NumPy's loop tables and scalar semantics.
//!
//! Which operand an equal comparison returns (visible as the sign of a zero result) follows
//! what the pinned NumPy does on this platform: its SIMD float32/float64 min/max loops return
//! the second operand, its scalar float16 loops the first; bfloat16 follows ml_dtypes, which
//! returns the second. float16/bfloat16 compute through float32 except copysign and nextafter,
//! which work on the 16-bit encodings.

use crate::dtype::DType::*;
use crate::error::Result;
use crate::ops::loops::{self, group, COMPLEX, FLOATS, INTS};
use crate::ops::ufunc::{Kernel, Loop, Scalars, Ufunc, View};
use crate::storage::CpuStorage;
use half::{bf16, f16};
use num_complex::Complex;
use num_traits::{Float, FloatConst};

// ---------------------------------------------------------------------------------------------
// Complex ordering (NumPy's CGE/CLE: lexicographic, a nan imaginary part spoils `re` order).
// ---------------------------------------------------------------------------------------------

/// `a >= b` lexicographically, as NumPy's `CGE`.
#[inline]
fn cge<F: Float>(a: Complex<F>, b: Complex<F>) -> bool {
    (a.re > b.re && !a.im.is_nan() && !b.im.is_nan()) || (a.re == b.re && a.im >= b.im)
}

/// `a <= b` lexicographically, as NumPy's `CLE`.
#[inline]
fn cle<F: Float>(a: Complex<F>, b: Complex<F>) -> bool {
    (a.re < b.re && !a.im.is_nan() && !b.im.is_nan()) || (a.re == b.re && a.im <= b.im)
}

/// Whether either part is nan.
#[inline]
fn cnan<F: Float>(a: Complex<F>) -> bool {
    a.re.is_nan() || a.im.is_nan()
}

// ---------------------------------------------------------------------------------------------
// Float helpers (generic over f32/f64; the half types go through f32).
// ---------------------------------------------------------------------------------------------

/// `npy_logaddexp`: `log(exp(x) + exp(y))` without overflow; equal inputs (infinities of the
/// same sign included) give `x + log 2`, nan gives nan.
#[inline]
fn logaddexp_f<F: Float + FloatConst>(x: F, y: F) -> F {
    if x == y {
        return x + F::LN_2();
    }
    let d = x - y;
    if d > F::zero() {
        x + (-d).exp().ln_1p()
    } else if d <= F::zero() {
        y + d.exp().ln_1p()
    } else {
        d
    }
}

/// `npy_logaddexp2`: the base-2 analogue of [`logaddexp_f`].
#[inline]
fn logaddexp2_f<F: Float + FloatConst>(x: F, y: F) -> F {
    if x == y {
        return x + F::one();
    }
    let d = x - y;
    if d > F::zero() {
        x + F::LOG2_E() * (-d).exp2().ln_1p()
    } else if d <= F::zero() {
        y + F::LOG2_E() * d.exp2().ln_1p()
    } else {
        d
    }
}

/// `npy_heaviside`: 0 below zero, `h0` at (either) zero, 1 above, a positive nan for nan.
#[inline]
fn heaviside_f<F: Float>(x: F, h0: F) -> F {
    if x.is_nan() {
        F::nan()
    } else if x == F::zero() {
        h0
    } else if x < F::zero() {
        F::zero()
    } else {
        F::one()
    }
}

/// C `nextafter` on the bit pattern: `y` when equal (so `nextafter(0.0, -0.0) == -0.0`), the
/// smallest subnormal towards `y` from a zero, `x + y` (a nan) for nan inputs.
macro_rules! nextafter_c {
    ($name:ident, $t:ty, $sign:expr) => {
        #[inline]
        pub(crate) fn $name(x: $t, y: $t) -> $t {
            if x.is_nan() || y.is_nan() {
                return x + y;
            }
            if x == y {
                return y;
            }
            if x == 0.0 {
                return <$t>::from_bits((y.to_bits() & $sign) | 1);
            }
            // Away from zero when y lies beyond x on x's side, towards zero otherwise.
            let b = x.to_bits();
            <$t>::from_bits(if (y > x) == (x > 0.0) { b + 1 } else { b - 1 })
        }
    };
}
nextafter_c!(nextafter_f32, f32, 0x8000_0000);
nextafter_c!(nextafter_f64, f64, 0x8000_0000_0000_0000);

/// NumPy's `npy_half_nextafter`, in the float16 encoding: nan gives the canonical nan,
/// equal inputs give `x` (so `+0` stays `+0` towards `-0`).
#[inline]
pub(crate) fn nextafter_f16(x: f16, y: f16) -> f16 {
    let (xb, yb) = (x.to_bits(), y.to_bits());
    if x.is_nan() || y.is_nan() {
        return f16::from_bits(0x7e00);
    }
    if x == y {
        return x;
    }
    let r = if xb & 0x7fff == 0 {
        (yb & 0x8000) | 1
    } else if xb & 0x8000 == 0 {
        // x > 0: signed-integer order of the encodings matches the value order here.
        if (xb as i16) > (yb as i16) {
            xb - 1
        } else {
            xb + 1
        }
    } else if yb & 0x8000 == 0 || (xb & 0x7fff) > (yb & 0x7fff) {
        // x < 0 and y > x: towards zero.
        xb - 1
    } else {
        xb + 1
    };
    f16::from_bits(r)
}

/// ml_dtypes' bfloat16 `nextafter` (the reference for bfloat16), in the bfloat16 encoding:
/// nan gives the canonical nan, equal inputs give `y` as C does.
#[inline]
pub(crate) fn nextafter_bf16(x: bf16, y: bf16) -> bf16 {
    let (xb, yb) = (x.to_bits(), y.to_bits());
    if x.is_nan() || y.is_nan() {
        return bf16::from_bits(0x7fc0);
    }
    if xb == yb {
        return y;
    }
    let (xa, ya) = (xb & 0x7fff, yb & 0x7fff);
    if xa == 0 {
        return if ya == 0 {
            y
        } else {
            bf16::from_bits((yb & 0x8000) | 1)
        };
    }
    let towards_zero = xa > ya || (xb & 0x8000) != (yb & 0x8000);
    bf16::from_bits(if towards_zero { xb - 1 } else { xb + 1 })
}

// ---------------------------------------------------------------------------------------------
// Kernels.
// ---------------------------------------------------------------------------------------------

fn maximum(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [Bool] => |a: bool, b: bool| a | b,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a: T, b: T| if a > b { a } else { b },
        [F16] => |a: T, b: T| if a >= b || a.is_nan() { a } else { b },
        [BF16, F32, F64] => |a: T, b: T| if a.is_nan() || a > b { a } else { b },
        [C64, C128] => |a: T, b: T| if cnan(a) || cge(a, b) { a } else { b },
    )
}

fn minimum(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [Bool] => |a: bool, b: bool| a & b,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a: T, b: T| if a < b { a } else { b },
        [F16] => |a: T, b: T| if a <= b || a.is_nan() { a } else { b },
        [BF16, F32, F64] => |a: T, b: T| if a.is_nan() || a < b { a } else { b },
        [C64, C128] => |a: T, b: T| if cnan(a) || cle(a, b) { a } else { b },
    )
}

fn fmax(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [Bool] => |a: bool, b: bool| a | b,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a: T, b: T| if a > b { a } else { b },
        [F16] => |a: T, b: T| if a >= b || b.is_nan() { a } else { b },
        [BF16, F32, F64] => |a: T, b: T| if b.is_nan() || a > b { a } else { b },
        [C64, C128] => |a: T, b: T| if cnan(b) || cge(a, b) { a } else { b },
    )
}

fn fmin(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [Bool] => |a: bool, b: bool| a & b,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a: T, b: T| if a < b { a } else { b },
        [F16] => |a: T, b: T| if a <= b || b.is_nan() { a } else { b },
        [BF16, F32, F64] => |a: T, b: T| if b.is_nan() || a < b { a } else { b },
        [C64, C128] => |a: T, b: T| if cnan(b) || cle(a, b) { a } else { b },
    )
}

fn hypot(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [F16, BF16] => |a: T, b: T| T::from_f32(a.to_f32().hypot(b.to_f32())),
        [F32, F64] => |a: T, b: T| a.hypot(b),
    )
}

fn arctan2(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [F16, BF16] => |a: T, b: T| T::from_f32(a.to_f32().atan2(b.to_f32())),
        [F32, F64] => |a: T, b: T| a.atan2(b),
    )
}

fn copysign(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        // Pure sign-bit surgery, so nan payloads survive as in NumPy's `npy_half_copysign`.
        [F16, BF16] => |a: T, b: T| T::from_bits((a.to_bits() & 0x7fff) | (b.to_bits() & 0x8000)),
        [F32, F64] => |a: T, b: T| a.copysign(b),
    )
}

fn nextafter(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [F16] => nextafter_f16,
        [BF16] => nextafter_bf16,
        [F32] => nextafter_f32,
        [F64] => nextafter_f64,
    )
}

fn logaddexp(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [F16, BF16] => |a: T, b: T| T::from_f32(logaddexp_f(a.to_f32(), b.to_f32())),
        [F32, F64] => logaddexp_f,
    )
}

fn logaddexp2(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [F16, BF16] => |a: T, b: T| T::from_f32(logaddexp2_f(a.to_f32(), b.to_f32())),
        [F32, F64] => logaddexp2_f,
    )
}

fn heaviside(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [F16, BF16] => |a: T, b: T| T::from_f32(heaviside_f(a.to_f32(), b.to_f32())),
        [F32, F64] => heaviside_f,
    )
}

/// The binary-math family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    let all = group(&[&[Bool], &INTS, &FLOATS, &COMPLEX]);
    let minmax = |name: &'static str, kernel: Kernel| Ufunc {
        name,
        nin: 2,
        loops: loops::same(&all, 2),
        kernel,
        resolver: None,
        scalars: Scalars::Weak,
    };
    let float = |name: &'static str, kernel: Kernel| Ufunc {
        name,
        nin: 2,
        loops: loops::same(&FLOATS, 2),
        kernel,
        resolver: None,
        scalars: Scalars::Weak,
    };
    vec![
        minmax("maximum", maximum),
        minmax("minimum", minimum),
        minmax("fmax", fmax),
        minmax("fmin", fmin),
        float("hypot", hypot),
        float("arctan2", arctan2),
        float("copysign", copysign),
        float("nextafter", nextafter),
        float("logaddexp", logaddexp),
        float("logaddexp2", logaddexp2),
        float("heaviside", heaviside),
    ]
}

#[cfg(test)]
mod tests {
    use crate::dtype::DType;
    use crate::element::{Cf64, Element};
    use crate::ops::ufunc::Arg;
    use crate::tensor::Tensor;
    use half::{bf16, f16};

    fn call2<T: Element>(name: &str, a: Vec<T>, b: Vec<T>) -> Vec<T> {
        let n = a.len();
        let a = Tensor::from_vec(a, &[n]).unwrap();
        let b = Tensor::from_vec(b, &[n]).unwrap();
        let t = crate::ops::ufunc(name)
            .unwrap()
            .call(&[Arg::from(&a), Arg::from(&b)], None)
            .unwrap();
        assert_eq!(t.dtype(), T::DTYPE);
        t.to_vec::<T>().unwrap()
    }

    #[test]
    fn min_max_nan_and_signed_zero() {
        let nan = f64::NAN;
        let a = vec![nan, 1.0, -0.0, 0.0];
        let b = vec![1.0, nan, 0.0, -0.0];
        let mx = call2("maximum", a.clone(), b.clone());
        assert!(mx[0].is_nan() && mx[1].is_nan());
        // The pinned NumPy's float64 loop returns the second operand for equal inputs.
        assert!(mx[2].is_sign_positive() && mx[3].is_sign_negative());
        let fm = call2("fmax", a, b);
        assert_eq!(&fm[..2], &[1.0, 1.0]);
        // Its float16 loop returns the first.
        let h = |v: f64| f16::from_f64(v);
        let mx = call2("maximum", vec![h(-0.0)], vec![h(0.0)]);
        assert!(mx[0].is_sign_negative());
        let mn = call2("minimum", vec![1u8, 200], vec![3u8, 100]);
        assert_eq!(mn, vec![1, 100]);
    }

    #[test]
    fn complex_maximum_is_lexicographic() {
        let a = vec![
            Cf64::new(1.0, 5.0),
            Cf64::new(2.0, 0.0),
            Cf64::new(f64::NAN, 0.0),
        ];
        let b = vec![
            Cf64::new(1.0, 2.0),
            Cf64::new(1.0, 9.0),
            Cf64::new(0.0, 0.0),
        ];
        let m = call2("maximum", a, b);
        assert_eq!(m[0], Cf64::new(1.0, 5.0));
        assert_eq!(m[1], Cf64::new(2.0, 0.0));
        assert!(m[2].re.is_nan());
    }

    #[test]
    fn nextafter_steps_in_16_bit_formats() {
        let h = |v: f32| f16::from_f32(v);
        let r = call2(
            "nextafter",
            vec![h(1.0), h(0.0), h(0.0)],
            vec![h(2.0), h(-1.0), h(-0.0)],
        );
        assert_eq!(
            r.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            vec![0x3c01, 0x8001, 0x0000]
        );
        let b = |v: f32| bf16::from_f32(v);
        let r = call2("nextafter", vec![b(1.0), b(1.0)], vec![b(2.0), b(0.0)]);
        assert_eq!(
            r.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            vec![0x3f81, 0x3f7f]
        );
        let r = call2("nextafter", vec![0.0f64, 1.0], vec![-0.0, 2.0]);
        assert!(r[0] == 0.0 && r[0].is_sign_negative());
        assert_eq!(r[1], 1.0 + f64::EPSILON);
    }

    #[test]
    fn logaddexp_and_heaviside() {
        let inf = f64::INFINITY;
        let r = call2(
            "logaddexp",
            vec![inf, -inf, 1.0, 1000.0],
            vec![inf, -inf, 1.0, 1000.0],
        );
        assert_eq!(r[..2], [inf, -inf]);
        assert_eq!(r[2], 1.6931471805599454);
        assert_eq!(r[3], 1000.0 + std::f64::consts::LN_2);
        let r = call2("logaddexp2", vec![3.0, 1.0], vec![-inf, 1.0]);
        assert_eq!(r, vec![3.0, 2.0]);
        let r = call2(
            "heaviside",
            vec![-1.0, 0.0, -0.0, 2.0, f64::NAN],
            vec![0.5; 5],
        );
        assert_eq!(&r[..4], &[0.0, 0.5, 0.5, 1.0]);
        assert!(r[4].is_nan());
    }

    #[test]
    fn float_only_loops_resolve_like_numpy() {
        let a = Tensor::zeros(&[1], DType::I8).unwrap();
        let t = crate::ops::ufunc("hypot")
            .unwrap()
            .call(&[Arg::from(&a), Arg::from(&a)], None)
            .unwrap();
        assert_eq!(t.dtype(), DType::F16);
        let c = Tensor::zeros(&[1], DType::C64).unwrap();
        assert!(crate::ops::ufunc("arctan2")
            .unwrap()
            .call(&[Arg::from(&c), Arg::from(&c)], None)
            .is_err());
    }
}
