//! Bitwise and integer-theoretic ufuncs: bitwise_and/or/xor, left_shift, right_shift, gcd, lcm.

use crate::dtype::DType::{self, *};
use crate::error::{Error, Result};
use crate::ops::loops::{self, group, INTS};
use crate::ops::ufunc::{Loop, Scalars, Ufunc, View};
use crate::promotion::promote_types;
use crate::storage::CpuStorage;

/// Defines a bitwise kernel over bool and the integers.
macro_rules! bitwise {
    ($name:ident, $op:tt) => {
        fn $name(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
            crate::binary!(op, lp, ins,
                [Bool, I8, U8, I16, U16, I32, U32, I64, U64] => |a, b| a $op b,
            )
        }
    };
}

bitwise!(bitwise_and, &);
bitwise!(bitwise_or, |);
bitwise!(bitwise_xor, ^);

// NumPy's npy_lshift/npy_rshift: the count is compared as an unsigned `size_t`, so a negative
// count is huge; counts >= the width give 0 (left) or the sign fill (right).
// The closures are pasted into every width's arm; their casts are no-ops only in the 64-bit one.
#[allow(clippy::unnecessary_cast)]
fn left_shift(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |a, b| {
            if (b as u64) < T::BITS as u64 {
                a.wrapping_shl(b as u32)
            } else {
                0
            }
        },
    )
}

// The closures are pasted into every width's arm; their casts are no-ops only in the 64-bit one.
#[allow(clippy::unnecessary_cast)]
fn right_shift(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        // An arithmetic shift by width-1 is exactly the sign fill (-1 or 0).
        [I8, I16, I32, I64] => |a, b| a >> (b as u64).min(T::BITS as u64 - 1),
        [U8, U16, U32, U64] => |a, b| {
            if (b as u64) < T::BITS as u64 {
                a >> b
            } else {
                0
            }
        },
    )
}

/// Binary (Stein's) gcd of magnitudes; gcd(0, b) = b.
#[inline]
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// NumPy's npy_lcmu: `a / gcd * b`, wrapping; lcm(0, x) = 0.
#[inline]
fn lcm_u64(a: u64, b: u64) -> u64 {
    a.checked_div(gcd_u64(a, b))
        .map_or(0, |q| q.wrapping_mul(b))
}

// NumPy computes gcd/lcm of signed inputs on the unsigned magnitudes and converts the result
// back, so |MIN| wraps to MIN (gcd(-128, 0) == -128 in int8) and overflowing lcms truncate.
// Working in u64 and truncating gives the same low bits for every width.
// The closures are pasted into every width's arm; their casts are no-ops only in the 64-bit one.
#[allow(clippy::unnecessary_cast)]
fn gcd(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [I8, I16, I32, I64] => |a, b| gcd_u64(a.unsigned_abs() as u64, b.unsigned_abs() as u64) as T,
        [U8, U16, U32, U64] => |a, b| gcd_u64(a as u64, b as u64) as T,
    )
}

// The closures are pasted into every width's arm; their casts are no-ops only in the 64-bit one.
#[allow(clippy::unnecessary_cast)]
fn lcm(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::binary!(op, lp, ins,
        [I8, I16, I32, I64] => |a, b| lcm_u64(a.unsigned_abs() as u64, b.unsigned_abs() as u64) as T,
        [U8, U16, U32, U64] => |a, b| lcm_u64(a as u64, b as u64) as T,
    )
}

/// NumPy's `SimpleUniformOperationTypeResolver` (gcd, lcm): the inputs' promoted dtype must
/// have a loop itself, so `gcd(bool, bool)` and `gcd(int64, uint64)` (-> float64) are errors
/// although a linear search would find int8 / nothing.
fn uniform_resolver(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    let promoted = dtypes.iter().copied().reduce(promote_types);
    uf.loops
        .iter()
        .find(|l| Some(l.ins[0]) == promoted)
        .cloned()
        .ok_or_else(|| Error::NoLoop {
            op: uf.name,
            dtypes: dtypes.to_vec(),
        })
}

/// The bitwise family's ufuncs.
/// NumPy 2's `bitwise_count`: the number of 1 bits in the absolute value (so `-1` counts 1),
/// always as uint8.
fn bitwise_count(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [I8, I16, I32, I64] => |x| x.unsigned_abs().count_ones() as u8,
        [U8, U16, U32, U64] => |x| x.count_ones() as u8,
    )
}

pub fn ufuncs() -> Vec<Ufunc> {
    let bool_ints = group(&[&[Bool], &INTS]);
    let uf = |name, loops, kernel, resolver| Ufunc {
        name,
        nin: 2,
        loops,
        kernel,
        resolver,
        scalars: Scalars::Weak,
    };
    vec![
        // No bool loop: bool goes to int8 by the linear search, as in NumPy.
        Ufunc::new("bitwise_count", 1, loops::to(&INTS, 1, U8), bitwise_count),
        uf("bitwise_and", loops::same(&bool_ints, 2), bitwise_and, None),
        uf("bitwise_or", loops::same(&bool_ints, 2), bitwise_or, None),
        uf("bitwise_xor", loops::same(&bool_ints, 2), bitwise_xor, None),
        // No bool loops: bool inputs go to int8 by the linear search.
        uf("left_shift", loops::same(&INTS, 2), left_shift, None),
        uf("right_shift", loops::same(&INTS, 2), right_shift, None),
        uf(
            "gcd",
            loops::same(&INTS, 2),
            gcd,
            Some(uniform_resolver as crate::ops::ufunc::Resolver),
        ),
        uf(
            "lcm",
            loops::same(&INTS, 2),
            lcm,
            Some(uniform_resolver as crate::ops::ufunc::Resolver),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use crate::dtype::DType;
    use crate::error::ErrorKind;
    use crate::ops::ufunc::Arg;
    use crate::tensor::Tensor;

    fn call(name: &str, a: &Tensor, b: &Tensor) -> crate::error::Result<Tensor> {
        crate::ops::ufunc(name)
            .unwrap()
            .call(&[Arg::from(a), Arg::from(b)], None)
    }

    #[test]
    fn shifts_out_of_range_and_negative() {
        let a = Tensor::from_vec(vec![5i8, -5, 127, -128, 5, -5], &[6]).unwrap();
        let s = Tensor::from_vec(vec![8i8, 8, 1, 7, -1, -100], &[6]).unwrap();
        let l = call("left_shift", &a, &s).unwrap();
        assert_eq!(l.to_vec::<i8>().unwrap(), [0, 0, -2, 0, 0, 0]);
        let r = call("right_shift", &a, &s).unwrap();
        assert_eq!(r.to_vec::<i8>().unwrap(), [0, -1, 63, -1, 0, -1]);
        let u = Tensor::from_vec(vec![255u8, 255], &[2]).unwrap();
        let us = Tensor::from_vec(vec![7u8, 200], &[2]).unwrap();
        assert_eq!(
            call("right_shift", &u, &us)
                .unwrap()
                .to_vec::<u8>()
                .unwrap(),
            [1, 0]
        );
        assert_eq!(
            call("left_shift", &u, &us).unwrap().to_vec::<u8>().unwrap(),
            [128, 0]
        );
        let q = Tensor::from_vec(vec![-5i64], &[1]).unwrap();
        let qs = Tensor::from_vec(vec![64i64], &[1]).unwrap();
        assert_eq!(
            call("right_shift", &q, &qs)
                .unwrap()
                .to_vec::<i64>()
                .unwrap(),
            [-1]
        );
        // bool has no shift loop: the search lands on int8.
        let t = Tensor::from_vec(vec![true], &[1]).unwrap();
        assert_eq!(call("left_shift", &t, &t).unwrap().dtype(), DType::I8);
    }

    #[test]
    fn gcd_lcm_wrap_like_numpy() {
        let a = Tensor::from_vec(vec![-128i8, -128, 0, -6, 12, 0], &[6]).unwrap();
        let b = Tensor::from_vec(vec![0i8, -128, 0, 4, -18, -5], &[6]).unwrap();
        assert_eq!(
            call("gcd", &a, &b).unwrap().to_vec::<i8>().unwrap(),
            [-128, -128, 0, 2, 6, 5]
        );
        let a = Tensor::from_vec(vec![-128i8, 0, -6, -100, -4], &[5]).unwrap();
        let b = Tensor::from_vec(vec![1i8, 5, 4, 3, -1], &[5]).unwrap();
        assert_eq!(
            call("lcm", &a, &b).unwrap().to_vec::<i8>().unwrap(),
            [-128, 0, 12, 44, 4]
        );
        let u = Tensor::from_vec(vec![200u8], &[1]).unwrap();
        let v = Tensor::from_vec(vec![3u8], &[1]).unwrap();
        assert_eq!(call("lcm", &u, &v).unwrap().to_vec::<u8>().unwrap(), [88]);
        let m = Tensor::from_vec(vec![i64::MIN], &[1]).unwrap();
        let z = Tensor::from_vec(vec![0i64], &[1]).unwrap();
        assert_eq!(
            call("gcd", &m, &z).unwrap().to_vec::<i64>().unwrap(),
            [i64::MIN]
        );
    }

    #[test]
    fn gcd_bool_and_mixed_64_bit_have_no_loop() {
        let t = Tensor::from_vec(vec![true], &[1]).unwrap();
        assert_eq!(call("gcd", &t, &t).unwrap_err().kind(), ErrorKind::Type);
        let i = Tensor::from_vec(vec![4i64], &[1]).unwrap();
        let u = Tensor::from_vec(vec![6u64], &[1]).unwrap();
        assert_eq!(call("lcm", &i, &u).unwrap_err().kind(), ErrorKind::Type);
        let s = Tensor::from_vec(vec![6i8], &[1]).unwrap();
        assert_eq!(call("gcd", &t, &s).unwrap().dtype(), DType::I8);
        assert_eq!(call("bitwise_and", &t, &t).unwrap().dtype(), DType::Bool);
    }
}
