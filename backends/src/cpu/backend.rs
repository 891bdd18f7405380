//! The host [`Backend`]: elementwise maps through the op's typed CPU kernel, casts and
//! cast-scatters through the strided walker, reductions through the request's host
//! implementation.

use super::{cast_one, map1, scatter_cast};
use crate::backend::{Backend, Elementwise, Loop, Reduction, View};
use crate::dtype::DType;
use crate::element::Element;
use crate::error::Result;
use crate::tensor::Tensor;

/// The host device.
pub struct Cpu;

impl Backend for Cpu {
    fn map(&self, k: &Elementwise, lp: &Loop, ins: &[Tensor], shape: &[usize]) -> Result<Tensor> {
        let guards: Vec<_> = ins.iter().map(|t| t.storage()).collect::<Result<_>>()?;
        let views: Vec<View<'_>> = ins
            .iter()
            .zip(&guards)
            .map(|(t, g)| {
                Ok(View {
                    data: g,
                    layout: t.layout().broadcast_to(shape)?,
                })
            })
            .collect::<Result<_>>()?;
        let result = (k.cpu)(k.op, lp, &views)?;
        debug_assert_eq!(result.dtype(), lp.out);
        Ok(Tensor::from_contiguous(result, shape))
    }

    fn cast(&self, t: &Tensor, d: DType) -> Result<Tensor> {
        let s = t.storage()?;
        let out = crate::with_dtype!(t.dtype(), S, {
            let src = S::slice(&s);
            crate::with_dtype!(
                d,
                D,
                D::into_storage(map1(src, t.layout(), cast_one::<S, D>)?)
            )
        });
        Ok(Tensor::from_contiguous(out, t.shape()))
    }

    fn cast_into(&self, _op: &'static str, src: &Tensor, dst: &Tensor) -> Result<()> {
        // The host scatter reads the source in C order, so it must be contiguous.
        let src = src.contiguous()?;
        let s = src.storage()?;
        let mut d = dst.storage_mut()?;
        crate::with_dtype!(src.dtype(), S, {
            let sv = S::slice(&s);
            crate::with_dtype!(
                dst.dtype(),
                D,
                scatter_cast::<S, D>(sv, D::slice_mut(&mut d), dst.layout())
            )
        });
        Ok(())
    }

    fn reduce(&self, r: &Reduction<'_>) -> Result<Tensor> {
        (r.cpu)(r)
    }
}
