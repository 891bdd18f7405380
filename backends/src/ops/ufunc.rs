//! The ufunc machinery: one resolver and one driver for every elementwise op.
//!
//! A call goes: a read-only `out=` refused -> Python scalars prepared by the function's
//! convention ([`Scalars`], NEP 50 for plain ufuncs) -> loop search (NumPy's linear search: the
//! first loop every input casts to safely) -> the scalars' values checked against the loop ->
//! `out=`'s dtype checked (`same_kind`) -> broadcast, `out=`'s shape included -> inputs cast to
//! the loop dtypes -> the op's typed kernel over strided views -> cast-scatter into `out=`. The
//! errors come in NumPy's order. Kernels only see one loop signature and broadcast views; they
//! never decide semantics.

use crate::backend::{backend, Elementwise};
use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::scalars::{self, Take};
use crate::promotion::{can_cast, resolve_operands, Casting, Operand, PyScalar};
use crate::storage::Device;
use crate::tensor::Tensor;

pub use crate::backend::{Kernel, Loop, View};
pub use crate::ops::scalars::{scalar_tensor, Scalars};

/// A custom loop resolver, for ufuncs whose NumPy type resolver is not the linear search
/// (true division maps integer inputs to float64).
pub type Resolver = fn(uf: &Ufunc, dtypes: &[DType]) -> Result<Loop>;

/// An elementwise op with NumPy ufunc semantics.
pub struct Ufunc {
    /// NumPy name.
    pub name: &'static str,
    /// Number of inputs.
    pub nin: usize,
    /// Loops in search order.
    pub loops: Vec<Loop>,
    /// The typed kernel.
    pub kernel: Kernel,
    /// Override of the linear loop search.
    pub resolver: Option<Resolver>,
    /// How the function takes Python scalar operands.
    pub scalars: Scalars,
}

/// A resolved call: the loop, how each operand enters it, and — for a comparison a Python int
/// decides — the result of every element.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The loop.
    pub lp: Loop,
    takes: Vec<Take>,
    /// Every element's value, when no loop needs to run (see [`Scalars::Compare`]).
    pub decided: Option<bool>,
}

/// A ufunc argument: a tensor or a Python scalar (weak under NEP 50).
#[derive(Clone, Debug)]
pub enum Arg {
    /// An array operand.
    Tensor(Tensor),
    /// A Python scalar operand.
    Scalar(PyScalar),
}

impl Arg {
    /// The argument as loop resolution sees it: an array's dtype, or the Python scalar.
    pub fn operand(&self) -> Operand {
        match self {
            Arg::Tensor(t) => Operand::Array(t.dtype()),
            Arg::Scalar(s) => Operand::Scalar(*s),
        }
    }
}

impl From<&Tensor> for Arg {
    fn from(t: &Tensor) -> Arg {
        Arg::Tensor(t.clone())
    }
}
impl From<Tensor> for Arg {
    fn from(t: Tensor) -> Arg {
        Arg::Tensor(t)
    }
}
impl From<f64> for Arg {
    fn from(v: f64) -> Arg {
        Arg::Scalar(PyScalar::Float(v))
    }
}
impl From<i64> for Arg {
    fn from(v: i64) -> Arg {
        Arg::Scalar(PyScalar::Int(v as i128))
    }
}
impl From<bool> for Arg {
    fn from(v: bool) -> Arg {
        Arg::Scalar(PyScalar::Bool(v))
    }
}
impl From<PyScalar> for Arg {
    fn from(s: PyScalar) -> Arg {
        Arg::Scalar(s)
    }
}

/// Broadcasts shapes NumPy style; a result with more elements than `usize` counts is
/// NumPy's ValueError ("iterator is too large").
pub fn broadcast_shapes(op: &'static str, shapes: &[&[usize]]) -> Result<Vec<usize>> {
    let nd = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out = vec![1usize; nd];
    for s in shapes {
        let lead = nd - s.len();
        for (i, &n) in s.iter().enumerate() {
            let o = &mut out[lead + i];
            if *o == 1 {
                *o = n;
            } else if n != 1 && n != *o {
                return Err(Error::Broadcast {
                    op,
                    shapes: shapes.iter().map(|s| s.to_vec()).collect(),
                });
            }
        }
    }
    crate::size::checked_numel(op, &out)?;
    Ok(out)
}

/// The ufuncs whose real-float loops raise no invalid flag for a NaN operand in NumPy.
const QUIET_NAN: [&str; 14] = [
    "less",
    "less_equal",
    "greater",
    "greater_equal",
    "equal",
    "not_equal",
    "maximum",
    "minimum",
    "fmax",
    "fmin",
    "clip",
    "sign",
    "modf_fractional",
    "modf_integral",
];

fn arg_is_complex(a: &Arg) -> bool {
    match a {
        Arg::Tensor(t) => t.dtype().is_complex(),
        Arg::Scalar(s) => matches!(s, crate::PyScalar::Complex(..)),
    }
}

impl Ufunc {
    /// A ufunc with NumPy's default (linear-search) loop resolution.
    pub fn new(name: &'static str, nin: usize, loops: Vec<Loop>, kernel: Kernel) -> Ufunc {
        Ufunc {
            name,
            nin,
            loops,
            kernel,
            resolver: None,
            scalars: Scalars::Weak,
        }
    }

    /// NumPy's default resolver: the first loop to which every input casts safely.
    pub fn linear_search(&self, dtypes: &[DType]) -> Result<Loop> {
        self.loops
            .iter()
            .find(|l| {
                l.ins
                    .iter()
                    .zip(dtypes)
                    .all(|(&li, &d)| can_cast(d, li, Casting::Safe))
            })
            .cloned()
            .ok_or_else(|| Error::NoLoop {
                op: self.name,
                dtypes: dtypes.to_vec(),
            })
    }

    /// True when a loop takes integer and float inputs together (`ldexp`'s `e,i`): there
    /// NumPy's marked-scalar search decides even where the homogeneous one finds a loop.
    fn mixes_int_and_float(&self) -> bool {
        self.loops.iter().any(|l| {
            l.ins.iter().any(|d| d.is_integer())
                && l.ins.iter().any(|d| d.kind() == crate::dtype::Kind::Float)
        })
    }

    /// NumPy's linear search with Python scalars marked as such (its legacy resolver's
    /// `can_cast_pyscalar_scalar_to`): a Python int may go to any numeric loop type (its value
    /// is checked against it afterwards) unless every array is bool (then it is int64); Python
    /// bools, floats and complexes cast safely from bool, float64 and complex128. This is how
    /// `np.ldexp(float16_array, 3)` finds its `e,i` loop where no homogeneous resolution does
    /// (matched against NumPy 2.4 for ldexp's mixed loops). For ufuncs without such mixed
    /// loops it is tried only when the plain search finds nothing, so it never changes a loop
    /// the plain search picks there.
    fn python_scalar_search(&self, operands: &[Operand]) -> Option<Loop> {
        if !operands.iter().any(|o| matches!(o, Operand::Scalar(_))) {
            return None;
        }
        let only_bool_arrays = operands
            .iter()
            .all(|o| !matches!(o, Operand::Array(d) if *d != DType::Bool));
        self.loops
            .iter()
            .find(|l| {
                l.ins.iter().zip(operands).all(|(&li, o)| match o {
                    Operand::Array(d) => can_cast(*d, li, Casting::Safe),
                    Operand::Scalar(PyScalar::Int(_)) if only_bool_arrays => {
                        can_cast(DType::I64, li, Casting::Safe)
                    }
                    Operand::Scalar(PyScalar::Int(_)) => li != DType::Bool,
                    Operand::Scalar(PyScalar::Bool(_)) => can_cast(DType::Bool, li, Casting::Safe),
                    Operand::Scalar(s) => s
                        .resolve(self.name, None)
                        .is_ok_and(|d| can_cast(d, li, Casting::Safe)),
                })
            })
            .cloned()
    }

    /// The loop NumPy would pick for these operands (weak scalars resolved first).
    pub fn resolve(&self, operands: &[Operand]) -> Result<Loop> {
        self.plan(operands).map(|p| p.lp)
    }

    /// The loop, how each operand enters it and the checks on the Python scalars' values, in
    /// NumPy's order (a Python int that does not fit is an OverflowError before anything about
    /// `out=` is looked at).
    pub fn plan(&self, operands: &[Operand]) -> Result<Plan> {
        if operands.len() != self.nin {
            return Err(Error::Type {
                op: self.name,
                msg: format!("takes {} arguments, got {}", self.nin, operands.len()),
            });
        }
        let (ops, takes) = scalars::prepare(self.scalars, self.name, operands)?;
        let lp = self.find_loop(&ops)?;
        let decided = scalars::check(self.scalars, self.name, &ops, &takes, &lp)?;
        Ok(Plan { lp, takes, decided })
    }

    /// The loop search over operands as [`scalars::prepare`] leaves them.
    fn find_loop(&self, operands: &[Operand]) -> Result<Loop> {
        let any_scalar = operands.iter().any(|o| matches!(o, Operand::Scalar(_)));
        if matches!(self.scalars, Scalars::Truth) && any_scalar {
            if let Some(lp) = self.loops.iter().find(|l| l.ins[0] == DType::Bool) {
                return Ok(lp.clone());
            }
        }
        // np.where's condition does not take part in promoting x and y (a Python scalar x
        // next to a complex condition stays an int), so it is resolved apart.
        let skip = usize::from(matches!(self.scalars, Scalars::Where));
        let mut dtypes = resolve_operands(self.name, &operands[..skip])?;
        dtypes.extend(resolve_operands(self.name, &operands[skip..])?);
        match self.resolver {
            Some(r) => r(self, &dtypes),
            None if self.mixes_int_and_float() => self
                .python_scalar_search(operands)
                .map_or_else(|| self.linear_search(&dtypes), Ok),
            None => match self.linear_search(&dtypes) {
                Ok(lp) => Ok(lp),
                Err(e) => self.python_scalar_search(operands).ok_or(e),
            },
        }
    }

    /// The dtype of the result for these operands (`np.<ufunc>(...).dtype`).
    pub fn result_dtype(&self, operands: &[Operand]) -> Result<DType> {
        self.resolve(operands).map(|l| l.out)
    }

    /// Calls the ufunc: `np.<name>(*args, out=out)`. With `out`, the result is cast into it
    /// under `same_kind` and `out` is returned.
    pub fn call(&self, args: &[Arg], out: Option<&Tensor>) -> Result<Tensor> {
        if matches!(self.scalars, Scalars::Clip) {
            if let Some((name, rest)) = scalars::clip_dropping(args) {
                return crate::ops::methods::call(name, &rest, out);
            }
        }
        // Flags count from here: the input casts are part of the call, as in NumPy.
        crate::fpe::call(self.name, || {
            let r = self.call_flagged(args, out)?;
            if QUIET_NAN.contains(&self.name) && args.iter().all(|a| !arg_is_complex(a)) {
                // NumPy's real loops of these compare quietly (its SIMD loops use
                // ordered-quiet predicates): a NaN operand raises no invalid, where a
                // vectorised Rust comparison signals it.
                crate::fpe::clear(crate::fpe::FpFlags::INVALID);
            }
            if self.name == "left_shift" {
                // Integer shifts raise nothing in NumPy. On x86-64's SSE2 baseline (no per-lane
                // variable shift) LLVM vectorises `a << b` as a multiplication by 2^b built
                // through a float conversion (cvttps2dq), which raises invalid when 2^b leaves
                // int32.
                crate::fpe::clear(crate::fpe::FpFlags::INVALID);
            }
            Ok(r)
        })
    }

    fn call_flagged(&self, args: &[Arg], out: Option<&Tensor>) -> Result<Tensor> {
        if let Some(o) = out {
            crate::ops::astype::check_writeable(self.name, o)?;
        }
        let operands: Vec<Operand> = args.iter().map(Arg::operand).collect();
        let plan = self.plan(&operands)?;
        let lp = &plan.lp;
        if let Some(o) = out {
            check_out_dtype(self.name, lp.out, o)?;
        }
        let device = self.device(args, out)?;
        let shapes: Vec<&[usize]> = args
            .iter()
            .map(|a| match a {
                Arg::Tensor(t) => t.shape(),
                Arg::Scalar(_) => &[],
            })
            .collect();
        let mut shape = broadcast_shapes(self.name, &shapes)?;
        if let Some(o) = out {
            shape = check_out_shape(self.name, &shape, o)?;
        }
        let result = match plan.decided {
            Some(v) => filled(v, &shape, device)?,
            None => {
                // Inputs in the loop dtypes (a cast makes a contiguous copy; same dtype is a
                // view).
                let ins: Vec<Tensor> = args
                    .iter()
                    .zip(&lp.ins)
                    .zip(&plan.takes)
                    .map(|((a, &d), &take)| match a {
                        Arg::Tensor(t) if t.dtype() == d => Ok(t.clone()),
                        Arg::Tensor(t) => crate::ops::astype::cast_unchecked(t, d),
                        Arg::Scalar(_) => scalars::element(self.name, take, d)?.to_device(device),
                    })
                    .collect::<Result<_>>()?;
                let k = Elementwise {
                    op: self.name,
                    cpu: self.kernel,
                    loops: crate::ops::registry::loops_of,
                };
                backend(device).map(&k, lp, &ins, &shape)?
            }
        };
        match out {
            None => Ok(result),
            Some(o) => {
                crate::ops::astype::copy_into(self.name, &result, o)?;
                Ok(o.clone())
            }
        }
    }
}

/// A fresh bool tensor of `shape` on `device` with every element `v`.
fn filled(v: bool, shape: &[usize], device: Device) -> Result<Tensor> {
    Tensor::scalar(v)
        .to_device(device)?
        .broadcast_to(shape)?
        .copy()
}

/// Checks an `out=` operand for a result of `shape` and dtype `dtype` as NumPy's ufuncs do:
/// the result must cast to its dtype under `same_kind` (checked first, as NumPy does) and
/// broadcast to its shape. Returns the shape the result is computed in (`out`'s).
pub fn check_out(
    op: &'static str,
    shape: &[usize],
    dtype: DType,
    o: &Tensor,
) -> Result<Vec<usize>> {
    check_out_dtype(op, dtype, o)?;
    check_out_shape(op, shape, o)
}

/// `out=`'s dtype: a result of `dtype` must cast to it under `same_kind`.
pub fn check_out_dtype(op: &'static str, dtype: DType, o: &Tensor) -> Result<()> {
    if can_cast(dtype, o.dtype(), Casting::SameKind) {
        Ok(())
    } else {
        Err(Error::Cast {
            op,
            from: dtype,
            to: o.dtype(),
            casting: Casting::SameKind.name(),
        })
    }
}

/// `out=`'s shape: the result's `shape` must broadcast to it; returns it.
pub fn check_out_shape(op: &'static str, shape: &[usize], o: &Tensor) -> Result<Vec<usize>> {
    let full = broadcast_shapes(op, &[shape, o.shape()]);
    if full.as_deref().ok() != Some(o.shape()) {
        return Err(Error::Shape {
            op,
            msg: format!(
                "non-broadcastable output operand with shape {:?} doesn't match the broadcast shape {:?}",
                o.shape(),
                full.unwrap_or(shape.to_vec())
            ),
        });
    }
    Ok(o.shape().to_vec())
}

impl Ufunc {
    /// The device every tensor operand (and `out`) is on; Python scalars go anywhere.
    fn device(&self, args: &[Arg], out: Option<&Tensor>) -> Result<Device> {
        let mut devices = args
            .iter()
            .filter_map(|a| match a {
                Arg::Tensor(t) => Some(t.device()),
                Arg::Scalar(_) => None,
            })
            .chain(out.map(|o| o.device()));
        let first = devices.next().unwrap_or(Device::Cpu);
        match devices.find(|&d| d != first) {
            None => Ok(first),
            Some(other) => Err(Error::Device {
                op: self.name,
                msg: format!("expected all operands on one device, found {first} and {other}"),
            }),
        }
    }
}
