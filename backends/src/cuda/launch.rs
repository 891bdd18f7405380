//! Kernel launches: the geometry of a strided launch (coalesced shape and strides passed by
//! value), ufunc loops, casts and strided scatters.

use super::device::{driver_err, CudaDevice};
use super::source::{self, kernel_base, CAST};
use super::storage::CudaStorage;
use crate::backend::{clip_constant_bounds, Elementwise, Loop};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::Layout;
use cudarc::driver::{CudaFunction, DeviceRepr, LaunchConfig, PushKernelArg};
use std::sync::Arc;

/// Dimensions a launch carries (`MAX_DIMS` in common.cuh).
pub const MAX_DIMS: usize = 16;
/// Operands a launch carries (`MAX_OPERANDS` in common.cuh).
pub const MAX_OPERANDS: usize = 4;
/// Threads per block.
const BLOCK: u32 = 256;
/// Grid cap; larger problems are covered by the kernels' grid-stride loops.
const MAX_BLOCKS: u64 = 1 << 20;

/// `struct Geometry` of common.cuh: shape and per-operand element strides, by value.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct Geometry {
    ndim: i64,
    dims: [i64; MAX_DIMS],
    strides: [[i64; MAX_DIMS]; MAX_OPERANDS],
}

// SAFETY: `repr(C)` of i64 arrays, the same layout as the C struct.
unsafe impl DeviceRepr for Geometry {}

impl Geometry {
    /// Coalesces `shape` for operands with `strides` (size-1 dims dropped, adjacent dims merged
    /// where every operand allows), or `None` when more than `MAX_DIMS` dims remain.
    pub fn new(shape: &[usize], strides: &[&[isize]]) -> Option<Geometry> {
        let k = strides.len();
        debug_assert!(k <= MAX_OPERANDS);
        let mut dims: Vec<(i64, [i64; MAX_OPERANDS])> = Vec::new();
        for (i, &n) in shape.iter().enumerate() {
            if n == 1 {
                continue;
            }
            let mut st = [0i64; MAX_OPERANDS];
            for (o, s) in strides.iter().enumerate() {
                st[o] = s[i] as i64;
            }
            if let Some(last) = dims.last_mut() {
                if (0..k).all(|o| last.1[o] == st[o] * n as i64) {
                    last.0 *= n as i64;
                    last.1 = st;
                    continue;
                }
            }
            dims.push((n as i64, st));
        }
        if dims.len() > MAX_DIMS {
            return None;
        }
        let mut g = Geometry {
            ndim: dims.len().max(1) as i64,
            dims: [1; MAX_DIMS],
            strides: [[0; MAX_DIMS]; MAX_OPERANDS],
        };
        for (d, (n, st)) in dims.iter().enumerate() {
            g.dims[d] = *n;
            for (row, &s) in g.strides.iter_mut().zip(st.iter()) {
                row[d] = s;
            }
        }
        Some(g)
    }

    /// True when every operand walks memory contiguously in C order (one dim, unit strides).
    fn is_contiguous(&self, k: usize) -> bool {
        self.ndim == 1 && (0..k).all(|o| self.strides[o][0] == 1 || self.dims[0] == 1)
    }
}

fn config(n: u64) -> LaunchConfig {
    let blocks = n.div_ceil(BLOCK as u64).clamp(1, MAX_BLOCKS) as u32;
    LaunchConfig {
        grid_dim: (blocks, 1, 1),
        block_dim: (BLOCK, 1, 1),
        shared_mem_bytes: 0,
    }
}

fn too_many_dims(op: &'static str, shape: &[usize]) -> Error {
    Error::Unsupported {
        op,
        msg: format!("shape {shape:?} has more than {MAX_DIMS} non-mergeable dimensions on CUDA"),
    }
}

fn launch(
    dev: &CudaDevice,
    f: &CudaFunction,
    n: u64,
    geometry: Option<&Geometry>,
    ptrs: &[u64],
    op: &'static str,
) -> Result<()> {
    let n_i64 = n as i64;
    let mut b = dev.stream.launch_builder(f);
    b.arg(&n_i64);
    if let Some(g) = geometry {
        b.arg(g);
    }
    for p in ptrs {
        b.arg(p);
    }
    // SAFETY: the kernel's parameters are (i64 n, [Geometry], pointers...) as stamped by
    // common.cuh's macros; every pointer addresses a live buffer holding the elements the
    // geometry reaches (layouts were checked against their storage).
    unsafe { b.launch(config(n)) }
        .map(|_| ())
        .map_err(|e| driver_err(op, e))
}

/// Runs ufunc loop `lp` of `op` over `ins` (already in the loop's dtypes, on `dev`, with layouts
/// broadcast to `shape`); returns a fresh C-contiguous buffer of `lp.out`.
pub fn ufunc(
    dev: &Arc<CudaDevice>,
    k: &Elementwise,
    lp: &Loop,
    ins: &[(&CudaStorage, &Layout)],
    shape: &[usize],
) -> Result<CudaStorage> {
    let n: usize = shape.iter().product();
    let out = CudaStorage::alloc(dev, lp.out, n)?;
    if n == 0 {
        return Ok(out);
    }
    let op = k.op;
    let module = source::module_of(op).ok_or_else(|| Error::Unsupported {
        op,
        msg: "no CUDA kernel module implements this op".into(),
    })?;
    let strides: Vec<&[isize]> = ins.iter().map(|(_, l)| l.strides()).collect();
    let g = Geometry::new(shape, &strides).ok_or_else(|| too_many_dims(op, shape))?;
    let mut base = kernel_base(op, lp);
    // clip's constant-bounds path, chosen by the CPU's own rule.
    if op == "clip" && clip_constant_bounds(ins[1].1, ins[2].1) {
        base.push_str("_const");
    }
    let contiguous = g.is_contiguous(ins.len());
    let name = format!("{base}{}", if contiguous { "_contig" } else { "_strided" });
    let f = dev.function(module, &name, k.loops)?;
    // err[0]: an error code (only integer power fails on data); err[1]: the floating-point
    // flags the kernel derived (common.cuh). Without either to collect (errstate ignores
    // every category) the kernels get no buffer and write nothing.
    let errs = lp.ins.len() == 2 && op == "power" && lp.ins[1].is_signed_integer();
    let flags = crate::fpe::geterr() != crate::fpe::ErrState::all(crate::fpe::Action::Ignore);
    let err_buf = if errs || flags {
        Some(
            dev.stream
                .alloc_zeros::<i32>(2)
                .map_err(|e| driver_err(op, e))?,
        )
    } else {
        None
    };
    let mut ptrs: Vec<u64> = ins.iter().map(|(s, l)| s.ptr_at(l.offset())).collect();
    ptrs.push(out.ptr_at(0));
    ptrs.push(match &err_buf {
        Some(b) => {
            let (p, _s) = cudarc::driver::DevicePtr::device_ptr(b, &dev.stream);
            p
        }
        None => 0,
    });
    launch(dev, &f, n as u64, (!contiguous).then_some(&g), &ptrs, op)?;
    if let Some(b) = err_buf {
        let words = dev.stream.clone_dtoh(&b).map_err(|e| driver_err(op, e))?;
        if words.first().copied().unwrap_or(0) != 0 {
            return Err(Error::Value {
                op,
                msg: "Integers to negative integer powers are not allowed.".into(),
            });
        }
        // Raised on the calling thread, where the ufunc's errstate reads the CPU's too.
        let bits = words.get(1).copied().unwrap_or(0);
        crate::fpe::raise(crate::fpe::FpFlags::from_bits(bits as u8));
    }
    Ok(out)
}

/// Casts `src` seen through `src_layout` into `dst` seen through `dst_layout` (same shape),
/// element by element with C-cast semantics.
pub fn cast_into(
    op: &'static str,
    src: &CudaStorage,
    src_layout: &Layout,
    dst: &CudaStorage,
    dst_layout: &Layout,
) -> Result<()> {
    let shape = dst_layout.shape();
    let n: usize = shape.iter().product();
    if n == 0 {
        return Ok(());
    }
    let dev = &dst.dev;
    let g = Geometry::new(shape, &[src_layout.strides(), dst_layout.strides()])
        .ok_or_else(|| too_many_dims(op, shape))?;
    let contiguous = g.is_contiguous(2);
    let name = format!(
        "{}{}",
        source::cast_base(src.dtype(), dst.dtype()),
        if contiguous { "_contig" } else { "_strided" }
    );
    let f = dev.function(&CAST, &name, |_| None)?;
    let flags = flags_buffer(dev, op)?;
    let ptrs = [
        src.ptr_at(src_layout.offset()),
        dst.ptr_at(dst_layout.offset()),
        flags.as_ref().map_or(0, |b| {
            let (p, _s) = cudarc::driver::DevicePtr::device_ptr(b, &dev.stream);
            p
        }),
    ];
    launch(dev, &f, n as u64, (!contiguous).then_some(&g), &ptrs, op)?;
    raise_flags(dev, flags, op)
}

/// The two-int `err` buffer of a launch ([0]: an error code, [1]: floating-point flags), or
/// none when the caller's errstate ignores every flag.
pub(super) fn flags_buffer(
    dev: &CudaDevice,
    op: &'static str,
) -> Result<Option<cudarc::driver::CudaSlice<i32>>> {
    if crate::fpe::geterr() == crate::fpe::ErrState::all(crate::fpe::Action::Ignore) {
        return Ok(None);
    }
    dev.stream
        .alloc_zeros::<i32>(2)
        .map(Some)
        .map_err(|e| driver_err(op, e))
}

/// Raises the flags a kernel left in `err[1]` on the calling thread (crate::fpe).
pub(super) fn raise_flags(
    dev: &CudaDevice,
    buf: Option<cudarc::driver::CudaSlice<i32>>,
    op: &'static str,
) -> Result<()> {
    if let Some(b) = buf {
        let words = dev.stream.clone_dtoh(&b).map_err(|e| driver_err(op, e))?;
        let bits = words.get(1).copied().unwrap_or(0);
        crate::fpe::raise(crate::fpe::FpFlags::from_bits(bits as u8));
    }
    Ok(())
}

/// A C-contiguous copy of `src` (through `layout`) converted to `to`.
pub fn cast(src: &CudaStorage, layout: &Layout, to: DType) -> Result<CudaStorage> {
    let out = CudaStorage::alloc(&src.dev, to, layout.numel())?;
    cast_into(
        "astype",
        src,
        layout,
        &out,
        &Layout::contiguous(layout.shape()),
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_coalesces_contiguous_and_keeps_broadcast_dims() {
        // A C-contiguous (2, 3, 4) tensor next to another: one dim of 24, unit strides.
        let g = Geometry::new(&[2, 3, 4], &[&[12, 4, 1], &[12, 4, 1]]).unwrap();
        assert_eq!((g.ndim, g.dims[0]), (1, 24));
        assert!(g.is_contiguous(2));
        // A (3, 4) operand broadcast along the rows (stride 0) cannot merge with the other.
        let g = Geometry::new(&[3, 4], &[&[4, 1], &[0, 1]]).unwrap();
        assert_eq!((g.ndim, &g.dims[..2]), (2, &[3, 4][..]));
        assert_eq!(
            (g.strides[0][..2].to_vec(), g.strides[1][..2].to_vec()),
            (vec![4, 1], vec![0, 1])
        );
        assert!(!g.is_contiguous(2));
        // Negative strides survive; size-1 dims are dropped.
        let g = Geometry::new(&[1, 5], &[&[7, -1]]).unwrap();
        assert_eq!((g.ndim, g.dims[0], g.strides[0][0]), (1, 5, -1));
        assert!(!g.is_contiguous(1));
        // 0-d: one element.
        let g = Geometry::new(&[], &[&[]]).unwrap();
        assert_eq!((g.ndim, g.dims[0]), (1, 1));
    }

    #[test]
    fn geometry_refuses_more_dims_than_the_kernels_carry() {
        let shape = vec![2usize; MAX_DIMS + 1];
        // Alternate strides so no two dims merge.
        let strides: Vec<isize> = (0..=MAX_DIMS).map(|i| 1 + 3 * i as isize).collect();
        assert!(Geometry::new(&shape, &[&strides]).is_none());
        assert!(Geometry::new(&shape[1..], &[&strides[1..]]).is_some());
    }

    #[test]
    fn geometry_matches_the_c_struct_size() {
        // i64 ndim + MAX_DIMS dims + MAX_OPERANDS x MAX_DIMS strides, no padding.
        assert_eq!(
            std::mem::size_of::<Geometry>(),
            8 * (1 + MAX_DIMS + MAX_OPERANDS * MAX_DIMS)
        );
    }

    #[test]
    fn launch_grid_is_capped_and_never_empty() {
        assert_eq!(config(1).grid_dim.0, 1);
        assert_eq!(config(257).grid_dim.0, 2);
        assert_eq!(config(u64::MAX / 2).grid_dim.0 as u64, MAX_BLOCKS);
    }
}
