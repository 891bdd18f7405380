//! Transcendental and rounding ufuncs (sin, exp, log, ...), plus `sinc` (a NumPy Python
//! function, modelled here as a ufunc with NumPy's result dtypes).
//!
//! Real float32/float64 loops call the platform libm through std (as NumPy's scalar loops do);
//! float16/bfloat16 go through float32 and round. Complex loops follow NumPy's npymath (the
//! C99 Annex G special values and branch cuts of FreeBSD's msun; sin/cos/tan and their
//! hyperbolics follow glibc's case analysis, which NumPy calls on Linux): they are computed in
//! f64 and rounded for complex64. Where the standard leaves a sign or NaN unspecified, the
//! choice of glibc is used. NumPy's own composites (exp2, expm1, sinc's division, square) run
//! in the loop's precision, since float32 rounding there changes zeros, infinities and NaNs.

use crate::dtype::DType::{self, *};
use crate::element::{Cf32, Cf64, Hub};
use crate::error::Result;
use crate::ops::loops::{self, group, COMPLEX, FLOATS, INTS};
use crate::ops::ufunc::{Loop, Scalars, Ufunc, View};
use crate::storage::CpuStorage;
use half::{bf16, f16};
#[allow(unused_imports)]
use num_traits::Float;
use num_traits::WrappingMul;
use std::f64::consts::PI;

/// A real float that can be computed through f64 (for functions std lacks or gets wrong).
trait Real: Copy {
    fn to64(self) -> f64;
    fn from64(v: f64) -> Self;
}
impl Real for f16 {
    fn to64(self) -> f64 {
        self.to_f64()
    }
    fn from64(v: f64) -> Self {
        crate::element::f16_from_f64(v)
    }
}
impl Real for bf16 {
    fn to64(self) -> f64 {
        self.to_f64()
    }
    fn from64(v: f64) -> Self {
        crate::element::bf16_from_f64(v)
    }
}
impl Real for f32 {
    fn to64(self) -> f64 {
        self as f64
    }
    fn from64(v: f64) -> Self {
        v as f32
    }
}
impl Real for f64 {
    fn to64(self) -> f64 {
        self
    }
    fn from64(v: f64) -> Self {
        v
    }
}

/// A complex element computed through complex128.
trait Cplx: Copy {
    fn to64(self) -> Cf64;
    fn from64(z: Cf64) -> Self;
}
impl Cplx for Cf32 {
    fn to64(self) -> Cf64 {
        Cf64::new(self.re as f64, self.im as f64)
    }
    fn from64(z: Cf64) -> Self {
        Cf32::new(z.re as f32, z.im as f32)
    }
}
impl Cplx for Cf64 {
    fn to64(self) -> Cf64 {
        self
    }
    fn from64(z: Cf64) -> Self {
        z
    }
}

/// `f` lifted to any real float through f64 (one rounding at the end).
fn via64<T: Real>(f: fn(f64) -> f64) -> impl Fn(T) -> T + Sync {
    move |x| T::from64(f(x.to64()))
}

/// `f` lifted to complex64/complex128 through complex128.
fn cfn<C: Cplx>(f: fn(Cf64) -> Cf64) -> impl Fn(C) -> C + Sync {
    move |z| C::from64(f(z.to64()))
}

/// Real inverse hyperbolics (fdlibm's algorithms): std's versions are textbook formulas that
/// overflow (`acosh(1e308)`) or lose accuracy, while NumPy calls libm.
mod hyp {
    use std::f64::consts::LN_2;
    const BIG: f64 = 268435456.0; // 2^28: beyond it sqrt(x*x +- 1) == x

    pub fn asinh(x: f64) -> f64 {
        let ax = x.abs();
        if !ax.is_finite() || ax < 1e-300 {
            return x; // nan, +-inf, +-0 and tiny values pass through
        }
        let r = if ax > BIG {
            ax.ln() + LN_2
        } else if ax > 2.0 {
            (2.0 * ax + 1.0 / ((ax * ax + 1.0).sqrt() + ax)).ln()
        } else {
            let t = ax * ax;
            (ax + t / (1.0 + (1.0 + t).sqrt())).ln_1p()
        };
        r.copysign(x)
    }

    pub fn acosh(x: f64) -> f64 {
        if x.is_nan() {
            return x;
        }
        if x < 1.0 {
            // Outside the domain: libm's invalid operation.
            crate::fpe::raise(crate::fpe::FpFlags::INVALID);
            return f64::NAN;
        }
        if x > BIG {
            if x.is_infinite() {
                return x;
            }
            x.ln() + LN_2
        } else if x > 2.0 {
            (2.0 * x - 1.0 / (x + (x * x - 1.0).sqrt())).ln()
        } else {
            let t = x - 1.0;
            (t + (2.0 * t + t * t).sqrt()).ln_1p()
        }
    }

    pub fn atanh(x: f64) -> f64 {
        let ax = x.abs();
        if ax.is_nan() {
            return x;
        }
        if ax > 1.0 {
            crate::fpe::raise(crate::fpe::FpFlags::INVALID);
            return f64::NAN;
        }
        let r = if ax < 0.5 {
            let t = ax + ax;
            0.5 * (t + t * ax / (1.0 - ax)).ln_1p()
        } else {
            0.5 * ((ax + ax) / (1.0 - ax)).ln_1p()
        };
        r.copysign(x)
    }
}

// `y - y` is deliberate throughout: it turns an infinity into NaN as C99 Annex G specifies.
/// C99 complex functions with npymath's (FreeBSD msun's) algorithms, special values and branch
/// cuts, in complex128.
#[allow(clippy::eq_op)]
mod c99 {
    use super::hyp;
    use crate::element::Cf64;
    use std::f64::consts::{E, FRAC_PI_2, LN_2, LOG10_E, LOG2_E};

    const EPS: f64 = f64::EPSILON;
    const MAX: f64 = f64::MAX;
    const MIN: f64 = f64::MIN_POSITIVE;
    const RECIP_EPSILON: f64 = 1.0 / EPS;
    /// log(DBL_MAX) = 1024 ln 2 and log(2) + log(DBL_MAX) - log(DBL_TRUE_MIN): the range where
    /// exp(x) overflows but exp(x) * (something in [tiny, 1]) may not (msun's `exp_ovfl`; a
    /// lower bound of 1025 ln 2 gave exp(710 + 1e-310j) an infinite imaginary part).
    const SCALED_LOWER: f64 = 709.782712893384;
    const SCALED_UPPER: f64 = 1454.915931995325;
    const PIO2_LO: f64 = 6.123_233_995_736_766e-17;

    fn c(re: f64, im: f64) -> Cf64 {
        Cf64::new(re, im)
    }

    /// Mantissa in [0.5, 1) and exponent (C `frexp`).
    fn frexp(x: f64) -> (f64, i32) {
        if x == 0.0 || !x.is_finite() {
            return (x, 0);
        }
        let bits = x.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i32;
        if e == 0 {
            let (m, e) = frexp(x * 18014398509481984.0); // 2^54
            return (m, e - 54);
        }
        (
            f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52)),
            e - 1022,
        )
    }

    /// `x * 2^e` without intermediate overflow (C `ldexp`).
    fn ldexp(mut x: f64, mut e: i32) -> f64 {
        while e > 1023 {
            x *= 2f64.powi(1023);
            e -= 1023;
            if x.is_infinite() {
                return x;
            }
        }
        while e < -1022 {
            x *= 2f64.powi(-1022);
            e += 1022;
            if x == 0.0 {
                return x;
            }
        }
        x * 2f64.powi(e)
    }

    /// exp(x) * (cos y + i sin y) * 2^expt for x where exp(x) alone would overflow.
    fn scaled_cexp(x: f64, y: f64, expt: i32) -> Cf64 {
        const K: i32 = 1799;
        let (mant, ex) = frexp((x - K as f64 * LN_2).exp());
        let (mc, exc) = frexp(y.cos());
        let (ms, exs) = frexp(y.sin());
        let e = expt + ex + K;
        c(ldexp(mant * mc, e + exc), ldexp(mant * ms, e + exs))
    }

    pub fn exp(z: Cf64) -> Cf64 {
        let (r, i) = (z.re, z.im);
        if r.is_finite() {
            if i == 0.0 {
                // glibc: exact zero imaginary part even when exp(r) overflows.
                c(r.exp(), i)
            } else if (SCALED_LOWER..=SCALED_UPPER).contains(&r) {
                scaled_cexp(r, i, 0)
            } else if i.is_finite() {
                let x = r.exp();
                c(x * i.cos(), x * i.sin())
            } else {
                c(f64::NAN, f64::NAN.copysign(i))
            }
        } else if r.is_nan() {
            if i == 0.0 {
                z
            } else {
                c(r, f64::NAN.copysign(i))
            }
        } else if r > 0.0 {
            if i == 0.0 {
                z
            } else if i.is_finite() {
                c(r * i.cos(), r * i.sin())
            } else {
                c(r, f64::NAN)
            }
        } else if i.is_finite() {
            let x = r.exp();
            c(x * i.cos(), x * i.sin())
        } else {
            c(0.0, 0.0f64.copysign(i))
        }
    }

    pub fn log(z: Cf64) -> Cf64 {
        let (ax, ay) = (z.re.abs(), z.im.abs());
        if ax.is_nan() && ay.is_finite() {
            return c(ax, f64::NAN);
        }
        let rr = if ax > MAX / 4.0 || ay > MAX / 4.0 {
            (ax / 2.0).hypot(ay / 2.0).ln() + LN_2
        } else if ax < MIN && ay < MIN {
            if ax > 0.0 || ay > 0.0 {
                // |z| subnormal: rescale so hypot keeps its precision.
                let s = 2f64.powi(53);
                (ax * s).hypot(ay * s).ln() - 53.0 * LN_2
            } else {
                f64::NEG_INFINITY
            }
        } else {
            // glibc's clog (NumPy calls it on Linux): near |z| = 1, log|z| = log1p(|z|^2 - 1) / 2
            // with |z|^2 - 1 free of cancellation; elsewhere log(hypot).
            let (am, an) = if ax >= ay { (ax, ay) } else { (ay, ax) };
            if am == 1.0 {
                (an * an).ln_1p() / 2.0
            } else if am > 1.0 && am < 2.0 && an < 1.0 {
                // Both terms of (am^2 - 1) + an^2 are positive: no cancellation.
                let mut d = (am - 1.0) * (am + 1.0);
                if an >= f64::EPSILON {
                    d += an * an;
                }
                d.ln_1p() / 2.0
            } else if (0.5..1.0).contains(&am) && an < f64::EPSILON / 2.0 {
                ((am - 1.0) * (am + 1.0)).ln_1p() / 2.0
            } else if (0.5..1.0).contains(&am) && am * am + an * an >= 0.5 {
                x2y2m1(am, an).ln_1p() / 2.0
            } else {
                am.hypot(an).ln()
            }
        };
        c(rr, z.im.atan2(z.re))
    }

    /// `x^2 + y^2 - 1` for `0.5 <= x < 1`, `y <= x`, without the cancellation of the naive
    /// form: the squares are split exactly into high and low parts (an FMA gives the rounding
    /// error of a product) and summed with error-free additions, largest terms first (checked
    /// against mpmath: within 1 ULP of the exact `log|z|` where the naive form lost 33).
    fn x2y2m1(x: f64, y: f64) -> f64 {
        let two_prod = |a: f64| {
            let p = a * a;
            (p, a.mul_add(a, -p))
        };
        // Knuth's two-sum: s + e == a + b exactly.
        let two_sum = |a: f64, b: f64| {
            let s = a + b;
            let bb = s - a;
            (s, (a - (s - bb)) + (b - bb))
        };
        let (xh, xl) = two_prod(x);
        let (yh, yl) = two_prod(y);
        // xh - 1 is not exact below xh = 0.5, so every addition keeps its error.
        let (s, e1) = two_sum(-1.0, xh);
        let (s, e2) = two_sum(s, yh);
        let (s, e3) = two_sum(s, xl);
        s + (e1 + e2 + e3 + yl)
    }

    pub fn sqrt(z: Cf64) -> Cf64 {
        let (mut a, mut b) = (z.re, z.im);
        if a == 0.0 && b == 0.0 {
            return c(0.0, b);
        }
        if b.is_infinite() {
            return c(f64::INFINITY, b);
        }
        if a.is_nan() {
            return c(a, f64::NAN);
        }
        if a.is_infinite() {
            return if a.is_sign_negative() {
                c((b - b).abs(), a.copysign(b))
            } else {
                c(a, (b - b).copysign(b))
            };
        }
        // npymath's (FreeBSD's) csqrt scalings. Near overflow, quarter the parts — but not a
        // part so small that quartering it would underflow (that part is then an equivalent
        // infinitesimal) — and double the result.
        let thresh = MAX / (1.0 + std::f64::consts::SQRT_2);
        let mut scale = 1.0;
        if a.abs() >= thresh || b.abs() >= thresh {
            if a.abs() >= 2f64.powi(-1020) {
                a *= 0.25;
            }
            if b.abs() >= 2f64.powi(-1020) {
                b *= 0.25;
            }
            scale = 2.0;
        }
        // Both parts subnormal: scale up by 2^54 (exact) and the result down by 2^-27, or
        // `(a + hypot(a, b)) * 0.5` loses most of its bits and can round to 0, which made
        // sqrt(0 - 5e-324j) come out as -infj.
        if a.abs() < MIN && b.abs() < MIN {
            a *= 2f64.powi(54);
            b *= 2f64.powi(54);
            scale = 2f64.powi(-27);
        }
        // Algorithm 312, CACM vol 10, Oct 1967.
        if a >= 0.0 {
            let t = ((a + a.hypot(b)) * 0.5).sqrt();
            c(scale * t, scale * b / (2.0 * t))
        } else {
            let t = ((-a + a.hypot(b)) * 0.5).sqrt();
            c(scale * b.abs() / (2.0 * t), (scale * t).copysign(b))
        }
    }

    // glibc's csinh/ccosh/csin/ccos/ctanh/ctan (NumPy calls these on Linux): the special
    // values, signs of zeros and infinities follow glibc's case analysis.

    /// (int)((DBL_MAX_EXP - 1) * ln 2): beyond it exp(x) overflows.
    const T_EXP: f64 = 709.0;
    /// Half of it, for tan/tanh.
    const T_TAN: f64 = 354.0;

    /// (sin y, cos y), with glibc's shortcut for tiny |y|.
    fn sincos(y: f64) -> (f64, f64) {
        if y.abs() > MIN {
            y.sin_cos()
        } else {
            (y, 1.0)
        }
    }

    /// (exp(ax) / 2 * p, exp(ax) / 2 * q) for ax > T_EXP, without intermediate overflow.
    fn exp_half_scaled(ax: f64, mut p: f64, mut q: f64) -> (f64, f64) {
        let exp_t = T_EXP.exp();
        let mut r = ax - T_EXP;
        p *= exp_t / 2.0;
        q *= exp_t / 2.0;
        if r > T_EXP {
            r -= T_EXP;
            p *= exp_t;
            q *= exp_t;
        }
        if r > T_EXP {
            (MAX * p, MAX * q)
        } else {
            let e = r.exp();
            (e * p, e * q)
        }
    }

    pub fn cosh(z: Cf64) -> Cf64 {
        let (x, y) = (z.re, z.im);
        if x.is_finite() {
            if y.is_finite() {
                let (mut s, co) = sincos(y);
                if x.abs() > T_EXP {
                    if x.is_sign_negative() {
                        s = -s;
                    }
                    let (re, im) = exp_half_scaled(x.abs(), co, s);
                    return c(re, im);
                }
                return c(x.cosh() * co, x.sinh() * s);
            }
            return c(y - y, if x == 0.0 { 0.0 } else { f64::NAN });
        }
        if x.is_infinite() {
            if y.is_finite() && y != 0.0 {
                let (s, co) = sincos(y);
                return c(
                    f64::INFINITY.copysign(co),
                    f64::INFINITY.copysign(s) * 1f64.copysign(x),
                );
            }
            if y == 0.0 {
                return c(f64::INFINITY, y * 1f64.copysign(x));
            }
            return c(f64::INFINITY, y - y);
        }
        c(f64::NAN, if y == 0.0 { y } else { f64::NAN })
    }

    pub fn sinh(z: Cf64) -> Cf64 {
        let negate = z.re.is_sign_negative();
        let (x, y) = (z.re.abs(), z.im);
        if x.is_finite() {
            if y.is_finite() {
                let (s, mut co) = sincos(y);
                if negate {
                    co = -co;
                }
                if x > T_EXP {
                    let (re, im) = exp_half_scaled(x, co, s);
                    return c(re, im);
                }
                return c(x.sinh() * co, x.cosh() * s);
            }
            if x == 0.0 {
                return c(if negate { -0.0 } else { 0.0 }, y - y);
            }
            return c(f64::NAN, f64::NAN);
        }
        if x.is_infinite() {
            if y.is_finite() && y != 0.0 {
                let (s, co) = sincos(y);
                let re = f64::INFINITY.copysign(co);
                return c(if negate { -re } else { re }, f64::INFINITY.copysign(s));
            }
            if y == 0.0 {
                return c(
                    if negate {
                        f64::NEG_INFINITY
                    } else {
                        f64::INFINITY
                    },
                    y,
                );
            }
            return c(f64::INFINITY, y - y);
        }
        c(f64::NAN, if y == 0.0 { y } else { f64::NAN })
    }

    pub fn sin(z: Cf64) -> Cf64 {
        let negate = z.re.is_sign_negative();
        let (x, y) = (z.re.abs(), z.im);
        if y.is_finite() {
            if x.is_finite() {
                let (mut s, mut co) = sincos(x);
                if negate {
                    s = -s;
                }
                if y.abs() > T_EXP {
                    if y.is_sign_negative() {
                        co = -co;
                    }
                    let (re, im) = exp_half_scaled(y.abs(), s, co);
                    return c(re, im);
                }
                return c(y.cosh() * s, y.sinh() * co);
            }
            if y == 0.0 {
                return c(x - x, y);
            }
            return c(f64::NAN, f64::NAN);
        }
        if y.is_infinite() {
            if x == 0.0 {
                return c(if negate { -0.0 } else { 0.0 }, y);
            }
            if x.is_finite() {
                let (s, co) = sincos(x);
                let re = f64::INFINITY.copysign(s);
                let im = f64::INFINITY.copysign(co);
                return c(
                    if negate { -re } else { re },
                    if y.is_sign_negative() { -im } else { im },
                );
            }
            return c(x - x, f64::INFINITY);
        }
        let re = if x == 0.0 {
            if negate {
                -0.0
            } else {
                0.0
            }
        } else {
            f64::NAN
        };
        c(re, f64::NAN)
    }

    pub fn cos(z: Cf64) -> Cf64 {
        cosh(c(-z.im, z.re))
    }

    pub fn tanh(z: Cf64) -> Cf64 {
        let (x, y) = (z.re, z.im);
        if !x.is_finite() || !y.is_finite() {
            if x.is_infinite() {
                let im = if y.is_finite() && y.abs() > 1.0 {
                    let (s, co) = y.sin_cos();
                    0f64.copysign(s * co)
                } else {
                    0f64.copysign(y)
                };
                return c(1f64.copysign(x), im);
            }
            if y == 0.0 {
                return z;
            }
            return c(if x == 0.0 { x } else { f64::NAN }, f64::NAN);
        }
        let (s, co) = sincos(y);
        if x.abs() > T_TAN {
            let exp_2t = (2.0 * T_TAN).exp();
            let rx = x.abs() - T_TAN;
            let mut im = 4.0 * s * co / exp_2t;
            if rx > T_TAN {
                im /= exp_2t;
            } else {
                im /= (2.0 * rx).exp();
            }
            return c(1f64.copysign(x), im);
        }
        let (sh, ch) = if x.abs() > MIN {
            (x.sinh(), x.cosh())
        } else {
            (x, 1.0)
        };
        let den = if sh.abs() > co.abs() * EPS {
            sh * sh + co * co
        } else {
            co * co
        };
        c(sh * ch / den, s * co / den)
    }

    pub fn tan(z: Cf64) -> Cf64 {
        let (x, y) = (z.re, z.im);
        if !x.is_finite() || !y.is_finite() {
            if y.is_infinite() {
                let re = if x.is_finite() && x.abs() > 1.0 {
                    let (s, co) = x.sin_cos();
                    0f64.copysign(s * co)
                } else {
                    0f64.copysign(x)
                };
                return c(re, 1f64.copysign(y));
            }
            if x == 0.0 {
                return z;
            }
            return c(f64::NAN, if y == 0.0 { y } else { f64::NAN });
        }
        let (s, co) = sincos(x);
        if y.abs() > T_TAN {
            let exp_2t = (2.0 * T_TAN).exp();
            let ry = y.abs() - T_TAN;
            let mut re = 4.0 * s * co / exp_2t;
            if ry > T_TAN {
                re /= exp_2t;
            } else {
                re /= (2.0 * ry).exp();
            }
            return c(re, 1f64.copysign(y));
        }
        let (sh, ch) = if y.abs() > MIN {
            (y.sinh(), y.cosh())
        } else {
            (y, 1.0)
        };
        let den = if sh.abs() > co.abs() * EPS {
            co * co + sh * sh
        } else {
            co * co
        };
        c(s * co / den, sh * ch / den)
    }

    /// (hypot(a, b) - b) / 2 without cancellation.
    fn f(a: f64, b: f64, hypot_a_b: f64) -> f64 {
        if b < 0.0 {
            (hypot_a_b - b) / 2.0
        } else if b == 0.0 {
            a / 2.0
        } else {
            a * a / (hypot_a_b + b) / 2.0
        }
    }

    /// Hull et al.'s core of casinh/cacos for 0 <= x, y < 1/EPS: returns
    /// (Re casinh, B usable, B, sqrt(A^2 - y^2), possibly rescaled y).
    fn hard_work(x: f64, y: f64) -> (f64, bool, f64, f64, f64) {
        const A_CROSSOVER: f64 = 10.0;
        const B_CROSSOVER: f64 = 0.6417;
        const FOUR_SQRT_MIN: f64 = 5.966672584960166e-154;
        let r = x.hypot(y + 1.0);
        let s = x.hypot(y - 1.0);
        let a = ((r + s) / 2.0).max(1.0);
        let rx = if a < A_CROSSOVER {
            if y == 1.0 && x < EPS * EPS / 128.0 {
                x.sqrt()
            } else if x >= EPS * (y - 1.0).abs() {
                let am1 = f(x, 1.0 + y, r) + f(x, 1.0 - y, s);
                (am1 + (am1 * (a + 1.0)).sqrt()).ln_1p()
            } else if y < 1.0 {
                x / ((1.0 - y) * (1.0 + y)).sqrt()
            } else {
                ((y - 1.0) + ((y - 1.0) * (y + 1.0)).sqrt()).ln_1p()
            }
        } else {
            (a + (a * a - 1.0).sqrt()).ln()
        };
        if y < FOUR_SQRT_MIN {
            return (rx, false, 0.0, a * (2.0 / EPS), y * (2.0 / EPS));
        }
        let b = y / a;
        if b <= B_CROSSOVER {
            return (rx, true, b, 0.0, y);
        }
        if y == 1.0 && x < EPS / 128.0 {
            (rx, false, b, x.sqrt() * ((a + y) / 2.0).sqrt(), y)
        } else if x >= EPS * (y - 1.0).abs() {
            let amy = f(x, y + 1.0, r) + f(x, y - 1.0, s);
            (rx, false, b, (amy * (a + y)).sqrt(), y)
        } else if y > 1.0 {
            let k = 4.0 / EPS / EPS;
            let v = x * k * y / ((y + 1.0) * (y - 1.0)).sqrt();
            (rx, false, b, v, y * k)
        } else {
            (rx, false, b, ((1.0 - y) * (1.0 + y)).sqrt(), y)
        }
    }

    /// clog for |z| larger than ~1/EPS (finite).
    fn clog_large(x: f64, y: f64) -> (f64, f64) {
        const QUARTER_SQRT_MAX: f64 = 3.351_951_982_485_649e153;
        const SQRT_MIN: f64 = 1.491_668_146_240_041_3e-154;
        let (mut ax, mut ay) = (x.abs(), y.abs());
        if ax < ay {
            std::mem::swap(&mut ax, &mut ay);
        }
        let rr = if ax > MAX / 2.0 {
            (x / E).hypot(y / E).ln() + 1.0
        } else if ax > QUARTER_SQRT_MAX || ay < SQRT_MIN {
            x.hypot(y).ln()
        } else {
            (ax * ax + ay * ay).ln() / 2.0
        };
        (rr, y.atan2(x))
    }

    pub fn acos(z: Cf64) -> Cf64 {
        const SQRT_6_EPSILON: f64 = 3.650_024_149_988_857e-8;
        let (x, y) = (z.re, z.im);
        let (sx, sy) = (x.is_sign_negative(), y.is_sign_negative());
        let (ax, ay) = (x.abs(), y.abs());
        if x.is_nan() || y.is_nan() {
            if x.is_infinite() {
                return c(y + y, f64::NEG_INFINITY);
            }
            if y.is_infinite() {
                return c(x + x, -y);
            }
            if x == 0.0 {
                return c(FRAC_PI_2 + PIO2_LO, y + y);
            }
            return c(f64::NAN, f64::NAN);
        }
        if ax > RECIP_EPSILON || ay > RECIP_EPSILON {
            let (wx, wy) = clog_large(x, y);
            let rx = wy.abs();
            let ry = wx + LN_2;
            return c(rx, if sy { ry } else { -ry });
        }
        if x == 1.0 && y == 0.0 {
            return c(0.0, -y);
        }
        if ax < SQRT_6_EPSILON / 4.0 && ay < SQRT_6_EPSILON / 4.0 {
            return c(FRAC_PI_2 - (x - PIO2_LO), -y);
        }
        let (ry, usable, b, sqrt_a2mx2, new_x) = hard_work(ay, ax);
        let rx = if usable {
            if sx {
                (-b).acos()
            } else {
                b.acos()
            }
        } else if sx {
            sqrt_a2mx2.atan2(-new_x)
        } else {
            sqrt_a2mx2.atan2(new_x)
        };
        c(rx, if sy { ry } else { -ry })
    }

    pub fn asinh(z: Cf64) -> Cf64 {
        const SQRT_6_EPSILON: f64 = 3.650_024_149_988_857e-8;
        let (x, y) = (z.re, z.im);
        let (ax, ay) = (x.abs(), y.abs());
        if x.is_nan() || y.is_nan() {
            if x.is_infinite() {
                return c(x, y + y);
            }
            if y.is_infinite() {
                // glibc: the infinity takes the (nan) real part's sign, not the imaginary's.
                return c(f64::INFINITY.copysign(x), x + x);
            }
            if y == 0.0 {
                return c(x + x, y);
            }
            return c(f64::NAN, f64::NAN);
        }
        if ax > RECIP_EPSILON || ay > RECIP_EPSILON {
            let (wx, wy) = if x.is_sign_negative() {
                clog_large(-x, -y)
            } else {
                clog_large(x, y)
            };
            return c((wx + LN_2).copysign(x), wy.copysign(y));
        }
        if x == 0.0 && y == 0.0 {
            return z;
        }
        if ax < SQRT_6_EPSILON / 4.0 && ay < SQRT_6_EPSILON / 4.0 {
            return z;
        }
        let (rx, usable, b, sqrt_a2my2, new_y) = hard_work(ax, ay);
        let ry = if usable {
            b.asin()
        } else {
            new_y.atan2(sqrt_a2my2)
        };
        c(rx.copysign(x), ry.copysign(y))
    }

    pub fn asin(z: Cf64) -> Cf64 {
        if z.re.is_nan() || z.im.is_nan() {
            // glibc's casin: its own NaN cases (the infinity takes the imaginary part's sign).
            if z.re == 0.0 {
                return z;
            }
            if z.re.is_infinite() || z.im.is_infinite() {
                return c(f64::NAN, f64::INFINITY.copysign(z.im));
            }
            return c(f64::NAN, f64::NAN);
        }
        let w = asinh(c(z.im, z.re));
        c(w.im, w.re)
    }

    pub fn acosh(z: Cf64) -> Cf64 {
        if z.re == 0.0 && z.im.is_nan() {
            // glibc's (NumPy's on Linux) choice: nan + i pi/2.
            return c(f64::NAN, FRAC_PI_2);
        }
        let w = acos(z);
        let (rx, ry) = (w.re, w.im);
        if rx.is_nan() && ry.is_nan() {
            return c(ry, rx);
        }
        if rx.is_nan() {
            return c(ry.abs(), rx);
        }
        if ry.is_nan() {
            return c(ry, ry);
        }
        c(ry.abs(), rx.copysign(z.im))
    }

    /// Re(1 / (x + iy)) without spurious underflow or overflow, for |z| > 1/EPS.
    fn real_part_reciprocal(x: f64, y: f64) -> f64 {
        const CUTOFF: i32 = 27; // DBL_MANT_DIG / 2 + 1
        let ix = ((x.to_bits() >> 32) as u32 & 0x7ff0_0000) as i32;
        let iy = ((y.to_bits() >> 32) as u32 & 0x7ff0_0000) as i32;
        if ix - iy >= CUTOFF << 20 || x.is_infinite() {
            return 1.0 / x;
        }
        if iy - ix >= CUTOFF << 20 {
            return x / y / y;
        }
        if ix <= (1023 + 1024 / 2 - CUTOFF) << 20 {
            return x / (x * x + y * y);
        }
        let scale = f64::from_bits(((0x7ff0_0000 - ix) as u64) << 32);
        let (x, y) = (x * scale, y * scale);
        x / (x * x + y * y) * scale
    }

    pub fn atanh(z: Cf64) -> Cf64 {
        const SQRT_3_EPSILON: f64 = 2.580_956_827_951_785e-8;
        const SQRT_MIN: f64 = 1.491_668_146_240_041_3e-154;
        let (x, y) = (z.re, z.im);
        let (ax, ay) = (x.abs(), y.abs());
        if y == 0.0 && ax <= 1.0 {
            return c(hyp::atanh(x), y);
        }
        if x == 0.0 {
            return c(x, y.atan());
        }
        if x.is_nan() || y.is_nan() {
            if x.is_infinite() {
                return c(0f64.copysign(x), y + y);
            }
            if y.is_infinite() {
                return c(0f64.copysign(x), (FRAC_PI_2 + PIO2_LO).copysign(y));
            }
            return c(f64::NAN, f64::NAN);
        }
        if ax > RECIP_EPSILON || ay > RECIP_EPSILON {
            return c(
                real_part_reciprocal(x, y),
                (FRAC_PI_2 + PIO2_LO).copysign(y),
            );
        }
        if ax < SQRT_3_EPSILON / 2.0 && ay < SQRT_3_EPSILON / 2.0 {
            return z;
        }
        let rx = if ax == 1.0 && ay < EPS {
            (LN_2 - ay.ln()) / 2.0
        } else {
            let am1 = ax - 1.0;
            let ss = if ay < SQRT_MIN {
                am1 * am1
            } else {
                am1 * am1 + ay * ay
            };
            (4.0 * ax / ss).ln_1p() / 4.0
        };
        let ry = if ax == 1.0 {
            2f64.atan2(-ay) / 2.0
        } else if ay < EPS {
            (2.0 * ay).atan2((1.0 - ax) * (1.0 + ax)) / 2.0
        } else {
            (2.0 * ay).atan2((1.0 - ax) * (1.0 + ax) - ay * ay) / 2.0
        };
        c(rx.copysign(x), ry.copysign(y))
    }

    pub fn atan(z: Cf64) -> Cf64 {
        let w = atanh(c(z.im, z.re));
        c(w.im, w.re)
    }

    // NumPy's own composites (umath funcs.inc.src), not C99 functions.

    pub fn exp2(z: Cf64) -> Cf64 {
        exp(c(z.re * LN_2, z.im * LN_2))
    }

    pub fn log2(z: Cf64) -> Cf64 {
        let w = log(z);
        c(w.re * LOG2_E, w.im * LOG2_E)
    }

    pub fn log10(z: Cf64) -> Cf64 {
        let w = log(z);
        c(w.re * LOG10_E, w.im * LOG10_E)
    }

    pub fn log1p(z: Cf64) -> Cf64 {
        let l = (z.re + 1.0).hypot(z.im);
        c(l.ln(), z.im.atan2(z.re + 1.0))
    }
}

/// Complex division with NumPy's loop algorithm (Smith's, with its zero-divisor rule), in the
/// loop's own precision (a ratio that underflows in float32 changes inf / nan outcomes).
fn cdiv<F: Float>(
    a: num_complex::Complex<F>,
    b: num_complex::Complex<F>,
) -> num_complex::Complex<F> {
    let (abr, abi) = (b.re.abs(), b.im.abs());
    if abr >= abi {
        if abr == F::zero() && abi == F::zero() {
            num_complex::Complex::new(a.re / abr, a.im / abr)
        } else {
            let rat = b.im / b.re;
            let scl = F::one() / (b.re + b.im * rat);
            num_complex::Complex::new((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl)
        }
    } else {
        let rat = b.re / b.im;
        let scl = F::one() / (b.im + b.re * rat);
        num_complex::Complex::new((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl)
    }
}

/// Declares a kernel for a ufunc with real-float loops `$real` and complex loops `$cplx`.
macro_rules! fc_kernel {
    ($name:ident, $real:expr, $cplx:expr) => {
        fn $name(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
            crate::unary!(op, lp, ins,
                [F16, BF16, F32, F64] => $real,
                [C64, C128] => cfn(($cplx) as fn(Cf64) -> Cf64),
            )
        }
    };
}

/// Declares a kernel for a ufunc with real-float loops only.
macro_rules! f_kernel {
    ($name:ident, $real:expr) => {
        fn $name(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
            crate::unary!(op, lp, ins, [F16, BF16, F32, F64] => $real)
        }
    };
}

fc_kernel!(sqrt, |x| x.sqrt(), c99::sqrt);
f_kernel!(cbrt, |x| x.cbrt());
fc_kernel!(exp, |x| x.exp(), c99::exp);

fn exp2(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    // NumPy's nc_exp2 scales by log(2) in the loop's precision before cexp: for complex64 the
    // float32 rounding of im * log(2) matters when im is large.
    crate::unary!(op, lp, ins,
        [F16, BF16, F32, F64] => |x| x.exp2(),
        [C64] => |z: Cf32| {
            let l = std::f32::consts::LN_2;
            Cf32::from64(c99::exp(Cf64::new((z.re * l) as f64, (z.im * l) as f64)))
        },
        [C128] => cfn(c99::exp2 as fn(Cf64) -> Cf64),
    )
}

/// NumPy's nc_expm1 in the loop's own precision (float32 for complex64, where e.g. the
/// `2 * a * a` term underflows to +0 and keeps the sign of a zero real part).
fn cexpm1<F: Float>(z: num_complex::Complex<F>) -> num_complex::Complex<F> {
    let two = F::one() + F::one();
    let a = (z.im / two).sin();
    num_complex::Complex::new(
        z.re.exp_m1() * z.im.cos() - two * a * a,
        z.re.exp() * z.im.sin(),
    )
}

fn expm1(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16, BF16, F32, F64] => |x| x.exp_m1(),
        [C64, C128] => cexpm1,
    )
}
fc_kernel!(log, |x| x.ln(), c99::log);
fc_kernel!(log2, |x| x.log2(), c99::log2);
fc_kernel!(log10, |x| x.log10(), c99::log10);
fn log1p(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    // NumPy's nc_log1p runs in the loop's precision: for complex64 the float32 hypot overflows
    // to inf near the top of the range (np.log1p(complex64(3e38+3e38j)).real is inf).
    crate::unary!(op, lp, ins,
        [F16, BF16, F32, F64] => |x| x.ln_1p(),
        [C64] => |z: Cf32| {
            let l = (z.re + 1.0).hypot(z.im);
            Cf32::new(l.ln(), z.im.atan2(z.re + 1.0))
        },
        [C128] => c99::log1p,
    )
}
fc_kernel!(sin, |x| x.sin(), c99::sin);
fc_kernel!(cos, |x| x.cos(), c99::cos);
fc_kernel!(tan, |x| x.tan(), c99::tan);
fc_kernel!(arcsin, |x| x.asin(), c99::asin);
fc_kernel!(arccos, |x| x.acos(), c99::acos);
fc_kernel!(arctan, |x| x.atan(), c99::atan);
fc_kernel!(sinh, |x| x.sinh(), c99::sinh);
fc_kernel!(cosh, |x| x.cosh(), c99::cosh);
fc_kernel!(tanh, |x| x.tanh(), c99::tanh);
fc_kernel!(arcsinh, via64(hyp::asinh), c99::asinh);
fc_kernel!(arccosh, via64(hyp::acosh), c99::acosh);
fc_kernel!(arctanh, via64(hyp::atanh), c99::atanh);

fn deg2rad(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    // NumPy multiplies by the constant pi/180 rounded to the loop's type (float for half).
    crate::unary!(op, lp, ins,
        [F16, BF16] => |x| T::from_f32(x.to_f32() * (std::f32::consts::PI / 180.0)),
        [F32] => |x: f32| x * (std::f32::consts::PI / 180.0),
        [F64] => |x: f64| x * (PI / 180.0),
    )
}

fn rad2deg(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16, BF16] => |x| T::from_f32(x.to_f32() * (180.0 / std::f32::consts::PI)),
        [F32] => |x: f32| x * (180.0 / std::f32::consts::PI),
        [F64] => |x: f64| x * (180.0 / PI),
    )
}

/// floor/ceil/trunc: integer and bool loops are the identity (NumPy 2 keeps the dtype).
macro_rules! round_kernel {
    ($name:ident, $m:ident) => {
        fn $name(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
            crate::unary!(op, lp, ins,
                [Bool, I8, U8, I16, U16, I32, U32, I64, U64] => |x| x,
                [F16, BF16, F32, F64] => |x| x.$m(),
            )
        }
    };
}
round_kernel!(floor, floor);
round_kernel!(ceil, ceil);
round_kernel!(trunc, trunc);

fn rint(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    // Round half to even; half-precision integers are exact, so going through f32 is exact.
    crate::unary!(op, lp, ins,
        [F16, BF16] => |x| T::from_f32(x.to_f32().round_ties_even()),
        [F32, F64] => |x| x.round_ties_even(),
        [C64, C128] => |z| num_complex::Complex::new(z.re.round_ties_even(), z.im.round_ties_even()),
    )
}

fn square(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |x| WrappingMul::wrapping_mul(&x, &x),
        [F16, BF16, F32, F64] => |x| x * x,
        // NumPy 2's SIMD complex multiply (fused multiply-adds in the loop's own precision):
        // re = fma(a, a, -(b * b)), im = fma(a, b, b * a); the fma keeps a * a unrounded, so
        // square(1e300 + 1e300j) is -inf + infj rather than nan.
        [C64, C128] => |z| num_complex::Complex::new(
            z.re.mul_add(z.re, -(z.im * z.im)),
            z.re.mul_add(z.im, z.im * z.re),
        ),
    )
}

fn reciprocal(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    // Integer loops compute `1.0 / x` in double and C-cast back, so 1/0 = inf casts to the
    // x86 "integer indefinite" value (INT_MIN for int32/int64, 0 for narrower and unsigned).
    crate::unary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64] => |x| T::from_hub(Hub::Float(1.0 / (x as f64))),
        [U64] => |x: u64| {
            if x == 0 {
                // NumPy's 1.0 / 0 in double, then inf cast back: divide and invalid.
                crate::fpe::raise(crate::fpe::FpFlags::DIVIDE.union(crate::fpe::FpFlags::INVALID));
            }
            (x == 1) as u64
        },
        [F16, BF16] => |x| T::from_f32(1.0 / x.to_f32()),
        [F32, F64] => |x| 1.0 / x,
        [C64, C128] => |z| {
            // NumPy's loop: Smith's algorithm specialised to 1/z.
            if z.im.abs() <= z.re.abs() {
                let r = z.im / z.re;
                let d = z.re + z.im * r;
                num_complex::Complex::new(1.0 / d, -r / d)
            } else {
                let r = z.re / z.im;
                let d = z.re * r + z.im;
                num_complex::Complex::new(r / d, -1.0 / d)
            }
        },
    )
}

/// The constant NumPy multiplies by in `np.sinc`, rounded to the real type like a weak
/// Python float is.
fn sinc_real<T: Real + Float>(x: T) -> T {
    let y = T::from64(PI) * x;
    let y = if y != T::zero() { y } else { T::epsilon() };
    y.sin() / y
}

fn sinc_complex<F: Float>(y: num_complex::Complex<F>) -> num_complex::Complex<F>
where
    num_complex::Complex<F>: Cplx,
{
    // `where(y, y, 1e-20)`, then sin(y) / y with NumPy's complex division in the loop's
    // precision (csin itself is computed through complex128 and rounded).
    let y = if y.re != F::zero() || y.im != F::zero() {
        y
    } else {
        Cplx::from64(Cf64::new(1e-20, 0.0))
    };
    cdiv(Cplx::from64(c99::sin(y.to64())), y)
}

fn sinc(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    // np.sinc computes `y = pi * x` in the input's float type (which matters: sin(pi * 1.0f)
    // is not tiny), replaces exact zeros by eps (1e-20 for complex), and returns sin(y) / y.
    crate::unary!(op, lp, ins,
        [F16, F32, F64] => sinc_real,
        // The engine's bfloat16 rule: the whole function in float32, one rounding at the end.
        [BF16] => |x: bf16| bf16::from_f32(sinc_real(x.to_f32())),
        [C64] => |z: Cf32| sinc_complex(z * Cf32::new(std::f32::consts::PI, 0.0)),
        [C128] => |z: Cf64| sinc_complex(z * Cf64::new(PI, 0.0)),
    )
}

/// `np.sinc`'s result dtype: `pi * x` makes integers and bool float64; floats and complex keep
/// their dtype.
fn sinc_resolver(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    let d = dtypes[0];
    if d.is_inexact() {
        uf.linear_search(dtypes)
    } else {
        Ok(Loop {
            ins: vec![F64],
            out: F64,
        })
    }
}

/// The math family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    let fc = group(&[&FLOATS, &COMPLEX]);
    let numeric = group(&[&INTS, &FLOATS, &COMPLEX]);
    let rounding = group(&[&[Bool], &INTS, &FLOATS]);
    let u = |name, loops, kernel| Ufunc::new(name, 1, loops, kernel);
    vec![
        u("sqrt", loops::same(&fc, 1), sqrt),
        u("cbrt", loops::same(&FLOATS, 1), cbrt),
        u("square", loops::same(&numeric, 1), square),
        u("reciprocal", loops::same(&numeric, 1), reciprocal),
        u("exp", loops::same(&fc, 1), exp),
        u("exp2", loops::same(&fc, 1), exp2),
        u("expm1", loops::same(&fc, 1), expm1),
        u("log", loops::same(&fc, 1), log),
        u("log2", loops::same(&fc, 1), log2),
        u("log10", loops::same(&fc, 1), log10),
        u("log1p", loops::same(&fc, 1), log1p),
        u("sin", loops::same(&fc, 1), sin),
        u("cos", loops::same(&fc, 1), cos),
        u("tan", loops::same(&fc, 1), tan),
        u("arcsin", loops::same(&fc, 1), arcsin),
        u("arccos", loops::same(&fc, 1), arccos),
        u("arctan", loops::same(&fc, 1), arctan),
        u("sinh", loops::same(&fc, 1), sinh),
        u("cosh", loops::same(&fc, 1), cosh),
        u("tanh", loops::same(&fc, 1), tanh),
        u("arcsinh", loops::same(&fc, 1), arcsinh),
        u("arccosh", loops::same(&fc, 1), arccosh),
        u("arctanh", loops::same(&fc, 1), arctanh),
        u("deg2rad", loops::same(&FLOATS, 1), deg2rad),
        u("rad2deg", loops::same(&FLOATS, 1), rad2deg),
        u("floor", loops::same(&rounding, 1), floor),
        u("ceil", loops::same(&rounding, 1), ceil),
        u("trunc", loops::same(&rounding, 1), trunc),
        u("rint", loops::same(&fc, 1), rint),
        Ufunc {
            name: "sinc",
            nin: 1,
            loops: loops::same(&fc, 1),
            kernel: sinc,
            resolver: Some(sinc_resolver),
            scalars: Scalars::Weak,
        },
    ]
}

#[cfg(test)]
mod tests {
    use crate::dtype::DType;
    use crate::element::{Cf32, Cf64, Element};
    use crate::ops::Arg;
    use crate::tensor::Tensor;
    use half::f16;

    fn call<T: Element>(name: &str, v: Vec<T>) -> Tensor {
        let t = Tensor::from_vec(v.clone(), &[v.len()]).unwrap();
        crate::ops::ufunc(name)
            .unwrap()
            .call(&[Arg::from(&t)], None)
            .unwrap()
    }

    fn c(re: f64, im: f64) -> Cf64 {
        Cf64::new(re, im)
    }

    fn bits(z: Cf64) -> (u64, u64) {
        (z.re.to_bits(), z.im.to_bits())
    }

    #[test]
    fn complex_branch_cuts_and_special_values() {
        // Values from NumPy 2.4 (complex128).
        let r = call("sqrt", vec![c(-4.0, -0.0), c(-4.0, 0.0)]);
        let r = r.to_vec::<Cf64>().unwrap();
        assert_eq!(bits(r[0]), bits(c(0.0, -2.0)));
        assert_eq!(bits(r[1]), bits(c(0.0, 2.0)));
        let r = call("arctanh", vec![c(2.0, 0.0), c(2.0, -0.0)]);
        let r = r.to_vec::<Cf64>().unwrap();
        assert!((r[0].re - 0.5493061443340549).abs() < 1e-15);
        assert_eq!(r[0].im, std::f64::consts::FRAC_PI_2);
        assert_eq!(r[1].im, -std::f64::consts::FRAC_PI_2);
        let r = call("arccosh", vec![c(-2.0, -0.0)])
            .to_vec::<Cf64>()
            .unwrap();
        assert!((r[0].re - 1.3169578969248166).abs() < 1e-15);
        assert_eq!(r[0].im, -std::f64::consts::PI);
        let r = call(
            "exp",
            vec![c(1e300, -0.0), c(f64::NEG_INFINITY, f64::NEG_INFINITY)],
        );
        let r = r.to_vec::<Cf64>().unwrap();
        assert_eq!(bits(r[0]), bits(c(f64::INFINITY, -0.0)));
        assert_eq!(bits(r[1]), bits(c(0.0, -0.0)));
        // NumPy's own log1p formula: log(hypot(1 + x, y)), not the accurate log1p.
        let r = call("log1p", vec![c(1e-10, 0.0)]).to_vec::<Cf64>().unwrap();
        assert_eq!(r[0].re, 1.000000082690371e-10);
        // |z| close to 1: log1p-based real part keeps relative accuracy.
        let r = call("log", vec![c(1.0, 1e-10)]).to_vec::<Cf64>().unwrap();
        assert!((r[0].re - 5e-21).abs() < 1e-35);
        let r = call("reciprocal", vec![c(0.0, 0.0), c(f64::INFINITY, 0.0)]);
        let r = r.to_vec::<Cf64>().unwrap();
        assert!(r[0].re.is_nan() && r[0].im.is_nan());
        assert_eq!(bits(r[1]), bits(c(0.0, -0.0)));
    }

    #[test]
    fn glibc_special_values_and_numpy_loop_formulas() {
        // Values from NumPy 2.4 on Linux (glibc csin/casin/casinh, SIMD square).
        let inf = f64::INFINITY;
        let r = call("sin", vec![c(inf, inf), c(1e300, -inf)]);
        let r = r.to_vec::<Cf64>().unwrap();
        assert!(r[0].re.is_nan() && r[0].im == inf);
        assert_eq!((r[1].re, r[1].im), (-inf, inf));
        let r = call("arcsin", vec![c(-inf, f64::NAN)]);
        let r = r.to_vec::<Cf64>().unwrap();
        assert!(r[0].re.is_nan() && r[0].im == inf);
        let r = call("arcsinh", vec![c(f64::NAN, -inf)]);
        let r = r.to_vec::<Cf64>().unwrap();
        assert!(r[0].re == inf && r[0].im.is_nan());
        let r = call("arcsinh", vec![inf, -inf]).to_vec::<f64>().unwrap();
        assert_eq!(r, vec![inf, -inf]);
        let r = call("square", vec![c(1e300, inf), c(1e300, 1e300)]);
        let r = r.to_vec::<Cf64>().unwrap();
        assert_eq!((r[0].re, r[0].im, r[1].re, r[1].im), (-inf, inf, -inf, inf));
        let r = call("expm1", vec![Cf32::new(0.0, 1e-30)]);
        let r = r.to_vec::<Cf32>().unwrap();
        assert_eq!(r[0].re.to_bits(), 0.0f32.to_bits());
    }

    #[test]
    fn integer_reciprocal_and_rounding_keep_dtype() {
        let r = call("reciprocal", vec![0i8, 1, 2, -1, -2]);
        assert_eq!(r.to_vec::<i8>().unwrap(), vec![0, 1, 0, -1, 0]);
        let r = call("reciprocal", vec![0i32, 1]);
        assert_eq!(r.to_vec::<i32>().unwrap(), vec![i32::MIN, 1]);
        let r = call("reciprocal", vec![0u64, 1, 3]);
        assert_eq!(r.to_vec::<u64>().unwrap(), vec![0, 1, 0]);
        let r = call("floor", vec![-3i16, 7]);
        assert_eq!(r.dtype(), DType::I16);
        assert_eq!(r.to_vec::<i16>().unwrap(), vec![-3, 7]);
        let r = call("square", vec![true, false]);
        assert_eq!(r.dtype(), DType::I8);
        let r = call("sqrt", vec![4i8]);
        assert_eq!(r.dtype(), DType::F16);
        let r = call("rint", vec![0.5f64, 1.5, 2.5, -0.5, -2.5])
            .to_vec::<f64>()
            .unwrap();
        assert_eq!(r, vec![0.0, 2.0, 2.0, -0.0, -2.0]);
        assert!(r[3].is_sign_negative());
        let r = call("arccosh", vec![1e308f64]).to_vec::<f64>().unwrap();
        assert!((r[0] - 709.889355822726).abs() < 1e-12);
    }

    #[test]
    fn sinc_dtypes_and_values() {
        assert_eq!(call("sinc", vec![1i8]).dtype(), DType::F64);
        assert_eq!(call("sinc", vec![true]).dtype(), DType::F64);
        let r = call("sinc", vec![f16::from_f32(0.0), f16::from_f32(1.0)]);
        assert_eq!(r.dtype(), DType::F16);
        let r = r.to_vec::<f16>().unwrap();
        assert_eq!(r[0], f16::from_f32(1.0));
        assert_eq!(r[1], f16::from_f32(0.000308));
        // pi * x rounds in float32 first, so sinc(1) is not ~1e-17.
        let r = call("sinc", vec![1.0f32, 0.0]).to_vec::<f32>().unwrap();
        assert!((r[0] - -2.7827534e-08).abs() < 1e-14);
        assert_eq!(r[1], 1.0);
        let r = call("sinc", vec![Cf32::new(0.0, 0.0), Cf32::new(1.0, 0.0)]);
        let r = r.to_vec::<Cf32>().unwrap();
        assert_eq!(r[0], Cf32::new(1.0, 0.0));
        assert!((r[1].re - -2.7827532e-08).abs() < 1e-14);
    }
}
