//! `np.diff` and `np.ediff1d`: differences of neighbours along an axis, through the `subtract`
//! (or, for bool, `not_equal`) ufunc so dtypes and overflow are NumPy's.

use super::select::host_only;
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::layout::normalize_axis;
use crate::ops::astype::cast_unchecked;
use crate::ops::ufunc::{scalar_tensor, Arg};
use crate::ops::view::Slice;
use crate::promotion::{can_cast, promote_types, Casting, PyScalar};
use crate::tensor::Tensor;

/// `np.asanyarray(arg)`: a Python scalar becomes a strong 0-d array of NumPy's default dtype
/// (so `prepend=300` next to int8 data promotes to int64, unlike a ufunc's weak scalar).
fn as_array(op: &'static str, a: &Arg) -> Result<Tensor> {
    Ok(match a {
        Arg::Tensor(t) => t.clone(),
        Arg::Scalar(s) => {
            let d = match *s {
                PyScalar::Bool(_) => DType::Bool,
                PyScalar::Int(v) if i64::try_from(v).is_ok() => DType::I64,
                PyScalar::Int(v) if u64::try_from(v).is_ok() => DType::U64,
                PyScalar::Int(v) => {
                    return Err(Error::Overflow {
                        op,
                        value: v.to_string(),
                        dtype: DType::U64,
                    })
                }
                PyScalar::Float(_) => DType::F64,
                PyScalar::Complex(..) => DType::C128,
            };
            scalar_tensor(*s, d)
        }
    })
}

/// `np.concatenate(parts, axis, dtype=dtype)` on the host (values cast unsafely, as
/// `dtype=` with NumPy's default `same_kind` is only ever given here a dtype the callers chose).
pub(crate) fn concat(
    op: &'static str,
    parts: &[Tensor],
    axis: usize,
    dtype: DType,
) -> Result<Tensor> {
    let nd = parts[0].ndim();
    for p in parts {
        let same =
            p.ndim() == nd && (0..nd).all(|i| i == axis || p.shape()[i] == parts[0].shape()[i]);
        if !same {
            return Err(Error::Value {
                op,
                msg: format!(
                    "all the input array dimensions except for the concatenation axis must \
                     match exactly, but got shapes {:?} and {:?}",
                    parts[0].shape(),
                    p.shape()
                ),
            });
        }
    }
    let cast: Vec<Tensor> = parts
        .iter()
        .map(|p| cast_unchecked(p, dtype))
        .collect::<Result<_>>()?;
    let outer: usize = parts[0].shape()[..axis].iter().product();
    let inner: usize = parts[0].shape()[axis + 1..].iter().product();
    let mut shape = parts[0].shape().to_vec();
    shape[axis] = parts.iter().map(|p| p.shape()[axis]).sum();
    let out = crate::with_dtype!(dtype, T, {
        let data: Vec<Vec<T>> = cast
            .iter()
            .map(|c| c.to_vec::<T>())
            .collect::<Result<_>>()?;
        let mut out: Vec<T> = Vec::with_capacity(shape.iter().product());
        for o in 0..outer {
            for (p, d) in cast.iter().zip(&data) {
                let block = p.shape()[axis] * inner;
                out.extend_from_slice(&d[o * block..(o + 1) * block]);
            }
        }
        Tensor::from_vec(out, &shape)?
    });
    Ok(out)
}

/// `x[..., lo:hi, ...]` along `axis`.
fn along(x: &Tensor, axis: usize, lo: Option<isize>, hi: Option<isize>) -> Result<Tensor> {
    let mut s = vec![Slice::step(1); axis];
    s.push(Slice::new(lo, hi, 1));
    x.slice(&s)
}

impl Tensor {
    /// `np.diff(self, n, axis, prepend=, append=)`: the `n`-th difference along `axis`;
    /// `n == 0` returns the input itself, a negative `n` and a 0-d input are `ValueError`s.
    /// Bool input differences with `not_equal`.
    pub fn diff(
        &self,
        n: isize,
        axis: isize,
        prepend: Option<&Arg>,
        append: Option<&Arg>,
    ) -> Result<Tensor> {
        crate::fpe::call("diff", || {
            const OP: &str = "diff";
            if n == 0 {
                return Ok(self.clone());
            }
            if n < 0 {
                return Err(Error::Value {
                    op: OP,
                    msg: format!("order must be non-negative but got {n}"),
                });
            }
            let mut devs = vec![self];
            let extra: Vec<Tensor> = [prepend, append]
                .into_iter()
                .flatten()
                .map(|a| as_array(OP, a))
                .collect::<Result<_>>()?;
            devs.extend(&extra);
            host_only(OP, &devs)?;
            if self.ndim() == 0 {
                return Err(Error::Value {
                    op: OP,
                    msg: "diff requires input that is at least one dimensional".into(),
                });
            }
            let axis = normalize_axis(OP, axis, self.ndim())?;
            // A 0-d prepend/append is broadcast to length 1 along `axis`.
            let widen = |t: Tensor| -> Result<Tensor> {
                if t.ndim() == 0 {
                    let mut shape = self.shape().to_vec();
                    shape[axis] = 1;
                    t.broadcast_to(&shape)
                } else {
                    Ok(t)
                }
            };
            let mut parts = Vec::new();
            let mut extra = extra.into_iter();
            if prepend.is_some() {
                parts.push(widen(extra.next().expect("prepend converted"))?);
            }
            parts.push(self.clone());
            if append.is_some() {
                parts.push(widen(extra.next().expect("append converted"))?);
            }
            let mut a = if parts.len() > 1 {
                let d = parts.iter().map(|p| p.dtype()).reduce(promote_types);
                concat(OP, &parts, axis, d.unwrap_or(self.dtype()))?
            } else {
                self.clone()
            };
            let boolean = a.dtype() == DType::Bool;
            // bfloat16 differences run in float32 and are rounded once.
            let bf16 = a.dtype() == DType::BF16;
            if bf16 {
                a = cast_unchecked(&a, DType::F32)?;
            }
            for _ in 0..n {
                let hi = along(&a, axis, Some(1), None)?;
                let lo = along(&a, axis, None, Some(-1))?;
                a = if boolean {
                    hi.not_equal(&lo)?
                } else {
                    hi.subtract(&lo)?
                };
            }
            if bf16 {
                a = cast_unchecked(&a, DType::BF16)?;
            }
            Ok(a)
        })
    }

    /// `np.ediff1d(self, to_end=, to_begin=)`: differences of the flattened input in its own
    /// dtype, with `to_begin` / `to_end` (flattened) around them; each must cast to the input
    /// dtype under `same_kind` (NumPy's `TypeError` otherwise).
    pub fn ediff1d(&self, to_end: Option<&Arg>, to_begin: Option<&Arg>) -> Result<Tensor> {
        crate::fpe::call("ediff1d", || {
            const OP: &str = "ediff1d";
            host_only(OP, &[self])?;
            let flat = self.reshape(&[-1])?;
            let diffs =
                || along(&flat, 0, Some(1), None)?.subtract(&along(&flat, 0, None, Some(-1))?);
            if to_begin.is_none() && to_end.is_none() {
                return diffs();
            }
            let d = self.dtype();
            let mut ends = Vec::new();
            for (name, a) in [("to_begin", to_begin), ("to_end", to_end)] {
                let Some(a) = a else {
                    ends.push(None);
                    continue;
                };
                let t = as_array(OP, a)?;
                host_only(OP, &[&t])?;
                if !can_cast(t.dtype(), d, Casting::SameKind) {
                    return Err(Error::Type {
                        op: OP,
                        msg: format!(
                            "dtype of `{name}` must be compatible with input `ary` under the \
                         `same_kind` rule."
                        ),
                    });
                }
                ends.push(Some(t.reshape(&[-1])?));
            }
            let mut parts = Vec::new();
            parts.extend(ends[0].clone());
            parts.push(diffs()?);
            parts.extend(ends[1].clone());
            concat(OP, &parts, 0, d)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn diff_follows_numpy() {
        // np.diff(np.array([[1,5,2],[9,3,3]], np.uint8), 2, 1) -> [[249], [6]] uint8
        let u = Tensor::from_vec(vec![1u8, 5, 2, 9, 3, 3], &[2, 3]).unwrap();
        let r = u.diff(2, 1, None, None).unwrap();
        assert_eq!(r.shape(), &[2, 1]);
        assert_eq!(r.to_vec::<u8>().unwrap(), vec![249, 6]);
        // np.diff(np.array([1,2,4], np.int8), prepend=300) -> [-299, 1, 2] int64
        let i = Tensor::from_vec(vec![1i8, 2, 4], &[3]).unwrap();
        let r = i.diff(1, -1, Some(&Arg::from(300i64)), None).unwrap();
        assert_eq!(r.to_vec::<i64>().unwrap(), vec![-299, 1, 2]);
        // np.diff(np.array([True, False, False])) -> [True, False]
        let b = Tensor::from_vec(vec![true, false, false], &[3]).unwrap();
        assert_eq!(
            b.diff(1, -1, None, None).unwrap().to_vec::<bool>().unwrap(),
            vec![true, false]
        );
        let e = Tensor::scalar(4i64).diff(1, -1, None, None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Value);
        assert_eq!(
            i.diff(-1, -1, None, None).unwrap_err().kind(),
            ErrorKind::Value
        );
    }

    #[test]
    fn ediff1d_casts_ends_same_kind() {
        // np.ediff1d(np.array([1,2,4], np.int8), to_end=300) -> [1, 2, 44] int8
        let i = Tensor::from_vec(vec![1i8, 2, 4], &[3]).unwrap();
        let r = i.ediff1d(Some(&Arg::from(300i64)), None).unwrap();
        assert_eq!(r.to_vec::<i8>().unwrap(), vec![1, 2, 44]);
        // np.ediff1d(np.array([1,2,4], np.int8), to_end=1.5) -> TypeError
        let e = i.ediff1d(Some(&Arg::from(1.5)), None).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Type);
    }
}
