// Trigonometric and hyperbolic ufuncs and their inverses: sin cos tan arcsin arccos arctan sinh
// cosh tanh arcsinh arccosh arctanh, for float16/bfloat16/float32/float64/complex64/complex128.
//
// A port of backends/src/ops/kernels/math.rs (the CPU engine, NumPy 2.4 semantics):
// - sin..tanh on real floats call the libm function of the loop's precision (sinf for float32,
//   sin for float64); float16/bfloat16 compute through float32 and round once (the `half`
//   crate's Float impl).
// - arcsinh/arccosh/arctanh on every real type go through the CPU's own float64 fdlibm-style
//   algorithms (`hyp` module) and round once to the loop's type.
// - Complex loops are computed in complex128 (complex64 is widened and rounded back), with the
//   CPU's `c99` module algorithms: glibc's csin/ccos/ctan/csinh/ccosh/ctanh case analysis and
//   FreeBSD msun's casinh/cacos/catanh (Hull et al.) with glibc's NaN choices for
//   casin/cacosh. Every special-value branch is kept in the CPU's order.
// Compiled with --fmad=false, so no expression below is contracted into an fma (Rust never
// contracts either).

namespace trig {

// ---- bit-level helpers (no dependence on the math headers' classification macros) ----
__device__ __forceinline__ f64 nan64() { return __longlong_as_double(0x7ff8000000000000LL); }
__device__ __forceinline__ f64 inf64() { return __longlong_as_double(0x7ff0000000000000LL); }
__device__ __forceinline__ bool is_nan(f64 x) { return x != x; }
__device__ __forceinline__ bool is_inf(f64 x) { return fabs(x) == inf64(); }
__device__ __forceinline__ bool is_finite(f64 x) { return fabs(x) < inf64(); }
__device__ __forceinline__ bool sign_neg(f64 x) { return __double_as_longlong(x) < 0; }

// f64 constants (Rust's std::f64 / std::f64::consts values).
#define T_EPS 0x1p-52                    /* f64::EPSILON */
#define T_MAX 0x1.fffffffffffffp+1023    /* f64::MAX */
#define T_MIN 0x1p-1022                  /* f64::MIN_POSITIVE */
#define T_RECIP_EPSILON (1.0 / T_EPS)
#define T_LN_2 0.6931471805599453
#define T_E 2.718281828459045
#define T_FRAC_PI_2 1.5707963267948966
#define T_PIO2_LO 6.123233995736766e-17
/// (int)((DBL_MAX_EXP - 1) * ln 2): beyond it exp(x) overflows.
#define T_EXP 709.0
/// Half of it, for tan/tanh.
#define T_TAN 354.0

// ---- rounding f64 results to the half types: once, to nearest even, as the CPU's
// `element::f16_from_f64` / `bf16_from_f64` do ----

__device__ __forceinline__ f16 f16_from_f64(f64 v) { return __double2half(v); }
__device__ __forceinline__ bf16 bf16_from_f64(f64 v) { return __double2bfloat16(v); }

// ---- real inverse hyperbolics: math.rs `hyp` (fdlibm's algorithms, in f64) ----
#define T_BIG 268435456.0 /* 2^28: beyond it sqrt(x*x +- 1) == x */

/// hyp::asinh
__device__ f64 hyp_asinh(f64 x) {
  const f64 ax = fabs(x);
  if (!is_finite(ax) || ax < 1e-300) return x;  // nan, +-inf, +-0 and tiny values pass through
  f64 r;
  if (ax > T_BIG) {
    r = log(ax) + T_LN_2;
  } else if (ax > 2.0) {
    r = log(2.0 * ax + 1.0 / (sqrt(ax * ax + 1.0) + ax));
  } else {
    const f64 t = ax * ax;
    r = log1p(ax + t / (1.0 + sqrt(1.0 + t)));
  }
  return copysign(r, x);
}

/// hyp::acosh
__device__ f64 hyp_acosh(f64 x) {
  if (is_nan(x) || x < 1.0) return nan64();
  if (x > T_BIG) {
    if (is_inf(x)) return x;
    return log(x) + T_LN_2;
  } else if (x > 2.0) {
    return log(2.0 * x - 1.0 / (x + sqrt(x * x - 1.0)));
  } else {
    const f64 t = x - 1.0;
    return log1p(t + sqrt(2.0 * t + t * t));
  }
}

/// hyp::atanh
__device__ f64 hyp_atanh(f64 x) {
  const f64 ax = fabs(x);
  if (is_nan(ax) || ax > 1.0) return nan64();
  f64 r;
  if (ax < 0.5) {
    const f64 t = ax + ax;
    r = 0.5 * log1p(t + t * ax / (1.0 - ax));
  } else {
    r = 0.5 * log1p((ax + ax) / (1.0 - ax));
  }
  return copysign(r, x);
}

// ---- complex functions: math.rs `c99` module, in complex128. `y - y` is deliberate: it turns
// an infinity into NaN as C99 Annex G specifies. ----

__device__ __forceinline__ c128 c(f64 re, f64 im) { return cmake(re, im); }

/// c99::sincos: (sin y, cos y), with glibc's shortcut for tiny |y| (a NaN fails the test and
/// gives (NaN, 1), as on the CPU).
__device__ __forceinline__ void sincos_g(f64 y, f64* s, f64* co) {
  if (fabs(y) > T_MIN) {
    *s = sin(y);
    *co = cos(y);
  } else {
    *s = y;
    *co = 1.0;
  }
}

/// c99::exp_half_scaled: (exp(ax) / 2 * p, exp(ax) / 2 * q) for ax > T_EXP.
__device__ c128 exp_half_scaled(f64 ax, f64 p, f64 q) {
  const f64 exp_t = exp(T_EXP);
  f64 r = ax - T_EXP;
  p *= exp_t / 2.0;
  q *= exp_t / 2.0;
  if (r > T_EXP) {
    r -= T_EXP;
    p *= exp_t;
    q *= exp_t;
  }
  if (r > T_EXP) return c(T_MAX * p, T_MAX * q);
  const f64 e = exp(r);
  return c(e * p, e * q);
}

/// c99::cosh (glibc ccosh)
__device__ c128 ccosh_(c128 z) {
  const f64 x = z.re, y = z.im;
  if (is_finite(x)) {
    if (is_finite(y)) {
      f64 s, co;
      sincos_g(y, &s, &co);
      if (fabs(x) > T_EXP) {
        if (sign_neg(x)) s = -s;
        return exp_half_scaled(fabs(x), co, s);
      }
      return c(cosh(x) * co, sinh(x) * s);
    }
    return c(y - y, x == 0.0 ? 0.0 : nan64());
  }
  if (is_inf(x)) {
    if (is_finite(y) && y != 0.0) {
      f64 s, co;
      sincos_g(y, &s, &co);
      return c(copysign(inf64(), co), copysign(inf64(), s) * copysign(1.0, x));
    }
    if (y == 0.0) return c(inf64(), y * copysign(1.0, x));
    return c(inf64(), y - y);
  }
  return c(nan64(), y == 0.0 ? y : nan64());
}

/// c99::sinh (glibc csinh)
__device__ c128 csinh_(c128 z) {
  const bool negate = sign_neg(z.re);
  const f64 x = fabs(z.re), y = z.im;
  if (is_finite(x)) {
    if (is_finite(y)) {
      f64 s, co;
      sincos_g(y, &s, &co);
      if (negate) co = -co;
      if (x > T_EXP) return exp_half_scaled(x, co, s);
      return c(sinh(x) * co, cosh(x) * s);
    }
    if (x == 0.0) return c(negate ? -0.0 : 0.0, y - y);
    return c(nan64(), nan64());
  }
  if (is_inf(x)) {
    if (is_finite(y) && y != 0.0) {
      f64 s, co;
      sincos_g(y, &s, &co);
      const f64 re = copysign(inf64(), co);
      return c(negate ? -re : re, copysign(inf64(), s));
    }
    if (y == 0.0) return c(negate ? -inf64() : inf64(), y);
    return c(inf64(), y - y);
  }
  return c(nan64(), y == 0.0 ? y : nan64());
}

/// c99::sin (glibc csin)
__device__ c128 csin_(c128 z) {
  const bool negate = sign_neg(z.re);
  const f64 x = fabs(z.re), y = z.im;
  if (is_finite(y)) {
    if (is_finite(x)) {
      f64 s, co;
      sincos_g(x, &s, &co);
      if (negate) s = -s;
      if (fabs(y) > T_EXP) {
        if (sign_neg(y)) co = -co;
        return exp_half_scaled(fabs(y), s, co);
      }
      return c(cosh(y) * s, sinh(y) * co);
    }
    if (y == 0.0) return c(x - x, y);
    return c(nan64(), nan64());
  }
  if (is_inf(y)) {
    if (x == 0.0) return c(negate ? -0.0 : 0.0, y);
    if (is_finite(x)) {
      f64 s, co;
      sincos_g(x, &s, &co);
      const f64 re = copysign(inf64(), s);
      const f64 im = copysign(inf64(), co);
      return c(negate ? -re : re, sign_neg(y) ? -im : im);
    }
    return c(x - x, inf64());
  }
  const f64 re = x == 0.0 ? (negate ? -0.0 : 0.0) : nan64();
  return c(re, nan64());
}

/// c99::cos: ccosh(i z)
__device__ c128 ccos_(c128 z) { return ccosh_(c(-z.im, z.re)); }

/// c99::tanh (glibc ctanh)
__device__ c128 ctanh_(c128 z) {
  const f64 x = z.re, y = z.im;
  if (!is_finite(x) || !is_finite(y)) {
    if (is_inf(x)) {
      f64 im;
      if (is_finite(y) && fabs(y) > 1.0) {
        const f64 s = sin(y), co = cos(y);  // plain sin_cos here (no tiny shortcut)
        im = copysign(0.0, s * co);
      } else {
        im = copysign(0.0, y);
      }
      return c(copysign(1.0, x), im);
    }
    if (y == 0.0) return z;
    return c(x == 0.0 ? x : nan64(), nan64());
  }
  f64 s, co;
  sincos_g(y, &s, &co);
  if (fabs(x) > T_TAN) {
    const f64 exp_2t = exp(2.0 * T_TAN);
    const f64 rx = fabs(x) - T_TAN;
    f64 im = 4.0 * s * co / exp_2t;
    if (rx > T_TAN) {
      im /= exp_2t;
    } else {
      im /= exp(2.0 * rx);
    }
    return c(copysign(1.0, x), im);
  }
  f64 sh, ch;
  if (fabs(x) > T_MIN) {
    sh = sinh(x);
    ch = cosh(x);
  } else {
    sh = x;
    ch = 1.0;
  }
  const f64 den = fabs(sh) > fabs(co) * T_EPS ? sh * sh + co * co : co * co;
  return c(sh * ch / den, s * co / den);
}

/// c99::tan (glibc ctan)
__device__ c128 ctan_(c128 z) {
  const f64 x = z.re, y = z.im;
  if (!is_finite(x) || !is_finite(y)) {
    if (is_inf(y)) {
      f64 re;
      if (is_finite(x) && fabs(x) > 1.0) {
        const f64 s = sin(x), co = cos(x);  // plain sin_cos here (no tiny shortcut)
        re = copysign(0.0, s * co);
      } else {
        re = copysign(0.0, x);
      }
      return c(re, copysign(1.0, y));
    }
    if (x == 0.0) return z;
    return c(nan64(), y == 0.0 ? y : nan64());
  }
  f64 s, co;
  sincos_g(x, &s, &co);
  if (fabs(y) > T_TAN) {
    const f64 exp_2t = exp(2.0 * T_TAN);
    const f64 ry = fabs(y) - T_TAN;
    f64 re = 4.0 * s * co / exp_2t;
    if (ry > T_TAN) {
      re /= exp_2t;
    } else {
      re /= exp(2.0 * ry);
    }
    return c(re, copysign(1.0, y));
  }
  f64 sh, ch;
  if (fabs(y) > T_MIN) {
    sh = sinh(y);
    ch = cosh(y);
  } else {
    sh = y;
    ch = 1.0;
  }
  const f64 den = fabs(sh) > fabs(co) * T_EPS ? co * co + sh * sh : co * co;
  return c(s * co / den, sh * ch / den);
}

/// c99::f: (hypot(a, b) - b) / 2 without cancellation.
__device__ __forceinline__ f64 f_(f64 a, f64 b, f64 hypot_a_b) {
  if (b < 0.0) return (hypot_a_b - b) / 2.0;
  if (b == 0.0) return a / 2.0;
  return a * a / (hypot_a_b + b) / 2.0;
}

/// Result of c99::hard_work: (Re casinh, B usable, B, sqrt(A^2 - y^2), possibly rescaled y).
struct HardWork {
  f64 rx;
  bool usable;
  f64 b;
  f64 sqrt_a2my2;
  f64 new_y;
};

__device__ __forceinline__ HardWork hw(f64 rx, bool usable, f64 b, f64 sq, f64 ny) {
  HardWork h;
  h.rx = rx;
  h.usable = usable;
  h.b = b;
  h.sqrt_a2my2 = sq;
  h.new_y = ny;
  return h;
}

/// c99::hard_work: Hull et al.'s core of casinh/cacos for 0 <= x, y < 1/EPS.
__device__ HardWork hard_work(f64 x, f64 y) {
  const f64 A_CROSSOVER = 10.0;
  const f64 B_CROSSOVER = 0.6417;
  const f64 FOUR_SQRT_MIN = 5.966672584960166e-154;
  const f64 r = hypot(x, y + 1.0);
  const f64 s = hypot(x, y - 1.0);
  const f64 a = fmax((r + s) / 2.0, 1.0);  // Rust f64::max: NaN-ignoring, like fmax
  f64 rx;
  if (a < A_CROSSOVER) {
    if (y == 1.0 && x < T_EPS * T_EPS / 128.0) {
      rx = sqrt(x);
    } else if (x >= T_EPS * fabs(y - 1.0)) {
      const f64 am1 = f_(x, 1.0 + y, r) + f_(x, 1.0 - y, s);
      rx = log1p(am1 + sqrt(am1 * (a + 1.0)));
    } else if (y < 1.0) {
      rx = x / sqrt((1.0 - y) * (1.0 + y));
    } else {
      rx = log1p((y - 1.0) + sqrt((y - 1.0) * (y + 1.0)));
    }
  } else {
    rx = log(a + sqrt(a * a - 1.0));
  }
  if (y < FOUR_SQRT_MIN) return hw(rx, false, 0.0, a * (2.0 / T_EPS), y * (2.0 / T_EPS));
  const f64 b = y / a;
  if (b <= B_CROSSOVER) return hw(rx, true, b, 0.0, y);
  if (y == 1.0 && x < T_EPS / 128.0) {
    return hw(rx, false, b, sqrt(x) * sqrt((a + y) / 2.0), y);
  } else if (x >= T_EPS * fabs(y - 1.0)) {
    const f64 amy = f_(x, y + 1.0, r) + f_(x, y - 1.0, s);
    return hw(rx, false, b, sqrt(amy * (a + y)), y);
  } else if (y > 1.0) {
    const f64 k = 4.0 / T_EPS / T_EPS;
    const f64 v = x * k * y / sqrt((y + 1.0) * (y - 1.0));
    return hw(rx, false, b, v, y * k);
  } else {
    return hw(rx, false, b, sqrt((1.0 - y) * (1.0 + y)), y);
  }
}

/// c99::clog_large: clog for |z| larger than ~1/EPS (finite); returns (re, im).
__device__ void clog_large(f64 x, f64 y, f64* wx, f64* wy) {
  const f64 QUARTER_SQRT_MAX = 3.351951982485649e153;
  const f64 SQRT_MIN = 1.4916681462400413e-154;
  f64 ax = fabs(x), ay = fabs(y);
  if (ax < ay) {
    const f64 t = ax;
    ax = ay;
    ay = t;
  }
  f64 rr;
  if (ax > T_MAX / 2.0) {
    rr = log(hypot(x / T_E, y / T_E)) + 1.0;
  } else if (ax > QUARTER_SQRT_MAX || ay < SQRT_MIN) {
    rr = log(hypot(x, y));
  } else {
    rr = log(ax * ax + ay * ay) / 2.0;
  }
  *wx = rr;
  *wy = atan2(y, x);
}

/// c99::acos (msun cacos; NaN cases as on the CPU)
__device__ c128 cacos_(c128 z) {
  const f64 SQRT_6_EPSILON = 3.650024149988857e-8;
  const f64 x = z.re, y = z.im;
  const bool sx = sign_neg(x), sy = sign_neg(y);
  const f64 ax = fabs(x), ay = fabs(y);
  if (is_nan(x) || is_nan(y)) {
    if (is_inf(x)) return c(y + y, -inf64());
    if (is_inf(y)) return c(x + x, -y);
    if (x == 0.0) return c(T_FRAC_PI_2 + T_PIO2_LO, y + y);
    return c(nan64(), nan64());
  }
  if (ax > T_RECIP_EPSILON || ay > T_RECIP_EPSILON) {
    f64 wx, wy;
    clog_large(x, y, &wx, &wy);
    const f64 rx = fabs(wy);
    const f64 ry = wx + T_LN_2;
    return c(rx, sy ? ry : -ry);
  }
  if (x == 1.0 && y == 0.0) return c(0.0, -y);
  if (ax < SQRT_6_EPSILON / 4.0 && ay < SQRT_6_EPSILON / 4.0)
    return c(T_FRAC_PI_2 - (x - T_PIO2_LO), -y);
  const HardWork h = hard_work(ay, ax);  // (ry, usable, b, sqrt_a2mx2, new_x)
  f64 rx;
  if (h.usable) {
    rx = sx ? acos(-h.b) : acos(h.b);
  } else if (sx) {
    rx = atan2(h.sqrt_a2my2, -h.new_y);
  } else {
    rx = atan2(h.sqrt_a2my2, h.new_y);
  }
  const f64 ry = h.rx;
  return c(rx, sy ? ry : -ry);
}

/// c99::asinh (msun casinh; glibc's NaN choices)
__device__ c128 casinh_(c128 z) {
  const f64 SQRT_6_EPSILON = 3.650024149988857e-8;
  const f64 x = z.re, y = z.im;
  const f64 ax = fabs(x), ay = fabs(y);
  if (is_nan(x) || is_nan(y)) {
    if (is_inf(x)) return c(x, y + y);
    // glibc: the infinity takes the (nan) real part's sign, not the imaginary's.
    if (is_inf(y)) return c(copysign(inf64(), x), x + x);
    if (y == 0.0) return c(x + x, y);
    return c(nan64(), nan64());
  }
  if (ax > T_RECIP_EPSILON || ay > T_RECIP_EPSILON) {
    f64 wx, wy;
    if (sign_neg(x)) {
      clog_large(-x, -y, &wx, &wy);
    } else {
      clog_large(x, y, &wx, &wy);
    }
    return c(copysign(wx + T_LN_2, x), copysign(wy, y));
  }
  if (x == 0.0 && y == 0.0) return z;
  if (ax < SQRT_6_EPSILON / 4.0 && ay < SQRT_6_EPSILON / 4.0) return z;
  const HardWork h = hard_work(ax, ay);
  const f64 ry = h.usable ? asin(h.b) : atan2(h.new_y, h.sqrt_a2my2);
  return c(copysign(h.rx, x), copysign(ry, y));
}

/// c99::asin: glibc casin's own NaN cases, else -i casinh(i z) via swapped parts.
__device__ c128 casin_(c128 z) {
  if (is_nan(z.re) || is_nan(z.im)) {
    if (z.re == 0.0) return z;
    if (is_inf(z.re) || is_inf(z.im)) return c(nan64(), copysign(inf64(), z.im));
    return c(nan64(), nan64());
  }
  const c128 w = casinh_(c(z.im, z.re));
  return c(w.im, w.re);
}

/// c99::acosh: from cacos, with glibc's nan + i pi/2 for (0, nan).
__device__ c128 cacosh_(c128 z) {
  if (z.re == 0.0 && is_nan(z.im)) return c(nan64(), T_FRAC_PI_2);
  const c128 w = cacos_(z);
  const f64 rx = w.re, ry = w.im;
  if (is_nan(rx) && is_nan(ry)) return c(ry, rx);
  if (is_nan(rx)) return c(fabs(ry), rx);
  if (is_nan(ry)) return c(ry, ry);
  return c(fabs(ry), copysign(rx, z.im));
}

/// c99::real_part_reciprocal: Re(1 / (x + iy)) without spurious under/overflow, |z| > 1/EPS.
__device__ f64 real_part_reciprocal(f64 x, f64 y) {
  const i32 CUTOFF = 27;  // DBL_MANT_DIG / 2 + 1
  const i32 ix = (i32)((u32)((u64)__double_as_longlong(x) >> 32) & 0x7ff00000u);
  const i32 iy = (i32)((u32)((u64)__double_as_longlong(y) >> 32) & 0x7ff00000u);
  if (ix - iy >= (CUTOFF << 20) || is_inf(x)) return 1.0 / x;
  if (iy - ix >= (CUTOFF << 20)) return x / y / y;
  if (ix <= ((1023 + 1024 / 2 - CUTOFF) << 20)) return x / (x * x + y * y);
  const f64 scale = __longlong_as_double((i64)(((u64)(u32)(0x7ff00000 - ix)) << 32));
  const f64 xs = x * scale, ys = y * scale;
  return xs / (xs * xs + ys * ys) * scale;
}

/// c99::atanh (msun catanh)
__device__ c128 catanh_(c128 z) {
  const f64 SQRT_3_EPSILON = 2.580956827951785e-8;
  const f64 SQRT_MIN = 1.4916681462400413e-154;
  const f64 x = z.re, y = z.im;
  const f64 ax = fabs(x), ay = fabs(y);
  if (y == 0.0 && ax <= 1.0) return c(hyp_atanh(x), y);
  if (x == 0.0) return c(x, atan(y));
  if (is_nan(x) || is_nan(y)) {
    if (is_inf(x)) return c(copysign(0.0, x), y + y);
    if (is_inf(y)) return c(copysign(0.0, x), copysign(T_FRAC_PI_2 + T_PIO2_LO, y));
    return c(nan64(), nan64());
  }
  if (ax > T_RECIP_EPSILON || ay > T_RECIP_EPSILON)
    return c(real_part_reciprocal(x, y), copysign(T_FRAC_PI_2 + T_PIO2_LO, y));
  if (ax < SQRT_3_EPSILON / 2.0 && ay < SQRT_3_EPSILON / 2.0) return z;
  f64 rx;
  if (ax == 1.0 && ay < T_EPS) {
    rx = (T_LN_2 - log(ay)) / 2.0;
  } else {
    const f64 am1 = ax - 1.0;
    const f64 ss = ay < SQRT_MIN ? am1 * am1 : am1 * am1 + ay * ay;
    rx = log1p(4.0 * ax / ss) / 4.0;
  }
  f64 ry;
  if (ax == 1.0) {
    ry = atan2(2.0, -ay) / 2.0;
  } else if (ay < T_EPS) {
    ry = atan2(2.0 * ay, (1.0 - ax) * (1.0 + ax)) / 2.0;
  } else {
    ry = atan2(2.0 * ay, (1.0 - ax) * (1.0 + ax) - ay * ay) / 2.0;
  }
  return c(copysign(rx, x), copysign(ry, y));
}

/// c99::atan: -i catanh(i z) via swapped parts.
__device__ c128 catan_(c128 z) {
  const c128 w = catanh_(c(z.im, z.re));
  return c(w.im, w.re);
}

/// math.rs `cfn`: complex64 is widened to complex128, computed, and each part rounded back.
__device__ __forceinline__ c64 narrow(c128 z) { return cmake((f32)z.re, (f32)z.im); }
__device__ __forceinline__ c128 widen(c64 z) { return cmake((f64)z.re, (f64)z.im); }

}  // namespace trig

// ---- loop stamps ----

/// sin..tanh real loops (math.rs `fc_kernel!(op, |x| x.op(), ...)`): float16/bfloat16 through
/// the float32 libm function and one rounding (half's Float impl), float32 -> FF, float64 -> FD.
/// Complex loops through complex128 (`cfn`).
#define TRIG_LIBM_OP(OP, FF, FD, CF)                                                         \
  template <class A>                                                                       \
  struct OP;                                                                               \
  template <>                                                                              \
  struct OP<f16> {                                                                         \
    static __device__ __forceinline__ f16 call(f16 a, int*) {                              \
      return from_f32<f16>(FF(to_f32(a)));                                                 \
    }                                                                                      \
  };                                                                                       \
  template <>                                                                              \
  struct OP<bf16> {                                                                        \
    static __device__ __forceinline__ bf16 call(bf16 a, int*) {                            \
      return from_f32<bf16>(FF(to_f32(a)));                                                \
    }                                                                                      \
  };                                                                                       \
  template <>                                                                              \
  struct OP<f32> {                                                                         \
    static __device__ __forceinline__ f32 call(f32 a, int*) { return FF(a); }              \
  };                                                                                       \
  template <>                                                                              \
  struct OP<f64> {                                                                         \
    static __device__ __forceinline__ f64 call(f64 a, int*) { return FD(a); }              \
  };                                                                                       \
  template <>                                                                              \
  struct OP<c64> {                                                                         \
    static __device__ __forceinline__ c64 call(c64 a, int*) {                              \
      return trig::narrow(CF(trig::widen(a)));                                             \
    }                                                                                      \
  };                                                                                       \
  template <>                                                                              \
  struct OP<c128> {                                                                        \
    static __device__ __forceinline__ c128 call(c128 a, int*) { return CF(a); }            \
  };

/// arcsinh/arccosh/arctanh real loops (math.rs `via64(hyp::...)`): every real type widened to
/// float64, the CPU's fdlibm-style algorithm, one rounding to the loop type (as the `half`
/// crate's from_f64 does for float16/bfloat16). Complex loops through complex128.
#define TRIG_VIA64_OP(OP, FH, CF)                                                            \
  template <class A>                                                                       \
  struct OP;                                                                               \
  template <>                                                                              \
  struct OP<f16> {                                                                         \
    static __device__ __forceinline__ f16 call(f16 a, int*) {                              \
      return trig::f16_from_f64(FH((f64)to_f32(a)));                                       \
    }                                                                                      \
  };                                                                                       \
  template <>                                                                              \
  struct OP<bf16> {                                                                        \
    static __device__ __forceinline__ bf16 call(bf16 a, int*) {                            \
      return trig::bf16_from_f64(FH((f64)to_f32(a)));                                      \
    }                                                                                      \
  };                                                                                       \
  template <>                                                                              \
  struct OP<f32> {                                                                         \
    static __device__ __forceinline__ f32 call(f32 a, int*) { return (f32)FH((f64)a); }    \
  };                                                                                       \
  template <>                                                                              \
  struct OP<f64> {                                                                         \
    static __device__ __forceinline__ f64 call(f64 a, int*) { return FH(a); }              \
  };                                                                                       \
  template <>                                                                              \
  struct OP<c64> {                                                                         \
    static __device__ __forceinline__ c64 call(c64 a, int*) {                              \
      return trig::narrow(CF(trig::widen(a)));                                             \
    }                                                                                      \
  };                                                                                       \
  template <>                                                                              \
  struct OP<c128> {                                                                        \
    static __device__ __forceinline__ c128 call(c128 a, int*) { return CF(a); }            \
  };

// sin: libm sinf/sin; complex: glibc csin (c99::sin).
TRIG_LIBM_OP(op_sin, sinf, sin, trig::csin_)
// cos: libm cosf/cos; complex: glibc ccos = ccosh(i z) (c99::cos).
TRIG_LIBM_OP(op_cos, cosf, cos, trig::ccos_)
// tan: libm tanf/tan; complex: glibc ctan (c99::tan).
TRIG_LIBM_OP(op_tan, tanf, tan, trig::ctan_)
// arcsin: libm asinf/asin; complex: glibc casin's NaN cases + msun casinh (c99::asin).
TRIG_LIBM_OP(op_arcsin, asinf, asin, trig::casin_)
// arccos: libm acosf/acos; complex: msun cacos (c99::acos).
TRIG_LIBM_OP(op_arccos, acosf, acos, trig::cacos_)
// arctan: libm atanf/atan; complex: msun catanh on swapped parts (c99::atan).
TRIG_LIBM_OP(op_arctan, atanf, atan, trig::catan_)
// sinh: libm sinhf/sinh; complex: glibc csinh (c99::sinh).
TRIG_LIBM_OP(op_sinh, sinhf, sinh, trig::csinh_)
// cosh: libm coshf/cosh; complex: glibc ccosh (c99::cosh).
TRIG_LIBM_OP(op_cosh, coshf, cosh, trig::ccosh_)
// tanh: libm tanhf/tanh; complex: glibc ctanh (c99::tanh).
TRIG_LIBM_OP(op_tanh, tanhf, tanh, trig::ctanh_)
// arcsinh: hyp::asinh in f64 for every real type; complex: msun casinh (c99::asinh).
TRIG_VIA64_OP(op_arcsinh, trig::hyp_asinh, trig::casinh_)
// arccosh: hyp::acosh in f64 for every real type; complex: cacos-based (c99::acosh).
TRIG_VIA64_OP(op_arccosh, trig::hyp_acosh, trig::cacosh_)
// arctanh: hyp::atanh in f64 for every real type; complex: msun catanh (c99::atanh).
TRIG_VIA64_OP(op_arctanh, trig::hyp_atanh, trig::catanh_)

#undef TRIG_LIBM_OP
#undef TRIG_VIA64_OP
#undef T_EPS
#undef T_MAX
#undef T_MIN
#undef T_RECIP_EPSILON
#undef T_LN_2
#undef T_E
#undef T_FRAC_PI_2
#undef T_PIO2_LO
#undef T_EXP
#undef T_TAN
#undef T_BIG

// ---- floating-point flags (common.cuh's fp_hook) ----
// arctanh has its poles at +-1 and complex arctan at +-i: an infinite result there is a
// division by zero (neither can overflow).
__device__ __forceinline__ int pole_flags(int f) {
  return (f & FP_OVERFLOW) ? ((f & ~FP_OVERFLOW) | FP_DIVIDE) : f;
}
template <class A>
struct fp_hook<op_arctanh<A>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a) { return pole_flags(fp_generic(r, a)); }
};
template <class A>
struct fp_hook<op_arctan<A>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a) { return pole_flags(fp_generic(r, a)); }
};
