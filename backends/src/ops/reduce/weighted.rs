//! `np.average` (weights, returned): written as NumPy writes it — mean, or sums of the
//! weighted products and of the weights in NumPy's result dtype — so intermediate roundings
//! match.

use crate::dtype::DType;
use crate::error::{Error, Result};
use crate::ops::compose::{call, float, t};
use crate::ops::reduce::axis::{Axis, ReduceArgs};
use crate::promotion::{promote_types, Casting};
use crate::tensor::Tensor;

fn args(axis: &Axis, keepdims: bool, dtype: Option<DType>) -> ReduceArgs {
    ReduceArgs {
        axis: axis.clone(),
        keepdims,
        dtype,
        ..ReduceArgs::default()
    }
}

/// True for every element (a host-side check of a reduced bool).
fn any_true(x: &Tensor) -> Result<bool> {
    let r = x.any(&ReduceArgs::default())?;
    let v = r.to_device(crate::storage::Device::Cpu)?.to_vec::<bool>()?;
    Ok(v.first().copied().unwrap_or(false))
}

impl Tensor {
    /// `np.average(self, axis, weights, returned, keepdims)`: the average, and with `returned`
    /// also the sum of the weights (the element count without weights) broadcast to its shape.
    /// Weights of another shape must be 1-D along a single `axis`, as NumPy requires; weights
    /// summing to zero raise ZeroDivisionError.
    pub fn average(
        &self,
        axis: &Axis,
        weights: Option<&Tensor>,
        returned: bool,
        keepdims: bool,
    ) -> Result<Vec<Tensor>> {
        crate::fpe::call("average", || {
            const OP: &str = "average";
            // NumPy normalises the axes first (`normalize_axis_tuple(axis, a.ndim)`), so a bad
            // axis is an AxisError before any weight is looked at, and an int axis is refused on
            // a 0-d input.
            match axis {
                Axis::All => {}
                Axis::One(a) => {
                    crate::layout::normalize_axis(OP, *a, self.ndim())?;
                }
                Axis::Many(v) => {
                    for &a in v {
                        crate::layout::normalize_axis(OP, a, self.ndim())?;
                    }
                }
            }
            let (avg, scl) = match weights {
                None => {
                    let avg = self.mean(&args(axis, keepdims, None))?;
                    let n = self.numel();
                    let m = avg.numel();
                    if m == 0 {
                        return Err(Error::ZeroDivision {
                            op: OP,
                            msg: "division by zero".into(),
                        });
                    }
                    let count = Tensor::from_vec(vec![n as f64 / m as f64], &[])?
                        .astype(avg.dtype(), Casting::Unsafe)?
                        .to_device(avg.device())?;
                    (avg, count)
                }
                Some(w) => {
                    let d = self.dtype();
                    let rd = if d.is_integer() || d.is_bool() {
                        promote_types(promote_types(d, w.dtype()), DType::F64)
                    } else {
                        promote_types(d, w.dtype())
                    };
                    let w = if w.shape() == self.shape() {
                        w.clone()
                    } else {
                        let axes: Vec<isize> = match axis {
                            Axis::All => return Err(Error::Type {
                                op: OP,
                                msg: "Axis must be specified when shapes of a and weights differ."
                                    .into(),
                            }),
                            Axis::One(a) => vec![*a],
                            Axis::Many(v) => v.clone(),
                        };
                        let axes: Vec<usize> = axes
                            .iter()
                            .map(|&a| crate::layout::normalize_axis(OP, a, self.ndim()))
                            .collect::<Result<_>>()?;
                        let along: Vec<usize> = axes.iter().map(|&a| self.shape()[a]).collect();
                        if w.shape() != along.as_slice() {
                            return Err(Error::Value {
                                op: OP,
                                msg: "Shape of weights must be consistent with shape of a along \
                                  specified axis."
                                    .into(),
                            });
                        }
                        // NumPy: wgt.transpose(argsort(axis)), then 1 on every other axis.
                        let mut order: Vec<usize> = (0..axes.len()).collect();
                        order.sort_by_key(|&i| axes[i]);
                        let wt = w.permute(Some(&order))?;
                        let shape: Vec<isize> = (0..self.ndim())
                            .map(|i| {
                                if axes.contains(&i) {
                                    self.shape()[i] as isize
                                } else {
                                    1
                                }
                            })
                            .collect();
                        wt.reshape(&shape)?
                    };
                    let scl = w.sum(&args(axis, keepdims, Some(rd)))?;
                    let zero = call("equal", &[t(&scl), float(0.0)])?;
                    if any_true(&zero)? {
                        return Err(Error::ZeroDivision {
                            op: OP,
                            msg: "Weights sum to zero, can't be normalized".into(),
                        });
                    }
                    let a = self.astype(rd, Casting::Unsafe)?;
                    let wr = w.astype(rd, Casting::Unsafe)?;
                    let prod = call("multiply", &[t(&a), t(&wr)])?;
                    let num = prod.sum(&args(axis, keepdims, None))?;
                    (call("divide", &[t(&num), t(&scl)])?, scl)
                }
            };
            if !returned {
                return Ok(vec![avg]);
            }
            let scl = if scl.shape() == avg.shape() {
                scl
            } else {
                scl.broadcast_to(avg.shape())?.copy()?
            };
            Ok(vec![avg, scl])
        })
    }
}
