//! `numpy.einsum` with `optimize=False`: the sum over every label not in the output of the
//! products of the operands' elements, as NumPy's `PyArray_EinsteinSum` computes it
//! (`numpy/_core/src/multiarray/einsum.cpp`, `einsum_sumprod.c.src`).
//!
//! NumPy's rules, followed here:
//! - The subscripts are split at `,` and `-` (C's `strcspn`); each operand's part holds letters
//!   (ASCII only: a non-ASCII string is Python's UnicodeEncodeError, a ValueError), spaces and
//!   at most one `...`, which stands for the operand's dimensions the letters leave over. The
//!   output follows `->`; without it the output is every broadcast dimension, then each label
//!   appearing exactly once, in ASCII order (upper case before lower case).
//! - A label repeated in one operand takes that operand's diagonal (the dimensions must be
//!   equal); across operands a label's dimensions broadcast (1 against any size).
//! - One operand whose labels all reach the output is a view (a transpose, a diagonal), in
//!   any dtype, bfloat16 too. Everything else computes in the operands' `result_type`: bool
//!   as OR of ANDs, integers wrapping, float16 through float32 (`npy_half_to_float`), the
//!   products left to right in operand order, each output element accumulated from +0.
//!   bfloat16 has no sum-of-products loop (ml_dtypes registers none): TypeError, as there is
//!   no common dtype of bfloat16 and float16 or the integers wider than 8 bits.
//! - Errors are NumPy's ValueErrors, checked in its order: operand counts and subscripts,
//!   the output, a single operand's view, each operand's diagonals, then the iteration
//!   (broadcasting, its size), then the dtype.
//!
//! One divergence: a single operand viewed with a repeated label whose first dimension is 0
//! and a later one is not (`einsum('ii->i', zeros((0, 3)))`) is a ValueError here; NumPy's
//! view path skips the size check there and returns a view of 3 elements past an empty buffer.

use crate::dtype::DType;
use crate::element::{Cf32, Cf64, Element};
use crate::error::{Error, Result};
use crate::layout::{contiguous_strides, Layout};
use crate::ops::astype::cast_unchecked;
use crate::ops::reduce::select::host_only;
use crate::tensor::Tensor;
use half::f16;
use rayon::prelude::*;

const OP: &str = "einsum";
/// NumPy 2's `NPY_MAXARGS`: the operands and the output together.
const MAXARGS: usize = 64;
/// NumPy 2's `NPY_MAXDIMS`.
const MAXDIMS: usize = 64;
/// Below this many multiply-adds the contraction runs on one thread.
const PARALLEL_WORK: usize = 1 << 16;

/// The label of one dimension: a letter, or one of the dimensions an ellipsis stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Label {
    Letter(u8),
    Broadcast,
}

fn value(msg: impl Into<String>) -> Error {
    Error::Value {
        op: OP,
        msg: msg.into(),
    }
}

/// A shape as Python prints a tuple, `None` entries as `newaxis`.
fn py_tuple(s: &[Option<usize>]) -> String {
    let v: Vec<String> = s
        .iter()
        .map(|d| d.map_or("newaxis".to_string(), |d| d.to_string()))
        .collect();
    match v.len() {
        1 => format!("({},)", v[0]),
        _ => format!("({})", v.join(",")),
    }
}

/// `parse_operand_subscripts`: the labels of operand `iop`'s `ndim` dimensions, counting each
/// letter in `counts`.
fn parse_operand(
    sub: &[u8],
    ndim: usize,
    iop: usize,
    counts: &mut [usize; 128],
) -> Result<Vec<Label>> {
    let mut letters: Vec<u8> = Vec::with_capacity(ndim);
    let mut ellipsis: Option<usize> = None;
    let mut i = 0;
    while i < sub.len() {
        let c = sub[i];
        if c.is_ascii_alphabetic() {
            if letters.len() >= ndim {
                return Err(value(format!(
                    "einstein sum subscripts string contains too many subscripts for operand \
                     {iop}"
                )));
            }
            letters.push(c);
            counts[c as usize] += 1;
        } else if c == b'.' {
            if ellipsis.is_some() || i + 2 >= sub.len() || sub[i + 1] != b'.' || sub[i + 2] != b'.'
            {
                return Err(value(format!(
                    "einstein sum subscripts string contains a '.' that is not part of an \
                     ellipsis ('...') in operand {iop}"
                )));
            }
            i += 2;
            ellipsis = Some(letters.len());
        } else if c != b' ' {
            return Err(value(format!(
                "invalid subscript '{}' in einstein sum subscripts string, subscripts must be \
                 letters",
                c as char
            )));
        }
        i += 1;
    }
    let mut labels: Vec<Label> = letters.iter().map(|&c| Label::Letter(c)).collect();
    match ellipsis {
        None if labels.len() != ndim => Err(value(
            "operand has more dimensions than subscripts given in einstein sum, but no '...' \
             ellipsis provided to broadcast the extra dimensions.",
        )),
        None => Ok(labels),
        Some(at) => {
            let extra = ndim - labels.len();
            labels.splice(at..at, std::iter::repeat_n(Label::Broadcast, extra));
            Ok(labels)
        }
    }
}

/// `parse_output_subscripts`: the output's labels, `...` standing for `ndim_broadcast`
/// dimensions.
fn parse_output(sub: &[u8], ndim_broadcast: usize, counts: &[usize; 128]) -> Result<Vec<Label>> {
    let mut out: Vec<Label> = Vec::new();
    let mut ellipsis = false;
    let mut i = 0;
    while i < sub.len() {
        let c = sub[i];
        if c.is_ascii_alphabetic() {
            if sub[i + 1..].contains(&c) {
                return Err(value(format!(
                    "einstein sum subscripts string includes output subscript '{}' multiple \
                     times",
                    c as char
                )));
            }
            if counts[c as usize] == 0 {
                return Err(value(format!(
                    "einstein sum subscripts string included output subscript '{}' which never \
                     appeared in an input",
                    c as char
                )));
            }
            if out.len() >= MAXDIMS {
                return Err(value(
                    "einstein sum subscripts string contains too many subscripts in the output",
                ));
            }
            out.push(Label::Letter(c));
        } else if c == b'.' {
            if ellipsis || i + 2 >= sub.len() || sub[i + 1] != b'.' || sub[i + 2] != b'.' {
                return Err(value(
                    "einstein sum subscripts string contains a '.' that is not part of an \
                     ellipsis ('...') in the output",
                ));
            }
            if out.len() + ndim_broadcast > MAXDIMS {
                return Err(value(
                    "einstein sum subscripts string contains too many subscripts in the output",
                ));
            }
            i += 2;
            ellipsis = true;
            out.extend(std::iter::repeat_n(Label::Broadcast, ndim_broadcast));
        } else if c != b' ' {
            return Err(value(format!(
                "invalid subscript '{}' in einstein sum subscripts string, subscripts must be \
                 letters",
                c as char
            )));
        }
        i += 1;
    }
    if !ellipsis && ndim_broadcast > 0 {
        return Err(value(
            "output has more dimensions than subscripts given in einstein sum, but no '...' \
             ellipsis provided to broadcast the extra dimensions.",
        ));
    }
    Ok(out)
}

/// The parsed subscripts: every operand's labels and the output's.
struct Subscripts {
    operands: Vec<Vec<Label>>,
    output: Vec<Label>,
    counts: [usize; 128],
}

/// Splits and parses `subscripts` for operands of `ndims` dimensions, as
/// `PyArray_EinsteinSum` does.
fn parse(subscripts: &[u8], ndims: &[usize]) -> Result<Subscripts> {
    let nop = ndims.len();
    let mut counts = [0usize; 128];
    let mut operands = Vec::with_capacity(nop);
    let mut rest = subscripts;
    for (iop, &ndim) in ndims.iter().enumerate() {
        let length = rest
            .iter()
            .position(|&c| c == b',' || c == b'-')
            .unwrap_or(rest.len());
        let next = rest.get(length).copied();
        if iop == nop - 1 && next == Some(b',') {
            return Err(value(
                "more operands provided to einstein sum function than specified in the \
                 subscripts string",
            ));
        }
        if iop < nop - 1 && next != Some(b',') {
            return Err(value(
                "fewer operands provided to einstein sum function than specified in the \
                 subscripts string",
            ));
        }
        operands.push(parse_operand(&rest[..length], ndim, iop, &mut counts)?);
        rest = &rest[length..];
        if iop < nop - 1 {
            rest = &rest[1..];
        }
    }
    let ndim_broadcast = operands
        .iter()
        .map(|l| l.iter().filter(|&&x| x == Label::Broadcast).count())
        .max()
        .unwrap_or(0);
    let output = if rest.is_empty() {
        // Implicit: the broadcast dimensions first, then the labels seen once, in ASCII order.
        let mut out = vec![Label::Broadcast; ndim_broadcast];
        for c in 0..128u8 {
            if counts[c as usize] == 1 {
                if out.len() >= MAXDIMS {
                    return Err(value(
                        "einstein sum subscript string has too many distinct labels",
                    ));
                }
                out.push(Label::Letter(c));
            }
        }
        out
    } else {
        if !rest.starts_with(b"->") {
            return Err(value(
                "einstein sum subscript string does not contain proper '->' output specified",
            ));
        }
        parse_output(&rest[2..], ndim_broadcast, &counts)?
    };
    Ok(Subscripts {
        operands,
        output,
        counts,
    })
}

/// `get_single_op_view`: one operand whose labels all reach the output is a view of it (a
/// transpose, a diagonal, dimensions added by nothing). `None` when a label is summed.
fn single_view(t: &Tensor, labels: &[Label], output: &[Label]) -> Result<Option<Tensor>> {
    let l = t.layout();
    let n = output.len();
    let mut dims: Vec<Option<usize>> = vec![None; n];
    let mut strides = vec![0isize; n];
    let mut next_broadcast = 0;
    for (axis, label) in labels.iter().enumerate() {
        let (dim, stride) = (l.shape()[axis], l.strides()[axis]);
        let slot = match label {
            Label::Broadcast => {
                let s = (next_broadcast..n).find(|&i| output[i] == Label::Broadcast);
                let Some(s) = s else {
                    return Err(value("output had too few broadcast dimensions"));
                };
                next_broadcast = s + 1;
                s
            }
            Label::Letter(c) => match output.iter().position(|o| o == label) {
                Some(s) => {
                    if let Some(d) = dims[s] {
                        // NumPy skips this check where the first dimension is 0 (see the
                        // module docs).
                        if d != dim {
                            return Err(value(format!(
                                "dimensions in single operand for collapsing index '{}' don't \
                                 match ({d} != {dim})",
                                *c as char
                            )));
                        }
                    }
                    s
                }
                None => return Ok(None),
            },
        };
        dims[slot] = Some(dim);
        strides[slot] += stride;
    }
    let shape: Vec<usize> = dims.iter().map(|d| d.unwrap_or(0)).collect();
    Ok(Some(t.with_layout(Layout::from_parts(
        shape,
        strides,
        l.offset(),
    ))))
}

/// `get_combined_dims_view`: operand `iop` with each repeated label's dimensions merged into
/// their diagonal (a view), and its labels, each letter once.
fn combined(t: &Tensor, iop: usize, labels: &[Label]) -> Result<(Tensor, Vec<Label>)> {
    let l = t.layout();
    let mut out_labels: Vec<Label> = Vec::new();
    let mut shape: Vec<usize> = Vec::new();
    let mut strides: Vec<isize> = Vec::new();
    for (axis, &label) in labels.iter().enumerate() {
        let (dim, stride) = (l.shape()[axis], l.strides()[axis]);
        let seen = match label {
            Label::Letter(_) => out_labels.iter().position(|&x| x == label),
            Label::Broadcast => None,
        };
        match (seen, label) {
            (Some(i), Label::Letter(c)) => {
                if shape[i] != dim {
                    return Err(value(format!(
                        "dimensions in operand {iop} for collapsing index '{}' don't match ({} \
                         != {dim})",
                        c as char, shape[i]
                    )));
                }
                strides[i] += stride;
            }
            _ => {
                out_labels.push(label);
                shape.push(dim);
                strides.push(stride);
            }
        }
    }
    if out_labels.len() == labels.len() {
        return Ok((t.clone(), out_labels));
    }
    let view = t.with_layout(Layout::from_parts(shape, strides, l.offset()));
    Ok((view, out_labels))
}

/// `prepare_op_axes`: for each iteration dimension, the operand axis it reads (`None`: the
/// operand is broadcast along it). Broadcast dimensions are matched from the right.
fn op_axes(labels: &[Label], iter: &[Label]) -> Vec<Option<usize>> {
    let mut axes = vec![None; iter.len()];
    let mut next = labels.len();
    for i in (0..iter.len()).rev() {
        axes[i] = match iter[i] {
            Label::Broadcast => {
                while next > 0 && labels[next - 1] != Label::Broadcast {
                    next -= 1;
                }
                if next == 0 {
                    None
                } else {
                    next -= 1;
                    Some(next)
                }
            }
            l => labels.iter().position(|&x| x == l),
        };
    }
    axes
}

/// Whether ml_dtypes registers no common dtype of the operands: bfloat16 beside float16 or an
/// integer wider than 8 bits (NumPy's DTypePromotionError, a TypeError).
fn no_common_dtype(dtypes: &[DType]) -> bool {
    let wide = |d: &DType| {
        matches!(
            d,
            DType::I16
                | DType::U16
                | DType::I32
                | DType::U32
                | DType::I64
                | DType::U64
                | DType::F16
        )
    };
    dtypes.contains(&DType::BF16) && dtypes.iter().any(wide)
}

/// One operand of the contraction: its elements (C order, in the result dtype) and, per
/// iteration dimension, its stride in them (0 where it is broadcast).
struct Operand<T> {
    data: Vec<T>,
    strides: Vec<isize>,
}

/// The contraction in `T` accumulated in `A`: every output element (the first `n_out`
/// iteration dimensions, C order) is `narrow(sum of the products)` over the other iteration
/// dimensions, the products formed left to right in operand order.
#[allow(clippy::too_many_arguments)]
fn contract<T: Element, A: Copy + Send + Sync>(
    ops: &[Operand<T>],
    dims: &[usize],
    n_out: usize,
    zero: A,
    widen: impl Fn(T) -> A + Sync,
    mul: impl Fn(A, A) -> A + Sync,
    add: impl Fn(A, A) -> A + Sync,
    narrow: impl Fn(A) -> T + Sync,
) -> Result<Vec<T>> {
    let out_numel: usize = dims[..n_out].iter().product();
    let sum_dims = &dims[n_out..];
    let k: usize = sum_dims.iter().product();
    let one = |o: usize| -> T {
        let mut off = vec![0isize; ops.len()];
        let mut rem = o;
        for i in (0..n_out).rev() {
            let idx = (rem % dims[i]) as isize;
            rem /= dims[i];
            for (p, op) in ops.iter().enumerate() {
                off[p] += idx * op.strides[i];
            }
        }
        let mut acc = zero;
        if k == 0 {
            return narrow(acc);
        }
        let mut idx = vec![0usize; sum_dims.len()];
        loop {
            let mut prod = widen(ops[0].data[off[0] as usize]);
            for (p, op) in ops.iter().enumerate().skip(1) {
                prod = mul(prod, widen(op.data[off[p] as usize]));
            }
            acc = add(prod, acc);
            // The next summed index, the last dimension fastest.
            let mut d = sum_dims.len();
            loop {
                if d == 0 {
                    return narrow(acc);
                }
                d -= 1;
                let ax = n_out + d;
                idx[d] += 1;
                if idx[d] < dims[ax] {
                    for (p, op) in ops.iter().enumerate() {
                        off[p] += op.strides[ax];
                    }
                    break;
                }
                for (p, op) in ops.iter().enumerate() {
                    off[p] -= op.strides[ax] * (dims[ax] as isize - 1);
                }
                idx[d] = 0;
            }
        }
    };
    // A result too big to allocate is NumPy's MemoryError, not an abort.
    let mut out: Vec<T> = crate::cpu::alloc::try_with_capacity(OP, &dims[..n_out])?;
    if out_numel > 1 && out_numel.saturating_mul(k) >= PARALLEL_WORK {
        out.par_extend((0..out_numel).into_par_iter().map(one));
    } else {
        out.extend((0..out_numel).map(one));
    }
    Ok(out)
}

/// The operands (merged views) in dtype `T`, with their strides over the iteration `dims`.
fn prepare<T: Element>(
    views: &[Tensor],
    axes: &[Vec<Option<usize>>],
    dims: &[usize],
    d: DType,
) -> Result<Vec<Operand<T>>> {
    views
        .iter()
        .zip(axes)
        .map(|(v, ax)| {
            // A broadcast (zero-stride) dimension is read once, not copied out.
            let l = v.layout();
            let compact: Vec<usize> = l
                .shape()
                .iter()
                .zip(l.strides())
                .map(|(&n, &s)| if s == 0 && n > 1 { 1 } else { n })
                .collect();
            let view = v.with_layout(Layout::from_parts(
                compact.clone(),
                l.strides().to_vec(),
                l.offset(),
            ));
            let data = cast_unchecked(&view, d)?.to_vec::<T>()?;
            let cs = contiguous_strides(&compact);
            let strides = ax
                .iter()
                .zip(dims)
                .map(|(a, &n)| match a {
                    Some(a) if compact[*a] == n && n > 1 => cs[*a],
                    _ => 0,
                })
                .collect();
            Ok(Operand { data, strides })
        })
        .collect()
}

macro_rules! run {
    ($views:expr, $axes:expr, $dims:expr, $n_out:expr, $d:expr, $t:ty, $a:ty, $zero:expr,
     $widen:expr, $mul:expr, $add:expr, $narrow:expr) => {{
        let ops = prepare::<$t>($views, $axes, $dims, $d)?;
        let v = contract::<$t, $a>(&ops, $dims, $n_out, $zero, $widen, $mul, $add, $narrow)?;
        Tensor::from_vec(v, &$dims[..$n_out])
    }};
}

macro_rules! wrapping {
    ($views:expr, $axes:expr, $dims:expr, $n_out:expr, $d:expr, $t:ty) => {
        run!(
            $views,
            $axes,
            $dims,
            $n_out,
            $d,
            $t,
            $t,
            0 as $t,
            |x| x,
            |a: $t, b: $t| a.wrapping_mul(b),
            |a: $t, b: $t| a.wrapping_add(b),
            |a| a
        )
    };
}

macro_rules! plain {
    ($views:expr, $axes:expr, $dims:expr, $n_out:expr, $d:expr, $t:ty, $zero:expr) => {
        run!(
            $views,
            $axes,
            $dims,
            $n_out,
            $d,
            $t,
            $t,
            $zero,
            |x| x,
            |a: $t, b: $t| a * b,
            |a: $t, b: $t| a + b,
            |a| a
        )
    };
}

/// The contraction of `views` (merged operands) over the iteration `dims` in dtype `d`.
fn compute(
    views: &[Tensor],
    axes: &[Vec<Option<usize>>],
    dims: &[usize],
    n_out: usize,
    d: DType,
) -> Result<Tensor> {
    match d {
        DType::Bool => run!(
            views,
            axes,
            dims,
            n_out,
            d,
            bool,
            bool,
            false,
            |x| x,
            |a: bool, b: bool| a & b,
            |a: bool, b: bool| a | b,
            |a| a
        ),
        DType::I8 => wrapping!(views, axes, dims, n_out, d, i8),
        DType::U8 => wrapping!(views, axes, dims, n_out, d, u8),
        DType::I16 => wrapping!(views, axes, dims, n_out, d, i16),
        DType::U16 => wrapping!(views, axes, dims, n_out, d, u16),
        DType::I32 => wrapping!(views, axes, dims, n_out, d, i32),
        DType::U32 => wrapping!(views, axes, dims, n_out, d, u32),
        DType::I64 => wrapping!(views, axes, dims, n_out, d, i64),
        DType::U64 => wrapping!(views, axes, dims, n_out, d, u64),
        DType::F16 => run!(
            views,
            axes,
            dims,
            n_out,
            d,
            f16,
            f32,
            0.0f32,
            |x: f16| x.to_f32(),
            |a: f32, b: f32| a * b,
            |a: f32, b: f32| a + b,
            f16::from_f32
        ),
        DType::F32 => plain!(views, axes, dims, n_out, d, f32, 0.0f32),
        DType::F64 => plain!(views, axes, dims, n_out, d, f64, 0.0f64),
        DType::C64 => plain!(views, axes, dims, n_out, d, Cf32, Cf32::new(0.0, 0.0)),
        DType::C128 => plain!(views, axes, dims, n_out, d, Cf64, Cf64::new(0.0, 0.0)),
        DType::BF16 => {
            // NumPy allocates the result before it looks for a loop: that error comes first.
            crate::cpu::alloc::try_with_capacity::<half::bf16>(OP, &dims[..n_out])?;
            Err(Error::Type {
                op: OP,
                msg: "invalid data type for einsum".into(),
            })
        }
    }
}

impl Tensor {
    /// `np.einsum(subscripts, *operands)` (`optimize=False`): the Einstein summation the
    /// subscripts describe, with NumPy's parsing, broadcasting, dtype and error rules (see the
    /// module docs).
    pub fn einsum(subscripts: &str, operands: &[&Tensor]) -> Result<Tensor> {
        let nop = operands.len();
        if nop == 0 {
            return Err(value(
                "must specify the einstein sum subscripts string and at least one operand",
            ));
        }
        if nop >= MAXARGS {
            return Err(value("too many operands"));
        }
        if let Some((i, c)) = subscripts.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
            return Err(value(format!(
                "'ascii' codec can't encode character {c:?} in position {i}: ordinal not in \
                 range(128) (UnicodeEncodeError)"
            )));
        }
        host_only(OP, operands)?;
        // NumPy reads the subscripts as a C string: a NUL ends them.
        let bytes = subscripts.as_bytes();
        let bytes = &bytes[..bytes.iter().position(|&c| c == 0).unwrap_or(bytes.len())];
        let ndims: Vec<usize> = operands.iter().map(|t| t.ndim()).collect();
        let sub = parse(bytes, &ndims)?;
        if nop == 1 {
            if let Some(v) = single_view(operands[0], &sub.operands[0], &sub.output)? {
                return Ok(v);
            }
        }
        let mut views = Vec::with_capacity(nop);
        let mut labels = Vec::with_capacity(nop);
        for (iop, t) in operands.iter().enumerate() {
            let (v, l) = combined(t, iop, &sub.operands[iop])?;
            views.push(v);
            labels.push(l);
        }
        // The iteration: the output's dimensions, then the summed labels in ASCII order.
        let mut iter = sub.output.clone();
        for c in 0..128u8 {
            let l = Label::Letter(c);
            if sub.counts[c as usize] > 0 && !sub.output.contains(&l) {
                if iter.len() >= MAXDIMS {
                    return Err(value("too many subscripts in einsum"));
                }
                iter.push(l);
            }
        }
        let axes: Vec<Vec<Option<usize>>> = labels.iter().map(|l| op_axes(l, &iter)).collect();
        // Each iteration dimension's size: the operands' sizes there, 1 broadcasting.
        let mut dims = vec![1usize; iter.len()];
        let mut clash = false;
        for (v, ax) in views.iter().zip(&axes) {
            for (i, a) in ax.iter().enumerate() {
                if let Some(a) = a {
                    let n = v.shape()[*a];
                    if dims[i] == 1 {
                        dims[i] = n;
                    } else if n != 1 && n != dims[i] {
                        clash = true;
                    }
                }
            }
        }
        if clash {
            let shapes: Vec<String> = views
                .iter()
                .zip(&axes)
                .map(|(v, ax)| {
                    let orig: Vec<Option<usize>> = v.shape().iter().map(|&d| Some(d)).collect();
                    let re: Vec<Option<usize>> =
                        ax.iter().map(|a| a.map(|a| v.shape()[a])).collect();
                    format!("{}->{}", py_tuple(&orig), py_tuple(&re))
                })
                .collect();
            return Err(value(format!(
                "operands could not be broadcast together with remapped shapes \
                 [original->remapped]: {}",
                shapes.join(" ")
            )));
        }
        // NumPy's "iterator is too large".
        crate::size::checked_numel(OP, &dims)?;
        let dtypes: Vec<DType> = operands.iter().map(|t| t.dtype()).collect();
        if no_common_dtype(&dtypes) {
            return Err(Error::Type {
                op: OP,
                msg: format!(
                    "no common DType exists for the given inputs: {}",
                    dtypes
                        .iter()
                        .map(|d| d.name())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
        let d = dtypes
            .iter()
            .copied()
            .reduce(crate::promotion::promote_types)
            .unwrap_or(DType::F64);
        let n_out = sub.output.len();
        crate::size::check_nbytes(OP, &dims[..n_out], d.itemsize())?;
        compute(&views, &axes, &dims, n_out, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(v: Vec<f64>, shape: &[usize]) -> Tensor {
        Tensor::from_vec(v, shape).unwrap()
    }

    #[test]
    fn implicit_output_puts_upper_case_first() {
        let s = parse(b"bA,Ab", &[2, 2]).unwrap();
        assert!(s.output.is_empty());
        let s = parse(b"bA,c", &[2, 1]).unwrap();
        assert_eq!(
            s.output,
            vec![
                Label::Letter(b'A'),
                Label::Letter(b'b'),
                Label::Letter(b'c')
            ]
        );
        let s = parse(b"...a,b", &[3, 1]).unwrap();
        assert_eq!(
            s.output,
            vec![
                Label::Broadcast,
                Label::Broadcast,
                Label::Letter(b'a'),
                Label::Letter(b'b')
            ]
        );
    }

    #[test]
    fn matmul_trace_and_diagonal() {
        let a = t(vec![1., 2., 3., 4., 5., 6.], &[2, 3]);
        let b = t(vec![1., 0., 0., 1., 1., 1.], &[3, 2]);
        let c = Tensor::einsum("ij,jk->ik", &[&a, &b]).unwrap();
        assert_eq!(c.to_vec::<f64>().unwrap(), vec![4., 5., 10., 11.]);
        let m = t((0..9).map(f64::from).collect(), &[3, 3]);
        let tr = Tensor::einsum("ii", &[&m]).unwrap();
        assert_eq!(tr.to_vec::<f64>().unwrap(), vec![12.]);
        let dg = Tensor::einsum("ii->i", &[&m]).unwrap();
        assert_eq!(dg.to_vec::<f64>().unwrap(), vec![0., 4., 8.]);
    }

    #[test]
    fn errors_are_value_errors() {
        let a = t(vec![0.; 6], &[2, 3]);
        for s in [
            "ii", "ij->k", "ij->ii", "i", "ijk", "i.j", "ij->j->i", "ij,j", "i1", "ij- >",
        ] {
            let e = Tensor::einsum(s, &[&a]).unwrap_err();
            assert_eq!(e.kind(), crate::error::ErrorKind::Value, "{s}: {e}");
        }
        assert!(Tensor::einsum("ij,jk", &[&a, &a]).is_err());
        // NumPy's view path would read past the buffer here.
        let z = t(vec![], &[0, 3]);
        assert!(Tensor::einsum("ii->i", &[&z]).is_err());
    }
}
