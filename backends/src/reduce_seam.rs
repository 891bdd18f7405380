//! The reduction primitive of the device seam, as plain data below `ops/` and the devices: the
//! reducing op, an already resolved request ([`Reduction`]) and the run geometry both devices
//! walk ([`RunGeometry`]: kept dims, one strided run of reduced elements per output).
//!
//! Everything NumPy decides (axes, keepdims, loop dtype, `dtype=`, `initial=`, `where=`, `out=`
//! casting, empty slices) is settled by `ops/reduce/` before a request is built; a device only
//! folds runs.

use crate::dtype::DType;
use crate::element::Hub;
use crate::error::Result;
use crate::layout::Layout;
use crate::tensor::Tensor;

/// A reducing op as the devices compute it (the logical ops reach the devices as the bitwise
/// ones on bool: `ops/` casts their input to bool first).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RedOp {
    /// `add.reduce`: a summation tree (wrapping for integers, `or` for bool).
    Add,
    /// `multiply.reduce`.
    Mul,
    /// `maximum.reduce` (NaN propagates, complex lexicographic).
    Max,
    /// `minimum.reduce`.
    Min,
    /// `fmax.reduce` (NaN ignored unless every element is NaN).
    FMax,
    /// `fmin.reduce`.
    FMin,
    /// `bitwise_and.reduce` / `logical_and.reduce` on bool.
    And,
    /// `bitwise_or.reduce` / `logical_or.reduce` on bool.
    Or,
    /// `bitwise_xor.reduce` / `logical_xor.reduce` on bool.
    Xor,
    /// `argmax` (first occurrence; the first NaN wins): int64 result.
    ArgMax,
    /// `argmin`.
    ArgMin,
}

impl RedOp {
    /// Every op, in the order the CUDA module instantiates them.
    pub const ALL: [RedOp; 11] = [
        RedOp::Add,
        RedOp::Mul,
        RedOp::Max,
        RedOp::Min,
        RedOp::FMax,
        RedOp::FMin,
        RedOp::And,
        RedOp::Or,
        RedOp::Xor,
        RedOp::ArgMax,
        RedOp::ArgMin,
    ];

    /// The NumPy name (the kernels' `reduce_{name}_{dtype}`).
    pub fn name(self) -> &'static str {
        match self {
            RedOp::Add => "add",
            RedOp::Mul => "multiply",
            RedOp::Max => "maximum",
            RedOp::Min => "minimum",
            RedOp::FMax => "fmax",
            RedOp::FMin => "fmin",
            RedOp::And => "bitwise_and",
            RedOp::Or => "bitwise_or",
            RedOp::Xor => "bitwise_xor",
            RedOp::ArgMax => "argmax",
            RedOp::ArgMin => "argmin",
        }
    }

    /// The accumulation dtypes the CPU reduction of this op accepts (what a device must
    /// implement): every dtype, except bool and the integers for the bitwise ops.
    pub fn dtypes(self) -> Vec<DType> {
        match self {
            RedOp::And | RedOp::Or | RedOp::Xor => DType::ALL
                .into_iter()
                .filter(|d| d.is_bool() || d.is_integer())
                .collect(),
            _ => DType::ALL.to_vec(),
        }
    }

    /// Whether the result is an index (int64) rather than a value of the input dtype.
    pub fn is_index(self) -> bool {
        matches!(self, RedOp::ArgMax | RedOp::ArgMin)
    }
}

/// A host implementation of a reduction: the existing CPU code path, handed to the CPU device
/// (as [`crate::backend::Elementwise::cpu`] is) so that `cpu/` needs nothing from `ops/`.
pub type CpuReduce = fn(&Reduction<'_>) -> Result<Tensor>;

/// One resolved reduction request.
pub struct Reduction<'a> {
    /// NumPy name of the calling op (for errors).
    pub name: &'static str,
    /// The op.
    pub op: RedOp,
    /// The input, already in the accumulation dtype, on the device that reduces it.
    pub x: &'a Tensor,
    /// Which axes of `x` are reduced.
    pub mask: &'a [bool],
    /// The result shape (with or without kept unit dims); its size is the number of outputs.
    pub shape: &'a [usize],
    /// The start value in the accumulation dtype (identity or `initial=`, already passed through
    /// `out=`'s dtype); `None` for the extrema without `initial=` and the index ops.
    pub start: Option<Hub>,
    /// Without a start value: the dtype of `out=` that the first element of each run passes
    /// through (a cast there and back), as NumPy's reductions into `out=` do.
    pub via: Option<DType>,
    /// The host implementation.
    pub cpu: CpuReduce,
}

/// The iteration space of a reduction: kept dimensions (coalesced, C order) and one run of
/// reduced elements per output.
#[derive(Clone, Debug)]
pub struct RunGeometry {
    /// Kept dimensions `(length, stride)`, outermost first, size-1 dims dropped.
    pub kept: Vec<(usize, isize)>,
    /// Reduced elements per output.
    pub k: usize,
    /// Stride of the reduced run.
    pub rs: isize,
    /// Storage offset of the first element.
    pub offset: isize,
}

/// Coalesces `(n, stride)` dims (outermost first), dropping size-1 dims.
fn coalesce(dims: impl Iterator<Item = (usize, isize)>) -> Vec<(usize, isize)> {
    let mut out: Vec<(usize, isize)> = Vec::new();
    for (n, s) in dims {
        if n == 1 {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.1 == s * n as isize => {
                last.0 *= n;
                last.1 = s;
            }
            _ => out.push((n, s)),
        }
    }
    out
}

impl RunGeometry {
    /// The geometry of reducing `layout` over `mask`, or `None` when the reduced dims do not
    /// form one strided run (then the caller gathers the view with the reduced axes last).
    pub fn new(layout: &Layout, mask: &[bool]) -> Option<RunGeometry> {
        let dims = || {
            layout
                .shape()
                .iter()
                .copied()
                .zip(layout.strides().iter().copied())
        };
        let kept = coalesce(dims().zip(mask).filter(|(_, &r)| !r).map(|(d, _)| d));
        let red = coalesce(dims().zip(mask).filter(|(_, &r)| r).map(|(d, _)| d));
        let k = mask
            .iter()
            .zip(layout.shape())
            .filter(|(&r, _)| r)
            .map(|(_, &n)| n)
            .product();
        let rs = match red.as_slice() {
            [] => 1,
            [(_, s)] => *s,
            // No element is read when a dim is empty (no output, or no reduced element), and
            // empty dims' strides need not chain (contiguous strides treat 0 as 1).
            _ if layout.shape().contains(&0) => 1,
            _ => return None,
        };
        Some(RunGeometry {
            kept,
            k,
            rs,
            offset: layout.offset() as isize,
        })
    }

    /// Number of outputs.
    pub fn m(&self) -> usize {
        self.kept.iter().map(|d| d.0).product()
    }
}

/// The axis order that moves the reduced axes of `mask` last (kept axes first, both in order):
/// the permutation a device gathers a view through when its reduced dims are not one run.
pub fn reduced_last(mask: &[bool]) -> Vec<usize> {
    (0..mask.len())
        .filter(|&i| !mask[i])
        .chain((0..mask.len()).filter(|&i| mask[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_axes_move_last_in_order() {
        assert_eq!(reduced_last(&[true, false, true, false]), vec![1, 3, 0, 2]);
        assert_eq!(reduced_last(&[]), Vec::<usize>::new());
    }

    #[test]
    fn geometry_of_a_transposed_view_and_of_split_reduced_axes() {
        // (3, 4) C-contiguous, transposed to (4, 3) strides (1, 4): axis 1 is a run of 3
        // elements with stride 4; the kept axis has stride 1.
        let t = Layout::contiguous(&[3, 4]).permute(&[1, 0]).unwrap();
        let g = RunGeometry::new(&t, &[false, true]).unwrap();
        assert_eq!((g.kept.clone(), g.k, g.rs, g.m()), (vec![(4, 1)], 3, 4, 4));
        // Reducing axes 0 and 2 of a (2, 3, 4) array is not one run.
        assert!(RunGeometry::new(&Layout::contiguous(&[2, 3, 4]), &[true, false, true]).is_none());
        // Every axis of a contiguous array: one run, one output.
        let g = RunGeometry::new(&Layout::contiguous(&[2, 3]), &[true, true]).unwrap();
        assert_eq!((g.kept.len(), g.k, g.rs, g.m()), (0, 6, 1, 1));
    }

    #[test]
    fn the_bitwise_ops_take_bool_and_integers_only() {
        assert_eq!(RedOp::And.dtypes().len(), 9);
        assert!(RedOp::Add.dtypes().contains(&DType::C128));
        assert!(RedOp::ArgMax.is_index() && !RedOp::Max.is_index());
    }
}
