//! The reduce module (`kernels/reduce.cu`) on the host: every `reduce_{op}_{dtype}` kernel runs
//! with the shim's one-thread launch (which computes the GPU's own lane tree, see reduce.cu)
//! on extremal (NaN, ±inf, ±0, extremes), random and near-one values, over 1-d runs of 1, 7, 8,
//! 129, 1000 and 5000 elements, a 2-d array along axis 0 (strided run) and axis 1, its
//! transpose, a reversed stepped view, a 3-d reduction over two non-adjacent axes (gathered with
//! the reduced axes last, as the CUDA launch does), an empty run with a start value, and
//! `initial=` for the extrema.
//!
//! Comparisons:
//! - integers and bool (every op), argmax/argmin, the bitwise and logical ops: exactly against
//!   the CPU engine's reduction of the same input (`np.<ufunc>.reduce` / `argmax`);
//! - float extrema: exactly against the sequential fold of the engine's own scalar ops
//!   (`BinOp::fold`, NumPy's reduce-loop rule, which the kernel's in-order tree equals), and
//!   against the CPU engine exactly except for the documented +0/-0 tie (both zero, other
//!   sign: the CPU's vectorised paths pick the other zero), which is counted and printed;
//! - float sums and products: exactly against [`tree`], this file's Rust statement of the
//!   kernel's order, and against the CPU engine within both sides' error bounds (sums:
//!   `(d_gpu(k) + d_cpu(k))·eps·Σ|x|`; products near one: the records' `(8k + 4)·eps·|Πx|`).
//!
//! Floating-point flags (divide, overflow, invalid; the kernels derive no underflow): the
//! kernel's `err[1]` against the hardware flags of [`tree`]'s own steps for float sums and
//! products (the same operations in the same order, so they must be equal), and against none
//! for every other op. Against the CPU engine's flags (NumPy's, checked by the matrix) they
//! are counted: a sum or product may overflow on one order of its elements and not on the
//! other, and a complex product's intermediate steps are not modelled (reduce.cu's header).

use super::{agree, bytes_of, elem, show, Buf, Lib, Report, SENTINEL};
use backends::cuda::reduce::{instantiations, ReduceGeometry, StartValue};
use backends::cuda::source::reduce_kernel;
use backends::element::{Cf32, Cf64, Element, Hub};
use backends::fpe::{self, Action, ErrState, FpFlags};
use backends::ops::reduce::scalar::{self as sc, BinOp, Scalar};
use backends::ops::reduce::{sum_error_bound_terms, Axis, ReduceArgs};
use backends::ops::view::Slice;
use backends::reduce_seam::{reduced_last, RedOp, RunGeometry};
use backends::{DType, Kind, PyScalar, Tensor};
use half::{bf16, f16};
use opinfo::rng::Rng;
use opinfo::samples::random;
use opinfo::Domain;

type ReduceFn =
    unsafe extern "C" fn(i64, ReduceGeometry, *const u8, *mut u8, i32, StartValue, *mut i32);

/// Virtual lanes of reduce.cu (`RED_LANES`).
const LANES: usize = 256;

// ---------------------------------------------------------------------------------------------
// The kernel's order, in Rust
// ---------------------------------------------------------------------------------------------

/// An accumulator of the float sum/product tree.
trait Acc: Copy {
    fn add(self, o: Self) -> Self;
    fn mul(self, o: Self) -> Self;
}
impl Acc for f32 {
    fn add(self, o: f32) -> f32 {
        self + o
    }
    fn mul(self, o: f32) -> f32 {
        self * o
    }
}
impl Acc for f64 {
    fn add(self, o: f64) -> f64 {
        self + o
    }
    fn mul(self, o: f64) -> f64 {
        self * o
    }
}
/// bfloat16 products round to bfloat16 at every step (the value is kept in float32).
#[derive(Clone, Copy)]
struct Bf16Step(f32);
impl Acc for Bf16Step {
    fn add(self, o: Bf16Step) -> Bf16Step {
        Bf16Step(self.0 + o.0)
    }
    fn mul(self, o: Bf16Step) -> Bf16Step {
        Bf16Step(narrowed(self.0 * o.0, bf16::from_f32).to_f32())
    }
}

/// `to(x)` for half's software narrowings, which raise no hardware flag: overflow raised by
/// hand when a finite `x` becomes infinite, as a hardware conversion would.
fn narrowed<H: Copy + Into<f32>>(x: f32, to: fn(f32) -> H) -> H {
    let h = to(x);
    if x.is_finite() && h.into().is_infinite() {
        fpe::raise(FpFlags::OVERFLOW);
    }
    h
}
macro_rules! complex_acc {
    ($t:ty) => {
        impl Acc for $t {
            fn add(self, o: $t) -> $t {
                <$t>::new(self.re + o.re, self.im + o.im)
            }
            // The textbook product, no fma.
            fn mul(self, o: $t) -> $t {
                <$t>::new(
                    self.re * o.re - self.im * o.im,
                    self.re * o.im + self.im * o.re,
                )
            }
        }
    };
}
complex_acc!(Cf32);
complex_acc!(Cf64);

/// One lane of a sum: leaves of 8 consecutive elements summed left to right, merged as a
/// binary counter (leaf t merges with the stack top once per trailing one bit of t, left +
/// right), the stack flushed from the right.
fn lane_sum<A: Acc>(x: &[A]) -> A {
    let mut stack: Vec<A> = Vec::new();
    for (t, leaf) in x.chunks(8).enumerate() {
        let mut v = leaf[1..].iter().fold(leaf[0], |a, &b| a.add(b));
        let mut bits = t;
        while bits & 1 == 1 {
            v = stack.pop().expect("subtree").add(v);
            bits >>= 1;
        }
        stack.push(v);
    }
    let mut acc = stack.pop().expect("non-empty lane");
    while let Some(l) = stack.pop() {
        acc = l.add(acc);
    }
    acc
}

/// One lane of a product: sequential.
fn lane_prod<A: Acc>(x: &[A]) -> A {
    x[1..].iter().fold(x[0], |a, &b| a.mul(b))
}

/// The kernel's tree for one run of `k >= 1` elements: 256 virtual lanes of `ceil(k/256)`
/// consecutive elements, each folded by `lane`, combined in order (node i takes node i+s at
/// steps s = 1, 2, 4, ... while lane i+s is non-empty).
fn tree<A: Acc>(x: &[A], lane: fn(&[A]) -> A, comb: fn(A, A) -> A) -> A {
    let k = x.len();
    let c = k.div_ceil(LANES);
    let nv = k.div_ceil(c);
    let mut sh: Vec<A> = (0..nv)
        .map(|j| lane(&x[j * c..((j + 1) * c).min(k)]))
        .collect();
    let mut s = 1;
    while s < nv {
        let mut i = 0;
        while i + s < nv {
            sh[i] = comb(sh[i], sh[i + s]);
            i += 2 * s;
        }
        s *= 2;
    }
    sh[0]
}

/// Additions on an element's longest path through the kernel's sum (reduce.cu's header):
/// 7 in its leaf, floor(log2(leaves)) + 1 in its lane, 8 across lanes, 1 for the start.
fn gpu_sum_terms(k: usize) -> f64 {
    let leaves = k.div_ceil(LANES).div_ceil(8).max(1);
    (7 + leaves.ilog2() as usize + 1 + 8 + 1) as f64
}

/// The kernel's result (bytes of `d`) for a float add/multiply over `rows` from `start`, and
/// the hardware flags its steps raised.
fn float_tree(op: RedOp, d: DType, rows: &[Vec<Hub>], start: Option<Hub>) -> (Vec<u8>, FpFlags) {
    let (bytes, f) = fpe::isolated(|| float_tree_bytes(op, d, rows, start));
    (bytes, compared(f))
}

fn float_tree_bytes(op: RedOp, d: DType, rows: &[Vec<Hub>], start: Option<Hub>) -> Vec<u8> {
    fn run<A: Acc>(op: RedOp, row: &[A], start: Option<A>) -> A {
        let t = match op {
            RedOp::Add => tree(row, lane_sum, A::add),
            _ => tree(row, lane_prod, A::mul),
        };
        match (start, op) {
            (None, _) => t,
            (Some(s), RedOp::Add) => s.add(t),
            (Some(s), _) => s.mul(t),
        }
    }
    let mut out = Vec::new();
    for row in rows {
        macro_rules! go {
            ($T:ty, $A:ty, $in:expr, $out:expr) => {{
                let a: Vec<$A> = row.iter().map(|&h| $in(<$T>::from_hub(h))).collect();
                let st = start.map(|h| $in(<$T>::from_hub(h)));
                let r: $T = $out(run(op, &a, st));
                out.extend(bytes_of(&<$T>::into_storage(vec![r])));
            }};
        }
        match (d, op) {
            (DType::F32, _) => go!(f32, f32, |x| x, |a| a),
            (DType::F64, _) => go!(f64, f64, |x| x, |a| a),
            (DType::C64, _) => go!(Cf32, Cf32, |x| x, |a| a),
            (DType::C128, _) => go!(Cf64, Cf64, |x| x, |a| a),
            (DType::F16, _) => go!(f16, f32, |x: f16| x.to_f32(), |a| narrowed(
                a,
                f16::from_f32
            )),
            (DType::BF16, RedOp::Add) => go!(bf16, f32, |x: bf16| x.to_f32(), |a| narrowed(
                a,
                bf16::from_f32
            )),
            (DType::BF16, _) => go!(
                bf16,
                Bf16Step,
                |x: bf16| Bf16Step(x.to_f32()),
                |a: Bf16Step| narrowed(a.0, bf16::from_f32)
            ),
            _ => unreachable!("float dtypes only"),
        }
    }
    out
}

/// NumPy's reduce loop, one element at a time from the start (or the first element), with the
/// engine's scalar ops: what the kernel's in-order tree gives for the extrema.
fn seq_fold(op: RedOp, d: DType, rows: &[Vec<Hub>], start: Option<Hub>) -> Vec<u8> {
    fn go<T: Scalar, F: BinOp>(rows: &[Vec<Hub>], start: Option<Hub>) -> Vec<u8> {
        let v: Vec<T> = rows
            .iter()
            .map(|row| {
                let mut it = row.iter().map(|&h| T::from_hub(h));
                let first = match start {
                    Some(s) => T::from_hub(s),
                    None => it.next().expect("non-empty run"),
                };
                it.fold(first, F::fold)
            })
            .collect();
        bytes_of(&T::into_storage(v))
    }
    backends::with_dtype!(d, T, {
        match op {
            RedOp::Max => go::<T, sc::Max>(rows, start),
            RedOp::Min => go::<T, sc::Min>(rows, start),
            RedOp::FMax => go::<T, sc::FMax>(rows, start),
            _ => go::<T, sc::FMin>(rows, start),
        }
    })
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/// One input: a (possibly strided) view, its reduced axes, the `initial=` of the engine call.
struct Case {
    what: String,
    x: Tensor,
    mask: Vec<bool>,
    initial: Option<PyScalar>,
}

fn tensor_of(d: DType, shape: &[usize], v: &[Hub]) -> Tensor {
    backends::with_dtype!(d, T, {
        Tensor::from_vec(v.iter().map(|&h| T::from_hub(h)).collect::<Vec<T>>(), shape)
            .expect("tensor")
    })
}

/// `n` values: the pool's values cycled from `at`.
fn take(pool: &[Hub], n: usize, at: usize) -> Vec<Hub> {
    (0..n).map(|i| pool[(at + i) % pool.len()]).collect()
}

/// The value pool of a dtype: extremal values (NaN, ±inf, ±0, extremes) then random ones;
/// for products random values near one, so long products stay finite.
fn pools(d: DType, op: RedOp, rng: &mut Rng) -> Vec<(&'static str, Vec<Hub>)> {
    let hubs = |t: Tensor| super::hubs_of(&t);
    let mut extremal = super::extremes(d, Domain::Any);
    extremal.extend(hubs(random(d, &[64], rng, Domain::Any)));
    let random_pool = hubs(random(d, &[6000], rng, Domain::Any));
    let mut v = vec![("extremal", extremal), ("random", random_pool)];
    let float = matches!(d.kind(), Kind::Float | Kind::Complex);
    if op == RedOp::Mul && float {
        v.push(("near-one", hubs(random(d, &[6000], rng, Domain::NearOne))));
    }
    if float && !matches!(op, RedOp::Add | RedOp::Mul) {
        // Signed-zero ties: zeros of both signs as the maximum (then the minimum) of a run,
        // where only the tie rule decides the result's sign.
        let f = |v: &[f64]| -> Vec<Hub> { v.iter().map(|&x| Hub::Float(x)).collect() };
        v.push((
            "zeros<=0",
            f(&[-0.0, 0.0, -1.0, 0.0, -0.0, -2.0, -0.0, 0.0, -3.0]),
        ));
        v.push((
            "zeros>=0",
            f(&[0.0, -0.0, 1.0, -0.0, 0.0, 2.0, 0.0, -0.0, 3.0]),
        ));
    }
    v
}

fn cases(d: DType, op: RedOp, rng: &mut Rng) -> Vec<Case> {
    let mut out = Vec::new();
    let has_start = !matches!(
        op,
        RedOp::Max | RedOp::Min | RedOp::FMax | RedOp::FMin | RedOp::ArgMax | RedOp::ArgMin
    );
    for (name, pool) in pools(d, op, rng) {
        let mut case = |what: String, x: Tensor, mask: Vec<bool>| {
            out.push(Case {
                what: format!("{name} {what}"),
                x,
                mask,
                initial: None,
            })
        };
        for (i, n) in [1usize, 7, 8, 129, 1000, 5000].into_iter().enumerate() {
            let x = tensor_of(d, &[n], &take(&pool, n, 3 * i));
            case(format!("1-d of {n}"), x, vec![true]);
        }
        let m = tensor_of(d, &[37, 129], &take(&pool, 37 * 129, 5));
        case("(37, 129) axis 0".into(), m.clone(), vec![true, false]);
        case("(37, 129) axis 1".into(), m, vec![false, true]);
        let t = tensor_of(d, &[129, 37], &take(&pool, 129 * 37, 11)).transpose();
        case("(129, 37).T axis 0".into(), t.clone(), vec![true, false]);
        case("(129, 37).T axis 1".into(), t, vec![false, true]);
        let r = tensor_of(d, &[2000], &take(&pool, 2000, 1))
            .slice(&[Slice::step(-2)])
            .expect("stepped view");
        case("[::-2] of 2000".into(), r, vec![true]);
        if !op.is_index() {
            let c = tensor_of(d, &[5, 6, 7], &take(&pool, 210, 2));
            case("(5, 6, 7) axes (0, 2)".into(), c, vec![true, false, true]);
        }
        if has_start {
            case(
                "(3, 0) axis 1".into(),
                tensor_of(d, &[3, 0], &[]),
                vec![false, true],
            );
        }
    }
    if !has_start && !op.is_index() {
        let init = if d.is_bool() {
            PyScalar::Bool(false)
        } else {
            PyScalar::Int(0)
        };
        let pool = super::extremes(d, Domain::Any);
        let x = tensor_of(d, &[9, 40], &take(&pool, 360, 0));
        for mask in [vec![false, true], vec![true, false]] {
            out.push(Case {
                what: format!("extremal (9, 40) mask {mask:?} initial=0"),
                x: x.clone(),
                mask,
                initial: Some(init),
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Running
// ---------------------------------------------------------------------------------------------

/// The identity start value of `op` (ops/ passes it for every op that has one).
fn identity(op: RedOp) -> Option<Hub> {
    match op {
        RedOp::Add | RedOp::Or | RedOp::Xor => Some(Hub::UInt(0)),
        RedOp::Mul => Some(Hub::UInt(1)),
        RedOp::And => Some(Hub::Int(-1)),
        _ => None,
    }
}

fn start_of(op: RedOp, d: DType, initial: Option<PyScalar>) -> Option<Hub> {
    match initial {
        Some(PyScalar::Bool(b)) => Some(Hub::Bool(b)),
        Some(PyScalar::Int(i)) => Some(Hub::Int(i as i64)),
        Some(_) => unreachable!("cases use bool and int initial values"),
        None => identity(op),
    }
    .map(|h| backends::with_dtype!(d, T, T::from_hub(h).to_hub()))
}

/// The CPU engine's reduction of the case (the op's public NumPy entry point).
fn engine(op: RedOp, c: &Case) -> backends::Result<Tensor> {
    let axes: Vec<isize> = (0..c.mask.len())
        .filter(|&i| c.mask[i])
        .map(|i| i as isize)
        .collect();
    if op.is_index() {
        let ax = Some(axes[0]);
        return if op == RedOp::ArgMax {
            c.x.argmax(ax, false, None)
        } else {
            c.x.argmin(ax, false, None)
        };
    }
    let args = ReduceArgs {
        axis: Axis::Many(axes),
        dtype: Some(c.x.dtype()),
        initial: c.initial,
        ..ReduceArgs::default()
    };
    backends::ufunc(op.name())
        .expect("reducing ufunc")
        .reduce(&c.x, &args)
}

/// The kernel's result on the host: the view in place when its reduced dims are one run,
/// else gathered with the reduced axes last (as the CUDA launch does); and the runs in order.
fn run_kernel(
    lib: &Lib,
    op: RedOp,
    c: &Case,
    start: Option<Hub>,
) -> (Vec<u8>, Vec<Vec<Hub>>, FpFlags) {
    let d = c.x.dtype();
    let order = reduced_last(&c.mask);
    let pmask: Vec<bool> = order.iter().map(|&i| c.mask[i]).collect();
    let gathered =
        c.x.permute(Some(&order))
            .and_then(|p| p.contiguous())
            .expect("gather");
    let (src, g) = match RunGeometry::new(c.x.layout(), &c.mask) {
        Some(g) => (c.x.clone(), g),
        None => {
            let g = RunGeometry::new(gathered.layout(), &pmask).expect("gathered run");
            (gathered.clone(), g)
        }
    };
    let bytes = bytes_of(&src.storage().expect("host"));
    let buf = Buf::from_bytes(&bytes);
    let out_d = if op.is_index() { DType::I64 } else { d };
    let m = g.m();
    let mut out = Buf::filled(m * out_d.itemsize(), SENTINEL);
    let geo = ReduceGeometry::new(&g).expect("few kept dims");
    let st = match start {
        Some(h) => backends::with_dtype!(d, T, StartValue::of(T::from_hub(h))),
        None => StartValue::default(),
    };
    let f = lib.sym::<ReduceFn>(&reduce_kernel(op, d));
    let mut err = [0i32; 2];
    // SAFETY: the input buffer holds every element the geometry reaches from the offset (a
    // checked layout of this storage); the output holds m elements; err is two ints.
    unsafe {
        f(
            m as i64,
            geo,
            buf.ptr_at(d, g.offset as usize),
            out.ptr_mut(),
            start.is_some() as i32,
            st,
            err.as_mut_ptr(),
        )
    };
    let hubs = super::hubs_of(&gathered);
    let k = g.k.max(1);
    let rows = if g.k == 0 {
        vec![Vec::new(); m]
    } else {
        hubs.chunks(k).map(|r| r.to_vec()).collect()
    };
    (
        out.bytes().to_vec(),
        rows,
        compared(FpFlags::from_bits(err[1] as u8)),
    )
}

/// The flags the kernels derive (all but underflow).
fn compared(f: FpFlags) -> FpFlags {
    f.intersection(
        FpFlags::DIVIDE
            .union(FpFlags::OVERFLOW)
            .union(FpFlags::INVALID),
    )
}

/// The CPU engine's result of the case, and the flags it reported (as warnings).
fn engine_flagged(op: RedOp, c: &Case) -> (backends::Result<Tensor>, FpFlags) {
    fpe::take_warnings();
    let r = fpe::errstate(ErrState::all(Action::Warn), || engine(op, c));
    let f = fpe::take_warnings()
        .iter()
        .fold(FpFlags::NONE, |a, w| a.union(w.flag));
    (r, compared(f))
}

/// Machine epsilon and smallest subnormal of a float dtype's (component) accumulator.
fn acc_eps(d: DType) -> (f64, f64) {
    match d {
        DType::F64 | DType::C128 => (f64::EPSILON, 5e-324),
        _ => (f32::EPSILON as f64, 1.401298464324817e-45),
    }
}

/// Epsilon of the result's own format (float16/bfloat16 round once more at the end).
fn out_eps(d: DType) -> f64 {
    match d {
        DType::F16 => 9.765625e-4,
        DType::BF16 => 7.8125e-3,
        _ => 0.0,
    }
}

/// The components of an element as f64 (one for reals, two for complex).
fn parts(h: Hub) -> Vec<f64> {
    match h {
        Hub::Complex(c) => vec![c.re, c.im],
        Hub::Float(x) => vec![x],
        Hub::Int(i) => vec![i as f64],
        Hub::UInt(u) => vec![u as f64],
        Hub::Bool(b) => vec![b as u8 as f64],
    }
}

fn hub_at(d: DType, b: &[u8], i: usize) -> Hub {
    let t = backends::with_dtype!(d, T, {
        let e = elem(d, b, i);
        let mut v = T::from_hub(Hub::UInt(0));
        // SAFETY: `e` is one element's bytes of dtype d, the size of T.
        unsafe {
            std::ptr::copy_nonoverlapping(e.as_ptr(), (&mut v as *mut T).cast::<u8>(), e.len())
        };
        v.to_hub()
    });
    t
}

/// Whether the CPU's `c` and the kernel's `g` of one float sum/product output agree within
/// both sides' bounds; `None` when the comparison does not apply (overflow possible).
fn within_bound(
    op: RedOp,
    d: DType,
    row: &[Hub],
    start: Option<Hub>,
    c: Hub,
    g: Hub,
) -> Option<bool> {
    let (eps, tiny) = acc_eps(d);
    let k = row.len().max(1);
    let (cp, gp) = (parts(c), parts(g));
    let max = match d {
        DType::F64 | DType::C128 => f64::MAX,
        DType::F16 => 65504.0,
        _ => f32::MAX as f64,
    };
    let mut ok = true;
    for p in 0..cp.len() {
        let vals: Vec<f64> = row
            .iter()
            .chain(start.iter())
            .map(|&h| parts(h)[p.min(parts(h).len() - 1)])
            .collect();
        let (terms, scale) = if op == RedOp::Add {
            let scale: f64 = vals.iter().filter(|v| v.is_finite()).map(|v| v.abs()).sum();
            (gpu_sum_terms(k) + sum_error_bound_terms(k), scale)
        } else {
            if vals.iter().any(|v| !v.is_finite()) {
                return None;
            }
            // Magnitudes of the factors (moduli for complex).
            let mags: Vec<f64> = match d.kind() {
                Kind::Complex => row
                    .iter()
                    .chain(start.iter())
                    .map(|&h| {
                        let q = parts(h);
                        q[0].hypot(q[1])
                    })
                    .collect(),
                _ => vals.iter().map(|v| v.abs()).collect(),
            };
            // Every partial product, in any order, lies between the product of the factors
            // below one and that of the factors above one: the relative bound holds only when
            // that whole range stays normal (no overflow, no gradual underflow) in the
            // accumulator, and the result is normal in its own format.
            let big: f64 = mags.iter().filter(|&&v| v >= 1.0).product();
            let small: f64 = mags.iter().filter(|&&v| v < 1.0).product();
            let m: f64 = mags.iter().product();
            let (acc_max, acc_min) = match d {
                DType::F64 | DType::C128 => (f64::MAX, f64::MIN_POSITIVE),
                _ => (f32::MAX as f64, f32::MIN_POSITIVE as f64),
            };
            let (out_max, out_min) = match d {
                DType::F16 => (65504.0, 6.103515625e-5),
                _ => (acc_max, acc_min),
            };
            if big > acc_max || small < acc_min || m > out_max || m < out_min {
                return None;
            }
            (8.0 * k as f64 + 4.0, m)
        };
        if !scale.is_finite() || scale > max {
            return None;
        }
        let (a, b) = (cp[p], gp[p]);
        if vals.iter().any(|v| v.is_nan()) {
            ok &= a.is_nan() && b.is_nan();
            continue;
        }
        if vals.iter().any(|v| v.is_infinite()) {
            ok &= a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
            continue;
        }
        let eps = if op == RedOp::Mul && out_eps(d) > 0.0 {
            out_eps(d)
        } else {
            eps
        };
        let bound = terms * (eps * scale + tiny) + out_eps(d) * a.abs().max(b.abs());
        ok &= a.is_finite() && b.is_finite() && (a - b).abs() <= bound;
    }
    Some(ok)
}

/// Counters of the reduce module's check.
#[derive(Default)]
pub struct Counts {
    /// Kernel invocations.
    pub cases: usize,
    /// Float extrema outputs where the CPU picked the other zero of a +0/-0 tie.
    pub zero_ties: usize,
    /// Float sum/product outputs compared with the CPU within the bound.
    pub bounded: usize,
    /// Float sum/product outputs where overflow (or, for products, gradual underflow) made the
    /// bound inapplicable (tree-checked only).
    pub unbounded: usize,
    /// Cases whose kernel raised some flag.
    pub flagged: usize,
    /// Cases whose kernel flags differ from the CPU engine's (float sums and products only:
    /// the order of the steps; see the module doc).
    pub flags_by_order: usize,
}

/// Runs every reduce kernel on its cases.
pub fn check_reduce_module(lib: &Lib, rep: &mut Report) -> Counts {
    let mut n = Counts::default();
    for (op, d) in instantiations() {
        let kname = reduce_kernel(op, d);
        let mut rng = Rng::new(0x5eed ^ kname.len() as u64 ^ ((d as u64) << 8));
        rep.kernels += 1;
        let float = matches!(d.kind(), Kind::Float | Kind::Complex);
        for c in cases(d, op, &mut rng) {
            n.cases += 1;
            let group = format!("{kname} [{}]", c.what);
            let start = start_of(op, d, c.initial);
            let (ker, rows, ker_flags) = run_kernel(lib, op, &c, start);
            let (cpu, cpu_flags) = engine_flagged(op, &c);
            let sum_like = float && matches!(op, RedOp::Add | RedOp::Mul);
            if !ker_flags.is_empty() {
                n.flagged += 1;
            }
            if ker_flags != cpu_flags {
                if sum_like {
                    n.flags_by_order += 1;
                } else {
                    rep.mismatch(
                        &format!("{group} flags"),
                        format!(
                            "kernel raised {:?}, the CPU engine {:?}",
                            ker_flags.names(),
                            cpu_flags.names()
                        ),
                    );
                }
            }
            let cpu = match cpu.and_then(|t| t.contiguous()) {
                Ok(t) => bytes_of(&t.storage().expect("host")),
                Err(e) => {
                    rep.mismatch(&group, format!("the CPU engine raised {e}"));
                    continue;
                }
            };
            let out_d = if op.is_index() { DType::I64 } else { d };
            if cpu.len() != ker.len() {
                rep.mismatch(
                    &group,
                    format!("{} vs {} result bytes", cpu.len(), ker.len()),
                );
                continue;
            }
            let m = ker.len() / out_d.itemsize();
            let tree_ref = match op {
                // (An empty run is the start value: compared with the CPU exactly below.)
                RedOp::Add | RedOp::Mul if float && rows.iter().all(|r| !r.is_empty()) => {
                    let (bytes, tree_flags) = float_tree(op, d, &rows, start);
                    if tree_flags != ker_flags {
                        rep.mismatch(
                            &format!("{group} flags vs the kernel-order reference"),
                            format!(
                                "kernel raised {:?}, the same steps in hardware {:?}",
                                ker_flags.names(),
                                tree_flags.names()
                            ),
                        );
                    }
                    Some(bytes)
                }
                RedOp::Max | RedOp::Min | RedOp::FMax | RedOp::FMin if float => {
                    Some(seq_fold(op, d, &rows, start))
                }
                _ => None,
            };
            for (i, row) in rows.iter().enumerate().take(m) {
                rep.values += 1;
                let (ce, ke) = (elem(out_d, &cpu, i), elem(out_d, &ker, i));
                if let Some(r) = &tree_ref {
                    let re = elem(out_d, r, i);
                    if !agree(out_d, re, ke) {
                        rep.mismatch(
                            &format!("{group} vs the kernel-order reference"),
                            format!(
                                "output {i}: kernel {}, reference {}",
                                show(out_d, ke),
                                show(out_d, re)
                            ),
                        );
                    }
                }
                if agree(out_d, ce, ke) {
                    if sum_like {
                        n.bounded += 1;
                    }
                    continue;
                }
                if sum_like {
                    let (ch, gh) = (hub_at(out_d, &cpu, i), hub_at(out_d, &ker, i));
                    match within_bound(op, d, row, start, ch, gh) {
                        Some(true) => n.bounded += 1,
                        None => n.unbounded += 1,
                        Some(false) => rep.mismatch(
                            &format!("{group} vs the CPU bound"),
                            format!(
                                "output {i} (k = {}): kernel {}, CPU {}",
                                row.len(),
                                show(out_d, ke),
                                show(out_d, ce)
                            ),
                        ),
                    }
                    continue;
                }
                // Agreement failed on equal values: only a +0/-0 pair (in some part) differs.
                let zero_tie = float
                    && !op.is_index()
                    && match (super::decode(out_d, ce), super::decode(out_d, ke)) {
                        (super::Val::Real(a), super::Val::Real(b)) => a == b,
                        (super::Val::Cplx(a, b), super::Val::Cplx(x, y)) => a == x && b == y,
                        _ => false,
                    };
                if zero_tie {
                    n.zero_ties += 1;
                    continue;
                }
                rep.mismatch(
                    &group,
                    format!(
                        "output {i}: kernel {}, CPU {}",
                        show(out_d, ke),
                        show(out_d, ce)
                    ),
                );
            }
        }
    }
    n
}
