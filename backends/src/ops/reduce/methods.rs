//! `ufunc.reduce` for the reducing ufuncs: one implementation behind `np.sum` (add),
//! `np.prod` (multiply), `np.max`/`np.min` (maximum/minimum), `np.all`/`np.any`
//! (logical_and/logical_or) and the methods `np.<ufunc>.reduce` themselves.
//!
//! NumPy semantics decided here: the loop dtype (small integers and bool accumulate in
//! int64/uint64 for add and multiply, `dtype=` overrides and the input is cast to it unsafely),
//! the start value (identity or `initial=`, cast to the loop dtype; a Python int must fit it),
//! `where=` (broadcast to the input; ops without identity need `initial=`), empty slices (an
//! empty reduced axis without identity or initial is a ValueError), and `out=` (same shape;
//! the cast into it is `unsafe`, as in NumPy's reductions).

use crate::backend::{backend, RedOp, Reduction};
use crate::dtype::DType;
use crate::element::{Cf64, Element, Hub};
use crate::error::{Error, Result};
use crate::ops::reduce::axis::ReduceArgs;
use crate::ops::reduce::driver::{
    as_dtype, check_out, deliver, out_shape, reduce_runs, with_geometry,
};
use crate::ops::reduce::fold::{Fold, PairwiseSum};
use crate::ops::reduce::scalar::{self as sc, Scalar};
use crate::ops::ufunc::{scalar_tensor, Ufunc};
use crate::promotion::PyScalar;
use crate::tensor::Tensor;

/// The binary ufuncs that have `reduce` and `accumulate` here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ROp {
    /// `np.add`
    Add,
    /// `np.multiply`
    Mul,
    /// `np.maximum`
    Max,
    /// `np.minimum`
    Min,
    /// `np.fmax`
    FMax,
    /// `np.fmin`
    FMin,
    /// `np.logical_and`
    LAnd,
    /// `np.logical_or`
    LOr,
    /// `np.logical_xor`
    LXor,
    /// `np.bitwise_and`
    BAnd,
    /// `np.bitwise_or`
    BOr,
    /// `np.bitwise_xor`
    BXor,
}

impl ROp {
    /// The op of a ufunc name.
    pub fn from_name(name: &str) -> Option<ROp> {
        Some(match name {
            "add" => ROp::Add,
            "multiply" => ROp::Mul,
            "maximum" => ROp::Max,
            "minimum" => ROp::Min,
            "fmax" => ROp::FMax,
            "fmin" => ROp::FMin,
            "logical_and" => ROp::LAnd,
            "logical_or" => ROp::LOr,
            "logical_xor" => ROp::LXor,
            "bitwise_and" => ROp::BAnd,
            "bitwise_or" => ROp::BOr,
            "bitwise_xor" => ROp::BXor,
            _ => return None,
        })
    }

    /// NumPy's ufunc name.
    pub fn name(self) -> &'static str {
        match self {
            ROp::Add => "add",
            ROp::Mul => "multiply",
            ROp::Max => "maximum",
            ROp::Min => "minimum",
            ROp::FMax => "fmax",
            ROp::FMin => "fmin",
            ROp::LAnd => "logical_and",
            ROp::LOr => "logical_or",
            ROp::LXor => "logical_xor",
            ROp::BAnd => "bitwise_and",
            ROp::BOr => "bitwise_or",
            ROp::BXor => "bitwise_xor",
        }
    }

    /// Whether the ufunc has an identity (maximum and friends do not).
    pub fn has_identity(self) -> bool {
        !matches!(self, ROp::Max | ROp::Min | ROp::FMax | ROp::FMin)
    }

    /// The loop dtype for input `d`, `dtype=` and the dtype of `out=`, as NumPy's reduction
    /// type resolution picks it: `dtype=` names the loop (it must be one of the ufunc's
    /// `[d, d] -> d` loops); without it an `out=` takes part in the promotion (its dtype and the
    /// input's, so `np.sum(f16, out=f32_arr)` sums in float32); without either, add and
    /// multiply accumulate bool and small integers in int64/uint64.
    pub fn loop_dtype(self, d: DType, dtype: Option<DType>, out: Option<DType>) -> Result<DType> {
        use DType::*;
        let name = self.name();
        let no_loop = || Error::Type {
            op: name,
            msg: format!(
                "No loop matching the specified signature and casting was found for ufunc {name}"
            ),
        };
        let lp = match self {
            // The logical loops all output bool: `dtype=` can only name bool; `out=` of any
            // dtype takes the bool result by a cast.
            ROp::LAnd | ROp::LOr | ROp::LXor => match dtype {
                None | Some(Bool) => Bool,
                Some(_) => return Err(no_loop()),
            },
            ROp::Add | ROp::Mul => match (dtype, out) {
                (Some(t), _) => t,
                (None, Some(o)) => crate::promotion::promote_types(o, d),
                (None, None) => match d {
                    Bool | I8 | I16 | I32 => I64,
                    U8 | U16 | U32 => U64,
                    d => d,
                },
            },
            _ => match (dtype, out) {
                (Some(t), _) => t,
                (None, Some(o)) => crate::promotion::promote_types(o, d),
                (None, None) => d,
            },
        };
        if matches!(self, ROp::BAnd | ROp::BOr | ROp::BXor) && !(lp.is_bool() || lp.is_integer()) {
            if dtype.is_some() {
                return Err(no_loop());
            }
            return Err(Error::Type {
                op: name,
                msg: format!(
                    "ufunc '{name}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''"
                ),
            });
        }
        Ok(lp)
    }

    /// The identity in dtype `T` (`None` for the extrema).
    fn identity<T: Element>(self) -> Option<T> {
        Some(match self {
            ROp::Add | ROp::BOr | ROp::BXor => T::from_hub(Hub::UInt(0)),
            ROp::Mul => T::from_hub(Hub::UInt(1)),
            ROp::LAnd => T::from_hub(Hub::Bool(true)),
            ROp::LOr | ROp::LXor => T::from_hub(Hub::Bool(false)),
            ROp::BAnd => T::from_hub(Hub::Int(-1)),
            _ => return None,
        })
    }

    /// What a `where=False` element becomes: a value that leaves the fold unchanged (`-0.0` for
    /// add, the only float that is an exact additive identity).
    fn neutral<T: Element>(self, start: Option<T>) -> Option<T> {
        match self {
            ROp::Add if T::DTYPE.is_complex() => {
                Some(T::from_hub(Hub::Complex(Cf64::new(-0.0, -0.0))))
            }
            ROp::Add if T::DTYPE.is_float() => Some(T::from_hub(Hub::Float(-0.0))),
            ROp::Max | ROp::Min | ROp::FMax | ROp::FMin => start,
            _ => self.identity(),
        }
    }
}

/// A Python scalar stored as a value of `T`, as NumPy's setitem stores `initial=` (a float is
/// truncated into an integer dtype and must fit; see [`PyScalar::check_pack`]).
pub(crate) fn py_value<T: Element>(op: &'static str, s: PyScalar) -> Result<T> {
    s.check_pack(op, T::DTYPE)?;
    let t = scalar_tensor(s, T::DTYPE);
    let v = t.to_vec::<T>()?;
    Ok(v[0])
}

/// `x` with the elements where `mask` (broadcast to `x`) is False replaced by `fill`.
pub(crate) fn masked<T: Element>(x: &Tensor, mask: &Tensor, fill: T) -> Result<Tensor> {
    let mask = as_dtype(mask, DType::Bool)?;
    let ml = mask
        .layout()
        .broadcast_to(x.shape())
        .map_err(|_| Error::Broadcast {
            op: "where",
            shapes: vec![x.shape().to_vec(), mask.shape().to_vec()],
        })?;
    let (xs, ms) = (x.storage()?, mask.storage()?);
    let v = crate::cpu::map2(
        T::slice(&xs),
        x.layout(),
        bool::slice(&ms),
        &ml,
        |v, keep| if keep { v } else { fill },
    )?;
    Tensor::from_vec(v, x.shape())
}

/// The product over the reduced axes (`mask`) of the elements of `x` where `w` (broadcast to
/// `x`) is True, each output starting from `start`, in C order as the fold multiplies: masked
/// elements are skipped, as NumPy's masked loop skips them. Computed on the host (a rare path:
/// complex products under `where=`), the result on `x`'s device.
fn skip_masked_product<T: Scalar>(
    x: &Tensor,
    w: &Tensor,
    mask: &[bool],
    start: T,
    shape: &[usize],
) -> Result<Tensor> {
    let keep = as_dtype(w, DType::Bool)?;
    let keep = keep.broadcast_to(x.shape()).map_err(|_| Error::Broadcast {
        op: "where",
        shapes: vec![x.shape().to_vec(), w.shape().to_vec()],
    })?;
    let (xv, kv) = (x.to_vec::<T>()?, keep.to_vec::<bool>()?);
    let n_out: usize = shape.iter().product();
    let mut acc = vec![start; n_out];
    let dims = x.shape();
    for (flat, (&v, &k)) in xv.iter().zip(&kv).enumerate() {
        if !k {
            continue;
        }
        // The output index: the kept dimensions' indices in C order.
        let (mut rest, mut out, mut scale) = (flat, 0usize, 1usize);
        for (d, &n) in dims.iter().enumerate().rev() {
            let i = rest % n;
            rest /= n;
            if !mask[d] {
                out += i * scale;
                scale *= n;
            }
        }
        acc[out] = <sc::Mul as sc::BinOp>::f(acc[out], v);
    }
    Tensor::from_vec(acc, shape)?.to_device(x.device())
}

/// `x` (the input `a` in the loop dtype `T`, C-contiguous) with the first element of every
/// slice over `mask` (all reduced indices 0) replaced by `a`'s element cast to `o` and then
/// to `T`: the value a reduction without start value begins from in an `out=` of dtype `o`.
fn first_through<T: Element>(a: &Tensor, x: &Tensor, mask: &[bool], o: DType) -> Result<Tensor> {
    let through = as_dtype(&as_dtype(a, o)?, T::DTYPE)?;
    let (xv, tv) = (x.to_vec::<T>()?, through.to_vec::<T>()?);
    let shape = x.shape();
    let mixed: Vec<T> = (0..xv.len())
        .map(|flat| {
            let mut rest = flat;
            let mut first = true;
            for (d, &n) in shape.iter().enumerate().rev() {
                if mask[d] && rest % n != 0 {
                    first = false;
                }
                rest /= n;
            }
            if first {
                tv[flat]
            } else {
                xv[flat]
            }
        })
        .collect();
    Tensor::from_vec(mixed, shape)?.to_device(x.device())
}

/// Runs the reduction of `x` (already in the loop dtype `T`) over `mask` on the host.
fn compute<T: Scalar>(
    op: RedOp,
    x: &Tensor,
    mask: &[bool],
    start: Option<T>,
    via: Option<DType>,
) -> Result<Vec<T>> {
    macro_rules! fold {
        ($F:ty) => {
            with_geometry::<T, _>(x, mask, |d, g| {
                let mut f = Fold::<T, $F>::new(start);
                f.via = via;
                reduce_runs(d, g, &f, start.unwrap_or_default())
            })
        };
    }
    match op {
        RedOp::Add => {
            let st = start.unwrap_or_default().to_acc();
            with_geometry::<T, _>(x, mask, |d, g| {
                reduce_runs(d, g, &PairwiseSum::<T> { start: st }, T::from_acc(st))
            })
        }
        RedOp::Mul => fold!(sc::Mul),
        RedOp::Max => crate::fpe::quiet(|| fold!(sc::Max)),
        RedOp::Min => crate::fpe::quiet(|| fold!(sc::Min)),
        RedOp::FMax => crate::fpe::quiet(|| fold!(sc::FMax)),
        RedOp::FMin => crate::fpe::quiet(|| fold!(sc::FMin)),
        RedOp::And => fold!(sc::BitAnd),
        RedOp::Or => fold!(sc::BitOr),
        RedOp::Xor => fold!(sc::BitXor),
        RedOp::ArgMax | RedOp::ArgMin => Err(Error::Unsupported {
            op: "reduce",
            msg: "index reductions have their own host implementation".into(),
        }),
    }
}

/// The host implementation of the value reductions (the CPU device runs it).
fn cpu_reduce(r: &Reduction<'_>) -> Result<Tensor> {
    crate::with_dtype!(r.x.dtype(), T, {
        let start = r.start.map(T::from_hub);
        let v = compute::<T>(r.op, r.x, r.mask, start, r.via)?;
        Tensor::from_vec(v, r.shape)
    })
}

/// The op a device computes for ufunc `op` (the logical ops run as the bitwise ones on their
/// bool loop dtype).
fn device_op(op: ROp) -> RedOp {
    match op {
        ROp::Add => RedOp::Add,
        ROp::Mul => RedOp::Mul,
        ROp::Max => RedOp::Max,
        ROp::Min => RedOp::Min,
        ROp::FMax => RedOp::FMax,
        ROp::FMin => RedOp::FMin,
        ROp::LAnd | ROp::BAnd => RedOp::And,
        ROp::LOr | ROp::BOr => RedOp::Or,
        ROp::LXor | ROp::BXor => RedOp::Xor,
    }
}

/// `t` on `a`'s device, or the typed error naming both (a reduction writes `out=` in place, so
/// it must be on the array's device).
fn same_device(op: &'static str, a: &Tensor, t: &Tensor, what: &str) -> Result<()> {
    if t.device() != a.device() {
        return Err(Error::Device {
            op,
            msg: format!(
                "{what} is on {} but the array is on {}",
                t.device(),
                a.device()
            ),
        });
    }
    Ok(())
}

/// `x` with the elements where `mask` is False replaced by `fill`, on `x`'s device: the host
/// mask loop on the CPU, `np.where(mask, x, fill)` through the ufunc machinery elsewhere (the
/// same values: a select).
fn masked_on_device<T: Element>(x: &Tensor, mask: &Tensor, fill: T) -> Result<Tensor> {
    if x.device() == crate::storage::Device::Cpu {
        return masked::<T>(x, mask, fill);
    }
    let m = as_dtype(mask, DType::Bool)?;
    if m.layout().broadcast_to(x.shape()).is_err() {
        return Err(Error::Broadcast {
            op: "where",
            shapes: vec![x.shape().to_vec(), mask.shape().to_vec()],
        });
    }
    let fill = Tensor::from_vec(vec![fill], &[])?.to_device(x.device())?;
    let r = crate::ops::methods::call(
        "where",
        &[
            crate::ops::ufunc::Arg::from(m),
            crate::ops::ufunc::Arg::from(x),
            crate::ops::ufunc::Arg::from(fill),
        ],
        None,
    )?;
    // `where` broadcasts x against the mask; NumPy's reductions take x's shape.
    if r.shape() != x.shape() {
        return Err(Error::Broadcast {
            op: "where",
            shapes: vec![x.shape().to_vec(), mask.shape().to_vec()],
        });
    }
    Ok(r)
}

/// `np.<op>.reduce(a, axis, dtype, out, keepdims, initial, where)` (see the module docs);
/// `op_name` names the op in errors. Runs on `a`'s device through the seam.
pub(crate) fn reduce(op: ROp, a: &Tensor, args: &ReduceArgs) -> Result<Tensor> {
    let name = op.name();
    if let Some(o) = &args.out {
        same_device(name, a, o, "out=")?;
    }
    // A mask given on another device (NumPy has none) is moved to the array's.
    let where_ = match &args.where_ {
        Some(w) if w.device() != a.device() => Some(w.to_device(a.device())?),
        w => w.clone(),
    };
    let mask = args.axis.mask(name, a.ndim())?;
    let lp = op.loop_dtype(a.dtype(), args.dtype, args.out.as_ref().map(|o| o.dtype()))?;
    let shape = out_shape(a.shape(), &mask, args.keepdims);
    if let Some(o) = &args.out {
        check_out(name, o, &shape, args.keepdims)?;
    }
    let k: usize = crate::ops::reduce::axis::reduced_len(a.shape(), &mask);
    if !op.has_identity() && args.initial.is_none() {
        if args.where_.is_some() {
            return Err(Error::Value {
                op: name,
                msg: format!(
                    "reduction operation '{name}' does not have an identity, so to use a where mask one has to specify 'initial'"
                ),
            });
        }
        if k == 0 {
            return Err(Error::Value {
                op: name,
                msg: format!("zero-size array to reduction operation {name} which has no identity"),
            });
        }
    }
    // The mask must broadcast to the input before `initial=` is converted (NumPy sets up
    // its iterator, which refuses a mask with more dimensions, first).
    if let Some(w) = &where_ {
        if w.layout().broadcast_to(a.shape()).is_err() {
            return Err(Error::Broadcast {
                op: "where",
                shapes: vec![a.shape().to_vec(), w.shape().to_vec()],
            });
        }
    }
    let x = as_dtype(a, lp)?;
    let result = crate::with_dtype!(lp, T, {
        let start: Option<T> = match args.initial {
            // Into a bool loop (the logical ops') `initial=` becomes its truth value.
            Some(s) => Some(py_value::<T>(name, s)?),
            None => op.identity::<T>(),
        };
        // NumPy's reduction starts in `out=` itself: the start value (identity, `initial=` or
        // the first element of each slice) passes through out's dtype before the loop runs in
        // the loop dtype (`np.bitwise_and.reduce(int16, out=bool_arr)` starts from True = 1).
        // An empty slice runs no loop: its result is the start value as out's dtype holds
        // it, with no cast back to the loop dtype (`np.bitwise_and.reduce(bool[1, 0],
        // dtype=uint16, axis=1, out=bfloat16)` is 65535 rounded to bfloat16, 65536).
        let via = args
            .out
            .as_ref()
            .map(|o| o.dtype())
            .filter(|&o| o != lp && k > 0);
        let start = match via {
            Some(o) => start.map(|s| sc::via::<T>(s, o)),
            None => start,
        };
        // Without a start value the first element of each slice starts the reduction in
        // out=: NumPy casts it there from the *input* dtype, not from the loop dtype
        // (`np.min(uint64 [2**64 - 2], out=int64)` is -2 where the float64 loop value would
        // cast to int64's minimum), so those elements are prepared here.
        let (x, via) = match via {
            Some(o) if start.is_none() && a.dtype() != lp && x.numel() > 0 => {
                (first_through::<T>(a, &x, &mask, o)?, None)
            }
            v => (x, v),
        };
        match &where_ {
            // NumPy skips masked elements. Multiplying by the identity 1+0j in their place
            // is exact for real products but not for complex ones: an infinite or NaN part
            // becomes NaN (inf * 0) and a -0.0 part +0.0.
            Some(w) if op == ROp::Mul && lp.is_complex() => {
                skip_masked_product::<T>(&x, w, &mask, start.unwrap_or_default(), &shape)?
            }
            _ => {
                let x = match &where_ {
                    Some(w) => masked_on_device::<T>(&x, w, op.neutral(start).unwrap_or_default())?,
                    None => x,
                };
                backend(x.device()).reduce(&Reduction {
                    name,
                    op: device_op(op),
                    x: &x,
                    mask: &mask,
                    shape: &shape,
                    start: start.map(|s| s.to_hub()),
                    via,
                    cpu: cpu_reduce,
                })?
            }
        }
    });
    deliver(name, result, args.out.as_ref())
}

impl Ufunc {
    /// `np.<ufunc>.reduce(a, axis, dtype, out, keepdims, initial, where)`; callers pass NumPy's
    /// default axis=0 themselves (Axis::All means axis=None).
    pub fn reduce(&self, a: &Tensor, args: &ReduceArgs) -> Result<Tensor> {
        crate::fpe::call("reduce", || reduce(self.reducing_op("reduce")?, a, args))
    }

    /// `np.<ufunc>.accumulate(a, axis, dtype, out)`.
    pub fn accumulate(
        &self,
        a: &Tensor,
        axis: isize,
        dtype: Option<DType>,
        out: Option<&Tensor>,
    ) -> Result<Tensor> {
        crate::fpe::call("accumulate", || {
            crate::ops::reduce::cumulative::ufunc_accumulate(
                self.reducing_op("accumulate")?,
                a,
                axis,
                dtype,
                out,
            )
        })
    }

    /// The reducing op of this ufunc: NumPy's ValueError for non-binary ufuncs, `Unsupported`
    /// for binary ones without a reduction here.
    fn reducing_op(&self, method: &str) -> Result<ROp> {
        if self.nin != 2 {
            return Err(Error::Value {
                op: self.name,
                msg: format!("{method} only supported for binary functions"),
            });
        }
        ROp::from_name(self.name).ok_or_else(|| Error::Unsupported {
            op: self.name,
            msg: format!("{method} is not implemented for this ufunc"),
        })
    }
}
