//! The record of `linalg.matrix_power`: every exponent path of NumPy's (0: the identity of the
//! input's dtype; 1: the input; 2, 3; larger ones by binary decomposition, up to 2**40;
//! negative ones through `inv`, float64 for integers and bool), stacks (one past the
//! threading threshold), empty matrices and stacks, the exponent as a keyword and as `True`,
//! transposed storage, extremal values; NumPy's errors (too few dimensions and non-square
//! matrices before a non-integer exponent, singular matrices and float16 with a negative
//! exponent). Compared within the bound of [`super::chain_bound`] over NumPy's order of
//! products; a negative power's factor is an inverse the comparison computes itself (plain
//! Gauss-Jordan in complex128), with Gaussian elimination's backward error through the
//! condition as the error of both sides' inverses ([`crate::lu_bound`]).

use super::chain_bound::{self, leaf, product, Factor, Node};
use crate::dot_bound::{same_layout, values};
use crate::kwargs::{self, Kw};
use crate::linalg_lu::well;
use crate::lu_bound::{backward, frobenius, stack};
use crate::products::{record, RecordGens};
use crate::record::OpInfo;
use crate::rng::Rng;
use crate::samples::{extremal_values, random, tensor_from_hubs, ErrorInput, Sample};
use crate::tolerance::eps;
use crate::Domain;
use backends::element::{Cf64, Hub};
use backends::linalg::products::operand;
use backends::{Arg, DType, Error, ErrorKind, PyScalar, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

/// The exponent of a call: the second positional argument or `n=`. An array there is
/// `operator.index`ed as NumPy does (a 0-d integer array is its value); anything else is left
/// for the engine to refuse after its matrix checks (NumPy checks the stack first).
fn exponent(op: &'static str, s: &Sample) -> Result<PyScalar> {
    let refused = PyScalar::Float(f64::NAN);
    let of_tensor = |t: &Tensor| -> PyScalar {
        if t.ndim() != 0 || t.dtype().is_inexact() || t.dtype() == DType::Bool {
            return refused;
        }
        t.astype(DType::I64, backends::Casting::Unsafe)
            .and_then(|c| c.to_vec::<i64>())
            .ok()
            .and_then(|v| v.first().copied())
            .map_or(refused, |v| PyScalar::Int(i128::from(v)))
    };
    let kw = kwargs::get(&s.kwargs, "n");
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| *k != "n") {
        return Err(Error::Type {
            op,
            msg: format!("matrix_power() got an unexpected keyword argument '{k}'"),
        });
    }
    match (s.args.get(1), kw, s.args.len()) {
        (_, _, n) if n > 2 => Err(Error::Type {
            op,
            msg: format!("matrix_power() takes 2 positional arguments but {n} were given"),
        }),
        (Some(_), Some(_), _) => Err(Error::Type {
            op,
            msg: "matrix_power() got multiple values for argument 'n'".into(),
        }),
        (Some(Arg::Scalar(x)), None, _) => Ok(*x),
        (Some(Arg::Tensor(t)), None, _) => Ok(of_tensor(t)),
        (None, Some(k), _) => Ok(match k {
            Kw::Int(i) => PyScalar::Int(i128::from(*i)),
            Kw::Bool(b) => PyScalar::Bool(*b),
            Kw::Scalar(x) => *x,
            Kw::Tensor(t) => of_tensor(t),
            _ => refused,
        }),
        (None, None, _) => Err(Error::Type {
            op,
            msg: "matrix_power() missing 1 required positional argument: 'n'".into(),
        }),
    }
}

fn call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let n = exponent(op.name, s)?;
    let a = match s.args.first() {
        Some(a) => operand(op.name, a)?,
        None => {
            return Err(Error::Type {
                op: op.name,
                msg: "matrix_power() missing 1 required positional argument: 'a'".into(),
            })
        }
    };
    a.matrix_power(n).map(|t| vec![t])
}

/// `a ** n` as a sample (the exponent positional).
fn pw(a: Tensor, n: i128) -> Sample {
    Sample::new(
        "sample",
        format!("{:?} ** {n}", a.shape()),
        vec![Arg::Tensor(a), Arg::Scalar(PyScalar::Int(n))],
    )
}

fn samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let r = &mut rng;
    let any = |shape: &[usize], r: &mut Rng| random(dtype, shape, r, Domain::Any);
    // Magnitudes near 1 for the higher powers, which stay in range then.
    let near = |shape: &[usize], r: &mut Rng| random(dtype, shape, r, Domain::NearOne);
    let mut out = vec![
        pw(any(&[3, 3], r), 2),
        pw(any(&[3, 3], r), 0),
        pw(any(&[3, 3], r), 1),
        pw(any(&[3, 3], r), 3),
        pw(near(&[3, 3], r), 4),
        pw(near(&[3, 3], r), 5),
        pw(near(&[3, 3], r), 7),
        pw(near(&[3, 3], r), 13),
        pw(any(&[2, 3, 3], r), 3),
        pw(near(&[4, 2, 2], r), 6),
        pw(any(&[2, 1, 3, 3], r), 2),
        pw(near(&[1, 1], r), 5),
        pw(any(&[0, 0], r), 3),
        pw(any(&[2, 0, 0], r), 2),
        pw(any(&[0, 3, 3], r), 4),
        pw(any(&[2, 3, 3], r), 0),
        pw(near(&[24, 24], r), 2),
        pw(near(&[20, 16, 16], r), 3),
        Sample::new(
            "sample",
            "[3, 3], n=4 as a keyword",
            vec![Arg::Tensor(near(&[3, 3], r))],
        )
        .kw("n", Kw::Int(4)),
        Sample::new(
            "sample",
            "[3, 3] ** True",
            vec![
                Arg::Tensor(any(&[3, 3], r)),
                Arg::Scalar(PyScalar::Bool(true)),
            ],
        ),
    ];
    // [[1, 1], [0, 1]] ** 2**40 = [[1, 2**40], [0, 1]]: wraps for the integers, exact in
    // float32 and float64, infinite for float16.
    let shear = [1.0, 1.0, 0.0, 1.0];
    out.push(pw(
        crate::linalg_lu::exact(dtype, 2, &shear)
            .reshape(&[2, 2])
            .expect("2x2"),
        1 << 40,
    ));
    // Negative powers: inverses (float16 is refused there: an error input).
    if dtype != DType::F16 {
        out.extend([
            pw(well(dtype, &[], 3, r), -1),
            pw(well(dtype, &[], 3, r), -2),
            pw(well(dtype, &[], 3, r), -3),
            pw(well(dtype, &[], 2, r), -5),
            pw(well(dtype, &[2], 3, r), -1),
            pw(well(dtype, &[], 0, r), -1),
        ]);
    }
    out
}

/// Stacks of 2x2 matrices around each extremal value, squared and cubed.
fn extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let v = extremal_values(dtype, Domain::Any);
    let e = v.len();
    let h = if dtype.is_inexact() {
        Hub::Float(1.5)
    } else {
        Hub::Int(3)
    };
    let zero = Hub::Int(0);
    let full: Vec<Hub> = v.iter().flat_map(|&x| [x, h, h, x]).collect();
    let diagonal: Vec<Hub> = v.iter().flat_map(|&x| [x, zero, zero, x]).collect();
    let mut out = Vec::new();
    for (what, hubs) in [("[[x, h], [h, x]]", &full), ("[[x, 0], [0, x]]", &diagonal)] {
        for n in [2, 3, 4] {
            let mut s = pw(tensor_from_hubs(dtype, &[e, 2, 2], hubs), n);
            s.kind = "extremal";
            s.description = format!("{e} matrices {what} ** {n}");
            out.push(s);
        }
    }
    out
}

fn result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    [0, 1, 2, 3, 5, -1]
        .into_iter()
        .map(|n| {
            let mut s = pw(well(d, &[], 2, &mut rng), n);
            s.kind = "result_dtype";
            s
        })
        .collect()
}

fn errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    use ErrorKind::{LinAlg, Type};
    let mut rng = Rng::new(seed);
    let mk = |what: &str, a: Tensor, n: Option<PyScalar>, kind: ErrorKind| {
        let mut args = vec![Arg::Tensor(a)];
        args.extend(n.map(Arg::Scalar));
        ErrorInput {
            sample: Sample::new("error", what, args),
            expected: kind,
        }
    };
    let int = |n| Some(PyScalar::Int(n));
    let mut out = vec![
        mk(
            "a 1-d array",
            random(dtype, &[3], &mut rng, Domain::Any),
            int(2),
            LinAlg,
        ),
        mk(
            "a 0-d array",
            random(dtype, &[], &mut rng, Domain::Any),
            int(2),
            LinAlg,
        ),
        mk(
            "a 2x3 matrix",
            random(dtype, &[2, 3], &mut rng, Domain::Any),
            int(2),
            LinAlg,
        ),
        mk(
            "3x2 matrices",
            random(dtype, &[2, 3, 2], &mut rng, Domain::Any),
            int(0),
            LinAlg,
        ),
        mk(
            "a 2x3 matrix ** 1.5 (the stack is checked first)",
            random(dtype, &[2, 3], &mut rng, Domain::Any),
            Some(PyScalar::Float(1.5)),
            LinAlg,
        ),
        mk(
            "** 1.5",
            well(dtype, &[], 2, &mut rng),
            Some(PyScalar::Float(1.5)),
            Type,
        ),
        mk(
            "** 2.0",
            well(dtype, &[], 2, &mut rng),
            Some(PyScalar::Float(2.0)),
            Type,
        ),
        mk(
            "** 1j",
            well(dtype, &[], 2, &mut rng),
            Some(PyScalar::Complex(0.0, 1.0)),
            Type,
        ),
        mk("no exponent", well(dtype, &[], 2, &mut rng), None, Type),
        mk(
            "a singular matrix ** -1",
            crate::linalg_lu::exact(dtype, 2, &[1.0, 2.0, 2.0, 4.0]),
            int(-1),
            LinAlg,
        ),
        mk(
            "zeros ** -2",
            crate::linalg_lu::exact(dtype, 2, &[0.0; 4]),
            int(-2),
            LinAlg,
        ),
    ];
    if dtype == DType::F16 {
        out.push(mk(
            "float16 ** -1",
            well(dtype, &[], 2, &mut rng),
            int(-1),
            Type,
        ));
    }
    out
}

/// The inverse of the `n x n` matrix `a` by Gauss-Jordan with partial pivoting, `None` when a
/// pivot is exactly zero: only the bound's factor, never an expectation.
fn inverse(a: &[Cf64], n: usize) -> Option<Vec<Cf64>> {
    let mut m = a.to_vec();
    let mut inv: Vec<Cf64> = (0..n * n)
        .map(|k| Cf64::new(f64::from(u8::from(k / n == k % n)), 0.0))
        .collect();
    for c in 0..n {
        let p = (c..n).max_by(|&i, &j| m[i * n + c].norm().total_cmp(&m[j * n + c].norm()))?;
        if m[p * n + c].norm() == 0.0 {
            return None;
        }
        for k in 0..n {
            m.swap(c * n + k, p * n + k);
            inv.swap(c * n + k, p * n + k);
        }
        let d = m[c * n + c];
        for k in 0..n {
            m[c * n + k] /= d;
            inv[c * n + k] /= d;
        }
        for r in (0..n).filter(|&r| r != c) {
            let f = m[r * n + c];
            for k in 0..n {
                let (mv, iv) = (m[c * n + k], inv[c * n + k]);
                m[r * n + k] -= f * mv;
                inv[r * n + k] -= f * iv;
            }
        }
    }
    inv.iter()
        .all(|z| z.re.is_finite() && z.im.is_finite())
        .then_some(inv)
}

/// `x ** n` (`n >= 1`) in NumPy's order of products (see `backends::linalg::matrix_power`,
/// written here again from NumPy's source: the comparison does not take the engine's word).
fn power(x: Node, n: u128) -> Res<Node> {
    let mul = |a: &Node, b: &Node| product(a, b, true);
    match n {
        1 => return Ok(x),
        2 => return mul(&x, &x),
        3 => return mul(&mul(&x, &x)?, &x),
        _ => {}
    }
    let (mut z, mut result, mut n) = (None::<Node>, None::<Node>, n);
    while n > 0 {
        let next = match &z {
            None => x.clone(),
            Some(z) => mul(z, z)?,
        };
        if n % 2 == 1 {
            result = Some(match &result {
                None => next.clone(),
                Some(r) => mul(r, &next)?,
            });
        }
        z = Some(next);
        n /= 2;
    }
    result.ok_or_else(|| "no set bit".to_string())
}

fn compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (g, w) = match (got, want) {
        ([g], [w]) => (g, w),
        _ => return Err("matrix_power has one output".into()),
    };
    let n = match exponent("matrix_power", s).map_err(|e| e.to_string())? {
        PyScalar::Int(n) => n,
        PyScalar::Bool(b) => i128::from(b),
        x => return Err(format!("a result for the exponent {x:?}")),
    };
    let d = w.dtype();
    let (gv, wv) = (values(g)?, values(w)?);
    // The identity and the input itself: exactly NumPy's.
    if n == 0 || n == 1 || !d.is_inexact() {
        return chain_bound::exact(g, w);
    }
    let a = s.tensor(0).ok_or("a matrix operand")?;
    let (mats, order, _) = stack(a)?;
    let size = order * order;
    for (k, m) in mats.iter().enumerate() {
        let what = format!("matrix {k}");
        let own;
        let factor = if n < 0 {
            own = match inverse(m, order) {
                Some(x) => x,
                None => continue,
            };
            // Both sides invert in float64 (within g(n) eps ||A|| ||A^-1||^2 of the exact
            // inverse), then round to a single-precision result.
            let single = matches!(d, DType::F32 | DType::C64);
            Factor {
                values: &own,
                rows: order,
                cols: order,
                dtype: d,
                abs_err: backward(order) * frobenius(m) * frobenius(&own).powi(2),
                rel_err: if single { eps(d) / 2.0 } else { 0.0 },
            }
        } else {
            Factor {
                values: m,
                rows: order,
                cols: order,
                dtype: a.dtype(),
                abs_err: 0.0,
                rel_err: 0.0,
            }
        };
        let node = power(leaf(&factor), n.unsigned_abs())?;
        let block = k * size..(k + 1) * size;
        chain_bound::compare(&node, &gv[block.clone()], &wv[block], d, &what)?;
    }
    Ok(())
}

/// The record.
pub(crate) fn records() -> Vec<OpInfo> {
    let mut r = record(
        "linalg.matrix_power",
        1,
        call,
        RecordGens {
            sample: samples,
            noncontiguous: crate::linalg_lu::noncontiguous,
            broadcasting: None,
            extremal,
            errors,
            result_dtype,
        },
        Some(compare),
        true,
    );
    r.precision = crate::record::Precision::Tol(
        "repeated products round in NumPy's order: compared within the bound of that \
         order's products (see opinfo::products_extra::chain_bound)",
    );
    vec![r]
}
