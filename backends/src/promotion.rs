//! NumPy 2 type promotion (NEP 50): `can_cast`, `promote_types`, and `result_type` with Python
//! scalars as "weak" operands.
//!
//! bfloat16 rule (NumPy has no bfloat16): it casts and promotes exactly like float16 does —
//! bool/int8/uint8 cast to it safely, it casts safely to float32/float64/complex — and
//! float16 with bfloat16 promotes to float32, the smallest type holding both.

use crate::dtype::{DType, Kind};
use crate::error::{Error, Result};

/// NumPy's casting rules (`casting=` keyword).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Casting {
    /// Only identical dtypes.
    No,
    /// Identical dtypes (byte order aside, the same as `No` here).
    Equiv,
    /// Casts that preserve every value.
    Safe,
    /// Safe casts or casts within a kind (float64 -> float32) and up the kind order.
    SameKind,
    /// Any cast.
    Unsafe,
}

impl Casting {
    /// NumPy's keyword string.
    pub fn name(self) -> &'static str {
        match self {
            Casting::No => "no",
            Casting::Equiv => "equiv",
            Casting::Safe => "safe",
            Casting::SameKind => "same_kind",
            Casting::Unsafe => "unsafe",
        }
    }
    /// Parses NumPy's keyword string.
    pub fn from_name(s: &str) -> Option<Casting> {
        Some(match s {
            "no" => Casting::No,
            "equiv" => Casting::Equiv,
            "safe" => Casting::Safe,
            "same_kind" => Casting::SameKind,
            "unsafe" => Casting::Unsafe,
            _ => return None,
        })
    }
}

/// Rank of a kind in NumPy's same_kind order: b < u < i < f < c.
fn kind_rank(k: Kind) -> u8 {
    match k {
        Kind::Bool => 0,
        Kind::UInt => 1,
        Kind::Int => 2,
        Kind::Float => 3,
        Kind::Complex => 4,
    }
}

/// Safe cast: every value of `from` is representable in `to`.
fn can_cast_safe(from: DType, to: DType) -> bool {
    use DType::*;
    if from == to || from == Bool {
        return true;
    }
    let (fs, ts) = (from.itemsize(), to.itemsize());
    match (from.kind(), to.kind()) {
        (Kind::Int, Kind::Int) | (Kind::UInt, Kind::UInt) => ts >= fs,
        (Kind::UInt, Kind::Int) => ts > fs,
        (Kind::Int, Kind::UInt) => false,
        // An integer fits a float more than twice its size; 64-bit ints go to float64 (NumPy).
        (Kind::Int | Kind::UInt, Kind::Float) => ts > fs || (fs == 8 && to == F64),
        (Kind::Int | Kind::UInt, Kind::Complex) => ts / 2 > fs || (fs == 8 && to == C128),
        (Kind::Float, Kind::Float) => {
            // float16 and bfloat16 do not hold each other's values.
            ts > fs
        }
        (Kind::Float, Kind::Complex) => ts / 2 >= fs,
        (Kind::Complex, Kind::Complex) => ts >= fs,
        _ => false,
    }
}

/// `np.can_cast(from, to, casting)`.
pub fn can_cast(from: DType, to: DType, casting: Casting) -> bool {
    match casting {
        Casting::No | Casting::Equiv => from == to,
        Casting::Safe => can_cast_safe(from, to),
        Casting::SameKind => {
            can_cast_safe(from, to)
                || kind_rank(from.kind()) <= kind_rank(to.kind())
                    && !(from.kind() == Kind::Int && to.kind() == Kind::UInt)
        }
        Casting::Unsafe => true,
    }
}

/// `np.promote_types(a, b)`: the smallest dtype both cast to safely.
pub fn promote_types(a: DType, b: DType) -> DType {
    if can_cast_safe(a, b) {
        return b;
    }
    if can_cast_safe(b, a) {
        return a;
    }
    DType::ALL
        .into_iter()
        .find(|&t| can_cast_safe(a, t) && can_cast_safe(b, t))
        .unwrap_or(DType::C128)
}

/// A Python scalar operand (`int`, `float`, `complex`, `bool`): "weak" under NEP 50.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PyScalar {
    /// `True` / `False`.
    Bool(bool),
    /// A Python int (arbitrary precision in Python; i128 covers every dtype's range and beyond).
    Int(i128),
    /// A Python float.
    Float(f64),
    /// A Python complex (re, im).
    Complex(f64, f64),
}

impl PyScalar {
    /// NEP 50: a Python int must fit the integer dtype it is finally cast to. Into a bool loop
    /// (the logical ufuncs') NumPy converts it through a C long, so it must fit int64 there.
    pub fn check_fits(self, op: &'static str, dtype: DType) -> Result<()> {
        let range = match dtype {
            DType::Bool => DType::I64.int_range(),
            d => d.int_range(),
        };
        if let (PyScalar::Int(v), Some((lo, hi))) = (self, range) {
            if v < lo || v > hi {
                return Err(Error::Overflow {
                    op,
                    value: v.to_string(),
                    dtype,
                });
            }
        }
        Ok(())
    }

    /// The dtype this scalar takes next to operands whose strong result type is `strong`
    /// (NEP 50). Range checks come later, against the chosen loop ([`PyScalar::check_fits`]).
    pub fn resolve(self, _op: &'static str, strong: Option<DType>) -> Result<DType> {
        use PyScalar::*;
        let Some(t) = strong else {
            // Alone, Python scalars take NumPy's default types.
            return Ok(match self {
                Bool(_) => DType::Bool,
                Int(_) => DType::I64,
                Float(_) => DType::F64,
                Complex(..) => DType::C128,
            });
        };
        Ok(match (self, t.kind()) {
            (Bool(_), _) => t,
            (Int(_), Kind::Bool) => DType::I64,
            // Whether the value fits is checked against the loop finally chosen
            // ([`PyScalar::check_fits`]): `np.arctan2(int8_arr, 300)` is fine (a float loop).
            (Int(_), Kind::Int | Kind::UInt) => t,
            (Int(_), _) => t,
            (Float(_), Kind::Bool | Kind::Int | Kind::UInt) => DType::F64,
            (Float(_), _) => t,
            (Complex(..), Kind::Bool | Kind::Int | Kind::UInt) => DType::C128,
            (Complex(..), Kind::Float) => t.to_complex(),
            (Complex(..), Kind::Complex) => t,
        })
    }
}

/// An operand of a ufunc as far as promotion is concerned.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Operand {
    /// An array (or NumPy scalar) of a dtype: "strong".
    Array(DType),
    /// A Python scalar: "weak".
    Scalar(PyScalar),
}

/// `np.result_type(*operands)` under NEP 50.
pub fn result_type(op: &'static str, operands: &[Operand]) -> Result<DType> {
    resolve_operands(op, operands)
        .map(|ds| ds.into_iter().reduce(promote_types).unwrap_or(DType::F64))
}

/// The dtype each operand takes: arrays keep theirs, weak scalars resolve against the strong
/// result type of the arrays.
pub fn resolve_operands(op: &'static str, operands: &[Operand]) -> Result<Vec<DType>> {
    let strong = operands
        .iter()
        .filter_map(|o| match o {
            Operand::Array(d) => Some(*d),
            Operand::Scalar(_) => None,
        })
        .reduce(promote_types);
    operands
        .iter()
        .map(|o| match o {
            Operand::Array(d) => Ok(*d),
            Operand::Scalar(s) => s.resolve(op, strong),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use DType::*;

    #[test]
    fn promotion_table_spot_checks() {
        assert_eq!(promote_types(I8, U8), I16);
        assert_eq!(promote_types(I64, U64), F64);
        assert_eq!(promote_types(F16, I16), F32);
        assert_eq!(promote_types(F16, BF16), F32);
        assert_eq!(promote_types(I8, BF16), BF16);
        assert_eq!(promote_types(F32, C64), C64);
        assert_eq!(promote_types(F64, C64), C128);
        assert_eq!(promote_types(I32, F32), F64);
        assert_eq!(promote_types(U32, I8), I64);
        assert!(can_cast(U8, I8, Casting::SameKind));
        assert!(!can_cast(I8, U8, Casting::SameKind));
        assert!(!can_cast(F64, I64, Casting::SameKind));
    }

    #[test]
    fn weak_scalars() {
        let r = |ops: &[Operand]| result_type("t", ops);
        assert_eq!(
            r(&[Operand::Array(I8), Operand::Scalar(PyScalar::Int(3))]).unwrap(),
            I8
        );
        assert!(PyScalar::Int(300).check_fits("t", I8).is_err());
        assert!(PyScalar::Int(-1).check_fits("t", U64).is_err());
        assert!(PyScalar::Int(255).check_fits("t", U8).is_ok());
        assert_eq!(
            r(&[Operand::Array(F16), Operand::Scalar(PyScalar::Float(1.0))]).unwrap(),
            F16
        );
        assert_eq!(
            r(&[Operand::Array(I32), Operand::Scalar(PyScalar::Float(1.0))]).unwrap(),
            F64
        );
        assert_eq!(
            r(&[
                Operand::Array(F32),
                Operand::Scalar(PyScalar::Complex(1.0, 0.0))
            ])
            .unwrap(),
            C64
        );
        assert_eq!(
            r(&[Operand::Array(Bool), Operand::Scalar(PyScalar::Int(1))]).unwrap(),
            I64
        );
    }
}
