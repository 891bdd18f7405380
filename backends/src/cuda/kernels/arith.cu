// Arithmetic ufuncs on the device: add, subtract, multiply, divide, true_divide, floor_divide,
// remainder, fmod, power and float_power. Each `op_<name>` specialisation is a line-by-line port
// of the CPU kernel in backends/src/ops/kernels/arith.rs (itself NumPy's C semantics):
//   - integers wrap (computed in an unsigned type of at least the operand's width, so no
//     signed-overflow UB); division/remainder by zero give 0, MIN // -1 wraps to MIN;
//   - float16/bfloat16 compute through float32 and round once at the end;
//   - float floor_divide/remainder follow `npy_divmod`;
//   - complex multiply is NumPy's FMA SIMD product, complex divide is Smith's method, and
//     complex power is `npy_cpow` (small integral exponents by repeated multiplication, else
//     glibc's cexp(b * clog(a)) with C99 Annex G special values).
// Float helpers are overloaded on f32/f64 and always call the f-suffixed CUDA function for f32,
// as the CPU calls the f32 libm function.
//
// Included after common.cuh; the Rust side appends one BINARY_KERNELS line per loop.

namespace arith_detail {

// ---- float building blocks, overloaded so one template ports each generic Rust function ----
__device__ __forceinline__ f32 m_fmod(f32 a, f32 b) { return fmodf(a, b); }
__device__ __forceinline__ f64 m_fmod(f64 a, f64 b) { return fmod(a, b); }
__device__ __forceinline__ f32 m_floor(f32 a) { return floorf(a); }
__device__ __forceinline__ f64 m_floor(f64 a) { return floor(a); }
__device__ __forceinline__ f32 m_copysign(f32 a, f32 b) { return copysignf(a, b); }
__device__ __forceinline__ f64 m_copysign(f64 a, f64 b) { return copysign(a, b); }
__device__ __forceinline__ f32 m_abs(f32 a) { return fabsf(a); }
__device__ __forceinline__ f64 m_abs(f64 a) { return fabs(a); }
__device__ __forceinline__ f32 m_fma(f32 a, f32 b, f32 c) { return fmaf(a, b, c); }
__device__ __forceinline__ f64 m_fma(f64 a, f64 b, f64 c) { return fma(a, b, c); }
__device__ __forceinline__ f32 m_pow(f32 a, f32 b) { return powf(a, b); }
__device__ __forceinline__ f64 m_pow(f64 a, f64 b) { return pow(a, b); }
__device__ __forceinline__ f32 m_exp(f32 a) { return expf(a); }
__device__ __forceinline__ f64 m_exp(f64 a) { return exp(a); }
__device__ __forceinline__ f32 m_log(f32 a) { return logf(a); }
__device__ __forceinline__ f64 m_log(f64 a) { return log(a); }
__device__ __forceinline__ f32 m_log1p(f32 a) { return log1pf(a); }
__device__ __forceinline__ f64 m_log1p(f64 a) { return log1p(a); }
__device__ __forceinline__ f32 m_hypot(f32 a, f32 b) { return hypotf(a, b); }
__device__ __forceinline__ f64 m_hypot(f64 a, f64 b) { return hypot(a, b); }
__device__ __forceinline__ f32 m_atan2(f32 y, f32 x) { return atan2f(y, x); }
__device__ __forceinline__ f64 m_atan2(f64 y, f64 x) { return atan2(y, x); }
__device__ __forceinline__ f32 m_sin(f32 a) { return sinf(a); }
__device__ __forceinline__ f64 m_sin(f64 a) { return sin(a); }
__device__ __forceinline__ f32 m_cos(f32 a) { return cosf(a); }
__device__ __forceinline__ f64 m_cos(f64 a) { return cos(a); }
__device__ __forceinline__ bool m_isnan(f32 a) { return a != a; }
__device__ __forceinline__ bool m_isnan(f64 a) { return a != a; }
__device__ __forceinline__ bool m_signbit(f32 a) { return __float_as_int(a) < 0; }
__device__ __forceinline__ bool m_signbit(f64 a) { return __double_as_longlong(a) < 0; }

/// Rust's `F` constants (`F::nan()` is the positive quiet nan, `min_positive_value` the
/// smallest normal), plus the derived constants of `cexp` and `clog`.
template <class F>
struct fl;
template <>
struct fl<f32> {
  typedef c64 C;
  static __device__ __forceinline__ f32 nan() { return __int_as_float(0x7fc00000); }
  static __device__ __forceinline__ f32 inf() { return __int_as_float(0x7f800000); }
  static __device__ __forceinline__ f32 max() { return 0x1.fffffep127f; }
  static __device__ __forceinline__ f32 min_pos() { return 0x1p-126f; }
  static __device__ __forceinline__ f32 eps() { return 0x1p-23f; }
  static __device__ __forceinline__ f32 ln2() { return 0.693147180559945309417232121458176568f; }
  static __device__ __forceinline__ f32 pi() { return 3.14159265358979323846264338327950288f; }
  /// `floor((MAX_EXP - 1) * ln 2)` of cexp.
  static __device__ __forceinline__ f32 cexp_t() { return 88.0f; }
  /// Mantissa digits (clog's subnormal scaling) and 2 to that power.
  static __device__ __forceinline__ int mant() { return 24; }
  static __device__ __forceinline__ f32 two_mant() { return 16777216.0f; }
};
template <>
struct fl<f64> {
  typedef c128 C;
  static __device__ __forceinline__ f64 nan() { return __longlong_as_double(0x7ff8000000000000LL); }
  static __device__ __forceinline__ f64 inf() { return __longlong_as_double(0x7ff0000000000000LL); }
  static __device__ __forceinline__ f64 max() { return 0x1.fffffffffffffp1023; }
  static __device__ __forceinline__ f64 min_pos() { return 0x1p-1022; }
  static __device__ __forceinline__ f64 eps() { return 0x1p-52; }
  static __device__ __forceinline__ f64 ln2() { return 0.693147180559945309417232121458176568; }
  static __device__ __forceinline__ f64 pi() { return 3.14159265358979323846264338327950288; }
  static __device__ __forceinline__ f64 cexp_t() { return 709.0; }
  static __device__ __forceinline__ int mant() { return 53; }
  static __device__ __forceinline__ f64 two_mant() { return 9007199254740992.0; }
};

template <class F>
__device__ __forceinline__ bool m_isinf(F a) { return m_abs(a) == fl<F>::inf(); }
template <class F>
__device__ __forceinline__ bool m_isfinite(F a) { return m_abs(a) <= fl<F>::max(); }

// ---- integers ----

/// Wrapping +, -, *: computed in the unsigned type W (u32 for widths up to 32 bits, u64 for 64),
/// whose low bits are the two's complement result; converting back truncates.
template <class T, class W>
__device__ __forceinline__ T wadd(T a, T b) { return (T)((W)a + (W)b); }
template <class T, class W>
__device__ __forceinline__ T wsub(T a, T b) { return (T)((W)a - (W)b); }
template <class T, class W>
__device__ __forceinline__ T wmul(T a, T b) { return (T)((W)a * (W)b); }

/// `ipow`: a ** b by squaring with wraparound; b <= 0 gives 1 (negative exponents are caught
/// by the caller).
template <class T, class W>
__device__ __forceinline__ T ipow(T a, T b) {
  if (!(b > (T)0)) return (T)1;
  T base = a;
  T e = b;
  T out = ((e & (T)1) == (T)1) ? base : (T)1;
  e = (T)(e >> 1);
  while (e > (T)0) {
    base = wmul<T, W>(base, base);
    if ((e & (T)1) == (T)1) out = wmul<T, W>(out, base);
    e = (T)(e >> 1);
  }
  return out;
}

/// `ifloordiv` (signed): by zero gives 0; MIN // -1 (checked_div's only failure) gives a (== MIN).
template <class T>
__device__ __forceinline__ T sfloordiv(T a, T b, T tmin) {
  if (b == (T)0) return (T)0;
  if (b == (T)-1 && a == tmin) return a;
  const T q = (T)(a / b);
  if (((a < (T)0) != (b < (T)0)) && (T)(q * b) != a) return (T)(q - (T)1);
  return q;
}
/// `iremainder` (signed): remainder with the divisor's sign; by zero and by -1 (which covers
/// MIN % -1, checked_rem's other failure) give 0.
template <class T>
__device__ __forceinline__ T sremainder(T a, T b) {
  if (b == (T)0 || b == (T)-1) return (T)0;
  const T r = (T)(a % b);
  if (r != (T)0 && ((r < (T)0) != (b < (T)0))) return (T)(r + b);
  return r;
}
/// `ifmod` (signed): C `%`; by zero and by -1 give 0.
template <class T>
__device__ __forceinline__ T sfmod(T a, T b) {
  if (b == (T)0 || b == (T)-1) return (T)0;
  return (T)(a % b);
}
/// Unsigned floor division, remainder and fmod coincide with C `/` and `%`; by zero gives 0.
template <class T>
__device__ __forceinline__ T udiv(T a, T b) { return b == (T)0 ? (T)0 : (T)(a / b); }
template <class T>
__device__ __forceinline__ T urem(T a, T b) { return b == (T)0 ? (T)0 : (T)(a % b); }

// ---- real floats ----

/// `divmod_f` (npy_divmod): (floordiv, mod), mod with the sign of b, quotient snapped to an
/// integer.
template <class F>
__device__ __forceinline__ void divmod_f(F a, F b, F& floordiv, F& mod) {
  const F zero = (F)0;
  const F one = (F)1;
  F m = m_fmod(a, b);
  if (b == zero) {
    floordiv = a / b;
    mod = m;
    return;
  }
  F div = (a - m) / b;
  if (m != zero) {
    if ((b < zero) != (m < zero)) {
      m = m + b;
      div = div - one;
    }
  } else {
    m = m_copysign(zero, b);
  }
  if (div != zero) {
    F f = m_floor(div);
    if (div - f > (F)0.5) f = f + one;
    floordiv = f;
  } else {
    floordiv = m_copysign(zero, a / b);
  }
  mod = m;
}

/// `floor_divide_f` (npy_floor_divide): by zero gives the plain quotient.
template <class F>
__device__ __forceinline__ F floor_divide_f(F a, F b) {
  if (b == (F)0) return a / b;
  F d, m;
  divmod_f(a, b, d, m);
  return d;
}

/// `remainder_f` (npy_remainder): by zero gives fmod's nan.
template <class F>
__device__ __forceinline__ F remainder_f(F a, F b) {
  if (b == (F)0) return m_fmod(a, b);
  F d, m;
  divmod_f(a, b, d, m);
  return m;
}

// ---- complex ----

/// `cdiv`: NumPy's Smith-style complex division; a zero divisor divides part by part.
template <class F>
__device__ __forceinline__ typename fl<F>::C cdiv(typename fl<F>::C a, typename fl<F>::C b) {
  const F ar = a.re, ai = a.im, br = b.re, bi = b.im;
  const F abr = m_abs(br), abi = m_abs(bi);
  if (abr >= abi) {
    if (abr == (F)0 && abi == (F)0) {
      return cmake(ar / abr, ai / abi);
    }
    const F rat = bi / br;
    const F scl = (F)1 / (br + bi * rat);
    return cmake((ar + ai * rat) * scl, (ai - ar * rat) * scl);
  }
  const F rat = br / bi;
  const F scl = (F)1 / (bi + br * rat);
  return cmake((ar * rat + ai) * scl, (ai * rat - ar) * scl);
}

/// `cmul_fma`: NumPy's FMA SIMD complex product, re = fma(ar, br, -(ai bi)),
/// im = fma(ar, bi, ai br).
template <class F>
__device__ __forceinline__ typename fl<F>::C cmul_fma(typename fl<F>::C a, typename fl<F>::C b) {
  return cmake(m_fma(a.re, b.re, -(a.im * b.im)), m_fma(a.re, b.im, a.im * b.re));
}

/// `cmul_c99`: GCC's __muldc3 (textbook product, with infinities recovered from a nan result).
template <class F>
__device__ __forceinline__ F unit_(F v) {
  return m_copysign(m_isinf(v) ? (F)1 : (F)0, v);
}
template <class F>
__device__ __forceinline__ F denan_(F v) {
  return m_isnan(v) ? m_copysign((F)0, v) : v;
}
template <class F>
__device__ typename fl<F>::C cmul_c99(typename fl<F>::C x, typename fl<F>::C y) {
  F a = x.re, b = x.im, c = y.re, d = y.im;
  const F ac = a * c, bd = b * d, ad = a * d, bc = b * c;
  const F re = ac - bd, im = ad + bc;
  if (!(m_isnan(re) && m_isnan(im))) return cmake(re, im);
  bool recalc = false;
  if (m_isinf(a) || m_isinf(b)) {
    a = unit_(a); b = unit_(b); c = denan_(c); d = denan_(d);
    recalc = true;
  }
  if (m_isinf(c) || m_isinf(d)) {
    a = denan_(a); b = denan_(b); c = unit_(c); d = unit_(d);
    recalc = true;
  }
  if (!recalc && (m_isinf(ac) || m_isinf(bd) || m_isinf(ad) || m_isinf(bc))) {
    a = denan_(a); b = denan_(b); c = denan_(c); d = denan_(d);
    recalc = true;
  }
  if (recalc) {
    const F inf = fl<F>::inf();
    return cmake(inf * (a * c - b * d), inf * (a * d + b * c));
  }
  return cmake(re, im);
}

/// cexp's `sincos`: (sin v, cos v), or (v, 1) when |v| is at most the smallest normal.
template <class F>
__device__ __forceinline__ void sincos_(F v, F& s, F& c) {
  if (m_abs(v) > fl<F>::min_pos()) {
    s = m_sin(v);
    c = m_cos(v);
  } else {
    s = v;
    c = (F)1;
  }
}

/// `cexp`: glibc's cexp with Annex G special values and its exp(re) overflow scaling.
template <class F>
__device__ typename fl<F>::C cexp_(typename fl<F>::C z) {
  const F re = z.re, im = z.im;
  const F zero = (F)0;
  if (m_isfinite(re)) {
    if (!m_isfinite(im)) return cmake(fl<F>::nan(), fl<F>::nan());
    const F t = fl<F>::cexp_t();
    F s, c;
    sincos_(im, s, c);
    F x = re;
    if (x > t) {
      const F et = m_exp(t);
      x = x - t;
      s = s * et;
      c = c * et;
      if (x > t) {
        x = x - t;
        s = s * et;
        c = c * et;
      }
    }
    if (x > t) return cmake(fl<F>::max() * c, fl<F>::max() * s);
    const F e = m_exp(x);
    return cmake(e * c, e * s);
  } else if (m_isinf(re)) {
    if (m_isfinite(im)) {
      const F value = m_signbit(re) ? zero : fl<F>::inf();
      if (im == zero) return cmake(value, im);
      F s, c;
      sincos_(im, s, c);
      return cmake(m_copysign(value, c), m_copysign(value, s));
    } else if (!m_signbit(re)) {
      return cmake(fl<F>::inf(), fl<F>::nan());
    } else {
      return cmake(zero, m_copysign(zero, im));
    }
  } else if (im == zero) {
    return cmake(fl<F>::nan(), im);
  }
  return cmake(fl<F>::nan(), fl<F>::nan());
}

/// `x2y2m1` (glibc's __x2y2m1), x^2 + y^2 - 1 for 0.5 <= x < 1: float works in double;
/// double sums the FMA-split exact squares smallest first (stable sort by |.|, then fast
/// two-sums, re-sorting the tail after each).
__device__ __forceinline__ f32 x2y2m1(f32 x, f32 y) {
  const f64 dx = (f64)x, dy = (f64)y;
  return (f32)((dx - 1.0) * (dx + 1.0) + dy * dy);
}
/// Stable insertion sort of v[lo..5) by absolute value (same order as Rust's stable sort_by).
__device__ __forceinline__ void sort_abs5(f64 (&v)[5], int lo) {
  for (int j = lo + 1; j < 5; ++j) {
    const f64 key = v[j];
    int k = j - 1;
    while (k >= lo && fabs(v[k]) > fabs(key)) {
      v[k + 1] = v[k];
      --k;
    }
    v[k + 1] = key;
  }
}
__device__ f64 x2y2m1(f64 x, f64 y) {
  const f64 x2 = x * x;
  const f64 x2l = fma(x, x, -x2);
  const f64 y2 = y * y;
  const f64 y2l = fma(y, y, -y2);
  f64 v[5] = {x2l, x2, y2l, y2, -1.0};
  sort_abs5(v, 0);
  for (int i = 0; i < 4; ++i) {
    const f64 hi = v[i + 1] + v[i];
    const f64 lo = (v[i + 1] - hi) + v[i];
    v[i + 1] = hi;
    v[i] = lo;
    sort_abs5(v, i + 1);
  }
  return v[4] + v[3] + v[2] + v[1] + v[0];
}

/// `clog`: glibc's clog (Annex G special values; log|z| through log1p near the unit circle,
/// scaling at the extremes).
template <class F>
__device__ typename fl<F>::C clog_(typename fl<F>::C z) {
  const F re = z.re, im = z.im;
  const F zero = (F)0;
  const F one = (F)1;
  if (re == zero && im == zero) {
    const F arg = m_signbit(re) ? fl<F>::pi() : zero;
    return cmake(-one / m_abs(re), m_copysign(arg, im));
  }
  if (m_isnan(re) || m_isnan(im)) {
    const F r = (m_isinf(re) || m_isinf(im)) ? fl<F>::inf() : fl<F>::nan();
    return cmake(r, fl<F>::nan());
  }
  F ax = m_abs(re), ay = m_abs(im);
  if (ax < ay) {
    const F tmp = ax;
    ax = ay;
    ay = tmp;
  }
  const F two = one + one;
  const F half = one / two;
  const F min = fl<F>::min_pos();
  int scale = 0;
  if (ax > fl<F>::max() / two) {
    scale = -1;
    ax = ax * half;
    ay = (ay >= min * two) ? ay * half : zero;
  } else if (ax < min && ay < min) {
    scale = fl<F>::mant();
    const F m = fl<F>::two_mant();
    ax = ax * m;
    ay = ay * m;
  }
  const F eps = fl<F>::eps();
  F real;
  if (ax == one && scale == 0) {
    real = m_log1p(ay * ay) / two;
  } else if (ax > one && ax < two && ay < one && scale == 0) {
    F d2m1 = (ax - one) * (ax + one);
    if (ay >= eps) d2m1 = d2m1 + ay * ay;
    real = m_log1p(d2m1) / two;
  } else if (ax < one && ax >= half && ay < eps / two && scale == 0) {
    real = m_log1p((ax - one) * (ax + one)) / two;
  } else if (ax < one && ax >= half && scale == 0 && ax * ax + ay * ay >= half) {
    real = m_log1p(x2y2m1(ax, ay)) / two;
  } else {
    const F s = (F)scale;
    real = m_log(m_hypot(ax, ay)) - s * fl<F>::ln2();
  }
  return cmake(real, m_atan2(im, re));
}

/// `cpow` (npy_cpow): exact special cases for a zero exponent or base; integral real exponents
/// in [-99, 99] by repeated multiplication (textbook product; negative through cdiv(1, .));
/// otherwise cexp(cmul_c99(b, clog(a))).
template <class F>
__device__ typename fl<F>::C cpow_(typename fl<F>::C a, typename fl<F>::C b) {
  typedef typename fl<F>::C C;
  const F zero = (F)0;
  const C one = cmake((F)1, zero);
  const F ar = a.re, ai = a.im, br = b.re, bi = b.im;
  if (br == zero && bi == zero) return one;
  if (ar == zero && ai == zero) {
    return (br > zero) ? cmake(zero, zero) : cmake(fl<F>::nan(), fl<F>::nan());
  }
  // Rust: n = br as i64 (when in range), used only if (F)n == br and n in -99..=99; a nan or
  // out-of-range br fails the range test here.
  if (bi == zero && br >= (F)-99 && br <= (F)99) {
    const int n = (int)br;
    if ((F)n == br) {
      if (n == 1) return a;
      if (n == 2) return cmul(a, a);
      if (n == 3) return cmul(a, cmul(a, a));
      unsigned int k = (unsigned int)(n < 0 ? -n : n);
      C acc = one;
      C p = a;
      for (;;) {
        if ((k & 1u) == 1u) acc = cmul(acc, p);
        k >>= 1;
        if (k == 0u) break;
        p = cmul(p, p);
      }
      return (br < zero) ? cdiv<F>(one, acc) : acc;
    }
  }
  return cexp_<F>(cmul_c99<F>(b, clog_<F>(a)));
}

}  // namespace arith_detail

// ---------------------------------------------------------------------------------------------
// The ops. Primary templates have no body: a loop without a specialisation fails to compile.
// ---------------------------------------------------------------------------------------------
template <class A, class B> struct op_add;
template <class A, class B> struct op_subtract;
template <class A, class B> struct op_multiply;
template <class A, class B> struct op_divide;
template <class A, class B> struct op_true_divide;
template <class A, class B> struct op_floor_divide;
template <class A, class B> struct op_remainder;
template <class A, class B> struct op_fmod;
template <class A, class B> struct op_power;
template <class A, class B> struct op_float_power;

#define ARITH_OP(OP, T, RT, EXPR)                                                  \
  template <>                                                                      \
  struct OP<T, T> {                                                                \
    static __device__ __forceinline__ RT call(T a, T b, int* err) {                \
      (void)err;                                                                   \
      EXPR;                                                                        \
    }                                                                              \
  };

// add / multiply on bool (CPU `add`: a | b, `multiply`: a & b).
ARITH_OP(op_add, bool, bool, return a || b)
ARITH_OP(op_multiply, bool, bool, return a && b)

// Integers: add/subtract/multiply wrap (CPU wrapping_*); floor_divide = ifloordiv,
// remainder = iremainder, fmod = ifmod; power = ipow, whose negative exponents the CPU rejects
// with "Integers to negative integer powers are not allowed." (here: ERR_NEGATIVE_INT_POWER).
#define ARITH_INT_COMMON(T, W)                                                               \
  ARITH_OP(op_add, T, T, return (arith_detail::wadd<T, W>(a, b)))                            \
  ARITH_OP(op_subtract, T, T, return (arith_detail::wsub<T, W>(a, b)))                       \
  ARITH_OP(op_multiply, T, T, return (arith_detail::wmul<T, W>(a, b)))

#define ARITH_SIGNED(T, W, TMIN)                                                             \
  ARITH_INT_COMMON(T, W)                                                                     \
  ARITH_OP(op_floor_divide, T, T, return arith_detail::sfloordiv<T>(a, b, (T)(TMIN)))        \
  ARITH_OP(op_remainder, T, T, return arith_detail::sremainder<T>(a, b))                     \
  ARITH_OP(op_fmod, T, T, return arith_detail::sfmod<T>(a, b))                               \
  ARITH_OP(op_power, T, T,                                                                   \
           if (b < (T)0) {                                                                   \
             *err = ERR_NEGATIVE_INT_POWER;                                                  \
             return (T)0;                                                                    \
           } return (arith_detail::ipow<T, W>(a, b)))

#define ARITH_UNSIGNED(T, W)                                                                 \
  ARITH_INT_COMMON(T, W)                                                                     \
  ARITH_OP(op_floor_divide, T, T, return arith_detail::udiv<T>(a, b))                        \
  ARITH_OP(op_remainder, T, T, return arith_detail::urem<T>(a, b))                           \
  ARITH_OP(op_fmod, T, T, return arith_detail::urem<T>(a, b))                                \
  ARITH_OP(op_power, T, T, return (arith_detail::ipow<T, W>(a, b)))

ARITH_SIGNED(i8, u32, -128)
ARITH_SIGNED(i16, u32, -32768)
ARITH_SIGNED(i32, u32, (-2147483647 - 1))
ARITH_SIGNED(i64, u64, (-9223372036854775807LL - 1))
ARITH_UNSIGNED(u8, u32)
ARITH_UNSIGNED(u16, u32)
ARITH_UNSIGNED(u32, u32)
ARITH_UNSIGNED(u64, u64)

// float32/float64: plain IEEE +, -, *, / (divide and true_divide are one ufunc);
// floor_divide/remainder via npy_divmod; fmod is Rust's `%` (C fmod); power is powf/pow.
#define ARITH_FLOAT(T)                                                                       \
  ARITH_OP(op_add, T, T, return a + b)                                                       \
  ARITH_OP(op_subtract, T, T, return a - b)                                                  \
  ARITH_OP(op_multiply, T, T, return a * b)                                                  \
  ARITH_OP(op_divide, T, T, return a / b)                                                    \
  ARITH_OP(op_true_divide, T, T, return a / b)                                               \
  ARITH_OP(op_floor_divide, T, T, return arith_detail::floor_divide_f<T>(a, b))              \
  ARITH_OP(op_remainder, T, T, return arith_detail::remainder_f<T>(a, b))                    \
  ARITH_OP(op_fmod, T, T, return arith_detail::m_fmod(a, b))                                 \
  ARITH_OP(op_power, T, T, return arith_detail::m_pow(a, b))

ARITH_FLOAT(f32)
ARITH_FLOAT(f64)
// float_power has only the float64 (and complex128) loop: pow.
ARITH_OP(op_float_power, f64, f64, return pow(a, b))

// float16/bfloat16: the f32 computation of each op above, rounded once (the `half` crate's
// operators and the CPU's explicit to_f32/from_f32 closures).
#define ARITH_HALF(T)                                                                        \
  ARITH_OP(op_add, T, T, return from_f32<T>(to_f32(a) + to_f32(b)))                          \
  ARITH_OP(op_subtract, T, T, return from_f32<T>(to_f32(a) - to_f32(b)))                     \
  ARITH_OP(op_multiply, T, T, return from_f32<T>(to_f32(a) * to_f32(b)))                     \
  ARITH_OP(op_divide, T, T, return from_f32<T>(to_f32(a) / to_f32(b)))                       \
  ARITH_OP(op_true_divide, T, T, return from_f32<T>(to_f32(a) / to_f32(b)))                  \
  ARITH_OP(op_floor_divide, T, T,                                                            \
           return from_f32<T>(arith_detail::floor_divide_f<f32>(to_f32(a), to_f32(b))))      \
  ARITH_OP(op_remainder, T, T,                                                               \
           return from_f32<T>(arith_detail::remainder_f<f32>(to_f32(a), to_f32(b))))         \
  ARITH_OP(op_fmod, T, T, return from_f32<T>(fmodf(to_f32(a), to_f32(b))))                   \
  ARITH_OP(op_power, T, T, return from_f32<T>(powf(to_f32(a), to_f32(b))))

ARITH_HALF(f16)
ARITH_HALF(bf16)

// complex64/complex128: componentwise +, -; multiply is NumPy's FMA product (cmul_fma);
// divide is Smith's method (cdiv); power is npy_cpow computed in the component type
// (complex64 through float32 functions, as the CPU's Complex<f32>).
#define ARITH_COMPLEX(T, F)                                                                  \
  ARITH_OP(op_add, T, T, return cadd(a, b))                                                  \
  ARITH_OP(op_subtract, T, T, return csub(a, b))                                             \
  ARITH_OP(op_multiply, T, T, return arith_detail::cmul_fma<F>(a, b))                        \
  ARITH_OP(op_divide, T, T, return arith_detail::cdiv<F>(a, b))                              \
  ARITH_OP(op_true_divide, T, T, return arith_detail::cdiv<F>(a, b))                         \
  ARITH_OP(op_power, T, T, return arith_detail::cpow_<F>(a, b))

ARITH_COMPLEX(c64, f32)
ARITH_COMPLEX(c128, f64)
ARITH_OP(op_float_power, c128, c128, return arith_detail::cpow_<f64>(a, b))

#undef ARITH_COMPLEX
#undef ARITH_HALF
#undef ARITH_FLOAT
#undef ARITH_UNSIGNED
#undef ARITH_SIGNED
#undef ARITH_INT_COMMON
#undef ARITH_OP

// ---- floating-point flags (common.cuh's fp_hook) ----
// Integer floor_divide / remainder / fmod by zero raise divide by hand, as NumPy's loops do
// (npy_set_floatstatus_divbyzero); floor_divide's MIN // -1 raises overflow. A float
// floor_divide whose quotient overflows (float32/float64; a 16-bit loop's float32 quotient
// cannot) also raises invalid: npy_divmod floors the infinite quotient and subtracts
// (inf - inf). Complex add/subtract are one IEEE operation per part, so each part's flags are
// the generic rule's on that part alone.
namespace arith_detail {
template <class T>
__device__ __forceinline__ int int_division_flags(T a, T b, bool floor) {
  if (b == (T)0) return FP_DIVIDE;
  if constexpr ((T)-1 < (T)0) {
    // a == MIN: the only value whose predecessor (computed without overflow) wraps above it.
    if (floor && b == (T)-1 && a < (T)0 && (T)((u64)a - 1) > a) return FP_OVERFLOW;
  }
  return 0;
}
}  // namespace arith_detail

template <class A, class B>
struct fp_hook<op_floor_divide<A, B>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a, B b) {
    if constexpr (!fpc<A>::is_float) {
      return arith_detail::int_division_flags<A>(a, b, true);
    } else {
      const int f = fp_generic(r, a, b);
      return (sizeof(A) >= 4 && (f & FP_OVERFLOW)) ? (f | FP_INVALID) : f;
    }
  }
};
/// remainder and fmod: integer division by zero as above, the generic rule for floats.
template <class A, class B>
struct remainder_flags {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a, B b) {
    if constexpr (!fpc<A>::is_float) {
      return arith_detail::int_division_flags<A>(a, b, false);
    } else {
      return fp_generic(r, a, b);
    }
  }
};
template <class A, class B>
struct fp_hook<op_remainder<A, B>> : remainder_flags<A, B> {};
template <class A, class B>
struct fp_hook<op_fmod<A, B>> : remainder_flags<A, B> {};
template <class T>
__device__ __forceinline__ int partwise_flags(T r, T a, T b) {
  return fp_generic(r, a, b);
}
__device__ __forceinline__ int partwise_flags(c64 r, c64 a, c64 b) {
  return fp_generic(r.re, a.re, b.re) | fp_generic(r.im, a.im, b.im);
}
__device__ __forceinline__ int partwise_flags(c128 r, c128 a, c128 b) {
  return fp_generic(r.re, a.re, b.re) | fp_generic(r.im, a.im, b.im);
}
template <class A, class B>
struct partwise_hook {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a, B b) { return partwise_flags(r, a, b); }
};
template <class A, class B>
struct fp_hook<op_add<A, B>> : partwise_hook<A, B> {};
template <class A, class B>
struct fp_hook<op_subtract<A, B>> : partwise_hook<A, B> {};
// Real power: pow(+-0, y < 0) is a pole, -inf included (C99 F.9.4.4 lets pow(0, -inf) raise
// divide, and glibc's does), which the generic rule does not see for an infinite y.
template <class A, class B>
struct fp_hook<op_power<A, B>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a, B b) {
    if constexpr (fpc<A>::is_float && !fpc<A>::is_complex) {
      if (fpc<A>::zero(a) && fpc<B>::neg(b)) return FP_DIVIDE;
    }
    return fp_generic(r, a, b);
  }
};
