// Three-operand ops on the device: `where` and `clip`. A port of
// backends/src/ops/kernels/ternary.rs, one `op_<name>` class template per op with a
// specialisation per loop (the primary templates have no body, so a missing loop is a compile
// error). Results are always one of the operands, bit for bit (no arithmetic, no rounding):
// float16/bfloat16 are only compared, through float32, which is exact.
//
// clip has two float32/float64/bfloat16 variants on the CPU, chosen from the bound operands'
// strides (NumPy's constant-bounds fast path). A device function only sees values, so:
//   op_clip        = the general path (`clip_float`), which the stamped `clip_<dtype>` kernels use;
//   op_clip_const  = the constant-bounds path (`clip_float_const`) for the same loops, for the
//                    host to stamp (e.g. `TERNARY_KERNELS(clip_float32_const, op_clip_const,
//                    f32, f32, f32, f32)`) and launch when both bounds have every stride 0.
//                    For dtypes where the CPU has a single path it is the same as op_clip.

// ---- comparison views (file-local) ----
__device__ __forceinline__ f32 tn_val(f16 x) { return to_f32(x); }
__device__ __forceinline__ f32 tn_val(bf16 x) { return to_f32(x); }
__device__ __forceinline__ f32 tn_val(f32 x) { return x; }
__device__ __forceinline__ f64 tn_val(f64 x) { return x; }

#define TN_INTS(X) X(bool) X(i8) X(u8) X(i16) X(u16) X(i32) X(u32) X(i64) X(u64)
#define TN_ALL(X) TN_INTS(X) X(f16) X(bf16) X(f32) X(f64) X(c64) X(c128)

// ============================================================================================
// where (ternary.rs `where_`): the `(bool, T, T) -> T` loops, `if c { x } else { y }`. The
// resolver already made the condition bool (nonzero-ness) and x, y the result type.
template <class C, class X, class Y> struct op_where;
#define TN_WHERE(T)                                                                        \
  template <> struct op_where<bool, T, T> {                                                \
    static __device__ __forceinline__ T call(bool c, T x, T y, int*) { return c ? x : y; }  \
  };
TN_ALL(TN_WHERE)

// ============================================================================================
// clip (ternary.rs `clip`): NumPy's `min(max(x, lo), hi)` with per-kind max/min.
template <class X, class L, class H> struct op_clip;
template <class X, class L, class H> struct op_clip_const;

// Integers and bool (`clip_ord`, PyArray_MAX/PyArray_MIN): max takes x only when x > lo, min
// takes m only when m < hi.
template <class T>
__device__ __forceinline__ T tn_clip_ord(T x, T lo, T hi) {
  const T m = x > lo ? x : lo;
  return m < hi ? m : hi;
}
#define TN_CLIP_INT(T)                                                                     \
  template <> struct op_clip<T, T, T> {                                                   \
    static __device__ __forceinline__ T call(T x, T lo, T hi, int*) {                      \
      return tn_clip_ord(x, lo, hi);                                                       \
    }                                                                                      \
  };                                                                                       \
  template <> struct op_clip_const<T, T, T> : op_clip<T, T, T> {};
TN_INTS(TN_CLIP_INT)

// float16 (`clip_half`, NumPy's half_tag): a NaN first operand wins, ties keep the first
// operand (>= / <=). Same on both paths.
template <> struct op_clip<f16, f16, f16> {
  static __device__ __forceinline__ f16 call(f16 x, f16 lo, f16 hi, int*) {
    const f32 xv = tn_val(x);
    const f16 m = (isnan(xv) || xv >= tn_val(lo)) ? x : lo;
    const f32 mv = tn_val(m);
    return (isnan(mv) || mv <= tn_val(hi)) ? m : hi;
  }
};
template <> struct op_clip_const<f16, f16, f16> : op_clip<f16, f16, f16> {};

// float32/float64, and bfloat16 through float32's loops (ml_dtypes has none of its own).
// General path (`clip_float`): a NaN first operand wins, ties go to the bound (> / <); a NaN
// bound then comes out through the failed comparison.
template <class T>
__device__ __forceinline__ T tn_clip_float(T x, T lo, T hi) {
  const auto xv = tn_val(x);
  const T m = (isnan(xv) || xv > tn_val(lo)) ? x : lo;
  const auto mv = tn_val(m);
  return (isnan(mv) || mv < tn_val(hi)) ? m : hi;
}
// Constant-bounds path (`clip_float_const`): a NaN bound (lo first) fills the output;
// otherwise only strict comparisons replace x, so ties keep x and a NaN x stays.
template <class T>
__device__ __forceinline__ T tn_clip_float_const(T x, T lo, T hi) {
  if (isnan(tn_val(lo))) return lo;
  if (isnan(tn_val(hi))) return hi;
  const T y = tn_val(x) < tn_val(lo) ? lo : x;
  return tn_val(y) > tn_val(hi) ? hi : y;
}
#define TN_CLIP_FLOAT(T)                                                                   \
  template <> struct op_clip<T, T, T> {                                                   \
    static __device__ __forceinline__ T call(T x, T lo, T hi, int*) {                      \
      return tn_clip_float(x, lo, hi);                                                     \
    }                                                                                      \
  };                                                                                       \
  template <> struct op_clip_const<T, T, T> {                                             \
    static __device__ __forceinline__ T call(T x, T lo, T hi, int*) {                      \
      return tn_clip_float_const(x, lo, hi);                                               \
    }                                                                                      \
  };
TN_CLIP_FLOAT(bf16)
TN_CLIP_FLOAT(f32)
TN_CLIP_FLOAT(f64)

// Complex (`clip_complex`): lexicographic order (real parts, then imaginary parts when the
// real parts compare equal); a first operand with a NaN part wins. Same on both paths.
template <class C>
__device__ __forceinline__ bool tn_has_nan(C z) {
  return isnan(z.re) || isnan(z.im);
}
template <class C>
__device__ __forceinline__ bool tn_cgt(C a, C b) {
  return a.re == b.re ? a.im > b.im : a.re > b.re;
}
template <class C>
__device__ __forceinline__ bool tn_clt(C a, C b) {
  return a.re == b.re ? a.im < b.im : a.re < b.re;
}
#define TN_CLIP_COMPLEX(C)                                                                 \
  template <> struct op_clip<C, C, C> {                                                   \
    static __device__ __forceinline__ C call(C x, C lo, C hi, int*) {                      \
      const C m = (tn_has_nan(x) || tn_cgt(x, lo)) ? x : lo;                               \
      return (tn_has_nan(m) || tn_clt(m, hi)) ? m : hi;                                    \
    }                                                                                      \
  };                                                                                       \
  template <> struct op_clip_const<C, C, C> : op_clip<C, C, C> {};
TN_CLIP_COMPLEX(c64)
TN_CLIP_COMPLEX(c128)
