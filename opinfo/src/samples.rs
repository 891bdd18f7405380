//! Sample inputs: deterministic per trial seed. Four families feed the templates:
//! - [`samples`]: shapes from 0-d and empty to 3-d and one above the engine's parallel threshold,
//!   one strided operand, and Python-scalar operands;
//! - [`noncontiguous`]: transposed, stepped, reversed, zero-stride and offset operands;
//! - [`broadcasting`]: broadcastable shape pairs and 0-d/empty mixes;
//! - [`extremal`]: ±0, ±inf, NaN, subnormals, huge/tiny magnitudes, integer min/max, domain edges;
//! - [`errors`]: invalid inputs with the NumPy exception kind they must raise.

use crate::kwargs::Kw;
use crate::record::{Domain, OpInfo};
use crate::rng::Rng;
use backends::element::{Element, Hub};
use backends::ops::view::Slice;
use backends::{Arg, DType, ErrorKind, Kind, PyScalar, Tensor};

/// One call of an op: positional operands, keyword arguments and `out=` (none, one tensor, or
/// one per output of a multi-output ufunc, passed to NumPy as a tuple).
#[derive(Clone, Debug)]
pub struct Sample {
    /// Family (`sample`, `noncontiguous`, `broadcast`, `extremal`, `error`, `axes`, ...).
    pub kind: &'static str,
    /// What the sample exercises, for reports.
    pub description: String,
    /// Operands in call order.
    pub args: Vec<Arg>,
    /// Keyword arguments in call order (`axis`, `keepdims`, `dtype`, `ddof`, ...).
    pub kwargs: Vec<(&'static str, Kw)>,
    /// `out=` tensors: empty (no `out=`), one, or one per output.
    pub out: Vec<Tensor>,
}

impl Sample {
    /// A sample of positional operands only.
    pub fn new(kind: &'static str, description: impl Into<String>, args: Vec<Arg>) -> Sample {
        Sample {
            kind,
            description: description.into(),
            args,
            kwargs: Vec::new(),
            out: Vec::new(),
        }
    }

    /// The same sample with keyword `name` set to `value` (replacing an earlier value; noted
    /// in the description).
    pub fn kw(mut self, name: &'static str, value: Kw) -> Sample {
        self.description
            .push_str(&format!(", {name}={}", crate::kwargs::show(&value)));
        self.kwargs.retain(|(k, _)| *k != name);
        self.kwargs.push((name, value));
        self
    }

    /// The same sample with `out=out`.
    pub fn with_out(mut self, out: Tensor) -> Sample {
        self.out = vec![out];
        self
    }

    /// The same sample with `out=(out[0], out[1], ...)`, one per output (a single tensor is
    /// passed as `out=out`).
    pub fn with_outs(mut self, out: Vec<Tensor>) -> Sample {
        self.out = out;
        self
    }

    /// The `out=` of a single-output op, if any.
    pub fn out1(&self) -> Option<&Tensor> {
        self.out.first()
    }

    /// The first operand as a tensor (every record's first operand is an array).
    pub fn tensor(&self, i: usize) -> Option<&Tensor> {
        match self.args.get(i) {
            Some(Arg::Tensor(t)) => Some(t),
            _ => None,
        }
    }
}

/// An invalid input and the error kind NumPy and the engine must both raise.
#[derive(Clone, Debug)]
pub struct ErrorInput {
    /// The call.
    pub sample: Sample,
    /// Expected kind.
    pub expected: ErrorKind,
}

/// Size of the "large" sample: above the engine's parallel threshold.
pub const LARGE: [usize; 2] = [300, 250];

/// Operands whose result NumPy cannot hold, as broadcast views of one element (so nothing
/// large exists on either side, and NumPy raises without allocating, or fails to): a result of
/// 2**44 elements (at least 16 TiB, more than any machine here has: MemoryError), and, with two
/// inputs, shapes (2**k, 1) and (1, 64) that broadcast to at least 2**64 elements
/// (ValueError: "iterator is too large"). The engine must raise the same, not abort.
fn huge_operands(op: &OpInfo, dtype: DType, rng: &mut Rng) -> Vec<ErrorInput> {
    let one = |i: usize, rng: &mut Rng| random(dtype, &[1], rng, op.domain(i));
    let view = |t: Tensor, shape: &[usize]| {
        Arg::Tensor(t.broadcast_to(shape).expect("a view NumPy allows"))
    };
    let mut out = Vec::new();
    let mut args: Vec<Arg> = (0..op.nin).map(|i| Arg::Tensor(one(i, rng))).collect();
    args[0] = view(one(0, rng), &[1 << 44]);
    out.push(ErrorInput {
        sample: sample(
            "error",
            "an operand broadcast to (2**44,): the result cannot be allocated".into(),
            args,
        ),
        expected: ErrorKind::Memory,
    });
    if op.nin >= 2 {
        // 2**58 elements make a view NumPy allows for any dtype (complex128's 16 bytes, or the
        // float32 NumPy runs for bfloat16, stay within 2**62 bytes), and 2**58 x 64 = 2**64
        // elements overflow every index type.
        let k = 58;
        let mut args: Vec<Arg> = (0..op.nin).map(|i| Arg::Tensor(one(i, rng))).collect();
        args[0] = view(one(0, rng), &[1 << k, 1]);
        args[1] = view(one(1, rng), &[1, 64]);
        out.push(ErrorInput {
            sample: sample(
                "error",
                format!("operands broadcast to (2**{k}, 1) and (1, 64): too many elements"),
                args,
            ),
            expected: ErrorKind::Value,
        });
    }
    out
}

/// A zero-filled buffer for a sample (`out=` operands): small shapes only, which always
/// allocate.
pub fn zeros(shape: &[usize], dtype: DType) -> Tensor {
    Tensor::zeros(shape, dtype).expect("a sample's small buffer allocates")
}

/// A tensor of `dtype` from exact values (converted with C-cast semantics).
pub fn tensor_from_hubs(dtype: DType, shape: &[usize], values: &[Hub]) -> Tensor {
    backends::with_dtype!(dtype, T, {
        let v: Vec<T> = values.iter().map(|&h| T::from_hub(h)).collect();
        Tensor::from_vec(v, shape).expect("sample shape matches its values")
    })
}

fn draw(dtype: DType, rng: &mut Rng, domain: Domain) -> Hub {
    let dtype = domain.operand_dtype(dtype);
    let bits = dtype.int_bits().unwrap_or(8) as i64;
    match dtype.kind() {
        Kind::Bool => Hub::Bool(rng.next_u64() & 1 == 1),
        Kind::Int | Kind::UInt => {
            let signed = dtype.kind() == Kind::Int;
            let (lo, hi) = match domain {
                Domain::Any | Domain::UnitInterval if signed => (-9, 9),
                Domain::Any | Domain::UnitInterval => (0, 18),
                Domain::Positive | Domain::AtLeastOne => (1, 9),
                Domain::NonNegative => (0, 5),
                Domain::ShiftCount => (0, bits - 1),
                Domain::NearOne if signed => (-2, 2),
                Domain::NearOne => (0, 2),
                Domain::Exponent => (-40, 40),
            };
            let v = rng.int_in(lo, hi);
            if signed {
                Hub::Int(v)
            } else {
                Hub::UInt(v as u64)
            }
        }
        Kind::Float | Kind::Complex if domain == Domain::NearOne => {
            let sign = if rng.uniform() < 0.5 { -1.0 } else { 1.0 };
            let m = rng.float_in(0.9, 1.1);
            if dtype.is_complex() {
                // A magnitude near 1 at any angle: products turn but stay in range.
                let t = rng.float_in(-std::f64::consts::PI, std::f64::consts::PI);
                Hub::Complex(backends::element::Cf64::new(m * t.cos(), m * t.sin()))
            } else {
                Hub::Float(sign * m)
            }
        }
        Kind::Float | Kind::Complex => {
            let real = |rng: &mut Rng| {
                let (lo, hi) = match domain {
                    Domain::Any => (-4.0, 4.0),
                    Domain::Positive => (0.05, 5.0),
                    Domain::UnitInterval => (-0.99, 0.99),
                    Domain::AtLeastOne => (1.0, 5.0),
                    Domain::NonNegative => (0.0, 4.0),
                    Domain::ShiftCount => (0.0, 7.0),
                    Domain::NearOne => (0.9, 1.1),
                    Domain::Exponent => (-40.0, 40.0),
                };
                let x = rng.float_in(lo, hi);
                // A third of the values sit on a 0.25 grid: exact ties for rint/floor/remainder.
                if rng.uniform() < 0.33 && domain == Domain::Any {
                    (x * 4.0).round() / 4.0
                } else {
                    x
                }
            };
            if dtype.is_complex() {
                let re = real(rng);
                Hub::Complex(backends::element::Cf64::new(re, real(rng)))
            } else {
                Hub::Float(real(rng))
            }
        }
    }
}

/// A C-contiguous random tensor.
pub fn random(dtype: DType, shape: &[usize], rng: &mut Rng, domain: Domain) -> Tensor {
    let n: usize = shape.iter().product();
    let v: Vec<Hub> = (0..n).map(|_| draw(dtype, rng, domain)).collect();
    tensor_from_hubs(domain.operand_dtype(dtype), shape, &v)
}

/// A Python scalar of the kind matching `dtype`.
pub fn py_scalar(dtype: DType, rng: &mut Rng, domain: Domain) -> PyScalar {
    match draw(dtype, rng, domain) {
        Hub::Bool(b) => PyScalar::Bool(b),
        Hub::Int(i) => PyScalar::Int(i as i128),
        Hub::UInt(u) => PyScalar::Int(u as i128),
        Hub::Float(f) => PyScalar::Float(f),
        Hub::Complex(c) => PyScalar::Complex(c.re, c.im),
    }
}

/// Strided layouts of shape [3, 4]: (name, maker).
pub const STRIDED: [&str; 5] = ["transposed", "stepped", "reversed", "zero-stride", "offset"];

/// A [3, 4] view of kind `which` (an index into [`STRIDED`]) over fresh random storage.
pub fn strided(dtype: DType, which: usize, rng: &mut Rng, domain: Domain) -> Tensor {
    let r = |shape: &[usize], rng: &mut Rng| random(dtype, shape, rng, domain);
    let full = Slice::step(1);
    let v = match which % 5 {
        0 => Ok(r(&[4, 3], rng).transpose()),
        1 => r(&[3, 8], rng).slice(&[full, Slice::step(2)]),
        2 => r(&[3, 4], rng).slice(&[Slice::step(-1), Slice::step(-1)]),
        3 => r(&[1, 4], rng).broadcast_to(&[3, 4]),
        _ => r(&[4, 5], rng).slice(&[Slice::new(Some(1), None, 1), Slice::new(Some(1), None, 1)]),
    };
    v.expect("strided sample views are valid")
}

fn sample(kind: &'static str, description: String, args: Vec<Arg>) -> Sample {
    Sample::new(kind, description, args)
}

/// Samples for the `reference` template.
pub fn samples(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let shapes: [&[usize]; 8] = [
        &[],
        &[0],
        &[2, 0],
        &[7],
        &[3, 4],
        &[2, 3, 4],
        &[2, 1, 3, 2],
        &LARGE,
    ];
    let mut out = Vec::new();
    for shape in shapes {
        let args = (0..op.nin)
            .map(|i| Arg::Tensor(random(dtype, shape, &mut rng, op.domain(i))))
            .collect();
        out.push(sample("sample", format!("shape {shape:?}"), args));
    }
    let args = (0..op.nin)
        .map(|i| Arg::Tensor(strided(dtype, i, &mut rng, op.domain(i))))
        .collect();
    out.push(sample("sample", "strided operands [3, 4]".into(), args));
    if op.scalar_operands {
        // Each operand position in turn is a Python scalar (a unary op's only operand too: a
        // call on Python scalars alone; np.clip's array argument and np.where's condition,
        // which NumPy converts with asarray).
        for s in 0..op.nin {
            let args = (0..op.nin)
                .map(|i| {
                    if i == s {
                        Arg::Scalar(py_scalar(dtype, &mut rng, op.domain(i)))
                    } else {
                        Arg::Tensor(random(dtype, &[5], &mut rng, op.domain(i)))
                    }
                })
                .collect();
            out.push(sample("sample", format!("Python scalar operand {s}"), args));
        }
        if op.nin >= 2 {
            out.extend(python_scalar_extremes(op, dtype, &mut rng));
        }
    }
    out
}

/// Python scalars at the edges of what an operand's dtype holds, next to arrays of `dtype`:
/// ints beyond int64 and uint64 next to inexact arrays (they become floats without wrapping
/// first: `2**64` is inf in float16), floats below the smallest subnormal (0 in the loop type,
/// but true where NumPy only truth-tests them), and, for ops that take any Python int
/// ([`OpInfo::weak_int_overflow`] false: comparisons exact, logical ops truth-tested, np.where
/// cast), ints just past and far past an integer or bool dtype's range.
fn python_scalar_extremes(op: &OpInfo, dtype: DType, rng: &mut Rng) -> Vec<Sample> {
    let mut values: Vec<PyScalar> = Vec::new();
    if dtype.is_inexact() {
        // ml_dtypes' own bfloat16 loops (the reference of bf16-native records) refuse a Python
        // int beyond int64 ("expected number, got int"): the oracle cannot be asked there.
        if !(dtype == DType::BF16 && op.bf16_native_reference) {
            values.extend([1i128 << 64, -(1i128 << 70), 1i128 << 70].map(PyScalar::Int));
        }
        values.extend([1e-300, -1e-300].map(PyScalar::Float));
    } else if !op.weak_int_overflow {
        let (lo, hi) = dtype.int_range().expect("integer or bool dtype");
        let far = [hi + 1, lo - 1, 1 << 63, 1 << 64, -(1 << 63) - 1, 1 << 70];
        values.extend(far.map(PyScalar::Int));
    }
    // A binary op takes the scalar on either side; a ternary one (np.where's x and y, np.clip's
    // bounds) after its first operand.
    let positions: &[usize] = if op.nin == 2 { &[0, 1] } else { &[1, 2] };
    let mut out = Vec::new();
    for &v in &values {
        for &p in positions {
            let args = (0..op.nin)
                .map(|i| match i == p {
                    true => Arg::Scalar(v),
                    false => Arg::Tensor(random(dtype, &[5], rng, op.domain(i))),
                })
                .collect();
            out.push(sample(
                "sample",
                format!("Python scalar {v:?} as operand {p}"),
                args,
            ));
        }
    }
    out
}

/// Samples for the `result_dtype` template of a ufunc: ones of the trial dtype paired with
/// ones of every dtype and with every kind of Python scalar.
pub fn result_dtype(op: &OpInfo, d: DType, _seed: u64) -> Vec<Sample> {
    let ones = |d: DType| tensor_from_hubs(d, &[2], &[Hub::UInt(1); 2]);
    let mut cases: Vec<Vec<Arg>> = Vec::new();
    if op.nin == 1 {
        cases.push(vec![Arg::Tensor(ones(d))]);
    } else {
        for p in DType::ALL {
            let mut args = vec![Arg::Tensor(ones(d))];
            args.extend((1..op.nin).map(|_| Arg::Tensor(ones(p))));
            cases.push(args);
        }
        for s in [
            PyScalar::Bool(true),
            PyScalar::Int(1),
            PyScalar::Float(1.0),
            PyScalar::Complex(1.0, 0.0),
        ] {
            let mut args = vec![Arg::Tensor(ones(d))];
            args.extend((1..op.nin).map(|_| Arg::Scalar(s)));
            cases.push(args);
        }
    }
    cases
        .into_iter()
        .map(|args| Sample::new("result_dtype", describe(&args), args))
        .collect()
}

/// Operand dtypes of a call, for sample descriptions.
pub fn describe(args: &[Arg]) -> String {
    args.iter()
        .map(|a| match a {
            Arg::Tensor(t) => t.dtype().name().to_string(),
            Arg::Scalar(s) => format!("python {s:?}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Samples for the `noncontiguous` template: every operand strided, cycling layouts.
pub fn noncontiguous(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    (0..STRIDED.len())
        .map(|k| {
            let args: Vec<Arg> = (0..op.nin)
                .map(|i| Arg::Tensor(strided(dtype, k + i, &mut rng, op.domain(i))))
                .collect();
            let names: Vec<&str> = (0..op.nin).map(|i| STRIDED[(k + i) % 5]).collect();
            sample("noncontiguous", names.join(" x "), args)
        })
        .collect()
}

/// Samples for the `broadcasting` template.
pub fn broadcasting(op: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    if op.nin == 1 {
        // A unary op broadcasts its input into a larger out=.
        if op.variants.out {
            for (ins, outs) in [
                (&[4usize][..], &[3usize, 4][..]),
                (&[], &[2, 3]),
                (&[1, 3], &[2, 2, 3]),
            ] {
                let a = random(dtype, ins, &mut rng, op.domain(0));
                let probe = op.call(&Sample::new("probe", "", vec![Arg::from(&a)]));
                let Ok(probe) = probe else { continue };
                let s = sample(
                    "broadcast",
                    format!("{ins:?} into out {outs:?}"),
                    vec![Arg::Tensor(a)],
                );
                // One out= per output (a tuple for a multi-output ufunc).
                out.push(s.with_outs(probe.iter().map(|p| zeros(outs, p.dtype())).collect()));
            }
        }
        return out;
    }
    let sets: [&[&[usize]]; 6] = [
        &[&[3, 1], &[1, 4], &[4]],
        &[&[], &[2, 3], &[3]],
        &[&[2, 1, 4], &[3, 1], &[1]],
        &[&[0], &[1], &[0]],
        &[&[5, 0], &[1, 0], &[5, 1]],
        &[&[1], &[4, 1, 2], &[2]],
    ];
    for set in sets {
        let args: Vec<Arg> = (0..op.nin)
            .map(|i| Arg::Tensor(random(dtype, set[i], &mut rng, op.domain(i))))
            .collect();
        let shapes: Vec<&[usize]> = set[..op.nin].to_vec();
        out.push(sample("broadcast", format!("{shapes:?}"), args));
    }
    out
}

/// Extremal values of a real dtype as f64 (rounded to the dtype by the caller's cast).
fn float_extremes(dtype: DType) -> Vec<f64> {
    let (max, min_normal, min_sub, eps) = match dtype {
        DType::F16 => (65504.0, 6.103515625e-05, 5.960464477539063e-08, 9.765625e-4),
        DType::BF16 => (
            3.3895313892515355e38,
            1.1754943508222875e-38,
            9.183549615799121e-41,
            7.8125e-3,
        ),
        DType::F32 | DType::C64 => (
            f32::MAX as f64,
            f32::MIN_POSITIVE as f64,
            1.401298464324817e-45,
            f32::EPSILON as f64,
        ),
        _ => (f64::MAX, f64::MIN_POSITIVE, 5e-324, f64::EPSILON),
    };
    let huge = max / 16.0;
    vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        1.0 + eps,
        1.0 - eps / 2.0,
        -1.0 - eps,
        3.0,
        -2.5,
        std::f64::consts::PI,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        max,
        -max,
        huge,
        -huge,
        min_normal,
        -min_normal,
        min_sub,
        -min_sub,
        1e-3,
        20.0,
        -20.0,
        100.0,
        1e4,
    ]
}

/// Extremal values of an integer dtype (min, max and their neighbours, small values).
fn int_extremes(dtype: DType) -> Vec<Hub> {
    let (lo, hi) = dtype.int_range().expect("integer dtype");
    let mut v: Vec<i128> = vec![0, 1, 2, 3, 7, lo, hi, lo + 1, hi - 1, hi / 2, (hi / 2) + 1];
    if lo < 0 {
        v.extend([-1, -2, -3, -7, lo / 2]);
    }
    v.into_iter()
        .map(|x| {
            if x < 0 {
                Hub::Int(x as i64)
            } else {
                Hub::UInt(x as u64)
            }
        })
        .collect()
}

/// Extremal values for one operand of `dtype` under `domain`.
pub fn extremal_values(dtype: DType, domain: Domain) -> Vec<Hub> {
    if domain == Domain::Exponent {
        // Around the float formats' exponent ranges (float16 -24..15, float32 -149..127,
        // float64 -1074..1023) and int32's ends.
        let e = [
            0,
            1,
            -1,
            15,
            16,
            -14,
            -24,
            -25,
            127,
            128,
            -126,
            -149,
            -150,
            1023,
            1024,
            -1022,
            -1074,
            -1075,
            2000,
            -2000,
            i32::MAX as i64,
            i32::MIN as i64,
        ];
        return e.into_iter().map(Hub::Int).collect();
    }
    match dtype.kind() {
        Kind::Bool => vec![Hub::Bool(false), Hub::Bool(true)],
        Kind::Int | Kind::UInt => {
            let bits = dtype.int_bits().unwrap_or(8) as i64;
            let v = int_extremes(dtype);
            match domain {
                Domain::NonNegative => v
                    .into_iter()
                    .filter(|h| matches!(h, Hub::UInt(_)))
                    .collect(),
                Domain::ShiftCount => [0, 1, bits - 1, bits, bits + 1, 3]
                    .into_iter()
                    .map(|x| Hub::UInt(x as u64))
                    .collect(),
                _ => v,
            }
        }
        Kind::Float => float_extremes(dtype).into_iter().map(Hub::Float).collect(),
        Kind::Complex => {
            let parts = [
                0.0,
                -0.0,
                1.0,
                -1.5,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NAN,
                1e300,
                1e-300,
                // Near the top of the range, where csqrt/clog/cabs scale to avoid overflow.
                1e308,
            ];
            let parts: Vec<f64> = if dtype == DType::C64 {
                parts
                    .iter()
                    .map(|&x| {
                        if x.abs() == 1e308 {
                            3e38
                        } else if x.abs() == 1e300 {
                            1e30
                        } else if x.abs() == 1e-300 {
                            1e-30
                        } else {
                            x
                        }
                    })
                    .collect()
            } else {
                parts.to_vec()
            };
            let mut v = Vec::new();
            for &re in &parts {
                for &im in &parts {
                    v.push(Hub::Complex(backends::element::Cf64::new(re, im)));
                }
            }
            v
        }
    }
}

/// Complex values at the branch points of the complex math functions, beyond
/// [`extremal_values`]: every pair of parts around the thresholds where glibc/msun switch
/// algorithms (exp overflows at 709.78, ldexp scaling covers up to 1454.9 = twice the range;
/// float32's 88.72 and 177.4), with a subnormal and 1; and points on and just off the unit
/// circle, where log's real part cancels to far below |log z|.
pub fn complex_branch_points(dtype: DType) -> Vec<Hub> {
    let parts: &[f64] = if dtype == DType::C64 {
        &[88.5, -89.5, 100.0, -120.0, 177.0, 1e-45, 1.0]
    } else {
        &[709.5, -711.0, 800.0, -1000.0, 1454.0, 5e-324, 1.0]
    };
    let mut v = Vec::new();
    for &re in parts {
        for &im in parts {
            v.push(Hub::Complex(backends::element::Cf64::new(re, im)));
        }
    }
    for (re, im) in [
        (0.6, 0.8),
        (0.8, 0.59999),
        (0.8, 0.600001),
        (1.0, 1e-9),
        (0.9999999, 0.0001),
        (-0.28, 0.96),
        (std::f64::consts::FRAC_1_SQRT_2, -0.7071067811865475),
    ] {
        v.push(Hub::Complex(backends::element::Cf64::new(re, im)));
    }
    v
}

/// Samples for the `extremal` template: extremal values alone (unary) or crossed (binary).
pub fn extremal(op: &OpInfo, dtype: DType, _seed: u64) -> Vec<Sample> {
    let vals: Vec<Vec<Hub>> = (0..op.nin)
        .map(|i| extremal_values(dtype, op.domain(i)))
        .collect();
    let branch = dtype.is_complex().then(|| complex_branch_points(dtype));
    match op.nin {
        1 => {
            let t = tensor_from_hubs(dtype, &[vals[0].len()], &vals[0]);
            let mut out = vec![sample(
                "extremal",
                format!("{} extremal values", vals[0].len()),
                vec![Arg::Tensor(t)],
            )];
            if let Some(b) = branch {
                let t = tensor_from_hubs(dtype, &[b.len()], &b);
                out.push(sample(
                    "extremal",
                    format!("{} complex branch points", b.len()),
                    vec![Arg::Tensor(t)],
                ));
            }
            out
        }
        2 => {
            // Every pair: a as a column, b as a row, so the cross product is a broadcast.
            let d = |i: usize| op.domain(i).operand_dtype(dtype);
            let a = tensor_from_hubs(d(0), &[vals[0].len(), 1], &vals[0]);
            let b = tensor_from_hubs(d(1), &[vals[1].len()], &vals[1]);
            let mut out = vec![sample(
                "extremal",
                format!("{} x {} extremal pairs", vals[0].len(), vals[1].len()),
                vec![Arg::Tensor(a), Arg::Tensor(b)],
            )];
            // Whole-number and half second operands (power's repeated-multiplication and
            // sqrt paths), against the branch points for complex and 1.5 otherwise.
            let small: &[f64] = match op.domain(1) {
                Domain::Any => &[2.0, 3.0, -1.0, -2.0, 0.5, 0.0],
                Domain::NonNegative => &[2.0, 3.0, 0.5, 0.0],
                _ => &[],
            };
            if dtype.is_inexact() && !small.is_empty() {
                let firsts = branch.unwrap_or_else(|| {
                    [1.5, -1.5, 0.75, 3.0].into_iter().map(Hub::Float).collect()
                });
                let mut seconds: Vec<Hub> = small.iter().map(|&x| Hub::Float(x)).collect();
                if dtype.is_complex() {
                    seconds = small
                        .iter()
                        .map(|&x| Hub::Complex(backends::element::Cf64::new(x, 0.0)))
                        .collect();
                }
                let a = tensor_from_hubs(dtype, &[firsts.len(), 1], &firsts);
                let b = tensor_from_hubs(dtype, &[seconds.len()], &seconds);
                out.push(sample(
                    "extremal",
                    format!(
                        "{} values x whole-number and half second operands",
                        firsts.len()
                    ),
                    vec![Arg::Tensor(a), Arg::Tensor(b)],
                ));
            }
            out
        }
        _ => {
            // Ternary: extremal first operand against extremal second/third in both orders.
            let n = vals[0].len();
            let a = tensor_from_hubs(dtype, &[n], &vals[0]);
            let rev: Vec<Hub> = vals[1].iter().rev().copied().collect();
            let b = tensor_from_hubs(dtype, &[vals[1].len(), 1], &vals[1]);
            let c = tensor_from_hubs(dtype, &[rev.len(), 1], &rev);
            vec![sample(
                "extremal",
                format!("{n} extremal values, crossed bounds"),
                vec![Arg::Tensor(a), Arg::Tensor(b), Arg::Tensor(c)],
            )]
        }
    }
}

/// Error inputs for the `errors` template: generic ones for every op, then the op's own.
pub fn errors(op: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    if op.nin >= 2 {
        let args = (0..op.nin)
            .map(|i| {
                Arg::Tensor(random(
                    dtype,
                    if i == 0 { &[3] } else { &[4] },
                    &mut rng,
                    op.domain(i),
                ))
            })
            .collect();
        out.push(ErrorInput {
            sample: sample(
                "error",
                "shapes (3,) and (4,) do not broadcast".into(),
                args,
            ),
            expected: ErrorKind::Value,
        });
    }
    out.extend(huge_operands(op, dtype, &mut rng));
    // NEP 50 refuses a Python int only where it must become an integer of the loop
    // (`np.arctan2(int8_arr, 300)` runs a float loop and is fine).
    // The bound is the loop's second input type (int32 for ldexp's exponent in any trial).
    let operands: Vec<backends::Operand> = (0..op.nin)
        .map(|i| backends::Operand::Array(op.domain(i).operand_dtype(dtype)))
        .collect();
    let int_loop = backends::ops::multi::loop_ufunc(op.name)
        .and_then(|u| u.resolve(&operands).ok())
        .and_then(|l| l.ins.get(1).copied().filter(|d| d.is_integer()));
    if let Some(int_dtype) =
        int_loop.filter(|_| op.weak_int_overflow && dtype.is_integer() && op.nin >= 2)
    {
        let (_, hi) = int_dtype.int_range().expect("integer dtype");
        let mut args: Vec<Arg> = (0..op.nin)
            .map(|i| Arg::Tensor(random(dtype, &[3], &mut rng, op.domain(i))))
            .collect();
        args[1] = Arg::Scalar(PyScalar::Int(hi + 1));
        out.push(ErrorInput {
            sample: sample(
                "error",
                format!("Python int {} out of range for {int_dtype}", hi + 1),
                args,
            ),
            expected: ErrorKind::Overflow,
        });
    }
    if op.variants.out {
        let args: Vec<Arg> = (0..op.nin)
            .map(|i| Arg::Tensor(random(dtype, &[2, 3], &mut rng, op.domain(i))))
            .collect();
        if let Ok(rs) = op.call(&Sample::new("probe", "", args.clone())) {
            let r = &rs[0];
            // Every output's out= of a wrong shape (one per output of a multi-output ufunc).
            let s = sample(
                "error",
                "out= of shape (3,) for a (2, 3) result".into(),
                args.clone(),
            )
            .with_outs(rs.iter().map(|r| zeros(&[3], r.dtype())).collect());
            out.push(ErrorInput {
                sample: s,
                expected: ErrorKind::Value,
            });
            // An out= whose dtype the result cannot reach under same_kind.
            let narrower = match r.dtype().kind() {
                Kind::Complex => Some(DType::F64),
                Kind::Float => Some(DType::I64),
                Kind::Int => Some(DType::U8),
                Kind::UInt | Kind::Bool => None,
            };
            // The first output's out= replaced, the others of their result shapes and dtypes.
            let outs_with = |first: Tensor| -> Vec<Tensor> {
                let mut outs: Vec<Tensor> = rs.iter().map(|r| zeros(&[2, 3], r.dtype())).collect();
                outs[0] = first;
                outs
            };
            // A read-only out= (a broadcast view, even one that repeats nothing) is refused
            // before anything else is looked at.
            let read_only = |d: DType| zeros(&[2, 3], d).broadcast_to(&[2, 3]).expect("same shape");
            out.push(ErrorInput {
                sample: sample(
                    "error",
                    "out= a read-only broadcast view".into(),
                    args.clone(),
                )
                .with_outs(outs_with(read_only(r.dtype()))),
                expected: ErrorKind::Value,
            });
            if let Some(d) = narrower {
                // The first output's out= too narrow.
                let s = sample(
                    "error",
                    format!("out= of dtype {d} for a {} result", r.dtype()),
                    args.clone(),
                )
                .with_outs(outs_with(zeros(&[2, 3], d)));
                out.push(ErrorInput {
                    sample: s,
                    expected: ErrorKind::Casting,
                });
                // Too narrow and of the wrong shape: NumPy reports the casting error.
                let s = sample(
                    "error",
                    format!(
                        "out= of dtype {d} and shape (3,) for a (2, 3) {} result",
                        r.dtype()
                    ),
                    args.clone(),
                )
                .with_outs(outs_with(zeros(&[3], d)));
                out.push(ErrorInput {
                    sample: s,
                    expected: ErrorKind::Casting,
                });
                // Too narrow and read-only: NumPy reports the read-only out=.
                let s = sample(
                    "error",
                    format!("out= a read-only {d} view for a {} result", r.dtype()),
                    args,
                )
                .with_outs(outs_with(read_only(d)));
                out.push(ErrorInput {
                    sample: s,
                    expected: ErrorKind::Value,
                });
            }
        }
    }
    out.extend((op.extra_errors)(dtype));
    out
}
