// Shared by every kernel module: element types, the geometry of a strided launch, half and
// complex helpers, and the macros that stamp out one contiguous and one strided kernel per
// ufunc loop. The Rust side (backends/src/cuda/source.rs) appends one instantiation line per
// loop of the op's loop table, so a loop without a device implementation fails to compile.
//
// Semantics are the CPU engine's (which are NumPy's): kernels never decide dtypes, casts or
// broadcasting; they compute one loop signature over already broadcast operands.
#pragma once
#include <cuda_fp16.h>
#include <cuda_bf16.h>

typedef signed char i8;
typedef unsigned char u8;
typedef short i16;
typedef unsigned short u16;
typedef int i32;
typedef unsigned int u32;
typedef long long i64;
typedef unsigned long long u64;
typedef __half f16;
typedef __nv_bfloat16 bf16;
typedef float f32;
typedef double f64;

/// complex64: NumPy's layout (re, im), 8-byte aligned.
struct __align__(8) c64 {
  f32 re, im;
};
/// complex128: NumPy's layout (re, im), 16-byte aligned.
struct __align__(16) c128 {
  f64 re, im;
};

/// Most dimensions a strided launch carries after the host coalesced them.
#define MAX_DIMS 16
/// Most operands (inputs + output) of a strided launch.
#define MAX_OPERANDS 4

/// Shape and per-operand element strides of a launch, passed by value. Operand k's element at
/// C-order position i is at  sum_d idx_d(i) * strides[k][d]  from its (already offset) pointer.
struct Geometry {
  i64 ndim;
  i64 dims[MAX_DIMS];
  i64 strides[MAX_OPERANDS][MAX_DIMS];
};

/// Element offsets of operands 0..K-1 at C-order position i (64-bit throughout).
template <int K>
__device__ __forceinline__ void geometry_offsets(const Geometry& g, i64 i, i64 (&off)[K]) {
#pragma unroll
  for (int k = 0; k < K; ++k) off[k] = 0;
  for (int d = (int)g.ndim - 1; d >= 0; --d) {
    const i64 n = g.dims[d];
    const i64 idx = i % n;
    i /= n;
#pragma unroll
    for (int k = 0; k < K; ++k) off[k] += idx * g.strides[k][d];
  }
}

/// Grid-stride loop over 0..n with 64-bit indices.
#define GRID_STRIDE(i, n)                                                                 \
  for (i64 i = (i64)blockIdx.x * blockDim.x + threadIdx.x; i < (n);                         \
       i += (i64)blockDim.x * gridDim.x)

// ---- half types: computed through float32 and rounded once, as NumPy's float16 loops do ----
__device__ __forceinline__ f32 to_f32(f16 x) { return __half2float(x); }
__device__ __forceinline__ f32 to_f32(bf16 x) { return __bfloat162float(x); }
template <class T>
__device__ __forceinline__ T from_f32(f32 x);
template <>
__device__ __forceinline__ f16 from_f32<f16>(f32 x) { return __float2half_rn(x); }
template <>
__device__ __forceinline__ bf16 from_f32<bf16>(f32 x) { return __float2bfloat16_rn(x); }

// ---- complex basics (NumPy's plain formulas; compiled with --fmad=false so a*b-c*d is not
// contracted into an fma, as NumPy's C loops are not) ----
__device__ __forceinline__ c64 cmake(f32 re, f32 im) { c64 z; z.re = re; z.im = im; return z; }
__device__ __forceinline__ c128 cmake(f64 re, f64 im) { c128 z; z.re = re; z.im = im; return z; }
__device__ __forceinline__ c64 cadd(c64 a, c64 b) { return cmake(a.re + b.re, a.im + b.im); }
__device__ __forceinline__ c128 cadd(c128 a, c128 b) { return cmake(a.re + b.re, a.im + b.im); }
__device__ __forceinline__ c64 csub(c64 a, c64 b) { return cmake(a.re - b.re, a.im - b.im); }
__device__ __forceinline__ c128 csub(c128 a, c128 b) { return cmake(a.re - b.re, a.im - b.im); }
__device__ __forceinline__ c64 cmul(c64 a, c64 b) {
  return cmake(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}
__device__ __forceinline__ c128 cmul(c128 a, c128 b) {
  return cmake(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
}
__device__ __forceinline__ c64 cneg(c64 a) { return cmake(-a.re, -a.im); }
__device__ __forceinline__ c128 cneg(c128 a) { return cmake(-a.re, -a.im); }

/// Error codes a kernel may report through its `err` argument (first writer wins is fine:
/// every writer of one launch writes the same code). The host maps them to typed errors.
#define ERR_NEGATIVE_INT_POWER 1

// ---- floating-point status, in software ----
// A GPU has no IEEE status flags to read, so each element's flags are derived from its
// operands and result (fp_generic) or, where that rule is not what the CPU's libm and FPU
// raise for an op, by the op's own fp_hook specialisation. They are OR-ed into err[1] (the
// host passes two ints, or none when its errstate ignores everything) with NumPy's bits.
// Underflow is not derived: whether a tiny result was inexact is not visible from values.
#define FP_DIVIDE 1
#define FP_OVERFLOW 2
#define FP_UNDERFLOW 4
#define FP_INVALID 8

__device__ __forceinline__ void fp_raise(int* err, int f) {
  if (f != 0 && err != nullptr) atomicOr(err + 1, f);
}

/// Value classes of an element: integers and bool are never NaN or infinite.
template <class T>
struct fpc {
  static constexpr bool is_float = false;
  static constexpr bool is_complex = false;
  static __device__ __forceinline__ bool nan(T) { return false; }
  static __device__ __forceinline__ bool inf(T) { return false; }
  static __device__ __forceinline__ bool zero(T x) { return x == (T)0; }
  static __device__ __forceinline__ bool neg(T x) { return x < (T)0; }
};
template <>
struct fpc<f32> {
  static constexpr bool is_float = true;
  static constexpr bool is_complex = false;
  static __device__ __forceinline__ bool nan(f32 x) { return x != x; }
  static __device__ __forceinline__ bool inf(f32 x) { return fabsf(x) == __int_as_float(0x7f800000); }
  static __device__ __forceinline__ bool zero(f32 x) { return x == 0.0f; }
  static __device__ __forceinline__ bool neg(f32 x) { return x < 0.0f; }
};
template <>
struct fpc<f64> {
  static constexpr bool is_float = true;
  static constexpr bool is_complex = false;
  static __device__ __forceinline__ bool nan(f64 x) { return x != x; }
  static __device__ __forceinline__ bool inf(f64 x) {
    return fabs(x) == __longlong_as_double(0x7ff0000000000000LL);
  }
  static __device__ __forceinline__ bool zero(f64 x) { return x == 0.0; }
  static __device__ __forceinline__ bool neg(f64 x) { return x < 0.0; }
};
template <>
struct fpc<f16> {
  static constexpr bool is_float = true;
  static constexpr bool is_complex = false;
  static __device__ __forceinline__ bool nan(f16 x) { return fpc<f32>::nan(to_f32(x)); }
  static __device__ __forceinline__ bool inf(f16 x) { return fpc<f32>::inf(to_f32(x)); }
  static __device__ __forceinline__ bool zero(f16 x) { return to_f32(x) == 0.0f; }
  static __device__ __forceinline__ bool neg(f16 x) { return to_f32(x) < 0.0f; }
};
template <>
struct fpc<bf16> {
  static constexpr bool is_float = true;
  static constexpr bool is_complex = false;
  static __device__ __forceinline__ bool nan(bf16 x) { return fpc<f32>::nan(to_f32(x)); }
  static __device__ __forceinline__ bool inf(bf16 x) { return fpc<f32>::inf(to_f32(x)); }
  static __device__ __forceinline__ bool zero(bf16 x) { return to_f32(x) == 0.0f; }
  static __device__ __forceinline__ bool neg(bf16 x) { return to_f32(x) < 0.0f; }
};
/// Complex: NaN or infinite when a part is; zero when both are.
template <>
struct fpc<c64> {
  static constexpr bool is_float = true;
  static constexpr bool is_complex = true;
  static __device__ __forceinline__ bool nan(c64 z) { return fpc<f32>::nan(z.re) || fpc<f32>::nan(z.im); }
  static __device__ __forceinline__ bool inf(c64 z) { return fpc<f32>::inf(z.re) || fpc<f32>::inf(z.im); }
  static __device__ __forceinline__ bool zero(c64 z) { return z.re == 0.0f && z.im == 0.0f; }
};
template <>
struct fpc<c128> {
  static constexpr bool is_float = true;
  static constexpr bool is_complex = true;
  static __device__ __forceinline__ bool nan(c128 z) { return fpc<f64>::nan(z.re) || fpc<f64>::nan(z.im); }
  static __device__ __forceinline__ bool inf(c128 z) { return fpc<f64>::inf(z.re) || fpc<f64>::inf(z.im); }
  static __device__ __forceinline__ bool zero(c128 z) { return z.re == 0.0 && z.im == 0.0; }
};

/// The IEEE rule read off values: a NaN from operands without one is an invalid operation;
/// an infinity from finite operands is a division by zero when an operand is zero (a pole:
/// 1/0, log(0), 0**-1) and an overflow otherwise. Integer and bool results raise nothing here
/// (their loops raise by hand through fp_hook, as NumPy's do).
template <class TO, class... TI>
__device__ __forceinline__ int fp_generic(TO r, TI... in) {
  if (!fpc<TO>::is_float) return 0;
  const bool nan_in = (false || ... || fpc<TI>::nan(in));
  const bool inf_in = (false || ... || fpc<TI>::inf(in));
  const bool zero_in = (false || ... || fpc<TI>::zero(in));
  int f = 0;
  if (fpc<TO>::nan(r) && !nan_in) f |= FP_INVALID;
  if (fpc<TO>::inf(r) && !nan_in && !inf_in) f |= zero_in ? FP_DIVIDE : FP_OVERFLOW;
  return f;
}

/// The flags of one element of op class OPC (`op_log<f32>`): fp_generic unless the op's file
/// specialises this for its class.
template <class OPC>
struct fp_hook {
  template <class TO, class... TI>
  static __device__ __forceinline__ int of(TO r, TI... in) {
    return fp_generic(r, in...);
  }
};

// ---- kernel stamps: NAME_contig (every operand C-contiguous, same shape) and NAME_strided
// (broadcast or strided inputs; the output is always a fresh C-contiguous buffer). The device
// function is OP<input types...>::call(inputs..., err). ----
#define UNARY_KERNELS(NAME, OP, TA, TO)                                                     \
  extern "C" __global__ void NAME##_contig(i64 n, const TA* __restrict__ a,                 \
                                           TO* __restrict__ out, int* __restrict__ err) {   \
    GRID_STRIDE(i, n) {                                                                     \
      const TO r_ = OP<TA>::call(a[i], err);                                                \
      out[i] = r_;                                                                          \
      fp_raise(err, fp_hook<OP<TA>>::of(r_, a[i]));                                         \
    }                                     \
  }                                                                                         \
  extern "C" __global__ void NAME##_strided(i64 n, Geometry g, const TA* __restrict__ a,    \
                                            TO* __restrict__ out, int* __restrict__ err) {  \
    GRID_STRIDE(i, n) {                                                                     \
      i64 off[1];                                                                           \
      geometry_offsets<1>(g, i, off);                                                       \
      const TO r_ = OP<TA>::call(a[off[0]], err);                                           \
      out[i] = r_;                                                                          \
      fp_raise(err, fp_hook<OP<TA>>::of(r_, a[off[0]]));                                    \
    }                                                                                       \
  }

#define BINARY_KERNELS(NAME, OP, TA, TB, TO)                                                \
  extern "C" __global__ void NAME##_contig(i64 n, const TA* __restrict__ a,                 \
                                           const TB* __restrict__ b, TO* __restrict__ out,  \
                                           int* __restrict__ err) {                         \
    GRID_STRIDE(i, n) {                                                                     \
      const TO r_ = OP<TA, TB>::call(a[i], b[i], err);                                      \
      out[i] = r_;                                                                          \
      fp_raise(err, fp_hook<OP<TA, TB>>::of(r_, a[i], b[i]));                               \
    }                           \
  }                                                                                         \
  extern "C" __global__ void NAME##_strided(i64 n, Geometry g, const TA* __restrict__ a,    \
                                            const TB* __restrict__ b, TO* __restrict__ out, \
                                            int* __restrict__ err) {                        \
    GRID_STRIDE(i, n) {                                                                     \
      i64 off[2];                                                                           \
      geometry_offsets<2>(g, i, off);                                                       \
      const TO r_ = OP<TA, TB>::call(a[off[0]], b[off[1]], err);                            \
      out[i] = r_;                                                                          \
      fp_raise(err, fp_hook<OP<TA, TB>>::of(r_, a[off[0]], b[off[1]]));                     \
    }                                                                                       \
  }

#define TERNARY_KERNELS(NAME, OP, TA, TB, TC, TO)                                           \
  extern "C" __global__ void NAME##_contig(i64 n, const TA* __restrict__ a,                 \
                                           const TB* __restrict__ b,                        \
                                           const TC* __restrict__ c, TO* __restrict__ out,  \
                                           int* __restrict__ err) {                         \
    GRID_STRIDE(i, n) {                                                                     \
      const TO r_ = OP<TA, TB, TC>::call(a[i], b[i], c[i], err);                            \
      out[i] = r_;                                                                          \
      fp_raise(err, fp_hook<OP<TA, TB, TC>>::of(r_, a[i], b[i], c[i]));                     \
    }                 \
  }                                                                                         \
  extern "C" __global__ void NAME##_strided(i64 n, Geometry g, const TA* __restrict__ a,    \
                                            const TB* __restrict__ b,                       \
                                            const TC* __restrict__ c, TO* __restrict__ out, \
                                            int* __restrict__ err) {                        \
    GRID_STRIDE(i, n) {                                                                     \
      i64 off[3];                                                                           \
      geometry_offsets<3>(g, i, off);                                                       \
      const TO r_ = OP<TA, TB, TC>::call(a[off[0]], b[off[1]], c[off[2]], err);             \
      out[i] = r_;                                                                          \
      fp_raise(err, fp_hook<OP<TA, TB, TC>>::of(r_, a[off[0]], b[off[1]], c[off[2]]));      \
    }                                                                                       \
  }
