//! `Tensor` methods for every ufunc (`x.sin()`, `x.add(&y)`, in-place `x.add_(&y)`), and the
//! free functions of the same names in [`crate::ops::func`]. They all go through the one ufunc
//! driver, so methods, functions, in-place and `out=` cannot disagree.

use crate::error::{Error, Result};
use crate::ops::registry::ufunc;
use crate::ops::ufunc::Arg;
use crate::tensor::Tensor;

/// Calls the ufunc `name` with `args`, writing into `out` when given.
pub fn call(name: &'static str, args: &[Arg], out: Option<&Tensor>) -> Result<Tensor> {
    ufunc(name)
        .ok_or(Error::Unsupported {
            op: name,
            msg: "not implemented".into(),
        })?
        .call(args, out)
}

macro_rules! unary_methods {
    ($($name:ident, $inplace:ident;)*) => {
        impl Tensor {
            $(
                #[doc = concat!("`np.", stringify!($name), "(self)`.")]
                pub fn $name(&self) -> Result<Tensor> {
                    call(stringify!($name), &[Arg::from(self)], None)
                }
                #[doc = concat!("`np.", stringify!($name), "(self, out=self)`: in place, keeping storage.")]
                pub fn $inplace(&self) -> Result<()> {
                    call(stringify!($name), &[Arg::from(self)], Some(self)).map(|_| ())
                }
            )*
        }
    };
}

macro_rules! binary_methods {
    ($($name:ident, $inplace:ident;)*) => {
        impl Tensor {
            $(
                #[doc = concat!("`np.", stringify!($name), "(self, other)`.")]
                pub fn $name(&self, other: impl Into<Arg>) -> Result<Tensor> {
                    call(stringify!($name), &[Arg::from(self), other.into()], None)
                }
                #[doc = concat!("`np.", stringify!($name), "(self, other, out=self)`: in place.")]
                pub fn $inplace(&self, other: impl Into<Arg>) -> Result<()> {
                    call(stringify!($name), &[Arg::from(self), other.into()], Some(self)).map(|_| ())
                }
            )*
        }
    };
}

unary_methods! {
    negative, negative_; positive, positive_; absolute, absolute_; sign, sign_;
    reciprocal, reciprocal_; sqrt, sqrt_; cbrt, cbrt_; square, square_; exp, exp_; exp2, exp2_;
    expm1, expm1_; log, log_; log2, log2_; log10, log10_; log1p, log1p_; sin, sin_; cos, cos_;
    tan, tan_; arcsin, arcsin_; arccos, arccos_; arctan, arctan_; sinh, sinh_; cosh, cosh_;
    tanh, tanh_; arcsinh, arcsinh_; arccosh, arccosh_; arctanh, arctanh_; deg2rad, deg2rad_;
    rad2deg, rad2deg_; floor, floor_; ceil, ceil_; trunc, trunc_; rint, rint_; isnan, isnan_;
    isinf, isinf_; isfinite, isfinite_; signbit, signbit_; logical_not, logical_not_;
    invert, invert_; conjugate, conjugate_; real, real_; imag, imag_; angle, angle_; sinc, sinc_;
    fabs, fabs_; spacing, spacing_; bitwise_count, bitwise_count_;
}

binary_methods! {
    add, add_; subtract, subtract_; multiply, multiply_; divide, divide_;
    floor_divide, floor_divide_; remainder, remainder_; fmod, fmod_; power, power_;
    float_power, float_power_; maximum, maximum_; minimum, minimum_; fmax, fmax_; fmin, fmin_;
    hypot, hypot_; arctan2, arctan2_; copysign, copysign_; nextafter, nextafter_;
    logaddexp, logaddexp_; logaddexp2, logaddexp2_; heaviside, heaviside_; equal, equal_;
    not_equal, not_equal_; less, less_; less_equal, less_equal_; greater, greater_;
    greater_equal, greater_equal_; logical_and, logical_and_; logical_or, logical_or_;
    logical_xor, logical_xor_; bitwise_and, bitwise_and_; bitwise_or, bitwise_or_;
    bitwise_xor, bitwise_xor_; left_shift, left_shift_; right_shift, right_shift_; gcd, gcd_;
    lcm, lcm_; ldexp, ldexp_;
}

impl Tensor {
    /// `np.clip(self, a_min, a_max)`.
    pub fn clip(&self, a_min: impl Into<Arg>, a_max: impl Into<Arg>) -> Result<Tensor> {
        call("clip", &[Arg::from(self), a_min.into(), a_max.into()], None)
    }
    /// `np.clip(self, a_min, a_max, out=self)`.
    pub fn clip_(&self, a_min: impl Into<Arg>, a_max: impl Into<Arg>) -> Result<()> {
        call(
            "clip",
            &[Arg::from(self), a_min.into(), a_max.into()],
            Some(self),
        )
        .map(|_| ())
    }
}

/// `np.where(condition, x, y)`.
pub fn where_(condition: impl Into<Arg>, x: impl Into<Arg>, y: impl Into<Arg>) -> Result<Tensor> {
    call("where", &[condition.into(), x.into(), y.into()], None)
}
