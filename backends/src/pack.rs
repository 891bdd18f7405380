//! Storing one Python scalar into an element of a dtype, as NumPy's `PyArray_Pack` (the
//! dtype's setitem) does it: the conversion `initial=` goes through before a reduction starts.
//!
//! Unlike a ufunc operand (NEP 50's weak scalar, [`PyScalar::resolve`]), a packed value never
//! changes the dtype; it must be representable, with Python's own conversion errors:
//! - into bool, any value becomes its truth value;
//! - into an integer dtype, a Python int must fit (OverflowError), a float is truncated
//!   toward zero first (`int(x)`: NaN is a ValueError, an infinity an OverflowError) and must
//!   then fit, and a complex is a TypeError (`int()` refuses complex);
//! - into a real floating dtype, a complex is a TypeError. bfloat16 takes any int as
//!   float16 does (ml_dtypes' own setitem refuses ints beyond int64 with TypeError "expected
//!   number, got int", an artefact of its conversion through a C long, not followed);
//! - into a complex dtype, anything goes. (An int beyond float64's range, NumPy's
//!   OverflowError, is beyond [`PyScalar::Int`]'s i128 too.)

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::promotion::PyScalar;

impl PyScalar {
    /// Checks that `self` can be stored into an element of `dtype` as NumPy's setitem stores
    /// it, raising the error Python raises when it cannot (see the module docs).
    pub fn check_pack(self, op: &'static str, dtype: DType) -> Result<()> {
        use PyScalar::*;
        if dtype == DType::Bool {
            return Ok(());
        }
        if let Some((lo, hi)) = dtype.int_range() {
            let v = match self {
                Bool(_) => return Ok(()),
                Int(v) => v,
                Float(f) if f.is_nan() => {
                    return Err(Error::Value {
                        op,
                        msg: "cannot convert float NaN to integer".into(),
                    })
                }
                Float(f) if f.is_infinite() => {
                    return Err(Error::TooLarge {
                        op,
                        msg: "cannot convert float infinity to integer".into(),
                    })
                }
                // Beyond i128 the truncated value is out of every dtype's range anyway.
                Float(f) => f.trunc().clamp(-1.7e38, 1.7e38) as i128,
                Complex(..) => {
                    return Err(Error::Type {
                        op,
                        msg: "int() argument must be a string, a bytes-like object or a real \
                              number, not 'complex'"
                            .into(),
                    })
                }
            };
            if v < lo || v > hi {
                return Err(Error::Overflow {
                    op,
                    value: v.to_string(),
                    dtype,
                });
            }
            return Ok(());
        }
        match self {
            Complex(..) if !dtype.is_complex() => Err(Error::Type {
                op,
                msg: "float() argument must be a string or a real number, not 'complex'".into(),
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn kind(s: PyScalar, d: DType) -> Option<ErrorKind> {
        s.check_pack("t", d).err().map(|e| e.kind())
    }

    // Each expectation is NumPy 2.4.6's `np.maximum.reduce(np.zeros(1, d), initial=s)`.
    #[test]
    fn integers_take_truncated_floats_in_range() {
        assert_eq!(kind(PyScalar::Float(-1.5), DType::I8), None);
        assert_eq!(
            kind(PyScalar::Float(-1.5), DType::U8),
            Some(ErrorKind::Overflow)
        );
        assert_eq!(kind(PyScalar::Float(-0.9), DType::U8), None);
        assert_eq!(
            kind(PyScalar::Float(1e19), DType::I64),
            Some(ErrorKind::Overflow)
        );
        assert_eq!(kind(PyScalar::Float(1.8e19), DType::U64), None);
        assert_eq!(
            kind(PyScalar::Float(f64::NAN), DType::U64),
            Some(ErrorKind::Value)
        );
        assert_eq!(
            kind(PyScalar::Float(f64::INFINITY), DType::I16),
            Some(ErrorKind::Overflow)
        );
        assert_eq!(
            kind(PyScalar::Complex(2.5, 0.0), DType::I32),
            Some(ErrorKind::Type)
        );
        assert_eq!(
            kind(PyScalar::Int(-1), DType::U16),
            Some(ErrorKind::Overflow)
        );
        assert_eq!(kind(PyScalar::Int(1 << 63), DType::U64), None);
    }

    #[test]
    fn bool_takes_any_truth_value() {
        for s in [
            PyScalar::Int(1 << 70),
            PyScalar::Float(f64::NAN),
            PyScalar::Complex(0.0, 1.0),
        ] {
            assert_eq!(kind(s, DType::Bool), None);
        }
    }

    #[test]
    fn floats_refuse_complex_and_huge_ints() {
        assert_eq!(
            kind(PyScalar::Complex(1.0, 1.0), DType::F16),
            Some(ErrorKind::Type)
        );
        assert_eq!(
            kind(PyScalar::Complex(1.0, 1.0), DType::BF16),
            Some(ErrorKind::Type)
        );
        assert_eq!(kind(PyScalar::Complex(1.0, 1.0), DType::C64), None);
        assert_eq!(kind(PyScalar::Int(1 << 64), DType::F16), None);
        assert_eq!(kind(PyScalar::Int(1 << 63), DType::BF16), None);
        assert_eq!(kind(PyScalar::Int(1 << 20), DType::BF16), None);
        assert_eq!(kind(PyScalar::Float(1e300), DType::F32), None);
    }
}
