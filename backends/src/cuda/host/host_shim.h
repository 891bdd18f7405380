// Host shim: makes the CUDA C kernel sources of backends/src/cuda/kernels/ compile as plain
// host C++17 (g++), so their *logic* can be run and checked against the CPU engine on machines
// without a GPU (harness/tests/cuda_kernels_on_host.rs). It stands in for <cuda_fp16.h> and
// <cuda_bf16.h>: the test replaces those two include lines of each generated module with this
// file's text.
//
// What it maps, and how faithfully:
// - __device__/__host__/__global__ are dropped, __forceinline__ is `inline`, __align__(n) is
//   alignas(n); __restrict__ is already a g++ keyword.
// - blockIdx/threadIdx are 0 and blockDim/gridDim 1: a launch is one thread, so every kernel's
//   grid-stride loop walks all n elements in order.
// - __shared__ is dropped (a block-shared array becomes the one thread's local array) and
//   __syncthreads() does nothing. Faithful for kernels whose work is written as
//   `for (lane = threadIdx.x; lane < L; lane += blockDim.x)` passes separated by barriers (the
//   reductions): with one thread, that thread runs every lane of a pass before the next pass,
//   which is exactly the order a barrier enforces on the GPU, and the values each lane computes
//   do not depend on which thread computed them. So the host computes the GPU's bits.
// - __half / __nv_bfloat16 are 2-byte structs holding the encoding. Their conversions are the
//   GPU's: exact widening to float, and float -> 16 bit as well as double -> 16 bit (__double2half,
//   __double2bfloat16) rounded once, to nearest even, directly from the source value (cvt.rn;
//   CUDA's software fallbacks for older archs are also correctly rounded). A NaN becomes the
//   canonical 0x7fff, as cvt does.
// - The CUDA math functions (sinf, exp, hypot, ...) are the C library's through <cmath> and
//   <math.h> (float overloads included), which is what the CPU engine (Rust calling glibc) uses
//   — except cbrt/cbrtf, which Rust does not take from the C library (see below). The GPU's own
//   libdevice implementations differ in the last bits for most transcendental functions; that
//   is not what this shim checks.
// - Bit reinterpretations (__float_as_uint, __double_as_longlong, ...) are memcpy, __ffs and
//   __ffsll are the GCC builtins (same 1-based semantics).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <math.h>

#define __device__
#define __host__
#define __global__
#define __forceinline__ inline
#define __align__(n) alignas(n)

// ---- launch geometry: a single thread covering the whole grid-stride loop ----
struct host_shim_dim3 {
  unsigned int x, y, z;
};
static const host_shim_dim3 blockIdx = {0, 0, 0};
static const host_shim_dim3 threadIdx = {0, 0, 0};
static const host_shim_dim3 blockDim = {1, 1, 1};
static const host_shim_dim3 gridDim = {1, 1, 1};
#define __shared__
static inline void __syncthreads() {}

// ---- atomics: one thread, so a plain read-modify-write ----
static inline int atomicOr(int* p, int v) {
  const int old = *p;
  *p = old | v;
  return old;
}

// ---- population counts: the GCC builtins (same results as the device intrinsics) ----
static inline int __popc(unsigned int x) { return __builtin_popcount(x); }
static inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }

// ---- cbrt / cbrtf: the CPU engine's own ----
// Rust's std does not call the C library's cbrt/cbrtf: compiler-builtins links its own versions
// (the `libm` crate's) into every Rust binary, and glibc's differ from them in the last bit
// (e.g. cbrt(2.0): Rust 0x3ff428a2f98d728b, the correctly rounded value; glibc ...728c). So that the comparison checks kernel logic and not two libm's, the host test hands the
// shim the CPU's functions (`host_shim_set_cbrt`) right after loading a module; unset, the C
// library's are used. (On the GPU, cbrt/cbrtf are libdevice's, a third implementation.)
static double (*host_shim_cbrt_fn)(double) = nullptr;
static float (*host_shim_cbrtf_fn)(float) = nullptr;
extern "C" void host_shim_set_cbrt(double (*f64_cbrt)(double), float (*f32_cbrt)(float)) {
  host_shim_cbrt_fn = f64_cbrt;
  host_shim_cbrtf_fn = f32_cbrt;
}
static inline double host_shim_cbrt(double x) {
  return host_shim_cbrt_fn ? host_shim_cbrt_fn(x) : std::cbrt(x);
}
static inline float host_shim_cbrt(float x) {
  return host_shim_cbrtf_fn ? host_shim_cbrtf_fn(x) : std::cbrt(x);
}
static inline float host_shim_cbrtf(float x) { return host_shim_cbrt(x); }
// Function-like macros, so `cbrt(x)` / `cbrtf(x)` in the kernel sources (including the ones
// formed when a function name is passed to a stamping macro) call the functions above; the
// float overload is CUDA's `cbrt(float)`.
#define cbrt(x) host_shim_cbrt(x)
#define cbrtf(x) host_shim_cbrtf(x)

// ---- bit reinterpretation ----
template <class To, class From>
static inline To host_shim_bit_cast(From v) {
  static_assert(sizeof(To) == sizeof(From), "bit cast between different sizes");
  To t;
  std::memcpy(&t, &v, sizeof(To));
  return t;
}
__device__ __forceinline__ float __int_as_float(int v) { return host_shim_bit_cast<float>(v); }
__device__ __forceinline__ int __float_as_int(float v) { return host_shim_bit_cast<int>(v); }
__device__ __forceinline__ float __uint_as_float(unsigned int v) {
  return host_shim_bit_cast<float>(v);
}
__device__ __forceinline__ unsigned int __float_as_uint(float v) {
  return host_shim_bit_cast<unsigned int>(v);
}
__device__ __forceinline__ double __longlong_as_double(long long v) {
  return host_shim_bit_cast<double>(v);
}
__device__ __forceinline__ long long __double_as_longlong(double v) {
  return host_shim_bit_cast<long long>(v);
}

// ---- integer intrinsics ----
__device__ __forceinline__ int __ffs(int x) { return __builtin_ffs(x); }
__device__ __forceinline__ int __ffsll(long long x) { return __builtin_ffsll(x); }

// ---- 16-bit float types ----
struct alignas(2) __half {
  unsigned short x;
};
struct alignas(2) __nv_bfloat16 {
  unsigned short x;
};
static_assert(sizeof(__half) == 2, "__half is 2 bytes");
static_assert(sizeof(__nv_bfloat16) == 2, "__nv_bfloat16 is 2 bytes");

/// A double rounded once, to nearest even, to the binary format with `man_bits` stored
/// mantissa bits and `exp_bits` exponent bits (subnormals, overflow to infinity, signed zeros);
/// a NaN gives the canonical 0x7fff. Returns the encoding.
static inline unsigned short host_shim_round_from_double(double v, int man_bits, int exp_bits) {
  const uint64_t bits = host_shim_bit_cast<uint64_t>(v);
  const unsigned short sign = (unsigned short)((bits >> 63) << 15);
  const int exp_field = (int)((bits >> 52) & 0x7ff);
  const uint64_t frac = bits & 0x000fffffffffffffULL;
  const unsigned int exp_all_ones = (1u << exp_bits) - 1u;
  const unsigned short inf = (unsigned short)(sign | (exp_all_ones << man_bits));
  if (exp_field == 0x7ff) return frac != 0 ? (unsigned short)0x7fff : inf;
  if (exp_field == 0 && frac == 0) return sign;
  // |v| = m * 2^q0 with m an integer of at most 53 bits.
  uint64_t m;
  int q0;
  int e;  // floor(log2 |v|)
  if (exp_field == 0) {
    m = frac;
    q0 = -1074;
    e = -1074 + (63 - __builtin_clzll(m));
  } else {
    m = frac | (1ULL << 52);
    q0 = exp_field - 1075;
    e = exp_field - 1023;
  }
  const int bias = (int)(exp_all_ones >> 1);
  const int emin = 1 - bias;
  // The quantum of the target format at |v|: its ulp, or the subnormal spacing below emin.
  int q = (e > emin ? e : emin) - man_bits;
  const int shift = q - q0;  // > 0: the target never has more precision than double
  uint64_t r;
  if (shift >= 64) {
    r = 0;  // |v| < 2^(q-11): far below half a quantum
  } else {
    r = m >> shift;
    const uint64_t rem = m & ((1ULL << shift) - 1);
    const uint64_t half = 1ULL << (shift - 1);
    if (rem > half || (rem == half && (r & 1))) r += 1;
  }
  if (r == 0) return sign;
  if (r >> (man_bits + 1)) {  // rounding carried into a new binade
    r >>= 1;
    q += 1;
  }
  if (!(r >> man_bits)) return (unsigned short)(sign | r);  // subnormal
  const int biased = q + man_bits + bias;
  if (biased >= (int)exp_all_ones) return inf;
  return (unsigned short)(sign | ((unsigned int)biased << man_bits) |
                          (unsigned int)(r & ((1ULL << man_bits) - 1)));
}

/// The value of a 16-bit encoding with `man_bits` mantissa and `exp_bits` exponent bits
/// (exact in float).
static inline float host_shim_widen(unsigned short h, int man_bits, int exp_bits) {
  const bool neg = (h >> 15) != 0;
  const unsigned int exp_all_ones = (1u << exp_bits) - 1u;
  const unsigned int ex = (h >> man_bits) & exp_all_ones;
  const unsigned int man = h & ((1u << man_bits) - 1u);
  const int bias = (int)(exp_all_ones >> 1);
  float r;
  if (ex == exp_all_ones) {
    r = man != 0 ? NAN : INFINITY;
  } else if (ex == 0) {
    r = std::ldexp((float)man, 1 - bias - man_bits);
  } else {
    r = std::ldexp((float)(man | (1u << man_bits)), (int)ex - bias - man_bits);
  }
  return neg ? -r : r;
}

__device__ __forceinline__ float __half2float(__half h) { return host_shim_widen(h.x, 10, 5); }
__device__ __forceinline__ __half __double2half(double v) {
  __half h;
  h.x = host_shim_round_from_double(v, 10, 5);
  return h;
}
// float -> half through double is exact widening plus one rounding: the same as cvt.rn.f16.f32.
__device__ __forceinline__ __half __float2half_rn(float v) { return __double2half((double)v); }
__device__ __forceinline__ __half __float2half(float v) { return __float2half_rn(v); }
__device__ __forceinline__ unsigned short __half_as_ushort(__half h) { return h.x; }
__device__ __forceinline__ __half __ushort_as_half(unsigned short x) {
  __half h;
  h.x = x;
  return h;
}

__device__ __forceinline__ float __bfloat162float(__nv_bfloat16 b) {
  // The encoding is the top half of a float's.
  return host_shim_bit_cast<float>((unsigned int)b.x << 16);
}
__device__ __forceinline__ __nv_bfloat16 __double2bfloat16(double v) {
  __nv_bfloat16 b;
  b.x = host_shim_round_from_double(v, 7, 8);
  return b;
}
__device__ __forceinline__ __nv_bfloat16 __float2bfloat16_rn(float v) {
  return __double2bfloat16((double)v);
}
__device__ __forceinline__ __nv_bfloat16 __float2bfloat16(float v) {
  return __float2bfloat16_rn(v);
}
__device__ __forceinline__ unsigned short __bfloat16_as_ushort(__nv_bfloat16 b) { return b.x; }
__device__ __forceinline__ __nv_bfloat16 __ushort_as_bfloat16(unsigned short x) {
  __nv_bfloat16 b;
  b.x = x;
  return b;
}
