// Reductions: one kernel per (reducing op, input dtype), `reduce_{op}_{dtype}`, stamped by the
// instantiation lines backends/src/cuda/source.rs appends (a missing op x dtype is a compile
// error). Semantics are decided by ops/reduce/ on the host: the kernel gets its input already
// in the accumulation dtype, the run geometry, and the start value (identity or initial=).
//
// ---- The fixed reduction tree (deterministic, no atomics) ----
// Each output's k >= 1 reduced elements x[0..k) (logical C order, stride rs) are cut into
// RED_LANES = 256 *virtual* lanes of c = ceil(k / 256) consecutive elements: lane j owns
// x[j*c .. min(k, (j+1)*c)), and the first nv = ceil(k / c) lanes are non-empty. Each lane folds
// its elements in order (sum: see below), then the lane values are combined by an in-order
// binary tree: at step s = 1, 2, 4, ... node i (a multiple of 2s) becomes
// combine(node i, node i+s) when lane i+s is non-empty. Lanes are visited as
// `for (lane = threadIdx.x; lane < nv; lane += blockDim.x)`, so every lane, chunk boundary and
// tree node depends on k alone: the bits of an output are a pure function of its elements, for
// any block size, grid size or output order (one block per output, grid-stride over outputs).
// With the host shim's blockDim = 1 the same loops run the same tree on the CPU.
//
// Because lanes are consecutive chunks and the tree is in order, an op whose combine is
// associative gives exactly the sequential fold x0 op x1 op ... : integers and bool (wrapping
// add/multiply, bitwise, logical), the extrema (a selection rule: the first NaN, else the
// first or last extreme element as NumPy's reduce loop keeps it, per dtype), argmax/argmin
// (first extreme index; the first NaN wins). Those match the CPU engine exactly; the CPU's
// vectorised extrema paths (16 lanes on contiguous runs, the column path) may pick the other
// zero of a +0/-0 tie where this sequential rule picks one (the host test counts those).
//
// ---- Float sums (add): order and error bound ----
// Inside a lane: leaves of 8 consecutive elements, each summed left to right, merged as a
// binary counter (leaf t is added to the stack of complete power-of-two subtrees, merging
// equal sizes, left + right), and the stack flushed from the right: an in-order pairwise tree
// whose shape depends only on the lane length. Then the 256-lane tree above, then
// `start + tree` in the accumulator, rounded once. The longest path an element takes has
// d(k) <= 7 (leaf) + floor(log2(ceil(c/8))) + 1 (lane tree and flush) + 8 (lane tree)
// + 1 (start) additions, so |s - sum| <= d(k) * eps * sum|x|, with
// d(k) <= 17 + log2(k / 2048) < 25 + levels(k): inside the CPU's stated pairwise bound
// (ops/reduce/pairwise.rs, sum_error_bound_terms). The bits differ from the CPU's NumPy
// pairwise tree; both are within that bound of the exact sum. float16/bfloat16 accumulate in
// float32 and round once, as the CPU does; complex sums run the same tree per component.
//
// ---- Products (multiply) ----
// The same lanes and tree with sequential products inside a lane, then start * tree. Exact for
// integers and bool; floats round in tree order instead of the CPU's sequential order (about
// one rounding per factor either way: the records' product bound). float16 keeps the product in
// float32 and rounds once (the CPU's float16 loop does too); bfloat16 rounds every product to
// bfloat16, as the CPU's does; complex products are the textbook formula (no fma: --fmad=false).
//
// ---- Floating-point flags ----
// Each float add/multiply step and each rounding of the accumulator to float16/bfloat16
// derives its flags by common.cuh's rule (a NaN from operands without one is invalid, an
// infinity from finite ones overflow; complex sums part by part), OR-ed per thread and then
// into err[1] (null when the host's errstate ignores everything), as NumPy's reduce loops
// raise them in hardware. The steps are the tree's, so an overflow that only some orders of
// the same elements reach (1e308 + 1e308 - 1e308) can differ from the CPU's pairwise order;
// the extrema, argmax/argmin, integers and bool raise nothing, as NumPy's loops do.
#include "common.cuh"

/// Virtual lanes per output (a power of two; the tree over them has 8 levels).
#define RED_LANES 256
/// Bytes of block-shared memory per lane (the largest lane value: argmax of complex128).
#define RED_LANE_BYTES 32

/// The geometry of a reduction, by value: kept dims (C order) with their element strides, and
/// each output's run of k reduced elements with stride rs.
struct ReduceGeometry {
  i64 ndim;
  i64 dims[MAX_DIMS];
  i64 strides[MAX_DIMS];
  i64 k;
  i64 rs;
};

/// The start value's bytes (an element of the input dtype).
struct __align__(16) StartValue {
  unsigned char bytes[16];
};

template <class T>
__device__ __forceinline__ T start_as(const StartValue& s) {
  T v;
  unsigned char* d = reinterpret_cast<unsigned char*>(&v);
  for (unsigned i = 0; i < sizeof(T); ++i) d[i] = s.bytes[i];
  return v;
}

// ---- scalar semantics (the CPU engine's ops/reduce/scalar.rs, per dtype) ----

/// Wrapping integer arithmetic in an unsigned type at least as wide as int (no signed
/// overflow, no promotion to a signed int that could overflow).
template <class T> struct UWide { typedef u32 type; };
template <> struct UWide<i64> { typedef u64 type; };
template <> struct UWide<u64> { typedef u64 type; };
template <class T>
__device__ __forceinline__ T wadd(T a, T b) {
  typedef typename UWide<T>::type U;
  return (T)(U)((U)a + (U)b);
}
template <class T>
__device__ __forceinline__ T wmul(T a, T b) {
  typedef typename UWide<T>::type U;
  return (T)(U)((U)a * (U)b);
}

template <class T> __device__ __forceinline__ bool r_isnan(T) { return false; }
__device__ __forceinline__ bool r_isnan(f32 x) { return x != x; }
__device__ __forceinline__ bool r_isnan(f64 x) { return x != x; }
__device__ __forceinline__ bool r_isnan(f16 x) { return to_f32(x) != to_f32(x); }
__device__ __forceinline__ bool r_isnan(bf16 x) { return to_f32(x) != to_f32(x); }
__device__ __forceinline__ bool r_isnan(c64 x) { return x.re != x.re || x.im != x.im; }
__device__ __forceinline__ bool r_isnan(c128 x) { return x.re != x.re || x.im != x.im; }

/// NumPy's CGE / CLE: lexicographic, a NaN imaginary part spoils the `re` order.
template <class C>
__device__ __forceinline__ bool r_cge(C a, C b) {
  return (a.re > b.re && a.im == a.im && b.im == b.im) || (a.re == b.re && a.im >= b.im);
}
template <class C>
__device__ __forceinline__ bool r_cle(C a, C b) {
  return (a.re < b.re && a.im == a.im && b.im == b.im) || (a.re == b.re && a.im <= b.im);
}

// maximum / minimum (NaN propagates: the first NaN), fmax / fmin as the reduce loops fold them
// (a NaN operand is ignored); integers and bool (max = or, min = and) by plain comparison.
template <class T> __device__ __forceinline__ T r_max(T a, T b) { return a > b ? a : b; }
template <class T> __device__ __forceinline__ T r_min(T a, T b) { return a < b ? a : b; }
template <class T> __device__ __forceinline__ T r_fmax(T a, T b) { return a > b ? a : b; }
template <class T> __device__ __forceinline__ T r_fmin(T a, T b) { return a < b ? a : b; }
// float32/float64: ties keep the second operand (the SIMD loops' rule); fold ties keep the first.
#define RED_FLOAT_EXTREMA(T)                                                                   \
  __device__ __forceinline__ T r_max(T a, T b) { return (a != a || a > b) ? a : b; }           \
  __device__ __forceinline__ T r_min(T a, T b) { return (a != a || a < b) ? a : b; }           \
  __device__ __forceinline__ T r_fmax(T a, T b) { return (b != b || a >= b) ? a : b; }         \
  __device__ __forceinline__ T r_fmin(T a, T b) { return (b != b || a <= b) ? a : b; }
RED_FLOAT_EXTREMA(f32)
RED_FLOAT_EXTREMA(f64)
// float16 keeps the first operand on ties (NumPy's half loops), bfloat16 the second
// (ml_dtypes), as the CPU engine's elementwise kernels do.
__device__ __forceinline__ f16 r_max(f16 a, f16 b) {
  return (r_isnan(a) || to_f32(a) >= to_f32(b)) ? a : b;
}
__device__ __forceinline__ f16 r_min(f16 a, f16 b) {
  return (r_isnan(a) || to_f32(a) <= to_f32(b)) ? a : b;
}
__device__ __forceinline__ bf16 r_max(bf16 a, bf16 b) {
  return (r_isnan(a) || to_f32(a) > to_f32(b)) ? a : b;
}
__device__ __forceinline__ bf16 r_min(bf16 a, bf16 b) {
  return (r_isnan(a) || to_f32(a) < to_f32(b)) ? a : b;
}
#define RED_HALF_FEXTREMA(T)                                                                   \
  __device__ __forceinline__ T r_fmax(T a, T b) {                                              \
    return (r_isnan(b) || to_f32(a) >= to_f32(b)) ? a : b;                                     \
  }                                                                                            \
  __device__ __forceinline__ T r_fmin(T a, T b) {                                              \
    return (r_isnan(b) || to_f32(a) <= to_f32(b)) ? a : b;                                     \
  }
RED_HALF_FEXTREMA(f16)
RED_HALF_FEXTREMA(bf16)
#define RED_COMPLEX_EXTREMA(T)                                                                 \
  __device__ __forceinline__ T r_max(T a, T b) { return (r_isnan(a) || r_cge(a, b)) ? a : b; } \
  __device__ __forceinline__ T r_min(T a, T b) { return (r_isnan(a) || r_cle(a, b)) ? a : b; } \
  __device__ __forceinline__ T r_fmax(T a, T b) { return (r_isnan(b) || r_cge(a, b)) ? a : b; }\
  __device__ __forceinline__ T r_fmin(T a, T b) { return (r_isnan(b) || r_cle(a, b)) ? a : b; }
RED_COMPLEX_EXTREMA(c64)
RED_COMPLEX_EXTREMA(c128)

// argmax / argmin order: `a > b` (complex lexicographic; bool true > false).
template <class T> __device__ __forceinline__ bool r_gt(T a, T b) { return a > b; }
template <class T> __device__ __forceinline__ bool r_lt(T a, T b) { return a < b; }
__device__ __forceinline__ bool r_gt(f16 a, f16 b) { return to_f32(a) > to_f32(b); }
__device__ __forceinline__ bool r_lt(f16 a, f16 b) { return to_f32(a) < to_f32(b); }
__device__ __forceinline__ bool r_gt(bf16 a, bf16 b) { return to_f32(a) > to_f32(b); }
__device__ __forceinline__ bool r_lt(bf16 a, bf16 b) { return to_f32(a) < to_f32(b); }
#define RED_COMPLEX_ORDER(T)                                                                   \
  __device__ __forceinline__ bool r_gt(T a, T b) {                                             \
    return a.re > b.re || (a.re == b.re && a.im > b.im);                                       \
  }                                                                                            \
  __device__ __forceinline__ bool r_lt(T a, T b) {                                             \
    return a.re < b.re || (a.re == b.re && a.im < b.im);                                       \
  }
RED_COMPLEX_ORDER(c64)
RED_COMPLEX_ORDER(c128)

// ---- accumulators of add and multiply ----

/// Integers: wrapping; bool: add is `or`, multiply is `and` (NumPy's bool loops).
template <class T>
struct Arith {
  typedef T Acc;
  __device__ static Acc in(T x) { return x; }
  __device__ static T out(Acc a) { return a; }
  __device__ static Acc add(Acc a, Acc b) { return wadd(a, b); }
  __device__ static Acc mul(Acc a, Acc b) { return wmul(a, b); }
};
template <>
struct Arith<bool> {
  typedef bool Acc;
  __device__ static Acc in(bool x) { return x; }
  __device__ static bool out(Acc a) { return a; }
  __device__ static Acc add(Acc a, Acc b) { return a || b; }
  __device__ static Acc mul(Acc a, Acc b) { return a && b; }
};
#define RED_FLOAT_ARITH(T)                                                                     \
  template <>                                                                                  \
  struct Arith<T> {                                                                            \
    typedef T Acc;                                                                             \
    __device__ static Acc in(T x) { return x; }                                                \
    __device__ static T out(Acc a) { return a; }                                               \
    __device__ static Acc add(Acc a, Acc b) { return a + b; }                                  \
    __device__ static Acc mul(Acc a, Acc b) { return a * b; }                                  \
  };
RED_FLOAT_ARITH(f32)
RED_FLOAT_ARITH(f64)
/// float16: sums and products in float32, rounded once at the end.
template <>
struct Arith<f16> {
  typedef f32 Acc;
  __device__ static Acc in(f16 x) { return to_f32(x); }
  __device__ static f16 out(Acc a) { return from_f32<f16>(a); }
  __device__ static Acc add(Acc a, Acc b) { return a + b; }
  __device__ static Acc mul(Acc a, Acc b) { return a * b; }
};
/// bfloat16: sums in float32 rounded once; products rounded to bfloat16 at every step (the
/// CPU's bfloat16 multiply loop), so their accumulator is bfloat16 itself.
template <>
struct Arith<bf16> {
  typedef f32 Acc;
  __device__ static Acc in(bf16 x) { return to_f32(x); }
  __device__ static bf16 out(Acc a) { return from_f32<bf16>(a); }
  __device__ static Acc add(Acc a, Acc b) { return a + b; }
  __device__ static Acc mul(Acc a, Acc b) { return to_f32(from_f32<bf16>(a * b)); }
};
#define RED_COMPLEX_ARITH(T)                                                                   \
  template <>                                                                                  \
  struct Arith<T> {                                                                            \
    typedef T Acc;                                                                             \
    __device__ static Acc in(T x) { return x; }                                                \
    __device__ static T out(Acc a) { return a; }                                               \
    __device__ static Acc add(Acc a, Acc b) { return cmake(a.re + b.re, a.im + b.im); }        \
    __device__ static Acc mul(Acc a, Acc b) {                                                  \
      return cmake(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);                      \
    }                                                                                          \
  };
RED_COMPLEX_ARITH(c64)
RED_COMPLEX_ARITH(c128)

// ---- the flags of one step (see the header) ----

template <class A>
__device__ __forceinline__ int add_flags(A r, A a, A b) { return fp_generic(r, a, b); }
#define RED_COMPLEX_ADD_FLAGS(T)                                                               \
  __device__ __forceinline__ int add_flags(T r, T a, T b) {                                    \
    return fp_generic(r.re, a.re, b.re) | fp_generic(r.im, a.im, b.im);                        \
  }
RED_COMPLEX_ADD_FLAGS(c64)
RED_COMPLEX_ADD_FLAGS(c128)
/// The rounding of the accumulator to the output dtype (float16/bfloat16 overflow; an
/// identity elsewhere, which raises nothing).
template <class T, class A>
__device__ __forceinline__ int out_flags(T o, A a) { return fp_generic(o, a); }

/// One add (`MUL` false) or multiply step of `Arith<T>` with its flags OR-ed into `fl` (a
/// complex product by the whole-value rule).
template <class T, bool MUL>
__device__ __forceinline__ typename Arith<T>::Acc fstep(typename Arith<T>::Acc a,
                                                        typename Arith<T>::Acc b, int& fl) {
  const typename Arith<T>::Acc r = MUL ? Arith<T>::mul(a, b) : Arith<T>::add(a, b);
  fl |= MUL ? fp_generic(r, a, b) : add_flags(r, a, b);
  return r;
}
/// `Arith<T>::out` with its flags.
template <class T>
__device__ __forceinline__ T fout(typename Arith<T>::Acc a, int& fl) {
  const T o = Arith<T>::out(a);
  fl |= out_flags(o, a);
  return o;
}

// ---- the ops: a lane fold, the tree's combine (left operand earlier), the finish; `fl`
// collects the thread's flags ----

/// add: the lane's pairwise tree (leaves of 8, binary-counter merges; see the header).
template <class T>
struct RAdd {
  typedef T In;
  typedef T Out;
  typedef typename Arith<T>::Acc Acc;
  __device__ static Acc lane(const T* x, i64 lo, i64 hi, i64 rs, int& fl) {
    Acc stack[64];
    int top = 0;
    i64 leaves = 0;
    for (i64 i = lo; i < hi; i += 8) {
      const i64 e = i + 8 < hi ? i + 8 : hi;
      Acc leaf = Arith<T>::in(x[i * rs]);
      for (i64 j = i + 1; j < e; ++j) leaf = fstep<T, false>(leaf, Arith<T>::in(x[j * rs]), fl);
      // Merge complete subtrees of equal size: leaf t merges once per trailing one bit of t.
      for (i64 t = leaves; t & 1; t >>= 1) leaf = fstep<T, false>(stack[--top], leaf, fl);
      stack[top++] = leaf;
      ++leaves;
    }
    Acc acc = stack[--top];
    while (top > 0) acc = fstep<T, false>(stack[--top], acc, fl);
    return acc;
  }
  __device__ static Acc combine(Acc a, Acc b, int& fl) { return fstep<T, false>(a, b, fl); }
  __device__ static Out finish(Acc t, int has_start, const StartValue& s, int& fl) {
    if (!has_start) return fout<T>(t, fl);
    return fout<T>(fstep<T, false>(Arith<T>::in(start_as<T>(s)), t, fl), fl);
  }
};

/// multiply: sequential inside a lane.
template <class T>
struct RMul {
  typedef T In;
  typedef T Out;
  typedef typename Arith<T>::Acc Acc;
  __device__ static Acc lane(const T* x, i64 lo, i64 hi, i64 rs, int& fl) {
    Acc acc = Arith<T>::in(x[lo * rs]);
    for (i64 i = lo + 1; i < hi; ++i) acc = fstep<T, true>(acc, Arith<T>::in(x[i * rs]), fl);
    return acc;
  }
  __device__ static Acc combine(Acc a, Acc b, int& fl) { return fstep<T, true>(a, b, fl); }
  __device__ static Out finish(Acc t, int has_start, const StartValue& s, int& fl) {
    if (!has_start) return fout<T>(t, fl);
    return fout<T>(fstep<T, true>(Arith<T>::in(start_as<T>(s)), t, fl), fl);
  }
};

/// A fold of a selection or bitwise op F: sequential in a lane, the same F across lanes, and
/// `F(start, tree)` with a start value (NumPy's loop starts its accumulator there).
template <class T, class F>
struct RFold {
  typedef T In;
  typedef T Out;
  typedef T Acc;
  __device__ static Acc lane(const T* x, i64 lo, i64 hi, i64 rs, int&) {
    Acc acc = x[lo * rs];
    for (i64 i = lo + 1; i < hi; ++i) acc = F::f(acc, x[i * rs]);
    return acc;
  }
  __device__ static Acc combine(Acc a, Acc b, int&) { return F::f(a, b); }
  __device__ static Out finish(Acc t, int has_start, const StartValue& s, int&) {
    return has_start ? F::f(start_as<T>(s), t) : t;
  }
};
struct MaxF { template <class T> __device__ static T f(T a, T b) { return r_max(a, b); } };
struct MinF { template <class T> __device__ static T f(T a, T b) { return r_min(a, b); } };
struct FMaxF { template <class T> __device__ static T f(T a, T b) { return r_fmax(a, b); } };
struct FMinF { template <class T> __device__ static T f(T a, T b) { return r_fmin(a, b); } };
struct AndF { template <class T> __device__ static T f(T a, T b) { return (T)(a & b); } };
struct OrF { template <class T> __device__ static T f(T a, T b) { return (T)(a | b); } };
struct XorF { template <class T> __device__ static T f(T a, T b) { return (T)(a ^ b); } };
template <class T> struct RMax : RFold<T, MaxF> {};
template <class T> struct RMin : RFold<T, MinF> {};
template <class T> struct RFMax : RFold<T, FMaxF> {};
template <class T> struct RFMin : RFold<T, FMinF> {};
template <class T> struct RAnd : RFold<T, AndF> {};
template <class T> struct ROr : RFold<T, OrF> {};
template <class T> struct RXor : RFold<T, XorF> {};

/// A value and its position in the run.
template <class T>
struct Indexed {
  T v;
  i64 i;
};

/// argmax (MAX) / argmin: the first extreme position; the first NaN wins outright.
template <class T, bool MAX>
struct RArg {
  typedef T In;
  typedef i64 Out;
  typedef Indexed<T> Acc;
  __device__ static bool better(T x, T best) { return MAX ? r_gt(x, best) : r_lt(x, best); }
  __device__ static Acc lane(const T* x, i64 lo, i64 hi, i64 rs, int&) {
    Acc a;
    a.v = x[lo * rs];
    a.i = lo;
    if (r_isnan(a.v)) return a;
    for (i64 i = lo + 1; i < hi; ++i) {
      const T v = x[i * rs];
      if (r_isnan(v) || better(v, a.v)) {
        a.v = v;
        a.i = i;
        if (r_isnan(v)) return a;
      }
    }
    return a;
  }
  __device__ static Acc combine(Acc a, Acc b, int&) {
    if (r_isnan(a.v)) return a;
    if (r_isnan(b.v) || better(b.v, a.v)) return b;
    return a;
  }
  __device__ static Out finish(Acc t, int, const StartValue&, int&) { return t.i; }
};
template <class T> struct RArgMax : RArg<T, true> {};
template <class T> struct RArgMin : RArg<T, false> {};

// ---- the kernel body ----

/// Reduces outputs blockIdx.x, blockIdx.x + gridDim.x, ... of `m`: the virtual lanes and the
/// in-order tree of the header, in block-shared memory `raw`; the flags of every step this
/// thread took go to err[1].
template <class Op>
__device__ __forceinline__ void reduce_body(i64 m, const ReduceGeometry& g, const typename Op::In* x,
                                            typename Op::Out* out, int has_start,
                                            const StartValue& start, unsigned char* raw,
                                            int* err) {
  typedef typename Op::Acc Acc;
  int fl = 0;
  static_assert(sizeof(Acc) <= RED_LANE_BYTES, "lane value exceeds its shared slot");
  Acc* sh = reinterpret_cast<Acc*>(raw);
  const i64 k = g.k;
  const i64 c = (k + RED_LANES - 1) / RED_LANES;
  const i64 nv = c == 0 ? 0 : (k + c - 1) / c;
  for (i64 o = blockIdx.x; o < m; o += gridDim.x) {
    i64 base = 0, rest = o;
    for (int d = (int)g.ndim - 1; d >= 0; --d) {
      base += (rest % g.dims[d]) * g.strides[d];
      rest /= g.dims[d];
    }
    const typename Op::In* run = x + base;
    if (k == 0) {
      // Only ops with a start value reach an empty run (ops/ refuses the others).
      if (threadIdx.x == 0) out[o] = has_start ? start_as<typename Op::Out>(start) : typename Op::Out();
      continue;
    }
    for (i64 lane = threadIdx.x; lane < nv; lane += blockDim.x) {
      const i64 lo = lane * c;
      const i64 hi = lo + c < k ? lo + c : k;
      sh[lane] = Op::lane(run, lo, hi, g.rs, fl);
    }
    __syncthreads();
    for (i64 s = 1; s < nv; s <<= 1) {
      for (i64 j = threadIdx.x; 2 * s * j + s < nv; j += blockDim.x) {
        const i64 i = 2 * s * j;
        sh[i] = Op::combine(sh[i], sh[i + s], fl);
      }
      __syncthreads();
    }
    if (threadIdx.x == 0) out[o] = Op::finish(sh[0], has_start, start, fl);
    // The next output reuses the lanes.
    __syncthreads();
  }
  fp_raise(err, fl);
}

/// One reduction kernel: (outputs, geometry, input, output, has_start, start, err).
#define REDUCE_KERNEL(NAME, OP)                                                                \
  extern "C" __global__ void NAME(i64 m, ReduceGeometry g, const OP::In* x, OP::Out* out,      \
                                  i32 has_start, StartValue start, i32* err) {                 \
    __shared__ __align__(16) unsigned char raw[RED_LANES * RED_LANE_BYTES];                    \
    reduce_body<OP>(m, g, x, out, has_start, start, raw, err);                                 \
  }
