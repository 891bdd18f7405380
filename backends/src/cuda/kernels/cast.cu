// Casts between the fifteen dtypes with the CPU engine's C-cast semantics (backends/src/element.rs:
// every value widens exactly to a "hub" — bool, int64, uint64, float64 or complex128 — and
// converts out with one rounding). One contiguous and one strided kernel per (from, to) pair;
// the strided one also writes through a strided destination (out= and in-place scatters).

// ---- exact widening to the hub ----
__device__ __forceinline__ bool hub_nonzero(f64 x) { return x != 0.0; }

// float -> integer as x86-64's truncating conversions give it (NumPy's C casts compile to them):
// NaN, inf and out-of-range give the "integer indefinite" value.
__device__ __forceinline__ i32 f64_to_i32_x86(f64 v) {
  if (v != v || v <= -2147483649.0 || v >= 2147483648.0) return (i32)0x80000000;
  return (i32)v;
}
__device__ __forceinline__ i64 f64_to_i64_x86(f64 v) {
  if (v != v || !(v >= -9.223372036854776e18 && v < 9.223372036854776e18))
    return (i64)0x8000000000000000ULL;
  return (i64)v;
}
// float -> uint64 as NumPy's x86 casts compile it: below 2^63 the signed conversion (so NaN,
// -inf and values below -2^63 give 2^63), from 2^63 up `cvttsd2si(v - 2^63) ^ 2^63` (so 2^64
// and above, and inf, give 0). The CPU engine's `u64::from_hub` is the same rule.
__device__ __forceinline__ u64 f64_to_u64(f64 v) {
  if (v >= 9.223372036854776e18)
    return ((u64)f64_to_i64_x86(v - 9.223372036854776e18)) ^ 0x8000000000000000ULL;
  return (u64)f64_to_i64_x86(v);
}

// A source value in hub form: tag 0 bool, 1 signed, 2 unsigned, 3 float, 4 complex.
struct Hub {
  int tag;
  bool b;
  i64 i;
  u64 u;
  f64 re, im;
};
__device__ __forceinline__ Hub hub_b(bool v) { Hub h; h.tag = 0; h.b = v; h.i = 0; h.u = 0; h.re = 0; h.im = 0; return h; }
__device__ __forceinline__ Hub hub_i(i64 v) { Hub h; h.tag = 1; h.b = false; h.i = v; h.u = 0; h.re = 0; h.im = 0; return h; }
__device__ __forceinline__ Hub hub_u(u64 v) { Hub h; h.tag = 2; h.b = false; h.i = 0; h.u = v; h.re = 0; h.im = 0; return h; }
__device__ __forceinline__ Hub hub_f(f64 v) { Hub h; h.tag = 3; h.b = false; h.i = 0; h.u = 0; h.re = v; h.im = 0; return h; }
__device__ __forceinline__ Hub hub_c(f64 re, f64 im) { Hub h; h.tag = 4; h.b = false; h.i = 0; h.u = 0; h.re = re; h.im = im; return h; }

__device__ __forceinline__ Hub to_hub(bool v) { return hub_b(v); }
__device__ __forceinline__ Hub to_hub(i8 v) { return hub_i(v); }
__device__ __forceinline__ Hub to_hub(i16 v) { return hub_i(v); }
__device__ __forceinline__ Hub to_hub(i32 v) { return hub_i(v); }
__device__ __forceinline__ Hub to_hub(i64 v) { return hub_i(v); }
__device__ __forceinline__ Hub to_hub(u8 v) { return hub_u(v); }
__device__ __forceinline__ Hub to_hub(u16 v) { return hub_u(v); }
__device__ __forceinline__ Hub to_hub(u32 v) { return hub_u(v); }
__device__ __forceinline__ Hub to_hub(u64 v) { return hub_u(v); }
__device__ __forceinline__ Hub to_hub(f16 v) { return hub_f((f64)__half2float(v)); }
__device__ __forceinline__ Hub to_hub(bf16 v) { return hub_f((f64)__bfloat162float(v)); }
__device__ __forceinline__ Hub to_hub(f32 v) { return hub_f((f64)v); }
__device__ __forceinline__ Hub to_hub(f64 v) { return hub_f(v); }
__device__ __forceinline__ Hub to_hub(c64 v) { return hub_c((f64)v.re, (f64)v.im); }
__device__ __forceinline__ Hub to_hub(c128 v) { return hub_c(v.re, v.im); }

// ---- conversion out of the hub (Element::from_hub) ----
template <class T>
struct FromHub;
template <>
struct FromHub<bool> {
  static __device__ __forceinline__ bool call(const Hub& h) {
    switch (h.tag) {
      case 0: return h.b;
      case 1: return h.i != 0;
      case 2: return h.u != 0;
      case 3: return h.re != 0.0;
      default: return h.re != 0.0 || h.im != 0.0;
    }
  }
};
// Integers: integer sources truncate (two's complement, `as` in Rust); float and complex
// sources (real part) go through the x86 conversions, narrow types truncating the 32-bit result.
#define INT_FROM_HUB(T, FROMF)                                                    \
  template <>                                                                     \
  struct FromHub<T> {                                                             \
    static __device__ __forceinline__ T call(const Hub& h) {                      \
      switch (h.tag) {                                                            \
        case 0: return (T)(h.b ? 1 : 0);                                          \
        case 1: return (T)(u64)h.i;                                               \
        case 2: return (T)h.u;                                                    \
        default: return (T)(FROMF(h.re));                                         \
      }                                                                           \
    }                                                                             \
  };
INT_FROM_HUB(i8, f64_to_i32_x86)
INT_FROM_HUB(i16, f64_to_i32_x86)
INT_FROM_HUB(i32, f64_to_i32_x86)
INT_FROM_HUB(i64, f64_to_i64_x86)
INT_FROM_HUB(u8, f64_to_i32_x86)
INT_FROM_HUB(u16, f64_to_i32_x86)
INT_FROM_HUB(u32, f64_to_i64_x86)
INT_FROM_HUB(u64, f64_to_u64)

// Floats: one rounding from the exact value. Integers convert directly to float32/float64 and
// through float64 to the half types (as the CPU does).
template <>
struct FromHub<f64> {
  static __device__ __forceinline__ f64 call(const Hub& h) {
    switch (h.tag) {
      case 0: return h.b ? 1.0 : 0.0;
      case 1: return (f64)h.i;
      case 2: return (f64)h.u;
      default: return h.re;
    }
  }
};
template <>
struct FromHub<f32> {
  static __device__ __forceinline__ f32 call(const Hub& h) {
    switch (h.tag) {
      case 0: return h.b ? 1.0f : 0.0f;
      case 1: return (f32)h.i;
      case 2: return (f32)h.u;
      default: return (f32)h.re;
    }
  }
};
template <>
struct FromHub<f16> {
  static __device__ __forceinline__ f16 call(const Hub& h) { return __double2half(FromHub<f64>::call(h)); }
};
template <>
struct FromHub<bf16> {
  static __device__ __forceinline__ bf16 call(const Hub& h) { return __double2bfloat16(FromHub<f64>::call(h)); }
};
template <>
struct FromHub<c128> {
  static __device__ __forceinline__ c128 call(const Hub& h) {
    return h.tag == 4 ? cmake(h.re, h.im) : cmake(FromHub<f64>::call(h), 0.0);
  }
};
template <>
struct FromHub<c64> {
  static __device__ __forceinline__ c64 call(const Hub& h) {
    return h.tag == 4 ? cmake((f32)h.re, (f32)h.im) : cmake(FromHub<f32>::call(h), 0.0f);
  }
};

// ---- floating-point flags of a cast (common.cuh's FP_* bits) ----
// The CPU engine's casts and NumPy's: a float (or a complex's real part) that is NaN or outside
// the range of the x86 conversion an integer cast goes through raises invalid ("invalid value
// encountered in cast"); a finite value that rounds to infinity raises overflow (float64 ->
// float32 in the FPU, -> float16 by hand as npy_double_to_half does, -> bfloat16 when ml_dtypes'
// float32 step overflows).
__device__ __forceinline__ bool x86_i32_invalid(f64 v) {
  return v != v || v <= -2147483649.0 || v >= 2147483648.0;
}
__device__ __forceinline__ bool x86_i64_invalid(f64 v) {
  return v != v || !(v >= -9.223372036854776e18 && v < 9.223372036854776e18);
}
__device__ __forceinline__ bool finite_at_least(f64 v, f64 threshold) {
  return v == v && fabs(v) >= threshold && fabs(v) <= 1.7976931348623157e308;
}
/// Half an ulp above float32's largest value: the float64 values rounding to infinity.
#define CAST_F32_OVERFLOW 3.4028235677973366e38
template <class T>
struct CastFlags {
  static __device__ __forceinline__ int of(const Hub&) { return 0; }
};
#define CAST_FLAGS_INT(T, INVALID)                                                     \
  template <>                                                                          \
  struct CastFlags<T> {                                                                \
    static __device__ __forceinline__ int of(const Hub& h) {                           \
      return (h.tag >= 3 && INVALID(h.re)) ? FP_INVALID : 0;                           \
    }                                                                                  \
  };
CAST_FLAGS_INT(i8, x86_i32_invalid)
CAST_FLAGS_INT(i16, x86_i32_invalid)
CAST_FLAGS_INT(i32, x86_i32_invalid)
CAST_FLAGS_INT(u8, x86_i32_invalid)
CAST_FLAGS_INT(u16, x86_i32_invalid)
CAST_FLAGS_INT(i64, x86_i64_invalid)
CAST_FLAGS_INT(u32, x86_i64_invalid)
#undef CAST_FLAGS_INT
template <>
struct CastFlags<u64> {
  static __device__ __forceinline__ int of(const Hub& h) {
    if (h.tag < 3) return 0;
    const f64 v = h.re;
    const bool bad = v >= 9.223372036854776e18 ? x86_i64_invalid(v - 9.223372036854776e18)
                                               : x86_i64_invalid(v);
    return bad ? FP_INVALID : 0;
  }
};
template <>
struct CastFlags<f32> {
  static __device__ __forceinline__ int of(const Hub& h) {
    return (h.tag >= 3 && finite_at_least(h.re, CAST_F32_OVERFLOW)) ? FP_OVERFLOW : 0;
  }
};
template <>
struct CastFlags<c64> {
  static __device__ __forceinline__ int of(const Hub& h) {
    const bool over = h.tag >= 3 && (finite_at_least(h.re, CAST_F32_OVERFLOW) ||
                                     (h.tag == 4 && finite_at_least(h.im, CAST_F32_OVERFLOW)));
    return over ? FP_OVERFLOW : 0;
  }
};
template <>
struct CastFlags<f16> {
  static __device__ __forceinline__ int of(const Hub& h) {
    return finite_at_least(FromHub<f64>::call(h), 65520.0) ? FP_OVERFLOW : 0;
  }
};
template <>
struct CastFlags<bf16> {
  static __device__ __forceinline__ int of(const Hub& h) {
    return finite_at_least(FromHub<f64>::call(h), CAST_F32_OVERFLOW) ? FP_OVERFLOW : 0;
  }
};

/// cast_<from>_<to>_contig: n elements, both C-contiguous. cast_<from>_<to>_strided: operand 0
/// of the geometry is the source, operand 1 the destination.
#define CAST_KERNELS(NAME, TF, TT)                                                        \
  extern "C" __global__ void NAME##_contig(i64 n, const TF* __restrict__ src,             \
                                           TT* __restrict__ dst, int* __restrict__ err) { \
    GRID_STRIDE(i, n) {                                                                   \
      const Hub h = to_hub(src[i]);                                                       \
      dst[i] = FromHub<TT>::call(h);                                                      \
      fp_raise(err, CastFlags<TT>::of(h));                                                \
    }                                                                                     \
  }                                                                                       \
  extern "C" __global__ void NAME##_strided(i64 n, Geometry g, const TF* __restrict__ src, \
                                            TT* __restrict__ dst, int* __restrict__ err) { \
    GRID_STRIDE(i, n) {                                                                   \
      i64 off[2];                                                                         \
      geometry_offsets<2>(g, i, off);                                                     \
      const Hub h = to_hub(src[off[0]]);                                                  \
      dst[off[1]] = FromHub<TT>::call(h);                                                 \
      fp_raise(err, CastFlags<TT>::of(h));                                                \
    }                                                                                     \
  }
