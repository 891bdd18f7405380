//! The ufunc family's engine adapters: the function form through the one ufunc driver, and the
//! real `Tensor` methods (`x.sin()`, `x.add_(y)`) by NumPy name. This table is the ufunc
//! records' method declaration; it lives beside them so the harness names no op.

use crate::record::OpInfo;
use crate::samples::Sample;
use backends::{Arg, Error, Result, Tensor};

/// `np.<op>(*args, out=out)`: the function form of a ufunc record.
pub fn call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    backends::ops::multi::call(op.name, &s.args, &s.out)
}

/// `args[0].<op>(rest)`: the method form of a ufunc record.
pub fn method(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    if let Some(r) = multi_by_name(op.name, &s.args) {
        return r.map(|(a, b)| vec![a, b]);
    }
    by_name(op.name, &s.args)
        .unwrap_or_else(|| Err(missing(op.name)))
        .map(|t| vec![t])
}

/// `args[0].<op>_(rest)`: the in-place form of a ufunc record.
pub fn inplace(op: &OpInfo, s: &Sample) -> Result<()> {
    inplace_by_name(op.name, &s.args).unwrap_or_else(|| Err(missing(op.name)))
}

/// The two-output ufuncs' methods.
fn multi_by_name(op: &str, args: &[Arg]) -> Option<Result<(Tensor, Tensor)>> {
    let Arg::Tensor(x) = args.first()? else {
        return None;
    };
    match op {
        "divmod" => Some(x.divmod(args.get(1)?.clone())),
        "frexp" => Some(x.frexp()),
        "modf" => Some(x.modf()),
        _ => None,
    }
}

fn missing(op: &'static str) -> Error {
    Error::Unsupported {
        op,
        msg: "Tensor has no method of this name".into(),
    }
}

macro_rules! method_table {
    (unary: $(($u:ident, $ui:ident))*; binary: $(($b:ident, $bi:ident))*;) => {
        fn by_name(op: &str, args: &[Arg]) -> Option<Result<Tensor>> {
            let Arg::Tensor(x) = args.first()? else { return None };
            match op {
                $(stringify!($u) => Some(x.$u()),)*
                $(stringify!($b) => Some(x.$b(args.get(1)?.clone())),)*
                "clip" => Some(x.clip(args.get(1)?.clone(), args.get(2)?.clone())),
                _ => None,
            }
        }
        fn inplace_by_name(op: &str, args: &[Arg]) -> Option<Result<()>> {
            let Arg::Tensor(x) = args.first()? else { return None };
            match op {
                $(stringify!($u) => Some(x.$ui()),)*
                $(stringify!($b) => Some(x.$bi(args.get(1)?.clone())),)*
                "clip" => Some(x.clip_(args.get(1)?.clone(), args.get(2)?.clone())),
                _ => None,
            }
        }
    };
}

method_table! {
    unary: (negative, negative_) (positive, positive_) (absolute, absolute_) (sign, sign_) (reciprocal, reciprocal_) (sqrt, sqrt_) (cbrt, cbrt_) (square, square_) (exp, exp_) (exp2, exp2_) (expm1, expm1_) (log, log_) (log2, log2_) (log10, log10_) (log1p, log1p_) (sin, sin_) (cos, cos_) (tan, tan_) (arcsin, arcsin_) (arccos, arccos_) (arctan, arctan_) (sinh, sinh_) (cosh, cosh_) (tanh, tanh_) (arcsinh, arcsinh_) (arccosh, arccosh_) (arctanh, arctanh_) (deg2rad, deg2rad_) (rad2deg, rad2deg_) (floor, floor_) (ceil, ceil_) (trunc, trunc_) (rint, rint_) (isnan, isnan_) (isinf, isinf_) (isfinite, isfinite_) (signbit, signbit_) (logical_not, logical_not_) (invert, invert_) (conjugate, conjugate_) (real, real_) (imag, imag_) (angle, angle_) (sinc, sinc_) (fabs, fabs_) (spacing, spacing_) (bitwise_count, bitwise_count_);
    binary: (add, add_) (subtract, subtract_) (multiply, multiply_) (divide, divide_) (floor_divide, floor_divide_) (remainder, remainder_) (fmod, fmod_) (power, power_) (float_power, float_power_) (maximum, maximum_) (minimum, minimum_) (fmax, fmax_) (fmin, fmin_) (hypot, hypot_) (arctan2, arctan2_) (copysign, copysign_) (nextafter, nextafter_) (logaddexp, logaddexp_) (logaddexp2, logaddexp2_) (heaviside, heaviside_) (equal, equal_) (not_equal, not_equal_) (less, less_) (less_equal, less_equal_) (greater, greater_) (greater_equal, greater_equal_) (logical_and, logical_and_) (logical_or, logical_or_) (logical_xor, logical_xor_) (bitwise_and, bitwise_and_) (bitwise_or, bitwise_or_) (bitwise_xor, bitwise_xor_) (left_shift, left_shift_) (right_shift, right_shift_) (gcd, gcd_) (lcm, lcm_) (ldexp, ldexp_);
}
