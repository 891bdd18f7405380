// The math family's element functions: sqrt cbrt square reciprocal exp exp2 expm1 log log2
// log10 log1p deg2rad rad2deg floor ceil trunc rint sinc (the trigonometric and hyperbolic
// functions of the same CPU module live in trig.cu).
//
// A port of backends/src/ops/kernels/math.rs:
// - real float32/float64 loops call the libm function of the loop's precision (sinf / sin ...);
//   float16/bfloat16 compute through float32 and round once, as the `half` crate's Float impl
//   does (sinc's float16 loop is the exception: it rounds after every step, see op_sinc);
// - complex loops of C99 functions (sqrt, exp, log, log2, log10, log1p) run npymath's (FreeBSD
//   msun's) algorithms in complex128 and round to complex64 at the end; NumPy's own composites
//   (complex64 exp2's scaling, expm1, square, reciprocal, sinc's division) run in the loop's own
//   precision, exactly as the CPU code does.
// This file is compiled with --fmad=false, so a*b+c is never contracted unless written as fma.

// ---------------------------------------------------------------------------------------------
// Real building blocks, overloaded on the precision (float calls the f-suffixed function).
// ---------------------------------------------------------------------------------------------
namespace mth {

__device__ __forceinline__ f32 r_abs(f32 x) { return fabsf(x); }
__device__ __forceinline__ f64 r_abs(f64 x) { return fabs(x); }
__device__ __forceinline__ f32 r_sin(f32 x) { return sinf(x); }
__device__ __forceinline__ f64 r_sin(f64 x) { return sin(x); }
__device__ __forceinline__ f32 r_cos(f32 x) { return cosf(x); }
__device__ __forceinline__ f64 r_cos(f64 x) { return cos(x); }
__device__ __forceinline__ f32 r_exp(f32 x) { return expf(x); }
__device__ __forceinline__ f64 r_exp(f64 x) { return exp(x); }
__device__ __forceinline__ f32 r_expm1(f32 x) { return expm1f(x); }
__device__ __forceinline__ f64 r_expm1(f64 x) { return expm1(x); }
__device__ __forceinline__ f32 r_fma(f32 a, f32 b, f32 c) { return fmaf(a, b, c); }
__device__ __forceinline__ f64 r_fma(f64 a, f64 b, f64 c) { return fma(a, b, c); }
__device__ __forceinline__ f32 r_rint(f32 x) { return rintf(x); }
__device__ __forceinline__ f64 r_rint(f64 x) { return rint(x); }

/// The complex struct of a real precision.
template <class F> struct cplx_of;
template <> struct cplx_of<f32> { typedef c64 type; };
template <> struct cplx_of<f64> { typedef c128 type; };

__device__ __forceinline__ c128 widen(c64 z) { return cmake((f64)z.re, (f64)z.im); }
__device__ __forceinline__ c128 widen(c128 z) { return z; }
template <class C> __device__ __forceinline__ C narrow(c128 z);
template <> __device__ __forceinline__ c64 narrow<c64>(c128 z) {
  return cmake((f32)z.re, (f32)z.im);
}
template <> __device__ __forceinline__ c128 narrow<c128>(c128 z) { return z; }

// f64 constants (Rust's std::f64 / std::f64::consts, correctly rounded).
#define MTH_INF __longlong_as_double(0x7ff0000000000000LL)
#define MTH_NAN __longlong_as_double(0x7ff8000000000000LL)
#define MTH_DBL_MAX 0x1.fffffffffffffp+1023
#define MTH_DBL_MIN 0x1p-1022
#define MTH_DBL_EPS 0x1p-52
#define MTH_LN_2 0.693147180559945309417232121458176568
#define MTH_SQRT_2 1.41421356237309504880168872420969808
#define MTH_LOG2_E 1.44269504088896340735992468100189214
#define MTH_LOG10_E 0.434294481903251827651128918916605082
#define MTH_PI 3.14159265358979323846264338327950288
// f32 constants (std::f32::consts).
#define MTH_PI_F 3.14159265358979323846264338327950288f
#define MTH_LN_2_F 0.693147180559945309417232121458176568f
#define MTH_FLT_EPS 0x1p-23f

// ---------------------------------------------------------------------------------------------
// Integer conversions of the CPU's Element::from_hub (x86 truncating casts).
// ---------------------------------------------------------------------------------------------

/// f64_to_i32_x86: NaN, inf and out-of-range give INT_MIN ("integer indefinite").
__device__ __forceinline__ i32 f64_to_i32_x86(f64 v) {
  if (isnan(v) || v <= -2147483648.0 - 1.0 || v >= 2147483647.0 + 1.0) return -2147483647 - 1;
  return (i32)v;
}
/// f64_to_i64_x86: NaN and values outside [-2^63, 2^63) give INT64_MIN.
__device__ __forceinline__ i64 f64_to_i64_x86(f64 v) {
  if (isnan(v) || !(v >= -9.223372036854776e18 && v < 9.223372036854776e18))
    return -9223372036854775807LL - 1;
  return (i64)v;
}

// ---------------------------------------------------------------------------------------------
// c99: npymath (FreeBSD msun) complex functions in complex128, ported from math.rs `mod c99`.
// `y - y` is deliberate: it turns an infinity into NaN as C99 Annex G specifies.
// ---------------------------------------------------------------------------------------------

/// log(DBL_MAX) = 1024 ln 2 and log(2) + log(DBL_MAX) - log(DBL_TRUE_MIN).
#define MTH_SCALED_LOWER 709.782712893384
#define MTH_SCALED_UPPER 1454.915931995325

/// 2^e for -1022 <= e <= 1023 (exact; what `2f64.powi(e)` gives in that range).
__device__ __forceinline__ f64 pow2i(int e) {
  return __longlong_as_double((i64)((u64)(e + 1023) << 52));
}

/// C `frexp` as math.rs writes it: mantissa in [0.5, 1) and exponent; 0, inf and NaN pass.
__device__ inline f64 c99_frexp(f64 x, int* e) {
  *e = 0;
  if (x == 0.0 || !isfinite(x)) return x;
  int adj = 0;
  u64 bits = (u64)__double_as_longlong(x);
  int ex = (int)((bits >> 52) & 0x7ff);
  if (ex == 0) {  // subnormal: rescale by 2^54 (the recursion of math.rs, unrolled)
    x = x * 18014398509481984.0;
    adj = -54;
    bits = (u64)__double_as_longlong(x);
    ex = (int)((bits >> 52) & 0x7ff);
  }
  *e = ex - 1022 + adj;
  return __longlong_as_double((i64)((bits & ~(0x7ffULL << 52)) | (1022ULL << 52)));
}

/// C `ldexp` as math.rs writes it (stepwise scaling by 2^1023 / 2^-1022, then 2^e).
__device__ inline f64 c99_ldexp(f64 x, int e) {
  while (e > 1023) {
    x *= pow2i(1023);
    e -= 1023;
    if (isinf(x)) return x;
  }
  while (e < -1022) {
    x *= pow2i(-1022);
    e += 1022;
    if (x == 0.0) return x;
  }
  return x * pow2i(e);
}

/// scaled_cexp: exp(x) * (cos y + i sin y) * 2^expt where exp(x) alone would overflow.
__device__ inline c128 c99_scaled_cexp(f64 x, f64 y, int expt) {
  const int K = 1799;
  int ex, exc, exs;
  const f64 mant = c99_frexp(exp(x - (f64)K * MTH_LN_2), &ex);
  const f64 mc = c99_frexp(cos(y), &exc);
  const f64 ms = c99_frexp(sin(y), &exs);
  const int e = expt + ex + K;
  return cmake(c99_ldexp(mant * mc, e + exc), c99_ldexp(mant * ms, e + exs));
}

/// c99::exp (cexp), with glibc's exact zero imaginary part when exp(re) overflows.
__device__ inline c128 c99_exp(c128 z) {
  const f64 r = z.re, i = z.im;
  if (isfinite(r)) {
    if (i == 0.0) return cmake(exp(r), i);
    if (r >= MTH_SCALED_LOWER && r <= MTH_SCALED_UPPER) return c99_scaled_cexp(r, i, 0);
    if (isfinite(i)) {
      const f64 x = exp(r);
      return cmake(x * cos(i), x * sin(i));
    }
    return cmake(MTH_NAN, copysign(MTH_NAN, i));
  }
  if (isnan(r)) {
    if (i == 0.0) return z;
    return cmake(r, copysign(MTH_NAN, i));
  }
  if (r > 0.0) {
    if (i == 0.0) return z;
    if (isfinite(i)) return cmake(r * cos(i), r * sin(i));
    return cmake(r, MTH_NAN);
  }
  if (isfinite(i)) {
    const f64 x = exp(r);
    return cmake(x * cos(i), x * sin(i));
  }
  return cmake(0.0, copysign(0.0, i));
}

/// x^2 + y^2 - 1 for 0.5 <= x < 1, y <= x: exact squares (fma gives each product's rounding
/// error) summed with error-free additions, as the CPU's c99::x2y2m1.
__device__ inline f64 x2y2m1(f64 x, f64 y) {
  const f64 xh = x * x, xl = fma(x, x, -xh);
  const f64 yh = y * y, yl = fma(y, y, -yh);
  f64 s = -1.0 + xh, bb = s - -1.0;
  const f64 e1 = (-1.0 - (s - bb)) + (xh - bb);
  f64 t = s + yh;
  bb = t - s;
  const f64 e2 = (s - (t - bb)) + (yh - bb);
  s = t + xl;
  bb = s - t;
  const f64 e3 = (t - (s - bb)) + (xl - bb);
  return s + (e1 + e2 + e3 + yl);
}

/// c99::log (clog): rescaled hypot at the extremes, log1p form for |z| near 1.
__device__ inline c128 c99_log(c128 z) {
  const f64 ax = fabs(z.re), ay = fabs(z.im);
  if (isnan(ax) && isfinite(ay)) return cmake(ax, MTH_NAN);
  f64 rr;
  if (ax > MTH_DBL_MAX / 4.0 || ay > MTH_DBL_MAX / 4.0) {
    rr = log(hypot(ax / 2.0, ay / 2.0)) + MTH_LN_2;
  } else if (ax < MTH_DBL_MIN && ay < MTH_DBL_MIN) {
    if (ax > 0.0 || ay > 0.0) {
      // |z| subnormal: rescale so hypot keeps its precision.
      const f64 s = 9007199254740992.0;  // 2^53
      rr = log(hypot(ax * s, ay * s)) - 53.0 * MTH_LN_2;
    } else {
      rr = -MTH_INF;
    }
  } else {
    // glibc's clog branches, as the CPU's c99::log: log1p(|z|^2 - 1) / 2 near |z| = 1.
    const f64 am = ax >= ay ? ax : ay;
    const f64 an = ax >= ay ? ay : ax;
    if (am == 1.0) {
      rr = log1p(an * an) / 2.0;
    } else if (am > 1.0 && am < 2.0 && an < 1.0) {
      f64 d = (am - 1.0) * (am + 1.0);
      if (an >= MTH_DBL_EPS) d += an * an;
      rr = log1p(d) / 2.0;
    } else if (am >= 0.5 && am < 1.0 && an < MTH_DBL_EPS / 2.0) {
      rr = log1p((am - 1.0) * (am + 1.0)) / 2.0;
    } else if (am >= 0.5 && am < 1.0 && am * am + an * an >= 0.5) {
      rr = log1p(x2y2m1(am, an)) / 2.0;
    } else {
      rr = log(hypot(am, an));
    }
  }
  return cmake(rr, atan2(z.im, z.re));
}

/// c99::sqrt (npymath's csqrt: Algorithm 312, its parts quartered near overflow unless that
/// would underflow them, and scaled by 2^54 when both are subnormal; the result scaled back).
__device__ inline c128 c99_sqrt(c128 z) {
  f64 a = z.re, b = z.im;
  if (a == 0.0 && b == 0.0) return cmake(0.0, b);
  if (isinf(b)) return cmake(MTH_INF, b);
  if (isnan(a)) return cmake(a, MTH_NAN);
  if (isinf(a)) {
    if (signbit(a)) return cmake(fabs(b - b), copysign(a, b));
    return cmake(a, copysign(b - b, b));
  }
  const f64 thresh = MTH_DBL_MAX / (1.0 + MTH_SQRT_2);
  f64 scale = 1.0;
  if (fabs(a) >= thresh || fabs(b) >= thresh) {
    if (fabs(a) >= 0x1p-1020) a *= 0.25;
    if (fabs(b) >= 0x1p-1020) b *= 0.25;
    scale = 2.0;
  }
  if (fabs(a) < MTH_DBL_MIN && fabs(b) < MTH_DBL_MIN) {
    a *= 0x1p54;
    b *= 0x1p54;
    scale = 0x1p-27;
  }
  if (a >= 0.0) {
    const f64 t = sqrt((a + hypot(a, b)) * 0.5);
    return cmake(scale * t, scale * b / (2.0 * t));
  }
  const f64 t = sqrt((-a + hypot(a, b)) * 0.5);
  return cmake(scale * fabs(b) / (2.0 * t), copysign(scale * t, b));
}

/// (int)((DBL_MAX_EXP - 1) * ln 2): beyond it exp(x) overflows (glibc's t).
#define MTH_T_EXP 709.0

/// glibc's sincos shortcut: (sin y, cos y), or (y, 1) for |y| <= DBL_MIN.
__device__ __forceinline__ void c99_sincos(f64 y, f64* s, f64* co) {
  if (fabs(y) > MTH_DBL_MIN) {
    *s = sin(y);
    *co = cos(y);
  } else {
    *s = y;
    *co = 1.0;
  }
}

/// (exp(ax) / 2 * p, exp(ax) / 2 * q) for ax > T_EXP, without intermediate overflow.
__device__ inline c128 c99_exp_half_scaled(f64 ax, f64 p, f64 q) {
  const f64 exp_t = exp(MTH_T_EXP);
  f64 r = ax - MTH_T_EXP;
  p *= exp_t / 2.0;
  q *= exp_t / 2.0;
  if (r > MTH_T_EXP) {
    r -= MTH_T_EXP;
    p *= exp_t;
    q *= exp_t;
  }
  if (r > MTH_T_EXP) return cmake(MTH_DBL_MAX * p, MTH_DBL_MAX * q);
  const f64 e = exp(r);
  return cmake(e * p, e * q);
}

/// c99::sin (glibc's csin case analysis); needed by sinc's complex loops.
__device__ inline c128 c99_sin(c128 z) {
  const bool negate = signbit(z.re);
  const f64 x = fabs(z.re), y = z.im;
  if (isfinite(y)) {
    if (isfinite(x)) {
      f64 s, co;
      c99_sincos(x, &s, &co);
      if (negate) s = -s;
      if (fabs(y) > MTH_T_EXP) {
        if (signbit(y)) co = -co;
        return c99_exp_half_scaled(fabs(y), s, co);
      }
      return cmake(cosh(y) * s, sinh(y) * co);
    }
    if (y == 0.0) return cmake(x - x, y);
    return cmake(MTH_NAN, MTH_NAN);
  }
  if (isinf(y)) {
    if (x == 0.0) return cmake(negate ? -0.0 : 0.0, y);
    if (isfinite(x)) {
      f64 s, co;
      c99_sincos(x, &s, &co);
      const f64 re = copysign(MTH_INF, s);
      const f64 im = copysign(MTH_INF, co);
      return cmake(negate ? -re : re, signbit(y) ? -im : im);
    }
    return cmake(x - x, MTH_INF);
  }
  const f64 re = x == 0.0 ? (negate ? -0.0 : 0.0) : MTH_NAN;
  return cmake(re, MTH_NAN);
}

// NumPy's own composites (umath funcs.inc.src), not C99 functions.

/// c99::exp2 (complex128 loop): exp(z * ln 2), componentwise.
__device__ inline c128 c99_exp2(c128 z) {
  return c99_exp(cmake(z.re * MTH_LN_2, z.im * MTH_LN_2));
}
/// c99::log2: log(z) * log2(e), componentwise.
__device__ inline c128 c99_log2(c128 z) {
  const c128 w = c99_log(z);
  return cmake(w.re * MTH_LOG2_E, w.im * MTH_LOG2_E);
}
/// c99::log10: log(z) * log10(e), componentwise.
__device__ inline c128 c99_log10(c128 z) {
  const c128 w = c99_log(z);
  return cmake(w.re * MTH_LOG10_E, w.im * MTH_LOG10_E);
}
/// c99::log1p: NumPy's formula log(hypot(1 + re, im)) + i atan2(im, 1 + re).
__device__ inline c128 c99_log1p(c128 z) {
  const f64 l = hypot(z.re + 1.0, z.im);
  return cmake(log(l), atan2(z.im, z.re + 1.0));
}

// ---------------------------------------------------------------------------------------------
// Composites in the loop's own precision (generic over c64 / c128).
// ---------------------------------------------------------------------------------------------

/// cdiv: NumPy's complex division loop (Smith's algorithm with its zero-divisor rule).
template <class F, class C>
__device__ __forceinline__ C cdiv_smith(C a, C b) {
  const F abr = r_abs(b.re), abi = r_abs(b.im);
  if (abr >= abi) {
    if (abr == (F)0 && abi == (F)0) return cmake(a.re / abr, a.im / abr);
    const F rat = b.im / b.re;
    const F scl = (F)1 / (b.re + b.im * rat);
    return cmake((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl);
  }
  const F rat = b.re / b.im;
  const F scl = (F)1 / (b.im + b.re * rat);
  return cmake((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl);
}

/// cexpm1: NumPy's nc_expm1 in the loop's precision:
/// (expm1(re) cos(im) - 2 sin(im/2)^2) + i exp(re) sin(im).
template <class F, class C>
__device__ __forceinline__ C cexpm1(C z) {
  const F two = (F)1 + (F)1;
  const F a = r_sin(z.im / two);
  return cmake(r_expm1(z.re) * r_cos(z.im) - two * a * a, r_exp(z.re) * r_sin(z.im));
}

/// Complex square: NumPy 2's SIMD multiply, re = fma(a, a, -(b*b)), im = fma(a, b, b*a).
template <class F, class C>
__device__ __forceinline__ C csquare(C z) {
  return cmake(r_fma(z.re, z.re, -(z.im * z.im)), r_fma(z.re, z.im, z.im * z.re));
}

/// Complex reciprocal: NumPy's loop, Smith's algorithm specialised to 1 / z.
template <class F, class C>
__device__ __forceinline__ C crecip(C z) {
  if (r_abs(z.im) <= r_abs(z.re)) {
    const F r = z.im / z.re;
    const F d = z.re + z.im * r;
    return cmake((F)1 / d, -r / d);
  }
  const F r = z.re / z.im;
  const F d = z.re * r + z.im;
  return cmake(r / d, (F)-1 / d);
}

/// sinc_complex: y = where(y, y, 1e-20); sin(y) (csin through complex128, rounded) / y with
/// NumPy's complex division in the loop's precision. `y` is already pi * x.
template <class F, class C>
__device__ __forceinline__ C csinc_of(C y) {
  if (!(y.re != (F)0 || y.im != (F)0)) y = narrow<C>(cmake(1e-20, 0.0));
  const C s = narrow<C>(c99_sin(widen(y)));
  return cdiv_smith<F, C>(s, y);
}

}  // namespace mth

// ---------------------------------------------------------------------------------------------
// Stamping helpers. Each specialisation: static OUT call(IN a, int* err).
// ---------------------------------------------------------------------------------------------
#define MTH_SPEC(OP, TA, TO, EXPR)                                                            \
  template <>                                                                               \
  struct OP<TA> {                                                                           \
    static __device__ __forceinline__ TO call(TA a, int* /*err*/) { return EXPR; }          \
  };
/// float16/bfloat16 through float32 with one rounding at the end.
#define MTH_HALVES(OP, FN)                                                                    \
  MTH_SPEC(OP, f16, f16, from_f32<f16>(FN(to_f32(a))))                                      \
  MTH_SPEC(OP, bf16, bf16, from_f32<bf16>(FN(to_f32(a))))
/// Real loops calling libm: float16/bfloat16/float32 use FNF, float64 uses FND.
#define MTH_REAL(OP, FNF, FND)                                                                \
  MTH_HALVES(OP, FNF)                                                                       \
  MTH_SPEC(OP, f32, f32, FNF(a))                                                            \
  MTH_SPEC(OP, f64, f64, FND(a))
/// Complex loops of a c99 function computed through complex128 (cfn in math.rs).
#define MTH_CFN(OP, FN)                                                                       \
  MTH_SPEC(OP, c64, c64, mth::narrow<c64>(FN(mth::widen(a))))                               \
  MTH_SPEC(OP, c128, c128, FN(a))
/// Identity loops (floor/ceil/trunc on bool and integers keep the value and dtype).
#define MTH_IDENTITY_INTS(OP)                                                                 \
  MTH_SPEC(OP, bool, bool, a)                                                               \
  MTH_SPEC(OP, i8, i8, a)                                                                   \
  MTH_SPEC(OP, u8, u8, a)                                                                   \
  MTH_SPEC(OP, i16, i16, a)                                                                 \
  MTH_SPEC(OP, u16, u16, a)                                                                 \
  MTH_SPEC(OP, i32, i32, a)                                                                 \
  MTH_SPEC(OP, u32, u32, a)                                                                 \
  MTH_SPEC(OP, i64, i64, a)                                                                 \
  MTH_SPEC(OP, u64, u64, a)

// ---- sqrt: `x.sqrt()` / c99::sqrt through complex128 ----
template <class A> struct op_sqrt;
MTH_REAL(op_sqrt, sqrtf, sqrt)
MTH_CFN(op_sqrt, mth::c99_sqrt)

// ---- cbrt: `x.cbrt()` (real loops only) ----
template <class A> struct op_cbrt;
MTH_REAL(op_cbrt, cbrtf, cbrt)

// ---- square: integers wrap (computed unsigned), floats x * x (halves through f32, one
// rounding), complex with NumPy 2's fma formula in the loop's precision ----
template <class A> struct op_square;
#define MTH_SQUARE_INT(T, UT) MTH_SPEC(op_square, T, T, (T)((UT)a * (UT)a))
MTH_SQUARE_INT(i8, u32)
MTH_SQUARE_INT(u8, u32)
MTH_SQUARE_INT(i16, u32)
MTH_SQUARE_INT(u16, u32)
MTH_SQUARE_INT(i32, u32)
MTH_SQUARE_INT(u32, u32)
MTH_SQUARE_INT(i64, u64)
MTH_SQUARE_INT(u64, u64)
#undef MTH_SQUARE_INT
MTH_SPEC(op_square, f16, f16, from_f32<f16>(to_f32(a) * to_f32(a)))
MTH_SPEC(op_square, bf16, bf16, from_f32<bf16>(to_f32(a) * to_f32(a)))
MTH_SPEC(op_square, f32, f32, a * a)
MTH_SPEC(op_square, f64, f64, a * a)
MTH_SPEC(op_square, c64, c64, (mth::csquare<f32, c64>(a)))
MTH_SPEC(op_square, c128, c128, (mth::csquare<f64, c128>(a)))

// ---- reciprocal: integers compute 1.0 / (double)x and convert with the x86 truncating casts
// of Element::from_hub (1/0 = inf gives INT_MIN for int32/int64 and 0 for the narrower and
// unsigned types); uint64 is (x == 1); floats 1 / x; complex Smith's 1 / z in the loop's
// precision ----
template <class A> struct op_reciprocal;
MTH_SPEC(op_reciprocal, i8, i8, (i8)mth::f64_to_i32_x86(1.0 / (f64)a))
MTH_SPEC(op_reciprocal, u8, u8, (u8)mth::f64_to_i32_x86(1.0 / (f64)a))
MTH_SPEC(op_reciprocal, i16, i16, (i16)mth::f64_to_i32_x86(1.0 / (f64)a))
MTH_SPEC(op_reciprocal, u16, u16, (u16)mth::f64_to_i32_x86(1.0 / (f64)a))
MTH_SPEC(op_reciprocal, i32, i32, mth::f64_to_i32_x86(1.0 / (f64)a))
MTH_SPEC(op_reciprocal, u32, u32, (u32)mth::f64_to_i64_x86(1.0 / (f64)a))
MTH_SPEC(op_reciprocal, i64, i64, mth::f64_to_i64_x86(1.0 / (f64)a))
MTH_SPEC(op_reciprocal, u64, u64, (u64)(a == 1ULL))
MTH_SPEC(op_reciprocal, f16, f16, from_f32<f16>(1.0f / to_f32(a)))
MTH_SPEC(op_reciprocal, bf16, bf16, from_f32<bf16>(1.0f / to_f32(a)))
MTH_SPEC(op_reciprocal, f32, f32, 1.0f / a)
MTH_SPEC(op_reciprocal, f64, f64, 1.0 / a)
MTH_SPEC(op_reciprocal, c64, c64, (mth::crecip<f32, c64>(a)))
MTH_SPEC(op_reciprocal, c128, c128, (mth::crecip<f64, c128>(a)))

// ---- exp: `x.exp()` / c99::exp (cexp) through complex128 ----
template <class A> struct op_exp;
MTH_REAL(op_exp, expf, exp)
MTH_CFN(op_exp, mth::c99_exp)

// ---- exp2: `x.exp2()`; complex64 scales by ln 2 in float32 (NumPy's nc_exp2 in the loop's
// precision) and then runs cexp in complex128; complex128 is c99::exp2 ----
template <class A> struct op_exp2;
MTH_REAL(op_exp2, exp2f, exp2)
MTH_SPEC(op_exp2, c64, c64,
         mth::narrow<c64>(mth::c99_exp(cmake((f64)(a.re * MTH_LN_2_F), (f64)(a.im * MTH_LN_2_F)))))
MTH_SPEC(op_exp2, c128, c128, mth::c99_exp2(a))

// ---- expm1: `x.exp_m1()`; complex is NumPy's nc_expm1 in the loop's own precision ----
template <class A> struct op_expm1;
MTH_REAL(op_expm1, expm1f, expm1)
MTH_SPEC(op_expm1, c64, c64, (mth::cexpm1<f32, c64>(a)))
MTH_SPEC(op_expm1, c128, c128, (mth::cexpm1<f64, c128>(a)))

// ---- log, log2, log10, log1p: libm / c99 composites through complex128 ----
template <class A> struct op_log;
MTH_REAL(op_log, logf, log)
MTH_CFN(op_log, mth::c99_log)

template <class A> struct op_log2;
MTH_REAL(op_log2, log2f, log2)
MTH_CFN(op_log2, mth::c99_log2)

template <class A> struct op_log10;
MTH_REAL(op_log10, log10f, log10)
MTH_CFN(op_log10, mth::c99_log10)

// c99::log1p is NumPy's formula log(hypot(1 + x, y)), not an accurate complex log1p.
template <class A> struct op_log1p;
MTH_REAL(op_log1p, log1pf, log1p)
// complex64 in float32, as NumPy's nc_log1pf (its hypotf overflows near the top of the range).
MTH_SPEC(op_log1p, c64, c64, cmake(logf(hypotf(a.re + 1.0f, a.im)), atan2f(a.im, a.re + 1.0f)))
MTH_SPEC(op_log1p, c128, c128, mth::c99_log1p(a))

// ---- deg2rad / rad2deg: multiply by pi/180 (180/pi) rounded to the loop's type (float32's
// constant for the half types, computed in float32 and rounded once) ----
template <class A> struct op_deg2rad;
MTH_SPEC(op_deg2rad, f16, f16, from_f32<f16>(to_f32(a) * (MTH_PI_F / 180.0f)))
MTH_SPEC(op_deg2rad, bf16, bf16, from_f32<bf16>(to_f32(a) * (MTH_PI_F / 180.0f)))
MTH_SPEC(op_deg2rad, f32, f32, a * (MTH_PI_F / 180.0f))
MTH_SPEC(op_deg2rad, f64, f64, a * (MTH_PI / 180.0))

template <class A> struct op_rad2deg;
MTH_SPEC(op_rad2deg, f16, f16, from_f32<f16>(to_f32(a) * (180.0f / MTH_PI_F)))
MTH_SPEC(op_rad2deg, bf16, bf16, from_f32<bf16>(to_f32(a) * (180.0f / MTH_PI_F)))
MTH_SPEC(op_rad2deg, f32, f32, a * (180.0f / MTH_PI_F))
MTH_SPEC(op_rad2deg, f64, f64, a * (180.0 / MTH_PI))

// ---- floor / ceil / trunc: identity on bool and integers (NumPy 2 keeps the dtype),
// libm on floats (exact, so the half types' trip through float32 changes nothing) ----
template <class A> struct op_floor;
MTH_IDENTITY_INTS(op_floor)
MTH_REAL(op_floor, floorf, floor)

template <class A> struct op_ceil;
MTH_IDENTITY_INTS(op_ceil)
MTH_REAL(op_ceil, ceilf, ceil)

template <class A> struct op_trunc;
MTH_IDENTITY_INTS(op_trunc)
MTH_REAL(op_trunc, truncf, trunc)

// ---- rint: round half to even (`round_ties_even`), componentwise for complex ----
template <class A> struct op_rint;
MTH_REAL(op_rint, rintf, rint)
MTH_SPEC(op_rint, c64, c64, cmake(rintf(a.re), rintf(a.im)))
MTH_SPEC(op_rint, c128, c128, cmake(rint(a.re), rint(a.im)))

// ---- sinc: np.sinc's y = pi * x in the input's type, exact zeros replaced by eps (1e-20 for
// complex), sin(y) / y.
// float16 (sinc_real::<f16>): every step is a half-crate f16 operation, so each rounds to
//   float16: pi as f16 (3.140625), y = f16(pi * x), s = f16(sinf(y)), f16(s / y); eps 2^-10.
// bfloat16: the whole function in float32 (sinc_real::<f32>), one rounding at the end.
// complex: y = z * (pi + 0i) with the plain complex product (so inf * 0 gives NaN parts),
//   csin through complex128 rounded to the loop's type, Smith's division in the loop's type.
namespace mth {
__device__ __forceinline__ f32 sinc_f32(f32 x) {
  f32 y = MTH_PI_F * x;
  y = y != 0.0f ? y : MTH_FLT_EPS;
  return sinf(y) / y;
}
__device__ __forceinline__ f64 sinc_f64(f64 x) {
  f64 y = MTH_PI * x;
  y = y != 0.0 ? y : MTH_DBL_EPS;
  return sin(y) / y;
}
__device__ __forceinline__ f16 sinc_f16(f16 x) {
  const f32 pi_h = 3.140625f;  // f16::from_f64(PI)
  f16 y = from_f32<f16>(pi_h * to_f32(x));
  if (!(to_f32(y) != 0.0f)) y = from_f32<f16>(0x1p-10f);  // f16::EPSILON
  const f16 s = from_f32<f16>(sinf(to_f32(y)));
  return from_f32<f16>(to_f32(s) / to_f32(y));
}
}  // namespace mth

template <class A> struct op_sinc;
MTH_SPEC(op_sinc, f16, f16, mth::sinc_f16(a))
MTH_SPEC(op_sinc, bf16, bf16, from_f32<bf16>(mth::sinc_f32(to_f32(a))))
MTH_SPEC(op_sinc, f32, f32, mth::sinc_f32(a))
MTH_SPEC(op_sinc, f64, f64, mth::sinc_f64(a))
MTH_SPEC(op_sinc, c64, c64, (mth::csinc_of<f32, c64>(cmul(a, cmake(MTH_PI_F, 0.0f)))))
MTH_SPEC(op_sinc, c128, c128, (mth::csinc_of<f64, c128>(cmul(a, cmake(MTH_PI, 0.0)))))

// ---- floating-point flags (common.cuh's fp_hook) ----
// Integer reciprocal computes 1.0 / x in double and casts back (NumPy's loop): x == 0 raises
// divide (1/0) and invalid (inf cast to an integer). Real log1p has its pole at -1, where
// the infinite result is a division by zero (never an overflow: real log1p cannot overflow).
// Complex log1p's pole is z = -1. Real sinc returns NaN for a finite x only when pi * x
// overflowed (NumPy computes it in the array's dtype): overflow, then invalid from sin(inf).
template <class A>
struct fp_hook<op_reciprocal<A>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a) {
    if constexpr (!fpc<A>::is_float) {
      return a == (A)0 ? (FP_DIVIDE | FP_INVALID) : 0;
    } else {
      return fp_generic(r, a);
    }
  }
};
template <class A>
struct fp_hook<op_log1p<A>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a) {
    const int f = fp_generic(r, a);
    if constexpr (fpc<A>::is_complex) {
      // The pole of log(1 + z): z = -1 exactly.
      return (a.re == -1 && a.im == 0) ? ((f & ~FP_OVERFLOW) | FP_DIVIDE) : f;
    }
    return (f & FP_OVERFLOW) ? ((f & ~FP_OVERFLOW) | FP_DIVIDE) : f;
  }
};
template <class A>
struct fp_hook<op_sinc<A>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a) {
    const int f = fp_generic(r, a);
    const bool finite = !fpc<A>::nan(a) && !fpc<A>::inf(a);
    return (!fpc<A>::is_complex && finite && (f & FP_INVALID)) ? (f | FP_OVERFLOW) : f;
  }
};
