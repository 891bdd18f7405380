// Bitwise and integer-theoretic ufuncs: bitwise_and, bitwise_or, bitwise_xor, left_shift,
// right_shift, gcd, lcm. Ports backends/src/ops/kernels/bitwise.rs loop for loop:
//  - shifts follow NumPy's npy_lshift/npy_rshift, which C++ leaves undefined: the count is
//    compared as an unsigned 64-bit number (a negative count is huge), a count >= the width
//    gives 0 (left shift, unsigned right shift) or the sign fill (signed right shift);
//    in-range left shifts wrap (computed on the unsigned bits, no signed overflow);
//  - gcd/lcm work on the unsigned magnitudes and truncate back to the loop type, so |MIN|
//    wraps to MIN (gcd(-128, 0) == -128 in int8) and overflowing lcms wrap.
// Only the loops of the CPU loop tables are specialised; any other combination does not compile.

// ---- primary templates (no body: a missing loop is a compile error) ----
template <class A, class B> struct op_bitwise_and;
template <class A, class B> struct op_bitwise_or;
template <class A, class B> struct op_bitwise_xor;
template <class A, class B> struct op_left_shift;
template <class A, class B> struct op_right_shift;
template <class A, class B> struct op_gcd;
template <class A, class B> struct op_lcm;

// ---- integer traits: U = unsigned type of the same width, W = the unsigned type arithmetic is
// done in (u32 for widths <= 32, avoiding int promotion surprises; u64 for 64-bit) ----
template <class T> struct int_traits;
#define INT_TRAITS(T, UT, WT, NBITS, SIGNED)                                                \
  template <> struct int_traits<T> {                                                        \
    typedef UT U;                                                                           \
    typedef WT W;                                                                           \
    static constexpr u64 BITS = NBITS;                                                      \
    static constexpr bool IS_SIGNED = SIGNED;                                               \
  };
INT_TRAITS(i8, u8, u32, 8, true)
INT_TRAITS(u8, u8, u32, 8, false)
INT_TRAITS(i16, u16, u32, 16, true)
INT_TRAITS(u16, u16, u32, 16, false)
INT_TRAITS(i32, u32, u32, 32, true)
INT_TRAITS(u32, u32, u32, 32, false)
INT_TRAITS(i64, u64, u64, 64, true)
INT_TRAITS(u64, u64, u64, 64, false)

/// Trailing zero count of a nonzero value.
__device__ __forceinline__ int ctz_nonzero(u32 x) { return __ffs((int)x) - 1; }
__device__ __forceinline__ int ctz_nonzero(u64 x) { return __ffsll((long long)x) - 1; }

// ---- bitwise_count (bitwise.rs): popcount of |x| (MIN's magnitude taken unsigned), as uint8 ----
template <class A> struct op_bitwise_count;
#define BITCOUNT_ONE(T)                                                                     \
  template <> struct op_bitwise_count<T> {                                                  \
    static __device__ __forceinline__ u8 call(T a, int*) {                                  \
      typedef typename int_traits<T>::U U;                                                  \
      U m = int_traits<T>::IS_SIGNED && a < 0 ? (U)(U(0) - (U)a) : (U)a;                    \
      return (u8)(sizeof(U) == 8 ? __popcll((unsigned long long)m) : __popc((unsigned)m));  \
    }                                                                                       \
  };
BITCOUNT_ONE(i8)
BITCOUNT_ONE(u8)
BITCOUNT_ONE(i16)
BITCOUNT_ONE(u16)
BITCOUNT_ONE(i32)
BITCOUNT_ONE(u32)
BITCOUNT_ONE(i64)
BITCOUNT_ONE(u64)
#undef BITCOUNT_ONE

// ---- bitwise_and / or / xor (bitwise.rs `bitwise!`): `a OP b` on bool and the integers ----
#define BITWISE_ONE(OPN, OPER, T)                                                           \
  template <> struct OPN<T, T> {                                                            \
    static __device__ __forceinline__ T call(T a, T b, int*) { return (T)(a OPER b); }      \
  };
#define BITWISE(OPN, OPER)                                                                  \
  BITWISE_ONE(OPN, OPER, bool)                                                              \
  BITWISE_ONE(OPN, OPER, i8)                                                                \
  BITWISE_ONE(OPN, OPER, u8)                                                                \
  BITWISE_ONE(OPN, OPER, i16)                                                               \
  BITWISE_ONE(OPN, OPER, u16)                                                               \
  BITWISE_ONE(OPN, OPER, i32)                                                               \
  BITWISE_ONE(OPN, OPER, u32)                                                               \
  BITWISE_ONE(OPN, OPER, i64)                                                               \
  BITWISE_ONE(OPN, OPER, u64)
BITWISE(op_bitwise_and, &)
BITWISE(op_bitwise_or, |)
BITWISE(op_bitwise_xor, ^)

// ---- left_shift (bitwise.rs `left_shift`): `(b as u64) < BITS ? a.wrapping_shl(b) : 0`.
// `(u64)b` sign-extends a signed count, so negative counts are huge and give 0. The shift runs
// on the unsigned bits in W and is truncated back (two's-complement wrap) ----
template <class T>
__device__ __forceinline__ T left_shift_impl(T a, T b) {
  typedef typename int_traits<T>::U U;
  typedef typename int_traits<T>::W W;
  if ((u64)b < int_traits<T>::BITS) return (T)(U)((W)(U)a << (unsigned)b);
  return (T)0;
}

// ---- right_shift (bitwise.rs `right_shift`): signed: arithmetic shift by
// min((u64)b, BITS - 1) (a shift by width-1 is exactly the sign fill, also for negative counts,
// which are huge as u64); unsigned: `(u64)b < BITS ? a >> b : 0` ----
template <class T>
__device__ __forceinline__ T right_shift_impl(T a, T b) {
  if constexpr (int_traits<T>::IS_SIGNED) {
    u64 s = (u64)b;
    if (s > int_traits<T>::BITS - 1) s = int_traits<T>::BITS - 1;
    // Right shift of a negative signed value is arithmetic in CUDA (as in C++20).
    return (T)(a >> (unsigned)s);
  } else {
    if ((u64)b < int_traits<T>::BITS) return (T)(a >> (unsigned)b);
    return (T)0;
  }
}

#define SHIFT_ONE(OPN, IMPL, T)                                                             \
  template <> struct OPN<T, T> {                                                            \
    static __device__ __forceinline__ T call(T a, T b, int*) { return IMPL<T>(a, b); }      \
  };
#define SHIFTS(OPN, IMPL)                                                                   \
  SHIFT_ONE(OPN, IMPL, i8)                                                                  \
  SHIFT_ONE(OPN, IMPL, u8)                                                                  \
  SHIFT_ONE(OPN, IMPL, i16)                                                                 \
  SHIFT_ONE(OPN, IMPL, u16)                                                                 \
  SHIFT_ONE(OPN, IMPL, i32)                                                                 \
  SHIFT_ONE(OPN, IMPL, u32)                                                                 \
  SHIFT_ONE(OPN, IMPL, i64)                                                                 \
  SHIFT_ONE(OPN, IMPL, u64)
SHIFTS(op_left_shift, left_shift_impl)
SHIFTS(op_right_shift, right_shift_impl)

// ---- gcd / lcm (bitwise.rs gcd_u64 / lcm_u64 and the `gcd` / `lcm` kernels) ----

/// Binary (Stein's) gcd of magnitudes; gcd(0, b) = b (bitwise.rs gcd_u64). Run in W: the
/// magnitudes of a <= 32-bit loop fit in u32, and the result is the same number as in u64.
template <class W>
__device__ __forceinline__ W gcd_unsigned(W a, W b) {
  if (a == 0) return b;
  if (b == 0) return a;
  const int shift = ctz_nonzero((W)(a | b));
  a >>= ctz_nonzero(a);
  for (;;) {
    b >>= ctz_nonzero(b);
    if (a > b) {
      const W t = a;
      a = b;
      b = t;
    }
    b -= a;
    if (b == 0) return a << shift;
  }
}

/// NumPy's npy_lcmu (bitwise.rs lcm_u64): `a / gcd * b`, wrapping in W; lcm(0, x) = 0 and
/// lcm(0, 0) = 0 (the CPU's checked_div by a zero gcd). Wrapping mod 2^32 instead of 2^64 for
/// <= 32-bit loops leaves the low bits the loop keeps unchanged.
template <class W>
__device__ __forceinline__ W lcm_unsigned(W a, W b) {
  const W g = gcd_unsigned<W>(a, b);
  if (g == 0) return (W)0;
  return (W)((a / g) * b);
}

/// `unsigned_abs` widened to W: for a signed loop the magnitude as the same-width unsigned
/// (|MIN| = 2^(BITS-1)), for an unsigned loop the value itself.
template <class T>
__device__ __forceinline__ typename int_traits<T>::W magnitude(T a) {
  typedef typename int_traits<T>::U U;
  typedef typename int_traits<T>::W W;
  const W bits = (W)(U)a;
  if constexpr (int_traits<T>::IS_SIGNED) {
    if (a < (T)0) return (W)(U)((W)0 - bits);
  }
  return bits;
}

#define INTTHEORY_ONE(OPN, FN, T)                                                           \
  template <> struct OPN<T, T> {                                                            \
    static __device__ __forceinline__ T call(T a, T b, int*) {                              \
      typedef int_traits<T>::U U;                                                           \
      typedef int_traits<T>::W W;                                                           \
      return (T)(U)FN<W>(magnitude<T>(a), magnitude<T>(b));                                 \
    }                                                                                       \
  };
#define INTTHEORY(OPN, FN)                                                                  \
  INTTHEORY_ONE(OPN, FN, i8)                                                                \
  INTTHEORY_ONE(OPN, FN, u8)                                                                \
  INTTHEORY_ONE(OPN, FN, i16)                                                               \
  INTTHEORY_ONE(OPN, FN, u16)                                                               \
  INTTHEORY_ONE(OPN, FN, i32)                                                               \
  INTTHEORY_ONE(OPN, FN, u32)                                                               \
  INTTHEORY_ONE(OPN, FN, i64)                                                               \
  INTTHEORY_ONE(OPN, FN, u64)
INTTHEORY(op_gcd, gcd_unsigned)
INTTHEORY(op_lcm, lcm_unsigned)
