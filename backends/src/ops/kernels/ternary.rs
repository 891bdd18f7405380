//! Three-operand ops: `where` and `clip`.

use crate::cpu::map3;
use crate::dtype::DType::{self, *};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::ops::loops;
use crate::ops::ufunc::{Loop, Scalars, Ufunc, View};
use crate::promotion::promote_types;
use crate::storage::CpuStorage;
use num_complex::Complex;
use num_traits::Float;

/// `np.where(cond, x, y)`: the `(bool, T, T) -> T` loop.
fn where_(_op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    let (c, x, y) = (&ins[0], &ins[1], &ins[2]);
    Ok(crate::with_dtype!(lp.out, T, {
        let v = map3::<bool, T, T, T>(
            (bool::slice(c.data), &c.layout),
            (T::slice(x.data), &x.layout),
            (T::slice(y.data), &y.layout),
            |c, x, y| if c { x } else { y },
        )?;
        T::into_storage(v)
    }))
}

/// `np.where` is not a ufunc in NumPy: its result dtype is `np.result_type(x, y)` and the
/// condition only ever becomes bool (nonzero-ness), so the loop is `(bool, T, T) -> T`.
fn where_resolver(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    let t = promote_types(dtypes[1], dtypes[2]);
    uf.loops
        .iter()
        .find(|l| l.out == t)
        .cloned()
        .ok_or_else(|| Error::NoLoop {
            op: uf.name,
            dtypes: dtypes.to_vec(),
        })
}

// NumPy's clip loops (umath/clip.cpp) are `min(max(x, lo), hi)` with per-kind max/min; the
// differences only show in which operand a tie between +0.0 and -0.0 returns, and which NaN
// comes out.

/// Integers and bool: `PyArray_MAX`/`PyArray_MIN`.
#[inline]
fn clip_ord<T: PartialOrd + Copy>(x: T, lo: T, hi: T) -> T {
    let m = if x > lo { x } else { lo };
    if m < hi {
        m
    } else {
        hi
    }
}

/// float16 (`half_tag`): a NaN first operand wins, ties keep the first operand.
#[inline]
fn clip_half<F: Float>(x: F, lo: F, hi: F) -> F {
    let m = if x.is_nan() || x >= lo { x } else { lo };
    if m.is_nan() || m <= hi {
        m
    } else {
        hi
    }
}

/// float32/float64 with varying bounds: a NaN first operand wins, ties go to the bound.
#[inline]
fn clip_float<F: Float>(x: F, lo: F, hi: F) -> F {
    let m = if x.is_nan() || x > lo { x } else { lo };
    if m.is_nan() || m < hi {
        m
    } else {
        hi
    }
}

/// float32/float64 with bounds constant along the inner loop (NumPy's fast path): a NaN bound
/// fills the output; otherwise only strict comparisons replace `x`, so ties keep `x`.
#[inline]
fn clip_float_const<F: Float>(x: F, lo: F, hi: F) -> F {
    if lo.is_nan() {
        return lo;
    }
    if hi.is_nan() {
        return hi;
    }
    let x = if x < lo { lo } else { x };
    if x > hi {
        hi
    } else {
        x
    }
}

/// Complex: lexicographic order, a first operand with a NaN part wins.
#[inline]
fn clip_complex<F: Float>(x: Complex<F>, lo: Complex<F>, hi: Complex<F>) -> Complex<F> {
    let has_nan = |z: Complex<F>| z.re.is_nan() || z.im.is_nan();
    let gt = |a: Complex<F>, b: Complex<F>| {
        if a.re == b.re {
            a.im > b.im
        } else {
            a.re > b.re
        }
    };
    let lt = |a: Complex<F>, b: Complex<F>| {
        if a.re == b.re {
            a.im < b.im
        } else {
            a.re < b.re
        }
    };
    let m = if has_nan(x) || gt(x, lo) { x } else { lo };
    if has_nan(m) || lt(m, hi) {
        m
    } else {
        hi
    }
}

/// `np.clip(a, a_min, a_max)`: the `TTT->T` loops of `np._core.umath.clip`.
fn clip(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    let (x, lo, hi) = (&ins[0], &ins[1], &ins[2]);
    // NumPy's float loops take a different path when both bounds are constant along its inner
    // loop. Its iterator is not reproduced exactly; a bound counts as constant when it was
    // broadcast from a single element (every stride 0), which matches NumPy for scalar and 0-d
    // bounds, for `(1,)` bounds next to a longer `a` (stride 0) and for same-shape `(1,)`
    // operands (NumPy's trivial loop steps by the itemsize there).
    let const_bounds = crate::backend::clip_constant_bounds(&lo.layout, &hi.layout);
    macro_rules! run {
        ($T:ty, $f:expr) => {{
            let v = map3::<$T, $T, $T, $T>(
                (<$T>::slice(x.data), &x.layout),
                (<$T>::slice(lo.data), &lo.layout),
                (<$T>::slice(hi.data), &hi.layout),
                $f,
            )?;
            Ok(<$T>::into_storage(v))
        }};
    }
    macro_rules! run_float {
        ($T:ty) => {
            if const_bounds {
                run!($T, clip_float_const::<$T>)
            } else {
                run!($T, clip_float::<$T>)
            }
        };
    }
    match lp.ins[0] {
        Bool => run!(bool, clip_ord::<bool>),
        I8 => run!(i8, clip_ord::<i8>),
        U8 => run!(u8, clip_ord::<u8>),
        I16 => run!(i16, clip_ord::<i16>),
        U16 => run!(u16, clip_ord::<u16>),
        I32 => run!(i32, clip_ord::<i32>),
        U32 => run!(u32, clip_ord::<u32>),
        I64 => run!(i64, clip_ord::<i64>),
        U64 => run!(u64, clip_ord::<u64>),
        F16 => run!(half::f16, clip_half::<half::f16>),
        // ml_dtypes has no clip loop; it computes bfloat16 through float32's, so do the same.
        BF16 => run_float!(half::bf16),
        F32 => run_float!(f32),
        F64 => run_float!(f64),
        C64 => run!(Complex<f32>, clip_complex::<f32>),
        C128 => run!(Complex<f64>, clip_complex::<f64>),
        #[allow(unreachable_patterns)]
        d => Err(Error::NoLoop {
            op,
            dtypes: vec![d],
        }),
    }
}

/// The ternary family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    vec![
        Ufunc {
            name: "where",
            nin: 3,
            loops: DType::ALL
                .iter()
                .map(|&d| Loop {
                    ins: vec![Bool, d, d],
                    out: d,
                })
                .collect(),
            kernel: where_,
            resolver: Some(where_resolver),
            scalars: Scalars::Where,
        },
        Ufunc {
            name: "clip",
            nin: 3,
            loops: loops::same(&loops::all(), 3),
            kernel: clip,
            resolver: None,
            scalars: Scalars::Clip,
        },
    ]
}

#[cfg(test)]
mod tests {
    use crate::dtype::DType;
    use crate::element::Cf64;
    use crate::ops::ufunc::Arg;
    use crate::promotion::PyScalar;
    use crate::tensor::Tensor;

    fn call(name: &str, args: &[Arg]) -> crate::error::Result<Tensor> {
        crate::ops::ufunc(name).unwrap().call(args, None)
    }

    #[test]
    fn where_dtypes_follow_result_type() {
        let c = Tensor::from_vec(vec![true, false], &[2]).unwrap();
        let a = Tensor::from_vec(vec![1i8, 2], &[2]).unwrap();
        let r = call(
            "where",
            &[Arg::from(&c), Arg::from(&a), PyScalar::Int(-3).into()],
        )
        .unwrap();
        assert_eq!(r.dtype(), DType::I8);
        assert_eq!(r.to_vec::<i8>().unwrap(), [1, -3]);
        let u = Tensor::from_vec(vec![7u64, 8], &[2]).unwrap();
        let r = call("where", &[Arg::from(&c), Arg::from(&a), Arg::from(&u)]).unwrap();
        assert_eq!(r.dtype(), DType::F64);
        assert_eq!(r.to_vec::<f64>().unwrap(), [1.0, 8.0]);
        // A non-bool condition is truth-tested: NaN and 1j are true, 0 is false.
        let z = Tensor::from_vec(
            vec![
                Cf64::new(0.0, 0.0),
                Cf64::new(f64::NAN, 0.0),
                Cf64::new(0.0, 1.0),
            ],
            &[3],
        )
        .unwrap();
        let one = Tensor::from_vec(vec![1i16], &[1]).unwrap();
        let two = Tensor::from_vec(vec![2u8], &[1]).unwrap();
        let r = call("where", &[Arg::from(&z), Arg::from(&one), Arg::from(&two)]).unwrap();
        assert_eq!(r.dtype(), DType::I16);
        assert_eq!(r.to_vec::<i16>().unwrap(), [2, 1, 1]);
    }

    #[test]
    fn clip_nan_and_inverted_bounds() {
        let nan = f64::NAN;
        let a = Tensor::from_vec(vec![1.0, nan, -3.0, 5.0], &[4]).unwrap();
        let f = |lo: f64, hi: f64| {
            call(
                "clip",
                &[
                    Arg::from(&a),
                    PyScalar::Float(lo).into(),
                    PyScalar::Float(hi).into(),
                ],
            )
            .unwrap()
            .to_vec::<f64>()
            .unwrap()
        };
        let r = f(0.0, 2.0);
        assert_eq!((r[0], r[2], r[3]), (1.0, 0.0, 2.0));
        assert!(r[1].is_nan());
        assert!(f(nan, 2.0).iter().all(|v| v.is_nan()));
        assert!(f(0.0, nan).iter().all(|v| v.is_nan()));
        // a_min > a_max gives a_max everywhere except NaN.
        let r = f(3.0, 1.0);
        assert_eq!((r[0], r[2], r[3]), (1.0, 1.0, 1.0));
    }

    #[test]
    fn clip_signed_zero_ties_depend_on_bound_strides() {
        let x = Tensor::from_vec(vec![0.0f64, -0.0], &[2]).unwrap();
        // Scalar bounds (NumPy's constant path): ties keep x.
        let r = call(
            "clip",
            &[
                Arg::from(&x),
                PyScalar::Float(-0.0).into(),
                PyScalar::Float(-0.0).into(),
            ],
        )
        .unwrap()
        .to_vec::<f64>()
        .unwrap();
        assert_eq!(
            r.iter().map(|v| v.is_sign_negative()).collect::<Vec<_>>(),
            [false, true]
        );
        // Array bounds: ties return the bound.
        let b = Tensor::from_vec(vec![-0.0f64, -0.0], &[2]).unwrap();
        let r = call("clip", &[Arg::from(&x), Arg::from(&b), Arg::from(&b)])
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        assert_eq!(
            r.iter().map(|v| v.is_sign_negative()).collect::<Vec<_>>(),
            [true, true]
        );
        // Same-shape (1,) operands run NumPy's trivial loop, whose bound steps are not 0.
        let x1 = Tensor::from_vec(vec![0.0f64], &[1]).unwrap();
        let b1 = Tensor::from_vec(vec![-0.0f64], &[1]).unwrap();
        let r = call("clip", &[Arg::from(&x1), Arg::from(&b1), Arg::from(&b1)])
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        assert!(r[0].is_sign_negative());
    }

    #[test]
    fn clip_weak_bounds_keep_dtype_and_complex_order() {
        let a = Tensor::from_vec(vec![1i8, 2, 100], &[3]).unwrap();
        let r = call(
            "clip",
            &[
                Arg::from(&a),
                PyScalar::Int(0).into(),
                PyScalar::Int(50).into(),
            ],
        )
        .unwrap();
        assert_eq!(r.dtype(), DType::I8);
        assert_eq!(r.to_vec::<i8>().unwrap(), [1, 2, 50]);
        let c = Tensor::from_vec(
            vec![
                Cf64::new(1.0, 1.0),
                Cf64::new(3.0, 0.0),
                Cf64::new(0.0, -1.0),
            ],
            &[3],
        )
        .unwrap();
        let r = call(
            "clip",
            &[
                Arg::from(&c),
                PyScalar::Complex(1.0, 0.0).into(),
                PyScalar::Complex(2.0, 0.0).into(),
            ],
        )
        .unwrap();
        assert_eq!(
            r.to_vec::<Cf64>().unwrap(),
            [
                Cf64::new(1.0, 1.0),
                Cf64::new(2.0, 0.0),
                Cf64::new(1.0, 0.0)
            ]
        );
    }
}
