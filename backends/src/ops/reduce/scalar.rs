//! Scalar semantics of the reducing ufuncs, per element type: the same results as the ufuncs'
//! elementwise kernels (`ops::kernels`), as plain functions a reduction loop can inline.
//!
//! Each binary op is a zero-sized [`BinOp`] type so a fold over it is monomorphised and its
//! inner loop vectorises; a runtime op value would put a branch in every iteration.

use crate::element::{Cf32, Cf64, Element};
use crate::ops::reduce::pairwise::{SumAcc, Summand};
use half::{bf16, f16};

/// An element type with the reducing ufuncs' scalar loops and its summation accumulator.
pub trait Scalar: Element {
    /// The accumulator of a pairwise sum of this type (float32 for float16/bfloat16).
    type Acc: SumAcc;
    /// Exact widening into the accumulator.
    fn to_acc(self) -> Self::Acc;
    /// Rounds an accumulator back (once).
    fn from_acc(a: Self::Acc) -> Self;
    /// `np.add` (wrapping for integers, `or` for bool).
    fn add(a: Self, b: Self) -> Self;
    /// `np.multiply` (wrapping for integers, `and` for bool; textbook complex product).
    fn mul(a: Self, b: Self) -> Self;
    /// `np.maximum` (nan propagates; complex lexicographic).
    fn max(a: Self, b: Self) -> Self;
    /// `np.minimum`.
    fn min(a: Self, b: Self) -> Self;
    /// `np.fmax` (a nan operand is ignored).
    fn fmax(a: Self, b: Self) -> Self;
    /// `np.fmin`.
    fn fmin(a: Self, b: Self) -> Self;
    /// `np.fmax` as NumPy's reduce loops fold it one element at a time (C `fmax`: a tie of
    /// +0/-0 keeps the accumulator); the elementwise rule elsewhere.
    #[inline(always)]
    fn fmax_fold(a: Self, b: Self) -> Self {
        Self::fmax(a, b)
    }
    /// `np.fmin` as the reduce loops fold it (see [`Scalar::fmax_fold`]).
    #[inline(always)]
    fn fmin_fold(a: Self, b: Self) -> Self {
        Self::fmin(a, b)
    }
    /// `np.multiply` as NumPy's SIMD loop computes it (complex: the FMA product of the
    /// elementwise kernel); what an accumulate step that runs as a one-element loop call uses.
    #[inline(always)]
    fn mul_simd(a: Self, b: Self) -> Self {
        Self::mul(a, b)
    }
    /// `start` multiplied by the run `x` as one call of NumPy's multiply reduce loop:
    /// sequential, except that the float16 loop keeps the product in float32 across the call
    /// and rounds once at its end (taken for every layout, so results do not depend on it).
    #[inline(always)]
    fn mul_run(start: Self, x: &[Self]) -> Self {
        x.iter().fold(start, |a, &v| Self::mul(a, v))
    }
    /// `np.bitwise_and` (bool and integer loops only; other types are refused before a loop
    /// runs and return `a`).
    fn band(a: Self, b: Self) -> Self;
    /// `np.bitwise_or`.
    fn bor(a: Self, b: Self) -> Self;
    /// `np.bitwise_xor`.
    fn bxor(a: Self, b: Self) -> Self;
    /// Whether the value is (or, for complex, has a part that is) nan.
    fn is_nan(self) -> bool;
    /// `self != 0` (`np.bool_(x)`).
    fn truthy(self) -> bool;
    /// `a > b` as `argmax` compares (complex: lexicographic).
    fn gt(a: Self, b: Self) -> bool;
    /// `a < b` as `argmin` compares.
    fn lt(a: Self, b: Self) -> bool;
}

macro_rules! int_scalar {
    ($($t:ty),*) => {$(
        impl Scalar for $t {
            type Acc = $t;
            #[inline(always)] fn to_acc(self) -> $t { self }
            #[inline(always)] fn from_acc(a: $t) -> $t { a }
            #[inline(always)] fn add(a: $t, b: $t) -> $t { a.wrapping_add(b) }
            #[inline(always)] fn mul(a: $t, b: $t) -> $t { a.wrapping_mul(b) }
            #[inline(always)] fn max(a: $t, b: $t) -> $t { if a > b { a } else { b } }
            #[inline(always)] fn min(a: $t, b: $t) -> $t { if a < b { a } else { b } }
            #[inline(always)] fn fmax(a: $t, b: $t) -> $t { if a > b { a } else { b } }
            #[inline(always)] fn fmin(a: $t, b: $t) -> $t { if a < b { a } else { b } }
            #[inline(always)] fn band(a: $t, b: $t) -> $t { a & b }
            #[inline(always)] fn bor(a: $t, b: $t) -> $t { a | b }
            #[inline(always)] fn bxor(a: $t, b: $t) -> $t { a ^ b }
            #[inline(always)] fn is_nan(self) -> bool { false }
            #[inline(always)] fn truthy(self) -> bool { self != 0 }
            #[inline(always)] fn gt(a: $t, b: $t) -> bool { a > b }
            #[inline(always)] fn lt(a: $t, b: $t) -> bool { a < b }
        }
    )*};
}
int_scalar!(i8, u8, i16, u16, i32, u32, i64, u64);

impl Scalar for bool {
    type Acc = bool;
    fn to_acc(self) -> bool {
        self
    }
    fn from_acc(a: bool) -> bool {
        a
    }
    #[inline(always)]
    fn add(a: bool, b: bool) -> bool {
        a | b
    }
    #[inline(always)]
    fn mul(a: bool, b: bool) -> bool {
        a & b
    }
    #[inline(always)]
    fn max(a: bool, b: bool) -> bool {
        a | b
    }
    #[inline(always)]
    fn min(a: bool, b: bool) -> bool {
        a & b
    }
    #[inline(always)]
    fn fmax(a: bool, b: bool) -> bool {
        a | b
    }
    #[inline(always)]
    fn fmin(a: bool, b: bool) -> bool {
        a & b
    }
    #[inline(always)]
    fn band(a: bool, b: bool) -> bool {
        a & b
    }
    #[inline(always)]
    fn bor(a: bool, b: bool) -> bool {
        a | b
    }
    #[inline(always)]
    fn bxor(a: bool, b: bool) -> bool {
        a ^ b
    }
    fn is_nan(self) -> bool {
        false
    }
    fn truthy(self) -> bool {
        self
    }
    fn gt(a: bool, b: bool) -> bool {
        a & !b
    }
    fn lt(a: bool, b: bool) -> bool {
        !a & b
    }
}

// float32/float64: the SIMD loops' tie rule (the second operand), nan first.
macro_rules! float_scalar {
    ($($t:ty),*) => {$(
        impl Scalar for $t {
            type Acc = $t;
            #[inline(always)] fn to_acc(self) -> $t { self }
            #[inline(always)] fn from_acc(a: $t) -> $t { a }
            #[inline(always)] fn add(a: $t, b: $t) -> $t { a + b }
            #[inline(always)] fn mul(a: $t, b: $t) -> $t { a * b }
            #[inline(always)] fn max(a: $t, b: $t) -> $t { if a.is_nan() || a > b { a } else { b } }
            #[inline(always)] fn min(a: $t, b: $t) -> $t { if a.is_nan() || a < b { a } else { b } }
            #[inline(always)] fn fmax(a: $t, b: $t) -> $t { if b.is_nan() || a > b { a } else { b } }
            #[inline(always)] fn fmin(a: $t, b: $t) -> $t { if b.is_nan() || a < b { a } else { b } }
            #[inline(always)] fn fmax_fold(a: $t, b: $t) -> $t { if b.is_nan() || a >= b { a } else { b } }
            #[inline(always)] fn fmin_fold(a: $t, b: $t) -> $t { if b.is_nan() || a <= b { a } else { b } }
            fn band(a: $t, _: $t) -> $t { a }
            fn bor(a: $t, _: $t) -> $t { a }
            fn bxor(a: $t, _: $t) -> $t { a }
            #[inline(always)] fn is_nan(self) -> bool { self.is_nan() }
            #[inline(always)] fn truthy(self) -> bool { self != 0.0 }
            #[inline(always)] fn gt(a: $t, b: $t) -> bool { a > b }
            #[inline(always)] fn lt(a: $t, b: $t) -> bool { a < b }
        }
    )*};
}
float_scalar!(f32, f64);

// float16: NumPy's scalar half loops keep the first operand on ties; bfloat16 follows
// ml_dtypes (the second), as the elementwise kernels do.
macro_rules! half_scalar {
    ($t:ty, $ge:tt, $le:tt) => {
        impl Scalar for $t {
            type Acc = f32;
            #[inline(always)]
            fn to_acc(self) -> f32 {
                self.to_f32()
            }
            #[inline(always)]
            fn from_acc(a: f32) -> $t {
                <$t>::from_f32(a)
            }
            #[inline(always)]
            fn add(a: $t, b: $t) -> $t {
                <$t>::from_f32(a.to_f32() + b.to_f32())
            }
            #[inline(always)]
            fn mul(a: $t, b: $t) -> $t {
                <$t>::from_f32(a.to_f32() * b.to_f32())
            }
            fn mul_run(start: $t, x: &[$t]) -> $t {
                if <$t as Element>::DTYPE != crate::dtype::DType::F16 {
                    return x.iter().fold(start, |a, &v| Self::mul(a, v));
                }
                let p = x.iter().fold(start.to_f32(), |a, &v| a * v.to_f32());
                <$t>::from_f32(p)
            }
            #[inline(always)]
            fn max(a: $t, b: $t) -> $t {
                if a.is_nan() || a $ge b { a } else { b }
            }
            #[inline(always)]
            fn min(a: $t, b: $t) -> $t {
                if a.is_nan() || a $le b { a } else { b }
            }
            #[inline(always)]
            fn fmax(a: $t, b: $t) -> $t {
                if b.is_nan() || a $ge b { a } else { b }
            }
            #[inline(always)]
            fn fmin(a: $t, b: $t) -> $t {
                if b.is_nan() || a $le b { a } else { b }
            }
            #[inline(always)]
            fn fmax_fold(a: $t, b: $t) -> $t {
                if b.is_nan() || a >= b { a } else { b }
            }
            #[inline(always)]
            fn fmin_fold(a: $t, b: $t) -> $t {
                if b.is_nan() || a <= b { a } else { b }
            }
            fn band(a: $t, _: $t) -> $t {
                a
            }
            fn bor(a: $t, _: $t) -> $t {
                a
            }
            fn bxor(a: $t, _: $t) -> $t {
                a
            }
            #[inline(always)]
            fn is_nan(self) -> bool {
                self.is_nan()
            }
            #[inline(always)]
            fn truthy(self) -> bool {
                self.to_f32() != 0.0
            }
            #[inline(always)]
            fn gt(a: $t, b: $t) -> bool {
                a > b
            }
            #[inline(always)]
            fn lt(a: $t, b: $t) -> bool {
                a < b
            }
        }
    };
}
half_scalar!(f16, >=, <=);
half_scalar!(bf16, >, <);

/// `a >= b` lexicographically, as NumPy's `CGE` (a nan imaginary part spoils `re` order).
#[inline(always)]
fn cge<F: num_traits::Float>(a: num_complex::Complex<F>, b: num_complex::Complex<F>) -> bool {
    (a.re > b.re && !a.im.is_nan() && !b.im.is_nan()) || (a.re == b.re && a.im >= b.im)
}
/// `a <= b` lexicographically, as NumPy's `CLE`.
#[inline(always)]
fn cle<F: num_traits::Float>(a: num_complex::Complex<F>, b: num_complex::Complex<F>) -> bool {
    (a.re < b.re && !a.im.is_nan() && !b.im.is_nan()) || (a.re == b.re && a.im <= b.im)
}

macro_rules! complex_scalar {
    ($($t:ty),*) => {$(
        impl Scalar for $t {
            type Acc = $t;
            #[inline(always)] fn to_acc(self) -> $t { self }
            #[inline(always)] fn from_acc(a: $t) -> $t { a }
            #[inline(always)] fn add(a: $t, b: $t) -> $t { a + b }
            #[inline(always)]
            fn mul(a: $t, b: $t) -> $t {
                <$t>::new(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
            }
            #[inline(always)]
            fn mul_simd(a: $t, b: $t) -> $t { crate::ops::kernels::arith::cmul_fma(a, b) }
            #[inline(always)] fn max(a: $t, b: $t) -> $t { if a.is_nan() || cge(a, b) { a } else { b } }
            #[inline(always)] fn min(a: $t, b: $t) -> $t { if a.is_nan() || cle(a, b) { a } else { b } }
            #[inline(always)] fn fmax(a: $t, b: $t) -> $t { if b.is_nan() || cge(a, b) { a } else { b } }
            #[inline(always)] fn fmin(a: $t, b: $t) -> $t { if b.is_nan() || cle(a, b) { a } else { b } }
            fn band(a: $t, _: $t) -> $t { a }
            fn bor(a: $t, _: $t) -> $t { a }
            fn bxor(a: $t, _: $t) -> $t { a }
            #[inline(always)] fn is_nan(self) -> bool { self.re.is_nan() || self.im.is_nan() }
            #[inline(always)] fn truthy(self) -> bool { self.re != 0.0 || self.im != 0.0 }
            #[inline(always)]
            fn gt(a: $t, b: $t) -> bool { a.re > b.re || (a.re == b.re && a.im > b.im) }
            #[inline(always)]
            fn lt(a: $t, b: $t) -> bool { a.re < b.re || (a.re == b.re && a.im < b.im) }
        }
    )*};
}
complex_scalar!(Cf32, Cf64);

impl<T: Scalar> Summand<T::Acc> for T {
    #[inline(always)]
    fn acc(self) -> T::Acc {
        self.to_acc()
    }
}

/// A reducing binary op as a type (see the module docs).
pub trait BinOp: Copy + Send + Sync + 'static {
    /// `f(f(x, y), y) == f(x, y)` and order-insensitive up to which of equal values (or nans)
    /// is returned: lanes and blocks may then be combined in any fixed order.
    const REORDERABLE: bool;
    /// The op.
    fn f<T: Scalar>(a: T, b: T) -> T;
    /// The op as NumPy's reduce loops apply it one element at a time (`acc = f(acc, x)`);
    /// differs from [`BinOp::f`] only in which of +0/-0 a tie keeps.
    #[inline(always)]
    fn fold<T: Scalar>(a: T, b: T) -> T {
        Self::f(a, b)
    }
    /// Whether [`BinOp::fold_run`] may differ from the element-by-element fold (a run must
    /// then be folded whole, whatever its layout).
    const WIDE_RUN: bool = false;
    /// `start` folded with the run `x` as one inner-loop call of NumPy's reduce.
    #[inline(always)]
    fn fold_run<T: Scalar>(start: T, x: &[T]) -> T {
        x.iter().fold(start, |a, &v| Self::fold(a, v))
    }
}

macro_rules! binop {
    ($($name:ident, $m:ident, $r:expr;)*) => {$(
        #[doc = concat!("`", stringify!($m), "` as a [`BinOp`].")]
        #[derive(Clone, Copy, Debug)]
        pub struct $name;
        impl BinOp for $name {
            const REORDERABLE: bool = $r;
            #[inline(always)]
            fn f<T: Scalar>(a: T, b: T) -> T { T::$m(a, b) }
        }
    )*};
}
binop! {
    Add, add, false;
    MulSimd, mul_simd, false;
    Max, max, true;
    Min, min, true;
    BitAnd, band, true;
    BitOr, bor, true;
    BitXor, bxor, false;
}

/// `np.multiply` as a [`BinOp`]; a contiguous run folds as one loop call ([`Scalar::mul_run`]).
#[derive(Clone, Copy, Debug)]
pub struct Mul;
impl BinOp for Mul {
    const REORDERABLE: bool = false;
    const WIDE_RUN: bool = true;
    #[inline(always)]
    fn f<T: Scalar>(a: T, b: T) -> T {
        T::mul(a, b)
    }
    #[inline(always)]
    fn fold_run<T: Scalar>(start: T, x: &[T]) -> T {
        T::mul_run(start, x)
    }
}

/// `np.fmax` as a [`BinOp`] (sequential folds keep the accumulator on a tie of zeros).
#[derive(Clone, Copy, Debug)]
pub struct FMax;
impl BinOp for FMax {
    const REORDERABLE: bool = true;
    #[inline(always)]
    fn f<T: Scalar>(a: T, b: T) -> T {
        T::fmax(a, b)
    }
    #[inline(always)]
    fn fold<T: Scalar>(a: T, b: T) -> T {
        T::fmax_fold(a, b)
    }
}

/// `np.fmin` as a [`BinOp`] (see [`FMax`]).
#[derive(Clone, Copy, Debug)]
pub struct FMin;
impl BinOp for FMin {
    const REORDERABLE: bool = true;
    #[inline(always)]
    fn f<T: Scalar>(a: T, b: T) -> T {
        T::fmin(a, b)
    }
    #[inline(always)]
    fn fold<T: Scalar>(a: T, b: T) -> T {
        T::fmin_fold(a, b)
    }
}

/// `x` cast to dtype `o` and back (C casts), as a value that passes through an `out=` of
/// dtype `o` on its way into the loop.
pub fn via<T: Element>(x: T, o: crate::dtype::DType) -> T {
    crate::with_dtype!(o, U, T::from_hub(U::from_hub(x.to_hub()).to_hub()))
}
