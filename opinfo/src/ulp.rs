//! How many ULP an engine result may be from NumPy's, per op and result dtype: the default
//! comparison of float32/float64 and complex64/complex128 results (float16/bfloat16 keep
//! rtol/atol: their loops go through float32 on both sides and a ULP there is 1e-3).
//!
//! The bound is the sum of both sides' documented maximum errors, never a figure fitted to what
//! the engine happens to produce:
//! - NumPy: the per-dtype `ulperr` of its own accuracy validation sets
//!   (`numpy/_core/tests/data/umath-validation-set-<ufunc>.csv`, checked by NumPy's
//!   test_umath_accuracy.py against a correctly rounded result). Functions without a set
//!   (arctan2, power) dispatch to the vendored SVML on AVX-512 machines; the largest figure of
//!   NumPy's sets, 4, is taken for them. Where NumPy's loop calls glibc (hypot, complex
//!   functions), glibc's figure is NumPy's. NumPy's complex loops are measured instead, by
//!   `reference/ulp_survey.py` (complex64 against NumPy's complex128 result, complex128
//!   against mpmath): glibc's complex figures are only what its tests exposed, and NumPy's
//!   composites, such as log1p's `re + 1` in float32, lose far more than a library call.
//! - The engine: its real float32/float64 loops call glibc through std, so glibc's
//!   x86_64 `libm-test-ulps` (round to nearest; a function absent there is correctly rounded,
//!   0.5). Its complex loops compute in float64 (0.5 ULP of complex64 after the final
//!   rounding) and, for complex128, port the algorithms of FreeBSD's msun / glibc, taken at
//!   glibc's documented figure for the same function (largest of the real and imaginary
//!   parts); a record that exceeds it is a finding, not a reason to widen it.
//!
//! Two results within `e_engine` and `e_numpy` ULP of the exact value (NumPy's figures are from
//! the correctly rounded result, 0.5 away) are at most `floor(e_engine + e_numpy + 0.5)` apart.
//! Ops both sides compute exactly (IEEE arithmetic, rounding, comparisons, sign and abs,
//! copysign, nextafter, casts), or by the same formula over the same glibc calls (logaddexp),
//! are bounded by 0. Complex results are measured per component against the magnitude of
//! NumPy's value (an imaginary part cancelling to 1e-20 next to a real part of 1 is judged in
//! ULP of 1).

use backends::DType;

/// ULP bounds of one op's float results against NumPy's, by result dtype.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UlpBound {
    /// float32 results.
    pub f32: f64,
    /// float64 results.
    pub f64: f64,
    /// complex64 results (ULP of the expected magnitude).
    pub c64: f64,
    /// complex128 results (ULP of the expected magnitude).
    pub c128: f64,
    /// Complex results are judged per part in ULP of that part, not of the magnitude: for
    /// functions whose parts are documented separately and may be far below |result| (log's
    /// real part near the unit circle).
    pub per_part: bool,
}

impl UlpBound {
    /// Both sides compute the result exactly (or bit-identically).
    pub const EXACT: UlpBound = UlpBound {
        f32: 0.0,
        f64: 0.0,
        c64: 0.0,
        c128: 0.0,
        per_part: false,
    };

    /// The bound for results of `dtype`; `None` for dtypes not compared in ULP.
    pub fn for_dtype(&self, dtype: DType) -> Option<f64> {
        match dtype {
            DType::F32 => Some(self.f32),
            DType::F64 => Some(self.f64),
            DType::C64 => Some(self.c64),
            DType::C128 => Some(self.c128),
            _ => None,
        }
    }
}

/// One row of documented maximum errors (ULP, round to nearest); `HALF` marks a correctly
/// rounded function.
struct Documented {
    op: &'static str,
    /// glibc's float and double figures (the engine's real loops).
    glibc: (f64, f64),
    /// NumPy's float32 and float64 figures.
    numpy: (f64, f64),
    /// Complex loops: NumPy's complex64 and complex128 errors as `reference/ulp_survey.py`
    /// measures them (complex64 against NumPy's complex128 result, complex128 against mpmath;
    /// glibc's own figures for its complex functions proved optimistic: catanh's real part is
    /// 5 ULP from mpmath where libm-test-ulps says 1), then the engine's complex128 figure:
    /// glibc's for the function its port follows (largest part). Composites NumPy and the
    /// engine evaluate by the same formula (exp2, sinc) take the inner call's figure plus one
    /// rounding. `None` without complex loops.
    complex: Option<(f64, f64, f64)>,
}

const HALF: f64 = 0.5;

/// The functions whose results are not exact on both sides.
const DOCUMENTED: &[Documented] = &[
    row("sin", (1.0, 1.0), (2.0, 1.0), Some((2.29, 2.0, 1.0))),
    row("cos", (1.0, 1.0), (2.0, 1.0), Some((2.23, 2.0, 1.0))),
    row("tan", (HALF, HALF), (4.0, 1.0), Some((5.32, 4.0, 2.0))),
    // NumPy's complex128 arcsin reaches 4.06 ULP (imaginary part, in ULP of |z|) at
    // 0.0140670522233024-0.5202044365985882j against mpmath, beyond the survey's 2. Its
    // complex64 arcsin (glibc's casinf, in float32) errs most in the imaginary part for
    // |re| < 0.14, 0.5 < |im| < 0.521: 4.54 ULP at -0.05094837-0.51266974j (a differential
    // fuzz find; the engine's float64 evaluation is 0.46 there), 5.18 at
    // -0.021280743+0.51445895j, the worst of 2e8 draws over that region (against NumPy's
    // complex128, both points confirmed with mpmath), beyond the survey's 3.91.
    row("arcsin", (1.0, 1.0), (4.0, 1.0), Some((5.18, 4.06, 2.0))),
    row("arccos", (1.0, 1.0), (3.0, 1.0), Some((2.77, 2.0, 2.0))),
    row("arctan", (1.0, 1.0), (3.0, 1.0), Some((4.37, 2.0, 1.0))),
    row("sinh", (2.0, 2.0), (2.0, 1.0), Some((2.19, 2.0, 1.0))),
    row("cosh", (2.0, 2.0), (3.0, 1.0), Some((2.18, 2.0, 1.0))),
    row("tanh", (2.0, 2.0), (2.0, 2.0), Some((5.5, 4.0, 2.0))),
    row("arcsinh", (2.0, 2.0), (2.0, 1.0), Some((3.16, 3.0, 2.0))),
    row("arccosh", (2.0, 2.0), (2.0, 1.0), Some((2.77, 2.0, 2.0))),
    // NumPy's complex128 arctanh (glibc's catanh) is 4.2 ULP from mpmath in its real part at
    // -0.11367225511854573-0.025971336967856362j (a differential fuzz find; the engine's is
    // 0.9), beyond the survey's 3.
    row("arctanh", (2.0, 2.0), (2.0, 1.0), Some((4.76, 4.25, 1.0))),
    row("exp", (1.0, 1.0), (3.0, 1.0), Some((1.43, 1.0, 2.0))),
    // nc_exp2: cexp(z · ln 2), the product rounded in the loop's precision on both sides
    // (the engine evaluates NumPy's formula), so complex64 differs by cexp's error plus one
    // rounding.
    row(
        "exp2",
        (1.0, 1.0),
        (2.0, 1.0),
        Some((1.43 + 1.0, 1.0 + 1.0, 2.0 + 1.0)),
    ),
    // nc_expm1: expm1, cos, sin and a product per part.
    row("expm1", (HALF, 1.0), (3.0, 1.0), Some((2.46, 2.0, 3.0))),
    row("log", (1.0, 1.0), (4.0, 1.0), Some((2.97, 2.0, 3.0))),
    // nc_log2 / nc_log10: clog times a constant.
    row("log2", (1.0, 2.0), (3.0, 1.0), Some((2.94, 3.0, 4.0))),
    row("log10", (2.0, 2.0), (4.0, 1.0), Some((3.3, 2.0, 4.0))),
    // nc_log1p: log(hypot(re + 1, im)) and atan2, in float32 for complex64 (NumPy's own
    // error there is 107 ULP; the engine computes in float64).
    row("log1p", (HALF, 1.0), (2.0, 1.0), Some((107.45, 13.0, 3.0))),
    row("cbrt", (HALF, 4.0), (2.0, 2.0), None),
    row("sqrt", (HALF, HALF), (HALF, HALF), Some((1.32, 1.0, 2.0))),
    row("arctan2", (2.0, HALF), (4.0, 4.0), None),
    // np.angle is arctan2(imag, real); its complex figures are for the real result stored
    // back into a complex array.
    row("angle", (2.0, HALF), (4.0, 4.0), Some((4.0, 4.0, HALF))),
    // np.abs of complex is hypot (glibc on NumPy's side); real inputs are exact. Its complex
    // figures are for the real result written to a complex out=.
    row("absolute", (1.0, 1.0), (1.0, 1.0), Some((1.0, 1.0, 1.0))),
    row("hypot", (1.0, 1.0), (1.0, 1.0), None),
    row("power", (1.0, 1.0), (4.0, 4.0), Some((17.44, 2.0, 2.0))),
    // float_power computes in float64 / complex128 (no complex64 results).
    row("float_power", (1.0, 1.0), (4.0, 4.0), Some((0.5, 2.0, 2.0))),
    // Complex square: NumPy's contiguous, strided, in-place and 0-d loops differ from each
    // other in the last bit (np.square(x, out=x) != np.square(x) for x = b[:, ::2]); the
    // engine has one formula. Real square is exact.
    row("square", (HALF, HALF), (HALF, HALF), Some((0.5, 0.5, 0.5))),
    // Complex multiply likewise: NumPy's contiguous SIMD loop fuses a multiply-add in the
    // imaginary part where its strided and 0-d loops round twice (complex64
    // (-3.1436398+0.75j) * (3.8734877-1.5j): imag 7.6205754 contiguous, 7.620576 through
    // a[::-2] or a[0]). Real multiply is exact.
    row(
        "multiply",
        (HALF, HALF),
        (HALF, HALF),
        Some((0.5, 0.5, 0.5)),
    ),
    // sin(pi x) / (pi x), in the loop's precision on both sides: the sine's figure plus one
    // rounding of the quotient per side.
    row(
        "sinc",
        (2.0, 2.0),
        (3.0, 2.0),
        Some((2.29 + 1.0, 2.0 + 1.0, 1.0 + 1.0)),
    ),
];

/// Compared per part: glibc documents clog's real part in ULP of itself, and near the unit
/// circle it is many orders of magnitude below |log z|.
const PER_PART: [&str; 3] = ["log", "log2", "log10"];

const fn row(
    op: &'static str,
    glibc: (f64, f64),
    numpy: (f64, f64),
    complex: Option<(f64, f64, f64)>,
) -> Documented {
    Documented {
        op,
        glibc,
        numpy,
        complex,
    }
}

/// `floor(a + b + 0.5)`: two results within `a` and `b` ULP of the exact value (one of them
/// measured from the correctly rounded result) are at most this many representable steps apart.
fn apart(a: f64, b: f64) -> f64 {
    (a + b + 0.5).floor()
}

/// The ULP bound of `op`'s results against NumPy's (see the module doc for the derivation);
/// [`UlpBound::EXACT`] for ops both sides compute exactly.
pub fn numpy_ulp(op: &str) -> UlpBound {
    let Some(d) = DOCUMENTED.iter().find(|d| d.op == op) else {
        return UlpBound::EXACT;
    };
    let (numpy_c64, numpy_c128, engine_c128) = d.complex.unwrap_or((0.0, 0.0, 0.0));
    // Real square and multiply are one IEEE multiplication on both sides.
    let exact_real = matches!(op, "square" | "multiply");
    UlpBound {
        f32: if exact_real {
            0.0
        } else {
            apart(d.glibc.0, d.numpy.0)
        },
        f64: if exact_real {
            0.0
        } else {
            apart(d.glibc.1, d.numpy.1)
        },
        // The engine's complex64 loop is float64 math rounded once: 0.5 ULP.
        c64: apart(HALF, numpy_c64),
        c128: apart(engine_c128, numpy_c128),
        per_part: PER_PART.contains(&op),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_add_both_sides() {
        let sin = numpy_ulp("sin");
        assert_eq!((sin.f32, sin.f64, sin.c64, sin.c128), (3.0, 2.0, 3.0, 3.0));
        assert!(numpy_ulp("log").per_part && !sin.per_part);
        assert_eq!(numpy_ulp("add"), UlpBound::EXACT);
        assert_eq!(numpy_ulp("tan").for_dtype(DType::F32), Some(5.0));
        assert_eq!(numpy_ulp("tan").for_dtype(DType::F16), None);
    }
}
