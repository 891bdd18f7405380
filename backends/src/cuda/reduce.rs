//! Reduction launches (kernels in `kernels/reduce.cu`): the run geometry passed by value, the
//! start value as raw bytes, one block per output.
//!
//! Layouts: when the reduced dims of the view form one strided run (any strides, negative too)
//! the kernel reads the view in place; otherwise the view is first gathered, by the cast
//! module's copy kernel, into a contiguous buffer with the reduced axes last (as the CPU
//! driver gathers on the host). Either way the kernel sees the reduced elements of each output
//! in logical C order, so the layout never changes the bits.

use super::device::driver_err;
use super::launch::{cast, cast_into, flags_buffer, raise_flags, MAX_DIMS};
use super::source::{reduce_kernel, REDUCE};
use super::storage::CudaStorage;
use crate::backend::{RedOp, Reduction, RunGeometry};
use crate::dtype::DType;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::layout::Layout;
use crate::reduce_seam::reduced_last;
use crate::tensor::Tensor;
use cudarc::driver::{DeviceRepr, LaunchConfig, PushKernelArg};

/// Threads per block of a reduction (any value gives the same bits: the kernel's virtual lanes
/// and tree are fixed by the run length alone).
const THREADS: u32 = 256;
/// Most blocks; further outputs are covered by the kernel's grid-stride loop over outputs.
const MAX_BLOCKS: usize = 1 << 16;

/// `struct ReduceGeometry` of reduce.cu: kept dims (C order) with their strides, and the
/// reduced run (`k` elements, stride `rs`) of each output, by value.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ReduceGeometry {
    /// Kept dims after coalescing (0: one output).
    pub ndim: i64,
    /// Their lengths.
    pub dims: [i64; MAX_DIMS],
    /// Their element strides.
    pub strides: [i64; MAX_DIMS],
    /// Reduced elements per output.
    pub k: i64,
    /// Element stride of the reduced run.
    pub rs: i64,
}

// SAFETY: `repr(C)` of i64 fields and arrays, the same layout as the C struct.
unsafe impl DeviceRepr for ReduceGeometry {}

impl ReduceGeometry {
    /// The kernel geometry of `g`, or `None` when more than `MAX_DIMS` kept dims remain.
    pub fn new(g: &RunGeometry) -> Option<ReduceGeometry> {
        if g.kept.len() > MAX_DIMS {
            return None;
        }
        let mut r = ReduceGeometry {
            ndim: g.kept.len() as i64,
            dims: [1; MAX_DIMS],
            strides: [0; MAX_DIMS],
            k: g.k as i64,
            rs: g.rs as i64,
        };
        for (d, &(n, s)) in g.kept.iter().enumerate() {
            r.dims[d] = n as i64;
            r.strides[d] = s as i64;
        }
        Some(r)
    }
}

/// `struct StartValue` of reduce.cu: the start value's bytes (an element of the input dtype).
#[repr(C, align(16))]
#[derive(Clone, Copy, Debug, Default)]
pub struct StartValue(pub [u8; 16]);

// SAFETY: 16 plain bytes, 16-byte aligned, as the C struct.
unsafe impl DeviceRepr for StartValue {}

impl StartValue {
    /// The bytes of `v`.
    pub fn of<T: Element>(v: T) -> StartValue {
        let mut b = [0u8; 16];
        let n = std::mem::size_of::<T>();
        debug_assert!(n <= 16);
        // SAFETY: element types are plain data of at most 16 bytes.
        let src = unsafe { std::slice::from_raw_parts((&v as *const T).cast::<u8>(), n) };
        b[..n].copy_from_slice(src);
        StartValue(b)
    }
}

fn not_cuda(op: &'static str) -> Error {
    Error::Device {
        op,
        msg: "operand is not on the CUDA device".into(),
    }
}

/// A contiguous copy of `x` with the reduced axes last, and its geometry.
fn gathered(
    op: &'static str,
    s: &CudaStorage,
    layout: &Layout,
    mask: &[bool],
) -> Result<(CudaStorage, RunGeometry)> {
    let order = reduced_last(mask);
    let perm = layout.permute(&order)?;
    let c = cast(s, &perm, s.dtype())?;
    let pmask: Vec<bool> = order.iter().map(|&i| mask[i]).collect();
    let g = RunGeometry::new(&Layout::contiguous(perm.shape()), &pmask).ok_or(Error::Shape {
        op,
        msg: "trailing contiguous axes did not coalesce".into(),
    })?;
    Ok((c, g))
}

/// The first element of every run of the contiguous (outputs, run) buffer `c` passed through
/// dtype `via` and back (NumPy's reductions into an `out=` of another dtype start there).
fn via_first(c: &CudaStorage, m: usize, k: usize, via: DType) -> Result<()> {
    let first = Layout::new(vec![m], vec![k as isize], 0, c.len())?;
    let t = cast(c, &first, via)?;
    cast_into("reduce", &t, &Layout::contiguous(&[m]), c, &first)
}

/// Runs `r` on the CUDA device of its input.
pub fn reduce(r: &Reduction<'_>) -> Result<Tensor> {
    let op = r.name;
    let d = r.x.dtype();
    if !r.op.dtypes().contains(&d) {
        return Err(Error::Unsupported {
            op,
            msg: format!("no CUDA {} reduction for {d}", r.op.name()),
        });
    }
    let s = r.x.cuda_storage().ok_or_else(|| not_cuda(op))?;
    let dev = s.device().clone();
    let m: usize = r.shape.iter().product();
    let out_dtype = if r.op.is_index() { DType::I64 } else { d };
    let out = CudaStorage::alloc(&dev, out_dtype, m)?;
    let result = |out| Ok(Tensor::from_cuda(out, Layout::contiguous(r.shape)));
    if m == 0 {
        return result(out);
    }
    let direct = RunGeometry::new(r.x.layout(), r.mask);
    let k: usize = r
        .mask
        .iter()
        .zip(r.x.shape())
        .filter(|(&red, _)| red)
        .map(|(_, &n)| n)
        .product();
    let needs_via = r.start.is_none() && r.via.is_some() && k > 0;
    // The input in place, or gathered with the reduced axes last (a fresh buffer, so the
    // `via` pre-pass can write its first column).
    let gathered = match (&direct, needs_via) {
        (Some(_), false) => None,
        _ => Some(gathered(op, &s, r.x.layout(), r.mask)?),
    };
    let (buf, g, offset): (&CudaStorage, &RunGeometry, usize) = match (&gathered, &direct) {
        (Some((c, g)), _) => (c, g, 0),
        (None, Some(g)) => (&*s, g, r.x.layout().offset()),
        (None, None) => unreachable!("a view without one run is gathered"),
    };
    if let (true, Some(v)) = (needs_via, r.via) {
        via_first(buf, g.m(), g.k, v)?;
    }
    let geo = ReduceGeometry::new(g).ok_or_else(|| Error::Unsupported {
        op,
        msg: format!(
            "shape {:?} has more than {MAX_DIMS} non-mergeable kept dimensions on CUDA",
            r.x.shape()
        ),
    })?;
    let start = match r.start {
        Some(h) => crate::with_dtype!(d, T, StartValue::of(T::from_hub(h))),
        None => StartValue::default(),
    };
    let has_start = r.start.is_some() as i32;
    let f = dev.function(&REDUCE, &reduce_kernel(r.op, d), |_| None)?;
    let (m_i64, x_ptr, o_ptr) = (m as i64, buf.ptr_at(offset), out.ptr_at(0));
    // err[1]: the floating-point flags of the float steps (none passed when errstate ignores
    // them all).
    let flags = flags_buffer(&dev, op)?;
    let err_ptr: u64 = flags.as_ref().map_or(0, |b| {
        let (p, _s) = cudarc::driver::DevicePtr::device_ptr(b, &dev.stream);
        p
    });
    let mut b = dev.stream.launch_builder(&f);
    b.arg(&m_i64);
    b.arg(&geo);
    b.arg(&x_ptr);
    b.arg(&o_ptr);
    b.arg(&has_start);
    b.arg(&start);
    b.arg(&err_ptr);
    let cfg = LaunchConfig {
        grid_dim: (m.clamp(1, MAX_BLOCKS) as u32, 1, 1),
        block_dim: (THREADS, 1, 1),
        shared_mem_bytes: 0,
    };
    // SAFETY: the parameters are reduce.cu's (i64 m, ReduceGeometry, const T*, Out*, i32,
    // StartValue, i32* err); the input pointer reaches every element the geometry names (a
    // checked layout of its storage, or a fresh gathered buffer), the output holds m elements,
    // and err is null or two ints.
    unsafe { b.launch(cfg) }.map_err(|e| driver_err(op, e))?;
    drop(s);
    raise_flags(&dev, flags, op)?;
    result(out)
}

/// Every kernel of the reduce module: `(op, dtype)` for each dtype the CPU reduction of the
/// op accepts.
pub fn instantiations() -> Vec<(RedOp, DType)> {
    RedOp::ALL
        .into_iter()
        .flat_map(|op| op.dtypes().into_iter().map(move |d| (op, d)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_matches_the_c_struct_size() {
        assert_eq!(
            std::mem::size_of::<ReduceGeometry>(),
            8 * (3 + 2 * MAX_DIMS)
        );
        assert_eq!(std::mem::size_of::<StartValue>(), 16);
        assert_eq!(std::mem::align_of::<StartValue>(), 16);
    }

    #[test]
    fn a_host_tensor_is_a_typed_error_not_a_panic() {
        let x = Tensor::from_vec(vec![1.0f32, 2.0], &[2]).unwrap();
        fn never(_: &Reduction<'_>) -> Result<Tensor> {
            unreachable!("the CUDA path does not call the host implementation")
        }
        let e = reduce(&Reduction {
            name: "sum",
            op: RedOp::Add,
            x: &x,
            mask: &[true],
            shape: &[],
            start: Some(crate::element::Hub::Float(0.0)),
            via: None,
            cpu: never,
        })
        .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Device);
    }

    #[test]
    fn every_op_has_a_kernel_per_accepted_dtype() {
        let v = instantiations();
        assert_eq!(v.len(), 8 * 15 + 3 * 9);
        let names: std::collections::HashSet<String> =
            v.iter().map(|&(o, d)| reduce_kernel(o, d)).collect();
        assert_eq!(names.len(), v.len());
        assert!(names.contains("reduce_add_float16"));
    }
}
