//! The records of `numpy.fft.fftshift` and `ifftshift`: rolls by half of each axis, over
//! `axes=` (None for every axis, an int, or a sequence whose repeats add up). They ride on the
//! reduction family with NumPy's `axes=` keyword; every dtype, compared exactly (a roll moves
//! elements, it computes nothing).

use crate::kwargs::{self, Kw};
use crate::record::{KwSet, OpInfo, Precision, ReductionInfo};
use crate::samples::Sample;
use crate::ulp::UlpBound;
use backends::{DType, Error, Result, Tensor};

/// An int `axes=` (NumPy takes one here, unlike `fftn`), repeats and the empty tuple.
fn shift_sets(_: DType) -> Vec<KwSet> {
    vec![
        vec![("axes", Kw::Int(1))],
        vec![("axes", Kw::Int(-2))],
        vec![("axes", Kw::Ints(vec![0, 0]))],
        vec![("axes", Kw::Ints(vec![1, -1, 0]))],
        vec![("axes", Kw::Ints(vec![]))],
        vec![("axes", Kw::None)],
    ]
}

/// `np.fft.fftshift`-like: `axes=` None (every axis), an int or a sequence; the shape is kept.
const SHIFT: ReductionInfo = ReductionInfo {
    tuple_axis: true,
    axis_none_default: true,
    keepdims: false,
    dtype: false,
    initial: false,
    where_: false,
    where_needs_initial: false,
    cumulative: true,
    ordered: false,
    axes_keyword: true,
    extra_kwargs: shift_sets,
    base_kwargs: crate::record::no_base_kwargs,
};

/// The engine call: `(x, axes)`.
type Shift = fn(&Tensor, Option<&[isize]>) -> Result<Tensor>;

/// Calls `f` with the sample's array and `axes`.
fn call(op: &OpInfo, s: &Sample, f: Shift) -> Result<Vec<Tensor>> {
    crate::statistics::only(op.name, s, &["axes"])?;
    let x = s.tensor(0).ok_or(Error::Type {
        op: op.name,
        msg: "the first argument must be an array".into(),
    })?;
    let axes: Option<Vec<isize>> = match kwargs::get(&s.kwargs, "axes") {
        None | Some(Kw::None) => None,
        Some(Kw::Int(a)) => Some(vec![*a as isize]),
        Some(Kw::Ints(v)) => Some(v.iter().map(|&a| a as isize).collect()),
        Some(v) => {
            return Err(Error::Type {
                op: op.name,
                msg: format!("axes={} is not an int or a sequence", kwargs::show(v)),
            })
        }
    };
    f(x, axes.as_deref()).map(|t| vec![t])
}

/// One shift's record.
fn record(name: &'static str, engine: crate::record::EngineFn) -> OpInfo {
    let mut r = crate::reductions::red(name, &DType::ALL, SHIFT, engine).without_out();
    r.precision = Precision::Ulp(UlpBound::EXACT);
    r
}

/// The `fftshift` and `ifftshift` records.
pub fn records() -> Vec<OpInfo> {
    vec![
        record("fft.fftshift", |op, s| call(op, s, Tensor::fftshift)),
        record("fft.ifftshift", |op, s| call(op, s, Tensor::ifftshift)),
    ]
}
