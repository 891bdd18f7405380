//! The record of `einsum` (`optimize=False`): matrix and batched products, trace, diagonal,
//! outer products, transposes, sums over all and some labels, implicit outputs (upper case
//! before lower case), ellipses in both modes and broadcasting under them, labels repeated in
//! one operand, three operands, 0-d and empty operands, size-1 dimensions broadcast per label,
//! spaces, one contraction past the engine's threading threshold; every dtype (bfloat16 only
//! in NumPy's view path: the rest is its TypeError), mixed dtypes, strided views, extremal
//! values; NumPy's ValueErrors for bad subscripts, the iterator's size and MemoryError.
//!
//! The subscripts travel as the keyword `subscripts=` (a `Kw::Str`). A call without it is
//! `'...'` per operand (the elementwise product, broadcast): the `dtypes` and `variants`
//! templates call the record's first sample's operands without its keywords, and the first
//! sample (`ij->ji`, one operand) works with that default in every dtype, bfloat16 too.
//!
//! Sums compare within the error bound of a sum of products ([`compare`]), whose terms this
//! module enumerates from the subscripts by index arithmetic of its own; integers and bool
//! compare exactly.

use crate::dot_bound::{max_finite, same, same_layout, values};
use crate::kwargs::{self, Kw};
use crate::products::{record, RecordGens};
use crate::record::{OpInfo, Reference};
use crate::rng::Rng;
use crate::samples::{extremal_values, random, strided, tensor_from_hubs, ErrorInput, Sample};
use crate::tolerance::{eps, min_subnormal};
use crate::Domain;
use backends::element::{Cf64, Hub};
use backends::linalg::products::operand;
use backends::ops::view::Slice;
use backends::{Arg, DType, Error, ErrorKind, Result, Tensor};
use std::collections::BTreeMap;

type Res<T> = std::result::Result<T, String>;

/// The subscripts of a call: `subscripts=`, else `'...'` for each operand (see the module
/// docs).
fn subscripts(op: &OpInfo, s: &Sample) -> Result<String> {
    if let Some((k, _)) = s.kwargs.iter().find(|(k, _)| *k != "subscripts") {
        return Err(Error::Type {
            op: op.name,
            msg: format!("einsum() got an unexpected keyword argument '{k}'"),
        });
    }
    match kwargs::get(&s.kwargs, "subscripts") {
        None => Ok(vec!["..."; s.args.len()].join(",")),
        Some(Kw::Str(x)) => Ok(x.to_string()),
        Some(v) => Err(Error::Type {
            op: op.name,
            msg: format!(
                "subscripts={} is not a string (each subscript must be either an integer or \
                 an ellipsis)",
                kwargs::show(v)
            ),
        }),
    }
}

fn call(op: &OpInfo, s: &Sample) -> Result<Vec<Tensor>> {
    let sub = subscripts(op, s)?;
    let ops = s
        .args
        .iter()
        .map(|a| operand(op.name, a))
        .collect::<Result<Vec<_>>>()?;
    let refs: Vec<&Tensor> = ops.iter().collect();
    Tensor::einsum(&sub, &refs).map(|t| vec![t])
}

/// A call of `subscripts` on random operands of `shapes`.
fn case(
    kind: &'static str,
    sub: &'static str,
    shapes: &[&[usize]],
    dtype: DType,
    rng: &mut Rng,
) -> Sample {
    let args = shapes
        .iter()
        .map(|s| Arg::Tensor(random(dtype, s, rng, Domain::Any)))
        .collect();
    Sample::new(kind, format!("{shapes:?}"), args).kw("subscripts", Kw::Str(sub))
}

type Cases<'a> = &'a [(&'static str, &'a [&'a [usize]])];

fn cases(kind: &'static str, list: Cases<'_>, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    list.iter()
        .map(|(sub, shapes)| case(kind, sub, shapes, dtype, &mut rng))
        .collect()
}

fn samples(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let list: Cases<'_> = &[
        // First: one operand, a view in every dtype (the dtypes/variants probe).
        ("ij->ji", &[&[3, 4]]),
        ("ij,jk->ik", &[&[3, 4], &[4, 2]]),
        ("ij,jk", &[&[2, 3], &[3, 4]]),
        ("bij,bjk->bik", &[&[2, 3, 4], &[2, 4, 2]]),
        ("ii", &[&[4, 4]]),
        ("ii->i", &[&[4, 4]]),
        ("i,j->ij", &[&[3], &[4]]),
        ("i,j", &[&[3], &[4]]),
        ("ji", &[&[3, 4]]),
        ("ij->", &[&[3, 4]]),
        ("ij->j", &[&[3, 4]]),
        ("i,i", &[&[5], &[5]]),
        ("ab,cd->", &[&[2, 3], &[3, 2]]),
        // Implicit outputs in ASCII order: upper case before lower case.
        ("bA,Cb", &[&[2, 3], &[4, 2]]),
        ("zA", &[&[2, 3]]),
        ("aZb", &[&[2, 3, 4]]),
        ("Ba,ab", &[&[2, 3], &[3, 4]]),
        // Ellipses, both modes.
        ("...ij,...jk->...ik", &[&[2, 3, 4], &[4, 2]]),
        ("...ij,...jk", &[&[2, 1, 3, 4], &[5, 4, 2]]),
        ("i...->...", &[&[3, 2, 4]]),
        ("...i,...i", &[&[2, 3], &[4, 1, 3]]),
        ("ij...,jk...->ik...", &[&[2, 3, 4], &[3, 2, 1]]),
        ("...ii->...i", &[&[2, 3, 3]]),
        ("i...i", &[&[3, 2, 3]]),
        ("ij->...ij", &[&[2, 3]]),
        ("...ij->ij", &[&[2, 3]]),
        // Labels repeated in one operand.
        ("iij->ji", &[&[3, 3, 2]]),
        ("iij->j", &[&[3, 3, 2]]),
        ("iji,j->i", &[&[3, 2, 3], &[2]]),
        ("ii,ii->i", &[&[3, 3], &[3, 3]]),
        // Three operands.
        ("ij,jk,kl->il", &[&[2, 3], &[3, 4], &[4, 2]]),
        ("i,i,i->", &[&[4], &[4], &[4]]),
        ("i,j,k", &[&[2], &[3], &[2]]),
        ("ij,j,i->j", &[&[3, 2], &[2], &[3]]),
        // 0-d operands.
        (",ij->ij", &[&[], &[2, 3]]),
        ("", &[&[]]),
        ("->", &[&[]]),
        (",", &[&[], &[]]),
        ("i,->i", &[&[3], &[]]),
        ("...,...", &[&[], &[2, 2]]),
        // Empty dimensions.
        ("ij,jk->ik", &[&[2, 0], &[0, 3]]),
        ("ij,jk->ik", &[&[0, 3], &[3, 2]]),
        ("i->", &[&[0]]),
        ("ii", &[&[0, 0]]),
        ("ij->ji", &[&[0, 3]]),
        ("i,i->i", &[&[0], &[1]]),
        // Spaces.
        (" ij , jk -> ik ", &[&[2, 3], &[3, 2]]),
        // Past the threading threshold, and a long contraction.
        ("ij,jk->ik", &[&[50, 60], &[60, 40]]),
        ("i,i->", &[&[3000], &[3000]]),
    ];
    let mut out = cases("sample", list, dtype, seed);
    // Mixed dtypes: int8 (bool for bool) and float64 beside the trial's.
    let mut rng = Rng::new(seed ^ 0x65);
    let small = if dtype == DType::Bool {
        DType::Bool
    } else {
        DType::I8
    };
    for other in [small, DType::F64] {
        out.push(
            Sample::new(
                "sample",
                format!("{} x {} [2, 3] x [3, 2]", dtype.name(), other.name()),
                vec![
                    Arg::Tensor(random(dtype, &[2, 3], &mut rng, Domain::Any)),
                    Arg::Tensor(random(other, &[3, 2], &mut rng, Domain::Any)),
                ],
            )
            .kw("subscripts", Kw::Str("ij,jk->ik")),
        );
    }
    out
}

/// Size-1 dimensions broadcast per label, and ellipses broadcast.
fn broadcasting(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let list: Cases<'_> = &[
        ("ij,ij->ij", &[&[2, 3], &[1, 3]]),
        ("ij,ij->ij", &[&[2, 3], &[2, 1]]),
        ("ij,ij->", &[&[2, 1], &[2, 3]]),
        ("ij,jk->ik", &[&[2, 1], &[3, 4]]),
        ("i,i", &[&[1], &[4]]),
        ("ii,i->i", &[&[3, 3], &[1]]),
        ("i,i->i", &[&[0], &[1]]),
        ("...,...", &[&[2, 3], &[3]]),
        ("...i,...i->...", &[&[3, 1, 2], &[4, 2]]),
        ("...j,j...->...", &[&[2, 1, 3], &[3, 5]]),
        ("a...,a...", &[&[2, 1, 4], &[2, 3, 1]]),
    ];
    cases("broadcast", list, dtype, seed)
}

/// Transposed, stepped, reversed, zero-stride and offset `[3, 4]` views.
fn noncontiguous(_: &OpInfo, dtype: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let names = crate::samples::STRIDED;
    let mut out = Vec::new();
    for k in 0..names.len() {
        let a = strided(dtype, k, &mut rng, Domain::Any);
        let b = strided(dtype, k + 1, &mut rng, Domain::Any).transpose();
        let c = strided(dtype, k + 2, &mut rng, Domain::Any);
        let what = |s: &str| {
            format!(
                "{} / {} / {}: {s}",
                names[k],
                names[(k + 1) % 5],
                names[(k + 2) % 5]
            )
        };
        let mk = |sub: &'static str, args: Vec<&Tensor>| {
            Sample::new(
                "noncontiguous",
                what(sub),
                args.into_iter().map(|t| Arg::Tensor(t.clone())).collect(),
            )
            .kw("subscripts", Kw::Str(sub))
        };
        out.push(mk("ij,jk->ik", vec![&a, &b]));
        out.push(mk("ij,ij->i", vec![&a, &c]));
        out.push(mk("ij->ji", vec![&a]));
        out.push(mk("ij->", vec![&c]));
        out.push(mk("ij,jk,kl->il", vec![&a, &b, &c]));
    }
    // A stepped square (a diagonal of a strided view) and a reversed vector.
    let sq = random(dtype, &[4, 8], &mut rng, Domain::Any)
        .slice(&[Slice::step(1), Slice::step(2)])
        .expect("a valid view");
    let v = random(dtype, &[8], &mut rng, Domain::Any)
        .slice(&[Slice::step(-2)])
        .expect("a valid view");
    for sub in ["ii->i", "ii", "ij,j->i", "ji,j"] {
        let args = if sub.contains(',') {
            vec![Arg::Tensor(sq.clone()), Arg::Tensor(v.clone())]
        } else {
            vec![Arg::Tensor(sq.clone())]
        };
        out.push(
            Sample::new(
                "noncontiguous",
                format!("[:, ::2] square, [::-2] vector: {sub}"),
                args,
            )
            .kw("subscripts", Kw::Str(sub)),
        );
    }
    out
}

/// The value of `dtype` standing beside an extremal value in a two-term sum.
fn companion(dtype: DType) -> Hub {
    match dtype {
        DType::Bool => Hub::Bool(true),
        d if d.is_inexact() => Hub::Float(1.5),
        _ => Hub::Int(3),
    }
}

/// Extremal values in every product of two (`i,j->ij`), elementwise against themselves
/// reversed (`i,i->i`), each pair's product plus 1.5 times another (`ik,kj->ij`, `k = 2`),
/// three-way products (an intermediate product that overflows), sums of them all, and a
/// trace.
fn extremal(_: &OpInfo, dtype: DType, _: u64) -> Vec<Sample> {
    let v = extremal_values(dtype, Domain::Any);
    let e = v.len();
    let h = companion(dtype);
    let vec_of = |x: &[Hub]| Arg::Tensor(tensor_from_hubs(dtype, &[x.len()], x));
    let rev: Vec<Hub> = v.iter().rev().copied().collect();
    let rows2: Vec<Hub> = v.iter().flat_map(|&x| [x, h]).collect();
    let cols2: Vec<Hub> = v.iter().map(|_| h).chain(rev.iter().copied()).collect();
    let mut diag = vec![Hub::Int(0); e * e];
    for (i, &x) in v.iter().enumerate() {
        diag[i * e + i] = x;
    }
    let mk = |sub: &'static str, what: String, args: Vec<Arg>| {
        Sample::new("extremal", what, args).kw("subscripts", Kw::Str(sub))
    };
    vec![
        mk(
            "i,j->ij",
            format!("{e} x {e} extremal products"),
            vec![vec_of(&v), vec_of(&v)],
        ),
        mk(
            "i,i->i",
            format!("{e} extremal values x reversed"),
            vec![vec_of(&v), vec_of(&rev)],
        ),
        mk(
            "ik,kj->ij",
            format!("{e} x {e} extremal terms (k = 2)"),
            vec![
                Arg::Tensor(tensor_from_hubs(dtype, &[e, 2], &rows2)),
                Arg::Tensor(tensor_from_hubs(dtype, &[2, e], &cols2)),
            ],
        ),
        mk(
            "i,i,j->ij",
            format!("{e} x {e} three-way extremal products"),
            vec![vec_of(&v), vec_of(&v), vec_of(&rev)],
        ),
        mk(
            "i->",
            format!("the sum of {e} extremal values"),
            vec![vec_of(&v)],
        ),
        mk(
            "ij,j->i",
            format!("{e} x {e} extremal rows against 1.5"),
            vec![
                Arg::Tensor(tensor_from_hubs(dtype, &[1, e], &v)),
                vec_of(&vec![h; e]),
            ],
        ),
        mk(
            "ii",
            format!("the trace of {e} extremal values"),
            vec![Arg::Tensor(tensor_from_hubs(dtype, &[e, e], &diag))],
        ),
    ]
}

/// The trial's dtype against every dtype (bfloat16 beside float16 or a wide integer has no
/// common dtype: NumPy's TypeError, the engine's too), and beside another in three operands.
fn result_dtype(_: &OpInfo, d: DType, seed: u64) -> Vec<Sample> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<Sample> = DType::ALL
        .iter()
        .map(|&o| {
            Sample::new(
                "result_dtype",
                format!("{} x {}", d.name(), o.name()),
                vec![
                    Arg::Tensor(random(d, &[2, 3], &mut rng, Domain::Any)),
                    Arg::Tensor(random(o, &[3, 2], &mut rng, Domain::Any)),
                ],
            )
            .kw("subscripts", Kw::Str("ij,jk->ik"))
        })
        .collect();
    for o in [DType::U8, DType::F32, DType::C64] {
        out.push(
            Sample::new(
                "result_dtype",
                format!("{} x {} x {}", d.name(), o.name(), d.name()),
                vec![
                    Arg::Tensor(random(d, &[3], &mut rng, Domain::Any)),
                    Arg::Tensor(random(o, &[3], &mut rng, Domain::Any)),
                    Arg::Tensor(random(d, &[3], &mut rng, Domain::Any)),
                ],
            )
            .kw("subscripts", Kw::Str("i,i,i->i")),
        );
    }
    out
}

/// The subscripts of 64 0-d operands.
const COMMAS_63: &str = ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,";

/// A broadcast view of `n` elements of one random value.
fn huge(dtype: DType, n: usize, rng: &mut Rng) -> Tensor {
    random(dtype, &[1], rng, Domain::Any)
        .broadcast_to(&[n])
        .expect("a broadcast view")
}

fn errors(_: &OpInfo, dtype: DType, seed: u64) -> Vec<ErrorInput> {
    use ErrorKind::{Memory, Value};
    let list: &[(&str, &'static str, &[&[usize]])] = &[
        (
            "fewer operands than the subscripts name",
            "ij,jk->ik",
            &[&[2, 3]],
        ),
        (
            "more operands than the subscripts name",
            "ij",
            &[&[2, 3], &[3, 2]],
        ),
        ("no operands", "i", &[]),
        ("too many subscripts for the operand", "ijk", &[&[2, 3]]),
        ("too few subscripts, no ellipsis", "i", &[&[2, 3]]),
        ("a subscript for a 0-d operand", "i", &[&[]]),
        ("a '.' outside an ellipsis", "i.j", &[&[2, 3]]),
        ("two dots", "i..", &[&[2, 3]]),
        ("a dot before an ellipsis", ".i...", &[&[2, 3]]),
        ("two ellipses", "...i...", &[&[2, 3]]),
        ("an invalid subscript", "i%", &[&[2, 3]]),
        ("a digit", "i1", &[&[2, 3]]),
        ("an invalid output subscript", "ij->i&", &[&[2, 3]]),
        ("an output subscript never in an input", "ij->k", &[&[2, 3]]),
        ("an output subscript twice", "ij->jij", &[&[2, 3]]),
        ("'->' twice", "ij->j->i", &[&[2, 3]]),
        ("'-' without '>'", "ij-j", &[&[2, 3]]),
        ("'- >'", "ij- >i", &[&[2, 3]]),
        ("'>' alone", "ij>i", &[&[2, 3]]),
        ("a bad ellipsis in the output", "j->..j", &[&[2]]),
        (
            "no ellipsis in the output for broadcast dims",
            "...ij->ij",
            &[&[4, 2, 3]],
        ),
        ("mismatched dimensions", "ij,jk->ik", &[&[2, 3], &[4, 2]]),
        (
            "mismatched ellipsis dimensions",
            "...i,...i",
            &[&[2, 3], &[4, 3]],
        ),
        ("a repeated label of unequal dimensions", "ii", &[&[2, 3]]),
        (
            "a repeated label of unequal dimensions, view",
            "ii->i",
            &[&[2, 3]],
        ),
        (
            "a repeated label of unequal dimensions, two operands",
            "ii,i->i",
            &[&[1, 2], &[2]],
        ),
        ("a size 1 repeated against 3", "ii->i", &[&[1, 3]]),
        ("a non-ASCII subscript", "i\u{e9}", &[&[2, 3]]),
    ];
    let mut rng = Rng::new(seed);
    let mut out: Vec<ErrorInput> = list
        .iter()
        .map(|(what, sub, shapes)| {
            let mut s = case("error", sub, shapes, dtype, &mut rng);
            s.description = format!("{what}: {}", s.description);
            ErrorInput {
                sample: s,
                expected: Value,
            }
        })
        .collect();
    // 64 operands: one past NumPy's NPY_MAXARGS with the output.
    let zero_d: Vec<Arg> = (0..64)
        .map(|_| Arg::Tensor(random(dtype, &[], &mut rng, Domain::Any)))
        .collect();
    out.push(ErrorInput {
        sample: Sample::new("error", "64 operands", zero_d).kw("subscripts", Kw::Str(COMMAS_63)),
        expected: Value,
    });
    // An iteration of 2**80 elements (NumPy's "iterator is too large"), and a result of
    // 2**61 elements NumPy cannot allocate (MemoryError; 2 EiB even of bool).
    let big = huge(dtype, 1 << 40, &mut rng);
    out.push(ErrorInput {
        sample: Sample::new(
            "error",
            "an iteration of 2**80 elements",
            vec![Arg::Tensor(big.clone()), Arg::Tensor(big)],
        )
        .kw("subscripts", Kw::Str("i,j->")),
        expected: Value,
    });
    {
        // NumPy allocates the result before it looks for a loop (bfloat16 has none): the
        // allocation's error comes first, "array is too big" past isize::MAX bytes.
        let too_big = (dtype.itemsize() as u128) << 61 > isize::MAX as u128;
        out.push(ErrorInput {
            sample: Sample::new(
                "error",
                "a result of 2**61 elements",
                vec![
                    Arg::Tensor(huge(dtype, 1 << 31, &mut rng)),
                    Arg::Tensor(huge(dtype, 1 << 30, &mut rng)),
                ],
            )
            .kw("subscripts", Kw::Str("i,j->ij")),
            expected: if too_big { Value } else { Memory },
        });
    }
    out
}

/// A label of the comparison's own parse: a letter, or the `k`-th dimension of the
/// ellipsis counted from the right.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Id {
    Letter(u8),
    Dots(usize),
}

/// The labels of one operand of `ndim` dimensions (a valid call only).
fn ids(sub: &str, ndim: usize) -> Res<Vec<Id>> {
    let letters = sub.bytes().filter(u8::is_ascii_alphabetic).count();
    let mut out = Vec::new();
    let mut rest = sub;
    while let Some(c) = rest.chars().next() {
        if let Some(r) = rest.strip_prefix("...") {
            let n = ndim.checked_sub(letters).ok_or("too many labels")?;
            out.extend((0..n).rev().map(Id::Dots));
            rest = r;
            continue;
        }
        if c.is_ascii_alphabetic() {
            out.push(Id::Letter(c as u8));
        }
        rest = &rest[c.len_utf8()..];
    }
    if out.len() != ndim {
        return Err(format!("labels {sub:?} for {ndim} dimensions"));
    }
    Ok(out)
}

/// One output element's terms, each the factors of one product.
type Element = Vec<Vec<Cf64>>;

/// Every output element's terms, each the factors of one product: the call's meaning,
/// enumerated from the subscripts (C order over the output, any order over the summed
/// labels).
fn terms(s: &Sample) -> Res<(Vec<usize>, Vec<Element>)> {
    let sub = match kwargs::get(&s.kwargs, "subscripts") {
        Some(Kw::Str(x)) => x.to_string(),
        _ => vec!["..."; s.args.len()].join(","),
    };
    let ops = s
        .args
        .iter()
        .map(|a| operand("einsum", a).map_err(|e| e.to_string()))
        .collect::<Res<Vec<_>>>()?;
    let (inputs, output) = match sub.split_once("->") {
        Some((i, o)) => (i.to_string(), Some(o.to_string())),
        None => (sub.clone(), None),
    };
    let parts: Vec<&str> = inputs.split(',').collect();
    if parts.len() != ops.len() {
        return Err("operand count".into());
    }
    let labels = parts
        .iter()
        .zip(&ops)
        .map(|(p, t)| ids(p, t.ndim()))
        .collect::<Res<Vec<_>>>()?;
    let dots = labels
        .iter()
        .map(|l| l.iter().filter(|i| matches!(i, Id::Dots(_))).count())
        .max()
        .unwrap_or(0);
    let mut size: BTreeMap<Id, usize> = BTreeMap::new();
    for (l, t) in labels.iter().zip(&ops) {
        for (id, &n) in l.iter().zip(t.shape()) {
            let e = size.entry(*id).or_insert(n);
            if *e == 1 {
                *e = n;
            }
        }
    }
    let out_ids: Vec<Id> = match output {
        Some(o) => ids(&o, o.bytes().filter(u8::is_ascii_alphabetic).count() + dots)?,
        None => {
            let mut count: BTreeMap<u8, usize> = BTreeMap::new();
            for l in &labels {
                for id in l {
                    if let Id::Letter(c) = id {
                        *count.entry(*c).or_default() += 1;
                    }
                }
            }
            (0..dots)
                .rev()
                .map(Id::Dots)
                .chain(
                    count
                        .iter()
                        .filter(|(_, &n)| n == 1)
                        .map(|(&c, _)| Id::Letter(c)),
                )
                .collect()
        }
    };
    let summed: Vec<Id> = size
        .keys()
        .filter(|id| !out_ids.contains(id))
        .copied()
        .collect();
    let out_shape: Vec<usize> = out_ids.iter().map(|id| size[id]).collect();
    let vals = ops.iter().map(values).collect::<Res<Vec<_>>>()?;
    let numel = |v: &[usize]| v.iter().product::<usize>();
    let sum_shape: Vec<usize> = summed.iter().map(|id| size[id]).collect();
    let unravel = |mut i: usize, shape: &[usize]| -> Vec<usize> {
        let mut idx = vec![0; shape.len()];
        for k in (0..shape.len()).rev() {
            idx[k] = i % shape[k];
            i /= shape[k];
        }
        idx
    };
    let mut all = Vec::with_capacity(numel(&out_shape));
    for o in 0..numel(&out_shape) {
        let oi = unravel(o, &out_shape);
        let mut element = Vec::with_capacity(numel(&sum_shape));
        for j in 0..numel(&sum_shape) {
            let si = unravel(j, &sum_shape);
            let at = |id: &Id| -> usize {
                match out_ids.iter().position(|x| x == id) {
                    Some(p) => oi[p],
                    None => si[summed.iter().position(|x| x == id).unwrap_or(0)],
                }
            };
            let factors: Vec<Cf64> = labels
                .iter()
                .zip(&ops)
                .zip(&vals)
                .map(|((l, t), v)| {
                    // C order over the operand's own shape; a dimension of 1 broadcasts.
                    let flat = l
                        .iter()
                        .zip(t.shape())
                        .fold(0, |acc, (id, &n)| acc * n + if n == 1 { 0 } else { at(id) });
                    v[flat]
                })
                .collect();
            element.push(factors);
        }
        all.push(element);
    }
    Ok((out_shape, all))
}

/// How one output element compares (the classes of [`crate::dot_bound`]).
enum Class {
    Exact,
    Finiteness,
    Open,
    Within(f64),
}

/// The bound of one element of dtype `d` with these terms: the products are formed left to
/// right (each factor one rounding, an underflow amplified by the factors after it) and
/// summed in any order, on both sides, in the result dtype (NumPy's float16 loops round each
/// partial sum to float16), then rounded once.
fn classify(element: &[Vec<Cf64>], d: DType, want: Cf64) -> Class {
    let finite = |z: &Cf64| z.re.is_finite() && z.im.is_finite();
    let k = element.len() as f64;
    let nop = element.first().map_or(1, |t| t.len()) as f64;
    let mut scale = 0.0;
    let mut amplified = 0.0;
    let mut peak: f64 = 0.0;
    let mut all_finite = true;
    let min_normal = min_subnormal(d) / eps(d);
    for t in element {
        if !t.iter().all(finite) {
            all_finite = false;
            continue;
        }
        let mut p = 1.0;
        for (i, x) in t.iter().enumerate() {
            p *= x.norm();
            if i > 0 {
                peak = peak.max(p);
            }
            // A partial product below the normal range lost up to a subnormal quantum, which
            // the later factors scale.
            if p < min_normal {
                amplified += t[i + 1..].iter().map(|y| y.norm()).product::<f64>();
            }
        }
        scale += p;
    }
    let product_max = max_finite(if d.to_real() == DType::F16 {
        DType::F32
    } else {
        d
    });
    let in_range = scale.is_finite()
        && scale * (1.0 + 2.0 * (k + nop + 2.0) * eps(d)) < max_finite(d)
        && peak < product_max;
    if !all_finite {
        return if d.is_complex() || !in_range {
            Class::Finiteness
        } else {
            Class::Exact
        };
    }
    if !in_range {
        return Class::Open;
    }
    let parts = if d.is_complex() { 2.0 } else { 1.0 };
    Class::Within(
        2.0 * (k + nop + 1.0) * eps(d) * parts * scale
            + 2.0 * eps(d) * want.norm()
            + 2.0 * parts * (amplified + k + 1.0) * min_subnormal(d)
            + min_subnormal(d),
    )
}

/// Compares within the bound of a sum of products (see [`classify`]); exactly for integers
/// and bool, and where a NaN or infinite factor decides the result.
fn compare(s: &Sample, got: &[Tensor], want: &[Tensor]) -> Res<()> {
    same_layout(got, want)?;
    let (g, w) = match (got, want) {
        ([g], [w]) => (g, w),
        _ => return Err("einsum has one output".into()),
    };
    let d = w.dtype();
    if !d.is_inexact() {
        let first = backends::with_dtype!(d, T, {
            match (g.to_vec::<T>(), w.to_vec::<T>()) {
                (Ok(x), Ok(y)) => x.iter().zip(&y).position(|(p, q)| p != q),
                (Err(e), _) | (_, Err(e)) => return Err(e.to_string()),
            }
        });
        return match first {
            None => Ok(()),
            Some(i) => Err(format!("element {i} differs (exact dtype {})", d.name())),
        };
    }
    let (shape, all) = terms(s)?;
    if shape != w.shape() {
        return Err(format!(
            "the subscripts give shape {shape:?}, NumPy {:?}",
            w.shape()
        ));
    }
    let (gv, wv) = (values(g)?, values(w)?);
    let finite = |z: &Cf64| z.re.is_finite() && z.im.is_finite();
    for (idx, ((x, y), element)) in gv.iter().zip(&wv).zip(&all).enumerate() {
        let why = match classify(element, d, *y) {
            Class::Exact if !(same(x.re, y.re) && same(x.im, y.im)) => {
                "a NaN or infinite factor: the IEEE result, exactly".to_string()
            }
            Class::Finiteness if finite(x) != finite(y) => {
                "a NaN or infinite factor: non-finite exactly when NumPy's is".to_string()
            }
            Class::Within(b) if (x - y).norm().is_nan() || (x - y).norm() > b => {
                format!("bound {b:.3e}: 2 (k + nop + 1) eps sum|products| plus roundings")
            }
            _ => continue,
        };
        return Err(format!(
            "element {idx} ({} terms): engine {x}, NumPy {y}, error {:.3e} ({why})",
            element.len(),
            (x - y).norm()
        ));
    }
    Ok(())
}

/// One operand viewed (an explicit output holding every label) through a label repeated whose
/// first dimension is 0 and a later one is not: NumPy's view path skips the size check there
/// and returns a view past the empty buffer (`einsum('ii->i', zeros((0, 3)))` reads 3
/// elements of whatever memory follows). The engine raises the ValueError NumPy's other path
/// gives.
fn empty_diagonal_view(args: &[Arg], kwargs: &[(&'static str, Kw)]) -> bool {
    let (Some(Kw::Str(sub)), [Arg::Tensor(t)]) = (kwargs::get(kwargs, "subscripts"), args) else {
        return false;
    };
    let Some((input, output)) = sub.split_once("->") else {
        return false;
    };
    let Ok(labels) = ids(input, t.ndim()) else {
        return false;
    };
    labels.iter().enumerate().any(|(i, id)| {
        matches!(id, Id::Letter(c) if output.as_bytes().contains(c))
            && labels.iter().all(|l| match l {
                Id::Letter(c) => output.as_bytes().contains(c),
                Id::Dots(_) => true,
            })
            && t.shape()[i] == 0
            && labels[i + 1..]
                .iter()
                .zip(&t.shape()[i + 1..])
                .any(|(l, &n)| l == id && n != 0)
            && !labels[..i].contains(id)
    })
}

/// The record.
pub(crate) fn records() -> Vec<OpInfo> {
    let mut r = record(
        "einsum",
        2,
        call,
        RecordGens {
            sample: samples,
            noncontiguous,
            broadcasting: Some(broadcasting),
            extremal,
            errors,
            result_dtype,
        },
        Some(compare),
        true,
    );
    r.reference = Reference::Expr(
        "lambda *ops, subscripts=None, **k: np.einsum(','.join(['...'] * len(ops)) \
         if subscripts is None else subscripts, *ops, **k)",
    );
    r.reference_hazard = Some(crate::record::Hazard {
        applies: empty_diagonal_view,
        reason: "NumPy's single-operand view skips the size check of a repeated label whose \
                 first dimension is 0 and returns a view past the empty buffer (out-of-bounds \
                 memory); the engine raises its ValueError (see backends::linalg::einsum)",
    });
    r.precision = crate::record::Precision::Tol(
        "a sum of products rounds in its summation order (NumPy's iterator's): compared \
         within the error bound of that sum (see opinfo::products_extra::einsum)",
    );
    vec![r]
}

#[cfg(test)]
mod tests {
    use super::COMMAS_63;

    #[test]
    fn the_empty_diagonal_view_is_a_hazard() {
        use super::{empty_diagonal_view, Arg, Kw, Tensor};
        let t = |shape: &[usize]| {
            let n = shape.iter().product();
            Arg::Tensor(Tensor::from_vec(vec![0f64; n], shape).unwrap())
        };
        let kw = |s: &'static str| vec![("subscripts", Kw::Str(s))];
        assert!(empty_diagonal_view(&[t(&[0, 3])], &kw("ii->i")));
        assert!(empty_diagonal_view(&[t(&[2, 0, 3])], &kw("jii->ij")));
        assert!(!empty_diagonal_view(&[t(&[3, 0])], &kw("ii->i")));
        assert!(!empty_diagonal_view(&[t(&[0, 3])], &kw("ii")));
        assert!(!empty_diagonal_view(&[t(&[0, 0])], &kw("ii->i")));
        assert!(!empty_diagonal_view(&[t(&[0, 3, 2])], &kw("iij->i")));
    }

    #[test]
    fn sixty_four_operands() {
        assert_eq!(COMMAS_63.len(), 63);
    }
}
