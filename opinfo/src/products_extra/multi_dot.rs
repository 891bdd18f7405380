//! The record of `linalg.multi_dot`: chains of three (both of `_multi_dot_three`'s orders)
//! and more (the matrix-chain order), vectors at either end, two arrays (which are `dot`,
//! whatever their dimensions), empty inner and outer dimensions, strided views, mixed dtypes,
//! extremal values, and chains whose other order would overflow (so the order is checked,
//! not only the sum). Two arrays compare as `dot` ([`crate::dot_bound`]); longer chains
//! within the bound of [`super::chain_bound`], in NumPy's order.

use super::chain_bound::{self, leaf, product, Factor, Node};
use crate::dot_bound::{same_layout, values};
use crate::products::{dot_compare, record, RecordGens, NO_COMMON_WITH_BF16};
use crate::record::{OpInfo, Reference};
use crate::rng::Rng;
use crate::samples::{extremal_values, random, strided, tensor_from_hubs, ErrorInput, Sample};
use crate::Domain;
use backends::element::Hub;
use backends::linalg::multi_dot::multi_dot;
use backends::linalg::products::operand;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};

type Res<T> = std::result::Result<T, String>;

fn call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    if let Some((k, _)) = s.kwargs.first() {
        return Err(Error::Type {
            op: op.name,
            msg: format!("multi_dot() got an unexpected keyword argument '{k}'"),
        });
    }
    let arrays = s
        .args
        .iter()
        .map(|a| operand(op.name, a))
        .collect::<Result<Vec<_>>>()?;
    multi_dot(&arrays).map(|t| vec![t])
}

/// A chain of random arrays of `shapes`, all of `dtype`.
fn chain(kind: &'static str, dtype: DType, rng: &mut Rng, shapes: &[&[usize]]) -> Sample {
    Sample::new(
        kind,
        format!("{shapes:?}"),
        shapes
            .iter()
            .map(|s| Arg::Tensor(random(dtype, s, rng, Domain::Any)))
            .collect(),
    )
}

fn samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let shapes: &[&[&[usize]]] = &[
        &[&[2, 3], &[3, 4], &[4, 2]],
        &[&[3], &[3, 4], &[4, 2]],
        &[&[2, 3], &[3, 4], &[4]],
        &[&[3], &[3, 4], &[4]],
        // `(AB)C` and `A(BC)` each the cheaper.
        &[&[1, 10], &[10, 1], &[1, 10]],
        &[&[10, 1], &[1, 10], &[10, 1]],
        &[&[2, 3], &[3, 4], &[4, 5], &[5, 2]],
        &[&[10, 2], &[2, 8], &[8, 3], &[3, 7], &[7, 1]],
        &[&[3, 3], &[3, 3], &[3, 3], &[3, 3], &[3, 3], &[3, 3]],
        &[&[4], &[4, 2], &[2, 6], &[6, 3], &[3]],
        // Two arrays: `dot`, with its N-d and 0-d rules.
        &[&[2, 3, 4], &[4, 2]],
        &[&[3], &[3]],
        &[&[], &[2, 2]],
        // Empty dimensions.
        &[&[0, 3], &[3, 2], &[2, 4]],
        &[&[2, 0], &[0, 3], &[3, 2]],
        &[&[2, 3], &[3, 0], &[0, 4], &[4, 2]],
        &[&[40, 50], &[50, 30], &[30, 60]],
    ];
    let mut out: Vec<Sample> = shapes
        .iter()
        .map(|s| chain("sample", dtype, &mut rng, s))
        .collect();
    // Mixed dtypes: an int8 matrix in the middle (bool for bool).
    let mid = if dtype == DType::Bool {
        DType::Bool
    } else {
        DType::I8
    };
    out.push(Sample::new(
        "sample",
        format!("{} x {} x {}", dtype.name(), mid.name(), dtype.name()),
        vec![
            Arg::Tensor(random(dtype, &[2, 3], &mut rng, Domain::Any)),
            Arg::Tensor(random(mid, &[3, 4], &mut rng, Domain::Any)),
            Arg::Tensor(random(dtype, &[4, 2], &mut rng, Domain::Any)),
        ],
    ));
    out
}

/// Transposed, stepped, reversed, zero-stride and offset views in a chain of three.
fn noncontiguous(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let names = crate::samples::STRIDED;
    (0..names.len())
        .map(|k| {
            let a = strided(dtype, k, &mut rng, Domain::Any);
            let b = strided(dtype, k + 1, &mut rng, Domain::Any).transpose();
            let c = strided(dtype, k + 2, &mut rng, Domain::Any);
            Sample::new(
                "noncontiguous",
                format!(
                    "{} x {}.T x {}",
                    names[k],
                    names[(k + 1) % 5],
                    names[(k + 2) % 5]
                ),
                vec![Arg::Tensor(a), Arg::Tensor(b), Arg::Tensor(c)],
            )
        })
        .collect()
}

/// A power of two whose square overflows `dtype` (ten times it does not).
fn big(dtype: DType) -> f64 {
    let top = crate::dot_bound::max_finite(dtype);
    2f64.powi((top.log2() / 2.0).floor() as i32 + 1)
}

/// Every extremal value through a chain (rows `(x, h)`, a middle with zeros, columns
/// `(h, y)`); for floats, chains that stay finite in NumPy's order and overflow in the
/// other (`big * big` against `big * (big * small)`).
fn extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let v = extremal_values(dtype, Domain::Any);
    let e = v.len();
    let h = if dtype.is_inexact() {
        Hub::Float(1.5)
    } else {
        Hub::Int(3)
    };
    let zero = Hub::Int(0);
    let rows: Vec<Hub> = v.iter().flat_map(|&x| [x, h]).collect();
    let cols: Vec<Hub> = v.iter().map(|_| h).chain(v.iter().rev().copied()).collect();
    let mut out = vec![Sample::new(
        "extremal",
        format!("({e}, 2) x (2, 2) x (2, {e}) of extremal values"),
        vec![
            Arg::Tensor(tensor_from_hubs(dtype, &[e, 2], &rows)),
            Arg::Tensor(tensor_from_hubs(dtype, &[2, 2], &[h, zero, zero, h])),
            Arg::Tensor(tensor_from_hubs(dtype, &[2, e], &cols)),
        ],
    )];
    if dtype.is_inexact() {
        let (b, s) = (big(dtype), 1.0 / big(dtype));
        let m = |shape: &[usize], x: f64| {
            let n: usize = shape.iter().product();
            Arg::Tensor(tensor_from_hubs(dtype, shape, &vec![Hub::Float(x); n]))
        };
        out.push(Sample::new(
            "extremal",
            "A(BC) stays finite, (AB)C overflows",
            vec![m(&[10, 1], b), m(&[1, 10], b), m(&[10, 1], s)],
        ));
        out.push(Sample::new(
            "extremal",
            "(AB)C stays finite, A(BC) overflows",
            vec![m(&[1, 10], s), m(&[10, 1], b), m(&[1, 10], b)],
        ));
        out.push(Sample::new(
            "extremal",
            "four matrices: the chain order avoids A B",
            vec![
                m(&[10, 1], b),
                m(&[1, 10], b),
                m(&[10, 1], s),
                m(&[1, 1], 1.0),
            ],
        ));
    }
    out
}

/// The trial's dtype at both ends of a chain of three and every other dtype in the middle
/// (ml_dtypes' bfloat16 has no common dtype with the wider integers and float16: NumPy's
/// `dot` falls back to object arrays there, outside the engine's dtypes).
fn result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let pair = |x: DType, y: DType| x == DType::BF16 && NO_COMMON_WITH_BF16.contains(&y);
    DType::ALL
        .iter()
        .filter(|&&o| !(pair(d, o) || pair(o, d)))
        .map(|&o| {
            Sample::new(
                "result_dtype",
                format!("{} x {} x {}", d.name(), o.name(), d.name()),
                vec![
                    Arg::Tensor(random(d, &[2, 3], &mut rng, Domain::Any)),
                    Arg::Tensor(random(o, &[3, 2], &mut rng, Domain::Any)),
                    Arg::Tensor(random(d, &[2, 2], &mut rng, Domain::Any)),
                ],
            )
        })
        .collect()
}

fn errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    use ErrorKind::{LinAlg, Value};
    let mut rng = Rng::new(seed);
    let cases: &[(&str, &[&[usize]], ErrorKind)] = &[
        ("one array", &[&[2, 2]], Value),
        ("no arrays", &[], Value),
        (
            "a 3-d middle array",
            &[&[2, 3], &[3, 2], &[2, 3, 4]],
            LinAlg,
        ),
        ("a 3-d first array", &[&[2, 2, 3], &[3, 2], &[2, 2]], LinAlg),
        ("a 0-d first array", &[&[], &[1, 2], &[2, 3]], LinAlg),
        ("a 1-d middle array", &[&[2, 3], &[3], &[3, 2]], LinAlg),
        ("not aligned", &[&[2, 3], &[4, 2], &[2, 2]], Value),
        ("not aligned, vector ends", &[&[3], &[3, 2], &[3]], Value),
        (
            "not aligned, four",
            &[&[2, 3], &[3, 4], &[5, 2], &[2, 2]],
            Value,
        ),
        ("two arrays not aligned (dot)", &[&[2, 3], &[2, 3]], Value),
    ];
    cases
        .iter()
        .map(|(what, shapes, kind)| {
            let mut s = chain("error", dtype, &mut rng, shapes);
            s.description = format!("{what}: {}", s.description);
            ErrorInput {
                sample: s,
                expected: *kind,
            }
        })
        .collect()
}

/// `_multi_dot_matrix_chain_order`'s splits, in this comparison's own arithmetic.
fn splits(p: &[usize]) -> Vec<Vec<usize>> {
    let n = p.len() - 1;
    let mut m = vec![vec![0f64; n]; n];
    let mut s = vec![vec![0usize; n]; n];
    for l in 1..n {
        for i in 0..n - l {
            let j = i + l;
            m[i][j] = f64::INFINITY;
            for k in i..j {
                let q = m[i][k] + m[k + 1][j] + (p[i] as f64 * p[k + 1] as f64 * p[j + 1] as f64);
                if q < m[i][j] {
                    m[i][j] = q;
                    s[i][j] = k;
                }
            }
        }
    }
    s
}

/// The bound of `factors[i..=j]` split as `s` says.
fn ordered(factors: &[Node], s: &[Vec<usize>], i: usize, j: usize) -> Res<Node> {
    if i == j {
        return Ok(factors[i].clone());
    }
    let k = s[i][j];
    product(
        &ordered(factors, s, i, k)?,
        &ordered(factors, s, k + 1, j)?,
        false,
    )
}

fn compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    if s.args.len() == 2 {
        return dot_compare(s, got, want);
    }
    same_layout(got, want)?;
    let (g, w) = match (got, want) {
        ([g], [w]) => (g, w),
        _ => return Err("multi_dot has one output".into()),
    };
    if !w.dtype().is_inexact() {
        return chain_bound::exact(g, w);
    }
    let (gv, wv) = (values(g)?, values(w)?);
    let n = s.args.len();
    let arrays = s
        .args
        .iter()
        .map(|a| operand("multi_dot", a).map_err(|e| e.to_string()))
        .collect::<Res<Vec<_>>>()?;
    let vals = arrays.iter().map(values).collect::<Res<Vec<_>>>()?;
    let mut dims = Vec::with_capacity(n);
    for (i, t) in arrays.iter().enumerate() {
        dims.push(match (t.shape(), i) {
            ([k], 0) => (1, *k),
            ([k], i) if i == n - 1 => (*k, 1),
            ([r, c], _) => (*r, *c),
            (sh, _) => return Err(format!("operand {i} of shape {sh:?} in a chain")),
        });
    }
    let nodes: Vec<Node> = (0..n)
        .map(|i| {
            leaf(&Factor {
                values: &vals[i],
                rows: dims[i].0,
                cols: dims[i].1,
                dtype: arrays[i].dtype(),
                abs_err: 0.0,
                rel_err: 0.0,
            })
        })
        .collect();
    let root = if n == 3 {
        let ((a0, a1b0), (b1c0, c1)) = (dims[0], dims[2]);
        if a0 * b1c0 * (a1b0 + c1) < a1b0 * c1 * (a0 + b1c0) {
            product(&product(&nodes[0], &nodes[1], false)?, &nodes[2], false)?
        } else {
            product(&nodes[0], &product(&nodes[1], &nodes[2], false)?, false)?
        }
    } else {
        let mut p: Vec<usize> = dims.iter().map(|d| d.0).collect();
        p.push(dims[n - 1].1);
        ordered(&nodes, &splits(&p), 0, n - 1)?
    };
    chain_bound::compare(&root, &gv, &wv, w.dtype(), "the chain")
}

/// The record.
pub(crate) fn records() -> Vec<OpInfo> {
    let mut r = record(
        "linalg.multi_dot",
        3,
        call,
        RecordGens {
            sample: samples,
            noncontiguous,
            broadcasting: None,
            extremal,
            errors,
            result_dtype,
        },
        Some(compare),
        true,
    );
    r.reference = Reference::Expr("lambda *arrays: np.linalg.multi_dot(list(arrays))");
    r.precision = crate::record::Precision::Tol(
        "a chain of products rounds in NumPy's order: compared within the bound of that \
         order's products (see opinfo::products_extra::chain_bound)",
    );
    vec![r]
}

#[cfg(test)]
mod tests {
    use super::splits;

    #[test]
    fn chain_order_is_cormens() {
        // CLRS 15.2: A1..A6 of 30x35, 35x15, 15x5, 5x10, 10x20, 20x25 split ((A1(A2A3))((A4A5)A6)).
        let s = splits(&[30, 35, 15, 5, 10, 20, 25]);
        assert_eq!(s[0][5], 2);
        assert_eq!(s[0][2], 0);
        assert_eq!(s[3][5], 4);
    }
}
