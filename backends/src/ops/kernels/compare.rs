//! Comparison, logical and classification ufuncs (equal, less, logical_and, isnan, ...), all
//! returning bool.

use crate::cpu::map2;
use crate::dtype::DType::{self, *};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::ops::loops::{self, group, COMPLEX, FLOATS, INTS};
use crate::ops::ufunc::{Loop, Scalars, Ufunc, View};
use crate::storage::CpuStorage;
use num_traits::Float;
use std::cmp::Ordering;

fn isnan(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16, BF16, F32, F64] => |x| x.is_nan(),
        [C64, C128] => |z| z.re.is_nan() || z.im.is_nan(),
    )
}

// NumPy's complex orderings (loops.c.src CLT/CLE/CGT/CGE): lexicographic, but a real-part
// decision only counts when neither imaginary part is NaN.
#[inline]
fn clt<F: Float>(xr: F, xi: F, yr: F, yi: F) -> bool {
    (xr < yr && !xi.is_nan() && !yi.is_nan()) || (xr == yr && xi < yi)
}
#[inline]
fn cle<F: Float>(xr: F, xi: F, yr: F, yi: F) -> bool {
    (xr < yr && !xi.is_nan() && !yi.is_nan()) || (xr == yr && xi <= yi)
}
#[inline]
fn cgt<F: Float>(xr: F, xi: F, yr: F, yi: F) -> bool {
    (xr > yr && !xi.is_nan() && !yi.is_nan()) || (xr == yr && xi > yi)
}
#[inline]
fn cge<F: Float>(xr: F, xi: F, yr: F, yi: F) -> bool {
    (xr > yr && !xi.is_nan() && !yi.is_nan()) || (xr == yr && xi >= yi)
}
#[inline]
fn ceq<F: Float>(xr: F, xi: F, yr: F, yi: F) -> bool {
    xr == yr && xi == yi
}
#[inline]
fn cne<F: Float>(xr: F, xi: F, yr: F, yi: F) -> bool {
    xr != yr || xi != yi
}

/// The `qQ->?` / `Qq->?` loops: int64 against uint64 compared exactly (NumPy 2 has these
/// loops, so `-1 < 2**63` holds instead of going through float64). `None` for other loops.
fn mixed_int64(
    lp: &Loop,
    ins: &[View<'_>],
    f: impl Fn(i128, i128) -> bool + Sync,
) -> Option<Result<CpuStorage>> {
    let (a, b) = (&ins[0], &ins[1]);
    let v = match (lp.ins[0], lp.ins[1]) {
        (I64, U64) => map2::<i64, u64, bool>(
            i64::slice(a.data),
            &a.layout,
            u64::slice(b.data),
            &b.layout,
            |x, y| f(x as i128, y as i128),
        ),
        (U64, I64) => map2::<u64, i64, bool>(
            u64::slice(a.data),
            &a.layout,
            i64::slice(b.data),
            &b.layout,
            |x, y| f(x as i128, y as i128),
        ),
        _ => return None,
    };
    Some(v.map(bool::into_storage))
}

/// Defines a comparison kernel from the real operator and the complex ordering.
macro_rules! comparison {
    ($name:ident, $op:tt, $cplx:ident) => {
        fn $name(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
            if let Some(v) = mixed_int64(lp, ins, |a, b| a $op b) {
                return v;
            }
            crate::binary!(op, lp, ins,
                [Bool, I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64] =>
                    |a, b| a $op b,
                [C64, C128] => |a, b| $cplx(a.re, a.im, b.re, b.im),
            )
        }
    };
}

comparison!(equal, ==, ceq);
comparison!(not_equal, !=, cne);
comparison!(less, <, clt);
comparison!(less_equal, <=, cle);
comparison!(greater, >, cgt);
comparison!(greater_equal, >=, cge);

/// Defines a logical kernel: each input becomes its truth value (nonzero; a complex number is
/// true when either part is nonzero, NaN counts as nonzero), then `$op` combines them.
macro_rules! logical {
    ($name:ident, $op:tt) => {
        fn $name(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
            crate::binary!(op, lp, ins,
                [Bool] => |a: bool, b: bool| a $op b,
                [I8, U8, I16, U16, I32, U32, I64, U64] => |a, b| (a != 0) $op (b != 0),
                [F16, BF16, F32, F64] => |a, b| (a != T::default()) $op (b != T::default()),
                [C64, C128] => |a, b| (a.re != 0.0 || a.im != 0.0) $op (b.re != 0.0 || b.im != 0.0),
            )
        }
    };
}

logical!(logical_and, &);
logical!(logical_or, |);
logical!(logical_xor, ^);

/// NumPy's logical ufuncs run the `TT->?` loop when both inputs already share a dtype; any
/// other mix is sent to the `??->?` loop by their promoter (casting to bool is nonzero-ness).
fn logical_resolver(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    let want = if dtypes.iter().all(|&d| d == dtypes[0]) {
        dtypes[0]
    } else {
        Bool
    };
    uf.loops
        .iter()
        .find(|l| l.ins[0] == want)
        .cloned()
        .ok_or_else(|| Error::NoLoop {
            op: uf.name,
            dtypes: dtypes.to_vec(),
        })
}

/// The comparison loop table: `TT->?` for every dtype, with the exact `qQ->?` and `Qq->?`
/// loops right after `QQ->?` as in NumPy's `np.less.types`.
fn comparison_loops() -> Vec<Loop> {
    let mut v = loops::to(&group(&[&[Bool], &INTS]), 2, Bool);
    v.push(Loop {
        ins: vec![I64, U64],
        out: Bool,
    });
    v.push(Loop {
        ins: vec![U64, I64],
        out: Bool,
    });
    v.extend(loops::to(&group(&[&FLOATS, &COMPLEX]), 2, Bool));
    v
}

/// The comparison family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    let cmp = |name, kernel, order: fn(Ordering) -> bool| Ufunc {
        name,
        nin: 2,
        loops: comparison_loops(),
        kernel,
        resolver: None,
        scalars: Scalars::Compare(order),
    };
    let logic = |name, kernel| Ufunc {
        name,
        nin: 2,
        loops: loops::to(&loops::all(), 2, Bool),
        kernel,
        resolver: Some(logical_resolver),
        scalars: Scalars::Truth,
    };
    vec![
        Ufunc {
            name: "isnan",
            nin: 1,
            loops: loops::to(&group(&[&FLOATS, &COMPLEX]), 1, Bool),
            kernel: isnan,
            resolver: None,
            scalars: Scalars::Weak,
        },
        cmp("equal", equal, Ordering::is_eq),
        cmp("not_equal", not_equal, Ordering::is_ne),
        cmp("less", less, Ordering::is_lt),
        cmp("less_equal", less_equal, Ordering::is_le),
        cmp("greater", greater, Ordering::is_gt),
        cmp("greater_equal", greater_equal, Ordering::is_ge),
        logic("logical_and", logical_and),
        logic("logical_or", logical_or),
        logic("logical_xor", logical_xor),
    ]
}

#[cfg(test)]
mod tests {
    use crate::element::Cf64;
    use crate::ops::ufunc::Arg;
    use crate::tensor::Tensor;

    fn call(name: &str, a: &Tensor, b: &Tensor) -> Tensor {
        crate::ops::ufunc(name)
            .unwrap()
            .call(&[Arg::from(a), Arg::from(b)], None)
            .unwrap()
    }

    #[test]
    fn int64_vs_uint64_is_exact() {
        let a = Tensor::from_vec(vec![-1i64, i64::MAX, 0], &[3]).unwrap();
        let b = Tensor::from_vec(vec![1u64 << 63, i64::MAX as u64, u64::MAX], &[3]).unwrap();
        // Through float64, i64::MAX and 2**63 would compare equal.
        assert_eq!(
            call("less", &a, &b).to_vec::<bool>().unwrap(),
            [true, false, true]
        );
        assert_eq!(
            call("equal", &a, &b).to_vec::<bool>().unwrap(),
            [false, true, false]
        );
        assert_eq!(
            call("greater_equal", &b, &a).to_vec::<bool>().unwrap(),
            [true, true, true]
        );
        let c = Tensor::from_vec(vec![i64::MIN], &[1]).unwrap();
        let d = Tensor::from_vec(vec![1u64 << 63], &[1]).unwrap();
        assert_eq!(call("not_equal", &d, &c).to_vec::<bool>().unwrap(), [true]);
    }

    #[test]
    fn complex_ordering_with_nan() {
        let nan = f64::NAN;
        let a = Tensor::from_vec(
            vec![
                Cf64::new(1.0, 2.0),
                Cf64::new(1.0, nan),
                Cf64::new(1.0, nan),
                Cf64::new(2.0, 0.0),
            ],
            &[4],
        )
        .unwrap();
        let b = Tensor::from_vec(
            vec![
                Cf64::new(1.0, 3.0),
                Cf64::new(2.0, 0.0),
                Cf64::new(1.0, nan),
                Cf64::new(2.0, 0.0),
            ],
            &[4],
        )
        .unwrap();
        // (1+nanj) < (2+0j) is False in NumPy: the real decision needs non-NaN imaginary parts.
        assert_eq!(
            call("less", &a, &b).to_vec::<bool>().unwrap(),
            [true, false, false, false]
        );
        assert_eq!(
            call("less_equal", &a, &b).to_vec::<bool>().unwrap(),
            [true, false, false, true]
        );
        assert_eq!(
            call("not_equal", &a, &b).to_vec::<bool>().unwrap(),
            [true, true, true, false]
        );
    }

    #[test]
    fn logical_ops_use_nonzero() {
        use crate::dtype::DType;
        let a = Tensor::from_vec(vec![f64::NAN, -0.0, 0.5, 0.0], &[4]).unwrap();
        let b = Tensor::from_vec(vec![1i8, 1, 0, 0], &[4]).unwrap();
        let r = call("logical_and", &a, &b);
        assert_eq!(r.dtype(), DType::Bool);
        assert_eq!(r.to_vec::<bool>().unwrap(), [true, false, false, false]);
        assert_eq!(
            call("logical_xor", &a, &b).to_vec::<bool>().unwrap(),
            [false, true, true, false]
        );
        let z = Tensor::from_vec(vec![Cf64::new(0.0, 1.0), Cf64::new(0.0, 0.0)], &[2]).unwrap();
        let t = Tensor::from_vec(vec![true, true], &[2]).unwrap();
        assert_eq!(
            call("logical_and", &z, &t).to_vec::<bool>().unwrap(),
            [true, false]
        );
        let lp = crate::ops::ufunc("logical_or").unwrap();
        assert_eq!(
            lp.linear_search(&[DType::I8, DType::I8]).unwrap().ins[0],
            DType::I8
        );
        assert_eq!(
            (lp.resolver.unwrap())(lp, &[DType::I8, DType::F64])
                .unwrap()
                .ins,
            [DType::Bool; 2]
        );
    }

    #[test]
    fn half_comparisons_and_nan() {
        let a = Tensor::from_vec(vec![half::f16::NAN, half::f16::from_f32(-0.0)], &[2]).unwrap();
        let b = Tensor::from_vec(vec![half::f16::NAN, half::f16::from_f32(0.0)], &[2]).unwrap();
        assert_eq!(
            call("equal", &a, &b).to_vec::<bool>().unwrap(),
            [false, true]
        );
        assert_eq!(
            call("not_equal", &a, &b).to_vec::<bool>().unwrap(),
            [true, false]
        );
        assert_eq!(
            call("less", &a, &b).to_vec::<bool>().unwrap(),
            [false, false]
        );
    }
}
