// Sign, magnitude and classification ufuncs on the device: negative, positive, conjugate,
// absolute, sign, invert, logical_not, isinf, isfinite, signbit, real, imag and angle.
// A port of backends/src/ops/kernels/unary.rs, one `op_<name>` class template per ufunc with a
// specialisation per loop of its loop table (the primary templates have no body, so a loop
// without a device implementation is a compile error).
//
// Conventions kept from the CPU code:
// - sign flips and absolute values of floats are bit operations (Rust's `-x`, `f32::abs` and
//   half's `Neg`/`abs`), so NaN payloads survive exactly as on the CPU;
// - float16/bfloat16 comparisons go through float32 (exact), and results are either the input
//   itself or an exact constant, so nothing rounds;
// - integer negative/absolute wrap (two's complement) and are computed in the unsigned type.

// ---- bit helpers (file-local) ----
__device__ __forceinline__ f16 un_flip_sign(f16 x) {
  return __ushort_as_half((unsigned short)(__half_as_ushort(x) ^ 0x8000u));
}
__device__ __forceinline__ bf16 un_flip_sign(bf16 x) {
  return __ushort_as_bfloat16((unsigned short)(__bfloat16_as_ushort(x) ^ 0x8000u));
}
__device__ __forceinline__ f32 un_flip_sign(f32 x) {
  return __uint_as_float(__float_as_uint(x) ^ 0x80000000u);
}
__device__ __forceinline__ f64 un_flip_sign(f64 x) {
  return __longlong_as_double(
      (long long)((unsigned long long)__double_as_longlong(x) ^ 0x8000000000000000ull));
}
__device__ __forceinline__ f16 un_clear_sign(f16 x) {
  return __ushort_as_half((unsigned short)(__half_as_ushort(x) & 0x7fffu));
}
__device__ __forceinline__ bf16 un_clear_sign(bf16 x) {
  return __ushort_as_bfloat16((unsigned short)(__bfloat16_as_ushort(x) & 0x7fffu));
}
__device__ __forceinline__ f32 un_clear_sign(f32 x) {
  return __uint_as_float(__float_as_uint(x) & 0x7fffffffu);
}
__device__ __forceinline__ f64 un_clear_sign(f64 x) {
  return __longlong_as_double(
      (long long)((unsigned long long)__double_as_longlong(x) & 0x7fffffffffffffffull));
}
__device__ __forceinline__ bool un_sign_bit(f16 x) { return (__half_as_ushort(x) & 0x8000u) != 0; }
__device__ __forceinline__ bool un_sign_bit(bf16 x) {
  return (__bfloat16_as_ushort(x) & 0x8000u) != 0;
}
__device__ __forceinline__ bool un_sign_bit(f32 x) { return (__float_as_uint(x) >> 31) != 0; }
__device__ __forceinline__ bool un_sign_bit(f64 x) {
  return ((unsigned long long)__double_as_longlong(x) >> 63) != 0;
}
// Rust's `Float::nan()` (the default quiet NaN, positive).
__device__ __forceinline__ f32 un_nan(f32) { return __uint_as_float(0x7fc00000u); }
__device__ __forceinline__ f64 un_nan(f64) { return __longlong_as_double(0x7ff8000000000000ll); }
// Real-valued view of a float element for exact comparisons/classification.
__device__ __forceinline__ f32 un_val(f16 x) { return to_f32(x); }
__device__ __forceinline__ f32 un_val(bf16 x) { return to_f32(x); }
__device__ __forceinline__ f32 un_val(f32 x) { return x; }
__device__ __forceinline__ f64 un_val(f64 x) { return x; }
// An exact small constant (0, 1, -1) in the element type.
template <class T> __device__ __forceinline__ T un_const(f32 v);
template <> __device__ __forceinline__ f16 un_const<f16>(f32 v) { return from_f32<f16>(v); }
template <> __device__ __forceinline__ bf16 un_const<bf16>(f32 v) { return from_f32<bf16>(v); }
template <> __device__ __forceinline__ f32 un_const<f32>(f32 v) { return v; }
template <> __device__ __forceinline__ f64 un_const<f64>(f32 v) { return (f64)v; }

#define UN_INTS_SIGNED(X) X(i8, u8) X(i16, u16) X(i32, u32) X(i64, u64)
#define UN_INTS_UNSIGNED(X) X(u8, u8) X(u16, u16) X(u32, u32) X(u64, u64)
#define UN_INTS(X) UN_INTS_SIGNED(X) UN_INTS_UNSIGNED(X)
#define UN_FLOATS(X) X(f16) X(bf16) X(f32) X(f64)
// complex type and its part type
#define UN_COMPLEX(X) X(c64, f32) X(c128, f64)

// ============================================================================================
// negative (unary.rs `negative`): ints `wrapping_neg` (so -MIN == MIN and unsigned wraps),
// floats and complex flip the sign bit(s). No bool loop.
template <class A> struct op_negative;
#define UN_NEG_INT(T, U)                                                            \
  template <> struct op_negative<T> {                                              \
    static __device__ __forceinline__ T call(T x, int*) { return (T)(U)((U)0 - (U)x); } \
  };
UN_INTS(UN_NEG_INT)
#define UN_NEG_FLOAT(T)                                                                    \
  template <> struct op_negative<T> {                                                     \
    static __device__ __forceinline__ T call(T x, int*) { return un_flip_sign(x); }        \
  };
UN_FLOATS(UN_NEG_FLOAT)
#define UN_NEG_COMPLEX(C, R)                                                               \
  template <> struct op_negative<C> {                                                     \
    static __device__ __forceinline__ C call(C z, int*) {                                  \
      return cmake(un_flip_sign(z.re), un_flip_sign(z.im));                                \
    }                                                                                      \
  };
UN_COMPLEX(UN_NEG_COMPLEX)

// ============================================================================================
// positive (unary.rs `positive`): the identity on every numeric loop. No bool loop.
template <class A> struct op_positive;
#define UN_IDENTITY(OP, T)                                                                 \
  template <> struct OP<T> {                                                              \
    static __device__ __forceinline__ T call(T x, int*) { return x; }                      \
  };
#define UN_POS_INT(T, U) UN_IDENTITY(op_positive, T)
#define UN_POS_FLOAT(T) UN_IDENTITY(op_positive, T)
#define UN_POS_COMPLEX(C, R) UN_IDENTITY(op_positive, C)
UN_INTS(UN_POS_INT)
UN_FLOATS(UN_POS_FLOAT)
UN_COMPLEX(UN_POS_COMPLEX)

// ============================================================================================
// conjugate (unary.rs `conjugate`): identity on real dtypes, `z.conj()` (imaginary part's sign
// flipped, as num_complex's `Neg` on it) on complex.
template <class A> struct op_conjugate;
#define UN_CONJ_INT(T, U) UN_IDENTITY(op_conjugate, T)
#define UN_CONJ_FLOAT(T) UN_IDENTITY(op_conjugate, T)
UN_INTS(UN_CONJ_INT)
UN_FLOATS(UN_CONJ_FLOAT)
#define UN_CONJ_COMPLEX(C, R)                                                              \
  template <> struct op_conjugate<C> {                                                    \
    static __device__ __forceinline__ C call(C z, int*) {                                  \
      return cmake(z.re, un_flip_sign(z.im));                                              \
    }                                                                                      \
  };
UN_COMPLEX(UN_CONJ_COMPLEX)

// ============================================================================================
// absolute (unary.rs `absolute`): bool/unsigned identity; signed `wrapping_abs` (abs(MIN) ==
// MIN, as in C); floats clear the sign bit; complex is `re.hypot(im)` (no spurious
// overflow/underflow, hypot(inf, nan) == inf) in the part type.
template <class A> struct op_absolute;
UN_IDENTITY(op_absolute, bool)
#define UN_ABS_SIGNED(T, U)                                                                \
  template <> struct op_absolute<T> {                                                     \
    static __device__ __forceinline__ T call(T x, int*) {                                  \
      return x < 0 ? (T)(U)((U)0 - (U)x) : x;                                              \
    }                                                                                      \
  };
UN_INTS_SIGNED(UN_ABS_SIGNED)
#define UN_ABS_UNSIGNED(T, U) UN_IDENTITY(op_absolute, T)
UN_INTS_UNSIGNED(UN_ABS_UNSIGNED)
#define UN_ABS_FLOAT(T)                                                                    \
  template <> struct op_absolute<T> {                                                     \
    static __device__ __forceinline__ T call(T x, int*) { return un_clear_sign(x); }       \
  };
UN_FLOATS(UN_ABS_FLOAT)
template <> struct op_absolute<c64> {
  static __device__ __forceinline__ f32 call(c64 z, int*) { return hypotf(z.re, z.im); }
};
template <> struct op_absolute<c128> {
  static __device__ __forceinline__ f64 call(c128 z, int*) { return hypot(z.re, z.im); }
};

// ============================================================================================
// sign (unary.rs `sign`): signed ints `signum` (-1/0/1), unsigned `x > 0`; floats 1 / -1 / +0
// (also for -0) and the input NaN itself for NaN; complex per NumPy 2: z / |z| with |z| =
// hypot, nan+nanj for a NaN modulus, (±1, 0) / (0, ±1) for one infinite part, nan+nanj for
// two, 0+0j for zero. No bool loop.
template <class A> struct op_sign;
#define UN_SIGN_SIGNED(T, U)                                                               \
  template <> struct op_sign<T> {                                                         \
    static __device__ __forceinline__ T call(T x, int*) {                                  \
      return x > 0 ? (T)1 : (x < 0 ? (T)-1 : (T)0);                                        \
    }                                                                                      \
  };
UN_INTS_SIGNED(UN_SIGN_SIGNED)
#define UN_SIGN_UNSIGNED(T, U)                                                             \
  template <> struct op_sign<T> {                                                         \
    static __device__ __forceinline__ T call(T x, int*) { return (T)(x > 0); }             \
  };
UN_INTS_UNSIGNED(UN_SIGN_UNSIGNED)
#define UN_SIGN_FLOAT(T)                                                                   \
  template <> struct op_sign<T> {                                                         \
    static __device__ __forceinline__ T call(T x, int*) {                                  \
      const auto v = un_val(x);                                                            \
      if (v > 0) return un_const<T>(1.0f);                                                 \
      if (v < 0) return un_const<T>(-1.0f);                                                \
      if (v == 0) return un_const<T>(0.0f);                                                \
      return x;                                                                            \
    }                                                                                      \
  };
UN_FLOATS(UN_SIGN_FLOAT)
// Ported once per part type (float calls hypotf, double hypot, as the CPU calls f32/f64 hypot).
template <> struct op_sign<c64> {
  static __device__ __forceinline__ c64 call(c64 z, int*) {
    const f32 a = hypotf(z.re, z.im);
    if (isnan(a)) return cmake(un_nan(a), un_nan(a));
    if (isinf(a)) {
      if (isinf(z.re)) {
        if (isinf(z.im)) return cmake(un_nan(a), un_nan(a));
        return cmake(z.re > 0.0f ? 1.0f : -1.0f, 0.0f);
      }
      return cmake(0.0f, z.im > 0.0f ? 1.0f : -1.0f);
    }
    if (a == 0.0f) return cmake(0.0f, 0.0f);
    return cmake(z.re / a, z.im / a);
  }
};
template <> struct op_sign<c128> {
  static __device__ __forceinline__ c128 call(c128 z, int*) {
    const f64 a = hypot(z.re, z.im);
    if (isnan(a)) return cmake(un_nan(a), un_nan(a));
    if (isinf(a)) {
      if (isinf(z.re)) {
        if (isinf(z.im)) return cmake(un_nan(a), un_nan(a));
        return cmake(z.re > 0.0 ? 1.0 : -1.0, 0.0);
      }
      return cmake(0.0, z.im > 0.0 ? 1.0 : -1.0);
    }
    if (a == 0.0) return cmake(0.0, 0.0);
    return cmake(z.re / a, z.im / a);
  }
};

// ============================================================================================
// invert (unary.rs `invert`): `!x`, i.e. logical not on bool and bitwise not on ints.
template <class A> struct op_invert;
template <> struct op_invert<bool> {
  static __device__ __forceinline__ bool call(bool x, int*) { return !x; }
};
#define UN_INVERT_INT(T, U)                                                                \
  template <> struct op_invert<T> {                                                       \
    static __device__ __forceinline__ T call(T x, int*) { return (T)(U)~(U)x; }            \
  };
UN_INTS(UN_INVERT_INT)

// ============================================================================================
// logical_not (unary.rs `logical_not`): `x == 0` (NaN is truthy, so logical_not(nan) is
// false; -0 == 0); complex: both parts zero.
template <class A> struct op_logical_not;
template <> struct op_logical_not<bool> {
  static __device__ __forceinline__ bool call(bool x, int*) { return !x; }
};
#define UN_LNOT_INT(T, U)                                                                  \
  template <> struct op_logical_not<T> {                                                  \
    static __device__ __forceinline__ bool call(T x, int*) { return x == 0; }              \
  };
UN_INTS(UN_LNOT_INT)
#define UN_LNOT_FLOAT(T)                                                                   \
  template <> struct op_logical_not<T> {                                                  \
    static __device__ __forceinline__ bool call(T x, int*) { return un_val(x) == 0; }      \
  };
UN_FLOATS(UN_LNOT_FLOAT)
#define UN_LNOT_COMPLEX(C, R)                                                              \
  template <> struct op_logical_not<C> {                                                  \
    static __device__ __forceinline__ bool call(C z, int*) {                               \
      return z.re == (R)0 && z.im == (R)0;                                                 \
    }                                                                                      \
  };
UN_COMPLEX(UN_LNOT_COMPLEX)

// ============================================================================================
// isinf / isfinite (unary.rs `isinf`, `isfinite`): constant false / true on bool and ints;
// `is_infinite` / `is_finite` on floats (float16/bfloat16 widen exactly); complex: either part
// infinite / both parts finite.
template <class A> struct op_isinf;
template <class A> struct op_isfinite;
#define UN_CLASS_INT(T, U)                                                                 \
  template <> struct op_isinf<T> {                                                        \
    static __device__ __forceinline__ bool call(T, int*) { return false; }                 \
  };                                                                                       \
  template <> struct op_isfinite<T> {                                                     \
    static __device__ __forceinline__ bool call(T, int*) { return true; }                  \
  };
UN_CLASS_INT(bool, bool)
UN_INTS(UN_CLASS_INT)
#define UN_CLASS_FLOAT(T)                                                                  \
  template <> struct op_isinf<T> {                                                        \
    static __device__ __forceinline__ bool call(T x, int*) { return isinf(un_val(x)); }    \
  };                                                                                       \
  template <> struct op_isfinite<T> {                                                     \
    static __device__ __forceinline__ bool call(T x, int*) { return isfinite(un_val(x)); } \
  };
UN_FLOATS(UN_CLASS_FLOAT)
#define UN_CLASS_COMPLEX(C, R)                                                             \
  template <> struct op_isinf<C> {                                                        \
    static __device__ __forceinline__ bool call(C z, int*) {                               \
      return isinf(z.re) || isinf(z.im);                                                   \
    }                                                                                      \
  };                                                                                       \
  template <> struct op_isfinite<C> {                                                     \
    static __device__ __forceinline__ bool call(C z, int*) {                               \
      return isfinite(z.re) && isfinite(z.im);                                             \
    }                                                                                      \
  };
UN_COMPLEX(UN_CLASS_COMPLEX)

// ============================================================================================
// signbit (unary.rs `signbit`): `is_sign_negative`, the sign bit itself (true for -0 and for
// NaNs with the sign bit set). Float loops only.
template <class A> struct op_signbit;
#define UN_SIGNBIT_FLOAT(T)                                                                \
  template <> struct op_signbit<T> {                                                      \
    static __device__ __forceinline__ bool call(T x, int*) { return un_sign_bit(x); }      \
  };
UN_FLOATS(UN_SIGNBIT_FLOAT)

// ============================================================================================
// real / imag (unary.rs `real`, `imag`): on real dtypes the input itself / the type's zero
// (`T::default()`: false, 0, +0.0) in the input dtype; on complex the part, in the part dtype.
template <class A> struct op_real;
template <class A> struct op_imag;
#define UN_PART_REAL(T, U)                                                                 \
  UN_IDENTITY(op_real, T)                                                                  \
  template <> struct op_imag<T> {                                                         \
    static __device__ __forceinline__ T call(T, int*) { return (T)0; }                     \
  };
UN_PART_REAL(bool, bool)
UN_INTS(UN_PART_REAL)
#define UN_PART_FLOAT(T)                                                                   \
  UN_IDENTITY(op_real, T)                                                                  \
  template <> struct op_imag<T> {                                                         \
    static __device__ __forceinline__ T call(T, int*) { return un_const<T>(0.0f); }        \
  };
UN_FLOATS(UN_PART_FLOAT)
#define UN_PART_COMPLEX(C, R)                                                              \
  template <> struct op_real<C> {                                                         \
    static __device__ __forceinline__ R call(C z, int*) { return z.re; }                   \
  };                                                                                       \
  template <> struct op_imag<C> {                                                         \
    static __device__ __forceinline__ R call(C z, int*) { return z.im; }                   \
  };
UN_COMPLEX(UN_PART_COMPLEX)

// ============================================================================================
// angle (unary.rs `angle`): real input is arctan2(0, x): the input NaN itself for NaN, pi (the
// type's PI constant) when the sign bit is set (x < 0 or x == -0.0), else +0. Complex input:
// `im.atan2(re)` in the part type. (Integer/bool inputs are cast to a float loop by the
// resolver, so only float and complex loops exist.)
__device__ __forceinline__ f16 un_pi(f16) {
  return __ushort_as_half((unsigned short)0x4248u);  // half::f16::PI == 3.140625
}
__device__ __forceinline__ bf16 un_pi(bf16) {
  return __ushort_as_bfloat16((unsigned short)0x4049u);  // half::bf16::PI == 3.140625
}
__device__ __forceinline__ f32 un_pi(f32) { return 3.14159265358979323846f; }  // 0x40490fdb
__device__ __forceinline__ f64 un_pi(f64) { return 3.14159265358979323846; }
template <class A> struct op_angle;
#define UN_ANGLE_FLOAT(T)                                                                  \
  template <> struct op_angle<T> {                                                        \
    static __device__ __forceinline__ T call(T x, int*) {                                  \
      if (isnan(un_val(x))) return x;                                                      \
      if (un_sign_bit(x)) return un_pi(x);                                                 \
      return un_const<T>(0.0f);                                                            \
    }                                                                                      \
  };
UN_FLOATS(UN_ANGLE_FLOAT)
template <> struct op_angle<c64> {
  static __device__ __forceinline__ f32 call(c64 z, int*) { return atan2f(z.im, z.re); }
};
template <> struct op_angle<c128> {
  static __device__ __forceinline__ f64 call(c128 z, int*) { return atan2(z.im, z.re); }
};
