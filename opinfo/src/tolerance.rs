//! The default tolerance table (torch.testing.assert_close's defaults) and the ULP metric.

use crate::record::Tol;
use backends::DType;

/// Default rtol/atol per result dtype; integers and bool compare exactly.
pub fn default_tol(dtype: DType) -> Tol {
    let (rtol, atol) = match dtype {
        DType::F16 => (1e-3, 1e-5),
        DType::BF16 => (1.6e-2, 1e-5),
        DType::F32 | DType::C64 => (1.3e-6, 1e-5),
        DType::F64 | DType::C128 => (1e-7, 1e-7),
        _ => (0.0, 0.0),
    };
    Tol { rtol, atol }
}

/// Machine epsilon of a float dtype (of the component type for complex); 0 for exact dtypes.
pub fn eps(d: DType) -> f64 {
    match d {
        DType::F16 => 9.765625e-4,
        DType::BF16 => 7.8125e-3,
        DType::F32 | DType::C64 => f32::EPSILON as f64,
        DType::F64 | DType::C128 => f64::EPSILON,
        _ => 0.0,
    }
}

/// The smallest positive subnormal of a float dtype (of the component type for complex); 0
/// for exact dtypes.
pub fn min_subnormal(d: DType) -> f64 {
    match d {
        DType::F16 => 5.960464477539063e-8,
        DType::BF16 => 9.183549615799121e-41,
        DType::F32 | DType::C64 => 1.401298464324817e-45,
        DType::F64 | DType::C128 => 5e-324,
        _ => 0.0,
    }
}

/// Distance in units in the last place between two values of a float dtype (0 when equal,
/// `inf` when one is NaN and the other is not). Computed on the dtype's own bit pattern.
pub fn ulp_distance(dtype: DType, a: f64, b: f64) -> f64 {
    if a == b || (a.is_nan() && b.is_nan()) {
        return 0.0;
    }
    if a.is_nan() || b.is_nan() {
        return f64::INFINITY;
    }
    // Map to a monotonic integer line: negative floats mirror below zero.
    fn ordered(bits: i64, sign_bit: i64) -> i64 {
        if bits & sign_bit != 0 {
            -(bits & !sign_bit)
        } else {
            bits
        }
    }
    let (ia, ib) = match dtype {
        DType::F16 => {
            let f = |x: f64| ordered(half::f16::from_f64(x).to_bits() as i64, 0x8000);
            (f(a), f(b))
        }
        DType::BF16 => {
            let f = |x: f64| ordered(half::bf16::from_f64(x).to_bits() as i64, 0x8000);
            (f(a), f(b))
        }
        DType::F32 | DType::C64 => {
            let f = |x: f64| ordered((x as f32).to_bits() as i64, 0x8000_0000);
            (f(a), f(b))
        }
        _ => {
            let f = |x: f64| {
                let bits = x.to_bits();
                if bits >> 63 == 1 {
                    -((bits & !(1u64 << 63)) as i128)
                } else {
                    bits as i128
                }
            };
            return (f(a) - f(b)).unsigned_abs() as f64;
        }
    };
    (ia - ib).unsigned_abs() as f64
}

/// Ops whose CPU and CUDA results come from different math libraries (glibc vs CUDA's libdevice)
/// and may differ in the last bits: the transcendental functions and what is built on them.
/// Everything else (IEEE add/subtract/multiply/divide/sqrt/fma, fmod, rounding, comparisons,
/// integer and bit ops, casts) is bit-identical across devices by construction.
pub const LIBM_OPS: [&str; 31] = [
    "cbrt",
    "exp",
    "exp2",
    "expm1",
    "log",
    "log2",
    "log10",
    "log1p",
    "sin",
    "cos",
    "tan",
    "arcsin",
    "arccos",
    "arctan",
    "sinh",
    "cosh",
    "tanh",
    "arcsinh",
    "arccosh",
    "arctanh",
    "sinc",
    "power",
    "float_power",
    "hypot",
    "arctan2",
    "logaddexp",
    "logaddexp2",
    "absolute",
    "sign",
    "angle",
    "sqrt",
];

/// The cross-device ULP bound of an op: 0 outside [`LIBM_OPS`]; else 8, from CUDA's documented
/// maximum errors (at most 4 ULP for the single-precision functions used, 2 for double) plus
/// glibc's (at most 1-2), with complex results measured against the magnitude of the value.
/// `sqrt` is listed for its complex loops (complex sqrt uses hypot); its real loops are IEEE
/// exact on both devices and still come out at 0.
pub fn device_ulp(op: &str) -> f64 {
    if LIBM_OPS.contains(&op) {
        8.0
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ulp_counts_steps_across_zero() {
        assert_eq!(
            ulp_distance(DType::F32, 1.0, 1.0 + f32::EPSILON as f64),
            1.0
        );
        let tiny = f32::from_bits(1) as f64;
        assert_eq!(ulp_distance(DType::F32, -tiny, tiny), 2.0);
        assert_eq!(ulp_distance(DType::F16, 1.0, 1.0 + 2f64.powi(-10)), 1.0);
        assert!(ulp_distance(DType::F64, f64::NAN, 1.0).is_infinite());
    }
}
