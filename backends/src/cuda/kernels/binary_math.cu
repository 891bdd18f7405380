// Binary math ufuncs on the device: maximum, minimum, fmax, fmin, hypot, arctan2, copysign,
// nextafter, logaddexp, logaddexp2 and heaviside, and the float-decomposition ufuncs that share
// their bit-level helpers: fabs, spacing, ldexp and the parts of frexp and modf. A line-by-line
// port of the CPU kernels in backends/src/ops/kernels/binary_math.rs and float_parts.rs (which
// match NumPy 2.4.6 / ml_dtypes):
//
// * Which operand an equal comparison returns (visible as the sign of a zero result) is the
//   CPU's: float16 min/max return the first operand on ties, bfloat16/float32/float64 the
//   second. Results of min/max are always one of the operands, bit for bit.
// * float16/bfloat16 compute through float32 and round once, except copysign and nextafter,
//   which work on the 16-bit encodings.
// * NaN results: GPU arithmetic returns the canonical NaN (0x7fffffff), while the CPU (x86-64
//   SSE) propagates the first NaN operand, quieted, and the `half` crate widens/narrows NaNs by
//   setting the quiet bit and shifting the payload. Where the CPU result is such a propagated
//   NaN we reproduce it explicitly (nan_first, widen, narrow), so sign and payload match.
// Include after common.cuh.

// ---------------------------------------------------------------------------------------------
// Bit-level helpers.
// ---------------------------------------------------------------------------------------------

__device__ __forceinline__ u16 bits16(f16 x) { return __half_as_ushort(x); }
__device__ __forceinline__ u16 bits16(bf16 x) { return __bfloat16_as_ushort(x); }
template <class T>
__device__ __forceinline__ T from_bits16(u16 b);
template <>
__device__ __forceinline__ f16 from_bits16<f16>(u16 b) { return __ushort_as_half(b); }
template <>
__device__ __forceinline__ bf16 from_bits16<bf16>(u16 b) { return __ushort_as_bfloat16(b); }

__device__ __forceinline__ u32 fbits(f32 x) { return __float_as_uint(x); }
__device__ __forceinline__ u64 fbits(f64 x) { return (u64)__double_as_longlong(x); }
__device__ __forceinline__ f32 f32_from_bits(u32 b) { return __uint_as_float(b); }
__device__ __forceinline__ f64 f64_from_bits(u64 b) { return __longlong_as_double((i64)b); }

__device__ __forceinline__ bool is_nan16(f16 x) { return (bits16(x) & 0x7fff) > 0x7c00; }
__device__ __forceinline__ bool is_nan16(bf16 x) { return (bits16(x) & 0x7fff) > 0x7f80; }

/// Rust's `f32::NAN` / `f64::NAN` (positive quiet NaN), the CPU's `F::nan()`.
__device__ __forceinline__ f32 pos_nan(f32) { return f32_from_bits(0x7fc00000u); }
__device__ __forceinline__ f64 pos_nan(f64) { return f64_from_bits(0x7ff8000000000000ull); }

__device__ __forceinline__ f32 pos_inf(f32) { return f32_from_bits(0x7f800000u); }
__device__ __forceinline__ f64 pos_inf(f64) { return f64_from_bits(0x7ff0000000000000ull); }

/// Signaling NaN: a NaN whose quiet bit is clear.
__device__ __forceinline__ bool is_snan(f32 x) { return isnan(x) && !(fbits(x) & 0x00400000u); }
__device__ __forceinline__ bool is_snan(f64 x) {
  return isnan(x) && !(fbits(x) & 0x0008000000000000ull);
}

/// A NaN with its quiet bit set (sign and payload kept), as x86 arithmetic quiets an sNaN.
__device__ __forceinline__ f32 quiet(f32 x) { return f32_from_bits(fbits(x) | 0x00400000u); }
__device__ __forceinline__ f64 quiet(f64 x) { return f64_from_bits(fbits(x) | 0x0008000000000000ull); }

/// The NaN that x86-64 SSE arithmetic `x op y` returns when x or y is NaN: the first NaN
/// operand, quieted. (GPU arithmetic would give the canonical NaN instead.)
template <class F>
__device__ __forceinline__ F nan_first(F x, F y) { return isnan(x) ? quiet(x) : quiet(y); }

/// `half`'s f16/bf16 -> f32: exact for numbers; a NaN gets the quiet bit, payload shifted up.
__device__ __forceinline__ f32 widen(f16 x) {
  const u32 b = bits16(x);
  if (is_nan16(x)) return f32_from_bits(((b & 0x8000u) << 16) | 0x7fc00000u | ((b & 0x03ffu) << 13));
  return to_f32(x);
}
__device__ __forceinline__ f32 widen(bf16 x) {
  const u32 b = bits16(x);
  if (is_nan16(x)) return f32_from_bits((b | 0x0040u) << 16);
  return to_f32(x);
}

/// `half`'s f32 -> f16/bf16: round to nearest even for numbers (common.cuh's from_f32); a NaN
/// keeps its sign and top payload bits and gets the quiet bit (the GPU's cvt canonicalises).
template <class T>
__device__ __forceinline__ T narrow(f32 x);
template <>
__device__ __forceinline__ f16 narrow<f16>(f32 x) {
  if (isnan(x)) {
    const u32 b = fbits(x);
    return from_bits16<f16>((u16)(((b >> 16) & 0x8000u) | 0x7c00u | 0x0200u | ((b & 0x007fffffu) >> 13)));
  }
  return from_f32<f16>(x);
}
template <>
__device__ __forceinline__ bf16 narrow<bf16>(f32 x) {
  if (isnan(x)) return from_bits16<bf16>((u16)((fbits(x) >> 16) | 0x0040u));
  return from_f32<bf16>(x);
}

// f-suffixed libm calls for float, plain ones for double (as the CPU calls f32 / f64 libm).
__device__ __forceinline__ f32 m_exp(f32 x) { return expf(x); }
__device__ __forceinline__ f64 m_exp(f64 x) { return exp(x); }
__device__ __forceinline__ f32 m_exp2(f32 x) { return exp2f(x); }
__device__ __forceinline__ f64 m_exp2(f64 x) { return exp2(x); }
__device__ __forceinline__ f32 m_log1p(f32 x) { return log1pf(x); }
__device__ __forceinline__ f64 m_log1p(f64 x) { return log1p(x); }
__device__ __forceinline__ f32 m_hypot(f32 x, f32 y) { return hypotf(x, y); }
__device__ __forceinline__ f64 m_hypot(f64 x, f64 y) { return hypot(x, y); }
__device__ __forceinline__ f32 m_atan2(f32 y, f32 x) { return atan2f(y, x); }
__device__ __forceinline__ f64 m_atan2(f64 y, f64 x) { return atan2(y, x); }

// Rust's FloatConst values, rounded to each type.
__device__ __forceinline__ f32 c_ln2(f32) { return 0.693147180559945309417232121458176568f; }
__device__ __forceinline__ f64 c_ln2(f64) { return 0.693147180559945309417232121458176568; }
__device__ __forceinline__ f32 c_log2e(f32) { return 1.44269504088896340735992468100189214f; }
__device__ __forceinline__ f64 c_log2e(f64) { return 1.44269504088896340735992468100189214; }

// ---------------------------------------------------------------------------------------------
// Complex ordering (ports `cge` / `cle` / `cnan`: NumPy's CGE/CLE, lexicographic, a NaN
// imaginary part spoils the `re` order).
// ---------------------------------------------------------------------------------------------

template <class C>
__device__ __forceinline__ bool cge(C a, C b) {
  return (a.re > b.re && !isnan(a.im) && !isnan(b.im)) || (a.re == b.re && a.im >= b.im);
}
template <class C>
__device__ __forceinline__ bool cle(C a, C b) {
  return (a.re < b.re && !isnan(a.im) && !isnan(b.im)) || (a.re == b.re && a.im <= b.im);
}
template <class C>
__device__ __forceinline__ bool cnan(C a) { return isnan(a.re) || isnan(a.im); }

// ---------------------------------------------------------------------------------------------
// Float helpers (f32/f64; the half types widen to f32 first).
// ---------------------------------------------------------------------------------------------

/// Ports `logaddexp_f` (npy_logaddexp): equal inputs (same-sign infinities included) give
/// x + ln 2; the `else { d }` branch is only reached with a NaN d = x - y.
template <class F>
__device__ __forceinline__ F logaddexp_f(F x, F y) {
  if (x == y) return x + c_ln2(x);
  const F d = x - y;
  if (d > F(0)) return x + m_log1p(m_exp(-d));
  if (d <= F(0)) return y + m_log1p(m_exp(d));
  return nan_first(x, y);  // the CPU's NaN d = x - y
}

/// Ports `logaddexp2_f` (npy_logaddexp2), the base-2 analogue.
template <class F>
__device__ __forceinline__ F logaddexp2_f(F x, F y) {
  if (x == y) return x + F(1);
  const F d = x - y;
  if (d > F(0)) return x + c_log2e(x) * m_log1p(m_exp2(-d));
  if (d <= F(0)) return y + c_log2e(x) * m_log1p(m_exp2(d));
  return nan_first(x, y);  // the CPU's NaN d = x - y
}

/// Ports `heaviside_f` (npy_heaviside): positive NaN for NaN x, h0 at either zero (returned
/// as is, NaN included), 0 below zero, 1 above.
template <class F>
__device__ __forceinline__ F heaviside_f(F x, F h0) {
  if (isnan(x)) return pos_nan(x);
  if (x == F(0)) return h0;
  if (x < F(0)) return F(0);
  return F(1);
}

/// Ports `hypot`'s libm call with glibc's non-finite prologue: an infinity wins (+inf) unless
/// an operand is a signaling NaN; otherwise `x + y`, i.e. the first NaN quieted on x86-64,
/// instead of the GPU's canonical NaN.
template <class F>
__device__ __forceinline__ F hypot_f(F x, F y) {
  if (!isfinite(x) || !isfinite(y)) {
    if ((isinf(x) || isinf(y)) && !is_snan(x) && !is_snan(y)) return pos_inf(x);
    return nan_first(x, y);
  }
  return m_hypot(x, y);
}

/// Ports `atan2`'s libm call (y = first operand); NaN operands give glibc's `x + y` (x the
/// second operand first), quieted, instead of the GPU's canonical NaN.
template <class F>
__device__ __forceinline__ F atan2_f(F y, F x) {
  if (isnan(y) || isnan(x)) return nan_first(x, y);
  return m_atan2(y, x);
}

/// Ports `nextafter_c!` (C nextafter on the bit pattern): NaN inputs give `x + y` (the first
/// NaN, quieted, on x86-64); equal inputs give y (so nextafter(0, -0) == -0); from a zero the
/// smallest subnormal with y's sign; otherwise one step of the encoding, away from zero when
/// y lies beyond x on x's side, towards zero otherwise.
__device__ __forceinline__ f32 nextafter_f32(f32 x, f32 y) {
  if (isnan(x) || isnan(y)) return nan_first(x, y);
  if (x == y) return y;
  if (x == 0.0f) return f32_from_bits((fbits(y) & 0x80000000u) | 1u);
  const u32 b = fbits(x);
  return f32_from_bits(((y > x) == (x > 0.0f)) ? b + 1u : b - 1u);
}
__device__ __forceinline__ f64 nextafter_f64(f64 x, f64 y) {
  if (isnan(x) || isnan(y)) return nan_first(x, y);
  if (x == y) return y;
  if (x == 0.0) return f64_from_bits((fbits(y) & 0x8000000000000000ull) | 1ull);
  const u64 b = fbits(x);
  return f64_from_bits(((y > x) == (x > 0.0)) ? b + 1ull : b - 1ull);
}

/// Ports `nextafter_f16` (NumPy's npy_half_nextafter) on the float16 encoding: NaN gives the
/// canonical 0x7e00; equal values give x (so +0 stays +0 towards -0).
__device__ __forceinline__ f16 nextafter_f16(f16 x, f16 y) {
  const u16 xb = bits16(x), yb = bits16(y);
  if (is_nan16(x) || is_nan16(y)) return from_bits16<f16>(0x7e00);
  if (to_f32(x) == to_f32(y)) return x;
  u16 r;
  if ((xb & 0x7fff) == 0) {
    r = (u16)((yb & 0x8000) | 1);
  } else if ((xb & 0x8000) == 0) {
    // x > 0: signed-integer order of the encodings matches the value order here.
    r = ((i16)xb > (i16)yb) ? (u16)(xb - 1) : (u16)(xb + 1);
  } else if ((yb & 0x8000) == 0 || (xb & 0x7fff) > (yb & 0x7fff)) {
    // x < 0 and y > x: towards zero.
    r = (u16)(xb - 1);
  } else {
    r = (u16)(xb + 1);
  }
  return from_bits16<f16>(r);
}

/// Ports `nextafter_bf16` (ml_dtypes) on the bfloat16 encoding: NaN gives the canonical
/// 0x7fc0; equal encodings give y; from a zero, y if y is a zero too, else the smallest
/// subnormal with y's sign.
__device__ __forceinline__ bf16 nextafter_bf16(bf16 x, bf16 y) {
  const u16 xb = bits16(x), yb = bits16(y);
  if (is_nan16(x) || is_nan16(y)) return from_bits16<bf16>(0x7fc0);
  if (xb == yb) return y;
  const u16 xa = xb & 0x7fff, ya = yb & 0x7fff;
  if (xa == 0) return ya == 0 ? y : from_bits16<bf16>((u16)((yb & 0x8000) | 1));
  const bool towards_zero = xa > ya || (xb & 0x8000) != (yb & 0x8000);
  return from_bits16<bf16>(towards_zero ? (u16)(xb - 1) : (u16)(xb + 1));
}

// ---------------------------------------------------------------------------------------------
// Ops. Primary templates have no body: a loop without a specialisation fails to compile.
// ---------------------------------------------------------------------------------------------

template <class A, class B> struct op_maximum;
template <class A, class B> struct op_minimum;
template <class A, class B> struct op_fmax;
template <class A, class B> struct op_fmin;
template <class A, class B> struct op_hypot;
template <class A, class B> struct op_arctan2;
template <class A, class B> struct op_copysign;
template <class A, class B> struct op_nextafter;
template <class A, class B> struct op_logaddexp;
template <class A, class B> struct op_logaddexp2;
template <class A, class B> struct op_heaviside;

/// One specialisation `OP<T, T>` returning T with body EXPR over (a, b).
#define BM_SAME(OP, T, EXPR)                                                                 \
  template <>                                                                               \
  struct OP<T, T> {                                                                         \
    static __device__ __forceinline__ T call(T a, T b, int* err) {                          \
      (void)err;                                                                            \
      return (EXPR);                                                                        \
    }                                                                                       \
  };

#define BM_INTS(OP, EXPR)                                                                   \
  BM_SAME(OP, i8, EXPR) BM_SAME(OP, u8, EXPR) BM_SAME(OP, i16, EXPR) BM_SAME(OP, u16, EXPR) \
  BM_SAME(OP, i32, EXPR) BM_SAME(OP, u32, EXPR) BM_SAME(OP, i64, EXPR) BM_SAME(OP, u64, EXPR)

// ---- maximum / minimum / fmax / fmin (ports `maximum`, `minimum`, `fmax`, `fmin`) ----
// bool: logical or / and. Ints: strict compare, else b. float16 (NumPy's scalar loop): ties
// and a NaN a (maximum) / NaN b (fmax) return a. bfloat16/f32/f64 (NumPy SIMD loops and
// ml_dtypes): a NaN a (maximum) / NaN b (fmax) or a strict win returns a, ties return b.
// Complex: a NaN-containing a (maximum) / b (fmax) or a lexicographic >= / <= win returns a.
// Halves compare through f32 (exact), but return the operand's own bits.

BM_SAME(op_maximum, bool, a || b)
BM_INTS(op_maximum, a > b ? a : b)
BM_SAME(op_maximum, f16, (to_f32(a) >= to_f32(b) || is_nan16(a)) ? a : b)
BM_SAME(op_maximum, bf16, (is_nan16(a) || to_f32(a) > to_f32(b)) ? a : b)
BM_SAME(op_maximum, f32, (isnan(a) || a > b) ? a : b)
BM_SAME(op_maximum, f64, (isnan(a) || a > b) ? a : b)
BM_SAME(op_maximum, c64, (cnan(a) || cge(a, b)) ? a : b)
BM_SAME(op_maximum, c128, (cnan(a) || cge(a, b)) ? a : b)

BM_SAME(op_minimum, bool, a && b)
BM_INTS(op_minimum, a < b ? a : b)
BM_SAME(op_minimum, f16, (to_f32(a) <= to_f32(b) || is_nan16(a)) ? a : b)
BM_SAME(op_minimum, bf16, (is_nan16(a) || to_f32(a) < to_f32(b)) ? a : b)
BM_SAME(op_minimum, f32, (isnan(a) || a < b) ? a : b)
BM_SAME(op_minimum, f64, (isnan(a) || a < b) ? a : b)
BM_SAME(op_minimum, c64, (cnan(a) || cle(a, b)) ? a : b)
BM_SAME(op_minimum, c128, (cnan(a) || cle(a, b)) ? a : b)

BM_SAME(op_fmax, bool, a || b)
BM_INTS(op_fmax, a > b ? a : b)
BM_SAME(op_fmax, f16, (to_f32(a) >= to_f32(b) || is_nan16(b)) ? a : b)
BM_SAME(op_fmax, bf16, (is_nan16(b) || to_f32(a) > to_f32(b)) ? a : b)
BM_SAME(op_fmax, f32, (isnan(b) || a > b) ? a : b)
BM_SAME(op_fmax, f64, (isnan(b) || a > b) ? a : b)
BM_SAME(op_fmax, c64, (cnan(b) || cge(a, b)) ? a : b)
BM_SAME(op_fmax, c128, (cnan(b) || cge(a, b)) ? a : b)

BM_SAME(op_fmin, bool, a && b)
BM_INTS(op_fmin, a < b ? a : b)
BM_SAME(op_fmin, f16, (to_f32(a) <= to_f32(b) || is_nan16(b)) ? a : b)
BM_SAME(op_fmin, bf16, (is_nan16(b) || to_f32(a) < to_f32(b)) ? a : b)
BM_SAME(op_fmin, f32, (isnan(b) || a < b) ? a : b)
BM_SAME(op_fmin, f64, (isnan(b) || a < b) ? a : b)
BM_SAME(op_fmin, c64, (cnan(b) || cle(a, b)) ? a : b)
BM_SAME(op_fmin, c128, (cnan(b) || cle(a, b)) ? a : b)

// ---- hypot / arctan2 (ports `hypot`, `arctan2`): libm hypot/atan2; halves via f32 ----
BM_SAME(op_hypot, f16, narrow<f16>(hypot_f(widen(a), widen(b))))
BM_SAME(op_hypot, bf16, narrow<bf16>(hypot_f(widen(a), widen(b))))
BM_SAME(op_hypot, f32, hypot_f(a, b))
BM_SAME(op_hypot, f64, hypot_f(a, b))

BM_SAME(op_arctan2, f16, narrow<f16>(atan2_f(widen(a), widen(b))))
BM_SAME(op_arctan2, bf16, narrow<bf16>(atan2_f(widen(a), widen(b))))
BM_SAME(op_arctan2, f32, atan2_f(a, b))
BM_SAME(op_arctan2, f64, atan2_f(a, b))

// ---- copysign (ports `copysign`): pure sign-bit surgery, NaN payloads survive ----
BM_SAME(op_copysign, f16, from_bits16<f16>((u16)((bits16(a) & 0x7fff) | (bits16(b) & 0x8000))))
BM_SAME(op_copysign, bf16, from_bits16<bf16>((u16)((bits16(a) & 0x7fff) | (bits16(b) & 0x8000))))
BM_SAME(op_copysign, f32, f32_from_bits((fbits(a) & 0x7fffffffu) | (fbits(b) & 0x80000000u)))
BM_SAME(op_copysign, f64,
        f64_from_bits((fbits(a) & 0x7fffffffffffffffull) | (fbits(b) & 0x8000000000000000ull)))

// ---- nextafter (ports `nextafter`): bit-pattern steps, per-format rules above ----
BM_SAME(op_nextafter, f16, nextafter_f16(a, b))
BM_SAME(op_nextafter, bf16, nextafter_bf16(a, b))
BM_SAME(op_nextafter, f32, nextafter_f32(a, b))
BM_SAME(op_nextafter, f64, nextafter_f64(a, b))

// ---- logaddexp / logaddexp2 (ports `logaddexp`, `logaddexp2`); halves via f32 ----
BM_SAME(op_logaddexp, f16, narrow<f16>(logaddexp_f(widen(a), widen(b))))
BM_SAME(op_logaddexp, bf16, narrow<bf16>(logaddexp_f(widen(a), widen(b))))
BM_SAME(op_logaddexp, f32, logaddexp_f(a, b))
BM_SAME(op_logaddexp, f64, logaddexp_f(a, b))

BM_SAME(op_logaddexp2, f16, narrow<f16>(logaddexp2_f(widen(a), widen(b))))
BM_SAME(op_logaddexp2, bf16, narrow<bf16>(logaddexp2_f(widen(a), widen(b))))
BM_SAME(op_logaddexp2, f32, logaddexp2_f(a, b))
BM_SAME(op_logaddexp2, f64, logaddexp2_f(a, b))

// ---- heaviside (ports `heaviside`); halves via f32 (h0 round-trips, NaN h0 gets quieted) ----
BM_SAME(op_heaviside, f16, narrow<f16>(heaviside_f(widen(a), widen(b))))
BM_SAME(op_heaviside, bf16, narrow<bf16>(heaviside_f(widen(a), widen(b))))
BM_SAME(op_heaviside, f32, heaviside_f(a, b))
BM_SAME(op_heaviside, f64, heaviside_f(a, b))

// ---------------------------------------------------------------------------------------------
// Float decomposition (float_parts.rs): exact in the loop's precision; halves via float32
// except fabs and spacing, which work on the encodings.
// ---------------------------------------------------------------------------------------------

template <class A> struct op_fabs;
template <class A> struct op_spacing;
template <class A> struct op_frexp_mantissa;
template <class A> struct op_frexp_exponent;
template <class A> struct op_modf_fractional;
template <class A> struct op_modf_integral;
template <class A, class B> struct op_ldexp;

/// One specialisation `OP<T>` returning R with body EXPR over a.
#define FP_UNARY(OP, T, R, EXPR)                                                             \
  template <>                                                                               \
  struct OP<T> {                                                                            \
    static __device__ __forceinline__ R call(T a, int* err) {                               \
      (void)err;                                                                            \
      return (EXPR);                                                                        \
    }                                                                                       \
  };

FP_UNARY(op_fabs, f16, f16, from_bits16<f16>((u16)(bits16(a) & 0x7fff)))
FP_UNARY(op_fabs, bf16, bf16, from_bits16<bf16>((u16)(bits16(a) & 0x7fff)))
FP_UNARY(op_fabs, f32, f32, fabsf(a))
FP_UNARY(op_fabs, f64, f64, fabs(a))

/// npy_spacing: one step of the encoding away from zero (-0.0 steps towards +inf), minus x
/// (exact); NaN for NaN and infinities.
__device__ __forceinline__ f32 spacing_f32(f32 x) {
  if (isnan(x) || isinf(x)) return pos_nan(x);
  return nextafter_f32(x, x < 0.0f ? -pos_inf(x) : pos_inf(x)) - x;
}
__device__ __forceinline__ f64 spacing_f64(f64 x) {
  if (isnan(x) || isinf(x)) return pos_nan(x);
  return nextafter_f64(x, x < 0.0 ? -pos_inf(x) : pos_inf(x)) - x;
}
__device__ __forceinline__ f16 nextafter_16(f16 x, f16 y) { return nextafter_f16(x, y); }
__device__ __forceinline__ bf16 nextafter_16(bf16 x, bf16 y) { return nextafter_bf16(x, y); }
/// `signed_steps`: bfloat16 (ml_dtypes) steps away from zero like float32; float16
/// (npy_half_spacing) always steps towards +inf.
template <class H>
__device__ __forceinline__ H spacing_16(H x, u16 inf_bits, u16 nan_bits, bool signed_steps) {
  const u16 b = bits16(x);
  if ((b & 0x7fff) >= inf_bits) return from_bits16<H>(nan_bits);
  const bool down = signed_steps && (b & 0x8000) && (b & 0x7fff);
  const H towards = from_bits16<H>((u16)(inf_bits | (down ? 0x8000 : 0)));
  return from_f32<H>(to_f32(nextafter_16(x, towards)) - to_f32(x));
}
FP_UNARY(op_spacing, f16, f16, spacing_16<f16>(a, 0x7c00, 0x7e00, false))
FP_UNARY(op_spacing, bf16, bf16, spacing_16<bf16>(a, 0x7f80, 0x7fc0, true))
FP_UNARY(op_spacing, f32, f32, spacing_f32(a))
FP_UNARY(op_spacing, f64, f64, spacing_f64(a))

__device__ __forceinline__ f32 frexp_m(f32 x) { int e; return frexpf(x, &e); }
__device__ __forceinline__ f64 frexp_m(f64 x) { int e; return frexp(x, &e); }
__device__ __forceinline__ i32 frexp_e(f32 x) { int e = 0; frexpf(x, &e); return e; }
__device__ __forceinline__ i32 frexp_e(f64 x) { int e = 0; frexp(x, &e); return e; }
FP_UNARY(op_frexp_mantissa, f16, f16, narrow<f16>(frexp_m(widen(a))))
FP_UNARY(op_frexp_mantissa, bf16, bf16, narrow<bf16>(frexp_m(widen(a))))
FP_UNARY(op_frexp_mantissa, f32, f32, frexp_m(a))
FP_UNARY(op_frexp_mantissa, f64, f64, frexp_m(a))
FP_UNARY(op_frexp_exponent, f16, i32, frexp_e(widen(a)))
FP_UNARY(op_frexp_exponent, bf16, i32, frexp_e(widen(a)))
FP_UNARY(op_frexp_exponent, f32, i32, frexp_e(a))
FP_UNARY(op_frexp_exponent, f64, i32, frexp_e(a))

/// C modf: the fractional part has x's sign, and is ±0 for ±inf.
template <class F>
__device__ __forceinline__ F modf_frac(F x) {
  const F i = trunc(x);
  return copysign(isinf(x) ? F(0) : x - i, x);
}
FP_UNARY(op_modf_fractional, f16, f16, narrow<f16>(modf_frac(widen(a))))
FP_UNARY(op_modf_fractional, bf16, bf16, narrow<bf16>(modf_frac(widen(a))))
FP_UNARY(op_modf_fractional, f32, f32, modf_frac(a))
FP_UNARY(op_modf_fractional, f64, f64, modf_frac(a))
FP_UNARY(op_modf_integral, f16, f16, narrow<f16>(truncf(widen(a))))
FP_UNARY(op_modf_integral, bf16, bf16, narrow<bf16>(truncf(widen(a))))
FP_UNARY(op_modf_integral, f32, f32, truncf(a))
FP_UNARY(op_modf_integral, f64, f64, trunc(a))

/// ldexp: NumPy's int64-exponent loops clamp the exponent to C int first.
__device__ __forceinline__ int clamp_exp(i32 n) { return n; }
__device__ __forceinline__ int clamp_exp(i64 n) {
  return n > 2147483647LL ? 2147483647 : (n < -2147483647LL - 1 ? (int)(-2147483647LL - 1) : (int)n);
}
#define FP_LDEXP(T, N, EXPR)                                                                 \
  template <>                                                                               \
  struct op_ldexp<T, N> {                                                                   \
    static __device__ __forceinline__ T call(T a, N n, int* err) {                          \
      (void)err;                                                                            \
      return (EXPR);                                                                        \
    }                                                                                       \
  };
FP_LDEXP(f16, i32, narrow<f16>(ldexpf(widen(a), clamp_exp(n))))
FP_LDEXP(f16, i64, narrow<f16>(ldexpf(widen(a), clamp_exp(n))))
FP_LDEXP(bf16, i32, narrow<bf16>(ldexpf(widen(a), clamp_exp(n))))
FP_LDEXP(bf16, i64, narrow<bf16>(ldexpf(widen(a), clamp_exp(n))))
FP_LDEXP(f32, i32, ldexpf(a, clamp_exp(n)))
FP_LDEXP(f32, i64, ldexpf(a, clamp_exp(n)))
FP_LDEXP(f64, i32, ldexp(a, clamp_exp(n)))
FP_LDEXP(f64, i64, ldexp(a, clamp_exp(n)))

/// complex_from_parts: `re + im·i`, no arithmetic.
template <class A, class B> struct op_complex_from_parts;
template <> struct op_complex_from_parts<f32, f32> {
  static __device__ __forceinline__ c64 call(f32 a, f32 b, int*) { return cmake(a, b); }
};
template <> struct op_complex_from_parts<f64, f64> {
  static __device__ __forceinline__ c128 call(f64 a, f64 b, int*) { return cmake(a, b); }
};

#undef FP_LDEXP
#undef FP_UNARY
#undef BM_INTS
#undef BM_SAME

// ---- floating-point flags (common.cuh's fp_hook) ----
// nextafter steps to infinity from the largest finite value: an overflow (libm's nextafter
// raises it; the bit-stepping kernel computes no arithmetic that would).
template <class A, class B>
struct fp_hook<op_nextafter<A, B>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a, B b) {
    if (fpc<TO>::inf(r) && !fpc<A>::inf(a) && !fpc<A>::nan(a)) return FP_OVERFLOW;
    return fp_generic(r, a, b);
  }
};
// spacing: float16's loop raises invalid on NaN (NumPy's npy_half_spacing); float32/float64
// (libm's nextafter) return NaN for an infinity without raising invalid.
template <class A>
struct fp_hook<op_spacing<A>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a) {
    if constexpr (sizeof(A) == 2) {
      if (fpc<A>::nan(a)) return FP_INVALID;
    } else {
      if (fpc<A>::inf(a)) return 0;
    }
    return fp_generic(r, a);
  }
};
/// Overflow of x - y in the loop's computing precision (float32 for the 16-bit types).
__device__ __forceinline__ int difference_overflows(f32 a, f32 b) {
  return fpc<f32>::inf(a - b) ? FP_OVERFLOW : 0;
}
__device__ __forceinline__ int difference_overflows(f64 a, f64 b) {
  return fpc<f64>::inf(a - b) ? FP_OVERFLOW : 0;
}
__device__ __forceinline__ int difference_overflows(f16 a, f16 b) {
  return difference_overflows(to_f32(a), to_f32(b));
}
__device__ __forceinline__ int difference_overflows(bf16 a, bf16 b) {
  return difference_overflows(to_f32(a), to_f32(b));
}
// logaddexp/logaddexp2 compute x - y first (for finite x and y): a NaN operand raises
// invalid there (NumPy's loops compare it in a signalling way), and x - y itself may
// overflow (logaddexp(max, -max) = max with overflow). Two equal infinities are returned as
// they are, without flags, as NumPy's one-element loop does.
template <class A, class B>
struct fp_hook<op_logaddexp<A, B>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a, B b) {
    if (fpc<A>::nan(a) || fpc<B>::nan(b)) return FP_INVALID;
    if (fpc<A>::inf(a) || fpc<B>::inf(b)) return 0;
    return fp_generic(r, a, b) | difference_overflows(a, b);
  }
};
template <class A, class B>
struct fp_hook<op_logaddexp2<A, B>> {
  template <class TO>
  static __device__ __forceinline__ int of(TO r, A a, B b) {
    return fp_hook<op_logaddexp<A, B>>::of(r, a, b);
  }
};
