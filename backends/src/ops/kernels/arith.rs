//! Arithmetic ufuncs: add, subtract, multiply, divide (true_divide), floor_divide, remainder,
//! fmod, power and float_power, with NumPy's loop tables and scalar semantics.
//!
//! float16/bfloat16 loops compute through float32 and round back once, as NumPy's `HALF_*`
//! loops do; complex division, floor division and power follow NumPy's C code (`npy_divmod`,
//! Smith-style complex division, `npy_cpow`) rather than the textbook formulas.

use crate::cpu::walk::Plan;
use crate::dtype::DType::{self, *};
use crate::error::{Error, Result};
use crate::ops::loops::{self, group, COMPLEX, FLOATS, INTS};
use crate::ops::ufunc::{Loop, Scalars, Ufunc, View};
use crate::storage::CpuStorage;
use num_complex::Complex;
use num_traits::{CheckedRem, Float, FloatConst, PrimInt, WrappingAdd, WrappingMul, WrappingSub};

// ---------------------------------------------------------------------------------------------
// Scalar helpers (generic over f32/f64; the half types call the f32 instance).
// ---------------------------------------------------------------------------------------------

/// `npy_divmod`: Python-style floor division and remainder of floats, returning
/// `(floordiv, mod)`; `mod` has the sign of `b`, and the quotient is snapped to an integer
/// so that `a == floordiv * b + mod` as closely as rounding allows.
#[inline]
fn divmod_f<F: Float>(a: F, b: F) -> (F, F) {
    let zero = F::zero();
    let one = F::one();
    let mut m = a % b;
    if b == zero {
        // NumPy returns fmod's result (nan) and the plain quotient (±inf or nan).
        return (a / b, m);
    }
    // `a - m` is very nearly an integer multiple of `b`.
    let mut div = (a - m) / b;
    if m != zero {
        // Move the remainder to the divisor's sign (Python convention).
        if (b < zero) != (m < zero) {
            m = m + b;
            div = div - one;
        }
    } else {
        m = zero.copysign(b);
    }
    let floordiv = if div != zero {
        let mut f = div.floor();
        // Snap the quotient to the nearest integer.
        if div - f > F::from(0.5).unwrap_or(one) {
            f = f + one;
        }
        f
    } else {
        zero.copysign(a / b)
    };
    (floordiv, m)
}

/// `npy_floor_divide`: division by zero gives the plain quotient (±inf, nan).
#[inline]
fn floor_divide_f<F: Float>(a: F, b: F) -> F {
    if b == F::zero() {
        a / b
    } else {
        divmod_f(a, b).0
    }
}

/// `npy_remainder`: division by zero gives fmod's nan.
#[inline]
fn remainder_f<F: Float>(a: F, b: F) -> F {
    if b == F::zero() {
        a % b
    } else {
        divmod_f(a, b).1
    }
}

/// NumPy's complex division (Smith's method, `@TYPE@_divide` in loops.c.src): avoids the
/// overflow of `|b|^2`, and a zero divisor gives a complex inf or nan part by part.
#[inline]
fn cdiv<F: Float>(a: Complex<F>, b: Complex<F>) -> Complex<F> {
    let (ar, ai, br, bi) = (a.re, a.im, b.re, b.im);
    let (abr, abi) = (br.abs(), bi.abs());
    if abr >= abi {
        if abr == F::zero() && abi == F::zero() {
            Complex::new(ar / abr, ai / abi)
        } else {
            let rat = bi / br;
            let scl = F::one() / (br + bi * rat);
            Complex::new((ar + ai * rat) * scl, (ai - ar * rat) * scl)
        }
    } else {
        let rat = br / bi;
        let scl = F::one() / (bi + br * rat);
        Complex::new((ar * rat + ai) * scl, (ai * rat - ar) * scl)
    }
}

/// The complex product of NumPy's SIMD `multiply` loop (x86-64 with FMA, which every loop
/// length and stride on the pinned build uses): `re = fma(ar, br, -(ai bi))`,
/// `im = fma(ar, bi, ai br)`. Differs from the textbook formula in the last bit, and in
/// cancellations (`(-2.5-2.5j) * (1e-20+1e-20j)` has real part 7.5e-37, not 0).
#[inline]
pub(crate) fn cmul_fma<F: Float>(a: Complex<F>, b: Complex<F>) -> Complex<F> {
    Complex::new(
        a.re.mul_add(b.re, -(a.im * b.im)),
        a.re.mul_add(b.im, a.im * b.re),
    )
}

/// Textbook complex product, as NumPy's scalar `cmul` inside `npy_cpow` (no inf/nan recovery).
#[inline]
fn cmul<F: Float>(a: Complex<F>, b: Complex<F>) -> Complex<F> {
    Complex::new(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
}

/// `npy_cpow`: exact special cases for a zero exponent or base, repeated multiplication for
/// small integral real exponents (which is exact where `exp(b log a)` is not), else
/// glibc's `cpow`: `cexp(b * clog(a))` with C99 Annex G special values throughout.
#[inline]
fn cpow<F: Float + FloatConst>(a: Complex<F>, b: Complex<F>) -> Complex<F> {
    let zero = F::zero();
    let one = Complex::new(F::one(), zero);
    let (ar, ai, br, bi) = (a.re, a.im, b.re, b.im);
    if br == zero && bi == zero {
        return one;
    }
    if ar == zero && ai == zero {
        return if br > zero {
            Complex::new(zero, zero)
        } else {
            Complex::new(F::nan(), F::nan())
        };
    }
    if bi == zero {
        // `n == br` only when `br` is integral (a saturated or nan cast fails the test or
        // falls outside the small range).
        let n = br.to_i64().unwrap_or(i64::MAX);
        if F::from(n) == Some(br) {
            match n {
                1 => return a,
                2 => return cmul(a, a),
                3 => return cmul(a, cmul(a, a)),
                -99..=99 => {
                    let mut n = n.unsigned_abs();
                    let mut acc = one;
                    let mut p = a;
                    // Binary exponentiation, squaring only while bits remain (as NumPy).
                    loop {
                        if n & 1 == 1 {
                            acc = cmul(acc, p);
                        }
                        n >>= 1;
                        if n == 0 {
                            break;
                        }
                        p = cmul(p, p);
                    }
                    return if br < zero { cdiv(one, acc) } else { acc };
                }
                _ => {}
            }
        }
    }
    cexp(cmul_c99(b, clog(a)))
}

/// C99 Annex G complex product (GCC's `__muldc3`): the textbook formula, except that a nan
/// result with an infinite factor is recomputed so that infinities survive.
#[inline]
fn cmul_c99<F: Float>(x: Complex<F>, y: Complex<F>) -> Complex<F> {
    let (mut a, mut b, mut c, mut d) = (x.re, x.im, y.re, y.im);
    let (ac, bd, ad, bc) = (a * c, b * d, a * d, b * c);
    let (re, im) = (ac - bd, ad + bc);
    if !(re.is_nan() && im.is_nan()) {
        return Complex::new(re, im);
    }
    let zero = F::zero();
    // A nan part becomes a signed zero, an infinite part a signed one ("box" the infinity).
    let unit = |v: F| (if v.is_infinite() { F::one() } else { zero }).copysign(v);
    let denan = |v: F| if v.is_nan() { zero.copysign(v) } else { v };
    let mut recalc = false;
    if a.is_infinite() || b.is_infinite() {
        (a, b, c, d) = (unit(a), unit(b), denan(c), denan(d));
        recalc = true;
    }
    if c.is_infinite() || d.is_infinite() {
        (a, b, c, d) = (denan(a), denan(b), unit(c), unit(d));
        recalc = true;
    }
    if !recalc && (ac.is_infinite() || bd.is_infinite() || ad.is_infinite() || bc.is_infinite()) {
        (a, b, c, d) = (denan(a), denan(b), denan(c), denan(d));
        recalc = true;
    }
    if recalc {
        let inf = F::infinity();
        Complex::new(inf * (a * c - b * d), inf * (a * d + b * c))
    } else {
        Complex::new(re, im)
    }
}

/// glibc's `cexp`, C99 Annex G special values included, with its scaling that keeps
/// `exp(re)` from overflowing before the multiplication by `cos`/`sin`.
fn cexp<F: Float + FloatConst>(z: Complex<F>) -> Complex<F> {
    let (re, im) = (z.re, z.im);
    let zero = F::zero();
    let sincos = |v: F| {
        if v.abs() > F::min_positive_value() {
            v.sin_cos()
        } else {
            (v, F::one())
        }
    };
    if re.is_finite() {
        if !im.is_finite() {
            return Complex::new(F::nan(), F::nan());
        }
        // t = (int)((MAX_EXP - 1) * ln 2): 709 for f64, 88 for f32.
        let max_exp = F::max_value().log2().ceil();
        let t = ((max_exp - F::one()) * F::LN_2()).floor();
        let (mut s, mut c) = sincos(im);
        let mut x = re;
        if x > t {
            let et = t.exp();
            x = x - t;
            s = s * et;
            c = c * et;
            if x > t {
                x = x - t;
                s = s * et;
                c = c * et;
            }
        }
        if x > t {
            Complex::new(F::max_value() * c, F::max_value() * s)
        } else {
            let e = x.exp();
            Complex::new(e * c, e * s)
        }
    } else if re.is_infinite() {
        if im.is_finite() {
            let value = if re.is_sign_negative() {
                zero
            } else {
                F::infinity()
            };
            if im == zero {
                Complex::new(value, im)
            } else {
                let (s, c) = sincos(im);
                Complex::new(value.copysign(c), value.copysign(s))
            }
        } else if re.is_sign_positive() {
            Complex::new(F::infinity(), F::nan())
        } else {
            Complex::new(zero, zero.copysign(im))
        }
    } else if im == zero {
        Complex::new(F::nan(), im)
    } else {
        Complex::new(F::nan(), F::nan())
    }
}

/// `x^2 + y^2 - 1` without cancellation, for `0.5 <= x < 1` (glibc's `__x2y2m1`): float
/// works in double; double sums the exact (FMA-split) squares smallest first.
fn x2y2m1<F: Float>(x: F, y: F) -> F {
    if F::epsilon() > F::from(1e-10).unwrap_or(F::zero()) {
        let (dx, dy) = (x.to_f64().unwrap_or(0.0), y.to_f64().unwrap_or(0.0));
        return F::from((dx - 1.0) * (dx + 1.0) + dy * dy).unwrap_or(F::nan());
    }
    let split = |a: F| {
        let hi = a * a;
        (hi, a.mul_add(a, -hi))
    };
    let (x2, x2l) = split(x);
    let (y2, y2l) = split(y);
    let mut v = [x2l, x2, y2l, y2, -F::one()];
    let by_abs = |p: &F, q: &F| {
        p.abs()
            .partial_cmp(&q.abs())
            .unwrap_or(std::cmp::Ordering::Equal)
    };
    v.sort_by(by_abs);
    for i in 0..4 {
        // Fast two-sum: |v[i + 1]| >= |v[i]|.
        let hi = v[i + 1] + v[i];
        let lo = (v[i + 1] - hi) + v[i];
        v[i + 1] = hi;
        v[i] = lo;
        v[i + 1..].sort_by(by_abs);
    }
    v[4] + v[3] + v[2] + v[1] + v[0]
}

/// glibc's `clog`: Annex G special values, and a real part `log|z|` computed through
/// `log1p` near the unit circle and with scaling at the extremes.
fn clog<F: Float + FloatConst>(z: Complex<F>) -> Complex<F> {
    let (re, im) = (z.re, z.im);
    let zero = F::zero();
    let one = F::one();
    if re == zero && im == zero {
        let arg = if re.is_sign_negative() { F::PI() } else { zero };
        return Complex::new(-one / re.abs(), arg.copysign(im));
    }
    if re.is_nan() || im.is_nan() {
        let r = if re.is_infinite() || im.is_infinite() {
            F::infinity()
        } else {
            F::nan()
        };
        return Complex::new(r, F::nan());
    }
    let (mut ax, mut ay) = (re.abs(), im.abs());
    if ax < ay {
        std::mem::swap(&mut ax, &mut ay);
    }
    let two = one + one;
    let half = one / two;
    let min = F::min_positive_value();
    let mut scale = 0i32;
    if ax > F::max_value() / two {
        scale = -1;
        ax = ax * half;
        ay = if ay >= min * two { ay * half } else { zero };
    } else if ax < min && ay < min {
        // Mantissa digits: 53 for f64, 24 for f32.
        scale = if F::epsilon() < F::from(1e-10).unwrap_or(zero) {
            53
        } else {
            24
        };
        let m = two.powi(scale);
        ax = ax * m;
        ay = ay * m;
    }
    let eps = F::epsilon();
    let real = if ax == one && scale == 0 {
        (ay * ay).ln_1p() / two
    } else if ax > one && ax < two && ay < one && scale == 0 {
        let mut d2m1 = (ax - one) * (ax + one);
        if ay >= eps {
            d2m1 = d2m1 + ay * ay;
        }
        d2m1.ln_1p() / two
    } else if ax < one && ax >= half && ay < eps / two && scale == 0 {
        ((ax - one) * (ax + one)).ln_1p() / two
    } else if ax < one && ax >= half && scale == 0 && ax * ax + ay * ay >= half {
        x2y2m1(ax, ay).ln_1p() / two
    } else {
        let scale = F::from(scale).unwrap_or(zero);
        ax.hypot(ay).ln() - scale * F::LN_2()
    };
    Complex::new(real, im.atan2(re))
}

/// Integer `a ** b` by squaring with wraparound; `b` is non-negative (checked beforehand).
#[inline]
fn ipow<T: PrimInt + WrappingMul>(a: T, b: T) -> T {
    let (zero, one) = (T::zero(), T::one());
    if b <= zero {
        // 0 ** 0 == 1; negative exponents were rejected before the loop ran.
        return one;
    }
    let mut base = a;
    let mut e = b;
    let mut out = if e & one == one { base } else { one };
    e = e >> 1;
    while e > zero {
        base = base.wrapping_mul(&base);
        if e & one == one {
            out = out.wrapping_mul(&base);
        }
        e = e >> 1;
    }
    out
}

/// Integer floor division: by zero gives 0, `MIN // -1` wraps to `MIN` (NumPy warns only).
#[inline]
fn ifloordiv<T: PrimInt>(a: T, b: T) -> T {
    let zero = T::zero();
    if b == zero {
        // NumPy's loop sets the divide flag by hand (npy_set_floatstatus_divbyzero).
        crate::fpe::raise(crate::fpe::FpFlags::DIVIDE);
        return zero;
    }
    // `checked_div` fails only for MIN / -1, whose wrapped quotient is MIN == a (overflow).
    let Some(q) = a.checked_div(&b) else {
        crate::fpe::raise(crate::fpe::FpFlags::OVERFLOW);
        return a;
    };
    if (a < zero) != (b < zero) && q * b != a {
        q - T::one()
    } else {
        q
    }
}

/// Integer remainder with the divisor's sign; by zero (and `MIN % -1`) gives 0.
#[inline]
fn iremainder<T: PrimInt + CheckedRem>(a: T, b: T) -> T {
    let zero = T::zero();
    if b == zero {
        crate::fpe::raise(crate::fpe::FpFlags::DIVIDE);
        return zero;
    }
    // MIN % -1 is 0 without a flag, as in NumPy.
    let Some(r) = a.checked_rem(&b) else {
        return zero;
    };
    if r != zero && ((r < zero) != (b < zero)) {
        r + b
    } else {
        r
    }
}

/// C `%` on integers (sign of the dividend); by zero (and `MIN % -1`) gives 0.
#[inline]
fn ifmod<T: PrimInt + CheckedRem>(a: T, b: T) -> T {
    if b == T::zero() {
        crate::fpe::raise(crate::fpe::FpFlags::DIVIDE);
    }
    a.checked_rem(&b).unwrap_or(T::zero())
}

/// Whether any element of the view (visited through its layout) satisfies `pred`.
fn any_elem<T: crate::element::Element>(v: &View<'_>, pred: impl Fn(T) -> bool) -> bool {
    let data = <T as crate::element::Element>::slice(v.data);
    // Dimensions of stride 0 repeat the same elements: visit each stored element once, so a
    // broadcast exponent of 2**44 elements is one element to check, not 2**44.
    let (shape, strides): (Vec<usize>, Vec<isize>) = v
        .layout
        .shape()
        .iter()
        .zip(v.layout.strides())
        .filter(|&(&n, &st)| st != 0 || n == 0)
        .map(|(&n, &st)| (n, st))
        .unzip();
    let l = crate::layout::Layout::new(shape, strides, v.layout.offset(), data.len())
        .expect("a sub-layout of a valid layout");
    let plan = Plan::new(l.shape(), [l.strides()], [l.offset()]);
    let [s] = plan.inner_strides();
    let mut found = false;
    plan.for_each_run(0, plan.numel(), |_, len, [o]| {
        if !found {
            found = (0..len).any(|i| pred(data[(o + i as isize * s) as usize]));
        }
    });
    found
}

// ---------------------------------------------------------------------------------------------
// Kernels.
// ---------------------------------------------------------------------------------------------

fn add(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [Bool] => |a: bool, b: bool| a | b,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a, b| WrappingAdd::wrapping_add(&a, &b),
        [F16, BF16, F32, F64, C64, C128] => |a, b| a + b,
    )
}

fn subtract(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a, b| WrappingSub::wrapping_sub(&a, &b),
        [F16, BF16, F32, F64, C64, C128] => |a, b| a - b,
    )
}

fn multiply(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    #[cfg(target_arch = "x86_64")]
    if lp.ins[0].is_complex() && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU has FMA, checked just above.
        return unsafe { multiply_complex_fma(op, lp, ins) };
    }
    crate::binary!(op, lp, ins,
        [Bool] => |a: bool, b: bool| a & b,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a, b| WrappingMul::wrapping_mul(&a, &b),
        [F16, BF16, F32, F64] => |a, b| a * b,
        [C64, C128] => cmul_fma,
    )
}

/// Complex `multiply` compiled with FMA enabled: the closure (which inherits the target
/// feature) then uses the `vfmadd` instruction instead of a libm `fma` call per operation,
/// about five times faster, with identical results.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "fma")]
fn multiply_complex_fma(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    // The closure must be written here (not `cmul_fma` itself) to inherit the feature.
    #[allow(clippy::redundant_closure)]
    let r = crate::binary!(op, lp, ins, [C64, C128] => |a, b| cmul_fma(a, b));
    r
}

fn divide(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [F16, BF16, F32, F64] => |a, b| a / b,
        [C64, C128] => cdiv,
    )
}

fn floor_divide(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64] => ifloordiv,
        [F16, BF16] => |a: T, b: T| T::from_f32(floor_divide_f(a.to_f32(), b.to_f32())),
        [F32, F64] => floor_divide_f,
    )
}

fn remainder(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64] => iremainder,
        [F16, BF16] => |a: T, b: T| T::from_f32(remainder_f(a.to_f32(), b.to_f32())),
        [F32, F64] => remainder_f,
    )
}

fn fmod(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64] => ifmod,
        [F16, BF16] => |a: T, b: T| T::from_f32(a.to_f32() % b.to_f32()),
        [F32, F64] => |a, b| a % b,
    )
}

fn power(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    power_loop(op, lp, ins, true)
}

/// `np.float_power`: NumPy's `float_power` loops call `pow` itself, without `power`'s sqrt fast
/// path (`np.float_power(np.float32(-0.0), 0.5)` is 0.0 where `np.power` gives -0.0).
fn float_power(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    power_loop(op, lp, ins, false)
}

/// The power loops; `sqrt_fast_path`: a scalar exponent of 0.5 computes `sqrt`, as NumPy's
/// `power` does.
fn power_loop(
    op: &'static str,
    lp: &Loop,
    ins: &[View<'_>],
    sqrt_fast_path: bool,
) -> Result<CpuStorage> {
    // NumPy raises as soon as its loop meets a negative exponent; checking the whole exponent
    // first gives the same outcome (an error, no result) without a half-written output.
    let negative = match lp.ins[1] {
        I8 => any_elem(&ins[1], |e: i8| e < 0),
        I16 => any_elem(&ins[1], |e: i16| e < 0),
        I32 => any_elem(&ins[1], |e: i32| e < 0),
        I64 => any_elem(&ins[1], |e: i64| e < 0),
        _ => false,
    };
    if negative {
        return Err(Error::Value {
            op,
            msg: "Integers to negative integer powers are not allowed.".into(),
        });
    }
    if sqrt_fast_path && scalar_half_exponent(lp, &ins[1]) {
        // NumPy's float32/float64 power with a scalar exponent (stride 0: a Python float, a
        // 0-d or broadcast array) of exactly 0.5 is sqrt: np.power(-inf, 0.5) is nan and
        // np.power(-0.0, 0.5) is -0.0 there, where pow gives inf and 0.0 (and an exponent
        // array holding 0.5 does).
        return crate::binary!(op, lp, ins,
            [F32, F64] => |a: T, _b: T| a.sqrt(),
        );
    }
    crate::binary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64] => ipow,
        [F16, BF16] => |a: T, b: T| T::from_f32(a.to_f32().powf(b.to_f32())),
        [F32, F64] => |a, b| a.powf(b),
        [C64, C128] => cpow,
    )
}

/// Whether a float32/float64 power loop's exponent is one value broadcast (every stride 0)
/// equal to 0.5: NumPy's sqrt fast path.
fn scalar_half_exponent(lp: &Loop, b: &View<'_>) -> bool {
    if !matches!(lp.ins[1], F32 | F64) || b.layout.strides().iter().any(|&s| s != 0) {
        return false;
    }
    let first = |v: f64| v == 0.5;
    match lp.ins[1] {
        F32 => crate::element::Element::slice(b.data)
            .get(b.layout.offset())
            .is_some_and(|&x: &f32| first(f64::from(x))),
        _ => crate::element::Element::slice(b.data)
            .get(b.layout.offset())
            .is_some_and(|&x: &f64| first(x)),
    }
}

// ---------------------------------------------------------------------------------------------
// Resolvers and the table.
// ---------------------------------------------------------------------------------------------

/// `subtract`'s resolver: the linear search, except that booleans only (whose promoted type is
/// bool) are a TypeError, as NumPy's `PyUFunc_SubtractionTypeResolver` has it.
fn subtract_resolver(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    if dtypes.iter().all(|d| d.is_bool()) {
        return Err(Error::Type {
            op: uf.name,
            msg: "numpy boolean subtract, the `-` operator, is not supported, use the \
                  bitwise_xor, the `^` operator, or the logical_xor function instead."
                .into(),
        });
    }
    uf.linear_search(dtypes)
}

/// True division's resolver (`PyUFunc_TrueDivisionTypeResolver`): when every input is bool or
/// integer the loop is float64's; otherwise the linear search (so float16 stays float16).
fn divide_resolver(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    if dtypes.iter().all(|d| d.is_bool() || d.is_integer()) {
        return Ok(Loop {
            ins: vec![F64; dtypes.len()],
            out: F64,
        });
    }
    uf.linear_search(dtypes)
}

/// The arithmetic family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    let bool_num = group(&[&[Bool], &INTS, &FLOATS, &COMPLEX]);
    let num = group(&[&INTS, &FLOATS, &COMPLEX]);
    let int_float = group(&[&INTS, &FLOATS]);
    let inexact = group(&[&FLOATS, &COMPLEX]);
    let div = |name| Ufunc {
        name,
        nin: 2,
        loops: loops::same(&inexact, 2),
        kernel: divide,
        resolver: Some(divide_resolver),
        scalars: Scalars::Weak,
    };
    vec![
        Ufunc {
            name: "add",
            nin: 2,
            loops: loops::same(&bool_num, 2),
            kernel: add,
            resolver: None,
            scalars: Scalars::Weak,
        },
        Ufunc {
            name: "subtract",
            nin: 2,
            loops: loops::same(&num, 2),
            kernel: subtract,
            resolver: Some(subtract_resolver),
            scalars: Scalars::Weak,
        },
        Ufunc {
            name: "multiply",
            nin: 2,
            loops: loops::same(&bool_num, 2),
            kernel: multiply,
            resolver: None,
            scalars: Scalars::Weak,
        },
        div("divide"),
        // `np.true_divide` is the same ufunc as `np.divide` in NumPy 2.
        div("true_divide"),
        Ufunc {
            name: "floor_divide",
            nin: 2,
            loops: loops::same(&int_float, 2),
            kernel: floor_divide,
            resolver: None,
            scalars: Scalars::Weak,
        },
        Ufunc {
            name: "remainder",
            nin: 2,
            loops: loops::same(&int_float, 2),
            kernel: remainder,
            resolver: None,
            scalars: Scalars::Weak,
        },
        Ufunc {
            name: "fmod",
            nin: 2,
            loops: loops::same(&int_float, 2),
            kernel: fmod,
            resolver: None,
            scalars: Scalars::Weak,
        },
        Ufunc {
            // No bool loop: bool ** bool resolves to int8, as in NumPy.
            name: "power",
            nin: 2,
            loops: loops::same(&num, 2),
            kernel: power,
            resolver: None,
            scalars: Scalars::Weak,
        },
        Ufunc {
            name: "float_power",
            nin: 2,
            loops: loops::same(&[F64, C128], 2),
            kernel: float_power,
            resolver: None,
            scalars: Scalars::Weak,
        },
    ]
}

#[cfg(test)]
mod tests {
    use crate::dtype::DType;
    use crate::element::{Cf64, Element};
    use crate::error::ErrorKind;
    use crate::ops::ufunc::Arg;
    use crate::tensor::Tensor;

    fn call2<A: Element, B: Element>(name: &str, a: Vec<A>, b: Vec<B>) -> crate::Result<Tensor> {
        let n = a.len();
        let a = Tensor::from_vec(a, &[n]).unwrap();
        let b = Tensor::from_vec(b, &[n]).unwrap();
        crate::ops::ufunc(name)
            .unwrap()
            .call(&[Arg::from(&a), Arg::from(&b)], None)
    }

    fn bits(v: &[f64]) -> Vec<u64> {
        v.iter().map(|x| x.to_bits()).collect()
    }

    #[test]
    fn integer_division_family() {
        let r = |name| {
            call2(name, vec![-7i8, 7, -128, 5], vec![2i8, -2, -1, 0])
                .unwrap()
                .to_vec::<i8>()
                .unwrap()
        };
        // NumPy: floor semantics, MIN // -1 wraps, division by zero gives 0.
        assert_eq!(r("floor_divide"), vec![-4, -4, -128, 0]);
        assert_eq!(r("remainder"), vec![1, -1, 0, 0]);
        assert_eq!(r("fmod"), vec![-1, 1, 0, 0]);
    }

    #[test]
    fn float_floor_divide_and_remainder_edges() {
        let a = vec![-1.0, 1.0, -1.0, 0.0, 5.0, -0.5, -0.0, 0.0];
        let b = vec![
            f64::INFINITY,
            -f64::INFINITY,
            0.0,
            0.0,
            0.0,
            f64::INFINITY,
            3.0,
            -3.0,
        ];
        let rem = call2("remainder", a.clone(), b.clone())
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        let fd = call2("floor_divide", a, b)
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        // Values checked against NumPy 2.4.
        assert_eq!(rem[0], f64::INFINITY);
        assert_eq!(rem[1], -f64::INFINITY);
        assert!(rem[4].is_nan());
        assert_eq!(bits(&rem[6..]), bits(&[0.0, -0.0]));
        assert_eq!(fd[2], -f64::INFINITY);
        assert!(fd[3].is_nan());
        assert_eq!(fd[5], -1.0);
    }

    #[test]
    fn integer_power() {
        let t = call2("power", vec![3i8, 0, 2], vec![5i8, 0, 7]).unwrap();
        // 3**5 = 243 wraps to -13; 0**0 == 1.
        assert_eq!(t.to_vec::<i8>().unwrap(), vec![-13, 1, -128]);
        let e = call2("power", vec![2i32, 2], vec![3i32, -1]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Value);
        // bool ** bool has no bool loop: int8.
        let t = call2("power", vec![true, false], vec![true, true]).unwrap();
        assert_eq!(t.dtype(), DType::I8);
    }

    #[test]
    fn divide_and_subtract_resolution() {
        let dt = |a: DType, b: DType, name: &str| {
            let a = Tensor::zeros(&[1], a).unwrap();
            let b = Tensor::zeros(&[1], b).unwrap();
            crate::ops::ufunc(name)
                .unwrap()
                .call(&[Arg::from(&a), Arg::from(&b)], None)
                .map(|t| t.dtype())
        };
        assert_eq!(dt(DType::I8, DType::I8, "divide").unwrap(), DType::F64);
        assert_eq!(dt(DType::Bool, DType::Bool, "divide").unwrap(), DType::F64);
        assert_eq!(dt(DType::F16, DType::I8, "divide").unwrap(), DType::F16);
        assert_eq!(
            dt(DType::I16, DType::F16, "true_divide").unwrap(),
            DType::F32
        );
        assert_eq!(dt(DType::I8, DType::I8, "float_power").unwrap(), DType::F64);
        assert_eq!(
            dt(DType::C64, DType::F16, "float_power").unwrap(),
            DType::C128
        );
        let e = dt(DType::Bool, DType::Bool, "subtract").unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Type);
        assert_eq!(dt(DType::Bool, DType::I8, "subtract").unwrap(), DType::I8);
        assert_eq!(
            dt(DType::C64, DType::C64, "remainder").unwrap_err().kind(),
            ErrorKind::Type
        );
    }

    #[test]
    fn complex_multiply_and_power_match_numpy() {
        let t = call2(
            "multiply",
            vec![Cf64::new(-2.5, -2.5)],
            vec![Cf64::new(1e-20, 1e-20)],
        )
        .unwrap();
        // NumPy's FMA loop leaves the rounding residue of the cancelling real part.
        assert_eq!(t.to_vec::<Cf64>().unwrap()[0].re, 7.52316384526264e-37);
        let inf = f64::INFINITY;
        let p = call2(
            "power",
            vec![
                Cf64::new(0.0, 1.0),
                Cf64::new(1.0, 1.0),
                Cf64::new(2.0, 0.0),
            ],
            vec![
                Cf64::new(inf, inf),
                Cf64::new(2.0, 0.0),
                Cf64::new(-2.0, 0.0),
            ],
        )
        .unwrap()
        .to_vec::<Cf64>()
        .unwrap();
        assert_eq!(
            p,
            vec![
                Cf64::new(0.0, 0.0),
                Cf64::new(0.0, 2.0),
                Cf64::new(0.25, 0.0)
            ]
        );
    }
}
