//! How NumPy functions take Python scalar operands (`bool`, `int`, `float`, `complex`): the
//! dtype a scalar brings to loop resolution, the checks on its value, and how the value becomes
//! an element of the loop's dtype. NEP 50 is the rule ([`Scalars::Weak`]); comparisons, the
//! logical ufuncs, `np.where`, `np.clip` and `np.real`/`np.imag` each differ from it in NumPy 2,
//! and a unary call on a scalar alone sees `np.asarray(scalar)`.

use crate::dtype::DType;
use crate::element::{Cf64, Element, Hub};
use crate::error::{Error, Result};
use crate::ops::ufunc::{Arg, Loop};
use crate::promotion::{Operand, PyScalar};
use crate::tensor::Tensor;
use std::cmp::Ordering;

/// A function's convention for its Python scalar operands.
#[derive(Clone, Copy, Debug)]
pub enum Scalars {
    /// NEP 50, every plain ufunc: a scalar next to arrays is weak (it takes the arrays' kind)
    /// and an int must fit the loop's integer type (OverflowError). A unary call on a scalar
    /// alone runs on `np.asarray(scalar)` (NumPy's scalar path): `np.negative(2**63)` is
    /// uint64, and an int beyond uint64 is an object array that no loop takes (TypeError).
    Weak,
    /// The comparisons: NumPy 2 compares a Python int exactly, so one outside the range of an
    /// integer array's dtype decides every element (`np.less(int8_array, 2**70)` is all True),
    /// and two Python ints compare exactly (NumPy's object loop). The function maps the order
    /// of the first operand against the second to the result.
    Compare(fn(Ordering) -> bool),
    /// The logical ufuncs: their promoter sends a call with any Python scalar to the `??->?`
    /// loop, so a scalar is only truth-tested — a float is never rounded to the array's dtype
    /// first (`1e-300` next to float32 stays true) — and an int passes through a C long on the
    /// way (beyond int64: OverflowError).
    Truth,
    /// `np.where(condition, x, y)`: the condition goes through `np.asarray` and is
    /// truth-tested; x and y promote as weak scalars, but their values go through `np.asarray`
    /// (int64, uint64, or an object array beyond) and are cast unsafely to the result dtype, so
    /// `-6` next to uint8 wraps to 250. An object int into an integer result: OverflowError.
    Where,
    /// `np.clip(a, a_min, a_max)`: `a` goes through `np.asarray` (strong), and NumPy's `_clip`
    /// drops a Python int bound an integer `a` can never cross (`a_min <= iinfo(a).min`,
    /// `a_max >= iinfo(a).max`) before the ufunc, so such a bound neither overflows nor clips.
    Clip,
    /// `np.real`/`np.imag` of a Python number read its attribute, and a bool is an int there
    /// (`np.imag(False)` is the int 0); otherwise as [`Scalars::Weak`].
    Attribute,
}

/// How one operand's value enters the loop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Take {
    /// An array operand (cast to the loop dtype where it differs).
    Array,
    /// A Python scalar converted as a ufunc converts one into its loop dtype (NumPy's
    /// `setitem`: an int into a float through Python's `float(int)`).
    Weak(PyScalar),
    /// A Python scalar through `np.asarray`, then cast to the loop dtype with C semantics.
    Cast(PyScalar),
}

/// The dtype `np.asarray` gives a Python scalar; `None` for an int beyond uint64 (an object
/// array).
pub fn asarray_dtype(s: PyScalar) -> Option<DType> {
    Some(match s {
        PyScalar::Bool(_) => DType::Bool,
        PyScalar::Int(v) if i64::try_from(v).is_ok() => DType::I64,
        PyScalar::Int(v) if u64::try_from(v).is_ok() => DType::U64,
        PyScalar::Int(_) => return None,
        PyScalar::Float(_) => DType::F64,
        PyScalar::Complex(..) => DType::C128,
    })
}

/// `np.asarray(s)` as an operand: its dtype, or a TypeError for an object array (the engine
/// has no object loops; NumPy's object loop for most ufuncs is a TypeError too).
fn strong(op: &'static str, s: PyScalar) -> Result<Operand> {
    asarray_dtype(s)
        .map(Operand::Array)
        .ok_or_else(|| Error::Type {
            op,
            msg: match s {
                PyScalar::Int(v) => {
                    format!("the Python int {v} is an object array, which no loop takes")
                }
                other => format!("{other:?} is an object array, which no loop takes"),
            },
        })
}

/// The operands as loop resolution sees them, and how each enters the loop.
pub(crate) fn prepare(
    rule: Scalars,
    op: &'static str,
    operands: &[Operand],
) -> Result<(Vec<Operand>, Vec<Take>)> {
    let mut ops = Vec::with_capacity(operands.len());
    let mut takes = Vec::with_capacity(operands.len());
    // Clip's bounds are judged against `a` after `np.asarray`.
    let clip_a = match (rule, operands.first()) {
        (Scalars::Clip, Some(Operand::Array(d))) => Some(*d),
        (Scalars::Clip, Some(Operand::Scalar(s))) => asarray_dtype(*s),
        _ => None,
    };
    for (i, o) in operands.iter().enumerate() {
        let Operand::Scalar(s) = *o else {
            ops.push(*o);
            takes.push(Take::Array);
            continue;
        };
        let s = match (rule, s) {
            (Scalars::Attribute, PyScalar::Bool(b)) => PyScalar::Int(b as i128),
            (Scalars::Clip, PyScalar::Int(v)) if i > 0 => clip_bound(i, v, clip_a),
            _ => s,
        };
        let alone = operands.len() == 1;
        let (o, t) = match rule {
            Scalars::Weak | Scalars::Attribute if alone => (strong(op, s)?, Take::Cast(s)),
            Scalars::Clip if i == 0 => (strong(op, s)?, Take::Cast(s)),
            // The condition's dtype plays no part in `where`'s promotion.
            Scalars::Where if i == 0 => (Operand::Array(DType::Bool), Take::Cast(s)),
            Scalars::Where => (Operand::Scalar(s), Take::Cast(s)),
            _ => (Operand::Scalar(s), Take::Weak(s)),
        };
        ops.push(o);
        takes.push(t);
    }
    Ok((ops, takes))
}

/// NumPy's `_clip` in full: for an integer `a` (after `np.asarray`), a Python int bound `a`
/// can never cross is dropped, and the call becomes `maximum(a, a_min)` (no `a_max`),
/// `minimum(a, a_max)` (no `a_min`) or `positive(a)` (neither), with `a` as an array. That is
/// not the same as clipping to `a`'s limit where the bounds cross: `np.clip(0, 1e19, 2**63 -
/// 1)` is 1e19. `None` when no bound is dropped.
pub(crate) fn clip_dropping(args: &[Arg]) -> Option<(&'static str, Vec<Arg>)> {
    let [a, lo, hi] = args else { return None };
    let a = match a {
        Arg::Tensor(t) => Arg::Tensor(t.clone()),
        Arg::Scalar(PyScalar::Int(v)) => Arg::Tensor(match i64::try_from(*v) {
            Ok(v) => Tensor::scalar(v),
            Err(_) => Tensor::scalar(u64::try_from(*v).ok()?),
        }),
        Arg::Scalar(_) => return None,
    };
    let Arg::Tensor(t) = &a else { return None };
    let (min, max) = t.dtype().int_range().filter(|_| t.dtype().is_integer())?;
    let drop_lo = matches!(lo, Arg::Scalar(PyScalar::Int(v)) if *v <= min);
    let drop_hi = matches!(hi, Arg::Scalar(PyScalar::Int(v)) if *v >= max);
    match (drop_lo, drop_hi) {
        (false, false) => None,
        (true, true) => Some(("positive", vec![a])),
        (true, false) => Some(("minimum", vec![a, hi.clone()])),
        (false, true) => Some(("maximum", vec![a, lo.clone()])),
    }
}

/// A clip bound `v` at position `i` (1: `a_min`, 2: `a_max`) that an integer `a` of dtype
/// `a` can never cross becomes `a`'s own limit: clipping to it changes nothing, as dropping it
/// does in NumPy, and it fits the loop.
fn clip_bound(i: usize, v: i128, a: Option<DType>) -> PyScalar {
    let limits = a.filter(|d| d.is_integer()).and_then(|d| d.int_range());
    PyScalar::Int(match limits {
        Some((lo, _)) if i == 1 && v <= lo => lo,
        Some((_, hi)) if i == 2 && v >= hi => hi,
        _ => v,
    })
}

/// The checks on the scalars' values against the chosen loop. For a comparison decided by a
/// Python int (see [`Scalars::Compare`]), the decided result.
pub(crate) fn check(
    rule: Scalars,
    op: &'static str,
    ops: &[Operand],
    takes: &[Take],
    lp: &Loop,
) -> Result<Option<bool>> {
    if let Scalars::Compare(f) = rule {
        if let Some(order) = decided_order(op, ops, takes, lp)? {
            return Ok(Some(f(order)));
        }
    }
    for (t, &d) in takes.iter().zip(&lp.ins) {
        match *t {
            Take::Array => {}
            Take::Weak(s) => s.check_fits(op, d)?,
            // An object array's int converts to an integer through a C long.
            Take::Cast(PyScalar::Int(v)) if asarray_dtype(PyScalar::Int(v)).is_none() => {
                if d.is_integer() {
                    return Err(Error::Overflow {
                        op,
                        value: v.to_string(),
                        dtype: DType::I64,
                    });
                }
            }
            Take::Cast(_) => {}
        }
    }
    Ok(None)
}

/// The order of a comparison's first operand against its second when a Python int outside
/// its integer loop type decides it; `None` when no int does.
fn decided_order(
    op: &'static str,
    ops: &[Operand],
    takes: &[Take],
    lp: &Loop,
) -> Result<Option<Ordering>> {
    for i in 0..takes.len().min(2) {
        let Take::Weak(PyScalar::Int(v)) = takes[i] else {
            continue;
        };
        let Some((lo, hi)) = lp.ins[i].int_range().filter(|_| lp.ins[i].is_integer()) else {
            continue;
        };
        if (lo..=hi).contains(&v) {
            continue;
        }
        let other = 1 - i;
        // The order of the int against the other operand.
        let order = match (ops[other], takes[other]) {
            (_, Take::Weak(PyScalar::Int(w))) => v.cmp(&w),
            // Every element of an integer array lies inside the range `v` is outside of.
            (Operand::Array(d), _) if d.is_integer() => {
                if v > hi {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            // A bool array runs NumPy's int64 loop, which the int must fit.
            _ => {
                return Err(Error::Overflow {
                    op,
                    value: v.to_string(),
                    dtype: lp.ins[i],
                })
            }
        };
        return Ok(Some(if i == 0 { order } else { order.reverse() }));
    }
    Ok(None)
}

/// The 0-d tensor of loop dtype `d` that a Python scalar operand becomes.
pub(crate) fn element(op: &'static str, take: Take, d: DType) -> Result<Tensor> {
    Ok(match take {
        Take::Cast(s) => {
            let hub = match s {
                PyScalar::Int(v) => match (i64::try_from(v), u64::try_from(v)) {
                    (Ok(i), _) => Hub::Int(i),
                    (_, Ok(u)) => Hub::UInt(u),
                    // An object array's int: truth-tested for bool, `float(int)` for a float
                    // (integer targets were refused by `check`).
                    _ if d == DType::Bool => Hub::Bool(v != 0),
                    _ => Hub::Float(v as f64),
                },
                other => scalar_hub(other),
            };
            crate::with_dtype!(d, T, Tensor::scalar(T::from_hub(hub)))
        }
        Take::Weak(s) => scalar_tensor(s, d),
        Take::Array => {
            return Err(Error::Value {
                op,
                msg: "an array operand has no Python scalar value".into(),
            })
        }
    })
}

fn scalar_hub(s: PyScalar) -> Hub {
    match s {
        PyScalar::Bool(b) => Hub::Bool(b),
        PyScalar::Int(i) if i < 0 => Hub::Int(i as i64),
        PyScalar::Int(i) => Hub::UInt(i as u64),
        PyScalar::Float(f) => Hub::Float(f),
        PyScalar::Complex(re, im) => Hub::Complex(Cf64::new(re, im)),
    }
}

/// A 0-d tensor of dtype `d` holding a Python scalar's value as NumPy puts a Python number
/// into an array of `d`: an int into a float or complex through Python's `float(int)` (one
/// rounding to float64, then to `d`), never through a 64-bit integer, so `2**64` is `1.8e19`
/// (float16: inf), not 0; into bool, its truth. Into an integer dtype the value must fit (NEP
/// 50's check comes first); an int that does not is wrapped with C semantics.
pub fn scalar_tensor(s: PyScalar, d: DType) -> Tensor {
    let hub = match s {
        PyScalar::Int(i) if d == DType::Bool => Hub::Bool(i != 0),
        PyScalar::Int(i) if d.is_inexact() => Hub::Float(i as f64),
        other => scalar_hub(other),
    };
    crate::with_dtype!(d, T, Tensor::scalar(T::from_hub(hub)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use DType::*;

    fn value(t: Tensor) -> Hub {
        crate::with_dtype!(t.dtype(), T, t.to_vec::<T>().unwrap()[0].to_hub())
    }

    #[test]
    fn ints_beyond_64_bits_become_floats_unwrapped() {
        let big = PyScalar::Int(1 << 64);
        assert_eq!(
            value(scalar_tensor(big, F64)),
            Hub::Float(1.8446744073709552e19)
        );
        assert_eq!(value(scalar_tensor(big, F16)), Hub::Float(f64::INFINITY));
        assert_eq!(value(scalar_tensor(big, Bool)), Hub::Bool(true));
        // A ufunc's Python int reaches float32 through float64 (two roundings), np.where's
        // through an int64 cast (one).
        let v = PyScalar::Int((1 << 62) + (1 << 38) + 1);
        assert_eq!(value(scalar_tensor(v, F32)), Hub::Float(2f64.powi(62)));
        assert_eq!(
            value(element("t", Take::Cast(v), F32).unwrap()),
            Hub::Float(2f64.powi(62) + 2f64.powi(39))
        );
    }

    #[test]
    fn where_values_wrap_and_objects_overflow() {
        assert_eq!(
            value(element("t", Take::Cast(PyScalar::Int(-6)), U8).unwrap()),
            Hub::UInt(250)
        );
        assert_eq!(
            value(element("t", Take::Cast(PyScalar::Int((1 << 63) + 5)), I8).unwrap()),
            Hub::Int(5)
        );
        let lp = Loop {
            ins: vec![Bool, U8, U8],
            out: U8,
        };
        let ops = [
            Operand::Array(Bool),
            Operand::Array(U8),
            Operand::Scalar(PyScalar::Int(1 << 64)),
        ];
        let takes = [Take::Array, Take::Array, Take::Cast(PyScalar::Int(1 << 64))];
        assert!(check(Scalars::Where, "where", &ops, &takes, &lp).is_err());
    }

    #[test]
    fn clip_drops_bounds_an_integer_array_cannot_cross() {
        let ops = [
            Operand::Array(U16),
            Operand::Scalar(PyScalar::Int(-9)),
            Operand::Scalar(PyScalar::Int(1 << 70)),
        ];
        let (_, takes) = prepare(Scalars::Clip, "clip", &ops).unwrap();
        assert_eq!(takes[1], Take::Weak(PyScalar::Int(0)));
        assert_eq!(takes[2], Take::Weak(PyScalar::Int(65535)));
        // a_min above the range is kept (and overflows later), as in NumPy.
        let ops = [Operand::Array(U8), Operand::Scalar(PyScalar::Int(300))];
        let (_, takes) = prepare(Scalars::Clip, "clip", &ops).unwrap();
        assert_eq!(takes[1], Take::Weak(PyScalar::Int(300)));
    }
}
