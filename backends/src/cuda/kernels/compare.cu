// Comparison, logical and classification ufuncs (isnan, equal, not_equal, less, less_equal,
// greater, greater_equal, logical_and, logical_or, logical_xor), all returning bool.
// Ports backends/src/ops/kernels/compare.rs loop for loop:
//  - float16/bfloat16 compare through float32 (the widening is exact, so NaN and -0 == +0
//    behave exactly as half's own comparisons on the CPU);
//  - the mixed int64/uint64 loops (`qQ->?`, `Qq->?`) compare exactly, never through float64;
//  - complex orderings are NumPy's lexicographic CLT/CLE/CGT/CGE with their NaN rule;
//  - logical ops take each input's truth value (nonzero; NaN is true; a complex number is true
//    when either part is nonzero).
// Only the loops of the CPU loop tables are specialised; any other combination does not compile.

// ---- primary templates (no body: a missing loop is a compile error) ----
template <class A> struct op_isnan;
template <class A, class B> struct op_equal;
template <class A, class B> struct op_not_equal;
template <class A, class B> struct op_less;
template <class A, class B> struct op_less_equal;
template <class A, class B> struct op_greater;
template <class A, class B> struct op_greater_equal;
template <class A, class B> struct op_logical_and;
template <class A, class B> struct op_logical_or;
template <class A, class B> struct op_logical_xor;

// ---- helpers ----

/// The value a real loop compares: itself, except half types, which widen (exactly) to f32.
template <class T>
__device__ __forceinline__ T cmp_value(T x) { return x; }
__device__ __forceinline__ f32 cmp_value(f16 x) { return to_f32(x); }
__device__ __forceinline__ f32 cmp_value(bf16 x) { return to_f32(x); }

/// Exact three-way comparison of an int64 with a uint64 (-1, 0, 1): compare.rs's
/// `mixed_int64` widens both to i128; a negative int64 is below every uint64, otherwise both
/// fit in uint64.
__device__ __forceinline__ int cmp3_i64_u64(i64 a, u64 b) {
  if (a < 0) return -1;
  const u64 ua = (u64)a;
  return ua < b ? -1 : (ua > b ? 1 : 0);
}

// NumPy's complex orderings (loops.c.src CLT/CLE/CGT/CGE, ported from compare.rs clt/cle/cgt/
// cge): lexicographic, but a real-part decision only counts when neither imaginary part is NaN.
template <class F>
__device__ __forceinline__ bool clt(F xr, F xi, F yr, F yi) {
  return (xr < yr && !isnan(xi) && !isnan(yi)) || (xr == yr && xi < yi);
}
template <class F>
__device__ __forceinline__ bool cle(F xr, F xi, F yr, F yi) {
  return (xr < yr && !isnan(xi) && !isnan(yi)) || (xr == yr && xi <= yi);
}
template <class F>
__device__ __forceinline__ bool cgt(F xr, F xi, F yr, F yi) {
  return (xr > yr && !isnan(xi) && !isnan(yi)) || (xr == yr && xi > yi);
}
template <class F>
__device__ __forceinline__ bool cge(F xr, F xi, F yr, F yi) {
  return (xr > yr && !isnan(xi) && !isnan(yi)) || (xr == yr && xi >= yi);
}
/// compare.rs ceq / cne: both parts equal / either part different (NaN is never equal).
template <class F>
__device__ __forceinline__ bool ceq(F xr, F xi, F yr, F yi) { return xr == yr && xi == yi; }
template <class F>
__device__ __forceinline__ bool cne(F xr, F xi, F yr, F yi) { return xr != yr || xi != yi; }

/// Truth value of an input of the logical ops (compare.rs `logical!`): nonzero. For floats
/// `x != 0` (so -0.0 is false and NaN is true); halves compare through f32 (exact); complex is
/// true when either part is nonzero.
__device__ __forceinline__ bool truth(bool x) { return x; }
__device__ __forceinline__ bool truth(i8 x) { return x != 0; }
__device__ __forceinline__ bool truth(u8 x) { return x != 0; }
__device__ __forceinline__ bool truth(i16 x) { return x != 0; }
__device__ __forceinline__ bool truth(u16 x) { return x != 0; }
__device__ __forceinline__ bool truth(i32 x) { return x != 0; }
__device__ __forceinline__ bool truth(u32 x) { return x != 0u; }
__device__ __forceinline__ bool truth(i64 x) { return x != 0ll; }
__device__ __forceinline__ bool truth(u64 x) { return x != 0ull; }
__device__ __forceinline__ bool truth(f16 x) { return to_f32(x) != 0.0f; }
__device__ __forceinline__ bool truth(bf16 x) { return to_f32(x) != 0.0f; }
__device__ __forceinline__ bool truth(f32 x) { return x != 0.0f; }
__device__ __forceinline__ bool truth(f64 x) { return x != 0.0; }
__device__ __forceinline__ bool truth(c64 x) { return x.re != 0.0f || x.im != 0.0f; }
__device__ __forceinline__ bool truth(c128 x) { return x.re != 0.0 || x.im != 0.0; }

// ---- isnan (compare.rs `isnan`): floats via f32 for halves; complex when either part is NaN ----
#define ISNAN_REAL(T)                                                                       \
  template <> struct op_isnan<T> {                                                          \
    static __device__ __forceinline__ bool call(T a, int*) { return isnan(cmp_value(a)); }  \
  };
#define ISNAN_CPLX(T)                                                                       \
  template <> struct op_isnan<T> {                                                          \
    static __device__ __forceinline__ bool call(T a, int*) {                                \
      return isnan(a.re) || isnan(a.im);                                                    \
    }                                                                                       \
  };
ISNAN_REAL(f16)
ISNAN_REAL(bf16)
ISNAN_REAL(f32)
ISNAN_REAL(f64)
ISNAN_CPLX(c64)
ISNAN_CPLX(c128)

// ---- comparisons (compare.rs `comparison!`): `a OP b` for bool, ints and floats (halves via
// f32), the complex ordering function for complex, exact mixed int64/uint64 loops ----
#define CMP_REAL(OPN, OPER, T)                                                              \
  template <> struct OPN<T, T> {                                                            \
    static __device__ __forceinline__ bool call(T a, T b, int*) {                           \
      return cmp_value(a) OPER cmp_value(b);                                                \
    }                                                                                       \
  };
#define CMP_CPLX(OPN, FN, T)                                                                \
  template <> struct OPN<T, T> {                                                            \
    static __device__ __forceinline__ bool call(T a, T b, int*) {                           \
      return FN(a.re, a.im, b.re, b.im);                                                    \
    }                                                                                       \
  };
// (u64 a, i64 b): cmp3(a, b) = -cmp3_i64_u64(b, a).
#define CMP_MIXED(OPN, OPER)                                                                \
  template <> struct OPN<i64, u64> {                                                        \
    static __device__ __forceinline__ bool call(i64 a, u64 b, int*) {                       \
      return cmp3_i64_u64(a, b) OPER 0;                                                     \
    }                                                                                       \
  };                                                                                        \
  template <> struct OPN<u64, i64> {                                                        \
    static __device__ __forceinline__ bool call(u64 a, i64 b, int*) {                       \
      return -cmp3_i64_u64(b, a) OPER 0;                                                    \
    }                                                                                       \
  };
#define COMPARISON(OPN, OPER, CFN)                                                          \
  CMP_REAL(OPN, OPER, bool)                                                                 \
  CMP_REAL(OPN, OPER, i8)                                                                   \
  CMP_REAL(OPN, OPER, u8)                                                                   \
  CMP_REAL(OPN, OPER, i16)                                                                  \
  CMP_REAL(OPN, OPER, u16)                                                                  \
  CMP_REAL(OPN, OPER, i32)                                                                  \
  CMP_REAL(OPN, OPER, u32)                                                                  \
  CMP_REAL(OPN, OPER, i64)                                                                  \
  CMP_REAL(OPN, OPER, u64)                                                                  \
  CMP_MIXED(OPN, OPER)                                                                      \
  CMP_REAL(OPN, OPER, f16)                                                                  \
  CMP_REAL(OPN, OPER, bf16)                                                                 \
  CMP_REAL(OPN, OPER, f32)                                                                  \
  CMP_REAL(OPN, OPER, f64)                                                                  \
  CMP_CPLX(OPN, CFN, c64)                                                                   \
  CMP_CPLX(OPN, CFN, c128)

COMPARISON(op_equal, ==, ceq)
COMPARISON(op_not_equal, !=, cne)
COMPARISON(op_less, <, clt)
COMPARISON(op_less_equal, <=, cle)
COMPARISON(op_greater, >, cgt)
COMPARISON(op_greater_equal, >=, cge)

// ---- logical ops (compare.rs `logical!`): combine the inputs' truth values; every dtype has
// a `TT->?` loop (mixed inputs are sent to the bool loop by the host-side resolver) ----
#define LOGIC_ONE(OPN, OPER, T)                                                             \
  template <> struct OPN<T, T> {                                                            \
    static __device__ __forceinline__ bool call(T a, T b, int*) {                           \
      return truth(a) OPER truth(b);                                                        \
    }                                                                                       \
  };
#define LOGICAL(OPN, OPER)                                                                  \
  LOGIC_ONE(OPN, OPER, bool)                                                                \
  LOGIC_ONE(OPN, OPER, i8)                                                                  \
  LOGIC_ONE(OPN, OPER, u8)                                                                  \
  LOGIC_ONE(OPN, OPER, i16)                                                                 \
  LOGIC_ONE(OPN, OPER, u16)                                                                 \
  LOGIC_ONE(OPN, OPER, i32)                                                                 \
  LOGIC_ONE(OPN, OPER, u32)                                                                 \
  LOGIC_ONE(OPN, OPER, i64)                                                                 \
  LOGIC_ONE(OPN, OPER, u64)                                                                 \
  LOGIC_ONE(OPN, OPER, f16)                                                                 \
  LOGIC_ONE(OPN, OPER, bf16)                                                                \
  LOGIC_ONE(OPN, OPER, f32)                                                                 \
  LOGIC_ONE(OPN, OPER, f64)                                                                 \
  LOGIC_ONE(OPN, OPER, c64)                                                                 \
  LOGIC_ONE(OPN, OPER, c128)

LOGICAL(op_logical_and, &&)
LOGICAL(op_logical_or, ||)
LOGICAL(op_logical_xor, !=)  // xor of two bools

// ---- floating-point flags (common.cuh's fp_hook) ----
// NumPy's complex ordering (CLT/CLE/CGT/CGE) compares the real parts with a signalling `<`
// (a NaN real part raises invalid), and the imaginary parts only when the real parts are
// equal (then a NaN imaginary part raises invalid). Real comparisons are quiet.
template <class F>
__device__ __forceinline__ int complex_order_flags(F ar, F ai, F br, F bi) {
  if (fpc<F>::nan(ar) || fpc<F>::nan(br)) return FP_INVALID;
  if (ar == br && (fpc<F>::nan(ai) || fpc<F>::nan(bi))) return FP_INVALID;
  return 0;
}
template <class A, class B>
__device__ __forceinline__ int order_flags(A, B) { return 0; }
__device__ __forceinline__ int order_flags(c64 a, c64 b) {
  return complex_order_flags<f32>(a.re, a.im, b.re, b.im);
}
__device__ __forceinline__ int order_flags(c128 a, c128 b) {
  return complex_order_flags<f64>(a.re, a.im, b.re, b.im);
}
#define CMP_ORDER_FLAGS(OPN)                                                                \
  template <class A, class B>                                                             \
  struct fp_hook<OPN<A, B>> {                                                             \
    template <class TO>                                                                   \
    static __device__ __forceinline__ int of(TO, A a, B b) { return order_flags(a, b); }  \
  };
CMP_ORDER_FLAGS(op_less)
CMP_ORDER_FLAGS(op_less_equal)
CMP_ORDER_FLAGS(op_greater)
CMP_ORDER_FLAGS(op_greater_equal)
#undef CMP_ORDER_FLAGS
