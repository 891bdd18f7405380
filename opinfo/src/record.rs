//! The OpInfo record: everything the test templates need to know about one op, as data.

use backends::{DType, ErrorKind};

/// Value range a sampled operand draws from (chosen so most samples exercise the op's
/// interesting region rather than produce NaN everywhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    /// Floats in [-4, 4] (a third of them on a 0.25 grid, to hit .5 ties); small integers.
    Any,
    /// Strictly positive: floats in [0.05, 5]; integers in [1, 9].
    Positive,
    /// Inside [-1, 1] (arcsin, arccos, arctanh).
    UnitInterval,
    /// At least 1 (arccosh).
    AtLeastOne,
    /// Non-negative small integers / floats in [0, 4] (integer `power` exponents).
    NonNegative,
    /// Shift counts: integers in `0..bits`.
    ShiftCount,
}

/// Which calling conventions the op has in NumPy and the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variants {
    /// `x.op(...)` exists on the engine's `Tensor`.
    pub method: bool,
    /// `x.op_(...)`, NumPy `op(x, ..., out=x)`.
    pub inplace: bool,
    /// `out=` is accepted by the NumPy reference (true for ufuncs, false for `np.real` ...).
    pub out: bool,
}

/// A per-dtype tolerance: pass when `|got - expected| <= atol + rtol * |expected|`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tol {
    /// Relative tolerance.
    pub rtol: f64,
    /// Absolute tolerance.
    pub atol: f64,
}

/// One op's record.
#[derive(Clone, Debug)]
pub struct OpInfo {
    /// Engine and NumPy name (`sin`).
    pub name: &'static str,
    /// Other NumPy names of the same function (`abs` for `absolute`).
    pub aliases: &'static [&'static str],
    /// Number of array operands.
    pub nin: usize,
    /// The NumPy reference, as a dotted function name.
    pub numpy: &'static str,
    /// Dtypes the op claims to accept as (all-same-dtype) inputs, per device type.
    pub dtypes: Vec<(&'static str, Vec<DType>)>,
    /// Calling conventions.
    pub variants: Variants,
    /// Value domain of each operand.
    pub domains: Vec<Domain>,
    /// Whether samples include Python-scalar operands.
    pub scalar_operands: bool,
    /// Whether an out-of-range Python int operand raises OverflowError (NEP 50 arithmetic;
    /// comparisons accept any Python int).
    pub weak_int_overflow: bool,
    /// Per-dtype tolerance overrides.
    pub tol_overrides: Vec<(DType, Tol)>,
    /// Extra error inputs specific to the op: (description, operands, expected kind).
    pub extra_errors: fn(DType) -> Vec<crate::samples::ErrorInput>,
    /// Error kind NumPy raises for a dtype the op does not accept.
    pub unsupported_kind: ErrorKind,
    /// The NumPy reference runs on real bfloat16 (ml_dtypes) instead of the float32 proxy:
    /// for ops defined on the 16-bit format itself (`nextafter` steps by one bfloat16 ulp).
    pub bf16_native_reference: bool,
    /// How far (in ULP of the result dtype) a CUDA result may be from the CPU's on the same
    /// inputs: 0 for ops both devices compute exactly (IEEE arithmetic, comparisons, integer
    /// ops), a small bound for ops built on each device's own math library (see
    /// [`crate::tolerance::device_ulp`]).
    pub device_ulp: f64,
    /// Results may differ between runs on the same inputs (atomics-based kernels); the
    /// `determinism` template does not apply. No current op is.
    pub nondeterministic: bool,
}

impl OpInfo {
    /// Dtypes claimed for a device type (empty when the device type is not listed).
    pub fn dtypes_for(&self, device: &str) -> &[DType] {
        self.dtypes
            .iter()
            .find(|(d, _)| *d == device)
            .map(|(_, v)| v.as_slice())
            .unwrap_or(&[])
    }

    /// Whether `dtype` is claimed on `device`.
    pub fn supports(&self, device: &str, dtype: DType) -> bool {
        self.dtypes_for(device).contains(&dtype)
    }

    /// Tolerance for results of `dtype` (override, else the default table).
    pub fn tol(&self, dtype: DType) -> Tol {
        self.tol_overrides
            .iter()
            .find(|(d, _)| *d == dtype)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| crate::tolerance::default_tol(dtype))
    }

    /// Domain of operand `i`.
    pub fn domain(&self, i: usize) -> Domain {
        self.domains.get(i).copied().unwrap_or(Domain::Any)
    }
}
