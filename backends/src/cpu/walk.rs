//! The strided walker: visits a C-order range of an n-d iteration space as runs along the last
//! (coalesced) dimension, giving each operand's storage offset at the start of the run.
//!
//! This is the one place that turns shapes and strides into loops; map kernels only see runs.

/// An iteration plan over `shape` for `N` operands, with dimensions coalesced.
#[derive(Clone, Debug)]
pub struct Plan<const N: usize> {
    /// Coalesced shape (at least one dim).
    pub shape: Vec<usize>,
    /// Per operand, coalesced strides.
    pub strides: [Vec<isize>; N],
    /// Per operand, element offset of index 0.
    pub offsets: [isize; N],
}

impl<const N: usize> Plan<N> {
    /// Plans iteration of `shape` where operand `k` has `strides[k]` and `offsets[k]`.
    /// Size-1 dims are dropped and adjacent dims merged when every operand allows it.
    pub fn new(shape: &[usize], strides: [&[isize]; N], offsets: [usize; N]) -> Plan<N> {
        let mut dims: Vec<(usize, [isize; N])> = Vec::with_capacity(shape.len());
        for (i, &n) in shape.iter().enumerate() {
            if n == 1 {
                continue;
            }
            let st: [isize; N] = std::array::from_fn(|k| strides[k][i]);
            if let Some(last) = dims.last_mut() {
                // Merge `last` (outer) with this (inner) when outer stride == inner stride * n.
                if (0..N).all(|k| last.1[k] == st[k] * n as isize) {
                    last.0 *= n;
                    last.1 = st;
                    continue;
                }
            }
            dims.push((n, st));
        }
        if dims.is_empty() || shape.contains(&0) {
            let n = if shape.contains(&0) { 0 } else { 1 };
            dims = vec![(n, [0; N])];
        }
        Plan {
            shape: dims.iter().map(|d| d.0).collect(),
            strides: std::array::from_fn(|k| dims.iter().map(|d| d.1[k]).collect()),
            offsets: std::array::from_fn(|k| offsets[k] as isize),
        }
    }

    /// Total elements.
    pub fn numel(&self) -> usize {
        self.shape.iter().product()
    }

    /// Strides of the innermost dim, per operand.
    pub fn inner_strides(&self) -> [isize; N] {
        std::array::from_fn(|k| *self.strides[k].last().unwrap_or(&0))
    }

    /// Calls `f(pos, len, offsets)` for each run covering C-order positions `start..end`.
    pub fn for_each_run(
        &self,
        start: usize,
        end: usize,
        mut f: impl FnMut(usize, usize, [isize; N]),
    ) {
        if start >= end {
            return;
        }
        let nd = self.shape.len();
        let inner = self.shape[nd - 1];
        // Multi-index of `start`.
        let mut idx = vec![0usize; nd];
        let mut rem = start;
        for d in (0..nd).rev() {
            idx[d] = rem % self.shape[d];
            rem /= self.shape[d];
        }
        let mut offs: [isize; N] = std::array::from_fn(|k| {
            self.offsets[k]
                + (0..nd)
                    .map(|d| idx[d] as isize * self.strides[k][d])
                    .sum::<isize>()
        });
        let mut pos = start;
        while pos < end {
            let len = (inner - idx[nd - 1]).min(end - pos);
            f(pos, len, offs);
            pos += len;
            // Advance the multi-index by `len` along the innermost dim, carrying outward.
            idx[nd - 1] += len;
            for (o, s) in offs.iter_mut().zip(&self.strides) {
                *o += len as isize * s[nd - 1];
            }
            let mut d = nd - 1;
            while idx[d] == self.shape[d] && d > 0 {
                for (o, s) in offs.iter_mut().zip(&self.strides) {
                    *o += s[d - 1] - self.shape[d] as isize * s[d];
                }
                idx[d] = 0;
                idx[d - 1] += 1;
                d -= 1;
            }
        }
    }
}
