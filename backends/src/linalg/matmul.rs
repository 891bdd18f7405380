//! `numpy.matmul`: the gufunc `(n?,k),(k,m?)->(n?,m?)` over broadcast stacks.
//!
//! NumPy's rules, followed here:
//! - A 1-D first operand is a row `(1,k)` and a 1-D second operand a column `(k,1)`; the added
//!   dimension is dropped from the result (`(3,)@(3,)` is 0-d). 0-d operands are refused.
//! - Core dimensions are checked before the stacks broadcast (as the gufunc machinery does).
//! - The result dtype is the operands' promoted dtype, computed in it: integers wrap, bool is
//!   OR of ANDs, float16 accumulates in float32 and rounds once (NumPy's half loop), and
//!   bfloat16 has no loop (ml_dtypes registers none), so it promotes to float32.
//! - Floats and complex run through faer's gemm, sequentially per matrix (the result must not
//!   depend on the thread count); stacks of matrices are spread over threads, each matrix
//!   computed by one.

use crate::dtype::DType;
use crate::element::{Cf32, Cf64, Element};
use crate::error::{Error, Result};
use crate::ops::astype::cast_unchecked;
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use faer::{Accum, MatMut, MatRef, Par};
use half::f16;
use rayon::prelude::*;

/// The gufunc signature, as NumPy's messages print it.
const SIG: &str = "(n?,k),(k,m?)->(n?,m?)";

/// Below this many multiply-adds a stack runs on one thread.
const PARALLEL_WORK: usize = 1 << 16;

/// The shapes of one call: the broadcast stack, the core sizes, and the result's shape.
pub(crate) struct Plan {
    /// Broadcast stack dimensions.
    pub batch: Vec<usize>,
    /// Rows of each result matrix (1 for a 1-D first operand).
    pub n: usize,
    /// The contracted length.
    pub k: usize,
    /// Columns of each result matrix (1 for a 1-D second operand).
    pub m: usize,
    /// The result's shape: stack, then `n` and `m` unless their operand was 1-D.
    pub shape: Vec<usize>,
}

/// A tuple as Python prints it: `(2,3)`, `(3,)`, `()`.
fn py_tuple(v: &[String]) -> String {
    match v.len() {
        1 => format!("({},)", v[0]),
        _ => format!("({})", v.join(",")),
    }
}

/// Checks `a @ b`'s shapes as NumPy's gufunc machinery does and plans the result.
pub(crate) fn plan(op: &'static str, a: &[usize], b: &[usize]) -> Result<Plan> {
    for (i, s) in [a, b].iter().enumerate() {
        if s.is_empty() {
            return Err(Error::Value {
                op,
                msg: format!(
                    "Input operand {i} does not have enough dimensions (has 0, gufunc core \
                     with signature {SIG} requires 1)"
                ),
            });
        }
    }
    let (na, ka, abatch) = match a.len() {
        1 => (None, a[0], &a[..0]),
        l => (Some(a[l - 2]), a[l - 1], &a[..l - 2]),
    };
    let (kb, mb, bbatch) = match b.len() {
        1 => (b[0], None, &b[..0]),
        l => (b[l - 2], Some(b[l - 1]), &b[..l - 2]),
    };
    if ka != kb {
        return Err(Error::Value {
            op,
            msg: format!(
                "Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \
                 {SIG} (size {kb} is different from {ka})"
            ),
        });
    }
    let core: Vec<usize> = na.into_iter().chain(mb).collect();
    let batch = crate::ops::ufunc::broadcast_shapes(op, &[abatch, bbatch]).map_err(|e| {
        if !matches!(e, Error::Broadcast { .. }) {
            return e;
        }
        let remapped = |s: &[usize], lead: usize| {
            let orig: Vec<String> = s.iter().map(|d| d.to_string()).collect();
            let mut re: Vec<String> = s[..lead].iter().map(|d| d.to_string()).collect();
            re.extend(std::iter::repeat_n("newaxis".to_string(), s.len() - lead));
            format!("{}->{}", py_tuple(&orig), py_tuple(&re))
        };
        let req: Vec<String> = core.iter().map(|d| d.to_string()).collect();
        Error::Value {
            op,
            msg: format!(
                "operands could not be broadcast together with remapped shapes \
                 [original->remapped]: {} {}  and requested shape {}",
                remapped(a, abatch.len()),
                remapped(b, bbatch.len()),
                py_tuple(&req)
            ),
        }
    })?;
    let mut shape = batch.clone();
    shape.extend(&core);
    crate::size::checked_numel(op, &shape)?;
    Ok(Plan {
        batch,
        n: na.unwrap_or(1),
        k: ka,
        m: mb.unwrap_or(1),
        shape,
    })
}

/// The dtype `a @ b` computes in and returns: the promoted dtype, float32 for bfloat16.
pub(crate) fn result_dtype(a: DType, b: DType) -> DType {
    match crate::promotion::promote_types(a, b) {
        DType::BF16 => DType::F32,
        d => d,
    }
}

/// `t` cast to `dtype` and broadcast to `batch` stacked `rows x cols` matrices, row-major.
fn stacked<T: Element>(
    t: &Tensor,
    dtype: DType,
    batch: &[usize],
    rows: usize,
    cols: usize,
) -> Result<Vec<T>> {
    let mut shape = batch.to_vec();
    shape.extend([rows, cols]);
    let mut core = t.shape().to_vec();
    match t.ndim() {
        // A 1-D operand is a row (first) or a column (second): `rows` or `cols` is 1.
        1 if rows == 1 => core.insert(0, 1),
        1 => core.push(1),
        _ => {}
    }
    let as_matrix = t.reshape(&core.iter().map(|&d| d as isize).collect::<Vec<_>>())?;
    cast_unchecked(&as_matrix, dtype)?
        .broadcast_to(&shape)?
        .contiguous()?
        .to_vec::<T>()
}

/// Runs `one` on every matrix of the stack (`a`: `n x k` blocks, `b`: `k x m` blocks, `out`:
/// `n x m` blocks), spread over threads when the stack is large.
fn each_matrix<T: Send + Sync + Copy + Default>(
    p: &Plan,
    a: &[T],
    b: &[T],
    one: impl Fn(&[T], &[T], &mut [T]) + Sync,
) -> Vec<T> {
    let (n, k, m) = (p.n, p.k, p.m);
    let count: usize = p.batch.iter().product();
    let mut out = vec![T::default(); count * n * m];
    if n * m == 0 {
        return out;
    }
    let run = |(i, o): (usize, &mut [T])| {
        one(
            &a[i * n * k..(i + 1) * n * k],
            &b[i * k * m..(i + 1) * k * m],
            o,
        )
    };
    if count > 1 && count * n * k * m >= PARALLEL_WORK {
        out.par_chunks_mut(n * m).enumerate().for_each(run);
    } else {
        out.chunks_mut(n * m).enumerate().for_each(run);
    }
    out
}

/// The textbook loop, `acc(acc, a_il, b_lj)` over `l` in order from `zero`.
fn naive<T: Copy, A: Copy>(
    n: usize,
    k: usize,
    m: usize,
    zero: A,
    acc: impl Fn(A, T, T) -> A,
    store: impl Fn(A) -> T,
) -> impl Fn(&[T], &[T], &mut [T]) {
    move |a, b, o| {
        for i in 0..n {
            for j in 0..m {
                let mut s = zero;
                for l in 0..k {
                    s = acc(s, a[i * k + l], b[l * m + j]);
                }
                o[i * m + j] = store(s);
            }
        }
    }
}

/// One matrix through faer's gemm, sequentially.
fn gemm<T: faer::traits::ComplexField + Copy>(
    n: usize,
    k: usize,
    m: usize,
    one: T,
) -> impl Fn(&[T], &[T], &mut [T]) {
    move |a, b, o| {
        let lhs = MatRef::from_row_major_slice(a, n, k);
        let rhs = MatRef::from_row_major_slice(b, k, m);
        let dst = MatMut::from_row_major_slice_mut(o, n, m);
        faer::linalg::matmul::matmul(dst, Accum::Replace, lhs, rhs, one, Par::Seq);
    }
}

/// Computes every matrix of the stack in `T`, the result dtype's element.
fn compute<T: Element + Default>(
    a: &Tensor,
    b: &Tensor,
    p: &Plan,
    d: DType,
    one: impl Fn(&[T], &[T], &mut [T]) + Sync,
) -> Result<Tensor> {
    let av = stacked::<T>(a, d, &p.batch, p.n, p.k)?;
    let bv = stacked::<T>(b, d, &p.batch, p.k, p.m)?;
    Tensor::from_vec(each_matrix(p, &av, &bv, one), &p.shape)
}

macro_rules! wrapping {
    ($a:expr, $b:expr, $p:expr, $d:expr, $t:ty) => {{
        let (n, k, m) = ($p.n, $p.k, $p.m);
        compute::<$t>(
            $a,
            $b,
            $p,
            $d,
            naive(
                n,
                k,
                m,
                0 as $t,
                |s: $t, x: $t, y: $t| s.wrapping_add(x.wrapping_mul(y)),
                |s| s,
            ),
        )
    }};
}

/// Every matrix of `p`'s stack of `a @ b` (`a`: stack of `n x k`, or a 1-D row; `b`: stack of
/// `k x m`, or a 1-D column; both broadcast to the stack), computed in and returned as `d`:
/// integers wrap, bool is OR of ANDs, float16 and bfloat16 accumulate in float32 and round
/// once (NumPy's half loop and ml_dtypes' dot), floats and complex through faer's gemm.
pub(crate) fn product(a: &Tensor, b: &Tensor, p: &Plan, d: DType) -> Result<Tensor> {
    let (n, k, m) = (p.n, p.k, p.m);
    macro_rules! half {
        ($t:ty) => {
            compute::<$t>(
                a,
                b,
                p,
                d,
                naive(
                    n,
                    k,
                    m,
                    0.0f32,
                    |s, x: $t, y: $t| s + x.to_f32() * y.to_f32(),
                    <$t>::from_f32,
                ),
            )
        };
    }
    match d {
        DType::Bool => compute::<bool>(
            a,
            b,
            p,
            d,
            naive(n, k, m, false, |s, x, y| s | (x & y), |s| s),
        ),
        DType::I8 => wrapping!(a, b, p, d, i8),
        DType::U8 => wrapping!(a, b, p, d, u8),
        DType::I16 => wrapping!(a, b, p, d, i16),
        DType::U16 => wrapping!(a, b, p, d, u16),
        DType::I32 => wrapping!(a, b, p, d, i32),
        DType::U32 => wrapping!(a, b, p, d, u32),
        DType::I64 => wrapping!(a, b, p, d, i64),
        DType::U64 => wrapping!(a, b, p, d, u64),
        DType::F16 => half!(f16),
        DType::BF16 => half!(half::bf16),
        DType::F32 => compute::<f32>(a, b, p, d, gemm(n, k, m, 1.0f32)),
        DType::F64 => compute::<f64>(a, b, p, d, gemm(n, k, m, 1.0f64)),
        DType::C64 => compute::<Cf32>(a, b, p, d, gemm(n, k, m, Cf32::new(1.0, 0.0))),
        DType::C128 => compute::<Cf64>(a, b, p, d, gemm(n, k, m, Cf64::new(1.0, 0.0))),
    }
}

impl Tensor {
    /// `np.matmul(self, other)` (`self @ other`): the matrix product over broadcast stacks.
    pub fn matmul(&self, other: &Tensor) -> Result<Tensor> {
        const OP: &str = "matmul";
        host_only(OP, &[self, other])?;
        let p = plan(OP, self.shape(), other.shape())?;
        let d = result_dtype(self.dtype(), other.dtype());
        crate::size::check_nbytes(OP, &p.shape, d.itemsize())?;
        product(self, other, &p, d)
    }
}
