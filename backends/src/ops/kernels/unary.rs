//! Sign, magnitude and classification ufuncs (negative, absolute, sign, invert, isinf, ...),
//! plus `real`, `imag` and `angle` (NumPy Python functions, modelled as ufuncs with NumPy's
//! result dtypes).

use crate::dtype::DType::{self, *};
use crate::error::{Error, Result};
use crate::ops::loops::{self, group, COMPLEX, FLOATS, INTS};
use crate::ops::ufunc::{Loop, Scalars, Ufunc, View};
use crate::storage::CpuStorage;
use num_complex::Complex;
#[allow(unused_imports)]
use num_traits::Float;
use num_traits::{One, Zero};

fn negative(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |x| x.wrapping_neg(),
        [F16, BF16, F32, F64, C64, C128] => |x| -x,
    )
}

/// NumPy has no bool loop for `negative` and says so with a dedicated TypeError (the linear
/// search would otherwise pick the int8 loop).
fn negative_resolver(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    if dtypes[0] == Bool {
        return Err(Error::Type {
            op: uf.name,
            msg: "The numpy boolean negative, the `-` operator, is not supported, use the `~` \
                  operator or the logical_not function instead."
                .into(),
        });
    }
    uf.linear_search(dtypes)
}

/// NumPy's `positive` and `sign` use a uniform-dtype resolver that finds no loop for bool
/// (instead of linear search's int8 loop).
fn no_bool_resolver(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    if dtypes[0] == Bool {
        return Err(Error::NoLoop {
            op: uf.name,
            dtypes: dtypes.to_vec(),
        });
    }
    uf.linear_search(dtypes)
}

fn positive(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64, C64, C128] => |x| x,
    )
}

/// conjugate is the identity on real dtypes (NumPy has integer loops for it).
fn conjugate(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64] => |x| x,
        [C64, C128] => |z| z.conj(),
    )
}

fn absolute(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [Bool, U8, U16, U32, U64] => |x| x,
        // abs(MIN) wraps to MIN, as in C.
        [I8, I16, I32, I64] => |x| x.wrapping_abs(),
        [F16, BF16, F32, F64] => |x| x.abs(),
        // hypot: no spurious overflow/underflow, and hypot(inf, nan) = inf.
        [C64, C128] => |z| z.re.hypot(z.im),
    )
}

fn sign(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [I8, I16, I32, I64] => |x| x.signum(),
        [U8, U16, U32, U64] => |x| (x > 0) as T,
        // NumPy: 1 / -1 / 0 (+0 for -0) and nan for nan.
        [F16, BF16, F32, F64] => |x| {
            if x > T::zero() {
                T::one()
            } else if x < T::zero() {
                -T::one()
            } else if x == T::zero() {
                T::zero()
            } else {
                x
            }
        },
        // NumPy 2: z / |z|, with NumPy's rules for nan, infinities and zero.
        [C64, C128] => |z| {
            let a = z.re.hypot(z.im);
            if a.is_nan() {
                Complex::new(Float::nan(), Float::nan())
            } else if a.is_infinite() {
                if z.re.is_infinite() {
                    if z.im.is_infinite() {
                        Complex::new(Float::nan(), Float::nan())
                    } else {
                        Complex::new(if z.re > 0.0 { 1.0 } else { -1.0 }, 0.0)
                    }
                } else {
                    Complex::new(0.0, if z.im > 0.0 { 1.0 } else { -1.0 })
                }
            } else if a == 0.0 {
                Complex::new(0.0, 0.0)
            } else {
                Complex::new(z.re / a, z.im / a)
            }
        },
    )
}

fn invert(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [Bool, I8, U8, I16, U16, I32, U32, I64, U64] => |x| !x,
    )
}

fn logical_not(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [Bool] => |x: bool| !x,
        [I8, U8, I16, U16, I32, U32, I64, U64] => |x| x == 0,
        // nan is truthy, so logical_not(nan) is False.
        [F16, BF16, F32, F64] => |x| x == T::zero(),
        [C64, C128] => |z| z.re == 0.0 && z.im == 0.0,
    )
}

fn isinf(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [Bool, I8, U8, I16, U16, I32, U32, I64, U64] => |_x| false,
        [F16, BF16, F32, F64] => |x| x.is_infinite(),
        [C64, C128] => |z| z.re.is_infinite() || z.im.is_infinite(),
    )
}

fn isfinite(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [Bool, I8, U8, I16, U16, I32, U32, I64, U64] => |_x| true,
        [F16, BF16, F32, F64] => |x| x.is_finite(),
        [C64, C128] => |z| z.re.is_finite() && z.im.is_finite(),
    )
}

fn signbit(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [F16, BF16, F32, F64] => |x| x.is_sign_negative(),
    )
}

fn real(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [Bool, I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64] => |x| x,
        [C64, C128] => |z| z.re,
    )
}

fn imag(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    crate::unary!(op, lp, ins,
        [Bool, I8, U8, I16, U16, I32, U32, I64, U64, F16, BF16, F32, F64] => |_x| T::default(),
        [C64, C128] => |z| z.im,
    )
}

/// `x.real` / `x.imag`: the input dtype, or the part dtype of a complex input.
fn part_resolver(_uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    let d = dtypes[0];
    Ok(Loop {
        ins: vec![d],
        out: d.to_real(),
    })
}

fn angle(op: &'static str, lp: &Loop, ins: &[View<'_>]) -> Result<CpuStorage> {
    // Real input: arctan2(0, x), i.e. pi for x < 0 or x == -0.0, nan for nan, else +0.
    crate::unary!(op, lp, ins,
        [F16, BF16, F32, F64] => |x| {
            if x.is_nan() {
                x
            } else if x.is_sign_negative() {
                <T as num_traits::FloatConst>::PI()
            } else {
                T::zero()
            }
        },
        [C64, C128] => |z| z.im.atan2(z.re),
    )
}

/// `np.angle(x)` is `arctan2(0, x)` for real x, with 0 a weak Python int: bool becomes int64
/// (so float64), int8/uint8 float16, int16/uint16 float32, wider integers float64; floats keep
/// their dtype and complex gives its part dtype.
fn angle_resolver(_uf: &Ufunc, dtypes: &[DType]) -> Result<Loop> {
    let d = dtypes[0];
    let compute = match d {
        I8 | U8 => F16,
        I16 | U16 => F32,
        Bool | I32 | U32 | I64 | U64 => F64,
        d => d,
    };
    Ok(Loop {
        ins: vec![compute],
        out: compute.to_real(),
    })
}

/// The unary family's ufuncs.
pub fn ufuncs() -> Vec<Ufunc> {
    let numeric = group(&[&INTS, &FLOATS, &COMPLEX]);
    let all = loops::all();
    let ints = group(&[&[Bool], &INTS]);
    let u = |name, loops, kernel| Ufunc::new(name, 1, loops, kernel);
    vec![
        Ufunc {
            name: "negative",
            nin: 1,
            loops: loops::same(&numeric, 1),
            kernel: negative,
            resolver: Some(negative_resolver),
            scalars: Scalars::Weak,
        },
        Ufunc {
            name: "positive",
            nin: 1,
            loops: loops::same(&numeric, 1),
            kernel: positive,
            resolver: Some(no_bool_resolver),
            scalars: Scalars::Weak,
        },
        u("conjugate", loops::same(&numeric, 1), conjugate),
        u(
            "absolute",
            loops::mapped(&all, 1, |d| d.to_real()),
            absolute,
        ),
        Ufunc {
            name: "sign",
            nin: 1,
            loops: loops::same(&numeric, 1),
            kernel: sign,
            resolver: Some(no_bool_resolver),
            scalars: Scalars::Weak,
        },
        u("invert", loops::same(&ints, 1), invert),
        u("logical_not", loops::to(&all, 1, Bool), logical_not),
        u("isinf", loops::to(&all, 1, Bool), isinf),
        u("isfinite", loops::to(&all, 1, Bool), isfinite),
        u("signbit", loops::to(&FLOATS, 1, Bool), signbit),
        Ufunc {
            name: "real",
            nin: 1,
            loops: loops::mapped(&all, 1, |d| d.to_real()),
            kernel: real,
            resolver: Some(part_resolver),
            scalars: Scalars::Attribute,
        },
        Ufunc {
            name: "imag",
            nin: 1,
            loops: loops::mapped(&all, 1, |d| d.to_real()),
            kernel: imag,
            resolver: Some(part_resolver),
            scalars: Scalars::Attribute,
        },
        Ufunc {
            name: "angle",
            nin: 1,
            loops: loops::mapped(&group(&[&FLOATS, &COMPLEX]), 1, |d| d.to_real()),
            kernel: angle,
            resolver: Some(angle_resolver),
            scalars: Scalars::Weak,
        },
    ]
}

#[cfg(test)]
mod tests {
    use crate::dtype::DType;
    use crate::element::{Cf64, Element};
    use crate::error::ErrorKind;
    use crate::ops::Arg;
    use crate::tensor::Tensor;
    use half::f16;

    fn call<T: Element>(name: &str, v: Vec<T>) -> crate::error::Result<Tensor> {
        let t = Tensor::from_vec(v.clone(), &[v.len()]).unwrap();
        crate::ops::ufunc(name)
            .unwrap()
            .call(&[Arg::from(&t)], None)
    }

    #[test]
    fn negative_bool_is_type_error_and_ints_wrap() {
        let e = call("negative", vec![true]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Type);
        assert!(call("positive", vec![true]).is_err());
        assert!(call("sign", vec![true]).is_err());
        let r = call("negative", vec![1u8, 0]).unwrap();
        assert_eq!(r.to_vec::<u8>().unwrap(), vec![255, 0]);
        let r = call("absolute", vec![i8::MIN, -3]).unwrap();
        assert_eq!(r.to_vec::<i8>().unwrap(), vec![i8::MIN, 3]);
    }

    #[test]
    fn sign_and_absolute_of_floats_and_complex() {
        let r = call("sign", vec![f64::NAN, -0.0, 2.0, -3.0]).unwrap();
        let r = r.to_vec::<f64>().unwrap();
        assert!(r[0].is_nan());
        assert_eq!(r[1].to_bits(), 0.0f64.to_bits());
        assert_eq!(&r[2..], &[1.0, -1.0]);
        let zs = vec![
            Cf64::new(3.0, 4.0),
            Cf64::new(f64::INFINITY, 1.0),
            Cf64::new(f64::INFINITY, f64::INFINITY),
            Cf64::new(0.0, f64::NAN),
        ];
        let r = call("sign", zs.clone()).unwrap().to_vec::<Cf64>().unwrap();
        assert_eq!(r[0], Cf64::new(0.6, 0.8));
        assert_eq!(r[1], Cf64::new(1.0, 0.0));
        assert!(r[2].re.is_nan() && r[3].im.is_nan());
        let r = call("absolute", zs).unwrap();
        assert_eq!(r.dtype(), DType::F64);
        assert_eq!(r.to_vec::<f64>().unwrap()[..2], [5.0, f64::INFINITY]);
    }

    #[test]
    fn real_imag_angle_dtypes() {
        assert_eq!(call("real", vec![true]).unwrap().dtype(), DType::Bool);
        let r = call("imag", vec![5i8]).unwrap();
        assert_eq!((r.dtype(), r.to_vec::<i8>().unwrap()), (DType::I8, vec![0]));
        let r = call("imag", vec![Cf64::new(1.0, 2.0)]).unwrap();
        assert_eq!(r.to_vec::<f64>().unwrap(), vec![2.0]);
        assert_eq!(call("angle", vec![true]).unwrap().dtype(), DType::F64);
        assert_eq!(call("angle", vec![1u8]).unwrap().dtype(), DType::F16);
        assert_eq!(call("angle", vec![1i16]).unwrap().dtype(), DType::F32);
        assert_eq!(call("angle", vec![1i32]).unwrap().dtype(), DType::F64);
        let r = call("angle", vec![f16::from_f32(-1.0), f16::from_f32(2.0)]).unwrap();
        assert_eq!(
            r.to_vec::<f16>().unwrap(),
            vec![f16::from_f32(3.140625), f16::ZERO]
        );
        let r = call("angle", vec![-0.0f64, f64::NAN])
            .unwrap()
            .to_vec::<f64>()
            .unwrap();
        assert_eq!(r[0], std::f64::consts::PI);
        assert!(r[1].is_nan());
    }

    #[test]
    fn predicates() {
        let r = call("logical_not", vec![f64::NAN, 0.0, -0.0]).unwrap();
        assert_eq!(r.to_vec::<bool>().unwrap(), vec![false, true, true]);
        let r = call("invert", vec![true, false]).unwrap();
        assert_eq!(r.to_vec::<bool>().unwrap(), vec![false, true]);
        let r = call("invert", vec![5u8]).unwrap();
        assert_eq!(r.to_vec::<u8>().unwrap(), vec![250]);
        let r = call("isfinite", vec![1i64]).unwrap();
        assert_eq!(r.to_vec::<bool>().unwrap(), vec![true]);
        let r = call("isinf", vec![Cf64::new(f64::NAN, f64::INFINITY)]).unwrap();
        assert_eq!(r.to_vec::<bool>().unwrap(), vec![true]);
        let r = call("signbit", vec![-1i8, 1]).unwrap();
        assert_eq!(r.to_vec::<bool>().unwrap(), vec![true, false]);
        assert!(call("signbit", vec![Cf64::new(1.0, 0.0)]).is_err());
    }
}
