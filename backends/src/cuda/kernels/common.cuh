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

// ---- kernel stamps: NAME_contig (every operand C-contiguous, same shape) and NAME_strided
// (broadcast or strided inputs; the output is always a fresh C-contiguous buffer). The device
// function is OP<input types...>::call(inputs..., err). ----
#define UNARY_KERNELS(NAME, OP, TA, TO)                                                     \
  extern "C" __global__ void NAME##_contig(i64 n, const TA* __restrict__ a,                 \
                                           TO* __restrict__ out, int* __restrict__ err) {   \
    GRID_STRIDE(i, n) out[i] = OP<TA>::call(a[i], err);                                     \
  }                                                                                         \
  extern "C" __global__ void NAME##_strided(i64 n, Geometry g, const TA* __restrict__ a,    \
                                            TO* __restrict__ out, int* __restrict__ err) {  \
    GRID_STRIDE(i, n) {                                                                     \
      i64 off[1];                                                                           \
      geometry_offsets<1>(g, i, off);                                                       \
      out[i] = OP<TA>::call(a[off[0]], err);                                                \
    }                                                                                       \
  }

#define BINARY_KERNELS(NAME, OP, TA, TB, TO)                                                \
  extern "C" __global__ void NAME##_contig(i64 n, const TA* __restrict__ a,                 \
                                           const TB* __restrict__ b, TO* __restrict__ out,  \
                                           int* __restrict__ err) {                         \
    GRID_STRIDE(i, n) out[i] = OP<TA, TB>::call(a[i], b[i], err);                           \
  }                                                                                         \
  extern "C" __global__ void NAME##_strided(i64 n, Geometry g, const TA* __restrict__ a,    \
                                            const TB* __restrict__ b, TO* __restrict__ out, \
                                            int* __restrict__ err) {                        \
    GRID_STRIDE(i, n) {                                                                     \
      i64 off[2];                                                                           \
      geometry_offsets<2>(g, i, off);                                                       \
      out[i] = OP<TA, TB>::call(a[off[0]], b[off[1]], err);                                 \
    }                                                                                       \
  }

#define TERNARY_KERNELS(NAME, OP, TA, TB, TC, TO)                                           \
  extern "C" __global__ void NAME##_contig(i64 n, const TA* __restrict__ a,                 \
                                           const TB* __restrict__ b,                        \
                                           const TC* __restrict__ c, TO* __restrict__ out,  \
                                           int* __restrict__ err) {                         \
    GRID_STRIDE(i, n) out[i] = OP<TA, TB, TC>::call(a[i], b[i], c[i], err);                 \
  }                                                                                         \
  extern "C" __global__ void NAME##_strided(i64 n, Geometry g, const TA* __restrict__ a,    \
                                            const TB* __restrict__ b,                       \
                                            const TC* __restrict__ c, TO* __restrict__ out, \
                                            int* __restrict__ err) {                        \
    GRID_STRIDE(i, n) {                                                                     \
      i64 off[3];                                                                           \
      geometry_offsets<3>(g, i, off);                                                       \
      out[i] = OP<TA, TB, TC>::call(a[off[0]], b[off[1]], c[off[2]], err);                  \
    }                                                                                       \
  }
