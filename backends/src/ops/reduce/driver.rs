//! Reduction geometry and iteration: turns (layout, reduced-axes mask) into output positions in
//! C order, each with one strided run of reduced elements in logical C order, and runs a
//! [`Reducer`] over them (in parallel above [`PAR_THRESHOLD`] elements).
//!
//! Runs along a strided axis whose innermost kept axis is contiguous (axis 0 of a C-contiguous
//! matrix) go to [`Reducer::cols`], which sums a tile of adjacent output columns at once. Which
//! path, tile or chunk an output lands in never changes its bits: every path computes each
//! output from the same elements in the same logical order.

use crate::cpu::PAR_THRESHOLD;
use crate::dtype::DType;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::ops::reduce::pairwise::TILE;
use crate::tensor::Tensor;
use rayon::prelude::*;

/// A reduction of one strided run of elements to an accumulator.
pub trait Reducer<T>: Sync {
    /// What one output accumulates.
    type Acc: Copy + Send + Sync + Default;
    /// Reduces the `k >= 1` elements `d[base + i*stride]`, `i < k`.
    fn run(&self, d: &[T], base: isize, k: usize, stride: isize) -> Self::Acc;
    /// `out[t] = run(d, base + t, k, stride)` for adjacent unit-stride columns; override to
    /// vectorise across the columns.
    fn cols(&self, d: &[T], base: isize, k: usize, stride: isize, out: &mut [Self::Acc]) {
        for (t, o) in out.iter_mut().enumerate() {
            *o = self.run(d, base + t as isize, k, stride);
        }
    }
}

/// The iteration space of a reduction (the seam's [`RunGeometry`], shared with the devices).
pub use crate::reduce_seam::RunGeometry as Geometry;

/// The elements of `t` (CPU, dtype `T`) as a slice plus geometry: a view of its storage when
/// the reduced axes form one run, else a copy with the reduced axes moved last.
pub fn with_geometry<T: Element, R>(
    t: &Tensor,
    mask: &[bool],
    f: impl FnOnce(&[T], &Geometry) -> Result<R>,
) -> Result<R> {
    let s = t.storage()?;
    let data = T::slice(&s);
    if let Some(g) = Geometry::new(t.layout(), mask) {
        return f(data, &g);
    }
    let order = crate::reduce_seam::reduced_last(mask);
    let perm = t.layout().permute(&order)?;
    let v = crate::cpu::gather(data, &perm)?;
    let pmask: Vec<bool> = order.iter().map(|&i| mask[i]).collect();
    let g = Geometry::new(&Layout::contiguous(perm.shape()), &pmask)
        .expect("trailing contiguous axes coalesce");
    f(&v, &g)
}

/// Runs `r` over every output of `g` (C order over the kept dims). `k == 0` outputs take
/// `empty`.
pub fn reduce_runs<T: Element, R: Reducer<T>>(
    d: &[T],
    g: &Geometry,
    r: &R,
    empty: R::Acc,
) -> Result<Vec<R::Acc>> {
    let m = g.m();
    // The outputs may outnumber the stored elements (a reduction of a broadcast view), so
    // their buffer is allocated fallibly too.
    if g.k == 0 {
        return crate::cpu::alloc::try_filled("reduce", empty, m, T::DTYPE);
    }
    let mut out = crate::cpu::alloc::try_filled("reduce", R::Acc::default(), m, T::DTYPE)?;
    let (n_in, s_in) = g.kept.last().copied().unwrap_or((1, 0));
    let cols = s_in == 1 && g.rs != 1 && g.k > 1;
    let outer: Vec<(usize, isize)> = g.kept[..g.kept.len().saturating_sub(1)].to_vec();
    // Storage offset of the first element of kept row `row` (kept dims but the innermost).
    let row_base = |mut row: usize| {
        let mut off = g.offset;
        for &(n, s) in outer.iter().rev() {
            off += (row % n) as isize * s;
            row /= n;
        }
        off
    };
    // Outputs `start..start + chunk.len()`, cut into segments that stay within a kept row.
    let body = |chunk: &mut [R::Acc], start: usize| {
        let mut p = start;
        let end = start + chunk.len();
        while p < end {
            let (row, col) = (p / n_in, p % n_in);
            let len = (n_in - col).min(end - p);
            let base = row_base(row) + col as isize * s_in;
            let seg = &mut chunk[p - start..p - start + len];
            if cols {
                for (t, tile) in seg.chunks_mut(TILE).enumerate() {
                    r.cols(d, base + (t * TILE) as isize, g.k, g.rs, tile);
                }
            } else {
                for (i, o) in seg.iter_mut().enumerate() {
                    *o = r.run(d, base + i as isize * s_in, g.k, g.rs);
                }
            }
            p += len;
        }
    };
    if m > 1 && m * g.k >= PAR_THRESHOLD {
        // About PAR_THRESHOLD / 2 elements of work per piece, whole tiles on the column path.
        let mut chunk = (PAR_THRESHOLD / 2 / g.k).max(1);
        if cols {
            chunk = chunk.div_ceil(TILE) * TILE;
        }
        // Each worker's floating-point flags are collected for the calling thread's call.
        let flags = crate::fpe::Shared::default();
        out.par_chunks_mut(chunk)
            .enumerate()
            .for_each(|(i, c)| flags.add(crate::fpe::collect(|| body(c, i * chunk))));
        crate::fpe::raise(flags.get());
    } else {
        body(&mut out, 0);
    }
    Ok(out)
}

/// The result shape with or without the reduced dims kept as length 1.
pub fn out_shape(shape: &[usize], mask: &[bool], keepdims: bool) -> Vec<usize> {
    crate::ops::reduce::axis::reduced_shape(shape, mask, keepdims)
}

/// Checks `out=` against the result shape as NumPy's reductions do (the same number of
/// dimensions, then the same shape); the cast into it is `unsafe`, as in NumPy's reductions.
pub fn check_out(op: &'static str, out: &Tensor, shape: &[usize], keepdims: bool) -> Result<()> {
    if out.ndim() != shape.len() {
        return Err(Error::Value {
            op,
            msg: format!(
                "output parameter for reduction operation {op} has the wrong number of dimensions: Found {} but expected {}{}",
                out.ndim(),
                shape.len(),
                if keepdims { " (must match the operand's when keepdims=True)" } else { "" }
            ),
        });
    }
    if out.shape() != shape {
        return Err(Error::Shape {
            op,
            msg: format!(
                "output operand with shape {:?} doesn't match the result shape {shape:?}",
                out.shape()
            ),
        });
    }
    Ok(())
}

/// Wraps the reduced values (C order) as a tensor of `shape`, or writes them into `out`
/// (cast with C semantics) and returns `out`.
pub fn deliver(op: &'static str, result: Tensor, out: Option<&Tensor>) -> Result<Tensor> {
    match out {
        None => Ok(result),
        Some(o) => {
            if result.shape() != o.shape() {
                return Err(Error::Shape {
                    op,
                    msg: format!(
                        "output operand with shape {:?} doesn't match the result shape {:?}",
                        o.shape(),
                        result.shape()
                    ),
                });
            }
            crate::ops::astype::copy_into(op, &result, o)?;
            Ok(o.clone())
        }
    }
}

/// A CPU tensor or the clean error for a CUDA one (for the reductions that run on the host
/// only).
pub fn host(op: &'static str, t: &Tensor) -> Result<()> {
    if t.device() != crate::storage::Device::Cpu {
        return Err(Error::Unsupported {
            op,
            msg: format!("reductions run on the CPU; the tensor is on {}", t.device()),
        });
    }
    Ok(())
}

/// `t` in dtype `d` (a view when it already is).
pub fn as_dtype(t: &Tensor, d: DType) -> Result<Tensor> {
    if t.dtype() == d {
        Ok(t.clone())
    } else {
        crate::ops::astype::cast_unchecked(t, d)
    }
}
