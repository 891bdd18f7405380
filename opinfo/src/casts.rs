//! `astype` as a record of its own: every source dtype (the trial's) into each of the 15
//! dtypes under each of NumPy's five casting rules (`no`, `equiv`, `safe`, `same_kind`,
//! `unsafe`), accepted or refused as NumPy's `ndarray.astype` decides; the extremal values
//! (NaN, ±inf, ±0, subnormals, integer limits) and the float values just inside and outside
//! every integer dtype's range into every dtype, unsafely; stepped sources. A cast is exact
//! where it is defined, so results compare bit for bit; NumPy's flags for a cast ("invalid
//! value encountered in cast") are the `fp_flags` template's.

use crate::kwargs::{self, Kw};
use crate::record::{Domain, OpInfo, Reference, Variants};
use crate::rng::Rng;
use crate::samples::{extremal_values, random, tensor_from_hubs, ErrorInput, Sample};
use crate::ulp::UlpBound;
use backends::element::Hub;
use backends::ops::view::Slice;
use backends::{Arg, Casting, DType, Error, ErrorKind, Result, Tensor};

/// NumPy's casting rules, as `astype(casting=...)` spells them.
const RULES: [&str; 5] = ["no", "equiv", "safe", "same_kind", "unsafe"];

fn cast_sample(kind: &'static str, what: &str, a: Tensor, to: DType, rule: &'static str) -> Sample {
    Sample::new(
        kind,
        format!("{what}.astype({to}, casting='{rule}')"),
        vec![Arg::Tensor(a)],
    )
    .kw("dtype", Kw::DType(to))
    .kw("casting", Kw::Str(rule))
}

/// `reference`: a [2, 3] array into every dtype under every rule (NumPy's refusals are
/// samples too: both sides must raise the same error kind), plus 0-d and empty sources.
fn samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut v = Vec::new();
    for to in DType::ALL {
        for rule in RULES {
            let a = random(dtype, &[2, 3], &mut rng, Domain::Any);
            v.push(cast_sample("sample", "[2, 3]", a, to, rule));
        }
        let a = random(dtype, &[], &mut rng, Domain::Any);
        v.push(cast_sample("sample", "0-d", a, to, "unsafe"));
        let a = random(dtype, &[0, 3], &mut rng, Domain::Any);
        v.push(cast_sample("sample", "[0, 3]", a, to, "unsafe"));
    }
    v
}

/// Floats at the edges of every integer dtype's range: each limit, half a unit either side,
/// one past it, and the powers of two around 2**63 and 2**64 where float -> uint64 splits.
fn integer_edges() -> Vec<Hub> {
    let mut v = Vec::new();
    for d in DType::ALL {
        if let Some((lo, hi)) = d.int_range() {
            for edge in [lo as f64, hi as f64] {
                v.extend([edge - 1.0, edge - 0.5, edge, edge + 0.5, edge + 1.0]);
            }
        }
    }
    v.extend([
        -1.0,
        -0.5,
        -0.0,
        0.5,
        0.999_999_9,
        9.223_372_036_854_776e18,
        1.844_674_407_370_955_2e19,
        1e20,
        -1e20,
    ]);
    v.into_iter().map(Hub::Float).collect()
}

/// Floats where a narrower float format's rounding decides: ties of float16 and bfloat16 with
/// a sticky bit only a single rounding from the exact value sees (below float32's precision
/// too), the overflow thresholds of float16, bfloat16 and float32 and either side of them, and
/// float16's subnormal halfway points.
fn float_edges() -> Vec<Hub> {
    let p = |e: i32| 2f64.powi(e);
    let f32_overflow = (2.0 - p(-24)) * p(127);
    let mut v = vec![
        1.0 + p(-11) + p(-30),
        1.0 + p(-11) + p(-23),
        1.0 + p(-11),
        1.0 + 3.0 * p(-11),
        1.0 + p(-8) + p(-23),
        1.0 + p(-8) + p(-40),
        1.0 + p(-8),
        65504.0,
        65519.999,
        65520.0,
        (2.0 - p(-8) - p(-30)) * p(127),
        (2.0 - p(-8)) * p(127),
        f32::MAX as f64,
        f32_overflow * (1.0 - p(-53)),
        f32_overflow,
        3.5e38,
        1e40,
        1e300,
        p(-25) + p(-60),
        p(-25),
        3.0 * p(-26),
        p(-134) + p(-160),
        p(-150),
        p(-150) + p(-170),
    ];
    v.extend(v.clone().into_iter().map(|x| -x));
    v.into_iter().map(Hub::Float).collect()
}

/// Unsafe casts of `values` (as a 1-d array of `dtype`) into each target `to` keeps.
fn into_each(
    dtype: DType,
    what: &str,
    values: &[Hub],
    keep: impl Fn(DType) -> bool,
) -> Vec<Sample> {
    let t = tensor_from_hubs(dtype, &[values.len()], values);
    DType::ALL
        .into_iter()
        .filter(|&to| keep(to))
        .map(|to| cast_sample("extremal", what, t.clone(), to, "unsafe"))
        .collect()
}

/// `extremal`: the dtype's extremal values, and for a float source the integer-range edges,
/// into every dtype (unsafe: every cast is allowed, the values are what is checked).
fn extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let ext = extremal_values(dtype, Domain::Any);
    let mut v = into_each(dtype, "extremal values", &ext, |_| true);
    if !(dtype.is_float() || dtype.is_complex()) {
        return v;
    }
    let integer = |to: DType| to.is_integer() || to.is_bool();
    // Shorter than NumPy's SIMD cast loops (4 elements): NumPy's scalar loop, whose C casts
    // the engine follows, decides every element (see astype-float-to-uint32-by-length).
    for short in [
        [f64::NAN, f64::NEG_INFINITY, 1e10],
        [f64::INFINITY, -1.0, -1e10],
    ] {
        let h = short.map(Hub::Float);
        v.extend(into_each(
            dtype,
            "3 non-finite or out-of-range",
            &h,
            integer,
        ));
    }
    if matches!(dtype, DType::F64 | DType::C128) {
        // float64 (and complex128) sources: the roundings and overflows of the narrower
        // float formats, into every float and complex dtype.
        let f = float_edges();
        v.extend(into_each(dtype, "float-format edges", &f, |to| {
            to.is_float() || to.is_complex()
        }));
        // Just past float32's range alone, so that their overflow flag is the sample's own
        // (the edges above include 1e300, whose flag would hide a missing one).
        let past = [3.5e38, -1e40].map(Hub::Float);
        v.extend(into_each(dtype, "just past float32's range", &past, |to| {
            matches!(to, DType::F32 | DType::BF16 | DType::C64)
        }));
    }
    v.extend(into_each(
        dtype,
        "integer-range edges",
        &integer_edges(),
        integer,
    ));
    v
}

/// `noncontiguous`: a stepped [3, 2] view (every other column of a [3, 4]) into every dtype.
fn noncontiguous(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    DType::ALL
        .iter()
        .map(|&to| {
            let a = random(dtype, &[3, 4], &mut rng, Domain::Any)
                .slice(&[Slice::step(1), Slice::step(2)])
                .expect("a step of 2 is a valid view");
            cast_sample("noncontiguous", "stepped [3, 2]", a, to, "unsafe")
        })
        .collect()
}

/// `errors`: a casting rule NumPy does not know.
fn errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let a = random(dtype, &[3], &mut rng, Domain::Any);
    vec![ErrorInput {
        sample: cast_sample("error", "[3]", a, DType::F64, "sometimes"),
        expected: ErrorKind::Value,
    }]
}

/// The engine's call: `a.astype(dtype, casting)`.
fn engine(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let missing = |k: &str| Error::Type {
        op: op.name,
        msg: format!("missing keyword {k}="),
    };
    let a = s.tensor(0).ok_or_else(|| missing("a"))?;
    let to = match kwargs::get(&s.kwargs, "dtype") {
        Some(Kw::DType(d)) => *d,
        _ => return Err(missing("dtype")),
    };
    let rule = match kwargs::get(&s.kwargs, "casting") {
        Some(Kw::Str(r)) => *r,
        _ => return Err(missing("casting")),
    };
    let casting = Casting::from_name(rule).ok_or_else(|| Error::Value {
        op: op.name,
        msg: "casting must be one of 'no', 'equiv', 'safe', 'same_kind', or 'unsafe'".into(),
    })?;
    Ok(vec![a.astype(to, casting)?])
}

/// The `astype` record.
pub fn records() -> Vec<OpInfo> {
    let mut op = crate::ops::ufunc("astype", 1, &DType::ALL).not_ufunc();
    op.reference = Reference::Expr("lambda a, *, dtype, casting: a.astype(dtype, casting=casting)");
    op.engine = engine;
    op.method = None;
    op.inplace = None;
    op.variants = Variants {
        method: false,
        inplace: false,
        out: false,
    };
    op.scalar_operands = false;
    // ml_dtypes' own bfloat16 casts are the reference (its rules differ from float16's: see
    // the ml-dtypes-bfloat16-cast-rules divergence).
    op.bf16_native_reference = true;
    op.weak_int_overflow = false;
    op.precision = crate::record::Precision::Ulp(UlpBound::EXACT);
    op.device_ulp = 0.0;
    op.gens.sample = samples;
    op.gens.result_dtype = samples;
    op.gens.extremal = extremal;
    op.gens.noncontiguous = noncontiguous;
    op.gens.errors = errors;
    // The samples carry their own dtype= and casting=: the generic dtypes probe (a bare
    // input) does not apply.
    op.checks = vec![
        "reference",
        "result_dtype",
        "noncontiguous",
        "errors",
        "extremal",
        "cross_device",
        "determinism",
        "fp_flags",
    ];
    vec![op]
}
