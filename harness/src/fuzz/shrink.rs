//! Shrinking a failing case to a minimal one: greedy passes over simplifications, each kept
//! when the case still fails (the caller's predicate: for the fuzzer, "still mismatches with
//! the same divergence kind"), until a pass keeps none or the evaluation budget is spent.
//!
//! Simplifications, most aggressive first: drop `out=`; drop a keyword; make a tensor
//! C-contiguous; remove a dimension, or cut it to one element (any one of a short axis), to
//! none or to either half (across every tensor at the same broadcast position, then one
//! tensor at a time); trim unused storage; simplify Python scalars and keyword values
//! (toward 0, 1, halving); set a tensor's values to 0 or 1;
//! simplify single elements. Every proposal is strictly simpler than what it replaces (a
//! smaller shape, fewer keywords, a value nearer 0 or 1), so shrinking terminates.

use opinfo::case::{ArgSpec, Elem, KwValue, PyValue, Real, TensorSpec};
use opinfo::Case;

/// Elements a tensor may have for its elements to be simplified one at a time.
const PER_ELEMENT: usize = 64;

/// The result of shrinking.
#[derive(Clone, Debug)]
pub struct Shrunk {
    /// The minimal case found.
    pub case: Case,
    /// Predicate evaluations spent.
    pub evaluations: usize,
    /// Simplifications kept.
    pub accepted: usize,
}

/// Shrinks `case` while `still_fails` holds, spending at most `max_evals` evaluations.
pub fn shrink(case: &Case, mut still_fails: impl FnMut(&Case) -> bool, max_evals: usize) -> Shrunk {
    let mut cur = case.clone();
    let (mut evals, mut accepted) = (0, 0);
    let mut progress = true;
    while progress && evals < max_evals {
        progress = false;
        let mut cands = candidates(&cur);
        let mut i = 0;
        while i < cands.len() && evals < max_evals {
            let c = &cands[i];
            i += 1;
            if *c == cur {
                continue;
            }
            evals += 1;
            if still_fails(c) {
                cur = c.clone();
                accepted += 1;
                progress = true;
                // Carry on from the same position of the new case's list: the earlier,
                // more aggressive steps are retried on the next pass.
                cands = candidates(&cur);
            }
        }
    }
    Shrunk {
        case: cur,
        evaluations: evals,
        accepted,
    }
}

/// Where a tensor sits in a case.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Loc {
    Arg(usize),
    Kw(usize),
    Out(usize),
}

fn locs(c: &Case, with_out: bool) -> Vec<Loc> {
    let mut v: Vec<Loc> = c
        .args
        .iter()
        .enumerate()
        .filter(|(_, a)| matches!(a, ArgSpec::Tensor(_)))
        .map(|(i, _)| Loc::Arg(i))
        .collect();
    v.extend(
        c.kwargs
            .iter()
            .enumerate()
            .filter(|(_, k)| matches!(k.value, KwValue::Tensor(_)))
            .map(|(i, _)| Loc::Kw(i)),
    );
    if with_out {
        v.extend((0..c.out.len()).map(Loc::Out));
    }
    v
}

fn get(c: &Case, l: Loc) -> Option<&TensorSpec> {
    match l {
        Loc::Arg(i) => match c.args.get(i) {
            Some(ArgSpec::Tensor(t)) => Some(t),
            _ => None,
        },
        Loc::Kw(i) => match c.kwargs.get(i).map(|k| &k.value) {
            Some(KwValue::Tensor(t)) => Some(t),
            _ => None,
        },
        Loc::Out(i) => c.out.get(i),
    }
}

fn get_mut(c: &mut Case, l: Loc) -> Option<&mut TensorSpec> {
    match l {
        Loc::Arg(i) => match c.args.get_mut(i) {
            Some(ArgSpec::Tensor(t)) => Some(t),
            _ => None,
        },
        Loc::Kw(i) => match c.kwargs.get_mut(i).map(|k| &mut k.value) {
            Some(KwValue::Tensor(t)) => Some(t),
            _ => None,
        },
        Loc::Out(i) => c.out.get_mut(i),
    }
}

fn zero() -> Elem {
    Elem::Real(Real::Int(0))
}

/// A C-contiguous copy of the view (`None` when its layout is broken).
fn plain(t: &TensorSpec) -> Option<TensorSpec> {
    let dtype = t.dtype().ok()?;
    Some(TensorSpec::contiguous(dtype, &t.shape, t.values().ok()?))
}

/// The view without axis `k` (index 0 along it); an empty axis's removal leaves zeros.
fn remove_axis(t: &TensorSpec, k: usize) -> Option<TensorSpec> {
    let mut n = t.clone();
    let was_empty = n.numel() == 0;
    n.shape.remove(k);
    n.strides.remove(k);
    if was_empty && n.numel() > 0 {
        let dtype = t.dtype().ok()?;
        return Some(TensorSpec::contiguous(
            dtype,
            &n.shape,
            vec![zero(); n.numel()],
        ));
    }
    Some(n)
}

/// Axis `k` cut to the `m` elements from index `start` (`start + m <= n`).
fn slice_axis(t: &TensorSpec, k: usize, start: usize, m: usize) -> TensorSpec {
    let mut n = t.clone();
    if m > 0 && start > 0 {
        let shift = start as isize * n.strides[k];
        n.offset = (n.offset as isize + shift).max(0) as usize;
    }
    n.shape[k] = m;
    n
}

/// The view with unused storage dropped and the offset moved to the first used element.
fn trim(t: &TensorSpec) -> Option<TensorSpec> {
    if t.numel() == 0 {
        let mut n = t.clone();
        n.storage.clear();
        n.offset = 0;
        return Some(n);
    }
    let idx = t.indices().ok()?;
    let (lo, hi) = (*idx.iter().min()?, *idx.iter().max()?);
    let mut n = t.clone();
    n.storage = t.storage[lo..=hi].to_vec();
    n.offset = t.offset - lo;
    Some(n)
}

/// Case-wide structural steps at broadcast position `p` (1 = last axis) over `group`.
fn axis_steps(c: &Case, group: &[Loc], out: &mut Vec<Case>) {
    let nd = group
        .iter()
        .filter_map(|&l| get(c, l).map(|t| t.shape.len()))
        .max()
        .unwrap_or(0);
    for p in 1..=nd {
        let at = |t: &TensorSpec| (t.shape.len() >= p).then(|| t.shape.len() - p);
        // The size at this position: the largest over the group (1s broadcast).
        let size = group
            .iter()
            .filter_map(|&l| get(c, l).and_then(|t| at(t).map(|k| t.shape[k])))
            .max()
            .unwrap_or(0);
        let mut remove = c.clone();
        let mut ok = true;
        for &l in group {
            if let Some(t) = get(c, l) {
                if let Some(k) = at(t) {
                    match remove_axis(t, k) {
                        Some(n) => *get_mut(&mut remove, l).expect("same case shape") = n,
                        None => ok = false,
                    }
                }
            }
        }
        if ok {
            out.push(remove);
        }
        // (start, length): one element (each of a short axis, else the first and the last),
        // none, either half.
        let mut cuts: Vec<(usize, usize)> = if size <= 8 {
            (0..size).map(|i| (i, 1)).collect()
        } else {
            vec![(0, 1), (size - 1, 1)]
        };
        cuts.push((0, 0));
        if size >= 3 {
            cuts.push((0, size / 2));
            cuts.push((size - size / 2, size / 2));
        }
        for (start, m) in cuts {
            if m >= size {
                continue;
            }
            let mut r = c.clone();
            for &l in group {
                if let Some(t) = get(c, l) {
                    if let Some(k) = at(t) {
                        // Unit dimensions keep broadcasting; only the full-size ones shrink.
                        if t.shape[k] == size {
                            *get_mut(&mut r, l).expect("same case shape") =
                                slice_axis(t, k, start, m);
                        }
                    }
                }
            }
            out.push(r);
        }
    }
}

fn simpler_int(i: i128) -> Vec<i128> {
    let mut v = Vec::new();
    if i != 0 {
        v.push(0);
    }
    if i != 0 && i != 1 {
        v.push(1);
    }
    if i < -1 {
        v.push(-1);
    }
    if i.abs() >= 4 {
        v.push(i / 2);
    }
    v
}

fn simpler_float(x: f64) -> Vec<f64> {
    let mut v = Vec::new();
    if x.is_nan() {
        if x.is_sign_negative() {
            v.push(f64::NAN);
        }
        v.extend([0.0, 1.0]);
        return v;
    }
    if x.is_infinite() {
        if x < 0.0 {
            v.push(f64::INFINITY);
        }
        v.extend([0.0, 1.0]);
        return v;
    }
    if x != 0.0 || x.is_sign_negative() {
        v.push(0.0);
    }
    if x != 0.0 && x.abs() != 1.0 {
        v.push(1.0);
    }
    if x < -1.0 {
        v.push(-1.0);
    }
    // A fraction becomes an integer: its integer part, or ±1 below 1 in magnitude.
    if x.fract() != 0.0 {
        v.push(if x.trunc() != 0.0 {
            x.trunc()
        } else {
            x.signum()
        });
    }
    if x.fract() == 0.0 && x.abs() >= 4.0 && x.abs() < 1e300 {
        v.push((x / 2.0).trunc());
    }
    v
}

fn simpler_real(r: &Real) -> Vec<Real> {
    match r {
        Real::Bool(true) => vec![Real::Bool(false)],
        Real::Bool(false) => vec![],
        Real::Int(i) => simpler_int(*i as i128)
            .into_iter()
            .map(|x| Real::Int(x as i64))
            .collect(),
        Real::UInt(u) => simpler_int(*u as i128)
            .into_iter()
            .map(|x| match i64::try_from(x) {
                Ok(i) => Real::Int(i),
                Err(_) => Real::UInt(x as u64),
            })
            .collect(),
        Real::Float(_) | Real::Special(_) => match r.to_f64() {
            Ok(x) => simpler_float(x).into_iter().map(Real::float).collect(),
            Err(_) => vec![Real::Int(0)],
        },
    }
}

fn simpler_pair(re: &Real, im: &Real) -> Vec<[Real; 2]> {
    let z = Real::Float(0.0);
    let mut v = Vec::new();
    let is_zero = |r: &Real| matches!(r.to_f64(), Ok(x) if x == 0.0 && !x.is_sign_negative());
    if !is_zero(re) || !is_zero(im) {
        v.push([z.clone(), z.clone()]);
    }
    if !is_zero(im) {
        v.push([re.clone(), z.clone()]);
    }
    v.extend(simpler_real(re).into_iter().map(|r| [r, im.clone()]));
    v.extend(simpler_real(im).into_iter().map(|i| [re.clone(), i]));
    v
}

fn simpler_elem(e: &Elem) -> Vec<Elem> {
    match e {
        Elem::Real(r) => simpler_real(r).into_iter().map(Elem::Real).collect(),
        Elem::Complex([re, im]) => simpler_pair(re, im)
            .into_iter()
            .map(Elem::Complex)
            .collect(),
    }
}

fn simpler_py(p: &PyValue) -> Vec<PyValue> {
    match p {
        PyValue::Bool(true) => vec![PyValue::Bool(false)],
        PyValue::Bool(false) => vec![],
        PyValue::Int(s) => match s.parse::<i128>() {
            Ok(i) => simpler_int(i)
                .into_iter()
                .map(|x| PyValue::Int(x.to_string()))
                .collect(),
            Err(_) => vec![PyValue::Int("0".into())],
        },
        PyValue::Float(r) => simpler_real(r).into_iter().map(PyValue::Float).collect(),
        PyValue::Complex([re, im]) => simpler_pair(re, im)
            .into_iter()
            .map(PyValue::Complex)
            .collect(),
    }
}

fn simpler_kw(k: &KwValue) -> Vec<KwValue> {
    match k {
        KwValue::Bool(true) => vec![KwValue::Bool(false)],
        KwValue::Int(i) => simpler_int(*i as i128)
            .into_iter()
            .map(|x| KwValue::Int(x as i64))
            .collect(),
        KwValue::Ints(v) => (0..v.len())
            .map(|i| {
                let mut w = v.clone();
                w.remove(i);
                KwValue::Ints(w)
            })
            .collect(),
        KwValue::Float(r) => simpler_real(r).into_iter().map(KwValue::Float).collect(),
        KwValue::Scalar(p) => simpler_py(p).into_iter().map(KwValue::Scalar).collect(),
        _ => Vec::new(),
    }
}

/// Every simplification of `c`, most aggressive first.
fn candidates(c: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    if !c.out.is_empty() {
        let mut n = c.clone();
        n.out.clear();
        out.push(n);
    }
    for i in 0..c.kwargs.len() {
        let mut n = c.clone();
        n.kwargs.remove(i);
        out.push(n);
    }
    let all = locs(c, true);
    for &l in &all {
        if let Some(p) = get(c, l).filter(|t| !t.is_plain()).and_then(plain) {
            let mut n = c.clone();
            *get_mut(&mut n, l).expect("same case shape") = p;
            out.push(n);
        }
    }
    axis_steps(c, &all, &mut out);
    let inputs = locs(c, false);
    if inputs.len() != all.len() {
        axis_steps(c, &inputs, &mut out);
    }
    if all.len() > 1 {
        for &l in &all {
            axis_steps(c, &[l], &mut out);
        }
    }
    for &l in &all {
        if let Some(t) = get(c, l).and_then(trim).filter(|t| Some(t) != get(c, l)) {
            let mut n = c.clone();
            *get_mut(&mut n, l).expect("same case shape") = t;
            out.push(n);
        }
    }
    for (i, a) in c.args.iter().enumerate() {
        if let ArgSpec::Python(p) = a {
            for s in simpler_py(p) {
                let mut n = c.clone();
                n.args[i] = ArgSpec::Python(s);
                out.push(n);
            }
        }
    }
    for (i, k) in c.kwargs.iter().enumerate() {
        for v in simpler_kw(&k.value) {
            let mut n = c.clone();
            n.kwargs[i].value = v;
            out.push(n);
        }
    }
    for &l in &all {
        let Some(t) = get(c, l) else { continue };
        for v in [Elem::Real(Real::Int(0)), Elem::Real(Real::Int(1))] {
            let mut n = c.clone();
            let nt = get_mut(&mut n, l).expect("same case shape");
            nt.storage.iter_mut().for_each(|e| *e = v.clone());
            // Only when it simplifies: every used element becomes v or something simpler.
            if nt.values().ok() != t.values().ok() {
                let used_simpler = t
                    .values()
                    .map(|vals| vals.iter().all(|e| *e == v || !simpler_elem(e).is_empty()))
                    .unwrap_or(false);
                if used_simpler {
                    out.push(n);
                }
            }
        }
    }
    for &l in &all {
        let Some(t) = get(c, l) else { continue };
        let Ok(mut used) = t.indices() else { continue };
        used.sort_unstable();
        used.dedup();
        if used.len() > PER_ELEMENT {
            continue;
        }
        for j in used {
            for e in simpler_elem(&t.storage[j]) {
                let mut n = c.clone();
                get_mut(&mut n, l).expect("same case shape").storage[j] = e;
                out.push(n);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use backends::DType;
    use opinfo::case::KwArg;
    use opinfo::rng::Rng;

    fn any_negative(c: &Case) -> bool {
        c.args.iter().any(|a| match a {
            ArgSpec::Tensor(t) => t
                .values()
                .unwrap_or_default()
                .iter()
                .any(|e| e.parts().is_ok_and(|(re, _)| re < 0.0)),
            ArgSpec::Python(_) => false,
        })
    }

    #[test]
    fn a_planted_predicate_shrinks_to_a_few_elements() {
        // Three strided operands of 4 x 5 x 6 (one broadcast, one reversed), keywords and an
        // out=; the "mismatch" is any negative element anywhere.
        let mut rng = Rng::new(42);
        let vals = |n: usize, rng: &mut Rng| -> Vec<Elem> {
            (0..n)
                .map(|_| Elem::Real(Real::float(rng.float_in(-3.0, 5.0))))
                .collect()
        };
        let a = TensorSpec {
            dtype: "float64".into(),
            shape: vec![4, 5, 6],
            strides: vec![-30, 6, 1],
            offset: 90,
            storage: vals(120, &mut rng),
        };
        let b = TensorSpec {
            dtype: "float32".into(),
            shape: vec![5, 6],
            strides: vec![0, 2],
            offset: 1,
            storage: vals(14, &mut rng),
        };
        let c = TensorSpec::contiguous(DType::I16, &[6], vals(6, &mut rng));
        let case = Case {
            op: "planted".into(),
            args: vec![
                ArgSpec::Tensor(a),
                ArgSpec::Tensor(b),
                ArgSpec::Tensor(c),
                ArgSpec::Python(PyValue::Int((1i128 << 70).to_string())),
            ],
            kwargs: vec![KwArg {
                name: "axis".into(),
                value: KwValue::Ints(vec![0, 2]),
            }],
            out: vec![TensorSpec::contiguous(
                DType::F64,
                &[4, 5, 6],
                vec![zero(); 120],
            )],
        };
        assert!(any_negative(&case));
        let r = shrink(&case, any_negative, 5000);
        assert!(any_negative(&r.case), "the shrunk case still fails");
        let elements = r.case.operand_elements();
        assert!(
            elements <= 4,
            "{elements} elements after {} evaluations: {}",
            r.evaluations,
            r.case.describe()
        );
        assert!(r.case.kwargs.is_empty() && r.case.out.is_empty());
        // The one negative element is simplified to -1.
        let negatives: Vec<f64> = r
            .case
            .args
            .iter()
            .filter_map(|a| match a {
                ArgSpec::Tensor(t) => Some(t.values().unwrap()),
                _ => None,
            })
            .flatten()
            .filter_map(|e| e.parts().ok().map(|p| p.0))
            .filter(|&x| x < 0.0)
            .collect();
        assert_eq!(negatives, vec![-1.0], "{}", r.case.describe());
    }

    #[test]
    fn shrinking_stops_within_the_budget() {
        let case = Case {
            op: "x".into(),
            args: vec![ArgSpec::Python(PyValue::Int((1i128 << 100).to_string()))],
            kwargs: vec![],
            out: vec![],
        };
        // Fails while the int is at least 2**64: halving stops right above it.
        let big = |c: &Case| match &c.args[0] {
            ArgSpec::Python(PyValue::Int(s)) => s.parse::<i128>().unwrap() >= 1 << 64,
            _ => false,
        };
        let r = shrink(&case, big, 1000);
        assert_eq!(
            r.case.args[0],
            ArgSpec::Python(PyValue::Int((1i128 << 64).to_string()))
        );
        let r = shrink(&case, big, 3);
        assert_eq!(r.evaluations, 3);
    }
}
