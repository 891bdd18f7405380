//! Skips, expected failures and principled divergences — data, each with its reason, validated
//! at start-up: an entry naming an unknown op, template, device or dtype is an error, not a
//! silently dead line.

use crate::record::OpInfo;
use backends::DType;

/// Template names, in the order trials are generated. A record's `checks` say which apply to
/// it: the first ten are the elementwise family's, then the reductions' own six, `fp_flags`, and
/// `identities` (for the records that state properties of their results).
pub const TEMPLATES: [&str; 18] = [
    "reference",
    "result_dtype",
    "noncontiguous",
    "variants",
    "dtypes",
    "errors",
    "broadcasting",
    "extremal",
    "cross_device",
    "determinism",
    "axes",
    "empty",
    "accuracy",
    "nan_policy",
    "ties",
    "dtype_out",
    "fp_flags",
    "identities",
];

/// Whether `template` is instantiated on `device`: `cross_device` compares an accelerator with
/// the CPU, so it has no CPU instance; every other template runs on every device (`fp_flags`
/// too: the CPU raises the flags in hardware, CUDA kernels derive them in software).
pub fn template_applies(template: &str, device: &str) -> bool {
    match template {
        "cross_device" => device != "cpu",
        _ => true,
    }
}

/// Device types the registry knows (a device type may be absent at run time).
pub const DEVICE_TYPES: [&str; 2] = ["cpu", "cuda"];

/// Which trials an entry applies to. `None` matches everything.
#[derive(Clone, Debug)]
pub struct Selector {
    /// Template name.
    pub template: Option<&'static str>,
    /// Op names.
    pub ops: Option<Vec<&'static str>>,
    /// Device type.
    pub device: Option<&'static str>,
    /// Dtypes.
    pub dtypes: Option<Vec<DType>>,
}

impl Selector {
    /// True when the trial `template::op::device::dtype` is selected.
    pub fn matches(&self, template: &str, op: &str, device: &str, dtype: DType) -> bool {
        self.template.is_none_or(|t| t == template)
            && self.ops.as_ref().is_none_or(|os| os.contains(&op))
            && self.device.is_none_or(|d| d == device)
            && self.dtypes.as_ref().is_none_or(|ds| ds.contains(&dtype))
    }
}

/// A trial not run, with why.
#[derive(Clone, Debug)]
pub struct Skip {
    /// Trials skipped.
    pub select: Selector,
    /// Why.
    pub reason: &'static str,
}

/// A trial expected to fail (strict: passing fails the run), with why.
#[derive(Clone, Debug)]
pub struct XFail {
    /// Trials expected to fail.
    pub select: Selector,
    /// Why.
    pub reason: &'static str,
}

/// What a principled divergence changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivergenceKind {
    /// The result dtype differs (or NumPy raises where the engine returns a dtype).
    Dtype,
    /// Values differ.
    Value,
    /// Only the sign of a zero differs.
    SignedZero,
    /// The result shapes differ.
    Shape,
    /// One side raises where the other returns a result, or they raise different kinds.
    ErrorKind,
}

/// A deliberate difference from NumPy: reported apart from failures and checked to still hold
/// (a declared divergence that no longer shows is a failure, so stale entries cannot linger).
#[derive(Clone, Debug)]
pub struct Divergence {
    /// Short stable name.
    pub name: &'static str,
    /// Trials it applies to.
    pub select: Selector,
    /// What differs.
    pub kind: DivergenceKind,
    /// Why the engine differs on purpose.
    pub reason: &'static str,
}

/// Every skip.
pub fn skips() -> Vec<Skip> {
    let cuda_flags = |ops: &[&'static str], dtypes: &[DType], reason: &'static str| Skip {
        select: Selector {
            template: Some("fp_flags"),
            ops: Some(ops.to_vec()),
            device: Some("cuda"),
            dtypes: Some(dtypes.to_vec()),
        },
        reason,
    };
    use DType::{C128, C64, F16, F32, F64};
    vec![
        // The CUDA kernels derive flags from each element's operands and result (a GPU has
        // no IEEE status flags); harness/tests/cuda_kernels_on_host.rs compares them with
        // NumPy's element by element and lists these same ops as unmodelled.
        cuda_flags(
            &[
                "multiply",
                "divide",
                "power",
                "float_power",
                "square",
                "reciprocal",
                "sinc",
            ],
            &[C64, C128],
            "CUDA derives flags from operands and results: complex products and quotients \
             raise the flags of intermediate operations (0 * inf, inf - inf, an intermediate \
             overflow) that the result does not show",
        ),
        cuda_flags(
            &[
                "exp", "exp2", "expm1", "sin", "sinh", "tan", "tanh", "absolute", "sign",
            ],
            &[C64, C128],
            "CUDA derives flags from operands and results: glibc's complex functions raise \
             invalid for NaN parts (C99 Annex G) in ways no rule on operands and result \
             distinguishes, and complex absolute/sign differ at float32 overflow",
        ),
        cuda_flags(
            &["power"],
            &[F32, F64],
            "CUDA derives flags from operands and results: NumPy's power raises overflow for \
             x ** inf with a large |x|, where the result is C99's exact infinity",
        ),
        // reduce.cu derives each float step's flags; harness/tests/cuda_kernels_on_host.rs
        // checks them exactly against the same steps run in hardware.
        cuda_flags(
            &[
                "sum",
                "nansum",
                "prod",
                "nanprod",
                "mean",
                "add.reduce",
                "multiply.reduce",
            ],
            &[F16, F32, F64, C64, C128],
            "A CUDA float sum or product runs its steps in a fixed parallel tree, not in \
             NumPy's pairwise or sequential order, and an overflow or invalid operation that \
             only some orders of the same elements reach (1e308 + 1e308 - 1e308; a product \
             that meets a NaN before or after it overflows) follows the order: on the \
             extremal samples the flags would differ from NumPy's by order, not by a bug",
        ),
        Skip {
            select: Selector {
                template: None,
                ops: Some(vec!["spacing", "nextafter"]),
                device: None,
                dtypes: Some(vec![DType::Bool, DType::I8, DType::U8]),
            },
            reason: "NumPy's answer here depends on call history (a NumPy 2.4.6 + ml_dtypes bug): \
                 once np.spacing has run on bfloat16, a call with a bfloat16 out= makes NumPy's \
                 dispatch cache give bool/int8/uint8 input ml_dtypes' bfloat16 loop from then \
                 on, so the oracle's result (and its floating-point flags) depends on which \
                 trials ran before in the same process. The fuzzer declares the same cases \
                 (numpy-dispatch-cache-poisoned-by-bfloat16)",
        },
    ]
}

/// An expected failure of the CPU only: the fp_flags entries describe the CPU's hardware
/// flags (CUDA derives its own; see [`skips`] for the ones it does not model).
fn xfail_cpu(
    template: &'static str,
    ops: &[&'static str],
    dtypes: &[DType],
    reason: &'static str,
) -> XFail {
    let mut x = xfail(template, ops, dtypes, reason);
    x.select.device = Some("cpu");
    x
}

fn xfail(
    template: &'static str,
    ops: &[&'static str],
    dtypes: &[DType],
    reason: &'static str,
) -> XFail {
    XFail {
        select: Selector {
            template: Some(template),
            ops: Some(ops.to_vec()),
            device: None,
            dtypes: Some(dtypes.to_vec()),
        },
        reason,
    }
}

/// Every expected failure: known engine divergences not yet fixed (strict: one that starts
/// passing fails the run, so the entry must go).
pub fn xfails() -> Vec<XFail> {
    use DType::*;
    let nanmedian_inf = "complex nanmedian of a slice holding inf and NaN parts: NumPy's \
                         np.ma.median path (small slices) gives (nan+nanj), the engine \
                         (inf+nanj); not yet reproduced";
    let scipy_half = "not implemented: SciPy computes float16 (and bfloat16, on ml_dtypes) \
                      logsumexp and entropy natively with a rounding at every step (entropy's \
                      float16 result dtype even depends on whether NaN is present); the engine \
                      refuses these dtypes until it reproduces that";
    let complex_lse = "not implemented: complex scipy.special.logsumexp (the maximum real part \
                       and the phase wrap of SciPy's algorithm); the engine refuses complex input";
    vec![
        xfail(
            "dtypes",
            &["logsumexp", "entropy"],
            &[F16, BF16],
            scipy_half,
        ),
        xfail(
            "errors",
            &["logsumexp", "entropy"],
            &[F16, BF16],
            scipy_half,
        ),
        xfail(
            "result_dtype",
            &["logsumexp", "entropy"],
            &[F16, BF16],
            scipy_half,
        ),
        xfail("dtypes", &["logsumexp"], &[C64, C128], complex_lse),
        xfail("errors", &["logsumexp"], &[C64, C128], complex_lse),
        xfail("result_dtype", &["logsumexp"], &[C64, C128], complex_lse),
        xfail("extremal", &["nanmedian"], &[C64, C128], nanmedian_inf),
        xfail("nan_policy", &["nanmedian"], &[C64, C128], nanmedian_inf),
        // fp_flags: NumPy's flags the engine does not reproduce yet. Each comes from an
        // intermediate step of NumPy's own algorithm that the engine's avoids (or the reverse).
        xfail_cpu(
            "fp_flags",
            &["exp", "exp2"],
            &[C64, C128],
            "complex exp/exp2 of the extremal values: NumPy raises invalid beside overflow, the \
             engine overflow only (observed; presumably NumPy's inf * 0 products in cexp)",
        ),
        xfail_cpu(
            "fp_flags",
            &["log", "log2", "log10"],
            &[C64, C128],
            "complex log of the extremal values: NumPy raises divide (clog of zero) and no \
             invalid; the engine returns clog(0) = -inf without the divide flag and raises \
             invalid elsewhere (observed; not yet traced to a step)",
        ),
        xfail_cpu(
            "fp_flags",
            &["tan", "tanh"],
            &[C64, C128],
            "complex tan/tanh of the extremal values: NumPy (glibc's ctan/ctanh) raises invalid, \
             the engine's port of the case analysis raises nothing (observed; not yet traced)",
        ),
        xfail_cpu(
            "fp_flags",
            &["less", "less_equal", "greater", "greater_equal"],
            &[C128],
            "NumPy's complex ordering compares the parts with signalling C comparisons: a NaN \
             part raises invalid; the engine's comparisons are quiet",
        ),
        xfail_cpu(
            "fp_flags",
            &["maximum", "minimum"],
            &[C64],
            "complex64 maximum/minimum with NaN parts: the engine raises invalid, NumPy does not \
             (observed; presumably the engine's vectorised part comparisons signal)",
        ),
        xfail_cpu(
            "fp_flags",
            &["absolute"],
            &[C64],
            "complex64 absolute of the extremal values: the engine raises overflow where NumPy \
             raises nothing (observed; the engine computes hypot in float64 and rounds, NumPy \
             calls hypotf: not yet traced further)",
        ),
        xfail_cpu(
            "fp_flags",
            &["divide", "reciprocal"],
            &[C64],
            "complex64 divide / reciprocal with zero divisors: the engine raises divide and \
             invalid, NumPy divide only (divide) or nothing (reciprocal) (observed; not yet \
             traced to a step)",
        ),
        xfail_cpu(
            "fp_flags",
            &["logaddexp", "logaddexp2"],
            &[F16, F32, F64],
            "NumPy's logaddexp computes inf - inf for two equal infinities (invalid) before \
             returning them; the engine returns them without the subtraction",
        ),
        xfail_cpu(
            "fp_flags",
            &["nextafter", "spacing"],
            &[F16, F32, F64],
            "NumPy's nextafter/spacing go through libm's nextafter, which raises overflow when \
             the step reaches infinity; the engine steps the bit pattern and raises nothing (and \
             float32 nextafter raises invalid on NaN)",
        ),
        xfail_cpu(
            "fp_flags",
            &["sqrt"],
            &[C64, C128],
            "complex sqrt of the extremal values: the engine raises invalid, NumPy nothing \
             (observed; not yet traced to a step of the csqrt port)",
        ),
        xfail_cpu(
            "fp_flags",
            &["power", "float_power"],
            &[C64, C128],
            "complex power with a Python int of 2**64: the engine raises invalid beside \
             overflow, NumPy overflow only (observed; not yet traced)",
        ),
        xfail_cpu(
            "fp_flags",
            &["round"],
            &[U32],
            "np.round of uint32 with decimals < 0 runs in float64 and casts back; the cast of an \
             extreme that rounded out of range raises invalid in NumPy; the engine rounds \
             uint32 in integers",
        ),
    ]
}

/// Why the engine's real and imag copy where NumPy's return views.
const REAL_IMAG_COPY: &str = "np.real and np.imag return views of their input (np.real of a \
     real array is that array; of a complex one, a strided view of its real parts; np.imag of a \
     real array is a new array of zeros). The engine's storage is typed, so it cannot view the \
     float parts of a complex buffer, and real/imag are ufuncs that return a new array: where \
     NumPy's view needs no memory (an input broadcast to 2**44 elements) the engine's copy \
     raises MemoryError. Values and dtypes agree";

/// The principled divergences, matched per trial.
pub fn divergences() -> Vec<Divergence> {
    vec![
        Divergence {
            name: "real-returns-a-copy",
            select: Selector {
                template: Some("errors"),
                ops: Some(vec!["real"]),
                device: None,
                dtypes: None,
            },
            kind: DivergenceKind::ErrorKind,
            reason: REAL_IMAG_COPY,
        },
        Divergence {
            name: "imag-of-complex-returns-a-copy",
            select: Selector {
                template: Some("errors"),
                ops: Some(vec!["imag"]),
                device: None,
                dtypes: Some(vec![DType::C64, DType::C128]),
            },
            kind: DivergenceKind::ErrorKind,
            reason: REAL_IMAG_COPY,
        },
        Divergence {
            name: "bfloat16-statistics-stay-bfloat16",
            select: Selector {
                template: Some("result_dtype"),
                ops: Some(vec![
                    "quantile",
                    "nanquantile",
                    "percentile",
                    "nanpercentile",
                    "trapezoid",
                    "cumulative_trapezoid",
                ]),
                device: None,
                dtypes: Some(vec![DType::BF16]),
            },
            kind: DivergenceKind::Dtype,
            reason: "ml_dtypes' bfloat16 is no np.inexact, so NumPy's quantile interpolation \
                     and trapezoid's multiplication by the float64 dx promote bfloat16 input to \
                     float32, where float16 input stays float16. The engine keeps the rule \
                     that bfloat16 promotes like float16 and returns bfloat16",
        },
        Divergence {
            name: "scipy-entropy-empty-output-float64",
            select: Selector {
                template: Some("empty"),
                ops: Some(vec!["entropy"]),
                device: None,
                dtypes: Some(vec![DType::F32]),
            },
            kind: DivergenceKind::Dtype,
            reason: "scipy.stats.entropy with an empty output (a [3, 0] input over axis 0) \
                     returns its decorator's float64 empty array whatever the input dtype; the \
                     engine keeps float32, the dtype SciPy itself gives every non-empty float32 \
                     result",
        },
        Divergence {
            name: "scipy-logsumexp-empty-tuple-axis",
            select: Selector {
                template: Some("empty"),
                ops: Some(vec!["logsumexp"]),
                device: None,
                dtypes: None,
            },
            kind: DivergenceKind::ErrorKind,
            reason: "scipy.special.logsumexp of an empty array over a tuple of axes raises \
                     IndexError (its empty path indexes a NumPy array of the shape with the \
                     tuple: 'too many indices'); with an int axis or None it returns -inf of \
                     the reduced shape, which the engine returns for tuples too",
        },
        Divergence {
            name: "out-of-range-float-to-uint32-cast",
            select: Selector {
                template: Some("extremal"),
                ops: Some(vec!["round"]),
                device: None,
                dtypes: Some(vec![DType::U32]),
            },
            kind: DivergenceKind::Value,
            reason: "np.round(uint32 array, decimals<0) rounds in float64 and casts back; \
                     uint32's maximum rounds up to 4294967300.0, outside uint32. That cast is \
                     undefined in C and NumPy's answer depends on the array's length (with an \
                     'invalid value encountered in cast' warning): its scalar loop wraps to 4, \
                     its SIMD loop gives 0. The engine always wraps modulo 2**32, the scalar \
                     loop's answer, so the result does not depend on the length",
        },
        Divergence {
            name: "bfloat16-is-inexact",
            select: Selector {
                template: Some("result_dtype"),
                ops: Some(vec!["nanmean", "nanvar", "nanstd"]),
                device: None,
                dtypes: Some(vec![DType::F16]),
            },
            kind: DivergenceKind::Dtype,
            reason: "np.nanmean/nanvar/nanstd refuse a dtype= that is not a subclass of \
                     np.inexact for inexact input, and ml_dtypes' bfloat16 is not one: \
                     nanmean(float16 array, dtype=bfloat16) raises TypeError in NumPy. The \
                     engine treats bfloat16 as the floating dtype it is and computes in it",
        },
        Divergence {
            name: "bfloat16-no-native-loop",
            select: Selector {
                template: Some("result_dtype"),
                ops: Some(vec!["clip", "sinc"]),
                device: None,
                dtypes: Some(vec![DType::BF16]),
            },
            kind: DivergenceKind::Dtype,
            reason: "ml_dtypes registers no bfloat16 loop for np.clip, and np.sinc is a Python \
                 function whose float check does not know bfloat16: NumPy returns float32 for \
                 bfloat16 input. The engine keeps bfloat16, as float16 input keeps float16",
        },
    ]
}

/// Checks every skip/xfail/divergence entry against the registry; returns the problems.
pub fn validate(ops: &[OpInfo]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |what: &str, s: &Selector| {
        if let Some(t) = s.template {
            if !TEMPLATES.contains(&t) {
                problems.push(format!("{what}: unknown template '{t}'"));
            }
        }
        for o in s.ops.iter().flatten() {
            if !ops.iter().any(|op| op.name == *o) {
                problems.push(format!("{what}: unknown op '{o}'"));
            }
        }
        if let Some(d) = s.device {
            if !DEVICE_TYPES.contains(&d) {
                problems.push(format!("{what}: unknown device type '{d}'"));
            }
        }
        if s.dtypes.as_ref().is_some_and(|d| d.is_empty()) {
            problems.push(format!("{what}: empty dtype list"));
        }
    };
    for s in skips() {
        check(&format!("skip ({})", s.reason), &s.select);
    }
    for x in xfails() {
        check(&format!("xfail ({})", x.reason), &x.select);
    }
    for d in divergences() {
        check(&format!("divergence '{}'", d.name), &d.select);
    }
    problems
}
