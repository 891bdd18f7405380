//! NumPy's pairwise summation tree (`@TYPE@_pairwise_sum` in `loops_utils.h.src`), run over the
//! reduced elements in logical C order, for one strided run or for a tile of unit-stride columns.
//!
//! The tree, for `n` elements of a real dtype:
//! - `n < 8`: sequential from `-0.0`;
//! - `n <= 128`: eight accumulators `r[j]` start at `x[j]` and take the elements `i ≡ j (mod 8)`
//!   of the largest multiple of eight, are combined `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))`, then
//!   the last `n % 8` elements are added one by one;
//! - `n > 128`: split at `n2 = n/2` rounded down to a multiple of 8: `sum(left) + sum(right)`.
//!
//! Complex sums run NumPy's complex variant: the same tree over the `2n` interleaved parts, which
//! in elements is four complex accumulators, blocks of up to 64 elements and a split at
//! `(n - n % 8) / 2`. float16/bfloat16 accumulate in float32 (the caller rounds once).
//!
//! Every split point depends only on `n`, so the bits depend only on the logical values: not on
//! strides, memory order, tiling, or whether the halves ran on different threads (`rayon::join`
//! at the same split points).
//!
//! Error bound (what [`sum_error_bound_terms`] returns): with `u` the unit roundoff of the
//! accumulator and `d(n)` the largest number of additions any element takes part in, the
//! classical bound `|ŝ - s| <= γ_d Σ|x_i|`, `γ_d = d·u / (1 - d·u) <= d·eps` (for `d·u < 1/2`)
//! gives `|ŝ - s| <= d(n) · eps · Σ|x_i|`. Inside a block an element sees at most 14 lane
//! additions, 3 combining additions and 7 trailing additions (24); every split level adds one,
//! and the reduction adds one more for the starting value (`0 + tree`). So
//! `d(n) = 25 + levels(n)` with `levels(n) <= ⌈log2(n/128)⌉ + 1`. float16/bfloat16 results also
//! carry the final rounding to the 16-bit format (half an ulp of the result).

use crate::element::{Cf32, Cf64};

/// Elements per run above which the two halves of the tree run as a `rayon::join`.
const PAR_SPLIT: usize = 1 << 16;
/// Unit-stride columns summed together by [`pairwise_cols`] (accumulators: 8 × TILE values,
/// 64 KiB for float64). Wide tiles matter more than small accumulators: a tile reads
/// `TILE` contiguous elements per row, and narrow tiles of a strided axis touch a new page
/// per row.
pub const TILE: usize = 1024;

/// A summation accumulator: float32/float64 (also for float16/bfloat16), complex, or an integer
/// with wrapping addition.
pub trait SumAcc: Copy + Send + Sync + Default + 'static {
    /// Accumulators per block: 8 for real types, 4 for complex (NumPy's 8 interleaved parts).
    const LANES: usize;
    /// The start of a short sequential sum: `-0.0` (so a sum of `-0.0` stays `-0.0`), `0` for
    /// integers.
    fn zero() -> Self;
    /// `self + o` (wrapping for integers, `or` for bool).
    fn add(self, o: Self) -> Self;
}

/// An element that enters a sum as the accumulator `A` (float16 -> float32, else itself);
/// implemented for every [`crate::ops::reduce::scalar::Scalar`].
pub trait Summand<A: SumAcc>: Copy + Send + Sync {
    /// The element as an accumulator value (exact).
    fn acc(self) -> A;
}

macro_rules! float_acc {
    ($($t:ty),*) => {$(
        impl SumAcc for $t {
            const LANES: usize = 8;
            #[inline(always)]
            fn zero() -> Self { -0.0 }
            #[inline(always)]
            fn add(self, o: Self) -> Self { self + o }
        }
    )*};
}
float_acc!(f32, f64);

macro_rules! complex_acc {
    ($($t:ty),*) => {$(
        impl SumAcc for $t {
            const LANES: usize = 4;
            #[inline(always)]
            fn zero() -> Self { <$t>::new(-0.0, -0.0) }
            #[inline(always)]
            fn add(self, o: Self) -> Self { <$t>::new(self.re + o.re, self.im + o.im) }
        }
    )*};
}
complex_acc!(Cf32, Cf64);

macro_rules! int_acc {
    ($($t:ty),*) => {$(
        impl SumAcc for $t {
            const LANES: usize = 8;
            #[inline(always)]
            fn zero() -> Self { 0 }
            #[inline(always)]
            fn add(self, o: Self) -> Self { self.wrapping_add(o) }
        }
    )*};
}
int_acc!(i8, u8, i16, u16, i32, u32, i64, u64);

impl SumAcc for bool {
    const LANES: usize = 8;
    fn zero() -> Self {
        false
    }
    // NumPy's bool `add` loop is a logical or.
    fn add(self, o: Self) -> Self {
        self | o
    }
}

/// Where the tree splits a run of `n` elements with `lanes` accumulators per block
/// (`n/2` rounded down to a multiple of 8 parts; a complex element is two parts).
#[inline]
pub fn split_point(n: usize, lanes: usize) -> usize {
    let parts = 8 / lanes;
    let h = n * parts / 2;
    (h - h % 8) / parts
}

/// Largest block the tree sums without splitting.
#[inline]
fn block(lanes: usize) -> usize {
    16 * lanes
}

/// Combines the block accumulators `((r0+r1)+(r2+r3))+...` as NumPy does.
#[inline(always)]
fn combine<A: SumAcc>(r: &[A]) -> A {
    if r.len() == 1 {
        r[0]
    } else {
        let h = r.len() / 2;
        combine(&r[..h]).add(combine(&r[h..]))
    }
}

/// The pairwise sum of `n` elements `d[base + i*stride]`.
pub fn pairwise<T: Summand<A>, A: SumAcc>(d: &[T], base: isize, n: usize, stride: isize) -> A {
    if n == 0 {
        return A::zero();
    }
    if stride == 1 {
        let b = base as usize;
        return pairwise_slice(&d[b..b + n]);
    }
    match A::LANES {
        8 => pw_strided::<T, A, 8>(d, base, n, stride),
        _ => pw_strided::<T, A, 4>(d, base, n, stride),
    }
}

/// The pairwise sum of a contiguous slice.
pub fn pairwise_slice<T: Summand<A>, A: SumAcc>(x: &[T]) -> A {
    match A::LANES {
        8 => pw_slice::<T, A, 8>(x),
        _ => pw_slice::<T, A, 4>(x),
    }
}

fn pw_slice<T: Summand<A>, A: SumAcc, const L: usize>(x: &[T]) -> A {
    let n = x.len();
    if n < L {
        let mut r = A::zero();
        for &v in x {
            r = r.add(v.acc());
        }
        r
    } else if n <= block(L) {
        let m = n - n % L;
        let mut r: [A; L] = std::array::from_fn(|j| x[j].acc());
        // Independent lanes: this loop vectorises.
        for c in x[L..m].chunks_exact(L) {
            for j in 0..L {
                r[j] = r[j].add(c[j].acc());
            }
        }
        let mut res = combine(&r);
        for &v in &x[m..] {
            res = res.add(v.acc());
        }
        res
    } else {
        let n2 = split_point(n, L);
        let (a, b) = x.split_at(n2);
        if n > PAR_SPLIT {
            let (l, r) = crate::fpe::join(|| pw_slice::<T, A, L>(a), || pw_slice::<T, A, L>(b));
            l.add(r)
        } else {
            pw_slice::<T, A, L>(a).add(pw_slice::<T, A, L>(b))
        }
    }
}

fn pw_strided<T: Summand<A>, A: SumAcc, const L: usize>(
    d: &[T],
    base: isize,
    n: usize,
    s: isize,
) -> A {
    let at = |i: usize| d[(base + i as isize * s) as usize].acc();
    if n < L {
        let mut r = A::zero();
        for i in 0..n {
            r = r.add(at(i));
        }
        r
    } else if n <= block(L) {
        let m = n - n % L;
        let mut r: [A; L] = std::array::from_fn(at);
        for i in (L..m).step_by(L) {
            for (j, rj) in r.iter_mut().enumerate() {
                *rj = rj.add(at(i + j));
            }
        }
        let mut res = combine(&r);
        for i in m..n {
            res = res.add(at(i));
        }
        res
    } else {
        let n2 = split_point(n, L);
        let b2 = base + n2 as isize * s;
        if n > PAR_SPLIT {
            let (l, r) = crate::fpe::join(
                || pw_strided::<T, A, L>(d, base, n2, s),
                || pw_strided::<T, A, L>(d, b2, n - n2, s),
            );
            l.add(r)
        } else {
            pw_strided::<T, A, L>(d, base, n2, s).add(pw_strided::<T, A, L>(d, b2, n - n2, s))
        }
    }
}

/// `out[t] = pairwise(d, base + t, n, stride)` for `t < out.len() <= TILE` unit-stride columns:
/// the same tree per column, with the accumulators of all columns side by side so the inner
/// loops run along contiguous memory and vectorise.
pub fn pairwise_cols<T: Summand<A>, A: SumAcc>(
    d: &[T],
    base: isize,
    n: usize,
    stride: isize,
    out: &mut [A],
) {
    debug_assert!(out.len() <= TILE);
    match A::LANES {
        8 => pw_cols::<T, A, 8>(d, base, n, stride, out),
        _ => pw_cols::<T, A, 4>(d, base, n, stride, out),
    }
}

fn pw_cols<T: Summand<A>, A: SumAcc, const L: usize>(
    d: &[T],
    base: isize,
    n: usize,
    s: isize,
    out: &mut [A],
) {
    let w = out.len();
    let row = |i: usize| {
        let b = (base + i as isize * s) as usize;
        &d[b..b + w]
    };
    if n < L {
        out.fill(A::zero());
        for i in 0..n {
            for (o, &v) in out.iter_mut().zip(row(i)) {
                *o = o.add(v.acc());
            }
        }
    } else if n <= block(L) {
        let m = n - n % L;
        let mut r = vec![A::default(); L * w];
        for (j, rj) in r.chunks_exact_mut(w).enumerate() {
            for (a, &v) in rj.iter_mut().zip(row(j)) {
                *a = v.acc();
            }
        }
        for i in (L..m).step_by(L) {
            for (j, rj) in r.chunks_exact_mut(w).enumerate() {
                for (a, &v) in rj.iter_mut().zip(row(i + j)) {
                    *a = a.add(v.acc());
                }
            }
        }
        for (t, o) in out.iter_mut().enumerate() {
            let lanes: [A; L] = std::array::from_fn(|j| r[j * w + t]);
            *o = combine(&lanes);
        }
        for i in m..n {
            for (o, &v) in out.iter_mut().zip(row(i)) {
                *o = o.add(v.acc());
            }
        }
    } else {
        let n2 = split_point(n, L);
        let b2 = base + n2 as isize * s;
        let mut right = vec![A::default(); w];
        let right = &mut right[..];
        if n * w > PAR_SPLIT {
            crate::fpe::join(
                || pw_cols::<T, A, L>(d, base, n2, s, out),
                || pw_cols::<T, A, L>(d, b2, n - n2, s, right),
            );
        } else {
            pw_cols::<T, A, L>(d, base, n2, s, out);
            pw_cols::<T, A, L>(d, b2, n - n2, s, right);
        }
        for (o, &r) in out.iter_mut().zip(right.iter()) {
            *o = o.add(r);
        }
    }
}

/// Split levels the tree takes on its longest path for `n` real elements.
fn levels(n: usize) -> usize {
    if n <= block(8) {
        0
    } else {
        1 + levels(n - split_point(n, 8))
    }
}

/// The bound this module guarantees, in units of the accumulator's machine epsilon:
/// a float sum of `n` elements (plus the starting value) is within
/// `sum_error_bound_terms(n) * eps * Σ|x_i|` of the exact sum (see the module docs:
/// `25 + levels(n)`, `levels(n) <= ⌈log2(n/128)⌉ + 1`).
pub fn sum_error_bound_terms(n: usize) -> f64 {
    (25 + levels(n)) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree's split points, as NumPy's `n2 = n / 2; n2 -= n2 % 8` (real) and on the
    /// interleaved parts (complex).
    #[test]
    fn split_points() {
        assert_eq!(split_point(129, 8), 64);
        assert_eq!(split_point(200, 8), 96);
        assert_eq!(split_point(1000, 8), 496);
        // complex: 2n parts, split at n parts rounded down to 8 parts
        assert_eq!(split_point(65, 4), 32);
        assert_eq!(split_point(100, 4), 48);
    }

    #[test]
    fn bound_terms() {
        assert_eq!(sum_error_bound_terms(1), 25.0);
        assert_eq!(sum_error_bound_terms(128), 25.0);
        assert_eq!(sum_error_bound_terms(129), 26.0);
        // 1e6 / 128 = 7812.5 -> 13 levels at most
        let t = sum_error_bound_terms(1_000_000);
        assert!((25.0 + 13.0..=25.0 + 14.0).contains(&t), "{t}");
    }

    /// Bits from NumPy: the float32 values 1 + i*2^-20 (i < 1000) summed by np.sum:
    /// `x = (1 + np.arange(1000, dtype=np.float32) * np.float32(2**-20)); np.sum(x).tobytes().hex()`
    /// and with a 1e8 spike at index 300 (a sequential or differently split sum gives other bits).
    #[test]
    fn tree_matches_numpy_bits() {
        let x: Vec<f32> = (0..1000).map(|i| 1.0 + i as f32 * 2f32.powi(-20)).collect();
        let s: f32 = pairwise_slice(&x);
        assert_eq!(s.to_bits(), 0x447a1e7cu32, "{s}");
        let mut y = x.clone();
        y[300] = 1e8;
        let s: f32 = pairwise_slice(&y);
        // A sequential float32 sum gives 0x4cbebc46.
        assert_eq!(s.to_bits(), 0x4cbebc9du32, "{s}");
    }

    /// Columns: the same bits as each column summed alone.
    #[test]
    fn columns_equal_runs() {
        let (n, m) = (1000usize, 37usize);
        let d: Vec<f64> = (0..n * m)
            .map(|i| ((i * 7919) % 1013) as f64 * 0.1)
            .collect();
        let mut out = vec![0.0f64; m];
        pairwise_cols(&d, 0, n, m as isize, &mut out);
        for (t, &o) in out.iter().enumerate() {
            let r: f64 = pairwise(&d, t as isize, n, m as isize);
            assert_eq!(o.to_bits(), r.to_bits());
        }
    }
}
