//! The OpInfo record: everything the test templates need to know about one op, as data.
//!
//! A record says how to call the op on the engine ([`OpInfo::engine`], a typed adapter from a
//! [`Sample`]'s arguments and keywords), how to ask NumPy ([`Reference`]), which inputs to try
//! ([`Gens`]: family defaults a record overrides), how to compare ([`Compare`]) and which
//! templates apply ([`OpInfo::checks`]). The harness calls these; it names no op.

use crate::samples::{ErrorInput, Sample};
use backends::{DType, ErrorKind, Tensor};

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
    /// Magnitudes near 1 (floats ±[0.9, 1.1], complex near 1, integers in [-2, 2]): long
    /// products that stay in range.
    NearOne,
    /// A binary exponent: an int32 operand whatever the trial's dtype (`ldexp`'s second
    /// argument), integers in [-40, 40]; extremal values reach the float formats' exponent
    /// limits and int32's.
    Exponent,
}

impl Domain {
    /// The dtype of an operand of this domain in a trial of `dtype`: the trial's, except for
    /// domains that fix it.
    pub fn operand_dtype(self, dtype: DType) -> DType {
        match self {
            Domain::Exponent => DType::I32,
            _ => dtype,
        }
    }
}

/// Which calling conventions the op has in NumPy and the engine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Variants {
    /// `x.op(...)` exists on the engine's `Tensor` ([`OpInfo::method`]).
    pub method: bool,
    /// `x.op_(...)`, NumPy `op(x, ..., out=x)` ([`OpInfo::inplace`]).
    pub inplace: bool,
    /// `out=` is accepted by the NumPy reference (true for ufuncs and reductions, false for
    /// `np.real` ...).
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

/// Where the expected values come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reference {
    /// `numpy.<name>(*args, **kwargs)`; the name may be dotted (`add.reduce`).
    Numpy(&'static str),
    /// Any importable dotted name (`scipy.special.logsumexp`).
    Dotted(&'static str),
    /// A Python expression evaluating to a callable, in a namespace with `np`, `numpy`,
    /// `math` and `ml_dtypes` (`lambda a, **k: np.add.reduce(a, **k)`), for ops whose spelling
    /// or argument order differs from the engine's.
    Expr(&'static str),
}

/// How an engine result is compared with NumPy's, output by output. NaN, infinities and the
/// sign of zero always compare exactly; integers and bool exactly.
#[derive(Clone, Copy, Debug)]
pub enum Compare {
    /// Finite values within the dtype tolerance ([`OpInfo::tol`]).
    Tol,
    /// Finite values within an error bound that grows with the reduction:
    /// `|got - want| <= terms(n) * (eps(result dtype) * scale + smallest subnormal)`,
    /// elementwise (the second term: rounding below the normal range is absolute), where `n` is the
    /// number of input elements reduced into each output element and `scale` is computed by
    /// NumPy from the sample (`scale`, called like the reference, e.g. `Σ|x|` along the
    /// reduced axes for a sum). `terms` covers both the engine's and NumPy's own rounding,
    /// since the comparison is against NumPy's rounded result, not the exact one.
    Bound {
        /// Python expression of the per-output scale, called with the sample's arguments.
        scale: &'static str,
        /// Rounding terms for `n` reduced elements.
        terms: fn(f64) -> f64,
    },
    /// A custom comparison, for results NumPy leaves unordered or defines up to a gauge:
    /// `Err(message)` on a mismatch.
    Custom(CustomCompare),
}

/// How finite float32/float64/complex64/complex128 results compare with NumPy's under
/// [`Compare::Tol`] (float16/bfloat16 always use rtol/atol).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Precision {
    /// Within a per-op ULP bound ([`crate::ulp::numpy_ulp`]).
    Ulp(crate::ulp::UlpBound),
    /// Within the dtype tolerance ([`OpInfo::tol`]), for the stated reason.
    Tol(&'static str),
}

/// A property of an op's results that holds whatever the reference says (`inv(a) @ a == I`,
/// `ifft(fft(x)) == x`, Parseval's theorem), within the error bound of the algorithms.
#[derive(Clone, Copy, Debug)]
pub struct Identity {
    /// The property, as the report names it.
    pub name: &'static str,
    /// Checks it on one sample through the engine: `Ok(true)` it held, `Ok(false)` it does
    /// not apply to this sample (the engine refused the input, a non-finite value, a dtype
    /// whose rounding the bound does not cover), `Err(why)` it failed.
    pub check: fn(&OpInfo, &Sample) -> Result<bool, String>,
}

/// A custom comparison: the sample, the engine's outputs, NumPy's outputs; `Err(message)` on a
/// mismatch.
pub type CustomCompare = fn(&Sample, &[Tensor], &[Tensor]) -> Result<(), String>;

/// Which family of NumPy function the op is: decides the default generators and templates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// An elementwise ufunc (or ufunc-like function) of `nin` array operands.
    Ufunc,
    /// A reduction or statistic over `axis=` (one array operand plus keywords).
    Reduction,
    /// A matrix product or `numpy.linalg` function: operands with core dimensions over
    /// broadcast stacks (a gufunc's `(n?,k),(k,m?)->(n?,m?)`), values asked of NumPy with
    /// real bfloat16 (ml_dtypes' rules decide the result dtype).
    Linalg,
}

/// What a reduction's NumPy signature takes, for the reduction family's generators.
#[derive(Clone, Debug)]
pub struct ReductionInfo {
    /// `axis=` takes a tuple (`np.sum`); else only `None` or an int (`np.argmax`, `np.cumsum`).
    pub tuple_axis: bool,
    /// The default when `axis=` is absent is `None` (`np.sum`); else 0 (`np.add.reduce`).
    pub axis_none_default: bool,
    /// Takes `keepdims=`.
    pub keepdims: bool,
    /// Takes `dtype=`.
    pub dtype: bool,
    /// Takes `initial=`.
    pub initial: bool,
    /// Takes `where=`.
    pub where_: bool,
    /// Needs `initial=` beside `where=` (a reduction without an identity: max, min).
    pub where_needs_initial: bool,
    /// The result keeps the reduced axis (cumsum, diff): `keepdims` does not apply.
    pub cumulative: bool,
    /// Compares order (argmax, min, median, ...): the `ties` template applies.
    pub ordered: bool,
    /// The axis keyword is NumPy's `axes=`, a sequence (`np.fft.fftn`): the family's samples
    /// write `axes=(a,)` for `axis=a`, and a tuple or `None` as they are.
    pub axes_keyword: bool,
    /// Extra keyword sets tried on the `[3, 4]` sample and in `axes` (`ddof=1`, `q=...`).
    pub extra_kwargs: fn(DType) -> Vec<KwSet>,
    /// Keywords every sample carries (`q=` of a quantile), before its own.
    pub base_kwargs: fn(DType) -> KwSet,
}

/// One set of keyword arguments.
pub type KwSet = Vec<(&'static str, crate::Kw)>;

/// No base keywords.
pub fn no_base_kwargs(_: DType) -> KwSet {
    Vec::new()
}

/// No extra keyword sets.
pub fn no_extra_kwargs(_: DType) -> Vec<KwSet> {
    Vec::new()
}

/// An input generator: samples of one kind for a dtype, seeded by the trial.
pub type Gen = fn(&OpInfo, DType, u64) -> Vec<Sample>;
/// An error-input generator.
pub type ErrorGen = fn(&OpInfo, DType, u64) -> Vec<ErrorInput>;
/// The engine call of a sample: every output, in NumPy's order.
pub type EngineFn = fn(&OpInfo, &Sample) -> backends::Result<Vec<Tensor>>;
/// The `Tensor` method form of the call (`x.sum(..)`).
pub type MethodFn = fn(&OpInfo, &Sample) -> backends::Result<Vec<Tensor>>;
/// The in-place form (`x.add_(y)`): writes into the first operand.
pub type InplaceFn = fn(&OpInfo, &Sample) -> backends::Result<()>;

/// Input generators by template. The family fills them in; a record replaces what differs
/// (PyTorch's `sample_inputs_func`, `reference_inputs_func`, `error_inputs_func`).
#[derive(Clone, Debug)]
pub struct Gens {
    /// `reference`: typical inputs, 0-d and empty to above the parallel threshold.
    pub sample: Gen,
    /// `noncontiguous` (and the strided samples of `reference`).
    pub noncontiguous: Gen,
    /// `broadcasting`.
    pub broadcasting: Gen,
    /// `extremal`: ±0, ±inf, NaN, subnormals, integer limits (PyTorch's reference inputs).
    pub extremal: Gen,
    /// `errors`: invalid inputs with the kind NumPy raises.
    pub errors: ErrorGen,
    /// `result_dtype`: inputs whose result dtypes are compared with NumPy's.
    pub result_dtype: Gen,
    /// Family templates beyond the common ones (`axes`, `empty`, `nan_policy`, `ties`,
    /// `dtype_out`, `accuracy`): template name and generator.
    pub extra: Vec<(&'static str, Gen)>,
}

/// The accuracy check of a reduction: long inputs against an exact (or correctly rounded)
/// reference, within the bound the engine's algorithm guarantees.
#[derive(Clone, Copy, Debug)]
pub struct Accuracy {
    /// Python expression computing the exact result from the same arguments (math.fsum ...).
    pub exact: &'static str,
    /// Python expression of the per-output scale of the bound (as [`Compare::Bound`]).
    pub scale: &'static str,
    /// The engine's own rounding terms for `n` reduced elements (no NumPy term: the reference
    /// is exact).
    pub terms: fn(f64) -> f64,
}

/// Whether a call with these operands and keywords is hazardous for NumPy.
pub type HazardFn = fn(&[backends::Arg], &[(&'static str, crate::kwargs::Kw)]) -> bool;

/// Inputs on which the NumPy reference is not called (see [`OpInfo::reference_hazard`]).
#[derive(Clone, Copy, Debug)]
pub struct Hazard {
    /// Whether the call with these operands and keywords is hazardous.
    pub applies: HazardFn,
    /// Why: what NumPy does there.
    pub reason: &'static str,
}

/// One op's record.
#[derive(Clone, Debug)]
pub struct OpInfo {
    /// Engine name, the trial ids' op (`sin`, `sum`, `add.reduce`).
    pub name: &'static str,
    /// Other NumPy names of the same function (`abs` for `absolute`, `amax` for `max`).
    pub aliases: &'static [&'static str],
    /// The family.
    pub family: Family,
    /// Number of array operands the default generators draw.
    pub nin: usize,
    /// The NumPy reference.
    pub reference: Reference,
    /// The engine call.
    pub engine: EngineFn,
    /// The method form, if the engine has one.
    pub method: Option<MethodFn>,
    /// The in-place form, if the engine has one.
    pub inplace: Option<InplaceFn>,
    /// Dtypes the op claims to accept as (all-same-dtype) inputs, per device type. A device
    /// type with no dtypes does not have the op: none of its trials are instantiated there.
    pub dtypes: Vec<(&'static str, Vec<DType>)>,
    /// Calling conventions.
    pub variants: Variants,
    /// Value domain of each operand.
    pub domains: Vec<Domain>,
    /// Whether samples include Python-scalar operands (for a unary op, a call on a Python
    /// scalar alone).
    pub scalar_operands: bool,
    /// Whether an out-of-range Python int operand raises OverflowError (NEP 50 arithmetic;
    /// comparisons, the logical ops and np.where accept any Python int).
    pub weak_int_overflow: bool,
    /// Per-dtype tolerance overrides.
    pub tol_overrides: Vec<(DType, Tol)>,
    /// How results are compared.
    pub compare: Compare,
    /// Under [`Compare::Tol`], how finite float32/float64/complex results must agree with
    /// NumPy's: within a ULP bound (the default) or, where the record says why, rtol/atol.
    pub precision: Precision,
    /// The accuracy check, for reductions with a stated error bound.
    pub accuracy: Option<Accuracy>,
    /// Input generators.
    pub gens: Gens,
    /// Extra error inputs specific to the op, appended to the family's.
    pub extra_errors: fn(DType) -> Vec<ErrorInput>,
    /// Error kind NumPy raises for a dtype the op does not accept.
    pub unsupported_kind: ErrorKind,
    /// The NumPy reference runs on real bfloat16 (ml_dtypes) instead of the float32 proxy:
    /// for ops defined on the 16-bit format itself (`nextafter` steps by one bfloat16 ulp).
    pub bf16_native_reference: bool,
    /// Inputs on which NumPy itself must not be called (it hangs or aborts there), with the
    /// reason: the harness reports them unsupported by the oracle instead of calling it.
    pub reference_hazard: Option<Hazard>,
    /// Properties the engine's results must have whatever NumPy returns, checked by the
    /// `identities` template on the record's `reference` samples.
    pub identities: Vec<Identity>,
    /// How far (in ULP of the result dtype) a CUDA result may be from the CPU's on the same
    /// inputs: 0 for ops both devices compute exactly (IEEE arithmetic, comparisons, integer
    /// ops), a small bound for ops built on each device's own math library (see
    /// [`crate::tolerance::device_ulp`]).
    pub device_ulp: f64,
    /// Results may differ between runs on the same inputs (atomics-based kernels); the
    /// `determinism` template does not apply. No current op is.
    pub nondeterministic: bool,
    /// Templates that apply to this op (the family's list; `--list` shows no other trial).
    pub checks: Vec<&'static str>,
    /// The reduction family's signature facts (`None` for other families).
    pub reduction: Option<ReductionInfo>,
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

    /// Whether the op exists on `device` at all (claims some dtype there).
    pub fn on_device(&self, device: &str) -> bool {
        !self.dtypes_for(device).is_empty()
    }

    /// Whether `template` applies to this op (`identities` to every record that states some).
    pub fn checks(&self, template: &str) -> bool {
        self.checks.contains(&template) || template == "identities" && !self.identities.is_empty()
    }

    /// Whether the trial `template::op::device::dtype` exists: the template applies to the op,
    /// the op is on the device, and the template can run for the dtype — every dtype for the
    /// templates that check claims (`dtypes`, `errors`, `result_dtype`), only claimed dtypes for
    /// value templates, only inexact ones for `nan_policy`, float32/float64 for `accuracy`.
    /// So `--list` shows no trial that cannot run.
    pub fn instantiates(&self, template: &str, device: &str, dtype: DType) -> bool {
        if template == "identities" {
            return !self.identities.is_empty() && self.supports(device, dtype);
        }
        if !self.checks(template) || !self.on_device(device) {
            return false;
        }
        match template {
            "dtypes" | "errors" | "result_dtype" => true,
            "nan_policy" => self.supports(device, dtype) && dtype.is_inexact(),
            // The oracle computes bfloat16 in float32: its flags are not NumPy's.
            "fp_flags" => self.supports(device, dtype) && dtype != DType::BF16,
            "accuracy" => self.supports(device, dtype) && matches!(dtype, DType::F32 | DType::F64),
            _ => self.supports(device, dtype),
        }
    }

    /// Tolerance for results of `dtype` (override, else the default table).
    pub fn tol(&self, dtype: DType) -> Tol {
        self.tol_overrides
            .iter()
            .find(|(d, _)| *d == dtype)
            .map(|(_, t)| *t)
            .unwrap_or_else(|| crate::tolerance::default_tol(dtype))
    }

    /// The ULP bound for results of `dtype` under [`Compare::Tol`], or `None` where they
    /// compare within rtol/atol (float16/bfloat16, a per-dtype tolerance override, or a record
    /// that says why).
    /// With it, whether complex parts are judged each in ULP of itself.
    pub fn ulp_bound(&self, dtype: DType) -> Option<(f64, bool)> {
        if self.tol_overrides.iter().any(|(d, _)| *d == dtype) {
            return None;
        }
        match self.precision {
            Precision::Ulp(b) => b.for_dtype(dtype).map(|n| (n, b.per_part)),
            Precision::Tol(_) => None,
        }
    }

    /// Domain of operand `i`.
    pub fn domain(&self, i: usize) -> Domain {
        self.domains.get(i).copied().unwrap_or(Domain::Any)
    }

    /// The generator of `template`, if the op has one.
    pub fn gen(&self, template: &str) -> Option<Gen> {
        match template {
            "reference" => Some(self.gens.sample),
            "noncontiguous" => Some(self.gens.noncontiguous),
            "broadcasting" => Some(self.gens.broadcasting),
            "extremal" => Some(self.gens.extremal),
            "result_dtype" => Some(self.gens.result_dtype),
            t => self
                .gens
                .extra
                .iter()
                .find(|(n, _)| *n == t)
                .map(|(_, g)| *g),
        }
    }

    /// A sample of `args` carrying the keywords every call of this op needs (a quantile's
    /// `q=`): for templates that build their own operands.
    pub fn sample(
        &self,
        kind: &'static str,
        what: impl Into<String>,
        args: Vec<backends::Arg>,
    ) -> Sample {
        let s = Sample::new(kind, what, args);
        match &self.reduction {
            Some(r) => (r.base_kwargs)(DType::F64)
                .into_iter()
                .fold(s, |s, (k, v)| s.kw(k, v)),
            None => s,
        }
    }

    /// The engine call of `s` (function form).
    pub fn call(&self, s: &Sample) -> backends::Result<Vec<Tensor>> {
        (self.engine)(self, s)
    }

    /// The engine call of `s` with its single output (the first of several).
    pub fn call1(&self, s: &Sample) -> backends::Result<Tensor> {
        self.call(s)?
            .into_iter()
            .next()
            .ok_or(backends::Error::Value {
                op: self.name,
                msg: "the engine returned no output".into(),
            })
    }
}
