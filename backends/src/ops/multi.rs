//! Ufuncs with several outputs — `divmod`, `frexp`, `modf` — as one single-output ufunc per
//! output over the same input loop. Each part is an ordinary ufunc with its own loop table and
//! kernels (so every device gets them from the same declaration); this module adds NumPy's
//! calling convention: a tuple of results, and `out=` as a tuple with one entry per output.

use crate::error::{Error, Result};
use crate::ops::registry::ufunc;
use crate::ops::ufunc::{check_out, check_out_dtype, check_out_shape, Arg, Ufunc};
use crate::promotion::Operand;
use crate::tensor::Tensor;

/// A NumPy ufunc with `parts.len()` outputs.
pub struct MultiUfunc {
    /// NumPy name.
    pub name: &'static str,
    /// The single-output ufunc computing each output, in NumPy's output order.
    pub parts: &'static [&'static str],
}

/// Every multi-output ufunc.
pub const MULTI_UFUNCS: &[MultiUfunc] = &[
    // NumPy's divmod loop computes floor_divide's and remainder's values (npy_divmod).
    MultiUfunc {
        name: "divmod",
        parts: &["floor_divide", "remainder"],
    },
    MultiUfunc {
        name: "frexp",
        parts: &["frexp_mantissa", "frexp_exponent"],
    },
    MultiUfunc {
        name: "modf",
        parts: &["modf_fractional", "modf_integral"],
    },
];

/// The multi-output ufunc named `name`, if any.
pub fn multi_ufunc(name: &str) -> Option<&'static MultiUfunc> {
    MULTI_UFUNCS.iter().find(|m| m.name == name)
}

impl MultiUfunc {
    /// Number of outputs.
    pub fn nout(&self) -> usize {
        self.parts.len()
    }

    /// The ufunc computing output `i`.
    pub fn part(&self, i: usize) -> Result<&'static Ufunc> {
        self.parts
            .get(i)
            .and_then(|p| ufunc(p))
            .ok_or(Error::Unsupported {
                op: self.name,
                msg: format!("output {i} has no implementation"),
            })
    }

    /// `np.<name>(*args, out=out)`: every output, in order. `out` is empty (fresh results) or
    /// holds one tensor per output. The checks come in NumPy's order — any read-only `out=`,
    /// then the loop (and the Python scalars' values), then every `out=`'s dtype, then shapes —
    /// and all of them before anything is written, so a refused call leaves every `out=`
    /// untouched.
    pub fn call(&self, args: &[Arg], out: &[Tensor]) -> Result<Vec<Tensor>> {
        if !out.is_empty() && out.len() != self.nout() {
            return Err(Error::Value {
                op: self.name,
                msg: "The 'out' tuple must have exactly one entry per ufunc output".into(),
            });
        }
        for o in out {
            crate::ops::astype::check_writeable(self.name, o)?;
        }
        let operands: Vec<Operand> = args.iter().map(Arg::operand).collect();
        for (i, o) in out.iter().enumerate() {
            let lp = self.part(i)?.resolve(&operands)?;
            check_out_dtype(self.name, lp.out, o)?;
        }
        let results: Vec<Tensor> = (0..self.nout())
            .map(|i| self.part(i)?.call(args, None))
            .collect::<Result<_>>()?;
        if out.is_empty() {
            return Ok(results);
        }
        // NumPy broadcasts the inputs with every output, and each output must have that
        // whole shape: `np.frexp(0-d, out=(shape (0,), shape ()))` refuses the 0-d one.
        let mut full = results[0].shape().to_vec();
        for o in out {
            full = check_out_shape(self.name, &full, o)?;
        }
        for (r, o) in results.iter().zip(out) {
            check_out(self.name, &full, r.dtype(), o)?;
        }
        for (r, o) in results.iter().zip(out) {
            crate::ops::astype::copy_into(self.name, &r.broadcast_to(o.shape())?, o)?;
        }
        Ok(out.to_vec())
    }
}

/// `np.<name>(*args, out=out)` for any ufunc, single- or multi-output: every output.
pub fn call(name: &'static str, args: &[Arg], out: &[Tensor]) -> Result<Vec<Tensor>> {
    if let Some(m) = multi_ufunc(name) {
        return m.call(args, out);
    }
    let u = ufunc(name).ok_or(Error::Unsupported {
        op: name,
        msg: "not implemented".into(),
    })?;
    match out {
        [] => u.call(args, None).map(|t| vec![t]),
        [o] => u.call(args, Some(o)).map(|t| vec![t]),
        _ => Err(Error::Value {
            op: name,
            msg: "The 'out' tuple must have exactly one entry per ufunc output".into(),
        }),
    }
}

/// The ufunc whose loop table decides `name`'s input loop: itself, or a multi-output ufunc's
/// first part.
pub fn loop_ufunc(name: &str) -> Option<&'static Ufunc> {
    ufunc(name).or_else(|| multi_ufunc(name).and_then(|m| m.part(0).ok()))
}

impl Tensor {
    /// `np.divmod(self, other)`: `(floor_divide, remainder)`.
    pub fn divmod(&self, other: impl Into<Arg>) -> Result<(Tensor, Tensor)> {
        pair(call("divmod", &[Arg::from(self), other.into()], &[])?)
    }
    /// `np.frexp(self)`: `(mantissa, exponent)`, the exponent as int32.
    pub fn frexp(&self) -> Result<(Tensor, Tensor)> {
        pair(call("frexp", &[Arg::from(self)], &[])?)
    }
    /// `np.modf(self)`: `(fractional part, integral part)`.
    pub fn modf(&self) -> Result<(Tensor, Tensor)> {
        pair(call("modf", &[Arg::from(self)], &[])?)
    }
}

fn pair(v: Vec<Tensor>) -> Result<(Tensor, Tensor)> {
    let mut it = v.into_iter();
    match (it.next(), it.next()) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(Error::Value {
            op: "ufunc",
            msg: "expected two outputs".into(),
        }),
    }
}
