//! Drawing one fuzz case from `(seed, case index)`, using only what the op's record claims.
//!
//! The case's stream is seeded by the run seed, the case index and the op's name, so case `K`
//! of a seed is the same case on every run over the same op list (the only other input is the
//! engine itself: `out=` takes the dtype and shape of an engine probe call, and the keyword
//! pools come from the record's own generators, which are seeded too).

use backends::element::Hub;
use backends::{DType, PyScalar};
use opinfo::case::{ArgSpec, Case, Elem, KwArg, KwValue, PyValue, TensorSpec};
use opinfo::record::{Domain, Family, KwSet, ReductionInfo};
use opinfo::rng::Rng;
use opinfo::samples::{extremal_values, py_scalar, random};
use opinfo::{Kw, OpInfo};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

/// Total elements a case's result is kept under (except the rare large case).
const MAX_ELEMENTS: usize = 256;
/// Elements of the rare large case: above the engine's parallel threshold (65,536).
const LARGE: usize = 65_600;
/// Elements a linalg-family case's drawn shape is kept under, the rare large case included.
const LINALG_MAX_ELEMENTS: usize = 1024;

/// A drawn case and the index of its op in the drawer's op list.
#[derive(Clone, Debug)]
pub struct Drawn {
    /// Index into [`Drawer::ops`].
    pub op: usize,
    /// The case.
    pub case: Case,
}

/// One keyword set harvested from a record's generators; a tensor value that had the shape
/// of its sample's array operand is redrawn in the fuzz operand's shape.
#[derive(Clone, Debug)]
struct Harvested {
    kwargs: Vec<(&'static str, Kw, bool)>,
}

/// The keyword sets of one record's `reference`, `noncontiguous` and `extremal` samples.
#[derive(Debug, Default)]
struct Harvest {
    sets: Vec<Harvested>,
}

/// Draws cases over a fixed list of ops.
pub struct Drawer {
    ops: Vec<OpInfo>,
    harvest: Mutex<HashMap<&'static str, Arc<Harvest>>>,
}

/// The stream seed of case `index` of op `op` in a run of `seed`.
pub fn case_seed(seed: u64, index: u64, op: &str) -> u64 {
    let mut r = Rng::new(seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15));
    r.next_u64() ^ opinfo::rng::seed_from_name(op)
}

fn pick<'a, T>(rng: &mut Rng, v: &'a [T]) -> &'a T {
    &v[(rng.next_u64() % v.len() as u64) as usize]
}

fn chance(rng: &mut Rng, p: f64) -> bool {
    rng.uniform() < p
}

impl Drawer {
    /// A drawer over `ops` (those without CPU dtypes are never drawn).
    pub fn new(ops: Vec<OpInfo>) -> Drawer {
        let ops = ops.into_iter().filter(|o| o.on_device("cpu")).collect();
        Drawer {
            ops,
            harvest: Mutex::new(HashMap::new()),
        }
    }

    /// The ops cases are drawn over.
    pub fn ops(&self) -> &[OpInfo] {
        &self.ops
    }

    /// Case `index` of a run seeded `seed`; `None` when there are no ops.
    pub fn draw(&self, seed: u64, index: u64) -> Option<Drawn> {
        if self.ops.is_empty() {
            return None;
        }
        let mut pick_rng = Rng::new(seed ^ index.wrapping_mul(0xd1b5_4a32_d192_ed03));
        let oi = (pick_rng.next_u64() % self.ops.len() as u64) as usize;
        let op = &self.ops[oi];
        let mut rng = Rng::new(case_seed(seed, index, op.name));
        let harvest = self.harvest_of(op);
        Some(Drawn {
            op: oi,
            case: draw_case(op, &harvest, &mut rng),
        })
    }

    fn harvest_of(&self, op: &OpInfo) -> Arc<Harvest> {
        if let Some(h) = self
            .harvest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(op.name)
        {
            return h.clone();
        }
        let h = Arc::new(harvest(op));
        self.harvest
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(op.name, h.clone());
        h
    }
}

/// The keyword sets of the record's generators for its first CPU dtype (a fixed dtype, so the
/// pools do not depend on which cases came first).
fn harvest(op: &OpInfo) -> Harvest {
    let Some(&dtype) = op.dtypes_for("cpu").first() else {
        return Harvest::default();
    };
    let mut seen = std::collections::HashSet::new();
    let mut sets = Vec::new();
    for g in [op.gens.sample, op.gens.noncontiguous, op.gens.extremal] {
        let samples = catch_unwind(AssertUnwindSafe(|| g(op, dtype, 0))).unwrap_or_default();
        for s in samples {
            let shape = s.tensor(0).map(|t| t.shape().to_vec());
            let key: Vec<String> = s
                .kwargs
                .iter()
                .map(|(k, v)| format!("{k}={}", opinfo::kwargs::show(v)))
                .collect();
            if !seen.insert(key) {
                continue;
            }
            let kwargs = s
                .kwargs
                .iter()
                .map(|(k, v)| {
                    let shaped = matches!(v, Kw::Tensor(t) if Some(t.shape().to_vec()) == shape);
                    (*k, v.clone(), shaped)
                })
                .collect();
            sets.push(Harvested { kwargs });
        }
    }
    Harvest { sets }
}

/// Weighted number of dimensions, 0 to 5.
fn draw_ndim(rng: &mut Rng) -> usize {
    let r = rng.uniform();
    match r {
        _ if r < 0.12 => 0,
        _ if r < 0.37 => 1,
        _ if r < 0.62 => 2,
        _ if r < 0.80 => 3,
        _ if r < 0.91 => 4,
        _ => 5,
    }
}

/// A result shape: 0-d to 5-d, some empty or unit dimensions, at most [`MAX_ELEMENTS`]
/// elements (a rare case is larger than the engine's parallel threshold).
fn draw_shape(rng: &mut Rng) -> Vec<usize> {
    if chance(rng, 0.004) {
        return if chance(rng, 0.5) {
            vec![LARGE + rng.int_in(0, 100) as usize]
        } else {
            vec![260, 255]
        };
    }
    let nd = draw_ndim(rng);
    let mut shape: Vec<usize> = (0..nd)
        .map(|_| {
            let r = rng.uniform();
            if r < 0.04 {
                0
            } else if r < 0.2 {
                1
            } else {
                rng.int_in(2, 6) as usize
            }
        })
        .collect();
    while shape.iter().product::<usize>() > MAX_ELEMENTS {
        if let Some(d) = shape.iter_mut().max() {
            *d = (*d / 2).max(1);
        }
    }
    shape
}

/// An operand shape broadcasting to `shape`: the same, or with leading dimensions dropped and
/// some set to 1; rarely one that does not broadcast.
fn operand_shape(shape: &[usize], rng: &mut Rng) -> Vec<usize> {
    if chance(rng, 0.5) {
        return shape.to_vec();
    }
    let drop = rng.int_in(0, shape.len() as i64) as usize;
    let mut s: Vec<usize> = shape[drop..]
        .iter()
        .map(|&d| if chance(rng, 0.3) { 1 } else { d })
        .collect();
    if chance(rng, 0.03) {
        if let Some(d) = s.iter_mut().find(|d| **d > 1) {
            *d += 1;
        }
    }
    s
}

/// A layout of `shape`: (strides, offset, storage length). Half are C-contiguous; the others
/// combine a permuted memory order (transposed), steps of 2 or 3, negative steps, zero strides
/// (a broadcast) when `zero_strides`, and a leading offset.
fn draw_layout(shape: &[usize], rng: &mut Rng, zero_strides: bool) -> (Vec<isize>, usize, usize) {
    let nd = shape.len();
    let numel: usize = shape.iter().product();
    if chance(rng, 0.5) || nd == 0 && !chance(rng, 0.3) {
        let extra = if nd == 0 && chance(rng, 0.5) { 2 } else { 0 };
        return (
            backends::layout::contiguous_strides(shape),
            extra,
            numel + extra,
        );
    }
    let mut perm: Vec<usize> = (0..nd).collect();
    if nd >= 2 && chance(rng, 0.5) {
        if chance(rng, 0.5) {
            perm.reverse();
        } else {
            for i in (1..nd).rev() {
                let j = (rng.next_u64() % (i as u64 + 1)) as usize;
                perm.swap(i, j);
            }
        }
    }
    let steps: Vec<isize> = (0..nd)
        .map(|_| {
            let m = if chance(rng, 0.35) {
                rng.int_in(2, 3)
            } else {
                1
            } as isize;
            if chance(rng, 0.35) {
                -m
            } else {
                m
            }
        })
        .collect();
    let zero: Vec<bool> = (0..nd)
        .map(|k| zero_strides && shape[k] > 1 && chance(rng, 0.2))
        .collect();
    let mut strides = vec![0isize; nd];
    let mut acc = 1isize;
    for &k in perm.iter().rev() {
        if zero[k] {
            continue;
        }
        strides[k] = acc * steps[k];
        acc *= (shape[k].max(1) as isize) * steps[k].abs();
    }
    let extra = if chance(rng, 0.4) {
        rng.int_in(1, 3) as usize
    } else {
        0
    };
    if numel == 0 {
        return (strides, extra, extra + rng.int_in(0, 2) as usize);
    }
    let neg: isize = (0..nd)
        .filter(|&k| strides[k] < 0)
        .map(|k| (shape[k] as isize - 1) * -strides[k])
        .sum();
    let pos: isize = (0..nd)
        .filter(|&k| strides[k] > 0)
        .map(|k| (shape[k] as isize - 1) * strides[k])
        .sum();
    let offset = extra + neg as usize;
    let len = offset + pos as usize + 1 + rng.int_in(0, 2) as usize;
    (strides, offset, len)
}

/// `n` values of `dtype` from the record's domain, some cases salted with extremal values.
fn draw_values(dtype: DType, n: usize, domain: Domain, rng: &mut Rng, salt: f64) -> Vec<Elem> {
    let t = random(dtype, &[n], rng, domain);
    let hubs = opinfo::case::storage_hubs(&t).unwrap_or_default();
    let ext = extremal_values(dtype, domain);
    hubs.into_iter()
        .map(|h| {
            if salt > 0.0 && !ext.is_empty() && chance(rng, salt) {
                // Extremal values through the dtype (the float list is in float64).
                let v = *pick(rng, &ext);
                let one = opinfo::samples::tensor_from_hubs(dtype, &[1], &[v]);
                opinfo::case::storage_hubs(&one)
                    .ok()
                    .and_then(|v| v.first().copied())
                    .map_or(Elem::from_hub(h), Elem::from_hub)
            } else {
                Elem::from_hub(h)
            }
        })
        .collect()
}

/// A tensor of `shape` with a drawn layout and values.
fn draw_tensor(
    dtype: DType,
    shape: &[usize],
    domain: Domain,
    rng: &mut Rng,
    salt: f64,
    zero_strides: bool,
) -> TensorSpec {
    let (strides, offset, len) = draw_layout(shape, rng, zero_strides);
    TensorSpec {
        dtype: dtype.name().to_string(),
        shape: shape.to_vec(),
        strides,
        offset,
        storage: draw_values(dtype, len, domain, rng, salt),
    }
}

/// Python ints around the integer formats' limits and beyond int64/uint64.
fn extremal_ints(dtype: DType) -> Vec<i128> {
    let mut v: Vec<i128> = vec![
        0,
        1,
        -1,
        2,
        1 << 31,
        1 << 32,
        (1 << 53) + 1,
        i64::MAX as i128,
        1 << 63,
        u64::MAX as i128,
        1 << 64,
        (1 << 64) + 1,
        i64::MIN as i128,
        i64::MIN as i128 - 1,
        -(1 << 64),
        1 << 100,
        -(1 << 100),
    ];
    if let Some((lo, hi)) = dtype.int_range().filter(|_| dtype != DType::Bool) {
        v.extend([lo, hi, lo - 1, hi + 1]);
    }
    v
}

/// A Python scalar operand: mostly of the trial dtype's kind from the record's domain,
/// otherwise any kind, a third of them extremal (ints beyond 64 bits included).
fn draw_py_scalar(dtype: DType, domain: Domain, rng: &mut Rng) -> PyScalar {
    if chance(rng, 0.55) && !chance(rng, 0.3) {
        return py_scalar(dtype, rng, domain);
    }
    let kind = rng.int_in(0, 3);
    let extremal = chance(rng, 0.35);
    let floats: Vec<f64> = extremal_values(DType::F64, Domain::Any)
        .into_iter()
        .filter_map(|h| match h {
            Hub::Float(x) => Some(x),
            _ => None,
        })
        .collect();
    match kind {
        0 => PyScalar::Bool(chance(rng, 0.5)),
        1 if extremal => PyScalar::Int(*pick(rng, &extremal_ints(dtype))),
        1 => PyScalar::Int(rng.int_in(-9, 9) as i128),
        2 if extremal => PyScalar::Float(*pick(rng, &floats)),
        2 => PyScalar::Float(rng.float_in(-4.0, 4.0)),
        _ if extremal => PyScalar::Complex(*pick(rng, &floats), *pick(rng, &floats)),
        _ => PyScalar::Complex(rng.float_in(-4.0, 4.0), rng.float_in(-4.0, 4.0)),
    }
}

/// A bool mask of `shape`, about two thirds true.
fn mask(shape: &[usize], rng: &mut Rng) -> TensorSpec {
    let (strides, offset, len) = draw_layout(shape, rng, true);
    TensorSpec {
        dtype: "bool".into(),
        shape: shape.to_vec(),
        strides,
        offset,
        storage: (0..len)
            .map(|_| Elem::from_hub(Hub::Bool(chance(rng, 0.67))))
            .collect(),
    }
}

/// A keyword list that replaces earlier values of the same name.
#[derive(Default)]
struct Kws(Vec<KwArg>);

impl Kws {
    fn set(&mut self, name: &str, value: KwValue) {
        self.0.retain(|k| k.name != name);
        self.0.push(KwArg {
            name: name.to_string(),
            value,
        });
    }
    fn set_kw(&mut self, name: &str, v: &Kw) {
        if let Ok(v) = KwValue::from_kw(v) {
            self.set(name, v);
        }
    }
}

/// A harvested tensor keyword redrawn in the operand's shape (same dtype; a bool mask, else
/// positive values, as weights and `qk=` need).
fn reshaped_kw(v: &Kw, shape: &[usize], rng: &mut Rng) -> KwValue {
    let d = match v {
        Kw::Tensor(t) => t.dtype(),
        _ => DType::F64,
    };
    if d == DType::Bool {
        KwValue::Tensor(mask(shape, rng))
    } else {
        KwValue::Tensor(draw_tensor(d, shape, Domain::Positive, rng, 0.0, false))
    }
}

fn apply_harvested(k: &mut Kws, set: &Harvested, shape: &[usize], rng: &mut Rng) {
    for (name, v, shaped) in &set.kwargs {
        if *shaped {
            k.set(name, reshaped_kw(v, shape, rng));
        } else {
            k.set_kw(name, v);
        }
    }
}

/// Keywords of a ufunc-family record: one of its generators' keyword sets, or a mix of their
/// values by name.
fn ufunc_kwargs(h: &Harvest, shape: &[usize], rng: &mut Rng) -> Vec<KwArg> {
    let mut k = Kws::default();
    let sets: Vec<&Harvested> = h.sets.iter().filter(|s| !s.kwargs.is_empty()).collect();
    if sets.is_empty() || chance(rng, 0.25) {
        return k.0;
    }
    if chance(rng, 0.5) {
        let set = *pick(rng, &sets);
        apply_harvested(&mut k, set, shape, rng);
    } else {
        for _ in 0..rng.int_in(1, 3) {
            let set = pick(rng, &sets);
            let one = Harvested {
                kwargs: vec![pick(rng, &set.kwargs).clone()],
            };
            apply_harvested(&mut k, &one, shape, rng);
        }
    }
    k.0
}

/// An `axis=` for an `nd`-dimensional operand: None, an int (rarely out of range) or, where
/// the signature takes one, a tuple (unsorted, negative, rarely duplicated); a tuple for an
/// int-only signature now and then (NumPy's TypeError).
fn draw_axis(r: &ReductionInfo, nd: usize, rng: &mut Rng) -> Kw {
    let n = nd as i64;
    let u = rng.uniform();
    if u < 0.15 {
        return Kw::None;
    }
    let int_axis = |rng: &mut Rng| {
        if nd == 0 {
            // A 0-d operand: some reductions take axis 0 and -1, none takes 1.
            Kw::Int(*pick(rng, &[0, -1, 1]))
        } else if chance(rng, 0.04) {
            Kw::Int(if chance(rng, 0.5) { n } else { -n - 1 })
        } else {
            Kw::Int(rng.int_in(-n, n - 1))
        }
    };
    let tuple_p = if r.tuple_axis { 0.45 } else { 0.05 };
    if u > 1.0 - tuple_p {
        let mut axes: Vec<i64> = (0..n).filter(|_| chance(rng, 0.5)).collect();
        for i in (1..axes.len()).rev() {
            let j = (rng.next_u64() % (i as u64 + 1)) as usize;
            axes.swap(i, j);
        }
        for a in axes.iter_mut() {
            if chance(rng, 0.3) {
                *a -= n;
            }
        }
        if !axes.is_empty() && chance(rng, 0.05) {
            axes.push(axes[0]);
        }
        return Kw::Ints(axes);
    }
    int_axis(rng)
}

/// Keywords of a reduction record from its signature facts, its extra keyword sets and its
/// generators' keyword sets.
fn reduction_kwargs(
    op: &OpInfo,
    r: &ReductionInfo,
    h: &Harvest,
    dtype: DType,
    shape: &[usize],
    rng: &mut Rng,
) -> Vec<KwArg> {
    let mut k = Kws::default();
    for (name, v) in (r.base_kwargs)(dtype) {
        k.set_kw(name, &v);
    }
    if chance(rng, 0.7) {
        // A signature that says `axes=` (np.fft.fftn) takes the same draws as a sequence.
        match (r.axes_keyword, draw_axis(r, shape.len(), rng)) {
            (true, Kw::Int(a)) => k.set_kw("axes", &Kw::Ints(vec![a])),
            (true, v) => k.set_kw("axes", &v),
            (false, v) => k.set_kw("axis", &v),
        }
    }
    if r.keepdims && chance(rng, 0.3) {
        k.set("keepdims", KwValue::Bool(chance(rng, 0.7)));
    }
    if r.dtype && chance(rng, 0.2) {
        k.set(
            "dtype",
            KwValue::Dtype(pick(rng, &DType::ALL).name().to_string()),
        );
    }
    let initial = |rng: &mut Rng| {
        KwValue::Scalar(PyValue::from_scalar(draw_py_scalar(
            dtype,
            op.domain(0),
            rng,
        )))
    };
    if r.where_ && chance(rng, 0.15) {
        k.set(
            "where",
            KwValue::Tensor(mask(&operand_shape(shape, rng), rng)),
        );
        if r.where_needs_initial && chance(rng, 0.9) {
            k.set("initial", initial(rng));
        }
    }
    if r.initial && chance(rng, 0.15) {
        k.set("initial", initial(rng));
    }
    let extra: Vec<KwSet> = (r.extra_kwargs)(dtype);
    if !extra.is_empty() && chance(rng, 0.35) {
        // Extra sets are written for the family's [3, 4] sample: a [3, 4] tensor there is
        // operand-shaped.
        let set = pick(rng, &extra);
        let h = Harvested {
            kwargs: set
                .iter()
                .map(|(n, v)| {
                    let shaped = matches!(v, Kw::Tensor(t) if t.shape() == [3, 4]);
                    (*n, v.clone(), shaped)
                })
                .collect(),
        };
        apply_harvested(&mut k, &h, shape, rng);
    }
    let sets: Vec<&Harvested> = h.sets.iter().filter(|s| !s.kwargs.is_empty()).collect();
    if !sets.is_empty() && chance(rng, 0.2) {
        let set = *pick(rng, &sets);
        apply_harvested(&mut k, set, shape, rng);
    }
    k.0
}

/// `out=` for the case: one tensor per engine output, of the probe's shape (rarely a wrong
/// one) and dtype or any other, contiguous or strided; `None` when the probe call fails.
///
/// Where bfloat16 is involved (an operand or the result) and the reference runs on the
/// float32 proxy, `out=` keeps the result dtype: the proxy computes in float32 and can round
/// back to bfloat16 only (`harness/src/numpy.rs`), so with a float32 `out=` it would judge
/// its own float32 arithmetic against the engine's bfloat16 loop.
fn draw_out(op: &OpInfo, case: &Case, rng: &mut Rng) -> Option<Vec<TensorSpec>> {
    let s = case.to_sample().ok()?;
    let outs = catch_unwind(AssertUnwindSafe(|| op.call(&s))).ok()?.ok()?;
    let bf16_in = s
        .args
        .iter()
        .any(|a| matches!(a, backends::Arg::Tensor(t) if t.dtype() == DType::BF16));
    Some(
        outs.iter()
            .map(|r| {
                let proxy = !op.bf16_native_reference && (bf16_in || r.dtype() == DType::BF16);
                let dtype = if proxy || chance(rng, 0.6) {
                    r.dtype()
                } else {
                    *pick(rng, &DType::ALL)
                };
                let mut shape = r.shape().to_vec();
                if chance(rng, 0.04) {
                    match shape.last_mut() {
                        Some(d) => *d += 1,
                        None => shape.push(2),
                    }
                }
                let zero = chance(rng, 0.1);
                draw_tensor(dtype, &shape, Domain::Any, rng, 0.0, zero)
            })
            .collect(),
    )
}

/// One case of `op`.
fn draw_case(op: &OpInfo, h: &Harvest, rng: &mut Rng) -> Case {
    let dtypes = op.dtypes_for("cpu");
    let dtype = *pick(rng, dtypes);
    let salt = if chance(rng, 0.3) {
        *pick(rng, &[0.1, 0.4, 0.8])
    } else {
        0.0
    };
    let mut shape = draw_shape(rng);
    // A product's result grows faster than its operands (`outer` squares them): its operands
    // stay small.
    while op.family == Family::Linalg && shape.iter().product::<usize>() > LINALG_MAX_ELEMENTS {
        if let Some(d) = shape.iter_mut().max() {
            *d = (*d / 2).max(1);
        }
    }
    let nin = op.nin.max(1);
    let scalars = op.scalar_operands && nin >= 2 && chance(rng, 0.3);
    let mut args = Vec::with_capacity(nin);
    for i in 0..nin {
        let domain = op.domain(i);
        // Mixed dtypes between operands, from the claimed list; a domain may fix the dtype.
        let d = if i > 0 && chance(rng, 0.3) {
            domain.operand_dtype(*pick(rng, dtypes))
        } else {
            domain.operand_dtype(dtype)
        };
        if scalars && chance(rng, 0.45) {
            args.push(ArgSpec::Python(PyValue::from_scalar(draw_py_scalar(
                d, domain, rng,
            ))));
            continue;
        }
        let s = if nin == 1 {
            shape.clone()
        } else {
            operand_shape(&shape, rng)
        };
        args.push(ArgSpec::Tensor(draw_tensor(d, &s, domain, rng, salt, true)));
    }
    let kwargs = match (&op.family, &op.reduction) {
        (Family::Reduction, Some(r)) => reduction_kwargs(op, r, h, dtype, &shape, rng),
        _ => ufunc_kwargs(h, &shape, rng),
    };
    let mut case = Case {
        op: op.name.to_string(),
        args,
        kwargs,
        out: Vec::new(),
    };
    if op.variants.out && chance(rng, 0.2) {
        if let Some(out) = draw_out(op, &case, rng) {
            case.out = out;
        }
    }
    case
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_depends_only_on_seed_and_index() {
        let ops = opinfo::registry();
        let a = Drawer::new(ops.clone());
        let b = Drawer::new(ops);
        // Drawing other cases first (and so filling the keyword pools in another order)
        // changes nothing.
        let _ = b.draw(7, 3);
        for i in [0u64, 5, 11, 40] {
            let x = a.draw(7, i).unwrap().case;
            let y = b.draw(7, i).unwrap().case;
            assert_eq!(x, y, "case {i}");
        }
    }

    #[test]
    fn layouts_fit_their_storage() {
        let mut rng = Rng::new(1);
        for _ in 0..500 {
            let shape = draw_shape(&mut rng);
            if shape.iter().product::<usize>() > MAX_ELEMENTS {
                continue;
            }
            let t = draw_tensor(DType::F32, &shape, Domain::Any, &mut rng, 0.3, true);
            t.to_tensor().unwrap();
            t.indices().unwrap();
        }
    }
}
