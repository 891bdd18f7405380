//! Folds `acc = f(acc, x)` over a run in logical order (multiply, maximum, minimum, fmax, fmin,
//! the logical and bitwise ops), and the pairwise-sum reducer for add.
//!
//! Reorderable ops ([`BinOp::REORDERABLE`]: the extrema and bitwise and/or) run long contiguous
//! runs in 16 lanes combined in a fixed order, and huge ones in fixed blocks on rayon: the block
//! and lane boundaries depend only on the run length, so results do not depend on threads.
//! Everything else is strictly sequential, as NumPy's `multiply.reduce` is.

use crate::dtype::DType;
use crate::ops::reduce::driver::Reducer;
use crate::ops::reduce::pairwise::{pairwise, pairwise_cols, SumAcc};
use crate::ops::reduce::scalar::{BinOp, Scalar};
use rayon::prelude::*;
use std::marker::PhantomData;

/// Lanes of a reorderable contiguous fold.
const LANES: usize = 16;
/// Block of a parallel reorderable fold.
const BLOCK: usize = 1 << 16;

/// `f` folded over a run, starting from `start` (the identity or `initial=`), or from the first
/// element when `start` is `None` (ops without identity).
pub struct Fold<T, F> {
    /// The starting value.
    pub start: Option<T>,
    /// Without a start value: the dtype of `out=` that the first element of each run passes
    /// through (a cast there and back) before the fold, as in NumPy's reductions into `out=`.
    pub via: Option<crate::dtype::DType>,
    _f: PhantomData<F>,
}

impl<T: Scalar, F: BinOp> Fold<T, F> {
    /// A fold of `F` from `start`.
    pub fn new(start: Option<T>) -> Self {
        Fold {
            start,
            via: None,
            _f: PhantomData,
        }
    }

    /// The first element of a run as the fold starts from it.
    #[inline(always)]
    fn first(&self, x: T) -> T {
        match self.via {
            Some(o) => crate::ops::reduce::scalar::via(x, o),
            None => x,
        }
    }
}

/// `F` over a contiguous slice (`x` non-empty) without a start value.
fn fold_slice<T: Scalar, F: BinOp>(x: &[T]) -> T {
    if F::REORDERABLE && x.len() >= 2 * LANES {
        if x.len() > 2 * BLOCK {
            let flags = crate::fpe::Shared::default();
            let parts: Vec<T> = x
                .par_chunks(BLOCK)
                .map(|c| {
                    let (r, f) = crate::fpe::isolated(|| fold_slice::<T, F>(c));
                    flags.add(f);
                    r
                })
                .collect();
            crate::fpe::raise(flags.get());
            return parts.into_iter().reduce(F::f).expect("non-empty");
        }
        let m = x.len() - x.len() % LANES;
        let mut r: [T; LANES] = std::array::from_fn(|j| x[j]);
        for c in x[LANES..m].chunks_exact(LANES) {
            for j in 0..LANES {
                r[j] = F::f(r[j], c[j]);
            }
        }
        let mut acc = r.into_iter().reduce(F::f).expect("lanes");
        for &v in &x[m..] {
            acc = F::f(acc, v);
        }
        if acc.is_nan() {
            // A nan result is the first nan in order, as NumPy's sequential loop returns it
            // (lanes would pick any; complex nans differ in their other part).
            if let Some(&v) = x.iter().find(|v| v.is_nan()) {
                return v;
            }
        }
        acc
    } else {
        let mut acc = x[0];
        for &v in &x[1..] {
            acc = F::fold(acc, v);
        }
        acc
    }
}

impl<T: Scalar, F: BinOp> Reducer<T> for Fold<T, F> {
    type Acc = T;
    fn run(&self, d: &[T], base: isize, k: usize, s: isize) -> T {
        if s == 1 {
            let x = &d[base as usize..base as usize + k];
            return match self.start {
                Some(st) if F::REORDERABLE => F::f(st, fold_slice::<T, F>(x)),
                Some(st) => F::fold_run(st, x),
                None if self.via.is_some() => {
                    let a = self.first(x[0]);
                    if k == 1 {
                        a
                    } else {
                        F::fold(a, fold_slice::<T, F>(&x[1..]))
                    }
                }
                None => fold_slice::<T, F>(x),
            };
        }
        let at = |i: usize| d[(base + i as isize * s) as usize];
        if let (true, Some(st)) = (F::WIDE_RUN && T::DTYPE == DType::F16, self.start) {
            let x: Vec<T> = (0..k).map(at).collect();
            return F::fold_run(st, &x);
        }
        let (mut acc, from) = match self.start {
            Some(st) => (st, 0),
            None => (self.first(at(0)), 1),
        };
        for i in from..k {
            acc = F::fold(acc, at(i));
        }
        acc
    }

    fn cols(&self, d: &[T], base: isize, k: usize, s: isize, out: &mut [T]) {
        if F::WIDE_RUN && T::DTYPE == DType::F16 && self.start.is_some() {
            for (t, o) in out.iter_mut().enumerate() {
                *o = self.run(d, base + t as isize, k, s);
            }
            return;
        }
        let w = out.len();
        let row = |i: usize| {
            let b = (base + i as isize * s) as usize;
            &d[b..b + w]
        };
        let from = match self.start {
            Some(st) => {
                out.fill(st);
                0
            }
            None => {
                for (o, &v) in out.iter_mut().zip(row(0)) {
                    *o = self.first(v);
                }
                1
            }
        };
        for i in from..k {
            for (o, &v) in out.iter_mut().zip(row(i)) {
                *o = F::f(*o, v);
            }
        }
    }
}

/// NumPy's add reduction: `start + pairwise(run)` in the accumulator, rounded once.
pub struct PairwiseSum<T: Scalar> {
    /// The starting value (`initial=`, else 0) as an accumulator.
    pub start: T::Acc,
}

impl<T: Scalar> Reducer<T> for PairwiseSum<T> {
    type Acc = T;
    fn run(&self, d: &[T], base: isize, k: usize, s: isize) -> T {
        T::from_acc(self.start.add(pairwise::<T, T::Acc>(d, base, k, s)))
    }
    fn cols(&self, d: &[T], base: isize, k: usize, s: isize, out: &mut [T]) {
        let mut acc = vec![T::Acc::default(); out.len()];
        let acc = &mut acc[..];
        pairwise_cols::<T, T::Acc>(d, base, k, s, acc);
        for (o, &a) in out.iter_mut().zip(acc.iter()) {
            *o = T::from_acc(self.start.add(a));
        }
    }
}
